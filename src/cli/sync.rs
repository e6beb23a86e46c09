//! `changchun-cards sync [--folder DIR | --stop]`: merge this learner's progress with their other
//! computers through a shared folder, and bring this computer's log there up to date.

use crate::data_dir::DataDir;
use crate::settings::Settings;
use crate::store::Access;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sync through this folder from now on (a sync tool's folder, a network share, a USB stick).
    #[arg(long, value_name = "DIR", conflicts_with = "stop")]
    pub folder: Option<PathBuf>,
    /// Stop syncing this profile (its log stays in the folder; nothing is deleted).
    #[arg(long)]
    pub stop: bool,
    /// The progress other computers left in the folder is yours: merge it (asked only at the first
    /// sync into a folder that holds some).
    #[arg(long, conflicts_with = "stop")]
    pub join: bool,
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let loaded = Settings::load(data);
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut settings = loaded.settings;
    if args.stop {
        settings.set_sync_folder(profile, None);
        return match settings.save(data) {
            Ok(()) => {
                println!("Profile \"{profile}\" no longer syncs.");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let folder = match (&args.folder, settings.sync_folder(profile)) {
        (Some(folder), _) => {
            if !folder.is_dir() {
                eprintln!("error: {} is not a folder.", folder.display());
                return ExitCode::FAILURE;
            }
            let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.clone());
            settings.set_sync_folder(profile, Some(folder.clone()));
            if let Err(e) = settings.save(data) {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
            folder
        }
        (None, Some(folder)) => folder.to_path_buf(),
        (None, None) => {
            eprintln!(
                "error: profile \"{profile}\" has no sync folder yet; give one with --folder DIR."
            );
            return ExitCode::FAILURE;
        }
    };
    let mut store = match super::profile::open_store(data, profile, Access::Write) {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    let who = crate::sync::Who {
        name: profile.to_owned(),
        confirmed: args.join,
    };
    match crate::sync::run(
        &mut store,
        &folder,
        &settings.learner_settings(profile),
        &who,
    ) {
        Ok(synced) => {
            for note in &synced.notes {
                eprintln!("note: {note}");
            }
            println!("{}", synced.summary());
            if let Some(taken) = &synced.settings {
                settings.adopt(profile, taken);
                if let Err(e) = settings.save(data) {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
                println!("{}", crate::sync::settings_taken(taken));
            }
            if synced.written > 0 {
                println!(
                    "Wrote {} record(s) of this computer to {}.",
                    synced.written,
                    folder.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e @ crate::sync::SyncError::Unconfirmed { .. }) => {
            eprintln!("{e}");
            eprintln!("Run `changchun-cards sync --join` if it is yours.");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
