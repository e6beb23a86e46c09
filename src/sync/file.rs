//! A device's sync log: a header line, then one record a line, each line its checksum and the
//! record in JSON. A file cut short by a sync tool or a crash is read up to its last whole line;
//! a record of a kind this version does not know is passed over (and counted, so the learner can be
//! told to update).

use crate::review::{CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult};
use crate::settings::LearnerSettings;
use crate::store::Origin;
use crate::store::sync::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The first line of every log this version writes.
pub const HEADER: &str = "changchun-cards progress log 1";
/// The header of a log of any version, before its number.
const HEADER_STEM: &str = "changchun-cards progress log ";
/// Logs end with this; a sync tool's copy of a log ("NAME (conflicted copy).ccsync",
/// "NAME.sync-conflict-….ccsync") keeps it, so it is merged like any other.
pub const EXTENSION: &str = "ccsync";

/// Longest device id, deck id or card id taken from a log.
const MAX_ID: usize = 200;

/// The log a device writes: `progress-<device>.ccsync`.
pub fn file_name(device: &str) -> String {
    format!("progress-{device}.{EXTENSION}")
}

/// A record as JSON: `{"review": {…}}`, `{"undo": {…}}`, `{"quiz": {…}}` or `{"reset": {…}}` (the
/// kind outside, so reading needs no second pass over the record). A kind added later is a line
/// that earlier versions pass over, leaving the rest of the log readable: resets came after the
/// first release of this format.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    Review {
        device: String,
        seq: i64,
        at: i64,
        deck: String,
        card: String,
        rating: u8,
        correct: bool,
        ms: u32,
        kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<[f32; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<[f32; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<i64>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        overridden: bool,
    },
    Undo {
        device: String,
        seq: i64,
    },
    Quiz {
        device: String,
        seq: i64,
        started: DateTime<Utc>,
        ms: u64,
        decks: Vec<String>,
        topics: Vec<String>,
        answers: Vec<TestAnswer>,
    },
    /// The learner's studying settings as changed at `changed` (on any of their computers).
    Settings {
        device: String,
        settings: LearnerSettings,
    },
    /// The name the learner goes by on the device that writes the log (its first record).
    Learner {
        device: String,
        name: String,
    },
    /// A card reset to new at `at` (ms).
    Reset {
        device: String,
        seq: i64,
        at: i64,
        deck: String,
        card: String,
    },
}

/// Studying settings a log carries, and the device that wrote them there.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsRecord {
    pub device: String,
    pub settings: LearnerSettings,
}

impl SettingsRecord {
    /// The record as JSON, to be kept beside how far its log was read.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Line::Settings {
            device: self.device.clone(),
            settings: self.settings.clone(),
        })
        .unwrap_or_default()
    }

    /// A record kept by [`SettingsRecord::to_json`].
    pub fn from_json(json: &str) -> Option<SettingsRecord> {
        match serde_json::from_str(json).ok()? {
            Line::Settings { device, settings } => Some(SettingsRecord {
                device,
                settings: settings.sanitized(),
            }),
            _ => None,
        }
    }
}

/// A settings record as a line of a log, with its newline.
pub fn encode_settings(device: &str, settings: &LearnerSettings) -> String {
    line(&Line::Settings {
        device: device.to_owned(),
        settings: settings.clone(),
    })
}

fn pair(m: Option<Memory>) -> Option<[f32; 2]> {
    m.map(|m| [m.stability, m.difficulty])
}

fn memory(p: Option<[f32; 2]>) -> Option<Memory> {
    p.map(|[stability, difficulty]| Memory {
        stability,
        difficulty,
    })
}

fn line_of(record: &Record) -> Line {
    match record {
        Record::Review {
            origin,
            review,
            overridden,
        } => Line::Review {
            device: origin.device.clone(),
            seq: origin.seq,
            at: review.at.timestamp_millis(),
            deck: review.card.deck.clone(),
            card: review.card.card.clone(),
            rating: review.rating.number(),
            correct: review.correct,
            ms: review.duration_ms,
            kind: review.kind.as_str().to_owned(),
            before: pair(review.before),
            after: pair(review.after),
            due: review.due.map(|d| d.timestamp_millis()),
            overridden: *overridden,
        },
        Record::Undo { origin } => Line::Undo {
            device: origin.device.clone(),
            seq: origin.seq,
        },
        Record::Quiz { origin, result } => Line::Quiz {
            device: origin.device.clone(),
            seq: origin.seq,
            started: result.started,
            ms: result.duration_ms,
            decks: result.decks.clone(),
            topics: result.topics.clone(),
            answers: result.answers.clone(),
        },
        Record::Reset { origin, card, at } => Line::Reset {
            device: origin.device.clone(),
            seq: origin.seq,
            at: at.timestamp_millis(),
            deck: card.deck.clone(),
            card: card.card.clone(),
        },
    }
}

fn id_ok(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID
}

