//! The browse table driven as a learner drives it: the search language, sorting by a column's
//! header, ticking several cards and suspending or resetting them at once, and editing the
//! selected card.
//! No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::browse_query::Column;
use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, browse};
use changchun_cards::gui::theme;
use changchun_cards::review::{CardKey, Rating};
use changchun_cards::schedule::Phase;
use changchun_cards::store::Store;
use iced::Settings;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::Simulator;
use iced_test::selector::id;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

/// The app on the browse screen, showing only the test deck's cards.
fn browsing() -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    open_browse(dir)
}

/// Opens the app on `dir` and goes to the browse screen of the test deck.
fn open_browse(dir: TempDir) -> (TempDir, App) {
    let context = Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    send(
        &mut app,
        Message::Library(changchun_cards::gui::screen::library::Message::Browse(
            Some("gui-test".into()),
        )),
    );
    (dir, app)
}

fn screen(app: &App) -> &browse::Browse {
    match app.screen() {
        Some(Screen::Browse(b)) => b,
        _ => panic!("not browsing"),
    }
}

fn shown(app: &App) -> Vec<String> {
    screen(app).shown().map(|k| k.card.clone()).collect()
}

fn search(app: &mut App, query: &str) {
    send(app, Message::Browse(browse::Message::Search(query.into())));
}

fn key(app: &mut App, key: Key, modifiers: Modifiers) {
    send(app, Message::Key(key, modifiers));
}

#[test]
fn the_search_language_filters_and_a_bad_term_is_named_under_the_box() {
    let (_dir, mut app) = browsing();
    assert_eq!(shown(&app).len(), 8, "the deck's eight cards");
    search(&mut app, "deck:gui-test topic:Causes kind:match");
    assert_eq!(shown(&app), ["match"]);
    search(
        &mut app,
        "deck:gui-test topic:Causes -kind:match -kind:flashcard",
    );
    assert_eq!(shown(&app), ["tf", "mc"]);
    search(&mut app, "deck:gui-test \"4 September\"");
    assert_eq!(shown(&app), ["tf"]);
    search(&mut app, "deck:gui-test is:new joffe");
    assert_eq!(shown(&app), ["mc", "match"]);

    search(&mut app, "deck:gui-test is:new colour:red");
    let error = screen(&app).query_error().expect("the bad term is named");
    assert!(error.contains("\"colour:\" is not a field"), "{error}");
    assert_eq!(
        shown(&app),
        ["mc", "match"],
        "the last search that could be read stays in force"
    );
    simulator(&app).find(error).unwrap();
    search(&mut app, "deck:gui-test");
    assert!(screen(&app).query_error().is_none());
    assert_eq!(shown(&app).len(), 8);
    search(&mut app, "");
    assert!(shown(&app).len() > 8, "every deck's cards");
}

#[test]
fn clicking_a_header_sorts_by_it_and_again_reverses() {
    let (_dir, mut app) = browsing();
    click(&mut app, "Prompt");
    assert_eq!(screen(&app).sorted_by(), (Column::Prompt, false));
    let prompts = |app: &App| -> Vec<String> {
        let library = app.context().unwrap().profile.library();
        screen(app)
            .shown()
            .map(|k| {
                library
                    .deck(&k.deck)
                    .unwrap()
                    .card(&k.card)
                    .unwrap()
                    .question
                    .prompt()
                    .to_lowercase()
            })
            .collect()
    };
    let ascending = prompts(&app);
    let mut sorted = ascending.clone();
    sorted.sort();
    assert_eq!(ascending, sorted);
    click(&mut app, "Prompt ▲");
    assert_eq!(screen(&app).sorted_by(), (Column::Prompt, true));
    let mut descending = prompts(&app);
    descending.reverse();
    assert_eq!(descending, sorted);
}

#[test]
fn several_ticked_cards_are_suspended_at_once_and_stay_so_in_the_store() {
    let (dir, mut app) = browsing();
    // ↓ selects the first card; Shift+↓ ticks it and the next; Space ticks the one after.
    key(&mut app, Key::Named(Named::ArrowDown), Modifiers::empty());
    key(&mut app, Key::Named(Named::ArrowDown), Modifiers::SHIFT);
    key(&mut app, Key::Named(Named::ArrowDown), Modifiers::empty());
    key(&mut app, Key::Named(Named::Space), Modifiers::empty());
    let ticked: Vec<String> = screen(&app).ticked().map(|k| k.card.clone()).collect();
    assert_eq!(ticked, ["tf", "mc", "typed"]);
    click(&mut app, "Suspend");
    for card in &ticked {
        let k = CardKey::new("gui-test", card);
        assert!(app.context().unwrap().profile.state(&k).unwrap().suspended);
    }
    search(&mut app, "deck:gui-test is:suspended");
    assert_eq!(shown(&app), ticked);
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    let states = store.card_states().unwrap();
    assert_eq!(states.values().filter(|s| s.suspended).count(), 3);
    drop(store);

    // S with every ticked card suspended brings them all back.
    key(&mut app, Key::Character("s".into()), Modifiers::empty());
    assert!(shown(&app).is_empty());
    search(&mut app, "deck:gui-test");
    assert_eq!(shown(&app).len(), 8);
}

