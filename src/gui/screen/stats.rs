//! Statistics: reviews per day, true retention, test scores, mastery per topic, the due forecast and the
//! calendar, for a chosen range. Computed off the UI thread; the screen shows a loading state meanwhile.

use crate::gui::context::Context;
use crate::gui::task::{self, Purpose};
use crate::gui::theme;
use crate::gui::widget::button;
use crate::gui::widget::chart::{self, Bar, Bars, Heatmap, LinePoint, Lines, Series};
use crate::stats::{Overview, Range};
use chrono::Datelike;
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, row, scrollable, text};
use iced::{Color, Element, Fill, Task};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Message {
    Computed(Result<Arc<Overview>, String>),
    Range(Range),
    ExportReport,
    ReportWritten(Result<String, String>),
    Class,
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Choose(Purpose),
    Class,
    Back,
}

pub const SCROLL: &str = "statistics";

pub struct Stats {
    overview: Option<Arc<Overview>>,
    range: Range,
    charts: Charts,
    status: Option<String>,
}

/// The charts for the current overview and range, built once per change rather than every frame.
#[derive(Default)]
struct Charts {
    reviews: Bars,
    retention: Lines,
    tests: Lines,
    mastery: Bars,
    forecast: Bars,
    calendar: Heatmap,
}

const DECK_COLOURS: [Color; 5] = [
    theme::NEW,
    theme::LEARNING,
    theme::REVIEW,
    theme::ALMOST,
    Color::from_rgb(0.55, 0.35, 0.75),
];

impl Stats {
    pub fn new(context: &Context) -> (Self, Task<Message>) {
        let stats = Stats {
            overview: None,
            range: Range::Month,
            charts: Charts::default(),
            status: None,
        };
        let task = task::statistics(&context.profile, |r| Message::Computed(r.map(Arc::new)));
        (stats, task)
    }

    pub fn overview(&self) -> Option<&Overview> {
        self.overview.as_deref()
    }

    /// The mastery chart's bar labels, deck and topic.
    pub fn mastery_labels(&self) -> Vec<String> {
        self.charts
            .mastery
            .bars
            .iter()
            .map(|b| b.label.clone())
            .collect()
    }

    /// Writes the report of the statistics on screen into a folder.
    pub fn export_to(&mut self, dir: std::path::PathBuf, context: &Context) -> Task<Message> {
        // The figures on screen are the report's: write them rather than read the log again.
        match &self.overview {
            Some(overview) => task::write_report(
                dir,
                context.profile.name().to_owned(),
                Arc::clone(overview),
                Message::ReportWritten,
            ),
            None => {
                self.status = Some(
                    "The statistics are still being computed; export again in a moment.".into(),
                );
                Task::none()
            }
        }
    }

    pub fn update(&mut self, message: Message, _context: &mut Context) -> Action {
        match message {
            Message::Computed(Ok(overview)) => {
                self.overview = Some(overview);
                self.rebuild();
            }
            Message::Computed(Err(e)) => {
                self.status = Some(format!("Statistics could not be computed: {e}"))
            }
            Message::Range(range) => {
                self.range = range;
                self.rebuild();
            }
            Message::ExportReport => return Action::Choose(Purpose::ReportFolder),
            Message::ReportWritten(Ok(note) | Err(note)) => self.status = Some(note),
            Message::Class => return Action::Class,
            Message::Back => return Action::Back,
        }
        Action::None
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use crate::gui::shortcuts::{self, Statistics as K};
        Some(
            match shortcuts::find(shortcuts::STATISTICS, key, modifiers)? {
                K::Back => Message::Back,
                K::Month => Message::Range(Range::Month),
                K::ThreeMonths => Message::Range(Range::ThreeMonths),
                K::Year => Message::Range(Range::Year),
                K::All => Message::Range(Range::All),
                K::Export => Message::ExportReport,
                K::Class => Message::Class,
            },
        )
    }

