//! Role presets: named starts in the story format, checked like a role's own start and values;
//! `Session::start_preset`; saves of a preset's playthrough; `play --text --preset`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aftermath::cli::check::report;
use aftermath::save::{SaveFile, SaveStore, Slot};
use aftermath::session::{Session, StartError};
use aftermath::story::{Story, Value};
use aftermath::tools::playthrough::{Settings, Stop, play_random_from};

use crate::{bundled, fixture};

use crate::play_text::run;

fn text(v: &str) -> Value {
    Value::Text(v.into())
}

// ───────────────────────── The format and its checks ─────────────────────────

#[test]
fn presets_load_with_their_start_and_full_values() {
    let story = fixture("presets");
    let role = &story.roles[story.role("driver").expect("driver")];
    assert_eq!(role.preset_ids(), ["with-papers", "at-the-border"]);
    assert_eq!(role.preset("at-the-border"), Some(1));
    assert_eq!(role.preset("nope"), None);

    let papers = &role.presets[0];
    assert_eq!(papers.title, "With papers");
    assert_eq!(papers.about, "You have your papers, and your nerve.");
    assert_eq!(papers.start, role.start, "no `start`: the role's own");
    assert_eq!(story.key_of(papers.start), "road.gate");
    // Declared order: nerve, papers, name. The role's `name: "Ri"` stays under the preset's.
    assert_eq!(
        papers.values,
        [Value::Int(5), Value::Bool(true), text("Ri")]
    );

    let border = &role.presets[1];
    assert_eq!(border.about, "", "no `about`");
    assert_eq!(story.key_of(border.start), "border.post");
    assert_eq!(
        border.values,
        [Value::Int(1), Value::Bool(false), text("Ri")]
    );
    let guard = &story.roles[story.role("guard").expect("guard")];
    assert!(guard.presets.is_empty());
}

#[test]
fn preset_starts_and_values_count_for_the_lints() {
    // `border.*` is reached only from a preset, and only a preset sets `papers`: without
    // presets counting, this would warn `unreachable` three times and `constant-variable`.
    let (out, has_errors) = report(Path::new("tests/fixtures/presets"), false, None);
    assert!(!has_errors);
    assert_eq!(out, "no problems found\n");
}

#[test]
fn broken_presets_are_reported_at_their_place() {
    let (json, has_errors) = report(Path::new("tests/fixtures/bad_presets"), true, None);
    assert!(has_errors);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let got: Vec<(String, String, u64, u64, String)> = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let file = "tests/fixtures/bad_presets/story.ron";
    let want = [
        ("unknown-variable", 12, 57, "did you mean `nerve`?"),
        ("type-error", 13, 69, "write a bool value"),
        ("bad-range", 14, 67, "give a value between 0 and 5"),
        ("bad-start", 15, 54, "did you mean `border.post`?"),
        ("duplicate-id", 16, 24, "give each preset of a role its own id"),
        (
            "bad-id",
            17,
            24,
            "write lowercase letters and digits joined by single `-`, starting with a letter: `as-reported`",
        ),
    ]
    .map(|(code, line, col, help)| (code.to_owned(), file.to_owned(), line, col, help.to_owned()));
    assert_eq!(got, want);

    let (out, _) = report(Path::new("tests/fixtures/bad_presets"), false, None);
    insta::assert_snapshot!(out);
}

// ───────────────────────── Starting a session ─────────────────────────

#[test]
fn start_preset_enters_the_preset_start_with_its_values() {
    let story = fixture("presets");
    let s = Session::start_preset(Arc::clone(&story), "driver", Some("at-the-border"), 4)
        .expect("starts");
    let view = s.view();
    assert_eq!(view.node, "border.post");
    assert_eq!(view.scene_title, "The Border");
    assert_eq!(view.beats[0].text, "Ri reaches the border post. Nerve 1.");
    assert_eq!(
        s.state().vars,
        [Value::Int(1), Value::Bool(false), text("Ri")]
    );
    assert_eq!((s.role_id(), s.seed, s.state().turns), ("driver", 4, 0));

    let papers = Session::start_preset(Arc::clone(&story), "driver", Some("with-papers"), 4)
        .expect("starts");
    assert_eq!(papers.view().node, "road.gate");
    assert!(
        papers.view().choices[0].enabled,
        "`papers` is true, so the papers can be shown"
    );
}

#[test]
fn no_preset_is_the_same_as_start() {
    let story = fixture("presets");
    let plain = Session::start(Arc::clone(&story), "driver", 9).expect("starts");
    let none = Session::start_preset(Arc::clone(&story), "driver", None, 9).expect("starts");
    assert_eq!(none.state(), plain.state());
    assert_eq!(none.view(), plain.view());
    assert_eq!(none.transcript(), plain.transcript());
    assert!(!none.view().choices[0].enabled, "no papers by default");
}

