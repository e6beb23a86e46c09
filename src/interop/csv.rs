//! Two-column CSV or TSV, as Quizlet exports it: term and definition per row, separator detected.

use super::{DeckBuilder, ImportError, ImportOptions, Item, Losses, join_explanation};
use crate::deck::model::{Deck, Question};

/// The separator most lines of a text use, of the given candidates; the first candidate on a tie.
pub(crate) fn detect_separator(text: &str, candidates: &[u8]) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (0, candidates.first().copied().unwrap_or(b','));
    for &c in candidates {
        let count = lines.iter().filter(|l| l.as_bytes().contains(&c)).count();
        if count > best.0 {
            best = (count, c);
        }
    }
    best.1
}

/// Reads the rows of a delimited text, calling `row` with each record's first line and its fields.
pub(crate) fn for_each_record(
    text: &str,
    separator: u8,
    first_line: usize,
    mut row: impl FnMut(usize, Vec<String>),
) -> Result<(), ImportError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Malformed {
            line: first_line - 1 + e.position().map_or(1, |p| p.line() as usize),
            message: format!("cannot read this row: {e}"),
        })?;
        let line = first_line - 1 + record.position().map_or(1, |p| p.line() as usize);
        row(line, record.iter().map(str::to_owned).collect());
    }
    Ok(())
}

const TERM_WORDS: [&str; 5] = ["term", "front", "question", "word", "prompt"];
const DEFINITION_WORDS: [&str; 5] = ["definition", "back", "answer", "meaning", "translation"];

pub(crate) fn read(text: &str, builder: &mut DeckBuilder) -> Result<(), ImportError> {
    let separator = detect_separator(text, b"\t;,");
    let name = match separator {
        b'\t' => "a tab",
        b';' => "a semicolon",
        _ => "a comma",
    };
    let mut first_row = true;
    for_each_record(text, separator, 1, |line, fields| {
        let fields: Vec<String> = fields.iter().map(|f| f.trim().to_owned()).collect();
        let is_first = std::mem::replace(&mut first_row, false);
        if fields.iter().all(String::is_empty) {
            return;
        }
        let word = |i: usize| fields.get(i).map(|f| f.to_lowercase()).unwrap_or_default();
        if is_first
            && TERM_WORDS.contains(&word(0).as_str())
            && DEFINITION_WORDS.contains(&word(1).as_str())
        {
            return;
        }
        if fields.len() < 2 {
            builder.skip(
                line,
                format!("expected two columns, a term and its definition, separated by {name}; found one"),
            );
            return;
        }
        let front = fields[0].clone();
        builder.add(Item {
            line,
            name: None,
            key: front.clone(),
            topic: None,
            tags: Vec::new(),
            question: Question::Flashcard {
                front,
                back: fields[1].clone(),
            },
            // Columns past the second hold notes on the card, which belong in its explanation.
            explanation: join_explanation(fields[2..].iter().cloned()),
        });
    })
}

pub(crate) fn write(deck: &Deck, lost: &mut Losses) -> String {
    lost.deck_fields(deck, false);
    let default_topic = ImportOptions::default().default_topic;
    if deck.cards.iter().any(|c| c.topic != default_topic) {
        lost.deck(format!(
            "topics (an import puts every card in one topic, \"{default_topic}\")"
        ));
    }
    if !deck.cards.is_empty() {
        lost.deck(
            "card ids (an import makes them from each term, so re-importing keeps them stable)",
        );
    }
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b',')
        .from_writer(Vec::new());
    for card in &deck.cards {
        let (term, definition) = match &card.question {
            Question::Flashcard { front, back } => (front.clone(), back.clone()),
            other => {
                lost.card(
                    format!(
                        "{} cards, written as a term and its answer; they come back as flashcards",
                        other.kind().label()
                    ),
                    &card.id,
                );
                (term_of(other), other.answer_text())
            }
        };
        if !card.explanation.trim().is_empty() {
            lost.card("explanations", &card.id);
        }
        if !card.tags.is_empty() {
            lost.card("tags", &card.id);
        }
        lost.sources(card);
        // Writing into memory cannot fail.
        let _ = writer.write_record([term, definition]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The front of a non-flashcard written as a term: its prompt, with options or items listed.
pub(crate) fn term_of(question: &Question) -> String {
    match question {
        Question::MultipleChoice {
            prompt, options, ..
        } => format!("{prompt}\n{}", options.join("\n")),
        Question::TrueFalse { statement, .. } => format!("True or false? {statement}"),
        Question::Order { prompt, items } => format!("{prompt}\n{}", items.join("\n")),
        other => other.prompt(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_separator_most_lines_use() {
        assert_eq!(detect_separator("a\tb\nc, d\te\n", b"\t;,"), b'\t');
        assert_eq!(detect_separator("a;b\nc;d, e\n", b"\t;,"), b';');
        assert_eq!(detect_separator("a,b\nc,d\n", b"\t;,"), b',');
        assert_eq!(detect_separator("ab\n", b"\t;,"), b'\t');
    }
}
