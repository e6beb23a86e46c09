//! One file per screen. Each has its own Message, an `update` returning an Action for the root, a `view`
//! and, where it needs keys, a `key` mapping.

pub mod browse;
pub mod class;
pub mod custom_study;
pub mod editor;
pub mod export;
pub mod files;
pub mod import;
pub mod library;
pub mod quiz;
pub mod settings;
pub mod stats;
pub mod study;

use crate::custom_study::CustomStudy;
use crate::gui::app::Message;
use crate::gui::context::Context;
use crate::gui::task::{self, Purpose};
use crate::profile::NotStarted;
use crate::schedule::Filter;
use iced::keyboard::{Key, Modifiers};
use iced::widget::keyed_column;
use iced::{Element, Subscription, Task};
use std::path::PathBuf;

/// The screen on show. Screens with much state are boxed so that switching moves a pointer.
pub enum Screen {
    Library(library::Library),
    Study(Box<study::Study>),
    Quiz(Box<quiz::Quiz>),
    Stats(Box<stats::Stats>),
    Browse(Box<browse::Browse>),
    Editor(Box<editor::Editor>),
    Settings(Box<settings::Settings>),
    CustomStudy(Box<custom_study::CustomStudy>),
    /// What an import would bring in, before it is saved.
    Import(Box<import::Import>),
    /// A deck written for another app.
    Export(Box<export::Export>),
    /// The in-app file chooser, and the screen to go back to.
    Files(Box<files::Files>, Box<Screen>),
    /// A class folder: joining it, or reading it as its teacher.
    Class(Box<class::Class>),
}

impl Screen {
    /// The pictures on screen, with where to find them: those not read yet are read.
    pub fn pictures_shown(
        &self,
        context: &Context,
    ) -> Vec<(crate::deck::media::MediaRoot, crate::deck::Image)> {
        let card = match self {
            Screen::Study(s) => s.card_shown(),
            Screen::Quiz(s) => s.card_shown(),
            Screen::Editor(s) => return s.pictures_shown(),
            _ => None,
        };
        card.map(|key| {
            context
                .card_pictures(key)
                .into_iter()
                .map(|(root, image)| (root, image.clone()))
                .collect()
        })
        .unwrap_or_default()
    }

