//! Writing a deck as an `.apkg` in the `collection.anki2` layout (collection schema 11).
//!
//! Three note types of the app's own, shaped like Anki's stock ones with two more fields for the
//! explanation and the sources: "Changchun Cards: Basic" (Front, Back), "Changchun Cards: Type-in"
//! (`{{type:Back}}`) and "Changchun Cards: Cloze". Ids and GUIDs derive from the deck and card ids,
//! so exporting a deck again updates the same notes in Anki instead of adding copies.

use super::FIELD_SEPARATOR;
use crate::deck::cloze::{self, Segment};
use crate::deck::{Card, Deck, Question};
use crate::interop::{Losses, html};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::io::Write;

/// A package's bytes and what Anki's notes could not carry.
#[derive(Debug, Clone)]
pub struct PackageExport {
    pub bytes: Vec<u8>,
    /// Plain sentences, one per kind of loss, as the other exporters give.
    pub lost: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum NoteKind {
    Basic,
    TypeIn,
    Cloze,
}

impl NoteKind {
    const ALL: [NoteKind; 3] = [NoteKind::Basic, NoteKind::TypeIn, NoteKind::Cloze];

    fn name(self) -> &'static str {
        match self {
            NoteKind::Basic => "Changchun Cards: Basic",
            NoteKind::TypeIn => "Changchun Cards: Type-in",
            NoteKind::Cloze => "Changchun Cards: Cloze",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            NoteKind::Cloze => &["Text", "Explanation", "Sources"],
            _ => &["Front", "Back", "Explanation", "Sources"],
        }
    }

    /// A stable id, so a second export updates the note type Anki already has.
    fn id(self) -> i64 {
        stable_id(self.name())
    }

