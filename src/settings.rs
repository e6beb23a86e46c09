//! The app-wide settings file `settings.ron`: look, active profile and each profile's scheduler
//! settings. Written atomically; an unreadable file gives defaults, a warning, and is kept aside.

use crate::data_dir::DataDir;
use crate::schedule::{DeckOptions, Scheduler, SchedulerSettings, Schedulers};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Allowed text sizes in percent of normal: the window's minimum size still holds every screen at
/// the largest.
pub const TEXT_SIZE_RANGE: std::ops::RangeInclusive<u16> = 90..=150;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    Light,
    Dark,
    /// Follow the operating system.
    #[default]
    System,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];
}

impl std::fmt::Display for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::System => "Follow the system",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    /// Text size in percent (90–150).
    pub text_size: u16,
    /// No fades or easing: everything appears at once.
    pub reduce_motion: bool,
    pub active_profile: String,
    /// The class each profile has joined, by profile name; a profile not listed is in none.
    pub classes: BTreeMap<String, crate::class::Membership>,
    /// Scheduler settings by profile name; a profile not listed uses the defaults.
    pub schedulers: BTreeMap<String, SchedulerSettings>,
    /// Options of a deck that override a profile's scheduler settings for it: by profile, then by
    /// deck id. A deck not listed follows the profile's settings.
    pub deck_options: BTreeMap<String, BTreeMap<String, DeckOptions>>,
    /// New cards a profile added to one study day's limits (custom study); by profile name.
    pub extra_new: BTreeMap<String, ExtraNew>,
    /// The folder each profile syncs its progress through (shared with its other computers).
    pub sync_folders: BTreeMap<String, PathBuf>,
    /// When each profile's scheduler settings or deck options last changed, here or on another
    /// of its computers: the newest change wins when computers sync.
    pub scheduler_changed: BTreeMap<String, DateTime<Utc>>,
    /// The settings as last read or saved, so saving writes only what changed since and keeps
    /// what another window or program saved meanwhile.
    #[serde(skip)]
    base: Option<Box<Settings>>,
}

/// Settings are equal when their values are; where they came from does not count.
impl PartialEq for Settings {
    fn eq(&self, other: &Self) -> bool {
        self.theme == other.theme
            && self.text_size == other.text_size
            && self.reduce_motion == other.reduce_motion
            && self.active_profile == other.active_profile
            && self.classes == other.classes
            && self.schedulers == other.schedulers
            && self.deck_options == other.deck_options
            && self.extra_new == other.extra_new
            && self.sync_folders == other.sync_folders
            && self.scheduler_changed == other.scheduler_changed
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::System,
            text_size: 100,
            reduce_motion: false,
            active_profile: "default".to_owned(),
            classes: BTreeMap::new(),
            schedulers: BTreeMap::new(),
            deck_options: BTreeMap::new(),
            extra_new: BTreeMap::new(),
            sync_folders: BTreeMap::new(),
            scheduler_changed: BTreeMap::new(),
            base: None,
        }
    }
}

/// The settings a learner's computers share when they sync: the scheduler's and the decks' own
/// options, and when they last changed (`None`: never, the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerSettings {
    pub changed: Option<DateTime<Utc>>,
    pub scheduler: SchedulerSettings,
    pub decks: BTreeMap<String, DeckOptions>,
}

impl LearnerSettings {
    /// The learner's scheduler and those of the decks with options of their own.
    pub fn schedulers(&self) -> Schedulers {
        Schedulers {
            decks: self
                .decks
                .iter()
                .map(|(deck, options)| {
                    (deck.clone(), Scheduler::new(options.apply(&self.scheduler)))
                })
                .collect(),
            learner: Scheduler::new(self.scheduler.clone()),
        }
    }

    /// The same settings with any value out of range brought back into it.
    pub fn sanitized(self) -> LearnerSettings {
        LearnerSettings {
            changed: self.changed,
            scheduler: self.scheduler.sanitized().0,
            decks: self
                .decks
                .into_iter()
                .map(|(deck, options)| (deck, options.sanitized().0))
                .collect(),
        }
    }
}

/// New cards added to one study day's limits, so "more new cards today" lasts the day and no
/// longer: on any other day it adds nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtraNew {
    /// The study day's number ([`crate::schedule::StudyDay::number`]).
    pub day: i64,
    /// Added to the profile's own limit, which the decks without options of their own share.
    pub shared: u32,
    /// Added to the limit of a deck with options of its own.
    pub decks: BTreeMap<String, u32>,
}

