pub mod about;
pub mod button;
pub mod chart;
pub mod focus;
pub mod map;
pub mod picture;
pub mod question;

pub use button::button;
