//! Checking a learner's answer for each question kind.
//!
//! The screens collect a [`Response`]; [`check`] says whether it is right and what to show
//! about it. Indices in a response are always the deck's own (original) indices: the screens map
//! what they show shuffled (see [`shuffled_options`] and friends) back before checking.

mod normalise;
mod number;
mod shuffle;
mod typed;

pub use normalise::normalise;
pub use number::{NumberError, parse_number};
pub use shuffle::{shuffled_match, shuffled_options, shuffled_order};
pub use typed::{
    DiffOp, DiffRun, SLIP_MIN_LETTERS, TypedCheck, check_typed, diff, near_duplicate, same_answer,
    within_one_edit,
};

use crate::deck::cloze;
use crate::deck::model::{Marker, Question, QuestionKind, Spot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the learner answered, one variant per question kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// A flashcard's back was revealed; the learner grades themselves.
    Revealed,
    /// The chosen options (indices into `options`).
    Choices(Vec<usize>),
    TrueFalse(bool),
    Typed(String),
    /// One text per cloze blank, in order.
    Blanks(Vec<String>),
    /// The learner's sequence, as indices into `items` as written in the deck.
    Order(Vec<usize>),
    /// For each left side (by pair index), the pair index of the right side chosen for it.
    Match(Vec<Option<usize>>),
    /// The number as typed; read with [`parse_number`].
    Number(String),
    /// The place pointed at on a map, in the map's own units; `None` when the learner gave up.
    Place(Option<Spot>),
}

/// Whether an answer is right, and the detail the study screen shows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    /// Always false for a revealed flashcard: there the rating says how it went.
    pub correct: bool,
    /// Right, but with a one-letter slip somewhere.
    pub almost: bool,
    pub detail: Detail,
}

/// Per-kind detail about a checked answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Detail {
    /// A flashcard: nothing was checked.
    SelfGraded,
    /// `missed`: right options not chosen; `wrong`: chosen options that are not right (including
    /// indices that name no option).
    Choices {
        missed: Vec<usize>,
        wrong: Vec<usize>,
    },
    TrueFalse {
        expected: bool,
    },
    Typed(TypedCheck),
    /// One check per blank, in order; a blank left out counts as empty.
    Cloze(Vec<TypedCheck>),
    /// Positions (counting from 0) of the learner's sequence that do not hold the item belonging
    /// there, including positions left empty.
    Order {
        out_of_place: Vec<usize>,
    },
    /// Left sides (pair indices) given a wrong right side or none.
    Match {
        wrong: Vec<usize>,
    },
    /// `given` is `None` when the text is not a number (then `error` says why); `distance` is how
    /// far the given number is from the answer.
    Number {
        given: Option<f64>,
        distance: Option<f64>,
        error: Option<String>,
    },
    /// `distance` from the target, in the map's units (`None` for no place given); `chosen` names
    /// the place pointed at, when it lies within the radius of the target or of a marker.
    Place {
        distance: Option<f64>,
        chosen: Option<String>,
    },
    /// The response is for another kind of question than the one asked.
    WrongKind {
        expected: QuestionKind,
    },
}

impl Checked {
    fn new(correct: bool, detail: Detail) -> Self {
        Checked {
            correct,
            almost: false,
            detail,
        }
    }
}

