//! The class folder itself: `class.ron`, creating it, joining it, and where a student's file goes.

use super::{ClassError, is_id, random_id};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The class file's name inside a class folder.
pub const CLASS_FILE: &str = "class.ron";
/// The folder of the students' results files inside a class folder.
pub const STUDENTS_DIR: &str = "students";
/// The class file is a few lines; anything larger is not one.
const MAX_CLASS_FILE_BYTES: u64 = 64 * 1024;
/// What `class.ron` says it is, so another program's `class.ron` is not taken for a class.
const CLASS_FORMAT: &str = "changchun-cards class";

/// What a student's app shares with the class, said when they join (the command line and the app
/// show this same text).
pub const SHARED: &str = "Your app will write a results file into the class folder after each \
study session and each quiz. Your teacher, and anyone else who can open that folder, sees in it: \
the name you give; how many cards you reviewed on each day and for how many minutes (your study \
days); for each card you studied, how many times you reviewed it, how many times you forgot it, \
whether your last answer was right, how long it stays in memory (stability) and whether it is \
mastered; your quiz scores with their dates and topics; and the figures of your study report \
(mastery and retention per topic, cards due, streaks). It holds nothing else: not the text of \
your answers, not your settings, not your other learners. Leave the class to stop the writes.";

/// `class.ron`: a class's name and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFile {
    pub format: String,
    pub version: u32,
    /// Random, so two classes of the same name are never mixed up.
    pub id: String,
    pub name: String,
    pub created: DateTime<Utc>,
}

/// A learner's place in a class, kept per profile in the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The class folder, as the learner chose it.
    pub folder: PathBuf,
    pub class_id: String,
    pub class_name: String,
    /// Names the learner's results file; kept when they join the same class again.
    pub student_id: String,
    /// The name the teacher sees.
    pub name: String,
}

impl Membership {
    /// The learner's results file in the class folder.
    pub fn results_file(&self) -> PathBuf {
        student_file(&self.folder, &self.student_id)
    }
}

/// Where a student's results file lies in a class folder.
pub fn student_file(folder: &Path, student_id: &str) -> PathBuf {
    folder.join(STUDENTS_DIR).join(format!("{student_id}.json"))
}

fn unreachable(path: &Path, e: std::io::Error) -> ClassError {
    let reason = crate::fsio::FileError {
        path: path.to_path_buf(),
        problem: crate::fsio::Problem::Read(e),
    }
    .reason();
    ClassError::Unreachable {
        path: path.to_path_buf(),
        reason,
    }
}

/// A class's name: what the teacher and the students see. One line, not empty, not too long.
fn checked_name(name: &str, what: &str) -> Result<String, ClassError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ClassError::Invalid(format!("the {what} is empty")));
    }
    if name.chars().count() > 80 {
        return Err(ClassError::Invalid(format!(
            "the {what} is longer than 80 characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(ClassError::Invalid(format!(
            "the {what} holds a line break or another control character"
        )));
    }
    Ok(name.to_owned())
}

/// Makes `folder` a class folder named `name`: writes `class.ron` and the `students` folder. A
/// folder that already holds a class is left as it is.
pub fn create(folder: &Path, name: &str, now: DateTime<Utc>) -> Result<ClassFile, ClassError> {
    let name = checked_name(name, "class name")?;
    if let Ok(existing) = open(folder) {
        return Err(ClassError::AlreadyAClass {
            path: folder.to_path_buf(),
            name: existing.name,
        });
    }
    let path = folder.join(CLASS_FILE);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(ClassError::NotAClass {
            path: folder.to_path_buf(),
            reason: format!(
                "it holds a {CLASS_FILE} that is not a class file; it was left as it is"
            ),
        });
    }
    let students = folder.join(STUDENTS_DIR);
    std::fs::create_dir_all(&students).map_err(|e| unreachable(&students, e))?;
    let class = ClassFile {
        format: CLASS_FORMAT.to_owned(),
        version: 1,
        id: random_id(),
        name,
        created: now,
    };
    let text = ron::ser::to_string_pretty(&class, ron::ser::PrettyConfig::default())
        .map_err(|e| ClassError::Invalid(e.to_string()))?;
    crate::fsio::replace_atomically(&path, text.as_bytes()).map_err(|e| ClassError::Write {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    Ok(class)
}

/// Reads a class folder's `class.ron` (a regular file of at most 64 KB).
pub fn open(folder: &Path) -> Result<ClassFile, ClassError> {
    let meta = std::fs::metadata(folder).map_err(|e| unreachable(folder, e))?;
    if !meta.is_dir() {
        return Err(ClassError::NotAClass {
            path: folder.to_path_buf(),
            reason: "it is not a folder".into(),
        });
    }
    let path = folder.join(CLASS_FILE);
    let not_a_class = |reason: String| ClassError::NotAClass {
        path: folder.to_path_buf(),
        reason,
    };
    if !path.exists() {
        return Err(not_a_class(format!(
            "it has no {CLASS_FILE} (a teacher makes one with `changchun-cards class create`)"
        )));
    }
    let bytes = crate::fsio::read_limited(&path, MAX_CLASS_FILE_BYTES)
        .map_err(|e| not_a_class(format!("its {CLASS_FILE}: {}", e.reason())))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| not_a_class(format!("its {CLASS_FILE} is not UTF-8 text")))?;
    let class: ClassFile = ron::from_str(text)
        .map_err(|e| not_a_class(format!("its {CLASS_FILE} could not be read: {e}")))?;
    if class.format != CLASS_FORMAT || !is_id(&class.id) {
        return Err(not_a_class(format!(
            "its {CLASS_FILE} is not a Changchun Cards class file"
        )));
    }
    if class.version > 1 {
        return Err(not_a_class(format!(
            "its {CLASS_FILE} was made by a newer version of Changchun Cards (version {})",
            class.version
        )));
    }
    checked_name(&class.name, "class name").map_err(|e| not_a_class(e.to_string()))?;
    Ok(class)
}

