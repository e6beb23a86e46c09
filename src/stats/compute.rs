//! The computation of an [`Overview`] from the [`Summary`] of the review log: a pass over the
//! cards' summaries, then small passes over the decks' cards, the days and the tests.

use super::overview::{
    CardCounts, DayCount, DayReviews, Overview, Range, StatsInput, Streak, TestScore, TestSeries,
    TopicStats, Totals, WeekRetention,
};
use super::summary::{Latest, Summary};
use super::{FORECAST_DAYS, HEATMAP_DAYS};
use crate::deck::Deck;
use crate::key_hash::{ByDeck, CardId};
use crate::review::{ReviewKind, TestResult};
use crate::schedule::StudyDay;
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

/// The decks' cards, numbered in the decks' order, each with its topic.
struct DeckCards<'d> {
    numbers: ByDeck<'d, CardId<'d>, u32>,
    /// The topic of each card, by its number.
    topics: Vec<usize>,
}

impl DeckCards<'_> {
    /// The number of a deck's card, if a deck has it.
    fn number(&self, deck: &str, card: &str) -> Option<usize> {
        self.numbers
            .get(deck, &CardId::new(card))
            .map(|&n| n as usize)
    }

    fn topic(&self, deck: &str, card: &str) -> Option<usize> {
        self.number(deck, card).map(|n| self.topics[n])
    }
}

impl Overview {
    /// Computes every statistic of a profile from its review log in memory.
    pub fn compute(input: &StatsInput) -> Overview {
        Overview::from_summary(&Summary::of_log(input.reviews, input.day), input)
    }

    /// Computes every statistic from the summary of the log (as the store keeps it);
    /// `input.reviews` is not looked at. The summary must have been made for `input.day`.
    pub fn from_summary(summary: &Summary, input: &StatsInput) -> Overview {
        let study_day = input.day;
        let now = input.now.timestamp();
        let today = study_day.number_of_seconds(now);
        let day_of = |ms: i64| study_day.number_of_millis(ms);
        let decks = distinct_decks(input);
        let (mut topics, cards) = index_decks(&decks);
        let mut topic_days = vec![i64::MIN; topics.len()];
        let cutoffs = Range::BOUNDED.map(|r| now - r.days().unwrap_or(0) * SECONDS_PER_DAY);
        let mut latest: Vec<Option<Latest>> = vec![None; cards.topics.len()];
        let mut totals = Totals::default();
        for (key, card) in &summary.cards {
            totals.reviews += u64::from(card.reviews);
            totals.test_answers += u64::from(card.tests);
            totals.cram_answers += u64::from(card.crams);
            totals.time_ms += card.time_ms;
            totals.passed += u64::from(card.passed);
            totals.failed += u64::from(card.failed);
            // Answers to cards no deck has (removed since) count only in the totals.
            let Some(n) = cards.number(&key.deck, &key.card) else {
                continue;
            };
            let t = cards.topics[n];
            let topic = &mut topics[t];
            topic.passed += card.passed;
            topic.failed += card.failed;
            topic.time_ms += card.time_ms;
            topic_days[t] = topic_days[t].max(day_of(card.last_at_ms));
            for (count, cutoff) in topic.mastered_before.iter_mut().zip(cutoffs) {
                *count += u32::from(card.mastered_at(cutoff));
            }
            latest[n] = card.latest;
        }
        for (topic, day) in topics.iter_mut().zip(topic_days) {
            topic.last_studied = (day != i64::MIN).then(|| StudyDay::date(day));
        }

        let mut forecast = vec![0u32; FORECAST_DAYS];
        for (latest, &topic) in latest.iter().zip(&cards.topics) {
            count_state(&mut totals.cards, *latest);
            if let Some(due) = latest.and_then(|l| l.due_ms) {
                let ahead = day_of(due) - today;
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
            if latest.is_some_and(|l| l.mastered) {
                topics[topic].mastered += 1;
            }
        }
        totals.mastered = topics.iter().map(|t| t.mastered).sum();

        // Every day from the first answer's (within limits) to today.
        let first_day = summary
            .days
            .first()
            .map_or(today + 1, |(day, _)| *day)
            .max(today - MAX_HISTORY_DAYS);
        let mut days: Vec<DayReviews> = (first_day..=today)
            .map(|day| DayReviews {
                date: StudyDay::date(day),
                ..DayReviews::default()
            })
            .collect();
        for (day, tally) in &summary.days {
            let Some(slot) = usize::try_from(day - first_day)
                .ok()
                .and_then(|i| days.get_mut(i))
            else {
                continue;
            };
            *slot = DayReviews {
                date: slot.date,
                learn: tally.learn,
                review: tally.review,
                relearn: tally.relearn,
                test: tally.test,
                time_ms: tally.time_ms,
                test_time_ms: tally.test_time_ms,
                passed: tally.passed,
                failed: tally.failed,
            };
        }
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

/// The topics of the decks (declared order first), and the decks' cards numbered with their topics.
fn index_decks<'d>(decks: &[&'d Deck]) -> (Vec<TopicStats>, DeckCards<'d>) {
    let mut topics: Vec<TopicStats> = Vec::new();
    let mut topic_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut cards = DeckCards {
        numbers: ByDeck::default(),
        topics: Vec::new(),
    };
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
        let numbers = cards.numbers.deck_mut(&deck.id);
        for card in &deck.cards {
            // A card whose topic is not declared still gets a row, after the declared ones.
            let topic = topic_of(&mut topics, &card.topic);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                numbers.entry(CardId::new(&card.id))
            {
                slot.insert(u32::try_from(cards.topics.len()).unwrap_or(u32::MAX));
                cards.topics.push(topic);
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
    let seconds = |ms: i64| ms.div_euclid(1000);
    let interval = latest
        .due_ms
        .map_or(0, |due| seconds(due) - seconds(latest.at_ms));
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
    cards: &DeckCards,
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
            if let Some(topic) = cards.topic(deck, &answer.card.card) {
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
