//! Typed answers: lenient comparison, the one-letter slip, and the character diff shown after.

use super::normalise::{key_of, normalise};
use serde::{Deserialize, Serialize};

/// Answers at least this long (in letters and digits, after [`normalise`]) forgive one slip.
pub const SLIP_MIN_LETTERS: usize = 6;

/// Beyond this many character pairs the diff is not aligned letter by letter; a pasted essay
/// must not stall the screen.
const DIFF_MAX_CELLS: usize = 250_000;

/// Texts longer than this are ranked by length alone when looking for the closest answer.
const DISTANCE_MAX_CHARS: usize = 512;

/// The result of checking one typed text (a typed answer, or one cloze blank).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedCheck {
    pub correct: bool,
    /// Right, but with one letter wrong, missing, extra or swapped.
    pub almost: bool,
    /// The accepted answer nearest to what was typed, as written in the deck.
    pub closest: String,
    /// How the typed text differs from `closest`.
    pub diff: Vec<DiffRun>,
}

/// A run of characters in the diff between an accepted answer and what was typed.
///
/// The `Same` and `Missing` runs, read in order, spell the accepted answer; the `Same` and
/// `Extra` runs spell what was typed, less forgiven punctuation and spacing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRun {
    pub op: DiffOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiffOp {
    /// In both (differences the check forgives, such as case or accents, count as the same).
    Same,
    /// In the accepted answer but not typed.
    Missing,
    /// Typed but not in the accepted answer.
    Extra,
}

/// Checks `typed` against the accepted spellings; the first accepted one is preferred on ties.
pub fn check_typed(accepted: &[String], typed: &str) -> TypedCheck {
    let typed_key: Vec<char> = normalise(typed).chars().collect();
    let keys: Vec<Vec<char>> = accepted
        .iter()
        .map(|a| normalise(a).chars().collect())
        .collect();

    let exact = keys.iter().position(|k| !k.is_empty() && *k == typed_key);
    let slip = || keys.iter().position(|k| slip_forgiven(k, &typed_key));
    let (correct, almost, index) = match exact {
        Some(i) => (true, false, Some(i)),
        None => match slip() {
            Some(i) => (true, true, Some(i)),
            None => (false, false, closest(&keys, &typed_key)),
        },
    };
    let closest = index
        .and_then(|i| accepted.get(i))
        .cloned()
        .unwrap_or_default();
    let diff = diff(&closest, typed);
    TypedCheck {
        correct,
        almost,
        closest,
        diff,
    }
}

/// Whether `typed` is one forgiven slip away from the accepted `key` (both normalised): only answers
/// of at least [`SLIP_MIN_LETTERS`] forgive one.
fn slip_forgiven(key: &[char], typed: &[char]) -> bool {
    key.len() >= SLIP_MIN_LETTERS && !typed.is_empty() && within_one_edit(key, typed)
}

/// Whether two texts count as the same answer with the checker's leniency: equal once normalised,
/// or one forgiven slip apart. Typing either would be marked right against the other.
pub fn same_answer(a: &str, b: &str) -> bool {
    let a: Vec<char> = normalise(a).chars().collect();
    let b: Vec<char> = normalise(b).chars().collect();
    (!a.is_empty() && a == b) || slip_forgiven(&a, &b) || slip_forgiven(&b, &a)
}

/// Words shorter than this ("the", "of", "and") say little about what an answer means.
const CONTENT_WORD_LETTERS: usize = 4;
/// Answers sharing at least this share of the shorter one's content words say the same thing.
const SHARED_WORDS: f64 = 0.6;

/// Whether two answers are the same answer ([`same_answer`]) or say nearly the same thing in other
/// words: most of the content words of the shorter one appear in the other. Two decks that ask the
/// same question in different words are caught this way.
pub fn near_duplicate(a: &str, b: &str) -> bool {
    if same_answer(a, b) {
        return true;
    }
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '’'))
            .map(normalise)
            .filter(|w| w.chars().count() >= CONTENT_WORD_LETTERS)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.len() < 2 {
        return false;
    }
    let shared = short.iter().filter(|w| long.contains(*w)).count();
    shared as f64 >= SHARED_WORDS * short.len() as f64
}

/// The index of the accepted key nearest to the typed key.
fn closest(keys: &[Vec<char>], typed: &[char]) -> Option<usize> {
    keys.iter()
        .enumerate()
        .min_by_key(|(i, k)| (distance(k, typed), *i))
        .map(|(i, _)| i)
}

fn distance(a: &[char], b: &[char]) -> usize {
    if a.len() > DISTANCE_MAX_CHARS || b.len() > DISTANCE_MAX_CHARS {
        return a.len().abs_diff(b.len());
    }
    let a: String = a.iter().collect();
    let b: String = b.iter().collect();
    strsim::osa_distance(&a, &b)
}

