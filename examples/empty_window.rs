//! An empty iced window built with the app's features: the baseline the start-up measurement compares
//! the app against (see scripts/measure-startup.sh). It closes itself once its first frame is drawn.

use iced::widget::text;
use iced::{Element, Subscription, Task};

fn main() -> iced::Result {
    iced::application(|| (), update, view)
        .subscription(subscription)
        .run()
}

#[derive(Debug, Clone)]
struct Drawn;

fn update(_: &mut (), _: Drawn) -> Task<Drawn> {
    iced::exit()
}

fn view(_: &()) -> Element<'_, Drawn> {
    text("").into()
}

fn subscription(_: &()) -> Subscription<Drawn> {
    iced::window::frames().map(|_| Drawn)
}
