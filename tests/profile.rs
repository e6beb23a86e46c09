//! A learner's Profile as the command line and the window use it: opening, today's counts and queue,
//! answers taken in, why nothing can be studied, decks added and learners switched.

mod common;

use changchun_cards::data_dir::DataDir;
use changchun_cards::profile::{NotStarted, PagesChecked, Profile};
use changchun_cards::review::{CardKey, Rating};
use changchun_cards::schedule::{Filter, Standing};
use chrono::Utc;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn data() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    dir
}

fn open(dir: &TempDir) -> Profile {
    Profile::open(DataDir::new(dir.path()), Some("tester".into())).unwrap()
}

fn only(deck: &str) -> Filter {
    Filter {
        decks: vec![deck.to_owned()],
        topics: Vec::new(),
        start_here: false,
        ..Filter::default()
    }
}

#[test]
fn opening_counts_every_card_of_a_new_learner_as_new() {
    let dir = data();
    let profile = open(&dir);
    let deck = profile.library().deck("gui-test").unwrap();
    let counts = profile.deck_counts("gui-test");
    assert_eq!(counts.new, deck.cards.len());
    assert_eq!(counts.learning + counts.due + counts.suspended, 0);
    assert_eq!(
        profile.standing(&CardKey::new("gui-test", "tf")),
        Standing::New
    );
    assert!(profile.topics().iter().any(|t| t == "Causes"));
    assert!(
        profile.mastery("gui-test").is_empty(),
        "mastery waits for the full states"
    );
}

#[test]
fn an_answer_taken_in_moves_the_card_from_new_to_learning_in_todays_counts() {
    let dir = data();
    let mut profile = open(&dir);
    let mut session = profile
        .start_session(&only("gui-test"), Utc::now())
        .unwrap();
    let before = session.current().unwrap().state.clone();
    let review = session.rate_now(Rating::Again, false, Utc::now()).unwrap();
    profile.card_changed(&review.card, before.after(&review));
    let counts = profile.deck_counts("gui-test");
    assert_eq!(counts.new, 7);
    assert_eq!(counts.learning, 1);
    assert!(matches!(
        profile.standing(&review.card),
        Standing::Learning(_)
    ));

    // Opening again reads the same from the store.
    let reopened = open(&dir);
    assert_eq!(reopened.deck_counts("gui-test"), counts);
    let progress = reopened.progress_job()().unwrap();
    assert_eq!(progress.get(&review.card).map(|s| s.reps), Some(1));
}

#[test]
fn mastery_per_topic_is_worked_out_once_the_full_states_are_read() {
    let dir = data();
    let mut profile = open(&dir);
    let progress = profile.progress_job()().unwrap();
    profile.set_progress(progress);
    let mastery = profile.mastery("gui-test");
    let topics: Vec<&str> = mastery.iter().map(|m| m.topic.as_str()).collect();
    assert_eq!(topics, ["Causes", "Consequences"]);
    assert!(mastery.iter().all(|m| m.mastered == 0 && m.cards > 0));
}

#[test]
fn when_the_days_new_cards_are_done_the_profile_says_so_rather_than_nothing_is_due() {
    let dir = data();
    let mut profile = open(&dir);
    let mut settings = profile.scheduler().settings().clone();
    settings.new_per_day = 1;
    profile.set_scheduler_settings(settings);
    let mut session = profile
        .start_session(&only("gui-test"), Utc::now())
        .unwrap();
    let before = session.current().unwrap().state.clone();
    let review = session.rate_now(Rating::Easy, true, Utc::now()).unwrap();
    profile.card_changed(&review.card, before.after(&review));

    let why = profile
        .start_session(&only("gui-test"), Utc::now())
        .unwrap_err();
    assert_eq!(
        why,
        NotStarted::NewCardsDone {
            waiting: 7,
            limit: 1
        }
    );
    assert!(why.to_string().contains("new cards are done"), "{why}");
}

#[test]
fn a_deck_with_no_card_due_is_nothing_due() {
    let dir = data();
    let profile = open(&dir);
    let why = profile
        .start_session(&only("no-such-deck"), Utc::now())
        .unwrap_err();
    assert_eq!(why, NotStarted::NothingDue);
}

