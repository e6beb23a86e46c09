//! Settings: theme, text size, the scheduler's settings for this learner, profiles, and Optimize.

use crate::gui::context::Context;
use crate::gui::theme;
use crate::settings::Theme as ThemeChoice;
use iced::widget::{
    button, column, container, pick_list, row, scrollable, slider, text, text_input,
};
use iced::{Center, Element, Fill, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Theme(ThemeChoice),
    TextSize(u16),
    Retention(f32),
    NewPerDay(String),
    ReviewsPerDay(String),
    LearningSteps(String),
    DayStartsAt(String),
    Apply,
    Optimize,
    Optimized(Result<std::sync::Arc<crate::schedule::OptimizeReport>, String>),
    ProfileName(String),
    CreateProfile,
    SwitchProfile(String),
    RenameProfile,
    DeleteProfile,
    Back,
}

pub enum Action {
    None,
    Run(iced::Task<Message>),
    Back,
}

pub struct Settings {
    retention: f32,
    new_per_day: String,
    reviews_per_day: String,
    learning_steps: String,
    day_starts_at: String,
    profile_name: String,
    /// The last outcome to report: saved, a problem, or Optimize's figures.
    status: Option<String>,
}

impl Settings {
    pub fn new(context: &Context) -> Self {
        let s = context.scheduler.settings();
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
            status: None,
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Theme(choice) => {
                context.settings.theme = choice;
                self.save_app_settings(context);
            }
            Message::TextSize(percent) => {
                context.settings.text_size = percent.clamp(80, 200);
                self.save_app_settings(context);
            }
            Message::Retention(r) => self.retention = (r * 100.0).round() / 100.0,
            Message::NewPerDay(s) => self.new_per_day = s,
            Message::ReviewsPerDay(s) => self.reviews_per_day = s,
            Message::LearningSteps(s) => self.learning_steps = s,
            Message::DayStartsAt(s) => self.day_starts_at = s,
            Message::Apply => self.status = Some(self.apply(context)),
            Message::Optimize => {
                self.status = Some("Fitting the scheduler to your history…".into());
                return Action::Run(iced::Task::perform(context.optimize(), |r| {
                    Message::Optimized(r.map(std::sync::Arc::new))
                }));
            }
            Message::Optimized(result) => {
                self.status = Some(
                    match result.and_then(|report| context.apply_optimize(&report)) {
                        Ok(report) => report,
                        Err(e) => format!("Optimize failed: {e}"),
                    },
                )
            }
            Message::ProfileName(s) => self.profile_name = s,
            Message::CreateProfile => {
                let name = self.profile_name.trim().to_owned();
                self.status = Some(match context.create_profile(&name) {
                    Ok(()) => format!("Profile \"{name}\" created. Switch to it below."),
                    Err(e) => e,
                });
            }
            Message::SwitchProfile(name) => {
                self.status = Some(match context.switch_profile(&name) {
                    Ok(()) => {
                        *self = Settings::new(context);
                        format!("Now studying as \"{name}\".")
                    }
                    Err(e) => e,
                });
            }
            Message::RenameProfile => {
                let name = self.profile_name.trim().to_owned();
                self.status = Some(match context.rename_profile(&name) {
                    Ok(()) => format!("Profile renamed to \"{name}\"."),
                    Err(e) => e,
                });
            }
            Message::DeleteProfile => {
                let name = self.profile_name.trim().to_owned();
                self.status = Some(match context.delete_profile(&name) {
                    Ok(backup) => {
                        format!("Profile \"{name}\" deleted; a backup is kept at {backup}.")
                    }
                    Err(e) => e,
                });
            }
            Message::Back => return Action::Back,
        }
        Action::None
    }

    fn save_app_settings(&mut self, context: &mut Context) {
        if let Err(e) = context.save_settings() {
            self.status = Some(format!("Could not save the settings: {e}"));
        }
    }

    /// Reads the scheduler fields; a value out of range is named and nothing is changed.
    fn apply(&self, context: &mut Context) -> String {
        let mut s = context.scheduler.settings().clone();
        s.desired_retention = self.retention;
        let Ok(new) = self.new_per_day.trim().parse() else {
            return "New cards per day must be a whole number.".into();
        };
        let Ok(reviews) = self.reviews_per_day.trim().parse() else {
            return "Maximum reviews per day must be a whole number.".into();
        };
        let Ok(hour) = self.day_starts_at.trim().parse::<u8>() else {
            return "The hour the day starts must be a whole number from 0 to 23.".into();
        };
        let steps: Result<Vec<u32>, _> = self
            .learning_steps
            .split_whitespace()
            .map(|step| step.trim_end_matches('m').parse::<u32>())
            .collect();
        let Ok(steps) = steps else {
            return "Learning steps are minutes separated by spaces, e.g. \"1m 10m\".".into();
        };
        s.new_per_day = new;
        s.reviews_per_day = reviews;
        s.day_starts_at = hour;
        s.learning_steps = steps;
        let problems = s.problems();
        if !problems.is_empty() {
            return problems.join(" ");
        }
        match context.set_scheduler_settings(s) {
            Ok(()) => "Saved.".into(),
            Err(e) => format!("Could not save: {e}"),
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let heading = |t: &'a str| text(t).size(theme::SIZE_QUESTION).font(theme::BOLD);
        let field = |label: &'a str, value: &'a str, on: fn(String) -> Message| {
            row![
                text(label).width(Length::Fixed(260.0)),
                text_input("", value)
                    .on_input(on)
                    .on_submit(Message::Apply)
                    .width(Length::Fixed(160.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center)
        };
        let estimate = context.estimated_daily_reviews(self.retention);
        let profiles = context.profiles();
        let mut page = column![
            row![text("Settings").size(theme::SIZE_TITLE).font(theme::BOLD).width(Fill), button(text("Back  [Esc]")).on_press(Message::Back)],
            heading("Appearance"),
            row![
                text("Theme").width(Length::Fixed(260.0)),
                pick_list(ThemeChoice::ALL, Some(context.settings.theme), Message::Theme)
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            row![
                text(format!("Text size: {} %", context.settings.text_size)).width(Length::Fixed(260.0)),
                slider(80..=200, context.settings.text_size, Message::TextSize).step(10u16).width(Length::Fixed(300.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            heading("Studying"),
            row![
                text(format!("Desired retention: {:.0} %", self.retention * 100.0)).width(Length::Fixed(260.0)),
                slider(0.70..=0.97, self.retention, Message::Retention).step(0.01).width(Length::Fixed(300.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center),
            text(format!("At this retention, expect about {estimate:.0} reviews a day for the cards studied so far.")).size(theme::SIZE_SMALL),
            field("New cards per day", &self.new_per_day, Message::NewPerDay),
            field("Maximum reviews per day", &self.reviews_per_day, Message::ReviewsPerDay),
            field("Learning steps", &self.learning_steps, Message::LearningSteps),
            field("The day starts at (hour)", &self.day_starts_at, Message::DayStartsAt),
            row![
                button(text("Save studying settings")).style(button::primary).on_press(Message::Apply),
                button(text("Optimize from my history")).on_press(Message::Optimize),
            ]
            .spacing(theme::SPACE_M),
            heading("Learners"),
        ]
        .spacing(theme::SPACE_M);
        let mut switch =
            row![text(format!("Studying as \"{}\"", context.profile)).width(Length::Fixed(260.0))]
                .spacing(theme::SPACE_S)
                .align_y(Center);
        for p in profiles.into_iter().filter(|p| *p != context.profile) {
            switch = switch
                .push(button(text(format!("Switch to {p}"))).on_press(Message::SwitchProfile(p)));
        }
        page = page.push(switch).push(
            row![
                text_input("Profile name", &self.profile_name)
                    .on_input(Message::ProfileName)
                    .width(Length::Fixed(220.0)),
                button(text("Create")).on_press(Message::CreateProfile),
                button(text("Rename current to this")).on_press(Message::RenameProfile),
                button(text("Delete this profile"))
                    .style(button::danger)
                    .on_press(Message::DeleteProfile),
            ]
            .spacing(theme::SPACE_S),
        );
        if let Some(status) = &self.status {
            page = page.push(text(status.as_str()).size(theme::SIZE_BODY));
        }
        scrollable(
            container(page.max_width(900))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .into()
    }
}
