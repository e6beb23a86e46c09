//! Import and export: hand-written fixtures per format, round trips, stable ids on re-import.

use changchun_cards::deck::{Card, Deck, Question, load_str, save::to_pretty_ron};
use changchun_cards::interop::{
    Format, ImportError, ImportOptions, Imported, Skipped, detect, export, import,
};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interop")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn options(id: &str, title: &str) -> ImportOptions {
    ImportOptions {
        deck_id: id.into(),
        title: title.into(),
        ..ImportOptions::default()
    }
}

fn import_fixture(name: &str, format: Format) -> Imported {
    let bytes = fixture(name);
    assert_eq!(
        detect(&bytes),
        Some(format),
        "{name} should be detected as {format}"
    );
    let imported = import(&bytes, format, &options("fixture", "Fixture")).expect("imports");
    // Every imported deck loads as a deck file, with no errors.
    let loaded = load_str(name, &to_pretty_ron(&imported.deck));
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.diagnostics);
    imported
}

fn card<'a>(deck: &'a Deck, id: &str) -> &'a Card {
    deck.card(id)
        .unwrap_or_else(|| panic!("no card {id}; ids: {:?}", ids(deck)))
}

fn ids(deck: &Deck) -> Vec<&str> {
    deck.cards.iter().map(|c| c.id.as_str()).collect()
}

fn lines(skipped: &[Skipped]) -> Vec<usize> {
    skipped.iter().map(|s| s.line).collect()
}

fn s(text: &str) -> String {
    text.to_owned()
}

// ---- Anki ----

#[test]
fn anki_notes_with_header_html_guids_and_cloze() {
    let imported = import_fixture("anki_notes.txt", Format::Anki);
    let deck = &imported.deck;
    assert_eq!(deck.topics, ["Delegates", "Sakhalin"]);
    assert_eq!(deck.cards.len(), 5, "{:?}", ids(deck));

    // An Anki GUID that is not a valid id becomes a slug with a hash; a valid one is kept.
    let first = &deck.cards[0];
    assert!(first.id.starts_with("f-a-2bx0q-"), "{}", first.id);
    assert_eq!(
        first.question,
        Question::Flashcard {
            front: s("Who led the RSFSR delegation?"),
            back: s("Adolph Joffe\n(also written Ioffe)"),
        }
    );
    assert_eq!(first.tags, ["changchun", "people"]);
    assert_eq!(first.topic, "Delegates");

    let japan = card(deck, "Ab3.xY_1");
    assert_eq!(
        japan.question.answer_text(),
        "Matsudaira Tsuneo & his staff"
    );
    assert_eq!(japan.tags, ["changchun", "people", "japan"]);

    let sakhalin = card(deck, "c-sakhalin");
    assert_eq!(
        sakhalin.question,
        Question::Cloze {
            text: s(
                "Japan would not leave northern {{Sakhalin}} until the {{Nikolayevsk::a town}} affair was settled."
            )
        }
    );
    assert_eq!(
        sakhalin.explanation,
        "Japan called it a reprisal.\nMoscow denied any link."
    );
    assert_eq!(sakhalin.topic, "Sakhalin");

    // Quoted fields may hold the separator, quotes and line breaks; in HTML mode raw whitespace is a space.
    assert_eq!(
        card(deck, "quoted-1").question,
        Question::Flashcard {
            front: s("A field with a \"quote\" and a tab"),
            back: s("Two lines"),
        }
    );
    assert_eq!(
        card(deck, "c-city").question,
        Question::Cloze {
            text: s("The talks met in {{Changchun}} in September.")
        }
    );
    assert_eq!(card(deck, "c-city").tags, ["changchun", "places"]);

    assert_eq!(lines(&imported.skipped), [13]);
    assert!(imported.skipped[0].reason.contains("two fields"));
}