#[test]
fn a_suspended_card_leaves_todays_counts_and_comes_back() {
    let dir = data();
    let mut profile = open(&dir);
    let key = CardKey::new("gui-test", "mc");
    let state = profile.suspend_job(key.clone(), true)().unwrap();
    profile.card_changed(&key, state);
    assert_eq!(profile.deck_counts("gui-test").suspended, 1);
    assert_eq!(profile.standing(&key), Standing::Suspended);
    let state = profile.suspend_job(key.clone(), false)().unwrap();
    profile.card_changed(&key, state);
    assert_eq!(profile.deck_counts("gui-test").suspended, 0);
    assert_eq!(profile.standing(&key), Standing::New);
}

#[test]
fn an_imported_file_becomes_a_deck_of_the_library_with_its_counts() {
    let dir = data();
    let mut profile = open(&dir);
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/quiz.xml");
    let added = profile.import_job(source)().unwrap();
    assert!(added.note.starts_with("Imported "), "{}", added.note);
    let id = added.entry.deck.as_ref().unwrap().id.clone();
    let cards = added.entry.deck.as_ref().unwrap().cards.len();
    profile.add_deck(added);
    assert_eq!(profile.deck_counts(&id).new, cards);
    assert_eq!(
        profile.deck_counts("gui-test").new,
        8,
        "other decks keep theirs"
    );
    assert!(dir.path().join("decks").join(format!("{id}.ron")).exists());
}

