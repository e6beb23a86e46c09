//! Asking one question: the learner's answer in progress for each question kind, its keys and its view.
//! Study and test screens both use it; checking the answer is `answer::check`'s job.

use super::map::{MapView, Outcome};
use super::picture::{self, Shown};
use crate::answer::{self, Checked, Detail, DiffOp, Response};
use crate::deck::{Question, Spot, cloze};
use crate::gui::theme;
use crate::gui::widget::button;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, column, container, rich_text, row, span, text, text_input};
use iced::{Center, Element, Fill, Task};
use rand::Rng;

#[derive(Debug, Clone)]
pub enum Message {
    Reveal,
    /// An option by its position on screen.
    Option(usize),
    TrueFalse(bool),
    Typed(String),
    Blank(usize, String),
    /// Enter in a blank that is not the last: on to the next one.
    NextBlank(usize),
    /// An order item by its position on screen.
    SelectItem(usize),
    Move {
        from: usize,
        up: bool,
    },
    PickLeft(usize),
    /// A right-hand side by its position on screen.
    PickRight(usize),
    Number(String),
    /// A place pointed at on a map question's map, in the map's units.
    Point(Spot),
    /// Moves the map's crosshair by a share of the map's width and height.
    Nudge(f64, f64),
    Submit,
}

/// The learner's answer in progress for one question.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub question: Question,
    /// Option indices in the order shown (multiple choice); pair indices of the right sides (match).
    shown: Vec<usize>,
    chosen: Vec<usize>,
    typed: String,
    blanks: Vec<String>,
    /// The learner's sequence of item indices (order).
    sequence: Vec<usize>,
    selected: Option<usize>,
    /// For each left side, the pair index of the right side chosen (match).
    pairs: Vec<Option<usize>>,
    revealed: bool,
    /// Why the last attempt to check was refused (not a number, a pair missing); cleared by editing.
    hint: Option<String>,
    /// Asked in a scored test, where giving up (Reveal) is not offered.
    scored: bool,
    /// The learner gave up ("I don't know"): the answer is shown and counted as not known.
    gave_up: bool,
    /// Where the keyboard's crosshair is on a map question's map, once an arrow key moved it.
    crosshair: Option<Spot>,
    map_size: Option<crate::deck::media::Size>,
    /// What was submitted, once it was.
    pub response: Option<Response>,
}

pub const INPUT_ID: &str = "answer-input";

pub fn blank_id(i: usize) -> Id {
    Id::from(format!("blank-{i}"))
}

impl Attempt {
    pub fn new(question: Question, rng: &mut impl Rng) -> Self {
        let (shown, sequence, pairs, blanks) = match &question {
            Question::MultipleChoice { options, .. } => (
                answer::shuffled_options(options.len(), rng),
                vec![],
                vec![],
                vec![],
            ),
            Question::Order { items, .. } => (
                vec![],
                answer::shuffled_order(items.len(), rng),
                vec![],
                vec![],
            ),
            Question::Match { pairs, .. } => (
                answer::shuffled_match(pairs.len(), rng),
                vec![],
                vec![None; pairs.len()],
                vec![],
            ),
            Question::Cloze { text } => (
                vec![],
                vec![],
                vec![],
                vec![String::new(); cloze::blanks(text).len()],
            ),
            // The right place (0) hides among the markers (1…).
            Question::MapPoint { markers, .. } if !markers.is_empty() => (
                answer::shuffled_options(markers.len() + 1, rng),
                vec![],
                vec![],
                vec![],
            ),
            _ => (vec![], vec![], vec![], vec![]),
        };
        Attempt {
            question,
            shown,
            chosen: Vec::new(),
            typed: String::new(),
            blanks,
            sequence,
            selected: None,
            pairs,
            revealed: false,
            hint: None,
            scored: false,
            gave_up: false,
            crosshair: None,
            map_size: None,
            response: None,
        }
    }

    /// A map question's places to choose from, in the order they are numbered on the map.
    fn map_choices(&self) -> Vec<Spot> {
        let Question::MapPoint {
            target, markers, ..
        } = &self.question
        else {
            return Vec::new();
        };
        self.shown
            .iter()
            .filter_map(|&i| match i {
                0 => Some(*target),
                i => markers.get(i - 1).map(|m| m.spot()),
            })
            .collect()
    }

    /// The same question asked in a scored test: no Reveal button.
    pub fn scored(mut self) -> Self {
        self.scored = true;
        self
    }

    /// The focus to give when the question appears: the text field of kinds that are typed.
    pub fn focus(&self) -> Task<Message> {
        match self.question {
            Question::TypeAnswer { .. } | Question::Number { .. } => {
                iced::widget::operation::focus(Id::new(INPUT_ID))
            }
            Question::Cloze { .. } => iced::widget::operation::focus(blank_id(0)),
            _ => Task::none(),
        }
    }

    /// The focus to move to after a message: Enter in a blank that is not the last moves to the next.
    pub fn focus_for(message: &Message) -> Task<Message> {
        match message {
            Message::NextBlank(i) => iced::widget::operation::focus(blank_id(i + 1)),
            _ => Task::none(),
        }
    }

