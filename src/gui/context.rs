//! What screens share: the learner's [`Profile`] and what only the window holds (notices, the topic
//! chips, whether the settings wait to be written).

use crate::data_dir::DataDir;
use crate::profile::Profile;

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
}

impl Context {
    pub fn new(mut profile: Profile) -> Context {
        Context {
            notices: profile.take_warnings(),
            profile,
            topics: Vec::new(),
            dropped: None,
            settings_changed: false,
        }
    }

    /// Opens a profile at once, for tests; the app opens it in a task.
    pub fn load(data: DataDir, profile: Option<String>) -> Result<Context, String> {
        Profile::open(data, profile).map(Context::new)
    }

    /// Takes in something the learner should read, once.
    pub fn notice(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notices.contains(&note) {
            self.notices.push(note);
        }
    }
}
