//! Browsing every card: a table sorted by any column, a search like Anki's, ticking several cards to
//! suspend, unsuspend or reset them to new at once, and a card's history and memory state.
//! The rows shown are worked out when the search, the order or a card changes, never while drawing.

use crate::browse_query::{self, CardFacts, Column, Query};
use crate::gui::context::Context;
use crate::gui::shortcuts;
use crate::gui::task;
use crate::gui::theme;
use crate::gui::widget::chart::{self, LinePoint, Lines, Series};
use crate::gui::widget::{button, checkbox};
use crate::review::{CardHistory, CardKey, Review};
use crate::schedule::{CardState, Phase, Scheduler, Stage};
use chrono::Utc;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{Space, column, container, responsive, row, scrollable, text, text_input};
use iced::{Element, Fill, Length, Task};
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Sort(Column),
    Select(CardKey),
    /// A card's tick box.
    Tick(CardKey, bool),
    /// Tick every card shown, or untick every card.
    TickAll(bool),
    /// Space: tick or untick the selected card.
    ToggleTick,
    /// Shift+↑ / Shift+↓: tick the selected card and the one above or below, and select it.
    Extend(bool),
    History(CardKey, Result<CardHistory, String>),
    /// S: suspend the ticked cards (or the selected one), or unsuspend them if all are suspended.
    ToggleSuspend,
    Suspend(bool),
    Suspended(CardKey, Result<CardState, String>),
    /// R or "Reset…": ask before resetting the ticked cards (or the selected one) to new.
    AskReset,
    /// Enter or the question's "Reset": reset the cards asked about.
    ConfirmReset,
    CancelReset,
    /// The cards reset, each with its new state.
    WereReset(Result<Vec<(CardKey, CardState)>, String>),
    Edit,
    FocusSearch,
    Move(bool),
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Open the editor on this deck at this card.
    Edit {
        deck: String,
        card: String,
    },
    Back,
}

/// One card of the table: what queries and columns look at, and its cells as shown.
struct Entry {
    key: CardKey,
    facts: CardFacts,
    cells: [String; 7],
}

impl Entry {
    fn new(key: CardKey, facts: CardFacts) -> Entry {
        let date = |d: Option<chrono::DateTime<Utc>>| {
            d.map_or("—".to_owned(), |d| {
                d.with_timezone(&chrono::Local)
                    .format("%-d %b %Y")
                    .to_string()
            })
        };
        let cells = [
            facts.deck_title.clone(),
            facts.topic.clone(),
            facts.kind.label().to_owned(),
            match facts.stage {
                Stage::Suspended => "suspended".to_owned(),
                Stage::New => "new".to_owned(),
                _ => date(facts.due),
            },
            facts
                .stability
                .map_or("—".to_owned(), |s| format!("{s:.1} d")),
            facts.lapses.to_string(),
            date(facts.last_answer),
        ];
        Entry { key, facts, cells }
    }
}

pub struct Browse {
    pub search: String,
    query: Query,
    /// Why the search as typed could not be read; the last query that could stays in force.
    query_error: Option<String>,
    sort: Column,
    descending: bool,
    /// Every card of the library, in deck order.
    entries: Vec<Entry>,
    /// The cards shown, as indices into `entries`: filtered and sorted when something changes.
    shown: Vec<usize>,
    pub selected: Option<CardKey>,
    /// Ticked cards, as indices into `entries`.
    ticked: BTreeSet<usize>,
    /// The selected card's reviews, newest first, once read.
    history: Option<CardHistory>,
    /// The selected card's forgetting curve since its last review, once it has a memory state.
    curve: Option<Lines>,
    /// The cards a reset was asked for, while the learner has not yet confirmed or cancelled.
    asked_reset: Option<Vec<CardKey>>,
    /// What the last change did, in a sentence.
    notice: Option<String>,
    error: Option<String>,
}

pub const SEARCH: &str = "browse-search";
pub const LIST: &str = "browse-list";

