//! The class screen. A student joins a class folder here (saying first what is shared) or leaves
//! it; a teacher makes a class folder or opens one and sees every student's activity, mastery and
//! quiz scores, who has not studied this week, the cards to teach again and mastery per topic, with
//! each student's learner report one button away. Folders are read and written by tasks.

use crate::class::{ClassOverview, Membership, SHARED, StudentSummary, WEEKS_SHOWN};
use crate::gui::context::Context;
use crate::gui::shortcuts;
use crate::gui::task::{self, Purpose};
use crate::gui::theme;
use crate::gui::widget::button;
use crate::gui::widget::chart::{self, Bar, Bars};
use iced::keyboard::{Key, Modifiers};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Element, Fill, Length, Task};
use std::cmp::Ordering;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Message {
    /// The name a student joins under.
    StudentName(String),
    Join,
    Joined(Result<Membership, String>),
    Leave,
    Publish,
    Published(Result<PathBuf, String>),
    /// The name of a class to make.
    ClassName(String),
    Create,
    Open,
    /// Read the open class folder again.
    Reload,
    Read(Result<Arc<ClassOverview>, String>),
    Sort(Column),
    Select(usize),
    WriteReport(usize),
    ReportWritten(Result<String, String>),
    Back,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Choose(Purpose),
    Back,
}

/// The columns the students' table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    LastStudied,
    Week,
    Mastery,
    LastQuiz,
}

impl Column {
    pub const ALL: [Column; 5] = [
        Column::Name,
        Column::LastStudied,
        Column::Week,
        Column::Mastery,
        Column::LastQuiz,
    ];

    fn title(self) -> &'static str {
        match self {
            Column::Name => "Student",
            Column::LastStudied => "Last studied",
            Column::Week => "Last 7 days",
            Column::Mastery => "Mastery",
            Column::LastQuiz => "Last quiz",
        }
    }

    fn width(self) -> Length {
        match self {
            Column::Name => Length::FillPortion(5),
            _ => Length::FillPortion(4),
        }
    }

    fn compare(self, a: &StudentSummary, b: &StudentSummary) -> Ordering {
        match self {
            Column::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            Column::LastStudied => a.last_studied.cmp(&b.last_studied),
            Column::Week => a.reviews_this_week.cmp(&b.reviews_this_week),
            Column::Mastery => a.mastery().total_cmp(&b.mastery()),
            Column::LastQuiz => {
                let score = |s: &StudentSummary| s.last_quiz.as_ref().map(|q| q.score());
                match (score(a), score(b)) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (x, y) => x.is_some().cmp(&y.is_some()),
                }
            }
        }
    }
}

/// The overview's text, written once per overview.
#[derive(Debug, Default)]
struct Lines {
    heading: String,
    /// Who has not studied in the last 7 days; `None` when everyone has.
    idle: Option<String>,
    /// Each student's cells, by their index in the overview.
    rows: Vec<[String; 5]>,
    missed: Vec<String>,
    skipped: Vec<String>,
}

impl Lines {
    fn of(o: &ClassOverview) -> Lines {
        let idle: Vec<&str> = o
            .students
            .iter()
            .filter(|s| s.idle)
            .map(|s| s.name.as_str())
            .collect();
        Lines {
            heading: format!(
                "{}: {} students, as of {}",
                o.class.name,
                o.students.len(),
                o.today
            ),
            idle: (!idle.is_empty())
                .then(|| format!("⚠ Not studied in the last 7 days: {}", idle.join(", "))),
            rows: o
                .students
                .iter()
                .map(|s| {
                    [
                        format!("{}{}", if s.idle { "⚠ " } else { "" }, s.name),
                        s.last_studied.map_or("never".to_owned(), |d| d.to_string()),
                        format!(
                            "{} reviews, {:.0} min",
                            s.reviews_this_week, s.minutes_this_week
                        ),
                        format!(
                            "{:.0} % ({} of {})",
                            s.mastery() * 100.0,
                            s.mastered,
                            s.cards
                        ),
                        s.last_quiz.as_ref().map_or("–".to_owned(), |q| {
                            format!("{:.0} % on {}", q.score() * 100.0, q.date)
                        }),
                    ]
                })
                .collect(),
            missed: o
                .missed
                .iter()
                .map(|m| {
                    format!(
                        "{} of {} got it wrong last ({} lapses) · {} — {}",
                        m.wrong_last,
                        m.students,
                        m.lapses,
                        if m.topic.is_empty() {
                            &m.deck
                        } else {
                            &m.topic
                        },
                        m.prompt.as_deref().unwrap_or(&m.card)
                    )
                })
                .collect(),
            skipped: o
                .skipped
                .iter()
                .map(|s| format!("{}: {}", s.path.display(), s.reason))
                .collect(),
        }
    }
}

