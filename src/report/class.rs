//! `class.html`: several learners' `report.csv` files merged into one page for the teacher.

use super::html::{escape, page, percent, series_class};
use super::rows::{ReportRow, TestRecord};
use super::svg::{self, Series};
use chrono::NaiveDate;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

/// Days looked back for "who has not studied lately", today included.
pub const RECENT_DAYS: i64 = 7;

/// One learner's rows, in the order their topics first appear.
#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    pub name: String,
    pub rows: Vec<ReportRow>,
}

impl Learner {
    /// The last day this learner studied anything.
    pub fn last_studied(&self) -> Option<NaiveDate> {
        self.rows.iter().filter_map(|r| r.last_studied).max()
    }

    /// The learner's test results over all topics, one per test date: the topics' counts added up.
    pub fn test_trend(&self) -> Vec<TestRecord> {
        let mut by_date: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
        for record in self.rows.iter().flat_map(|r| &r.test_history) {
            let entry = by_date.entry(record.date).or_default();
            entry.0 = entry.0.saturating_add(record.correct);
            entry.1 = entry.1.saturating_add(record.total);
        }
        by_date
            .into_iter()
            .map(|(date, (correct, total))| TestRecord {
                date,
                correct,
                total,
            })
            .collect()
    }

    fn row(&self, deck: &str, topic: &str) -> Option<&ReportRow> {
        self.rows
            .iter()
            .find(|r| r.deck == deck && r.topic == topic)
    }
}

/// Groups rows by learner, keeping the order learners first appear in. When the same learner's
/// deck and topic appear twice (two reports of one learner), the later row wins. Rows are found by
/// hashing, so a big class file merges in linear time.
pub fn group(rows: impl IntoIterator<Item = ReportRow>) -> Vec<Learner> {
    let mut learners: Vec<Learner> = Vec::new();
    let mut learner_at: HashMap<String, usize> = HashMap::new();
    let mut row_at: HashMap<(usize, String, String), usize> = HashMap::new();
    for row in rows {
        let l = *learner_at.entry(row.learner.clone()).or_insert_with(|| {
            learners.push(Learner {
                name: row.learner.clone(),
                rows: Vec::new(),
            });
            learners.len() - 1
        });
        let learner = &mut learners[l];
        match row_at.entry((l, row.deck.clone(), row.topic.clone())) {
            Entry::Occupied(at) => learner.rows[*at.get()] = row,
            Entry::Vacant(slot) => {
                slot.insert(learner.rows.len());
                learner.rows.push(row);
            }
        }
    }
    learners
}

/// Every (deck, topic) of any learner, in the order they first appear.
fn topics(learners: &[Learner]) -> Vec<(String, String)> {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut topics: Vec<(String, String)> = Vec::new();
    for row in learners.iter().flat_map(|l| &l.rows) {
        if seen.insert((&row.deck, &row.topic)) {
            topics.push((row.deck.clone(), row.topic.clone()));
        }
    }
    topics
}

/// The mastery band of a share, for the cell colour: 0 (under 20 %) to 4 (80 % and more).
fn band(share: f64) -> u8 {
    ((share * 5.0).floor() as u8).min(4)
}

/// The class page: learners × topics mastery, test-score trends, and who has not studied lately.
pub fn class_html(learners: &[Learner], today: NaiveDate) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Changchun Cards: class overview</h1>\n<p class=\"meta\">{} learners, made on {today}.</p>\n",
        learners.len()
    );

    body.push_str("<h2>Mastery per topic</h2>\n");
    body.push_str(&mastery_table(learners));
    let _ = writeln!(
        body,
        "<p class=\"note\">Share of each topic's cards a learner has mastered: {} (mastered of \
         cards).</p>",
        escape(crate::stats::MASTERY_RULE)
    );

    body.push_str("<h2>Quiz scores over time</h2>\n");
    body.push_str(&trend_table(learners));

    let since = today - chrono::Duration::days(RECENT_DAYS - 1);
    let _ = writeln!(body, "<h2>Not studied in the last {RECENT_DAYS} days</h2>");
    let idle: Vec<&Learner> = learners
        .iter()
        .filter(|l| l.last_studied().is_none_or(|d| d < since))
        .collect();
    if idle.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"note\">Everyone studied since {since}.</p>"
        );
    } else {
        body.push_str("<ul>\n");
        for learner in idle {
            let last = learner
                .last_studied()
                .map_or("never studied".to_owned(), |d| format!("last studied {d}"));
            let _ = writeln!(
                body,
                "<li>{}: {}</li>",
                escape(&learner.name),
                escape(&last)
            );
        }
        body.push_str("</ul>\n");
    }
    page("Class overview", &body)
}

fn mastery_table(learners: &[Learner]) -> String {
    let topics = topics(learners);
    let mut out = String::from("<table>\n<thead><tr><th>Learner</th>");
    for (deck, topic) in &topics {
        let _ = write!(
            out,
            "<th class=\"num\">{}<br/><small>{}</small></th>",
            escape(topic),
            escape(deck)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for learner in learners {
        let _ = write!(out, "<tr><th>{}</th>", escape(&learner.name));
        for (deck, topic) in &topics {
            match learner.row(deck, topic) {
                Some(row) => {
                    let _ = write!(
                        out,
                        "<td class=\"num m{}\" title=\"{} of {} cards\">{}</td>",
                        band(row.mastery()),
                        row.mastered,
                        row.cards,
                        percent(row.mastery())
                    );
                }
                None => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn trend_table(learners: &[Learner]) -> String {
    let mut out = String::from(
        "<table>\n<thead><tr><th>Learner</th><th>Scores</th><th class=\"num\">Tests</th>\
         <th class=\"num\">First</th><th class=\"num\">Last</th></tr></thead>\n<tbody>\n",
    );
    for (i, learner) in learners.iter().enumerate() {
        let trend = learner.test_trend();
        let _ = write!(out, "<tr><th>{}</th><td>", escape(&learner.name));
        if trend.is_empty() {
            out.push_str("no quiz yet");
        } else {
            let series = Series {
                name: learner.name.clone(),
                class: series_class(i),
                points: trend.iter().map(|r| Some(r.score())).collect(),
                tips: trend
                    .iter()
                    .map(|r| format!("{}: {} of {}", r.date, r.correct, r.total))
                    .collect(),
            };
            let dates: Vec<String> = trend.iter().map(|r| r.date.to_string()).collect();
            out.push_str(&svg::share_lines(
                &format!("Quiz scores of {}", learner.name),
                &dates,
                &[series],
                None,
            ));
        }
        let score = |r: Option<&TestRecord>| r.map_or("–".to_owned(), |r| percent(r.score()));
        let _ = writeln!(
            out,
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            trend.len(),
            score(trend.first()),
            score(trend.last())
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_shares_in_fifths() {
        assert_eq!(band(0.0), 0);
        assert_eq!(band(0.19), 0);
        assert_eq!(band(0.2), 1);
        assert_eq!(band(0.79), 3);
        assert_eq!(band(0.8), 4);
        assert_eq!(band(1.0), 4);
    }
}