/// The widths of the columns after the prompt, which takes the rest.
const WIDTHS: [f32; 7] = [100.0, 100.0, 92.0, 80.0, 64.0, 50.0, 92.0];
const TICK_WIDTH: f32 = 26.0;
/// The table's width from which each card fits on one line with room for its prompt.
const WIDE: f32 = 980.0;

impl Browse {
    pub fn new(deck: Option<String>, context: &Context) -> Self {
        let mut entries = Vec::new();
        for d in context.profile.library().decks() {
            for card in &d.cards {
                let key = CardKey::new(&d.id, &card.id);
                let facts = CardFacts::new(d, card, context.profile.state(&key));
                entries.push(Entry::new(key, facts));
            }
        }
        let search = deck.map(|id| format!("deck:{id}")).unwrap_or_default();
        let mut browse = Browse {
            query: browse_query::parse(&search).unwrap_or_default(),
            search,
            query_error: None,
            sort: Column::Deck,
            descending: false,
            entries,
            shown: Vec::new(),
            selected: None,
            ticked: BTreeSet::new(),
            history: None,
            curve: None,
            asked_reset: None,
            notice: None,
            error: None,
        };
        browse.refresh(context);
        browse
    }

    /// The keys of the cards shown, in their order.
    pub fn shown(&self) -> impl Iterator<Item = &CardKey> {
        self.shown.iter().map(|&i| &self.entries[i].key)
    }

    /// The ticked cards.
    pub fn ticked(&self) -> impl Iterator<Item = &CardKey> {
        self.ticked.iter().map(|&i| &self.entries[i].key)
    }

    /// Why the search could not be read, if it could not.
    pub fn query_error(&self) -> Option<&str> {
        self.query_error.as_deref()
    }

    /// The column the rows are sorted by, and whether highest first.
    pub fn sorted_by(&self) -> (Column, bool) {
        (self.sort, self.descending)
    }

    fn filter(&mut self, context: &Context) {
        let now = Utc::now();
        let day_end = context.profile.scheduler().day().end(now);
        self.shown = (0..self.entries.len())
            .filter(|&i| self.query.matches(&self.entries[i].facts, now, day_end))
            .collect();
    }

    /// Works the rows out again: after the search, the order or a card changed.
    pub fn refresh(&mut self, context: &Context) {
        self.filter(context);
        let entries = &self.entries;
        browse_query::sort(
            &mut self.shown,
            |&i| &entries[i].facts,
            self.sort,
            self.descending,
        );
    }

    fn index(&self, key: &CardKey) -> Option<usize> {
        self.entries.iter().position(|e| &e.key == key)
    }

    /// Takes in a card's new state and works its row out again.
    fn card_changed(&mut self, key: &CardKey, state: CardState, context: &mut Context) {
        context.profile.card_changed(key, state);
        self.row_changed(key, context);
        self.refresh(context);
    }

    /// Works a card's row (and its curve, when selected) out again from the profile's state.
    fn row_changed(&mut self, key: &CardKey, context: &Context) {
        let Some(i) = self.index(key) else { return };
        let library = context.profile.library();
        if let Some((deck, card)) = library
            .deck(&key.deck)
            .and_then(|d| d.card(&key.card).map(|c| (d, c)))
        {
            let facts = CardFacts::new(deck, card, context.profile.state(key));
            self.entries[i] = Entry::new(key.clone(), facts);
        }
        if self.selected.as_ref() == Some(key) {
            self.curve = context
                .profile
                .state(key)
                .and_then(|s| forgetting_curve(s, context.profile.scheduler()));
        }
    }

    /// The cards a reset is waiting to be confirmed for.
    pub fn asked_reset(&self) -> Option<&[CardKey]> {
        self.asked_reset.as_deref()
    }

