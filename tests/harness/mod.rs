//! The GUI suites' way of driving the app: tasks run as the runtime runs them, messages fed back,
//! the view read through the headless simulator. Each suite uses part of it.
#![allow(dead_code)]

use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::theme;
use iced::futures::StreamExt;
use iced::keyboard;
use iced::{Settings, Size, Task};
use iced_test::Simulator;
use iced_test::core::renderer::Headless;
use iced_test::core::widget::operation::{self, Operation, Outcome};
use iced_test::core::{Event, clipboard, event, mouse, window};
use iced_test::runtime::user_interface::{Cache, UserInterface};
use iced_test::selector::{Selector, Target, is_focused};

/// Runs a task as the runtime would, feeding each message it brings back to the app (and the
/// tasks those start, in turn). Widget operations such as focus are left out.
pub fn settle(app: &mut App, task: Task<Message>) {
    run_task(app, task, |_, _| {});
}

/// Runs a task and the tasks its messages start, handing each widget operation to `widget`.
fn run_task(
    app: &mut App,
    task: Task<Message>,
    mut widget: impl FnMut(&mut App, Box<dyn Operation>),
) {
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        let actions: Vec<_> = iced::futures::executor::block_on(stream.collect());
        for action in actions {
            match action {
                iced_runtime::Action::Output(message) => pending.push(app.update(message)),
                iced_runtime::Action::Widget(operation) => widget(app, operation),
                _ => {}
            }
        }
    }
}

/// The size a `Window` opens at.
pub const WINDOW_SIZE: Size = Size::new(1280.0, 800.0);

/// The app in a window that lives across updates, as the runtime keeps it: what widgets hold
/// (focus, a cursor in a field) carries from one event to the next, unlike in a simulator made
/// afresh for each step.
pub struct Window {
    renderer: iced_test::renderer::Renderer,
    cache: Option<Cache>,
    pub size: Size,
    /// Where the mouse is: events happen there.
    pub cursor: mouse::Cursor,
}

impl Window {
    pub fn new(app: &App) -> Self {
        // A first simulator loads the fonts, which every renderer shares.
        drop(simulator(app));
        let backend = std::env::var("ICED_TEST_BACKEND").ok();
        let renderer =
            iced_test::futures::futures::executor::block_on(iced_test::renderer::Renderer::new(
                theme::TEXT,
                Settings::default().default_text_size,
                backend.as_deref(),
            ))
            .expect("a headless renderer");
        Window {
            renderer,
            cache: Some(Cache::default()),
            size: WINDOW_SIZE,
            cursor: mouse::Cursor::Unavailable,
        }
    }

