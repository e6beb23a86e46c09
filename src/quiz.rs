//! A scored Quiz: questions drawn at random, every one graded by the app, with an optional time
//! limit. A Quiz never moves the schedule and never writes to a store: the caller stores the
//! finished [`TestResult`].

use crate::answer::{self, Checked, Response, near_duplicate, normalise};
use crate::deck::model::{Card, Deck, Question};
use crate::review::{CardKey, TestAnswer, TestResult};
use chrono::{DateTime, Utc};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;
use std::time::Duration;
use thiserror::Error;

/// How many questions a Quiz may have.
pub const COUNT_RANGE: RangeInclusive<usize> = 5..=100;
pub const DEFAULT_COUNT: usize = 20;
/// A flashcard asked in a Quiz offers its back among this many other answers.
pub const DISTRACTORS: usize = 3;

/// What a Quiz draws from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizSpec {
    /// Deck ids to draw from; empty means every deck given.
    pub decks: Vec<String>,
    /// Topics to draw from; empty means every topic.
    pub topics: Vec<String>,
    /// How many questions, within [`COUNT_RANGE`].
    pub count: usize,
    pub time_limit: Option<Duration>,
    /// Only these cards (those studied today, say); `None` means every card of the decks and topics.
    #[serde(default)]
    pub cards: Option<BTreeSet<CardKey>>,
}

impl Default for QuizSpec {
    fn default() -> Self {
        QuizSpec {
            decks: Vec::new(),
            topics: Vec::new(),
            count: DEFAULT_COUNT,
            time_limit: None,
            cards: None,
        }
    }
}

/// The question counts a Quiz can offer when `available` cards match its decks and topics: within
/// [`COUNT_RANGE`], and never more questions than there are cards.
pub fn count_choices(available: usize) -> RangeInclusive<usize> {
    let end = (*COUNT_RANGE.end()).min(available).max(1);
    let start = (*COUNT_RANGE.start()).min(end);
    start..=end
}

