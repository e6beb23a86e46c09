//! Importers never panic, whatever they are given, and whatever they accept is a valid deck.

use changchun_cards::deck::{load_str, save::to_pretty_ron};
use changchun_cards::interop::{Format, ImportOptions, detect, export, import};
use proptest::prelude::*;

fn check_any(bytes: &[u8]) {
    let _ = detect(bytes);
    for format in Format::ALL {
        if let Ok(imported) = import(bytes, format, &ImportOptions::default()) {
            let loaded = load_str("imported", &to_pretty_ron(&imported.deck));
            assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.diagnostics);
            // Whatever was imported can be exported again.
            for target in Format::ALL {
                let _ = export(&imported.deck, target);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_any(&bytes);
    }

    /// Texts made of the characters the formats give meaning to, so the parsers go deep.
    #[test]
    fn format_shaped_text(text in "([{}=~#%:>\\-\\\\\t;,\"<>/&\n ]|T|F|\\$CATEGORY: |::|\\{\\{c1::|<quiz>|<question type=\"multichoice\">|<answer fraction=\"100\">|<text>|</text>|</question>|#separator:|#html:true|[a-c0-9.]){0,80}") {
        check_any(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The deck loader, like the importers, takes any bytes without panicking.
    #[test]
    fn the_deck_loader_takes_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = changchun_cards::deck::load_bytes("any.ron", &bytes);
    }

    /// Deck-shaped text goes deep into the parser and the validator.
    #[test]
    fn the_deck_loader_takes_deck_shaped_text(text in "(Deck\\(|Card\\(|format: 1,|id: \"a\",|topics: \\[\"A\"\\],|cards: \\[|topic: \"A\",|question: |Flashcard\\(front: \"x\", back: \"\"\\)|Number\\(prompt: \"p\", answer: 1, tolerance: |NaN|-1|\\)|\\]|,|\"|//|/\\*|\\*/|\n|é|長){0,60}") {
        let _ = changchun_cards::deck::load_str("any.ron", &text);
    }
}

/// Special files go through the same readers as any input and are refused, never read.
#[test]
fn special_files_are_refused_by_every_reader_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = dir.path().join("link");
    std::os::unix::fs::symlink("/dev/urandom", &link).unwrap();
    for path in [std::path::Path::new("/dev/zero"), &fifo, &link] {
        let err = changchun_cards::fsio::read_input(path).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let loaded = changchun_cards::deck::load_file(path);
        assert!(loaded.deck.is_none());
    }
}
