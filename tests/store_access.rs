//! Only real damage is damage: a progress file held by another program, written by a newer version,
//! or open in another window is refused as it is, never set aside. One writer per profile.
//! (Files this user cannot read and read-only media are proven in `cli_store.rs`, which can run
//! the program as another user.)

mod common;

use changchun_cards::data_dir::DataDir;
use changchun_cards::review::Review;
use changchun_cards::store::{self, Access, FILE_NAME, Store, StoreError, lock};
use std::path::{Path, PathBuf};

fn review(i: i64) -> Review {
    common::review(i, 30)
}

/// A closed profile "default" with 100 reviews; returns its store file.
fn profile_with_reviews(dir: &Path) -> (DataDir, PathBuf) {
    store::set_busy_timeout(std::time::Duration::from_millis(300));
    let data = DataDir::new(dir);
    let mut store = Store::open(&data, "default").unwrap().store;
    store
        .import_reviews(&(0..100).map(review).collect::<Vec<_>>())
        .unwrap();
    let path = store.path().to_path_buf();
    drop(store);
    (data, path)
}

/// The files beside the store, to prove nothing was moved or added.
fn folder_listing(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_held_by_another_program_is_in_use_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path) = profile_with_reviews(dir.path());
    // Another program with a rollback journal holds the whole file, readers included.
    let other = rusqlite::Connection::open(&path).unwrap();
    let _: String = other
        .pragma_update_and_check(None, "journal_mode", "delete", |r| r.get(0))
        .unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let before = folder_listing(&path);
    for access in [Access::Read, Access::Write] {
        let err = Store::open_for(&data, "default", access).unwrap_err();
        assert!(
            matches!(err, StoreError::Busy { .. }),
            "{access:?}: {err:?}"
        );
        assert!(
            err.to_string().contains("in use by another program"),
            "{err}"
        );
    }
    assert_eq!(folder_listing(&path), before, "nothing moved aside");
    // The other program keeps committing into the same file, which still holds everything.
    other
        .execute_batch(
            "INSERT INTO tests (started_ms, duration_ms, decks, topics, answers) VALUES (0, 0, '[]', '[]', '[]'); COMMIT;",
        )
        .unwrap();
    drop(other);
    let store = Store::open(&data, "default").unwrap();
    assert!(store.set_aside.is_none());
    assert_eq!(store.store.review_count().unwrap(), 100);
    assert_eq!(store.store.test_results().unwrap().len(), 1);
}

#[test]
fn a_writer_waits_for_a_write_in_progress_then_says_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path) = profile_with_reviews(dir.path());
    // In write-ahead-log mode readers pass a writer; a second writer waits, then is told.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut opened = Store::open(&data, "default").unwrap();
    assert_eq!(opened.store.review_count().unwrap(), 100);
    let started = std::time::Instant::now();
    let err = opened.store.rebuild().unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_millis(250));
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(
        err.to_string().contains("in use by another program"),
        "{err}"
    );
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path) = profile_with_reviews(dir.path());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let before = folder_listing(&path);
    for access in [Access::Read, Access::Write] {
        let err = Store::open_for(&data, "default", access).unwrap_err();
        assert!(
            matches!(err, StoreError::Newer { found: 999, .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("written by a newer Changchun Cards")
                && message.contains("update the app"),
            "{message}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "byte for byte");
    assert_eq!(folder_listing(&path), before);
    assert!(matches!(
        store::integrity::check_path(&path),
        Err(StoreError::Newer { .. })
    ));
}

#[test]
fn a_second_writer_is_refused_while_readers_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path) = profile_with_reviews(dir.path());
    // Another window holds the profile: its own descriptor of the lock file, as another process has.
    let window = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path.with_file_name(lock::FILE_NAME))
        .unwrap();
    window.lock().unwrap();
    std::fs::write(
        path.with_file_name(lock::FILE_NAME),
        "changchun-cards, process 4242",
    )
    .unwrap();
    let err = Store::open(&data, "default").unwrap_err();
    assert!(matches!(err, StoreError::ProfileInUse { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("open in another window") && message.contains("process 4242"),
        "{message}"
    );
    // Renaming or deleting it is refused too.
    let err = store::profiles::rename(&data, "default", "other").unwrap_err();
    assert!(matches!(err, StoreError::ProfileInUse { .. }), "{err:?}");
    assert!(store::profiles::delete(&data, "default").is_err());
    assert!(path.exists());
    // Statistics read beside the writer, holding nothing and writing nothing.
    let reader = Store::open_for(&data, "default", Access::Read).unwrap();
    assert!(!reader.store.holds_lock());
    assert_eq!(reader.store.review_count().unwrap(), 100);
    drop(window);
    let writer = Store::open(&data, "default").unwrap();
    assert!(writer.store.holds_lock());
}

#[test]
fn the_app_reopens_its_own_profile_after_renaming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _) = profile_with_reviews(dir.path());
    let held = Store::open(&data, "default").unwrap().store;
    store::profiles::rename(&data, "default", "Mei Ling").unwrap();
    let again = Store::open(&data, "Mei Ling").unwrap().store;
    drop(held);
    assert_eq!(again.review_count().unwrap(), 100);
    assert!(again.holds_lock());
}

#[test]
fn real_damage_is_still_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path) = profile_with_reviews(dir.path());
    std::fs::write(&path, "not a database at all").unwrap();
    let opened = Store::open_for(&data, "default", Access::Read).unwrap();
    let aside = opened.set_aside.expect("set aside");
    assert_eq!(
        std::fs::read_to_string(&aside.kept).unwrap(),
        "not a database at all"
    );
    assert_eq!(
        store::integrity::set_aside_earlier(&path),
        vec![aside.kept.clone()]
    );
}

#[test]
fn something_that_is_not_a_file_is_refused_and_left() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let path = dir.path().join("profiles").join("default").join(FILE_NAME);
    std::fs::create_dir_all(&path).unwrap();
    let err = Store::open(&data, "default").unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(path.is_dir());
}