    /// What the last change did, if anything.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The cards an action applies to: the ticked ones, or else the selected one.
    fn targets(&self) -> Vec<CardKey> {
        if self.ticked.is_empty() {
            self.selected.iter().cloned().collect()
        } else {
            self.ticked().cloned().collect()
        }
    }

    fn suspend(&mut self, suspended: bool, context: &Context) -> Action {
        let tasks: Vec<Task<Message>> = self
            .targets()
            .into_iter()
            .filter(|k| context.profile.state(k).is_some_and(|s| s.suspended) != suspended)
            .map(|k| task::suspend(&context.profile, k, suspended, Message::Suspended))
            .collect();
        if tasks.is_empty() {
            Action::None
        } else {
            Action::Run(Task::batch(tasks))
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Search(s) => {
                match browse_query::parse(&s) {
                    Ok(query) => {
                        self.query = query;
                        self.query_error = None;
                        self.refresh(context);
                    }
                    Err(e) => self.query_error = Some(e.message),
                }
                self.search = s;
            }
            Message::Sort(column) => {
                self.descending = self.sort == column && !self.descending;
                self.sort = column;
                self.refresh(context);
            }
            Message::Select(key) => return self.select(key, context),
            Message::Tick(key, on) => {
                if let Some(i) = self.index(&key) {
                    if on {
                        self.ticked.insert(i);
                    } else {
                        self.ticked.remove(&i);
                    }
                }
            }
            Message::TickAll(true) => self.ticked.extend(self.shown.iter().copied()),
            Message::TickAll(false) => self.ticked.clear(),
            Message::ToggleTick => {
                if let Some(i) = self.selected.as_ref().and_then(|k| self.index(k))
                    && !self.ticked.remove(&i)
                {
                    self.ticked.insert(i);
                }
            }
            Message::Extend(down) => {
                if let Some(i) = self.selected.as_ref().and_then(|k| self.index(k)) {
                    self.ticked.insert(i);
                }
                let action = self.step(down, context);
                if let Some(i) = self.selected.as_ref().and_then(|k| self.index(k)) {
                    self.ticked.insert(i);
                }
                return action;
            }
            Message::History(key, result) => {
                if self.selected.as_ref() == Some(&key) {
                    match result {
                        Ok(history) => self.history = Some(history),
                        Err(e) => {
                            self.error = Some(format!("Could not read the card's history: {e}"));
                        }
                    }
                }
            }
            Message::Move(down) => return self.step(down, context),
            Message::ToggleSuspend => {
                let all_suspended = self
                    .targets()
                    .iter()
                    .all(|k| context.profile.state(k).is_some_and(|s| s.suspended));
                return self.suspend(!all_suspended, context);
            }
            Message::Suspend(suspended) => return self.suspend(suspended, context),
            Message::Suspended(key, Ok(state)) => {
                self.card_changed(&key, state, context);
            }
            Message::Suspended(_, Err(e)) => {
                self.error = Some(format!("Could not change the card: {e}"));
            }
            Message::AskReset => {
                // A card that is new already has nothing to start over.
                let (studied, new): (Vec<CardKey>, Vec<CardKey>) =
                    self.targets().into_iter().partition(|k| {
                        context
                            .profile
                            .state(k)
                            .is_some_and(|s| s.phase != Phase::New)
                    });
                if studied.is_empty() {
                    if !new.is_empty() {
                        self.notice = Some(match new.len() {
                            1 => "This card is new already.".to_owned(),
                            n => format!("These {n} cards are new already."),
                        });
                    }
                } else {
                    self.asked_reset = Some(studied);
                }
            }
            Message::ConfirmReset => {
                if let Some(keys) = self.asked_reset.take() {
                    self.notice = None;
                    return Action::Run(task::reset(&context.profile, keys, Message::WereReset));
                }
            }
            Message::CancelReset => self.asked_reset = None,
            Message::WereReset(Ok(states)) => {
                context.profile.cards_changed(&states);
                for (key, _) in &states {
                    self.row_changed(key, context);
                }
                self.refresh(context);
                self.error = None;
                self.notice = Some(format!(
                    "Reset {} to new; their answers stay in the history.",
                    cards(states.len())
                ));
                // The selected card's history and curve now end with its reset.
                if let Some(key) = self.selected.clone()
                    && states.iter().any(|(k, _)| *k == key)
                {
                    return self.select(key, context);
                }
            }
            Message::WereReset(Err(e)) => {
                self.error = Some(format!("Could not reset the cards: {e}"));
            }
            Message::Edit => {
                if let Some(key) = &self.selected {
                    return Action::Edit {
                        deck: key.deck.clone(),
                        card: key.card.clone(),
                    };
                }
            }
            Message::FocusSearch => {
                return Action::Run(iced::widget::operation::focus(iced::widget::Id::new(
                    SEARCH,
                )));
            }
            // Esc first takes back a reset asked for.
            Message::Back if self.asked_reset.is_some() => self.asked_reset = None,
            Message::Back => return Action::Back,
        }
        Action::None
    }

