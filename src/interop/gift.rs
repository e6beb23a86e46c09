//! Moodle GIFT: questions in plain text, answers in braces, categories as topics.

use super::{
    DeckBuilder, FLASHCARD_AS_SHORT_ANSWER, ImportError, Item, Losses, ORDER_AS_MATCH, html,
    join_explanation, match_or_order, order_as_pairs,
};
use crate::deck::cloze::{self, Segment};
use crate::deck::model::{Card, Deck, Question, format_number};

/// Whether a text reads as GIFT: a category, a `::title::`, or an answer block such as `{=…}`.
pub(crate) fn looks_like_gift(text: &str) -> bool {
    text.lines().take(200).any(|line| {
        let line = line.trim();
        if line.starts_with("//") {
            return false;
        }
        line.to_ascii_uppercase().starts_with("$CATEGORY:")
            || (line.starts_with("::") && find_unescaped(&line[2..], "::").is_some())
            || line.match_indices('{').any(|(i, _)| {
                let inside = line[i + 1..].trim_start();
                !inside.starts_with('{')
                    && (inside.starts_with(['=', '~', '#', '}'])
                        || ["T}", "F}", "TRUE}", "FALSE}"].iter().any(|m| {
                            inside
                                .as_bytes()
                                .get(..m.len())
                                .is_some_and(|head| head.eq_ignore_ascii_case(m.as_bytes()))
                        }))
            })
    })
}

pub(crate) fn read(text: &str, builder: &mut DeckBuilder) -> Result<(), ImportError> {
    let mut topic: Option<String> = None;
    let mut block = String::new();
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut block, start, &topic, builder);
            continue;
        }
        if block.is_empty() {
            if let Some(path) = strip_prefix_ignore_case(trimmed, "$CATEGORY:") {
                topic = Some(topic_of_category(path));
                continue;
            }
            start = i + 1;
        } else {
            block.push('\n');
        }
        block.push_str(line);
    }
    flush(&mut block, start, &topic, builder);
    Ok(())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The topic a Moodle category path stands for: its last part (`$course$/top/Causes` → `Causes`).
pub(crate) fn topic_of_category(path: &str) -> String {
    path.trim()
        .split('/')
        .map(str::trim)
        .rfind(|p| !p.is_empty() && !p.starts_with('$') && *p != "top")
        .unwrap_or_default()
        .to_owned()
}

/// Reads one question block, if any, and empties it.
fn flush(block: &mut String, start: usize, topic: &Option<String>, builder: &mut DeckBuilder) {
    if !block.trim().is_empty() {
        match parse_question(block) {
            Ok(mut item) => {
                item.line = start;
                item.topic = topic.clone();
                builder.add(item);
            }
            Err(reason) => builder.skip(start, reason),
        }
    }
    block.clear();
}

/// One answer inside braces: `=text`, `~%50%text#feedback` and the like.
struct Answer {
    marker: char,
    weight: Option<f64>,
    text: String,
    feedback: String,
}

impl Answer {
    fn is_right(&self) -> bool {
        match self.weight {
            Some(w) => w > 0.0,
            None => self.marker == '=',
        }
    }

    fn is_full_credit(&self) -> bool {
        self.weight.is_none_or(|w| w >= 100.0)
    }
}

/// Texts of one question, converted from GIFT escapes and, for `[html]`, from HTML.
struct Texts {
    html: bool,
}

impl Texts {
    fn convert(&self, raw: &str) -> String {
        let text = unescape(raw);
        if self.html {
            html::to_text(&text)
        } else {
            text.trim().to_owned()
        }
    }

    /// Like `convert`, but keeps the spaces that join a text to a blank beside it.
    fn convert_edge(&self, raw: &str) -> String {
        let text = unescape(raw);
        if !self.html {
            return text;
        }
        let mut out = String::new();
        if text.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&html::to_text(&text));
        if text.ends_with(char::is_whitespace) && !out.trim().is_empty() {
            out.push(' ');
        }
        out
    }
}

