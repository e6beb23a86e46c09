//! The kill test: a child process answers cards in a loop and prints each answer once committed;
//! it is killed (SIGKILL) at random moments. Every printed answer must be in the store, and the
//! store must pass `integrity_check` every time.
//!
//! The child is this same test binary, running only `child_answers_until_killed`.

use changchun_cards::review::{CardKey, Rating};
use changchun_cards::schedule::{Scheduler, SchedulerSettings};
use changchun_cards::store::Store;
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const STORE_VAR: &str = "CHANGCHUN_KILL_TEST_STORE";
const ROUNDS: usize = 32;

/// Only does something when started by the parent test with the store's path.
#[test]
fn child_answers_until_killed() {
    let Some(path) = std::env::var_os(STORE_VAR) else {
        return;
    };
    let mut store = Store::open_path(path.as_ref()).expect("child opens the store");
    let scheduler = Scheduler::new(SchedulerSettings::default());
    let mut rng = StdRng::from_os_rng();
    let mut now = Utc::now();
    let stdout = std::io::stdout();
    for i in 0u64.. {
        let key = CardKey::new("kill", format!("card-{}", i % 97));
        let state = store.card_state(&key).expect("state");
        let rating = Rating::ALL[rng.random_range(0..4)];
        let (_, scheduled) = scheduler.apply(&state, rating, now, &mut rng);
        let review = scheduled.into_review(key, now, rating, rating != Rating::Again, 1500);
        let id = store.record_review(&review).expect("commit");
        // Printed only after the commit returned: the parent holds us to every line.
        let mut out = stdout.lock();
        writeln!(out, "committed {id}")
            .and_then(|()| out.flush())
            .expect("print");
        now += Duration::seconds(7);
    }
}

#[test]
fn every_printed_answer_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open_path(&path).unwrap());
    let exe = std::env::current_exe().unwrap();
    let mut rng = StdRng::seed_from_u64(1922);
    let mut printed_total = 0usize;
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "child_answers_until_killed",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(STORE_VAR, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.strip_prefix("committed ")?.parse::<i64>().ok())
                .collect::<Vec<i64>>()
        });
        std::thread::sleep(std::time::Duration::from_millis(rng.random_range(30..250)));
        child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up.
        child.wait().unwrap();
        let printed = reader.join().unwrap();
        printed_total += printed.len();

        let store = Store::open_path(&path).unwrap();
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let stored: HashSet<i64> = store.reviews().unwrap().iter().map(|r| r.id).collect();
        for id in &printed {
            assert!(
                stored.contains(id),
                "round {round}: printed answer {id} is missing"
            );
        }
        // The derived states agree with the log after every kill.
        let states = store.card_states().unwrap();
        let mut rebuilt = Store::open_path(&path).unwrap();
        rebuilt.rebuild().unwrap();
        assert_eq!(rebuilt.card_states().unwrap(), states, "round {round}");
    }
    assert!(
        printed_total > ROUNDS,
        "the child must have answered between kills"
    );
}
