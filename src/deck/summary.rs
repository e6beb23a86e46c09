//! Counting a deck's cards by topic and by question kind, for `validate` and the library.

use super::model::{Deck, QuestionKind};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub cards: usize,
    /// In the deck's declared order.
    pub per_topic: Vec<(String, usize)>,
    /// Every kind, in a fixed order, zeros included.
    pub per_kind: Vec<(QuestionKind, usize)>,
}

impl Summary {
    pub fn of(deck: &Deck) -> Self {
        let per_topic = deck
            .topics
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    deck.cards.iter().filter(|c| &c.topic == t).count(),
                )
            })
            .collect();
        let per_kind = QuestionKind::ALL
            .iter()
            .map(|&k| {
                (
                    k,
                    deck.cards.iter().filter(|c| c.question.kind() == k).count(),
                )
            })
            .collect();
        Summary {
            id: deck.id.clone(),
            title: deck.title.clone(),
            cards: deck.cards.len(),
            per_topic,
            per_kind,
        }
    }
}
