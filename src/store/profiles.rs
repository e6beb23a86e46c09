//! Profiles: several learners on one computer, each with a folder holding their store and backups.

use super::lock::{self, LockError, ProfileLock};
use super::{FILE_NAME, Result, Store, StoreError, busy_timeout};
use crate::data_dir::DataDir;
use chrono::Utc;
use std::path::{Path, PathBuf};

/// Deleted profiles are moved here, never erased.
pub const DELETED: &str = ".deleted";

/// Names Windows reserves for devices, with or without an extension (`CON`, `nul.txt`, `COM1` …).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Checks a profile name: 1–40 letters, digits, spaces, `-`, `_` or `.`, not starting with `.` or
/// ending with `.` (Windows drops it), and not a name Windows reserves for a device, so a profile
/// folder can be copied to any computer.
pub fn validate_name(name: &str) -> Result<()> {
    let ok = !name.trim().is_empty()
        && name.trim() == name
        && name.chars().count() <= 40
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if !ok {
        return Err(StoreError::Invalid(format!(
            "\"{name}\" is not a usable profile name: use 1 to 40 letters, digits, spaces, '-', '_' or '.', not starting with '.' or a space nor ending with '.' or a space."
        )));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        return Err(StoreError::Invalid(format!(
            "\"{name}\" is not a usable profile name: Windows reserves \"{stem}\" for a device; choose another name."
        )));
    }
    Ok(())
}

/// The folder of a profile (checked name).
pub fn folder(data: &DataDir, name: &str) -> Result<PathBuf> {
    validate_name(name)?;
    Ok(data.profiles().join(name))
}

/// The profiles with a folder, sorted by name.
pub fn list(data: &DataDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.profiles())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| validate_name(n).is_ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Makes a new profile with an empty store.
pub fn create(data: &DataDir, name: &str) -> Result<()> {
    let dir = folder(data, name)?;
    if dir.exists() {
        return Err(StoreError::Invalid(format!(
            "A profile named \"{name}\" already exists."
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        StoreError::io(
            format!("The profile folder {} could not be made", dir.display()),
            e,
        )
    })?;
    Store::open_path(&dir.join(FILE_NAME))?;
    Ok(())
}

/// Whether a profile has a folder.
pub fn exists(data: &DataDir, name: &str) -> Result<bool> {
    Ok(folder(data, name)?.is_dir())
}

/// Takes a profile's lock for renaming or deleting it, so no other window or program has it open.
fn lock_for_change(dir: &Path, name: &str) -> Result<ProfileLock> {
    lock::acquire(dir, busy_timeout()).map_err(|e| match e {
        LockError::Held { holder } => StoreError::ProfileInUse {
            profile: name.to_owned(),
            holder,
        },
        LockError::ReadOnly { folder } => StoreError::ReadOnly {
            folder: Some(folder),
        },
        LockError::Io(e) => {
            StoreError::io(format!("The profile \"{name}\" could not be locked"), e)
        }
    })
}

pub fn rename(data: &DataDir, from: &str, to: &str) -> Result<()> {
    let old = folder(data, from)?;
    let new = folder(data, to)?;
    if !old.is_dir() {
        return Err(StoreError::Invalid(format!(
            "There is no profile named \"{from}\"."
        )));
    }
    if new.exists() {
        return Err(StoreError::Invalid(format!(
            "A profile named \"{to}\" already exists."
        )));
    }
    // Held through the rename: the lock file moves with the folder.
    let _lock = lock_for_change(&old, from)?;
    std::fs::rename(&old, &new)
        .map_err(|e| StoreError::io(format!("The profile \"{from}\" could not be renamed"), e))
}

/// Deletes a profile after a last backup: its folder (store and backups) moves to the deleted
/// profiles folder. Returns where it was kept.
pub fn delete(data: &DataDir, name: &str) -> Result<PathBuf> {
    let dir = folder(data, name)?;
    if !dir.is_dir() {
        return Err(StoreError::Invalid(format!(
            "There is no profile named \"{name}\"."
        )));
    }
    let _lock = lock_for_change(&dir, name)?;
    let file = dir.join(FILE_NAME);
    // The folder is kept whole anyway; a fresh backup also captures anything still in the WAL.
    if file.exists()
        && let Ok(store) = Store::open_path(&file)
    {
        store.backup_now()?;
    }
    let graveyard = data.profiles().join(DELETED);
    std::fs::create_dir_all(&graveyard).map_err(|e| {
        StoreError::io(
            format!("The folder {} could not be made", graveyard.display()),
            e,
        )
    })?;
    let kept = graveyard.join(format!("{name}-{}", Utc::now().format("%Y%m%dT%H%M%S%3fZ")));
    std::fs::rename(&dir, &kept)
        .map_err(|e| StoreError::io(format!("The profile \"{name}\" could not be deleted"), e))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_reserves_are_refused() {
        for name in [
            "CON", "nul", "Aux.txt", "com1", "LPT9.x", "a.", "Mei.", "con .x",
        ] {
            assert!(validate_name(name).is_err(), "{name} must be refused");
        }
        for name in ["Console", "Mei Ling", "nullity", "COM10", "a.b", "Ana-1"] {
            assert!(validate_name(name).is_ok(), "{name} must be accepted");
        }
    }
}
