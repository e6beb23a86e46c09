//! Checks a parsed deck makes sense: the rules serde cannot express.

use super::cloze;
use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::field::{Field, FieldPath};
use super::locate::Locations;
use super::media::{self, MediaRoot};
use super::model::{Card, Deck, FORMAT_VERSION, Image, Question};
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
            Field::Format,
            format!(
                "this deck was made by a newer version of Changchun Cards (format {}); this version reads format {FORMAT_VERSION}. Update the app to open it",
                deck.format
            ),
        );
        return out.found;
    }
    if deck.format == 0 {
        out.error(
            Field::Format,
            format!("unknown format version 0; expected `format: {FORMAT_VERSION}`"),
        );
    }
    check_id(&mut out, Field::Id, "deck id", &deck.id);
    out.non_empty(Field::Title, "the deck's title", &deck.title);
    if deck.topics.is_empty() {
        out.error(
            Field::Topics,
            "the deck declares no topics; expected at least one, e.g. `topics: [\"Causes\"]`"
                .into(),
        );
    }
    let mut topics = HashSet::new();
    for topic in &deck.topics {
        out.non_empty(Field::Topics, "a topic name", topic);
        if !topics.insert(topic.as_str()) {
            out.error(
                Field::Topics,
                format!("topic \"{topic}\" is declared twice"),
            );
        }
    }
    if deck.cards.is_empty() {
        out.warning(Field::Cards, "the deck has no cards yet".into());
    }

    let mut ids = HashSet::new();
    for (i, card) in deck.cards.iter().enumerate() {
        out.card = Some((i, card.id.as_str()));
        let who = if card.id.trim().is_empty() {
            format!("card {}", i + 1)
        } else {
            format!("card \"{}\"", card.id)
        };
        check_id(&mut out, Field::Id, "card id", &card.id);
        if !card.id.is_empty() && !ids.insert(card.id.as_str()) {
            out.error(
                Field::Id,
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
            out.error(Field::Topic, msg);
        }
        check_question(&mut out, &who, &card.question);
        for (field, image) in pictures(card) {
            check_image(&mut out, &who, field, image);
        }
        if card.explanation.trim().is_empty() {
            out.warning(
                Field::Id,
                format!("{who} has no explanation; learners see it after answering"),
            );
        }
        if card.sources.iter().all(|s| s.trim().is_empty()) {
            out.warning(Field::Id, format!("{who} cites no source"));
        }
    }
    check_citations(&mut out, deck);
    out.found
}

/// Every picture a card shows, with the field that holds it.
/// Whether any card of the deck shows a picture (or a map): only then is there anything for
/// [`validate_media`] to check.
pub(crate) fn has_pictures(deck: &Deck) -> bool {
    deck.cards
        .iter()
        .any(|card| pictures(card).next().is_some())
}

fn pictures(card: &Card) -> impl Iterator<Item = (Field, &Image)> {
    let map = match &card.question {
        Question::MapPoint { map, .. } => Some((Field::Map, map)),
        _ => None,
    };
    card.image
        .iter()
        .map(|i| (Field::Image, i))
        .chain(map)
        .chain(
            card.explanation_image
                .iter()
                .map(|i| (Field::ExplanationImage, i)),
        )
}

/// What can be said of a picture from the deck text alone.
fn check_image(out: &mut Checks, who: &str, field: Field, image: &Image) {
    if let Err(e) = media::check_path(&image.file) {
        out.error(field, format!("{who}: {e}"));
    }
    if image.alt.trim().is_empty() {
        out.error(
            field,
            format!("{who}: the picture \"{}\" has no `alt`; describe what it shows, for anyone who cannot see it", image.file),
        );
    }
    if image.credit.trim().is_empty() {
        out.warning(
            field,
            format!("{who}: the picture \"{}\" has no `credit`; say who made it and under which licence (or that the deck's authors did)", image.file),
        );
    }
}