fn record_of(line: Line) -> Option<Record> {
    let origin = |device: String, seq: i64| id_ok(&device).then_some(Origin { device, seq });
    Some(match line {
        Line::Review {
            device,
            seq,
            at,
            deck,
            card,
            rating,
            correct,
            ms,
            kind,
            before,
            after,
            due,
            overridden,
        } => {
            if !id_ok(&deck) || !id_ok(&card) {
                return None;
            }
            Record::Review {
                origin: origin(device, seq)?,
                review: Review {
                    id: 0,
                    at: DateTime::from_timestamp_millis(at)?,
                    card: CardKey::new(deck, card),
                    rating: Rating::from_number(rating)?,
                    correct,
                    duration_ms: ms,
                    kind: ReviewKind::parse(&kind)?,
                    before: memory(before),
                    after: memory(after),
                    due: match due {
                        Some(ms) => Some(DateTime::from_timestamp_millis(ms)?),
                        None => None,
                    },
                },
                overridden,
            }
        }
        Line::Undo { device, seq } => Record::Undo {
            origin: origin(device, seq)?,
        },
        Line::Reset {
            device,
            seq,
            at,
            deck,
            card,
        } => {
            if !id_ok(&deck) || !id_ok(&card) {
                return None;
            }
            Record::Reset {
                origin: origin(device, seq)?,
                card: CardKey::new(deck, card),
                at: DateTime::from_timestamp_millis(at)?,
            }
        }
        Line::Settings { .. } | Line::Learner { .. } => return None,
        Line::Quiz {
            device,
            seq,
            started,
            ms,
            decks,
            topics,
            answers,
        } => Record::Quiz {
            origin: origin(device, seq)?,
            result: TestResult {
                id: 0,
                started,
                duration_ms: ms,
                decks,
                topics,
                answers,
            },
        },
    })
}

/// One record as a line of a log, with its newline.
pub fn encode(record: &Record) -> String {
    line(&line_of(record))
}

fn line(line: &Line) -> String {
    let json = serde_json::to_string(line).unwrap_or_default();
    format!("{:08x} {json}\n", crc32fast::hash(json.as_bytes()))
}

/// A whole log of `device` for the learner `name` with these records.
pub fn encode_all<'a>(
    device: &str,
    name: &str,
    records: impl IntoIterator<Item = &'a Record>,
) -> String {
    let mut out = format!("{HEADER}\n");
    out.push_str(&line(&Line::Learner {
        device: device.to_owned(),
        name: name.chars().take(MAX_ID).collect(),
    }));
    for record in records {
        out.push_str(&encode(record));
    }
    out
}

/// What reading a log gave.
#[derive(Debug, Default, PartialEq)]
pub struct Read {
    pub records: Vec<Record>,
    /// Studying settings, in the order written.
    pub settings: Vec<SettingsRecord>,
    /// The name the learner goes by on the device that wrote the log, when it says.
    pub learner: Option<String>,
    /// Bytes of the whole lines read, header included: where a writer may append.
    pub whole: usize,
    /// The file goes on past its last whole line (cut short, or damaged there).
    pub torn: bool,
    /// Lines passed over: a kind of record this version does not know, or values out of range.
    pub unknown: usize,
}

/// Why a file is not read as a log.
#[derive(Debug, Clone, PartialEq)]
pub enum NotALog {
    /// It does not begin with a log's header.
    Foreign,
    /// A later version wrote it (its version number).
    Newer(String),
}

/// Reads a log; linear in its length.
pub fn decode(bytes: &[u8]) -> Result<Read, NotALog> {
    let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
        return Err(NotALog::Foreign);
    };
    let header = std::str::from_utf8(&bytes[..end]).map_err(|_| NotALog::Foreign)?;
    let header = header.trim_end_matches('\r');
    if header != HEADER {
        return match header.strip_prefix(HEADER_STEM) {
            Some(version) if version.bytes().all(|b| b.is_ascii_digit()) && !version.is_empty() => {
                Err(NotALog::Newer(version.to_owned()))
            }
            _ => Err(NotALog::Foreign),
        };
    }
    Ok(decode_from(bytes, end + 1))
}

/// Reads the records of a log from `start`, the end of a whole line (the part before it was read
/// already); linear in the rest of it.
pub fn decode_from(bytes: &[u8], start: usize) -> Read {
    let mut read = Read {
        whole: start,
        ..Read::default()
    };
    let mut rest = bytes.get(start..).unwrap_or_default();
    while !rest.is_empty() {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            read.torn = true;
            break;
        };
        let Some(line) = checked(&rest[..end]) else {
            // A line whose checksum fails: the file was damaged or half written here.
            read.torn = true;
            break;
        };
        match serde_json::from_slice::<Line>(line) {
            Ok(Line::Learner { name, .. }) => read.learner = Some(name),
            Ok(Line::Settings { device, settings }) if id_ok(&device) => {
                read.settings.push(SettingsRecord {
                    device,
                    settings: settings.sanitized(),
                });
            }
            Ok(line) => match record_of(line) {
                Some(record) => read.records.push(record),
                None => read.unknown += 1,
            },
            Err(_) => read.unknown += 1,
        }
        read.whole += end + 1;
        rest = &rest[end + 1..];
    }
    read
}

