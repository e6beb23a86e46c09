//! Studying: one card at a time, the answer checked, the rating chosen, then the next card; a summary
//! at the end. The session decides and commits; this screen renders it and routes keys.

use crate::answer::{self, Checked};
use crate::deck::Card;
use crate::gui::context::Context;
use crate::gui::context::StudySession;
use crate::gui::theme;
use crate::gui::widget::question::{self, Attempt, result_view};
use crate::review::CardKey;
use crate::review::Rating;
use crate::schedule::format_interval;
use crate::session::{Grade, Summary};
use chrono::Utc;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{button, column, container, progress_bar, row, scrollable, text};
use iced::{Center, Element, Fill, Task};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Debug, Clone)]
pub enum Message {
    Question(question::Message),
    Rate(Rating),
    Undo,
    End,
    Back,
    /// Time passed while waiting for a learning card to come due.
    Tick,
    /// From the summary: cram the cards missed in this session.
    StudyAgain,
    /// From the summary: a quiz on the cards studied today.
    QuizToday,
    /// From the summary: custom study for what the session was about.
    CustomStudy,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The learner left; progress is already stored.
    Done,
    /// Start a custom-study session (the missed cards crammed again).
    Custom(crate::custom_study::CustomStudy),
    /// A quiz on these cards.
    Quiz(crate::schedule::Filter),
    /// Open custom study for a deck or every deck.
    OpenCustomStudy(Option<String>),
}

pub const SCROLL: &str = "study";

pub struct Study {
    session: StudySession,
    /// The cards answered this session, once per answer, less those undone: the progress bar's
    /// numerator and the summary's count of cards.
    answered: Vec<CardKey>,
    attempt: Option<Attempt>,
    checked: Option<Checked>,
    /// The current card's sources as full citations, worked out when the card is shown.
    citations: Vec<String>,
    summary: Option<Summary>,
    /// Problems committing an answer are shown, never swallowed.
    error: Option<String>,
    rng: StdRng,
    /// When the session ran out of cards: why nothing more is due today.
    outlook: Option<crate::profile::NotStarted>,
}

impl Study {
    pub fn new(session: StudySession, context: &Context) -> (Self, Task<Message>) {
        let mut study = Study {
            session,
            answered: Vec::new(),
            attempt: None,
            checked: None,
            citations: Vec::new(),
            summary: None,
            error: None,
            rng: StdRng::from_os_rng(),
            outlook: None,
        };
        let task = study.show_current(context);
        (study, task)
    }

    pub fn session(&self) -> &StudySession {
        &self.session
    }

    pub fn attempt(&self) -> Option<&Attempt> {
        self.attempt.as_ref()
    }

    pub fn checked(&self) -> Option<&Checked> {
        self.checked.as_ref()
    }

    /// The current card's sources as the explanation shows them.
    pub fn citations(&self) -> &[String] {
        &self.citations
    }

    pub fn is_finished(&self) -> bool {
        self.summary.is_some()
    }

