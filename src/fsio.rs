//! Files in and out, the one way: input is read only from regular files (after following links) and
//! through a size limit, so a device, a FIFO or a huge file is refused instead of filling memory or
//! hanging; output replaces only regular files, only when asked, keeps the old file as `NAME.bak`,
//! and goes through a temporary file and one rename so a crash or a full disk leaves the old file whole.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Decks, imported files and report CSVs larger than this are refused before they are read whole.
pub const MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;

/// Why a file could not be read or written, naming it.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub problem: Problem,
}

#[derive(Debug)]
pub enum Problem {
    /// A device, FIFO, socket or folder where a regular file was expected.
    NotRegular {
        kind: &'static str,
        writing: bool,
    },
    TooLarge {
        limit: u64,
    },
    /// The output exists and `--force` was not given; with it, the old file would go to `backup`.
    Exists {
        backup: PathBuf,
    },
    /// The output is a link whose target does not exist.
    DanglingLink {
        target: PathBuf,
    },
    Read(io::Error),
    Write(io::Error),
}

impl std::error::Error for FileError {}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            Problem::Exists { .. } => write!(f, "{path} {}", self.reason()),
            Problem::NotRegular { writing: false, .. }
            | Problem::TooLarge { .. }
            | Problem::Read(_) => write!(f, "cannot read {path}: {}", self.reason()),
            Problem::Write(_) => write!(f, "cannot write {path}: {}", self.reason()),
            _ => write!(f, "will not write {path}: {}", self.reason()),
        }
    }
}

impl FileError {
    /// What is wrong, without the file's name (for messages that name it already).
    pub fn reason(&self) -> String {
        match &self.problem {
            Problem::NotRegular {
                kind,
                writing: false,
            } => format!("it is {kind}, not a regular file"),
            Problem::NotRegular {
                kind,
                writing: true,
            } => format!("it is {kind}, not a regular file, and is never replaced"),
            Problem::TooLarge { limit } if *limit >= 1024 * 1024 => format!(
                "it is too large: files larger than {} MB are refused",
                limit / (1024 * 1024)
            ),
            Problem::TooLarge { limit } => {
                format!("it is too large: files larger than {limit} bytes are refused")
            }
            Problem::Exists { backup } => format!(
                "already exists; use --force to replace it (the old file is kept as {})",
                backup.display()
            ),
            Problem::DanglingLink { target } => format!(
                "it is a link to {}, which does not exist; remove the link or choose another name",
                target.display()
            ),
            Problem::Read(e) | Problem::Write(e) => describe(e),
        }
    }
}

/// An I/O error in plain words: the OS's own text without its `(os error N)` code.
pub fn describe(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::StorageFull {
        return "no space left on device; nothing was replaced".into();
    }
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".into(),
    }
}

/// What a file that is not regular is, for messages.
fn kind_of(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Reads an input file of at most [`MAX_INPUT_BYTES`].
pub fn read_input(path: &Path) -> Result<Vec<u8>, FileError> {
    read_limited(path, MAX_INPUT_BYTES)
}

/// Reads a regular file (links followed) of at most `limit` bytes. Anything else is refused before
/// it is opened, and checked again once open, so a FIFO never blocks and a device is never read.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = open_checked(path, limit)?;
    // Room for the whole file at once (and the byte that would tell it grew past the limit), so
    // reading it is one copy rather than a series of growing ones.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit) + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(FileError {
            path: path.to_path_buf(),
            problem: Problem::TooLarge { limit },
        });
    }
    Ok(bytes)
}

/// Reads the first `head` bytes of a regular file of at most `limit` bytes: enough to learn what a
/// large file is without reading it whole. The same checks as [`read_limited`] apply.
pub fn read_head(path: &Path, limit: u64, head: u64) -> Result<Vec<u8>, FileError> {
    let mut bytes = Vec::new();
    open_checked(path, limit)?
        .take(head.min(limit))
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    Ok(bytes)
}

fn read_error(path: &Path, e: io::Error) -> FileError {
    FileError {
        path: path.to_path_buf(),
        problem: Problem::Read(e),
    }
}

