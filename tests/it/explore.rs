//! `aftermath explore`: exhaustive and random playtests find endings, soft-locks, dead choices
//! and clamped stats, and every example path they print replays.

use std::process::Command;
use std::sync::Arc;

use aftermath::session::Session;
use aftermath::story::Story;
use aftermath::tools::explore::{Mode, Options, ProblemKind, Replay, Report, explore};
use aftermath::tools::scaffold;

use crate::{bundled, fixture};

fn options(mode: Mode) -> Options {
    Options {
        roles: Vec::new(),
        mode,
        max_turns: 500,
        threads: 2,
        progress: false,
    }
}

fn exhaustive(story: &Arc<Story>) -> Report {
    explore(
        story,
        &options(Mode::Exhaustive {
            max_states: 100_000,
        }),
    )
    .expect("explores")
}

/// Replays an example path with the session, as `aftermath play --text` does.
fn replay(story: &Arc<Story>, r: &Replay) -> Session {
    let seed = r.seed.expect("a seed was found for the path");
    let mut s = Session::start(Arc::clone(story), &r.role, seed).expect("starts");
    for &c in &r.script {
        s.choose(c - 1).expect("the scripted choice can be taken");
    }
    s
}

fn aftermath(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn exhaustive_walk_finds_every_reachable_ending_with_a_replayable_path() {
    let story = fixture("minimal");
    let report = exhaustive(&story);
    let soldier = &report.roles[0];
    assert!(soldier.complete);
    let mut ids: Vec<&str> = soldier.endings.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    // `sun` needs money > 100 and money only reaches 50: it is not reachable.
    assert_eq!(ids, ["caught", "free", "rain", "wind"]);
    for e in &soldier.endings {
        let s = replay(&story, &e.example);
        let view = s.view();
        assert_eq!(view.ending.map(|v| v.id), Some(e.id.clone()), "{e:?}");
    }
    let unreached: Vec<&str> = report
        .unreached_endings
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(unreached, ["sun"]);
    assert!(report.failed());
    let never: Vec<&str> = report
        .nodes
        .iter()
        .filter(|n| n.in_reach && n.hits == 0)
        .map(|n| n.node.as_str())
        .collect();
    assert_eq!(never, ["camp.sun"]);
    let dead: Vec<(&str, usize)> = report
        .choices
        .iter()
        .filter(|c| c.in_reach && !c.enabled)
        .map(|c| (c.node.as_str(), c.number))
        .collect();
    assert_eq!(dead, [("camp.start", 3)], "only the secret path");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn soft_locks_and_clamped_stats_are_reported_with_paths() {
    let story = fixture("soft_lock");
    let report = exhaustive(&story);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let p = &report.problems[0];
    assert_eq!(p.kind, ProblemKind::SoftLock);
    assert_eq!(p.node, "road.bridge");
    let s = replay(&story, &p.example);
    assert!(
        s.view().is_stuck(),
        "the replayed path is stuck at the bridge"
    );
    assert_eq!(report.clamps.len(), 1, "{:?}", report.clamps);
    let c = &report.clamps[0];
    assert_eq!((c.variable.as_str(), c.bound.as_str()), ("fuel", "max 3"));
    assert_eq!((c.node.as_str(), c.wanted), ("road.depot", 6));
    assert!(report.unreached_endings.is_empty());
    assert!(report.failed());
}

#[test]
fn text_branches_no_playthrough_shows_are_reported() {
    let story = fixture("soft_lock");
    for mode in [
        Mode::Exhaustive { max_states: 1000 },
        Mode::Random { runs: 200, seed: 1 },
    ] {
        let report = explore(&story, &options(mode)).expect("explores");
        let depot: Vec<(usize, usize, bool, u64)> = report
            .texts
            .iter()
            .filter(|t| t.node == "road.depot")
            .map(|t| (t.fragment, t.branch, t.is_else, t.shown))
            .collect();
        assert_eq!(depot.len(), 3, "{depot:?}");
        // `rumour > 5` never holds (its maximum is 2); the others do.
        assert_eq!(depot[0].3, 0, "{mode:?}: {depot:?}");
        assert!(depot[1].3 > 0 && depot[2].3 > 0, "{mode:?}: {depot:?}");
        assert!(depot[2].2, "the last branch is the else");
    }
    let out = aftermath(&["explore", "tests/fixtures/soft_lock"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Text never shown (1)")
            && text.contains("road.depot {if} #1, branch 1: \"Everyone has heard.\""),
        "{text}"
    );
}

#[test]
fn endless_automatic_steps_are_a_problem() {
    let report = exhaustive(&fixture("pick_loop"));
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::PlayError
                && p.message.contains("reached no choice or ending")),
        "{:?}",
        report.problems
    );
}

#[test]
fn random_runs_do_not_depend_on_the_thread_count() {
    let story = bundled();
    let run = |threads| {
        let mut o = options(Mode::Random {
            runs: 300,
            seed: 42,
        });
        o.threads = threads;
        explore(&story, &o).expect("explores")
    };
    let (one, three) = (run(1), run(3));
    for (a, b) in one.roles.iter().zip(&three.roles) {
        let counts = |r: &aftermath::tools::explore::RoleReport| {
            r.endings
                .iter()
                .map(|e| (e.id.clone(), e.count, e.example.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(counts(a), counts(b));
        assert_eq!(a.longest_path, b.longest_path);
    }
    let hits = |r: &Report| r.nodes.iter().map(|n| n.hits).collect::<Vec<_>>();
    assert_eq!(hits(&one), hits(&three));
    // A different seed gives different playthroughs.
    let other = explore(
        &story,
        &options(Mode::Random {
            runs: 300,
            seed: 43,
        }),
    )
    .expect("explores");
    assert_ne!(hits(&one), hits(&other));
}

#[test]
fn random_runs_on_the_bundled_story_end_cleanly_and_replay() {
    let story = bundled();
    let report = explore(&story, &options(Mode::Random { runs: 400, seed: 7 })).expect("explores");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The planner's memo shows one road as never open (`requires: "false"`): not a problem.
    let never_open: Vec<(&str, usize)> = report
        .choices
        .iter()
        .filter(|c| c.always_disabled)
        .map(|c| (c.node.as_str(), c.number))
        .collect();
    assert_eq!(never_open, [("prologue_planner.memo", 6)]);
    for role in &report.roles {
        assert_eq!(role.playthroughs, 400);
        assert_eq!(
            role.finished, 400,
            "every playthrough of {} ends",
            role.role
        );
        assert!(
            role.endings.len() >= 10,
            "{}: {}",
            role.role,
            role.endings.len()
        );
        let shares: f64 = role.endings.iter().filter_map(|e| e.share).sum();
        assert!((shares - 1.0).abs() < 1e-9, "shares add up to 1: {shares}");
        for e in &role.endings {
            let view = replay(&story, &e.example).view();
            assert_eq!(view.ending.map(|v| v.id), Some(e.id.clone()));
        }
        let avg = role.average_path.expect("average");
        let longest = role.longest_path.as_ref().expect("longest").script.len() as f64;
        assert!(avg > 5.0 && longest >= avg, "avg {avg}, longest {longest}");
    }
}

#[test]
fn a_scaffolded_story_explores_clean_and_the_cli_exits_zero() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("s");
    scaffold::create(&dir).expect("scaffold");
    let d = dir.to_str().expect("utf-8 path");
    let out = aftermath(&["explore", d]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("OK: no soft-locks, every ending reached."),
        "{text}"
    );
    let out = aftermath(&["explore", d, "--runs", "50", "--seed", "3", "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(json["mode"], "random");
    assert_eq!(json["roles"][0]["playthroughs"], 50);
}

#[test]
fn cli_fails_on_problems_and_its_replay_command_works() {
    let out = aftermath(&["explore", "tests/fixtures/soft_lock"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("soft-lock at road.bridge"), "{text}");
    // The printed replay command, run as printed, ends up at the soft-lock.
    let line = text
        .lines()
        .skip_while(|l| !l.contains("soft-lock at"))
        .nth(1)
        .expect("replay line")
        .trim();
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    assert_eq!(args[..2], ["play", "--text"], "{line}");
    let played = aftermath(&args);
    let shown = String::from_utf8_lossy(&played.stdout);
    assert!(shown.contains("Not enough fuel"), "{shown}");
}

/// A walk cut short by --max-states cannot say an ending is unreachable. Random playthroughs
/// (one per ten states of the budget, at least 10) then sample what it missed, and report the
/// endings they reach with a replay each. An ending neither finds is reported as such, and
/// explore exits 1 (unknown is not a pass).
#[test]
fn a_walk_cut_short_is_followed_by_random_playthroughs() {
    // Twelve steps of two choices that add 1 or 2: 25 values at the end, so a walk of 8 states
    // stops long before the ending every playthrough reaches.
    let dir = tempfile::tempdir().unwrap();
    let mut scene = String::from("Scene(id: \"road\", title: \"Road\", nodes: [\n");
    for k in 1..=12 {
        scene.push_str(&format!(
            "    Node(id: \"s{k}\", text: \"Step {k}.\", choices: [\n        \
             Choice(text: \"Walk\", effects: [\"x += 1\"], goto: \"s{n}\"),\n        \
             Choice(text: \"Run\", effects: [\"x += 2\"], goto: \"s{n}\"),\n    ]),\n",
            n = k + 1
        ));
    }
    scene.push_str(
        "    Node(id: \"s13\", text: \"Home, {x}.\", ending: Ending(id: \"home\", title: \"Home\", summary: \"Arrived.\")),\n])\n",
    );
    std::fs::write(dir.path().join("road.ron"), scene).unwrap();
    std::fs::write(
        dir.path().join("story.ron"),
        "Story(id: \"road\", title: \"Road\", variables: [Int(id: \"x\", default: 0)], \
         roles: [Role(id: \"walker\", name: \"Walker\", start: \"road.s1\")])\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let out = aftermath(&["explore", path, "--max-states", "8"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("8 states, stopped at --max-states"), "{text}");
    assert!(
        text.contains(
            "Beyond the walk: 10 random playthroughs of walker (seed 0) reached 1 more ending the walk had not:"
        ),
        "{text}"
    );
    assert!(!text.contains("never reached"), "{text}");
    assert_eq!(
        text.lines().last(),
        Some(
            "OK: no soft-locks, every ending reached (by the walk or, past --max-states, by random playthroughs)."
        ),
        "{text}"
    );
    // The replay printed under the ending gets there.
    let replay = text
        .lines()
        .skip_while(|l| !l.starts_with("Beyond the walk"))
        .nth(2)
        .expect("a replay line");
    let args: Vec<&str> = replay.split_whitespace().skip(1).collect();
    let played = aftermath(&args);
    assert_eq!(played.status.code(), Some(0), "{replay}");
    assert!(String::from_utf8_lossy(&played.stdout).contains("=== Ending: Home ==="));
    // Coverage counts the playthroughs: no node of the road is listed as never reached.
    let json = aftermath(&["explore", path, "--max-states", "8", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["hits"].as_u64() > Some(0))
    );
    assert_eq!(v["sampled"]["runs"], 10);
    assert_eq!(v["sampled"]["endings"][0]["node"], "road.s13");

    // The minimal fixture has an ending nothing leads to: cut short or not, it is reported.
    let out = aftermath(&["explore", "tests/fixtures/minimal", "--max-states", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "Endings reached neither by the walk (stopped at --max-states) nor by the playthroughs after it (1)"
        ),
        "{text}"
    );
    assert!(text.contains("raise --max-states"), "{text}");
    let out = aftermath(&["explore", "tests/fixtures/minimal"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Endings never reached (1)"), "{text}");
    assert!(!text.contains("Beyond the walk"), "{text}");
}

#[test]
fn cli_explains_bad_flags() {
    let out = aftermath(&["explore", "tests/fixtures/minimal", "--seed", "4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--runs"));
    let out = aftermath(&["explore", "tests/fixtures/minimal", "--role", "pilot"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown role `pilot`") && err.contains("soldier, planner"),
        "{err}"
    );
    let out = aftermath(&["explore", "tests/fixtures/no_such_story"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn one_role_only_judges_its_own_endings() {
    let story = fixture("minimal");
    let mut o = options(Mode::Exhaustive { max_states: 1000 });
    o.roles = vec!["planner".to_owned()];
    let report = explore(&story, &o).expect("explores");
    assert_eq!(report.roles.len(), 1);
    // The soldier's endings are out of the planner's reach: not "unreached".
    assert!(
        report.unreached_endings.is_empty(),
        "{:?}",
        report.unreached_endings
    );
    assert!(!report.failed());
}

/// `explore --runs`, `stats` and the bundled tests share one random playthrough: every example
/// random mode reports is exactly what `play_random` plays from that seed.
#[test]
fn random_examples_are_the_shared_random_playthrough() {
    use aftermath::session::Dice;
    use aftermath::tools::playthrough::{Settings, Stop, play_random};
    let story = bundled();
    let report = explore(
        &story,
        &options(Mode::Random {
            runs: 300,
            seed: 11,
        }),
    )
    .expect("runs");
    let settings = Settings {
        max_turns: 500,
        record: false,
    };
    let mut checked = 0;
    for role in &report.roles {
        let r = story.role(&role.role).expect("a role");
        for e in &role.endings {
            let seed = e.example.seed.expect("random examples have seeds");
            let p = play_random(&story, r, seed, settings, &mut Dice).expect("starts");
            assert_eq!(p.stop, Stop::Ending, "{}", e.node);
            assert_eq!(p.script, e.example.script, "{} seed {seed}", e.node);
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked} endings checked");
}

/// The exhaustive report as JSON, without the time it took: everything else must match.
fn exhaustive_json(story: &Arc<Story>, max_states: usize, threads: usize) -> serde_json::Value {
    let mut o = options(Mode::Exhaustive { max_states });
    o.threads = threads;
    let report = explore(story, &o).expect("explores");
    let mut json = serde_json::to_value(&report).expect("serializes");
    json["seconds"] = serde_json::Value::Null;
    json
}

/// The walk's threads only expand states ahead of time; the calling thread takes them in one
/// order, so 1, 2 and 3 threads give the same report: the same states (the `--max-states`
/// bound counts the same first N states, so a walk cut short stops at the same place), the same
/// endings and counts, the same example paths, the same coverage counts.
fn assert_threads_do_not_change_the_report(story: &Arc<Story>, max_states: usize) {
    let one = exhaustive_json(story, max_states, 1);
    for threads in [2, 3] {
        let many = exhaustive_json(story, max_states, threads);
        assert!(
            one == many,
            "{threads} threads, --max-states {max_states}: the report differs from 1 thread's"
        );
    }
}

#[test]
fn exhaustive_reports_do_not_depend_on_the_thread_count_on_the_bundled_story() {
    let story = bundled();
    // Cut short at 3,000 and 25,000 states per role (neither role completes).
    for max_states in [3_000, 25_000] {
        let one = exhaustive_json(&story, max_states, 1);
        assert_eq!(one["roles"][0]["complete"], false);
        assert_eq!(one["roles"][0]["playthroughs"], max_states);
        assert_threads_do_not_change_the_report(&story, max_states);
    }
}

#[test]
fn exhaustive_reports_do_not_depend_on_the_thread_count_on_a_synthetic_story() {
    let story = match aftermath::story::load(aftermath::tools::synth::synthetic_story(300, 5)) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("the synthetic story loads:\n{}", f.render()),
    };
    // Cut short well inside the walk (its states grow without end: unbounded counters),
    // then at a single state.
    for max_states in [20_000, 2_000, 1] {
        assert_threads_do_not_change_the_report(&story, max_states);
    }
}

#[test]
fn complete_exhaustive_walks_do_not_depend_on_the_thread_count() {
    // Walks that run to their end, one of them with soft-locks and their example paths.
    for name in ["minimal", "soft_lock"] {
        let story = fixture(name);
        let one = exhaustive_json(&story, 100_000, 1);
        assert_eq!(one["roles"][0]["complete"], true, "{name}");
        assert_threads_do_not_change_the_report(&story, 100_000);
    }
    let soft_lock = exhaustive_json(&fixture("soft_lock"), 100_000, 3);
    assert!(
        soft_lock["problems"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );
}
