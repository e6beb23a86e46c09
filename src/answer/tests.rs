use super::*;
use proptest::prelude::*;

fn s(text: &str) -> String {
    text.to_owned()
}

fn mc(correct: &[usize]) -> Question {
    Question::MultipleChoice {
        prompt: s("Which governments sat opposite Japan?"),
        options: vec![s("FER"), s("RSFSR"), s("China"), s("United States")],
        correct: correct.to_vec(),
    }
}

fn city() -> Question {
    Question::TypeAnswer {
        prompt: s("In which city?"),
        accepted: vec![s("Changchun"), s("Ch'angch'un"), s("Chang-chun")],
    }
}

fn sakhalin_cloze() -> Question {
    Question::Cloze {
        text: s(
            "Japan would not leave northern {{Sakhalin}} until the {{Nikolayevsk|Nikolaevsk::a town}} affair was settled.",
        ),
    }
}

fn order() -> Question {
    Question::Order {
        prompt: s("Put these in order."),
        items: vec![s("Dairen"), s("Changchun"), s("Vladivostok"), s("Beijing")],
    }
}

fn matching() -> Question {
    Question::Match {
        prompt: s("Match"),
        pairs: vec![
            (s("Matsudaira"), s("Japan")),
            (s("Yanson"), s("FER")),
            (s("Joffe"), s("RSFSR")),
        ],
    }
}

fn number(answer: f64, tolerance: f64, unit: Option<&str>) -> Question {
    Question::Number {
        prompt: s("How many?"),
        answer,
        tolerance,
        unit: unit.map(s),
    }
}

fn flashcard() -> Question {
    Question::Flashcard {
        front: s("FER?"),
        back: s("A buffer state."),
    }
}

#[test]
fn multiple_choice_table() {
    // (correct options, chosen, right, missed, wrong)
    type Case = (
        &'static [usize],
        &'static [usize],
        bool,
        &'static [usize],
        &'static [usize],
    );
    let table: [Case; 8] = [
        (&[0], &[0], true, &[], &[]),
        (&[0], &[1], false, &[0], &[1]),
        (&[0], &[], false, &[0], &[]),
        (&[0, 1], &[1, 0], true, &[], &[]),
        (&[0, 1], &[0, 1, 1], true, &[], &[]),
        (&[0, 1], &[0], false, &[1], &[]),
        (&[0, 1], &[0, 1, 2], false, &[], &[2]),
        (&[0], &[0, 99], false, &[], &[99]),
    ];
    for (right, chosen, correct, missed, wrong) in table {
        let c = check(&mc(right), &Response::Choices(chosen.to_vec()));
        assert_eq!(c.correct, correct, "chosen {chosen:?}");
        assert_eq!(
            c.detail,
            Detail::Choices {
                missed: missed.to_vec(),
                wrong: wrong.to_vec()
            }
        );
    }
}

#[test]
fn true_false() {
    let q = Question::TrueFalse {
        statement: s("They left on 25 October 1922."),
        answer: true,
    };
    assert!(check(&q, &Response::TrueFalse(true)).correct);
    let c = check(&q, &Response::TrueFalse(false));
    assert!(!c.correct);
    assert_eq!(c.detail, Detail::TrueFalse { expected: true });
}

#[test]
fn typed_answers_are_lenient() {
    // (typed, correct, almost)
    let table = [
        ("Changchun", true, false),
        ("changchun", true, false),
        ("  Changchun  ", true, false),
        ("Ch'angch'un", true, false),
        ("Chang-chun", true, false),
        ("Chang chun", true, false),
        ("CHANGCHŪN.", true, false),
        ("Changchn", true, true),
        ("Chnagchun", true, true),
        ("Chanchn", false, false),
        ("Mukden", false, false),
        ("", false, false),
    ];
    for (typed, correct, almost) in table {
        let c = check(&city(), &Response::Typed(s(typed)));
        assert_eq!((c.correct, c.almost), (correct, almost), "typed {typed:?}");
        let Detail::Typed(t) = c.detail else {
            panic!("typed detail expected")
        };
        assert_eq!(t.closest, "Changchun");
    }
}

