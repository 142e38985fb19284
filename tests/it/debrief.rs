//! Class debriefs (`aftermath::class::export`) and solo transcripts (`tools::report`): every
//! ballot in the CSV, privacy, escaping, self-contained HTML with each group's path, JSON, and a
//! snapshot of the Markdown a teacher reads.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use aftermath::class::export::{self, FILES, Privacy};
use aftermath::class::{Action, Class, ClassSetup, Command, Event, GroupPick, Target};
use aftermath::story::{Story, StorySource, load};

use crate::seats::{bundled_class, random_ballots, token};
use crate::{bundled, fixture};

/// Joins a student by name to `group`; the seat.
fn join(class: &mut Class, group: usize, n: u32, name: &str) -> u32 {
    class
        .handle(
            0,
            Command::Join {
                token: token(n),
                group: GroupPick::Index(group),
                name: Some(name.to_owned()),
            },
        )
        .expect("join")
        .seat
        .expect("a seat")
}

fn vote(class: &mut Class, at: u64, seat: u32, choice: usize) {
    let group = class.seat(seat).unwrap().group;
    let round = class.groups()[group].poll.as_ref().expect("a vote").round;
    class
        .handle(
            at,
            Command::Vote {
                seat,
                round,
                choice,
            },
        )
        .expect("the ballot is taken");
}

fn act(class: &mut Class, at: u64, action: Action) {
    class
        .handle(at, Command::Act(action.clone()))
        .unwrap_or_else(|e| panic!("{action:?}: {e}"));
}

/// The visible choice of `group` with this text.
fn choice(class: &Class, group: usize, text: &str) -> usize {
    let v = &class.groups()[group].view;
    v.choices
        .iter()
        .position(|c| c.text == text)
        .unwrap_or_else(|| panic!("no choice {text} in {:?}", v.choices))
}

/// The nicknames of [`play_minimal`]'s class.
const NAMES: [&str; 5] = [
    "Min-ji",
    "<script>x</script>",
    "Ji-woo",
    "=SUM(1), \"B\"",
    "Tae-yang",
];

/// A small class over the minimal fixture, played through a revote, an override, a changed
/// ballot, an undo and a hand count, to every group's ending.
fn play_minimal(class: &mut Class) {
    let c = class;
    let a = join(c, 0, 1, NAMES[0]);
    let b = join(c, 0, 2, NAMES[1]);
    let f = join(c, 0, 3, NAMES[2]);
    join(c, 1, 4, NAMES[3]);
    let e = join(c, 2, 5, NAMES[4]);
    // Group 1: a three-way tie (after a changed ballot), a revote tied again, and the
    // facilitator decides: Wait.
    act(c, 1_000, Action::Open(Target::Group(0)));
    vote(c, 2_000, a, 0);
    vote(c, 2_500, b, 2);
    vote(c, 3_000, b, 1); // changed: Run
    vote(c, 3_500, f, 2);
    for (seat, ch) in [(a, 0), (b, 1), (f, 2)] {
        vote(c, 4_000, seat, ch); // the revote ties again
    }
    act(
        c,
        5_000,
        Action::Override {
            group: 0,
            choice: 0,
        },
    );
    // Then a unanimous Report, undone by the facilitator, and taken again by vote.
    act(c, 6_000, Action::Open(Target::Group(0)));
    let report = choice(c, 0, "Report");
    for seat in [a, b, f] {
        vote(c, 7_000, seat, report);
    }
    act(c, 8_000, Action::Undo { group: 0 });
    act(c, 9_000, Action::Open(Target::Group(0)));
    for seat in [a, b, f] {
        vote(c, 9_500, seat, report);
    }
    // Group 2: hands raised in the room, for Run (a random outcome).
    act(
        c,
        10_000,
        Action::Hands {
            group: 1,
            counts: vec![1, 5, 2],
        },
    );
    // Group 3, planners: one ballot for Sign.
    act(c, 11_000, Action::Open(Target::Group(2)));
    vote(c, 12_000, e, 0);
    act(c, 13_000, Action::End);
}

fn minimal_setup() -> ClassSetup {
    let mut s = ClassSetup::new(
        "Period 3 <History>",
        &["soldier", "soldier", "planner"],
        7,
        "K7QX",
    );
    s.names = true;
    s
}

