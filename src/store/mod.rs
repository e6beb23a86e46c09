//! The progress store: one SQLite file per profile. The append-only review log is the truth; the
//! card-state table is derived from it (see [`CardState::after`]) and can be rebuilt at any time.

pub mod backup;
pub mod integrity;
pub mod lock;
pub mod profiles;
pub mod schema;
mod stats;
pub mod sync;

pub use crate::schedule::state::{CardState, Phase};
pub use backup::BackupInfo;
pub use integrity::Damage;
pub use lock::ProfileLock;

use crate::data_dir::DataDir;
use crate::key_hash::{ByDeck, CardId, KeyHash};
use crate::review::{CardKey, Memory, Rating, Review, ReviewKind, TestResult};
use crate::schedule::{DayCounts, DueState, Schedulers};
use chrono::{DateTime, Utc};
use rusqlite::{
    Connection, MAIN_DB, OptionalExtension, Row, Statement, Transaction, TransactionBehavior,
    params,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How much of the file SQLite may read through a memory map (faster whole-table reads).
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// The file name of a profile's store inside its folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// Overrides [`busy_timeout`], in milliseconds.
pub const BUSY_TIMEOUT_VAR: &str = "CHANGCHUN_CARDS_BUSY_TIMEOUT_MS";

/// Unset until first asked for or set.
static BUSY_TIMEOUT_MS: AtomicU64 = AtomicU64::new(u64::MAX);

/// How long to wait for a progress file or profile that another program holds before saying so:
/// 5 s, or [`BUSY_TIMEOUT_VAR`] milliseconds, or what [`set_busy_timeout`] set.
pub fn busy_timeout() -> Duration {
    let mut ms = BUSY_TIMEOUT_MS.load(Ordering::Relaxed);
    if ms == u64::MAX {
        ms = std::env::var(BUSY_TIMEOUT_VAR)
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .unwrap_or(5_000)
            .min(u64::MAX - 1);
        BUSY_TIMEOUT_MS.store(ms, Ordering::Relaxed);
    }
    Duration::from_millis(ms)
}

/// Sets [`busy_timeout`] for this process (tests keep it short).
pub fn set_busy_timeout(timeout: Duration) {
    let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    BUSY_TIMEOUT_MS.store(ms.min(u64::MAX - 1), Ordering::Relaxed);
}

/// Why a progress store could not be opened or used. Only [`StoreError::Damaged`] is damage; every
/// other kind leaves the file where and as it is.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// This user may not read the file or its folder (data copied by another user, say).
    #[error(
        "cannot read {}: permission denied. Nothing was changed; the file belongs to another user or its permissions forbid reading it.",
        path.display()
    )]
    PermissionDenied { path: PathBuf },
    /// Another program held the file for longer than the busy timeout.
    #[error(
        "The progress file{} is in use by another program; close it and try again. Nothing was changed.",
        at(path)
    )]
    Busy { path: Option<PathBuf> },
    /// Another window or program of this app has the learner open for writing.
    #[error(
        "This learner (\"{profile}\") is open in another window or program{}; close it there first.",
        holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
    )]
    ProfileInUse {
        profile: String,
        holder: Option<String>,
    },
    /// The folder or the file cannot be written: read-only media, or no permission to write.
    #[error(
        "The folder{} is read-only, so the progress cannot be written there; commands that only read (stats, check, report) still work.",
        at(folder)
    )]
    ReadOnly { folder: Option<PathBuf> },
    /// Written by a newer version of the app; left untouched.
    #[error(
        "The progress file {} was written by a newer Changchun Cards (schema {found}; this version reads up to {}); update the app. The file was left untouched.",
        path.display(),
        schema::VERSION
    )]
    Newer { path: PathBuf, found: u32 },
    /// Real damage: a bad header or size, SQLite's "corrupt" or "not a database", a failed check.
    #[error("{}", damage.describe(path.as_deref().unwrap_or(Path::new("(progress file)"))))]
    Damaged {
        path: Option<PathBuf>,
        damage: Damage,
    },
    /// A record in a sound file that this version cannot understand.
    #[error("{0}")]
    BadRecord(String),
    #[error("{0}")]
    Invalid(String),
    #[error("The progress store failed: {0}.")]
    Sql(rusqlite::Error),
    #[error("{context}: {source}.")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// " PATH" for a message, or nothing.
