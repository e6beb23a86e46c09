//! The study loop as a learner meets it: "I don't know" and Enter on an empty answer, "I was right"
//! (and the log keeps it), options marked in place after a wrong choice, rating keys that a double
//! press cannot reach, one rating per card while its commit is out, the line of context above the
//! card, and the summary's list of cards missed.
//!
//! The app's `update()` is driven directly, its Tasks run as the runtime runs them (`settle`), and
//! its view read through the headless simulator (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{read_feedback, send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::study::{Message as StudyMessage, RATING_GUARD, Study};
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::gui::widget::question::Message as Q;
use changchun_cards::review::{Rating, Review};
use changchun_cards::store::Store;
use iced::keyboard::{Key, Modifiers, key::Named};
use tempfile::TempDir;

const DECK_TITLE: &str = "Loop test deck";

fn deck(cards: &str) -> String {
    format!(
        r#"Deck(
    format: 1,
    id: "loop",
    title: "{DECK_TITLE}",
    description: "Cards the study loop tests use.",
    topics: ["Causes", "Consequences"],
    cards: [{cards}],
)"#
    )
}

const CHOICE: &str = r#"Card(
    id: "choice",
    topic: "Causes",
    question: MultipleChoice(prompt: "Who led the Japanese delegation?", options: ["Matsudaira Tsuneo", "Adolph Joffe", "Yanson"], correct: [0]),
    explanation: "Matsudaira Tsuneo led it.",
    sources: ["GSE"],
)"#;

const TYPED: &str = r#"Card(
    id: "typed",
    topic: "Consequences",
    question: TypeAnswer(prompt: "Which city did Japan still hold on the mainland after October 1922?", accepted: ["none"]),
    explanation: "Japan left Vladivostok on 25 October 1922.",
    sources: ["GSE"],
)"#;

const TRUE_FALSE: &str = r#"Card(
    id: "tf",
    topic: "Causes",
    question: TrueFalse(statement: "The conference opened on 4 September 1922.", answer: true),
    explanation: "Both the GSE and Heibonsha give 4 September.",
    sources: ["GSE"],
)"#;

fn studying(cards: &[&str]) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/loop.ron"), deck(&cards.join(",\n"))).unwrap();
    let (mut app, task) =
        App::loaded(Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap());
    settle(&mut app, task);
    send(
        &mut app,
        Message::Library(library::Message::Study("loop".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Study(_))));
    (dir, app)
}

fn study(app: &App) -> &Study {
    match app.screen() {
        Some(Screen::Study(s)) => s,
        _ => panic!("not studying"),
    }
}

fn card(app: &App) -> String {
    study(app)
        .session()
        .current_card()
        .map(|k| k.card.clone())
        .unwrap_or_default()
}

/// A key pressed the moment it comes, as a fast or double press does.
fn press_at_once(app: &mut App, key: Key) {
    send(app, Message::Key(key, Modifiers::empty()));
}

/// A key pressed after reading the feedback.
fn press(app: &mut App, key: Key) {
    read_feedback(app);
    press_at_once(app, key);
}

fn character(c: &str) -> Key {
    Key::Character(c.into())
}

fn to_study(app: &mut App, m: StudyMessage) {
    send(app, Message::Study(m));
}

fn log(dir: &TempDir) -> (Vec<Review>, Vec<i64>) {
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    (
        store.reviews().unwrap(),
        store.overridden_reviews().unwrap(),
    )
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

/// The position on screen of the option with this deck index.
fn position_of(app: &App, index: usize) -> usize {
    let shown = study(app).attempt().unwrap().shown().to_vec();
    shown.iter().position(|&i| i == index).unwrap()
}

#[test]
fn i_dont_know_shows_the_answer_marks_it_missed_and_rates_again() {
    let (dir, mut app) = studying(&[CHOICE, TRUE_FALSE]);
    assert!(shows(&app, "I don't know  [0]"));
    press_at_once(&mut app, character("0"));
    let checked = study(&app).checked().expect("the answer is shown");
    assert!(!checked.correct);
    assert!(shows(&app, "✗ Not known — here is the answer"));
    assert!(shows(&app, "○  Matsudaira Tsuneo — right answer, missed"));
    // Only Again is offered, and Space takes it.
    assert!(!shows(&app, "Good"));
    press(&mut app, Key::Named(Named::Space));
    let (reviews, overrides) = log(&dir);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].rating, Rating::Again);
    assert!(!reviews[0].correct && overrides.is_empty());
    assert_eq!(card(&app), "tf");
}

