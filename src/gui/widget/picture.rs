//! Pictures on cards, ready to draw: read from the deck's folder by a task, kept for the session,
//! and shown with their credit, or their alt text when they cannot be.

use crate::deck::Image;
use crate::deck::media::{self, Format, Media, MediaRoot, Size};
use crate::gui::theme;
use iced::widget::{column, container, image, svg, text};
use iced::{Element, Fill, Length};
use std::collections::{HashMap, HashSet};

/// The tallest a picture shown with a question may be, so the answers stay in sight.
pub const PROMPT_PICTURE_HEIGHT: f32 = 300.0;
/// The tallest a picture shown with an explanation may be.
pub const EXPLANATION_PICTURE_HEIGHT: f32 = 380.0;
/// The height of a map question's map: the prompt and the whole map fit in an 800×600 window.
pub const MAP_HEIGHT: f32 = 340.0;

/// A picture decoded lazily by the renderer: the handle keeps the bytes, drawing decodes them once.
#[derive(Debug, Clone)]
pub enum Handle {
    Svg(svg::Handle),
    Raster(image::Handle),
}

#[derive(Debug, Clone)]
pub struct Picture {
    pub handle: Handle,
    pub size: Size,
}

impl Picture {
    pub fn from_media(media: Media) -> Picture {
        let handle = match media.format {
            Format::Svg => Handle::Svg(svg::Handle::from_memory(media.bytes)),
            Format::Png | Format::Jpeg => {
                Handle::Raster(image::Handle::from_bytes(media.bytes.into_owned()))
            }
        };
        Picture {
            handle,
            size: media.size,
        }
    }
}

/// Where a picture is in being shown.
#[derive(Debug, Clone, Copy)]
pub enum Shown<'a> {
    Loading,
    Ready(&'a Picture),
    Failed(&'a str),
}

type Key = (MediaRoot, String);

/// The pictures read so far, by deck folder and file, and those being read.
#[derive(Debug, Default)]
pub struct Pictures {
    read: HashMap<Key, Result<Picture, String>>,
    asked: HashSet<Key>,
}

impl Pictures {
    pub fn get(&self, root: &MediaRoot, image: &Image) -> Shown<'_> {
        match self.read.get(&(root.clone(), image.file.clone())) {
            Some(Ok(picture)) => Shown::Ready(picture),
            Some(Err(reason)) => Shown::Failed(reason),
            None => Shown::Loading,
        }
    }

    /// Of the pictures a screen shows, those not read nor asked for yet; they count as asked from
    /// now on, so each is read once.
    pub fn to_read<'a>(
        &mut self,
        wanted: impl IntoIterator<Item = (MediaRoot, &'a Image)>,
    ) -> Vec<(MediaRoot, Image)> {
        let mut out = Vec::new();
        for (root, image) in wanted {
            let key = (root.clone(), image.file.clone());
            if !self.read.contains_key(&key) && self.asked.insert(key) {
                out.push((root, image.clone()));
            }
        }
        out
    }

    pub fn insert(&mut self, read: Vec<(MediaRoot, String, Result<Picture, String>)>) {
        for (root, file, picture) in read {
            let key = (root, file);
            self.asked.remove(&key);
            self.read.insert(key, picture);
        }
    }

    /// Forgets what was read of one file, so a picture put there since is read again.
    pub fn forget(&mut self, root: &MediaRoot, file: &str) {
        self.read.remove(&(root.clone(), file.to_owned()));
    }
}

/// Reads pictures whole: the job a task runs, off the window's thread.
pub fn read_all(
    wanted: Vec<(MediaRoot, Image)>,
) -> Vec<(MediaRoot, String, Result<Picture, String>)> {
    wanted
        .into_iter()
        .map(|(root, image)| {
            let picture = media::read(&root, &image)
                .map(Picture::from_media)
                .map_err(|e| e.to_string());
            (root, image.file, picture)
        })
        .collect()
}

/// A picture at most `max_height` tall, with its credit under it; its alt text while it loads or
/// when it cannot be shown.
pub fn view<'a, M: 'a>(shown: Shown<'a>, image: &'a Image, max_height: f32) -> Element<'a, M> {
    let body: Element<'a, M> = match shown {
        Shown::Ready(picture) => {
            let height = Length::Fixed(fitted_height(picture.size, max_height));
            match &picture.handle {
                Handle::Svg(handle) => svg(handle.clone()).width(Fill).height(height).into(),
                Handle::Raster(handle) => iced::widget::image(handle.clone())
                    .width(Fill)
                    .height(height)
                    .into(),
            }
        }
        Shown::Loading => stand_in(&image.alt, None),
        Shown::Failed(reason) => stand_in(&image.alt, Some(reason)),
    };
    let mut c = column![body].spacing(theme::SPACE_XS);
    if !image.credit.trim().is_empty() {
        c = c.push(
            text(image.credit.as_str())
                .size(theme::SIZE_FINE)
                .style(theme::muted_text),
        );
    }
    c.into()
}

/// The height a picture takes in the content column: its own aspect, within `max_height`.
pub fn fitted_height(size: Size, max_height: f32) -> f32 {
    let aspect = (size.height / size.width.max(1.0)) as f32;
    (theme::CONTENT_WIDTH * aspect).clamp(48.0, max_height)
}

/// The picture's description in its place, with why it is not shown when it failed.
fn stand_in<'a, M: 'a>(alt: &'a str, reason: Option<&'a str>) -> Element<'a, M> {
    let mut c = column![text(format!("[Picture: {alt}]")).size(theme::SIZE_BODY)];
    if let Some(reason) = reason {
        c = c.push(
            text(format!("It cannot be shown: {reason}"))
                .size(theme::SIZE_SMALL)
                .style(theme::wrong_text),
        );
    }
    container(c.spacing(theme::SPACE_XS))
        .padding(theme::CARD_PADDING)
        .width(Fill)
        .style(container::bordered_box)
        .into()
}
