//! Mastery: the one definition that the library, the statistics screen, the reports and `stats`
//! share.

use crate::review::{Review, ReviewKind};
use crate::schedule::{CardState, Phase, is_learning_step};
use chrono::{DateTime, Utc};

/// Memory stability, in days, from which a card counts as mastered: the interval from which Anki
/// calls a card "mature". Stability is how long the memory keeps recall at 90 % or more.
pub const MASTERED_STABILITY_DAYS: f32 = 21.0;

/// What mastered means, in the words every screen and report uses beside the figure.
pub const MASTERY_RULE: &str =
    "held in memory for 21 days or more (Anki's \"mature\") and not failed since";

/// A card is mastered when it has graduated (it is not in a learning or relearning step, so a card
/// just failed is not mastered, however long its memory held before) and its memory stability is at
/// least [`MASTERED_STABILITY_DAYS`]. Recall right after an answer is near 100 % for every card, so
/// unlike "recall now ≥ 90 %" this takes weeks of right answers to reach.
fn mastered(graduated: bool, stability: f32) -> bool {
    graduated && stability >= MASTERED_STABILITY_DAYS
}

/// Whether a card in this state is mastered (see [`MASTERED_STABILITY_DAYS`]).
pub fn is_mastered(state: &CardState) -> bool {
    state
        .memory
        .is_some_and(|m| mastered(state.phase == Phase::Review, m.stability))
}

/// Whether the card is mastered as this review left it; the same rule as [`is_mastered`], read
/// from the log. Test answers never move a card, so they leave nothing to say.
pub fn is_mastered_after(review: &Review) -> bool {
    is_mastered_as_left(
        review.kind,
        review.at,
        review.due,
        review.after.map(|m| m.stability),
    )
}

/// [`is_mastered_after`] from the parts of a review it reads: its kind, when it was given, when it
/// left the card due and the memory stability it left.
pub(crate) fn is_mastered_as_left(
    kind: ReviewKind,
    at: DateTime<Utc>,
    due: Option<DateTime<Utc>>,
    stability_after: Option<f32>,
) -> bool {
    let graduated = kind.schedules() && due.is_some_and(|due| !is_learning_step(at, due));
    stability_after.is_some_and(|stability| mastered(graduated, stability))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{CardKey, Memory, Rating, ReviewKind};
    use chrono::{DateTime, Duration, Utc};

    fn at() -> DateTime<Utc> {
        "2024-09-04T09:00:00Z".parse().unwrap()
    }

    fn review(rating: Rating, stability: f32, wait: Duration) -> Review {
        Review {
            id: 0,
            at: at(),
            card: CardKey::new("d", "c"),
            rating,
            correct: rating != Rating::Again,
            duration_ms: 1000,
            kind: ReviewKind::Review,
            before: Some(Memory {
                stability: 40.0,
                difficulty: 5.0,
            }),
            after: Some(Memory {
                stability,
                difficulty: 5.0,
            }),
            due: Some(at() + wait),
        }
    }

    #[test]
    fn a_card_just_failed_is_not_mastered_whatever_its_stability() {
        // A lapse after a long overdue gap can leave a long stability, but the card is relearning.
        let failed = review(Rating::Again, 30.0, Duration::minutes(10));
        assert!(!is_mastered_after(&failed));
        let state = CardState::new().after(&review(Rating::Good, 30.0, Duration::days(30)));
        assert!(is_mastered(&state));
        let relearning = state.after(&failed);
        assert_eq!(relearning.phase, Phase::Relearning);
        assert!(!is_mastered(&relearning));
    }

    #[test]
    fn mastery_needs_three_weeks_of_stability() {
        let young = review(Rating::Good, 20.9, Duration::days(21));
        let mature = review(Rating::Good, 21.0, Duration::days(21));
        assert!(!is_mastered_after(&young));
        assert!(is_mastered_after(&mature));
        assert!(!is_mastered(&CardState::new().after(&young)));
        assert!(is_mastered(&CardState::new().after(&mature)));
        assert!(
            !is_mastered(&CardState::new()),
            "a new card is not mastered"
        );
        let test = Review {
            kind: ReviewKind::Test,
            ..mature
        };
        assert!(!is_mastered_after(&test));
    }
}