#[test]
fn short_typed_answers_must_be_exact() {
    let q = Question::TypeAnswer {
        prompt: s("Who?"),
        accepted: vec![s("Yanson")],
    };
    // Six letters: one slip forgiven.
    assert!(check(&q, &Response::Typed(s("Janson"))).almost);
    let q = Question::TypeAnswer {
        prompt: s("Who?"),
        accepted: vec![s("Joffe")],
    };
    assert!(!check(&q, &Response::Typed(s("Jofe"))).correct);
    assert!(check(&q, &Response::Typed(s("joffe"))).correct);
}

#[test]
fn cloze_checks_each_blank() {
    let q = sakhalin_cloze();
    let cases = [
        (
            vec![s("Sakhalin"), s("Nikolaevsk")],
            true,
            false,
            vec![true, true],
        ),
        (
            vec![s("sakhalin"), s("Nikolayevsk")],
            true,
            false,
            vec![true, true],
        ),
        (
            vec![s("Sakhalni"), s("Nikolayevsk")],
            true,
            true,
            vec![true, true],
        ),
        (
            vec![s("Sakhalin"), s("Khabarovsk")],
            false,
            false,
            vec![true, false],
        ),
        (vec![s("Sakhalin")], false, false, vec![true, false]),
        (vec![], false, false, vec![false, false]),
    ];
    for (given, correct, almost, per_blank) in cases {
        let c = check(&q, &Response::Blanks(given.clone()));
        assert_eq!((c.correct, c.almost), (correct, almost), "{given:?}");
        let Detail::Cloze(blanks) = c.detail else {
            panic!("cloze detail expected")
        };
        let got: Vec<bool> = blanks.iter().map(|b| b.correct).collect();
        assert_eq!(got, per_blank, "{given:?}");
        assert_eq!(blanks[0].closest, "Sakhalin");
    }
}

#[test]
fn order_table() {
    // (sequence, correct, out of place)
    let table: [(&[usize], bool, &[usize]); 7] = [
        (&[0, 1, 2, 3], true, &[]),
        (&[1, 0, 2, 3], false, &[0, 1]),
        (&[0, 1, 3, 2], false, &[2, 3]),
        (&[3, 2, 1, 0], false, &[0, 1, 2, 3]),
        (&[0, 1, 2], false, &[3]),
        (&[0, 1, 2, 3, 3], false, &[4]),
        (&[0, 9, 2, 3], false, &[1]),
    ];
    for (sequence, correct, out) in table {
        let c = check(&order(), &Response::Order(sequence.to_vec()));
        assert_eq!(c.correct, correct, "{sequence:?}");
        assert_eq!(
            c.detail,
            Detail::Order {
                out_of_place: out.to_vec()
            },
            "{sequence:?}"
        );
    }
}