/// Every picture of a deck found, readable, of a size the app can show, and every map target on
/// its map. Reads only the pictures' headers.
pub fn validate_media(label: &str, text: &str, deck: &Deck, root: &MediaRoot) -> Vec<Diagnostic> {
    let mut out = Checks {
        label,
        text,
        loc: OnceCell::new(),
        card: None,
        found: Vec::new(),
    };
    // Run on every load, cached or not: most cards show no picture and cost nothing here.
    for (i, card) in deck.cards.iter().enumerate() {
        if pictures(card).next().is_none() {
            continue;
        }
        out.card = Some((i, card.id.as_str()));
        let who = format!("card \"{}\"", card.id);
        for (field, image) in pictures(card) {
            if media::check_path(&image.file).is_err() {
                continue; // Said already by `validate`.
            }
            let size = match media::probe(root, image) {
                Ok((_, size)) => size,
                Err(e) => {
                    out.error(field, format!("{who}: {e}"));
                    continue;
                }
            };
            if let Question::MapPoint {
                target, markers, ..
            } = &card.question
                && field == Field::Map
            {
                let outside = |x: f64, y: f64| !size.contains(x, y);
                if outside(target.x, target.y) {
                    out.error(
                        Field::Target,
                        format!(
                            "{who}: the target ({}, {}) is off the map, which is {}×{}",
                            target.x, target.y, size.width, size.height
                        ),
                    );
                }
                for marker in markers.iter().filter(|m| outside(m.x, m.y)) {
                    out.error(
                        Field::Markers,
                        format!(
                            "{who}: the marker \"{}\" at ({}, {}) is off the map, which is {}×{}",
                            marker.label, marker.x, marker.y, size.width, size.height
                        ),
                    );
                }
            }
        }
    }
    out.found
}

/// A deck that gives full citations must give one for every code its cards cite, so learners never
/// see a bare code after an answer. Decks without a citations table are left alone.
fn check_citations<'a>(out: &mut Checks<'a>, deck: &'a Deck) {
    if deck.sources.is_empty() {
        return;
    }
    for (i, card) in deck.cards.iter().enumerate() {
        for code in &card.sources {
            let code = code.trim();
            if !code.is_empty() && !deck.sources.contains_key(code) {
                out.card = Some((i, card.id.as_str()));
                out.warning(
                    Field::Sources,
                    format!(
                        "card \"{}\" cites \"{code}\", which the deck's `sources` table does not explain; add a citation for it",
                        card.id
                    ),
                );
            }
        }
    }
}

/// Collects findings, placing each at the field it concerns: of the deck, or of the card being checked.
struct Checks<'a> {
    label: &'a str,
    text: &'a str,
    /// Where cards, fields and lines sit in the text: found once, and only when there is something
    /// to report, as most decks (every bundled one) have nothing.
    loc: OnceCell<(Locations, LineIndex<'a>)>,
    /// The card being checked: its index in the list and its id.
    card: Option<(usize, &'a str)>,
    found: Vec<Diagnostic>,
}

impl Checks<'_> {
    fn push(&mut self, field: Field, severity: Severity, message: String) {
        let text = self.text;
        let (loc, lines) = self
            .loc
            .get_or_init(|| (Locations::scan(text), LineIndex::new(text)));
        let offset = match &self.card {
            Some((index, _)) => loc.card_field(*index, field.name()),
            None => loc.deck_field(field.name()),
        }
        .unwrap_or(0);
        let mut d = Diagnostic::at(self.label, lines.line_column(offset), severity, message);
        d.card = self.card.map(|(_, id)| id.to_owned());
        d.field = Some(match self.card {
            Some((index, _)) => FieldPath::Card(index, field),
            None => FieldPath::Deck(field),
        });
        self.found.push(d);
    }

    fn error(&mut self, field: Field, message: String) {
        self.push(field, Severity::Error, message);
    }

    fn warning(&mut self, field: Field, message: String) {
        self.push(field, Severity::Warning, message);
    }

    fn non_empty(&mut self, field: Field, what: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(field, format!("{what} is empty; expected some text"));
        }
    }
}

