//! `changchun-cards profile list|create|rename|delete|use`, and opening the chosen profile's store
//! for the other subcommands.

use crate::data_dir::DataDir;
use crate::schedule::Scheduler;
use crate::settings::Settings;
use crate::store::{self, Access, Check, Opened, Store, profiles};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List the profiles; the active one is marked with *.
    List,
    /// Make a new profile with no progress.
    Create { name: String },
    /// Rename a profile, keeping its progress and settings.
    Rename { from: String, to: String },
    /// Delete a profile; its folder is kept under profiles/.deleted after a last backup.
    Delete { name: String },
    /// Make a profile the active one.
    Use { name: String },
}

/// The profile a command works on: `--profile`, else the active one in the settings (whose
/// warnings are printed here, as this is the first time they are read).
pub fn chosen(data: &DataDir, explicit: Option<&str>) -> String {
    match explicit {
        Some(name) => name.to_owned(),
        None => {
            let loaded = Settings::load(data);
            for warning in &loaded.warnings {
                eprintln!("warning: {warning}");
            }
            loaded.settings.active_profile
        }
    }
}

/// The profile's scheduler from the settings (study day, desired retention, FSRS parameters),
/// printing what could not be read or was brought into range.
pub fn scheduler(data: &DataDir, profile: &str) -> Scheduler {
    let loaded = Settings::load(data);
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let scheduler = Scheduler::new(loaded.settings.scheduler(profile));
    for warning in scheduler.warnings() {
        eprintln!("warning: {warning}");
    }
    scheduler
}

/// Opens the profile's store: the one way every command does, telling the learner about a
/// damaged file set aside and other warnings. The caller decides what a reset store means to it.
pub fn open_store(data: &DataDir, profile: &str, access: Access) -> Result<Opened, ExitCode> {
    open_store_with(data, profile, access, Check::Now)
}

/// [`open_store`], with the pages of the file checked now or by the caller later
/// ([`Store::check_pages_later`]).
pub fn open_store_with(
    data: &DataDir,
    profile: &str,
    access: Access,
    check: Check,
) -> Result<Opened, ExitCode> {
    match Store::open_with(data, profile, access, check) {
        Ok(opened) => {
            if let Some(aside) = &opened.set_aside {
                eprintln!("warning: {}", aside.message);
            }
            for warning in &opened.warnings {
                eprintln!("warning: {warning}");
            }
            Ok(opened)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

pub fn run(data: &DataDir, explicit: Option<&str>, args: &Args) -> ExitCode {
    let loaded = Settings::load(data);
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut settings = loaded.settings;
    let active = explicit.unwrap_or(&settings.active_profile).to_owned();
    let result = match &args.action {
        Action::List => {
            let names = profiles::list(data);
            if names.is_empty() {
                println!("No profiles yet; \"{active}\" is made when first used.");
            }
            for name in names {
                let mark = if name == active { "*" } else { " " };
                println!("{mark} {name}");
            }
            return ExitCode::SUCCESS;
        }
        Action::Create { name } => profiles::create(data, name).map(|()| {
            println!("Created profile \"{name}\".");
            false
        }),
        Action::Rename { from, to } => profiles::rename(data, from, to).map(|()| {
            settings.rename_profile(from, to);
            println!("Renamed profile \"{from}\" to \"{to}\".");
            true
        }),
        Action::Delete { name } => profiles::delete(data, name).map(|kept| {
            settings.remove_profile(name);
            println!(
                "Deleted profile \"{name}\"; its progress and backups are kept in {}.",
                kept.display()
            );
            true
        }),
        Action::Use { name } => match profiles::exists(data, name) {
            Ok(true) => {
                name.clone_into(&mut settings.active_profile);
                println!("\"{name}\" is now the active profile.");
                Ok(true)
            }
            Ok(false) => Err(store::StoreError::Invalid(format!(
                "There is no profile named \"{name}\"; make it first with `changchun-cards profile create \"{name}\"`."
            ))),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(changed) => {
            if changed && let Err(e) = settings.save(data) {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The store file of a profile, whether or not it exists yet.
pub fn store_file(data: &DataDir, profile: &str) -> Result<std::path::PathBuf, store::StoreError> {
    Ok(profiles::folder(data, profile)?.join(store::FILE_NAME))
}