    fn rebuild(&mut self) {
        let Some(o) = self.overview.as_deref() else {
            return;
        };
        let range = self.range;
        // Every day of a bounded range gets its slot, so one busy day does not fill the chart.
        let mut days: Vec<crate::stats::DayReviews> = Vec::new();
        if let Some(start) = o.range_start(range) {
            let first_logged = o.days.first().map_or(o.today, |d| d.date);
            let mut date = start;
            while date < first_logged.min(o.today) {
                days.push(crate::stats::DayReviews {
                    date,
                    ..Default::default()
                });
                date = date.succ_opt().unwrap_or(date);
                if date == start {
                    break;
                }
            }
        }
        days.extend_from_slice(o.days_in(range));
        self.charts.reviews = Bars {
            bars: days
                .iter()
                .map(|d| Bar {
                    label: d.date.format("%-d %b").to_string(),
                    segments: vec![
                        (d.learn as f32, theme::NEW),
                        (d.review as f32, theme::REVIEW),
                        (d.relearn as f32, theme::LEARNING),
                    ],
                    readout: format!(
                        "{}: {} learn, {} review, {} relearn · {:.0} min",
                        d.date.format("%a %-d %b"),
                        d.learn,
                        d.review,
                        d.relearn,
                        d.time_ms as f64 / 60_000.0
                    ),
                })
                .collect(),
            max: None,
            percent: false,
        };
        let weeks = o.weeks_in(range);
        let n = weeks.len().max(2) as f32 - 1.0;
        // The axis starts at 50 %, or lower in steps of 10 % when a week fell below it.
        let lowest = weeks
            .iter()
            .filter_map(|w| w.retention())
            .fold(0.5f64, f64::min);
        self.charts.retention = Lines {
            series: vec![Series {
                name: "True retention".into(),
                color: theme::REVIEW,
                points: weeks
                    .iter()
                    .enumerate()
                    .filter_map(|(i, w)| {
                        w.retention().map(|r| LinePoint {
                            x: i as f32 / n,
                            y: r as f32,
                            readout: format!(
                                "Week of {}: {:.0} % ({} of {})",
                                w.week_start.format("%-d %b"),
                                r * 100.0,
                                w.passed,
                                w.passed + w.failed
                            ),
                        })
                    })
                    .collect(),
            }],
            min: ((lowest * 10.0).floor() / 10.0) as f32,
            max: 1.0,
            target: Some((
                o.desired_retention as f32,
                format!("desired {:.0} %", o.desired_retention * 100.0),
            )),
            percent: true,
            x_labels: edge_labels(
                weeks.first().map(|w| w.week_start),
                weeks.last().map(|w| w.week_start),
            ),
        };
        let series = o.tests_in(range);
        let first = series
            .iter()
            .flat_map(|s| s.points.first())
            .map(|p| p.at)
            .min();
        let last = series
            .iter()
            .flat_map(|s| s.points.last())
            .map(|p| p.at)
            .max();
        let span = match (first, last) {
            (Some(a), Some(b)) => (b - a).num_seconds().max(1) as f32,
            _ => 1.0,
        };
        self.charts.tests = Lines {
            series: series
                .iter()
                .enumerate()
                .map(|(i, s)| Series {
                    name: s.title.clone(),
                    color: DECK_COLOURS[i % DECK_COLOURS.len()],
                    points: s
                        .points
                        .iter()
                        .map(|p| LinePoint {
                            x: first.map_or(0.0, |f| (p.at - f).num_seconds() as f32 / span),
                            y: p.score() as f32,
                            readout: format!(
                                "{} {}: {} of {}",
                                s.title,
                                p.date.format("%-d %b"),
                                p.correct,
                                p.total
                            ),
                        })
                        .collect(),
                })
                .collect(),
            min: 0.0,
            max: 1.0,
            target: None,
            percent: true,
            x_labels: edge_labels(first.map(|f| f.date_naive()), last.map(|l| l.date_naive())),
        };
        self.charts.mastery = Bars {
            bars: o
                .topics
                .iter()
                .map(|t| {
                    let now = t.mastery() as f32;
                    let before = if t.cards == 0 {
                        0.0
                    } else {
                        t.mastered_at_start(range) as f32 / t.cards as f32
                    };
                    let gained = (now - before).max(0.0);
                    Bar {
                        // A topic name can recur across decks: the deck says which one it is.
                        label: format!("{} · {}", t.deck_title, t.topic),
                        segments: vec![
                            (now - gained, theme::REVIEW.scale_alpha(0.6)),
                            (gained, theme::REVIEW),
                        ],
                        readout: format!(
                            "{} — {}: {} of {} mastered ({:+} since the range began)",
                            t.deck_title,
                            t.topic,
                            t.mastered,
                            t.cards,
                            i64::from(t.mastered) - i64::from(t.mastered_at_start(range))
                        ),
                    }
                })
                .collect(),
            max: Some(1.0),
            percent: true,
        };
        self.charts.forecast = Bars {
            bars: o
                .forecast
                .iter()
                .map(|d| Bar {
                    label: d.date.format("%-d %b").to_string(),
                    segments: vec![(d.count as f32, theme::NEW)],
                    readout: format!("{}: {} due", d.date.format("%a %-d %b"), d.count),
                })
                .collect(),
            max: None,
            percent: false,
        };
        let first_weekday = o
            .heatmap
            .first()
            .map_or(0, |d| d.date.weekday().num_days_from_monday() as usize);
        self.charts.calendar = Heatmap {
            cells: o
                .heatmap
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let slot = i + first_weekday;
                    (
                        slot / 7,
                        slot % 7,
                        d.count,
                        format!("{}: {} answers", d.date.format("%a %-d %b %Y"), d.count),
                    )
                })
                .collect(),
            weeks: (o.heatmap.len() + first_weekday).div_ceil(7),
        };
    }

    pub fn view<'a>(&'a self, _context: &'a Context) -> Element<'a, Message> {
        let mut ranges = row![text("Range:")]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center);
        for (i, r) in Range::ALL.into_iter().enumerate() {
            ranges = ranges.push(
                button(text(format!("{}  [{}]", r.label(), i + 1)))
                    .style(theme::chip(r == self.range))
                    .padding([theme::SPACE_XS, theme::SPACE_M])
                    .on_press(Message::Range(r)),
            );
        }
        let header = row![
            text("Statistics")
                .size(theme::SIZE_TITLE)
                .font(theme::BOLD)
                .width(Fill),
            button(text("Export report…  [E]"))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::ExportReport),
            button(text("Class  [C]"))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::Class),
            button(text("Back  [Esc]"))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(Message::Back),
        ]
        .spacing(theme::SPACE_S)
        .align_y(iced::Center);
        let mut page = column![header, ranges].spacing(theme::SPACE_M);
        if let Some(s) = &self.status {
            page = page.push(text(s.as_str()));
        }
        let Some(o) = self.overview.as_deref() else {
            return container(page.push(text("Computing statistics…").size(theme::SIZE_QUESTION)))
                .padding(theme::PAGE_PADDING)
                .into();
        };
        let t = &o.totals;
        let sum = o.summary(self.range);
        let pct = |v: Option<f64>| v.map_or("—".to_owned(), |r| format!("{:.0} %", r * 100.0));
        page = page.push(
            text(format!(
                "{} new · {} learning · {} young · {} mature · {} due today · streak {} (longest {})",
                t.cards.new,
                t.cards.learning + t.cards.relearning,
                t.cards.young,
                t.cards.mature,
                t.due_today,
                days(o.streak.current),
                days(o.streak.longest)
            ))
            .size(theme::SIZE_BODY),
        );
        page = page.push(
            text(format!(
                "In this range: {} reviews on {}, {:.0} min studied, true retention {}; all time retention {}",
                sum.reviews,
                days(sum.days_studied),
                sum.time_ms as f64 / 60_000.0,
                pct(sum.retention()),
                pct(t.retention())
            ))
            .size(theme::SIZE_BODY),
        );
        let section = |title: &'a str, chart: Element<'a, Message>| {
            container(
                column![text(title).size(theme::SIZE_BODY).font(theme::BOLD), chart]
                    .spacing(theme::SPACE_S),
            )
            .padding(theme::CARD_PADDING)
            .width(Fill)
            .style(theme::card)
        };
        page = page
            .push(section(
                "Reviews per day (learn · review · relearn)",
                chart::bars(&self.charts.reviews, 160.0),
            ))
            .push(section(
                "True retention per week",
                chart::lines(&self.charts.retention, 150.0),
            ))
            .push(section(
                "Quiz scores",
                chart::lines(&self.charts.tests, 150.0),
            ))
            .push(section(
                "Mastery per topic, by deck (darker: gained in this range)",
                chart::bars(&self.charts.mastery, 150.0),
            ))
            .push(
                text(format!("Mastered: {}.", crate::stats::MASTERY_RULE))
                    .size(theme::SIZE_SMALL)
                    .style(theme::muted_text),
            )
            .push(section(
                "Due in the next 30 days",
                chart::bars(&self.charts.forecast, 130.0),
            ))
            .push(section(
                "The last 365 days",
                chart::heatmap(&self.charts.calendar, 110.0),
            ));
        scrollable(
            container(page.max_width(1100))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .id(SCROLL)
        .into()
    }
}

