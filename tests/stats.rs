//! Statistics on small hand-made logs whose answers are worked out by hand in the comments.

use changchun_cards::deck::{Card, Deck, Question};
use changchun_cards::review::{
    CardKey, Memory, Rating, Review, ReviewKind, TestAnswer, TestResult,
};
use changchun_cards::schedule::StudyDay;
use changchun_cards::stats::{Overview, Range, StatsInput, Summary, retrievability};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn deck(id: &str, cards: &[(&str, &str)]) -> Deck {
    let mut topics: Vec<String> = Vec::new();
    for (_, topic) in cards {
        if !topics.iter().any(|t| t == topic) {
            topics.push((*topic).to_owned());
        }
    }
    Deck {
        format: 1,
        id: id.to_owned(),
        title: format!("Deck {id}"),
        description: String::new(),
        language: "en".to_owned(),
        authors: Vec::new(),
        sources: Default::default(),
        topics,
        cards: cards
            .iter()
            .map(|(card, topic)| Card {
                id: (*card).to_owned(),
                topic: (*topic).to_owned(),
                tags: Vec::new(),
                question: Question::Flashcard {
                    front: format!("front of {card}"),
                    back: format!("back of {card}"),
                },
                explanation: String::new(),
                sources: Vec::new(),
                image: None,
                explanation_image: None,
            })
            .collect(),
    }
}

/// A scheduling review leaving the card with `stability` and due `due_in` after it.
fn review(
    when: DateTime<Utc>,
    card: &str,
    kind: ReviewKind,
    rating: Rating,
    stability: f32,
    due_in: Duration,
) -> Review {
    Review {
        id: 0,
        at: when,
        card: CardKey::new("conf", card),
        rating,
        correct: rating != Rating::Again,
        duration_ms: 10_000,
        kind,
        before: None,
        after: Some(Memory {
            stability,
            difficulty: 5.0,
        }),
        due: Some(when + due_in),
    }
}

fn simple(when: DateTime<Utc>, card: &str, kind: ReviewKind, rating: Rating) -> Review {
    review(when, card, kind, rating, 3.0, Duration::days(3))
}

fn test_answer(when: DateTime<Utc>, card: &str) -> Review {
    Review {
        kind: ReviewKind::Test,
        after: None,
        due: None,
        ..simple(when, card, ReviewKind::Test, Rating::Good)
    }
}

fn conference() -> Deck {
    deck(
        "conf",
        &[
            ("a", "Causes"),
            ("b", "Causes"),
            ("c", "Positions"),
            ("d", "Positions"),
        ],
    )
}

fn overview(reviews: &[Review], tests: &[TestResult], now: DateTime<Utc>) -> Overview {
    let decks = [conference()];
    Overview::compute(&StatsInput::new(reviews, tests, &decks, now))
}

#[test]
fn true_retention_counts_only_the_first_review_of_each_card_each_day() {
    use Rating::*;
    use ReviewKind::*;
    let reviews = [
        // Monday 2024-03-04. Card a fails first, then passes twice: one fail.
        simple(at(2024, 3, 4, 9, 0), "a", Review, Again),
        simple(at(2024, 3, 4, 9, 10), "a", Relearn, Good),
        simple(at(2024, 3, 4, 18, 0), "a", Review, Good),
        // Card b passes, then fails at 02:00 on the 5th, still the study day of the 4th: one pass.
        simple(at(2024, 3, 4, 9, 5), "b", Review, Hard),
        simple(at(2024, 3, 5, 2, 0), "b", Review, Again),
        // Card c is learned that day: learning steps are not retention.
        simple(at(2024, 3, 4, 9, 20), "c", Learn, Again),
        // Wednesday: a passes (first of its day), b fails then passes: one pass, one fail.
        simple(at(2024, 3, 6, 10, 0), "a", Review, Easy),
        simple(at(2024, 3, 6, 10, 1), "b", Review, Again),
        simple(at(2024, 3, 6, 10, 2), "b", Review, Good),
        // The next Monday, 05:00: a new week. c passes.
        simple(at(2024, 3, 11, 5, 0), "c", Review, Good),
    ];
    let o = overview(&reviews, &[], at(2024, 3, 12, 12, 0));

    assert_eq!(o.weeks.len(), 2);
    assert_eq!(o.weeks[0].week_start, date(2024, 3, 4));
    // Week one: passes b (4th), a (6th); fails a (4th), b (6th).
    assert_eq!((o.weeks[0].passed, o.weeks[0].failed), (2, 2));
    assert_eq!(o.weeks[0].retention(), Some(0.5));
    assert_eq!(o.weeks[1].week_start, date(2024, 3, 11));
    assert_eq!((o.weeks[1].passed, o.weeks[1].failed), (1, 0));
    assert_eq!(o.totals.retention(), Some(3.0 / 5.0));

    let day4 = &o.days[0];
    assert_eq!(day4.date, date(2024, 3, 4));
    assert_eq!((day4.passed, day4.failed), (1, 1));

    let causes = &o.topics[0];
    assert_eq!(causes.topic, "Causes");
    assert_eq!((causes.passed, causes.failed), (2, 2));
    let positions = &o.topics[1];
    assert_eq!((positions.passed, positions.failed), (1, 0));
}

