//! The store's side of a sync between a learner's devices: the records this device made, and the
//! merge of the records other devices made. Merging is a union: a record already here changes
//! nothing, so the same records merged twice, or in any order, leave the same log.

use super::{
    HISTORY_ORDER, INSERT_REVIEW, Origin, REVIEW_COLUMNS, Result, Store, insert_review_with,
    insert_test, review_from_row, save_state,
};
use crate::review::{CardKey, Memory, Review, ReviewKind, TestResult};
use crate::schedule::{CardState, Schedulers};
use chrono::{DateTime, Utc};
use rusqlite::{Statement, Transaction, params};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One entry of a device's log as it travels between devices.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// An answer, and whether the learner overrode the checker ("I was right").
    Review {
        origin: Origin,
        review: Review,
        overridden: bool,
    },
    /// The answer `origin` was taken back.
    Undo {
        origin: Origin,
    },
    Quiz {
        origin: Origin,
        result: TestResult,
    },
    /// The card was reset to new at `at`: its schedule starts over, its answers stay.
    Reset {
        origin: Origin,
        card: CardKey,
        at: DateTime<Utc>,
    },
}

impl Record {
    pub fn origin(&self) -> &Origin {
        match self {
            Record::Review { origin, .. }
            | Record::Undo { origin }
            | Record::Quiz { origin, .. }
            | Record::Reset { origin, .. } => origin,
        }
    }
}

/// This file's ids, now and before it was copied or moved.
const OURS: &str = "(SELECT id FROM device UNION SELECT id FROM retired_devices)";

/// How far a log of the sync folder has been read: the records in its first `len` bytes (whose
/// CRC-32 is `crc`) are merged, and `settings` is the newest settings record among them (its
/// line's JSON). For this device's own log, `own` says what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LogCursor {
    pub len: u64,
    pub crc: u32,
    pub settings: Option<String>,
    pub own: Option<OwnMarks>,
}

/// What of this device's records its own log holds: its answers and resets (numbered together)
/// and quizzes up to these numbers, and its undos up to this one in the order they were recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OwnMarks {
    pub reviews: i64,
    pub quizzes: i64,
    pub undos: i64,
}

/// What a merge added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    pub reviews: usize,
    pub undone: usize,
    pub quizzes: usize,
    pub resets: usize,
    /// The new state of every card whose history changed (`None`: new, with no answer left since
    /// its latest reset).
    pub cards: HashMap<CardKey, Option<CardState>>,
}

impl Merged {
    pub fn is_empty(&self) -> bool {
        self.reviews == 0 && self.undone == 0 && self.quizzes == 0 && self.resets == 0
    }
}

/// The records a store holds, by device then number, to tell what is new.
#[derive(Debug, Default)]
struct Known {
    reviews: HashMap<String, HashSet<i64>>,
    undone: HashMap<String, HashSet<i64>>,
    quizzes: HashMap<String, HashSet<i64>>,
    resets: HashMap<String, HashSet<i64>>,
}

fn has(map: &HashMap<String, HashSet<i64>>, origin: &Origin) -> bool {
    map.get(&origin.device)
        .is_some_and(|seqs| seqs.contains(&origin.seq))
}

fn add(map: &mut HashMap<String, HashSet<i64>>, origin: &Origin) -> bool {
    match map.get_mut(&origin.device) {
        Some(seqs) => seqs.insert(origin.seq),
        None => {
            map.insert(origin.device.clone(), HashSet::from([origin.seq]));
            true
        }
    }
}

/// The computer and the place of a progress file: its host name and full path.
pub fn machine(path: &Path) -> String {
    let place = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!(
        "{}:{}",
        gethostname::gethostname().to_string_lossy(),
        place.display()
    )
}

impl Store {
    /// This device's id: random, made when the file was created (or upgraded to sync).
    pub fn device_id(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT id FROM device", [], |r| r.get(0))?)
    }

