//! Colours, spacing and sizes in one place, and the mapping from the learner's setting to an iced theme.

use iced::theme::Palette;
use iced::widget::text;
use iced::{Color, Font, Theme, font};
use std::sync::LazyLock;

pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/ChangchunSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/ChangchunSans-Bold.ttf");

/// DejaVu Sans cut down to Latin (with macrons: Gotō), Greek, Cyrillic (Russian names), punctuation and
/// symbols (`scripts/subset-fonts.py`), which keeps the copy iced makes of it small; CJK falls back to
/// system fonts.
pub const TEXT: Font = Font::with_name("Changchun Sans");
pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..TEXT
};

pub const SPACE_S: f32 = 6.0;
pub const SPACE_M: f32 = 12.0;
pub const SPACE_L: f32 = 20.0;
pub const PAGE_PADDING: f32 = 24.0;
/// Readable line length for questions and explanations.
pub const CONTENT_WIDTH: f32 = 760.0;

pub const SIZE_SMALL: f32 = 13.0;
pub const SIZE_BODY: f32 = 16.0;
pub const SIZE_QUESTION: f32 = 22.0;
pub const SIZE_TITLE: f32 = 28.0;

// Fill colours for charts and bars. Text never uses them: text takes a [`Tone`] below.
pub const RIGHT: Color = Color::from_rgb(0.16, 0.62, 0.33);
pub const WRONG: Color = Color::from_rgb(0.85, 0.24, 0.22);
pub const ALMOST: Color = Color::from_rgb(0.90, 0.60, 0.10);
pub const NEW: Color = Color::from_rgb(0.22, 0.47, 0.85);
pub const LEARNING: Color = Color::from_rgb(0.85, 0.35, 0.25);
pub const REVIEW: Color = Color::from_rgb(0.18, 0.60, 0.35);

/// A text colour that carries a meaning, in one shade for light themes and one for dark ones, each
/// readable at 4.5:1 or more (WCAG AA) on its theme's backgrounds; the tests compute it. Meaning is
/// never carried by colour alone: every verdict also has a word or symbol.
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

pub const RIGHT_TONE: Tone = Tone {
    light: Color::from_rgb8(0x1B, 0x6E, 0x3A),
    dark: Color::from_rgb8(0x6F, 0xD0, 0x8C),
};
pub const WRONG_TONE: Tone = Tone {
    light: Color::from_rgb8(0xB3, 0x26, 0x1E),
    dark: Color::from_rgb8(0xFF, 0xA8, 0xA0),
};
pub const ALMOST_TONE: Tone = Tone {
    light: Color::from_rgb8(0x8A, 0x53, 0x00),
    dark: Color::from_rgb8(0xFF, 0xC2, 0x66),
};
pub const NEW_TONE: Tone = Tone {
    light: Color::from_rgb8(0x1F, 0x5F, 0xBF),
    dark: Color::from_rgb8(0xA8, 0xC8, 0xFA),
};
pub const LEARNING_TONE: Tone = Tone {
    light: Color::from_rgb8(0xA8, 0x40, 0x1F),
    dark: Color::from_rgb8(0xFF, 0xA8, 0x8C),
};
pub const REVIEW_TONE: Tone = RIGHT_TONE;

/// Every tone, for the contrast tests.
pub const TONES: [Tone; 6] = [
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
    text::Style {
        color: Some(muted(theme)),
    }
}

/// iced's light and dark palettes with a deeper blue, so that white labels on primary buttons read at
/// 4.5:1 or more (iced's own blue gives 4.4:1).
const PRIMARY: Color = Color::from_rgb8(0x47, 0x52, 0xC4);

static LIGHT: LazyLock<Theme> = LazyLock::new(|| {
    Theme::custom(
        "Light",
        Palette {
            primary: PRIMARY,
            ..Palette::LIGHT
        },
    )
});

static DARK: LazyLock<Theme> = LazyLock::new(|| {
    Theme::custom(
        "Dark",
        Palette {
            primary: PRIMARY,
            ..Palette::DARK
        },
    )
});

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

/// A muted text colour that reads on both light and dark backgrounds (4.5:1 or more).
pub fn muted(theme: &Theme) -> Color {
    let p = theme.extended_palette();
    p.background.strong.text.scale_alpha(0.75)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_setting_takes_our_palettes_so_buttons_keep_their_contrast() {
        use crate::settings::Theme as Choice;
        use iced::theme::Mode;
        let name = |t: Theme| t.to_string();
        assert_eq!(name(for_setting(Choice::System, Mode::Dark)), name(dark()));
        assert_eq!(
            name(for_setting(Choice::System, Mode::Light)),
            name(light())
        );
        assert_eq!(name(for_setting(Choice::System, Mode::None)), name(light()));
        assert_eq!(name(for_setting(Choice::Light, Mode::Dark)), name(light()));
        assert_eq!(name(for_setting(Choice::Dark, Mode::Light)), name(dark()));
        let primary = for_setting(Choice::System, Mode::None).palette().primary;
        assert!(contrast(Color::WHITE, primary) >= 4.5);
    }

    /// The backgrounds coloured text is drawn on: the page, and the boxes on it.
    fn backgrounds(theme: &Theme) -> [Color; 2] {
        let p = theme.extended_palette();
        [p.background.base.color, p.background.weak.color]
    }

    #[test]
    fn contrast_matches_known_pairs() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1.
        let grey = Color::from_rgb8(0x76, 0x76, 0x76);
        assert!((contrast(grey, Color::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_tone_and_muted_text_reads_at_4_5_to_1_on_every_background() {
        for theme in [light(), dark()] {
            for background in backgrounds(&theme) {
                for tone in TONES {
                    let ratio = contrast(tone.on(&theme), background);
                    assert!(
                        ratio >= 4.5,
                        "{tone:?} on {background:?} ({theme}): {ratio:.2}:1"
                    );
                }
                let ratio = contrast(muted(&theme), background);
                assert!(
                    ratio >= 4.5,
                    "muted on {background:?} ({theme}): {ratio:.2}:1"
                );
                let body = theme.palette().text;
                assert!(contrast(body, background) >= 4.5, "body text ({theme})");
            }
            // Button labels on the buttons the app uses.
            let p = theme.extended_palette();
            for (name, pair) in [
                ("primary", p.primary.base),
                ("secondary", p.secondary.base),
                ("danger", p.danger.base),
            ] {
                let ratio = contrast(pair.text, pair.color);
                assert!(ratio >= 4.5, "{name} button ({theme}): {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn the_old_colours_failed_the_same_test() {
        // The test above can fail: the orange and green of the first palette read at 2.4 and 3.4 to 1.
        assert!(contrast(ALMOST, Color::WHITE) < 4.5);
        assert!(contrast(RIGHT, Color::WHITE) < 4.5);
    }
}