fn at(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!(" {}", p.display()))
        .unwrap_or_default()
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        integrity::classify(e, None)
    }
}

impl StoreError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether this is real damage to the file (the only error that sets a file aside).
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Damaged { .. })
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

/// What a store is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Studying, rebuilding, restoring: this process becomes the profile's one writer, waiting up
    /// to [`busy_timeout`] for another to let go.
    Write,
    /// Statistics, reports, backups: the profile's lock is taken when free (so a damaged file can
    /// be set aside and the daily backup taken), else the file is only read, beside its writer;
    /// read-only media are read as they are.
    Read,
}

/// How much of a file is checked when it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Its size, its header and `PRAGMA quick_check`, which reads every page: the command line,
    /// and the app opening a file again after the check of its pages failed.
    Now,
    /// Its size and header only; the pages are read by [`Store::check_pages_later`] afterwards,
    /// beside the work of the first screen (the app: the check of a large file takes longer than
    /// the rest of opening it). The daily backup waits for that check too, so that a damaged file
    /// never takes the place of a sound backup.
    PagesLater,
}

/// One profile's progress.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held while this store may write; none for a store only read.
    lock: Option<ProfileLock>,
    /// Counts this store as open on its file until the connection above has closed.
    _open: Option<integrity::OpenFile>,
}

impl Store {
    /// Opens (or creates) a profile's store for writing; see [`Store::open_for`].
    pub fn open(data: &DataDir, profile: &str) -> Result<Opened> {
        Store::open_for(data, profile, Access::Write)
    }

    /// Opens a profile's store, checking every page first; see [`Store::open_with`].
    pub fn open_for(data: &DataDir, profile: &str, access: Access) -> Result<Opened> {
        Store::open_with(data, profile, access, Check::Now)
    }

