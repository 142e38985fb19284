//! The writing guide's worked example stays valid.
//!
//! docs/writing-guide.md walks a writer through adding a branch to After Kursk: a new scene file
//! and one new choice in `home_soldier.county`. Both live in docs/examples/writing-guide/. These
//! tests apply them to a copy of the bundled story, as the guide tells the writer to, and check
//! that the story loads clean, that the documented script reaches the new ending, and that the
//! checker output shown in the guide is still what the checker prints.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use aftermath::cli::check::report;
use aftermath::session::Session;
use aftermath::story::{StorySource, load};

const GUIDE: &str = "docs/writing-guide.md";
const EXAMPLE: &str = "docs/examples/writing-guide";
const SCENE_FILE: &str = "home_soldier_visit.ron";
const SNIPPET_FILE: &str = "county-choice.ron";
/// The new choice goes right after the last choice of `home_soldier.county`.
const ANCHOR: &str = "                    goto: \"officer\",\n                ),\n";
/// The playthrough the guide shows: `--seed 76 --script ...`.
const SEED: u64 = 76;
const SCRIPT: [usize; 22] = [
    4, 3, 1, 3, 1, 2, 2, 1, 2, 2, 1, 1, 3, 3, 2, 2, 1, 1, 3, 2, 3, 2,
];
const ENDING: &str = "home_soldier_visit";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A copy of the bundled story with the guide's example applied, as `DIR/my-kursk`.
/// `typo` misspells the new choice's target, as in the guide's first `check`.
fn apply_example(root: &Path, typo: bool) -> std::path::PathBuf {
    let dir = root.join("my-kursk");
    copy_dir(Path::new("story/after-kursk"), &dir);
    fs::copy(Path::new(EXAMPLE).join(SCENE_FILE), dir.join(SCENE_FILE))
        .expect("add the new scene file");
    let path = dir.join("home_soldier.ron");
    let scene = read(&path);
    assert_eq!(
        scene.matches(ANCHOR).count(),
        1,
        "the guide's anchor (the end of the choice going to `officer` in home_soldier.county) \
         must occur exactly once in story/after-kursk/home_soldier.ron; update the guide"
    );
    let mut snippet = read(Path::new(EXAMPLE).join(SNIPPET_FILE));
    if typo {
        snippet = snippet.replace("visit.road", "visit.raod");
    }
    fs::write(
        &path,
        scene.replacen(ANCHOR, &format!("{ANCHOR}{snippet}"), 1),
    )
    .expect("write the edited scene");
    dir
}

#[test]
fn guide_example_loads_clean_and_reaches_its_ending() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = apply_example(tmp.path(), false);
    let loaded = match load(StorySource::from_dir(&dir).expect("story folder")) {
        Ok(l) => l,
        Err(f) => panic!("the guide's example fails to load:\n{}", f.render()),
    };
    assert!(
        loaded.warnings.is_empty(),
        "the guide's example has warnings: {:?}",
        loaded.warnings
    );
    let mut session =
        Session::start(Arc::new(loaded.story), "soldier", SEED).expect("soldier starts");
    let mut visited = Vec::new();
    for (step, &n) in SCRIPT.iter().enumerate() {
        assert!(
            !session.is_ended(),
            "ended early, at step {step}: {}",
            session.view().node
        );
        session.choose(n - 1).unwrap_or_else(|e| {
            panic!(
                "step {step} (choice {n}) at {} failed: {e}",
                session.view().node
            )
        });
        visited.extend(session.view().beats.into_iter().map(|b| b.node));
    }
    let view = session.view();
    let ending = view.ending.expect("the script reaches an ending");
    assert_eq!(ending.id, ENDING, "visited: {visited:?}");
    // The documented run tells the truth and draws "She keeps it to herself".
    for node in [
        "home_soldier.county",
        "home_soldier_visit.road",
        "home_soldier_visit.door",
        "home_soldier_visit.kept",
    ] {
        assert!(
            visited.iter().any(|v| v == node),
            "{node} not visited: {visited:?}"
        );
    }
    assert_eq!(view.outcome.as_deref(), Some("She keeps it to herself"));
}

#[test]
fn guide_shows_the_example_files_and_the_checker_output() {
    let guide = read(GUIDE);
    // The guide prints both example files in full.
    for file in [SCENE_FILE, SNIPPET_FILE] {
        let text = read(Path::new(EXAMPLE).join(file));
        assert!(
            guide.contains(&text),
            "docs/writing-guide.md must contain {EXAMPLE}/{file} verbatim"
        );
    }
    // The documented playthrough.
    let script: Vec<String> = SCRIPT.iter().map(ToString::to_string).collect();
    let command = format!("--seed {SEED} --script {}", script.join(","));
    assert!(guide.contains(&command), "the guide must show `{command}`");

    // The typo report shown in the guide is what `check` prints today.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = apply_example(tmp.path(), true);
    let (out, has_errors) = report(&dir, false, None);
    assert!(has_errors, "the typo must be an error:\n{out}");
    let out = out.replace(&dir.display().to_string(), "my-kursk");
    assert!(
        guide.contains(&out),
        "docs/writing-guide.md must show the checker's report of the typo as it is now:\n{out}"
    );
    assert!(
        out.contains("did you mean `home_soldier_visit.road`?"),
        "{out}"
    );
}
