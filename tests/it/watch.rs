//! Watching a story folder: saves are seen quickly, editor and other files are not, and
//! `check --watch` re-reports after each save.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use aftermath::story::watch::{Backend, StoryWatcher, WatchError, WatchOptions};
use aftermath::story::{StorySource, load};

/// Generous: a change normally arrives in about 0.2 s.
const TIMEOUT: Duration = Duration::from_secs(5);

/// A copy of tests/fixtures/minimal in a temporary folder.
fn story_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    for entry in fs::read_dir("tests/fixtures/minimal").expect("fixture folder") {
        let path = entry.expect("fixture entry").path();
        let name = path.file_name().expect("file name");
        fs::copy(&path, tmp.path().join(name)).expect("copy fixture file");
    }
    tmp
}

/// Appends a comment to a story file, as a save from an editor would change it.
fn touch(path: &Path) {
    let mut text = fs::read_to_string(path).expect("read story file");
    text.push_str("\n// edited\n");
    fs::write(path, text).expect("write story file");
}

fn names(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn saving_a_scene_file_is_reported_once() {
    let tmp = story_copy();
    let mut watcher = StoryWatcher::new(tmp.path()).expect("watcher starts");
    let written = Instant::now();
    touch(&tmp.path().join("camp.ron"));
    let change = watcher.wait(TIMEOUT).expect("the save is reported");
    let latency = written.elapsed();
    eprintln!(
        "watch latency ({:?} watcher): {latency:?} from write to change",
        watcher.backend()
    );
    assert_eq!(names(&change.files), ["camp.ron"]);
    assert_eq!(change.describe(), "camp.ron changed");

    // The caller reloads; reading the files is not itself a change.
    let source = StorySource::from_dir(tmp.path()).expect("folder reads");
    assert!(load(source).is_ok());
    assert_eq!(watcher.wait(Duration::from_millis(500)), None);
}

#[test]
fn hidden_editor_and_other_files_are_ignored() {
    let tmp = story_copy();
    let dir = tmp.path();
    let mut watcher = StoryWatcher::new(dir).expect("watcher starts");
    for name in [
        ".camp.ron.swp",
        ".#camp.ron",
        "#camp.ron#",
        "camp.ron~",
        "notes.txt",
        "4913",
    ] {
        fs::write(dir.join(name), "x").expect("write");
    }
    fs::remove_file(dir.join("4913")).expect("remove");
    fs::create_dir(dir.join(".drafts")).expect("mkdir");
    fs::write(dir.join(".drafts/new.ron"), "Scene()").expect("write");
    assert_eq!(watcher.wait(Duration::from_millis(800)), None);

    // Still watching: a real save is reported, and only it.
    touch(&dir.join("other.ron"));
    let change = watcher.wait(TIMEOUT).expect("the save is reported");
    assert_eq!(names(&change.files), ["other.ron"]);
}

#[test]
fn a_burst_of_events_is_one_change() {
    let tmp = story_copy();
    let mut watcher = StoryWatcher::new(tmp.path()).expect("watcher starts");
    for _ in 0..5 {
        touch(&tmp.path().join("camp.ron"));
    }
    touch(&tmp.path().join("story.ron"));
    let change = watcher.wait(TIMEOUT).expect("the saves are reported");
    assert_eq!(names(&change.files), ["camp.ron", "story.ron"]);
    assert_eq!(watcher.wait(Duration::from_millis(500)), None);
}

#[test]
fn poll_never_blocks() {
    let tmp = story_copy();
    let mut watcher = StoryWatcher::new(tmp.path()).expect("watcher starts");
    // Nothing changed yet: poll answers at once (a blocking poll would hang here).
    assert_eq!(watcher.poll(), None);
    touch(&tmp.path().join("camp.ron"));
    let deadline = Instant::now() + TIMEOUT;
    let change = loop {
        if let Some(change) = watcher.poll() {
            break change;
        }
        assert!(Instant::now() < deadline, "no change within {TIMEOUT:?}");
        thread::sleep(Duration::from_millis(16));
    };
    assert_eq!(names(&change.files), ["camp.ron"]);
}

#[test]
fn the_polling_fallback_sees_saves_too() {
    let tmp = story_copy();
    let options = WatchOptions {
        force_polling: true,
        ..WatchOptions::default()
    };
    let mut watcher = StoryWatcher::with_options(tmp.path(), options).expect("watcher starts");
    assert_eq!(watcher.backend(), Backend::Polling);
    // Let a scan or two pass, so the save lands between scans, as a real one would.
    thread::sleep(Duration::from_millis(300));
    let written = Instant::now();
    // Within the same second as the last scan: seen by content, not only by time.
    touch(&tmp.path().join("camp.ron"));
    let change = watcher.wait(TIMEOUT).expect("the save is reported");
    let latency = written.elapsed();
    eprintln!("watch latency (polling every 500 ms): {latency:?}");
    assert_eq!(names(&change.files), ["camp.ron"]);
}

#[test]
fn a_missing_folder_or_a_file_is_a_clear_error() {
    let tmp = story_copy();
    let missing = tmp.path().join("nope");
    let err = StoryWatcher::new(&missing).expect_err("no folder");
    assert!(matches!(err, WatchError::NotFound(_)));
    let msg = err.to_string();
    assert!(
        msg.contains(&*missing.to_string_lossy()) && msg.contains("does not exist"),
        "{msg}"
    );
    let err = StoryWatcher::new(&tmp.path().join("story.ron")).expect_err("a file");
    assert!(err.to_string().contains("not a story folder"), "{err}");
}

/// The `aftermath` binary, killed when dropped so a failing test leaves nothing running.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(args: &[&str], dir: &Path) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aftermath"))
            .args(args)
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("aftermath starts");
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads stdout until a line matches, returning it; fails with all output on timeout.
    fn expect(&mut self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if matches(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no {what} within {TIMEOUT:?}; stdout so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Breaks a goto in camp.ron, returning the original text.
fn break_goto(dir: &Path) -> String {
    let path = dir.join("camp.ron");
    let good = fs::read_to_string(&path).expect("read camp.ron");
    let bad = good.replacen("goto: \"caught\"", "goto: \"cuaght\"", 1);
    assert_ne!(good, bad);
    fs::write(&path, bad).expect("write camp.ron");
    good
}

/// `── 14:03:12  camp.ron changed ──`
fn is_separator(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("── ") else {
        return false;
    };
    let time = rest.get(..8).unwrap_or("");
    let digits = time.bytes().enumerate().all(|(i, b)| match i {
        2 | 5 => b == b':',
        _ => b.is_ascii_digit(),
    });
    digits && time.len() == 8 && rest.ends_with("  camp.ron changed ──")
}

#[test]
fn check_watch_reports_each_save() {
    let tmp = story_copy();
    let mut run = Running::start(&["check", "--watch"], tmp.path());
    run.expect("first report", |l| l == "no problems found");

    let good = break_goto(tmp.path());
    let sep = run.expect("separator", |l| l.starts_with("── "));
    assert!(is_separator(&sep), "{sep}");
    run.expect("the error", |l| {
        l.starts_with("error[unknown-target]") && l.contains("cuaght")
    });
    run.expect("the summary", |l| l == "1 error, 0 warnings");

    fs::write(tmp.path().join("camp.ron"), good).expect("write camp.ron");
    let sep = run.expect("separator", |l| l.starts_with("── "));
    assert!(is_separator(&sep), "{sep}");
    run.expect("a clean report", |l| l == "no problems found");

    // Ctrl-C stops it with exit status 0.
    #[cfg(unix)]
    {
        let pid = run.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        if sent.is_ok_and(|s| s.success()) {
            let deadline = Instant::now() + TIMEOUT;
            let status = loop {
                if let Some(status) = run.child.try_wait().expect("child status") {
                    break status;
                }
                assert!(Instant::now() < deadline, "still running after Ctrl-C");
                thread::sleep(Duration::from_millis(20));
            };
            assert!(status.success(), "{status:?}");
        }
    }
}

#[test]
fn check_watch_json_prints_one_document_per_line() {
    let tmp = story_copy();
    let mut run = Running::start(&["check", "--watch", "--json"], tmp.path());
    let parse = |line: &str| -> serde_json::Value {
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON document: {e}: {line}"))
    };
    let first = parse(&run.expect("first report", |_| true));
    assert_eq!(
        (first["errors"].as_u64(), first["warnings"].as_u64()),
        (Some(0), Some(0))
    );

    break_goto(tmp.path());
    let broken = parse(&run.expect("second report", |_| true));
    assert_eq!(broken["errors"], 1);
    assert_eq!(broken["diagnostics"][0]["code"], "unknown-target");
    assert_eq!(broken["diagnostics"][0]["line"], 13);
}
