//! The in-app file chooser: a path to type and the folder's listing to click through. It takes over
//! when the system's file dialog gives no file (the learner closed it, or the desktop has no
//! file-dialog service, as on many minimal Linux desktops).

use crate::gui::task::{self, Listed, Purpose};
use crate::gui::theme;
use crate::gui::widget::button;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Message {
    Path(String),
    Listed(PathBuf, Result<Vec<Listed>, String>),
    /// A line of the listing was clicked: a folder is entered, a file is put in the path field.
    Pick(Listed),
    Up,
    Choose,
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Chosen(Purpose, PathBuf),
    Cancel,
}

/// Why the in-app chooser is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NoDialog,
}

pub struct Files {
    purpose: Purpose,
    why: Why,
    /// The folder listed.
    folder: PathBuf,
    /// What the learner typed or picked.
    path: String,
    listing: Vec<Listed>,
    problem: Option<String>,
}

pub const PATH_FIELD: &str = "file-chooser-path";
pub const LISTING: &str = "file-chooser-listing";

impl Files {
    /// The chooser at `start`, or without one at the home folder (`fallback` where there is none).
    pub fn new(
        purpose: Purpose,
        start: Option<PathBuf>,
        fallback: PathBuf,
        why: Why,
    ) -> (Self, Task<Message>) {
        let start =
            start.unwrap_or_else(|| std::env::var_os("HOME").map_or(fallback, PathBuf::from));
        let files = Files {
            purpose,
            why,
            folder: start.clone(),
            path: with_slash(&start),
            listing: Vec::new(),
            problem: None,
        };
        (files, task::list_folder(start, Message::Listed))
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn listing(&self) -> &[Listed] {
        &self.listing
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Path(p) => {
                self.path = p;
                // Typing a folder followed by "/" lists it.
                if self.path.ends_with(std::path::MAIN_SEPARATOR) {
                    return Action::Run(task::list_folder(
                        PathBuf::from(&self.path),
                        Message::Listed,
                    ));
                }
            }
            Message::Listed(folder, Ok(listing)) => {
                self.folder = folder;
                self.listing = listing;
                self.problem = None;
            }
            Message::Listed(folder, Err(e)) => {
                self.problem = Some(format!("{} cannot be listed: {e}", folder.display()));
            }
            Message::Pick(entry) => {
                let path = self.folder.join(&entry.name);
                if entry.folder {
                    self.path = with_slash(&path);
                    return Action::Run(task::list_folder(path, Message::Listed));
                }
                self.path = path.display().to_string();
            }
            Message::Up => {
                if let Some(parent) = self.folder.parent() {
                    let parent = parent.to_path_buf();
                    self.path = with_slash(&parent);
                    return Action::Run(task::list_folder(parent, Message::Listed));
                }
            }
            Message::Choose => {
                let path = PathBuf::from(self.path.trim());
                if self.path.trim().is_empty() {
                    self.problem = Some("Type a path or pick a file from the list.".into());
                } else if self.purpose.wants_folder()
                    || !self.path.ends_with(std::path::MAIN_SEPARATOR)
                {
                    return Action::Chosen(self.purpose, path);
                } else {
                    self.problem = Some("That is a folder: pick a file in it.".into());
                }
            }
            Message::Cancel => return Action::Cancel,
        }
        Action::None
    }

    pub fn key(&self, key: &Key, _modifiers: Modifiers) -> Option<Message> {
        matches!(key.as_ref(), Key::Named(Named::Escape)).then_some(Message::Cancel)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let why = match self.why {
            Why::NoDialog => {
                "No file came back from the system's file dialog: it was closed, or this desktop has \
                 no file-dialog service (xdg-desktop-portal). Choose the file here instead."
            }
        };
        let mut list = column![].spacing(2);
        for entry in &self.listing {
            let label = if entry.folder {
                format!("{}/", entry.name)
            } else {
                entry.name.clone()
            };
            list = list.push(
                button(text(label).size(theme::SIZE_BODY))
                    .width(Fill)
                    .style(theme::ghost)
                    .on_press(Message::Pick(entry.clone())),
            );
        }
        if self.listing.is_empty() {
            list = list.push(
                text("(empty folder)")
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            );
        }
        let choose = if self.purpose.wants_folder() {
            "Use this folder"
        } else {
            "Open"
        };
        let mut page = column![
            text(self.purpose.title())
                .size(theme::SIZE_TITLE)
                .font(theme::BOLD),
            text(why).size(theme::SIZE_SMALL).style(theme::muted_text),
            row![
                text_input("Path of the file", &self.path)
                    .id(PATH_FIELD)
                    .on_input(Message::Path)
                    .on_submit(Message::Choose)
                    .style(theme::input)
                    .padding(theme::SPACE_S)
                    .width(Fill),
                button(text(choose))
                    .style(theme::primary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Choose),
                button(text("Cancel  [Esc]"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Cancel),
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center),
            row![
                button(text("Up one folder"))
                    .style(theme::secondary)
                    .on_press(Message::Up),
                text(self.folder.display().to_string())
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text)
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center),
        ]
        .spacing(theme::SPACE_M);
        if let Some(p) = &self.problem {
            page = page.push(text(p.as_str()).style(theme::wrong_text));
        }
        page = page.push(
            container(scrollable(list).id(LISTING).height(Fill))
                .padding(theme::SPACE_XS)
                .style(theme::card),
        );
        container(page.max_width(900))
            .padding(theme::PAGE_PADDING)
            .center_x(Fill)
            .into()
    }
}

fn with_slash(path: &std::path::Path) -> String {
    let mut s = path.display().to_string();
    if !s.ends_with(std::path::MAIN_SEPARATOR) {
        s.push(std::path::MAIN_SEPARATOR);
    }
    s
}
