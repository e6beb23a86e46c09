//! The computation of an [`Overview`]: one pass over the review log, then small passes over the cards,
//! the days and the tests.

use super::mastery::is_mastered_as_left;
use super::overview::{
    CardCounts, DayCount, DayReviews, Overview, Range, StatsInput, Streak, TestScore, TestSeries,
    TopicStats, Totals, WeekRetention,
};
use super::{FORECAST_DAYS, HEATMAP_DAYS};
use crate::deck::Deck;
use crate::key_hash::{ByDeck, CardId};
use crate::review::{Rating, Review, ReviewKind, TestResult};
use crate::schedule::StudyDay;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::convert::Infallible;

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

/// One row of the review log as the statistics read it, its card key borrowed: the store hands
/// these over row by row, so no [`Review`] (with two strings of its own) is made per answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRow<'a> {
    pub at: DateTime<Utc>,
    pub deck: &'a str,
    pub card: &'a str,
    pub rating: Rating,
    pub duration_ms: u32,
    pub kind: ReviewKind,
    /// The memory stability the review left, when it left a memory state.
    pub stability_after: Option<f32>,
    pub due: Option<DateTime<Utc>>,
}

impl<'a> LogRow<'a> {
    pub fn of(review: &'a Review) -> Self {
        LogRow {
            at: review.at,
            deck: &review.card.deck,
            card: &review.card.card,
            rating: review.rating,
            duration_ms: review.duration_ms,
            kind: review.kind,
            stability_after: review.after.map(|m| m.stability),
            due: review.due,
        }
    }
}

/// One answer as the walk reads it: its card by number, instants in seconds, nothing to follow.
#[derive(Clone, Copy)]
struct Answer {
    at: i64,
    /// The nanoseconds of the instant, to sort a log out of order exactly by its instants.
    nanos: u32,
    card: u32,
    /// When the card is due; `i64::MIN` when the review set no due date.
    due: i64,
    duration_ms: u32,
    kind: ReviewKind,
    again: bool,
    /// Whether it left the card mastered ([`is_mastered_as_left`]).
    mastered: bool,
}

/// Numbers every card: the decks' cards first, in order, then each card only the log has, as it is
/// met. The walk then keeps its cards in plain arrays, and only reading the log looks keys up.
struct CardIndex<'d> {
    decks: ByDeck<'d, CardId<'d>, u32>,
    /// Cards of the log that no deck has (removed since), by deck, then card id.
    others: HashMap<String, HashMap<String, u32>>,
    count: u32,
}

impl CardIndex<'_> {
    /// The number of a card, given one the first time it is met.
    fn number(&mut self, deck: &str, card: &str) -> u32 {
        if let Some(&n) = self
            .decks
            .deck(deck)
            .and_then(|cards| cards.get(&CardId::new(card)))
        {
            return n;
        }
        let cards = match self.others.get_mut(deck) {
            Some(cards) => cards,
            None => self.others.entry(deck.to_owned()).or_default(),
        };
        if let Some(&n) = cards.get(card) {
            return n;
        }
        let n = self.count;
        self.count += 1;
        cards.insert(card.to_owned(), n);
        n
    }

    /// The number of a deck's card, if a deck has it.
    fn of_deck_card(&self, deck: &str, card: &str) -> Option<u32> {
        self.decks.get(deck, &CardId::new(card)).copied()
    }

    fn answer(&mut self, row: LogRow) -> Answer {
        Answer {
            at: row.at.timestamp(),
            nanos: row.at.timestamp_subsec_nanos(),
            card: self.number(row.deck, row.card),
            due: row.due.map_or(i64::MIN, |d| d.timestamp()),
            duration_ms: row.duration_ms,
            kind: row.kind,
            again: row.rating == Rating::Again,
            mastered: is_mastered_as_left(row.kind, row.at, row.due, row.stability_after),
        }
    }
}

/// The latest scheduling review of a card, packed small: arrays of these are walked on every review.
#[derive(Clone, Copy)]
struct Latest {
    at: i64,
    /// When the card is due; `i64::MIN` when the review set no due date.
    due: i64,
    /// Whether it left the card mastered ([`is_mastered_as_left`]).
    mastered: bool,
    kind: ReviewKind,
}