#[test]
fn reviews_per_day_are_stacked_by_kind_with_time_and_without_tests() {
    use Rating::*;
    use ReviewKind::*;
    let reviews = [
        simple(at(2024, 3, 4, 9, 0), "a", Learn, Good),
        simple(at(2024, 3, 4, 9, 1), "b", Learn, Good),
        simple(at(2024, 3, 4, 9, 2), "c", Review, Again),
        simple(at(2024, 3, 4, 9, 3), "c", Relearn, Good),
        test_answer(at(2024, 3, 4, 12, 0), "d"),
        simple(at(2024, 3, 6, 9, 0), "a", Review, Good),
    ];
    let o = overview(&reviews, &[], at(2024, 3, 6, 20, 0));

    let dates: Vec<NaiveDate> = o.days.iter().map(|d| d.date).collect();
    assert_eq!(
        dates,
        [date(2024, 3, 4), date(2024, 3, 5), date(2024, 3, 6)]
    );
    let d = &o.days[0];
    assert_eq!((d.learn, d.review, d.relearn, d.test), (2, 1, 1, 1));
    assert_eq!(d.reviews(), 4);
    assert_eq!(d.time_ms, 40_000);
    assert_eq!(d.test_time_ms, 10_000);
    assert_eq!(o.days[1].answers(), 0);
    assert_eq!(o.days[2].review, 1);

    assert_eq!(o.totals.reviews, 5);
    assert_eq!(o.totals.test_answers, 1);
    assert_eq!(o.totals.reviews_today, 1);
    assert_eq!(o.totals.time_ms, 60_000);
    // Time per topic includes the test answer: d is a Positions card.
    assert_eq!(o.topics[1].time_ms, 30_000);
    assert_eq!(o.topics[1].last_studied, Some(date(2024, 3, 4)));
}

#[test]
fn streaks_follow_study_days_across_the_day_boundary() {
    use Rating::*;
    use ReviewKind::*;
    let reviews = [
        // A two-day run in February.
        simple(at(2024, 2, 20, 12, 0), "a", Review, Good),
        simple(at(2024, 2, 21, 12, 0), "a", Review, Good),
        // 1 March; 03:00 on 3 March belongs to 2 March; then 3 March itself.
        simple(at(2024, 3, 1, 10, 0), "a", Review, Good),
        simple(at(2024, 3, 3, 3, 0), "b", Review, Good),
        simple(at(2024, 3, 3, 10, 0), "c", Review, Good),
    ];
    // At 02:00 on 4 March it is still the study day of 3 March.
    let o = overview(&reviews, &[], at(2024, 3, 4, 2, 0));
    assert_eq!((o.streak.current, o.streak.longest), (3, 3));
    // Later on 4 March, with nothing studied yet, the run is not broken.
    let o = overview(&reviews, &[], at(2024, 3, 4, 12, 0));
    assert_eq!((o.streak.current, o.streak.longest), (3, 3));
    // On 5 March it is.
    let o = overview(&reviews, &[], at(2024, 3, 5, 12, 0));
    assert_eq!((o.streak.current, o.streak.longest), (0, 3));

    // With midnight as the boundary the answers fall on 1 and 3 March only, and at 02:00 on 4 March
    // the day is already 4 March: the current run is 3 March alone, the longest is still February's.
    let decks = [conference()];
    let midnight = StudyDay::new(FixedOffset::east_opt(0).unwrap(), 0);
    let input = StatsInput::new(&reviews, &[], &decks, at(2024, 3, 4, 2, 0)).with_day(midnight);
    let o = Overview::compute(&input);
    assert_eq!((o.streak.current, o.streak.longest), (1, 2));
}