fn minimal_played() -> Class {
    let mut c = Class::new(fixture("minimal"), minimal_setup()).expect("class starts");
    play_minimal(&mut c);
    c
}

fn ballot_events(class: &Class) -> usize {
    class
        .log()
        .iter()
        .filter(|l| matches!(l.event, Event::Ballot { .. }))
        .count()
}

/// Splits CSV text into records of fields (RFC 4180: quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the CSV ends with a line end"
    );
    records
}

/// Every file of a debrief written into `dir`, by name.
fn written(dir: &Path) -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|f| {
            let text = fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            ((*f).to_owned(), text)
        })
        .collect()
}

#[test]
fn the_csv_has_one_row_per_ballot_cast_with_its_columns() {
    let c = minimal_played();
    let csv = export::csv(&c, Privacy::Nicknames);
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "round",
            "group",
            "node",
            "choice",
            "choice_text",
            "at_ms",
            "seat",
            "counted"
        ]
    );
    let rows = &rows[1..];
    assert_eq!(rows.len(), ballot_events(&c), "{csv}");
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|r| r.len() == 8), "{rows:?}");
    // The first ballot, then the changed one: both rows, only the later one counted.
    assert_eq!(
        rows[0],
        [
            "1",
            "Group 1",
            "camp.start",
            "1",
            "Wait",
            "2000",
            "Min-ji",
            "true"
        ]
    );
    assert_eq!(
        rows[1][3..],
        ["3", "Report", "2500", "<script>x</script>", "false"]
    );
    assert_eq!(
        rows[2][3..],
        ["2", "Run", "3000", "<script>x</script>", "true"]
    );
    // The revote is round 2; the undone Report's ballots counted in round 3; round 4 stands.
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        [
            "1", "1", "1", "1", "2", "2", "2", "3", "3", "3", "4", "4", "4", "1"
        ]
    );
    assert_eq!(rows[7][2..5], ["camp.start", "2", "Report"]);
    assert_eq!(rows[13][..5], ["1", "Group 3", "camp.office", "1", "Sign"]);
    assert_eq!(rows.iter().filter(|r| r[7] == "true").count(), 13);
}

#[test]
fn anonymous_exports_hold_no_nickname_and_no_export_holds_a_token() {
    let c = minimal_played();
    let tokens: Vec<String> = c.seats().iter().map(|s| s.token.to_hex()).collect();
    assert_eq!(tokens.len(), 5);
    let dir = tempfile::tempdir().unwrap();
    for privacy in [Privacy::Anonymous, Privacy::Nicknames] {
        let out = dir.path().join(format!("{privacy:?}"));
        let paths = export::write_all(&c, &out, privacy).unwrap();
        assert_eq!(paths.len(), 4);
        for (name, text) in written(&out) {
            for t in &tokens {
                assert!(!text.contains(t.as_str()), "{name} holds a token");
                assert!(!text.contains(&t.to_uppercase()), "{name} holds a token");
            }
            assert!(!text.contains("K7QX"), "{name} holds the join code");
            if privacy == Privacy::Anonymous {
                for n in ["Min-ji", "script>x", "Ji-woo", "SUM(1)", "Tae-yang"] {
                    assert!(!text.contains(n), "{name} names {n}");
                }
                assert!(text.contains("Student 5"), "{name}");
            } else if name != "class.json" {
                assert!(text.contains("Tae-yang"), "{name}");
            }
        }
    }
}

