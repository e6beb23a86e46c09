//! The look's settings in the running app: the text size scales the window and is kept; reduce
//! motion is kept and stops the quiz's progress bar from easing and the verdict from fading in.
#![cfg(feature = "gui")]

mod harness;
use harness::{send, settle};

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, library, quiz, settings};
use iced::keyboard::{Key, Modifiers};
use tempfile::TempDir;

/// Three true-or-false cards, so a quiz is answered with T alone.
const DECK: &str = r#"Deck(
    format: 1,
    id: "look",
    title: "Look deck",
    description: "True or false only.",
    topics: ["Causes"],
    cards: [
        Card(id: "a", topic: "Causes", question: TrueFalse(statement: "The conference opened in September 1922.", answer: true), explanation: "4 September.", sources: []),
        Card(id: "b", topic: "Causes", question: TrueFalse(statement: "It met in Changchun.", answer: true), explanation: "Yes.", sources: []),
        Card(id: "c", topic: "Causes", question: TrueFalse(statement: "It lasted a year.", answer: false), explanation: "Three weeks.", sources: []),
    ],
)"#;

fn app() -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/look.ron"), DECK).unwrap();
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

fn setting(app: &mut App, m: settings::Message) {
    send(app, Message::Settings(m));
}

fn saved(dir: &TempDir) -> changchun_cards::settings::Settings {
    changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings
}

#[test]
fn the_text_size_scales_the_window_stays_within_90_to_150_and_is_kept() {
    let (dir, mut app) = app();
    press(&mut app, ",");
    assert!(matches!(app.screen(), Some(Screen::Settings(_))));
    setting(&mut app, settings::Message::TextSize(120));
    assert!((app.scale_factor() - 1.2).abs() < 1e-6);
    setting(&mut app, settings::Message::TextSize(200));
    assert!((app.scale_factor() - 1.5).abs() < 1e-6);
    setting(&mut app, settings::Message::TextSize(50));
    assert!((app.scale_factor() - 0.9).abs() < 1e-6);
    send(&mut app, Message::SaveSettings);
    assert_eq!(saved(&dir).text_size, 90);
}

#[test]
fn reduce_motion_is_kept_and_stops_the_quiz_bar_from_easing() {
    for reduce in [false, true] {
        let (dir, mut app) = app();
        press(&mut app, ",");
        setting(&mut app, settings::Message::ReduceMotion(reduce));
        send(&mut app, Message::SaveSettings);
        assert_eq!(saved(&dir).reduce_motion, reduce);
        send(&mut app, Message::Settings(settings::Message::Back));
        send(
            &mut app,
            Message::Library(library::Message::Quiz(Some("look".into()))),
        );
        send(&mut app, Message::Quiz(quiz::Message::Count(3)));
        send(&mut app, Message::Quiz(quiz::Message::Start));
        press(&mut app, "t");
        let Some(Screen::Quiz(q)) = app.screen() else {
            panic!("the quiz runs")
        };
        let (count, _) = q.count();
        assert!(
            (q.progress() - 1.0 / count as f32).abs() < 1e-6,
            "{} after one of {count}",
            q.progress()
        );
        // Easing asks for frames; with reduce motion nothing is animated at all.
        assert_eq!(q.is_easing(), !reduce, "reduce motion: {reduce}");
    }
}

#[test]
fn the_verdict_fades_in_unless_motion_is_reduced() {
    for reduce in [false, true] {
        let (_dir, mut app) = app();
        press(&mut app, ",");
        setting(&mut app, settings::Message::ReduceMotion(reduce));
        send(&mut app, Message::Settings(settings::Message::Back));
        send(
            &mut app,
            Message::Library(library::Message::Study("look".into())),
        );
        press(&mut app, "t");
        let Some(Screen::Study(study)) = app.screen() else {
            panic!("studying")
        };
        assert!(study.checked().is_some(), "the answer was checked");
        assert_eq!(study.is_fading(), !reduce, "reduce motion: {reduce}");
    }
}
