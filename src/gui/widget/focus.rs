//! Keyboard focus for anything clickable. iced 0.14 gives focus to text inputs and editors only;
//! [`Focus`] wraps a clickable element (a button, a checkbox) with the message a click sends, so
//! that Tab and Shift+Tab (iced's `focus_next` and `focus_previous`) reach it in layout order like a
//! text field, a ring shows it has focus, and Enter or Space sends its message.
//!
//! An element set with keys rather than pressed (a slider, a pick list) is built with
//! [`Focus::keyed`]: its own keys, given as [`Keys`], take the place of Enter and Space.
//!
//! Keys reach a focused element before the app's shortcuts: only its own keys (Enter and Space, or
//! its [`Keys`]), without Ctrl, Alt, Shift or the logo key, are taken, and only while an element
//! that can be used has focus; every other key, Escape too, goes on to the shortcuts as before.

use crate::gui::theme;
use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::operation::Focusable;
use iced::advanced::widget::{Id, Operation, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay, renderer};
use iced::keyboard::{self, key::Named};
use iced::{
    Background, Color, Element, Event, Length, Rectangle, Size, Theme, Vector, touch, window,
};
use std::fmt::Debug;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A clickable element that takes keyboard focus.
pub struct Focus<'a, Message, Renderer = iced::Renderer> {
    content: Element<'a, Message, Theme, Renderer>,
    on_activate: Option<Message>,
    keys: Option<Keys<'a, Message>>,
    action: u64,
    id: Option<Id>,
}

/// What a focused element does with a key pressed alone: `None` for a key that is not its own,
/// `Some(None)` for its own key that changes nothing now (a slider already at its end).
pub type Keys<'a, Message> = Box<dyn Fn(Named) -> Option<Option<Message>> + 'a>;

impl<'a, Message: Clone + Debug, Renderer> Focus<'a, Message, Renderer> {
    /// `content` sends `on_activate` when clicked (or cannot be used, with `None`): a focused
    /// [`Focus`] sends it for Enter and Space too.
    pub fn new(
        content: impl Into<Element<'a, Message, Theme, Renderer>>,
        on_activate: Option<Message>,
    ) -> Self {
        let action = fingerprint(&on_activate);
        Focus {
            content: content.into(),
            on_activate,
            keys: None,
            action,
            id: None,
        }
    }

    /// As [`Focus::new`], for an element whose message changes with its state (a checkbox sends
    /// "on" or "off"): `action` is its message in one state, so that flipping it keeps its focus.
    pub fn flipping(
        content: impl Into<Element<'a, Message, Theme, Renderer>>,
        on_activate: Option<Message>,
        action: &Option<Message>,
    ) -> Self {
        Focus {
            content: content.into(),
            on_activate,
            keys: None,
            action: fingerprint(action),
            id: None,
        }
    }

    /// An element set with keys rather than pressed (a slider, a pick list): a focused one sends
    /// what `keys` makes of a key pressed alone. `action` is what it does, as for
    /// [`Focus::flipping`], so that a new value keeps its focus.
    pub fn keyed(
        content: impl Into<Element<'a, Message, Theme, Renderer>>,
        action: &Option<Message>,
        keys: impl Fn(Named) -> Option<Option<Message>> + 'a,
    ) -> Self {
        Focus {
            content: content.into(),
            on_activate: None,
            keys: Some(Box::new(keys)),
            action: fingerprint(action),
            id: None,
        }
    }

    /// An id, for `operation::focus(id)` to give this element the focus.
    pub fn id(mut self, id: Option<Id>) -> Self {
        self.id = id;
        self
    }
}

impl<Message, Renderer> Focus<'_, Message, Renderer> {
    /// Whether the element can be used now, and so takes the focus.
    fn usable(&self) -> bool {
        self.on_activate.is_some() || self.keys.is_some()
    }
}

/// What the element does, to tell whether a new view put another element in its place.
fn fingerprint<Message: Debug>(message: &Option<Message>) -> u64 {
    let mut hasher = DefaultHasher::new();
    format!("{message:?}").hash(&mut hasher);
    hasher.finish()
}

/// A focusable element's own state, kept by iced between views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    focused: bool,
    /// Whether the last frame drew the ring: a focus moved by an operation is drawn at the next
    /// event.
    drawn: bool,
    action: u64,
}

impl Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

/// Enter or Space pressed alone: the keys that use a focused element.
fn activates(event: &Event) -> Option<bool> {
    let Event::Keyboard(keyboard::Event::KeyPressed {
        key: keyboard::Key::Named(Named::Enter | Named::Space),
        modifiers,
        repeat,
        ..
    }) = event
    else {
        return None;
    };
    modifiers.is_empty().then_some(!repeat)
}

/// A named key pressed alone, held or not: what [`Keys`] are given.
fn named_alone(event: &Event) -> Option<Named> {
    let Event::Keyboard(keyboard::Event::KeyPressed {
        key: keyboard::Key::Named(named),
        modifiers,
        ..
    }) = event
    else {
        return None;
    };
    modifiers.is_empty().then_some(*named)
}

