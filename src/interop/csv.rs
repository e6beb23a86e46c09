//! Two-column CSV or TSV, as Quizlet exports it: term and definition per row, separator detected.

use super::{DeckBuilder, ImportError, ImportOptions, Item, Losses, join_explanation};
use crate::deck::model::{Card, Deck, Question};

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
/// A quote that is never closed is refused: the reader would take the rest of the file as one field.
pub(crate) fn for_each_record(
    text: &str,
    separator: u8,
    first_line: usize,
    mut row: impl FnMut(usize, Vec<String>),
) -> Result<(), ImportError> {
    if let Some(line) = unclosed_quote(text, separator) {
        return Err(ImportError::Malformed {
            line: first_line - 1 + line,
            message: "a field opens with a quote \" that is never closed, so the rest of the file would become one card; close the quote or remove it".into(),
        });
    }
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

/// The line (1-based) of a quote that opens a field and is never closed, read as the CSV reader
/// reads: a quote opens a field only at its start, and `""` inside is an escaped quote.
fn unclosed_quote(text: &str, separator: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut field_start = true;
    let mut open_at: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        match open_at {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => {
                open_at = None;
                field_start = false;
            }
            Some(_) => {}
            None if b == b'"' && field_start => open_at = Some(line),
            None => field_start = b == separator || b == b'\n' || b == b'\r',
        }
        i += 1;
    }
    open_at
}

/// Spreadsheets run a cell that starts with one of these as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell would start a formula once any leading `'` is taken off.
fn reads_as_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell as written to a CSV file meant for spreadsheets: one that would run as a formula (or
/// would after losing a leading `'`) gets a `'` in front, which spreadsheets show as text.
/// [`unguard_cell`] takes it off again, so reading back gives exactly the text written.
pub fn guard_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if reads_as_formula(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`guard_cell`].
pub fn unguard_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if reads_as_formula(rest) => rest,
        _ => cell,
    }
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
        let fields: Vec<String> = fields
            .iter()
            .map(|f| unguard_cell(f.trim()).trim().to_owned())
            .collect();
        let is_first = std::mem::replace(&mut first_row, false);
        if fields.iter().all(String::is_empty) {
            return;
        }
        let field = |i: usize| fields.get(i).map_or("", String::as_str);
        if is_first && looks_like_header(field(0), field(1)) {
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

/// Whether a first row names the columns (`term,definition`, `Front;Back` …) rather than a card.
fn looks_like_header(term: &str, definition: &str) -> bool {
    TERM_WORDS.contains(&term.trim().to_lowercase().as_str())
        && DEFINITION_WORDS.contains(&definition.trim().to_lowercase().as_str())
}

/// A card's two columns as written.
fn term_of_card(card: &Card) -> String {
    match &card.question {
        Question::Flashcard { front, .. } => front.clone(),
        other => term_of(other),
    }
}

fn definition_of_card(card: &Card) -> String {
    match &card.question {
        Question::Flashcard { back, .. } => back.clone(),
        other => other.answer_text(),
    }
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
    // A first card that reads like a header line would be dropped on import: write a real one.
    if let Some(first) = deck.cards.first()
        && looks_like_header(&term_of_card(first), &definition_of_card(first))
    {
        let _ = writer.write_record(["term", "definition"]);
    }
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
        lost.card_extras(card);
        // Writing into memory cannot fail.
        let _ = writer.write_record([&*guard_cell(&term), &*guard_cell(&definition)]);
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
