//! Aggregations over the review log for the statistics screen, the terminal and the reports.
//!
//! Everything here is a pure function of plain data: the reviews (or their [`Summary`], as the store
//! keeps it), the test results, the decks, the current instant and the learner's
//! [`StudyDay`](crate::schedule::StudyDay). Nothing reads the clock or the store, so the same input
//! always gives the same [`Overview`].

mod compute;
mod mastery;
mod overview;
mod summary;

pub use compute::retrievability;
pub use mastery::{MASTERED_STABILITY_DAYS, MASTERY_RULE, is_mastered, is_mastered_after};
pub use overview::{
    CardCounts, DayCount, DayReviews, Overview, Range, RangeSummary, StatsInput, Streak, TestScore,
    TestSeries, TopicStats, Totals, WeekRetention,
};
pub use summary::{CardAnswer, CardSummary, DayTally, Latest, Summary, SummaryBuilder};

/// Days shown in the due forecast, today included.
pub const FORECAST_DAYS: usize = 30;
/// Days shown in the calendar heatmap, today included.
pub const HEATMAP_DAYS: usize = 365;
