//! A study session as a plain state machine: show a card, receive the rating (and whether the
//! answer was right), commit the review, move on; undo takes the last answer back exactly.
//! The clock is the `now` passed to each call and the RNG is the session's own, so tests control both.
//!
//! Deciding is apart from storing: `rate`, `undo`, `refresh` and `summary` decide in memory and
//! hand out a [`Job`], the store work, to run anywhere (the window runs it off its UI thread). Its
//! result goes back to the session (`rated`, `undone`, `shown`), which only then moves on: the next
//! card appears once the answer is durable. While a job is out the session is busy and refuses
//! another rating, so one answer is never rated twice.

use crate::answer::{Checked, Detail};
use crate::review::{CardKey, Rating, Review, ReviewKind};
use crate::schedule::{CardState, Category, Entry, Filter, Preview, Queue, Scheduler, Schedulers};
use crate::store::{Result, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How a checked answer was graded, which decides the ratings the learner may give it: the one
/// rating rule of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// A flashcard: nothing was checked, the learner's rating says how it went.
    ByLearner,
    Right,
    Wrong,
    /// A typed answer marked wrong that the learner says was right ("I was right"): rated like a
    /// right answer and logged as overridden, so statistics can tell.
    Overridden,
}

impl Grade {
    pub fn of(checked: &Checked) -> Grade {
        match checked.detail {
            Detail::SelfGraded => Grade::ByLearner,
            _ if checked.correct => Grade::Right,
            _ => Grade::Wrong,
        }
    }

    /// "I was right" is offered only for a typed answer (typed, cloze, number) marked wrong that
    /// the learner actually gave: the checker can miss a synonym or a spelling, while a chosen
    /// option or an order is plainly right or wrong, and an answer given up has nothing to accept.
    pub fn can_override(checked: &Checked, gave_up: bool) -> bool {
        !gave_up
            && !checked.correct
            && matches!(
                checked.detail,
                Detail::Typed(_) | Detail::Cloze(_) | Detail::Number { .. }
            )
    }

    /// The ratings the learner may pick: any after a flashcard; Hard, Good or Easy after a right
    /// answer (a right answer is never a lapse); only Again after a wrong one (a wrong answer is
    /// never counted as remembered).
    pub fn allowed_ratings(self) -> &'static [Rating] {
        match self {
            Grade::ByLearner => &Rating::ALL,
            Grade::Right | Grade::Overridden => &[Rating::Hard, Rating::Good, Rating::Easy],
            Grade::Wrong => &[Rating::Again],
        }
    }

    pub fn allows(self, rating: Rating) -> bool {
        self.allowed_ratings().contains(&rating)
    }

    /// The rating taken when the learner just goes on (Space or Enter).
    pub fn default_rating(self) -> Rating {
        match self {
            Grade::ByLearner | Grade::Right | Grade::Overridden => Rating::Good,
            Grade::Wrong => Rating::Again,
        }
    }

    /// Whether the review is logged as right: for a flashcard, any rating above Again.
    pub fn correct(self, rating: Rating) -> bool {
        match self {
            Grade::ByLearner => rating != Rating::Again,
            Grade::Right | Grade::Overridden => true,
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
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    cards: usize,
    correct: usize,
    time_ms: u64,
    /// Cards answered wrong, in the order first missed, each once.
    missed: Vec<CardKey>,
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
    /// Cards answered wrong at least once this session, in the order first missed.
    pub missed: Vec<CardKey>,
}

/// Store work a session hands out: run it on any thread, then hand its result back to the
/// session (for a rating, [`Session::rated`]).
#[must_use = "the work is done only when the job is run"]
pub struct Job<T> {
    work: Box<dyn FnOnce() -> Result<T> + Send>,
}

impl<T> Job<T> {
    fn new(work: impl FnOnce() -> Result<T> + Send + 'static) -> Self {
        Job {
            work: Box::new(work),
        }
    }

    pub fn run(self) -> Result<T> {
        (self.work)()
    }
}

impl<T> std::fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// The card to show next, with its state read from the store, and the queue without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    queue: Queue,
    current: Option<Current>,
}