fn check_id(out: &mut Checks, field: Field, what: &str, id: &str) {
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
            out.non_empty(Field::Front, &format!("{who}: the front"), front);
            out.non_empty(Field::Back, &format!("{who}: the back"), back);
        }
        Question::MultipleChoice {
            prompt,
            options,
            correct,
        } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            check_list(out, who, Field::Options, "options", options);
            if correct.is_empty() {
                out.error(
                    Field::Correct,
                    format!(
                        "{who}: no correct option; expected `correct: [0]` (options count from 0)"
                    ),
                );
            }
            let mut seen = HashSet::new();
            for &index in correct {
                if index >= options.len() {
                    out.error(
                        Field::Correct,
                        format!(
                            "{who}: correct index {index} is out of range; options count from 0, so expected 0 to {}",
                            options.len().saturating_sub(1)
                        ),
                    );
                } else if !seen.insert(index) {
                    out.error(
                        Field::Correct,
                        format!("{who}: correct index {index} is listed twice"),
                    );
                }
            }
        }
        Question::TrueFalse { statement, .. } => {
            out.non_empty(
                Field::Statement,
                &format!("{who}: the statement"),
                statement,
            );
        }
        Question::TypeAnswer { prompt, accepted } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            if accepted.is_empty() {
                out.error(
                    Field::Accepted,
                    format!("{who}: no accepted answer; expected at least one"),
                );
            }
            for a in accepted {
                out.non_empty(Field::Accepted, &format!("{who}: an accepted answer"), a);
            }
        }
        Question::Cloze { text } => {
            let blanks = cloze::blanks(text);
            if blanks.is_empty() {
                out.error(
                    Field::Text,
                    format!("{who}: the cloze text has no blank; mark one as {{{{answer}}}}"),
                );
            }
            if blanks.iter().any(|b| b.accepted.is_empty()) {
                out.error(
                    Field::Text,
                    format!("{who}: a blank {{{{}}}} has no answer inside it"),
                );
            }
        }
        Question::Order { prompt, items } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            check_list(out, who, Field::Items, "items", items);
        }
        Question::Match { prompt, pairs } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            if pairs.len() < 2 {
                out.error(
                    Field::Pairs,
                    format!(
                        "{who}: a match needs at least 2 pairs, found {}",
                        pairs.len()
                    ),
                );
            }
            let lefts: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
            let rights: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
            check_distinct(out, who, Field::Pairs, "left side of a pair", &lefts);
            check_distinct(out, who, Field::Pairs, "right side of a pair", &rights);
        }
        Question::Number {
            prompt,
            answer,
            tolerance,
            ..
        } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            if !answer.is_finite() {
                out.error(
                    Field::Answer,
                    format!("{who}: the answer must be a finite number"),
                );
            }
            if !tolerance.is_finite() {
                out.error(
                    Field::Tolerance,
                    format!(
                        "{who}: the tolerance {tolerance} is not a finite number; expected 0 or more"
                    ),
                );
            } else if *tolerance < 0.0 {
                out.error(
                    Field::Tolerance,
                    format!("{who}: the tolerance {tolerance} is negative; expected 0 or more"),
                );
            }
        }
        Question::MapPoint {
            prompt,
            answer,
            target,
            radius,
            markers,
            ..
        } => {
            out.non_empty(Field::Prompt, &format!("{who}: the prompt"), prompt);
            out.non_empty(
                Field::Answer,
                &format!("{who}: the answer (the right place's name)"),
                answer,
            );
            if !(target.x.is_finite() && target.y.is_finite()) {
                out.error(
                    Field::Target,
                    format!("{who}: the target must be two finite numbers, e.g. `target: (x: 120, y: 80)`"),
                );
            }
            if !(radius.is_finite() && *radius > 0.0) {
                out.error(
                    Field::Radius,
                    format!("{who}: the radius {radius} is not a positive number; expected how far from the target a click still counts, in the picture's units"),
                );
            }
            let mut labels = vec![answer.clone()];
            for marker in markers {
                labels.push(marker.label.clone());
                if !(marker.x.is_finite() && marker.y.is_finite()) {
                    out.error(
                        Field::Markers,
                        format!(
                            "{who}: the marker \"{}\" needs two finite numbers",
                            marker.label
                        ),
                    );
                } else if marker.spot().distance(*target) <= *radius {
                    out.error(
                        Field::Markers,
                        format!(
                            "{who}: the marker \"{}\" is within the radius of the target, so choosing it would count as right; move it or make the radius smaller",
                            marker.label
                        ),
                    );
                }
            }
            check_distinct(out, who, Field::Markers, "place name", &labels);
        }
    }
}

fn check_list(out: &mut Checks, who: &str, field: Field, what: &str, values: &[String]) {
    if values.len() < 2 {
        out.error(
            field,
            format!("{who}: expected at least 2 {what}, found {}", values.len()),
        );
    }
    check_distinct(out, who, field, &what[..what.len() - 1], values);
}

fn check_distinct(out: &mut Checks, who: &str, field: Field, what: &str, values: &[String]) {
    let mut seen = HashSet::new();
    for v in values {
        if v.trim().is_empty() {
            out.error(field, format!("{who}: an empty {what}; expected some text"));
        } else if !seen.insert(v.trim().to_lowercase()) {
            out.error(field, format!("{who}: duplicate {what} \"{v}\""));
        }
    }
}
