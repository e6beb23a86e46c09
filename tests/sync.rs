//! Sync between a learner's computers through one shared folder: several data folders study, sync
//! and must end with the same log and the same card states, whatever the order, duplication or
//! damage of the files in between.

use changchun_cards::data_dir::DataDir;
use changchun_cards::profile::Profile;
use changchun_cards::review::{CardKey, Rating, Review};
use changchun_cards::schedule::StudyDay;
use changchun_cards::schedule::{
    CardState, Filter, Phase, Scheduler, SchedulerSettings, Schedulers, Standing,
};
use changchun_cards::settings::LearnerSettings;
use changchun_cards::stats::Summary;
use changchun_cards::store::Store;
use changchun_cards::sync::{self, SyncError, Synced, file};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const GUI_DECK: &str = include_str!("fixtures/gui-deck.ron");

/// One computer: its own data folder with the test deck, syncing through `folder`.
struct Device {
    _dir: TempDir,
    profile: Profile,
}

impl Device {
    fn new(folder: &Path) -> Device {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("decks")).unwrap();
        std::fs::write(dir.path().join("decks/gui-test.ron"), GUI_DECK).unwrap();
        let mut profile = Profile::open(DataDir::new(dir.path()), Some("anna".into())).unwrap();
        profile.set_sync_folder(Some(folder.to_path_buf()));
        Device { _dir: dir, profile }
    }

    /// Answers the first `n` cards of today's queue, each with `rating`, at `at`.
    fn study(&mut self, n: usize, rating: Rating, at: DateTime<Utc>) -> Vec<Review> {
        let mut session = self.profile.start_session(&test_deck(), at).unwrap();
        let mut answered = Vec::new();
        for i in 0..n {
            let Some(current) = session.current() else {
                break;
            };
            let before = current.state.clone();
            let at = at + Duration::seconds(i as i64 * 10);
            let review = session
                .rate_now(rating, rating != Rating::Again, at)
                .unwrap();
            self.profile
                .card_changed(&review.card, before.after(&review));
            answered.push(review);
        }
        answered
    }

    fn sync(&mut self) -> Synced {
        let job = self.profile.sync_job(true).expect("a sync folder is set");
        let synced = job().unwrap();
        self.profile.synced(&synced);
        synced
    }

    fn store(&self) -> Store {
        Store::open_path(self.profile.store_path()).unwrap()
    }
}

/// Everything a store knows that must agree between devices: each answer with its memory, and
/// each card's state.
fn contents(store: &Store) -> (Vec<String>, BTreeMap<CardKey, CardState>) {
    let mut reviews: Vec<String> = store
        .reviews()
        .unwrap()
        .into_iter()
        .map(|r| format!("{:?}", Review { id: 0, ..r }))
        .collect();
    reviews.sort();
    let states = store.card_states().unwrap().into_iter().collect();
    (reviews, states)
}

fn test_deck() -> Filter {
    Filter {
        decks: vec!["gui-test".into()],
        ..Filter::default()
    }
}

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

#[test]
fn two_computers_sharing_a_folder_end_with_the_same_progress() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    let mut home = Device::new(folder.path());

    school.study(3, Rating::Good, start());
    let first = school.sync();
    assert_eq!(first.written, 3);
    assert_eq!(first.devices, 0);

    // At home the same cards are new until the sync brings the school's answers.
    let pulled = home.sync();
    assert_eq!(pulled.merged.reviews, 3);
    assert_eq!(pulled.devices, 1);
    assert!(
        pulled.summary().contains("3 answers"),
        "{}",
        pulled.summary()
    );
    assert_eq!(home.profile.deck_counts("gui-test").new, 5);

    // Both study, the same card among others, then sync in turn.
    let later = start() + Duration::hours(30);
    home.study(4, Rating::Again, later);
    school.study(2, Rating::Easy, later + Duration::minutes(5));
    home.sync();
    school.sync();
    home.sync();

    let (a, b) = (contents(&school.store()), contents(&home.store()));
    assert_eq!(a.0.len(), 9);
    assert_eq!(a, b);
    // What each window counts follows the merged states.
    assert_eq!(
        school.profile.deck_counts("gui-test"),
        home.profile.deck_counts("gui-test")
    );
    assert_eq!(home.sync().merged.reviews, 0, "nothing new the second time");
}

