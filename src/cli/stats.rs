//! `changchun-cards stats [--json]`: the profile's totals — cards by state, due today, reviews,
//! retention.

use crate::data_dir::DataDir;
use crate::deck::Library;
use crate::review::{CardKey, Rating, ReviewKind};
use crate::schedule::{Phase, Scheduler};
use crate::settings::Settings;
use crate::store::{Result, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashSet;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the totals as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A profile's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub profile: String,
    /// Cards in the loaded decks.
    pub cards: usize,
    pub new: usize,
    pub learning: usize,
    pub review: usize,
    pub relearning: usize,
    pub suspended: usize,
    /// Cards with progress whose deck or card is no longer loaded (their history is kept).
    pub not_in_decks: usize,
    /// Cards due by the end of today's study day (suspended ones left out).
    pub due_today: usize,
    pub reviews: usize,
    pub reviews_today: usize,
    /// Share of scheduled reviews (not learning steps) recalled, when there are any.
    pub retention: Option<f64>,
    pub tests: usize,
}

pub fn totals(
    store: &Store,
    library: &Library,
    scheduler: &Scheduler,
    profile: &str,
    now: DateTime<Utc>,
) -> Result<Totals> {
    let states = store.card_states()?;
    let in_decks: HashSet<CardKey> = library
        .decks()
        .flat_map(|d| d.cards.iter().map(|c| CardKey::new(&d.id, &c.id)))
        .collect();
    let day_end = scheduler.day().end(now);
    let mut t = Totals {
        profile: profile.to_owned(),
        cards: in_decks.len(),
        new: 0,
        learning: 0,
        review: 0,
        relearning: 0,
        suspended: 0,
        not_in_decks: states.keys().filter(|k| !in_decks.contains(k)).count(),
        due_today: 0,
        reviews: 0,
        reviews_today: 0,
        retention: None,
        tests: store.test_results()?.len(),
    };
    for key in &in_decks {
        let Some(state) = states.get(key) else {
            t.new += 1;
            continue;
        };
        if state.suspended {
            t.suspended += 1;
            continue;
        }
        match state.phase {
            Phase::New => t.new += 1,
            Phase::Learning => t.learning += 1,
            Phase::Review => t.review += 1,
            Phase::Relearning => t.relearning += 1,
        }
        if state.due.is_some_and(|due| due < day_end) {
            t.due_today += 1;
        }
    }
    let day_start = scheduler.day().start(now);
    let reviews = store.reviews()?;
    t.reviews = reviews.len();
    t.reviews_today = reviews.iter().filter(|r| r.at >= day_start).count();
    let scheduled: Vec<_> = reviews
        .iter()
        .filter(|r| r.kind == ReviewKind::Review)
        .collect();
    if !scheduled.is_empty() {
        let recalled = scheduled
            .iter()
            .filter(|r| r.rating != Rating::Again)
            .count();
        t.retention = Some(recalled as f64 / scheduled.len() as f64);
    }
    Ok(t)
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let store = match super::profile::open_store(data, profile) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let settings = Settings::load(data);
    for warning in &settings.warnings {
        eprintln!("warning: {warning}");
    }
    let scheduler = Scheduler::new(settings.settings.scheduler(profile));
    let library = Library::load(data);
    let t = match totals(&store, &library, &scheduler, profile, Utc::now()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&t) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: the totals could not be written as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    println!("Profile \"{}\"", t.profile);
    println!("  cards:      {} in the decks", t.cards);
    println!(
        "  by state:   {} new, {} learning, {} review, {} relearning, {} suspended",
        t.new, t.learning, t.review, t.relearning, t.suspended
    );
    if t.not_in_decks > 0 {
        println!(
            "  kept:       {} card(s) with progress no longer in a deck",
            t.not_in_decks
        );
    }
    println!("  due today:  {}", t.due_today);
    println!(
        "  reviews:    {} in all, {} today",
        t.reviews, t.reviews_today
    );
    match t.retention {
        Some(r) => println!(
            "  retention:  {:.1} % of scheduled reviews recalled",
            r * 100.0
        ),
        None => println!("  retention:  no scheduled reviews yet"),
    }
    println!("  tests:      {}", t.tests);
    ExitCode::SUCCESS
}
