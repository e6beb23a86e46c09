//! The learner's `report.html`: one self-contained page with inline CSS and inline SVG charts.
//! Pages are written as well-formed XHTML-style markup so any browser, and any XML parser, reads them.

use super::rows::ReportRow;
use super::svg::{self, Series, ShareBar, StackedBar};
use crate::stats::{Overview, Range};
use std::fmt::Write;

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The stylesheet shared by the learner and class pages; it follows the reader's light or dark mode.
const STYLE: &str = "
:root { color-scheme: light dark; --ink: #1d2330; --muted: #5b6578; --paper: #ffffff; --line: #d8dde6;
  --learn: #4c8bf5; --review: #2fa36b; --relearn: #e0883b; --accent: #7a5af5; --track: #eef1f5; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8ebf2; --muted: #a3acbd; --paper: #171b24;
  --line: #343b4a; --track: #262c38; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--paper);
  max-width: 780px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
p.meta, p.note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3em 0.5em; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.totals { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.6em; }
dl.totals div { background: var(--track); border-radius: 6px; padding: 0.5em 0.7em; }
dl.totals dt { color: var(--muted); font-size: 0.85em; }
dl.totals dd { margin: 0; font-size: 1.3em; font-weight: 600; }
svg { max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .target { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .learn { fill: var(--learn); } svg .review { fill: var(--review); } svg .relearn { fill: var(--relearn); }
svg .track { fill: var(--track); } svg .mastery { fill: var(--review); }
svg .before { stroke: var(--ink); stroke-width: 2; }
svg .line { fill: none; stroke-width: 2; }
svg .s0 { stroke: var(--accent); fill: var(--accent); } svg .s1 { stroke: var(--learn); fill: var(--learn); }
svg .s2 { stroke: var(--relearn); fill: var(--relearn); } svg .s3 { stroke: var(--review); fill: var(--review); }
svg .s4 { stroke: #c2417a; fill: #c2417a; } svg .s5 { stroke: #8a7a2f; fill: #8a7a2f; }
svg polyline.line { fill: none; }
.legend span { display: inline-block; margin-right: 1em; color: var(--muted); font-size: 0.9em; }
.legend i { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; border-radius: 2px; }
td.m0 { background: rgba(224, 136, 59, 0.25); } td.m1 { background: rgba(224, 180, 59, 0.25); }
td.m2 { background: rgba(160, 190, 70, 0.25); } td.m3 { background: rgba(47, 163, 107, 0.3); }
td.m4 { background: rgba(47, 163, 107, 0.5); }
";

/// Colours for series, cycled.
pub(crate) fn series_class(i: usize) -> String {
    format!("s{}", i % 6)
}

/// Wraps a page body in a complete document.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n\
         <meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

pub(crate) fn legend(entries: &[(&str, &str)]) -> String {
    let mut out = String::from("<p class=\"legend\">");
    for (name, colour) in entries {
        let _ = write!(
            out,
            "<span><i style=\"background: var(--{colour})\"></i>{}</span>",
            escape(name)
        );
    }
    out.push_str("</p>\n");
    out
}

pub(crate) fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn minutes(ms: u64) -> String {
    let minutes = ms / 60_000;
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

/// The learner's page: headline figures, the four charts and the deck × topic table.
pub fn learner_html(learner: &str, overview: &Overview, rows: &[ReportRow]) -> String {
    let t = &overview.totals;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Changchun Cards: {}</h1>\n<p class=\"meta\">Study report of {}, made on {}.</p>\n",
        escape(learner),
        escape(learner),
        overview.today
    );
    body.push_str("<dl class=\"totals\">\n");
    let figures = [
        ("Cards", t.cards.total().to_string()),
        ("Mastered", t.mastered.to_string()),
        ("Due today", t.due_today.to_string()),
        ("Reviews", t.reviews.to_string()),
        ("Time studied", minutes(t.time_ms)),
        ("True retention", t.retention().map_or("–".into(), percent)),
        (
            "Current streak",
            format!("{} days", overview.streak.current),
        ),
        (
            "Longest streak",
            format!("{} days", overview.streak.longest),
        ),
    ];
    for (name, value) in figures {
        let _ = writeln!(
            body,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(name),
            escape(&value)
        );
    }
    body.push_str("</dl>\n");

    body.push_str("<h2>Reviews per day (last 3 months)</h2>\n");
    body.push_str(&legend(&[
        ("learn", "learn"),
        ("review", "review"),
        ("relearn", "relearn"),
    ]));
    let bars: Vec<StackedBar> = overview
        .days_in(Range::ThreeMonths)
        .iter()
        .map(|d| StackedBar {
            label: format!("{} ({} min)", d.date, d.time_ms / 60_000),
            values: vec![d.learn, d.review, d.relearn],
        })
        .collect();
    body.push_str(&svg::stacked_bars(
        "Reviews per day",
        &[
            ("learn", "learn"),
            ("review", "review"),
            ("relearn", "relearn"),
        ],
        &bars,
    ));
    let summary = overview.summary(Range::ThreeMonths);
    let _ = writeln!(
        body,
        "<p class=\"note\">{} reviews on {} days, {} of study.</p>",
        summary.reviews,
        summary.days_studied,
        minutes(summary.time_ms)
    );

    body.push_str("<h2>True retention per week (last year)</h2>\n");
    let weeks = overview.weeks_in(Range::Year);
    let categories: Vec<String> = weeks
        .iter()
        .map(|w| format!("week of {}", w.week_start))
        .collect();
    let retention = Series {
        name: "true retention".into(),
        class: series_class(0),
        points: weeks.iter().map(|w| w.retention()).collect(),
        tips: weeks
            .iter()
            .map(|w| {
                format!(
                    "week of {}: {} of {} recalled",
                    w.week_start,
                    w.passed,
                    w.passed + w.failed
                )
            })
            .collect(),
    };
    body.push_str(&svg::share_lines(
        "True retention per week",
        &categories,
        &[retention],
        Some(overview.desired_retention),
    ));
    body.push_str(
        "<p class=\"note\">The first review of each learned card each day; Again counts as forgotten. \
         The dashed line is the retention the schedule aims for.</p>\n",
    );

    body.push_str("<h2>Quiz scores</h2>\n");
    if overview.tests.is_empty() {
        body.push_str("<p class=\"note\">No quiz taken yet.</p>\n");
    } else {
        body.push_str(&test_chart(overview));
    }

    body.push_str("<h2>Mastery per topic</h2>\n");
    let mastery: Vec<ShareBar> = overview
        .topics
        .iter()
        .map(|topic| {
            let share = |n: u32| {
                if topic.cards == 0 {
                    0.0
                } else {
                    f64::from(n) / f64::from(topic.cards)
                }
            };
            ShareBar {
                label: format!("{}: {}", topic.deck_title, topic.topic),
                now: share(topic.mastered),
                before: share(topic.mastered_at_start(Range::Month)),
            }
        })
        .collect();
    body.push_str(&svg::share_bars(
        "Mastery per topic",
        &mastery,
        "30 days ago",
    ));
    body.push_str(&format!(
        "<p class=\"note\">Share of each topic's cards mastered: {}; the dark mark shows the \
         share 30 days ago.</p>\n",
        escape(crate::stats::MASTERY_RULE)
    ));

    body.push_str("<h2>Decks and topics</h2>\n");
    body.push_str(&topic_table(rows));
    page(&format!("Study report: {learner}"), &body)
}

/// One line per deck, over the dates of every test.
fn test_chart(overview: &Overview) -> String {
    let mut dates: Vec<_> = overview
        .tests
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.at))
        .collect();
    dates.sort();
    dates.dedup();
    let categories: Vec<String> = dates
        .iter()
        .map(|at| overview_date(overview, *at))
        .collect();
    let series: Vec<Series> = overview
        .tests
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let point = |at| s.points.iter().find(|p| p.at == at);
            Series {
                name: s.title.clone(),
                class: series_class(i),
                points: dates
                    .iter()
                    .map(|at| point(*at).map(|p| p.score()))
                    .collect(),
                tips: dates
                    .iter()
                    .map(|at| {
                        point(*at).map_or_else(String::new, |p| {
                            format!("{}, {}: {} of {}", s.title, p.date, p.correct, p.total)
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let mut out = String::from("<p class=\"legend\">");
    for (i, s) in series.iter().enumerate() {
        let colour = ["accent", "learn", "relearn", "review"][i % 4];
        let _ = write!(
            out,
            "<span><i style=\"background: var(--{colour})\"></i>{}</span>",
            escape(&s.name)
        );
    }
    out.push_str("</p>\n");
    out.push_str(&svg::share_lines("Quiz scores", &categories, &series, None));
    out
}

fn overview_date(overview: &Overview, at: chrono::DateTime<chrono::Utc>) -> String {
    overview
        .tests
        .iter()
        .flat_map(|s| &s.points)
        .find(|p| p.at == at)
        .map_or_else(String::new, |p| p.date.to_string())
}

fn topic_table(rows: &[ReportRow]) -> String {
    let mut out = String::from(
        "<table>\n<thead><tr><th>Deck</th><th>Topic</th><th class=\"num\">Cards</th>\
         <th class=\"num\">Mastered</th><th class=\"num\">Retention</th><th class=\"num\">Last test</th>\
         <th class=\"num\">Minutes</th><th>Last studied</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({})</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.0}</td><td>{}</td></tr>",
            escape(&row.deck),
            escape(&row.topic),
            row.cards,
            row.mastered,
            percent(row.mastery()),
            row.retention.map_or("–".into(), percent),
            row.last_test_score.map_or("–".into(), percent),
            row.time_studied_minutes,
            row.last_studied.map_or("never".into(), |d| d.to_string()),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