impl Latest {
    fn of(answer: &Answer) -> Latest {
        Latest {
            at: answer.at,
            due: answer.due,
            mastered: answer.mastered,
            kind: answer.kind,
        }
    }

    fn due(&self) -> Option<i64> {
        (self.due != i64::MIN).then_some(self.due)
    }
}

/// What the pass remembers about one card. The fields read on every review come first.
#[derive(Clone, Copy)]
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
struct Pass {
    study_day: StudyDay,
    first_day: i64,
    /// The instants of the mastery cut-offs of [`Range::BOUNDED`].
    cutoffs: [i64; 3],
    /// The cut-offs this stretch decides: those at or after its first instant (the earlier ones fall
    /// wholly within the stretch before it).
    decides: [bool; 3],
    /// The cut-offs it decides and has not yet passed, the earliest last.
    pending: Vec<usize>,
    /// Every card's track, by its number in the [`CardIndex`].
    cards: Vec<Track>,
    topics: Vec<TopicStats>,
    /// The last study day of each topic, as a day number (converted to a date at the end).
    topic_days: Vec<i64>,
    days: Vec<DayReviews>,
    totals: Totals,
}

impl Pass {
    /// Records the memory state of every card as it stands, for each cut-off earlier than `at`.
    fn pass_cutoffs(&mut self, at: i64) {
        while let Some(&k) = self.pending.last() {
            if at <= self.cutoffs[k] {
                break;
            }
            for track in &mut self.cards {
                track.mastered_before[k] = match track.latest {
                    Some(latest) if latest.mastered => MASTERED,
                    Some(_) => NOT_MASTERED,
                    None => UNSEEN,
                };
            }
            self.pending.pop();
        }
    }

    /// Walks a stretch of the log, in time order.
    fn walk(&mut self, answers: &[Answer]) {
        for answer in answers {
            self.add(answer);
        }
        self.pass_cutoffs(i64::MAX);
    }

    fn add(&mut self, review: &Answer) {
        let at = review.at;
        self.pass_cutoffs(at);
        let day = self.study_day.number_of_seconds(at);
        let track = &mut self.cards[review.card as usize];
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
            let passed = !review.again;
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

        track.latest = Some(Latest::of(review));
    }

