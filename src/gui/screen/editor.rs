//! The deck editor: the deck's details, its cards with a form for each question kind (in `form`),
//! live validation beside the field concerned, a learner's preview that checks answers, and saving
//! handed to the app as an Action so the window never waits on the disk.

mod form;

use crate::answer::{self, Checked, NumberError, parse_number};
use crate::deck::edit::{self, CardEdit, DeckEdit, Direction, PictureSlot};
use crate::deck::media::MediaRoot;
use crate::deck::{Card, Deck, Diagnostic, Field, FieldPath, Image, Origin, Question, Spot};
use crate::gui::context::Context;
use crate::gui::theme;
use crate::gui::widget::button;
use crate::gui::widget::question::{self, Attempt};
use crate::profile::AddedDeck;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{Id, column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Length, Task};
use std::path::PathBuf;
use std::sync::Arc;

/// A text field of the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckText {
    Id,
    Title,
    Description,
    Language,
    /// Written on one line, separated by commas.
    Authors,
    /// Written on one line, separated by commas.
    Topics,
}

/// A text field of the selected card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardText {
    Id,
    /// The front, prompt, statement or cloze text.
    Prompt,
    Back,
    /// An option, an accepted answer, an order item, or the left side of a pair.
    Item(usize),
    /// The right side of a pair.
    Right(usize),
    Answer,
    Tolerance,
    Unit,
    /// Written on one line, separated by commas.
    Tags,
    Explanation,
    /// Written on one line, separated by semicolons.
    Sources,
    PictureFile(PictureSlot),
    PictureAlt(PictureSlot),
    PictureCredit(PictureSlot),
    /// A map question's right place.
    PlaceName,
    Radius,
}

impl DeckText {
    /// The input's id, for focus and tests.
    pub fn id(self) -> Id {
        Id::new(match self {
            DeckText::Id => "deck-id",
            DeckText::Title => "deck-title",
            DeckText::Description => "deck-description",
            DeckText::Language => "deck-language",
            DeckText::Authors => "deck-authors",
            DeckText::Topics => "deck-topics",
        })
    }
}

