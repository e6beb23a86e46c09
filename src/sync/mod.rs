//! Sync of one learner's progress between their computers through any folder they share (a sync
//! tool's folder, a network share, a USB stick). Each device writes only its own log there and
//! reads the others'; the review log only grows, so merging is a union and two devices never
//! conflict. See `docs/sync.md`.

pub mod file;

use crate::fsio;
use crate::schedule::Schedulers;
use crate::store::sync::{Merged, Record};
use crate::store::{Store, StoreError};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Logs larger than this are left out (a year of daily study is a few megabytes).
pub const MAX_LOG_BYTES: u64 = 512 * 1024 * 1024;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synced {
    pub merged: Merged,
    /// The learner's other devices whose logs were read.
    pub devices: usize,
    /// This device's records added to its log.
    pub written: usize,
    /// Files left out or read in part, in plain words.
    pub notes: Vec<String>,
}

impl Synced {
    /// One line for the learner: what came in and from how many devices.
    pub fn summary(&self) -> String {
        let m = &self.merged;
        let devices = match self.devices {
            0 => "no other device yet".to_owned(),
            1 => "1 other device".to_owned(),
            n => format!("{n} other devices"),
        };
        if m.is_empty() {
            return format!("Up to date ({devices}).");
        }
        let mut parts = Vec::new();
        if m.reviews > 0 {
            parts.push(plural(m.reviews, "answer"));
        }
        if m.undone > 0 {
            parts.push(plural(m.undone, "undo"));
        }
        if m.quizzes > 0 {
            parts.push(plural(m.quizzes, "quiz result"));
        }
        format!("Merged {} from {devices}.", parts.join(", "))
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The folder is not there (a stick unplugged, a share offline): study goes on; try later.
    #[error(
        "The sync folder {} is not there (unplugged or offline?); your progress is kept here and syncs when it is back.",
        .0.display()
    )]
    FolderMissing(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("This computer's sync log {} could not be written: {reason}.", .path.display())]
    Write { path: PathBuf, reason: String },
}

/// Reads every log in `folder`, merges what is new into `store` (rescheduling the cards whose
/// history changed with `schedulers`), then brings this device's own log up to date.
pub fn run(store: &mut Store, folder: &Path, schedulers: &Schedulers) -> Result<Synced, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::FolderMissing(folder.to_path_buf()));
    }
    let device = store.device_id()?;
    let own_path = folder.join(file::file_name(&device));
    let mut synced = Synced::default();
    let mut records = Vec::new();
    // Where this device's log may be appended to: its whole length, or `None` to write it anew.
    let mut own_log: Option<(usize, HashSet<(u8, i64)>)> = None;
    for path in logs_in(folder) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match fsio::read_limited(&path, MAX_LOG_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                synced
                    .notes
                    .push(format!("{name} was left out: {}.", e.reason()));
                continue;
            }
        };
        let read = match file::decode(&bytes) {
            Ok(read) => read,
            Err(file::NotALog::Foreign) => {
                synced.notes.push(format!(
                    "{name} is not a Changchun Cards progress log; it was left alone."
                ));
                continue;
            }
            Err(file::NotALog::Newer(version)) => {
                synced.notes.push(format!(
                    "{name} was written by a newer version of Changchun Cards (log version {version}); update the app to merge it."
                ));
                continue;
            }
        };
        if read.torn {
            synced.notes.push(format!(
                "{name} ends in a half-written record (still syncing?); its {} whole record(s) were merged.",
                read.records.len()
            ));
        }
        if path == own_path && !read.torn {
            let written = read.records.iter().map(own_key).collect();
            own_log = Some((read.whole, written));
        }
        records.extend(read.records);
    }
    let others: HashSet<&str> = records
        .iter()
        .map(|r| r.origin().device.as_str())
        .filter(|d| *d != device)
        .collect();
    synced.devices = others.len();
    synced.merged = store.merge(records, schedulers)?;
    let own = store.own_records()?;
    synced.written = write_own_log(&own_path, &own, own_log)?;
    Ok(synced)
}

/// Every regular file in `folder` named like a log, in name order.
fn logs_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut logs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == file::EXTENSION)
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    logs.sort();
    logs
}

/// A record of this device told apart from the others: its kind and number.
fn own_key(record: &Record) -> (u8, i64) {
    let kind = match record {
        Record::Review { .. } => 0,
        Record::Undo { .. } => 1,
        Record::Quiz { .. } => 2,
    };
    (kind, record.origin().seq)
}

/// Appends to this device's log the records it lacks, or writes it anew (through a temporary file
/// and a rename) when it is missing, cut short or not a log. Gives how many records were added.
fn write_own_log(
    path: &Path,
    own: &[Record],
    log: Option<(usize, HashSet<(u8, i64)>)>,
) -> Result<usize, SyncError> {
    let failed = |e: std::io::Error| SyncError::Write {
        path: path.to_path_buf(),
        reason: fsio::describe(&e),
    };
    match log {
        Some((whole, written)) if is_regular_of_len(path, whole) => {
            let missing: Vec<&Record> = own
                .iter()
                .filter(|r| !written.contains(&own_key(r)))
                .collect();
            if missing.is_empty() {
                return Ok(0);
            }
            let text: String = missing.iter().map(|r| file::encode(r)).collect();
            let mut log = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(failed)?;
            log.write_all(text.as_bytes()).map_err(failed)?;
            log.sync_all().map_err(failed)?;
            Ok(missing.len())
        }
        _ => {
            fsio::replace_atomically(path, file::encode_all(own).as_bytes()).map_err(failed)?;
            Ok(own.len())
        }
    }
}

/// Whether `path` is still the regular file of `len` bytes that was read.
fn is_regular_of_len(path: &Path, len: usize) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file() && m.len() == len as u64)
}
