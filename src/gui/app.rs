//! The root of the app: holds the current screen and the shared context, and routes messages and keys.

use crate::data_dir::DataDir;
use crate::gui::context::Context;
use crate::gui::screen::{self, Screen};
use crate::gui::theme;
use iced::keyboard::{self, Key, Modifiers};
use iced::widget::{button, center, column, container, opaque, stack, text};
use iced::{Element, Event, Fill, Subscription, Task, Theme, event, window};
use std::path::PathBuf;

pub enum Message {
    Loaded(Box<Result<Context, String>>),
    Library(screen::library::Message),
    Study(screen::study::Message),
    Test(screen::test::Message),
    Stats(screen::stats::Message),
    Browse(screen::browse::Message),
    Editor(screen::editor::Message),
    Settings(screen::settings::Message),
    Key(Key, Modifiers),
    FileDropped(PathBuf),
    DeckFileChosen(Option<PathBuf>),
    ImportFileChosen(Option<PathBuf>),
    ToggleHelp,
    /// A frame was drawn with the library ready (only watched when measuring start-up).
    FrameDrawn,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Loaded(_) => f.write_str("Loaded"),
            Message::Library(m) => write!(f, "Library({m:?})"),
            Message::Study(m) => write!(f, "Study({m:?})"),
            Message::Test(m) => write!(f, "Test({m:?})"),
            Message::Stats(m) => write!(f, "Stats({m:?})"),
            Message::Browse(m) => write!(f, "Browse({m:?})"),
            Message::Editor(m) => write!(f, "Editor({m:?})"),
            Message::Settings(m) => write!(f, "Settings({m:?})"),
            Message::Key(k, m) => write!(f, "Key({k:?}, {m:?})"),
            Message::FileDropped(p) => write!(f, "FileDropped({p:?})"),
            Message::DeckFileChosen(p) => write!(f, "DeckFileChosen({p:?})"),
            Message::ImportFileChosen(p) => write!(f, "ImportFileChosen({p:?})"),
            Message::ToggleHelp => f.write_str("ToggleHelp"),
            Message::FrameDrawn => f.write_str("FrameDrawn"),
        }
    }
}

pub enum State {
    Loading,
    /// The store could not be opened at all: say why and offer the choices.
    Failed(String),
    Ready {
        context: Box<Context>,
        screen: Screen,
    },
}

pub struct App {
    pub data: DataDir,
    pub profile: Option<String>,
    pub state: State,
    pub help: bool,
    /// Frames begun since the library was ready, counted only for the start-up measurement.
    frames_ready: u8,
}

impl App {
    pub fn new(data: DataDir, profile: Option<String>) -> (Self, Task<Message>) {
        let task = load(data.clone(), profile.clone());
        (
            App {
                data,
                profile,
                state: State::Loading,
                help: false,
                frames_ready: 0,
            },
            task,
        )
    }

    /// An app already loaded, for tests: no task runs.
    pub fn loaded(context: Context) -> Self {
        App {
            data: context.data.clone(),
            profile: Some(context.profile.clone()),
            state: State::Ready {
                context: Box::new(context),
                screen: Screen::Library(screen::library::Library),
            },
            help: false,
            frames_ready: 0,
        }
    }

    pub fn context(&self) -> Option<&Context> {
        match &self.state {
            State::Ready { context, .. } => Some(context),
            _ => None,
        }
    }

    pub fn screen(&self) -> Option<&Screen> {
        match &self.state {
            State::Ready { screen, .. } => Some(screen),
            _ => None,
        }
    }

    pub fn title(&self) -> String {
        match &self.state {
            State::Ready { context, screen } => {
                format!("{} — Changchun Cards ({})", screen.title(), context.profile)
            }
            _ => "Changchun Cards".to_owned(),
        }
    }

    pub fn theme(&self) -> Option<Theme> {
        match &self.state {
            State::Ready { context, .. } => theme::for_setting(context.settings.theme),
            _ => None,
        }
    }