#[test]
fn the_heatmap_covers_365_days_ending_today() {
    let reviews = [
        simple(at(2023, 3, 1, 12, 0), "a", ReviewKind::Learn, Rating::Good),
        simple(at(2024, 3, 3, 3, 0), "b", ReviewKind::Learn, Rating::Good),
        test_answer(at(2024, 3, 3, 10, 0), "c"),
    ];
    let o = overview(&reviews, &[], at(2024, 3, 4, 12, 0));
    assert_eq!(o.heatmap.len(), 365);
    assert_eq!(o.heatmap.last().unwrap().date, date(2024, 3, 4));
    assert_eq!(o.heatmap[0].date, date(2023, 3, 6));
    let count = |d| o.heatmap.iter().find(|c| c.date == d).unwrap().count;
    assert_eq!(count(date(2024, 3, 2)), 1);
    assert_eq!(count(date(2024, 3, 3)), 1);
    // The review of 2023-03-01 is older than a year.
    assert_eq!(o.heatmap.iter().map(|c| c.count).sum::<u32>(), 2);
}

#[test]
fn mastery_is_three_weeks_of_stability_and_a_card_just_failed_is_not_mastered() {
    use Rating::*;
    use ReviewKind::*;
    let now = at(2024, 6, 1, 12, 0);
    let reviews = [
        // d: graduated with stability 40, 400 days ago: mastered since, at every cut-off from 365
        // days ago on.
        review(
            now - Duration::days(400),
            "d",
            Review,
            Good,
            40.0,
            Duration::days(40),
        ),
        // a: stability 100 days, 60 days ago: mastered now and 30 days ago, unseen 91 days ago.
        review(
            now - Duration::days(60),
            "a",
            Review,
            Good,
            100.0,
            Duration::days(90),
        ),
        // b: graduated with stability 30 forty days ago (mastered 30 days ago), then failed
        // yesterday: relearning, so not mastered now, even with a long stability left.
        review(
            now - Duration::days(40),
            "b",
            Review,
            Good,
            30.0,
            Duration::days(30),
        ),
        review(
            now - Duration::days(1),
            "b",
            Review,
            Again,
            25.0,
            Duration::minutes(10),
        ),
        // c: answered right an hour ago, so recalled at nearly 100 %, but stability 10 days: young.
        review(
            now - Duration::hours(1),
            "c",
            Learn,
            Good,
            10.0,
            Duration::days(10),
        ),
    ];
    let o = overview(&reviews, &[], now);
    let causes = &o.topics[0];
    let positions = &o.topics[1];
    assert_eq!((causes.cards, causes.mastered), (2, 1), "a, not b");
    assert_eq!((positions.cards, positions.mastered), (2, 1), "d, not c");
    assert_eq!(causes.mastery(), 0.5);
    assert_eq!(causes.mastered_before, [2, 0, 0]);
    assert_eq!(positions.mastered_before, [1, 1, 1]);
    assert_eq!(causes.mastered_at_start(Range::Month), 2);
    assert_eq!(positions.mastered_at_start(Range::Year), 1);
    assert_eq!(positions.mastered_at_start(Range::All), 0);
    assert_eq!(o.totals.mastered, 2);
}

