//! The one place of the GUI that reads or writes the disk: each function runs a core job (or a
//! file dialog) as a [`Task`] whose result comes back as a message. `update` and `view` only ask
//! for these; they never do the work themselves.

use crate::data_dir::DataDir;
use crate::deck::Deck;
use crate::gui::app::Message;
use crate::profile::Profile;
use crate::review::{CardKey, TestResult};
use iced::Task;
use std::path::PathBuf;
use std::sync::Arc;

/// Runs a blocking job off the UI thread and hands its result to `done`.
fn run<T: Send + 'static, M: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
    done: impl FnOnce(T) -> M + Send + 'static,
) -> Task<M> {
    Task::perform(async move { job() }, done)
}

/// Loads the decks and opens the learner's store.
pub fn open(data: DataDir, profile: Option<String>) -> Task<Message> {
    run(
        move || Profile::open(data, profile),
        |r| Message::Opened(Box::new(r)),
    )
}

/// Opens the learner again after the check of their store's pages found damage: the file is set
/// aside and the learner told.
pub fn open_after_damage(data: DataDir, profile: String) -> Task<Message> {
    run(
        move || Profile::open_after_damage(data, Some(profile)),
        |r| Message::Opened(Box::new(r)),
    )
}

/// Checks every page of the learner's store, beside the first screen.
pub fn check_pages(profile: &Profile) -> Task<Message> {
    run(profile.check_job(), Message::PagesChecked)
}

/// Reads every card state in full, for mastery, browse and the review estimate.
pub fn progress(profile: &Profile) -> Task<Message> {
    run(profile.progress_job(), |r| {
        Message::ProgressRead(Box::new(r))
    })
}

/// Reads cards' pictures whole, so the renderer can decode them when they are drawn.
pub fn read_pictures(
    wanted: Vec<(crate::deck::media::MediaRoot, crate::deck::Image)>,
) -> Task<Message> {
    run(
        move || crate::gui::widget::picture::read_all(wanted),
        Message::PicturesRead,
    )
}

/// Copies a picture file beside a deck; gives the name to write in the deck.
pub fn add_picture<M: Send + 'static>(
    source: PathBuf,
    deck_folder: PathBuf,
    done: impl FnOnce(Result<String, String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || crate::deck::media::add_picture(&source, &deck_folder).map_err(|e| e.to_string()),
        done,
    )
}

/// Exports a deck into a folder, under a name nothing there has.
pub fn export_deck<M: Send + 'static>(
    deck: Deck,
    pictures: crate::deck::media::MediaRoot,
    target: crate::interop::Target,
    folder: PathBuf,
    done: impl FnOnce(Result<(PathBuf, Vec<String>), String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || crate::interop::export_into(&folder, &deck, &pictures, target),
        done,
    )
}

/// Writes the settings as they are now.
pub fn save_settings(profile: &Profile) -> Task<Message> {
    run(profile.save_settings_job(), |r| {
        Message::SettingsSaved(Box::new(r))
    })
}

/// Opens another learner, or the same one again after their study day moved.
pub fn open_learner(profile: &Profile, name: String, why: LearnerChange) -> Task<Message> {
    run(profile.learner_job(name), move |r| {
        Message::LearnerOpened(Box::new(r), why)
    })
}

/// Why a learner is being opened, for what to say once it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnerChange {
    Switched,
    Renamed,
    Restored,
    /// Their scheduler settings changed: today is counted again.
    Rescheduled,
    /// A new study day began: cards due today are read again.
    NewDay,
}

pub fn rename_learner(profile: &Profile, to: String) -> Task<Message> {
    run(profile.rename_job(to), |r| {
        Message::LearnerOpened(Box::new(r), LearnerChange::Renamed)
    })
}

pub fn create_learner(profile: &Profile, name: String) -> Task<Message> {
    let job = profile.create_learner_job(name.clone());
    run(job, move |r| Message::LearnerCreated(name, r))
}

