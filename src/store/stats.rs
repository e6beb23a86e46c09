//! The statistics' summary of the review log, kept in the store (schema step 5): a row per card and
//! per study day ([`crate::stats::Summary`]). Triggers note which cards and instants each change to
//! the log touches, whatever wrote it (an answer, an undo, a sync); the summary brings exactly those
//! rows up to date from the log when it is next read. It is derived data: when the learner's study
//! day changes (another day-start hour, another offset from UTC) or a row cannot be read, it is made
//! again from the whole log.

use super::{HISTORY_ORDER, MAIN_DB, REVIEW_COLUMNS, Result, Store, memory, review_from_row, text};
use crate::review::{CardKey, Rating, ReviewKind};
use crate::schedule::StudyDay;
use crate::stats::{CardAnswer, CardSummary, DayTally, Latest, Summary, SummaryBuilder};
use rusqlite::params;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::collections::BTreeSet;

/// The columns of an answer the summary reads, after the card's key.
const ANSWER_COLUMNS: &str = "id, at_ms, kind, rating, duration_ms, after_s, after_d, due_ms";

impl Store {
    /// The summary of the log for the statistics of `study_day`, brought up to date first and
    /// saved, so the next read finds it ready. A store that may not be written (read-only, or
    /// another connection writing) still gives the summary, worked out without saving it.
    pub fn stats_summary(&self, study_day: StudyDay) -> Result<Summary> {
        let conn = &self.conn;
        if !conn.is_readonly(MAIN_DB)? {
            match Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
                Ok(tx) => {
                    let summary = summary(&tx, study_day, true)?;
                    tx.commit()?;
                    return Ok(summary);
                }
                Err(e) if cannot_write_now(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        summary(&tx, study_day, false)
    }

    /// Drops the summary, so the next read makes it again from the whole log: for writes that
    /// change much of the log at once, where noting every answer would cost more than that.
    pub(crate) fn forget_stats_summary(conn: &Connection) -> Result<()> {
        conn.execute_batch(
            "DELETE FROM stats_basis; DELETE FROM stats_cards; DELETE FROM stats_days;
             DELETE FROM stats_stale_cards; DELETE FROM stats_stale_instants;",
        )?;
        Ok(())
    }
}

/// Another connection writing, or a file that turned out read-only: then the summary is only read.
fn cannot_write_now(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked | ErrorCode::ReadOnly)
    )
}

fn basis_of(study_day: StudyDay) -> (i32, u8) {
    (study_day.offset().local_minus_utc(), study_day.start_hour())
}

