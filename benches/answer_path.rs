//! The study screen's answer path: a grade key pressed, the review committed, the next card shown and its
//! view built. The budget is one frame (16 ms). Run: `cargo bench --bench answer_path`.

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::schedule::Filter;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use iced::keyboard::{Key, Modifiers, key::Named};
use rand::SeedableRng;

/// Two true/false cards, so a next card follows the one answered.
const DECK: &str = r#"Deck(format: 1, id: "bench", title: "Bench", topics: ["Causes"], cards: [
    Card(id: "a", topic: "Causes", question: TrueFalse(statement: "The talks opened in 1922.", answer: true),
         explanation: "They opened on 4 September.", sources: ["GSE"]),
    Card(id: "b", topic: "Causes", question: TrueFalse(statement: "The talks met at Dairen.", answer: false),
         explanation: "They met at Changchun.", sources: ["GSE"]),
])"#;

/// A fresh learner on the study screen with the first card answered and its rating buttons shown.
fn answered(dir: &std::path::Path) -> App {
    std::fs::create_dir_all(dir.join("decks")).unwrap();
    std::fs::write(dir.join("decks/bench.ron"), DECK).unwrap();
    let context = Context::load(DataDir::new(dir), Some("bench".into())).expect("context loads");
    // The session the library's Study button starts in a task, started here at once.
    let filter = Filter {
        decks: vec!["bench".into()],
        topics: Vec::new(),
        start_here: false,
        ..Filter::default()
    };
    let session = context
        .profile
        .start_session(
            &filter,
            rand::rngs::StdRng::seed_from_u64(1),
            chrono::Utc::now(),
        )
        .expect("a card is due");
    let (mut app, _) = App::loaded(context);
    let _ = app.update(Message::SessionStarted(Box::new(Ok(session))));
    let _ = app.update(Message::Key(Key::Character("t".into()), Modifiers::empty()));
    app
}

fn answer_path(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // What is measured really rates the card and moves on.
    {
        let data = tempfile::tempdir_in(dir.path()).unwrap();
        let mut app = answered(data.path());
        let _ = app.update(Message::Key(Key::Named(Named::Enter), Modifiers::empty()));
        let counts = app.context().unwrap().profile.deck_counts("bench");
        assert_eq!(counts.new, 1, "one of the two new cards was answered");
    }
    let mut group = c.benchmark_group("answer path");
    group.sample_size(30);
    group.bench_function("grade key to next card's view", |b| {
        b.iter_batched(
            || {
                let data = tempfile::tempdir_in(dir.path()).unwrap();
                let app = answered(data.path());
                (data, app)
            },
            |(data, mut app)| {
                let _ = app.update(Message::Key(Key::Named(Named::Enter), Modifiers::empty()));
                let view = app.view();
                drop(view);
                (data, app)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, answer_path);
criterion_main!(benches);
