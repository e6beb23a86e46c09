//! A study session as a plain state machine: show a card, receive the rating (and whether the
//! answer was right), commit the review, move on; undo takes the last answer back exactly.
//! The clock is the `now` passed to each call and the RNG is the session's own, so tests control both.

use crate::answer::{Checked, Detail};
use crate::review::{CardKey, Rating, Review, ReviewKind};
use crate::schedule::{CardState, Category, Entry, Filter, Preview, Queue, Scheduler};
use crate::store::{Result, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use std::collections::HashMap;

/// How a checked answer was graded, which decides the ratings the learner may give it: the one
/// rating rule of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// A flashcard: nothing was checked, the learner's rating says how it went.
    ByLearner,
    Right,
    Wrong,
}

impl Grade {
    pub fn of(checked: &Checked) -> Grade {
        match checked.detail {
            Detail::SelfGraded => Grade::ByLearner,
            _ if checked.correct => Grade::Right,
            _ => Grade::Wrong,
        }
    }

    /// The ratings the learner may pick: any after a flashcard; Hard, Good or Easy after a right
    /// answer (a right answer is never a lapse); only Again after a wrong one (a wrong answer is
    /// never counted as remembered).
    pub fn allowed_ratings(self) -> &'static [Rating] {
        match self {
            Grade::ByLearner => &Rating::ALL,
            Grade::Right => &[Rating::Hard, Rating::Good, Rating::Easy],
            Grade::Wrong => &[Rating::Again],
        }
    }

    pub fn allows(self, rating: Rating) -> bool {
        self.allowed_ratings().contains(&rating)
    }

    /// The rating taken when the learner just goes on (Space or Enter).
    pub fn default_rating(self) -> Rating {
        match self {
            Grade::ByLearner | Grade::Right => Rating::Good,
            Grade::Wrong => Rating::Again,
        }
    }

    /// Whether the review is logged as right: for a flashcard, any rating above Again.
    pub fn correct(self, rating: Rating) -> bool {
        match self {
            Grade::ByLearner => rating != Rating::Again,
            Grade::Right => true,
            Grade::Wrong => false,
        }
    }
}

/// Whether the session's answers move the schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Every answer is scheduled by FSRS.
    #[default]
    Scheduled,
    /// Practice over a chosen set: answers are logged as [`ReviewKind::Cram`] and change no card's
    /// state; a card answered Again comes back at the end of the session.
    Cram,
}

/// The card on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub entry: Entry,
    pub state: CardState,
    /// When the card was shown; the answer time is measured from here.
    pub shown_at: DateTime<Utc>,
}

/// Running totals for the end-of-session summary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    cards: usize,
    correct: usize,
    time_ms: u64,
}

/// Everything needed to put the session back as it was before one answer.
#[derive(Debug, Clone)]
struct Undo {
    review_id: i64,
    queue: Queue,
    current: Current,
    tally: Tally,
}

/// What the learner did in this session.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Answers given.
    pub cards: usize,
    pub correct: usize,
    /// Share of answers that were right, 0.0 to 1.0 (0 with no answers).
    pub accuracy: f64,
    /// Time spent answering.
    pub time: Duration,
    /// When the next card falls due.
    pub next_due: Option<DateTime<Utc>>,
}

/// One study session over a queue, writing to a store.
#[derive(Debug)]
pub struct Session<R: Rng> {
    store: Store,
    scheduler: Scheduler,
    queue: Queue,
    rng: R,
    current: Option<Current>,
    undo: Vec<Undo>,
    tally: Tally,
    mode: Mode,
    /// The schedulers of decks with options of their own ([`crate::schedule::DeckOptions`]).
    deck_schedulers: HashMap<String, Scheduler>,
    /// The cards studied, for saying why nothing more is due afterwards.
    scope: Filter,
    /// Cards answered wrong this session, once per wrong answer, less those undone.
    missed: Vec<CardKey>,
}

impl<R: Rng> Session<R> {
    /// The session in this mode (scheduled unless said).
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Decks with options of their own are scheduled by their own scheduler.
    pub fn with_deck_schedulers(mut self, schedulers: HashMap<String, Scheduler>) -> Self {
        self.deck_schedulers = schedulers;
        self
    }

