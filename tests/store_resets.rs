//! Resetting cards to new: their schedule starts over while every answer stays in the log, and a
//! rebuild of all states keeps them new.

use changchun_cards::review::{CardKey, Rating};
use changchun_cards::schedule::{Phase, Scheduler, SchedulerSettings, Schedulers};
use changchun_cards::store::Store;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

fn schedulers() -> Schedulers {
    Schedulers {
        learner: Scheduler::new(SchedulerSettings::default()),
        decks: HashMap::new(),
    }
}

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

/// Answers `card` at `at` from its state in the store, as a study session does.
fn answer(store: &mut Store, card: &CardKey, rating: Rating, at: DateTime<Utc>) {
    let state = store.card_state(card).unwrap();
    let (_, scheduled) = schedulers().of(&card.deck).answer(&state, rating, at, card);
    let review = scheduled.into_review(card.clone(), at, rating, rating != Rating::Again, 1000);
    store.record_review(&review).unwrap();
}

#[test]
fn reset_cards_are_new_keep_their_answers_and_start_from_fresh_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    let cards: Vec<CardKey> = ["a", "b", "c"]
        .iter()
        .map(|c| CardKey::new("deck", *c))
        .collect();
    // Three answers each, days apart: every card graduates with a memory of some days.
    for day in [0, 1, 4] {
        for card in &cards {
            answer(
                &mut store,
                card,
                Rating::Good,
                start() + Duration::days(day),
            );
        }
    }
    store.set_suspended(&cards[1], true).unwrap();
    let before = store.card_states().unwrap();
    assert!(
        before
            .values()
            .all(|s| s.phase == Phase::Review && s.reps == 3)
    );

    let at = start() + Duration::days(5);
    let reset = store
        .reset_cards(
            &[cards[0].clone(), cards[1].clone(), cards[0].clone()],
            at,
            &schedulers(),
        )
        .unwrap();
    assert_eq!(reset.len(), 2, "a card ticked twice is reset once");
    for (key, state) in &reset {
        assert_eq!(state.phase, Phase::New, "{key:?}");
        assert_eq!((state.reps, state.lapses), (0, 0));
        assert!(state.memory.is_none() && state.due.is_none());
    }
    assert!(reset[1].1.suspended, "suspension is kept");
    assert_eq!(store.review_count().unwrap(), 9, "every answer stays");
    assert_eq!(store.reviews_for(&cards[0]).unwrap().len(), 3);
    let resets = store.resets().unwrap();
    assert_eq!(resets[&cards[0]], [at]);
    assert!(!resets.contains_key(&cards[2]));

    let states = store.card_states().unwrap();
    assert!(!states.contains_key(&cards[0]), "no state: new");
    assert_eq!(states[&cards[1]].phase, Phase::New);
    assert!(states[&cards[1]].suspended);
    assert_eq!(
        states[&cards[2]], before[&cards[2]],
        "the card not reset is untouched"
    );

    // Rebuilding every state from the log keeps the reset cards new.
    store.rebuild().unwrap();
    assert_eq!(store.card_states().unwrap(), states);

    // An answer after the reset starts from a new card's memory, as a first answer does.
    let later = at + Duration::hours(1);
    answer(&mut store, &cards[0], Rating::Good, later);
    let history = store.reviews_for(&cards[0]).unwrap();
    let newest = history.last().unwrap();
    assert!(newest.before.is_none(), "answered as a new card");
    assert_eq!(
        newest.after, history[0].after,
        "the same memory as its first answer"
    );
    let state = store.card_state(&cards[0]).unwrap();
    assert_eq!((state.reps, state.lapses), (1, 0));
    assert_eq!(state.last_review, Some(later));
    store.rebuild().unwrap();
    assert_eq!(store.card_state(&cards[0]).unwrap(), state);
}

#[test]
fn an_answer_logged_before_a_reset_with_a_clock_set_back_leaves_the_card_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    let card = CardKey::new("deck", "a");
    answer(&mut store, &card, Rating::Good, start());
    store
        .reset_cards(
            std::slice::from_ref(&card),
            start() + Duration::days(2),
            &schedulers(),
        )
        .unwrap();
    // The clock now reads a day before the reset: the answer belongs before it.
    answer(&mut store, &card, Rating::Good, start() + Duration::days(1));
    assert_eq!(store.card_state(&card).unwrap().phase, Phase::New);
    store.rebuild().unwrap();
    assert_eq!(store.card_state(&card).unwrap().phase, Phase::New);
}
