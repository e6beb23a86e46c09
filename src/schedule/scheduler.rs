//! The scheduler: FSRS memory states from the `fsrs` crate, learning steps, rounding and fuzz.

use super::day::StudyDay;
use super::fuzz;
use super::settings::SchedulerSettings;
use super::state::{CardState, Phase};
use crate::review::{CardKey, Memory, Rating, Review, ReviewKind};
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState, NextStates};
use rand::Rng;

/// A learner's scheduler and those of the decks that have options of their own.
#[derive(Debug, Clone)]
pub struct Schedulers {
    pub learner: Scheduler,
    pub decks: std::collections::HashMap<String, Scheduler>,
}

impl Schedulers {
    pub fn of(&self, deck: &str) -> &Scheduler {
        self.decks.get(deck).unwrap_or(&self.learner)
    }
}

/// What one rating would do, for buttons such as "Good · 3d".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preview {
    pub rating: Rating,
    /// The wait before the card comes back (without fuzz).
    pub interval: Duration,
}

impl Preview {
    pub fn label(&self) -> String {
        format_interval(self.interval)
    }
}

/// The scheduling part of a review: filled in by [`Scheduler::apply`], completed by the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduled {
    pub kind: ReviewKind,
    pub before: Option<Memory>,
    pub after: Option<Memory>,
    pub due: DateTime<Utc>,
}

impl Scheduled {
    /// The full review to log.
    pub fn into_review(
        self,
        card: CardKey,
        at: DateTime<Utc>,
        rating: Rating,
        correct: bool,
        duration_ms: u32,
    ) -> Review {
        Review {
            id: 0,
            at,
            card,
            rating,
            correct,
            duration_ms,
            kind: self.kind,
            before: self.before,
            after: self.after,
            due: Some(self.due),
        }
    }
}

/// How long until a card comes back.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wait {
    Minutes(u32),
    /// Whole days (the unrounded FSRS interval, rounded and fuzzed later).
    Days(f32),
}

/// Schedules cards for one profile.
#[derive(Debug, Clone)]
pub struct Scheduler {
    settings: SchedulerSettings,
    fsrs: FSRS,
    /// The forgetting curve's decay (the last parameter), kept for fast retrievability.
    decay: f32,
    day: StudyDay,
    warnings: Vec<String>,
}

impl Scheduler {
    /// A scheduler in this computer's time zone. Invalid settings are brought into range and
    /// unusable FSRS parameters replaced by the defaults; [`Scheduler::warnings`] says what changed.
    pub fn new(settings: SchedulerSettings) -> Self {
        let day = StudyDay::local(settings.day_starts_at);
        Scheduler::with_day(settings, day)
    }

    /// A scheduler with an explicit day boundary (tests use a fixed time zone).
    pub fn with_day(settings: SchedulerSettings, day: StudyDay) -> Self {
        let (mut settings, mut warnings) = settings.sanitized();
        let fsrs = match FSRS::new(&settings.parameters) {
            Ok(fsrs) => fsrs,
            Err(_) => {
                warnings.push(format!(
                    "The {} FSRS parameters in the settings are not usable; the defaults are used.",
                    settings.parameters.len()
                ));
                settings.parameters.clear();
                FSRS::default()
            }
        };
        let day = StudyDay::new(day.offset(), settings.day_starts_at);
        let decay = fsrs::check_and_fill_parameters(&settings.parameters)
            .ok()
            .and_then(|p| p.get(20).copied())
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        Scheduler {
            settings,
            fsrs,
            decay,
            day,
            warnings,
        }
    }

    pub fn settings(&self) -> &SchedulerSettings {
        &self.settings
    }

    pub fn day(&self) -> &StudyDay {
        &self.day
    }

    /// The forgetting curve's decay in use (FSRS-6's last parameter).
    pub fn decay(&self) -> f32 {
        self.decay
    }