/// Opens a regular file of at most `limit` bytes, looking before and after opening it.
fn open_checked(path: &Path, limit: u64) -> Result<File, FileError> {
    let fail = |problem| FileError {
        path: path.to_path_buf(),
        problem,
    };
    let check = |meta: &Metadata| match kind_of(meta) {
        Some(kind) => Err(fail(Problem::NotRegular {
            kind,
            writing: false,
        })),
        None if meta.len() > limit => Err(fail(Problem::TooLarge { limit })),
        None => Ok(()),
    };
    check(&fs::metadata(path).map_err(|e| read_error(path, e))?)?;
    let file = open_for_reading(path).map_err(|e| read_error(path, e))?;
    // The path may have been swapped for something else between the two looks.
    check(&file.metadata().map_err(|e| read_error(path, e))?)?;
    Ok(file)
}

/// Opens without blocking on a FIFO that has no writer (a regular file ignores the flag).
fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether an existing output may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Refuse when the file exists (the default of every command).
    Never,
    /// Replace it, keeping the old file as `NAME.bak` (`--force`).
    KeepingBackup,
}

impl Replace {
    pub fn forced(force: bool) -> Self {
        if force {
            Replace::KeepingBackup
        } else {
            Replace::Never
        }
    }
}

/// Where an output went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written: the output path, or the file a link there points to.
    pub path: PathBuf,
    /// The previous version, when one was replaced.
    pub backup: Option<PathBuf>,
}

/// What writing an output would do, once the rules allow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing is there: create the file.
    Create(PathBuf),
    /// Replace this regular file (the output, or the file a link there points to), keeping the old
    /// one as `backup`.
    Replace { target: PathBuf, backup: PathBuf },
}

/// Checks the rules for writing `path` without writing anything: only a regular file is replaced,
/// and only with [`Replace::KeepingBackup`]; a link counts as the file it points to, a link to nothing
/// is refused. Commands writing several files check them all before writing the first.
pub fn plan_output(path: &Path, replace: Replace) -> Result<Plan, FileError> {
    let fail = |path: &Path, problem| FileError {
        path: path.to_path_buf(),
        problem,
    };
    let target = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Plan::Create(path.into())),
        Err(e) => return Err(fail(path, Problem::Write(e))),
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => target,
            Err(_) => {
                let target = fs::read_link(path).unwrap_or_default();
                return Err(fail(path, Problem::DanglingLink { target }));
            }
        },
        Ok(_) => path.to_path_buf(),
    };
    let meta = fs::metadata(&target).map_err(|e| fail(path, Problem::Write(e)))?;
    if let Some(kind) = kind_of(&meta) {
        return Err(fail(
            path,
            Problem::NotRegular {
                kind,
                writing: true,
            },
        ));
    }
    let backup = backup_path(&target);
    if replace == Replace::Never {
        return Err(fail(path, Problem::Exists { backup }));
    }
    // The backup is replaced by a rename, which never writes through what is there; still, a
    // device or a folder under that name is not ours to remove.
    if let Ok(meta) = fs::symlink_metadata(&backup)
        && let Some(kind) = kind_of(&meta)
    {
        let kind = if meta.file_type().is_symlink() {
            "a link"
        } else {
            kind
        };
        return Err(fail(
            &backup,
            Problem::NotRegular {
                kind,
                writing: true,
            },
        ));
    }
    Ok(Plan::Replace { target, backup })
}

/// Writes an output file: every command's file output goes through here. A new file is created; an
/// existing one is replaced only as [`plan_output`] allows, the old content kept as `NAME.bak`.
pub fn write_output(path: &Path, bytes: &[u8], replace: Replace) -> Result<Written, FileError> {
    let fail = |path: &Path, problem| FileError {
        path: path.to_path_buf(),
        problem,
    };
    match plan_output(path, replace)? {
        Plan::Create(target) => {
            replace_atomically(&target, bytes).map_err(|e| fail(path, Problem::Write(e)))?;
            Ok(Written {
                path: target,
                backup: None,
            })
        }
        Plan::Replace { target, backup } => {
            copy_atomically(&target, &backup).map_err(|e| fail(&backup, Problem::Write(e)))?;
            replace_atomically(&target, bytes).map_err(|e| fail(path, Problem::Write(e)))?;
            Ok(Written {
                path: target,
                backup: Some(backup),
            })
        }
    }
}

