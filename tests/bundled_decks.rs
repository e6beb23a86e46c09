//! The decks shipped inside the app: they load cleanly and meet the content standard teachers expect.

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::cloze;
use changchun_cards::deck::model::START_HERE_TAG;
use changchun_cards::deck::{Card, Deck, Library, Question, QuestionKind};
use std::collections::{BTreeSet, HashMap, HashSet};

const MAIN: &str = "changchun-1922";

/// The starter deck that used to ship beside the main deck; its place is now the main deck's
/// starter set, so a bundled deck of this id would be a second copy with separate progress.
const FORMER_INTRODUCTION: &str = "changchun-introduction";

/// Cards tagged this way practise reading evidence: weighing a source, dating a statement, testing an
/// argument, telling an account from a fact.
const EVIDENCE_TAG: &str = "evidence";

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

/// Every deck shipped inside the app.
fn bundled() -> Vec<Deck> {
    let library = library();
    library
        .entries
        .iter()
        .filter(|e| e.origin.is_bundled())
        .filter_map(|e| e.deck.as_deref().cloned())
        .collect()
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
    let entry = library
        .entry(MAIN)
        .unwrap_or_else(|| panic!("no deck \"{MAIN}\""));
    assert!(
        entry.origin.is_bundled(),
        "\"{MAIN}\" should come from inside the app"
    );
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
            "Perspectives",
            "Geography"
        ]
    );
    // Maps: at least 15 map questions and 10 cards with a picture after the answer.
    let maps = deck
        .cards
        .iter()
        .filter(|c| c.question.kind() == QuestionKind::MapPoint)
        .count();
    assert!(maps >= 15, "{maps} map questions");
    let explained = deck
        .cards
        .iter()
        .filter(|c| c.explanation_image.is_some())
        .count();
    assert!(
        explained >= 10,
        "{explained} cards with a picture in the explanation"
    );
    let all: usize = bundled().iter().map(|d| d.cards.len()).sum();
    assert!(all >= 260, "only {all} cards in the bundled decks");

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
fn the_starter_set_is_a_short_part_of_the_main_deck_with_every_kind() {
    let library = library();
    assert!(
        library.deck(FORMER_INTRODUCTION).is_none(),
        "a separate starter deck would schedule copies of main-deck cards apart from them"
    );
    let deck = deck(&library, MAIN);
    let starters = deck.start_here();
    assert!(
        (15..=25).contains(&starters.len()),
        "{} starter cards; \"Start here\" offers about 20",
        starters.len()
    );
    let per_kind = tally(starters.iter().map(|c| c.question.kind()));
    for kind in QuestionKind::ALL {
        assert!(
            per_kind.contains_key(&kind),
            "no {} starter card",
            kind.name()
        );
    }
    let per_topic = tally(starters.iter().map(|c| c.topic.as_str()));
    for topic in ["Causes", "Positions", "Consequences"] {
        assert!(per_topic.contains_key(topic), "no starter card in {topic}");
    }
    // Starters are the deck's own cards, so their progress is the deck's progress.
    for card in &starters {
        assert!(deck.card(&card.id).is_some());
        assert!(card.tags.iter().any(|t| t == START_HERE_TAG));
    }
}

#[test]
fn every_source_code_has_a_full_citation_and_every_citation_is_used() {
    for deck in bundled() {
        let mut used = HashSet::new();
        for card in &deck.cards {
            for code in &card.sources {
                let citation = deck.citation(code).unwrap_or_else(|| {
                    panic!(
                        "{}/{} cites \"{code}\", which has no citation in the deck's sources",
                        deck.id, card.id
                    )
                });
                assert!(
                    !citation.title.trim().is_empty(),
                    "{}: the citation for {code} has no title",
                    deck.id
                );
                used.insert(code.as_str());
            }
            let shown = deck.citations(card);
            assert_eq!(shown.len(), card.sources.len());
            for (line, code) in shown.iter().zip(&card.sources) {
                assert_ne!(line, code, "{}/{}: {code} shown bare", deck.id, card.id);
            }
        }
        for code in deck.sources.keys() {
            assert!(
                used.contains(code.as_str()),
                "{}: the citation {code} is cited by no card",
                deck.id
            );
        }
    }
}

#[test]
fn explanations_speak_to_students_not_about_the_deck() {
    for (deck, card) in all_cards(&bundled()) {
        let lower = card.explanation.to_lowercase();
        for phrase in ["fact sheet", "the deck"] {
            assert!(
                !lower.contains(phrase),
                "{}/{}: the explanation mentions \"{phrase}\": {}",
                deck.id,
                card.id,
                card.explanation
            );
        }
    }
}