#[test]
fn retrievability_follows_the_fsrs6_forgetting_curve() {
    let decay = fsrs::FSRS6_DEFAULT_DECAY;
    assert_eq!(retrievability(10.0, 0.0, decay), 1.0);
    assert!((retrievability(10.0, 10.0, decay) - 0.9).abs() < 1e-5);
    // By hand: factor = 0.9^(-1/0.1542) - 1 = 0.9805; R(30) = (1 + 0.9805 · 3)^-0.1542 = 0.8094.
    let factor = 0.9f64.powf(-1.0 / f64::from(decay)) - 1.0;
    let expected = (1.0 + factor * 3.0).powf(-f64::from(decay));
    assert!((f64::from(retrievability(10.0, 30.0, decay)) - expected).abs() < 1e-5);
    assert!((expected - 0.8094).abs() < 1e-3);
    assert_eq!(retrievability(0.0, 1.0, decay), 0.0);
    assert_eq!(retrievability(f32::NAN, 1.0, decay), 0.0);
}

#[test]
fn the_forecast_counts_each_cards_latest_due_over_30_days() {
    use Rating::*;
    use ReviewKind::*;
    let now = at(2024, 6, 1, 12, 0);
    let reviews = [
        // a: first due tomorrow, then reviewed again and due in 29 days; only the latest counts.
        review(
            now - Duration::hours(2),
            "a",
            Review,
            Good,
            5.0,
            Duration::days(1),
        ),
        review(
            now - Duration::hours(1),
            "a",
            Review,
            Good,
            30.0,
            Duration::days(29),
        ),
        // b: was due two days ago: overdue, counted today.
        review(
            now - Duration::days(5),
            "b",
            Review,
            Good,
            3.0,
            Duration::days(3),
        ),
        // c: due this evening.
        review(
            now - Duration::hours(3),
            "c",
            Learn,
            Good,
            1.0,
            Duration::hours(8),
        ),
        // d: due in 31 days, beyond the forecast.
        review(
            now - Duration::hours(1),
            "d",
            Review,
            Good,
            40.0,
            Duration::days(31),
        ),
        // A card no deck holds is not forecast.
        changchun_cards::review::Review {
            card: CardKey::new("gone", "x"),
            ..review(now, "x", Review, Good, 1.0, Duration::days(1))
        },
    ];
    let o = overview(&reviews, &[], now);
    assert_eq!(o.forecast.len(), 30);
    assert_eq!(o.forecast[0].date, date(2024, 6, 1));
    let counts: Vec<(usize, u32)> = o
        .forecast
        .iter()
        .enumerate()
        .filter(|(_, c)| c.count > 0)
        .map(|(i, c)| (i, c.count))
        .collect();
    // a: due at 11:00 on 30 June, index 29 counting 1 June as 0.
    assert_eq!(counts, [(0, 2), (29, 1)]);
    assert_eq!(o.totals.overdue, 1);
    assert_eq!(o.totals.due_today, 2);
    assert_eq!(o.forecast[29].date, date(2024, 6, 30));
}

#[test]
fn cards_are_grouped_by_state() {
    use Rating::*;
    use ReviewKind::*;
    let now = at(2024, 6, 1, 12, 0);
    let reviews = [
        review(
            now - Duration::hours(1),
            "a",
            Learn,
            Again,
            0.2,
            Duration::minutes(10),
        ),
        review(
            now - Duration::hours(1),
            "b",
            Relearn,
            Again,
            0.5,
            Duration::minutes(10),
        ),
        review(
            now - Duration::hours(1),
            "c",
            Review,
            Good,
            30.0,
            Duration::days(25),
        ),
    ];
    let o = overview(&reviews, &[], now);
    let cards = o.totals.cards;
    assert_eq!(
        (
            cards.new,
            cards.learning,
            cards.relearning,
            cards.young,
            cards.mature
        ),
        (1, 1, 1, 0, 1)
    );
    assert_eq!(cards.total(), 4);
}

