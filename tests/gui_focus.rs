//! Keyboard focus on buttons, driven as the runtime drives it: a key goes to the widgets first, and
//! only a key no widget took reaches the app's keyboard subscription (`keyboard::listen` passes on
//! ignored events only); the focus moves Tab starts are performed on the view of the moment, and the
//! widgets' state is kept from one view to the next. No display is needed
//! (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{WINDOW_SIZE, Window, settle};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::browse::Browse;
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::gui::theme;
use iced::Rectangle;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::selector::Target;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

/// One true-or-false card, to study.
const TRUE_FALSE_DECK: &str = r#"Deck(
    format: 1,
    id: "focus-test",
    title: "Focus test deck",
    description: "One card answered with buttons.",
    topics: ["Causes"],
    cards: [Card(
        id: "tf",
        topic: "Causes",
        question: TrueFalse(statement: "The conference opened on 4 September 1922.", answer: true),
        explanation: "Both the GSE and Heibonsha give 4 September.",
        sources: ["GSE"],
    )],
)"#;

fn app() -> (TempDir, App) {
    app_with("gui-test", GUI_DECK)
}

/// An app with one deck, in the file its id names.
fn app_with(id: &str, deck: &str) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join(format!("decks/{id}.ron")), deck).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    (dir, app)
}

impl Window {
    /// The bounds of what has keyboard focus.
    fn focused(&mut self, app: &App) -> Option<Rectangle> {
        self.focused_target(app).map(|t| match t {
            Target::Focusable { bounds, .. } | Target::TextInput { bounds, .. } => bounds,
            other => panic!("a focused widget reports itself as focusable, not {other:?}"),
        })
    }

    /// The bounds of the text `label` (scrolled out of sight or not).
    fn label(&mut self, app: &App, label: &str) -> Rectangle {
        self.find(app, label)
            .map(|t| t.bounds())
            .unwrap_or_else(|| panic!("{label:?} is not on screen"))
    }

    /// Whether the element with focus is the one showing `label`.
    fn focus_is_on(&mut self, app: &App, label: &str) -> bool {
        let text = self.label(app, label);
        self.focused(app).is_some_and(|b| b.contains(text.center()))
    }

    /// Tabs until the element showing `label` has focus.
    fn tab_to(&mut self, app: &mut App, label: &str) {
        for _ in 0..40 {
            self.named(app, Named::Tab);
            if self.focus_is_on(app, label) {
                return;
            }
        }
        panic!("Tab never reaches {label:?}");
    }
}

/// Whether the frame shows the accent colour where a ring around `element` passes: the middle of
/// the ring's top and left sides.
fn ring_drawn(app: &App, frame: &[u8], element: Rectangle) -> bool {
    let accent = theme::tokens::of(&app.theme().unwrap()).accent.into_rgba8();
    let mid_ring = theme::style::RING_GAP + theme::style::RING / 2.0;
    let pixel = |x: f32, y: f32| {
        let i = (y as usize * WINDOW_SIZE.width as usize + x as usize) * 4;
        [frame[i], frame[i + 1], frame[i + 2], frame[i + 3]]
    };
    let close = |p: [u8; 4]| p.iter().zip(accent).all(|(a, b)| a.abs_diff(b) <= 24);
    let c = element.center();
    close(pixel(c.x, element.y - mid_ring)) && close(pixel(element.x - mid_ring, c.y))
}

fn browse(app: &App) -> &Browse {
    match app.screen() {
        Some(Screen::Browse(b)) => b,
        _ => panic!("not browsing"),
    }
}

