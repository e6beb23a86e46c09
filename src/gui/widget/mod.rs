pub mod about;
pub mod button;
pub mod chart;
pub mod focus;
pub mod map;
pub mod pick_list;
pub mod picture;
pub mod question;
pub mod slider;
pub mod toggle;

pub use button::button;
pub use pick_list::pick_list;
pub use slider::slider;
pub use toggle::{checkbox, radio, toggler};
