//! Files in and out must take time linear in their size: validating decks of 1k, 10k and 100k cards
//! with a warning on every card (every finding placed at its line), each importer on 1k, 10k and
//! 100k items, and each exporter on 1k, 10k and 100k cards. Budgets: 100k cards with a warning
//! each validate in 1.5 s; 100k GIFT items import in 3 s.
//!
//! Run with `cargo bench --no-default-features --bench files -- --warm-up-time 1
//! --measurement-time 3 --sample-size 10`; compare the 10k and 100k figures of one run.

use changchun_cards::deck::save::to_pretty_ron;
use changchun_cards::deck::{Card, Deck, Question, load_str};
use changchun_cards::interop::{Format, ImportOptions, export, import};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// A deck of `n` cards of every kind, each with a source but no explanation: one warning per card.
fn deck(n: usize) -> Deck {
    let topics: Vec<String> = (0..5).map(|t| format!("Topic {t}")).collect();
    let cards = (0..n)
        .map(|i| {
            let question = match i % 5 {
                0 => Question::Flashcard {
                    front: format!("Who led delegation {i}?"),
                    back: format!("Joffe {i}"),
                },
                1 => Question::MultipleChoice {
                    prompt: format!("Which city hosted meeting {i}?"),
                    options: vec!["Changchun".into(), "Dairen".into(), "Chita".into()],
                    correct: vec![0],
                },
                2 => Question::TrueFalse {
                    statement: format!("Statement {i} holds."),
                    answer: i % 2 == 0,
                },
                3 => Question::TypeAnswer {
                    prompt: format!("Name the port of question {i}."),
                    accepted: vec!["Dairen".into(), "Dalny".into()],
                },
                _ => Question::Number {
                    prompt: format!("Which year, case {i}?"),
                    answer: 1922.0,
                    tolerance: 0.0,
                    unit: None,
                },
            };
            Card {
                id: format!("card-{i}"),
                topic: topics[i % topics.len()].clone(),
                tags: Vec::new(),
                question,
                explanation: String::new(),
                sources: vec!["Conference minutes".into()],
                image: None,
                explanation_image: None,
            }
        })
        .collect();
    Deck {
        format: 1,
        id: "scaling".into(),
        title: "Scaling".into(),
        description: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        topics,
        cards,
        sources: Default::default(),
    }
}

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    for n in SIZES {
        let text = to_pretty_ron(&deck(n));
        let warnings = load_str("bench", &text).warnings().count();
        assert_eq!(warnings, n, "one warning per card");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("cards", n), &text, |b, text| {
            b.iter(|| black_box(load_str("bench", text)))
        });
    }
    group.finish();
}

/// `n` items in a format, written compactly by hand so that even 100k Moodle XML questions stay
/// under the 20 MB input limit.
fn items(format: Format, n: usize) -> String {
    let mut out = String::new();
    match format {
        Format::Anki => {
            out.push_str("#separator:tab\n#html:false\n");
            for i in 0..n {
                out.push_str(&format!("Who led delegation {i}?\tJoffe {i}\n"));
            }
        }
        Format::Csv => {
            for i in 0..n {
                out.push_str(&format!("Who led delegation {i}?,Joffe {i}\n"));
            }
        }
        Format::Gift => {
            for i in 0..n {
                let answers = match i % 4 {
                    0 => "=Changchun ~Dairen ~Chita".to_owned(),
                    1 => "TRUE".to_owned(),
                    2 => "=Joffe =Ioffe".to_owned(),
                    _ => "#1922".to_owned(),
                };
                out.push_str(&format!("::q{i}::Question {i}?{{{answers}}}\n\n"));
            }
        }
        Format::MoodleXml => {
            out.push_str("<?xml version=\"1.0\"?>\n<quiz>\n");
            for i in 0..n {
                let (kind, answer) = if i % 2 == 0 {
                    ("truefalse", "true")
                } else {
                    ("shortanswer", "Joffe")
                };
                out.push_str(&format!(
                    "<question type=\"{kind}\"><name><text>q{i}</text></name><questiontext><text>Q {i}?</text></questiontext><answer fraction=\"100\"><text>{answer}</text></answer></question>\n"
                ));
            }
            out.push_str("</quiz>\n");
        }
    }
    out
}

fn importers(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    for format in Format::ALL {
        for n in SIZES {
            let text = items(format, n);
            let imported = import(text.as_bytes(), format, &ImportOptions::default())
                .expect("the bench input imports");
            assert_eq!(imported.deck.cards.len(), n, "{format}: every item imports");
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(format.name(), n), &text, |b, text| {
                b.iter(|| black_box(import(text.as_bytes(), format, &ImportOptions::default())))
            });
        }
    }
    group.finish();
}

fn exporters(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    for n in SIZES {
        let deck = deck(n);
        for format in Format::ALL {
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(format.name(), n), &deck, |b, deck| {
                b.iter(|| black_box(export(deck, format)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, validate, importers, exporters);
criterion_main!(benches);
