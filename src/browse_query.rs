//! The browse screen's search: a query language like Anki's, the facts about each card it is matched
//! against, and the columns the cards are sorted by.
//!
//! `topic:Causes kind:match deck:… tag:… due:<7 lapses:>2 is:suspended is:new is:due "exact phrase"`
//! and bare words, all of them required; `-` before a term negates it. Parsing is one pass over the
//! input and a term it cannot read is an error that names it, never a query that silently matches
//! nothing.

use crate::deck::{Card, Deck, QuestionKind};
use crate::schedule::{CardState, Stage};
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::fmt;

/// Everything a query or a column looks at about one card, worked out once.
#[derive(Debug, Clone)]
pub struct CardFacts {
    pub deck_id: String,
    pub deck_title: String,
    pub card_id: String,
    pub prompt: String,
    pub topic: String,
    pub kind: QuestionKind,
    pub tags: Vec<String>,
    pub stage: Stage,
    pub due: Option<DateTime<Utc>>,
    pub stability: Option<f32>,
    pub lapses: u32,
    pub last_answer: Option<DateTime<Utc>>,
    /// The card's texts in lower case, for words and phrases.
    text: String,
}

impl CardFacts {
    pub fn new(deck: &Deck, card: &Card, state: Option<&CardState>) -> CardFacts {
        let mut text = String::new();
        for t in card
            .question
            .texts()
            .into_iter()
            .chain([card.explanation.as_str(), card.id.as_str()])
            .chain(card.tags.iter().map(String::as_str))
        {
            text.push_str(&t.to_lowercase());
            text.push('\n');
        }
        CardFacts {
            deck_id: deck.id.clone(),
            deck_title: deck.title.clone(),
            card_id: card.id.clone(),
            prompt: card.question.prompt(),
            topic: card.topic.clone(),
            kind: card.question.kind(),
            tags: card.tags.clone(),
            stage: Stage::of(state),
            due: state.and_then(|s| s.due),
            stability: state.and_then(|s| s.memory).map(|m| m.stability),
            lapses: state.map_or(0, |s| s.lapses),
            last_answer: state.and_then(|s| s.last_review),
            text,
        }
    }
}

/// How a number in `due:` or `lapses:` is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Less,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    Greater,
}

impl Compare {
    fn holds(self, value: i64, against: i64) -> bool {
        match self {
            Compare::Less => value < against,
            Compare::LessOrEqual => value <= against,
            Compare::Equal => value == against,
            Compare::GreaterOrEqual => value >= against,
            Compare::Greater => value > against,
        }
    }
}

/// What `is:` asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    New,
    Learning,
    Review,
    Suspended,
    /// Due by the end of the study day and not suspended.
    Due,
}

const IS_NAMES: &str = "new, learning, review, suspended or due";
const FIELDS: &str = "topic, kind, deck, tag, due, lapses or is";

/// One term of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A word or an exact phrase anywhere in the card's texts (lower case).
    Text(String),
    Topic(String),
    Kind(QuestionKind),
    /// A deck's id or title.
    Deck(String),
    Tag(String),
    /// Days from now until the card is due (a card never due does not match).
    Due(Compare, i64),
    Lapses(Compare, i64),
    Is(Is),
}

/// A term and whether it was negated with `-`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

/// Every clause must hold; the empty query admits every card.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// A term that could not be read, and where it starts (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Query {
    /// Whether the card holds every clause. `now` and `day_end` place `due:` and `is:due`.
    pub fn matches(&self, card: &CardFacts, now: DateTime<Utc>, day_end: DateTime<Utc>) -> bool {
        self.clauses
            .iter()
            .all(|c| term_holds(&c.term, card, now, day_end) != c.negated)
    }
}

fn contains_folded(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(needle)
}

