//! Browsing every card: search and filters, suspend and unsuspend, and a card's history and memory state.
//! The rows shown are worked out when a filter or a card changes, never while drawing.

use crate::gui::context::Context;
use crate::gui::task;
use crate::gui::theme;
use crate::gui::widget::chart::{self, LinePoint, Lines, Series};
use crate::review::{CardKey, Review};
use crate::schedule::{CardState, Scheduler, Stage};
use chrono::Utc;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, Fill, Length, Task};

/// A choice of the state filter: any stage, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateFilter(pub Option<Stage>);

impl StateFilter {
    const ALL: [StateFilter; 5] = [
        StateFilter(None),
        StateFilter(Some(Stage::New)),
        StateFilter(Some(Stage::Learning)),
        StateFilter(Some(Stage::Review)),
        StateFilter(Some(Stage::Suspended)),
    ];
}

impl std::fmt::Display for StateFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            None => "Any state",
            Some(Stage::New) => "New",
            Some(Stage::Learning) => "Learning",
            Some(Stage::Review) => "Review",
            Some(Stage::Suspended) => "Suspended",
        })
    }
}

/// A deck in the deck filter: shown by its title, chosen by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckChoice {
    pub id: Option<String>,
    pub title: String,
}

impl std::fmt::Display for DeckChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Deck(DeckChoice),
    Topic(String),
    Tag(String),
    State(StateFilter),
    Select(CardKey),
    History(CardKey, Result<Vec<Review>, String>),
    ToggleSuspend,
    Suspended(CardKey, Result<CardState, String>),
    Move(bool),
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Back,
}

/// One row of the list: a card and what is shown of it.
#[derive(Debug, Clone)]
pub struct Row {
    pub key: CardKey,
    pub prompt: String,
    pub topic: String,
    pub kind: &'static str,
    pub stage: Stage,
}

pub struct Browse {
    pub search: String,
    pub deck: DeckChoice,
    pub topic: String,
    pub tag: String,
    pub state: StateFilter,
    pub selected: Option<CardKey>,
    /// The cards the search and filters admit, in deck order; worked out when they change.
    rows: Vec<Row>,
    /// The filters' choices, from the library.
    decks: Vec<DeckChoice>,
    topics: Vec<String>,
    tags: Vec<String>,
    /// The selected card's reviews, newest first, once read.
    history: Option<Vec<Review>>,
    /// The selected card's forgetting curve since its last review, once it has a memory state.
    curve: Option<Lines>,
    error: Option<String>,
}

const ANY_TOPIC: &str = "Any topic";
const ANY_TAG: &str = "Any tag";
pub const SEARCH: &str = "browse-search";
pub const LIST: &str = "browse-list";

impl Browse {
    pub fn new(deck: Option<String>, context: &Context) -> Self {
        let library = context.profile.library();
        let any_deck = DeckChoice {
            id: None,
            title: "Any deck".to_owned(),
        };
        let mut decks = vec![any_deck.clone()];
        let mut topics = vec![ANY_TOPIC.to_owned()];
        let mut tags = vec![ANY_TAG.to_owned()];
        for d in library.decks() {
            decks.push(DeckChoice {
                id: Some(d.id.clone()),
                title: d.title.clone(),
            });
            for c in &d.cards {
                for t in &c.tags {
                    if !tags.contains(t) {
                        tags.push(t.clone());
                    }
                }
            }
        }
        topics.extend(context.profile.topics().iter().cloned());
        let chosen = deck
            .and_then(|id| decks.iter().find(|d| d.id.as_deref() == Some(&id)).cloned())
            .unwrap_or(any_deck);
        let mut browse = Browse {
            search: String::new(),
            deck: chosen,
            topic: ANY_TOPIC.to_owned(),
            tag: ANY_TAG.to_owned(),
            state: StateFilter(None),
            selected: None,
            rows: Vec::new(),
            decks,
            topics,
            tags,
            history: None,
            curve: None,
            error: None,
        };
        browse.refresh(context);
        browse
    }

