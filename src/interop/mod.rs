//! Import and export: Anki text files and packages, two-column CSV (Quizlet), Moodle GIFT and
//! Moodle XML.
//!
//! Importers turn each item into the fitting question kind, report every item they cannot carry with
//! its line, and give cards ids that survive re-importing an updated file. Exporters list what the
//! format could not carry.

pub mod anki;
pub mod apkg;
pub mod csv;
pub mod gift;
pub mod html;
pub mod moodle_xml;

use crate::deck::load::MAX_DECK_BYTES;
use crate::deck::model::{Card, Deck, FORMAT_VERSION, Image, Question};
use crate::deck::save::slug;
use crate::deck::validate::validate;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// The interchange formats the app reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Anki's "Notes in Plain Text" export, with its `#key:value` header.
    Anki,
    /// Two columns, term and definition (Quizlet's export), comma, semicolon or tab separated.
    Csv,
    /// Moodle's plain-text quiz format.
    Gift,
    /// Moodle's XML question format.
    MoodleXml,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Anki, Format::Csv, Format::Gift, Format::MoodleXml];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Anki => "anki",
            Format::Csv => "csv",
            Format::Gift => "gift",
            Format::MoodleXml => "moodle-xml",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Anki => "Anki text",
            Format::Csv => "CSV",
            Format::Gift => "GIFT",
            Format::MoodleXml => "Moodle XML",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Anki => "txt",
            Format::Csv => "csv",
            Format::Gift => "gift",
            Format::MoodleXml => "xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        match wanted.as_str() {
            "moodle" | "xml" | "moodlexml" => return Ok(Format::MoodleXml),
            "tsv" | "quizlet" => return Ok(Format::Csv),
            "txt" => return Ok(Format::Anki),
            _ => {}
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| {
                format!("unknown format \"{s}\"; expected one of: anki, csv, gift, moodle-xml")
            })
    }
}

/// Guesses the format from a file's content; `None` when it is not text at all.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if text.is_empty() {
        return None;
    }
    if text.starts_with("<?xml") || text.starts_with("<quiz") {
        return Some(Format::MoodleXml);
    }
    if anki::has_header(text) {
        return Some(Format::Anki);
    }
    if gift::looks_like_gift(text) {
        return Some(Format::Gift);
    }
    if anki::has_cloze_markers(text) {
        return Some(Format::Anki);
    }
    Some(Format::Csv)
}

/// Choices for an import: the new deck's id and title (from the file name, typically).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    pub deck_id: String,
    pub title: String,
    pub language: String,
    /// The topic of items the file puts in no category or deck.
    pub default_topic: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            deck_id: "imported".into(),
            title: "Imported deck".into(),
            language: "en".into(),
            default_topic: "General".into(),
        }
    }
}

impl ImportOptions {
    /// Options naming the deck after a file name such as `Changchun quiz.gift`.
    pub fn from_file_name(stem: &str) -> Self {
        let title = stem.trim();
        // A name with no Latin letters or digits (say 長春) still needs an id.
        let id =
            Some(slug(title, 40)).filter(|id| id != "card" || title.eq_ignore_ascii_case("card"));
        ImportOptions {
            deck_id: id.unwrap_or_else(|| ImportOptions::default().deck_id),
            title: if title.is_empty() {
                "Imported deck"
            } else {
                title
            }
            .to_owned(),
            ..ImportOptions::default()
        }
    }
}

/// A deck read from another format, and the items that could not become cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub deck: Deck,
    pub skipped: Vec<Skipped>,
    /// The pictures the file carried, by the names the deck's cards use until they are stored.
    pub pictures: Vec<Picture>,
    /// What of the cards' media could not come along, one line per card: "card-id: …".
    pub lost: Vec<String>,
}