    /// Gives up on the question ("I don't know"): submits an answer that is wrong for every kind,
    /// so the checker shows the right one and only Again is offered. A flashcard has nothing to
    /// give up (its back is shown and the learner rates), so it returns `None`, as does a question
    /// already answered.
    pub fn give_up(&mut self) -> Option<Response> {
        if self.response.is_some() {
            return None;
        }
        let nothing = match &self.question {
            Question::Flashcard { .. } => return None,
            // True or false has no empty answer; "neither" is wrong whatever the statement.
            Question::MultipleChoice { .. } | Question::TrueFalse { .. } => {
                Response::Choices(Vec::new())
            }
            Question::TypeAnswer { .. } => Response::Typed(String::new()),
            Question::Cloze { .. } => Response::Blanks(vec![String::new(); self.blanks.len()]),
            Question::Order { .. } => Response::Order(Vec::new()),
            Question::Match { pairs, .. } => Response::Match(vec![None; pairs.len()]),
            Question::Number { .. } => Response::Number(String::new()),
            Question::MapPoint { .. } => Response::Place(None),
        };
        self.gave_up = true;
        self.submit(nothing)
    }

    pub fn gave_up(&self) -> bool {
        self.gave_up
    }

    /// Nothing answered yet: no text typed, no option chosen, no pair made (an order always has one).
    pub fn is_blank(&self) -> bool {
        match &self.question {
            Question::Flashcard { .. } | Question::Order { .. } => false,
            Question::MultipleChoice { .. } => self.chosen.is_empty(),
            Question::TrueFalse { .. } => true,
            Question::TypeAnswer { .. } | Question::Number { .. } => self.typed.trim().is_empty(),
            Question::Cloze { .. } => self.blanks.iter().all(|b| b.trim().is_empty()),
            Question::Match { .. } => self.pairs.iter().all(Option::is_none),
            Question::MapPoint { .. } => self.crosshair.is_none(),
        }
    }

    /// Why checking was refused, to show beside the answer.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Option indices in the order shown (multiple choice), or right sides' pair indices (match).
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The learner's current order of item indices (order questions).
    pub fn sequence(&self) -> &[usize] {
        &self.sequence
    }

    pub fn is_multiple_answer(&self) -> bool {
        matches!(&self.question, Question::MultipleChoice { correct, .. } if correct.len() > 1)
    }

    /// Applies a message; returns the response once the learner submits.
    pub fn update(&mut self, message: Message) -> Option<Response> {
        if self.response.is_some() {
            return None;
        }
        match message {
            Message::Reveal => {
                if matches!(self.question, Question::Flashcard { .. }) {
                    self.revealed = true;
                    return self.submit(Response::Revealed);
                }
                if matches!(self.question, Question::Cloze { .. }) {
                    // Giving up on a cloze shows the answer; it counts as not known.
                    return self.give_up();
                }
            }
            Message::Option(position) => {
                let &index = self.shown.get(position)?;
                if self.is_multiple_answer() {
                    if let Some(at) = self.chosen.iter().position(|&c| c == index) {
                        self.chosen.remove(at);
                    } else {
                        self.chosen.push(index);
                    }
                } else {
                    return self.submit(Response::Choices(vec![index]));
                }
            }
            Message::TrueFalse(value) => {
                if matches!(self.question, Question::TrueFalse { .. }) {
                    return self.submit(Response::TrueFalse(value));
                }
            }
            Message::Typed(t) | Message::Number(t) => {
                self.typed = t;
                self.hint = None;
            }
            Message::Blank(i, t) => {
                if let Some(b) = self.blanks.get_mut(i) {
                    *b = t;
                }
            }
            Message::NextBlank(_) => {}
            Message::SelectItem(position) => {
                if position < self.sequence.len() {
                    self.selected = if self.selected == Some(position) {
                        None
                    } else {
                        Some(position)
                    };
                }
            }
            Message::Move { from, up } => {
                let to = if up {
                    from.checked_sub(1)
                } else {
                    Some(from + 1)
                };
                if let Some(to) = to.filter(|&t| t < self.sequence.len()) {
                    self.sequence.swap(from, to);
                    self.selected = Some(to);
                }
            }
            Message::PickLeft(left) => {
                if left < self.pairs.len() {
                    self.selected = Some(left);
                }
            }
            Message::PickRight(position) => {
                if let (Some(left), Some(&right)) = (self.selected, self.shown.get(position)) {
                    // A right side belongs to one left side at a time.
                    for p in self.pairs.iter_mut() {
                        if *p == Some(right) {
                            *p = None;
                        }
                    }
                    self.pairs[left] = Some(right);
                    self.selected = self.pairs.iter().position(Option::is_none);
                    self.hint = None;
                }
            }
            Message::Point(spot) => {
                if matches!(self.question, Question::MapPoint { .. }) {
                    return self.submit(Response::Place(Some(spot)));
                }
            }
            Message::Nudge(dx, dy) => {
                if let Some(size) = self.map_size() {
                    let at = self.crosshair.unwrap_or(Spot {
                        x: size.width / 2.0,
                        y: size.height / 2.0,
                    });
                    self.crosshair = Some(Spot {
                        x: (at.x + dx * size.width).clamp(0.0, size.width),
                        y: (at.y + dy * size.height).clamp(0.0, size.height),
                    });
                }
            }
            Message::Submit => return self.submit_current(),
        }
        None
    }

