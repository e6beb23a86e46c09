//! Every screen's keyboard shortcuts, one table per screen. A screen's `key()` looks the key up in its
//! table and the help overlay lists the same entries, so what the help says is what the keys do.
//!
//! The study screen's and the question views' keys are not in tables yet: the help shows them from
//! the plain lines in [`STUDY_LINES`].

use iced::keyboard::{Key, Modifiers, key::Named};

/// A key as pressed, before modifiers (iced reports Shift+/ as "/" with Shift held).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    /// A character key, lower case.
    Char(&'static str),
    Named(Named),
}

/// What must be held with the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Neither Ctrl (Cmd on macOS) nor Alt; Shift only where no entry asks for it.
    Nothing,
    /// Ctrl, or Cmd on macOS.
    Command,
    Shift,
}

/// One shortcut: the keys that trigger it, what is held, what the help says, what it does.
#[derive(Debug, Clone, Copy)]
pub struct Shortcut<A> {
    pub keys: &'static [Press],
    pub held: Held,
    pub what: &'static str,
    pub action: A,
}

const fn plain<A>(keys: &'static [Press], what: &'static str, action: A) -> Shortcut<A> {
    Shortcut {
        keys,
        held: Held::Nothing,
        what,
        action,
    }
}

const fn command<A>(key: &'static [Press], what: &'static str, action: A) -> Shortcut<A> {
    Shortcut {
        keys: key,
        held: Held::Command,
        what,
        action,
    }
}

const fn shift<A>(key: &'static [Press], what: &'static str, action: A) -> Shortcut<A> {
    Shortcut {
        keys: key,
        held: Held::Shift,
        what,
        action,
    }
}

use Press::{Char, Named as N};

const ESC: &[Press] = &[N(Named::Escape)];
const ENTER: &[Press] = &[N(Named::Enter)];
const UP: &[Press] = &[N(Named::ArrowUp)];
const DOWN: &[Press] = &[N(Named::ArrowDown)];

/// Keys the root handles on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Everywhere {
    Help,
    CloseHelp,
    NextField,
    PreviousField,
}

