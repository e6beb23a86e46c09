//! Reading a class folder into what the teacher sees: each student's activity, mastery and quiz
//! scores, mastery per topic over the class, the cards the class misses most, and who has not
//! studied lately. Files that are not results (damaged, foreign, too large) are listed and skipped.

use super::ClassError;
use super::folder::{self, ClassFile, STUDENTS_DIR};
use super::results::{MAX_RESULTS_BYTES, QuizResult, Results};
use crate::deck::Deck;
use crate::report::{self, Learner, RECENT_DAYS};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Weeks of activity shown per student and for the class, this week included.
pub const WEEKS_SHOWN: usize = 12;
/// The most-missed cards listed.
const MISSED_SHOWN: usize = 20;

/// A class folder as read: every student's results and what they add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassOverview {
    pub folder: PathBuf,
    pub class: ClassFile,
    /// The teacher's study day the figures are counted to.
    pub today: NaiveDate,
    /// Sorted by name.
    pub students: Vec<StudentSummary>,
    /// Each student's results, in the order of `students`.
    pub results: Vec<Results>,
    /// Mastery per deck topic over the whole class, in the order topics first appear.
    pub topics: Vec<TopicTotal>,
    /// Reviews of the whole class per week (7-day stretches ending today), oldest first.
    pub weekly_reviews: [u32; WEEKS_SHOWN],
    /// The cards to teach again, most missed first.
    pub missed: Vec<MissedCard>,
    /// Files in the students folder that were not read, with the reason.
    pub skipped: Vec<Skipped>,
}

/// One student's line in the class table.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentSummary {
    pub id: String,
    /// The name they gave; when two students gave the same one, the start of their id is added.
    pub name: String,
    pub written_at: DateTime<Utc>,
    pub last_studied: Option<NaiveDate>,
    /// Reviews and minutes over the last 7 days, today included.
    pub reviews_this_week: u32,
    pub minutes_this_week: f64,
    /// Reviews per week, oldest first, the last one ending today.
    pub weekly_reviews: [u32; WEEKS_SHOWN],
    pub mastered: u32,
    pub cards: u32,
    pub last_quiz: Option<QuizResult>,
    pub quizzes: usize,
    /// Not studied in the last 7 days.
    pub idle: bool,
}

impl StudentSummary {
    /// Share of their cards mastered, 0.0 to 1.0.
    pub fn mastery(&self) -> f64 {
        share(u64::from(self.mastered), u64::from(self.cards))
    }
}

/// One deck topic over the class.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicTotal {
    pub deck: String,
    pub topic: String,
    /// Cards mastered and cards, added over the students.
    pub mastered: u64,
    pub cards: u64,
}

impl TopicTotal {
    pub fn mastery(&self) -> f64 {
        share(self.mastered, self.cards)
    }
}

/// A card the class misses.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedCard {
    pub deck: String,
    pub card: String,
    pub topic: String,
    /// The question, when the card is in a deck the teacher has loaded.
    pub prompt: Option<String>,
    /// Students who have answered it.
    pub students: u32,
    /// Students whose latest answer to it was wrong.
    pub wrong_last: u32,
    /// Times it was forgotten, added over the students.
    pub lapses: u64,
}

impl MissedCard {
    /// Share of the students who answered it whose latest answer was wrong.
    pub fn wrong_share(&self) -> f64 {
        share(u64::from(self.wrong_last), u64::from(self.students))
    }
}