    pub fn title(&self) -> &'static str {
        match self {
            Screen::Library(_) => "Library",
            Screen::Study(_) => "Study",
            Screen::Quiz(_) => "Quiz",
            Screen::Stats(_) => "Statistics",
            Screen::Browse(_) => "Browse",
            Screen::Editor(_) => "Deck editor",
            Screen::Settings(_) => "Settings",
            Screen::CustomStudy(_) => "Custom study",
            Screen::Import(_) => "Import",
            Screen::Export(_) => "Export",
            Screen::Files(..) => "Choose a file",
            Screen::Class(_) => "Class",
        }
    }

    /// Each screen's page under a key of its own, so no widget state (a scroll position, say) is
    /// carried from one screen to the next.
    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let page = match self {
            Screen::Library(s) => s.view(context).map(Message::Library),
            Screen::Study(s) => s.view(context).map(Message::Study),
            Screen::Quiz(s) => s.view(context).map(Message::Quiz),
            Screen::Stats(s) => s.view(context).map(Message::Stats),
            Screen::Browse(s) => s.view(context).map(Message::Browse),
            Screen::Editor(s) => s.view(context).map(Message::Editor),
            Screen::Settings(s) => s.view(context).map(Message::Settings),
            Screen::CustomStudy(s) => s.view(context).map(Message::CustomStudy),
            Screen::Import(s) => s.view().map(Message::Import),
            Screen::Export(s) => s.view().map(Message::Export),
            Screen::Files(s, _) => s.view().map(Message::Files),
            Screen::Class(s) => s.view(context).map(Message::Class),
        };
        keyed_column([(self.title(), page)]).into()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        match self {
            Screen::Study(s) => s.subscription().map(Message::Study),
            Screen::Quiz(s) => s.subscription().map(Message::Quiz),
            _ => Subscription::none(),
        }
    }

    /// A key no widget took: the current screen's shortcut, if it has one.
    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        match self {
            Screen::Library(s) => s.key(key, modifiers).map(Message::Library),
            Screen::Study(s) => s.key(key, modifiers).map(Message::Study),
            Screen::Quiz(s) => s.key(key, modifiers).map(Message::Quiz),
            Screen::Stats(s) => s.key(key, modifiers).map(Message::Stats),
            Screen::Browse(s) => s.key(key, modifiers).map(Message::Browse),
            Screen::Editor(s) => s.key(key, modifiers).map(Message::Editor),
            Screen::Settings(s) => s.key(key, modifiers).map(Message::Settings),
            Screen::CustomStudy(s) => s.key(key, modifiers).map(Message::CustomStudy),
            Screen::Import(s) => s.key(key, modifiers).map(Message::Import),
            Screen::Export(s) => s.key(key, modifiers).map(Message::Export),
            Screen::Files(s, _) => s.key(key, modifiers).map(Message::Files),
            Screen::Class(s) => s.key(key, modifiers).map(Message::Class),
        }
    }

    /// The learner changed (switched, renamed, restored): screens showing their data start afresh.
    pub fn learner_changed(&mut self, context: &mut Context, note: String) {
        match self {
            Screen::Settings(s) => {
                **s = settings::Settings::new(context);
                s.say(note);
            }
            Screen::Library(_) => context.notice(note),
            _ => {
                context.notice(note);
                *self = Screen::Library(library::Library);
            }
        }
    }

    /// Something to tell the learner where they are: the settings screen says it beside its buttons.
    pub fn problem(&mut self, context: &mut Context, note: String) {
        match self {
            Screen::Settings(s) => s.say(note),
            Screen::CustomStudy(s) => s.say(note),
            _ => context.notice(note),
        }
    }

    /// A study session could not start: custom study says why beside its choices; elsewhere the
    /// library says it with the next step (custom study) beside it.
    pub fn not_started(&mut self, context: &mut Context, why: NotStarted) {
        match self {
            Screen::CustomStudy(s) => s.say(why.to_string()),
            _ => {
                context.nothing_due = Some((why, context.study_deck.clone()));
                *self = Screen::Library(library::Library);
            }
        }
    }
}

/// What the root does after a screen's message: stay, run a task, or go to another screen.
pub enum Transition {
    None,
    Run(Task<Message>),
    Library,
    Study(Filter),
    /// Open custom study, for a deck or every deck.
    CustomStudy(Option<String>),
    /// Start a custom-study session.
    StudyCustom(CustomStudy),
    Quiz(Filter),
    Stats,
    Browse(Option<String>),
    Edit(Option<String>),
    /// The editor on a deck, at one of its cards.
    EditCard {
        deck: String,
        card: String,
    },
    Settings,
    Help,
    Choose(Purpose),
    Class,
}

