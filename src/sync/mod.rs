//! Sync of one learner's progress between their computers through any folder they share (a sync
//! tool's folder, a network share, a USB stick). Each device writes only its own log there and
//! reads the others'; the review log only grows, so merging is a union and two devices never
//! conflict. See `docs/sync.md`.

pub mod file;

use crate::fsio;
use crate::settings::LearnerSettings;
use crate::store::sync::{LogCursor, Merged, OwnMarks, Record};
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
        let devices = self.other_devices();
        match self.brought() {
            None => format!("Up to date ({devices})."),
            Some(brought) => format!("Merged {brought} from {devices}."),
        }
    }

    /// "1 other device", "no other device yet".
    pub fn other_devices(&self) -> String {
        match self.devices {
            0 => "no other device yet".to_owned(),
            1 => "1 other device".to_owned(),
            n => format!("{n} other devices"),
        }
    }

    /// What the sync brought in, "2 answers, 1 undo, 3 quizzes, 1 reset"; `None` for nothing.
    pub fn brought(&self) -> Option<String> {
        let m = &self.merged;
        let parts: Vec<String> = [
            (m.reviews, "answer", "answers"),
            (m.undone, "undo", "undos"),
            (m.quizzes, "quiz", "quizzes"),
            (m.resets, "reset", "resets"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        })
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
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
    /// The first sync into a folder that already holds another computer's progress waits for the
    /// learner to say it is theirs: two learners in one folder would merge each other's answers.
    #[error("{}", unconfirmed(.names, *.devices))]
    Unconfirmed { names: Vec<String>, devices: usize },
}

/// Who syncs: the learner's name on this computer (written in its log for the others to show),
/// and whether they said that a folder already holding progress is theirs.
#[derive(Debug, Clone)]
pub struct Who {
    pub name: String,
    pub confirmed: bool,
}

