//! Where a learner's data lives: progress, user decks and settings.

use std::path::{Path, PathBuf};

/// The folder holding all user data; `--data-dir` or `CHANGCHUN_CARDS_DATA_DIR` overrides the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The explicit folder when given, else the platform's data folder (e.g. `~/.local/share/changchun-cards`).
    pub fn resolve(explicit: Option<PathBuf>) -> Self {
        if let Some(root) = explicit {
            return DataDir::new(root);
        }
        let root = directories::ProjectDirs::from("", "", "changchun-cards")
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from(".changchun-cards"));
        DataDir::new(root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The user's own decks: every `*.ron` here is loaded.
    pub fn decks(&self) -> PathBuf {
        self.root.join("decks")
    }

    /// One folder per profile, each holding its store and backups.
    pub fn profiles(&self) -> PathBuf {
        self.root.join("profiles")
    }

    /// What can be made again from the rest and is kept only to save time; removing it loses nothing.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// The checked user decks, one file per deck file (see `deck::cache`).
    pub fn deck_cache(&self) -> PathBuf {
        self.cache().join("decks")
    }

    pub fn settings(&self) -> PathBuf {
        self.root.join("settings.ron")
    }
}