pub fn delete_learner(profile: &Profile, name: String) -> Task<Message> {
    match profile.delete_learner_job(name.clone()) {
        Ok(job) => run(job, move |r| Message::LearnerDeleted(name, r)),
        Err(e) => Task::done(Message::LearnerDeleted(name, Err(e))),
    }
}

pub fn restore_backup(profile: &Profile) -> Task<Message> {
    match profile.restore_job() {
        Ok(job) => run(job, |r| {
            Message::LearnerOpened(Box::new(r), LearnerChange::Restored)
        }),
        Err(e) => Task::done(Message::Notice(e)),
    }
}

/// Opens a deck file where it lies.
pub fn open_deck(profile: &Profile, path: PathBuf) -> Task<Message> {
    run(profile.open_deck_job(path), |r| {
        Message::DeckAdded(Box::new(r))
    })
}

/// Copies a deck file into the user's decks and opens it from there.
pub fn add_deck_file(profile: &Profile, path: PathBuf) -> Task<Message> {
    run(profile.add_deck_file_job(path), |r| {
        Message::DeckAdded(Box::new(r))
    })
}

/// Reads an exchange file (Anki package or text, CSV, GIFT, Moodle XML) as a deck to show before it
/// is saved.
pub fn import_preview(path: PathBuf) -> Task<Message> {
    run(Profile::import_preview_job(path), |r| {
        Message::ImportPreviewed(Box::new(r))
    })
}

/// Saves a previewed import as a deck in the user's folder.
pub fn save_import(profile: &Profile, preview: crate::profile::ImportPreview) -> Task<Message> {
    let save = profile.save_import_job();
    run(move || save(preview), |r| Message::DeckAdded(Box::new(r)))
}

/// Saves a deck to its file and takes it into the library.
pub fn save_deck<M: Send + 'static>(
    profile: &Profile,
    deck: Deck,
    path: PathBuf,
    done: impl FnOnce(Result<Arc<crate::profile::AddedDeck>, String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.save_deck_job(deck, path), move |r| {
        done(r.map(Arc::new))
    })
}

pub fn suspend<M: Send + 'static>(
    profile: &Profile,
    key: CardKey,
    suspended: bool,
    done: impl FnOnce(CardKey, Result<crate::schedule::CardState, String>) -> M + Send + 'static,
) -> Task<M> {
    let k = key.clone();
    run(profile.suspend_job(key, suspended), move |r| done(k, r))
}

pub fn reset<M: Send + 'static>(
    profile: &Profile,
    keys: Vec<CardKey>,
    done: impl FnOnce(Result<Vec<(CardKey, crate::schedule::CardState)>, String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.reset_job(keys), done)
}

pub fn history<M: Send + 'static>(
    profile: &Profile,
    key: CardKey,
    done: impl FnOnce(CardKey, Result<crate::review::CardHistory, String>) -> M + Send + 'static,
) -> Task<M> {
    let k = key.clone();
    run(profile.history_job(key), move |r| done(k, r))
}

pub fn record_quiz<M: Send + 'static>(
    profile: &Profile,
    result: TestResult,
    done: impl FnOnce(Result<(), String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.record_quiz_job(result), done)
}

/// Syncs with the learner's other computers through their sync folder (nothing without one).
pub fn sync(profile: &Profile, confirmed: bool) -> Task<Message> {
    match profile.sync_job(confirmed) {
        Some(job) => run(job, |r| Message::Synced(Box::new(r))),
        None => Task::none(),
    }
}

pub fn start_session<M: Send + 'static>(
    profile: &Profile,
    filter: crate::schedule::Filter,
    done: impl FnOnce(Result<crate::profile::StudySession, crate::profile::NotStarted>) -> M
    + Send
    + 'static,
) -> Task<M> {
    run(profile.session_job(filter), done)
}

