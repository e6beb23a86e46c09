//! The progress store: one SQLite file per profile. The append-only review log is the truth; the
//! card-state table is derived from it (see [`CardState::after`]) and can be rebuilt at any time.

pub mod backup;
pub mod integrity;
pub mod profiles;
pub mod schema;

pub use crate::schedule::state::{CardState, Phase};
pub use backup::BackupInfo;
pub use integrity::Damage;

use crate::data_dir::DataDir;
use crate::key_hash::{ByDeck, CardId, KeyHash};
use crate::review::{CardKey, Memory, Rating, Review, ReviewKind, TestResult};
use crate::schedule::{DayCounts, DueState};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

/// How much of the file SQLite may read through a memory map (faster whole-table reads).
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// The file name of a profile's store inside its folder.
pub const FILE_NAME: &str = "progress.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A plain sentence about a damaged or unreadable file.
    #[error("{0}")]
    Damaged(String),
    #[error("{0}")]
    Invalid(String),
    #[error("The progress store failed: {0}.")]
    Sql(#[from] rusqlite::Error),
    #[error("{context}: {source}.")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl StoreError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A damaged file that was moved aside when opening, so the learner can be told.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Where the damaged file now is (kept, never deleted).
    pub kept: PathBuf,
    /// A plain explanation for the learner.
    pub message: String,
    /// The newest backup, to offer restoring.
    pub newest_backup: Option<PathBuf>,
}

/// An opened store and anything the learner should hear about.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub set_aside: Option<SetAside>,
    /// Problems that did not stop the store from opening (a failed automatic backup, say).
    pub warnings: Vec<String>,
}