/// Whether `a` becomes `b` by at most one insertion, deletion, substitution or swap of two
/// neighbouring characters. Linear time.
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = long.iter().zip(short).position(|(x, y)| x != y) else {
        // One is a prefix of the other, and they differ in length by at most one.
        return true;
    };
    if long.len() != short.len() {
        return long[i + 1..] == short[i..];
    }
    let substituted = long[i + 1..] == short[i + 1..];
    let swapped = i + 1 < long.len()
        && long[i] == short[i + 1]
        && long[i + 1] == short[i]
        && long[i + 2..] == short[i + 2..];
    substituted || swapped
}

/// A character of a text with its comparison form (empty for punctuation and spaces).
struct Unit {
    shown: char,
    key: String,
}

fn units(text: &str) -> Vec<Unit> {
    text.chars()
        .map(|c| Unit {
            shown: c,
            key: key_of(c),
        })
        .collect()
}

/// Aligns the typed text with the accepted answer, forgiving what [`normalise`] forgives.
pub fn diff(accepted: &str, typed: &str) -> Vec<DiffRun> {
    let typed = typed.trim();
    let a = units(accepted);
    let b = units(typed);
    let mut runs = Vec::new();
    if a.len().saturating_mul(b.len()) > DIFF_MAX_CELLS {
        push(&mut runs, DiffOp::Missing, accepted);
        push(&mut runs, DiffOp::Extra, typed);
        return runs;
    }

    // cost[i][j]: fewest unforgiven edits to align a[i..] with b[j..].
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut cost = vec![0usize; (n + 1) * width];
    let skip = |u: &Unit| usize::from(!u.key.is_empty());
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[i * width + j] = if i == n && j == m {
                0
            } else {
                let mut best = usize::MAX;
                if i < n && j < m && a[i].key == b[j].key {
                    best = cost[(i + 1) * width + j + 1];
                }
                if i < n {
                    best = best.min(skip(&a[i]) + cost[(i + 1) * width + j]);
                }
                if j < m {
                    best = best.min(skip(&b[j]) + cost[i * width + j + 1]);
                }
                best
            };
        }
    }

    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let here = cost[i * width + j];
        if i < n && j < m && a[i].key == b[j].key && cost[(i + 1) * width + j + 1] == here {
            push_char(&mut runs, DiffOp::Same, a[i].shown);
            i += 1;
            j += 1;
        } else if i < n && skip(&a[i]) + cost[(i + 1) * width + j] == here {
            // Punctuation only the answer has is part of how it is written, not a slip.
            let op = if a[i].key.is_empty() {
                DiffOp::Same
            } else {
                DiffOp::Missing
            };
            push_char(&mut runs, op, a[i].shown);
            i += 1;
        } else {
            // Punctuation only the learner typed was forgiven, so it is left out.
            if !b[j].key.is_empty() {
                push_char(&mut runs, DiffOp::Extra, b[j].shown);
            }
            j += 1;
        }
    }
    runs
}

fn push_char(runs: &mut Vec<DiffRun>, op: DiffOp, c: char) {
    match runs.last_mut() {
        Some(last) if last.op == op => last.text.push(c),
        _ => runs.push(DiffRun {
            op,
            text: c.to_string(),
        }),
    }
}

