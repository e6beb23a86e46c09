//! The deck editor's rules, without a window: a new question of a kind, changing a card's kind,
//! one edit to a field, list fields written on one line, and moving cards and list items.

use super::cloze;
use super::diagnostic::Diagnostic;
use super::field::Field;
use super::model::{Card, Deck, Image, Marker, Question, QuestionKind, Spot};
use super::save::new_card_id;
use super::validate::validate;

/// Which way an element moves in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the start of the list.
    Up,
    /// Towards the end of the list.
    Down,
}

/// One change to a deck's own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckEdit {
    Id(String),
    Title(String),
    Description(String),
    Language(String),
    Authors(Vec<String>),
    Topics(Vec<String>),
}

/// One change to a card: its own fields, its kind, or a field of its question.
#[derive(Debug, Clone, PartialEq)]
pub enum CardEdit {
    Id(String),
    Topic(String),
    Tags(Vec<String>),
    Explanation(String),
    Sources(Vec<String>),
    /// Changes the kind, keeping the question's text.
    Kind(QuestionKind),
    /// The front, prompt, statement or cloze text: whichever asks the question.
    Prompt(String),
    /// A flashcard's back.
    Back(String),
    /// A true/false statement's answer.
    Truth(bool),
    /// Marks a multiple-choice option right or not.
    Correct(usize, bool),
    /// The text of an option, an accepted answer, an order item, or the left side of a pair.
    Item(usize, String),
    /// The right side of a pair.
    Right(usize, String),
    /// Adds an empty option, accepted answer, item or pair at the end.
    AddItem,
    RemoveItem(usize),
    MoveItem(usize, Direction),
    Answer(f64),
    Tolerance(f64),
    /// A number's unit; blank means none.
    Unit(String),
    /// Sets or (with `None`) removes a picture; a map question always keeps its map.
    Picture(PictureSlot, Option<Image>),
    /// The name of a map question's right place.
    PlaceName(String),
    /// Where the right place is on the map.
    Target(Spot),
    /// How far from the target a point still counts.
    Radius(f64),
    /// Where a map question's marker is; its name is an `Item`.
    MarkerAt(usize, Spot),
}

/// Where on a card a picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PictureSlot {
    /// With the question.
    Prompt,
    /// A map question's map.
    Map,
    /// With the explanation.
    Explanation,
}

impl PictureSlot {
    pub fn field(self) -> Field {
        match self {
            PictureSlot::Prompt => Field::Image,
            PictureSlot::Map => Field::Map,
            PictureSlot::Explanation => Field::ExplanationImage,
        }
    }
}

/// A card's picture in a slot.
pub fn picture(card: &Card, slot: PictureSlot) -> Option<&Image> {
    match slot {
        PictureSlot::Prompt => card.image.as_ref(),
        PictureSlot::Map => card.question.own_image(),
        PictureSlot::Explanation => card.explanation_image.as_ref(),
    }
}

/// Every finding about a deck as it is in memory, with the checks `validate` makes on a file.
/// Nothing is written or parsed, so it is cheap enough to run after every edit; positions in a file
/// are meaningless here, so findings are told apart by their field path.
pub fn findings(label: &str, deck: &Deck) -> Vec<Diagnostic> {
    validate(label, "", deck)
}

pub fn edit_deck(deck: &mut Deck, edit: DeckEdit) {
    match edit {
        DeckEdit::Id(id) => deck.id = id,
        DeckEdit::Title(title) => deck.title = title,
        DeckEdit::Description(text) => deck.description = text,
        DeckEdit::Language(language) => deck.language = language,
        DeckEdit::Authors(authors) => deck.authors = authors,
        DeckEdit::Topics(topics) => deck.topics = topics,
    }
}

pub fn edit_card(card: &mut Card, edit: CardEdit) {
    match edit {
        CardEdit::Id(id) => card.id = id,
        CardEdit::Topic(topic) => card.topic = topic,
        CardEdit::Tags(tags) => card.tags = tags,
        CardEdit::Explanation(text) => card.explanation = text,
        CardEdit::Sources(sources) => card.sources = sources,
        CardEdit::Picture(PictureSlot::Prompt, image) => card.image = image,
        CardEdit::Picture(PictureSlot::Explanation, image) => card.explanation_image = image,
        CardEdit::Kind(kind) => {
            if card.question.kind() != kind {
                card.question = convert(&card.question, kind);
            }
        }
        edit => edit_question(&mut card.question, edit),
    }
}

