//! Importers keep pictures: Moodle XML's embedded files (in the question, in the feedback and in
//! the old image field) become the cards' pictures, stored beside the saved deck; what cannot come
//! (a link to the web, a sound, a picture a text export does not hold) is listed per card.

use changchun_cards::deck::load_file;
use changchun_cards::deck::save::save_atomically;
use changchun_cards::interop::{Format, ImportOptions, import, store_pictures};
use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/interop")
            .join(name),
    )
    .unwrap()
}

#[test]
fn moodle_xml_pictures_come_along_and_the_saved_deck_finds_them() {
    let imported = import(
        &fixture("pictures.xml"),
        Format::MoodleXml,
        &ImportOptions::from_file_name("pictures"),
    )
    .unwrap();
    assert_eq!(imported.deck.cards.len(), 3, "{:?}", imported.skipped);
    assert_eq!(
        imported.pictures.len(),
        2,
        "the old field repeats the first picture"
    );
    let capital = &imported.deck.cards[0];
    let image = capital.image.as_ref().expect("the question's picture");
    assert_eq!(image.alt, "A map of the Far Eastern Republic");
    assert!(
        capital.explanation_image.is_some(),
        "the feedback's picture"
    );
    assert!(
        !capital.question.prompt().contains("  "),
        "no double space where the picture was"
    );
    assert!(
        imported.deck.cards[2].image.is_some(),
        "the old image field"
    );
    let lost = imported.lost.join("\n");
    assert!(lost.contains("chita.mp3"), "{lost}");
    assert!(lost.contains("https://example.org/changchun.png"), "{lost}");

    let dir = tempfile::tempdir().unwrap();
    let mut deck = imported.deck.clone();
    store_pictures(&mut deck, &imported.pictures, dir.path()).unwrap();
    let path = dir.path().join("pictures.ron");
    save_atomically(&deck, &path).unwrap();
    let loaded = load_file(&path);
    assert!(loaded.errors().next().is_none(), "{:?}", loaded.diagnostics);
    let file = &loaded.deck.unwrap().cards[0].image.clone().unwrap().file;
    assert!(file.starts_with("media/pictures/"), "{file}");
    assert!(dir.path().join(file).is_file());
}

#[test]
fn a_picture_in_an_anki_text_export_is_listed_as_lost_and_leaves_no_double_space() {
    let imported = import(
        &fixture("anki_pictures.txt"),
        Format::Anki,
        &ImportOptions::from_file_name("anki"),
    )
    .unwrap();
    let card = &imported.deck.cards[0];
    assert_eq!(card.question.prompt(), "Where did the talks meet?");
    assert_eq!(card.question.answer_text(), "Changchun");
    assert!(card.image.is_none());
    let lost = imported.lost.join("\n");
    assert!(
        lost.contains("changchun.png") && lost.contains("export a package (.apkg)"),
        "{lost}"
    );
    assert!(lost.contains("changchun.mp3"), "{lost}");
}

#[test]
fn the_import_command_stores_the_pictures_and_names_what_it_left() {
    let data = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/pictures.xml");
    let output = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("import")
        .arg(&source)
        .env_remove("CHANGCHUN_CARDS_DATA_DIR")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.contains("Kept 2 picture(s)"), "{out}");
    assert!(
        out.contains("not carried: ") && out.contains("chita.mp3"),
        "{out}"
    );
    let validate = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("validate")
        .env_remove("CHANGCHUN_CARDS_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );
}