/// Settings as read, with plain sentences about anything that had to be corrected.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub settings: Settings,
    pub warnings: Vec<String>,
}

impl Settings {
    /// Reads `settings.ron`. A missing file gives the defaults silently; an unreadable one gives
    /// the defaults and a warning, and is renamed aside so it is not overwritten.
    pub fn load(data: &DataDir) -> Loaded {
        let path = data.settings();
        let (mut settings, warnings) = match read(&path) {
            Ok(None) => (Settings::default(), Vec::new()),
            Ok(Some(settings)) => settings.sanitized(),
            Err(reason) => unreadable(&path, &reason),
        };
        settings.base = Some(Box::new(settings.clone()));
        Loaded { settings, warnings }
    }

    /// Saves what changed since these settings were read or last saved, onto what the file holds
    /// now, under the settings lock: two windows or programs saving at once (say `optimize` on two
    /// profiles) each keep the other's changes. Afterwards these settings are the file's. The file
    /// is written atomically: a temporary file, synced, then renamed over the old one.
    pub fn save(&mut self, data: &DataDir) -> Result<(), String> {
        let path = data.settings();
        std::fs::create_dir_all(data.root()).map_err(|e| {
            format!(
                "The settings could not be saved to {}: {e}.",
                path.display()
            )
        })?;
        let _lock = lock(data)?;
        let mut merged = match read(&path) {
            Ok(Some(on_disk)) => on_disk,
            Ok(None) => Settings::default(),
            // Nothing readable to merge with: the file is kept aside, not overwritten.
            Err(reason) => unreadable(&path, &reason).0,
        };
        merged.take_changes(self);
        let text = ron::ser::to_string_pretty(&merged, ron::ser::PrettyConfig::default())
            .map_err(|e| format!("The settings could not be written out: {e}."))?;
        crate::deck::save::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("The settings could not be saved: {e}."))?;
        merged.base = Some(Box::new(merged.clone()));
        *self = merged;
        Ok(())
    }

    /// Takes in a save made elsewhere (off the UI thread) from `sent`, a copy of these settings:
    /// afterwards these are the file's settings as `saved` holds them, with whatever changed here
    /// since the copy was taken laid on top. Without this the copy's base would go stale and a later
    /// save would write back what another program changed in between.
    pub fn take_saved(&mut self, sent: &Settings, saved: Settings) {
        let mut here = self.clone();
        here.base = Some(Box::new(sent.clone()));
        let mut next = saved;
        next.take_changes(&here);
        *self = next;
    }

    /// Applies what `changed` changed since its base (everything, when it has none).
    fn take_changes(&mut self, changed: &Settings) {
        let base = changed.base.as_deref();
        if base.is_none_or(|b| b.theme != changed.theme) {
            self.theme = changed.theme;
        }
        if base.is_none_or(|b| b.text_size != changed.text_size) {
            self.text_size = changed.text_size;
        }
        if base.is_none_or(|b| b.reduce_motion != changed.reduce_motion) {
            self.reduce_motion = changed.reduce_motion;
        }
        if base.is_none_or(|b| b.active_profile != changed.active_profile) {
            self.active_profile.clone_from(&changed.active_profile);
        }
        merge(
            &mut self.classes,
            &changed.classes,
            base.map(|b| &b.classes),
        );
        let profiles: std::collections::BTreeSet<&String> = changed
            .schedulers
            .keys()
            .chain(base.into_iter().flat_map(|b| b.schedulers.keys()))
            .collect();
        for profile in profiles {
            let now = changed.schedulers.get(profile);
            if base.is_some_and(|b| b.schedulers.get(profile) == now) {
                continue;
            }
            match now {
                Some(s) => {
                    self.schedulers.insert(profile.clone(), s.clone());
                }
                None => {
                    self.schedulers.remove(profile);
                }
            }
        }
        merge(
            &mut self.extra_new,
            &changed.extra_new,
            base.map(|b| &b.extra_new),
        );
        merge(
            &mut self.sync_folders,
            &changed.sync_folders,
            base.map(|b| &b.sync_folders),
        );
        merge(
            &mut self.scheduler_changed,
            &changed.scheduler_changed,
            base.map(|b| &b.scheduler_changed),
        );
        // Deck options merge deck by deck: two windows changing two decks keep both.
        let empty = BTreeMap::new();
        let profiles: std::collections::BTreeSet<&String> = changed
            .deck_options
            .keys()
            .chain(base.into_iter().flat_map(|b| b.deck_options.keys()))
            .collect();
        for profile in profiles {
            let now = changed.deck_options.get(profile).unwrap_or(&empty);
            let was = base.map(|b| b.deck_options.get(profile).unwrap_or(&empty));
            let mut here = self.deck_options.remove(profile).unwrap_or_default();
            merge(&mut here, now, was);
            if !here.is_empty() {
                self.deck_options.insert(profile.clone(), here);
            }
        }
    }

    /// A deck's own options for a profile, if it has any.
    pub fn deck_options(&self, profile: &str, deck: &str) -> Option<&DeckOptions> {
        self.deck_options.get(profile)?.get(deck)
    }

    /// Gives a deck options of its own for a profile, or (`None`) lets it follow the profile's.
    pub fn set_deck_options(&mut self, profile: &str, deck: &str, options: Option<DeckOptions>) {
        if self.deck_options(profile, deck) != options.as_ref() {
            self.scheduler_changed
                .insert(profile.to_owned(), Utc::now());
        }
        match options {
            Some(options) => {
                self.deck_options
                    .entry(profile.to_owned())
                    .or_default()
                    .insert(deck.to_owned(), options);
            }
            None => {
                if let Some(decks) = self.deck_options.get_mut(profile) {
                    decks.remove(deck);
                    if decks.is_empty() {
                        self.deck_options.remove(profile);
                    }
                }
            }
        }
    }

    /// The new cards a profile added to the limits of study day `day`.
    pub fn extra_new(&self, profile: &str, day: i64) -> ExtraNew {
        self.extra_new
            .get(profile)
            .filter(|e| e.day == day)
            .cloned()
            .unwrap_or(ExtraNew {
                day,
                ..ExtraNew::default()
            })
    }

    /// Adds `count` new cards to study day `day`'s limit of a deck with options of its own
    /// (`Some(deck)`) or to the profile's shared limit; what was added for an earlier day goes.
    pub fn add_extra_new(&mut self, profile: &str, day: i64, deck: Option<&str>, count: u32) {
        let mut extra = self.extra_new(profile, day);
        match deck {
            Some(deck) => {
                let n = extra.decks.entry(deck.to_owned()).or_default();
                *n = n.saturating_add(count);
            }
            None => extra.shared = extra.shared.saturating_add(count),
        }
        self.extra_new.insert(profile.to_owned(), extra);
    }

    /// A profile's scheduler settings (the defaults when it has none).
    pub fn scheduler(&self, profile: &str) -> SchedulerSettings {
        self.schedulers.get(profile).cloned().unwrap_or_default()
    }

    /// What of a profile's settings its computers share: the scheduler's and the decks' options.
    pub fn learner_settings(&self, profile: &str) -> LearnerSettings {
        LearnerSettings {
            changed: self.scheduler_changed.get(profile).copied(),
            scheduler: self.scheduler(profile),
            decks: self.deck_options.get(profile).cloned().unwrap_or_default(),
        }
    }

    /// Takes a profile's settings as another of its computers last changed them.
    pub fn adopt(&mut self, profile: &str, settings: &LearnerSettings) {
        self.schedulers
            .insert(profile.to_owned(), settings.scheduler.clone());
        if settings.decks.is_empty() {
            self.deck_options.remove(profile);
        } else {
            self.deck_options
                .insert(profile.to_owned(), settings.decks.clone());
        }
        match settings.changed {
            Some(at) => self.scheduler_changed.insert(profile.to_owned(), at),
            None => self.scheduler_changed.remove(profile),
        };
    }

    /// The folder a profile syncs through, if it syncs.
    pub fn sync_folder(&self, profile: &str) -> Option<&Path> {
        self.sync_folders.get(profile).map(PathBuf::as_path)
    }

    /// Starts (`Some`) or stops (`None`) a profile's sync through a folder.
    pub fn set_sync_folder(&mut self, profile: &str, folder: Option<PathBuf>) {
        match folder {
            Some(folder) => {
                self.sync_folders.insert(profile.to_owned(), folder);
            }
            None => {
                self.sync_folders.remove(profile);
            }
        }
    }

    pub fn set_scheduler(&mut self, profile: &str, settings: SchedulerSettings) {
        if self.schedulers.get(profile) != Some(&settings) {
            self.scheduler_changed
                .insert(profile.to_owned(), Utc::now());
        }
        self.schedulers.insert(profile.to_owned(), settings);
    }

    /// Follows a profile's rename: its scheduler settings and, if active, the active name.
    pub fn rename_profile(&mut self, from: &str, to: &str) {
        if let Some(c) = self.classes.remove(from) {
            self.classes.insert(to.to_owned(), c);
        }
        if let Some(s) = self.schedulers.remove(from) {
            self.schedulers.insert(to.to_owned(), s);
        }
        if let Some(d) = self.deck_options.remove(from) {
            self.deck_options.insert(to.to_owned(), d);
        }
        if let Some(e) = self.extra_new.remove(from) {
            self.extra_new.insert(to.to_owned(), e);
        }
        if let Some(f) = self.sync_folders.remove(from) {
            self.sync_folders.insert(to.to_owned(), f);
        }
        if let Some(c) = self.scheduler_changed.remove(from) {
            self.scheduler_changed.insert(to.to_owned(), c);
        }
        if self.active_profile == from {
            to.clone_into(&mut self.active_profile);
        }
    }

    /// Forgets a deleted profile; the active one falls back to "default".
    pub fn remove_profile(&mut self, name: &str) {
        self.classes.remove(name);
        self.schedulers.remove(name);
        self.deck_options.remove(name);
        self.extra_new.remove(name);
        self.sync_folders.remove(name);
        self.scheduler_changed.remove(name);
        if self.active_profile == name {
            self.active_profile = Settings::default().active_profile;
        }
    }

    /// These settings with out-of-range values corrected, and what was corrected.
    pub fn sanitized(mut self) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        if !TEXT_SIZE_RANGE.contains(&self.text_size) {
            warnings.push(format!(
                "The text size must be {} to {} percent, not {}; it was adjusted.",
                TEXT_SIZE_RANGE.start(),
                TEXT_SIZE_RANGE.end(),
                self.text_size
            ));
            self.text_size = self
                .text_size
                .clamp(*TEXT_SIZE_RANGE.start(), *TEXT_SIZE_RANGE.end());
        }
        if crate::store::profiles::validate_name(&self.active_profile).is_err() {
            warnings.push(format!(
                "The active profile name \"{}\" is not usable; \"default\" is used.",
                self.active_profile
            ));
            self.active_profile = Settings::default().active_profile;
        }
        for (profile, scheduler) in &mut self.schedulers {
            let (fixed, problems) = std::mem::take(scheduler).sanitized();
            *scheduler = fixed;
            warnings.extend(
                problems
                    .into_iter()
                    .map(|p| format!("Profile \"{profile}\": {p} It was adjusted.")),
            );
        }
        for (profile, decks) in &mut self.deck_options {
            for (deck, options) in decks.iter_mut() {
                let (fixed, problems) = std::mem::take(options).sanitized();
                *options = fixed;
                warnings.extend(problems.into_iter().map(|p| {
                    format!("Profile \"{profile}\", deck \"{deck}\": {p} It was adjusted.")
                }));
            }
        }
        (self, warnings)
    }
}

