//! Moodle XML: `<quiz>` holding `<question type="…">` elements; categories become topics.

use super::gift::{format_weight, topic_of_category};
use super::{
    DeckBuilder, FLASHCARD_AS_SHORT_ANSWER, ImportError, Item, Losses, ORDER_AS_MATCH, html,
    join_explanation, match_or_order, order_as_pairs,
};
use crate::deck::cloze::{self, Segment};
use crate::deck::diagnostic::LineIndex;
use crate::deck::model::{Card, Deck, Question, format_number};
use quick_xml::escape::escape;
use quick_xml::events::Event;

/// An XML element with its text, enough to walk a Moodle quiz.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    line: usize,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text of the `<text>` inside, as Moodle nests it.
    fn inner_text(&self) -> &str {
        self.child("text").map_or("", |t| t.text.as_str())
    }

    /// The `<text>` inside as plain text, converted from HTML when the element says it is HTML.
    fn formatted(&self) -> String {
        let raw = self.inner_text();
        let is_html = match self.attribute("format") {
            Some(format) => format == "html",
            None => html::looks_like_html(raw),
        };
        if is_html {
            html::to_text(raw)
        } else {
            raw.trim().to_owned()
        }
    }

    /// The plain text of a child such as `<questiontext>`, or empty when there is none.
    fn formatted_child(&self, name: &str) -> String {
        self.child(name).map(Element::formatted).unwrap_or_default()
    }
}

/// Deeper nesting is refused: a quiz needs about five levels, and a tree thousands deep would
/// exhaust the stack when it is dropped.
const MAX_DEPTH: usize = 64;

fn parse_xml(text: &str) -> Result<Element, ImportError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    let lines = LineIndex::new(text);
    let malformed = |offset: u64, message: String| ImportError::Malformed {
        line: lines.line(offset as usize),
        message,
    };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            malformed(
                reader.error_position(),
                format!("the XML is not well formed: {e}"),
            )
        })?;
        let decode_failed = |e: quick_xml::encoding::EncodingError| {
            malformed(at, format!("cannot decode the text: {e}"))
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut element = Element {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line: lines.line(at as usize),
                    ..Element::default()
                };
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| {
                        malformed(at, format!("an attribute is not well formed: {e}"))
                    })?;
                    let value = attribute.unescape_value().map_err(|e| {
                        malformed(at, format!("an attribute value is not well formed: {e}"))
                    })?;
                    element.attributes.push((
                        String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned(),
                        value.into_owned(),
                    ));
                }
                if matches!(event, Event::Start(_)) {
                    if stack.len() > MAX_DEPTH {
                        return Err(malformed(
                            at,
                            format!(
                                "elements are nested more than {MAX_DEPTH} deep; a Moodle quiz needs a few levels"
                            ),
                        ));
                    }
                    stack.push(element);
                } else if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let done = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(malformed(at, "a closing tag has no opening tag".into())),
                }
            }
            Event::Text(t) => {
                let content = t.xml_content().map_err(decode_failed)?;
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content);
                }
            }
            Event::CData(t) => {
                let content = t.xml_content().map_err(decode_failed)?;
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => {
                        let name = r.decode().map_err(decode_failed)?;
                        match name.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => {
                                return Err(malformed(
                                    at,
                                    format!(
                                        "unknown entity &{other}; expected &amp;, &lt;, &gt;, &quot; or &apos;"
                                    ),
                                ));
                            }
                        }
                    }
                };
                if let Some(current) = stack.last_mut() {
                    current.text.push(resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(malformed(
            text.len() as u64,
            format!("the file ends before <{open}> is closed"),
        ));
    }
    Ok(stack.pop().unwrap_or_default())
}

