//! The selected card's form: its id, topic and kind, a form for its question's kind, what is shown
//! after answering, and the learner's preview. Each input shows the findings about its own field.

use super::{CardText, Editor, MapClick, Message, card_input, finding};
use crate::answer;
use crate::deck::edit::{self, CardEdit, Direction, PictureSlot};
use crate::deck::{Card, Field, FieldPath, Image, Question, QuestionKind, cloze};
use crate::gui::context::Context;
use crate::gui::theme;
use crate::gui::widget::map::{MapView, Outcome};
use crate::gui::widget::picture::{self, Shown};
use crate::gui::widget::question::result_view;
use crate::gui::widget::{button, checkbox, pick_list, toggler};
use iced::widget::{Column, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

impl Editor {
    pub(super) fn card_form<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let Some((index, card)) = self
            .selected
            .and_then(|i| self.deck.cards.get(i).map(|c| (i, c)))
        else {
            return text("No card selected. Add one with Ctrl+N.").into();
        };
        let at = |field| FieldPath::Card(index, field);
        let input = card_input;
        let mut form = column![
            // Warnings about a missing explanation or source are placed at the card's id.
            self.field(
                "Card id",
                input(&card.id, "", CardText::Id),
                &[at(Field::Id)]
            ),
            self.field(
                "Topic",
                pick_list(self.deck.topics.clone(), Some(card.topic.clone()), |t| {
                    Message::Card(CardEdit::Topic(t))
                })
                .style(theme::select)
                .into(),
                &[at(Field::Topic)]
            ),
            self.field(
                "Kind",
                pick_list(
                    QuestionKind::ALL.to_vec(),
                    Some(card.question.kind()),
                    |k| Message::Card(CardEdit::Kind(k))
                )
                .style(theme::select)
                .into(),
                &[]
            ),
            self.picture_fields(index, card, PictureSlot::Prompt, context),
            self.question_form(index, card, context),
            self.field(
                "Tags",
                input(&self.drafts.tags, "comma separated", CardText::Tags),
                &[at(Field::Tags)]
            ),
            self.field(
                "Explanation",
                input(
                    &card.explanation,
                    "Why — shown after answering",
                    CardText::Explanation
                ),
                &[at(Field::Explanation)]
            ),
            self.picture_fields(index, card, PictureSlot::Explanation, context),
            self.field(
                "Sources",
                input(&self.drafts.sources, "separated by ;", CardText::Sources),
                &[at(Field::Sources)]
            ),
            button(text(if self.preview.is_some() {
                "Close preview  [Esc]"
            } else {
                "Preview as a learner"
            }))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::TogglePreview),
        ]
        .spacing(theme::SPACE_S);
        if let Some(preview) = self.preview_view(card, context) {
            form = form.push(
                container(preview)
                    .padding(theme::CARD_PADDING)
                    .style(theme::card),
            );
        }
        form.into()
    }

    /// The question as a learner sees it; once answered, the verdict as the study screen gives it.
    fn preview_view<'a>(
        &'a self,
        card: &'a Card,
        context: &'a Context,
    ) -> Option<Element<'a, Message>> {
        let preview = self.preview.as_ref()?;
        let Some(checked) = &preview.checked else {
            let map = card
                .question
                .own_image()
                .map_or(Shown::Loading, |m| self.shown(context, m));
            return Some(preview.attempt.view(map).map(Message::Preview));
        };
        let question = &preview.attempt.question;
        let given = preview
            .attempt
            .response
            .as_ref()
            .map(|r| answer::describe(question, r))
            .unwrap_or_default();
        let mut c = column![
            text(question.prompt()).size(theme::SIZE_QUESTION),
            result_view(question, checked, given),
        ]
        .spacing(theme::SPACE_M);
        if !card.explanation.is_empty() {
            c = c.push(text(card.explanation.as_str()));
        }
        c = c.push(
            button(text("Try again"))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::PreviewAgain),
        );
        Some(c.into())
    }

    /// A picture of the deck, as far as it is read.
    fn shown<'a>(&self, context: &'a Context, image: &Image) -> Shown<'a> {
        context.pictures.get(&self.media_root(), image)
    }

    /// A picture's file, description and credit, a button to choose the file, and the picture.
    fn picture_fields<'a>(
        &'a self,
        index: usize,
        card: &'a Card,
        slot: PictureSlot,
        context: &'a Context,
    ) -> Element<'a, Message> {
        let image = edit::picture(card, slot);
        let label = match slot {
            PictureSlot::Prompt => "Picture with the question",
            PictureSlot::Map => "Map",
            PictureSlot::Explanation => "Picture with the explanation",
        };
        let file = image.map_or("", |i| i.file.as_str());
        let chooser = row![
            text_input("e.g. maps/far-east.svg (PNG, JPEG or SVG)", file)
                .id(CardText::PictureFile(slot).id())
                .style(theme::input)
                .padding(theme::SPACE_S)
                .on_input(move |v| Message::CardText(CardText::PictureFile(slot), v))
                .width(Fill),
            button(text("Choose…"))
                .style(theme::secondary)
                .on_press(Message::ChoosePicture(slot)),
        ]
        .spacing(4)
        .align_y(Center);
        let mut c = column![self.field(
            label,
            chooser.into(),
            &[FieldPath::Card(index, slot.field())]
        )]
        .spacing(4);
        let Some(image) = image else {
            return c.into();
        };
        c = c.push(self.field(
            "Description",
            card_input(
                &image.alt,
                "What it shows, for anyone who cannot see it (required)",
                CardText::PictureAlt(slot),
            ),
            &[],
        ));
        c = c.push(self.field(
            "Credit",
            card_input(
                &image.credit,
                "Who made it, from what, under which licence",
                CardText::PictureCredit(slot),
            ),
            &[],
        ));
        if slot != PictureSlot::Map && crate::deck::media::check_path(&image.file).is_ok() {
            c = c.push(picture::view(self.shown(context, image), image, 160.0));
        }
        c.into()
    }

    /// A map question's map, on which a click sets the right place or the chosen marker.
    fn map_setter<'a>(&'a self, card: &'a Card, context: &'a Context) -> Element<'a, Message> {
        let Question::MapPoint {
            map,
            answer: name,
            target,
            radius,
            markers,
            ..
        } = &card.question
        else {
            return column![].into();
        };
        let mut choices = row![text("A click on the map sets:").size(theme::SIZE_SMALL)]
            .spacing(4)
            .align_y(Center);
        let what = std::iter::once((MapClick::Target, "the right place".to_owned())).chain(
            markers
                .iter()
                .enumerate()
                .map(|(i, m)| (MapClick::Marker(i), format!("marker {} {}", i + 1, m.label))),
        );
        for (click, label) in what {
            let style = if self.map_click == click {
                theme::primary
            } else {
                theme::secondary
            };
            choices = choices.push(
                button(text(label).size(theme::SIZE_SMALL))
                    .style(style)
                    .on_press(Message::MapClicks(click)),
            );
        }
        let drawn: Element<'a, Message> = match self.shown(context, map) {
            Shown::Ready(drawn) => MapView::new(drawn)
                .outcome(Outcome {
                    given: None,
                    right: true,
                    target: *target,
                    radius: *radius,
                    answer: if name.is_empty() {
                        "right place".to_owned()
                    } else {
                        name.clone()
                    },
                    others: markers
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (m.spot(), format!("{} {}", i + 1, m.label)))
                        .collect(),
                })
                .on_point(Message::MapClicked)
                .view(picture::MAP_HEIGHT),
            other => picture::view(other, map, 120.0),
        };
        column![
            iced::widget::scrollable(choices).direction(
                iced::widget::scrollable::Direction::Horizontal(
                    iced::widget::scrollable::Scrollbar::new()
                )
            ),
            drawn,
            text(format!(
                "Right place at ({}, {}) on the map.",
                target.x.round(),
                target.y.round()
            ))
            .size(theme::SIZE_SMALL),
        ]
        .spacing(4)
        .into()
    }

    fn question_form<'a>(
        &'a self,
        index: usize,
        card: &'a Card,
        context: &'a Context,
    ) -> Element<'a, Message> {
        let at = |field| [FieldPath::Card(index, field)];
        let line = |label: &'a str, value: &'a str, field: Field, to: CardText| {
            self.field(label, card_input(value, "", to), &at(field))
        };
        let hint = |s: &'a str| text(s).size(theme::SIZE_SMALL);
        let form: Column<'a, Message> = match &card.question {
            Question::Flashcard { front, back } => column![
                line("Front", front, Field::Front, CardText::Prompt),
                line("Back", back, Field::Back, CardText::Back),
            ],
            Question::MultipleChoice {
                prompt,
                options,
                correct,
            } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                self.field(
                    "Options",
                    items(options.iter().map(String::as_str), |i| {
                        Some(
                            checkbox(correct.contains(&i))
                                .label("correct")
                                .on_toggle(move |on| Message::Card(CardEdit::Correct(i, on)))
                                .into(),
                        )
                    }),
                    &[
                        FieldPath::Card(index, Field::Options),
                        FieldPath::Card(index, Field::Correct)
                    ]
                ),
            ],
            Question::TrueFalse {
                statement,
                answer: truth,
            } => column![
                line("Statement", statement, Field::Statement, CardText::Prompt),
                self.field(
                    "Answer",
                    toggler(*truth)
                        .label(if *truth { "true" } else { "false" })
                        .on_toggle(|v| Message::Card(CardEdit::Truth(v)))
                        .into(),
                    &at(Field::Answer)
                ),
            ],
            Question::TypeAnswer { prompt, accepted } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                self.field(
                    "Accepted",
                    items(accepted.iter().map(String::as_str), |_| None),
                    &at(Field::Accepted)
                ),
                hint(
                    "The first accepted answer is shown as correct; add other spellings below it."
                ),
            ],
            Question::Cloze { text: t } => {
                let mut blanks =
                    column![hint_owned(format!("Learners see: {}", cloze::masked(t)))].spacing(2);
                for (i, b) in cloze::blanks(t).iter().enumerate() {
                    blanks = blanks.push(hint_owned(format!(
                        "Blank {}: {}",
                        i + 1,
                        b.accepted.join(" or ")
                    )));
                }
                column![
                    line("Text", t, Field::Text, CardText::Prompt),
                    hint(
                        "Mark blanks as {{answer}}, other spellings {{Joffe|Ioffe}}, a hint {{Changchun::a city}}."
                    ),
                    blanks,
                ]
            }
            Question::Order {
                prompt,
                items: list,
            } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                hint("Write the items in the correct order; learners see them shuffled."),
                self.field(
                    "Items",
                    items(list.iter().map(String::as_str), |_| None),
                    &at(Field::Items)
                ),
            ],
            Question::Match { prompt, pairs } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                self.field(
                    "Pairs",
                    items(pairs.iter().map(|(l, _)| l.as_str()), |i| {
                        Some(
                            text_input("matches", &pairs[i].1)
                                .id(CardText::Right(i).id())
                                .style(theme::input)
                                .padding(theme::SPACE_S)
                                .on_input(move |s| Message::CardText(CardText::Right(i), s))
                                .width(Fill)
                                .into(),
                        )
                    }),
                    &at(Field::Pairs)
                ),
            ],
            Question::Number { prompt, unit, .. } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                self.number_field(
                    index,
                    "Answer",
                    "e.g. 1922",
                    Field::Answer,
                    CardText::Answer
                ),
                self.number_field(
                    index,
                    "Tolerance",
                    "0",
                    Field::Tolerance,
                    CardText::Tolerance
                ),
                self.field(
                    "Unit",
                    card_input(unit.as_deref().unwrap_or(""), "optional", CardText::Unit),
                    &at(Field::Unit)
                ),
            ],
            Question::MapPoint {
                prompt,
                answer: name,
                markers,
                ..
            } => column![
                line("Prompt", prompt, Field::Prompt, CardText::Prompt),
                line("Right place", name, Field::Answer, CardText::PlaceName),
                self.picture_fields(index, card, PictureSlot::Map, context),
                self.map_setter(card, context),
                self.number_field(
                    index,
                    "Radius",
                    "how far from the place a click still counts",
                    Field::Radius,
                    CardText::Radius
                ),
                hint(
                    "Other places, offered beside the right one (optional): name each, then click it on the map."
                ),
                self.field(
                    "Markers",
                    items(markers.iter().map(|m| m.label.as_str()), |_| None),
                    &[
                        FieldPath::Card(index, Field::Markers),
                        FieldPath::Card(index, Field::Target)
                    ]
                ),
            ],
        };
        form.spacing(theme::SPACE_S).into()
    }

    /// A number typed as text; while it does not read as a number, the reason is shown beside it.
    fn number_field<'a>(
        &'a self,
        index: usize,
        label: &'a str,
        placeholder: &'a str,
        field: Field,
        to: CardText,
    ) -> Element<'a, Message> {
        let typed = self.draft(field).unwrap_or_default();
        let input = card_input(typed, placeholder, to);
        let mut c = column![self.field(label, input, &[FieldPath::Card(index, field)])];
        if let Some(e) = self.number_error(field) {
            c = c.push(finding(e.to_string(), true));
        }
        c.into()
    }
}

