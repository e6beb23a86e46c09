//! A student's results file: what their app writes into the class folder, and reading it back.

use super::folder::{self, Membership, STUDENTS_DIR};
use super::{ClassError, is_id};
use crate::deck::Deck;
use crate::schedule::Scheduler;
use crate::stats::{Overview, StatsInput, is_mastered};
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a results file says it is, so a stray JSON file is not taken for a student's results.
pub const RESULTS_FORMAT: &str = "changchun-cards class results";
/// The largest results file read. A student with every bundled card and years of daily study
/// writes a few hundred kilobytes; anything far larger is not one.
pub const MAX_RESULTS_BYTES: u64 = 8 * 1024 * 1024;

/// One student's results, as written into `students/<student id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub format: String,
    pub version: u32,
    pub class_id: String,
    pub student_id: String,
    /// The name the student gave when joining.
    pub student: String,
    pub written_at: DateTime<Utc>,
    /// The figures of the student's study report: reviews and minutes on each day, mastery,
    /// retention and quiz scores per topic. The learner report is made from it.
    pub report: Overview,
    /// Every card the student has answered.
    pub cards: Vec<CardResult>,
    /// Every quiz, oldest first.
    pub quizzes: Vec<QuizResult>,
}

/// One card as a student stands with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardResult {
    pub deck: String,
    pub card: String,
    /// Empty when the card is in no deck the student has loaded.
    pub topic: String,
    /// Answers that moved the schedule (quizzes and cram not counted).
    pub reviews: u32,
    /// Times the card was forgotten after it was learned.
    pub lapses: u32,
    /// Whether the latest answer to it, in study or a quiz, was right.
    pub last_right: Option<bool>,
    /// Days until recall falls to 90 %; none before the first review.
    pub stability: Option<f32>,
    /// By the app's one rule ([`crate::stats::is_mastered`]).
    pub mastered: bool,
}

/// One quiz's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    pub at: DateTime<Utc>,
    /// The student's study day it was taken on.
    pub date: NaiveDate,
    pub correct: u32,
    pub total: u32,
    pub decks: Vec<String>,
    pub topics: Vec<String>,
}

impl QuizResult {
    /// Share answered right, 0.0 to 1.0.
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.correct) / f64::from(self.total)
        }
    }
}

/// The latest answer to one card seen so far in the log.
struct LastAnswer {
    at: DateTime<Utc>,
    right: bool,
}

/// Gathers a student's results from their store: the summary of the review log (for the report's
/// figures and each card's latest answer), the card states and the quiz results.
pub fn gather<D: Borrow<Deck>>(
    store: &Store,
    decks: &[D],
    scheduler: &Scheduler,
    membership: &Membership,
    now: DateTime<Utc>,
) -> Result<Results, ClassError> {
    let failed = |e: crate::store::StoreError| ClassError::Store(e.to_string());
    let tests = store.test_results().map_err(failed)?;
    let input = StatsInput::new(&[], &tests, decks.iter().map(Borrow::borrow), now)
        .with_scheduler(scheduler);
    let summary = store.stats_summary(input.day).map_err(failed)?;
    let report = Overview::from_summary(&summary, &input);
    let mut last: HashMap<String, HashMap<String, LastAnswer>> = HashMap::new();
    for (key, card) in &summary.cards {
        last.entry(key.deck.clone()).or_default().insert(
            key.card.clone(),
            LastAnswer {
                at: DateTime::from_timestamp_millis(card.last_at_ms).unwrap_or_default(),
                right: card.last_right,
            },
        );
    }
    // Quiz answers are kept with their quiz, not in the log; each counts as given when it began.
    for test in &tests {
        for answer in &test.answers {
            let answers = last.entry(answer.card.deck.clone()).or_default();
            let latest = LastAnswer {
                at: test.started,
                right: answer.correct,
            };
            match answers.get_mut(&answer.card.card) {
                Some(known) if known.at > test.started => {}
                Some(known) => *known = latest,
                None => {
                    answers.insert(answer.card.card.clone(), latest);
                }
            }
        }
    }

    let topic_of: HashMap<(&str, &str), &str> = decks
        .iter()
        .map(Borrow::borrow)
        .flat_map(|d| {
            d.cards
                .iter()
                .map(move |c| ((d.id.as_str(), c.id.as_str()), c.topic.as_str()))
        })
        .collect();
    let topic = |deck: &str, card: &str| {
        topic_of
            .get(&(deck, card))
            .map_or_else(String::new, |t| (*t).to_owned())
    };
    let mut cards = Vec::new();
    for (key, state) in store.card_states().map_err(failed)? {
        let last_right = last
            .get_mut(&key.deck)
            .and_then(|answers| answers.remove(&key.card))
            .map(|a| a.right);
        if state.reps == 0 && last_right.is_none() {
            continue;
        }
        cards.push(CardResult {
            topic: topic(&key.deck, &key.card),
            reviews: state.reps,
            lapses: state.lapses,
            last_right,
            stability: state.memory.map(|m| m.stability),
            mastered: is_mastered(&state),
            deck: key.deck,
            card: key.card,
        });
    }
    // What is left was answered only in quizzes, which leave no state.
    for (deck, answers) in last {
        for (card, answer) in answers {
            cards.push(CardResult {
                topic: topic(&deck, &card),
                deck: deck.clone(),
                card,
                reviews: 0,
                lapses: 0,
                last_right: Some(answer.right),
                stability: None,
                mastered: false,
            });
        }
    }
    cards.sort_by(|a, b| (&a.deck, &a.card).cmp(&(&b.deck, &b.card)));

    let day = scheduler.day();
    let quizzes = tests
        .iter()
        .map(|t| QuizResult {
            at: t.started,
            date: day.study_day(t.started),
            correct: u32::try_from(t.correct()).unwrap_or(u32::MAX),
            total: u32::try_from(t.answers.len()).unwrap_or(u32::MAX),
            decks: t.decks.clone(),
            topics: t.topics.clone(),
        })
        .collect();
    Ok(Results {
        format: RESULTS_FORMAT.to_owned(),
        version: 1,
        class_id: membership.class_id.clone(),
        student_id: membership.student_id.clone(),
        student: membership.name.clone(),
        written_at: now,
        report,
        cards,
        quizzes,
    })
}

