//! Checks a parsed deck makes sense: the rules serde cannot express.

use super::cloze;
use super::diagnostic::{Diagnostic, LineStarts, Severity};
use super::locate::Locations;
use super::model::{Deck, FORMAT_VERSION, Question};
use std::cell::OnceCell;
use std::collections::HashSet;

/// Every error and warning about a parsed deck, each placed at the field concerned.
pub fn validate(label: &str, text: &str, deck: &Deck) -> Vec<Diagnostic> {
    let mut out = Checks {
        label,
        text,
        loc: OnceCell::new(),
        card: None,
        found: Vec::new(),
    };
    if deck.format > FORMAT_VERSION {
        out.error(
            "format",
            format!(
                "this deck was made by a newer version of Changchun Cards (format {}); this version reads format {FORMAT_VERSION}. Update the app to open it",
                deck.format
            ),
        );
        return out.found;
    }
    if deck.format == 0 {
        out.error(
            "format",
            format!("unknown format version 0; expected `format: {FORMAT_VERSION}`"),
        );
    }
    check_id(&mut out, "id", "deck id", &deck.id);
    out.non_empty("title", "the deck's title", &deck.title);
    if deck.topics.is_empty() {
        out.error(
            "topics",
            "the deck declares no topics; expected at least one, e.g. `topics: [\"Causes\"]`"
                .into(),
        );
    }
    let mut topics = HashSet::new();
    for topic in &deck.topics {
        out.non_empty("topics", "a topic name", topic);
        if !topics.insert(topic.as_str()) {
            out.error("topics", format!("topic \"{topic}\" is declared twice"));
        }
    }
    if deck.cards.is_empty() {
        out.warning("cards", "the deck has no cards yet".into());
    }

    let mut ids = HashSet::new();
    for (i, card) in deck.cards.iter().enumerate() {
        out.card = Some((i, card.id.as_str()));
        let who = if card.id.trim().is_empty() {
            format!("card {}", i + 1)
        } else {
            format!("card \"{}\"", card.id)
        };
        check_id(&mut out, "id", "card id", &card.id);
        if !card.id.is_empty() && !ids.insert(card.id.as_str()) {
            out.error(
                "id",
                format!(
                    "duplicate card id \"{}\"; every card in a deck needs its own id",
                    card.id
                ),
            );
        }
        if !topics.contains(card.topic.as_str()) {
            let declared: Vec<&str> = deck.topics.iter().map(String::as_str).collect();
            let mut msg = format!(
                "{who}: topic \"{}\" is not declared in the deck's `topics`",
                card.topic
            );
            if let Some(s) = super::load::suggest(&card.topic, &declared) {
                msg.push_str(&format!("; did you mean \"{s}\"?"));
            } else {
                msg.push_str(&format!("; expected one of: {}", declared.join(", ")));
            }
            out.error("topic", msg);
        }
        check_question(&mut out, &who, &card.question);
        if card.explanation.trim().is_empty() {
            out.warning(
                "id",
                format!("{who} has no explanation; learners see it after answering"),
            );
        }
        if card.sources.iter().all(|s| s.trim().is_empty()) {
            out.warning("id", format!("{who} cites no source"));
        }
    }
    out.found
}

/// Collects findings, placing each at the field it concerns: of the deck, or of the card being checked.
struct Checks<'a> {
    label: &'a str,
    text: &'a str,
    /// Where cards and fields sit in the text: found only when there is something to report, as
    /// most decks (every bundled one) have nothing.
    loc: OnceCell<(Locations, LineStarts)>,
    /// The card being checked: its index in the list and its id.
    card: Option<(usize, &'a str)>,
    found: Vec<Diagnostic>,
}

impl Checks<'_> {
    fn push(&mut self, field: &str, severity: Severity, message: String) {
        let (loc, lines) = self
            .loc
            .get_or_init(|| (Locations::scan(self.text), LineStarts::of(self.text)));
        let offset = match &self.card {
            Some((index, _)) => loc.card_field(*index, field),
            None => loc.deck_field(field),
        }
        .unwrap_or(0);
        let mut d = Diagnostic::at(
            self.label,
            lines.line_column(self.text, offset),
            severity,
            message,
        );
        d.card = self.card.map(|(_, id)| id.to_owned());
        d.field = Some(field.to_owned());
        self.found.push(d);
    }

    fn error(&mut self, field: &str, message: String) {
        self.push(field, Severity::Error, message);
    }

    fn warning(&mut self, field: &str, message: String) {
        self.push(field, Severity::Warning, message);
    }

    fn non_empty(&mut self, field: &str, what: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(field, format!("{what} is empty; expected some text"));
        }
    }
}