/// Where the previous version of an output is kept: `NAME.bak` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Copies a file to `to` through a temporary file, so `to` is always a whole copy.
fn copy_atomically(from: &Path, to: &Path) -> io::Result<()> {
    let temp = temp_path(to)?;
    let copied = fs::copy(from, &temp).and_then(|_| fs::rename(&temp, to));
    if copied.is_err() {
        let _ = fs::remove_file(&temp);
    }
    copied
}

/// A fresh temporary name beside `path`, hidden, and not in use.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("the path names no file"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    Ok(path.with_file_name(temp_name))
}

/// Replaces `path` with `bytes` through a flushed temporary file in the same folder and one rename:
/// a crash or a full disk leaves either the old file or the new one, never half of either.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_through_temp(path, bytes, true)
}

/// Replaces `path` with `bytes` through a temporary file and one rename, without waiting for the
/// disk: for files that can be made again (caches), where a crash may lose the new file but never
/// leaves half of it under its name.
pub fn replace_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_through_temp(path, bytes, false)
}

fn replace_through_temp(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    let temp = temp_path(path)?;
    let written = (|| {
        // A stale temporary file from a killed run is ours to replace; `create_new` then makes sure
        // nothing else (a link planted under that name) is written through.
        let _ = fs::remove_file(&temp);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if sync {
            file.sync_all()?;
        }
        fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    if !sync {
        return Ok(());
    }
    // Make the rename itself durable; not every platform can open a folder, so this is best effort.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_output_is_written_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let written = write_output(&path, b"new", Replace::Never).unwrap();
        assert_eq!(written.backup, None);
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn an_existing_output_needs_force_and_is_kept_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let err = write_output(&path, b"new", Replace::Never).unwrap_err();
        assert!(err.to_string().contains("use --force"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");

        let written = write_output(&path, b"new", Replace::KeepingBackup).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(written.backup, Some(dir.path().join("out.txt.bak")));
        assert_eq!(fs::read(dir.path().join("out.txt.bak")).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn a_device_is_never_replaced_even_with_force() {
        let err = write_output(Path::new("/dev/null"), b"x", Replace::KeepingBackup).unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_dangling_link_is_refused_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out.txt");
        std::os::unix::fs::symlink(dir.path().join("missing"), &link).unwrap();
        let err = write_output(&link, b"x", Replace::KeepingBackup).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(!dir.path().join("missing").exists());
    }

    #[test]
    fn a_link_to_a_file_replaces_the_file_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let refused = write_output(&link, b"new", Replace::Never).unwrap_err();
        assert!(
            refused.to_string().contains("real.txt.bak"),
            "the backup is named beside the file linked to: {refused}"
        );
        write_output(&link, b"new", Replace::KeepingBackup).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(fs::read(dir.path().join("real.txt.bak")).unwrap(), b"old");
    }

    #[test]
    fn devices_are_refused_as_input_without_reading() {
        for path in ["/dev/zero", "/dev/urandom"] {
            let err = read_input(Path::new(path)).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn inputs_past_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        fs::write(&path, vec![b'a'; 11]).unwrap();
        assert!(matches!(
            read_limited(&path, 10).unwrap_err().problem,
            Problem::TooLarge { limit: 10 }
        ));
        assert_eq!(read_limited(&path, 11).unwrap().len(), 11);
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        // Filling a real file system needs privileges tests do not have; the words are what count.
        let err = FileError {
            path: PathBuf::from("out.gift"),
            problem: Problem::Write(io::Error::from_raw_os_error(libc::ENOSPC)),
        };
        assert_eq!(
            err.to_string(),
            "cannot write out.gift: no space left on device; nothing was replaced"
        );
    }
}
