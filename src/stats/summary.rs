//! What the statistics keep of the review log: a summary of each card's answers and a tally of each
//! study day's. Every figure of an [`super::Overview`] that comes from the log is a sum over these,
//! read against the decks and the clock. The store keeps them up to date as answers come and go
//! (`store::stats`), so the statistics read a row per card and per day instead of every answer;
//! [`Summary::of_log`] makes the same summary from a log in memory.

use super::mastery::is_mastered_as_left;
use crate::review::{CardKey, Rating, Review, ReviewKind};
use crate::schedule::StudyDay;
use chrono::DateTime;
use std::collections::HashMap;

/// One answer as the summary reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardAnswer {
    pub at_ms: i64,
    pub kind: ReviewKind,
    pub rating: Rating,
    pub duration_ms: u32,
    /// The memory stability the answer left, when it left a memory state.
    pub stability_after: Option<f32>,
    pub due_ms: Option<i64>,
}

impl CardAnswer {
    pub fn of(review: &Review) -> Self {
        CardAnswer {
            at_ms: review.at.timestamp_millis(),
            kind: review.kind,
            rating: review.rating,
            duration_ms: review.duration_ms,
            stability_after: review.after.map(|m| m.stability),
            due_ms: review.due.map(|d| d.timestamp_millis()),
        }
    }

    fn day(&self, day: StudyDay) -> i64 {
        day.number_of_seconds(self.at_ms.div_euclid(1000))
    }
}

/// The answers of one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTally {
    /// Every answer, cram answers included: a day with any is part of the history shown.
    pub answers: u32,
    pub learn: u32,
    pub review: u32,
    pub relearn: u32,
    pub test: u32,
    /// Time spent on learn, review and relearn answers.
    pub time_ms: u64,
    pub test_time_ms: u64,
    /// First reviews of a learned card that day recalled (Hard, Good or Easy) and forgotten (Again).
    pub passed: u32,
    pub failed: u32,
}

impl DayTally {
    pub fn add(&mut self, other: &DayTally) {
        self.answers += other.answers;
        self.learn += other.learn;
        self.review += other.review;
        self.relearn += other.relearn;
        self.test += other.test;
        self.time_ms += other.time_ms;
        self.test_time_ms += other.test_time_ms;
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// A card's latest answer that moved its schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latest {
    pub at_ms: i64,
    pub due_ms: Option<i64>,
    pub kind: ReviewKind,
    /// Whether it left the card mastered ([`super::is_mastered_after`]).
    pub mastered: bool,
}

/// What the statistics need of one card's answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardSummary {
    /// Learn, review and relearn answers.
    pub reviews: u32,
    pub tests: u32,
    pub crams: u32,
    /// Time spent on every answer, tests and cram included.
    pub time_ms: u64,
    /// First reviews of the card on a study day, once learned, recalled and forgotten.
    pub passed: u32,
    pub failed: u32,
    /// The newest answer of any kind: when, and whether it was right (rated above Again).
    pub last_at_ms: i64,
    pub last_right: bool,
    pub latest: Option<Latest>,
    /// The instants at which the card became mastered, stopped being mastered, became mastered
    /// again, and so on: mastery at any moment of the past is read from these.
    pub mastery_changes: Vec<i64>,
}

impl CardSummary {
    /// Whether the card was mastered once every answer up to `at_seconds` (that second included)
    /// had been given.
    pub fn mastered_at(&self, at_seconds: i64) -> bool {
        let changes = self
            .mastery_changes
            .partition_point(|&ms| ms.div_euclid(1000) <= at_seconds);
        changes % 2 == 1
    }
}

/// Summarizes one card's answers, given in the order of its history, and adds each answer to its
/// study day's tally in `days`.
pub fn summarize_card(
    answers: &[CardAnswer],
    study_day: StudyDay,
    days: &mut HashMap<i64, DayTally>,
) -> CardSummary {
    let mut card = CardSummary::default();
    // The last study day with a learn, review or relearn answer: tells the first review of a day.
    let mut last_day = None;
    for answer in answers {
        let day = answer.day(study_day);
        let tally = days.entry(day).or_default();
        let duration = u64::from(answer.duration_ms);
        tally.answers += 1;
        card.time_ms += duration;
        card.last_at_ms = answer.at_ms;
        card.last_right = answer.rating != Rating::Again;
        match answer.kind {
            // Cram answers are practice: counted apart, never in the schedule's figures.
            ReviewKind::Cram => {
                card.crams += 1;
                continue;
            }
            ReviewKind::Test => {
                card.tests += 1;
                tally.test += 1;
                tally.test_time_ms += duration;
                continue;
            }
            ReviewKind::Learn => tally.learn += 1,
            ReviewKind::Review => tally.review += 1,
            ReviewKind::Relearn => tally.relearn += 1,
        }
        card.reviews += 1;
        tally.time_ms += duration;
        // True retention: the first review of a learned card on a study day; Again is a fail.
        let first_of_day = last_day != Some(day);
        last_day = Some(day);
        if first_of_day && answer.kind == ReviewKind::Review {
            if answer.rating == Rating::Again {
                card.failed += 1;
                tally.failed += 1;
            } else {
                card.passed += 1;
                tally.passed += 1;
            }
        }
        let mastered = is_mastered_as_left(
            answer.kind,
            instant(answer.at_ms),
            answer.due_ms.map(instant),
            answer.stability_after,
        );
        if mastered != (card.mastery_changes.len() % 2 == 1) {
            card.mastery_changes.push(answer.at_ms);
        }
        card.latest = Some(Latest {
            at_ms: answer.at_ms,
            due_ms: answer.due_ms,
            kind: answer.kind,
            mastered,
        });
    }
    card
}