/// A picture carried inside an imported file.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Writes imported pictures into `media/<deck id>/` in the folder the deck is saved in, and points
/// the deck's cards at them there.
pub fn store_pictures(
    deck: &mut Deck,
    pictures: &[Picture],
    deck_folder: &std::path::Path,
) -> Result<(), String> {
    let sub = format!("{}/{}", crate::deck::media::ADDED_FOLDER, deck.id);
    for picture in pictures {
        let stored = crate::deck::media::store(&picture.name, &picture.bytes, deck_folder, &sub)
            .map_err(|e| e.to_string())?;
        for card in &mut deck.cards {
            for image in [&mut card.image, &mut card.explanation_image]
                .into_iter()
                .flatten()
                .filter(|i| i.file == picture.name)
            {
                image.file = stored.clone();
            }
        }
    }
    Ok(())
}

/// What an imported item showed besides its text: pictures carried in the file, and media that
/// cannot come along, in words.
#[derive(Debug, Default)]
pub(crate) struct ItemMedia {
    pub image: Option<Image>,
    pub explanation_image: Option<Image>,
    pub lost: Vec<String>,
}

impl ItemMedia {
    /// Sorts the media a field refers to: pictures found by `find` become the card's (the first
    /// of the question's, the first of the explanation's); the rest is listed as lost.
    pub fn from_refs(
        question: &[html::MediaRef],
        explanation: &[html::MediaRef],
        mut find: impl FnMut(&str) -> Option<Picture>,
        builder: &mut DeckBuilder,
        missing: &str,
    ) -> ItemMedia {
        let mut media = ItemMedia::default();
        for (refs, for_question) in [(question, true), (explanation, false)] {
            for r in refs {
                // Moodle names its files in links through a placeholder folder; people know them
                // by their names.
                let shown = r.src.trim_start_matches("@@PLUGINFILE@@/");
                let what = match r.kind {
                    html::MediaKind::Sound => {
                        media
                            .lost
                            .push(format!("sound \"{shown}\" (cards carry no sound)"));
                        continue;
                    }
                    html::MediaKind::Picture => r,
                };
                let lower = what.src.to_ascii_lowercase();
                if lower.starts_with("http:") || lower.starts_with("https:") {
                    media.lost.push(format!(
                        "picture at {} (a link to the web, not carried in the file)",
                        what.src
                    ));
                    continue;
                }
                let Some(picture) = find(&what.src) else {
                    media.lost.push(format!("picture \"{shown}\" ({missing})"));
                    continue;
                };
                let slot = if for_question {
                    &mut media.image
                } else {
                    &mut media.explanation_image
                };
                if slot.is_some() {
                    media.lost.push(format!(
                        "picture \"{shown}\" (a card shows one picture with its question and one with its explanation)"
                    ));
                    continue;
                }
                match builder.add_picture(picture) {
                    Ok(name) => {
                        let alt = if what.alt.trim().is_empty() {
                            format!("Picture {name} from the imported card")
                        } else {
                            what.alt.trim().to_owned()
                        };
                        *slot = Some(Image {
                            file: name,
                            alt,
                            credit: String::new(),
                        });
                    }
                    Err(e) => media.lost.push(format!("picture: {e}")),
                }
            }
        }
        media
    }
}

/// One item left out of an import, with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {:.1} MB; files larger than 20 MB are refused", *.bytes as f64 / 1_048_576.0)]
    TooLarge { bytes: u64 },
    #[error("line {line}: the file is not UTF-8 text; save it as UTF-8 and import it again")]
    NotUtf8 { line: usize },
    #[error("the file is empty; expected questions or cards")]
    Empty,
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error(
        "its format was not recognised; expected an Anki package or text export, CSV, GIFT or Moodle XML"
    )]
    Unrecognised,
    /// An Anki package that cannot be read, with why.
    #[error("{0}")]
    Package(String),
}

/// Reads a file's bytes in the given format.
pub fn import(
    bytes: &[u8],
    format: Format,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > MAX_DECK_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(ImportError::NotUtf8 { line });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut builder = DeckBuilder::new(options);
    match format {
        Format::Anki => anki::read(text, &mut builder)?,
        Format::Csv => csv::read(text, &mut builder)?,
        Format::Gift => gift::read(text, &mut builder)?,
        Format::MoodleXml => moodle_xml::read(text, &mut builder)?,
    }
    Ok(builder.finish())
}