/// Checks a response against the question. Never panics, whatever the response holds.
pub fn check(question: &Question, response: &Response) -> Checked {
    match (question, response) {
        (Question::Flashcard { .. }, Response::Revealed) => Checked::new(false, Detail::SelfGraded),
        (
            Question::MultipleChoice {
                options, correct, ..
            },
            Response::Choices(chosen),
        ) => check_choices(options.len(), correct, chosen),
        (Question::TrueFalse { answer, .. }, Response::TrueFalse(given)) => {
            Checked::new(answer == given, Detail::TrueFalse { expected: *answer })
        }
        (Question::TypeAnswer { accepted, .. }, Response::Typed(text)) => {
            let c = check_typed(accepted, text);
            Checked {
                correct: c.correct,
                almost: c.almost,
                detail: Detail::Typed(c),
            }
        }
        (Question::Cloze { text }, Response::Blanks(given)) => check_cloze(text, given),
        (Question::Order { items, .. }, Response::Order(sequence)) => check_order(items, sequence),
        (Question::Match { pairs, .. }, Response::Match(chosen)) => check_match(pairs, chosen),
        (
            Question::Number {
                answer,
                tolerance,
                unit,
                ..
            },
            Response::Number(text),
        ) => check_number(*answer, *tolerance, unit.as_deref(), text),
        (
            Question::MapPoint {
                answer,
                target,
                radius,
                markers,
                ..
            },
            Response::Place(given),
        ) => {
            let distance = given.map(|g| g.distance(*target));
            Checked::new(
                distance.is_some_and(|d| d <= *radius),
                Detail::Place {
                    distance,
                    chosen: given.and_then(|g| place_at(g, answer, *target, *radius, markers)),
                },
            )
        }
        (question, _) => Checked::new(
            false,
            Detail::WrongKind {
                expected: question.kind(),
            },
        ),
    }
}

/// The name of the place a point falls on: the target's or the nearest marker's, within the
/// question's radius of it.
pub fn place_at(
    point: Spot,
    answer: &str,
    target: Spot,
    radius: f64,
    markers: &[Marker],
) -> Option<String> {
    std::iter::once((answer, target))
        .chain(markers.iter().map(|m| (m.label.as_str(), m.spot())))
        .map(|(name, spot)| (name, point.distance(spot)))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name.to_owned())
}

fn check_choices(options: usize, correct: &[usize], chosen: &[usize]) -> Checked {
    let right: BTreeSet<usize> = correct.iter().copied().filter(|&i| i < options).collect();
    let chosen: BTreeSet<usize> = chosen.iter().copied().collect();
    let missed: Vec<usize> = right.difference(&chosen).copied().collect();
    let wrong: Vec<usize> = chosen.difference(&right).copied().collect();
    Checked::new(
        !right.is_empty() && missed.is_empty() && wrong.is_empty(),
        Detail::Choices { missed, wrong },
    )
}

fn check_cloze(text: &str, given: &[String]) -> Checked {
    let blanks = cloze::blanks(text);
    let checks: Vec<TypedCheck> = blanks
        .iter()
        .enumerate()
        .map(|(i, b)| check_typed(&b.accepted, given.get(i).map_or("", String::as_str)))
        .collect();
    let correct = !checks.is_empty() && checks.iter().all(|c| c.correct);
    Checked {
        correct,
        almost: correct && checks.iter().any(|c| c.almost),
        detail: Detail::Cloze(checks),
    }
}

fn check_order(items: &[String], sequence: &[usize]) -> Checked {
    // Compared by text, so two equal items may stand in either place.
    let out_of_place: Vec<usize> = (0..items.len().max(sequence.len()))
        .filter(|&pos| {
            let given = sequence.get(pos).and_then(|&i| items.get(i));
            given.is_none() || given != items.get(pos)
        })
        .collect();
    let complete = is_permutation(sequence, items.len());
    Checked::new(
        complete && out_of_place.is_empty(),
        Detail::Order { out_of_place },
    )
}

fn check_match(pairs: &[(String, String)], chosen: &[Option<usize>]) -> Checked {
    let wrong: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(left, (_, right))| {
            let given = chosen
                .get(*left)
                .copied()
                .flatten()
                .and_then(|i| pairs.get(i));
            given.is_none_or(|(_, r)| r != right)
        })
        .map(|(left, _)| left)
        .collect();
    Checked::new(
        !pairs.is_empty() && wrong.is_empty() && chosen.len() == pairs.len(),
        Detail::Match { wrong },
    )
}