/// A rating committed to the store, with the card that follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rated {
    review: Review,
    overridden: bool,
    next: Next,
}

impl Rated {
    pub fn review(&self) -> &Review {
        &self.review
    }
}

/// An answer taken back from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    review: Review,
}

impl Undone {
    pub fn review(&self) -> &Review {
        &self.review
    }
}

/// The session's store connection, shared with the jobs it hands out; one job is out at a time.
type Shared = Arc<Mutex<Store>>;

fn lock(store: &Shared) -> std::sync::MutexGuard<'_, Store> {
    // A job that panicked left no transaction open (SQLite rolls it back), so the store is usable.
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

fn busy_error() -> StoreError {
    StoreError::Invalid("The last answer is still being saved; wait a moment.".to_owned())
}

/// One study session over a queue, writing to a store.
#[derive(Debug)]
pub struct Session {
    store: Shared,
    schedulers: Schedulers,
    queue: Queue,
    current: Option<Current>,
    undo: Vec<Undo>,
    tally: Tally,
    /// A job handed out has not come back yet.
    busy: bool,
    mode: Mode,
    /// The cards studied, for saying why nothing more is due afterwards.
    scope: Filter,
}

impl Session {
    /// The session in this mode (scheduled unless said).
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Decks with options of their own are scheduled by their own scheduler.
    pub fn with_deck_schedulers(mut self, schedulers: HashMap<String, Scheduler>) -> Self {
        self.schedulers.decks = schedulers;
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
        self.tally.missed.clone()
    }

    /// Whether the session's answers leave the schedule as it is.
    pub fn is_cram(&self) -> bool {
        self.mode == Mode::Cram
    }

    fn scheduler_for(&self, key: &CardKey) -> &Scheduler {
        self.schedulers.of(&key.deck)
    }

    /// Starts a session and shows the first card at `now` (reading its state: call off the UI thread).
    pub fn new(
        store: Store,
        scheduler: Scheduler,
        queue: Queue,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let mut session = Session {
            store: Arc::new(Mutex::new(store)),
            schedulers: Schedulers {
                learner: scheduler,
                decks: HashMap::new(),
            },
            queue,
            current: None,
            undo: Vec::new(),
            tally: Tally::default(),
            busy: false,
            mode: Mode::Scheduled,
            scope: Filter::default(),
        };
        let next = session.next_job(session.queue.clone(), now).run()?;
        session.current = next.current;
        session.queue = next.queue;
        Ok(session)
    }

    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    pub fn current_card(&self) -> Option<&CardKey> {
        self.current.as_ref().map(|c| &c.entry.key)
    }

