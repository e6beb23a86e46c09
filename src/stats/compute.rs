//! The computation of an [`Overview`]: one pass over the review log, then small passes over the cards,
//! the days and the tests.

use super::mastery::is_mastered_after;
use super::overview::{
    CardCounts, DayCount, DayReviews, Overview, Range, StatsInput, Streak, TestScore, TestSeries,
    TopicStats, Totals, WeekRetention,
};
use super::{FORECAST_DAYS, HEATMAP_DAYS};
use crate::deck::Deck;
use crate::key_hash::{ByDeck, CardId};
use crate::review::{Rating, Review, ReviewKind, TestResult};
use crate::schedule::StudyDay;
use std::borrow::Borrow;
use std::collections::HashMap;

const SECONDS_PER_DAY: i64 = 86_400;
/// Days older than this before today are left out of the daily series, so that one review with a
/// broken timestamp cannot make the series millions of days long.
const MAX_HISTORY_DAYS: i64 = 100 * 366;
/// Intervals from this many days on make a card mature, as in Anki.
const MATURE_DAYS: i64 = 21;

/// The probability of recalling a card `elapsed_days` after its last review, on the FSRS-6 forgetting
/// curve `R(t) = (1 + factor · t / S)^(−decay)` with `factor = 0.9^(−1/decay) − 1`, so that R(S) = 90 %.
/// A card without a usable stability has retrievability 0.
pub fn retrievability(stability: f32, elapsed_days: f32, decay: f32) -> f32 {
    if !(stability.is_finite() && stability > 0.0) {
        return 0.0;
    }
    let state = fsrs::MemoryState {
        stability,
        // The forgetting curve does not depend on difficulty.
        difficulty: 5.0,
    };
    fsrs::current_retrievability(state, elapsed_days.max(0.0), decay)
}

/// Every card's track, by deck id, then card id. The tracks live in the tables themselves, so that a
/// review touches one table slot rather than a slot and then a separate array.
type Cards<'s> = ByDeck<'s, CardId<'s>, Track>;

/// The latest scheduling review of a card, packed small: tables of these are walked on every review.
#[derive(Clone, Copy)]
struct Latest {
    at: i64,
    /// When the card is due; `i64::MIN` when the review set no due date.
    due: i64,
    /// Whether it left the card mastered ([`is_mastered_after`]).
    mastered: bool,
    kind: ReviewKind,
}

impl Latest {
    fn of(review: &Review, at: i64) -> Latest {
        Latest {
            at,
            due: review.due.map_or(i64::MIN, |d| d.timestamp()),
            mastered: is_mastered_after(review),
            kind: review.kind,
        }
    }

    fn due(&self) -> Option<i64> {
        (self.due != i64::MIN).then_some(self.due)
    }
}

/// What the pass remembers about one card. The fields read on every review come first.
#[repr(C)]
struct Track {
    topic: Option<u32>,
    /// The last study day with a learn, review or relearn answer; tells the first review of a day.
    last_day: i64,
    latest: Option<Latest>,
    /// Whether the card was mastered at each cut-off of [`Range::BOUNDED`]: [`MASTERED`],
    /// [`NOT_MASTERED`], or [`UNSEEN`] while this stretch of the log has no review of it before then.
    mastered_before: [u8; 3],
}

const NOT_MASTERED: u8 = 0;
const MASTERED: u8 = 1;
const UNSEEN: u8 = 2;

impl Track {
    fn new(topic: Option<usize>) -> Self {
        Track {
            topic: topic.and_then(|t| u32::try_from(t).ok()),
            last_day: i64::MIN,
            latest: None,
            mastered_before: [UNSEEN; 3],
        }
    }

    fn topic(&self) -> Option<usize> {
        self.topic.map(|t| t as usize)
    }
}

