//! The app driven as a learner drives it: clicks and typing through the headless simulator, keys through
//! the same messages the keyboard subscription sends. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod common;
mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::answer::Detail;
use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, library, settings};
use changchun_cards::gui::task::Purpose;
use changchun_cards::gui::theme;
use changchun_cards::settings::Theme as ThemeSetting;
use changchun_cards::store::Store;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Settings, Theme};
use iced_test::Simulator;
use iced_test::selector::id;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn app() -> (TempDir, App) {
    app_with(GUI_DECK)
}

/// The app for a learner whose deck folder holds `deck` as the GUI test deck.
fn app_with(deck: &str) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), deck).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    (dir, app)
}

fn press(app: &mut App, key: &str) {
    harness::read_feedback(app);
    send(
        app,
        Message::Key(Key::Character(key.into()), Modifiers::empty()),
    );
}

fn press_named(app: &mut App, key: Named) {
    harness::read_feedback(app);
    send(app, Message::Key(Key::Named(key), Modifiers::empty()));
}

fn reviews(dir: &TempDir) -> usize {
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    store.reviews().unwrap().len()
}

fn study_gui_deck(app: &mut App) {
    send(
        app,
        Message::Library(library::Message::Study("gui-test".into())),
    );
    assert!(
        matches!(app.screen(), Some(Screen::Study(_))),
        "study screen expected"
    );
}

fn study(app: &App) -> &changchun_cards::gui::screen::study::Study {
    match app.screen() {
        Some(Screen::Study(s)) => s,
        _ => panic!("not studying"),
    }
}

fn current_card(app: &App) -> String {
    study(app)
        .session()
        .current_card()
        .map(|k| k.card.clone())
        .unwrap_or_default()
}

#[test]
fn the_library_lists_the_bundled_decks_and_the_users_deck() {
    let (_dir, app) = app();
    let mut ui = simulator(&app);
    ui.find("GUI test deck").unwrap();
    let context = app.context().unwrap();
    assert!(
        context
            .profile
            .library()
            .entries
            .iter()
            .any(|e| e.origin.is_bundled())
    );
    for deck in context.profile.library().decks() {
        ui.find(deck.title.as_str())
            .unwrap_or_else(|_| panic!("{} not shown", deck.title));
    }
    ui.find("8 new").unwrap();
}

#[test]
fn three_kinds_studied_by_keys_and_clicks_are_stored_and_undo_takes_one_back() {
    let (dir, mut app) = app();
    study_gui_deck(&mut app);

    // True/false by key, then Enter takes the default rating (Good, as it was right).
    assert_eq!(current_card(&app), "tf");
    press(&mut app, "t");
    assert!(study(&app).checked().unwrap().correct);
    press_named(&mut app, Named::Enter);

    // Multiple choice by clicking the option, then the Good button by key.
    assert_eq!(current_card(&app), "mc");
    let label = {
        let attempt = study(&app).attempt().unwrap();
        let pos = attempt.shown().iter().position(|&i| i == 1).unwrap();
        format!("{}  Adolph Joffe", pos + 1)
    };
    click(&mut app, &label);
    assert!(study(&app).checked().unwrap().correct);
    press(&mut app, "3");

    // A typed answer, typed into the focused field and checked with Enter.
    assert_eq!(current_card(&app), "typed");
    let messages: Vec<Message> = {
        let mut ui = simulator(&app);
        ui.click(id("answer-input")).unwrap();
        let _ = ui.typewrite("vladivostok");
        let _ = ui.tap_key(Named::Enter);
        ui.into_messages().collect()
    };
    for m in messages {
        send(&mut app, m);
    }
    assert!(study(&app).checked().unwrap().correct);
    press(&mut app, "4");

    assert_eq!(reviews(&dir), 3);
    assert_eq!(current_card(&app), "order");

    press(&mut app, "u");
    assert_eq!(reviews(&dir), 2);
    assert_eq!(current_card(&app), "typed");
    assert!(
        study(&app).checked().is_none(),
        "the undone card is asked again"
    );
}