#[test]
fn test_scores_form_one_series_per_deck_and_a_last_score_per_topic() {
    let answer = |deck: &str, card: &str, correct| TestAnswer {
        card: CardKey::new(deck, card),
        correct,
        given: String::new(),
        expected: String::new(),
    };
    let tests = [
        TestResult {
            id: 2,
            started: at(2024, 3, 8, 10, 0),
            duration_ms: 60_000,
            decks: vec!["conf".into()],
            topics: vec![],
            answers: vec![answer("conf", "a", true), answer("conf", "c", true)],
        },
        TestResult {
            id: 1,
            started: at(2024, 3, 1, 10, 0),
            duration_ms: 60_000,
            decks: vec!["conf".into(), "other".into()],
            topics: vec![],
            answers: vec![
                answer("conf", "a", true),
                answer("conf", "b", false),
                answer("conf", "c", false),
                answer("other", "z", true),
            ],
        },
    ];
    let o = overview(&[], &tests, at(2024, 3, 10, 12, 0));
    assert_eq!(o.tests.len(), 2);
    let conf = &o.tests[0];
    assert_eq!(
        (conf.deck.as_str(), conf.title.as_str()),
        ("conf", "Deck conf")
    );
    let scores: Vec<(NaiveDate, u32, u32)> = conf
        .points
        .iter()
        .map(|p| (p.date, p.correct, p.total))
        .collect();
    assert_eq!(scores, [(date(2024, 3, 1), 1, 3), (date(2024, 3, 8), 2, 2)]);
    assert_eq!(o.tests[1].deck, "other");
    assert_eq!(o.tests[1].points[0].score(), 1.0);

    let causes = &o.topics[0];
    assert_eq!(causes.tests.len(), 2);
    assert_eq!(
        causes.last_test().map(|t| (t.correct, t.total)),
        Some((1, 1))
    );
    assert_eq!(causes.tests[0].score(), 0.5);
    assert_eq!(o.totals.tests_taken, 2);
    assert_eq!(o.tests_in(Range::Month).len(), 2);
}

#[test]
fn ranges_cut_the_series_without_recomputing() {
    let now = at(2024, 6, 1, 12, 0);
    let reviews: Vec<Review> = (0..200)
        .map(|i| {
            simple(
                now - Duration::days(199 - i),
                "a",
                ReviewKind::Review,
                Rating::Good,
            )
        })
        .collect();
    let o = overview(&reviews, &[], now);
    assert_eq!(o.days.len(), 200);
    assert_eq!(o.days_in(Range::Month).len(), 30);
    assert_eq!(o.days_in(Range::Month)[0].date, date(2024, 5, 3));
    assert_eq!(o.days_in(Range::ThreeMonths).len(), 91);
    assert_eq!(o.days_in(Range::Year).len(), 200);
    assert_eq!(o.days_in(Range::All).len(), 200);
    let month = o.summary(Range::Month);
    assert_eq!(
        (month.reviews, month.days_studied, month.passed),
        (30, 30, 30)
    );
    assert_eq!(month.retention(), Some(1.0));
    // Weeks overlapping the last 30 days: 3 May 2024 is a Friday, in the week of 29 April.
    assert_eq!(o.weeks_in(Range::Month)[0].week_start, date(2024, 4, 29));
    assert_eq!(o.streak.current, 200);
}

#[test]
fn the_order_of_the_log_does_not_change_the_figures() {
    use Rating::*;
    use ReviewKind::*;
    let mut reviews = vec![
        simple(at(2024, 3, 4, 9, 0), "a", Review, Again),
        simple(at(2024, 3, 4, 9, 10), "a", Review, Good),
        simple(at(2024, 3, 5, 9, 0), "b", Review, Good),
        simple(at(2024, 3, 6, 9, 0), "c", Learn, Good),
    ];
    let now = at(2024, 3, 7, 12, 0);
    let sorted = overview(&reviews, &[], now);
    reviews.reverse();
    assert_eq!(overview(&reviews, &[], now), sorted);
}

