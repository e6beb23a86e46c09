//! Reading a number as learners type it: "1,925", "1925", " 1925.0 ", "-3.5", "3,5".

use thiserror::Error;

/// Why typed text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("no number was given; expected digits such as 1925 or 3.5")]
    Empty,
    #[error("\"{0}\" is not a number; expected digits such as 1925, 1,925 or -3.5")]
    NotANumber(String),
    #[error("\"{0}\" is too large a number")]
    TooLarge(String),
}

/// Reads a number leniently: surrounding and grouping spaces, `,` or `.` as thousands
/// separators in groups of three, a leading `+` or `-` (also `−`), and a comma decimal when it
/// cannot be a thousands separator ("3,5" is 3.5; "1,925" is 1925).
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\'')
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    if compact.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber(text.trim().to_owned());

    let (sign, digits) = match compact.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", compact.strip_prefix('+').unwrap_or(&compact)),
    };
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not_a_number());
    }

    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0 | 1) => digits.to_owned(),
        (0, _) => ungroup(digits, '.').ok_or_else(not_a_number)?,
        (1, 0) if !is_grouped(digits, ',') => digits.replace(',', "."),
        (_, 0) => ungroup(digits, ',').ok_or_else(not_a_number)?,
        _ => {
            // Both: the one written last is the decimal point, the other groups thousands.
            let last_comma = digits.rfind(',').unwrap_or(0);
            let last_dot = digits.rfind('.').unwrap_or(0);
            let (group, decimal) = if last_dot > last_comma {
                (',', '.')
            } else {
                ('.', ',')
            };
            let (whole, fraction) = digits.rsplit_once(decimal).ok_or_else(not_a_number)?;
            if fraction.contains(group) || whole.matches(decimal).count() > 0 {
                return Err(not_a_number());
            }
            let whole = ungroup(whole, group).ok_or_else(not_a_number)?;
            format!("{whole}.{fraction}")
        }
    };
    if !plain.chars().any(|c| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    let value: f64 = format!("{sign}{plain}")
        .parse()
        .map_err(|_| not_a_number())?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NumberError::TooLarge(text.trim().to_owned()))
    }
}

/// Whether `digits` is grouped in threes by `sep`, as in "1,925" or "1.000.000".
fn is_grouped(digits: &str, sep: char) -> bool {
    let mut groups = digits.split(sep);
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

fn ungroup(digits: &str, sep: char) -> Option<String> {
    is_grouped(digits, sep).then(|| digits.replace(sep, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_as_learners_type_them() {
        let table = [
            ("1925", 1925.0),
            ("1,925", 1925.0),
            (" 1925.0 ", 1925.0),
            ("-3.5", -3.5),
            ("−3.5", -3.5),
            ("+50", 50.0),
            ("3,5", 3.5),
            ("2,75", 2.75),
            ("0,5", 0.5),
            (".5", 0.5),
            ("1.000.000", 1_000_000.0),
            ("1,000,000", 1_000_000.0),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            ("1 925", 1925.0),
            ("1\u{202f}925", 1925.0),
            ("1'925", 1925.0),
            ("12,5", 12.5),
            ("1234,5", 1234.5),
        ];
        for (typed, expected) in table {
            assert_eq!(parse_number(typed), Ok(expected), "parse_number({typed:?})");
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        let table = [
            "",
            "   ",
            "abc",
            "19a5",
            "-",
            "+",
            ".",
            ",",
            "1,2,3",
            "1.2.3",
            "1,234.5.6",
            "inf",
            "NaN",
            "1e5",
            "--3",
            "1.234,5,6",
            "3-",
            "1,23,456",
        ];
        for typed in table {
            assert!(
                parse_number(typed).is_err(),
                "parse_number({typed:?}) should fail"
            );
        }
        assert_eq!(parse_number(" "), Err(NumberError::Empty));
    }

    #[test]
    fn huge_numbers_are_refused_not_infinite() {
        let huge = "9".repeat(400);
        assert!(matches!(parse_number(&huge), Err(NumberError::TooLarge(_))));
        assert_eq!(parse_number(&"9".repeat(30)), Ok(1e30));
    }

    #[test]
    fn errors_are_sentences() {
        let e = parse_number("abc").unwrap_err().to_string();
        assert!(e.contains("expected"), "{e}");
    }
}
