//! The progress store through the command line, one test per way a learner's progress was lost or
//! a command misbehaved: a file out of reach is not damage, nothing is reset silently, one writer
//! per profile, settings saved at once keep each other, backups by real age, profile names any
//! computer accepts, and no panic without a desktop.
//!
//! Permission cases need a user without privileges: as root they run the program as `nobody`
//! through `setpriv`, and are skipped with a printed reason where that is impossible.

mod common;

use changchun_cards::review::Review;
use changchun_cards::store::{Store, integrity};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_changchun-cards");

fn command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_PROFILE")
        .env("CHANGCHUN_CARDS_BUSY_TIMEOUT_MS", "300");
    command
}

fn run(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn review(i: i64) -> Review {
    common::review(i, 300)
}

/// A closed profile with `n` reviews, in a data folder anyone may enter; returns its store file.
fn profile(data: &Path, name: &str, n: i64) -> PathBuf {
    std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = data.join("profiles").join(name).join("progress.sqlite3");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut store = Store::open_path(&file).unwrap();
    store
        .import_reviews(&(0..n).map(review).collect::<Vec<_>>())
        .unwrap();
    drop(store);
    file
}

/// Every file in a profile's folder with a hash of its bytes, to prove nothing moved or changed.
fn snapshot(folder: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<(String, u64)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // SQLite's own companions of an open file, and the lock's note of its holder.
            !name.ends_with("-shm") && !name.ends_with("-wal") && !name.ends_with(".lock")
        })
        .map(|e| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut hasher);
            (
                e.file_name().to_string_lossy().into_owned(),
                hasher.finish(),
            )
        })
        .collect();
    files.sort();
    files
}

/// How to run the program without privileges: as ourselves when we have none, else as `nobody`
/// through `setpriv`; `None` (after saying why) when neither is possible.
fn unprivileged(data: &Path) -> Option<Vec<String>> {
    let probe = data.join(".whoami");
    std::fs::write(&probe, "").unwrap();
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(&probe).unwrap();
    if !root {
        return Some(Vec::new());
    }
    let prefix: Vec<String> = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ]
    .map(String::from)
    .to_vec();
    let works = Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg(BIN)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Some(prefix)
    } else {
        eprintln!(
            "skipped: running as root and cannot run {BIN} as an unprivileged user with setpriv"
        );
        None
    }
}

fn run_as(prefix: &[String], data: &Path, args: &[&str]) -> Output {
    let mut c = match prefix.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    c.arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_PROFILE")
        .env("CHANGCHUN_CARDS_BUSY_TIMEOUT_MS", "300")
        .output()
        .unwrap()
}

#[test]
fn stats_on_a_file_the_learner_cannot_read_says_permission_denied_and_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Some(user) = unprivileged(dir.path()) else {
        return;
    };
    let file = profile(dir.path(), "default", 50);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot(file.parent().unwrap());
    for command in ["stats", "rebuild", "check", "backup"] {
        let out = run_as(&user, dir.path(), &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let expected = format!("cannot read {}: permission denied", file.display());
        assert!(
            stderr(&out).contains(&expected),
            "{command}: {}",
            stderr(&out)
        );
        assert_eq!(snapshot(file.parent().unwrap()), before, "{command}");
    }
}

