//! The deck editor: the deck's details, its cards with a form for each question kind, live validation
//! beside the field concerned, a learner's preview, and an atomic save.

use crate::deck::save::{new_card_id, save_atomically, template_deck, to_pretty_ron};
use crate::deck::{Card, Deck, Diagnostic, Question, QuestionKind, load_str};
use crate::gui::context::Context;
use crate::gui::theme;
use crate::gui::widget::question::{self, Attempt};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{
    Id, button, checkbox, column, container, pick_list, row, scrollable, text, text_input, toggler,
};
use iced::{Center, Element, Fill, Length, Task};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum DeckField {
    Id,
    Title,
    Description,
    Language,
    Authors,
    Topics,
}

#[derive(Debug, Clone)]
pub enum CardField {
    Id,
    Topic(String),
    Tags,
    Explanation,
    Sources,
    Kind(QuestionKind),
    /// The prompt, statement, front or cloze text.
    Prompt,
    Back,
    Answer,
    Tolerance,
    Unit,
    /// The i-th option, accepted answer, order item, or the left side of a pair.
    Item(usize),
    /// The right side of pair i.
    Right(usize),
    Correct(usize, bool),
    Truth(bool),
    AddItem,
    RemoveItem(usize),
    MoveItem(usize, bool),
}

#[derive(Debug, Clone)]
pub enum Message {
    Deck(DeckField, String),
    Card(CardField, String),
    Select(usize),
    AddCard,
    DuplicateCard,
    DeleteCard,
    MoveCard(bool),
    Find(String),
    FocusFind,
    TogglePreview,
    Preview(question::Message),
    Save,
    Leave,
    ConfirmLeave,
    CancelLeave,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Back to the library; the deck was saved or its changes were discarded.
    Done,
}

pub struct Editor {
    pub deck: Deck,
    /// Where saving writes: the deck's own file for a user deck, else a new file in the user's deck folder.
    pub path: PathBuf,
    pub selected: Option<usize>,
    pub dirty: bool,
    pub find: String,
    /// Findings of the last validation, refreshed after every edit.
    pub diagnostics: Vec<Diagnostic>,
    /// Number fields as typed, so "19" on the way to "1922" is not rejected.
    answer_text: String,
    tolerance_text: String,
    preview: Option<Attempt>,
    confirm_leave: bool,
    pub status: Option<String>,
}

const FIND_ID: &str = "editor-find";

impl Editor {
    /// Opens a deck for editing; `None` starts a new deck from the template.
    pub fn new(deck_id: Option<&str>, context: &Context) -> Self {
        let entry = deck_id.and_then(|id| context.profile.library().entry(id));
        let (deck, path) = match entry.and_then(|e| e.deck.clone().map(|d| (d, e.origin.clone()))) {
            Some((deck, crate::deck::Origin::File(path))) => (deck, path),
            // Editing a bundled deck saves a copy to the user's folder, which then overrides it.
            Some((deck, crate::deck::Origin::Bundled(_))) => {
                let path = context
                    .profile
                    .data()
                    .decks()
                    .join(format!("{}.ron", deck.id));
                (deck, path)
            }
            None => {
                let mut deck = template_deck();
                let mut n = 1;
                while context.profile.library().deck(&deck.id).is_some() {
                    n += 1;
                    deck.id = format!("new-deck-{n}");
                }
                let path = context
                    .profile
                    .data()
                    .decks()
                    .join(format!("{}.ron", deck.id));
                (deck, path)
            }
        };
        let mut editor = Editor {
            selected: (!deck.cards.is_empty()).then_some(0),
            deck,
            path,
            dirty: false,
            find: String::new(),
            diagnostics: Vec::new(),
            answer_text: String::new(),
            tolerance_text: String::new(),
            preview: None,
            confirm_leave: false,
            status: None,
        };
        editor.validate();
        editor.sync_number_fields();
        editor
    }

