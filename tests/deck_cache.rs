//! The deck cache: a launch with it gives exactly what checking every deck gives, notices every
//! change to a deck file, passes over any damage to its own files, and never stops decks loading.

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::{DeckCache, DeckEntry, Library, load_file};
use changchun_cards::profile::Profile;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A good deck whose cards lack explanations (a warning each) and show a picture.
const PICTURED: &str = r#"Deck(
    format: 1,
    id: "pictured",
    title: "Alpha",
    topics: ["Delegations"],
    cards: [
        Card(id: "joffe", topic: "Delegations", question: Flashcard(front: "Who led the Far Eastern Republic's delegation?", back: "Adolph Joffe"), sources: ["S"]),
        Card(id: "map", topic: "Delegations", question: TrueFalse(statement: "The conference met in Changchun.", answer: true), sources: ["S"],
            image: Some(Image(file: "station.png", alt: "Changchun station", credit: "Made for this test"))),
    ],
)
"#;

/// A deck with an error: a card of an undeclared topic.
const BROKEN: &str = r#"Deck(
    format: 1,
    id: "broken",
    title: "Broken",
    topics: ["Delegations"],
    cards: [
        Card(id: "a", topic: "Nowhere", question: Flashcard(front: "F", back: "B"), explanation: "E", sources: ["S"]),
    ],
)
"#;

/// A file that is not RON at all.
const GARBLED: &str = "Deck(format: 1, id: \"garbled\", titel: ";