/// Writes a student's results into the class folder: through a temporary file in the same folder
/// and one rename, so the teacher never reads half a file; only a regular file is replaced. The
/// folder must still hold the class joined (a USB stick with another class is not written to).
pub fn write_results(folder: &Path, results: &Results) -> Result<PathBuf, ClassError> {
    let class = folder::open(folder)?;
    if class.id != results.class_id {
        return Err(ClassError::NotAClass {
            path: folder.to_path_buf(),
            reason: format!(
                "it now holds another class ({}); nothing was written",
                class.name
            ),
        });
    }
    let students = folder.join(STUDENTS_DIR);
    std::fs::create_dir_all(&students).map_err(|e| ClassError::Write {
        path: students.clone(),
        reason: e.to_string(),
    })?;
    let path = folder::student_file(folder, &results.student_id);
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && !meta.file_type().is_file()
    {
        return Err(ClassError::Write {
            path,
            reason: "it is not a regular file; it was left as it is".into(),
        });
    }
    let bytes = serde_json::to_vec(results).map_err(|e| ClassError::Invalid(e.to_string()))?;
    crate::fsio::replace_atomically(&path, &bytes).map_err(|e| ClassError::Write {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    Ok(path)
}

/// Gathers a student's results from the store at `store_path` and writes them into their class
/// folder: what the app runs after each session and quiz, off its UI thread.
pub fn publish<D: Borrow<Deck>>(
    store_path: &Path,
    decks: &[D],
    scheduler: &Scheduler,
    membership: &Membership,
    now: DateTime<Utc>,
) -> Result<PathBuf, ClassError> {
    // Check the folder first: an unplugged stick costs no pass over the log.
    folder::open(&membership.folder)?;
    let store = Store::open_path(store_path).map_err(|e| ClassError::Store(e.to_string()))?;
    let results = gather(&store, decks, scheduler, membership, now)?;
    write_results(&membership.folder, &results)
}

impl Results {
    /// Reads a results file's bytes, checking that it is one (format, version, ids and counts).
    pub fn from_bytes(bytes: &[u8]) -> Result<Results, String> {
        let results: Results = serde_json::from_slice(bytes).map_err(|e| {
            if e.is_eof() {
                "it ends early (a copy still under way?)".to_owned()
            } else {
                format!("it is not a results file: {e}")
            }
        })?;
        if results.format != RESULTS_FORMAT {
            return Err("it is not a Changchun Cards results file".into());
        }
        if results.version > 1 {
            return Err(format!(
                "it was written by a newer version of Changchun Cards (version {})",
                results.version
            ));
        }
        if !is_id(&results.student_id) || !is_id(&results.class_id) {
            return Err("its student or class id is malformed".into());
        }
        let name = results.student.trim();
        if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
            return Err("its student name is empty, too long or not one line".into());
        }
        if results.report.topics.iter().any(|t| t.mastered > t.cards) {
            return Err("a topic has more mastered cards than cards".into());
        }
        if results.quizzes.iter().any(|q| q.correct > q.total) {
            return Err("a quiz has more right answers than questions".into());
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult};

    fn deck() -> Deck {
        let text = r#"(format: 1, id: "d", title: "D", topics: ["Causes", "Outcome"], cards: [
            (id: "a", topic: "Causes", question: Flashcard(front: "Why?", back: "Because")),
            (id: "b", topic: "Outcome", question: Flashcard(front: "What then?", back: "Nothing")),
        ])"#;
        ron::from_str(text).unwrap()
    }

    fn review(card: &str, at: &str, rating: Rating, kind: ReviewKind, stability: f32) -> Review {
        let at: DateTime<Utc> = at.parse().unwrap();
        Review {
            id: 0,
            at,
            card: CardKey::new("d", card),
            rating,
            correct: rating != Rating::Again,
            duration_ms: 30_000,
            kind,
            before: None,
            after: Some(Memory {
                stability,
                difficulty: 5.0,
            }),
            due: Some(at + chrono::Duration::days(stability as i64)),
        }
    }

    fn membership(folder: &Path) -> Membership {
        Membership {
            folder: folder.to_path_buf(),
            class_id: "00000000000000aa".into(),
            class_name: "9B".into(),
            student_id: "00000000000000bb".into(),
            name: "Anna".into(),
        }
    }

    #[test]
    fn results_hold_each_cards_standing_its_latest_answer_and_the_quizzes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_path(&dir.path().join("p.sqlite3")).unwrap();
        store
            .record_review(&review(
                "a",
                "2026-09-01T10:00:00Z",
                Rating::Good,
                ReviewKind::Learn,
                30.0,
            ))
            .unwrap();
        store
            .record_review(&review(
                "b",
                "2026-09-01T10:01:00Z",
                Rating::Good,
                ReviewKind::Learn,
                3.0,
            ))
            .unwrap();
        store
            .record_review(&review(
                "b",
                "2026-09-02T10:00:00Z",
                Rating::Again,
                ReviewKind::Review,
                1.0,
            ))
            .unwrap();
        store
            .record_test(&TestResult {
                id: 0,
                started: "2026-09-03T10:00:00Z".parse().unwrap(),
                duration_ms: 60_000,
                decks: vec!["d".into()],
                topics: vec!["Causes".into()],
                answers: vec![TestAnswer {
                    card: CardKey::new("d", "a"),
                    correct: false,
                    given: "secret".into(),
                    expected: "x".into(),
                }],
            })
            .unwrap();
        let now = "2026-09-03T12:00:00Z".parse().unwrap();
        let results = gather(
            &store,
            &[deck()],
            &Scheduler::new(Default::default()),
            &membership(dir.path()),
            now,
        )
        .unwrap();
        assert_eq!(results.student, "Anna");
        assert_eq!(results.cards.len(), 2);
        let a = &results.cards[0];
        assert_eq!((a.card.as_str(), a.topic.as_str()), ("a", "Causes"));
        assert_eq!(a.reviews, 1, "a quiz answer is no review");
        assert_eq!(a.last_right, Some(false), "the quiz's answer came last");
        assert!(
            a.mastered,
            "graduated with 30 days of stability; quizzes move nothing"
        );
        let b = &results.cards[1];
        assert_eq!(b.last_right, Some(false));
        assert!(!b.mastered);
        assert_eq!(b.reviews, 2);
        assert_eq!(results.quizzes.len(), 1);
        assert_eq!(
            (results.quizzes[0].correct, results.quizzes[0].total),
            (0, 1)
        );
        assert_eq!(results.quizzes[0].topics, vec!["Causes".to_owned()]);
        let studied: u32 = results.report.days.iter().map(|d| d.reviews()).sum();
        assert_eq!(studied, 3);
        let text = serde_json::to_string(&results).unwrap();
        assert!(!text.contains("secret"), "no answer's text is shared");
        assert_eq!(Results::from_bytes(text.as_bytes()).unwrap(), results);
    }

    #[test]
    fn writing_needs_the_class_joined_and_replaces_only_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let class = folder::create(dir.path(), "9B", Utc::now()).unwrap();
        let member = folder::join(dir.path(), "Anna", None).unwrap();
        let store = Store::open_path(&dir.path().join("p.sqlite3")).unwrap();
        let results = gather(
            &store,
            &[deck()],
            &Scheduler::new(Default::default()),
            &member,
            Utc::now(),
        )
        .unwrap();
        let path = write_results(dir.path(), &results).unwrap();
        assert_eq!(path, folder::student_file(dir.path(), &member.student_id));
        let read = Results::from_bytes(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(read.class_id, class.id);
        // Written again: replaced, with no temporary file left beside it.
        write_results(dir.path(), &results).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path().join(STUDENTS_DIR))
            .unwrap()
            .collect();
        assert_eq!(names.len(), 1);

        let other = Results {
            class_id: "0123456789abcdef".into(),
            ..results.clone()
        };
        let err = write_results(dir.path(), &other).unwrap_err();
        assert!(err.to_string().contains("another class"), "{err}");

        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let err = write_results(dir.path(), &results).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");

        let gone = dir.path().join("unplugged");
        let err = write_results(&gone, &results).unwrap_err();
        assert!(matches!(err, ClassError::Unreachable { .. }), "{err}");
    }

    #[test]
    fn files_that_are_not_results_are_told_apart() {
        assert!(
            Results::from_bytes(b"{\"format\": ")
                .unwrap_err()
                .contains("ends early")
        );
        assert!(
            Results::from_bytes(b"[1, 2]")
                .unwrap_err()
                .contains("not a results file")
        );
        assert!(Results::from_bytes(b"\xff\xfe").is_err());
    }
}
