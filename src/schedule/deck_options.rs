//! Options of one deck that override the learner's scheduler settings for that deck: new cards a
//! day, learning steps and desired retention, with presets as Anki offers them. A deck without
//! options of its own follows the learner's settings and shares their daily new limit with the
//! other such decks; a deck with its own options has a daily new limit of its own.

use super::settings::{LONGEST_STEP_MINUTES, RETENTION_RANGE, SchedulerSettings};
use serde::{Deserialize, Serialize};

/// The most new cards a day a deck may ask for.
pub const MOST_NEW_PER_DAY: u32 = 9999;

/// One deck's own options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeckOptions {
    pub new_per_day: u32,
    /// Waits in minutes between the first answers of a new card.
    pub learning_steps: Vec<u32>,
    /// The recall probability reviews aim for (0.70–0.97).
    pub desired_retention: f32,
}

impl Default for DeckOptions {
    fn default() -> Self {
        DeckOptions::from_settings(&SchedulerSettings::default())
    }
}

/// Ready-made options, as Anki's presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// The learner's own settings: the deck has no options of its own.
    Default,
    /// Many new cards, short steps, high retention: for an exam in a few weeks.
    ExamCram,
    /// Few new cards and a lower retention: a little each day.
    Light,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Default, Preset::ExamCram, Preset::Light];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Default => "Default",
            Preset::ExamCram => "Exam cram",
            Preset::Light => "Light",
        }
    }

    /// What the preset is for, in a sentence.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Default => {
                "Your own study settings, shared with the other decks that follow them."
            }
            Preset::ExamCram => {
                "40 new cards a day, short steps, 95 % retention: for an exam in a few weeks."
            }
            Preset::Light => "5 new cards a day, 85 % retention: a little every day.",
        }
    }

    /// The preset's options; `None` for Default, which follows the learner's settings.
    pub fn options(self) -> Option<DeckOptions> {
        match self {
            Preset::Default => None,
            Preset::ExamCram => Some(DeckOptions {
                new_per_day: 40,
                learning_steps: vec![1, 5, 20],
                desired_retention: 0.95,
            }),
            Preset::Light => Some(DeckOptions {
                new_per_day: 5,
                learning_steps: vec![10],
                desired_retention: 0.85,
            }),
        }
    }

    /// The preset these options are, if they are exactly one (`None` options: Default).
    pub fn of(options: Option<&DeckOptions>) -> Option<Preset> {
        Preset::ALL
            .into_iter()
            .find(|p| p.options().as_ref() == options)
    }
}

impl DeckOptions {
    /// The options a learner's settings give a deck.
    pub fn from_settings(settings: &SchedulerSettings) -> DeckOptions {
        DeckOptions {
            new_per_day: settings.new_per_day,
            learning_steps: settings.learning_steps.clone(),
            desired_retention: settings.desired_retention,
        }
    }

    /// The learner's settings with these options laid over them, for this deck's cards.
    pub fn apply(&self, settings: &SchedulerSettings) -> SchedulerSettings {
        SchedulerSettings {
            new_per_day: self.new_per_day,
            learning_steps: self.learning_steps.clone(),
            desired_retention: self.desired_retention,
            ..settings.clone()
        }
    }

    /// Plain sentences for every value outside its allowed range.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.new_per_day > MOST_NEW_PER_DAY {
            problems.push(format!(
                "New cards a day must be at most {MOST_NEW_PER_DAY}, not {}.",
                self.new_per_day
            ));
        }
        if !RETENTION_RANGE.contains(&self.desired_retention) {
            problems.push(format!(
                "Desired retention must be between 0.70 and 0.97, not {}.",
                self.desired_retention
            ));
        }
        if self
            .learning_steps
            .iter()
            .any(|&m| m == 0 || m > LONGEST_STEP_MINUTES)
        {
            problems.push(format!(
                "Learning steps must each be 1 to {LONGEST_STEP_MINUTES} minutes."
            ));
        }
        problems
    }

    /// These options with every value brought into range, and what was changed.
    pub fn sanitized(mut self) -> (Self, Vec<String>) {
        let problems = self.problems();
        self.new_per_day = self.new_per_day.min(MOST_NEW_PER_DAY);
        if !self.desired_retention.is_finite() {
            self.desired_retention = SchedulerSettings::default().desired_retention;
        }
        self.desired_retention = self
            .desired_retention
            .clamp(*RETENTION_RANGE.start(), *RETENTION_RANGE.end());
        for m in &mut self.learning_steps {
            *m = (*m).clamp(1, LONGEST_STEP_MINUTES);
        }
        (self, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_recognised() {
        for preset in Preset::ALL {
            if let Some(options) = preset.options() {
                assert!(options.problems().is_empty(), "{preset:?}");
            }
            assert_eq!(Preset::of(preset.options().as_ref()), Some(preset));
        }
        let own = DeckOptions {
            new_per_day: 7,
            ..Preset::Light.options().unwrap()
        };
        assert_eq!(Preset::of(Some(&own)), None);
    }

    #[test]
    fn options_override_only_their_own_fields() {
        let settings = SchedulerSettings {
            reviews_per_day: 50,
            ..SchedulerSettings::default()
        };
        let applied = Preset::ExamCram.options().unwrap().apply(&settings);
        assert_eq!(applied.new_per_day, 40);
        assert_eq!(applied.learning_steps, vec![1, 5, 20]);
        assert_eq!(applied.desired_retention, 0.95);
        assert_eq!(applied.reviews_per_day, 50);
        assert_eq!(applied.day_starts_at, settings.day_starts_at);
    }

    #[test]
    fn out_of_range_options_are_named_and_clamped() {
        let (fixed, problems) = DeckOptions {
            new_per_day: 100_000,
            learning_steps: vec![0],
            desired_retention: 0.2,
        }
        .sanitized();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(fixed.new_per_day, MOST_NEW_PER_DAY);
        assert_eq!(fixed.learning_steps, vec![1]);
        assert_eq!(fixed.desired_retention, 0.70);
    }
}