/// Applies to `into` what `changed` changed since `base` (everything, without a base), entry by
/// entry.
fn merge<V: Clone + PartialEq>(
    into: &mut BTreeMap<String, V>,
    changed: &BTreeMap<String, V>,
    base: Option<&BTreeMap<String, V>>,
) {
    let keys: std::collections::BTreeSet<&String> = changed
        .keys()
        .chain(base.into_iter().flat_map(|b| b.keys()))
        .collect();
    for key in keys {
        let now = changed.get(key);
        if base.is_some_and(|b| b.get(key) == now) {
            continue;
        }
        match now {
            Some(v) => {
                into.insert(key.clone(), v.clone());
            }
            None => {
                into.remove(key);
            }
        }
    }
}

/// The settings file's contents: none when there is no file, an error when it cannot be read.
fn read(path: &Path) -> Result<Option<Settings>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    ron::from_str::<Settings>(&text)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Takes the settings lock (`settings.lock` beside the file), waiting for another saver to finish.
fn lock(data: &DataDir) -> Result<std::fs::File, String> {
    let path = data.root().join("settings.lock");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            format!(
                "The settings could not be locked ({}): {e}.",
                path.display()
            )
        })?;
    let deadline = std::time::Instant::now() + crate::store::busy_timeout();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(
                    "The settings are being saved by another program; try again in a moment."
                        .to_owned(),
                );
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(format!(
                    "The settings could not be locked ({}): {e}.",
                    path.display()
                ));
            }
        }
    }
}

