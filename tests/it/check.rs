//! `aftermath check` over fixture stories: rendered diagnostics are snapshot-tested.

use std::path::Path;
use std::process::Command;

use aftermath::cli::check::report;
use aftermath::story::Code;

fn check(name: &str) -> (String, bool) {
    report(&Path::new("tests/fixtures").join(name), false, None)
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
    let (out, has_errors) = report(Path::new("tests/fixtures/many_errors"), true, None);
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

/// Each diagnostic code and the fixture story under tests/fixtures that produces it.
/// `no-story` is about the folder itself, so its "fixture" is a folder that does not exist.
const CODE_FIXTURES: &[(Code, &str)] = &[
    (Code::NoStory, "does_not_exist"),
    (Code::NoManifest, "no_manifest"),
    (Code::EmptyFile, "bad_files"),
    (Code::NotText, "bad_files"),
    // A committed symlink to outside the folder (and one round a loop); the pipes, devices and
    // non-UTF-8 names are made in a tempdir by tests/it/hardening_fs.rs.
    (Code::SkippedFile, "skipped_file"),
    (Code::RonSyntax, "syntax_error"),
    (Code::NoRoles, "no_roles"),
    (Code::DuplicateId, "many_errors"),
    (Code::BadId, "bad_id"),
    (Code::BadRange, "bad_range"),
    (Code::BadStart, "many_errors"),
    (Code::UnknownTarget, "many_errors"),
    (Code::UnknownVariable, "many_errors"),
    (Code::TypeError, "many_errors"),
    (Code::ExprSyntax, "many_errors"),
    (Code::TextSyntax, "text_syntax"),
    (Code::DeadEnd, "many_errors"),
    (Code::ConflictingExits, "conflicting_exits"),
    (Code::ChoiceTarget, "choice_target"),
    (Code::NextCycle, "many_errors"),
    (Code::AutoStepLimit, "long_chain"),
    (Code::UnusedBecause, "warnings_only"),
    (Code::Unreachable, "warnings_only"),
    (Code::UnusedVariable, "warnings_only"),
    (Code::ConstantVariable, "warnings_only"),
    (Code::BadSource, "bad_sources"),
    (Code::UnknownSource, "bad_sources"),
    (Code::SourceWithoutNote, "bad_sources"),
    (Code::UnusedSource, "bad_sources"),
    (Code::MissingImage, "bad_images"),
    (Code::BadImage, "bad_images"),
    (Code::ImageWithoutAlt, "bad_images"),
    (Code::TranslationSyntax, "bad_translations"),
    (Code::TranslationMarkup, "bad_translations"),
    (Code::TranslationMissing, "bad_translations"),
    (Code::TranslationStale, "bad_translations"),
    (Code::TranslationUnknown, "bad_translations"),
];

/// The codes in docs/story-format.md's "Diagnostic codes" table, in its order.
fn documented_codes() -> Vec<String> {
    let doc = std::fs::read_to_string("docs/story-format.md").expect("the format reference");
    let table = doc
        .split_once("### Diagnostic codes")
        .expect("the reference has a Diagnostic codes section")
        .1;
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|row| {
            row.strip_prefix("| `")?
                .split_once('`')
                .map(|c| c.0.to_owned())
        })
        .collect()
}

#[test]
fn the_reference_documents_exactly_the_codes() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(documented_codes(), names);
}

#[test]
fn every_code_has_a_fixture_that_produces_it() {
    let mapped: Vec<Code> = CODE_FIXTURES.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        mapped,
        Code::ALL,
        "one fixture per code, in Code::ALL order"
    );
    for (code, fixture) in CODE_FIXTURES {
        let (out, _) = report(&Path::new("tests/fixtures").join(fixture), true, None);
        let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let codes: Vec<&str> = doc["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(
            codes.contains(&code.as_str()),
            "fixture {fixture} should produce {code}, but gave {codes:?}"
        );
    }
}

/// The fixtures whose reports no other test snapshots: one per code that had none.
#[test]
fn each_code_fixture_reports_file_line_and_fix() {
    for fixture in [
        "does_not_exist",
        "no_manifest",
        "no_roles",
        "bad_id",
        "bad_range",
        "text_syntax",
        "conflicting_exits",
        "choice_target",
        "long_chain",
    ] {
        let (out, has_errors) = check(fixture);
        assert!(has_errors, "{fixture}: {out}");
        insta::with_settings!({ snapshot_suffix => fixture }, {
            insta::assert_snapshot!(out);
        });
    }
}

/// A story large enough that its files are parsed side by side (story::fanout): syntax errors in
/// several files come back one per file, in file order, on every run.
#[test]
fn a_large_storys_syntax_errors_come_in_file_order_every_time() {
    let mut source = aftermath::tools::synth::synthetic_story(4000, 3);
    let bytes: usize = source.files.iter().map(|f| f.text.len()).sum();
    assert!(bytes > 1 << 20, "large enough for threads: {bytes} bytes");
    let broken = [2, 5, 6];
    for &i in &broken {
        source.files[i].text.push_str("\n((( not RON");
    }
    for _ in 0..5 {
        let Err(failed) = aftermath::story::load(source.clone()) else {
            panic!("the broken files load");
        };
        let files: Vec<usize> = failed
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::RonSyntax)
            .filter_map(|d| d.file)
            .collect();
        assert_eq!(files, broken, "{:#?}", failed.diagnostics);
    }
}
