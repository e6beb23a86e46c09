//! All statistics of a synthetic profile with 1 000 000 reviews: the budget is 200 ms for the log
//! in memory. The app reads them from the summary the store keeps: as it is after a study session,
//! and made again from the whole log (the first time, or after the study day changed).
//!
//! Run with `cargo bench --no-default-features --bench stats`.

use changchun_cards::deck::{Card, Deck, Question};
use changchun_cards::review::{
    CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult,
};
use changchun_cards::schedule::StudyDay;
use changchun_cards::stats::{Overview, StatsInput};
use changchun_cards::store::Store;
use chrono::FixedOffset;
use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::hint::black_box;

const REVIEWS: usize = 1_000_000;
const DAYS: i64 = 730;
const DECKS: usize = 4;
const TOPICS: usize = 5;
const CARDS_PER_TOPIC: usize = 1_000;
const TESTS: usize = 300;

fn decks() -> Vec<Deck> {
    (0..DECKS)
        .map(|d| Deck {
            format: 1,
            id: format!("deck-{d}"),
            title: format!("Deck {d}"),
            description: String::new(),
            language: "en".into(),
            authors: Vec::new(),
            sources: Default::default(),
            topics: (0..TOPICS).map(|t| format!("Topic {t}")).collect(),
            cards: (0..TOPICS * CARDS_PER_TOPIC)
                .map(|c| Card {
                    id: format!("card-{c}"),
                    topic: format!("Topic {}", c % TOPICS),
                    tags: Vec::new(),
                    question: Question::Flashcard {
                        front: String::new(),
                        back: String::new(),
                    },
                    explanation: String::new(),
                    sources: Vec::new(),
                    image: None,
                    explanation_image: None,
                })
                .collect(),
        })
        .collect()
}

/// Two years of daily study: cards are learned, reviewed and sometimes forgotten, with a few tests.
fn profile(now: DateTime<Utc>) -> (Vec<Review>, Vec<TestResult>) {
    let mut rng = StdRng::seed_from_u64(1922);
    let cards = DECKS * TOPICS * CARDS_PER_TOPIC;
    let key = |c: usize| CardKey::new(format!("deck-{}", c % DECKS), format!("card-{}", c / DECKS));
    // Per card: (stability, forgotten at its last review); stability 0 means not yet learned.
    let mut state = vec![(0.0f32, false); cards];
    let per_day = REVIEWS / DAYS as usize;
    let start = now - Duration::days(DAYS);
    let mut reviews = Vec::with_capacity(REVIEWS);
    let mut at = start;
    for day in 0..DAYS {
        let count = if day == DAYS - 1 {
            REVIEWS - reviews.len()
        } else {
            per_day
        };
        // The log is in time order, as the store keeps it.
        at = at.max(start + Duration::days(day) + Duration::hours(rng.random_range(6..20)));
        for _ in 0..count {
            at += Duration::seconds(rng.random_range(1..40));
            let c = rng.random_range(0..cards);
            let (stability, forgotten) = state[c];
            let rating = Rating::from_number(rng.random_range(1..=4)).unwrap_or(Rating::Good);
            let kind = if rng.random_ratio(1, 50) {
                ReviewKind::Test
            } else if stability == 0.0 {
                ReviewKind::Learn
            } else if forgotten {
                ReviewKind::Relearn
            } else {
                ReviewKind::Review
            };
            let scheduled = kind != ReviewKind::Test;
            let next = if rating == Rating::Again {
                1.0
            } else {
                (stability.max(1.0) * 2.5).min(365.0)
            };
            if scheduled {
                state[c] = (next, rating == Rating::Again);
            }
            reviews.push(Review {
                id: reviews.len() as i64 + 1,
                at,
                card: key(c),
                rating,
                correct: rating != Rating::Again,
                duration_ms: rng.random_range(2_000..30_000),
                kind,
                before: (stability > 0.0).then_some(Memory {
                    stability,
                    difficulty: 5.0,
                }),
                after: scheduled.then_some(Memory {
                    stability: next,
                    difficulty: 5.0,
                }),
                due: scheduled.then(|| at + Duration::hours((next * 24.0) as i64)),
            });
        }
    }
    let tests = (0..TESTS)
        .map(|t| TestResult {
            id: t as i64 + 1,
            started: start + Duration::hours(t as i64 * 58),
            duration_ms: 300_000,
            decks: vec![format!("deck-{}", t % DECKS)],
            topics: Vec::new(),
            answers: (0..20)
                .map(|_| TestAnswer {
                    card: key(rng.random_range(0..cards)),
                    correct: rng.random_bool(0.7),
                    given: String::new(),
                    expected: String::new(),
                })
                .collect(),
        })
        .collect();
    (reviews, tests)
}

fn overview(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    let decks = decks();
    let (reviews, tests) = profile(now);
    assert!(reviews.is_sorted_by_key(|r| r.at));
    let input = StatsInput::new(&reviews, &tests, &decks, now);
    let mut group = c.benchmark_group("stats");
    group.sample_size(20);
    group.bench_function("overview of 1M reviews", |b| {
        b.iter(|| Overview::compute(black_box(&input)))
    });

    // The app's path: the store's kept summary, then the figures from it.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open_path(&dir.path().join("progress.sqlite3")).expect("a store");
    store.import_reviews(&reviews).expect("the log is written");
    let input = StatsInput::new(&[], &tests, &decks, now);
    let from_store = |store: &Store, day: StudyDay| {
        let summary = store.stats_summary(day).expect("the summary is read");
        Overview::from_summary(
            &summary,
            &StatsInput {
                day,
                ..input.clone()
            },
        )
    };
    // Another study day: each read makes the summary again from the whole log.
    let evening = StudyDay::new(FixedOffset::east_opt(3600).expect("an offset"), 20);
    let mut days = [input.day, evening].into_iter().cycle();
    group.sample_size(10);
    group.bench_function("made again from the whole log, 1M reviews", |b| {
        b.iter(|| from_store(&store, days.next().expect("cycles")))
    });
    from_store(&store, input.day);
    group.sample_size(20);
    group.bench_function("read from the kept summary, 1M reviews", |b| {
        b.iter(|| from_store(&store, input.day))
    });
    // A study session of 200 answers (100 cards twice) since the statistics were last read, given
    // on the connection the app studies on; the statistics read on their own, as in the app.
    let mut writer = Store::open_path(store.path()).expect("a second connection");
    let mut session = 0;
    group.bench_function("read after a session of 200 answers, 1M reviews", |b| {
        b.iter_batched(
            || {
                session += 1;
                for answer in 0..200 {
                    let last = &reviews[reviews.len() - 1 - (answer % 100) * 37];
                    let at = now + Duration::seconds(session * 1_000 + answer as i64);
                    writer
                        .record_review(&Review { at, ..last.clone() })
                        .expect("an answer is recorded");
                }
            },
            |()| from_store(&store, input.day),
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, overview);
criterion_main!(benches);