#[test]
fn a_checked_card_names_its_sources_in_full_from_the_decks_table() {
    // The test deck with a bibliography: GSE is written out, WP-FER is left as a bare code.
    let deck = GUI_DECK.trim_end().strip_suffix(')').unwrap().to_owned()
        + r#"    sources: {
        "GSE": (author: "Aleksandr Prokhorov", title: "Great Soviet Encyclopedia", year: "1970-79"),
    },
)"#;
    let (_dir, mut app) = app_with(&deck);
    study_gui_deck(&mut app);
    assert_eq!(current_card(&app), "tf");
    assert!(
        simulator(&app).find("Aleksandr Prokhorov").is_err(),
        "sources wait for the answer"
    );
    press(&mut app, "t");
    let citation = "Aleksandr Prokhorov, Great Soviet Encyclopedia (1970-79)";
    assert_eq!(study(&app).citations(), [citation]);
    let mut ui = simulator(&app);
    ui.find(citation)
        .unwrap_or_else(|_| panic!("{citation:?} not shown"));
    assert!(ui.find("Sources: GSE").is_err(), "no bare code");
}

#[test]
fn start_here_studies_only_the_starter_set_on_the_main_decks_own_cards() {
    use changchun_cards::deck::model::START_HERE_TAG;
    let (_dir, mut app) = app();
    let (deck_id, starters) = {
        let library = app.context().unwrap().profile.library();
        let deck = library
            .decks()
            .find(|d| !d.start_here().is_empty())
            .expect("a bundled deck has a starter set");
        (deck.id.clone(), deck.start_here().len())
    };
    click(
        &mut app,
        &format!("Start here: the {starters} essential cards"),
    );
    let session = study(&app).session();
    let mut keys: Vec<_> = session.current_card().into_iter().cloned().collect();
    let mut queue = session.queue().clone();
    keys.extend(std::iter::from_fn(|| queue.next(chrono::Utc::now())).map(|e| e.key));
    assert_eq!(
        keys.len(),
        starters.min(20),
        "a new learner's day of new cards"
    );
    let library = app.context().unwrap().profile.library();
    for key in &keys {
        assert_eq!(key.deck, deck_id, "the main deck's own keys");
        let card = library.deck(&key.deck).unwrap().card(&key.card).unwrap();
        assert!(
            card.tags.iter().any(|t| t == START_HERE_TAG),
            "{} is not a start-here card",
            key.card
        );
    }
}

#[test]
fn a_typed_answer_with_one_letter_missing_counts_as_almost() {
    let (_dir, mut app) = app();
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press_named(&mut app, Named::Enter);
    press(&mut app, "1");
    press_named(&mut app, Named::Space);
    assert_eq!(current_card(&app), "typed");
    send(
        &mut app,
        Message::Study(changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Typed("  Vladivostk ".into()),
        )),
    );
    send(
        &mut app,
        Message::Study(changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Submit,
        )),
    );
    let checked = study(&app).checked().unwrap();
    assert!(checked.correct && checked.almost, "{checked:?}");
    let mut ui = simulator(&app);
    ui.find("≈ Almost — counted right").unwrap();
}

/// Answers the current card with a single key and takes the rating offered, so the next card comes up.
fn skip(app: &mut App) {
    let card = current_card(app);
    match card.as_str() {
        "tf" => press(app, "f"),
        "mc" => press(app, "1"),
        _ => panic!("cannot skip {card}"),
    }
    press_named(app, Named::Space);
}

