//! The command line: one file per subcommand. `main.rs` parses and calls [`run`].

pub mod report;
pub mod validate;

use crate::data_dir::DataDir;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "changchun-cards",
    version,
    about = "Study the Changchun Conference of 1922: spaced repetition, scored tests and decks teachers can write"
)]
pub struct Cli {
    /// Keep all user data (progress, user decks, settings) under this folder.
    #[arg(long, global = true, env = "CHANGCHUN_CARDS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The learner whose progress is used.
    #[arg(long, global = true, env = "CHANGCHUN_CARDS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check deck files and print their errors, warnings and card counts.
    Validate(validate::Args),
    /// Write a learner's report (CSV and HTML), or merge learners' CSVs into a class page.
    Report(report::Args),
}

impl Cli {
    pub fn data(&self) -> DataDir {
        DataDir::resolve(self.data_dir.clone())
    }
}

/// Runs a subcommand; with none, opens the app (or explains that this build has no window).
pub fn run(cli: Cli) -> ExitCode {
    let data = cli.data();
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&data, &args),
        Some(Command::Report(args)) => report::run(&data, cli.profile.as_deref(), &args),
        None => open_app(data, cli.profile),
    }
}

#[cfg(feature = "gui")]
fn open_app(data: DataDir, profile: Option<String>) -> ExitCode {
    match crate::gui::run(data, profile) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the window could not open: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_data: DataDir, _profile: Option<String>) -> ExitCode {
    eprintln!(
        "This build of changchun-cards has no GUI (it was built without the `gui` feature).\n\
         Use a subcommand such as `changchun-cards validate`, or rebuild with default features."
    );
    ExitCode::from(2)
}