/// Starts a custom-study session; "more new cards today" raises today's limit in the settings
/// first (the caller marks them changed).
pub fn start_custom_session<M: Send + 'static>(
    profile: &mut Profile,
    study: crate::custom_study::CustomStudy,
    done: impl FnOnce(Result<crate::profile::StudySession, crate::profile::NotStarted>) -> M
    + Send
    + 'static,
) -> Task<M> {
    use rand::SeedableRng;
    let rng = rand::rngs::StdRng::from_os_rng();
    run(profile.custom_session_job(study, rng), done)
}

pub fn statistics<M: Send + 'static>(
    profile: &Profile,
    done: impl FnOnce(Result<crate::stats::Overview, String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.statistics_job(), done)
}

pub fn optimize<M: Send + 'static>(
    profile: &Profile,
    done: impl FnOnce(Result<crate::schedule::OptimizeReport, String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.optimize_job(), done)
}

/// What the learner is told once a report was written, or why it was not.
fn report_written(
    written: Result<crate::report::ReportFiles, impl std::fmt::Display>,
) -> Result<String, String> {
    written
        .map(|files| {
            format!(
                "Report written to {} and {}",
                files.csv.display(),
                files.html.display()
            )
        })
        .map_err(|e| format!("The report could not be written: {e}"))
}

/// Writes the learner's report (CSV and HTML) from the statistics on screen.
pub fn write_report<M: Send + 'static>(
    dir: PathBuf,
    profile: String,
    overview: Arc<crate::stats::Overview>,
    done: impl FnOnce(Result<String, String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || {
            report_written(crate::report::write_overview_report(
                &dir, &profile, &overview,
            ))
        },
        done,
    )
}

/// What reading a class folder takes from the teacher's profile: their study day and their decks
/// (which give the most-missed cards their questions).
pub struct ClassReader {
    pub today: chrono::NaiveDate,
    pub decks: Vec<Deck>,
}

/// Reads a class folder into the class overview.
pub fn read_class<M: Send + 'static>(
    folder: PathBuf,
    reader: ClassReader,
    done: impl FnOnce(Result<Arc<crate::class::ClassOverview>, String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || {
            crate::class::read_folder(&folder, reader.today, &reader.decks)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        },
        done,
    )
}

/// Makes a class folder, then reads it.
pub fn create_class<M: Send + 'static>(
    folder: PathBuf,
    name: String,
    reader: ClassReader,
    done: impl FnOnce(Result<Arc<crate::class::ClassOverview>, String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || {
            crate::class::create(&folder, &name, chrono::Utc::now())
                .and_then(|_| crate::class::read_folder(&folder, reader.today, &reader.decks))
                .map(Arc::new)
                .map_err(|e| e.to_string())
        },
        done,
    )
}

/// Joins the class in a folder.
pub fn join_class<M: Send + 'static>(
    profile: &Profile,
    folder: PathBuf,
    name: String,
    done: impl FnOnce(Result<crate::class::Membership, String>) -> M + Send + 'static,
) -> Task<M> {
    run(profile.join_class_job(folder, name), done)
}

/// Writes the learner's results into their class folder; nothing when they are in no class.
pub fn publish_results<M: Send + 'static>(
    profile: &Profile,
    done: impl FnOnce(Result<PathBuf, String>) -> M + Send + 'static,
) -> Task<M> {
    match profile.publish_job() {
        Some(job) => run(job, done),
        None => Task::none(),
    }
}

/// Writes one student's learner report from a class folder's results.
pub fn write_student_report<M: Send + 'static>(
    overview: Arc<crate::class::ClassOverview>,
    student: usize,
    dir: PathBuf,
    done: impl FnOnce(Result<String, String>) -> M + Send + 'static,
) -> Task<M> {
    run(
        move || report_written(overview.write_student_report(student, &dir)),
        done,
    )
}

/// What a file is chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A class folder to join, make or open.
    ClassFolder,
    OpenDeck,
    Import,
    ReportFolder,
    /// A picture for the card being edited.
    Picture,
    /// The folder an exported deck is written in.
    ExportFolder,
    /// The folder the learner's computers share for syncing.
    SyncFolder,
}