#[test]
fn an_undo_on_one_computer_takes_the_answer_back_on_the_other() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    let mut home = Device::new(folder.path());
    let mut session = school.profile.start_session(&test_deck(), start()).unwrap();
    let first = session.rate_now(Rating::Good, true, start()).unwrap();
    school.sync();
    home.sync();
    assert_eq!(home.store().reviews().unwrap().len(), 1);

    let undone = session.undo_now(start()).unwrap().unwrap();
    assert_eq!(undone.card, first.card);
    school.sync();
    let synced = home.sync();
    assert_eq!(synced.merged.undone, 1);
    assert!(home.store().reviews().unwrap().is_empty());
    assert_eq!(
        synced.merged.cards.get(&first.card),
        Some(&None),
        "the card has no answer left"
    );
    assert_eq!(contents(&school.store()), contents(&home.store()));

    // A new answer after the undo takes a new number: the undone one stays undone everywhere.
    let again = session.rate_now(Rating::Hard, true, start()).unwrap();
    school.sync();
    home.sync();
    let reviews = home.store().reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].rating, again.rating);
}

#[test]
fn cards_reset_on_one_computer_are_new_on_the_other_with_their_answers_kept() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    let mut home = Device::new(folder.path());
    let answered = school.study(3, Rating::Easy, start());
    school.sync();
    home.sync();
    let keys: Vec<CardKey> = answered.iter().map(|r| r.card.clone()).collect();
    for key in &keys {
        assert_ne!(home.store().card_state(key).unwrap().phase, Phase::New);
        assert_ne!(home.profile.standing(key), Standing::New);
    }

    let job = school.profile.reset_job(keys[..2].to_vec());
    for (key, state) in job().unwrap() {
        school.profile.card_changed(&key, state);
    }
    school.sync();
    let synced = home.sync();
    assert_eq!(synced.merged.resets, 2);
    assert_eq!(synced.brought().as_deref(), Some("2 resets"));
    let store = home.store();
    for key in &keys[..2] {
        assert_eq!(store.card_state(key).unwrap().phase, Phase::New);
        assert_eq!(
            home.profile.standing(key),
            Standing::New,
            "today's queue offers it as new"
        );
        assert_eq!(store.reviews_for(key).unwrap().len(), 1, "its answer stays");
    }
    assert_ne!(store.card_state(&keys[2]).unwrap().phase, Phase::New);
    assert_eq!(contents(&school.store()), contents(&store));
    assert_eq!(school.store().resets().unwrap(), store.resets().unwrap());
    // Syncing again brings nothing twice.
    assert!(home.sync().merged.is_empty());
}

#[test]
fn a_log_line_of_an_unknown_kind_is_passed_over_and_told() {
    let folder = tempfile::tempdir().unwrap();
    let mut home = Device::new(folder.path());
    let json = r#"{"hint":{"device":"b0","seq":1}}"#;
    let text = format!(
        "{}\n{:08x} {json}\n",
        file::HEADER,
        crc32fast::hash(json.as_bytes())
    );
    std::fs::write(folder.path().join(file::file_name("b0")), text).unwrap();
    let synced = home.sync();
    assert!(
        synced
            .notes
            .iter()
            .any(|n| n.contains("1 record(s) this version cannot read")),
        "{:?}",
        synced.notes
    );
}

