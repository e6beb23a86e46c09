//! Today's queue: learning cards when due, reviews by due day then lowest recall probability,
//! new cards spread among the reviews, all within the daily limits.

use super::day::StudyDay;
use super::scheduler::Scheduler;
use super::state::{CardState, Phase, Stage};
use crate::deck::Deck;
use crate::deck::model::START_HERE_TAG;
use crate::key_hash::KeyHash;
use crate::review::CardKey;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;

/// Learning cards may be shown this early when nothing else is left.
pub const LEARN_AHEAD_MINUTES: i64 = 20;

/// A card the queue may pick, with what filters look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCard {
    pub key: CardKey,
    pub topic: String,
    /// Whether the card is in its deck's starter set ([`crate::deck::START_HERE_TAG`]).
    pub start_here: bool,
}

impl QueueCard {
    /// Every card of the decks, in deck order (the order new cards are introduced).
    pub fn from_decks(decks: &[&Deck]) -> Vec<QueueCard> {
        decks
            .iter()
            .flat_map(|deck| {
                deck.cards.iter().map(|card| QueueCard {
                    key: CardKey::new(&deck.id, &card.id),
                    topic: card.topic.clone(),
                    start_here: card.tags.iter().any(|t| t == START_HERE_TAG),
                })
            })
            .collect()
    }
}

/// Which cards to study; an empty list means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub decks: Vec<String>,
    pub topics: Vec<String>,
    /// Only the decks' starter sets: the cards tagged [`crate::deck::START_HERE_TAG`].
    pub start_here: bool,
    /// Only these cards (a tag's, those missed in a session, those studied today …).
    pub cards: Option<BTreeSet<CardKey>>,
}

impl Filter {
    /// The starter set of one deck, whatever the topics.
    pub fn start_here(deck: &str) -> Filter {
        Filter {
            decks: vec![deck.to_owned()],
            topics: Vec::new(),
            start_here: true,
            cards: None,
        }
    }

    pub fn admits(&self, card: &QueueCard) -> bool {
        (self.decks.is_empty() || self.decks.contains(&card.key.deck))
            && (self.topics.is_empty() || self.topics.contains(&card.topic))
            && (!self.start_here || card.start_here)
            && self.cards.as_ref().is_none_or(|c| c.contains(&card.key))
    }

    /// Only these cards.
    pub fn cards(cards: impl IntoIterator<Item = CardKey>) -> Filter {
        Filter {
            cards: Some(cards.into_iter().collect()),
            ..Filter::default()
        }
    }
}

/// Where the queue finds the state of each card on offer; a card without one was never answered.
pub trait CardStates {
    /// Where `key`, the card at `index` among those on offer, stands today, with its state when it
    /// is due today.
    fn standing(
        &self,
        index: usize,
        key: &CardKey,
        today: &Today,
    ) -> (Standing, Option<&CardState>);
}

/// States by card, as [`crate::store::Store::card_states`] reads them.
impl<S: BuildHasher> CardStates for HashMap<CardKey, CardState, S> {
    fn standing(&self, _: usize, key: &CardKey, today: &Today) -> (Standing, Option<&CardState>) {
        let state = self.get(key);
        (today.standing(state), state)
    }
}

/// A card's state as far as today's queue needs it: in full only when it may be due today.
#[derive(Debug, Clone, PartialEq)]
pub enum DueState {
    /// Never answered.
    New,
    Suspended,
    /// Due only after today ends.
    Later,
    /// Due before today ends, or without a due date: [`Today::standing`] decides.
    Due(CardState),
}

impl DueState {
    /// What today's queue needs of a card's state, when today ends at `day_end`.
    pub fn of(state: &CardState, day_end: DateTime<Utc>) -> DueState {
        if state.suspended {
            DueState::Suspended
        } else if state.phase == Phase::New && state.reps == 0 {
            DueState::New
        } else if state.due.is_some_and(|due| due >= day_end) {
            DueState::Later
        } else {
            DueState::Due(state.clone())
        }
    }
}

