//! Recognising a damaged progress file before trusting it, and setting it aside without deleting it.

use super::schema;
use chrono::Utc;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What is wrong with a progress file, in words for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    Empty,
    NotADatabase,
    Truncated { expected: u64, actual: u64 },
    Corrupt(String),
    Newer { found: u32 },
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
            Damage::Newer { found } => format!(
                "The progress file {file} was written by a newer version of Changchun Cards (schema {found}; this version reads up to {}).",
                schema::VERSION
            ),
        }
    }
}

/// Checks the bytes on disk: size, header and the page count the header promises.
pub fn check_file(path: &Path) -> Result<(), Damage> {
    let mut header = [0u8; 100];
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Err(Damage::Corrupt(e.to_string())),
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Err(Damage::Empty);
    }
    let read = file.read(&mut header).unwrap_or(0);
    if read < 16 || &header[..16] != HEADER {
        return Err(Damage::NotADatabase);
    }
    if read < 100 {
        return Err(Damage::Truncated {
            expected: 100,
            actual: len,
        });
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
        return Err(Damage::Truncated {
            expected,
            actual: len,
        });
    }
    Ok(())
}

/// Runs `PRAGMA quick_check` (fast) or `integrity_check` (full) and the schema version check.
pub fn check_connection(conn: &Connection, full: bool) -> Result<(), Damage> {
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
        Ok(lines) => return Err(Damage::Corrupt(lines.join("; "))),
        Err(e) => return Err(classify(&e)),
    }
    match schema::version(conn) {
        Ok(found) if found > schema::VERSION => Err(Damage::Newer { found }),
        Ok(_) => Ok(()),
        Err(e) => Err(classify(&e)),
    }
}

fn classify(e: &rusqlite::Error) -> Damage {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Damage::NotADatabase,
        _ => Damage::Corrupt(e.to_string()),
    }
}

/// A full check of a file without changing it: it is opened read-only and never moved.
pub fn check_path(path: &Path) -> Result<(), Damage> {
    check_file(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| classify(&e))?;
    check_connection(&conn, true)
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

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
