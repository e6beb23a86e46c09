//! `changchun-cards rebuild`: recompute every card state from the review log.

use crate::data_dir::DataDir;
use crate::store::Access;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(data: &DataDir, profile: &str, _args: &Args) -> ExitCode {
    let mut store = match super::profile::open_store(data, profile, Access::Write) {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    match store
        .rebuild()
        .and_then(|cards| Ok((cards, store.review_count()?)))
    {
        Ok((cards, reviews)) => {
            println!(
                "Rebuilt the states of {cards} card(s) from {reviews} review(s) for profile \"{profile}\"."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
