//! The app driven as a learner drives it: clicks and typing through the headless simulator, keys through
//! the same messages the keyboard subscription sends. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

use changchun_cards::answer::Detail;
use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, library, settings};
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
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    (dir, App::loaded(context))
}

fn simulator(app: &App) -> Simulator<'_, Message> {
    Simulator::with_settings(
        Settings {
            fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
            default_font: theme::TEXT,
            ..Settings::default()
        },
        app.view(),
    )
}

/// Clicks the widget showing `label` and feeds the resulting messages back, as the runtime would.
fn click(app: &mut App, label: &str) {
    let mut ui = simulator(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("cannot click {label:?}: {e:?}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        let _ = app.update(m);
    }
}

fn press(app: &mut App, key: &str) {
    let _ = app.update(Message::Key(Key::Character(key.into()), Modifiers::empty()));
}

fn press_named(app: &mut App, key: Named) {
    let _ = app.update(Message::Key(Key::Named(key), Modifiers::empty()));
}

fn reviews(dir: &TempDir) -> usize {
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    store.reviews().unwrap().len()
}

fn study_gui_deck(app: &mut App) {
    let _ = app.update(Message::Library(library::Message::Study("gui-test".into())));
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
            .library
            .entries
            .iter()
            .any(|e| e.origin.is_bundled())
    );
    for deck in context.library.decks() {
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
        let _ = app.update(m);
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
fn a_typed_answer_with_one_letter_missing_counts_as_almost() {
    let (_dir, mut app) = app();
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press_named(&mut app, Named::Enter);
    press(&mut app, "1");
    press_named(&mut app, Named::Space);
    assert_eq!(current_card(&app), "typed");
    let _ = app.update(Message::Study(
        changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Typed("  Vladivostk ".into()),
        ),
    ));
    let _ = app.update(Message::Study(
        changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Submit,
        ),
    ));
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
    let _ = app.update(Message::Study(
        changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Typed("Vladivostock".into()),
        ),
    ));
    let _ = app.update(Message::Study(
        changchun_cards::gui::screen::study::Message::Question(
            changchun_cards::gui::widget::question::Message::Submit,
        ),
    ));
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
fn escape_ends_the_session_with_a_summary_and_progress_survives_reopening() {
    let (dir, mut app) = app();
    study_gui_deck(&mut app);
    press(&mut app, "t");
    press_named(&mut app, Named::Enter);
    press_named(&mut app, Named::Escape);
    {
        let mut ui = simulator(&app);
        ui.find("Session finished").unwrap();
        ui.find("Cards studied: 1").unwrap();
    }
    press_named(&mut app, Named::Enter);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));

    let reopened = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let key = changchun_cards::review::CardKey::new("gui-test", "tf");
    assert!(reopened.state(&key).is_some_and(|s| s.reps == 1));
}

