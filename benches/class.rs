//! Opening a class folder: 150 students, each with a school year of daily study (about 20 000
//! reviews and 30 quizzes), summarised into their results files as their app writes them, read into
//! the class overview. The goal is 2 s on the 2-core development machine.
//!
//! Run with `CARGO_PROFILE_DEV_OPT_LEVEL=3 cargo bench --no-default-features --profile dev --bench class`.
//! The folder is made once (each student's reviews go through a real progress store and the same
//! `class::gather` the app runs) and kept in the system's temporary folder for later runs.

use changchun_cards::class::{self, Membership};
use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::{Deck, Library};
use changchun_cards::review::{
    CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult,
};
use changchun_cards::schedule::Scheduler;
use changchun_cards::store::Store;
use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::path::{Path, PathBuf};

const STUDENTS: usize = 150;
/// A school year of daily study.
const DAYS: i64 = 300;
const REVIEWS_PER_STUDENT: usize = 20_000;
const QUIZZES_PER_STUDENT: usize = 30;

fn bundled_decks() -> Vec<Deck> {
    let empty = tempfile::tempdir().unwrap();
    Library::load(&DataDir::new(empty.path()))
        .decks()
        .cloned()
        .collect()
}

/// One student's year: new cards learned early on, reviewed at growing intervals, sometimes
/// forgotten; a quiz every ten days.
fn year(seed: u64, cards: &[CardKey], now: DateTime<Utc>) -> (Vec<Review>, Vec<TestResult>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let start = now - Duration::days(DAYS);
    let per_day = REVIEWS_PER_STUDENT / DAYS as usize;
    let mut stability = vec![0.0f32; cards.len()];
    let mut reviews = Vec::with_capacity(REVIEWS_PER_STUDENT);
    for day in 0..DAYS {
        // Some students stop a while before the end of the year.
        if seed.is_multiple_of(10) && day > DAYS - 12 {
            break;
        }
        let count = if day == DAYS - 1 {
            REVIEWS_PER_STUDENT.saturating_sub(reviews.len())
        } else {
            per_day
        };
        let mut at = start + Duration::days(day) + Duration::hours(rng.random_range(7..19));
        for _ in 0..count {
            at += Duration::seconds(rng.random_range(3..30));
            let c = rng.random_range(0..cards.len());
            let before = stability[c];
            let forgot = before > 0.0 && rng.random_ratio(1, 8);
            let (rating, kind, after) = if before == 0.0 {
                (Rating::Good, ReviewKind::Learn, 2.0)
            } else if forgot {
                (Rating::Again, ReviewKind::Review, (before / 3.0).max(1.0))
            } else {
                (
                    Rating::Good,
                    ReviewKind::Review,
                    (before * 2.2).min(1_000.0),
                )
            };
            stability[c] = after;
            reviews.push(Review {
                id: 0,
                at,
                card: cards[c].clone(),
                rating,
                correct: rating != Rating::Again,
                duration_ms: rng.random_range(2_000..20_000),
                kind,
                before: (before > 0.0).then_some(Memory {
                    stability: before,
                    difficulty: 5.0,
                }),
                after: Some(Memory {
                    stability: after,
                    difficulty: 5.0,
                }),
                due: Some(at + Duration::days(if forgot { 0 } else { after as i64 })),
            });
        }
    }
    let tests = (0..QUIZZES_PER_STUDENT)
        .map(|q| TestResult {
            id: 0,
            started: start + Duration::days(q as i64 * 10 + 5),
            duration_ms: 300_000,
            decks: vec![cards[0].deck.clone()],
            topics: Vec::new(),
            answers: (0..20)
                .map(|_| TestAnswer {
                    card: cards[rng.random_range(0..cards.len())].clone(),
                    correct: rng.random_ratio(3, 4),
                    given: String::new(),
                    expected: String::new(),
                })
                .collect(),
        })
        .collect();
    (reviews, tests)
}

/// The class folder, made once and kept for later runs.
fn class_folder(decks: &[Deck]) -> PathBuf {
    let folder = std::env::temp_dir().join("changchun-cards-bench-class-150-v1");
    let done = folder.join(".complete");
    if done.exists() {
        return folder;
    }
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let now = Utc::now();
    class::create(&folder, "Bench class", now).unwrap();
    let cards: Vec<CardKey> = decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| CardKey::new(&d.id, &c.id)))
        .collect();
    let scheduler = Scheduler::new(Default::default());
    let started = std::time::Instant::now();
    for s in 0..STUDENTS {
        let member: Membership = class::join(&folder, &format!("Student {s:03}"), None).unwrap();
        let db = tempfile::NamedTempFile::new().unwrap();
        let mut store = Store::open_path(db.path()).unwrap();
        let (reviews, tests) = year(s as u64, &cards, now);
        store.import_reviews(&reviews).unwrap();
        for t in &tests {
            store.record_test(t).unwrap();
        }
        let results = class::gather(&store, decks, &scheduler, &member, now).unwrap();
        class::write_results(&folder, &results).unwrap();
    }
    eprintln!(
        "made a class folder of {STUDENTS} students in {:.0?} at {}",
        started.elapsed(),
        folder.display()
    );
    std::fs::write(&done, "").unwrap();
    folder
}

fn folder_size(folder: &Path) -> u64 {
    std::fs::read_dir(folder.join("students"))
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let decks = bundled_decks();
    let folder = class_folder(&decks);
    let today = Scheduler::new(Default::default())
        .day()
        .study_day(Utc::now());
    eprintln!(
        "{STUDENTS} results files, {:.1} MB in all",
        folder_size(&folder) as f64 / 1e6
    );
    let mut group = c.benchmark_group("class folder");
    group.sample_size(10);
    group.bench_function("open 150 students into the class overview", |b| {
        b.iter(|| {
            let overview = class::read_folder(black_box(&folder), today, &decks).unwrap();
            assert_eq!(overview.students.len(), STUDENTS);
            overview
        })
    });
    let overview = class::read_folder(&folder, today, &decks).unwrap();
    group.bench_function("the class page of 150 students", |b| {
        b.iter(|| black_box(&overview).class_html())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
