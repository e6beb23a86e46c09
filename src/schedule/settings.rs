//! The scheduler's settings for one profile.

use serde::{Deserialize, Serialize};

/// Allowed range of desired retention: below it too much is forgotten, above it reviews pile up.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.97;
/// Learning steps are shorter than a day; longer waits are the scheduler's job.
pub const LONGEST_STEP_MINUTES: u32 = 1439;

/// How one profile is scheduled. Missing fields in `settings.ron` take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerSettings {
    /// The recall probability reviews aim for (0.70–0.97).
    pub desired_retention: f32,
    /// Waits in minutes between the first answers of a new card.
    pub learning_steps: Vec<u32>,
    /// Waits in minutes after a forgotten review.
    pub relearning_steps: Vec<u32>,
    /// The longest interval in days.
    pub maximum_interval: u32,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// The local hour (0–23) at which a new study day begins.
    pub day_starts_at: u8,
    /// Spread intervals a little so cards learnt together do not stay together.
    pub fuzz: bool,
    /// FSRS parameters fitted by `optimize`; empty means the crate's defaults.
    pub parameters: Vec<f32>,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        SchedulerSettings {
            desired_retention: 0.90,
            learning_steps: vec![1, 10],
            relearning_steps: vec![10],
            maximum_interval: 36_500,
            new_per_day: 20,
            reviews_per_day: 200,
            day_starts_at: 4,
            fuzz: true,
            parameters: Vec::new(),
        }
    }
}

impl SchedulerSettings {
    /// Plain sentences for every value outside its allowed range.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !RETENTION_RANGE.contains(&self.desired_retention) {
            problems.push(format!(
                "Desired retention must be between 0.70 and 0.97, not {}.",
                self.desired_retention
            ));
        }
        for (name, steps) in [
            ("Learning", &self.learning_steps),
            ("Relearning", &self.relearning_steps),
        ] {
            if steps.iter().any(|&m| m == 0 || m > LONGEST_STEP_MINUTES) {
                problems.push(format!(
                    "{name} steps must each be 1 to {LONGEST_STEP_MINUTES} minutes."
                ));
            }
        }
        if self.maximum_interval == 0 {
            problems.push("The maximum interval must be at least 1 day.".to_owned());
        }
        if self.day_starts_at > 23 {
            problems.push(format!(
                "The day must start at an hour from 0 to 23, not {}.",
                self.day_starts_at
            ));
        }
        if self.parameters.iter().any(|p| !p.is_finite()) {
            problems.push("The FSRS parameters must be numbers.".to_owned());
        }
        problems
    }

    /// These settings with every out-of-range value brought back into range, and what was changed.
    pub fn sanitized(mut self) -> (Self, Vec<String>) {
        let problems = self.problems();
        if problems.is_empty() {
            return (self, problems);
        }
        let defaults = SchedulerSettings::default();
        if !self.desired_retention.is_finite() {
            self.desired_retention = defaults.desired_retention;
        }
        self.desired_retention = self
            .desired_retention
            .clamp(*RETENTION_RANGE.start(), *RETENTION_RANGE.end());
        for steps in [&mut self.learning_steps, &mut self.relearning_steps] {
            for m in steps.iter_mut() {
                *m = (*m).clamp(1, LONGEST_STEP_MINUTES);
            }
        }
        self.maximum_interval = self.maximum_interval.max(1);
        self.day_starts_at = self.day_starts_at.min(23);
        if self.parameters.iter().any(|p| !p.is_finite()) {
            self.parameters.clear();
        }
        (self, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(SchedulerSettings::default().problems().is_empty());
    }

    #[test]
    fn out_of_range_values_are_named_and_clamped() {
        let bad = SchedulerSettings {
            desired_retention: 0.5,
            learning_steps: vec![0, 5000],
            day_starts_at: 30,
            ..SchedulerSettings::default()
        };
        let (fixed, problems) = bad.sanitized();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("retention"));
        assert_eq!(fixed.desired_retention, 0.70);
        assert_eq!(fixed.learning_steps, vec![1, LONGEST_STEP_MINUTES]);
        assert_eq!(fixed.day_starts_at, 23);
        assert!(fixed.problems().is_empty());
    }
}