#[test]
fn there_are_enough_evidence_questions_and_most_are_graded_by_the_app() {
    let decks = bundled();
    let evidence: Vec<&Card> = all_cards(&decks)
        .map(|(_, c)| c)
        .filter(|c| c.tags.iter().any(|t| t == EVIDENCE_TAG))
        .collect();
    assert!(
        evidence.len() >= 25,
        "{} evidence questions; expected at least 25",
        evidence.len()
    );
    let graded = evidence
        .iter()
        .filter(|c| {
            matches!(
                c.question.kind(),
                QuestionKind::MultipleChoice | QuestionKind::Match | QuestionKind::Order
            )
        })
        .count();
    assert!(
        graded * 5 >= evidence.len() * 4,
        "only {graded} of {} evidence questions are multiple choice, match or order",
        evidence.len()
    );
}

/// The words that carry a prompt's meaning: lower case, four letters or more, common question words
/// left out.
fn content_words(text: &str) -> BTreeSet<String> {
    const COMMON: &[&str] = &[
        "what", "which", "when", "where", "year", "this", "that", "with", "from", "were", "into",
        "their", "they", "have", "after", "before", "about", "does", "whose", "these", "order",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Share of words two prompts have in common, from 0 (none) to 1 (the same words).
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[test]
fn no_two_cards_ask_nearly_the_same_thing_with_the_same_answer() {
    let decks = bundled();
    let mut by_answer: HashMap<String, Vec<(&Deck, &Card)>> = HashMap::new();
    for (deck, card) in all_cards(&decks) {
        // True and False are shared by every true-or-false card, so the statement itself is compared
        // by the prompt test above.
        if card.question.kind() == QuestionKind::TrueFalse {
            continue;
        }
        by_answer
            .entry(normalised(&card.question.answer_text()))
            .or_default()
            .push((deck, card));
    }
    for group in by_answer.values() {
        for (i, (deck_a, a)) in group.iter().enumerate() {
            let words_a = content_words(&a.question.prompt());
            for (deck_b, b) in &group[i + 1..] {
                let shared = overlap(&words_a, &content_words(&b.question.prompt()));
                assert!(
                    shared < 0.25,
                    "{}/{} and {}/{} give the same answer to nearly the same prompt ({:.0} % of words shared)",
                    deck_a.id,
                    a.id,
                    deck_b.id,
                    b.id,
                    shared * 100.0
                );
            }
        }
    }
}

#[test]
fn near_copies_are_recognised() {
    let a = content_words("In which year did Japan send its troops into Siberia?");
    let b = content_words("In what year did Japanese troops first land in Siberia?");
    let c = content_words("Which port city did the last Japanese troops leave?");
    assert!(overlap(&a, &a) == 1.0);
    assert!(overlap(&a, &b) >= 0.25);
    assert!(overlap(&a, &c) < overlap(&a, &b));
}

#[test]
fn a_code_without_a_citation_is_a_warning_at_the_card() {
    let text = r#"Deck(
    format: 1,
    id: "cited",
    title: "Cited",
    topics: ["Causes"],
    cards: [
        Card(
            id: "a",
            topic: "Causes",
            question: TrueFalse(statement: "Japan stayed longest.", answer: true),
            explanation: "It did.",
            sources: ["WP-SIB", "NOWHERE"],
        ),
    ],
    sources: {
        "WP-SIB": (title: "Japanese intervention in Siberia", link: "https://en.wikipedia.org/wiki/Japanese_intervention_in_Siberia"),
    },
)"#;
    let loaded = changchun_cards::deck::load_str("cited.ron", text);
    let deck = loaded
        .deck
        .as_ref()
        .expect("a warning does not stop the deck loading");
    assert_eq!(
        deck.citation("WP-SIB").map(|c| c.title.as_str()),
        Some("Japanese intervention in Siberia")
    );
    let warnings: Vec<_> = loaded.warnings().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0];
    assert!(warning.message.contains("NOWHERE"), "{warning}");
    assert_eq!(warning.card.as_deref(), Some("a"));
    assert_eq!(warning.line, 12, "placed at the card's sources: {warning}");

    // A deck without a citations table is not asked for one.
    let bare = text.replace(
        r#"    sources: {
        "WP-SIB": (title: "Japanese intervention in Siberia", link: "https://en.wikipedia.org/wiki/Japanese_intervention_in_Siberia"),
    },
"#,
        "",
    );
    let loaded = changchun_cards::deck::load_str("bare.ron", &bare);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
}

#[test]
fn every_card_cites_a_source_once() {
    for (deck, card) in all_cards(&bundled()) {
        assert!(
            !card.sources.is_empty(),
            "{}/{} cites no source",
            deck.id,
            card.id
        );
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
