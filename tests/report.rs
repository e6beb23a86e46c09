//! Reports: the learner's CSV and HTML, and the class page merged from three learners.

use changchun_cards::deck::{Card, Deck, Question};
use changchun_cards::fsio::Replace;
use changchun_cards::report::{self, COLUMNS, ReportError};
use changchun_cards::review::{
    CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult,
};
use changchun_cards::stats::{Overview, StatsInput};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use quick_xml::events::Event;
use std::path::{Path, PathBuf};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

fn conference() -> Deck {
    let card = |id: &str, topic: &str| Card {
        id: id.to_owned(),
        topic: topic.to_owned(),
        tags: Vec::new(),
        question: Question::Flashcard {
            front: format!("front {id}"),
            back: format!("back {id}"),
        },
        explanation: String::new(),
        sources: Vec::new(),
        image: None,
        explanation_image: None,
    };
    Deck {
        format: 1,
        id: "changchun-1922".into(),
        title: "The Changchun Conference".into(),
        description: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        sources: Default::default(),
        topics: vec![
            "Causes".into(),
            "Positions & <Claims>".into(),
            "Consequences".into(),
        ],
        cards: vec![
            card("c1", "Causes"),
            card("c2", "Causes"),
            card("p1", "Positions & <Claims>"),
            card("q1", "Consequences"),
        ],
    }
}

/// Two weeks of study on every other day, and two tests.
fn log() -> (Vec<Review>, Vec<TestResult>) {
    let mut reviews = Vec::new();
    for day in (0..14).step_by(2) {
        for (i, card) in ["c1", "c2", "p1"].iter().enumerate() {
            let at = now() - Duration::days(14 - day) + Duration::minutes(i as i64);
            let rating = if (day + i as i64) % 5 == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            reviews.push(Review {
                id: 0,
                at,
                card: CardKey::new("changchun-1922", *card),
                rating,
                correct: rating != Rating::Again,
                duration_ms: 30_000,
                kind: if day == 0 {
                    ReviewKind::Learn
                } else {
                    ReviewKind::Review
                },
                before: None,
                after: Some(Memory {
                    stability: 3.0 + day as f32,
                    difficulty: 5.0,
                }),
                due: Some(at + Duration::days(2)),
            });
        }
    }
    let answer = |card: &str, correct| TestAnswer {
        card: CardKey::new("changchun-1922", card),
        correct,
        given: "x".into(),
        expected: "y".into(),
    };
    let tests = vec![
        TestResult {
            id: 1,
            started: now() - Duration::days(7),
            duration_ms: 120_000,
            decks: vec!["changchun-1922".into()],
            topics: Vec::new(),
            answers: vec![answer("c1", true), answer("p1", false), answer("q1", false)],
        },
        TestResult {
            id: 2,
            started: now() - Duration::days(1),
            duration_ms: 100_000,
            decks: vec!["changchun-1922".into()],
            topics: Vec::new(),
            answers: vec![answer("c1", true), answer("c2", true), answer("p1", true)],
        },
    ];
    (reviews, tests)
}

