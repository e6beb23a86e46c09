//! `changchun-cards stats [--json]`: the figures of the statistics screen in the terminal — cards by
//! state, due today, reviews, true retention, mastery per topic, streaks and tests — computed by the
//! same [`Overview`] the screen and the reports use.

use crate::data_dir::DataDir;
use crate::deck::Library;
use crate::review::CardKey;
use crate::schedule::Scheduler;
use crate::stats::{Overview, StatsInput, Streak, TestScore, Totals};
use crate::store::{Access, Check, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashSet;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `stats` prints: the overview's totals and per-topic figures, plus what only the store knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub profile: String,
    pub today: NaiveDate,
    #[serde(flatten)]
    pub totals: Totals,
    /// True retention over all time: the first review of a learned card each day, Again a fail.
    pub retention: Option<f64>,
    pub desired_retention: f64,
    pub suspended: usize,
    /// Cards with answers whose deck or card is no longer loaded (their history is kept).
    pub not_in_decks: usize,
    pub streak: Streak,
    pub topics: Vec<TopicFigures>,
    /// Cards coming due on each of the next days, today first.
    pub due_ahead: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicFigures {
    pub deck: String,
    pub topic: String,
    pub cards: u32,
    /// Cards mastered ([`crate::stats::is_mastered`]).
    pub mastered: u32,
    pub retention: Option<f64>,
    pub last_studied: Option<NaiveDate>,
    pub last_test: Option<TestScore>,
}

/// Days of the due forecast printed as text.
const DUE_AHEAD_DAYS: usize = 7;

pub fn figures(
    store: &Store,
    library: &Library,
    scheduler: &Scheduler,
    profile: &str,
    now: DateTime<Utc>,
) -> Result<Figures> {
    let tests = store.test_results()?;
    let input = StatsInput::new(&[], &tests, library.decks(), now).with_scheduler(scheduler);
    let summary = store.stats_summary(input.day)?;
    let overview = Overview::from_summary(&summary, &input);

    let in_decks: HashSet<(&str, &str)> = library
        .decks()
        .flat_map(|d| d.cards.iter().map(|c| (d.id.as_str(), c.id.as_str())))
        .collect();
    let in_a_deck = |key: &CardKey| in_decks.contains(&(key.deck.as_str(), key.card.as_str()));
    let suspended = store
        .suspended_cards()?
        .iter()
        .filter(|key| in_a_deck(key))
        .count();
    let not_in_decks = summary
        .cards
        .iter()
        .filter(|(key, _)| !in_a_deck(key))
        .count();

    Ok(Figures {
        profile: profile.to_owned(),
        today: overview.today,
        retention: overview.totals.retention(),
        desired_retention: overview.desired_retention,
        totals: overview.totals,
        suspended,
        not_in_decks,
        streak: overview.streak,
        topics: overview
            .topics
            .iter()
            .map(|t| TopicFigures {
                deck: t.deck.clone(),
                topic: t.topic.clone(),
                cards: t.cards,
                mastered: t.mastered,
                retention: t.retention(),
                last_studied: t.last_studied,
                last_test: t.last_test().copied(),
            })
            .collect(),
        due_ahead: overview.forecast.iter().map(|d| d.count).collect(),
    })
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    // The decks load while the store is opened: neither needs the other.
    let (library, opened) = std::thread::scope(|s| {
        let library = s.spawn(|| Library::load(data));
        let opened =
            super::profile::open_store_with(data, profile, Access::Read, Check::PagesLater);
        let library = library
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (library, opened)
    });
    let store = match opened {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    let scheduler = super::profile::scheduler(data, profile);
    for notice in &library.notices {
        eprintln!("note: {}", crate::deck::diagnostic::for_terminal(notice));
    }
    let figured = figures_while_checked(store, &library, &scheduler, profile);
    let f = match figured {
        Ok(f) => f,
        // The pages are damaged: opening with the full check sets the file aside and says so, and
        // the figures are those of the fresh file.
        Err(e) if e.is_damage() => {
            let store = match super::profile::open_store(data, profile, Access::Read) {
                Ok(opened) => opened.store,
                Err(code) => return code,
            };
            match figures(&store, &library, &scheduler, profile, Utc::now()) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        return match serde_json::to_string_pretty(&f) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: the figures could not be written as JSON: {e}");
                ExitCode::FAILURE
            }
        };
    }
    print!("{}", text(&f));
    ExitCode::SUCCESS
}

/// The figures, worked out while every page of the store is checked on a connection of its own
/// (for a store this command holds; one only read was checked on opening). The store is closed
/// before damage is returned, so the file can be set aside.
fn figures_while_checked(
    store: Store,
    library: &Library,
    scheduler: &Scheduler,
    profile: &str,
) -> Result<Figures> {
    if !store.holds_lock() {
        return figures(&store, library, scheduler, profile, Utc::now());
    }
    let path = store.path().to_path_buf();
    let (figured, checked) = std::thread::scope(|s| {
        let checked = s.spawn(|| Store::check_pages_later(&path));
        let figured = figures(&store, library, scheduler, profile, Utc::now());
        let checked = checked
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (figured, checked)
    });
    drop(store);
    for warning in checked? {
        eprintln!("warning: {warning}");
    }
    figured
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// The figures as lines for a terminal.
pub fn text(f: &Figures) -> String {
    let t = &f.totals;
    let c = &t.cards;
    let mut out = format!("Profile \"{}\", study day {}\n", f.profile, f.today);
    out += &format!(
        "  cards:      {} in the decks: {} new, {} learning, {} relearning, {} young, {} mature\n",
        c.total(),
        c.new,
        c.learning,
        c.relearning,
        c.young,
        c.mature
    );
    if f.suspended > 0 {
        out += &format!("  suspended:  {}\n", f.suspended);
    }
    if f.not_in_decks > 0 {
        out += &format!(
            "  kept:       {} card(s) with progress no longer in a deck\n",
            f.not_in_decks
        );
    }
    out += &format!("  due today:  {} ({} overdue)\n", t.due_today, t.overdue);
    out += &format!(
        "  reviews:    {} in all, {} today; {} studied\n",
        t.reviews,
        t.reviews_today,
        duration(t.time_ms)
    );
    out += &match f.retention {
        Some(r) => format!(
            "  retention:  {} true retention (first review of a card each day); aiming at {}\n",
            percent(r),
            percent(f.desired_retention)
        ),
        None => "  retention:  no reviews of learned cards yet\n".to_owned(),
    };
    out += &format!(
        "  mastered:   {} of {} cards ({})\n",
        t.mastered,
        c.total(),
        crate::stats::MASTERY_RULE
    );
    out += &format!(
        "  streak:     {} day(s), longest {}\n",
        f.streak.current, f.streak.longest
    );
    out += &format!(
        "  tests:      {} taken, {} answers\n",
        t.tests_taken, t.test_answers
    );
    let ahead: Vec<String> = f
        .due_ahead
        .iter()
        .take(DUE_AHEAD_DAYS)
        .map(u32::to_string)
        .collect();
    out += &format!(
        "  due ahead:  {} (today and the next {} days)\n",
        ahead.join(" "),
        ahead.len().saturating_sub(1)
    );
    if !f.topics.is_empty() {
        out += "  topics:\n";
        let width = f
            .topics
            .iter()
            .map(|t| topic_label(t).chars().count())
            .max();
        for topic in &f.topics {
            let label = topic_label(topic);
            let mastery = if topic.cards == 0 {
                0.0
            } else {
                f64::from(topic.mastered) / f64::from(topic.cards)
            };
            let mut line = format!(
                "    {label:<width$}  {:>3} cards, {:>4} mastered",
                topic.cards,
                percent(mastery),
                width = width.unwrap_or(0)
            );
            if let Some(r) = topic.retention {
                line += &format!(", retention {}", percent(r));
            }
            if let Some(test) = &topic.last_test {
                line += &format!(", last test {}/{}", test.correct, test.total);
            }
            out += &line;
            out += "\n";
        }
    }
    out
}

fn topic_label(t: &TopicFigures) -> String {
    format!("{} · {}", t.deck, t.topic)
}

/// Time studied as hours and minutes.
fn duration(ms: u64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        0..60 => format!("{minutes} min"),
        _ => format!("{} h {} min", minutes / 60, minutes % 60),
    }
}