fn unconfirmed(names: &[String], devices: usize) -> String {
    let computers = if devices == 1 {
        "1 other computer".to_owned()
    } else {
        format!("{devices} other computers")
    };
    let whose = match names {
        [] => String::new(),
        names => format!(
            " (studied as {})",
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "The sync folder already holds progress from {computers}{whose}. If it is yours, say so and it is merged with yours; if not, choose a folder of your own."
    )
}

/// Reads every log in `folder`, merges what is new into `store`, then brings this device's own log
/// up to date. `local` are the learner's studying settings here; the newest change of them on any
/// computer wins, schedules the cards whose history changed, and is given back when it is not
/// this one's. A log read before is read from where the last sync stopped, when the part read
/// then is unchanged.
pub fn run(
    store: &mut Store,
    folder: &Path,
    local: &LearnerSettings,
    who: &Who,
) -> Result<Synced, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::FolderMissing(folder.to_path_buf()));
    }
    let device = store.claim_device(&crate::store::sync::machine(store.path()))?;
    let own_path = folder.join(file::file_name(&device));
    let cursors = store.log_cursors()?;
    let mut synced = Synced::default();
    let mut records = Vec::new();
    let mut settings: Vec<file::SettingsRecord> = Vec::new();
    // The learner's other devices met in the folder.
    let mut devices: HashSet<String> = HashSet::new();
    let mut read_to: Vec<(String, LogCursor)> = Vec::new();
    // This device's own log as found: what it holds, or `None` to write it anew.
    let mut own_log: Option<OwnLog> = None;
    let logs: Vec<(PathBuf, Option<LogCursor>)> = logs_in(folder)
        .into_iter()
        .map(|path| {
            let cursor = cursors.get(&key(&path)).cloned();
            (path, cursor)
        })
        .collect();
    // This store has synced through this folder before: read a log of it, or wrote its own.
    let joined = logs
        .iter()
        .any(|(path, cursor)| cursor.is_some() || *path == own_path);
    let mut names: Vec<String> = Vec::new();
    for (path, cursor, read) in read_logs(logs, &own_path) {
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
        // A log still empty names its device only in its file name.
        if let Some(id) = name
            .strip_prefix("progress-")
            .and_then(|n| n.strip_suffix(&format!(".{}", file::EXTENSION)))
            .filter(|id| *id != device && id.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            devices.insert(id.to_owned());
        }
        let newest_here = read
            .settings
            .iter()
            .cloned()
            .chain(
                cursor
                    .as_ref()
                    .and_then(|c| c.settings.as_deref())
                    .and_then(file::SettingsRecord::from_json),
            )
            .max_by(|a, b| (a.settings.changed, &a.device).cmp(&(b.settings.changed, &b.device)));
        if path != own_path
            && let Some(name) = &read.learner
            && !names.contains(name)
        {
            names.push(name.clone());
        }
        if path == own_path {
            own_log = match read.own {
                Some(marks) if !read.torn => Some(OwnLog {
                    bytes: read.bytes,
                    holds: Holds::Up(marks),
                    settings: newest_here.and_then(|s| s.settings.changed),
                }),
                None if !read.torn => Some(OwnLog {
                    holds: Holds::These(read.records.iter().map(own_key).collect()),
                    bytes: read.bytes[..read.whole].to_vec(),
                    settings: newest_here.and_then(|s| s.settings.changed),
                }),
                _ => None,
            };
            records.extend(read.records);
            continue;
        }
        if read.torn {
            synced.notes.push(format!(
                "{name} ends in a half-written record (still syncing?); its whole records were merged."
            ));
        }
        if read.unknown > 0 {
            synced.notes.push(format!(
                "{name} holds {} record(s) this version cannot read (written by a newer version?); they were passed over and the rest merged. Update the app on this computer to take them in.",
                read.unknown
            ));
        }
        read_to.push((
            key(&path),
            LogCursor {
                len: read.whole as u64,
                crc: crc32fast::hash(&read.bytes[..read.whole]),
                settings: newest_here.as_ref().map(file::SettingsRecord::to_json),
                own: None,
            },
        ));
        records.extend(read.records);
        settings.extend(newest_here);
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
    if !joined && !who.confirmed && !devices.is_empty() {
        return Err(SyncError::Unconfirmed {
            names,
            devices: devices.len(),
        });
    }
    if !records.is_empty() {
        synced.merged = store.merge(records, &newest.schedulers())?;
    }
    // The settings in force go into this computer's log when it does not hold them yet.
    let settings_line = newest
        .changed
        .filter(|&at| own_log.as_ref().is_none_or(|log| log.settings != Some(at)))
        .map(|_| file::encode_settings(&device, &newest));
    let (written, own_cursor) =
        write_own_log(store, &own_path, own_log, settings_line, &newest, who)?;
    synced.written = written;
    read_to.push((key(&own_path), own_cursor));
    store.set_log_cursors(&read_to)?;
    Ok(synced)
}