/// The walk over a stretch of the review log, in time order. A long log is split at a study-day
/// boundary and the two stretches are walked side by side, then merged (see [`Pass::merge`]).
struct Pass<'s> {
    study_day: StudyDay,
    first_day: i64,
    /// The instants of the mastery cut-offs of [`Range::BOUNDED`].
    cutoffs: [i64; 3],
    /// The cut-offs this stretch decides: those at or after its first instant (the earlier ones fall
    /// wholly within the stretch before it).
    decides: [bool; 3],
    /// The cut-offs it decides and has not yet passed, the earliest last.
    pending: Vec<usize>,
    cards: Cards<'s>,
    topics: Vec<TopicStats>,
    /// The last study day of each topic, as a day number (converted to a date at the end).
    topic_days: Vec<i64>,
    days: Vec<DayReviews>,
    totals: Totals,
    /// The first and last instants walked, and whether every review came at or after the one before:
    /// the walk assumes time order and is redone on a sorted copy when the log was not in it.
    first_at: i64,
    last_at: i64,
    in_order: bool,
}

impl<'s> Pass<'s> {
    /// Records the memory state of every card as it stands, for each cut-off earlier than `at`.
    fn pass_cutoffs(&mut self, at: i64) {
        while let Some(&k) = self.pending.last() {
            if at <= self.cutoffs[k] {
                break;
            }
            for track in self.cards.values_mut() {
                track.mastered_before[k] = match track.latest {
                    Some(latest) if latest.mastered => MASTERED,
                    Some(_) => NOT_MASTERED,
                    None => UNSEEN,
                };
            }
            self.pending.pop();
        }
    }

    fn walk<R: Borrow<Review>>(&mut self, reviews: &'s [R]) {
        if let Some(first) = reviews.first() {
            self.first_at = first.borrow().at.timestamp();
            self.last_at = self.first_at;
        }
        for review in reviews {
            self.add(review.borrow());
        }
        self.pass_cutoffs(i64::MAX);
    }

    fn add(&mut self, review: &'s Review) {
        let at = review.at.timestamp();
        self.in_order &= at >= self.last_at;
        self.last_at = at;
        self.pass_cutoffs(at);
        let day = self.study_day.number_of_seconds(at);
        let track = self
            .cards
            .deck_mut(&review.card.deck)
            .entry(CardId::new(&review.card.card))
            .or_insert_with(|| Track::new(None));
        let mut slot = usize::try_from(day - self.first_day)
            .ok()
            .and_then(|i| self.days.get_mut(i));
        let duration = u64::from(review.duration_ms);
        let totals = &mut self.totals;
        totals.time_ms += duration;
        if let Some(topic) = track.topic() {
            self.topics[topic].time_ms += duration;
            self.topic_days[topic] = self.topic_days[topic].max(day);
        }

        if review.kind == ReviewKind::Cram {
            // Cram answers are practice: counted apart, never in the schedule's figures.
            totals.cram_answers += 1;
            return;
        }
        if review.kind == ReviewKind::Test {
            totals.test_answers += 1;
            if let Some(slot) = slot {
                slot.test += 1;
                slot.test_time_ms += duration;
            }
            return;
        }

        totals.reviews += 1;
        if let Some(slot) = slot.as_deref_mut() {
            match review.kind {
                ReviewKind::Learn => slot.learn += 1,
                ReviewKind::Review => slot.review += 1,
                ReviewKind::Relearn => slot.relearn += 1,
                ReviewKind::Test | ReviewKind::Cram => {}
            }
            slot.time_ms += duration;
        }

        // True retention: the first review of a learned card on a study day; Again is a fail.
        let first_of_day = track.last_day != day;
        track.last_day = day;
        if first_of_day && review.kind == ReviewKind::Review {
            let passed = review.rating != Rating::Again;
            let (slot_count, topic_count, total_count) = if passed {
                (
                    slot.map(|s| &mut s.passed),
                    track.topic().map(|t| &mut self.topics[t].passed),
                    &mut totals.passed,
                )
            } else {
                (
                    slot.map(|s| &mut s.failed),
                    track.topic().map(|t| &mut self.topics[t].failed),
                    &mut totals.failed,
                )
            };
            *total_count += 1;
            if let Some(n) = slot_count {
                *n += 1;
            }
            if let Some(n) = topic_count {
                *n += 1;
            }
        }

        track.latest = Some(Latest::of(review, at));
    }

