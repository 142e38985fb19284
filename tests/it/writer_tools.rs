//! Writers' tools from issue 14: choices without consequence and stat balance in `explore`,
//! repeated sentences and phrases in `stats --repeats`, on small stories whose answers are known.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use aftermath::session::Session;
use aftermath::story::{Story, StorySource, load};
use aftermath::tools::explore::{BalanceFlag, Mode, Options, Report, explore};
use aftermath::tools::repeats::{RepeatKind, repeats};

const MANIFEST: &str = r#"Story(
    id: "flavour",
    title: "Flavour",
    variables: [
        Int(id: "mood", default: 5, min: 0, max: 10, label: "Mood", stat: true),
        Int(id: "flavour", default: 0, label: "Flavour"),
        Int(id: "resolve", default: 3, min: 0, max: 3, label: "Resolve", stat: true),
        Int(id: "early", default: 1, label: "Early"),
    ],
    roles: [
        Role(id: "walker", name: "Walker", briefing: "You walk.", start: "road.gate"),
    ],
)
"#;

/// `road.start`: two choices that only change `flavour`, which nothing reads: the same state.
/// `road.mid`: two choices that change `mood`, which the ending's text reads: different.
const SCENE: &str = r#"Scene(
    id: "road",
    title: "The road",
    nodes: [
        Node(id: "gate", text: "A gate. Early {early}.", choices: [
            Choice(text: "Go through", goto: "start"),
        ]),
        Node(id: "start", text: "A crossroads.", choices: [
            Choice(text: "Nod", effects: ["flavour += 1"], goto: "mid"),
            Choice(text: "Shrug", goto: "mid"),
        ]),
        Node(id: "mid", text: "A stranger.", choices: [
            Choice(text: "Smile", effects: ["mood += 1", "resolve += 1", "early = 2"], goto: "end"),
            Choice(text: "Frown", effects: ["mood -= 1"], goto: "end"),
        ]),
        Node(
            id: "end",
            text: "{if mood > 5}You feel fine.{else}You feel low.{end}{if resolve > 2} You hold firm.{end}",
            ending: Ending(id: "end", title: "The end", summary: "You walked."),
        ),
    ],
)
"#;

/// Writes a story folder (manifest and one scene file `s.ron`) and loads it.
fn story_in(dir: &Path, manifest: &str, scene: &str) -> Arc<Story> {
    std::fs::write(dir.join("story.ron"), manifest).expect("write manifest");
    std::fs::write(dir.join("s.ron"), scene).expect("write scene");
    let source = StorySource::from_dir(dir).expect("story folder");
    match load(source) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("fixture failed to load:\n{}", f.render()),
    }
}

fn run(story: &Arc<Story>, mode: Mode) -> Report {
    let options = Options {
        roles: Vec::new(),
        mode,
        max_turns: 100,
        threads: 2,
        progress: false,
    };
    explore(story, &options).expect("explores")
}

fn both_modes(story: &Arc<Story>) -> [Report; 2] {
    [
        run(story, Mode::Exhaustive { max_states: 10_000 }),
        run(story, Mode::Random { runs: 200, seed: 1 }),
    ]
}

#[test]
fn choices_leading_to_the_same_state_are_reported_and_different_ones_are_not() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let story = story_in(tmp.path(), MANIFEST, SCENE);
    for report in both_modes(&story) {
        let nodes: Vec<&str> = report
            .inconsequential
            .iter()
            .map(|i| i.node.as_str())
            .collect();
        assert_eq!(nodes, ["road.start"], "{:?}", report.mode);
        let found = &report.inconsequential[0];
        assert_eq!(found.choices, [1, 2]);
        assert_eq!(found.numbers, [1, 2]);
        assert_eq!(found.texts, ["Nod", "Shrug"]);
        assert!(found.whole_node);
        // The example reaches the node.
        let seed = found.example.seed.expect("a seed");
        let mut s = Session::start(Arc::clone(&story), &found.example.role, seed).expect("starts");
        for &c in &found.example.script {
            s.choose(c - 1).expect("the scripted choice can be taken");
        }
        assert_eq!(story.key_of(s.state().node), "road.start");
        // Two choice nodes (the gate has one choice), one without consequence.
        assert_eq!(report.consequence.choice_nodes, 2);
        assert_eq!(report.consequence.without_consequence, 1);
        assert!((report.consequence.share - 0.5).abs() < 1e-9);
        // A report, not a failure.
        assert!(!report.failed());
    }
}

#[test]
fn a_choice_that_changes_a_value_read_later_is_not_without_consequence() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // `flavour` is now shown in the ending's text: Nod and Shrug differ.
    let scene = SCENE.replace("You feel fine.", "You feel fine ({flavour}).");
    let story = story_in(tmp.path(), MANIFEST, &scene);
    for report in both_modes(&story) {
        assert!(
            report.inconsequential.is_empty(),
            "{:?}",
            report.inconsequential
        );
        assert_eq!(report.consequence.without_consequence, 0);
    }
}

