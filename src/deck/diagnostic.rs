//! Errors and warnings about a deck, each pointing at a place in its file.

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
    /// The field concerned, as named in the deck file (`options`, `topic` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
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
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// Converts a byte offset into a 1-based line and a 1-based column in characters.
/// Where each line of a text starts, so that many offsets are placed without reading the text
/// again for each (a deck with a warning on every card stays linear to check).
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    /// The same as [`line_column`], in time of the line's length.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.0.partition_point(|&start| start <= offset);
        let start = self.0[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_place_every_offset_as_a_scan_from_the_start_does() {
        let text = "Deck(\n  title: \"Чанчунь\",\n\n  cards: [ é ],\n)";
        let lines = LineStarts::of(text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                lines.line_column(text, offset),
                line_column(text, offset),
                "offset {offset}"
            );
        }
    }
}
