//! The computation of an [`Overview`]: one pass over the review log, then small passes over the cards,
//! the days and the tests.

use super::clock::{DayClock, week_start};
use super::overview::{
    CardCounts, DayCount, DayReviews, Overview, Range, StatsInput, Streak, TestScore, TestSeries,
    TopicStats, Totals, WeekRetention,
};
use super::{FORECAST_DAYS, HEATMAP_DAYS, MASTERED_RETRIEVABILITY};
use crate::review::{Rating, Review, ReviewKind, TestResult};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// Whether a card with this stability, reviewed `elapsed_days` ago, is recalled with at least 90 %.
pub fn is_mastered(stability: f32, elapsed_days: f32, decay: f32) -> bool {
    retrievability(stability, elapsed_days, decay) >= MASTERED_RETRIEVABILITY
}

/// FNV-1a. Card keys are short strings hashed once per review; this is several times faster on them
/// than the default hasher, and the keys come from the learner's own data, so flooding is no concern.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type CardMap<'a> = HashMap<(&'a str, &'a str), usize, BuildHasherDefault<Fnv>>;

/// The latest scheduling review of a card.
#[derive(Clone, Copy)]
struct Latest {
    at: i64,
    kind: ReviewKind,
    stability: Option<f32>,
    due: Option<i64>,
}

/// What the pass remembers about one card.
struct Track {
    topic: Option<usize>,
    /// The last study day with a learn, review or relearn answer; tells the first review of a day.
    last_day: i64,
    latest: Option<Latest>,
    /// The latest (review time, stability) at or before each mastery cut-off of [`Range::BOUNDED`].
    before: [Option<(i64, f32)>; 3],
}

impl Track {
    fn new(topic: Option<usize>) -> Self {
        Track {
            topic,
            last_day: i64::MIN,
            latest: None,
            before: [None; 3],
        }
    }
}