#[test]
fn an_empty_profile_has_zeros_everywhere() {
    let o = overview(&[], &[], at(2024, 3, 7, 12, 0));
    assert!(o.days.is_empty() && o.weeks.is_empty() && o.tests.is_empty());
    assert_eq!(o.heatmap.len(), 365);
    assert_eq!(o.forecast.iter().map(|c| c.count).sum::<u32>(), 0);
    assert_eq!(o.totals.cards.new, 4);
    assert_eq!(o.totals.retention(), None);
    assert_eq!(o.topics.len(), 2);
    assert_eq!(o.streak.current, 0);
    assert_eq!(o.summary(Range::All).reviews, 0);
}

/// The statistics read row by row from the store are those worked out from the whole log in memory,
/// for a log out of time order, with cards no deck has, answers in the same second and tests.
#[test]
fn the_summary_kept_in_the_store_gives_the_same_statistics() {
    use rand::{Rng, SeedableRng};
    let now = at(2024, 6, 1, 12, 0);
    let cards: Vec<(String, String)> = (0..60)
        .map(|i| (format!("card-{i}"), ["Causes", "Outcome"][i % 2].to_owned()))
        .collect();
    let refs: Vec<(&str, &str)> = cards
        .iter()
        .map(|(c, t)| (c.as_str(), t.as_str()))
        .collect();
    let decks = [deck("a", &refs), deck("b", &refs[..30])];
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        changchun_cards::store::Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1922);
    let reviews: Vec<Review> = (0..5_000)
        .map(|_| {
            // Some answers land in the same second; the log is not in time order.
            let at = now - Duration::seconds(rng.random_range(0..400 * 86_400) / 7 * 7);
            let kind = [
                ReviewKind::Learn,
                ReviewKind::Review,
                ReviewKind::Relearn,
                ReviewKind::Test,
            ][rng.random_range(0..4)];
            let rating = Rating::from_number(rng.random_range(1..=4)).unwrap();
            let stability = rng.random_range(0.5..100.0);
            Review {
                id: 0,
                at,
                card: CardKey::new(
                    ["a", "b", "gone"][rng.random_range(0..3)],
                    format!("card-{}", rng.random_range(0..70)),
                ),
                rating,
                correct: rating != Rating::Again,
                duration_ms: rng.random_range(1_000..30_000),
                kind,
                before: None,
                after: (kind != ReviewKind::Test).then_some(Memory {
                    stability,
                    difficulty: 5.0,
                }),
                due: (kind != ReviewKind::Test)
                    .then(|| at + Duration::seconds((stability * 86_400.0) as i64)),
            }
        })
        .collect();
    store.import_reviews(&reviews).unwrap();

    let logged = store.reviews().unwrap();
    let whole = Overview::compute(&StatsInput::new(&logged, &[], &decks, now));
    let input = StatsInput::new(&[], &[], &decks, now);
    let read = Overview::from_summary(&store.stats_summary(input.day).unwrap(), &input);
    assert_eq!(read, whole);
    assert_eq!(read.totals.reviews + read.totals.test_answers, 5_000);
    assert!(
        read.topics
            .iter()
            .any(|t| t.mastered_before.iter().all(|&n| n > 0))
    );

    let from_log = |store: &changchun_cards::store::Store, day: StudyDay| {
        Summary::of_log(&store.reviews().unwrap(), day)
    };
    // Another day-start hour and offset: the summary is made again for them, and kept.
    let evening = StudyDay::new(FixedOffset::east_opt(-5 * 3600).unwrap(), 20);
    assert_eq!(
        store.stats_summary(evening).unwrap(),
        from_log(&store, evening)
    );
    assert_ne!(from_log(&store, evening), from_log(&store, input.day));
    let kept = |store: &changchun_cards::store::Store, table: &str| -> i64 {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        kept(&store, "stats_cards"),
        from_log(&store, evening).cards.len() as i64
    );

    // Answers read while the store may not be written are summed without saving; a writer saves
    // them later.
    let more: Vec<Review> = reviews[..50]
        .iter()
        .map(|r| Review {
            at: r.at + Duration::minutes(3),
            ..r.clone()
        })
        .collect();
    for review in &more {
        store.record_review(review).unwrap();
    }
    assert!(kept(&store, "stats_stale_cards") > 0);
    changchun_cards::store::set_busy_timeout(std::time::Duration::from_millis(200));
    let reader = changchun_cards::store::Store::open_path(store.path()).unwrap();
    let writer = rusqlite::Connection::open(store.path()).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    assert_eq!(
        reader.stats_summary(evening).unwrap(),
        from_log(&store, evening)
    );
    writer.execute_batch("ROLLBACK").unwrap();
    assert!(kept(&store, "stats_stale_cards") > 0);
    assert_eq!(
        store.stats_summary(evening).unwrap(),
        from_log(&store, evening)
    );
    assert_eq!(kept(&store, "stats_stale_cards"), 0);

    // A summary damaged on disk is made again from the log.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute_batch(
        "UPDATE stats_cards SET mastery_changes = x'0102' WHERE card = (SELECT min(card) FROM stats_cards);",
    )
    .unwrap();
    conn.execute_batch(
        "UPDATE stats_days SET passed = -4 WHERE day = (SELECT max(day) FROM stats_days);",
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        store.stats_summary(evening).unwrap(),
        from_log(&store, evening)
    );
    assert_eq!(
        Overview::from_summary(&store.stats_summary(input.day).unwrap(), &input),
        Overview::compute(&StatsInput::new(
            &store.reviews().unwrap(),
            &[],
            &decks,
            now
        ))
    );
}