impl QuizSpec {
    /// Whether a card of a deck is among those the Quiz draws from.
    pub fn includes(&self, deck: &Deck, card: &Card) -> bool {
        (self.decks.is_empty() || self.decks.contains(&deck.id))
            && (self.topics.is_empty() || self.topics.contains(&card.topic))
            && self.cards.as_ref().is_none_or(|cards| {
                cards.contains(&CardKey {
                    deck: deck.id.clone(),
                    card: card.id.clone(),
                })
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QuizError {
    #[error("the quiz is over; no more answers are taken")]
    Over,
    #[error("the time limit has passed; the answer was not counted")]
    TimeUp,
}

/// One question of a Quiz, as asked: a flashcard is asked as multiple choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestion {
    pub card: CardKey,
    pub topic: String,
    pub question: Question,
    pub explanation: String,
    /// The card's sources as full citations, for the result review.
    #[serde(default)]
    pub citations: Vec<String>,
}

/// Draws up to `spec.count` (kept within [`COUNT_RANGE`]) distinct cards at random from the
/// chosen decks and topics; fewer when fewer exist. A flashcard is left out when no other card
/// offers an answer to set beside its own. Distractors come from every deck given, the card's own
/// topic and deck first, and are never the card's answer in any spelling or wording.
pub fn draw<R: Rng + ?Sized>(spec: &QuizSpec, decks: &[&Deck], rng: &mut R) -> Vec<QuizQuestion> {
    let count = spec.count.clamp(*COUNT_RANGE.start(), *COUNT_RANGE.end());
    let mut seen = HashSet::new();
    let mut eligible: Vec<(&Deck, &Card)> = decks
        .iter()
        .flat_map(|deck| deck.cards.iter().map(move |card| (*deck, card)))
        .filter(|(deck, card)| spec.includes(deck, card))
        .filter(|(deck, card)| seen.insert(CardKey::new(&deck.id, &card.id)))
        .collect();
    eligible.shuffle(rng);

    let mut pool = None;
    let mut drawn = Vec::with_capacity(count.min(eligible.len()));
    for (deck, card) in eligible {
        if drawn.len() == count {
            break;
        }
        let question = match &card.question {
            Question::Flashcard { front, back } => {
                let pool = pool.get_or_insert_with(|| Pool::new(decks));
                let Some(q) = pool.as_multiple_choice(front, back, deck, card, rng) else {
                    continue;
                };
                q
            }
            other => other.clone(),
        };
        drawn.push(QuizQuestion {
            card: CardKey::new(&deck.id, &card.id),
            topic: card.topic.clone(),
            question,
            explanation: card.explanation.clone(),
            citations: deck.citations(card),
        });
    }
    drawn
}

/// The answers of every card that can stand as a wrong option, gathered once per draw so that
/// turning many flashcards into multiple choice stays cheap on large decks.
struct Pool<'a> {
    candidates: Vec<Candidate<'a>>,
    by_topic: HashMap<&'a str, Vec<usize>>,
}

struct Candidate<'a> {
    deck: &'a str,
    card: &'a str,
    topic: &'a str,
    flashcard: bool,
    text: String,
}

/// How many cards of other topics are looked at when a topic has too few answers of its own.
const OTHER_TOPIC_SAMPLE: usize = 64;

impl<'a> Pool<'a> {
    fn new(decks: &[&'a Deck]) -> Self {
        let mut pool = Pool {
            candidates: Vec::new(),
            by_topic: HashMap::new(),
        };
        for deck in decks {
            for card in &deck.cards {
                let Some(text) = distractor_text(&card.question) else {
                    continue;
                };
                pool.by_topic
                    .entry(card.topic.as_str())
                    .or_default()
                    .push(pool.candidates.len());
                pool.candidates.push(Candidate {
                    deck: &deck.id,
                    card: &card.id,
                    topic: &card.topic,
                    flashcard: matches!(card.question, Question::Flashcard { .. }),
                    text,
                });
            }
        }
        pool
    }

    /// A flashcard as multiple choice: its back among up to [`DISTRACTORS`] answers of other
    /// cards, preferring flashcards of the same topic, then other answers of that topic, then
    /// (flashcards first) other topics.
    fn as_multiple_choice<R: Rng + ?Sized>(
        &self,
        front: &str,
        back: &str,
        deck: &Deck,
        card: &Card,
        rng: &mut R,
    ) -> Option<Question> {
        let mut near: Vec<usize> = self
            .by_topic
            .get(card.topic.as_str())
            .cloned()
            .unwrap_or_default();
        near.shuffle(rng);
        // Flashcards first (their answers read alike), and among them the card's own deck first:
        // another deck may ask the same question in other words.
        let preference = |i: &usize| {
            let c = &self.candidates[*i];
            (!c.flashcard, c.deck != deck.id)
        };
        near.sort_by_key(preference);

        let mut options = vec![back.to_owned()];
        let offer = |i: usize, options: &mut Vec<String>| {
            let c = &self.candidates[i];
            if options.len() > DISTRACTORS || (c.deck == deck.id && c.card == card.id) {
                return;
            }
            // Never a second right answer: nothing the checker would accept for the card's answer,
            // nor the same answer in other words, nor a copy of another option.
            if !normalise(&c.text).is_empty() && !options.iter().any(|o| near_duplicate(o, &c.text))
            {
                options.push(c.text.clone());
            }
        };
        for i in near {
            offer(i, &mut options);
        }
        if options.len() <= DISTRACTORS {
            let amount = OTHER_TOPIC_SAMPLE.min(self.candidates.len());
            let mut far: Vec<usize> = rand::seq::index::sample(rng, self.candidates.len(), amount)
                .into_iter()
                .filter(|&i| self.candidates[i].topic != card.topic)
                .collect();
            far.sort_by_key(preference);
            for i in far {
                offer(i, &mut options);
            }
        }
        if options.len() < 2 {
            return None;
        }
        options.shuffle(rng);
        let correct = options.iter().position(|o| o == back)?;
        Some(Question::MultipleChoice {
            prompt: front.to_owned(),
            options,
            correct: vec![correct],
        })
    }
}

/// The answer of a card when it reads as one option among others; sequences, pairings, whole
/// sentences with blanks and true/false do not.
fn distractor_text(question: &Question) -> Option<String> {
    let text = match question {
        Question::Flashcard { .. } | Question::TypeAnswer { .. } | Question::Number { .. } => {
            question.answer_text()
        }
        Question::MultipleChoice { correct, .. } if correct.len() == 1 => question.answer_text(),
        _ => return None,
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

/// A Quiz being taken: one question at a time, graded as answered.
#[derive(Debug, Clone)]
pub struct Quiz {
    spec: QuizSpec,
    questions: Vec<QuizQuestion>,
    answers: Vec<Option<Answered>>,
    current: usize,
    started: DateTime<Utc>,
    /// When the last answer was taken, or the learner ended the Quiz.
    ended: Option<DateTime<Utc>>,
    finished: bool,
}

#[derive(Debug, Clone)]
struct Answered {
    checked: Checked,
    given: String,
}

impl Quiz {
    /// A Quiz of the given questions, started at `now`.
    pub fn new(spec: QuizSpec, questions: Vec<QuizQuestion>, now: DateTime<Utc>) -> Self {
        let answers = vec![None; questions.len()];
        Quiz {
            spec,
            questions,
            answers,
            current: 0,
            started: now,
            ended: None,
            finished: false,
        }
    }

    /// Draws the questions (see [`draw`]) and starts the Quiz at `now`.
    pub fn start<R: Rng + ?Sized>(
        spec: QuizSpec,
        decks: &[&Deck],
        rng: &mut R,
        now: DateTime<Utc>,
    ) -> Self {
        let questions = draw(&spec, decks, rng);
        Quiz::new(spec, questions, now)
    }

    pub fn questions(&self) -> &[QuizQuestion] {
        &self.questions
    }

    pub fn spec(&self) -> &QuizSpec {
        &self.spec
    }

    /// The question to answer now; `None` once every question is answered or the Quiz ended.
    /// (A time limit is checked with [`Quiz::is_over`], which needs the time.)
    pub fn current(&self) -> Option<&QuizQuestion> {
        if self.finished {
            None
        } else {
            self.questions.get(self.current)
        }
    }

    /// The current question's index counting from 0, and how many questions there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.current.min(self.questions.len()), self.questions.len())
    }

    /// When the time runs out, for a timed Quiz.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        let limit = chrono::Duration::from_std(self.spec.time_limit?).ok()?;
        self.started.checked_add_signed(limit)
    }

    /// Time left at `now`, for a timed Quiz.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        let left = self.deadline()? - now;
        Some(left.to_std().unwrap_or(Duration::ZERO))
    }