#[test]
fn quiz_results_sync_too() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    let mut home = Device::new(folder.path());
    let result = changchun_cards::review::TestResult {
        id: 0,
        started: start(),
        duration_ms: 90_000,
        decks: vec!["gui-test".into()],
        topics: vec![],
        answers: vec![],
    };
    school.profile.record_quiz_job(result.clone())().unwrap();
    school.sync();
    assert_eq!(home.sync().merged.quizzes, 1);
    let got = home.store().test_results().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].started, result.started);
    assert_eq!(home.sync().merged.quizzes, 0);
}

#[test]
fn a_missing_folder_is_a_notice_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let gone: PathBuf = folder.path().join("stick");
    let mut device = Device::new(&gone);
    device.study(1, Rating::Good, start());
    let job = device.profile.sync_job(true).unwrap();
    let error = job().unwrap_err().to_string();
    assert!(error.contains("is not there"), "{error}");
    assert_eq!(device.store().reviews().unwrap().len(), 1);
    let mut store = device.store();
    assert!(matches!(
        sync::run(&mut store, &gone, &local(), &who()),
        Err(SyncError::FolderMissing(_))
    ));
}

#[test]
fn cut_short_and_conflicted_copies_are_merged_up_to_their_last_whole_record() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    school.study(4, Rating::Good, start());
    school.sync();
    let log = log_of(folder.path(), &school);
    let text = std::fs::read(&log).unwrap();
    // A sync tool's conflicted copy holding the first two records and half of the third, and the
    // school's own log gone from this folder (not yet arrived).
    let other = tempfile::tempdir().unwrap();
    let lines: Vec<usize> = newline_ends(&text);
    std::fs::write(
        other
            .path()
            .join("progress-x (conflicted copy 2026-12-01).ccsync"),
        // (After the header and the learner's line: two records and a piece of the third.)
        &text[..lines[3] + 5],
    )
    .unwrap();
    std::fs::write(other.path().join("notes.ccsync"), "shopping list\n").unwrap();
    let mut home = Device::new(other.path());
    let synced = home.sync();
    assert_eq!(synced.merged.reviews, 2);
    assert!(
        synced
            .notes
            .iter()
            .any(|n| n.contains("half-written") && n.contains("conflicted copy")),
        "{:?}",
        synced.notes
    );
    assert!(
        synced
            .notes
            .iter()
            .any(|n| n.contains("notes.ccsync") && n.contains("not a Changchun Cards")),
        "{:?}",
        synced.notes
    );
    // The whole log arrives later: the rest merges, and the copy adds nothing twice.
    std::fs::copy(&log, other.path().join(log.file_name().unwrap())).unwrap();
    assert_eq!(home.sync().merged.reviews, 2);
    assert_eq!(contents(&home.store()).0, contents(&school.store()).0);
}

#[test]
fn a_log_left_half_written_by_a_killed_writer_is_written_whole_again() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    school.study(2, Rating::Good, start());
    school.sync();
    let log = log_of(folder.path(), &school);
    // The writer was killed in the middle of appending a record.
    let mut text = std::fs::read(&log).unwrap();
    text.extend_from_slice(b"0badc0de {\"t\":\"rev");
    std::fs::write(&log, &text).unwrap();

    school.study(1, Rating::Good, start() + Duration::days(3));
    let synced = school.sync();
    assert_eq!(synced.written, 3, "the log is written anew, whole");
    let read = file::decode(&std::fs::read(&log).unwrap()).unwrap();
    assert!(!read.torn);
    assert_eq!(read.records.len(), 3);
}

#[test]
fn answers_a_restored_backup_lost_come_back_from_the_log() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    school.study(1, Rating::Good, start());
    let backup = school.store().backup_now().unwrap();
    school.study(2, Rating::Good, start() + Duration::days(2));
    school.sync();
    // The learner restores the backup: the store forgets the last two answers.
    school.store().restore(&backup).unwrap();
    assert_eq!(school.store().reviews().unwrap().len(), 1);

    let synced = school.sync();
    assert_eq!(synced.merged.reviews, 2, "the log still had them");
    assert_eq!(school.store().reviews().unwrap().len(), 3);
    // New answers take numbers past the ones that came back: nothing is written twice.
    school.study(1, Rating::Good, start() + Duration::days(9));
    school.sync();
    let log = log_of(folder.path(), &school);
    let read = file::decode(&std::fs::read(&log).unwrap()).unwrap();
    let mut seqs: Vec<i64> = read.records.iter().map(|r| r.origin().seq).collect();
    seqs.sort();
    assert_eq!(seqs, [1, 2, 3, 4]);
}