/// A file read by [`import_any`]: the deck, what it was read as, and for an Anki package its notes
/// and review history.
#[derive(Debug, Clone, PartialEq)]
pub struct AnyImport {
    pub imported: Imported,
    /// What the file was read as, for people: "GIFT", "an Anki package (collection.anki21b)".
    pub read_as: String,
    /// How a package was read and what it held that the deck cannot carry.
    pub notes: Vec<String>,
    /// A package's review log, mapped to the imported cards; empty for text formats.
    pub history: Vec<apkg::HistoryEntry>,
}

/// Reads any file the app imports: an Anki package, or a text format told from its content.
pub fn import_any(bytes: &[u8], options: &ImportOptions) -> Result<AnyImport, ImportError> {
    if apkg::is_package(bytes) {
        let package = apkg::import_package(bytes, options)?;
        return Ok(AnyImport {
            read_as: format!("an Anki package ({})", package.layout),
            imported: package.imported,
            notes: package.notes,
            history: package.history,
        });
    }
    let format = detect(bytes).ok_or(ImportError::Unrecognised)?;
    Ok(AnyImport {
        imported: import(bytes, format, options)?,
        read_as: format.label().to_owned(),
        notes: Vec::new(),
        history: Vec::new(),
    })
}

/// A deck written in another format, and what that format could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub text: String,
    /// Plain sentences, one per kind of loss; empty when the export is faithful.
    pub lost: Vec<String>,
}

pub fn export(deck: &Deck, format: Format) -> Exported {
    let mut lost = Losses::default();
    let text = match format {
        Format::Anki => anki::write(deck, &mut lost),
        Format::Csv => csv::write(deck, &mut lost),
        Format::Gift => gift::write(deck, &mut lost),
        Format::MoodleXml => moodle_xml::write(deck, &mut lost),
    };
    Exported {
        text,
        lost: lost.into_sentences(),
    }
}

/// What a deck can be exported as: a text format, or an Anki package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Text(Format),
    AnkiPackage,
}

impl Target {
    /// Every target, the most useful first (for choosing in the app).
    pub const ALL: [Target; 5] = [
        Target::AnkiPackage,
        Target::Text(Format::MoodleXml),
        Target::Text(Format::Gift),
        Target::Text(Format::Csv),
        Target::Text(Format::Anki),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Target::Text(format) => format.label(),
            Target::AnkiPackage => "an Anki package",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Target::Text(format) => format.extension(),
            Target::AnkiPackage => "apkg",
        }
    }

    /// The file's bytes and, one sentence each, what the format could not carry. Pictures are read
    /// from `pictures` for an Anki package.
    pub fn write(
        self,
        deck: &Deck,
        pictures: &crate::deck::media::MediaRoot,
    ) -> Result<(Vec<u8>, Vec<String>), String> {
        match self {
            Target::Text(format) => {
                let exported = export(deck, format);
                Ok((exported.text.into_bytes(), exported.lost))
            }
            Target::AnkiPackage => {
                let exported = apkg::export_package(deck, pictures)?;
                Ok((exported.bytes, exported.lost))
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Text(format) => write!(f, "{} (.{})", format.label(), format.extension()),
            Target::AnkiPackage => f.write_str("Anki package (.apkg)"),
        }
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "apkg" | "anki-package" => Ok(Target::AnkiPackage),
            _ => Format::from_str(s).map(Target::Text).map_err(|_| {
                format!(
                    "unknown format \"{s}\"; expected one of: apkg, anki, csv, gift, moodle-xml"
                )
            }),
        }
    }
}

/// Exports a deck into a folder under a name of its own (`<deck id>.<ext>`, or `-2`, `-3` … when
/// that is taken: nothing there is replaced); gives the file written and what was lost.
pub fn export_into(
    folder: &std::path::Path,
    deck: &Deck,
    pictures: &crate::deck::media::MediaRoot,
    target: Target,
) -> Result<(std::path::PathBuf, Vec<String>), String> {
    let (bytes, lost) = target.write(deck, pictures)?;
    for n in 1..1000 {
        let name = match n {
            1 => format!("{}.{}", deck.id, target.extension()),
            n => format!("{}-{n}.{}", deck.id, target.extension()),
        };
        let path = folder.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let written = crate::fsio::write_output(&path, &bytes, crate::fsio::Replace::forced(false))
            .map_err(|e| e.to_string())?;
        return Ok((written.path, lost));
    }
    Err(format!(
        "{} holds too many exports of \"{}\"; choose another folder",
        folder.display(),
        deck.id
    ))
}

