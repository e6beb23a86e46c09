//! The documented example loads cleanly, every question kind survives a RON round trip, and no input
//! makes the loader panic.

use changchun_cards::deck::{QuestionKind, load_str};
use proptest::prelude::*;
use ron::ser::PrettyConfig;

fn documented_example() -> String {
    let doc = include_str!("../docs/deck-format.md");
    let start = doc.find("```ron\n").expect("the doc has a RON example") + 7;
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_owned()
}

#[test]
fn the_documented_example_has_every_kind_and_no_findings() {
    let loaded = load_str("deck-format.md", &documented_example());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let deck = loaded.deck.unwrap();
    for kind in QuestionKind::ALL {
        assert!(
            deck.cards.iter().any(|c| c.question.kind() == kind),
            "{kind:?} missing"
        );
    }
}

#[test]
fn every_kind_round_trips_through_ron() {
    let deck = load_str("example", &documented_example()).deck.unwrap();
    let config = PrettyConfig::new().struct_names(true);
    let text = ron::ser::to_string_pretty(&deck, config).unwrap();
    let back = load_str("round-trip", &text);
    assert_eq!(
        back.deck.as_ref(),
        Some(&deck),
        "{:?}\n{text}",
        back.diagnostics
    );
    for (a, b) in deck.cards.iter().zip(&back.deck.unwrap().cards) {
        assert_eq!(a.question, b.question);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = load_str("fuzz", &text);
    }

    #[test]
    fn mutated_decks_never_panic(
        cut in 0usize..4000,
        insert in "[\\[\\](){}\",:a-zA-Z0-9 \\-{}]{0,6}",
        remove in 0usize..8,
    ) {
        let text = documented_example();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + remove).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &text[..at], insert, &text[end..]);
        let loaded = load_str("mutated", &mutated);
        for d in loaded.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = changchun_cards::deck::load_bytes("bytes", &bytes);
    }
}