    /// Selects the card above or below the selected one (the first when none is).
    fn step(&mut self, down: bool, context: &Context) -> Action {
        let at = self
            .selected
            .as_ref()
            .and_then(|k| self.shown().position(|s| s == k));
        let next = match (at, down) {
            (None, _) => 0,
            (Some(i), true) => (i + 1).min(self.shown.len().saturating_sub(1)),
            (Some(i), false) => i.saturating_sub(1),
        };
        match self.shown.get(next) {
            Some(&i) => {
                let key = self.entries[i].key.clone();
                self.select(key, context)
            }
            None => Action::None,
        }
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
        use shortcuts::Browse as K;
        Some(match shortcuts::find(shortcuts::BROWSE, key, modifiers)? {
            K::Back => Message::Back,
            K::Next => Message::Move(true),
            K::Previous => Message::Move(false),
            K::ExtendDown => Message::Extend(true),
            K::ExtendUp => Message::Extend(false),
            K::Tick => Message::ToggleTick,
            K::Suspend => Message::ToggleSuspend,
            K::Reset => Message::AskReset,
            K::ConfirmReset => Message::ConfirmReset,
            K::Edit => Message::Edit,
            K::Search => Message::FocusSearch,
        })
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
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
        let under_search: Element<'_, Message> = match &self.query_error {
            Some(e) => text(e.as_str())
                .size(theme::SIZE_SMALL)
                .style(theme::wrong_text)
                .into(),
            None => text(
                "topic:Causes  kind:match  deck:…  tag:…  due:<7  lapses:>2  is:new / due / suspended  \"a phrase\"  -word",
            )
            .size(theme::SIZE_SMALL)
            .style(theme::muted_text)
            .into(),
        };

