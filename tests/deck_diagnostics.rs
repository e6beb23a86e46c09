//! Every malformed deck gets an error at the right line and column, saying what was expected.

use changchun_cards::deck::{Severity, load_file};
use std::path::Path;

/// (fixture, line, column, words the first error must contain)
const CASES: &[(&str, usize, usize, &[&str])] = &[
    ("bad-card-id", 8, 13, &["card id", "has space", "letters"]),
    ("cloze-without-blank", 10, 29, &["no blank", "{{answer}}"]),
    (
        "correct-out-of-range",
        10,
        72,
        &["correct index 2", "out of range", "0 to 1"],
    ),
    (
        "deck-field-typo",
        4,
        5,
        &["unknown field `titel`", "did you mean `title`"],
    ),
    ("duplicate-card-id", 15, 13, &["duplicate card id", "\"a\""]),
    (
        "duplicate-match-side",
        10,
        46,
        &["duplicate right side", "\"x\""],
    ),
    ("duplicate-options", 10, 51, &["duplicate option", "joffe"]),
    ("empty-accepted", 10, 51, &["no accepted answer"]),
    ("empty-front", 10, 33, &["front is empty"]),
    ("empty", 1, 1, &["empty", "Deck("]),
    ("format-zero", 2, 5, &["unknown format version 0"]),
    ("invalid-utf8", 4, 16, &["not valid UTF-8", "offset 51"]),
    ("missing-comma", 10, 48, &["expected a comma"]),
    ("missing-field", 10, 43, &["missing field `back`"]),
    ("negative-tolerance", 10, 61, &["tolerance -1", "negative"]),
    (
        "newer-format",
        2,
        5,
        &["newer version of Changchun Cards", "format 3"],
    ),
    ("no-correct", 10, 72, &["no correct option"]),
    ("no-topics", 5, 5, &["no topics"]),
    ("too-few-items", 10, 46, &["at least 2 items", "found 1"]),
    (
        "too-few-options",
        10,
        51,
        &["at least 2 options", "found 1"],
    ),
    ("too-few-pairs", 10, 46, &["at least 2 pairs", "found 1"]),
    (
        "topic-not-declared",
        9,
        13,
        &["\"Consequences\"", "not declared", "Causes, Positions"],
    ),
    (
        "topic-typo",
        9,
        13,
        &["\"Cuases\"", "did you mean \"Causes\""],
    ),
    ("trailing-text", 1, 70, &["after the end of the deck"]),
    ("unclosed-string", 11, 27, &["unclosed `\"`"]),
    (
        "unknown-card-field",
        11,
        13,
        &["unknown field `explaination`", "did you mean `explanation`"],
    ),
    (
        "unknown-question-kind",
        10,
        23,
        &[
            "unknown question kind `MultipleChoise`",
            "did you mean `MultipleChoice`",
        ],
    ),
    ("wrong-type-bool", 10, 56, &["expected `true` or `false`"]),
    ("wrong-type-number", 10, 54, &["expected a number"]),
    (
        "wrong-type-string",
        10,
        39,
        &["expected a text in double quotes"],
    ),
];

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad-decks")
        .join(format!("{name}.ron"))
}

#[test]
fn every_bad_deck_is_located_and_explained() {
    assert!(CASES.len() >= 25);
    for (name, line, column, words) in CASES {
        let path = fixture(name);
        let before = std::fs::read(&path).unwrap();
        let loaded = load_file(&path);
        assert!(loaded.deck.is_none(), "{name}: should not load");
        let first = loaded
            .errors()
            .next()
            .unwrap_or_else(|| panic!("{name}: no error"));
        assert_eq!(first.path, path.display().to_string(), "{name}");
        assert_eq!(
            (first.line, first.column),
            (*line, *column),
            "{name}: {first}"
        );
        for w in *words {
            assert!(first.message.contains(w), "{name}: {first} lacks {w:?}");
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{name}: loading wrote to the file"
        );
    }
}

#[test]
fn every_fixture_is_covered() {
    let dir = fixture("x").parent().unwrap().to_path_buf();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name == "warnings-only" || CASES.iter().any(|c| c.0 == name),
            "fixture {name} has no expectation"
        );
    }
}

#[test]
fn missing_explanation_and_source_are_warnings_not_errors() {
    let loaded = load_file(&fixture("warnings-only"));
    assert!(loaded.deck.is_some());
    let warnings: Vec<_> = loaded.warnings().collect();
    assert_eq!(warnings.len(), 2);
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    assert!(warnings[0].message.contains("no explanation"));
    assert!(warnings[1].message.contains("no source"));
    assert_eq!((warnings[0].line, warnings[0].column), (8, 13));
}

#[test]
fn files_over_twenty_megabytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(21 * 1024 * 1024).unwrap();
    let loaded = load_file(&path);
    let first = loaded.errors().next().unwrap();
    assert!(
        first
            .message
            .contains("files larger than 20 MB are refused"),
        "{first}"
    );
}

#[test]
fn a_tolerance_that_is_not_a_number_is_not_called_negative() {
    for (written, shown) in [("NaN", "NaN"), ("inf", "inf"), ("-inf", "-inf")] {
        let text = format!(
            r#"Deck(format: 1, id: "d", title: "T", topics: ["A"], cards: [
    Card(id: "n", topic: "A", question: Number(prompt: "When?", answer: 1922, tolerance: {written}),
         explanation: "x", sources: ["y"]),
])"#
        );
        let loaded = changchun_cards::deck::load_str("nan.ron", &text);
        let error = loaded.errors().next().expect("an error");
        assert!(
            error
                .message
                .contains(&format!("tolerance {shown} is not a finite number")),
            "{error}"
        );
        assert!(!error.message.contains("negative"), "{error}");
    }
}

/// Many findings in one big deck are each placed at their own card, the last as well as the first.
#[test]
fn findings_in_a_big_deck_point_at_their_own_lines() {
    let mut text =
        String::from("Deck(format: 1, id: \"big\", title: \"Big\", topics: [\"A\"], cards: [\n");
    for i in 0..3_000 {
        text.push_str(&format!(
            "    Card(id: \"c{i}\", topic: \"A\", question: Flashcard(front: \"Ōsaka {i}\", back: \"b\"), sources: [\"s\"]),\n"
        ));
    }
    text.push_str("])\n");
    let loaded = changchun_cards::deck::load_str("big.ron", &text);
    let warnings: Vec<_> = loaded.warnings().collect();
    assert_eq!(warnings.len(), 3_000);
    for (i, w) in warnings.iter().enumerate() {
        assert_eq!((w.line, w.column), (i + 2, 10), "{w}");
        assert_eq!(w.card.as_deref(), Some(format!("c{i}").as_str()));
    }
}

#[test]
fn a_device_or_fifo_given_as_a_deck_is_refused_with_a_clear_message() {
    for path in ["/dev/zero", "/dev/urandom"] {
        let loaded = load_file(Path::new(path));
        let first = loaded.errors().next().unwrap();
        assert_eq!(
            first.message, "it is a device, not a regular file",
            "{first}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("deck.ron");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let loaded = load_file(&fifo);
    let first = loaded.errors().next().unwrap();
    assert!(first.message.contains("a FIFO"), "{first}");
}
