//! Every shortcut the help shows is one its screen handles: each entry of each screen's table,
//! pressed as iced reports it, gives the screen a message in a state where the entry applies.
#![cfg(feature = "gui")]

mod harness;
use harness::{send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, quiz};
use changchun_cards::gui::shortcuts::{self, Shortcut};
use iced::keyboard::{Key, Modifiers, key::Named};
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn app() -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    (dir, app)
}

fn press(app: &mut App, key: &str) {
    send(
        app,
        Message::Key(Key::Character(key.into()), Modifiers::empty()),
    );
}

/// Asserts that every entry of `table` gives a message in at least one of `screens`.
fn every_entry_handled<A: std::fmt::Debug>(
    place: &str,
    table: &[Shortcut<A>],
    screens: &[&Screen],
) {
    for entry in table {
        for (key, modifiers) in entry.presses() {
            assert!(
                screens.iter().any(|s| s.key(&key, modifiers).is_some()),
                "{place}: the help shows {} ({}) but no screen state handles it",
                entry.label(),
                entry.what
            );
        }
    }
}

#[test]
fn every_key_the_help_shows_is_handled_by_its_screen() {
    let (_dir, mut app) = app();
    let library = app.screen().unwrap();
    every_entry_handled("Library", shortcuts::LIBRARY, &[library]);

    press(&mut app, "b");
    every_entry_handled("Browse", shortcuts::BROWSE, &[app.screen().unwrap()]);
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );

    press(&mut app, "g");
    every_entry_handled(
        "Statistics",
        shortcuts::STATISTICS,
        &[app.screen().unwrap()],
    );
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );

    press(&mut app, ",");
    every_entry_handled("Settings", shortcuts::SETTINGS, &[app.screen().unwrap()]);
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );

    press(&mut app, "n");
    every_entry_handled("Editor", shortcuts::EDITOR, &[app.screen().unwrap()]);

    // The quiz: its setup, and its result after a time limit of no minutes ran out.
    let (_dir, mut setup) = app_at_quiz();
    let (_dir2, mut finished) = app_at_quiz();
    send(&mut finished, Message::Quiz(quiz::Message::Limit(Some(0))));
    send(&mut finished, Message::Quiz(quiz::Message::Start));
    send(&mut finished, Message::Quiz(quiz::Message::Tick));
    let Some(Screen::Quiz(q)) = finished.screen() else {
        panic!("quiz")
    };
    assert!(q.result().is_some(), "the quiz with no time left is over");
    every_entry_handled(
        "Quiz",
        shortcuts::QUIZ,
        &[setup.screen().unwrap(), finished.screen().unwrap()],
    );
    let _ = &mut setup;
}

fn app_at_quiz() -> (TempDir, App) {
    let (dir, mut app) = app();
    press(&mut app, "q");
    assert!(matches!(app.screen(), Some(Screen::Quiz(_))));
    (dir, app)
}

#[test]
fn the_help_shows_each_tables_keys_and_closes_with_its_own_key() {
    let (_dir, mut app) = app();
    send(
        &mut app,
        Message::Key(Key::Character("/".into()), Modifiers::SHIFT),
    );
    assert!(app.help);
    {
        let mut ui = simulator(&app);
        for section in shortcuts::help() {
            ui.find(section.place)
                .unwrap_or_else(|_| panic!("the help names {}", section.place));
        }
        // A line made from the browse table, with its derived key label.
        let browse = shortcuts::help()
            .into_iter()
            .find(|s| s.place == "Browse")
            .unwrap();
        let line = browse
            .lines
            .iter()
            .map(|(k, w)| format!("{k} {w}"))
            .collect::<Vec<_>>()
            .join(" · ");
        assert!(line.contains("Shift+↓ tick it and the next card"), "{line}");
        ui.find(line.as_str()).unwrap();
    }
    // While the help is up, a screen's keys do nothing.
    press(&mut app, "b");
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );
    assert!(!app.help);
}
