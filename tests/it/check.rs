//! `aftermath check` over fixture stories: rendered diagnostics are snapshot-tested.

use std::path::Path;
use std::process::Command;

use aftermath::cli::check::report;

fn check(name: &str) -> (String, bool) {
    report(&Path::new("tests/fixtures").join(name), false)
}

#[test]
fn many_errors_are_all_reported_at_once() {
    let (out, has_errors) = check("many_errors");
    assert!(has_errors);
    insta::assert_snapshot!(out);
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let (out, has_errors) = check("syntax_error");
    assert!(has_errors);
    insta::assert_snapshot!(out);
}

#[test]
fn warnings_alone_do_not_fail() {
    let (out, has_errors) = check("warnings_only");
    assert!(!has_errors);
    insta::assert_snapshot!(out);
}

#[test]
fn empty_and_binary_files_get_one_line_each() {
    let (out, has_errors) = check("bad_files");
    assert!(has_errors);
    insta::assert_snapshot!(out);
}

#[test]
fn missing_folder_and_manifest_are_clear() {
    let (out, has_errors) = check("does_not_exist");
    assert!(has_errors);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("tests/fixtures/does_not_exist") && out.contains("does not exist"),
        "{out}"
    );
    let (out, has_errors) = check("no_manifest");
    assert!(has_errors);
    assert!(out.contains("has no story.ron"), "{out}");
}

#[test]
fn clean_stories_report_nothing() {
    assert_eq!(check("minimal"), ("no problems found\n".to_owned(), false));
}

#[test]
fn json_lists_positions() {
    let (out, has_errors) = report(Path::new("tests/fixtures/many_errors"), true);
    assert!(has_errors);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["errors"], 13);
    assert_eq!(doc["warnings"], 0);
    let diags = doc["diagnostics"].as_array().expect("a list");
    let typo = diags
        .iter()
        .find(|d| {
            d["code"] == "unknown-target"
                && d["message"].as_str().is_some_and(|m| m.contains("boarder"))
        })
        .expect("the typo is reported");
    assert_eq!(typo["file"], "tests/fixtures/many_errors/camp.ron");
    assert_eq!(
        (typo["line"].as_u64(), typo["column"].as_u64()),
        (Some(9), Some(53))
    );
    assert_eq!(typo["help"], "did you mean `border`?");
    // errors come before warnings
    let sev: Vec<&str> = diags
        .iter()
        .filter_map(|d| d["severity"].as_str())
        .collect();
    assert!(
        sev.windows(2)
            .all(|w| !(w[0] == "warning" && w[1] == "error"))
    );
}

#[test]
fn exit_status_follows_errors() {
    let bin = env!("CARGO_BIN_EXE_aftermath");
    let status = |dir: &str| {
        Command::new(bin)
            .args(["check", dir])
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(status("tests/fixtures/many_errors"), Some(1));
    assert_eq!(status("tests/fixtures/warnings_only"), Some(0));
    assert_eq!(status("tests/fixtures/nope"), Some(1));
    assert_eq!(status("story/after-kursk"), Some(0));
}