fn parse_question(block: &str) -> Result<Item, String> {
    let mut rest = block.trim();
    let mut name = None;
    if let Some(after) = rest.strip_prefix("::") {
        let end = find_unescaped(after, "::")
            .ok_or("the title opened with :: is never closed with ::; expected ::Title::")?;
        name = Some(unescape(&after[..end]).trim().to_owned());
        rest = after[end + 2..].trim_start();
    }
    let mut texts = Texts { html: false };
    if let Some(after) = rest.strip_prefix('[')
        && let Some(end) = after.find(']')
    {
        let markup = after[..end].to_ascii_lowercase();
        if ["html", "moodle", "plain", "markdown"].contains(&markup.as_str()) {
            texts.html = markup == "html";
            rest = after[end + 1..].trim_start();
        }
    }
    let open = find_unescaped(rest, "{").ok_or(
        "a description (text without answers in braces) has no matching card kind; skipped",
    )?;
    let close = find_unescaped(&rest[open + 1..], "}")
        .map(|c| open + 1 + c)
        .ok_or("the answers opened with { are never closed with }")?;
    let before = texts.convert_edge(&rest[..open]);
    let after = texts.convert_edge(&rest[close + 1..]);
    let mut inside = &rest[open + 1..close];

    let mut general = String::new();
    if let Some(at) = find_unescaped(inside, "####") {
        general = texts.convert(&inside[at + 4..]);
        inside = &inside[..at];
    }
    let inside = inside.trim();
    let mid_text = !after.trim().is_empty();
    let prompt = if mid_text {
        format!("{}_____{}", before.trim_start(), after.trim_end())
    } else {
        before.trim().to_owned()
    };
    let item = |question: Question, feedback: Vec<String>| Item {
        line: 0,
        name: name.clone(),
        key: prompt.clone(),
        topic: None,
        tags: Vec::new(),
        question,
        explanation: join_explanation(std::iter::once(general.clone()).chain(feedback)),
    };

    if inside.is_empty() {
        return Err(
            "an essay question (empty answer {}) has no matching card kind; skipped".into(),
        );
    }
    if let Some(numbers) = inside.strip_prefix('#') {
        let (answer, tolerance, feedback) = parse_numerical(numbers)?;
        let question = Question::Number {
            prompt: prompt.clone(),
            answer,
            tolerance,
            unit: None,
        };
        return Ok(item(question, feedback.into_iter().collect()));
    }
    let answers = split_answers(inside)?;
    let feedback = |answers: &[Answer]| -> Vec<String> {
        answers
            .iter()
            .filter(|a| !a.feedback.is_empty())
            .map(|a| format!("{}: {}", texts.convert(&a.text), texts.convert(&a.feedback)))
            .collect()
    };
    if find_unescaped(inside, "~").is_some() {
        let options = answers.iter().map(|a| texts.convert(&a.text)).collect();
        let correct = (0..answers.len())
            .filter(|&i| answers[i].is_right())
            .collect();
        let question = Question::MultipleChoice {
            prompt: prompt.clone(),
            options,
            correct,
        };
        return Ok(item(question, feedback(&answers)));
    }
    if find_unescaped(inside, "=").is_some() && inside.contains("->") {
        let mut pairs = Vec::new();
        for a in &answers {
            let Some((left, right)) = a.text.split_once("->") else {
                return Err(format!(
                    "a matching question needs every answer written as =left -> right; \"{}\" has no ->",
                    unescape(&a.text).trim()
                ));
            };
            let (left, right) = (texts.convert(left), texts.convert(right));
            // A pair with no left side only adds a wrong choice on the right, which cards cannot hold.
            if !left.is_empty() {
                pairs.push((left, right));
            }
        }
        return Ok(item(match_or_order(prompt.clone(), pairs), Vec::new()));
    }
    if answers.is_empty() {
        let mut parts = split_unescaped(inside, '#').into_iter();
        let value = parts.next().unwrap_or_default().trim().to_ascii_uppercase();
        let answer = match value.as_str() {
            "T" | "TRUE" => true,
            "F" | "FALSE" => false,
            _ => {
                return Err(format!(
                    "cannot tell the question type from {{{inside}}}; expected =answer, ~option, T or F, or #number"
                ));
            }
        };
        let feedback = parts.map(|f| texts.convert(f)).collect();
        let question = Question::TrueFalse {
            statement: prompt.clone(),
            answer,
        };
        return Ok(item(question, feedback));
    }
    let accepted: Vec<String> = answers
        .iter()
        .filter(|a| a.is_full_credit())
        .map(|a| texts.convert(&a.text))
        .collect();
    let question = if mid_text {
        Question::Cloze {
            text: format!(
                "{}{{{{{}}}}}{}",
                before.trim_start(),
                accepted.join("|"),
                after.trim_end()
            ),
        }
    } else {
        Question::TypeAnswer {
            prompt: prompt.clone(),
            accepted,
        }
    };
    Ok(item(question, feedback(&answers)))
}

