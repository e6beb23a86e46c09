//! Sync as a learner sets it up in the window: choosing the shared folder in Settings brings in the
//! other computer's answers; leaving a session sends this computer's answers to the folder; a
//! folder that is gone says so without getting in the way.
#![cfg(feature = "gui")]

mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::study::Message as StudyMessage;
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::gui::task::Purpose;
use changchun_cards::profile::{NotSynced, Profile};
use changchun_cards::review::Rating;
use changchun_cards::schedule::Filter;
use changchun_cards::settings::Settings;
use changchun_cards::sync::file;
use chrono::Utc;
use std::path::Path;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn data_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    dir
}

/// A data folder whose learner syncs through `folder` (as saved in Settings before).
fn syncing_through(folder: &Path) -> TempDir {
    let dir = data_dir();
    let mut settings = Settings::default();
    settings.set_sync_folder("tester", Some(folder.to_path_buf()));
    settings.save(&DataDir::new(dir.path())).unwrap();
    dir
}

fn only_test_deck() -> Filter {
    Filter {
        decks: vec!["gui-test".into()],
        ..Filter::default()
    }
}

/// Another computer of the same learner answers `n` cards and syncs them into `folder`.
fn other_computer_studies(folder: &Path, n: usize) -> TempDir {
    let dir = data_dir();
    let mut profile = Profile::open(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    profile.set_sync_folder(Some(folder.to_path_buf()));
    let mut session = profile
        .start_session(&only_test_deck(), Utc::now())
        .unwrap();
    for _ in 0..n {
        session.rate_now(Rating::Good, true, Utc::now()).unwrap();
    }
    drop(session);
    profile.sync_job(true).unwrap()().unwrap();
    dir
}

fn open(dir: &Path) -> App {
    let (mut app, task) =
        App::loaded(Context::load(DataDir::new(dir), Some("tester".into())).unwrap());
    settle(&mut app, task);
    app
}

fn context(app: &App) -> &Context {
    app.context().expect("the library is open")
}

/// The learner, asked at the first sync whether the folder's progress is theirs, says yes.
fn confirm(app: &mut App) {
    assert!(matches!(
        &context(app).sync.last,
        Some((_, Err(NotSynced::Unconfirmed(_))))
    ));
    if !matches!(app.screen(), Some(Screen::Settings(_))) {
        click(app, "Settings");
    }
    assert!(shows(app, "It is mine: merge it with my progress"));
    // (The button may sit below the fold of the simulator's window; this is what it sends.)
    send(
        app,
        Message::Settings(changchun_cards::gui::screen::settings::Message::ConfirmSync),
    );
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

#[test]
fn choosing_the_shared_folder_in_settings_brings_in_the_other_computers_answers() {
    let folder = tempfile::tempdir().unwrap();
    let _home = other_computer_studies(folder.path(), 2);
    let dir = data_dir();
    let mut app = open(dir.path());
    assert_eq!(context(&app).profile.deck_counts("gui-test").new, 8);

    click(&mut app, "Settings");
    assert!(shows(&app, "This learner does not sync."));
    // The system dialog (or the in-app chooser) gives the folder.
    send(
        &mut app,
        Message::FileChosen(Purpose::SyncFolder, Some(folder.path().to_path_buf())),
    );
    // The folder holds another computer's progress: nothing is merged until the learner says it
    // is theirs.
    assert!(matches!(
        &context(&app).sync.last,
        Some((_, Err(NotSynced::Unconfirmed(_))))
    ));
    assert_eq!(context(&app).profile.deck_counts("gui-test").new, 8);
    assert!(shows(
        &app,
        "The sync folder already holds progress from 1 other computer (studied as \"tester\"). If it is yours, say so and it is merged with yours; if not, choose a folder of your own."
    ));
    confirm(&mut app);
    let sync = &context(&app).sync;
    assert!(!sync.running);
    let synced = match &sync.last {
        Some((_, Ok(synced))) => synced,
        other => panic!("no sync: {other:?}"),
    };
    assert_eq!(synced.merged.reviews, 2);
    assert!(shows(
        &app,
        "Synced just now · 1 other device · brought 2 answers"
    ));
    assert!(shows(&app, "Merged 2 answers from 1 other device."));
    assert_eq!(context(&app).profile.deck_counts("gui-test").new, 6);
    // The folder is kept for the next start.
    send(&mut app, Message::SaveSettings);
    let saved = Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.sync_folder("tester"), Some(folder.path()));
    // This computer's log is in the folder now, beside the other one's.
    let logs = std::fs::read_dir(folder.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == file::EXTENSION)
        })
        .count();
    assert_eq!(logs, 2);

    // Stopping leaves the folder alone and says the learner does not sync.
    // (The button sits below the fold of the simulator's window; its message is what it sends.)
    send(
        &mut app,
        Message::Settings(changchun_cards::gui::screen::settings::Message::StopSyncing),
    );
    assert!(shows(&app, "This learner does not sync."));
    assert_eq!(context(&app).profile.sync_folder(), None);
}

