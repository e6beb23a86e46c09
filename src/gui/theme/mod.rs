//! The look in one place: the design's tokens (colours for light and dark, spacing, corners, the
//! type scale), the component styles built from them, and the mapping from the learner's setting to
//! an iced theme.

pub mod motion;
pub mod style;
#[cfg(test)]
mod tests;
pub mod tokens;

pub use style::{
    OptionState, card, chip, danger, danger_confirm, editor, featured, ghost, input, list_row,
    option_idle, option_row, overlay, panel, primary, progress, progress_right, scrim, secondary,
    select, verdict_card,
};
pub use tokens::Tokens;

use iced::theme::Palette;
use iced::theme::palette::{self, Pair};
use iced::widget::text;
use iced::{Color, Font, Theme, font};
use std::sync::LazyLock;

pub const FONT_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/ChangchunSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/ChangchunSans-Bold.ttf");

/// DejaVu Sans cut down to Latin (with macrons: Gotō), Greek, Cyrillic (Russian names), punctuation and
/// symbols (`scripts/subset-fonts.py`), which keeps the copy iced makes of it small; CJK falls back to
/// system fonts.
pub const TEXT: Font = Font::with_name("Changchun Sans");
pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..TEXT
};

// Spacing on a 4 px grid.
pub const SPACE_XS: f32 = 4.0;
pub const SPACE_S: f32 = 8.0;
pub const SPACE_M: f32 = 12.0;
pub const SPACE_L: f32 = 24.0;
pub const SPACE_XL: f32 = 32.0;
pub const PAGE_PADDING: f32 = 24.0;
/// Inside cards and panels.
pub const CARD_PADDING: f32 = 16.0;
/// Readable line length for questions and explanations (about 70 characters of question text).
pub const CONTENT_WIDTH: f32 = 760.0;

/// Corners: cards and buttons, and inputs.
pub const RADIUS: f32 = 8.0;
pub const RADIUS_INPUT: f32 = 6.0;
/// Button padding: vertical, horizontal.
pub const BUTTON_PADDING: [f32; 2] = [8.0, 16.0];

// The type scale. The learner's text size setting scales all of it (and every length) together.
/// Fine print; nothing is smaller.
pub const SIZE_FINE: f32 = 12.0;
/// Labels, counts, sources, hints.
pub const SIZE_SMALL: f32 = 14.0;
/// Body text and options.
pub const SIZE_BODY: f32 = 17.0;
pub const SIZE_QUESTION: f32 = 22.0;
pub const SIZE_TITLE: f32 = 28.0;
/// Text at this size or more counts as large (WCAG: 18 pt is 24 px; 14 pt bold is about 19 px).
pub const SIZE_LARGE: f32 = 24.0;

// Fill colours for charts, one set for both themes (a chart's data is worked out once): each lies
// between a token's light and dark shade and shows at 3:1 or more on every background of either
// theme (the tests compute it). Text never uses them: text takes a [`Tone`] below.
pub const NEW: Color = Color::from_rgb8(0x4C, 0x74, 0xE0);
pub const RIGHT: Color = Color::from_rgb8(0x35, 0x92, 0x53);
pub const REVIEW: Color = RIGHT;
pub const LEARNING: Color = Color::from_rgb8(0xBB, 0x64, 0x2A);
pub const ALMOST: Color = Color::from_rgb8(0xA6, 0x76, 0x1B);
pub const WRONG: Color = Color::from_rgb8(0xCA, 0x44, 0x3B);
/// Every chart fill, for the contrast tests.
pub const CHART_FILLS: [Color; 5] = [NEW, RIGHT, LEARNING, ALMOST, WRONG];

/// A text colour that carries a meaning, in one shade for light themes and one for dark ones: the
/// tokens' shades, each readable at 4.5:1 or more (WCAG AA) on every background of its theme; the
/// tests compute it. Meaning is never carried by colour alone: every verdict also has a word or
/// symbol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tone {
    pub light: Color,
    pub dark: Color,
}

impl Tone {
    pub fn on(self, theme: &Theme) -> Color {
        if theme.extended_palette().is_dark {
            self.dark
        } else {
            self.light
        }
    }
}

/// The tone of one token: its light and dark shades.
macro_rules! tone {
    ($token:ident) => {
        Tone {
            light: tokens::LIGHT.$token,
            dark: tokens::DARK.$token,
        }
    };
}