    /// The question and the answer side of its one template; the answer ends with the
    /// explanation and the sources.
    fn templates(self) -> (String, String) {
        const BACK: &str = "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}\
            {{#Sources}}<div class=sources>{{Sources}}</div>{{/Sources}}";
        let (question, answer) = match self {
            NoteKind::Basic => ("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
            NoteKind::TypeIn => (
                "{{Front}}<br>{{type:Back}}",
                "{{Front}}<hr id=answer>{{type:Back}}",
            ),
            NoteKind::Cloze => ("{{cloze:Text}}", "{{cloze:Text}}"),
        };
        (question.to_owned(), format!("{answer}{BACK}"))
    }
}

const CSS: &str = ".card { font-family: sans-serif; font-size: 20px; text-align: center; color: black; background-color: white; }\n\
.nightMode .card { color: white; background-color: #1e1e1e; }\n\
.explanation { margin-top: 1em; font-size: 17px; text-align: left; }\n\
.sources { margin-top: 1em; font-size: 14px; text-align: left; opacity: 0.8; }\n\
.cloze { font-weight: bold; color: #2f4fb5; }\n.nightMode .cloze { color: #9db2ff; }";

/// A number that stays the same for the same text: ids Anki keeps between exports. Kept below
/// 2^53 (with room above for a deck's notes) so every client stores it exactly, and above the
/// millisecond times Anki uses for its own.
fn stable_id(text: &str) -> i64 {
    let digest = Sha256::digest(text.as_bytes());
    let mut n = [0u8; 8];
    n.copy_from_slice(&digest[..8]);
    let n = u64::from_be_bytes(n) % (1 << 51);
    (n + (1 << 52)) as i64
}

/// A note's GUID: ten characters from the deck and card ids.
fn guid(deck: &str, card: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
    let digest = Sha256::digest(format!("changchun-cards\u{1f}{deck}\u{1f}{card}").as_bytes());
    let mut n = u64::from_be_bytes(digest[..8].try_into().unwrap_or_default());
    let mut out = String::new();
    for _ in 0..10 {
        out.push(ALPHABET[(n % ALPHABET.len() as u64) as usize] as char);
        n /= ALPHABET.len() as u64;
    }
    out
}

/// Anki's checksum of a note's sort field: the first 8 hex digits of the SHA-1 of its text.
fn checksum(field: &str) -> i64 {
    let digest = Sha1::digest(html::to_text(field).as_bytes());
    i64::from(u32::from_be_bytes(
        digest[..4].try_into().unwrap_or_default(),
    ))
}

fn escape(text: &str) -> String {
    html::from_text(text)
}

/// The question side of kinds Anki cannot ask, with the choices it needs.
fn front_of(question: &Question) -> String {
    match question {
        Question::MultipleChoice {
            prompt, options, ..
        } => {
            let mut out = escape(prompt);
            out.push_str("<ol type=A>");
            for option in options {
                out.push_str(&format!("<li>{}</li>", escape(option)));
            }
            out.push_str("</ol>");
            out
        }
        Question::TrueFalse { statement, .. } => format!("True or false?<br>{}", escape(statement)),
        Question::Order { prompt, items } => {
            // In alphabetical order: the deck's order is the answer.
            let mut shown: Vec<&String> = items.iter().collect();
            shown.sort_by_key(|s| s.to_lowercase());
            let list: String = shown
                .iter()
                .map(|i| format!("<li>{}</li>", escape(i)))
                .collect();
            format!("{}<ul>{list}</ul>", escape(prompt))
        }
        Question::Match { prompt, pairs } => {
            let mut right: Vec<&String> = pairs.iter().map(|(_, r)| r).collect();
            right.sort_by_key(|s| s.to_lowercase());
            let left: String = pairs
                .iter()
                .map(|(l, _)| format!("<li>{}</li>", escape(l)))
                .collect();
            let right: String = right
                .iter()
                .map(|r| format!("<li>{}</li>", escape(r)))
                .collect();
            format!("{}<ul>{left}</ul>with<ul>{right}</ul>", escape(prompt))
        }
        other => escape(&other.prompt()),
    }
}

/// This app's blanks as Anki cloze deletions, one number per blank.
fn anki_cloze(text: &str, id: &str, lost: &mut Losses) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut spellings_noted = false;
    for segment in cloze::parse(text) {
        match segment {
            Segment::Text(t) => out.push_str(&escape(&t)),
            Segment::Blank(b) => {
                n += 1;
                if b.accepted.len() > 1 && !spellings_noted {
                    lost.card(
                        "other accepted spellings in cloze blanks (Anki keeps the first)",
                        id,
                    );
                    spellings_noted = true;
                }
                let answer = b.accepted.first().map_or("", String::as_str);
                out.push_str(&format!("{{{{c{n}::{}", escape(answer)));
                if let Some(hint) = &b.hint {
                    out.push_str(&format!("::{}", escape(hint)));
                }
                out.push_str("}}");
            }
        }
    }
    out
}

/// One note: its type, its fields, and how many cards it makes.
fn note_of(deck: &Deck, card: &Card, lost: &mut Losses) -> (NoteKind, Vec<String>, usize) {
    if card.image.is_some() || card.explanation_image.is_some() {
        lost.card("pictures", &card.id);
    }
    let explanation = escape(&card.explanation).replace('\n', "<br>");
    let sources = deck
        .citations(card)
        .iter()
        .map(|c| escape(c))
        .collect::<Vec<_>>()
        .join("<br>");
    match &card.question {
        Question::Cloze { text } => {
            let blanks = cloze::parse(text)
                .iter()
                .filter(|s| matches!(s, Segment::Blank(_)))
                .count();
            let text = anki_cloze(text, &card.id, lost);
            (
                NoteKind::Cloze,
                vec![text, explanation, sources],
                blanks.max(1),
            )
        }
        Question::Flashcard { front, back } => (
            NoteKind::Basic,
            vec![escape(front), escape(back), explanation, sources],
            1,
        ),
        Question::TypeAnswer { prompt, accepted } => {
            if accepted.len() > 1 {
                lost.card(
                    "other accepted spellings of typed answers (Anki checks the first)",
                    &card.id,
                );
            }
            let answer = accepted.first().cloned().unwrap_or_default();
            (
                NoteKind::TypeIn,
                vec![escape(prompt), escape(&answer), explanation, sources],
                1,
            )
        }
        Question::Number { tolerance, .. } => {
            if *tolerance > 0.0 {
                lost.card(
                    "the tolerance of number questions (Anki compares the typed text)",
                    &card.id,
                );
            }
            let answer = card.question.answer_text();
            let answer = answer.split(" (±").next().unwrap_or_default().to_owned();
            (
                NoteKind::TypeIn,
                vec![
                    front_of(&card.question),
                    escape(&answer),
                    explanation,
                    sources,
                ],
                1,
            )
        }
        other => {
            lost.card(
                format!(
                    "{} grading: written as Basic notes with the choices on the front and the answer on the back",
                    other.kind().label()
                ),
                &card.id,
            );
            (
                NoteKind::Basic,
                vec![
                    front_of(other),
                    escape(&other.answer_text()),
                    explanation,
                    sources,
                ],
                1,
            )
        }
    }
}