/// One profile's progress.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) a profile's store. A damaged file is set aside and a fresh store
    /// started; a daily automatic backup is taken when one is due.
    pub fn open(data: &DataDir, profile: &str) -> Result<Opened> {
        let dir = profiles::folder(data, profile)?;
        std::fs::create_dir_all(&dir).map_err(|e| {
            StoreError::io(
                format!("The profile folder {} could not be made", dir.display()),
                e,
            )
        })?;
        let mut opened = Store::open_checked(&dir.join(FILE_NAME))?;
        if let Err(e) = opened.store.backup_if_due(Utc::now()) {
            opened
                .warnings
                .push(format!("The automatic daily backup failed: {e}"));
        }
        Ok(opened)
    }

    /// Opens a store file, setting a damaged one aside first (no automatic backup).
    pub fn open_checked(path: &Path) -> Result<Opened> {
        let mut set_aside = None;
        if path.exists()
            && let Err(damage) = Store::check_before_open(path)
        {
            let message = damage.describe(path);
            let kept = integrity::set_aside(path)
                .map_err(|e| StoreError::io(format!("{message} It could not be moved aside"), e))?;
            let newest_backup = backup::list_in(&backup::folder_for(path))
                .into_iter()
                .next()
                .map(|b| b.path);
            let offer = match &newest_backup {
                Some(b) => format!(
                    " The newest backup is {}; restore it with `changchun-cards restore`.",
                    b.display()
                ),
                None => " There is no backup to restore.".to_owned(),
            };
            set_aside = Some(SetAside {
                message: format!(
                    "{message} It was kept as {} and a fresh progress file was started.{offer}",
                    kept.display()
                ),
                kept,
                newest_backup,
            });
        }
        let store = Store::open_path(path)?;
        Ok(Opened {
            store,
            set_aside,
            warnings: Vec::new(),
        })
    }

    fn check_before_open(path: &Path) -> Result<(), Damage> {
        integrity::check_file(path)?;
        let conn = Connection::open(path).map_err(|e| Damage::Corrupt(e.to_string()))?;
        // Reading pages through a memory map makes the whole-file check faster.
        let _ = conn.pragma_update(None, "mmap_size", MMAP_BYTES);
        integrity::check_connection(&conn, false)
    }

    /// Opens or creates a store file as it is: no damage handling, for tests and tools.
    pub fn open_path(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found = schema::version(&conn)?;
        if found > schema::VERSION {
            return Err(StoreError::Damaged(Damage::Newer { found }.describe(path)));
        }
        // WAL lets a crash lose nothing committed; FULL syncs each commit to disk before returning.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "The progress file {} could not switch to write-ahead logging (it reports \"{mode}\").",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Logs one answer and updates its card's state, committed before returning. Returns the row id.
    pub fn record_review(&mut self, review: &Review) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = insert_review(&tx, review)?;
        let before = load_state(&tx, &review.card)?.unwrap_or_default();
        save_state(&tx, &review.card, &before.after(review))?;
        tx.commit()?;
        Ok(id)
    }

    /// Appends many reviews in one transaction (imports and synthetic profiles), then rebuilds.
    pub fn import_reviews(&mut self, reviews: &[Review]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        for review in reviews {
            insert_review(&tx, review)?;
        }
        tx.commit()?;
        self.rebuild()
    }

    /// The whole log, oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id"))?;
        let rows = stmt.query_map([], review_from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    /// One card's reviews, oldest first.
    pub fn reviews_for(&self, card: &CardKey) -> Result<Vec<Review>> {
        reviews_for(&self.conn, card)
    }

    /// The id of the newest review, if any.
    pub fn reviews_newest_id(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT max(id) FROM reviews", [], |r| r.get(0))?)
    }

    pub fn review_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))?)
    }

    /// Every card with a state: answered at least once or suspended.
    pub fn card_states(&self) -> Result<HashMap<CardKey, CardState>> {
        let mut states = HashMap::new();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {STATE_COLUMNS} FROM card_states"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let key = CardKey::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?);
            states.insert(key, state_from_row(row)?);
        }
        let mut stmt = self.conn.prepare("SELECT deck, card FROM suspended")?;
        let suspended = stmt.query_map([], |r| {
            Ok(CardKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for key in suspended {
            states.entry(key?).or_default().suspended = true;
        }
        Ok(states)
    }

    /// What today's queue needs of each card in `keys`, in their order. One pass over the state table
    /// looks each row up among the keys, so a profile of many cards makes no map of owned keys, and
    /// decodes in full only the states due before `day_end`.
    pub fn due_states<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k CardKey>,
        day_end: DateTime<Utc>,
    ) -> Result<Vec<DueState>> {
        let mut index: ByDeck<CardId, usize> = ByDeck::default();
        // A key listed again gets the state of its first listing at the end.
        let mut again = Vec::new();
        let mut count = 0;
        for key in keys {
            match index.deck_mut(&key.deck).entry(CardId::new(&key.card)) {
                Entry::Vacant(slot) => {
                    slot.insert(count);
                }
                Entry::Occupied(first) => again.push((*first.get(), count)),
            }
            count += 1;
        }
        let mut states = vec![DueState::New; count];
        let mut at = |row: &Row| -> rusqlite::Result<Option<usize>> {
            let (deck, card) = (row.get_ref(0)?.as_str()?, row.get_ref(1)?.as_str()?);
            Ok(index
                .deck(deck)
                .and_then(|cards| cards.get(&CardId::new(card)))
                .copied())
        };
        let day_end = day_end.timestamp_millis();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STATE_COLUMNS} FROM card_states"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(i) = at(row)? {
                states[i] = due_state_from_row(row, day_end)?;
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT deck, card FROM suspended")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(i) = at(row)? {
                states[i] = DueState::Suspended;
            }
        }
        for (first, i) in again {
            states[i] = states[first].clone();
        }
        Ok(states)
    }

    /// One card's state; a card never answered is new.
    pub fn card_state(&self, card: &CardKey) -> Result<CardState> {
        let mut state = load_state(&self.conn, card)?.unwrap_or_default();
        state.suspended = self.is_suspended(card)?;
        Ok(state)
    }

    fn is_suspended(&self, card: &CardKey) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM suspended WHERE deck = ?1 AND card = ?2")?
            .exists(params![card.deck, card.card])?)
    }

    /// Suspends a card (out of every queue) or brings it back.
    pub fn set_suspended(&mut self, card: &CardKey, suspended: bool) -> Result<()> {
        let sql = if suspended {
            "INSERT OR IGNORE INTO suspended (deck, card) VALUES (?1, ?2)"
        } else {
            "DELETE FROM suspended WHERE deck = ?1 AND card = ?2"
        };
        self.conn.execute(sql, params![card.deck, card.card])?;
        Ok(())
    }

    /// Removes the newest review and recomputes its card's state from what remains, in one
    /// transaction. Returns the review taken back, or `None` when the log is empty.
    pub fn undo_last_review(&mut self) -> Result<Option<Review>> {
        let tx = self.conn.transaction()?;
        let last = tx
            .query_row(
                &format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id DESC LIMIT 1"),
                [],
                review_from_row,
            )
            .optional()?;
        let Some(last) = last else { return Ok(None) };
        let last = last?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [last.id])?;
        let remaining = reviews_for(&tx, &last.card)?;
        if remaining.is_empty() {
            tx.execute(
                "DELETE FROM card_states WHERE deck = ?1 AND card = ?2",
                params![last.card.deck, last.card.card],
            )?;
        } else {
            save_state(&tx, &last.card, &CardState::replay(&remaining))?;
        }
        tx.commit()?;
        Ok(Some(last))
    }

    /// Logs a finished scored test. Tests never move the schedule.
    pub fn record_test(&mut self, test: &TestResult) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO tests (started_ms, duration_ms, decks, topics, answers) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                test.started.timestamp_millis(),
                i64::try_from(test.duration_ms).unwrap_or(i64::MAX),
                to_json(&test.decks)?,
                to_json(&test.topics)?,
                to_json(&test.answers)?,
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every scored test, oldest first.
    pub fn test_results(&self) -> Result<Vec<TestResult>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, started_ms, duration_ms, decks, topics, answers FROM tests ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            let id: i64 = row.get(0)?;
            let started = from_ms(row.get(1)?);
            let duration: i64 = row.get(2)?;
            let (decks, topics, answers): (String, String, String) =
                (row.get(3)?, row.get(4)?, row.get(5)?);
            Ok((id, started, duration, decks, topics, answers))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, started, duration, decks, topics, answers) = row?;
            let parse_error = |what: &str| {
                StoreError::Damaged(format!(
                    "Test {id} in the progress file has unreadable {what}."
                ))
            };
            out.push(TestResult {
                id,
                started,
                duration_ms: u64::try_from(duration).unwrap_or(0),
                decks: serde_json::from_str(&decks).map_err(|_| parse_error("decks"))?,
                topics: serde_json::from_str(&topics).map_err(|_| parse_error("topics"))?,
                answers: serde_json::from_str(&answers).map_err(|_| parse_error("answers"))?,
            });
        }
        Ok(out)
    }

    /// Recomputes every card state from the log. Suspension is kept (it lives apart). Returns the
    /// number of cards with a state.
    pub fn rebuild(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut states: HashMap<CardKey, CardState, KeyHash> = HashMap::default();
        {
            let mut stmt =
                tx.prepare(&format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id"))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let review = review_from_row(row)??;
                // Look up before inserting, so the key is moved in once rather than cloned per review.
                match states.get_mut(&review.card) {
                    Some(state) => *state = state.after(&review),
                    None => {
                        let state = CardState::default().after(&review);
                        states.insert(review.card, state);
                    }
                }
            }
        }
        tx.execute("DELETE FROM card_states", [])?;
        // In key order, each row lands at the end of the table's B-tree instead of splitting pages
        // all over it.
        let mut states: Vec<(CardKey, CardState)> = states.into_iter().collect();
        states.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (key, state) in &states {
            save_state(&tx, key, state)?;
        }
        tx.commit()?;
        Ok(states.len())
    }

    /// New cards introduced and reviews answered since `since` (the start of the study day).
    pub fn studied_since(&self, since: DateTime<Utc>) -> Result<DayCounts> {
        let (new, reviews): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(kind = 'learn' AND before_s IS NULL), 0), coalesce(sum(kind = 'review'), 0)
             FROM reviews WHERE at_ms >= ?1",
            [since.timestamp_millis()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(DayCounts {
            new: u32::try_from(new).unwrap_or(u32::MAX),
            reviews: u32::try_from(reviews).unwrap_or(u32::MAX),
        })
    }

    /// The soonest due time after `after` of a card that is not suspended.
    pub fn next_due(&self, after: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let ms: Option<i64> = self.conn.query_row(
            "SELECT min(due_ms) FROM card_states s WHERE due_ms > ?1
             AND NOT EXISTS (SELECT 1 FROM suspended u WHERE u.deck = s.deck AND u.card = s.card)",
            [after.timestamp_millis()],
            |r| r.get(0),
        )?;
        Ok(ms.map(from_ms))
    }

    /// `PRAGMA quick_check` on the open file.
    pub fn quick_check(&self) -> Result<(), Damage> {
        integrity::check_connection(&self.conn, false)
    }

    /// The full `PRAGMA integrity_check` on the open file.
    pub fn integrity_check(&self) -> Result<(), Damage> {
        integrity::check_connection(&self.conn, true)
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Invalid(format!("A test result could not be written: {e}.")))
}

