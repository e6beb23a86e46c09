//! Custom study: more new cards today, reviewing ahead, one topic or tag, the cards forgotten today,
//! and cramming a set without moving the schedule; and a deck's own options (new cards a day,
//! learning steps, desired retention) with presets. Each choice starts a normal study session.

use crate::custom_study::{self as custom, CardSet, CustomStudy as Study};
use crate::gui::context::Context;
use crate::gui::theme;
use crate::gui::widget::{button, pick_list};
use crate::schedule::deck_options::MOST_NEW_PER_DAY;
use crate::schedule::{DeckOptions, Preset};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Length};
use std::collections::BTreeSet;

/// The deck custom study is for, as the deck list offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckChoice {
    pub id: Option<String>,
    title: String,
}

impl std::fmt::Display for DeckChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)
    }
}

/// A set of cards to narrow to or cram, as the lists offer them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetChoice {
    All,
    Topic(String),
    Tag(String),
    /// The cards missed in the last session, and how many.
    Missed(usize),
}

impl std::fmt::Display for SetChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetChoice::All => f.write_str("Every card"),
            SetChoice::Topic(t) => write!(f, "Topic: {t}"),
            SetChoice::Tag(t) => write!(f, "Tag: {t}"),
            SetChoice::Missed(n) => write!(f, "Missed in the last session ({n})"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Deck(DeckChoice),
    /// More or fewer new cards to add today.
    ExtraNew(i32),
    LearnMoreNew,
    /// More or fewer days to review ahead.
    Days(i32),
    ReviewAhead,
    PickOnly(SetChoice),
    StudyOnly,
    StudyForgotten,
    PickCram(SetChoice),
    Cram,
    Preset(Preset),
    NewPerDay(String),
    LearningSteps(String),
    Retention(String),
    Back,
}

pub enum Action {
    None,
    /// Start a session of this kind.
    Start(Study),
    Back,
}

/// A deck-options field, for its problem to be shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    NewPerDay,
    LearningSteps,
    Retention,
}

pub struct CustomStudy {
    deck: DeckChoice,
    decks: Vec<DeckChoice>,
    extra_new: u32,
    days: u32,
    /// How many reviews come due in `days` days, once the full states are read.
    ahead: Option<usize>,
    /// The topics and tags of the deck chosen (every deck's when none).
    sets: Vec<SetChoice>,
    only: Option<SetChoice>,
    cram: SetChoice,
    missed: BTreeSet<crate::review::CardKey>,
    new_per_day: String,
    learning_steps: String,
    retention: String,
    problems: Vec<(Field, String)>,
    /// Why the last choice started nothing.
    note: Option<String>,
}

pub const SCROLL: &str = "custom-study";
const STEP_NEW: i32 = 5;

impl CustomStudy {
    /// Custom study for a deck (every deck when `None`).
    pub fn new(deck: Option<&str>, context: &Context) -> Self {
        let library = context.profile.library();
        let mut decks = vec![DeckChoice {
            id: None,
            title: "All decks".to_owned(),
        }];
        decks.extend(library.decks().map(|d| DeckChoice {
            id: Some(d.id.clone()),
            title: d.title.clone(),
        }));
        let chosen = decks
            .iter()
            .find(|c| c.id.as_deref() == deck)
            .unwrap_or(&decks[0])
            .clone();
        let mut screen = CustomStudy {
            deck: chosen,
            decks,
            extra_new: 10,
            days: 3,
            ahead: None,
            sets: Vec::new(),
            only: None,
            cram: SetChoice::All,
            missed: context.last_missed.iter().cloned().collect(),
            new_per_day: String::new(),
            learning_steps: String::new(),
            retention: String::new(),
            problems: Vec::new(),
            note: None,
        };
        screen.deck_chosen(context);
        if !screen.missed.is_empty() {
            screen.cram = SetChoice::Missed(screen.missed.len());
        }
        screen
    }

    /// The deck chosen, if one.
    pub fn deck(&self) -> Option<&str> {
        self.deck.id.as_deref()
    }

