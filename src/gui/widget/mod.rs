pub mod about;
pub mod chart;
pub mod question;