    /// Whether the Quiz is over at `now`: every question answered, ended, or out of time.
    pub fn is_over(&self, now: DateTime<Utc>) -> bool {
        self.current().is_none() || self.deadline().is_some_and(|d| now >= d)
    }

    /// Grades the response to the current question and moves to the next one.
    pub fn answer(
        &mut self,
        response: Response,
        now: DateTime<Utc>,
    ) -> Result<&Checked, QuizError> {
        if self.deadline().is_some_and(|d| now >= d) {
            self.finish(now);
            return Err(QuizError::TimeUp);
        }
        let Some(q) = self.current() else {
            return Err(QuizError::Over);
        };
        let answered = Answered {
            checked: answer::check(&q.question, &response),
            given: answer::describe(&q.question, &response),
        };
        let index = self.current;
        self.current += 1;
        self.ended = Some(now);
        if self.current == self.questions.len() {
            self.finished = true;
        }
        Ok(&self.answers[index].insert(answered).checked)
    }

    /// Ends the Quiz early; questions not answered count as wrong.
    pub fn finish(&mut self, now: DateTime<Utc>) {
        if !self.finished {
            self.finished = true;
            self.ended = Some(now);
        }
    }

    /// How the Quiz went: each question's outcome, with unanswered questions counted wrong.
    /// The duration runs to the last answer (or the end), never past the time limit.
    pub fn result(&self) -> TestResult {
        let mut end = self.ended.unwrap_or(self.started);
        if let Some(deadline) = self.deadline() {
            end = end.min(deadline);
        }
        let duration_ms = (end - self.started).num_milliseconds().max(0) as u64;
        let answers = self
            .questions
            .iter()
            .zip(&self.answers)
            .map(|(q, a)| TestAnswer {
                card: q.card.clone(),
                correct: a.as_ref().is_some_and(|a| a.checked.correct),
                given: a.as_ref().map(|a| a.given.clone()).unwrap_or_default(),
                expected: q.question.answer_text(),
            })
            .collect();
        TestResult {
            id: 0,
            started: self.started,
            duration_ms,
            decks: chosen_or_asked(
                &self.spec.decks,
                self.questions.iter().map(|q| &q.card.deck),
            ),
            topics: chosen_or_asked(&self.spec.topics, self.questions.iter().map(|q| &q.topic)),
            answers,
        }
    }