fn unreadable(path: &Path, reason: &str) -> (Settings, Vec<String>) {
    let kept = path.with_extension(format!(
        "ron.unreadable-{}",
        Utc::now().format("%Y%m%dT%H%M%S")
    ));
    let where_kept = match std::fs::rename(path, &kept) {
        Ok(()) => format!("it was kept as {}", kept.display()),
        Err(_) => "it was left in place".to_owned(),
    };
    (
        Settings::default(),
        vec![format!(
            "The settings file {} could not be read ({reason}); the defaults are used and {where_kept}.",
            path.display()
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut settings = Settings {
            theme: Theme::Dark,
            text_size: 150,
            reduce_motion: true,
            active_profile: "Mei".to_owned(),
            ..Settings::default()
        };
        settings.set_scheduler(
            "Mei",
            SchedulerSettings {
                desired_retention: 0.85,
                ..SchedulerSettings::default()
            },
        );
        settings.save(&data).unwrap();
        let loaded = Settings::load(&data);
        assert_eq!(loaded.warnings, Vec::<String>::new());
        assert_eq!(loaded.settings, settings);
        assert!(!data.settings().with_extension("ron.tmp").exists());
    }

    #[test]
    fn deck_options_and_todays_extra_new_cards_survive_a_round_trip_and_merge_by_deck() {
        use crate::schedule::Preset;
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut one = Settings::load(&data).settings;
        let mut two = Settings::load(&data).settings;
        one.set_deck_options("Mei", "conference", Preset::ExamCram.options());
        one.add_extra_new("Mei", 100, None, 10);
        one.add_extra_new("Mei", 100, Some("conference"), 5);
        one.save(&data).unwrap();
        // Another window gives another deck its options meanwhile.
        two.set_deck_options("Mei", "treaty", Preset::Light.options());
        two.save(&data).unwrap();
        let saved = Settings::load(&data);
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
        let saved = saved.settings;
        assert_eq!(
            saved.deck_options("Mei", "conference"),
            Preset::ExamCram.options().as_ref()
        );
        assert_eq!(
            saved.deck_options("Mei", "treaty"),
            Preset::Light.options().as_ref()
        );
        let extra = saved.extra_new("Mei", 100);
        assert_eq!((extra.shared, extra.decks["conference"]), (10, 5));
        // Only for the day it was added: the next day starts from nothing.
        assert_eq!(saved.extra_new("Mei", 101).shared, 0);
        let mut next_day = saved.clone();
        next_day.add_extra_new("Mei", 101, None, 3);
        assert_eq!(next_day.extra_new("Mei", 101).shared, 3);
        assert!(next_day.extra_new("Mei", 101).decks.is_empty());
        // Back to the Default preset: the deck follows the profile again.
        let mut back = Settings::load(&data).settings;
        back.set_deck_options("Mei", "conference", None);
        back.save(&data).unwrap();
        let saved = Settings::load(&data).settings;
        assert_eq!(saved.deck_options("Mei", "conference"), None);
        assert!(saved.deck_options("Mei", "treaty").is_some());
    }

    #[test]
    fn a_missing_file_gives_defaults_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = Settings::load(&DataDir::new(dir.path()));
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn an_unreadable_file_gives_defaults_a_warning_and_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.settings(), "(theme: Purple, text_size: \"big\"").unwrap();
        let loaded = Settings::load(&data);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.warnings.len(), 1);
        assert!(
            loaded.warnings[0].contains("could not be read"),
            "{:?}",
            loaded.warnings
        );
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("unreadable"))
            .collect();
        assert_eq!(kept.len(), 1);
        let text = std::fs::read_to_string(kept[0].path()).unwrap();
        assert!(text.contains("Purple"));
    }

    #[test]
    fn out_of_range_values_are_corrected_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(
            data.settings(),
            "(text_size: 500, schedulers: {\"default\": (desired_retention: 0.99)})",
        )
        .unwrap();
        let loaded = Settings::load(&data);
        assert_eq!(loaded.settings.text_size, 150);
        assert_eq!(loaded.settings.scheduler("default").desired_retention, 0.97);
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    }

    fn retention(r: f32) -> SchedulerSettings {
        SchedulerSettings {
            desired_retention: r,
            ..SchedulerSettings::default()
        }
    }

    #[test]
    fn two_savers_keep_each_others_changes() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        // Two windows read the same settings, then each changes something of its own.
        let mut one = Settings::load(&data).settings;
        let mut two = Settings::load(&data).settings;
        one.set_scheduler("Mei", retention(0.85));
        one.theme = Theme::Dark;
        one.save(&data).unwrap();
        two.set_scheduler("Boris", retention(0.8));
        two.text_size = 150;
        two.save(&data).unwrap();
        let saved = Settings::load(&data).settings;
        assert_eq!(saved.scheduler("Mei").desired_retention, 0.85);
        assert_eq!(saved.scheduler("Boris").desired_retention, 0.8);
        assert_eq!((saved.theme, saved.text_size), (Theme::Dark, 150));
        // The second saver now sees the first one's changes too.
        assert_eq!(two, saved);
    }

    #[test]
    fn a_profile_removed_in_one_window_stays_removed() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut first = Settings::default();
        first.set_scheduler("Mei", retention(0.85));
        first.set_scheduler("Boris", retention(0.8));
        first.save(&data).unwrap();
        let mut one = Settings::load(&data).settings;
        let mut two = Settings::load(&data).settings;
        one.remove_profile("Mei");
        one.save(&data).unwrap();
        two.set_scheduler("Boris", retention(0.9));
        two.save(&data).unwrap();
        let saved = Settings::load(&data).settings;
        assert!(!saved.schedulers.contains_key("Mei"));
        assert_eq!(saved.scheduler("Boris").desired_retention, 0.9);
    }

    #[test]
    fn a_save_made_from_a_copy_leaves_no_stale_base_behind() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        // The window changes its theme and saves from a copy, as its save task does.
        let mut window = Settings::load(&data).settings;
        window.theme = Theme::Dark;
        let sent = window.clone();
        let mut copy = sent.clone();
        copy.save(&data).unwrap();
        // Meanwhile the learner changed the text size in the window.
        window.text_size = 120;
        window.take_saved(&sent, copy);
        // Another program then changes the theme back.
        let mut other = Settings::load(&data).settings;
        other.theme = Theme::Light;
        other.save(&data).unwrap();
        // The window's next save keeps the other program's theme and its own text size.
        window.save(&data).unwrap();
        let saved = Settings::load(&data).settings;
        assert_eq!((saved.theme, saved.text_size), (Theme::Light, 120));
    }

    #[test]
    fn reduce_motion_is_merged_like_every_other_field() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut one = Settings::load(&data).settings;
        let mut two = Settings::load(&data).settings;
        one.reduce_motion = true;
        one.save(&data).unwrap();
        // A window that changed only its text size does not undo the other's reduce motion.
        two.text_size = 120;
        two.save(&data).unwrap();
        let saved = Settings::load(&data).settings;
        assert!(saved.reduce_motion);
        assert_eq!(saved.text_size, 120);
        // Turning it off again is a change too, and is kept.
        let mut three = Settings::load(&data).settings;
        three.reduce_motion = false;
        three.save(&data).unwrap();
        assert!(!Settings::load(&data).settings.reduce_motion);
    }

    #[test]
    fn a_file_from_before_reduce_motion_reads_with_motion_on() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.settings(), "(theme: Dark, text_size: 110)").unwrap();
        let loaded = Settings::load(&data);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert!(!loaded.settings.reduce_motion);
        assert_eq!(loaded.settings.text_size, 110);
    }

    #[test]
    fn text_sizes_outside_90_to_150_are_brought_inside() {
        for (given, kept) in [(80, 90), (90, 90), (150, 150), (200, 150)] {
            let settings = Settings {
                text_size: given,
                ..Settings::default()
            };
            let (fixed, warnings) = settings.sanitized();
            assert_eq!(fixed.text_size, kept);
            assert_eq!(warnings.is_empty(), given == kept, "{given}");
        }
    }
}
