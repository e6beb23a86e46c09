//! Fitting FSRS parameters to a profile's own review log with the crate's optimizer.

use super::day::StudyDay;
use crate::review::{CardKey, Resets, Review, part_of};
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, ModelEvaluation};
use std::collections::HashMap;

/// The fewest training items the crate fits parameters from; below it, the defaults stand.
pub const MINIMUM_ITEMS: usize = 8;

/// How well a set of parameters predicts the log: lower is better for both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub log_loss: f32,
    pub rmse: f32,
}

impl From<ModelEvaluation> for Fit {
    fn from(e: ModelEvaluation) -> Self {
        Fit {
            log_loss: e.log_loss,
            rmse: e.rmse_bins,
        }
    }
}

/// What `optimize` found and chose.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizeReport {
    /// Training items made from the log (one per review after a card's first day).
    pub items: usize,
    pub current: Option<Fit>,
    pub fitted: Option<Fit>,
    /// The parameters to use from now on.
    pub chosen: Vec<f32>,
    /// True when the new parameters replace the current ones.
    pub changed: bool,
    /// A plain sentence saying what happened.
    pub message: String,
}

/// New parameters win only when they predict the history better on both measures.
pub fn prefer_fitted(current: Fit, fitted: Fit) -> bool {
    fitted.log_loss < current.log_loss && fitted.rmse <= current.rmse
}

/// The log as the crate's training items: per card, each review given a day or more after the
/// one before, with the history before it. A card's history starts over after each of its
/// `resets`, as a card of its own. `card_ids` lines up with the items.
pub fn training_items(
    reviews: &[Review],
    resets: &Resets,
    day: &StudyDay,
) -> (Vec<FSRSItem>, Vec<i64>) {
    let mut by_card: HashMap<(&CardKey, usize), Vec<&Review>> = HashMap::new();
    for r in reviews.iter().filter(|r| r.kind.schedules()) {
        let part = resets
            .get(&r.card)
            .map_or(0, |resets| part_of(resets, r.at));
        by_card.entry((&r.card, part)).or_default().push(r);
    }
    let mut cards: Vec<_> = by_card.into_iter().collect();
    cards.sort_by(|a, b| a.0.cmp(&b.0));
    let mut items = Vec::new();
    let mut ids = Vec::new();
    for (id, (_, mut history)) in cards.into_iter().enumerate() {
        history.sort_by_key(|r| (r.at, r.id));
        let mut steps = Vec::with_capacity(history.len());
        for (i, r) in history.iter().enumerate() {
            let delta_t = match i {
                0 => 0,
                _ => day.days_between(history[i - 1].at, r.at),
            };
            steps.push(FSRSReview {
                rating: u32::from(r.rating.number()),
                delta_t,
            });
            let item = FSRSItem {
                reviews: steps.clone(),
            };
            // Only answers given on a later day than the one before are predictions FSRS makes;
            // a same-day answer has a predicted recall of exactly 1, which the evaluation rejects.
            if i > 0 && delta_t > 0 {
                items.push(item);
                ids.push(id as i64);
            }
        }
    }
    (items, ids)
}

