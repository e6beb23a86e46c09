//! The app's pick list: iced's, wrapped in [`Focus`] so that Tab reaches it and a ring shows when
//! it has focus. A focused pick list chooses the option before or after the chosen one with Up and
//! Down, sending what choosing it with the mouse sends; Enter and Space do not open it (iced 0.14
//! keeps its menu's state to itself). Built as iced's (`pick_list(options, selected, on_select)`).

use super::focus::Focus;
use iced::keyboard::key::Named;
use iced::widget::pick_list::{Status, Style};
use iced::{Element, Pixels, Theme, widget};
use std::borrow::Borrow;
use std::fmt::Debug;
use std::rc::Rc;

pub struct PickList<'a, T: ToString + PartialEq + Clone, L: Borrow<[T]>, V: Borrow<T>, Message> {
    inner: widget::PickList<'a, T, L, V, Message>,
    options: Vec<T>,
    selected: Option<T>,
    on_select: Rc<dyn Fn(T) -> Message + 'a>,
}

/// A pick list of `options` showing `selected`, sending `on_select` with the option chosen.
pub fn pick_list<'a, T, L, V, Message>(
    options: L,
    selected: Option<V>,
    on_select: impl Fn(T) -> Message + 'a,
) -> PickList<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    let on_select: Rc<dyn Fn(T) -> Message + 'a> = Rc::new(on_select);
    let send = on_select.clone();
    let listed = options.borrow().to_vec();
    let chosen = selected.as_ref().map(|s| s.borrow().clone());
    PickList {
        inner: widget::PickList::new(options, selected, move |t| send(t)),
        options: listed,
        selected: chosen,
        on_select,
    }
}

impl<'a, T, L, V, Message> PickList<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    pub fn style(mut self, style: impl Fn(&Theme, Status) -> Style + 'a) -> Self {
        self.inner = self.inner.style(style);
        self
    }

    pub fn text_size(mut self, size: impl Into<Pixels>) -> Self {
        self.inner = self.inner.text_size(size);
        self
    }

    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.inner = self.inner.placeholder(placeholder);
        self
    }
}

/// The option `key` chooses among `count` options with the one at `selected` chosen: Down the
/// next (the first when none is), Up the one before (the last when none is), no further than the
/// ends; `None` for a key that does not choose.
pub fn chosen(count: usize, selected: Option<usize>, key: Named) -> Option<Option<usize>> {
    let last = count.checked_sub(1);
    match key {
        Named::ArrowDown => Some(match selected {
            Some(i) => Some((i + 1).min(last?)),
            None => last.map(|_| 0),
        }),
        Named::ArrowUp => Some(match selected {
            Some(i) => Some(i.saturating_sub(1)),
            None => last,
        }),
        _ => None,
    }
}

impl<'a, T, L, V, Message> From<PickList<'a, T, L, V, Message>> for Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + Debug + 'a,
{
    fn from(list: PickList<'a, T, L, V, Message>) -> Self {
        let PickList {
            inner,
            options,
            selected,
            on_select,
        } = list;
        let Some(first) = options.first() else {
            // Nothing to choose: Tab passes it over.
            return inner.into();
        };
        let action = Some(on_select(first.clone()));
        let at = selected
            .as_ref()
            .and_then(|s| options.iter().position(|o| o == s));
        Focus::keyed(inner, &action, move |key| {
            let to = chosen(options.len(), at, key)?;
            Some(
                to.filter(|to| Some(*to) != at)
                    .map(|to| on_select(options[to].clone())),
            )
        })
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_and_up_choose_the_next_and_the_previous_option_and_stop_at_the_ends() {
        assert_eq!(chosen(3, Some(0), Named::ArrowDown), Some(Some(1)));
        assert_eq!(chosen(3, Some(2), Named::ArrowDown), Some(Some(2)));
        assert_eq!(chosen(3, Some(2), Named::ArrowUp), Some(Some(1)));
        assert_eq!(chosen(3, Some(0), Named::ArrowUp), Some(Some(0)));
        assert_eq!(chosen(3, None, Named::ArrowDown), Some(Some(0)));
        assert_eq!(chosen(3, None, Named::ArrowUp), Some(Some(2)));
        assert_eq!(chosen(0, None, Named::ArrowDown), Some(None));
        for other in [Named::ArrowLeft, Named::Enter, Named::Space, Named::Tab] {
            assert_eq!(chosen(3, Some(1), other), None, "{other:?} does not choose");
        }
    }
}