/// Joins the class in `folder` as `name`. Joining a class again (`earlier`, the learner's current
/// membership) keeps the student id, so the same results file is written and no second one appears.
pub fn join(
    folder: &Path,
    name: &str,
    earlier: Option<&Membership>,
) -> Result<Membership, ClassError> {
    let name = checked_name(name, "student name")?;
    let class = open(folder)?;
    let students = folder.join(STUDENTS_DIR);
    std::fs::create_dir_all(&students).map_err(|e| unreachable(&students, e))?;
    let student_id = earlier
        .filter(|m| m.class_id == class.id && is_id(&m.student_id))
        .map_or_else(random_id, |m| m.student_id.clone());
    let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    Ok(Membership {
        folder,
        class_id: class.id,
        class_name: class.name,
        student_id,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-09-01T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_created_class_can_be_opened_and_joined() {
        let dir = tempfile::tempdir().unwrap();
        let class = create(dir.path(), " History 9B ", now()).unwrap();
        assert_eq!(class.name, "History 9B");
        assert!(is_id(&class.id));
        assert!(dir.path().join(STUDENTS_DIR).is_dir());
        assert_eq!(open(dir.path()).unwrap(), class);

        let anna = join(dir.path(), "Anna", None).unwrap();
        assert_eq!(anna.class_id, class.id);
        assert_eq!(anna.class_name, "History 9B");
        assert!(is_id(&anna.student_id));
        assert!(anna.folder.is_absolute());
        let again = join(dir.path(), "Anna K.", Some(&anna)).unwrap();
        assert_eq!(
            again.student_id, anna.student_id,
            "joining again keeps the file"
        );
        let boris = join(dir.path(), "Boris", None).unwrap();
        assert_ne!(boris.student_id, anna.student_id);
        assert_eq!(
            anna.results_file(),
            anna.folder
                .join("students")
                .join(format!("{}.json", anna.student_id))
        );
    }

    #[test]
    fn a_folder_that_holds_a_class_is_not_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let class = create(dir.path(), "9B", now()).unwrap();
        let err = create(dir.path(), "9C", now()).unwrap_err();
        assert!(
            err.to_string().contains("already holds a class (9B)"),
            "{err}"
        );
        assert_eq!(open(dir.path()).unwrap(), class);
    }

    #[test]
    fn foreign_missing_and_bad_class_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let err = join(dir.path(), "Anna", None).unwrap_err();
        assert!(err.to_string().contains("has no class.ron"), "{err}");

        std::fs::write(dir.path().join(CLASS_FILE), "(name: \"x\")").unwrap();
        let err = open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("could not be read"), "{err}");
        let err = create(dir.path(), "9B", now()).unwrap_err();
        assert!(err.to_string().contains("left as it is"), "{err}");

        let other = ClassFile {
            format: "something else".into(),
            version: 1,
            id: "0123456789abcdef".into(),
            name: "x".into(),
            created: now(),
        };
        std::fs::write(dir.path().join(CLASS_FILE), ron::to_string(&other).unwrap()).unwrap();
        let err = open(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("not a Changchun Cards class"),
            "{err}"
        );

        let missing = dir.path().join("unplugged");
        let err = open(&missing).unwrap_err();
        assert!(matches!(err, ClassError::Unreachable { .. }), "{err}");
    }

    #[test]
    fn names_must_be_one_line_and_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(create(dir.path(), "  ", now()).is_err());
        create(dir.path(), "9B", now()).unwrap();
        assert!(join(dir.path(), "", None).is_err());
        assert!(join(dir.path(), "Anna\nBoris", None).is_err());
        assert!(join(dir.path(), &"a".repeat(81), None).is_err());
    }

    #[test]
    fn a_learners_class_is_kept_in_the_settings_and_old_settings_still_load() {
        use crate::data_dir::DataDir;
        use crate::settings::Settings;
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.settings(), "(theme: Dark, active_profile: \"anna\")").unwrap();
        let loaded = Settings::load(&data);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert!(loaded.settings.classes.is_empty());

        let class_dir = tempfile::tempdir().unwrap();
        create(class_dir.path(), "9B", now()).unwrap();
        let mut settings = loaded.settings;
        let member = join(class_dir.path(), "Anna", None).unwrap();
        settings.classes.insert("anna".into(), member.clone());
        settings.save(&data).unwrap();
        let mut again = Settings::load(&data).settings;
        assert_eq!(again.classes.get("anna"), Some(&member));
        again.rename_profile("anna", "Anna");
        assert_eq!(again.classes.get("Anna"), Some(&member));
        again.remove_profile("Anna");
        assert!(again.classes.is_empty());
    }
}
