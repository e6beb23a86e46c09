//! `changchun-cards restore [FILE]`: replace the profile's progress with a backup (the newest by
//! default), after backing up what is there now.

use crate::data_dir::DataDir;
use crate::store::Access;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file; by default the profile's newest backup.
    pub file: Option<PathBuf>,
    /// List the backups instead of restoring.
    #[arg(long)]
    pub list: bool,
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let access = if args.list {
        Access::Read
    } else {
        Access::Write
    };
    let mut store = match super::profile::open_store(data, profile, access) {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    let backups = store.list_backups();
    if args.list {
        super::backup::print_list(&backups);
        return ExitCode::SUCCESS;
    }
    let Some(file) = args
        .file
        .clone()
        // A backup dated in the future has no known age: it is restored only when named.
        .or_else(|| backups.iter().find(|b| !b.future).map(|b| b.path.clone()))
    else {
        eprintln!("error: profile \"{profile}\" has no backups to restore; name a backup file.");
        return ExitCode::FAILURE;
    };
    match store.restore(&file) {
        Ok(safety) => {
            println!(
                "Restored profile \"{profile}\" from {}. What was there before is kept in {}.",
                file.display(),
                safety.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