/// A file of the students folder that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Reads the class folder as of the teacher's study day `today`. `decks` (the teacher's loaded
/// decks) give the most-missed cards their questions. Only a folder that is not a class, or out
/// of reach, is an error; each unreadable student file is skipped and listed.
pub fn read_folder(
    folder: &Path,
    today: NaiveDate,
    decks: &[Deck],
) -> Result<ClassOverview, ClassError> {
    let class = folder::open(folder)?;
    let (files, mut skipped) = student_files(&folder.join(STUDENTS_DIR))?;
    let mut newest: HashMap<String, (PathBuf, Results)> = HashMap::new();
    for (path, read) in read_all(&files) {
        let results = match read {
            Ok(r) if r.class_id != class.id => {
                skipped.push(Skipped {
                    path,
                    reason: "it belongs to another class".into(),
                });
                continue;
            }
            Ok(r) => r,
            Err(reason) => {
                skipped.push(Skipped { path, reason });
                continue;
            }
        };
        // A sync tool's "conflicted copy" of a student's file: the newest copy counts.
        let (path, older) = match newest.get(&results.student_id) {
            Some((_, known)) if known.written_at >= results.written_at => (path, results),
            _ => match newest.insert(results.student_id.clone(), (path, results)) {
                Some(older) => older,
                None => continue,
            },
        };
        skipped.push(Skipped {
            path,
            reason: format!(
                "an older copy of {}'s results (written {})",
                older.student,
                older.written_at.format("%Y-%m-%d %H:%M UTC")
            ),
        });
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let mut results: Vec<Results> = newest.into_values().map(|(_, r)| r).collect();
    results.sort_by(|a, b| {
        (a.student.to_lowercase(), &a.student_id).cmp(&(b.student.to_lowercase(), &b.student_id))
    });
    Ok(summarise(folder, class, today, results, skipped, decks))
}

/// The `.json` files of the students folder, and the entries that are not results files. Hidden
/// files (a temporary file being written, a sync tool's own) are left out.
fn student_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Skipped>), ClassError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // A class nobody has joined yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => {
            return Err(ClassError::Unreachable {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            });
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ClassError::Unreachable {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            files.push(path);
        } else {
            skipped.push(Skipped {
                path,
                reason: "not a results file (they end in .json)".into(),
            });
        }
    }
    files.sort();
    Ok((files, skipped))
}

