//! `changchun-cards class`: a teacher makes a class folder and reads it; a student joins it,
//! writes their results there, or leaves it.

use crate::class::{self, ClassOverview, SHARED};
use crate::data_dir::DataDir;
use crate::deck::Library;
use crate::deck::diagnostic::for_terminal;
use crate::settings::Settings;
use crate::store::Access;
use chrono::Utc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Make a class folder (teachers): writes class.ron and a students folder into DIR.
    Create {
        /// The class's name, as students see it.
        name: String,
        /// The shared folder to make the class in (created when missing).
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
    },
    /// Join the class in DIR: after each session and quiz your results are written there.
    Join {
        folder: PathBuf,
        /// The name your teacher sees.
        #[arg(long)]
        name: String,
    },
    /// Leave your class: your results are no longer written to its folder.
    Leave,
    /// Write your results into your class folder now.
    Publish,
    /// Print a class folder's overview (teachers): students, topics, cards to teach again.
    Show { folder: PathBuf },
}

pub fn run(data: &DataDir, profile: &str, args: &Args) -> ExitCode {
    let outcome = match &args.action {
        Action::Create { name, folder } => create(name, folder),
        Action::Join { folder, name } => join(data, profile, folder, name),
        Action::Leave => leave(data, profile),
        Action::Publish => publish(data, profile),
        Action::Show { folder } => show(data, profile, folder),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", for_terminal(&e));
            ExitCode::FAILURE
        }
    }
}

fn create(name: &str, folder: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("could not create {}: {e}", folder.display()))?;
    let class = class::create(folder, name, Utc::now()).map_err(|e| e.to_string())?;
    println!(
        "Made the class \"{}\" in {}. Share this folder with your students; each joins it with\n  changchun-cards class join {} --name \"Their name\"\n(or in the app: Statistics → Class).",
        class.name,
        folder.display(),
        folder.display()
    );
    Ok(())
}

fn settings(data: &DataDir) -> Settings {
    let loaded = Settings::load(data);
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    loaded.settings
}

fn join(data: &DataDir, profile: &str, folder: &std::path::Path, name: &str) -> Result<(), String> {
    let mut settings = settings(data);
    let membership =
        class::join(folder, name, settings.classes.get(profile)).map_err(|e| e.to_string())?;
    println!(
        "\"{profile}\" joined the class \"{}\" as {}.\n\n{SHARED}",
        membership.class_name, membership.name
    );
    settings.classes.insert(profile.to_owned(), membership);
    settings.save(data)?;
    // Joining succeeded even when nothing can be written yet: the next session writes.
    if let Err(e) = publish(data, profile) {
        eprintln!("note: {}", for_terminal(&e));
    }
    Ok(())
}

fn leave(data: &DataDir, profile: &str) -> Result<(), String> {
    let mut settings = settings(data);
    let Some(membership) = settings.classes.remove(profile) else {
        println!("\"{profile}\" is in no class.");
        return Ok(());
    };
    settings.save(data)?;
    println!(
        "\"{profile}\" left the class \"{}\": no more results are written there. The last one \
         written stays at {} until it is deleted.",
        membership.class_name,
        membership.results_file().display()
    );
    Ok(())
}

fn publish(data: &DataDir, profile: &str) -> Result<(), String> {
    let settings = settings(data);
    let Some(membership) = settings.classes.get(profile) else {
        return Err(format!(
            "\"{profile}\" is in no class; join one with `changchun-cards class join DIR --name NAME`"
        ));
    };
    let opened = super::profile::open_store(data, profile, Access::Read)
        .map_err(|_| "no results were written".to_owned())?;
    if opened.set_aside.is_some() {
        return Err(format!(
            "no results were written: the progress of \"{profile}\" was damaged and set aside (see above); restore a backup first"
        ));
    }
    let library = Library::load(data);
    let decks: Vec<_> = library.decks().cloned().collect();
    let scheduler = super::profile::scheduler(data, profile);
    let results = class::gather(&opened.store, &decks, &scheduler, membership, Utc::now())
        .map_err(|e| e.to_string())?;
    let path = class::write_results(&membership.folder, &results).map_err(|e| e.to_string())?;
    println!(
        "Wrote the results of {} to {}",
        membership.name,
        path.display()
    );
    Ok(())
}

/// Reads a class folder as the teacher's app does, with the teacher's study day and decks.
pub fn read(
    data: &DataDir,
    profile: &str,
    folder: &std::path::Path,
) -> Result<ClassOverview, String> {
    let today = super::profile::scheduler(data, profile)
        .day()
        .study_day(Utc::now());
    let library = Library::load(data);
    let decks: Vec<_> = library.decks().cloned().collect();
    let overview = class::read_folder(folder, today, &decks).map_err(|e| e.to_string())?;
    for skipped in &overview.skipped {
        // A file's name and what its parser quoted from it are the folder's, not ours.
        eprintln!(
            "warning: skipped {}",
            for_terminal(&format!("{}: {}", skipped.path.display(), skipped.reason))
        );
    }
    Ok(overview)
}

fn show(data: &DataDir, profile: &str, folder: &std::path::Path) -> Result<(), String> {
    let class = read(data, profile, folder)?;
    println!(
        "{}: {} students, as of {}",
        for_terminal(&class.class.name),
        class.students.len(),
        class.today
    );
    println!(
        "\n{:<24} {:<12} {:>8} {:>8} {:>10}",
        "student", "last studied", "week", "mastery", "last quiz"
    );
    for s in &class.students {
        let last = s.last_studied.map_or("never".to_owned(), |d| d.to_string());
        let quiz = s
            .last_quiz
            .as_ref()
            .map_or("–".to_owned(), |q| format!("{:.0} %", q.score() * 100.0));
        let flag = if s.idle {
            "  not studied this week"
        } else {
            ""
        };
        println!(
            "{:<24} {:<12} {:>8} {:>7.0}% {:>10}{flag}",
            for_terminal(&s.name),
            last,
            s.reviews_this_week,
            s.mastery() * 100.0,
            quiz
        );
    }
    println!("\nMastery per topic:");
    for t in &class.topics {
        println!(
            "  {:>4.0} %  {}",
            t.mastery() * 100.0,
            for_terminal(&format!("{} ({})", t.topic, t.deck))
        );
    }
    if !class.missed.is_empty() {
        println!("\nCards to teach again (latest answer wrong):");
        for m in &class.missed {
            println!(
                "  {} of {}  {}",
                m.wrong_last,
                m.students,
                for_terminal(m.prompt.as_deref().unwrap_or(&m.card))
            );
        }
    }
    Ok(())
}