#[test]
fn order_and_match_are_answered_with_the_keyboard() {
    let (dir, mut app) = app();
    study_gui_deck(&mut app);
    skip(&mut app);
    skip(&mut app);
    send(
        &mut app,
        Message::Study(changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Typed("Vladivostock".into()),
        )),
    );
    send(
        &mut app,
        Message::Study(changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Submit,
        )),
    );
    press(&mut app, "3");

    // Order: select each item by its number and move it up with the arrow keys until sorted.
    assert_eq!(current_card(&app), "order");
    for target in 0..3 {
        let sequence = study(&app).attempt().unwrap().sequence().to_vec();
        let mut at = sequence.iter().position(|&i| i == target).unwrap();
        if at == target {
            continue;
        }
        press(&mut app, &(at + 1).to_string());
        while at > target {
            press_named(&mut app, Named::ArrowUp);
            at -= 1;
        }
        press(&mut app, &(at + 1).to_string());
    }
    press_named(&mut app, Named::Enter);
    let checked = study(&app).checked().unwrap().clone();
    assert!(checked.correct, "{checked:?}");
    press_named(&mut app, Named::Space);

    // Match: a left item by number, then its partner by letter.
    assert_eq!(current_card(&app), "match");
    for left in 0..3 {
        let shown = study(&app).attempt().unwrap().shown().to_vec();
        let position = shown.iter().position(|&r| r == left).unwrap();
        press(&mut app, &(left + 1).to_string());
        press(&mut app, &((b'a' + position as u8) as char).to_string());
    }
    press_named(&mut app, Named::Enter);
    let checked = study(&app).checked().unwrap().clone();
    assert!(checked.correct, "{checked:?}");
    assert!(!matches!(checked.detail, Detail::SelfGraded));
    press_named(&mut app, Named::Space);
    assert_eq!(reviews(&dir), 5);
}

#[test]
fn escape_before_any_answer_goes_straight_back_to_the_library_with_no_empty_summary() {
    let (dir, mut app) = app();
    study_gui_deck(&mut app);
    press_named(&mut app, Named::Escape);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    assert_eq!(reviews(&dir), 0);
}

#[test]
fn escape_ends_the_session_with_a_summary_and_progress_survives_reopening() {
    let (dir, mut app) = app();
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press_named(&mut app, Named::Enter);
    press_named(&mut app, Named::Escape);
    {
        let mut ui = simulator(&app);
        ui.find("Session finished").unwrap();
        ui.find("Cards studied: 1 (1 answer)").unwrap();
    }
    press_named(&mut app, Named::Enter);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));

    let reopened = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let progress = reopened.profile.progress_job()().unwrap();
    let key = changchun_cards::review::CardKey::new("gui-test", "tf");
    assert!(progress.get(&key).is_some_and(|s| s.reps == 1));
}

#[test]
fn settings_change_the_theme_and_text_size_and_keep_them() {
    let (dir, mut app) = app();
    press(&mut app, ",");
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    send(
        &mut app,
        Message::Settings(settings::Message::Theme(ThemeSetting::Dark)),
    );
    send(
        &mut app,
        Message::Settings(settings::Message::TextSize(150)),
    );
    assert!(app.theme().is_some_and(|t| t.extended_palette().is_dark));
    assert!((app.scale_factor() - 1.5).abs() < 1e-6);
    // Nothing is written per step: the root's subscription sends SaveSettings half a second later.
    assert!(
        !dir.path().join("settings.ron").exists(),
        "settings are not written inside update"
    );
    send(&mut app, Message::SaveSettings);
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.theme, ThemeSetting::Dark);
    assert_eq!(saved.text_size, 150);
}

#[test]
fn the_study_screen_matches_its_snapshot() {
    let (_dir, mut app) = app();
    study_gui_deck(&mut app);
    let mut ui = simulator(&app);
    let snapshot = ui.snapshot(&Theme::Light).unwrap();
    assert!(
        snapshot
            .matches_hash("tests/snapshots/study_true_false")
            .unwrap(),
        "the study screen changed; delete the snapshot file if the change is intended"
    );
}

/// Pairs the n left items of a match with the right sides as shown (1 with a, 2 with b …).
fn pair_in_order(app: &mut App, n: usize) {
    for i in 0..n {
        press(app, &(i + 1).to_string());
        press(app, &((b'a' + i as u8) as char).to_string());
    }
}

fn question(
    m: changchun_cards::gui::widget::question::Message,
) -> changchun_cards::gui::screen::quiz::Message {
    changchun_cards::gui::screen::quiz::Message::Question(m)
}

