//! The deck editor driven as a teacher drives it: typing into a window that lives across updates,
//! keys through the messages the keyboard subscription sends, and saving through the task the app
//! runs, its outcome fed back as a message. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{Window, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::edit::CardEdit;
use changchun_cards::deck::{Field, QuestionKind};
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::Screen;
use changchun_cards::gui::screen::editor::{CardText, DeckText, Editor, Message as E};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::core::widget::Id;
use iced_test::selector::id;
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

fn send(app: &mut App, message: E) {
    let task = app.update(Message::Editor(message));
    settle(app, task);
}

fn ctrl(app: &mut App, key: &str) {
    let task = app.update(Message::Key(Key::Character(key.into()), Modifiers::CTRL));
    settle(app, task);
}

fn editor(app: &App) -> &Editor {
    match app.screen() {
        Some(Screen::Editor(e)) => e,
        _ => panic!("not editing"),
    }
}

fn edit_gui_deck(app: &mut App) {
    let task = app.update(Message::Library(
        changchun_cards::gui::screen::library::Message::Edit(Some("gui-test".into())),
    ));
    settle(app, task);
    assert!(matches!(app.screen(), Some(Screen::Editor(_))));
}

fn select(app: &mut App, card: &str) {
    let i = editor(app)
        .deck()
        .cards
        .iter()
        .position(|c| c.id == card)
        .unwrap();
    send(app, E::Select(i));
}

impl Window {
    /// Clicks an input, then puts the cursor at the end of its text.
    fn click_end(&mut self, app: &mut App, input: Id) {
        let target = self
            .find(app, id(input.clone()))
            .unwrap_or_else(|| panic!("no input {input:?}"));
        let bounds = target.visible_bounds().expect("the input is on screen");
        self.click_at(app, bounds.center());
        self.events(app, iced_test::simulator::tap_key(Named::End, None));
    }

    fn type_text(&mut self, app: &mut App, text: &str) {
        self.events(app, iced_test::simulator::typewrite(text));
    }

    fn backspace(&mut self, app: &mut App, times: usize) {
        for _ in 0..times {
            self.events(app, iced_test::simulator::tap_key(Named::Backspace, None));
        }
    }

    fn focused(&mut self, app: &App) -> Option<Id> {
        self.focused_target(app).and_then(|t| match t {
            iced_test::selector::Target::Focusable { id, .. }
            | iced_test::selector::Target::TextInput { id, .. } => id,
            _ => None,
        })
    }
}

#[test]
fn commas_typed_into_list_fields_are_kept_while_typing() {
    let (_dir, mut app) = app();
    edit_gui_deck(&mut app);
    assert!(
        simulator(&app).find(DeckText::Topics.id()).is_err(),
        "a deck's own fields start folded away"
    );
    send(&mut app, E::ToggleDetails);
    let mut window = Window::new(&app);

    window.click_end(&mut app, DeckText::Topics.id());
    window.type_text(&mut app, ", Delegates, Dates");
    assert_eq!(
        editor(&app).draft(Field::Topics),
        Some("Causes, Consequences, Delegates, Dates")
    );
    assert_eq!(
        editor(&app).deck().topics,
        ["Causes", "Consequences", "Delegates", "Dates"]
    );

    window.click_end(&mut app, DeckText::Authors.id());
    window.type_text(&mut app, "Ann Smith, Bo Li");
    assert_eq!(editor(&app).deck().authors, ["Ann Smith", "Bo Li"]);

    window.click_end(&mut app, CardText::Tags.id());
    window.type_text(&mut app, "dates, opening");
    assert_eq!(editor(&app).draft(Field::Tags), Some("dates, opening"));
    assert_eq!(editor(&app).deck().cards[0].tags, ["dates", "opening"]);

    window.click_end(&mut app, CardText::Sources.id());
    window.type_text(&mut app, "; Lensen, G. A.");
    assert_eq!(
        editor(&app).draft(Field::Sources),
        Some("GSE; Lensen, G. A.")
    );
    assert_eq!(
        editor(&app).deck().cards[0].sources,
        ["GSE", "Lensen, G. A."]
    );
}

#[test]
fn focus_and_text_survive_a_save() {
    let (dir, mut app) = app();
    edit_gui_deck(&mut app);
    let mut window = Window::new(&app);
    let file = dir.path().join("decks/gui-test.ron");

    window.click_end(&mut app, CardText::Explanation.id());
    window.type_text(&mut app, " Opened");
    ctrl(&mut app, "s");
    assert!(editor(&app).status().unwrap().starts_with("Saved"));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("4 September. Opened")
    );
    assert_eq!(
        window.focused(&app),
        Some(CardText::Explanation.id()),
        "the field keeps its focus"
    );
    window.type_text(&mut app, " on 4 September 1922.");
    assert_eq!(
        editor(&app).deck().cards[0].explanation,
        "Both the GSE and Heibonsha give 4 September. Opened on 4 September 1922."
    );

    // A number typed across a save keeps every digit.
    select(&mut app, "number");
    window.click_end(&mut app, CardText::Answer.id());
    window.backspace(&mut app, 4);
    window.type_text(&mut app, "1");
    ctrl(&mut app, "s");
    window.type_text(&mut app, "922");
    assert_eq!(editor(&app).draft(Field::Answer), Some("1922"));
    assert_eq!(
        editor(&app).deck().cards[6].question.answer_text(),
        "1922",
        "saved as 1, then typed on"
    );
}

