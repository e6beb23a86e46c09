//! Changchun Cards: study the Changchun Conference of 1922 with spaced repetition and scored tests.
//!
//! Everything here but `gui` builds without iced (`cargo build --no-default-features`).

pub mod cli;
pub mod data_dir;
pub mod deck;
pub mod report;
pub mod review;
pub mod stats;

#[cfg(feature = "gui")]
pub mod gui;
