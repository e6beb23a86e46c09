//! `changchun-cards backup [--list]`: take a backup of the profile's progress now, or list them.

use crate::data_dir::DataDir;
use crate::store::{Access, BackupInfo};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// List the backups instead of taking one.
    #[arg(long)]
    pub list: bool,
}

pub fn print_list(backups: &[BackupInfo]) {
    if backups.is_empty() {
        println!("No backups yet.");
    }
    for b in backups {
        let kind = if b.automatic { "daily" } else { "on demand" };
        let future = if b.future {
            "  (dated in the future: its real age is unknown)"
        } else {
            ""
        };
        println!(
            "{}  {:>9} bytes  {kind:<9}  {}{future}",
            b.taken.format("%Y-%m-%d %H:%M:%S UTC"),
            b.bytes,
            b.path.display()
        );
    }
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let store = match super::profile::open_store(data, profile, Access::Read) {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    if args.list {
        print_list(&store.list_backups());
        return ExitCode::SUCCESS;
    }
    match store.backup_now() {
        Ok(path) => {
            println!("Backed up profile \"{profile}\" to {}.", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
