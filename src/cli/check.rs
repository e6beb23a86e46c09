//! `changchun-cards check`: a full integrity check of the profile's progress file, which is only
//! read, never moved or changed. Exit 0 when healthy, 2 when damaged.

use crate::data_dir::DataDir;
use crate::store::integrity;
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
    if !path.exists() {
        println!(
            "Profile \"{profile}\" has no progress file yet ({}); nothing to check.",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    match integrity::check_path(&path) {
        Ok(()) => {
            println!("The progress file {} is healthy.", path.display());
            ExitCode::SUCCESS
        }
        Err(damage) => {
            println!("{}", damage.describe(&path));
            println!(
                "The file was left as it is. Opening the profile sets it aside and starts afresh; `changchun-cards restore` brings back the newest backup."
            );
            ExitCode::from(2)
        }
    }
}
