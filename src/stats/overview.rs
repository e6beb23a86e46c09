//! What the statistics compute: the input, the [`Overview`] and its parts.

use crate::deck::Deck;
use crate::review::{Review, TestResult};
use crate::schedule::{Scheduler, StudyDay};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Everything the statistics read. Reviews are expected in the order they were logged (by time);
/// any other order gives the same figures, only more slowly.
#[derive(Debug, Clone)]
pub struct StatsInput<'a> {
    pub reviews: &'a [Review],
    pub tests: &'a [TestResult],
    /// The decks whose cards are counted for states, mastery, due counts and topics. Reviews of cards
    /// missing from every deck still count as reviews (per day, retention, streaks).
    pub decks: Vec<&'a Deck>,
    pub now: DateTime<Utc>,
    pub day: StudyDay,
    /// The retention the schedule aims for, drawn beside the true retention (0.0 to 1.0).
    pub desired_retention: f64,
}

impl<'a> StatsInput<'a> {
    /// An input with the default study day (UTC, day starting at 4) and desired retention 0.9.
    pub fn new(
        reviews: &'a [Review],
        tests: &'a [TestResult],
        decks: impl IntoIterator<Item = &'a Deck>,
        now: DateTime<Utc>,
    ) -> Self {
        StatsInput {
            reviews,
            tests,
            decks: decks.into_iter().collect(),
            now,
            day: StudyDay::default(),
            desired_retention: 0.9,
        }
    }

    pub fn with_day(mut self, day: StudyDay) -> Self {
        self.day = day;
        self
    }

    /// The learner's study day and desired retention, as their scheduler has them.
    pub fn with_scheduler(mut self, scheduler: &Scheduler) -> Self {
        self.day = *scheduler.day();
        self.desired_retention = f64::from(scheduler.settings().desired_retention);
        self
    }
}

/// The span of time a chart or summary shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Range {
    Month,
    ThreeMonths,
    Year,
    All,
}

impl Range {
    pub const ALL: [Range; 4] = [Range::Month, Range::ThreeMonths, Range::Year, Range::All];
    /// The ranges with a start date, in the order of [`TopicStats::mastered_before`].
    pub const BOUNDED: [Range; 3] = [Range::Month, Range::ThreeMonths, Range::Year];

    /// How many days the range covers, today included; `None` for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Range::Month => Some(30),
            Range::ThreeMonths => Some(91),
            Range::Year => Some(365),
            Range::All => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Range::Month => "1 month",
            Range::ThreeMonths => "3 months",
            Range::Year => "1 year",
            Range::All => "all",
        }
    }

    /// The first study day in the range; `None` for all time.
    pub fn start(self, today: NaiveDate) -> Option<NaiveDate> {
        let days = self.days()?;
        Some(StudyDay::date(StudyDay::number_of(today) - days + 1))
    }
}

/// The reviews of one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReviews {
    pub date: NaiveDate,
    pub learn: u32,
    pub review: u32,
    pub relearn: u32,
    /// Answers given in scored tests; not part of the stacked review counts.
    pub test: u32,
    /// Time spent on learn, review and relearn answers.
    pub time_ms: u64,
    /// Time spent on test answers.
    pub test_time_ms: u64,
    /// First reviews of a learned card that day recalled (Hard, Good or Easy) and forgotten (Again).
    pub passed: u32,
    pub failed: u32,
}

impl DayReviews {
    /// Learn, review and relearn answers: what the stacked chart shows.
    pub fn reviews(&self) -> u32 {
        self.learn + self.review + self.relearn
    }

    /// Every answer of the day, tests included: what makes a day count as studied.
    pub fn answers(&self) -> u32 {
        self.reviews() + self.test
    }
}

/// True retention over one week (Monday to Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRetention {
    /// The Monday that begins the week.
    pub week_start: NaiveDate,
    pub passed: u32,
    pub failed: u32,
}

impl WeekRetention {
    /// Passed over passed and failed; `None` for a week without reviews of learned cards.
    pub fn retention(&self) -> Option<f64> {
        retention(self.passed, self.failed)
    }
}

pub(crate) fn retention(passed: u32, failed: u32) -> Option<f64> {
    let total = passed + failed;
    (total > 0).then(|| f64::from(passed) / f64::from(total))
}

/// A count on one day (heatmap, forecast).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

/// One scored test's result on the questions of one deck (or one topic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestScore {
    pub at: DateTime<Utc>,
    /// The study day the test was taken on.
    pub date: NaiveDate,
    pub correct: u32,
    pub total: u32,
}

impl TestScore {
    /// Share answered right, 0.0 to 1.0.
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.correct) / f64::from(self.total)
        }
    }
}

/// The scores of every test that asked questions of one deck, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSeries {
    pub deck: String,
    /// The deck's title, or its id when the deck is not loaded.
    pub title: String,
    pub points: Vec<TestScore>,
}

/// Everything known about one topic of one deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicStats {
    pub deck: String,
    pub deck_title: String,
    pub topic: String,
    pub cards: u32,
    /// Cards mastered now ([`super::is_mastered`]).
    pub mastered: u32,
    /// Cards mastered 30, 91 and 365 days before now, in the order of [`Range::BOUNDED`].
    pub mastered_before: [u32; 3],
    /// First reviews of learned cards each day, recalled and forgotten, over all time.
    pub passed: u32,
    pub failed: u32,
    /// Time spent on this topic's cards, tests included.
    pub time_ms: u64,
    /// The last study day with an answer on one of this topic's cards.
    pub last_studied: Option<NaiveDate>,
    /// This topic's part of every test that asked about it, oldest first.
    pub tests: Vec<TestScore>,
}

