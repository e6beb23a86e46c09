//! The review log's vocabulary, shared by the scheduler, the store, sessions and statistics.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How well the learner recalled a card (Anki's four buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// Why a review happened: first learning, a scheduled review, relearning after a lapse, or a scored test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewKind {
    Learn,
    Review,
    Relearn,
    /// Logged from a scored test; never moves the schedule.
    Test,
    /// Answered in a cram session (custom study over a chosen set); never moves the schedule.
    Cram,
}

impl ReviewKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewKind::Learn => "learn",
            ReviewKind::Review => "review",
            ReviewKind::Relearn => "relearn",
            ReviewKind::Test => "test",
            ReviewKind::Cram => "cram",
        }
    }

    /// Whether answers of this kind move the schedule: tests and cram answers never do, so card
    /// states, daily limits and the optimizer leave them out.
    pub fn schedules(self) -> bool {
        !matches!(self, ReviewKind::Test | ReviewKind::Cram)
    }

    pub fn parse(s: &str) -> Option<ReviewKind> {
        Some(match s {
            "learn" => ReviewKind::Learn,
            "review" => ReviewKind::Review,
            "relearn" => ReviewKind::Relearn,
            "test" => ReviewKind::Test,
            "cram" => ReviewKind::Cram,
            _ => return None,
        })
    }
}

/// FSRS memory state of a card.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Days until recall probability falls to 90 %.
    pub stability: f32,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// Identifies a card across decks: progress is keyed by both ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CardKey {
    pub deck: String,
    pub card: String,
}

impl CardKey {
    pub fn new(deck: impl Into<String>, card: impl Into<String>) -> Self {
        CardKey {
            deck: deck.into(),
            card: card.into(),
        }
    }
}

/// One logged answer. The review log is append-only and the truth; card states derive from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Row id in the store; 0 before it is stored.
    pub id: i64,
    pub at: DateTime<Utc>,
    pub card: CardKey,
    pub rating: Rating,
    /// Whether the app graded the answer right (self-graded flashcards: rating above Again).
    pub correct: bool,
    /// Time from showing the card to answering, in milliseconds.
    pub duration_ms: u32,
    pub kind: ReviewKind,
    /// Memory state before the review; `None` for a new card.
    pub before: Option<Memory>,
    /// Memory state after the review; `None` for test reviews, which do not schedule.
    pub after: Option<Memory>,
    /// When the card is next due as a result; `None` for test reviews.
    pub due: Option<DateTime<Utc>>,
}

/// When each card was reset to new, oldest first: its schedule starts over after each.
pub type Resets = std::collections::HashMap<CardKey, Vec<DateTime<Utc>>>;

/// What one card went through, newest first: its answers, and when it was reset to new.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardHistory {
    pub reviews: Vec<Review>,
    pub resets: Vec<DateTime<Utc>>,
}

/// The part of a card's history an answer given at `at` belongs to: how many of its resets
/// (`resets`, oldest first) came before. An answer at the very instant of a reset comes before it.
pub fn part_of(resets: &[DateTime<Utc>], at: DateTime<Utc>) -> usize {
    resets.partition_point(|&reset| reset < at)
}

/// The outcome of one question in a scored test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestAnswer {
    pub card: CardKey,
    pub correct: bool,
    /// What the learner answered, written out.
    pub given: String,
    /// The right answer, written out.
    pub expected: String,
}

/// A finished scored test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// Row id in the store; 0 before it is stored.
    pub id: i64,
    pub started: DateTime<Utc>,
    pub duration_ms: u64,
    pub decks: Vec<String>,
    pub topics: Vec<String>,
    pub answers: Vec<TestAnswer>,
}

impl TestResult {
    pub fn correct(&self) -> usize {
        self.answers.iter().filter(|a| a.correct).count()
    }

    /// Share of questions answered right, 0.0 to 1.0 (0 for an empty test).
    pub fn score(&self) -> f64 {
        if self.answers.is_empty() {
            0.0
        } else {
            self.correct() as f64 / self.answers.len() as f64
        }
    }
}
