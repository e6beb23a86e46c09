//! The app's checkbox, toggler and radio button: iced's, wrapped in [`Focus`] so that Tab reaches
//! them, a ring shows when one has focus, and Enter or Space flips (or chooses) it as a click does.
//! Built as iced's (`checkbox(on).label(…).on_toggle(…)`, `radio(label, value, selected, f)`).

use super::focus::Focus;
use iced::widget::text::IntoFragment;
use iced::{Element, widget};
use std::fmt::Debug;

pub struct Checkbox<'a, Message> {
    inner: widget::Checkbox<'a, Message>,
    checked: bool,
    flip: Option<Message>,
    /// What ticking it sends, the same whether it is ticked or not.
    action: Option<Message>,
}

/// A checkbox, ticked or not; it does nothing (and Tab passes it over) until given `on_toggle`.
pub fn checkbox<'a, Message>(checked: bool) -> Checkbox<'a, Message> {
    Checkbox {
        inner: widget::Checkbox::new(checked),
        checked,
        flip: None,
        action: None,
    }
}

impl<'a, Message> Checkbox<'a, Message> {
    pub fn label(mut self, label: impl IntoFragment<'a>) -> Self {
        self.inner = self.inner.label(label);
        self
    }

    pub fn on_toggle(mut self, on_toggle: impl Fn(bool) -> Message + 'a) -> Self {
        self.flip = Some(on_toggle(!self.checked));
        self.action = Some(on_toggle(true));
        self.inner = self.inner.on_toggle(on_toggle);
        self
    }
}

impl<'a, Message: Clone + Debug + 'a> From<Checkbox<'a, Message>> for Element<'a, Message> {
    fn from(checkbox: Checkbox<'a, Message>) -> Self {
        Focus::flipping(checkbox.inner, checkbox.flip, &checkbox.action).into()
    }
}

pub struct Toggler<'a, Message> {
    inner: widget::Toggler<'a, Message>,
    on: bool,
    flip: Option<Message>,
    /// What turning it on sends, the same whether it is on or not.
    action: Option<Message>,
}

/// A toggler, on or off; it does nothing (and Tab passes it over) until given `on_toggle`.
pub fn toggler<'a, Message>(on: bool) -> Toggler<'a, Message> {
    Toggler {
        inner: widget::Toggler::new(on),
        on,
        flip: None,
        action: None,
    }
}

impl<'a, Message> Toggler<'a, Message> {
    pub fn label(mut self, label: impl IntoFragment<'a>) -> Self {
        self.inner = self.inner.label(label);
        self
    }

    pub fn on_toggle(mut self, on_toggle: impl Fn(bool) -> Message + 'a) -> Self {
        self.flip = Some(on_toggle(!self.on));
        self.action = Some(on_toggle(true));
        self.inner = self.inner.on_toggle(on_toggle);
        self
    }
}

impl<'a, Message: Clone + Debug + 'a> From<Toggler<'a, Message>> for Element<'a, Message> {
    fn from(toggler: Toggler<'a, Message>) -> Self {
        Focus::flipping(toggler.inner, toggler.flip, &toggler.action).into()
    }
}

/// A radio button: choosing it sends `on_choose(value)`, by a click or, once focused, by Enter or
/// Space. It keeps its focus when chosen, as its message does not change.
pub fn radio<'a, Message, V>(
    label: impl Into<String>,
    value: V,
    selected: Option<V>,
    on_choose: impl FnOnce(V) -> Message,
) -> Element<'a, Message>
where
    Message: Clone + Debug + 'a,
    V: Copy + Eq + 'a,
{
    let chosen = on_choose(value);
    let click = chosen.clone();
    Focus::new(
        widget::radio(label, value, selected, move |_| click),
        Some(chosen),
    )
    .into()
}