impl TopicStats {
    /// Share of the topic's cards mastered now, 0.0 to 1.0 (0 for a topic without cards).
    pub fn mastery(&self) -> f64 {
        share(self.mastered, self.cards)
    }

    /// Cards mastered at the start of a range (none at the start of all time).
    pub fn mastered_at_start(&self, range: Range) -> u32 {
        Range::BOUNDED
            .iter()
            .position(|r| *r == range)
            .map_or(0, |i| self.mastered_before[i])
    }

    pub fn retention(&self) -> Option<f64> {
        retention(self.passed, self.failed)
    }

    pub fn last_test(&self) -> Option<&TestScore> {
        self.tests.last()
    }
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

/// Cards of the loaded decks by where they stand, as Anki groups them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCounts {
    /// Never studied.
    pub new: u32,
    /// Studied for the first time and due again within a day.
    pub learning: u32,
    /// Forgotten and due again within a day.
    pub relearning: u32,
    /// Due again in less than 21 days.
    pub young: u32,
    /// Due again in 21 days or more.
    pub mature: u32,
}

impl CardCounts {
    pub fn total(&self) -> u32 {
        self.new + self.learning + self.relearning + self.young + self.mature
    }
}

/// Study days in a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    /// Days in a row up to today, or up to yesterday while today has no answer yet.
    pub current: u32,
    pub longest: u32,
}

/// The headline figures for the terminal and the top of the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub cards: CardCounts,
    /// Cards due by the end of today, overdue ones included.
    pub due_today: u32,
    /// Cards that were due before today.
    pub overdue: u32,
    /// Learn, review and relearn answers over all time.
    pub reviews: u64,
    pub reviews_today: u32,
    /// Answers given in scored tests.
    pub test_answers: u64,
    /// Answers given in cram sessions, which never move the schedule.
    pub cram_answers: u64,
    pub tests_taken: u32,
    /// Time spent answering, tests included.
    pub time_ms: u64,
    pub passed: u64,
    pub failed: u64,
    pub mastered: u32,
}

impl Totals {
    /// True retention over all time.
    pub fn retention(&self) -> Option<f64> {
        let total = self.passed + self.failed;
        (total > 0).then(|| self.passed as f64 / total as f64)
    }
}

/// Sums over the days of a range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RangeSummary {
    pub reviews: u64,
    pub test_answers: u64,
    pub time_ms: u64,
    pub days_studied: u32,
    pub passed: u64,
    pub failed: u64,
}

impl RangeSummary {
    pub fn retention(&self) -> Option<f64> {
        let total = self.passed + self.failed;
        (total > 0).then(|| self.passed as f64 / total as f64)
    }
}

/// All statistics of a profile, computed once; charts pick their range from it without recomputing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// The study day holding `now`.
    pub today: NaiveDate,
    pub desired_retention: f64,
    /// Every day from the first answer to today, days without answers included.
    pub days: Vec<DayReviews>,
    /// Every week from the first answer's to this one.
    pub weeks: Vec<WeekRetention>,
    /// One series per deck that tests asked about, loaded decks first in their order.
    pub tests: Vec<TestSeries>,
    /// One entry per topic of each loaded deck, in the decks' order and each deck's topic order.
    pub topics: Vec<TopicStats>,
    /// Cards due on each of the next 30 days; today's count includes the overdue cards.
    pub forecast: Vec<DayCount>,
    /// Answers on each of the last 365 days, ending today.
    pub heatmap: Vec<DayCount>,
    pub streak: Streak,
    pub totals: Totals,
}

impl Overview {
    /// The first day shown for a range; all time starts at the first answer.
    pub fn range_start(&self, range: Range) -> Option<NaiveDate> {
        range.start(self.today)
    }

    /// The days of a range, oldest first.
    pub fn days_in(&self, range: Range) -> &[DayReviews] {
        match self.range_start(range) {
            Some(start) => {
                let from = self.days.partition_point(|d| d.date < start);
                &self.days[from..]
            }
            None => &self.days,
        }
    }

    /// The weeks that overlap a range, oldest first.
    pub fn weeks_in(&self, range: Range) -> &[WeekRetention] {
        match self.range_start(range) {
            Some(start) => {
                let monday = StudyDay::date(super::compute::week_start(StudyDay::number_of(start)));
                let from = self.weeks.partition_point(|w| w.week_start < monday);
                &self.weeks[from..]
            }
            None => &self.weeks,
        }
    }

    /// The test series with only the tests taken within a range; decks without such tests are left out.
    pub fn tests_in(&self, range: Range) -> Vec<TestSeries> {
        let start = self.range_start(range);
        self.tests
            .iter()
            .filter_map(|series| {
                let points: Vec<TestScore> = series
                    .points
                    .iter()
                    .filter(|p| start.is_none_or(|s| p.date >= s))
                    .copied()
                    .collect();
                (!points.is_empty()).then(|| TestSeries {
                    points,
                    ..series.clone()
                })
            })
            .collect()
    }

    /// Reviews, time, study days and retention summed over a range.
    pub fn summary(&self, range: Range) -> RangeSummary {
        self.days_in(range)
            .iter()
            .fold(RangeSummary::default(), |mut sum, day| {
                sum.reviews += u64::from(day.reviews());
                sum.test_answers += u64::from(day.test);
                sum.time_ms += day.time_ms + day.test_time_ms;
                sum.days_studied += u32::from(day.answers() > 0);
                sum.passed += u64::from(day.passed);
                sum.failed += u64::from(day.failed);
                sum
            })
    }
}
