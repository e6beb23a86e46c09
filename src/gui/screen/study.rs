//! Studying: one card at a time, the answer checked, the rating chosen, then the next card; a summary
//! at the end. The session decides; its store work (committing a rating, undoing one, reading the
//! next card and the summary) runs as a Task, and the screen moves on when it comes back: the next
//! card shows only once the answer is durable, and keys pressed meanwhile are ignored.

use crate::answer::{self, Checked};
use crate::deck::Card;
use crate::gui::context::Context;
use crate::gui::context::StudySession;
use crate::gui::task;
use crate::gui::theme;
use crate::gui::widget::button;
use crate::gui::widget::picture::{self, EXPLANATION_PICTURE_HEIGHT, PROMPT_PICTURE_HEIGHT, Shown};
use crate::gui::widget::question::{self, Attempt, feedback_view};
use crate::review::CardKey;
use crate::review::Rating;
use crate::schedule::format_interval;
use crate::session::{Grade, Next, Rated, Summary, Undone};
use chrono::Utc;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, progress_bar, row, scrollable, text};
use iced::{Center, Element, Fill, Task};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::{Duration, Instant};

/// After feedback appears, rating keys wait this long, so that a key pressed twice (1 to choose
/// option 1, 1 again) answers once and never rates too. Buttons are not held back.
pub const RATING_GUARD: Duration = Duration::from_millis(350);

/// The key that gives up on a question ("I don't know"); in a text field, Enter on an empty answer
/// asks instead.
pub const GIVE_UP_KEY: &str = "0";
/// The key for "I was right" after a typed answer marked wrong.
pub const OVERRIDE_KEY: &str = "r";

#[derive(Debug, Clone)]
pub enum Message {
    Question(question::Message),
    Rate(Rating),
    /// "I don't know": show the answer; only Again is offered.
    GiveUp,
    /// Enter on an empty answer asked "Show the answer?"; the learner keeps trying.
    KeepTrying,
    /// "I was right": accept a typed answer marked wrong (pressed again, take it back).
    Override,
    Undo,
    End,
    Back,
    /// Time passed: the clock on screen, and a learning card may have come due.
    Tick,
    /// A frame was drawn while the verdict fades in.
    Frame(Instant),
    /// A rating was committed (or not), with the card that follows.
    Rated(Result<Rated, String>),
    Undone(Result<Undone, String>),
    /// The card read after waiting for a learning card.
    Shown(Result<Next, String>),
    Summarized(Result<Summary, String>),
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
    /// When the session began, for the time on screen.
    started: Instant,
    /// The cards answered this session, once per answer, less those undone: the progress bar's
    /// numerator and the summary's count of cards.
    answered: Vec<CardKey>,
    attempt: Option<Attempt>,
    checked: Option<Checked>,
    /// The learner said "I was right" about the typed answer on screen.
    overridden: bool,
    /// Enter on an empty answer: "Show the answer?" is on screen.
    asking: bool,
    /// When feedback appeared; rating keys work from [`RATING_GUARD`] after it.
    feedback_at: Option<Instant>,
    /// The verdict fades in over a few frames (at once with reduce motion).
    verdict_fade: theme::motion::Eased,
    /// The current card's sources as full citations, worked out when the card is shown.
    citations: Vec<String>,
    summary: Option<Summary>,
    /// The summary is being read.
    summing_up: bool,
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
            started: Instant::now(),
            answered: Vec::new(),
            attempt: None,
            checked: None,
            overridden: false,
            asking: false,
            feedback_at: None,
            verdict_fade: theme::motion::Eased::fade(),
            citations: Vec::new(),
            summary: None,
            summing_up: false,
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

    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// "Show the answer?" is on screen.
    pub fn is_asking(&self) -> bool {
        self.asking
    }

    /// A rating, undo or read is being stored or read: keys wait.
    pub fn is_busy(&self) -> bool {
        self.session.is_busy() || self.summing_up
    }

