//! The engine's subcommands on a temporary data folder: stats, profiles, backup and restore,
//! check on a healthy and a hand-damaged file, rebuild and optimize.

use std::path::Path;
use std::process::{Command, Output};

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_PROFILE")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn stats_works_on_a_fresh_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Profile \"default\""),
        "{}",
        stdout(&out)
    );
    let out = run(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let totals: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(totals["profile"], "default");
    assert_eq!(totals["reviews"], 0);
    assert_eq!(totals["retention"], serde_json::Value::Null);
}

#[test]
fn profiles_are_created_renamed_used_and_deleted_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(d, &["profile", "create", "Mei"]).status.success());
    let again = run(d, &["profile", "create", "Mei"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));
    assert!(!run(d, &["profile", "create", ".hidden"]).status.success());
    assert!(
        run(d, &["profile", "rename", "Mei", "Mei Ling"])
            .status
            .success()
    );
    assert!(run(d, &["profile", "use", "Mei Ling"]).status.success());
    let list = stdout(&run(d, &["profile", "list"]));
    assert!(list.contains("* Mei Ling"), "{list}");
    // The active profile is used when --profile is not given.
    assert!(stdout(&run(d, &["stats"])).contains("\"Mei Ling\""));
    let deleted = run(d, &["profile", "delete", "Mei Ling"]);
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert!(stdout(&run(d, &["profile", "list"])).contains("No profiles"));
    let graveyard = d.join("profiles").join(".deleted");
    let kept: Vec<_> = std::fs::read_dir(&graveyard).unwrap().collect();
    assert_eq!(kept.len(), 1);
    let kept = kept[0].as_ref().unwrap().path();
    assert!(kept.join("progress.sqlite3").exists());
    assert_eq!(std::fs::read_dir(kept.join("backups")).unwrap().count(), 1);
}

#[test]
fn backup_restore_check_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(d, &["--profile", "p", "backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Backed up"));
    let list = stdout(&run(d, &["--profile", "p", "backup", "--list"]));
    assert!(list.contains("on demand"), "{list}");
    let out = run(d, &["--profile", "p", "restore"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Restored"));
    let out = run(d, &["--profile", "p", "rebuild"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 card(s)"));

    let out = run(d, &["--profile", "p", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("healthy"));

    // Damage the file by hand: check says so in plain words, exits 2, and leaves the file alone.
    let file = d.join("profiles").join("p").join("progress.sqlite3");
    let mut bytes = std::fs::read(&file).unwrap();
    let len = bytes.len();
    bytes.truncate(len / 2);
    bytes.extend(std::iter::repeat_n(0xAB, 4096 * 3));
    std::fs::write(&file, &bytes).unwrap();
    let out = run(d, &["--profile", "p", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("damaged") || stdout(&out).contains("cut short"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "check keeps the file as it is"
    );
}

#[test]
fn check_without_a_store_and_restore_without_backups() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nothing to check"));
    let out = run(dir.path(), &["restore"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no backups"), "{}", stderr(&out));
}

#[test]
fn optimize_with_no_history_keeps_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["optimize"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("default parameters"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_unreadable_settings_file_gives_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.ron"), "((((").unwrap();
    let out = run(dir.path(), &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be read"),
        "{}",
        stderr(&out)
    );
}

/// One answer on a bundled card, `minutes` into the study day that began `days_ago` days ago.
fn answer(
    card: &str,
    days_ago: i64,
    minutes: i64,
    kind: changchun_cards::review::ReviewKind,
    rating: changchun_cards::review::Rating,
) -> changchun_cards::review::Review {
    use changchun_cards::review::{CardKey, Memory, Review};
    // The default settings start the day at 4 in this computer's time zone.
    let today = changchun_cards::schedule::StudyDay::local(4).start(chrono::Utc::now());
    let at = today - chrono::Duration::days(days_ago) + chrono::Duration::minutes(minutes);
    Review {
        id: 0,
        at,
        card: CardKey::new("changchun-1922", card),
        rating,
        correct: rating != changchun_cards::review::Rating::Again,
        duration_ms: 90_000,
        kind,
        before: None,
        after: Some(Memory {
            stability: 400.0,
            difficulty: 5.0,
        }),
        due: Some(at + chrono::Duration::days(30)),
    }
}

#[test]
fn stats_prints_the_figures_of_the_statistics_screen() {
    use changchun_cards::review::{Rating, ReviewKind};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("profiles/default/progress.sqlite3");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut store = changchun_cards::store::Store::open_path(&file).unwrap();
    // Two cards learnt three days ago. Yesterday one was forgotten, then recalled the same day (only
    // the first review of a day counts), and the other recalled: true retention 1 of 2.
    for review in [
        answer("causes-what-was-it", 3, 0, ReviewKind::Learn, Rating::Good),
        answer(
            "causes-intervention-year",
            3,
            1,
            ReviewKind::Learn,
            Rating::Good,
        ),
        answer(
            "causes-what-was-it",
            1,
            0,
            ReviewKind::Review,
            Rating::Again,
        ),
        answer(
            "causes-what-was-it",
            1,
            10,
            ReviewKind::Review,
            Rating::Good,
        ),
        answer(
            "causes-intervention-year",
            1,
            11,
            ReviewKind::Review,
            Rating::Good,
        ),
    ] {
        store.record_review(&review).unwrap();
    }
    // A card since removed from its deck, answered once as a learn and once in a quiz, and two
    // suspended cards, one of them removed too.
    let mut gone = answer("gone-card", 2, 0, ReviewKind::Learn, Rating::Good);
    store.record_review(&gone).unwrap();
    gone.kind = ReviewKind::Test;
    gone.at += chrono::Duration::minutes(1);
    store.record_review(&gone).unwrap();
    for card in ["causes-intervention-year", "gone-card"] {
        store
            .set_suspended(
                &changchun_cards::review::CardKey::new("changchun-1922", card),
                true,
            )
            .unwrap();
    }
    drop(store);

    let out = run(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(figures["suspended"], 1);
    assert_eq!(figures["not_in_decks"], 1);
    assert_eq!(figures["reviews"], 6);
    assert_eq!(figures["test_answers"], 1);
    assert_eq!(figures["retention"], 0.5);
    assert_eq!(figures["passed"], 1);
    assert_eq!(figures["failed"], 1);
    assert_eq!(figures["time_ms"], 7 * 90_000);
    let causes = figures["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["deck"] == "changchun-1922" && t["topic"] == "Causes")
        .expect("the Causes topic");
    // Both cards are of the Causes topic and recalled now with a long stability.
    assert_eq!(causes["mastered"], 2);
    assert_eq!(causes["retention"], 0.5);

    let text = stdout(&run(dir.path(), &["stats"]));
    assert!(text.contains("50 % true retention"), "{text}");
    assert!(text.contains("6 in all"), "{text}");
    assert!(text.contains("10 min studied"), "{text}");
    assert!(text.contains("suspended:  1"), "{text}");
    assert!(
        text.contains("1 card(s) with progress no longer in a deck"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("changchun-1922 · Causes") && l.contains("retention 50 %")),
        "{text}"
    );
}