#[test]
fn clocks_hours_apart_keep_each_computers_own_order() {
    let folder = tempfile::tempdir().unwrap();
    let mut fast = Device::new(folder.path());
    let mut slow = Device::new(folder.path());
    // The fast computer's clock runs three hours ahead. Before any sync, both learn the first
    // card: the slow one at 1:00 by its clock, the fast one at 3:00 by its own and again at 3:15.
    let early = slow.study(1, Rating::Again, start() + Duration::hours(1));
    let first = fast.study(1, Rating::Good, start() + Duration::hours(3));
    let second = fast.study(1, Rating::Good, start() + Duration::minutes(195));
    assert_eq!(early[0].card, first[0].card);
    assert_eq!(first[0].card, second[0].card);
    fast.sync();
    slow.sync();
    fast.sync();
    assert_eq!(contents(&fast.store()), contents(&slow.store()));
    // The card's history: the slow computer's answer, then the fast one's two in the order made.
    let history = slow.store().reviews_for(&first[0].card).unwrap();
    let ratings: Vec<Rating> = history.iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Again, Rating::Good, Rating::Good]);
    let states = fast.store().card_states().unwrap();
    assert_eq!(states[&first[0].card].reps, 3);
}

fn newline_ends(text: &[u8]) -> Vec<usize> {
    text.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

fn log_of(folder: &Path, device: &Device) -> PathBuf {
    let id = device.store().device_id().unwrap();
    folder.join(file::file_name(&id))
}

/// The learner, who says the folder's progress is theirs.
fn who() -> sync::Who {
    sync::Who {
        name: "anna".into(),
        confirmed: true,
    }
}

/// Studying settings never changed: the defaults.
fn local() -> LearnerSettings {
    LearnerSettings {
        changed: None,
        scheduler: SchedulerSettings::default(),
        decks: BTreeMap::new(),
    }
}

fn schedulers() -> Schedulers {
    Schedulers {
        learner: Scheduler::new(SchedulerSettings::default()),
        decks: HashMap::new(),
    }
}

#[test]
fn the_newest_change_of_the_studying_settings_wins_on_every_computer() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    let mut home = Device::new(folder.path());
    let mut settings = school.profile.scheduler().settings().clone();
    settings.desired_retention = 0.85;
    settings.new_per_day = 7;
    school.profile.set_scheduler_settings(settings);
    let changed = school.profile.settings_changed_at().expect("stamped");
    school.sync();

    let synced = home.sync();
    let taken = synced
        .settings
        .as_ref()
        .expect("home takes the newer settings");
    assert_eq!(taken.changed, Some(changed));
    let now = home.profile.scheduler().settings();
    assert_eq!(now.desired_retention, 0.85);
    assert_eq!(now.new_per_day, 7);
    assert_eq!(home.profile.settings_changed_at(), Some(changed));
    assert!(home.sync().settings.is_none(), "taken once");

    // A later change at home goes back to school.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut settings = home.profile.scheduler().settings().clone();
    settings.new_per_day = 12;
    home.profile.set_scheduler_settings(settings);
    home.sync();
    assert!(school.sync().settings.is_some());
    assert_eq!(school.profile.scheduler().settings().new_per_day, 12);
    // An older change never overwrites a newer one.
    assert!(home.sync().settings.is_none());
    assert_eq!(home.profile.scheduler().settings().new_per_day, 12);
}

