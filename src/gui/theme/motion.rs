//! Motion: short and only where it tells something (a progress bar easing to its new value, a
//! panel fading in after an answer), and none at all when the learner turns on "Reduce motion".
//! Nothing moves while the learner reads or types: every motion here ends within 180 ms.

use iced::animation::{Animation, Easing};
use std::time::{Duration, Instant};

/// A fade in.
pub const FADE: Duration = Duration::from_millis(150);
/// A bar easing to its new value.
pub const EASE: Duration = Duration::from_millis(180);

/// A number shown eased towards its latest value, or at it at once when motion is reduced. A
/// screen keeps one, sets it in `update`, passes frames to `tick` while `is_moving`, and reads
/// `now` in `view`.
#[derive(Debug, Clone)]
pub struct Eased {
    animation: Animation<f32>,
    duration: Duration,
    /// The time of the last frame, so that `view` stays a function of the state.
    at: Instant,
}

impl Eased {
    pub fn new(value: f32) -> Self {
        Eased::with(value, EASE)
    }

    /// Starts invisible and fades to 1 when `set(1.0, …)`.
    pub fn fade() -> Self {
        Eased::with(0.0, FADE)
    }

    fn with(value: f32, duration: Duration) -> Self {
        Eased {
            animation: Eased::still(value, duration),
            duration,
            at: Instant::now(),
        }
    }

    fn still(value: f32, duration: Duration) -> Animation<f32> {
        Animation::new(value)
            .duration(duration)
            .easing(Easing::EaseOutCubic)
    }

    /// Moves towards `target` from `at`; with `reduce_motion`, it is there already.
    pub fn set(&mut self, target: f32, reduce_motion: bool, at: Instant) {
        self.at = at;
        if reduce_motion {
            self.animation = Eased::still(target, self.duration);
        } else {
            self.animation.go_mut(target, at);
        }
    }

    /// A frame was drawn at `at`.
    pub fn tick(&mut self, at: Instant) {
        self.at = at;
    }

    /// The value to draw at the last frame.
    pub fn now(&self) -> f32 {
        self.animation.interpolate_with(|v| v, self.at)
    }

    /// The value it moves to.
    pub fn target(&self) -> f32 {
        self.animation.value()
    }

    /// Whether frames are still needed (a screen subscribes to them only then).
    pub fn is_moving(&self) -> bool {
        self.animation.is_animating(self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_eases_to_its_target_within_the_motion_time() {
        let start = Instant::now();
        let mut bar = Eased::new(0.0);
        bar.set(1.0, false, start);
        assert!(bar.is_moving());
        assert!(bar.now() < 0.01, "it starts where it was: {}", bar.now());
        bar.tick(start + EASE / 2);
        let halfway = bar.now();
        assert!(halfway > 0.1 && halfway < 1.0, "{halfway}");
        bar.tick(start + EASE + Duration::from_millis(20));
        assert!(!bar.is_moving());
        assert!((bar.now() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn with_reduced_motion_nothing_moves() {
        let start = Instant::now();
        let mut bar = Eased::new(0.2);
        bar.set(0.8, true, start);
        assert!(!bar.is_moving());
        assert!((bar.now() - 0.8).abs() < 1e-6);
        let mut panel = Eased::fade();
        panel.set(1.0, true, start);
        assert!(!panel.is_moving());
        assert!((panel.now() - 1.0).abs() < 1e-6);
    }
}
