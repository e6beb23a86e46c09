//! The GUI suites' way of driving the app: tasks run as the runtime runs them, messages fed back,
//! the view read through the headless simulator. Each suite uses part of it.
#![allow(dead_code)]

use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::theme;
use iced::futures::StreamExt;
use iced::{Settings, Task};
use iced_test::Simulator;

/// Runs a task as the runtime would, feeding each message it brings back to the app (and the
/// tasks those start, in turn). Widget operations such as focus are left out.
pub fn settle(app: &mut App, task: Task<Message>) {
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        let actions: Vec<_> = iced::futures::executor::block_on(stream.collect());
        for action in actions {
            if let iced_runtime::Action::Output(message) = action {
                pending.push(app.update(message));
            }
        }
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