    /// Adds the walk of the stretch that follows this one. The split lies on a study-day boundary,
    /// so a card's first review of a day is found within one stretch; a card that `later` has not seen
    /// by one of its cut-offs stands at that cut-off as this stretch left it.
    fn merge(mut self, later: Pass<'s>) -> Pass<'s> {
        let decided_later = later.decided();
        // First every card as this stretch left it, then what the later stretch saw.
        self.pending = decided_later.clone();
        self.pending
            .sort_by_key(|&k| std::cmp::Reverse(self.cutoffs[k]));
        self.pass_cutoffs(i64::MAX);
        for (deck, later_cards) in later.cards.into_decks() {
            let cards = self.cards.deck_mut(deck);
            for (id, track) in later_cards {
                let earlier = cards.entry(id).or_insert_with(|| Track::new(track.topic()));
                for &k in &decided_later {
                    if track.mastered_before[k] != UNSEEN {
                        earlier.mastered_before[k] = track.mastered_before[k];
                    }
                }
                if track.latest.is_some() {
                    earlier.latest = track.latest;
                }
            }
        }
        for (topic, other) in self.topics.iter_mut().zip(&later.topics) {
            topic.passed += other.passed;
            topic.failed += other.failed;
            topic.time_ms += other.time_ms;
        }
        for (day, other) in self.topic_days.iter_mut().zip(&later.topic_days) {
            *day = (*day).max(*other);
        }
        for (day, other) in self.days.iter_mut().zip(&later.days) {
            day.learn += other.learn;
            day.review += other.review;
            day.relearn += other.relearn;
            day.test += other.test;
            day.time_ms += other.time_ms;
            day.test_time_ms += other.test_time_ms;
            day.passed += other.passed;
            day.failed += other.failed;
        }
        self.in_order &= later.in_order && self.last_at <= later.first_at;
        self.last_at = later.last_at;
        let totals = &mut self.totals;
        totals.reviews += later.totals.reviews;
        totals.test_answers += later.totals.test_answers;
        totals.cram_answers += later.totals.cram_answers;
        totals.time_ms += later.totals.time_ms;
        totals.passed += later.totals.passed;
        totals.failed += later.totals.failed;
        self
    }

    /// The cut-offs this stretch was given to decide.
    fn decided(&self) -> Vec<usize> {
        (0..self.cutoffs.len())
            .filter(|&k| self.decides[k])
            .collect()
    }
}

/// Logs shorter than this are walked in one stretch: a second thread would cost more than it saves.
const SPLIT_FROM_REVIEWS: usize = 50_000;

/// Walks the log (in time order); one of at least `split_from` reviews as two stretches, split at a
/// study-day boundary near its middle and walked on two threads.
fn walk<'s, R, F>(reviews: &'s [R], study_day: StudyDay, split_from: usize, new_pass: F) -> Pass<'s>
where
    R: Borrow<Review> + Sync,
    F: Fn(i64, i64) -> Pass<'s> + Sync,
{
    let at = |r: &R| r.borrow().at.timestamp();
    let split = (reviews.len() >= split_from && !reviews.is_empty()).then(|| {
        let middle_day = study_day.number_of_seconds(at(&reviews[reviews.len() / 2]));
        reviews.partition_point(|r| study_day.number_of_seconds(at(r)) <= middle_day)
    });
    match split {
        Some(split) if split < reviews.len() => {
            let (earlier, later) = reviews.split_at(split);
            let later_from = at(&later[0]);
            std::thread::scope(|scope| {
                let later = scope.spawn(|| {
                    let mut pass = new_pass(later_from, i64::MAX);
                    pass.walk(later);
                    pass
                });
                let mut pass = new_pass(i64::MIN, later_from);
                pass.walk(earlier);
                match later.join() {
                    Ok(later) => pass.merge(later),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        }
        _ => {
            let mut pass = new_pass(i64::MIN, i64::MAX);
            pass.walk(reviews);
            pass
        }
    }
}

impl Overview {
    /// Computes every statistic of a profile in one pass over its review log.
    pub fn compute(input: &StatsInput) -> Overview {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let split_from = if cores >= 2 {
            SPLIT_FROM_REVIEWS
        } else {
            usize::MAX
        };
        Overview::compute_splitting_from(input, split_from)
    }

    /// The same, walking logs of at least `split_from` reviews as two stretches side by side.
    fn compute_splitting_from(input: &StatsInput, split_from: usize) -> Overview {
        let study_day = input.day;
        let now = input.now.timestamp();
        let today = study_day.number_of_seconds(now);

        // The first day shown: the day of the earliest review, within limits.
        let first_day_of = |earliest: Option<&Review>| {
            earliest
                .map_or(today + 1, |r| study_day.number(r.at))
                .max(today - MAX_HISTORY_DAYS)
        };
        let decks = distinct_decks(input);
        // The decks' card ids side by side, so that comparing keys in the pass stays in the cache.
        let card_ids: String = decks
            .iter()
            .flat_map(|d| &d.cards)
            .map(|c| c.id.as_str())
            .collect();
        let cutoffs = Range::BOUNDED.map(|r| now - r.days().unwrap_or(0) * SECONDS_PER_DAY);
        // A stretch of the log from `from` until `until` (instants in seconds) decides the cut-offs
        // that fall within it.
        let new_pass = |first_day: i64, from: i64, until: i64| {
            let (topics, cards) = index_decks(&decks, &card_ids);
            let decides = cutoffs.map(|c| (from..until).contains(&c));
            let mut pending: Vec<usize> = (0..cutoffs.len()).filter(|&k| decides[k]).collect();
            pending.sort_by_key(|&k| std::cmp::Reverse(cutoffs[k]));
            Pass {
                study_day,
                first_day,
                cutoffs,
                decides,
                pending,
                cards,
                topic_days: vec![i64::MIN; topics.len()],
                topics,
                days: (first_day..=today)
                    .map(|day| DayReviews {
                        date: StudyDay::date(day),
                        ..DayReviews::default()
                    })
                    .collect(),
                totals: Totals::default(),
                first_at: i64::MIN,
                last_at: i64::MIN,
                in_order: true,
            }
        };
        // The first review of a card each day is found by walking the log in time order. The store
        // keeps it in that order, so the walk assumes it and checks as it goes; a log out of order
        // (a clock set back, merged logs) is sorted and walked again.
        let sorted: Vec<&Review>;
        let first_day = first_day_of(input.reviews.first());
        let pass = walk(input.reviews, study_day, split_from, |from, until| {
            new_pass(first_day, from, until)
        });
        let (pass, first_day) = if pass.in_order {
            (pass, first_day)
        } else {
            sorted = {
                let mut sorted: Vec<&Review> = input.reviews.iter().collect();
                sorted.sort_by_key(|r| r.at);
                sorted
            };
            let first_day = first_day_of(sorted.first().copied());
            let pass = walk(&sorted, study_day, split_from, |from, until| {
                new_pass(first_day, from, until)
            });
            (pass, first_day)
        };
        let Pass {
            cards,
            mut topics,
            topic_days,
            days,
            mut totals,
            ..
        } = pass;
        for (topic, day) in topics.iter_mut().zip(topic_days) {
            topic.last_studied = (day != i64::MIN).then(|| StudyDay::date(day));
        }

        let mut forecast = vec![0u32; FORECAST_DAYS];
        for track in cards.values() {
            let Some(topic) = track.topic() else { continue };
            let topic = &mut topics[topic];
            count_state(&mut totals.cards, track.latest);
            if let Some(due) = track.latest.and_then(|l| l.due()) {
                let ahead = study_day.number_of_seconds(due) - today;
                if ahead < 0 {
                    totals.overdue += 1;
                }
                if ahead < 1 {
                    totals.due_today += 1;
                }
                if let Some(n) = usize::try_from(ahead.max(0))
                    .ok()
                    .and_then(|i| forecast.get_mut(i))
                {
                    *n += 1;
                }
            }
            if track.latest.is_some_and(|l| l.mastered) {
                topic.mastered += 1;
            }
            for (count, mastered) in topic.mastered_before.iter_mut().zip(track.mastered_before) {
                *count += u32::from(mastered == MASTERED);
            }
        }
        totals.mastered = topics.iter().map(|t| t.mastered).sum();
        totals.reviews_today = days
            .last()
            .filter(|d| StudyDay::number_of(d.date) == today)
            .map_or(0, DayReviews::reviews);

        let tests = test_series(input, &cards, &mut topics);
        totals.tests_taken = u32::try_from(input.tests.len()).unwrap_or(u32::MAX);

        Overview {
            today: StudyDay::date(today),
            desired_retention: input.desired_retention,
            weeks: weeks(&days),
            tests,
            topics,
            forecast: forecast
                .into_iter()
                .enumerate()
                .map(|(i, count)| DayCount {
                    date: StudyDay::date(today + i as i64),
                    count,
                })
                .collect(),
            heatmap: heatmap(&days, first_day, today),
            streak: streak(&days),
            days,
            totals,
        }
    }
}

/// The input's decks, each id once (the first deck with an id wins).
fn distinct_decks<'a>(input: &StatsInput<'a>) -> Vec<&'a Deck> {
    let mut seen = std::collections::HashSet::new();
    input
        .decks
        .iter()
        .copied()
        .filter(|d| seen.insert(d.id.as_str()))
        .collect()
}

/// The topics of the decks (declared order first) and an index from each deck card to its topic.
/// `card_ids` holds every card id of `decks` in order, concatenated; the index's keys point into it.
fn index_decks<'s>(decks: &[&'s Deck], card_ids: &'s str) -> (Vec<TopicStats>, Cards<'s>) {
    let mut topics: Vec<TopicStats> = Vec::new();
    let mut topic_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut cards = Cards::default();
    let mut offset = 0;
    for deck in decks {
        let mut topic_of = |topics: &mut Vec<TopicStats>, name: &'s str| {
            *topic_index.entry((&deck.id, name)).or_insert_with(|| {
                topics.push(TopicStats {
                    deck: deck.id.clone(),
                    deck_title: deck.title.clone(),
                    topic: name.to_owned(),
                    cards: 0,
                    mastered: 0,
                    mastered_before: [0; 3],
                    passed: 0,
                    failed: 0,
                    time_ms: 0,
                    last_studied: None,
                    tests: Vec::new(),
                });
                topics.len() - 1
            })
        };
        for topic in &deck.topics {
            topic_of(&mut topics, topic);
        }
        let deck_cards = cards.deck_mut(&deck.id);
        for card in &deck.cards {
            let id = &card_ids[offset..offset + card.id.len()];
            offset += card.id.len();
            // A card whose topic is not declared still gets a row, after the declared ones.
            let topic = topic_of(&mut topics, &card.topic);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                deck_cards.entry(CardId::new(id))
            {
                slot.insert(Track::new(Some(topic)));
                topics[topic].cards += 1;
            }
        }
    }
    (topics, cards)
}

