//! HTML in imported fields turned into plain text with its line breaks kept, and back.

/// Whether a text looks like HTML rather than plain text with a stray `<`.
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<br", "<div", "<p>", "<p ", "</", "<b>", "<i>", "<u>", "<span", "<img", "&nbsp;", "&amp;",
        "&lt;", "&gt;",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

/// Plain text from HTML: tags dropped, `<br>` and block ends become line breaks, entities decoded,
/// spaces collapsed as a browser would, each line trimmed.
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if skipping.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone `<` is text, not a tag.
            if skipping.is_none() {
                push_text(&mut out, &rest[lt..]);
            }
            break;
        };
        let tag = after[..gt].trim().to_ascii_lowercase();
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Some(end) = skipping {
            if closing && name == end {
                skipping = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" if !closing => {
                skipping = Some(if name == "script" { "script" } else { "style" })
            }
            "br" => out.push('\n'),
            "li" if !closing => {
                new_line(&mut out);
                out.push_str("• ");
            }
            "p" | "div" | "li" | "ul" | "ol" | "tr" | "table" | "blockquote" | "h1" | "h2"
            | "h3" | "h4" | "h5" | "h6" => new_line(&mut out),
            _ => {}
        }
    }
    tidy(&out)
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends a run of HTML text: whitespace collapsed to one space, as a browser shows it, then
/// entities decoded (so `&nbsp;` stays a real space).
fn push_text(out: &mut String, raw: &str) {
    let mut collapsed = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            let last = collapsed.chars().last().or_else(|| out.chars().last());
            if !matches!(last, None | Some(' ' | '\n')) {
                collapsed.push(' ');
            }
        } else {
            collapsed.push(c);
        }
    }
    out.push_str(&decode_entities(&collapsed));
}

/// Trims every line and keeps at most one empty line in a row.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_matches(' ');
        if line.is_empty() && lines.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim_matches('\n').replace('\u{a0}', " ")
}

/// Decodes `&amp;`, `&#39;`, `&#x2014;` and the common named entities; unknown ones stay as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "deg" => '°',
        "times" => '×',
        "rarr" => '→',
        _ => return None,
    })
}

/// HTML for a plain text: special characters escaped, line breaks as `<br>`, repeated spaces kept.
pub fn from_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            ' ' if previous == ' ' || previous == '\n' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_breaks_and_decodes_entities() {
        assert_eq!(
            to_text("<div>Joffe &amp; Yanson</div><div>met&nbsp;Matsudaira<br/>in 1922</div>"),
            "Joffe & Yanson\nmet Matsudaira\nin 1922"
        );
        assert_eq!(
            to_text("<b>bold</b>  and\n  <i>italic</i>"),
            "bold and italic"
        );
        assert_eq!(
            to_text("a &lt; b &#8212; c &#x41; &bogus; &"),
            "a < b — c A &bogus; &"
        );
        assert_eq!(to_text("<ul><li>one</li><li>two</li></ul>"), "• one\n• two");
        assert_eq!(to_text("x<script>alert(1)</script>y"), "xy");
        assert_eq!(to_text("3 < 4"), "3 < 4");
        assert_eq!(to_text("<p>a</p>\n\n<p></p><p></p><p>b</p>"), "a\nb");
    }

    #[test]
    fn plain_text_survives_html_and_back() {
        for text in [
            "Joffe & \"Yanson\" <RSFSR>",
            "line one\nline two",
            "a  double space",
            "ends with a break\n\nafter a gap",
        ] {
            assert_eq!(to_text(&from_text(text)), text, "{}", from_text(text));
        }
    }

    #[test]
    fn recognises_html() {
        assert!(looks_like_html("a<br>b"));
        assert!(looks_like_html("Tom &amp; Jerry"));
        assert!(!looks_like_html("3 < 4 and 5 > 2"));
    }
}
