//! Settings: theme, text size, the scheduler's settings for this learner, profiles, and Optimize.
//! Appearance changes apply at once and are written after a short pause; the studying fields are
//! checked and kept when the learner saves or leaves (Esc), with any problem shown beside its field.

use crate::gui::app;
use crate::gui::context::Context;
use crate::gui::task::{self, LearnerChange};
use crate::gui::theme;
use crate::gui::widget::{button, checkbox, pick_list, slider};
use crate::schedule::SchedulerSettings;
use crate::settings::{TEXT_SIZE_RANGE, Theme as ThemeChoice};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Length, Task};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Message {
    Theme(ThemeChoice),
    TextSize(u16),
    ReduceMotion(bool),
    Retention(f32),
    NewPerDay(String),
    ReviewsPerDay(String),
    LearningSteps(String),
    DayStartsAt(String),
    Apply,
    Optimize,
    Optimized(Result<Arc<crate::schedule::OptimizeReport>, String>),
    ProfileName(String),
    CreateProfile,
    SwitchProfile(String),
    RenameProfile,
    DeleteProfile(String),
    /// Leave, keeping the studying fields when they are valid.
    Back,
    /// Leave without keeping the studying fields.
    Discard,
    /// Show the data folder in the system's file manager.
    OpenDataFolder,
    /// Put the data folder's path on the clipboard.
    CopyDataFolder,
    /// Choose the folder the learner's computers share.
    ChooseSyncFolder,
    SyncNow,
    /// The progress other computers left in the sync folder is the learner's: merge it.
    ConfirmSync,
    StopSyncing,
}

pub enum Action {
    None,
    Run(Task<app::Message>),
    Choose(task::Purpose),
    Back,
}

/// A studying field, for its problem to be shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    NewPerDay,
    ReviewsPerDay,
    LearningSteps,
    DayStartsAt,
}

pub struct Settings {
    retention: f32,
    new_per_day: String,
    reviews_per_day: String,
    learning_steps: String,
    day_starts_at: String,
    profile_name: String,
    /// Reviews a day to expect at the chosen retention, worked out when it changes.
    estimate: Option<f64>,
    /// Problems of the studying fields, each shown beside its field.
    problems: Vec<(Field, String)>,
    /// The last outcome to report: saved, a problem, or Optimize's figures.
    status: Option<String>,
}

pub const SCROLL: &str = "settings";

impl Settings {
    pub fn new(context: &Context) -> Self {
        let s = context.profile.scheduler().settings();
        Settings {
            retention: s.desired_retention,
            new_per_day: s.new_per_day.to_string(),
            reviews_per_day: s.reviews_per_day.to_string(),
            learning_steps: s
                .learning_steps
                .iter()
                .map(|m| format!("{m}m"))
                .collect::<Vec<_>>()
                .join(" "),
            day_starts_at: s.day_starts_at.to_string(),
            profile_name: String::new(),
            estimate: context.profile.estimated_daily_reviews(s.desired_retention),
            problems: Vec::new(),
            status: None,
        }
    }

