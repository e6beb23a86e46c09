//! Engine benchmarks on a synthetic profile: 100 000 cards and 1 000 000 reviews, generated once
//! by running the real scheduler over random ratings.
//!
//! Run: `cargo bench --no-default-features --bench engine`

use changchun_cards::review::{CardKey, Rating, Review};
use changchun_cards::schedule::{
    CardState, DueState, Filter, Queue, QueueCard, Scheduler, SchedulerSettings, StudyDay, optimize,
};
use changchun_cards::store::Store;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

const CARDS: usize = 100_000;
const REVIEWS_PER_CARD: usize = 10;
const OPTIMIZE_CARDS: usize = 10_000;

struct Profile {
    _dir: tempfile::TempDir,
    path: PathBuf,
    cards: Vec<QueueCard>,
    /// The log of the first `OPTIMIZE_CARDS` cards: 100 000 reviews.
    optimize_log: Vec<Review>,
    now: DateTime<Utc>,
}

fn scheduler() -> Scheduler {
    Scheduler::with_day(
        SchedulerSettings::default(),
        StudyDay::new(FixedOffset::east_opt(0).expect("zero offset"), 4),
    )
}

fn random_rating(rng: &mut StdRng) -> Rating {
    match rng.random_range(0..100) {
        0..10 => Rating::Again,
        10..20 => Rating::Hard,
        20..90 => Rating::Good,
        _ => Rating::Easy,
    }
}

/// Each card is answered ten times, each time when it falls due (give or take a little), with
/// mostly Good ratings; its last answer lies between a day and its interval (plus a fifth) ago.
fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let started = Instant::now();
        let now: DateTime<Utc> = "2025-06-01T12:00:00Z".parse().expect("fixed instant");
        let s = scheduler();
        let mut rng = StdRng::seed_from_u64(1922);
        let topics = ["delegations", "negotiations", "withdrawal", "aftermath"];
        let cards: Vec<QueueCard> = (0..CARDS)
            .map(|i| QueueCard {
                key: CardKey::new(format!("deck-{}", i / 1000), format!("card-{i}")),
                topic: topics[i % topics.len()].to_owned(),
            })
            .collect();
        let mut log = Vec::with_capacity(CARDS * REVIEWS_PER_CARD);
        for card in &cards {
            // Answer the card ten times, each when due (give or take a day), from an arbitrary
            // start; then move the whole history so the last answer lies in the past and the card
            // falls due around today (about a sixth of the cards are due).
            let mut at = now;
            let mut state = CardState::new();
            let first = log.len();
            for _ in 0..REVIEWS_PER_CARD {
                let rating = random_rating(&mut rng);
                let (next, scheduled) = s.apply(&state, rating, at, &mut rng);
                log.push(scheduled.into_review(
                    card.key.clone(),
                    at,
                    rating,
                    rating != Rating::Again,
                    6000,
                ));
                let due = next.due.expect("answered cards are due");
                at = due + Duration::minutes(rng.random_range(0..24 * 60));
                state = next;
            }
            let last = log[log.len() - 1].at;
            let wait = state.due.expect("due") - last;
            let since = Duration::seconds(
                rng.random_range(86_400..=(wait.num_seconds() * 6 / 5).max(86_401)),
            );
            let shift = (last + since) - now;
            for review in &mut log[first..] {
                review.at -= shift;
                review.due = review.due.map(|d| d - shift);
            }
        }
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("progress.sqlite3");
        let mut store = Store::open_path(&path).expect("store");
        store.import_reviews(&log).expect("import");
        let optimize_log = log[..OPTIMIZE_CARDS * REVIEWS_PER_CARD].to_vec();
        println!(
            "synthetic profile: {} cards, {} reviews, {:.1} MB, generated in {:.1} s",
            CARDS,
            log.len(),
            std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        Profile {
            _dir: dir,
            path,
            cards,
            optimize_log,
            now,
        }
    })
}

fn build_queue(store: &Store, p: &Profile, s: &Scheduler) -> Queue {
    let states = store
        .due_states(p.cards.iter().map(|c| &c.key), s.day().end(p.now))
        .expect("states");
    let studied = store.studied_since(s.day().start(p.now)).expect("counts");
    Queue::build(
        &p.cards,
        states.as_slice(),
        s,
        &Filter::default(),
        studied,
        p.now,
    )
}