pub(crate) fn read(text: &str, builder: &mut DeckBuilder) -> Result<(), ImportError> {
    let document = parse_xml(text)?;
    let quiz = document
        .child("quiz")
        .ok_or_else(|| ImportError::Malformed {
            line: document.children.first().map_or(1, |e| e.line),
            message: "expected a <quiz> element holding <question> elements".into(),
        })?;
    let mut topic: Option<String> = None;
    for question in quiz.children("question") {
        let kind = question.attribute("type").unwrap_or_default();
        if kind == "category" {
            let path = question.child("category").map_or("", Element::inner_text);
            topic = Some(topic_of_category(path)).filter(|t| !t.is_empty());
            continue;
        }
        match read_question(kind, question) {
            Ok(mut item) => {
                item.topic = topic.clone();
                builder.add(item);
            }
            Err(reason) => builder.skip(question.line, reason),
        }
    }
    Ok(())
}

struct Answer {
    fraction: f64,
    text: String,
    feedback: String,
}

fn answers(question: &Element) -> Vec<Answer> {
    question
        .children("answer")
        .map(|a| Answer {
            fraction: a
                .attribute("fraction")
                .and_then(|f| f.trim().parse().ok())
                .unwrap_or(0.0),
            text: a.formatted(),
            feedback: a.formatted_child("feedback"),
        })
        .collect()
}

fn answer_feedback(answers: &[Answer]) -> Vec<String> {
    answers
        .iter()
        .filter(|a| !a.feedback.is_empty())
        .map(|a| format!("{}: {}", a.text, a.feedback))
        .collect()
}

fn read_question(kind: &str, q: &Element) -> Result<Item, String> {
    let prompt = q.formatted_child("questiontext");
    let general = q.formatted_child("generalfeedback");
    let answers = answers(q);
    let item = |question: Question, feedback: Vec<String>| Item {
        line: q.line,
        name: q
            .child("name")
            .map(|n| n.inner_text().trim().to_owned())
            .filter(|n| !n.is_empty()),
        key: prompt.clone(),
        topic: None,
        tags: q
            .child("tags")
            .map(|t| {
                t.children("tag")
                    .map(|t| t.inner_text().trim().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        question,
        explanation: join_explanation(std::iter::once(general.clone()).chain(feedback)),
    };
    let full_credit = |a: &Answer| a.fraction >= 100.0 - 1e-6;
    match kind {
        "multichoice" => {
            let single = q.child("single").is_none_or(|s| s.text.trim() != "false");
            let best = answers.iter().map(|a| a.fraction).fold(0.0, f64::max);
            let correct = (0..answers.len())
                .filter(|&i| {
                    let f = answers[i].fraction;
                    if single {
                        f > 0.0 && f >= best
                    } else {
                        f > 0.0
                    }
                })
                .collect();
            let question = Question::MultipleChoice {
                prompt: prompt.clone(),
                options: answers.iter().map(|a| a.text.clone()).collect(),
                correct,
            };
            Ok(item(question, answer_feedback(&answers)))
        }
        "truefalse" => {
            let right = answers
                .iter()
                .find(|a| full_credit(a))
                .ok_or("a true/false question has no answer with fraction 100")?;
            let answer = match right.text.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(format!(
                        "a true/false answer reads \"{other}\"; expected true or false"
                    ));
                }
            };
            let question = Question::TrueFalse {
                statement: prompt.clone(),
                answer,
            };
            Ok(item(question, answer_feedback(&answers)))
        }
        "shortanswer" => {
            let question = Question::TypeAnswer {
                prompt: prompt.clone(),
                accepted: answers
                    .iter()
                    .filter(|a| full_credit(a))
                    .map(|a| a.text.clone())
                    .collect(),
            };
            Ok(item(question, answer_feedback(&answers)))
        }
        "numerical" => {
            let (index, right) = answers
                .iter()
                .enumerate()
                .find(|(_, a)| full_credit(a))
                .ok_or("a numerical question has no answer with fraction 100")?;
            let answer = right
                .text
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    format!("the numerical answer \"{}\" is not a number", right.text)
                })?;
            let tolerance =
                q.children("answer")
                    .nth(index)
                    .and_then(|a| a.child("tolerance"))
                    .map_or(Ok(0.0), |t| {
                        t.text.trim().parse::<f64>().map_err(|_| {
                            format!("the tolerance \"{}\" is not a number", t.text.trim())
                        })
                    })?;
            let unit = q.child("units").and_then(|units| {
                units
                    .children("unit")
                    .find(|u| {
                        u.child("multiplier")
                            .is_none_or(|m| m.text.trim().parse::<f64>() == Ok(1.0))
                    })
                    .and_then(|u| u.child("unit_name"))
                    .map(|n| n.text.trim().to_owned())
                    .filter(|n| !n.is_empty())
            });
            let question = Question::Number {
                prompt: prompt.clone(),
                answer,
                tolerance,
                unit,
            };
            Ok(item(question, answer_feedback(&answers)))
        }
        "matching" => {
            let pairs = q
                .children("subquestion")
                .map(|s| {
                    let right = s.child("answer").map_or("", Element::inner_text);
                    (s.formatted(), right.trim().to_owned())
                })
                // A pair with no left side only adds a wrong choice on the right.
                .filter(|(left, _)| !left.is_empty())
                .collect();
            Ok(item(match_or_order(prompt.clone(), pairs), Vec::new()))
        }
        "cloze" => {
            let text = cloze_from_embedded(&prompt)?;
            let mut made = item(Question::Cloze { text }, Vec::new());
            made.key = prompt.clone();
            Ok(made)
        }
        "essay" => Err("an essay question has no matching card kind; skipped".into()),
        "description" => {
            Err("a description (text without answers) has no matching card kind; skipped".into())
        }
        "" => Err("a <question> without a type; expected type=\"multichoice\" or another".into()),
        other => Err(format!(
            "the question type \"{other}\" has no matching card kind; skipped"
        )),
    }
}

