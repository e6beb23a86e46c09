//! The app on the desktop: Anki packages, files named on the command line, and the About part of
//! the settings. A package shows the same import preview as other files, with a box to add its
//! review history; files given when the app starts (as a desktop's "open with" passes them) are
//! offered once the library is ready.
#![cfg(feature = "gui")]

mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::Screen;
use changchun_cards::store::Store;
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn open(dir: &Path) -> App {
    let context = Context::load(DataDir::new(dir), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    app
}

fn reviews(app: &App) -> u64 {
    let path = app.context().unwrap().profile.store_path().to_path_buf();
    Store::open_path(&path).unwrap().review_count().unwrap()
}

#[test]
fn a_dropped_anki_collection_is_saved_with_its_history_only_when_the_box_is_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    send(
        &mut app,
        Message::FileDropped(fixture("anki/changchun-latest.colpkg")),
    );
    let Some(Screen::Import(import)) = app.screen() else {
        panic!("the import preview shows")
    };
    assert_eq!(import.preview().history.len(), 247);
    assert!(import.preview().add_history, "offered ticked");
    assert!(import.preview().read_as.contains("collection.anki21b"));
    // Untick: the deck is saved, the progress is untouched.
    send(
        &mut app,
        Message::Import(changchun_cards::gui::screen::import::Message::AddHistory(
            false,
        )),
    );
    click(&mut app, "Save to my decks  [Enter]");
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    assert_eq!(reviews(&app), 0);

    // The same package again, ticked this time: the history lands in the learner's progress.
    send(
        &mut app,
        Message::FileDropped(fixture("anki/changchun-legacy.apkg")),
    );
    assert!(matches!(app.screen(), Some(Screen::Import(_))));
    click(&mut app, "Save to my decks  [Enter]");
    assert_eq!(reviews(&app), 247);
    let note = app.context().unwrap().notices.join(" ");
    assert!(note.contains("Added 247 answers"), "{note}");
}

#[test]
fn files_named_when_the_app_starts_are_offered_once_the_library_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    // The app's first task also asks the system for its theme, which a test has no one to answer:
    // the profile it opens is handed in as that task would.
    let (mut app, _first) = App::with_files(
        data.clone(),
        Some("tester".into()),
        vec![fixture("interop/quiz.gift")],
    );
    let profile = changchun_cards::profile::Profile::open(data, Some("tester".into())).unwrap();
    send(&mut app, Message::Opened(Box::new(Ok(profile))));
    let Some(Screen::Import(import)) = app.screen() else {
        panic!("the import preview shows for the file named on the command line")
    };
    assert!(!import.preview().deck.cards.is_empty());
}

#[test]
fn the_settings_say_which_version_this_is_and_where_the_data_lives() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    send(
        &mut app,
        Message::Library(changchun_cards::gui::screen::library::Message::Settings),
    );
    let mut ui = simulator(&app);
    ui.find(
        format!(
            "Changchun Cards {} — free software under the MIT licence.",
            env!("CARGO_PKG_VERSION")
        )
        .as_str(),
    )
    .unwrap();
    ui.find(
        format!(
            "Your progress, decks and settings are in {}",
            dir.path().display()
        )
        .as_str(),
    )
    .unwrap();
    ui.find("Open the data folder").unwrap();
    drop(ui);
    // Below the fold at the test's window size: sent as the button sends it.
    send(
        &mut app,
        Message::Settings(changchun_cards::gui::screen::settings::Message::CopyDataFolder),
    );
    let note = app.context().unwrap().notices.join(" ");
    assert!(note.contains(&dir.path().display().to_string()), "{note}");
}
