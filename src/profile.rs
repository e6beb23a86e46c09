//! One learner with their decks: the library, the learner's store and settings, the scheduler, and
//! where every card stands today. The command line and the window both work through it.
//!
//! Reading a `Profile` never touches the disk: what screens show (today's counts, mastery, the list of
//! learners) is worked out when something changes. Whatever reads or writes the disk is a *job*: an
//! owned closure that runs anywhere (the GUI runs it off its UI thread, the CLI just calls it) and
//! whose result is handed back to the profile (`card_changed`, `switch_to`, `add_deck` …).

use crate::custom_study::{self, CustomStudy};
use crate::data_dir::DataDir;
use crate::deck::{Deck, DeckCache, DeckEntry, Library};
use crate::review::{CardKey, TestResult};
use crate::schedule::{
    CardState, CardStates, DeckOptions, DueState, Filter, NewLimits, OptimizeReport, Queue,
    QueueCard, Scheduler, SchedulerSettings, Schedulers, Standing, Today,
};
use crate::session::{Mode, Session};
use crate::settings::Settings;
use crate::stats::{Overview, StatsInput};
use crate::store::{self, Access, Check, SetAside, Store, StoreError};
use crate::sync::Synced;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Today's counts for one deck.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
    pub suspended: usize,
}

impl DeckCounts {
    fn add(&mut self, standing: Standing) {
        match standing {
            Standing::Suspended => self.suspended += 1,
            Standing::New => self.new += 1,
            Standing::Learning(_) => self.learning += 1,
            Standing::Review(_) => self.due += 1,
            Standing::Later => {}
        }
    }
}

/// A topic's mastery in one deck: its mastered cards ([`crate::stats::is_mastered`]) out of all its
/// cards.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMastery {
    pub topic: String,
    pub mastered: usize,
    pub cards: usize,
}

/// Why no study session could start.
#[derive(Debug, Clone, PartialEq)]
pub enum NotStarted {
    /// The day's new cards are done: this many new cards wait, and `limit` new cards a day is the
    /// limit they count against.
    NewCardsDone { waiting: usize, limit: u32 },
    /// The day's reviews are done up to the daily maximum; this many are still due.
    ReviewsDone { waiting: usize },
    /// Nothing is due in the chosen decks and topics.
    NothingDue,
    /// The store could not be read.
    Failed(String),
}

impl std::fmt::Display for NotStarted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotStarted::NewCardsDone { waiting, limit } => write!(
                f,
                "Today's new cards are done: {waiting} new {} left, at {limit} a day. Custom \
                 study can add more new cards for today only, or let you review ahead or cram.",
                if *waiting == 1 {
                    "card is"
                } else {
                    "cards are"
                }
            ),
            NotStarted::ReviewsDone { waiting } => write!(
                f,
                "Today's reviews are done up to the daily maximum ({waiting} more are due). Raise \
                 \"Maximum reviews per day\" in Settings to review more today."
            ),
            NotStarted::NothingDue => f.write_str(
                "Nothing is due in the chosen decks and topics right now, and no new card is left \
                 to learn. Come back later; custom study can review ahead or cram meanwhile.",
            ),
            NotStarted::Failed(e) => write!(f, "Could not start studying: {e}"),
        }
    }
}

/// What the check of every page of the learner's store found (see [`Profile::check_job`]).
#[derive(Debug, Clone, PartialEq)]
pub enum PagesChecked {
    /// No damage; sentences for the learner (a daily backup that failed).
    Healthy(Vec<String>),
    /// The file at `path` is damaged: drop the profile (closing every connection to the file) and
    /// open it again with [`Profile::open_after_damage`], which sets the file aside.
    Damaged { path: PathBuf, message: String },
    /// The file could not be read to the end for another reason; nothing was changed.
    Unreadable(String),
}

/// Why a sync did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum NotSynced {
    /// The folder already holds progress from other computers: the learner must say it is theirs.
    Unconfirmed(String),
    Failed(String),
}

impl std::fmt::Display for NotSynced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotSynced::Unconfirmed(s) | NotSynced::Failed(s) => f.write_str(s),
        }
    }
}

/// The learner's side of a profile: their store and where each card stands.
#[derive(Debug)]
pub struct Learner {
    name: String,
    store: Store,
    scheduler: Scheduler,
    set_aside: Option<SetAside>,
    /// Where each card of [`Profile::cards`] stands, in the same order (the store's fast path).
    due: Arc<Vec<DueState>>,
    /// Every state in full, once read (mastery, browse and estimates need it; today's counts do not).
    progress: Option<HashMap<CardKey, CardState>>,
    warnings: Vec<String>,
}

impl Learner {
    /// Opens a learner's store and reads where each card stands today.
    pub fn open(
        data: &DataDir,
        name: &str,
        settings: SchedulerSettings,
        cards: &[QueueCard],
        now: DateTime<Utc>,
    ) -> Result<Learner, String> {
        let opened = Store::open(data, name).map_err(|e| e.to_string())?;
        Learner::from_opened(name, opened, settings, cards, now).map_err(|e| e.to_string())
    }

    /// A learner from their opened store: reads where each card stands today.
    fn from_opened(
        name: &str,
        opened: store::Opened,
        settings: SchedulerSettings,
        cards: &[QueueCard],
        now: DateTime<Utc>,
    ) -> Result<Learner, StoreError> {
        let scheduler = Scheduler::new(settings);
        let mut warnings = opened.warnings;
        warnings.extend(scheduler.warnings().iter().cloned());
        let due = read_due(&opened.store, &scheduler, cards, now)?;
        Ok(Learner {
            name: name.to_owned(),
            store: opened.store,
            scheduler,
            set_aside: opened.set_aside,
            due: Arc::new(due),
            progress: None,
            warnings,
        })
    }
}

impl Learner {
    pub fn name(&self) -> &str {
        &self.name
    }
}

fn read_due(
    store: &Store,
    scheduler: &Scheduler,
    cards: &[QueueCard],
    now: DateTime<Utc>,
) -> Result<Vec<DueState>, StoreError> {
    store.due_states(cards.iter().map(|c| &c.key), scheduler.day().end(now))
}

/// An exchange file read as a deck and not yet saved: what would be imported and what is left
/// out, with why, for the learner to confirm.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub source: PathBuf,
    /// What the file was read as: "GIFT", "an Anki package (collection.anki21b)".
    pub read_as: String,
    pub deck: Deck,
    pub skipped: Vec<crate::interop::Skipped>,
    /// How an Anki package was read and what it held that the deck cannot carry.
    pub notes: Vec<String>,
    /// An Anki package's review log, mapped to the deck's cards.
    pub history: Vec<crate::interop::apkg::HistoryEntry>,
    /// Whether saving also adds `history` to the learner's progress (a box the learner ticks).
    pub add_history: bool,
    /// Pictures the file carried, stored beside the deck when it is saved.
    pub pictures: Vec<crate::interop::Picture>,
    /// Media of the cards that could not come along, one line per card.
    pub lost: Vec<String>,
}

