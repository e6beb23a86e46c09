//! Study days: a learner's day runs from the start hour (4 in the morning by default) in their own time
//! zone to the same hour the next day, so a session after midnight still counts for the evening before.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Maps instants to study days. Days are numbered from 1970-01-01 so that the statistics can count in
/// plain integers; [`DayClock::date`] turns a number back into a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    offset: FixedOffset,
    start_hour: u8,
}

impl Default for DayClock {
    /// UTC with the day starting at 4 in the morning.
    fn default() -> Self {
        DayClock {
            offset: FixedOffset::east_opt(0).expect("zero offset is valid"),
            start_hour: DayClock::DEFAULT_START_HOUR,
        }
    }
}

impl DayClock {
    pub const DEFAULT_START_HOUR: u8 = 4;

    /// A clock for a learner at `offset` from UTC whose day starts at `start_hour` (0 to 23).
    pub fn new(offset: FixedOffset, start_hour: u8) -> Result<DayClock, super::StatsError> {
        if start_hour > 23 {
            return Err(super::StatsError::StartHour(start_hour));
        }
        Ok(DayClock { offset, start_hour })
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    pub fn start_hour(&self) -> u8 {
        self.start_hour
    }

    /// The number of the study day holding `at`.
    pub fn day_number(&self, at: DateTime<Utc>) -> i64 {
        self.day_number_of_seconds(at.timestamp())
    }

    /// The same for a Unix timestamp in seconds; the statistics work on these to avoid date arithmetic.
    pub(crate) fn day_number_of_seconds(&self, seconds: i64) -> i64 {
        let shift = i64::from(self.offset.local_minus_utc()) - i64::from(self.start_hour) * 3600;
        (seconds + shift).div_euclid(SECONDS_PER_DAY)
    }

    /// The calendar date of the study day holding `at`.
    pub fn study_day(&self, at: DateTime<Utc>) -> NaiveDate {
        Self::date(self.day_number(at))
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

    /// The Unix timestamp at which a study day begins.
    pub(crate) fn day_start_seconds(&self, day: i64) -> i64 {
        day * SECONDS_PER_DAY + i64::from(self.start_hour) * 3600
            - i64::from(self.offset.local_minus_utc())
    }

    /// The instant at which a study day begins.
    pub fn day_start(&self, day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(self.day_start_seconds(day), 0).unwrap_or_default()
    }
}

/// The day number of the Monday that begins the week of `day`.
pub(crate) fn week_start(day: i64) -> i64 {
    // 1970-01-01, day 0, was a Thursday: three days after a Monday.
    day - (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Weekday};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_day_turns_at_the_start_hour_not_at_midnight() {
        let clock = DayClock::default();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(clock.study_day(utc(2024, 3, 10, 3, 59)), date(2024, 3, 9));
        assert_eq!(clock.study_day(utc(2024, 3, 10, 4, 0)), date(2024, 3, 10));
        assert_eq!(clock.study_day(utc(2024, 3, 10, 23, 59)), date(2024, 3, 10));
    }

    #[test]
    fn the_offset_moves_the_boundary_into_local_time() {
        // Changchun time, UTC+8: 4 in the morning there is 20:00 UTC the evening before.
        let clock = DayClock::new(FixedOffset::east_opt(8 * 3600).unwrap(), 4).unwrap();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(clock.study_day(utc(2024, 3, 9, 19, 59)), date(2024, 3, 9));
        assert_eq!(clock.study_day(utc(2024, 3, 9, 20, 0)), date(2024, 3, 10));
        assert_eq!(
            clock.day_start(clock.day_number(utc(2024, 3, 9, 20, 0))),
            utc(2024, 3, 9, 20, 0)
        );
    }

    #[test]
    fn day_numbers_and_dates_agree_before_and_after_1970() {
        for date in [
            NaiveDate::from_ymd_opt(1922, 9, 4).unwrap(),
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        ] {
            assert_eq!(DayClock::date(DayClock::number_of(date)), date);
        }
        assert_eq!(
            DayClock::number_of(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()),
            1
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        for day in -20..20 {
            let monday = DayClock::date(week_start(day));
            assert_eq!(monday.weekday(), Weekday::Mon);
            assert!((0..7).contains(&(day - week_start(day))));
        }
    }

    #[test]
    fn a_start_hour_past_23_is_refused() {
        let offset = FixedOffset::east_opt(0).unwrap();
        assert!(DayClock::new(offset, 24).is_err());
        assert!(DayClock::new(offset, 0).is_ok());
    }
}