#[test]
fn merged_answers_are_scheduled_as_if_one_computer_had_given_them_all() {
    let schedulers = schedulers();
    let card = CardKey::new("deck", "x");
    let node = |dir: &Path, name: &str| Node {
        store: Store::open_path(&dir.join(name)).unwrap(),
        view: tempfile::tempdir().unwrap(),
        skew: 0,
    };
    let dir = tempfile::tempdir().unwrap();
    // One computer answers twice, two days apart.
    let mut alone = node(dir.path(), "alone.sqlite3");
    answer(&mut alone, &card, Rating::Good, 0, &schedulers);
    answer(&mut alone, &card, Rating::Hard, 2 * 24 * 60, &schedulers);
    // Two computers give the same answers, each not knowing of the other's.
    let folder = tempfile::tempdir().unwrap();
    let mut a = node(dir.path(), "a.sqlite3");
    let mut b = node(dir.path(), "b.sqlite3");
    answer(&mut a, &card, Rating::Good, 0, &schedulers);
    answer(&mut b, &card, Rating::Hard, 2 * 24 * 60, &schedulers);
    sync::run(&mut a.store, folder.path(), &local(), &who()).unwrap();
    sync::run(&mut b.store, folder.path(), &local(), &who()).unwrap();
    sync::run(&mut a.store, folder.path(), &local(), &who()).unwrap();
    let expected = alone.store.card_state(&card).unwrap();
    assert_eq!(a.store.card_state(&card).unwrap(), expected);
    assert_eq!(b.store.card_state(&card).unwrap(), expected);
    // The second answer's memory is the one it has after the first, not after nothing.
    let history = b.store.reviews_for(&card).unwrap();
    assert_eq!(history[1].before, history[0].after);
}

#[test]
fn a_first_sync_of_many_answers_builds_the_logs_indexes_and_triggers_again_as_they_were() {
    let schedulers = schedulers();
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let node = |name: &str| Node {
        store: Store::open_path(&dir.path().join(name)).unwrap(),
        view: tempfile::tempdir().unwrap(),
        skew: 0,
    };
    // One computer with 2 500 cards answered 10 times each: 25 000 answers.
    let mut school = node("school.sqlite3");
    let mut log = Vec::new();
    for card in 0..2_500 {
        let key = CardKey::new("deck", format!("card-{card}"));
        let mut state = CardState::new();
        for n in 0..10 {
            let at = start() + Duration::days(n * 3) + Duration::seconds(card);
            let (next, scheduled) = schedulers.of("deck").answer(&state, Rating::Good, at, &key);
            log.push(scheduled.into_review(key.clone(), at, Rating::Good, true, 900));
            state = next;
        }
    }
    school.store.import_reviews(&log).unwrap();
    sync::run(&mut school.store, folder.path(), &local(), &who()).unwrap();
    let mut home = node("home.sqlite3");
    // Home has answered a card and shown its statistics before the merge.
    answer(
        &mut home,
        &CardKey::new("deck", "card-7"),
        Rating::Hard,
        5,
        &schedulers,
    );
    assert_eq!(summary_kept(&home.store).cards.len(), 1);
    let synced = sync::run(&mut home.store, folder.path(), &local(), &who()).unwrap();
    assert_eq!(synced.merged.reviews, 25_000);
    assert_eq!(summary_kept(&home.store), summary_from_log(&home.store));
    assert_eq!(summary_kept(&home.store).cards.len(), 2_500);
    // The summary follows the answers given after the merge: its triggers are back.
    answer(
        &mut home,
        &CardKey::new("deck", "card-8"),
        Rating::Again,
        6,
        &schedulers,
    );
    assert_eq!(summary_kept(&home.store), summary_from_log(&home.store));
    sync::run(&mut home.store, folder.path(), &local(), &who()).unwrap();
    // School merges home's answers back.
    sync::run(&mut school.store, folder.path(), &local(), &who()).unwrap();
    assert_eq!(contents(&home.store), contents(&school.store));
    let schema = |store: &Store| -> Vec<String> {
        let path = store.path().to_path_buf();
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(schema(&home.store), schema(&school.store));
    for name in [
        "reviews_by_time",
        "reviews_by_origin",
        "stats_follow_new_answers",
    ] {
        assert!(
            schema(&home.store).iter().any(|i| i.contains(name)),
            "{name}"
        );
    }
}

// The convergence property: any interleaving of answers, undos, resets and syncs on three devices, with
// sync files copied late, twice, or cut short in between, ends with the same log and the same
// states on all three once each has synced after the last change.

#[derive(Debug, Clone)]
enum Step {
    Answer {
        device: usize,
        card: usize,
        rating: u8,
    },
    Undo {
        device: usize,
    },
    Reset {
        device: usize,
        card: usize,
    },
    /// A device syncs through its own view of the folder.
    Sync {
        device: usize,
    },
    /// A device shows its statistics: its summary of the log is kept from then on.
    Stats {
        device: usize,
    },
    /// The sync tool copies one device's log into another's view, whole or cut short.
    Carry {
        from: usize,
        to: usize,
        cut: Option<u16>,
        as_copy: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..4usize, 1..=4u8).prop_map(|(device, card, rating)| Step::Answer { device, card, rating }),
        1 => (0..3usize).prop_map(|device| Step::Undo { device }),
        1 => (0..3usize, 0..4usize).prop_map(|(device, card)| Step::Reset { device, card }),
        2 => (0..3usize).prop_map(|device| Step::Sync { device }),
        1 => (0..3usize).prop_map(|device| Step::Stats { device }),
        3 => (0..3usize, 0..3usize, proptest::option::of(any::<u16>()), any::<bool>())
            .prop_map(|(from, to, cut, as_copy)| Step::Carry { from, to, cut, as_copy }),
    ]
}

