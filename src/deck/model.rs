//! The deck format, version 1: the contract between deck files, the engine, the GUI and the editor.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The newest deck format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A deck of cards on one subject, as written in a `.ron` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Format version; see [`FORMAT_VERSION`].
    pub format: u32,
    /// Stable identifier: progress is keyed by deck id and card id.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// The declared topics, in the order they are shown.
    pub topics: Vec<String>,
    pub cards: Vec<Card>,
    /// Full citations for the short source codes cards cite, by code: the deck's bibliography.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, Citation>,
}

/// The tag that puts a card in a deck's starter set, offered first as "Start here".
pub const START_HERE_TAG: &str = "start-here";

/// A work a source code stands for, written out for people after an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    pub title: String,
    /// As the work gives it: `"1970"`, `"1970–79"`, or a full date for a document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub year: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub link: String,
}

impl Citation {
    /// One line: `Author, Title (year). link`, leaving out the parts the citation lacks.
    pub fn full(&self) -> String {
        let mut line = String::new();
        for part in [self.author.trim(), self.title.trim()] {
            if part.is_empty() {
                continue;
            }
            if !line.is_empty() {
                line.push_str(", ");
            }
            line.push_str(part);
        }
        if !self.year.trim().is_empty() {
            line.push_str(&format!(" ({})", self.year.trim()));
        }
        if !self.link.trim().is_empty() {
            line.push_str(". ");
            line.push_str(self.link.trim());
        }
        line
    }
}

fn default_language() -> String {
    "en".to_owned()
}

/// One card: a question with what is shown after answering it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Stable within its deck; editing the text keeps the id and so the progress.
    pub id: String,
    /// One of the deck's declared topics.
    pub topic: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub question: Question,
    /// Shown after answering: why, not only what.
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// A picture shown with the question, whatever its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// A picture shown with the explanation, after answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation_image: Option<Image>,
}

/// A picture on a card: a PNG, JPEG or SVG file in the deck's folder, described for anyone who
/// cannot see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Relative to the folder holding the deck file, with `/` between folders: `maps/far-east.svg`.
    pub file: String,
    /// What the picture shows, in words: shown when it cannot load and read out with the feedback.
    pub alt: String,
    /// Who made it, from what, under which licence: required for anything the deck's authors did
    /// not make.
    #[serde(default)]
    pub credit: String,
}

/// A place on a picture, in the picture's own units: an SVG's `viewBox`, a bitmap's pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spot {
    pub x: f64,
    pub y: f64,
}

impl Spot {
    pub fn distance(self, other: Spot) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A named place marked on a map question's picture: a wrong choice beside the right one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

impl Marker {
    pub fn spot(&self) -> Spot {
        Spot {
            x: self.x,
            y: self.y,
        }
    }
}

/// The kind of a card and what it asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Question {
    /// Self-graded: the learner recalls the back, reveals it and rates themselves.
    Flashcard {
        front: String,
        back: String,
    },
    /// `correct` holds indices into `options`, counting from 0; more than one makes it multiple answer.
    MultipleChoice {
        prompt: String,
        options: Vec<String>,
        correct: Vec<usize>,
    },
    TrueFalse {
        statement: String,
        answer: bool,
    },
    /// The first accepted answer is the one shown as correct; the others are alternative spellings.
    TypeAnswer {
        prompt: String,
        accepted: Vec<String>,
    },
    /// Blanks are written `{{answer}}`, `{{answer|other spelling}}` or `{{answer::hint}}`.
    Cloze {
        text: String,
    },
    /// Items written in the correct order; they are shown shuffled.
    Order {
        prompt: String,
        items: Vec<String>,
    },
    /// Pairs written left to right; the right side is shown shuffled.
    Match {
        prompt: String,
        pairs: Vec<(String, String)>,
    },
    /// A number or a year, right when within `tolerance` of `answer`.
    Number {
        prompt: String,
        answer: f64,
        #[serde(default)]
        tolerance: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// A place to find on a map: right when the learner points within `radius` of `target`.
    /// `markers` are other places shown as choices beside the right one; with none, the learner
    /// points anywhere on the picture.
    MapPoint {
        prompt: String,
        map: Image,
        /// The right place's name, shown after answering.
        answer: String,
        target: Spot,
        radius: f64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        markers: Vec<Marker>,
    },
}

/// The kinds of question, for counting, filtering and choosing forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QuestionKind {
    Flashcard,
    MultipleChoice,
    TrueFalse,
    TypeAnswer,
    Cloze,
    Order,
    Match,
    Number,
    MapPoint,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 9] = [
        QuestionKind::Flashcard,
        QuestionKind::MultipleChoice,
        QuestionKind::TrueFalse,
        QuestionKind::TypeAnswer,
        QuestionKind::Cloze,
        QuestionKind::Order,
        QuestionKind::Match,
        QuestionKind::Number,
        QuestionKind::MapPoint,
    ];

    /// The variant name as written in a deck file.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Flashcard => "Flashcard",
            QuestionKind::MultipleChoice => "MultipleChoice",
            QuestionKind::TrueFalse => "TrueFalse",
            QuestionKind::TypeAnswer => "TypeAnswer",
            QuestionKind::Cloze => "Cloze",
            QuestionKind::Order => "Order",
            QuestionKind::Match => "Match",
            QuestionKind::Number => "Number",
            QuestionKind::MapPoint => "MapPoint",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Flashcard => "Flashcard",
            QuestionKind::MultipleChoice => "Multiple choice",
            QuestionKind::TrueFalse => "True or false",
            QuestionKind::TypeAnswer => "Typed answer",
            QuestionKind::Cloze => "Cloze",
            QuestionKind::Order => "Chronological order",
            QuestionKind::Match => "Matching",
            QuestionKind::Number => "Number",
            QuestionKind::MapPoint => "Map",
        }
    }
}