    /// Shows a sentence beside the buttons.
    pub fn say(&mut self, note: String) {
        self.status = Some(note);
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The problem shown beside a field, if any.
    pub fn problem(&self, field: Field) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p.as_str())
    }

    pub fn key(
        &self,
        key: &iced::keyboard::Key,
        modifiers: iced::keyboard::Modifiers,
    ) -> Option<Message> {
        use crate::gui::shortcuts::{self, Settings as K};
        match shortcuts::find(shortcuts::SETTINGS, key, modifiers)? {
            K::Back => Some(Message::Back),
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Theme(choice) => {
                context.profile.settings_mut().theme = choice;
                context.settings_changed = true;
            }
            Message::TextSize(percent) => {
                context.profile.settings_mut().text_size =
                    percent.clamp(*TEXT_SIZE_RANGE.start(), *TEXT_SIZE_RANGE.end());
                context.settings_changed = true;
            }
            Message::ReduceMotion(on) => {
                context.profile.settings_mut().reduce_motion = on;
                context.settings_changed = true;
            }
            Message::Retention(r) => {
                self.retention = (r * 100.0).round() / 100.0;
                self.estimate = context.profile.estimated_daily_reviews(self.retention);
            }
            Message::NewPerDay(s) => self.new_per_day = s,
            Message::ReviewsPerDay(s) => self.reviews_per_day = s,
            Message::LearningSteps(s) => self.learning_steps = s,
            Message::DayStartsAt(s) => self.day_starts_at = s,
            Message::Apply => return self.apply(context).0,
            Message::Back => {
                let (action, kept) = self.apply(context);
                if !kept {
                    self.status = Some(
                        "Fix the marked fields, or leave without saving them (Discard changes)."
                            .into(),
                    );
                    return action;
                }
                return match action {
                    // The study day moved: today is counted again while the library shows.
                    Action::Run(task) => Action::Run(Task::batch([
                        task,
                        Task::done(app::Message::Settings(Message::Discard)),
                    ])),
                    _ => Action::Back,
                };
            }
            Message::Discard => return Action::Back,
            Message::Optimize => {
                self.status = Some("Fitting the scheduler to your history…".into());
                return Action::Run(
                    task::optimize(&context.profile, |r| Message::Optimized(r.map(Arc::new)))
                        .map(app::Message::Settings),
                );
            }
            Message::Optimized(result) => {
                self.status = Some(match result {
                    Ok(report) => {
                        let note = context.profile.apply_optimize(&report);
                        context.settings_changed |= report.changed;
                        note
                    }
                    Err(e) => format!("Optimize failed: {e}"),
                });
            }
            Message::ProfileName(s) => self.profile_name = s,
            Message::CreateProfile => {
                let name = self.profile_name.trim().to_owned();
                return Action::Run(task::create_learner(&context.profile, name));
            }
            Message::SwitchProfile(name) => {
                return Action::Run(task::open_learner(
                    &context.profile,
                    name,
                    LearnerChange::Switched,
                ));
            }
            Message::RenameProfile => {
                let name = self.profile_name.trim().to_owned();
                return Action::Run(task::rename_learner(&context.profile, name));
            }
            Message::DeleteProfile(name) => {
                return Action::Run(task::delete_learner(&context.profile, name));
            }
            Message::OpenDataFolder => {
                return Action::Run(task::show_folder(
                    context.profile.data().root().to_path_buf(),
                ));
            }
            Message::CopyDataFolder => {
                let path = context.profile.data().root().display().to_string();
                context.notice(format!("Copied {path}"));
                return Action::Run(iced::clipboard::write(path));
            }
            Message::ChooseSyncFolder => return Action::Choose(task::Purpose::SyncFolder),
            Message::SyncNow => context.sync.wanted = true,
            Message::ConfirmSync => {
                context.sync.confirmed = true;
                context.sync.wanted = true;
            }
            Message::StopSyncing => {
                context.profile.set_sync_folder(None);
                context.settings_changed = true;
                context.sync.last = None;
            }
        }
        Action::None
    }

    /// Checks the studying fields and keeps them when they are all valid; says whether they were
    /// kept. A change of the hour the day starts reopens the learner to count today again.
    fn apply(&mut self, context: &mut Context) -> (Action, bool) {
        let current = context.profile.scheduler().settings().clone();
        match self.read(&current) {
            Err(problems) => {
                self.problems = problems;
                (Action::None, false)
            }
            Ok(s) if s == current => {
                self.problems.clear();
                (Action::None, true)
            }
            Ok(s) => {
                self.problems.clear();
                let day_moved = s.day_starts_at != current.day_starts_at;
                context.profile.set_scheduler_settings(s);
                context.settings_changed = true;
                // The learner's other computers take the change at their next sync.
                context.sync.wanted = true;
                self.status = Some("Saved.".into());
                let action = if day_moved {
                    Action::Run(task::open_learner(
                        &context.profile,
                        context.profile.name().to_owned(),
                        LearnerChange::Rescheduled,
                    ))
                } else {
                    Action::None
                };
                (action, true)
            }
        }
    }

    /// The scheduler settings the fields give, or each field's problem.
    fn read(&self, current: &SchedulerSettings) -> Result<SchedulerSettings, Vec<(Field, String)>> {
        let mut problems = Vec::new();
        let mut s = current.clone();
        s.desired_retention = self.retention;
        match self.new_per_day.trim().parse() {
            Ok(n) => s.new_per_day = n,
            Err(_) => problems.push((Field::NewPerDay, "A whole number, such as 20.".into())),
        }
        match self.reviews_per_day.trim().parse() {
            Ok(n) => s.reviews_per_day = n,
            Err(_) => problems.push((Field::ReviewsPerDay, "A whole number, such as 200.".into())),
        }
        match self.day_starts_at.trim().parse::<u8>() {
            Ok(h) if h <= 23 => s.day_starts_at = h,
            _ => problems.push((Field::DayStartsAt, "An hour from 0 to 23.".into())),
        }
        let steps: Result<Vec<u32>, _> = self
            .learning_steps
            .split_whitespace()
            .map(|step| step.trim_end_matches('m').parse::<u32>())
            .collect();
        match steps {
            Ok(steps) => s.learning_steps = steps,
            Err(_) => problems.push((
                Field::LearningSteps,
                "Minutes separated by spaces, such as \"1m 10m\".".into(),
            )),
        }
        if problems.is_empty() {
            for p in s.problems() {
                let field = if p.contains("steps") {
                    Field::LearningSteps
                } else {
                    Field::DayStartsAt
                };
                problems.push((field, p));
            }
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems)
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let profile = &context.profile;
        let heading = |t: &'a str| text(t).size(theme::SIZE_QUESTION).font(theme::BOLD);
        let label_width = Length::Fixed(230.0);
        let field = |label: &'a str, value: &'a str, on: fn(String) -> Message, which: Field| {
            let mut r = row![
                text(label).width(label_width),
                text_input("", value)
                    .style(theme::input)
                    .padding(theme::SPACE_S)
                    .on_input(on)
                    .on_submit(Message::Apply)
                    .width(Length::Fixed(140.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center);
            if let Some(p) = self.problem(which) {
                r = r.push(text(p).style(theme::wrong_text).size(theme::SIZE_SMALL));
            }
            iced::widget::Row::wrap(r)
        };
        let estimate = match self.estimate {
            Some(n) if n.round() == 1.0 => {
                "At this retention, expect about 1 review a day for the cards studied so far."
                    .to_owned()
            }
            Some(n) => format!(
                "At this retention, expect about {n:.0} reviews a day for the cards studied so far."
            ),
            None => "Reading your progress…".to_owned(),
        };
        let mut page = column![
            row![
                text("Settings")
                    .size(theme::SIZE_TITLE)
                    .font(theme::BOLD)
                    .width(Fill),
                button(text("Back  [Esc]"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Back)
            ]
            .align_y(Center),
            heading("Appearance"),
            row![
                text("Theme").width(label_width),
                pick_list(
                    ThemeChoice::ALL,
                    Some(profile.settings().theme),
                    Message::Theme
                )
                .style(theme::select)
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            row![
                text(format!("Text size: {} %", profile.settings().text_size)).width(label_width),
                slider(
                    TEXT_SIZE_RANGE,
                    profile.settings().text_size,
                    Message::TextSize
                )
                .step(10u16)
                .width(Length::Fixed(300.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            row![
                text("Motion").width(label_width),
                checkbox(profile.settings().reduce_motion)
                    .label("Reduce motion: no fades or easing")
                    .on_toggle(Message::ReduceMotion)
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            heading("Studying"),
            row![
                text(format!(
                    "Desired retention: {:.0} %",
                    self.retention * 100.0
                ))
                .width(label_width),
                slider(0.70..=0.97, self.retention, Message::Retention)
                    .step(0.01)
                    .width(Length::Fixed(300.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            text(estimate)
                .size(theme::SIZE_SMALL)
                .style(theme::muted_text),
            field(
                "New cards per day",
                &self.new_per_day,
                Message::NewPerDay,
                Field::NewPerDay
            ),
            field(
                "Maximum reviews per day",
                &self.reviews_per_day,
                Message::ReviewsPerDay,
                Field::ReviewsPerDay
            ),
            field(
                "Learning steps",
                &self.learning_steps,
                Message::LearningSteps,
                Field::LearningSteps
            ),
            field(
                "The day starts at (hour)",
                &self.day_starts_at,
                Message::DayStartsAt,
                Field::DayStartsAt
            ),
            iced::widget::Row::wrap(
                row![
                    button(text("Save studying settings"))
                        .style(theme::primary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press(Message::Apply),
                    button(text("Optimize from my history"))
                        .style(theme::secondary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press(Message::Optimize),
                ]
                .spacing(theme::SPACE_M)
            )
            .vertical_spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_M);
        if !self.problems.is_empty() {
            page = page.push(
                button(text("Discard changes"))
                    .style(theme::danger)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Discard),
            );
        }
        if let Some(status) = &self.status {
            page = page.push(text(status.as_str()).size(theme::SIZE_BODY));
        }
        page = page.push(heading("Learners"));
        page = page.push(text(format!("Studying as \"{}\".", profile.name())));
        for p in profile.learners().iter().filter(|p| *p != profile.name()) {
            page = page.push(
                row![
                    text(p.as_str()).width(label_width),
                    button(text(format!("Switch to {p}")))
                        .style(theme::secondary)
                        .on_press(Message::SwitchProfile(p.clone())),
                    button(text(format!("Delete {p}")))
                        .style(theme::danger)
                        .on_press(Message::DeleteProfile(p.clone())),
                ]
                .spacing(theme::SPACE_S)
                .align_y(Center),
            );
        }
        let typed = self.profile_name.trim();
        let ready = !typed.is_empty();
        page = page.push(
            iced::widget::Row::wrap(
                row![
                    text_input("A learner's name", &self.profile_name)
                        .style(theme::input)
                        .padding(theme::SPACE_S)
                        .on_input(Message::ProfileName)
                        .width(Length::Fixed(220.0)),
                    button(text("Create a profile with this name"))
                        .style(theme::secondary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press_maybe(ready.then_some(Message::CreateProfile)),
                    button(text(format!("Rename \"{}\" to this name", profile.name())))
                        .style(theme::secondary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press_maybe(ready.then_some(Message::RenameProfile)),
                ]
                .spacing(theme::SPACE_S),
            )
            .vertical_spacing(theme::SPACE_S),
        );
        page = page.push(heading("Sync"));
        page = page.push(sync_section(context));
        page = page.push(crate::gui::widget::about::view(
            context.profile.data().root(),
            Message::OpenDataFolder,
            Message::CopyDataFolder,
        ));
        scrollable(
            container(page.max_width(900))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .id(SCROLL)
        .into()
    }
}

/// Sync through a shared folder: what it does, the folder, and how the last sync went.
fn sync_section(context: &Context) -> Element<'_, Message> {
    let mut section = column![
        text(
            "Study on several computers: choose a folder they all share (Syncthing, Dropbox, \
             OneDrive, Google Drive, a school network share or a USB stick). Each computer writes \
             only its own file there and merges the others' answers, quizzes and undos, at start, \
             after each session and when you ask."
        )
        .size(theme::SIZE_SMALL),
    ]
    .spacing(theme::SPACE_S);
    let buttons = match context.profile.sync_folder() {
        None => {
            section = section.push(text("This learner does not sync."));
            row![
                button(text("Choose a sync folder…"))
                    .style(theme::primary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::ChooseSyncFolder),
            ]
        }
        Some(folder) => {
            section = section.push(text(format!("Sync folder: {}", folder.display())));
            let asking = matches!(
                &context.sync.last,
                Some((_, Err(crate::profile::NotSynced::Unconfirmed(_))))
            );
            // While the question stands, it says all there is to say.
            if !asking {
                section = section.push(
                    text(context.sync.status(chrono::Utc::now()))
                        .size(theme::SIZE_BODY)
                        .style(match &context.sync.last {
                            Some((_, Err(_))) => theme::wrong_text,
                            _ => theme::muted_text,
                        }),
                );
            }
            if let Some(at) = context.profile.settings_changed_at() {
                section = section.push(
                    text(format!(
                        "Studying settings last changed {} (on whichever computer changed them last).",
                        at.format("%Y-%m-%d %H:%M UTC")
                    ))
                    .size(theme::SIZE_SMALL),
                );
            }
            if let Some((_, Err(crate::profile::NotSynced::Unconfirmed(question)))) =
                &context.sync.last
            {
                section = section.push(text(question.as_str()));
                section = section.push(
                    button(text("It is mine: merge it with my progress"))
                        .style(theme::primary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press(Message::ConfirmSync),
                );
            }
            if let Some((_, Ok(synced))) = &context.sync.last {
                if !synced.merged.is_empty() {
                    section = section.push(text(synced.summary()).size(theme::SIZE_SMALL));
                }
                for note in &synced.notes {
                    section = section.push(text(format!("• {note}")).size(theme::SIZE_SMALL));
                }
            }
            row![
                button(text(if context.sync.running {
                    "Syncing…"
                } else {
                    "Sync now"
                }))
                .style(if asking {
                    theme::secondary
                } else {
                    theme::primary
                })
                .padding(theme::BUTTON_PADDING)
                .on_press_maybe((!context.sync.running).then_some(Message::SyncNow)),
                button(text("Choose another folder…"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::ChooseSyncFolder),
                button(text("Stop syncing"))
                    .style(theme::danger)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::StopSyncing),
            ]
        }
    };
    section
        .push(
            iced::widget::Row::wrap(buttons.spacing(theme::SPACE_S))
                .vertical_spacing(theme::SPACE_S),
        )
        .into()
}
