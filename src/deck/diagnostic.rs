//! Errors and warnings about a deck, each pointing at a place in its file.

use super::field::FieldPath;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a deck file: where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The file as the user named it (or `bundled:NAME` for a deck inside the app).
    pub path: String,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The card concerned, by id, for findings about one card (the editor shows them beside it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    /// The field concerned, of the deck or of a card (written as its name in the file: `options` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldPath>,
}

impl Diagnostic {
    /// A finding about the whole file or a place in it, not tied to a card.
    pub fn at(
        path: &str,
        (line, column): (usize, usize),
        severity: Severity,
        message: String,
    ) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            column,
            severity,
            message,
            card: None,
            field: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Deck text and file names reach the terminal here: never as raw control characters.
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            for_terminal(&self.path),
            self.line,
            self.column,
            for_terminal(&self.message)
        )
    }
}

/// A text from a deck or an imported file made safe to print on a terminal: control characters
/// (escape sequences could move the cursor, retitle the window or hide text) are shown as `\u{1b}`.
/// Line breaks and tabs are shown escaped too, so one finding stays on one line.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_on_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_on_terminal(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Control characters, and the bidirectional overrides that can make printed text read differently.
fn is_unsafe_on_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Converts a byte offset into a 1-based line and a 1-based column in characters. For one lookup;
/// many lookups in one text go through a [`LineIndex`].
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

/// Bytes per block of the continuation-byte counts.
const BLOCK: usize = 256;

/// Where each line of a text starts, and how many UTF-8 continuation bytes precede each block of
/// 256 bytes, built in one pass: a byte offset then becomes a line and a column in characters in
/// logarithmic time, so placing every finding of a big file stays linear in its size.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Continuation bytes (`0b10xx_xxxx`) in `text[..k * BLOCK]`, for each k.
    continuations: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut continuations = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut seen = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i % BLOCK == 0 {
                continuations.push(seen);
            }
            if b == b'\n' {
                line_starts.push(i + 1);
            }
            if b & 0xC0 == 0x80 {
                seen += 1;
            }
        }
        continuations.push(seen);
        LineIndex {
            text,
            line_starts,
            continuations,
        }
    }

    /// The 1-based line and 1-based column in characters of a byte offset (clamped to the text).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        (line, column)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_column(offset).0
    }

    /// Characters that start before `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        let tail = self.text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| b & 0xC0 == 0x80)
            .count();
        offset - self.continuations[block] - tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain count, from the start, that the index must agree with.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[start..].chars().count() + 1)
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(for_terminal("Joffe"), "Joffe");
        assert_eq!(
            for_terminal("a\u{1b}]0;pwned\u{7}b\nc\u{202e}d"),
            "a\\u{1b}]0;pwned\\u{7}b\\nc\\u{202e}d"
        );
    }

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        let mut text = String::from("Deck(\n  title: \"Чанчунь 長春\",\n\n");
        for i in 0..300 {
            text.push_str(&format!("  Card(id: \"é{i}\"), // Ōsaka\n"));
        }
        text.push_str("長春");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len() + 3).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            assert_eq!(
                index.line_column(offset),
                counted(&text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_column(0), (1, 1));
    }
}