    /// Days until recall falls to the desired retention, for a card of this stability.
    pub fn interval_days(&self, stability: f32) -> f32 {
        self.fsrs.next_interval(
            Some(stability),
            self.settings.desired_retention,
            Rating::Good.number().into(),
        )
    }

    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The FSRS parameters in use (all 21, defaults filled in).
    pub fn parameters(&self) -> Vec<f32> {
        fsrs::check_and_fill_parameters(&self.settings.parameters)
            .unwrap_or_else(|_| fsrs::DEFAULT_PARAMETERS.to_vec())
    }

    /// The probability of recalling the card now (1.0 for a card never answered).
    pub fn retrievability(&self, state: &CardState, now: DateTime<Utc>) -> f32 {
        let (Some(memory), Some(last)) = (state.memory, state.last_review) else {
            return 1.0;
        };
        let elapsed = (now - last).num_seconds().max(0) as f32 / 86_400.0;
        fsrs::current_retrievability(to_fsrs(memory), elapsed, self.decay)
    }

    /// The wait each rating would give, without fuzz.
    pub fn next_states(&self, state: &CardState, now: DateTime<Utc>) -> [Preview; 4] {
        let (_, waits) = self.plan(state, now);
        let days = self.rounded_days(state, &waits);
        Rating::ALL.map(|rating| {
            let i = index(rating);
            let interval = match waits[i] {
                Wait::Minutes(m) => Duration::minutes(i64::from(m)),
                Wait::Days(_) => Duration::days(i64::from(days[i])),
            };
            Preview { rating, interval }
        })
    }

