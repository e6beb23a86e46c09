//! Answering questions as a learner does, one bug fixed per test: focus moves with Tab and Enter
//! between the blanks of a cloze, a number question refuses what is not a number, a match is checked
//! only once complete and pairs are not shown as right before checking, a wrong answer is rated only
//! Again, every verdict has a word and a symbol, and one answer does not make a card mastered.
//!
//! Most tests drive the app's `update()` and read its view through the headless simulator; focus
//! moves are iced operations (Tasks), so the cloze test runs the app in iced's emulator, which
//! performs them. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{send, settle, simulator};

use changchun_cards::answer::Response;
use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::study::{Message as StudyMessage, Study};
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::gui::widget::question::Message as Q;
use changchun_cards::store::Store;
use iced::futures::channel::mpsc;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Size, Task};
use iced_test::emulator::{self, Emulator};
use iced_test::instruction::{self, Instruction, Interaction};
use iced_test::program::Program;
use tempfile::TempDir;

/// A deck of the given cards (RON `Card(…)` items), studied in the order written.
fn deck(cards: &str) -> String {
    format!(
        r#"Deck(
    format: 1,
    id: "study-test",
    title: "Study test deck",
    description: "Cards the answering tests use.",
    topics: ["Causes", "Consequences"],
    cards: [{cards}],
)"#
    )
}

const CLOZE: &str = r#"Card(
    id: "cloze",
    topic: "Consequences",
    question: Cloze(text: "Japan left northern {{Sakhalin}} by 15 May {{1925}}."),
    explanation: "Under the Basic Convention.",
    sources: ["PRLIB"],
)"#;

const NUMBER: &str = r#"Card(
    id: "number",
    topic: "Consequences",
    question: Number(prompt: "In what year was the Basic Convention signed?", answer: 1925, tolerance: 0),
    explanation: "Beijing, 20 January 1925.",
    sources: ["WP-BC"],
)"#;

const MATCH: &str = r#"Card(
    id: "match",
    topic: "Causes",
    question: Match(prompt: "Who spoke for whom?", pairs: [("Matsudaira", "Japan"), ("Yanson", "FER"), ("Joffe", "RSFSR")]),
    explanation: "Three delegations met.",
    sources: ["HEIBONSHA"],
)"#;

const TRUE_FALSE: &str = r#"Card(
    id: "tf",
    topic: "Causes",
    question: TrueFalse(statement: "The conference opened on 4 September 1922.", answer: true),
    explanation: "Both the GSE and Heibonsha give 4 September.",
    sources: ["GSE"],
)"#;

fn data_dir(cards: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(
        dir.path().join("decks/study-test.ron"),
        deck(&cards.join(",\n")),
    )
    .unwrap();
    dir
}

fn load(dir: &std::path::Path) -> (App, Task<Message>) {
    App::loaded(Context::load(DataDir::new(dir), Some("tester".into())).unwrap())
}