fn open_and_queue(c: &mut Criterion) {
    let p = profile();
    let s = scheduler();
    {
        // One timed pass, step by step, to show where the time goes.
        let t = Instant::now();
        let store = Store::open_path(&p.path).expect("store");
        let opened = t.elapsed();
        let states = store
            .due_states(p.cards.iter().map(|c| &c.key), s.day().end(p.now))
            .expect("states");
        let read = t.elapsed();
        let studied = store.studied_since(s.day().start(p.now)).expect("counts");
        let q = Queue::build(
            &p.cards,
            states.as_slice(),
            &s,
            &Filter::default(),
            studied,
            p.now,
        );
        let built = t.elapsed();
        let due = states
            .iter()
            .filter(|st| matches!(st, DueState::Due(s) if s.due.is_some_and(|d| d <= p.now)))
            .count();
        println!(
            "today's queue (new, learning, review): {:?} from {due} cards due; open {:.1} ms, read states {:.1} ms, build {:.1} ms",
            q.counts(),
            opened.as_secs_f64() * 1e3,
            (read - opened).as_secs_f64() * 1e3,
            (built - read).as_secs_f64() * 1e3,
        );
    }
    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    group.bench_function("open store and build today's queue", |b| {
        b.iter(|| {
            let store = Store::open_path(&p.path).expect("store");
            build_queue(&store, p, &s)
        })
    });
    // What the app does on open: the file checks and `PRAGMA quick_check` before trusting it.
    group.bench_function("open store with quick_check and build today's queue", |b| {
        b.iter(|| {
            let opened = Store::open_checked(&p.path).expect("store");
            assert!(opened.set_aside.is_none());
            build_queue(&opened.store, p, &s)
        })
    });
    group.finish();
}

fn answer_one_card(c: &mut Criterion) {
    let p = profile();
    let s = scheduler();
    let mut store = Store::open_path(&p.path).expect("store");
    let mut rng = StdRng::seed_from_u64(4);
    let mut i = 0usize;
    let mut answer = |store: &mut Store, rng: &mut StdRng| {
        // Read the state, schedule, commit: what a session does for one rating.
        let key = &p.cards[i % CARDS].key;
        i += 7919;
        let state = store.card_state(key).expect("state");
        let rating = random_rating(rng);
        let (_, scheduled) = s.apply(&state, rating, p.now, rng);
        let review = scheduled.into_review(key.clone(), p.now, rating, true, 5000);
        store.record_review(&review).expect("commit")
    };
    // The target is on the 99th percentile, which criterion does not report: measure it here.
    let mut times: Vec<f64> = (0..1000)
        .map(|_| {
            let t = Instant::now();
            answer(&mut store, &mut rng);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "answer one card, 1000 answers: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times[500], times[989], times[999]
    );
    let mut group = c.benchmark_group("engine");
    group.bench_function("answer one card, commit included", |b| {
        b.iter(|| answer(&mut store, &mut rng))
    });
    group.finish();
}

fn rebuild(c: &mut Criterion) {
    let p = profile();
    let mut store = Store::open_path(&p.path).expect("store");
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.bench_function("rebuild all card states from 1M reviews", |b| {
        b.iter(|| store.rebuild().expect("rebuild"))
    });
    group.finish();
}

fn optimize_parameters(c: &mut Criterion) {
    let p = profile();
    let s = scheduler();
    let report = optimize(&p.optimize_log, &[], s.day()).expect("optimize");
    println!(
        "optimize on {} reviews: {} items, current {:?}, fitted {:?}, changed {}",
        p.optimize_log.len(),
        report.items,
        report.current,
        report.fitted,
        report.changed
    );
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.bench_function("optimize parameters on 100k reviews", |b| {
        b.iter(|| optimize(&p.optimize_log, &[], s.day()).expect("optimize"))
    });
    group.finish();
}

criterion_group!(
    benches,
    open_and_queue,
    answer_one_card,
    rebuild,
    optimize_parameters
);
criterion_main!(benches);