/// The day number of the Monday that begins the week of `day`.
pub(crate) fn week_start(day: i64) -> i64 {
    // 1970-01-01, day 0, was a Thursday: three days after a Monday.
    day - (day + 3).rem_euclid(7)
}

/// Puts a card in its state group: new, in (re)learning steps, young or mature.
fn count_state(counts: &mut CardCounts, latest: Option<Latest>) {
    let Some(latest) = latest else {
        counts.new += 1;
        return;
    };
    let interval = latest.due().map_or(0, |due| due - latest.at);
    match latest.kind {
        ReviewKind::Learn if interval < SECONDS_PER_DAY => counts.learning += 1,
        ReviewKind::Relearn if interval < SECONDS_PER_DAY => counts.relearning += 1,
        _ if interval >= MATURE_DAYS * SECONDS_PER_DAY => counts.mature += 1,
        _ => counts.young += 1,
    }
}

/// True retention per week, summed from the days.
fn weeks(days: &[DayReviews]) -> Vec<WeekRetention> {
    let mut weeks: Vec<WeekRetention> = Vec::new();
    for day in days {
        let monday = StudyDay::date(week_start(StudyDay::number_of(day.date)));
        match weeks.last_mut() {
            Some(week) if week.week_start == monday => {
                week.passed += day.passed;
                week.failed += day.failed;
            }
            _ => weeks.push(WeekRetention {
                week_start: monday,
                passed: day.passed,
                failed: day.failed,
            }),
        }
    }
    weeks
}

