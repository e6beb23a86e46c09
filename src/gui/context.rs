//! What screens share: the learner's [`Profile`] and what only the window holds (notices, the topic
//! chips, whether the settings wait to be written).

use crate::data_dir::DataDir;
use crate::deck::media::{MediaRoot, Size};
use crate::deck::{Card, Image, Question};
use crate::gui::widget::picture::{Pictures, Shown};
use crate::profile::{NotStarted, NotSynced, Profile};
use crate::review::CardKey;
use crate::sync::Synced;

pub use crate::profile::{DeckCounts, StudySession, TopicMastery};

#[derive(Debug)]
pub struct Context {
    pub profile: Profile,
    /// Plain sentences to show: a settings file that could not be read, a deck that was added …
    pub notices: Vec<String>,
    /// The topic chips chosen in the library; none means every topic.
    pub topics: Vec<String>,
    /// A deck file dropped on the window, waiting for the learner to add it to their decks or not.
    pub dropped: Option<std::path::PathBuf>,
    /// The settings changed since they were last written; the root writes them half a second later.
    pub settings_changed: bool,
    /// Why the last Study found nothing to study, and the deck it was asked for, until the learner
    /// studies or dismisses it: the library says it with the next step beside it.
    pub nothing_due: Option<(NotStarted, Option<String>)>,
    /// The deck the last Study was asked for (one deck), for saying why nothing is due.
    pub study_deck: Option<String>,
    /// The cards missed in the last study session, which custom study offers to cram.
    pub last_missed: Vec<CardKey>,
    /// The cards' pictures read so far.
    pub pictures: Pictures,
    pub sync: SyncState,
}

/// Where the sync with the learner's other computers stands.
#[derive(Debug, Default)]
pub struct SyncState {
    /// A sync is asked for (at start, after a session or a quiz, on demand); the root starts it.
    pub wanted: bool,
    pub running: bool,
    /// The learner said the progress other computers left in the folder is theirs.
    pub confirmed: bool,
    /// When the last sync ended, and what it did or why it could not.
    pub last: Option<(chrono::DateTime<chrono::Utc>, Result<Synced, NotSynced>)>,
}

impl SyncState {
    /// One line for the library and the settings: "Synced 2 min ago · 1 other device".
    pub fn status(&self, now: chrono::DateTime<chrono::Utc>) -> String {
        if self.running {
            return "Syncing…".to_owned();
        }
        match &self.last {
            None => "Not synced yet.".to_owned(),
            Some((at, Ok(synced))) => {
                let brought = synced
                    .brought()
                    .map(|b| format!(" · brought {b}"))
                    .unwrap_or_default();
                format!(
                    "Synced {} · {}{brought}",
                    ago(now - *at),
                    synced.other_devices()
                )
            }
            Some((_, Err(NotSynced::Unconfirmed(_)))) => {
                "Sync waits for you: the folder holds progress from another computer (Settings → Sync)."
                    .to_owned()
            }
            Some((at, Err(e))) => format!("Sync failed {}: {e}", ago(now - *at)),
        }
    }
}

/// "just now", "5 min ago", "3 h ago", "2 days ago".
fn ago(elapsed: chrono::Duration) -> String {
    let minutes = elapsed.num_minutes().max(0);
    match minutes {
        0 => "just now".to_owned(),
        1..=59 => format!("{minutes} min ago"),
        60..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

impl Context {
    pub fn new(mut profile: Profile) -> Context {
        let syncs = profile.sync_folder().is_some();
        Context {
            notices: profile.take_warnings(),
            profile,
            topics: Vec::new(),
            dropped: None,
            settings_changed: false,
            nothing_due: None,
            study_deck: None,
            last_missed: Vec::new(),
            pictures: Pictures::default(),
            sync: SyncState {
                wanted: syncs,
                ..SyncState::default()
            },
        }
    }

    /// Opens a profile at once, for tests; the app opens it in a task.
    pub fn load(data: DataDir, profile: Option<String>) -> Result<Context, String> {
        Profile::open(data, profile).map(Context::new)
    }

    /// Where a deck's pictures are: beside its file, or inside the app for a bundled deck.
    pub fn media_root(&self, deck: &str) -> MediaRoot {
        self.profile
            .library()
            .entry(deck)
            .map_or(MediaRoot::Bundled, |e| e.origin.media_root())
    }

    /// Every picture a card shows, with where to find it.
    pub fn card_pictures(&self, key: &CardKey) -> Vec<(MediaRoot, &Image)> {
        let root = self.media_root(&key.deck);
        self.card(key)
            .map(|card| card.images().map(|i| (root.clone(), i)).collect())
            .unwrap_or_default()
    }

    pub fn card(&self, key: &CardKey) -> Option<&Card> {
        self.profile.library().deck(&key.deck)?.card(&key.card)
    }

    /// A picture of a card of this deck, as far as it is read.
    pub fn picture(&self, deck: &str, image: &Image) -> Shown<'_> {
        self.pictures.get(&self.media_root(deck), image)
    }

    /// The size of a map question's map, once it is read.
    pub fn map_size(&self, deck: &str, question: &Question) -> Option<Size> {
        match self.picture(deck, question.own_image()?) {
            Shown::Ready(picture) => Some(picture.size),
            _ => None,
        }
    }

    /// Takes in something the learner should read, once.
    pub fn notice(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notices.contains(&note) {
            self.notices.push(note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sync::Merged;

    #[test]
    fn the_sync_line_says_when_with_how_many_computers_and_what_came() {
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let state = |reviews, undone, quizzes, devices| SyncState {
            wanted: false,
            running: false,
            confirmed: false,
            last: Some((
                at,
                Ok(Synced {
                    merged: Merged {
                        reviews,
                        undone,
                        quizzes,
                        ..Merged::default()
                    },
                    devices,
                    ..Synced::default()
                }),
            )),
        };
        let later = at + chrono::Duration::minutes(2);
        assert_eq!(
            state(0, 0, 0, 0).status(later),
            "Synced 2 min ago · no other device yet"
        );
        assert_eq!(
            state(1, 2, 3, 2).status(later),
            "Synced 2 min ago · 2 other devices · brought 1 answer, 2 undos, 3 quizzes"
        );
        assert_eq!(
            state(0, 0, 1, 1).status(at + chrono::Duration::hours(3)),
            "Synced 3 h ago · 1 other device · brought 1 quiz"
        );
    }
}
