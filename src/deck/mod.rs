//! The RON deck format: model, loading, diagnostics, validation and discovery.

pub mod cache;
pub mod cloze;
pub mod diagnostic;
pub mod discover;
pub mod edit;
pub mod field;
pub mod load;
pub mod locate;
pub mod media;
pub mod model;
pub mod save;
pub mod summary;
pub mod validate;

pub use cache::DeckCache;
pub use diagnostic::{Diagnostic, Severity};
pub use discover::{DeckEntry, Library, Origin};
pub use field::{Field, FieldPath};
pub use load::{Loaded, load_bytes, load_file, load_file_cached, load_str, load_str_in};
pub use model::{Card, Deck, FORMAT_VERSION, Image, Marker, Question, QuestionKind, Spot};
