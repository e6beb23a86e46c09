//! What an import would bring in, before anything is saved: the cards read from the file and the
//! items left out with why. Saving puts the deck in the learner's deck folder.

use crate::gui::shortcuts;
use crate::gui::theme;
use crate::gui::widget::button;
use crate::profile::ImportPreview;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, row, scrollable, text};
use iced::{Element, Fill};

#[derive(Debug, Clone)]
pub enum Message {
    Save,
    Cancel,
    /// Whether saving also adds an Anki package's review history to the learner's progress.
    AddHistory(bool),
}

pub enum Action {
    None,
    Save(Box<ImportPreview>),
    Back,
}

pub struct Import {
    preview: ImportPreview,
    /// Each card as the list shows it: its kind and prompt, worked out once.
    cards: Vec<String>,
    saving: bool,
}

impl Import {
    pub fn new(preview: ImportPreview) -> Self {
        let cards = preview
            .deck
            .cards
            .iter()
            .map(|c| format!("{} · {}", c.question.kind().label(), c.question.prompt()))
            .collect();
        Import {
            preview,
            cards,
            saving: false,
        }
    }

    pub fn preview(&self) -> &ImportPreview {
        &self.preview
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Save if self.saving || self.preview.deck.cards.is_empty() => Action::None,
            Message::Save => {
                self.saving = true;
                Action::Save(Box::new(self.preview.clone()))
            }
            Message::Cancel => Action::Back,
            Message::AddHistory(add) => {
                self.preview.add_history = add;
                Action::None
            }
        }
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use shortcuts::Import as K;
        Some(match shortcuts::find(shortcuts::IMPORT, key, modifiers)? {
            K::Save => Message::Save,
            K::Cancel => Message::Cancel,
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let p = &self.preview;
        let file = p
            .source
            .file_name()
            .unwrap_or(p.source.as_os_str())
            .to_string_lossy();
        let mut page = column![
            text(format!("Import {file}"))
                .size(theme::SIZE_TITLE)
                .font(theme::BOLD),
            text(format!(
                "Read as {}. Nothing is saved until you choose \"Save to my decks\".",
                p.read_as
            ))
            .size(theme::SIZE_SMALL),
        ]
        .spacing(theme::SPACE_M);
        if !p.history.is_empty() {
            page = page.push(
                crate::gui::widget::checkbox(p.add_history)
                    .label(format!(
                        "Add its {} answers of review history to my progress (replayed through this app's scheduler; never added twice)",
                        p.history.len()
                    ))
                    .on_toggle(Message::AddHistory),
            );
        }
        let save = button(text(if self.saving {
            "Saving…"
        } else {
            "Save to my decks  [Enter]"
        }))
        .style(theme::primary)
        .on_press_maybe((!self.saving && !p.deck.cards.is_empty()).then_some(Message::Save));
        page = page.push(
            iced::widget::Row::wrap(
                row![
                    save,
                    button(text("Cancel  [Esc]"))
                        .style(theme::secondary)
                        .on_press(Message::Cancel)
                ]
                .spacing(theme::SPACE_S),
            )
            .vertical_spacing(theme::SPACE_S),
        );
        let mut list = column![].spacing(theme::SPACE_S);
        list = list.push(
            text(if p.deck.cards.is_empty() {
                "Nothing in this file can become a card.".to_owned()
            } else {
                format!(
                    "{} card(s) will be imported as the deck \"{}\":",
                    p.deck.cards.len(),
                    p.deck.title
                )
            })
            .font(theme::BOLD),
        );
        for line in &self.cards {
            list = list.push(text(line.as_str()).size(theme::SIZE_BODY));
        }
        for note in &p.notes {
            list = list.push(
                text(format!("Note: {note}"))
                    .size(theme::SIZE_BODY)
                    .style(theme::muted_text),
            );
        }
        if !p.pictures.is_empty() {
            list = list.push(
                text(format!(
                    "{} picture(s) come along and are kept beside the deck.",
                    p.pictures.len()
                ))
                .size(theme::SIZE_BODY),
            );
        }
        if !p.lost.is_empty() {
            list = list.push(
                text(format!(
                    "{} picture(s) or sound(s) the cards showed cannot come along:",
                    p.lost.len()
                ))
                .font(theme::BOLD)
                .style(theme::almost_text),
            );
            for l in &p.lost {
                list = list.push(text(l.as_str()).size(theme::SIZE_BODY));
            }
        }
        if !p.skipped.is_empty() {
            list = list.push(
                text(format!("{} item(s) will be skipped:", p.skipped.len()))
                    .font(theme::BOLD)
                    .style(theme::wrong_text),
            );
            for s in &p.skipped {
                list = list
                    .push(text(format!("Line {}: {}", s.line, s.reason)).size(theme::SIZE_BODY));
            }
        }
        page = page.push(scrollable(list).height(Fill).width(Fill));
        container(page.max_width(theme::CONTENT_WIDTH))
            .padding(theme::PAGE_PADDING)
            .center_x(Fill)
            .into()
    }
}
