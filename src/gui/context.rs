//! What every screen shares: the decks, the learner's store and settings. Loaded off the UI thread.

use crate::data_dir::DataDir;
use crate::deck::{Deck, Library};
use crate::review::CardKey;
use crate::schedule::{
    CardState, Filter, OptimizeReport, Phase, Queue, QueueCard, Scheduler, Standing, Today,
};
use crate::session::Session;
use crate::settings::Settings;
use crate::stats::{Overview, StatsInput};
use crate::store::{self, SetAside, Store};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::collections::HashMap;

/// Counts shown for a deck in the library.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
    pub suspended: usize,
}

/// A topic's mastery: its cards mastered ([`crate::stats::is_mastered`]), out of all its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMastery {
    pub topic: String,
    pub mastered: usize,
    pub cards: usize,
}

pub type StudySession = Session<StdRng>;

pub struct Context {
    pub data: DataDir,
    pub profile: String,
    pub library: Library,
    pub store: Store,
    pub settings: Settings,
    pub scheduler: Scheduler,
    /// Card states by key, kept in step with the store after every answer.
    pub states: HashMap<CardKey, CardState>,
    /// Plain sentences to show: a settings file that could not be read, a deck that replaced another …
    pub notices: Vec<String>,
    /// A damaged store that was set aside on opening, until the learner has chosen what to do.
    pub set_aside: Option<SetAside>,
    /// The topic chips chosen in the library; none means every topic.
    pub topics: Vec<String>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("profile", &self.profile)
            .field("decks", &self.library.entries.len())
            .finish_non_exhaustive()
    }
}

impl Context {
    /// Loads decks, settings and the learner's store. Blocking: the app runs it as a task.
    pub fn load(data: DataDir, profile: Option<String>) -> Result<Context, String> {
        let library = Library::load(&data);
        let loaded = Settings::load(&data);
        let mut settings = loaded.settings;
        let mut notices = loaded.warnings;
        let profile = profile.unwrap_or_else(|| settings.active_profile.clone());
        settings.active_profile = profile.clone();
        let opened = Store::open(&data, &profile).map_err(|e| e.to_string())?;
        notices.extend(opened.warnings);
        let scheduler = Scheduler::new(settings.scheduler(&profile));
        notices.extend(scheduler.warnings().iter().cloned());
        let states = opened.store.card_states().map_err(|e| e.to_string())?;
        Ok(Context {
            data,
            profile,
            library,
            store: opened.store,
            settings,
            scheduler,
            states,
            notices,
            set_aside: opened.set_aside,
            topics: Vec::new(),
        })
    }

    /// Reloads card states from the store, after anything that changed many at once.
    pub fn refresh_states(&mut self) {
        match self.store.card_states() {
            Ok(states) => self.states = states,
            Err(e) => self.notices.push(format!("Could not read progress: {e}")),
        }
    }

    /// Re-reads one card's state after it was answered or an answer was undone.
    pub fn refresh_state(&mut self, key: &CardKey) {
        match self.store.card_state(key) {
            Ok(state) if state.phase == Phase::New && state.reps == 0 && !state.suspended => {
                self.states.remove(key);
            }
            Ok(state) => {
                self.states.insert(key.clone(), state);
            }
            Err(e) => self.notices.push(format!("Could not read progress: {e}")),
        }
    }

    pub fn state(&self, key: &CardKey) -> Option<&CardState> {
        self.states.get(key)
    }

    /// A study session over today's queue, on its own connection to the learner's store.
    pub fn start_session(&self, filter: Filter) -> Result<StudySession, String> {
        let now = Utc::now();
        let decks: Vec<&Deck> = self.library.decks().collect();
        let cards = QueueCard::from_decks(&decks);
        let studied = self
            .store
            .studied_since(self.scheduler.day().start(now))
            .map_err(|e| e.to_string())?;
        let queue = Queue::build(&cards, &self.states, &self.scheduler, &filter, studied, now);
        if queue.is_empty() {
            return Err("nothing is due in the chosen decks and topics right now. Come back later, or take a test.".into());
        }
        let store = Store::open_path(self.store.path()).map_err(|e| e.to_string())?;
        Session::new(
            store,
            self.scheduler.clone(),
            queue,
            StdRng::from_os_rng(),
            now,
        )
        .map_err(|e| e.to_string())
    }

    pub fn deck_counts(&self, deck: &Deck, now: DateTime<Utc>) -> DeckCounts {
        let today = Today::new(self.scheduler.day(), now);
        let mut counts = DeckCounts::default();
        for card in &deck.cards {
            match today.standing(self.states.get(&CardKey::new(&deck.id, &card.id))) {
                Standing::Suspended => counts.suspended += 1,
                Standing::New => counts.new += 1,
                Standing::Learning(_) => counts.learning += 1,
                Standing::Review(_) => counts.due += 1,
                Standing::Later => {}
            }
        }
        counts
    }

    pub fn mastery(&self, deck: &Deck) -> Vec<TopicMastery> {
        deck.topics
            .iter()
            .map(|topic| {
                let cards: Vec<_> = deck.cards.iter().filter(|c| &c.topic == topic).collect();
                let mastered = cards
                    .iter()
                    .filter(|c| {
                        self.states
                            .get(&CardKey::new(&deck.id, &c.id))
                            .is_some_and(crate::stats::is_mastered)
                    })
                    .count();
                TopicMastery {
                    topic: topic.clone(),
                    mastered,
                    cards: cards.len(),
                }
            })
            .collect()
    }

    pub fn save_settings(&mut self) -> Result<(), String> {
        self.settings.save(&self.data)
    }