#[test]
fn stat_balance_flags_unread_and_pinned_variables() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let story = story_in(tmp.path(), MANIFEST, SCENE);
    for report in both_modes(&story) {
        let line = |id: &str| {
            report
                .balance
                .iter()
                .find(|b| b.variable == id)
                .expect("a balance line")
        };
        // Nothing reads `flavour`.
        assert_eq!(line("flavour").flags, [BalanceFlag::NeverRead]);
        assert!(line("flavour").reads.is_empty());
        // `resolve` starts at its max and only goes up: at max 3 in every ending.
        let resolve = line("resolve");
        assert_eq!((resolve.min, resolve.max), (Some(3), Some(3)));
        assert_eq!(resolve.at_max, Some(1.0));
        assert_eq!(
            resolve.flags,
            [BalanceFlag::AtBound {
                bound: "max 3".to_owned(),
                share: 1.0
            }]
        );
        // `mood` ends at 4 or 6, never at a bound, and the ending reads it.
        let mood = line("mood");
        assert!(mood.flags.is_empty(), "{:?}", mood.flags);
        assert_eq!((mood.min, mood.max), (Some(4), Some(6)));
        assert_eq!(mood.at_min, Some(0.0));
        assert!(mood.reads.iter().any(|r| r.node == "road.end"));
        // `early` is read at the gate, before the only effect that sets it.
        assert_eq!(line("early").flags, [BalanceFlag::NotReadAfterSet]);
        assert!(report.balance.iter().all(|b| b.endings > 0));
    }
}

/// A node whose text is `text`, leading to the next one.
fn node(id: usize, text: &str) -> String {
    format!(
        "        Node(id: \"n{id}\", text: \"{text}\", next: \"n{}\"),\n",
        id + 1
    )
}

#[test]
fn repeats_list_sentences_in_more_than_three_nodes_with_their_nodes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let manifest = r#"Story(id: "rep", title: "Rep", variables: [Bool(id: "b", default: false)],
        roles: [Role(id: "r", name: "R", briefing: "B.", start: "s.n0")])"#;
    let texts = [
        "The wind comes off the river. A dog barks at the gate.",
        "Morning. The wind comes off the river.",
        "THE WIND, comes off the river!{if b} Odd.{end}",
        "Noon. A dog barks at the gate.",
        "{if b}Never.{else}The wind comes off the river.{end}",
        "Evening falls slowly over the long quiet town.",
    ];
    let mut scene = String::from("Scene(id: \"s\", title: \"S\", nodes: [\n");
    for (i, t) in texts.iter().enumerate() {
        scene.push_str(&node(i, t));
    }
    scene.push_str(
        "        Node(id: \"n6\", text: \"End.\", ending: Ending(id: \"e\", title: \"E\", summary: \"S.\")),\n])\n",
    );
    let story = story_in(tmp.path(), manifest, &scene);
    let r = repeats(&story, 3);
    assert_eq!(r.repeats.len(), 1, "{:#?}", r.repeats);
    let wind = &r.repeats[0];
    assert_eq!(wind.kind, RepeatKind::Sentence);
    assert_eq!(wind.text, "the wind comes off the river");
    assert_eq!(wind.nodes, 4);
    let nodes: Vec<&str> = wind.places.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(nodes, ["s.n0", "s.n1", "s.n2", "s.n4"]);
    // Each place is the file and line the node's text is on (node n is on line n + 2).
    for (p, line) in wind.places.iter().zip([2, 3, 4, 6]) {
        assert!(p.file.ends_with("s.ron"), "{}", p.file);
        assert_eq!(p.line, line, "{p:?}");
    }
    // The dog barks in two nodes: listed from `--repeats 1`, not by default.
    let low = repeats(&story, 1);
    assert!(
        low.repeats
            .iter()
            .any(|x| x.text == "a dog barks at the gate" && x.nodes == 2)
    );
    // Most frequent first.
    assert_eq!(low.repeats[0].text, "the wind comes off the river");
}

