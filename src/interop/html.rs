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

/// A picture, sound or other file an HTML field refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRef {
    pub kind: MediaKind,
    /// As written in the field, entities decoded.
    pub src: String,
    /// A picture's `alt` text, if it has one.
    pub alt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Picture,
    Sound,
}

/// The pictures (`<img src>`) and sounds (`<audio>`, `<source>`, a link to an audio file, Anki's
/// `[sound:…]`) a field refers to, in order, each once. One pass over the text.
pub fn media_refs(html: &str) -> Vec<MediaRef> {
    let mut out: Vec<MediaRef> = Vec::new();
    let mut push = |r: MediaRef| {
        if !r.src.is_empty() && !out.iter().any(|o| o.src == r.src) {
            out.push(r);
        }
    };
    let mut rest = html;
    while let Some(at) = rest.find(['<', '[']) {
        let after = &rest[at + 1..];
        if rest[at..].starts_with("[sound:") {
            let Some(end) = after.find(']') else { break };
            push(MediaRef {
                kind: MediaKind::Sound,
                src: after[6..end].trim().to_owned(),
                alt: String::new(),
            });
            rest = &after[end + 1..];
            continue;
        }
        if rest.as_bytes()[at] == b'[' {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let src = attribute(tag, "src");
        match name.as_str() {
            "img" => push(MediaRef {
                kind: MediaKind::Picture,
                src: src.unwrap_or_default(),
                alt: attribute(tag, "alt").unwrap_or_default(),
            }),
            "audio" | "source" | "video" => push(MediaRef {
                kind: MediaKind::Sound,
                src: src.unwrap_or_default(),
                alt: String::new(),
            }),
            "a" => {
                let href = attribute(tag, "href").unwrap_or_default();
                let lower = href.to_ascii_lowercase();
                if [".mp3", ".ogg", ".wav", ".m4a"]
                    .iter()
                    .any(|e| lower.ends_with(e))
                {
                    push(MediaRef {
                        kind: MediaKind::Sound,
                        src: href,
                        alt: String::new(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Text without Anki's `[sound:…]` references, and without the double space one leaves.
pub fn without_sounds(text: &str) -> String {
    if !text.contains("[sound:") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[sound:") {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// The value of an attribute inside a tag's text (`img src="a.png" alt='x'`), entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default(),
        };
        return Some(decode_entities(raw.trim()));
    }
    None
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
    #[test]
    fn pictures_and_sounds_are_found_with_their_names() {
        let html = r#"<p>Where is <img alt="A map" src="@@PLUGINFILE@@/far east.png"> Chita?</p>[sound:say.mp3] <IMG SRC='b&amp;w.jpg'><a href="x.mp3">listen</a><audio src="y.ogg"></audio><img src="b&amp;w.jpg">"#;
        let found = super::media_refs(html);
        let srcs: Vec<&str> = found.iter().map(|r| r.src.as_str()).collect();
        assert_eq!(
            srcs,
            [
                "@@PLUGINFILE@@/far east.png",
                "say.mp3",
                "b&w.jpg",
                "x.mp3",
                "y.ogg"
            ]
        );
        assert_eq!(found[0].alt, "A map");
        assert_eq!(found[1].kind, super::MediaKind::Sound);
        assert_eq!(super::to_text("Chita <img src=\"a.png\"> was"), "Chita was");
    }

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