#[test]
fn a_number_that_does_not_read_shows_why_beside_it_and_is_not_saved() {
    let (dir, mut app) = app();
    edit_gui_deck(&mut app);
    select(&mut app, "number");
    let mut window = Window::new(&app);
    let file = dir.path().join("decks/gui-test.ron");

    window.click_end(&mut app, CardText::Answer.id());
    window.backspace(&mut app, 4);
    window.type_text(&mut app, "19x2");
    assert_eq!(editor(&app).draft(Field::Answer), Some("19x2"));
    assert!(editor(&app).errors() > 0);
    simulator(&app)
        .find("Error: \"19x2\" is not a number; expected digits such as 1925, 1,925 or -3.5")
        .expect("the reason is shown beside the field");

    ctrl(&mut app, "s");
    assert!(editor(&app).status().unwrap().starts_with("Not saved"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        GUI_DECK,
        "nothing written"
    );

    // The card cannot be left with the text unread, so it is not lost unseen either.
    send(&mut app, E::Select(0));
    assert_eq!(editor(&app).selected(), Some(6));

    window.backspace(&mut app, 4);
    window.type_text(&mut app, "1922");
    assert_eq!(editor(&app).errors(), 0);
    ctrl(&mut app, "s");
    let saved = changchun_cards::deck::load_file(&file).deck.unwrap();
    assert_eq!(saved.cards[6].question.answer_text(), "1922");
}

#[test]
fn the_preview_checks_the_answer_and_shows_the_verdict() {
    let (_dir, mut app) = app();
    edit_gui_deck(&mut app);
    select(&mut app, "tf");
    send(&mut app, E::TogglePreview);
    let task = app.update(Message::Key(Key::Character("f".into()), Modifiers::empty()));
    settle(&mut app, task);
    let verdict = editor(&app)
        .preview_verdict()
        .expect("the answer was checked");
    assert!(!verdict.correct, "the statement is true");
    {
        let mut ui = simulator(&app);
        ui.find("✗ Not quite").unwrap();
        ui.find("Correct answer: True").unwrap();
    }

    send(&mut app, E::PreviewAgain);
    assert!(editor(&app).preview_verdict().is_none());
    let messages: Vec<Message> = {
        let mut ui = simulator(&app);
        ui.click("True  [T]").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        settle(&mut app, task);
    }
    assert!(editor(&app).preview_verdict().unwrap().correct);
    simulator(&app).find("✓ Right").unwrap();
}

#[test]
fn saving_twice_adds_no_notice_that_the_deck_replaces_itself() {
    let (_dir, mut app) = app();
    edit_gui_deck(&mut app);
    for title in ["GUI deck, first", "GUI deck, second"] {
        send(&mut app, E::DeckText(DeckText::Title, title.into()));
        ctrl(&mut app, "s");
        assert!(editor(&app).status().unwrap().starts_with("Saved"));
    }
    let context = app.context().unwrap();
    let notices: Vec<&String> = context
        .notices
        .iter()
        .chain(&context.profile.library().notices)
        .collect();
    assert!(notices.is_empty(), "{notices:?}");
    let entries = context
        .profile
        .library()
        .decks()
        .filter(|d| d.id == "gui-test")
        .count();
    assert_eq!(entries, 1);
    assert_eq!(
        context.profile.library().deck("gui-test").unwrap().title,
        "GUI deck, second"
    );
}

#[test]
fn the_editor_writes_nothing_until_the_app_runs_the_save_it_asked_for() {
    let (dir, mut app) = app();
    edit_gui_deck(&mut app);
    let file = dir.path().join("decks/gui-test.ron");
    send(&mut app, E::DeckText(DeckText::Title, "Renamed".into()));
    let task = app.update(Message::Editor(E::Save));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), GUI_DECK);
    assert!(editor(&app).is_dirty());
    settle(&mut app, task);
    assert!(!editor(&app).is_dirty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"Renamed\"")
    );
}

#[test]
fn back_with_unsaved_changes_can_save_and_then_goes_back() {
    let (dir, mut app) = app();
    edit_gui_deck(&mut app);
    send(&mut app, E::Card(CardEdit::Truth(false)));
    send(&mut app, E::Back);
    assert!(
        matches!(app.screen(), Some(Screen::Editor(_))),
        "asked first"
    );
    let messages: Vec<Message> = {
        let mut ui = simulator(&app);
        ui.click("Save and go back").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        settle(&mut app, task);
    }
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    let saved = changchun_cards::deck::load_file(&dir.path().join("decks/gui-test.ron"));
    assert_eq!(saved.deck.unwrap().cards[0].question.answer_text(), "False");
}

