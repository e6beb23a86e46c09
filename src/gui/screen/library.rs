//! The library (home): every deck with its counts and topic mastery, broken decks with their errors,
//! and the ways into studying, testing and browsing.

use crate::gui::app;
use crate::gui::context::Context;
use crate::gui::shortcuts;
use crate::gui::task::{self, LearnerChange, Purpose};
use crate::gui::theme;
use crate::gui::widget::{button, pick_list};
use crate::profile::NotStarted;
use crate::schedule::Filter;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, progress_bar, row, scrollable, text, tooltip};
use iced::{Element, Fill, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Study(String),
    /// Study only the deck's starter set, on the deck's own cards.
    StartHere(String),
    StudyAllDue,
    /// Custom study, for a deck or every deck.
    CustomStudy(Option<String>),
    /// Forget why nothing was due.
    DismissNothingDue,
    Quiz(Option<String>),
    Browse(Option<String>),
    ToggleTopic(String),
    OpenDeckFile,
    Import,
    Edit(Option<String>),
    /// Export a deck, by id, for another app.
    Export(String),
    Statistics,
    Settings,
    DismissNotices,
    RestoreBackup,
    KeepFresh,
    SwitchProfile(String),
    Help,
    /// The dropped deck file is copied into the learner's decks.
    AddDroppedDeck,
    /// The dropped deck file is opened where it lies, for this time only.
    OpenDroppedDeck,
    ForgetDroppedDeck,
}

/// What the app should do after a library message.
pub enum Action {
    None,
    /// Work for the core whose outcome the root takes in.
    Run(iced::Task<app::Message>),
    Study(Filter),
    CustomStudy(Option<String>),
    Quiz(Filter),
    Browse(Option<String>),
    Choose(Purpose),
    Edit(Option<String>),
    Export(String),
    Statistics,
    Settings,
    Help,
}

/// The library keeps nothing of its own: the topic chips live in the context, so they survive a session.
#[derive(Debug, Default)]
pub struct Library;

/// The library's scrollable, so that tests and the root can find it.
pub const SCROLL: &str = "library";

fn filter(context: &Context, deck: Option<String>) -> Filter {
    Filter {
        decks: deck.into_iter().collect(),
        topics: context.topics.clone(),
        start_here: false,
        ..Filter::default()
    }
}