        let targets = if self.ticked.is_empty() {
            usize::from(self.selected.is_some())
        } else {
            self.ticked.len()
        };
        let act = |label: &'a str, m: Message| {
            button(text(label).size(theme::SIZE_SMALL))
                .padding([4, 8])
                .on_press_maybe((targets > 0).then_some(m))
        };
        let count = text(format!(
            "{} {} · {} ticked",
            self.shown.len(),
            if self.shown.len() == 1 {
                "card"
            } else {
                "cards"
            },
            self.ticked.len()
        ))
        .size(theme::SIZE_SMALL);
        let actions = iced::widget::Row::wrap(
            row![
                count,
                button(text("Tick all shown").size(theme::SIZE_SMALL))
                    .padding([4, 8])
                    .style(theme::secondary)
                    .on_press(Message::TickAll(true)),
                button(text("Untick all").size(theme::SIZE_SMALL))
                    .padding([4, 8])
                    .style(theme::secondary)
                    .on_press_maybe((!self.ticked.is_empty()).then_some(Message::TickAll(false))),
                act("Suspend", Message::Suspend(true)),
                act("Unsuspend", Message::Suspend(false)),
                act("Reset…  [R]", Message::AskReset),
                button(text("Edit in editor  [E]").size(theme::SIZE_SMALL))
                    .padding([4, 8])
                    .on_press_maybe(self.selected.is_some().then_some(Message::Edit)),
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center),
        )
        .vertical_spacing(theme::SPACE_S);

        let mut page = column![search, under_search, actions].spacing(theme::SPACE_S);
        if let Some(keys) = &self.asked_reset {
            page = page.push(
                iced::widget::Row::wrap(
                    row![
                        text(format!(
                            "Reset {} to new? Their answers stay in the history.",
                            cards(keys.len())
                        ))
                        .size(theme::SIZE_SMALL),
                        button(text("Reset").size(theme::SIZE_SMALL))
                            .padding([4, 8])
                            .style(theme::danger_confirm)
                            .on_press(Message::ConfirmReset),
                        button(text("Cancel").size(theme::SIZE_SMALL))
                            .padding([4, 8])
                            .style(theme::secondary)
                            .on_press(Message::CancelReset),
                        text("[Enter] [Esc]")
                            .size(theme::SIZE_SMALL)
                            .style(theme::muted_text),
                    ]
                    .spacing(theme::SPACE_S)
                    .align_y(iced::Center),
                )
                .vertical_spacing(theme::SPACE_S),
            );
        }
        // The table puts each card on one line when the window is wide enough, and the prompt on a
        // line of its own above the other columns when it is not.
        let table = responsive(move |size| self.table(size.width >= WIDE));
        let mut page = page.push(container(table).height(Length::FillPortion(3)));
        page = page.push(
            container(self.info(context))
                .height(Length::FillPortion(2))
                .width(Fill)
                .padding(theme::SPACE_S)
                .style(container::rounded_box),
        );
        if let Some(e) = &self.error {
            page = page.push(text(e.as_str()).style(theme::wrong_text));
        }
        if let Some(notice) = &self.notice {
            page = page.push(text(notice.as_str()).style(theme::muted_text));
        }
        container(page).padding(theme::PAGE_PADDING).into()
    }

    fn table(&self, wide: bool) -> Element<'_, Message> {
        let header_button = |column: Column, width: Length| {
            let arrow = match (self.sort == column, self.descending) {
                (false, _) => "",
                (true, false) => " ▲",
                (true, true) => " ▼",
            };
            button(
                text(format!("{}{arrow}", column.label()))
                    .size(theme::SIZE_SMALL)
                    .font(theme::BOLD)
                    .wrapping(iced::widget::text::Wrapping::None),
            )
            .padding([2, 0])
            .style(button::text)
            .width(width)
            .on_press(Message::Sort(column))
        };
        let mut others = row![].spacing(theme::SPACE_S);
        for (column, width) in Column::ALL[1..].iter().zip(WIDTHS) {
            others = others.push(header_button(*column, Length::Fixed(width)));
        }
        let prompt_header = header_button(Column::Prompt, Fill);
        let header: Element<'_, Message> = if wide {
            row![Space::new().width(TICK_WIDTH), prompt_header, others]
                .spacing(theme::SPACE_S)
                .into()
        } else {
            row![
                Space::new().width(TICK_WIDTH),
                column![prompt_header, others]
            ]
            .spacing(theme::SPACE_S)
            .into()
        };

        let mut list = column![].spacing(2);
        for &i in &self.shown {
            let entry = &self.entries[i];
            let selected = self.selected.as_ref() == Some(&entry.key);
            let mut cells = row![].spacing(theme::SPACE_S);
            for (cell, width) in entry.cells.iter().zip(WIDTHS) {
                // One line per cell: a long deck title is cut at the column's edge.
                cells = cells.push(
                    container(
                        text(cell.as_str())
                            .size(theme::SIZE_SMALL)
                            .wrapping(iced::widget::text::Wrapping::None),
                    )
                    .width(width)
                    .clip(true),
                );
            }
            let prompt = text(entry.facts.prompt.as_str()).width(Fill);
            let line: Element<'_, Message> = if wide {
                row![prompt.size(theme::SIZE_SMALL), cells]
                    .spacing(theme::SPACE_S)
                    .into()
            } else {
                column![prompt.size(theme::SIZE_BODY), cells].into()
            };
            let key = entry.key.clone();
            list = list.push(
                row![
                    container(
                        checkbox(self.ticked.contains(&i))
                            .on_toggle(move |on| Message::Tick(key.clone(), on))
                    )
                    .width(TICK_WIDTH),
                    button(line)
                        .padding([4, 0])
                        .width(Fill)
                        .style(if selected {
                            button::primary
                        } else {
                            button::text
                        })
                        .on_press(Message::Select(entry.key.clone())),
                ]
                .spacing(theme::SPACE_S)
                .align_y(iced::Center),
            );
        }
        column![header, scrollable(list).id(LIST).height(Fill).width(Fill)].into()
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
                    c = c.push(text(format!("Due {}", local_time(&due))));
                }
            }
            None => {
                let reset = self.history.as_ref().and_then(|h| h.resets.first());
                c = c.push(text(match reset {
                    Some(at) => format!("New again: reset on {}.", local_time(at)),
                    None => "Not studied yet.".to_owned(),
                }));
            }
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
                c = c.push(text(format!("Reviews ({})", history.reviews.len())).font(theme::BOLD));
                for line in history_lines(history) {
                    c = c.push(text(line).size(theme::SIZE_SMALL));
                }
            }
        }
        // Room on the right, so the scrollbar never covers the text.
        scrollable(c.padding(iced::Padding::ZERO.right(theme::SPACE_M))).into()
    }
}

