//! Pictures on cards and map questions: the format round trip, and every picture problem named
//! at its line and column.

use changchun_cards::deck::media::MAX_IMAGE_BYTES;
use changchun_cards::deck::save::to_pretty_ron;
use changchun_cards::deck::{Question, load_file, load_str};
use std::fs;
use std::path::Path;

const MAP: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="750" viewBox="0 0 1000 750"><rect width="1000" height="750" fill="silver"/></svg>"#;

fn deck(map_file: &str, alt: &str, target: &str, picture: &str) -> String {
    format!(
        r#"Deck(
    format: 1,
    id: "maps",
    title: "Maps",
    topics: ["Geography"],
    cards: [
        Card(
            id: "where",
            topic: "Geography",
            question: MapPoint(
                prompt: "Where did the conference meet?",
                map: Image(file: "{map_file}", alt: "{alt}", credit: "Made for this deck"),
                answer: "Changchun",
                target: {target},
                radius: 25.0,
                markers: [(x: 600.0, y: 300.0, label: "Harbin")],
            ),
            explanation: "Changchun sat on the junction of two railways.",
            explanation_image: Some(Image(file: "{picture}", alt: "The railways", credit: "Made for this deck")),
            sources: ["GSE"],
        ),
    ],
)
"#
    )
}

fn folder_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("maps")).unwrap();
    fs::write(dir.path().join("maps/far-east.svg"), MAP).unwrap();
    fs::write(dir.path().join("deck.ron"), text).unwrap();
    dir
}

fn errors(dir: &Path) -> Vec<String> {
    load_file(&dir.join("deck.ron"))
        .errors()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn a_deck_with_a_map_question_and_pictures_loads_and_round_trips() {
    let text = deck(
        "maps/far-east.svg",
        "A map",
        "(x: 500, y: 600)",
        "./maps/far-east.svg",
    );
    let dir = folder_with(&text);
    let loaded = load_file(&dir.path().join("deck.ron"));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let deck = loaded.deck.unwrap();
    let Question::MapPoint { target, .. } = &deck.cards[0].question else {
        panic!("a map question");
    };
    assert_eq!((target.x, target.y), (500.0, 600.0));
    let written = to_pretty_ron(&deck);
    assert_eq!(load_str("again", &written).deck, Some(deck));
}

#[test]
fn picture_problems_are_named_with_line_and_column() {
    let cases = [
        (
            deck(
                "maps/gone.svg",
                "A map",
                "(x: 5, y: 6)",
                "maps/far-east.svg",
            ),
            "\"maps/gone.svg\" is not there",
            12,
        ),
        (
            deck(
                "../outside.svg",
                "A map",
                "(x: 5, y: 6)",
                "maps/far-east.svg",
            ),
            "leaves the deck's folder",
            12,
        ),
        (
            deck(
                "maps/far-east.svg",
                " ",
                "(x: 5, y: 6)",
                "maps/far-east.svg",
            ),
            "has no `alt`",
            12,
        ),
        (
            deck(
                "maps/far-east.gif",
                "A map",
                "(x: 5, y: 6)",
                "maps/far-east.svg",
            ),
            "not a PNG, JPEG or SVG",
            12,
        ),
        (
            deck(
                "maps/far-east.svg",
                "A map",
                "(x: 1200, y: 6)",
                "maps/far-east.svg",
            ),
            "off the map, which is 1000×750",
            14,
        ),
        (
            deck("maps/far-east.svg", "A map", "(x: 5, y: 6)", "maps/big.png"),
            "larger than 5 MB",
            19,
        ),
        (
            deck(
                "maps/far-east.svg",
                "A map",
                "(x: 5, y: 6)",
                "maps/text.png",
            ),
            "is not a readable Png picture",
            19,
        ),
    ];
    for (text, expected, line) in cases {
        let dir = folder_with(&text);
        fs::write(
            dir.path().join("maps/big.png"),
            vec![0u8; MAX_IMAGE_BYTES as usize + 1],
        )
        .unwrap();
        fs::write(dir.path().join("maps/text.png"), "just some text").unwrap();
        let found = errors(dir.path());
        assert!(
            found
                .iter()
                .any(|e| e.contains(expected) && e.contains(&format!(":{line}:"))),
            "expected \"{expected}\" at line {line}, found {found:?}"
        );
    }
}

#[test]
fn a_marker_inside_the_target_radius_is_an_error() {
    let text = deck(
        "maps/far-east.svg",
        "A map",
        "(x: 590, y: 300)",
        "maps/far-east.svg",
    );
    let found: Vec<String> = load_str("deck.ron", &text)
        .errors()
        .map(|d| d.to_string())
        .collect();
    assert!(
        found.iter().any(|e| e.contains("within the radius")),
        "{found:?}"
    );
}

#[test]
fn every_bundled_picture_loads() {
    use changchun_cards::deck::media::{MediaRoot, read};
    let library = changchun_cards::deck::Library::from_paths(&[]);
    assert!(library.entries.is_empty());
    for (name, text) in changchun_cards::deck::discover::bundled_sources() {
        let loaded = changchun_cards::deck::load_str_in(name, text, &MediaRoot::Bundled);
        assert!(loaded.deck.is_some(), "{name}: {:?}", loaded.diagnostics);
        for card in &loaded.deck.unwrap().cards {
            for image in card.images() {
                let media = read(&MediaRoot::Bundled, image).unwrap();
                assert!(media.size.width > 0.0, "{}", image.file);
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever a picture file holds, checking it gives a size or a reason, never a panic.
    #[test]
    fn any_bytes_as_a_picture_are_checked_without_panicking(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
        name in proptest::sample::select(vec!["a.png", "a.jpg", "a.svg"]),
    ) {
        let _ = changchun_cards::deck::media::check_bytes(name, &bytes);
        // A PNG or SVG start followed by anything.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&bytes);
        let _ = changchun_cards::deck::media::check_bytes("b.png", &png);
        let mut svg = b"<svg viewBox=\"".to_vec();
        svg.extend_from_slice(&bytes);
        let _ = changchun_cards::deck::media::check_bytes("b.svg", &svg);
    }
}
