//! Reading a package: the collection inside, its note types, notes, cards and review log.

use super::{FIELD_SEPARATOR, MAX_PACKAGE_BYTES, protobuf};
use crate::interop::anki::{from_anki_cloze, topic_of_deck};
use crate::interop::{
    DeckBuilder, ImportError, ImportOptions, Imported, Item, ItemMedia, Picture, html,
};
use crate::review::Rating;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// The largest collection unpacked from a package: a zip or zstd bomb stops here.
const MAX_COLLECTION_BYTES: u64 = 512 * 1024 * 1024;

/// The collection files a package may hold, newest layout first, and whether each is compressed.
const LAYOUTS: [(&str, bool); 3] = [
    ("collection.anki21b", true),
    ("collection.anki21", false),
    ("collection.anki2", false),
];

/// Anki's stock note types, read without a remark.
const STOCK_TYPES: [&str; 5] = [
    "Basic",
    "Basic (and reversed card)",
    "Basic (optional reversed card)",
    "Basic (type in the answer)",
    "Cloze",
];

/// What a package gave: the deck, what could not be carried, and the review history.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// The deck; `skipped` lines are the positions of the notes left out (1-based).
    pub imported: Imported,
    /// How the package was read and what it held that the deck cannot carry, one sentence each.
    pub notes: Vec<String>,
    /// Every answer in the package's review log for a card that was imported, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The collection file read, for instance `collection.anki21b`.
    pub layout: &'static str,
}

/// One answer from Anki's review log, mapped to the imported card.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The imported card's id.
    pub card: String,
    pub at: DateTime<Utc>,
    pub rating: Rating,
    pub duration_ms: u32,
}

fn broken(message: impl Into<String>) -> ImportError {
    ImportError::Package(message.into())
}

/// Reads an `.apkg` or `.colpkg` file's bytes into a deck named by `options`.
pub fn import_package(bytes: &[u8], options: &ImportOptions) -> Result<Package, ImportError> {
    if bytes.len() as u64 > MAX_PACKAGE_BYTES {
        return Err(broken(format!(
            "the package is {:.0} MB; packages larger than {} MB are refused",
            bytes.len() as f64 / 1_048_576.0,
            MAX_PACKAGE_BYTES / 1_048_576
        )));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        broken(format!(
            "not an Anki package: the zip archive cannot be read ({e})"
        ))
    })?;
    let (layout, compressed) = LAYOUTS
        .into_iter()
        .find(|(name, _)| zip.index_for_name(name).is_some())
        .ok_or_else(|| {
            broken("not an Anki package: it holds no collection.anki21b, collection.anki21 or collection.anki2")
        })?;
    let stored = unpack(&mut zip, layout)?;
    let collection = if compressed {
        let decoder = zstd::stream::read::Decoder::new(Cursor::new(stored))
            .map_err(|e| broken(format!("{layout} cannot be decompressed ({e})")))?;
        read_capped(decoder, layout)?
    } else {
        stored
    };
    let conn = open_collection(&collection, layout)?;
    let index = media_index(&mut zip);
    let mut find = |src: &str| {
        let entry = index.get(src)?;
        let bytes = media_file(&mut zip, entry)?;
        Some(Picture {
            name: src.to_owned(),
            bytes,
        })
    };
    let mut package = read_collection(&conn, options, &mut find).map_err(|e| match e {
        Failure::Import(e) => e,
        Failure::Sql(e) => broken(format!("{layout} is not a collection Anki wrote ({e})")),
    })?;
    package.layout = layout;
    Ok(package)
}

fn unpack(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, ImportError> {
    let entry = zip
        .by_name(name)
        .map_err(|e| broken(format!("{name} cannot be read from the package ({e})")))?;
    read_capped(entry, name)
}

/// Reads at most `MAX_COLLECTION_BYTES`, whatever the archive claims.
fn read_capped(reader: impl Read, name: &str) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::new();
    reader
        .take(MAX_COLLECTION_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| broken(format!("{name} cannot be unpacked ({e})")))?;
    if out.len() as u64 > MAX_COLLECTION_BYTES {
        return Err(broken(format!(
            "{name} unpacks to more than {} MB; such a package is refused",
            MAX_COLLECTION_BYTES / 1_048_576
        )));
    }
    Ok(out)
}

