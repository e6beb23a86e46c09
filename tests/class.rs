//! A class folder end to end: a teacher makes it, students in their own data folders join it,
//! study and write their results, and the teacher's class page shows them as `report --merge`
//! would from the students' own reports.

use changchun_cards::class;
use changchun_cards::data_dir::DataDir;
use changchun_cards::profile::Profile;
use changchun_cards::review::{CardKey, Rating, TestAnswer, TestResult};
use changchun_cards::schedule::Filter;
use chrono::Utc;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A student's own data folder with the test deck.
fn student_data() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
    dir
}

fn open(data: &TempDir, name: &str) -> Profile {
    Profile::open(DataDir::new(data.path()), Some(name.into())).unwrap()
}

/// Answers up to `answers.len()` cards of today's queue of the test deck.
fn study(profile: &mut Profile, answers: &[Rating]) {
    let filter = Filter {
        decks: vec!["gui-test".to_owned()],
        ..Filter::default()
    };
    let now = Utc::now();
    let mut session = profile.start_session(&filter, now).unwrap();
    for rating in answers {
        if session.is_finished() {
            break;
        }
        session
            .rate_now(*rating, *rating != Rating::Again, now)
            .unwrap();
    }
}

fn publish(profile: &Profile) -> std::path::PathBuf {
    let job = profile.publish_job().expect("the learner is in a class");
    job().unwrap()
}