impl ImportPreview {
    /// What the import did, with what it left out, for the learner to read.
    fn note(&self, target: &Path) -> String {
        let mut note = format!(
            "Imported {} card(s) from {} ({}) into {}.",
            self.deck.cards.len(),
            self.source.display(),
            self.read_as,
            target.display()
        );
        for s in &self.skipped {
            note.push_str(&format!(" Skipped line {}: {}.", s.line, s.reason));
        }
        for n in &self.notes {
            note.push_str(&format!(" Note: {n}."));
        }
        if !self.pictures.is_empty() {
            note.push_str(&format!(
                " Kept {} picture(s) beside the deck.",
                self.pictures.len()
            ));
        }
        for l in &self.lost {
            note.push_str(&format!(" Not carried: {l}."));
        }
        note
    }
}

/// A deck to add to the library, with where its cards stand, and a sentence for the learner.
#[derive(Debug)]
pub struct AddedDeck {
    pub entry: DeckEntry,
    due: Vec<DueState>,
    pub note: String,
}

/// A finished settings save: the copy that was written, and the file's settings after it.
#[derive(Debug, Clone)]
pub struct SavedSettings {
    sent: Settings,
    saved: Settings,
}

/// A study session over the learner's own store connection.
pub type StudySession = Session;

/// One learner with their decks.
#[derive(Debug)]
pub struct Profile {
    data: DataDir,
    library: Library,
    settings: Settings,
    learner: Learner,
    /// Every card of the library's decks, in library order (the order new cards come in).
    cards: Arc<Vec<QueueCard>>,
    /// Where each deck's cards are in `cards`.
    positions: HashMap<String, Range<usize>>,
    /// Today's counts by deck id, kept in step with every change.
    counts: HashMap<String, DeckCounts>,
    /// Mastery per topic by deck id, once the full states are read.
    mastery: HashMap<String, Vec<TopicMastery>>,
    /// Every topic of every deck, once, in library order.
    topics: Vec<String>,
    /// How many cards each deck has in its starter set, for the decks that have one.
    start_here: HashMap<String, usize>,
    /// The profiles there are, read on opening and after each change to them.
    learners: Vec<String>,
    today: Today,
    warnings: Vec<String>,
}

impl Profile {
    /// Loads the decks and settings and opens the learner's store (the active one by default).
    pub fn open(data: DataDir, name: Option<String>) -> Result<Profile, String> {
        Profile::open_at(data, name, Utc::now())
    }

    /// Opens a profile as the app does: the store's size and header are checked now, its pages by
    /// [`Profile::check_job`], which the app runs once the first screen is shown.
    pub fn open_at(
        data: DataDir,
        name: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Profile, String> {
        Profile::open_checking(data, name, now, Check::PagesLater)
    }

    /// Opens a profile again after [`Profile::check_job`] found its store damaged: every page is
    /// checked before anything is read, so the damaged file is set aside and the learner told.
    pub fn open_after_damage(data: DataDir, name: Option<String>) -> Result<Profile, String> {
        Profile::open_checking(data, name, Utc::now(), Check::Now)
    }

    fn open_checking(
        data: DataDir,
        name: Option<String>,
        now: DateTime<Utc>,
        check: Check,
    ) -> Result<Profile, String> {
        let loaded = Settings::load(&data);
        let mut settings = loaded.settings;
        let name = name.unwrap_or_else(|| settings.active_profile.clone());
        settings.active_profile.clone_from(&name);
        // The decks load while the store is checked: neither needs the other.
        let (library, opened) = std::thread::scope(|s| {
            let library = s.spawn(|| Library::load(&data));
            let opened = Store::open_with(&data, &name, Access::Write, check);
            let library = library
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (library, opened)
        });
        let opened = opened.map_err(|e| e.to_string())?;
        let cards = Arc::new(all_cards(&library));
        let scheduler = settings.scheduler(&name);
        let learner = match Learner::from_opened(&name, opened, scheduler.clone(), &cards, now) {
            // Damage met before the pages were checked: check them all now, which sets the file
            // aside (the store that met it is closed by now).
            Err(e) if e.is_damage() && check == Check::PagesLater => {
                let opened = Store::open_with(&data, &name, Access::Write, Check::Now)
                    .map_err(|e| e.to_string())?;
                Learner::from_opened(&name, opened, scheduler, &cards, now)
            }
            learner => learner,
        }
        .map_err(|e| e.to_string())?;
        let learners = store::profiles::list(&data);
        let mut profile = Profile {
            today: Today::new(learner.scheduler.day(), now),
            data,
            library,
            settings,
            learner,
            cards,
            positions: HashMap::new(),
            counts: HashMap::new(),
            mastery: HashMap::new(),
            topics: Vec::new(),
            start_here: HashMap::new(),
            learners,
            warnings: loaded.warnings,
        };
        profile.index_library();
        profile.count_all();
        profile.take_learner_warnings();
        Ok(profile)
    }

    pub fn data(&self) -> &DataDir {
        &self.data
    }

    pub fn name(&self) -> &str {
        &self.learner.name
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Forgets the library's notes (a deck replacing another …) once the learner has read them.
    pub fn dismiss_library_notices(&mut self) {
        self.library.notices.clear();
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.learner.scheduler
    }

    pub fn store_path(&self) -> &Path {
        self.learner.store.path()
    }

    /// A damaged store set aside on opening, until the learner has chosen what to do.
    pub fn set_aside(&self) -> Option<&SetAside> {
        self.learner.set_aside.as_ref()
    }

    pub fn keep_fresh_store(&mut self) {
        self.learner.set_aside = None;
    }

    /// Sentences for the learner gathered while opening; taken once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn take_learner_warnings(&mut self) {
        self.warnings.append(&mut self.learner.warnings);
    }

    /// The profiles there are (as last read).
    pub fn learners(&self) -> &[String] {
        &self.learners
    }

    /// Every topic of every deck, once.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// How many cards the deck offers as "Start here" (none for most decks).
    pub fn start_here_count(&self, deck: &str) -> usize {
        self.start_here.get(deck).copied().unwrap_or(0)
    }

    /// Today's counts of a deck.
    pub fn deck_counts(&self, deck: &str) -> DeckCounts {
        self.counts.get(deck).copied().unwrap_or_default()
    }

    /// Mastery per topic of a deck; empty until the full states are read ([`Profile::progress_job`]).
    pub fn mastery(&self, deck: &str) -> &[TopicMastery] {
        self.mastery.get(deck).map_or(&[], Vec::as_slice)
    }

    pub fn has_progress(&self) -> bool {
        self.learner.progress.is_some()
    }

    /// A card's full state, once the full states are read.
    pub fn state(&self, key: &CardKey) -> Option<&CardState> {
        self.learner.progress.as_ref()?.get(key)
    }

    /// Where a card stands today.
    pub fn standing(&self, key: &CardKey) -> Standing {
        match self.position(key) {
            Some(i) => self.learner.due[..].standing(i, key, &self.today).0,
            None => Standing::New,
        }
    }

    fn position(&self, key: &CardKey) -> Option<usize> {
        let range = self.positions.get(&key.deck)?.clone();
        let start = range.start;
        self.cards[range]
            .iter()
            .position(|c| c.key.card == key.card)
            .map(|i| start + i)
    }

    /// The cards of the library, in order, and where each stands.
    fn index_library(&mut self) {
        self.positions.clear();
        let mut at = 0;
        for deck in self.library.decks() {
            self.positions
                .insert(deck.id.clone(), at..at + deck.cards.len());
            at += deck.cards.len();
        }
        self.start_here.clear();
        for card in self.cards.iter().filter(|c| c.start_here) {
            *self.start_here.entry(card.key.deck.clone()).or_default() += 1;
        }
        self.topics.clear();
        for deck in self.library.decks() {
            for t in &deck.topics {
                if !self.topics.contains(t) {
                    self.topics.push(t.clone());
                }
            }
        }
    }

    fn count_all(&mut self) {
        let ids: Vec<String> = self.positions.keys().cloned().collect();
        self.counts.clear();
        for id in ids {
            self.count_deck(&id);
        }
        self.compute_mastery();
    }

    fn count_deck(&mut self, deck: &str) {
        let Some(range) = self.positions.get(deck).cloned() else {
            return;
        };
        let mut counts = DeckCounts::default();
        for i in range {
            counts.add(
                self.learner.due[..]
                    .standing(i, &self.cards[i].key, &self.today)
                    .0,
            );
        }
        self.counts.insert(deck.to_owned(), counts);
    }

    fn compute_mastery(&mut self) {
        self.mastery.clear();
        let Some(progress) = &self.learner.progress else {
            return;
        };
        for deck in self.library.decks() {
            let topics = deck
                .topics
                .iter()
                .map(|topic| {
                    let cards = deck.cards.iter().filter(|c| &c.topic == topic);
                    let (mut mastered, mut count) = (0, 0);
                    for card in cards {
                        count += 1;
                        let key = CardKey::new(&deck.id, &card.id);
                        if progress.get(&key).is_some_and(crate::stats::is_mastered) {
                            mastered += 1;
                        }
                    }
                    TopicMastery {
                        topic: topic.clone(),
                        mastered,
                        cards: count,
                    }
                })
                .collect();
            self.mastery.insert(deck.id.clone(), topics);
        }
    }

    /// Looks at the clock: after the study day turned, today's counts are worked out again.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let today = Today::new(self.learner.scheduler.day(), now);
        if today.number() == self.today.number() {
            return false;
        }
        self.today = today;
        self.count_all();
        true
    }