#[test]
fn settings_change_the_theme_and_text_size_and_keep_them() {
    let (dir, mut app) = app();
    press(&mut app, ",");
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    let _ = app.update(Message::Settings(settings::Message::Theme(
        ThemeSetting::Dark,
    )));
    let _ = app.update(Message::Settings(settings::Message::TextSize(150)));
    assert!(app.theme().is_some_and(|t| t.extended_palette().is_dark));
    assert!((app.scale_factor() - 1.5).abs() < 1e-6);
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

fn question(
    m: changchun_cards::gui::widget::question::Message,
) -> changchun_cards::gui::screen::test::Message {
    changchun_cards::gui::screen::test::Message::Question(m)
}

#[test]
fn a_five_question_test_taken_by_keys_is_scored_and_shown_in_the_statistics() {
    use changchun_cards::deck::Question;
    use changchun_cards::gui::screen::stats;
    use changchun_cards::gui::widget::question::Message as Q;
    let (_dir, mut app) = app();
    press(&mut app, "t");
    for _ in 0..3 {
        press_named(&mut app, Named::ArrowLeft);
    }
    press_named(&mut app, Named::Enter);
    let mut asked = 0;
    while let Some(Screen::Test(test)) = app.screen() {
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
            Question::Order { .. } | Question::Match { .. } => press_named(&mut app, Named::Enter),
            Question::TypeAnswer { .. } | Question::Number { .. } => {
                let _ = app.update(Message::Test(question(Q::Typed("1922".into()))));
                let _ = app.update(Message::Test(question(Q::Submit)));
            }
            Question::Cloze { .. } => press_named(&mut app, Named::Enter),
            Question::Flashcard { .. } => panic!("a test asks flashcards as multiple choice"),
        }
    }
    assert_eq!(asked, 5);
    let Some(Screen::Test(test)) = app.screen() else {
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
    let overview =
        iced::futures::executor::block_on(app.context().unwrap().compute_overview()).unwrap();
    assert_eq!(overview.totals.tests_taken, 1);
    let _ = app.update(Message::Stats(stats::Message::Computed(Ok(
        std::sync::Arc::new(overview),
    ))));
    let mut ui = simulator(&app);
    ui.find("Test scores").unwrap();
}

#[test]
fn a_teacher_builds_a_deck_of_every_kind_fixes_an_error_saves_and_finds_it_in_the_library() {
    use changchun_cards::deck::QuestionKind;
    use changchun_cards::gui::screen::editor::{CardField, Message as E};
    let (dir, mut app) = app();
    press(&mut app, "n");
    assert!(matches!(app.screen(), Some(Screen::Editor(_))));
    let edit = |app: &mut App, field: CardField, value: &str| {
        let _ = app.update(Message::Editor(E::Card(field, value.to_owned())));
    };
    for kind in QuestionKind::ALL {
        let _ = app.update(Message::Editor(E::AddCard));
        edit(&mut app, CardField::Kind(kind), "");
        let prompt = format!("A {} question about 1922?", kind.label());
        match kind {
            QuestionKind::Cloze => edit(
                &mut app,
                CardField::Prompt,
                "The talks met at {{Changchun}}.",
            ),
            _ => edit(&mut app, CardField::Prompt, &prompt),
        }
        match kind {
            QuestionKind::Flashcard => edit(&mut app, CardField::Back, "An answer."),
            QuestionKind::MultipleChoice | QuestionKind::Order => {
                edit(&mut app, CardField::Item(0), "Dairen");
                edit(&mut app, CardField::Item(1), "Changchun");
            }
            QuestionKind::TypeAnswer => edit(&mut app, CardField::Item(0), "Changchun"),
            QuestionKind::Match => {
                edit(&mut app, CardField::Item(0), "Joffe");
                edit(&mut app, CardField::Right(0), "RSFSR");
                edit(&mut app, CardField::Item(1), "Yanson");
                edit(&mut app, CardField::Right(1), "FER");
            }
            QuestionKind::Number => edit(&mut app, CardField::Answer, "1922"),
            QuestionKind::TrueFalse | QuestionKind::Cloze => {}
        }
        edit(&mut app, CardField::Explanation, "Because.");
        edit(&mut app, CardField::Sources, "GSE");
    }
    let editor = |app: &App| match app.screen() {
        Some(Screen::Editor(e)) => e.errors(),
        _ => panic!("not editing"),
    };
    assert_eq!(editor(&app), 0);

    // An error: a duplicate option. Saving is refused until it is fixed.
    let _ = app.update(Message::Editor(E::Select(1)));
    edit(&mut app, CardField::Item(1), "dairen");
    assert!(editor(&app) > 0);
    let _ = app.update(Message::Editor(E::Save));
    assert!(!dir.path().join("decks/new-deck.ron").exists());
    edit(&mut app, CardField::Item(1), "Changchun");
    assert_eq!(editor(&app), 0);
    let _ = app.update(Message::Editor(E::Save));
    assert!(dir.path().join("decks/new-deck.ron").exists());
    let _ = app.update(Message::Editor(E::Leave));
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let mut ui = simulator(&app);
    ui.find("New deck").unwrap();

    let reloaded = changchun_cards::deck::Library::load(&DataDir::new(dir.path()));
    let deck = reloaded.deck("new-deck").expect("the saved deck loads");
    assert_eq!(deck.cards.len(), 8);
    for kind in QuestionKind::ALL {
        assert!(deck.cards.iter().any(|c| c.question.kind() == kind));
    }
}

#[test]
fn importing_a_moodle_xml_file_from_the_library_adds_a_deck_and_lists_what_was_skipped() {
    let (dir, mut app) = app();
    let before = app.context().unwrap().library.decks().count();
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/quiz.xml");
    let _ = app.update(Message::ImportFileChosen(Some(source)));
    let context = app.context().unwrap();
    assert_eq!(context.library.decks().count(), before + 1);
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
    let _ = app.update(Message::Browse(browse::Message::Select(key.clone())));
    {
        let mut ui = simulator(&app);
        ui.find("Reviews (1)").unwrap();
        ui.find("Forgetting curve since the last review").unwrap();
    }
    press(&mut app, "s");
    assert!(app.context().unwrap().state(&key).unwrap().suspended);
    let mut ui = simulator(&app);
    ui.find("Unsuspend  [S]").unwrap();
}

#[test]
fn a_second_learner_is_created_in_settings_and_chosen_in_the_library() {
    let (dir, mut app) = app();
    press(&mut app, ",");
    let _ = app.update(Message::Settings(settings::Message::ProfileName(
        "Boris".into(),
    )));
    let _ = app.update(Message::Settings(settings::Message::CreateProfile));
    press_named(&mut app, Named::Escape);
    let _ = app.update(Message::Library(library::Message::SwitchProfile(
        "Boris".into(),
    )));
    assert_eq!(app.context().unwrap().profile, "Boris");
    assert!(
        app.context().unwrap().states.is_empty(),
        "a new learner starts with no progress"
    );
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.active_profile, "Boris");
}

#[test]
fn optimize_runs_off_the_ui_thread_and_keeps_the_defaults_with_too_little_history() {
    let (_dir, mut app) = app();
    press(&mut app, ",");
    let before = app.context().unwrap().scheduler.parameters();
    let _ = app.update(Message::Settings(settings::Message::Optimize));
    let report = iced::futures::executor::block_on(app.context().unwrap().optimize()).unwrap();
    assert!(!report.changed);
    let message = report.message.clone();
    let _ = app.update(Message::Settings(settings::Message::Optimized(Ok(
        std::sync::Arc::new(report),
    ))));
    assert_eq!(app.context().unwrap().scheduler.parameters(), before);
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    assert!(message.contains("default parameters"), "{message}");
}