    /// The state after answering with `rating` at `now`, and the scheduling part of the review.
    /// Schedules an answer to `card` at `at` as [`Scheduler::apply`] does, with the fuzz drawn from
    /// the card and the moment: every device that replays this answer on the same history reaches
    /// the same due date, so a learner's devices agree after a sync.
    pub fn answer(
        &self,
        state: &CardState,
        rating: Rating,
        at: DateTime<Utc>,
        card: &CardKey,
    ) -> (CardState, Scheduled) {
        use rand::SeedableRng;
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(card.deck.as_bytes())
            .chain_update([0])
            .chain_update(card.card.as_bytes())
            .chain_update([0])
            .chain_update(at.timestamp_millis().to_le_bytes())
            .finalize();
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&digest[..8]);
        let mut rng = rand::rngs::StdRng::seed_from_u64(u64::from_le_bytes(seed));
        self.apply(state, rating, at, &mut rng)
    }

    /// Goes through a card's history in its order (after answers from several devices were
    /// merged, or one was undone) and schedules again, as [`Scheduler::answer`] decides now, each
    /// answer whose logged memory before it is not the memory the history gives there; an answer
    /// that follows on from the one before keeps what it logged. Gives the card's state after it
    /// all. Answers that do not schedule (quizzes, cram) are left as they are.
    pub fn reschedule<'a>(&self, history: impl IntoIterator<Item = &'a mut Review>) -> CardState {
        let mut state = CardState::new();
        for review in history {
            if review.kind.schedules() && review.before != state.memory {
                let (_, scheduled) = self.answer(&state, review.rating, review.at, &review.card);
                review.kind = scheduled.kind;
                review.before = scheduled.before;
                review.after = scheduled.after;
                review.due = Some(scheduled.due);
            }
            state = state.after(review);
        }
        state
    }

    pub fn apply(
        &self,
        state: &CardState,
        rating: Rating,
        now: DateTime<Utc>,
        rng: &mut impl Rng,
    ) -> (CardState, Scheduled) {
        let (next, waits) = self.plan(state, now);
        let i = index(rating);
        let due = match waits[i] {
            Wait::Minutes(m) => now + Duration::minutes(i64::from(m)),
            Wait::Days(interval) => {
                let days = self.rounded_days(state, &waits);
                let days = if self.settings.fuzz {
                    // Fuzz never undoes the order of the buttons: each stays above the one before.
                    let minimum = previous_days(&waits, &days, i).map_or(1, |d| d + 1);
                    fuzz::fuzzed(interval, minimum, self.settings.maximum_interval, rng)
                } else {
                    days[i]
                };
                now + Duration::days(i64::from(days))
            }
        };
        let kind = match state.phase {
            Phase::New | Phase::Learning => ReviewKind::Learn,
            Phase::Review => ReviewKind::Review,
            Phase::Relearning => ReviewKind::Relearn,
        };
        let chosen = match rating {
            Rating::Again => next.again.memory,
            Rating::Hard => next.hard.memory,
            Rating::Good => next.good.memory,
            Rating::Easy => next.easy.memory,
        };
        let scheduled = Scheduled {
            kind,
            before: state.memory,
            after: Some(from_fsrs(chosen)),
            due,
        };
        let review = scheduled.clone().into_review(
            CardKey::new("", ""),
            now,
            rating,
            rating != Rating::Again,
            0,
        );
        (state.after(&review), scheduled)
    }

    /// FSRS's next memory states and the wait for each rating, before rounding.
    fn plan(&self, state: &CardState, now: DateTime<Utc>) -> (NextStates, [Wait; 4]) {
        let elapsed = state
            .last_review
            .map_or(0, |last| self.day.days_between(last, now));
        let next = self.memory_states(state.memory, elapsed);
        let days = [
            next.again.interval,
            next.hard.interval,
            next.good.interval,
            next.easy.interval,
        ];
        let s = &self.settings;
        let waits = match state.phase {
            Phase::New | Phase::Learning => stepped(&s.learning_steps, state.step, days),
            Phase::Relearning => stepped(&s.relearning_steps, state.step, days),
            Phase::Review => {
                let again = match s.relearning_steps.first() {
                    Some(&m) => Wait::Minutes(m),
                    None => Wait::Days(days[0]),
                };
                [
                    again,
                    Wait::Days(days[1]),
                    Wait::Days(days[2]),
                    Wait::Days(days[3]),
                ]
            }
        };
        (next, waits)
    }

    /// FSRS's memory states for the four ratings. A stored state the crate rejects (it can only come
    /// from a damaged store) is treated as a new card rather than stopping the session.
    fn memory_states(&self, memory: Option<Memory>, elapsed: u32) -> NextStates {
        let retention = self.settings.desired_retention;
        self.fsrs
            .next_states(memory.map(to_fsrs), retention, elapsed)
            .or_else(|_| self.fsrs.next_states(None, retention, 0))
            .or_else(|_| FSRS::default().next_states(None, 0.9, 0))
            .expect("the default FSRS parameters give finite states for a new card")
    }

    /// Whole days for each day wait, rounded, within the maximum, and each button above the one before.
    fn rounded_days(&self, state: &CardState, waits: &[Wait; 4]) -> [u32; 4] {
        let max = self.settings.maximum_interval;
        let mut days = [0u32; 4];
        let mut floor = 0u32;
        for (i, wait) in waits.iter().enumerate() {
            if let Wait::Days(d) = wait {
                let rounded = (d.round().max(1.0) as u32).min(max);
                // Again never raises the floor; Hard, Good and Easy must each beat the last.
                days[i] = if i == 0 {
                    rounded
                } else {
                    rounded.max(floor + 1).min(max)
                };
                if i > 0 {
                    floor = days[i];
                }
            }
        }
        // A review card's Hard is not longer than its Good before the Good is lifted above it.
        if state.phase == Phase::Review && days[1] > days[2] && days[2] > 0 {
            days[1] = days[2].saturating_sub(1).max(1);
        }
        days
    }
}

/// The days of the nearest lower button that also waits days (Again excluded).
fn previous_days(waits: &[Wait; 4], days: &[u32; 4], i: usize) -> Option<u32> {
    (1..i)
        .rev()
        .find(|&j| matches!(waits[j], Wait::Days(_)))
        .map(|j| days[j])
}

