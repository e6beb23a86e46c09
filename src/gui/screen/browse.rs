//! Browsing every card: search and filters, suspend and unsuspend, and a card's history and memory state.

use crate::gui::context::Context;
use crate::gui::theme;
use crate::gui::widget::chart::{self, LinePoint, Lines, Series};
use crate::review::{CardKey, Review};
use crate::schedule::Phase;
use chrono::Utc;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, Fill, Length};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    All,
    New,
    Learning,
    Review,
    Suspended,
}

impl StateFilter {
    const ALL: [StateFilter; 5] = [
        StateFilter::All,
        StateFilter::New,
        StateFilter::Learning,
        StateFilter::Review,
        StateFilter::Suspended,
    ];
}

impl std::fmt::Display for StateFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StateFilter::All => "Any state",
            StateFilter::New => "New",
            StateFilter::Learning => "Learning",
            StateFilter::Review => "Review",
            StateFilter::Suspended => "Suspended",
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Deck(String),
    Topic(String),
    Tag(String),
    State(StateFilter),
    Select(CardKey),
    ToggleSuspend,
    Move(bool),
    Back,
    /// The forgetting curve was hovered; it sends nothing else.
    Chart,
}

pub enum Action {
    None,
    Back,
}

/// One row of the list: a card and what is shown of it.
#[derive(Debug, Clone)]
pub struct Row {
    pub key: CardKey,
    pub prompt: String,
    pub topic: String,
    pub kind: &'static str,
    pub state: &'static str,
}

pub struct Browse {
    pub search: String,
    pub deck: String,
    pub topic: String,
    pub tag: String,
    pub state: StateFilter,
    pub selected: Option<CardKey>,
    /// The selected card's reviews, newest first.
    history: Vec<Review>,
    /// The selected card's forgetting curve since its last review, once it has a memory state.
    curve: Option<Lines>,
    error: Option<String>,
}

const ANY: &str = "Any";

impl Browse {
    pub fn new(deck: Option<String>, _context: &Context) -> Self {
        Browse {
            search: String::new(),
            deck: deck.unwrap_or_else(|| ANY.to_owned()),
            topic: ANY.to_owned(),
            tag: ANY.to_owned(),
            state: StateFilter::All,
            selected: None,
            history: Vec::new(),
            curve: None,
            error: None,
        }
    }

