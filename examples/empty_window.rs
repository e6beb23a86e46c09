//! An empty iced window built with the app's features and the app's window size: the baseline the
//! start-up measurement compares the app against (see scripts/measure-startup.sh). It closes itself at
//! its second frame, once the first has been drawn and shown, as the app does with its library.

use iced::widget::text;
use iced::{Element, Subscription, Task};

fn main() -> iced::Result {
    iced::application(|| 0, update, view)
        .subscription(subscription)
        .window_size(changchun_cards::gui::WINDOW_SIZE)
        .run()
}

#[derive(Debug, Clone)]
struct Drawn;

/// Frames begun so far.
fn update(frames: &mut u8, _: Drawn) -> Task<Drawn> {
    *frames += 1;
    if *frames >= 2 {
        iced::exit()
    } else {
        Task::none()
    }
}

fn view(_: &u8) -> Element<'_, Drawn> {
    text("").into()
}

fn subscription(_: &u8) -> Subscription<Drawn> {
    iced::window::frames().map(|_| Drawn)
}
