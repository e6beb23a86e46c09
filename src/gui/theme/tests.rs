//! Contrast, computed from the tokens through the very style functions the screens use: text at
//! 4.5:1 or more on whatever it is drawn on (WCAG AA), and the edges that find a control or show a
//! state (option rows, chips, inputs, the focus ring, progress bars) at 3:1 or more.

use super::*;
use iced::widget::{button, pick_list, text_input};
use iced::{Background, Color};

const TEXT_MIN: f32 = 4.5;
const NON_TEXT_MIN: f32 = 3.0;

fn fill(background: Option<Background>) -> Color {
    match background {
        Some(Background::Color(c)) => c,
        other => panic!("a flat fill was expected, not {other:?}"),
    }
}

fn both() -> [(Theme, &'static Tokens); 2] {
    [(light(), &tokens::LIGHT), (dark(), &tokens::DARK)]
}

/// The backgrounds anything is drawn on: the window, cards and inputs, secondary fills.
fn grounds(t: &Tokens) -> [(&'static str, Color); 3] {
    [
        ("bg", t.bg),
        ("surface", t.surface),
        ("surface2", t.surface2),
    ]
}

fn check(what: &str, fore: Color, back: Color, min: f32) {
    let ratio = contrast(fore, back);
    assert!(
        ratio >= min,
        "{what}: {ratio:.2}:1, below {min}:1 ({fore:?} on {back:?})"
    );
}

const LIVE: [button::Status; 3] = [
    button::Status::Active,
    button::Status::Hovered,
    button::Status::Pressed,
];

#[test]
fn contrast_matches_known_pairs() {
    assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
    assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 0.01);
    // #767676 on white is the classic 4.54:1.
    let grey = Color::from_rgb8(0x76, 0x76, 0x76);
    assert!((contrast(grey, Color::WHITE) - 4.54).abs() < 0.01);
    // The design's own figures: text 16.5 and muted 6.6 on the light window.
    assert!((contrast(tokens::LIGHT.text, tokens::LIGHT.bg) - 16.46).abs() < 0.05);
    assert!((contrast(tokens::LIGHT.muted, tokens::LIGHT.bg) - 6.59).abs() < 0.05);
}

#[test]
fn the_check_fails_on_colours_that_do_not_read() {
    // The first palette's orange and green read at 2.4 and 3.4 to 1 on white; the border token is
    // decoration only and would not do as an option row's edge.
    assert!(contrast(Color::from_rgb(0.90, 0.60, 0.10), Color::WHITE) < TEXT_MIN);
    assert!(contrast(Color::from_rgb(0.16, 0.62, 0.33), Color::WHITE) < TEXT_MIN);
    assert!(contrast(tokens::LIGHT.border, tokens::LIGHT.surface) < NON_TEXT_MIN);
}

#[test]
fn every_text_tone_reads_on_every_background() {
    for (theme, t) in both() {
        for tone in TONES {
            for (name, ground) in grounds(t) {
                check(
                    &format!("{tone:?} on {name} ({theme})"),
                    tone.on(&theme),
                    ground,
                    TEXT_MIN,
                );
            }
        }
        check(&format!("muted() ({theme})"), muted(&theme), t.bg, TEXT_MIN);
    }
}

#[test]
fn every_button_label_reads_on_its_fill_in_every_state() {
    type Style = fn(&Theme, button::Status) -> button::Style;
    let roles: [(&str, Style); 5] = [
        ("primary", primary),
        ("secondary", secondary),
        ("danger", danger),
        ("danger_confirm", danger_confirm),
        ("ghost", ghost),
    ];
    for (theme, t) in both() {
        for (role, style) in roles {
            for status in LIVE {
                let s = style(&theme, status);
                // A ghost button at rest shows the page (or card) through.
                let grounds: Vec<Color> = match s.background {
                    None => vec![t.bg, t.surface],
                    some => vec![fill(some)],
                };
                for ground in grounds {
                    check(
                        &format!("{role} {status:?} ({theme})"),
                        s.text_color,
                        ground,
                        TEXT_MIN,
                    );
                }
            }
        }
    }
}

#[test]
fn option_rows_read_and_their_edges_show_in_every_state() {
    for (theme, t) in both() {
        for state in OptionState::ALL {
            for status in LIVE.into_iter().chain([button::Status::Disabled]) {
                let s = option_row(state)(&theme, status);
                let what = format!("option row {state:?} {status:?} ({theme})");
                let row = fill(s.background);
                check(&format!("{what}: label"), s.text_color, row, TEXT_MIN);
                // Hints are muted on every row; verdict words and symbols are drawn in their
                // tone on checked rows.
                let tones: &[Tone] = match state {
                    OptionState::Idle | OptionState::Selected => &[MUTED_TONE],
                    _ => &[MUTED_TONE, RIGHT_TONE, WRONG_TONE, ALMOST_TONE],
                };
                for &tone in tones {
                    check(&format!("{what}: {tone:?}"), tone.on(&theme), row, TEXT_MIN);
                }
                // Rows sit on cards and on the page.
                for ground in [t.surface, t.bg] {
                    check(
                        &format!("{what}: edge"),
                        s.border.color,
                        ground,
                        NON_TEXT_MIN,
                    );
                }
            }
        }
    }
}

#[test]
fn checked_rows_keep_their_colours_though_disabled() {
    let theme = light();
    for state in OptionState::ALL {
        assert_eq!(
            option_row(state)(&theme, button::Status::Disabled),
            option_row(state)(&theme, button::Status::Active),
            "{state:?}"
        );
    }
}

#[test]
fn verdicts_differ_in_more_than_hue_from_the_row_at_rest() {
    // A selected or checked row has a thicker edge than an idle one, so the state shows without
    // telling its colours apart.
    let theme = light();
    let idle = option_row(OptionState::Idle)(&theme, button::Status::Active);
    for state in [
        OptionState::Selected,
        OptionState::Right,
        OptionState::Wrong,
        OptionState::Missed,
    ] {
        let s = option_row(state)(&theme, button::Status::Disabled);
        assert!(s.border.width > idle.border.width, "{state:?}");
    }
}

#[test]
fn chips_read_and_show_their_edge() {
    for (theme, t) in both() {
        for on in [false, true] {
            for status in LIVE {
                let s = chip(on)(&theme, status);
                let what = format!("chip on={on} {status:?} ({theme})");
                check(&what, s.text_color, fill(s.background), TEXT_MIN);
                for ground in [t.surface, t.bg] {
                    check(
                        &format!("{what}: edge"),
                        s.border.color,
                        ground,
                        NON_TEXT_MIN,
                    );
                }
            }
        }
    }
}

#[test]
fn inputs_read_and_their_edge_and_focus_ring_show() {
    let statuses = [
        text_input::Status::Active,
        text_input::Status::Hovered,
        text_input::Status::Focused { is_hovered: false },
    ];
    for (theme, t) in both() {
        for status in statuses {
            let s = input(&theme, status);
            let what = format!("input {status:?} ({theme})");
            let Background::Color(field) = s.background else {
                panic!("flat fill expected")
            };
            check(&format!("{what}: value"), s.value, field, TEXT_MIN);
            check(
                &format!("{what}: placeholder"),
                s.placeholder,
                field,
                TEXT_MIN,
            );
            for ground in [t.bg, t.surface, t.surface2] {
                check(
                    &format!("{what}: edge"),
                    s.border.color,
                    ground,
                    NON_TEXT_MIN,
                );
            }
        }
        let focused = input(&theme, text_input::Status::Focused { is_hovered: true });
        assert_eq!(focused.border.color, t.accent);
        assert!(focused.border.width >= 2.0, "the focus ring is 2 px");
        for status in [
            pick_list::Status::Active,
            pick_list::Status::Hovered,
            pick_list::Status::Opened { is_hovered: false },
        ] {
            let s = select(&theme, status);
            let Background::Color(field) = s.background else {
                panic!("flat fill expected")
            };
            check(
                &format!("pick list {status:?} ({theme})"),
                s.text_color,
                field,
                TEXT_MIN,
            );
            check(
                &format!("pick list edge ({theme})"),
                s.border.color,
                t.bg,
                NON_TEXT_MIN,
            );
        }
    }
}

#[test]
fn the_focus_ring_shows_on_every_ground_and_stands_off_the_element() {
    let element = iced::Rectangle::new(iced::Point::new(100.0, 100.0), iced::Size::new(80.0, 30.0));
    for (theme, t) in both() {
        let (ring, edge) = style::focus_ring(&theme, element);
        assert_eq!(edge.color, t.accent);
        assert!(edge.width >= 2.0, "the focus ring is 2 px");
        // A gap of ground between element and ring: an accent-filled button keeps its ring.
        assert!(ring.x + edge.width < element.x && ring.y + edge.width < element.y);
        for (name, ground) in grounds(t) {
            check(
                &format!("focus ring on {name} ({theme})"),
                edge.color,
                ground,
                NON_TEXT_MIN,
            );
        }
    }
}

#[test]
fn progress_bars_show_against_their_track() {
    for (theme, _) in both() {
        for (name, s) in [
            ("progress", progress(&theme)),
            ("mastery", progress_right(&theme)),
        ] {
            let (Background::Color(bar), Background::Color(track)) = (s.bar, s.background) else {
                panic!("flat fills expected")
            };
            check(&format!("{name} ({theme})"), bar, track, NON_TEXT_MIN);
        }
    }
}

#[test]
fn chart_fills_show_on_every_background_of_both_themes() {
    for (theme, t) in both() {
        for colour in CHART_FILLS {
            for (name, ground) in grounds(t) {
                check(
                    &format!("chart {colour:?} on {name} ({theme})"),
                    colour,
                    ground,
                    NON_TEXT_MIN,
                );
            }
        }
    }
}

#[test]
fn cards_and_panels_carry_body_text() {
    for (theme, _) in both() {
        for (name, s) in [
            ("card", card(&theme)),
            ("panel", panel(&theme)),
            ("overlay", overlay(&theme)),
        ] {
            let ground = fill(s.background);
            check(
                &format!("{name} ({theme})"),
                s.text_color.unwrap(),
                ground,
                TEXT_MIN,
            );
        }
    }
}

#[test]
fn the_iced_palette_follows_the_tokens() {
    // Widgets left to iced's own styles (sliders, checkboxes, menus) draw from this palette.
    for (theme, t) in both() {
        let p = theme.extended_palette();
        assert_eq!(p.background.base.color, t.bg);
        assert_eq!(p.primary.base.color, t.accent);
        // Placeholders of inputs left to iced's style.
        check(
            &format!("iced placeholder ({theme})"),
            p.secondary.base.color,
            t.bg,
            TEXT_MIN,
        );
        for (name, pair) in [
            ("primary", p.primary.base),
            ("secondary", p.secondary.base),
            ("danger", p.danger.base),
            ("background", p.background.base),
            ("weak", p.background.weak),
        ] {
            check(
                &format!("iced {name} ({theme})"),
                pair.text,
                pair.color,
                TEXT_MIN,
            );
        }
    }
}

#[test]
fn the_system_setting_takes_our_palettes() {
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
}

#[test]
fn the_type_scale_never_goes_below_fine_print() {
    let sizes = [SIZE_FINE, SIZE_SMALL, SIZE_BODY, SIZE_QUESTION, SIZE_TITLE];
    assert!(sizes.windows(2).all(|w| w[0] < w[1]));
    const { assert!(SIZE_FINE >= 12.0) };
}