    fn submit_current(&mut self) -> Option<Response> {
        let response = match &self.question {
            Question::Flashcard { .. } => Response::Revealed,
            Question::MultipleChoice { .. } => {
                if self.chosen.is_empty() {
                    return None;
                }
                Response::Choices(self.chosen.clone())
            }
            Question::TrueFalse { .. } => return None,
            Question::TypeAnswer { .. } => {
                if self.typed.trim().is_empty() {
                    return None;
                }
                Response::Typed(self.typed.clone())
            }
            Question::Cloze { .. } => Response::Blanks(self.blanks.clone()),
            Question::Order { .. } => Response::Order(self.sequence.clone()),
            Question::Match { .. } => {
                let missing = self.pairs.iter().filter(|p| p.is_none()).count();
                if missing > 0 {
                    self.hint = Some(format!(
                        "Pair every item before checking: {missing} still without a partner."
                    ));
                    return None;
                }
                Response::Match(self.pairs.clone())
            }
            Question::Number { unit, .. } => {
                if let Err(e) = answer::read_number(&self.typed, unit.as_deref()) {
                    // Not an answer: ask again rather than grade it.
                    self.hint = Some(format!("Type a number: {e}."));
                    return None;
                }
                Response::Number(self.typed.clone())
            }
            Question::MapPoint { .. } => Response::Place(Some(self.crosshair?)),
        };
        self.submit(response)
    }

    fn submit(&mut self, response: Response) -> Option<Response> {
        self.selected = None;
        self.hint = None;
        self.response = Some(response.clone());
        Some(response)
    }

