//! A class: a shared folder that a teacher creates and students join. Each student's app writes a
//! results file there after each study session and quiz; the teacher's app reads the folder into a
//! [`ClassOverview`]: who studies, what the class has mastered and which cards to teach again.
//!
//! No server is involved: the folder is shared however the school shares files (a network share,
//! a synced folder, a USB stick). Each student's app writes only its own file, so two writers
//! never meet in one file.
//!
//! ```text
//! DIR/class.ron                 the class: its name and a random id (written by `class create`)
//! DIR/students/<student>.json   one student's results (written by that student's app)
//! ```

mod folder;
mod overview;
mod results;

pub use folder::{
    CLASS_FILE, ClassFile, Membership, SHARED, STUDENTS_DIR, create, join, open, student_file,
};
pub use overview::{
    ClassOverview, MissedCard, Skipped, StudentSummary, TopicTotal, WEEKS_SHOWN, read_folder,
};
pub use results::{
    CardResult, MAX_RESULTS_BYTES, QuizResult, RESULTS_FORMAT, Results, gather, publish,
    write_results,
};

/// Why a class folder could not be created, joined or written to. Each names the folder or file.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    #[error("the class folder {} could not be reached: {reason}", path.display())]
    Unreachable {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("{} is not a class folder: {reason}", path.display())]
    NotAClass {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("{} already holds a class ({name}); it was left as it is", path.display())]
    AlreadyAClass {
        path: std::path::PathBuf,
        name: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{} could not be written: {reason}", path.display())]
    Write {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("the progress could not be read: {0}")]
    Store(String),
}

/// A random id of 16 hexadecimal digits, for a class or a student.
fn random_id() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("{n:016x}")
}

/// Whether `id` could be one of [`random_id`]'s: it names a file, so nothing else is taken.
fn is_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}
