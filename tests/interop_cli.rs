//! The `import` and `export` commands: exit codes, --force, and writing only the chosen output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name)
}

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The files of a data folder that hold the learner's own things: all but its cache area, which
/// keeps only checks of the decks that can be made again.
fn data_files(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|f| !f.starts_with("cache/"))
        .collect()
}

/// Every file under a folder, relative to it, sorted.
fn files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn import_into_the_deck_folder_then_refuse_to_overwrite() {
    let data = tempfile::tempdir().unwrap();
    let quiz = fixture("quiz.gift");
    let quiz = quiz.to_str().unwrap();

    let first = run(data.path(), &["import", quiz]);
    assert!(
        first.status.success(),
        "{}{}",
        stdout(&first),
        stderr(&first)
    );
    let out = stdout(&first);
    assert!(out.contains("as GIFT"), "{out}");
    assert!(
        out.contains("quiz.gift:46: skipped: an essay question"),
        "{out}"
    );
    assert!(out.contains("quiz.gift:48: skipped:"), "{out}");
    assert!(out.contains("quiz.gift:50: skipped:"), "{out}");
    assert!(out.contains("13 cards, 3 item(s) skipped"), "{out}");
    assert_eq!(data_files(data.path()), ["decks/quiz.ron"]);

    // The written deck is one the app loads.
    let validate = run(data.path(), &["validate"]);
    assert!(validate.status.success(), "{}", stdout(&validate));
    assert!(
        stdout(&validate).contains("quiz — \"quiz\""),
        "{}",
        stdout(&validate)
    );

    let deck_file = data.path().join("decks/quiz.ron");
    let before = std::fs::read(&deck_file).unwrap();
    let again = run(data.path(), &["import", quiz]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; use --force"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read(&deck_file).unwrap(),
        before,
        "nothing overwritten"
    );

    let forced = run(data.path(), &["import", quiz, "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        data_files(data.path()),
        ["decks/quiz.ron", "decks/quiz.ron.bak"]
    );
}

#[test]
fn import_to_a_chosen_file_with_an_explicit_format() {
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("moodle.ron");
    let output = run(
        data.path(),
        &[
            "import",
            fixture("quiz.xml").to_str().unwrap(),
            "--format",
            "moodle-xml",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("quiz.xml:69: skipped: an essay question"),
        "{}",
        stdout(&output)
    );
    assert_eq!(files(out_dir.path()), ["moodle.ron"]);
    assert!(
        data_files(data.path()).is_empty(),
        "nothing written to the data folder"
    );
}

#[test]
fn import_refuses_bad_input() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();

    let big = work.path().join("big.csv");
    std::fs::write(&big, vec![b'a'; 20 * 1024 * 1024 + 1]).unwrap();
    let output = run(data.path(), &["import", big.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("larger than 20 MB are refused"),
        "{}",
        stderr(&output)
    );

    let broken = fixture("broken.xml");
    let output = run(data.path(), &["import", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.xml: line 5:"),
        "{}",
        stderr(&output)
    );

    let nothing = work.path().join("essays.gift");
    std::fs::write(&nothing, "Describe the talks. {}\n").unwrap();
    let output = run(data.path(), &["import", nothing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("essays.gift:1: skipped"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("nothing was written"),
        "{}",
        stderr(&output)
    );

    let missing = work.path().join("missing.txt");
    let output = run(data.path(), &["import", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));

    let output = run(
        data.path(),
        &["import", broken.to_str().unwrap(), "--format", "docx"],
    );
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&output).contains("expected one of"),
        "{}",
        stderr(&output)
    );

    assert!(
        data_files(data.path()).is_empty(),
        "{:?}",
        data_files(data.path())
    );
}

#[test]
fn export_by_deck_id_and_by_path() {
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let imported = run(
        data.path(),
        &["import", fixture("anki_notes.txt").to_str().unwrap()],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));

    let gift = out_dir.path().join("notes.gift");
    let gift_arg = gift.to_str().unwrap();
    let by_id = run(
        data.path(),
        &["export", "anki-notes", "--format", "gift", "-o", gift_arg],
    );
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    let out = stdout(&by_id);
    assert!(out.contains("GIFT cannot carry:"), "{out}");
    assert!(out.contains("flashcards have no native type"), "{out}");
    let text = std::fs::read_to_string(&gift).unwrap();
    assert!(text.contains("$CATEGORY: $course$/Delegates"), "{text}");

    let refused = run(
        data.path(),
        &["export", "anki-notes", "--format", "gift", "-o", gift_arg],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&gift).unwrap(), text);

    let deck_path = data.path().join("decks/anki-notes.ron");
    let by_path = run(
        data.path(),
        &[
            "export",
            deck_path.to_str().unwrap(),
            "--format",
            "moodle-xml",
            "-o",
            gift_arg,
            "--force",
        ],
    );
    assert!(by_path.status.success(), "{}", stderr(&by_path));
    assert!(std::fs::read_to_string(&gift).unwrap().starts_with("<?xml"));

    let anki = out_dir.path().join("notes.txt");
    let faithful = run(
        data.path(),
        &[
            "export",
            "anki-notes",
            "--format",
            "anki",
            "-o",
            anki.to_str().unwrap(),
        ],
    );
    assert!(faithful.status.success(), "{}", stderr(&faithful));
    assert_eq!(
        files(out_dir.path()),
        ["notes.gift", "notes.gift.bak", "notes.txt"],
        "--force kept the replaced export"
    );
    assert_eq!(data_files(data.path()), ["decks/anki-notes.ron"]);
}

#[test]
fn export_of_an_unknown_deck_fails() {
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("x.gift");
    let output = run(
        data.path(),
        &[
            "export",
            "no-such-deck",
            "--format",
            "gift",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no deck file or deck id \"no-such-deck\""),
        "{}",
        stderr(&output)
    );
    assert!(files(out_dir.path()).is_empty());
}

#[test]
fn import_refuses_an_id_that_would_shadow_a_loaded_deck() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    // Named like the bundled deck, so its id would be the bundled deck's id.
    let quiz = work.path().join("changchun-1922.gift");
    std::fs::copy(fixture("quiz.gift"), &quiz).unwrap();
    let quiz = quiz.to_str().unwrap();

    let refused = run(data.path(), &["import", quiz]);
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(
        said.contains("the deck id \"changchun-1922\" is already taken by bundled:"),
        "{said}"
    );
    assert!(said.contains("--id") && said.contains("-o"), "{said}");
    let refused = run(data.path(), &["import", quiz, "--force"]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "--force does not shadow either"
    );
    assert!(
        data_files(data.path()).is_empty(),
        "{:?}",
        data_files(data.path())
    );

    let renamed = run(data.path(), &["import", quiz, "--id", "my-quiz"]);
    assert!(renamed.status.success(), "{}", stderr(&renamed));
    assert_eq!(data_files(data.path()), ["decks/my-quiz.ron"]);

    // Re-importing an updated file over its own deck is not shadowing.
    let again = run(data.path(), &["import", quiz, "--id", "my-quiz", "--force"]);
    assert!(again.status.success(), "{}", stderr(&again));

    // A chosen output outside the deck folder shadows nothing.
    let elsewhere = work.path().join("out.ron");
    let output = run(
        data.path(),
        &["import", quiz, "-o", elsewhere.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn stats_prints_the_notice_of_a_deck_that_replaces_another() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("decks")).unwrap();
    let bundled = changchun_cards::deck::discover::bundled_sources();
    let (_, text) = bundled.first().expect("a bundled deck");
    std::fs::write(data.path().join("decks/mine.ron"), text).unwrap();
    let output = run(data.path(), &["stats"]);
    assert!(
        stderr(&output).contains("replaces the one from bundled:"),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}