#[test]
fn a_five_question_quiz_taken_by_keys_is_scored_and_shown_in_the_statistics() {
    use changchun_cards::deck::Question;
    use changchun_cards::gui::widget::question::Message as Q;
    let (_dir, mut app) = app();
    press(&mut app, "q");
    for _ in 0..3 {
        press_named(&mut app, Named::ArrowLeft);
    }
    press_named(&mut app, Named::Enter);
    let mut asked = 0;
    while let Some(Screen::Quiz(test)) = app.screen() {
        let Some(attempt) = test.attempt() else { break };
        asked += 1;
        assert!(asked <= 5, "more questions than the test holds");
        let multiple = attempt.is_multiple_answer();
        match &attempt.question {
            Question::MultipleChoice { .. } if multiple => {
                press(&mut app, "1");
                press_named(&mut app, Named::Enter);
            }
            Question::MultipleChoice { .. } => press(&mut app, "1"),
            Question::TrueFalse { .. } => press(&mut app, "t"),
            Question::Match { pairs, .. } => {
                // A match is checked only once every item has a partner.
                let n = pairs.len();
                pair_in_order(&mut app, n);
                press_named(&mut app, Named::Enter);
            }
            Question::Order { .. } => press_named(&mut app, Named::Enter),
            Question::TypeAnswer { .. } | Question::Number { .. } => {
                send(&mut app, Message::Quiz(question(Q::Typed("1922".into()))));
                send(&mut app, Message::Quiz(question(Q::Submit)));
            }
            Question::Cloze { .. } => press_named(&mut app, Named::Enter),
            Question::MapPoint { target, .. } => {
                let target = *target;
                send(&mut app, Message::Quiz(question(Q::Point(target))));
            }
            Question::Flashcard { .. } => panic!("a test asks flashcards as multiple choice"),
        }
    }
    assert_eq!(asked, 5);
    let Some(Screen::Quiz(test)) = app.screen() else {
        panic!("the test screen shows the result")
    };
    let result = test.result().expect("finished").clone();
    assert_eq!(result.answers.len(), 5);
    {
        let mut ui = simulator(&app);
        let score = format!(
            "Score: {} of 5 ({:.0} %)",
            result.correct(),
            result.score() * 100.0
        );
        ui.find(score.as_str()).unwrap();
    }

    press_named(&mut app, Named::Enter);
    press(&mut app, "g");
    let Some(Screen::Stats(screen)) = app.screen() else {
        panic!("the statistics screen shows")
    };
    assert_eq!(screen.overview().unwrap().totals.tests_taken, 1);
    let mut ui = simulator(&app);
    ui.find("Quiz scores").unwrap();
}

#[test]
fn importing_a_moodle_xml_file_from_the_library_adds_a_deck_and_lists_what_was_skipped() {
    let (dir, mut app) = app();
    let before = app.context().unwrap().profile.library().decks().count();
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/quiz.xml");
    send(&mut app, Message::FileChosen(Purpose::Import, Some(source)));
    confirm_import(&mut app);
    let context = app.context().unwrap();
    assert_eq!(context.profile.library().decks().count(), before + 1);
    let note = context.notices.last().unwrap();
    assert!(note.starts_with("Imported "), "{note}");
    assert!(
        note.contains("Skipped line"),
        "essay and description items are reported: {note}"
    );
    let saved = std::fs::read_dir(dir.path().join("decks")).unwrap().count();
    assert_eq!(
        saved, 2,
        "the imported deck is saved beside the user's deck"
    );
}

#[test]
fn browse_shows_a_studied_cards_history_and_forgetting_curve_and_suspends_it() {
    use changchun_cards::gui::screen::browse;
    use changchun_cards::review::CardKey;
    let (_dir, mut app) = app();
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press_named(&mut app, Named::Enter);
    press_named(&mut app, Named::Escape);
    press_named(&mut app, Named::Enter);
    press(&mut app, "b");
    let key = CardKey::new("gui-test", "tf");
    send(
        &mut app,
        Message::Browse(browse::Message::Select(key.clone())),
    );
    {
        let mut ui = simulator(&app);
        ui.find("Reviews (1)").unwrap();
        ui.find("Forgetting curve since the last review").unwrap();
    }
    press(&mut app, "s");
    assert!(
        app.context()
            .unwrap()
            .profile
            .state(&key)
            .unwrap()
            .suspended
    );
    let mut ui = simulator(&app);
    ui.find("Unsuspend  [S]").unwrap();
}