impl CardText {
    /// The input's id, for focus and tests.
    pub fn id(self) -> Id {
        match self {
            CardText::Id => Id::new("card-id"),
            CardText::Prompt => Id::new("card-prompt"),
            CardText::Back => Id::new("card-back"),
            CardText::Item(i) => Id::from(format!("card-item-{i}")),
            CardText::Right(i) => Id::from(format!("card-right-{i}")),
            CardText::Answer => Id::new("card-answer"),
            CardText::Tolerance => Id::new("card-tolerance"),
            CardText::Unit => Id::new("card-unit"),
            CardText::Tags => Id::new("card-tags"),
            CardText::Explanation => Id::new("card-explanation"),
            CardText::Sources => Id::new("card-sources"),
            CardText::PictureFile(slot) => Id::from(format!("card-picture-file-{slot:?}")),
            CardText::PictureAlt(slot) => Id::from(format!("card-picture-alt-{slot:?}")),
            CardText::PictureCredit(slot) => Id::from(format!("card-picture-credit-{slot:?}")),
            CardText::PlaceName => Id::new("card-place-name"),
            CardText::Radius => Id::new("card-radius"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Text typed into a field of the deck.
    DeckText(DeckText, String),
    /// Text typed into a field of the selected card.
    CardText(CardText, String),
    /// A change to the selected card that is chosen rather than typed: topic, kind, a right option,
    /// an item added, removed or moved.
    Card(CardEdit),
    Select(usize),
    AddCard,
    DuplicateCard,
    DeleteCard,
    MoveCard(Direction),
    Find(String),
    FocusFind,
    /// Shows or hides the deck's own fields.
    ToggleDetails,
    TogglePreview,
    Preview(question::Message),
    /// Another go at the previewed question after its answer was checked.
    PreviewAgain,
    Save,
    /// The deck as written and read back from its file, or why it could not be written.
    Saved(Result<Arc<AddedDeck>, String>),
    /// Save, then back to the library once the deck is written.
    SaveAndBack,
    Back,
    /// Back to the library without saving.
    Discard,
    KeepEditing,
    /// What a click on a map question's map sets: the right place, or a marker.
    MapClicks(MapClick),
    MapClicked(Spot),
    /// Asks for a picture file to copy beside the deck.
    ChoosePicture(PictureSlot),
    /// A picture was copied beside the deck under this name, or why not.
    PictureAdded(PictureSlot, Result<String, String>),
}

/// What a click on the map in the editor sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapClick {
    Target,
    Marker(usize),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Write the deck to its file; the app sends the outcome back as `Message::Saved`.
    Save {
        deck: Deck,
        path: PathBuf,
    },
    /// Back to the library; the deck was saved or its changes were discarded.
    Back,
    /// Ask for a picture file; the app hands it to [`Editor::add_picture`].
    ChoosePicture,
}

/// Fields typed as text but kept as lists or numbers: the text as typed, so that a comma about to be
/// followed by a word, or "19" on the way to "1922", is kept while the deck holds what it parses to.
#[derive(Debug, Default)]
struct Drafts {
    authors: String,
    topics: String,
    tags: String,
    sources: String,
    answer: String,
    tolerance: String,
    radius: String,
}

/// The selected card asked as a learner would see it, and the verdict once answered.
struct Preview {
    attempt: Attempt,
    checked: Option<Checked>,
}

impl Preview {
    fn new(question: Question) -> Self {
        Preview {
            attempt: Attempt::new(question, &mut rand::rng()),
            checked: None,
        }
    }
}

pub struct Editor {
    deck: Deck,
    /// Where saving writes: the deck's own file for a user deck, else a new file in the user's deck folder.
    path: PathBuf,
    selected: Option<usize>,
    /// Edits made since the editor opened; a save is current when it wrote the latest one.
    revision: u64,
    saved_revision: u64,
    /// The revision being written, while a save is under way.
    saving: Option<u64>,
    back_after_save: bool,
    find: String,
    /// Findings about the deck as it is in memory, refreshed after every edit.
    diagnostics: Vec<Diagnostic>,
    drafts: Drafts,
    preview: Option<Preview>,
    confirm_back: bool,
    /// Whether the deck's own fields (id, title, topics …) are shown above the cards.
    show_details: bool,
    status: Option<String>,
    map_click: MapClick,
    /// The picture slot a file is being chosen for.
    choosing: Option<PictureSlot>,
}

const FIND_ID: &str = "editor-find";
const LIST_ID: &str = "editor-cards";
const FORM_ID: &str = "editor-card-form";

impl Editor {
    /// Opens a deck of the library for editing; `None` starts a new deck from the template.
    pub fn new(deck_id: Option<&str>, context: &Context) -> Self {
        let library = context.profile.library();
        let decks = context.profile.data().decks();
        let entry = deck_id.and_then(|id| library.entry(id));
        let (deck, path) =
            match entry.and_then(|e| e.deck.as_deref().map(|d| (d.clone(), e.origin.clone()))) {
                Some((deck, Origin::File(path))) => (deck, path),
                // Editing a bundled deck saves a copy to the user's folder, which then overrides it.
                Some((deck, Origin::Bundled(_))) => {
                    let path = decks.join(format!("{}.ron", deck.id));
                    (deck, path)
                }
                None => {
                    let mut deck = crate::deck::save::template_deck();
                    let mut n = 1;
                    while library.deck(&deck.id).is_some() {
                        n += 1;
                        deck.id = format!("new-deck-{n}");
                    }
                    let path = decks.join(format!("{}.ron", deck.id));
                    (deck, path)
                }
            };
        let mut editor = Editor {
            selected: (!deck.cards.is_empty()).then_some(0),
            deck,
            path,
            revision: 0,
            saved_revision: 0,
            saving: None,
            back_after_save: false,
            find: String::new(),
            diagnostics: Vec::new(),
            drafts: Drafts::default(),
            preview: None,
            confirm_back: false,
            show_details: deck_id.is_none(),
            status: None,
            map_click: MapClick::Target,
            choosing: None,
        };
        editor.drafts.authors = edit::write_list(Field::Authors, &editor.deck.authors);
        editor.drafts.topics = edit::write_list(Field::Topics, &editor.deck.topics);
        editor.sync_card_drafts();
        editor.validate();
        editor
    }

    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Errors that stop a save: the deck's own, and number fields whose text is not a number.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count() + self.unparsed().len()
    }

    /// The verdict on the previewed answer, once it was checked.
    pub fn preview_verdict(&self) -> Option<&Checked> {
        self.preview.as_ref().and_then(|p| p.checked.as_ref())
    }

    /// The text shown in a list or number field of the deck or the selected card.
    pub fn draft(&self, field: Field) -> Option<&str> {
        let d = &self.drafts;
        Some(match field {
            Field::Authors => &d.authors,
            Field::Topics => &d.topics,
            Field::Tags => &d.tags,
            Field::Sources => &d.sources,
            Field::Answer => &d.answer,
            Field::Tolerance => &d.tolerance,
            Field::Radius => &d.radius,
            _ => return None,
        })
    }

    fn validate(&mut self) {
        self.diagnostics = edit::findings(&self.path.display().to_string(), &self.deck);
    }

    fn card(&self) -> Option<&Card> {
        self.selected.and_then(|i| self.deck.cards.get(i))
    }

    /// Number fields of the selected card whose text does not read as a number, with why.
    fn unparsed(&self) -> Vec<(Field, NumberError)> {
        let read = match self.card().map(|c| &c.question) {
            Some(Question::Number { .. }) => vec![
                (Field::Answer, read_number(&self.drafts.answer, None)),
                (
                    Field::Tolerance,
                    read_number(&self.drafts.tolerance, Some(0.0)),
                ),
            ],
            Some(Question::MapPoint { .. }) => {
                vec![(Field::Radius, read_number(&self.drafts.radius, None))]
            }
            _ => Vec::new(),
        };
        read.into_iter()
            .filter_map(|(field, read)| read.err().map(|e| (field, e)))
            .collect()
    }

    /// Why a number field's text is refused, to show beside it.
    fn number_error(&self, field: Field) -> Option<NumberError> {
        self.unparsed()
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }

    /// The texts of the selected card's list and number fields, from the card as it is.
    fn sync_card_drafts(&mut self) {
        let Some(card) = self.card() else {
            return;
        };
        let tags = edit::write_list(Field::Tags, &card.tags);
        let sources = edit::write_list(Field::Sources, &card.sources);
        let numbers = match &card.question {
            Question::Number {
                answer, tolerance, ..
            } => Some((
                crate::deck::model::format_number(*answer),
                crate::deck::model::format_number(*tolerance),
            )),
            _ => None,
        };
        let radius = match &card.question {
            Question::MapPoint { radius, .. } => Some(crate::deck::model::format_number(*radius)),
            _ => None,
        };
        self.drafts.tags = tags;
        self.drafts.sources = sources;
        if let Some((answer, tolerance)) = numbers {
            self.drafts.answer = answer;
            self.drafts.tolerance = tolerance;
        }
        if let Some(radius) = radius {
            self.drafts.radius = radius;
        }
    }

    /// Whether the selection may move to another card: not while the selected card's number
    /// fields hold text that is not a number, which would otherwise be lost unseen.
    fn may_leave_card(&mut self) -> bool {
        let unparsed = self.unparsed();
        if let Some((field, e)) = unparsed.first() {
            self.status = Some(format!("Correct the {} first: {e}.", field.name()));
            return false;
        }
        true
    }

    fn select(&mut self, selected: Option<usize>) {
        self.selected = selected;
        self.preview = None;
        self.sync_card_drafts();
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::DeckText(field, value) => {
                let change = match field {
                    DeckText::Id => DeckEdit::Id(value),
                    DeckText::Title => DeckEdit::Title(value),
                    DeckText::Description => DeckEdit::Description(value),
                    DeckText::Language => DeckEdit::Language(value),
                    DeckText::Authors => {
                        let list = edit::parse_list(Field::Authors, &value);
                        self.drafts.authors = value;
                        DeckEdit::Authors(list)
                    }
                    DeckText::Topics => {
                        let list = edit::parse_list(Field::Topics, &value);
                        self.drafts.topics = value;
                        DeckEdit::Topics(list)
                    }
                };
                edit::edit_deck(&mut self.deck, change);
                self.edited();
            }
            Message::CardText(field, value) => {
                if let Some(change) = self.card_text(field, value) {
                    self.edit_card(change);
                }
                self.edited();
            }
            Message::Card(change) => {
                self.edit_card(change);
                self.sync_card_drafts();
                self.edited();
            }
            Message::Select(i) => {
                if self.selected != Some(i) && self.may_leave_card() {
                    self.select(Some(i).filter(|&i| i < self.deck.cards.len()));
                }
            }
            Message::AddCard => {
                if self.may_leave_card() {
                    let at = edit::add_card(&mut self.deck, self.selected);
                    self.select(Some(at));
                    self.edited();
                }
            }
            Message::DuplicateCard => {
                if let Some(i) = self.selected
                    && self.may_leave_card()
                {
                    let copy = edit::duplicate_card(&mut self.deck, i);
                    self.select(copy);
                    self.edited();
                }
            }
            Message::DeleteCard => {
                if let Some(i) = self.selected {
                    let next = edit::delete_card(&mut self.deck, i);
                    self.select(next);
                    self.edited();
                }
            }
            Message::MoveCard(direction) => {
                if let Some(i) = self.selected
                    && let Some(j) = edit::move_one(&mut self.deck.cards, i, direction)
                {
                    self.selected = Some(j);
                    self.edited();
                }
            }
            Message::Find(s) => self.find = s,
            Message::FocusFind => {
                return Action::Run(iced::widget::operation::focus(Id::new(FIND_ID)));
            }
            Message::ToggleDetails => self.show_details = !self.show_details,
            Message::TogglePreview => {
                self.preview = match (&self.preview, self.card()) {
                    (None, Some(card)) => Some(Preview::new(card.question.clone())),
                    _ => None,
                };
                if let Some(p) = &self.preview {
                    return Action::Run(Task::batch([
                        p.attempt.focus().map(Message::Preview),
                        iced::widget::operation::snap_to_end(FORM_ID),
                    ]));
                }
            }
            Message::Preview(m) => {
                if let Some(p) = &mut self.preview
                    && p.checked.is_none()
                    && let Some(response) = p.attempt.update(m)
                {
                    p.checked = Some(answer::check(&p.attempt.question, &response));
                }
            }
            Message::PreviewAgain => {
                if let Some(card) = self.card() {
                    let p = Preview::new(card.question.clone());
                    let focus = p.attempt.focus().map(Message::Preview);
                    self.preview = Some(p);
                    return Action::Run(focus);
                }
            }
            Message::Save => return self.save(),
            Message::SaveAndBack => {
                if !self.is_dirty() {
                    return Action::Back;
                }
                self.back_after_save = true;
                return self.save();
            }
            Message::Saved(result) => return self.saved(result, context),
            Message::Back => {
                if self.is_dirty() {
                    self.confirm_back = true;
                } else {
                    return Action::Back;
                }
            }
            Message::MapClicks(what) => self.map_click = what,
            Message::MapClicked(spot) => {
                let change = match self.map_click {
                    MapClick::Target => CardEdit::Target(spot),
                    MapClick::Marker(i) => CardEdit::MarkerAt(i, spot),
                };
                self.edit_card(change);
                self.edited();
            }
            Message::ChoosePicture(slot) => {
                self.choosing = Some(slot);
                return Action::ChoosePicture;
            }
            Message::PictureAdded(slot, result) => match result {
                Ok(file) => {
                    // A name typed before the file was there was read as missing: read it again.
                    context.pictures.forget(&self.media_root(), &file);
                    // Pictures added from outside start with the file's name as a reminder to
                    // describe them; the alt field shows the finding until it is written.
                    if let Some(change) = self.picture_edit(slot, |i| i.file = file.clone()) {
                        self.edit_card(change);
                        self.edited();
                    }
                }
                Err(e) => self.status = Some(format!("The picture was not added: {e}")),
            },
            Message::Discard => return Action::Back,
            Message::KeepEditing => {
                self.confirm_back = false;
                self.back_after_save = false;
            }
        }
        Action::None
    }

