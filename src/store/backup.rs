//! Backups with SQLite's online backup: automatic once a day (the last 7 kept) and on demand.

use super::{Result, Store, StoreError, integrity, lock, schema};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::MAIN_DB;
use std::path::{Path, PathBuf};

/// Automatic backups kept; older ones are removed. Backups made on demand are never removed.
pub const AUTOMATIC_KEPT: usize = 7;
const STAMP: &str = "%Y%m%dT%H%M%S%3fZ";

/// A `.partial` file untouched this long is a leftover of a killed or failed backup: one being
/// written is touched continuously.
const PARTIAL_STALE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub taken: DateTime<Utc>,
    /// Made by the daily schedule rather than on demand.
    pub automatic: bool,
    pub bytes: u64,
    /// Named with a time still to come (a clock set wrong, a file from elsewhere): its real age is
    /// unknown, so it neither counts as the latest daily backup nor is restored unless named.
    pub future: bool,
}

/// The backup folder beside a store file.
pub fn folder_for(store_file: &Path) -> PathBuf {
    store_file
        .parent()
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The backups in a folder, newest first and those dated in the future last; files not named like
/// backups are ignored.
pub fn list_in(folder: &Path) -> Vec<BackupInfo> {
    list_at(folder, Utc::now())
}

/// [`list_in`] as seen at `now`.
pub fn list_at(folder: &Path, now: DateTime<Utc>) -> Vec<BackupInfo> {
    let mut found: Vec<BackupInfo> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let rest = name.strip_prefix("progress-")?.strip_suffix(".sqlite3")?;
                    let (stamp, kind) = rest.split_once('-')?;
                    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
                    Some(BackupInfo {
                        path: e.path(),
                        taken,
                        automatic: kind == "auto",
                        bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                        future: taken > now,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by(|a, b| {
        a.future
            .cmp(&b.future)
            .then(b.taken.cmp(&a.taken))
            .then(b.path.cmp(&a.path))
    });
    found
}

/// Removes `.partial` files that a killed or failed backup left in `folder`; returns how many.
pub fn clean_partials(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| now.duration_since(at).is_ok_and(|age| age >= PARTIAL_STALE))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

impl Store {
    pub fn backup_folder(&self) -> PathBuf {
        folder_for(self.path())
    }

    /// This store's backups, newest first.
    pub fn list_backups(&self) -> Vec<BackupInfo> {
        list_in(&self.backup_folder())
    }

    /// Takes a backup now (on demand); returns its path.
    pub fn backup_now(&self) -> Result<PathBuf> {
        self.backup(Utc::now(), "manual")
    }

    /// Takes the daily automatic backup when the last one is a day old or more and the log is
    /// not empty; keeps the newest [`AUTOMATIC_KEPT`]. Leftovers of failed backups are removed
    /// first. Returns the new backup, if one was taken.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        let folder = self.backup_folder();
        clean_partials(&folder);
        let last = list_at(&folder, now)
            .into_iter()
            .find(|b| b.automatic && !b.future);
        if last.is_some_and(|b| now - b.taken < Duration::days(1)) || self.review_count()? == 0 {
            return Ok(None);
        }
        let path = self.backup(now, "auto")?;
        for old in list_at(&folder, now)
            .into_iter()
            .filter(|b| b.automatic && !b.future)
            .skip(AUTOMATIC_KEPT)
        {
            std::fs::remove_file(&old.path).map_err(|e| {
                StoreError::io(
                    format!("The old backup {} could not be removed", old.path.display()),
                    e,
                )
            })?;
        }
        Ok(Some(path))
    }

    fn backup(&self, at: DateTime<Utc>, kind: &str) -> Result<PathBuf> {
        let folder = self.backup_folder();
        std::fs::create_dir_all(&folder).map_err(|e| {
            if lock::cannot_write(&e) {
                StoreError::ReadOnly {
                    folder: Some(folder.clone()),
                }
            } else {
                StoreError::io(
                    format!("The backup folder {} could not be made", folder.display()),
                    e,
                )
            }
        })?;
        let path = folder.join(format!("progress-{}-{kind}.sqlite3", at.format(STAMP)));
        // Written under a temporary name and renamed, so a backup file is always whole; a failed
        // one (a full disk, say) leaves nothing behind.
        let partial = integrity::sibling(&path, ".partial");
        let written = self
            .connection()
            .backup(MAIN_DB, &partial, None)
            .map_err(StoreError::from)
            .and_then(|()| {
                std::fs::rename(&partial, &path).map_err(|e| {
                    StoreError::io(
                        format!("The backup {} could not be finished", path.display()),
                        e,
                    )
                })
            });
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written.map(|()| path)
    }

    /// Replaces this store's contents with a backup, after checking the backup is whole and a
    /// progress file of this app, and taking a backup of the current contents first. Returns that
    /// safety backup's path.
    pub fn restore(&mut self, backup: &Path) -> Result<PathBuf> {
        integrity::check_path(backup).map_err(|e| match e {
            StoreError::Damaged { damage, .. } => {
                StoreError::Invalid(format!("{} Nothing was restored.", damage.describe(backup)))
            }
            other => other,
        })?;
        {
            // The backup's tables must be ours: a stranger's SQLite file is refused.
            let (conn, _) = integrity::open_read_only(backup)?;
            if !schema::is_progress_file(&conn)? {
                return Err(StoreError::Invalid(format!(
                    "{} is not a Changchun Cards progress backup (its tables are not those of a progress file). Nothing was restored.",
                    backup.display()
                )));
            }
        }
        let safety = self.backup_now()?;
        self.connection_mut()
            .restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)?;
        schema::migrate(self.connection_mut())?;
        self.rebuild()?;
        Ok(safety)
    }
}