/// States in the order of the cards on offer, as [`crate::store::Store::due_states`] reads them.
impl CardStates for [DueState] {
    fn standing(&self, index: usize, _: &CardKey, today: &Today) -> (Standing, Option<&CardState>) {
        match self.get(index) {
            None | Some(DueState::New) => (Standing::New, None),
            Some(DueState::Suspended) => (Standing::Suspended, None),
            Some(DueState::Later) => (Standing::Later, None),
            Some(DueState::Due(state)) => (today.standing(Some(state)), Some(state)),
        }
    }
}

/// Cards already studied today, which use up the daily limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// New cards introduced today.
    pub new: u32,
    /// Review cards answered today.
    pub reviews: u32,
}

/// The daily new limits: the learner's, shared by every deck without options of its own, and the
/// limit of each deck that has its own ([`super::DeckOptions`]), today's extensions included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLimits {
    pub shared: u32,
    pub decks: HashMap<String, u32>,
}

impl NewLimits {
    /// One limit for every deck.
    pub fn shared(new_per_day: u32) -> NewLimits {
        NewLimits {
            shared: new_per_day,
            decks: HashMap::new(),
        }
    }

    /// The limit a deck's new cards count against.
    pub fn of(&self, deck: &str) -> u32 {
        self.decks.get(deck).copied().unwrap_or(self.shared)
    }

    /// New cards left today under each limit, after `new` today of which `by_deck` per deck.
    fn left(&self, new: u32, by_deck: &HashMap<String, u32>) -> NewLeft {
        let studied = |deck: &String| by_deck.get(deck).copied().unwrap_or(0);
        let own: u32 = self.decks.keys().map(studied).sum();
        NewLeft {
            shared: self.shared.saturating_sub(new.saturating_sub(own)) as usize,
            decks: self
                .decks
                .iter()
                .map(|(deck, limit)| (deck.clone(), limit.saturating_sub(studied(deck)) as usize))
                .collect(),
        }
    }
}

/// New cards the queue may still take under each limit.
struct NewLeft {
    shared: usize,
    decks: HashMap<String, usize>,
}

impl NewLeft {
    fn room(&mut self, deck: &str) -> &mut usize {
        match self.decks.get_mut(deck) {
            Some(room) => room,
            None => &mut self.shared,
        }
    }
}

/// Which count a card belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    New,
    Learning,
    Review,
}

/// Where a card stands today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    Suspended,
    /// Never answered: one of the new cards.
    New,
    /// In learning or relearning steps, due at this instant before the study day ends.
    Learning(DateTime<Utc>),
    /// A review due on this study day (a number) or earlier.
    Review(i64),
    /// Nothing to do until a later day.
    Later,
}

/// The current study day, for sorting cards into today's counts: the queue and the library's
/// counts use the same rule.
#[derive(Debug, Clone, Copy)]
pub struct Today {
    day: StudyDay,
    number: i64,
    end: DateTime<Utc>,
}

impl Today {
    pub fn new(day: &StudyDay, now: DateTime<Utc>) -> Today {
        Today {
            day: *day,
            number: day.number(now),
            end: day.end(now),
        }
    }

    /// The study day's number.
    pub fn number(&self) -> i64 {
        self.number
    }

    /// When the study day ends.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Where a card with this state (`None`: never answered) stands today.
    pub fn standing(&self, state: Option<&CardState>) -> Standing {
        let due = state.and_then(|s| s.due);
        match (Stage::of(state), due) {
            (Stage::Suspended, _) => Standing::Suspended,
            (Stage::New, _) | (_, None) => Standing::New,
            (Stage::Learning, Some(due)) if due < self.end => Standing::Learning(due),
            (Stage::Review, Some(due)) => match self.day.number(due) {
                due_day if due_day <= self.number => Standing::Review(due_day),
                _ => Standing::Later,
            },
            (Stage::Learning, Some(_)) => Standing::Later,
        }
    }
}

/// One card taken from the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: CardKey,
    pub category: Category,
}

