pub mod about;
pub mod chart;
pub mod map;
pub mod picture;
pub mod question;
