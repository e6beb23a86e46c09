//! Finding decks: the bundled ones compiled into the app, then the user's own folder.

use super::cache::DeckCache;
use super::diagnostic::Diagnostic;
use super::load::{Loaded, load_file, load_file_cached, load_str};
use super::media::MediaRoot;
use super::model::Deck;
use crate::data_dir::DataDir;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_decks.rs"));
}

/// The decks shipped inside the app, as (file name, text).
pub fn bundled_sources() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the app, by file name.
    Bundled(String),
    /// A file on disk: the user's deck folder, or one opened by hand.
    File(PathBuf),
}

impl Origin {
    pub fn label(&self) -> String {
        match self {
            Origin::Bundled(name) => format!("bundled:{name}"),
            Origin::File(path) => path.display().to_string(),
        }
    }

    /// Where the deck's pictures are found.
    pub fn media_root(&self) -> MediaRoot {
        match self {
            Origin::Bundled(_) => MediaRoot::Bundled,
            Origin::File(path) => MediaRoot::of_deck_file(path),
        }
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self, Origin::Bundled(_))
    }
}

/// One deck file as found: a usable deck, or a broken one with its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckEntry {
    pub origin: Origin,
    /// Shared, so jobs that read the decks (statistics, a class's results) take them without a copy.
    pub deck: Option<Arc<Deck>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl DeckEntry {
    fn from_loaded(origin: Origin, loaded: Loaded) -> Self {
        DeckEntry {
            origin,
            deck: loaded.deck.map(Arc::new),
            diagnostics: loaded.diagnostics,
        }
    }

    /// Loads one deck file as it is.
    pub fn from_file(path: &Path) -> Self {
        DeckEntry::from_loaded(Origin::File(path.to_path_buf()), load_file(path))
    }

    /// Loads one deck file as it is, its check taken from `cache` when it holds it.
    pub fn from_file_cached(path: &Path, cache: &DeckCache) -> Self {
        DeckEntry::from_loaded(
            Origin::File(path.to_path_buf()),
            load_file_cached(path, cache),
        )
    }

    pub fn is_broken(&self) -> bool {
        self.deck.is_none()
    }

    /// The first error, for a one-line explanation of a broken deck.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

/// Every deck the app knows: loaded, broken, and notes about overrides.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub entries: Vec<DeckEntry>,
    /// Plain sentences for the learner, such as a user deck replacing a bundled one.
    pub notices: Vec<String>,
}

impl Library {
    /// Loads the bundled decks, then every `*.ron` in the user's deck folder.
    pub fn load(data: &DataDir) -> Self {
        let mut library = Library::default();
        for (name, text) in bundled_sources() {
            let origin = Origin::Bundled((*name).to_owned());
            // The bundled decks' pictures are compiled in beside them and checked by the tests
            // (`tests/deck_media.rs`), so start-up touches none of them.
            let loaded = load_str(&origin.label(), text);
            library.entries.push(DeckEntry::from_loaded(origin, loaded));
        }
        // The files are read (and checked, unless the cache holds their check) on two threads; they
        // join the library in name order, which decides which of two decks with one id is kept.
        let cache = DeckCache::of(data);
        let files = deck_files(&data.decks());
        for entry in load_files(&files, &cache) {
            library.add(entry);
        }
        cache.forget_all_but(&files);
        library
    }

    /// Loads only the given files and folders (for `validate PATH…`).
    pub fn from_paths(paths: &[PathBuf]) -> Self {
        let mut library = Library::default();
        for path in paths {
            if path.is_dir() {
                for file in deck_files(path) {
                    library.add_file(&file);
                }
            } else {
                library.add_file(path);
            }
        }
        library
    }

    /// Adds one deck file; a deck with the id of one from another file replaces it, and the learner is
    /// told. The same file read again (after a save) replaces what it held before without a word.
    pub fn add_file(&mut self, path: &Path) -> &DeckEntry {
        self.add(DeckEntry::from_file(path))
    }

    pub fn add(&mut self, entry: DeckEntry) -> &DeckEntry {
        // What was read from the same file before is out of date, whatever its id was.
        self.entries.retain(|e| e.origin != entry.origin);
        if let Some(id) = entry.deck.as_ref().map(|d| d.id.clone())
            && let Some(pos) = self
                .entries
                .iter()
                .position(|e| e.deck.as_ref().is_some_and(|d| d.id == id))
        {
            let old = self.entries.remove(pos);
            self.notices.push(format!(
                "Deck \"{id}\" from {} replaces the one from {}.",
                entry.origin.label(),
                old.origin.label()
            ));
        }
        self.entries.push(entry);
        self.entries.last().expect("just pushed")
    }

    /// The decks that loaded.
    pub fn decks(&self) -> impl Iterator<Item = &Deck> {
        self.entries.iter().filter_map(|e| e.deck.as_deref())
    }

    /// The decks that loaded, shared.
    pub fn shared_decks(&self) -> Vec<Arc<Deck>> {
        self.entries.iter().filter_map(|e| e.deck.clone()).collect()
    }

    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks().find(|d| d.id == id)
    }

    pub fn entry(&self, id: &str) -> Option<&DeckEntry> {
        self.entries
            .iter()
            .find(|e| e.deck.as_ref().is_some_and(|d| d.id == id))
    }

    pub fn broken(&self) -> impl Iterator<Item = &DeckEntry> {
        self.entries.iter().filter(|e| e.is_broken())
    }
}

/// Loads deck files, the later half on a second thread when there are several; in their order.
fn load_files(paths: &[PathBuf], cache: &DeckCache) -> Vec<DeckEntry> {
    let load = |paths: &[PathBuf]| -> Vec<DeckEntry> {
        paths
            .iter()
            .map(|p| DeckEntry::from_file_cached(p, cache))
            .collect()
    };
    if paths.len() < 2 {
        return load(paths);
    }
    let (first, second) = paths.split_at(paths.len() / 2);
    std::thread::scope(|s| {
        let second = s.spawn(|| load(second));
        let mut entries = load(first);
        match second.join() {
            Ok(rest) => entries.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        entries
    })
}

/// The `*.ron` entries of a folder that are not folders, sorted by name; a missing folder has none.
pub fn deck_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                // Not only regular files: a FIFO or a link to a device named `*.ron` is listed so
                // that loading it reports it, rather than being passed over in silence.
                .filter(|p| !p.is_dir() && p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::save::template_deck;

    fn entry(path: &str, id: &str, title: &str) -> DeckEntry {
        let mut deck = template_deck();
        deck.id = id.into();
        deck.title = title.into();
        DeckEntry {
            origin: Origin::File(path.into()),
            deck: Some(Arc::new(deck)),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn a_file_read_again_replaces_itself_without_a_notice() {
        let mut library = Library::default();
        library.add(entry("a.ron", "intro", "Intro"));
        library.add(entry("a.ron", "intro", "Intro, saved"));
        // Saved under another id, the file's old deck goes too.
        library.add(entry("a.ron", "renamed", "Renamed"));
        assert!(library.notices.is_empty(), "{:?}", library.notices);
        let titles: Vec<&str> = library.decks().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Renamed"]);

        library.add(entry("b.ron", "renamed", "Another file"));
        assert_eq!(
            library.notices.len(),
            1,
            "another file with the same id is news"
        );
    }
}