pub const EVERYWHERE: &[Shortcut<Everywhere>] = &[
    plain(&[Char("?")], "this help", Everywhere::Help),
    plain(ESC, "close this help", Everywhere::CloseHelp),
    plain(
        &[N(Named::Tab)],
        "next field, button, slider or list (Enter or Space presses a focused button; arrows, Home and End move a focused slider; ↑ ↓ choose in a focused list)",
        Everywhere::NextField,
    ),
    shift(
        &[N(Named::Tab)],
        "previous field, button, slider or list",
        Everywhere::PreviousField,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Library {
    StudyAllDue,
    CustomStudy,
    Quiz,
    Browse,
    Statistics,
    NewDeck,
    OpenDeck,
    Import,
    Settings,
}

pub const LIBRARY: &[Shortcut<Library>] = &[
    plain(&[Char("s")], "study all due", Library::StudyAllDue),
    plain(&[Char("c")], "custom study", Library::CustomStudy),
    plain(&[Char("q")], "quiz", Library::Quiz),
    plain(&[Char("b")], "browse", Library::Browse),
    plain(&[Char("g")], "statistics", Library::Statistics),
    plain(&[Char("n")], "new deck", Library::NewDeck),
    plain(&[Char("o")], "open a deck file", Library::OpenDeck),
    plain(&[Char("i")], "import", Library::Import),
    plain(&[Char(",")], "settings", Library::Settings),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quiz {
    Fewer,
    More,
    /// Start the quiz, or close its result.
    Go,
    RetryMissed,
    Back,
}

pub const QUIZ: &[Shortcut<Quiz>] = &[
    plain(&[N(Named::ArrowLeft)], "fewer questions", Quiz::Fewer),
    plain(&[N(Named::ArrowRight)], "more questions", Quiz::More),
    plain(ENTER, "start, or close the result", Quiz::Go),
    plain(&[Char("r")], "retry the missed ones", Quiz::RetryMissed),
    plain(ESC, "stop or go back", Quiz::Back),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browse {
    Previous,
    Next,
    ExtendUp,
    ExtendDown,
    Tick,
    Suspend,
    Reset,
    ConfirmReset,
    Edit,
    Search,
    Back,
}

pub const BROWSE: &[Shortcut<Browse>] = &[
    plain(UP, "previous card", Browse::Previous),
    plain(DOWN, "next card", Browse::Next),
    shift(UP, "tick it and the previous card", Browse::ExtendUp),
    shift(DOWN, "tick it and the next card", Browse::ExtendDown),
    plain(&[N(Named::Space)], "tick or untick the card", Browse::Tick),
    plain(
        &[Char("s")],
        "suspend or unsuspend (the ticked cards, or the selected one)",
        Browse::Suspend,
    ),
    plain(
        &[Char("r")],
        "reset to new (the ticked cards, or the selected one): asks first",
        Browse::Reset,
    ),
    plain(ENTER, "confirm the reset asked", Browse::ConfirmReset),
    plain(&[Char("e")], "edit in the editor", Browse::Edit),
    command(&[Char("f")], "search", Browse::Search),
    plain(
        ESC,
        "cancel the reset asked, or back to the library",
        Browse::Back,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistics {
    Month,
    ThreeMonths,
    Year,
    All,
    Export,
    Class,
    Back,
}

pub const STATISTICS: &[Shortcut<Statistics>] = &[
    plain(&[Char("1")], "last month", Statistics::Month),
    plain(&[Char("2")], "three months", Statistics::ThreeMonths),
    plain(&[Char("3")], "a year", Statistics::Year),
    plain(&[Char("4")], "all time", Statistics::All),
    plain(&[Char("e")], "export a report", Statistics::Export),
    plain(&[Char("c")], "the class screen", Statistics::Class),
    plain(ESC, "back to the library", Statistics::Back),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    Save,
    AddCard,
    Find,
    /// Close the preview or the question about unsaved changes, or go back.
    Back,
}

pub const EDITOR: &[Shortcut<Editor>] = &[
    command(&[Char("s")], "save", Editor::Save),
    command(&[Char("n")], "add a card", Editor::AddCard),
    command(&[Char("f")], "find a card", Editor::Find),
    plain(ESC, "close the preview, or back", Editor::Back),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Import {
    Save,
    Cancel,
}

pub const IMPORT: &[Shortcut<Import>] = &[
    plain(ENTER, "save the imported deck", Import::Save),
    plain(ESC, "cancel", Import::Cancel),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    ChooseFolder,
    Back,
}

pub const EXPORT: &[Shortcut<Export>] = &[
    plain(ENTER, "choose a folder and export", Export::ChooseFolder),
    plain(ESC, "back to the library", Export::Back),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settings {
    Back,
}

pub const SETTINGS: &[Shortcut<Settings>] = &[plain(ESC, "back to the library", Settings::Back)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Open,
    Reload,
    Back,
}

pub const CLASS: &[Shortcut<Class>] = &[
    plain(&[Char("o")], "open a class folder", Class::Open),
    plain(&[Char("r")], "read the class folder again", Class::Reload),
    plain(ESC, "back to the library", Class::Back),
];

/// The study screen's and the question views' keys, as plain lines until they have tables too.
pub const STUDY_LINES: &[(&str, &str)] = &[
    ("Flashcard", "Space or Enter shows the answer"),
    (
        "Multiple choice",
        "1–9 choose; with several right answers, Enter checks",
    ),
    ("True or false", "T or F"),
    (
        "Typed, number, cloze",
        "type; Tab or Enter to the next blank; Enter in the last field checks",
    ),
    ("Order", "1–9 select an item, ↑ ↓ move it, Enter checks"),
    (
        "Matching",
        "1–9 pick a left item, a–z its partner, Enter checks",
    ),
    (
        "Map",
        "click the place, or 1–9 a numbered marker; without markers ← → ↑ ↓ move the crosshair (Shift: small steps), Enter answers",
    ),
    (
        "After answering",
        "1 Again · 2 Hard · 3 Good · 4 Easy (right: 2–4, wrong: 1 only) · Space/Enter the highlighted rating",
    ),
    (
        "Study",
        "U or Ctrl+Z undo the last answer · Esc end the session · after it: A study the missed again, Q quiz on today's cards, C custom study",
    ),
];

/// The key as the tables spell it: a character in lower case, and "?" for Shift+/ (Shift then
/// counts as part of the character, not as held).
fn pressed(key: &Key, modifiers: Modifiers) -> Option<(Press, Modifiers)> {
    match key.as_ref() {
        Key::Named(n) => Some((Press::Named(n), modifiers)),
        Key::Character("/") if modifiers.shift() => {
            Some((Press::Char("?"), modifiers - Modifiers::SHIFT))
        }
        Key::Character(c) => Some((Press::Char(table_char(c)?), modifiers)),
        _ => None,
    }
}

/// A character key in lower case, as a table spells it; only the characters tables use are known.
fn table_char(c: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
        ",", "?", "/",
    ];
    KNOWN.iter().copied().find(|k| k.eq_ignore_ascii_case(c))
}

fn held_matches(held: Held, modifiers: Modifiers, exact: bool) -> bool {
    if modifiers.alt() {
        return false;
    }
    match held {
        Held::Command => modifiers.command(),
        Held::Shift => modifiers.shift() && !modifiers.command(),
        Held::Nothing => !modifiers.command() && (!exact || !modifiers.shift()),
    }
}

/// The action of the entry the key triggers, if any. An entry asking for Shift wins over one that
/// does not; an entry without Shift still answers with Shift held (Shift+S is S).
pub fn find<A: Copy>(table: &[Shortcut<A>], key: &Key, modifiers: Modifiers) -> Option<A> {
    let (press, modifiers) = pressed(key, modifiers)?;
    [true, false].into_iter().find_map(|exact| {
        table
            .iter()
            .find(|s| s.keys.contains(&press) && held_matches(s.held, modifiers, exact))
            .map(|s| s.action)
    })
}

impl<A> Shortcut<A> {
    /// The keys as the help writes them: "S", "Ctrl+F", "Esc", "Shift+↓".
    pub fn label(&self) -> String {
        let prefix = match self.held {
            Held::Nothing => "",
            Held::Command if cfg!(target_os = "macos") => "Cmd+",
            Held::Command => "Ctrl+",
            Held::Shift => "Shift+",
        };
        self.keys
            .iter()
            .map(|k| format!("{prefix}{}", press_label(*k)))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    /// Each way to trigger the entry, as iced reports the key.
    pub fn presses(&self) -> Vec<(Key, Modifiers)> {
        let held = match self.held {
            Held::Nothing => Modifiers::empty(),
            Held::Command if cfg!(target_os = "macos") => Modifiers::LOGO,
            Held::Command => Modifiers::CTRL,
            Held::Shift => Modifiers::SHIFT,
        };
        self.keys
            .iter()
            .map(|k| match k {
                Press::Char(c) => (Key::Character((*c).into()), held),
                Press::Named(n) => (Key::Named(*n), held),
            })
            .collect()
    }
}

fn press_label(press: Press) -> String {
    match press {
        Press::Char(c) => c.to_uppercase(),
        Press::Named(n) => match n {
            Named::Escape => "Esc",
            Named::Enter => "Enter",
            Named::Space => "Space",
            Named::Tab => "Tab",
            Named::ArrowUp => "↑",
            Named::ArrowDown => "↓",
            Named::ArrowLeft => "←",
            Named::ArrowRight => "→",
            Named::Delete => "Delete",
            Named::Backspace => "Backspace",
            other => return format!("{other:?}"),
        }
        .to_owned(),
    }
}

/// One place of the help: its name and its lines, each the keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub place: &'static str,
    pub lines: Vec<(String, &'static str)>,
}

fn section<A>(place: &'static str, table: &[Shortcut<A>]) -> Section {
    Section {
        place,
        lines: table.iter().map(|s| (s.label(), s.what)).collect(),
    }
}

/// Everything the help overlay shows, in its order.
pub fn help() -> Vec<Section> {
    let mut sections = vec![
        section("Everywhere", EVERYWHERE),
        section("Library", LIBRARY),
    ];
    sections.extend(STUDY_LINES.iter().map(|&(place, line)| Section {
        place,
        lines: vec![(String::new(), line)],
    }));
    sections.extend([
        section("Quiz", QUIZ),
        section("Browse", BROWSE),
        section("Statistics", STATISTICS),
        section("Editor", EDITOR),
        section("Import", IMPORT),
        section("Export", EXPORT),
        section("Settings", SETTINGS),
        section("Class", CLASS),
    ]);
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(c: &str) -> Key {
        Key::Character(c.into())
    }

    #[test]
    fn shift_slash_is_the_question_mark_and_a_plain_slash_is_not() {
        assert_eq!(
            find(EVERYWHERE, &ch("/"), Modifiers::SHIFT),
            Some(Everywhere::Help)
        );
        assert_eq!(
            find(EVERYWHERE, &ch("?"), Modifiers::empty()),
            Some(Everywhere::Help)
        );
        assert_eq!(find(EVERYWHERE, &ch("/"), Modifiers::empty()), None);
    }

    #[test]
    fn shift_picks_the_entry_asking_for_it_and_is_ignored_by_the_others() {
        let tab = Key::Named(Named::Tab);
        assert_eq!(
            find(EVERYWHERE, &tab, Modifiers::SHIFT),
            Some(Everywhere::PreviousField)
        );
        assert_eq!(
            find(EVERYWHERE, &tab, Modifiers::empty()),
            Some(Everywhere::NextField)
        );
        assert_eq!(
            find(LIBRARY, &ch("S"), Modifiers::SHIFT),
            Some(Library::StudyAllDue)
        );
    }

    #[test]
    fn ctrl_and_alt_keep_plain_letters_quiet_and_command_entries_need_ctrl() {
        assert_eq!(find(LIBRARY, &ch("s"), Modifiers::CTRL), None);
        assert_eq!(find(LIBRARY, &ch("s"), Modifiers::ALT), None);
        assert_eq!(find(EDITOR, &ch("s"), Modifiers::empty()), None);
        assert_eq!(find(EDITOR, &ch("s"), Modifiers::CTRL), Some(Editor::Save));
    }

    #[test]
    fn every_entry_is_found_by_its_own_presses_and_labelled() {
        fn check<A: Copy + PartialEq + std::fmt::Debug>(table: &[Shortcut<A>]) {
            for s in table {
                assert!(!s.label().is_empty() && !s.what.is_empty(), "{s:?}");
                for (key, modifiers) in s.presses() {
                    assert_eq!(find(table, &key, modifiers), Some(s.action), "{s:?}");
                }
            }
        }
        check(EVERYWHERE);
        check(LIBRARY);
        check(QUIZ);
        check(BROWSE);
        check(STATISTICS);
        check(EDITOR);
        check(IMPORT);
        check(SETTINGS);
        check(CLASS);
    }

    #[test]
    fn the_help_lists_every_table_entry_with_its_keys() {
        let help = help();
        let browse = help.iter().find(|s| s.place == "Browse").unwrap();
        assert_eq!(browse.lines.len(), BROWSE.len());
        assert!(browse.lines.contains(&("↓".to_owned(), "next card")));
        let everywhere = help.iter().find(|s| s.place == "Everywhere").unwrap();
        assert!(everywhere.lines.contains(&(
            "Shift+Tab".to_owned(),
            "previous field, button, slider or list"
        )));
        let editor = help.iter().find(|s| s.place == "Editor").unwrap();
        assert!(editor.lines.iter().any(|(k, _)| k.ends_with("+F")));
        assert!(help.iter().any(|s| s.place == "After answering"));
    }
}
