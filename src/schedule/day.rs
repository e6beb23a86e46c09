//! Study days: a day starts at a chosen local hour (4 am by default), not at midnight, so a late
//! evening's study still counts for that evening.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};

/// Turns instants into study-day numbers for one time zone offset and day-start hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyDay {
    offset: FixedOffset,
    start_hour: u8,
}

impl StudyDay {
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

    /// Days since the common era of the study day holding `at`.
    pub fn number(&self, at: DateTime<Utc>) -> i64 {
        let shifted = at.with_timezone(&self.offset) - Duration::hours(i64::from(self.start_hour));
        i64::from(chrono::Datelike::num_days_from_ce(&shifted.date_naive()))
    }

    /// The instant the study day holding `at` began.
    pub fn start(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let shifted = at.with_timezone(&self.offset) - Duration::hours(i64::from(self.start_hour));
        let midnight = shifted.date_naive().and_time(NaiveTime::MIN);
        let local_start = midnight + Duration::hours(i64::from(self.start_hour));
        self.offset
            .from_local_datetime(&local_start)
            .single()
            .map(|t| t.with_timezone(&Utc))
            // A fixed offset maps every local time to exactly one instant.
            .unwrap_or(at)
    }

    /// The instant the study day holding `at` ends (the next one begins).
    pub fn end(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.start(at) + Duration::days(1)
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
    }

    #[test]
    fn the_offset_moves_the_boundary() {
        // 4 am in UTC+8 is 20:00 UTC the evening before.
        let day = StudyDay::new(FixedOffset::east_opt(8 * 3600).unwrap(), 4);
        assert_eq!(
            day.start(at("2024-03-02T21:00:00Z")),
            at("2024-03-02T20:00:00Z")
        );
        assert_eq!(
            day.days_between(at("2024-03-02T19:59:00Z"), at("2024-03-02T20:00:00Z")),
            1
        );
    }
}
