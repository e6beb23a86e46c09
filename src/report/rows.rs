//! `report.csv`: one row per deck × topic of one learner, written and read back for class pages.

use super::ReportError;
use crate::interop::csv::{guard_cell, unguard_cell};
use crate::stats::{Overview, TestScore};
use chrono::NaiveDate;
use std::io::{Read, Write};
use std::path::Path;

/// The columns of `report.csv`, in order (documented in the reports guide).
pub const COLUMNS: [&str; 10] = [
    "learner",
    "deck",
    "topic",
    "cards",
    "mastered",
    "retention",
    "last_test_score",
    "time_studied_minutes",
    "last_studied",
    "test_history",
];

/// One topic's part of one test: the study day it was taken and the questions answered right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestRecord {
    pub date: NaiveDate,
    /// Wide enough that adding up every topic of a test day never wraps.
    pub correct: u64,
    pub total: u64,
}

impl TestRecord {
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

impl From<&TestScore> for TestRecord {
    fn from(score: &TestScore) -> Self {
        TestRecord {
            date: score.date,
            correct: u64::from(score.correct),
            total: u64::from(score.total),
        }
    }
}

/// One row of `report.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub learner: String,
    pub deck: String,
    pub topic: String,
    pub cards: u32,
    pub mastered: u32,
    /// True retention over all time, 0.0 to 1.0; `None` before any review of a learned card.
    pub retention: Option<f64>,
    pub last_test_score: Option<f64>,
    pub time_studied_minutes: f64,
    pub last_studied: Option<NaiveDate>,
    /// Every test's result on this topic, oldest first.
    pub test_history: Vec<TestRecord>,
}

impl ReportRow {
    /// Share of the topic's cards mastered, 0.0 to 1.0.
    pub fn mastery(&self) -> f64 {
        if self.cards == 0 {
            0.0
        } else {
            f64::from(self.mastered) / f64::from(self.cards)
        }
    }
}

/// The rows of a learner's report: one per topic of each deck.
pub fn rows(learner: &str, overview: &Overview) -> Vec<ReportRow> {
    overview
        .topics
        .iter()
        .map(|t| ReportRow {
            learner: learner.to_owned(),
            deck: t.deck.clone(),
            topic: t.topic.clone(),
            cards: t.cards,
            mastered: t.mastered,
            retention: t.retention(),
            last_test_score: t.last_test().map(TestScore::score),
            time_studied_minutes: t.time_ms as f64 / 60_000.0,
            last_studied: t.last_studied,
            test_history: t.tests.iter().map(TestRecord::from).collect(),
        })
        .collect()
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.3}"))
}

/// `2024-03-01 3/5; 2024-03-08 4/5`: exact counts, so a class page can add topics together.
fn history_text(history: &[TestRecord]) -> String {
    history
        .iter()
        .map(|r| format!("{} {}/{}", r.date, r.correct, r.total))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes the rows as CSV with a header line. Names (learner, deck, topic) that a spreadsheet would
/// run as a formula are written with a leading `'`, which [`read_csv`] takes off again.
pub fn write_csv(out: impl Write, rows: &[ReportRow]) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for row in rows {
        writer.write_record([
            guard_cell(&row.learner).into_owned(),
            guard_cell(&row.deck).into_owned(),
            guard_cell(&row.topic).into_owned(),
            row.cards.to_string(),
            row.mastered.to_string(),
            share(row.retention),
            share(row.last_test_score),
            format!("{:.1}", row.time_studied_minutes),
            row.last_studied.map_or_else(String::new, |d| d.to_string()),
            history_text(&row.test_history),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Reads the rows of a `report.csv`; `source` names the file in error messages. Columns are found by
/// their header, so their order does not matter and extra columns are ignored.
pub fn read_csv(input: impl Read, source: &Path) -> Result<Vec<ReportRow>, ReportError> {
    let bad = |line: u64, message: String| ReportError::Csv {
        path: source.to_path_buf(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("the header line could not be read: {e}")))?
        .clone();
    let mut index = [0usize; COLUMNS.len()];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h.trim() == column)
            .ok_or_else(|| ReportError::MissingColumn {
                path: source.to_path_buf(),
                column,
            })?;
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("the row could not be read: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field =
            |column: usize| unguard_cell(record.get(index[column]).unwrap_or("").trim()).trim();
        let number = |column: usize| -> Result<u32, ReportError> {
            field(column).parse().map_err(|_| {
                bad(
                    line,
                    format!(
                        "`{}` must be a whole number, not \"{}\"",
                        COLUMNS[column],
                        field(column)
                    ),
                )
            })
        };
        let fraction = |column: usize| -> Result<Option<f64>, ReportError> {
            let text = field(column);
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => Ok(Some(v)),
                _ => Err(bad(
                    line,
                    format!(
                        "`{}` must be a share from 0 to 1 or empty, not \"{text}\"",
                        COLUMNS[column]
                    ),
                )),
            }
        };
        let minutes = field(7);
        let time_studied_minutes = match minutes.parse::<f64>() {
            Ok(v) if v >= 0.0 && v.is_finite() => v,
            _ if minutes.is_empty() => 0.0,
            _ => {
                return Err(bad(
                    line,
                    format!(
                        "`time_studied_minutes` must be a number of minutes, not \"{minutes}\""
                    ),
                ));
            }
        };
        let last_studied = match field(8) {
            "" => None,
            text => Some(parse_date(text).ok_or_else(|| {
                bad(
                    line,
                    format!("`last_studied` must be a date like 2024-03-01, not \"{text}\""),
                )
            })?),
        };
        let test_history = parse_history(field(9)).map_err(|m| bad(line, m))?;
        let row = ReportRow {
            learner: field(0).to_owned(),
            deck: field(1).to_owned(),
            topic: field(2).to_owned(),
            cards: number(3)?,
            mastered: number(4)?,
            retention: fraction(5)?,
            last_test_score: fraction(6)?,
            time_studied_minutes,
            last_studied,
            test_history,
        };
        if row.mastered > row.cards {
            return Err(bad(
                line,
                format!(
                    "`mastered` ({}) is more than `cards` ({}); a topic cannot have more mastered cards than cards",
                    row.mastered, row.cards
                ),
            ));
        }
        if row.learner.is_empty() {
            return Err(bad(
                line,
                "`learner` is empty; every row names its learner".into(),
            ));
        }
        rows.push(row);
    }
    Ok(rows)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn parse_history(text: &str) -> Result<Vec<TestRecord>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let expected = || {
                format!("`test_history` entries must look like \"2024-03-01 3/5\", not \"{part}\"")
            };
            let (date, score) = part.split_once(' ').ok_or_else(expected)?;
            let (correct, total) = score.trim().split_once('/').ok_or_else(expected)?;
            let record = TestRecord {
                date: parse_date(date).ok_or_else(expected)?,
                correct: correct.trim().parse().map_err(|_| expected())?,
                total: total.trim().parse().map_err(|_| expected())?,
            };
            if record.correct > record.total {
                return Err(expected());
            }
            Ok(record)
        })
        .collect()
}