#[test]
fn a_folder_is_not_imported() {
    let dir = data();
    let profile = open(&dir);
    let err = profile.import_job(dir.path().to_path_buf())().unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_deck_file_added_to_my_decks_is_copied_into_the_deck_folder_and_stays() {
    let dir = data();
    let elsewhere = tempfile::tempdir().unwrap();
    let source = elsewhere.path().join("other.ron");
    std::fs::write(&source, GUI_DECK.replace("gui-test", "other-deck")).unwrap();
    let mut profile = open(&dir);
    let added = profile.add_deck_file_job(source.clone())().unwrap();
    profile.add_deck(added);
    assert!(profile.library().deck("other-deck").is_some());
    std::fs::remove_file(&source).unwrap();
    let reopened = open(&dir);
    assert!(
        reopened.library().deck("other-deck").is_some(),
        "the copy in the deck folder is found after a restart"
    );
}

#[test]
fn saving_a_deck_again_does_not_say_it_replaces_itself() {
    let dir = data();
    let mut profile = open(&dir);
    let path = dir.path().join("decks/gui-test.ron");
    let deck = profile.library().deck("gui-test").unwrap().clone();
    let added = profile.save_deck_job(deck, path)().unwrap();
    profile.add_deck(added);
    assert!(
        profile.library().notices.is_empty(),
        "{:?}",
        profile.library().notices
    );
    assert_eq!(profile.deck_counts("gui-test").new, 8);
}

#[test]
fn switching_learner_counts_their_own_progress() {
    let dir = data();
    let mut profile = open(&dir);
    let key = CardKey::new("gui-test", "tf");
    let state = profile.suspend_job(key.clone(), true)().unwrap();
    profile.card_changed(&key, state);
    let learners = profile.create_learner_job("Boris".into())().unwrap();
    assert!(learners.contains(&"Boris".to_owned()));
    let boris = profile.learner_job("Boris".into())().unwrap();
    profile.switch_to(boris);
    assert_eq!(profile.name(), "Boris");
    assert_eq!(profile.settings().active_profile, "Boris");
    assert_eq!(profile.deck_counts("gui-test").suspended, 0);
    assert!(profile.delete_learner_job("Boris".into()).is_err());
}

#[test]
fn the_clock_says_when_a_new_study_day_begins() {
    let dir = data();
    let now = Utc::now();
    let mut profile =
        Profile::open_at(DataDir::new(dir.path()), Some("tester".into()), now).unwrap();
    assert!(!profile.tick(now + chrono::Duration::seconds(1)));
    assert!(profile.tick(now + chrono::Duration::days(1)));
    assert!(!profile.tick(now + chrono::Duration::days(1)));
}

#[cfg(unix)]
#[test]
fn a_dropped_fifo_or_oversized_file_is_refused_with_its_reason_and_nothing_is_imported() {
    let dir = data();
    let profile = open(&dir);
    let pipe = dir.path().join("dropped.csv");
    let c_path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path and a mode; mkfifo only creates a file system entry.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    // Without a writer, reading the FIFO the plain way would block this test forever.
    let refused = profile.import_job(pipe)().unwrap_err();
    assert!(refused.contains("FIFO"), "{refused}");
    assert!(refused.contains("not a regular file"), "{refused}");

    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(changchun_cards::fsio::MAX_INPUT_BYTES + 1)
        .unwrap();
    let refused = profile.import_job(huge)().unwrap_err();
    assert!(
        refused.contains("larger than 20 MB are refused"),
        "{refused}"
    );
    let decks: Vec<_> = std::fs::read_dir(dir.path().join("decks"))
        .unwrap()
        .collect();
    assert_eq!(decks.len(), 1, "only the deck that was there");
}

/// A learner whose store holds 2 000 answers, with the pages in `pages` (a range of 4 KiB pages, up
/// to the end of the file at most) scribbled over.
fn damaged_pages(dir: &TempDir, pages: std::ops::Range<usize>) -> std::path::PathBuf {
    let folder = dir.path().join("profiles").join("tester");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(changchun_cards::store::FILE_NAME);
    {
        let mut store = changchun_cards::store::Store::open_path(&path).unwrap();
        let reviews: Vec<_> = (0..2000).map(|i| common::review(i, 300)).collect();
        store.import_reviews(&reviews).unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let end = (pages.end * 4096).min(bytes.len());
    for (i, b) in bytes[pages.start * 4096..end].iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Pages of the log, past the schema's first pages: the card states, written after the log, lie
/// beyond them, so opening (which reads the states) does not meet the damage; only a check of every
/// page does.
const LOG_PAGES: std::ops::Range<usize> = 25..45;

#[test]
fn damage_the_check_after_opening_finds_is_set_aside_when_the_profile_is_opened_again() {
    let dir = data();
    let path = damaged_pages(&dir, LOG_PAGES);
    let damaged = std::fs::read(&path).unwrap();
    // Opening reads the header and the states only, so the library can be shown at once.
    let profile = open(&dir);
    assert!(profile.set_aside().is_none());
    let PagesChecked::Damaged {
        path: found,
        message,
    } = profile.check_job()()
    else {
        panic!("the check must find the damage");
    };
    assert_eq!(found, path);
    assert!(message.contains("damaged"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged, "nothing moved yet");

    drop(profile);
    let profile =
        Profile::open_after_damage(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let aside = profile.set_aside().expect("the damaged file is set aside");
    assert!(aside.message.contains("kept as"), "{}", aside.message);
    assert_eq!(
        std::fs::read(&aside.kept).unwrap(),
        damaged,
        "kept byte for byte"
    );
    // The fresh store is sound and new: every card is new again.
    assert_eq!(profile.check_job()(), PagesChecked::Healthy(Vec::new()));
    let deck = profile.library().deck("gui-test").unwrap();
    assert_eq!(profile.deck_counts("gui-test").new, deck.cards.len());
}

#[test]
fn damage_met_while_opening_is_checked_and_set_aside_at_once() {
    let dir = data();
    // Every page after the first: reading the card states meets the damage.
    let path = damaged_pages(&dir, 1..usize::MAX / 4096);
    let damaged = std::fs::read(&path).unwrap();
    let profile = open(&dir);
    let aside = profile.set_aside().expect("the damaged file is set aside");
    assert_eq!(
        std::fs::read(&aside.kept).unwrap(),
        damaged,
        "kept byte for byte"
    );
    assert_eq!(profile.check_job()(), PagesChecked::Healthy(Vec::new()));
}

#[test]
fn a_sound_store_passes_the_check_after_opening() {
    let dir = data();
    let profile = open(&dir);
    assert_eq!(profile.check_job()(), PagesChecked::Healthy(Vec::new()));
}
