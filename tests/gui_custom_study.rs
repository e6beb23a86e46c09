//! Custom study as a learner meets it: the day's new cards run out and the library and the summary
//! say so with the next step beside it; more new cards today are then studied; cramming leaves the
//! schedule as it was; and the summary's "Study these again" crams the cards just missed.
//!
//! The app's `update()` is driven with messages and keys, its tasks run as the runtime runs them,
//! and its view is read through the headless simulator (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::custom_study::{self, SetChoice};
use changchun_cards::gui::screen::study::Study;
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::profile::NotStarted;
use changchun_cards::review::ReviewKind;
use changchun_cards::schedule::Preset;
use changchun_cards::store::Store;
use iced::keyboard::{Key, Modifiers, key::Named};
use tempfile::TempDir;

/// Four true/false cards, all true, the first two about causes.
const DECK: &str = r#"Deck(format: 1, id: "custom-test", title: "Custom study test deck",
    topics: ["Causes", "Consequences"], cards: [
    Card(id: "c1", topic: "Causes", tags: ["treaty"], question: TrueFalse(statement: "One.", answer: true)),
    Card(id: "c2", topic: "Causes", question: TrueFalse(statement: "Two.", answer: true)),
    Card(id: "c3", topic: "Consequences", tags: ["treaty"], question: TrueFalse(statement: "Three.", answer: true)),
    Card(id: "c4", topic: "Consequences", question: TrueFalse(statement: "Four.", answer: true)),
])"#;

/// The app for a learner who takes `new_per_day` new cards a day, on the deck above.
fn app(new_per_day: u32) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/custom-test.ron"), DECK).unwrap();
    std::fs::write(
        dir.path().join("settings.ron"),
        format!(
            "(active_profile: \"tester\", schedulers: {{\"tester\": (new_per_day: {new_per_day})}})"
        ),
    )
    .unwrap();
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

fn press_named(app: &mut App, key: Named) {
    send(app, Message::Key(Key::Named(key), Modifiers::empty()));
}