#[test]
fn match_table() {
    // (chosen right side per left side, correct, wrong left sides)
    type Case = (Vec<Option<usize>>, bool, &'static [usize]);
    let table: [Case; 6] = [
        (vec![Some(0), Some(1), Some(2)], true, &[]),
        (vec![Some(1), Some(0), Some(2)], false, &[0, 1]),
        (vec![Some(0), None, Some(2)], false, &[1]),
        (vec![Some(0), Some(1)], false, &[2]),
        (vec![Some(0), Some(1), Some(7)], false, &[2]),
        (vec![], false, &[0, 1, 2]),
    ];
    for (chosen, correct, wrong) in table {
        let c = check(&matching(), &Response::Match(chosen.clone()));
        assert_eq!(c.correct, correct, "{chosen:?}");
        assert_eq!(
            c.detail,
            Detail::Match {
                wrong: wrong.to_vec()
            }
        );
    }
}

#[test]
fn number_table() {
    // (answer, tolerance, unit, typed, correct, distance)
    let table = [
        (1925.0, 0.0, None, "1925", true, Some(0.0)),
        (1925.0, 0.0, None, "1,925", true, Some(0.0)),
        (1925.0, 0.0, None, " 1925.0 ", true, Some(0.0)),
        (1925.0, 0.0, None, "1922", false, Some(3.0)),
        (50.0, 2.0, Some("months"), "52", true, Some(2.0)),
        (50.0, 2.0, Some("months"), "48 months", true, Some(2.0)),
        (50.0, 2.0, Some("months"), "53", false, Some(3.0)),
        (-3.5, 0.0, None, "-3.5", true, Some(0.0)),
        (3.5, 0.0, None, "3,5", true, Some(0.0)),
        (0.3, 0.0, None, "0.3", true, Some(0.0)),
        (1925.0, 0.0, None, "nineteen", false, None),
        (1925.0, 0.0, None, "", false, None),
    ];
    for (answer, tolerance, unit, typed, correct, distance) in table {
        let c = check(
            &number(answer, tolerance, unit),
            &Response::Number(s(typed)),
        );
        assert_eq!(c.correct, correct, "typed {typed:?}");
        let Detail::Number {
            distance: d, error, ..
        } = c.detail
        else {
            panic!("number detail expected")
        };
        assert_eq!(d, distance, "typed {typed:?}");
        assert_eq!(error.is_some(), distance.is_none());
    }
    // 0.1 + 0.2 is not exactly 0.3 in binary, yet it is the same answer.
    let c = check(&number(0.1 + 0.2, 0.0, None), &Response::Number(s("0.3")));
    assert!(c.correct);
}

#[test]
fn flashcards_are_self_graded_and_kinds_must_fit() {
    let c = check(&flashcard(), &Response::Revealed);
    assert_eq!(c.detail, Detail::SelfGraded);
    let c = check(&city(), &Response::TrueFalse(true));
    assert!(!c.correct);
    assert_eq!(
        c.detail,
        Detail::WrongKind {
            expected: QuestionKind::TypeAnswer
        }
    );
}

#[test]
fn describe_writes_answers_out() {
    assert_eq!(
        describe(&mc(&[0, 1]), &Response::Choices(vec![1, 0])),
        "RSFSR; FER"
    );
    assert_eq!(
        describe(&order(), &Response::Order(vec![1, 0, 2, 3])),
        "Changchun → Dairen → Vladivostok → Beijing"
    );
    assert_eq!(
        describe(&matching(), &Response::Match(vec![Some(1), None, Some(2)])),
        "Matsudaira — FER; Yanson — ?; Joffe — RSFSR"
    );
    assert_eq!(
        describe(&sakhalin_cloze(), &Response::Blanks(vec![s(" Sakhalin ")])),
        "Japan would not leave northern Sakhalin until the … affair was settled."
    );
    assert_eq!(describe(&city(), &Response::Typed(s(" Harbin "))), "Harbin");
    assert_eq!(describe(&mc(&[0]), &Response::Choices(vec![5])), "?");
    assert_eq!(describe(&city(), &Response::Order(vec![0])), "");
}

fn any_question() -> impl Strategy<Value = Question> {
    let text = ".{0,12}";
    let texts = proptest::collection::vec(text, 0..6);
    prop_oneof![
        (text, text).prop_map(|(front, back)| Question::Flashcard { front, back }),
        (
            texts.clone(),
            proptest::collection::vec(any::<usize>(), 0..4)
        )
            .prop_map(|(options, correct)| Question::MultipleChoice {
                prompt: String::new(),
                options,
                correct
            }),
        any::<bool>().prop_map(|answer| Question::TrueFalse {
            statement: String::new(),
            answer
        }),
        texts.clone().prop_map(|accepted| Question::TypeAnswer {
            prompt: String::new(),
            accepted
        }),
        "(.{0,6}\\{\\{.{0,8}\\}\\}){0,4}".prop_map(|text| Question::Cloze { text }),
        texts.clone().prop_map(|items| Question::Order {
            prompt: String::new(),
            items
        }),
        proptest::collection::vec((text, text), 0..6).prop_map(|pairs| Question::Match {
            prompt: String::new(),
            pairs
        }),
        (any::<f64>(), any::<f64>(), proptest::option::of(text)).prop_map(
            |(answer, tolerance, unit)| Question::Number {
                prompt: String::new(),
                answer,
                tolerance,
                unit
            }
        ),
    ]
}

fn any_response() -> impl Strategy<Value = Response> {
    let indices = proptest::collection::vec(any::<usize>(), 0..8);
    let small = proptest::collection::vec(0usize..8, 0..8);
    prop_oneof![
        Just(Response::Revealed),
        indices.clone().prop_map(Response::Choices),
        small.clone().prop_map(Response::Choices),
        any::<bool>().prop_map(Response::TrueFalse),
        ".{0,40}".prop_map(Response::Typed),
        proptest::collection::vec(".{0,12}", 0..6).prop_map(Response::Blanks),
        indices.prop_map(Response::Order),
        small.prop_map(Response::Order),
        proptest::collection::vec(proptest::option::of(any::<usize>()), 0..8)
            .prop_map(Response::Match),
        proptest::collection::vec(proptest::option::of(0usize..8), 0..8).prop_map(Response::Match),
        "[-+0-9.,  e]{0,400}".prop_map(Response::Number),
        ".{0,20}".prop_map(Response::Number),
    ]
}

proptest! {
    #[test]
    fn check_never_panics(question in any_question(), response in any_response()) {
        let c = check(&question, &response);
        let _ = describe(&question, &response);
        // Almost is only ever a kind of right.
        prop_assert!(!c.almost || c.correct);
    }

    #[test]
    fn the_first_accepted_answer_is_always_right(accepted in proptest::collection::vec("[a-zA-Z' -]{1,16}", 1..4)) {
        prop_assume!(!normalise(&accepted[0]).is_empty());
        let q = Question::TypeAnswer { prompt: String::new(), accepted: accepted.clone() };
        let c = check(&q, &Response::Typed(accepted[0].clone()));
        prop_assert!(c.correct && !c.almost);
    }
}

fn map_question() -> Question {
    Question::MapPoint {
        prompt: s("Where did the conference meet?"),
        map: crate::deck::Image {
            file: s("maps/far-east.svg"),
            alt: s("A map"),
            credit: String::new(),
        },
        answer: s("Changchun"),
        target: Spot { x: 500.0, y: 600.0 },
        radius: 30.0,
        markers: vec![Marker {
            x: 600.0,
            y: 450.0,
            label: s("Harbin"),
        }],
    }
}

#[test]
fn a_map_answer_is_right_up_to_the_radius_and_not_beyond() {
    let q = map_question();
    let at = |x: f64, y: f64| check(&q, &Response::Place(Some(Spot { x, y })));
    // 18² + 24² = 30²: exactly on the edge counts.
    let edge = at(518.0, 624.0);
    assert!(edge.correct, "{edge:?}");
    assert_eq!(
        edge.detail,
        Detail::Place {
            distance: Some(30.0),
            chosen: Some(s("Changchun"))
        }
    );
    let beyond = at(518.0, 624.1);
    assert!(!beyond.correct);
    let harbin = at(605.0, 455.0);
    assert!(!harbin.correct);
    assert!(matches!(harbin.detail, Detail::Place { chosen: Some(ref c), .. } if c == "Harbin"));
    let nowhere = at(10.0, 10.0);
    assert!(matches!(nowhere.detail, Detail::Place { chosen: None, .. }));
    let gave_up = check(&q, &Response::Place(None));
    assert!(!gave_up.correct);
    assert_eq!(
        describe(&q, &Response::Place(Some(Spot { x: 605.0, y: 455.0 }))),
        "Harbin"
    );
    assert_eq!(
        check(&q, &Response::Number(s("3"))).detail,
        Detail::WrongKind {
            expected: QuestionKind::MapPoint
        }
    );
}