struct Node {
    store: Store,
    /// This device's view of the shared folder (a sync tool delivers files late).
    view: TempDir,
    /// Minutes its clock runs ahead.
    skew: i64,
}

fn answer(node: &mut Node, card: &CardKey, rating: Rating, minute: i64, schedulers: &Schedulers) {
    let now = start() + Duration::minutes(minute + node.skew);
    let state = node.store.card_state(card).unwrap();
    let at = match state.last_review {
        Some(last) if last >= now => last + Duration::milliseconds(1),
        _ => now,
    };
    let (_, scheduled) = schedulers.of(&card.deck).answer(&state, rating, at, card);
    let review = scheduled.into_review(card.clone(), at, rating, rating != Rating::Again, 1000);
    node.store.record_answer(&review, false).unwrap();
}

fn copy_logs(from: &Path, to: &Path, cut: Option<u16>, as_copy: bool) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".ccsync") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let bytes = match cut {
            Some(cut) if !bytes.is_empty() => &bytes[..usize::from(cut) % bytes.len()],
            _ => &bytes[..],
        };
        let target = if as_copy {
            format!(
                "{} (conflicted copy).ccsync",
                name.trim_end_matches(".ccsync")
            )
        } else {
            name
        };
        // A device's own log is only ever written by itself; a copy of it arrives under
        // another name.
        let path = to.join(&target);
        if !as_copy && path.exists() && is_own(to, &target) {
            continue;
        }
        std::fs::write(path, bytes).unwrap();
    }
}

/// The statistics' summary as the store keeps it, and as made from its log in memory.
fn summary_kept(store: &Store) -> Summary {
    store.stats_summary(StudyDay::default()).unwrap()
}

fn summary_from_log(store: &Store) -> Summary {
    Summary::of_log_with_resets(
        &store.reviews().unwrap(),
        &store.resets().unwrap(),
        StudyDay::default(),
    )
}

