//! The decks shipped inside the app: they load cleanly and meet the content standard teachers expect.

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::cloze;
use changchun_cards::deck::{Card, Deck, Library, Question, QuestionKind};
use std::collections::{HashMap, HashSet};

const MAIN: &str = "changchun-1922";
const INTRODUCTION: &str = "changchun-introduction";

/// The source codes of the fact sheet the decks are written from; a card must cite at least one of these.
const SOURCE_CODES: &[&str] = &[
    "GSE",
    "FRUS-730",
    "FRUS-732",
    "FRUS-741",
    "FRUS-743",
    "FRUS-749",
    "FRUS-750",
    "FRUS-751",
    "FRUS-753",
    "FRUS-754",
    "FRUS-755",
    "FRUS-1920",
    "FRUS-1921",
    "FRUS-1923",
    "JA-WP",
    "HEIBONSHA",
    "KOTO-GOTO",
    "SOV-PRESS",
    "JOFFE",
    "RADEK",
    "EZ",
    "VSYA",
    "WP-FER",
    "WP-NIK",
    "WP-BC",
    "WP-JOFFE",
    "WP-SIB",
    "WP-KATO",
    "WP-SPASSK",
    "WP-NIK-OLD",
    "RU-NIK",
    "RU-SAKH",
    "EB1922",
    "RENNISON",
    "DUNSCOMB",
    "YOUNG",
    "WASH",
    "DALLIN",
    "RUSSELL",
    "PP-1",
    "PP-3",
    "PP-1927",
    "TIME-1923",
    "TIME-1923b",
    "TIME-1924",
    "PRLIB",
    "JHIST",
    "MATSU",
    "ALPHA",
    "FUJIMOTO",
    "MLECHIN",
    "OMNI",
    "RESEARCHER",
    "NEWSPRAVDA",
    "FRUS-1920-570",
    "GSE-CER",
    "OMNI-1920",
    "SABLIN",
    "WP-SMR",
    "LENSEN",
    "ASADA",
    "CHANG",
    "FA-1937",
    "FRUS-1907",
    "FRUS-1920-563",
    "FRUS-1920-587",
    "FRUS-1921-652",
    "FRUS-1921-656",
    "FRUS-1921-661",
    "FRUS-1924",
    "FRUS-1944",
    "FRUS-742",
    "GSE-VOL",
    "HARA-T",
    "HOSOYA",
    "JCD-1920",
    "JSOC-PPL",
    "KUDASHEV",
    "LEONG",
    "LINKHOEVA",
    "MORLEY",
    "PP-2",
    "PRLIB-VOL",
    "RODINA-2025",
    "WP-PPL",
    "WP-PRIAMUR",
];

/// Names in the decks' romanisation, with the other spellings a learner may type for them.
const OTHER_SPELLINGS: &[(&str, &[&str])] = &[
    ("Joffe", &["Ioffe", "Yoffe"]),
    ("Yanson", &["Janson"]),
    ("Changchun", &["Ch'angch'un", "Chang-chun"]),
    ("Vladivostok", &["Vladivostock"]),
    ("Nikolayevsk", &["Nikolaevsk"]),
    ("Gotō Shinpei", &["Goto Shinpei", "Gotō Shimpei"]),
    ("Katō Tomosaburō", &["Kato Tomosaburo", "Kato"]),
    ("Uchida Kōsai", &["Uchida Kosai"]),
    ("Matsudaira Tsuneo", &["Tsuneo Matsudaira"]),
    ("Triapitsyn", &["Tryapitsyn"]),
    ("Dairen", &["Dalian"]),
    ("Sakhalin", &["Saghalien"]),
    ("Maritime Province", &["Primorye"]),
    ("Beijing", &["Peking"]),
];

fn library() -> Library {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    Library::load(&DataDir::new(dir.path()))
}

fn deck(library: &Library, id: &str) -> Deck {
    library
        .deck(id)
        .unwrap_or_else(|| panic!("the bundled deck \"{id}\" did not load"))
        .clone()
}

fn bundled() -> Vec<Deck> {
    let library = library();
    vec![deck(&library, MAIN), deck(&library, INTRODUCTION)]
}

fn all_cards(decks: &[Deck]) -> impl Iterator<Item = (&Deck, &Card)> {
    decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| (d, c)))
}

fn tally<K: std::hash::Hash + Eq>(keys: impl IntoIterator<Item = K>) -> HashMap<K, usize> {
    let mut counts = HashMap::new();
    for key in keys {
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Counts sentence ends: `.`, `!` or `?`, optionally followed by closing quotes or brackets, then a space
/// or the end of the text. Explanations avoid abbreviations, so this count is exact for them.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut count = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j], '"' | '\'' | '”' | '’' | ')') {
            j += 1;
        }
        if j == chars.len() || chars[j].is_whitespace() {
            count += 1;
        }
    }
    count
}

fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every list of accepted answers in a card: a typed answer's, or each cloze blank's.
fn answer_lists(question: &Question) -> Vec<Vec<String>> {
    match question {
        Question::TypeAnswer { accepted, .. } => vec![accepted.clone()],
        Question::Cloze { text } => cloze::blanks(text)
            .into_iter()
            .map(|b| b.accepted)
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn bundled_decks_load_without_errors_or_warnings() {
    let library = library();
    let findings: Vec<String> = library
        .entries
        .iter()
        .flat_map(|e| e.diagnostics.iter().map(|d| d.to_string()))
        .collect();
    assert!(
        findings.is_empty(),
        "findings in bundled decks:\n{}",
        findings.join("\n")
    );
    assert!(
        library.notices.is_empty(),
        "unexpected notices: {:?}",
        library.notices
    );
    assert!(library.broken().next().is_none());
    for id in [MAIN, INTRODUCTION] {
        let entry = library
            .entry(id)
            .unwrap_or_else(|| panic!("no deck \"{id}\""));
        assert!(
            entry.origin.is_bundled(),
            "\"{id}\" should come from inside the app"
        );
    }
}

#[test]
fn main_deck_has_the_required_topics_and_counts() {
    let deck = deck(&library(), MAIN);
    assert_eq!(
        deck.topics,
        [
            "Causes",
            "Positions",
            "Consequences",
            "Timeline",
            "People",
            "Perspectives"
        ]
    );
    assert!(deck.cards.len() >= 160, "only {} cards", deck.cards.len());

    let per_topic = tally(deck.cards.iter().map(|c| c.topic.as_str()));
    for topic in ["Causes", "Positions", "Consequences"] {
        let n = per_topic.get(topic).copied().unwrap_or(0);
        assert!(n >= 40, "{topic} has {n} cards; expected at least 40");
    }
    for topic in ["Timeline", "People", "Perspectives"] {
        let n = per_topic.get(topic).copied().unwrap_or(0);
        assert!(n >= 10, "{topic} has {n} cards; expected at least 10");
    }

    let per_kind = tally(deck.cards.iter().map(|c| c.question.kind()));
    for kind in QuestionKind::ALL {
        let n = per_kind.get(&kind).copied().unwrap_or(0);
        assert!(
            n >= 10,
            "{} is used {n} times; expected at least 10",
            kind.name()
        );
    }
}

#[test]
fn main_deck_card_ids_start_with_their_topic() {
    let deck = deck(&library(), MAIN);
    for card in &deck.cards {
        let prefix = format!("{}-", card.topic.to_lowercase());
        assert!(
            card.id.starts_with(&prefix) && card.id.len() > prefix.len(),
            "card \"{}\" in topic {} should have an id starting with \"{prefix}\"",
            card.id,
            card.topic
        );
    }
}

#[test]
fn introduction_deck_is_a_short_starter_with_every_kind() {
    let deck = deck(&library(), INTRODUCTION);
    assert_eq!(deck.topics, ["Causes", "Positions", "Consequences"]);
    assert!(
        (12..=16).contains(&deck.cards.len()),
        "{} cards; a starter deck has 12 to 16",
        deck.cards.len()
    );
    let per_kind = tally(deck.cards.iter().map(|c| c.question.kind()));
    for kind in QuestionKind::ALL {
        assert!(per_kind.contains_key(&kind), "no {} card", kind.name());
    }
    let per_topic = tally(deck.cards.iter().map(|c| c.topic.as_str()));
    for topic in &deck.topics {
        assert!(
            per_topic.contains_key(topic.as_str()),
            "no card in topic {topic}"
        );
    }
}

#[test]
fn every_card_cites_a_source_from_the_fact_sheet() {
    let known: HashSet<&str> = SOURCE_CODES.iter().copied().collect();
    for (deck, card) in all_cards(&bundled()) {
        assert!(
            !card.sources.is_empty(),
            "{}/{} cites no source",
            deck.id,
            card.id
        );
        for source in &card.sources {
            assert!(
                known.contains(source.as_str()),
                "{}/{} cites \"{source}\", which is not a source code of the fact sheet",
                deck.id,
                card.id
            );
        }
        let distinct: HashSet<&String> = card.sources.iter().collect();
        assert_eq!(
            distinct.len(),
            card.sources.len(),
            "{}/{} repeats a source",
            deck.id,
            card.id
        );
    }
}

#[test]
fn every_explanation_is_one_to_three_sentences() {
    for (deck, card) in all_cards(&bundled()) {
        let n = sentences(&card.explanation);
        assert!(
            (1..=3).contains(&n),
            "{}/{}: the explanation has {n} sentences; expected 1 to 3: {}",
            deck.id,
            card.id,
            card.explanation
        );
    }
}

#[test]
fn sentence_counting_handles_quotes_and_numbers() {
    assert_eq!(sentences("One. Two! Three?"), 3);
    assert_eq!(sentences("About 1,399 killed and 1.5 percent."), 1);
    assert_eq!(sentences("He said “more than 700.” Then he left."), 2);
    assert_eq!(sentences("No full stop at the end"), 0);
}

#[test]
fn no_two_prompts_are_the_same_across_the_bundled_decks() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (deck, card) in all_cards(&bundled()) {
        let prompt = normalised(&card.question.prompt());
        let here = format!("{}/{}", deck.id, card.id);
        if let Some(first) = seen.insert(prompt.clone(), here.clone()) {
            panic!("{first} and {here} ask the same prompt: {prompt}");
        }
    }
}

#[test]
fn multiple_choice_options_are_distinct_and_the_right_answer_moves() {
    let decks = bundled();
    let mut single_answer_positions = Vec::new();
    for (deck, card) in all_cards(&decks) {
        let Question::MultipleChoice {
            options, correct, ..
        } = &card.question
        else {
            continue;
        };
        let distinct: HashSet<String> = options.iter().map(|o| normalised(o)).collect();
        assert_eq!(
            distinct.len(),
            options.len(),
            "{}/{} repeats an option",
            deck.id,
            card.id
        );
        assert!(
            options.len() >= 3,
            "{}/{} offers fewer than 3 options",
            deck.id,
            card.id
        );
        assert!(
            correct.len() < options.len(),
            "{}/{}: every option is correct",
            deck.id,
            card.id
        );
        if let [only] = correct.as_slice() {
            single_answer_positions.push(*only);
        }
    }
    // Options are shown shuffled, but a deck read as text should not always put the answer first.
    let per_position = tally(single_answer_positions.iter().copied());
    let most = per_position.values().copied().max().unwrap_or(0);
    assert!(
        per_position.len() >= 3,
        "correct answers sit at too few positions: {per_position:?}"
    );
    assert!(
        most * 2 <= single_answer_positions.len(),
        "more than half the single answers sit at one position: {per_position:?}"
    );
}

#[test]
fn typed_answers_list_the_usual_other_spellings() {
    let mut checked = 0;
    for (deck, card) in all_cards(&bundled()) {
        for accepted in answer_lists(&card.question) {
            let Some(shown) = accepted.first() else {
                continue;
            };
            let lower: Vec<String> = accepted.iter().map(|a| a.to_lowercase()).collect();
            for (name, others) in OTHER_SPELLINGS {
                if !shown.to_lowercase().contains(&name.to_lowercase()) {
                    continue;
                }
                checked += 1;
                for other in *others {
                    let other = other.to_lowercase();
                    assert!(
                        lower.iter().any(|a| a.contains(&other)),
                        "{}/{}: the answer \"{shown}\" should also accept \"{other}\"; accepted: {accepted:?}",
                        deck.id,
                        card.id
                    );
                }
            }
        }
    }
    assert!(
        checked >= 15,
        "only {checked} answers were checked; the spelling table no longer matches the decks"
    );
}

#[test]
fn years_are_exact_and_counts_have_a_unit() {
    for (deck, card) in all_cards(&bundled()) {
        let Question::Number {
            prompt,
            answer,
            tolerance,
            unit,
        } = &card.question
        else {
            continue;
        };
        let here = format!("{}/{}", deck.id, card.id);
        let lower = prompt.to_lowercase();
        if lower.contains("what year") || lower.contains("which year") {
            assert!(unit.is_none(), "{here}: a year needs no unit");
            assert_eq!(*tolerance, 0.0, "{here}: a year must be answered exactly");
            assert!(
                (1850.0..=1950.0).contains(answer),
                "{here}: {answer} is not a year of this story"
            );
        } else {
            assert!(
                unit.as_deref().is_some_and(|u| !u.trim().is_empty()),
                "{here}: a count needs a unit"
            );
            assert!(
                *tolerance < answer.abs(),
                "{here}: the tolerance {tolerance} accepts almost anything"
            );
        }
    }
}

#[test]
fn order_and_match_cards_give_enough_to_arrange() {
    for (deck, card) in all_cards(&bundled()) {
        let here = format!("{}/{}", deck.id, card.id);
        match &card.question {
            Question::Order { items, .. } => {
                assert!(items.len() >= 3, "{here}: fewer than 3 items")
            }
            Question::Match { pairs, .. } => {
                assert!(pairs.len() >= 3, "{here}: fewer than 3 pairs")
            }
            _ => {}
        }
    }
}

#[test]
fn every_listed_spelling_is_accepted_by_the_answer_check() {
    use changchun_cards::answer::{Response, check};
    for (deck, card) in all_cards(&bundled()) {
        match &card.question {
            Question::TypeAnswer { accepted, .. } => {
                for spelling in accepted {
                    let checked = check(&card.question, &Response::Typed(spelling.clone()));
                    assert!(
                        checked.correct,
                        "{}/{}: {spelling:?} refused",
                        deck.id, card.id
                    );
                }
            }
            Question::Cloze { text } => {
                let blanks = cloze::blanks(text);
                for (i, blank) in blanks.iter().enumerate() {
                    for spelling in &blank.accepted {
                        let mut answers: Vec<String> =
                            blanks.iter().map(|b| b.accepted[0].clone()).collect();
                        answers[i] = spelling.clone();
                        let checked = check(&card.question, &Response::Blanks(answers));
                        assert!(
                            checked.correct,
                            "{}/{}: {spelling:?} refused",
                            deck.id, card.id
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
