//! The desktop app (iced 0.14). It renders and routes; the core decides.

use crate::data_dir::DataDir;
use crate::deck::Library;
use iced::widget::{column, scrollable, text};
use iced::{Element, Task};

pub fn run(data: DataDir, _profile: Option<String>) -> iced::Result {
    iced::application(move || (Library::load(&data), Task::none()), update, view)
        .title("Changchun Cards")
        .run()
}

fn update(_library: &mut Library, _message: ()) {}

fn view(library: &Library) -> Element<'_, ()> {
    let mut list = column![text("Decks").size(28)].spacing(8).padding(16);
    for entry in &library.entries {
        list = list.push(match &entry.deck {
            Some(d) => text(format!("{} — {} cards", d.title, d.cards.len())),
            None => text(format!("{}: broken", entry.origin.label())),
        });
    }
    scrollable(list).into()
}
