//! Hardening: the story reader against hostile folders (links, pipes, devices, huge files,
//! bad names, `/sys`), the CLI against a closed or full stdout, numeric flags, and the quoting
//! of the replay commands `explore` prints.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aftermath::cli::check::report;
use aftermath::story::source_files::{BadFile, MAX_FILE_BYTES, MAX_TRANSLATION_BYTES};
use aftermath::story::{Code, FolderError, StorySource, load};

/// A copy of the `minimal` fixture in a new temp dir, at `tmp/name`.
fn minimal_copy(tmp: &Path, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    fs::create_dir_all(&dir).expect("story dir");
    for f in ["story.ron", "camp.ron", "other.ron"] {
        fs::copy(Path::new("tests/fixtures/minimal").join(f), dir.join(f)).expect("copy");
    }
    dir
}

fn skipped(source: &StorySource) -> Vec<(String, String)> {
    source
        .bad_files
        .iter()
        .filter_map(|b| match b {
            BadFile::Skipped { path, reason } => Some((path.clone(), reason.clone())),
            _ => None,
        })
        .collect()
}

fn aftermath() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aftermath"))
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_loops_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    symlink("/dev/zero", dir.join("zero.ron")).expect("link");
    fs::create_dir(dir.join("sub")).expect("sub");
    symlink("..", dir.join("sub/up")).expect("loop");
    symlink(".", dir.join("here")).expect("loop");
    symlink("nowhere.ron", dir.join("broken.ron")).expect("broken");
    // A link inside the folder, to a folder read anyway: read once, no duplicate ids.
    fs::create_dir(dir.join("real")).expect("real");
    fs::rename(dir.join("other.ron"), dir.join("real/other.ron")).expect("move");
    symlink("real", dir.join("alias")).expect("alias");
    symlink("real/other.ron", dir.join("again.ron")).expect("file alias");

    let source = StorySource::from_dir(&dir).expect("reads");
    assert_eq!(source.files.len(), 3, "{:?}", source.files);
    let skipped = skipped(&source);
    let reason = |name: &str| {
        skipped
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} skipped: {skipped:?}"))
    };
    assert!(reason("/zero.ron").contains("outside the story folder"));
    assert!(reason("/sub/up").contains("already read"));
    assert!(reason("/here").contains("already read"));
    assert!(reason("/broken.ron").contains("broken symlink"));
    assert!(reason("/alias").contains("already read"));
    assert!(reason("/again.ron").contains("already read"));
    // Warnings only: the story still loads, and `check` names each skipped entry.
    let loaded = load(source).expect("loads");
    assert!(
        loaded
            .warnings
            .iter()
            .filter(|d| d.code == Code::SkippedFile)
            .count()
            >= 6
    );
    let (out, has_errors) = report(&dir, false, None);
    assert!(!has_errors, "{out}");
    assert!(
        out.contains("warning[skipped-file]") && out.contains("zero.ron"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_scene_is_not_opened() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    let made = Command::new("mkfifo").arg(dir.join("x.ron")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Opening the pipe would block forever; the reader only looks at its type.
    let source = StorySource::from_dir(&dir).expect("reads");
    let skipped = skipped(&source);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].1.contains("not a regular file"), "{skipped:?}");
    assert!(load(source).is_ok());
}

#[cfg(target_os = "linux")]
#[test]
fn a_scene_whose_name_is_not_utf8_is_reported_with_its_lossy_name() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    let name = OsStr::from_bytes(b"sc\xffene.ron");
    if fs::write(dir.join(name), "Scene(id: \"x\", nodes: [])").is_err() {
        eprintln!("skipped: the file system refuses non-UTF-8 names");
        return;
    }
    let (out, has_errors) = report(&dir, false, None);
    assert!(!has_errors, "{out}");
    assert!(
        out.contains("sc\u{fffd}ene.ron") && out.contains("not valid UTF-8"),
        "{out}"
    );
}