#[test]
fn enter_on_an_empty_answer_asks_to_show_it_and_another_key_keeps_trying() {
    let (dir, mut app) = studying(&[TYPED, TRUE_FALSE]);
    // Enter in the empty text field (its submit) asks instead of doing nothing.
    to_study(&mut app, StudyMessage::Question(Q::Submit));
    assert!(study(&app).is_asking());
    assert!(study(&app).checked().is_none());
    assert!(shows(
        &app,
        "Nothing entered yet. Show the answer? It counts as not known."
    ));
    // Any other key: keep trying, nothing shown.
    press_at_once(&mut app, character("x"));
    assert!(!study(&app).is_asking() && study(&app).checked().is_none());
    // Asked again, Enter says yes: the answer shows, as not known.
    to_study(&mut app, StudyMessage::Question(Q::Submit));
    press_at_once(&mut app, Key::Named(Named::Enter));
    assert!(!study(&app).checked().unwrap().correct);
    assert!(study(&app).attempt().unwrap().gave_up());
    assert!(shows(&app, "Correct answer: none"));
    assert!(
        !shows(&app, "I was right  [R]"),
        "nothing given, nothing to accept"
    );
    press(&mut app, Key::Named(Named::Enter));
    assert_eq!(log(&dir).0.len(), 1);
}

#[test]
fn i_was_right_regrades_a_typed_answer_and_the_log_records_the_override() {
    let (dir, mut app) = studying(&[TYPED, TRUE_FALSE]);
    to_study(&mut app, StudyMessage::Question(Q::Typed("no city".into())));
    to_study(&mut app, StudyMessage::Question(Q::Submit));
    assert!(!study(&app).checked().unwrap().correct);
    assert!(shows(&app, "I was right  [R]"));
    assert!(!shows(&app, "Good"), "a wrong answer takes only Again");
    press_at_once(&mut app, character("r"));
    assert!(shows(&app, "✓ Accepted as right — you said so"));
    // Any rating from Hard up, Good by default; Again is no longer offered.
    press(&mut app, character("1"));
    assert!(
        log(&dir).0.is_empty(),
        "Again is not a rating for an accepted answer"
    );
    press(&mut app, Key::Named(Named::Space));
    let (reviews, overrides) = log(&dir);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].rating, Rating::Good);
    assert!(reviews[0].correct);
    assert_eq!(overrides, vec![reviews[0].id]);
}

#[test]
fn a_wrong_choice_is_marked_in_place_with_the_missed_right_one() {
    let (_dir, mut app) = studying(&[CHOICE, TRUE_FALSE]);
    let joffe = position_of(&app, 1);
    to_study(&mut app, StudyMessage::Question(Q::Option(joffe)));
    assert!(!study(&app).checked().unwrap().correct);
    let mut ui = simulator(&app);
    ui.find("✗  Adolph Joffe — your answer, wrong").unwrap();
    ui.find("○  Matsudaira Tsuneo — right answer, missed")
        .unwrap();
    // The option neither chosen nor right carries no verdict.
    assert!(ui.find("Yanson — your answer, wrong").is_err());
    assert!(ui.find("Yanson — right answer, missed").is_err());
}