impl Library {
    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use shortcuts::Library as K;
        Some(match shortcuts::find(shortcuts::LIBRARY, key, modifiers)? {
            K::StudyAllDue => Message::StudyAllDue,
            K::CustomStudy => Message::CustomStudy(None),
            K::Quiz => Message::Quiz(None),
            K::Browse => Message::Browse(None),
            K::Statistics => Message::Statistics,
            K::NewDeck => Message::Edit(None),
            K::OpenDeck => Message::OpenDeckFile,
            K::Import => Message::Import,
            K::Settings => Message::Settings,
        })
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::Study(deck) => Action::Study(filter(context, Some(deck))),
            Message::StartHere(deck) => Action::Study(Filter::start_here(&deck)),
            Message::StudyAllDue => Action::Study(filter(context, None)),
            Message::CustomStudy(None) => {
                // From the note on why nothing is due: custom study for the deck it was about.
                let deck = context.nothing_due.as_ref().and_then(|(_, d)| d.clone());
                Action::CustomStudy(deck)
            }
            Message::CustomStudy(deck) => Action::CustomStudy(deck),
            Message::DismissNothingDue => {
                context.nothing_due = None;
                Action::None
            }
            Message::Quiz(deck) => Action::Quiz(filter(context, deck)),
            Message::Browse(deck) => Action::Browse(deck),
            Message::ToggleTopic(topic) => {
                match context.topics.iter().position(|t| *t == topic) {
                    Some(i) => {
                        context.topics.remove(i);
                    }
                    None => context.topics.push(topic),
                }
                Action::None
            }
            Message::OpenDeckFile => Action::Choose(Purpose::OpenDeck),
            Message::Import => Action::Choose(Purpose::Import),
            Message::Help => Action::Help,
            Message::AddDroppedDeck => match context.dropped.take() {
                Some(path) => Action::Run(task::add_deck_file(&context.profile, path)),
                None => Action::None,
            },
            Message::OpenDroppedDeck => match context.dropped.take() {
                Some(path) => Action::Run(task::open_deck(&context.profile, path)),
                None => Action::None,
            },
            Message::ForgetDroppedDeck => {
                context.dropped = None;
                Action::None
            }
            Message::Edit(deck) => Action::Edit(deck),
            Message::Export(deck) => Action::Export(deck),
            Message::Statistics => Action::Statistics,
            Message::Settings => Action::Settings,
            Message::DismissNotices => {
                context.notices.clear();
                context.profile.dismiss_library_notices();
                Action::None
            }
            Message::RestoreBackup => Action::Run(task::restore_backup(&context.profile)),
            Message::KeepFresh => {
                context.profile.keep_fresh_store();
                Action::None
            }
            Message::SwitchProfile(name) if name == context.profile.name() => Action::None,
            Message::SwitchProfile(name) => Action::Run(task::open_learner(
                &context.profile,
                name,
                LearnerChange::Switched,
            )),
        }
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let nav = row![
            nav_button("Study all due", "S", Message::StudyAllDue),
            nav_button("Custom study", "C", Message::CustomStudy(None)),
            nav_button("Quiz", "Q", Message::Quiz(None)),
            nav_button("Browse", "B", Message::Browse(None)),
            nav_button("Statistics", "G", Message::Statistics),
            nav_button("New deck", "N", Message::Edit(None)),
            nav_button("Open deck…", "O", Message::OpenDeckFile),
            nav_button("Import…", "I", Message::Import),
            nav_button("Settings", ",", Message::Settings),
            nav_button("Help", "?", Message::Help),
        ]
        .spacing(theme::SPACE_S);
        // The buttons wrap under each other in a narrow window.
        let header = column![
            text("Changchun Cards")
                .size(theme::SIZE_TITLE)
                .font(theme::BOLD),
            iced::widget::Row::wrap(nav).vertical_spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);

        let mut profiles = context.profile.learners().to_vec();
        let active = context.profile.name().to_owned();
        if !profiles.contains(&active) {
            profiles.push(active.clone());
        }
        let learner = row![
            text("Learner:").size(theme::SIZE_BODY),
            pick_list(profiles, Some(active), Message::SwitchProfile)
                .text_size(theme::SIZE_BODY)
                .style(theme::select),
            text("(add learners in Settings)")
                .size(theme::SIZE_SMALL)
                .style(theme::muted_text),
        ]
        .spacing(theme::SPACE_S)
        .align_y(iced::Center);
        let mut page = column![header, learner].spacing(theme::SPACE_M);
        if context.profile.sync_folder().is_some() {
            page = page.push(
                text(context.sync.status(chrono::Utc::now()))
                    .size(theme::SIZE_SMALL)
                    .style(match &context.sync.last {
                        Some((_, Err(_))) => theme::wrong_text,
                        _ => theme::muted_text,
                    }),
            );
        }

        if let Some(path) = &context.dropped {
            page = page.push(
                container(
                    column![
                        text(format!("Add {} to your decks?", path.display()))
                            .size(theme::SIZE_BODY),
                        text(
                            "Added decks are copied into your deck folder and stay after a restart."
                        )
                        .size(theme::SIZE_SMALL),
                        iced::widget::Row::wrap(
                            row![
                                button(text("Add to my decks"))
                                    .style(theme::primary)
                                    .on_press(Message::AddDroppedDeck),
                                button(text("Just open it"))
                                    .style(theme::secondary)
                                    .on_press(Message::OpenDroppedDeck),
                                button(text("Cancel"))
                                    .style(theme::secondary)
                                    .on_press(Message::ForgetDroppedDeck),
                            ]
                            .spacing(theme::SPACE_S)
                        )
                        .vertical_spacing(theme::SPACE_S),
                    ]
                    .spacing(theme::SPACE_S),
                )
                .padding(theme::CARD_PADDING)
                .width(Fill)
                .style(theme::card),
            );
        }

        if let Some(damage) = context.profile.set_aside() {
            let mut c = column![
                text("Your progress file was damaged")
                    .size(theme::SIZE_QUESTION)
                    .style(theme::wrong_text),
                text(damage.message.as_str()),
                text(format!(
                    "The damaged file is kept at {}.",
                    damage.kept.display()
                ))
                .size(theme::SIZE_SMALL),
            ]
            .spacing(theme::SPACE_S);
            let mut choices = row![].spacing(theme::SPACE_M);
            if let Some(backup) = &damage.newest_backup {
                choices = choices.push(
                    button(text(format!(
                        "Restore the newest backup ({})",
                        backup.file_name().unwrap_or_default().to_string_lossy()
                    )))
                    .style(theme::primary)
                    .on_press(Message::RestoreBackup),
                );
            }
            choices = choices.push(
                button(text("Start fresh (the damaged file stays kept)"))
                    .style(theme::danger)
                    .on_press(Message::KeepFresh),
            );
            c = c.push(choices);
            page = page.push(
                container(c)
                    .padding(theme::CARD_PADDING)
                    .width(Fill)
                    .style(theme::verdict_card(theme::OptionState::Wrong)),
            );
        }

        if let Some((why, _)) = &context.nothing_due {
            page = page.push(nothing_due(why));
        }

        let notices: Vec<&String> = context
            .notices
            .iter()
            .chain(&context.profile.library().notices)
            .collect();
        if !notices.is_empty() {
            let mut n = column![].spacing(theme::SPACE_S);
            for notice in notices {
                n = n.push(text(notice.as_str()).size(theme::SIZE_BODY));
            }
            n = n.push(
                button(text("Dismiss"))
                    .style(theme::secondary)
                    .on_press(Message::DismissNotices),
            );
            page = page.push(
                container(n)
                    .padding(theme::CARD_PADDING)
                    .width(Fill)
                    .style(theme::panel),
            );
        }

        // Topic chips: every topic of every deck, once.
        let all_topics = context.profile.topics();
        let mut chips = row![text("Topics:").size(theme::SIZE_BODY)]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center);
        for t in all_topics {
            let on = context.topics.contains(t);
            chips = chips.push(
                button(
                    text(if on { format!("✓ {t}") } else { t.to_owned() }).size(theme::SIZE_SMALL),
                )
                .style(theme::chip(on))
                .padding([theme::SPACE_XS, theme::SPACE_M])
                .on_press(Message::ToggleTopic(t.clone())),
            );
        }
        if context.topics.is_empty() {
            chips = chips.push(
                text("(all)")
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            );
        }
        page = page.push(iced::widget::Row::wrap(chips).vertical_spacing(theme::SPACE_S));

        // The starter sets come before every deck: where a newcomer begins.
        for deck in context.profile.library().decks() {
            let count = context.profile.start_here_count(&deck.id);
            if count > 0 {
                page = page.push(start_here_card(deck, count));
            }
        }
        for entry in &context.profile.library().entries {
            page = page.push(match &entry.deck {
                Some(deck) => deck_card(deck, context),
                None => broken_card(entry),
            });
        }
        scrollable(
            container(page.max_width(1000))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .id(SCROLL)
        .into()
    }
}

