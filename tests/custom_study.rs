//! Custom study through the learner's Profile, as the window and the command line use it: more new
//! cards today (today only, kept over a restart), reviewing ahead, one topic or tag, the cards
//! forgotten today, cramming that moves no schedule, and decks with options of their own.

use changchun_cards::custom_study::{CardSet, CustomStudy};
use changchun_cards::data_dir::DataDir;
use changchun_cards::profile::{NotStarted, Profile, StudySession};
use changchun_cards::review::{CardKey, Rating, ReviewKind};
use changchun_cards::schedule::{Filter, Preset};
use changchun_cards::store::Store;
use chrono::{Duration, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use tempfile::TempDir;

/// A deck of six flashcards, three per topic, some tagged.
fn deck(id: &str) -> String {
    let cards: Vec<String> = (1..=6)
        .map(|i| {
            let topic = if i <= 3 { "Causes" } else { "Consequences" };
            let tags = if i % 2 == 0 { r#"["treaty"]"# } else { "[]" };
            format!(
                r#"Card(id: "{id}{i}", topic: "{topic}", tags: {tags}, question: Flashcard(front: "Q{i}", back: "A{i}"))"#
            )
        })
        .collect();
    format!(
        r#"Deck(format: 1, id: "{id}", title: "Deck {id}", topics: ["Causes", "Consequences"], cards: [{}])"#,
        cards.join(",\n")
    )
}

fn data() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    for id in ["a", "b"] {
        std::fs::write(dir.path().join(format!("decks/{id}.ron")), deck(id)).unwrap();
    }
    dir
}

fn open(dir: &TempDir) -> Profile {
    Profile::open(DataDir::new(dir.path()), Some("tester".into())).unwrap()
}

fn only(deck: &str) -> Filter {
    Filter {
        decks: vec![deck.to_owned()],
        ..Filter::default()
    }
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(7)
}

/// A profile whose learner takes `new_per_day` new cards a day.
fn with_new_per_day(dir: &TempDir, new_per_day: u32) -> Profile {
    let mut profile = open(dir);
    let mut settings = profile.scheduler().settings().clone();
    settings.new_per_day = new_per_day;
    profile.set_scheduler_settings(settings);
    save_settings(&mut profile);
    profile
}

fn save_settings(profile: &mut Profile) {
    let saved = profile.save_settings_job()().unwrap();
    profile.settings_saved(saved);
}

/// Answers every card the session shows with `rating`, taking each answer into the profile.
fn answer_all(profile: &mut Profile, session: &mut StudySession, rating: Rating) -> Vec<CardKey> {
    let mut answered = Vec::new();
    while let Some(current) = session.current().cloned() {
        let review = session
            .rate_now(rating, rating != Rating::Again, Utc::now())
            .unwrap();
        profile.card_changed(&review.card, current.state.after(&review));
        answered.push(review.card);
        assert!(answered.len() < 100, "the session never ends");
    }
    answered
}

fn custom(profile: &mut Profile, study: CustomStudy) -> Result<StudySession, NotStarted> {
    profile.custom_session_job(study, rng())()
}

fn left(session: &StudySession) -> usize {
    let (new, learning, review) = session.counts();
    new + learning + review
}

#[test]
fn more_new_cards_today_count_for_today_only_and_are_kept_over_a_restart() {
    let dir = data();
    let mut profile = with_new_per_day(&dir, 2);
    let mut session = profile.start_session(&only("a"), Utc::now()).unwrap();
    assert_eq!(session.counts().0, 2);
    answer_all(&mut profile, &mut session, Rating::Easy);
    let why = profile.start_session(&only("a"), Utc::now()).unwrap_err();
    assert_eq!(
        why,
        NotStarted::NewCardsDone {
            waiting: 4,
            limit: 2
        }
    );
    assert!(
        why.to_string().contains("4 new cards are left, at 2 a day"),
        "{why}"
    );

    let session = custom(
        &mut profile,
        CustomStudy::MoreNew {
            deck: Some("a".into()),
            extra: 3,
        },
    )
    .unwrap();
    assert_eq!(session.counts(), (3, 0, 0));
    assert_eq!(profile.new_limits().shared, 5);
    save_settings(&mut profile);

    // A restart the same day keeps the extension; the next day the usual limit is back.
    let reopened = open(&dir);
    assert_eq!(reopened.new_limits().shared, 5);
    let session = reopened.start_session(&only("a"), Utc::now()).unwrap();
    assert_eq!(session.counts().0, 3);
    let tomorrow = Profile::open_at(
        DataDir::new(dir.path()),
        Some("tester".into()),
        Utc::now() + Duration::days(1),
    )
    .unwrap();
    assert_eq!(tomorrow.new_limits().shared, 2);
}

#[test]
fn review_ahead_takes_cards_due_in_the_coming_days_and_schedules_them() {
    let dir = data();
    let mut profile = open(&dir);
    let mut session = profile.start_session(&only("a"), Utc::now()).unwrap();
    answer_all(&mut profile, &mut session, Rating::Easy);
    assert!(matches!(
        custom(
            &mut profile,
            CustomStudy::ReviewAhead {
                deck: Some("b".into()),
                days: 60
            }
        ),
        Err(NotStarted::NothingDue)
    ));
    let progress = profile.progress_job()().unwrap();
    profile.set_progress(progress);
    assert_eq!(profile.review_ahead_count(&only("a"), 60), Some(6));
    let mut ahead = custom(
        &mut profile,
        CustomStudy::ReviewAhead {
            deck: Some("a".into()),
            days: 60,
        },
    )
    .unwrap();
    assert_eq!(ahead.counts(), (0, 0, 6));
    let key = ahead.current_card().unwrap().clone();
    let store = Store::open_path(profile.store_path()).unwrap();
    let due_before = store.card_state(&key).unwrap().due.unwrap();
    let review = ahead.rate_now(Rating::Good, true, Utc::now()).unwrap();
    assert_eq!(review.kind, ReviewKind::Review);
    assert_ne!(store.card_state(&key).unwrap().due.unwrap(), due_before);
}

#[test]
fn one_topic_or_tag_narrows_todays_queue() {
    let dir = data();
    let mut profile = open(&dir);
    let mut topic = custom(
        &mut profile,
        CustomStudy::Only {
            deck: Some("a".into()),
            set: CardSet::Topic("Consequences".into()),
        },
    )
    .unwrap();
    assert_eq!(left(&topic), 3);
    let answered = answer_all(&mut profile, &mut topic, Rating::Easy);
    let ids: Vec<&str> = answered.iter().map(|k| k.card.as_str()).collect();
    assert_eq!(ids, ["a4", "a5", "a6"]);

    let mut tag = custom(
        &mut profile,
        CustomStudy::Only {
            deck: None,
            set: CardSet::Tag("treaty".into()),
        },
    )
    .unwrap();
    let answered = answer_all(&mut profile, &mut tag, Rating::Easy);
    let mut ids: Vec<&str> = answered.iter().map(|k| k.card.as_str()).collect();
    ids.sort();
    // a4 and a6 were learnt above; the other tagged cards remain.
    assert_eq!(ids, ["a2", "b2", "b4", "b6"]);
}

#[test]
fn the_cards_forgotten_today_come_back_and_only_they() {
    let dir = data();
    let mut profile = with_new_per_day(&dir, 3);
    let mut session = profile.start_session(&only("a"), Utc::now()).unwrap();
    let first = session.current_card().unwrap().clone();
    let before = session.current().unwrap().state.clone();
    let review = session.rate_now(Rating::Again, false, Utc::now()).unwrap();
    profile.card_changed(&review.card, before.after(&review));
    for _ in 0..2 {
        let before = session.current().unwrap().state.clone();
        let review = session.rate_now(Rating::Easy, true, Utc::now()).unwrap();
        profile.card_changed(&review.card, before.after(&review));
    }
    let mut forgotten = custom(
        &mut profile,
        CustomStudy::ForgottenToday {
            deck: Some("a".into()),
        },
    )
    .unwrap();
    assert_eq!(forgotten.current_card(), Some(&first));
    assert_eq!(left(&forgotten), 1);
    let again = forgotten.rate_now(Rating::Good, true, Utc::now()).unwrap();
    assert!(again.kind.schedules());
    assert!(matches!(
        custom(
            &mut profile,
            CustomStudy::ForgottenToday {
                deck: Some("b".into())
            }
        ),
        Err(NotStarted::NothingDue)
    ));
}

#[test]
fn a_cram_answer_changes_no_card_state_and_survives_a_rebuild() {
    let dir = data();
    let mut profile = open(&dir);
    let mut session = profile.start_session(&only("a"), Utc::now()).unwrap();
    answer_all(&mut profile, &mut session, Rating::Easy);
    let path = profile.store_path().to_path_buf();
    let states_before = Store::open_path(&path).unwrap().card_states().unwrap();
    let counts_before = profile.deck_counts("a");
    let day_start = Utc::now() - Duration::days(1);
    let studied_before = Store::open_path(&path)
        .unwrap()
        .studied_since(day_start)
        .unwrap();

    let mut cram = custom(
        &mut profile,
        CustomStudy::Cram {
            deck: Some("a".into()),
            set: CardSet::All,
        },
    )
    .unwrap();
    assert!(cram.is_cram());
    // The first card answered Again comes back at the end: seven answers for six cards.
    let first = cram.current_card().unwrap().clone();
    let before = cram.current().unwrap().state.clone();
    let again = cram.rate_now(Rating::Again, false, Utc::now()).unwrap();
    profile.card_changed(&again.card, before.after(&again));
    let rest = answer_all(&mut profile, &mut cram, Rating::Good);
    assert_eq!(rest.len(), 6);
    assert_eq!(rest.last(), Some(&first));
    assert_eq!(cram.missed(), vec![first.clone()]);

    let mut store = Store::open_path(&path).unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(
        reviews
            .iter()
            .filter(|r| r.kind == ReviewKind::Cram)
            .count(),
        7
    );
    assert!(
        reviews
            .iter()
            .filter(|r| r.kind == ReviewKind::Cram)
            .all(|r| r.after.is_none() && r.due.is_none())
    );
    assert_eq!(store.card_states().unwrap(), states_before);
    assert_eq!(profile.deck_counts("a"), counts_before);
    assert_eq!(store.studied_since(day_start).unwrap(), studied_before);
    store.rebuild().unwrap();
    assert_eq!(store.card_states().unwrap(), states_before);

    // Undoing a cram answer takes it back from the log and leaves the states as they were.
    let undone = cram.undo_now(Utc::now()).unwrap().unwrap();
    assert_eq!(undone.kind, ReviewKind::Cram);
    assert_eq!(store.card_states().unwrap(), states_before);
}

#[test]
fn decks_with_options_of_their_own_keep_their_own_daily_limit_and_steps() {
    let dir = data();
    let mut profile = with_new_per_day(&dir, 2);
    // Deck a takes the Light preset (5 new a day, one 10-minute step); b follows the profile.
    profile.set_deck_options("a", Preset::Light.options());
    save_settings(&mut profile);
    let profile = open(&dir);
    assert_eq!(profile.deck_options("a"), Preset::Light.options().as_ref());
    let session = profile
        .start_session(&Filter::default(), Utc::now())
        .unwrap();
    assert_eq!(session.counts().0, 5 + 2);

    let minutes_of_again = |deck: &str| {
        let session = profile.start_session(&only(deck), Utc::now()).unwrap();
        session.previews(Utc::now()).unwrap()[0]
            .interval
            .num_minutes()
    };
    assert_eq!(minutes_of_again("a"), 10);
    assert_eq!(minutes_of_again("b"), 1);
    assert_eq!(
        profile.why_nothing_more(&only("a")),
        NotStarted::NewCardsDone {
            waiting: 6,
            limit: 5
        }
    );
}