/// Reads and checks every file, on as many threads as there are cores (at most 4).
fn read_all(files: &[PathBuf]) -> Vec<(PathBuf, Result<Results, String>)> {
    let read = |path: &PathBuf| {
        let results = crate::fsio::read_limited(path, MAX_RESULTS_BYTES)
            .map_err(|e| e.reason())
            .and_then(|bytes| Results::from_bytes(&bytes));
        (path.clone(), results)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || files.len() < 8 {
        return files.iter().map(read).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(read).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Reviews per week ending today (oldest first) from a student's days.
fn weekly(results: &Results, today: NaiveDate) -> [u32; WEEKS_SHOWN] {
    let mut weeks = [0u32; WEEKS_SHOWN];
    for day in results.report.days.iter().rev() {
        let ago = (today - day.date).num_days();
        if ago < 0 {
            continue;
        }
        let week = usize::try_from(ago / 7).unwrap_or(usize::MAX);
        if week >= WEEKS_SHOWN {
            break;
        }
        let slot = &mut weeks[WEEKS_SHOWN - 1 - week];
        *slot = slot.saturating_add(day.reviews());
    }
    weeks
}

fn summarise(
    folder: &Path,
    class: ClassFile,
    today: NaiveDate,
    results: Vec<Results>,
    skipped: Vec<Skipped>,
    decks: &[Deck],
) -> ClassOverview {
    let since = today - chrono::Duration::days(RECENT_DAYS - 1);
    let mut name_count: HashMap<&str, usize> = HashMap::new();
    for r in &results {
        *name_count.entry(r.student.trim()).or_default() += 1;
    }
    let students: Vec<StudentSummary> = results
        .iter()
        .map(|r| {
            let name = r.student.trim();
            let name = if name_count[name] > 1 {
                format!("{name} ({})", &r.student_id[..4])
            } else {
                name.to_owned()
            };
            let last_studied = r
                .report
                .days
                .iter()
                .rev()
                .find(|d| d.answers() > 0)
                .map(|d| d.date);
            let (reviews, ms) = r
                .report
                .days
                .iter()
                .rev()
                .take_while(|d| d.date >= since)
                .filter(|d| d.date <= today)
                .fold((0u32, 0u64), |(n, ms), d| {
                    (
                        n.saturating_add(d.reviews()),
                        ms.saturating_add(d.time_ms).saturating_add(d.test_time_ms),
                    )
                });
            let (mastered, cards) = r.report.topics.iter().fold((0u32, 0u32), |(m, c), t| {
                (m.saturating_add(t.mastered), c.saturating_add(t.cards))
            });
            StudentSummary {
                id: r.student_id.clone(),
                name,
                written_at: r.written_at,
                last_studied,
                reviews_this_week: reviews,
                minutes_this_week: ms as f64 / 60_000.0,
                weekly_reviews: weekly(r, today),
                mastered,
                cards,
                last_quiz: r.quizzes.iter().max_by_key(|q| q.at).cloned(),
                quizzes: r.quizzes.len(),
                idle: last_studied.is_none_or(|d| d < since),
            }
        })
        .collect();

    let mut weekly_reviews = [0u32; WEEKS_SHOWN];
    for s in &students {
        for (total, n) in weekly_reviews.iter_mut().zip(s.weekly_reviews) {
            *total = total.saturating_add(n);
        }
    }

    let mut topics: Vec<TopicTotal> = Vec::new();
    let mut topic_at: HashMap<(&str, &str), usize> = HashMap::new();
    for t in results.iter().flat_map(|r| &r.report.topics) {
        let at = *topic_at
            .entry((t.deck.as_str(), t.topic.as_str()))
            .or_insert_with(|| {
                topics.push(TopicTotal {
                    deck: t.deck.clone(),
                    topic: t.topic.clone(),
                    mastered: 0,
                    cards: 0,
                });
                topics.len() - 1
            });
        topics[at].mastered += u64::from(t.mastered);
        topics[at].cards += u64::from(t.cards);
    }

    ClassOverview {
        folder: folder.to_path_buf(),
        class,
        today,
        missed: most_missed(&results, decks),
        students,
        results,
        topics,
        weekly_reviews,
        skipped,
    }
}

/// The cards most students got wrong at their latest answer; ties go to the larger share of wrong
/// answers, then to more lapses.
fn most_missed(results: &[Results], decks: &[Deck]) -> Vec<MissedCard> {
    let mut by_card: HashMap<(&str, &str), MissedCard> = HashMap::new();
    for card in results.iter().flat_map(|r| &r.cards) {
        let missed = by_card
            .entry((card.deck.as_str(), card.card.as_str()))
            .or_insert_with(|| MissedCard {
                deck: card.deck.clone(),
                card: card.card.clone(),
                topic: card.topic.clone(),
                prompt: None,
                students: 0,
                wrong_last: 0,
                lapses: 0,
            });
        if card.last_right.is_some() || card.reviews > 0 {
            missed.students += 1;
        }
        if card.last_right == Some(false) {
            missed.wrong_last += 1;
        }
        missed.lapses += u64::from(card.lapses);
    }
    let mut missed: Vec<MissedCard> = by_card
        .into_values()
        .filter(|m| m.wrong_last > 0 || m.lapses > 0)
        .collect();
    missed.sort_by(|a, b| {
        b.wrong_last
            .cmp(&a.wrong_last)
            .then(b.wrong_share().total_cmp(&a.wrong_share()))
            .then(b.lapses.cmp(&a.lapses))
            .then_with(|| (&a.deck, &a.card).cmp(&(&b.deck, &b.card)))
    });
    missed.truncate(MISSED_SHOWN);
    for m in &mut missed {
        if let Some(card) = decks
            .iter()
            .find(|d| d.id == m.deck)
            .and_then(|d| d.card(&m.card))
        {
            m.prompt = Some(card.question.prompt());
            if m.topic.is_empty() {
                m.topic.clone_from(&card.topic);
            }
        }
    }
    missed
}

impl ClassOverview {
    /// The students as the class page takes them: each one's topic rows, under the name shown.
    pub fn learners(&self) -> Vec<Learner> {
        report::group(
            self.students
                .iter()
                .zip(&self.results)
                .flat_map(|(s, r)| report::rows(&s.name, &r.report)),
        )
    }

    /// The class page, the same page `report --merge` makes from the students' report.csv files.
    pub fn class_html(&self) -> String {
        report::class_html(&self.learners(), self.today)
    }

    /// Writes a student's learner report (`report.csv` and `report.html`) into `dir`, as their own
    /// `report` would have made it when they last wrote their results; earlier files there are
    /// kept as `.bak`.
    pub fn write_student_report(
        &self,
        student: usize,
        dir: &Path,
    ) -> Result<report::ReportFiles, String> {
        let (summary, results) = self
            .students
            .get(student)
            .zip(self.results.get(student))
            .ok_or_else(|| "there is no such student in this class".to_owned())?;
        report::write_overview_report(dir, &summary.name, &results.report)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::{Membership, gather, join, write_results};
    use crate::review::{CardKey, Memory, Rating, Review, ReviewKind};
    use crate::schedule::Scheduler;
    use crate::store::Store;

    fn deck() -> Deck {
        let text = r#"(format: 1, id: "d", title: "D", topics: ["Causes", "Outcome"], cards: [
            (id: "a", topic: "Causes", question: Flashcard(front: "Why did Japan come?", back: "x")),
            (id: "b", topic: "Outcome", question: Flashcard(front: "What came of it?", back: "y")),
        ])"#;
        ron::from_str(text).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-10-20T12:00:00Z".parse().unwrap()
    }

    /// A student who answered `card` on `day` (days before now) with `rating`.
    fn student(dir: &Path, name: &str, answers: &[(&str, i64, Rating)]) -> Membership {
        let member = join(dir, name, None).unwrap();
        let db = tempfile::NamedTempFile::new().unwrap();
        let mut store = Store::open_path(db.path()).unwrap();
        for (card, days_ago, rating) in answers {
            let at = now() - chrono::Duration::days(*days_ago);
            let stability = if *rating == Rating::Again { 1.0 } else { 30.0 };
            store
                .record_review(&Review {
                    id: 0,
                    at,
                    card: CardKey::new("d", *card),
                    rating: *rating,
                    correct: *rating != Rating::Again,
                    duration_ms: 60_000,
                    kind: ReviewKind::Review,
                    before: None,
                    after: Some(Memory {
                        stability,
                        difficulty: 5.0,
                    }),
                    due: Some(at + chrono::Duration::days(stability as i64)),
                })
                .unwrap();
        }
        let results = gather(
            &store,
            &[deck()],
            &Scheduler::new(Default::default()),
            &member,
            now(),
        )
        .unwrap();
        write_results(dir, &results).unwrap();
        member
    }

    fn today() -> NaiveDate {
        Scheduler::new(Default::default()).day().study_day(now())
    }

    #[test]
    fn the_overview_adds_up_students_topics_and_missed_cards() {
        let dir = tempfile::tempdir().unwrap();
        folder::create(dir.path(), "9B", now()).unwrap();
        student(
            dir.path(),
            "Boris",
            &[("a", 20, Rating::Good), ("b", 20, Rating::Again)],
        );
        student(
            dir.path(),
            "anna",
            &[
                ("a", 1, Rating::Good),
                ("b", 2, Rating::Again),
                ("b", 1, Rating::Again),
            ],
        );
        student(dir.path(), "Chen", &[]);
        let class = read_folder(dir.path(), today(), &[deck()]).unwrap();
        assert!(class.skipped.is_empty(), "{:?}", class.skipped);
        let names: Vec<&str> = class.students.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["anna", "Boris", "Chen"],
            "sorted by name, case aside"
        );
        let anna = &class.students[0];
        assert_eq!(anna.reviews_this_week, 3);
        assert_eq!(anna.minutes_this_week, 3.0);
        assert_eq!(anna.weekly_reviews[WEEKS_SHOWN - 1], 3);
        assert!(!anna.idle);
        assert_eq!((anna.mastered, anna.cards), (1, 2));
        let boris = &class.students[1];
        assert!(boris.idle, "20 days without study");
        assert_eq!(boris.reviews_this_week, 0);
        assert_eq!(boris.weekly_reviews[WEEKS_SHOWN - 3], 2);
        assert!(class.students[2].idle && class.students[2].last_studied.is_none());
        assert_eq!(class.weekly_reviews[WEEKS_SHOWN - 1], 3);

        let causes = class.topics.iter().find(|t| t.topic == "Causes").unwrap();
        assert_eq!((causes.mastered, causes.cards), (2, 3));

        assert_eq!(class.missed.len(), 1);
        let b = &class.missed[0];
        assert_eq!((b.card.as_str(), b.students, b.wrong_last), ("b", 2, 2));
        assert_eq!(b.prompt.as_deref(), Some("What came of it?"));
        assert_eq!(b.wrong_share(), 1.0);

        let page = class.class_html();
        assert!(page.contains("anna") && page.contains("Boris") && page.contains("Chen"));
        assert!(page.contains("3 learners"));
    }

    #[test]
    fn damaged_foreign_oversized_and_stray_files_are_listed_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        folder::create(dir.path(), "9B", now()).unwrap();
        let anna = student(dir.path(), "Anna", &[("a", 1, Rating::Good)]);
        let students = dir.path().join(STUDENTS_DIR);
        let good = std::fs::read(anna.results_file()).unwrap();
        std::fs::write(students.join("torn.json"), &good[..good.len() / 2]).unwrap();
        std::fs::write(students.join("notes.txt"), "hello").unwrap();
        std::fs::write(students.join("other.json"), "{\"some\": \"thing\"}").unwrap();
        std::fs::write(students.join(".anna.json.123.tmp"), "in flight").unwrap();
        let big = std::fs::File::create(students.join("huge.json")).unwrap();
        big.set_len(MAX_RESULTS_BYTES + 1).unwrap();
        std::fs::create_dir(students.join("folder.json")).unwrap();
        // A results file of another class, copied in by mistake.
        let mut foreign = Results::from_bytes(&good).unwrap();
        foreign.class_id = "0123456789abcdef".into();
        foreign.student_id = "fedcba9876543210".into();
        std::fs::write(
            students.join("stray.json"),
            serde_json::to_vec(&foreign).unwrap(),
        )
        .unwrap();
        // A sync tool's conflicted copy, older than the file itself.
        let mut older = Results::from_bytes(&good).unwrap();
        older.written_at -= chrono::Duration::days(2);
        older.student = "Anna (old)".into();
        let copy = students.join(format!("{} (conflicted copy).json", anna.student_id));
        std::fs::write(&copy, serde_json::to_vec(&older).unwrap()).unwrap();

        let class = read_folder(dir.path(), today(), &[deck()]).unwrap();
        assert_eq!(class.students.len(), 1);
        assert_eq!(class.students[0].name, "Anna", "the newest copy counts");
        let reason = |name: &str| {
            class
                .skipped
                .iter()
                .find(|s| s.path.file_name().unwrap().to_string_lossy() == name)
                .map(|s| s.reason.clone())
                .unwrap_or_else(|| panic!("{name} not listed: {:?}", class.skipped))
        };
        assert!(reason("torn.json").contains("ends early"));
        assert!(reason("notes.txt").contains("not a results file"));
        assert!(reason("other.json").contains("not a results file"));
        assert!(
            reason("huge.json").contains("larger"),
            "{}",
            reason("huge.json")
        );
        assert!(reason("folder.json").contains("folder"));
        assert!(reason("stray.json").contains("another class"));
        assert!(reason(&copy.file_name().unwrap().to_string_lossy()).contains("older copy"));
        assert_eq!(
            class.skipped.len(),
            7,
            "the hidden temporary file is not listed"
        );
    }

    #[test]
    fn two_students_of_one_name_are_told_apart_on_the_class_page() {
        let dir = tempfile::tempdir().unwrap();
        folder::create(dir.path(), "9B", now()).unwrap();
        let first = student(dir.path(), "Anna", &[("a", 1, Rating::Good)]);
        let second = student(dir.path(), "Anna", &[("b", 1, Rating::Good)]);
        let class = read_folder(dir.path(), today(), &[]).unwrap();
        let mut names: Vec<String> = class.students.iter().map(|s| s.name.clone()).collect();
        names.sort();
        let mut expected = vec![
            format!("Anna ({})", &first.student_id[..4]),
            format!("Anna ({})", &second.student_id[..4]),
        ];
        expected.sort();
        assert_eq!(names, expected);
        assert_eq!(class.learners().len(), 2);
    }

    #[test]
    fn a_folder_that_is_gone_or_not_a_class_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_folder(&dir.path().join("gone"), today(), &[]),
            Err(ClassError::Unreachable { .. })
        ));
        assert!(matches!(
            read_folder(dir.path(), today(), &[]),
            Err(ClassError::NotAClass { .. })
        ));
    }
}
