//! Reports for teachers: a learner's `report.csv` and `report.html`, and a class page merged from
//! several learners' CSV files. Pages are self-contained: inline CSS and SVG, no scripts, no network.

mod class;
mod html;
mod rows;
mod svg;

pub use class::{Learner, RECENT_DAYS, class_html, group};
pub use html::{escape, learner_html};
pub use rows::{COLUMNS, ReportRow, TestRecord, read_csv, rows, write_csv};

use crate::stats::{Overview, StatsInput};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}, line {line}: {message}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error(
        "{} has no `{column}` column; a learner's report.csv has the columns {}",
        path.display(),
        COLUMNS.join(", ")
    )]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("no report.csv files were given to merge")]
    NothingToMerge,
}

/// The files a learner's report was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFiles {
    pub csv: PathBuf,
    pub html: PathBuf,
}

/// Computes a learner's statistics and writes `report.csv` and `report.html` into `dir`, creating it.
pub fn write_learner_report(
    dir: &Path,
    learner: &str,
    input: &StatsInput,
) -> Result<ReportFiles, ReportError> {
    let overview = Overview::compute(input);
    write_overview_report(dir, learner, &overview)
}

/// Writes `report.csv` and `report.html` for statistics already computed (the GUI has them at hand).
pub fn write_overview_report(
    dir: &Path,
    learner: &str,
    overview: &Overview,
) -> Result<ReportFiles, ReportError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReportError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let rows = rows(learner, overview);
    let files = ReportFiles {
        csv: dir.join("report.csv"),
        html: dir.join("report.html"),
    };
    let mut csv_text = Vec::new();
    write_csv(&mut csv_text, &rows).map_err(|e| ReportError::Write {
        path: files.csv.clone(),
        source: std::io::Error::other(e),
    })?;
    std::fs::write(&files.csv, csv_text).map_err(write_error(&files.csv))?;
    std::fs::write(&files.html, learner_html(learner, overview, &rows))
        .map_err(write_error(&files.html))?;
    Ok(files)
}

/// Reads learners' `report.csv` files and builds the class page as of `today`.
pub fn merge(csvs: &[PathBuf], today: NaiveDate) -> Result<String, ReportError> {
    if csvs.is_empty() {
        return Err(ReportError::NothingToMerge);
    }
    let mut all = Vec::new();
    for path in csvs {
        let file = std::fs::File::open(path).map_err(|source| ReportError::Read {
            path: path.clone(),
            source,
        })?;
        all.extend(read_csv(std::io::BufReader::new(file), path)?);
    }
    Ok(class_html(&group(all), today))
}