#[test]
fn a_finding_is_shown_beside_its_own_card_only() {
    let (_dir, mut app) = app();
    edit_gui_deck(&mut app);
    // Two cards with the same id: each is told, on its own form.
    select(&mut app, "mc");
    send(&mut app, E::CardText(CardText::Id, "tf".into()));
    let duplicate = "Error: duplicate card id \"tf\"; every card in a deck needs its own id";
    simulator(&app).find(duplicate).unwrap();
    select(&mut app, "typed");
    assert!(simulator(&app).find(duplicate).is_err());
    // An empty option on the multiple-choice card shows under the options, not on other cards.
    send(&mut app, E::Select(1));
    send(&mut app, E::CardText(CardText::Item(2), String::new()));
    let empty = "Error: card \"tf\": an empty option; expected some text";
    simulator(&app).find(empty).unwrap();
    send(&mut app, E::Select(0));
    assert!(simulator(&app).find(empty).is_err());
}

#[test]
fn a_teacher_builds_a_deck_of_every_kind_fixes_an_error_saves_and_finds_it_in_the_library() {
    let (dir, mut app) = app();
    let task = app.update(Message::Key(Key::Character("n".into()), Modifiers::empty()));
    settle(&mut app, task);
    assert!(matches!(app.screen(), Some(Screen::Editor(_))));
    let text = |app: &mut App, field: CardText, value: &str| {
        send(app, E::CardText(field, value.to_owned()));
    };
    for kind in QuestionKind::ALL {
        send(&mut app, E::AddCard);
        send(&mut app, E::Card(CardEdit::Kind(kind)));
        let prompt = format!("A {} question about 1922?", kind.label());
        match kind {
            QuestionKind::Cloze => text(
                &mut app,
                CardText::Prompt,
                "The talks met at {{Changchun}}.",
            ),
            _ => text(&mut app, CardText::Prompt, &prompt),
        }
        match kind {
            QuestionKind::Flashcard => text(&mut app, CardText::Back, "An answer."),
            QuestionKind::MultipleChoice | QuestionKind::Order => {
                text(&mut app, CardText::Item(0), "Dairen");
                text(&mut app, CardText::Item(1), "Changchun");
            }
            QuestionKind::TypeAnswer => text(&mut app, CardText::Item(0), "Changchun"),
            QuestionKind::Match => {
                text(&mut app, CardText::Item(0), "Joffe");
                text(&mut app, CardText::Right(0), "RSFSR");
                text(&mut app, CardText::Item(1), "Yanson");
                text(&mut app, CardText::Right(1), "FER");
            }
            QuestionKind::Number => text(&mut app, CardText::Answer, "1922"),
            QuestionKind::MapPoint => {
                use changchun_cards::deck::edit::PictureSlot::Map;
                let maps = dir.path().join("decks/maps");
                std::fs::create_dir_all(&maps).unwrap();
                std::fs::write(maps.join("x.svg"), r#"<svg viewBox="0 0 100 80"/>"#).unwrap();
                text(&mut app, CardText::PlaceName, "Changchun");
                text(&mut app, CardText::PictureFile(Map), "maps/x.svg");
                text(&mut app, CardText::PictureAlt(Map), "A map");
                text(&mut app, CardText::PictureCredit(Map), "Made for this deck");
            }
            QuestionKind::TrueFalse | QuestionKind::Cloze => {}
        }
        text(&mut app, CardText::Explanation, "Because.");
        text(&mut app, CardText::Sources, "GSE");
    }
    assert_eq!(editor(&app).errors(), 0, "{:?}", editor(&app).diagnostics());

    // An error: a duplicate option. Saving is refused until it is fixed.
    send(&mut app, E::Select(1));
    text(&mut app, CardText::Item(1), "dairen");
    assert!(editor(&app).errors() > 0);
    ctrl(&mut app, "s");
    assert!(!dir.path().join("decks/new-deck.ron").exists());
    text(&mut app, CardText::Item(1), "Changchun");
    assert_eq!(editor(&app).errors(), 0);
    ctrl(&mut app, "s");
    assert!(dir.path().join("decks/new-deck.ron").exists());
    send(&mut app, E::Back);
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
    simulator(&app).find("New deck").unwrap();

    let reloaded = changchun_cards::deck::Library::load(&DataDir::new(dir.path()));
    let deck = reloaded.deck("new-deck").expect("the saved deck loads");
    assert_eq!(deck.cards.len(), QuestionKind::ALL.len());
    for kind in QuestionKind::ALL {
        assert!(deck.cards.iter().any(|c| c.question.kind() == kind));
    }
}
