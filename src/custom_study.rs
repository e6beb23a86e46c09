//! Custom study: what to study beyond today's queue, as Anki's Custom Study offers, each option a
//! plain sentence. Every option becomes a normal study session; only cramming leaves the schedule
//! as it is (its answers are logged as [`ReviewKind::Cram`]).

use crate::deck::Deck;
use crate::review::{CardKey, Rating, Review, ReviewKind};
use crate::schedule::{CardState, Category, Entry, Filter, Phase, QueueCard, Today};
use chrono::Duration;
use rand::Rng;
use rand::seq::SliceRandom;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The most that one custom-study step may add: new cards, or days to review ahead.
pub const MOST_EXTRA_NEW: u32 = 999;
pub const MOST_DAYS_AHEAD: u32 = 365;

/// One way to study beyond today's queue; `deck: None` means every deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomStudy {
    /// Raise today's new-card limit by `extra` (today only), then study today's queue.
    MoreNew { deck: Option<String>, extra: u32 },
    /// Review the cards due in the next `days` days, before their time; scheduled as usual.
    ReviewAhead { deck: Option<String>, days: u32 },
    /// Today's queue narrowed to the cards of one topic or one tag.
    Only { deck: Option<String>, set: CardSet },
    /// The cards rated Again today, once more; scheduled as usual.
    ForgottenToday { deck: Option<String> },
    /// Every card of a set, answered for practice: the schedule does not move.
    Cram { deck: Option<String>, set: CardSet },
}

/// A set of cards chosen by the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSet {
    /// Every card (of the deck chosen).
    All,
    Topic(String),
    Tag(String),
    /// These cards: those missed in the last session, say.
    Cards(BTreeSet<CardKey>),
}

impl CardSet {
    /// The filter that admits the set's cards in `deck` (every deck when `None`).
    pub fn filter(&self, decks: &[&Deck], deck: Option<&str>) -> Filter {
        let mut filter = Filter {
            decks: deck.map(str::to_owned).into_iter().collect(),
            ..Filter::default()
        };
        match self {
            CardSet::All => {}
            CardSet::Topic(topic) => filter.topics = vec![topic.clone()],
            CardSet::Tag(tag) => filter.cards = Some(tagged(decks, tag)),
            CardSet::Cards(cards) => filter.cards = Some(cards.clone()),
        }
        filter
    }
}

impl CustomStudy {
    /// The deck it was asked for, if one.
    pub fn deck(&self) -> Option<&str> {
        match self {
            CustomStudy::MoreNew { deck, .. }
            | CustomStudy::ReviewAhead { deck, .. }
            | CustomStudy::Only { deck, .. }
            | CustomStudy::ForgottenToday { deck }
            | CustomStudy::Cram { deck, .. } => deck.as_deref(),
        }
    }

    /// The cards it may take from.
    pub fn filter(&self, decks: &[&Deck]) -> Filter {
        match self {
            CustomStudy::Only { set, .. } | CustomStudy::Cram { set, .. } => {
                set.filter(decks, self.deck())
            }
            _ => CardSet::All.filter(decks, self.deck()),
        }
    }

    /// What there was none of, when the option found no card.
    pub fn nothing(&self) -> &'static str {
        match self {
            CustomStudy::MoreNew { .. } => "There are no new cards left to learn here.",
            CustomStudy::ReviewAhead { .. } => "No review comes due in the days chosen.",
            CustomStudy::Only { .. } => "Nothing of that topic or tag is due today.",
            CustomStudy::ForgottenToday { .. } => "No card was forgotten (rated Again) today.",
            CustomStudy::Cram { .. } => "The set chosen has no cards to cram.",
        }
    }
}

/// Every tag of the decks, once, in deck order.
pub fn tags(decks: &[&Deck]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut tags = Vec::new();
    for card in decks.iter().flat_map(|d| &d.cards) {
        for tag in &card.tags {
            if seen.insert(tag.as_str()) {
                tags.push(tag.clone());
            }
        }
    }
    tags
}

/// The cards carrying a tag.
pub fn tagged(decks: &[&Deck], tag: &str) -> BTreeSet<CardKey> {
    decks
        .iter()
        .flat_map(|d| {
            d.cards
                .iter()
                .filter(|c| c.tags.iter().any(|t| t == tag))
                .map(|c| CardKey::new(&d.id, &c.id))
        })
        .collect()
}

