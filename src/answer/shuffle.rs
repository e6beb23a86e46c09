//! The orders in which options, items and match sides are shown.
//!
//! Each function returns a permutation: position `i` on screen shows the original index
//! `order[i]`. Responses always speak of original indices, so checking never needs the order.

use rand::Rng;
use rand::seq::SliceRandom;

/// Multiple-choice options in random order.
pub fn shuffled_options<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    order
}

/// Order items in random order, never already correct (for two or more items): a question
/// shown solved would teach nothing.
pub fn shuffled_order<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    shuffled_not_identity(n, rng)
}

/// The right-hand sides of a match question in random order, never each beside its own left
/// side (for two or more pairs).
pub fn shuffled_match<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    shuffled_not_identity(n, rng)
}

fn shuffled_not_identity<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if n < 2 {
        return order;
    }
    // Drawing again keeps every other permutation equally likely; at most half the draws
    // (n = 2) are the identity, so a few tries are enough in practice.
    for _ in 0..32 {
        order.shuffle(rng);
        if !is_identity(&order) {
            return order;
        }
    }
    order.rotate_left(1);
    order
}

fn is_identity(order: &[usize]) -> bool {
    order.iter().enumerate().all(|(i, &o)| i == o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn is_permutation(order: &[usize], n: usize) -> bool {
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        sorted == (0..n).collect::<Vec<_>>()
    }

    #[test]
    fn shuffles_are_permutations() {
        let mut rng = StdRng::seed_from_u64(7);
        for n in 0..12 {
            assert!(is_permutation(&shuffled_options(n, &mut rng), n));
            assert!(is_permutation(&shuffled_order(n, &mut rng), n));
            assert!(is_permutation(&shuffled_match(n, &mut rng), n));
        }
    }

    #[test]
    fn order_and_match_are_never_shown_solved() {
        for seed in 0..500 {
            let mut rng = StdRng::seed_from_u64(seed);
            for n in 2..6 {
                assert!(
                    !is_identity(&shuffled_order(n, &mut rng)),
                    "seed {seed} n {n}"
                );
                assert!(
                    !is_identity(&shuffled_match(n, &mut rng)),
                    "seed {seed} n {n}"
                );
            }
        }
        let mut rng = StdRng::seed_from_u64(1);
        assert_eq!(shuffled_order(1, &mut rng), vec![0]);
        assert!(shuffled_order(0, &mut rng).is_empty());
    }

    #[test]
    fn every_non_identity_order_of_three_turns_up() {
        let mut rng = StdRng::seed_from_u64(42);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..300 {
            seen.insert(shuffled_order(3, &mut rng));
        }
        assert_eq!(seen.len(), 5);
    }
}