#[test]
fn anki_without_header_guesses_separator_and_html() {
    let imported = import_fixture("anki_plain.txt", Format::Anki);
    let questions: Vec<&Question> = imported.deck.cards.iter().map(|c| &c.question).collect();
    assert_eq!(
        questions,
        [
            &Question::Flashcard {
                front: s("What city hosted the 1922 conference?"),
                back: s("Changchun")
            },
            &Question::Flashcard {
                front: s("Who led the FER delegation?"),
                back: s("Yanson\n(Ianson)")
            },
            &Question::Cloze {
                text: s("{{Joffe}} came as Moscow's envoy.")
            },
            &Question::Flashcard {
                front: s("Quoted; with a semicolon"),
                back: s("Back, with a comma")
            },
        ]
    );
    assert_eq!(imported.deck.topics, ["General"]);
    assert_eq!(lines(&imported.skipped), [4]);
}

#[test]
fn anki_bad_header_is_reported_with_its_line() {
    let err = import(
        b"#separator:tab\n#html:sometimes\na\tb\n",
        Format::Anki,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ImportError::Malformed {
            line: 2,
            message: s("#html:sometimes is not valid; expected true or false")
        }
    );
}

// ---- CSV ----

#[test]
fn quizlet_tab_export() {
    let imported = import_fixture("quizlet.tsv", Format::Csv);
    let fronts: Vec<String> = imported
        .deck
        .cards
        .iter()
        .map(|c| c.question.prompt())
        .collect();
    assert_eq!(
        fronts,
        ["Changchun", "Joffe", "Matsudaira Tsuneo", "Yanson"]
    );
    assert_eq!(
        imported.deck.cards[2].question.answer_text(),
        "Head of the Japanese delegation; later ambassador"
    );
    assert_eq!(lines(&imported.skipped), [4]);
    assert!(imported.skipped[0].reason.contains("separated by a tab"));
}

#[test]
fn csv_with_header_quotes_and_extra_column() {
    let imported = import_fixture("cards.csv", Format::Csv);
    let deck = &imported.deck;
    let pairs: Vec<(String, String)> = deck
        .cards
        .iter()
        .map(|c| (c.question.prompt(), c.question.answer_text()))
        .collect();
    assert_eq!(
        pairs,
        [
            (s("Changchun, Manchuria"), s("The conference city")),
            (s("Joffe \"the envoy\""), s("RSFSR")),
            (s("Multi\nline term"), s("Definition two")),
            (s("Dairen"), s("First round of talks")),
        ]
    );
    assert_eq!(deck.cards[3].explanation, "Talks broke down in April 1922");
    assert_eq!(lines(&imported.skipped), [6]);
}

// ---- GIFT ----

