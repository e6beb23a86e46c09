//! Sync at scale: a learner with three computers, each with 100 000 answers of its own over the same
//! 10 000 cards, their histories interleaved (every card's merged history needs rescheduling).
//! Measures what the app's sync task runs (`Profile::sync_job`: open the store, `sync::run`):
//! the first sync that merges the two other computers' 200 000 answers and writes this one's log,
//! and a sync with nothing new. Goal: ≤ 1 s for the first.
//!
//! Run: `cargo bench --no-default-features --bench sync`

use changchun_cards::schedule::{Scheduler, SchedulerSettings};
use changchun_cards::settings::LearnerSettings;
use changchun_cards::store::Store;
use changchun_cards::sync;
use chrono::{Duration, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::path::PathBuf;

// The answers only: the deck files the module can also write are not needed here.
#[allow(dead_code)]
mod synthetic;

const CARDS: usize = 10_000;
const REVIEWS_PER_CARD: usize = 10;
const DEVICES: usize = 3;

/// The learner, who has said the folder's progress is theirs.
fn who() -> sync::Who {
    sync::Who {
        name: "anna".into(),
        confirmed: true,
    }
}

/// Studying settings never changed: the defaults.
fn local() -> LearnerSettings {
    LearnerSettings {
        changed: None,
        scheduler: SchedulerSettings::default(),
        decks: BTreeMap::new(),
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    /// Where the first computer's store lies (its sync id belongs to this place).
    store: PathBuf,
    /// A copy of it with its own answers and its log written, before it met the others.
    template: PathBuf,
    /// The shared folder with all three logs.
    folder: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("shared");
    std::fs::create_dir_all(&folder).expect("folder");
    let cards = synthetic::cards(CARDS);
    let scheduler = Scheduler::new(SchedulerSettings::default());
    let local = local();
    let who = who();
    let now = Utc::now();
    let mut first = PathBuf::new();
    for device in 0..DEVICES {
        // Each computer's history of the same cards, a little later than the one before.
        let mut log = synthetic::log(&cards, REVIEWS_PER_CARD, &scheduler, now);
        for review in &mut log {
            review.at += Duration::minutes(37 * device as i64);
        }
        let path = dir.path().join(format!("device-{device}.sqlite3"));
        let path = if device == 0 {
            dir.path().join("progress.sqlite3")
        } else {
            path
        };
        // The first computer has synced through the shared folder alone so far; the others'
        // logs then arrive there.
        let own = if device == 0 {
            folder.clone()
        } else {
            dir.path().join(format!("own-{device}"))
        };
        std::fs::create_dir_all(&own).expect("own folder");
        let mut store = Store::open_path(&path).expect("store");
        store.import_reviews(&log).expect("answers");
        sync::run(&mut store, &own, &local, &who).expect("own log");
        drop(store);
        if device > 0 {
            for entry in std::fs::read_dir(&own).expect("own log").flatten() {
                std::fs::copy(entry.path(), folder.join(entry.file_name())).expect("shared");
            }
        }
        if device == 0 {
            first = path;
        }
    }
    let template = dir.path().join("template.sqlite3");
    std::fs::copy(&first, &template).expect("template");
    Setup {
        _dir: dir,
        store: first,
        template,
        folder,
    }
}

/// The first computer's store put back as it was before it ever saw the others.
fn fresh(setup: &Setup) {
    for end in ["-wal", "-shm"] {
        let mut name = setup.store.clone().into_os_string();
        name.push(end);
        let _ = std::fs::remove_file(name);
    }
    std::fs::copy(&setup.template, &setup.store).expect("copy");
}

fn bench(c: &mut Criterion) {
    let setup = setup();
    let local = local();
    let who = who();
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.bench_function("first sync: merge 2 × 100 000 answers", |b| {
        b.iter_batched(
            || fresh(&setup),
            |()| {
                let mut store = Store::open_path(&setup.store).expect("store");
                let synced = sync::run(&mut store, &setup.folder, &local, &who).expect("sync");
                assert_eq!(synced.merged.reviews, 2 * CARDS * REVIEWS_PER_CARD);
                assert_eq!(synced.written, 0, "its log was already there");
                store
            },
            BatchSize::PerIteration,
        );
    });
    // After that first sync: everything merged everywhere.
    fresh(&setup);
    sync::run(
        &mut Store::open_path(&setup.store).expect("store"),
        &setup.folder,
        &local,
        &who,
    )
    .expect("sync");
    group.bench_function("sync with nothing new (3 logs, 300 000 answers)", |b| {
        b.iter(|| {
            let mut store = Store::open_path(&setup.store).expect("store");
            let synced = sync::run(&mut store, &setup.folder, &local, &who).expect("sync");
            assert!(synced.merged.is_empty());
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
