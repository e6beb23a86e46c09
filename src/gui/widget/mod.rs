pub mod chart;
pub mod question;