/// Parses a page as XML and checks that every element is closed in order; returns the element names.
fn well_formed(html: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut open: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                seen.push(name.clone());
                open.push(name);
            }
            Ok(Event::Empty(e)) => {
                seen.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap())
            }
            Ok(Event::End(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(
                    open.pop().as_deref(),
                    Some(name.as_str()),
                    "misnested </{name}>"
                );
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    seen
}

fn self_contained(html: &str) {
    assert!(!html.contains("<script"), "pages need no scripts");
    for attribute in ["src=", "href=", "url(", "@import"] {
        assert!(
            !html.contains(attribute),
            "pages load nothing: found {attribute}"
        );
    }
}

#[test]
fn the_learner_report_writes_the_documented_csv_columns() {
    let (reviews, tests) = log();
    let deck = conference();
    let input = StatsInput::new(&reviews, &tests, [&deck], now());
    let dir = tempfile::tempdir().unwrap();
    let files = report::write_learner_report(
        &dir.path().join("out"),
        "Anna",
        &Overview::compute(&input),
        Replace::Never,
    )
    .unwrap();

    let text = std::fs::read_to_string(&files.csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header, COLUMNS);

    let rows = report::read_csv(text.as_bytes(), &files.csv).unwrap();
    // Shares are written with three decimals.
    let rounded = |mut row: report::ReportRow| {
        row.retention = row.retention.map(|r| (r * 1000.0).round() / 1000.0);
        row
    };
    let computed = report::rows("Anna", &Overview::compute(&input));
    assert_eq!(rows, computed.into_iter().map(rounded).collect::<Vec<_>>());
    let topics: Vec<&str> = rows.iter().map(|r| r.topic.as_str()).collect();
    assert_eq!(topics, ["Causes", "Positions & <Claims>", "Consequences"]);
    let causes = &rows[0];
    assert_eq!((causes.cards, causes.learner.as_str()), (2, "Anna"));
    // 7 study days × 2 cards × 30 s = 7 minutes.
    assert_eq!(causes.time_studied_minutes, 7.0);
    assert_eq!(
        causes.last_studied,
        Some(NaiveDate::from_ymd_opt(2024, 5, 30).unwrap())
    );
    // The last test asked c1 and c2, both right; the first asked c1 only.
    assert_eq!(causes.last_test_score, Some(1.0));
    assert_eq!(causes.test_history.len(), 2);
    assert!(causes.retention.is_some());
    // Consequences was never studied, only tested.
    assert_eq!((rows[2].mastered, rows[2].retention), (0, None));
    assert_eq!(rows[2].last_test_score, Some(0.0));
}

#[test]
fn the_documentation_lists_every_csv_column() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reports.md"))
            .unwrap();
    for column in COLUMNS {
        assert!(
            docs.contains(&format!("| `{column}` |")),
            "docs/reports.md lacks `{column}`"
        );
    }
}

#[test]
fn the_learner_page_is_well_formed_self_contained_and_names_every_topic() {
    let (reviews, tests) = log();
    let deck = conference();
    let input = StatsInput::new(&reviews, &tests, [&deck], now());
    let dir = tempfile::tempdir().unwrap();
    let files = report::write_learner_report(
        dir.path(),
        "Anna <O'Neil>",
        &Overview::compute(&input),
        Replace::Never,
    )
    .unwrap();
    let html = std::fs::read_to_string(files.html).unwrap();

    let elements = well_formed(&html);
    assert!(
        elements.iter().filter(|e| *e == "svg").count() >= 4,
        "four charts"
    );
    assert!(elements.iter().any(|e| e == "rect"));
    assert!(elements.iter().any(|e| e == "polyline"));
    self_contained(&html);
    assert!(html.contains("Anna &lt;O&#39;Neil&gt;"));
    assert!(!html.contains("<O'Neil>"));
    assert!(html.contains("Positions &amp; &lt;Claims&gt;"));
    for topic in ["Causes", "Consequences"] {
        assert!(html.contains(topic));
    }
}