#[test]
fn a_second_learner_is_created_in_settings_and_chosen_in_the_library() {
    let (dir, mut app) = app();
    press(&mut app, ",");
    send(
        &mut app,
        Message::Settings(settings::Message::ProfileName("Boris".into())),
    );
    send(
        &mut app,
        Message::Settings(settings::Message::CreateProfile),
    );
    press_named(&mut app, Named::Escape);
    send(
        &mut app,
        Message::Library(library::Message::SwitchProfile("Boris".into())),
    );
    assert_eq!(app.context().unwrap().profile.name(), "Boris");
    assert_eq!(
        app.context().unwrap().profile.deck_counts("gui-test").new,
        8,
        "a new learner starts with no progress"
    );
    send(&mut app, Message::SaveSettings);
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.active_profile, "Boris");
}

#[test]
fn optimize_runs_off_the_ui_thread_and_keeps_the_defaults_with_too_little_history() {
    let (_dir, mut app) = app();
    press(&mut app, ",");
    let before = app.context().unwrap().profile.scheduler().parameters();
    send(&mut app, Message::Settings(settings::Message::Optimize));
    assert_eq!(
        app.context().unwrap().profile.scheduler().parameters(),
        before
    );
    let Some(Screen::Settings(screen)) = app.screen() else {
        panic!("still in the settings")
    };
    let message = screen.status().unwrap_or_default();
    assert!(message.contains("default parameters"), "{message}");
}

// Regressions of the bugs a new learner and a new teacher hit.

fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Saves what the import preview on show would import.
fn confirm_import(app: &mut App) {
    use changchun_cards::gui::screen::import;
    assert!(
        matches!(app.screen(), Some(Screen::Import(_))),
        "the import preview shows first"
    );
    send(app, Message::Import(import::Message::Save));
}

fn notices(app: &App) -> Vec<String> {
    app.context().unwrap().notices.clone()
}

#[test]
fn shift_slash_opens_the_help_and_so_does_the_visible_help_button() {
    let (_dir, mut app) = app();
    // iced reports Shift+/ as "/" with Shift held.
    send(
        &mut app,
        Message::Key(Key::Character("/".into()), Modifiers::SHIFT),
    );
    assert!(app.help, "? opens the help");
    simulator(&app).find("Keyboard shortcuts").unwrap();
    press_named(&mut app, Named::Escape);
    assert!(!app.help, "Esc closes it");
    press(&mut app, "/");
    assert!(!app.help, "a plain / is not ?");
    click(&mut app, "Help");
    assert!(app.help, "the Help button opens it");
}

#[test]
fn without_a_file_dialog_an_in_app_chooser_lists_a_folder_and_imports_the_typed_path() {
    use changchun_cards::gui::screen::files;
    let (_dir, mut app) = app();
    // The system dialog came back without a file (no portal, or cancelled).
    send(&mut app, Message::FileChosen(Purpose::Import, None));
    let Some(Screen::Files(chooser, _)) = app.screen() else {
        panic!("the in-app chooser takes over")
    };
    assert_eq!(chooser.purpose(), Purpose::Import);
    simulator(&app).find("Up one folder").unwrap();
    // Typing a folder lists it; a file in it is picked from the list.
    let folder = fixture("interop");
    send(
        &mut app,
        Message::Files(files::Message::Path(format!("{}/", folder.display()))),
    );
    let Some(Screen::Files(chooser, _)) = app.screen() else {
        panic!("still choosing")
    };
    assert!(chooser.listing().iter().any(|l| l.name == "quiz.xml"));
    let ui_text = {
        let mut ui = simulator(&app);
        ui.find("quiz.xml").is_ok() && ui.find("Cancel  [Esc]").is_ok()
    };
    assert!(ui_text, "the listing and the way back are shown");
    click(&mut app, "quiz.xml");
    click(&mut app, "Open");
    confirm_import(&mut app);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let note = notices(&app).join(" ");
    assert!(note.contains("Imported "), "{note}");
}