impl std::fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl Question {
    pub fn kind(&self) -> QuestionKind {
        match self {
            Question::Flashcard { .. } => QuestionKind::Flashcard,
            Question::MultipleChoice { .. } => QuestionKind::MultipleChoice,
            Question::TrueFalse { .. } => QuestionKind::TrueFalse,
            Question::TypeAnswer { .. } => QuestionKind::TypeAnswer,
            Question::Cloze { .. } => QuestionKind::Cloze,
            Question::Order { .. } => QuestionKind::Order,
            Question::Match { .. } => QuestionKind::Match,
            Question::Number { .. } => QuestionKind::Number,
            Question::MapPoint { .. } => QuestionKind::MapPoint,
        }
    }

    /// The text that asks the question (for a cloze, the text with its blanks shown as `[…]`).
    pub fn prompt(&self) -> String {
        match self {
            Question::Flashcard { front, .. } => front.clone(),
            Question::MultipleChoice { prompt, .. }
            | Question::TypeAnswer { prompt, .. }
            | Question::Order { prompt, .. }
            | Question::Match { prompt, .. }
            | Question::Number { prompt, .. }
            | Question::MapPoint { prompt, .. } => prompt.clone(),
            Question::TrueFalse { statement, .. } => statement.clone(),
            Question::Cloze { text } => crate::deck::cloze::masked(text),
        }
    }

    /// The correct answer written out for people.
    pub fn answer_text(&self) -> String {
        match self {
            Question::Flashcard { back, .. } => back.clone(),
            Question::MultipleChoice {
                options, correct, ..
            } => correct
                .iter()
                .filter_map(|&i| options.get(i).cloned())
                .collect::<Vec<_>>()
                .join("; "),
            Question::TrueFalse { answer, .. } => if *answer { "True" } else { "False" }.to_owned(),
            Question::TypeAnswer { accepted, .. } => accepted.first().cloned().unwrap_or_default(),
            Question::Cloze { text } => crate::deck::cloze::filled(text),
            Question::Order { items, .. } => items.join(" → "),
            Question::Match { pairs, .. } => pairs
                .iter()
                .map(|(l, r)| format!("{l} — {r}"))
                .collect::<Vec<_>>()
                .join("; "),
            Question::Number {
                answer,
                tolerance,
                unit,
                ..
            } => {
                let mut s = format_number(*answer);
                if *tolerance > 0.0 {
                    s.push_str(&format!(" (± {})", format_number(*tolerance)));
                }
                if let Some(unit) = unit.as_deref().filter(|u| !u.is_empty()) {
                    s.push(' ');
                    s.push_str(unit);
                }
                s
            }
            Question::MapPoint { answer, .. } => answer.clone(),
        }
    }

    /// The picture a question cannot be asked without.
    pub fn own_image(&self) -> Option<&Image> {
        match self {
            Question::MapPoint { map, .. } => Some(map),
            _ => None,
        }
    }

