//! Charts drawn on a canvas, themed for light and dark, each with a readout of what the pointer is over.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Element, Event, Fill, Length, Point, Rectangle, Renderer, Size, Theme};

const MARGIN_LEFT: f32 = 44.0;
const MARGIN_BOTTOM: f32 = 22.0;
const MARGIN_TOP: f32 = 8.0;

/// One bar: stacked segments from the bottom, and the sentence shown when hovered.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub segments: Vec<(f32, Color)>,
    pub readout: String,
}

/// A stacked bar chart (reviews per day, future due, mastery per topic).
#[derive(Debug, Clone, Default)]
pub struct Bars {
    pub bars: Vec<Bar>,
    /// Upper end of the value axis; the largest stack when `None`.
    pub max: Option<f32>,
    /// Formats axis values, e.g. as a percentage.
    pub percent: bool,
}

/// A point on a line: x from 0 (left) to 1 (right).
#[derive(Debug, Clone)]
pub struct LinePoint {
    pub x: f32,
    pub y: f32,
    pub readout: String,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub color: Color,
    pub points: Vec<LinePoint>,
}

/// Lines over time (retention per week, test scores), with an optional target line.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    pub series: Vec<Series>,
    pub min: f32,
    pub max: f32,
    pub target: Option<(f32, String)>,
    pub percent: bool,
    /// Labels along the bottom: (x from 0 to 1, text).
    pub x_labels: Vec<(f32, String)>,
}

/// A calendar heatmap: one cell per day, weeks as columns.
#[derive(Debug, Clone, Default)]
pub struct Heatmap {
    /// (week column, weekday row 0–6, count, readout)
    pub cells: Vec<(usize, usize, u32, String)>,
    pub weeks: usize,
}

// Charts send no message (hovering only redraws them), so they fit any screen's message type.

pub fn bars<M: 'static>(chart: &Bars, height: f32) -> Element<'_, M> {
    plot(chart, height)
}

pub fn lines<M: 'static>(chart: &Lines, height: f32) -> Element<'_, M> {
    plot(chart, height)
}

pub fn heatmap<M: 'static>(chart: &Heatmap, height: f32) -> Element<'_, M> {
    plot(chart, height)
}

/// What a chart draws; the canvas around it is the same for every chart ([`Plot`]).
trait Chart {
    fn draw_on(&self, frame: &mut Frame, theme: &Theme, bounds: Rectangle, cursor: mouse::Cursor);
}

/// A chart on a canvas, redrawn as the pointer moves so the readout follows it.
struct Plot<'a, C>(&'a C);

impl<C: Chart, M> canvas::Program<M> for Plot<'_, C> {
    type State = ();

    fn update(
        &self,
        _: &mut (),
        event: &Event,
        _: Rectangle,
        _: mouse::Cursor,
    ) -> Option<canvas::Action<M>> {
        match event {
            Event::Mouse(mouse::Event::CursorMoved { .. } | mouse::Event::CursorLeft) => {
                Some(canvas::Action::request_redraw())
            }
            _ => None,
        }
    }

    fn draw(
        &self,
        _: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        self.0.draw_on(&mut frame, theme, bounds, cursor);
        vec![frame.into_geometry()]
    }
}

fn plot<C: Chart, M: 'static>(chart: &C, height: f32) -> Element<'_, M> {
    canvas::Canvas::new(Plot(chart))
        .width(Fill)
        .height(Length::Fixed(height))
        .into()
}

/// The note shown on an empty chart.
fn no_data(frame: &mut Frame, theme: &Theme, area: Rectangle) {
    label(
        frame,
        "No data in this range yet".into(),
        Point::new(area.x + 8.0, area.y + area.height / 2.0),
        ink(theme),
        false,
    );
}

fn ink(theme: &Theme) -> Color {
    theme.extended_palette().background.base.text
}

fn faint(theme: &Theme) -> Color {
    ink(theme).scale_alpha(0.25)
}

