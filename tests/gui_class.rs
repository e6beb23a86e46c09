//! The class screen driven as a student and a teacher drive it: joining a class folder (told what
//! is shared), results written after a quiz, leaving; and a teacher's class of students read from
//! the folder, sorted by a column, with who has not studied, the cards to teach again, skipped
//! files and a student's report. No display is needed (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{click, send, settle, simulator};

use changchun_cards::class::{self, ClassOverview, Membership};
use changchun_cards::data_dir::DataDir;
use changchun_cards::gui::app::{App, Message, State};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::{Screen, class as screen, library};
use changchun_cards::gui::task::Purpose;
use changchun_cards::review::{CardKey, Memory, Rating, Review, ReviewKind};
use changchun_cards::schedule::Scheduler;
use changchun_cards::store::Store;
use chrono::{Duration, Utc};
use std::path::Path;
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn app(name: &str) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    let context = Context::load(DataDir::new(dir.path()), Some(name.into())).unwrap();
    let (mut app, task) = App::loaded(context);
    settle(&mut app, task);
    (dir, app)
}

/// From the library to the statistics screen, and its Class button.
fn open_class_screen(app: &mut App) {
    send(app, Message::Library(library::Message::Statistics));
    assert!(matches!(app.screen(), Some(Screen::Stats(_))));
    click(app, "Class  [C]");
    assert!(matches!(app.screen(), Some(Screen::Class(_))));
}

fn class_screen(app: &App) -> &screen::Class {
    match app.screen() {
        Some(Screen::Class(s)) => s,
        _ => panic!("not on the class screen"),
    }
}

