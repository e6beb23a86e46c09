//! The study screen's answer path: a rating given, the review committed in the task the app runs for
//! it, the next card shown when that task's message comes back, and its view built. The budget is
//! one frame (16 ms). Run: `cargo bench --bench answer_path`.

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::study::Message as StudyMessage;
use changchun_cards::review::Rating;
use changchun_cards::schedule::Filter;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use iced::Task;
use iced::futures::StreamExt;
use iced::keyboard::{Key, Modifiers};

/// Two true/false cards, so a next card follows the one answered.
const DECK: &str = r#"Deck(format: 1, id: "bench", title: "Bench", topics: ["Causes"], cards: [
    Card(id: "a", topic: "Causes", question: TrueFalse(statement: "The talks opened in 1922.", answer: true),
         explanation: "They opened on 4 September.", sources: ["GSE"]),
    Card(id: "b", topic: "Causes", question: TrueFalse(statement: "The talks met at Dairen.", answer: false),
         explanation: "They met at Changchun.", sources: ["GSE"]),
])"#;

/// A fresh learner on the study screen of one deck, written as `decks/<id>.ron`: the session the
/// library's Study button starts in a task, started here at once. Gives the task showing the card.
fn studying(dir: &std::path::Path, id: &str, text: &str) -> (App, Task<Message>) {
    std::fs::create_dir_all(dir.join("decks")).unwrap();
    std::fs::write(dir.join(format!("decks/{id}.ron")), text).unwrap();
    let context = Context::load(DataDir::new(dir), Some("bench".into())).expect("context loads");
    let filter = Filter {
        decks: vec![id.into()],
        ..Filter::default()
    };
    let session = context
        .profile
        .start_session(&filter, chrono::Utc::now())
        .expect("a card is due");
    let (mut app, _) = App::loaded(context);
    let task = app.update(Message::SessionStarted(Box::new(Ok(session))));
    (app, task)
}

/// A fresh learner on the study screen with the first card answered and its rating buttons shown.
fn answered(dir: &std::path::Path) -> App {
    let (mut app, _) = studying(dir, "bench", DECK);
    let _ = app.update(Message::Key(Key::Character("t".into()), Modifiers::empty()));
    app
}

/// Runs a task as the runtime does, feeding its messages back to the app.
fn settle(app: &mut App, task: Task<Message>) {
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        for action in iced::futures::executor::block_on(stream.collect::<Vec<_>>()) {
            if let iced_runtime::Action::Output(message) = action {
                pending.push(app.update(message));
            }
        }
    }
}

/// The rating (the button; a key maps to the same message once the feedback has been read), its
/// commit task run and its result taken back.
fn rate(app: &mut App) {
    let task = app.update(Message::Study(StudyMessage::Rate(Rating::Good)));
    settle(app, task);
}