    /// Says why a choice started nothing.
    pub fn say(&mut self, note: String) {
        self.note = Some(note);
    }

    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The problem shown beside a deck-options field, if any.
    pub fn problem(&self, field: Field) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p.as_str())
    }

    fn deck_chosen(&mut self, context: &Context) {
        let library = context.profile.library();
        let decks: Vec<&crate::deck::Deck> = match self.deck() {
            Some(id) => library.deck(id).into_iter().collect(),
            None => library.decks().collect(),
        };
        let mut topics: Vec<&String> = Vec::new();
        for t in decks.iter().flat_map(|d| &d.topics) {
            if !topics.contains(&t) {
                topics.push(t);
            }
        }
        self.sets = topics
            .into_iter()
            .map(|t| SetChoice::Topic(t.clone()))
            .chain(custom::tags(&decks).into_iter().map(SetChoice::Tag))
            .collect();
        self.only = self.sets.first().cloned();
        self.show_options(context);
        self.count_ahead(context);
    }

    fn filter(&self) -> crate::schedule::Filter {
        CardSet::All.filter(&[], self.deck())
    }

    fn count_ahead(&mut self, context: &Context) {
        self.ahead = context
            .profile
            .review_ahead_count(&self.filter(), self.days);
    }

    /// The deck's options as they are now, in the fields.
    fn show_options(&mut self, context: &Context) {
        let options = self
            .deck()
            .and_then(|d| context.profile.deck_options(d))
            .cloned()
            .unwrap_or_else(|| DeckOptions::from_settings(context.profile.scheduler().settings()));
        self.new_per_day = options.new_per_day.to_string();
        self.learning_steps = steps_text(&options.learning_steps);
        self.retention = format!("{:.2}", options.desired_retention);
        self.problems.clear();
    }

    pub fn key(&self, key: &Key, _modifiers: Modifiers) -> Option<Message> {
        matches!(key.as_ref(), Key::Named(Named::Escape)).then_some(Message::Back)
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        let deck = self.deck.id.clone();
        match message {
            Message::Deck(choice) => {
                self.deck = choice;
                self.note = None;
                self.deck_chosen(context);
            }
            Message::ExtraNew(delta) => {
                self.extra_new = step(self.extra_new, delta, custom::MOST_EXTRA_NEW);
            }
            Message::LearnMoreNew => {
                context.settings_changed = true;
                return Action::Start(Study::MoreNew {
                    deck,
                    extra: self.extra_new,
                });
            }
            Message::Days(delta) => {
                self.days = step(self.days, delta, custom::MOST_DAYS_AHEAD);
                self.count_ahead(context);
            }
            Message::ReviewAhead => {
                return Action::Start(Study::ReviewAhead {
                    deck,
                    days: self.days,
                });
            }
            Message::PickOnly(choice) => self.only = Some(choice),
            Message::StudyOnly => {
                if let Some(set) = self.only.as_ref().map(|c| self.set(c)) {
                    return Action::Start(Study::Only { deck, set });
                }
            }
            Message::StudyForgotten => return Action::Start(Study::ForgottenToday { deck }),
            Message::PickCram(choice) => self.cram = choice,
            Message::Cram => {
                let set = self.set(&self.cram);
                // The cards missed in a session are crammed wherever they are.
                let deck = if matches!(set, CardSet::Cards(_)) {
                    None
                } else {
                    deck
                };
                return Action::Start(Study::Cram { deck, set });
            }
            Message::Preset(preset) => {
                if let Some(id) = &deck {
                    context.profile.set_deck_options(id, preset.options());
                    context.settings_changed = true;
                    self.show_options(context);
                }
            }
            Message::NewPerDay(s) => {
                self.new_per_day = s;
                self.take_options(context);
            }
            Message::LearningSteps(s) => {
                self.learning_steps = s;
                self.take_options(context);
            }
            Message::Retention(s) => {
                self.retention = s;
                self.take_options(context);
            }
            Message::Back => return Action::Back,
        }
        Action::None
    }

    fn set(&self, choice: &SetChoice) -> CardSet {
        match choice {
            SetChoice::All => CardSet::All,
            SetChoice::Topic(t) => CardSet::Topic(t.clone()),
            SetChoice::Tag(t) => CardSet::Tag(t.clone()),
            SetChoice::Missed(_) => CardSet::Cards(self.missed.clone()),
        }
    }

    /// Keeps the deck's options when every field holds a usable value; names each problem.
    fn take_options(&mut self, context: &mut Context) {
        let Some(deck) = self.deck.id.clone() else {
            return;
        };
        self.problems.clear();
        let new_per_day = match self.new_per_day.trim().parse::<u32>() {
            Ok(n) if n <= MOST_NEW_PER_DAY => Some(n),
            _ => {
                self.problems.push((
                    Field::NewPerDay,
                    format!("A whole number from 0 to {MOST_NEW_PER_DAY}."),
                ));
                None
            }
        };
        let steps: Result<Vec<u32>, _> = self
            .learning_steps
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::parse::<u32>)
            .collect();
        let steps = match steps {
            Ok(steps) if steps.iter().all(|&m| (1..=1439).contains(&m)) => Some(steps),
            _ => {
                self.problems.push((
                    Field::LearningSteps,
                    "Minutes from 1 to 1439, separated by spaces (\"1 10\").".to_owned(),
                ));
                None
            }
        };
        let retention = match parse_retention(&self.retention) {
            Some(r) => Some(r),
            None => {
                self.problems.push((
                    Field::Retention,
                    "From 0.70 to 0.97 (or 70 to 97 %).".to_owned(),
                ));
                None
            }
        };
        if let (Some(new_per_day), Some(learning_steps), Some(desired_retention)) =
            (new_per_day, steps, retention)
        {
            context.profile.set_deck_options(
                &deck,
                Some(DeckOptions {
                    new_per_day,
                    learning_steps,
                    desired_retention,
                }),
            );
            context.settings_changed = true;
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let profile = &context.profile;
        let filter = self.filter();
        let new_left: usize = match self.deck() {
            Some(id) => profile.deck_counts(id).new,
            None => profile
                .library()
                .decks()
                .map(|d| profile.deck_counts(&d.id).new)
                .sum(),
        };
        let limit = profile.new_limit_of(&filter);
        let extra = profile.extra_new_today();
        let added = match self.deck() {
            Some(id) if profile.deck_options(id).is_some() => {
                extra.decks.get(id).copied().unwrap_or(0)
            }
            _ => extra.shared,
        };
        let added = if added > 0 {
            format!(" (with {added} added today)")
        } else {
            String::new()
        };

        let mut page = column![
            row![
                text("Custom study")
                    .size(theme::SIZE_TITLE)
                    .font(theme::BOLD)
                    .width(Fill),
                button(text("Back  [Esc]")).on_press(Message::Back)
            ]
            .align_y(Center),
            row![
                text("Study from").size(theme::SIZE_BODY),
                pick_list(self.decks.as_slice(), Some(&self.deck), Message::Deck)
                    .text_size(theme::SIZE_BODY),
            ]
            .spacing(theme::SPACE_S)
            .align_y(Center),
        ]
        .spacing(theme::SPACE_M);
        if let Some(note) = &self.note {
            page = page.push(
                container(text(note.as_str()).size(theme::SIZE_BODY))
                    .padding(theme::SPACE_M)
                    .width(Fill)
                    .style(container::rounded_box),
            );
        }

        page = page.push(section(
            "More new cards today",
            format!(
                "{new_left} new cards are left here; the limit is {limit} a day{added}. What you \
                 add counts for today only: tomorrow the usual limit applies."
            ),
            row![
                stepper(
                    format!("+{}", self.extra_new),
                    Message::ExtraNew(-STEP_NEW),
                    Message::ExtraNew(STEP_NEW)
                ),
                button(text(format!("Learn {} more new cards", self.extra_new)))
                    .style(button::primary)
                    .on_press_maybe((new_left > 0).then_some(Message::LearnMoreNew)),
            ],
        ));

        let ahead = match self.ahead {
            Some(1) => "1 card comes due in that time.".to_owned(),
            Some(n) => format!("{n} cards come due in that time."),
            None => "Counting the cards…".to_owned(),
        };
        page = page.push(section(
            "Review ahead",
            format!(
                "Review the cards due in the next {} {} before their time; they are scheduled as \
                 usual from your answers. {ahead}",
                self.days,
                if self.days == 1 { "day" } else { "days" }
            ),
            row![
                stepper(
                    format!("{} d", self.days),
                    Message::Days(-1),
                    Message::Days(1)
                ),
                button(text("Review ahead"))
                    .style(button::primary)
                    .on_press_maybe((self.ahead != Some(0)).then_some(Message::ReviewAhead)),
            ],
        ));

        page = page.push(section(
            "One topic or tag",
            "Today's due and new cards of one topic or tag only, within the daily limits."
                .to_owned(),
            row![
                pick_list(self.sets.as_slice(), self.only.as_ref(), Message::PickOnly)
                    .placeholder("No topics or tags")
                    .text_size(theme::SIZE_BODY),
                button(text("Study it"))
                    .style(button::primary)
                    .on_press_maybe(self.only.is_some().then_some(Message::StudyOnly)),
            ],
        ));

        page = page.push(section(
            "Cards forgotten today",
            "The cards you rated Again today, once more while they are fresh.".to_owned(),
            row![
                button(text("Study the forgotten cards"))
                    .style(button::primary)
                    .on_press(Message::StudyForgotten)
            ],
        ));

        let mut cram_sets = vec![SetChoice::All];
        if !self.missed.is_empty() {
            cram_sets.push(SetChoice::Missed(self.missed.len()));
        }
        cram_sets.extend(self.sets.iter().cloned());
        page = page.push(section(
            "Cram (no schedule change)",
            "Go through a set for practice, as often as you like: your answers stay in your \
             history (marked as cram) but never change when a card comes due. A card you answer \
             Again comes back at the end."
                .to_owned(),
            row![
                pick_list(cram_sets, Some(&self.cram), Message::PickCram)
                    .text_size(theme::SIZE_BODY),
                button(text("Cram"))
                    .style(button::primary)
                    .on_press(Message::Cram),
            ],
        ));

        if let Some(id) = self.deck() {
            page = page.push(self.options_view(id, context));
        } else {
            page = page.push(
                text("Choose a deck above to give it options of its own (new cards a day, learning steps, retention).")
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            );
        }

        scrollable(
            container(page.max_width(theme::CONTENT_WIDTH))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .id(SCROLL)
        .into()
    }

    fn options_view<'a>(&'a self, deck: &str, context: &'a Context) -> Element<'a, Message> {
        let own = context.profile.deck_options(deck);
        let current = Preset::of(own);
        let mut presets = row![].spacing(theme::SPACE_S);
        for preset in Preset::ALL {
            presets = presets.push(
                button(text(preset.label()))
                    .style(if current == Some(preset) {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(Message::Preset(preset)),
            );
        }
        let status = match (own, current) {
            (None, _) => "This deck follows your study settings and shares their daily new limit \
                 with the other decks that do."
                .to_owned(),
            (Some(o), Some(p)) => format!(
                "{} This deck has a daily limit of its own: {} new cards.",
                p.description(),
                o.new_per_day
            ),
            (Some(o), None) => format!(
                "Options of its own: a daily limit of {} new cards, apart from the other decks.",
                o.new_per_day
            ),
        };
        let field = |label: &'a str, value: &'a str, on: fn(String) -> Message, which: Field| {
            let mut r = row![
                text(label).width(Length::Fixed(220.0)),
                text_input("", value)
                    .on_input(on)
                    .width(Length::Fixed(120.0))
            ]
            .spacing(theme::SPACE_M)
            .align_y(Center);
            if let Some(p) = self.problem(which) {
                r = r.push(text(p).style(theme::wrong_text).size(theme::SIZE_SMALL));
            }
            iced::widget::Row::wrap(r)
        };
        let title = context
            .profile
            .library()
            .deck(deck)
            .map_or(deck, |d| d.title.as_str());
        container(
            column![
                text(format!("Options for \"{title}\""))
                    .size(theme::SIZE_QUESTION)
                    .font(theme::BOLD),
                iced::widget::Row::wrap(presets).vertical_spacing(theme::SPACE_S),
                text(status).size(theme::SIZE_SMALL),
                field(
                    "New cards a day",
                    &self.new_per_day,
                    Message::NewPerDay,
                    Field::NewPerDay
                ),
                field(
                    "Learning steps (minutes)",
                    &self.learning_steps,
                    Message::LearningSteps,
                    Field::LearningSteps
                ),
                field(
                    "Desired retention",
                    &self.retention,
                    Message::Retention,
                    Field::Retention
                ),
            ]
            .spacing(theme::SPACE_S),
        )
        .padding(theme::SPACE_L)
        .width(Fill)
        .style(container::rounded_box)
        .into()
    }
}

/// One custom-study option: its name, what it does, and its controls.
fn section<'a>(
    title: &'a str,
    about: String,
    controls: iced::widget::Row<'a, Message>,
) -> Element<'a, Message> {
    container(
        column![
            text(title).size(theme::SIZE_QUESTION).font(theme::BOLD),
            text(about).size(theme::SIZE_BODY),
            iced::widget::Row::wrap(controls.spacing(theme::SPACE_M).align_y(Center))
                .vertical_spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S),
    )
    .padding(theme::SPACE_L)
    .width(Fill)
    .style(container::rounded_box)
    .into()
}