impl Overview {
    /// Computes every statistic of a profile in one pass over its review log.
    pub fn compute(input: &StatsInput) -> Overview {
        let clock = input.clock;
        let now = input.now.timestamp();
        let today = clock.day_number_of_seconds(now);

        let (mut topics, mut cards, mut tracks) = index_decks(input);

        // The first review of a card each day is found by walking the log in time order.
        let sorted: Option<Vec<&Review>> = (!input.reviews.is_sorted_by_key(|r| r.at)).then(|| {
            let mut sorted: Vec<&Review> = input.reviews.iter().collect();
            sorted.sort_by_key(|r| r.at);
            sorted
        });
        let ordered: Box<dyn Iterator<Item = &Review>> = match &sorted {
            Some(sorted) => Box::new(sorted.iter().copied()),
            None => Box::new(input.reviews.iter()),
        };

        let first_day = input
            .reviews
            .iter()
            .map(|r| r.at)
            .min()
            .map_or(today + 1, |at| clock.day_number(at))
            .max(today - MAX_HISTORY_DAYS);
        let mut days: Vec<DayReviews> = (first_day..=today)
            .map(|day| DayReviews {
                date: DayClock::date(day),
                ..DayReviews::default()
            })
            .collect();

        let cutoffs = Range::BOUNDED.map(|r| now - r.days().unwrap_or(0) * SECONDS_PER_DAY);
        let mut totals = Totals::default();

        for review in ordered {
            let at = review.at.timestamp();
            let day = clock.day_number_of_seconds(at);
            let key = (review.card.deck.as_str(), review.card.card.as_str());
            let index = *cards.entry(key).or_insert_with(|| {
                tracks.push(Track::new(None));
                tracks.len() - 1
            });
            let track = &mut tracks[index];
            let mut slot = usize::try_from(day - first_day)
                .ok()
                .and_then(|i| days.get_mut(i));
            let duration = u64::from(review.duration_ms);
            totals.time_ms += duration;
            if let Some(topic) = track.topic.map(|t| &mut topics[t]) {
                topic.time_ms += duration;
                let date = DayClock::date(day);
                if topic.last_studied.is_none_or(|d| d < date) {
                    topic.last_studied = Some(date);
                }
            }

            if review.kind == ReviewKind::Test {
                totals.test_answers += 1;
                if let Some(slot) = slot {
                    slot.test += 1;
                    slot.test_time_ms += duration;
                }
                continue;
            }

            totals.reviews += 1;
            if let Some(slot) = slot.as_deref_mut() {
                match review.kind {
                    ReviewKind::Learn => slot.learn += 1,
                    ReviewKind::Review => slot.review += 1,
                    ReviewKind::Relearn => slot.relearn += 1,
                    ReviewKind::Test => {}
                }
                slot.time_ms += duration;
            }

            // True retention: the first review of a learned card on a study day; Again is a fail.
            let first_of_day = track.last_day != day;
            track.last_day = day;
            if first_of_day && review.kind == ReviewKind::Review {
                let passed = review.rating != Rating::Again;
                if let Some(slot) = slot {
                    if passed {
                        slot.passed += 1;
                    } else {
                        slot.failed += 1;
                    }
                }
                if let Some(topic) = track.topic {
                    let topic = &mut topics[topic];
                    if passed {
                        topic.passed += 1;
                    } else {
                        topic.failed += 1;
                    }
                }
                if passed {
                    totals.passed += 1;
                } else {
                    totals.failed += 1;
                }
            }

            let stability = review.after.map(|m| m.stability);
            track.latest = Some(Latest {
                at,
                kind: review.kind,
                stability,
                due: review.due.map(|d| d.timestamp()),
            });
            if let Some(stability) = stability {
                for (before, cutoff) in track.before.iter_mut().zip(cutoffs) {
                    if at <= cutoff {
                        *before = Some((at, stability));
                    }
                }
            }
        }

        let mut forecast = vec![0u32; FORECAST_DAYS];
        for track in &tracks {
            let Some(topic) = track.topic else { continue };
            let topic = &mut topics[topic];
            count_state(&mut totals.cards, track.latest);
            if let Some(due) = track.latest.and_then(|l| l.due) {
                let ahead = clock.day_number_of_seconds(due) - today;
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
            if let Some(latest) = track.latest
                && let Some(stability) = latest.stability
                && is_mastered(stability, days_between(latest.at, now), input.decay)
            {
                topic.mastered += 1;
            }
            for ((count, before), cutoff) in topic
                .mastered_before
                .iter_mut()
                .zip(track.before)
                .zip(cutoffs)
            {
                if let Some((at, stability)) = before
                    && is_mastered(stability, days_between(at, cutoff), input.decay)
                {
                    *count += 1;
                }
            }
        }
        totals.mastered = topics.iter().map(|t| t.mastered).sum();
        totals.reviews_today = days
            .last()
            .filter(|d| DayClock::number_of(d.date) == today)
            .map_or(0, DayReviews::reviews);

        let tests = test_series(input, &cards, &tracks, &mut topics);
        totals.tests_taken = u32::try_from(input.tests.len()).unwrap_or(u32::MAX);

        Overview {
            today: DayClock::date(today),
            desired_retention: input.desired_retention,
            weeks: weeks(&days),
            tests,
            topics,
            forecast: forecast
                .into_iter()
                .enumerate()
                .map(|(i, count)| DayCount {
                    date: DayClock::date(today + i as i64),
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

/// The topics of the decks (declared order first) and an index from each deck card to its topic.
fn index_decks<'a>(input: &StatsInput<'a>) -> (Vec<TopicStats>, CardMap<'a>, Vec<Track>) {
    let mut topics: Vec<TopicStats> = Vec::new();
    let mut topic_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut cards = CardMap::default();
    let mut tracks = Vec::new();
    let mut seen_decks = std::collections::HashSet::new();
    for deck in input
        .decks
        .iter()
        .filter(|d| seen_decks.insert(d.id.as_str()))
    {
        let mut topic_of = |topics: &mut Vec<TopicStats>, name: &'a str| {
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
        for card in &deck.cards {
            // A card whose topic is not declared still gets a row, after the declared ones.
            let topic = topic_of(&mut topics, &card.topic);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                cards.entry((&deck.id, &card.id))
            {
                slot.insert(tracks.len());
                tracks.push(Track::new(Some(topic)));
                topics[topic].cards += 1;
            }
        }
    }
    (topics, cards, tracks)
}

fn days_between(from: i64, to: i64) -> f32 {
    (to - from) as f32 / SECONDS_PER_DAY as f32
}

/// Puts a card in its state group: new, in (re)learning steps, young or mature.
fn count_state(counts: &mut CardCounts, latest: Option<Latest>) {
    let Some(latest) = latest else {
        counts.new += 1;
        return;
    };
    let interval = latest.due.map_or(0, |due| due - latest.at);
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
        let monday = DayClock::date(week_start(DayClock::number_of(day.date)));
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
            date: DayClock::date(day),
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
    cards: &CardMap,
    tracks: &[Track],
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
            let topic = cards
                .get(&(deck, answer.card.card.as_str()))
                .and_then(|&i| tracks[i].topic);
            if let Some(topic) = topic {
                tally(&mut per_topic, topic, answer.correct);
            }
        }
        let score = |correct, total| TestScore {
            at: test.started,
            date: input.clock.study_day(test.started),
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
