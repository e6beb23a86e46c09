//! The study screen's answer path: a grade key pressed, the review committed, the next card shown and its
//! view built. The budget is one frame (16 ms). Run: `cargo bench --bench answer_path`.

use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::library;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use iced::keyboard::{Key, Modifiers, key::Named};

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
    let mut app = App::loaded(context);
    let _ = app.update(Message::Library(library::Message::Study("bench".into())));
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
        let key = changchun_cards::review::CardKey::new("bench", "a");
        assert!(
            app.context()
                .unwrap()
                .state(&key)
                .is_some_and(|s| s.reps == 1)
        );
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
