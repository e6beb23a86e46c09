//! Anki's own packages: `.apkg` (decks people share) and `.colpkg` (a whole collection).
//!
//! Both are zip archives around an SQLite collection. Anki 2.1.50 and later write
//! `collection.anki21b` (zstd-compressed, note types in tables of their own); older versions write
//! `collection.anki21` or `collection.anki2` (note types as JSON in the `col` row). A package holds
//! the newest layout it was written in beside placeholders for older versions, so the newest one
//! present is read. Export writes the `collection.anki2` layout, which every current Anki and
//! AnkiDroid still imports (see `docs/interop.md`).

pub mod history;
mod read;
mod write;

pub use read::{HistoryEntry, Package, import_package};
pub use write::{PackageExport, export_package};

/// The largest package read: media make packages larger than text files.
pub const MAX_PACKAGE_BYTES: u64 = 200 * 1024 * 1024;

/// Whether bytes are a zip archive, as every Anki package is.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether a file name has a package's extension.
pub fn has_package_extension(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".apkg") || lower.ends_with(".colpkg")
}

/// Anki's field separator inside `notes.flds`.
const FIELD_SEPARATOR: char = '\x1f';

/// Reading the few protobuf messages Anki keeps in blobs (note type kinds, template formats, the
/// media list): only what is needed, each field as (number, value).
mod protobuf {
    pub enum Value<'a> {
        Varint(u64),
        Bytes(&'a [u8]),
    }

    fn varint(data: &[u8], at: &mut usize) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *data.get(*at)?;
            *at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// The fields of one message, in order; `None` when the bytes are not a valid message.
    pub fn fields(data: &[u8]) -> Option<Vec<(u64, Value<'_>)>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < data.len() {
            let key = varint(data, &mut at)?;
            let value = match key & 7 {
                0 => Value::Varint(varint(data, &mut at)?),
                1 | 5 => {
                    let width = if key & 7 == 1 { 8 } else { 4 };
                    at = at.checked_add(width).filter(|&end| end <= data.len())?;
                    continue;
                }
                2 => {
                    let len = usize::try_from(varint(data, &mut at)?).ok()?;
                    let end = at.checked_add(len).filter(|&end| end <= data.len())?;
                    let bytes = &data[at..end];
                    at = end;
                    Value::Bytes(bytes)
                }
                _ => return None,
            };
            out.push((key >> 3, value));
        }
        Some(out)
    }

    /// The first string field numbered `number`.
    pub fn string(data: &[u8], number: u64) -> Option<String> {
        fields(data)?.into_iter().find_map(|(n, v)| match v {
            Value::Bytes(b) if n == number => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        })
    }

    /// The first varint field numbered `number`.
    pub fn varint_field(data: &[u8], number: u64) -> Option<u64> {
        fields(data)?.into_iter().find_map(|(n, v)| match v {
            Value::Varint(x) if n == number => Some(x),
            _ => None,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn reads_strings_and_varints_and_refuses_truncated_messages() {
            // field 1 = varint 1, field 2 = "ab", field 3 = fixed32
            let message = [0x08, 0x01, 0x12, 0x02, b'a', b'b', 0x1d, 0, 0, 0, 0];
            assert_eq!(varint_field(&message, 1), Some(1));
            assert_eq!(string(&message, 2).as_deref(), Some("ab"));
            assert!(fields(&message[..4]).is_none());
            assert!(fields(&[0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_none());
        }
    }
}
