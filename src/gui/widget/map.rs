//! A map question on a canvas: the map fitted to the space it has, numbered markers, a crosshair
//! the keyboard moves, and after answering the right place and the learner's, marked.

use super::picture::{Handle, Picture};
use crate::deck::Spot;
use crate::gui::theme;
use iced::mouse;
use iced::widget::canvas::{self, Event, Frame, Geometry, Text};
use iced::{Color, Element, Fill, Length, Point, Rectangle, Renderer, Size, Theme, Vector};

/// The map's id on screen, for tests that click on it.
pub const MAP_ID: &str = "map";

/// What is known after answering: where the learner pointed and where the right place is.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub given: Option<Spot>,
    pub right: bool,
    pub target: Spot,
    pub radius: f64,
    pub answer: String,
    /// The other places, named now that naming them gives nothing away.
    pub others: Vec<(Spot, String)>,
}

pub struct MapView<'a, M> {
    picture: &'a Picture,
    /// Numbered 1, 2, … in this order; the target hides among them.
    markers: Vec<Spot>,
    crosshair: Option<Spot>,
    outcome: Option<Outcome>,
    on_point: Option<Box<dyn Fn(Spot) -> M + 'a>>,
}

impl<'a, M: 'a> MapView<'a, M> {
    pub fn new(picture: &'a Picture) -> Self {
        MapView {
            picture,
            markers: Vec::new(),
            crosshair: None,
            outcome: None,
            on_point: None,
        }
    }

    pub fn markers(mut self, markers: Vec<Spot>) -> Self {
        self.markers = markers;
        self
    }

    pub fn crosshair(mut self, at: Option<Spot>) -> Self {
        self.crosshair = at;
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = Some(outcome);
        self
    }

    pub fn on_point(mut self, f: impl Fn(Spot) -> M + 'a) -> Self {
        self.on_point = Some(Box::new(f));
        self
    }

    pub fn view(self, height: f32) -> Element<'a, M> {
        iced::widget::container(
            canvas::Canvas::new(self)
                .width(Fill)
                .height(Length::Fixed(height)),
        )
        .id(MAP_ID)
        .into()
    }
}

/// Where the picture sits in the canvas: scaled to fit whole, centred.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    scale: f32,
    offset: Vector,
}

impl Fit {
    pub fn new(picture: crate::deck::media::Size, bounds: Size) -> Fit {
        let (w, h) = (picture.width as f32, picture.height as f32);
        let scale = (bounds.width / w).min(bounds.height / h).max(f32::EPSILON);
        Fit {
            scale,
            offset: Vector::new(
                (bounds.width - w * scale) / 2.0,
                (bounds.height - h * scale) / 2.0,
            ),
        }
    }

    pub fn to_screen(self, spot: Spot) -> Point {
        Point::new(
            spot.x as f32 * self.scale + self.offset.x,
            spot.y as f32 * self.scale + self.offset.y,
        )
    }

    pub fn to_map(self, point: Point) -> Spot {
        Spot {
            x: f64::from((point.x - self.offset.x) / self.scale),
            y: f64::from((point.y - self.offset.y) / self.scale),
        }
    }
}

// Marks drawn on the map's own colours, whatever the app's theme: dark ink with a white halo.
const INK: Color = Color::from_rgb(0.10, 0.12, 0.20);
const HALO: Color = Color::WHITE;
const RIGHT: Color = Color::from_rgb(0.08, 0.45, 0.20);
const WRONG: Color = Color::from_rgb(0.70, 0.12, 0.10);