#[test]
fn a_right_true_false_is_ticked_in_place() {
    let (_dir, mut app) = studying(&[TRUE_FALSE, CHOICE]);
    press_at_once(&mut app, character("t"));
    assert!(shows(&app, "✓  True — your answer, right"));
}

#[test]
fn pressing_1_twice_answers_option_1_and_does_not_rate() {
    let (dir, mut app) = studying(&[CHOICE, TRUE_FALSE]);
    press_at_once(&mut app, character("1"));
    assert!(study(&app).checked().is_some(), "the first 1 answers");
    press_at_once(&mut app, character("1"));
    assert!(log(&dir).0.is_empty(), "the second 1 does not rate");
    assert_eq!(card(&app), "choice");
    assert!(study(&app).rating_keys_wait().is_some());
    // Once the feedback has been on screen for the guard, a rating key rates.
    std::thread::sleep(RATING_GUARD);
    let rating = if study(&app).checked().unwrap().correct {
        "3"
    } else {
        "1"
    };
    press_at_once(&mut app, character(rating));
    assert_eq!(log(&dir).0.len(), 1);
    assert_eq!(card(&app), "tf");
}

#[test]
fn a_second_rating_while_the_first_is_being_saved_is_ignored() {
    let (dir, mut app) = studying(&[TRUE_FALSE, CHOICE]);
    press_at_once(&mut app, character("t"));
    // Two ratings before the commit task has run: the second finds the session busy.
    let first = app.update(Message::Study(StudyMessage::Rate(Rating::Good)));
    assert!(study(&app).is_busy());
    assert_eq!(card(&app), "tf", "the next card waits for the commit");
    read_feedback(&app);
    let second = app.update(Message::Study(StudyMessage::Rate(Rating::Easy)));
    assert!(
        app.update(Message::Key(Key::Named(Named::Space), Modifiers::empty()))
            .units()
            == 0
    );
    settle(&mut app, first);
    settle(&mut app, second);
    let (reviews, _) = log(&dir);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].rating, Rating::Good);
    assert_eq!(card(&app), "choice");
}

#[test]
fn the_card_shows_its_deck_topic_place_and_time_and_the_bar_counts_relearning() {
    let (_dir, mut app) = studying(&[TRUE_FALSE, CHOICE]);
    assert_eq!(study(&app).position(), (1, 2, 0.0));
    let line = study(&app).context_line(app.context().unwrap()).unwrap();
    assert!(
        line.starts_with(&format!("{DECK_TITLE} · Causes · True or false")),
        "{line}"
    );
    assert!(line.ends_with("Card 1 of 2 · 0 min"), "{line}");
    assert!(shows(&app, &line));
    // A miss brings the card back today: it is planned again, so the count grows honestly.
    press_at_once(&mut app, character("f"));
    press(&mut app, Key::Named(Named::Space));
    let (at, planned, share) = study(&app).position();
    assert_eq!((at, planned), (2, 3));
    assert!((share - 1.0 / 3.0).abs() < 1e-6);
}

#[test]
fn the_summary_lists_the_cards_missed_with_their_right_answers() {
    let (_dir, mut app) = studying(&[TRUE_FALSE, CHOICE]);
    press_at_once(&mut app, character("f"));
    press(&mut app, Key::Named(Named::Space));
    let right = (position_of(&app, 0) + 1).to_string();
    press_at_once(&mut app, character(&right));
    press(&mut app, Key::Named(Named::Space));
    press_at_once(&mut app, Key::Named(Named::Escape));
    assert!(study(&app).is_finished());
    let missed = &study(&app).summary().unwrap().missed;
    assert_eq!(missed.len(), 1);
    let mut ui = simulator(&app);
    ui.find("Missed (1) — with the right answers").unwrap();
    ui.find("✗ The conference opened on 4 September 1922.  →  True")
        .unwrap();
    assert!(ui.find("Who led the Japanese delegation?").is_err());
    ui.find("Back to the library  [Enter]").unwrap();
}