#[test]
fn tab_reaches_the_library_buttons_in_order_and_draws_the_ring_on_the_focused_one() {
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    assert_eq!(window.focused(&app), None, "nothing has focus at first");
    let first = window.label(&app, "Study all due");
    let before = window.frame(&app);

    window.named(&mut app, Named::Tab);
    let focused = window.focused(&app).expect("Tab gives a button focus");
    assert!(focused.contains(first.center()), "the first button first");
    assert!(!ring_drawn(&app, &before, focused), "no ring before focus");
    assert!(
        ring_drawn(&app, &window.frame(&app), focused),
        "a ring around the focused button"
    );

    // Layout order: Custom study, Quiz, Browse, Statistics; Shift+Tab goes back one.
    for label in ["Custom study", "Quiz", "Browse", "Statistics"] {
        window.named(&mut app, Named::Tab);
        assert!(window.focus_is_on(&app, label), "Tab reaches {label}");
    }
    window.key(&mut app, Key::Named(Named::Tab), Modifiers::SHIFT);
    assert!(window.focus_is_on(&app, "Browse"), "Shift+Tab goes back");
    let browse_button = window.focused(&app).unwrap();
    let frame = window.frame(&app);
    assert!(ring_drawn(&app, &frame, browse_button));
    assert!(!ring_drawn(&app, &frame, focused), "one ring at a time");
}

#[test]
fn enter_on_a_focused_button_does_what_a_click_does_and_focus_does_not_pass_to_the_next_screen() {
    let (_dir, mut clicked) = app();
    harness::click(&mut clicked, "Statistics");
    assert!(matches!(clicked.screen(), Some(Screen::Stats(_))));

    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.tab_to(&mut app, "Statistics");
    window.named(&mut app, Named::Enter);
    assert!(
        matches!(app.screen(), Some(Screen::Stats(_))),
        "Enter pressed the focused button"
    );
    assert_eq!(
        window.focused(&app),
        None,
        "no button of the new screen inherits the focus"
    );
}

#[test]
fn space_presses_the_focused_button_and_otherwise_keeps_its_shortcut() {
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.key(&mut app, Key::Character("b".into()), Modifiers::empty());
    assert!(matches!(app.screen(), Some(Screen::Browse(_))));

    // No button has focus: Space ticks the selected card, as the shortcut says.
    window.named(&mut app, Named::ArrowDown);
    window.named(&mut app, Named::Space);
    assert_eq!(browse(&app).ticked().count(), 1, "Space ticked the card");

    // With "Tick all shown" focused, Space presses it (the shortcut would untick the card).
    window.tab_to(&mut app, "Tick all shown");
    window.named(&mut app, Named::Space);
    let shown = browse(&app).shown().count();
    assert!(shown > 1);
    assert_eq!(
        browse(&app).ticked().count(),
        shown,
        "the button ticked all"
    );

    // A click elsewhere takes the focus away: Space is the shortcut again.
    let search = window.label(&app, "Back  [Esc]");
    window.click_at(
        &mut app,
        iced::Point::new(search.x, WINDOW_SIZE.height - 4.0),
    );
    assert_eq!(window.focused(&app), None, "a click ends keyboard focus");
    window.named(&mut app, Named::Space);
    assert_eq!(
        browse(&app).ticked().count(),
        shown - 1,
        "Space unticked the selected card"
    );

    // Escape is never taken by a focused button: it still goes back.
    window.tab_to(&mut app, "Tick all shown");
    window.named(&mut app, Named::Escape);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
}

#[test]
fn enter_on_the_quiz_setup_starts_the_quiz_unless_a_button_has_focus() {
    for focus_back in [false, true] {
        let (_dir, mut app) = app();
        let mut window = Window::new(&app);
        window.key(&mut app, Key::Character("q".into()), Modifiers::empty());
        assert!(
            matches!(app.screen(), Some(Screen::Quiz(_))),
            "the quiz setup"
        );
        if focus_back {
            window.tab_to(&mut app, "Back  [Esc]");
        }
        window.named(&mut app, Named::Enter);
        match app.screen() {
            Some(Screen::Library(_)) => assert!(focus_back, "Enter went back without focus"),
            Some(Screen::Quiz(quiz)) => {
                assert!(!focus_back, "Enter started the quiz past the focused Back");
                assert!(quiz.attempt().is_some(), "Enter started the quiz");
            }
            _ => panic!("another screen"),
        }
    }
}

fn study(app: &App) -> &changchun_cards::gui::screen::study::Study {
    match app.screen() {
        Some(Screen::Study(s)) => s,
        _ => panic!("not studying"),
    }
}