    /// A job is out: nothing else may be rated, undone or shown until it comes back.
    pub fn is_busy(&self) -> bool {
        self.busy
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

    /// Rates the current card: decides the review and the card that follows, and hands out the job
    /// that commits the review and reads that card's state. The session stays on this card, busy,
    /// until [`Session::rated`] takes the job's result.
    pub fn rate(
        &mut self,
        rating: Rating,
        correct: bool,
        now: DateTime<Utc>,
    ) -> Result<Job<Rated>> {
        self.rate_as(rating, correct, false, now)
    }

    fn rate_as(
        &mut self,
        rating: Rating,
        correct: bool,
        overridden: bool,
        now: DateTime<Utc>,
    ) -> Result<Job<Rated>> {
        if self.busy {
            return Err(busy_error());
        }
        let Some(current) = self.current.clone() else {
            return Err(StoreError::Invalid(
                "There is no card to rate: the session has no card on screen.".to_owned(),
            ));
        };
        let duration_ms =
            u32::try_from((now - current.shown_at).num_milliseconds().max(0)).unwrap_or(u32::MAX);
        let key = current.entry.key.clone();
        let mut queue = self.queue.clone();
        let review = match self.mode {
            Mode::Scheduled => {
                let scheduler = self.schedulers.of(&key.deck);
                // An answer synced from a device whose clock runs ahead may be logged later
                // than now; this one goes after it, so the card's history keeps its order.
                let at = match current.state.last_review {
                    Some(last) if last >= now => last + chrono::Duration::milliseconds(1),
                    _ => now,
                };
                let (state, scheduled) = scheduler.answer(&current.state, rating, at, &key);
                queue.answered(&key, &state);
                scheduled.into_review(key, at, rating, correct, duration_ms)
            }
            Mode::Cram => {
                // Practice until right: a card answered Again is asked once more at the end.
                if rating == Rating::Again {
                    queue.again_later(current.entry.clone());
                } else {
                    queue.remove(&key);
                }
                Review {
                    duration_ms,
                    ..cram_review(&current, rating, correct, now)
                }
            }
        };
        let store = Arc::clone(&self.store);
        let next = self.next_job(queue, now);
        self.busy = true;
        Ok(Job::new(move || {
            let mut review = review;
            review.id = lock(&store).record_answer(&review, overridden)?;
            Ok(Rated {
                review,
                overridden,
                next: next.run()?,
            })
        }))
    }

    /// Rates the current card after its answer was checked, by the rule of [`Grade`]: a rating the
    /// grade does not allow is refused and nothing is logged.
    pub fn rate_checked(
        &mut self,
        checked: &Checked,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Result<Job<Rated>> {
        self.rate_graded(Grade::of(checked), rating, now)
    }

    /// Rates the current card as `grade` allows; [`Grade::Overridden`] is logged as such.
    pub fn rate_graded(
        &mut self,
        grade: Grade,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Result<Job<Rated>> {
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
        self.rate_as(
            rating,
            grade.correct(rating),
            grade == Grade::Overridden,
            now,
        )
    }

    /// Takes in a committed rating: the answer counts and the next card is on screen.
    pub fn rated(&mut self, rated: Rated) -> Review {
        let Some(current) = self.current.take() else {
            self.busy = false;
            return rated.review;
        };
        let review = rated.review;
        self.undo.push(Undo {
            review_id: review.id,
            queue: self.queue.clone(),
            current,
            tally: self.tally.clone(),
        });
        self.tally.cards += 1;
        self.tally.correct += usize::from(review.correct);
        self.tally.time_ms += u64::from(review.duration_ms);
        if !review.correct && !self.tally.missed.contains(&review.card) {
            self.tally.missed.push(review.card.clone());
        }
        debug_assert!(!rated.overridden || review.correct);
        self.queue = rated.next.queue;
        self.current = rated.next.current;
        self.busy = false;
        review
    }

    /// A job failed (its error is the caller's to show): the session is as before it, ready again.
    pub fn job_failed(&mut self) {
        self.busy = false;
    }

    /// Rates and commits at once, on this thread (the command line, tests and benchmarks).
    pub fn rate_now(
        &mut self,
        rating: Rating,
        correct: bool,
        now: DateTime<Utc>,
    ) -> Result<Review> {
        let job = self.rate(rating, correct, now)?;
        self.finish_rating(job)
    }

    /// [`Session::rate_checked`], committed at once on this thread.
    pub fn rate_checked_now(
        &mut self,
        checked: &Checked,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Result<Review> {
        let job = self.rate_checked(checked, rating, now)?;
        self.finish_rating(job)
    }

    fn finish_rating(&mut self, job: Job<Rated>) -> Result<Review> {
        match job.run() {
            Ok(rated) => Ok(self.rated(rated)),
            Err(e) => {
                self.job_failed();
                Err(e)
            }
        }
    }

    /// Takes back the last answer of this session: hands out the job that removes its review from
    /// the store (`None` with nothing to undo). [`Session::undone`] then puts the card and the
    /// queue back as they were.
    pub fn undo(&mut self) -> Result<Option<Job<Undone>>> {
        if self.busy {
            return Err(busy_error());
        }
        let Some(last) = self.undo.last() else {
            return Ok(None);
        };
        let review_id = last.review_id;
        let store = Arc::clone(&self.store);
        let schedulers = self.schedulers.clone();
        self.busy = true;
        Ok(Some(Job::new(move || {
            let mut store = lock(&store);
            if store.newest_own_review_id()? != Some(review_id) {
                return Err(StoreError::Invalid(
                    "The last answer can no longer be undone: another review was logged after it."
                        .to_owned(),
                ));
            }
            let review = store
                .undo_last_review(&schedulers)?
                .ok_or_else(|| StoreError::Invalid("The review log is empty.".to_owned()))?;
            Ok(Undone { review })
        })))
    }

    /// Takes in an undone answer: the card, its state and the queue are as before it, and the card
    /// is shown again from `now`.
    pub fn undone(&mut self, _undone: Undone, now: DateTime<Utc>) {
        self.busy = false;
        if let Some(last) = self.undo.pop() {
            self.queue = last.queue;
            self.tally = last.tally;
            self.current = Some(Current {
                shown_at: now,
                ..last.current
            });
        }
    }

    /// Undoes at once, on this thread (the command line and tests).
    pub fn undo_now(&mut self, now: DateTime<Utc>) -> Result<Option<Review>> {
        let Some(job) = self.undo()? else {
            return Ok(None);
        };
        match job.run() {
            Ok(undone) => {
                let review = undone.review.clone();
                self.undone(undone, now);
                Ok(Some(review))
            }
            Err(e) => {
                self.job_failed();
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// With no card on screen: hands out the job that reads the next card (a learning card may
    /// have come due meanwhile); `None` when a card is on screen or the session is busy.
    pub fn refresh(&mut self, now: DateTime<Utc>) -> Option<Job<Next>> {
        if self.current.is_some() || self.busy {
            return None;
        }
        let job = self.next_job(self.queue.clone(), now);
        self.busy = true;
        Some(job)
    }

    /// Takes in the card a refresh read.
    pub fn shown(&mut self, next: Next) {
        self.busy = false;
        if self.current.is_none() {
            self.queue = next.queue;
            self.current = next.current;
        }
    }

    /// Refreshes at once, on this thread (tests).
    pub fn refresh_now(&mut self, now: DateTime<Utc>) -> Result<()> {
        if let Some(job) = self.refresh(now) {
            match job.run() {
                Ok(next) => self.shown(next),
                Err(e) => {
                    self.job_failed();
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Picks the next card from `queue` and hands out the read of its state.
    fn next_job(&self, mut queue: Queue, now: DateTime<Utc>) -> Job<Next> {
        let entry = queue.next(now);
        let store = Arc::clone(&self.store);
        Job::new(move || {
            let current = match entry {
                Some(entry) => Some(Current {
                    state: lock(&store).card_state(&entry.key)?,
                    entry,
                    shown_at: now,
                }),
                None => None,
            };
            Ok(Next { queue, current })
        })
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

    /// Answers given so far (less those undone).
    pub fn answers(&self) -> usize {
        self.tally.cards
    }

    /// The summary of the answers so far; its job reads when cards come due next.
    pub fn summary(&self, now: DateTime<Utc>) -> Job<Summary> {
        let t = self.tally.clone();
        let store = Arc::clone(&self.store);
        Job::new(move || {
            Ok(Summary {
                cards: t.cards,
                correct: t.correct,
                accuracy: if t.cards == 0 {
                    0.0
                } else {
                    t.correct as f64 / t.cards as f64
                },
                time: Duration::milliseconds(i64::try_from(t.time_ms).unwrap_or(i64::MAX)),
                next_due: lock(&store).next_due(now)?,
                missed: t.missed,
            })
        })
    }

    /// The session's store, for reading on this thread (tests); the window never calls it.
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.schedulers.learner
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