const REVIEW_COLUMNS: &str = "id, at_ms, deck, card, rating, correct, duration_ms, kind, before_s, before_d, after_s, after_d, due_ms";
const STATE_COLUMNS: &str =
    "deck, card, phase, step, stability, difficulty, due_ms, last_ms, lapses, reps";

fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn memory(s: Option<f32>, d: Option<f32>) -> Option<Memory> {
    Some(Memory {
        stability: s?,
        difficulty: d?,
    })
}

fn insert_review(tx: &Transaction, r: &Review) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO reviews (at_ms, deck, card, rating, correct, duration_ms, kind, before_s, before_d, after_s, after_d, due_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        r.at.timestamp_millis(),
        r.card.deck,
        r.card.card,
        r.rating.number(),
        r.correct,
        r.duration_ms,
        r.kind.as_str(),
        r.before.map(|m| m.stability),
        r.before.map(|m| m.difficulty),
        r.after.map(|m| m.stability),
        r.after.map(|m| m.difficulty),
        r.due.map(|d| d.timestamp_millis()),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// A review row, or a plain error when a stored value is out of range.
fn review_from_row(row: &Row) -> rusqlite::Result<Result<Review>> {
    let id: i64 = row.get(0)?;
    let rating: u8 = row.get(4)?;
    let kind = ReviewKind::parse(row.get_ref(7)?.as_str()?);
    let (Some(rating), Some(kind)) = (Rating::from_number(rating), kind) else {
        return Ok(Err(StoreError::Damaged(format!(
            "Review {id} in the progress file has an unknown rating or kind; run `changchun-cards check`."
        ))));
    };
    Ok(Ok(Review {
        id,
        at: from_ms(row.get(1)?),
        card: CardKey::new(row.get::<_, String>(2)?, row.get::<_, String>(3)?),
        rating,
        correct: row.get(5)?,
        duration_ms: row.get(6)?,
        kind,
        before: memory(row.get(8)?, row.get(9)?),
        after: memory(row.get(10)?, row.get(11)?),
        due: row.get::<_, Option<i64>>(12)?.map(from_ms),
    }))
}

fn reviews_for(conn: &Connection, card: &CardKey) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS} FROM reviews WHERE deck = ?1 AND card = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![card.deck, card.card], review_from_row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect()
}