#[test]
fn the_html_is_self_contained_escaped_and_shows_every_group_vote_and_mark() {
    let c = minimal_played();
    let html = export::html(&c, Privacy::Nicknames);
    for bad in [
        "http:", "https:", "src=", "href=", "url(", "@import", "<link", "<script",
    ] {
        assert!(!html.contains(bad), "the page holds {bad}");
    }
    assert!(
        html.contains("&lt;script&gt;x&lt;/script&gt;"),
        "the nickname is escaped"
    );
    assert!(html.contains("Period 3 &lt;History&gt;"));
    assert!(html.contains("=SUM(1), &quot;B&quot;"));
    for g in ["Group 1", "Group 2", "Group 3"] {
        assert!(html.contains(&format!("<h2>{g} — ")), "{g}");
    }
    assert!(html.contains("<span class=\"tag override\">override</span>"));
    assert!(html.contains("<span class=\"tag undone\">undone</span>"));
    assert!(html.contains("<span class=\"tag revote\">revote</span>"));
    assert!(html.contains("<span class=\"tag hands\">hand count</span>"));
    assert!(
        html.contains("<del>Taken: 2. “Report”"),
        "the undone decision is struck"
    );
    assert!(html.contains("@page") && html.contains("break-inside: avoid"));
    // Every decision's tally: each vote's counts, as bars.
    for g in c.groups() {
        for d in &g.decisions {
            for p in &d.polls {
                assert!(
                    html.contains(&format!(
                        "(round {}): {} counted, {} cast",
                        p.round,
                        p.tally.iter().sum::<u32>(),
                        p.cast.len()
                    )),
                    "{} round {}",
                    g.setup.name,
                    p.round
                );
            }
        }
    }
    assert!(html.contains("style=\"width:100.0%\""));
    assert!(
        html.contains("Chance: "),
        "the random outcome with its odds"
    );
    assert!(html.contains(" in 5)"), "Run's odds are out of 5");
    // One graph per group, with the visited nodes highlighted.
    let svgs: Vec<&str> = html.split("<svg").skip(1).collect();
    assert_eq!(svgs.len(), 3);
    for (g, svg) in c.groups().iter().zip(&svgs) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        let mut visited: Vec<&str> = g
            .session
            .transcript()
            .iter()
            .filter_map(|e| match e {
                aftermath::session::Entry::Shown { node, .. } => Some(&**node),
                _ => None,
            })
            .collect();
        visited.sort_unstable();
        visited.dedup();
        assert_eq!(
            svg.matches("data-kind=\"node visited\"").count()
                + svg.matches("data-kind=\"node ending visited\"").count(),
            visited.len(),
            "{}: {visited:?}",
            g.setup.name
        );
        assert!(svg.contains("visited\"><path"), "a step is highlighted");
    }
    // The comparison: the two soldier groups parted at their first decision.
    assert!(
        html.contains("Group 1 and Group 2 parted at decision 1"),
        "{}",
        &html[html.find("Where paths").unwrap()..][..600]
    );
}

#[test]
fn the_json_parses_and_holds_every_ballot() {
    let c = minimal_played();
    let json = export::json(&c, Privacy::Anonymous).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["ballots"].as_array().unwrap().len(), ballot_events(&c));
    assert_eq!(v["groups"].as_array().unwrap().len(), 3);
    assert_eq!(v["privacy"], "anonymous");
    assert!(v["setup"].get("code").is_none());
    let g1 = &v["groups"][0];
    assert_eq!(g1["decisions"][0]["how"], "override");
    assert_eq!(g1["decisions"][1]["undone"], true);
    assert_eq!(v["groups"][1]["decisions"][0]["how"], "hands");
}

#[test]
fn the_markdown_debrief_reads_as_a_teacher_needs() {
    let mut s = minimal_setup();
    s.title = "Period 3".into();
    let mut c = Class::new(fixture("minimal"), s).unwrap();
    play_minimal(&mut c);
    let md = export::markdown(&c, Privacy::Anonymous);
    assert!(no_raw_markup(&md), "{md}");
    insta::assert_snapshot!("debrief_minimal", md);
}

#[test]
fn export_log_gives_the_files_write_all_gives_for_the_live_class() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("class.jsonl");
    let mut c = Class::create(fixture("minimal"), minimal_setup(), &log).unwrap();
    play_minimal(&mut c);
    let live = dir.path().join("live");
    export::write_all(&c, &live, Privacy::Anonymous).unwrap();
    let before = fs::read(&log).unwrap();
    let from_log = dir.path().join("from-log");
    let paths =
        export::export_log(fixture("minimal"), &log, &from_log, Privacy::Anonymous).unwrap();
    assert_eq!(
        paths,
        FILES.iter().map(|f| from_log.join(f)).collect::<Vec<_>>()
    );
    assert_eq!(written(&live), written(&from_log));
    assert_eq!(fs::read(&log).unwrap(), before, "the log is only read");
    // A log of another story is refused with the file named.
    let err = export::export_log(bundled(), &log, &from_log, Privacy::Anonymous).unwrap_err();
    assert!(err.to_string().contains("class.jsonl"), "{err}");
}

