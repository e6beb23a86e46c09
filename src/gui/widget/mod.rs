pub mod about;
pub mod button;
pub mod chart;
pub mod focus;
pub mod map;
pub mod picture;
pub mod question;
pub mod toggle;

pub use button::button;
pub use toggle::{checkbox, toggler};