    /// The cards the search and filters admit, in deck order.
    pub fn rows(&self, context: &Context) -> Vec<Row> {
        let needle = self.search.trim().to_lowercase();
        let mut rows = Vec::new();
        for deck in context.library.decks() {
            if self.deck != ANY && deck.id != self.deck {
                continue;
            }
            for card in &deck.cards {
                if self.topic != ANY && card.topic != self.topic {
                    continue;
                }
                if self.tag != ANY && !card.tags.contains(&self.tag) {
                    continue;
                }
                let key = CardKey::new(&deck.id, &card.id);
                let state = context.state(&key);
                let label = match state {
                    Some(s) if s.suspended => "suspended",
                    None => "new",
                    Some(s) => match s.phase {
                        Phase::New => "new",
                        Phase::Learning | Phase::Relearning => "learning",
                        Phase::Review => "review",
                    },
                };
                let admitted = match self.state {
                    StateFilter::All => true,
                    StateFilter::New => label == "new",
                    StateFilter::Learning => label == "learning",
                    StateFilter::Review => label == "review",
                    StateFilter::Suspended => label == "suspended",
                };
                if !admitted {
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
                    state: label,
                });
            }
        }
        rows
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Search(s) => self.search = s,
            Message::Deck(d) => self.deck = d,
            Message::Topic(t) => self.topic = t,
            Message::Tag(t) => self.tag = t,
            Message::State(s) => self.state = s,
            Message::Select(key) => self.select(key, context),
            Message::Move(down) => {
                let rows = self.rows(context);
                let at = self
                    .selected
                    .as_ref()
                    .and_then(|k| rows.iter().position(|r| &r.key == k));
                let next = match (at, down) {
                    (None, _) => 0,
                    (Some(i), true) => (i + 1).min(rows.len().saturating_sub(1)),
                    (Some(i), false) => i.saturating_sub(1),
                };
                if let Some(row) = rows.get(next) {
                    self.select(row.key.clone(), context);
                }
            }
            Message::ToggleSuspend => {
                if let Some(key) = &self.selected {
                    let suspended = context.state(key).is_some_and(|s| s.suspended);
                    match context.store.set_suspended(key, !suspended) {
                        Ok(()) => context.refresh_states(),
                        Err(e) => self.error = Some(format!("Could not change the card: {e}")),
                    }
                }
            }
            Message::Back => return Action::Back,
            Message::Chart => {}
        }
        Action::None
    }

    fn select(&mut self, key: CardKey, context: &Context) {
        self.history = match context.store.reviews_for(&key) {
            Ok(mut reviews) => {
                reviews.reverse();
                reviews
            }
            Err(e) => {
                self.error = Some(format!("Could not read the card's history: {e}"));
                Vec::new()
            }
        };
        self.curve = context
            .state(&key)
            .and_then(|s| forgetting_curve(s, context));
        self.selected = Some(key);
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
        let mut decks = vec![ANY.to_owned()];
        let mut topics = vec![ANY.to_owned()];
        let mut tags = vec![ANY.to_owned()];
        for deck in context.library.decks() {
            decks.push(deck.id.clone());
            for t in &deck.topics {
                if !topics.contains(t) {
                    topics.push(t.clone());
                }
            }
            for c in &deck.cards {
                for t in &c.tags {
                    if !tags.contains(t) {
                        tags.push(t.clone());
                    }
                }
            }
        }
        let filters = row![
            text_input("Search cards…", &self.search)
                .on_input(Message::Search)
                .padding(8)
                .width(Fill),
            pick_list(decks, Some(self.deck.clone()), Message::Deck),
            pick_list(topics, Some(self.topic.clone()), Message::Topic),
            pick_list(tags, Some(self.tag.clone()), Message::Tag),
            pick_list(StateFilter::ALL, Some(self.state), Message::State),
            button(text("Back  [Esc]")).on_press(Message::Back),
        ]
        .spacing(theme::SPACE_S);

        let rows = self.rows(context);
        let count = text(format!("{} cards", rows.len())).size(theme::SIZE_SMALL);
        let mut list = column![].spacing(2);
        for r in rows {
            let selected = self.selected.as_ref() == Some(&r.key);
            let line = row![
                text(r.prompt).size(theme::SIZE_BODY).width(Fill),
                text(r.topic)
                    .size(theme::SIZE_SMALL)
                    .width(Length::Fixed(110.0)),
                text(r.kind)
                    .size(theme::SIZE_SMALL)
                    .width(Length::Fixed(130.0)),
                text(r.state)
                    .size(theme::SIZE_SMALL)
                    .width(Length::Fixed(80.0)),
            ]
            .spacing(theme::SPACE_S);
            list = list.push(
                button(line)
                    .width(Fill)
                    .style(if selected {
                        button::primary
                    } else {
                        button::text
                    })
                    .on_press(Message::Select(r.key)),
            );
        }
        let body = row![
            scrollable(list).height(Fill).width(Length::FillPortion(3)),
            container(self.info(context))
                .width(Length::FillPortion(2))
                .padding(theme::SPACE_M)
        ]
        .spacing(theme::SPACE_M);
        let mut page = column![filters, count, body].spacing(theme::SPACE_M);
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
        let Some(card) = context
            .library
            .deck(&key.deck)
            .and_then(|d| d.card(&key.card))
        else {
            return text("This card is no longer in its deck; its history is kept.").into();
        };
        let mut c = column![
            text(card.question.prompt())
                .size(theme::SIZE_BODY)
                .font(theme::BOLD),
            text(format!("Answer: {}", card.question.answer_text())).size(theme::SIZE_BODY),
            text(format!("Id: {} / {}", key.deck, key.card)).size(theme::SIZE_SMALL),
        ]
        .spacing(theme::SPACE_S);
        let state = context.state(key);
        match state.and_then(|s| s.memory.map(|m| (s, m))) {
            Some((s, m)) => {
                let r = context.scheduler.retrievability(s, Utc::now());
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
            c = c.push(chart::lines(curve, 120.0).map(|()| Message::Chart));
        }
        let suspended = state.is_some_and(|s| s.suspended);
        c = c.push(
            button(text(if suspended {
                "Unsuspend  [S]"
            } else {
                "Suspend  [S]"
            }))
            .on_press(Message::ToggleSuspend),
        );
        c = c.push(text(format!("Reviews ({})", self.history.len())).font(theme::BOLD));
        for r in &self.history {
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
        scrollable(c).into()
    }
}

/// Recall probability from the last review until well past today (FSRS-6 curve), with today marked.
fn forgetting_curve(state: &crate::schedule::CardState, context: &Context) -> Option<Lines> {
    let memory = state.memory?;
    let last = state.last_review?;
    let elapsed = (Utc::now() - last).num_seconds().max(0) as f32 / 86_400.0;
    let span = (memory.stability * 3.0).max(elapsed * 1.5).max(7.0);
    let decay = context.scheduler.decay();
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
        target: Some((
            context.scheduler.settings().desired_retention,
            "desired".into(),
        )),
        percent: true,
        x_labels: vec![
            (0.0, "last review".into()),
            (0.8, format!("{span:.0} days")),
        ],
    })
}
