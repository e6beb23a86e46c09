//! Changchun Cards: study the Changchun Conference of 1922 with spaced repetition and scored tests.
//!
//! Everything here but `gui` builds without iced (`cargo build --no-default-features`).

pub mod answer;
pub mod browse_query;
pub mod class;
pub mod cli;
pub mod custom_study;
pub mod data_dir;
pub mod deck;
pub mod fsio;
pub mod interop;
mod key_hash;
pub mod profile;
pub mod quiz;
pub mod report;
pub mod review;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod stats;
pub mod store;
pub mod sync;

#[cfg(feature = "gui")]
pub mod gui;
