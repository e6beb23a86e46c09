//! Exporting a deck for another app: the format (an Anki package for Anki and AnkiDroid, Moodle XML
//! or GIFT for Moodle, CSV for Quizlet and spreadsheets, Anki text), then the folder. The file is
//! written beside what is there, never over it, and what the format could not carry is listed.

use crate::deck::media::MediaRoot;
use crate::gui::context::Context;
use crate::gui::shortcuts;
use crate::gui::task::{self, Purpose};
use crate::gui::theme;
use crate::gui::widget::{button, radio};
use crate::interop::Target;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, scrollable, text};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Message {
    Pick(Target),
    ChooseFolder,
    /// The file written and what was lost, or why nothing was written.
    Written(Result<(PathBuf, Vec<String>), String>),
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Choose(Purpose),
    Back,
}

pub struct Export {
    deck: String,
    title: String,
    target: Target,
    writing: bool,
    written: Option<Result<(PathBuf, Vec<String>), String>>,
}

impl Export {
    pub fn new(deck: &str, context: &Context) -> Self {
        let title = context
            .profile
            .library()
            .deck(deck)
            .map_or_else(|| deck.to_owned(), |d| d.title.clone());
        Export {
            deck: deck.to_owned(),
            title,
            target: Target::AnkiPackage,
            writing: false,
            written: None,
        }
    }

    /// The format chosen.
    pub fn target(&self) -> Target {
        self.target
    }

    pub fn written(&self) -> Option<&Result<(PathBuf, Vec<String>), String>> {
        self.written.as_ref()
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Pick(target) => {
                self.target = target;
                self.written = None;
            }
            Message::ChooseFolder if !self.writing => return Action::Choose(Purpose::ExportFolder),
            Message::ChooseFolder => {}
            Message::Written(result) => {
                self.writing = false;
                self.written = Some(result);
            }
            Message::Back => return Action::Back,
        }
        Action::None
    }

    /// The folder was chosen: the deck is written there by a task.
    pub fn export_to(&mut self, folder: PathBuf, context: &Context) -> Task<Message> {
        let Some(entry) = context.profile.library().entry(&self.deck) else {
            self.written = Some(Err(format!(
                "the deck \"{}\" is no longer loaded",
                self.deck
            )));
            return Task::none();
        };
        let Some(deck) = entry.deck.as_deref().cloned() else {
            return Task::none();
        };
        let pictures: MediaRoot = entry.origin.media_root();
        self.writing = true;
        self.written = None;
        task::export_deck(deck, pictures, self.target, folder, Message::Written)
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use shortcuts::Export as K;
        Some(match shortcuts::find(shortcuts::EXPORT, key, modifiers)? {
            K::ChooseFolder => Message::ChooseFolder,
            K::Back => Message::Back,
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut page = column![
            text(format!("Export \"{}\"", self.title))
                .size(theme::SIZE_TITLE)
                .font(theme::BOLD),
            text("Choose the format, then the folder to write it in. Nothing there is replaced.")
                .size(theme::SIZE_SMALL),
        ]
        .spacing(theme::SPACE_M);
        let mut formats = column![].spacing(theme::SPACE_S);
        for target in Target::ALL {
            formats = formats.push(radio(
                format!("{target} — {}", use_of(target)),
                target,
                Some(self.target),
                Message::Pick,
            ));
        }
        page = page.push(formats);
        page = page.push(
            iced::widget::row![
                button(text(if self.writing {
                    "Writing…"
                } else {
                    "Choose a folder and export  [Enter]"
                }))
                .style(theme::primary)
                .padding(theme::BUTTON_PADDING)
                .on_press_maybe((!self.writing).then_some(Message::ChooseFolder)),
                button(text("Back  [Esc]"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Back),
            ]
            .spacing(theme::SPACE_S),
        );
        let mut result = column![].spacing(theme::SPACE_S);
        match &self.written {
            None => {}
            Some(Ok((path, lost))) => {
                result = result.push(
                    text(format!("✓ Written to {}", path.display()))
                        .font(theme::BOLD)
                        .style(theme::right_text),
                );
                if lost.is_empty() {
                    result = result.push(text("Everything the deck holds is in the file."));
                } else {
                    result = result.push(text("What the format could not carry:"));
                    for line in lost {
                        result = result.push(text(format!("• {line}")).size(theme::SIZE_BODY));
                    }
                }
            }
            Some(Err(e)) => {
                result = result.push(
                    text(format!("✗ Not exported: {e}"))
                        .font(theme::BOLD)
                        .style(theme::wrong_text),
                );
            }
        }
        page = page.push(scrollable(result).height(Fill).width(Fill));
        container(page.max_width(theme::CONTENT_WIDTH))
            .padding(theme::PAGE_PADDING)
            .center_x(Fill)
            .into()
    }
}

/// Who reads each format, so a teacher knows which to pick.
fn use_of(target: Target) -> &'static str {
    use crate::interop::Format;
    match target {
        Target::AnkiPackage => "for Anki and AnkiDroid, with the pictures",
        Target::Text(Format::MoodleXml) => "for a Moodle question bank",
        Target::Text(Format::Gift) => "for Moodle, as text",
        Target::Text(Format::Csv) => "for Quizlet and spreadsheets",
        Target::Text(Format::Anki) => "for Anki's text import",
    }
}