/// The number a learner typed for a number question, read leniently; "50 months" is 50 when the
/// unit is "months". Text that is not a number is refused with the reason, so it can be asked
/// again rather than graded.
pub fn read_number(text: &str, unit: Option<&str>) -> Result<f64, NumberError> {
    parse_number(without_unit(text, unit))
}

fn check_number(answer: f64, tolerance: f64, unit: Option<&str>, text: &str) -> Checked {
    match read_number(text, unit) {
        Ok(given) => {
            let distance = (given - answer).abs();
            // A little slack for decimals that binary floating point cannot hold exactly.
            let slack = 1e-9 * answer.abs().max(1.0);
            let correct = distance <= tolerance.abs() + slack;
            Checked::new(
                correct,
                Detail::Number {
                    given: Some(given),
                    distance: Some(distance),
                    error: None,
                },
            )
        }
        Err(e) => Checked::new(
            false,
            Detail::Number {
                given: None,
                distance: None,
                error: Some(e.to_string()),
            },
        ),
    }
}

/// "50 months" is read as 50 when the question's unit is "months".
fn without_unit<'a>(text: &'a str, unit: Option<&str>) -> &'a str {
    let text = text.trim();
    let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return text;
    };
    let split = text.len().checked_sub(unit.len());
    match split {
        Some(at) if text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(unit) => {
            text[..at].trim_end()
        }
        _ => text,
    }
}

fn is_permutation(sequence: &[usize], n: usize) -> bool {
    let mut seen = vec![false; n];
    sequence.len() == n
        && sequence
            .iter()
            .all(|&i| i < n && !std::mem::replace(&mut seen[i], true))
}

/// The learner's answer written out, for results and logs; empty when nothing was given.
pub fn describe(question: &Question, response: &Response) -> String {
    match (question, response) {
        (Question::Flashcard { .. }, Response::Revealed) => "(revealed)".to_owned(),
        (Question::MultipleChoice { options, .. }, Response::Choices(chosen)) => chosen
            .iter()
            .map(|&i| option_text(options.get(i)))
            .collect::<Vec<_>>()
            .join("; "),
        (_, Response::TrueFalse(b)) => if *b { "True" } else { "False" }.to_owned(),
        (_, Response::Typed(text)) | (_, Response::Number(text)) => text.trim().to_owned(),
        (Question::Cloze { text }, Response::Blanks(given)) => {
            let mut blank = 0;
            cloze::parse(text)
                .iter()
                .map(|segment| match segment {
                    cloze::Segment::Text(t) => t.clone(),
                    cloze::Segment::Blank(_) => {
                        blank += 1;
                        match given.get(blank - 1).map(|g| g.trim()) {
                            Some(g) if !g.is_empty() => g.to_owned(),
                            _ => "…".to_owned(),
                        }
                    }
                })
                .collect()
        }
        (Question::Order { items, .. }, Response::Order(sequence)) => sequence
            .iter()
            .map(|&i| option_text(items.get(i)))
            .collect::<Vec<_>>()
            .join(" → "),
        (Question::Match { pairs, .. }, Response::Match(chosen)) => pairs
            .iter()
            .enumerate()
            .map(|(left, (l, _))| {
                let right = chosen
                    .get(left)
                    .copied()
                    .flatten()
                    .and_then(|i| pairs.get(i))
                    .map(|(_, r)| r.as_str());
                format!("{l} — {}", right.unwrap_or("?"))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (
            Question::MapPoint {
                answer,
                target,
                radius,
                markers,
                ..
            },
            Response::Place(Some(point)),
        ) => place_at(*point, answer, *target, *radius, markers)
            .unwrap_or_else(|| "(another place on the map)".to_owned()),
        // A response for another kind of question has nothing to say about this one.
        _ => String::new(),
    }
}

fn option_text(option: Option<&String>) -> String {
    option.cloned().unwrap_or_else(|| "?".to_owned())
}

#[cfg(test)]
mod tests;