    /// Keys for this question while no text field has focus.
    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if self.response.is_some() || modifiers.control() || modifiers.alt() {
            return None;
        }
        let digit = match key.as_ref() {
            Key::Character(c) => c.parse::<usize>().ok().filter(|d| (1..=9).contains(d)),
            _ => None,
        };
        let letter = match key.as_ref() {
            Key::Character(c) => c.chars().next().filter(|c| c.is_ascii_lowercase()),
            _ => None,
        };
        match (&self.question, key.as_ref()) {
            (Question::Flashcard { .. }, Key::Named(Named::Space | Named::Enter)) => {
                Some(Message::Reveal)
            }
            (Question::MultipleChoice { .. }, Key::Named(Named::Enter)) => Some(Message::Submit),
            (Question::MultipleChoice { .. }, _) => digit.map(|d| Message::Option(d - 1)),
            (Question::TrueFalse { .. }, Key::Character(c)) => match c.to_lowercase().as_str() {
                "t" => Some(Message::TrueFalse(true)),
                "f" => Some(Message::TrueFalse(false)),
                _ => None,
            },
            (Question::Order { .. }, Key::Named(Named::ArrowUp | Named::ArrowDown)) => {
                let up = matches!(key.as_ref(), Key::Named(Named::ArrowUp));
                match self.selected {
                    Some(from) => Some(Message::Move { from, up }),
                    None => Some(Message::SelectItem(if up {
                        self.sequence.len().saturating_sub(1)
                    } else {
                        0
                    })),
                }
            }
            (Question::Order { .. } | Question::Match { .. }, Key::Named(Named::Enter)) => {
                Some(Message::Submit)
            }
            (Question::Order { .. }, _) => digit.map(|d| Message::SelectItem(d - 1)),
            (Question::Match { .. }, _) => digit
                .map(|d| Message::PickLeft(d - 1))
                .or_else(|| letter.map(|l| Message::PickRight(usize::from(l as u8 - b'a')))),
            (Question::Cloze { .. }, Key::Named(Named::Enter)) => Some(Message::Submit),
            (Question::MapPoint { .. }, Key::Named(named)) => {
                // Shift moves a little at a time, for the last few steps.
                let step = if modifiers.shift() { 0.01 } else { 0.04 };
                match named {
                    Named::ArrowLeft => Some(Message::Nudge(-step, 0.0)),
                    Named::ArrowRight => Some(Message::Nudge(step, 0.0)),
                    Named::ArrowUp => Some(Message::Nudge(0.0, -step)),
                    Named::ArrowDown => Some(Message::Nudge(0.0, step)),
                    Named::Enter if self.crosshair.is_some() => Some(Message::Submit),
                    _ => None,
                }
            }
            (Question::MapPoint { .. }, _) => {
                let choices = self.map_choices();
                digit
                    .and_then(|d| choices.get(d - 1).copied())
                    .map(Message::Point)
            }
            _ => None,
        }
    }

    /// The size of a map question's map once it is read, for moving the crosshair.
    fn map_size(&self) -> Option<crate::deck::media::Size> {
        self.map_size
    }

    /// Tells a map question how large its map is, once it is read.
    pub fn set_map_size(&mut self, size: Option<crate::deck::media::Size>) {
        self.map_size = size;
    }

    /// The question and its answer controls, before checking; `map` is a map question's map.
    pub fn view<'a>(&'a self, map: Shown<'a>) -> Element<'a, Message> {
        let prompt = |t: String| text(t).size(theme::SIZE_QUESTION).width(Fill);
        let body: Element<'_, Message> = match &self.question {
            Question::Flashcard { front, back } => {
                let mut c = column![prompt(front.clone())].spacing(theme::SPACE_L);
                if self.revealed {
                    c = c.push(text(back.clone()).size(theme::SIZE_QUESTION));
                } else {
                    c = c.push(hint_button("Show answer", "Space", Message::Reveal));
                }
                c.into()
            }
            Question::MultipleChoice {
                prompt: p, options, ..
            } => {
                let multiple = self.is_multiple_answer();
                let mut c = column![prompt(p.clone())].spacing(theme::SPACE_M);
                if multiple {
                    c = c.push(muted_text("Choose every right answer, then press Enter."));
                }
                for (pos, &index) in self.shown.iter().enumerate() {
                    let chosen = self.chosen.contains(&index);
                    let mark = if multiple {
                        if chosen { "☑ " } else { "☐ " }
                    } else {
                        ""
                    };
                    let label = format!("{}  {mark}{}", pos + 1, options[index]);
                    c = c.push(
                        button(text(label).size(theme::SIZE_BODY))
                            .width(Fill)
                            .style(theme::option_row(if chosen {
                                theme::OptionState::Selected
                            } else {
                                theme::OptionState::Idle
                            }))
                            .on_press(Message::Option(pos)),
                    );
                }
                if multiple {
                    c = c.push(hint_button("Check", "Enter", Message::Submit));
                }
                c.into()
            }
            Question::TrueFalse { statement, .. } => column![
                prompt(statement.clone()),
                row![
                    hint_button("True", "T", Message::TrueFalse(true)),
                    hint_button("False", "F", Message::TrueFalse(false)),
                ]
                .spacing(theme::SPACE_M)
            ]
            .spacing(theme::SPACE_L)
            .into(),
            Question::TypeAnswer { prompt: p, .. } => column![
                prompt(p.clone()),
                text_input("Type your answer and press Enter", &self.typed)
                    .id(INPUT_ID)
                    .style(theme::input)
                    .on_input(Message::Typed)
                    .on_submit(Message::Submit)
                    .padding(10)
                    .size(theme::SIZE_QUESTION),
            ]
            .spacing(theme::SPACE_L)
            .into(),
            Question::Number {
                prompt: p, unit, ..
            } => {
                let mut r = row![
                    text_input("A number", &self.typed)
                        .id(INPUT_ID)
                        .style(theme::input)
                        .on_input(Message::Number)
                        .on_submit(Message::Submit)
                        .padding(10)
                        .width(220)
                        .size(theme::SIZE_QUESTION)
                ]
                .spacing(theme::SPACE_M)
                .align_y(Center);
                if let Some(u) = unit.as_deref().filter(|u| !u.is_empty()) {
                    r = r.push(text(u.to_owned()).size(theme::SIZE_QUESTION));
                }
                column![prompt(p.clone()), r].spacing(theme::SPACE_L).into()
            }
            Question::MapPoint {
                prompt: p,
                map: image,
                markers,
                ..
            } => {
                let how = if markers.is_empty() {
                    "Click the place on the map, or move the crosshair with the arrow keys (Shift for small steps) and press Enter."
                } else {
                    "Click the place on the map, or press its number."
                };
                let map_view: Element<'a, Message> = match map {
                    Shown::Ready(drawn) => MapView::new(drawn)
                        .markers(self.map_choices())
                        .crosshair(self.crosshair)
                        .on_point(Message::Point)
                        .view(picture::MAP_HEIGHT),
                    other => picture::view(other, image, picture::MAP_HEIGHT),
                };
                column![prompt(p.clone()), muted_text(how), map_view]
                    .spacing(theme::SPACE_M)
                    .into()
            }
            Question::Cloze { text: t } => {
                let mut c = column![prompt(cloze::masked(t))].spacing(theme::SPACE_M);
                let blanks = cloze::blanks(t);
                for (i, b) in blanks.iter().enumerate() {
                    let placeholder = match &b.hint {
                        Some(h) => format!("Blank {} ({h})", i + 1),
                        None => format!("Blank {}", i + 1),
                    };
                    // Enter fills the blanks in turn and checks from the last one.
                    let enter = if i + 1 < blanks.len() {
                        Message::NextBlank(i)
                    } else {
                        Message::Submit
                    };
                    c = c.push(
                        text_input(&placeholder, &self.blanks[i])
                            .id(blank_id(i))
                            .style(theme::input)
                            .on_input(move |s| Message::Blank(i, s))
                            .on_submit(enter)
                            .padding(8)
                            .size(theme::SIZE_BODY),
                    );
                }
                c.push(muted_text(
                    "Tab or Enter moves to the next blank (Shift+Tab back); Enter in the last one checks.",
                ))
                    .push({
                        // Giving up is the study screen's "I don't know" button, for every kind.
                        row![hint_button("Check", "Enter", Message::Submit)].spacing(theme::SPACE_M)
                    })
                    .into()
            }
            Question::Order { prompt: p, items } => {
                let mut c = column![
                    prompt(p.clone()),
                    muted_text("Earliest first. Select an item (its number, or click), move it with ↑ ↓; Enter checks.")
                ]
                .spacing(theme::SPACE_S);
                for (pos, &item) in self.sequence.iter().enumerate() {
                    let selected = self.selected == Some(pos);
                    c = c.push(
                        row![
                            button(
                                text(format!("{}  {}", pos + 1, items[item]))
                                    .size(theme::SIZE_BODY)
                            )
                            .width(Fill)
                            .style(theme::option_row(if selected {
                                theme::OptionState::Selected
                            } else {
                                theme::OptionState::Idle
                            }))
                            .on_press(Message::SelectItem(pos)),
                            button(text("↑")).style(theme::secondary).on_press_maybe(
                                (pos > 0).then_some(Message::Move {
                                    from: pos,
                                    up: true
                                })
                            ),
                            button(text("↓")).style(theme::secondary).on_press_maybe(
                                (pos + 1 < self.sequence.len()).then_some(Message::Move {
                                    from: pos,
                                    up: false
                                })
                            ),
                        ]
                        .spacing(theme::SPACE_S),
                    );
                }
                c.push(hint_button("Check", "Enter", Message::Submit))
                    .into()
            }
            Question::Match { prompt: p, pairs } => {
                let mut lefts = column![].spacing(theme::SPACE_S).width(Fill);
                for (i, (left, _)) in pairs.iter().enumerate() {
                    let chosen = self.pairs[i]
                        .and_then(|r| self.shown.iter().position(|&s| s == r))
                        .map(|pos| format!("  → {}", letter(pos)))
                        .unwrap_or_default();
                    lefts = lefts.push(
                        button(text(format!("{}  {left}{chosen}", i + 1)).size(theme::SIZE_BODY))
                            .width(Fill)
                            .style(theme::option_row(if self.selected == Some(i) {
                                theme::OptionState::Selected
                            } else {
                                theme::OptionState::Idle
                            }))
                            .on_press(Message::PickLeft(i)),
                    );
                }
                let mut rights = column![].spacing(theme::SPACE_S).width(Fill);
                for (pos, &r) in self.shown.iter().enumerate() {
                    // A paired side says whose partner it is; it is not coloured, which would read
                    // as "right" before anything was checked.
                    let partner = self
                        .pairs
                        .iter()
                        .position(|&p| p == Some(r))
                        .map(|left| format!("  ← {}", left + 1))
                        .unwrap_or_default();
                    rights = rights.push(
                        button(
                            text(format!("{}  {}{partner}", letter(pos), pairs[r].1))
                                .size(theme::SIZE_BODY),
                        )
                        .width(Fill)
                        .style(PAIRED_STYLE)
                        .on_press(Message::PickRight(pos)),
                    );
                }
                column![
                    prompt(p.clone()),
                    muted_text(
                        "Pick a left item (1, 2 …), then its partner (a, b …). Enter checks."
                    ),
                    row![lefts, rights].spacing(theme::SPACE_L),
                    hint_button("Check", "Enter", Message::Submit)
                ]
                .spacing(theme::SPACE_M)
                .into()
            }
        };
        let mut page = column![body].spacing(theme::SPACE_M);
        if let Some(hint) = &self.hint {
            page = page.push(
                text(format!("⚠ {hint}"))
                    .size(theme::SIZE_BODY)
                    .style(theme::wrong_text),
            );
        }
        container(page).max_width(theme::CONTENT_WIDTH).into()
    }
}