    fn show_current(&mut self, context: &Context) -> Task<Message> {
        self.checked = None;
        self.citations.clear();
        let Some(key) = self.session.current_card().cloned() else {
            self.attempt = None;
            if self.session.is_finished() {
                self.finish();
                if !self.session.is_cram() {
                    self.outlook = Some(context.profile.why_nothing_more(self.session.scope()));
                }
            }
            return Task::none();
        };
        self.session.show(Utc::now());
        let deck = context.profile.library().deck(&key.deck);
        match deck.and_then(|d| Some((d, d.card(&key.card)?))) {
            Some((deck, card)) => {
                self.citations = deck.citations(card);
                let attempt = Attempt::new(card.question.clone(), &mut self.rng);
                let focus = attempt.focus().map(Message::Question);
                self.attempt = Some(attempt);
                focus
            }
            None => {
                // The queue is built from the loaded decks, so this only happens if a deck changed meanwhile.
                self.attempt = None;
                self.error = Some(format!(
                    "The card {} / {} is no longer in its deck.",
                    key.deck, key.card
                ));
                Task::none()
            }
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Question(m) => {
                let Some(attempt) = self.attempt.as_mut() else {
                    return Action::None;
                };
                let focus = Attempt::focus_for(&m).map(Message::Question);
                if let Some(response) = attempt.update(m) {
                    self.checked = Some(answer::check(&attempt.question, &response));
                }
                Action::Run(focus)
            }
            Message::Rate(rating) => {
                let Some(checked) = &self.checked else {
                    return Action::None;
                };
                let before = self.session.current().map(|c| c.state.clone());
                match self.session.rate_checked(checked, rating, Utc::now()) {
                    Ok(review) => {
                        if let Some(before) = before {
                            context
                                .profile
                                .card_changed(&review.card, before.after(&review));
                        }
                        self.answered.push(review.card);
                        self.error = None;
                        Action::Run(self.show_current(context))
                    }
                    Err(e) => {
                        self.error = Some(format!("Your answer could not be saved: {e}"));
                        Action::None
                    }
                }
            }
            Message::Undo => match self.session.undo(Utc::now()) {
                Ok(Some(_)) => {
                    // The card is shown again with the state it had before the answer.
                    if let Some(current) = self.session.current() {
                        let state = current.state.clone();
                        context.profile.card_changed(&current.entry.key, state);
                    }
                    self.answered.pop();
                    self.summary = None;
                    Action::Run(self.show_current(context))
                }
                Ok(None) => Action::None,
                Err(e) => {
                    self.error = Some(format!("Could not undo: {e}"));
                    Action::None
                }
            },
            Message::End => {
                // Nothing answered yet, nothing to sum up: straight back to the library.
                if self.summary.is_some() || self.answered.is_empty() {
                    return Action::Done;
                }
                self.attempt = None;
                self.checked = None;
                self.finish();
                Action::None
            }
            Message::Tick => {
                if self.attempt.is_none() && self.summary.is_none() {
                    if let Err(e) = self.session.refresh(Utc::now()) {
                        self.error = Some(e.to_string());
                    }
                    return Action::Run(self.show_current(context));
                }
                Action::None
            }
            Message::Back => Action::Done,
            Message::StudyAgain => {
                let missed = self.session.missed();
                if missed.is_empty() {
                    return Action::None;
                }
                Action::Custom(crate::custom_study::CustomStudy::Cram {
                    deck: None,
                    set: crate::custom_study::CardSet::Cards(missed.into_iter().collect()),
                })
            }
            Message::QuizToday => {
                let mut cards = context.profile.studied_today();
                cards.extend(self.answered.iter().cloned());
                Action::Quiz(crate::schedule::Filter::cards(cards))
            }
            Message::CustomStudy => {
                Action::OpenCustomStudy(match self.session.scope().decks.as_slice() {
                    [deck] => Some(deck.clone()),
                    _ => None,
                })
            }
        }
    }

    fn finish(&mut self) {
        match self.session.summary(Utc::now()) {
            Ok(summary) => self.summary = Some(summary),
            Err(e) => self.error = Some(format!("The summary could not be read: {e}")),
        }
    }

    /// While learning cards wait to come due, look again every few seconds.
    pub fn subscription(&self) -> iced::Subscription<Message> {
        if self.attempt.is_none() && self.summary.is_none() && !self.session.is_finished() {
            iced::time::every(std::time::Duration::from_secs(5)).map(|_| Message::Tick)
        } else {
            iced::Subscription::none()
        }
    }