/// One card read from a file, before it gets its id and is checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub line: usize,
    /// The source's own id or name for the item (Anki GUID, GIFT title, Moodle name), if any.
    pub name: Option<String>,
    /// The text an id is derived from when there is no name: what identifies the item to a teacher.
    pub key: String,
    pub topic: Option<String>,
    pub tags: Vec<String>,
    pub question: Question,
    pub explanation: String,
}

/// Collects imported cards: gives ids, declares topics, and checks each card as `validate` would.
pub(crate) struct DeckBuilder {
    deck: Deck,
    default_topic: String,
    ids: HashSet<String>,
    /// For each id base used twice, the suffix from which a free `base-N` is searched: every
    /// smaller one is taken, so many items with one base (a file repeating a question) stay linear.
    next_suffix: HashMap<String, usize>,
    topics: HashSet<String>,
    skipped: Vec<Skipped>,
    pictures: Vec<Picture>,
    lost: Vec<String>,
}

impl DeckBuilder {
    fn new(options: &ImportOptions) -> Self {
        DeckBuilder {
            deck: Deck {
                format: FORMAT_VERSION,
                id: options.deck_id.clone(),
                title: options.title.clone(),
                description: String::new(),
                language: options.language.clone(),
                authors: Vec::new(),
                topics: Vec::new(),
                cards: Vec::new(),
                sources: Default::default(),
            },
            default_topic: options.default_topic.clone(),
            ids: HashSet::new(),
            next_suffix: HashMap::new(),
            topics: HashSet::new(),
            skipped: Vec::new(),
            pictures: Vec::new(),
            lost: Vec::new(),
        }
    }

