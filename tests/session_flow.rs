//! A study session end to end on a real store: answers are committed before the next card, undo
//! puts the store and the queue back exactly, and the summary adds up.

use changchun_cards::review::{CardKey, Rating, ReviewKind};
use changchun_cards::schedule::{
    Category, DayCounts, Filter, Queue, QueueCard, Scheduler, SchedulerSettings, StudyDay,
};
use changchun_cards::session::Session;
use changchun_cards::store::Store;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn cards(n: usize) -> Vec<QueueCard> {
    (0..n)
        .map(|i| QueueCard {
            key: CardKey::new("conference", format!("q{i}")),
            topic: if i % 2 == 0 { "delegations" } else { "outcome" }.to_owned(),
            start_here: false,
        })
        .collect()
}

fn scheduler(new_per_day: u32) -> Scheduler {
    let settings = SchedulerSettings {
        new_per_day,
        ..SchedulerSettings::default()
    };
    Scheduler::with_day(
        settings,
        StudyDay::new(FixedOffset::east_opt(0).unwrap(), 4),
    )
}

fn start() -> DateTime<Utc> {
    "2024-09-04T09:00:00Z".parse().unwrap()
}

fn session(dir: &std::path::Path, n: usize, new_per_day: u32) -> Session<StdRng> {
    let store = Store::open_path(&dir.join("progress.sqlite3")).unwrap();
    let s = scheduler(new_per_day);
    let queue = Queue::build(
        &cards(n),
        &store.card_states().unwrap(),
        &s,
        &Filter::default(),
        store.studied_since(s.day().start(start())).unwrap(),
        start(),
    );
    Session::new(store, s, queue, StdRng::seed_from_u64(42), start()).unwrap()
}

#[test]
fn each_rating_is_committed_before_the_next_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 3, 20);
    assert_eq!(s.counts(), (3, 0, 0));
    let first = s.current_card().unwrap().clone();
    assert_eq!(first.card, "q0");
    let review = s
        .rate(Rating::Good, true, start() + Duration::seconds(8))
        .unwrap();
    assert_eq!(review.duration_ms, 8000);
    assert_eq!(review.kind, ReviewKind::Learn);
    // A second connection sees the answer: it is committed, not pending.
    let other = Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    assert_eq!(other.reviews().unwrap(), vec![review.clone()]);
    assert_eq!(s.counts(), (2, 1, 0));
    assert_eq!(s.current_card().unwrap().card, "q1");
}

#[test]
fn undo_restores_store_and_queue_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 4, 20);
    let mut now = start();
    for rating in [Rating::Good, Rating::Again] {
        now += Duration::seconds(5);
        s.rate(rating, rating != Rating::Again, now).unwrap();
    }
    let reviews_before = s.store().reviews().unwrap();
    let states_before = s.store().card_states().unwrap();
    let queue_before = s.queue().clone();
    let current_before = s.current().unwrap().clone();
    let counts_before = s.counts();
    let summary_before = s.summary(now).unwrap();

    now += Duration::seconds(5);
    s.rate(Rating::Easy, true, now).unwrap();
    assert_ne!(s.store().card_states().unwrap(), states_before);

    now += Duration::seconds(30);
    let undone = s.undo(now).unwrap().unwrap();
    assert_eq!(undone.card, current_before.entry.key);
    assert_eq!(undone.rating, Rating::Easy);
    assert_eq!(s.store().reviews().unwrap(), reviews_before);
    assert_eq!(s.store().card_states().unwrap(), states_before);
    assert_eq!(s.queue(), &queue_before);
    assert_eq!(s.current().unwrap().entry, current_before.entry);
    assert_eq!(s.current().unwrap().state, current_before.state);
    assert_eq!(s.current().unwrap().shown_at, now, "the timer restarts");
    assert_eq!(s.counts(), counts_before);
    assert_eq!(s.summary(now).unwrap(), summary_before);

    // Undo goes back through the session's answers, then has nothing more to take back.
    assert!(s.undo(now).unwrap().is_some());
    assert!(s.undo(now).unwrap().is_some());
    assert!(s.undo(now).unwrap().is_none());
    assert_eq!(s.store().review_count().unwrap(), 0);
    assert!(s.store().card_states().unwrap().is_empty());
    assert_eq!(s.counts(), (4, 0, 0));
}

#[test]
fn learning_cards_return_and_the_session_ends_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 2, 20);
    let mut now = start();
    let mut answers = 0;
    // Good on every card until the day's queue is empty, waiting for learning steps as needed.
    while !s.is_finished() {
        if s.current().is_none() {
            now = s.waiting_until().expect("a learning card is waiting");
            s.refresh(now).unwrap();
            continue;
        }
        now += Duration::seconds(10);
        let correct = answers % 3 != 0;
        let rating = if correct { Rating::Good } else { Rating::Again };
        s.rate(rating, correct, now).unwrap();
        answers += 1;
        assert!(answers < 50, "the session must end");
    }
    let summary = s.summary(now).unwrap();
    assert_eq!(summary.cards, answers);
    assert_eq!(summary.correct, (0..answers).filter(|a| a % 3 != 0).count());
    assert!((summary.accuracy - summary.correct as f64 / answers as f64).abs() < 1e-9);
    assert_eq!(summary.time, Duration::seconds(10 * answers as i64));
    let next_due = summary.next_due.expect("both cards are scheduled");
    // Both cards graduated (within the last hour) to intervals of a day or more.
    assert!(next_due > now + Duration::hours(20), "{next_due}");
    assert_eq!(s.store().review_count().unwrap(), answers as u64);
}

#[test]
fn the_new_card_limit_holds_across_sessions_on_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 10, 3);
    assert_eq!(s.counts().0, 3);
    for i in 0..3 {
        s.rate(Rating::Easy, true, start() + Duration::seconds(i))
            .unwrap();
    }
    assert!(s.is_finished());
    drop(s);
    let s = session(dir.path(), 10, 3);
    assert_eq!(s.counts(), (0, 0, 0), "today's new cards are used up");
    assert_eq!(
        s.store()
            .studied_since(start() - Duration::hours(1))
            .unwrap(),
        DayCounts { new: 3, reviews: 0 }
    );
}

#[test]
fn rating_with_no_card_is_a_plain_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 0, 20);
    assert!(s.is_finished());
    let err = s.rate(Rating::Good, true, start()).unwrap_err().to_string();
    assert!(err.contains("no card"), "{err}");
    assert_eq!(s.current().map(|c| c.entry.category), None::<Category>);
}

#[test]
fn a_rating_the_answer_does_not_allow_is_refused_and_nothing_is_logged() {
    use changchun_cards::answer::{Response, check};
    use changchun_cards::deck::Question;
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 2, 20);
    let question = Question::TrueFalse {
        statement: "The conference opened on 4 September 1922.".into(),
        answer: true,
    };
    let wrong = check(&question, &Response::TrueFalse(false));
    let at = start() + Duration::seconds(5);
    assert!(s.rate_checked(&wrong, Rating::Good, at).is_err());
    assert!(s.store().reviews().unwrap().is_empty());
    assert_eq!(s.current_card().unwrap().card, "q0");

    let review = s.rate_checked(&wrong, Rating::Again, at).unwrap();
    assert!(!review.correct);
    let right = check(&question, &Response::TrueFalse(true));
    assert!(s.rate_checked(&right, Rating::Again, at).is_err());
    let review = s.rate_checked(&right, Rating::Easy, at).unwrap();
    assert!(review.correct && review.rating == Rating::Easy);
    assert_eq!(s.store().reviews().unwrap().len(), 2);
}
