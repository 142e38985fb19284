//! Writers' tools: `aftermath new` scaffolds a clean story; `aftermath stats` counts it right.

use std::path::Path;
use std::process::Command;

use aftermath::cli::check::report;
use aftermath::tools::{scaffold, stats};

use crate::{bundled, fixture};

#[test]
fn new_story_checks_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("my-story");
    scaffold::create(&dir).expect("scaffold written");
    let (out, has_errors) = report(&dir, false, None);
    assert!(!has_errors, "scaffold has errors:\n{out}");
    assert_eq!(
        out.trim(),
        "no problems found",
        "scaffold has warnings:\n{out}"
    );
    // An existing but empty folder is fine too.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    scaffold::create(&empty).expect("scaffold into an empty folder");
    assert!(!report(&empty, false, None).1);
}

#[test]
fn new_refuses_non_empty_dir() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let err = scaffold::create(tmp.path()).expect_err("must refuse");
    assert!(matches!(err, scaffold::ScaffoldError::NotEmpty(_)), "{err}");
    assert!(!tmp.path().join("story.ron").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .arg("new")
        .arg(tmp.path())
        .output()
        .expect("run aftermath");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an empty folder"));
}

#[test]
fn stats_counts_minimal_fixture() {
    let story = fixture("minimal");
    let st = stats::compute(&story, 50, 7).expect("stats");
    let scenes: Vec<(&str, usize)> = st.scenes.iter().map(|s| (s.id.as_str(), s.nodes)).collect();
    // camp: start, report, event, rain, sun, wind, caught, free, office; other: signed, done.
    assert_eq!(scenes, [("camp", 9), ("other", 2)]);
    assert_eq!(st.nodes, 11);
    // rain, sun, wind, caught, free, signed.
    assert_eq!(st.endings, 6);
    let roles: Vec<(&str, usize, usize)> = st
        .roles
        .iter()
        .map(|r| (r.id.as_str(), r.nodes, r.endings))
        .collect();
    // The soldier reaches all of camp but the office; the planner only office -> signed -> done.
    assert_eq!(roles, [("soldier", 8, 5), ("planner", 3, 1)]);
    // start has 4 choices, office 1.
    assert!((st.branching - 2.5).abs() < 1e-9);
    // The planner's only playthrough: office, signed, done.
    let planner = &st.roles[1];
    assert_eq!(planner.finished, 50);
    assert!((planner.avg_nodes - 3.0).abs() < 1e-9);
    // "The office." + "Sign" (the choice taken) + "Signed." + "Done."
    assert!((planner.avg_words - 5.0).abs() < 1e-9);
    assert!(st.roles.iter().all(|r| r.minutes > 0.0));
}

#[test]
fn stats_runs_on_bundled_story() {
    let table = aftermath::cli::stats::output(Path::new("story/after-kursk"), false)
        .expect("stats of after-kursk");
    assert!(
        table.contains("soldier") && table.contains("planner"),
        "{table}"
    );
    let json = aftermath::cli::stats::output(Path::new("story/after-kursk"), true).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let story = bundled();
    assert_eq!(v["nodes"].as_u64(), Some(story.nodes.len() as u64));
    assert_eq!(v["roles"].as_array().map(Vec::len), Some(story.roles.len()));
}

#[test]
fn stats_reports_missing_folder() {
    let err = aftermath::cli::stats::output(Path::new("tests/fixtures/does-not-exist"), false)
        .expect_err("missing");
    assert!(err.contains("error"), "{err}");
}

/// Loads the scaffold story, with `steady`'s text replaced by `text` when given.
fn scaffold_story(text: Option<&str>) -> std::sync::Arc<aftermath::story::Story> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("s");
    scaffold::create(&dir).expect("scaffold written");
    if let Some(text) = text {
        let road = dir.join("road.ron");
        let ron = std::fs::read_to_string(&road).expect("read road.ron");
        let old = "text: \"You breathe slowly and count to ten.\"";
        assert!(ron.contains(old), "the scaffold's `steady` node changed");
        let ron = ron.replacen(old, &format!("text: \"{text}\""), 1);
        std::fs::write(&road, ron).expect("write road.ron");
    }
    let source = aftermath::story::StorySource::from_dir(&dir).expect("story folder");
    match aftermath::story::load(source) {
        Ok(l) => std::sync::Arc::new(l.story),
        Err(f) => panic!("scaffold failed to load:\n{}", f.render()),
    }
}