const SHORT_ANSWER_TYPES: [&str; 6] = ["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"];

/// Moodle's embedded answers `{1:SHORTANSWER:=Changchun~=Chang-chun}` as this app's blanks.
fn cloze_from_embedded(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = find_close(&rest[open..]).map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let mut parts = inner.splitn(3, ':');
        let (weight, kind, body) = (parts.next(), parts.next(), parts.next());
        let is_marker = weight.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            && kind.is_some_and(|k| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
            });
        out.push_str(&rest[..open]);
        if !is_marker {
            out.push('{');
            rest = &rest[open + 1..];
            continue;
        }
        let kind = kind.unwrap_or_default();
        if !SHORT_ANSWER_TYPES.contains(&kind) {
            return Err(format!(
                "embedded {kind} answers have no matching kind of cloze blank; only short answers do"
            ));
        }
        let accepted: Vec<String> = split_embedded(body.unwrap_or_default())
            .into_iter()
            .filter_map(|answer| {
                let answer = answer.trim();
                let text = if let Some(t) = answer.strip_prefix('=') {
                    t
                } else {
                    let after = answer.strip_prefix('%')?;
                    let (w, t) = after.split_once('%')?;
                    (w.trim().parse::<f64>().ok()? >= 100.0).then_some(t)?
                };
                let text = text.split('#').next().unwrap_or_default();
                Some(unescape_embedded(text).trim().to_owned())
            })
            .collect();
        out.push_str("{{");
        out.push_str(&accepted.join("|"));
        out.push_str("}}");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The offset of the `}` closing the `{` a text starts with, skipping `\}`.
fn find_close(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'}' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn split_embedded(body: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = parts.last_mut();
                if let Some(p) = last {
                    p.push('\\');
                    if let Some(n) = chars.next() {
                        p.push(n);
                    }
                }
            }
            '~' => parts.push(String::new()),
            c => {
                if let Some(p) = parts.last_mut() {
                    p.push(c);
                }
            }
        }
    }
    parts
}