    /// Opens a profile's store. A damaged file is set aside (never deleted) and a fresh store
    /// started; a file out of reach for any other reason is refused as it is. A daily automatic
    /// backup is taken when one is due. `check` says whether the pages are checked now or later.
    pub fn open_with(
        data: &DataDir,
        profile: &str,
        access: Access,
        check: Check,
    ) -> Result<Opened> {
        let dir = profiles::folder(data, profile)?;
        let path = dir.join(FILE_NAME);
        let exists = integrity::exists(&path)?;
        // Already open in this process (the app reopening its own profile): checked when it was
        // first opened, and not to be opened by anything but SQLite now.
        let ours = lock::held_by_this_process(&dir);
        // A file this user cannot read, or that is not a file, is refused before anything else.
        if exists
            && !ours
            && let Err(e) = integrity::check_file(&path)
            && !e.is_damage()
        {
            return Err(e);
        }
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return match (lock::cannot_write(&e), access) {
                (true, Access::Read) if !exists => Store::empty(path),
                (true, Access::Read) => Store::open_to_read(path),
                (true, Access::Write) => Err(StoreError::ReadOnly { folder: Some(dir) }),
                (false, _) => Err(StoreError::io(
                    format!("The profile folder {} could not be made", dir.display()),
                    e,
                )),
            };
        }
        let wait = match access {
            Access::Write => busy_timeout(),
            Access::Read => Duration::ZERO,
        };
        let lock = match (lock::acquire(&dir, wait), access) {
            (Ok(lock), _) => lock,
            (Err(lock::LockError::Held { holder }), Access::Write) => {
                return Err(StoreError::ProfileInUse {
                    profile: profile.to_owned(),
                    holder,
                });
            }
            (Err(lock::LockError::ReadOnly { folder }), Access::Write) => {
                return Err(StoreError::ReadOnly {
                    folder: Some(folder),
                });
            }
            (Err(lock::LockError::Io(e)), _) => {
                return Err(StoreError::io(
                    format!("The profile folder {} could not be locked", dir.display()),
                    e,
                ));
            }
            // Read beside the writer, or from read-only media, changing nothing.
            (Err(_), Access::Read) if exists => return Store::open_to_read(path),
            (Err(_), Access::Read) => return Store::empty(path),
        };
        let mut set_aside = if exists && !ours {
            set_aside_if_damaged(&path, check)?
        } else {
            None
        };
        let mut store = match Store::open_path(&path) {
            Ok(store) => store,
            Err(StoreError::ReadOnly { .. }) if access == Access::Read => {
                return Store::open_to_read(path);
            }
            // Damage met before the pages were checked (the schema itself could not be read):
            // check them all now, which sets the file aside, and start afresh.
            Err(e) if e.is_damage() && check == Check::PagesLater && exists && !ours => {
                set_aside = set_aside_if_damaged(&path, Check::Now)?;
                Store::open_path(&path)?
            }
            Err(e) => return Err(e),
        };
        store.lock = Some(lock);
        let mut warnings = Vec::new();
        if check == Check::Now {
            warnings.extend(store.daily_backup());
        }
        Ok(Opened {
            store,
            set_aside,
            warnings,
        })
    }

    /// The daily backup when one is due; a sentence for the learner when it failed.
    fn daily_backup(&self) -> Option<String> {
        self.backup_if_due(Utc::now())
            .err()
            .map(|e| format!("The automatic daily backup failed: {e}"))
    }

    /// What [`Check::PagesLater`] left for later: `PRAGMA quick_check` over every page of the file
    /// at `path` on a read-only connection (damage is returned, nothing is moved), then the daily
    /// backup when one is due. Gives sentences for the learner (a backup that failed).
    pub fn check_pages_later(path: &Path) -> Result<Vec<String>> {
        integrity::check_pages(path)?;
        Ok(Store::open_path(path)?.daily_backup().into_iter().collect())
    }

    /// Opens a store file, setting a damaged one aside first: no lock and no automatic backup.
    pub fn open_checked(path: &Path) -> Result<Opened> {
        let set_aside = if integrity::exists(path)? {
            set_aside_if_damaged(path, Check::Now)?
        } else {
            None
        };
        Ok(Opened {
            store: Store::open_path(path)?,
            set_aside,
            warnings: Vec::new(),
        })
    }

    /// A store only read: beside another program writing it, or on read-only media. Nothing is
    /// migrated, set aside or backed up.
    fn open_to_read(path: PathBuf) -> Result<Opened> {
        integrity::check_file(&path)?;
        let (conn, note) = integrity::open_read_only(&path)?;
        let _ = conn.pragma_update(None, "mmap_size", MMAP_BYTES);
        integrity::check_connection(&conn, &path, false)?;
        match schema::version(&conn)? {
            0 => return Store::empty(path),
            schema::VERSION => {}
            _ => {
                return Err(StoreError::Invalid(format!(
                    "The progress file {} is from an earlier version and must be upgraded before it can be read; open it once where it can be written, with no other window on it.",
                    path.display()
                )));
            }
        }
        Ok(Opened {
            store: Store {
                _open: Some(integrity::OpenFile::new(&path)),
                conn,
                path,
                lock: None,
            },
            set_aside: None,
            warnings: note.into_iter().collect(),
        })
    }

    /// A store with no progress yet, where none can be made: in memory, never saved.
    fn empty(path: PathBuf) -> Result<Opened> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Opened {
            store: Store {
                conn,
                path,
                lock: None,
                _open: None,
            },
            set_aside: None,
            warnings: Vec::new(),
        })
    }

    /// Opens or creates a store file as it is: no lock and no damage handling, for a second
    /// connection of the process that holds the profile, and for tests and tools. Errors say what
    /// kept the file out of reach.
    pub fn open_path(path: &Path) -> Result<Store> {
        let classify = |e: rusqlite::Error| integrity::classify(e, Some(path));
        let mut conn = Connection::open(path).map_err(classify)?;
        conn.busy_timeout(busy_timeout())?;
        let found = schema::version(&conn).map_err(classify)?;
        if found > schema::VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found,
            });
        }
        // SQLite quietly opens a file it may not write read-only; a writer must know now.
        if conn.is_readonly(MAIN_DB)? {
            return Err(StoreError::ReadOnly {
                folder: path.parent().map(Path::to_path_buf),
            });
        }
        // WAL lets a crash lose nothing committed; FULL syncs each commit to disk before returning.
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
            .map_err(classify)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "The progress file {} could not switch to write-ahead logging (it reports \"{mode}\").",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        schema::migrate(&mut conn).map_err(classify)?;
        // The device id belongs to this computer and this place from the first time it is opened
        // here; a copy of the file elsewhere then takes an id of its own when it syncs. Best
        // effort: damage met here is met again, and told, by what reads the file next, and a
        // claim left undone is made by the first sync.
        let unclaimed = conn.query_row("SELECT machine = '' FROM device", [], |r| r.get(0));
        if unclaimed == Ok(true) {
            let _ = conn.execute("UPDATE device SET machine = ?1", [sync::machine(path)]);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            lock: None,
            _open: Some(integrity::OpenFile::new(path)),
        })
    }

    /// A write transaction that takes SQLite's write lock at once: waiting for it happens here,
    /// within the busy timeout, instead of failing on the first write after reading.
    fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Whether this store holds its profile's lock (the one writer).
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Logs one answer and updates its card's state, committed before returning. Returns the row id.
    pub fn record_review(&mut self, review: &Review) -> Result<i64> {
        self.record_answer(review, false)
    }

    /// [`Store::record_review`], noting in the same transaction when the learner overrode the
    /// checker ("I was right"), so statistics can tell such answers from the ones checked right.
    pub fn record_answer(&mut self, review: &Review, overridden: bool) -> Result<i64> {
        let tx = self.write()?;
        let origin = next_origin(&tx, Counter::Review)?;
        let id = insert_review(&tx, review, &origin)?;
        if overridden {
            tx.execute("INSERT INTO overrides (review_id) VALUES (?1)", [id])?;
        }
        // A clock set back, or an answer merged from a computer whose clock runs ahead, may put
        // this answer before others in the card's history: then the state is worked out from the
        // whole history in its order, as rebuilding would.
        // So may a reset at or after it (made on a computer whose clock runs ahead).
        let out_of_order: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE deck = ?1 AND card = ?2
                 AND (at_ms > ?3 OR (at_ms = ?3 AND device > ?4)))
                 OR EXISTS (SELECT 1 FROM resets WHERE deck = ?1 AND card = ?2 AND at_ms >= ?3)",
            )?
            .query_row(
                params![
                    review.card.deck,
                    review.card.card,
                    review.at.timestamp_millis(),
                    origin.device
                ],
                |r| r.get(0),
            )?;
        if out_of_order {
            let since = reviews_since_reset(&tx, &review.card)?;
            if since.is_empty() {
                delete_state(&tx, &review.card)?;
            } else {
                save_state(&tx, &review.card, &CardState::replay(&since))?;
            }
        } else {
            let state = load_state(&tx, &review.card)?
                .unwrap_or_default()
                .after(review);
            save_state(&tx, &review.card, &state)?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Appends many reviews in one transaction (imports and synthetic profiles), then rebuilds.
    pub fn import_reviews(&mut self, reviews: &[Review]) -> Result<usize> {
        let tx = self.write()?;
        let first = reserve(&tx, Counter::Review, reviews.len())?;
        {
            let mut insert = tx.prepare(INSERT_REVIEW)?;
            for (review, seq) in reviews.iter().zip(first.seq..) {
                let origin = Origin {
                    seq,
                    ..first.clone()
                };
                insert_review_with(&mut insert, review, &origin)?;
            }
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

    /// When a card was reset to new, oldest first.
    pub fn resets_for(&self, card: &CardKey) -> Result<Vec<DateTime<Utc>>> {
        Ok(resets_for(&self.conn, card)?
            .into_iter()
            .map(from_ms)
            .collect())
    }

    /// The ids of the reviews the learner overrode ("I was right"), oldest first.
    pub fn overridden_reviews(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT review_id FROM overrides ORDER BY review_id")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<i64>>>()?)
    }

    /// The row id of this device's newest review, if any: the one an undo takes back (answers
    /// merged from other devices are never undone here).
    pub fn newest_own_review_id(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT id FROM reviews WHERE device = (SELECT id FROM device) ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        ).optional()?)
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
        for key in self.suspended_cards()? {
            states.entry(key).or_default().suspended = true;
        }
        Ok(states)
    }

    /// The cards the learner suspended.
    pub fn suspended_cards(&self) -> Result<Vec<CardKey>> {
        let mut stmt = self.conn.prepare("SELECT deck, card FROM suspended")?;
        let keys = stmt.query_map([], |r| {
            Ok(CardKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
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

    /// Resets cards to new (Anki's "Forget"), in one transaction: each gets a reset record (which
    /// syncs like an answer), and its state is worked out again from its answers after `at` only,
    /// so it is new unless answered since. Every answer stays in the log. Gives each card's new
    /// state, suspension kept.
    pub fn reset_cards(
        &mut self,
        cards: &[CardKey],
        at: DateTime<Utc>,
        schedulers: &Schedulers,
    ) -> Result<Vec<(CardKey, CardState)>> {
        let mut cards: Vec<&CardKey> = cards.iter().collect();
        cards.sort_unstable();
        cards.dedup();
        let tx = self.write()?;
        let first = reserve(&tx, Counter::Review, cards.len())?;
        let mut out = Vec::with_capacity(cards.len());
        for (card, seq) in cards.into_iter().zip(first.seq..) {
            insert_reset(
                &tx,
                card,
                at,
                &Origin {
                    seq,
                    ..first.clone()
                },
            )?;
            let mut state = sync::reschedule_card(&tx, card, schedulers)?.unwrap_or_default();
            state.suspended = tx
                .prepare_cached("SELECT 1 FROM suspended WHERE deck = ?1 AND card = ?2")?
                .exists(params![card.deck, card.card])?;
            out.push((card.clone(), state));
        }
        tx.commit()?;
        Ok(out)
    }

    /// When each card was reset to new, oldest first.
    pub fn resets(&self) -> Result<crate::review::Resets> {
        let mut stmt = self
            .conn
            .prepare("SELECT deck, card, at_ms FROM resets ORDER BY deck, card, at_ms")?;
        let mut rows = stmt.query([])?;
        let mut resets = crate::review::Resets::new();
        while let Some(row) = rows.next()? {
            let key = CardKey::new(text(row, 0)?, text(row, 1)?);
            resets.entry(key).or_default().push(from_ms(row.get(2)?));
        }
        Ok(resets)
    }

    /// Takes back this device's newest review and recomputes its card's state from what remains,
    /// in one transaction. The undo is recorded (so it reaches the learner's other devices) before
    /// the review leaves the log. Returns the review taken back, or `None` when there is none.
    pub fn undo_last_review(&mut self, schedulers: &Schedulers) -> Result<Option<Review>> {
        let tx = self.write()?;
        let last = tx
            .query_row(
                &format!(
                    "SELECT {REVIEW_COLUMNS}, seq FROM reviews
                     WHERE device = (SELECT id FROM device) ORDER BY seq DESC LIMIT 1"
                ),
                [],
                |row| Ok((review_from_row(row)?, row.get::<_, i64>(13)?)),
            )
            .optional()?;
        let Some((last, seq)) = last else {
            return Ok(None);
        };
        let last = last?;
        tx.execute(
            "INSERT OR IGNORE INTO undone (device, seq) SELECT id, ?1 FROM device",
            [seq],
        )?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [last.id])?;
        // Answers merged from another device may follow it in the card's history: they are
        // scheduled again without it, as every other device will do when the undo reaches it.
        sync::reschedule_card(&tx, &last.card, schedulers)?;
        tx.commit()?;
        Ok(Some(last))
    }

    /// Logs a finished scored test. Tests never move the schedule.
    pub fn record_test(&mut self, test: &TestResult) -> Result<i64> {
        let tx = self.write()?;
        let origin = next_origin(&tx, Counter::Quiz)?;
        let id = insert_test(&tx, test, &origin)?;
        tx.commit()?;
        Ok(id)
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
                StoreError::BadRecord(format!(
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
        let tx = self.write()?;
        let mut states: HashMap<CardKey, CardState, KeyHash> = HashMap::default();
        // A card's state starts after its latest reset.
        let mut latest_reset: HashMap<CardKey, i64, KeyHash> = HashMap::default();
        {
            let mut stmt =
                tx.prepare("SELECT deck, card, max(at_ms) FROM resets GROUP BY deck, card")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                latest_reset.insert(CardKey::new(text(row, 0)?, text(row, 1)?), row.get(2)?);
            }
        }
        {
            let mut stmt = tx.prepare(&format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY {HISTORY_ORDER}"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let review = review_from_row(row)??;
                if latest_reset
                    .get(&review.card)
                    .is_some_and(|&reset| review.at.timestamp_millis() <= reset)
                {
                    continue;
                }
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
        Store::forget_stats_summary(&tx)?;
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

    /// New cards introduced since `since` (the start of the study day), by deck: the decks with a
    /// daily new limit of their own count against it.
    pub fn new_cards_by_deck_since(&self, since: DateTime<Utc>) -> Result<HashMap<String, u32>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT deck, count(*) FROM reviews WHERE at_ms >= ?1 AND kind = 'learn' AND before_s IS NULL
             GROUP BY deck",
        )?;
        let rows = stmt.query_map([since.timestamp_millis()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut by_deck = HashMap::new();
        for row in rows {
            let (deck, n) = row?;
            by_deck.insert(deck, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(by_deck)
    }

    /// The reviews logged since `since`, oldest first.
    pub fn reviews_since(&self, since: DateTime<Utc>) -> Result<Vec<Review>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE at_ms >= ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([since.timestamp_millis()], review_from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
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
    pub fn quick_check(&self) -> Result<()> {
        integrity::check_connection(&self.conn, &self.path, false)
    }

    /// The full `PRAGMA integrity_check` on the open file.
    pub fn integrity_check(&self) -> Result<()> {
        integrity::check_connection(&self.conn, &self.path, true)
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Checks a file's size and header and, with [`Check::Now`], runs `PRAGMA quick_check`; real
/// damage is set aside, anything else that keeps the file out of reach is returned as it is.
fn set_aside_if_damaged(path: &Path, check: Check) -> Result<Option<SetAside>> {
    let found = match check {
        Check::Now => integrity::check_pages(path),
        Check::PagesLater => integrity::check_file(path),
    };
    match found {
        Ok(()) => Ok(None),
        Err(StoreError::Damaged { damage, .. }) => set_aside(path, &damage).map(Some),
        Err(e) => Err(e),
    }
}

/// Moves a damaged file aside and says so, offering the newest backup.
fn set_aside(path: &Path, damage: &Damage) -> Result<SetAside> {
    let message = damage.describe(path);
    if !integrity::wait_until_closed(path, busy_timeout()) {
        return Err(StoreError::Invalid(format!(
            "{message} It is still open in this window, so it was left where it is; close the app and open it again to set it aside."
        )));
    }
    let kept = integrity::set_aside(path)
        .map_err(|e| StoreError::io(format!("{message} It could not be moved aside"), e))?;
    let newest_backup = backup::list_in(&backup::folder_for(path))
        .into_iter()
        .find(|b| !b.future)
        .map(|b| b.path);
    let offer = match &newest_backup {
        Some(b) => format!(
            " The newest backup is {}; restore it with `changchun-cards restore`.",
            b.display()
        ),
        None => " There is no backup to restore.".to_owned(),
    };
    Ok(SetAside {
        message: format!(
            "{message} It was kept as {} and a fresh progress file was started.{offer}",
            kept.display()
        ),
        kept,
        newest_backup,
    })
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

/// The order of a card's history, the same on every device: by time, an answer from another device
/// at the same millisecond after the one from the device with the smaller id.
const HISTORY_ORDER: &str = "at_ms, device, seq";

/// Where a review or quiz was made: the device and its number there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub device: String,
    pub seq: i64,
}

#[derive(Debug, Clone, Copy)]
enum Counter {
    Review,
    Quiz,
}

/// This device's id and the next number of `counter`, which is then used up (a number is never
/// given twice, not even after an undo).
fn next_origin(tx: &Transaction, counter: Counter) -> Result<Origin> {
    reserve(tx, counter, 1)
}

/// Uses up `count` numbers of `counter` at once; gives the first.
fn reserve(tx: &Transaction, counter: Counter, count: usize) -> Result<Origin> {
    let column = match counter {
        Counter::Review => "next_review",
        Counter::Quiz => "next_quiz",
    };
    let (device, seq) = tx.query_row(&format!("SELECT id, {column} FROM device"), [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    tx.execute(
        &format!("UPDATE device SET {column} = {column} + ?1"),
        [count],
    )?;
    Ok(Origin { device, seq })
}

fn insert_test(tx: &Transaction, test: &TestResult, origin: &Origin) -> Result<i64> {
    tx.execute(
        "INSERT INTO tests (started_ms, duration_ms, decks, topics, answers, device, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            test.started.timestamp_millis(),
            i64::try_from(test.duration_ms).unwrap_or(i64::MAX),
            to_json(&test.decks)?,
            to_json(&test.topics)?,
            to_json(&test.answers)?,
            origin.device,
            origin.seq,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_review(tx: &Transaction, r: &Review, origin: &Origin) -> Result<i64> {
    insert_review_with(&mut *tx.prepare_cached(INSERT_REVIEW)?, r, origin)
}

const INSERT_REVIEW: &str = "INSERT INTO reviews (at_ms, deck, card, rating, correct, duration_ms, kind, before_s, before_d, after_s, after_d, due_ms, device, seq)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// Logs an answer through `INSERT_REVIEW` prepared once, as loops over many answers do: looking a
/// statement up in the cache hashes its text each time. Gives the answer's row id.
fn insert_review_with(insert: &mut Statement, r: &Review, origin: &Origin) -> Result<i64> {
    Ok(insert.insert(params![
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
        origin.device,
        origin.seq,
    ])?)
}

/// A text column of a row, borrowed.
fn text<'r>(row: &'r Row, column: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(column)?.as_str()?)
}

/// A review whose rating or kind this version does not know.
fn bad_review(id: i64) -> StoreError {
    StoreError::BadRecord(format!(
        "Review {id} in the progress file has an unknown rating or kind; run `changchun-cards check`."
    ))
}

/// A review row, or a plain error when a stored value is out of range.
fn review_from_row(row: &Row) -> rusqlite::Result<Result<Review>> {
    let id: i64 = row.get(0)?;
    let rating: u8 = row.get(4)?;
    let kind = ReviewKind::parse(row.get_ref(7)?.as_str()?);
    let (Some(rating), Some(kind)) = (Rating::from_number(rating), kind) else {
        return Ok(Err(bad_review(id)));
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
        "SELECT {REVIEW_COLUMNS} FROM reviews WHERE deck = ?1 AND card = ?2 ORDER BY {HISTORY_ORDER}"
    ))?;
    let rows = stmt.query_map(params![card.deck, card.card], review_from_row)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect()
}

/// Every card's reset instants (ms), oldest first.
fn all_resets(conn: &Connection) -> Result<HashMap<CardKey, Vec<i64>>> {
    let mut stmt =
        conn.prepare("SELECT deck, card, at_ms FROM resets ORDER BY deck, card, at_ms")?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<CardKey, Vec<i64>> = HashMap::new();
    while let Some(row) = rows.next()? {
        out.entry(CardKey::new(text(row, 0)?, text(row, 1)?))
            .or_default()
            .push(row.get(2)?);
    }
    Ok(out)
}

/// The instants (ms) a card was reset at, oldest first.
fn resets_for(conn: &Connection, card: &CardKey) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached("SELECT at_ms FROM resets WHERE deck = ?1 AND card = ?2 ORDER BY at_ms")?;
    let rows = stmt.query_map(params![card.deck, card.card], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A card's reviews after its latest reset, in the order of its history: what its state is
/// worked out from.
fn reviews_since_reset(conn: &Connection, card: &CardKey) -> Result<Vec<Review>> {
    let reset = resets_for(conn, card)?.last().copied().unwrap_or(i64::MIN);
    let mut reviews = reviews_for(conn, card)?;
    reviews.retain(|r| r.at.timestamp_millis() > reset);
    Ok(reviews)
}

fn insert_reset(
    tx: &Transaction,
    card: &CardKey,
    at: DateTime<Utc>,
    origin: &Origin,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO resets (device, seq, at_ms, deck, card) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        origin.device,
        origin.seq,
        at.timestamp_millis(),
        card.deck,
        card.card
    ])?;
    Ok(())
}

fn delete_state(conn: &Connection, card: &CardKey) -> Result<()> {
    conn.prepare_cached("DELETE FROM card_states WHERE deck = ?1 AND card = ?2")?
        .execute(params![card.deck, card.card])?;
    Ok(())
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