#[test]
fn the_in_app_chooser_says_why_it_is_shown_and_escape_goes_back() {
    let (_dir, mut app) = app();
    press(&mut app, "b");
    send(&mut app, Message::FileChosen(Purpose::OpenDeck, None));
    {
        let Some(Screen::Files(..)) = app.screen() else {
            panic!("the in-app chooser takes over")
        };
        let mut ui = simulator(&app);
        ui.find("Open a deck file").unwrap();
    }
    press_named(&mut app, Named::Escape);
    assert!(
        matches!(app.screen(), Some(Screen::Browse(_))),
        "back where the learner was"
    );
}

#[test]
fn a_dropped_exchange_file_goes_to_the_import_and_is_saved_in_the_deck_folder() {
    let (dir, mut app) = app();
    send(&mut app, Message::FileDropped(fixture("interop/quiz.xml")));
    confirm_import(&mut app);
    let note = notices(&app).join(" ");
    assert!(note.contains("Imported "), "{note}");
    let context = app.context().unwrap();
    assert!(
        context.profile.library().broken().next().is_none(),
        "not opened as a broken deck"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("decks")).unwrap().count(),
        2
    );
}

#[test]
fn a_dropped_deck_is_offered_to_my_decks_and_stays_after_a_restart() {
    let (dir, mut app) = app();
    let elsewhere = tempfile::tempdir().unwrap();
    let source = elsewhere.path().join("dropped.ron");
    std::fs::write(&source, GUI_DECK.replace("gui-test", "dropped-deck")).unwrap();
    send(&mut app, Message::FileDropped(source.clone()));
    simulator(&app).find("Add to my decks").unwrap();
    click(&mut app, "Add to my decks");
    assert!(
        app.context()
            .unwrap()
            .profile
            .library()
            .deck("dropped-deck")
            .is_some()
    );
    std::fs::remove_file(&source).unwrap();
    let reopened = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    assert!(
        reopened.profile.library().deck("dropped-deck").is_some(),
        "the copy in the data folder is loaded after a restart"
    );
}

#[test]
fn browse_at_800_by_600_keeps_the_search_box_wide_and_back_whole() {
    use changchun_cards::gui::screen::browse;
    let (_dir, mut app) = app();
    press(&mut app, "b");
    let mut ui = Simulator::with_size(
        Settings {
            fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
            default_font: theme::TEXT,
            ..Settings::default()
        },
        (800.0, 600.0),
        app.view(),
    );
    let search = ui.find(id(browse::SEARCH)).unwrap().bounds();
    assert!(search.width > 400.0, "search box {search:?}");
    let back = ui.find("Back  [Esc]").unwrap().bounds();
    assert!(
        back.x + back.width <= 800.0 && back.width > 60.0,
        "{back:?}"
    );
    // A prompt keeps the width of the list rather than one word a line.
    let prompt = ui
        .find("The conference opened on 4 September 1922.")
        .unwrap()
        .bounds();
    assert!(prompt.height < 40.0, "prompt wraps: {prompt:?}");
    drop(ui);
    let _ = &mut app;
}

#[test]
fn mastery_per_topic_names_each_deck_and_lists_each_topic_once() {
    let (_dir, mut app) = app();
    press(&mut app, "g");
    let Some(Screen::Stats(stats)) = app.screen() else {
        panic!("statistics")
    };
    let labels = stats.mastery_labels();
    assert!(!labels.is_empty());
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.starts_with("GUI test deck")),
        "{labels:?}"
    );
}

