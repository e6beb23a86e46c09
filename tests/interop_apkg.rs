//! Anki packages: packages written by real Anki (`scripts/anki-fixtures.py`) in each layout, every
//! bundled deck exported and read back, damaged packages, and the command line with history.

use changchun_cards::deck::media::MediaRoot;
use changchun_cards::deck::{Question, QuestionKind, load_file};
use changchun_cards::interop::ImportOptions;
use changchun_cards::interop::apkg::{export_package, import_package};
use changchun_cards::review::CardKey;
use changchun_cards::store::Store;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

const PACKAGES: [&str; 4] = [
    "changchun-legacy.apkg",
    "changchun-latest.apkg",
    "changchun-legacy.colpkg",
    "changchun-latest.colpkg",
];

#[test]
fn every_layout_anki_writes_imports_with_its_notes_cards_and_history() {
    let expected = expected();
    for name in PACKAGES {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let package = import_package(&bytes, &ImportOptions::from_file_name("changchun"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let deck = &package.imported.deck;
        assert!(
            package.imported.skipped.is_empty(),
            "{name}: {:?}",
            package.imported.skipped
        );
        // 12 Anki cards: a cloze note with two deletions is one card here.
        assert_eq!(
            expected["cards"].as_u64().unwrap() as usize - 1,
            deck.cards.len(),
            "{name}"
        );
        assert_eq!(
            package.history.len() as u64,
            expected["reviews"].as_u64().unwrap(),
            "{name}: every answer maps to an imported card"
        );
        let find = |text: &str| {
            deck.cards
                .iter()
                .find(|c| {
                    c.question.prompt().contains(text) || c.question.answer_text().contains(text)
                })
                .unwrap_or_else(|| panic!("{name}: no card with {text:?}"))
        };
        // Basic, with its HTML read as text.
        let opened = find("When did the Changchun Conference open?");
        assert_eq!(opened.question.answer_text(), "On 4 September 1922.");
        assert_eq!(opened.tags, vec!["dates".to_owned()]);
        // Basic (and reversed): both directions.
        assert!(
            deck.cards
                .iter()
                .any(|c| c.question.prompt() == "Adolf Joffe")
        );
        assert!(
            deck.cards
                .iter()
                .any(|c| c.question.prompt() == "Head of the Soviet delegation at Changchun")
        );
        // The subdeck becomes a topic.
        assert_eq!(find("Adolf Joffe").topic, "Delegates");
        assert_eq!(opened.topic, "Changchun 1922");
        // Optional reverse: only where it was asked for.
        assert!(
            deck.cards
                .iter()
                .any(|c| c.question.prompt() == "Head of the Japanese delegation")
        );
        assert!(
            !deck
                .cards
                .iter()
                .any(|c| c.question.prompt() == "Held by Japan until 1925")
        );
        // Type-in.
        let typed = find("Which city hosted the conference?");
        assert_eq!(typed.question.kind(), QuestionKind::TypeAnswer);
        assert_eq!(typed.question.answer_text(), "Changchun");
        // Cloze, with Back Extra as the explanation and hints kept.
        let cloze = deck
            .cards
            .iter()
            .find(|c| matches!(&c.question, Question::Cloze { text } if text.contains("{{4}}")))
            .unwrap_or_else(|| panic!("{name}: the two-blank cloze"));
        assert_eq!(cloze.explanation, "It broke up without an agreement.");
        assert!(deck.cards.iter().any(
            |c| matches!(&c.question, Question::Cloze { text } if text.contains("{{northern Sakhalin::island}}"))
        ));
        // A note type of the teacher's own, read from its template, and said so.
        let term = find("Buffer state");
        assert_eq!(
            term.question.answer_text(),
            "A state set up between two powers to keep them apart"
        );
        assert_eq!(term.explanation, "The Far Eastern Republic, 1920–1922");
        assert!(
            package.notes.iter().any(|n| n.contains("Historian's term")),
            "{name}"
        );
        // The picture comes along, read from the package's media (JSON list and plain files in
        // the legacy layout, zstd-compressed protobuf and files in the current one).
        let capital = find("Capital of the Far Eastern Republic");
        assert_eq!(capital.question.answer_text(), "Chita");
        let shown = capital
            .image
            .as_ref()
            .or(capital.explanation_image.as_ref())
            .unwrap_or_else(|| panic!("{name}: the card keeps its picture"));
        let picture = package
            .imported
            .pictures
            .iter()
            .find(|p| p.name == shown.file)
            .unwrap_or_else(|| panic!("{name}: the picture's bytes"));
        let size = changchun_cards::deck::media::check_bytes(&picture.name, &picture.bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((size.width, size.height), (4.0, 3.0), "{name}");
        assert!(
            package.imported.lost.is_empty(),
            "{name}: {:?}",
            package.imported.lost
        );
    }
}

#[test]
fn card_ids_survive_a_second_import_of_an_updated_package() {
    let legacy = import_package(
        &std::fs::read(fixture("changchun-legacy.apkg")).unwrap(),
        &ImportOptions::from_file_name("changchun"),
    )
    .unwrap();
    let latest = import_package(
        &std::fs::read(fixture("changchun-latest.apkg")).unwrap(),
        &ImportOptions::from_file_name("changchun"),
    )
    .unwrap();
    let ids = |p: &changchun_cards::interop::apkg::Package| {
        let mut ids: Vec<String> = p.imported.deck.cards.iter().map(|c| c.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&legacy), ids(&latest), "ids come from the notes' GUIDs");
}

#[test]
fn every_bundled_deck_exports_as_a_package_and_reads_back_card_for_card() {
    let decks = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut seen = 0;
    for entry in std::fs::read_dir(decks).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let deck = load_file(&path).deck.expect("bundled decks load");
        let pictures = MediaRoot::of_deck_file(&path);
        let exported = export_package(&deck, &pictures).unwrap();
        let again = export_package(&deck, &pictures).unwrap();
        let back =
            import_package(&exported.bytes, &ImportOptions::from_file_name(&deck.id)).unwrap();
        let read = &back.imported.deck;
        assert!(
            back.imported.skipped.is_empty(),
            "{}: {:?}",
            deck.id,
            back.imported.skipped
        );
        assert_eq!(read.cards.len(), deck.cards.len(), "{}", deck.id);
        for (original, read) in deck.cards.iter().zip(&read.cards) {
            let expected_kind = match original.question.kind() {
                QuestionKind::Cloze => QuestionKind::Cloze,
                QuestionKind::TypeAnswer | QuestionKind::Number => QuestionKind::TypeAnswer,
                _ => QuestionKind::Flashcard,
            };
            assert_eq!(read.question.kind(), expected_kind, "{}", original.id);
            assert_eq!(
                read.topic, original.topic,
                "{}: topics are subdecks",
                original.id
            );
            // A picture goes along to Anki and comes back; a map question's map is on the front.
            let shown = original.images().count();
            assert_eq!(
                read.image.is_some() as usize + read.explanation_image.is_some() as usize,
                shown.min(2),
                "{}: its pictures",
                original.id
            );
            if !deck.citations(original).is_empty() {
                assert!(
                    read.explanation.contains(&deck.citations(original)[0]),
                    "{}: the sources are on the back",
                    original.id
                );
            }
        }
        // Exporting again gives the same notes (Anki updates them instead of adding copies).
        let ids = |bytes: &[u8]| {
            let p = import_package(bytes, &ImportOptions::default()).unwrap();
            p.imported
                .deck
                .cards
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&exported.bytes), ids(&again.bytes));
        seen += 1;
    }
    assert!(seen >= 1, "the bundled decks were found");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_damaged_package_is_refused_or_read_but_never_panics(
        which in 0usize..4,
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        truncate in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = std::fs::read(fixture(PACKAGES[which])).unwrap();
        for (at, value) in cuts {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(at) = truncate {
            bytes.truncate(at.index(bytes.len()));
        }
        let _ = import_package(&bytes, &ImportOptions::default());
    }
}

#[test]
fn text_that_is_not_a_package_gets_a_clear_error() {
    let error = import_package(b"PK\x03\x04 not really", &ImportOptions::default()).unwrap_err();
    assert!(error.to_string().contains("not an Anki package"), "{error}");
}

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_DATA_DIR")
        .env_remove("CHANGCHUN_CARDS_PROFILE")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_command_line_imports_a_collection_with_its_history_once_and_exports_a_package() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let package = fixture("changchun-latest.colpkg");
    let package = package.to_str().unwrap();

    let first = run(
        data,
        &["import", package, "--id", "anki-history", "--with-history"],
    );
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("Added 247 answers"), "{out}");

    let file = walk(data)
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n == changchun_cards::store::FILE_NAME)
        })
        .expect("a progress file was written");
    let store = Store::open_path(&file).unwrap();
    assert_eq!(store.review_count().unwrap(), 247);
    let deck = load_file(&data.join("decks/anki-history.ron"))
        .deck
        .unwrap();
    let studied = deck
        .cards
        .iter()
        .filter(|c| {
            store
                .card_state(&CardKey::new(&deck.id, &c.id))
                .unwrap()
                .memory
                .is_some()
        })
        .count();
    assert_eq!(
        studied,
        deck.cards.len(),
        "every card has a memory state from its history"
    );
    drop(store);

    let second = run(
        data,
        &[
            "import",
            package,
            "--id",
            "anki-history",
            "--with-history",
            "--force",
        ],
    );
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        second.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(
        out.contains("Added 0 answers") && out.contains("247 answers were already there"),
        "{out}"
    );

    let apkg = data.join("out.apkg");
    let export = run(
        data,
        &[
            "export",
            "anki-history",
            "--format",
            "apkg",
            "-o",
            apkg.to_str().unwrap(),
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let bytes = std::fs::read(&apkg).unwrap();
    let back = import_package(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(back.imported.deck.cards.len(), deck.cards.len());

    let text = run(
        data,
        &["import", package, "--format", "csv", "--with-history"],
    );
    assert!(!text.status.success());
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}