fn term_holds(term: &Term, card: &CardFacts, now: DateTime<Utc>, day_end: DateTime<Utc>) -> bool {
    match term {
        Term::Text(t) => card.text.contains(t.as_str()),
        Term::Topic(t) => contains_folded(&card.topic, t),
        Term::Kind(k) => card.kind == *k,
        Term::Deck(d) => contains_folded(&card.deck_id, d) || contains_folded(&card.deck_title, d),
        Term::Tag(t) => card.tags.iter().any(|tag| contains_folded(tag, t)),
        Term::Due(cmp, days) => card
            .due
            .is_some_and(|due| cmp.holds(days_until(now, due), *days)),
        Term::Lapses(cmp, n) => cmp.holds(i64::from(card.lapses), *n),
        Term::Is(Is::Due) => {
            card.stage != Stage::Suspended && card.due.is_some_and(|due| due <= day_end)
        }
        Term::Is(Is::New) => card.stage == Stage::New,
        Term::Is(Is::Learning) => card.stage == Stage::Learning,
        Term::Is(Is::Review) => card.stage == Stage::Review,
        Term::Is(Is::Suspended) => card.stage == Stage::Suspended,
    }
}

/// Whole days from now until `due`, rounded down: 0 for later today, negative when overdue.
fn days_until(now: DateTime<Utc>, due: DateTime<Utc>) -> i64 {
    (due - now).num_seconds().div_euclid(86_400)
}

/// Reads a query. Terms are separated by white space; a quoted phrase keeps its spaces, and so does
/// a quoted value (`topic:"Soviet Russia"`).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-';
        if negated {
            i += 1;
        }
        // The field name, if the term has one: letters then a colon.
        let name_end = chars[i..]
            .iter()
            .position(|c| !c.is_alphabetic())
            .map_or(chars.len(), |p| i + p);
        let field = if name_end > i && chars.get(name_end) == Some(&':') {
            let name: String = chars[i..name_end].iter().collect();
            i = name_end + 1;
            Some(name)
        } else {
            None
        };
        let (value, quoted, next) = read_value(&chars, i, start)?;
        i = next;
        let term = match field {
            None if value.is_empty() && !quoted => {
                return Err(QueryError {
                    at: start,
                    message: "A lone \"-\" negates nothing: write it right before a term, as in -is:suspended.".into(),
                });
            }
            None if value.trim().is_empty() => {
                return Err(QueryError {
                    at: start,
                    message: "An empty phrase \"\" matches nothing: put words between the quotes."
                        .into(),
                });
            }
            None => Term::Text(value.to_lowercase()),
            Some(name) => field_term(&name, &value, start)?,
        };
        clauses.push(Clause { negated, term });
    }
    Ok(Query { clauses })
}

/// Reads a term's value from `i`: up to white space, or between quotes. Returns the value, whether it
/// was quoted, and where reading stopped.
fn read_value(
    chars: &[char],
    mut i: usize,
    start: usize,
) -> Result<(String, bool, usize), QueryError> {
    if chars.get(i) == Some(&'"') {
        let close = chars[i + 1..]
            .iter()
            .position(|&c| c == '"')
            .ok_or_else(|| QueryError {
                at: start,
                message: "A phrase opened with \" is not closed: add the closing \".".into(),
            })?;
        let value: String = chars[i + 1..i + 1 + close].iter().collect();
        i += close + 2;
        // A closing quote must end the term.
        if chars.get(i).is_some_and(|c| !c.is_whitespace()) {
            return Err(QueryError {
                at: start,
                message: "Put a space after a closing \" before the next term.".into(),
            });
        }
        return Ok((value, true, i));
    }
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| i + p);
    let value: String = chars[i..end].iter().collect();
    if value.contains('"') {
        return Err(QueryError {
            at: start,
            message: format!(
                "\"{value}\": a quote belongs at the start of a phrase, as in \"exact phrase\"."
            ),
        });
    }
    Ok((value, false, end))
}

