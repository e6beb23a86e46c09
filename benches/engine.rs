//! Engine benchmarks on a synthetic profile: 100 000 cards and 1 000 000 reviews, generated once
//! by running the real scheduler over random ratings.
//!
//! Run: `cargo bench --no-default-features --bench engine`
//! (only the app's own path: `cargo bench --no-default-features --bench engine -- Profile`)

use changchun_cards::data_dir::DataDir;
use changchun_cards::profile::Profile as LearnerProfile;
use changchun_cards::review::Review;
use changchun_cards::schedule::{
    DueState, Filter, Queue, QueueCard, Scheduler, SchedulerSettings, StudyDay, optimize,
};
use changchun_cards::store::Store;
use chrono::{DateTime, FixedOffset, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

mod synthetic;

const CARDS: usize = 100_000;
const REVIEWS_PER_CARD: usize = 10;
const OPTIMIZE_CARDS: usize = 10_000;

struct Profile {
    _dir: tempfile::TempDir,
    /// A data folder as the app keeps it: the decks as RON files, the store under profiles/bench.
    data: PathBuf,
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

/// Each card is answered ten times, each time when it falls due (give or take a little), with
/// mostly Good ratings; its last answer lies between a day and its interval (plus a fifth) ago.
fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let started = Instant::now();
        let now: DateTime<Utc> = "2025-06-01T12:00:00Z".parse().expect("fixed instant");
        let cards = synthetic::cards(CARDS);
        let log = synthetic::log(&cards, REVIEWS_PER_CARD, &scheduler(), now);
        let dir = tempfile::tempdir().expect("temporary folder");
        let data = dir.path().to_path_buf();
        synthetic::write_decks(&data.join("decks"), &cards);
        let folder = data.join("profiles").join("bench");
        std::fs::create_dir_all(&folder).expect("profile folder");
        let path = folder.join("progress.sqlite3");
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
            data,
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
    // The app's own path: the decks loaded, the store opened with its header checked, where every
    // card stands read (`Store::due_states`), today's counts made, then today's queue. The check of
    // every page follows the first screen, beside it (timed below).
    {
        let t = Instant::now();
        let profile = LearnerProfile::open_at(DataDir::new(&p.data), Some("bench".into()), p.now)
            .expect("open");
        let opened = t.elapsed();
        let q = profile
            .today_queue(&Filter::default(), p.now)
            .expect("a queue");
        println!(
            "Profile: {} decks, queue {:?}; open {:.1} ms (first), queue {:.1} ms",
            profile.library().decks().count(),
            q.counts(),
            opened.as_secs_f64() * 1e3,
            (t.elapsed() - opened).as_secs_f64() * 1e3
        );
    }
    // The same path with every deck parsed and checked, as before the deck cache: a second data
    // folder with the same decks and store, whose cache area is taken by a file.
    let uncached = p.data.join("uncached");
    std::fs::create_dir_all(&uncached).expect("folder");
    for folder in ["decks", "profiles"] {
        let link = uncached.join(folder);
        if !link.exists() {
            std::os::unix::fs::symlink(p.data.join(folder), link).expect("link");
        }
    }
    std::fs::write(uncached.join("cache"), "no cache").expect("file");
    // The profile is handed back with the queue, so that dropping it (which the app never does on
    // starting) is not timed.
    let open_and_queue = |data: &std::path::Path| {
        let profile =
            LearnerProfile::open_at(DataDir::new(data), Some("bench".into()), p.now).expect("open");
        let queue = profile
            .today_queue(&Filter::default(), p.now)
            .expect("a queue");
        (profile, queue)
    };
    {
        // The two alternated, so both see the same load on a shared machine.
        let (mut cached, mut checked) = (Vec::new(), Vec::new());
        for _ in 0..10 {
            let t = Instant::now();
            let opened = std::hint::black_box(open_and_queue(&p.data));
            cached.push(t.elapsed().as_secs_f64() * 1e3);
            drop(opened);
            let t = Instant::now();
            let opened = std::hint::black_box(open_and_queue(&uncached));
            checked.push(t.elapsed().as_secs_f64() * 1e3);
            drop(opened);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (cached, checked) = (median(&mut cached), median(&mut checked));
        println!(
            "Profile open and today's queue, alternated 10 times (medians): decks from the cache {cached:.1} ms, every deck checked {checked:.1} ms, ratio {:.2}",
            cached / checked
        );
    }
    group.bench_function("Profile open and today's queue (the app's path)", |b| {
        b.iter_custom(|iters| timed_without_drop(iters, || open_and_queue(&p.data)))
    });
    group.bench_function(
        "Profile open and today's queue, every deck checked (no deck cache)",
        |b| b.iter_custom(|iters| timed_without_drop(iters, || open_and_queue(&uncached))),
    );
    // What the app runs once its first screen is shown: `PRAGMA quick_check` over every page.
    group.bench_function("check every page (after the first screen)", |b| {
        b.iter(|| changchun_cards::store::integrity::check_pages(&p.path).expect("sound"))
    });
    // What opening did before the pages were checked after the first screen.
    group.bench_function("open store with quick_check and build today's queue", |b| {
        b.iter(|| {
            let opened = Store::open_checked(&p.path).expect("store");
            assert!(opened.set_aside.is_none());
            build_queue(&opened.store, p, &s)
        })
    });
    group.finish();
}

/// The time `iters` runs of `run` take, each result dropped outside the timing (one profile open at
/// a time, as each holds its learner's lock).
fn timed_without_drop<T>(iters: u64, mut run: impl FnMut() -> T) -> std::time::Duration {
    let mut total = std::time::Duration::ZERO;
    for _ in 0..iters {
        let t = Instant::now();
        let result = std::hint::black_box(run());
        total += t.elapsed();
        drop(result);
    }
    total
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
        let rating = synthetic::random_rating(rng);
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
    let report = optimize(&p.optimize_log, &Default::default(), &[], s.day()).expect("optimize");
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
        b.iter(|| optimize(&p.optimize_log, &Default::default(), &[], s.day()).expect("optimize"))
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