#[test]
fn gift_every_question_type() {
    let imported = import_fixture("quiz.gift", Format::Gift);
    let deck = &imported.deck;
    assert_eq!(deck.topics, ["Delegates", "Consequences"]);

    let q1 = card(deck, "Q1");
    assert_eq!(
        q1.question,
        Question::MultipleChoice {
            prompt: s("Who led the RSFSR delegation?"),
            options: vec![s("Matsudaira"), s("Joffe"), s("Uchida")],
            correct: vec![1],
        }
    );
    assert_eq!(
        q1.explanation,
        "Joffe came as Moscow's envoy.\nMatsudaira: Wrong: he led Japan's.\nJoffe: Right!"
    );
    assert_eq!(q1.topic, "Delegates");

    let missing_word = &deck.cards[1];
    assert_eq!(
        missing_word.question,
        Question::MultipleChoice {
            prompt: s("The conference met in _____ in September 1922."),
            options: vec![s("Dairen"), s("Changchun"), s("Beijing")],
            correct: vec![1],
        }
    );
    assert!(
        missing_word.id.starts_with("the-conference-met-in-"),
        "{}",
        missing_word.id
    );

    let both = &deck.cards[2];
    assert!(both.id.starts_with("both-sides-"), "{}", both.id);
    assert_eq!(
        both.question,
        Question::MultipleChoice {
            prompt: s("Which governments sat opposite Japan?"),
            options: vec![s("Far Eastern Republic"), s("RSFSR"), s("China")],
            correct: vec![0, 1],
        }
    );
    assert_eq!(both.topic, "Delegates");

    let sakhalin = &deck.cards[3];
    assert_eq!(sakhalin.topic, "Consequences");
    assert_eq!(
        sakhalin.question,
        Question::TrueFalse {
            statement: s("Japan evacuated northern Sakhalin in 1922."),
            answer: false
        }
    );
    let vladivostok_tf = &deck.cards[4];
    assert_eq!(vladivostok_tf.question.answer_text(), "True");
    assert_eq!(
        vladivostok_tf.explanation,
        "No, they left that month.\nYes."
    );

    assert_eq!(
        deck.cards[5].question,
        Question::TypeAnswer {
            prompt: s("Which city did Japanese troops leave on 25 October 1922?"),
            accepted: vec![s("Vladivostok"), s("Vladivostock")],
        }
    );
    assert_eq!(
        deck.cards[6].question,
        Question::Match {
            prompt: s("Match each delegate to his side."),
            pairs: vec![
                (s("Matsudaira"), s("Japan")),
                (s("Joffe"), s("RSFSR")),
                (s("Yanson"), s("FER")),
            ],
        }
    );
    let year = &deck.cards[7];
    assert_eq!(
        year.question,
        Question::Number {
            prompt: s("In what year was the Basic Convention signed?"),
            answer: 1925.0,
            tolerance: 0.0,
            unit: None
        }
    );
    assert_eq!(year.explanation, "Signed in Beijing on 20 January 1925.");
    assert_eq!(
        deck.cards[8].question.answer_text(),
        "1918 (± 1)",
        "a range becomes its middle with half its width as tolerance"
    );
    assert_eq!(
        deck.cards[9].question,
        Question::Order {
            prompt: s("Put the events in order."),
            items: vec![
                s("Dairen conference"),
                s("Changchun conference"),
                s("Basic Convention")
            ],
        }
    );
    assert_eq!(
        deck.cards[10].question,
        Question::TypeAnswer {
            prompt: s("Which characters need a backslash: ~ = # { } and \\?"),
            accepted: vec![s("All six: ~ = # { }")],
        }
    );
    assert_eq!(
        deck.cards[11].question.prompt(),
        "Who led the FER delegation?"
    );
    assert_eq!(
        deck.cards[12].question,
        Question::TrueFalse {
            statement: s("A question\nwritten over two lines?"),
            answer: true
        }
    );
    assert_eq!(deck.cards.len(), 13);

    assert_eq!(lines(&imported.skipped), [46, 48, 50]);
    assert!(imported.skipped[0].reason.contains("essay"));
    assert!(imported.skipped[1].reason.contains("description"));
    assert!(imported.skipped[2].reason.contains("never closed"));
}

// ---- Moodle XML ----

