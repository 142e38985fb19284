//! The terminal player, driven as writers script it: one choice number per line on stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use aftermath::cli::play::{PlayEnd, TextOptions, play};

use crate::fixture;

/// Runs the binary with `args`, `stdin` written to it. A command that refuses its arguments
/// may exit before reading: a broken pipe there is fine, the output says what happened.
pub(crate) fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("finishes")
}

#[test]
fn scripted_playthrough_reaches_an_ending() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--role",
            "planner",
            "--seed",
            "1",
        ],
        "1\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1) Sign"), "{stdout}");
    assert!(stdout.contains("=== Ending: Signed ==="), "{stdout}");
    assert!(stdout.contains("You signed."), "{stdout}");
}

#[test]
fn disabled_choices_show_reasons_and_undo_works() {
    let story = fixture("minimal");
    let opts = TextOptions {
        role: Some("soldier".into()),
        seed: 3,
        width: 80,
        ..TextOptions::default()
    };
    let mut out = Vec::new();
    // Wait (suspicion 3, Run disabled), try Run (refused), undo, Report.
    let end = play(story, &opts, "1\n1\nu\n3\n".as_bytes(), &mut out).expect("plays");
    let text = String::from_utf8_lossy(&out);
    assert_eq!(end, PlayEnd::Ending, "{text}");
    assert!(
        text.contains("1) Run [unavailable: You are watched too closely]"),
        "{text}"
    );
    assert!(text.contains("that choice is not available"), "{text}");
    assert!(text.contains("(undone)"), "{text}");
    assert!(text.contains("(Suspicion +1)"), "{text}");
    assert!(text.contains("You report."), "{text}");
}

#[test]
fn asks_for_a_role_and_stops_when_input_ends() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--seed",
            "2",
        ],
        "planner\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1) Soldier [soldier]"), "{stdout}");
    assert!(stdout.contains("The office."), "{stdout}");
    assert_eq!(out.status.code(), Some(2), "input ended before an ending");
    assert!(String::from_utf8_lossy(&out.stderr).contains("input ended"));
}

#[test]
fn script_flag_and_bad_input() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--role",
            "soldier",
            "--seed",
            "5",
            "--script",
            "3",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/minimal",
            "--role",
            "soldier",
        ],
        "banana\n9\nq\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Type a choice number"), "{stdout}");
    assert!(stdout.contains("there is no choice 9"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "q quits cleanly");
}

#[test]
fn broken_story_and_bad_role_fail_clearly() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/many_errors",
            "--role",
            "soldier",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("camp.ron:9:53"));
    let out = run(&["play", "--text", "--role", "spy"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown role `spy`") && err.contains("soldier, planner"),
        "{err}"
    );
}

/// A stat that swings from the largest integer to the most negative in one choice is reported with
/// its exact change: no overflow in a debug or a release build.
#[test]
fn extreme_stat_changes_are_reported_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("story.ron"),
        r#"Story(id: "swing", title: "Swing", version: "1", authors: ["Test"],
    variables: [Int(id: "n", default: 0, label: "N", stat: true)],
    roles: [Role(id: "r", name: "R", briefing: "B", start: "s.a")],
)"#,
    )
    .expect("writes");
    std::fs::write(
        dir.path().join("s.ron"),
        r#"Scene(id: "s", title: "S", nodes: [
    Node(id: "a", text: "A {n}.", choices: [Choice(text: "Up", effects: ["n = 9223372036854775807"], goto: "b")]),
    Node(id: "b", text: "B {n}.", choices: [Choice(text: "Down", effects: ["n -= 9223372036854775807", "n -= 9223372036854775807"], goto: "c")]),
    Node(id: "c", text: "C {n}.", ending: Ending(id: "c", title: "C", summary: "Done.")),
])"#,
    )
    .expect("writes");
    let dir = dir.path().to_str().expect("utf-8 path");
    let out = run(
        &[
            "play", "--text", "--story", dir, "--role", "r", "--seed", "1",
        ],
        "1\n1\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("(N +9223372036854775807)"), "{text}");
    // Integers saturate at -(2^63 - 1); the change, twice i64::MAX, does not fit an i64.
    assert!(text.contains("C -9223372036854775807."), "{text}");
    assert!(text.contains("(N -18446744073709551614)"), "{text}");
}