/// Review cards the filter admits that come due after today and within `days` days of its end,
/// soonest first.
pub fn review_ahead(
    cards: &[QueueCard],
    states: &HashMap<CardKey, CardState>,
    filter: &Filter,
    today: &Today,
    days: u32,
) -> Vec<Entry> {
    let until = today.end() + Duration::days(i64::from(days));
    let mut ahead: Vec<(chrono::DateTime<chrono::Utc>, &CardKey)> = cards
        .iter()
        .filter(|c| filter.admits(c))
        .filter_map(|c| {
            let state = states.get(&c.key)?;
            let due = state.due?;
            (!state.suspended
                && matches!(state.phase, Phase::Review)
                && due >= today.end()
                && due < until)
                .then_some((due, &c.key))
        })
        .collect();
    ahead.sort_by_key(|(due, _)| *due);
    let mut seen = HashSet::new();
    ahead
        .into_iter()
        .filter(|(_, key)| seen.insert(*key))
        .map(|(_, key)| Entry {
            key: key.clone(),
            category: Category::Review,
        })
        .collect()
}

/// The cards rated Again in these reviews (today's) that the filter admits, each once, in the order
/// first forgotten; cram and test answers do not count.
pub fn forgotten(reviews: &[Review], cards: &[QueueCard], filter: &Filter) -> Vec<Entry> {
    let admitted: HashSet<&CardKey> = cards
        .iter()
        .filter(|c| filter.admits(c))
        .map(|c| &c.key)
        .collect();
    let mut seen = HashSet::new();
    reviews
        .iter()
        .filter(|r| r.rating == Rating::Again && r.kind.schedules())
        .filter(|r| admitted.contains(&r.card) && seen.insert(&r.card))
        .map(|r| Entry {
            key: r.card.clone(),
            category: match r.kind {
                ReviewKind::Review | ReviewKind::Relearn => Category::Review,
                _ => Category::Learning,
            },
        })
        .collect()
}

