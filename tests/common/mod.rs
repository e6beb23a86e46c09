//! What several integration suites share.

use changchun_cards::review::{CardKey, Memory, Rating, Review, ReviewKind};
use chrono::{DateTime, Duration, Utc};

/// The `i`-th of a run of Good answers a minute apart, spread over `cards` cards of the deck
/// `treaty`, each due two days after February 2024 began.
pub fn review(i: i64, cards: i64) -> Review {
    let at: DateTime<Utc> = "2024-02-01T09:00:00Z".parse().unwrap();
    Review {
        id: 0,
        at: at + Duration::minutes(i),
        card: CardKey::new("treaty", format!("card-{}", i % cards)),
        rating: Rating::Good,
        correct: true,
        duration_ms: 4200,
        kind: ReviewKind::Learn,
        before: None,
        after: Some(Memory {
            stability: 2.3,
            difficulty: 5.0,
        }),
        due: Some(at + Duration::days(2)),
    }
}