#[test]
fn a_focused_answer_is_given_with_enter_and_its_focus_does_not_pass_to_a_rating() {
    let (_dir, mut app) = app_with("focus-test", TRUE_FALSE_DECK);
    let mut window = Window::new(&app);
    let task = app.update(Message::Library(library::Message::Study(
        "focus-test".into(),
    )));
    window.run(&mut app, task);
    assert!(study(&app).attempt().is_some(), "the card is asked");

    window.tab_to(&mut app, "True  [T]");
    window.named(&mut app, Named::Enter);
    assert!(
        study(&app).checked().expect("Enter answered").correct,
        "the focused True was chosen"
    );
    // The feedback puts rating buttons where the answers were: none of them takes the focus, so
    // Enter keeps the study screen's meaning (the highlighted rating) and its guard.
    assert_eq!(window.focused(&app), None);
    harness::read_feedback(&app);
    window.named(&mut app, Named::Enter);
    assert!(
        study(&app).checked().is_none(),
        "Enter rated the card and study moved on"
    );
}

#[test]
fn tab_reaches_a_checkbox_and_space_flips_it_keeping_its_focus() {
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.key(&mut app, Key::Character(",".into()), Modifiers::empty());
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    let reduced = |app: &App| app.context().unwrap().profile.settings().reduce_motion;
    let before = reduced(&app);

    window.tab_to(&mut app, "Reduce motion: no fades or easing");
    window.named(&mut app, Named::Space);
    assert_eq!(reduced(&app), !before, "Space flipped the focused checkbox");
    assert!(
        window.focus_is_on(&app, "Reduce motion: no fades or easing"),
        "the checkbox keeps its focus: it does the same thing, the other way round"
    );
}

#[test]
fn the_help_takes_the_focus_to_its_close_button_so_a_button_beneath_it_is_not_pressed() {
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.tab_to(&mut app, "Statistics");
    window.key(&mut app, Key::Character("/".into()), Modifiers::SHIFT);
    assert!(app.help, "? opened the help");
    assert!(
        window.focus_is_on(&app, "Close  [Esc]"),
        "the focus moved to the help's Close button"
    );
    window.named(&mut app, Named::Enter);
    assert!(!app.help, "Enter pressed Close");
    assert!(
        matches!(app.screen(), Some(Screen::Library(_))),
        "the button beneath was not pressed"
    );

    window.key(&mut app, Key::Character("/".into()), Modifiers::SHIFT);
    window.named(&mut app, Named::Escape);
    assert!(
        !app.help,
        "Escape closes the help, its button focused or not"
    );
}

impl Window {
    /// Tabs until what has focus is the control on the row of the text `label`, to its right (a
    /// slider or a pick list shows no text of its own to find it by).
    fn tab_to_control_of(&mut self, app: &mut App, label: &str) -> Rectangle {
        for _ in 0..40 {
            self.named(app, Named::Tab);
            let text = self.label(app, label);
            if let Some(focused) = self.focused(app)
                && focused.x > text.center().x
                && (focused.y..=focused.y + focused.height).contains(&text.center().y)
            {
                return focused;
            }
        }
        panic!("Tab never reaches the control of {label:?}");
    }
}

fn quiz(app: &App) -> &changchun_cards::gui::screen::quiz::Quiz {
    match app.screen() {
        Some(Screen::Quiz(q)) => q,
        _ => panic!("not on the quiz"),
    }
}

/// The quiz setup with its question-count slider focused.
fn quiz_slider_focused() -> (TempDir, App, Window, Rectangle) {
    let (dir, mut app) = app();
    let mut window = Window::new(&app);
    window.key(&mut app, Key::Character("q".into()), Modifiers::empty());
    let count = quiz(&app).count().0;
    let slider = window.tab_to_control_of(&mut app, &format!("Questions: {count}"));
    (dir, app, window, slider)
}