#[test]
fn moodle_xml_every_question_type() {
    let imported = import_fixture("quiz.xml", Format::MoodleXml);
    let deck = &imported.deck;
    assert_eq!(deck.topics, ["Delegates", "Consequences"]);

    let first = &deck.cards[0];
    assert!(
        first.id.starts_with("who-led-the-rsfsr-delegation-"),
        "{}",
        first.id
    );
    assert_eq!(
        first.question,
        Question::MultipleChoice {
            prompt: s("Who led the RSFSR delegation?"),
            options: vec![s("Matsudaira"), s("Joffe"), s("Uchida")],
            correct: vec![1],
        }
    );
    assert_eq!(
        first.explanation,
        "Joffe came as Moscow's envoy.\nMatsudaira: He led Japan's."
    );
    assert_eq!(first.tags, ["people", "RSFSR"]);

    assert_eq!(
        card(deck, "both-sides").question,
        Question::MultipleChoice {
            prompt: s("Which governments sat opposite Japan & why?"),
            options: vec![s("Far Eastern Republic"), s("RSFSR"), s("China")],
            correct: vec![0, 1],
        }
    );
    assert_eq!(
        card(deck, "delegates").question,
        Question::Match {
            prompt: s("Match each delegate to his side."),
            pairs: vec![
                (s("Matsudaira"), s("Japan")),
                (s("Joffe"), s("RSFSR")),
                (s("Yanson"), s("FER")),
            ],
        }
    );
    let sakhalin = card(deck, "sakhalin");
    assert_eq!(sakhalin.topic, "Consequences");
    assert_eq!(sakhalin.question.answer_text(), "False");
    assert_eq!(sakhalin.explanation, "true: It stayed until 1925.");
    assert_eq!(
        card(deck, "vladivostok").question,
        Question::TypeAnswer {
            prompt: s("Which city did Japanese troops leave on 25 October 1922?"),
            accepted: vec![s("Vladivostok"), s("Vladivostock")],
        }
    );
    assert_eq!(
        card(deck, "occupation").question,
        Question::Number {
            prompt: s("About how many months did Japanese troops stay in Siberia?"),
            answer: 50.0,
            tolerance: 2.0,
            unit: Some(s("months")),
        }
    );
    assert_eq!(
        card(deck, "sakhalin-link").question,
        Question::Cloze {
            text: s(
                "Japan would not leave northern {{Sakhalin}} until the {{Nikolayevsk|Nikolaevsk}} affair was settled."
            )
        }
    );
    assert_eq!(deck.cards.len(), 7);

    assert_eq!(lines(&imported.skipped), [65, 69, 73, 77]);
    assert!(imported.skipped[0].reason.contains("MULTICHOICE"));
    assert!(imported.skipped[1].reason.contains("essay"));
    assert!(imported.skipped[2].reason.contains("description"));
    assert!(imported.skipped[3].reason.contains("at least 2 options"));
}

#[test]
fn malformed_xml_stops_with_its_line() {
    let err = import(
        &fixture("broken.xml"),
        Format::MoodleXml,
        &ImportOptions::default(),
    )
    .unwrap_err();
    match err {
        ImportError::Malformed { line, message } => {
            assert_eq!(line, 5, "{message}");
            assert!(message.contains("not well formed"), "{message}");
        }
        other => panic!("expected a malformed-file error, got {other:?}"),
    }
    let err = import(
        b"<?xml version=\"1.0\"?><questions/>",
        Format::MoodleXml,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("<quiz>"), "{err}");
}

// ---- Round trips ----

fn deck_of(cards: Vec<Card>) -> Deck {
    let mut topics: Vec<String> = Vec::new();
    for c in &cards {
        if !topics.contains(&c.topic) {
            topics.push(c.topic.clone());
        }
    }
    Deck {
        format: 1,
        id: s("roundtrip"),
        title: s("Round trip"),
        description: String::new(),
        language: s("en"),
        authors: vec![],
        sources: Default::default(),
        topics,
        cards,
    }
}

fn make(id: &str, topic: &str, question: Question, explanation: &str, tags: &[&str]) -> Card {
    Card {
        id: s(id),
        topic: s(topic),
        tags: tags.iter().map(|t| s(t)).collect(),
        question,
        explanation: s(explanation),
        sources: vec![],
        image: None,
        explanation_image: None,
    }
}

