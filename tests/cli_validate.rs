//! `changchun-cards validate`: exit codes, located messages and summaries.

use std::path::Path;
use std::process::Command;

fn validate(data: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/bad-decks/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn bundled_decks_validate_with_exit_zero() {
    let data = tempfile::tempdir().unwrap();
    let (code, out) = validate(data.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
    assert!(out.contains("by kind:"), "{out}");
}

#[test]
fn a_typo_names_line_column_and_suggestion_and_exits_one() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("deck-field-typo.ron");
    let (code, out) = validate(data.path(), &[&path]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{path}:4:5: error: unknown field `titel`")),
        "{out}"
    );
    assert!(out.contains("did you mean `title`"), "{out}");
}

#[test]
fn a_folder_lists_every_bad_deck_and_json_counts_them() {
    let data = tempfile::tempdir().unwrap();
    let dir = fixture("");
    let (code, out) = validate(data.path(), &["--json", &dir]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let decks = json["decks"].as_array().unwrap();
    assert!(decks.len() >= 30);
    assert!(json["errors"].as_u64().unwrap() >= 29);
    let good = decks
        .iter()
        .find(|d| d["source"].as_str().unwrap().ends_with("warnings-only.ron"))
        .unwrap();
    assert_eq!(good["summary"]["cards"], 1);
}

#[test]
fn a_user_deck_with_a_bundled_id_overrides_it_and_says_so() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("decks")).unwrap();
    let bundled = changchun_cards::deck::discover::bundled_sources();
    let (_, text) = bundled.first().expect("at least one bundled deck");
    std::fs::write(data.path().join("decks/mine.ron"), text).unwrap();
    let (code, out) = validate(data.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("replaces the one from bundled:"), "{out}");
}

#[test]
fn terminal_escape_sequences_in_deck_text_are_printed_escaped() {
    let data = tempfile::tempdir().unwrap();
    let deck = data.path().join("evil.ron");
    std::fs::write(
        &deck,
        "Deck(format: 1, id: \"evil\", title: \"\u{1b}]0;owned\u{7}Title\", topics: [\"A\"], cards: [\n    Card(id: \"x\", topic: \"\u{1b}[2JB\", question: TrueFalse(statement: \"s\", answer: true)),\n])\n",
    )
    .unwrap();
    let (code, out) = validate(data.path(), &[deck.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(
        out.contains("topic \"\\u{1b}[2JB\" is not declared"),
        "{out}"
    );
}

#[test]
fn a_device_given_to_validate_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let (code, out) = validate(data.path(), &["/dev/zero"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("/dev/zero:0:0: error: it is a device, not a regular file"),
        "{out}"
    );
}

#[test]
fn the_users_decks_validate_alike_with_their_checks_kept_between_runs() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    for name in ["deck-field-typo.ron", "topic-typo.ron", "warnings-only.ron"] {
        std::fs::copy(fixture(name), decks.join(name)).unwrap();
    }
    let first = validate(data.path(), &[]);
    let kept = std::fs::read_dir(data.path().join("cache/decks"))
        .unwrap()
        .count();
    assert_eq!(kept, 3, "one entry per deck file");
    let second = validate(data.path(), &[]);
    assert_eq!(second, first);
    assert_eq!(first.0, 1, "{}", first.1);
    for finding in ["unknown field `titel`", "warning:", "error:"] {
        assert!(first.1.contains(finding), "{finding}: {}", first.1);
    }
    assert_eq!(
        validate(data.path(), &["--json"]),
        validate(data.path(), &["--json"])
    );
}