#[test]
fn unknown_presets_and_roles_are_refused_by_name() {
    let story = fixture("presets");
    let err = Session::start_preset(Arc::clone(&story), "driver", Some("at-the-gate"), 1)
        .expect_err("no such preset");
    assert_eq!(
        err,
        StartError::UnknownPreset {
            role: "driver".into(),
            preset: "at-the-gate".into(),
            known: vec!["with-papers".into(), "at-the-border".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "role `driver` has no preset `at-the-gate`; its presets are: with-papers, at-the-border"
    );
    let err = Session::start_preset(Arc::clone(&story), "guard", Some("with-papers"), 1)
        .expect_err("the guard has none");
    assert_eq!(
        err.to_string(),
        "role `guard` has no preset `with-papers`; it has no presets"
    );
    let err = Session::start_preset(story, "spy", Some("with-papers"), 1).expect_err("no role");
    assert!(matches!(err, StartError::UnknownRole { .. }), "{err:?}");
}

// ───────────────────────── Saves and undo ─────────────────────────

#[test]
fn a_preset_playthrough_saves_restores_and_undoes_to_its_start() {
    let story = fixture("presets");
    let mut original =
        Session::start_preset(Arc::clone(&story), "driver", Some("at-the-border"), 3)
            .expect("starts");
    let first = original.view();
    let first_state = original.state().clone();
    original.choose(0).expect("join the queue");
    original.choose(0).expect("wait longer (once-only)");
    assert_eq!(original.value("nerve"), Some(&Value::Int(3)));

    // Through a slot on disk, as the game saves.
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::new(dir.path(), &story.meta.id);
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_745_849_100);
    let save = SaveFile::of_at(&original, Duration::from_secs(60), at);
    store.write(Slot::Quick, &save).expect("writes");
    let read = store.read(Slot::Quick).expect("reads");
    assert_eq!(read, save);
    assert_eq!(read.node, "border.queue");

    let (mut restored, notices) = read.restore(Arc::clone(&story)).expect("restores");
    assert_eq!(notices, []);
    assert_eq!(restored.view(), original.view());
    assert_eq!(restored.state(), original.state());
    assert_eq!(restored.transcript(), original.transcript());
    assert_eq!(restored.undo_depth(), 2, "the exact undo stack comes back");

    restored.undo().expect("undo the wait");
    restored.undo().expect("undo joining the queue");
    assert_eq!(restored.view(), first, "back at the preset's start");
    assert_eq!(restored.state(), &first_state);
    assert!(
        restored.undo().is_err(),
        "nothing before the preset's start"
    );

    // And it plays on the same as the original would.
    original.undo().expect("undo");
    original.undo().expect("undo");
    assert_eq!(original.state(), restored.state());
    for s in [&mut original, &mut restored] {
        s.choose(0).expect("join the queue");
        s.choose(1).expect("cross");
    }
    assert_eq!(restored.view(), original.view());
    assert_eq!(restored.view().ending.map(|e| e.id), Some("crossed".into()));
}

// ───────────────────────── The bundled story ─────────────────────────

/// The start node of each postwar preset.
const OPTIONS: [&str; 5] = [
    "home",
    "peacekeepers",
    "redeploy",
    "russian_pmc",
    "korean_pmc",
];

#[test]
fn the_bundled_roles_have_the_reported_start_and_one_preset_per_option() {
    let story = bundled();
    for (role, crossroads) in [
        ("soldier", "prologue_soldier.summer"),
        ("planner", "prologue_planner.memo"),
    ] {
        let r = &story.roles[story.role(role).expect("role")];
        assert_eq!(
            r.preset_ids(),
            [
                "as-reported",
                "home",
                "peacekeepers",
                "redeploy",
                "russian-pmc",
                "korean-pmc"
            ],
            "{role}"
        );
        let starts: Vec<String> = r.presets.iter().map(|p| story.key_of(p.start)).collect();
        let mut want = vec![crossroads.to_owned()];
        want.extend(OPTIONS.iter().map(|o| format!("{o}_{role}.start")));
        assert_eq!(starts, want, "{role}");
        for p in &r.presets {
            assert!(
                !p.title.is_empty() && !p.about.is_empty(),
                "{role} {}",
                p.id
            );
            if p.id != "as-reported" {
                assert!(
                    p.about.starts_with("Scenario, not reporting:"),
                    "{role} {}: the options are speculation",
                    p.id
                );
            }
            for flag in ["russia_accepted", "operation_succeeded", "recognised"] {
                let i = story.variable(flag).expect("declared");
                assert_eq!(p.values[i], Value::Bool(true), "{role} {} {flag}", p.id);
            }
        }
    }
}

/// The soldier's and planner's `as-reported` values: what the reported spring typically leaves.
#[test]
fn the_bundled_as_reported_presets_start_with_exact_values() {
    let story = bundled();
    let s = Session::start_preset(Arc::clone(&story), "soldier", Some("as-reported"), 1)
        .expect("starts");
    assert_eq!(s.view().node, "prologue_soldier.summer");
    let value = |s: &Session, id: &str| s.value(id).cloned().expect("declared");
    for (id, want) in [
        ("background", text("conscript")),
        ("unit_name", text("the 7th Rifle Company")),
        ("loyalty", Value::Int(8)),
        ("suspicion", Value::Int(1)),
        ("morale", Value::Int(6)),
        ("savings", Value::Int(0)),
        ("family_safety", Value::Int(7)),
        ("comrades", Value::Int(3)),
        ("friends", Value::Int(2)),
        ("saw_prosperity", Value::Bool(true)),
        ("spoke_out", Value::Bool(false)),
    ] {
        assert_eq!(value(&s, id), want, "soldier {id}");
    }
    let p = Session::start_preset(Arc::clone(&story), "planner", Some("as-reported"), 1)
        .expect("starts");
    assert_eq!(p.view().node, "prologue_planner.memo");
    for (id, want) in [
        ("regime_security", Value::Int(9)),
        ("hard_currency", Value::Int(10)),
        ("russia_ties", Value::Int(8)),
        ("china_ties", Value::Int(5)),
        ("sanctions_exposure", Value::Int(6)),
        ("troop_loyalty", Value::Int(7)),
        ("standing", Value::Int(5)),
        ("conscience", Value::Bool(false)),
    ] {
        assert_eq!(value(&p, id), want, "planner {id}");
    }
}

fn every_preset(story: &Story) -> Vec<(usize, String)> {
    story
        .roles
        .iter()
        .enumerate()
        .flat_map(|(r, role)| role.preset_ids().into_iter().map(move |p| (r, p)))
        .collect()
}

#[test]
fn every_bundled_preset_starts_and_plays_to_an_ending() {
    let story = bundled();
    let presets = every_preset(&story);
    assert_eq!(presets.len(), 12);
    for (r, preset) in presets {
        let role = story.roles[r].id.clone();
        let s = Session::start_preset(Arc::clone(&story), &role, Some(&preset), 0)
            .unwrap_or_else(|e| panic!("{role} {preset}: {e}"));
        let view = s.view();
        assert!(
            view.beats.iter().all(|b| !b.text.trim().is_empty()) && !view.beats.is_empty(),
            "{role} {preset}: a passage"
        );
        assert!(
            view.choices.iter().any(|c| c.enabled),
            "{role} {preset}: a choice to take at {}",
            view.node
        );
        for seed in 0..8 {
            let settings = Settings {
                max_turns: 200,
                record: true,
            };
            let p = play_random_from(
                &story,
                r,
                Some(&preset),
                seed,
                settings,
                &mut aftermath::session::Dice,
            )
            .expect("starts");
            assert_eq!(p.stop, Stop::Ending, "{role} {preset} seed {seed}");
            assert!(p.session.view().ending.is_some());
        }
    }
}

// ───────────────────────── The command line ─────────────────────────

#[test]
fn play_text_starts_from_a_preset() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/presets",
            "--role",
            "driver",
            "--preset",
            "at-the-border",
            "--seed",
            "5",
        ],
        "1\n2\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with(
            "Playing `driver` from preset `at-the-border` with seed 5 (replay with --preset at-the-border --seed 5).\n\n== The Border ==\n\nRi reaches the border post. Nerve 1.\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("(Nerve +1)"), "{stdout}");
    assert!(stdout.ends_with("=== Ending: Across ===\n\n"), "{stdout}");
}