/// The cards left to study today. Cloning is cheap: the daily limits keep it small.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// Learning and relearning cards, soonest due first.
    learning: Vec<(DateTime<Utc>, CardKey)>,
    /// Reviews and new cards, already interleaved.
    main: VecDeque<Entry>,
    /// Cards after this instant belong to tomorrow.
    day_end: DateTime<Utc>,
}

impl Queue {
    /// Today's queue from the cards on offer, their states and what was already studied today.
    pub fn build(
        cards: &[QueueCard],
        states: &(impl CardStates + ?Sized),
        scheduler: &Scheduler,
        filter: &Filter,
        studied: DayCounts,
        now: DateTime<Utc>,
    ) -> Queue {
        let limits = NewLimits::shared(scheduler.settings().new_per_day);
        Queue::build_with(
            cards,
            states,
            scheduler,
            filter,
            (studied, &HashMap::new()),
            &limits,
            now,
        )
    }

    /// Today's queue with daily new limits per deck: `studied` is what was studied today, with the
    /// new cards introduced today by deck.
    pub fn build_with(
        cards: &[QueueCard],
        states: &(impl CardStates + ?Sized),
        scheduler: &Scheduler,
        filter: &Filter,
        studied: (DayCounts, &HashMap<String, u32>),
        limits: &NewLimits,
        now: DateTime<Utc>,
    ) -> Queue {
        let (studied, new_by_deck) = studied;
        let today = Today::new(scheduler.day(), now);
        let settings = scheduler.settings();
        let mut new_left = limits.left(studied.new, new_by_deck);
        let reviews_left = settings.reviews_per_day.saturating_sub(studied.reviews) as usize;

        // A card offered twice is taken once: duplicates are dropped from the lists picked below
        // rather than by remembering every card on offer.
        let mut learning = Vec::new();
        let mut reviews = Vec::new();
        let mut new: Vec<CardKey> = Vec::new();
        for (i, card) in cards.iter().enumerate() {
            if !filter.admits(card) {
                continue;
            }
            let (standing, state) = states.standing(i, &card.key, &today);
            match standing {
                Standing::New => {
                    let room = new_left.room(&card.key.deck);
                    if *room > 0 && !new.contains(&card.key) {
                        *room -= 1;
                        new.push(card.key.clone());
                    }
                }
                Standing::Learning(due) => learning.push((due, &card.key)),
                Standing::Review(due_day) => {
                    let recall = state.map_or(0.0, |s| scheduler.retrievability(s, now));
                    reviews.push((due_day, recall, &card.key));
                }
                Standing::Suspended | Standing::Later => {}
            }
        }
        // Most overdue day first; within a day, the card most likely forgotten first, then deck order.
        reviews.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        learning.sort_by_key(|(due, _)| *due);
        let mut taken: HashSet<&CardKey, KeyHash> = HashSet::default();
        let reviews: Vec<CardKey> = reviews
            .into_iter()
            .filter(|&(_, _, key)| taken.insert(key))
            .take(reviews_left)
            .map(|(_, _, key)| key.clone())
            .collect();
        let learning: Vec<(DateTime<Utc>, CardKey)> = learning
            .into_iter()
            .filter(|(_, key)| taken.insert(key))
            .map(|(due, key)| (due, key.clone()))
            .collect();

        Queue {
            learning,
            main: interleave(reviews, new),
            day_end: today.end,
        }
    }

    /// A queue of these cards in this order, for custom study (reviews ahead, cram …); learning
    /// steps answered in it come back before `day_end` as in today's queue.
    pub fn of_cards(entries: Vec<Entry>, day_end: DateTime<Utc>) -> Queue {
        Queue {
            learning: Vec::new(),
            main: entries.into(),
            day_end,
        }
    }

    /// Puts a card at the end of the queue, to be asked again later in the session (a cram answer
    /// of Again).
    pub fn again_later(&mut self, entry: Entry) {
        self.remove(&entry.key);
        self.main.push_back(entry);
    }