fn label(frame: &mut Frame, content: String, at: Point, color: Color, align_right: bool) {
    frame.fill_text(Text {
        content,
        position: at,
        color,
        size: 11.0.into(),
        align_x: if align_right {
            iced::widget::text::Alignment::Right
        } else {
            iced::widget::text::Alignment::Left
        },
        align_y: iced::alignment::Vertical::Center,
        font: crate::gui::theme::TEXT,
        ..Text::default()
    });
}

fn axis_value(value: f32, percent: bool) -> String {
    if percent {
        format!("{:.0}%", value * 100.0)
    } else if value >= 10.0 || value == value.round() {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Draws the hovered item's readout in a box near the pointer.
fn readout(frame: &mut Frame, theme: &Theme, at: Point, content: &str) {
    let width = 8.0 + 6.5 * content.chars().count() as f32;
    let x = (at.x + 12.0).min(frame.width() - width).max(0.0);
    let y = (at.y - 28.0).max(0.0);
    let palette = theme.extended_palette();
    frame.fill(
        &Path::rectangle(Point::new(x, y), Size::new(width, 20.0)),
        palette.background.weak.color,
    );
    label(
        frame,
        content.to_owned(),
        Point::new(x + 4.0, y + 10.0),
        palette.background.weak.text,
        false,
    );
}

fn plot_area(bounds: Size) -> Rectangle {
    Rectangle {
        x: MARGIN_LEFT,
        y: MARGIN_TOP,
        width: (bounds.width - MARGIN_LEFT - 8.0).max(1.0),
        height: (bounds.height - MARGIN_TOP - MARGIN_BOTTOM).max(1.0),
    }
}

fn grid(frame: &mut Frame, theme: &Theme, area: Rectangle, min: f32, max: f32, percent: bool) {
    for i in 0..=4 {
        let share = i as f32 / 4.0;
        let y = area.y + area.height * (1.0 - share);
        frame.stroke(
            &Path::line(Point::new(area.x, y), Point::new(area.x + area.width, y)),
            Stroke::default().with_color(faint(theme)).with_width(1.0),
        );
        label(
            frame,
            axis_value(min + (max - min) * share, percent),
            Point::new(area.x - 4.0, y),
            ink(theme),
            true,
        );
    }
}

impl Chart for Bars {
    fn draw_on(&self, frame: &mut Frame, theme: &Theme, bounds: Rectangle, cursor: mouse::Cursor) {
        let area = plot_area(bounds.size());
        let max = self
            .max
            .unwrap_or_else(|| {
                self.bars
                    .iter()
                    .map(|b| b.segments.iter().map(|s| s.0).sum::<f32>())
                    .fold(0.0, f32::max)
            })
            .max(if self.percent { 0.01 } else { 1.0 });
        grid(frame, theme, area, 0.0, max, self.percent);
        if self.bars.is_empty() {
            no_data(frame, theme, area);
            return;
        }
        let slot = area.width / self.bars.len() as f32;
        let width = (slot * 0.8).clamp(1.0, 48.0);
        let hovered = cursor.position_in(bounds).and_then(|p| {
            let i = ((p.x - area.x) / slot).floor();
            (i >= 0.0 && (i as usize) < self.bars.len() && area.contains(p)).then_some(i as usize)
        });
        // Label at most about eight bars along the bottom.
        let every = (self.bars.len() / 8).max(1);
        for (i, bar) in self.bars.iter().enumerate() {
            let x = area.x + slot * i as f32 + (slot - width) / 2.0;
            let mut top = area.y + area.height;
            for &(value, color) in &bar.segments {
                let h = area.height * value / max;
                top -= h;
                let color = if Some(i) == hovered {
                    color
                } else {
                    color.scale_alpha(0.85)
                };
                frame.fill(
                    &Path::rectangle(Point::new(x, top), Size::new(width, h)),
                    color,
                );
            }
            if i % every == 0 {
                label(
                    frame,
                    bar.label.clone(),
                    Point::new(x, area.y + area.height + 11.0),
                    ink(theme),
                    false,
                );
            }
        }
        if let (Some(i), Some(p)) = (hovered, cursor.position_in(bounds)) {
            readout(frame, theme, p, &self.bars[i].readout);
        }
    }
}

impl Chart for Lines {
    fn draw_on(&self, frame: &mut Frame, theme: &Theme, bounds: Rectangle, cursor: mouse::Cursor) {
        let area = plot_area(bounds.size());
        let span = (self.max - self.min).max(f32::EPSILON);
        grid(frame, theme, area, self.min, self.max, self.percent);
        let to_screen = |x: f32, y: f32| {
            Point::new(
                area.x + area.width * x,
                area.y + area.height * (1.0 - (y - self.min) / span),
            )
        };
        if let Some((value, name)) = &self.target {
            let a = to_screen(0.0, *value);
            let b = to_screen(1.0, *value);
            frame.stroke(
                &Path::line(a, b),
                Stroke::default()
                    .with_color(ink(theme).scale_alpha(0.6))
                    .with_width(1.5),
            );
            label(
                frame,
                name.clone(),
                Point::new(b.x - 4.0, b.y - 8.0),
                ink(theme),
                true,
            );
        }
        for (x, text) in &self.x_labels {
            label(
                frame,
                text.clone(),
                Point::new(area.x + area.width * x, area.y + area.height + 11.0),
                ink(theme),
                false,
            );
        }
        let mut nearest: Option<(f32, Point, &str)> = None;
        let pointer = cursor.position_in(bounds);
        let mut legend_x = area.x + 6.0;
        for s in &self.series {
            let points: Vec<Point> = s.points.iter().map(|p| to_screen(p.x, p.y)).collect();
            if points.len() > 1 {
                let path = Path::new(|b| {
                    b.move_to(points[0]);
                    for p in &points[1..] {
                        b.line_to(*p);
                    }
                });
                frame.stroke(&path, Stroke::default().with_color(s.color).with_width(2.0));
            }
            for (p, lp) in points.iter().zip(&s.points) {
                frame.fill(&Path::circle(*p, 3.0), s.color);
                if let Some(c) = pointer {
                    let d = c.distance(*p);
                    if d < 30.0 && nearest.is_none_or(|n| d < n.0) {
                        nearest = Some((d, *p, lp.readout.as_str()));
                    }
                }
            }
            if self.series.len() > 1 {
                frame.fill(
                    &Path::rectangle(Point::new(legend_x, area.y + 4.0), Size::new(10.0, 10.0)),
                    s.color,
                );
                label(
                    frame,
                    s.name.clone(),
                    Point::new(legend_x + 14.0, area.y + 9.0),
                    ink(theme),
                    false,
                );
                legend_x += 24.0 + 6.5 * s.name.chars().count() as f32;
            }
        }
        if self.series.iter().all(|s| s.points.is_empty()) {
            no_data(frame, theme, area);
        }
        if let Some((_, p, text)) = nearest {
            frame.fill(&Path::circle(p, 5.0), ink(theme));
            readout(frame, theme, p, text);
        }
    }
}

impl Chart for Heatmap {
    fn draw_on(&self, frame: &mut Frame, theme: &Theme, bounds: Rectangle, cursor: mouse::Cursor) {
        let weeks = self.weeks.max(1) as f32;
        let cell = ((bounds.width - 4.0) / weeks)
            .min((bounds.height - 4.0) / 7.0)
            .max(2.0);
        let max = self.cells.iter().map(|c| c.2).max().unwrap_or(0).max(1) as f32;
        let base = crate::gui::theme::REVIEW;
        let pointer = cursor.position_in(bounds);
        let mut hovered = None;
        for (week, day, count, text) in &self.cells {
            let at = Point::new(2.0 + *week as f32 * cell, 2.0 + *day as f32 * cell);
            let size = Size::new(cell - 2.0, cell - 2.0);
            let color = if *count == 0 {
                faint(theme)
            } else {
                base.scale_alpha(0.25 + 0.75 * (*count as f32 / max))
            };
            frame.fill(&Path::rectangle(at, size), color);
            if pointer.is_some_and(|p| Rectangle::new(at, size).contains(p)) {
                hovered = Some(text.as_str());
            }
        }
        if let (Some(text), Some(p)) = (hovered, pointer) {
            readout(frame, theme, p, text);
        }
    }
}
