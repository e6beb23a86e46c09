//! `changchun-cards import FILE [--format F] [-o OUT.ron] [--force]`: a deck from Anki, CSV, GIFT or
//! Moodle XML.

use crate::data_dir::DataDir;
use crate::deck::load::MAX_DECK_BYTES;
use crate::deck::save::{save_atomically, to_pretty_ron};
use crate::deck::summary::Summary;
use crate::deck::{Deck, load_str};
use crate::interop::{Format, ImportOptions, detect, import};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import: an Anki text export, CSV/TSV, GIFT or Moodle XML.
    pub file: PathBuf,
    /// The file's format; detected from its content when left out.
    #[arg(long, value_name = "anki|csv|gift|moodle-xml")]
    pub format: Option<Format>,
    /// Where to write the deck; by default the user's deck folder, named after the file.
    #[arg(short, long, value_name = "OUT.ron")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists (the old one is kept as NAME.ron.bak).
    #[arg(long)]
    pub force: bool,
}

pub fn run(data: &DataDir, args: &Args) -> ExitCode {
    match import_file(data, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn import_file(data: &DataDir, args: &Args) -> Result<(), String> {
    let file = args.file.display();
    let size = std::fs::metadata(&args.file)
        .map_err(|e| format!("cannot read {file}: {e}"))?
        .len();
    if size > MAX_DECK_BYTES {
        return Err(format!(
            "{file} is {:.1} MB; files larger than 20 MB are refused",
            size as f64 / 1_048_576.0
        ));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let format = match args.format {
        Some(format) => format,
        None => detect(&bytes).ok_or_else(|| {
            format!("cannot tell the format of {file}: it is empty or not UTF-8 text; name it with --format")
        })?,
    };
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported = import(&bytes, format, &ImportOptions::from_file_name(&stem))
        .map_err(|e| format!("{file}: {e}"))?;

    println!("Read {file} as {}.", format.label());
    for skipped in &imported.skipped {
        println!("{file}:{}: skipped: {}", skipped.line, skipped.reason);
    }
    let deck = imported.deck;
    if deck.cards.is_empty() {
        return Err(format!(
            "{file} holds no item that can become a card; nothing was written"
        ));
    }
    // The deck must load back exactly as the app will read it.
    let text = to_pretty_ron(&deck);
    let loaded = load_str("imported deck", &text);
    if let Some(error) = loaded.errors().next() {
        return Err(format!(
            "the imported deck does not load: {}",
            error.message
        ));
    }

    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            let dir = data.decks();
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create the deck folder {}: {e}", dir.display()))?;
            dir.join(format!("{}.ron", deck.id))
        }
    };
    refuse_overwrite(&output, args.force)?;
    save_atomically(&deck, &output).map_err(|e| e.to_string())?;
    print_summary(&deck, imported.skipped.len());
    println!("Wrote {}.", output.display());
    Ok(())
}

/// Stops unless the output is new or `--force` was given.
pub(crate) fn refuse_overwrite(output: &Path, force: bool) -> Result<(), String> {
    if output.exists() && !force {
        return Err(format!(
            "{} already exists; use --force to replace it",
            output.display()
        ));
    }
    if output.is_dir() {
        return Err(format!(
            "{} is a folder; expected a file name",
            output.display()
        ));
    }
    Ok(())
}

fn print_summary(deck: &Deck, skipped: usize) {
    let summary = Summary::of(deck);
    println!(
        "\n{} — \"{}\": {} cards, {skipped} item(s) skipped",
        summary.id, summary.title, summary.cards
    );
    let topics: Vec<String> = summary
        .per_topic
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!("  by topic: {}", topics.join(", "));
    let kinds: Vec<String> = summary
        .per_kind
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    println!("  by kind:  {}", kinds.join(", "));
}
