//! `changchun-cards check`: a full integrity check of the profile's progress file, which is only
//! read, never moved or changed. Exit 0 when healthy, 2 when damaged, 1 when it cannot be read
//! (no permission, held by another program, written by a newer version).

use crate::data_dir::DataDir;
use crate::store::{StoreError, integrity};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(data: &DataDir, profile: &str, _args: &Args) -> ExitCode {
    let path = match super::profile::store_file(data, profile) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let earlier = integrity::set_aside_earlier(&path);
    for kept in &earlier {
        println!(
            "Note: a damaged progress file set aside earlier is kept as {}.",
            kept.display()
        );
    }
    match integrity::exists(&path) {
        Ok(true) => {}
        Ok(false) => {
            println!(
                "Profile \"{profile}\" has no progress file yet ({}); nothing to check.",
                path.display()
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    match integrity::check_path(&path) {
        Ok(()) => {
            println!("The progress file {} is healthy.", path.display());
            ExitCode::SUCCESS
        }
        Err(damage @ StoreError::Damaged { .. }) => {
            println!("{damage}");
            println!(
                "The file was left as it is. Opening the profile sets it aside and starts afresh; `changchun-cards restore` brings back the newest backup."
            );
            ExitCode::from(2)
        }
        // Out of reach (permission, another program, a newer version) is not damage.
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