/// A log's key among the cursors: its full path.
fn key(path: &Path) -> String {
    path.display().to_string()
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

/// This device's own log as it was found whole.
struct OwnLog {
    /// Its bytes (the whole lines).
    bytes: Vec<u8>,
    holds: Holds,
    /// When the newest studying settings it holds were changed.
    settings: Option<chrono::DateTime<chrono::Utc>>,
}

/// What of this device's records its own log holds.
enum Holds {
    /// Everything up to these marks: the log is as this device last wrote it.
    Up(OwnMarks),
    /// These records, read from it.
    These(HashSet<(u8, Origin)>),
}

/// Why a file in the folder was not read as a log.
enum Unread {
    File(fsio::FileError),
    Log(file::NotALog),
}

/// One log as read.
struct ReadLog {
    bytes: Vec<u8>,
    /// The records past where the last sync stopped (all of them for a log not read before).
    records: Vec<Record>,
    settings: Vec<file::SettingsRecord>,
    whole: usize,
    torn: bool,
    /// This device's own log, unchanged since it last wrote it: what it holds (nothing decoded).
    own: Option<OwnMarks>,
    /// The learner's name on the device that wrote it, when the part read says.
    learner: Option<String>,
    /// Records passed over: of a kind this version does not know, or out of range.
    unknown: usize,
}

/// Reads the logs, several at once when the processor has the cores, each from where its cursor
/// says when the part read before is unchanged; in the order given.
fn read_logs(
    logs: Vec<(PathBuf, Option<LogCursor>)>,
    own_path: &Path,
) -> Vec<(PathBuf, Option<LogCursor>, Result<ReadLog, Unread>)> {
    let read = |(path, cursor): &(PathBuf, Option<LogCursor>)| -> Result<ReadLog, Unread> {
        let bytes = fsio::read_limited(path, MAX_LOG_BYTES).map_err(Unread::File)?;
        let read_before = cursor.as_ref().filter(|c| {
            usize::try_from(c.len)
                .is_ok_and(|len| len <= bytes.len() && crc32fast::hash(&bytes[..len]) == c.crc)
        });
        // This device's own log just as it left it: nothing in it to decode.
        if path == own_path
            && let Some(c) = read_before
            && let Some(marks) = c.own
            && c.len == bytes.len() as u64
        {
            return Ok(ReadLog {
                whole: bytes.len(),
                bytes,
                records: Vec::new(),
                settings: Vec::new(),
                torn: false,
                own: Some(marks),
                learner: None,
                unknown: 0,
            });
        }
        let decoded = match read_before {
            Some(c) if path != own_path => file::decode_from(&bytes, c.len as usize),
            _ => file::decode(&bytes).map_err(Unread::Log)?,
        };
        Ok(ReadLog {
            records: decoded.records,
            settings: decoded.settings,
            whole: decoded.whole,
            torn: decoded.torn,
            learner: decoded.learner,
            unknown: decoded.unknown,
            bytes,
            own: None,
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(logs.len());
    let mut done: Vec<(usize, Result<ReadLog, Unread>)> = if workers < 2 {
        logs.iter().map(read).enumerate().collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(log) = logs.get(i) else { break };
                            mine.push((i, read(log)));
                        }
                        mine
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    done.sort_by_key(|(i, _)| *i);
    logs.into_iter()
        .zip(done)
        .map(|((path, cursor), (_, read))| (path, cursor, read))
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
        Record::Reset { .. } => 3,
    };
    (kind, record.origin().clone())
}

/// Appends to this device's log the records it lacks, or writes it anew (through a temporary file
/// and a rename) when it is missing, cut short or not a log. Gives how many records were added,
/// and how far the log now is read, with what it holds.
fn write_own_log(
    store: &Store,
    path: &Path,
    log: Option<OwnLog>,
    settings: Option<String>,
    newest: &LearnerSettings,
    who: &Who,
) -> Result<(usize, LogCursor), SyncError> {
    let failed = |e: std::io::Error| SyncError::Write {
        path: path.to_path_buf(),
        reason: fsio::describe(&e),
    };
    let settings_json = newest.changed.map(|_| {
        file::SettingsRecord {
            device: String::new(),
            settings: newest.clone(),
        }
        .to_json()
    });
    let cursor = |bytes: &[u8], marks: OwnMarks| LogCursor {
        len: bytes.len() as u64,
        crc: crc32fast::hash(bytes),
        settings: settings_json.clone(),
        own: Some(marks),
    };
    match log {
        Some(log) if is_regular_of_len(path, log.bytes.len()) => {
            let (missing, marks) = match &log.holds {
                Holds::Up(marks) => store.own_records_after(Some(*marks))?,
                Holds::These(written) => {
                    let (own, marks) = store.own_records_after(None)?;
                    let missing = own
                        .into_iter()
                        .filter(|r| !written.contains(&own_key(r)))
                        .collect();
                    (missing, marks)
                }
            };
            if missing.is_empty() && settings.is_none() {
                return Ok((0, cursor(&log.bytes, marks)));
            }
            let mut text: String = missing.iter().map(file::encode).collect();
            text.extend(settings);
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(failed)?;
            file.write_all(text.as_bytes()).map_err(failed)?;
            file.sync_all().map_err(failed)?;
            let mut bytes = log.bytes;
            bytes.extend_from_slice(text.as_bytes());
            Ok((missing.len(), cursor(&bytes, marks)))
        }
        _ => {
            let (own, marks) = store.own_records_after(None)?;
            let device = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("progress-"))
                .and_then(|n| n.strip_suffix(&format!(".{}", file::EXTENSION)))
                .unwrap_or_default();
            let mut text = file::encode_all(device, &who.name, &own);
            text.extend(settings);
            fsio::replace_atomically(path, text.as_bytes()).map_err(failed)?;
            Ok((own.len(), cursor(text.as_bytes(), marks)))
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
