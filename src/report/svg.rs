//! A small SVG writer and the four report charts drawn with it. Colours live in the page's stylesheet
//! (classes), so the charts stay plain markup; every text goes through [`escape`].

use super::html::escape;
use std::fmt::Write;

/// An SVG document under construction.
pub struct Svg {
    out: String,
}

/// Where a text sits relative to its x coordinate.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::End => "end",
        }
    }
}

/// Writes a coordinate with at most one decimal, enough for screen pixels.
fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

impl Svg {
    /// Starts a drawing `width` × `height` units large, described by `label` for screen readers.
    pub fn new(width: f64, height: f64, label: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}">"#,
            w = n(width),
            h = n(height),
            label = escape(label)
        );
        Svg { out }
    }

    /// A rectangle; `tip` shows when the pointer rests on it.
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        class: &str,
        tip: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" class="{}""#,
            n(x),
            n(y),
            n(width.max(0.0)),
            n(height.max(0.0)),
            escape(class)
        );
        self.close("rect", tip);
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), class: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}"/>"#,
            n(from.0),
            n(from.1),
            n(to.0),
            n(to.1),
            escape(class)
        );
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], class: &str) {
        let points: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{},{}", n(x), n(y)))
            .collect();
        let _ = write!(
            self.out,
            r#"<polyline points="{}" class="{}"/>"#,
            points.join(" "),
            escape(class)
        );
    }

    pub fn circle(&mut self, center: (f64, f64), radius: f64, class: &str, tip: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<circle cx="{}" cy="{}" r="{}" class="{}""#,
            n(center.0),
            n(center.1),
            n(radius),
            escape(class)
        );
        self.close("circle", tip);
    }

    pub fn text(&mut self, at: (f64, f64), anchor: Anchor, class: &str, text: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{}" class="{}">{}</text>"#,
            n(at.0),
            n(at.1),
            anchor.as_str(),
            escape(class),
            escape(text)
        );
    }

    /// Ends the `tag` element being written, with a tooltip child when there is one.
    fn close(&mut self, tag: &str, tip: Option<&str>) {
        match tip {
            Some(tip) => {
                let _ = write!(self.out, "><title>{}</title></{tag}>", escape(tip));
            }
            None => self.out.push_str("/>"),
        }
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// The plotting area inside a chart's margins, with a value axis from 0 to `y_max`.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    y_max: f64,
}

impl Frame {
    fn new(width: f64, height: f64, y_max: f64) -> Frame {
        Frame {
            width,
            height,
            left: 44.0,
            top: 12.0,
            right: 12.0,
            bottom: 28.0,
            y_max: if y_max > 0.0 { y_max } else { 1.0 },
        }
    }

    fn plot_width(&self) -> f64 {
        self.width - self.left - self.right
    }

    fn plot_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    fn y(&self, value: f64) -> f64 {
        self.top + self.plot_height() * (1.0 - (value / self.y_max).clamp(0.0, 1.0))
    }

    fn baseline(&self) -> f64 {
        self.height - self.bottom
    }

    /// Grid lines and labels for the value axis; `label` writes a tick value.
    fn axes(&self, svg: &mut Svg, ticks: &[f64], label: impl Fn(f64) -> String) {
        for &tick in ticks {
            let y = self.y(tick);
            svg.line((self.left, y), (self.width - self.right, y), "grid");
            svg.text(
                (self.left - 6.0, y + 4.0),
                Anchor::End,
                "tick",
                &label(tick),
            );
        }
        svg.line(
            (self.left, self.baseline()),
            (self.width - self.right, self.baseline()),
            "axis",
        );
    }

    /// Labels under the first and last positions of the category axis.
    fn ends(&self, svg: &mut Svg, first: &str, last: &str) {
        let y = self.height - 8.0;
        svg.text((self.left, y), Anchor::Start, "tick", first);
        svg.text((self.width - self.right, y), Anchor::End, "tick", last);
    }
}

/// Up to five round tick values from 0 to at least `max`.
fn count_ticks(max: f64) -> (f64, Vec<f64>) {
    let max = max.max(1.0);
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
        .max(1.0);
    let top = (max / step).ceil() * step;
    let ticks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|t| *t <= top + step / 2.0)
        .collect();
    (top, ticks)
}

const SHARE_TICKS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// One bar of a stacked bar chart: its label and the height of each layer, bottom first.
pub struct StackedBar {
    pub label: String,
    pub values: Vec<u32>,
}