#[test]
fn stats_counts_a_huge_text_field() {
    // One node's text of 5 MB (about 950,000 words) is counted right, node totals and per
    // playthrough (a linear pass, not one per showing: see BENCHMARKS.md for the timing).
    let base = stats::compute(&scaffold_story(None), 50, 3).expect("stats");
    let huge_words = 5 * 1024 * 1024 / "ashes and ".len();
    let huge = "ashes and ".repeat(huge_words);
    let big = stats::compute(&scaffold_story(Some(huge.trim_end())), 50, 3).expect("stats");
    let added = 2 * huge_words - 7; // "You breathe slowly and count to ten." was 7 words.
    assert_eq!(big.words, base.words + added);
    assert_eq!(big.nodes, base.nodes);
    for (b, r) in base.roles.iter().zip(&big.roles) {
        // Same playthroughs (the seeds and the choices do not depend on the text).
        assert_eq!((b.nodes, b.finished), (r.nodes, r.finished), "{}", r.id);
        assert!((b.avg_nodes - r.avg_nodes).abs() < 1e-9, "{}", r.id);
        if r.nodes > 0 && (r.avg_words - b.avg_words).abs() > 1e-9 {
            // Every extra word comes from showings of `steady`, so whole multiples of `added`.
            let extra = (r.avg_words - b.avg_words) * r.playthroughs as f64;
            let showings = extra / added as f64;
            assert!((showings - showings.round()).abs() < 1e-6, "{}", r.id);
        }
    }
}

/// Not a test: writes a synthetic story folder for the timing script
/// (`scripts/perf-sizes.sh`): `AFTERMATH_SYNTH_DIR=out AFTERMATH_SYNTH_NODES=16000
/// cargo test --no-default-features write_synthetic_story -- --ignored`.
#[test]
#[ignore = "writes a synthetic story to $AFTERMATH_SYNTH_DIR for scripts/perf-sizes.sh"]
fn write_synthetic_story() {
    let (Ok(dir), Ok(nodes)) = (
        std::env::var("AFTERMATH_SYNTH_DIR"),
        std::env::var("AFTERMATH_SYNTH_NODES"),
    ) else {
        return;
    };
    let nodes: usize = nodes.parse().expect("AFTERMATH_SYNTH_NODES is a number");
    let source = aftermath::tools::synth::synthetic_story(nodes, 2024);
    for f in &source.files {
        // Paths are `synthetic/...`: strip the root folder.
        let rel = f.path.split_once('/').map_or(f.path.as_str(), |(_, r)| r);
        let path = Path::new(&dir).join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, &f.text).expect("write");
    }
}

/// Found by the fuzzer: a role id of 70,000 letters made the stats table ask `format!` for a
/// column wider than it allows, and `aftermath stats` panicked.
#[test]
fn stats_tables_survive_very_long_ids() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    for name in ["story.ron", "camp.ron", "other.ron"] {
        let text = std::fs::read_to_string(Path::new("tests/fixtures/minimal").join(name))
            .expect("fixture");
        let long = "x".repeat(70_000);
        std::fs::write(
            dir.join(name),
            text.replace("\"soldier\"", &format!("\"{long}\"")),
        )
        .expect("write");
    }
    let source = aftermath::story::StorySource::from_dir(dir).expect("folder");
    let story = match aftermath::story::load(source) {
        Ok(l) => std::sync::Arc::new(l.story),
        Err(f) => panic!("the story loads:\n{}", f.render()),
    };
    let st = stats::compute(&story, 5, 1).expect("stats");
    let table = stats::render_table(&st);
    assert!(
        table.contains(&"x".repeat(70_000)),
        "the id is printed whole"
    );
    // The other rows keep a readable column instead of one 70,000 wide.
    let planner = table
        .lines()
        .find(|l| l.starts_with("planner"))
        .expect("a planner row");
    assert!(
        planner.len() < 200,
        "{}",
        &planner[..200.min(planner.len())]
    );
}
