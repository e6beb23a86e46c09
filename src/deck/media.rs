//! Pictures on cards: where a deck's pictures live, which files may be pictures, and reading them.
//!
//! A picture's `file` is relative to the folder holding the deck file and may not leave it. The
//! bundled decks' pictures are compiled into the app, so they need no folder at all.

use super::model::Image;
use crate::fsio::{self, FileError, Problem};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// Larger picture files are refused before they are read.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;
/// Wider or taller pictures are refused: decoding one would take hundreds of megabytes.
pub const MAX_IMAGE_SIDE: f64 = 8192.0;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_media.rs"));
}

/// Where a deck's pictures are found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MediaRoot {
    /// Compiled into the app with the bundled decks.
    Bundled,
    /// The folder holding a deck file.
    Folder(PathBuf),
}

impl MediaRoot {
    /// The folder of a deck file (the current folder for a bare file name).
    pub fn of_deck_file(path: &Path) -> Self {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        MediaRoot::Folder(folder.to_path_buf())
    }
}

/// The picture formats cards may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Svg,
}

/// A picture's bytes and size, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    pub format: Format,
    pub bytes: Cow<'static, [u8]>,
    pub size: Size,
}

/// A picture's size in its own units: an SVG's `viewBox`, a bitmap's pixels. Map targets use them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    pub fn contains(self, x: f64, y: f64) -> bool {
        (0.0..=self.width).contains(&x) && (0.0..=self.height).contains(&y)
    }
}

/// Why a picture cannot be shown, in words for the deck's author.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MediaError {
    #[error(
        "\"{0}\" leaves the deck's folder; pictures must be inside it, e.g. \"maps/far-east.svg\""
    )]
    OutsideDeck(String),
    #[error(
        "\"{0}\" is not a PNG, JPEG or SVG file name; expected one ending in .png, .jpg, .jpeg or .svg"
    )]
    Unsupported(String),
    #[error("\"{0}\" is not there: no such file beside the deck")]
    Missing(String),
    #[error("\"{file}\" cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "\"{0}\" is larger than 5 MB; make it smaller (export at a lower resolution, or as SVG)"
    )]
    TooLarge(String),
    #[error("\"{file}\" is {width}×{height}; pictures may be at most 8192 on each side")]
    TooManyPixels {
        file: String,
        width: f64,
        height: f64,
    },
    #[error("\"{file}\" is not a readable {format:?} picture: {reason}")]
    Damaged {
        file: String,
        format: Format,
        reason: String,
    },
}

/// The format a picture's name promises, once the name is known to stay inside the deck's folder.
pub fn check_path(file: &str) -> Result<Format, MediaError> {
    let path = Path::new(file);
    let inside = !file.trim().is_empty()
        && !file.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(MediaError::OutsideDeck(file.to_owned()));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png") => Ok(Format::Png),
        Some("jpg" | "jpeg") => Ok(Format::Jpeg),
        Some("svg") => Ok(Format::Svg),
        _ => Err(MediaError::Unsupported(file.to_owned())),
    }
}

/// The bundled pictures, by their path under `decks/`.
pub fn bundled(file: &str) -> Option<&'static [u8]> {
    let file = file.strip_prefix("./").unwrap_or(file);
    bundled::MEDIA
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, bytes)| *bytes)
}

/// Reads a picture whole, checked, for showing it.
pub fn read(root: &MediaRoot, image: &Image) -> Result<Media, MediaError> {
    let file = image.file.as_str();
    let format = check_path(file)?;
    let bytes: Cow<'static, [u8]> = match root {
        MediaRoot::Bundled => {
            Cow::Borrowed(bundled(file).ok_or_else(|| MediaError::Missing(file.to_owned()))?)
        }
        MediaRoot::Folder(folder) => {
            match fsio::read_limited(&folder.join(file), MAX_IMAGE_BYTES) {
                Ok(bytes) => Cow::Owned(bytes),
                Err(e) => Cow::Borrowed(bundled_instead(file, e)?),
            }
        }
    };
    let size = measure(file, format, &bytes)?;
    Ok(Media {
        format,
        bytes,
        size,
    })
}

