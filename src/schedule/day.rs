//! Study days: a day starts at a chosen local hour (4 am by default), not at midnight, so a late
//! evening's study still counts for that evening. The scheduler, the queue and the statistics all
//! count days with this one type.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Turns instants into study-day numbers for one time zone offset and day-start hour. Days are
/// numbered from 1970-01-01 so that counting stays in plain integers; [`StudyDay::date`] turns a
/// number back into a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyDay {
    offset: FixedOffset,
    start_hour: u8,
}

impl Default for StudyDay {
    /// UTC with the day starting at 4 in the morning.
    fn default() -> Self {
        StudyDay::new(FixedOffset::east_opt(0).expect("zero offset is valid"), 4)
    }
}

impl StudyDay {
    /// A day for a learner at `offset` from UTC whose day starts at `start_hour` (past 23 means 23).
    pub fn new(offset: FixedOffset, start_hour: u8) -> Self {
        StudyDay {
            offset,
            start_hour: start_hour.min(23),
        }
    }

    /// Uses this computer's current offset from UTC.
    pub fn local(start_hour: u8) -> Self {
        StudyDay::new(*chrono::Local::now().offset(), start_hour)
    }

    /// The local hour a study day starts.
    pub fn start_hour(&self) -> u8 {
        self.start_hour
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// The number of the study day holding `at`.
    pub fn number(&self, at: DateTime<Utc>) -> i64 {
        self.number_of_seconds(at.timestamp())
    }

    /// The same for a Unix timestamp in seconds, for loops that avoid date arithmetic.
    pub(crate) fn number_of_seconds(&self, seconds: i64) -> i64 {
        (seconds + self.shift_seconds()).div_euclid(SECONDS_PER_DAY)
    }

    /// The same for an instant in Unix milliseconds, as the store keeps them.
    pub(crate) fn number_of_millis(&self, millis: i64) -> i64 {
        self.number_of_seconds(millis.div_euclid(1000))
    }

    /// The instant (Unix seconds) a study day starts.
    pub(crate) fn start_seconds(&self, day: i64) -> i64 {
        day.saturating_mul(SECONDS_PER_DAY)
            .saturating_sub(self.shift_seconds())
    }

    /// Seconds from UTC midnight to the local start of the day.
    fn shift_seconds(&self) -> i64 {
        i64::from(self.offset.local_minus_utc()) - i64::from(self.start_hour) * 3600
    }

    /// The calendar date of the study day holding `at`.
    pub fn study_day(&self, at: DateTime<Utc>) -> NaiveDate {
        Self::date(self.number(at))
    }

    /// The calendar date of a day number.
    pub fn date(day: i64) -> NaiveDate {
        i32::try_from(day + UNIX_EPOCH_DAYS_FROM_CE)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or_default()
    }

    /// The day number of a calendar date.
    pub fn number_of(date: NaiveDate) -> i64 {
        i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
    }

    /// The instant a numbered study day begins.
    pub fn day_start(&self, day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(self.start_seconds(day), 0).unwrap_or_default()
    }

    /// The instant the study day holding `at` began.
    pub fn start(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.day_start(self.number(at))
    }

    /// The instant the study day holding `at` ends (the next one begins).
    pub fn end(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.day_start(self.number(at) + 1)
    }

    /// Whole study days from `earlier` to `later` (0 on the same day, never negative).
    pub fn days_between(&self, earlier: DateTime<Utc>, later: DateTime<Utc>) -> u32 {
        u32::try_from((self.number(later) - self.number(earlier)).max(0)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_day_turns_at_the_start_hour() {
        let day = StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4);
        let late = at("2024-03-01T23:30:00Z");
        let small_hours = at("2024-03-02T03:59:00Z");
        let morning = at("2024-03-02T04:00:00Z");
        assert_eq!(day.number(late), day.number(small_hours));
        assert_eq!(day.number(small_hours) + 1, day.number(morning));
        assert_eq!(day.start(small_hours), at("2024-03-01T04:00:00Z"));
        assert_eq!(day.end(morning), at("2024-03-03T04:00:00Z"));
        assert_eq!(day.study_day(small_hours), date(2024, 3, 1));
        assert_eq!(day.study_day(morning), date(2024, 3, 2));
    }

    #[test]
    fn the_offset_moves_the_boundary() {
        // 4 am in UTC+8 (Changchun time) is 20:00 UTC the evening before.
        let day = StudyDay::new(FixedOffset::east_opt(8 * 3600).unwrap(), 4);
        assert_eq!(
            day.start(at("2024-03-02T21:00:00Z")),
            at("2024-03-02T20:00:00Z")
        );
        assert_eq!(
            day.days_between(at("2024-03-02T19:59:00Z"), at("2024-03-02T20:00:00Z")),
            1
        );
        assert_eq!(day.study_day(at("2024-03-09T19:59:00Z")), date(2024, 3, 9));
        assert_eq!(day.study_day(at("2024-03-09T20:00:00Z")), date(2024, 3, 10));
    }

    #[test]
    fn day_numbers_and_dates_agree_before_and_after_1970() {
        for d in [date(1922, 9, 4), date(1970, 1, 1), date(2024, 2, 29)] {
            assert_eq!(StudyDay::date(StudyDay::number_of(d)), d);
        }
        assert_eq!(StudyDay::number_of(date(1970, 1, 2)), 1);
    }

    #[test]
    fn a_start_hour_past_23_means_23() {
        let day = StudyDay::new(FixedOffset::east_opt(0).unwrap(), 24);
        assert_eq!(day.start_hour(), 23);
    }
}