/// A new question of a kind, with empty texts for the teacher to fill.
pub fn blank_question(kind: QuestionKind) -> Question {
    let two = || vec![String::new(), String::new()];
    match kind {
        QuestionKind::Flashcard => Question::Flashcard {
            front: String::new(),
            back: String::new(),
        },
        QuestionKind::MultipleChoice => Question::MultipleChoice {
            prompt: String::new(),
            options: two(),
            correct: vec![0],
        },
        QuestionKind::TrueFalse => Question::TrueFalse {
            statement: String::new(),
            answer: true,
        },
        QuestionKind::TypeAnswer => Question::TypeAnswer {
            prompt: String::new(),
            accepted: vec![String::new()],
        },
        QuestionKind::Cloze => Question::Cloze {
            text: String::new(),
        },
        QuestionKind::Order => Question::Order {
            prompt: String::new(),
            items: two(),
        },
        QuestionKind::Match => Question::Match {
            prompt: String::new(),
            pairs: vec![(String::new(), String::new()); 2],
        },
        QuestionKind::Number => Question::Number {
            prompt: String::new(),
            answer: 0.0,
            tolerance: 0.0,
            unit: None,
        },
        QuestionKind::MapPoint => Question::MapPoint {
            prompt: String::new(),
            map: Image::default(),
            answer: String::new(),
            target: Spot::default(),
            radius: DEFAULT_RADIUS,
            markers: Vec::new(),
        },
    }
}

/// A new map question's tolerance, in the map's units: a town's dot and a little around it on a
/// map some hundreds of units wide.
pub const DEFAULT_RADIUS: f64 = 25.0;

/// A question of another kind that keeps the text asking it, so a teacher does not retype it.
pub fn convert(question: &Question, kind: QuestionKind) -> Question {
    let prompt = match question {
        Question::Cloze { text } => cloze::filled(text),
        q => q.prompt(),
    };
    let mut new = blank_question(kind);
    *prompt_mut(&mut new) = prompt;
    new
}

/// The text that asks the question, whatever its kind calls it.
fn prompt_mut(question: &mut Question) -> &mut String {
    match question {
        Question::Flashcard { front: p, .. }
        | Question::MultipleChoice { prompt: p, .. }
        | Question::TrueFalse { statement: p, .. }
        | Question::TypeAnswer { prompt: p, .. }
        | Question::Cloze { text: p }
        | Question::Order { prompt: p, .. }
        | Question::Match { prompt: p, .. }
        | Question::Number { prompt: p, .. }
        | Question::MapPoint { prompt: p, .. } => p,
    }
}

/// Applies one edit to a question's own fields; an edit its kind does not have changes nothing.
fn edit_question(question: &mut Question, edit: CardEdit) {
    match (question, edit) {
        (q, CardEdit::Prompt(text)) => *prompt_mut(q) = text,
        (Question::Flashcard { back, .. }, CardEdit::Back(text)) => *back = text,
        (Question::TrueFalse { answer, .. }, CardEdit::Truth(value)) => *answer = value,
        (Question::MultipleChoice { correct, .. }, CardEdit::Correct(i, on)) => {
            correct.retain(|&c| c != i);
            if on {
                correct.push(i);
                correct.sort_unstable();
            }
        }
        (Question::MultipleChoice { options, .. }, CardEdit::Item(i, text)) => {
            if let Some(option) = options.get_mut(i) {
                *option = text;
            }
        }
        (
            Question::MultipleChoice {
                options, correct, ..
            },
            edit,
        ) => {
            // The marks move with their options, so the right answers stay the same options.
            let mut marked: Vec<bool> = (0..options.len()).map(|i| correct.contains(&i)).collect();
            if reshape(options, &edit, String::new()) {
                reshape(&mut marked, &edit, false);
                *correct = (0..marked.len()).filter(|&i| marked[i]).collect();
            }
        }
        (Question::TypeAnswer { accepted, .. }, edit) => edit_list(accepted, &edit),
        (Question::Order { items, .. }, edit) => edit_list(items, &edit),
        (Question::Match { pairs, .. }, CardEdit::Right(i, text)) => {
            if let Some(pair) = pairs.get_mut(i) {
                pair.1 = text;
            }
        }
        (Question::Match { pairs, .. }, CardEdit::Item(i, text)) => {
            if let Some(pair) = pairs.get_mut(i) {
                pair.0 = text;
            }
        }
        (Question::Match { pairs, .. }, edit) => {
            reshape(pairs, &edit, (String::new(), String::new()));
        }
        (Question::Number { answer, .. }, CardEdit::Answer(n)) => *answer = n,
        (Question::Number { tolerance, .. }, CardEdit::Tolerance(n)) => *tolerance = n,
        (Question::Number { unit, .. }, CardEdit::Unit(text)) => {
            *unit = Some(text).filter(|u| !u.trim().is_empty());
        }
        (Question::MapPoint { map, .. }, CardEdit::Picture(PictureSlot::Map, Some(image))) => {
            *map = image;
        }
        (Question::MapPoint { answer, .. }, CardEdit::PlaceName(text)) => *answer = text,
        (Question::MapPoint { target, .. }, CardEdit::Target(spot)) => *target = spot,
        (Question::MapPoint { radius, .. }, CardEdit::Radius(r)) => *radius = r,
        (Question::MapPoint { markers, .. }, CardEdit::Item(i, text)) => {
            if let Some(marker) = markers.get_mut(i) {
                marker.label = text;
            }
        }
        (Question::MapPoint { markers, .. }, CardEdit::MarkerAt(i, spot)) => {
            if let Some(marker) = markers.get_mut(i) {
                marker.x = spot.x;
                marker.y = spot.y;
            }
        }
        (
            Question::MapPoint {
                markers, target, ..
            },
            edit,
        ) => {
            // A new marker starts beside the target, where the teacher can see and move it.
            let beside = Marker {
                x: target.x + 2.0 * DEFAULT_RADIUS,
                y: target.y,
                label: String::new(),
            };
            reshape(markers, &edit, beside);
        }
        _ => {}
    }
}

