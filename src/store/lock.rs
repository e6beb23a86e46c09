//! One writer per profile: a lock file in the profile's folder, held with an exclusive advisory lock
//! for as long as a store is open for writing. A second window or program is refused instead of
//! racing. Handles in one process share the lock, so the app may reopen its own profile (after a
//! rename, say) while it still holds the old handle.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// The lock file's name inside a profile's folder.
pub const FILE_NAME: &str = "progress.lock";

/// How often a waiting writer tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The lock files this process holds, so a second handle on the same profile shares the first.
static HELD: Mutex<Vec<Weak<Held>>> = Mutex::new(Vec::new());

/// A held lock; the lock is released when the last handle sharing it is dropped.
#[derive(Debug, Clone)]
pub struct ProfileLock {
    _held: Arc<Held>,
}

#[derive(Debug)]
struct Held {
    /// Open for as long as the lock is held: closing it releases the lock.
    _file: File,
    id: FileId,
}

/// What identifies a lock file across renames of its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it; its own description of itself, when it could be read.
    Held {
        holder: Option<String>,
    },
    /// The lock file cannot be made or written: read-only media or no permission to write.
    ReadOnly {
        folder: PathBuf,
    },
    Io(std::io::Error),
}

/// Takes the lock of the profile in `folder`, waiting up to `wait` for another holder to let go.
pub fn acquire(folder: &Path, wait: Duration) -> Result<ProfileLock, LockError> {
    let path = folder.join(FILE_NAME);
    let mut file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if cannot_write(&e) => {
            return Err(LockError::ReadOnly {
                folder: folder.to_path_buf(),
            });
        }
        Err(e) => return Err(LockError::Io(e)),
    };
    let id = file_id(&file, &path).map_err(LockError::Io)?;
    // Held while waiting, so two threads of this process cannot both take the file lock.
    let mut held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    held.retain(|h| h.strong_count() > 0);
    if let Some(shared) = held.iter().filter_map(Weak::upgrade).find(|h| h.id == id) {
        return Ok(ProfileLock { _held: shared });
    }
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(RETRY);
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    holder: holder(&mut file),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    // Who holds it, for the message another window or program shows; best effort.
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(describe_this_process().as_bytes()));
    let shared = Arc::new(Held { _file: file, id });
    held.push(Arc::downgrade(&shared));
    Ok(ProfileLock { _held: shared })
}

/// Whether this process already holds the lock of the profile in `folder` (found without opening
/// anything: closing a file this process has open through SQLite would drop SQLite's locks on it).
pub fn held_by_this_process(folder: &Path) -> bool {
    let Ok(id) = path_id(&folder.join(FILE_NAME)) else {
        return false;
    };
    let held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    held.iter().filter_map(Weak::upgrade).any(|h| h.id == id)
}

/// Whether an error means the folder or file cannot be written (rather than something broken).
pub(crate) fn cannot_write(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// The holder's description of itself, as written into the lock file.
fn holder(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(200).read_to_string(&mut text).ok()?;
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn describe_this_process() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .and_then(|p| {
            Path::new(&p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "changchun-cards".to_owned());
    // The subcommand is the first word that is not an option or an option's value.
    let mut command = None;
    let mut skip_value = false;
    for arg in args {
        if skip_value {
            skip_value = false;
        } else if arg == "--data-dir" || arg == "--profile" {
            skip_value = true;
        } else if !arg.starts_with('-') {
            command = Some(arg);
            break;
        }
    }
    let program = match command {
        Some(command) => format!("{program} {command}"),
        None => program,
    };
    format!("{program}, process {}", std::process::id())
}

#[cfg(unix)]
fn file_id(file: &File, _path: &Path) -> std::io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    Ok(FileId::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_file: &File, path: &Path) -> std::io::Result<FileId> {
    path_id(path)
}

#[cfg(unix)]
fn path_id(path: &Path) -> std::io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)?;
    Ok(FileId::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn path_id(path: &Path) -> std::io::Result<FileId> {
    Ok(FileId::Path(std::fs::canonicalize(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_in_one_process_share_the_lock_across_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("Mei");
        std::fs::create_dir(&old).unwrap();
        let first = acquire(&old, Duration::ZERO).unwrap();
        let new = dir.path().join("Mei Ling");
        std::fs::rename(&old, &new).unwrap();
        let second = acquire(&new, Duration::ZERO).expect("the same process shares its lock");
        drop(first);
        // Still held by the second handle: a fresh descriptor of the file cannot take it.
        let other = File::open(new.join(FILE_NAME)).unwrap();
        assert!(other.try_lock().is_err());
        drop(second);
        assert!(other.try_lock().is_ok());
    }

    #[test]
    fn the_holder_writes_who_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let _lock = acquire(dir.path(), Duration::ZERO).unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(
            text.contains(&format!("process {}", std::process::id())),
            "{text}"
        );
    }
}
