//! The desktop app (iced 0.14). It renders what the core decides and routes the learner's input.

pub mod app;
pub mod context;
pub mod screen;
pub mod shortcuts;
pub mod task;
pub mod theme;
pub mod widget;

use crate::data_dir::DataDir;
use iced::{Size, window};

/// Opens the window on the learner's data, offering `files` (from the command line or a desktop's
/// "open with") as if they had been dropped on it.
pub fn run(data: DataDir, profile: Option<String>, files: Vec<std::path::PathBuf>) -> iced::Result {
    iced::application(
        move || app::App::with_files(data.clone(), profile.clone(), files.clone()),
        app::App::update,
        app::App::view,
    )
    .title(app::App::title)
    .theme(app::App::theme)
    .scale_factor(app::App::scale_factor)
    .subscription(app::App::subscription)
    .font(theme::FONT_REGULAR)
    .font(theme::FONT_BOLD)
    .default_font(theme::TEXT)
    .window(window::Settings {
        size: WINDOW_SIZE,
        min_size: Some(Size::new(800.0, 600.0)),
        icon: icon(),
        ..window::Settings::default()
    })
    .run()
}

/// The window's size when it opens (the start-up measurement's empty window uses it too).
pub const WINDOW_SIZE: Size = Size::new(1100.0, 780.0);

/// The window icon, drawn here so no image decoder is needed: a red card on a blue one.
fn icon() -> Option<window::Icon> {
    const N: u32 = 64;
    let mut rgba = Vec::with_capacity((N * N * 4) as usize);
    for y in 0..N {
        for x in 0..N {
            let back = (6..44).contains(&x) && (6..54).contains(&y);
            let front = (20..58).contains(&x) && (12..60).contains(&y);
            let pixel = if front {
                [196, 52, 48, 255]
            } else if back {
                [44, 92, 170, 255]
            } else {
                [0, 0, 0, 0]
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    window::icon::from_rgba(rgba, N, N).ok()
}