/// Answers on each of the last 365 days.
fn heatmap(days: &[DayReviews], first_day: i64, today: i64) -> Vec<DayCount> {
    (today + 1 - HEATMAP_DAYS as i64..=today)
        .map(|day| DayCount {
            date: StudyDay::date(day),
            count: usize::try_from(day - first_day)
                .ok()
                .and_then(|i| days.get(i))
                .map_or(0, DayReviews::answers),
        })
        .collect()
}

/// The longest run of study days, and the run that ends today (or yesterday, while today is still
/// open). `days` is contiguous and ends today.
fn streak(days: &[DayReviews]) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    for day in days {
        run = if day.answers() > 0 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let open_today = days.last().is_some_and(|d| d.answers() == 0);
    let current = days
        .iter()
        .rev()
        .skip(usize::from(open_today))
        .take_while(|d| d.answers() > 0)
        .count();
    Streak {
        current: u32::try_from(current).unwrap_or(u32::MAX),
        longest,
    }
}

/// Test scores per deck over time, and each topic's part of every test.
fn test_series(input: &StatsInput, cards: &Cards, topics: &mut [TopicStats]) -> Vec<TestSeries> {
    let mut tests: Vec<&TestResult> = input.tests.iter().collect();
    tests.sort_by_key(|t| t.started);

    let mut series: Vec<TestSeries> = Vec::new();
    let mut per_deck: Vec<(&str, u32, u32)> = Vec::new();
    let mut per_topic: Vec<(usize, u32, u32)> = Vec::new();
    for test in tests {
        per_deck.clear();
        per_topic.clear();
        for answer in &test.answers {
            let deck = answer.card.deck.as_str();
            tally(&mut per_deck, deck, answer.correct);
            let topic = cards
                .get(deck, &CardId::new(&answer.card.card))
                .and_then(Track::topic);
            if let Some(topic) = topic {
                tally(&mut per_topic, topic, answer.correct);
            }
        }
        let score = |correct, total| TestScore {
            at: test.started,
            date: input.day.study_day(test.started),
            correct,
            total,
        };
        for &(deck, correct, total) in &per_deck {
            let index = match series.iter().position(|s| s.deck == deck) {
                Some(i) => i,
                None => {
                    let title = input
                        .decks
                        .iter()
                        .find(|d| d.id == deck)
                        .map_or(deck, |d| d.title.as_str());
                    series.push(TestSeries {
                        deck: deck.to_owned(),
                        title: title.to_owned(),
                        points: Vec::new(),
                    });
                    series.len() - 1
                }
            };
            series[index].points.push(score(correct, total));
        }
        for &(topic, correct, total) in &per_topic {
            topics[topic].tests.push(score(correct, total));
        }
    }
    let order = |deck: &str| {
        input
            .decks
            .iter()
            .position(|d| d.id == deck)
            .unwrap_or(usize::MAX)
    };
    series.sort_by(|a, b| (order(&a.deck), &a.deck).cmp(&(order(&b.deck), &b.deck)));
    series
}

