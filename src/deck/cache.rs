//! Checked decks kept between launches. Parsing and validating a large library of deck text takes
//! a good part of opening a profile; reading back what it gave takes a fraction of that. One cache
//! file per deck file of the user's deck folder, in the data folder's cache area: deck folders are
//! never written to.
//!
//! An entry is taken only when all it was made from is unchanged: the deck file's path, length,
//! modification time and a hash of its bytes (a file rewritten within one tick of the clock keeps
//! its length and time, so the bytes are read and hashed on every load), the cache's layout, the
//! crate's version and a fingerprint of the code that checks decks. Anything else (no entry, a
//! truncated or damaged one, another layout, something that is not a regular file, a cache area
//! that cannot be written) means the deck is checked again and its entry written anew; the learner
//! never hears of it. The pictures a deck shows are not in the entry: they are checked on every
//! load, so a picture removed since is still reported.

use super::diagnostic::{Diagnostic, Severity};
use super::field::{Field, FieldPath};
use super::load::{Loaded, MAX_DECK_BYTES, load_bytes};
use super::model::Deck;
use crate::data_dir::DataDir;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// The layout of an entry; raised whenever what is written changes.
const LAYOUT: u32 = 1;

/// What every entry starts with, then the checksum of the rest.
const MAGIC: &[u8] = b"Changchun Cards deck cache\n";

/// The name ending of entries; nothing else in the cache folder is ever removed but the temporary
/// files of its own writes.
const EXTENSION: &str = "deck";

/// Entries larger than this are neither written nor read: a 20 MB deck with a finding on each
/// card stays below it.
const MAX_ENTRY_BYTES: u64 = 4 * MAX_DECK_BYTES;

/// Deserialization depth; the deck model nests about ten deep.
const MAX_DEPTH: usize = 64;

/// The cache of the user's deck folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckCache {
    /// The deck folder whose files are kept.
    decks: PathBuf,
    /// Where their entries are.
    dir: PathBuf,
}

/// What an entry was made from: the deck file's bytes as they were, and the build that checked them.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Key {
    layout: u32,
    version: String,
    code: String,
    /// The path as the library names it, byte for byte.
    path: Vec<u8>,
    len: u64,
    /// Nanoseconds since 1970 (negative before).
    modified: i128,
    hash: u128,
}

impl Key {
    /// The key of a deck file's bytes just read; none when the file has no modification time.
    fn of(path: &Path, bytes: &[u8]) -> Option<Key> {
        let modified = std::fs::metadata(path).ok()?.modified().ok()?;
        let modified = match modified.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).ok()?,
            Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
        };
        Some(Key {
            layout: LAYOUT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            code: env!("DECK_CODE_FINGERPRINT").to_owned(),
            path: path.as_os_str().as_encoded_bytes().to_vec(),
            len: bytes.len() as u64,
            modified,
            hash: xxh3_128(bytes),
        })
    }
}

/// A finding as kept: its file is the deck's own unless said.
#[derive(Serialize)]
struct FindingOut<'a> {
    path: Option<&'a str>,
    line: usize,
    column: usize,
    error: bool,
    message: &'a str,
    card: Option<&'a str>,
    field: Option<(Option<usize>, &'static str)>,
}

#[derive(Deserialize)]
struct FindingIn {
    path: Option<String>,
    line: usize,
    column: usize,
    error: bool,
    message: String,
    card: Option<String>,
    field: Option<(Option<usize>, String)>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    deck: Option<&'a Deck>,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Deserialize)]
struct EntryIn {
    deck: Option<Deck>,
    findings: Vec<FindingIn>,
}

impl<'a> FindingOut<'a> {
    fn of(d: &'a Diagnostic, label: &str) -> Self {
        FindingOut {
            path: (d.path != label).then_some(d.path.as_str()),
            line: d.line,
            column: d.column,
            error: d.is_error(),
            message: &d.message,
            card: d.card.as_deref(),
            field: d.field.map(|f| (f.card(), f.field().name())),
        }
    }
}

impl FindingIn {
    /// The finding again; none when it names a field this build does not know.
    fn into_diagnostic(self, label: &str) -> Option<Diagnostic> {
        let field = match self.field {
            None => None,
            Some((card, name)) => {
                let field = Field::from_name(&name)?;
                Some(match card {
                    Some(index) => FieldPath::Card(index, field),
                    None => FieldPath::Deck(field),
                })
            }
        };
        Some(Diagnostic {
            path: self.path.unwrap_or_else(|| label.to_owned()),
            line: self.line,
            column: self.column,
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: self.message,
            card: self.card,
            field,
        })
    }
}

impl DeckCache {
    /// The cache of the data folder's own deck folder.
    pub fn of(data: &DataDir) -> Self {
        DeckCache {
            decks: data.decks(),
            dir: data.deck_cache(),
        }
    }