    pub fn set_scheduler_settings(
        &mut self,
        settings: crate::schedule::SchedulerSettings,
    ) -> Result<(), String> {
        self.settings.set_scheduler(&self.profile, settings.clone());
        self.scheduler = Scheduler::new(settings);
        self.save_settings()
    }

    /// Fits the scheduler to this learner's history on a separate connection, off the UI thread.
    pub fn optimize(
        &self,
    ) -> impl std::future::Future<Output = Result<OptimizeReport, String>> + use<> {
        let path = self.store.path().to_path_buf();
        let current = self.scheduler.parameters();
        let day = *self.scheduler.day();
        async move {
            let reviews = Store::open_path(&path)
                .and_then(|s| s.reviews())
                .map_err(|e| e.to_string())?;
            crate::schedule::optimize(&reviews, &current, &day)
        }
    }

    /// Takes Optimize's parameters when they predict the history better; says what happened.
    pub fn apply_optimize(&mut self, report: &OptimizeReport) -> Result<String, String> {
        if report.changed {
            let mut settings = self.scheduler.settings().clone();
            settings.parameters = report.chosen.clone();
            self.set_scheduler_settings(settings)?;
        }
        let fit = |f: Option<crate::schedule::optimize::Fit>| {
            f.map_or("—".to_owned(), |f| {
                format!("log loss {:.4}, RMSE {:.4}", f.log_loss, f.rmse)
            })
        };
        Ok(format!(
            "{} Current parameters: {}. Fitted: {}.",
            report.message,
            fit(report.current),
            fit(report.fitted)
        ))
    }

    /// Reviews a day to expect at a desired retention, from the cards studied so far (Σ 1 / interval).
    pub fn estimated_daily_reviews(&self, retention: f32) -> f64 {
        let mut settings = self.scheduler.settings().clone();
        settings.desired_retention = retention;
        let scheduler = Scheduler::new(settings);
        self.states
            .values()
            .filter(|s| !s.suspended)
            .filter_map(|s| s.memory)
            .map(|m| 1.0 / f64::from(scheduler.interval_days(m.stability)).max(1.0))
            .sum()
    }

    pub fn profiles(&self) -> Vec<String> {
        store::profiles::list(&self.data)
    }

    pub fn create_profile(&mut self, name: &str) -> Result<(), String> {
        store::profiles::create(&self.data, name).map_err(|e| e.to_string())
    }

    /// Makes another profile the active one: its store, its settings, its states.
    pub fn switch_profile(&mut self, name: &str) -> Result<(), String> {
        let opened = Store::open(&self.data, name).map_err(|e| e.to_string())?;
        self.states = opened.store.card_states().map_err(|e| e.to_string())?;
        self.store = opened.store;
        self.set_aside = opened.set_aside;
        self.notices.extend(opened.warnings);
        self.profile = name.to_owned();
        self.settings.active_profile = name.to_owned();
        self.scheduler = Scheduler::new(self.settings.scheduler(name));
        self.save_settings()
    }

    pub fn rename_profile(&mut self, to: &str) -> Result<(), String> {
        let from = self.profile.clone();
        // The store's file moves with its folder: reopen it under the new name.
        store::profiles::rename(&self.data, &from, to).map_err(|e| e.to_string())?;
        self.settings.rename_profile(&from, to);
        self.switch_profile(to)
    }

    /// Deletes another profile, keeping a backup; the active one cannot be deleted while in use.
    pub fn delete_profile(&mut self, name: &str) -> Result<String, String> {
        if name == self.profile {
            return Err("Switch to another profile before deleting this one.".into());
        }
        let backup = store::profiles::delete(&self.data, name).map_err(|e| e.to_string())?;
        self.settings.remove_profile(name);
        self.save_settings()?;
        Ok(backup.display().to_string())
    }

    /// Puts the newest backup in place of a store that was set aside as damaged.
    pub fn restore_newest_backup(&mut self) -> Result<(), String> {
        let Some(backup) = self
            .set_aside
            .as_ref()
            .and_then(|s| s.newest_backup.clone())
        else {
            return Err("There is no backup to restore.".into());
        };
        self.store.restore(&backup).map_err(|e| e.to_string())?;
        self.set_aside = None;
        self.refresh_states();
        Ok(())
    }

    /// The statistics for this learner, computed on a separate connection so the window stays responsive.
    pub fn compute_overview(
        &self,
    ) -> impl std::future::Future<Output = Result<Overview, String>> + use<> {
        let source = self.stats_source();
        async move {
            let (reviews, tests) = source.read()?;
            Ok(Overview::compute(&source.input(&reviews, &tests)))
        }
    }

    fn stats_source(&self) -> StatsSource {
        StatsSource {
            path: self.store.path().to_path_buf(),
            decks: self.library.decks().cloned().collect(),
            scheduler: self.scheduler.clone(),
        }
    }
}

/// What statistics are computed from, owned so the work can leave the UI thread.
struct StatsSource {
    path: std::path::PathBuf,
    decks: Vec<Deck>,
    scheduler: Scheduler,
}

impl StatsSource {
    /// Reads the log and the tests on a connection of its own.
    fn read(&self) -> Result<(Vec<crate::review::Review>, Vec<crate::review::TestResult>), String> {
        let store = Store::open_path(&self.path).map_err(|e| e.to_string())?;
        Ok((
            store.reviews().map_err(|e| e.to_string())?,
            store.test_results().map_err(|e| e.to_string())?,
        ))
    }

    fn input<'a>(
        &'a self,
        reviews: &'a [crate::review::Review],
        tests: &'a [crate::review::TestResult],
    ) -> StatsInput<'a> {
        StatsInput::new(reviews, tests, self.decks.iter(), Utc::now())
            .with_scheduler(&self.scheduler)
    }
}
