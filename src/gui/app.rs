//! The root of the app: holds the current screen and the shared context, routes messages and keys,
//! and takes in what the core's tasks bring back.

use crate::data_dir::DataDir;
use crate::deck::media::MediaRoot;
use crate::gui::context::Context;
use crate::gui::screen::{self, Screen};
use crate::gui::shortcuts;
use crate::gui::task::{self, LearnerChange, Purpose};
use crate::gui::theme;
use crate::gui::widget::button;
use crate::gui::widget::picture::Picture;
use crate::profile::{
    AddedDeck, ImportPreview, Learner, NotStarted, PagesChecked, Profile, SavedSettings,
    StudySession,
};
use crate::review::CardKey;
use crate::schedule::CardState;
use crate::sync::Synced;
use iced::keyboard::{self, Key, Modifiers};
use iced::widget::{center, column, container, opaque, row, scrollable, stack, text};
use iced::{Element, Event, Fill, Subscription, Task, Theme, event, window};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// How long the settings wait after a change before they are written (with every change made
/// meanwhile), so a slider's steps make a write or two rather than one each.
pub const SETTINGS_PAUSE: Duration = Duration::from_millis(500);

// A message lives for one update; boxing the study screen's larger ones would only add allocations.
#[allow(clippy::large_enum_variant)]
pub enum Message {
    Opened(Box<Result<Profile, String>>),
    Library(screen::library::Message),
    Study(screen::study::Message),
    Quiz(screen::quiz::Message),
    Stats(screen::stats::Message),
    Browse(screen::browse::Message),
    Editor(screen::editor::Message),
    Settings(screen::settings::Message),
    CustomStudy(screen::custom_study::Message),
    Import(screen::import::Message),
    Export(screen::export::Message),
    Files(screen::files::Message),
    Class(screen::class::Message),
    /// The learner's results were written to their class folder, or why not.
    ClassPublished(Result<PathBuf, String>),
    Key(Key, Modifiers),
    FileDropped(PathBuf),
    /// The system dialog closed, with a file or folder or without one.
    FileChosen(Purpose, Option<PathBuf>),
    ToggleHelp,
    /// The system's light or dark mode, asked at start and followed as it changes.
    SystemTheme(iced::theme::Mode),
    /// A frame was drawn with the library ready (only watched when measuring start-up).
    FrameDrawn,
    ProgressRead(Box<Result<HashMap<CardKey, CardState>, String>>),
    /// What the check of every page of the store, run once the first screen is shown, found.
    PagesChecked(PagesChecked),
    /// Half a second has passed since the settings changed: write them.
    SaveSettings,
    SettingsSaved(Box<Result<SavedSettings, String>>),
    LearnerOpened(Box<Result<Learner, String>>, LearnerChange),
    LearnerCreated(String, Result<Vec<String>, String>),
    LearnerDeleted(String, Result<PathBuf, String>),
    DeckAdded(Box<Result<AddedDeck, String>>),
    /// An exchange file was read: what it would import, to confirm before it is saved.
    ImportPreviewed(Box<Result<ImportPreview, String>>),
    SessionStarted(Box<Result<StudySession, NotStarted>>),
    Notice(String),
    /// The clock, once a minute: a new study day is counted afresh.
    Tick,
    /// Cards' pictures, read from their decks' folders.
    PicturesRead(Vec<(MediaRoot, String, Result<Picture, String>)>),
    /// A sync with the learner's other computers ended.
    Synced(Box<Result<Synced, crate::profile::NotSynced>>),
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Opened(_) => f.write_str("Opened"),
            Message::Library(m) => write!(f, "Library({m:?})"),
            Message::Study(m) => write!(f, "Study({m:?})"),
            Message::Quiz(m) => write!(f, "Quiz({m:?})"),
            Message::Stats(m) => write!(f, "Stats({m:?})"),
            Message::Browse(m) => write!(f, "Browse({m:?})"),
            Message::Editor(m) => write!(f, "Editor({m:?})"),
            Message::Settings(m) => write!(f, "Settings({m:?})"),
            Message::CustomStudy(m) => write!(f, "CustomStudy({m:?})"),
            Message::Import(m) => write!(f, "Import({m:?})"),
            Message::Export(m) => write!(f, "Export({m:?})"),
            Message::ImportPreviewed(r) => write!(f, "ImportPreviewed(ok: {})", r.is_ok()),
            Message::Files(m) => write!(f, "Files({m:?})"),
            Message::Class(m) => write!(f, "Class({m:?})"),
            Message::ClassPublished(r) => write!(f, "ClassPublished({r:?})"),
            Message::Key(k, m) => write!(f, "Key({k:?}, {m:?})"),
            Message::FileDropped(p) => write!(f, "FileDropped({p:?})"),
            Message::FileChosen(purpose, p) => write!(f, "FileChosen({purpose:?}, {p:?})"),
            Message::ToggleHelp => f.write_str("ToggleHelp"),
            Message::FrameDrawn => f.write_str("FrameDrawn"),
            Message::ProgressRead(_) => f.write_str("ProgressRead"),
            Message::PagesChecked(c) => write!(f, "PagesChecked({c:?})"),
            Message::SaveSettings => f.write_str("SaveSettings"),
            Message::SettingsSaved(r) => write!(f, "SettingsSaved(ok: {})", r.is_ok()),
            Message::LearnerOpened(_, why) => write!(f, "LearnerOpened({why:?})"),
            Message::LearnerCreated(n, r) => write!(f, "LearnerCreated({n:?}, {r:?})"),
            Message::LearnerDeleted(n, r) => write!(f, "LearnerDeleted({n:?}, {r:?})"),
            Message::DeckAdded(_) => f.write_str("DeckAdded"),
            Message::SessionStarted(_) => f.write_str("SessionStarted"),
            Message::Notice(n) => write!(f, "Notice({n:?})"),
            Message::Tick => f.write_str("Tick"),
            Message::PicturesRead(read) => write!(f, "PicturesRead({} pictures)", read.len()),
            Message::Synced(r) => write!(f, "Synced(ok: {})", r.is_ok()),
            Message::SystemTheme(mode) => write!(f, "SystemTheme({mode:?})"),
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

/// What the end-to-end measurement waits for before closing the app
/// (`CHANGCHUN_CARDS_EXIT_WHEN_READY`: `1` for the library, `statistics` for the statistics screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Library,
    Statistics,
}

