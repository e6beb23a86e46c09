//! A synthetic learner for benchmarks and the end-to-end measurement: cards in decks of a thousand,
//! each answered a number of times by the real scheduler over random ratings (10 % Again, 10 % Hard,
//! 70 % Good, 10 % Easy), its last answer between a day and its interval (plus a fifth) before `now`.

use changchun_cards::review::{CardKey, Rating, Review};
use changchun_cards::schedule::{CardState, QueueCard, Scheduler};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

pub const CARDS_PER_DECK: usize = 1000;
pub const TOPICS: [&str; 4] = ["delegations", "negotiations", "withdrawal", "aftermath"];

pub fn random_rating(rng: &mut StdRng) -> Rating {
    match rng.random_range(0..100) {
        0..10 => Rating::Again,
        10..20 => Rating::Hard,
        20..90 => Rating::Good,
        _ => Rating::Easy,
    }
}

/// `n` cards, `deck-0` … in decks of a thousand, topics in turn.
pub fn cards(n: usize) -> Vec<QueueCard> {
    (0..n)
        .map(|i| QueueCard {
            key: CardKey::new(format!("deck-{}", i / CARDS_PER_DECK), format!("card-{i}")),
            topic: TOPICS[i % TOPICS.len()].to_owned(),
            start_here: false,
        })
        .collect()
}

/// Each card answered `per_card` times, each time when due (give or take a day), in time order per
/// card; the whole history then moved so the card falls due around `now`.
pub fn log(cards: &[QueueCard], per_card: usize, s: &Scheduler, now: DateTime<Utc>) -> Vec<Review> {
    let mut rng = StdRng::seed_from_u64(1922);
    let mut log = Vec::with_capacity(cards.len() * per_card);
    for card in cards {
        let mut at = now;
        let mut state = CardState::new();
        let first = log.len();
        for _ in 0..per_card {
            let rating = random_rating(&mut rng);
            let (next, scheduled) = s.apply(&state, rating, at, &mut rng);
            log.push(scheduled.into_review(
                card.key.clone(),
                at,
                rating,
                rating != Rating::Again,
                6000,
            ));
            let due = next.due.expect("answered cards are due");
            at = due + Duration::minutes(rng.random_range(0..24 * 60));
            state = next;
        }
        let last = log[log.len() - 1].at;
        let wait = state.due.expect("due") - last;
        let since =
            Duration::seconds(rng.random_range(86_400..=(wait.num_seconds() * 6 / 5).max(86_401)));
        let shift = (last + since) - now;
        for review in &mut log[first..] {
            review.at -= shift;
            review.due = review.due.map(|d| d - shift);
        }
    }
    log
}

/// The cards as the app's deck files: one flashcard per card, one file per deck.
pub fn write_decks(dir: &Path, cards: &[QueueCard]) {
    use std::fmt::Write;
    std::fs::create_dir_all(dir).expect("deck folder");
    for deck in cards.chunk_by(|a, b| a.key.deck == b.key.deck) {
        let id = &deck[0].key.deck;
        let topics = TOPICS.map(|t| format!("\"{t}\"")).join(", ");
        let mut text = format!(
            "Deck(format: 1, id: \"{id}\", title: \"Synthetic {id}\", topics: [{topics}], cards: [\n"
        );
        for card in deck {
            let _ = writeln!(
                text,
                "Card(id: \"{0}\", topic: \"{1}\", question: Flashcard(front: \"Front of {0}\", back: \"Back of {0}\"), sources: [\"S\"]),",
                card.key.card, card.topic
            );
        }
        text.push_str("])\n");
        std::fs::write(dir.join(format!("{id}.ron")), text).expect("deck file");
    }
}