#[test]
fn play_text_refuses_an_unknown_preset_as_a_usage_error() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/presets",
            "--role",
            "driver",
            "--preset",
            "at-the-gate",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: role `driver` has no preset `at-the-gate`; its presets are: with-papers, at-the-border\n"
    );
    // The bundled story, the preset flag given before the command.
    let out = run(
        &[
            "--preset",
            "homecoming",
            "play",
            "--text",
            "--role",
            "soldier",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: role `soldier` has no preset `homecoming`; its presets are: as-reported, home, peacekeepers, redeploy, russian-pmc, korean-pmc\n"
    );
}

#[test]
fn the_role_menu_and_stats_list_the_presets() {
    let out = run(
        &[
            "play",
            "--text",
            "--story",
            "tests/fixtures/presets",
            "--preset",
            "with-papers",
            "--seed",
            "1",
        ],
        "driver\n1\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "1) The Driver [driver]\n\n   Presets (--preset ID): with-papers, at-the-border\n\n2) The Guard [guard]\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("=== Ending: Through ==="), "{stdout}");

    let table =
        aftermath::cli::stats::output(Path::new("tests/fixtures/presets"), false).expect("stats");
    assert!(
        table.contains(
            "\nPresets (play --role ROLE --preset ID):\n  driver with-papers: With papers (starts at road.gate)\n  driver at-the-border: At the border (starts at border.post)\n"
        ),
        "{table}"
    );
    let json =
        aftermath::cli::stats::output(Path::new("tests/fixtures/presets"), true).expect("json");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(doc["roles"][0]["presets"][1]["id"], "at-the-border");
    assert_eq!(doc["roles"][0]["presets"][1]["start"], "border.post");
    assert_eq!(doc["roles"][1]["presets"], serde_json::json!([]));
}