/// What the folder being chosen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choosing {
    Join,
    Create,
    Open,
}

pub struct Class {
    student_name: String,
    class_name: String,
    choosing: Option<Choosing>,
    /// A student whose report's folder is being chosen.
    report_for: Option<usize>,
    /// The class folder open, while it is read and after.
    folder: Option<PathBuf>,
    reading: bool,
    overview: Option<Arc<ClassOverview>>,
    /// The students' indices in the order shown.
    order: Vec<usize>,
    sort: Column,
    descending: bool,
    selected: Option<usize>,
    /// The class activity and topic mastery charts and the lines of text, built when the overview
    /// comes, so the view only lays them out.
    activity: Bars,
    topics: Bars,
    lines: Lines,
    status: Option<String>,
}

impl Class {
    pub fn new(context: &Context) -> Self {
        Class {
            student_name: context
                .profile
                .class()
                .map_or_else(|| context.profile.name().to_owned(), |m| m.name.clone()),
            class_name: String::new(),
            choosing: None,
            report_for: None,
            folder: None,
            reading: false,
            overview: None,
            order: Vec::new(),
            sort: Column::Name,
            descending: false,
            selected: None,
            activity: Bars::default(),
            topics: Bars::default(),
            lines: Lines::default(),
            status: None,
        }
    }

    pub fn overview(&self) -> Option<&ClassOverview> {
        self.overview.as_deref()
    }