    /// (new, learning, review) cards left today.
    pub fn counts(&self) -> (usize, usize, usize) {
        let new = self
            .main
            .iter()
            .filter(|e| e.category == Category::New)
            .count();
        (new, self.learning.len(), self.main.len() - new)
    }

    pub fn is_empty(&self) -> bool {
        self.learning.is_empty() && self.main.is_empty()
    }

    /// When the next learning card comes due, if one is waiting.
    pub fn next_learning_due(&self) -> Option<DateTime<Utc>> {
        self.learning.first().map(|(due, _)| *due)
    }

    /// Takes the next card: a learning card that is due, else the next review or new card, else a
    /// learning card due within the learn-ahead limit. `None` when nothing is left for now.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<Entry> {
        let learning_due = |limit: DateTime<Utc>, q: &Queue| {
            q.learning.first().is_some_and(|(due, _)| *due <= limit)
        };
        if learning_due(now, self) {
            return Some(self.take_learning());
        }
        if let Some(entry) = self.main.pop_front() {
            return Some(entry);
        }
        if learning_due(now + Duration::minutes(LEARN_AHEAD_MINUTES), self) {
            return Some(self.take_learning());
        }
        None
    }

    fn take_learning(&mut self) -> Entry {
        let (_, key) = self.learning.remove(0);
        Entry {
            key,
            category: Category::Learning,
        }
    }

    /// Puts an answered card back when it comes due again today (a learning step).
    pub fn answered(&mut self, key: &CardKey, state: &CardState) {
        self.remove(key);
        if let (true, Some(due)) = (state.phase.is_stepping(), state.due)
            && due < self.day_end
            && !state.suspended
        {
            let at = self.learning.partition_point(|(d, _)| *d <= due);
            self.learning.insert(at, (due, key.clone()));
        }
    }

    /// Drops a card from the queue (after suspending it, for example).
    pub fn remove(&mut self, key: &CardKey) {
        self.learning.retain(|(_, k)| k != key);
        self.main.retain(|e| &e.key != key);
    }
}