fn study(app: &App) -> &Study {
    match app.screen() {
        Some(Screen::Study(s)) => s,
        _ => panic!("not studying"),
    }
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

fn custom(app: &mut App, m: custom_study::Message) {
    send(app, Message::CustomStudy(m));
}

/// Answers every card on screen until the session ends: the cards in `wrong` false ("f", then
/// Again) the first time they show, every other answer true ("t", then Easy, which takes a new card
/// past its learning steps).
fn answer_all(app: &mut App, wrong: &[&str]) -> Vec<String> {
    let mut answered: Vec<String> = Vec::new();
    while let Some(key) = study(app).session().current_card().cloned() {
        let first_time = !answered.contains(&key.card);
        if first_time && wrong.contains(&key.card.as_str()) {
            press(app, "f");
            harness::read_feedback(app);
            press(app, "1");
        } else {
            press(app, "t");
            harness::read_feedback(app);
            press(app, "4");
        }
        answered.push(key.card);
        assert!(answered.len() < 50, "the session never ends");
    }
    answered
}

fn study_deck(app: &mut App) {
    send(
        app,
        Message::Library(library::Message::Study("custom-test".into())),
    );
}

fn card_states(
    dir: &TempDir,
) -> std::collections::HashMap<changchun_cards::review::CardKey, changchun_cards::schedule::CardState>
{
    Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store
        .card_states()
        .unwrap()
}

#[test]
fn new_cards_run_out_the_library_says_so_and_more_new_cards_today_are_studied() {
    let (dir, mut app) = app(1);
    study_deck(&mut app);
    assert_eq!(answer_all(&mut app, &[]), ["c1"]);
    // The summary tells the day's limit apart from nothing being due, with the next step.
    assert!(study(&app).is_finished());
    assert!(shows(&app, "Custom study…  [C]"));
    let summary_says = simulator(&app)
        .find("Today's new cards are done: 3 new cards are left, at 1 a day. Custom study can add more new cards for today only, or let you review ahead or cram.")
        .is_ok();
    assert!(summary_says, "the summary names the limit");
    press_named(&mut app, Named::Enter);

    study_deck(&mut app);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let context = app.context().unwrap();
    assert_eq!(
        context
            .nothing_due
            .as_ref()
            .map(|(why, deck)| (why.clone(), deck.clone())),
        Some((
            NotStarted::NewCardsDone {
                waiting: 3,
                limit: 1
            },
            Some("custom-test".to_owned())
        ))
    );
    assert!(shows(
        &app,
        "Today's new cards are done: 3 new cards are left, at 1 a day. Custom study can add \
         more new cards for today only, or let you review ahead or cram."
    ));
    assert!(shows(&app, "More new cards today…  [C]"));

    // C opens custom study for the deck the note was about.
    press(&mut app, "c");
    let Some(Screen::CustomStudy(screen)) = app.screen() else {
        panic!("custom study expected");
    };
    assert_eq!(screen.deck(), Some("custom-test"));
    assert!(app.context().unwrap().nothing_due.is_none());
    custom(&mut app, custom_study::Message::ExtraNew(-5));
    custom(&mut app, custom_study::Message::ExtraNew(-5));
    custom(&mut app, custom_study::Message::ExtraNew(1));
    assert!(shows(&app, "Learn 2 more new cards"));
    custom(&mut app, custom_study::Message::LearnMoreNew);
    assert_eq!(study(&app).session().counts(), (2, 0, 0));
    assert_eq!(answer_all(&mut app, &[]).len(), 2);

    // The extension is written with the settings, for today only.
    assert!(app.context().unwrap().settings_changed);
    send(&mut app, Message::SaveSettings);
    let saved = std::fs::read_to_string(dir.path().join("settings.ron")).unwrap();
    assert!(saved.contains("extra_new"), "{saved}");
    assert_eq!(card_states(&dir).len(), 3);
}

#[test]
fn a_cram_from_custom_study_leaves_the_schedule_as_it_was() {
    let (dir, mut app) = app(20);
    study_deck(&mut app);
    answer_all(&mut app, &["c2"]);
    press_named(&mut app, Named::Enter);
    let before = card_states(&dir);
    assert_eq!(before.len(), 4);

    send(
        &mut app,
        Message::Library(library::Message::CustomStudy(Some("custom-test".into()))),
    );
    custom(&mut app, custom_study::Message::PickCram(SetChoice::All));
    custom(&mut app, custom_study::Message::Cram);
    assert!(study(&app).session().is_cram());
    assert!(shows(
        &app,
        "Cram: your answers are kept but change no card's schedule."
    ));
    // Answered wrong once, a card comes back at the end of the cram.
    let first = study(&app).session().current_card().unwrap().card.clone();
    let answered = answer_all(&mut app, &[first.as_str()]);
    assert_eq!(answered.len(), 5);
    assert_eq!(card_states(&dir), before);
    let reviews = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store
        .reviews()
        .unwrap();
    assert_eq!(
        reviews
            .iter()
            .filter(|r| r.kind == ReviewKind::Cram)
            .count(),
        5
    );
}

#[test]
fn the_summary_crams_the_missed_cards_again_and_quizzes_todays_cards() {
    let (dir, mut app) = app(20);
    study_deck(&mut app);
    answer_all(&mut app, &["c3"]);
    assert!(shows(
        &app,
        "Study these again: the 1 missed, no schedule change  [A]"
    ));
    assert!(shows(&app, "Take a quiz on today's cards  [Q]"));
    let before = card_states(&dir);

    press(&mut app, "a");
    let session = study(&app).session();
    assert!(session.is_cram());
    assert_eq!(session.current_card().map(|k| k.card.as_str()), Some("c3"));
    assert_eq!(session.counts(), (0, 0, 1));
    assert_eq!(answer_all(&mut app, &[]), ["c3"]);
    assert_eq!(card_states(&dir), before);

    press(&mut app, "q");
    let Some(Screen::Quiz(_)) = app.screen() else {
        panic!("a quiz expected");
    };
    assert!(shows(
        &app,
        "From the 4 cards chosen (those you studied today)."
    ));
}

#[test]
fn a_decks_options_take_a_preset_and_are_kept_in_the_settings() {
    let (dir, mut app) = app(20);
    send(
        &mut app,
        Message::Library(library::Message::CustomStudy(Some("custom-test".into()))),
    );
    assert!(shows(&app, "Options for \"Custom study test deck\""));
    custom(&mut app, custom_study::Message::Preset(Preset::Light));
    let profile = &app.context().unwrap().profile;
    assert_eq!(
        profile.deck_options("custom-test"),
        Preset::Light.options().as_ref()
    );
    custom(
        &mut app,
        custom_study::Message::LearningSteps("0 10".into()),
    );
    let Some(Screen::CustomStudy(screen)) = app.screen() else {
        panic!("custom study expected");
    };
    assert!(screen.problem(custom_study::Field::LearningSteps).is_some());
    custom(
        &mut app,
        custom_study::Message::LearningSteps("5 15".into()),
    );
    custom(&mut app, custom_study::Message::NewPerDay("2".into()));
    send(&mut app, Message::SaveSettings);
    let reopened = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let options = reopened.profile.deck_options("custom-test").unwrap();
    assert_eq!(
        (options.new_per_day, options.learning_steps.clone()),
        (2, vec![5, 15])
    );
    // The queue honours the deck's own limit.
    press_named(&mut app, Named::Escape);
    study_deck(&mut app);
    assert_eq!(study(&app).session().counts(), (2, 0, 0));
}