/// Splits `=a ~b =%50%c#feedback` into answers; text before the first marker is not allowed.
fn split_answers(inside: &str) -> Result<Vec<Answer>, String> {
    let starts: Vec<usize> = marker_positions(inside);
    let Some(&first) = starts.first() else {
        return Ok(Vec::new());
    };
    if !inside[..first].trim().is_empty() {
        return Err(format!(
            "unexpected \"{}\" before the first answer; answers start with = or ~",
            inside[..first].trim()
        ));
    }
    let mut answers = Vec::new();
    for (n, &at) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(inside.len());
        let marker = if inside.as_bytes()[at] == b'=' {
            '='
        } else {
            '~'
        };
        let mut body = inside[at + 1..end].trim_start();
        let mut weight = None;
        if let Some(after) = body.strip_prefix('%') {
            let close = after
                .find('%')
                .ok_or("a weight opened with % is never closed; expected a weight such as %50%")?;
            let value = after[..close].trim();
            weight = Some(value.parse::<f64>().map_err(|_| {
                format!("the weight %{value}% is not a number; expected a percentage such as %50%")
            })?);
            body = &after[close + 1..];
        }
        let mut parts = split_unescaped(body, '#').into_iter();
        let text = parts.next().unwrap_or_default().to_owned();
        let feedback = parts.collect::<Vec<_>>().join("#");
        answers.push(Answer {
            marker,
            weight,
            text,
            feedback,
        });
    }
    Ok(answers)
}

fn marker_positions(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'=' | b'~' => found.push(i),
            _ => {}
        }
        i += 1;
    }
    found
}

/// `1925`, `1925:2`, `1920..1930`, or several `=value:tolerance` with weights; the first full-credit
/// answer counts. Returns the answer, the tolerance and any feedback.
fn parse_numerical(body: &str) -> Result<(f64, f64, Option<String>), String> {
    let answers = split_answers(body)?;
    let (raw, feedback) = if answers.is_empty() {
        let mut parts = split_unescaped(body, '#').into_iter();
        let raw = parts.next().unwrap_or_default().to_owned();
        let feedback = parts.collect::<Vec<_>>().join("#");
        (raw, feedback)
    } else {
        let best = answers
            .iter()
            .find(|a| a.is_full_credit())
            .or(answers.first())
            .ok_or("a numerical question needs an answer such as {#1925}")?;
        (best.text.clone(), best.feedback.clone())
    };
    let raw = unescape(&raw);
    let raw = raw.trim();
    let expected = || {
        format!(
            "the numerical answer \"{raw}\" is not a number; expected 1925, 1925:2 (with a tolerance) or 1920..1930"
        )
    };
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (answer, tolerance) = if let Some((low, high)) = raw.split_once("..") {
        let (low, high) = (
            number(low).ok_or_else(expected)?,
            number(high).ok_or_else(expected)?,
        );
        ((low + high) / 2.0, (high - low).abs() / 2.0)
    } else if let Some((value, tolerance)) = raw.split_once(':') {
        (
            number(value).ok_or_else(expected)?,
            number(tolerance).ok_or_else(expected)?,
        )
    } else {
        (number(raw).ok_or_else(expected)?, 0.0)
    };
    let feedback = Some(unescape(&feedback).trim().to_owned()).filter(|f| !f.is_empty());
    Ok((answer, tolerance, feedback))
}

/// Byte offset of the first `pattern` not escaped by a backslash.
pub(crate) fn find_unescaped(text: &str, pattern: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(pattern.as_bytes()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn split_unescaped(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = find_unescaped(rest, separator.encode_utf8(&mut [0; 4])) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len_utf8()..];
    }
    parts.push(rest);
    parts
}

/// Undoes GIFT escapes: `\~ \= \# \{ \} \:` and `\\`, and `\n` for a line break.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(e @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Escapes a text for GIFT, with line breaks as `\n` so each question stays on one line. GIFT has
/// no carriage return: `\r\n` and a lone `\r` are both written as a line break (the export notes it).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A question's text after its title: a text starting with `[` is marked `[moodle]` (Moodle's
/// default format), so a prompt such as `[html] tags` is not read back as a format marker.
fn question_text(escaped: String) -> String {
    if escaped.trim_start().starts_with('[') {
        format!("[moodle]{escaped}")
    } else {
        escaped
    }
}

