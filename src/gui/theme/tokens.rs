//! The design's colour tokens, one set for the light theme and one for the dark. Every colour the
//! app draws comes from here; the contrast tests in `tests.rs` compute every pairing from these
//! constants, so the palette cannot drift below what it promises.

use iced::{Color, Theme};

/// The colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tokens {
    /// The window.
    pub bg: Color,
    /// Cards, panels, inputs, option rows.
    pub surface: Color,
    /// Secondary buttons, chips at rest, table stripes, progress tracks.
    pub surface2: Color,
    /// 1 px borders of cards and panels: decoration, never the only signal.
    pub border: Color,
    /// The edge of a control the learner acts on (inputs, option rows, chips): 3:1 or more on
    /// every background, so the control can be found without its label.
    pub outline: Color,
    /// Body text.
    pub text: Color,
    /// Labels, sources, hints.
    pub muted: Color,
    /// The one primary action per screen, the focus ring, selection, new cards.
    pub accent: Color,
    /// Text on an accent fill.
    pub on_accent: Color,
    /// Right answers, cards in review.
    pub right: Color,
    /// Wrong answers, destructive actions.
    pub wrong: Color,
    /// Text on a wrong fill (the confirm step of a destructive action).
    pub on_wrong: Color,
    /// Accepted with a slip.
    pub almost: Color,
    /// Cards in learning.
    pub learning: Color,
}

pub const LIGHT: Tokens = Tokens {
    bg: Color::from_rgb8(0xFA, 0xFA, 0xF7),
    surface: Color::from_rgb8(0xFF, 0xFF, 0xFF),
    surface2: Color::from_rgb8(0xF1, 0xF0, 0xEC),
    border: Color::from_rgb8(0xD9, 0xD7, 0xD0),
    outline: Color::from_rgb8(0x85, 0x82, 0x7A),
    text: Color::from_rgb8(0x1C, 0x1B, 0x19),
    muted: Color::from_rgb8(0x5C, 0x5A, 0x55),
    accent: Color::from_rgb8(0x2F, 0x5B, 0xD3),
    on_accent: Color::from_rgb8(0xFF, 0xFF, 0xFF),
    right: Color::from_rgb8(0x1E, 0x7A, 0x3C),
    wrong: Color::from_rgb8(0xB3, 0x26, 0x1E),
    on_wrong: Color::from_rgb8(0xFF, 0xFF, 0xFF),
    almost: Color::from_rgb8(0x8A, 0x5A, 0x00),
    learning: Color::from_rgb8(0xA4, 0x49, 0x0E),
};

pub const DARK: Tokens = Tokens {
    bg: Color::from_rgb8(0x16, 0x16, 0x15),
    surface: Color::from_rgb8(0x1F, 0x1F, 0x1D),
    surface2: Color::from_rgb8(0x2A, 0x2A, 0x27),
    border: Color::from_rgb8(0x3A, 0x39, 0x35),
    outline: Color::from_rgb8(0x80, 0x7D, 0x75),
    text: Color::from_rgb8(0xED, 0xEB, 0xE6),
    muted: Color::from_rgb8(0xA8, 0xA5, 0x9E),
    accent: Color::from_rgb8(0x8F, 0xB0, 0xFF),
    on_accent: Color::from_rgb8(0x10, 0x13, 0x1A),
    right: Color::from_rgb8(0x6C, 0xCB, 0x8A),
    wrong: Color::from_rgb8(0xFF, 0x8A, 0x80),
    on_wrong: Color::from_rgb8(0x10, 0x13, 0x1A),
    almost: Color::from_rgb8(0xE8, 0xB6, 0x5A),
    learning: Color::from_rgb8(0xF2, 0xA4, 0x6B),
};

/// The tokens of the theme in use.
pub fn of(theme: &Theme) -> &'static Tokens {
    if theme.extended_palette().is_dark {
        &DARK
    } else {
        &LIGHT
    }
}

/// `base` moved `amount` (0–1) of the way towards `toward`: tints, hover and pressed shades.
pub fn mix(base: Color, toward: Color, amount: f32) -> Color {
    let m = |a: f32, b: f32| a + (b - a) * amount;
    Color {
        r: m(base.r, toward.r),
        g: m(base.g, toward.g),
        b: m(base.b, toward.b),
        a: base.a,
    }
}

/// Hover lightens a fill by 6 %, pressing darkens it by 6 %.
pub const STATE_SHIFT: f32 = 0.06;

pub fn hovered(fill: Color) -> Color {
    mix(fill, Color::WHITE, STATE_SHIFT)
}

pub fn pressed(fill: Color) -> Color {
    mix(fill, Color::BLACK, STATE_SHIFT)
}

/// A disabled control is drawn at 40 % opacity (the reason is said beside it).
pub const DISABLED_ALPHA: f32 = 0.4;

/// How much of a verdict or selection colour tints an option row or chip.
pub const TINT: f32 = 0.10;