    /// Checks the deck as it would be saved, with the same checks as `validate`.
    pub fn validate(&mut self) {
        let label = self.path.display().to_string();
        self.diagnostics = load_str(&label, &to_pretty_ron(&self.deck)).diagnostics;
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn card_mut(&mut self) -> Option<&mut Card> {
        self.selected.and_then(|i| self.deck.cards.get_mut(i))
    }

    fn sync_number_fields(&mut self) {
        if let Some(Question::Number {
            answer, tolerance, ..
        }) = self
            .selected
            .and_then(|i| self.deck.cards.get(i))
            .map(|c| &c.question)
        {
            self.answer_text = crate::deck::model::format_number(*answer);
            self.tolerance_text = crate::deck::model::format_number(*tolerance);
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        let edited = matches!(
            message,
            Message::Deck(..)
                | Message::Card(..)
                | Message::AddCard
                | Message::DuplicateCard
                | Message::DeleteCard
                | Message::MoveCard(_)
        );
        match message {
            Message::Deck(field, value) => self.edit_deck(field, value),
            Message::Card(field, value) => self.edit_card(field, value),
            Message::Select(i) => {
                self.selected = Some(i).filter(|&i| i < self.deck.cards.len());
                self.preview = None;
                self.sync_number_fields();
            }
            Message::AddCard => {
                let topic = self.deck.topics.first().cloned().unwrap_or_default();
                let id = new_card_id(&self.deck, "card");
                let at = self.selected.map_or(self.deck.cards.len(), |i| i + 1);
                self.deck.cards.insert(
                    at,
                    Card {
                        id,
                        topic,
                        tags: Vec::new(),
                        question: blank_question(QuestionKind::Flashcard),
                        explanation: String::new(),
                        sources: Vec::new(),
                    },
                );
                self.selected = Some(at);
                self.preview = None;
            }
            Message::DuplicateCard => {
                if let Some(i) = self.selected {
                    let mut copy = self.deck.cards[i].clone();
                    copy.id = new_card_id(&self.deck, &copy.id);
                    self.deck.cards.insert(i + 1, copy);
                    self.selected = Some(i + 1);
                }
            }
            Message::DeleteCard => {
                if let Some(i) = self.selected {
                    self.deck.cards.remove(i);
                    self.selected = if self.deck.cards.is_empty() {
                        None
                    } else {
                        Some(i.min(self.deck.cards.len() - 1))
                    };
                    self.sync_number_fields();
                }
            }
            Message::MoveCard(up) => {
                if let Some(i) = self.selected
                    && let Some(j) = move_one(&mut self.deck.cards, i, up)
                {
                    self.selected = Some(j);
                }
            }
            Message::Find(s) => self.find = s,
            Message::FocusFind => {
                return Action::Run(iced::widget::operation::focus(Id::new(FIND_ID)));
            }
            Message::TogglePreview => {
                self.preview = match (&self.preview, self.selected) {
                    (None, Some(i)) => Some(Attempt::new(
                        self.deck.cards[i].question.clone(),
                        &mut rand::rng(),
                    )),
                    _ => None,
                };
            }
            Message::Preview(m) => {
                if let Some(p) = &mut self.preview {
                    p.update(m);
                }
            }
            Message::Save => self.save(context),
            Message::Leave => {
                if self.dirty {
                    self.confirm_leave = true;
                } else {
                    return Action::Done;
                }
            }
            Message::ConfirmLeave => return Action::Done,
            Message::CancelLeave => self.confirm_leave = false,
        }
        if edited {
            self.dirty = true;
            self.status = None;
            self.validate();
        }
        Action::None
    }

    fn edit_deck(&mut self, field: DeckField, value: String) {
        let list = |v: &str, sep: char| {
            v.split(sep)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let d = &mut self.deck;
        match field {
            DeckField::Id => d.id = value,
            DeckField::Title => d.title = value,
            DeckField::Description => d.description = value,
            DeckField::Language => d.language = value,
            DeckField::Authors => d.authors = list(&value, ','),
            DeckField::Topics => d.topics = list(&value, ','),
        }
    }

    fn edit_card(&mut self, field: CardField, value: String) {
        let parsed = value.trim().replace(',', ".").parse::<f64>();
        match &field {
            CardField::Answer => self.answer_text = value.clone(),
            CardField::Tolerance => self.tolerance_text = value.clone(),
            _ => {}
        }
        let Some(card) = self.card_mut() else {
            return;
        };
        let list = |v: &str, sep: char| {
            v.split(sep)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        match field {
            CardField::Id => card.id = value,
            CardField::Topic(t) => card.topic = t,
            CardField::Tags => card.tags = list(&value, ','),
            CardField::Explanation => card.explanation = value,
            CardField::Sources => card.sources = list(&value, ';'),
            CardField::Kind(kind) => {
                if card.question.kind() != kind {
                    card.question = convert(&card.question, kind);
                }
            }
            other => edit_question(&mut card.question, other, value, parsed.ok()),
        }
        if matches!(
            self.card_mut().map(|c| c.question.kind()),
            Some(QuestionKind::Number)
        ) {
            let (a, t) = (self.answer_text.clone(), self.tolerance_text.clone());
            if a.is_empty() && t.is_empty() {
                self.sync_number_fields();
            }
        }
    }

    fn save(&mut self, context: &mut Context) {
        self.validate();
        let errors = self.errors();
        if errors > 0 {
            self.status = Some(format!(
                "Not saved: fix the {errors} error(s) shown in red first."
            ));
            return;
        }
        if let Some(dir) = self.path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.status = Some(format!("Not saved: cannot create {}: {e}", dir.display()));
            return;
        }
        match save_atomically(&self.deck, &self.path) {
            Ok(()) => {
                self.dirty = false;
                // Still inline until the editor saves through `gui::task::save_deck`.
                match context.profile.open_deck_job(self.path.clone())() {
                    Ok(added) => context.profile.add_deck(added),
                    Err(e) => context.notice(e),
                }
                let warnings = self.diagnostics.len();
                self.status = Some(if warnings > 0 {
                    format!(
                        "Saved to {} with {warnings} warning(s).",
                        self.path.display()
                    )
                } else {
                    format!("Saved to {}.", self.path.display())
                });
            }
            Err(e) => self.status = Some(format!("Not saved: {e}")),
        }
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if self.preview.is_some()
            && let Some(m) = self.preview.as_ref().and_then(|p| p.key(key, modifiers))
        {
            return Some(Message::Preview(m));
        }
        match key.as_ref() {
            Key::Character("s") if modifiers.command() => Some(Message::Save),
            Key::Character("n") if modifiers.command() => Some(Message::AddCard),
            Key::Character("f") if modifiers.command() => Some(Message::FocusFind),
            Key::Named(Named::Escape) if self.confirm_leave => Some(Message::CancelLeave),
            Key::Named(Named::Escape) => Some(Message::Leave),
            _ => None,
        }
    }

    fn findings_for(&self, card: Option<&str>, field: &str) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.card.as_deref() == card && d.field.as_deref() == Some(field))
            .collect()
    }

    /// A labelled field with its findings in red (errors) or amber (warnings) under it.
    fn field<'a>(
        &'a self,
        label: &'a str,
        input: Element<'a, Message>,
        card: Option<&str>,
        names: &[&str],
    ) -> Element<'a, Message> {
        let mut c = column![
            row![text(label).width(Length::Fixed(130.0)), input]
                .spacing(theme::SPACE_S)
                .align_y(Center)
        ]
        .spacing(2);
        for name in names {
            for d in self.findings_for(card, name) {
                let (mark, style): (&str, fn(&iced::Theme) -> text::Style) = if d.is_error() {
                    ("✗ Error", theme::wrong_text)
                } else {
                    ("⚠ Warning", theme::almost_text)
                };
                c = c.push(
                    text(format!("{mark}: {}", d.message))
                        .size(theme::SIZE_SMALL)
                        .style(style),
                );
            }
        }
        c.into()
    }

    pub fn view<'a>(&'a self, _context: &'a Context) -> Element<'a, Message> {
        if self.confirm_leave {
            return container(
                column![
                    text("This deck has unsaved changes.").size(theme::SIZE_QUESTION),
                    row![
                        button(text("Save  [Ctrl+S]"))
                            .style(button::primary)
                            .on_press(Message::Save),
                        button(text("Discard changes"))
                            .style(button::danger)
                            .on_press(Message::ConfirmLeave),
                        button(text("Keep editing  [Esc]")).on_press(Message::CancelLeave),
                    ]
                    .spacing(theme::SPACE_M)
                ]
                .spacing(theme::SPACE_L),
            )
            .center(Fill)
            .into();
        }
        let errors = self.errors();
        let warnings = self.diagnostics.len() - errors;
        let header = row![
            text(format!(
                "Editing “{}”{}",
                self.deck.title,
                if self.dirty { " •" } else { "" }
            ))
            .size(theme::SIZE_TITLE)
            .font(theme::BOLD)
            .width(Fill),
            text(format!("{errors} error(s), {warnings} warning(s)")).style(if errors > 0 {
                theme::wrong_text
            } else {
                theme::right_text
            }),
            button(text("Save  [Ctrl+S]"))
                .style(button::primary)
                .on_press(Message::Save),
            button(text("Back  [Esc]")).on_press(Message::Leave),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Center);

        let input = |value: &'a str, on: fn(String) -> Message| -> Element<'a, Message> {
            text_input("", value).on_input(on).width(Fill).into()
        };
        let deck_form = column![
            self.field(
                "Deck id",
                input(&self.deck.id, |v| Message::Deck(DeckField::Id, v)),
                None,
                &["id"]
            ),
            self.field(
                "Title",
                input(&self.deck.title, |v| Message::Deck(DeckField::Title, v)),
                None,
                &["title"]
            ),
            self.field(
                "Description",
                input(&self.deck.description, |v| Message::Deck(
                    DeckField::Description,
                    v
                )),
                None,
                &["description"]
            ),
            row![
                self.field(
                    "Language",
                    text_input("en", &self.deck.language)
                        .on_input(|v| Message::Deck(DeckField::Language, v))
                        .into(),
                    None,
                    &[]
                ),
                self.field(
                    "Authors",
                    text_input("comma separated", &self.deck.authors.join(", "))
                        .on_input(|v| Message::Deck(DeckField::Authors, v))
                        .into(),
                    None,
                    &[]
                ),
            ]
            .spacing(theme::SPACE_M),
            self.field(
                "Topics",
                text_input("comma separated", &self.deck.topics.join(", "))
                    .on_input(|v| Message::Deck(DeckField::Topics, v))
                    .into(),
                None,
                &["topics", "cards"]
            ),
        ]
        .spacing(theme::SPACE_S);

        let needle = self.find.trim().to_lowercase();
        let mut list = column![
            text_input("Find a card  [Ctrl+F]", &self.find)
                .id(FIND_ID)
                .on_input(Message::Find),
            row![
                button(text("Add  [Ctrl+N]")).on_press(Message::AddCard),
                button(text("Duplicate"))
                    .on_press_maybe(self.selected.map(|_| Message::DuplicateCard)),
                button(text("Delete"))
                    .style(button::danger)
                    .on_press_maybe(self.selected.map(|_| Message::DeleteCard)),
                button(text("↑")).on_press_maybe(self.selected.map(|_| Message::MoveCard(true))),
                button(text("↓")).on_press_maybe(self.selected.map(|_| Message::MoveCard(false))),
            ]
            .spacing(4),
        ]
        .spacing(theme::SPACE_S);
        for (i, card) in self.deck.cards.iter().enumerate() {
            let prompt = card.question.prompt();
            if !needle.is_empty()
                && !prompt.to_lowercase().contains(&needle)
                && !card.id.to_lowercase().contains(&needle)
            {
                continue;
            }
            let has_error = self
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.card.as_deref() == Some(card.id.as_str()));
            let short: String = prompt.chars().take(60).collect();
            let label = format!(
                "{}{} · {}",
                if has_error { "⚠ " } else { "" },
                card.question.kind().label(),
                short
            );
            list = list.push(
                button(text(label).size(theme::SIZE_SMALL))
                    .width(Fill)
                    .style(if self.selected == Some(i) {
                        button::primary
                    } else {
                        button::text
                    })
                    .on_press(Message::Select(i)),
            );
        }

        let card_form: Element<'a, Message> =
            match self.selected.and_then(|i| self.deck.cards.get(i)) {
                Some(card) => self.card_form(card),
                None => text("No card selected. Add one with Ctrl+N.").into(),
            };
        let mut page = column![header, deck_form].spacing(theme::SPACE_M);
        if let Some(s) = &self.status {
            page = page.push(text(s.as_str()));
        }
        page = page.push(
            row![
                scrollable(list).width(Length::FillPortion(2)).height(Fill),
                scrollable(container(card_form).padding([0.0, theme::SPACE_M]))
                    .width(Length::FillPortion(3))
                    .height(Fill)
            ]
            .spacing(theme::SPACE_M),
        );
        container(page).padding(theme::PAGE_PADDING).into()
    }

    fn card_form<'a>(&'a self, card: &'a Card) -> Element<'a, Message> {
        let id = Some(card.id.as_str());
        let edit = |f: fn(String) -> CardField| move |v: String| Message::Card(f(v.clone()), v);
        let mut form = column![
            self.field(
                "Card id",
                text_input("", &card.id)
                    .on_input(edit(|_| CardField::Id))
                    .into(),
                id,
                &["id"]
            ),
            self.field(
                "Topic",
                pick_list(self.deck.topics.clone(), Some(card.topic.clone()), |t| {
                    Message::Card(CardField::Topic(t), String::new())
                })
                .into(),
                id,
                &["topic"]
            ),
            self.field(
                "Kind",
                pick_list(
                    QuestionKind::ALL.to_vec(),
                    Some(card.question.kind()),
                    |k| Message::Card(CardField::Kind(k), String::new())
                )
                .into(),
                id,
                &[]
            ),
        ]
        .spacing(theme::SPACE_S);
        form = form.push(self.question_form(card));
        form = form
            .push(
                self.field(
                    "Tags",
                    text_input("comma separated", &card.tags.join(", "))
                        .on_input(edit(|_| CardField::Tags))
                        .into(),
                    id,
                    &[],
                ),
            )
            .push(
                self.field(
                    "Explanation",
                    text_input("Why — shown after answering", &card.explanation)
                        .on_input(edit(|_| CardField::Explanation))
                        .into(),
                    id,
                    &[],
                ),
            )
            .push(
                self.field(
                    "Sources",
                    text_input("separated by ;", &card.sources.join("; "))
                        .on_input(edit(|_| CardField::Sources))
                        .into(),
                    id,
                    &[],
                ),
            );
        // Warnings about a missing explanation or source are placed at the card's id.
        form = form.push(
            button(text(if self.preview.is_some() {
                "Close preview"
            } else {
                "Preview as a learner"
            }))
            .on_press(Message::TogglePreview),
        );
        if let Some(p) = &self.preview {
            form = form.push(
                container(p.view().map(Message::Preview))
                    .padding(theme::SPACE_M)
                    .style(container::rounded_box),
            );
        }
        form.into()
    }

    fn question_form<'a>(&'a self, card: &'a Card) -> Element<'a, Message> {
        let id = Some(card.id.as_str());
        let prompt = |label: &'a str, value: &'a str, field: &'a str| {
            self.field(
                label,
                text_input("", value)
                    .on_input(|v| Message::Card(CardField::Prompt, v))
                    .into(),
                id,
                &[field],
            )
        };
        let items = |values: Vec<&'a str>,
                     field: &'a str,
                     extra: &dyn Fn(usize) -> Option<Element<'a, Message>>|
         -> Element<'a, Message> {
            let mut c = column![].spacing(4);
            for (i, v) in values.into_iter().enumerate() {
                let mut r = row![
                    text_input("", v)
                        .on_input(move |s| Message::Card(CardField::Item(i), s))
                        .width(Fill),
                    button(text("↑"))
                        .on_press(Message::Card(CardField::MoveItem(i, true), String::new())),
                    button(text("↓"))
                        .on_press(Message::Card(CardField::MoveItem(i, false), String::new())),
                    button(text("✕"))
                        .on_press(Message::Card(CardField::RemoveItem(i), String::new())),
                ]
                .spacing(4)
                .align_y(Center);
                if let Some(e) = extra(i) {
                    r = r.push(e);
                }
                c = c.push(r);
            }
            c = c.push(
                button(text("+ Add")).on_press(Message::Card(CardField::AddItem, String::new())),
            );
            self.field(field_label(field), c.into(), id, &[field])
        };
        match &card.question {
            Question::Flashcard { front, back } => column![
                prompt("Front", front, "front"),
                self.field(
                    "Back",
                    text_input("", back)
                        .on_input(|v| Message::Card(CardField::Back, v))
                        .into(),
                    id,
                    &["back"]
                ),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::MultipleChoice {
                prompt: p,
                options,
                correct,
            } => column![
                prompt("Prompt", p, "prompt"),
                items(
                    options.iter().map(String::as_str).collect(),
                    "options",
                    &|i| {
                        Some(
                            checkbox(correct.contains(&i))
                                .label("correct")
                                .on_toggle(move |on| {
                                    Message::Card(CardField::Correct(i, on), String::new())
                                })
                                .into(),
                        )
                    }
                ),
                self.field("", text("").into(), id, &["correct"]),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::TrueFalse { statement, answer } => column![
                prompt("Statement", statement, "statement"),
                self.field(
                    "Answer",
                    toggler(*answer)
                        .label(if *answer { "true" } else { "false" })
                        .on_toggle(|v| Message::Card(CardField::Truth(v), String::new()))
                        .into(),
                    id,
                    &[]
                ),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::TypeAnswer {
                prompt: p,
                accepted,
            } => column![
                prompt("Prompt", p, "prompt"),
                items(
                    accepted.iter().map(String::as_str).collect(),
                    "accepted",
                    &|_| None
                ),
                text(
                    "The first accepted answer is shown as correct; add other spellings below it."
                )
                .size(theme::SIZE_SMALL),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::Cloze { text: t } => {
                let blanks = crate::deck::cloze::blanks(t);
                let mut preview = column![
                    text(format!("Learners see: {}", crate::deck::cloze::masked(t)))
                        .size(theme::SIZE_SMALL)
                ]
                .spacing(2);
                for (i, b) in blanks.iter().enumerate() {
                    preview = preview.push(
                        text(format!("Blank {}: {}", i + 1, b.accepted.join(" or ")))
                            .size(theme::SIZE_SMALL),
                    );
                }
                column![
                    prompt("Text", t, "text"),
                    text("Mark blanks as {{answer}}, other spellings {{Joffe|Ioffe}}, a hint {{Changchun::a city}}.").size(theme::SIZE_SMALL),
                    preview
                ]
                .spacing(theme::SPACE_S)
                .into()
            }
            Question::Order {
                prompt: p,
                items: list,
            } => column![
                prompt("Prompt", p, "prompt"),
                text("Write the items in the correct order; learners see them shuffled.")
                    .size(theme::SIZE_SMALL),
                items(list.iter().map(String::as_str).collect(), "items", &|_| {
                    None
                }),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::Match { prompt: p, pairs } => column![
                prompt("Prompt", p, "prompt"),
                items(
                    pairs.iter().map(|(l, _)| l.as_str()).collect(),
                    "pairs",
                    &|i| {
                        Some(
                            text_input("matches", &pairs[i].1)
                                .on_input(move |s| Message::Card(CardField::Right(i), s))
                                .width(Fill)
                                .into(),
                        )
                    }
                ),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Question::Number {
                prompt: p, unit, ..
            } => column![
                prompt("Prompt", p, "prompt"),
                self.field(
                    "Answer",
                    text_input("e.g. 1922", &self.answer_text)
                        .on_input(|v| Message::Card(CardField::Answer, v))
                        .into(),
                    id,
                    &["answer"]
                ),
                self.field(
                    "Tolerance",
                    text_input("0", &self.tolerance_text)
                        .on_input(|v| Message::Card(CardField::Tolerance, v))
                        .into(),
                    id,
                    &["tolerance"]
                ),
                self.field(
                    "Unit",
                    text_input("optional", unit.as_deref().unwrap_or(""))
                        .on_input(|v| Message::Card(CardField::Unit, v))
                        .into(),
                    id,
                    &[]
                ),
            ]
            .spacing(theme::SPACE_S)
            .into(),
        }
    }
}

/// Moves the element at `i` one place up or down; returns where it went, or `None` when it cannot.
fn move_one<T>(list: &mut [T], i: usize, up: bool) -> Option<usize> {
    let j = if up {
        i.checked_sub(1)
    } else {
        i.checked_add(1)
    }?;
    (i < list.len() && j < list.len()).then(|| {
        list.swap(i, j);
        j
    })
}

fn field_label(field: &str) -> &'static str {
    match field {
        "options" => "Options",
        "accepted" => "Accepted",
        "items" => "Items",
        "pairs" => "Pairs",
        _ => "",
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
    }
}

/// Changes a card's kind, keeping its prompt so a teacher does not retype it.
fn convert(question: &Question, kind: QuestionKind) -> Question {
    let prompt = match question {
        Question::Cloze { text } => crate::deck::cloze::filled(text),
        q => q.prompt(),
    };
    let mut new = blank_question(kind);
    match &mut new {
        Question::Flashcard { front: p, .. }
        | Question::MultipleChoice { prompt: p, .. }
        | Question::TrueFalse { statement: p, .. }
        | Question::TypeAnswer { prompt: p, .. }
        | Question::Cloze { text: p }
        | Question::Order { prompt: p, .. }
        | Question::Match { prompt: p, .. }
        | Question::Number { prompt: p, .. } => *p = prompt,
    }
    new
}

/// Applies one edit to a question's own fields.
fn edit_question(question: &mut Question, field: CardField, value: String, number: Option<f64>) {
    fn list_edit(list: &mut Vec<String>, field: &CardField, value: &str) {
        match *field {
            CardField::Item(i) => {
                if let Some(v) = list.get_mut(i) {
                    *v = value.to_owned();
                }
            }
            CardField::AddItem => list.push(String::new()),
            CardField::RemoveItem(i) if i < list.len() => {
                list.remove(i);
            }
            CardField::MoveItem(i, up) => {
                move_one(list, i, up);
            }
            _ => {}
        }
    }
    match (question, field) {
        (
            Question::Flashcard { front: p, .. }
            | Question::MultipleChoice { prompt: p, .. }
            | Question::TrueFalse { statement: p, .. }
            | Question::TypeAnswer { prompt: p, .. }
            | Question::Cloze { text: p }
            | Question::Order { prompt: p, .. }
            | Question::Match { prompt: p, .. }
            | Question::Number { prompt: p, .. },
            CardField::Prompt,
        ) => *p = value,
        (Question::Flashcard { back, .. }, CardField::Back) => *back = value,
        (Question::TrueFalse { answer, .. }, CardField::Truth(v)) => *answer = v,
        (Question::MultipleChoice { correct, .. }, CardField::Correct(i, on)) => {
            correct.retain(|&c| c != i);
            if on {
                correct.push(i);
                correct.sort_unstable();
            }
        }
        (
            Question::MultipleChoice {
                options, correct, ..
            },
            f,
        ) => {
            // Removing or moving an option keeps the right answers pointing at the same texts.
            let right: Vec<String> = correct
                .iter()
                .filter_map(|&i| options.get(i).cloned())
                .collect();
            let structural = matches!(f, CardField::RemoveItem(_) | CardField::MoveItem(..));
            list_edit(options, &f, &value);
            if structural {
                *correct = options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| right.contains(o))
                    .map(|(i, _)| i)
                    .collect();
            }
        }
        (Question::TypeAnswer { accepted, .. }, f) => list_edit(accepted, &f, &value),
        (Question::Order { items, .. }, f) => list_edit(items, &f, &value),
        (Question::Match { pairs, .. }, CardField::Right(i)) => {
            if let Some(p) = pairs.get_mut(i) {
                p.1 = value;
            }
        }
        (Question::Match { pairs, .. }, CardField::Item(i)) => {
            if let Some(p) = pairs.get_mut(i) {
                p.0 = value;
            }
        }
        (Question::Match { pairs, .. }, CardField::AddItem) => {
            pairs.push((String::new(), String::new()))
        }
        (Question::Match { pairs, .. }, CardField::RemoveItem(i)) if i < pairs.len() => {
            pairs.remove(i);
        }
        (Question::Match { pairs, .. }, CardField::MoveItem(i, up)) => {
            move_one(pairs, i, up);
        }
        (Question::Number { answer, .. }, CardField::Answer) => {
            if let Some(n) = number {
                *answer = n;
            }
        }
        (Question::Number { tolerance, .. }, CardField::Tolerance) => {
            if let Some(n) = number {
                *tolerance = n;
            }
        }
        (Question::Number { unit, .. }, CardField::Unit) => {
            *unit = Some(value).filter(|u| !u.trim().is_empty())
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::move_one;

    #[test]
    fn moving_stops_at_either_end() {
        let mut list = ['a', 'b', 'c'];
        assert_eq!(move_one(&mut list, 1, true), Some(0));
        assert_eq!(list, ['b', 'a', 'c']);
        assert_eq!(move_one(&mut list, 0, true), None);
        assert_eq!(move_one(&mut list, 2, false), None);
        assert_eq!(move_one(&mut list, 3, true), None, "no such element");
        assert_eq!(move_one(&mut list, 0, false), Some(1));
        assert_eq!(list, ['a', 'b', 'c']);
    }
}