/// Applies an item's text, or an add, remove or move, to a list of texts.
fn edit_list(list: &mut Vec<String>, edit: &CardEdit) {
    match edit {
        CardEdit::Item(i, text) => {
            if let Some(item) = list.get_mut(*i) {
                text.clone_into(item);
            }
        }
        edit => {
            reshape(list, edit, String::new());
        }
    }
}

/// Applies an add (of `empty`), remove or move to any list; returns whether the list changed.
fn reshape<T>(list: &mut Vec<T>, edit: &CardEdit, empty: T) -> bool {
    match *edit {
        CardEdit::AddItem => {
            list.push(empty);
            true
        }
        CardEdit::RemoveItem(i) if i < list.len() => {
            list.remove(i);
            true
        }
        CardEdit::MoveItem(i, direction) => move_one(list, i, direction).is_some(),
        _ => false,
    }
}

/// Moves the element at `i` one place; returns where it went, or `None` at either end.
pub fn move_one<T>(list: &mut [T], i: usize, direction: Direction) -> Option<usize> {
    let j = match direction {
        Direction::Up => i.checked_sub(1),
        Direction::Down => i.checked_add(1),
    }?;
    (i < list.len() && j < list.len()).then(|| {
        list.swap(i, j);
        j
    })
}

/// Adds an empty flashcard in the deck's first topic after card `after` (at the end without one);
/// returns its index.
pub fn add_card(deck: &mut Deck, after: Option<usize>) -> usize {
    let card = Card {
        id: new_card_id(deck, "card"),
        topic: deck.topics.first().cloned().unwrap_or_default(),
        tags: Vec::new(),
        question: blank_question(QuestionKind::Flashcard),
        explanation: String::new(),
        sources: Vec::new(),
        image: None,
        explanation_image: None,
    };
    let at = after.map_or(deck.cards.len(), |i| (i + 1).min(deck.cards.len()));
    deck.cards.insert(at, card);
    at
}

/// Copies card `i` just after it under a new id; returns the copy's index.
pub fn duplicate_card(deck: &mut Deck, i: usize) -> Option<usize> {
    let mut copy = deck.cards.get(i)?.clone();
    copy.id = new_card_id(deck, &copy.id);
    deck.cards.insert(i + 1, copy);
    Some(i + 1)
}

/// Deletes card `i`; returns the card to select next (the one after it, or the new last).
pub fn delete_card(deck: &mut Deck, i: usize) -> Option<usize> {
    if i >= deck.cards.len() {
        return None;
    }
    deck.cards.remove(i);
    deck.cards.len().checked_sub(1).map(|last| i.min(last))
}

/// How a list field is written on one line: sources are split by `;`, as a source often holds a
/// comma ("Lensen, G. A., The Damned Inheritance"); topics, authors and tags by `,`.
pub fn list_separator(field: Field) -> char {
    match field {
        Field::Sources => ';',
        _ => ',',
    }
}