#[test]
fn a_store_on_read_only_media_is_read_and_writers_say_the_folder_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let Some(user) = unprivileged(dir.path()) else {
        return;
    };
    let file = profile(dir.path(), "default", 50);
    let folder = file.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&folder);

    let out = run_as(&user, dir.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("healthy"), "{}", stdout(&out));

    let out = run_as(&user, dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(figures["reviews"], 50);

    for command in ["rebuild", "restore", "optimize"] {
        let out = run_as(&user, dir.path(), &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let expected = format!("The folder {} is read-only", folder.display());
        assert!(
            stderr(&out).contains(&expected),
            "{command}: {}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(&folder), before);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_file_held_by_another_program_makes_stats_wait_then_say_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    // Another program with a rollback journal holds the file, readers included.
    let other = rusqlite::Connection::open(&file).unwrap();
    let mode: String = other
        .pragma_update_and_check(None, "journal_mode", "delete", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    // Read before the other program locks the file: closing a file drops this process's locks.
    let before = snapshot(file.parent().unwrap());
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = std::time::Instant::now();
    let out = run(dir.path(), &["stats"]);
    let waited = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        waited >= std::time::Duration::from_millis(300),
        "{waited:?}: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("in use by another program"),
        "{}",
        stderr(&out)
    );
    // The other program's commit lands in the learner's file, which was not moved.
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    assert_eq!(snapshot(file.parent().unwrap()), before, "nothing moved");
    let out = run(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(figures["reviews"], 50);
}

#[test]
fn rebuild_beside_a_writing_program_says_in_use_not_database_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    let other = rusqlite::Connection::open(&file).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = run(dir.path(), &["rebuild"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("in use by another program"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("database is locked"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_newer_schema_is_refused_by_every_command_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    rusqlite::Connection::open(&file)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let before = snapshot(file.parent().unwrap());
    for command in ["stats", "check", "rebuild", "backup", "optimize"] {
        let out = run(dir.path(), &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("written by a newer Changchun Cards")
                && stderr(&out).contains("update the app"),
            "{command}: {}",
            stderr(&out)
        );
        assert_eq!(snapshot(file.parent().unwrap()), before, "{command}");
    }
}

#[test]
fn report_refuses_a_store_it_had_to_set_aside_and_check_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    std::fs::write(&file, "these are not the minutes of the conference").unwrap();
    let out_dir = dir.path().join("out");
    let out = run(dir.path(), &["report", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("kept as"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no report was written"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.join("report.csv").exists());
    assert!(!out_dir.join("report.html").exists());
    // The fresh file is healthy, but check says where the damaged one is kept.
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("set aside earlier is kept as"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn every_command_that_sets_a_damaged_store_aside_says_so() {
    for command in ["stats", "rebuild", "backup", "optimize", "restore"] {
        let dir = tempfile::tempdir().unwrap();
        let file = profile(dir.path(), "default", 50);
        std::fs::write(&file, "not a database").unwrap();
        let out = run(dir.path(), &[command]);
        assert!(
            stderr(&out).contains("warning: The progress file") && stderr(&out).contains("kept as"),
            "{command}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_second_window_or_program_on_one_learner_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    // The app holds the learner (this test process stands in for its window).
    let data = changchun_cards::data_dir::DataDir::new(dir.path());
    let app = Store::open(&data, "default").unwrap();
    for args in [
        &["rebuild"][..],
        &["optimize"],
        &["restore"],
        &["profile", "rename", "default", "other"],
        &["profile", "delete", "default"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is open in another window or program"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(file.exists());
    // Reading beside it works.
    let out = run(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    drop(app);
    assert!(run(dir.path(), &["rebuild"]).status.success());
}

#[test]
fn rebuild_twice_at_once_waits_or_refuses_clearly_never_database_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    profile(dir.path(), "default", 20_000);
    for _ in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                command(dir.path(), &["rebuild"])
                    .env("CHANGCHUN_CARDS_BUSY_TIMEOUT_MS", "5000")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = stderr(&out);
            assert!(!err.contains("locked"), "{err}");
            assert!(
                out.status.success() || err.contains("is open in another window or program"),
                "{err}"
            );
        }
    }
}

#[test]
fn optimize_on_two_profiles_at_once_keeps_both_profiles_parameters() {
    let dir = tempfile::tempdir().unwrap();
    profile(dir.path(), "Anna", 0);
    profile(dir.path(), "Boris", 0);
    let settings = dir.path().join("settings.ron");
    for round in 0..10 {
        // Both start with parameters of their own; with too little history optimize resets each
        // to the defaults and saves that, each its own profile at the same moment.
        std::fs::write(
            &settings,
            "(schedulers: {\"Anna\": (parameters: [1.0]), \"Boris\": (parameters: [1.0])})",
        )
        .unwrap();
        let children: Vec<_> = ["Anna", "Boris"]
            .map(|name| {
                command(dir.path(), &["--profile", name, "optimize"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .into_iter()
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let text = std::fs::read_to_string(&settings).unwrap();
        let saved = changchun_cards::settings::Settings::load(
            &changchun_cards::data_dir::DataDir::new(dir.path()),
        )
        .settings;
        for name in ["Anna", "Boris"] {
            assert!(
                saved.scheduler(name).parameters.len() > 1,
                "round {round}: {name} lost its new parameters:\n{text}"
            );
        }
    }
}

#[test]
fn a_backup_dated_in_the_future_neither_stops_daily_backups_nor_is_restored_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 50);
    let backups = file.parent().unwrap().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // A backup named with a time years ahead, holding nothing.
    let future = backups.join("progress-20990101T000000000Z-auto.sqlite3");
    Store::open_path(&future).unwrap();
    // Opening the profile takes today's daily backup all the same.
    let out = run(dir.path(), &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&run(dir.path(), &["backup", "--list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(
        lines[0].contains("daily") && !lines[0].contains("2099"),
        "{list}"
    );
    assert!(
        lines[1].contains("2099") && lines[1].contains("in the future"),
        "{list}"
    );
    // Restoring without a name picks the real newest, not the one from 2099.
    let out = run(dir.path(), &["restore"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("2099"), "{}", stdout(&out));
    let out = run(dir.path(), &["stats", "--json"]);
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(figures["reviews"], 50);
}

#[test]
fn restore_refuses_an_sqlite_file_that_is_not_a_progress_store() {
    let dir = tempfile::tempdir().unwrap();
    profile(dir.path(), "default", 50);
    // Another program's file, with a table named like ours and our schema version.
    let stranger = dir.path().join("stranger.sqlite3");
    let conn = rusqlite::Connection::open(&stranger).unwrap();
    conn.execute_batch("CREATE TABLE reviews (note TEXT); PRAGMA user_version = 2;")
        .unwrap();
    drop(conn);
    let out = run(dir.path(), &["restore", stranger.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a Changchun Cards progress backup"),
        "{}",
        stderr(&out)
    );
    let out = run(dir.path(), &["stats", "--json"]);
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(figures["reviews"], 50);
}

#[test]
fn profile_names_windows_reserves_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["CON", "nul", "com1.txt", "a."] {
        let out = run(dir.path(), &["profile", "create", name]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a usable profile name"),
            "{name}: {}",
            stderr(&out)
        );
        assert!(!dir.path().join("profiles").join(name).exists());
    }
}

#[test]
fn profile_use_refuses_a_profile_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["profile", "create", "Mei"])
            .status
            .success()
    );
    assert!(run(dir.path(), &["profile", "use", "Mei"]).status.success());
    let out = run(dir.path(), &["profile", "use", "Nobody"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("There is no profile named \"Nobody\""),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&run(dir.path(), &["profile", "list"])).contains("* Mei"));
}

#[test]
fn without_a_display_the_app_says_it_needs_a_desktop_session() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "Changchun Cards needs a desktop session (X11 or Wayland); the subcommands work without one: see --help"
    );
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn stats_sets_aside_a_store_whose_pages_the_check_beside_the_figures_finds_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let file = profile(dir.path(), "default", 2000);
    // Pages of the log scribbled over (past the schema's pages, which the file's first pages
    // hold): the header is sound, only a check of every page sees it.
    let mut bytes = std::fs::read(&file).unwrap();
    for (i, b) in bytes[25 * 4096..45 * 4096].iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    std::fs::write(&file, &bytes).unwrap();
    let out = run(dir.path(), &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: The progress file") && stderr(&out).contains("kept as"),
        "{}",
        stderr(&out)
    );
    // The figures are those of the fresh file; the damaged one is kept byte for byte.
    assert!(stdout(&out).contains("\"reviews\": 0"), "{}", stdout(&out));
    let kept = integrity::set_aside_earlier(&file);
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).unwrap(), bytes);
}