fn instant(ms: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The summary of a whole log: each card's, in key order, and each study day's, in day order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub cards: Vec<(CardKey, CardSummary)>,
    pub days: Vec<(i64, DayTally)>,
}

impl Summary {
    /// Summarizes a log held in memory. Each card's answers are taken in time order; answers of one
    /// instant keep the log's order.
    pub fn of_log(reviews: &[Review], study_day: StudyDay) -> Summary {
        let mut by_card: HashMap<&CardKey, Vec<CardAnswer>> = HashMap::new();
        for review in reviews {
            by_card
                .entry(&review.card)
                .or_default()
                .push(CardAnswer::of(review));
        }
        let mut cards: Vec<(&CardKey, Vec<CardAnswer>)> = by_card.into_iter().collect();
        cards.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut builder = SummaryBuilder::new(study_day);
        for (key, mut answers) in cards {
            answers.sort_by_key(|a| a.at_ms);
            builder.card(key.clone(), &answers);
        }
        builder.finish()
    }
}

/// Builds a [`Summary`] card by card, the cards given in key order.
pub struct SummaryBuilder {
    study_day: StudyDay,
    cards: Vec<(CardKey, CardSummary)>,
    days: HashMap<i64, DayTally>,
}

impl SummaryBuilder {
    pub fn new(study_day: StudyDay) -> Self {
        SummaryBuilder {
            study_day,
            cards: Vec::new(),
            days: HashMap::new(),
        }
    }

    /// Adds a card's answers, in the order of its history.
    pub fn card(&mut self, key: CardKey, answers: &[CardAnswer]) {
        if answers.is_empty() {
            return;
        }
        let summary = summarize_card(answers, self.study_day, &mut self.days);
        self.cards.push((key, summary));
    }

    pub fn finish(self) -> Summary {
        let mut days: Vec<(i64, DayTally)> = self.days.into_iter().collect();
        days.sort_unstable_by_key(|(day, _)| *day);
        Summary {
            cards: self.cards,
            days,
        }
    }
}

/// The tallies of the study days of `answers` (any cards, each card's in the order of its history):
/// what a day's row holds once its answers have changed.
pub fn tally_days(
    answers: impl IntoIterator<Item = (CardKey, CardAnswer)>,
    study_day: StudyDay,
) -> HashMap<i64, DayTally> {
    let mut by_card: HashMap<CardKey, Vec<CardAnswer>> = HashMap::new();
    for (key, answer) in answers {
        by_card.entry(key).or_default().push(answer);
    }
    let mut days = HashMap::new();
    for answers in by_card.values() {
        summarize_card(answers, study_day, &mut days);
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(at_ms: i64, kind: ReviewKind, rating: Rating, stability: f32) -> CardAnswer {
        CardAnswer {
            at_ms,
            kind,
            rating,
            duration_ms: 1_000,
            stability_after: (kind != ReviewKind::Test).then_some(stability),
            due_ms: (kind != ReviewKind::Test).then_some(at_ms + (stability * 86_400_000.0) as i64),
        }
    }

    const DAY_MS: i64 = 86_400_000;

    #[test]
    fn mastery_is_read_at_any_moment_from_its_changes() {
        let answers = [
            answer(10 * DAY_MS, ReviewKind::Learn, Rating::Good, 3.0),
            answer(20 * DAY_MS, ReviewKind::Review, Rating::Good, 30.0),
            answer(60 * DAY_MS, ReviewKind::Review, Rating::Good, 80.0),
            answer(200 * DAY_MS, ReviewKind::Review, Rating::Again, 5.0),
            answer(200 * DAY_MS + 1, ReviewKind::Test, Rating::Good, 0.0),
        ];
        let mut days = HashMap::new();
        let card = summarize_card(&answers, StudyDay::default(), &mut days);
        assert_eq!(card.mastery_changes, vec![20 * DAY_MS, 200 * DAY_MS]);
        let second = |ms: i64| ms / 1000;
        assert!(!card.mastered_at(second(19 * DAY_MS)));
        assert!(card.mastered_at(second(20 * DAY_MS)));
        assert!(card.mastered_at(second(199 * DAY_MS)));
        assert!(!card.mastered_at(second(300 * DAY_MS)));
        assert_eq!(
            (card.reviews, card.tests, card.passed, card.failed),
            (4, 1, 2, 1)
        );
        assert!(card.last_right, "the test answer is the newest");
        assert_eq!(card.latest.map(|l| l.kind), Some(ReviewKind::Review));
        assert_eq!(days.values().map(|d| d.answers).sum::<u32>(), 5);
    }

    #[test]
    fn only_the_first_review_of_a_day_counts_for_retention() {
        let answers = [
            answer(5 * DAY_MS, ReviewKind::Review, Rating::Again, 1.0),
            answer(5 * DAY_MS + 60_000, ReviewKind::Relearn, Rating::Good, 2.0),
            answer(5 * DAY_MS + 120_000, ReviewKind::Review, Rating::Good, 4.0),
        ];
        let mut days = HashMap::new();
        let card = summarize_card(&answers, StudyDay::default(), &mut days);
        assert_eq!((card.passed, card.failed), (0, 1));
        let tally = days
            .values()
            .copied()
            .fold(DayTally::default(), |mut a, d| {
                a.add(&d);
                a
            });
        assert_eq!((tally.review, tally.relearn, tally.failed), (2, 1, 1));
    }
}