/// Every card of the set that is not suspended, in a random order, for a cram session.
pub fn cram(
    cards: &[QueueCard],
    states: &HashMap<CardKey, CardState>,
    filter: &Filter,
    rng: &mut impl Rng,
) -> Vec<Entry> {
    let mut seen = HashSet::new();
    let mut entries: Vec<Entry> = cards
        .iter()
        .filter(|c| filter.admits(c) && seen.insert(&c.key))
        .filter(|c| !states.get(&c.key).is_some_and(|s| s.suspended))
        .map(|c| Entry {
            key: c.key.clone(),
            category: match states.get(&c.key) {
                Some(s) if s.reps > 0 => Category::Review,
                _ => Category::New,
            },
        })
        .collect();
    entries.shuffle(rng);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Memory;
    use crate::schedule::StudyDay;
    use chrono::{DateTime, FixedOffset, Utc};
    use rand::SeedableRng;

    fn now() -> DateTime<Utc> {
        "2024-05-10T12:00:00Z".parse().unwrap()
    }

    fn today() -> Today {
        Today::new(&StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4), now())
    }

    fn deck() -> Deck {
        crate::deck::load_str(
            "custom.ron",
            r#"Deck(format: 1, id: "d", title: "D", topics: ["t", "u"], cards: [
                Card(id: "1", topic: "t", tags: ["treaty"], question: Flashcard(front: "a", back: "b")),
                Card(id: "2", topic: "t", tags: ["army"], question: Flashcard(front: "c", back: "d")),
                Card(id: "3", topic: "u", tags: ["treaty", "army"], question: Flashcard(front: "e", back: "f")),
                Card(id: "4", topic: "u", question: Flashcard(front: "g", back: "h")),
            ])"#,
        )
        .deck
        .expect("the deck loads")
    }

    fn review_due(due: DateTime<Utc>) -> CardState {
        CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 5.0,
                difficulty: 5.0,
            }),
            due: Some(due),
            last_review: Some(due - Duration::days(5)),
            reps: 3,
            ..CardState::new()
        }
    }

    fn keys(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.key.card.as_str()).collect()
    }

    #[test]
    fn tags_are_listed_once_and_a_tag_picks_its_cards() {
        let deck = deck();
        assert_eq!(tags(&[&deck]), ["treaty", "army"]);
        let set = CardSet::Tag("treaty".into()).filter(&[&deck], Some("d"));
        let cards = QueueCard::from_decks(&[&deck]);
        let admitted: Vec<&str> = cards
            .iter()
            .filter(|c| set.admits(c))
            .map(|c| c.key.card.as_str())
            .collect();
        assert_eq!(admitted, ["1", "3"]);
        let topic = CardSet::Topic("u".into()).filter(&[&deck], None);
        assert_eq!(cards.iter().filter(|c| topic.admits(c)).count(), 2);
        let other_deck = CardSet::All.filter(&[&deck], Some("other"));
        assert!(!cards.iter().any(|c| other_deck.admits(c)));
    }

    #[test]
    fn review_ahead_takes_reviews_due_within_the_days_after_today_soonest_first() {
        let deck = deck();
        let cards = QueueCard::from_decks(&[&deck]);
        let end = today().end();
        let key = |id: &str| CardKey::new("d", id);
        let states = HashMap::from([
            // Due today: today's queue has it, not review ahead.
            (key("1"), review_due(now() - Duration::hours(1))),
            (key("2"), review_due(end + Duration::days(2))),
            (key("3"), review_due(end + Duration::hours(3))),
            // Beyond the days chosen.
            (key("4"), review_due(end + Duration::days(10))),
        ]);
        let ahead = review_ahead(&cards, &states, &Filter::default(), &today(), 3);
        assert_eq!(keys(&ahead), ["3", "2"]);
        assert!(ahead.iter().all(|e| e.category == Category::Review));
        assert_eq!(
            keys(&review_ahead(
                &cards,
                &states,
                &Filter::default(),
                &today(),
                30
            )),
            ["3", "2", "4"]
        );
        let mut suspended = states.clone();
        suspended.get_mut(&key("3")).unwrap().suspended = true;
        assert_eq!(
            keys(&review_ahead(
                &cards,
                &suspended,
                &Filter::default(),
                &today(),
                3
            )),
            ["2"]
        );
    }

    fn answer(card: &str, rating: Rating, kind: ReviewKind) -> Review {
        Review {
            id: 0,
            at: now(),
            card: CardKey::new("d", card),
            rating,
            correct: rating != Rating::Again,
            duration_ms: 1000,
            kind,
            before: None,
            after: None,
            due: None,
        }
    }

    #[test]
    fn forgotten_today_takes_each_card_rated_again_once_and_never_a_cram_answer() {
        let deck = deck();
        let cards = QueueCard::from_decks(&[&deck]);
        let reviews = [
            answer("2", Rating::Again, ReviewKind::Review),
            answer("1", Rating::Good, ReviewKind::Learn),
            answer("2", Rating::Again, ReviewKind::Relearn),
            answer("3", Rating::Again, ReviewKind::Learn),
            answer("4", Rating::Again, ReviewKind::Cram),
        ];
        let entries = forgotten(&reviews, &cards, &Filter::default());
        assert_eq!(keys(&entries), ["2", "3"]);
        assert_eq!(entries[0].category, Category::Review);
        assert_eq!(entries[1].category, Category::Learning);
        let only_u = CardSet::Topic("u".into()).filter(&[&deck], None);
        assert_eq!(keys(&forgotten(&reviews, &cards, &only_u)), ["3"]);
    }

    #[test]
    fn cram_takes_every_card_of_the_set_but_the_suspended_in_a_random_order() {
        let deck = deck();
        let cards = QueueCard::from_decks(&[&deck]);
        let mut states = HashMap::from([(CardKey::new("d", "4"), review_due(now()))]);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let all = cram(&cards, &states, &Filter::default(), &mut rng);
        let mut sorted = keys(&all);
        sorted.sort();
        assert_eq!(sorted, ["1", "2", "3", "4"]);
        let four = all.iter().find(|e| e.key.card == "4").unwrap();
        assert_eq!(four.category, Category::Review);
        states.get_mut(&CardKey::new("d", "4")).unwrap().suspended = true;
        let missed = CardSet::Cards(BTreeSet::from([
            CardKey::new("d", "2"),
            CardKey::new("d", "4"),
        ]));
        let filter = missed.filter(&[&deck], None);
        assert_eq!(keys(&cram(&cards, &states, &filter, &mut rng)), ["2"]);
    }
}
