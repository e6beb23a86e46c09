//! Files dropped on the window: an exchange file shows what the import would bring in (and what it
//! would skip, with why) before anything is saved, as Import… does; a deck file is added to the
//! learner's decks or just opened. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::Screen;
use changchun_cards::gui::task::Purpose;
use iced::keyboard::{Key, Modifiers, key::Named};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn app() -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    let app = open(dir.path());
    (dir, app)
}

fn open(dir: &Path) -> App {
    let context = Context::load(DataDir::new(dir), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    app
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn deck_files(dir: &TempDir) -> usize {
    std::fs::read_dir(dir.path().join("decks")).unwrap().count()
}

fn decks(app: &App) -> usize {
    app.context().unwrap().profile.library().decks().count()
}

#[test]
fn a_dropped_gift_file_is_previewed_with_what_is_skipped_then_saved_and_kept() {
    let (dir, mut app) = app();
    let before = decks(&app);
    send(&mut app, Message::FileDropped(fixture("interop/quiz.gift")));
    let Some(Screen::Import(import)) = app.screen() else {
        panic!("the import preview shows")
    };
    let preview = import.preview();
    assert!(!preview.deck.cards.is_empty());
    assert!(
        !preview.skipped.is_empty(),
        "the fixture has items GIFT cards cannot hold"
    );
    let count = preview.deck.cards.len();
    let first_skip = format!(
        "Line {}: {}",
        preview.skipped[0].line, preview.skipped[0].reason
    );
    {
        let mut ui = simulator(&app);
        ui.find(
            format!(
                "{count} card(s) will be imported as the deck \"{}\":",
                preview.deck.title
            )
            .as_str(),
        )
        .unwrap();
        ui.find(first_skip.as_str()).unwrap();
    }
    assert_eq!(
        deck_files(&dir),
        1,
        "nothing is saved before it is confirmed"
    );
    assert_eq!(decks(&app), before);

    click(&mut app, "Save to my decks  [Enter]");
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    assert_eq!(deck_files(&dir), 2, "the deck is saved in the decks folder");
    assert_eq!(decks(&app), before + 1);
    let note = app.context().unwrap().notices.join(" ");
    assert!(
        note.contains(&format!("Imported {count} card(s)")),
        "{note}"
    );

    let reopened = open(dir.path());
    assert_eq!(
        decks(&reopened),
        before + 1,
        "the import is there after a restart"
    );
}

#[test]
fn import_from_the_library_shows_the_same_preview_and_cancel_saves_nothing() {
    let (dir, mut app) = app();
    send(
        &mut app,
        Message::FileChosen(Purpose::Import, Some(fixture("interop/quizlet.tsv"))),
    );
    assert!(matches!(app.screen(), Some(Screen::Import(_))));
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    assert_eq!(deck_files(&dir), 1);

    // Enter saves, as the button says.
    send(&mut app, Message::FileDropped(fixture("interop/cards.csv")));
    assert!(matches!(app.screen(), Some(Screen::Import(_))));
    send(
        &mut app,
        Message::Key(Key::Named(Named::Enter), Modifiers::empty()),
    );
    assert_eq!(deck_files(&dir), 2);
}

#[test]
fn a_dropped_file_that_is_no_exchange_format_is_refused_with_the_reason() {
    let (dir, mut app) = app();
    let elsewhere = tempfile::tempdir().unwrap();
    let picture = elsewhere.path().join("photo.png");
    std::fs::write(&picture, [0x89, b'P', b'N', b'G', 0, 0, 0, 0]).unwrap();
    send(&mut app, Message::FileDropped(picture));
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let note = app.context().unwrap().notices.join(" ");
    assert!(note.contains("could not be imported"), "{note}");
    assert_eq!(deck_files(&dir), 1);
}

#[test]
fn a_dropped_deck_added_to_my_decks_survives_reopening_and_just_open_does_not_copy_it() {
    let (dir, mut app) = app();
    let elsewhere = tempfile::tempdir().unwrap();
    let source = elsewhere.path().join("dropped.ron");
    std::fs::write(&source, GUI_DECK.replace("gui-test", "dropped-deck")).unwrap();
    let other = elsewhere.path().join("once.ron");
    std::fs::write(&other, GUI_DECK.replace("gui-test", "once-deck")).unwrap();

    press_b_then_drop(&mut app, &source);
    click(&mut app, "Add to my decks");
    let library = app.context().unwrap().profile.library();
    assert!(library.deck("dropped-deck").is_some());

    send(&mut app, Message::FileDropped(other.clone()));
    click(&mut app, "Just open it");
    assert!(
        app.context()
            .unwrap()
            .profile
            .library()
            .deck("once-deck")
            .is_some()
    );
    assert_eq!(deck_files(&dir), 2, "only the added deck is copied");

    std::fs::remove_file(&source).unwrap();
    std::fs::remove_file(&other).unwrap();
    let reopened = open(dir.path());
    let library = reopened.context().unwrap().profile.library();
    assert!(
        library.deck("dropped-deck").is_some(),
        "the copy is loaded after a restart"
    );
    assert!(
        library.deck("once-deck").is_none(),
        "a deck just opened is not kept"
    );
}

/// Drops a deck while browsing: the library comes back with the offer.
fn press_b_then_drop(app: &mut App, path: &Path) {
    send(
        app,
        Message::Key(Key::Character("b".into()), Modifiers::empty()),
    );
    assert!(matches!(app.screen(), Some(Screen::Browse(_))));
    send(app, Message::FileDropped(path.to_path_buf()));
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    simulator(app).find("Add to my decks").unwrap();
}