#[test]
fn a_reset_card_is_no_longer_mastered_while_its_answers_still_count_as_activity() {
    use Rating::*;
    use ReviewKind::*;
    let now = at(2024, 6, 1, 12, 0);
    // a: mastered 60 days ago; d: mastered 400 days ago. Both are reset ten days ago.
    let reviews = [
        review(
            now - Duration::days(60),
            "a",
            Review,
            Good,
            100.0,
            Duration::days(90),
        ),
        review(
            now - Duration::days(400),
            "d",
            Review,
            Good,
            40.0,
            Duration::days(40),
        ),
        simple(now - Duration::days(2), "c", Learn, Good),
    ];
    let decks = [conference()];
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        changchun_cards::store::Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    store.import_reviews(&reviews).unwrap();
    let input = StatsInput::new(&[], &[], &decks, now);
    // Read once, so the store keeps its summary and brings it up to date after the reset.
    let before = Overview::from_summary(&store.stats_summary(input.day).unwrap(), &input);
    assert_eq!(before.totals.mastered, 2);
    assert_eq!(before.totals.cards.new, 1, "only b");

    let schedulers = changchun_cards::schedule::Schedulers {
        learner: changchun_cards::schedule::Scheduler::new(Default::default()),
        decks: Default::default(),
    };
    let reset_at = now - Duration::days(10);
    store
        .reset_cards(
            &[CardKey::new("conf", "a"), CardKey::new("conf", "d")],
            reset_at,
            &schedulers,
        )
        .unwrap();
    let after = Overview::from_summary(&store.stats_summary(input.day).unwrap(), &input);
    assert_eq!(after.totals.mastered, 0, "reset cards are not learnt");
    assert_eq!(after.totals.cards.new, 3, "a, b and d");
    assert_eq!(after.topics[0].mastered, 0);
    // The answers still count as activity, and mastery before the reset stays in the past.
    assert_eq!(after.totals.reviews, before.totals.reviews);
    assert_eq!(after.totals.time_ms, before.totals.time_ms);
    assert_eq!(after.days, before.days);
    assert_eq!(after.topics[0].mastered_before, [1, 0, 0], "a, a month ago");
    assert_eq!(after.topics[1].mastered_before, [1, 1, 1], "d");

    // The summary made afresh from the log, and from the log in memory, agree.
    let resets = store.resets().unwrap();
    let logged = store.reviews().unwrap();
    let from_log = Overview::from_summary(
        &Summary::of_log_with_resets(&logged, &resets, input.day),
        &input,
    );
    assert_eq!(after, from_log);
    store.rebuild().unwrap();
    let afresh = Overview::from_summary(&store.stats_summary(input.day).unwrap(), &input);
    assert_eq!(after, afresh);
}