impl<M> canvas::Program<M> for MapView<'_, M> {
    type State = ();

    fn update(
        &self,
        _: &mut (),
        event: &Event,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> Option<canvas::Action<M>> {
        let on_point = self.on_point.as_ref()?;
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                let at = cursor.position_in(bounds)?;
                let spot = Fit::new(self.picture.size, bounds.size()).to_map(at);
                self.picture
                    .size
                    .contains(spot.x, spot.y)
                    .then(|| canvas::Action::publish(on_point(spot)).and_capture())
            }
            _ => None,
        }
    }

    fn draw(
        &self,
        _: &(),
        renderer: &Renderer,
        _: &Theme,
        bounds: Rectangle,
        _: mouse::Cursor,
    ) -> Vec<Geometry> {
        // Everything is drawn on one canvas, in the order a canvas keeps: the map and the marks
        // as pictures (in the order given), the names and numbers as text above them. Shapes
        // would be drawn under the map.
        let mut frame = Frame::new(renderer, bounds.size());
        let fit = Fit::new(self.picture.size, bounds.size());
        let area = Rectangle::new(
            Point::new(fit.offset.x, fit.offset.y),
            Size::new(
                self.picture.size.width as f32 * fit.scale,
                self.picture.size.height as f32 * fit.scale,
            ),
        );
        match &self.picture.handle {
            Handle::Svg(h) => frame.draw_svg(area, h),
            Handle::Raster(h) => frame.draw_image(area, h),
        }
        let marks = marks::get();
        match &self.outcome {
            None => {
                for (i, spot) in self.markers.iter().enumerate() {
                    let at = fit.to_screen(*spot);
                    stamp(&mut frame, &marks.marker, at, 26.0);
                    centred_text(&mut frame, at, &(i + 1).to_string(), HALO);
                }
                if let Some(at) = self.crosshair {
                    stamp(&mut frame, &marks.crosshair, fit.to_screen(at), 40.0);
                }
            }
            Some(outcome) => {
                for (spot, name) in &outcome.others {
                    let at = fit.to_screen(*spot);
                    stamp(&mut frame, &marks.place, at, 14.0);
                    label(&mut frame, at, name, INK);
                }
                let target = fit.to_screen(outcome.target);
                let ring = (outcome.radius as f32 * fit.scale).max(8.0);
                stamp(&mut frame, &marks.ring, target, 2.0 * ring + 6.0);
                if let Some(given) = outcome.given {
                    let at = fit.to_screen(given);
                    let (mark, symbol) = if outcome.right {
                        (&marks.right, "✓")
                    } else {
                        (&marks.wrong, "✗")
                    };
                    stamp(&mut frame, mark, at, 22.0);
                    centred_text(&mut frame, at, symbol, HALO);
                }
                label(&mut frame, target, &format!("○ {}", outcome.answer), RIGHT);
            }
        }
        vec![frame.into_geometry()]
    }

    fn mouse_interaction(
        &self,
        _: &(),
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> mouse::Interaction {
        if self.on_point.is_some() && cursor.is_over(bounds) {
            mouse::Interaction::Crosshair
        } else {
            mouse::Interaction::default()
        }
    }
}

/// A mark centred on a point, `size` across.
fn stamp(frame: &mut Frame, mark: &iced::widget::image::Handle, at: Point, size: f32) {
    frame.draw_image(
        Rectangle::new(
            at - Vector::new(size / 2.0, size / 2.0),
            Size::new(size, size),
        ),
        mark,
    );
}

fn centred_text(frame: &mut Frame, at: Point, content: &str, color: Color) {
    frame.fill_text(Text {
        content: content.to_owned(),
        position: at,
        color,
        size: 14.0.into(),
        font: theme::BOLD,
        align_x: iced::widget::text::Alignment::Center,
        align_y: iced::alignment::Vertical::Center,
        ..Text::default()
    });
}

/// A name beside a place, on a white plate so it reads on any map.
fn label(frame: &mut Frame, at: Point, name: &str, color: Color) {
    let size = 15.0;
    let width = name.chars().count() as f32 * size * 0.62 + 8.0;
    let top_left = at + Vector::new(14.0, -size / 2.0 - 3.0);
    frame.draw_image(
        Rectangle::new(top_left, Size::new(width, size + 6.0)),
        &marks::get().plate,
    );
    frame.fill_text(Text {
        content: name.to_owned(),
        position: top_left + Vector::new(4.0, 3.0),
        color,
        size: size.into(),
        font: theme::BOLD,
        ..Text::default()
    });
}

