//! `changchun-cards report`: a learner's report (`report.csv`, `report.html`) into a folder, or with
//! `--merge` a class page built from several learners' `report.csv` files, or with `--class` from a
//! class folder's results files.

use crate::data_dir::DataDir;
use crate::deck::Library;
use crate::deck::diagnostic::for_terminal;
use crate::fsio::{self, Replace};
use crate::report;
use crate::review::TestResult;
use crate::schedule::StudyDay;
use crate::stats::{Overview, StatsInput, Summary};
use crate::store::Access;
use chrono::Utc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write: a folder for a learner's report, or the class page file with --merge.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// Build a class overview from these learners' report.csv files instead.
    #[arg(long, value_name = "CSV", num_args = 1..)]
    pub merge: Vec<PathBuf>,
    /// Build the class overview from a class folder's results files instead.
    #[arg(long, value_name = "DIR", conflicts_with = "merge")]
    pub class: Option<PathBuf>,
    /// Replace report files that exist (the old ones are kept as NAME.bak).
    #[arg(long)]
    pub force: bool,
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let scheduler = super::profile::scheduler(data, profile);
    let today = scheduler.day().study_day(Utc::now());
    if let Some(folder) = &args.class {
        return match class_page(
            data,
            profile,
            folder,
            &args.output,
            Replace::forced(args.force),
        ) {
            Ok(students) => {
                println!(
                    "Wrote the class overview of {students} student(s) to {}",
                    args.output.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", for_terminal(&e));
                ExitCode::FAILURE
            }
        };
    }
    if !args.merge.is_empty() {
        return match merge(
            &args.merge,
            &args.output,
            Replace::forced(args.force),
            today,
        ) {
            Ok(()) => {
                println!(
                    "Wrote the class overview of {} report(s) to {}",
                    args.merge.len(),
                    args.output.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", for_terminal(&e.to_string()));
                ExitCode::FAILURE
            }
        };
    }

    let learner = profile;
    let (summary, tests) = match profile_summary(data, learner, *scheduler.day()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!("error: {}", for_terminal(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let library = Library::load(data);
    let input =
        StatsInput::new(&[], &tests, library.decks(), Utc::now()).with_scheduler(&scheduler);
    let overview = Overview::from_summary(&summary, &input);
    match report::write_learner_report(
        &args.output,
        learner,
        &overview,
        Replace::forced(args.force),
    ) {
        Ok(files) => {
            println!("Wrote {} and {}", files.csv.display(), files.html.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", for_terminal(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// The class page of a class folder; gives the number of students on it.
fn class_page(
    data: &DataDir,
    profile: &str,
    folder: &Path,
    output: &Path,
    replace: Replace,
) -> Result<usize, String> {
    let class = super::class::read(data, profile, folder)?;
    write_page(output, &class.class_html(), replace)?;
    Ok(class.students.len())
}

fn write_page(output: &Path, page: &str, replace: Replace) -> Result<(), String> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("could not create {}: {e}", parent.display()))?;
    }
    fsio::write_output(output, page.as_bytes(), replace)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn merge(
    csvs: &[PathBuf],
    output: &Path,
    replace: Replace,
    today: chrono::NaiveDate,
) -> Result<(), String> {
    let page = report::merge(csvs, today).map_err(|e| e.to_string())?;
    write_page(output, &page, replace)
}

/// The profile's review log and test results, read from its progress store. A store that had to
/// be set aside as damaged is refused: a report of the fresh, empty one would be false.
/// The summary of a learner's log for their study day, and their quiz results.
fn profile_summary(
    data: &DataDir,
    profile: &str,
    day: StudyDay,
) -> Result<(Summary, Vec<TestResult>), String> {
    if !crate::store::profiles::list(data)
        .iter()
        .any(|p| p == profile)
    {
        return Err(format!(
            "there is no profile \"{profile}\" in {}",
            data.root().display()
        ));
    }
    let opened = super::profile::open_store(data, profile, Access::Read)
        .map_err(|_| format!("no report was written for \"{profile}\""))?;
    if opened.set_aside.is_some() {
        return Err(format!(
            "no report was written: the progress of \"{profile}\" was damaged and set aside (see above); restore a backup first"
        ));
    }
    let store = opened.store;
    Ok((
        store.stats_summary(day).map_err(|e| e.to_string())?,
        store.test_results().map_err(|e| e.to_string())?,
    ))
}