/// The collection as a read-only database in memory: nothing is written to disk.
fn open_collection(bytes: &[u8], layout: &str) -> Result<Connection, ImportError> {
    let not_sqlite =
        |e: rusqlite::Error| broken(format!("{layout} is not an SQLite database ({e})"));
    // Anki keeps its collection in WAL mode, which a database in memory cannot open: bytes 18 and
    // 19 of the header say so, and set to 1 they ask for the rollback journal instead.
    let mut bytes = bytes.to_vec();
    if bytes.len() >= 100 && bytes.starts_with(b"SQLite format 3\0") {
        bytes[18] = 1;
        bytes[19] = 1;
    }
    let mut conn = Connection::open_in_memory().map_err(not_sqlite)?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, Cursor::new(&bytes), bytes.len(), true)
        .map_err(not_sqlite)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(not_sqlite)?;
    Ok(conn)
}

/// zstd's magic number: the current layout compresses the media list and each media file.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// The package's media list: for each file name the cards use, the zip entry holding the file.
/// Older packages list them as JSON (`{"0": "chita.png"}`); the current layout as a zstd-compressed
/// protobuf (entries of name = 1, and the zip entry's number = 255 when it is not the position).
fn media_index(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> HashMap<String, String> {
    let Ok(entry) = zip.by_name("media") else {
        return HashMap::new();
    };
    let Ok(mut bytes) = read_capped(entry, "media") else {
        return HashMap::new();
    };
    if bytes.starts_with(&ZSTD_MAGIC) {
        let Ok(decoded) = zstd::stream::read::Decoder::new(Cursor::new(bytes))
            .map_err(|e| broken(e.to_string()))
            .and_then(|d| read_capped(d, "media"))
        else {
            return HashMap::new();
        };
        bytes = decoded;
    }
    if bytes.first() == Some(&b'{') {
        let listed: HashMap<String, String> = serde_json::from_slice(&bytes).unwrap_or_default();
        return listed
            .into_iter()
            .map(|(entry, name)| (name, entry))
            .collect();
    }
    let Some(fields) = super::protobuf::fields(&bytes) else {
        return HashMap::new();
    };
    fields
        .into_iter()
        .filter_map(|(number, value)| match value {
            super::protobuf::Value::Bytes(entry) if number == 1 => Some(entry),
            _ => None,
        })
        .enumerate()
        .filter_map(|(i, entry)| {
            let name = super::protobuf::string(entry, 1)?;
            let zip_name = super::protobuf::varint_field(entry, 255).map_or(i as u64, |n| n);
            Some((name, zip_name.to_string()))
        })
        .collect()
}

/// One media file's bytes, unpacked, if it is no larger than a card's picture may be.
fn media_file(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, entry: &str) -> Option<Vec<u8>> {
    let limit = crate::deck::media::MAX_IMAGE_BYTES;
    let mut bytes = Vec::new();
    zip.by_name(entry)
        .ok()?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.starts_with(&ZSTD_MAGIC) {
        let mut decoded = Vec::new();
        zstd::stream::read::Decoder::new(Cursor::new(bytes))
            .ok()?
            .take(limit + 1)
            .read_to_end(&mut decoded)
            .ok()?;
        bytes = decoded;
    }
    // One byte over the limit is enough for the picture check to refuse it as too large.
    Some(bytes)
}

enum Failure {
    Import(ImportError),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Sql(e)
    }
}

struct NoteType {
    name: String,
    cloze: bool,
    fields: Vec<String>,
    /// Question and answer formats, by template ordinal.
    templates: Vec<(String, String)>,
}

