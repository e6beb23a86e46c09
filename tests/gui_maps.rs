//! Map questions as a student answers them (clicking the map, choosing a marker by its number,
//! moving a crosshair with the arrow keys) and as a teacher writes them in the editor with their
//! own picture. The map is a canvas inside the app's real view, clicked through the headless
//! simulator (ICED_TEST_BACKEND=tiny-skia).
#![cfg(feature = "gui")]

mod harness;
use harness::{send, settle, simulator};

use changchun_cards::data_dir::DataDir;
use changchun_cards::deck::edit::CardEdit;
use changchun_cards::deck::{Question, QuestionKind, Spot};
use changchun_cards::gui::app::{App, Message};
use changchun_cards::gui::context::Context;
use changchun_cards::gui::screen::editor::{CardText, Message as E};
use changchun_cards::gui::screen::{Screen, library};
use changchun_cards::gui::widget::map::MAP_ID;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::Id;
use tempfile::TempDir;

const MAP: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="750" viewBox="0 0 1000 750"><rect width="1000" height="750" fill="lightblue"/><circle cx="500" cy="600" r="8" fill="black"/></svg>"#;

fn card(markers: &str) -> String {
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
                map: Image(file: "maps/test.svg", alt: "A test map", credit: "Made for the test"),
                answer: "Changchun",
                target: (x: 500, y: 600),
                radius: 30,
                markers: [{markers}],
            ),
            explanation: "On the railway junction.",
            sources: ["GSE"],
        ),
    ],
)"#
    )
}

fn studying(markers: &str) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks/maps")).unwrap();
    std::fs::write(dir.path().join("decks/maps/test.svg"), MAP).unwrap();
    std::fs::write(dir.path().join("decks/maps.ron"), card(markers)).unwrap();
    let (mut app, task) =
        App::loaded(Context::load(DataDir::new(dir.path()), Some("tester".into())).unwrap());
    settle(&mut app, task);
    send(
        &mut app,
        Message::Library(library::Message::Study("maps".into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Study(_))));
    (dir, app)
}

/// Clicks the map at a place given in the map's own units, as a pointer would.
fn click_map(app: &mut App, at: Spot) {
    // A tall window, so the editor's map is in view without scrolling its form.
    let mut ui = iced_test::Simulator::with_size(
        iced::Settings {
            fonts: vec![
                changchun_cards::gui::theme::FONT_REGULAR.into(),
                changchun_cards::gui::theme::FONT_BOLD.into(),
            ],
            default_font: changchun_cards::gui::theme::TEXT,
            ..iced::Settings::default()
        },
        iced::Size::new(1280.0, 3000.0),
        app.view(),
    );
    let bounds = ui
        .find(Id::new(MAP_ID))
        .expect("the map is on screen")
        .bounds();
    // The 1000×750 map is fitted whole into the canvas and centred.
    let scale = (bounds.width / 1000.0).min(bounds.height / 750.0);
    let left = bounds.x + (bounds.width - 1000.0 * scale) / 2.0;
    let top = bounds.y + (bounds.height - 750.0 * scale) / 2.0;
    ui.point_at(iced::Point::new(
        left + at.x as f32 * scale,
        top + at.y as f32 * scale,
    ));
    let _ = ui.simulate(iced_test::simulator::click());
    let messages: Vec<Message> = ui.into_messages().collect();
    assert!(!messages.is_empty(), "the click reached the map");
    for m in messages {
        send(app, m);
    }
}

fn shows(app: &App, label: &str) -> bool {
    simulator(app).find(label).is_ok()
}

fn press(app: &mut App, key: Key) {
    send(app, Message::Key(key, Modifiers::empty()));
}

#[test]
fn a_student_clicks_the_right_city_and_sees_it_marked_right() {
    let (_dir, mut app) = studying("");
    assert!(shows(&app, "Where did the conference meet?"));
    click_map(&mut app, Spot { x: 510.0, y: 590.0 });
    assert!(shows(&app, "✓ Right"), "the verdict shows");
    assert!(shows(&app, "Correct answer: Changchun"));
    // The map stays, now marked: the right place's ring and name are drawn on it.
    simulator(&app).find(Id::new(MAP_ID)).unwrap();
}