/// Routes a screen's message to it and carries out the transition it asks for.
pub fn route(screen: &mut Screen, context: &mut Context, message: Message) -> Task<Message> {
    // After a study session and after a quiz, a learner in a class writes their results there.
    let publish = matches!(
        &message,
        Message::Study(study::Message::Summarized(Ok(_)))
            | Message::Quiz(quiz::Message::Stored(Ok(())))
    );
    let transition = match (&mut *screen, message) {
        (Screen::Library(s), Message::Library(m)) => match s.update(m, context) {
            library::Action::None => Transition::None,
            library::Action::Run(task) => Transition::Run(task),
            library::Action::Study(filter) => Transition::Study(filter),
            library::Action::CustomStudy(deck) => Transition::CustomStudy(deck),
            library::Action::Quiz(filter) => Transition::Quiz(filter),
            library::Action::Browse(deck) => Transition::Browse(deck),
            library::Action::Edit(deck) => Transition::Edit(deck),
            library::Action::Export(deck) => {
                *screen = Screen::Export(Box::new(export::Export::new(&deck, context)));
                Transition::None
            }
            library::Action::Statistics => Transition::Stats,
            library::Action::Settings => Transition::Settings,
            library::Action::Help => Transition::Help,
            library::Action::Choose(purpose) => Transition::Choose(purpose),
        },
        (Screen::Study(s), Message::Study(m)) => match s.update(m, context) {
            study::Action::None => Transition::None,
            study::Action::Run(task) => Transition::Run(task.map(Message::Study)),
            // Whatever comes after a session, its answers go to the learner's other computers.
            study::Action::Done => {
                context.last_missed = s.session().missed();
                context.sync.wanted = true;
                Transition::Library
            }
            study::Action::Custom(study) => {
                context.last_missed = s.session().missed();
                context.sync.wanted = true;
                Transition::StudyCustom(study)
            }
            study::Action::Quiz(filter) => {
                context.sync.wanted = true;
                Transition::Quiz(filter)
            }
            study::Action::OpenCustomStudy(deck) => {
                context.last_missed = s.session().missed();
                context.sync.wanted = true;
                Transition::CustomStudy(deck)
            }
        },
        (Screen::Quiz(s), Message::Quiz(m)) => match s.update(m, context) {
            quiz::Action::None => Transition::None,
            quiz::Action::Run(task) => Transition::Run(task.map(Message::Quiz)),
            quiz::Action::Back => {
                context.sync.wanted = true;
                Transition::Library
            }
        },
        (Screen::Stats(s), Message::Stats(m)) => match s.update(m, context) {
            stats::Action::None => Transition::None,
            stats::Action::Run(task) => Transition::Run(task.map(Message::Stats)),
            stats::Action::Choose(purpose) => Transition::Choose(purpose),
            stats::Action::Class => Transition::Class,
            stats::Action::Back => Transition::Library,
        },
        (Screen::Class(s), Message::Class(m)) => match s.update(m, context) {
            class::Action::None => Transition::None,
            class::Action::Run(task) => Transition::Run(task.map(Message::Class)),
            class::Action::Choose(purpose) => Transition::Choose(purpose),
            class::Action::Back => Transition::Library,
        },
        (Screen::Browse(s), Message::Browse(m)) => match s.update(m, context) {
            browse::Action::None => Transition::None,
            browse::Action::Run(task) => Transition::Run(task.map(Message::Browse)),
            browse::Action::Edit { deck, card } => Transition::EditCard { deck, card },
            browse::Action::Back => Transition::Library,
        },
        (Screen::Editor(s), Message::Editor(m)) => match s.update(m, context) {
            editor::Action::None => Transition::None,
            editor::Action::Run(task) => Transition::Run(task.map(Message::Editor)),
            editor::Action::Save { deck, path } => {
                Transition::Run(task::save_deck(&context.profile, deck, path, |saved| {
                    Message::Editor(editor::Message::Saved(saved))
                }))
            }
            editor::Action::Back => Transition::Library,
            editor::Action::ChoosePicture => Transition::Choose(Purpose::Picture),
        },
        (Screen::Settings(s), Message::Settings(m)) => match s.update(m, context) {
            settings::Action::None => Transition::None,
            settings::Action::Run(task) => Transition::Run(task),
            settings::Action::Choose(purpose) => Transition::Choose(purpose),
            settings::Action::Back => Transition::Library,
        },
        (Screen::CustomStudy(s), Message::CustomStudy(m)) => match s.update(m, context) {
            custom_study::Action::None => Transition::None,
            custom_study::Action::Start(study) => Transition::StudyCustom(study),
            custom_study::Action::Back => Transition::Library,
        },
        (Screen::Export(s), Message::Export(m)) => match s.update(m) {
            export::Action::None => Transition::None,
            export::Action::Run(task) => Transition::Run(task.map(Message::Export)),
            export::Action::Choose(purpose) => Transition::Choose(purpose),
            export::Action::Back => Transition::Library,
        },
        (Screen::Import(s), Message::Import(m)) => match s.update(m) {
            import::Action::None => Transition::None,
            import::Action::Save(preview) => {
                Transition::Run(task::save_import(&context.profile, *preview))
            }
            import::Action::Back => Transition::Library,
        },
        (Screen::Files(s, _), Message::Files(m)) => match s.update(m) {
            files::Action::None => Transition::None,
            files::Action::Run(task) => Transition::Run(task.map(Message::Files)),
            files::Action::Chosen(purpose, path) => {
                return back_from_files(screen, context, purpose, path);
            }
            files::Action::Cancel => {
                if let Screen::Files(_, back) =
                    std::mem::replace(screen, Screen::Library(library::Library))
                {
                    *screen = *back;
                }
                Transition::None
            }
        },
        _ => Transition::None,
    };
    let task = go(screen, context, transition);
    if publish {
        Task::batch([
            task,
            task::publish_results(&context.profile, Message::ClassPublished),
        ])
    } else {
        task
    }
}