fn has_table(conn: &Connection, name: &str) -> Result<bool, rusqlite::Error> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// Note types from the tables of the current layout, or from the JSON of the older ones.
fn note_types(conn: &Connection) -> Result<HashMap<i64, NoteType>, Failure> {
    let mut types = HashMap::new();
    if has_table(conn, "notetypes")? {
        let mut stmt = conn.prepare("SELECT id, name, config FROM notetypes")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        for row in rows {
            let (id, name, config) = row?;
            let cloze = protobuf::varint_field(&config, 1) == Some(1);
            types.insert(
                id,
                NoteType {
                    name,
                    cloze,
                    fields: Vec::new(),
                    templates: Vec::new(),
                },
            );
        }
        let mut stmt = conn.prepare("SELECT ntid, name FROM fields ORDER BY ntid, ord")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            if let Some(t) = types.get_mut(&id) {
                t.fields.push(name);
            }
        }
        let mut stmt = conn.prepare("SELECT ntid, config FROM templates ORDER BY ntid, ord")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
        for row in rows {
            let (id, config) = row?;
            if let Some(t) = types.get_mut(&id) {
                let question = protobuf::string(&config, 1).unwrap_or_default();
                let answer = protobuf::string(&config, 2).unwrap_or_default();
                t.templates.push((question, answer));
            }
        }
        if !types.is_empty() {
            return Ok(types);
        }
    }
    let models: String = conn.query_row("SELECT models FROM col", [], |r| r.get(0))?;
    let models: serde_json::Value = serde_json::from_str(&models)
        .map_err(|e| Failure::Import(broken(format!("the note types cannot be read ({e})"))))?;
    for (id, model) in models.as_object().into_iter().flatten() {
        let Ok(id) = id.parse::<i64>() else { continue };
        let by_ord = |list: &str| -> Vec<&serde_json::Value> {
            let mut items: Vec<&serde_json::Value> =
                model[list].as_array().into_iter().flatten().collect();
            items.sort_by_key(|v| v["ord"].as_i64().unwrap_or(0));
            items
        };
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        types.insert(
            id,
            NoteType {
                name: text(&model["name"]),
                cloze: model["type"].as_i64() == Some(1),
                fields: by_ord("flds")
                    .into_iter()
                    .map(|f| text(&f["name"]))
                    .collect(),
                templates: by_ord("tmpls")
                    .into_iter()
                    .map(|t| (text(&t["qfmt"]), text(&t["afmt"])))
                    .collect(),
            },
        );
    }
    Ok(types)
}

/// Deck names by id, with `::` between levels.
fn deck_names(conn: &Connection) -> Result<HashMap<i64, String>, Failure> {
    let mut names = HashMap::new();
    if has_table(conn, "decks")? {
        let mut stmt = conn.prepare("SELECT id, name FROM decks")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            names.insert(id, name.replace(FIELD_SEPARATOR, "::"));
        }
        if !names.is_empty() {
            return Ok(names);
        }
    }
    let decks: Option<String> = conn
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .optional()?;
    let decks: serde_json::Value =
        serde_json::from_str(decks.as_deref().unwrap_or("{}")).unwrap_or(serde_json::Value::Null);
    for (id, deck) in decks.as_object().into_iter().flatten() {
        if let (Ok(id), Some(name)) = (id.parse::<i64>(), deck["name"].as_str()) {
            names.insert(id, name.to_owned());
        }
    }
    Ok(names)
}

/// The field names a card template shows, in order, each with whether it is typed in
/// (`{{type:Back}}`). Conditionals, comments and Anki's own fields are left out.
fn template_fields(format: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut rest = format;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let tag = after[..end].trim();
        rest = &after[end + 2..];
        if tag.starts_with(['#', '/', '^', '!']) {
            continue;
        }
        let typed = tag.split(':').any(|filter| filter.trim() == "type");
        let name = tag.rsplit(':').next().unwrap_or_default().trim();
        let special = [
            "FrontSide",
            "Tags",
            "Type",
            "Deck",
            "Subdeck",
            "Card",
            "CardFlag",
            "CardID",
        ];
        if name.is_empty() || special.contains(&name) {
            continue;
        }
        if !out.iter().any(|(n, _)| n == name) {
            out.push((name.to_owned(), typed));
        }
    }
    out
}

/// A field's HTML as plain text, without the pictures and sounds it referred to.
fn field_text(html_text: &str) -> String {
    html::without_sounds(&html::to_text(html_text))
}