pub const TEXT_TONE: Tone = tone!(text);
pub const MUTED_TONE: Tone = tone!(muted);
pub const ACCENT_TONE: Tone = tone!(accent);
pub const RIGHT_TONE: Tone = tone!(right);
pub const WRONG_TONE: Tone = tone!(wrong);
pub const ALMOST_TONE: Tone = tone!(almost);
pub const NEW_TONE: Tone = ACCENT_TONE;
pub const LEARNING_TONE: Tone = tone!(learning);
pub const REVIEW_TONE: Tone = RIGHT_TONE;

/// Every tone, for the contrast tests.
pub const TONES: [Tone; 9] = [
    TEXT_TONE,
    MUTED_TONE,
    ACCENT_TONE,
    RIGHT_TONE,
    WRONG_TONE,
    ALMOST_TONE,
    NEW_TONE,
    LEARNING_TONE,
    REVIEW_TONE,
];

fn toned(theme: &Theme, tone: Tone) -> text::Style {
    text::Style {
        color: Some(tone.on(theme)),
    }
}

/// Text styles for `text(…).style(…)`.
pub fn right_text(theme: &Theme) -> text::Style {
    toned(theme, RIGHT_TONE)
}
pub fn wrong_text(theme: &Theme) -> text::Style {
    toned(theme, WRONG_TONE)
}
pub fn almost_text(theme: &Theme) -> text::Style {
    toned(theme, ALMOST_TONE)
}
pub fn new_text(theme: &Theme) -> text::Style {
    toned(theme, NEW_TONE)
}
pub fn learning_text(theme: &Theme) -> text::Style {
    toned(theme, LEARNING_TONE)
}
pub fn review_text(theme: &Theme) -> text::Style {
    toned(theme, REVIEW_TONE)
}
pub fn muted_text(theme: &Theme) -> text::Style {
    toned(theme, MUTED_TONE)
}
pub fn accent_text(theme: &Theme) -> text::Style {
    toned(theme, ACCENT_TONE)
}

/// An iced theme built on the tokens, so that the widgets left to iced's own styles (sliders,
/// checkboxes, scrollbars, menus) take the same colours.
fn build(name: &'static str, t: &'static Tokens) -> Theme {
    Theme::custom_with_fn(
        name,
        Palette {
            background: t.bg,
            text: t.text,
            primary: t.accent,
            success: t.right,
            warning: t.almost,
            danger: t.wrong,
        },
        |palette| {
            let mut p = palette::Extended::generate(palette);
            p.background.weakest = Pair::new(t.surface, t.text);
            p.background.weak = Pair::new(t.surface2, t.text);
            p.background.strong = Pair::new(t.outline, t.text);
            p.primary.base = Pair::new(t.accent, t.on_accent);
            p.danger.base = Pair::new(t.wrong, t.on_wrong);
            // iced draws placeholders in the secondary colour: muted reads at 4.5:1 or more.
            p.secondary.base = Pair::new(t.muted, t.bg);
            p
        },
    )
}

static LIGHT: LazyLock<Theme> = LazyLock::new(|| build("Light", &tokens::LIGHT));
static DARK: LazyLock<Theme> = LazyLock::new(|| build("Dark", &tokens::DARK));

pub fn light() -> Theme {
    LIGHT.clone()
}

pub fn dark() -> Theme {
    DARK.clone()
}

/// The theme for a setting. "System" takes our light or dark palette after the system's mode, so
/// that its colours keep their measured contrast too (light where the system says nothing).
pub fn for_setting(choice: crate::settings::Theme, system: iced::theme::Mode) -> Theme {
    use crate::settings::Theme as Choice;
    match (choice, system) {
        (Choice::Dark, _) | (Choice::System, iced::theme::Mode::Dark) => dark(),
        _ => light(),
    }
}

/// The muted text colour of the theme.
pub fn muted(theme: &Theme) -> Color {
    tokens::of(theme).muted
}

/// The WCAG contrast ratio of a text colour over a background: 1 to 21. A translucent text colour is
/// first laid over the background, as it is drawn.
pub fn contrast(text: Color, background: Color) -> f32 {
    let over = |t: f32, b: f32| t * text.a + b * (1.0 - text.a);
    let shown = Color::from_rgb(
        over(text.r, background.r),
        over(text.g, background.g),
        over(text.b, background.b),
    );
    let (a, b) = (luminance(shown), luminance(background));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Relative luminance of an sRGB colour (WCAG 2).
fn luminance(c: Color) -> f32 {
    let channel = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}