pub(crate) fn write(deck: &Deck, lost: &mut Losses) -> String {
    lost.deck_fields(deck, false);
    lost.topics(deck);
    let mut out = format!(
        "// {} ({} cards), exported from Changchun Cards\n\n",
        deck.title.replace('\n', " "),
        deck.cards.len()
    );
    let mut topic: Option<&str> = None;
    for card in &deck.cards {
        if let Some(name) = lost.category_change(&mut topic, card) {
            out.push_str(&format!(
                "$CATEGORY: $course$/{}\n\n",
                name.replace('\n', " ")
            ));
        }
        if !card.tags.is_empty() {
            lost.card("tags", &card.id);
        }
        lost.card_extras(card);
        let texts = card.question.texts();
        if texts
            .iter()
            .chain([&card.explanation.as_str()])
            .any(|t| t.contains('\r'))
        {
            lost.card("carriage returns, written as line breaks", &card.id);
        }
        for question in questions(card, lost) {
            out.push_str(&question);
            out.push_str("\n\n");
        }
    }
    out
}

/// The GIFT questions for one card: one, or one per blank for a cloze with several blanks.
fn questions(card: &Card, lost: &mut Losses) -> Vec<String> {
    let feedback = if card.explanation.trim().is_empty() {
        String::new()
    } else {
        format!("####{}", escape(&card.explanation))
    };
    let head =
        |id: &str, prompt: &str| format!("::{}::{}", escape(id), question_text(escape(prompt)));
    let short_answers = |accepted: &[String], lost: &mut Losses| {
        if accepted.iter().any(|a| a.contains("->")) {
            lost.card("answers holding ->, which GIFT reads as matching", &card.id);
        }
        accepted
            .iter()
            .map(|a| format!("={}", escape(a)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let pairs_text = |pairs: &[(String, String)], lost: &mut Losses| {
        if pairs
            .iter()
            .any(|(l, r)| l.contains("->") || r.contains("->"))
        {
            lost.card("pairs holding ->, which GIFT cannot escape", &card.id);
        }
        pairs
            .iter()
            .map(|(l, r)| format!("={} -> {}", escape(l), escape(r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let whole = |prompt: &str, answers: String| {
        vec![format!("{}{{{answers}{feedback}}}", head(&card.id, prompt))]
    };
    match &card.question {
        Question::Flashcard { front, back } => {
            lost.card(FLASHCARD_AS_SHORT_ANSWER, &card.id);
            whole(front, short_answers(std::slice::from_ref(back), lost))
        }
        Question::MultipleChoice {
            prompt,
            options,
            correct,
        } => {
            let answers = if correct.len() == 1 {
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let marker = if correct.contains(&i) { '=' } else { '~' };
                        format!("{marker}{}", escape(o))
                    })
                    .collect::<Vec<_>>()
            } else {
                let share = format_weight(100.0 / correct.len().max(1) as f64);
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let weight = if correct.contains(&i) {
                            share.as_str()
                        } else {
                            "-100"
                        };
                        format!("~%{weight}%{}", escape(o))
                    })
                    .collect()
            };
            whole(prompt, answers.join(" "))
        }
        Question::TrueFalse { statement, answer } => {
            whole(statement, if *answer { "TRUE" } else { "FALSE" }.to_owned())
        }
        Question::TypeAnswer { prompt, accepted } => whole(prompt, short_answers(accepted, lost)),
        Question::MapPoint { prompt, answer, .. } => {
            whole(prompt, short_answers(std::slice::from_ref(answer), lost))
        }
        Question::Cloze { text } => cloze_questions(card, text, &feedback, lost),
        Question::Order { prompt, items } => {
            lost.card(ORDER_AS_MATCH, &card.id);
            whole(prompt, pairs_text(&order_as_pairs(items), lost))
        }
        Question::Match { prompt, pairs } => whole(prompt, pairs_text(pairs, lost)),
        Question::Number {
            prompt,
            answer,
            tolerance,
            unit,
        } => {
            if unit.as_deref().is_some_and(|u| !u.trim().is_empty()) {
                lost.card("units of numerical answers", &card.id);
            }
            let mut answers = format!("#{}", format_number(*answer));
            if *tolerance > 0.0 {
                answers.push_str(&format!(":{}", format_number(*tolerance)));
            }
            whole(prompt, answers)
        }
    }
}

/// A cloze becomes GIFT's missing-word question: text, the blank as `{=answer =other}`, more text.
/// GIFT has one blank per question, so a cloze with several becomes one question per blank.
fn cloze_questions(card: &Card, text: &str, feedback: &str, lost: &mut Losses) -> Vec<String> {
    let segments = cloze::parse(text);
    let blanks: Vec<usize> = (0..segments.len())
        .filter(|&i| matches!(segments[i], Segment::Blank(_)))
        .collect();
    if blanks.len() > 1 {
        lost.card(
            "cloze cards with several blanks; written as one question per blank (ids ending -1, -2 …)",
            &card.id,
        );
    }
    let mut out = Vec::new();
    for (n, &which) in blanks.iter().enumerate() {
        let mut before = String::new();
        let mut after = String::new();
        let mut answers = String::new();
        for (i, segment) in segments.iter().enumerate() {
            let side = if i < which { &mut before } else { &mut after };
            match segment {
                Segment::Text(t) => side.push_str(t),
                Segment::Blank(b) if i == which => {
                    if b.hint.is_some() {
                        lost.card("hints of cloze blanks", &card.id);
                    }
                    answers = b
                        .accepted
                        .iter()
                        .map(|a| format!("={}", escape(a)))
                        .collect::<Vec<_>>()
                        .join(" ");
                }
                Segment::Blank(b) => side.push_str(b.accepted.first().map_or("", String::as_str)),
            }
        }
        if after.trim().is_empty() {
            lost.card(
                "cloze cards whose blank ends the text; they come back as typed-answer cards",
                &card.id,
            );
        }
        let id = if blanks.len() > 1 {
            format!("{}-{}", card.id, n + 1)
        } else {
            card.id.clone()
        };
        out.push(format!(
            "::{}::{}{{{answers}{feedback}}}{}",
            escape(&id),
            question_text(escape(&before)),
            escape(&after)
        ));
    }
    out
}

/// A weight Moodle accepts: at most five decimals, no trailing zeros.
pub(crate) fn format_weight(weight: f64) -> String {
    let text = format!("{weight:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::{ImportOptions, import};

    fn one(text: &str) -> Question {
        let imported = import(
            text.as_bytes(),
            crate::interop::Format::Gift,
            &ImportOptions::default(),
        )
        .expect("imports");
        assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
        imported.deck.cards[0].question.clone()
    }

    #[test]
    fn escapes_round_trip() {
        let text = "a ~ b = c # d {e} f: g \\ h\nline";
        assert_eq!(unescape(&escape(text)), text);
        assert_eq!(find_unescaped("a\\{b{", "{"), Some(4));
        assert_eq!(find_unescaped("é\\{ü{", "{"), Some(6));
    }

    #[test]
    fn reads_each_question_type() {
        assert_eq!(
            one("Who?{=Joffe ~Yanson}"),
            Question::MultipleChoice {
                prompt: "Who?".into(),
                options: vec!["Joffe".into(), "Yanson".into()],
                correct: vec![0]
            }
        );
        assert_eq!(
            one("Which?{~%50%FER ~%50%RSFSR ~%-100%China}"),
            Question::MultipleChoice {
                prompt: "Which?".into(),
                options: vec!["FER".into(), "RSFSR".into(), "China".into()],
                correct: vec![0, 1]
            }
        );
        assert_eq!(
            one("Sakhalin was left in 1922.{F}"),
            Question::TrueFalse {
                statement: "Sakhalin was left in 1922.".into(),
                answer: false
            }
        );
        assert_eq!(
            one("Met in {=Changchun =Ch'angch'un} in 1922."),
            Question::Cloze {
                text: "Met in {{Changchun|Ch'angch'un}} in 1922.".into()
            }
        );
        assert_eq!(
            one("Year?{#1920..1930}"),
            Question::Number {
                prompt: "Year?".into(),
                answer: 1925.0,
                tolerance: 5.0,
                unit: None
            }
        );
        assert_eq!(
            one("Year?{#=1925:0 =%50%1924:1}"),
            Question::Number {
                prompt: "Year?".into(),
                answer: 1925.0,
                tolerance: 0.0,
                unit: None
            }
        );
    }

    #[test]
    fn reports_what_it_cannot_read() {
        let text = "Essay {}\n\nJust a description.\n\nBroken {=a\n\nGood?{T}\n";
        let imported = import(
            text.as_bytes(),
            crate::interop::Format::Gift,
            &ImportOptions::default(),
        )
        .unwrap();
        let lines: Vec<usize> = imported.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(imported.deck.cards.len(), 1);
    }

    #[test]
    fn categories_give_topics() {
        assert_eq!(
            topic_of_category(" $course$/top/Changchun/Causes "),
            "Causes"
        );
        assert_eq!(topic_of_category("$course$/Positions"), "Positions");
        assert_eq!(topic_of_category("$module$/"), "");
        assert_eq!(format_weight(100.0 / 3.0), "33.33333");
        assert_eq!(format_weight(50.0), "50");
    }
}