fn note_type_json(kind: NoteKind, deck_id: i64) -> Value {
    let (question, answer) = kind.templates();
    let fields: Vec<Value> = kind
        .fields()
        .iter()
        .enumerate()
        .map(|(ord, name)| {
            json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
                   "size": 20, "media": []})
        })
        .collect();
    let template = json!({"name": if kind == NoteKind::Cloze { "Cloze" } else { "Card 1" },
        "ord": 0, "qfmt": question, "afmt": answer, "bqfmt": "", "bafmt": "", "did": null,
        "bfont": "", "bsize": 0});
    json!({
        "id": kind.id(), "name": kind.name(), "type": i32::from(kind == NoteKind::Cloze),
        "mod": 0, "usn": -1, "sortf": 0, "did": deck_id, "tmpls": [template], "flds": fields,
        "css": CSS, "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}", "latexsvg": false, "req": [[0, "any", [0]]],
        "tags": [], "vers": []
    })
}

fn deck_json(id: i64, name: &str, description: &str) -> Value {
    json!({"id": id, "name": name, "mod": 0, "usn": -1, "collapsed": false,
           "browserCollapsed": false, "desc": description, "dyn": 0, "conf": 1, "extendNew": 0,
           "extendRev": 0, "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0],
           "timeToday": [0, 0]})
}

/// Room for a note's cards between one note id and the next.
const CARDS_PER_NOTE: i64 = 1024;

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null,
  time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// Writes `deck` as an `.apkg`: one Anki deck named after its title, a subdeck per topic.
pub fn export_package(deck: &Deck) -> Result<PackageExport, String> {
    let mut lost = Losses::default();
    lost.deck(format!(
        "the deck's id \"{}\" and the card ids: each note's GUID is made from them, so exporting again updates the same notes in Anki, but importing the package back names the deck after the file and each card after its note",
        deck.id
    ));
    if !deck.authors.is_empty() {
        lost.deck("the deck's authors");
    }
    if deck.language != "en" {
        lost.deck(format!("the deck's language \"{}\"", deck.language));
    }
    let collection =
        collection(deck, &mut lost).map_err(|e| format!("the package could not be built ({e})"))?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let written: Result<(), Box<dyn std::error::Error>> = (|| {
        zip.start_file("collection.anki2", options)?;
        zip.write_all(&collection)?;
        zip.start_file("media", options)?;
        zip.write_all(b"{}")?;
        Ok(())
    })();
    written.map_err(|e| format!("the package could not be written ({e})"))?;
    let bytes = zip
        .finish()
        .map_err(|e| format!("the package could not be written ({e})"))?
        .into_inner();
    Ok(PackageExport {
        bytes,
        lost: lost.into_sentences(),
    })
}