fn read_collection(
    conn: &Connection,
    options: &ImportOptions,
    find: &mut dyn FnMut(&str) -> Option<Picture>,
) -> Result<Package, Failure> {
    let types = note_types(conn)?;
    let decks = deck_names(conn)?;
    let mut cards_of: HashMap<i64, Vec<(i64, usize, i64)>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, nid, ord, did FROM cards ORDER BY nid, ord")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (id, note, ord, deck) = row?;
            cards_of.entry(note).or_default().push((
                id,
                usize::try_from(ord).unwrap_or(usize::MAX),
                deck,
            ));
        }
    }

    let mut builder = DeckBuilder::new(options);
    let mut notes: Vec<String> = Vec::new();
    let mut custom_types: BTreeMap<String, usize> = BTreeMap::new();
    // Anki card id → imported card id.
    let mut card_ids: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut position = 0;
    while let Some(row) = rows.next()? {
        position += 1;
        let (note_id, guid, type_id): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let tags: String = row.get(3)?;
        let raw: String = row.get(4)?;
        let Some(note_type) = types.get(&type_id) else {
            builder.skip(position, "its note type is missing from the package");
            continue;
        };
        let Some(cards) = cards_of.get(&note_id).filter(|c| !c.is_empty()) else {
            builder.skip(position, "the note has no cards");
            continue;
        };
        if !STOCK_TYPES.contains(&note_type.name.as_str()) {
            *custom_types.entry(note_type.name.clone()).or_default() += 1;
        }
        let values: HashMap<&str, (String, Vec<html::MediaRef>)> = note_type
            .fields
            .iter()
            .map(String::as_str)
            .zip(
                raw.split(FIELD_SEPARATOR)
                    .map(|f| (field_text(f), html::media_refs(f))),
            )
            .collect();
        let value = |name: &str| values.get(name).map(|v| v.0.clone()).unwrap_or_default();
        let refs = |names: &[String]| -> Vec<html::MediaRef> {
            names
                .iter()
                .filter_map(|n| values.get(n.as_str()))
                .flat_map(|v| v.1.iter().cloned())
                .collect()
        };
        let tags: Vec<String> = tags.split_whitespace().map(str::to_owned).collect();
        let topic = |deck: i64| decks.get(&deck).map(|d| topic_of_deck(d));
        let before = builder.deck.cards.len();

        if note_type.cloze {
            let (question, answer) = note_type.templates.first().cloned().unwrap_or_default();
            let shown = template_fields(&question);
            let cloze_field = shown
                .first()
                .map(|(n, _)| n.clone())
                .or_else(|| note_type.fields.first().cloned())
                .unwrap_or_default();
            let text = from_anki_cloze(&value(&cloze_field));
            let extra_fields: Vec<String> = template_fields(&answer)
                .into_iter()
                .filter(|(n, _)| *n != cloze_field)
                .map(|(n, _)| n)
                .collect();
            let extra = extra_fields.iter().map(|n| value(n));
            let media = ItemMedia::from_refs(
                &refs(std::slice::from_ref(&cloze_field)),
                &refs(&extra_fields),
                &mut *find,
                &mut builder,
                "not in the package",
            );
            builder.add_with_media(
                Item {
                    line: position,
                    name: Some(guid.clone()),
                    key: text.clone(),
                    topic: topic(cards[0].2),
                    tags: tags.clone(),
                    question: crate::deck::Question::Cloze { text },
                    explanation: crate::interop::join_explanation(extra),
                },
                media,
            );
            if builder.deck.cards.len() > before {
                let id = builder.deck.cards[before].id.clone();
                for (card, _, _) in cards {
                    card_ids.insert(*card, id.clone());
                }
            }
        } else {
            for &(card, ord, deck) in cards {
                let Some((question, answer)) = note_type.templates.get(ord) else {
                    builder.skip(
                        position,
                        format!("card {} has no template in its note type", ord + 1),
                    );
                    continue;
                };
                let front_fields = template_fields(question);
                let typed = front_fields
                    .iter()
                    .find(|(_, typed)| *typed)
                    .map(|(n, _)| n.clone());
                let mut front_names: Vec<String> = front_fields
                    .iter()
                    .filter(|(_, typed)| !typed)
                    .map(|(n, _)| n.clone())
                    .filter(|n| !value(n).is_empty())
                    .collect();
                let mut back_names: Vec<String> = template_fields(answer)
                    .into_iter()
                    .filter(|(n, _)| !front_fields.iter().any(|(f, _)| f == n))
                    .map(|(n, _)| n)
                    .filter(|n| !value(n).is_empty())
                    .collect();
                if front_names.is_empty() || (back_names.is_empty() && typed.is_none()) {
                    // A template this reader cannot follow: the first two fields, as for text exports.
                    let mut fields = note_type.fields.iter().filter(|n| !value(n).is_empty());
                    front_names = fields.next().cloned().into_iter().collect();
                    back_names = fields.cloned().collect();
                }
                let front: Vec<String> = front_names.iter().map(|n| value(n)).collect();
                let back: Vec<String> = back_names.iter().map(|n| value(n)).collect();
                let front = front.join("\n");
                let question = match &typed {
                    Some(field) => crate::deck::Question::TypeAnswer {
                        prompt: front.clone(),
                        accepted: vec![value(field)],
                    },
                    None => crate::deck::Question::Flashcard {
                        front: front.clone(),
                        back: back.first().cloned().unwrap_or_default(),
                    },
                };
                let explanation_from = usize::from(typed.is_none());
                let count = builder.deck.cards.len();
                // Pictures on the back show after answering, with the explanation.
                let media = ItemMedia::from_refs(
                    &refs(&front_names),
                    &refs(&back_names),
                    &mut *find,
                    &mut builder,
                    "not in the package",
                );
                builder.add_with_media(
                    Item {
                        line: position,
                        name: Some(if ord == 0 {
                            guid.clone()
                        } else {
                            format!("{guid}#{ord}")
                        }),
                        key: front,
                        topic: topic(deck),
                        tags: tags.clone(),
                        question,
                        explanation: crate::interop::join_explanation(
                            back.into_iter().skip(explanation_from),
                        ),
                    },
                    media,
                );
                if builder.deck.cards.len() > count {
                    card_ids.insert(card, builder.deck.cards[count].id.clone());
                }
            }
        }
    }
    drop(rows);
    drop(stmt);

    for (name, count) in &custom_types {
        notes.push(format!(
            "note type \"{name}\" ({count} note(s)) is not one of Anki's standard types: each card was read from its template, the fields it asks as the question and the first other field as the answer"
        ));
    }
    let history = history(conn, &card_ids)?;
    Ok(Package {
        imported: builder.finish(),
        notes,
        history,
        layout: "",
    })
}

