//! Interval fuzz: a small random spread so cards learnt together fall due on different days.
//! The ranges are Anki's: no fuzz under 2.5 days, then ±(1 day + 15 % of the part from 2.5 to 7
//! days + 10 % of the part from 7 to 20 days + 5 % of the part beyond 20 days).

use rand::Rng;

/// (from days, to days, share of that stretch added to the spread).
const BANDS: [(f32, f32, f32); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, f32::MAX, 0.05)];

/// Intervals shorter than this are never fuzzed.
pub const SHORTEST_FUZZED: f32 = 2.5;

/// The spread in days on either side of `interval`.
pub fn spread(interval: f32) -> f32 {
    1.0 + BANDS
        .iter()
        .map(|&(from, to, share)| share * (interval.min(to) - from).max(0.0))
        .sum::<f32>()
}

/// The whole-day range a fuzzed `interval` may land in, kept within `minimum..=maximum`.
pub fn range(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let maximum = maximum.max(1);
    let minimum = minimum.clamp(1, maximum);
    let clamp = |days: f32| (days.round().max(0.0) as u32).clamp(minimum, maximum);
    if interval < SHORTEST_FUZZED {
        let days = clamp(interval);
        return (days, days);
    }
    let delta = spread(interval);
    let low = clamp((interval - delta).max(2.0));
    let high = clamp(interval + delta).max(low);
    (low, high)
}

/// A random whole number of days for `interval` within its fuzz range.
pub fn fuzzed(interval: f32, minimum: u32, maximum: u32, rng: &mut impl Rng) -> u32 {
    let (low, high) = range(interval, minimum, maximum);
    rng.random_range(low..=high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn short_intervals_are_not_fuzzed() {
        assert_eq!(range(1.0, 1, 36_500), (1, 1));
        assert_eq!(range(2.4, 1, 36_500), (2, 2));
    }

    #[test]
    fn the_spread_widens_with_the_interval() {
        assert_eq!(range(3.0, 1, 36_500), (2, 4));
        // 10 days: 1 + 0.15 * 4.5 + 0.1 * 3 = 1.975.
        assert_eq!(range(10.0, 1, 36_500), (8, 12));
        // 100 days: 1 + 0.675 + 1.3 + 4 = 6.975.
        assert_eq!(range(100.0, 1, 36_500), (93, 107));
    }

    #[test]
    fn the_range_respects_the_limits() {
        assert_eq!(range(100.0, 1, 95), (93, 95));
        assert_eq!(range(10.0, 11, 36_500), (11, 12));
    }

    proptest! {
        #[test]
        fn fuzz_stays_inside_its_range(interval in 0.0f32..5000.0, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let days = fuzzed(interval, 1, 36_500, &mut rng);
            let (low, high) = range(interval, 1, 36_500);
            prop_assert!(low <= days && days <= high);
            prop_assert!((days as f32 - interval.max(1.0)).abs() <= spread(interval) + 0.5);
        }
    }
}