fn nav_button<'a>(label: &'a str, key: &'a str, message: Message) -> Element<'a, Message> {
    tooltip(
        button(text(label).size(theme::SIZE_BODY))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(message),
        container(text(format!("Shortcut: {key}")).size(theme::SIZE_SMALL))
            .padding(theme::SPACE_XS)
            .style(theme::panel),
        tooltip::Position::Bottom,
    )
    .into()
}

fn start_here_card(deck: &crate::deck::Deck, count: usize) -> Element<'_, Message> {
    container(
        column![
            button(
                text(if count == 1 {
                    "Start here: the essential card".to_owned()
                } else {
                    format!("Start here: the {count} essential cards")
                })
                .size(theme::SIZE_QUESTION)
            )
            .style(theme::primary)
            .padding([theme::SPACE_M, theme::CARD_PADDING])
            .on_press(Message::StartHere(deck.id.clone())),
            text(format!(
                "New here? These cards of \"{}\" give the essentials first; what you learn here \
                 counts for the whole deck.",
                deck.title
            ))
            .size(theme::SIZE_BODY),
        ]
        .spacing(theme::SPACE_S),
    )
    .padding(theme::CARD_PADDING)
    .width(Fill)
    .style(theme::featured)
    .into()
}

fn deck_card<'a>(deck: &'a crate::deck::Deck, context: &'a Context) -> Element<'a, Message> {
    let counts = context.profile.deck_counts(&deck.id);
    let counts_row = row![
        text(format!("{} new", counts.new)).style(theme::new_text),
        text(format!("{} learning", counts.learning)).style(theme::learning_text),
        text(format!("{} due", counts.due)).style(theme::review_text),
        text(format!("{} cards", deck.cards.len())),
    ]
    .spacing(theme::SPACE_L);

    let mut mastery = column![].spacing(4);
    for m in context.profile.mastery(&deck.id) {
        let share = if m.cards == 0 {
            0.0
        } else {
            m.mastered as f32 / m.cards as f32
        };
        mastery = mastery.push(
            row![
                text(m.topic.as_str())
                    .size(theme::SIZE_SMALL)
                    .width(Length::Fixed(120.0)),
                progress_bar(0.0..=1.0, share)
                    .length(Fill)
                    .girth(8)
                    .style(theme::progress_right),
                text(format!("{}/{}", m.mastered, m.cards))
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text)
                    .width(Length::Fixed(60.0)),
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center),
        );
    }

    let actions = row![
        button(text("Study"))
            .style(theme::primary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::Study(deck.id.clone())),
        button(text("Custom study"))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::CustomStudy(Some(deck.id.clone()))),
        button(text("Quiz"))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::Quiz(Some(deck.id.clone()))),
        button(text("Browse"))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::Browse(Some(deck.id.clone()))),
        button(text("Edit"))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::Edit(Some(deck.id.clone()))),
        button(text("Export…"))
            .style(theme::secondary)
            .padding(theme::BUTTON_PADDING)
            .on_press(Message::Export(deck.id.clone())),
    ]
    .spacing(theme::SPACE_S);

    let source = context
        .profile
        .library()
        .entry(&deck.id)
        .map(|e| {
            if e.origin.is_bundled() {
                "bundled".to_owned()
            } else {
                e.origin.label()
            }
        })
        .unwrap_or_default();

    container(
        column![
            row![
                text(deck.title.as_str())
                    .size(theme::SIZE_QUESTION)
                    .font(theme::BOLD)
                    .width(Fill),
                text(source)
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text)
            ],
            text(deck.description.as_str()).size(theme::SIZE_BODY),
            counts_row,
            mastery,
            actions
        ]
        .spacing(theme::SPACE_M),
    )
    .padding(theme::CARD_PADDING)
    .width(Fill)
    .style(theme::card)
    .into()
}