#[test]
fn students_join_study_and_the_teacher_sees_them_as_report_merge_would() {
    let class_dir = tempfile::tempdir().unwrap();
    let folder = class_dir.path().join("9B");
    let folder_arg = folder.to_str().unwrap();
    let teacher = tempfile::tempdir().unwrap();
    let said = ok(&cli(
        teacher.path(),
        &["class", "create", "History 9B", "--folder", folder_arg],
    ));
    assert!(said.contains("Made the class \"History 9B\""), "{said}");

    // Anna joins on the command line, then studies in the app's core.
    let anna_data = student_data();
    let said = ok(&cli(
        anna_data.path(),
        &[
            "--profile",
            "Anna",
            "class",
            "join",
            folder_arg,
            "--name",
            "Anna",
        ],
    ));
    assert!(
        said.contains(class::SHARED),
        "the join says what is shared: {said}"
    );
    let mut anna = open(&anna_data, "Anna");
    assert_eq!(anna.class().unwrap().class_name, "History 9B");
    study(&mut anna, &[Rating::Good, Rating::Again, Rating::Good]);
    let anna_file = publish(&anna);
    assert_eq!(anna_file, anna.class().unwrap().results_file());

    // Boris joins in the app's core, studies and takes a quiz.
    let boris_data = student_data();
    let mut boris = open(&boris_data, "Boris");
    let join = boris.join_class_job(folder.clone(), "Boris".into());
    boris.set_class(Some(join().unwrap()));
    let save = boris.save_settings_job();
    boris.settings_saved(save().unwrap());
    study(&mut boris, &[Rating::Again, Rating::Again]);
    let quiz = boris.record_quiz_job(TestResult {
        id: 0,
        started: Utc::now(),
        duration_ms: 30_000,
        decks: vec!["gui-test".into()],
        topics: vec!["Causes".into()],
        answers: vec![
            TestAnswer {
                card: CardKey::new("gui-test", "tf"),
                correct: true,
                given: "True".into(),
                expected: "True".into(),
            },
            TestAnswer {
                card: CardKey::new("gui-test", "mc"),
                correct: false,
                given: "A".into(),
                expected: "B".into(),
            },
        ],
    });
    quiz().unwrap();
    publish(&boris);

    // Chen joins and writes before ever studying.
    let chen_data = student_data();
    ok(&cli(
        chen_data.path(),
        &[
            "--profile",
            "Chen",
            "class",
            "join",
            folder_arg,
            "--name",
            "Chen",
        ],
    ));
    let said = ok(&cli(
        chen_data.path(),
        &["--profile", "Chen", "class", "publish"],
    ));
    assert!(said.contains("Wrote the results of Chen"), "{said}");

    // The teacher's overview.
    let today = changchun_cards::schedule::Scheduler::new(Default::default())
        .day()
        .study_day(Utc::now());
    let overview = class::read_folder(&folder, today, &[]).unwrap();
    assert!(overview.skipped.is_empty(), "{:?}", overview.skipped);
    let names: Vec<&str> = overview.students.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Anna", "Boris", "Chen"]);
    assert_eq!(overview.students[0].reviews_this_week, 3);
    assert_eq!(overview.students[1].reviews_this_week, 2);
    let quiz = overview.students[1].last_quiz.as_ref().unwrap();
    assert_eq!((quiz.correct, quiz.total), (1, 2));
    assert!(overview.students[2].idle && !overview.students[0].idle);
    // Both got the second card of the queue wrong; Boris's quiz put the first one right again.
    assert_eq!(overview.missed[0].wrong_last, 2, "{:?}", overview.missed);
    assert_eq!(overview.missed[0].students, 2);

    // The same figures in the terminal, with who has not studied flagged.
    let shown = ok(&cli(teacher.path(), &["class", "show", folder_arg]));
    assert!(
        shown.starts_with("History 9B: 3 students, as of "),
        "{shown}"
    );
    let chen = shown.lines().find(|l| l.starts_with("Chen")).unwrap();
    assert!(
        chen.contains("never") && chen.ends_with("not studied this week"),
        "{chen}"
    );
    assert!(shown.contains("Cards to teach again"), "{shown}");
    // A folder that already holds a class is not made again.
    let again = cli(
        teacher.path(),
        &["class", "create", "9C", "--folder", folder_arg],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a class (History 9B)"));

    // `report --class` writes the page `report --merge` makes from the students' own reports.
    let by_class = teacher.path().join("class.html");
    let said = ok(&cli(
        teacher.path(),
        &[
            "report",
            "--class",
            folder_arg,
            "-o",
            by_class.to_str().unwrap(),
        ],
    ));
    assert!(said.contains("3 student(s)"), "{said}");
    let mut csvs = Vec::new();
    for (data, name) in [
        (&anna_data, "Anna"),
        (&boris_data, "Boris"),
        (&chen_data, "Chen"),
    ] {
        let out = data.path().join("report");
        ok(&cli(
            data.path(),
            &["--profile", name, "report", "-o", out.to_str().unwrap()],
        ));
        csvs.push(out.join("report.csv"));
    }
    let by_merge = teacher.path().join("merged.html");
    let mut args = vec!["report", "--merge"];
    args.extend(csvs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["-o", by_merge.to_str().unwrap()]);
    ok(&cli(teacher.path(), &args));
    assert_eq!(
        std::fs::read_to_string(&by_class).unwrap(),
        std::fs::read_to_string(&by_merge).unwrap()
    );

    // A student's learner report from the class folder is the one they would make themselves.
    let from_class = teacher.path().join("anna-from-class");
    overview.write_student_report(0, &from_class).unwrap();
    assert_eq!(
        std::fs::read_to_string(from_class.join("report.csv")).unwrap(),
        std::fs::read_to_string(anna_data.path().join("report/report.csv")).unwrap()
    );

    // Anna leaves: nothing more is written.
    ok(&cli(
        anna_data.path(),
        &["--profile", "Anna", "class", "leave"],
    ));
    let before = std::fs::read(&anna_file).unwrap();
    let mut anna = open(&anna_data, "Anna");
    assert!(anna.class().is_none());
    assert!(anna.publish_job().is_none());
    study(&mut anna, &[Rating::Good]);
    assert_eq!(std::fs::read(&anna_file).unwrap(), before);
}

#[test]
fn terminal_escapes_in_a_students_file_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("9B");
    std::fs::create_dir(&folder).unwrap();
    class::create(&folder, "9B", Utc::now()).unwrap();
    // A file's name, and a string its parser quotes, holding terminal escapes.
    std::fs::write(folder.join("students/\u{1b}]0;owned\u{7}.json"), "{}").unwrap();
    std::fs::write(
        folder.join("students/quoted.json"),
        "{\"format\": \"x\", \"version\": \"\\u001b]0;owned\\u0007\"}",
    )
    .unwrap();
    let output = cli(dir.path(), &["class", "show", folder.to_str().unwrap()]);
    ok(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: skipped"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert_eq!(stderr.matches("\\u{1b}]0;owned").count(), 2, "{stderr}");
}

#[test]
fn a_class_folder_that_is_gone_is_a_notice_and_study_goes_on() {
    let class_dir = tempfile::tempdir().unwrap();
    let folder = class_dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    class::create(&folder, "9C", Utc::now()).unwrap();
    let data = student_data();
    let mut profile = open(&data, "Dana");
    let join = profile.join_class_job(folder.clone(), "Dana".into());
    profile.set_class(Some(join().unwrap()));
    std::fs::remove_dir_all(&folder).unwrap();
    study(&mut profile, &[Rating::Good]);
    let notice = profile.publish_job().unwrap()().unwrap_err();
    assert!(
        notice.contains("were not written to the class 9C"),
        "{notice}"
    );
    assert!(notice.contains("could not be reached"), "{notice}");
    // Study goes on.
    study(&mut profile, &[Rating::Good]);

    let output = cli(
        data.path(),
        &[
            "report",
            "--class",
            folder.to_str().unwrap(),
            "-o",
            "x.html",
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not be reached"), "{stderr}");
}