    /// The check of each question answered so far, in order (`None` where not answered).
    pub fn checks(&self) -> impl Iterator<Item = Option<&Checked>> {
        self.answers.iter().map(|a| a.as_ref().map(|a| &a.checked))
    }

    /// A new Quiz, started at `now`, of the questions answered wrong or not at all, asked as
    /// before; `None` when none were missed.
    pub fn missed(&self, now: DateTime<Utc>) -> Option<Quiz> {
        let questions: Vec<QuizQuestion> = self
            .questions
            .iter()
            .zip(&self.answers)
            .filter(|(_, a)| !a.as_ref().is_some_and(|a| a.checked.correct))
            .map(|(q, _)| q.clone())
            .collect();
        if questions.is_empty() {
            return None;
        }
        let spec = QuizSpec {
            count: questions.len(),
            ..self.spec.clone()
        };
        Some(Quiz::new(spec, questions, now))
    }
}

/// The decks or topics a Quiz was drawn from: those chosen, or when all were allowed (an empty
/// choice), those its questions came from, so results can be charted per deck.
fn chosen_or_asked<'a>(chosen: &[String], asked: impl Iterator<Item = &'a String>) -> Vec<String> {
    if !chosen.is_empty() {
        return chosen.to_vec();
    }
    let mut seen = HashSet::new();
    asked
        .filter(|name| seen.insert(name.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Detail;
    use chrono::TimeZone;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 9, 4, 10, 0, 0).unwrap() + chrono::Duration::seconds(seconds)
    }

    fn card(id: &str, topic: &str, question: Question) -> Card {
        Card {
            id: id.to_owned(),
            topic: topic.to_owned(),
            tags: Vec::new(),
            question,
            explanation: format!("why {id}"),
            sources: Vec::new(),
            image: None,
            explanation_image: None,
        }
    }

    fn flash(back: &str) -> Question {
        Question::Flashcard {
            front: format!("front of {back}"),
            back: back.to_owned(),
        }
    }

    fn typed(answer: &str) -> Question {
        Question::TypeAnswer {
            prompt: format!("prompt {answer}"),
            accepted: vec![answer.to_owned()],
        }
    }

    fn big_deck() -> Deck {
        Deck::of_cards(
            "big",
            (0..30)
                .map(|i| {
                    let topic = if i % 2 == 0 { "Causes" } else { "Positions" };
                    card(&format!("c{i}"), topic, typed(&format!("a{i}")))
                })
                .collect(),
        )
    }

    fn spec(count: usize) -> QuizSpec {
        QuizSpec {
            count,
            ..QuizSpec::default()
        }
    }

    fn right_answer(q: &Question) -> Response {
        match q {
            Question::TypeAnswer { accepted, .. } => Response::Typed(accepted[0].clone()),
            Question::MultipleChoice { correct, .. } => Response::Choices(correct.clone()),
            other => panic!("unexpected question {other:?}"),
        }
    }

    #[test]
    fn a_test_offers_no_more_questions_than_cards_match() {
        assert_eq!(QuizSpec::default().count, 20);
        assert_eq!(count_choices(1000), COUNT_RANGE);
        assert_eq!(count_choices(15), 5..=15);
        assert_eq!(count_choices(3), 3..=3);
        assert_eq!(count_choices(0), 1..=1);
    }

    #[test]
    fn draws_without_repeats_and_from_the_chosen_topics() {
        let big = big_deck();
        let mut rng = StdRng::seed_from_u64(1);
        let drawn = draw(&spec(20), &[&big, &big], &mut rng);
        assert_eq!(drawn.len(), 20);
        let keys: HashSet<_> = drawn.iter().map(|q| q.card.clone()).collect();
        assert_eq!(keys.len(), 20);

        let only_causes = QuizSpec {
            topics: vec!["Causes".to_owned()],
            ..spec(20)
        };
        let drawn = draw(&only_causes, &[&big], &mut rng);
        assert_eq!(drawn.len(), 15, "only 15 cards are about causes");
        assert!(drawn.iter().all(|q| q.topic == "Causes"));

        let other = Deck::of_cards("other", vec![card("x", "Causes", typed("x"))]);
        let only_other = QuizSpec {
            decks: vec!["other".to_owned()],
            ..spec(20)
        };
        let drawn = draw(&only_other, &[&big, &other], &mut rng);
        assert_eq!(drawn.len(), 1);
        assert_eq!(drawn[0].card, CardKey::new("other", "x"));

        // A set of cards (those studied today, say) narrows the draw to them.
        let chosen: BTreeSet<CardKey> = drawn
            .iter()
            .map(|q| q.card.clone())
            .chain(std::iter::once(CardKey::new(&big.id, &big.cards[0].id)))
            .collect();
        let only_chosen = QuizSpec {
            cards: Some(chosen.clone()),
            ..spec(20)
        };
        let of_chosen = draw(&only_chosen, &[&big, &other], &mut rng);
        assert_eq!(of_chosen.len(), 2);
        assert!(of_chosen.iter().all(|q| chosen.contains(&q.card)));
        assert_eq!(drawn[0].explanation, "why x");
    }

    #[test]
    fn a_drawn_question_carries_its_sources_by_name_for_the_review() {
        let mut cited = card("x", "Causes", typed("x"));
        cited.sources = vec!["GSE".to_owned(), "NOTES".to_owned()];
        let mut deck = Deck::of_cards("d", vec![cited]);
        deck.sources.insert(
            "GSE".to_owned(),
            crate::deck::model::Citation {
                author: "A. Prokhorov".to_owned(),
                title: "Great Soviet Encyclopedia".to_owned(),
                ..Default::default()
            },
        );
        let drawn = draw(&spec(5), &[&deck], &mut StdRng::seed_from_u64(1));
        assert_eq!(
            drawn[0].citations,
            ["A. Prokhorov, Great Soviet Encyclopedia", "NOTES"]
        );
    }

    #[test]
    fn draws_differ_between_seeds_and_repeat_with_the_same_seed() {
        let big = big_deck();
        let ids = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            draw(&spec(5), &[&big], &mut rng)
                .into_iter()
                .map(|q| q.card.card)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(3), ids(3));
        assert_ne!(ids(3), ids(4));
    }

    #[test]
    fn count_is_kept_within_range() {
        let big = big_deck();
        let mut rng = StdRng::seed_from_u64(2);
        assert_eq!(draw(&spec(1), &[&big], &mut rng).len(), 5);
        assert_eq!(draw(&spec(1000), &[&big], &mut rng).len(), 30);
    }

    #[test]
    fn flashcards_become_multiple_choice_with_distinct_distractors() {
        let d = Deck::of_cards(
            "d",
            vec![
                card("f1", "Causes", flash("A buffer state")),
                card("f2", "Causes", flash("The Siberian intervention")),
                card("f3", "Causes", flash("a buffer state.")), // the same answer, spelled differently
                card("t1", "Causes", typed("Changchun")),
                card("f4", "Positions", flash("Withdrawal from Sakhalin")),
                card("f5", "Positions", flash("Recognition")),
                card(
                    "o",
                    "Causes",
                    Question::Order {
                        prompt: String::new(),
                        items: vec!["x".into(), "y".into()],
                    },
                ),
            ],
        );
        for seed in 0..50 {
            let mut rng = StdRng::seed_from_u64(seed);
            let drawn = draw(&spec(20), &[&d], &mut rng);
            let q = drawn
                .iter()
                .find(|q| q.card.card == "f1")
                .expect("f1 is drawn");
            let Question::MultipleChoice {
                prompt,
                options,
                correct,
            } = &q.question
            else {
                panic!("a flashcard is asked as multiple choice")
            };
            assert_eq!(prompt, "front of A buffer state");
            assert_eq!(options.len(), 1 + DISTRACTORS);
            assert_eq!(correct.len(), 1);
            assert_eq!(options[correct[0]], "A buffer state");
            let keys: HashSet<String> = options.iter().map(|o| normalise(o)).collect();
            assert_eq!(
                keys.len(),
                options.len(),
                "options are distinct: {options:?}"
            );
            // Same topic first: both other answers about causes are always offered.
            assert!(options.contains(&"The Siberian intervention".to_owned()));
            assert!(options.contains(&"Changchun".to_owned()));
            assert!(!options.iter().any(|o| o.contains('→')));
        }
    }

    #[test]
    fn a_test_never_offers_a_second_right_answer_and_prefers_the_cards_own_deck() {
        let intro = Deck::of_cards(
            "intro",
            vec![
                card(
                    "fer",
                    "Consequences",
                    flash(
                        "It was absorbed into Soviet Russia in November 1922; once Japan had gone, \
                         the buffer was no longer needed.",
                    ),
                ),
                card("port", "Consequences", flash("Vladivostok")),
                card("city", "Consequences", flash("Changchun")),
                card("year", "Consequences", flash("Northern Sakhalin")),
            ],
        );
        let main = Deck::of_cards(
            "main",
            vec![
                // The same facts, asked again in the main deck.
                card(
                    "fer-end",
                    "Consequences",
                    flash(
                        "It had been created as a buffer against Japan. With Japanese troops gone \
                         from the mainland, Moscow no longer needed a separate state and absorbed \
                         it into Soviet Russia.",
                    ),
                ),
                card("port-again", "Consequences", flash("Vladivostock")),
                card("city-typed", "Consequences", typed("Ch'angch'un")),
            ],
        );
        for seed in 0..40 {
            let mut rng = StdRng::seed_from_u64(seed);
            for q in draw(&spec(20), &[&intro, &main], &mut rng) {
                let Question::MultipleChoice {
                    options, correct, ..
                } = &q.question
                else {
                    continue;
                };
                let right = &options[correct[0]];
                for (i, option) in options.iter().enumerate() {
                    if i != correct[0] {
                        assert!(
                            !near_duplicate(right, option),
                            "{option:?} is offered beside {right:?} ({:?})",
                            q.card
                        );
                        // What the checker accepts for the right answer is never offered as wrong.
                        assert!(!answer::check_typed(std::slice::from_ref(right), option).correct);
                    }
                }
                if q.card.deck == "intro" {
                    // Three other flashcards in the card's own deck and topic: all of them are used.
                    let own: Vec<&str> = ["Vladivostok", "Changchun", "Northern Sakhalin"]
                        .into_iter()
                        .filter(|o| *o != right)
                        .collect();
                    for o in own {
                        assert!(options.iter().any(|x| x == o), "{o} missing: {options:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn other_topics_fill_in_when_a_topic_has_too_few_answers() {
        let mut cards = vec![
            card("f", "Causes", flash("A buffer state")),
            card("near", "Causes", typed("Changchun")),
        ];
        cards
            .extend((0..200).map(|i| card(&format!("p{i}"), "Positions", flash(&format!("p{i}")))));
        let d = Deck::of_cards("d", cards);
        let mut asked = 0;
        for seed in 0..20 {
            let mut rng = StdRng::seed_from_u64(seed);
            let q = draw(&spec(100), &[&d], &mut rng)
                .into_iter()
                .find(|q| q.card.card == "f");
            let Some(QuizQuestion {
                question: Question::MultipleChoice { options, .. },
                ..
            }) = q
            else {
                continue;
            };
            assert_eq!(options.len(), 1 + DISTRACTORS, "{options:?}");
            assert!(options.contains(&"Changchun".to_owned()));
            asked += 1;
        }
        assert!(asked > 0, "the flashcard was drawn at least once");
    }

    #[test]
    fn flashcard_options_are_shuffled() {
        let d = Deck::of_cards(
            "d",
            (0..6)
                .map(|i| card(&format!("f{i}"), "Causes", flash(&format!("back {i}"))))
                .collect(),
        );
        let mut positions = HashSet::new();
        for seed in 0..40 {
            let mut rng = StdRng::seed_from_u64(seed);
            for q in draw(&spec(6), &[&d], &mut rng) {
                if let Question::MultipleChoice { correct, .. } = q.question {
                    positions.insert(correct[0]);
                }
            }
        }
        assert_eq!(
            positions.len(),
            1 + DISTRACTORS,
            "the right answer moves around"
        );
    }

    #[test]
    fn a_lone_flashcard_cannot_be_tested() {
        let d = Deck::of_cards("d", vec![card("f", "Causes", flash("only one"))]);
        let mut rng = StdRng::seed_from_u64(0);
        assert!(draw(&spec(5), &[&d], &mut rng).is_empty());
        let with_one_other = Deck::of_cards(
            "d",
            vec![
                card("f", "Causes", flash("only one")),
                card("t", "Positions", typed("Changchun")),
            ],
        );
        let drawn = draw(&spec(5), &[&with_one_other], &mut rng);
        assert_eq!(drawn.len(), 2);
        let f = drawn.iter().find(|q| q.card.card == "f").unwrap();
        let Question::MultipleChoice { options, .. } = &f.question else {
            panic!("multiple choice expected")
        };
        assert_eq!(options.len(), 2);
    }

    #[test]
    fn taking_a_test_scores_it() {
        let big = big_deck();
        let mut rng = StdRng::seed_from_u64(9);
        let mut quiz = Quiz::start(spec(5), &[&big], &mut rng, at(0));
        assert_eq!(quiz.progress(), (0, 5));
        for i in 0..5 {
            let q = quiz.current().expect("a question").question.clone();
            let response = if i % 2 == 0 {
                right_answer(&q)
            } else {
                Response::Typed("wrong".into())
            };
            let checked = quiz.answer(response, at(10 * (i + 1))).unwrap();
            assert_eq!(checked.correct, i % 2 == 0);
        }
        assert!(quiz.current().is_none());
        assert!(quiz.is_over(at(50)));
        assert_eq!(
            quiz.answer(Response::Typed("late".into()), at(60)),
            Err(QuizError::Over)
        );

        let result = quiz.result();
        assert_eq!(result.answers.len(), 5);
        assert_eq!(result.correct(), 3);
        assert!((result.score() - 0.6).abs() < 1e-12);
        assert_eq!(result.duration_ms, 50_000);
        assert_eq!(result.started, at(0));
        assert_eq!(result.decks, vec!["big".to_owned()]);
        assert_eq!(result.answers[1].given, "wrong");
        assert!(result.answers[1].expected.starts_with('a'));
        assert_eq!(result.answers[0].given, result.answers[0].expected);
        assert_eq!(quiz.checks().flatten().count(), 5);
    }

    #[test]
    fn time_limit_ends_the_test_and_unanswered_count_wrong() {
        let big = big_deck();
        let mut rng = StdRng::seed_from_u64(5);
        let timed = QuizSpec {
            time_limit: Some(Duration::from_secs(60)),
            ..spec(5)
        };
        let mut quiz = Quiz::start(timed, &[&big], &mut rng, at(0));
        assert_eq!(quiz.remaining(at(20)), Some(Duration::from_secs(40)));
        let q = quiz.current().unwrap().question.clone();
        assert!(quiz.answer(right_answer(&q), at(20)).unwrap().correct);
        assert!(!quiz.is_over(at(59)));
        assert!(quiz.is_over(at(60)));
        assert_eq!(quiz.remaining(at(90)), Some(Duration::ZERO));

        let q = quiz.current().unwrap().question.clone();
        assert_eq!(
            quiz.answer(right_answer(&q), at(61)),
            Err(QuizError::TimeUp)
        );
        assert!(quiz.current().is_none());

        let result = quiz.result();
        assert_eq!(result.correct(), 1);
        assert_eq!(result.answers.len(), 5);
        assert_eq!(result.duration_ms, 60_000, "never longer than the limit");
        assert!(
            result.answers[1..]
                .iter()
                .all(|a| !a.correct && a.given.is_empty())
        );
    }

    #[test]
    fn finishing_early_and_retrying_the_missed_ones() {
        let big = big_deck();
        let mut rng = StdRng::seed_from_u64(11);
        let mut quiz = Quiz::start(spec(6), &[&big], &mut rng, at(0));
        let asked: Vec<QuizQuestion> = quiz.questions().to_vec();
        quiz.answer(right_answer(&asked[0].question), at(5))
            .unwrap();
        quiz.answer(Response::Typed("no".into()), at(9)).unwrap();
        quiz.answer(right_answer(&asked[2].question), at(12))
            .unwrap();
        quiz.finish(at(30));
        assert!(quiz.is_over(at(30)));
        assert_eq!(quiz.result().duration_ms, 30_000);

        let retry = quiz.missed(at(100)).expect("four were missed");
        let missed: Vec<&CardKey> = retry.questions().iter().map(|q| &q.card).collect();
        let expected: Vec<&CardKey> = [1, 3, 4, 5].iter().map(|&i| &asked[i].card).collect();
        assert_eq!(missed, expected);
        assert_eq!(
            retry.questions()[0].question,
            asked[1].question,
            "asked as before"
        );
        assert_eq!(retry.result().started, at(100));

        let mut retry = retry;
        for _ in 0..4 {
            let q = retry.current().unwrap().question.clone();
            retry.answer(right_answer(&q), at(110)).unwrap();
        }
        assert!(retry.missed(at(120)).is_none());
    }

    #[test]
    fn almost_right_counts_right_in_a_test() {
        let d = Deck::of_cards(
            "d",
            (0..5)
                .map(|i| card(&format!("c{i}"), "Causes", typed("Changchun")))
                .collect(),
        );
        let mut rng = StdRng::seed_from_u64(0);
        let mut quiz = Quiz::start(spec(5), &[&d], &mut rng, at(0));
        let checked = quiz
            .answer(Response::Typed("Changchn".into()), at(1))
            .unwrap();
        assert!(checked.correct && checked.almost);
        assert!(matches!(checked.detail, Detail::Typed(_)));
    }

    #[test]
    fn an_empty_test_is_over_at_once() {
        let empty = Deck::of_cards("e", Vec::new());
        let mut rng = StdRng::seed_from_u64(0);
        let mut quiz = Quiz::start(spec(5), &[&empty], &mut rng, at(0));
        assert!(quiz.is_over(at(0)));
        assert_eq!(quiz.answer(Response::Revealed, at(1)), Err(QuizError::Over));
        assert_eq!(quiz.result().score(), 0.0);
        assert!(quiz.missed(at(2)).is_none());
    }
}
