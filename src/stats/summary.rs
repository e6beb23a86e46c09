//! What the statistics keep of the review log: a summary of each card's answers and a tally of each
//! study day's. Every figure of an [`super::Overview`] that comes from the log is a sum over these,
//! read against the decks and the clock. The store keeps them up to date as answers come and go
//! (`store::stats`), so the statistics read a row per card and per day instead of every answer;
//! [`Summary::of_log`] makes the same summary from a log in memory.

use super::mastery::is_mastered_as_left;
use crate::key_hash::{ByDeck, CardId, KeyHash};
use crate::review::{CardKey, Rating, Resets, Review, ReviewKind};
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
        day.number_of_millis(self.at_ms)
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

/// Summarizes one card's answers, given in the order of its history, with the instants it was
/// reset at, and adds each answer to its study day's tally in `days`.
fn summarize_card(
    answers: &[CardAnswer],
    resets: &[i64],
    study_day: StudyDay,
    days: &mut HashMap<i64, DayTally, KeyHash>,
) -> CardSummary {
    let mut card = CardSummary::default();
    // A reset leaves the card new: no longer mastered, and with no schedule.
    let reset = |card: &mut CardSummary, at_ms: i64| {
        if card.mastery_changes.len() % 2 == 1 {
            card.mastery_changes.push(at_ms);
        }
        card.latest = None;
    };
    let mut resets = resets.iter().copied().peekable();
    // The tally of the day being walked, added to `days` when the next day begins: a card's
    // answers come a few to a day.
    let mut today: Option<(i64, DayTally)> = None;
    // The last study day with a learn, review or relearn answer: tells the first review of a day.
    let mut last_day = None;
    for answer in answers {
        // An answer at the very instant of a reset comes before it.
        while let Some(at_ms) = resets.next_if(|&r| r < answer.at_ms) {
            reset(&mut card, at_ms);
        }
        let day = answer.day(study_day);
        if today.is_some_and(|(d, _)| d != day)
            && let Some((d, tally)) = today.take()
        {
            days.entry(d).or_default().add(&tally);
        }
        let tally = &mut today.get_or_insert((day, DayTally::default())).1;
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
    if let Some((d, tally)) = today {
        days.entry(d).or_default().add(&tally);
    }
    for at_ms in resets {
        reset(&mut card, at_ms);
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
        Summary::of_log_with_resets(reviews, &Resets::new(), study_day)
    }

    /// [`Summary::of_log`] of a log whose cards were reset to new at `resets`.
    pub fn of_log_with_resets(reviews: &[Review], resets: &Resets, study_day: StudyDay) -> Summary {
        let split_from = if two_cores() {
            SPLIT_FROM_ANSWERS
        } else {
            usize::MAX
        };
        Summary::of_log_splitting_from(reviews, resets, study_day, split_from)
    }

    /// [`Summary::of_log`], in two halves from logs of `split_from` answers on.
    fn of_log_splitting_from(
        reviews: &[Review],
        resets: &Resets,
        study_day: StudyDay,
        split_from: usize,
    ) -> Summary {
        // Each answer's card by number, then the answers grouped by card (a counting sort, which
        // keeps the log's order within a card).
        // Cards are looked up by deck (the deck found by comparing with the one before) and then
        // by their short id, kept inside the table's slot: most of the time this takes.
        let mut numbers: ByDeck<CardId, u32> = ByDeck::default();
        let mut keys: Vec<&CardKey> = Vec::new();
        let card_of: Vec<u32> = reviews
            .iter()
            .map(|r| {
                *numbers
                    .deck_mut(&r.card.deck)
                    .entry(CardId::new(&r.card.card))
                    .or_insert_with(|| {
                        keys.push(&r.card);
                        u32::try_from(keys.len() - 1).unwrap_or(u32::MAX)
                    })
            })
            .collect();
        let mut starts = vec![0usize; keys.len() + 1];
        for &n in &card_of {
            starts[n as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let Some(first) = reviews.first() else {
            return Summary::default();
        };
        // Every place is written once below; the first answer only fills the vector until then.
        let mut grouped = vec![CardAnswer::of(first); reviews.len()];
        for (review, &n) in reviews.iter().zip(&card_of) {
            grouped[next[n as usize]] = CardAnswer::of(review);
            next[n as usize] += 1;
        }
        let mut order: Vec<u32> = (0..u32::try_from(keys.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| keys[a as usize].cmp(keys[b as usize]));
        let summarize = |order: &[u32]| {
            let mut builder = SummaryBuilder::new(study_day);
            let mut answers = Vec::new();
            for &n in order {
                let n = n as usize;
                let card = &grouped[starts[n]..starts[n + 1]];
                let reset_at: Vec<i64> = resets
                    .get(keys[n])
                    .map(|r| r.iter().map(|at| at.timestamp_millis()).collect())
                    .unwrap_or_default();
                if card.is_sorted_by_key(|a| a.at_ms) {
                    builder.card_with_resets(keys[n].clone(), card, &reset_at);
                } else {
                    answers.clear();
                    answers.extend_from_slice(card);
                    answers.sort_by_key(|a| a.at_ms);
                    builder.card_with_resets(keys[n].clone(), &answers, &reset_at);
                }
            }
            builder
        };
        // A long log is summarized in two halves of its cards, side by side.
        if reviews.len() < split_from || order.len() < 2 {
            return summarize(&order).finish();
        }
        let (first, second) = order.split_at(order.len() / 2);
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| summarize(second));
            let first = summarize(first);
            (first, second.join())
        });
        match second {
            Ok(second) => first.followed_by(second).finish(),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Logs shorter than this are summarized on one thread: a second would cost more than it saves.
const SPLIT_FROM_ANSWERS: usize = 50_000;

fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// Builds a [`Summary`] card by card, the cards given in key order.
pub struct SummaryBuilder {
    study_day: StudyDay,
    cards: Vec<(CardKey, CardSummary)>,
    days: HashMap<i64, DayTally, KeyHash>,
}

impl SummaryBuilder {
    pub fn new(study_day: StudyDay) -> Self {
        SummaryBuilder {
            study_day,
            cards: Vec::new(),
            days: HashMap::default(),
        }
    }

    /// Adds a card's answers, in the order of its history.
    pub fn card(&mut self, key: CardKey, answers: &[CardAnswer]) {
        self.card_with_resets(key, answers, &[]);
    }

    /// Adds a card's answers, in the order of its history, and the instants (ms, oldest first) it
    /// was reset to new at: from each it counts as new and not mastered until answered again,
    /// while its answers before still count as activity.
    pub fn card_with_resets(&mut self, key: CardKey, answers: &[CardAnswer], resets: &[i64]) {
        if answers.is_empty() {
            return;
        }
        let summary = summarize_card(answers, resets, self.study_day, &mut self.days);
        self.cards.push((key, summary));
    }

    /// This builder's cards, then `later`'s (whose keys all come after), with their days added up.
    fn followed_by(mut self, later: SummaryBuilder) -> SummaryBuilder {
        self.cards.extend(later.cards);
        for (day, tally) in later.days {
            self.days.entry(day).or_default().add(&tally);
        }
        self
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
        let mut days = HashMap::default();
        let card = summarize_card(&answers, &[], StudyDay::default(), &mut days);
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
    fn a_reset_ends_mastery_and_the_schedule_but_not_the_activity() {
        let answers = [
            answer(10 * DAY_MS, ReviewKind::Learn, Rating::Good, 3.0),
            answer(20 * DAY_MS, ReviewKind::Review, Rating::Good, 30.0),
            // Reset at day 50, answered anew at day 70 and 90.
            answer(70 * DAY_MS, ReviewKind::Learn, Rating::Good, 3.0),
            answer(90 * DAY_MS, ReviewKind::Review, Rating::Good, 40.0),
        ];
        let mut days = HashMap::default();
        let card = summarize_card(&answers, &[50 * DAY_MS], StudyDay::default(), &mut days);
        assert_eq!(
            card.mastery_changes,
            vec![20 * DAY_MS, 50 * DAY_MS, 90 * DAY_MS]
        );
        assert_eq!(card.reviews, 4);
        assert_eq!(days.values().map(|d| d.answers).sum::<u32>(), 4);
        assert!(card.latest.is_some_and(|l| l.mastered));
        // Reset again after the last answer: new, with its past mastery kept.
        let card = summarize_card(
            &answers,
            &[50 * DAY_MS, 90 * DAY_MS],
            StudyDay::default(),
            &mut days,
        );
        assert!(card.latest.is_none());
        assert!(!card.mastered_at(100 * DAY_MS / 1000));
        assert!(card.mastered_at(30 * DAY_MS / 1000));
    }

    #[test]
    fn two_halves_give_what_one_gives() {
        use crate::review::Memory;
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(1922);
        let reviews: Vec<Review> = (0..3_000)
            .map(|_| {
                let at_ms = rng.random_range(0..400 * DAY_MS);
                let kind = [
                    ReviewKind::Learn,
                    ReviewKind::Review,
                    ReviewKind::Relearn,
                    ReviewKind::Test,
                ][rng.random_range(0..4)];
                let stability = rng.random_range(0.5..100.0);
                Review {
                    id: 0,
                    at: instant(at_ms),
                    card: CardKey::new(
                        ["a", "b"][rng.random_range(0..2)],
                        format!("c{}", rng.random_range(0..90)),
                    ),
                    rating: Rating::from_number(rng.random_range(1..=4)).expect("1 to 4"),
                    correct: true,
                    duration_ms: 1_000,
                    kind,
                    before: None,
                    after: Some(Memory {
                        stability,
                        difficulty: 5.0,
                    }),
                    due: Some(instant(at_ms + (stability * 86_400_000.0) as i64)),
                }
            })
            .collect();
        let day = StudyDay::default();
        let whole = Summary::of_log_splitting_from(&reviews, &Resets::new(), day, usize::MAX);
        assert_eq!(
            Summary::of_log_splitting_from(&reviews, &Resets::new(), day, 0),
            whole
        );
        assert_eq!(whole.cards.len(), 180);
        assert!(whole.cards.is_sorted_by(|a, b| a.0 < b.0));
        assert_eq!(
            whole.days.iter().map(|(_, d)| d.answers).sum::<u32>(),
            3_000
        );
    }

    #[test]
    fn only_the_first_review_of_a_day_counts_for_retention() {
        let answers = [
            answer(5 * DAY_MS, ReviewKind::Review, Rating::Again, 1.0),
            answer(5 * DAY_MS + 60_000, ReviewKind::Relearn, Rating::Good, 2.0),
            answer(5 * DAY_MS + 120_000, ReviewKind::Review, Rating::Good, 4.0),
        ];
        let mut days = HashMap::default();
        let card = summarize_card(&answers, &[], StudyDay::default(), &mut days);
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
