//! Reading a deck file: size and encoding checks, RON parsing with friendly messages, then validation.

use super::cache::DeckCache;
use super::diagnostic::{Diagnostic, Severity, line_column};
use super::media::MediaRoot;
use super::model::Deck;
use super::validate::{has_pictures, validate, validate_media};
use ron::error::{Error as RonError, SpannedError};
use std::path::Path;

/// Larger files are refused before they are read into memory.
pub const MAX_DECK_BYTES: u64 = crate::fsio::MAX_INPUT_BYTES;

/// What loading one deck file gave: the deck when it has no errors, and every finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// Adds what is wrong with the deck's pictures, found under `root`; a deck whose pictures are
    /// missing or unreadable is broken like any other.
    fn check_media(&mut self, label: &str, bytes: &[u8], root: &MediaRoot) {
        let Some(deck) = &self.deck else { return };
        // Most decks show no picture: then the text is not even decoded again.
        if !has_pictures(deck) {
            return;
        }
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let found = validate_media(label, text, deck, root);
        if found.iter().any(Diagnostic::is_error) {
            self.deck = None;
        }
        self.diagnostics.extend(found);
    }

    fn failed(diagnostic: Diagnostic) -> Self {
        Loaded {
            deck: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Reads and checks a deck file. Never writes to it. Only a regular file of at most 20 MB is read.
pub fn load_file(path: &Path) -> Loaded {
    load_file_checked_by(path, load_bytes)
}

/// Reads and checks a deck file as [`load_file`] does, its parse and validation taken from `cache`
/// when it holds them for these very bytes; its pictures are checked either way.
pub fn load_file_cached(path: &Path, cache: &DeckCache) -> Loaded {
    load_file_checked_by(path, |label, bytes| cache.checked(path, label, bytes))
}

fn load_file_checked_by(path: &Path, check: impl FnOnce(&str, &[u8]) -> Loaded) -> Loaded {
    let label = path.display().to_string();
    match crate::fsio::read_input(path) {
        Ok(bytes) => {
            let mut loaded = check(&label, &bytes);
            loaded.check_media(&label, &bytes, &MediaRoot::of_deck_file(path));
            loaded
        }
        Err(e) => Loaded::failed(Diagnostic::at(&label, (0, 0), Severity::Error, e.reason())),
    }
}

/// Checks a deck given as raw bytes (as read from a file): the encoding first, then the text.
pub fn load_bytes(label: &str, bytes: &[u8]) -> Loaded {
    if bytes.len() as u64 > MAX_DECK_BYTES {
        return Loaded::failed(Diagnostic::at(
            label,
            (0, 0),
            Severity::Error,
            "decks larger than 20 MB are refused".into(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(label, text),
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            Loaded::failed(Diagnostic::at(
                label,
                line_column(valid, offset),
                Severity::Error,
                format!(
                    "the file is not valid UTF-8 text (bad byte at offset {offset}); save it as UTF-8"
                ),
            ))
        }
    }
}

/// Parses and validates deck text whose pictures are under `root`.
pub fn load_str_in(label: &str, text: &str, root: &MediaRoot) -> Loaded {
    let mut loaded = load_str(label, text);
    loaded.check_media(label, text.as_bytes(), root);
    loaded
}

/// Parses and validates deck text, leaving its pictures unchecked.
pub fn load_str(label: &str, text: &str) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Loaded::failed(Diagnostic::at(
            label,
            (1, 1),
            Severity::Error,
            "the file is empty; expected a deck written as `Deck( … )`".into(),
        ));
    }
    match ron_options().from_str::<Deck>(text) {
        Ok(deck) => {
            let diagnostics = validate(label, text, &deck);
            let ok = !diagnostics.iter().any(Diagnostic::is_error);
            Loaded {
                deck: ok.then_some(deck),
                diagnostics,
            }
        }
        Err(e) => Loaded::failed(syntax_diagnostic(label, text, &e)),
    }
}

/// The RON options decks are read and written with: `Some(…)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn syntax_diagnostic(label: &str, text: &str, e: &SpannedError) -> Diagnostic {
    let mut line = e.span.start.line.max(1);
    let mut column = e.span.start.col.max(1);
    let message = friendly_message(&e.code);
    // ron reports an unknown name at its end; point at its start, where people look.
    if let RonError::NoSuchStructField { found, .. } | RonError::NoSuchEnumVariant { found, .. } =
        &e.code
        && let Some((l, c)) = start_of_name_before(text, e.span.end.line, e.span.end.col, found)
    {
        line = l;
        column = c;
    }
    Diagnostic::at(label, (line, column), Severity::Error, message)
}

/// Finds `name` on or just before a position, so the column points at its first letter.
fn start_of_name_before(text: &str, line: usize, col: usize, name: &str) -> Option<(usize, usize)> {
    let src_line = text.lines().nth(line.checked_sub(1)?)?;
    let upto: String = src_line.chars().take(col.saturating_sub(1)).collect();
    let at = upto.rfind(name)?;
    Some((line, upto[..at].chars().count() + 1))
}

fn friendly_message(code: &RonError) -> String {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = outer.as_deref().map(describe_outer).unwrap_or_default();
            let mut msg = format!("unknown field `{found}`{place}");
            if let Some(s) = suggest(found, expected) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
            msg.push_str(&format!(" Expected one of: {}", list(expected)));
            msg
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = if outer.as_deref() == Some("Question") {
                "question kind"
            } else {
                "variant"
            };
            let mut msg = format!("unknown {what} `{found}`");
            if let Some(s) = suggest(found, expected) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
            msg.push_str(&format!(" Expected one of: {}", list(expected)));
            msg
        }
        RonError::MissingStructField { field, outer } => {
            let place = outer.as_deref().map(describe_outer).unwrap_or_default();
            format!("missing field `{field}`{place}")
        }
        RonError::DuplicateStructField { field, outer } => {
            let place = outer.as_deref().map(describe_outer).unwrap_or_default();
            format!("field `{field}` is written twice{place}")
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}( … )` but found `{found}( … )`")
        }
        RonError::InvalidValueForType { expected, found } => {
            format!("expected {expected} but found {found}")
        }
        RonError::Eof => {
            "unexpected end of file: a `)`, `]` or closing `\"` is probably missing".into()
        }
        RonError::ExpectedString => "expected a text in double quotes, like \"Changchun\"".into(),
        RonError::ExpectedStringEnd => "expected the closing `\"` of a text".into(),
        RonError::ExpectedBoolean => "expected `true` or `false`".into(),
        RonError::ExpectedInteger => "expected a whole number".into(),
        RonError::ExpectedFloat => "expected a number".into(),
        RonError::ExpectedArray => "expected a list in square brackets: `[ … ]`".into(),
        RonError::ExpectedArrayEnd => "expected `,` or the closing `]` of a list".into(),
        RonError::ExpectedComma => {
            "expected a comma or a closing bracket here; check just before for a missing `,` or an unclosed `\"`".into()
        }
        RonError::ExpectedMapColon => "expected `:` after the field name".into(),
        RonError::ExpectedStructLike => "expected `(`".into(),
        RonError::ExpectedStructLikeEnd => "expected `,` or the closing `)`".into(),
        RonError::TrailingCharacters => {
            "unexpected text after the end of the deck; expected nothing after the final `)`".into()
        }
        RonError::UnexpectedChar(c) => format!("unexpected character {c:?}"),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "cannot read the deck".into(),
            }
        }
    }
}

fn describe_outer(outer: &str) -> String {
    match outer {
        "Deck" => " in the deck".into(),
        "Card" => " in a card".into(),
        kind => format!(" in {kind}"),
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The nearest valid name to a misspelt one, when it is close enough to be a likely typo.
pub fn suggest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    expected
        .iter()
        .map(|e| {
            (
                *e,
                strsim::damerau_levenshtein(&found_lower, &e.to_lowercase()),
            )
        })
        .filter(|(e, d)| *d <= 2.max(e.len() / 3))
        .min_by_key(|(_, d)| *d)
        .map(|(e, _)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(suggest("titel", &["title", "topics"]), Some("title"));
        assert_eq!(
            suggest("MultipleChoise", &["Flashcard", "MultipleChoice"]),
            Some("MultipleChoice")
        );
        assert_eq!(suggest("zzzzzz", &["title", "topics"]), None);
    }
}