/// The review log for the imported cards. Rescheduling entries (no answer given) are left out.
fn history(
    conn: &Connection,
    card_ids: &HashMap<i64, String>,
) -> Result<Vec<HistoryEntry>, Failure> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT id, cid, ease, time, type FROM revlog ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (at, card, ease, time, kind): (i64, i64, i64, i64, i64) = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        );
        // 4: manual rescheduling, 5: rescheduled by Anki; neither is an answer.
        if kind >= 4 {
            continue;
        }
        let (Some(card), Some(rating), Some(at)) = (
            card_ids.get(&card),
            u8::try_from(ease).ok().and_then(Rating::from_number),
            DateTime::from_timestamp_millis(at),
        ) else {
            continue;
        };
        out.push(HistoryEntry {
            card: card.clone(),
            at,
            rating,
            duration_ms: u32::try_from(time.max(0)).unwrap_or(u32::MAX),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_fields_skip_conditionals_and_anki_fields_and_see_typed_ones() {
        assert_eq!(
            template_fields("{{#Extra}}{{Extra}}{{/Extra}} {{Front}} {{type:Back}} {{Tags}}"),
            vec![
                ("Extra".to_owned(), false),
                ("Front".to_owned(), false),
                ("Back".to_owned(), true)
            ]
        );
        assert_eq!(
            template_fields("{{FrontSide}}<hr id=answer>{{text:Back}}"),
            vec![("Back".to_owned(), false)]
        );
        assert!(template_fields("{{unclosed").is_empty());
    }

    #[test]
    fn field_text_takes_pictures_and_sounds_out_and_names_them() {
        let field = "Chita <img src=\"chita.png\"> was the capital[sound:say.mp3]<br>of the FER";
        assert_eq!(field_text(field), "Chita was the capital\nof the FER");
        let names: Vec<String> = html::media_refs(field).into_iter().map(|r| r.src).collect();
        assert_eq!(names, ["chita.png", "say.mp3"]);
    }
}