#[test]
fn the_cli_export_prints_the_paths_and_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("class.jsonl");
    let mut c = Class::create(fixture("minimal"), minimal_setup(), &log).unwrap();
    play_minimal(&mut c);
    drop(c);
    let out = dir.path().join("out");
    let code = aftermath::cli::export::run(
        Some(Path::new("tests/fixtures/minimal")),
        &log,
        &out,
        true,
        None,
    );
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(out.join("debrief.html").is_file());
    let missing = dir.path().join("nope.jsonl");
    let code = aftermath::cli::export::run(
        Some(Path::new("tests/fixtures/minimal")),
        &missing,
        &out,
        true,
        None,
    );
    assert_eq!(code, std::process::ExitCode::FAILURE);
    // The same through the binary: `aftermath class export LOG --out DIR [--nicknames]`.
    let bin = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_aftermath"))
            .args(["class", "export", "--story", "tests/fixtures/minimal"])
            .args(args)
            .output()
            .unwrap()
    };
    let named = dir.path().join("named");
    let out = bin(&[
        log.as_os_str(),
        "--out".as_ref(),
        named.as_os_str(),
        "--nicknames".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), FILES.len(), "{stdout}");
    let csv = fs::read_to_string(named.join("ballots.csv")).unwrap();
    let nick = c_nickname(&log);
    assert!(csv.contains(&nick), "--nicknames keeps {nick}: {csv}");
    let anon = dir.path().join("anon");
    let out = bin(&[log.as_os_str(), "--out".as_ref(), anon.as_os_str()]);
    assert!(out.status.success());
    assert!(
        !fs::read_to_string(anon.join("ballots.csv"))
            .unwrap()
            .contains(&nick)
    );
    let out = bin(&[missing.as_os_str(), "--out".as_ref(), anon.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));
    // A log that cannot be read is the log's fault, not the debrief's, and says what to pass.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read or write the class log")
            && stderr.contains("help: pass the class log")
            && !stderr.contains("debrief could not be written"),
        "{stderr}"
    );
}

/// The first seat's nickname in the class log at `log`.
fn c_nickname(log: &Path) -> String {
    let c = Class::resume(fixture("minimal"), log).unwrap();
    c.seats()[0].nickname.clone()
}

/// Every `<` of Markdown text is escaped, so no renderer takes it for HTML.
fn no_raw_markup(md: &str) -> bool {
    md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\'))
}

/// A story whose text, choices and ending are full of markup.
fn markup_story(dir: &Path) -> Arc<Story> {
    fs::write(
        dir.join("story.ron"),
        r#"Story(id: "markup", title: "A <b>bold</b> & 'quoted' story", version: "1", authors: ["T"], content_notes: [],
            variables: [], roles: [Role(id: "r", name: "R <i>", briefing: "b", start: "s.a")])"#,
    )
    .unwrap();
    fs::write(
        dir.join("s.ron"),
        r#"Scene(id: "s", title: "Scene <script>alert(1)</script>", nodes: [
            Node(id: "a", speaker: "<img src=x>", text: "Say \"hi\" & <script>alert('x')</script>\n\n# not a heading", prompt: "Why <u>?", choices: [
                Choice(text: "<b>Go</b> & run", goto: "b"),
                Choice(text: "Stay", goto: "b"),
            ]),
            Node(id: "b", text: "End <script>", ending: Ending(id: "e", title: "The <end>", summary: "Sum & <script>", questions: ["Q <script>?"])),
        ])"#,
    )
    .unwrap();
    match load(StorySource::from_dir(dir).unwrap()) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("{}", f.render()),
    }
}