/// Cards of every kind a quiz format carries, with texts full of characters that need escaping.
fn quiz_cards() -> Vec<Card> {
    vec![
        make(
            "rsfsr-delegate",
            "Positions",
            Question::MultipleChoice {
                prompt: s("Who led the RSFSR delegation {at} Changchun?"),
                options: vec![
                    s("Adolph Joffe"),
                    s("Yanson = FER"),
                    s("Matsudaira ~ Japan"),
                ],
                correct: vec![0],
            },
            "Joffe came as Moscow's envoy.\nHis presence was itself disputed: #1 issue.",
            &[],
        ),
        make(
            "both-republics",
            "Positions",
            Question::MultipleChoice {
                prompt: s("Which two governments sat opposite Japan?"),
                options: vec![s("FER"), s("RSFSR"), s("China"), s("USA")],
                correct: vec![0, 1],
            },
            "",
            &[],
        ),
        make(
            "three-correct",
            "Positions",
            Question::MultipleChoice {
                prompt: s("Which met in 1922?"),
                options: vec![s("Dairen"), s("Changchun"), s("Genoa"), s("Yalta")],
                correct: vec![0, 1, 2],
            },
            "",
            &[],
        ),
        make(
            "vladivostok-tf",
            "Consequences",
            Question::TrueFalse {
                statement: s("The last Japanese forces left Vladivostok on 25 October 1922."),
                answer: true,
            },
            "Announced in June.",
            &[],
        ),
        make(
            "sakhalin-tf",
            "Consequences",
            Question::TrueFalse {
                statement: s("Japan left northern Sakhalin in 1922."),
                answer: false,
            },
            "Only in 1925.",
            &[],
        ),
        make(
            "city",
            "Positions",
            Question::TypeAnswer {
                prompt: s("In which city did the conference meet?"),
                accepted: vec![s("Changchun"), s("Ch'angch'un"), s("Chang-chun")],
            },
            "Neutral Chinese ground: C:\\ is not a path.",
            &[],
        ),
        make(
            "met-in",
            "Positions",
            Question::Cloze {
                text: s("The talks met in {{Changchun|Chang-chun}} in September 1922."),
            },
            "",
            &[],
        ),
        make(
            "sequence",
            "Consequences",
            Question::Order {
                prompt: s("Put these events in order."),
                items: vec![
                    s("Dairen opens"),
                    s("Changchun opens"),
                    s("Vladivostok evacuated"),
                ],
            },
            "Each failed round was followed by withdrawals.",
            &[],
        ),
        make(
            "who-for-whom",
            "Positions",
            Question::Match {
                prompt: s("Match each delegate to the government he spoke for."),
                pairs: vec![
                    (s("Matsudaira Tsuneo"), s("Japan")),
                    (s("Yanson"), s("Far Eastern Republic")),
                    (s("Adolph Joffe"), s("RSFSR")),
                ],
            },
            "",
            &[],
        ),
        make(
            "convention-year",
            "Consequences",
            Question::Number {
                prompt: s("In what year was the Basic Convention signed?"),
                answer: 1925.0,
                tolerance: 0.0,
                unit: None,
            },
            "",
            &[],
        ),
        make(
            "occupation-months",
            "Causes",
            Question::Number {
                prompt: s("About how many months did troops stay?"),
                answer: 50.5,
                tolerance: 2.25,
                unit: None,
            },
            "",
            &[],
        ),
    ]
}