/// The style of a right-hand side in matching, paired or not. Pairing is not checking: a paired side
/// looks like any other (its label names its partner), never like a right answer.
const PAIRED_STYLE: fn(&iced::Theme, button::Status) -> button::Style = theme::option_idle;

fn letter(position: usize) -> char {
    (b'a' + (position as u8 % 26)) as char
}

fn muted_text<'a, M: 'a>(t: &'a str) -> Element<'a, M> {
    text(t)
        .size(theme::SIZE_SMALL)
        .style(theme::muted_text)
        .into()
}

/// A button whose label shows its key, e.g. "True  [T]".
pub fn hint_button<'a, M: Clone + std::fmt::Debug + 'a>(
    label: &str,
    key: &str,
    message: M,
) -> Element<'a, M> {
    let label = if key.is_empty() {
        label.to_owned()
    } else {
        format!("{label}  [{key}]")
    };
    button(text(label).size(theme::SIZE_BODY))
        .padding(theme::BUTTON_PADDING)
        .style(theme::secondary)
        .on_press(message)
        .into()
}

/// What the learner sees after checking: right or wrong, the right answer, and for typed answers the slip.
pub fn result_view<'a, M: 'a>(
    question: &'a Question,
    checked: &'a Checked,
    given: String,
) -> Element<'a, M> {
    let verdict_line = text(verdict(checked))
        .size(theme::SIZE_TITLE)
        .font(theme::BOLD)
        .style(verdict_style(checked));
    let mut c = column![verdict_line].spacing(theme::SPACE_M);
    if !matches!(checked.detail, Detail::SelfGraded) && !given.is_empty() {
        c = c.push(text(format!("Your answer: {given}")).size(theme::SIZE_BODY));
    }
    if let Detail::Typed(t) = &checked.detail
        && (t.almost || !t.correct)
    {
        c = c.push(diff_view(&t.diff));
    }
    c = c.push(
        text(format!("Correct answer: {}", question.answer_text()))
            .size(theme::SIZE_BODY)
            .font(theme::BOLD),
    );
    c.into()
}

