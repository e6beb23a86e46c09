//! Finds where cards and fields sit in a deck's source text, so that checks made after parsing
//! can still point at a line and column. serde keeps no positions, so this reads the text itself,
//! skipping strings and comments.

/// Positions found in a deck's text: byte offsets.
#[derive(Debug, Default)]
pub struct Locations {
    /// Start of each element of the deck's `cards: [...]` list, in order.
    pub cards: Vec<usize>,
    /// Every `name:` outside strings and comments, with its offset.
    pub fields: Vec<(String, usize)>,
    /// Where the text ends.
    pub end: usize,
}

impl Locations {
    pub fn scan(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut loc = Locations {
            end: text.len(),
            ..Default::default()
        };
        let mut depth = 0usize;
        // Depth of the bracket that opens the cards list, once found.
        let mut cards_depth: Option<usize> = None;
        let mut expect_cards_list = false;
        let mut awaiting_element = false;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = skip_block_comment(bytes, i);
                    continue;
                }
                b'"' => {
                    if awaiting_element && Some(depth) == cards_depth {
                        loc.cards.push(i);
                        awaiting_element = false;
                    }
                    i = skip_string(bytes, i);
                    continue;
                }
                b'r' if is_raw_string_start(bytes, i) => {
                    i = skip_raw_string(bytes, i);
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if awaiting_element && Some(depth) == cards_depth {
                        loc.cards.push(i);
                        awaiting_element = false;
                    }
                    depth += 1;
                    if c == b'[' && expect_cards_list {
                        cards_depth = Some(depth);
                        awaiting_element = true;
                    }
                    expect_cards_list = false;
                }
                b')' | b']' | b'}' => {
                    if Some(depth) == cards_depth && c == b']' {
                        cards_depth = None;
                        awaiting_element = false;
                    }
                    depth = depth.saturating_sub(1);
                }
                b',' if Some(depth) == cards_depth => awaiting_element = true,
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    if awaiting_element && Some(depth) == cards_depth {
                        loc.cards.push(start);
                        awaiting_element = false;
                    }
                    let name = &text[start..i];
                    let mut j = i;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if bytes.get(j) == Some(&b':') && bytes.get(j + 1) != Some(&b':') {
                        if name == "cards" && depth == 1 {
                            expect_cards_list = true;
                        }
                        loc.fields.push((name.to_owned(), start));
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        loc
    }

    /// The byte range of card `index` in the text.
    pub fn card_range(&self, index: usize) -> Option<(usize, usize)> {
        let start = *self.cards.get(index)?;
        let end = self.cards.get(index + 1).copied().unwrap_or(self.end);
        Some((start, end))
    }

    /// Where field `name` first appears in card `index`, or where the card starts.
    pub fn card_field(&self, index: usize, name: &str) -> Option<usize> {
        let (start, end) = self.card_range(index)?;
        self.field_between(name, start, end).or(Some(start))
    }

    /// Where field `name` first appears between two offsets.
    pub fn field_between(&self, name: &str, start: usize, end: usize) -> Option<usize> {
        // Fields are listed in the order of the text: start where `start` is.
        let first = self.fields.partition_point(|(_, at)| *at < start);
        self.fields[first..]
            .iter()
            .take_while(|(_, at)| *at < end)
            .find(|(n, _)| n == name)
            .map(|(_, at)| *at)
    }

    /// Where field `name` first appears before the cards list (a field of the deck itself).
    pub fn deck_field(&self, name: &str) -> Option<usize> {
        let end = self.cards.first().copied().unwrap_or(self.end);
        self.field_between(name, 0, end)
    }
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let prev_is_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    if prev_is_ident {
        return false;
    }
    let mut j = i + 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    bytes.get(j) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    let mut hashes = 0;
    while bytes.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    j += 1;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cards_and_their_fields() {
        let text = r#"Deck(
  id: "d", // cards: not here
  cards: [
    Card(id: "a", question: Flashcard(front: "x: (", back: "y")),
    /* Card( */ Card(id: "b", topic: "T"),
  ],
)"#;
        let loc = Locations::scan(text);
        assert_eq!(loc.cards.len(), 2);
        assert!(text[loc.cards[0]..].starts_with("Card(id: \"a\""));
        assert!(text[loc.cards[1]..].starts_with("Card(id: \"b\""));
        let topic = loc.card_field(1, "topic").unwrap();
        assert!(text[topic..].starts_with("topic"));
        assert!(loc.field_between("topic", 0, loc.cards[1]).is_none());
        assert!(text[loc.deck_field("id").unwrap()..].starts_with("id: \"d\""));
    }
}
