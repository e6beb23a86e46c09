//! Telling real damage from a file that is merely out of reach, and setting a damaged file aside
//! without deleting it. Damage is only a bad header or size, SQLite's "corrupt" or "not a database",
//! or a failed check; a file this user cannot read, one another program holds, one on read-only
//! media or one from a newer version is never damage, and is never moved.

use super::{StoreError, busy_timeout, schema};
use chrono::Utc;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What is wrong with a damaged progress file, in words for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    Empty,
    NotADatabase,
    Truncated { expected: u64, actual: u64 },
    Corrupt(String),
}

impl Damage {
    pub fn describe(&self, path: &Path) -> String {
        let file = path.display();
        match self {
            Damage::Empty => format!("The progress file {file} is empty (0 bytes)."),
            Damage::NotADatabase => {
                format!(
                    "The progress file {file} is not a progress database (it does not start like an SQLite file)."
                )
            }
            Damage::Truncated { expected, actual } => format!(
                "The progress file {file} is cut short: {actual} bytes of the {expected} it should have."
            ),
            Damage::Corrupt(detail) => {
                format!("The progress file {file} is damaged: SQLite reports \"{detail}\".")
            }
        }
    }
}

/// The error for an I/O failure on the progress file itself: permission denied is said as such.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        StoreError::PermissionDenied {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::io(
            format!("The progress file {} could not be read", path.display()),
            e,
        )
    }
}

/// Whether a progress file is there. Something that is not a regular file is refused.
pub fn exists(path: &Path) -> Result<bool, StoreError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(true),
        Ok(_) => Err(StoreError::Invalid(format!(
            "{} is not a regular file; move it away so a progress file can take its place.",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error(path, e)),
    }
}

/// Checks the bytes on disk: size, header and the page count the header promises.
pub fn check_file(path: &Path) -> Result<(), StoreError> {
    if !exists(path)? {
        return Err(io_error(
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let mut file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let len = file.metadata().map_err(|e| io_error(path, e))?.len();
    let damaged = |damage| StoreError::Damaged {
        path: Some(path.to_path_buf()),
        damage,
    };
    if len == 0 {
        return Err(damaged(Damage::Empty));
    }
    let mut header = Vec::with_capacity(100);
    (&mut file)
        .take(100)
        .read_to_end(&mut header)
        .map_err(|e| io_error(path, e))?;
    if header.len() < 16 || &header[..16] != HEADER {
        return Err(damaged(Damage::NotADatabase));
    }
    if header.len() < 100 {
        return Err(damaged(Damage::Truncated {
            expected: 100,
            actual: len,
        }));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The page count is trustworthy only when it was written with the current change counter.
    let counter_matches = header[24..28] == header[92..96];
    let expected = pages * page_size;
    if counter_matches && pages > 0 && len < expected {
        return Err(damaged(Damage::Truncated {
            expected,
            actual: len,
        }));
    }
    Ok(())
}

/// Runs `PRAGMA quick_check` (fast) or `integrity_check` (full), then the schema version check.
pub fn check_connection(conn: &Connection, path: &Path, full: bool) -> Result<(), StoreError> {
    let pragma = if full {
        "integrity_check"
    } else {
        "quick_check"
    };
    let result: Result<Vec<String>, rusqlite::Error> = conn
        .prepare(&format!("PRAGMA {pragma}"))
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect());
    match result {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => {}
        Ok(lines) => {
            return Err(StoreError::Damaged {
                path: Some(path.to_path_buf()),
                damage: Damage::Corrupt(lines.join("; ")),
            });
        }
        Err(e) => return Err(classify(e, Some(path))),
    }
    let found = schema::version(conn).map_err(|e| classify(e, Some(path)))?;
    if found > schema::VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
        });
    }
    Ok(())
}

/// Says what an SQLite error means for the learner: damage only for "corrupt" and "not a database".
pub fn classify(e: rusqlite::Error, path: Option<&Path>) -> StoreError {
    let path_buf = path.map(Path::to_path_buf);
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::Damaged {
            path: path_buf,
            damage: Damage::NotADatabase,
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
            path: path_buf,
            damage: Damage::Corrupt(e.to_string()),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy { path: path_buf }
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            folder: path.and_then(Path::parent).map(Path::to_path_buf),
        },
        Some(ErrorCode::PermissionDenied) => match path_buf {
            Some(path) => StoreError::PermissionDenied { path },
            None => StoreError::Sql(e),
        },
        // "Unable to open" is often a permission on the file or its folder: ask the file system.
        Some(ErrorCode::CannotOpen) => match path.map(std::fs::File::open) {
            Some(Err(io)) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::PermissionDenied {
                    path: path_buf.unwrap_or_default(),
                }
            }
            _ => StoreError::Sql(e),
        },
        _ => StoreError::Sql(e),
    }
}