#[test]
fn tab_reaches_the_question_count_slider_and_the_arrows_home_and_end_move_it() {
    let (_dir, mut app, mut window, slider) = quiz_slider_focused();
    assert!(
        ring_drawn(&app, &window.frame(&app), slider),
        "a ring around the focused slider"
    );
    let (start, max) = quiz(&app).count();
    assert!(start < max, "the deck offers more questions than asked");

    // One step each way: the slider takes the arrow, so the quiz's own ← → shortcut does not
    // move the count a second time.
    window.named(&mut app, Named::ArrowRight);
    assert_eq!(
        quiz(&app).count().0,
        start + 1,
        "Right raised the count by one"
    );
    window.label(&app, &format!("Questions: {}", start + 1));
    window.named(&mut app, Named::ArrowUp);
    assert_eq!(quiz(&app).count().0, start + 2, "Up raised it too");
    window.named(&mut app, Named::ArrowDown);
    window.named(&mut app, Named::ArrowLeft);
    assert_eq!(quiz(&app).count().0, start, "Down and Left lowered it");

    window.named(&mut app, Named::End);
    assert_eq!(quiz(&app).count().0, max, "End went to the most");
    window.label(&app, &format!("Questions: {max}"));
    window.named(&mut app, Named::Home);
    let least = quiz(&app).count().0;
    assert!(least < start, "Home went below the default");
    window.named(&mut app, Named::ArrowLeft);
    assert_eq!(quiz(&app).count().0, least, "Home went to the least");
    assert!(
        window.focused(&app).is_some_and(|f| f == slider),
        "the slider keeps its focus as its value changes"
    );
}

#[test]
fn enter_still_starts_the_quiz_while_the_count_slider_has_focus() {
    let (_dir, mut app, mut window, _) = quiz_slider_focused();
    window.named(&mut app, Named::ArrowRight);
    let asked = quiz(&app).count().0;
    window.named(&mut app, Named::Enter);
    assert!(
        quiz(&app).attempt().is_some(),
        "Enter is no slider key: the shortcut started the quiz"
    );
    assert_eq!(quiz(&app).count(), (asked, quiz(&app).count().1));
}

#[test]
fn tab_reaches_the_theme_pick_list_and_down_and_up_choose_the_next_and_previous_theme() {
    use changchun_cards::settings::Theme as Choice;
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.key(&mut app, Key::Character(",".into()), Modifiers::empty());
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    let chosen = |app: &App| app.context().unwrap().profile.settings().theme;
    let before = chosen(&app);
    let at = Choice::ALL.iter().position(|t| *t == before).unwrap();
    assert!(at > 0, "the default theme is not the first");

    let list = window.tab_to_control_of(&mut app, "Theme");
    assert!(ring_drawn(&app, &window.frame(&app), list));
    window.named(&mut app, Named::ArrowUp);
    assert_eq!(
        chosen(&app),
        Choice::ALL[at - 1],
        "Up chose the theme before"
    );
    assert!(
        window.focused(&app).is_some_and(|f| f == list),
        "the pick list keeps its focus"
    );
    window.named(&mut app, Named::ArrowDown);
    assert_eq!(chosen(&app), before, "Down chose the next one");
}

#[test]
fn tab_reaches_the_export_formats_and_space_chooses_the_focused_one() {
    use changchun_cards::interop::{Format, Target};
    let (_dir, mut app) = app();
    let mut window = Window::new(&app);
    window.tab_to(&mut app, "Export…");
    window.named(&mut app, Named::Enter);
    let Some(Screen::Export(export)) = app.screen() else {
        panic!("Enter on a focused Export… opens the export screen");
    };
    assert_eq!(export.target(), Target::AnkiPackage);

    // The formats come first on the screen, in the order of `Target::ALL`; a radio button's
    // label is drawn by the button itself, so it is reached by its place.
    assert_eq!(Target::ALL[2], Target::Text(Format::Gift));
    for _ in 0..3 {
        window.named(&mut app, Named::Tab);
    }
    let focused = window.focused(&app).expect("Tab reaches the formats");
    assert!(ring_drawn(&app, &window.frame(&app), focused));
    window.named(&mut app, Named::Space);
    let Some(Screen::Export(export)) = app.screen() else {
        panic!("choosing a format stays on the screen");
    };
    assert_eq!(
        export.target(),
        Target::Text(Format::Gift),
        "Space chose the focused format"
    );
    assert_eq!(
        window.focused(&app),
        Some(focused),
        "and it keeps its focus"
    );
}