    /// The edit that text typed into a card's field makes; list and number fields keep the text.
    fn card_text(&mut self, field: CardText, value: String) -> Option<CardEdit> {
        Some(match field {
            CardText::Id => CardEdit::Id(value),
            CardText::Prompt => CardEdit::Prompt(value),
            CardText::Back => CardEdit::Back(value),
            CardText::Item(i) => CardEdit::Item(i, value),
            CardText::Right(i) => CardEdit::Right(i, value),
            CardText::Unit => CardEdit::Unit(value),
            CardText::Explanation => CardEdit::Explanation(value),
            CardText::Tags => {
                let list = edit::parse_list(Field::Tags, &value);
                self.drafts.tags = value;
                CardEdit::Tags(list)
            }
            CardText::Sources => {
                let list = edit::parse_list(Field::Sources, &value);
                self.drafts.sources = value;
                CardEdit::Sources(list)
            }
            // A number that does not read leaves the card as it was; the field shows why.
            CardText::Answer => {
                let number = read_number(&value, None);
                self.drafts.answer = value;
                CardEdit::Answer(number.ok()?)
            }
            CardText::Tolerance => {
                let number = read_number(&value, Some(0.0));
                self.drafts.tolerance = value;
                CardEdit::Tolerance(number.ok()?)
            }
            CardText::Radius => {
                let number = read_number(&value, None);
                self.drafts.radius = value;
                CardEdit::Radius(number.ok()?)
            }
            CardText::PlaceName => CardEdit::PlaceName(value),
            CardText::PictureFile(slot) => self.picture_edit(slot, |i| i.file = value)?,
            CardText::PictureAlt(slot) => self.picture_edit(slot, |i| i.alt = value)?,
            CardText::PictureCredit(slot) => self.picture_edit(slot, |i| i.credit = value)?,
        })
    }