    pub fn skip(&mut self, line: usize, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            line,
            reason: reason.into(),
        });
    }

    /// Takes a picture carried in the file, checked as a deck's pictures are; gives the name cards
    /// refer to it by (the same picture twice is kept once).
    pub fn add_picture(&mut self, picture: Picture) -> Result<String, String> {
        let name = crate::deck::media::safe_name(&picture.name);
        crate::deck::media::check_bytes(&name, &picture.bytes).map_err(|e| e.to_string())?;
        if let Some(same) = self.pictures.iter().find(|p| p.bytes == picture.bytes) {
            return Ok(same.name.clone());
        }
        // Two pictures of one name (every question's "image.png") are told apart by a number.
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        let name = (1..)
            .map(|n| match n {
                1 => name.clone(),
                n => format!("{stem}-{n}.{ext}"),
            })
            .find(|candidate| !self.pictures.iter().any(|p| &p.name == candidate))
            .unwrap_or_default();
        self.pictures.push(Picture {
            name: name.clone(),
            bytes: picture.bytes,
        });
        Ok(name)
    }

    /// Adds a card with its pictures; what of its media could not come is listed under its id.
    pub fn add_with_media(&mut self, item: Item, media: ItemMedia) {
        let before = self.deck.cards.len();
        self.add(item);
        if let Some(card) = self.deck.cards.get_mut(before) {
            card.image = media.image;
            card.explanation_image = media.explanation_image;
            for what in media.lost {
                self.lost.push(format!("{}: {what}", card.id));
            }
        }
    }

    /// Adds a card, or reports it skipped when it breaks a rule of the deck format.
    pub fn add(&mut self, item: Item) {
        let topic = item
            .topic
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| self.default_topic.clone());
        let base = item
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(id_from_name)
            .unwrap_or_else(|| id_from_text(&item.key));
        let (id, suffix) = self.free_id(&base);
        let mut seen = HashSet::new();
        let mut tags: Vec<String> = Vec::new();
        for tag in item.tags {
            let tag = tag.trim();
            if !tag.is_empty() && seen.insert(tag.to_owned()) {
                tags.push(tag.to_owned());
            }
        }
        let card = Card {
            id,
            topic: topic.clone(),
            tags,
            question: item.question,
            explanation: item.explanation.trim().to_owned(),
            sources: Vec::new(),
            image: None,
            explanation_image: None,
        };
        let errors = card_errors(&card);
        if !errors.is_empty() {
            self.skip(item.line, errors.join("; "));
            return;
        }
        if self.topics.insert(topic.clone()) {
            self.deck.topics.push(topic);
        }
        if let Some(n) = suffix {
            self.next_suffix.insert(base, n);
        }
        self.ids.insert(card.id.clone());
        self.deck.cards.push(card);
    }

    /// `base` when it is free, else the first free `base-2`, `base-3` …, with the suffix used.
    fn free_id(&self, base: &str) -> (String, Option<usize>) {
        if !self.ids.contains(base) {
            return (base.to_owned(), None);
        }
        let mut n = self.next_suffix.get(base).copied().unwrap_or(2);
        loop {
            let id = format!("{base}-{n}");
            if !self.ids.contains(&id) {
                return (id, Some(n));
            }
            n += 1;
        }
    }

    fn finish(mut self) -> Imported {
        self.skipped.sort_by_key(|s| s.line);
        // A deck needs a topic even when nothing could be imported into it.
        if self.deck.topics.is_empty() {
            self.deck.topics.push(self.default_topic);
        }
        // Pictures no card kept (their card was skipped) are not stored.
        let used: HashSet<&str> = self
            .deck
            .cards
            .iter()
            .flat_map(Card::images)
            .map(|i| i.file.as_str())
            .collect();
        let pictures = self
            .pictures
            .into_iter()
            .filter(|p| used.contains(p.name.as_str()))
            .collect();
        Imported {
            deck: self.deck,
            skipped: self.skipped,
            pictures,
            lost: self.lost,
        }
    }
}

/// The errors the deck validator finds in one card on its own.
fn card_errors(card: &Card) -> Vec<String> {
    let deck = Deck {
        format: FORMAT_VERSION,
        id: "check".into(),
        title: "check".into(),
        description: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        topics: vec![card.topic.clone()],
        cards: vec![card.clone()],
        sources: Default::default(),
    };
    validate("", "", &deck)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let who = format!("card \"{}\": ", card.id);
            d.message
                .strip_prefix(&who)
                .unwrap_or(&d.message)
                .to_owned()
        })
        .collect()
}

/// A source's name as a card id: kept when it already is a valid id, so ids survive a round trip;
/// otherwise a slug with a short hash of the name, so names differing only in case or symbols
/// (as Anki GUIDs do) still give different ids.
fn id_from_name(name: &str) -> String {
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        return name.to_owned();
    }
    let base = slug(name, 32);
    let hash = short_hash(name);
    if base == "card" {
        format!("n-{hash}")
    } else {
        format!("{base}-{hash}")
    }
}

/// An id from an item's text: its first words plus a short hash of the whole, so it is readable and
/// changes only when that text changes.
fn id_from_text(text: &str) -> String {
    let normalised: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = slug(&normalised, 24);
    let hash = short_hash(&normalised);
    if words == "card" {
        format!("q-{hash}")
    } else {
        format!("{words}-{hash}")
    }
}

fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// What an export could not carry, grouped by kind of loss, in the order first met.
#[derive(Debug, Default)]
pub(crate) struct Losses {
    entries: Vec<(String, Vec<String>)>,
}

