//! A study session end to end on a real store: answers are committed before the next card, undo
//! puts the store and the queue back exactly, and the summary adds up.

use changchun_cards::review::{CardKey, Rating, ReviewKind};
use changchun_cards::schedule::{
    Category, DayCounts, Filter, Queue, QueueCard, Scheduler, SchedulerSettings, StudyDay,
};
use changchun_cards::session::Session;
use changchun_cards::store::Store;
use chrono::{DateTime, Duration, FixedOffset, Utc};

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

fn session(dir: &std::path::Path, n: usize, new_per_day: u32) -> Session {
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
    Session::new(store, s, queue, start()).unwrap()
}

#[test]
fn each_rating_is_committed_before_the_next_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 3, 20);
    assert_eq!(s.counts(), (3, 0, 0));
    let first = s.current_card().unwrap().clone();
    assert_eq!(first.card, "q0");
    let review = s
        .rate_now(Rating::Good, true, start() + Duration::seconds(8))
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
        s.rate_now(rating, rating != Rating::Again, now).unwrap();
    }
    let reviews_before = s.store().reviews().unwrap();
    let states_before = s.store().card_states().unwrap();
    let queue_before = s.queue().clone();
    let current_before = s.current().unwrap().clone();
    let counts_before = s.counts();
    let summary_before = s.summary(now).run().unwrap();

    now += Duration::seconds(5);
    s.rate_now(Rating::Easy, true, now).unwrap();
    assert_ne!(s.store().card_states().unwrap(), states_before);

    now += Duration::seconds(30);
    let undone = s.undo_now(now).unwrap().unwrap();
    assert_eq!(undone.card, current_before.entry.key);
    assert_eq!(undone.rating, Rating::Easy);
    assert_eq!(s.store().reviews().unwrap(), reviews_before);
    assert_eq!(s.store().card_states().unwrap(), states_before);
    assert_eq!(s.queue(), &queue_before);
    assert_eq!(s.current().unwrap().entry, current_before.entry);
    assert_eq!(s.current().unwrap().state, current_before.state);
    assert_eq!(s.current().unwrap().shown_at, now, "the timer restarts");
    assert_eq!(s.counts(), counts_before);
    assert_eq!(s.summary(now).run().unwrap(), summary_before);

    // Undo goes back through the session's answers, then has nothing more to take back.
    assert!(s.undo_now(now).unwrap().is_some());
    assert!(s.undo_now(now).unwrap().is_some());
    assert!(s.undo_now(now).unwrap().is_none());
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
            s.refresh_now(now).unwrap();
            continue;
        }
        now += Duration::seconds(10);
        let correct = answers % 3 != 0;
        let rating = if correct { Rating::Good } else { Rating::Again };
        s.rate_now(rating, correct, now).unwrap();
        answers += 1;
        assert!(answers < 50, "the session must end");
    }
    let summary = s.summary(now).run().unwrap();
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
        s.rate_now(Rating::Easy, true, start() + Duration::seconds(i))
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
    let err = s
        .rate_now(Rating::Good, true, start())
        .unwrap_err()
        .to_string();
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
    assert!(s.rate_checked_now(&wrong, Rating::Good, at).is_err());
    assert!(s.store().reviews().unwrap().is_empty());
    assert_eq!(s.current_card().unwrap().card, "q0");

    let review = s.rate_checked_now(&wrong, Rating::Again, at).unwrap();
    assert!(!review.correct);
    let right = check(&question, &Response::TrueFalse(true));
    assert!(s.rate_checked_now(&right, Rating::Again, at).is_err());
    let review = s.rate_checked_now(&right, Rating::Easy, at).unwrap();
    assert!(review.correct && review.rating == Rating::Easy);
    assert_eq!(s.store().reviews().unwrap().len(), 2);
}

#[test]
fn a_rating_is_not_taken_twice_while_its_commit_is_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 2, 20);
    let job = s.rate(Rating::Good, true, start()).unwrap();
    assert!(s.is_busy());
    // The same card is still on screen until the commit comes back; a second rating is refused.
    assert_eq!(s.current_card().unwrap().card, "q0");
    assert!(s.rate(Rating::Good, true, start()).is_err());
    assert!(s.undo().is_err());
    assert_eq!(
        s.store().review_count().unwrap(),
        0,
        "nothing is stored before the job runs"
    );
    let rated = job.run().unwrap();
    s.rated(rated);
    assert!(!s.is_busy());
    assert_eq!(s.store().review_count().unwrap(), 1);
    assert_eq!(s.current_card().unwrap().card, "q1");
}

#[test]
fn i_was_right_is_logged_as_an_override_and_undo_takes_the_note_along() {
    use changchun_cards::answer::{Response, check};
    use changchun_cards::deck::Question;
    use changchun_cards::session::Grade;
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 2, 20);
    let question = Question::TypeAnswer {
        prompt: "Where did the conference meet?".into(),
        accepted: vec!["Changchun".into()],
    };
    let wrong = check(&question, &Response::Typed("Kuanchengzi".into()));
    assert!(Grade::can_override(&wrong, false));
    assert!(
        !Grade::can_override(&wrong, true),
        "nothing to accept after giving up"
    );
    let tf = Question::TrueFalse {
        statement: "It met in 1922.".into(),
        answer: true,
    };
    assert!(!Grade::can_override(
        &check(&tf, &Response::TrueFalse(false)),
        false
    ));

    assert!(
        s.rate_graded(Grade::Overridden, Rating::Again, start())
            .is_err()
    );
    let job = s
        .rate_graded(Grade::Overridden, Rating::Good, start())
        .unwrap();
    let review = s.rated(job.run().unwrap());
    assert!(review.correct && review.rating == Rating::Good);
    let other = Store::open_path(&dir.path().join("progress.sqlite3")).unwrap();
    assert_eq!(other.overridden_reviews().unwrap(), vec![review.id]);
    // A plain right answer is not an override.
    let plain = s.rate_now(Rating::Good, true, start()).unwrap();
    assert!(!other.overridden_reviews().unwrap().contains(&plain.id));
    s.undo_now(start()).unwrap();
    s.undo_now(start()).unwrap();
    assert!(other.overridden_reviews().unwrap().is_empty());
}

#[test]
fn the_summary_lists_each_card_missed_once_in_the_order_missed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), 3, 20);
    let mut now = start();
    for (rating, correct) in [
        (Rating::Good, true),
        (Rating::Again, false),
        (Rating::Again, false),
    ] {
        now += Duration::seconds(5);
        s.rate_now(rating, correct, now).unwrap();
    }
    // q1 comes back (learning) and is missed again: it is listed once.
    while let Some(card) = s.current_card().cloned() {
        now += Duration::seconds(5);
        s.rate_now(Rating::Again, false, now).unwrap();
        if card.card == "q1" {
            break;
        }
    }
    let summary = s.summary(now).run().unwrap();
    let missed: Vec<&str> = summary.missed.iter().map(|k| k.card.as_str()).collect();
    assert_eq!(missed, ["q1", "q2"]);
    // Undoing the only miss of a card takes it off the list.
    let other_dir = tempfile::tempdir().unwrap();
    let mut s = session(other_dir.path(), 2, 20);
    s.rate_now(Rating::Again, false, start()).unwrap();
    assert_eq!(s.summary(start()).run().unwrap().missed.len(), 1);
    s.undo_now(start()).unwrap();
    assert!(s.summary(start()).run().unwrap().missed.is_empty());
}