#[test]
fn story_text_with_markup_is_escaped_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let story = markup_story(dir.path());
    let mut c = Class::new(story, ClassSetup::new("T", &["r"], 1, "ABCD")).unwrap();
    let s = join(&mut c, 0, 1, "x");
    act(&mut c, 0, Action::Open(Target::All));
    vote(&mut c, 1, s, 0);
    let html = export::html(&c, Privacy::Anonymous);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>Go"), "{html}");
    assert!(html.contains("&lt;b&gt;Go&lt;/b&gt; &amp; run"));
    assert!(html.contains("Say &quot;hi&quot; &amp; &lt;script&gt;alert(&#39;x&#39;)"));
    let md = export::markdown(&c, Privacy::Anonymous);
    assert!(no_raw_markup(&md), "{md}");
    assert!(md.contains(r"\<b\>Go\</b\> \& run"), "{md}");
    assert!(md.contains(r"> \# not a heading"), "{md}");
    // The CSV keeps the text as written: it is data, quoted where needed.
    let csv = export::csv(&c, Privacy::Anonymous);
    assert!(
        csv.contains("\"<b>Go</b> & run\"") || csv.contains(",<b>Go</b> & run,"),
        "{csv}"
    );
}

#[test]
fn a_whole_class_on_the_bundled_story_exports_every_ballot_and_every_group() {
    let roles = ["soldier", "soldier", "planner", "planner"];
    let mut c = bundled_class("After Kursk, period 2", &roles, 12);
    let mut now = 0;
    let mut rng = 777u64;
    let mut round = 0;
    while !c.is_over() && round < 2_000 {
        round += 1;
        now += 1_000;
        // The facilitator steps in now and then: an override, an undo, a hand count.
        let g = round % 4;
        if !c.groups()[g].is_ended() {
            let enabled = c.groups()[g].enabled();
            let n = c.groups()[g].view.choices.len();
            match round {
                3 => act(
                    &mut c,
                    now,
                    Action::Override {
                        group: g,
                        choice: enabled[0],
                    },
                ),
                6 => {
                    let _ = c.handle(now, Command::Act(Action::Undo { group: 2 }));
                }
                9 => {
                    let mut counts = vec![0; n];
                    counts[enabled[enabled.len() - 1]] = 4;
                    counts[enabled[0]] += 1;
                    act(&mut c, now, Action::Hands { group: g, counts });
                }
                _ => {}
            }
        }
        random_ballots(&mut c, now, &mut rng);
        c.handle(now, Command::Tick).unwrap();
    }
    assert!(c.is_over(), "every group reached an ending");
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    export::write_all(&c, dir.path(), Privacy::Anonymous).unwrap();
    let took = started.elapsed();
    // `DEBRIEF_DUMP=DIR cargo test … debrief` keeps a copy to look at.
    if let Some(keep) = std::env::var_os("DEBRIEF_DUMP") {
        export::write_all(&c, Path::new(&keep), Privacy::Anonymous).unwrap();
    }
    let files = written(dir.path());
    for (name, text) in &files {
        eprintln!("bundled class: {name} is {} bytes", text.len());
    }
    eprintln!("bundled class: exported in {took:?}");
    let html = &files[0].1;
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.matches("data-kind=\"node visited\"").count() >= 4);
    for g in c.groups() {
        assert!(html.contains(&format!("<h2>{} — ", g.setup.name)));
        let ending = &g.view.ending.as_ref().unwrap().title;
        assert!(
            html.contains(&aftermath::tools::report::page::escape(ending)),
            "{ending}"
        );
    }
    assert!(
        html.contains("tag override") && html.contains("tag hands") && html.contains("tag undone")
    );
    // Nothing is fetched: the maps are embedded, and the sources' addresses are plain text.
    assert!(!html.contains("href=") && !html.contains("<script") && !html.contains("url("));
    assert!(html.contains("src=\"data:image/png;base64,"));
    assert_eq!(
        html.matches("src=\"").count(),
        html.matches("src=\"data:image/png;base64,").count()
    );
    let rows = parse_csv(&files[2].1);
    assert_eq!(rows.len() - 1, ballot_events(&c));
    assert!(rows.iter().all(|r| r.len() == 8));
    let v: serde_json::Value = serde_json::from_str(&files[3].1).unwrap();
    assert_eq!(v["ballots"].as_array().unwrap().len(), ballot_events(&c));
    // Groups of one role share their seed: the debrief says where each pair parted.
    assert!(
        html.contains("Group 1 and Group 2 ") && html.contains("Group 3 and Group 4 "),
        "the divergence of each pair of one role"
    );
}

