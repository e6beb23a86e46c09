//! Files from every earlier schema version open, upgrade to the current one and keep their data.

use changchun_cards::review::{CardKey, Rating};
use changchun_cards::schedule::Phase;
use changchun_cards::store::{Store, schema};
use rusqlite::Connection;

/// A file left at `version`, with two reviews of one card when the log exists.
fn file_at_version(path: &std::path::Path, version: u32) {
    let conn = Connection::open(path).unwrap();
    for step in &schema::STEPS[..version as usize] {
        conn.execute_batch(step).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    if version >= 4 {
        // The same two reviews, numbered by the device that made them.
        conn.execute_batch(
            "INSERT INTO reviews (at_ms, deck, card, rating, correct, duration_ms, kind, before_s, before_d, after_s, after_d, due_ms, device, seq)
             VALUES (1704103200000, 'treaty', 'c1', 3, 1, 5000, 'learn', NULL, NULL, 2.3, 2.1, 1704103800000, (SELECT id FROM device), 1),
                    (1704103800000, 'treaty', 'c1', 3, 1, 4000, 'learn', 2.3, 2.1, 2.5, 2.1, 1704363000000, (SELECT id FROM device), 2);
             UPDATE device SET next_review = 3;
             INSERT INTO card_states VALUES ('treaty', 'c1', 'review', 0, 2.5, 2.1, 1704363000000, 1704103800000, 0, 2);",
        )
        .unwrap();
    } else if version >= 1 {
        // 2024-01-01 10:00 UTC, then 10:10; the first waits 10 minutes, the second 3 days.
        conn.execute_batch(
            "INSERT INTO reviews (at_ms, deck, card, rating, correct, duration_ms, kind, before_s, before_d, after_s, after_d, due_ms)
             VALUES (1704103200000, 'treaty', 'c1', 3, 1, 5000, 'learn', NULL, NULL, 2.3, 2.1, 1704103800000),
                    (1704103800000, 'treaty', 'c1', 3, 1, 4000, 'learn', 2.3, 2.1, 2.5, 2.1, 1704363000000);
             INSERT INTO card_states VALUES ('treaty', 'c1', 'review', 0, 2.5, 2.1, 1704363000000, 1704103800000, 0, 2);",
        )
        .unwrap();
    }
}

#[test]
fn every_earlier_version_upgrades_and_keeps_its_data() {
    for version in 0..schema::VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        file_at_version(&path, version);
        let mut store =
            Store::open_path(&path).unwrap_or_else(|e| panic!("from version {version}: {e}"));
        assert_eq!(
            schema::version(&Connection::open(&path).unwrap()).unwrap(),
            schema::VERSION
        );
        store.integrity_check().unwrap();
        let key = CardKey::new("treaty", "c1");
        if version >= 1 {
            let reviews = store.reviews().unwrap();
            assert_eq!(reviews.len(), 2, "from version {version}");
            assert_eq!(reviews[1].rating, Rating::Good);
            let before = store.card_states().unwrap();
            // The derived state agrees with a rebuild from the log.
            store.rebuild().unwrap();
            assert_eq!(store.card_states().unwrap(), before);
            assert_eq!(before[&key].phase, Phase::Review);
            assert_eq!(before[&key].reps, 2);
        } else {
            assert_eq!(store.review_count().unwrap(), 0);
        }
        // What later versions added works on the upgraded file.
        let summary = store
            .stats_summary(changchun_cards::schedule::StudyDay::default())
            .unwrap();
        assert_eq!(summary.cards.len(), usize::from(version >= 1));
        store.set_suspended(&key, true).unwrap();
        assert!(store.card_state(&key).unwrap().suspended);
        let schedulers = changchun_cards::schedule::Schedulers {
            learner: changchun_cards::schedule::Scheduler::new(Default::default()),
            decks: Default::default(),
        };
        let reset = store
            .reset_cards(std::slice::from_ref(&key), chrono::Utc::now(), &schedulers)
            .unwrap();
        assert_eq!(reset[0].1.phase, Phase::New, "from version {version}");
        assert_eq!(store.review_count().unwrap(), u64::from(version >= 1) * 2);
    }
}

#[test]
fn upgrading_to_resets_reads_every_sync_log_whole_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    file_at_version(&path, 5);
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO sync_logs (path, len, crc, settings, reviews, quizzes, undos)
             VALUES ('/sync/progress-b.ccsync', 120, 7, NULL, NULL, NULL, NULL)",
        )
        .unwrap();
    let store = Store::open_path(&path).unwrap();
    // An earlier version passed resets in those logs over; none is taken as read.
    assert!(store.log_cursors().unwrap().is_empty());
}

#[test]
fn opening_twice_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open_path(&path).unwrap());
    let store = Store::open_path(&path).unwrap();
    assert_eq!(store.review_count().unwrap(), 0);
}