fn answer_path(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // What is measured really rates the card and moves on.
    {
        let data = tempfile::tempdir_in(dir.path()).unwrap();
        let mut app = answered(data.path());
        rate(&mut app);
        let counts = app.context().unwrap().profile.deck_counts("bench");
        assert_eq!(counts.new, 1, "one of the two new cards was answered");
    }
    let mut group = c.benchmark_group("answer path");
    group.sample_size(30);
    group.bench_function("rating to next card's view", |b| {
        b.iter_batched(
            || {
                let data = tempfile::tempdir_in(dir.path()).unwrap();
                let app = answered(data.path());
                (data, app)
            },
            |(data, mut app)| {
                rate(&mut app);
                let view = app.view();
                drop(view);
                (data, app)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// One map question on the bundled map of the Far East, with a picture after the answer.
const MAP_DECK: &str = r#"Deck(format: 1, id: "maps", title: "Maps", topics: ["Geography"], cards: [
    Card(id: "where", topic: "Geography",
         question: MapPoint(prompt: "Where did the conference meet?",
             map: Image(file: "maps/far-east-1922-blank.svg", alt: "A map", credit: "Natural Earth"),
             answer: "Changchun", target: (x: 500, y: 600), radius: 25,
             markers: [(x: 600, y: 450, label: "Harbin")]),
         explanation: "On the railway junction.", sources: ["GSE"],
         explanation_image: Image(file: "maps/far-east-1922.svg", alt: "The map with names",
             credit: "Natural Earth")),
])"#;

/// A learner on the study screen with the map question shown and its map already read and drawn
/// once, as it is by the time the learner has found the place.
fn asking_on_a_map(dir: &std::path::Path) -> App {
    let maps = dir.join("decks/maps");
    std::fs::create_dir_all(&maps).unwrap();
    for name in ["far-east-1922-blank.svg", "far-east-1922.svg"] {
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("decks/maps")
            .join(name);
        std::fs::copy(source, maps.join(name)).unwrap();
    }
    let (mut app, task) = studying(dir, "maps", MAP_DECK);
    settle(&mut app, task);
    app
}

/// A simulator of the app's window as it is now, with the app's fonts, 1280×800.
fn window(app: &App) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(
        iced::Settings {
            fonts: vec![
                changchun_cards::gui::theme::FONT_REGULAR.into(),
                changchun_cards::gui::theme::FONT_BOLD.into(),
            ],
            default_font: changchun_cards::gui::theme::TEXT,
            ..iced::Settings::default()
        },
        iced::Size::new(1280.0, 800.0),
        app.view(),
    )
}

fn map_answer(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let place = changchun_cards::deck::Spot { x: 502.0, y: 598.0 };
    let click = || {
        Message::Study(StudyMessage::Question(
            changchun_cards::gui::widget::question::Message::Point(place),
        ))
    };
    let mut group = c.benchmark_group("map answer");
    group.sample_size(20);
    // The app's own work between the click and the frame: the answer checked and the feedback's
    // view (map, marks, explanation and its picture) built.
    group.bench_function("click to the feedback's view", |b| {
        b.iter_batched(
            || {
                let data = tempfile::tempdir_in(dir.path()).unwrap();
                let app = asking_on_a_map(data.path());
                (data, app)
            },
            |(data, mut app)| {
                let task = app.update(click());
                settle(&mut app, task);
                drop(app.view());
                (data, app)
            },
            BatchSize::PerIteration,
        );
    });
    // The feedback's frame, drawn by the software renderer with the map already rasterized at its
    // size, as it is once the question was on screen (the feedback shows the same map, same size).
    let data = tempfile::tempdir_in(dir.path()).unwrap();
    let mut app = asking_on_a_map(data.path());
    let task = app.update(click());
    settle(&mut app, task);
    {
        let mut ui = window(&app);
        let _ = ui.snapshot(&iced::Theme::Light).expect("the view draws");
        group.bench_function("the feedback's frame, map drawn before", |b| {
            b.iter(|| ui.snapshot(&iced::Theme::Light).expect("the view draws"));
        });
    }
    // For scale: a true/false card's feedback, the same way: what any frame of the study screen
    // costs this renderer.
    let plain_data = tempfile::tempdir_in(dir.path()).unwrap();
    let plain = answered(plain_data.path());
    {
        let mut ui = window(&plain);
        let _ = ui.snapshot(&iced::Theme::Light).expect("the view draws");
        group.bench_function("a true/false card's feedback frame, drawn before", |b| {
            b.iter(|| ui.snapshot(&iced::Theme::Light).expect("the view draws"));
        });
    }
    // For scale: the same frame with the map rasterized afresh (a new window each time: fonts
    // loaded and every picture drawn for the first time), what the first frame of a map costs.
    group.bench_function("the feedback's frame, everything drawn afresh", |b| {
        b.iter(|| {
            let mut ui = window(&app);
            ui.snapshot(&iced::Theme::Light).expect("the view draws")
        });
    });
    group.finish();
}

criterion_group!(benches, answer_path, map_answer);
criterion_main!(benches);