    /// Every text of the question, for search.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Question::Flashcard { front, back } => vec![front, back],
            Question::MultipleChoice {
                prompt, options, ..
            } => std::iter::once(prompt.as_str())
                .chain(options.iter().map(String::as_str))
                .collect(),
            Question::TrueFalse { statement, .. } => vec![statement],
            Question::TypeAnswer { prompt, accepted } => std::iter::once(prompt.as_str())
                .chain(accepted.iter().map(String::as_str))
                .collect(),
            Question::Cloze { text } => vec![text],
            Question::Order { prompt, items } => std::iter::once(prompt.as_str())
                .chain(items.iter().map(String::as_str))
                .collect(),
            Question::Match { prompt, pairs } => std::iter::once(prompt.as_str())
                .chain(pairs.iter().flat_map(|(l, r)| [l.as_str(), r.as_str()]))
                .collect(),
            Question::Number { prompt, unit, .. } => std::iter::once(prompt.as_str())
                .chain(unit.as_deref())
                .collect(),
            Question::MapPoint {
                prompt,
                answer,
                markers,
                ..
            } => [prompt.as_str(), answer.as_str()]
                .into_iter()
                .chain(markers.iter().map(|m| m.label.as_str()))
                .collect(),
        }
    }
}

/// Writes a number without a trailing `.0`, so years read as years.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

impl Card {
    /// Every picture the card shows, in the order a learner meets them.
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.image
            .iter()
            .chain(self.question.own_image())
            .chain(self.explanation_image.iter())
    }
}

impl Deck {
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The full citation a source code stands for, when the deck gives one.
    pub fn citation(&self, code: &str) -> Option<&Citation> {
        self.sources.get(code.trim())
    }

    /// What to show under an answer for each source the card cites: the full citation, or the bare
    /// code when the deck has none for it.
    pub fn citations(&self, card: &Card) -> Vec<String> {
        card.sources
            .iter()
            .filter(|code| !code.trim().is_empty())
            .map(|code| {
                self.citation(code)
                    .map(Citation::full)
                    .unwrap_or_else(|| code.trim().to_owned())
            })
            .collect()
    }

    /// The deck's starter set: its cards tagged [`START_HERE_TAG`], in deck order. They are ordinary
    /// cards of the deck, so studying them moves the same progress as studying the whole deck.
    pub fn start_here(&self) -> Vec<&Card> {
        self.cards
            .iter()
            .filter(|c| c.tags.iter().any(|t| t == START_HERE_TAG))
            .collect()
    }
}

#[cfg(test)]
impl Deck {
    /// A deck of these cards for unit tests: format 1, English, the topics the cards use in order.
    pub(crate) fn of_cards(id: &str, cards: Vec<Card>) -> Deck {
        let mut topics: Vec<String> = Vec::new();
        for card in &cards {
            if !topics.contains(&card.topic) {
                topics.push(card.topic.clone());
            }
        }
        Deck {
            format: 1,
            id: id.to_owned(),
            title: id.to_owned(),
            description: String::new(),
            language: "en".to_owned(),
            authors: Vec::new(),
            topics,
            cards,
            sources: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str, tags: &[&str], sources: &[&str]) -> Card {
        Card {
            id: id.to_owned(),
            topic: "T".to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            question: Question::TrueFalse {
                statement: "s".to_owned(),
                answer: true,
            },
            explanation: String::new(),
            sources: sources.iter().map(|s| (*s).to_owned()).collect(),
            image: None,
            explanation_image: None,
        }
    }

    #[test]
    fn a_full_citation_leaves_out_missing_parts() {
        let whole = Citation {
            author: "G. A. Lensen".into(),
            title: "Japanese Recognition of the U.S.S.R.".into(),
            year: "1970".into(),
            link: "https://example.org".into(),
        };
        assert_eq!(
            whole.full(),
            "G. A. Lensen, Japanese Recognition of the U.S.S.R. (1970). https://example.org"
        );
        let bare = Citation {
            title: "Vsya Sibir, p. 111".into(),
            ..Citation::default()
        };
        assert_eq!(bare.full(), "Vsya Sibir, p. 111");
    }

    #[test]
    fn citations_fall_back_to_the_code_and_the_starter_set_is_tagged_cards() {
        let mut deck = Deck::of_cards(
            "d",
            vec![
                card("a", &[START_HERE_TAG], &["GSE", "NONE"]),
                card("b", &["other"], &["GSE"]),
            ],
        );
        deck.sources.insert(
            "GSE".into(),
            Citation {
                title: "Great Soviet Encyclopedia".into(),
                ..Citation::default()
            },
        );
        assert_eq!(
            deck.citations(&deck.cards[0]),
            ["Great Soviet Encyclopedia", "NONE"]
        );
        assert!(deck.citation("NONE").is_none());
        let starters: Vec<&str> = deck.start_here().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(starters, ["a"]);
    }
}