/// A value with a button either side to lower or raise it.
fn stepper<'a>(value: String, less: Message, more: Message) -> Element<'a, Message> {
    row![
        button(text("−")).on_press(less),
        text(value).width(Length::Fixed(56.0)).align_x(Center),
        button(text("+")).on_press(more),
    ]
    .spacing(theme::SPACE_S)
    .align_y(Center)
    .into()
}

/// `value` moved by `delta`, kept from 1 to `most`.
fn step(value: u32, delta: i32, most: u32) -> u32 {
    value.saturating_add_signed(delta).clamp(1, most)
}

fn steps_text(steps: &[u32]) -> String {
    steps
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A desired retention typed as 0.90 or as 90 (percent), if in range.
fn parse_retention(s: &str) -> Option<f32> {
    let s = s.trim().trim_end_matches('%').trim();
    let value: f32 = s.parse().ok()?;
    let value = if value > 1.0 { value / 100.0 } else { value };
    crate::schedule::settings::RETENTION_RANGE
        .contains(&value)
        .then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_read_as_a_share_or_a_percentage() {
        assert_eq!(parse_retention("0.9"), Some(0.9));
        assert_eq!(parse_retention("85 %"), Some(0.85));
        assert_eq!(parse_retention("0.5"), None);
        assert_eq!(parse_retention("lots"), None);
        assert_eq!(step(3, -5, 365), 1);
        assert_eq!(step(364, 5, 365), 365);
    }
}