fn field_term(name: &str, value: &str, at: usize) -> Result<Term, QueryError> {
    let error = |message: String| Err(QueryError { at, message });
    let field = name.to_lowercase();
    if value.trim().is_empty() {
        return error(format!(
            "{field}: needs a value right after the colon, as in {}.",
            example(&field)
        ));
    }
    let folded = value.to_lowercase();
    match field.as_str() {
        "topic" => Ok(Term::Topic(folded)),
        "deck" => Ok(Term::Deck(folded)),
        "tag" => Ok(Term::Tag(folded)),
        "kind" => match kind_named(&folded) {
            Some(k) => Ok(Term::Kind(k)),
            None => error(format!(
                "kind:{value} is not a question kind; kinds are {}.",
                KIND_NAMES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        "is" => match folded.as_str() {
            "new" => Ok(Term::Is(Is::New)),
            "learning" => Ok(Term::Is(Is::Learning)),
            "review" => Ok(Term::Is(Is::Review)),
            "suspended" => Ok(Term::Is(Is::Suspended)),
            "due" => Ok(Term::Is(Is::Due)),
            _ => error(format!("is:{value} is not known; use is:{IS_NAMES}.")),
        },
        "due" | "lapses" => {
            let Some((cmp, n)) = comparison(value) else {
                return error(format!(
                    "{field}:{value} needs a whole number, as in {}.",
                    example(&field)
                ));
            };
            Ok(if field == "due" {
                Term::Due(cmp, n)
            } else {
                Term::Lapses(cmp, n)
            })
        }
        _ => error(format!("\"{name}:\" is not a field; fields are {FIELDS}.")),
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "topic" => "topic:Causes",
        "deck" => "deck:changchun",
        "tag" => "tag:treaty",
        "kind" => "kind:match",
        "is" => "is:due",
        "due" => "due:<7",
        "lapses" => "lapses:>2",
        _ => "topic:Causes",
    }
}

/// `<7`, `<=7`, `=7`, `7`, `>=7`, `>7`; numbers up to nine digits, a leading minus allowed.
fn comparison(value: &str) -> Option<(Compare, i64)> {
    let (cmp, number) = if let Some(n) = value.strip_prefix("<=") {
        (Compare::LessOrEqual, n)
    } else if let Some(n) = value.strip_prefix(">=") {
        (Compare::GreaterOrEqual, n)
    } else if let Some(n) = value.strip_prefix('<') {
        (Compare::Less, n)
    } else if let Some(n) = value.strip_prefix('>') {
        (Compare::Greater, n)
    } else if let Some(n) = value.strip_prefix('=') {
        (Compare::Equal, n)
    } else {
        (Compare::Equal, value)
    };
    let digits = number.strip_prefix('-').unwrap_or(number);
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok().map(|n| (cmp, n))
}

/// Names a learner may write after `kind:`, the first of each being the one the errors list.
const KIND_NAMES: &[(&str, QuestionKind)] = &[
    ("flashcard", QuestionKind::Flashcard),
    ("choice", QuestionKind::MultipleChoice),
    ("truefalse", QuestionKind::TrueFalse),
    ("typed", QuestionKind::TypeAnswer),
    ("cloze", QuestionKind::Cloze),
    ("order", QuestionKind::Order),
    ("match", QuestionKind::Match),
    ("number", QuestionKind::Number),
];

fn kind_named(value: &str) -> Option<QuestionKind> {
    let plain: String = value
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .collect();
    KIND_NAMES
        .iter()
        .find(|(n, _)| *n == plain)
        .map(|(_, k)| *k)
        .or_else(|| {
            QuestionKind::ALL.into_iter().find(|k| {
                k.name().eq_ignore_ascii_case(&plain)
                    || k.label().replace(' ', "").eq_ignore_ascii_case(&plain)
            })
        })
        .or(match plain.as_str() {
            "mcq" | "multiplechoice" => Some(QuestionKind::MultipleChoice),
            "tf" => Some(QuestionKind::TrueFalse),
            "matching" => Some(QuestionKind::Match),
            "year" => Some(QuestionKind::Number),
            _ => None,
        })
}

/// A column of the browse list, which it can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Prompt,
    Deck,
    Topic,
    Kind,
    Due,
    Stability,
    Lapses,
    LastAnswer,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Prompt,
        Column::Deck,
        Column::Topic,
        Column::Kind,
        Column::Due,
        Column::Stability,
        Column::Lapses,
        Column::LastAnswer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Column::Prompt => "Prompt",
            Column::Deck => "Deck",
            Column::Topic => "Topic",
            Column::Kind => "Kind",
            Column::Due => "Due",
            Column::Stability => "Stability",
            Column::Lapses => "Lapses",
            Column::LastAnswer => "Last answer",
        }
    }

    /// The order of two cards by this column, ascending; a card without a value (never answered)
    /// comes after every card with one.
    pub fn compare(self, a: &CardFacts, b: &CardFacts) -> Ordering {
        fn missing_last<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        match self {
            Column::Prompt => a.prompt.to_lowercase().cmp(&b.prompt.to_lowercase()),
            Column::Deck => a.deck_title.cmp(&b.deck_title),
            Column::Topic => a.topic.cmp(&b.topic),
            Column::Kind => a.kind.label().cmp(b.kind.label()),
            Column::Due => missing_last(a.due, b.due),
            Column::Stability => missing_last(a.stability, b.stability),
            Column::Lapses => a.lapses.cmp(&b.lapses),
            Column::LastAnswer => missing_last(a.last_answer, b.last_answer),
        }
    }
}