    /// What [`load_bytes`] gives for `bytes`, just read from `path`: from the entry when it was made
    /// from the same bytes by this build, else checked now and kept. Only the files of the user's
    /// deck folder are kept.
    pub fn checked(&self, path: &Path, label: &str, bytes: &[u8]) -> Loaded {
        if path.parent() != Some(self.decks.as_path()) {
            return load_bytes(label, bytes);
        }
        let Some(key) = Key::of(path, bytes) else {
            return load_bytes(label, bytes);
        };
        let file = self.entry_path(path);
        if let Some(loaded) = read_entry(&file, &key, label) {
            return loaded;
        }
        let loaded = load_bytes(label, bytes);
        // A cache that cannot be written costs the next launch some time, nothing more.
        let _ = self.write_entry(&file, &key, &loaded, label);
        loaded
    }

    /// The entry file of a deck file: named by a hash of its path, which the entry holds in full.
    pub fn entry_path(&self, path: &Path) -> PathBuf {
        let hash = xxh3_128(path.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{hash:032x}.{EXTENSION}"))
    }

    fn write_entry(
        &self,
        file: &Path,
        key: &Key,
        loaded: &Loaded,
        label: &str,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let entry = EntryOut {
            deck: loaded.deck.as_ref(),
            findings: loaded
                .diagnostics
                .iter()
                .map(|d| FindingOut::of(d, label))
                .collect(),
        };
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[0; 8]);
        // Field names are written: the deck model leaves empty fields out, which only a format
        // that names its fields can read back.
        rmp_serde::encode::write_named(&mut bytes, key)?;
        rmp_serde::encode::write_named(&mut bytes, &entry)?;
        if bytes.len() as u64 > MAX_ENTRY_BYTES {
            // Not kept, and an older entry is of no use either.
            let _ = std::fs::remove_file(file);
            return Ok(());
        }
        let body = MAGIC.len() + 8;
        let checksum = xxh3_64(&bytes[body..]);
        bytes[MAGIC.len()..body].copy_from_slice(&checksum.to_le_bytes());
        std::fs::create_dir_all(&self.dir)?;
        crate::fsio::replace_unsynced(file, &bytes)?;
        Ok(())
    }

    /// Removes the entries of deck files not among `files` (deleted or renamed decks), and the
    /// temporary files of writes cut short long ago.
    pub fn forget_all_but(&self, files: &[PathBuf]) {
        let keep: HashSet<OsString> = files
            .iter()
            .filter_map(|f| self.entry_path(f).file_name().map(|n| n.to_owned()))
            .collect();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                continue;
            }
            let name = entry.file_name();
            let stale = if Path::new(&name).extension().is_some_and(|x| x == EXTENSION) {
                !keep.contains(&name)
            } else {
                is_abandoned_write(&name, &meta)
            };
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A temporary file of an entry's write (`.NAME.deck.PID.tmp`) untouched for an hour: a write takes
/// moments, so its process was stopped before renaming it.
fn is_abandoned_write(name: &std::ffi::OsStr, meta: &std::fs::Metadata) -> bool {
    let name = name.to_string_lossy();
    let temporary =
        name.starts_with('.') && name.ends_with(".tmp") && name.contains(&format!(".{EXTENSION}."));
    let old = meta
        .modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600));
    temporary && old
}