/// How one option, item or pair fared, shown in place after checking: a symbol and a word for
/// each, so that no verdict rests on its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Chosen (or placed, or paired) and right.
    Right,
    /// Chosen and wrong.
    Wrong,
    /// A right answer the learner did not choose.
    Missed,
    /// Neither chosen nor right.
    Plain,
}

impl Mark {
    fn of(chosen: bool, right: bool) -> Mark {
        match (chosen, right) {
            (true, true) => Mark::Right,
            (true, false) => Mark::Wrong,
            (false, true) => Mark::Missed,
            (false, false) => Mark::Plain,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Right => "✓",
            Mark::Wrong => "✗",
            Mark::Missed => "○",
            Mark::Plain => " ",
        }
    }

    /// The word beside the symbol, for an option the learner could choose.
    fn word(self) -> &'static str {
        match self {
            Mark::Right => "your answer, right",
            Mark::Wrong => "your answer, wrong",
            Mark::Missed => "right answer, missed",
            Mark::Plain => "",
        }
    }

    /// The option row's style for this mark.
    fn option_state(self) -> theme::OptionState {
        match self {
            Mark::Right => theme::OptionState::Right,
            Mark::Wrong => theme::OptionState::Wrong,
            Mark::Missed => theme::OptionState::Missed,
            Mark::Plain => theme::OptionState::Idle,
        }
    }
}

/// One marked line: the symbol, the text, and what the mark means in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedLine {
    pub mark: Mark,
    pub text: String,
    pub note: String,
}

impl MarkedLine {
    /// The line as read aloud or searched for: "✓ Japan — your answer, right".
    pub fn label(&self) -> String {
        if self.note.is_empty() {
            format!("{}  {}", self.mark.symbol(), self.text)
        } else {
            format!("{}  {} — {}", self.mark.symbol(), self.text, self.note)
        }
    }
}