/// The folder pictures added in the editor are copied into, inside the deck's folder.
pub const ADDED_FOLDER: &str = "media";

/// Copies a picture the teacher chose into the deck's folder (under [`ADDED_FOLDER`]), so the deck
/// travels with it; returns the name to write in the deck.
pub fn add_picture(source: &Path, deck_folder: &Path) -> Result<String, MediaError> {
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("picture")
        .to_owned();
    let format = check_path(&safe_name(&name))?;
    let bytes = fsio::read_limited(source, MAX_IMAGE_BYTES).map_err(|e| file_error(&name, e))?;
    measure(&name, format, &bytes)?;
    store(&name, &bytes, deck_folder, ADDED_FOLDER)
}

/// Checks a picture given as bytes (one carried inside an imported file); gives its size.
pub fn check_bytes(file: &str, bytes: &[u8]) -> Result<Size, MediaError> {
    let format = check_path(&safe_name(file))?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(MediaError::TooLarge(file.to_owned()));
    }
    measure(file, format, bytes)
}

/// A file name that is one plain part: no folders, no spaces (written as `-`).
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    match cleaned.trim_start_matches('.') {
        "" => "picture".to_owned(),
        kept => kept.to_owned(),
    }
}

/// Writes a picture into `sub` inside the deck's folder; returns the name to write in the deck.
/// A file of the same name holding the same bytes is reused; one holding other bytes is kept, and
/// the picture takes a free name beside it.
pub fn store(
    name: &str,
    bytes: &[u8],
    deck_folder: &Path,
    sub: &str,
) -> Result<String, MediaError> {
    let name = safe_name(name);
    let folder = deck_folder.join(sub);
    let failed = |file: String, e: std::io::Error| MediaError::Unreadable {
        file,
        reason: e.to_string(),
    };
    std::fs::create_dir_all(&folder).map_err(|e| failed(folder.display().to_string(), e))?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
    for n in 1.. {
        let candidate = if n == 1 {
            name.clone()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let target = folder.join(&candidate);
        let relative = format!("{sub}/{candidate}");
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => return Ok(relative),
            Ok(_) => continue,
            Err(_) => {
                fsio::replace_atomically(&target, bytes)
                    .map_err(|e| failed(relative.clone(), e))?;
                return Ok(relative);
            }
        }
    }
    unreachable!("some name is free")
}

/// Writes the bundled pictures a deck shows into `folder`, where a copy of a bundled deck is
/// saved, so the copy finds them; pictures already there are left alone.
pub fn copy_bundled<'a>(
    images: impl IntoIterator<Item = &'a Image>,
    folder: &Path,
) -> Result<(), MediaError> {
    for image in images {
        let Some(bytes) = bundled(&image.file) else {
            continue;
        };
        let target = folder.join(&image.file);
        if target.exists() {
            continue;
        }
        let fail = |e: std::io::Error| MediaError::Unreadable {
            file: image.file.clone(),
            reason: e.to_string(),
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        fsio::replace_atomically(&target, bytes).map_err(fail)?;
    }
    Ok(())
}

/// Checks a picture without reading more of it than its header: for validating a deck, which must
/// stay quick and open no picture whole.
pub fn probe(root: &MediaRoot, image: &Image) -> Result<(Format, Size), MediaError> {
    let file = image.file.as_str();
    let format = check_path(file)?;
    let head: Cow<'static, [u8]> = match root {
        MediaRoot::Bundled => {
            Cow::Borrowed(bundled(file).ok_or_else(|| MediaError::Missing(file.to_owned()))?)
        }
        MediaRoot::Folder(folder) => {
            match fsio::read_head(&folder.join(file), MAX_IMAGE_BYTES, HEAD_BYTES) {
                Ok(bytes) => Cow::Owned(bytes),
                Err(e) => Cow::Borrowed(bundled_instead(file, e)?),
            }
        }
    };
    Ok((format, measure(file, format, &head)?))
}