    /// How the answer on screen was graded, which decides the ratings offered.
    fn grade(&self) -> Option<Grade> {
        self.checked.as_ref().map(Grade::of)
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        let undo = matches!(key.as_ref(), Key::Character("u")) && !modifiers.control()
            || matches!(key.as_ref(), Key::Character("z")) && modifiers.command();
        if undo {
            return Some(Message::Undo);
        }
        if matches!(key.as_ref(), Key::Named(Named::Escape)) {
            return Some(Message::End);
        }
        if self.summary.is_some() {
            return match key.as_ref() {
                Key::Named(Named::Enter | Named::Space) => Some(Message::Back),
                Key::Character("a") => Some(Message::StudyAgain),
                Key::Character("q") => Some(Message::QuizToday),
                Key::Character("c") => Some(Message::CustomStudy),
                _ => None,
            };
        }
        if let Some(grade) = self.grade() {
            return match key.as_ref() {
                Key::Named(Named::Space | Named::Enter) => {
                    Some(Message::Rate(grade.default_rating()))
                }
                Key::Character(c) => c
                    .parse::<u8>()
                    .ok()
                    .and_then(Rating::from_number)
                    .filter(|&r| grade.allows(r))
                    .map(Message::Rate),
                _ => None,
            };
        }
        self.attempt
            .as_ref()?
            .key(key, modifiers)
            .map(Message::Question)
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        if let Some(summary) = &self.summary {
            return summary_view(summary, self.cards_studied(), self.summary_actions());
        }
        let (new, learning, review) = self.session.counts();
        let done = self.answered.len();
        let total = done + new + learning + review;
        let progress = if total == 0 {
            1.0
        } else {
            done as f32 / total as f32
        };
        let top = column![
            row![
                text(format!("{new} new")).style(theme::new_text),
                text(format!("{learning} learning")).style(theme::learning_text),
                text(format!("{review} review")).style(theme::review_text),
                iced::widget::space::horizontal(),
                button(text("Undo  [U]"))
                    .style(theme::secondary)
                    .on_press_maybe(self.session.can_undo().then_some(Message::Undo)),
                button(text("End  [Esc]"))
                    .style(theme::secondary)
                    .on_press(Message::End),
            ]
            .spacing(theme::SPACE_L)
            .align_y(Center),
            progress_bar(0.0..=1.0, progress)
                .girth(6)
                .style(theme::progress),
        ]
        .spacing(theme::SPACE_S);

        let mut body = column![].spacing(theme::SPACE_L);
        if self.session.is_cram() {
            body = body.push(
                text("Cram: your answers are kept but change no card's schedule.")
                    .size(theme::SIZE_SMALL),
            );
        }
        if let Some(key) = self.session.current_card()
            && let Some(card) = context
                .profile
                .library()
                .deck(&key.deck)
                .and_then(|d| d.card(&key.card))
        {
            body = body.push(
                text(format!("{} · {}", card.topic, card.question.kind().label()))
                    .size(theme::SIZE_SMALL),
            );
            if let Some(attempt) = &self.attempt {
                match &self.checked {
                    None => body = body.push(attempt.view().map(Message::Question)),
                    Some(checked) => {
                        body = body.push(text(card.question.prompt()).size(theme::SIZE_QUESTION));
                        let given = attempt
                            .response
                            .as_ref()
                            .map(|r| answer::describe(&card.question, r))
                            .unwrap_or_default();
                        body = body.push(result_view(&card.question, checked, given));
                        body = body.push(explanation(card, &self.citations));
                        body = body.push(self.rating_buttons());
                    }
                }
            }
        }
        if self.attempt.is_none()
            && let Some(at) = self.session.waiting_until()
        {
            let wait = (at - Utc::now()).num_minutes().max(0) + 1;
            body = body.push(text(format!("The next learning card comes due in about {wait} min. Wait here, or press Esc to finish.")));
        }
        if let Some(e) = &self.error {
            body = body.push(text(e.as_str()).style(theme::wrong_text));
        }
        let page = column![
            top,
            scrollable(
                container(body)
                    .max_width(theme::CONTENT_WIDTH)
                    .padding([theme::SPACE_L, 0.0])
            )
            .id(SCROLL)
            // Beside the text, not over it, when a long answer needs scrolling in a small window.
            .spacing(theme::SPACE_S)
            .height(Fill)
        ]
        .spacing(theme::SPACE_M)
        .max_width(theme::CONTENT_WIDTH + 40.0);
        container(page)
            .padding(theme::PAGE_PADDING)
            .center_x(Fill)
            .into()
    }

    /// Distinct cards answered this session.
    pub fn cards_studied(&self) -> usize {
        let mut cards: Vec<&CardKey> = self.answered.iter().collect();
        cards.sort();
        cards.dedup();
        cards.len()
    }