fn check_id(out: &mut Checks, field: &str, what: &str, id: &str) {
    if id.trim().is_empty() {
        out.error(
            field,
            format!("the {what} is empty; expected a short name such as \"dairen-demands\""),
        );
    } else if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        out.error(
            field,
            format!("the {what} \"{id}\" may only use letters a–z, digits, `-`, `_` and `.`"),
        );
    }
}

fn check_question(out: &mut Checks, who: &str, question: &Question) {
    match question {
        Question::Flashcard { front, back } => {
            out.non_empty("front", &format!("{who}: the front"), front);
            out.non_empty("back", &format!("{who}: the back"), back);
        }
        Question::MultipleChoice {
            prompt,
            options,
            correct,
        } => {
            out.non_empty("prompt", &format!("{who}: the prompt"), prompt);
            check_list(out, who, "options", "options", options);
            if correct.is_empty() {
                out.error(
                    "correct",
                    format!(
                        "{who}: no correct option; expected `correct: [0]` (options count from 0)"
                    ),
                );
            }
            let mut seen = HashSet::new();
            for &index in correct {
                if index >= options.len() {
                    out.error(
                        "correct",
                        format!(
                            "{who}: correct index {index} is out of range; options count from 0, so expected 0 to {}",
                            options.len().saturating_sub(1)
                        ),
                    );
                } else if !seen.insert(index) {
                    out.error(
                        "correct",
                        format!("{who}: correct index {index} is listed twice"),
                    );
                }
            }
        }
        Question::TrueFalse { statement, .. } => {
            out.non_empty("statement", &format!("{who}: the statement"), statement);
        }
        Question::TypeAnswer { prompt, accepted } => {
            out.non_empty("prompt", &format!("{who}: the prompt"), prompt);
            if accepted.is_empty() {
                out.error(
                    "accepted",
                    format!("{who}: no accepted answer; expected at least one"),
                );
            }
            for a in accepted {
                out.non_empty("accepted", &format!("{who}: an accepted answer"), a);
            }
        }
        Question::Cloze { text } => {
            let blanks = cloze::blanks(text);
            if blanks.is_empty() {
                out.error(
                    "text",
                    format!("{who}: the cloze text has no blank; mark one as {{{{answer}}}}"),
                );
            }
            if blanks.iter().any(|b| b.accepted.is_empty()) {
                out.error(
                    "text",
                    format!("{who}: a blank {{{{}}}} has no answer inside it"),
                );
            }
        }
        Question::Order { prompt, items } => {
            out.non_empty("prompt", &format!("{who}: the prompt"), prompt);
            check_list(out, who, "items", "items", items);
        }
        Question::Match { prompt, pairs } => {
            out.non_empty("prompt", &format!("{who}: the prompt"), prompt);
            if pairs.len() < 2 {
                out.error(
                    "pairs",
                    format!(
                        "{who}: a match needs at least 2 pairs, found {}",
                        pairs.len()
                    ),
                );
            }
            let lefts: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
            let rights: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
            check_distinct(out, who, "pairs", "left side of a pair", &lefts);
            check_distinct(out, who, "pairs", "right side of a pair", &rights);
        }
        Question::Number {
            prompt,
            answer,
            tolerance,
            ..
        } => {
            out.non_empty("prompt", &format!("{who}: the prompt"), prompt);
            if !answer.is_finite() {
                out.error(
                    "answer",
                    format!("{who}: the answer must be a finite number"),
                );
            }
            if *tolerance < 0.0 || !tolerance.is_finite() {
                out.error(
                    "tolerance",
                    format!("{who}: the tolerance {tolerance} is negative; expected 0 or more"),
                );
            }
        }
    }
}

fn check_list(out: &mut Checks, who: &str, field: &str, what: &str, values: &[String]) {
    if values.len() < 2 {
        out.error(
            field,
            format!("{who}: expected at least 2 {what}, found {}", values.len()),
        );
    }
    check_distinct(out, who, field, &what[..what.len() - 1], values);
}

fn check_distinct(out: &mut Checks, who: &str, field: &str, what: &str, values: &[String]) {
    let mut seen = HashSet::new();
    for v in values {
        if v.trim().is_empty() {
            out.error(field, format!("{who}: an empty {what}; expected some text"));
        } else if !seen.insert(v.trim().to_lowercase()) {
            out.error(field, format!("{who}: duplicate {what} \"{v}\""));
        }
    }
}
