//! Writing decks: pretty RON, atomic saves with a backup, and ids for new cards.

use super::load::ron_options;
use super::model::{Card, Deck, FORMAT_VERSION};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Writes a deck as indented RON with fields in the model's order, loadable by [`super::load_str`].
pub fn to_pretty_ron(deck: &Deck) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(true)
        .separate_tuple_members(false)
        .compact_arrays(false);
    // A deck holds only strings, numbers, lists and enums, which RON can always write.
    ron_options()
        .to_string_pretty(deck, config)
        .map(|text| {
            let mut text = without_quote_escapes(&text);
            text.push('\n');
            text
        })
        .unwrap_or_else(|e| unreachable!("a deck always serialises to RON: {e}"))
}

/// RON escapes `'` inside strings, which it need not; apostrophes are common in deck texts, so
/// write them plainly. Every backslash in the output starts a pair, so pairs are read as units.
fn without_quote_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('\''),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Why a save failed, naming the file concerned.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Saves a deck so a crash never leaves a half-written file: the new text goes to a temporary file
/// in the same folder, is flushed to disk, and replaces the old file in one rename. The previous
/// version is kept beside it as `NAME.ron.bak`.
pub fn save_atomically(deck: &Deck, path: &Path) -> Result<(), SaveError> {
    if path.is_file() {
        let backup = backup_path(path);
        fs::copy(path, &backup).map_err(|source| SaveError {
            path: backup.clone(),
            source,
        })?;
    }
    write_atomically(path, to_pretty_ron(deck).as_bytes())
}

/// Saves a deck where the editor keeps it: makes its folder if need be (a new learner's data folder
/// has none yet), then writes it as [`save_atomically`] does.
pub fn save_deck(deck: &Deck, path: &Path) -> Result<(), SaveError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|source| SaveError {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    save_atomically(deck, path)
}

/// Where the previous version of a deck file is kept: `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    crate::fsio::backup_path(path)
}

/// Replaces `path` with `bytes` through a flushed temporary file in the same folder and one rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    crate::fsio::replace_atomically(path, bytes).map_err(|source| SaveError {
        path: path.to_path_buf(),
        source,
    })
}

/// A readable id for a new card, made from its text: `"Who led the RSFSR delegation?"` gives
/// `who-led-the-rsfsr-delegation`, with `-2`, `-3` … added when the deck already uses it.
/// The same deck and text always give the same id.
pub fn new_card_id(deck: &Deck, hint_text: &str) -> String {
    unique_id(&slug(hint_text, 40), |id| deck.card(id).is_some())
}

/// The first of `base`, `base-2`, `base-3` … that is not taken.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| unreachable!("an endless range always finds a free id"))
}

