//! `changchun-cards report --merge`: three learners' CSV files into one class page.

use std::path::Path;
use std::process::Command;

#[test]
fn the_merge_command_writes_a_class_page() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("teacher/class.html");
    let output = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("report")
        .arg("--merge")
        .args(["anna.csv", "boris.csv", "chen.csv"].map(|f| fixtures.join(f)))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("3 report(s)"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for learner in ["Anna Petrova", "Boris Ito", "Chen Wei"] {
        assert!(html.contains(learner));
    }
}

#[test]
fn a_missing_csv_is_reported_in_a_sentence() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["report", "--merge", "nowhere.csv", "-o"])
        .arg(data.path().join("class.html"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: cannot read nowhere.csv: no such file or directory"),
        "{stderr}"
    );
    assert!(!data.path().join("class.html").exists());
}

#[test]
fn terminal_escapes_in_a_merged_csv_are_printed_escaped() {
    let data = tempfile::tempdir().unwrap();
    let csv = data.path().join("evil.csv");
    std::fs::write(
        &csv,
        "learner,deck,topic,cards,mastered,retention,last_test_score,time_studied_minutes,last_studied,test_history\nAda,d,t,\u{1b}]0;owned\u{7},0,,,0,,\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("report")
        .arg("--merge")
        .arg(&csv)
        .arg("-o")
        .arg(data.path().join("class.html"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}]0;owned"), "{stderr}");
}