    pub fn scale_factor(&self) -> f32 {
        match &self.state {
            State::Ready { context, .. } => f32::from(context.settings.text_size) / 100.0,
            _ => 1.0,
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed { key, modifiers, .. } => {
                Some(Message::Key(key, modifiers))
            }
            _ => None,
        });
        let drops = event::listen_with(|event, _status, _window| match event {
            Event::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
            _ => None,
        });
        let screen = match &self.state {
            State::Ready { screen, .. } => screen.subscription(),
            _ => Subscription::none(),
        };
        // The start-up measurement closes the app once the library has been drawn: at the second frame
        // after it was ready, as the first one is what draws it.
        let measuring = match &self.state {
            State::Ready { .. }
                if std::env::var_os("CHANGCHUN_CARDS_EXIT_WHEN_READY").is_some() =>
            {
                window::frames().map(|_| Message::FrameDrawn)
            }
            _ => Subscription::none(),
        };
        Subscription::batch([keys, drops, screen, measuring])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        if let Message::Loaded(result) = message {
            self.state = match *result {
                Ok(context) => State::Ready {
                    context: Box::new(context),
                    screen: Screen::Library(screen::library::Library),
                },
                Err(problem) => State::Failed(problem),
            };
            return Task::none();
        }
        if let Message::FrameDrawn = message {
            self.frames_ready = self.frames_ready.saturating_add(1);
            return if self.frames_ready >= 2 {
                iced::exit()
            } else {
                Task::none()
            };
        }
        if let Message::ToggleHelp = message {
            self.help = !self.help;
            return Task::none();
        }
        let State::Ready { context, screen } = &mut self.state else {
            return Task::none();
        };
        match message {
            Message::Key(key, modifiers) => {
                if matches!(key.as_ref(), Key::Character("?")) {
                    self.help = !self.help;
                    return Task::none();
                }
                if self.help {
                    if matches!(key.as_ref(), Key::Named(keyboard::key::Named::Escape)) {
                        self.help = false;
                    }
                    return Task::none();
                }
                // Tab and Shift+Tab move the focus between text fields on every screen.
                if matches!(key.as_ref(), Key::Named(keyboard::key::Named::Tab)) {
                    return if modifiers.shift() {
                        iced::widget::operation::focus_previous()
                    } else {
                        iced::widget::operation::focus_next()
                    };
                }
                match screen.key(&key, modifiers) {
                    Some(m) => self.update(m),
                    None => Task::none(),
                }
            }
            Message::FileDropped(path) | Message::DeckFileChosen(Some(path)) => {
                open_deck_file(context, &path);
                *screen = Screen::Library(screen::library::Library);
                Task::none()
            }
            Message::DeckFileChosen(None) | Message::ImportFileChosen(None) => Task::none(),
            Message::ImportFileChosen(Some(path)) => {
                import_file(context, &path);
                *screen = Screen::Library(screen::library::Library);
                Task::none()
            }
            other => screen::route(screen, context, other),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let page: Element<'_, Message> = match &self.state {
            State::Loading => {
                center(text("Loading decks and progress…").size(theme::SIZE_QUESTION)).into()
            }
            State::Failed(problem) => center(
                column![
                    text("Your progress could not be opened").size(theme::SIZE_TITLE),
                    text(problem.as_str()).size(theme::SIZE_BODY),
                ]
                .spacing(theme::SPACE_M)
                .max_width(theme::CONTENT_WIDTH),
            )
            .into(),
            State::Ready { context, screen } => screen.view(context),
        };
        if self.help {
            stack![page, opaque(help_overlay().map(|()| Message::ToggleHelp))].into()
        } else {
            page
        }
    }
}

/// Adds a deck file the learner opened or dropped; a broken one shows its errors in the library.
fn open_deck_file(context: &mut Context, path: &std::path::Path) {
    let entry = context.library.add_file(path);
    let note = match (&entry.deck, entry.first_error()) {
        (Some(deck), _) => format!("Opened \"{}\" from {}.", deck.title, path.display()),
        (None, Some(e)) => format!("{} could not be loaded: {e}", path.display()),
        (None, None) => format!("{} could not be loaded.", path.display()),
    };
    context.notices.push(note);
}

