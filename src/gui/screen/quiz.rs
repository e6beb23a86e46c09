//! A scored Quiz: choose its size and time limit, answer every question, then see the score and each
//! answer. Results are stored; quizzes never move the spaced-repetition schedule.

use crate::gui::context::Context;
use crate::gui::shortcuts;
use crate::gui::task;
use crate::gui::theme;
use crate::gui::widget::picture::{self, Shown};
use crate::gui::widget::question::{self, Attempt};
use crate::gui::widget::{button, slider};
use crate::quiz::{self as scored, QuizSpec};
use crate::review::{CardKey, TestResult};
use crate::schedule::Filter;
use chrono::Utc;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, row, scrollable, text};
use iced::{Center, Element, Fill, Subscription, Task};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum Message {
    Count(u32),
    Limit(Option<u32>),
    Start,
    Question(question::Message),
    Tick,
    /// A frame was drawn while the progress bar eases.
    Frame(std::time::Instant),
    RetryMissed,
    /// The result was stored (or not).
    Stored(Result<(), String>),
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Back,
}

enum Stage {
    Setup,
    Running {
        quiz: scored::Quiz,
        // Boxed: an attempt is large beside the other stages.
        attempt: Box<Attempt>,
    },
    Finished {
        quiz: scored::Quiz,
        result: TestResult,
        /// Whether the result was stored, once the store has answered.
        stored: Option<Result<(), String>>,
    },
}

pub struct Quiz {
    filter: Filter,
    /// The deck titles and topics the quiz draws from, for the setup page.
    scope: String,
    /// The question counts on offer: never more than the cards that match.
    counts: std::ops::RangeInclusive<usize>,
    count: usize,
    /// Minutes, or none for an untimed quiz.
    limit: Option<u32>,
    stage: Stage,
    rng: StdRng,
    /// Set when the filter admits no card.
    problem: Option<String>,
    /// The share of questions answered, as the progress bar shows it.
    progress: theme::motion::Eased,
}

const LIMITS: [Option<u32>; 4] = [None, Some(5), Some(10), Some(20)];