    fn ui<'a>(
        &mut self,
        app: &'a App,
    ) -> UserInterface<'a, Message, iced::Theme, iced_test::renderer::Renderer> {
        UserInterface::build(
            app.view(),
            self.size,
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        )
    }

    /// Events at the cursor, as the runtime delivers them: the widgets' messages are applied with
    /// the tasks they start (focus moves included), and a key press no widget took goes to the
    /// app as the keyboard subscription sends it.
    pub fn events(&mut self, app: &mut App, events: impl IntoIterator<Item = Event>) {
        for event in events {
            let mut messages = Vec::new();
            let status = {
                let mut ui = self.ui(app);
                let (_, statuses) = ui.update(
                    std::slice::from_ref(&event),
                    self.cursor,
                    &mut self.renderer,
                    &mut clipboard::Null,
                    &mut messages,
                );
                self.cache = Some(ui.into_cache());
                statuses[0]
            };
            if let (
                Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }),
                event::Status::Ignored,
            ) = (&event, status)
            {
                messages.push(Message::Key(key.clone(), *modifiers));
            }
            for message in messages {
                let task = app.update(message);
                self.run(app, task);
            }
        }
    }

    /// Runs a task as the runtime does: messages go back to the app, and widget operations are
    /// performed on the view of the moment.
    pub fn run(&mut self, app: &mut App, task: Task<Message>) {
        run_task(app, task, |app, operation| self.operate(app, operation));
    }

    fn operate(&mut self, app: &App, operation: Box<dyn Operation>) {
        let mut ui = self.ui(app);
        let mut current = Some(operation);
        while let Some(mut operation) = current.take() {
            ui.operate(&self.renderer, operation.as_mut());
            if let Outcome::Chain(next) = operation.finish() {
                current = Some(next);
            }
        }
        self.cache = Some(ui.into_cache());
    }

    pub fn find<S>(&mut self, app: &App, selector: S) -> Option<S::Output>
    where
        S: Selector + Send,
        S::Output: Clone + Send,
    {
        let mut ui = self.ui(app);
        let mut find = selector.find();
        ui.operate(&self.renderer, &mut operation::black_box(&mut find));
        self.cache = Some(ui.into_cache());
        match Operation::finish(&find) {
            Outcome::Some(found) => found,
            _ => None,
        }
    }

    /// What has keyboard focus.
    pub fn focused_target(&mut self, app: &App) -> Option<Target> {
        self.find(app, is_focused())
    }

    /// Presses and releases a key.
    pub fn key(&mut self, app: &mut App, key: keyboard::Key, modifiers: keyboard::Modifiers) {
        let physical =
            keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
        let press = Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        });
        let release = Event::Keyboard(keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
        });
        self.events(app, [press, release]);
    }

    pub fn named(&mut self, app: &mut App, key: keyboard::key::Named) {
        self.key(app, keyboard::Key::Named(key), keyboard::Modifiers::empty());
    }

    /// Moves the mouse to `at` and clicks there.
    pub fn click_at(&mut self, app: &mut App, at: iced::Point) {
        self.cursor = mouse::Cursor::Available(at);
        self.events(app, iced_test::simulator::click());
    }

    /// The window as drawn, RGBA at scale 1.
    pub fn frame(&mut self, app: &App) -> Vec<u8> {
        let theme = app.theme().expect("ready");
        let mut ui = self.ui(app);
        let _ = ui.update(
            &[Event::Window(window::Event::RedrawRequested(
                std::time::Instant::now(),
            ))],
            mouse::Cursor::Unavailable,
            &mut self.renderer,
            &mut clipboard::Null,
            &mut Vec::new(),
        );
        ui.draw(
            &mut self.renderer,
            &theme,
            &iced_test::core::renderer::Style {
                text_color: theme::tokens::of(&theme).text,
            },
            mouse::Cursor::Unavailable,
        );
        self.cache = Some(ui.into_cache());
        self.renderer.screenshot(
            Size::new(self.size.width as u32, self.size.height as u32),
            1.0,
            theme::tokens::of(&theme).bg,
        )
    }
}

/// Sends a message and lets the work it starts finish.
pub fn send(app: &mut App, message: Message) {
    let task = app.update(message);
    settle(app, task);
}

/// The app's current view in the headless simulator, with the app's own fonts.
pub fn simulator(app: &App) -> Simulator<'_, Message> {
    Simulator::with_settings(
        Settings {
            fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
            default_font: theme::TEXT,
            ..Settings::default()
        },
        app.view(),
    )
}

/// A learner reads the feedback before rating by key: waits out the study screen's guard on
/// rating keys, if it holds (keys pressed sooner are ignored, so a double press cannot rate).
pub fn read_feedback(app: &App) {
    if let Some(changchun_cards::gui::screen::Screen::Study(study)) = app.screen()
        && let Some(wait) = study.rating_keys_wait()
    {
        std::thread::sleep(wait);
    }
}

/// Clicks the widget showing `label` and feeds what it sends back to the app, as the runtime does.
pub fn click(app: &mut App, label: &str) {
    let mut ui = simulator(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("cannot click {label:?}: {e:?}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    for m in messages {
        send(app, m);
    }
}