/// Lower-case ASCII letters and digits joined by `-`, at most `max_len` bytes, cut at a word
/// boundary; accents are dropped (`Ōsaka` → `osaka`). Falls back to `card` when nothing is left.
pub fn slug(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else if !is_combining_mark(c) && c != '\'' && c != '’' {
            gap = true;
        }
    }
    if out.len() > max_len {
        let cut = out[..=max_len]
            .rfind('-')
            .filter(|&i| i > 0)
            .unwrap_or(max_len);
        out.truncate(cut);
    }
    if out.is_empty() {
        out.push_str("card");
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// The deck "New deck" starts from: valid, with one topic and no cards yet.
pub fn template_deck() -> Deck {
    Deck {
        format: FORMAT_VERSION,
        id: "new-deck".into(),
        title: "New deck".into(),
        description: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        sources: Default::default(),
        topics: vec!["General".into()],
        cards: Vec::<Card>::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::model::Question;
    use crate::deck::{Severity, load_str};

    fn sample() -> Deck {
        let mut deck = template_deck();
        deck.id = "sample".into();
        deck.authors = vec!["A. Teacher".into()];
        deck.topics = vec!["Causes".into(), "Positions".into()];
        let card = |id: &str, topic: &str, question| Card {
            id: id.into(),
            topic: topic.into(),
            tags: vec![],
            question,
            explanation: "Why it matters.\nJapan's \"quotes\" and a \\' backslash.".into(),
            sources: vec!["GSE".into()],
            image: None,
            explanation_image: None,
        };
        deck.cards = vec![
            card(
                "months",
                "Causes",
                Question::Number {
                    prompt: "How many months?".into(),
                    answer: 50.0,
                    tolerance: 2.5,
                    unit: Some("months".into()),
                },
            ),
            card(
                "pairs",
                "Positions",
                Question::Match {
                    prompt: "Match — each delegate".into(),
                    pairs: vec![
                        ("Joffe".into(), "RSFSR".into()),
                        ("Matsudaira".into(), "Japan".into()),
                    ],
                },
            ),
            card(
                "year",
                "Causes",
                Question::Number {
                    prompt: "Which year?".into(),
                    answer: 1925.0,
                    tolerance: 0.0,
                    unit: None,
                },
            ),
        ];
        deck
    }

    #[test]
    fn pretty_ron_loads_back_equal() {
        let deck = sample();
        let text = to_pretty_ron(&deck);
        assert!(
            text.starts_with("Deck(\n    format: 1,\n    id: \"sample\","),
            "{text}"
        );
        assert!(
            text.contains("unit: \"months\""),
            "implicit Some expected: {text}"
        );
        assert!(
            text.contains(r#"Japan's \"quotes\" and a \\' backslash"#),
            "apostrophes are written plainly: {text}"
        );
        let loaded = load_str("saved", &text);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(loaded.deck, Some(deck));
    }

    #[test]
    fn template_is_a_valid_deck() {
        let loaded = load_str("template", &to_pretty_ron(&template_deck()));
        assert_eq!(loaded.deck, Some(template_deck()));
    }

    #[test]
    fn atomic_save_keeps_a_backup_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.ron");
        let mut deck = sample();
        save_atomically(&deck, &path).unwrap();
        assert!(
            !backup_path(&path).exists(),
            "nothing to back up on the first save"
        );
        let first = fs::read_to_string(&path).unwrap();

        deck.title = "Renamed".into();
        save_atomically(&deck, &path).unwrap();
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), first);
        assert_eq!(
            load_str("x", &fs::read_to_string(&path).unwrap()).deck,
            Some(deck)
        );

        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["sample.ron", "sample.ron.bak"]);
    }

    #[test]
    fn save_into_a_missing_folder_fails_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("deck.ron");
        let err = save_atomically(&sample(), &path).unwrap_err();
        assert!(err.to_string().contains("deck.ron"), "{err}");
    }

    #[test]
    fn the_editors_save_makes_a_new_learners_deck_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decks").join("sample.ron");
        save_deck(&sample(), &path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(load_str("sample.ron", &text).deck, Some(sample()));
    }

    #[test]
    fn new_ids_are_readable_stable_and_unique() {
        let mut deck = sample();
        assert_eq!(
            new_card_id(&deck, "Who led the RSFSR delegation?"),
            "who-led-the-rsfsr-delegation"
        );
        assert_eq!(new_card_id(&deck, "How many months?"), "how-many-months");
        assert_eq!(new_card_id(&deck, "Months!"), "months-2");
        deck.cards[1].id = "months-2".into();
        assert_eq!(new_card_id(&deck, "months"), "months-3");
        assert_eq!(new_card_id(&deck, "Ōsaka & Tōkyō"), "osaka-tokyo");
        assert_eq!(new_card_id(&deck, "長春"), "card");
        assert_eq!(new_card_id(&deck, "Japan’s demands"), "japans-demands");
        let long = new_card_id(
            &deck,
            "Which of these delegates spoke for the Far Eastern Republic at the conference?",
        );
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        assert_eq!(long, "which-of-these-delegates-spoke-for-the");
    }
}