#[test]
fn a_file_over_the_limit_stops_reading_with_its_name_and_the_limit() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    let big = vec![b' '; usize::try_from(MAX_FILE_BYTES).expect("fits") + 1];
    fs::write(dir.join("big.ron"), big).expect("big file");
    match StorySource::from_dir(&dir) {
        Err(e @ FolderError::FileTooLarge { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("big.ron") && text.contains("8388608"),
                "{text}"
            );
        }
        other => panic!("expected FileTooLarge, got {other:?}"),
    }
    let (out, has_errors) = report(&dir, true, None);
    assert!(has_errors && out.contains("no-story"), "{out}");
}

#[test]
fn a_translation_may_outgrow_a_scene_file_up_to_its_own_limit() {
    // A large story's `.po` holds all its strings: more than a scene file may, but not without
    // end.
    let over_a_scene = usize::try_from(MAX_FILE_BYTES).expect("fits") + 1;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    fs::create_dir_all(dir.join("translations")).expect("folder");
    let mut po = String::from("# A comment as long as a large story's strings.\n#");
    po.push_str(&"x".repeat(over_a_scene));
    po.push('\n');
    fs::write(dir.join("translations/de.po"), &po).expect("po");
    let source = StorySource::from_dir(&dir).expect("a large translation reads");
    assert_eq!(source.translations.len(), 1);
    assert!(source.translations[0].text.len() > over_a_scene);

    let too_big = usize::try_from(MAX_TRANSLATION_BYTES).expect("fits") + 1;
    fs::write(dir.join("translations/de.po"), vec![b'#'; too_big]).expect("po");
    match StorySource::from_dir(&dir) {
        Err(e @ FolderError::FileTooLarge { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("de.po") && text.contains("33554432") && text.contains("translation"),
                "{text}"
            );
        }
        other => panic!("expected FileTooLarge, got {other:?}"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn checking_sys_ends_with_a_clear_message() {
    if !Path::new("/sys/kernel").is_dir() {
        return;
    }
    let out = aftermath().args(["check", "/sys"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // `--watch` reports it once and ends instead of watching all of /sys; killed if it hangs.
    let mut child = aftermath()
        .args(["check", "--watch", "/sys"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let mut status = None;
    for _ in 0..600 {
        status = child.try_wait().expect("waits");
        if status.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(1),
        "check --watch /sys ends"
    );
}

#[test]
fn a_folder_nested_too_deep_stops_reading() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    let mut deep = dir.clone();
    for _ in 0..20 {
        deep.push("d");
    }
    fs::create_dir_all(&deep).expect("deep");
    match StorySource::from_dir(&dir) {
        Err(e @ FolderError::TooDeep { .. }) => assert!(e.to_string().contains("16"), "{e}"),
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

/// Runs `args` with stdout a pipe whose reader was closed before the command started, so its
/// first write fails with `EPIPE` whatever the scheduling.
fn closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    aftermath()
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

#[test]
fn a_closed_stdout_ends_quietly_with_status_141() {
    for args in [
        &["graph", "story/after-kursk"][..],
        &["explore", "tests/fixtures/minimal"],
        &["check", "tests/fixtures/warnings_only"],
        &["stats", "tests/fixtures/minimal"],
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--role",
            "soldier",
            "--seed",
            "1",
        ],
    ] {
        let out = closed_stdout(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // `new` prints its next steps last.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("n");
    let out = closed_stdout(&["new", dir.to_str().expect("utf-8")]);
    assert_eq!(
        out.status.code(),
        Some(141),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reading_one_line_then_closing_never_panics() {
    let mut child = aftermath()
        .args(["graph", "story/after-kursk", "--format", "svg"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a line");
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().expect("ends");
    assert!(!first.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 141)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_full_stdout_says_so_with_status_1() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        &["check", "tests/fixtures/warnings_only"][..],
        &["graph", "tests/fixtures/minimal"],
        &["explore", "tests/fixtures/minimal"],
        &["stats", "tests/fixtures/minimal"],
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--role",
            "soldier",
            "--seed",
            "1",
        ],
    ] {
        let full = fs::File::create("/dev/full").expect("/dev/full");
        let out = aftermath()
            .args(args)
            .stdin(Stdio::null())
            .stdout(full)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("error: cannot write the output: No space left on device"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn numeric_flags_state_their_range() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["explore", "tests/fixtures/minimal", "--runs", "0"],
            "from 1 to",
        ),
        (
            &[
                "explore",
                "tests/fixtures/minimal",
                "--runs",
                "3",
                "--seed",
                "-1",
            ],
            "from 0 to 18446744073709551615",
        ),
        (
            &["explore", "tests/fixtures/minimal", "--threads", "0"],
            "from 1 to 1024",
        ),
        (
            &["explore", "tests/fixtures/minimal", "--max-states", "0"],
            "from 1 to",
        ),
        (
            &["explore", "tests/fixtures/minimal", "--max-turns", "-3"],
            "from 1 to 4294967295",
        ),
        (
            &["play", "--text", "--seed", "-1"],
            "from 0 to 18446744073709551615",
        ),
        (&["play", "--text", "--width", "0"], "from 20 to 1000"),
        (
            &["play", "--text", "--script", "1,0"],
            "a choice number must be",
        ),
    ];
    for (args, wanted) in cases {
        let out = aftermath()
            .args(*args)
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(wanted), "{args:?}: {err}");
        assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn replay_commands_survive_spaces_and_quotes_in_the_path() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "it's my story");
    let out = aftermath()
        .args(["explore", dir.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("aftermath play --text --story '"))
        .unwrap_or_else(|| panic!("a quoted replay command in:\n{text}"));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_aftermath"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let played = Command::new("sh")
        .args(["-c", line])
        .env("PATH", path)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    let shown = String::from_utf8_lossy(&played.stdout);
    assert!(
        played.status.success(),
        "{line}\n{shown}\n{}",
        String::from_utf8_lossy(&played.stderr)
    );
    assert!(shown.contains("=== Ending:"), "{line}\n{shown}");
}

#[test]
fn plain_paths_are_printed_unquoted() {
    let out = aftermath()
        .args(["explore", "tests/fixtures/minimal"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("aftermath play --text --story tests/fixtures/minimal --role "),
        "{text}"
    );
}

#[test]
fn a_story_over_the_total_limit_stops_reading() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    // Nine files just under the per-file limit: together over the 64 MiB story limit.
    let chunk = vec![b' '; usize::try_from(MAX_FILE_BYTES).expect("fits") - 1];
    for i in 0..9 {
        fs::write(dir.join(format!("pad{i}.ron")), &chunk).expect("pad file");
    }
    match StorySource::from_dir(&dir) {
        Err(e @ FolderError::StoryTooLarge { .. }) => {
            let text = e.to_string();
            assert!(text.contains("pad") && text.contains("67108864"), "{text}");
        }
        other => panic!(
            "expected StoryTooLarge, got {:?}",
            other.map(|s| s.files.len())
        ),
    }
}

#[test]
fn a_folder_with_too_many_entries_stops_reading() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = minimal_copy(tmp.path(), "s");
    let junk = dir.join("junk");
    fs::create_dir(&junk).expect("junk");
    for i in 0..=aftermath::story::source_files::MAX_ENTRIES {
        fs::write(junk.join(format!("{i}.txt")), "").expect("entry");
    }
    match StorySource::from_dir(&dir) {
        Err(e @ FolderError::TooManyEntries { .. }) => {
            assert!(e.to_string().contains("10000"), "{e}");
        }
        other => panic!(
            "expected TooManyEntries, got {:?}",
            other.map(|s| s.files.len())
        ),
    }
}

#[test]
fn the_skipped_file_fixture_reports_each_entry_and_why() {
    let (out, has_errors) = report(Path::new("tests/fixtures/skipped_file"), false, None);
    assert!(!has_errors, "{out}");
    insta::assert_snapshot!(out);
}