fn is_own(view: &Path, name: &str) -> bool {
    std::fs::read_to_string(view.join(".owner")).is_ok_and(|own| own == name)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_interleaving_converges(steps in proptest::collection::vec(step(), 1..40)) {
        let schedulers = schedulers();
        let cards: Vec<CardKey> = ["a", "b", "c", "d"].iter().map(|c| CardKey::new("deck", *c)).collect();
        let stores = tempfile::tempdir().unwrap();
        let mut nodes: Vec<Node> = (0..3)
            .map(|i| {
                let store = Store::open_path(&stores.path().join(format!("{i}.sqlite3"))).unwrap();
                let view = tempfile::tempdir().unwrap();
                let own = file::file_name(&store.device_id().unwrap());
                std::fs::write(view.path().join(".owner"), own).unwrap();
                Node { store, view, skew: [0, 180, -90][i] }
            })
            .collect();
        for (minute, step) in steps.into_iter().enumerate() {
            let minute = minute as i64 * 7;
            match step {
                Step::Answer { device, card, rating } => {
                    let rating = Rating::from_number(rating).unwrap();
                    answer(&mut nodes[device], &cards[card], rating, minute, &schedulers);
                }
                Step::Undo { device } => {
                    nodes[device].store.undo_last_review(&schedulers).unwrap();
                }
                Step::Reset { device, card } => {
                    let node = &mut nodes[device];
                    let at = start() + Duration::minutes(minute + node.skew);
                    node.store.reset_cards(&cards[card..=card], at, &schedulers).unwrap();
                }
                Step::Sync { device } => {
                    let node = &mut nodes[device];
                    sync::run(&mut node.store, node.view.path(), &local(), &who()).unwrap();
                }
                Step::Stats { device } => {
                    prop_assert_eq!(summary_kept(&nodes[device].store), summary_from_log(&nodes[device].store));
                }
                Step::Carry { from, to, cut, as_copy } => {
                    if from != to {
                        copy_logs(nodes[from].view.path(), nodes[to].view.path(), cut, as_copy);
                    }
                }
            }
        }
        // The tool catches up: every device syncs, every whole log reaches every view, and every
        // device syncs again.
        for _ in 0..2 {
            for node in &mut nodes {
                sync::run(&mut node.store, node.view.path(), &local(), &who()).unwrap();
            }
            for from in 0..3 {
                for to in 0..3 {
                    if from != to {
                        let own = std::fs::read_to_string(nodes[from].view.path().join(".owner")).unwrap();
                        std::fs::copy(nodes[from].view.path().join(&own), nodes[to].view.path().join(&own)).unwrap();
                    }
                }
            }
        }
        for node in &mut nodes {
            sync::run(&mut node.store, node.view.path(), &local(), &who()).unwrap();
        }
        let first = contents(&nodes[0].store);
        let resets = nodes[0].store.resets().unwrap();
        for node in &nodes[1..] {
            prop_assert_eq!(&contents(&node.store), &first);
            prop_assert_eq!(&node.store.resets().unwrap(), &resets);
        }
        // Each statistics' summary, kept through answers, undos and merges, is the log's.
        for node in &nodes {
            prop_assert_eq!(summary_kept(&node.store), summary_from_log(&node.store));
        }
        // And the states are those the scheduler gives the merged history from scratch.
        let mut rebuilt = Store::open_path(&stores.path().join("0.sqlite3")).unwrap();
        rebuilt.rebuild().unwrap();
        prop_assert_eq!(contents(&rebuilt).1, first.1);
    }
}

