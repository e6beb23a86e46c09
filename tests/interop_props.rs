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