/// Enough of a file to find its size: PNG and SVG say it at the start, and JPEG's frame header
/// comes after at most a few tens of kilobytes of metadata.
const HEAD_BYTES: u64 = 256 * 1024;

/// A picture missing beside a deck that the app itself ships (a copy of a bundled deck, saved
/// elsewhere without its maps) is taken from the app; any other problem is the file's.
fn bundled_instead(file: &str, e: FileError) -> Result<&'static [u8], MediaError> {
    match file_error(file, e) {
        MediaError::Missing(_) => bundled(file).ok_or_else(|| MediaError::Missing(file.to_owned())),
        other => Err(other),
    }
}

fn file_error(file: &str, e: FileError) -> MediaError {
    match e.problem {
        Problem::TooLarge { .. } => MediaError::TooLarge(file.to_owned()),
        Problem::Read(io) if io.kind() == std::io::ErrorKind::NotFound => {
            MediaError::Missing(file.to_owned())
        }
        _ => MediaError::Unreadable {
            file: file.to_owned(),
            reason: e.reason(),
        },
    }
}

/// A picture's size from its first bytes, refusing one too large to decode.
fn measure(file: &str, format: Format, bytes: &[u8]) -> Result<Size, MediaError> {
    let damaged = |reason: String| MediaError::Damaged {
        file: file.to_owned(),
        format,
        reason,
    };
    let size = match format {
        Format::Svg => svg_size(bytes).map_err(damaged)?,
        Format::Png | Format::Jpeg => {
            let found = imagesize::image_type(bytes).map_err(|e| damaged(e.to_string()))?;
            let expected = match format {
                Format::Png => imagesize::ImageType::Png,
                _ => imagesize::ImageType::Jpeg,
            };
            if found != expected {
                return Err(damaged(format!(
                    "the file holds a {found:?} picture, not what its name says"
                )));
            }
            let dims = imagesize::blob_size(bytes).map_err(|e| damaged(e.to_string()))?;
            Size {
                width: dims.width as f64,
                height: dims.height as f64,
            }
        }
    };
    if size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE {
        return Err(MediaError::TooManyPixels {
            file: file.to_owned(),
            width: size.width,
            height: size.height,
        });
    }
    Ok(size)
}

/// An SVG's drawing size: its `viewBox`, or else its `width` and `height`.
fn svg_size(bytes: &[u8]) -> Result<Size, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.local_name().as_ref() != b"svg" {
                    return Err("the first element is not <svg>".into());
                }
                let mut view_box = None;
                let (mut width, mut height) = (None, None);
                for attr in e.attributes().flatten() {
                    let value = String::from_utf8_lossy(&attr.value).into_owned();
                    match attr.key.local_name().as_ref() {
                        b"viewBox" => view_box = Some(value),
                        b"width" => width = length(&value),
                        b"height" => height = length(&value),
                        _ => {}
                    }
                }
                let from_box = view_box.and_then(|v| {
                    let n: Vec<f64> = v
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .filter(|s| !s.is_empty())
                        .filter_map(|s| s.parse().ok())
                        .collect();
                    (n.len() == 4).then(|| (n[2], n[3]))
                });
                let (w, h) = from_box
                    .or(width.zip(height))
                    .ok_or("the <svg> element gives neither a viewBox nor a width and height")?;
                if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
                    return Err(format!("its size {w}×{h} is not a positive size"));
                }
                return Ok(Size {
                    width: w,
                    height: h,
                });
            }
            Ok(Event::Eof) => return Err("there is no <svg> element".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("not well-formed XML ({e})")),
        }
        buf.clear();
    }
}

