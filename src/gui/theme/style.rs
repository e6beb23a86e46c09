//! Component styles, each a function a widget's `.style(…)` takes. Colours come from the tokens only.
//!
//! Focus: everything Tab reaches shows a 2 px accent ring while it has focus. Text inputs and text
//! editors draw it as their edge; buttons, checkboxes, togglers and radio buttons (wrapped in
//! `widget::focus`) draw it around themselves ([`focus_ring`]), a small gap outside their edge so
//! that it shows on an accent fill too. Sliders and pick lists, which iced 0.14 gives no focus, are wrapped the
//! same way (`widget::slider`, `widget::pick_list`); a pick list also draws the ring while open.

use super::tokens::{self, DISABLED_ALPHA, TINT, Tokens, hovered, mix, pressed};
use super::{RADIUS, RADIUS_INPUT};
use iced::widget::{button, container, pick_list, progress_bar, text_editor, text_input};
use iced::{Background, Border, Color, Rectangle, Shadow, Theme, Vector};

/// The width of the focus ring and of a verdict or selection edge.
pub const RING: f32 = 2.0;
/// The gap between a focused element's edge and its ring.
pub const RING_GAP: f32 = 2.0;

/// The focus ring around an element with keyboard focus: where it is drawn and its edge (2 px of
/// accent, round as the element's corners), with the gap showing the ground between.
pub fn focus_ring(theme: &Theme, element: Rectangle) -> (Rectangle, Border) {
    let outset = RING_GAP + RING;
    (
        element.expand(outset),
        border(tokens::of(theme).accent, RING, RADIUS + outset),
    )
}

fn border(color: Color, width: f32, radius: f32) -> Border {
    Border {
        color,
        width,
        radius: radius.into(),
    }
}

fn faded(mut style: button::Style) -> button::Style {
    style.text_color = style.text_color.scale_alpha(DISABLED_ALPHA);
    style.background = style.background.map(|b| b.scale_alpha(DISABLED_ALPHA));
    style.border.color = style.border.color.scale_alpha(DISABLED_ALPHA);
    style
}

/// A filled button: its fill, lighter on hover, darker pressed, faded when disabled.
fn filled(fill: Color, label: Color, edge: Option<Color>, status: button::Status) -> button::Style {
    let background = match status {
        button::Status::Hovered => hovered(fill),
        button::Status::Pressed => pressed(fill),
        button::Status::Active | button::Status::Disabled => fill,
    };
    let style = button::Style {
        background: Some(Background::Color(background)),
        text_color: label,
        border: edge.map_or(border(Color::TRANSPARENT, 0.0, RADIUS), |c| {
            border(c, 1.0, RADIUS)
        }),
        shadow: Shadow::default(),
        snap: true,
    };
    if status == button::Status::Disabled {
        faded(style)
    } else {
        style
    }
}

/// The one main action of a screen: accent fill.
pub fn primary(theme: &Theme, status: button::Status) -> button::Style {
    let t = tokens::of(theme);
    filled(t.accent, t.on_accent, None, status)
}

/// Every other action: a quiet fill in the text colour, with an edge that darkens on hover.
pub fn secondary(theme: &Theme, status: button::Status) -> button::Style {
    let t = tokens::of(theme);
    let edge = if status == button::Status::Hovered {
        t.outline
    } else {
        t.border
    };
    filled(t.surface2, t.text, Some(edge), status)
}

/// A destructive action (delete, reset, discard): the wrong colour as text, never as fill.
pub fn danger(theme: &Theme, status: button::Status) -> button::Style {
    let t = tokens::of(theme);
    let edge = if status == button::Status::Hovered {
        t.wrong
    } else {
        t.border
    };
    filled(t.surface2, t.wrong, Some(edge), status)
}

/// The confirm step of a destructive action: the one place the wrong colour fills a button.
pub fn danger_confirm(theme: &Theme, status: button::Status) -> button::Style {
    let t = tokens::of(theme);
    filled(t.wrong, t.on_wrong, None, status)
}

