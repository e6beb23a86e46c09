//! Reports for teachers: a learner's `report.csv` and `report.html`, and a class page merged from
//! several learners' CSV files. Pages are self-contained: inline CSS and SVG, no scripts, no network.

mod class;
mod html;
mod rows;
mod svg;

pub use class::{Learner, RECENT_DAYS, class_html, group};
pub use html::{escape, learner_html};
pub use rows::{COLUMNS, ReportRow, TestRecord, read_csv, rows, write_csv};

use crate::fsio::{self, FileError, Replace};
use crate::stats::Overview;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    File(#[from] FileError),
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

/// Writes a learner's `report.csv` and `report.html` into `dir`, creating it. Existing report files
/// are replaced only with [`Replace::KeepingBackup`].
pub fn write_learner_report(
    dir: &Path,
    learner: &str,
    overview: &Overview,
    replace: Replace,
) -> Result<ReportFiles, ReportError> {
    write_report_files(dir, learner, overview, replace)
}

/// Writes `report.csv` and `report.html` for statistics already computed (the GUI has them at hand).
/// The folder was chosen in a dialog for this report, so earlier report files there are replaced,
/// each kept as `NAME.bak`.
pub fn write_overview_report(
    dir: &Path,
    learner: &str,
    overview: &Overview,
) -> Result<ReportFiles, ReportError> {
    write_report_files(dir, learner, overview, Replace::KeepingBackup)
}

fn write_report_files(
    dir: &Path,
    learner: &str,
    overview: &Overview,
    replace: Replace,
) -> Result<ReportFiles, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let rows = rows(learner, overview);
    let files = ReportFiles {
        csv: dir.join("report.csv"),
        html: dir.join("report.html"),
    };
    // Both files or neither: refuse before writing the first when the second may not be written.
    for path in [&files.csv, &files.html] {
        fsio::plan_output(path, replace)?;
    }
    let mut csv_text = Vec::new();
    write_csv(&mut csv_text, &rows).map_err(|e| ReportError::Write {
        path: files.csv.clone(),
        source: std::io::Error::other(e),
    })?;
    let html_text = learner_html(learner, overview, &rows);
    let csv = fsio::write_output(&files.csv, &csv_text, replace)?.path;
    let html = fsio::write_output(&files.html, html_text.as_bytes(), replace)?.path;
    Ok(ReportFiles { csv, html })
}

/// Reads learners' `report.csv` files (regular files of at most 20 MB) and builds the class page
/// as of `today`.
pub fn merge(csvs: &[PathBuf], today: NaiveDate) -> Result<String, ReportError> {
    if csvs.is_empty() {
        return Err(ReportError::NothingToMerge);
    }
    let mut all = Vec::new();
    for path in csvs {
        let bytes = fsio::read_input(path)?;
        all.extend(read_csv(bytes.as_slice(), path)?);
    }
    Ok(class_html(&group(all), today))
}