/// Adds one answer to a small (key, correct, total) tally.
fn tally<K: PartialEq>(tally: &mut Vec<(K, u32, u32)>, key: K, correct: bool) {
    let entry = match tally.iter().position(|(k, _, _)| *k == key) {
        Some(i) => &mut tally[i],
        None => {
            tally.push((key, 0, 0));
            tally.last_mut().expect("just pushed")
        }
    };
    entry.1 += u32::from(correct);
    entry.2 += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Question};
    use crate::review::{CardKey, Memory};
    use chrono::{DateTime, Duration, Utc};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn deck(id: &str, cards: usize) -> Deck {
        Deck::of_cards(
            id,
            (0..cards)
                .map(|i| Card {
                    id: format!("card-{i}"),
                    topic: ["Causes", "Consequences"][i % 2].to_owned(),
                    tags: Vec::new(),
                    question: Question::Flashcard {
                        front: format!("front {i}"),
                        back: format!("back {i}"),
                    },
                    explanation: String::new(),
                    sources: Vec::new(),
                })
                .collect(),
        )
    }

    /// Random answers over the 400 days before `now`, in time order, some of cards no deck has.
    fn log(now: DateTime<Utc>, count: usize, seed: u64) -> Vec<Review> {
        let mut rng = StdRng::seed_from_u64(seed);
        let start = now - Duration::days(400);
        let mut times: Vec<i64> = (0..count)
            .map(|_| rng.random_range(0..400 * SECONDS_PER_DAY))
            .collect();
        times.sort_unstable();
        times
            .into_iter()
            .map(|offset| {
                let at = start + Duration::seconds(offset);
                let kind = [
                    ReviewKind::Learn,
                    ReviewKind::Review,
                    ReviewKind::Relearn,
                    ReviewKind::Test,
                ][rng.random_range(0..4)];
                let rating = Rating::from_number(rng.random_range(1..=4)).expect("1 to 4");
                let stability = rng.random_range(0.5..400.0);
                Review {
                    id: 0,
                    at,
                    card: CardKey::new(
                        ["a", "b"][rng.random_range(0..2)],
                        format!("card-{}", rng.random_range(0..130)),
                    ),
                    rating,
                    correct: rating != Rating::Again,
                    duration_ms: rng.random_range(1_000..60_000),
                    kind,
                    before: None,
                    after: (kind != ReviewKind::Test).then_some(Memory {
                        stability,
                        difficulty: 5.0,
                    }),
                    due: (kind != ReviewKind::Test)
                        .then(|| at + Duration::seconds((stability * 86_400.0) as i64)),
                }
            })
            .collect()
    }

    #[test]
    fn two_stretches_give_what_one_gives() {
        let now: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().expect("instant");
        let decks = [deck("a", 100), deck("b", 120)];
        for seed in 0..8 {
            let reviews = log(now, 3_000, seed);
            let input = StatsInput::new(&reviews, &[], &decks, now);
            let whole = Overview::compute_splitting_from(&input, usize::MAX);
            let split = Overview::compute_splitting_from(&input, 0);
            assert_eq!(split, whole, "seed {seed}");
            // A log out of time order is sorted first, split or not.
            let mut shuffled = reviews.clone();
            shuffled.swap(0, reviews.len() - 1);
            shuffled[1..].rotate_left(seed as usize * 100 + 1);
            let input = StatsInput::new(&shuffled, &[], &decks, now);
            assert_eq!(Overview::compute_splitting_from(&input, 0), whole);
            assert_eq!(Overview::compute_splitting_from(&input, usize::MAX), whole);
            // The cut-offs fall on both sides of the split, and cards were mastered at each.
            assert!(
                whole
                    .topics
                    .iter()
                    .all(|t| t.mastered_before.iter().all(|&n| n > 0))
            );
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        use chrono::{Datelike, Weekday};
        for day in -20..20 {
            let monday = StudyDay::date(week_start(day));
            assert_eq!(monday.weekday(), Weekday::Mon);
            assert!((0..7).contains(&(day - week_start(day))));
        }
    }
}
