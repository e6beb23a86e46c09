//! The app's button: iced's button, wrapped in [`Focus`] so that Tab reaches it, a ring shows
//! when it has focus, and Enter or Space presses it. Built and styled as iced's (`button(…)
//! .style(…).on_press(…)`); the styles and statuses below are iced's own.

use super::focus::Focus;
use iced::widget::{Id, button as iced_button};
use iced::{Element, Length, Padding, Theme};
use std::fmt::Debug;

pub use iced_button::{Status, Style, primary, secondary, text};

/// A button that takes keyboard focus while it can be pressed.
pub struct Button<'a, Message> {
    inner: iced_button::Button<'a, Message>,
    on_press: Option<Message>,
    id: Option<Id>,
}

/// A button showing `content`; it does nothing (and Tab passes it over) until given `on_press`.
pub fn button<'a, Message>(content: impl Into<Element<'a, Message>>) -> Button<'a, Message> {
    Button {
        inner: iced_button::Button::new(content),
        on_press: None,
        id: None,
    }
}

impl<'a, Message> Button<'a, Message> {
    pub fn on_press(self, message: Message) -> Self {
        self.on_press_maybe(Some(message))
    }

    pub fn on_press_maybe(mut self, message: Option<Message>) -> Self {
        self.on_press = message;
        self
    }

    pub fn style(mut self, style: impl Fn(&Theme, Status) -> Style + 'a) -> Self {
        self.inner = self.inner.style(style);
        self
    }

    pub fn padding(mut self, padding: impl Into<Padding>) -> Self {
        self.inner = self.inner.padding(padding);
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.inner = self.inner.width(width);
        self
    }

    pub fn height(mut self, height: impl Into<Length>) -> Self {
        self.inner = self.inner.height(height);
        self
    }

    /// An id, for `operation::focus(id)` to give the button the focus.
    pub fn id(mut self, id: impl Into<Id>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub fn clip(mut self, clip: bool) -> Self {
        self.inner = self.inner.clip(clip);
        self
    }
}

impl<'a, Message: Clone + Debug + 'a> From<Button<'a, Message>> for Element<'a, Message> {
    fn from(button: Button<'a, Message>) -> Self {
        let pressed = button.inner.on_press_maybe(button.on_press.clone());
        Focus::new(pressed, button.on_press).id(button.id).into()
    }
}