    /// The students' names in the order the table shows them.
    pub fn names_shown(&self) -> Vec<&str> {
        self.overview.as_deref().map_or_else(Vec::new, |o| {
            self.order
                .iter()
                .map(|&i| o.students[i].name.as_str())
                .collect()
        })
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn is_reading(&self) -> bool {
        self.reading
    }

    pub fn update(&mut self, message: Message, context: &mut Context) -> Action {
        match message {
            Message::StudentName(name) => self.student_name = name,
            Message::ClassName(name) => self.class_name = name,
            Message::Join => {
                if self.student_name.trim().is_empty() {
                    self.status = Some("Type the name your teacher will see first.".into());
                    return Action::None;
                }
                return self.choose(Choosing::Join);
            }
            Message::Create => {
                if self.class_name.trim().is_empty() {
                    self.status = Some("Type the class's name first.".into());
                    return Action::None;
                }
                return self.choose(Choosing::Create);
            }
            Message::Open => return self.choose(Choosing::Open),
            Message::Joined(Ok(membership)) => {
                self.status = Some(format!(
                    "You joined the class \"{}\" as {}.",
                    membership.class_name, membership.name
                ));
                context.profile.set_class(Some(membership));
                context.settings_changed = true;
                return Action::Run(task::publish_results(&context.profile, Message::Published));
            }
            Message::Joined(Err(e)) => self.status = Some(format!("Not joined: {e}")),
            Message::Leave => {
                if let Some(m) = context.profile.class() {
                    self.status = Some(format!(
                        "You left the class \"{}\": nothing more is written to its folder. The \
                         last results written stay at {} until someone deletes them.",
                        m.class_name,
                        m.results_file().display()
                    ));
                }
                context.profile.set_class(None);
                context.settings_changed = true;
                return Action::None;
            }
            Message::Publish => {
                return Action::Run(task::publish_results(&context.profile, Message::Published));
            }
            Message::Published(Ok(path)) => {
                self.status = Some(format!("Your results were written to {}.", path.display()))
            }
            Message::Published(Err(e)) => self.status = Some(e),
            Message::Reload => {
                if let Some(folder) = self.folder.clone() {
                    return Action::Run(self.read(folder, context));
                }
            }
            Message::Read(result) => {
                self.reading = false;
                match result {
                    Ok(overview) => {
                        self.status = None;
                        self.selected = None;
                        self.overview = Some(overview);
                        self.rebuild();
                    }
                    Err(e) => self.status = Some(format!("The class could not be read: {e}")),
                }
            }
            Message::Sort(column) => {
                if self.sort == column {
                    self.descending = !self.descending;
                } else {
                    self.sort = column;
                    // Names read A to Z; figures read largest (or latest) first.
                    self.descending = column != Column::Name;
                }
                self.sort_rows();
            }
            Message::Select(i) => {
                self.selected = (self.selected != Some(i)).then_some(i);
            }
            Message::WriteReport(i) => {
                self.report_for = Some(i);
                return Action::Choose(Purpose::ReportFolder);
            }
            Message::ReportWritten(Ok(note) | Err(note)) => self.status = Some(note),
            Message::Back => return Action::Back,
        }
        Action::None
    }

    fn choose(&mut self, choosing: Choosing) -> Action {
        self.choosing = Some(choosing);
        Action::Choose(Purpose::ClassFolder)
    }

    /// A class folder was chosen: joined, made or read, as asked.
    pub fn folder_chosen(&mut self, folder: PathBuf, context: &Context) -> Task<Message> {
        match self.choosing.take() {
            Some(Choosing::Join) => task::join_class(
                &context.profile,
                folder,
                self.student_name.trim().to_owned(),
                Message::Joined,
            ),
            Some(Choosing::Create) => {
                self.reading = true;
                self.folder = Some(folder.clone());
                task::create_class(
                    folder,
                    self.class_name.trim().to_owned(),
                    class_reader(context),
                    Message::Read,
                )
            }
            Some(Choosing::Open) => self.read(folder, context),
            None => Task::none(),
        }
    }

    /// The folder for a student's report was chosen.
    pub fn report_to(&mut self, dir: PathBuf) -> Task<Message> {
        match (self.report_for.take(), &self.overview) {
            (Some(student), Some(overview)) => task::write_student_report(
                Arc::clone(overview),
                student,
                dir,
                Message::ReportWritten,
            ),
            _ => Task::none(),
        }
    }

    fn read(&mut self, folder: PathBuf, context: &Context) -> Task<Message> {
        self.reading = true;
        self.folder = Some(folder.clone());
        task::read_class(folder, class_reader(context), Message::Read)
    }

    fn sort_rows(&mut self) {
        let Some(o) = self.overview.as_deref() else {
            return;
        };
        let (column, descending) = (self.sort, self.descending);
        self.order = (0..o.students.len()).collect();
        self.order.sort_by(|&a, &b| {
            let by = column.compare(&o.students[a], &o.students[b]);
            let by = if descending { by.reverse() } else { by };
            by.then_with(|| Column::Name.compare(&o.students[a], &o.students[b]))
        });
    }

    fn rebuild(&mut self) {
        self.sort_rows();
        let Some(o) = self.overview.as_deref() else {
            return;
        };
        self.lines = Lines::of(o);
        self.activity = Bars {
            bars: o
                .weekly_reviews
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    let weeks_ago = WEEKS_SHOWN - 1 - i;
                    let label = match weeks_ago {
                        0 => "this week".to_owned(),
                        1 => "1 week ago".to_owned(),
                        w => format!("{w} weeks ago"),
                    };
                    Bar {
                        readout: format!("{label}: {n} reviews"),
                        label,
                        segments: vec![(n as f32, theme::REVIEW)],
                    }
                })
                .collect(),
            max: None,
            percent: false,
        };
        self.topics = Bars {
            bars: o
                .topics
                .iter()
                .map(|t| Bar {
                    label: format!("{} · {}", t.deck, t.topic),
                    segments: vec![(t.mastery() as f32, theme::REVIEW)],
                    readout: format!(
                        "{} — {}: {} of {} cards mastered over the class",
                        t.deck, t.topic, t.mastered, t.cards
                    ),
                })
                .collect(),
            max: Some(1.0),
            percent: true,
        };
    }

    pub fn key(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        use shortcuts::Class as K;
        Some(match shortcuts::find(shortcuts::CLASS, key, modifiers)? {
            K::Open => Message::Open,
            K::Reload => Message::Reload,
            K::Back => Message::Back,
        })
    }

    pub fn view<'a>(&'a self, context: &'a Context) -> Element<'a, Message> {
        let mut page = column![
            row![
                text("Class").size(theme::SIZE_TITLE).font(theme::BOLD),
                iced::widget::space::horizontal(),
                button(text("Back  [Esc]"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Back),
            ]
            .align_y(iced::Center),
        ]
        .spacing(theme::SPACE_M);
        if let Some(status) = &self.status {
            page = page.push(text(status).size(theme::SIZE_BODY).font(theme::BOLD));
        }
        let student = section("Your class", self.student_part(context.profile.class()));
        let teacher = section("Teach a class", self.teacher_part());
        // A class open for teaching comes first; the learner's own class goes below it.
        page = match self.overview.as_deref() {
            Some(o) => page.push(teacher).push(self.overview_part(o)).push(student),
            None => page.push(student).push(teacher),
        };
        scrollable(
            container(page.max_width(1100))
                .padding(theme::PAGE_PADDING)
                .center_x(Fill),
        )
        .into()
    }

    fn student_part(&self, class: Option<&Membership>) -> Element<'_, Message> {
        let button_to = |label: &'static str, message: Message| {
            button(text(label))
                .style(theme::secondary)
                .padding(theme::BUTTON_PADDING)
                .on_press(message)
        };
        match class {
            Some(m) => column![
                text(format!(
                    "You are in the class \"{}\" as {}. Your results are written to {} after each \
                     study session and quiz.",
                    m.class_name,
                    m.name,
                    m.folder.display()
                ))
                .size(theme::SIZE_BODY),
                row![
                    button_to("Write my results now", Message::Publish),
                    button(text("Leave the class"))
                        .style(theme::danger)
                        .padding(theme::BUTTON_PADDING)
                        .on_press(Message::Leave),
                ]
                .spacing(theme::SPACE_S),
                text(SHARED).size(theme::SIZE_SMALL).style(theme::muted_text),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            None => column![
                text("Join the class folder your teacher shared (on the school network, a synced folder or a USB stick).")
                    .size(theme::SIZE_BODY),
                row![
                    text_input("The name your teacher sees", &self.student_name)
                        .style(theme::input)
                        .padding(theme::SPACE_S)
                        .on_input(Message::StudentName)
                        .on_submit(Message::Join)
                        .width(Length::Fixed(280.0)),
                    button_to("Join a class folder…", Message::Join),
                ]
                .spacing(theme::SPACE_S)
                .align_y(iced::Center),
                text(SHARED).size(theme::SIZE_SMALL),
            ]
            .spacing(theme::SPACE_S)
            .into(),
        }
    }

    fn teacher_part(&self) -> Element<'_, Message> {
        let reading = self.reading;
        column![
            row![
                button(text(if reading {
                    "Reading…"
                } else {
                    "Open a class folder…  [O]"
                }))
                .style(theme::primary)
                .padding(theme::BUTTON_PADDING)
                .on_press_maybe((!reading).then_some(Message::Open)),
                button(text("Read it again  [R]"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press_maybe((!reading && self.folder.is_some()).then_some(Message::Reload)),
            ]
            .spacing(theme::SPACE_S),
            row![
                text_input("A new class's name", &self.class_name)
                    .style(theme::input)
                    .padding(theme::SPACE_S)
                    .on_input(Message::ClassName)
                    .on_submit(Message::Create)
                    .width(Length::Fixed(280.0)),
                button(text("Make a class folder…"))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::Create),
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Center),
        ]
        .spacing(theme::SPACE_S)
        .into()
    }

    fn overview_part<'a>(&'a self, o: &'a ClassOverview) -> Element<'a, Message> {
        let lines = &self.lines;
        let mut part = column![
            text(&lines.heading)
                .size(theme::SIZE_LARGE)
                .font(theme::BOLD),
            text(o.folder.display().to_string())
                .size(theme::SIZE_SMALL)
                .style(theme::muted_text),
        ]
        .spacing(theme::SPACE_M);
        part = part.push(match &lines.idle {
            None => text("Everyone studied in the last 7 days.").style(theme::right_text),
            Some(idle) => text(idle).font(theme::BOLD).style(theme::wrong_text),
        });

        let mut table = column![row(Column::ALL.map(|c| {
            let arrow = match (self.sort == c, self.descending) {
                (true, false) => " ▲",
                (true, true) => " ▼",
                _ => "",
            };
            button(
                text(format!("{}{arrow}", c.title()))
                    .size(theme::SIZE_SMALL)
                    .font(theme::BOLD),
            )
            .padding([theme::SPACE_XS, theme::SPACE_S])
            .style(theme::ghost)
            .width(c.width())
            .on_press(Message::Sort(c))
            .into()
        }))]
        .spacing(theme::SPACE_XS);
        for &i in &self.order {
            let line = row(Column::ALL
                .into_iter()
                .zip(&lines.rows[i])
                .map(|(c, cell)| {
                    container(text(cell).size(theme::SIZE_SMALL))
                        .width(c.width())
                        .into()
                }));
            table = table.push(
                button(line)
                    .style(theme::list_row(self.selected == Some(i)))
                    .width(Fill)
                    .on_press(Message::Select(i)),
            );
            if self.selected == Some(i) {
                table = table.push(self.student_detail(i, &o.students[i], o));
            }
        }
        part = part.push(section(
            "Students (click a heading to sort, a row for more)",
            table,
        ));
        part = part.push(section(
            "Reviews of the whole class per week",
            chart::bars(&self.activity, 140.0),
        ));
        part = part.push(section(
            "Mastery per topic over the class",
            chart::bars(&self.topics, 150.0),
        ));

        let mut missed = column![].spacing(theme::SPACE_XS);
        if lines.missed.is_empty() {
            missed = missed.push(text("No card has a wrong latest answer or a lapse yet."));
        }
        for line in &lines.missed {
            missed = missed.push(text(line).size(theme::SIZE_SMALL));
        }
        part = part.push(section("Cards to teach again", missed));

        if !lines.skipped.is_empty() {
            let mut skipped = column![].spacing(theme::SPACE_XS);
            for line in &lines.skipped {
                skipped = skipped.push(text(line).size(theme::SIZE_SMALL));
            }
            part = part.push(section("Files skipped in the students folder", skipped));
        }
        part.into()
    }

    fn student_detail<'a>(
        &'a self,
        i: usize,
        s: &'a StudentSummary,
        o: &'a ClassOverview,
    ) -> Element<'a, Message> {
        let weeks = s
            .weekly_reviews
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" · ");
        let quizzes = o.results[i]
            .quizzes
            .iter()
            .rev()
            .take(8)
            .map(|q| format!("{} {:.0} %", q.date, q.score() * 100.0))
            .collect::<Vec<_>>()
            .join(" · ");
        container(
            column![
                text(format!(
                    "Reviews per week, the last {WEEKS_SHOWN} (oldest first): {weeks}"
                ))
                .size(theme::SIZE_SMALL),
                text(if quizzes.is_empty() {
                    "No quiz yet.".to_owned()
                } else {
                    format!("{} quizzes; the latest first: {quizzes}", s.quizzes)
                })
                .size(theme::SIZE_SMALL),
                text(format!(
                    "Results written {}",
                    s.written_at.format("%Y-%m-%d %H:%M UTC")
                ))
                .size(theme::SIZE_SMALL)
                .style(theme::muted_text),
                button(text(format!("Write {}'s report…", s.name)))
                    .style(theme::secondary)
                    .padding(theme::BUTTON_PADDING)
                    .on_press(Message::WriteReport(i)),
            ]
            .spacing(theme::SPACE_XS),
        )
        .padding(theme::SPACE_S)
        .into()
    }
}

/// What reading a class folder needs from the teacher's profile: their study day and decks.
fn class_reader(context: &Context) -> task::ClassReader {
    task::ClassReader {
        today: context
            .profile
            .scheduler()
            .day()
            .study_day(chrono::Utc::now()),
        decks: context.profile.library().decks().cloned().collect(),
    }
}

fn section<'a>(title: &'a str, body: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(
        column![
            text(title).size(theme::SIZE_BODY).font(theme::BOLD),
            body.into()
        ]
        .spacing(theme::SPACE_S),
    )
    .padding(theme::CARD_PADDING)
    .width(Fill)
    .style(theme::card)
    .into()
}
