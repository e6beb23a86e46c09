//! Files in and out through the command line: only regular files are read (devices, FIFOs and links
//! to them are refused at once), and only regular files are replaced, with --force, keeping a backup.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary, killing it when it outlives `limit` (a hang is a failure, not a stuck suite).
fn run_within(data: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_changchun-cards"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("CHANGCHUN_CARDS_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waits").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("output");
            panic!(
                "`{}` did not finish within {limit:?}; stderr: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(data: &Path, args: &[&str]) -> Output {
    run_within(data, args, Duration::from_secs(20))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A FIFO with no writer: opening it for reading the usual way blocks forever.
fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("pipe.csv");
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path and a mode; mkfifo only creates a file system entry.
    let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo failed");
    path
}

/// The special inputs of the issue: two devices, a FIFO, and links to each.
fn special_inputs(dir: &Path) -> Vec<PathBuf> {
    let mut inputs = vec![
        PathBuf::from("/dev/zero"),
        PathBuf::from("/dev/urandom"),
        fifo(dir),
    ];
    for (i, target) in inputs.clone().iter().enumerate() {
        let link = dir.join(format!("link-{i}.ron"));
        std::os::unix::fs::symlink(target, &link).unwrap();
        inputs.push(link);
    }
    inputs
}

#[test]
fn validate_import_and_merge_refuse_devices_fifos_and_links_to_them_at_once() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let class = work.path().join("class.html");
    for input in special_inputs(work.path()) {
        let input = input.to_str().unwrap();
        for args in [
            vec!["validate", input],
            vec!["import", input, "--format", "csv"],
            vec![
                "export",
                input,
                "--format",
                "csv",
                "-o",
                "/nonexistent/x.csv",
            ],
            vec!["report", "--merge", input, "-o", class.to_str().unwrap()],
        ] {
            let output = run_within(data.path(), &args, Duration::from_secs(10));
            assert_eq!(
                output.status.code(),
                Some(1),
                "{args:?}: {}",
                stdout(&output)
            );
            let said = format!("{}{}", stdout(&output), stderr(&output));
            assert!(said.contains("not a regular file"), "{args:?}: {said}");
        }
    }
    assert!(!class.exists());
    assert!(!data.path().join("decks").exists(), "nothing imported");
}

#[test]
fn a_fifo_or_device_link_in_a_deck_folder_is_reported_not_waited_on() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let pipe = fifo(&decks);
    std::fs::rename(&pipe, decks.join("pipe.ron")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", decks.join("zero.ron")).unwrap();
    for args in [vec!["validate"], vec!["validate", decks.to_str().unwrap()]] {
        let output = run_within(data.path(), &args, Duration::from_secs(10));
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let out = stdout(&output);
        assert!(out.contains("pipe.ron:0:0: error: it is a FIFO"), "{out}");
        assert!(out.contains("zero.ron:0:0: error: it is a device"), "{out}");
    }
}