/// The JSON of a line whose checksum matches.
fn checked(line: &[u8]) -> Option<&[u8]> {
    let (sum, json) = (line.get(..8)?, line.get(9..)?);
    if line[8] != b' ' {
        return None;
    }
    let sum = u32::from_str_radix(std::str::from_utf8(sum).ok()?, 16).ok()?;
    (crc32fast::hash(json) == sum).then_some(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::TestAnswer;

    fn review(seq: i64) -> Record {
        let at = DateTime::from_timestamp_millis(1_700_000_000_000 + seq * 60_000).unwrap();
        Record::Review {
            origin: Origin {
                device: "a1".into(),
                seq,
            },
            review: Review {
                id: 0,
                at,
                card: CardKey::new("deck", "card"),
                rating: Rating::Good,
                correct: true,
                duration_ms: 1200,
                kind: ReviewKind::Learn,
                before: None,
                after: Some(Memory {
                    stability: 2.5,
                    difficulty: 5.25,
                }),
                due: Some(at + chrono::Duration::days(2)),
            },
            overridden: seq == 2,
        }
    }

    fn quiz() -> Record {
        Record::Quiz {
            origin: Origin {
                device: "a1".into(),
                seq: 1,
            },
            result: TestResult {
                id: 0,
                started: DateTime::from_timestamp_millis(1_700_000_000_000).unwrap(),
                duration_ms: 60_000,
                decks: vec!["deck".into()],
                topics: vec!["Causes".into()],
                answers: vec![TestAnswer {
                    card: CardKey::new("deck", "card"),
                    correct: false,
                    given: "1905".into(),
                    expected: "1922".into(),
                }],
            },
        }
    }

    fn reset(seq: i64) -> Record {
        Record::Reset {
            origin: Origin {
                device: "a1".into(),
                seq,
            },
            card: CardKey::new("deck", "card"),
            at: DateTime::from_timestamp_millis(1_700_000_000_000 + seq * 60_000).unwrap(),
        }
    }

    #[test]
    fn a_reset_is_one_line_of_its_own_kind() {
        let line = encode(&reset(3));
        assert!(
            line.ends_with("{\"reset\":{\"device\":\"a1\",\"seq\":3,\"at\":1700000180000,\"deck\":\"deck\",\"card\":\"card\"}}\n"),
            "{line}"
        );
    }

    #[test]
    fn records_come_back_as_they_went() {
        let records = vec![
            review(1),
            review(2),
            Record::Undo {
                origin: Origin {
                    device: "a1".into(),
                    seq: 2,
                },
            },
            quiz(),
            reset(3),
        ];
        let text = encode_all("a1", "Anna", &records);
        let read = decode(text.as_bytes()).unwrap();
        assert_eq!(read.records, records);
        assert_eq!(read.learner.as_deref(), Some("Anna"));
        assert_eq!(read.whole, text.len());
        assert!(!read.torn);
    }

    #[test]
    fn a_log_cut_anywhere_gives_its_whole_lines() {
        let records = vec![review(1), review(2), review(3)];
        let text = encode_all("a1", "Anna", &records);
        let ends: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        for cut in ends[0]..text.len() {
            let read = decode(&text.as_bytes()[..cut]).unwrap();
            // The header and the learner's line come before the records.
            let lines = ends.iter().filter(|&&e| e <= cut).count();
            assert_eq!(
                read.records,
                records[..lines.saturating_sub(2)],
                "cut at {cut}"
            );
            assert_eq!(read.torn, !ends.contains(&cut), "cut at {cut}");
            assert_eq!(read.whole, ends[lines - 1]);
        }
    }

    #[test]
    fn a_changed_byte_stops_the_reading_there() {
        let records = vec![review(1), review(2), review(3)];
        let mut text = encode_all("a1", "Anna", &records).into_bytes();
        let second = text.len() - encode(&records[2]).len() - 20;
        text[second] ^= 0x01;
        let read = decode(&text).unwrap();
        assert_eq!(read.records, records[..1]);
        assert!(read.torn);
    }

    #[test]
    fn foreign_and_newer_files_are_told_apart() {
        assert_eq!(decode(b"hello\n"), Err(NotALog::Foreign));
        assert_eq!(decode(b""), Err(NotALog::Foreign));
        assert_eq!(
            decode(b"changchun-cards progress log 7\n"),
            Err(NotALog::Newer("7".into()))
        );
    }

    #[test]
    fn unknown_records_are_passed_over() {
        let odd = r#"{"hint":{"device":"b","seq":1}}"#;
        let bad = r#"{"review":{"device":"b","seq":1,"at":0,"deck":"d","card":"c","rating":9,"correct":true,"ms":1,"kind":"learn"}}"#;
        let text = format!(
            "{HEADER}\n{:08x} {odd}\n{:08x} {bad}\n{}",
            crc32fast::hash(odd.as_bytes()),
            crc32fast::hash(bad.as_bytes()),
            encode(&review(1))
        );
        let read = decode(text.as_bytes()).unwrap();
        assert_eq!(read.records, vec![review(1)]);
        assert_eq!(read.unknown, 2);
    }
}
