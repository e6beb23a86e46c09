//! One file per screen. Each has its own Message, an `update` returning an Action for the root, a `view`
//! and, where it needs keys, a `key` mapping.

pub mod browse;
pub mod editor;
pub mod library;
pub mod settings;
pub mod stats;
pub mod study;
pub mod test;

use crate::gui::app::{self, Message};
use crate::gui::context::Context;
use crate::schedule::Filter;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Element, Subscription, Task};

/// The screen on show. Screens with much state are boxed so that switching moves a pointer.
pub enum Screen {
    Library(library::Library),
    Study(Box<study::Study>),
    Test(Box<test::Test>),
    Stats(Box<stats::Stats>),
    Browse(Box<browse::Browse>),
    Editor(Box<editor::Editor>),
    Settings(Box<settings::Settings>),
}

impl Screen {
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Library(_) => "Library",
            Screen::Study(_) => "Study",
            Screen::Test(_) => "Test",
            Screen::Stats(_) => "Statistics",
            Screen::Browse(_) => "Browse",
            Screen::Editor(_) => "Deck editor",
            Screen::Settings(_) => "Settings",
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        match self {
            Screen::Library(s) => s.view(context).map(Message::Library),
            Screen::Study(s) => s.view(context).map(Message::Study),
            Screen::Test(s) => s.view(context).map(Message::Test),
            Screen::Stats(s) => s.view(context).map(Message::Stats),
            Screen::Browse(s) => s.view(context).map(Message::Browse),
            Screen::Editor(s) => s.view(context).map(Message::Editor),
            Screen::Settings(s) => s.view(context).map(Message::Settings),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        match self {
            Screen::Study(s) => s.subscription().map(Message::Study),
            Screen::Test(s) => s.subscription().map(Message::Test),
            _ => Subscription::none(),
        }
    }

    /// A key no widget took: the current screen's shortcut, if it has one.
    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        match self {
            Screen::Library(s) => s.key(key, modifiers).map(Message::Library),
            Screen::Study(s) => s.key(key, modifiers).map(Message::Study),
            Screen::Test(s) => s.key(key, modifiers).map(Message::Test),
            Screen::Stats(s) => s.key(key, modifiers).map(Message::Stats),
            Screen::Browse(s) => s.key(key, modifiers).map(Message::Browse),
            Screen::Editor(s) => s.key(key, modifiers).map(Message::Editor),
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
    Test(Filter),
    Stats,
    Browse(Option<String>),
    Edit(Option<String>),
    Settings,
    OpenDeckFile,
    Import,
}

/// Routes a screen's message to it and carries out the transition it asks for.
pub fn route(screen: &mut Screen, context: &mut Context, message: Message) -> Task<Message> {
    let transition = match (&mut *screen, message) {
        (Screen::Library(s), Message::Library(m)) => match s.update(m, context) {
            library::Action::None => Transition::None,
            library::Action::Study(filter) => Transition::Study(filter),
            library::Action::Test(filter) => Transition::Test(filter),
            library::Action::Browse(deck) => Transition::Browse(deck),
            library::Action::Edit(deck) => Transition::Edit(deck),
            library::Action::Statistics => Transition::Stats,
            library::Action::Settings => Transition::Settings,
            library::Action::OpenDeckFile => Transition::OpenDeckFile,
            library::Action::Import => Transition::Import,
        },
        (Screen::Study(s), Message::Study(m)) => match s.update(m, context) {
            study::Action::None => Transition::None,
            study::Action::Run(task) => Transition::Run(task.map(Message::Study)),
            study::Action::Done => Transition::Library,
        },
        (Screen::Test(s), Message::Test(m)) => match s.update(m, context) {
            test::Action::None => Transition::None,
            test::Action::Run(task) => Transition::Run(task.map(Message::Test)),
            test::Action::Back => Transition::Library,
        },
        (Screen::Stats(s), Message::Stats(m)) => match s.update(m, context) {
            stats::Action::None => Transition::None,
            stats::Action::Run(task) => Transition::Run(task.map(Message::Stats)),
            stats::Action::Back => Transition::Library,
        },
        (Screen::Browse(s), Message::Browse(m)) => match s.update(m, context) {
            browse::Action::None => Transition::None,
            browse::Action::Back => Transition::Library,
        },
        (Screen::Editor(s), Message::Editor(m)) => match s.update(m, context) {
            editor::Action::None => Transition::None,
            editor::Action::Run(task) => Transition::Run(task.map(Message::Editor)),
            editor::Action::Save { deck, path } => Transition::Run(Task::perform(
                async move { crate::deck::save::save_deck(&deck, &path).map_err(|e| e.to_string()) },
                |saved| Message::Editor(editor::Message::Saved(saved)),
            )),
            editor::Action::Back => Transition::Library,
        },
        (Screen::Settings(s), Message::Settings(m)) => match s.update(m, context) {
            settings::Action::None => Transition::None,
            settings::Action::Run(task) => Transition::Run(task.map(Message::Settings)),
            settings::Action::Back => Transition::Library,
        },
        _ => Transition::None,
    };
    go(screen, context, transition)
}

/// Changes screen (or runs a task) as a transition says.
pub fn go(screen: &mut Screen, context: &mut Context, transition: Transition) -> Task<Message> {
    match transition {
        Transition::None => Task::none(),
        Transition::Run(task) => task,
        Transition::Library => {
            *screen = Screen::Library(library::Library);
            Task::none()
        }
        Transition::Study(filter) => match context.start_session(filter) {
            Ok(session) => {
                let (study, task) = study::Study::new(session, context);
                *screen = Screen::Study(Box::new(study));
                task.map(Message::Study)
            }
            Err(e) => {
                context
                    .notices
                    .push(format!("Could not start studying: {e}"));
                Task::none()
            }
        },
        Transition::Test(filter) => {
            *screen = Screen::Test(Box::new(test::Test::new(filter)));
            Task::none()
        }
        Transition::Stats => {
            let (stats, task) = stats::Stats::new(context);
            *screen = Screen::Stats(Box::new(stats));
            task.map(Message::Stats)
        }
        Transition::Browse(deck) => {
            *screen = Screen::Browse(Box::new(browse::Browse::new(deck, context)));
            Task::none()
        }
        Transition::Edit(deck) => {
            *screen = Screen::Editor(Box::new(editor::Editor::new(deck.as_deref(), context)));
            Task::none()
        }
        Transition::Settings => {
            *screen = Screen::Settings(Box::new(settings::Settings::new(context)));
            Task::none()
        }
        Transition::OpenDeckFile => app::choose_deck_file(),
        Transition::Import => app::choose_import_file(),
    }
}