fn push(runs: &mut Vec<DiffRun>, op: DiffOp, text: &str) {
    if !text.is_empty() {
        runs.push(DiffRun {
            op,
            text: text.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn accepted(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_edit_table() {
        let table = [
            ("changchun", "changchun", true),
            ("changchun", "changchn", true),   // deletion
            ("changchun", "changchuun", true), // insertion
            ("changchun", "changchum", true),  // substitution
            ("changchun", "cahngchun", true),  // adjacent swap
            ("changchun", "changchnu", true),  // swap at the end
            ("changchun", "chnagcuhn", false), // two swaps
            ("changchun", "changch", false),   // two deletions
            ("changchun", "xhangchux", false), // two substitutions
            ("ab", "ba", true),
            ("", "a", true),
            ("", "ab", false),
            ("abc", "cba", false),
        ];
        for (a, b, expected) in table {
            assert_eq!(within_one_edit(&chars(a), &chars(b)), expected, "{a} ~ {b}");
            assert_eq!(within_one_edit(&chars(b), &chars(a)), expected, "{b} ~ {a}");
        }
    }

    #[test]
    fn leniency_table() {
        let city = accepted(&["Changchun", "Ch'angch'un", "Chang-chun"]);
        let joffe = accepted(&["Joffe", "Ioffe"]);
        // (accepted, typed, correct, almost, closest)
        let table: [(&[String], &str, bool, bool, &str); 14] = [
            (&city, "Changchun", true, false, "Changchun"),
            (&city, "  changchun ", true, false, "Changchun"),
            (&city, "CH'ANGCH'UN", true, false, "Changchun"),
            (&city, "Chang chun", true, false, "Changchun"),
            (&city, "Changchūn", true, false, "Changchun"),
            (&city, "Changchn", true, true, "Changchun"),
            (&city, "Cahngchun", true, true, "Changchun"),
            (&city, "Changchunn", true, true, "Changchun"),
            (&city, "Changchim", false, false, "Changchun"),
            (&city, "Harbin", false, false, "Changchun"),
            (&city, "", false, false, "Changchun"),
            (&joffe, "Ioffe", true, false, "Ioffe"),
            // Five letters: a slip is not forgiven.
            (&joffe, "Jofe", false, false, "Joffe"),
            (&joffe, "Joffé", true, false, "Joffe"),
        ];
        for (acc, typed, correct, almost, closest) in table {
            let c = check_typed(acc, typed);
            assert_eq!(
                (c.correct, c.almost, c.closest.as_str()),
                (correct, almost, closest),
                "typed {typed:?}"
            );
        }
    }

    #[test]
    fn same_answer_uses_the_checkers_leniency() {
        assert!(same_answer("A buffer state", "a buffer-state."));
        assert!(same_answer("Vladivostok", "Vladivostock"));
        assert!(!same_answer("Joffe", "Jofe"), "too short to forgive a slip");
        assert!(!same_answer("Dairen", "Changchun"));
        assert!(!same_answer("", ""));
    }

    #[test]
    fn near_duplicates_say_the_same_in_other_words() {
        // The same fact in the introduction and in the main deck.
        let intro = "It was absorbed into Soviet Russia in November 1922; once Japan had gone, \
                     the buffer was no longer needed.";
        let main = "It had been created as a buffer against Japan. With Japanese troops gone \
                    from the mainland, Moscow no longer needed a separate state and absorbed it \
                    into Soviet Russia.";
        assert!(near_duplicate(intro, main));
        assert!(near_duplicate("Changchun", "Changchun."));
        // Answers about the same events that say different things are not duplicates.
        let other = "It settled that a Soviet–Japanese agreement would be made with Moscow, not \
                     with a buffer state, and narrowed the dispute to Sakhalin and Nikolayevsk.";
        assert!(!near_duplicate(intro, other));
        assert!(!near_duplicate("1922", "1925"));
        assert!(!near_duplicate("Dairen", "Changchun"));
    }

    #[test]
    fn empty_accepted_list_is_never_right() {
        let c = check_typed(&[], "anything");
        assert!(!c.correct);
        assert_eq!(c.closest, "");
        assert_eq!(
            c.diff,
            vec![DiffRun {
                op: DiffOp::Extra,
                text: "anything".into()
            }]
        );
    }

    fn run(op: DiffOp, text: &str) -> DiffRun {
        DiffRun {
            op,
            text: text.into(),
        }
    }

    #[test]
    fn diff_marks_the_slip() {
        use DiffOp::*;
        assert_eq!(
            diff("Changchun", "Changchn"),
            vec![run(Same, "Changch"), run(Missing, "u"), run(Same, "n")]
        );
        assert_eq!(
            diff("Changchun", "Changchuun"),
            vec![run(Same, "Changchu"), run(Extra, "u"), run(Same, "n")]
        );
        // Forgiven differences are not marked; the answer's own punctuation is shown as it is.
        assert_eq!(
            diff("Ch'angch'un", "changchun"),
            vec![run(Same, "Ch'angch'un")]
        );
        assert_eq!(
            diff("Changchun", " chang-chun. "),
            vec![run(Same, "Changchun")]
        );
        assert_eq!(diff("Yanson", ""), vec![run(Missing, "Yanson")]);
    }

    #[test]
    fn diff_runs_spell_both_texts() {
        let pairs = [
            ("Matsudaira Tsuneo", "Matsudiara Tsuneo"),
            ("Nikolayevsk", "Nikolaevsk"),
            ("Sakhalin", "Sachalin island"),
            ("1922", "1925"),
        ];
        for (answer, typed) in pairs {
            let runs = diff(answer, typed);
            let spelled_answer: String = runs
                .iter()
                .filter(|r| r.op != DiffOp::Extra)
                .map(|r| r.text.as_str())
                .collect();
            assert_eq!(spelled_answer, answer);
            let spelled_typed: String = runs
                .iter()
                .filter(|r| r.op != DiffOp::Missing)
                .map(|r| r.text.as_str())
                .collect();
            assert_eq!(normalise(&spelled_typed), normalise(typed));
        }
    }

    #[test]
    fn huge_texts_fall_back_to_a_plain_diff() {
        let typed = "x".repeat(100_000);
        let c = check_typed(&accepted(&["Changchun"]), &typed);
        assert!(!c.correct);
        assert_eq!(c.diff.len(), 2);
    }
}
