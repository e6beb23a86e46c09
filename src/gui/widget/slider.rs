//! The app's slider: iced's, wrapped in [`Focus`] so that Tab reaches it and a ring shows when it
//! has focus. A focused slider moves by its step with the arrow keys (Left and Down lower it, Right
//! and Up raise it), by a tenth of its range with Page Up and Page Down, and to its ends with Home
//! and End. iced's own slider moves with Up and Down only while the pointer is over it. Built as
//! iced's (`slider(range, value, on_change).step(…).width(…)`).

use super::focus::Focus;
use iced::keyboard::key::Named;
use iced::{Element, Length, widget};
use std::fmt::Debug;
use std::ops::RangeInclusive;
use std::rc::Rc;

/// A number the app's sliders hold: turned back from a stepped `f64`, and shown by iced's slider.
pub trait Value: Copy + From<u8> + PartialOrd + Into<f64> {
    fn from_stepped(value: f64) -> Self;

    fn element<'a, Message: Clone + 'a>(
        slider: widget::Slider<'a, Self, Message>,
    ) -> Element<'a, Message>;
}

macro_rules! value {
    ($($number:ty => $from:expr),*) => {$(
        impl Value for $number {
            fn from_stepped(value: f64) -> Self {
                $from(value)
            }

            fn element<'a, Message: Clone + 'a>(
                slider: widget::Slider<'a, Self, Message>,
            ) -> Element<'a, Message> {
                slider.into()
            }
        }
    )*};
}

value!(u16 => |v: f64| v.round() as u16, u32 => |v: f64| v.round() as u32, f32 => |v: f64| v as f32);

pub struct Slider<'a, T, Message> {
    inner: widget::Slider<'a, T, Message>,
    range: RangeInclusive<T>,
    value: T,
    step: T,
    on_change: Rc<dyn Fn(T) -> Message + 'a>,
}

/// A slider over `range` at `value`, sending `on_change` with each new value.
pub fn slider<'a, T: Value + 'a, Message: Clone + 'a>(
    range: RangeInclusive<T>,
    value: T,
    on_change: impl Fn(T) -> Message + 'a,
) -> Slider<'a, T, Message> {
    let on_change: Rc<dyn Fn(T) -> Message + 'a> = Rc::new(on_change);
    let send = on_change.clone();
    Slider {
        inner: widget::Slider::new(range.clone(), value, move |v| send(v)),
        range,
        value,
        step: T::from(1),
        on_change,
    }
}

impl<'a, T: Value + 'a, Message: Clone + 'a> Slider<'a, T, Message> {
    pub fn step(mut self, step: impl Into<T>) -> Self {
        self.step = step.into();
        self.inner = self.inner.step(self.step);
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.inner = self.inner.width(width);
        self
    }
}

/// Where `key` moves a slider over `start..=end` at `value` by `step`, snapped to the steps from
/// `start` as a drag is; `None` for a key that does not move sliders.
pub fn stepped(start: f64, end: f64, value: f64, step: f64, key: Named) -> Option<f64> {
    let steps = |n: f64| {
        let at = ((value - start) / step).round();
        (start + (at + n) * step).clamp(start, end)
    };
    // A page is a tenth of the range, and never less than one step.
    let page = ((end - start) / step / 10.0).round().max(1.0);
    match key {
        Named::ArrowLeft | Named::ArrowDown => Some(steps(-1.0)),
        Named::ArrowRight | Named::ArrowUp => Some(steps(1.0)),
        Named::PageDown => Some(steps(-page)),
        Named::PageUp => Some(steps(page)),
        Named::Home => Some(start),
        Named::End => Some(end),
        _ => None,
    }
}

impl<'a, T: Value + 'a, Message: Clone + Debug + 'a> From<Slider<'a, T, Message>>
    for Element<'a, Message>
{
    fn from(slider: Slider<'a, T, Message>) -> Self {
        let Slider {
            inner,
            range,
            value,
            step,
            on_change,
        } = slider;
        let (start, end) = ((*range.start()).into(), (*range.end()).into());
        let action = Some(on_change(*range.start()));
        Focus::keyed(T::element(inner), &action, move |key| {
            let to = stepped(start, end, value.into(), step.into(), key)?;
            let to = T::from_stepped(to);
            Some((to != value).then(|| on_change(to)))
        })
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_one_step_within_the_range_and_home_end_go_to_its_ends() {
        let at = |value, key| stepped(5.0, 50.0, value, 1.0, key);
        assert_eq!(at(20.0, Named::ArrowRight), Some(21.0));
        assert_eq!(at(20.0, Named::ArrowUp), Some(21.0));
        assert_eq!(at(20.0, Named::ArrowLeft), Some(19.0));
        assert_eq!(at(20.0, Named::ArrowDown), Some(19.0));
        assert_eq!(at(50.0, Named::ArrowRight), Some(50.0), "stays at the end");
        assert_eq!(at(5.0, Named::ArrowLeft), Some(5.0), "stays at the start");
        assert_eq!(at(20.0, Named::Home), Some(5.0));
        assert_eq!(at(20.0, Named::End), Some(50.0));
        assert_eq!(
            at(20.0, Named::PageUp),
            Some(25.0),
            "a tenth of 45, rounded"
        );
        assert_eq!(at(48.0, Named::PageUp), Some(50.0));
        assert_eq!(at(20.0, Named::PageDown), Some(15.0));
        for other in [Named::Enter, Named::Space, Named::Tab, Named::Escape] {
            assert_eq!(at(20.0, other), None, "{other:?} is not a slider key");
        }
    }

    #[test]
    fn a_step_lands_on_the_steps_from_the_start() {
        // Retention runs 0.70..=0.97 by 0.01: a value between steps lands on one.
        let up = stepped(0.70, 0.97, 0.704, 0.01, Named::ArrowRight).unwrap();
        assert!((up - 0.71).abs() < 1e-9, "{up}");
        // Text size runs 80..=200 by 10; a page is one step at least.
        assert_eq!(
            stepped(80.0, 200.0, 100.0, 10.0, Named::ArrowUp),
            Some(110.0)
        );
        assert_eq!(stepped(0.0, 3.0, 1.0, 1.0, Named::PageUp), Some(2.0));
    }
}