fn back_from_files(
    screen: &mut Screen,
    context: &mut Context,
    purpose: Purpose,
    path: PathBuf,
) -> Task<Message> {
    if let Screen::Files(_, back) = std::mem::replace(screen, Screen::Library(library::Library)) {
        *screen = *back;
    }
    chosen(screen, context, purpose, path)
}

/// A file or folder was chosen, in the system dialog or the in-app chooser.
pub fn chosen(
    screen: &mut Screen,
    context: &mut Context,
    purpose: Purpose,
    path: PathBuf,
) -> Task<Message> {
    match purpose {
        Purpose::ClassFolder => match screen {
            Screen::Class(s) => s.folder_chosen(path, context).map(Message::Class),
            _ => Task::none(),
        },
        Purpose::OpenDeck => task::open_deck(&context.profile, path),
        Purpose::Import => task::import_preview(path),
        Purpose::ReportFolder => match screen {
            Screen::Stats(s) => s.export_to(path, context).map(Message::Stats),
            Screen::Class(s) => s.report_to(path).map(Message::Class),
            _ => Task::none(),
        },

        Purpose::ExportFolder => match screen {
            Screen::Export(s) => s.export_to(path, context).map(Message::Export),
            _ => Task::none(),
        },
        Purpose::Picture => match screen {
            Screen::Editor(s) => s.add_picture(path).map(Message::Editor),
            _ => Task::none(),
        },
        Purpose::SyncFolder => {
            context.profile.set_sync_folder(Some(path));
            context.settings_changed = true;
            context.sync.wanted = true;
            context.sync.last = None;
            Task::none()
        }
    }
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
        Transition::Study(filter) => {
            context.study_deck = match filter.decks.as_slice() {
                [deck] => Some(deck.clone()),
                _ => None,
            };
            task::start_session(&context.profile, filter, |r| {
                Message::SessionStarted(Box::new(r))
            })
        }
        Transition::CustomStudy(deck) => {
            context.nothing_due = None;
            *screen = Screen::CustomStudy(Box::new(custom_study::CustomStudy::new(
                deck.as_deref(),
                context,
            )));
            Task::none()
        }
        Transition::StudyCustom(study) => {
            context.study_deck = study.deck().map(str::to_owned);
            task::start_custom_session(&mut context.profile, study, |r| {
                Message::SessionStarted(Box::new(r))
            })
        }
        Transition::Quiz(filter) => {
            *screen = Screen::Quiz(Box::new(quiz::Quiz::new(filter, context)));
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
        Transition::EditCard { deck, card } => {
            let mut editor = editor::Editor::new(Some(&deck), context);
            if let Some(i) = editor.deck().cards.iter().position(|c| c.id == card) {
                // A deck just opened has no edits, so nothing stands in the way of the move.
                let _ = editor.update(editor::Message::Select(i), context);
            }
            *screen = Screen::Editor(Box::new(editor));
            Task::none()
        }
        Transition::Settings => {
            *screen = Screen::Settings(Box::new(settings::Settings::new(context)));
            Task::none()
        }
        Transition::Help => Task::done(Message::ToggleHelp),
        Transition::Class => {
            *screen = Screen::Class(Box::new(class::Class::new(context)));
            Task::none()
        }
        Transition::Choose(purpose) => task::choose_file(purpose),
    }
}