impl Measure {
    fn from_env() -> Option<Measure> {
        match std::env::var("CHANGCHUN_CARDS_EXIT_WHEN_READY")
            .ok()?
            .as_str()
        {
            "statistics" => Some(Measure::Statistics),
            _ => Some(Measure::Library),
        }
    }
}

pub struct App {
    pub data: DataDir,
    pub profile: Option<String>,
    pub state: State,
    pub help: bool,
    /// The system's light or dark mode, for the "System" theme setting.
    system_theme: iced::theme::Mode,
    /// Frames begun since the library was ready, counted only for the start-up measurement.
    frames_ready: u8,
    measure: Option<Measure>,
    /// Files given on the command line, offered once the library is ready.
    opening: Vec<PathBuf>,
}

impl App {
    pub fn new(data: DataDir, profile: Option<String>) -> (Self, Task<Message>) {
        Self::with_files(data, profile, Vec::new())
    }

    /// The app opening `files` as if they were dropped on the window once the library is ready.
    pub fn with_files(
        data: DataDir,
        profile: Option<String>,
        files: Vec<PathBuf>,
    ) -> (Self, Task<Message>) {
        let task = Task::batch([
            task::open(data.clone(), profile.clone()),
            iced::system::theme().map(Message::SystemTheme),
        ]);
        (
            App {
                data,
                profile,
                state: State::Loading,
                help: false,
                system_theme: iced::theme::Mode::None,
                frames_ready: 0,
                measure: Measure::from_env(),
                opening: files,
            },
            task,
        )
    }