/// The marks drawn on maps, as small pictures made once: a canvas draws pictures above its
/// shapes, so marks over a map must be pictures too.
mod marks {
    use super::{HALO, INK, RIGHT, WRONG};
    use iced::Color;
    use iced::widget::image::Handle;
    use std::sync::OnceLock;

    pub struct Marks {
        pub marker: Handle,
        pub place: Handle,
        pub ring: Handle,
        pub right: Handle,
        pub wrong: Handle,
        pub crosshair: Handle,
        pub plate: Handle,
    }

    pub fn get() -> &'static Marks {
        static MARKS: OnceLock<Marks> = OnceLock::new();
        MARKS.get_or_init(|| Marks {
            marker: disc(64, INK),
            place: disc(32, INK),
            ring: ring(128),
            right: disc(64, RIGHT),
            wrong: disc(64, WRONG),
            crosshair: crosshair(96),
            plate: paint(1, |_, _| Some(Color { a: 0.9, ..HALO })),
        })
    }

    /// A square picture `side` pixels across, each pixel's colour given by its distance from the
    /// centre and its offsets, in units of the radius.
    fn paint(side: u32, colour: impl Fn(f32, (f32, f32)) -> Option<Color>) -> Handle {
        let r = side as f32 / 2.0;
        let mut pixels = Vec::with_capacity((side * side * 4) as usize);
        for y in 0..side {
            for x in 0..side {
                let (dx, dy) = ((x as f32 + 0.5 - r) / r, (y as f32 + 0.5 - r) / r);
                let c = colour(dx.hypot(dy), (dx, dy)).unwrap_or(Color::TRANSPARENT);
                pixels.extend_from_slice(&c.into_rgba8());
            }
        }
        Handle::from_rgba(side, side, pixels)
    }

    /// A filled circle with a white rim.
    fn disc(side: u32, fill: Color) -> Handle {
        paint(side, |d, _| match d {
            d if d <= 0.82 => Some(fill),
            d if d <= 1.0 => Some(HALO),
            _ => None,
        })
    }

    /// A ring in the colour of a right answer, rimmed white inside and out.
    fn ring(side: u32) -> Handle {
        paint(side, |d, _| match d {
            d if (0.84..=0.95).contains(&d) => Some(RIGHT),
            d if (0.78..=1.0).contains(&d) => Some(HALO),
            _ => None,
        })
    }

    /// A circle with cross hairs, dark on a white rim.
    fn crosshair(side: u32) -> Handle {
        paint(side, |d, (dx, dy)| {
            let on_circle = (0.36..=0.44).contains(&d);
            let on_hairs = (dx.abs() <= 0.03 || dy.abs() <= 0.03) && d <= 0.95;
            let near_circle = (0.32..=0.48).contains(&d);
            let near_hairs = (dx.abs() <= 0.07 || dy.abs() <= 0.07) && d <= 1.0;
            if on_circle || on_hairs {
                Some(INK)
            } else if near_circle || near_hairs {
                Some(HALO)
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_maps_to_the_picture_and_back() {
        let picture = crate::deck::media::Size {
            width: 1000.0,
            height: 750.0,
        };
        // A wide canvas: the map is as tall as the canvas and centred across it.
        let fit = Fit::new(picture, Size::new(800.0, 300.0));
        let corner = fit.to_map(Point::new(200.0, 0.0));
        assert!(
            (corner.x).abs() < 1e-3 && (corner.y).abs() < 1e-3,
            "{corner:?}"
        );
        let spot = Spot { x: 500.0, y: 600.0 };
        let back = fit.to_map(fit.to_screen(spot));
        assert!((back.x - 500.0).abs() < 1e-3 && (back.y - 600.0).abs() < 1e-3);
    }
}