mod solo {
    use super::*;
    use aftermath::cli::play::{PlayEnd, TextOptions, play};

    use crate::play_text::run;

    fn play_to(file: &Path, stdin: &str) -> std::process::Output {
        run(
            &[
                "play",
                "--text",
                "--story",
                "tests/fixtures/minimal",
                "--role",
                "soldier",
                "--seed",
                "3",
                "--transcript",
                file.to_str().unwrap(),
            ],
            stdin,
        )
    }

    #[test]
    fn play_text_writes_a_markdown_transcript_at_the_ending() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.md");
        let out = play_to(&file, "1\n2\n");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("transcript written to"), "{stdout}");
        let md = fs::read_to_string(&file).unwrap();
        assert!(md.starts_with("# Minimal — transcript"), "{md}");
        assert!(md.contains("- Role: Soldier (`soldier`)"), "{md}");
        assert!(md.contains("- Seed: 3"), "{md}");
        assert!(md.contains("## The camp"), "{md}");
        assert!(md.contains("**Officer:** Private Ri"), "{md}");
        assert!(md.contains("→ **You chose:** Wait"), "{md}");
        assert!(md.contains("→ **You chose:** Report"), "{md}");
        assert!(md.contains("*Random event: `camp."), "{md}");
        assert!(md.contains("## Ending: "), "{md}");
        assert!(
            md.contains("## Stats at the end\n\n- Suspicion: 3\n- Money: 50"),
            "{md}"
        );
    }

    #[test]
    fn play_text_writes_an_html_transcript_when_the_player_quits() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.html");
        let out = play_to(&file, "1\nq\n");
        assert_eq!(out.status.code(), Some(0));
        let html = fs::read_to_string(&file).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<strong>You chose:</strong> Wait"), "{html}");
        assert!(html.contains("before an ending"), "{html}");
        assert!(html.contains("<th>Suspicion</th><td>3</td>"), "{html}");
        for bad in ["http", "src=", "href=", "<script"] {
            assert!(!html.contains(bad), "{bad}");
        }
    }

    #[test]
    fn an_unknown_transcript_format_is_refused_before_playing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.txt");
        let out = play_to(&file, "1\n2\n");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("out.txt") && stderr.contains(".md") && stderr.contains(".html"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "nothing was played");
        assert!(!file.exists());
    }

    #[test]
    fn a_transcript_that_cannot_be_written_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        // The "folder" the transcript would go in is a file: no user can write there.
        let blocker = dir.path().join("taken");
        fs::write(&blocker, "not a folder").unwrap();
        let file = blocker.join("out.md");
        let out = play_to(&file, "1\n2\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("The transcript could not be written") && stderr.contains("out.md"),
            "{stderr}"
        );
        assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
    }

    #[test]
    fn x_exports_the_transcript_at_once_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let opts = TextOptions {
            role: Some("planner".into()),
            seed: 9,
            width: 80,
            export_dir: Some(dir.path().to_path_buf()),
            ..TextOptions::default()
        };
        let mut out = Vec::new();
        let end = play(fixture("minimal"), &opts, "x\nq\n".as_bytes(), &mut out).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert_eq!(end, PlayEnd::Quit, "{text}");
        let path = dir.path().join("minimal-planner-seed9-turn0.html");
        assert!(
            text.contains(&format!("(transcript written to {})", path.display())),
            "{text}"
        );
        let html = fs::read_to_string(&path).unwrap();
        assert!(html.contains("The office."), "{html}");
    }

    #[test]
    fn write_transcript_picks_the_format_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = aftermath::session::Session::start(fixture("minimal"), "planner", 1).unwrap();
        s.choose(0).unwrap();
        for (name, start) in [("t.MD", "# Minimal"), ("t.htm", "<!DOCTYPE html>")] {
            let path = dir.path().join(name);
            aftermath::tools::report::write_transcript(&s, &path).unwrap();
            assert!(
                fs::read_to_string(&path).unwrap().starts_with(start),
                "{name}"
            );
        }
        let err =
            aftermath::tools::report::write_transcript(&s, &dir.path().join("t")).unwrap_err();
        assert!(err.to_string().contains("Markdown"), "{err}");
    }
}