impl Losses {
    /// The card's topic when it starts a new Moodle category (the cards of a topic are written one
    /// after another), noting a topic holding `/`, which Moodle reads as a sub-category.
    pub fn category_change<'a>(
        &mut self,
        current: &mut Option<&'a str>,
        card: &'a Card,
    ) -> Option<&'a str> {
        if *current == Some(card.topic.as_str()) {
            return None;
        }
        *current = Some(&card.topic);
        if card.topic.contains('/') {
            self.card(
                "topic names holding /, which Moodle reads as a sub-category",
                &card.id,
            );
        }
        Some(&card.topic)
    }

    /// Notes that card `id` lost `what`.
    pub fn card(&mut self, what: impl Into<String>, id: &str) {
        let what = what.into();
        match self.entries.iter_mut().find(|(w, _)| *w == what) {
            Some((_, ids)) => ids.push(id.to_owned()),
            None => self.entries.push((what, vec![id.to_owned()])),
        }
    }

    /// Notes a loss that concerns the whole deck.
    pub fn deck(&mut self, what: impl Into<String>) {
        self.entries.push((what.into(), Vec::new()));
    }

    /// The deck's own fields no format here carries.
    pub fn deck_fields(&mut self, deck: &Deck, carries_title: bool) {
        if !carries_title {
            self.deck(format!(
                "the deck's id \"{}\" and title \"{}\" (an import names the deck after the file)",
                deck.id, deck.title
            ));
        }
        if !deck.description.trim().is_empty() {
            self.deck("the deck's description");
        }
        if !deck.authors.is_empty() {
            self.deck("the deck's authors");
        }
        if deck.language != "en" {
            self.deck(format!("the deck's language \"{}\"", deck.language));
        }
    }

    /// Notes what no format here carries: sources, pictures, and a map question's map.
    pub fn card_extras(&mut self, card: &Card) {
        if card.sources.iter().any(|s| !s.trim().is_empty()) {
            self.card("sources", &card.id);
        }
        if card.image.is_some() || card.explanation_image.is_some() {
            self.card("pictures", &card.id);
        }
        if card.question.kind() == crate::deck::QuestionKind::MapPoint {
            self.card(MAP_AS_NAME, &card.id);
        }
    }

    /// Topics a format carries only through its cards: empty ones and their declared order are lost.
    pub fn topics(&mut self, deck: &Deck) {
        let mut used: Vec<&str> = Vec::new();
        for card in &deck.cards {
            if !used.contains(&card.topic.as_str()) {
                used.push(&card.topic);
            }
        }
        for topic in &deck.topics {
            if !used.contains(&topic.as_str()) {
                self.deck(format!("topic \"{topic}\", which has no cards"));
            }
        }
        let declared: Vec<&str> = deck
            .topics
            .iter()
            .map(String::as_str)
            .filter(|t| used.contains(t))
            .collect();
        if declared != used {
            self.deck(
                "the order of topics (an import lists them in the order their first card appears)",
            );
        }
    }

    fn into_sentences(self) -> Vec<String> {
        self.entries
            .into_iter()
            .map(|(what, ids)| match ids.len() {
                0 => what,
                n => {
                    let shown: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
                    let more = if n > 5 {
                        format!(" and {} more", n - 5)
                    } else {
                        String::new()
                    };
                    let cards = if n == 1 { "card" } else { "cards" };
                    format!("{what}: {n} {cards} ({}{more})", shown.join(", "))
                }
            })
            .collect()
    }
}

/// Joins explanation parts that are not empty, one per paragraph.
pub(crate) fn join_explanation(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Question text a format without Order cards uses instead: each item matched to its place.
/// Importers turn a match whose right sides are exactly `1`, `2`, … `n` back into an Order card,
/// since matching items to their places is ordering them.
pub(crate) fn order_as_pairs(items: &[String]) -> Vec<(String, String)> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.clone(), (i + 1).to_string()))
        .collect()
}

/// A Match read from a file, or an Order card when it matches items to places `1`…`n`.
pub(crate) fn match_or_order(prompt: String, pairs: Vec<(String, String)>) -> Question {
    let is_order = pairs.len() >= 2
        && pairs
            .iter()
            .enumerate()
            .all(|(i, (_, right))| right.trim() == (i + 1).to_string());
    if is_order {
        Question::Order {
            prompt,
            items: pairs.into_iter().map(|(left, _)| left).collect(),
        }
    } else {
        Question::Match { prompt, pairs }
    }
}

/// The loss note for Order cards in quiz formats.
pub(crate) const ORDER_AS_MATCH: &str =
    "Order cards have no native type; written as matching each item to its place 1, 2, 3 …";

