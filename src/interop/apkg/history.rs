//! An Anki review history replayed into a learner's progress here.
//!
//! Anki's own memory states are not copied: each answer is replayed through this app's FSRS
//! scheduler, in time order, so the states are the ones this app would have reached. Answers
//! already logged (same card, same moment) are not logged twice, so importing a package again adds
//! only what is new.

use super::HistoryEntry;
use crate::deck::Deck;
use crate::review::{CardKey, Rating, Review};
use crate::schedule::{CardState, Scheduler};
use crate::store::{self, Store};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use std::collections::{HashMap, HashSet};

/// What a card already has here: its state and the moments of its logged answers.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub state: CardState,
    pub answered: HashSet<DateTime<Utc>>,
    /// The latest logged answer; history older than it cannot be replayed after it.
    pub latest: Option<DateTime<Utc>>,
}

/// The reviews to log and what was left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replay {
    pub reviews: Vec<Review>,
    /// Answers already in the log.
    pub already: usize,
    /// Answers older than the card's latest answer here, which would rewrite its past.
    pub older: usize,
}

/// Replays `history` (any order) for the cards of deck `deck`.
pub fn replay(
    deck: &str,
    history: &[HistoryEntry],
    known: &HashMap<String, Known>,
    scheduler: &Scheduler,
) -> Replay {
    let mut by_card: HashMap<&str, Vec<&HistoryEntry>> = HashMap::new();
    for entry in history {
        by_card.entry(entry.card.as_str()).or_default().push(entry);
    }
    let mut cards: Vec<&str> = by_card.keys().copied().collect();
    cards.sort_unstable();
    // Fuzz only spreads due dates; a fixed seed makes the same import give the same schedule.
    let mut rng = rand::rngs::StdRng::seed_from_u64(1922);
    let mut out = Replay::default();
    let empty = Known::default();
    for card in cards {
        let mut entries = by_card.remove(card).unwrap_or_default();
        entries.sort_by_key(|e| e.at);
        let here = known.get(card).unwrap_or(&empty);
        let mut state = here.state.clone();
        for entry in entries {
            if here.answered.contains(&entry.at) {
                out.already += 1;
                continue;
            }
            if here.latest.is_some_and(|latest| entry.at < latest) {
                out.older += 1;
                continue;
            }
            let (next, scheduled) = scheduler.apply(&state, entry.rating, entry.at, &mut rng);
            out.reviews.push(scheduled.into_review(
                CardKey::new(deck, card),
                entry.at,
                entry.rating,
                entry.rating != Rating::Again,
                entry.duration_ms,
            ));
            state = next;
        }
    }
    out.reviews.sort_by_key(|r| r.at);
    out
}

/// Replays `entries` for `deck`'s cards into `store`, in one transaction, on top of what the
/// store already holds for them.
pub fn add_to_store(
    store: &mut Store,
    scheduler: &Scheduler,
    deck: &Deck,
    entries: &[HistoryEntry],
) -> store::Result<Replay> {
    let mut known: HashMap<String, Known> = HashMap::new();
    for card in &deck.cards {
        let key = CardKey::new(&deck.id, &card.id);
        let reviews = store.reviews_for(&key)?;
        if reviews.is_empty() {
            continue;
        }
        known.insert(
            card.id.clone(),
            Known {
                state: store.card_state(&key)?,
                answered: reviews.iter().map(|r| r.at).collect(),
                latest: reviews.iter().map(|r| r.at).max(),
            },
        );
    }
    let replay = replay(&deck.id, entries, &known, scheduler);
    if !replay.reviews.is_empty() {
        store.import_reviews(&replay.reviews)?;
    }
    Ok(replay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::SchedulerSettings;

    fn entry(card: &str, day: i64, rating: Rating) -> HistoryEntry {
        HistoryEntry {
            card: card.into(),
            at: DateTime::from_timestamp(1_700_000_000 + day * 86_400, 0).unwrap(),
            rating,
            duration_ms: 5_000,
        }
    }

    #[test]
    fn answers_are_replayed_in_order_and_never_logged_twice() {
        let scheduler = Scheduler::new(SchedulerSettings::default());
        let history = vec![
            entry("b", 0, Rating::Good),
            entry("a", 3, Rating::Good),
            entry("a", 0, Rating::Again),
            entry("a", 1, Rating::Good),
        ];
        let first = replay("d", &history, &HashMap::new(), &scheduler);
        assert_eq!(first.reviews.len(), 4);
        let a: Vec<&Review> = first
            .reviews
            .iter()
            .filter(|r| r.card.card == "a")
            .collect();
        assert!(a.windows(2).all(|w| w[0].at < w[1].at));
        assert!(a[0].before.is_none(), "the first answer meets a new card");
        assert!(a[2].after.unwrap().stability > a[1].after.unwrap().stability);

        // Importing the same history again, with the first import logged, adds nothing.
        let mut known: HashMap<String, Known> = HashMap::new();
        for review in &first.reviews {
            let k = known.entry(review.card.card.clone()).or_default();
            k.state = k.state.after(review);
            k.answered.insert(review.at);
            k.latest = k.latest.max(Some(review.at));
        }
        let again = replay("d", &history, &known, &scheduler);
        assert!(again.reviews.is_empty());
        assert_eq!(again.already, 4);

        // A later answer is added on top; an older one that is new here is left out.
        let more = vec![entry("a", 10, Rating::Good), entry("b", -5, Rating::Good)];
        let later = replay("d", &more, &known, &scheduler);
        assert_eq!(later.reviews.len(), 1);
        assert_eq!(later.older, 1);
        assert!(later.reviews[0].before.is_some());
    }
}