    /// The rows shown.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Works the rows out again: after a filter, the search or a card changed.
    pub fn refresh(&mut self, context: &Context) {
        let needle = self.search.trim().to_lowercase();
        let mut rows = Vec::new();
        for deck in context.profile.library().decks() {
            if self.deck.id.as_ref().is_some_and(|id| *id != deck.id) {
                continue;
            }
            for card in &deck.cards {
                if self.topic != ANY_TOPIC && card.topic != self.topic {
                    continue;
                }
                if self.tag != ANY_TAG && !card.tags.contains(&self.tag) {
                    continue;
                }
                let key = CardKey::new(&deck.id, &card.id);
                let stage = Stage::of(context.profile.state(&key));
                if self.state.0.is_some_and(|s| s != stage) {
                    continue;
                }
                if !needle.is_empty() {
                    let hay = card
                        .question
                        .texts()
                        .into_iter()
                        .chain([card.explanation.as_str(), card.id.as_str()])
                        .chain(card.tags.iter().map(String::as_str))
                        .any(|t| t.to_lowercase().contains(&needle));
                    if !hay {
                        continue;
                    }
                }
                rows.push(Row {
                    key,
                    prompt: card.question.prompt(),
                    topic: card.topic.clone(),
                    kind: card.question.kind().label(),
                    stage,
                });
            }
        }
        self.rows = rows;
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Search(s) => {
                self.search = s;
                self.refresh(context);
            }
            Message::Deck(d) => {
                self.deck = d;
                self.refresh(context);
            }
            Message::Topic(t) => {
                self.topic = t;
                self.refresh(context);
            }
            Message::Tag(t) => {
                self.tag = t;
                self.refresh(context);
            }
            Message::State(s) => {
                self.state = s;
                self.refresh(context);
            }
            Message::Select(key) => return self.select(key, context),
            Message::History(key, result) => {
                if self.selected.as_ref() == Some(&key) {
                    match result {
                        Ok(reviews) => self.history = Some(reviews),
                        Err(e) => {
                            self.error = Some(format!("Could not read the card's history: {e}"));
                        }
                    }
                }
            }
            Message::Move(down) => {
                let at = self
                    .selected
                    .as_ref()
                    .and_then(|k| self.rows.iter().position(|r| &r.key == k));
                let next = match (at, down) {
                    (None, _) => 0,
                    (Some(i), true) => (i + 1).min(self.rows.len().saturating_sub(1)),
                    (Some(i), false) => i.saturating_sub(1),
                };
                if let Some(row) = self.rows.get(next) {
                    let key = row.key.clone();
                    return self.select(key, context);
                }
            }
            Message::ToggleSuspend => {
                if let Some(key) = &self.selected {
                    let suspended = context.profile.state(key).is_some_and(|s| s.suspended);
                    return Action::Run(task::suspend(
                        &context.profile,
                        key.clone(),
                        !suspended,
                        Message::Suspended,
                    ));
                }
            }
            Message::Suspended(key, Ok(state)) => {
                context.profile.card_changed(&key, state);
                self.refresh(context);
            }
            Message::Suspended(_, Err(e)) => {
                self.error = Some(format!("Could not change the card: {e}"));
            }
            Message::Back => return Action::Back,
        }
        Action::None
    }

    fn select(&mut self, key: CardKey, context: &Context) -> Action {
        self.history = None;
        self.curve = context
            .profile
            .state(&key)
            .and_then(|s| forgetting_curve(s, context.profile.scheduler()));
        self.selected = Some(key.clone());
        Action::Run(task::history(&context.profile, key, Message::History))
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        match key.as_ref() {
            Key::Named(Named::Escape) => Some(Message::Back),
            Key::Named(Named::ArrowDown) => Some(Message::Move(true)),
            Key::Named(Named::ArrowUp) => Some(Message::Move(false)),
            Key::Character("@") | Key::Character("s") if !modifiers.command() => {
                Some(Message::ToggleSuspend)
            }
            _ => None,
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        // Two lines, so that the search box keeps its room in a narrow window.
        let search = row![
            text_input("Search cards…", &self.search)
                .id(SEARCH)
                .style(theme::input)
                .on_input(Message::Search)
                .padding(8)
                .width(Fill),
            button(text("Back  [Esc]"))
                .style(theme::secondary)
                .on_press(Message::Back),
        ]
        .spacing(theme::SPACE_S);
        let filters = iced::widget::Row::wrap(
            row![
                pick_list(
                    self.decks.as_slice(),
                    Some(self.deck.clone()),
                    Message::Deck
                ),
                pick_list(
                    self.topics.as_slice(),
                    Some(self.topic.clone()),
                    Message::Topic
                ),
                pick_list(self.tags.as_slice(), Some(self.tag.clone()), Message::Tag),
                pick_list(StateFilter::ALL, Some(self.state), Message::State),
            ]
            .spacing(theme::SPACE_S),
        )
        .vertical_spacing(theme::SPACE_S);

        let count = text(format!(
            "{} {}",
            self.rows.len(),
            if self.rows.len() == 1 {
                "card"
            } else {
                "cards"
            }
        ))
        .size(theme::SIZE_SMALL);
        let mut list = column![].spacing(2);
        for r in &self.rows {
            let selected = self.selected.as_ref() == Some(&r.key);
            // The prompt takes the whole width; what it is comes on a second, smaller line.
            let line = column![
                text(r.prompt.as_str()).size(theme::SIZE_BODY),
                text(format!("{} · {} · {}", r.topic, r.kind, r.stage.label()))
                    .size(theme::SIZE_SMALL),
            ];
            list = list.push(
                button(line)
                    .width(Fill)
                    .style(theme::list_row(selected))
                    .on_press(Message::Select(r.key.clone())),
            );
        }
        let body = row![
            scrollable(list)
                .id(LIST)
                .height(Fill)
                .width(Length::FillPortion(3)),
            container(self.info(context))
                .width(Length::FillPortion(2))
                .padding(theme::SPACE_M)
        ]
        .spacing(theme::SPACE_M);
        let mut page = column![search, filters, count, body].spacing(theme::SPACE_M);
        if let Some(e) = &self.error {
            page = page.push(text(e.as_str()).style(theme::wrong_text));
        }
        container(page).padding(theme::PAGE_PADDING).into()
    }

    /// The selected card: its answer, memory state and review history.
    fn info<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let Some(key) = &self.selected else {
            return text("Select a card to see its history.")
                .size(theme::SIZE_BODY)
                .into();
        };
        let library = context.profile.library();
        let Some((deck, card)) = library
            .deck(&key.deck)
            .and_then(|d| d.card(&key.card).map(|c| (d, c)))
        else {
            return text("This card is no longer in its deck; its history is kept.").into();
        };
        let mut c = column![
            text(card.question.prompt())
                .size(theme::SIZE_BODY)
                .font(theme::BOLD),
            text(format!("Answer: {}", card.question.answer_text())).size(theme::SIZE_BODY),
            text(format!("{} · card {}", deck.title, key.card)).size(theme::SIZE_SMALL),
        ]
        .spacing(theme::SPACE_S);
        let state = context.profile.state(key);
        match state.and_then(|s| s.memory.map(|m| (s, m))) {
            Some((s, m)) => {
                let r = context.profile.scheduler().retrievability(s, Utc::now());
                c = c.push(text(format!(
                    "Stability {:.1} days · difficulty {:.1} of 10 · recall now {:.0} %",
                    m.stability,
                    m.difficulty,
                    r * 100.0
                )));
                if let Some(due) = s.due {
                    c = c.push(text(format!(
                        "Due {}",
                        due.with_timezone(&chrono::Local).format("%-d %b %Y %H:%M")
                    )));
                }
            }
            None => c = c.push(text("Not studied yet.")),
        }
        if let Some(curve) = &self.curve {
            c = c.push(text("Forgetting curve since the last review").size(theme::SIZE_SMALL));
            c = c.push(chart::lines(curve, 120.0));
        }
        let suspended = state.is_some_and(|s| s.suspended);
        c = c.push(
            button(text(if suspended {
                "Unsuspend  [S]"
            } else {
                "Suspend  [S]"
            }))
            .style(theme::secondary)
            .on_press(Message::ToggleSuspend),
        );
        match &self.history {
            None => c = c.push(text("Reading the reviews…").size(theme::SIZE_SMALL)),
            Some(history) => {
                c = c.push(text(format!("Reviews ({})", history.len())).font(theme::BOLD));
                for r in history {
                    c = c.push(
                        text(format!(
                            "{} · {} · {} · {:.1} s",
                            r.at.with_timezone(&chrono::Local).format("%-d %b %Y %H:%M"),
                            r.kind.as_str(),
                            r.rating.label(),
                            f64::from(r.duration_ms) / 1000.0
                        ))
                        .size(theme::SIZE_SMALL),
                    );
                }
            }
        }
        scrollable(c).into()
    }
}