/// Sorts cards by a column, keeping their order among equals; descending puts the highest first
/// and still leaves cards without a value at the end. `facts` finds each item's card.
pub fn sort<'f, T>(
    items: &mut [T],
    facts: impl Fn(&T) -> &'f CardFacts,
    column: Column,
    descending: bool,
) {
    items.sort_by(|a, b| {
        let (a, b) = (facts(a), facts(b));
        let asc = column.compare(a, b);
        let none_first = |f: &CardFacts| match column {
            Column::Due => f.due.is_none(),
            Column::Stability => f.stability.is_none(),
            Column::LastAnswer => f.last_answer.is_none(),
            _ => false,
        };
        if descending && none_first(a) == none_first(b) {
            asc.reverse()
        } else {
            asc
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Memory;
    use crate::schedule::Phase;
    use chrono::Duration;

    const DECK: &str = r#"Deck(
        format: 1,
        id: "conf",
        title: "The Changchun Conference",
        description: "",
        topics: ["Causes", "Soviet Russia"],
        cards: [
            Card(id: "opened", topic: "Causes", tags: ["dates"],
                question: TrueFalse(statement: "The conference opened on 4 September 1922.", answer: true),
                explanation: "It opened in Changchun.", sources: ["GSE"]),
            Card(id: "pairs", topic: "Soviet Russia",
                question: Match(prompt: "Pair the delegates", pairs: [("Joffe", "Soviet Russia"), ("Matsudaira", "Japan")]),
                explanation: "", sources: ["GSE"]),
        ],
    )"#;

    fn facts() -> Vec<CardFacts> {
        let deck = crate::deck::load_str("conf.ron", DECK)
            .deck
            .expect("the test deck loads");
        let now = at();
        let studied = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 12.0,
                difficulty: 5.0,
            }),
            due: Some(now + Duration::days(3)),
            last_review: Some(now - Duration::days(9)),
            lapses: 3,
            reps: 6,
            ..CardState::new()
        };
        vec![
            CardFacts::new(&deck, &deck.cards[0], Some(&studied)),
            CardFacts::new(&deck, &deck.cards[1], None),
        ]
    }

    fn at() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn ids(query: &str) -> Vec<String> {
        let q = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        facts()
            .iter()
            .filter(|f| q.matches(f, at(), at() + Duration::hours(14)))
            .map(|f| f.card_id.clone())
            .collect()
    }

    #[test]
    fn fields_words_and_phrases_all_must_hold() {
        assert_eq!(ids(""), ["opened", "pairs"]);
        assert_eq!(ids("topic:causes"), ["opened"]);
        assert_eq!(ids("kind:match"), ["pairs"]);
        assert_eq!(ids("kind:TrueFalse"), ["opened"]);
        assert_eq!(ids("deck:changchun tag:dates"), ["opened"]);
        assert_eq!(ids(r#"topic:"soviet russia""#), ["pairs"]);
        assert_eq!(ids(r#""4 September""#), ["opened"]);
        assert_eq!(ids(r#""September 4""#), Vec::<String>::new());
        assert_eq!(ids("joffe japan"), ["pairs"]);
        assert_eq!(ids("joffe opened"), Vec::<String>::new());
    }

    #[test]
    fn a_minus_negates_its_term() {
        assert_eq!(ids("-topic:causes"), ["pairs"]);
        assert_eq!(ids("-is:new"), ["opened"]);
        assert_eq!(ids("-joffe"), ["opened"]);
    }

    #[test]
    fn numbers_compare_and_states_are_asked_with_is() {
        assert_eq!(ids("due:<7"), ["opened"]);
        assert_eq!(ids("due:3"), ["opened"]);
        assert_eq!(ids("due:<3"), Vec::<String>::new());
        assert_eq!(ids("lapses:>2"), ["opened"]);
        assert_eq!(ids("lapses:>=4"), Vec::<String>::new());
        assert_eq!(ids("lapses:0"), ["pairs"]);
        assert_eq!(ids("is:new"), ["pairs"]);
        assert_eq!(ids("is:review"), ["opened"]);
        assert_eq!(ids("is:due"), Vec::<String>::new());
        assert_eq!(ids("is:suspended"), Vec::<String>::new());
    }

    #[test]
    fn a_term_that_cannot_be_read_is_named_in_the_error() {
        let message = |q: &str| parse(q).unwrap_err().message;
        assert!(message("colour:red").contains("\"colour:\" is not a field"));
        assert!(message("kind:essay").contains("kinds are flashcard"));
        assert!(message("is:late").contains("is:new, learning"));
        assert!(message("due:soon").contains("due:<7"));
        assert!(message("lapses:>").contains("whole number"));
        assert!(message("topic:").contains("needs a value"));
        assert!(message(r#""open phrase"#).contains("not closed"));
        assert!(message("a - b").contains("lone \"-\""));
        assert_eq!(parse("ok topic:").unwrap_err().at, 3);
        // Not a field: a word with a colon after something other than letters.
        assert_eq!(parse("4:30").unwrap().clauses.len(), 1);
    }

    #[test]
    fn sorting_puts_cards_without_a_value_last_either_way() {
        let facts = facts();
        for descending in [false, true] {
            let mut rows: Vec<&CardFacts> = facts.iter().collect();
            rows.reverse();
            sort(&mut rows, |f| *f, Column::Due, descending);
            assert_eq!(rows[0].card_id, "opened");
        }
        let mut rows: Vec<usize> = vec![0, 1];
        sort(&mut rows, |&i| &facts[i], Column::Topic, true);
        assert_eq!(rows, [1, 0]);
        sort(&mut rows, |&i| &facts[i], Column::Lapses, true);
        assert_eq!(rows, [0, 1]);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parsing_never_panics(input in "\\PC{0,80}") {
                let _ = parse(&input);
            }

            #[test]
            fn query_like_input_never_panics(
                input in r#"(-?(topic|kind|deck|tag|due|lapses|is|x)?:?"?[<>=]{0,2}-?[0-9a-z ]{0,6}"? ?){0,8}"#
            ) {
                if let Ok(q) = parse(&input) {
                    for f in facts() {
                        let _ = q.matches(&f, at(), at());
                    }
                }
            }

            #[test]
            fn a_negated_term_admits_exactly_the_cards_the_term_refuses(
                term in r#"(topic:causes|kind:match|is:new|is:due|due:<7|lapses:>2|joffe|"4 september")"#
            ) {
                let plain = parse(&term).unwrap();
                let negated = parse(&format!("-{term}")).unwrap();
                for f in facts() {
                    prop_assert_ne!(
                        plain.matches(&f, at(), at()),
                        negated.matches(&f, at(), at())
                    );
                }
            }
        }

        #[test]
        fn a_long_query_is_read_in_one_pass() {
            let long = "topic:causes -is:new \"a phrase\" word ".repeat(20_000);
            assert_eq!(parse(&long).unwrap().clauses.len(), 80_000);
        }
    }
}
