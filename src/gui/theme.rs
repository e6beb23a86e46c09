//! Colours, spacing and sizes in one place, and the mapping from the learner's setting to an iced theme.

use iced::{Color, Font, Theme, font};

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

pub const RIGHT: Color = Color::from_rgb(0.16, 0.62, 0.33);
pub const WRONG: Color = Color::from_rgb(0.85, 0.24, 0.22);
pub const ALMOST: Color = Color::from_rgb(0.90, 0.60, 0.10);
pub const NEW: Color = Color::from_rgb(0.22, 0.47, 0.85);
pub const LEARNING: Color = Color::from_rgb(0.85, 0.35, 0.25);
pub const REVIEW: Color = Color::from_rgb(0.18, 0.60, 0.35);

/// The theme for a setting; `None` follows the system's light or dark mode.
pub fn for_setting(choice: crate::settings::Theme) -> Option<Theme> {
    use crate::settings::Theme as Choice;
    match choice {
        Choice::Light => Some(Theme::Light),
        Choice::Dark => Some(Theme::Dark),
        Choice::System => None,
    }
}

/// A muted text colour that reads on both light and dark backgrounds.
pub fn muted(theme: &Theme) -> Color {
    let p = theme.extended_palette();
    p.background.strong.text.scale_alpha(0.75)
}