#[test]
fn edit_in_editor_opens_the_editor_at_the_selected_card() {
    let (_dir, mut app) = browsing();
    send(
        &mut app,
        Message::Browse(browse::Message::Select(CardKey::new("gui-test", "order"))),
    );
    key(&mut app, Key::Character("e".into()), Modifiers::empty());
    let Some(Screen::Editor(editor)) = app.screen() else {
        panic!("the editor opens")
    };
    assert_eq!(editor.deck().id, "gui-test");
    let at = editor.selected().expect("a card is selected");
    assert_eq!(editor.deck().cards[at].id, "order");
}

#[test]
fn at_800_by_600_every_header_the_search_and_the_prompt_fit() {
    let (_dir, app) = browsing();
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
    for column in Column::ALL {
        // The column sorted by carries an arrow.
        let header = ui
            .find(column.label())
            .or_else(|_| ui.find(format!("{} ▲", column.label()).as_str()))
            .unwrap()
            .bounds();
        assert!(
            header.x >= 0.0 && header.x + header.width <= 800.0 && header.height < 30.0,
            "{} header {header:?}",
            column.label()
        );
    }
    let prompt = ui
        .find("The conference opened on 4 September 1922.")
        .unwrap()
        .bounds();
    assert!(
        prompt.height < 40.0 && prompt.y + prompt.height < 600.0,
        "{prompt:?}"
    );
}

/// The browse screen over the test deck with every card answered once, days ago.
fn browsing_studied() -> (TempDir, App) {
    let (dir, app) = browsing();
    let keys: Vec<CardKey> = screen(&app).shown().cloned().collect();
    drop(app);
    let mut store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    let scheduler = changchun_cards::schedule::Scheduler::new(Default::default());
    let at = chrono::Utc::now() - chrono::Duration::days(3);
    for key in &keys {
        let state = store.card_state(key).unwrap();
        let (_, scheduled) = scheduler.answer(&state, Rating::Easy, at, key);
        store
            .record_review(&scheduled.into_review(key.clone(), at, Rating::Easy, true, 1000))
            .unwrap();
    }
    drop(store);
    open_browse(dir)
}

fn phase(app: &App, card: &str) -> Phase {
    let key = CardKey::new("gui-test", card);
    app.context().unwrap().profile.state(&key).unwrap().phase
}

#[test]
fn a_reset_is_asked_first_and_esc_takes_the_question_back() {
    let (dir, mut app) = browsing_studied();
    let browse = Message::Browse;
    send(
        &mut app,
        browse(browse::Message::Tick(CardKey::new("gui-test", "tf"), true)),
    );
    send(
        &mut app,
        browse(browse::Message::Tick(CardKey::new("gui-test", "mc"), true)),
    );
    key(&mut app, Key::Character("r".into()), Modifiers::empty());
    assert_eq!(screen(&app).asked_reset().map(<[_]>::len), Some(2));
    assert_ne!(
        phase(&app, "tf"),
        Phase::New,
        "nothing is reset before the answer"
    );
    // Esc takes the question back and stays on the screen.
    key(&mut app, Key::Named(Named::Escape), Modifiers::empty());
    assert!(screen(&app).asked_reset().is_none());
    // Enter with nothing asked does nothing.
    key(&mut app, Key::Named(Named::Enter), Modifiers::empty());
    assert_ne!(phase(&app, "tf"), Phase::New);

    key(&mut app, Key::Character("r".into()), Modifiers::empty());
    key(&mut app, Key::Named(Named::Enter), Modifiers::empty());
    assert!(screen(&app).asked_reset().is_none());
    assert_eq!(phase(&app, "tf"), Phase::New);
    assert_eq!(phase(&app, "mc"), Phase::New);
    assert_ne!(phase(&app, "typed"), Phase::New, "only the ticked cards");
    assert_eq!(
        screen(&app).notice(),
        Some("Reset 2 cards to new; their answers stay in the history.")
    );
    search(&mut app, "deck:gui-test is:new");
    let mut new = shown(&app);
    new.sort();
    assert_eq!(new, ["mc", "tf"]);
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    assert_eq!(store.review_count().unwrap(), 8, "every answer stays");
    assert_eq!(store.resets().unwrap().len(), 2);

    // Cards that are new already are not asked about, and no reset is recorded for them.
    key(&mut app, Key::Character("r".into()), Modifiers::empty());
    assert!(screen(&app).asked_reset().is_none());
    assert_eq!(
        screen(&app).notice(),
        Some("These 2 cards are new already.")
    );
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    assert_eq!(store.resets().unwrap().len(), 2);
}

#[test]
fn ticking_two_cards_and_confirming_reset_shows_them_new_in_the_rows() {
    let (_dir, mut app) = browsing_studied();
    assert!(simulator(&app).find("new").is_err(), "every card studied");
    // The first two rows: ↓ selects the first, Shift+↓ ticks it and the next.
    key(&mut app, Key::Named(Named::ArrowDown), Modifiers::empty());
    key(&mut app, Key::Named(Named::ArrowDown), Modifiers::SHIFT);
    click(&mut app, "Reset…  [R]");
    simulator(&app)
        .find("Reset 2 cards to new? Their answers stay in the history.")
        .unwrap();
    click(&mut app, "Reset");
    let ticked: Vec<String> = screen(&app).ticked().map(|k| k.card.clone()).collect();
    assert_eq!(ticked.len(), 2);
    for card in &ticked {
        assert_eq!(phase(&app, card), Phase::New);
    }
    let mut ui = simulator(&app);
    ui.find("new").expect("the reset rows show new");
    ui.find("Reset 2 cards to new; their answers stay in the history.")
        .unwrap();
}