#[test]
fn leaving_a_session_sends_its_answers_to_the_folder_and_the_library_says_when() {
    let folder = tempfile::tempdir().unwrap();
    let dir = syncing_through(folder.path());
    // Opening syncs at once: nothing to merge yet.
    let mut app = open(dir.path());
    assert!(matches!(&context(&app).sync.last, Some((_, Ok(_)))));
    assert!(shows(&app, "Synced just now · no other device yet"));

    send(
        &mut app,
        Message::Library(library::Message::Study("gui-test".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Study(_))));
    send(&mut app, Message::Study(StudyMessage::GiveUp));
    send(&mut app, Message::Study(StudyMessage::Rate(Rating::Again)));
    send(&mut app, Message::Study(StudyMessage::Back));
    assert!(matches!(app.screen(), Some(Screen::Library(_))));

    // The answer is in the folder: a second computer picks it up.
    let home = data_dir();
    let mut profile = Profile::open(DataDir::new(home.path()), Some("tester".into())).unwrap();
    profile.set_sync_folder(Some(folder.path().to_path_buf()));
    let synced = profile.sync_job(true).unwrap()().unwrap();
    assert_eq!(synced.merged.reviews, 1);
}

#[test]
fn a_sync_folder_that_is_gone_is_said_in_the_library_and_study_goes_on() {
    let gone = tempfile::tempdir().unwrap().path().join("usb-stick");
    let dir = syncing_through(&gone);
    let mut app = open(dir.path());
    assert!(matches!(&context(&app).sync.last, Some((_, Err(_)))));
    let status = context(&app).sync.status(Utc::now());
    assert!(
        status.starts_with("Sync failed just now: The sync folder"),
        "{status}"
    );
    assert!(status.contains("is not there"), "{status}");
    assert!(shows(&app, &status));
    send(
        &mut app,
        Message::Library(library::Message::Study("gui-test".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Study(_))));
}

#[test]
fn studying_settings_changed_on_the_other_computer_are_taken_at_start_and_said() {
    let folder = tempfile::tempdir().unwrap();
    let home = data_dir();
    let mut profile = Profile::open(DataDir::new(home.path()), Some("tester".into())).unwrap();
    profile.set_sync_folder(Some(folder.path().to_path_buf()));
    let mut settings = profile.scheduler().settings().clone();
    settings.new_per_day = 3;
    profile.set_scheduler_settings(settings);
    profile.sync_job(true).unwrap()().unwrap();

    let dir = syncing_through(folder.path());
    let mut app = open(dir.path());
    confirm(&mut app);
    let context = context(&app);
    assert_eq!(context.profile.scheduler().settings().new_per_day, 3);
    assert!(
        context.settings_changed,
        "the taken settings wait to be written"
    );
    assert!(
        context
            .notices
            .iter()
            .any(|n| n.starts_with("Took the studying settings changed on another computer")),
        "{:?}",
        context.notices
    );
}

#[test]
fn without_a_folder_dialog_the_in_app_chooser_starts_at_the_sync_folder() {
    let folder = tempfile::tempdir().unwrap();
    let dir = syncing_through(folder.path());
    let mut app = open(dir.path());
    click(&mut app, "Settings");
    // The system dialog gave nothing back (no desktop portal).
    send(&mut app, Message::FileChosen(Purpose::SyncFolder, None));
    match app.screen() {
        Some(Screen::Files(files, _)) => {
            assert!(
                files
                    .path()
                    .starts_with(&folder.path().display().to_string()),
                "{}",
                files.path()
            );
        }
        _ => panic!("the in-app chooser is not shown"),
    }
}

#[test]
fn a_day_start_taken_from_the_other_computer_counts_today_afresh() {
    let folder = tempfile::tempdir().unwrap();
    let home = data_dir();
    let mut profile = Profile::open(DataDir::new(home.path()), Some("tester".into())).unwrap();
    profile.set_sync_folder(Some(folder.path().to_path_buf()));
    let mut settings = profile.scheduler().settings().clone();
    settings.day_starts_at = (settings.day_starts_at + 3) % 24;
    let hour = settings.day_starts_at;
    profile.set_scheduler_settings(settings);
    profile.sync_job(true).unwrap()().unwrap();

    let dir = syncing_through(folder.path());
    let mut app = open(dir.path());
    confirm(&mut app);
    let context = context(&app);
    assert_eq!(context.profile.scheduler().settings().day_starts_at, hour);
    // The learner is told, and the study day now starts at the other computer's hour.
    assert!(
        context
            .notices
            .iter()
            .any(|n| n.starts_with("Took the studying settings")),
        "{:?}",
        context.notices
    );
    assert_eq!(context.profile.scheduler().day().start_hour(), hour);
}