    /// An app already opened, for tests; its first task (reading every card state) is returned.
    pub fn loaded(context: Context) -> (Self, Task<Message>) {
        let task = Task::batch([
            task::progress(&context.profile),
            task::check_pages(&context.profile),
        ]);
        (
            App {
                data: context.profile.data().clone(),
                profile: Some(context.profile.name().to_owned()),
                state: State::Ready {
                    context: Box::new(context),
                    screen: Screen::Library(screen::library::Library),
                },
                help: false,
                system_theme: iced::theme::Mode::None,
                frames_ready: 0,
                measure: None,
                opening: Vec::new(),
            },
            task,
        )
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
                format!(
                    "{} — Changchun Cards ({})",
                    screen.title(),
                    context.profile.name()
                )
            }
            _ => "Changchun Cards".to_owned(),
        }
    }

    pub fn theme(&self) -> Option<Theme> {
        match &self.state {
            State::Ready { context, .. } => Some(theme::for_setting(
                context.profile.settings().theme,
                self.system_theme,
            )),
            _ => None,
        }
    }

    pub fn scale_factor(&self) -> f32 {
        match &self.state {
            State::Ready { context, .. } => f32::from(context.profile.settings().text_size) / 100.0,
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
        let (screen, settings) = match &self.state {
            State::Ready { screen, context } => (
                screen.subscription(),
                if context.settings_changed {
                    iced::time::every(SETTINGS_PAUSE).map(|_| Message::SaveSettings)
                } else {
                    Subscription::none()
                },
            ),
            _ => (Subscription::none(), Subscription::none()),
        };
        let clock = iced::time::every(Duration::from_secs(60)).map(|_| Message::Tick);
        // The start-up measurement closes the app once what it waits for has been drawn: at the second
        // frame after it was ready, as the first one is what draws it.
        let ready = match (&self.state, self.measure) {
            (State::Ready { .. }, Some(Measure::Library)) => true,
            (State::Ready { screen, .. }, Some(Measure::Statistics)) => match screen {
                Screen::Library(_) => true,
                Screen::Stats(s) => s.overview().is_some(),
                _ => false,
            },
            _ => false,
        };
        let measuring = if ready {
            window::frames().map(|_| Message::FrameDrawn)
        } else {
            Subscription::none()
        };
        let system_theme = iced::system::theme_changes().map(Message::SystemTheme);
        Subscription::batch([
            keys,
            drops,
            screen,
            settings,
            clock,
            measuring,
            system_theme,
        ])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let routed = self.route(message);
        Task::batch([routed, self.read_pictures(), self.start_sync()])
    }

    /// Starts the sync a screen asked for, unless one is under way (it is asked for again when
    /// that one ends) or the learner does not sync.
    fn start_sync(&mut self) -> Task<Message> {
        let State::Ready { context, .. } = &mut self.state else {
            return Task::none();
        };
        let sync = &mut context.sync;
        if !sync.wanted || sync.running {
            return Task::none();
        }
        sync.wanted = false;
        let task = task::sync(&context.profile, sync.confirmed);
        context.sync.running = context.profile.sync_folder().is_some();
        task
    }

    /// Reads the pictures the screen now shows and no one has read yet, off the window's thread.
    fn read_pictures(&mut self) -> Task<Message> {
        let State::Ready { context, screen } = &mut self.state else {
            return Task::none();
        };
        let wanted = screen.pictures_shown(context);
        let to_read = context
            .pictures
            .to_read(wanted.iter().map(|(r, i)| (r.clone(), i)));
        if to_read.is_empty() {
            return Task::none();
        }
        task::read_pictures(to_read)
    }

    fn route(&mut self, message: Message) -> Task<Message> {
        if let Message::PicturesRead(read) = message {
            if let State::Ready { context, .. } = &mut self.state {
                context.pictures.insert(read);
            }
            return Task::none();
        }
        if let Message::SystemTheme(mode) = message {
            self.system_theme = mode;
            return Task::none();
        }
        match message {
            Message::Opened(result) => {
                return match *result {
                    Ok(profile) => {
                        let task =
                            Task::batch([task::progress(&profile), task::check_pages(&profile)]);
                        let context = Box::new(Context::new(profile));
                        let screen = Screen::Library(screen::library::Library);
                        self.state = State::Ready { context, screen };
                        let files = std::mem::take(&mut self.opening)
                            .into_iter()
                            .map(|path| Task::done(Message::FileDropped(path)));
                        Task::batch([task].into_iter().chain(files))
                    }
                    Err(problem) => {
                        self.state = State::Failed(problem);
                        Task::none()
                    }
                };
            }
            Message::FrameDrawn => {
                // Measuring the statistics: they are opened as a learner would, from the library
                // once it has been drawn.
                if self.measure == Some(Measure::Statistics)
                    && let State::Ready { context, screen } = &mut self.state
                    && matches!(screen, Screen::Library(_))
                {
                    return screen::go(screen, context, screen::Transition::Stats);
                }
                self.frames_ready = self.frames_ready.saturating_add(1);
                return if self.frames_ready >= 2 {
                    iced::exit()
                } else {
                    Task::none()
                };
            }
            Message::ToggleHelp => return self.toggle_help(),
            _ => {}
        }
        let State::Ready { context, screen } = &mut self.state else {
            return Task::none();
        };
        match message {
            Message::Key(key, modifiers) => {
                use shortcuts::Everywhere as K;
                match (
                    shortcuts::find(shortcuts::EVERYWHERE, &key, modifiers),
                    self.help,
                ) {
                    (Some(K::Help), _) => return self.toggle_help(),
                    (Some(K::CloseHelp), true) => {
                        self.help = false;
                        return Task::none();
                    }
                    // While the help is up, keys go nowhere else.
                    (_, true) => return Task::none(),
                    // Tab and Shift+Tab move the focus between text fields, buttons, checkboxes
                    // and togglers on every screen (`widget::focus`).
                    (Some(K::NextField), false) => return iced::widget::operation::focus_next(),
                    (Some(K::PreviousField), false) => {
                        return iced::widget::operation::focus_previous();
                    }
                    (Some(K::CloseHelp) | None, false) => {}
                }
                match screen.key(&key, modifiers) {
                    Some(m) => self.update(m),
                    None => Task::none(),
                }
            }
            Message::FileDropped(path) => dropped(context, screen, path),
            Message::FileChosen(purpose, Some(path)) => {
                screen::chosen(screen, context, purpose, path)
            }
            Message::FileChosen(purpose, None) => {
                // No file: the learner cancelled, or the desktop has no file-dialog service. The
                // in-app chooser offers the other way either way.
                // A sync folder is chosen again from where it is now.
                let start = match (purpose, context.profile.sync_folder()) {
                    (Purpose::SyncFolder, Some(folder)) => Some(folder.to_path_buf()),
                    _ => None,
                };
                let (files, task) = screen::files::Files::new(
                    purpose,
                    start,
                    context.profile.data().root().to_path_buf(),
                    screen::files::Why::NoDialog,
                );
                let back = std::mem::replace(screen, Screen::Library(screen::library::Library));
                *screen = Screen::Files(Box::new(files), Box::new(back));
                task.map(Message::Files)
            }
            Message::ProgressRead(result) => {
                match *result {
                    Ok(progress) => context.profile.set_progress(progress),
                    Err(e) => context.notice(format!("Could not read progress: {e}")),
                }
                Task::none()
            }
            Message::PagesChecked(PagesChecked::Healthy(notes)) => {
                for note in notes {
                    context.notice(note);
                }
                Task::none()
            }
            Message::PagesChecked(PagesChecked::Unreadable(e)) => {
                context.notice(e);
                Task::none()
            }
            Message::PagesChecked(PagesChecked::Damaged { path, .. }) => {
                if path != context.profile.store_path() {
                    return Task::none();
                }
                let data = context.profile.data().clone();
                let name = context.profile.name().to_owned();
                // Dropping the profile and the screen closes their connections to the file, so
                // opening it again can set it aside.
                self.state = State::Loading;
                task::open_after_damage(data, name)
            }
            Message::SaveSettings => {
                context.settings_changed = false;
                task::save_settings(&context.profile)
            }
            Message::SettingsSaved(outcome) => {
                match *outcome {
                    Ok(saved) => context.profile.settings_saved(saved),
                    Err(e) => context.notice(e),
                }
                Task::none()
            }
            Message::LearnerOpened(result, LearnerChange::NewDay) => {
                // The same learner on a new day: the screen on show stays as it is.
                match *result {
                    Ok(learner) if learner.name() == context.profile.name() => {
                        context.profile.switch_to(learner);
                        task::progress(&context.profile)
                    }
                    Ok(_) => Task::none(),
                    Err(e) => {
                        context.notice(e);
                        Task::none()
                    }
                }
            }
            Message::LearnerOpened(result, why) => match *result {
                Ok(learner) => {
                    let name = learner.name().to_owned();
                    match why {
                        LearnerChange::Renamed => context.profile.renamed(learner),
                        _ => context.profile.switch_to(learner),
                    }
                    context.notices.extend(context.profile.take_warnings());
                    context.settings_changed = true;
                    let note = match why {
                        LearnerChange::Switched => format!("Now studying as \"{name}\"."),
                        LearnerChange::Renamed => format!("Profile renamed to \"{name}\"."),
                        LearnerChange::Restored => "The newest backup was restored.".to_owned(),
                        LearnerChange::Rescheduled => "Studying settings saved.".to_owned(),
                        LearnerChange::NewDay => String::new(),
                    };
                    screen.learner_changed(context, note);
                    task::progress(&context.profile)
                }
                Err(e) => {
                    screen.problem(context, e);
                    Task::none()
                }
            },
            Message::LearnerCreated(name, result) => {
                let note = match result {
                    Ok(learners) => {
                        context.profile.set_learners(learners);
                        format!(
                            "Profile \"{name}\" created. Choose \"Switch to {name}\" under Learners to study as them."
                        )
                    }
                    Err(e) => e,
                };
                screen.problem(context, note);
                Task::none()
            }
            Message::LearnerDeleted(name, result) => {
                let note = match result {
                    Ok(kept) => {
                        context.profile.learner_deleted(&name);
                        context.settings_changed = true;
                        format!(
                            "Profile \"{name}\" deleted; its progress is kept in {}.",
                            kept.display()
                        )
                    }
                    Err(e) => e,
                };
                screen.problem(context, note);
                Task::none()
            }
            Message::DeckAdded(result) => {
                match *result {
                    Ok(added) => {
                        context.notice(added.note.clone());
                        context.profile.add_deck(added);
                    }
                    Err(e) => context.notice(e),
                }
                if !matches!(screen, Screen::Editor(_)) {
                    *screen = Screen::Library(screen::library::Library);
                }
                Task::none()
            }
            Message::ImportPreviewed(result) => {
                match *result {
                    Ok(preview) => {
                        *screen = Screen::Import(Box::new(screen::import::Import::new(preview)));
                    }
                    Err(e) => context.notice(e),
                }
                Task::none()
            }
            Message::SessionStarted(result) => match *result {
                Ok(session) => {
                    context.nothing_due = None;
                    let (study, task) = screen::study::Study::new(session, context);
                    *screen = Screen::Study(Box::new(study));
                    task.map(Message::Study)
                }
                Err(why) => {
                    screen.not_started(context, why);
                    Task::none()
                }
            },
            Message::Synced(result) => {
                context.sync.running = false;
                let mut task = Task::none();
                if let Ok(synced) = &*result {
                    context.sync.confirmed = false;
                    let day_moved = context.profile.synced(synced);
                    if let Some(taken) = &synced.settings {
                        context.settings_changed = true;
                        context.notice(crate::sync::settings_taken(taken));
                    }
                    if day_moved {
                        // The day starts at another hour: today is counted afresh.
                        task = task::open_learner(
                            &context.profile,
                            context.profile.name().to_owned(),
                            LearnerChange::Rescheduled,
                        );
                    }
                }
                context.sync.last = Some((chrono::Utc::now(), *result));
                task
            }
            Message::Notice(note) => {
                context.notice(note);
                Task::none()
            }
            // Written quietly; a folder out of reach is said once, and study goes on.
            Message::ClassPublished(Ok(_)) => Task::none(),
            Message::ClassPublished(Err(note)) => {
                context.notice(note);
                Task::none()
            }
            Message::Tick => {
                // On a new study day, cards that were due later may be due now: read them again.
                if context.profile.tick(chrono::Utc::now()) {
                    let name = context.profile.name().to_owned();
                    task::open_learner(&context.profile, name, LearnerChange::NewDay)
                } else {
                    Task::none()
                }
            }
            other => screen::route(screen, context, other),
        }
    }

    /// Opens or closes the help. Opening it gives the focus to its Close button, so that a button
    /// focused on the page beneath does not take Enter and Space.
    fn toggle_help(&mut self) -> Task<Message> {
        self.help = !self.help;
        if self.help {
            iced::widget::operation::focus(HELP_CLOSE)
        } else {
            Task::none()
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

/// A file dropped on the window: an exchange file goes to the import preview, as one chosen with
/// Import… does; a deck is offered to be added to the learner's decks or opened this time only.
fn dropped(context: &mut Context, screen: &mut Screen, path: PathBuf) -> Task<Message> {
    if let Screen::Editor(editor) = screen {
        if crate::deck::media::check_path(&path.file_name().unwrap_or_default().to_string_lossy())
            .is_ok()
        {
            return editor.picture_dropped(path).map(Message::Editor);
        }
        if editor.is_dirty() {
            context.notice(format!(
                "{} was not opened: save or discard the deck you are editing first, then drop it again.",
                path.display()
            ));
            return Task::none();
        }
    }
    if matches!(screen, Screen::Study(_) | Screen::Quiz(_)) {
        context.notice(format!(
            "{} was not opened: finish or end the session first, then drop it again.",
            path.display()
        ));
        return Task::none();
    }
    *screen = Screen::Library(screen::library::Library);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        context.dropped = Some(path);
        Task::none()
    } else {
        task::import_preview(path)
    }
}

/// The help's Close button.
const HELP_CLOSE: &str = "help-close";

/// The keyboard shortcuts, from the same tables the screens' keys are looked up in. The title and
/// Close stay above the list, which scrolls, so Close is in sight on a small window too.
fn help_overlay<'a>() -> Element<'a, ()> {
    let header = row![
        text("Keyboard shortcuts")
            .size(theme::SIZE_TITLE)
            .font(theme::BOLD),
        iced::widget::space::horizontal(),
        button(text("Close  [Esc]"))
            .id(HELP_CLOSE)
            .style(theme::primary)
            .padding(theme::BUTTON_PADDING)
            .on_press(()),
    ]
    .spacing(theme::SPACE_S)
    .align_y(iced::Center);
    let mut c = column![].spacing(theme::SPACE_S);
    for section in shortcuts::help() {
        let keys = section
            .lines
            .iter()
            .map(|(keys, what)| {
                if keys.is_empty() {
                    (*what).to_owned()
                } else {
                    format!("{keys} {what}")
                }
            })
            .collect::<Vec<_>>()
            .join(" · ");
        c = c.push(
            row![
                text(section.place)
                    .font(theme::BOLD)
                    .size(theme::SIZE_BODY)
                    .width(170),
                text(keys).size(theme::SIZE_BODY).width(Fill)
            ]
            .spacing(theme::SPACE_S),
        );
    }
    center(
        // Room on the right of the list, so the scrollbar never covers its text.
        container(
            column![
                header,
                scrollable(c.padding(iced::Padding::ZERO.right(theme::SPACE_M)))
            ]
            .spacing(theme::SPACE_M),
        )
        .padding(theme::SPACE_L)
        .max_width(720.0 + 2.0 * theme::SPACE_L)
        .style(theme::overlay),
    )
    .padding(theme::SPACE_L)
    .style(theme::scrim)
    .width(Fill)
    .height(Fill)
    .into()
}
