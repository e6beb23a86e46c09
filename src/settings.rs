//! The app-wide settings file `settings.ron`: look, active profile and each profile's scheduler
//! settings. Written atomically; an unreadable file gives defaults, a warning, and is kept aside.

use crate::data_dir::DataDir;
use crate::schedule::SchedulerSettings;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Allowed text sizes in percent of normal.
pub const TEXT_SIZE_RANGE: std::ops::RangeInclusive<u16> = 80..=200;

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    /// Text size in percent (80–200).
    pub text_size: u16,
    pub active_profile: String,
    /// Scheduler settings by profile name; a profile not listed uses the defaults.
    pub schedulers: BTreeMap<String, SchedulerSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::System,
            text_size: 100,
            active_profile: "default".to_owned(),
            schedulers: BTreeMap::new(),
        }
    }
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
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Loaded {
                    settings: Settings::default(),
                    warnings: Vec::new(),
                };
            }
            Err(e) => return unreadable(&path, &e.to_string()),
        };
        match ron::from_str::<Settings>(&text) {
            Ok(settings) => {
                let (settings, warnings) = settings.sanitized();
                Loaded { settings, warnings }
            }
            Err(e) => unreadable(&path, &e.to_string()),
        }
    }

    /// Writes `settings.ron` atomically: a temporary file, synced, then renamed over the old one.
    pub fn save(&self, data: &DataDir) -> Result<(), String> {
        let path = data.settings();
        let fail = |e: std::io::Error| {
            format!(
                "The settings could not be saved to {}: {e}.",
                path.display()
            )
        };
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| format!("The settings could not be written out: {e}."))?;
        std::fs::create_dir_all(data.root()).map_err(fail)?;
        crate::deck::save::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("The settings could not be saved: {e}."))?;
        Ok(())
    }

    /// A profile's scheduler settings (the defaults when it has none).
    pub fn scheduler(&self, profile: &str) -> SchedulerSettings {
        self.schedulers.get(profile).cloned().unwrap_or_default()
    }

    pub fn set_scheduler(&mut self, profile: &str, settings: SchedulerSettings) {
        self.schedulers.insert(profile.to_owned(), settings);
    }

    /// Follows a profile's rename: its scheduler settings and, if active, the active name.
    pub fn rename_profile(&mut self, from: &str, to: &str) {
        if let Some(s) = self.schedulers.remove(from) {
            self.schedulers.insert(to.to_owned(), s);
        }
        if self.active_profile == from {
            to.clone_into(&mut self.active_profile);
        }
    }

    /// Forgets a deleted profile; the active one falls back to "default".
    pub fn remove_profile(&mut self, name: &str) {
        self.schedulers.remove(name);
        if self.active_profile == name {
            self.active_profile = Settings::default().active_profile;
        }
    }

    /// These settings with out-of-range values corrected, and what was corrected.
    pub fn sanitized(mut self) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        if !TEXT_SIZE_RANGE.contains(&self.text_size) {
            warnings.push(format!(
                "The text size must be 80 to 200 percent, not {}; it was adjusted.",
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
        (self, warnings)
    }
}

fn unreadable(path: &Path, reason: &str) -> Loaded {
    let kept = path.with_extension(format!(
        "ron.unreadable-{}",
        Utc::now().format("%Y%m%dT%H%M%S")
    ));
    let where_kept = match std::fs::rename(path, &kept) {
        Ok(()) => format!("it was kept as {}", kept.display()),
        Err(_) => "it was left in place".to_owned(),
    };
    Loaded {
        settings: Settings::default(),
        warnings: vec![format!(
            "The settings file {} could not be read ({reason}); the defaults are used and {where_kept}.",
            path.display()
        )],
    }
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
        assert_eq!(loaded.settings.text_size, 200);
        assert_eq!(loaded.settings.scheduler("default").desired_retention, 0.97);
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    }
}
