//! The command line: one file per subcommand. `main.rs` parses and calls [`run`].

pub mod backup;
pub mod check;
pub mod class;
pub mod export;
pub mod import;
pub mod optimize;
pub mod profile;
pub mod rebuild;
pub mod report;
pub mod restore;
pub mod stats;
pub mod sync;
pub mod validate;

use crate::data_dir::DataDir;
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "changchun-cards",
    version,
    about = "Study the Changchun Conference of 1922: spaced repetition, scored quizzes and decks teachers can write; `changchun-cards FILE…` opens the app with those files"
)]
pub struct Cli {
    /// Keep all user data (progress, user decks, settings) under this folder.
    #[arg(
        long,
        global = true,
        env = "CHANGCHUN_CARDS_DATA_DIR",
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,

    /// The learner whose progress is used.
    #[arg(
        long,
        global = true,
        env = "CHANGCHUN_CARDS_PROFILE",
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check deck files and print their errors, warnings and card counts.
    Validate(validate::Args),
    /// Make a deck from an Anki package (.apkg, .colpkg) or text export, CSV/TSV (Quizlet), GIFT or
    /// Moodle XML file; `--with-history` adds a package's reviews to your progress.
    Import(import::Args),
    /// Write a deck as an Anki package, GIFT, Moodle XML, Anki text or CSV, listing what the format
    /// cannot carry.
    Export(export::Args),
    /// Print the profile's totals: cards by state, due today, reviews, retention.
    Stats(stats::Args),
    /// Recompute every card state from the review log.
    Rebuild(rebuild::Args),
    /// Run a full integrity check of the profile's progress file (exit 2 when damaged).
    Check(check::Args),
    /// Back up the profile's progress now (or list the backups).
    Backup(backup::Args),
    /// Restore the profile's progress from a backup (the newest by default).
    Restore(restore::Args),
    /// List, create, rename, delete or choose profiles.
    Profile(profile::Args),
    /// Fit the scheduler's parameters to the profile's own reviews.
    Optimize(optimize::Args),
    /// Write a learner's report (CSV and HTML), or merge learners' CSVs into a class page.
    Report(report::Args),
    /// Merge this learner's progress with their other computers through a shared folder.
    Sync(sync::Args),
    /// Class folders: create one (teachers), join, leave or write your results to one (students).
    Class(class::Args),
    /// `changchun-cards FILE…`: open the app with these files, as a desktop passes a double-clicked
    /// file. A deck is offered for your decks; an Anki package or text export, CSV, GIFT or Moodle
    /// XML file is shown as an import to confirm.
    #[command(external_subcommand)]
    Open(Vec<OsString>),
}

impl Command {
    /// Whether this opens the window (no subcommand, or files to open).
    pub fn opens_window(command: &Option<Command>) -> bool {
        matches!(command, None | Some(Command::Open(_)))
    }
}

impl Cli {
    pub fn data(&self) -> DataDir {
        DataDir::resolve(self.data_dir.clone())
    }
}

/// What the app says when started with no desktop session to open its window in.
pub const NO_DESKTOP: &str = "Changchun Cards needs a desktop session (X11 or Wayland); the subcommands work without one: see --help";

/// Whether a window could open here: on Linux and the BSDs an X11 or Wayland display must be named;
/// elsewhere there is always a desktop.
pub fn has_desktop_session() -> bool {
    if cfg!(all(unix, not(target_os = "macos"))) {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
    } else {
        true
    }
}

/// Runs a subcommand; with none, opens the app (or explains that this build has no window).
pub fn run(cli: Cli) -> ExitCode {
    let data = cli.data();
    let chosen = || profile::chosen(&data, cli.profile.as_deref());
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&data, &args),
        Some(Command::Import(args)) => import::run(&data, &chosen(), &args),
        Some(Command::Export(args)) => export::run(&data, &args),
        Some(Command::Profile(args)) => profile::run(&data, cli.profile.as_deref(), &args),
        Some(Command::Stats(args)) => stats::run(&data, &chosen(), &args),
        Some(Command::Rebuild(args)) => rebuild::run(&data, &chosen(), &args),
        Some(Command::Check(args)) => check::run(&data, &chosen(), &args),
        Some(Command::Backup(args)) => backup::run(&data, &chosen(), &args),
        Some(Command::Restore(args)) => restore::run(&data, &chosen(), &args),
        Some(Command::Optimize(args)) => optimize::run(&data, &chosen(), &args),
        Some(Command::Report(args)) => report::run(&data, &chosen(), &args),
        Some(Command::Sync(args)) => sync::run(&data, &chosen(), &args),
        Some(Command::Class(args)) => class::run(&data, &chosen(), &args),
        None => open_app(data, cli.profile, Vec::new()),
        Some(Command::Open(files)) => open_app(
            data,
            cli.profile,
            files.into_iter().map(PathBuf::from).collect(),
        ),
    }
}

#[cfg(feature = "gui")]
fn open_app(data: DataDir, profile: Option<String>, files: Vec<PathBuf>) -> ExitCode {
    match crate::gui::run(data, profile, files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the window could not open: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_data: DataDir, _profile: Option<String>, _files: Vec<PathBuf>) -> ExitCode {
    eprintln!(
        "This build of changchun-cards has no GUI (it was built without the `gui` feature).\n\
         Use a subcommand such as `changchun-cards validate`, or rebuild with default features."
    );
    ExitCode::from(2)
}
