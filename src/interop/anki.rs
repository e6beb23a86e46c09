//! Anki's plain-text notes: `#key:value` header, delimited fields, HTML, cloze notes.

use super::csv::{detect_separator, for_each_record, term_of};
use super::{DeckBuilder, ImportError, Item, Losses, html, join_explanation};
use crate::deck::cloze::{self, Segment};
use crate::deck::model::{Deck, Question};

const KEYS: [&str; 10] = [
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
];

/// Whether a text starts with an Anki header line such as `#separator:tab`.
pub(crate) fn has_header(text: &str) -> bool {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(key, _)| KEYS.contains(&key.trim().to_ascii_lowercase().as_str()))
}

/// Whether a text holds Anki cloze markers such as `{{c1::`.
pub(crate) fn has_cloze_markers(text: &str) -> bool {
    text.match_indices("{{c").any(|(i, _)| {
        let rest = &text[i + 3..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with("::")
    })
}

/// Anki cloze markers `{{c1::text::hint}}` in this app's syntax `{{text::hint}}`.
pub(crate) fn from_anki_cloze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{c") {
        let after = &rest[at + 3..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("::") {
            out.push_str(&rest[..at]);
            out.push_str("{{");
            rest = &after[digits + 2..];
        } else {
            out.push_str(&rest[..at + 3]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// What the header says about the file.
#[derive(Default)]
struct Header {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Option<String>,
    notetype: Option<String>,
    deck: Option<String>,
    /// 0-based column indices.
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
    guid_column: Option<usize>,
}

fn separator_named(value: &str) -> Option<u8> {
    Some(match value.to_ascii_lowercase().as_str() {
        "comma" => b',',
        "semicolon" => b';',
        "tab" => b'\t',
        "space" => b' ',
        "pipe" => b'|',
        "colon" => b':',
        v if v.len() == 1 => v.as_bytes()[0],
        _ => return None,
    })
}

/// Reads the header lines; returns it with the number of lines it took.
fn read_header(text: &str) -> Result<(Header, usize), ImportError> {
    let mut header = Header::default();
    let mut lines = 0;
    for (i, line) in text.lines().enumerate() {
        let Some(directive) = line.strip_prefix('#') else {
            break;
        };
        lines = i + 1;
        let Some((key, value)) = directive.split_once(':') else {
            continue;
        };
        let value = value.trim_end_matches('\r');
        let malformed = |message: String| ImportError::Malformed {
            line: i + 1,
            message,
        };
        let column = || {
            value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1)
                .map(|n| n - 1)
                .ok_or_else(|| {
                    malformed(format!(
                        "the column number \"{}\" is not valid; expected a number from 1",
                        value.trim()
                    ))
                })
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                // A literal space is a valid separator, so only trim when the value is a name.
                let name = if value.trim().is_empty() {
                    value
                } else {
                    value.trim()
                };
                header.separator = Some(separator_named(name).ok_or_else(|| {
                    malformed(format!(
                        "unknown separator \"{name}\"; expected comma, semicolon, tab, space, pipe, colon or a single character"
                    ))
                })?);
            }
            "html" => {
                header.html = Some(match value.trim().to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(malformed(format!(
                            "#html:{other} is not valid; expected true or false"
                        )));
                    }
                })
            }
            "tags" => header.tags = value.split_whitespace().map(str::to_owned).collect(),
            "columns" => header.columns = Some(value.to_owned()),
            "notetype" => header.notetype = Some(value.trim().to_owned()),
            "deck" => header.deck = Some(value.trim().to_owned()),
            "notetype column" => header.notetype_column = Some(column()?),
            "deck column" => header.deck_column = Some(column()?),
            "tags column" => header.tags_column = Some(column()?),
            "guid column" => header.guid_column = Some(column()?),
            _ => {}
        }
    }
    Ok((header, lines))
}

/// The lines of `text` after the first `skip`, as one text.
fn after_lines(text: &str, skip: usize) -> &str {
    let mut rest = text;
    for _ in 0..skip {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// The topic an Anki deck name stands for: its last part (`Changchun::Causes` → `Causes`).
pub(crate) fn topic_of_deck(deck: &str) -> String {
    deck.rsplit("::")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub(crate) fn read(text: &str, builder: &mut DeckBuilder) -> Result<(), ImportError> {
    let (mut header, header_lines) = read_header(text)?;
    let body = after_lines(text, header_lines);
    let separator = header.separator.unwrap_or_else(|| {
        let sample = &body[..floor_boundary(body, 8192)];
        detect_separator(sample, b"\t|;,")
    });
    // `#columns:` names the columns; use the names when the numbered directives are missing.
    if let Some(names) = header.columns.clone() {
        let names: Vec<String> = names
            .split(separator as char)
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        header.guid_column = header.guid_column.or(find(&["guid"]));
        header.notetype_column = header.notetype_column.or(find(&["notetype", "note type"]));
        header.deck_column = header.deck_column.or(find(&["deck"]));
        header.tags_column = header.tags_column.or(find(&["tags"]));
    }
    let special = [
        header.guid_column,
        header.notetype_column,
        header.deck_column,
        header.tags_column,
    ];
    for_each_record(body, separator, header_lines + 1, |line, record| {
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let cell = |c: Option<usize>| c.and_then(|i| record.get(i)).map(|v| v.trim().to_owned());
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| !special.contains(&Some(*i)))
            .map(|(_, f)| {
                let is_html = header.html.unwrap_or_else(|| html::looks_like_html(f));
                if is_html {
                    html::to_text(f)
                } else {
                    f.trim().to_owned()
                }
            })
            .collect();
        let notetype = cell(header.notetype_column)
            .or(header.notetype.clone())
            .unwrap_or_default();
        let deck = cell(header.deck_column).or(header.deck.clone());
        let mut tags = header.tags.clone();
        if let Some(column) = cell(header.tags_column) {
            tags.extend(column.split_whitespace().map(str::to_owned));
        }
        let first = fields.first().cloned().unwrap_or_default();
        let is_cloze = notetype.to_lowercase().contains("cloze") || has_cloze_markers(&first);
        let question = if is_cloze {
            Question::Cloze {
                text: from_anki_cloze(&first),
            }
        } else if fields.len() < 2 {
            builder.skip(
                line,
                "expected at least two fields, a front and a back; found one (is the separator right?)",
            );
            return;
        } else {
            Question::Flashcard {
                front: first.clone(),
                back: fields[1].clone(),
            }
        };
        let extra_from = if is_cloze { 1 } else { 2 };
        builder.add(Item {
            line,
            name: cell(header.guid_column).filter(|g| !g.is_empty()),
            key: first,
            topic: deck.as_deref().map(topic_of_deck),
            tags,
            question,
            explanation: join_explanation(fields.into_iter().skip(extra_from)),
        });
    })
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(crate) fn write(deck: &Deck, lost: &mut Losses) -> String {
    lost.deck_fields(deck, false);
    lost.topics(deck);
    let mut out = String::from(
        "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n",
    );
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    let deck_name = deck.title.replace("::", ":");
    for card in &deck.cards {
        if card.topic.contains("::") {
            lost.card(
                "topic names holding ::, which Anki reads as a sub-deck",
                &card.id,
            );
        }
        if card.tags.iter().any(|t| t.contains(char::is_whitespace)) {
            lost.card("spaces inside tags (written as _)", &card.id);
        }
        lost.card_extras(card);
        let tags: Vec<String> = card
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .collect();
        let (notetype, first, second) = match &card.question {
            Question::Cloze { text } => (
                "Cloze",
                to_anki_cloze(text, &card.id, lost),
                card.explanation.clone(),
            ),
            other => {
                if !card.explanation.trim().is_empty() {
                    lost.card(
                        "explanations of Basic notes (they have only a front and a back)",
                        &card.id,
                    );
                }
                match other {
                    Question::Flashcard { front, back } => ("Basic", front.clone(), back.clone()),
                    other => {
                        lost.card(
                            format!(
                                "{} cards, written as Basic notes; they come back as flashcards",
                                other.kind().label()
                            ),
                            &card.id,
                        );
                        ("Basic", term_of(other), other.answer_text())
                    }
                }
            }
        };
        let deck_column = format!("{deck_name}::{}", card.topic);
        // Writing into memory cannot fail.
        let _ = writer.write_record([
            card.id.as_str(),
            notetype,
            &deck_column,
            &first,
            &second,
            &tags.join(" "),
        ]);
    }
    out.push_str(&String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default());
    out
}

/// This app's blanks as Anki cloze markers, one deletion number per blank.
fn to_anki_cloze(text: &str, id: &str, lost: &mut Losses) -> String {
    let mut out = String::new();
    let mut n = 0;
    for segment in cloze::parse(text) {
        match segment {
            Segment::Text(t) => out.push_str(&t),
            Segment::Blank(b) => {
                n += 1;
                if b.accepted.len() > 1 {
                    lost.card(
                        "other accepted spellings in cloze blanks (Anki keeps the first)",
                        id,
                    );
                }
                out.push_str(&format!(
                    "{{{{c{n}::{}",
                    b.accepted.first().map_or("", String::as_str)
                ));
                if let Some(hint) = &b.hint {
                    out.push_str("::");
                    out.push_str(hint);
                }
                out.push_str("}}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_markers_convert() {
        assert!(has_cloze_markers("a {{c12::b}}"));
        assert!(!has_cloze_markers("a {{cat}} {{c::x}}"));
        assert_eq!(
            from_anki_cloze("{{c1::Joffe}} met {{c2::Matsudaira::a Japanese delegate}} {{cx}}"),
            "{{Joffe}} met {{Matsudaira::a Japanese delegate}} {{cx}}"
        );
        let mut lost = Losses::default();
        assert_eq!(
            to_anki_cloze(
                "{{Joffe|Ioffe}} met {{Matsudaira::a delegate}}",
                "x",
                &mut lost
            ),
            "{{c1::Joffe}} met {{c2::Matsudaira::a delegate}}"
        );
        assert_eq!(lost.into_sentences().len(), 1);
    }

    #[test]
    fn header_is_read() {
        let (h, n) =
            read_header("#separator:Pipe\n#html:true\n#tags:a b\n#deck column:3\nx|y\n").unwrap();
        assert_eq!((h.separator, h.html, n), (Some(b'|'), Some(true), 4));
        assert_eq!(h.tags, ["a", "b"]);
        assert_eq!(h.deck_column, Some(2));
        let err = read_header("#html:maybe\n").err().unwrap();
        assert!(err.to_string().starts_with("line 1:"), "{err}");
        assert_eq!(topic_of_deck("Changchun::Causes"), "Causes");
    }
}
