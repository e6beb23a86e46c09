//! `changchun-cards export DECK --format apkg|gift|moodle-xml|anki|csv -o FILE [--force]`.

use crate::data_dir::DataDir;
use crate::deck::diagnostic::for_terminal;
use crate::deck::media::MediaRoot;
use crate::deck::{Deck, Library, load_file};
use crate::fsio::{self, Replace};
use crate::interop::Target;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A deck file's path, or the id of a deck the app loads.
    pub deck: String,
    /// The format to write: apkg (an Anki package), or Anki text, CSV, GIFT or Moodle XML.
    #[arg(long, value_name = "apkg|gift|moodle-xml|anki|csv")]
    pub format: Target,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the output file if it exists (the old one is kept as FILE.bak).
    #[arg(long)]
    pub force: bool,
}

pub fn run(data: &DataDir, args: &Args) -> ExitCode {
    match export_deck(data, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", for_terminal(&message));
            ExitCode::FAILURE
        }
    }
}

fn export_deck(data: &DataDir, args: &Args) -> Result<(), String> {
    let (deck, pictures) = find_deck(data, &args.deck)?;
    let (bytes, lost) = args.format.write(&deck, &pictures)?;
    let written = fsio::write_output(&args.output, &bytes, Replace::forced(args.force))
        .map_err(|e| e.to_string())?;
    println!(
        "Wrote {} cards of \"{}\" to {} as {}.",
        deck.cards.len(),
        deck.id,
        written.path.display(),
        args.format.label()
    );
    if let Some(backup) = written.backup {
        println!("The previous file is kept as {}.", backup.display());
    }
    if lost.is_empty() {
        println!("Nothing was lost: importing the file gives back this deck.");
    } else {
        println!("{} cannot carry:", args.format.label());
        for loss in &lost {
            println!("  - {}", for_terminal(loss));
        }
    }
    Ok(())
}

/// A deck file when `name` is a path to one, else the loaded deck with that id.
/// The deck, and where its pictures are.
fn find_deck(data: &DataDir, name: &str) -> Result<(Deck, MediaRoot), String> {
    let path = Path::new(name);
    // Anything at that path is read as a deck file, so a device or a FIFO is refused by name.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_dir()) {
        let loaded = load_file(path);
        for d in &loaded.diagnostics {
            if d.is_error() {
                eprintln!("{d}");
            }
        }
        return loaded
            .deck
            .map(|deck| (deck, MediaRoot::of_deck_file(path)))
            .ok_or_else(|| format!("{name} has errors (see above); fix them and export again"));
    }
    let library = Library::load(data);
    if let Some(entry) = library.entry(name)
        && let Some(deck) = &entry.deck
    {
        return Ok((Deck::clone(deck), entry.origin.media_root()));
    }
    let ids: Vec<&str> = library.decks().map(|d| d.id.as_str()).collect();
    let known = if ids.is_empty() {
        "no decks are loaded".to_owned()
    } else {
        format!("loaded decks: {}", ids.join(", "))
    };
    Err(format!(
        "no deck file or deck id \"{name}\"; expected a path to a .ron file or a deck id ({known})"
    ))
}