/// A button that reads as text until hovered: rows of lists, small tools.
pub fn ghost(theme: &Theme, status: button::Status) -> button::Style {
    let t = tokens::of(theme);
    let style = button::Style {
        background: match status {
            button::Status::Hovered => Some(Background::Color(t.surface2)),
            button::Status::Pressed => Some(Background::Color(pressed(t.surface2))),
            _ => None,
        },
        text_color: t.text,
        border: border(Color::TRANSPARENT, 0.0, RADIUS),
        shadow: Shadow::default(),
        snap: true,
    };
    if status == button::Status::Disabled {
        faded(style)
    } else {
        style
    }
}

/// A row of a list that can be chosen (a card in the editor's or browser's list, a file): a ghost
/// row, or an accent-edged one when it is the current one.
pub fn list_row(current: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if current {
            option_row(OptionState::Selected)(theme, status)
        } else {
            ghost(theme, status)
        }
    }
}

/// Where an answer option stands: before checking it is idle or selected; after, it carries the
/// verdict. Colour is never the only sign: the question view adds ✓, ✗ or "correct answer".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionState {
    Idle,
    Selected,
    /// Chosen and right.
    Right,
    /// Chosen and wrong.
    Wrong,
    /// Right but not chosen: outlined in the right colour.
    Missed,
}

impl OptionState {
    pub const ALL: [OptionState; 5] = [
        OptionState::Idle,
        OptionState::Selected,
        OptionState::Right,
        OptionState::Wrong,
        OptionState::Missed,
    ];

    /// The row's fill and edge colour (the edge is `RING` wide except at rest).
    pub fn colours(self, t: &Tokens) -> (Color, Color) {
        match self {
            OptionState::Idle => (t.surface, t.outline),
            OptionState::Selected => (mix(t.surface, t.accent, TINT), t.accent),
            OptionState::Right => (mix(t.surface, t.right, TINT), t.right),
            OptionState::Wrong => (mix(t.surface, t.wrong, TINT), t.wrong),
            OptionState::Missed => (t.surface, t.right),
        }
    }
}

/// An answer option (choice, true/false, order, match): `button(…).style(theme::option_row(state))`.
/// After checking the rows are disabled but keep their full colours: the verdict must stay legible.
pub fn option_row(state: OptionState) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let t = tokens::of(theme);
        let (fill, edge) = state.colours(t);
        let (fill, edge) = match (state, status) {
            (OptionState::Idle, button::Status::Hovered) => (t.surface2, t.outline),
            // Pressing shows in the edge: a darker fill would take verdict colours below 4.5:1.
            (OptionState::Idle, button::Status::Pressed) => (t.surface2, t.accent),
            _ => (fill, edge),
        };
        let width = if state == OptionState::Idle {
            1.0
        } else {
            RING
        };
        button::Style {
            background: Some(Background::Color(fill)),
            text_color: t.text,
            border: border(edge, width, RADIUS),
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

/// An answer option at rest, as a plain function (for a `const` style).
pub fn option_idle(theme: &Theme, status: button::Status) -> button::Style {
    option_row(OptionState::Idle)(theme, status)
}

/// A filter chip (topics in the library): a pill, tinted with an accent edge when on. The label
/// says "✓" when on, so the state is not carried by colour alone.
pub fn chip(on: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let t = tokens::of(theme);
        let (fill, edge, width) = if on {
            (mix(t.surface, t.accent, TINT), t.accent, RING)
        } else {
            (t.surface, t.outline, 1.0)
        };
        let fill = match status {
            button::Status::Hovered if !on => t.surface2,
            button::Status::Pressed => pressed(fill),
            _ => fill,
        };
        let style = button::Style {
            background: Some(Background::Color(fill)),
            text_color: t.text,
            border: border(edge, width, 999.0),
            shadow: Shadow::default(),
            snap: true,
        };
        if status == button::Status::Disabled {
            faded(style)
        } else {
            style
        }
    }
}