/// Waits while a card goes through (re)learning steps (in minutes); past the last step it graduates.
fn stepped(steps: &[u32], step: u32, days: [f32; 4]) -> [Wait; 4] {
    let Some(&first) = steps.first() else {
        return days.map(Wait::Days);
    };
    let step = (step as usize).min(steps.len() - 1);
    let hard = if step > 0 {
        steps[step]
    } else if let Some(&second) = steps.get(1) {
        (first + second) / 2
    } else {
        // One step: half as long again, but at most a day more.
        (first * 3 / 2)
            .min(first + 1440)
            .min(super::settings::LONGEST_STEP_MINUTES)
    };
    let good = match steps.get(step + 1) {
        Some(&m) => Wait::Minutes(m),
        None => Wait::Days(days[2]),
    };
    [
        Wait::Minutes(first),
        Wait::Minutes(hard.max(1)),
        good,
        Wait::Days(days[3]),
    ]
}

fn index(rating: Rating) -> usize {
    usize::from(rating.number() - 1)
}

pub(crate) fn to_fsrs(memory: Memory) -> MemoryState {
    MemoryState {
        stability: memory.stability,
        difficulty: memory.difficulty,
    }
}

pub(crate) fn from_fsrs(memory: MemoryState) -> Memory {
    Memory {
        stability: memory.stability,
        difficulty: memory.difficulty,
    }
}