fn aftermath(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn the_cli_shows_the_three_tools_as_text_and_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    story_in(tmp.path(), MANIFEST, SCENE);
    let dir = tmp.path().to_str().expect("a UTF-8 path");
    let text = aftermath(&["explore", dir]);
    assert!(text.status.success());
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("at 1 of 2 choice nodes (50.0%) no choice makes a difference"),
        "{out}"
    );
    assert!(out.contains("road.start choices 1 and 2 (\"Nod\", \"Shrug\")"));
    assert!(out.contains("then choose 1 or 2"));
    assert!(out.contains("! nothing reads it"));
    assert!(out.contains("! at max 3 in 100.0% of endings"));
    let json = aftermath(&["explore", dir, "--runs", "50", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["consequence"]["choice_nodes"], 2);
    assert_eq!(v["inconsequential"][0]["node"], "road.start");
    assert_eq!(v["balance"][1]["flags"][0]["flag"], "never-read");
    let stats = aftermath(&["stats", dir, "--repeats", "--json"]);
    assert!(stats.status.success());
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("JSON");
    assert_eq!(v["repeats"]["more_than"], 3);
    let plain = aftermath(&["stats", dir]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("Repeats"));
    let bad = aftermath(&["stats", dir, "--repeats", "0"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn random_outcomes_are_the_same_only_with_the_same_chances() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let manifest = r#"Story(id: "dice", title: "Dice", variables: [],
        roles: [Role(id: "r", name: "R", briefing: "B.", start: "s.start")])"#;
    // Risky and Gamble: heads or tails, even odds (written in another order and scale);
    // Careful: mostly heads. Careful differs from both.
    let scene = r#"Scene(id: "s", title: "S", nodes: [
        Node(id: "start", text: "A coin.", choices: [
            Choice(text: "Risky", outcomes: [
                Outcome(goto: "heads", weight: 1),
                Outcome(goto: "tails", weight: 1),
            ]),
            Choice(text: "Gamble", outcomes: [
                Outcome(goto: "tails", weight: 5),
                Outcome(goto: "heads", weight: 5),
            ]),
            Choice(text: "Careful", outcomes: [
                Outcome(goto: "heads", weight: 9),
                Outcome(goto: "tails", weight: 1),
            ]),
        ]),
        Node(id: "heads", text: "Heads.", ending: Ending(id: "heads", title: "Heads", summary: "H.")),
        Node(id: "tails", text: "Tails.", ending: Ending(id: "tails", title: "Tails", summary: "T.")),
    ])"#;
    let story = story_in(tmp.path(), manifest, scene);
    for report in both_modes(&story) {
        assert_eq!(
            report.inconsequential.len(),
            1,
            "{:?}",
            report.inconsequential
        );
        let found = &report.inconsequential[0];
        assert_eq!(found.choices, [1, 2]);
        assert!(!found.whole_node);
        assert_eq!(report.consequence.without_consequence, 0);
    }
}

#[test]
fn a_once_only_choice_differs_from_one_that_can_be_taken_again() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let manifest = r#"Story(id: "once", title: "Once", variables: [],
        roles: [Role(id: "r", name: "R", briefing: "B.", start: "s.start")])"#;
    let scene = r#"Scene(id: "s", title: "S", nodes: [
        Node(id: "start", text: "A door.", choices: [
            Choice(text: "Knock once", once: true, goto: "hall"),
            Choice(text: "Walk in", goto: "hall"),
        ]),
        Node(id: "hall", text: "A hall.", choices: [
            Choice(text: "Back", goto: "start"),
            Choice(text: "Stay", goto: "end"),
        ]),
        Node(id: "end", text: "End.", ending: Ending(id: "end", title: "End", summary: "E.")),
    ])"#;
    let story = story_in(tmp.path(), manifest, scene);
    for report in both_modes(&story) {
        assert!(
            !report.inconsequential.iter().any(|i| i.node == "s.start"),
            "{:?}",
            report.inconsequential
        );
    }
}

/// A story whose start offers `n` choices that all go to the ending.
fn many_choices(dir: &Path, n: usize) -> Arc<Story> {
    let manifest = r#"Story(id: "many", title: "Many", variables: [],
        roles: [Role(id: "r", name: "R", briefing: "B.", start: "s.start")])"#;
    let choices: String = (0..n)
        .map(|i| format!("Choice(text: \"Way {i}\", goto: \"end\"),"))
        .collect();
    let scene = format!(
        r#"Scene(id: "s", title: "S", nodes: [
        Node(id: "start", text: "Roads.", choices: [{choices}]),
        Node(id: "end", text: "End.", ending: Ending(id: "end", title: "End", summary: "E.")),
    ])"#
    );
    story_in(dir, manifest, &scene)
}

#[test]
fn many_equal_choices_form_one_group_and_a_huge_node_is_not_compared() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let story = many_choices(tmp.path(), 20);
    for report in both_modes(&story) {
        assert_eq!(report.inconsequential.len(), 1);
        assert_eq!(
            report.inconsequential[0].choices,
            (1..=20).collect::<Vec<_>>()
        );
        assert!(report.inconsequential[0].whole_node);
    }
    // Past 32 enabled choices nothing is compared (the cost is the square of their number).
    let tmp = tempfile::tempdir().expect("temp dir");
    let story = many_choices(tmp.path(), 3_000);
    let started = std::time::Instant::now();
    for report in both_modes(&story) {
        assert!(report.inconsequential.is_empty());
        assert_eq!(report.consequence.choice_nodes, 0);
    }
    assert!(started.elapsed().as_secs() < 60);
}