fn collection(deck: &Deck, lost: &mut Losses) -> rusqlite::Result<Vec<u8>> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    let title = deck.title.replace("::", ":");
    let top = stable_id(&format!("deck\u{1f}{}", deck.id));
    let mut decks = serde_json::Map::new();
    decks.insert("1".into(), deck_json(1, "Default", ""));
    decks.insert(
        top.to_string(),
        deck_json(top, &title, &escape(&deck.description)),
    );
    let mut topic_decks = std::collections::HashMap::new();
    for topic in &deck.topics {
        if topic.contains("::") {
            lost.deck(format!(
                "\"::\" in the topic \"{topic}\" (Anki reads it as a subdeck; written as \":\")"
            ));
        }
        let id = stable_id(&format!("deck\u{1f}{}\u{1f}{topic}", deck.id));
        decks.insert(
            id.to_string(),
            deck_json(id, &format!("{title}::{}", topic.replace("::", ":")), ""),
        );
        topic_decks.insert(topic.as_str(), id);
    }
    let mut models = serde_json::Map::new();
    for kind in NoteKind::ALL {
        models.insert(kind.id().to_string(), note_type_json(kind, top));
    }
    let dconf = json!({"1": {"id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60,
        "autoplay": true, "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0],
                "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200,
                "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}}});
    let conf = json!({"nextPos": deck.cards.len() + 1, "estTimes": true, "activeDecks": [1],
        "sortType": "noteFld", "timeLim": 0, "sortBackwards": false, "addToCur": true,
        "curDeck": top, "newSpread": 0, "dueCounts": true, "curModel": NoteKind::Basic.id(),
        "collapseTime": 1200});
    let now = chrono::Utc::now().timestamp();
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?3, 11, 0, 0, 0, ?4, ?5, ?6, ?7, '{}')",
        params![
            now - now % 86_400,
            now * 1000,
            now * 1000,
            conf.to_string(),
            Value::Object(models).to_string(),
            Value::Object(decks).to_string(),
            dconf.to_string()
        ],
    )?;
    // Notes in deck order (Anki lists them by id); Anki finds a note again by its GUID, so an id
    // that moves when cards are inserted does no harm.
    let first_note = stable_id(&format!("notes\u{1f}{}", deck.id)) & !0xff_ffff;
    for (position, card) in deck.cards.iter().enumerate() {
        let (kind, fields, cards) = note_of(deck, card, lost);
        let note_id = first_note + position as i64 * CARDS_PER_NOTE;
        let tags: Vec<String> = card
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .collect();
        let sort_field = html::to_text(&fields[0]);
        conn.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, 0, -1, ?4, ?5, ?6, ?7, 0, '')",
            params![
                note_id,
                guid(&deck.id, &card.id),
                kind.id(),
                if tags.is_empty() {
                    String::new()
                } else {
                    format!(" {} ", tags.join(" "))
                },
                fields.join(&FIELD_SEPARATOR.to_string()),
                sort_field,
                checksum(&fields[0]),
            ],
        )?;
        let did = topic_decks.get(card.topic.as_str()).copied().unwrap_or(top);
        for ord in 0..cards.min(CARDS_PER_NOTE as usize - 1) {
            conn.execute(
                "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, 0, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                params![note_id + ord as i64 + 1, note_id, did, ord as i64, position as i64 + 1],
            )?;
        }
    }
    Ok(conn.serialize(rusqlite::MAIN_DB)?.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_guids_are_stable_and_differ_between_cards() {
        assert_eq!(guid("d", "a"), guid("d", "a"));
        assert_ne!(guid("d", "a"), guid("d", "b"));
        assert_eq!(guid("d", "a").len(), 10);
        let id = stable_id("x");
        assert!((1 << 52..1 << 53).contains(&id));
        assert_eq!(id, stable_id("x"));
    }

    #[test]
    fn the_checksum_is_anki_s_first_eight_hex_digits_of_sha1() {
        // SHA-1("abc") = a9993e36…
        assert_eq!(checksum("abc"), 0xa999_3e36);
        assert_eq!(checksum("<b>abc</b>"), 0xa999_3e36);
    }
}