/// Presses a button that asks for a folder, and answers as the dialog would: the screen's own
/// update is called, so no system dialog opens in the test.
fn choose_folder(app: &mut App, ask: screen::Message, purpose: Purpose, folder: &Path) {
    let State::Ready { context, screen } = &mut app.state else {
        panic!("not ready")
    };
    let Screen::Class(s) = screen else {
        panic!("not on the class screen")
    };
    assert!(matches!(s.update(ask, context), screen::Action::Choose(p) if p == purpose));
    send(
        app,
        Message::FileChosen(purpose, Some(folder.to_path_buf())),
    );
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

fn review(card: &str, at: chrono::DateTime<Utc>, rating: Rating) -> Review {
    let stability = if rating == Rating::Again { 1.0 } else { 30.0 };
    Review {
        id: 0,
        at,
        card: CardKey::new("gui-test", card),
        rating,
        correct: rating != Rating::Again,
        duration_ms: 20_000,
        kind: ReviewKind::Review,
        before: None,
        after: Some(Memory {
            stability,
            difficulty: 5.0,
        }),
        due: Some(at + Duration::days(stability as i64)),
    }
}

#[test]
fn a_student_joins_told_what_is_shared_writes_after_a_quiz_and_leaves() {
    let class_dir = tempfile::tempdir().unwrap();
    class::create(class_dir.path(), "History 9B", Utc::now()).unwrap();
    let (dir, mut app) = app("anna");
    open_class_screen(&mut app);
    assert!(
        shows(&app, class::SHARED),
        "what is shared is said before joining"
    );
    send(
        &mut app,
        Message::Class(screen::Message::StudentName("Anna K.".into())),
    );
    choose_folder(
        &mut app,
        screen::Message::Join,
        Purpose::ClassFolder,
        class_dir.path(),
    );

    let member: Membership = app
        .context()
        .unwrap()
        .profile
        .class()
        .cloned()
        .expect("joined");
    assert_eq!(member.name, "Anna K.");
    assert!(shows(&app, "Leave the class"));
    assert!(shows(&app, class::SHARED), "and said again once joined");
    let file = member.results_file();
    let written = |file: &Path| class::Results::from_bytes(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(
        written(&file).student,
        "Anna K.",
        "joining writes the results at once"
    );
    assert!(written(&file).cards.is_empty());

    // The settings are written with the class.
    send(&mut app, Message::SaveSettings);
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert_eq!(saved.classes.get("anna"), Some(&member));

    // A review, then a quiz stored: the results are written again, with the review.
    let store_path = app.context().unwrap().profile.store_path().to_path_buf();
    Store::open_path(&store_path)
        .unwrap()
        .record_review(&review("tf", Utc::now(), Rating::Good))
        .unwrap();
    send(
        &mut app,
        Message::Quiz(changchun_cards::gui::screen::quiz::Message::Stored(Ok(()))),
    );
    assert_eq!(written(&file).cards.len(), 1);

    click(&mut app, "Leave the class");
    assert!(app.context().unwrap().profile.class().is_none());
    assert!(
        class_screen(&app)
            .status()
            .unwrap()
            .contains("nothing more is written")
    );
    Store::open_path(&store_path)
        .unwrap()
        .record_review(&review("mc", Utc::now(), Rating::Good))
        .unwrap();
    send(
        &mut app,
        Message::Quiz(changchun_cards::gui::screen::quiz::Message::Stored(Ok(()))),
    );
    assert_eq!(
        written(&file).cards.len(),
        1,
        "nothing written after leaving"
    );
    send(&mut app, Message::SaveSettings);
    let saved = changchun_cards::settings::Settings::load(&DataDir::new(dir.path())).settings;
    assert!(saved.classes.is_empty());
}

#[test]
fn a_class_folder_out_of_reach_is_a_notice_not_a_stop() {
    let class_dir = tempfile::tempdir().unwrap();
    let folder = class_dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    class::create(&folder, "9C", Utc::now()).unwrap();
    let (_dir, mut app) = app("dana");
    open_class_screen(&mut app);
    send(
        &mut app,
        Message::Class(screen::Message::StudentName("Dana".into())),
    );
    choose_folder(
        &mut app,
        screen::Message::Join,
        Purpose::ClassFolder,
        &folder,
    );
    std::fs::remove_dir_all(&folder).unwrap();
    send(
        &mut app,
        Message::Quiz(changchun_cards::gui::screen::quiz::Message::Stored(Ok(()))),
    );
    let notices = app.context().unwrap().notices.join(" ");
    assert!(
        notices.contains("were not written to the class 9C"),
        "{notices}"
    );
}

/// A student of the class with these answers, `days_ago` before now.
fn student(folder: &Path, name: &str, answers: &[(&str, i64, Rating)]) {
    let member = class::join(folder, name, None).unwrap();
    let db = tempfile::NamedTempFile::new().unwrap();
    let mut store = Store::open_path(db.path()).unwrap();
    for (card, days_ago, rating) in answers {
        store
            .record_review(&review(
                card,
                Utc::now() - Duration::days(*days_ago),
                *rating,
            ))
            .unwrap();
    }
    let deck: changchun_cards::deck::Deck = ron::from_str(GUI_DECK).unwrap();
    let results = class::gather(
        &store,
        &[deck],
        &Scheduler::new(Default::default()),
        &member,
        Utc::now(),
    )
    .unwrap();
    class::write_results(folder, &results).unwrap();
}

#[test]
fn the_teacher_sees_the_class_sorts_it_and_writes_a_students_report() {
    let class_dir = tempfile::tempdir().unwrap();
    let folder = class_dir.path();
    class::create(folder, "History 9B", Utc::now()).unwrap();
    student(
        folder,
        "Boris",
        &[("tf", 1, Rating::Good), ("mc", 1, Rating::Again)],
    );
    student(
        folder,
        "Anna",
        &[
            ("tf", 2, Rating::Good),
            ("mc", 1, Rating::Again),
            ("typed", 0, Rating::Good),
        ],
    );
    student(folder, "Chen", &[("tf", 20, Rating::Good)]);
    std::fs::write(folder.join("students/broken.json"), "{ not json").unwrap();

    let (dir, mut app) = app("teacher");
    open_class_screen(&mut app);
    choose_folder(
        &mut app,
        screen::Message::Open,
        Purpose::ClassFolder,
        folder,
    );
    let overview: &ClassOverview = class_screen(&app).overview().expect("read");
    assert_eq!(overview.students.len(), 3);
    assert_eq!(class_screen(&app).names_shown(), ["Anna", "Boris", "Chen"]);

    let heading = format!("History 9B: 3 students, as of {}", overview.today);
    assert!(shows(&app, &heading), "the class is named");
    assert!(shows(&app, "⚠ Not studied in the last 7 days: Chen"));
    assert!(shows(&app, "⚠ Chen"), "flagged in the table too");
    assert!(shows(&app, "Files skipped in the students folder"));
    let prompt = {
        let deck: changchun_cards::deck::Deck = ron::from_str(GUI_DECK).unwrap();
        deck.card("mc").unwrap().question.prompt()
    };
    let missed = format!(
        "2 of 2 got it wrong last (0 lapses) · {} — {prompt}",
        overview.missed[0].topic
    );
    assert!(
        shows(&app, &missed),
        "the card to teach again, with its question: {missed} / {:?}",
        overview.missed
    );

    // Sorting: the week's reviews, largest first; again, smallest first.
    click(&mut app, "Last 7 days");
    assert_eq!(class_screen(&app).names_shown(), ["Anna", "Boris", "Chen"]);
    click(&mut app, "Last 7 days ▼");
    assert_eq!(class_screen(&app).names_shown(), ["Chen", "Boris", "Anna"]);
    click(&mut app, "Student");
    assert_eq!(class_screen(&app).names_shown(), ["Anna", "Boris", "Chen"]);

    // A student's row opens their figures and their report.
    click(&mut app, "Boris");
    assert!(shows(&app, "Write Boris's report…"));
    let out = dir.path().join("boris-report");
    let index = class_screen(&app)
        .overview()
        .unwrap()
        .students
        .iter()
        .position(|s| s.name == "Boris")
        .unwrap();
    choose_folder(
        &mut app,
        screen::Message::WriteReport(index),
        Purpose::ReportFolder,
        &out,
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Study report of Boris"));
    assert!(
        class_screen(&app)
            .status()
            .unwrap()
            .starts_with("Report written to")
    );

    // Escape goes back to the library.
    send(
        &mut app,
        Message::Key(
            iced::keyboard::Key::Named(iced::keyboard::key::Named::Escape),
            iced::keyboard::Modifiers::empty(),
        ),
    );
    assert!(matches!(app.screen(), Some(Screen::Library(_))));
}

#[test]
fn a_teacher_makes_a_class_folder_in_the_app() {
    let (dir, mut app) = app("teacher");
    open_class_screen(&mut app);
    let folder = dir.path().join("9D");
    std::fs::create_dir(&folder).unwrap();
    send(
        &mut app,
        Message::Class(screen::Message::ClassName("History 9D".into())),
    );
    choose_folder(
        &mut app,
        screen::Message::Create,
        Purpose::ClassFolder,
        &folder,
    );
    assert_eq!(class::open(&folder).unwrap().name, "History 9D");
    let overview = class_screen(&app)
        .overview()
        .expect("the new class is open");
    assert!(overview.students.is_empty());
}

#[test]
fn without_a_folder_dialog_the_in_app_chooser_opens_the_class_folder() {
    use changchun_cards::gui::screen::files;
    let class_dir = tempfile::tempdir().unwrap();
    class::create(class_dir.path(), "History 9E", Utc::now()).unwrap();
    student(class_dir.path(), "Anna", &[("tf", 0, Rating::Good)]);
    let (_dir, mut app) = app("teacher");
    open_class_screen(&mut app);
    {
        let State::Ready { context, screen } = &mut app.state else {
            panic!("not ready")
        };
        let Screen::Class(s) = screen else {
            panic!("not on the class screen")
        };
        assert!(matches!(
            s.update(screen::Message::Open, context),
            screen::Action::Choose(Purpose::ClassFolder)
        ));
    }
    // The system dialog came back with nothing: no portal on this desktop.
    send(&mut app, Message::FileChosen(Purpose::ClassFolder, None));
    assert!(matches!(app.screen(), Some(Screen::Files(..))));
    assert!(shows(&app, "Choose the class folder"));
    send(
        &mut app,
        Message::Files(files::Message::Path(format!(
            "{}/",
            class_dir.path().display()
        ))),
    );
    click(&mut app, "Use this folder");
    let overview = class_screen(&app)
        .overview()
        .expect("read through the in-app chooser");
    assert_eq!(overview.class.name, "History 9E");
    assert_eq!(class_screen(&app).names_shown(), ["Anna"]);
}

#[test]
fn at_800_by_600_the_students_headings_fit_on_one_line() {
    use changchun_cards::gui::theme;
    let class_dir = tempfile::tempdir().unwrap();
    class::create(class_dir.path(), "History 9F", Utc::now()).unwrap();
    student(class_dir.path(), "Anna", &[("tf", 0, Rating::Good)]);
    let (_dir, mut app) = app("teacher");
    open_class_screen(&mut app);
    choose_folder(
        &mut app,
        screen::Message::Open,
        Purpose::ClassFolder,
        class_dir.path(),
    );
    let mut ui = iced_test::Simulator::with_size(
        iced::Settings {
            fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
            default_font: theme::TEXT,
            ..iced::Settings::default()
        },
        (800.0, 600.0),
        app.view(),
    );
    for heading in [
        "Student ▲",
        "Last studied",
        "Last 7 days",
        "Mastery",
        "Last quiz",
    ] {
        let bounds = ui
            .find(heading)
            .unwrap_or_else(|e| panic!("{heading}: {e:?}"))
            .bounds();
        assert!(
            bounds.x >= 0.0 && bounds.x + bounds.width <= 800.0 && bounds.height < 30.0,
            "{heading} {bounds:?}"
        );
    }
}

#[test]
fn a_study_session_ends_with_the_results_written_to_the_class() {
    use iced::keyboard::{Key, Modifiers, key::Named};
    let class_dir = tempfile::tempdir().unwrap();
    class::create(class_dir.path(), "History 9G", Utc::now()).unwrap();
    let (_dir, mut app) = app("anna");
    open_class_screen(&mut app);
    send(
        &mut app,
        Message::Class(screen::Message::StudentName("Anna".into())),
    );
    choose_folder(
        &mut app,
        screen::Message::Join,
        Purpose::ClassFolder,
        class_dir.path(),
    );
    let file = app
        .context()
        .unwrap()
        .profile
        .class()
        .unwrap()
        .results_file();
    let cards = |file: &Path| {
        class::Results::from_bytes(&std::fs::read(file).unwrap())
            .unwrap()
            .cards
    };
    assert!(cards(&file).is_empty());

    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );
    send(
        &mut app,
        Message::Library(library::Message::Study("gui-test".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Study(_))));
    let press = |app: &mut App, key: &str| {
        harness::read_feedback(app);
        send(
            app,
            Message::Key(Key::Character(key.into()), Modifiers::empty()),
        );
    };
    // "I don't know", then Again: one answer, wrong.
    press(&mut app, "0");
    press(&mut app, "1");
    send(
        &mut app,
        Message::Key(Key::Named(Named::Escape), Modifiers::empty()),
    );
    let Some(Screen::Study(study)) = app.screen() else {
        panic!("the summary shows")
    };
    assert!(study.summary().is_some(), "the session was summed up");
    let written = cards(&file);
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0].reviews, 1);
    assert_eq!(written[0].last_right, Some(false));
}