impl Quiz {
    pub fn new(filter: Filter, context: &Context) -> Self {
        let spec = QuizSpec {
            decks: filter.decks.clone(),
            topics: filter.topics.clone(),
            cards: filter.cards.clone(),
            ..QuizSpec::default()
        };
        let library = context.profile.library();
        let available = library
            .decks()
            .flat_map(|d| d.cards.iter().map(move |c| (d, c)))
            .filter(|(d, c)| spec.includes(d, c))
            .count();
        let decks = if filter.decks.is_empty() {
            "all decks".to_owned()
        } else {
            filter
                .decks
                .iter()
                .map(|id| library.deck(id).map_or(id.as_str(), |d| d.title.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let topics = if filter.topics.is_empty() {
            "all topics".to_owned()
        } else {
            filter.topics.join(", ")
        };
        let counts = scored::count_choices(available);
        let scope = if filter.cards.is_some() {
            format!("From the {available} cards chosen (those you studied today).")
        } else {
            format!("From {decks}; {topics} ({available} cards).")
        };
        Quiz {
            scope,
            count: scored::DEFAULT_COUNT.clamp(*counts.start(), *counts.end()),
            counts,
            filter,
            limit: None,
            stage: Stage::Setup,
            rng: StdRng::from_os_rng(),
            problem: None,
            progress: theme::motion::Eased::new(0.0),
        }
    }

    /// How many questions the quiz will ask, and the most it can.
    pub fn count(&self) -> (usize, usize) {
        (self.count, *self.counts.end())
    }

    pub fn result(&self) -> Option<&TestResult> {
        match &self.stage {
            Stage::Finished { result, .. } => Some(result),
            _ => None,
        }
    }

    /// The question being answered, while the quiz runs.
    pub fn attempt(&self) -> Option<&Attempt> {
        match &self.stage {
            Stage::Running { attempt, .. } => Some(attempt),
            _ => None,
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let clock = match &self.stage {
            Stage::Running { .. } if self.limit.is_some() => {
                iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick)
            }
            _ => Subscription::none(),
        };
        let frames = if self.progress.is_moving() {
            iced::window::frames().map(Message::Frame)
        } else {
            Subscription::none()
        };
        Subscription::batch([clock, frames])
    }

    /// The share of the questions answered the progress bar moves to.
    pub fn progress(&self) -> f32 {
        self.progress.target()
    }

    /// Whether the progress bar is still easing to it (never with reduce motion).
    pub fn is_easing(&self) -> bool {
        self.progress.is_moving()
    }

    /// The card being asked, while a question is on screen.
    pub fn card_shown(&self) -> Option<&CardKey> {
        match &self.stage {
            Stage::Running { quiz, .. } => quiz.current().map(|q| &q.card),
            _ => None,
        }
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Count(n) => {
                self.count = (n as usize).clamp(*self.counts.start(), *self.counts.end());
            }
            Message::Stored(result) => {
                if let Stage::Finished { stored, .. } = &mut self.stage {
                    *stored = Some(result);
                }
            }
            Message::Limit(l) => self.limit = l,
            Message::Start => return self.start(context),
            Message::RetryMissed => {
                if let Stage::Finished { quiz, .. } = &self.stage
                    && let Some(retry) = quiz.missed(Utc::now())
                {
                    return self.show(retry);
                }
            }
            Message::Question(m) => {
                let Stage::Running { quiz, attempt } = &mut self.stage else {
                    return Action::None;
                };
                if let Some(q) = quiz.current() {
                    attempt.set_map_size(context.map_size(&q.card.deck, &attempt.question));
                }
                let focus = Attempt::focus_for(&m).map(Message::Question);
                if let Some(response) = attempt.update(m) {
                    // An answer after the time limit is not counted; the quiz then ends.
                    let _ = quiz.answer(response, Utc::now());
                    return self.advance(context);
                }
                return Action::Run(focus);
            }
            Message::Tick => {
                if let Stage::Running { quiz, .. } = &self.stage
                    && quiz.is_over(Utc::now())
                {
                    return self.finish(context);
                }
            }
            Message::Frame(at) => self.progress.tick(at),
            Message::Back => return Action::Back,
        }
        Action::None
    }

    fn start(&mut self, context: &Context) -> Action {
        let spec = QuizSpec {
            decks: self.filter.decks.clone(),
            topics: self.filter.topics.clone(),
            count: self.count,
            time_limit: self.limit.map(|m| Duration::from_secs(u64::from(m) * 60)),
            cards: self.filter.cards.clone(),
        };
        let decks: Vec<&crate::deck::Deck> = context.profile.library().decks().collect();
        let quiz = scored::Quiz::start(spec, &decks, &mut self.rng, Utc::now());
        if quiz.questions().is_empty() {
            self.problem = Some("No cards match the chosen decks and topics.".into());
            return Action::None;
        }
        self.problem = None;
        self.show(quiz)
    }

    fn show(&mut self, quiz: scored::Quiz) -> Action {
        match quiz.current() {
            Some(q) => {
                let attempt = Attempt::new(q.question.clone(), &mut self.rng).scored();
                let focus = attempt.focus().map(Message::Question);
                if quiz.progress().0 == 0 {
                    self.progress = theme::motion::Eased::new(0.0);
                }
                self.stage = Stage::Running {
                    quiz,
                    attempt: Box::new(attempt),
                };
                Action::Run(focus)
            }
            None => Action::None,
        }
    }

    fn advance(&mut self, context: &mut Context) -> Action {
        let Stage::Running { quiz, .. } = &self.stage else {
            return Action::None;
        };
        if quiz.current().is_none() || quiz.is_over(Utc::now()) {
            return self.finish(context);
        }
        let (done, total) = quiz.progress();
        self.progress.set(
            done as f32 / total.max(1) as f32,
            context.profile.settings().reduce_motion,
            std::time::Instant::now(),
        );
        let Stage::Running { quiz, .. } = std::mem::replace(&mut self.stage, Stage::Setup) else {
            unreachable!("checked above");
        };
        self.show(quiz)
    }

    fn finish(&mut self, context: &mut Context) -> Action {
        let Stage::Running { mut quiz, .. } = std::mem::replace(&mut self.stage, Stage::Setup)
        else {
            return Action::None;
        };
        quiz.finish(Utc::now());
        let result = quiz.result();
        let store = task::record_quiz(&context.profile, result.clone(), Message::Stored);
        self.stage = Stage::Finished {
            quiz,
            result,
            stored: None,
        };
        Action::Run(store)
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use shortcuts::Quiz as K;
        let shortcut = shortcuts::find(shortcuts::QUIZ, key, modifiers);
        match (&self.stage, shortcut) {
            (_, Some(K::Back)) => Some(Message::Back),
            // While a question is up, its own keys come first (Enter checks the answer).
            (Stage::Running { attempt, .. }, _) => {
                attempt.key(key, modifiers).map(Message::Question)
            }
            (Stage::Setup, Some(K::Go)) => Some(Message::Start),
            (Stage::Setup, Some(K::More)) => Some(Message::Count(self.count as u32 + 5)),
            (Stage::Setup, Some(K::Fewer)) => {
                Some(Message::Count((self.count as u32).saturating_sub(5)))
            }
            (Stage::Finished { .. }, Some(K::Go)) => Some(Message::Back),
            (Stage::Finished { .. }, Some(K::RetryMissed)) => Some(Message::RetryMissed),
            _ => None,
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let note = text(
            "Quizzes are scored and kept in your statistics; they do not change when cards are due.",
        )
        .size(theme::SIZE_SMALL)
        .style(theme::muted_text);
        let body: Element<'a, Message> = match &self.stage {
            Stage::Setup => {
                let mut limits = row![text("Time limit:")]
                    .spacing(theme::SPACE_S)
                    .align_y(Center);
                for l in LIMITS {
                    let label = l.map_or("none".to_owned(), |m| format!("{m} min"));
                    limits = limits.push(
                        button(text(label))
                            .style(theme::chip(self.limit == l))
                            .padding([theme::SPACE_XS, theme::SPACE_M])
                            .on_press(Message::Limit(l)),
                    );
                }
                let mut c = column![
                    text("Take a quiz")
                        .size(theme::SIZE_TITLE)
                        .font(theme::BOLD),
                    text(self.scope.as_str()),
                    row![
                        text(format!("Questions: {}", self.count)).width(160),
                        slider(
                            *self.counts.start() as u32..=*self.counts.end() as u32,
                            self.count as u32,
                            Message::Count
                        )
                        .step(1u32)
                        .width(300)
                    ]
                    .spacing(theme::SPACE_M)
                    .align_y(Center),
                    limits,
                    note,
                    row![
                        button(text("Start  [Enter]"))
                            .style(theme::primary)
                            .padding(theme::BUTTON_PADDING)
                            .on_press(Message::Start),
                        button(text("Back  [Esc]"))
                            .style(theme::secondary)
                            .padding(theme::BUTTON_PADDING)
                            .on_press(Message::Back)
                    ]
                    .spacing(theme::SPACE_M),
                ]
                .spacing(theme::SPACE_M);
                if let Some(p) = &self.problem {
                    c = c.push(text(p.as_str()).style(theme::wrong_text));
                }
                c.into()
            }
            Stage::Running { quiz, attempt } => {
                let (done, total) = quiz.progress();
                let mut top = row![text(format!("Question {} of {total}", done + 1)).width(Fill)]
                    .spacing(theme::SPACE_M);
                if let Some(left) = quiz.remaining(Utc::now()) {
                    let secs = left.as_secs();
                    top = top.push(text(format!("{}:{:02} left", secs / 60, secs % 60)));
                }
                top = top.push(
                    button(text("Stop  [Esc]"))
                        .style(theme::secondary)
                        .padding(theme::BUTTON_PADDING)
                        .on_press(Message::Back),
                );
                column![
                    top.align_y(Center),
                    iced::widget::progress_bar(0.0..=1.0, self.progress.now())
                        .girth(6)
                        .style(theme::progress),
                    note,
                    question_view(quiz, attempt, context)
                ]
                .spacing(theme::SPACE_L)
                .into()
            }
            Stage::Finished {
                quiz,
                result,
                stored,
            } => result_view(quiz, result, stored),
        };
        scrollable(
            container(container(body).max_width(theme::CONTENT_WIDTH))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .id(SCROLL)
        .into()
    }
}

pub const SCROLL: &str = "quiz";

type ButtonStyle = fn(&iced::Theme, button::Status) -> button::Style;

fn result_view<'a>(
    quiz: &'a scored::Quiz,
    result: &'a TestResult,
    stored: &'a Option<Result<(), String>>,
) -> Element<'a, Message> {
    let seconds = result.duration_ms / 1000;
    let mut c = column![
        text(format!(
            "Score: {} of {} ({:.0} %)",
            result.correct(),
            result.answers.len(),
            result.score() * 100.0
        ))
        .size(theme::SIZE_TITLE)
        .font(theme::BOLD),
        text(format!("Time: {}:{:02}", seconds / 60, seconds % 60)),
    ]
    .spacing(theme::SPACE_M);
    if let Some(Err(e)) = stored {
        c = c.push(text(format!("This result could not be saved: {e}")).style(theme::wrong_text));
    }
    // The main action is to retry what was missed; with nothing missed, it is going back.
    let missed = result.correct() < result.answers.len();
    let (retry, back): (ButtonStyle, ButtonStyle) = if missed {
        (theme::primary, theme::secondary)
    } else {
        (theme::secondary, theme::primary)
    };
    c = c.push(
        row![
            button(text("Retry the ones I missed  [R]"))
                .style(retry)
                .padding(theme::BUTTON_PADDING)
                .on_press_maybe(missed.then_some(Message::RetryMissed)),
            button(text("Back to the library  [Enter]"))
                .style(back)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::Back),
        ]
        .spacing(theme::SPACE_M),
    );
    for (i, (a, q)) in result.answers.iter().zip(quiz.questions()).enumerate() {
        let prompt = q.question.prompt();
        let mut item = column![
            text(format!("{}. {prompt}", i + 1)).font(theme::BOLD),
            text(format!(
                "{} Your answer: {}",
                if a.correct {
                    "✓ Right."
                } else {
                    "✗ Wrong."
                },
                if a.given.is_empty() {
                    "(none)"
                } else {
                    &a.given
                }
            ))
            .style(if a.correct {
                theme::right_text
            } else {
                theme::wrong_text
            }),
        ]
        .spacing(4);
        if !a.correct {
            item = item.push(text(format!("Right answer: {}", a.expected)));
        }
        if !q.explanation.is_empty() {
            item = item.push(text(q.explanation.as_str()).size(theme::SIZE_SMALL));
        }
        for line in &q.citations {
            item = item.push(
                text(line.as_str())
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            );
        }
        c = c.push(
            container(item)
                .padding(theme::CARD_PADDING)
                .width(Fill)
                .style(theme::verdict_card(if a.correct {
                    theme::OptionState::Right
                } else {
                    theme::OptionState::Wrong
                })),
        );
    }
    c.into()
}

/// The question asked, with the card's picture above it and a map question's map.
fn question_view<'a>(
    quiz: &'a scored::Quiz,
    attempt: &'a Attempt,
    context: &'a Context,
) -> Element<'a, Message> {
    let Some(q) = quiz.current() else {
        return column![].into();
    };
    let deck = q.card.deck.as_str();
    let mut c = column![].spacing(theme::SPACE_M);
    if let Some(image) = context.card(&q.card).and_then(|card| card.image.as_ref()) {
        c = c.push(picture::view(
            context.picture(deck, image),
            image,
            picture::PROMPT_PICTURE_HEIGHT,
        ));
    }
    let map = attempt
        .question
        .own_image()
        .map_or(Shown::Loading, |m| context.picture(deck, m));
    c.push(attempt.view(map).map(Message::Question)).into()
}
