//! A damaged, truncated, empty, foreign or too-new progress file is set aside (never deleted), the
//! learner gets a plain message and the newest backup is offered; nothing panics.

mod common;

use changchun_cards::data_dir::DataDir;
use changchun_cards::review::Review;
use changchun_cards::store::{Access, Check, FILE_NAME, Store, integrity};
use rand::{RngCore, SeedableRng};
use std::path::{Path, PathBuf};

fn review(i: i64) -> Review {
    common::review(i, 300)
}

/// A profile with 2 000 reviews and one backup, closed (so its WAL is checkpointed away).
fn healthy_profile(dir: &Path) -> (DataDir, PathBuf, PathBuf) {
    let data = DataDir::new(dir);
    let opened = Store::open(&data, "default").unwrap();
    assert!(opened.set_aside.is_none());
    let mut store = opened.store;
    let reviews: Vec<Review> = (0..2000).map(review).collect();
    store.import_reviews(&reviews).unwrap();
    let backup = store.backup_now().unwrap();
    let path = store.path().to_path_buf();
    drop(store);
    assert_eq!(path, dir.join("profiles").join("default").join(FILE_NAME));
    (data, path, backup)
}

/// Opens the damaged profile and checks what the learner is told and what is kept.
fn opens_fresh_and_keeps(data: &DataDir, path: &Path, backup: &Path, expect: &str) {
    let damaged = std::fs::read(path).unwrap();
    assert!(
        integrity::check_path(path).is_err(),
        "the check must see the damage"
    );
    let opened = Store::open(data, "default").expect("a damaged file must not stop the app");
    let aside = opened.set_aside.expect("the damaged file is set aside");
    assert!(
        aside.message.contains(expect),
        "message {:?} should say {expect:?}",
        aside.message
    );
    assert!(aside.message.contains("kept as"), "{}", aside.message);
    assert_eq!(
        std::fs::read(&aside.kept).unwrap(),
        damaged,
        "kept byte for byte"
    );
    assert_eq!(aside.newest_backup.as_deref(), Some(backup));
    // The fresh store works, and the offered backup brings the progress back.
    let mut store = opened.store;
    assert_eq!(store.review_count().unwrap(), 0);
    store.integrity_check().unwrap();
    store.restore(backup).unwrap();
    assert_eq!(store.review_count().unwrap(), 2000);
    assert_eq!(store.card_states().unwrap().len(), 300);
}

#[test]
fn a_truncated_file() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    opens_fresh_and_keeps(&data, &path, &backup, "cut short");
}

#[test]
fn random_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    let mut bytes = vec![0u8; 8192];
    rand::rngs::StdRng::seed_from_u64(5).fill_bytes(&mut bytes);
    std::fs::write(&path, bytes).unwrap();
    opens_fresh_and_keeps(&data, &path, &backup, "not a progress database");
}

#[test]
fn a_zero_length_file() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    std::fs::write(&path, b"").unwrap();
    opens_fresh_and_keeps(&data, &path, &backup, "is empty");
}

#[test]
fn a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    std::fs::write(
        &path,
        "Minutes of the Changchun Conference, September 1922\n".repeat(200),
    )
    .unwrap();
    opens_fresh_and_keeps(&data, &path, &backup, "not a progress database");
}

#[test]
fn damaged_pages_inside_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    // Scribble over every page after the first, keeping the header intact.
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i % 251) as u8;
    }
    std::fs::write(&path, bytes).unwrap();
    opens_fresh_and_keeps(&data, &path, &backup, "damaged");
}

#[test]
fn a_database_from_a_newer_version_is_refused_not_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, _backup) = healthy_profile(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&data, "default").unwrap_err().to_string();
    assert!(err.contains("written by a newer Changchun Cards"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "left untouched");
    // Opening such a file directly is refused with the same plain words.
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 7)
        .unwrap();
    let err = Store::open_path(&newer).unwrap_err().to_string();
    assert!(err.contains("update the app"), "{err}");
}

#[test]
fn without_backups_the_message_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let path = dir.path().join("profiles").join("default");
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join(FILE_NAME), "not a database").unwrap();
    let opened = Store::open(&data, "default").unwrap();
    let aside = opened.set_aside.unwrap();
    assert_eq!(aside.newest_backup, None);
    assert!(aside.message.contains("no backup"), "{}", aside.message);
}

#[test]
fn restoring_a_damaged_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _path, _backup) = healthy_profile(dir.path());
    let bad = dir.path().join("bad-backup.sqlite3");
    std::fs::write(&bad, "garbage").unwrap();
    let mut store = Store::open(&data, "default").unwrap().store;
    let err = store.restore(&bad).unwrap_err().to_string();
    assert!(err.contains("Nothing was restored"), "{err}");
    assert_eq!(store.review_count().unwrap(), 2000);
}

/// Every page past the schema's first pages scribbled over, the header and the schema intact: only
/// a check of the pages sees it.
fn scribble_pages(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(25 * 4096) {
        *b = (i % 251) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn damage_found_by_the_later_check_is_set_aside_once_every_connection_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    scribble_pages(&path);
    let damaged = std::fs::read(&path).unwrap();
    let backups_before = std::fs::read_dir(backup.parent().unwrap()).unwrap().count();

    // Opening with the pages checked later reads only the header: the file opens where it is.
    let opened = Store::open_with(&data, "default", Access::Write, Check::PagesLater).unwrap();
    assert!(opened.set_aside.is_none());
    // The later check finds the damage, moves nothing and takes no backup of the damaged file.
    let err = Store::check_pages_later(&path).unwrap_err();
    assert!(err.is_damage(), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged);
    assert_eq!(
        std::fs::read_dir(backup.parent().unwrap()).unwrap().count(),
        backups_before,
        "no backup taken of a damaged file"
    );

    // While a connection of this process still has the file, it is not moved.
    let other = Store::open_path(&path).unwrap();
    drop(opened);
    changchun_cards::store::set_busy_timeout(std::time::Duration::from_millis(50));
    let err = Store::open(&data, "default").unwrap_err().to_string();
    assert!(err.contains("still open"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged, "left where it is");
    drop(other);

    // Once every connection is closed, opening with the full check sets it aside.
    opens_fresh_and_keeps(&data, &path, &backup, "damaged");
}

#[test]
fn a_sound_file_opened_with_the_check_later_gets_its_daily_backup_from_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let (data, path, backup) = healthy_profile(dir.path());
    let folder = backup.parent().unwrap().to_path_buf();
    let automatic = || {
        changchun_cards::store::backup::list_in(&folder)
            .into_iter()
            .filter(|b| b.automatic)
            .count()
    };
    assert_eq!(automatic(), 0);
    let opened = Store::open_with(&data, "default", Access::Write, Check::PagesLater).unwrap();
    assert_eq!(automatic(), 0, "no backup before the pages are checked");
    assert_eq!(
        Store::check_pages_later(&path).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(automatic(), 1, "the daily backup follows the check");
    drop(opened);
}