/// Recall probability from the last review until well past today (FSRS-6 curve), with today marked.
fn forgetting_curve(state: &CardState, scheduler: &Scheduler) -> Option<Lines> {
    let memory = state.memory?;
    let last = state.last_review?;
    let elapsed = (Utc::now() - last).num_seconds().max(0) as f32 / 86_400.0;
    let span = (memory.stability * 3.0).max(elapsed * 1.5).max(7.0);
    let decay = scheduler.decay();
    let points = (0..=60)
        .map(|i| {
            let day = span * i as f32 / 60.0;
            let r = crate::stats::retrievability(memory.stability, day, decay);
            LinePoint {
                x: i as f32 / 60.0,
                y: r,
                readout: format!("day {day:.0}: {:.0} % recall", r * 100.0),
            }
        })
        .collect();
    let today = crate::stats::retrievability(memory.stability, elapsed, decay);
    Some(Lines {
        series: vec![
            Series {
                name: "Recall".into(),
                color: theme::REVIEW,
                points,
            },
            Series {
                name: "Now".into(),
                color: theme::LEARNING,
                points: vec![LinePoint {
                    x: (elapsed / span).min(1.0),
                    y: today,
                    readout: format!("now: {:.0} % recall", today * 100.0),
                }],
            },
        ],
        min: 0.0,
        max: 1.0,
        target: Some((scheduler.settings().desired_retention, "desired".into())),
        percent: true,
        x_labels: vec![
            (0.0, "last review".into()),
            (0.8, format!("{span:.0} days")),
        ],
    })
}
