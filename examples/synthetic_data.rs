//! Writes a synthetic data folder for the end-to-end measurement (`scripts/measure-e2e.sh`): user decks
//! of a thousand flashcards each and a learner, "bench", whose log answers every card by the real
//! scheduler, due around now.
//!
//! Run: `cargo run --release --example synthetic_data -- DIR [DECKS] [REVIEWS_PER_CARD]`

use changchun_cards::schedule::{Scheduler, SchedulerSettings};
use changchun_cards::store::Store;

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("a folder to write"));
    let decks: usize = args
        .next()
        .map_or(100, |n| n.parse().expect("a number of decks"));
    let per_card: usize = args
        .next()
        .map_or(10, |n| n.parse().expect("reviews per card"));
    let now = chrono::Utc::now();
    let cards = synthetic::cards(decks * synthetic::CARDS_PER_DECK);
    let log = synthetic::log(
        &cards,
        per_card,
        &Scheduler::new(SchedulerSettings::default()),
        now,
    );
    synthetic::write_decks(&dir.join("decks"), &cards);
    let folder = dir.join("profiles").join("bench");
    std::fs::create_dir_all(&folder).expect("profile folder");
    let mut store = Store::open_path(&folder.join("progress.sqlite3")).expect("store");
    store.import_reviews(&log).expect("import");
    println!(
        "{} decks, {} cards, {} reviews in {}",
        decks,
        cards.len(),
        log.len(),
        dir.display()
    );
}
