//! The deck cache on the synthetic library of 100 decks of 1 000 flashcards (14 MB of RON, a warning
//! on every card): `Library::load` checking every deck, reading every check back from the cache,
//! and on a first launch checking and writing the cache; and what chose its format and its hash.
//!
//! Run: `cargo bench --no-default-features --bench deck_cache -- --warm-up-time 1
//! --measurement-time 3 --sample-size 10`

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::{Deck, Library};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[allow(dead_code)]
mod synthetic;

fn library(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let cached = DataDir::new(dir.path().join("cached"));
    synthetic::write_decks(&cached.decks(), &synthetic::cards(100_000));
    // The same decks where no cache can be made: the cache area is taken by a file.
    let uncached = DataDir::new(dir.path().join("uncached"));
    std::fs::create_dir_all(uncached.root()).expect("folder");
    std::os::unix::fs::symlink(cached.decks(), uncached.decks()).expect("link");
    std::fs::write(uncached.cache(), "no cache").expect("file");
    let loaded = Library::load(&cached);
    assert!(loaded.decks().filter(|d| d.id.starts_with("deck-")).count() == 100);
    let decks: Vec<Deck> = loaded
        .entries
        .iter()
        .filter(|e| !e.origin.is_bundled())
        .filter_map(|e| e.deck.as_deref().cloned())
        .collect();
    let texts: Vec<Vec<u8>> = changchun_cards::deck::discover::deck_files(&cached.decks())
        .iter()
        .map(|p| std::fs::read(p).expect("deck"))
        .collect();

    let mut group = c.benchmark_group("deck cache");
    group.bench_function("Library::load, every deck checked (no cache)", |b| {
        b.iter_with_large_drop(|| Library::load(&uncached))
    });
    group.bench_function("Library::load, checks read from the cache", |b| {
        b.iter_with_large_drop(|| Library::load(&cached))
    });
    group.bench_function(
        "Library::load, first launch: checked and the cache written",
        |b| {
            b.iter_batched(
                || std::fs::remove_dir_all(cached.cache()).expect("cache"),
                |()| Library::load(&cached),
                BatchSize::PerIteration,
            )
        },
    );
    // The choices: decoding the 100 decks from MessagePack with field names (what the cache
    // writes) against JSON; hashing the 14 MB with xxh3 against SHA-256.
    let packed: Vec<Vec<u8>> = decks
        .iter()
        .map(|d| rmp_serde::to_vec_named(d).expect("packs"))
        .collect();
    let json: Vec<Vec<u8>> = decks
        .iter()
        .map(|d| serde_json::to_vec(d).expect("writes"))
        .collect();
    group.bench_function("decode 100 decks: MessagePack (rmp-serde)", |b| {
        b.iter(|| {
            for bytes in &packed {
                black_box(rmp_serde::from_slice::<Deck>(bytes).expect("reads"));
            }
        })
    });
    group.bench_function("decode 100 decks: JSON (serde_json)", |b| {
        b.iter(|| {
            for bytes in &json {
                black_box(serde_json::from_slice::<Deck>(bytes).expect("reads"));
            }
        })
    });
    group.bench_function("hash 14 MB of decks: xxh3-128", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(xxhash_rust::xxh3::xxh3_128(text));
            }
        })
    });
    group.bench_function("hash 14 MB of decks: SHA-256", |b| {
        use sha2::Digest;
        b.iter(|| {
            for text in &texts {
                black_box(sha2::Sha256::digest(text));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, library);
criterion_main!(benches);