    /// A change to one text of a picture: a card without a picture in that slot gets one, and a
    /// picture whose texts are all cleared goes (a map question keeps its map).
    fn picture_edit(&self, slot: PictureSlot, change: impl FnOnce(&mut Image)) -> Option<CardEdit> {
        let card = self.card()?;
        let mut image = edit::picture(card, slot).cloned().unwrap_or_default();
        change(&mut image);
        let cleared = image == Image::default() && slot != PictureSlot::Map;
        Some(CardEdit::Picture(slot, (!cleared).then_some(image)))
    }

    /// Where the deck's pictures are found: beside the file the editor saves to. A copy of a
    /// bundled deck finds the app's own pictures there until it is saved with them.
    pub fn media_root(&self) -> MediaRoot {
        MediaRoot::of_deck_file(&self.path)
    }

    /// The pictures of the selected card, to read and show beside its fields.
    pub fn pictures_shown(&self) -> Vec<(MediaRoot, Image)> {
        self.card()
            .map(|card| {
                card.images()
                    .filter(|i| crate::deck::media::check_path(&i.file).is_ok())
                    .map(|i| (self.media_root(), i.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Copies a chosen picture file beside the deck, for the slot it was chosen for.
    pub fn add_picture(&mut self, source: PathBuf) -> Task<Message> {
        let Some(slot) = self.choosing.take() else {
            return Task::none();
        };
        let folder = self
            .path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        crate::gui::task::add_picture(source, folder, move |r| Message::PictureAdded(slot, r))
    }

    /// Takes a picture dropped on the window, for the card's map or else its question.
    pub fn picture_dropped(&mut self, source: PathBuf) -> Task<Message> {
        let slot = match self.card().map(|c| c.question.kind()) {
            None => return Task::none(),
            Some(crate::deck::QuestionKind::MapPoint) => PictureSlot::Map,
            Some(_) => PictureSlot::Prompt,
        };
        self.choosing = Some(slot);
        self.add_picture(source)
    }

    fn edit_card(&mut self, change: CardEdit) {
        if let Some(card) = self.selected.and_then(|i| self.deck.cards.get_mut(i)) {
            edit::edit_card(card, change);
        }
    }

    /// After any change to the deck: mark it unsaved, check it again, and refresh the preview.
    fn edited(&mut self) {
        self.revision += 1;
        if self.saving.is_none() {
            self.status = None;
        }
        self.validate();
        if self.preview.is_some()
            && let Some(card) = self.card()
        {
            self.preview = Some(Preview::new(card.question.clone()));
        }
    }

    fn save(&mut self) -> Action {
        if self.saving.is_some() {
            return Action::None;
        }
        let errors = self.errors();
        if errors > 0 {
            self.back_after_save = false;
            self.status = Some(format!(
                "Not saved: fix the {errors} error(s) shown in red first."
            ));
            return Action::None;
        }
        self.saving = Some(self.revision);
        self.status = Some("Saving…".into());
        Action::Save {
            deck: self.deck.clone(),
            path: self.path.clone(),
        }
    }

    fn saved(&mut self, result: Result<Arc<AddedDeck>, String>, context: &mut Context) -> Action {
        let revision = self.saving.take().unwrap_or(self.saved_revision);
        self.back_after_save &= result.is_ok();
        let added = match result {
            Ok(added) => added,
            Err(e) => {
                self.status = Some(format!("Not saved: {e}"));
                return Action::None;
            }
        };
        let entry = &added.entry;
        if entry.deck.is_none() {
            let why = entry
                .first_error()
                .map_or_else(String::new, |e| format!(": {e}"));
            self.status = Some(format!(
                "Saved to {}, but it does not load back{why}",
                self.path.display()
            ));
            self.back_after_save = false;
            return Action::None;
        }
        let warnings = entry.diagnostics.iter().filter(|d| !d.is_error()).count();
        self.saved_revision = revision;
        self.status = Some(if warnings > 0 {
            format!(
                "Saved to {} with {warnings} warning(s).",
                self.path.display()
            )
        } else {
            format!("Saved to {}.", self.path.display())
        });
        // The outcome of a save arrives once, so the deck is this message's alone to hand over.
        if let Ok(added) = Arc::try_unwrap(added) {
            context.profile.add_deck(added);
        }
        if std::mem::take(&mut self.back_after_save) && !self.is_dirty() {
            return Action::Back;
        }
        Action::None
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if let Some(p) = &self.preview
            && p.checked.is_none()
            && let Some(m) = p.attempt.key(key, modifiers)
        {
            return Some(Message::Preview(m));
        }
        use crate::gui::shortcuts::{self, Editor as K};
        Some(match shortcuts::find(shortcuts::EDITOR, key, modifiers)? {
            K::Save => Message::Save,
            K::AddCard => Message::AddCard,
            K::Find => Message::FocusFind,
            K::Back if self.confirm_back => Message::KeepEditing,
            K::Back if self.preview.is_some() => Message::TogglePreview,
            K::Back => Message::Back,
        })
    }

    /// Findings about one field of the deck or of a card.
    fn findings(&self, path: FieldPath) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.field == Some(path))
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        if self.confirm_back {
            return container(
                column![
                    text("This deck has unsaved changes.").size(theme::SIZE_QUESTION),
                    row![
                        button(text("Save and go back"))
                            .style(theme::primary)
                            .padding(theme::BUTTON_PADDING)
                            .on_press(Message::SaveAndBack),
                        button(text("Discard changes"))
                            .style(theme::danger_confirm)
                            .padding(theme::BUTTON_PADDING)
                            .on_press(Message::Discard),
                        button(text("Keep editing  [Esc]"))
                            .style(theme::secondary)
                            .padding(theme::BUTTON_PADDING)
                            .on_press(Message::KeepEditing),
                    ]
                    .spacing(theme::SPACE_M),
                    text(self.status.as_deref().unwrap_or_default()),
                ]
                .spacing(theme::SPACE_L),
            )
            .center(Fill)
            .into();
        }
        let errors = self.errors();
        let warnings = self.diagnostics.iter().filter(|d| !d.is_error()).count();
        let header = row![
            text(format!(
                "{}{}",
                self.deck.title,
                if self.is_dirty() { " •" } else { "" }
            ))
            .size(theme::SIZE_QUESTION)
            .font(theme::BOLD)
            .width(Fill),
            button(text("Save  [Ctrl+S]"))
                .style(theme::primary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::Save),
            button(text("Back  [Esc]"))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::Back),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Center);
        let deck_errors = self
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.field.is_some_and(|f| f.card().is_none()));
        // The status line is always there, empty or not, so that the widgets below keep their
        // place in the tree and the field being typed in keeps its focus when it changes.
        let status = row![
            text(format!("{errors} error(s), {warnings} warning(s)")).style(if errors > 0 {
                theme::wrong_text
            } else {
                theme::right_text
            }),
            button(text(match (self.show_details, deck_errors) {
                (true, _) => "Hide deck details",
                (false, false) => "Deck details…",
                (false, true) => "⚠ Deck details…",
            }))
            .style(theme::secondary)
            .on_press(Message::ToggleDetails),
            text(self.status.as_deref().unwrap_or_default()).width(Fill),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Center);
        let mut page = column![header, status].spacing(theme::SPACE_M);
        if self.show_details {
            page = page.push(self.deck_form());
        }
        let page = page.push(
            row![
                scrollable(self.card_list())
                    .id(LIST_ID)
                    .width(Length::FillPortion(2))
                    .height(Fill),
                scrollable(container(self.card_form(context)).padding([0.0, theme::SPACE_M]))
                    .id(FORM_ID)
                    .width(Length::FillPortion(3))
                    .height(Fill)
            ]
            .spacing(theme::SPACE_M),
        );
        container(page).padding(theme::PAGE_PADDING).into()
    }

    fn deck_form(&self) -> Element<'_, Message> {
        let input = deck_input;
        let deck = FieldPath::Deck;
        column![
            self.field(
                "Deck id",
                input(&self.deck.id, "", DeckText::Id),
                &[deck(Field::Id)]
            ),
            self.field(
                "Title",
                input(&self.deck.title, "", DeckText::Title),
                &[deck(Field::Title)]
            ),
            self.field(
                "Description",
                input(&self.deck.description, "", DeckText::Description),
                &[deck(Field::Description)]
            ),
            row![
                self.field(
                    "Language",
                    input(&self.deck.language, "en", DeckText::Language),
                    &[deck(Field::Language)]
                ),
                self.field(
                    "Authors",
                    input(&self.drafts.authors, "comma separated", DeckText::Authors),
                    &[deck(Field::Authors)]
                ),
            ]
            .spacing(theme::SPACE_M),
            self.field(
                "Topics",
                input(&self.drafts.topics, "comma separated", DeckText::Topics),
                &[deck(Field::Topics), deck(Field::Cards)]
            ),
        ]
        .spacing(theme::SPACE_S)
        .into()
    }

