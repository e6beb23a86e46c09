//! Cloze text: `{{answer}}`, `{{answer|other spelling}}` and `{{answer::hint}}` blanks.

/// One piece of a cloze text: plain text or a blank.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Text(String),
    Blank(Blank),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Blank {
    /// Accepted answers; the first is the one shown.
    pub accepted: Vec<String>,
    pub hint: Option<String>,
}

/// Splits a cloze text into text and blanks. An unclosed `{{` is kept as text.
pub fn parse(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        plain.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        let (answers, hint) = match inner.split_once("::") {
            Some((a, h)) => (a, Some(h.trim().to_owned()).filter(|h| !h.is_empty())),
            None => (inner, None),
        };
        let accepted = answers
            .split('|')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        if !plain.is_empty() {
            segments.push(Segment::Text(std::mem::take(&mut plain)));
        }
        segments.push(Segment::Blank(Blank { accepted, hint }));
        rest = &rest[start + 2 + len + 2..];
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        segments.push(Segment::Text(plain));
    }
    segments
}

/// The blanks of a cloze text, in order.
pub fn blanks(text: &str) -> Vec<Blank> {
    parse(text)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Blank(b) => Some(b),
            Segment::Text(_) => None,
        })
        .collect()
}

/// The text with each blank shown as `[…]`, or `[hint]` where it has one.
pub fn masked(text: &str) -> String {
    render(text, |b| match &b.hint {
        Some(h) => format!("[{h}]"),
        None => "[…]".to_owned(),
    })
}

/// The text with each blank filled by its first accepted answer.
pub fn filled(text: &str) -> String {
    render(text, |b| b.accepted.first().cloned().unwrap_or_default())
}

fn render(text: &str, blank: impl Fn(&Blank) -> String) -> String {
    parse(text)
        .iter()
        .map(|s| match s {
            Segment::Text(t) => t.clone(),
            Segment::Blank(b) => blank(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blanks_with_alternatives_and_hints() {
        let s = parse("Talks met at {{Changchun|Ch'angch'un::a city}} in {{1922}}.");
        assert_eq!(s.len(), 5);
        assert_eq!(
            s[1],
            Segment::Blank(Blank {
                accepted: vec!["Changchun".into(), "Ch'angch'un".into()],
                hint: Some("a city".into())
            })
        );
        assert_eq!(masked("A {{b::hint}} c {{d}}"), "A [hint] c […]");
        assert_eq!(filled("A {{b|x}} c"), "A b c");
    }

    #[test]
    fn unclosed_braces_stay_text() {
        assert_eq!(parse("a {{b"), vec![Segment::Text("a {{b".into())]);
        assert!(blanks("no blanks").is_empty());
    }
}