    /// Today's queue, read from the store (for the command line and benchmarks).
    pub fn today_queue(&self, filter: &Filter, now: DateTime<Utc>) -> Result<Queue, NotStarted> {
        today_queue(
            &self.learner.store,
            &self.cards,
            &self.learner.due,
            &self.learner.scheduler,
            filter,
            &self.new_limits(),
            now,
        )
    }

    /// Today's daily new limits: the profile's, and those of decks with options of their own,
    /// each with what custom study added today.
    pub fn new_limits(&self) -> NewLimits {
        let name = self.name();
        let extra = self.settings.extra_new(name, self.today.number());
        let shared = self.learner.scheduler.settings().new_per_day;
        NewLimits {
            shared: shared.saturating_add(extra.shared),
            decks: self
                .settings
                .deck_options
                .get(name)
                .into_iter()
                .flatten()
                .map(|(deck, options)| {
                    let more = extra.decks.get(deck).copied().unwrap_or(0);
                    (deck.clone(), options.new_per_day.saturating_add(more))
                })
                .collect(),
        }
    }

    /// The folder this learner syncs through, if any.
    pub fn sync_folder(&self) -> Option<&Path> {
        self.settings.sync_folder(self.name())
    }

    /// Starts (`Some`) or stops (`None`) syncing through a folder. The settings change: save them
    /// afterwards.
    pub fn set_sync_folder(&mut self, folder: Option<PathBuf>) {
        let name = self.name().to_owned();
        self.settings.set_sync_folder(&name, folder);
    }