/// Fits parameters to `reviews` (each card's history starting over after its `resets`) and keeps
/// `current` unless the fit is better.
pub fn optimize(
    reviews: &[Review],
    resets: &Resets,
    current: &[f32],
    day: &StudyDay,
) -> Result<OptimizeReport, String> {
    let (items, ids) = training_items(reviews, resets, day);
    if items.len() < MINIMUM_ITEMS {
        return Ok(OptimizeReport {
            items: items.len(),
            current: None,
            fitted: None,
            chosen: fsrs::DEFAULT_PARAMETERS.to_vec(),
            changed: !current.is_empty() && current != fsrs::DEFAULT_PARAMETERS,
            message: format!(
                "Only {} review(s) span more than a day; at least {MINIMUM_ITEMS} are needed, so the default parameters are used.",
                items.len()
            ),
        });
    }
    let evaluate = |parameters: &[f32]| -> Result<Fit, String> {
        let model =
            FSRS::new(parameters).map_err(|e| format!("The parameters are not usable: {e}."))?;
        model
            .evaluate_with_card_ids(items.clone(), ids.clone(), |_| true)
            .map(Fit::from)
            .map_err(|e| format!("The review log could not be evaluated: {e}."))
    };
    let current_params = if FSRS::new(current).is_ok() {
        current.to_vec()
    } else {
        fsrs::DEFAULT_PARAMETERS.to_vec()
    };
    let current_fit = evaluate(&current_params)?;
    let fitted_params = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        card_ids: Some(ids.clone()),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| format!("The optimizer could not fit the review log: {e}."))?;
    let fitted_fit = evaluate(&fitted_params)?;
    let changed = prefer_fitted(current_fit, fitted_fit);
    let message = if changed {
        "The new parameters predict your history better and replace the current ones.".to_owned()
    } else {
        "The current parameters predict your history at least as well; they are kept.".to_owned()
    };
    Ok(OptimizeReport {
        items: items.len(),
        current: Some(current_fit),
        fitted: Some(fitted_fit),
        chosen: if changed {
            fitted_params
        } else {
            current_params
        },
        changed,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Rating, ReviewKind};
    use chrono::{DateTime, Duration, FixedOffset, Utc};

    fn day() -> StudyDay {
        StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4)
    }

    fn review(card: &str, at: DateTime<Utc>, rating: Rating) -> Review {
        Review {
            id: 0,
            at,
            card: CardKey::new("d", card),
            rating,
            correct: rating != Rating::Again,
            duration_ms: 1000,
            kind: ReviewKind::Review,
            before: None,
            after: None,
            due: None,
        }
    }

    #[test]
    fn better_means_lower_on_both_measures() {
        let a = Fit {
            log_loss: 0.4,
            rmse: 0.05,
        };
        let b = Fit {
            log_loss: 0.3,
            rmse: 0.04,
        };
        assert!(prefer_fitted(a, b));
        assert!(!prefer_fitted(b, a));
        assert!(!prefer_fitted(a, a));
        assert!(!prefer_fitted(
            a,
            Fit {
                log_loss: 0.3,
                rmse: 0.06
            }
        ));
    }

    #[test]
    fn items_hold_each_review_with_its_history_in_days() {
        let t0: DateTime<Utc> = "2024-01-01T10:00:00Z".parse().unwrap();
        let log = vec![
            review("a", t0, Rating::Good),
            review("a", t0 + Duration::minutes(10), Rating::Good),
            review("a", t0 + Duration::days(3), Rating::Again),
            review("b", t0, Rating::Easy),
        ];
        let (items, ids) = training_items(&log, &Resets::new(), &day());
        // The same-day second answer alone is not an item; the day-3 answer is.
        assert_eq!(items.len(), 1);
        assert_eq!(ids, vec![0]);
        let deltas: Vec<u32> = items[0].reviews.iter().map(|r| r.delta_t).collect();
        assert_eq!(deltas, vec![0, 0, 3]);
        assert_eq!(items[0].reviews[2].rating, 1);
    }

    #[test]
    fn a_reset_starts_the_cards_sequence_over() {
        let t0: DateTime<Utc> = "2024-01-01T10:00:00Z".parse().unwrap();
        let log = vec![
            review("a", t0, Rating::Good),
            review("a", t0 + Duration::days(3), Rating::Again),
            review("a", t0 + Duration::days(5), Rating::Good),
            review("a", t0 + Duration::days(9), Rating::Easy),
        ];
        let (items, _) = training_items(&log, &Resets::new(), &day());
        assert_eq!(items.len(), 3, "one sequence of four answers");
        // Reset between the second and third answers: two sequences of two.
        let resets = Resets::from([(CardKey::new("d", "a"), vec![t0 + Duration::days(4)])]);
        let (items, ids) = training_items(&log, &resets, &day());
        assert_eq!(ids, vec![0, 1], "each sequence a card of its own");
        let deltas: Vec<Vec<u32>> = items
            .iter()
            .map(|i| i.reviews.iter().map(|r| r.delta_t).collect())
            .collect();
        assert_eq!(deltas, vec![vec![0, 3], vec![0, 4]]);
    }

    #[test]
    fn too_little_history_falls_back_to_the_defaults() {
        let t0: DateTime<Utc> = "2024-01-01T10:00:00Z".parse().unwrap();
        let log = vec![
            review("a", t0, Rating::Good),
            review("a", t0 + Duration::days(2), Rating::Good),
        ];
        let report = optimize(&log, &Resets::new(), &[], &day()).unwrap();
        assert_eq!(report.items, 1);
        assert_eq!(report.chosen, fsrs::DEFAULT_PARAMETERS.to_vec());
        assert!(!report.changed);
        assert!(report.message.contains("default"));
    }
}