    fn card_list(&self) -> Element<'_, Message> {
        let selected = |m: Message| self.selected.map(|_| m);
        let mut list = column![
            text_input("Find a card  [Ctrl+F]", &self.find)
                .id(FIND_ID)
                .style(theme::input)
                .padding(theme::SPACE_S)
                .on_input(Message::Find),
            row![
                button(text("Add  [Ctrl+N]"))
                    .style(theme::secondary)
                    .on_press(Message::AddCard),
                button(text("Duplicate"))
                    .style(theme::secondary)
                    .on_press_maybe(selected(Message::DuplicateCard)),
                button(text("Delete"))
                    .style(theme::danger)
                    .on_press_maybe(selected(Message::DeleteCard)),
                button(text("↑"))
                    .style(theme::secondary)
                    .on_press_maybe(selected(Message::MoveCard(Direction::Up))),
                button(text("↓"))
                    .style(theme::secondary)
                    .on_press_maybe(selected(Message::MoveCard(Direction::Down))),
            ]
            .spacing(4)
            .wrap(),
        ]
        .spacing(theme::SPACE_S);
        let needle = self.find.trim().to_lowercase();
        let mut with_error = vec![false; self.deck.cards.len()];
        for d in self.diagnostics.iter().filter(|d| d.is_error()) {
            if let Some(i) = d.field.and_then(FieldPath::card)
                && let Some(flag) = with_error.get_mut(i)
            {
                *flag = true;
            }
        }
        if let Some(i) = self.selected.filter(|_| !self.unparsed().is_empty()) {
            with_error[i] = true;
        }
        for (i, card) in self.deck.cards.iter().enumerate() {
            let prompt = card.question.prompt();
            if !needle.is_empty()
                && !prompt.to_lowercase().contains(&needle)
                && !card.id.to_lowercase().contains(&needle)
            {
                continue;
            }
            let short: String = prompt.chars().take(60).collect();
            let label = format!(
                "{}{} · {}",
                if with_error[i] { "⚠ " } else { "" },
                card.question.kind().label(),
                short
            );
            list = list.push(
                button(text(label).size(theme::SIZE_SMALL))
                    .width(Fill)
                    .style(theme::list_row(self.selected == Some(i)))
                    .on_press(Message::Select(i)),
            );
        }
        list.into()
    }

    /// A labelled field with its findings under it: errors in red, warnings in amber.
    fn field<'a>(
        &'a self,
        label: &'a str,
        input: Element<'a, Message>,
        paths: &[FieldPath],
    ) -> Element<'a, Message> {
        let mut c = column![
            row![text(label).width(Length::Fixed(130.0)), input]
                .spacing(theme::SPACE_S)
                .align_y(Center)
        ]
        .spacing(2);
        for &path in paths {
            for d in self.findings(path) {
                c = c.push(finding(d.message.clone(), d.is_error()));
            }
        }
        c.into()
    }
}