fn unescape_embedded(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_embedded(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '}' | '#' | '~' | '/' | '"' | '\\' | '{' | '=' | '%') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(crate) fn write(deck: &Deck, lost: &mut Losses) -> String {
    lost.deck_fields(deck, false);
    lost.topics(deck);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    out.push_str(&format!(
        "<!-- {} ({} cards), exported from Changchun Cards -->\n",
        comment_text(&deck.title),
        deck.cards.len()
    ));
    let mut topic: Option<&str> = None;
    for card in &deck.cards {
        if let Some(name) = lost.category_change(&mut topic, card) {
            out.push_str(&format!(
                "  <question type=\"category\">\n    <category>\n      <text>$course$/{}</text>\n    </category>\n  </question>\n",
                escape(name)
            ));
        }
        lost.card_extras(card);
        out.push_str(&question(card, lost));
    }
    out.push_str("</quiz>\n");
    if out.chars().any(|c| !allowed_in_xml(c)) {
        lost.deck("control characters, which XML cannot hold (left out)");
        out.retain(allowed_in_xml);
    }
    out
}

/// The characters XML 1.0 allows in a document: not even `&#…;` can write the others.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// A text for inside `<!-- … -->`, which may not hold `--`: runs of `-` become one.
fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// `<tag format="html"><text>…</text></tag>` with the text written as HTML.
fn html_text(tag: &str, text: &str) -> String {
    format!(
        "<{tag} format=\"html\"><text>{}</text></{tag}>",
        cdata_html(text)
    )
}

/// A text as HTML in a CDATA section, as Moodle writes it; `]]>` is split across two sections.
fn cdata_html(text: &str) -> String {
    let html = html::from_text(text);
    if html.is_empty() {
        return html;
    }
    format!("<![CDATA[{}]]>", html.replace("]]>", "]]]]><![CDATA[>"))
}

fn plain_answer(fraction: &str, text: &str, extra: &str) -> String {
    format!(
        "    <answer fraction=\"{fraction}\" format=\"moodle_auto_format\"><text>{}</text>{extra}</answer>\n",
        escape(text)
    )
}

fn question(card: &Card, lost: &mut Losses) -> String {
    let (kind, prompt, body) = match &card.question {
        Question::Flashcard { front, back } => {
            lost.card(FLASHCARD_AS_SHORT_ANSWER, &card.id);
            let body = format!(
                "    <usecase>0</usecase>\n{}",
                plain_answer("100", back, "")
            );
            ("shortanswer", front.clone(), body)
        }
        Question::MultipleChoice {
            prompt,
            options,
            correct,
        } => {
            let single = correct.len() == 1;
            let share = format_weight(100.0 / correct.len().max(1) as f64);
            let mut body = format!(
                "    <single>{single}</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n"
            );
            for (i, option) in options.iter().enumerate() {
                let fraction = match (correct.contains(&i), single) {
                    (true, _) => share.as_str(),
                    (false, true) => "0",
                    (false, false) => "-100",
                };
                body.push_str(&format!(
                    "    <answer fraction=\"{fraction}\" format=\"html\"><text>{}</text></answer>\n",
                    cdata_html(option)
                ));
            }
            ("multichoice", prompt.clone(), body)
        }
        Question::TrueFalse { statement, answer } => {
            let (t, f) = if *answer { ("100", "0") } else { ("0", "100") };
            let body = plain_answer(t, "true", "") + &plain_answer(f, "false", "");
            ("truefalse", statement.clone(), body)
        }
        Question::TypeAnswer { prompt, accepted } => {
            let mut body = String::from("    <usecase>0</usecase>\n");
            for a in accepted {
                body.push_str(&plain_answer("100", a, ""));
            }
            ("shortanswer", prompt.clone(), body)
        }
        Question::MapPoint { prompt, answer, .. } => {
            let body = format!(
                "    <usecase>0</usecase>\n{}",
                plain_answer("100", answer, "")
            );
            ("shortanswer", prompt.clone(), body)
        }
        Question::Cloze { text } => {
            let mut embedded = String::new();
            for segment in cloze::parse(text) {
                match segment {
                    Segment::Text(t) => embedded.push_str(&t),
                    Segment::Blank(b) => {
                        if b.hint.is_some() {
                            lost.card("hints of cloze blanks", &card.id);
                        }
                        let answers: Vec<String> = b
                            .accepted
                            .iter()
                            .map(|a| format!("={}", escape_embedded(a)))
                            .collect();
                        embedded.push_str(&format!("{{1:SHORTANSWER:{}}}", answers.join("~")));
                    }
                }
            }
            ("cloze", embedded, String::new())
        }
        Question::Order { prompt, items } => {
            lost.card(ORDER_AS_MATCH, &card.id);
            (
                "matching",
                prompt.clone(),
                subquestions(&order_as_pairs(items)),
            )
        }
        Question::Match { prompt, pairs } => ("matching", prompt.clone(), subquestions(pairs)),
        Question::Number {
            prompt,
            answer,
            tolerance,
            unit,
        } => {
            let tolerance = format!("<tolerance>{}</tolerance>", format_number(*tolerance));
            let mut body = plain_answer("100", &format_number(*answer), &tolerance);
            if let Some(unit) = unit.as_deref().filter(|u| !u.trim().is_empty()) {
                body.push_str(&format!(
                    "    <units>\n      <unit><multiplier>1</multiplier><unit_name>{}</unit_name></unit>\n    </units>\n",
                    escape(unit)
                ));
            }
            ("numerical", prompt.clone(), body)
        }
    };
    let mut out = format!("  <question type=\"{kind}\">\n");
    out.push_str(&format!(
        "    <name><text>{}</text></name>\n",
        escape(card.id.as_str())
    ));
    out.push_str(&format!("    {}\n", html_text("questiontext", &prompt)));
    out.push_str(&format!(
        "    {}\n",
        html_text("generalfeedback", &card.explanation)
    ));
    out.push_str("    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n");
    out.push_str(&body);
    if !card.tags.is_empty() {
        out.push_str("    <tags>\n");
        for tag in &card.tags {
            out.push_str(&format!(
                "      <tag><text>{}</text></tag>\n",
                escape(tag.as_str())
            ));
        }
        out.push_str("    </tags>\n");
    }
    out.push_str("  </question>\n");
    out
}

fn subquestions(pairs: &[(String, String)]) -> String {
    let mut body = String::from("    <shuffleanswers>true</shuffleanswers>\n");
    for (left, right) in pairs {
        body.push_str(&format!(
            "    <subquestion format=\"html\"><text>{}</text><answer><text>{}</text></answer></subquestion>\n",
            cdata_html(left),
            escape(right.as_str())
        ));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_short_answers_become_blanks() {
        assert_eq!(
            cloze_from_embedded(
                "Met in {1:SHORTANSWER:=Changchun~=Chang\\-chun#ok~%50%Dairen} in {2:SA:%100%1922}."
            )
            .unwrap(),
            "Met in {{Changchun|Chang-chun}} in {{1922}}."
        );
        assert!(cloze_from_embedded("{1:MULTICHOICE:=a~b}").is_err());
        assert_eq!(cloze_from_embedded("a {b} c").unwrap(), "a {b} c");
        let escaped = escape_embedded("a}b#c~d");
        assert_eq!(unescape_embedded(&escaped), "a}b#c~d");
    }

    #[test]
    fn malformed_xml_reports_its_line() {
        let err = parse_xml("<quiz>\n<question>\n</quiz>").unwrap_err();
        assert!(
            matches!(err, ImportError::Malformed { line: 3, .. }),
            "{err:?}"
        );
        let err = parse_xml("<quiz>\n<question>").unwrap_err();
        assert!(err.to_string().contains("<question>"), "{err}");
        let err = parse_xml("<quiz>&bogus;</quiz>").unwrap_err();
        assert!(err.to_string().contains("&bogus;"), "{err}");
    }
}