fn round_trip(deck: &Deck, format: Format) -> (Imported, Vec<String>) {
    let exported = export(deck, format);
    assert_eq!(
        detect(exported.text.as_bytes()),
        Some(format),
        "{}",
        exported.text
    );
    let imported = import(
        exported.text.as_bytes(),
        format,
        &options(&deck.id, &deck.title),
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", exported.text));
    assert!(
        imported.skipped.is_empty(),
        "{:?}\n{}",
        imported.skipped,
        exported.text
    );
    (imported, exported.lost)
}

fn deck_name_loss(lost: &[String]) -> bool {
    lost.iter().any(|l| l.starts_with("the deck's id"))
}

#[test]
fn gift_round_trip_gives_back_the_deck() {
    let deck = deck_of(quiz_cards());
    let (imported, lost) = round_trip(&deck, Format::Gift);
    assert_eq!(imported.deck, deck);
    // Only the deck's name and the Order cards' stand-in are noted.
    assert!(deck_name_loss(&lost), "{lost:?}");
    assert_eq!(lost.len(), 2, "{lost:?}");
    assert!(lost[1].contains("sequence"), "{lost:?}");
}

#[test]
fn moodle_xml_round_trip_gives_back_the_deck() {
    let mut cards = quiz_cards();
    // Moodle XML also carries tags, units and clozes with several blanks.
    cards[0].tags = vec![s("people"), s("RSFSR & FER")];
    if let Question::Match { prompt, .. } = &mut cards[8].question {
        prompt.push_str(" Not HTML: <i>, nor the end of a CDATA section: ]]>");
    }
    if let Question::Number { unit, .. } = &mut cards[10].question {
        *unit = Some(s("months"));
    }
    cards.push(make(
        "sakhalin-link",
        "Causes",
        Question::Cloze {
            text: s("Japan would not leave {{Sakhalin}} until the {{Nikolayevsk|Nikolaevsk}} affair ended: {{1925}}"),
        },
        "A reprisal, Japan said.",
        &["Sakhalin"],
    ));
    let deck = deck_of(cards);
    let (imported, lost) = round_trip(&deck, Format::MoodleXml);
    assert_eq!(imported.deck, deck);
    assert!(deck_name_loss(&lost), "{lost:?}");
    assert_eq!(lost.len(), 2, "{lost:?}");
}

#[test]
fn anki_round_trip_gives_back_the_deck() {
    let deck = deck_of(vec![
        make(
            "fer-founded",
            "Causes",
            Question::Flashcard {
                front: s("What was the \"Far Eastern Republic\"\tmeant to be?"),
                back: s("A buffer state\nbetween Soviet Russia and Japan."),
            },
            "",
            &["FER", "buffer"],
        ),
        make(
            "sakhalin-link",
            "Positions",
            Question::Cloze {
                text: s(
                    "Japan kept northern {{Sakhalin}} over the {{Nikolayevsk::a town on the Amur}} affair.",
                ),
            },
            "Japan treated the occupation as a reprisal.",
            &[],
        ),
        make(
            "joffe",
            "Positions",
            Question::Flashcard {
                front: s("Joffe"),
                back: s("Head of the RSFSR delegation"),
            },
            "",
            &[],
        ),
    ]);
    let (imported, lost) = round_trip(&deck, Format::Anki);
    assert_eq!(imported.deck, deck);
    assert!(deck_name_loss(&lost), "{lost:?}");
    assert_eq!(lost.len(), 1, "{lost:?}");
}

#[test]
fn csv_round_trip_gives_back_the_deck() {
    // CSV carries no ids: they are made from the term, so start from an imported deck.
    let original = import_fixture("quizlet.tsv", Format::Csv).deck;
    let (imported, lost) = round_trip(&original, Format::Csv);
    assert_eq!(imported.deck, original);
    assert_eq!(lost.len(), 2, "the deck's name and the ids: {lost:?}");
}

/// Importing what an export of an imported file wrote gives the same deck: nothing drifts.
#[test]
fn every_fixture_survives_export_and_import_again() {
    for (name, format) in [
        ("anki_notes.txt", Format::Anki),
        ("anki_plain.txt", Format::Anki),
        ("quizlet.tsv", Format::Csv),
        ("quiz.gift", Format::Gift),
        ("quiz.xml", Format::MoodleXml),
    ] {
        let first = import_fixture(name, format).deck;
        let (again, _) = round_trip(&first, format);
        assert_eq!(again.deck, first, "{name}");
    }
}

#[test]
fn lossy_exports_list_what_they_drop() {
    let mut cards = quiz_cards();
    cards[0].sources = vec![s("FRUS 1922 vol. II doc 750")];
    cards[1].tags = vec![s("republics")];
    cards.push(make(
        "fer-founded",
        "Causes",
        Question::Flashcard {
            front: s("What was the FER meant to be?"),
            back: s("A buffer state."),
        },
        "",
        &[],
    ));
    cards.push(make(
        "two-blanks",
        "Causes",
        Question::Cloze {
            text: s("{{Joffe::a name}} spoke for the {{RSFSR}}."),
        },
        "",
        &[],
    ));
    if let Question::Number { unit, .. } = &mut cards[10].question {
        *unit = Some(s("months"));
    }
    let mut deck = deck_of(cards);
    deck.description = s("A deck");
    deck.authors = vec![s("A. Teacher")];
    deck.topics.push(s("Empty topic"));

    let lost = export(&deck, Format::Gift).lost.join("\n");
    for expected in [
        "description",
        "authors",
        "Empty topic",
        "sources: 1 card (rsfsr-delegate)",
        "tags: 1 card (both-republics)",
        "flashcards have no native type",
        "Order cards have no native type",
        "several blanks",
        "hints of cloze blanks",
        "units of numerical answers: 1 card (occupation-months)",
    ] {
        assert!(
            lost.contains(expected),
            "missing \"{expected}\" in:\n{lost}"
        );
    }

    // What GIFT cannot carry comes back in the nearest form it has.
    let (imported, _) = round_trip(&deck, Format::Gift);
    assert_eq!(
        card(&imported.deck, "fer-founded").question,
        Question::TypeAnswer {
            prompt: s("What was the FER meant to be?"),
            accepted: vec![s("A buffer state.")],
        }
    );
    assert_eq!(
        card(&imported.deck, "two-blanks-1").question,
        Question::Cloze {
            text: s("{{Joffe}} spoke for the RSFSR.")
        }
    );
    assert_eq!(
        card(&imported.deck, "two-blanks-2").question,
        Question::Cloze {
            text: s("Joffe spoke for the {{RSFSR}}.")
        }
    );

    let anki = export(&deck, Format::Anki).lost.join("\n");
    assert!(
        anki.contains("Multiple choice cards, written as Basic notes"),
        "{anki}"
    );
    let csv = export(&deck, Format::Csv).lost.join("\n");
    assert!(csv.contains("explanations"), "{csv}");
    assert!(csv.contains("topics"), "{csv}");
}

// ---- Ids survive re-importing an updated file ----

#[test]
fn reimporting_an_updated_file_keeps_ids_of_unchanged_cards() {
    let before = "Who led the RSFSR delegation?{=Joffe ~Yanson}\n\nWhere did they meet?{=Changchun}\n\nWhat year?{#1922}\n";
    let after = "A new first question?{T}\n\nWho led the RSFSR delegation?{=Joffe ~Yanson ~Matsudaira}\n\nWhere did they meet?{=Changchun =Chang-chun}\n\nWhat year was it?{#1922}\n";
    let old = import(before.as_bytes(), Format::Gift, &ImportOptions::default()).unwrap();
    let new = import(after.as_bytes(), Format::Gift, &ImportOptions::default()).unwrap();
    assert_eq!(
        ids(&new.deck)[1..3],
        ids(&old.deck)[0..2],
        "edited answers keep the id"
    );
    assert_ne!(
        ids(&new.deck)[3],
        ids(&old.deck)[2],
        "an edited question is a new card"
    );

    // CSV and Anki without GUIDs key cards on the front, as Anki matches duplicates on it.
    let old = import(
        b"Joffe,RSFSR\nYanson,FER\n",
        Format::Csv,
        &ImportOptions::default(),
    )
    .unwrap();
    let new = import(
        b"Matsudaira,Japan\nYanson,Far Eastern Republic\nJoffe,RSFSR\n",
        Format::Csv,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(new.deck.cards[2].id, old.deck.cards[0].id);
    assert_eq!(new.deck.cards[1].id, old.deck.cards[1].id);

    // Anki GUIDs win over the text.
    let old = import(
        b"#guid column:1\ng1\tFront\tBack\n",
        Format::Anki,
        &ImportOptions::default(),
    )
    .unwrap();
    let new = import(
        b"#guid column:1\ng1\tNew front\tBack\n",
        Format::Anki,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(old.deck.cards[0].id, "g1");
    assert_eq!(new.deck.cards[0].id, "g1");
}

#[test]
fn duplicate_items_get_distinct_ids() {
    let imported = import(
        b"Same?{T}\n\nSame?{F}\n",
        Format::Gift,
        &ImportOptions::default(),
    )
    .unwrap();
    let ids = ids(&imported.deck);
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], format!("{}-2", ids[0]));
}