/// A one-line input for a text field of the deck.
fn deck_input<'a>(value: &'a str, placeholder: &'a str, field: DeckText) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(field.id())
        .style(theme::input)
        .padding(theme::SPACE_S)
        .on_input(move |v| Message::DeckText(field, v))
        .width(Fill)
        .into()
}

/// A one-line input for a text field of the selected card.
fn card_input<'a>(value: &'a str, placeholder: &'a str, field: CardText) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(field.id())
        .style(theme::input)
        .padding(theme::SPACE_S)
        .on_input(move |v| Message::CardText(field, v))
        .width(Fill)
        .into()
}

/// One finding under its field: red for an error, amber for a warning, with a word that says which.
fn finding<'a>(message: String, error: bool) -> Element<'a, Message> {
    let (word, style): (&str, fn(&iced::Theme) -> text::Style) = if error {
        ("Error", theme::wrong_text)
    } else {
        ("Warning", theme::almost_text)
    };
    text(format!("{word}: {message}"))
        .size(theme::SIZE_SMALL)
        .style(style)
        .into()
}

/// A number field's text as a number; a blank optional field reads as its default.
fn read_number(text: &str, blank: Option<f64>) -> Result<f64, NumberError> {
    match blank {
        Some(default) if text.trim().is_empty() => Ok(default),
        _ => parse_number(text),
    }
}