/// Each option, item or pair of a checked answer, marked in place, in the order it was shown:
/// choices and true/false mark each option; an order marks each item of the learner's sequence
/// and names the place it belongs in; a match marks each pair and names the right partner of a
/// wrong one. Kinds answered in words (typed, cloze, number) and flashcards have none: their
/// difference is shown letter by letter instead.
pub fn marked_lines(question: &Question, shown: &[usize], response: &Response) -> Vec<MarkedLine> {
    let line = |mark: Mark, text: String, note: String| MarkedLine { mark, text, note };
    match (question, response) {
        (
            Question::MultipleChoice {
                options, correct, ..
            },
            Response::Choices(chosen),
        ) => shown
            .iter()
            .filter_map(|&i| Some((i, options.get(i)?)))
            .map(|(i, option)| {
                let mark = Mark::of(chosen.contains(&i), correct.contains(&i));
                line(mark, option.clone(), mark.word().to_owned())
            })
            .collect(),
        (Question::TrueFalse { answer, .. }, response) => {
            let given = match response {
                Response::TrueFalse(b) => Some(*b),
                _ => None,
            };
            [true, false]
                .into_iter()
                .map(|value| {
                    let mark = Mark::of(given == Some(value), *answer == value);
                    let text = if value { "True" } else { "False" };
                    line(mark, text.to_owned(), mark.word().to_owned())
                })
                .collect()
        }
        (Question::Order { items, .. }, Response::Order(sequence)) => {
            let place = |i: usize| ordinal(i + 1);
            if sequence.is_empty() {
                // Given up: the right order, each item in its place.
                return items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        line(Mark::Missed, format!("{}. {item}", i + 1), String::new())
                    })
                    .collect();
            }
            sequence
                .iter()
                .enumerate()
                .filter_map(|(pos, &item)| Some((pos, item, items.get(item)?)))
                .map(|(pos, item, text)| {
                    let text = format!("{}. {text}", pos + 1);
                    // By text, as the checker compares: equal items may stand in either place.
                    if items.get(item) == items.get(pos) {
                        line(Mark::Right, text, "in place".to_owned())
                    } else {
                        line(Mark::Wrong, text, format!("belongs {}", place(item)))
                    }
                })
                .collect()
        }
        (Question::Match { pairs, .. }, Response::Match(chosen)) => pairs
            .iter()
            .enumerate()
            .map(|(left, (l, r))| {
                let given = chosen.get(left).copied().flatten();
                match given.and_then(|g| pairs.get(g)) {
                    Some((_, given_right)) if given_right == r => {
                        line(Mark::Right, format!("{l} — {r}"), "right pair".to_owned())
                    }
                    Some((_, wrong)) => line(
                        Mark::Wrong,
                        format!("{l} — {wrong}"),
                        format!("wrong pair; {l} goes with {r}"),
                    ),
                    None => line(Mark::Missed, format!("{l} — {r}"), "not paired".to_owned()),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// "1st", "2nd", "3rd", "4th" … for the place an item belongs in.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// What the learner sees after checking in study: the verdict, each option marked in place (or,
/// for an answer in words, the difference letter by letter), and the right answer.
/// `shown` is how far the verdict has faded in, 0 to 1.
pub fn feedback_view<'a, M: Clone + std::fmt::Debug + 'a>(
    attempt: &'a Attempt,
    checked: &'a Checked,
    overridden: bool,
    map: Shown<'a>,
    shown: f32,
) -> Element<'a, M> {
    let question = &attempt.question;
    let (words, style): (&str, fn(&iced::Theme) -> text::Style) = if overridden {
        ("✓ Accepted as right — you said so", theme::right_text)
    } else if attempt.gave_up {
        ("✗ Not known — here is the answer", theme::wrong_text)
    } else {
        (verdict(checked), verdict_style(checked))
    };
    let verdict_line: Element<'a, M> = text(words)
        .size(theme::SIZE_TITLE)
        .font(theme::BOLD)
        .style(move |t: &iced::Theme| {
            let full = style(t);
            let color = full.color.unwrap_or(t.palette().text);
            text::Style {
                color: Some(iced::Color {
                    a: color.a * shown.clamp(0.0, 1.0),
                    ..color
                }),
            }
        })
        .into();
    let mut c = column![verdict_line].spacing(theme::SPACE_M);
    let Some(response) = &attempt.response else {
        return c.into();
    };
    if let (
        Question::MapPoint {
            answer: name,
            target,
            radius,
            markers,
            ..
        },
        Response::Place(given),
        Shown::Ready(drawn),
    ) = (question, response, map)
    {
        let outcome = Outcome {
            given: *given,
            right: checked.correct,
            target: *target,
            radius: *radius,
            answer: name.clone(),
            others: markers
                .iter()
                .map(|m| (m.spot(), m.label.clone()))
                .collect(),
        };
        c = c.push(
            MapView::new(drawn)
                .outcome(outcome)
                .view(picture::MAP_HEIGHT),
        );
    }
    let lines = marked_lines(question, &attempt.shown, response);
    if lines.is_empty() {
        let given = answer::describe(question, response);
        if !matches!(checked.detail, Detail::SelfGraded) && !given.is_empty() {
            c = c.push(text(format!("Your answer: {given}")).size(theme::SIZE_BODY));
        }
        if let Detail::Typed(t) = &checked.detail
            && (t.almost || !t.correct)
            && !attempt.gave_up
        {
            c = c.push(diff_view(&t.diff));
        }
    } else {
        let mut marks = column![].spacing(theme::SPACE_S);
        for l in lines {
            marks = marks.push(marked_line_view(l));
        }
        c = c.push(marks);
    }
    // A flashcard's back is its answer; every other kind names the right one.
    let answer = if matches!(checked.detail, Detail::SelfGraded) {
        question.answer_text()
    } else {
        format!("Correct answer: {}", question.answer_text())
    };
    c = c.push(text(answer).size(theme::SIZE_BODY).font(theme::BOLD));
    c.into()
}

/// A marked line as the option row it was, now in its verdict's style (`theme::option_row`: the
/// fill and edge of right, wrong or missed) with the symbol and the words in the text, so the
/// verdict never rests on colour alone. Checked rows no longer take presses.
fn marked_line_view<'a, M: Clone + std::fmt::Debug + 'a>(line: MarkedLine) -> Element<'a, M> {
    button(text(line.label()).size(theme::SIZE_BODY))
        .padding([6, 12])
        .width(Fill)
        .style(theme::option_row(line.mark.option_state()))
        .into()
}

/// The verdict, in words with a symbol, so that it never rests on its colour: ✓ right, ≈ almost
/// (counted right), ✗ not quite.
pub fn verdict(checked: &Checked) -> &'static str {
    match (&checked.detail, checked.correct, checked.almost) {
        (Detail::SelfGraded, ..) => "How well did you recall it?",
        (_, true, true) => "≈ Almost — counted right",
        (_, true, false) => "✓ Right",
        (_, false, _) => "✗ Not quite",
    }
}

/// The verdict's colour, beside its symbol and words.
fn verdict_style(checked: &Checked) -> fn(&iced::Theme) -> text::Style {
    match (&checked.detail, checked.correct) {
        (Detail::SelfGraded, _) => text::default,
        _ if checked.almost => theme::almost_text,
        (_, true) => theme::right_text,
        (_, false) => theme::wrong_text,
    }
}