/// Imports an Anki, CSV/Quizlet, GIFT or Moodle XML file as a deck in the user's folder, never
/// overwriting one already there; what could not be imported is listed with its line.
pub fn import_file(context: &mut Context, path: &std::path::Path) {
    use crate::interop::{self, ImportOptions};
    let note = (|| -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
        let format = interop::detect(&bytes).ok_or("its format was not recognised")?;
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let imported = interop::import(&bytes, format, &ImportOptions::from_file_name(&stem))
            .map_err(|e| e.to_string())?;
        let dir = context.data.decks();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let mut target = dir.join(format!("{}.ron", imported.deck.id));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = dir.join(format!("{}-{n}.ron", imported.deck.id));
        }
        crate::deck::save::save_atomically(&imported.deck, &target).map_err(|e| e.to_string())?;
        context.library.add_file(&target);
        let mut note = format!(
            "Imported {} card(s) from {} ({}) into {}.",
            imported.deck.cards.len(),
            path.display(),
            format.label(),
            target.display()
        );
        for s in &imported.skipped {
            note.push_str(&format!(" Skipped line {}: {}.", s.line, s.reason));
        }
        Ok(note)
    })();
    context.notices.push(match note {
        Ok(n) => n,
        Err(e) => format!("{} could not be imported: {e}", path.display()),
    });
}

/// Asks for a file to import with the system's file dialog.
pub fn choose_import_file() -> Task<Message> {
    Task::perform(
        async {
            rfd::AsyncFileDialog::new()
                .add_filter(
                    "Anki, CSV, GIFT or Moodle XML",
                    &["txt", "csv", "tsv", "gift", "xml"],
                )
                .pick_file()
                .await
                .map(|f| f.path().to_path_buf())
        },
        Message::ImportFileChosen,
    )
}

/// Loads the decks and opens the store off the UI thread.
fn load(data: DataDir, profile: Option<String>) -> Task<Message> {
    Task::perform(async move { Context::load(data, profile) }, |result| {
        Message::Loaded(Box::new(result))
    })
}

/// Asks for a deck file with the system's file dialog.
pub fn choose_deck_file() -> Task<Message> {
    Task::perform(
        async {
            rfd::AsyncFileDialog::new()
                .add_filter("Changchun Cards deck", &["ron"])
                .pick_file()
                .await
                .map(|f| f.path().to_path_buf())
        },
        Message::DeckFileChosen,
    )
}

fn help_overlay<'a>() -> Element<'a, ()> {
    let lines = [
        (
            "Everywhere",
            "? help · Esc back · Tab / Shift+Tab next / previous field",
        ),
        (
            "Library",
            "S study all due · T test · B browse · G statistics · N new deck · O open a deck file · , settings",
        ),
        ("Flashcard", "Space or Enter shows the answer"),
        (
            "Multiple choice",
            "1–9 choose; with several right answers, Enter checks",
        ),
        ("True or false", "T or F"),
        (
            "Typed, number, cloze",
            "type; Tab or Enter to the next blank; Enter in the last field checks",
        ),
        ("Order", "1–9 select an item, ↑ ↓ move it, Enter checks"),
        (
            "Matching",
            "1–9 pick a left item, a–z its partner, Enter checks",
        ),
        (
            "After answering",
            "1 Again · 2 Hard · 3 Good · 4 Easy (right: 2–4, wrong: 1 only) · Space/Enter the highlighted rating",
        ),
        (
            "Study",
            "U or Ctrl+Z undo the last answer · Esc end the session",
        ),
    ];
    let mut c = column![
        text("Keyboard shortcuts")
            .size(theme::SIZE_TITLE)
            .font(theme::BOLD)
    ]
    .spacing(theme::SPACE_S);
    for (place, keys) in lines {
        c = c.push(text(format!("{place}: {keys}")).size(theme::SIZE_BODY));
    }
    c = c.push(button(text("Close  [Esc]")).on_press(()));
    center(
        container(c.max_width(720))
            .padding(theme::SPACE_L)
            .style(container::rounded_box),
    )
    .style(|_t: &Theme| container::Style {
        background: Some(
            iced::Color {
                a: 0.6,
                ..iced::Color::BLACK
            }
            .into(),
        ),
        ..container::Style::default()
    })
    .width(Fill)
    .height(Fill)
    .into()
}