/// An editable list: one input per entry with buttons to move it or remove it, and an add button;
/// `extra` adds a widget at the end of an entry's row (a "correct" box, a pair's right side).
fn items<'a>(
    values: impl Iterator<Item = &'a str>,
    extra: impl Fn(usize) -> Option<Element<'a, Message>>,
) -> Element<'a, Message> {
    let mut c = column![].spacing(4);
    for (i, v) in values.enumerate() {
        let mut r = row![
            text_input("", v)
                .id(CardText::Item(i).id())
                .style(theme::input)
                .padding(theme::SPACE_S)
                .on_input(move |s| Message::CardText(CardText::Item(i), s))
                .width(Fill),
            button(text("↑"))
                .style(theme::secondary)
                .on_press(Message::Card(CardEdit::MoveItem(i, Direction::Up))),
            button(text("↓"))
                .style(theme::secondary)
                .on_press(Message::Card(CardEdit::MoveItem(i, Direction::Down))),
            button(text("✕"))
                .style(theme::danger)
                .on_press(Message::Card(CardEdit::RemoveItem(i))),
        ]
        .spacing(4)
        .align_y(Center);
        if let Some(e) = extra(i) {
            r = r.push(e);
        }
        c = c.push(r);
    }
    c.push(
        button(text("+ Add"))
            .style(theme::secondary)
            .on_press(Message::Card(CardEdit::AddItem)),
    )
    .into()
}

fn hint_owned<'a>(s: String) -> iced::widget::Text<'a> {
    text(s).size(theme::SIZE_SMALL)
}