    /// Adds the walk of the stretch that follows this one. The split lies on a study-day boundary,
    /// so a card's first review of a day is found within one stretch; a card that `later` has not seen
    /// by one of its cut-offs stands at that cut-off as this stretch left it.
    fn merge(mut self, later: Pass) -> Pass {
        let decided_later = later.decided();
        // First every card as this stretch left it, then what the later stretch saw.
        self.pending = decided_later.clone();
        self.pending
            .sort_by_key(|&k| std::cmp::Reverse(self.cutoffs[k]));
        self.pass_cutoffs(i64::MAX);
        for (earlier, track) in self.cards.iter_mut().zip(&later.cards) {
            for &k in &decided_later {
                if track.mastered_before[k] != UNSEEN {
                    earlier.mastered_before[k] = track.mastered_before[k];
                }
            }
            if track.latest.is_some() {
                earlier.latest = track.latest;
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
fn walk<F>(reviews: &[Answer], study_day: StudyDay, split_from: usize, new_pass: F) -> Pass
where
    F: Fn(i64, i64) -> Pass + Sync,
{
    let at = |r: &Answer| r.at;
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

/// Logs of at least this many reviews are walked as two stretches side by side, where two cores are
/// there.
fn split_from() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores >= 2 {
        SPLIT_FROM_REVIEWS
    } else {
        usize::MAX
    }
}

impl Overview {
    /// Computes every statistic of a profile in one pass over its review log.
    pub fn compute(input: &StatsInput) -> Overview {
        Overview::compute_splitting_from(input, split_from())
    }

    /// The same, with the review log read row by row by `read` (oldest first, as the store keeps
    /// it) instead of from `input.reviews`, which is not looked at: `read` calls the function it is
    /// given once per review. Its error, if any, is returned.
    pub fn compute_reading<E>(
        input: &StatsInput,
        read: impl FnOnce(&mut dyn FnMut(LogRow<'_>)) -> Result<(), E>,
    ) -> Result<Overview, E> {
        Overview::compute_reading_splitting_from(input, read, split_from())
    }

    /// [`Overview::compute`], walking logs of at least `split_from` reviews as two stretches.
    fn compute_splitting_from(input: &StatsInput, split_from: usize) -> Overview {
        let read = |add: &mut dyn FnMut(LogRow<'_>)| {
            input.reviews.iter().for_each(|r| add(LogRow::of(r)));
            Ok::<(), Infallible>(())
        };
        match Overview::compute_reading_splitting_from(input, read, split_from) {
            Ok(overview) => overview,
            Err(never) => match never {},
        }
    }

    fn compute_reading_splitting_from<E>(
        input: &StatsInput,
        read: impl FnOnce(&mut dyn FnMut(LogRow<'_>)) -> Result<(), E>,
        split_from: usize,
    ) -> Result<Overview, E> {
        let study_day = input.day;
        let now = input.now.timestamp();
        let today = study_day.number_of_seconds(now);

        // The first day shown: the day of the earliest review, within limits.
        let first_day_of = |earliest: Option<&Answer>| {
            earliest
                .map_or(today + 1, |r| study_day.number_of_seconds(r.at))
                .max(today - MAX_HISTORY_DAYS)
        };
        let decks = distinct_decks(input);
        let (topics, mut index, deck_tracks) = index_decks(&decks);
        // The log, each card's key looked up once as it is read.
        let mut answers: Vec<Answer> = Vec::with_capacity(input.reviews.len());
        read(&mut |row| answers.push(index.answer(row)))?;
        // The first review of a card each day is found by walking the log in time order. The store
        // keeps it in that order; a log out of order (a clock set back, merged logs, an import) is
        // sorted first. Stable, as the log's order decides between answers of the same instant.
        if answers.windows(2).any(|w| w[1].at < w[0].at) {
            answers.sort_by_key(|r| (r.at, r.nanos));
        }
        let mut tracks = deck_tracks;
        tracks.resize(index.count as usize, Track::new(None));
        let cutoffs = Range::BOUNDED.map(|r| now - r.days().unwrap_or(0) * SECONDS_PER_DAY);
        // A stretch of the log from `from` until `until` (instants in seconds) decides the cut-offs
        // that fall within it.
        let new_pass = |first_day: i64, from: i64, until: i64| {
            let (topics, cards) = (topics.clone(), tracks.clone());
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
            }
        };
        let first_day = first_day_of(answers.first());
        let pass = walk(&answers, study_day, split_from, |from, until| {
            new_pass(first_day, from, until)
        });
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
        for track in &cards {
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

        let tests = test_series(input, &index, &cards, &mut topics);
        totals.tests_taken = u32::try_from(input.tests.len()).unwrap_or(u32::MAX);

        Ok(Overview {
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
        })
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

/// The topics of the decks (declared order first), the numbers of their cards, and each numbered
/// card's track with its topic.
fn index_decks<'d>(decks: &[&'d Deck]) -> (Vec<TopicStats>, CardIndex<'d>, Vec<Track>) {
    let mut topics: Vec<TopicStats> = Vec::new();
    let mut topic_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut index = CardIndex {
        decks: ByDeck::default(),
        others: HashMap::new(),
        count: 0,
    };
    let mut tracks = Vec::new();
    for deck in decks {
        let mut topic_of = |topics: &mut Vec<TopicStats>, name: &'d str| {
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
        let deck_cards = index.decks.deck_mut(&deck.id);
        for card in &deck.cards {
            // A card whose topic is not declared still gets a row, after the declared ones.
            let topic = topic_of(&mut topics, &card.topic);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                deck_cards.entry(CardId::new(&card.id))
            {
                slot.insert(index.count);
                index.count += 1;
                tracks.push(Track::new(Some(topic)));
                topics[topic].cards += 1;
            }
        }
    }
    (topics, index, tracks)
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
fn test_series(
    input: &StatsInput,
    index: &CardIndex,
    cards: &[Track],
    topics: &mut [TopicStats],
) -> Vec<TestSeries> {
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
            let topic = index
                .of_deck_card(deck, &answer.card.card)
                .and_then(|n| cards[n as usize].topic());
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
                    image: None,
                    explanation_image: None,
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
