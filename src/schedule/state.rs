//! A card's scheduling state, derived from its reviews: the log is the truth, this is its summary.

use crate::review::{Memory, Rating, Review};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Never answered.
    New,
    /// Going through the learning steps after the first answer.
    Learning,
    /// Graduated: shown again after whole days.
    Review,
    /// Forgotten in a review, going through the relearning steps.
    Relearning,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        Some(match s {
            "new" => Phase::New,
            "learning" => Phase::Learning,
            "review" => Phase::Review,
            "relearning" => Phase::Relearning,
            _ => return None,
        })
    }

    /// Learning and relearning cards come back within the day, by the minute.
    pub fn is_stepping(self) -> bool {
        matches!(self, Phase::Learning | Phase::Relearning)
    }
}

/// Whether an answer at `at` that makes the card due at `due` leaves it in a learning or relearning
/// step: a wait shorter than a day. A longer wait means the card has graduated.
pub fn is_learning_step(at: DateTime<Utc>, due: DateTime<Utc>) -> bool {
    due - at < Duration::days(1)
}

/// Where a card stands whatever the day: the one classification that browse, today's counts and
/// the queue share ([`super::Today::standing`] adds only whether it is due today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Never answered (or without a due date, so nothing to wait for).
    New,
    /// In learning or relearning steps.
    Learning,
    /// Graduated to whole-day intervals.
    Review,
    /// Left out of every queue.
    Suspended,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::New, Stage::Learning, Stage::Review, Stage::Suspended];

    /// The stage of a card with this state (`None`: never answered).
    pub fn of(state: Option<&CardState>) -> Stage {
        match state {
            None => Stage::New,
            Some(s) if s.suspended => Stage::Suspended,
            Some(s) => match (s.phase, s.due) {
                (Phase::New, _) | (_, None) => Stage::New,
                (Phase::Learning | Phase::Relearning, _) => Stage::Learning,
                (Phase::Review, _) => Stage::Review,
            },
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Learning => "learning",
            Stage::Review => "review",
            Stage::Suspended => "suspended",
        }
    }
}

/// Everything the scheduler and queue need to know about one card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub phase: Phase,
    /// Index of the current learning or relearning step.
    pub step: u32,
    pub memory: Option<Memory>,
    pub due: Option<DateTime<Utc>>,
    pub last_review: Option<DateTime<Utc>>,
    /// Times a review card was forgotten.
    pub lapses: u32,
    /// Scheduling answers given (tests not counted).
    pub reps: u32,
    /// Left out of every queue until unsuspended; kept apart from the log so rebuilding keeps it.
    pub suspended: bool,
}

impl Default for CardState {
    fn default() -> Self {
        CardState::new()
    }
}

impl CardState {
    /// A card never answered.
    pub fn new() -> Self {
        CardState {
            phase: Phase::New,
            step: 0,
            memory: None,
            due: None,
            last_review: None,
            lapses: 0,
            reps: 0,
            suspended: false,
        }
    }

    /// The state after one logged review. This single rule serves both answering and rebuilding
    /// from the log, so the two always agree. A wait shorter than a day means a learning step.
    pub fn after(&self, review: &Review) -> CardState {
        if !review.kind.schedules() {
            return self.clone();
        }
        let Some(due) = review.due else {
            return self.clone();
        };
        let stepping = is_learning_step(review.at, due);
        let from_review = matches!(self.phase, Phase::Review | Phase::Relearning);
        let phase = match (stepping, from_review) {
            (false, _) => Phase::Review,
            (true, false) => Phase::Learning,
            (true, true) => Phase::Relearning,
        };
        // A card entering (re)learning starts at step 0; New counts as step 0 of learning.
        let current_step = if self.phase == Phase::Review {
            0
        } else {
            self.step
        };
        let step = if !stepping || self.phase == Phase::Review {
            0
        } else {
            match review.rating {
                Rating::Again => 0,
                Rating::Hard => current_step,
                Rating::Good | Rating::Easy => current_step + 1,
            }
        };
        let lapse = self.phase == Phase::Review && review.rating == Rating::Again;
        CardState {
            phase,
            step,
            memory: review.after.or(self.memory),
            due: Some(due),
            last_review: Some(review.at),
            lapses: self.lapses + u32::from(lapse),
            reps: self.reps + 1,
            suspended: self.suspended,
        }
    }

    /// Replays a card's reviews, oldest first, from a new card.
    pub fn replay<'a>(reviews: impl IntoIterator<Item = &'a Review>) -> CardState {
        reviews
            .into_iter()
            .fold(CardState::new(), |state, review| state.after(review))
    }
}