/// A PNG header of 40 × 30 pixels: all the check reads.
fn png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&40u32.to_be_bytes());
    png.extend_from_slice(&30u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

fn data_folder() -> (TempDir, DataDir) {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let decks = data.decks();
    fs::create_dir_all(&decks).unwrap();
    fs::write(decks.join("pictured.ron"), PICTURED).unwrap();
    fs::write(decks.join("station.png"), png()).unwrap();
    fs::write(decks.join("broken.ron"), BROKEN).unwrap();
    fs::write(decks.join("garbled.ron"), GARBLED).unwrap();
    (dir, data)
}

/// The user's decks as checking each file afresh gives them.
fn checked_afresh(data: &DataDir) -> Vec<DeckEntry> {
    let mut files: Vec<PathBuf> = fs::read_dir(data.decks())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files.iter().map(|p| DeckEntry::from_file(p)).collect()
}

fn user_entries(library: &Library) -> Vec<DeckEntry> {
    library
        .entries
        .iter()
        .filter(|e| !e.origin.is_bundled())
        .cloned()
        .collect()
}

fn entry_file(data: &DataDir, name: &str) -> PathBuf {
    DeckCache::of(data).entry_path(&data.decks().join(name))
}

fn title(library: &Library, id: &str) -> String {
    library.deck(id).expect("the deck loads").title.clone()
}

#[test]
fn a_second_load_gives_exactly_what_the_first_did_and_what_checking_afresh_gives() {
    let (_dir, data) = data_folder();
    let first = Library::load(&data);
    for name in ["pictured.ron", "broken.ron", "garbled.ron"] {
        assert!(entry_file(&data, name).is_file(), "{name} is kept");
    }
    let kept = fs::read(entry_file(&data, "pictured.ron")).unwrap();
    let second = Library::load(&data);
    assert_eq!(second.entries, first.entries);
    assert_eq!(second.notices, first.notices);
    assert_eq!(user_entries(&second), checked_afresh(&data));
    assert_eq!(
        fs::read(entry_file(&data, "pictured.ron")).unwrap(),
        kept,
        "the entry was read, not made again"
    );
    // The findings are all there: two warnings, an error, a syntax error.
    let all: Vec<String> = second
        .entries
        .iter()
        .flat_map(|e| &e.diagnostics)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(all.len(), 4, "{all:#?}");
    assert!(all.iter().any(|d| d.contains("Nowhere")), "{all:#?}");
    assert!(all.iter().any(|d| d.contains("titel")), "{all:#?}");
    assert!(second.deck("broken").is_none());
}

#[test]
fn a_deck_rewritten_with_the_same_length_and_time_is_read_again() {
    let (_dir, data) = data_folder();
    let path = data.decks().join("pictured.ron");
    assert_eq!(title(&Library::load(&data), "pictured"), "Alpha");
    let before = fs::metadata(&path).unwrap();
    fs::write(&path, PICTURED.replace("\"Alpha\"", "\"Omega\"")).unwrap();
    // As if written within the same tick of the clock.
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!(after.len(), before.len());
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
    let library = Library::load(&data);
    assert_eq!(title(&library, "pictured"), "Omega");
    assert_eq!(user_entries(&library), checked_afresh(&data));
}

#[test]
fn a_damaged_truncated_or_foreign_entry_is_passed_over_in_silence_and_made_again() {
    let (_dir, data) = data_folder();
    let first = Library::load(&data);
    let file = entry_file(&data, "pictured.ron");
    let whole = fs::read(&file).unwrap();
    let foreign = fs::read(entry_file(&data, "broken.ron")).unwrap();
    let mut flipped = whole.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x20;
    let damages: [(&str, Vec<u8>); 6] = [
        ("empty", Vec::new()),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("one byte changed", flipped),
        (
            "garbage",
            (0..5000u32).map(|i| (i * 31 % 251) as u8).collect(),
        ),
        ("another deck's entry", foreign),
        ("longer", [whole.as_slice(), b"more"].concat()),
    ];
    for (what, bytes) in damages {
        fs::write(&file, bytes).unwrap();
        let library = Library::load(&data);
        assert_eq!(library.entries, first.entries, "{what}");
        assert!(library.notices.is_empty(), "{what}: {:?}", library.notices);
        assert_eq!(fs::read(&file).unwrap(), whole, "{what}: made again");
    }
}

#[cfg(unix)]
#[test]
fn something_other_than_a_regular_file_where_an_entry_belongs_is_never_read() {
    let (_dir, data) = data_folder();
    let first = Library::load(&data);
    let file = entry_file(&data, "pictured.ron");
    fs::remove_file(&file).unwrap();
    let c_path = std::ffi::CString::new(file.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path and a mode; mkfifo only creates a file system entry.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
    // Without a writer, opening the FIFO the plain way would block this test forever.
    assert_eq!(Library::load(&data).entries, first.entries);
    assert!(fs::symlink_metadata(&file).unwrap().is_file(), "replaced");

    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    fs::write(file.join("inside"), "kept").unwrap();
    assert_eq!(Library::load(&data).entries, first.entries);
    assert_eq!(fs::read_to_string(file.join("inside")).unwrap(), "kept");
}

#[test]
fn a_picture_removed_after_the_deck_was_kept_is_still_reported() {
    let (_dir, data) = data_folder();
    assert!(Library::load(&data).deck("pictured").is_some());
    fs::remove_file(data.decks().join("station.png")).unwrap();
    let library = Library::load(&data);
    let entry = library
        .entries
        .iter()
        .find(|e| e.origin.label().ends_with("pictured.ron"))
        .unwrap();
    assert!(entry.is_broken(), "a deck missing a picture is broken");
    let error = entry.first_error().unwrap().to_string();
    assert!(error.contains("station.png"), "{error}");
    assert_eq!(user_entries(&library), checked_afresh(&data));
    // And back once the picture is.
    fs::write(data.decks().join("station.png"), png()).unwrap();
    assert!(Library::load(&data).deck("pictured").is_some());
}

#[test]
fn a_cache_that_cannot_be_written_never_stops_decks_loading() {
    let (_dir, data) = data_folder();
    // The cache area taken by a file: nothing can be made under it.
    fs::write(data.cache(), "not a folder").unwrap();
    let library = Library::load(&data);
    assert_eq!(user_entries(&library), checked_afresh(&data));
    assert!(library.deck("pictured").is_some());
    assert_eq!(fs::read_to_string(data.cache()).unwrap(), "not a folder");
}

#[test]
fn only_the_cache_area_is_written_never_the_deck_folder() {
    let (_dir, data) = data_folder();
    let listing = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        files.sort();
        files
    };
    let before = listing(&data.decks());
    Library::load(&data);
    Library::load(&data);
    assert_eq!(listing(&data.decks()), before);
    let roots: Vec<_> = fs::read_dir(data.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(roots.len(), 2, "decks and cache: {roots:?}");
}

#[test]
fn the_entry_of_a_deck_file_that_is_gone_goes_too() {
    let (_dir, data) = data_folder();
    Library::load(&data);
    let gone = entry_file(&data, "broken.ron");
    assert!(gone.is_file());
    fs::remove_file(data.decks().join("broken.ron")).unwrap();
    // Something else in the cache folder is not ours to remove.
    let other = data.deck_cache().join("notes.txt");
    fs::write(&other, "mine").unwrap();
    // A write cut short an hour ago leaves its temporary file; one under way is left alone.
    let name = entry_file(&data, "broken.ron");
    let name = name.file_name().unwrap().to_string_lossy();
    let abandoned = data.deck_cache().join(format!(".{name}.4242.tmp"));
    let under_way = data.deck_cache().join(format!(".{name}.4343.tmp"));
    fs::write(&abandoned, "half").unwrap();
    fs::write(&under_way, "half").unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    fs::File::options()
        .write(true)
        .open(&abandoned)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    Library::load(&data);
    assert!(!gone.exists());
    assert!(entry_file(&data, "pictured.ron").is_file());
    assert!(other.is_file());
    assert!(!abandoned.exists());
    assert!(under_way.exists());
}

#[test]
fn a_deck_saved_by_the_editor_is_loaded_as_saved_at_the_next_launch() {
    let (_dir, data) = data_folder();
    let mut profile = Profile::open(data.clone(), Some("tester".into())).unwrap();
    let path = data.decks().join("pictured.ron");
    let mut deck = profile.library().deck("pictured").unwrap().clone();
    deck.title = "Omega".into();
    let kept = fs::read(entry_file(&data, "pictured.ron")).unwrap();
    let added = profile.save_deck_job(deck, path.clone())().unwrap();
    profile.add_deck(added);
    assert_eq!(title(profile.library(), "pictured"), "Omega");
    assert_ne!(
        fs::read(entry_file(&data, "pictured.ron")).unwrap(),
        kept,
        "the entry was made again on saving"
    );
    drop(profile);
    let reopened = Profile::open(data.clone(), Some("tester".into())).unwrap();
    assert_eq!(title(reopened.library(), "pictured"), "Omega");
    assert_eq!(
        reopened.library().entry("pictured").unwrap(),
        &DeckEntry::from_file(&path)
    );
    assert_eq!(load_file(&path).deck.unwrap().title, "Omega");
}