/// The loss note for flashcards in quiz formats.
const MAP_AS_NAME: &str =
    "maps: map questions are written as questions answered with the place's name";

pub(crate) const FLASHCARD_AS_SHORT_ANSWER: &str = "flashcards have no native type; written as short-answer questions with the back as the answer, so they come back as typed-answer cards";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("Moodle_XML".parse::<Format>(), Ok(Format::MoodleXml));
        assert!(
            "docx"
                .parse::<Format>()
                .unwrap_err()
                .contains("expected one of")
        );
    }

    #[test]
    fn detects_formats_from_content() {
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><quiz></quiz>"),
            Some(Format::MoodleXml)
        );
        assert_eq!(
            detect(b"#separator:tab\n#html:false\na\tb\n"),
            Some(Format::Anki)
        );
        assert_eq!(detect(b"::Q1::Is it?{T}\n"), Some(Format::Gift));
        assert_eq!(detect(b"// quiz\nWhere?{=Changchun}\n"), Some(Format::Gift));
        assert_eq!(
            detect(b"$CATEGORY: Causes\n\nWhen?{#1922}\n"),
            Some(Format::Gift)
        );
        assert_eq!(
            detect(b"{{c1::Joffe}} led the delegation\t\n"),
            Some(Format::Anki)
        );
        assert_eq!(detect(b"Joffe\tRSFSR\nYanson\tFER\n"), Some(Format::Csv));
        assert_eq!(detect(b"   \n"), None);
        assert_eq!(detect(&[0xff, 0xfe, 0x00]), None);
    }

    #[test]
    fn ids_from_names_and_texts_are_valid_and_stable() {
        assert_eq!(id_from_name("Q1"), "Q1");
        assert_eq!(
            id_from_name("Who led?"),
            format!("who-led-{}", short_hash("Who led?"))
        );
        assert_ne!(id_from_name("f!AbC"), id_from_name("f!abc"));
        assert_eq!(id_from_name("長春"), format!("n-{}", short_hash("長春")));
        let a = id_from_text("Who led the  RSFSR delegation?");
        assert_eq!(a, id_from_text("Who led the RSFSR\ndelegation?"));
        assert_ne!(a, id_from_text("Who led the FER delegation?"));
        assert!(a.starts_with("who-led-the-rsfsr-"), "{a}");
    }

    #[test]
    fn decks_are_named_after_the_file() {
        let options = ImportOptions::from_file_name("Quiz 3 (Changchun)");
        assert_eq!(
            (options.deck_id.as_str(), options.title.as_str()),
            ("quiz-3-changchun", "Quiz 3 (Changchun)")
        );
        assert_eq!(ImportOptions::from_file_name("長春").deck_id, "imported");
        assert_eq!(ImportOptions::from_file_name("").title, "Imported deck");
    }

    #[test]
    fn order_survives_as_numbered_pairs() {
        let items = vec!["Dairen".to_owned(), "Changchun".to_owned()];
        let q = match_or_order("Order".into(), order_as_pairs(&items));
        assert_eq!(
            q,
            Question::Order {
                prompt: "Order".into(),
                items
            }
        );
        let pairs = vec![
            ("a".to_owned(), "2".to_owned()),
            ("b".to_owned(), "1".to_owned()),
        ];
        assert!(matches!(
            match_or_order("p".into(), pairs),
            Question::Match { .. }
        ));
    }

    #[test]
    fn oversized_and_non_utf8_files_are_refused() {
        let big = vec![b'a'; MAX_DECK_BYTES as usize + 1];
        assert!(matches!(
            import(&big, Format::Csv, &ImportOptions::default()),
            Err(ImportError::TooLarge { .. })
        ));
        assert_eq!(
            import(b"a,b\nc,\xff\n", Format::Csv, &ImportOptions::default()),
            Err(ImportError::NotUtf8 { line: 2 })
        );
        assert_eq!(
            import(b" \n\n", Format::Gift, &ImportOptions::default()),
            Err(ImportError::Empty)
        );
    }
}