fn summary(conn: &Connection, study_day: StudyDay, save: bool) -> Result<Summary> {
    let basis: Option<(i32, u8)> = conn
        .query_row("SELECT offset_s, start_hour FROM stats_basis", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let saved = match basis {
        Some(basis) if basis == basis_of(study_day) => read_saved(conn)?,
        _ => None,
    };
    let Some(mut summary) = saved else {
        let summary = summarize_log(conn, study_day)?;
        if save {
            save_all(conn, &summary, study_day)?;
        }
        return Ok(summary);
    };
    bring_up_to_date(conn, &mut summary, study_day, save)?;
    Ok(summary)
}

/// Makes the summary of the whole log, card by card.
fn summarize_log(conn: &Connection, study_day: StudyDay) -> Result<Summary> {
    let mut stmt = conn.prepare(&format!(
        "SELECT deck, card, {ANSWER_COLUMNS} FROM reviews ORDER BY deck, card, {HISTORY_ORDER}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut resets = super::all_resets(conn)?;
    let mut builder = SummaryBuilder::new(study_day);
    let mut key: Option<CardKey> = None;
    let mut answers: Vec<CardAnswer> = Vec::new();
    let mut add = |builder: &mut SummaryBuilder, done: CardKey, answers: &[CardAnswer]| {
        let resets = resets.remove(&done).unwrap_or_default();
        builder.card_with_resets(done, answers, &resets);
    };
    while let Some(row) = rows.next()? {
        let (deck, card) = (text(row, 0)?, text(row, 1)?);
        if key
            .as_ref()
            .is_none_or(|k| k.deck != deck || k.card != card)
        {
            if let Some(done) = key.replace(CardKey::new(deck, card)) {
                add(&mut builder, done, &answers);
            }
            answers.clear();
        }
        answers.push(answer_from_row(row, 2)?);
    }
    if let Some(done) = key {
        add(&mut builder, done, &answers);
    }
    Ok(builder.finish())
}

/// An answer from the columns [`ANSWER_COLUMNS`], starting at `first`.
fn answer_from_row(row: &Row, first: usize) -> Result<CardAnswer> {
    let column = |i: usize| first + i;
    let kind = ReviewKind::parse(text(row, column(2))?);
    let rating = Rating::from_number(row.get(column(3))?);
    let (Some(kind), Some(rating)) = (kind, rating) else {
        return Err(super::bad_review(row.get(column(0))?));
    };
    Ok(CardAnswer {
        at_ms: row.get(column(1))?,
        kind,
        rating,
        duration_ms: row.get(column(4))?,
        stability_after: memory(row.get(column(5))?, row.get(column(6))?).map(|m| m.stability),
        due_ms: row.get(column(7))?,
    })
}

/// The saved summary, or `None` when a row of it cannot be read (then it is made again).
fn read_saved(conn: &Connection) -> Result<Option<Summary>> {
    let mut cards = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT deck, card, reviews, tests, crams, time_ms, passed, failed, last_ms, last_right,
                latest_ms, latest_due_ms, latest_kind, latest_mastered, mastery_changes
         FROM stats_cards ORDER BY deck, card",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        // A value out of range is read as damage to the summary, which is then made again.
        let (Ok(Some(summary)), Ok(deck), Ok(card)) =
            (card_from_row(row), text(row, 0), text(row, 1))
        else {
            return Ok(None);
        };
        cards.push((CardKey::new(deck, card), summary));
    }
    let mut days = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT day, answers, learn, review, relearn, test, time_ms, test_time_ms, passed, failed
         FROM stats_days ORDER BY day",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Ok(day) = day_from_row(row) else {
            return Ok(None);
        };
        days.push(day);
    }
    Ok(Some(Summary { cards, days }))
}

fn day_from_row(row: &Row) -> rusqlite::Result<(i64, DayTally)> {
    Ok((
        row.get(0)?,
        DayTally {
            answers: row.get(1)?,
            learn: row.get(2)?,
            review: row.get(3)?,
            relearn: row.get(4)?,
            test: row.get(5)?,
            time_ms: row.get(6)?,
            test_time_ms: row.get(7)?,
            passed: row.get(8)?,
            failed: row.get(9)?,
        },
    ))
}

fn card_from_row(row: &Row) -> Result<Option<CardSummary>> {
    let latest = match row.get::<_, Option<i64>>(10)? {
        Some(at_ms) => {
            let Some(kind) = row.get_ref(12)?.as_str().ok().and_then(ReviewKind::parse) else {
                return Ok(None);
            };
            Some(Latest {
                at_ms,
                due_ms: row.get(11)?,
                kind,
                mastered: row.get::<_, Option<bool>>(13)?.unwrap_or(false),
            })
        }
        None => None,
    };
    let changes = match row.get_ref(14)?.as_blob() {
        Ok(changes) if changes.len() % 8 == 0 => changes,
        _ => return Ok(None),
    };
    Ok(Some(CardSummary {
        reviews: row.get(2)?,
        tests: row.get(3)?,
        crams: row.get(4)?,
        time_ms: row.get(5)?,
        passed: row.get(6)?,
        failed: row.get(7)?,
        last_at_ms: row.get(8)?,
        last_right: row.get(9)?,
        latest,
        mastery_changes: changes
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().unwrap_or_default()))
            .collect(),
    }))
}

fn save_all(conn: &Connection, summary: &Summary, study_day: StudyDay) -> Result<()> {
    Store::forget_stats_summary(conn)?;
    for (key, card) in &summary.cards {
        save_card(conn, key, card)?;
    }
    for (day, tally) in &summary.days {
        save_day(conn, *day, tally)?;
    }
    let (offset, hour) = basis_of(study_day);
    conn.execute(
        "INSERT INTO stats_basis (offset_s, start_hour) VALUES (?1, ?2)",
        params![offset, hour],
    )?;
    Ok(())
}