/// An app studying a deck of these cards.
fn studying(cards: &[&str]) -> (TempDir, App) {
    let dir = data_dir(cards);
    let (mut app, task) = load(dir.path());
    settle(&mut app, task);
    send(
        &mut app,
        Message::Library(library::Message::Study("study-test".into())),
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

fn answer(app: &mut App, m: Q) {
    send(app, Message::Study(StudyMessage::Question(m)));
}

fn press(app: &mut App, key: Key) {
    harness::read_feedback(app);
    send(app, Message::Key(key, Modifiers::empty()));
}

fn character(c: &str) -> Key {
    Key::Character(c.into())
}

fn reviews(dir: &TempDir) -> usize {
    Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store
        .reviews()
        .unwrap()
        .len()
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

/// The app as iced runs it: the emulator performs the Tasks that `update` returns, such as moving
/// the focus, and keeps the widgets' state (which field has focus) between steps.
struct Running<P: Program<State = App, Message = Message> + 'static> {
    program: P,
    emulator: Emulator<P>,
    events: mpsc::Receiver<emulator::Event<P>>,
}

impl<P: Program<State = App, Message = Message> + 'static> Running<P> {
    fn new(program: P) -> Self {
        let (sender, events) = mpsc::channel(64);
        let emulator = Emulator::new(
            sender,
            &program,
            emulator::Mode::Zen,
            Size::new(1024.0, 768.0),
        );
        let mut running = Running {
            program,
            emulator,
            events,
        };
        running.settle();
        running
    }

    /// The emulator's next event, or `None` once nothing has come for `quiet`.
    fn next_event(&mut self, quiet: std::time::Duration) -> Option<emulator::Event<P>> {
        let deadline = std::time::Instant::now() + quiet;
        loop {
            match self.events.try_recv() {
                Ok(event) => return Some(event),
                Err(mpsc::TryRecvError::Closed) => panic!("the emulator stopped"),
                Err(mpsc::TryRecvError::Empty) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                Err(mpsc::TryRecvError::Empty) => return None,
            }
        }
    }

    /// Performs what the emulator asks until the last instruction is done.
    fn settle(&mut self) {
        loop {
            match self.next_event(std::time::Duration::from_secs(20)) {
                Some(emulator::Event::Action(action)) => {
                    self.emulator.perform(&self.program, action)
                }
                Some(emulator::Event::Ready) => return,
                Some(emulator::Event::Failed(instruction)) => panic!("{instruction} failed"),
                None => panic!("an instruction never finished"),
            }
        }
    }

    /// A message sent as the keyboard subscription or a finished task sends it. The work it starts
    /// (loading, a focus move) is performed until the app has been quiet for a while; the emulator
    /// gives no other sign that a message's tasks are done.
    fn send(&mut self, message: Message) {
        self.emulator.update(&self.program, message);
        while let Some(event) = self.next_event(std::time::Duration::from_millis(500)) {
            if let emulator::Event::Action(action) = event {
                self.emulator.perform(&self.program, action);
            }
        }
    }

    fn keyboard(&mut self, keyboard: instruction::Keyboard) {
        self.emulator.run(
            &self.program,
            Instruction::Interact(Interaction::Keyboard(keyboard)),
        );
        self.settle();
    }

    fn type_text(&mut self, text: &str) {
        self.keyboard(instruction::Keyboard::Typewrite(text.to_owned()));
    }

    fn enter(&mut self) {
        self.keyboard(instruction::Keyboard::Type(instruction::Key::Enter));
    }

    fn into_app(self) -> App {
        self.emulator.into_state().0
    }
}

#[test]
fn tab_and_enter_move_between_cloze_blanks_so_each_answer_fills_its_own_blank() {
    let dir = data_dir(&[CLOZE]);
    let path = dir.path().to_owned();
    let program = iced::application(move || load(&path), App::update, App::view);
    let mut app = Running::new(program);
    // Studying focuses the first blank.
    app.send(Message::Library(library::Message::Study(
        "study-test".into(),
    )));
    // Enter in the first blank moves on to the second without checking.
    app.type_text("Sakhali");
    app.enter();
    app.type_text("1925");
    // Shift+Tab goes back to finish the first blank, Tab forward again.
    app.send(Message::Key(Key::Named(Named::Tab), Modifiers::SHIFT));
    app.type_text("n");
    app.send(Message::Key(Key::Named(Named::Tab), Modifiers::empty()));
    // Enter in the last blank checks.
    app.enter();

    let app = app.into_app();
    let study = study(&app);
    let attempt = study.attempt().expect("the cloze is on screen");
    assert_eq!(
        attempt.response,
        Some(Response::Blanks(vec!["Sakhalin".into(), "1925".into()]))
    );
    assert!(study.checked().expect("checked").correct);
}

#[test]
fn enter_in_a_blank_that_is_not_the_last_does_not_check() {
    let (dir, mut app) = studying(&[CLOZE]);
    answer(&mut app, Q::Blank(0, "Sakhalin".into()));
    answer(&mut app, Q::NextBlank(0));
    assert!(study(&app).checked().is_none(), "blank 2 is still empty");
    answer(&mut app, Q::Blank(1, "1925".into()));
    answer(&mut app, Q::Submit);
    assert!(study(&app).checked().unwrap().correct);
    press(&mut app, Key::Named(Named::Enter));
    assert_eq!(reviews(&dir), 1);
}

#[test]
fn a_number_question_refuses_a_non_number_with_a_hint_and_counts_nothing() {
    let (dir, mut app) = studying(&[NUMBER]);
    answer(&mut app, Q::Number("u".into()));
    answer(&mut app, Q::Submit);
    assert!(study(&app).checked().is_none(), "\"u\" is not an answer");
    let hint = study(&app).attempt().unwrap().hint().unwrap().to_owned();
    assert!(hint.contains("\"u\" is not a number"), "{hint}");
    assert!(shows(&app, &format!("⚠ {hint}")));
    // Grade keys do nothing while the question waits for a number.
    press(&mut app, Key::Named(Named::Space));
    assert_eq!(reviews(&dir), 0);

    answer(&mut app, Q::Number("1925".into()));
    assert!(study(&app).attempt().unwrap().hint().is_none());
    answer(&mut app, Q::Submit);
    assert!(study(&app).checked().unwrap().correct);
    press(&mut app, Key::Named(Named::Space));
    assert_eq!(reviews(&dir), 1);
}

/// Pairs left item `left` (0-based) with its own partner, by keys.
fn pair(app: &mut App, left: usize) {
    let shown = study(app).attempt().unwrap().shown().to_vec();
    let position = shown.iter().position(|&r| r == left).unwrap();
    press(app, character(&(left + 1).to_string()));
    press(
        app,
        character(&((b'a' + position as u8) as char).to_string()),
    );
}

#[test]
fn a_match_with_a_pair_missing_asks_to_finish_first() {
    let (dir, mut app) = studying(&[MATCH]);
    pair(&mut app, 0);
    pair(&mut app, 1);
    press(&mut app, Key::Named(Named::Enter));
    assert!(
        study(&app).checked().is_none(),
        "not checked with a pair missing"
    );
    let hint = study(&app).attempt().unwrap().hint().unwrap().to_owned();
    assert!(hint.contains("1 still without a partner"), "{hint}");
    assert!(shows(&app, &format!("⚠ {hint}")));
    assert_eq!(reviews(&dir), 0);

    pair(&mut app, 2);
    press(&mut app, Key::Named(Named::Enter));
    assert!(study(&app).checked().unwrap().correct);
}

#[test]
fn paired_answers_in_matching_name_their_partner_and_no_verdict_shows_before_checking() {
    let (_dir, mut app) = studying(&[MATCH]);
    pair(&mut app, 0);
    let shown = study(&app).attempt().unwrap().shown().to_vec();
    let position = shown.iter().position(|&r| r == 0).unwrap();
    let letter = (b'a' + position as u8) as char;
    assert!(shows(&app, &format!("{letter}  Japan  ← 1")));
    assert!(shows(&app, &format!("1  Matsudaira  → {letter}")));
    for verdict in ["✓ Right", "✗ Not quite", "≈ Almost — counted right"] {
        assert!(!shows(&app, verdict));
    }
}

#[test]
fn a_wrong_answer_is_rated_only_again_and_says_so_in_words() {
    let (dir, mut app) = studying(&[TRUE_FALSE, NUMBER]);
    press(&mut app, character("f"));
    assert!(!study(&app).checked().unwrap().correct);
    assert!(shows(&app, "✗ Not quite"));
    // Good and Easy are refused: the card stays, nothing is logged.
    press(&mut app, character("3"));
    press(&mut app, character("4"));
    assert_eq!(reviews(&dir), 0);
    assert!(study(&app).checked().is_some());
    press(&mut app, Key::Named(Named::Space));
    let store = Store::open(&DataDir::new(dir.path()), "tester")
        .unwrap()
        .store;
    let logged = store.reviews().unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].rating, changchun_cards::review::Rating::Again);
}

#[test]
fn a_right_answer_is_never_rated_again_and_is_marked_with_a_tick() {
    let (dir, mut app) = studying(&[TRUE_FALSE, NUMBER]);
    press(&mut app, character("t"));
    assert!(shows(&app, "✓ Right"));
    press(&mut app, character("1"));
    assert_eq!(reviews(&dir), 0, "Again is not a rating for a right answer");
    press(&mut app, character("2"));
    assert_eq!(reviews(&dir), 1);
}

#[test]
fn a_card_answered_right_once_is_not_yet_mastered_in_the_library() {
    let (_dir, mut app) = studying(&[TRUE_FALSE, NUMBER]);
    press(&mut app, character("t"));
    press(&mut app, character("4"));
    press(&mut app, Key::Named(Named::Escape));
    press(&mut app, Key::Named(Named::Enter));
    let context = app.context().unwrap();
    let key = changchun_cards::review::CardKey::new("study-test", "tf");
    assert_eq!(context.profile.state(&key).unwrap().reps, 1);
    let causes = &context.profile.mastery("study-test")[0];
    assert_eq!((causes.topic.as_str(), causes.mastered), ("Causes", 0));
}