#[test]
fn a_click_far_from_the_city_is_wrong_and_the_right_place_is_shown() {
    let (_dir, mut app) = studying(r#"(x: 200, y: 150, label: "Chita")"#);
    click_map(&mut app, Spot { x: 205.0, y: 155.0 });
    assert!(shows(&app, "✗ Not quite"));
    assert!(
        shows(&app, "Your answer: Chita"),
        "the marker chosen is named"
    );
    assert!(shows(&app, "Correct answer: Changchun"));
}

#[test]
fn markers_are_chosen_by_number_and_the_crosshair_moves_by_arrow_keys() {
    let (_dir, mut app) = studying(r#"(x: 200, y: 150, label: "Chita")"#);
    // Which number the right place has is shuffled: try each until the verdict says right.
    let Some(Screen::Study(study)) = app.screen() else {
        panic!("studying")
    };
    let attempt = study.attempt().expect("a question");
    let right = (1..=2)
        .find(|n| {
            let probe = attempt.clone();
            let m = probe.key(&Key::Character(n.to_string().into()), Modifiers::empty());
            matches!(m, Some(changchun_cards::gui::widget::question::Message::Point(s)) if s == Spot { x: 500.0, y: 600.0 })
        })
        .expect("one number is the right place");
    press(&mut app, Key::Character(right.to_string().into()));
    assert!(shows(&app, "✓ Right"));

    // No markers: the crosshair starts in the middle (500, 375) and moves 4 % of the map a step.
    let (_dir, mut app) = studying("");
    for _ in 0..6 {
        press(&mut app, Key::Named(Named::ArrowDown));
    }
    // 375 + 6 × 30 = 555: within 30 of 600? No: 45 away. One more step reaches 585.
    press(&mut app, Key::Named(Named::ArrowDown));
    press(&mut app, Key::Named(Named::Enter));
    assert!(shows(&app, "✓ Right"), "585 is within the radius of 600");
}

#[test]
fn a_teacher_adds_a_map_question_with_their_own_picture_and_sets_the_place_by_clicking() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("my map.svg");
    std::fs::write(&picture, MAP).unwrap();
    let (mut app, task) =
        App::loaded(Context::load(DataDir::new(dir.path()), Some("teacher".into())).unwrap());
    settle(&mut app, task);
    send(
        &mut app,
        Message::Key(Key::Character("n".into()), Modifiers::empty()),
    );
    assert!(matches!(app.screen(), Some(Screen::Editor(_))));
    send(&mut app, Message::Editor(E::AddCard));
    send(
        &mut app,
        Message::Editor(E::Card(CardEdit::Kind(QuestionKind::MapPoint))),
    );
    let text = |app: &mut App, field: CardText, value: &str| {
        send(app, Message::Editor(E::CardText(field, value.to_owned())));
    };
    text(&mut app, CardText::Prompt, "Where did the conference meet?");
    text(&mut app, CardText::PlaceName, "Changchun");
    // The picture is dropped on the window: it is copied beside the deck and shown.
    send(&mut app, Message::FileDropped(picture));
    assert!(matches!(app.screen(), Some(Screen::Editor(_))));
    text(
        &mut app,
        CardText::PictureAlt(changchun_cards::deck::edit::PictureSlot::Map),
        "A map of the Far East",
    );
    click_map(&mut app, Spot { x: 500.0, y: 600.0 });
    text(&mut app, CardText::Explanation, "On the railway junction.");
    text(&mut app, CardText::Sources, "GSE");
    let Some(Screen::Editor(editor)) = app.screen() else {
        panic!("editing")
    };
    let errors: Vec<String> = editor
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    // The template's own card is fine; the new one must be too.
    assert!(errors.is_empty(), "{errors:?}");
    send(
        &mut app,
        Message::Key(Key::Character("s".into()), Modifiers::CTRL),
    );
    let saved = DataDir::new(dir.path()).decks().join("new-deck.ron");
    let loaded = changchun_cards::deck::load_file(&saved);
    let deck = loaded
        .deck
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let map_card = deck
        .cards
        .iter()
        .find(|c| c.question.kind() == QuestionKind::MapPoint)
        .expect("the map question was saved");
    let Question::MapPoint { map, target, .. } = &map_card.question else {
        unreachable!()
    };
    assert_eq!(map.file, "media/my-map.svg");
    assert!(
        (target.x - 500.0).abs() < 2.0 && (target.y - 600.0).abs() < 2.0,
        "{target:?}"
    );
}

#[test]
fn a_teacher_exports_the_bundled_deck_for_anki_with_its_maps_and_nothing_is_replaced() {
    use changchun_cards::gui::screen::export::Message as X;
    use changchun_cards::gui::task::Purpose;
    use changchun_cards::interop::{ImportOptions, Target, apkg};
    let dir = tempfile::tempdir().unwrap();
    let (mut app, task) =
        App::loaded(Context::load(DataDir::new(dir.path()), Some("teacher".into())).unwrap());
    settle(&mut app, task);
    let deck = "changchun-1922";
    send(
        &mut app,
        Message::Library(library::Message::Export(deck.into())),
    );
    assert!(matches!(app.screen(), Some(Screen::Export(_))));
    assert!(shows(&app, "Export \"The Changchun Conference, 1922\""));
    send(&mut app, Message::Export(X::Pick(Target::AnkiPackage)));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let export = |app: &mut App| {
        send(
            app,
            Message::FileChosen(Purpose::ExportFolder, Some(out.clone())),
        );
        let Some(Screen::Export(screen)) = app.screen() else {
            panic!("the export screen stays")
        };
        screen
            .written()
            .cloned()
            .expect("written")
            .expect("no error")
    };
    let (first, lost) = export(&mut app);
    assert_eq!(first, out.join(format!("{deck}.apkg")));
    assert!(!lost.is_empty(), "the losses are listed");
    assert!(shows(&app, "What the format could not carry:"));
    // Again: a second file beside the first, never over it.
    let (second, _) = export(&mut app);
    assert_eq!(second, out.join(format!("{deck}-2.apkg")));
    let package = apkg::import_package(
        &std::fs::read(&first).unwrap(),
        &ImportOptions::from_file_name(deck),
    )
    .unwrap();
    assert!(
        package.imported.pictures.len() >= 3,
        "the maps went along: {}",
        package.imported.pictures.len()
    );
}
