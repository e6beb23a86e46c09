//! The store's schema and its history: each entry upgrades the schema by one version, and
//! `PRAGMA user_version` records how far a file has come. Never edit a released step; add one.

use rusqlite::Connection;

/// Every schema version in order; `STEPS[n]` upgrades version n to n + 1.
pub const STEPS: &[&str] = &[
    // 1: the review log (append-only), card states derived from it, and scored tests.
    "
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY,
        at_ms       INTEGER NOT NULL,
        deck        TEXT NOT NULL,
        card        TEXT NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct     INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        before_s    REAL,
        before_d    REAL,
        after_s     REAL,
        after_d     REAL,
        due_ms      INTEGER
    );
    CREATE TRIGGER reviews_never_change BEFORE UPDATE ON reviews
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
    CREATE TRIGGER reviews_only_undo_the_newest BEFORE DELETE ON reviews
    WHEN old.id <> (SELECT max(id) FROM reviews)
    BEGIN SELECT RAISE(ABORT, 'only the newest review can be undone'); END;
    CREATE TABLE card_states (
        deck       TEXT NOT NULL,
        card       TEXT NOT NULL,
        phase      TEXT NOT NULL,
        step       INTEGER NOT NULL,
        stability  REAL,
        difficulty REAL,
        due_ms     INTEGER,
        last_ms    INTEGER,
        lapses     INTEGER NOT NULL,
        reps       INTEGER NOT NULL,
        PRIMARY KEY (deck, card)
    ) WITHOUT ROWID;
    CREATE TABLE tests (
        id          INTEGER PRIMARY KEY,
        started_ms  INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        decks       TEXT NOT NULL,
        topics      TEXT NOT NULL,
        answers     TEXT NOT NULL
    );
    ",
    // 2: suspension kept apart from the derived states (so rebuilding keeps it), and indexes for a
    // card's history and for today's counts.
    "
    CREATE TABLE suspended (
        deck TEXT NOT NULL,
        card TEXT NOT NULL,
        PRIMARY KEY (deck, card)
    ) WITHOUT ROWID;
    CREATE INDEX reviews_by_card ON reviews (deck, card, id);
    CREATE INDEX reviews_by_time ON reviews (at_ms);
    ",
    // 3: answers the checker marked wrong that the learner accepted as right ("I was right"); an
    // undone review takes its note along.
    "
    CREATE TABLE overrides (
        review_id INTEGER PRIMARY KEY
    );
    CREATE TRIGGER overrides_follow_undo AFTER DELETE ON reviews
    BEGIN DELETE FROM overrides WHERE review_id = old.id; END;
    ",
    // 4: sync between a learner's computers. Each progress file is a device with an id of its own
    // and numbers its answers and quizzes (device, seq), so logs from several devices merge as a
    // union. An undo is a record (`undone`) that syncs like an answer; a review leaves the log only
    // once its undo is recorded. The facts of an answer never change; the memory columns may be
    // recomputed when answers from another device are merged into the card's history.
    "
    CREATE TABLE device (
        id          TEXT NOT NULL,
        next_review INTEGER NOT NULL,
        next_quiz   INTEGER NOT NULL,
        -- The computer and the place of the file the id was made for ('' until the first sync):
        -- a copy of the file elsewhere takes an id of its own, so two files never write one log.
        machine     TEXT NOT NULL DEFAULT ''
    );
    -- Ids this file had before it was copied or moved: what it logged under them is its own too.
    CREATE TABLE retired_devices (
        id TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    INSERT INTO device (id, next_review, next_quiz) VALUES (
        lower(hex(randomblob(8))),
        (SELECT coalesce(max(id), 0) + 1 FROM reviews),
        (SELECT coalesce(max(id), 0) + 1 FROM tests)
    );
    DROP TRIGGER reviews_never_change;
    DROP TRIGGER reviews_only_undo_the_newest;
    ALTER TABLE reviews ADD COLUMN device TEXT NOT NULL DEFAULT '';
    ALTER TABLE reviews ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    UPDATE reviews SET device = (SELECT id FROM device), seq = id;
    CREATE UNIQUE INDEX reviews_by_origin ON reviews (device, seq);
    ALTER TABLE tests ADD COLUMN device TEXT NOT NULL DEFAULT '';
    ALTER TABLE tests ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    UPDATE tests SET device = (SELECT id FROM device), seq = id;
    CREATE UNIQUE INDEX tests_by_origin ON tests (device, seq);
    CREATE TABLE undone (
        n      INTEGER PRIMARY KEY, -- the order the undos were recorded in here
        device TEXT NOT NULL,
        seq    INTEGER NOT NULL,
        UNIQUE (device, seq)
    );
    -- How far each log in the sync folder has been read: its length then and the checksum of that
    -- part, the newest studying settings in it; for this device's own log also what it holds.
    CREATE TABLE sync_logs (
        path     TEXT PRIMARY KEY,
        len      INTEGER NOT NULL,
        crc      INTEGER NOT NULL,
        settings TEXT,
        reviews  INTEGER,
        quizzes  INTEGER,
        undos    INTEGER
    ) WITHOUT ROWID;
    CREATE TRIGGER reviews_keep_their_facts
    BEFORE UPDATE OF id, at_ms, deck, card, rating, correct, duration_ms, device, seq ON reviews
    BEGIN SELECT RAISE(ABORT, 'a logged answer never changes'); END;
    CREATE TRIGGER reviews_leave_only_when_undone BEFORE DELETE ON reviews
    WHEN NOT EXISTS (SELECT 1 FROM undone WHERE device = old.device AND seq = old.seq)
    BEGIN SELECT RAISE(ABORT, 'a review leaves the log only when its undo is recorded'); END;
    ",
    // 5: the statistics' summary of the log (`store::stats`): one row per card and one per study
    // day, so the statistics read some thousands of rows instead of every answer. `stats_basis`
    // names the study day the summary was made for and is empty while there is none. While there
    // is, triggers note which cards and instants a change to the log touches; the statistics bring
    // those rows up to date before they next read.
    "
    CREATE TABLE stats_basis (
        offset_s   INTEGER NOT NULL,
        start_hour INTEGER NOT NULL
    );
    CREATE TABLE stats_cards (
        deck          TEXT NOT NULL,
        card          TEXT NOT NULL,
        reviews       INTEGER NOT NULL,
        tests         INTEGER NOT NULL,
        crams         INTEGER NOT NULL,
        time_ms       INTEGER NOT NULL,
        passed        INTEGER NOT NULL,
        failed        INTEGER NOT NULL,
        last_ms       INTEGER NOT NULL,
        last_right    INTEGER NOT NULL,
        latest_ms     INTEGER,
        latest_due_ms INTEGER,
        latest_kind   TEXT,
        latest_mastered INTEGER,
        -- The instants (ms, 8 bytes each, little-endian) at which the card became mastered,
        -- stopped being mastered, and so on.
        mastery_changes BLOB NOT NULL,
        PRIMARY KEY (deck, card)
    ) WITHOUT ROWID;
    CREATE TABLE stats_days (
        day          INTEGER PRIMARY KEY,
        answers      INTEGER NOT NULL,
        learn        INTEGER NOT NULL,
        review       INTEGER NOT NULL,
        relearn      INTEGER NOT NULL,
        test         INTEGER NOT NULL,
        time_ms      INTEGER NOT NULL,
        test_time_ms INTEGER NOT NULL,
        passed       INTEGER NOT NULL,
        failed       INTEGER NOT NULL
    );
    CREATE TABLE stats_stale_cards (
        deck TEXT NOT NULL,
        card TEXT NOT NULL,
        PRIMARY KEY (deck, card)
    ) WITHOUT ROWID;
    CREATE TABLE stats_stale_instants (
        at_ms INTEGER PRIMARY KEY
    );
    CREATE TRIGGER stats_follow_new_answers AFTER INSERT ON reviews
    WHEN EXISTS (SELECT 1 FROM stats_basis)
    BEGIN
        INSERT OR IGNORE INTO stats_stale_cards VALUES (new.deck, new.card);
        INSERT OR IGNORE INTO stats_stale_instants VALUES (new.at_ms);
    END;
    CREATE TRIGGER stats_follow_undone_answers AFTER DELETE ON reviews
    WHEN EXISTS (SELECT 1 FROM stats_basis)
    BEGIN
        INSERT OR IGNORE INTO stats_stale_cards VALUES (old.deck, old.card);
        INSERT OR IGNORE INTO stats_stale_instants VALUES (old.at_ms);
    END;
    CREATE TRIGGER stats_follow_rescheduled_answers
    AFTER UPDATE OF kind, after_s, after_d, due_ms ON reviews
    WHEN EXISTS (SELECT 1 FROM stats_basis)
    BEGIN
        INSERT OR IGNORE INTO stats_stale_cards VALUES (new.deck, new.card);
        INSERT OR IGNORE INTO stats_stale_instants VALUES (new.at_ms);
    END;
    ",
    // 6: cards reset to new (Anki's "Forget"). A card's state is worked out only from its answers
    // after its latest reset; the answers before stay in the log and in the activity figures. A
    // reset is a record that syncs like an answer, numbered by its device from the answers'
    // counter, and is never taken back. An answer at the very millisecond of a reset comes before
    // it. Earlier versions passed resets in other devices' logs over: every log is read whole
    // again at the next sync.
    "
    CREATE TABLE resets (
        device TEXT NOT NULL,
        seq    INTEGER NOT NULL,
        at_ms  INTEGER NOT NULL,
        deck   TEXT NOT NULL,
        card   TEXT NOT NULL,
        PRIMARY KEY (device, seq)
    ) WITHOUT ROWID;
    CREATE INDEX resets_by_card ON resets (deck, card, at_ms);
    CREATE TRIGGER resets_never_change BEFORE UPDATE ON resets
    BEGIN SELECT RAISE(ABORT, 'a reset never changes'); END;
    CREATE TRIGGER resets_never_leave BEFORE DELETE ON resets
    BEGIN SELECT RAISE(ABORT, 'a reset is never taken back'); END;
    CREATE TRIGGER stats_follow_resets AFTER INSERT ON resets
    WHEN EXISTS (SELECT 1 FROM stats_basis)
    BEGIN
        INSERT OR IGNORE INTO stats_stale_cards VALUES (new.deck, new.card);
    END;
    DELETE FROM sync_logs;
    ",
];

/// The schema version this build writes.
pub const VERSION: u32 = STEPS.len() as u32;

pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings a file from its version up to [`VERSION`], one step per transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let from = version(conn)?;
    for (i, step) in STEPS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Whether a file holds exactly the tables, with their columns, that its schema version gives a
/// progress file of this app; `user_version` alone is any SQLite file's to set.
pub fn is_progress_file(conn: &Connection) -> rusqlite::Result<bool> {
    let found = version(conn)?;
    if found == 0 || found > VERSION {
        return Ok(false);
    }
    let expected = Connection::open_in_memory()?;
    for step in &STEPS[..found as usize] {
        expected.execute_batch(step)?;
    }
    Ok(tables(conn)? == tables(&expected)?)
}

/// Each table's name with its column names, in order.
fn tables(conn: &Connection) -> rusqlite::Result<Vec<(String, Vec<String>)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let columns = conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([&name], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok((name, columns))
        })
        .collect()
}