    /// Syncs with the learner's other devices through their sync folder, on a connection of its
    /// own; `None` when they have none. `confirmed`: the learner said that the folder's progress
    /// from other computers is theirs (asked only at the first sync into a folder that has some).
    pub fn sync_job(
        &self,
        confirmed: bool,
    ) -> Option<impl FnOnce() -> Result<Synced, NotSynced> + Send + 'static> {
        let folder = self.sync_folder()?.to_path_buf();
        let path = self.store_path().to_path_buf();
        let settings = self.settings.learner_settings(self.name());
        let who = crate::sync::Who {
            name: self.name().to_owned(),
            confirmed,
        };
        Some(move || {
            let mut store =
                Store::open_path(&path).map_err(|e| NotSynced::Failed(e.to_string()))?;
            crate::sync::run(&mut store, &folder, &settings, &who).map_err(|e| match e {
                e @ crate::sync::SyncError::Unconfirmed { .. } => {
                    NotSynced::Unconfirmed(e.to_string())
                }
                e => NotSynced::Failed(e.to_string()),
            })
        })
    }

    /// Takes in what a sync brought: the studying settings changed on another computer (the
    /// settings change: save them afterwards) and the cards whose history changed, counted once
    /// for all of them. Says whether the study day now starts at another hour, which needs the
    /// learner opened again to count today afresh.
    pub fn synced(&mut self, synced: &Synced) -> bool {
        let mut day_moved = false;
        if let Some(taken) = &synced.settings {
            let name = self.name().to_owned();
            day_moved =
                taken.scheduler.day_starts_at != self.learner.scheduler.settings().day_starts_at;
            self.settings.adopt(&name, taken);
            self.learner.scheduler = Scheduler::new(taken.scheduler.clone());
            self.today = Today::new(self.learner.scheduler.day(), Utc::now());
            self.count_all();
        }
        if synced.merged.cards.is_empty() {
            return day_moved;
        }
        for (key, state) in &synced.merged.cards {
            let state = match state {
                Some(state) => state.clone(),
                // New again (its answers undone, or reset): suspension lives apart and stays.
                None => CardState {
                    suspended: self.state(key).is_some_and(|s| s.suspended),
                    ..CardState::default()
                },
            };
            self.set_state(key, state);
        }
        self.count_all();
        if self.learner.progress.is_some() {
            self.compute_mastery();
        }
        day_moved
    }

    /// When this learner's studying settings last changed, here or on another computer.
    pub fn settings_changed_at(&self) -> Option<DateTime<Utc>> {
        self.settings.scheduler_changed.get(self.name()).copied()
    }

    /// The scheduler of each deck with options of its own.
    fn deck_schedulers(&self) -> HashMap<String, Scheduler> {
        let settings = self.learner.scheduler.settings();
        self.settings
            .deck_options
            .get(self.name())
            .into_iter()
            .flatten()
            .map(|(deck, options)| (deck.clone(), Scheduler::new(options.apply(settings))))
            .collect()
    }

    /// A deck's own options, if it has any.
    pub fn deck_options(&self, deck: &str) -> Option<&DeckOptions> {
        self.settings.deck_options(self.name(), deck)
    }

    /// Gives a deck options of its own, or (`None`) lets it follow the profile's settings. The
    /// settings change: save them afterwards.
    pub fn set_deck_options(&mut self, deck: &str, options: Option<DeckOptions>) {
        let name = self.name().to_owned();
        self.settings.set_deck_options(&name, deck, options);
    }

    /// Adds `extra` new cards to today's limit (only today's) of `deck` when it has options of its
    /// own, else to the profile's limit that the other decks share. The settings change: save them
    /// afterwards, so a restart today keeps the extension.
    pub fn extend_new_today(&mut self, deck: Option<&str>, extra: u32) {
        let deck = deck.filter(|d| self.deck_options(d).is_some());
        let name = self.name().to_owned();
        let day = self.today.number();
        self.settings.add_extra_new(&name, day, deck, extra);
    }

    /// The daily new limit the cards of a filter count against: a deck's own when the filter is
    /// one deck with options of its own, else the profile's (both with today's extensions).
    pub fn new_limit_of(&self, filter: &Filter) -> u32 {
        let limits = self.new_limits();
        match filter.decks.as_slice() {
            [deck] => limits.of(deck),
            _ => limits.shared,
        }
    }

    /// Why the filter's cards offer nothing more today, read from memory (for a finished session).
    pub fn why_nothing_more(&self, filter: &Filter) -> NotStarted {
        why_empty(
            &self.cards,
            &self.learner.due,
            &self.today,
            filter,
            self.new_limit_of(filter),
        )
    }

    /// How many review cards come due after today within `days` days, once the full states are read.
    pub fn review_ahead_count(&self, filter: &Filter, days: u32) -> Option<usize> {
        let progress = self.learner.progress.as_ref()?;
        Some(custom_study::review_ahead(&self.cards, progress, filter, &self.today, days).len())
    }

    /// How many cards a filter admits.
    pub fn cards_admitted(&self, filter: &Filter) -> usize {
        self.cards.iter().filter(|c| filter.admits(c)).count()
    }

    /// The new cards custom study added to today's limits.
    pub fn extra_new_today(&self) -> crate::settings::ExtraNew {
        self.settings.extra_new(self.name(), self.today.number())
    }

    /// The cards answered today (scheduled answers), from the full states once read.
    pub fn studied_today(&self) -> Vec<CardKey> {
        let start = self.today.end() - chrono::Duration::days(1);
        let Some(progress) = &self.learner.progress else {
            return Vec::new();
        };
        self.cards
            .iter()
            .filter(|c| {
                progress
                    .get(&c.key)
                    .and_then(|s| s.last_review)
                    .is_some_and(|at| at >= start)
            })
            .map(|c| c.key.clone())
            .collect()
    }

    /// Starts a custom-study session on a connection of its own. [`CustomStudy::MoreNew`] raises
    /// today's limit first (in the settings: save them afterwards).
    pub fn custom_session_job(
        &mut self,
        study: CustomStudy,
        rng: rand::rngs::StdRng,
    ) -> impl FnOnce() -> Result<StudySession, NotStarted> + Send + 'static {
        if let CustomStudy::MoreNew { deck, extra } = &study {
            self.extend_new_today(deck.as_deref(), *extra);
        }
        let decks: Vec<&Deck> = self.library.decks().collect();
        let filter = study.filter(&decks);
        let path = self.store_path().to_path_buf();
        let cards = Arc::clone(&self.cards);
        let due = Arc::clone(&self.learner.due);
        let scheduler = self.learner.scheduler.clone();
        let deck_schedulers = self.deck_schedulers();
        let limits = self.new_limits();
        let day_start = self.today.end() - chrono::Duration::days(1);
        let day_end = self.today.end();
        let today = self.today;
        move || {
            let mut rng = rng;
            let now = Utc::now();
            let failed = |e: store::StoreError| NotStarted::Failed(e.to_string());
            let store = Store::open_path(&path).map_err(failed)?;
            let (queue, mode) = match &study {
                CustomStudy::MoreNew { .. } | CustomStudy::Only { .. } => {
                    let queue =
                        today_queue(&store, &cards, &due, &scheduler, &filter, &limits, now)?;
                    (queue, Mode::Scheduled)
                }
                CustomStudy::ReviewAhead { days, .. } => {
                    let states = store.card_states().map_err(failed)?;
                    let entries =
                        custom_study::review_ahead(&cards, &states, &filter, &today, *days);
                    (Queue::of_cards(entries, day_end), Mode::Scheduled)
                }
                CustomStudy::ForgottenToday { .. } => {
                    let reviews = store.reviews_since(day_start).map_err(failed)?;
                    let entries = custom_study::forgotten(&reviews, &cards, &filter);
                    (Queue::of_cards(entries, day_end), Mode::Scheduled)
                }
                CustomStudy::Cram { .. } => {
                    let states = store.card_states().map_err(failed)?;
                    let entries = custom_study::cram(&cards, &states, &filter, &mut rng);
                    (Queue::of_cards(entries, day_end), Mode::Cram)
                }
            };
            if queue.is_empty() {
                return Err(NotStarted::NothingDue);
            }
            Ok(start(store, scheduler, queue, now)?
                .with_mode(mode)
                .with_deck_schedulers(deck_schedulers)
                .with_scope(filter))
        }
    }

    /// Starts a study session over today's queue on a connection of its own.
    pub fn session_job(
        &self,
        filter: Filter,
    ) -> impl FnOnce() -> Result<StudySession, NotStarted> + Send + 'static {
        let path = self.store_path().to_path_buf();
        let cards = Arc::clone(&self.cards);
        let due = Arc::clone(&self.learner.due);
        let scheduler = self.learner.scheduler.clone();
        let deck_schedulers = self.deck_schedulers();
        let limits = self.new_limits();
        move || {
            let now = Utc::now();
            let store = Store::open_path(&path).map_err(|e| NotStarted::Failed(e.to_string()))?;
            let queue = today_queue(&store, &cards, &due, &scheduler, &filter, &limits, now)?;
            Ok(start(store, scheduler, queue, now)?
                .with_deck_schedulers(deck_schedulers)
                .with_scope(filter))
        }
    }

    /// Starts a study session at once (for the command line and tests).
    pub fn start_session(
        &self,
        filter: &Filter,
        now: DateTime<Utc>,
    ) -> Result<Session, NotStarted> {
        let queue = self.today_queue(filter, now)?;
        let store =
            Store::open_path(self.store_path()).map_err(|e| NotStarted::Failed(e.to_string()))?;
        Ok(start(store, self.learner.scheduler.clone(), queue, now)?
            .with_deck_schedulers(self.deck_schedulers())
            .with_scope(filter.clone()))
    }

    /// Takes in a card's new state after it was answered, undone or suspended.
    pub fn card_changed(&mut self, key: &CardKey, state: CardState) {
        self.set_state(key, state);
        if self.positions.contains_key(&key.deck) {
            self.count_deck(&key.deck);
        }
        if self.learner.progress.is_some() {
            self.compute_mastery();
        }
    }

    /// Takes in several cards' new states at once (a reset in Browse), counting once.
    pub fn cards_changed(&mut self, changes: &[(CardKey, CardState)]) {
        for (key, state) in changes {
            self.set_state(key, state.clone());
        }
        self.count_all();
        if self.learner.progress.is_some() {
            self.compute_mastery();
        }
    }

    /// Where a card stands now, without counting again.
    fn set_state(&mut self, key: &CardKey, state: CardState) {
        let day_end = self.today.end();
        if let Some(range) = self.positions.get(&key.deck).cloned() {
            let due = Arc::make_mut(&mut self.learner.due);
            for i in range {
                if self.cards[i].key.card == key.card {
                    due[i] = DueState::of(&state, day_end);
                }
            }
        }
        if let Some(progress) = &mut self.learner.progress {
            progress.insert(key.clone(), state);
        }
    }

    /// Reads every state in full (for mastery, browse and the review estimate).
    pub fn progress_job(
        &self,
    ) -> impl FnOnce() -> Result<HashMap<CardKey, CardState>, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        move || {
            Store::open_path(&path)
                .and_then(|s| s.card_states())
                .map_err(|e| e.to_string())
        }
    }

    pub fn set_progress(&mut self, progress: HashMap<CardKey, CardState>) {
        self.learner.progress = Some(progress);
        self.compute_mastery();
    }

    /// Suspends a card or brings it back; gives its new state.
    pub fn suspend_job(
        &self,
        key: CardKey,
        suspended: bool,
    ) -> impl FnOnce() -> Result<CardState, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        move || {
            let mut store = Store::open_path(&path).map_err(|e| e.to_string())?;
            store
                .set_suspended(&key, suspended)
                .and_then(|()| store.card_state(&key))
                .map_err(|e| e.to_string())
        }
    }

    /// Resets cards to new in one transaction (their answers stay in the log); gives each card's
    /// new state.
    pub fn reset_job(
        &self,
        keys: Vec<CardKey>,
    ) -> impl FnOnce() -> Result<Vec<(CardKey, CardState)>, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        let schedulers = Schedulers {
            learner: self.learner.scheduler.clone(),
            decks: self.deck_schedulers(),
        };
        move || {
            Store::open_path(&path)
                .and_then(|mut store| store.reset_cards(&keys, Utc::now(), &schedulers))
                .map_err(|e| e.to_string())
        }
    }

    /// Stores a scored test's result beside the reviews.
    pub fn record_quiz_job(
        &self,
        result: TestResult,
    ) -> impl FnOnce() -> Result<(), String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        move || {
            Store::open_path(&path)
                .and_then(|mut s| s.record_test(&result))
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    }

    /// A card's answers and resets, newest first.
    pub fn history_job(
        &self,
        key: CardKey,
    ) -> impl FnOnce() -> Result<crate::review::CardHistory, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        move || {
            let read = || -> crate::store::Result<_> {
                let store = Store::open_path(&path)?;
                let mut reviews = store.reviews_for(&key)?;
                let mut resets = store.resets_for(&key)?;
                reviews.reverse();
                resets.reverse();
                Ok(crate::review::CardHistory { reviews, resets })
            };
            read().map_err(|e| e.to_string())
        }
    }

    /// Opens another learner (or the same one again) over these decks.
    pub fn learner_job(
        &self,
        name: String,
    ) -> impl FnOnce() -> Result<Learner, String> + Send + 'static {
        let data = self.data.clone();
        let settings = self.settings.scheduler(&name);
        let cards = Arc::clone(&self.cards);
        move || Learner::open(&data, &name, settings, &cards, Utc::now())
    }

    /// Makes an opened learner the active one. The settings change: save them afterwards.
    pub fn switch_to(&mut self, learner: Learner) {
        self.settings.active_profile.clone_from(&learner.name);
        self.today = Today::new(learner.scheduler.day(), Utc::now());
        self.learner = learner;
        self.take_learner_warnings();
        if !self.learners.contains(&self.learner.name) {
            self.learners.push(self.learner.name.clone());
            self.learners.sort();
        }
        self.count_all();
    }

    /// Makes a new profile; gives the profiles there are then.
    pub fn create_learner_job(
        &self,
        name: String,
    ) -> impl FnOnce() -> Result<Vec<String>, String> + Send + 'static {
        let data = self.data.clone();
        move || {
            store::profiles::create(&data, name.trim()).map_err(|e| e.to_string())?;
            Ok(store::profiles::list(&data))
        }
    }

    pub fn set_learners(&mut self, learners: Vec<String>) {
        self.learners = learners;
    }

    /// Renames the active profile and opens it under its new name.
    pub fn rename_job(
        &self,
        to: String,
    ) -> impl FnOnce() -> Result<Learner, String> + Send + 'static {
        let data = self.data.clone();
        let from = self.name().to_owned();
        let settings = self.settings.scheduler(&from);
        let cards = Arc::clone(&self.cards);
        move || {
            store::profiles::rename(&data, &from, &to).map_err(|e| e.to_string())?;
            Learner::open(&data, &to, settings, &cards, Utc::now())
        }
    }

    /// Takes in the active profile under its new name; the settings follow it.
    pub fn renamed(&mut self, learner: Learner) {
        let from = self.name().to_owned();
        self.settings.rename_profile(&from, &learner.name);
        self.learners.retain(|l| *l != from);
        self.switch_to(learner);
    }

    /// Deletes another profile (a last backup is kept); gives where it was kept.
    pub fn delete_learner_job(
        &self,
        name: String,
    ) -> Result<impl FnOnce() -> Result<PathBuf, String> + Send + 'static, String> {
        if name == self.name() {
            return Err(
                "The profile in use cannot be deleted: switch to another one first.".into(),
            );
        }
        let data = self.data.clone();
        Ok(move || store::profiles::delete(&data, &name).map_err(|e| e.to_string()))
    }

    /// Forgets a deleted profile. The settings change: save them afterwards.
    pub fn learner_deleted(&mut self, name: &str) {
        self.settings.remove_profile(name);
        self.learners.retain(|l| l != name);
    }

    /// Puts the newest backup in place of a store that was set aside as damaged, then reopens it.
    pub fn restore_job(
        &self,
    ) -> Result<impl FnOnce() -> Result<Learner, String> + Send + 'static, String> {
        let Some(backup) = self.set_aside().and_then(|s| s.newest_backup.clone()) else {
            return Err("There is no backup to restore.".into());
        };
        let path = self.store_path().to_path_buf();
        let open = self.learner_job(self.name().to_owned());
        Ok(move || {
            Store::open_path(&path)
                .and_then(|mut s| s.restore(&backup))
                .map_err(|e| e.to_string())?;
            open()
        })
    }

    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Changes this learner's scheduler settings. The study day may move: reopen the learner
    /// ([`Profile::learner_job`]) to count today again, and save the settings.
    pub fn set_scheduler_settings(&mut self, settings: SchedulerSettings) {
        let name = self.name().to_owned();
        self.settings.set_scheduler(&name, settings.clone());
        self.learner.scheduler = Scheduler::new(settings);
        self.today = Today::new(self.learner.scheduler.day(), Utc::now());
        self.count_all();
    }

    /// Writes the settings as they are now; hand the outcome to [`Profile::settings_saved`].
    pub fn save_settings_job(
        &self,
    ) -> impl FnOnce() -> Result<SavedSettings, String> + Send + 'static {
        let sent = self.settings.clone();
        let data = self.data.clone();
        move || {
            let mut saved = sent.clone();
            saved.save(&data)?;
            Ok(SavedSettings { sent, saved })
        }
    }

    /// Takes in a finished settings save, keeping what changed since it began.
    pub fn settings_saved(&mut self, outcome: SavedSettings) {
        self.settings.take_saved(&outcome.sent, outcome.saved);
    }

    /// Reviews a day to expect at a desired retention, from the cards studied so far (Σ 1 / interval).
    pub fn estimated_daily_reviews(&self, retention: f32) -> Option<f64> {
        let progress = self.learner.progress.as_ref()?;
        let mut settings = self.learner.scheduler.settings().clone();
        settings.desired_retention = retention;
        let scheduler = Scheduler::new(settings);
        Some(
            progress
                .values()
                .filter(|s| !s.suspended)
                .filter_map(|s| s.memory)
                .map(|m| 1.0 / f64::from(scheduler.interval_days(m.stability)).max(1.0))
                // An empty sum is -0.0, which would print as "-0".
                .fold(0.0, |sum, r| sum + r),
        )
    }

    /// Fits the scheduler to this learner's history on a connection of its own.
    pub fn optimize_job(&self) -> impl FnOnce() -> Result<OptimizeReport, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        let current = self.learner.scheduler.parameters();
        let day = *self.learner.scheduler.day();
        move || {
            let (reviews, resets) = Store::open_path(&path)
                .and_then(|s| Ok((s.reviews()?, s.resets()?)))
                .map_err(|e| e.to_string())?;
            crate::schedule::optimize(&reviews, &resets, &current, &day)
        }
    }

    /// Takes Optimize's parameters when they predict the history better (save the settings
    /// afterwards); says what happened.
    pub fn apply_optimize(&mut self, report: &OptimizeReport) -> String {
        if report.changed {
            let mut settings = self.learner.scheduler.settings().clone();
            settings.parameters.clone_from(&report.chosen);
            self.set_scheduler_settings(settings);
        }
        let fit = |f: Option<crate::schedule::optimize::Fit>| {
            f.map_or("—".to_owned(), |f| {
                format!("log loss {:.4}, RMSE {:.4}", f.log_loss, f.rmse)
            })
        };
        format!(
            "{} Current parameters: {}. Fitted: {}.",
            report.message,
            fit(report.current),
            fit(report.fitted)
        )
    }

    /// Checks every page of the learner's store (`PRAGMA quick_check`) on a read-only connection of
    /// its own, then takes the daily backup when one is due (see [`Store::check_pages_later`]); on
    /// damage, open the profile again with [`Profile::open_after_damage`].
    pub fn check_job(&self) -> impl FnOnce() -> PagesChecked + Send + 'static {
        let path = self.store_path().to_path_buf();
        let in_file = self.learner.store.holds_lock();
        move || {
            // A store only read (beside another window, or on read-only media) was checked on
            // opening; one in memory has no file.
            if !in_file {
                return PagesChecked::Healthy(Vec::new());
            }
            match Store::check_pages_later(&path) {
                Ok(notes) => PagesChecked::Healthy(notes),
                Err(e @ StoreError::Damaged { .. }) => PagesChecked::Damaged {
                    path,
                    message: e.to_string(),
                },
                Err(e) => PagesChecked::Unreadable(e.to_string()),
            }
        }
    }

    /// The statistics of this learner, read on a connection of its own.
    pub fn statistics_job(&self) -> impl FnOnce() -> Result<Overview, String> + Send + 'static {
        let path = self.store_path().to_path_buf();
        let decks = self.library.shared_decks();
        let scheduler = self.learner.scheduler.clone();
        move || {
            let store = Store::open_path(&path).map_err(|e| e.to_string())?;
            let tests = store.test_results().map_err(|e| e.to_string())?;
            let input = StatsInput::new(&[], &tests, decks.iter().map(|d| &**d), Utc::now())
                .with_scheduler(&scheduler);
            let summary = store.stats_summary(input.day).map_err(|e| e.to_string())?;
            Ok(Overview::from_summary(&summary, &input))
        }
    }

    /// The class this learner has joined, if any.
    pub fn class(&self) -> Option<&crate::class::Membership> {
        self.settings.classes.get(self.name())
    }

    /// Joins the class in `folder` under `name` (reading its class file); hand the membership to
    /// [`Profile::set_class`]. Joining the same class again keeps the learner's results file.
    pub fn join_class_job(
        &self,
        folder: PathBuf,
        name: String,
    ) -> impl FnOnce() -> Result<crate::class::Membership, String> + Send + 'static {
        let earlier = self.class().cloned();
        move || crate::class::join(&folder, &name, earlier.as_ref()).map_err(|e| e.to_string())
    }

    /// Joins a class (`Some`) or leaves it (`None`): the writes start or stop. Save the settings
    /// afterwards.
    pub fn set_class(&mut self, membership: Option<crate::class::Membership>) {
        let name = self.name().to_owned();
        match membership {
            Some(m) => {
                self.settings.classes.insert(name, m);
            }
            None => {
                self.settings.classes.remove(&name);
            }
        }
    }

    /// Writes this learner's results into their class folder, on a connection of its own; `None`
    /// when the learner is in no class. The error is a notice: study goes on without the folder.
    pub fn publish_job(&self) -> Option<impl FnOnce() -> Result<PathBuf, String> + Send + 'static> {
        let membership = self.class()?.clone();
        let path = self.store_path().to_path_buf();
        let decks = self.library.shared_decks();
        let scheduler = self.learner.scheduler.clone();
        Some(move || {
            crate::class::publish(&path, &decks, &scheduler, &membership, Utc::now()).map_err(|e| {
                format!(
                    "Your results were not written to the class {}: {e}.",
                    membership.class_name
                )
            })
        })
    }

    /// Loads a deck file as it is (from wherever it lies) into the library.
    pub fn open_deck_job(
        &self,
        path: PathBuf,
    ) -> impl FnOnce() -> Result<AddedDeck, String> + Send + 'static {
        let reader = self.due_reader();
        move || {
            let entry = DeckEntry::from_file(&path);
            let note = match (&entry.deck, entry.first_error()) {
                (Some(deck), _) => format!("Opened \"{}\" from {}.", deck.title, path.display()),
                (None, Some(e)) => format!("{} could not be loaded: {e}", path.display()),
                (None, None) => format!("{} could not be loaded.", path.display()),
            };
            reader.added(entry, note)
        }
    }

    /// Copies a deck file into the user's deck folder (never over another file), then loads it.
    pub fn add_deck_file_job(
        &self,
        path: PathBuf,
    ) -> impl FnOnce() -> Result<AddedDeck, String> + Send + 'static {
        let reader = self.due_reader();
        let dir = self.data.decks();
        let cache = DeckCache::of(&self.data);
        move || {
            let entry = DeckEntry::from_file(&path);
            let Some(deck) = &entry.deck else {
                let why = entry
                    .first_error()
                    .map_or("it is not a valid deck".to_owned(), |e| e.to_string());
                return Err(format!(
                    "{} was not added to your decks: {why}",
                    path.display()
                ));
            };
            let target = free_deck_path(&dir, &deck.id)?;
            crate::deck::save::save_atomically(deck, &target).map_err(|e| e.to_string())?;
            let entry = DeckEntry::from_file_cached(&target, &cache);
            let note = format!(
                "Added \"{}\" to your decks ({}).",
                deck.title,
                target.display()
            );
            reader.added(entry, note)
        }
    }

    /// Imports an Anki package or text export, a CSV/Quizlet, GIFT or Moodle XML file as a deck in
    /// the user's folder, never overwriting one already there; what could not be imported is listed.
    pub fn import_job(
        &self,
        path: PathBuf,
    ) -> impl FnOnce() -> Result<AddedDeck, String> + Send + 'static {
        let preview = Self::import_preview_job(path);
        let save = self.save_import_job();
        move || save(preview()?)
    }

    /// Reads an Anki, CSV/Quizlet, GIFT or Moodle XML file as a deck without saving anything: what
    /// would be imported and what would be skipped, and why.
    pub fn import_preview_job(
        path: PathBuf,
    ) -> impl FnOnce() -> Result<ImportPreview, String> + Send + 'static {
        move || {
            use crate::interop::{self, ImportOptions};
            let failed = |e: String| format!("{} could not be imported: {e}", path.display());
            // A dropped or chosen FIFO, device or folder is refused before it is opened.
            let bytes = crate::fsio::read_limited(&path, interop::apkg::MAX_PACKAGE_BYTES)
                .map_err(|e| failed(e.reason()))?;
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let read = interop::import_any(&bytes, &ImportOptions::from_file_name(&stem))
                .map_err(|e| failed(e.to_string()))?;
            Ok(ImportPreview {
                source: path,
                read_as: read.read_as,
                deck: read.imported.deck,
                skipped: read.imported.skipped,
                pictures: read.imported.pictures,
                lost: read.imported.lost,
                notes: read.notes,
                add_history: !read.history.is_empty(),
                history: read.history,
            })
        }
    }

    /// Saves a previewed import as a deck in the user's folder, never over a file already there.
    pub fn save_import_job(
        &self,
    ) -> impl FnOnce(ImportPreview) -> Result<AddedDeck, String> + Send + 'static {
        let reader = self.due_reader();
        let dir = self.data.decks();
        let cache = DeckCache::of(&self.data);
        let scheduler = self.scheduler().clone();
        move |preview| {
            let failed =
                |e: String| format!("{} could not be imported: {e}", preview.source.display());
            let target = free_deck_path(&dir, &preview.deck.id).map_err(&failed)?;
            let mut deck = preview.deck.clone();
            crate::interop::store_pictures(&mut deck, &preview.pictures, &dir).map_err(&failed)?;
            crate::deck::save::save_atomically(&deck, &target)
                .map_err(|e| failed(e.to_string()))?;
            let mut note = preview.note(&target);
            if preview.add_history && !preview.history.is_empty() {
                // The deck is saved either way; the history goes in one transaction or not at all.
                let added = Store::open_path(&reader.path).and_then(|mut store| {
                    crate::interop::apkg::history::add_to_store(
                        &mut store,
                        &scheduler,
                        &preview.deck,
                        &preview.history,
                    )
                });
                match added {
                    Ok(replay) => note.push_str(&format!(
                        " Added {} answers of its review history to your progress.",
                        replay.reviews.len()
                    )),
                    Err(e) => note.push_str(&format!(
                        " Its review history could not be added to your progress: {e}."
                    )),
                }
            }
            reader.added(DeckEntry::from_file_cached(&target, &cache), note)
        }
    }

    /// Saves a deck to its file and takes it into the library.
    pub fn save_deck_job(
        &self,
        deck: Deck,
        path: PathBuf,
    ) -> impl FnOnce() -> Result<AddedDeck, String> + Send + 'static {
        let reader = self.due_reader();
        // Read back through the cache, so the next launch finds the saved deck checked.
        let cache = DeckCache::of(&self.data);
        move || {
            // A copy of a bundled deck saved to the learner's folder takes the bundled pictures
            // it shows along, so it finds them there.
            let folder = crate::deck::media::MediaRoot::of_deck_file(&path);
            if let crate::deck::media::MediaRoot::Folder(folder) = &folder {
                crate::deck::media::copy_bundled(
                    deck.cards.iter().flat_map(crate::deck::Card::images),
                    folder,
                )
                .map_err(|e| format!("The deck's pictures could not be copied: {e}"))?;
            }
            crate::deck::save::save_deck(&deck, &path).map_err(|e| e.to_string())?;
            let note = format!("Saved \"{}\" to {}.", deck.title, path.display());
            reader.added(DeckEntry::from_file_cached(&path, &cache), note)
        }
    }

    fn due_reader(&self) -> DueReader {
        DueReader {
            path: self.store_path().to_path_buf(),
            day_end: self.today.end(),
        }
    }

    /// Takes a deck into the library (replacing one of the same id) with where its cards stand.
    pub fn add_deck(&mut self, added: AddedDeck) {
        let AddedDeck { entry, due, .. } = added;
        let id = entry.deck.as_ref().map(|d| d.id.clone());
        let old_due: HashMap<String, Vec<DueState>> = self
            .positions
            .iter()
            .filter(|(deck, _)| Some(*deck) != id.as_ref())
            .map(|(deck, range)| (deck.clone(), self.learner.due[range.clone()].to_vec()))
            .collect();
        // Notes about replacing a deck by itself (a deck saved again) are not news.
        let replaced_itself = id.as_ref().is_some_and(|id| {
            self.library
                .entry(id)
                .is_some_and(|old| old.origin == entry.origin)
        });
        let notices = self.library.notices.len();
        self.library.add(entry);
        if replaced_itself {
            self.library.notices.truncate(notices);
        }
        let mut new_due = Some(due);
        let mut all = Vec::with_capacity(self.cards.len());
        for deck in self.library.decks() {
            let states = match old_due.get(&deck.id) {
                Some(states) if Some(&deck.id) != id.as_ref() => states.clone(),
                _ => new_due.take().unwrap_or_default(),
            };
            all.extend(states);
        }
        self.cards = Arc::new(all_cards(&self.library));
        all.resize(self.cards.len(), DueState::New);
        self.learner.due = Arc::new(all);
        self.index_library();
        self.count_all();
    }
}