/// A length in user units: `600`, `600px`; other units give no size.
fn length(value: &str) -> Option<f64> {
    value.trim().trim_end_matches("px").trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(file: &str) -> Image {
        Image {
            file: file.into(),
            alt: "a".into(),
            credit: String::new(),
        }
    }

    #[test]
    fn paths_stay_inside_the_deck_folder() {
        assert_eq!(check_path("maps/a.svg"), Ok(Format::Svg));
        assert_eq!(check_path("./pic.JPG"), Ok(Format::Jpeg));
        for bad in [
            "../a.png",
            "maps/../../a.png",
            "/etc/a.png",
            "a\\..\\b.png",
            "",
        ] {
            assert!(
                matches!(check_path(bad), Err(MediaError::OutsideDeck(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            check_path("a.gif"),
            Err(MediaError::Unsupported(_))
        ));
    }

    #[test]
    fn svg_size_comes_from_the_view_box_then_width_and_height() {
        let size = svg_size(br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="500" viewBox="0 0 1000 750"/>"#).unwrap();
        assert_eq!((size.width, size.height), (1000.0, 750.0));
        let size = svg_size(br#"<svg width="40px" height="30"></svg>"#).unwrap();
        assert_eq!((size.width, size.height), (40.0, 30.0));
        assert!(svg_size(b"<html/>").is_err());
        assert!(svg_size(b"<svg width=\"10\"/>").is_err());
        assert!(svg_size(b"<svg viewBox=\"0 0 -1 5\"/>").is_err());
        assert!(svg_size(b"not xml at all").is_err());
    }

    #[test]
    fn an_added_picture_is_copied_beside_the_deck_under_a_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("deck");
        std::fs::create_dir(&deck).unwrap();
        let source = dir.path().join("my map.svg");
        std::fs::write(&source, r#"<svg viewBox="0 0 10 10"/>"#).unwrap();
        assert_eq!(add_picture(&source, &deck).unwrap(), "media/my-map.svg");
        // The same picture again is the same file; another picture of that name gets its own.
        assert_eq!(add_picture(&source, &deck).unwrap(), "media/my-map.svg");
        std::fs::write(&source, r#"<svg viewBox="0 0 20 10"/>"#).unwrap();
        assert_eq!(add_picture(&source, &deck).unwrap(), "media/my-map-2.svg");
        let root = MediaRoot::Folder(deck.clone());
        let (_, size) = probe(&root, &image("media/my-map-2.svg")).unwrap();
        assert_eq!(size.width, 20.0);
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert!(add_picture(&dir.path().join("notes.txt"), &deck).is_err());
    }

    #[test]
    fn files_are_checked_for_size_format_and_presence() {
        let dir = tempfile::tempdir().unwrap();
        let root = MediaRoot::Folder(dir.path().to_path_buf());
        // A 1×1 PNG: signature, IHDR.
        let png: &[u8] = &[
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0,
            0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
        ];
        std::fs::write(dir.path().join("dot.png"), png).unwrap();
        let (format, size) = probe(&root, &image("dot.png")).unwrap();
        assert_eq!((format, size.width, size.height), (Format::Png, 1.0, 1.0));
        std::fs::write(dir.path().join("fake.jpg"), png).unwrap();
        assert!(matches!(
            probe(&root, &image("fake.jpg")),
            Err(MediaError::Damaged { .. })
        ));
        assert!(matches!(
            probe(&root, &image("gone.png")),
            Err(MediaError::Missing(_))
        ));
        let huge = br#"<svg viewBox="0 0 9000 10"/>"#;
        std::fs::write(dir.path().join("huge.svg"), huge).unwrap();
        assert!(matches!(
            read(&root, &image("huge.svg")),
            Err(MediaError::TooManyPixels { .. })
        ));
        let big = vec![b' '; MAX_IMAGE_BYTES as usize + 1];
        std::fs::write(dir.path().join("big.svg"), big).unwrap();
        assert!(matches!(
            probe(&root, &image("big.svg")),
            Err(MediaError::TooLarge(_))
        ));
        std::fs::create_dir(dir.path().join("folder.png")).unwrap();
        assert!(matches!(
            probe(&root, &image("folder.png")),
            Err(MediaError::Unreadable { .. })
        ));
    }
}
