//! The "About" part of the settings: version, licences, and where the learner's data lives.

use crate::gui::theme;
use crate::gui::widget::button;
use iced::widget::{column, row, text};
use iced::{Element, Length};
use std::path::Path;

/// What the app is and whose work it holds, with the data folder and buttons to open or copy it.
pub fn view<'a, M: Clone + std::fmt::Debug + 'a>(
    data: &'a Path,
    open: M,
    copy: M,
) -> Element<'a, M> {
    column![
        text("About").size(theme::SIZE_QUESTION).font(theme::BOLD),
        text(format!(
            "Changchun Cards {} — free software under the MIT licence.",
            env!("CARGO_PKG_VERSION")
        )),
        text(
            "Type: Changchun Sans, a cut of DejaVu Sans (Bitstream Vera licence; the DejaVu changes \
             are in the public domain). The decks cite their sources on every card."
        )
        .size(theme::SIZE_SMALL),
        text(format!("Your progress, decks and settings are in {}", data.display()))
            .width(Length::Fill),
        iced::widget::Row::wrap(
            row![
                button(text("Open the data folder"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(open),
                button(text("Copy its path"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(copy),
            ]
            .spacing(theme::SPACE_S)
        )
        .vertical_spacing(theme::SPACE_S),
    ]
    .spacing(theme::SPACE_S)
    .into()
}