#[test]
fn an_oversized_report_csv_is_refused_before_it_is_read() {
    let data = tempfile::tempdir().unwrap();
    let big = data.path().join("big.csv");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(20 * 1024 * 1024 + 1).unwrap();
    let class = data.path().join("class.html");
    let output = run(
        data.path(),
        &[
            "report",
            "--merge",
            big.to_str().unwrap(),
            "-o",
            class.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("files larger than 20 MB are refused"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn force_never_replaces_a_device_fifo_or_socket() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let pipe = fifo(work.path());
    let socket_path = work.path().join("sock.gift");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let deck = fixture("gui-deck.ron");
    for target in [
        PathBuf::from("/dev/null"),
        pipe.clone(),
        socket_path.clone(),
    ] {
        let target_arg = target.to_str().unwrap();
        let output = run(
            data.path(),
            &[
                "export", &deck, "--format", "gift", "-o", target_arg, "--force",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{target_arg}");
        assert!(
            stderr(&output).contains("not a regular file, and is never replaced"),
            "{}",
            stderr(&output)
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
    assert!(
        std::fs::metadata(&socket_path)
            .unwrap()
            .file_type()
            .is_socket()
    );
}

#[test]
fn a_dangling_link_at_the_output_is_never_replaced() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let link = work.path().join("out.gift");
    std::os::unix::fs::symlink(work.path().join("elsewhere.gift"), &link).unwrap();
    for force in [false, true] {
        let mut args = vec![
            "export".to_owned(),
            fixture("gui-deck.ron"),
            "--format".into(),
            "gift".into(),
            "-o".into(),
            link.to_string_lossy().into_owned(),
        ];
        if force {
            args.push("--force".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(data.path(), &args);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr(&output).contains("which does not exist"),
            "{}",
            stderr(&output)
        );
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!work.path().join("elsewhere.gift").exists());
}

#[test]
fn report_and_merge_need_force_to_replace_and_keep_a_backup() {
    let data = tempfile::tempdir().unwrap();
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let work = tempfile::tempdir().unwrap();
    // The class page written over one of its own inputs.
    let anna = work.path().join("anna.csv");
    std::fs::copy(reports.join("anna.csv"), &anna).unwrap();
    let anna_text = std::fs::read(&anna).unwrap();
    let boris = reports.join("boris.csv");
    let merge = |force: bool| {
        let mut args = vec![
            "report",
            "--merge",
            anna.to_str().unwrap(),
            boris.to_str().unwrap(),
            "-o",
            anna.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        run(data.path(), &args)
    };
    let refused = merge(false);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("already exists; use --force"));
    assert_eq!(
        std::fs::read(&anna).unwrap(),
        anna_text,
        "the input is kept"
    );

    let forced = merge(true);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(&anna)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    assert_eq!(
        std::fs::read(work.path().join("anna.csv.bak")).unwrap(),
        anna_text,
        "the replaced input is kept as .bak"
    );

    // A learner's report into a folder that already holds one.
    let out = work.path().join("out");
    let first = run(data.path(), &["profile", "create", "anna"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let report = |force: bool| {
        let mut args = vec!["--profile", "anna", "report", "-o", out.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        run(data.path(), &args)
    };
    assert!(report(false).status.success());
    let again = report(false);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists; use --force"));
    assert!(report(true).status.success());
    assert!(out.join("report.csv.bak").exists());
    assert!(out.join("report.html.bak").exists());
}

#[test]
fn export_over_its_own_source_keeps_a_backup() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let deck = work.path().join("deck.ron");
    std::fs::copy(fixture("gui-deck.ron"), &deck).unwrap();
    let source = std::fs::read(&deck).unwrap();
    let deck_arg = deck.to_str().unwrap();
    let output = run(
        data.path(),
        &[
            "export", deck_arg, "--format", "gift", "-o", deck_arg, "--force",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("previous file is kept as"));
    assert_eq!(
        std::fs::read(work.path().join("deck.ron.bak")).unwrap(),
        source
    );
}

#[test]
fn a_full_disk_is_reported_as_such_and_the_old_file_is_kept_whole() {
    // A 64 KB file system to fill; mounting one needs privileges, so without them this is skipped.
    let mount = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(mount.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root) to fill it");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out = mount.path().join("quiz.xml");
    std::fs::write(&out, "old").unwrap();
    let output = run(
        data.path(),
        &[
            "export",
            "changchun-1922",
            "--format",
            "moodle-xml",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    let old = std::fs::read_to_string(&out);
    let left: Vec<_> = std::fs::read_dir(mount.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let _ = Command::new("umount").arg(mount.path()).status();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no space left on device; nothing was replaced"),
        "{}",
        stderr(&output)
    );
    assert_eq!(old.unwrap(), "old");
    assert!(
        left.iter().all(|name| !name.ends_with(".tmp")),
        "no temporary file left: {left:?}"
    );
}
