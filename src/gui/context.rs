//! What every screen shares: the decks, the learner's store and settings. Loaded off the UI thread.

use crate::data_dir::DataDir;
use crate::deck::{Deck, Library};
use crate::review::CardKey;
use crate::schedule::{CardState, Phase, Scheduler};
use crate::settings::Settings;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Counts shown for a deck in the library.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
    pub suspended: usize,
}

/// A topic's mastery: cards whose recall probability is at least 90 %, out of all its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMastery {
    pub topic: String,
    pub mastered: usize,
    pub cards: usize,
}

pub struct Context {
    pub data: DataDir,
    pub profile: String,
    pub library: Library,
    pub store: Store,
    pub settings: Settings,
    pub scheduler: Scheduler,
    /// Card states by key, kept in step with the store after every answer.
    pub states: HashMap<CardKey, CardState>,
    /// Plain sentences to show once: a damaged store set aside, a settings file that could not be read …
    pub notices: Vec<String>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("profile", &self.profile)
            .field("decks", &self.library.entries.len())
            .finish_non_exhaustive()
    }
}

impl Context {
    /// Reloads card states from the store, after anything that changed many at once.
    pub fn refresh_states(&mut self) {
        match self.store.card_states() {
            Ok(states) => self.states = states,
            Err(e) => self.notices.push(format!("Could not read progress: {e}")),
        }
    }

    pub fn state(&self, key: &CardKey) -> Option<&CardState> {
        self.states.get(key)
    }

    pub fn deck_counts(&self, deck: &Deck, now: DateTime<Utc>) -> DeckCounts {
        let day = self.scheduler.day();
        let today = day.number(now);
        let day_end = day.end(now);
        let mut counts = DeckCounts::default();
        for card in &deck.cards {
            match self.states.get(&CardKey::new(&deck.id, &card.id)) {
                Some(s) if s.suspended => counts.suspended += 1,
                None => counts.new += 1,
                Some(s) => match (s.phase, s.due) {
                    (Phase::New, _) | (_, None) => counts.new += 1,
                    (Phase::Learning | Phase::Relearning, Some(due)) if due < day_end => {
                        counts.learning += 1
                    }
                    (Phase::Review, Some(due)) if day.number(due) <= today => counts.due += 1,
                    _ => {}
                },
            }
        }
        counts
    }

    pub fn mastery(&self, deck: &Deck, now: DateTime<Utc>) -> Vec<TopicMastery> {
        deck.topics
            .iter()
            .map(|topic| {
                let cards: Vec<_> = deck.cards.iter().filter(|c| &c.topic == topic).collect();
                let mastered = cards
                    .iter()
                    .filter(|c| {
                        self.states
                            .get(&CardKey::new(&deck.id, &c.id))
                            .is_some_and(|s| {
                                s.memory.is_some() && self.scheduler.retrievability(s, now) >= 0.9
                            })
                    })
                    .count();
                TopicMastery {
                    topic: topic.clone(),
                    mastered,
                    cards: cards.len(),
                }
            })
            .collect()
    }
}
