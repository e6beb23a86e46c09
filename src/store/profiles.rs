//! Profiles: several learners on one computer, each with a folder holding their store and backups.

use super::{FILE_NAME, Result, Store, StoreError};
use crate::data_dir::DataDir;
use chrono::Utc;
use std::path::PathBuf;

/// Deleted profiles are moved here, never erased.
pub const DELETED: &str = ".deleted";

/// Checks a profile name: 1–40 letters, digits, spaces, `-`, `_` or `.`, not starting with `.`.
pub fn validate_name(name: &str) -> Result<()> {
    let ok = !name.trim().is_empty()
        && name.trim() == name
        && name.chars().count() <= 40
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "\"{name}\" is not a usable profile name: use 1 to 40 letters, digits, spaces, '-', '_' or '.', not starting with '.' or a space."
        )))
    }
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