/// A wait written short: "10m", "5h", "3d", "2.1mo", "1.2y".
pub fn format_interval(interval: Duration) -> String {
    let minutes = interval.num_minutes().max(0);
    let days = interval.num_seconds().max(0) as f64 / 86_400.0;
    if minutes < 1 {
        format!("{}s", interval.num_seconds().max(0))
    } else if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 24 * 60 {
        format!("{}h", (minutes as f64 / 60.0).round())
    } else if days < 30.0 {
        format!("{}d", days.round())
    } else if days < 365.0 {
        format!("{:.1}mo", days / 30.4375)
    } else {
        format!("{:.1}y", days / 365.25)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn utc_day() -> StudyDay {
        StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4)
    }

    fn no_fuzz() -> Scheduler {
        let settings = SchedulerSettings {
            fuzz: false,
            ..SchedulerSettings::default()
        };
        Scheduler::with_day(settings, utc_day())
    }

    fn start() -> DateTime<Utc> {
        "2024-05-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn intervals_are_written_short() {
        assert_eq!(format_interval(Duration::minutes(10)), "10m");
        assert_eq!(format_interval(Duration::hours(5)), "5h");
        assert_eq!(format_interval(Duration::days(3)), "3d");
        assert_eq!(format_interval(Duration::days(64)), "2.1mo");
        assert_eq!(format_interval(Duration::days(438)), "1.2y");
    }

    #[test]
    fn a_new_card_walks_the_learning_steps() {
        let s = no_fuzz();
        let new = CardState::new();
        let previews = s.next_states(&new, start());
        assert_eq!(previews[0].interval, Duration::minutes(1));
        assert_eq!(previews[1].interval, Duration::minutes(5));
        assert_eq!(previews[2].interval, Duration::minutes(10));
        // Easy graduates at once with FSRS's interval for a first Easy.
        let easy_days = fsrs::DEFAULT_PARAMETERS[3].round() as i64;
        assert_eq!(previews[3].interval, Duration::days(easy_days));

        let mut rng = StdRng::seed_from_u64(1);
        let (learning, review) = s.apply(&new, Rating::Good, start(), &mut rng);
        assert_eq!(review.kind, ReviewKind::Learn);
        assert_eq!(learning.phase, Phase::Learning);
        assert_eq!(learning.step, 1);
        assert_eq!(learning.due, Some(start() + Duration::minutes(10)));

        let later = start() + Duration::minutes(10);
        let (graduated, _) = s.apply(&learning, Rating::Good, later, &mut rng);
        assert_eq!(graduated.phase, Phase::Review);
        assert_eq!(graduated.reps, 2);
    }

    #[test]
    fn memory_states_match_the_fsrs_crate() {
        // Good, Good (same day), then Good after each interval, with default parameters.
        let s = no_fuzz();
        let fsrs = FSRS::default();
        let mut rng = StdRng::seed_from_u64(7);
        let mut now = start();
        let mut state = CardState::new();
        let mut expected: Option<MemoryState> = None;
        let mut last_day = None;
        for rating in [
            Rating::Good,
            Rating::Good,
            Rating::Good,
            Rating::Again,
            Rating::Good,
        ] {
            let elapsed = last_day.map_or(0, |d| s.day().days_between(d, now));
            let next = fsrs.next_states(expected, 0.9, elapsed).unwrap();
            let want = match rating {
                Rating::Again => next.again,
                Rating::Hard => next.hard,
                Rating::Good => next.good,
                Rating::Easy => next.easy,
            };
            let (after, scheduled) = s.apply(&state, rating, now, &mut rng);
            assert_eq!(scheduled.after, Some(from_fsrs(want.memory)));
            if after.phase == Phase::Review {
                let days = (after.due.unwrap() - now).num_days();
                assert_eq!(days, want.interval.round().max(1.0) as i64, "{rating:?}");
            }
            expected = Some(want.memory);
            last_day = Some(now);
            now = after.due.unwrap();
            state = after;
        }
        assert_eq!(state.lapses, 1);
    }

    #[test]
    fn a_forgotten_review_relearns_then_returns() {
        let s = no_fuzz();
        let mut rng = StdRng::seed_from_u64(3);
        let review = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 20.0,
                difficulty: 5.0,
            }),
            last_review: Some(start()),
            due: Some(start() + Duration::days(20)),
            reps: 3,
            ..CardState::new()
        };
        let now = start() + Duration::days(20);
        let (relearning, scheduled) = s.apply(&review, Rating::Again, now, &mut rng);
        assert_eq!(scheduled.kind, ReviewKind::Review);
        assert_eq!(relearning.phase, Phase::Relearning);
        assert_eq!(relearning.lapses, 1);
        assert_eq!(relearning.due, Some(now + Duration::minutes(10)));
        let (back, scheduled) = s.apply(
            &relearning,
            Rating::Good,
            now + Duration::minutes(10),
            &mut rng,
        );
        assert_eq!(scheduled.kind, ReviewKind::Relearn);
        assert_eq!(back.phase, Phase::Review);
    }

    #[test]
    fn review_buttons_are_ordered_and_fuzz_keeps_them_apart() {
        let s = Scheduler::with_day(SchedulerSettings::default(), utc_day());
        let state = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 30.0,
                difficulty: 5.0,
            }),
            last_review: Some(start()),
            ..CardState::new()
        };
        let now = start() + Duration::days(30);
        let p = s.next_states(&state, now);
        assert!(p[1].interval < p[2].interval && p[2].interval < p[3].interval);
        for seed in 0..50 {
            let mut rng = StdRng::seed_from_u64(seed);
            let (after, _) = s.apply(&state, Rating::Good, now, &mut rng);
            let days = (after.due.unwrap() - now).num_days() as u32;
            let (low, high) = fuzz::range(p[2].interval.num_days() as f32, 1, 36_500);
            assert!(
                days + 1 >= low && days <= high + 1,
                "{days} outside {low}..={high}"
            );
        }
    }

    #[test]
    fn the_maximum_interval_caps_every_button() {
        let settings = SchedulerSettings {
            maximum_interval: 5,
            ..SchedulerSettings::default()
        };
        let s = Scheduler::with_day(settings, utc_day());
        let state = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 300.0,
                difficulty: 2.0,
            }),
            last_review: Some(start()),
            ..CardState::new()
        };
        let now = start() + Duration::days(300);
        for p in s.next_states(&state, now).iter().skip(1) {
            assert!(p.interval <= Duration::days(5));
        }
        let mut rng = StdRng::seed_from_u64(9);
        let (after, _) = s.apply(&state, Rating::Easy, now, &mut rng);
        assert!(after.due.unwrap() - now <= Duration::days(5));
    }
}
