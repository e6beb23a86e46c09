//! What one keystroke in the deck editor costs on a deck of 1 000 cards: the edit and the check of
//! the deck in memory, beside writing the deck out and reading it back (how it was checked before).
//!
//! Run: `cargo bench --no-default-features --bench deck_edit -- --warm-up-time 1 --measurement-time 3`

use changchun_cards::deck::edit::{self, CardEdit};
use changchun_cards::deck::save::{template_deck, to_pretty_ron};
use changchun_cards::deck::{Card, Deck, Question, load_str};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const CARDS: usize = 1_000;

fn deck() -> Deck {
    let mut deck = template_deck();
    deck.topics = vec!["Causes".into(), "Positions".into(), "Consequences".into()];
    deck.cards = (0..CARDS)
        .map(|i| Card {
            id: format!("card-{i}"),
            topic: deck.topics[i % 3].clone(),
            tags: vec!["dates".into()],
            question: Question::MultipleChoice {
                prompt: format!("Question {i}: who spoke for the RSFSR at Changchun?"),
                options: vec![
                    "Adolph Joffe".into(),
                    "Matsudaira Tsuneo".into(),
                    format!("Yanson {i}"),
                ],
                correct: vec![0],
            },
            explanation: "Joffe was Moscow's envoy to the talks.".into(),
            sources: vec!["GSE".into()],
            image: None,
            explanation_image: None,
        })
        .collect();
    deck
}

fn keystroke(c: &mut Criterion) {
    let mut deck = deck();
    let mut group = c.benchmark_group("editor keystroke, 1000 cards");
    group.bench_function("edit and check in memory", |b| {
        b.iter(|| {
            edit::edit_card(
                &mut deck.cards[500],
                CardEdit::Explanation("Joffe was Moscow's envoy.".into()),
            );
            black_box(edit::findings("deck.ron", &deck))
        })
    });
    group.bench_function("edit, write out and read back", |b| {
        b.iter(|| {
            edit::edit_card(
                &mut deck.cards[500],
                CardEdit::Explanation("Joffe was Moscow's envoy.".into()),
            );
            black_box(load_str("deck.ron", &to_pretty_ron(&deck)).diagnostics)
        })
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
