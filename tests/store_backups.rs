//! Backups by real age: a backup dated in the future neither stops the daily backups nor is taken
//! for the newest; leftovers of killed backups are removed; only this app's progress files are
//! restored.

mod common;

use changchun_cards::review::Review;
use changchun_cards::store::{Store, backup};
use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};

fn review(i: i64) -> Review {
    common::review(i, 30)
}

fn store_with_reviews(dir: &Path) -> Store {
    let mut store = Store::open_path(&dir.join("progress.sqlite3")).unwrap();
    store
        .import_reviews(&(0..40).map(review).collect::<Vec<_>>())
        .unwrap();
    store
}

/// A copy of the store named as a backup taken at `stamp` (`%Y%m%dT%H%M%S%3fZ`).
fn backup_named(store: &Store, stamp: &str, kind: &str) -> PathBuf {
    let folder = store.backup_folder();
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(format!("progress-{stamp}-{kind}.sqlite3"));
    std::fs::copy(store.path(), &path).unwrap();
    path
}

#[test]
fn a_backup_dated_in_the_future_does_not_stop_the_daily_backups() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_reviews(dir.path());
    let future = backup_named(&store, "20990101T000000000Z", "auto");
    let now: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
    let taken = store.backup_if_due(now).unwrap().expect("today's backup");
    let list = backup::list_at(&store.backup_folder(), now);
    assert_eq!(list[0].path, taken, "the real newest comes first");
    assert!(!list[0].future);
    assert_eq!(list.last().unwrap().path, future);
    assert!(list.last().unwrap().future);
    // A day later the next one is due again: the one from 2099 never counts as the latest.
    assert!(
        store
            .backup_if_due(now + Duration::hours(1))
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .backup_if_due(now + Duration::days(1))
            .unwrap()
            .is_some()
    );
}

#[test]
fn old_daily_backups_are_pruned_but_one_of_unknown_age_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_reviews(dir.path());
    let future = backup_named(&store, "20990101T000000000Z", "auto");
    let start: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
    for day in 0..10 {
        store
            .backup_if_due(start + Duration::days(day))
            .unwrap()
            .unwrap();
    }
    let now = start + Duration::days(10);
    let list = backup::list_at(&store.backup_folder(), now);
    let real: Vec<_> = list.iter().filter(|b| !b.future).collect();
    assert_eq!(real.len(), backup::AUTOMATIC_KEPT);
    assert_eq!(real[0].taken, start + Duration::days(9));
    assert!(
        future.exists(),
        "never removed: it may hold the newest answers"
    );
}

#[test]
fn partial_files_left_by_a_killed_backup_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_reviews(dir.path());
    let folder = store.backup_folder();
    std::fs::create_dir_all(&folder).unwrap();
    let left = folder.join("progress-20260301T120000000Z-auto.sqlite3.partial");
    std::fs::write(&left, vec![0u8; 4096]).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&left)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // One being written right now by another program is left alone.
    let writing = folder.join("progress-20260301T120500000Z-manual.sqlite3.partial");
    std::fs::write(&writing, vec![0u8; 4096]).unwrap();
    let now: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
    store.backup_if_due(now).unwrap();
    assert!(!left.exists());
    assert!(writing.exists());
    assert!(
        backup::list_at(&folder, now)
            .iter()
            .all(|b| !b.path.to_string_lossy().ends_with(".partial"))
    );
}

#[test]
fn restore_refuses_files_that_are_not_this_apps_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_reviews(dir.path());
    let cases: [(&str, &str); 3] = [
        // Our version number and a table of our name, but not our columns.
        (
            "named-like-ours",
            "CREATE TABLE reviews (note TEXT); PRAGMA user_version = 2;",
        ),
        // Our tables and more.
        (
            "ours-and-more",
            "CREATE TABLE reviews (id INTEGER PRIMARY KEY); CREATE TABLE ledger (x); PRAGMA user_version = 1;",
        ),
        // An empty SQLite file: restoring it would wipe the progress.
        ("empty", "CREATE TABLE t (x); DROP TABLE t;"),
    ];
    for (name, sql) in cases {
        let path = dir.path().join(format!("{name}.sqlite3"));
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let err = store.restore(&path).unwrap_err().to_string();
        assert!(
            err.contains("is not a Changchun Cards progress backup"),
            "{name}: {err}"
        );
        assert_eq!(store.review_count().unwrap(), 40, "{name}");
    }
    // A real backup is ours.
    let real = store.backup_now().unwrap();
    store.restore(&real).unwrap();
    assert_eq!(store.review_count().unwrap(), 40);
}
