//! Exports that cannot be turned against their reader, and imports that do not silently change or
//! swallow a deck: formula cells, hostile titles in Moodle XML, unclosed CSV quotes, header-like
//! first cards, GIFT prompts that look like format markers, carriage returns.

use changchun_cards::deck::{Card, Deck, Question, load_str, save::to_pretty_ron};
use changchun_cards::interop::csv::{guard_cell, unguard_cell};
use changchun_cards::interop::{Format, ImportError, ImportOptions, export, import};
use quick_xml::events::Event;

fn card(id: &str, question: Question) -> Card {
    Card {
        id: id.into(),
        topic: "General".into(),
        tags: vec![],
        question,
        explanation: String::new(),
        sources: vec![],
        image: None,
        explanation_image: None,
    }
}

fn flashcard(id: &str, front: &str, back: &str) -> Card {
    card(
        id,
        Question::Flashcard {
            front: front.into(),
            back: back.into(),
        },
    )
}

fn deck_of(title: &str, cards: Vec<Card>) -> Deck {
    Deck {
        format: 1,
        id: "hostile".into(),
        title: title.into(),
        description: String::new(),
        language: "en".into(),
        authors: vec![],
        topics: vec!["General".into()],
        cards,
        sources: Default::default(),
    }
}

fn import_text(text: &str, format: Format) -> Result<Deck, ImportError> {
    import(text.as_bytes(), format, &ImportOptions::default()).map(|i| i.deck)
}

#[test]
fn csv_cells_that_would_run_as_formulas_get_a_quote_and_lose_it_on_reading() {
    for cell in [
        "=HYPERLINK(\"http://x\")",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "'=already quoted",
        "''+twice",
    ] {
        let guarded = guard_cell(cell);
        assert!(guarded.starts_with('\''), "{cell:?} → {guarded:?}");
        assert_eq!(unguard_cell(&guarded), cell);
    }
    for cell in ["Joffe", "'tis", "1922", "", "a=b"] {
        assert_eq!(guard_cell(cell), cell, "left as it is");
        assert_eq!(unguard_cell(cell), cell);
    }
}

#[test]
fn csv_export_writes_no_live_formula_and_round_trips() {
    let deck = deck_of(
        "Formulas",
        vec![
            flashcard("a", "=1+1", "@cmd"),
            flashcard("b", "-year", "+1922"),
        ],
    );
    let text = export(&deck, Format::Csv).text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "{cell:?} in {text}"
            );
        }
    }
    let back = import_text(&text, Format::Csv).unwrap();
    let fronts: Vec<String> = back.cards.iter().map(|c| c.question.prompt()).collect();
    assert_eq!(fronts, ["=1+1", "-year"]);
    assert_eq!(back.cards[0].question.answer_text(), "@cmd");
}

