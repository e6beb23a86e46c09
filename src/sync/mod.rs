//! Sync of one learner's progress between their computers through any folder they share (a sync
//! tool's folder, a network share, a USB stick). Each device writes only its own log there and
//! reads the others'; the review log only grows, so merging is a union and two devices never
//! conflict. See `docs/sync.md`.

pub mod file;

use crate::fsio;
use crate::settings::LearnerSettings;
use crate::store::sync::{Merged, Record};
use crate::store::{Origin, Store, StoreError};
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
    /// Studying settings changed on another computer after they last changed here: take them.
    pub settings: Option<LearnerSettings>,
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

/// Reads every log in `folder`, merges what is new into `store`, then brings this device's own log
/// up to date. `local` are the learner's studying settings here; the newest change of them on any
/// computer wins, schedules the cards whose history changed, and is given back when it is not
/// this one's.
pub fn run(store: &mut Store, folder: &Path, local: &LearnerSettings) -> Result<Synced, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::FolderMissing(folder.to_path_buf()));
    }
    let device = store.claim_device(&crate::store::sync::machine(store.path()))?;
    let own_path = folder.join(file::file_name(&device));
    let mut synced = Synced::default();
    let mut records = Vec::new();
    let mut settings: Vec<file::SettingsRecord> = Vec::new();
    // The learner's other devices met in the folder.
    let mut devices: HashSet<String> = HashSet::new();
    // Where this device's log may be appended to: its whole length, or `None` to write it anew.
    let mut own_log: Option<OwnLog> = None;
    for (path, read) in read_logs(logs_in(folder)) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let read = match read {
            Ok(read) => read,
            Err(Unread::File(e)) => {
                synced
                    .notes
                    .push(format!("{name} was left out: {}.", e.reason()));
                continue;
            }
            Err(Unread::Log(file::NotALog::Foreign)) => {
                synced.notes.push(format!(
                    "{name} is not a Changchun Cards progress log; it was left alone."
                ));
                continue;
            }
            Err(Unread::Log(file::NotALog::Newer(version))) => {
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
        // A log still empty names its device only in its file name.
        if let Some(id) = name
            .strip_prefix("progress-")
            .and_then(|n| n.strip_suffix(&format!(".{}", file::EXTENSION)))
            .filter(|id| *id != device && id.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            devices.insert(id.to_owned());
        }
        if path == own_path && !read.torn {
            own_log = Some(OwnLog {
                whole: read.whole,
                written: read.records.iter().map(own_key).collect(),
                settings: read
                    .settings
                    .iter()
                    .filter_map(|s| s.settings.changed)
                    .max(),
            });
        }
        records.extend(read.records);
        settings.extend(read.settings);
    }
    let newest = newest_settings(local, &device, &settings);
    if newest.changed > local.changed {
        synced.settings = Some(newest.clone());
    }
    devices.extend(
        records
            .iter()
            .map(|r| r.origin().device.as_str())
            .filter(|d| *d != device)
            .map(str::to_owned),
    );
    synced.devices = devices.len();
    synced.merged = store.merge(records, &newest.schedulers())?;
    let own = store.own_records()?;
    // The settings in force go into this computer's log when it does not hold them yet.
    let settings_line = newest
        .changed
        .filter(|&at| own_log.as_ref().is_none_or(|log| log.settings != Some(at)))
        .map(|_| file::encode_settings(&device, &newest));
    synced.written = write_own_log(&own_path, &own, own_log, settings_line)?;
    Ok(synced)
}

/// The newest change of the studying settings among this computer's and the logs'; of two made at
/// the same moment, the one from the device with the greater id, so every computer picks the same.
fn newest_settings(
    local: &LearnerSettings,
    device: &str,
    logged: &[file::SettingsRecord],
) -> LearnerSettings {
    let mut newest = (local.changed, device, local);
    for record in logged {
        let candidate = (
            record.settings.changed,
            record.device.as_str(),
            &record.settings,
        );
        if (candidate.0, candidate.1) > (newest.0, newest.1) {
            newest = candidate;
        }
    }
    newest.2.clone()
}

/// What this device's own log in the folder holds, when it was read whole.
struct OwnLog {
    /// Its length: where records are appended.
    whole: usize,
    written: HashSet<(u8, Origin)>,
    /// When the newest studying settings it holds were changed.
    settings: Option<chrono::DateTime<chrono::Utc>>,
}

/// Why a file in the folder was not read as a log.
enum Unread {
    File(fsio::FileError),
    Log(file::NotALog),
}

/// Reads and decodes the logs, several at once when the processor has the cores; in the order
/// given.
fn read_logs(paths: Vec<PathBuf>) -> Vec<(PathBuf, Result<file::Read, Unread>)> {
    let read = |path: &PathBuf| {
        fsio::read_limited(path, MAX_LOG_BYTES)
            .map_err(Unread::File)
            .and_then(|bytes| file::decode(&bytes).map_err(Unread::Log))
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len());
    if workers < 2 {
        return paths
            .into_iter()
            .map(|p| (read(&p), p))
            .map(|(r, p)| (p, r))
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<file::Read, Unread>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        mine.push((i, read(path)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    paths
        .into_iter()
        .zip(done)
        .map(|(path, (_, read))| (path, read))
        .collect()
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
fn own_key(record: &Record) -> (u8, Origin) {
    let kind = match record {
        Record::Review { .. } => 0,
        Record::Undo { .. } => 1,
        Record::Quiz { .. } => 2,
    };
    (kind, record.origin().clone())
}

/// Appends to this device's log the records it lacks, or writes it anew (through a temporary file
/// and a rename) when it is missing, cut short or not a log. Gives how many records were added.
fn write_own_log(
    path: &Path,
    own: &[Record],
    log: Option<OwnLog>,
    settings: Option<String>,
) -> Result<usize, SyncError> {
    let failed = |e: std::io::Error| SyncError::Write {
        path: path.to_path_buf(),
        reason: fsio::describe(&e),
    };
    match log {
        Some(log) if is_regular_of_len(path, log.whole) => {
            let missing: Vec<&Record> = own
                .iter()
                .filter(|r| !log.written.contains(&own_key(r)))
                .collect();
            if missing.is_empty() && settings.is_none() {
                return Ok(0);
            }
            let mut text: String = missing.iter().map(|r| file::encode(r)).collect();
            text.extend(settings);
            let mut log = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(failed)?;
            log.write_all(text.as_bytes()).map_err(failed)?;
            log.sync_all().map_err(failed)?;
            Ok(missing.len())
        }
        _ => {
            let mut text = file::encode_all(own);
            text.extend(settings);
            fsio::replace_atomically(path, text.as_bytes()).map_err(failed)?;
            Ok(own.len())
        }
    }
}

/// Whether `path` is still the regular file of `len` bytes that was read.
fn is_regular_of_len(path: &Path, len: usize) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file() && m.len() == len as u64)
}

/// What the learner is told when settings from another computer were taken.
pub fn settings_taken(taken: &LearnerSettings) -> String {
    match taken.changed {
        Some(at) => format!(
            "Took the studying settings changed on another computer on {}.",
            at.format("%Y-%m-%d at %H:%M UTC")
        ),
        None => "Took the studying settings of another computer.".to_owned(),
    }
}
