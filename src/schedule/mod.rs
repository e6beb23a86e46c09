//! Scheduling: FSRS through the `fsrs` crate, learning steps, daily limits, fuzz and today's queue.

pub mod day;
pub mod deck_options;
pub mod fuzz;
pub mod optimize;
pub mod queue;
pub mod scheduler;
pub mod settings;
pub mod state;

pub use day::StudyDay;
pub use deck_options::{DeckOptions, Preset};
pub use optimize::{OptimizeReport, optimize};
pub use queue::{
    CardStates, Category, DayCounts, DueState, Entry, Filter, NewLimits, Queue, QueueCard,
    Standing, Today,
};
pub use scheduler::{Preview, Scheduled, Scheduler, Schedulers, format_interval};
pub use settings::SchedulerSettings;
pub use state::{CardState, Phase, Stage, is_learning_step};