    /// Makes sure this file's device id was made for `machine` (the computer and the file's
    /// place): a file copied to another computer or place takes a new id, keeping the old one as
    /// retired, so the two copies never write one log. Gives the id in force.
    pub fn claim_device(&mut self, machine: &str) -> Result<String> {
        let tx = self.write()?;
        let (id, claimed): (String, String) =
            tx.query_row("SELECT id, machine FROM device", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let id = if claimed.is_empty() {
            tx.execute("UPDATE device SET machine = ?1", [machine])?;
            id
        } else if claimed != machine {
            tx.execute(
                "INSERT OR IGNORE INTO retired_devices (id) VALUES (?1)",
                [&id],
            )?;
            tx.execute(
                "UPDATE device SET id = lower(hex(randomblob(8))), machine = ?1",
                [machine],
            )?;
            tx.query_row("SELECT id FROM device", [], |r| r.get(0))?
        } else {
            id
        };
        tx.commit()?;
        Ok(id)
    }

    /// The records this file made (under its id now or a retired one) after `marks` (all of them
    /// with none), and the marks they reach:
    /// read in one snapshot, so that an answer logged meanwhile is either in both or in neither.
    pub fn own_records_after(&self, marks: Option<OwnMarks>) -> Result<(Vec<Record>, OwnMarks)> {
        let tx = self.conn.unchecked_transaction()?;
        let reached = OwnMarks {
            reviews: tx.query_row("SELECT next_review - 1 FROM device", [], |r| r.get(0))?,
            quizzes: tx.query_row("SELECT next_quiz - 1 FROM device", [], |r| r.get(0))?,
            undos: tx.query_row(
                &format!("SELECT coalesce(max(n), 0) FROM undone WHERE device IN {OURS}"),
                [],
                |r| r.get(0),
            )?,
        };
        let records = self.own_records_in(&tx, marks)?;
        tx.commit()?;
        Ok((records, reached))
    }

    /// This file's records (all, or only those of its current id past `after`).
    fn own_records_in(&self, tx: &Transaction, after: Option<OwnMarks>) -> Result<Vec<Record>> {
        let (reviews, quizzes, undos) = match after {
            None => (
                format!("device IN {OURS}"),
                format!("device IN {OURS}"),
                format!("device IN {OURS}"),
            ),
            Some(m) => (
                format!("device = (SELECT id FROM device) AND seq > {}", m.reviews),
                format!("device = (SELECT id FROM device) AND seq > {}", m.quizzes),
                format!("device IN {OURS} AND n > {}", m.undos),
            ),
        };
        // Resets take their numbers from the answers' counter.
        let resets = &reviews;
        let mut out = Vec::new();
        let mut stmt = tx.prepare(&format!(
            "SELECT {REVIEW_COLUMNS}, device, seq, EXISTS (SELECT 1 FROM overrides WHERE review_id = reviews.id)
             FROM reviews WHERE {reviews} ORDER BY device, seq"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            out.push(Record::Review {
                review: review_from_row(row)??,
                origin: Origin {
                    device: row.get(13)?,
                    seq: row.get(14)?,
                },
                overridden: row.get(15)?,
            });
        }
        for (origin, result) in self.quizzes_with_origin(&quizzes)? {
            out.push(Record::Quiz { origin, result });
        }
        let mut stmt = tx.prepare(&format!(
            "SELECT device, seq FROM undone WHERE {undos} ORDER BY n"
        ))?;
        let origins = stmt.query_map([], |r| {
            Ok(Origin {
                device: r.get(0)?,
                seq: r.get(1)?,
            })
        })?;
        for origin in origins {
            out.push(Record::Undo { origin: origin? });
        }
        let mut stmt = tx.prepare(&format!(
            "SELECT device, seq, at_ms, deck, card FROM resets WHERE {resets} ORDER BY device, seq"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            out.push(Record::Reset {
                origin: Origin {
                    device: row.get(0)?,
                    seq: row.get(1)?,
                },
                at: super::from_ms(row.get(2)?),
                card: CardKey::new(super::text(row, 3)?, super::text(row, 4)?),
            });
        }
        Ok(out)
    }

    /// This file's own quizzes that meet `filter` (an SQL condition on `tests`).
    fn quizzes_with_origin(&self, filter: &str) -> Result<Vec<(Origin, TestResult)>> {
        let mut origins: HashMap<i64, Origin> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT id, device, seq FROM tests WHERE {filter}"))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Origin {
                    device: r.get(1)?,
                    seq: r.get(2)?,
                },
            ))
        })?;
        for row in rows {
            let (id, origin) = row?;
            origins.insert(id, origin);
        }
        if origins.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<(Origin, TestResult)> = self
            .test_results()?
            .into_iter()
            .filter_map(|t| Some((origins.remove(&t.id)?, t)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// How far each log of the sync folder was read, by its path.
    pub fn log_cursors(&self) -> Result<HashMap<String, LogCursor>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, len, crc, settings, reviews, quizzes, undos FROM sync_logs")?;
        let rows = stmt.query_map([], |r| {
            let own = match (r.get(4)?, r.get(5)?, r.get(6)?) {
                (Some(reviews), Some(quizzes), Some(undos)) => Some(OwnMarks {
                    reviews,
                    quizzes,
                    undos,
                }),
                _ => None,
            };
            Ok((
                r.get::<_, String>(0)?,
                LogCursor {
                    len: r.get(1)?,
                    crc: r.get(2)?,
                    settings: r.get(3)?,
                    own,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps how far the folder's logs were read (the logs not named are forgotten).
    pub fn set_log_cursors(&mut self, cursors: &[(String, LogCursor)]) -> Result<()> {
        let tx = self.write()?;
        tx.execute("DELETE FROM sync_logs", [])?;
        for (path, c) in cursors {
            tx.execute(
                "INSERT INTO sync_logs (path, len, crc, settings, reviews, quizzes, undos)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    path,
                    c.len,
                    c.crc,
                    c.settings,
                    c.own.map(|m| m.reviews),
                    c.own.map(|m| m.quizzes),
                    c.own.map(|m| m.undos),
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn known(tx: &Transaction) -> Result<Known> {
        let mut known = Known::default();
        for (table, map) in [
            ("reviews", &mut known.reviews),
            ("undone", &mut known.undone),
            ("tests", &mut known.quizzes),
            ("resets", &mut known.resets),
        ] {
            let mut stmt = tx.prepare(&format!("SELECT device, seq FROM {table}"))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let device = super::text(row, 0)?;
                let seq: i64 = row.get(1)?;
                match map.get_mut(device) {
                    Some(seqs) => {
                        seqs.insert(seq);
                    }
                    None => {
                        map.insert(device.to_owned(), HashSet::from([seq]));
                    }
                }
            }
        }
        Ok(known)
    }

    /// Adds the records not yet here, in one transaction, and schedules again, through
    /// `schedulers`, the history of every card that gained or lost an answer: its state then is
    /// what answering in that order would have given, whichever device logged which answer.
    /// Records of this device that the file lost (a backup restored) come back, and its numbers
    /// move past them.
    pub fn merge(&mut self, records: Vec<Record>, schedulers: &Schedulers) -> Result<Merged> {
        // A merge of many answers touches pages all over the log's indexes: a larger page cache
        // for this connection keeps them from being read and written again and again.
        self.conn
            .pragma_update(None, "cache_size", MERGE_CACHE_KIB)?;
        let tx = self.write()?;
        let mut known = Store::known(&tx)?;
        let device: String = tx.query_row("SELECT id FROM device", [], |r| r.get(0))?;
        let mut merged = Merged::default();
        let (mut own_review, mut own_quiz) = (0_i64, 0_i64);
        // Undos first, so an answer and its undo met in one merge never enter the log.
        let undos: Vec<Origin> = records
            .iter()
            .filter_map(|r| match r {
                Record::Undo { origin } => Some(origin.clone()),
                _ => None,
            })
            .collect();
        let mut touched: HashMap<CardKey, Vec<Incoming>> = HashMap::new();
        for origin in undos {
            if !add(&mut known.undone, &origin) {
                continue;
            }
            tx.execute(
                "INSERT INTO undone (device, seq) VALUES (?1, ?2)",
                params![origin.device, origin.seq],
            )?;
            merged.undone += 1;
            if has(&known.reviews, &origin)
                && let Some(card) = remove_review(&tx, &origin)?
            {
                touched.entry(card).or_default();
            }
        }
        for record in records {
            match record {
                Record::Undo { .. } => {}
                Record::Review {
                    origin,
                    review,
                    overridden,
                } => {
                    if has(&known.undone, &origin) || !add(&mut known.reviews, &origin) {
                        continue;
                    }
                    if origin.device == device {
                        own_review = own_review.max(origin.seq);
                    }
                    merged.reviews += 1;
                    let incoming = Incoming {
                        origin,
                        review,
                        overridden,
                    };
                    // The key is cloned only for a card met the first time.
                    match touched.get_mut(&incoming.review.card) {
                        Some(new) => new.push(incoming),
                        None => {
                            touched.insert(incoming.review.card.clone(), vec![incoming]);
                        }
                    }
                }
                Record::Quiz { origin, result } => {
                    if !add(&mut known.quizzes, &origin) {
                        continue;
                    }
                    if origin.device == device {
                        own_quiz = own_quiz.max(origin.seq);
                    }
                    insert_test(&tx, &result, &origin)?;
                    merged.quizzes += 1;
                }
                Record::Reset { origin, card, at } => {
                    if !add(&mut known.resets, &origin) {
                        continue;
                    }
                    if origin.device == device {
                        own_review = own_review.max(origin.seq);
                    }
                    super::insert_reset(&tx, &card, at, &origin)?;
                    merged.resets += 1;
                    touched.entry(card).or_default();
                }
            }
        }
        tx.execute(
            "UPDATE device SET next_review = max(next_review, ?1 + 1), next_quiz = max(next_quiz, ?2 + 1)",
            params![own_review, own_quiz],
        )?;
        // Each touched card's history here, with the new answers put in their places, is
        // scheduled again before anything is written: a new answer is written once, as it ends up.
        // Written card by card in key order, whatever order the records came in.
        let mut touched: Vec<(CardKey, Vec<Incoming>)> = touched.into_iter().collect();
        touched.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (cards, incoming): (Vec<CardKey>, Vec<Vec<Incoming>>) = touched.into_iter().unzip();
        let logged = if cards.len() >= WHOLE_LOG_READ {
            histories_in_one_pass(&tx, &cards)?
        } else {
            cards
                .iter()
                .map(|card| history(&tx, card))
                .collect::<Result<Vec<_>>>()?
        };
        let histories: Vec<Vec<Entry>> = logged
            .into_iter()
            .zip(incoming)
            .map(|(here, new)| {
                here.into_iter()
                    .map(|(origin, review)| Entry::logged(origin, review))
                    .chain(new.into_iter().map(|n| Entry {
                        logged: None,
                        origin: n.origin,
                        review: n.review,
                        overridden: n.overridden,
                    }))
                    .collect()
            })
            .collect();
        // A first sync on a new computer brings in many answers at once: the log's indexes are
        // then built again in one sorted pass instead of taking each answer at a random place
        // (what is new was told apart above, so the origins stay unique). The statistics'
        // summary is made again from the whole log when next read, so the triggers that keep it
        // are set aside too: with them, every row written would first copy the pages it changes
        // into a statement journal.
        let bulk = merged.reviews >= BULK_MERGE
            && merged.reviews >= known.reviews.values().map(HashSet::len).sum::<usize>() / 2;
        let set_aside = if bulk {
            Store::forget_stats_summary(&tx)?;
            Some(SetAside::take(&tx)?)
        } else {
            None
        };
        {
            let mut insert = tx.prepare(INSERT_REVIEW)?;
            let mut resets = super::all_resets(&tx)?;
            let histories = cards
                .into_iter()
                .zip(histories)
                .map(|(card, history)| {
                    let resets = resets.remove(&card).unwrap_or_default();
                    (card, history, resets)
                })
                .collect();
            reschedule_while_writing(histories, schedulers, |card, history, state| {
                let state = write_history(&tx, &mut insert, &card, &history, state)?;
                merged.cards.insert(card, state);
                Ok(())
            })?;
        }
        if let Some(set_aside) = set_aside {
            set_aside.put_back(&tx)?;
        }
        tx.commit()?;
        Ok(merged)
    }
}

/// The log's indexes and the statistics' triggers, dropped while a bulk merge writes: their
/// definitions as the file holds them, to make them again from.
struct SetAside(Vec<String>);

impl SetAside {
    fn take(tx: &Transaction) -> Result<SetAside> {
        let found: Vec<(String, String, String)> = tx
            .prepare(
                "SELECT type, name, sql FROM sqlite_master
                 WHERE tbl_name = 'reviews' AND sql IS NOT NULL
                   AND (type = 'index' OR (type = 'trigger' AND name LIKE 'stats\\_%' ESCAPE '\\'))
                 ORDER BY type, name",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut definitions = Vec::with_capacity(found.len());
        for (kind, name, sql) in found {
            let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
            tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
            definitions.push(sql);
        }
        Ok(SetAside(definitions))
    }

    fn put_back(self, tx: &Transaction) -> Result<()> {
        for sql in self.0 {
            tx.execute_batch(&sql)?;
        }
        Ok(())
    }
}

/// An answer merged from another device's log, not yet written.
struct Incoming {
    origin: Origin,
    review: Review,
    overridden: bool,
}

/// One answer of a card's history while it is scheduled again: as logged here (`None`: new, not
/// yet written) and as it stands now.
struct Entry {
    logged: Option<Scheduling>,
    origin: Origin,
    review: Review,
    overridden: bool,
}

impl Entry {
    /// An answer already in the log here, as it was logged.
    fn logged(origin: Origin, review: Review) -> Entry {
        Entry {
            logged: Some(Scheduling::of(&review)),
            origin,
            review,
            overridden: false,
        }
    }
}

/// The part of an answer that scheduling its history again may change (the facts of an answer
/// never change).
#[derive(PartialEq)]
struct Scheduling {
    kind: ReviewKind,
    before: Option<Memory>,
    after: Option<Memory>,
    due: Option<DateTime<Utc>>,
}

impl Scheduling {
    fn of(review: &Review) -> Scheduling {
        Scheduling {
            kind: review.kind,
            before: review.before,
            after: review.after,
            due: review.due,
        }
    }
}

/// Takes an answer out of the log (its undo is recorded); gives its card.
fn remove_review(tx: &Transaction, origin: &Origin) -> Result<Option<CardKey>> {
    let card = tx
        .query_row(
            "DELETE FROM reviews WHERE device = ?1 AND seq = ?2 RETURNING deck, card",
            params![origin.device, origin.seq],
            |r| Ok(CardKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(card)
}

/// New answers from which a merge builds the log's indexes again rather than adding to them.
const BULK_MERGE: usize = 20_000;

/// Page cache of a merging connection, in KiB (SQLite's negative `cache_size`).
const MERGE_CACHE_KIB: i64 = -64 * 1024;

/// Cards from which their histories are read in one pass over the log.
const WHOLE_LOG_READ: usize = 2_000;

/// The histories of `cards` (in key order) with each answer's origin, read in one pass over the
/// log's table in the order it was written (each history is put in its order afterwards: walking
/// an index instead would look up every row at a place of its own).
fn histories_in_one_pass(
    tx: &Transaction,
    cards: &[CardKey],
) -> Result<Vec<Vec<(Origin, Review)>>> {
    let mut wanted: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        wanted
            .entry(card.deck.as_str())
            .or_default()
            .insert(card.card.as_str(), i);
    }
    let mut histories = vec![Vec::new(); cards.len()];
    let mut stmt = tx.prepare(&format!(
        "SELECT {REVIEW_COLUMNS}, device, seq FROM reviews"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let index = wanted
            .get(super::text(row, 2)?)
            .and_then(|cards| cards.get(super::text(row, 3).ok()?));
        if let Some(&i) = index {
            histories[i].push(with_origin(row)?);
        }
    }
    Ok(histories)
}

/// A card's history in its order, with each answer's origin.
fn history(tx: &Transaction, card: &CardKey) -> Result<Vec<(Origin, Review)>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS}, device, seq FROM reviews WHERE deck = ?1 AND card = ?2 ORDER BY {HISTORY_ORDER}"
    ))?;
    let mut rows = stmt.query(params![card.deck, card.card])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(with_origin(row)?);
    }
    Ok(out)
}

/// A row of `REVIEW_COLUMNS, device, seq`.
fn with_origin(row: &rusqlite::Row) -> Result<(Origin, Review)> {
    let review = review_from_row(row)??;
    Ok((
        Origin {
            device: row.get(13)?,
            seq: row.get(14)?,
        },
        review,
    ))
}

/// A history put in its order (time, then origin) and scheduled again, each part between two
/// resets (`resets`, instants in ms, oldest first) from a new card, with the card's state after
/// it: `None` when no answer follows the latest reset.
fn reschedule(
    mut history: Vec<Entry>,
    resets: &[i64],
    schedulers: &Schedulers,
) -> (Vec<Entry>, Option<CardState>) {
    history.sort_by(|a, b| (a.review.at, &a.origin).cmp(&(b.review.at, &b.origin)));
    let Some(first) = history.first() else {
        return (history, None);
    };
    let scheduler = schedulers.of(&first.review.card.deck);
    let mut state = None;
    let mut rest = &mut history[..];
    for part in 0..=resets.len() {
        // The answers up to and including the instant of the next reset.
        let end = resets.get(part).map_or(rest.len(), |&reset| {
            rest.partition_point(|e| e.review.at.timestamp_millis() <= reset)
        });
        let (this, after) = rest.split_at_mut(end);
        state = (!this.is_empty())
            .then(|| scheduler.reschedule(this.iter_mut().map(|e| &mut e.review)));
        rest = after;
    }
    (history, state)
}

/// Histories scheduled at a time on the scheduling thread.
const SCHEDULED_AT_ONCE: usize = 64;

/// Schedules the histories again on a thread of its own, in order, while this thread hands each
/// one to `write` as it comes: SQLite's writing takes longer than the scheduling, so the scheduling
/// adds no time of its own. A failed write stops the scheduling.
fn reschedule_while_writing(
    histories: Vec<(CardKey, Vec<Entry>, Vec<i64>)>,
    schedulers: &Schedulers,
    mut write: impl FnMut(CardKey, Vec<Entry>, Option<CardState>) -> Result<()>,
) -> Result<()> {
    if histories.len() <= SCHEDULED_AT_ONCE {
        for (card, history, resets) in histories {
            let (history, state) = reschedule(history, &resets, schedulers);
            write(card, history, state)?;
        }
        return Ok(());
    }
    std::thread::scope(|s| {
        let (send, scheduled) = std::sync::mpsc::sync_channel(4);
        let scheduler = s.spawn(move || {
            let mut rest = histories.into_iter();
            loop {
                let batch: Vec<(CardKey, Vec<Entry>, Option<CardState>)> = rest
                    .by_ref()
                    .take(SCHEDULED_AT_ONCE)
                    .map(|(card, history, resets)| {
                        let (history, state) = reschedule(history, &resets, schedulers);
                        (card, history, state)
                    })
                    .collect();
                // An empty batch is the end; a closed channel, a write that failed.
                if batch.is_empty() || send.send(batch).is_err() {
                    break;
                }
            }
        });
        let written = scheduled
            .iter()
            .flatten()
            .try_for_each(|(card, history, state)| write(card, history, state));
        // Hanging up ends the scheduling early after a failed write.
        drop(scheduled);
        scheduler
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        written
    })
}

/// Schedules a card's history again where it no longer holds together (see
/// [`crate::schedule::Scheduler::reschedule`]) and writes back what changed: each answer's memory
/// columns and the card's state. Gives the state, `None` when no answer is left.
pub(super) fn reschedule_card(
    tx: &Transaction,
    card: &CardKey,
    schedulers: &Schedulers,
) -> Result<Option<CardState>> {
    let history: Vec<Entry> = history(tx, card)?
        .into_iter()
        .map(|(origin, review)| Entry::logged(origin, review))
        .collect();
    let resets = super::resets_for(tx, card)?;
    let (history, state) = reschedule(history, &resets, schedulers);
    write_history(
        tx,
        &mut *tx.prepare_cached(INSERT_REVIEW)?,
        card,
        &history,
        state,
    )
}

/// Writes a history scheduled again: the new answers, what changed in the ones logged before, and
/// the card's state (none when no answer follows its latest reset).
fn write_history(
    tx: &Transaction,
    insert: &mut Statement,
    card: &CardKey,
    history: &[Entry],
    state: Option<CardState>,
) -> Result<Option<CardState>> {
    let mut update = tx.prepare_cached(
        "UPDATE reviews SET kind = ?2, before_s = ?3, before_d = ?4, after_s = ?5, after_d = ?6, due_ms = ?7
         WHERE id = ?1",
    )?;
    for entry in history {
        let now = &entry.review;
        match &entry.logged {
            None => {
                let id = insert_review_with(insert, now, &entry.origin)?;
                if entry.overridden {
                    tx.execute("INSERT INTO overrides (review_id) VALUES (?1)", [id])?;
                }
            }
            Some(was) if *was != Scheduling::of(now) => {
                update.execute(params![
                    now.id,
                    now.kind.as_str(),
                    now.before.map(|m| m.stability),
                    now.before.map(|m| m.difficulty),
                    now.after.map(|m| m.stability),
                    now.after.map(|m| m.difficulty),
                    now.due.map(|d| d.timestamp_millis()),
                ])?;
            }
            Some(_) => {}
        }
    }
    let Some(mut state) = state else {
        super::delete_state(tx, card)?;
        return Ok(None);
    };
    state.suspended = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM suspended WHERE deck = ?1 AND card = ?2)")?
        .query_row(params![card.deck, card.card], |r| r.get(0))?;
    save_state(tx, card, &state)?;
    Ok(Some(state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Rating;
    use crate::schedule::{Scheduler, SchedulerSettings};
    use crate::store::StoreError;

    fn histories(cards: usize) -> Vec<(CardKey, Vec<Entry>, Vec<i64>)> {
        (0..cards)
            .map(|n| {
                let card = CardKey::new("deck", format!("card-{n}"));
                let at = DateTime::from_timestamp(1_700_000_000 + n as i64, 0).unwrap();
                let review = Review {
                    id: 0,
                    at,
                    card: card.clone(),
                    rating: Rating::Good,
                    correct: true,
                    duration_ms: 1000,
                    kind: ReviewKind::Learn,
                    // Logged as if the card had been seen before: scheduling again mends it.
                    before: Some(Memory {
                        stability: 1.0,
                        difficulty: 5.0,
                    }),
                    after: None,
                    due: None,
                };
                let entry = Entry {
                    logged: None,
                    origin: Origin {
                        device: "d".into(),
                        seq: n as i64,
                    },
                    review,
                    overridden: false,
                };
                (card, vec![entry], Vec::new())
            })
            .collect()
    }

    fn schedulers() -> Schedulers {
        Schedulers {
            learner: Scheduler::new(SchedulerSettings::default()),
            decks: HashMap::new(),
        }
    }

    #[test]
    fn every_history_is_written_scheduled_and_in_order() {
        let mut written = Vec::new();
        reschedule_while_writing(histories(1_000), &schedulers(), |card, history, state| {
            let review = &history[0].review;
            assert!(
                review.before.is_none() && review.after.is_some(),
                "scheduled first"
            );
            assert_eq!(state.map(|s| s.reps), Some(1));
            written.push(card);
            Ok(())
        })
        .unwrap();
        let expected: Vec<CardKey> = histories(1_000).into_iter().map(|(c, _, _)| c).collect();
        assert_eq!(written, expected);
    }

    #[test]
    fn a_failed_write_stops_the_scheduling_and_is_returned() {
        let mut calls = 0;
        let result = reschedule_while_writing(histories(1_000), &schedulers(), |_, _, _| {
            calls += 1;
            if calls == 10 {
                Err(StoreError::BadRecord("the disk is full".into()))
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(StoreError::BadRecord(_))));
        assert_eq!(calls, 10, "nothing is written after the failure");
    }
}