#[test]
fn the_command_line_sets_the_folder_syncs_and_stops() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    school.study(2, Rating::Good, start());
    school.sync();
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
            .arg("--data-dir")
            .arg(home.path())
            .args(["--profile", "anna"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, _, err) = run(&["sync"]);
    assert!(!ok);
    assert!(err.contains("no sync folder yet"), "{err}");

    // The folder holds another computer's progress: the first sync asks whose it is.
    let (ok, _, err) = run(&["sync", "--folder", folder.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("already holds progress from 1 other computer (studied as \"anna\")"),
        "{err}"
    );
    assert!(err.contains("--join"), "{err}");
    let (ok, out, err) = run(&["sync", "--join"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Merged 2 answers from 1 other device."),
        "{out}"
    );
    // The folder is remembered.
    let (ok, out, _) = run(&["sync"]);
    assert!(ok);
    assert!(out.contains("Up to date (1 other device)."), "{out}");
    let (ok, out, _) = run(&["sync", "--stop"]);
    assert!(ok);
    assert!(out.contains("no longer syncs"), "{out}");
    assert!(!run(&["sync"]).0);
}

#[test]
fn a_progress_file_copied_to_another_place_syncs_under_an_id_of_its_own() {
    let folder = tempfile::tempdir().unwrap();
    let mut school = Device::new(folder.path());
    school.study(2, Rating::Good, start());
    // The learner copies the data folder to a laptop before ever syncing.
    let laptop = tempfile::tempdir().unwrap();
    let copied = laptop.path().join("progress.sqlite3");
    // (A whole copy, as of a closed app: the backup writes one.)
    let whole = school.store().backup_now().unwrap();
    std::fs::copy(whole, &copied).unwrap();
    let mut copy = Store::open_path(&copied).unwrap();
    let before = copy.device_id().unwrap();
    assert_eq!(before, school.store().device_id().unwrap());

    school.sync();
    let synced = sync::run(&mut copy, folder.path(), &local(), &who()).unwrap();
    let after = copy.device_id().unwrap();
    assert_ne!(after, before, "the copy took an id of its own");
    assert_eq!(
        synced.merged.reviews, 0,
        "it had the school's answers already"
    );
    // Each writes its own log; both hold the answers made before the copy.
    let logs: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(logs.len(), 2, "{logs:?}");
    let laptop_log =
        file::decode(&std::fs::read(folder.path().join(file::file_name(&after))).unwrap()).unwrap();
    assert_eq!(laptop_log.records.len(), 2);
    // Answers on each then reach the other.
    school.study(1, Rating::Good, start() + Duration::days(2));
    let card = CardKey::new("gui-test", "tf");
    let state = copy.card_state(&card).unwrap();
    let (_, scheduled) = schedulers().of("gui-test").answer(
        &state,
        Rating::Easy,
        start() + Duration::days(3),
        &card,
    );
    copy.record_answer(
        &scheduled.into_review(card, start() + Duration::days(3), Rating::Easy, true, 800),
        false,
    )
    .unwrap();
    school.sync();
    sync::run(&mut copy, folder.path(), &local(), &who()).unwrap();
    school.sync();
    assert_eq!(contents(&copy).0, contents(&school.store()).0);
    assert_eq!(contents(&copy).0.len(), 4);
}

#[test]
fn the_first_sync_into_a_folder_with_someone_elses_progress_waits_to_be_told_it_is_theirs() {
    let folder = tempfile::tempdir().unwrap();
    let mut anna = Device::new(folder.path());
    anna.study(2, Rating::Good, start());
    anna.sync();
    // Boris points his profile at the same folder.
    let boris = Device::new(folder.path());
    let asked = boris.profile.sync_job(false).unwrap()().unwrap_err();
    assert!(
        asked
            .to_string()
            .contains("already holds progress from 1 other computer (studied as \"anna\")"),
        "{asked}"
    );
    assert!(
        boris.store().reviews().unwrap().is_empty(),
        "nothing merged"
    );
    let logs = std::fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(logs, 1, "nothing written");

    // Anna's second computer says yes once; afterwards a third computer's log needs no question.
    let mut home = Device::new(folder.path());
    let synced = home.profile.sync_job(true).unwrap()().unwrap();
    home.profile.synced(&synced);
    assert_eq!(synced.merged.reviews, 2);
    let mut laptop = Device::new(folder.path());
    laptop.study(1, Rating::Easy, start() + Duration::days(1));
    laptop.sync();
    let again = home.profile.sync_job(false).unwrap()().unwrap();
    assert_eq!(again.merged.reviews, 1);
}