impl Purpose {
    pub fn title(self) -> &'static str {
        match self {
            Purpose::ClassFolder => "Choose the class folder",
            Purpose::OpenDeck => "Open a deck file",
            Purpose::Import => "Import a file (Anki package or text, CSV, GIFT or Moodle XML)",
            Purpose::ReportFolder => "Choose a folder for the report",
            Purpose::Picture => "Choose a picture (PNG, JPEG or SVG)",
            Purpose::ExportFolder => "Choose a folder for the exported deck",
            Purpose::SyncFolder => "Choose the folder your computers share for syncing",
        }
    }

    pub fn wants_folder(self) -> bool {
        matches!(
            self,
            Purpose::ClassFolder
                | Purpose::ReportFolder
                | Purpose::ExportFolder
                | Purpose::SyncFolder
        )
    }
}

/// Asks with the system's file dialog; without a file the in-app chooser takes over.
pub fn choose_file(purpose: Purpose) -> Task<Message> {
    Task::perform(
        async move {
            let dialog = rfd::AsyncFileDialog::new().set_title(purpose.title());
            let picked = match purpose {
                Purpose::OpenDeck => {
                    dialog
                        .add_filter("Changchun Cards deck", &["ron"])
                        .pick_file()
                        .await
                }
                Purpose::Import => {
                    dialog
                        .add_filter(
                            "Anki, CSV, GIFT or Moodle XML",
                            &["apkg", "colpkg", "txt", "csv", "tsv", "gift", "xml"],
                        )
                        .pick_file()
                        .await
                }
                Purpose::ClassFolder
                | Purpose::ReportFolder
                | Purpose::ExportFolder
                | Purpose::SyncFolder => dialog.pick_folder().await,
                Purpose::Picture => {
                    dialog
                        .add_filter("Picture", &["png", "jpg", "jpeg", "svg"])
                        .pick_file()
                        .await
                }
            };
            picked.map(|f| f.path().to_path_buf())
        },
        move |path| Message::FileChosen(purpose, path),
    )
}

/// One line of a folder listing in the in-app chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub folder: bool,
}

/// Lists a folder for the in-app chooser: folders first, then files, by name; hidden ones left out.
pub fn list_folder<M: Send + 'static>(
    dir: PathBuf,
    done: impl FnOnce(PathBuf, Result<Vec<Listed>, String>) -> M + Send + 'static,
) -> Task<M> {
    let d = dir.clone();
    run(
        move || {
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut listed: Vec<Listed> = entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let kind = e.file_type().ok()?;
                    let folder = kind.is_dir()
                        || (kind.is_symlink() && e.path().metadata().is_ok_and(|m| m.is_dir()));
                    (!name.starts_with('.')).then_some(Listed { name, folder })
                })
                .collect();
            listed.sort_by(|a, b| b.folder.cmp(&a.folder).then(a.name.cmp(&b.name)));
            Ok(listed)
        },
        move |r| done(d, r),
    )
}

/// Shows a folder in the system's file manager; what went wrong comes back as a notice.
pub fn show_folder(folder: PathBuf) -> Task<Message> {
    Task::perform(
        async move {
            let program = if cfg!(target_os = "windows") {
                "explorer"
            } else if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            };
            match std::process::Command::new(program).arg(&folder).spawn() {
                Ok(mut child) => {
                    // The opener returns at once; waiting on a thread of its own reaps it.
                    std::thread::spawn(move || child.wait());
                    format!("Opened {} in the file manager.", folder.display())
                }
                Err(e) => format!(
                    "The folder {} could not be opened ({program}: {e}).",
                    folder.display()
                ),
            }
        },
        Message::Notice,
    )
}

/// A study session's store work (committing a rating, undoing one, reading the next card or the
/// summary), run off the UI thread; the session takes the result back when it comes.
pub fn session_job<T: Send + 'static, M: Send + 'static>(
    job: crate::session::Job<T>,
    done: impl FnOnce(Result<T, String>) -> M + Send + 'static,
) -> Task<M> {
    run(move || job.run().map_err(|e| e.to_string()), done)
}