/// What a deck job needs to tell where a new deck's cards stand.
struct DueReader {
    path: PathBuf,
    day_end: DateTime<Utc>,
}

impl DueReader {
    fn added(&self, entry: DeckEntry, note: String) -> Result<AddedDeck, String> {
        let due = match &entry.deck {
            Some(deck) => {
                let keys: Vec<CardKey> = deck
                    .cards
                    .iter()
                    .map(|c| CardKey::new(&deck.id, &c.id))
                    .collect();
                Store::open_path(&self.path)
                    .and_then(|s| s.due_states(&keys, self.day_end))
                    .map_err(|e| e.to_string())?
            }
            None => Vec::new(),
        };
        Ok(AddedDeck { entry, due, note })
    }
}

/// `dir/id.ron`, or `dir/id-2.ron` … when that is taken.
fn free_deck_path(dir: &Path, id: &str) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut target = dir.join(format!("{id}.ron"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = dir.join(format!("{id}-{n}.ron"));
    }
    Ok(target)
}

fn all_cards(library: &Library) -> Vec<QueueCard> {
    let decks: Vec<&Deck> = library.decks().collect();
    QueueCard::from_decks(&decks)
}

fn today_queue(
    store: &Store,
    cards: &[QueueCard],
    due: &[DueState],
    scheduler: &Scheduler,
    filter: &Filter,
    limits: &NewLimits,
    now: DateTime<Utc>,
) -> Result<Queue, NotStarted> {
    let failed = |e: store::StoreError| NotStarted::Failed(e.to_string());
    let since = scheduler.day().start(now);
    let studied = store.studied_since(since).map_err(failed)?;
    // Only decks with a limit of their own need today's new cards counted by deck.
    let by_deck = if limits.decks.is_empty() {
        HashMap::new()
    } else {
        store.new_cards_by_deck_since(since).map_err(failed)?
    };
    let queue = Queue::build_with(
        cards,
        due,
        scheduler,
        filter,
        (studied, &by_deck),
        limits,
        now,
    );
    if !queue.is_empty() {
        return Ok(queue);
    }
    let limit = match filter.decks.as_slice() {
        [deck] => limits.of(deck),
        _ => limits.shared,
    };
    Err(why_empty(
        cards,
        due,
        &Today::new(scheduler.day(), now),
        filter,
        limit,
    ))
}

/// Why the filter's cards give no queue today: the day's review or new limits, or the schedule.
fn why_empty(
    cards: &[QueueCard],
    due: &[DueState],
    today: &Today,
    filter: &Filter,
    limit: u32,
) -> NotStarted {
    let today = *today;
    let (mut new, mut reviews) = (0, 0);
    for (i, card) in cards.iter().enumerate() {
        if filter.admits(card) {
            match due.standing(i, &card.key, &today).0 {
                Standing::New => new += 1,
                Standing::Review(_) => reviews += 1,
                _ => {}
            }
        }
    }
    if reviews > 0 {
        NotStarted::ReviewsDone { waiting: reviews }
    } else if new > 0 {
        NotStarted::NewCardsDone {
            waiting: new,
            limit,
        }
    } else {
        NotStarted::NothingDue
    }
}

fn start(
    store: Store,
    scheduler: Scheduler,
    queue: Queue,
    now: DateTime<Utc>,
) -> Result<Session, NotStarted> {
    Session::new(store, scheduler, queue, now).map_err(|e| NotStarted::Failed(e.to_string()))
}