    /// The ratings the answer allows (only Again after a wrong answer), the default highlighted.
    fn rating_buttons(&self) -> Element<'_, Message> {
        let Some(grade) = self.grade() else {
            return column![].into();
        };
        let default = grade.default_rating();
        let mut r = row![].spacing(theme::SPACE_M);
        for p in self
            .session
            .previews(Utc::now())
            .into_iter()
            .flatten()
            .filter(|p| grade.allows(p.rating))
        {
            let label = if self.session.is_cram() {
                // A cram answer moves no due date: there is no interval to show.
                format!("{}  [{}]", p.rating.label(), p.rating.number())
            } else {
                format!(
                    "{} · {}  [{}]",
                    p.rating.label(),
                    format_interval(p.interval),
                    p.rating.number()
                )
            };
            r = r.push(
                button(text(label))
                    .padding([10, 16])
                    .style(if p.rating == default {
                        theme::primary
                    } else {
                        theme::secondary
                    })
                    .on_press(Message::Rate(p.rating)),
            );
        }
        column![
            r,
            text("Space or Enter takes the highlighted rating.").size(theme::SIZE_SMALL)
        ]
        .spacing(theme::SPACE_S)
        .into()
    }
}

impl Study {
    /// What to do next from the summary: cram the missed cards again, a quiz on today's cards,
    /// and, when nothing more is due, why, with custom study beside it.
    fn summary_actions(&self) -> Element<'_, Message> {
        let missed = self.session.missed().len();
        let mut c = column![
            iced::widget::Row::wrap(
                row![
                    button(text(if missed == 0 {
                        "Study these again  [A]".to_owned()
                    } else {
                        format!("Study these again: the {missed} missed, no schedule change  [A]")
                    }))
                    .on_press_maybe((missed > 0).then_some(Message::StudyAgain)),
                    button(text("Take a quiz on today's cards  [Q]")).on_press(Message::QuizToday),
                ]
                .spacing(theme::SPACE_M)
            )
            .vertical_spacing(theme::SPACE_S)
        ]
        .spacing(theme::SPACE_S);
        if let Some(why) = &self.outlook {
            c = c.push(text(why.to_string()).size(theme::SIZE_BODY));
            c = c.push(button(text("Custom study…  [C]")).on_press(Message::CustomStudy));
        }
        c.max_width(theme::CONTENT_WIDTH).into()
    }
}

/// The explanation, then each source by name on a line of its own.
fn explanation<'a>(card: &'a Card, citations: &'a [String]) -> Element<'a, Message> {
    let mut c = column![].spacing(theme::SPACE_S);
    if !card.explanation.is_empty() {
        c = c.push(text(card.explanation.as_str()).size(theme::SIZE_BODY));
    }
    if !citations.is_empty() {
        let mut sources = column![text("Sources").size(theme::SIZE_SMALL)].spacing(2);
        for line in citations {
            sources = sources.push(text(line.as_str()).size(theme::SIZE_SMALL));
        }
        c = c.push(sources);
    }
    c.into()
}

fn summary_view<'a>(
    summary: &'a Summary,
    cards: usize,
    more: Element<'a, Message>,
) -> Element<'a, Message> {
    let minutes = summary.time.num_seconds() as f64 / 60.0;
    let accuracy = if summary.cards == 0 {
        0.0
    } else {
        100.0 * summary.correct as f64 / summary.cards as f64
    };
    let next = match summary.next_due {
        Some(at) => format!(
            "Next cards due: {}",
            at.with_timezone(&chrono::Local).format("%a %-d %b, %H:%M")
        ),
        None => "Nothing more is scheduled yet.".to_owned(),
    };
    let c = column![
        text("Session finished")
            .size(theme::SIZE_TITLE)
            .font(theme::BOLD),
        text(format!(
            "Cards studied: {cards} ({} {})",
            summary.cards,
            if summary.cards == 1 {
                "answer"
            } else {
                "answers"
            }
        ))
        .size(theme::SIZE_QUESTION),
        text(format!("Accuracy: {accuracy:.0} %")).size(theme::SIZE_QUESTION),
        text(format!("Time: {minutes:.1} min")).size(theme::SIZE_QUESTION),
        text(next).size(theme::SIZE_BODY),
        row![
            button(text("Back to the library  [Enter]"))
                .style(theme::primary)
                .on_press(Message::Back),
            button(text("Undo last answer  [U]"))
                .style(theme::secondary)
                .on_press(Message::Undo),
        ]
        .spacing(theme::SPACE_M),
        more,
    ]
    .spacing(theme::SPACE_M);
    container(c)
        .padding(theme::PAGE_PADDING)
        .center(Fill)
        .into()
}
