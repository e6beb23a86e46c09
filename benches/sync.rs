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
use std::path::{Path, PathBuf};

// The answers only: the deck files the module can also write are not needed here.
#[allow(dead_code)]
mod synthetic;

const CARDS: usize = 10_000;
const REVIEWS_PER_CARD: usize = 10;
const DEVICES: usize = 3;

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
    /// The first computer's store with its own answers and its log written.
    store: PathBuf,
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
    let now = Utc::now();
    let mut first = PathBuf::new();
    for device in 0..DEVICES {
        // Each computer's history of the same cards, a little later than the one before.
        let mut log = synthetic::log(&cards, REVIEWS_PER_CARD, &scheduler, now);
        for review in &mut log {
            review.at += Duration::minutes(37 * device as i64);
        }
        let path = dir.path().join(format!("device-{device}.sqlite3"));
        let own = dir.path().join(format!("own-{device}"));
        std::fs::create_dir_all(&own).expect("own folder");
        let mut store = Store::open_path(&path).expect("store");
        store.import_reviews(&log).expect("answers");
        sync::run(&mut store, &own, &local).expect("own log");
        for entry in std::fs::read_dir(&own).expect("own log").flatten() {
            std::fs::copy(entry.path(), folder.join(entry.file_name())).expect("shared");
        }
        if device == 0 {
            first = path;
        }
    }
    Setup {
        _dir: dir,
        store: first,
        folder,
    }
}

/// A fresh copy of the first computer's store, as it was before it ever saw the others.
fn fresh_copy(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.sqlite3");
    std::fs::copy(from, &path).expect("copy");
    (dir, path)
}

fn bench(c: &mut Criterion) {
    let setup = setup();
    let local = local();
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.bench_function("first sync: merge 2 × 100 000 answers", |b| {
        b.iter_batched(
            || fresh_copy(&setup.store),
            |(dir, path)| {
                let mut store = Store::open_path(&path).expect("store");
                let synced = sync::run(&mut store, &setup.folder, &local).expect("sync");
                assert_eq!(synced.merged.reviews, 2 * CARDS * REVIEWS_PER_CARD);
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    // The folder after that first sync (this computer's log included, merged everywhere).
    let (_kept, merged) = fresh_copy(&setup.store);
    sync::run(
        &mut Store::open_path(&merged).expect("store"),
        &setup.folder,
        &local,
    )
    .expect("sync");
    group.bench_function("sync with nothing new (3 logs, 300 000 answers)", |b| {
        b.iter(|| {
            let mut store = Store::open_path(&merged).expect("store");
            let synced = sync::run(&mut store, &setup.folder, &local).expect("sync");
            assert!(synced.merged.is_empty());
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