#[test]
fn an_unclosed_csv_quote_is_refused_with_its_line_instead_of_swallowing_the_file() {
    let text = "Joffe,RSFSR\n\"Yanson,FER\nMatsudaira,Japan\nOther,Side\n";
    match import_text(text, Format::Csv) {
        Err(ImportError::Malformed { line, message }) => {
            assert_eq!(line, 2);
            assert!(message.contains("never closed"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Quotes that close, and escaped quotes inside, are fine.
    let fine = "\"Joffe, A.\",\"the \"\"RSFSR\"\"\nman\"\nYanson,FER\n";
    assert_eq!(import_text(fine, Format::Csv).unwrap().cards.len(), 2);
}

#[test]
fn a_first_card_that_reads_like_a_header_survives_a_csv_round_trip() {
    let deck = deck_of(
        "Header",
        vec![
            flashcard("a", "Term", "Definition"),
            flashcard("b", "Joffe", "RSFSR"),
        ],
    );
    let text = export(&deck, Format::Csv).text;
    let back = import_text(&text, Format::Csv).unwrap();
    let fronts: Vec<String> = back.cards.iter().map(|c| c.question.prompt()).collect();
    assert_eq!(fronts, ["Term", "Joffe"], "{text}");
}

#[test]
fn a_gift_prompt_starting_like_a_format_marker_survives_a_round_trip() {
    let deck = deck_of(
        "Markers",
        vec![
            card(
                "html",
                Question::TypeAnswer {
                    prompt: "[html] is <b>not</b> a marker here".into(),
                    accepted: vec!["yes".into()],
                },
            ),
            card(
                "cloze",
                Question::Cloze {
                    text: "[plain] {{Changchun}} hosted it".into(),
                },
            ),
        ],
    );
    let exported = export(&deck, Format::Gift);
    let back = import_text(&exported.text, Format::Gift).unwrap();
    assert_eq!(
        back.cards[0].question, deck.cards[0].question,
        "{}",
        exported.text
    );
    assert_eq!(
        back.cards[1].question, deck.cards[1].question,
        "{}",
        exported.text
    );
}

#[test]
fn a_lone_carriage_return_in_gift_becomes_a_line_break_and_is_reported() {
    let deck = deck_of("Returns", vec![flashcard("cr", "first\rsecond", "answer")]);
    let exported = export(&deck, Format::Gift);
    assert!(
        exported.lost.iter().any(|l| l.contains("carriage returns")),
        "{:?}",
        exported.lost
    );
    let back = import_text(&exported.text, Format::Gift).unwrap();
    assert_eq!(back.cards[0].question.prompt(), "first\nsecond");
}

/// Parses a whole document with quick-xml, failing on any error, and checks every character is
/// one XML 1.0 allows (quick-xml does not check that).
fn assert_well_formed_xml(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Comment(c)) => {
                let body = String::from_utf8_lossy(&c);
                assert!(
                    !body.contains("--") && !body.ends_with('-'),
                    "comment {body:?}"
                );
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well formed at {}: {e}\n{text}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(depth, 0, "every element closed");
    for c in text.chars() {
        let allowed =
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}');
        assert!(allowed, "character {c:?} is not allowed in XML");
    }
}

#[test]
fn moodle_xml_export_is_well_formed_for_hostile_titles_and_texts() {
    let hostile = [
        "---",
        "a--b--",
        "ends with -",
        "]]> and <![CDATA[",
        "\u{1}\u{7}\u{1b}[31mred\u{0}",
        "<quiz>&amp;</quiz>\"'",
        "\u{fffe}\u{ffff}",
    ];
    for title in hostile {
        let cards = vec![
            flashcard("a", title, title),
            card(
                "b",
                Question::MultipleChoice {
                    prompt: title.into(),
                    options: vec![format!("{title} 1"), format!("{title} 2")],
                    correct: vec![1],
                },
            ),
            card(
                "c",
                Question::Cloze {
                    text: format!("{title} {{{{x{title}}}}} end"),
                },
            ),
        ];
        let mut deck = deck_of(title, cards);
        deck.topics = vec![title.into()];
        for c in &mut deck.cards {
            c.topic = title.into();
            c.explanation = title.into();
        }
        let exported = export(&deck, Format::MoodleXml);
        assert_well_formed_xml(&exported.text);
        // And what was written imports again.
        let back = import_text(&exported.text, Format::MoodleXml).unwrap();
        assert!(!back.cards.is_empty());
        let loaded = load_str("back", &to_pretty_ron(&back));
        assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.diagnostics);
    }
}

#[test]
fn control_characters_left_out_of_moodle_xml_are_reported() {
    let deck = deck_of("Bell", vec![flashcard("a", "ring\u{7}", "x")]);
    let exported = export(&deck, Format::MoodleXml);
    assert!(
        exported
            .lost
            .iter()
            .any(|l| l.contains("control characters")),
        "{:?}",
        exported.lost
    );
}

#[test]
fn gift_import_of_many_identical_items_gives_distinct_ids() {
    let text = "Same?{T}\n\n".repeat(2_000);
    let deck = import_text(&text, Format::Gift).unwrap();
    let ids: std::collections::HashSet<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 2_000);
    assert!(ids.contains(format!("{}-2000", deck.cards[0].id).as_str()));
}