    /// Shows the card the session has on screen, or the summary when it has none and none is left.
    fn show_current(&mut self, context: &Context) -> Task<Message> {
        self.checked = None;
        self.overridden = false;
        self.asking = false;
        self.feedback_at = None;
        self.citations.clear();
        let Some(key) = self.session.current_card().cloned() else {
            self.attempt = None;
            if self.session.is_finished() {
                if !self.session.is_cram() {
                    self.outlook = Some(context.profile.why_nothing_more(self.session.scope()));
                }
                return self.finish();
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
                // A new card starts at its top, wherever the last one's feedback was scrolled to.
                Task::batch([
                    focus,
                    iced::widget::operation::snap_to(
                        SCROLL,
                        iced::widget::operation::RelativeOffset::START,
                    ),
                ])
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

    /// The answer was checked: feedback shows, and rating keys wait for the guard.
    fn checked_now(&mut self, checked: Checked, reduce_motion: bool) {
        let now = Instant::now();
        self.checked = Some(checked);
        self.asking = false;
        self.feedback_at = Some(now);
        self.verdict_fade = theme::motion::Eased::fade();
        self.verdict_fade.set(1.0, reduce_motion, now);
    }

    /// Whether the verdict is still fading in (never with reduce motion).
    pub fn is_fading(&self) -> bool {
        self.verdict_fade.is_moving()
    }

    /// The card being asked, while a question is on screen.
    pub fn card_shown(&self) -> Option<&CardKey> {
        self.summary
            .is_none()
            .then(|| self.session.current_card())
            .flatten()
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Question(m) => {
                let Some(attempt) = self.attempt.as_mut() else {
                    return Action::None;
                };
                if let Some(key) = self.session.current_card() {
                    attempt.set_map_size(context.map_size(&key.deck, &attempt.question));
                }
                if self.checked.is_some() || self.session.is_busy() {
                    return Action::None;
                }
                let focus = Attempt::focus_for(&m).map(Message::Question);
                let submit = matches!(m, question::Message::Submit);
                if submit && self.asking && attempt.is_blank() {
                    // Enter again on the empty answer: yes, show it.
                    return self.update(Message::GiveUp, context);
                }
                if submit && attempt.is_blank() {
                    self.asking = true;
                    return Action::Run(focus);
                }
                if !matches!(m, question::Message::NextBlank(_)) {
                    self.asking = false;
                }
                if let Some(response) = attempt.update(m) {
                    let checked = answer::check(&attempt.question, &response);
                    self.checked_now(checked, context.profile.settings().reduce_motion);
                }
                Action::Run(focus)
            }
            Message::GiveUp => {
                if self.checked.is_some() || self.session.is_busy() {
                    return Action::None;
                }
                let Some(attempt) = self.attempt.as_mut() else {
                    return Action::None;
                };
                if let Some(response) = attempt.give_up() {
                    let checked = answer::check(&attempt.question, &response);
                    self.checked_now(checked, context.profile.settings().reduce_motion);
                }
                Action::None
            }
            Message::KeepTrying => {
                self.asking = false;
                Action::Run(
                    self.attempt
                        .as_ref()
                        .map(|a| a.focus().map(Message::Question))
                        .unwrap_or_else(Task::none),
                )
            }
            Message::Override => {
                if self.can_override() && !self.session.is_busy() {
                    self.overridden = !self.overridden;
                }
                Action::None
            }
            Message::Rate(rating) => {
                let Some(grade) = self.grade() else {
                    return Action::None;
                };
                if self.session.is_busy() {
                    return Action::None;
                }
                match self.session.rate_graded(grade, rating, Utc::now()) {
                    Ok(job) => Action::Run(task::session_job(job, Message::Rated)),
                    Err(e) => {
                        self.error = Some(format!("Your answer could not be saved: {e}"));
                        Action::None
                    }
                }
            }
            Message::Rated(Ok(rated)) => {
                let before = self.session.current().map(|c| c.state.clone());
                let review = self.session.rated(rated);
                if let Some(before) = before {
                    context
                        .profile
                        .card_changed(&review.card, before.after(&review));
                }
                self.answered.push(review.card);
                self.error = None;
                Action::Run(self.show_current(context))
            }
            Message::Rated(Err(e)) => {
                // The card and its feedback stay: the learner can rate again.
                self.session.job_failed();
                self.error = Some(format!("Your answer could not be saved: {e}"));
                Action::None
            }
            Message::Undo => {
                if self.is_busy() {
                    return Action::None;
                }
                match self.session.undo() {
                    Ok(Some(job)) => Action::Run(task::session_job(job, Message::Undone)),
                    Ok(None) => Action::None,
                    Err(e) => {
                        self.error = Some(format!("Could not undo: {e}"));
                        Action::None
                    }
                }
            }
            Message::Undone(Ok(undone)) => {
                self.session.undone(undone, Utc::now());
                // The card is shown again with the state it had before the answer.
                if let Some(current) = self.session.current() {
                    let state = current.state.clone();
                    context.profile.card_changed(&current.entry.key, state);
                }
                self.answered.pop();
                self.summary = None;
                self.error = None;
                Action::Run(self.show_current(context))
            }
            Message::Undone(Err(e)) => {
                self.session.job_failed();
                self.error = Some(format!("Could not undo: {e}"));
                Action::None
            }
            Message::End => {
                if self.asking {
                    self.asking = false;
                    return Action::None;
                }
                // Nothing answered yet, nothing to sum up: straight back to the library.
                if self.summary.is_some() || self.answered.is_empty() {
                    return Action::Done;
                }
                if self.is_busy() {
                    return Action::None;
                }
                self.attempt = None;
                self.checked = None;
                Action::Run(self.finish())
            }
            Message::Frame(at) => {
                self.verdict_fade.tick(at);
                Action::None
            }
            Message::Tick => {
                let waiting = self.attempt.is_none() && self.summary.is_none();
                if waiting
                    && self
                        .session
                        .waiting_until()
                        .is_some_and(|at| at <= Utc::now())
                    && let Some(job) = self.session.refresh(Utc::now())
                {
                    return Action::Run(task::session_job(job, Message::Shown));
                }
                Action::None
            }
            Message::Shown(Ok(next)) => {
                self.session.shown(next);
                Action::Run(self.show_current(context))
            }
            Message::Shown(Err(e)) => {
                self.session.job_failed();
                self.error = Some(e);
                Action::None
            }
            Message::Summarized(result) => {
                self.summing_up = false;
                match result {
                    Ok(summary) => self.summary = Some(summary),
                    Err(e) => self.error = Some(format!("The summary could not be read: {e}")),
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

    /// Reads the summary; it shows when the read comes back.
    fn finish(&mut self) -> Task<Message> {
        if self.summing_up {
            return Task::none();
        }
        self.summing_up = true;
        task::session_job(self.session.summary(Utc::now()), Message::Summarized)
    }

    /// While studying, a tick every few seconds for the clock on screen; it also looks whether a
    /// waiting learning card has come due.
    pub fn subscription(&self) -> iced::Subscription<Message> {
        let clock = if self.summary.is_none() && !self.summing_up {
            iced::time::every(Duration::from_secs(5)).map(|_| Message::Tick)
        } else {
            iced::Subscription::none()
        };
        let frames = if self.verdict_fade.is_moving() {
            iced::window::frames().map(Message::Frame)
        } else {
            iced::Subscription::none()
        };
        iced::Subscription::batch([clock, frames])
    }

    /// How the answer on screen is graded, which decides the ratings offered.
    fn grade(&self) -> Option<Grade> {
        let checked = self.checked.as_ref()?;
        Some(if self.overridden {
            Grade::Overridden
        } else {
            Grade::of(checked)
        })
    }

    /// "I was right" is offered for a typed answer marked wrong that was not given up.
    pub fn can_override(&self) -> bool {
        match (&self.checked, &self.attempt) {
            (Some(checked), Some(attempt)) => Grade::can_override(checked, attempt.gave_up()),
            _ => false,
        }
    }

    /// Rating keys are live: feedback has been on screen for [`RATING_GUARD`].
    fn rating_keys_live(&self) -> bool {
        self.feedback_at
            .is_some_and(|at| at.elapsed() >= RATING_GUARD)
    }

    /// How long until rating keys work, while feedback is on screen and the guard holds.
    pub fn rating_keys_wait(&self) -> Option<Duration> {
        let at = self.feedback_at?;
        RATING_GUARD
            .checked_sub(at.elapsed())
            .filter(|d| !d.is_zero())
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        // While an answer is being saved every key waits: none can rate the same card twice.
        if self.is_busy() {
            return None;
        }
        let undo = matches!(key.as_ref(), Key::Character("u")) && !modifiers.control()
            || matches!(key.as_ref(), Key::Character("z")) && modifiers.command();
        if undo && !self.asking {
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
        if self.asking {
            return match key.as_ref() {
                Key::Named(Named::Enter | Named::Space) => Some(Message::GiveUp),
                _ => Some(Message::KeepTrying),
            };
        }
        if let Some(grade) = self.grade() {
            if matches!(key.as_ref(), Key::Character(OVERRIDE_KEY)) && self.can_override() {
                return Some(Message::Override);
            }
            if !self.rating_keys_live() {
                return None;
            }
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
        let attempt = self.attempt.as_ref()?;
        if matches!(key.as_ref(), Key::Character(GIVE_UP_KEY)) && self.offers_give_up() {
            return Some(Message::GiveUp);
        }
        // Enter on an empty answer asks "Show the answer?" (through Submit).
        attempt.key(key, modifiers).map(Message::Question)
    }

    /// "I don't know" is offered before checking, for every kind but the flashcard (whose back the
    /// learner reveals and rates).
    fn offers_give_up(&self) -> bool {
        self.checked.is_none()
            && self
                .attempt
                .as_ref()
                .is_some_and(|a| !matches!(a.question, crate::deck::Question::Flashcard { .. }))
    }

    /// Where the learner stands: "Card 7 of 20", with 7 the card on screen and 20 the answers
    /// planned — those given plus the cards still queued, a card failed and queued again counted
    /// again — and the share answered for the progress bar.
    pub fn position(&self) -> (usize, usize, f32) {
        let (new, learning, review) = self.session.counts();
        let done = self.answered.len();
        let planned = done + new + learning + review;
        let on_screen = if self.session.current().is_some() {
            done + 1
        } else {
            done
        };
        let share = if planned == 0 {
            1.0
        } else {
            done as f32 / planned as f32
        };
        (on_screen, planned, share)
    }

    /// The line above the card: deck, topic, question kind, the card's place in the session and
    /// the time spent so far.
    pub fn context_line(&self, context: &Context) -> Option<String> {
        let key = self.session.current_card()?;
        let deck = context.profile.library().deck(&key.deck)?;
        let card = deck.card(&key.card)?;
        let (at, planned, _) = self.position();
        Some(format!(
            "{} · {} · {}   —   Card {at} of {planned} · {}",
            deck.title,
            card.topic,
            card.question.kind().label(),
            clock(self.started.elapsed())
        ))
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        if let Some(summary) = &self.summary {
            return summary_view(
                summary,
                self.cards_studied(),
                context,
                self.summary_actions(),
            );
        }
        let (new, learning, review) = self.session.counts();
        let (_, _, share) = self.position();
        let busy = self.is_busy();
        let top = column![
            row![
                text(format!("{new} new")).style(theme::new_text),
                text(format!("{learning} learning")).style(theme::learning_text),
                text(format!("{review} review")).style(theme::review_text),
                iced::widget::space::horizontal(),
                button(text("Undo  [U]"))
                    .on_press_maybe((self.session.can_undo() && !busy).then_some(Message::Undo)),
                button(text("End  [Esc]")).on_press(Message::End),
            ]
            .spacing(theme::SPACE_L)
            .align_y(Center),
            progress_bar(0.0..=1.0, share).girth(6),
        ]
        .spacing(theme::SPACE_S);

        let mut body = column![].spacing(theme::SPACE_L);
        if self.session.is_cram() {
            body = body.push(
                text("Cram: your answers are kept but change no card's schedule.")
                    .size(theme::SIZE_SMALL),
            );
        }
        if let Some(line) = self.context_line(context) {
            body = body.push(text(line).size(theme::SIZE_SMALL).style(theme::muted_text));
        }
        if let Some(key) = self.session.current_card()
            && let Some(card) = context
                .profile
                .library()
                .deck(&key.deck)
                .and_then(|d| d.card(&key.card))
            && let Some(attempt) = &self.attempt
        {
            if let Some(image) = &card.image {
                body = body.push(picture::view(
                    context.picture(&key.deck, image),
                    image,
                    PROMPT_PICTURE_HEIGHT,
                ));
            }
            let map = card
                .question
                .own_image()
                .map_or(Shown::Loading, |m| context.picture(&key.deck, m));
            match &self.checked {
                None => {
                    body = body.push(attempt.view(map).map(Message::Question));
                    if self.asking {
                        body = body.push(ask_view());
                    } else if self.offers_give_up() {
                        body = body.push(question::hint_button(
                            "I don't know",
                            GIVE_UP_KEY,
                            Message::GiveUp,
                        ));
                    }
                }
                Some(checked) => {
                    body = body.push(text(card.question.prompt()).size(theme::SIZE_QUESTION));
                    body = body.push(feedback_view(
                        attempt,
                        checked,
                        self.overridden,
                        map,
                        self.verdict_fade.now(),
                    ));
                    if self.can_override() {
                        let label = if self.overridden {
                            "Take back \"I was right\""
                        } else {
                            "I was right"
                        };
                        body = body.push(question::hint_button(label, "R", Message::Override));
                    }
                    body = body.push(explanation(card, &self.citations));
                    if let Some(image) = &card.explanation_image {
                        body = body.push(picture::view(
                            context.picture(&key.deck, image),
                            image,
                            EXPLANATION_PICTURE_HEIGHT,
                        ));
                    }
                    body = body.push(self.rating_buttons());
                }
            }
        }
        if self.attempt.is_none()
            && let Some(at) = self.session.waiting_until()
        {
            let wait = (at - Utc::now()).num_minutes().max(0) + 1;
            body = body.push(text(format!("The next learning card comes due in about {wait} min. Wait here, or press Esc to finish.")));
        }
        if busy {
            body = body.push(
                text("Saving…")
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            );
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

    /// The ratings the answer allows (only Again after a wrong answer), the default highlighted,
    /// each with its key; disabled while the rating is being saved.
    fn rating_buttons(&self) -> Element<'_, Message> {
        let Some(grade) = self.grade() else {
            return column![].into();
        };
        let default = grade.default_rating();
        let busy = self.session.is_busy();
        let mut r = row![].spacing(theme::SPACE_M);
        for p in self
            .session
            .previews(Utc::now())
            .into_iter()
            .flatten()
            .filter(|p| grade.allows(p.rating))
        {
            let keys = if p.rating == default {
                format!("{} · Space", p.rating.number())
            } else {
                p.rating.number().to_string()
            };
            let label = if self.session.is_cram() {
                // A cram answer moves no due date: there is no interval to show.
                format!("{}  [{keys}]", p.rating.label())
            } else {
                format!(
                    "{} · {}  [{keys}]",
                    p.rating.label(),
                    format_interval(p.interval),
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
                    .on_press_maybe((!busy).then_some(Message::Rate(p.rating))),
            );
        }
        let hint = if grade == Grade::Wrong {
            "Space or Enter goes on (Again: you will see this card again soon)."
        } else {
            "Space or Enter takes the highlighted rating; 1–4 pick one."
        };
        column![
            r,
            text(hint).size(theme::SIZE_SMALL).style(theme::muted_text)
        ]
        .spacing(theme::SPACE_S)
        .into()
    }
}

/// Whole minutes: "12 min" ("0 min" in the first minute); seconds would only distract.
fn clock(elapsed: Duration) -> String {
    format!("{} min", elapsed.as_secs() / 60)
}

/// "Show the answer?" after Enter on an empty answer.
fn ask_view<'a>() -> Element<'a, Message> {
    column![
        text("Nothing entered yet. Show the answer? It counts as not known.")
            .size(theme::SIZE_BODY),
        row![
            question::hint_button("Show the answer", "Enter", Message::GiveUp),
            question::hint_button("Keep trying", "any other key", Message::KeepTrying),
        ]
        .spacing(theme::SPACE_M)
    ]
    .spacing(theme::SPACE_S)
    .into()
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

/// A card missed this session with its right answer, as the summary lists it.
pub fn missed_line(context: &Context, key: &CardKey) -> String {
    match context
        .profile
        .library()
        .deck(&key.deck)
        .and_then(|d| d.card(&key.card))
    {
        Some(card) => format!(
            "✗ {}  →  {}",
            card.question.prompt(),
            card.question.answer_text()
        ),
        None => format!("✗ {} / {} (no longer in its deck)", key.deck, key.card),
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
                    .style(theme::secondary)
                    .on_press_maybe((missed > 0).then_some(Message::StudyAgain)),
                    button(text("Take a quiz on today's cards  [Q]"))
                        .style(theme::secondary)
                        .on_press(Message::QuizToday),
                ]
                .spacing(theme::SPACE_M)
            )
            .vertical_spacing(theme::SPACE_S)
        ]
        .spacing(theme::SPACE_S);
        if let Some(why) = &self.outlook {
            c = c.push(text(why.to_string()).size(theme::SIZE_BODY));
            c = c.push(
                button(text("Custom study…  [C]"))
                    .style(theme::secondary)
                    .on_press(Message::CustomStudy),
            );
        }
        c.max_width(theme::CONTENT_WIDTH).into()
    }
}

fn summary_view<'a>(
    summary: &'a Summary,
    cards: usize,
    context: &'a Context,
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
    let mut c = column![
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
    ]
    .spacing(theme::SPACE_M);
    if summary.missed.is_empty() {
        c = c.push(text("✓ No card missed.").style(theme::right_text));
    } else {
        let mut missed = column![
            text(format!(
                "Missed ({}) — with the right answers",
                summary.missed.len()
            ))
            .size(theme::SIZE_BODY)
            .font(theme::BOLD)
        ]
        .spacing(theme::SPACE_S);
        for key in &summary.missed {
            missed = missed.push(text(missed_line(context, key)).size(theme::SIZE_BODY));
        }
        c = c.push(missed);
    }
    let actions = row![
        button(text("Back to the library  [Enter]"))
            .style(theme::primary)
            .on_press(Message::Back),
        button(text("Undo last answer  [U]"))
            .style(theme::secondary)
            .on_press(Message::Undo),
    ]
    .spacing(theme::SPACE_M);
    c = c.push(actions).push(more);
    container(scrollable(c.max_width(theme::CONTENT_WIDTH)).spacing(theme::SPACE_S))
        .padding(theme::PAGE_PADDING)
        .center(Fill)
        .into()
}
