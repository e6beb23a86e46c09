//! `changchun-cards validate [PATH…]`: errors, warnings and card counts for deck files.

use crate::data_dir::DataDir;
use crate::deck::diagnostic::for_terminal;
use crate::deck::summary::Summary;
use crate::deck::{Diagnostic, Library};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deck files or folders; by default every deck the app would load.
    pub paths: Vec<PathBuf>,
    /// Print the findings and summaries as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    decks: Vec<DeckReport<'a>>,
    errors: usize,
    warnings: usize,
    notices: &'a [String],
}

#[derive(Serialize)]
struct DeckReport<'a> {
    source: String,
    summary: Option<Summary>,
    diagnostics: &'a [Diagnostic],
}

pub fn run(data: &DataDir, args: &Args) -> ExitCode {
    let library = if args.paths.is_empty() {
        Library::load(data)
    } else {
        Library::from_paths(&args.paths)
    };
    let all = || library.entries.iter().flat_map(|e| &e.diagnostics);
    let errors = all().filter(|d| d.is_error()).count();
    let warnings = all().count() - errors;

    if args.json {
        let report = Report {
            decks: library
                .entries
                .iter()
                .map(|e| DeckReport {
                    source: e.origin.label(),
                    summary: e.deck.as_deref().map(Summary::of),
                    diagnostics: &e.diagnostics,
                })
                .collect(),
            errors,
            warnings,
            notices: &library.notices,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    } else {
        for d in all() {
            println!("{d}");
        }
        for notice in &library.notices {
            println!("note: {}", for_terminal(notice));
        }
        if library.entries.is_empty() {
            println!("No deck files found.");
        }
        for entry in &library.entries {
            match &entry.deck {
                Some(deck) => print_summary(&entry.origin.label(), &Summary::of(deck)),
                None => println!(
                    "\n{}: not loaded (see the errors above)",
                    for_terminal(&entry.origin.label())
                ),
            }
        }
        println!(
            "\n{} deck(s), {errors} error(s), {warnings} warning(s)",
            library.entries.len()
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_summary(source: &str, s: &Summary) {
    println!(
        "\n{} — \"{}\" ({})",
        for_terminal(&s.id),
        for_terminal(&s.title),
        for_terminal(source)
    );
    println!("  {} cards", s.cards);
    let topics: Vec<String> = s
        .per_topic
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!("  by topic: {}", for_terminal(&topics.join(", ")));
    let kinds: Vec<String> = s
        .per_kind
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    println!("  by kind:  {}", kinds.join(", "));
}