/// A read-only connection to a progress file, and a note when it had to be opened as unchanging.
///
/// A file in write-ahead-log mode needs a shared-memory file beside it even to be read; where the
/// folder is read-only that file cannot be made, so the file is opened `immutable`, which reads
/// the main file alone.
pub fn open_read_only(path: &Path) -> Result<(Connection, Option<String>), StoreError> {
    let plain = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        conn.busy_timeout(busy_timeout())?;
        schema::version(&conn)?;
        Ok(conn)
    });
    let e = match plain {
        Ok(conn) => return Ok((conn, None)),
        Err(e) => e,
    };
    if !matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    ) {
        return Err(classify(e, Some(path)));
    }
    let conn = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(e, Some(path)))?;
    let wal = sibling(path, "-wal");
    let note = std::fs::metadata(&wal)
        .is_ok_and(|m| m.len() > 0)
        .then(|| {
            format!(
                "The progress file {} is on read-only media and its write-ahead log {} could not be read with it; the newest answers may be missing from what is shown.",
                path.display(),
                wal.display()
            )
        });
    Ok((conn, note))
}

/// An SQLite URI opening `path` as immutable: read without locks or journal files.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut uri = String::from(if text.starts_with('/') {
        "file:"
    } else {
        "file:///"
    });
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri + "?immutable=1"
}

/// A full check of a file without changing it: it is opened read-only and never moved.
pub fn check_path(path: &Path) -> Result<(), StoreError> {
    check_file(path)?;
    let (conn, _) = open_read_only(path)?;
    check_connection(&conn, path, true)
}

/// Runs `PRAGMA quick_check` on a file through a read-only connection of its own, changing nothing:
/// the check of every page that the app makes after its first screen rather than on opening.
pub fn check_pages(path: &Path) -> Result<(), StoreError> {
    check_file(path)?;
    let (conn, _) = open_read_only(path)?;
    // Reading pages through a memory map makes the whole-file check faster.
    let _ = conn.pragma_update(None, "mmap_size", super::MMAP_BYTES);
    check_connection(&conn, path, false)
}

/// How many stores this process has open on each progress file.
static OPEN: Mutex<Vec<(PathBuf, usize)>> = Mutex::new(Vec::new());

/// One store of this process open on a progress file, counted until it is dropped. A damaged file
/// is moved aside only when no store has it open: when its last connection closes, SQLite removes
/// its write-ahead log by name, which would then be the log of the fresh file in its place.
#[derive(Debug)]
pub(crate) struct OpenFile {
    path: PathBuf,
}

impl OpenFile {
    pub(crate) fn new(path: &Path) -> OpenFile {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let mut open = OPEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match open.iter_mut().find(|(p, _)| *p == path) {
            Some((_, count)) => *count += 1,
            None => open.push((path.clone(), 1)),
        }
        OpenFile { path }
    }
}

impl Drop for OpenFile {
    fn drop(&mut self) {
        let mut open = OPEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(i) = open.iter().position(|(p, _)| *p == self.path) {
            open[i].1 -= 1;
            if open[i].1 == 0 {
                open.swap_remove(i);
            }
        }
    }
}

/// Waits up to `wait` until no store of this process has `path` open; whether none has.
pub(crate) fn wait_until_closed(path: &Path, wait: Duration) -> bool {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let until = Instant::now() + wait;
    loop {
        let open = OPEN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .any(|(p, _)| *p == path);
        if !open {
            return true;
        }
        if Instant::now() >= until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Moves a damaged file (and its journal files) aside, never deleting it; returns where it went.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let kept = sibling(path, &format!(".damaged-{stamp}"));
    std::fs::rename(path, &kept)?;
    for journal in ["-wal", "-shm"] {
        let from = sibling(path, journal);
        if from.exists() {
            std::fs::rename(&from, sibling(&kept, journal))?;
        }
    }
    Ok(kept)
}

/// Damaged files set aside earlier beside `path`, oldest first.
pub fn set_aside_earlier(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let prefix = format!("{name}.damaged-");
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(&prefix) && !name.ends_with("-wal") && !name.ends_with("-shm")
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immutable_uris_escape_what_sqlite_would_read_as_syntax() {
        let uri = immutable_uri(Path::new("/data/Mei Ling?#%/progress.sqlite3"));
        assert_eq!(
            uri,
            "file:/data/Mei%20Ling%3F%23%25/progress.sqlite3?immutable=1"
        );
    }
}
