//! `changchun-cards import FILE [--format F] [-o OUT.ron] [--force] [--with-history]`: a deck from an
//! Anki package or text export, CSV, GIFT or Moodle XML.

use crate::data_dir::DataDir;
use crate::deck::diagnostic::for_terminal;
use crate::deck::save::to_pretty_ron;
use crate::deck::summary::Summary;
use crate::deck::{Deck, Library, Origin, load_str};
use crate::fsio::{self, Replace};
use crate::interop::apkg::{self, history};
use crate::interop::{AnyImport, Format, ImportError, ImportOptions, import, import_any};
use crate::store::Access;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import: an Anki package (.apkg, .colpkg) or text export, CSV/TSV, GIFT or
    /// Moodle XML.
    pub file: PathBuf,
    /// The file's format; detected from its content when left out.
    #[arg(long, value_name = "anki|csv|gift|moodle-xml")]
    pub format: Option<Format>,
    /// Where to write the deck; by default the user's deck folder, named after the deck's id.
    #[arg(short, long, value_name = "OUT.ron")]
    pub output: Option<PathBuf>,
    /// The new deck's id; by default made from the file's name.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Replace the output file if it exists (the old one is kept as NAME.ron.bak).
    #[arg(long)]
    pub force: bool,
    /// From an Anki package: add its review history to the learner's progress (the profile
    /// chosen with --profile), replayed through this app's scheduler; answers already added are
    /// not added twice.
    #[arg(long)]
    pub with_history: bool,
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    match import_file(data, profile, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", for_terminal(&message));
            ExitCode::FAILURE
        }
    }
}

fn import_file(data: &DataDir, profile: &str, args: &Args) -> Result<(), String> {
    let file = args.file.display();
    let bytes =
        fsio::read_limited(&args.file, apkg::MAX_PACKAGE_BYTES).map_err(|e| e.to_string())?;
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut options = ImportOptions::from_file_name(&stem);
    if let Some(id) = &args.id {
        options.deck_id = id.clone();
    }
    let file_name = file.to_string();
    let shown = for_terminal(&file_name);
    let is_package = args.format.is_none() && apkg::is_package(&bytes);
    if args.with_history && !is_package {
        return Err(format!(
            "{file} is not an Anki package; --with-history reads the review history of an .apkg or .colpkg file"
        ));
    }
    let read = match args.format {
        Some(format) => AnyImport {
            imported: import(&bytes, format, &options).map_err(|e| format!("{file}: {e}"))?,
            read_as: format.label().to_owned(),
            notes: Vec::new(),
            history: Vec::new(),
        },
        None => import_any(&bytes, &options).map_err(|e| match e {
            ImportError::Unrecognised => format!(
                "cannot tell the format of {file}: it is empty or not UTF-8 text; name it with --format"
            ),
            e => format!("{file}: {e}"),
        })?,
    };
    println!("Read {shown} as {}.", read.read_as);
    for skipped in &read.imported.skipped {
        // A package's items are notes, counted in order; a text file's are lines.
        let at = if is_package {
            format!(" note {}:", skipped.line)
        } else {
            format!("{}:", skipped.line)
        };
        println!("{shown}:{at} skipped: {}", for_terminal(&skipped.reason));
    }
    for note in &read.notes {
        println!("{shown}: note: {}", for_terminal(note));
    }
    let imported = read.imported;
    let history = is_package.then_some(read.history);
    for line in &imported.lost {
        println!("{shown}: not carried: {}", for_terminal(line));
    }
    let mut deck = imported.deck;
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

    let decks = data.decks();
    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            std::fs::create_dir_all(&decks)
                .map_err(|e| format!("cannot create the deck folder {}: {e}", decks.display()))?;
            decks.join(format!("{}.ron", deck.id))
        }
    };
    if in_folder(&output, &decks) {
        refuse_shadowing(&Library::load(data), &deck.id, &output)?;
    }
    let text = if imported.pictures.is_empty() {
        text
    } else {
        let folder = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        crate::interop::store_pictures(&mut deck, &imported.pictures, folder)?;
        println!(
            "Kept {} picture(s) in {}.",
            imported.pictures.len(),
            folder
                .join(crate::deck::media::ADDED_FOLDER)
                .join(&deck.id)
                .display()
        );
        to_pretty_ron(&deck)
    };
    let written = fsio::write_output(&output, text.as_bytes(), Replace::forced(args.force))
        .map_err(|e| e.to_string())?;
    print_summary(&deck, imported.skipped.len());
    println!("Wrote {}.", written.path.display());
    if let Some(backup) = written.backup {
        println!("The previous file is kept as {}.", backup.display());
    }
    match history {
        Some(history) if args.with_history => add_history(data, profile, &deck, &history),
        Some(history) if !history.is_empty() => {
            println!(
                "The package holds {} answers of review history; import again with --with-history to add them to your progress.",
                history.len()
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Replays a package's review history into the profile's progress, in one transaction.
fn add_history(
    data: &DataDir,
    profile: &str,
    deck: &Deck,
    entries: &[apkg::HistoryEntry],
) -> Result<(), String> {
    let opened = super::profile::open_store(data, profile, Access::Write)
        .map_err(|_| "the review history was not added; the deck was written".to_owned())?;
    let mut store = opened.store;
    let scheduler = super::profile::scheduler(data, profile);
    let replay = history::add_to_store(&mut store, &scheduler, deck, entries)
        .map_err(|e| format!("the review history could not be added: {e}"))?;
    println!(
        "Added {} answers of review history to the progress of \"{}\".",
        replay.reviews.len(),
        for_terminal(profile)
    );
    if replay.already > 0 {
        println!(
            "{} answers were already there and were not added again.",
            replay.already
        );
    }
    if replay.older > 0 {
        println!(
            "{} answers are older than answers given here to the same cards and were left out.",
            replay.older
        );
    }
    Ok(())
}

/// Whether `path` would sit directly in `folder` (both may not exist yet).
fn in_folder(path: &Path, folder: &Path) -> bool {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), folder.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A deck in the library's folder with the id of another deck would silently replace it (the app
/// loads the last deck of an id): refused, unless it is the very file being replaced.
fn refuse_shadowing(library: &Library, id: &str, output: &Path) -> Result<(), String> {
    let Some(entry) = library.entry(id) else {
        return Ok(());
    };
    let same_file = match &entry.origin {
        Origin::File(path) => path.canonicalize().ok() == output.canonicalize().ok(),
        Origin::Bundled(_) => false,
    };
    if same_file {
        return Ok(());
    }
    Err(format!(
        "the deck id \"{id}\" is already taken by {}; importing would replace that deck. Choose another id with --id NAME, or write the deck elsewhere with -o FILE",
        entry.origin.label()
    ))
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