/// Why Study found nothing, told apart (the day's new cards done, the day's reviews done, or truly
/// nothing due), with the next step beside it.
fn nothing_due(why: &NotStarted) -> Element<'_, Message> {
    let mut actions = row![].spacing(theme::SPACE_S);
    if !matches!(why, NotStarted::Failed(_)) {
        let label = match why {
            NotStarted::NewCardsDone { .. } => "More new cards today…  [C]",
            _ => "Custom study…  [C]",
        };
        actions = actions.push(
            button(text(label))
                .style(button::primary)
                .on_press(Message::CustomStudy(None)),
        );
    }
    actions = actions.push(button(text("Dismiss")).on_press(Message::DismissNothingDue));
    container(
        column![
            text(why.to_string()).size(theme::SIZE_BODY),
            iced::widget::Row::wrap(actions).vertical_spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S),
    )
    .padding(theme::SPACE_M)
    .width(Fill)
    .style(container::rounded_box)
    .into()
}

fn broken_card(entry: &crate::deck::DeckEntry) -> Element<'_, Message> {
    let mut c = column![
        text(format!("Could not load {}", entry.origin.label()))
            .size(theme::SIZE_QUESTION)
            .style(theme::wrong_text)
    ]
    .spacing(theme::SPACE_S);
    for d in entry.diagnostics.iter().filter(|d| d.is_error()).take(5) {
        c = c.push(text(d.to_string()).size(theme::SIZE_SMALL));
    }
    container(c)
        .padding(theme::CARD_PADDING)
        .width(Fill)
        .style(theme::card)
        .into()
}