#[test]
fn when_the_days_new_cards_are_done_the_library_says_so_rather_than_nothing_is_due() {
    let (_dir, mut app) = app();
    press(&mut app, ",");
    send(
        &mut app,
        Message::Settings(settings::Message::NewPerDay("1".into())),
    );
    press_named(&mut app, Named::Escape);
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press(&mut app, "4");
    press_named(&mut app, Named::Escape);
    press_named(&mut app, Named::Enter);
    send(
        &mut app,
        Message::Library(library::Message::Study("gui-test".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let note = app
        .context()
        .and_then(|c| c.nothing_due.as_ref())
        .map(|(why, _)| why.to_string())
        .unwrap_or_default();
    assert!(note.contains("new cards are done"), "{note}");
    assert!(!note.contains("Nothing is due"), "{note}");
}

#[test]
fn settings_typed_then_escape_are_kept_and_a_bad_value_is_named_beside_its_field() {
    use changchun_cards::gui::screen::settings::Field;
    let (dir, mut app) = app();
    press(&mut app, ",");
    send(
        &mut app,
        Message::Settings(settings::Message::ReviewsPerDay("150".into())),
    );
    press_named(&mut app, Named::Escape);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    assert_eq!(
        app.context()
            .unwrap()
            .profile
            .scheduler()
            .settings()
            .reviews_per_day,
        150
    );
    send(&mut app, Message::SaveSettings);
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.scheduler("tester").reviews_per_day, 150);

    press(&mut app, ",");
    send(
        &mut app,
        Message::Settings(settings::Message::NewPerDay("x".into())),
    );
    press_named(&mut app, Named::Escape);
    let Some(Screen::Settings(screen)) = app.screen() else {
        panic!("a bad value keeps the learner in the settings")
    };
    assert!(screen.problem(Field::NewPerDay).is_some());
    let mut ui = simulator(&app);
    let field = ui.find("A whole number, such as 20.").unwrap().bounds();
    let label = ui.find("New cards per day").unwrap().bounds();
    assert!(
        (field.y - label.y).abs() < 30.0,
        "the problem is beside its field: {field:?} {label:?}"
    );
    drop(ui);
    click(&mut app, "Discard changes");
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
}

#[test]
fn profile_buttons_say_what_they_do() {
    let (_dir, mut app) = app();
    press(&mut app, ",");
    send(
        &mut app,
        Message::Settings(settings::Message::ProfileName("Boris".into())),
    );
    click(&mut app, "Create a profile with this name");
    let mut ui = simulator(&app);
    ui.find("Switch to Boris").unwrap();
    ui.find("Delete Boris").unwrap();
    ui.find("Rename \"tester\" to this name").unwrap();
    assert!(ui.find("Delete this profile").is_err());
    drop(ui);
    click(&mut app, "Delete Boris");
    assert!(
        !app.context()
            .unwrap()
            .profile
            .learners()
            .contains(&"Boris".to_owned())
    );
    assert_eq!(app.context().unwrap().profile.name(), "tester");
}

#[test]
fn every_screen_starts_scrolled_to_the_top_as_its_page_has_a_key_of_its_own() {
    // Widget state (a scroll offset) follows the widget tree's shape; the screens' pages sit under
    // different keys, so nothing is carried from one to another.
    let (_dir, mut app) = app();
    let library = app.screen().unwrap().title();
    press(&mut app, ",");
    let settings = app.screen().unwrap().title();
    press(&mut app, "b");
    assert_ne!(library, settings);
    let mut ui = simulator(&app);
    ui.find(id(changchun_cards::gui::screen::settings::SCROLL))
        .unwrap();
}

#[test]
fn the_session_summary_counts_cards_and_the_quiz_offers_no_more_questions_than_the_deck_has() {
    use changchun_cards::deck::Question;
    use changchun_cards::gui::screen::study::Message as S;
    use changchun_cards::gui::widget::question::Message as Q;
    let (_dir, mut app) = app();
    // The four "Consequences" cards, each answered Again: once all four are done, the first comes
    // back within the learn-ahead limit and is answered a second time.
    send(
        &mut app,
        Message::Library(library::Message::ToggleTopic("Consequences".into())),
    );
    study_gui_deck(&mut app);
    for _ in 0..5 {
        let typed = matches!(
            study(&app).attempt().map(|a| &a.question),
            Some(Question::TypeAnswer { .. } | Question::Number { .. })
        );
        if typed {
            send(&mut app, Message::Study(S::Question(Q::Typed("1".into()))));
        }
        // An empty answer asks whether to show it; a wrong one is checked.
        if matches!(
            study(&app).attempt().map(|a| &a.question),
            Some(Question::Cloze { .. })
        ) {
            send(
                &mut app,
                Message::Study(S::Question(Q::Blank(0, "1".into()))),
            );
        }
        send(&mut app, Message::Study(S::Question(Q::Submit)));
        assert!(study(&app).checked().is_some(), "{}", current_card(&app));
        // Again for a wrong answer; a shuffled order may come out right, which only takes Good.
        press_named(&mut app, Named::Space);
    }
    press_named(&mut app, Named::Escape);
    simulator(&app)
        .find("Cards studied: 4 (5 answers)")
        .unwrap();
    press_named(&mut app, Named::Enter);
    send(
        &mut app,
        Message::Library(library::Message::ToggleTopic("Consequences".into())),
    );

    send(
        &mut app,
        Message::Library(library::Message::Quiz(Some("gui-test".into()))),
    );
    let Some(Screen::Quiz(test)) = app.screen() else {
        panic!("test setup")
    };
    assert_eq!(test.count(), (8, 8));
    let mut ui = simulator(&app);
    ui.find("Questions: 8").unwrap();
    ui.find("From GUI test deck; all topics (8 cards).")
        .unwrap();
}

#[test]
fn a_quiz_offers_no_reveal_button_on_a_cloze() {
    use changchun_cards::deck::Question;
    use changchun_cards::gui::widget::question::Message as Q;
    let (_dir, mut app) = app();
    send(
        &mut app,
        Message::Library(library::Message::Quiz(Some("gui-test".into()))),
    );
    press_named(&mut app, Named::Enter);
    let mut clozes = 0;
    while let Some(Screen::Quiz(test)) = app.screen() {
        let Some(attempt) = test.attempt() else { break };
        match &attempt.question {
            Question::Cloze { .. } => {
                clozes += 1;
                let mut ui = simulator(&app);
                ui.find("Check  [Enter]")
                    .or_else(|_| ui.find("Check"))
                    .expect("the cloze can be checked");
                assert!(ui.find("Reveal").is_err(), "no Reveal in a scored test");
                drop(ui);
                press_named(&mut app, Named::Enter);
            }
            Question::MultipleChoice { .. } if attempt.is_multiple_answer() => {
                press(&mut app, "1");
                press_named(&mut app, Named::Enter);
            }
            Question::MultipleChoice { .. } => press(&mut app, "1"),
            Question::TrueFalse { .. } => press(&mut app, "t"),
            Question::TypeAnswer { .. } | Question::Number { .. } => {
                send(&mut app, Message::Quiz(question(Q::Typed("1922".into()))));
                send(&mut app, Message::Quiz(question(Q::Submit)));
            }
            Question::Match { pairs, .. } => {
                let n = pairs.len();
                pair_in_order(&mut app, n);
                press_named(&mut app, Named::Enter);
            }
            _ => press_named(&mut app, Named::Enter),
        }
    }
    assert_eq!(clozes, 1, "the deck's one cloze was asked");
}

#[test]
fn damage_the_check_after_the_first_screen_finds_is_set_aside_and_the_learner_told() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    let folder = dir.path().join("profiles").join("tester");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(changchun_cards::store::FILE_NAME);
    {
        let mut store = Store::open_path(&path).unwrap();
        let reviews: Vec<_> = (0..2000).map(|i| common::review(i, 300)).collect();
        store.import_reviews(&reviews).unwrap();
    }
    // Pages of the log scribbled over, past the schema's first pages: the header and the card
    // states (written after the log, so beyond these pages) are sound, so the file opens and only
    // the check of every page sees it.
    let mut bytes = std::fs::read(&path).unwrap();
    for (i, b) in bytes[25 * 4096..45 * 4096].iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    assert!(context.profile.set_aside().is_none());

    // The check that follows the first screen finds the damage; the app opens the learner again.
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    let aside = app
        .context()
        .and_then(|c| c.profile.set_aside())
        .expect("the damaged file is set aside")
        .clone();
    assert_eq!(
        std::fs::read(&aside.kept).unwrap(),
        bytes,
        "kept byte for byte"
    );
    let mut ui = simulator(&app);
    ui.find("Your progress file was damaged").unwrap();
}