/// A card on the page: deck cards, the feedback panel, notices.
pub fn card(theme: &Theme) -> container::Style {
    let t = tokens::of(theme);
    container::Style {
        text_color: Some(t.text),
        background: Some(Background::Color(t.surface)),
        border: border(t.border, 1.0, RADIUS),
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A quieter box inside a card or on the page: previews, details, tooltips.
pub fn panel(theme: &Theme) -> container::Style {
    let t = tokens::of(theme);
    container::Style {
        text_color: Some(t.text),
        background: Some(Background::Color(t.surface2)),
        border: border(t.border, 1.0, RADIUS),
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A box floating over the page (the help): the one place with a shadow.
pub fn overlay(theme: &Theme) -> container::Style {
    let t = tokens::of(theme);
    container::Style {
        shadow: Shadow {
            color: Color::BLACK.scale_alpha(0.35),
            offset: Vector::new(0.0, 8.0),
            blur_radius: 24.0,
        },
        border: border(t.outline, 1.0, RADIUS),
        ..card(theme)
    }
}

/// What dims the page under an overlay.
pub fn scrim(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color::BLACK.scale_alpha(0.55))),
        ..container::Style::default()
    }
}

/// A card edged in the accent: where a newcomer begins.
pub fn featured(theme: &Theme) -> container::Style {
    let t = tokens::of(theme);
    container::Style {
        border: border(t.accent, RING, RADIUS),
        ..card(theme)
    }
}

/// A card edged in a verdict colour: the feedback panel after an answer.
pub fn verdict_card(state: OptionState) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let t = tokens::of(theme);
        let (_, edge) = state.colours(t);
        container::Style {
            border: border(edge, RING, RADIUS),
            ..card(theme)
        }
    }
}

/// Text inputs: an outlined surface; the focus ring is 2 px of accent.
pub fn input(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let t = tokens::of(theme);
    let (edge, width) = match status {
        text_input::Status::Focused { .. } => (t.accent, RING),
        text_input::Status::Hovered => (t.text, 1.0),
        text_input::Status::Active => (t.outline, 1.0),
        text_input::Status::Disabled => (t.border, 1.0),
    };
    text_input::Style {
        background: Background::Color(if status == text_input::Status::Disabled {
            t.surface2
        } else {
            t.surface
        }),
        border: border(edge, width, RADIUS_INPUT),
        icon: t.muted,
        placeholder: t.muted,
        value: t.text,
        selection: t.accent.scale_alpha(0.3),
    }
}

/// Multi-line inputs, as text inputs.
pub fn editor(theme: &Theme, status: text_editor::Status) -> text_editor::Style {
    let line = input(
        theme,
        match status {
            text_editor::Status::Active => text_input::Status::Active,
            text_editor::Status::Hovered => text_input::Status::Hovered,
            text_editor::Status::Focused { is_hovered } => {
                text_input::Status::Focused { is_hovered }
            }
            text_editor::Status::Disabled => text_input::Status::Disabled,
        },
    );
    text_editor::Style {
        background: line.background,
        border: line.border,
        placeholder: line.placeholder,
        value: line.value,
        selection: line.selection,
    }
}

/// Pick lists: outlined like inputs, with the ring while open.
pub fn select(theme: &Theme, status: pick_list::Status) -> pick_list::Style {
    let t = tokens::of(theme);
    let (edge, width, fill) = match status {
        pick_list::Status::Opened { .. } => (t.accent, RING, t.surface),
        pick_list::Status::Hovered => (t.text, 1.0, t.surface),
        pick_list::Status::Active => (t.outline, 1.0, t.surface),
    };
    pick_list::Style {
        text_color: t.text,
        placeholder_color: t.muted,
        handle_color: t.muted,
        background: Background::Color(fill),
        border: border(edge, width, RADIUS_INPUT),
    }
}

/// A progress bar: an accent bar on a surface2 track.
pub fn progress(theme: &Theme) -> progress_bar::Style {
    bar(theme, tokens::of(theme).accent)
}

/// Mastery: a bar in the right colour.
pub fn progress_right(theme: &Theme) -> progress_bar::Style {
    bar(theme, tokens::of(theme).right)
}

fn bar(theme: &Theme, colour: Color) -> progress_bar::Style {
    let t = tokens::of(theme);
    progress_bar::Style {
        background: Background::Color(t.surface2),
        bar: Background::Color(colour),
        border: border(t.border, 1.0, 999.0),
    }
}