/// The typed text against the accepted answer: missing letters underlined, extra ones struck
/// through, in the text colour (the marks, not a colour, say which is which).
fn diff_view<'a, M: 'a>(diff: &'a [answer::DiffRun]) -> Element<'a, M> {
    let spans: Vec<iced::widget::text::Span<'a, std::convert::Infallible>> = diff
        .iter()
        .map(|run| match run.op {
            DiffOp::Same => span(run.text.as_str()),
            DiffOp::Missing => span(run.text.as_str()).underline(true),
            DiffOp::Extra => span(run.text.as_str()).strikethrough(true),
        })
        .collect();
    column![
        row![
            text("Difference: ").size(theme::SIZE_BODY),
            rich_text(spans).size(theme::SIZE_BODY)
        ],
        muted_text(
            "Underlined: letters missing from your answer. Struck through: letters to leave out."
        )
    ]
    .spacing(4)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::Theme;
    use rand::SeedableRng;

    #[test]
    fn a_checked_option_takes_the_row_style_of_its_verdict() {
        for theme in [Theme::Light, Theme::Dark] {
            let look = |s: button::Style| (s.background, s.border.color);
            let row = |mark: Mark| {
                look(theme::option_row(mark.option_state())(
                    &theme,
                    button::Status::Disabled,
                ))
            };
            let rows = [Mark::Right, Mark::Wrong, Mark::Missed, Mark::Plain].map(row);
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    assert_ne!(a, b, "each verdict has a fill or an edge of its own");
                }
            }
            assert_eq!(
                row(Mark::Plain),
                look(theme::option_row(theme::OptionState::Idle)(
                    &theme,
                    button::Status::Active
                ))
            );
        }
    }

    #[test]
    fn a_paired_answer_in_matching_looks_like_an_unpaired_one_not_like_a_right_one() {
        for theme in [Theme::Light, Theme::Dark] {
            let paired = PAIRED_STYLE(&theme, button::Status::Active);
            let unpaired =
                theme::option_row(theme::OptionState::Idle)(&theme, button::Status::Active);
            let success =
                theme::option_row(theme::OptionState::Right)(&theme, button::Status::Active);
            assert_eq!(paired.background, unpaired.background);
            assert_ne!(paired.background, success.background);
        }
    }

    #[test]
    fn an_order_names_where_each_misplaced_item_belongs_and_a_match_the_right_partner() {
        let order = Question::Order {
            prompt: "Earliest first".into(),
            items: vec!["Dairen".into(), "Changchun".into(), "Beijing".into()],
        };
        let lines = marked_lines(&order, &[], &Response::Order(vec![1, 0, 2]));
        let labels: Vec<String> = lines.iter().map(MarkedLine::label).collect();
        assert_eq!(
            labels,
            [
                "✗  1. Changchun — belongs 2nd",
                "✗  2. Dairen — belongs 1st",
                "✓  3. Beijing — in place"
            ]
        );
        let pairs = Question::Match {
            prompt: "Who spoke for whom?".into(),
            pairs: vec![
                ("Matsudaira".into(), "Japan".into()),
                ("Joffe".into(), "RSFSR".into()),
            ],
        };
        let lines = marked_lines(&pairs, &[], &Response::Match(vec![Some(1), Some(1)]));
        assert_eq!(
            lines[0].label(),
            "✗  Matsudaira — RSFSR — wrong pair; Matsudaira goes with Japan"
        );
        assert_eq!(lines[1].label(), "✓  Joffe — RSFSR — right pair");
        // Every line that judges carries a symbol and words, never a colour alone.
        assert!(
            lines
                .iter()
                .all(|l| l.mark.symbol().trim() != "" && !l.note.is_empty())
        );
    }

    #[test]
    fn giving_up_is_wrong_for_every_kind_but_the_flashcard() {
        use crate::answer::check;
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let kinds = [
            Question::TrueFalse {
                statement: "1922".into(),
                answer: true,
            },
            Question::TypeAnswer {
                prompt: "Where?".into(),
                accepted: vec!["Changchun".into()],
            },
            Question::Cloze {
                text: "Met at {{Changchun}}.".into(),
            },
            Question::Number {
                prompt: "Year?".into(),
                answer: 1922.0,
                tolerance: 0.0,
                unit: None,
            },
        ];
        for q in kinds {
            let mut attempt = Attempt::new(q.clone(), &mut rng);
            let response = attempt.give_up().expect("a response");
            assert!(!check(&q, &response).correct, "{q:?}");
            assert!(attempt.gave_up() && attempt.give_up().is_none());
        }
        let card = Question::Flashcard {
            front: "Where?".into(),
            back: "Changchun".into(),
        };
        assert!(Attempt::new(card, &mut rng).give_up().is_none());
    }

    #[test]
    fn every_verdict_carries_a_symbol_and_a_word() {
        use crate::answer::{Response, check};
        let q = Question::TypeAnswer {
            prompt: "Which port?".into(),
            accepted: vec!["Vladivostok".into()],
        };
        for (typed, expected) in [
            ("Vladivostok", "✓ Right"),
            ("Vladivostk", "≈ Almost — counted right"),
            ("Harbin", "✗ Not quite"),
        ] {
            assert_eq!(
                verdict(&check(&q, &Response::Typed(typed.into()))),
                expected
            );
        }
    }
}