/// Spreads new cards evenly among the reviews, so a session never ends in a block of new cards.
fn interleave(reviews: Vec<CardKey>, new: Vec<CardKey>) -> VecDeque<Entry> {
    let (r, n) = (reviews.len(), new.len());
    let mut out = VecDeque::with_capacity(r + n);
    let mut reviews = reviews.into_iter();
    for (i, key) in new.into_iter().enumerate() {
        // Place the i-th new card after (i+1)·r/(n+1) reviews.
        let before = (i + 1) * r / (n + 1);
        while out.len() - i < before {
            let Some(review) = reviews.next() else { break };
            out.push_back(Entry {
                key: review,
                category: Category::Review,
            });
        }
        out.push_back(Entry {
            key,
            category: Category::New,
        });
    }
    out.extend(reviews.map(|key| Entry {
        key,
        category: Category::Review,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Memory;
    use crate::schedule::{SchedulerSettings, StudyDay};
    use chrono::FixedOffset;

    fn scheduler(new_per_day: u32, reviews_per_day: u32) -> Scheduler {
        let settings = SchedulerSettings {
            new_per_day,
            reviews_per_day,
            ..SchedulerSettings::default()
        };
        Scheduler::with_day(
            settings,
            StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4),
        )
    }

    fn now() -> DateTime<Utc> {
        "2024-05-10T12:00:00Z".parse().unwrap()
    }

    fn card(deck: &str, id: &str, topic: &str) -> QueueCard {
        QueueCard {
            key: CardKey::new(deck, id),
            topic: topic.to_owned(),
            start_here: false,
        }
    }

    fn review(due: DateTime<Utc>, stability: f32) -> CardState {
        CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability,
                difficulty: 5.0,
            }),
            due: Some(due),
            last_review: Some(due - Duration::days(stability as i64)),
            reps: 2,
            ..CardState::new()
        }
    }

    fn learning(due: DateTime<Utc>) -> CardState {
        CardState {
            phase: Phase::Learning,
            memory: Some(Memory {
                stability: 1.0,
                difficulty: 5.0,
            }),
            due: Some(due),
            last_review: Some(due - Duration::minutes(10)),
            reps: 1,
            ..CardState::new()
        }
    }

    /// Today's queue of every card on offer, nothing studied yet today.
    fn all_of(
        cards: &[QueueCard],
        states: &(impl CardStates + ?Sized),
        s: &Scheduler,
        now: DateTime<Utc>,
    ) -> Queue {
        Queue::build(
            cards,
            states,
            s,
            &Filter::default(),
            DayCounts::default(),
            now,
        )
    }

    fn drain(q: &mut Queue, now: DateTime<Utc>) -> Vec<String> {
        std::iter::from_fn(|| q.next(now))
            .map(|e| e.key.card)
            .collect()
    }

    #[test]
    fn order_is_learning_then_reviews_by_day_and_recall_with_new_interleaved() {
        let cards: Vec<QueueCard> = [
            "n1",
            "n2",
            "r_today_weak",
            "r_today_strong",
            "r_old",
            "l",
            "future",
        ]
        .iter()
        .map(|id| card("d", id, "t"))
        .collect();
        let mut states = HashMap::new();
        let key = |id: &str| CardKey::new("d", id);
        states.insert(key("r_today_weak"), review(now() - Duration::hours(1), 2.0));
        states.insert(
            key("r_today_strong"),
            review(now() - Duration::hours(1), 50.0),
        );
        states.insert(key("r_old"), review(now() - Duration::days(3), 50.0));
        states.insert(key("l"), learning(now() - Duration::minutes(1)));
        states.insert(key("future"), review(now() + Duration::days(2), 5.0));
        let s = scheduler(20, 200);
        let mut q = all_of(&cards, &states, &s, now());
        assert_eq!(q.counts(), (2, 1, 3));
        assert_eq!(
            drain(&mut q, now()),
            ["l", "r_old", "n1", "r_today_weak", "n2", "r_today_strong"]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn standing_sorts_states_into_todays_counts() {
        let s = scheduler(20, 200);
        let today = Today::new(s.day(), now());
        let day_end = s.day().end(now());
        let suspended = CardState {
            suspended: true,
            ..review(now(), 3.0)
        };
        assert_eq!(today.standing(None), Standing::New);
        assert_eq!(today.standing(Some(&suspended)), Standing::Suspended);
        let soon = now() + Duration::minutes(10);
        assert_eq!(
            today.standing(Some(&learning(soon))),
            Standing::Learning(soon)
        );
        // A learning step that ends as the day turns belongs to tomorrow.
        assert_eq!(today.standing(Some(&learning(day_end))), Standing::Later);
        let overdue = review(now() - Duration::days(2), 3.0);
        assert_eq!(
            today.standing(Some(&overdue)),
            Standing::Review(s.day().number(now()) - 2)
        );
        let tomorrow = review(day_end, 3.0);
        assert_eq!(today.standing(Some(&tomorrow)), Standing::Later);
    }

    #[test]
    fn a_card_offered_twice_is_queued_once() {
        let mut cards = vec![
            card("d", "n", "t"),
            card("d", "r", "t"),
            card("d", "l", "t"),
        ];
        cards.extend(cards.clone());
        let mut states = HashMap::new();
        states.insert(
            CardKey::new("d", "r"),
            review(now() - Duration::days(1), 3.0),
        );
        states.insert(
            CardKey::new("d", "l"),
            learning(now() - Duration::minutes(1)),
        );
        let s = scheduler(20, 200);
        let mut q = all_of(&cards, &states, &s, now());
        assert_eq!(q.counts(), (1, 1, 1));
        assert_eq!(drain(&mut q, now()), ["l", "n", "r"]);
        // States in the order of the cards, as the store reads them, give the same queue.
        let today = Today::new(s.day(), now());
        let aligned: Vec<DueState> = cards
            .iter()
            .map(|c| match today.standing(states.get(&c.key)) {
                Standing::New => DueState::New,
                Standing::Suspended => DueState::Suspended,
                Standing::Later => DueState::Later,
                Standing::Learning(_) | Standing::Review(_) => {
                    DueState::Due(states[&c.key].clone())
                }
            })
            .collect();
        let mut q = all_of(&cards, aligned.as_slice(), &s, now());
        assert_eq!(drain(&mut q, now()), ["l", "n", "r"]);
    }

    #[test]
    fn daily_limits_count_what_was_studied_today() {
        let cards: Vec<QueueCard> = (0..10).map(|i| card("d", &format!("c{i}"), "t")).collect();
        let mut states = HashMap::new();
        for c in &cards[5..] {
            states.insert(c.key.clone(), review(now() - Duration::days(1), 10.0));
        }
        let s = scheduler(3, 4);
        let studied = DayCounts { new: 1, reviews: 1 };
        let q = Queue::build(&cards, &states, &s, &Filter::default(), studied, now());
        assert_eq!(q.counts(), (2, 0, 3));
    }

    #[test]
    fn decks_with_their_own_daily_new_limit_count_against_it_and_the_others_share_one() {
        let mut cards: Vec<QueueCard> = (0..10).map(|i| card("a", &format!("a{i}"), "t")).collect();
        cards.extend((0..10).map(|i| card("b", &format!("b{i}"), "t")));
        cards.extend((0..10).map(|i| card("c", &format!("c{i}"), "t")));
        let s = scheduler(3, 200);
        // Deck a has 5 a day of its own, b 1 a day; c follows the learner's 3.
        let limits = NewLimits {
            shared: 3,
            decks: HashMap::from([("a".to_owned(), 5), ("b".to_owned(), 1)]),
        };
        let take = |studied: DayCounts, by_deck: &HashMap<String, u32>| {
            let q = Queue::build_with(
                &cards,
                &HashMap::new(),
                &s,
                &Filter::default(),
                (studied, by_deck),
                &limits,
                now(),
            );
            let mut per_deck: HashMap<String, usize> = HashMap::new();
            for e in &q.main {
                *per_deck.entry(e.key.deck.clone()).or_default() += 1;
            }
            (q.counts().0, per_deck)
        };
        let (total, per_deck) = take(DayCounts::default(), &HashMap::new());
        assert_eq!(total, 9);
        assert_eq!(per_deck["a"], 5);
        assert_eq!(per_deck["b"], 1);
        assert_eq!(per_deck["c"], 3);
        // Two new of a and one of c already today: a has 3 left, b still 1, c 2.
        let by_deck = HashMap::from([("a".to_owned(), 2), ("c".to_owned(), 1)]);
        let (total, per_deck) = take(DayCounts { new: 3, reviews: 0 }, &by_deck);
        assert_eq!(total, 6);
        assert_eq!((per_deck["a"], per_deck["b"], per_deck["c"]), (3, 1, 2));
        assert_eq!(limits.of("a"), 5);
        assert_eq!(limits.of("c"), 3);
    }

    #[test]
    fn the_day_boundary_decides_what_is_due() {
        let cards = vec![card("d", "a", "t")];
        let mut states = HashMap::new();
        // Due at 5 am tomorrow (UTC): after the 4 am boundary, so not today...
        let tomorrow_5am: DateTime<Utc> = "2024-05-11T05:00:00Z".parse().unwrap();
        states.insert(CardKey::new("d", "a"), review(tomorrow_5am, 10.0));
        let s = scheduler(20, 200);
        let q = all_of(&cards, &states, &s, now());
        assert_eq!(q.counts(), (0, 0, 0));
        // ...but at 3 am tomorrow it is still today, and 3:59 tomorrow due at 5 am is not yet due.
        let due_3am: DateTime<Utc> = "2024-05-11T03:00:00Z".parse().unwrap();
        states.insert(CardKey::new("d", "a"), review(due_3am, 10.0));
        let q = all_of(&cards, &states, &s, now());
        assert_eq!(q.counts(), (0, 0, 1));
    }

    #[test]
    fn filters_pick_decks_and_topics_and_suspended_cards_stay_out() {
        let cards = vec![
            card("a", "1", "treaty"),
            card("a", "2", "army"),
            card("b", "3", "treaty"),
            card("b", "4", "treaty"),
        ];
        let mut states = HashMap::new();
        states.insert(
            CardKey::new("b", "4"),
            CardState {
                suspended: true,
                ..CardState::new()
            },
        );
        let s = scheduler(20, 200);
        let only = |decks: &[&str], topics: &[&str]| {
            let filter = Filter {
                decks: decks.iter().map(|d| d.to_string()).collect(),
                topics: topics.iter().map(|t| t.to_string()).collect(),
                start_here: false,
                ..Filter::default()
            };
            let mut q = Queue::build(&cards, &states, &s, &filter, DayCounts::default(), now());
            drain(&mut q, now())
        };
        assert_eq!(only(&[], &[]), ["1", "2", "3"]);
        assert_eq!(only(&["a"], &[]), ["1", "2"]);
        assert_eq!(only(&[], &["treaty"]), ["1", "3"]);
        assert_eq!(only(&["b"], &["army"]), Vec::<String>::new());
    }

    #[test]
    fn a_start_here_filter_takes_only_the_decks_starter_set_on_its_own_keys() {
        let deck = crate::deck::load_str(
            "starter.ron",
            r#"Deck(format: 1, id: "d", title: "D", topics: ["t", "u"], cards: [
                Card(id: "1", topic: "t", tags: ["start-here"], question: Flashcard(front: "a", back: "b")),
                Card(id: "2", topic: "t", tags: ["other"], question: Flashcard(front: "c", back: "d")),
                Card(id: "3", topic: "u", tags: ["other", "start-here"], question: Flashcard(front: "e", back: "f")),
                Card(id: "4", topic: "u", question: Flashcard(front: "g", back: "h")),
            ])"#,
        )
        .deck
        .expect("the deck loads");
        let cards = QueueCard::from_decks(&[&deck]);
        let s = scheduler(20, 200);
        let take = |filter: &Filter| {
            let mut q = Queue::build(
                &cards,
                &HashMap::new(),
                &s,
                filter,
                DayCounts::default(),
                now(),
            );
            drain(&mut q, now())
        };
        assert_eq!(take(&Filter::start_here("d")), ["1", "3"]);
        assert_eq!(
            take(&Filter::start_here("other-deck")),
            Vec::<String>::new()
        );
        assert_eq!(take(&Filter::default()), ["1", "2", "3", "4"]);
        // The topic chips do not narrow it: the starter set is asked whole.
        assert!(Filter::start_here("d").topics.is_empty());
    }

    #[test]
    fn answered_learning_cards_come_back_when_due() {
        let cards = vec![card("d", "a", "t"), card("d", "b", "t")];
        let s = scheduler(20, 200);
        let mut q = all_of(&cards, &HashMap::new(), &s, now());
        let first = q.next(now()).unwrap();
        assert_eq!(first.category, Category::New);
        q.answered(&first.key, &learning(now() + Duration::minutes(10)));
        assert_eq!(q.counts(), (1, 1, 0));
        assert_eq!(q.next(now()).unwrap().key.card, "b");
        // Nothing due, but the learning card is within the learn-ahead limit.
        assert_eq!(q.next(now()).unwrap().key.card, "a");
        assert_eq!(q.next(now()), None);
    }

    #[test]
    fn learning_beyond_the_learn_ahead_limit_waits() {
        let cards = vec![card("d", "a", "t")];
        let mut states = HashMap::new();
        states.insert(
            CardKey::new("d", "a"),
            learning(now() + Duration::minutes(30)),
        );
        let s = scheduler(20, 200);
        let mut q = all_of(&cards, &states, &s, now());
        assert_eq!(q.next(now()), None);
        assert_eq!(q.next_learning_due(), Some(now() + Duration::minutes(30)));
        assert!(q.next(now() + Duration::minutes(30)).is_some());
    }
}