fn state_from_row(row: &Row) -> rusqlite::Result<CardState> {
    Ok(CardState {
        phase: Phase::parse(row.get_ref(2)?.as_str()?).unwrap_or(Phase::New),
        step: row.get(3)?,
        memory: memory(row.get(4)?, row.get(5)?),
        due: row.get::<_, Option<i64>>(6)?.map(from_ms),
        last_review: row.get::<_, Option<i64>>(7)?.map(from_ms),
        lapses: row.get(8)?,
        reps: row.get(9)?,
        suspended: false,
    })
}

/// A state row as today's queue needs it: a card due at or after `day_end` (in ms) has nothing to do
/// today; any other is read in full, and [`crate::schedule::Today::standing`] decides where it stands.
fn due_state_from_row(row: &Row, day_end: i64) -> rusqlite::Result<DueState> {
    Ok(match row.get::<_, Option<i64>>(6)? {
        Some(due) if due >= day_end => DueState::Later,
        _ => DueState::Due(state_from_row(row)?),
    })
}

fn load_state(conn: &Connection, card: &CardKey) -> Result<Option<CardState>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {STATE_COLUMNS} FROM card_states WHERE deck = ?1 AND card = ?2"
        ))?
        .query_row(params![card.deck, card.card], state_from_row)
        .optional()?)
}