/// Bars of stacked layers; `layers` names each layer and its style class, bottom first.
pub fn stacked_bars(label: &str, layers: &[(&str, &str)], bars: &[StackedBar]) -> String {
    let (width, height) = (720.0, 220.0);
    let max = bars
        .iter()
        .map(|b| b.values.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let (top, ticks) = count_ticks(f64::from(max));
    let frame = Frame::new(width, height, top);
    let mut svg = Svg::new(width, height, label);
    frame.axes(&mut svg, &ticks, |t| format!("{t}"));
    let slot = frame.plot_width() / bars.len().max(1) as f64;
    for (i, bar) in bars.iter().enumerate() {
        let x = frame.left + slot * i as f64 + slot * 0.1;
        let mut below = 0u32;
        for (value, (name, class)) in bar.values.iter().zip(layers) {
            if *value == 0 {
                continue;
            }
            let y = frame.y(f64::from(below + value));
            let h = frame.y(f64::from(below)) - y;
            let tip = format!("{}: {value} {name}", bar.label);
            svg.rect(x, y, slot * 0.8, h, class, Some(&tip));
            below += value;
        }
    }
    if let (Some(first), Some(last)) = (bars.first(), bars.last()) {
        frame.ends(&mut svg, &first.label, &last.label);
    }
    svg.finish()
}

/// One line of a line chart: points at category positions, `None` where there is no value.
pub struct Series {
    pub name: String,
    pub class: String,
    pub points: Vec<Option<f64>>,
    /// The tooltip of each point.
    pub tips: Vec<String>,
}

/// Lines of shares (0 to 1) over common categories, with an optional dashed target line.
pub fn share_lines(
    label: &str,
    categories: &[String],
    series: &[Series],
    target: Option<f64>,
) -> String {
    let (width, height) = (720.0, 220.0);
    let frame = Frame::new(width, height, 1.0);
    let mut svg = Svg::new(width, height, label);
    frame.axes(&mut svg, &SHARE_TICKS, percent);
    if let Some(target) = target {
        let y = frame.y(target);
        svg.line((frame.left, y), (width - frame.right, y), "target");
        svg.text(
            (width - frame.right, y - 4.0),
            Anchor::End,
            "tick",
            &format!("desired {}", percent(target)),
        );
    }
    let step = frame.plot_width() / (categories.len().max(2) - 1) as f64;
    let x = |i: usize| {
        if categories.len() == 1 {
            frame.left + frame.plot_width() / 2.0
        } else {
            frame.left + step * i as f64
        }
    };
    for line in series {
        // A gap (no value) breaks the line into separate runs.
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, value) in line.points.iter().enumerate() {
            match value {
                Some(v) => run.push((x(i), frame.y(*v))),
                None if !run.is_empty() => {
                    svg.polyline(&run, &format!("line {}", line.class));
                    run.clear();
                }
                None => {}
            }
        }
        if run.len() > 1 {
            svg.polyline(&run, &format!("line {}", line.class));
        }
        for (i, value) in line.points.iter().enumerate() {
            if let Some(v) = value {
                let tip = line.tips.get(i).map(String::as_str);
                svg.circle(
                    (x(i), frame.y(*v)),
                    3.0,
                    &format!("dot {}", line.class),
                    tip,
                );
            }
        }
    }
    if let (Some(first), Some(last)) = (categories.first(), categories.last()) {
        frame.ends(&mut svg, first, last);
    }
    svg.finish()
}

/// One row of a horizontal bar chart of shares: the share now and at an earlier date.
pub struct ShareBar {
    pub label: String,
    pub now: f64,
    pub before: f64,
}

/// Horizontal bars of shares, each with a thin mark of its earlier value.
pub fn share_bars(label: &str, rows: &[ShareBar], before_label: &str) -> String {
    let row_height = 26.0;
    let (width, label_width) = (720.0, 260.0);
    let height = 24.0 + row_height * rows.len().max(1) as f64;
    let bar_width = width - label_width - 70.0;
    let mut svg = Svg::new(width, height, label);
    for (i, row) in rows.iter().enumerate() {
        let y = 8.0 + row_height * i as f64;
        svg.text(
            (label_width - 8.0, y + 14.0),
            Anchor::End,
            "tick",
            &row.label,
        );
        svg.rect(label_width, y + 3.0, bar_width, 16.0, "track", None);
        let tip = format!(
            "{}: {} now, {} {before_label}",
            row.label,
            percent(row.now),
            percent(row.before)
        );
        svg.rect(
            label_width,
            y + 3.0,
            bar_width * row.now.clamp(0.0, 1.0),
            16.0,
            "mastery",
            Some(&tip),
        );
        let mark = label_width + bar_width * row.before.clamp(0.0, 1.0);
        svg.line((mark, y), (mark, y + 22.0), "before");
        svg.text(
            (label_width + bar_width + 8.0, y + 15.0),
            Anchor::Start,
            "tick",
            &percent(row.now),
        );
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        // Counts are whole numbers: no tick below 1.
        assert_eq!(count_ticks(0.0), (1.0, vec![0.0, 1.0]));
        assert_eq!(count_ticks(3.0), (3.0, vec![0.0, 1.0, 2.0, 3.0]));
        let (top, ticks) = count_ticks(37.0);
        assert_eq!(top, 40.0);
        assert_eq!(ticks, [0.0, 10.0, 20.0, 30.0, 40.0]);
        let (top, _) = count_ticks(1234.0);
        assert!((1234.0..=2000.0).contains(&top));
    }

    #[test]
    fn elements_with_tips_get_a_title_and_an_end_tag() {
        let mut svg = Svg::new(10.0, 10.0, "a <b>");
        svg.rect(0.0, 0.0, 5.0, 5.0, "c", Some("x & y"));
        svg.circle((1.0, 1.0), 1.0, "d", None);
        let text = svg.finish();
        assert!(text.contains(r#"aria-label="a &lt;b&gt;""#));
        assert!(text.contains("<title>x &amp; y</title></rect>"));
        assert!(text.contains(r#"class="d"/>"#));
        assert!(text.ends_with("</svg>"));
    }
}