impl<Message, Renderer> Widget<Message, Theme, Renderer> for Focus<'_, Message, Renderer>
where
    Message: Clone,
    Renderer: iced::advanced::Renderer,
{
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State {
            focused: false,
            drawn: false,
            action: self.action,
        })
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        // The focus stays with what the element does: when the view puts another element here
        // (another row of a list, the next screen's button), the focus does not pass to it.
        let state = tree.state.downcast_mut::<State>();
        if state.action != self.action {
            state.focused = false;
            state.action = self.action;
        }
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        // An element that cannot be used now is passed over, as a disabled field would be.
        if self.usable() {
            let state = tree.state.downcast_mut::<State>();
            operation.focusable(self.id.as_ref(), layout.bounds(), state);
        }
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            // The ring is for the keyboard: a click anywhere, this element too, takes it away, as a
            // click outside a text field takes that field's focus.
            Event::Mouse(mouse::Event::ButtonPressed(_))
            | Event::Touch(touch::Event::FingerPressed { .. }) => state.focused = false,
            Event::Window(window::Event::RedrawRequested(_)) => state.drawn = state.focused,
            _ => {}
        }
        if state.focused
            && let Some(on_activate) = &self.on_activate
            && let Some(fresh) = activates(event)
        {
            // A held key does not repeat the action, and does not reach the shortcuts either.
            if fresh {
                shell.publish(on_activate.clone());
            }
            shell.capture_event();
            return;
        }
        if state.focused
            && let Some(keys) = &self.keys
            && let Some(outcome) = named_alone(event).and_then(keys)
        {
            // The element's own keys are held to repeat, and do not reach the shortcuts.
            if let Some(message) = outcome {
                shell.publish(message);
            }
            shell.capture_event();
            return;
        }
        if state.drawn != state.focused {
            shell.request_redraw();
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        let state = tree.state.downcast_ref::<State>();
        if state.focused && self.usable() {
            let (bounds, border) = theme::style::focus_ring(theme, layout.bounds());
            renderer.fill_quad(
                renderer::Quad {
                    bounds,
                    border,
                    ..renderer::Quad::default()
                },
                Background::Color(Color::TRANSPARENT),
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message, Renderer> From<Focus<'a, Message, Renderer>>
    for Element<'a, Message, Theme, Renderer>
where
    Message: Clone + 'a,
    Renderer: iced::advanced::Renderer + 'a,
{
    fn from(focus: Focus<'a, Message, Renderer>) -> Self {
        Element::new(focus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::{Key, Location, Modifiers, key};

    fn focus(action: Option<u8>) -> Focus<'static, u8, ()> {
        Focus::new(iced::widget::Space::new(), action)
    }

    fn tree_of(widget: &Focus<'static, u8, ()>) -> Tree {
        Tree::new(widget as &dyn Widget<u8, Theme, ()>)
    }

    fn focused(tree: &Tree) -> bool {
        tree.state.downcast_ref::<State>().is_focused()
    }

    #[test]
    fn focus_stays_with_the_same_action_and_leaves_another_or_a_disabled_one() {
        let pressed = focus(Some(1));
        let mut tree = tree_of(&pressed);
        tree.state.downcast_mut::<State>().focus();
        focus(Some(1)).diff(&mut tree);
        assert!(
            focused(&tree),
            "the same button in a new view keeps its focus"
        );
        focus(Some(2)).diff(&mut tree);
        assert!(
            !focused(&tree),
            "another button put in its place does not take it"
        );

        tree.state.downcast_mut::<State>().focus();
        focus(None).diff(&mut tree);
        assert!(!focused(&tree), "a button that cannot be pressed loses it");
    }

    fn pressed(named: Named, modifiers: Modifiers, repeat: bool) -> Event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: Key::Named(named),
            modified_key: Key::Named(named),
            physical_key: key::Physical::Unidentified(key::NativeCode::Unidentified),
            location: Location::Standard,
            modifiers,
            text: None,
            repeat,
        })
    }

    #[test]
    fn enter_and_space_alone_activate_and_a_held_key_does_not_repeat() {
        let none = Modifiers::empty();
        assert_eq!(activates(&pressed(Named::Enter, none, false)), Some(true));
        assert_eq!(activates(&pressed(Named::Space, none, false)), Some(true));
        assert_eq!(activates(&pressed(Named::Enter, none, true)), Some(false));
        for held in [
            Modifiers::CTRL,
            Modifiers::SHIFT,
            Modifiers::ALT,
            Modifiers::LOGO,
        ] {
            assert_eq!(activates(&pressed(Named::Enter, held, false)), None);
        }
        for other in [Named::Escape, Named::Tab, Named::ArrowDown] {
            assert_eq!(activates(&pressed(other, none, false)), None);
        }
    }
}