/// The entry at `file` when it is whole and made from `key`; none for anything else.
fn read_entry(file: &Path, key: &Key, label: &str) -> Option<Loaded> {
    // Only a regular file within the size limit is read (a FIFO never blocks).
    let bytes = crate::fsio::read_limited(file, MAX_ENTRY_BYTES).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (checksum, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*checksum) != xxh3_64(body) {
        return None;
    }
    let mut de = rmp_serde::Deserializer::from_read_ref(body);
    de.set_max_depth(MAX_DEPTH);
    // The key first: an entry of another layout is not read further.
    if Key::deserialize(&mut de).ok()? != *key {
        return None;
    }
    let entry = EntryIn::deserialize(&mut de).ok()?;
    let diagnostics = entry
        .findings
        .into_iter()
        .map(|f| f.into_diagnostic(label))
        .collect::<Option<Vec<_>>>()?;
    Some(Loaded {
        deck: entry.deck,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DECK: &str = r#"Deck(format: 1, id: "kept", title: "Kept", topics: ["T"], cards: [
        Card(id: "a", topic: "T", question: Flashcard(front: "F", back: "B"), sources: ["S"]),
    ])"#;

    /// A data folder with one deck file, loaded once so its entry is written.
    fn cached() -> (tempfile::TempDir, DeckCache, PathBuf, Loaded) {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::create_dir_all(data.decks()).unwrap();
        let path = data.decks().join("kept.ron");
        std::fs::write(&path, DECK).unwrap();
        let cache = DeckCache::of(&data);
        let loaded = cache.checked(&path, "kept.ron", DECK.as_bytes());
        assert!(cache.entry_path(&path).is_file());
        (dir, cache, path, loaded)
    }

    #[test]
    fn a_matching_entry_is_what_is_loaded() {
        let (_dir, cache, path, loaded) = cached();
        assert!(loaded.deck.is_some());
        assert_eq!(loaded.warnings().count(), 1, "the card has no explanation");
        // An entry for these very bytes saying something else is believed: the parse is skipped.
        let key = Key::of(&path, DECK.as_bytes()).unwrap();
        let mut told = loaded.clone();
        told.deck.as_mut().unwrap().title = "From the cache".into();
        let file = cache.entry_path(&path);
        cache.write_entry(&file, &key, &told, "kept.ron").unwrap();
        assert_eq!(cache.checked(&path, "kept.ron", DECK.as_bytes()), told);
        // Read under another label (the same file named otherwise), its findings name that label.
        let relabelled = read_entry(&file, &key, "other").unwrap();
        assert!(relabelled.diagnostics.iter().all(|d| d.path == "other"));
    }

    #[test]
    fn a_file_outside_the_deck_folder_is_never_kept() {
        let (dir, cache, _, _) = cached();
        let elsewhere = dir.path().join("elsewhere.ron");
        std::fs::write(&elsewhere, DECK).unwrap();
        cache.checked(&elsewhere, "elsewhere.ron", DECK.as_bytes());
        assert!(!cache.entry_path(&elsewhere).exists());
    }

    /// Whatever lies where an entry belongs, loading gives the deck's own check and never panics.
    fn loads_the_same_over(entry: &[u8]) {
        let (_dir, cache, path, loaded) = cached();
        std::fs::write(cache.entry_path(&path), entry).unwrap();
        assert_eq!(cache.checked(&path, "kept.ron", DECK.as_bytes()), loaded);
    }

    /// `body` behind the header and a right checksum, so the decoder itself is tried.
    fn with_checksum(body: &[u8]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&xxh3_64(body).to_le_bytes());
        bytes.extend_from_slice(body);
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn garbage_in_an_entry_is_passed_over(garbage in proptest::collection::vec(any::<u8>(), 0..400)) {
            loads_the_same_over(&garbage);
            loads_the_same_over(&with_checksum(&garbage));
        }

        #[test]
        fn a_real_entry_changed_anywhere_never_panics(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
            let (_dir, cache, path, _) = cached();
            let file = cache.entry_path(&path);
            let entry = std::fs::read(&file).unwrap();
            let mut body = entry[MAGIC.len() + 8..].to_vec();
            let i = at.index(body.len());
            body[i] = byte;
            // With its checksum made right, the change reaches the decoder; what comes back may
            // differ, but nothing panics.
            std::fs::write(&file, with_checksum(&body)).unwrap();
            let _ = cache.checked(&path, "kept.ron", DECK.as_bytes());
            body.truncate(cut.index(body.len()));
            std::fs::write(&file, with_checksum(&body)).unwrap();
            let _ = cache.checked(&path, "kept.ron", DECK.as_bytes());
        }
    }
}