/// A card's answers and resets as lines, newest first; an answer given at the very instant of a
/// reset came before it.
fn history_lines(history: &CardHistory) -> Vec<String> {
    let answer = |r: &Review| {
        format!(
            "{} · {} · {} · {:.1} s",
            local_time(&r.at),
            r.kind.as_str(),
            r.rating.label(),
            f64::from(r.duration_ms) / 1000.0
        )
    };
    let mut lines = Vec::with_capacity(history.reviews.len() + history.resets.len());
    let mut reviews = history.reviews.iter().peekable();
    for reset in &history.resets {
        while let Some(r) = reviews.next_if(|r| r.at > *reset) {
            lines.push(answer(r));
        }
        lines.push(format!("{} · reset to new", local_time(reset)));
    }
    lines.extend(reviews.map(answer));
    lines
}

fn local_time(at: &chrono::DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%-d %b %Y %H:%M")
        .to_string()
}

/// "1 card", "3 cards".
fn cards(n: usize) -> String {
    match n {
        1 => "1 card".to_owned(),
        n => format!("{n} cards"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Rating, ReviewKind};
    use chrono::TimeZone;

    fn at(minute: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, minute, 0).unwrap()
    }

    fn answer(minute: u32) -> Review {
        Review {
            id: 0,
            at: at(minute),
            card: CardKey::new("d", "c"),
            rating: Rating::Good,
            correct: true,
            duration_ms: 2000,
            kind: ReviewKind::Review,
            before: None,
            after: None,
            due: None,
        }
    }

    #[test]
    fn resets_stand_between_the_answers_around_them_newest_first() {
        let history = CardHistory {
            reviews: vec![answer(50), answer(30), answer(20), answer(10)],
            // An answer at the very instant of a reset came before it.
            resets: vec![at(40), at(20)],
        };
        let lines = history_lines(&history);
        let resets: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.ends_with("reset to new"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(resets, [1, 3], "{lines:#?}");
        assert_eq!(lines[0], answer_line(50));
        assert_eq!(lines[4], answer_line(20));
    }

    fn answer_line(minute: u32) -> String {
        history_lines(&CardHistory {
            reviews: vec![answer(minute)],
            resets: vec![],
        })
        .remove(0)
    }
}
