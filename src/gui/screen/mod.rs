//! One file per screen. Each has its own Message, an `update` returning an Action for the root, a `view`
//! and, where it needs keys, a `key` mapping.

pub mod browse;
pub mod library;
pub mod settings;
pub mod study;

use crate::gui::app::{self, Message};
use crate::gui::context::Context;
use crate::schedule::Filter;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Element, Task};

pub enum Screen {
    Library(library::Library),
    Study(study::Study),
    Browse(browse::Browse),
    Settings(settings::Settings),
}

impl Screen {
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Library(_) => "Library",
            Screen::Study(_) => "Study",
            Screen::Browse(_) => "Browse",
            Screen::Settings(_) => "Settings",
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        match self {
            Screen::Library(s) => s.view(context).map(Message::Library),
            Screen::Study(s) => s.view(context).map(Message::Study),
            Screen::Browse(s) => s.view(context).map(Message::Browse),
            Screen::Settings(s) => s.view(context).map(Message::Settings),
        }
    }

    /// A key no widget took: the current screen's shortcut, if it has one.
    pub fn key(&self, key: &Key, modifiers: Modifiers, _context: &Context) -> Option<Message> {
        match self {
            Screen::Library(_) => {
                use library::Message as L;
                if modifiers.command() || modifiers.alt() {
                    return None;
                }
                match key.as_ref() {
                    Key::Character("s") => Some(Message::Library(L::StudyAllDue)),
                    Key::Character("t") => Some(Message::Library(L::Test(None))),
                    Key::Character("b") => Some(Message::Library(L::Browse(None))),
                    Key::Character("g") => Some(Message::Library(L::Statistics)),
                    Key::Character("n") => Some(Message::Library(L::Edit(None))),
                    Key::Character("o") => Some(Message::Library(L::OpenDeckFile)),
                    Key::Character(",") => Some(Message::Library(L::Settings)),
                    _ => None,
                }
            }
            Screen::Study(s) => s.key(key, modifiers).map(Message::Study),
            Screen::Browse(s) => s.key(key, modifiers).map(Message::Browse),
            Screen::Settings(_) => matches!(key.as_ref(), Key::Named(Named::Escape))
                .then_some(Message::Settings(settings::Message::Back)),
        }
    }
}

/// What the root does after a screen's message: stay, run a task, or go to another screen.
pub enum Transition {
    None,
    Run(Task<Message>),
    Library,
    Study(Filter),
    Browse(Option<String>),
    Settings,
    OpenDeckFile,
}

/// Routes a screen's message to it and carries out the transition it asks for.
pub fn route(screen: &mut Screen, context: &mut Context, message: Message) -> Task<Message> {
    let transition = match (&mut *screen, message) {
        (Screen::Library(s), Message::Library(m)) => match s.update(m, context) {
            library::Action::None => Transition::None,
            library::Action::Study(filter) => Transition::Study(filter),
            library::Action::Browse(deck) => Transition::Browse(deck),
            library::Action::Settings => Transition::Settings,
            library::Action::OpenDeckFile => Transition::OpenDeckFile,
            library::Action::Test(_) | library::Action::Statistics | library::Action::Edit(_) => {
                Transition::None
            }
        },
        (Screen::Study(s), Message::Study(m)) => match s.update(m, context) {
            study::Action::None => Transition::None,
            study::Action::Run(task) => Transition::Run(task.map(Message::Study)),
            study::Action::Done => Transition::Library,
        },
        (Screen::Browse(s), Message::Browse(m)) => match s.update(m, context) {
            browse::Action::None => Transition::None,
            browse::Action::Back => Transition::Library,
        },
        (Screen::Settings(s), Message::Settings(m)) => match s.update(m, context) {
            settings::Action::None => Transition::None,
            settings::Action::Back => Transition::Library,
        },
        _ => Transition::None,
    };
    go(screen, context, transition)
}

pub fn go(screen: &mut Screen, context: &mut Context, transition: Transition) -> Task<Message> {
    match transition {
        Transition::None => Task::none(),
        Transition::Run(task) => task,
        Transition::Library => {
            *screen = Screen::Library(library::Library::default());
            Task::none()
        }
        Transition::Study(filter) => match context.start_session(filter) {
            Ok(session) => {
                let (study, task) = study::Study::new(session, context);
                *screen = Screen::Study(study);
                task.map(Message::Study)
            }
            Err(e) => {
                context
                    .notices
                    .push(format!("Could not start studying: {e}"));
                Task::none()
            }
        },
        Transition::Browse(deck) => {
            *screen = Screen::Browse(browse::Browse::new(deck, context));
            Task::none()
        }
        Transition::Settings => {
            *screen = Screen::Settings(settings::Settings::new(context));
            Task::none()
        }
        Transition::OpenDeckFile => app::choose_deck_file(),
    }
}