    /// The cards the session was asked for.
    pub fn with_scope(mut self, scope: Filter) -> Self {
        self.scope = scope;
        self
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn scope(&self) -> &Filter {
        &self.scope
    }

    /// The cards answered wrong this session, each once, in the order first missed.
    pub fn missed(&self) -> Vec<CardKey> {
        let mut seen = std::collections::HashSet::new();
        self.missed
            .iter()
            .filter(|k| seen.insert(*k))
            .cloned()
            .collect()
    }

    fn scheduler_for(&self, key: &CardKey) -> &Scheduler {
        self.deck_schedulers
            .get(&key.deck)
            .unwrap_or(&self.scheduler)
    }
    /// Starts a session and shows the first card at `now`.
    pub fn new(
        store: Store,
        scheduler: Scheduler,
        queue: Queue,
        rng: R,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let mut session = Session {
            store,
            scheduler,
            queue,
            rng,
            current: None,
            undo: Vec::new(),
            tally: Tally::default(),
            mode: Mode::Scheduled,
            deck_schedulers: HashMap::new(),
            scope: Filter::default(),
            missed: Vec::new(),
        };
        session.advance(now)?;
        Ok(session)
    }

    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    pub fn current_card(&self) -> Option<&CardKey> {
        self.current.as_ref().map(|c| &c.entry.key)
    }

    /// Restarts the answer timer: call when the card actually appears.
    pub fn show(&mut self, now: DateTime<Utc>) {
        if let Some(current) = &mut self.current {
            current.shown_at = now;
        }
    }

    /// What each rating would do to the current card ("Good · 3d").
    pub fn previews(&self, now: DateTime<Utc>) -> Option<[Preview; 4]> {
        self.current
            .as_ref()
            .map(|c| self.scheduler_for(&c.entry.key).next_states(&c.state, now))
    }

    /// Rates the current card: the review is committed to the store before this returns, then the
    /// next card is shown. Returns the logged review.
    pub fn rate(&mut self, rating: Rating, correct: bool, now: DateTime<Utc>) -> Result<Review> {
        let Some(current) = self.current.clone() else {
            return Err(StoreError::Invalid(
                "There is no card to rate: the session has no card on screen.".to_owned(),
            ));
        };
        let duration_ms =
            u32::try_from((now - current.shown_at).num_milliseconds().max(0)).unwrap_or(u32::MAX);
        let key = current.entry.key.clone();
        let (state, mut review) = match self.mode {
            Mode::Scheduled => {
                let scheduler = self
                    .deck_schedulers
                    .get(&key.deck)
                    .unwrap_or(&self.scheduler);
                let (state, scheduled) =
                    scheduler.apply(&current.state, rating, now, &mut self.rng);
                let review = scheduled.into_review(key.clone(), now, rating, correct, duration_ms);
                (state, review)
            }
            Mode::Cram => (
                current.state.clone(),
                cram_review(&current, rating, correct, now),
            ),
        };
        review.duration_ms = duration_ms;
        review.id = self.store.record_review(&review)?;

        self.undo.push(Undo {
            review_id: review.id,
            queue: self.queue.clone(),
            current: current.clone(),
            tally: self.tally,
        });
        self.tally.cards += 1;
        self.tally.correct += usize::from(correct);
        self.tally.time_ms += u64::from(duration_ms);
        if !correct {
            self.missed.push(key.clone());
        }
        match self.mode {
            Mode::Scheduled => self.queue.answered(&key, &state),
            // Practice until right: a card answered Again is asked once more at the end.
            Mode::Cram if rating == Rating::Again => self.queue.again_later(current.entry.clone()),
            Mode::Cram => self.queue.remove(&key),
        }
        self.advance(now)?;
        Ok(review)
    }

    /// Rates the current card after its answer was checked, by the rule of [`Grade`]: a rating the
    /// grade does not allow is refused and nothing is logged.
    pub fn rate_checked(
        &mut self,
        checked: &Checked,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Result<Review> {
        let grade = Grade::of(checked);
        if !grade.allows(rating) {
            return Err(StoreError::Invalid(format!(
                "{} is not a rating for this answer; choose {}.",
                rating.label(),
                grade
                    .allowed_ratings()
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        self.rate(rating, grade.correct(rating), now)
    }

    /// Takes back the last answer of this session: the review leaves the store, the card's state
    /// and the queue are as before, and the card is shown again from `now`.
    pub fn undo(&mut self, now: DateTime<Utc>) -> Result<Option<Review>> {
        let Some(last) = self.undo.last() else {
            return Ok(None);
        };
        let newest = self.store.reviews_newest_id()?;
        if newest != Some(last.review_id) {
            return Err(StoreError::Invalid(
                "The last answer can no longer be undone: another review was logged after it."
                    .to_owned(),
            ));
        }
        let undone = self.store.undo_last_review()?;
        let last = self.undo.pop().expect("checked above");
        if undone.as_ref().is_some_and(|r| !r.correct) {
            self.missed.pop();
        }
        self.queue = last.queue;
        self.tally = last.tally;
        self.current = Some(Current {
            shown_at: now,
            ..last.current
        });
        Ok(undone)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Shows the next card if none is on screen (a learning card may have come due meanwhile).
    pub fn refresh(&mut self, now: DateTime<Utc>) -> Result<()> {
        if self.current.is_none() {
            self.advance(now)?;
        }
        Ok(())
    }

    fn advance(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.current = match self.queue.next(now) {
            Some(entry) => Some(Current {
                state: self.store.card_state(&entry.key)?,
                entry,
                shown_at: now,
            }),
            None => None,
        };
        Ok(())
    }

    /// (new, learning, review) cards left, the one on screen included.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut new, mut learning, mut review) = self.queue.counts();
        match self.current.as_ref().map(|c| c.entry.category) {
            Some(Category::New) => new += 1,
            Some(Category::Learning) => learning += 1,
            Some(Category::Review) => review += 1,
            None => {}
        }
        (new, learning, review)
    }

    /// Nothing on screen and nothing left today.
    pub fn is_finished(&self) -> bool {
        self.current.is_none() && self.queue.is_empty()
    }

    /// With nothing on screen but learning cards waiting: when the next one comes due.
    pub fn waiting_until(&self) -> Option<DateTime<Utc>> {
        if self.current.is_some() {
            None
        } else {
            self.queue.next_learning_due()
        }
    }

    pub fn summary(&self, now: DateTime<Utc>) -> Result<Summary> {
        let t = self.tally;
        Ok(Summary {
            cards: t.cards,
            correct: t.correct,
            accuracy: if t.cards == 0 {
                0.0
            } else {
                t.correct as f64 / t.cards as f64
            },
            time: Duration::milliseconds(i64::try_from(t.time_ms).unwrap_or(i64::MAX)),
            next_due: self.store.next_due(now)?,
        })
    }

    /// Whether the session's answers leave the schedule as it is.
    pub fn is_cram(&self) -> bool {
        self.mode == Mode::Cram
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    pub fn queue(&self) -> &Queue {
        &self.queue
    }
}

/// A cram answer: logged with the card's memory as it was, no new memory and no due date, so no
/// state derived from the log moves ([`CardState::after`]).
fn cram_review(current: &Current, rating: Rating, correct: bool, now: DateTime<Utc>) -> Review {
    Review {
        id: 0,
        at: now,
        card: current.entry.key.clone(),
        rating,
        correct,
        duration_ms: 0,
        kind: ReviewKind::Cram,
        before: current.state.memory,
        after: None,
        due: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::answer::{Response, check};
    use crate::deck::Question;

    fn checked(question: &Question, response: Response) -> Checked {
        check(question, &response)
    }

    #[test]
    fn a_wrong_answer_allows_only_again_and_a_right_one_never_again() {
        let tf = Question::TrueFalse {
            statement: "The conference opened in 1922.".into(),
            answer: true,
        };
        let right = Grade::of(&checked(&tf, Response::TrueFalse(true)));
        let wrong = Grade::of(&checked(&tf, Response::TrueFalse(false)));
        assert_eq!(right, Grade::Right);
        assert_eq!(wrong, Grade::Wrong);
        assert_eq!(wrong.allowed_ratings(), &[Rating::Again]);
        assert_eq!(wrong.default_rating(), Rating::Again);
        assert!(!right.allows(Rating::Again));
        assert_eq!(right.default_rating(), Rating::Good);
        assert!(right.allows(Rating::Hard) && right.allows(Rating::Easy));
        assert!(right.correct(Rating::Hard) && !wrong.correct(Rating::Again));
    }

    #[test]
    fn a_flashcard_takes_any_rating_and_again_logs_it_wrong() {
        let card = Question::Flashcard {
            front: "Where?".into(),
            back: "Changchun".into(),
        };
        let grade = Grade::of(&checked(&card, Response::Revealed));
        assert_eq!(grade, Grade::ByLearner);
        assert_eq!(grade.allowed_ratings(), &Rating::ALL);
        assert_eq!(grade.default_rating(), Rating::Good);
        assert!(!grade.correct(Rating::Again));
        assert!(grade.correct(Rating::Hard));
    }
}