fn save_state(conn: &Connection, card: &CardKey, s: &CardState) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_states (deck, card, phase, step, stability, difficulty, due_ms, last_ms, lapses, reps)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        card.deck,
        card.card,
        s.phase.as_str(),
        s.step,
        s.memory.map(|m| m.stability),
        s.memory.map(|m| m.difficulty),
        s.due.map(|d| d.timestamp_millis()),
        s.last_review.map(|d| d.timestamp_millis()),
        s.lapses,
        s.reps,
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(deck: &str, card: &str, minutes: i64) -> Review {
        let at = from_ms(1_700_000_000_000 + minutes * 60_000);
        Review {
            id: 0,
            at,
            card: CardKey::new(deck, card),
            rating: Rating::Good,
            correct: true,
            duration_ms: 1000,
            kind: ReviewKind::Learn,
            before: None,
            after: Some(Memory {
                stability: 2.0,
                difficulty: 5.0,
            }),
            due: Some(at + chrono::Duration::days(2)),
        }
    }

    #[test]
    fn due_states_follow_the_order_of_the_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_path(&dir.path().join(FILE_NAME)).unwrap();
        // Each answer leaves its card due two days later.
        for review in [
            answer("a", "x", 0),
            answer("b", "x", 1),
            answer("gone", "y", 2),
        ] {
            store.record_review(&review).unwrap();
        }
        store.set_suspended(&CardKey::new("a", "z"), true).unwrap();
        let keys = [
            CardKey::new("b", "x"),
            CardKey::new("a", "new"),
            CardKey::new("a", "x"),
            CardKey::new("a", "z"),
            CardKey::new("b", "x"),
        ];
        let all = store.card_states().unwrap();
        let due = |key: &CardKey| DueState::Due(all[key].clone());

        // Three days on, both answered cards are due and read in full.
        let later = from_ms(1_700_000_000_000) + chrono::Duration::days(3);
        let states = store.due_states(&keys, later).unwrap();
        assert_eq!(
            states,
            [
                due(&keys[0]),
                DueState::New,
                due(&keys[2]),
                DueState::Suspended,
                due(&keys[0]),
            ]
        );
        // A day on, nothing is due yet.
        let sooner = from_ms(1_700_000_000_000) + chrono::Duration::days(1);
        let states = store.due_states(&keys, sooner).unwrap();
        assert_eq!(states[0], DueState::Later);
        assert_eq!(states[2], DueState::Later);
        assert_eq!(states[1], DueState::New);
    }
}