/// "1 day", "2 days".
fn days(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// Dates at both ends of a time axis.
fn edge_labels(
    first: Option<chrono::NaiveDate>,
    last: Option<chrono::NaiveDate>,
) -> Vec<(f32, String)> {
    let mut labels = Vec::new();
    if let Some(f) = first {
        labels.push((0.0, f.format("%-d %b %Y").to_string()));
    }
    if let Some(l) = last.filter(|l| Some(*l) != first) {
        labels.push((0.85, l.format("%-d %b %Y").to_string()));
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::WeekRetention;

    #[test]
    fn the_retention_axis_reaches_down_to_the_weakest_week() {
        let input = crate::stats::StatsInput::new(&[], &[], std::iter::empty(), Default::default());
        let mut overview = Overview::compute(&input);
        let monday = |day| chrono::NaiveDate::from_ymd_opt(1970, 1, day).unwrap_or_default();
        overview.weeks = vec![
            WeekRetention {
                week_start: monday(5),
                passed: 9,
                failed: 1,
            },
            WeekRetention {
                week_start: monday(12),
                passed: 3,
                failed: 7,
            },
        ];
        let mut stats = Stats {
            overview: Some(Arc::new(overview)),
            range: Range::All,
            charts: Charts::default(),
            status: None,
        };
        stats.rebuild();
        assert!((stats.charts.retention.min - 0.3).abs() < 1e-6);
        overview_with_only_strong_weeks(&mut stats);
        stats.rebuild();
        assert!((stats.charts.retention.min - 0.5).abs() < 1e-6);
    }

    fn overview_with_only_strong_weeks(stats: &mut Stats) {
        let mut overview = stats.overview().cloned().expect("an overview");
        for week in &mut overview.weeks {
            week.passed = 9;
            week.failed = 1;
        }
        stats.overview = Some(Arc::new(overview));
    }
}
