//! `changchun-cards optimize`: fit FSRS parameters to the profile's own review log and keep them
//! only when they predict that history better than the current ones.

use crate::data_dir::DataDir;
use crate::schedule::{Scheduler, optimize};
use crate::settings::Settings;
use crate::store::Access;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report the figures without saving new parameters.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    // Saving new parameters makes this the profile's writer; a dry run only reads.
    let access = if args.dry_run {
        Access::Read
    } else {
        Access::Write
    };
    let store = match super::profile::open_store(data, profile, access) {
        Ok(opened) => opened.store,
        Err(code) => return code,
    };
    let loaded = Settings::load(data);
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut settings = loaded.settings;
    let mut scheduler_settings = settings.scheduler(profile);
    let scheduler = Scheduler::new(scheduler_settings.clone());
    let reviews = match store.reviews().and_then(|r| Ok((r, store.resets()?))) {
        Ok(reviews) => reviews,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (reviews, resets) = reviews;
    let report = match optimize(
        &reviews,
        &resets,
        &scheduler_settings.parameters,
        scheduler.day(),
    ) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} review(s) in the log, {} usable for fitting.",
        reviews.len(),
        report.items
    );
    if let Some(fit) = report.current {
        println!(
            "current parameters: log loss {:.4}, RMSE {:.4}",
            fit.log_loss, fit.rmse
        );
    }
    if let Some(fit) = report.fitted {
        println!(
            "fitted parameters:  log loss {:.4}, RMSE {:.4}",
            fit.log_loss, fit.rmse
        );
    }
    println!("{}", report.message);
    if report.changed && !args.dry_run {
        scheduler_settings.parameters = report.chosen;
        settings.set_scheduler(profile, scheduler_settings);
        if let Err(e) = settings.save(data) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        println!("Saved the parameters for profile \"{profile}\".");
    } else if report.changed {
        println!("(dry run: nothing saved)");
    }
    ExitCode::SUCCESS
}
