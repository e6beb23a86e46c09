//! The fields of a deck, typed: validation says which field a finding concerns, the file's
//! locations find it in the text by its name, and the editor shows the finding beside its input.

use serde::{Serialize, Serializer};

/// A field of a deck, of a card, or of a card's question, as named in a deck file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    // The deck's own fields.
    Format,
    /// The deck's id, or a card's.
    Id,
    Title,
    Description,
    Language,
    Authors,
    Topics,
    Cards,
    // A card's fields.
    Topic,
    Tags,
    Explanation,
    Sources,
    // A question's fields.
    Front,
    Back,
    Prompt,
    Statement,
    Text,
    Options,
    Correct,
    Accepted,
    Items,
    Pairs,
    /// A true/false answer or a number question's answer.
    Answer,
    Tolerance,
    Unit,
    // Pictures: a card's, its explanation's, and a map question's own.
    Image,
    ExplanationImage,
    Map,
    Target,
    Radius,
    Markers,
}

impl Field {
    pub const ALL: [Field; 31] = [
        Field::Format,
        Field::Id,
        Field::Title,
        Field::Description,
        Field::Language,
        Field::Authors,
        Field::Topics,
        Field::Cards,
        Field::Topic,
        Field::Tags,
        Field::Explanation,
        Field::Sources,
        Field::Front,
        Field::Back,
        Field::Prompt,
        Field::Statement,
        Field::Text,
        Field::Options,
        Field::Correct,
        Field::Accepted,
        Field::Items,
        Field::Pairs,
        Field::Answer,
        Field::Tolerance,
        Field::Unit,
        Field::Image,
        Field::ExplanationImage,
        Field::Map,
        Field::Target,
        Field::Radius,
        Field::Markers,
    ];

    /// The field written in a deck file under `name`.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name written in a deck file.
    pub fn name(self) -> &'static str {
        match self {
            Field::Format => "format",
            Field::Id => "id",
            Field::Title => "title",
            Field::Description => "description",
            Field::Language => "language",
            Field::Authors => "authors",
            Field::Topics => "topics",
            Field::Cards => "cards",
            Field::Topic => "topic",
            Field::Tags => "tags",
            Field::Explanation => "explanation",
            Field::Sources => "sources",
            Field::Front => "front",
            Field::Back => "back",
            Field::Prompt => "prompt",
            Field::Statement => "statement",
            Field::Text => "text",
            Field::Options => "options",
            Field::Correct => "correct",
            Field::Accepted => "accepted",
            Field::Items => "items",
            Field::Pairs => "pairs",
            Field::Answer => "answer",
            Field::Tolerance => "tolerance",
            Field::Unit => "unit",
            Field::Image => "image",
            Field::ExplanationImage => "explanation_image",
            Field::Map => "map",
            Field::Target => "target",
            Field::Radius => "radius",
            Field::Markers => "markers",
        }
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Where in a deck a field is: the deck's own, or one of the card at an index in `cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldPath {
    Deck(Field),
    Card(usize, Field),
}

impl FieldPath {
    pub fn field(self) -> Field {
        match self {
            FieldPath::Deck(field) | FieldPath::Card(_, field) => field,
        }
    }

    /// The index of the card concerned, for a card's field.
    pub fn card(self) -> Option<usize> {
        match self {
            FieldPath::Deck(_) => None,
            FieldPath::Card(index, _) => Some(index),
        }
    }
}

/// Written as the field's name alone, as the card is named beside it by id.
impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.field().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_by_its_name() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        // No field is listed twice.
        let names: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Field::ALL.len());
        assert_eq!(Field::from_name("titel"), None);
    }

    #[test]
    fn a_field_path_is_written_as_the_name_in_the_deck_file() {
        let path = FieldPath::Card(3, Field::Options);
        assert_eq!(serde_json::to_string(&path).unwrap(), "\"options\"");
        assert_eq!(path.card(), Some(3));
        assert_eq!(FieldPath::Deck(Field::Topics).card(), None);
    }
}