/// A list field's line as the teacher types it, split into its trimmed, non-empty entries.
pub fn parse_list(field: Field, line: &str) -> Vec<String> {
    line.split(list_separator(field))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list field written on one line, read back by [`parse_list`] as the same entries.
pub fn write_list(field: Field, entries: &[String]) -> String {
    entries.join(&format!("{} ", list_separator(field)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::save::template_deck;

    fn card(question: Question) -> Card {
        Card {
            id: "c".into(),
            topic: "General".into(),
            tags: Vec::new(),
            question,
            explanation: String::new(),
            sources: Vec::new(),
            image: None,
            explanation_image: None,
        }
    }

    fn multiple_choice(options: &[&str], correct: Vec<usize>) -> Card {
        card(Question::MultipleChoice {
            prompt: "Who led the RSFSR delegation?".into(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            correct,
        })
    }

    #[test]
    fn moving_stops_at_either_end() {
        let mut list = ['a', 'b', 'c'];
        assert_eq!(move_one(&mut list, 1, Direction::Up), Some(0));
        assert_eq!(list, ['b', 'a', 'c']);
        assert_eq!(move_one(&mut list, 0, Direction::Up), None);
        assert_eq!(move_one(&mut list, 2, Direction::Down), None);
        assert_eq!(
            move_one(&mut list, 3, Direction::Up),
            None,
            "no such element"
        );
        assert_eq!(move_one(&mut list, 0, Direction::Down), Some(1));
        assert_eq!(list, ['a', 'b', 'c']);
    }

    #[test]
    fn a_blank_question_of_every_kind_has_that_kind_and_no_text() {
        for kind in QuestionKind::ALL {
            let question = blank_question(kind);
            assert_eq!(question.kind(), kind);
            assert!(question.texts().iter().all(|t| t.is_empty()), "{kind:?}");
        }
    }

    #[test]
    fn converting_keeps_the_text_that_asks_and_a_cloze_is_filled_in() {
        let flashcard = Question::Flashcard {
            front: "Where did the talks meet?".into(),
            back: "Changchun".into(),
        };
        for kind in QuestionKind::ALL {
            let converted = convert(&flashcard, kind);
            assert_eq!(converted.kind(), kind);
            if kind != QuestionKind::Cloze {
                assert_eq!(converted.prompt(), "Where did the talks meet?");
            }
        }
        let cloze = Question::Cloze {
            text: "The talks met at {{Changchun}}.".into(),
        };
        assert_eq!(
            convert(&cloze, QuestionKind::TypeAnswer).prompt(),
            "The talks met at Changchun."
        );
    }

    #[test]
    fn changing_to_the_same_kind_keeps_the_question() {
        let mut c = multiple_choice(&["Joffe", "Yanson"], vec![0]);
        let before = c.clone();
        edit_card(&mut c, CardEdit::Kind(QuestionKind::MultipleChoice));
        assert_eq!(c, before);
    }

    #[test]
    fn right_options_follow_their_text_when_options_move_or_go() {
        let mut c = multiple_choice(&["Joffe", "Yanson", "Matsudaira"], vec![1]);
        edit_card(&mut c, CardEdit::MoveItem(1, Direction::Up));
        let Question::MultipleChoice {
            options, correct, ..
        } = &c.question
        else {
            unreachable!()
        };
        assert_eq!(options, &["Yanson", "Joffe", "Matsudaira"]);
        assert_eq!(correct, &[0]);

        edit_card(&mut c, CardEdit::RemoveItem(1));
        let Question::MultipleChoice {
            options, correct, ..
        } = &c.question
        else {
            unreachable!()
        };
        assert_eq!(options, &["Yanson", "Matsudaira"]);
        assert_eq!(correct, &[0]);

        edit_card(&mut c, CardEdit::RemoveItem(0));
        let Question::MultipleChoice { correct, .. } = &c.question else {
            unreachable!()
        };
        assert!(correct.is_empty(), "the right option was removed");
    }

    #[test]
    fn duplicate_option_texts_keep_their_own_marks() {
        // Two options with the same text (an error the teacher is about to fix) are still two options.
        let mut c = multiple_choice(&["Joffe", "Joffe", "Yanson"], vec![0]);
        edit_card(&mut c, CardEdit::MoveItem(0, Direction::Down));
        let Question::MultipleChoice { correct, .. } = &c.question else {
            unreachable!()
        };
        assert_eq!(correct, &[1]);
    }

    #[test]
    fn marking_options_right_keeps_them_sorted_and_once() {
        let mut c = multiple_choice(&["a", "b", "c"], vec![2]);
        edit_card(&mut c, CardEdit::Correct(0, true));
        edit_card(&mut c, CardEdit::Correct(0, true));
        edit_card(&mut c, CardEdit::Correct(2, false));
        let Question::MultipleChoice { correct, .. } = &c.question else {
            unreachable!()
        };
        assert_eq!(correct, &[0]);
    }

    #[test]
    fn pairs_are_edited_side_by_side_and_moved_whole() {
        let mut c = card(blank_question(QuestionKind::Match));
        edit_card(&mut c, CardEdit::Item(0, "Joffe".into()));
        edit_card(&mut c, CardEdit::Right(0, "RSFSR".into()));
        edit_card(&mut c, CardEdit::Item(1, "Matsudaira".into()));
        edit_card(&mut c, CardEdit::Right(1, "Japan".into()));
        edit_card(&mut c, CardEdit::MoveItem(1, Direction::Up));
        edit_card(&mut c, CardEdit::AddItem);
        let Question::Match { pairs, .. } = &c.question else {
            unreachable!()
        };
        let expected = [("Matsudaira", "Japan"), ("Joffe", "RSFSR"), ("", "")];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(l, r)| (&**l, &**r)).collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn an_edit_the_kind_has_not_changes_nothing() {
        let mut c = card(Question::TrueFalse {
            statement: "The talks met in Dairen.".into(),
            answer: false,
        });
        let before = c.clone();
        edit_card(&mut c, CardEdit::Back("x".into()));
        edit_card(&mut c, CardEdit::Answer(3.0));
        edit_card(&mut c, CardEdit::Item(0, "x".into()));
        edit_card(&mut c, CardEdit::RemoveItem(5));
        assert_eq!(c, before);
    }

    #[test]
    fn a_number_answer_tolerance_and_unit_are_set_and_a_blank_unit_is_none() {
        let mut c = card(blank_question(QuestionKind::Number));
        edit_card(&mut c, CardEdit::Answer(1922.0));
        edit_card(&mut c, CardEdit::Tolerance(1.0));
        edit_card(&mut c, CardEdit::Unit("  ".into()));
        assert_eq!(c.question.answer_text(), "1922 (± 1)");
        edit_card(&mut c, CardEdit::Unit("days".into()));
        assert_eq!(c.question.answer_text(), "1922 (± 1) days");
    }

    #[test]
    fn list_fields_keep_commas_inside_sources_and_drop_empty_entries() {
        let topics = parse_list(Field::Topics, " Delegates, Dates ,, ");
        assert_eq!(topics, ["Delegates", "Dates"]);
        assert_eq!(write_list(Field::Topics, &topics), "Delegates, Dates");
        let sources = parse_list(Field::Sources, "Lensen, G. A.; Elleman, B.");
        assert_eq!(sources, ["Lensen, G. A.", "Elleman, B."]);
        assert_eq!(
            parse_list(Field::Sources, &write_list(Field::Sources, &sources)),
            sources
        );
    }

    #[test]
    fn cards_are_added_after_the_selected_one_duplicated_and_deleted() {
        let mut deck = template_deck();
        assert_eq!(add_card(&mut deck, None), 0);
        assert_eq!(add_card(&mut deck, Some(0)), 1);
        assert_ne!(
            deck.cards[0].id, deck.cards[1].id,
            "every new card has its own id"
        );
        assert_eq!(deck.cards[0].topic, "General");
        assert_eq!(duplicate_card(&mut deck, 0), Some(1));
        assert_eq!(deck.cards.len(), 3);
        assert_ne!(deck.cards[1].id, deck.cards[0].id);
        assert_eq!(duplicate_card(&mut deck, 7), None);
        assert_eq!(delete_card(&mut deck, 2), Some(1), "the new last card");
        assert_eq!(delete_card(&mut deck, 0), Some(0));
        assert_eq!(delete_card(&mut deck, 0), None, "no card is left");
        assert_eq!(delete_card(&mut deck, 0), None);
    }

    #[test]
    fn findings_on_a_deck_in_memory_name_the_card_and_field() {
        use crate::deck::FieldPath;
        let mut deck = template_deck();
        deck.cards = vec![
            multiple_choice(&["Joffe", "Yanson"], vec![0]),
            multiple_choice(&["Joffe", "joffe"], vec![0]),
        ];
        deck.cards[1].id = "d".into();
        let found = findings("deck", &deck);
        let errors: Vec<_> = found.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, Some(FieldPath::Card(1, Field::Options)));
        assert!(errors[0].message.contains("duplicate option"));
    }
}