#[test]
fn an_empty_profile_still_gets_a_well_formed_page() {
    let deck = conference();
    let input = StatsInput::new(&[], &[], [&deck], now());
    let dir = tempfile::tempdir().unwrap();
    let files = report::write_learner_report(
        dir.path(),
        "New",
        &Overview::compute(&input),
        Replace::Never,
    )
    .unwrap();
    well_formed(&std::fs::read_to_string(files.html).unwrap());
    let csv = std::fs::read_to_string(files.csv).unwrap();
    assert_eq!(csv.lines().count(), 4);
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    ["anna.csv", "boris.csv", "chen.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect()
}

#[test]
fn three_learners_merge_into_one_class_page() {
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let html = report::merge(&fixtures(), today).unwrap();
    well_formed(&html);
    self_contained(&html);
    for learner in ["Anna Petrova", "Boris Ito", "Chen Wei"] {
        assert!(html.contains(learner), "{learner} missing");
    }
    for topic in ["Causes", "Positions", "Consequences", "Delegates"] {
        assert!(html.contains(topic), "{topic} missing");
    }
    // Boris mastered all 12 Causes cards; Anna 9 of 12.
    assert!(html.contains("title=\"12 of 12 cards\">100 %"));
    assert!(html.contains("title=\"9 of 12 cards\">75 %"));
    // Only Chen has not studied since 26 May.
    let idle = &html[html.find("Not studied in the last 7 days").unwrap()..];
    assert!(idle.contains("Chen Wei: last studied 2024-05-12"));
    assert!(!idle.contains("Anna") && !idle.contains("Boris"));
    // One score chart per learner who took tests.
    assert_eq!(html.matches("aria-label=\"Quiz scores of").count(), 3);
}

#[test]
fn a_learners_trend_adds_the_topics_of_each_test_together() {
    let rows =
        report::read_csv(std::fs::File::open(&fixtures()[0]).unwrap(), &fixtures()[0]).unwrap();
    let learners = report::group(rows);
    assert_eq!(learners.len(), 1);
    let trend = learners[0].test_trend();
    let scores: Vec<(u64, u64)> = trend.iter().map(|r| (r.correct, r.total)).collect();
    // 10 May: 3/5 + 2/5; 24 May: 4/5 + 3/5.
    assert_eq!(scores, [(5, 10), (7, 10)]);
    assert_eq!(
        learners[0].last_studied(),
        NaiveDate::from_ymd_opt(2024, 5, 31)
    );
}

#[test]
fn broken_csv_files_are_explained() {
    let path = Path::new("class/ada.csv");
    let missing = "learner,deck,topic,cards\nAda,d,t,3\n";
    let err = report::read_csv(missing.as_bytes(), path).unwrap_err();
    assert!(matches!(
        err,
        ReportError::MissingColumn {
            column: "mastered",
            ..
        }
    ));
    assert!(err.to_string().contains("has no `mastered` column"));

    let header = COLUMNS.join(",");
    let bad_number = format!("{header}\nAda,d,t,three,1,,,0,,\n");
    let err = report::read_csv(bad_number.as_bytes(), path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "class/ada.csv, line 2: `cards` must be a whole number, not \"three\""
    );

    let bad_history = format!("{header}\nAda,d,t,3,1,,,0,,2024-05-01 six of five\n");
    let err = report::read_csv(bad_history.as_bytes(), path).unwrap_err();
    assert!(
        err.to_string()
            .contains("`test_history` entries must look like")
    );

    let bad_share = format!("{header}\nAda,d,t,3,1,1.5,,0,,\n");
    let err = report::read_csv(bad_share.as_bytes(), path).unwrap_err();
    assert!(
        err.to_string()
            .contains("`retention` must be a share from 0 to 1")
    );

    assert!(matches!(
        report::merge(&[], NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
        Err(ReportError::NothingToMerge)
    ));
    let err = report::merge(
        &[PathBuf::from("no/such/report.csv")],
        NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot read no/such/report.csv: no such file")
    );
}

const HEADER: &str = "learner,deck,topic,cards,mastered,retention,last_test_score,time_studied_minutes,last_studied,test_history\n";

#[test]
fn more_mastered_cards_than_cards_is_refused() {
    let text = format!("{HEADER}Ada,d,t,10,99,,,0,,\n");
    let err = report::read_csv(text.as_bytes(), Path::new("ada.csv")).unwrap_err();
    assert!(
        err.to_string()
            .contains("`mastered` (99) is more than `cards` (10)"),
        "{err}"
    );
}

#[test]
fn test_totals_over_many_topics_do_not_wrap() {
    let big = u32::MAX;
    let text = format!(
        "{HEADER}Ada,d,t1,1,0,,,0,,2024-05-01 {big}/{big}\nAda,d,t2,1,0,,,0,,2024-05-01 {big}/{big}\n"
    );
    let rows = report::read_csv(text.as_bytes(), Path::new("ada.csv")).unwrap();
    let learners = report::group(rows);
    let trend = learners[0].test_trend();
    assert_eq!(trend[0].total, 2 * u64::from(big));
    assert_eq!(trend[0].score(), 1.0);
}

#[test]
fn names_that_would_run_as_formulas_are_quoted_in_report_csv_and_merge_back_unchanged() {
    let rows = vec![report::ReportRow {
        learner: "=HYPERLINK(\"http://evil\",\"Ada\")".into(),
        deck: "+deck".into(),
        topic: "-topic".into(),
        cards: 3,
        mastered: 1,
        retention: None,
        last_test_score: None,
        time_studied_minutes: 0.0,
        last_studied: None,
        test_history: vec![],
    }];
    let mut text = Vec::new();
    report::write_csv(&mut text, &rows).unwrap();
    let text = String::from_utf8(text).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "{cell:?} in {text}"
            );
        }
    }
    let back = report::read_csv(text.as_bytes(), Path::new("ada.csv")).unwrap();
    assert_eq!(back, rows);
}