fn save_card(conn: &Connection, key: &CardKey, card: &CardSummary) -> Result<()> {
    let changes: Vec<u8> = card
        .mastery_changes
        .iter()
        .flat_map(|ms| ms.to_le_bytes())
        .collect();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO stats_cards (deck, card, reviews, tests, crams, time_ms, passed,
            failed, last_ms, last_right, latest_ms, latest_due_ms, latest_kind, latest_mastered,
            mastery_changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        key.deck,
        key.card,
        card.reviews,
        card.tests,
        card.crams,
        i64::try_from(card.time_ms).unwrap_or(i64::MAX),
        card.passed,
        card.failed,
        card.last_at_ms,
        card.last_right,
        card.latest.map(|l| l.at_ms),
        card.latest.and_then(|l| l.due_ms),
        card.latest.map(|l| l.kind.as_str()),
        card.latest.map(|l| l.mastered),
        changes,
    ])?;
    Ok(())
}

fn save_day(conn: &Connection, day: i64, t: &DayTally) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO stats_days (day, answers, learn, review, relearn, test, time_ms,
            test_time_ms, passed, failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        day,
        t.answers,
        t.learn,
        t.review,
        t.relearn,
        t.test,
        i64::try_from(t.time_ms).unwrap_or(i64::MAX),
        i64::try_from(t.test_time_ms).unwrap_or(i64::MAX),
        t.passed,
        t.failed,
    ])?;
    Ok(())
}

/// Makes again the rows of the cards and days the log's changes touched since the summary was
/// last read, from the log itself.
fn bring_up_to_date(
    conn: &Connection,
    summary: &mut Summary,
    study_day: StudyDay,
    save: bool,
) -> Result<()> {
    let stale_cards: Vec<CardKey> = conn
        .prepare("SELECT deck, card FROM stats_stale_cards")?
        .query_map([], |r| {
            Ok(CardKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for key in stale_cards {
        let history: Vec<CardAnswer> = super::reviews_for(conn, &key)?
            .iter()
            .map(CardAnswer::of)
            .collect();
        let resets = super::resets_for(conn, &key)?;
        let mut builder = SummaryBuilder::new(study_day);
        builder.card_with_resets(key.clone(), &history, &resets);
        let card = builder.finish().cards.pop().map(|(_, card)| card);
        if save {
            match &card {
                Some(card) => save_card(conn, &key, card)?,
                None => {
                    conn.execute(
                        "DELETE FROM stats_cards WHERE deck = ?1 AND card = ?2",
                        params![key.deck, key.card],
                    )?;
                }
            }
        }
        put(&mut summary.cards, key, card);
    }

    let instants: Vec<i64> = conn
        .prepare("SELECT at_ms FROM stats_stale_instants")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let stale_days: BTreeSet<i64> = instants
        .into_iter()
        .map(|ms| study_day.number_of_millis(ms))
        .collect();
    for day in stale_days {
        let tally = day_tally(conn, study_day, day)?;
        if save {
            match &tally {
                Some(tally) => save_day(conn, day, tally)?,
                None => {
                    conn.execute("DELETE FROM stats_days WHERE day = ?1", [day])?;
                }
            }
        }
        put(&mut summary.days, day, tally);
    }
    if save {
        conn.execute_batch("DELETE FROM stats_stale_cards; DELETE FROM stats_stale_instants;")?;
    }
    Ok(())
}

/// Puts `key`'s row, made again, in its place among rows sorted by key; `None` takes it out.
fn put<K: Ord, V>(rows: &mut Vec<(K, V)>, key: K, row: Option<V>) {
    match (rows.binary_search_by(|(k, _)| k.cmp(&key)), row) {
        (Ok(i), Some(row)) => rows[i].1 = row,
        (Ok(i), None) => {
            rows.remove(i);
        }
        (Err(i), Some(row)) => rows.insert(i, (key, row)),
        (Err(_), None) => {}
    }
}

/// The tally of one study day from its answers; `None` for a day without any.
fn day_tally(conn: &Connection, study_day: StudyDay, day: i64) -> Result<Option<DayTally>> {
    let start_ms = study_day.start_seconds(day).saturating_mul(1000);
    let end_ms = study_day.start_seconds(day + 1).saturating_mul(1000);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS} FROM reviews WHERE at_ms >= ?1 AND at_ms < ?2
         ORDER BY {HISTORY_ORDER}"
    ))?;
    let answers = stmt
        .query_map([start_ms, end_ms], review_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let days = Summary::of_log(&answers, study_day).days;
    Ok(days
        .into_iter()
        .find(|(d, _)| *d == day)
        .map(|(_, tally)| tally))
}
