//! The story graph export (DOT and Mermaid).

use std::path::Path;

use aftermath::story::{Story, StorySource, load};
use aftermath::tools::graph::{Format, render};

fn id(story: &Story, key: &str) -> String {
    format!("n{}", story.node_by_key(key).expect("node exists"))
}

fn warnings_only() -> Story {
    let source = StorySource::from_dir(Path::new("tests/fixtures/warnings_only")).unwrap();
    match load(source) {
        Ok(l) => l.story,
        Err(f) => panic!("warnings_only failed to load:\n{}", f.render()),
    }
}

fn has_line(out: &str, line: &str) -> bool {
    out.lines().any(|l| l.trim() == line)
}

#[test]
fn dot_clusters_scenes_and_styles_nodes_and_edges() {
    let story = crate::fixture("minimal");
    let out = render(&story, Format::Dot);
    assert!(out.starts_with("digraph story {"), "{out}");
    assert!(has_line(&out, "subgraph cluster_0 {"), "{out}");
    assert!(has_line(&out, "label=\"The camp\";"), "{out}");
    assert!(has_line(&out, "subgraph cluster_1 {"), "{out}");
    assert!(has_line(&out, "label=\"Elsewhere\";"), "{out}");

    // Endings are double octagons; ordinary nodes are not.
    for key in [
        "camp.rain",
        "camp.sun",
        "camp.wind",
        "camp.caught",
        "camp.free",
        "other.done",
    ] {
        let line = format!(
            "{} [label=\"{key}\", shape=doubleoctagon];",
            id(&story, key)
        );
        assert!(has_line(&out, &line), "missing {line}\n{out}");
    }
    assert!(has_line(
        &out,
        &format!("{} [label=\"camp.start\"];", id(&story, "camp.start"))
    ));
    assert!(
        !out.contains("fillcolor"),
        "nothing unreachable in minimal:\n{out}"
    );

    // Role start markers.
    let start = id(&story, "camp.start");
    let office = id(&story, "camp.office");
    assert!(
        has_line(&out, "r0 [label=\"▶ Soldier\", shape=plaintext];"),
        "{out}"
    );
    assert!(
        has_line(&out, "r1 [label=\"▶ Planner\", shape=plaintext];"),
        "{out}"
    );
    assert!(
        has_line(&out, &format!("r0 -> {start} [style=bold];")),
        "{out}"
    );
    assert!(
        has_line(&out, &format!("r1 -> {office} [style=bold];")),
        "{out}"
    );

    // Plain choice, conditional choices (requires / when), random outcomes and picks.
    assert!(
        has_line(&out, &format!("{start} -> {start} [label=\"Wait\"];")),
        "{out}"
    );
    let chance = format!("c{}_1", story.node_by_key("camp.start").unwrap());
    assert!(
        has_line(
            &out,
            &format!("{start} -> {chance} [label=\"Run\", style=dashed];")
        ),
        "{out}"
    );
    let (caught, free) = (id(&story, "camp.caught"), id(&story, "camp.free"));
    assert!(
        has_line(
            &out,
            &format!("{chance} -> {caught} [label=\"Caught, w=suspicion\", style=dotted];")
        ),
        "{out}"
    );
    assert!(
        has_line(
            &out,
            &format!("{chance} -> {free} [label=\"Free, w=5 - suspicion\", style=dotted];")
        ),
        "{out}"
    );
    assert!(
        has_line(
            &out,
            &format!("{start} -> {free} [label=\"Secret path\", style=dashed];")
        ),
        "{out}"
    );
    let (event, rain, sun) = (
        id(&story, "camp.event"),
        id(&story, "camp.rain"),
        id(&story, "camp.sun"),
    );
    assert!(
        has_line(
            &out,
            &format!("{event} -> {rain} [label=\"w=3\", style=dotted];")
        ),
        "{out}"
    );
    assert!(
        has_line(
            &out,
            &format!("{event} -> {sun} [label=\"w=1 if money > 100\", style=dotted];")
        ),
        "{out}"
    );
    // `next` edges are plain and unlabelled.
    let (report, signed, done) = (
        id(&story, "camp.report"),
        id(&story, "other.signed"),
        id(&story, "other.done"),
    );
    assert!(has_line(&out, &format!("{report} -> {event};")), "{out}");
    assert!(has_line(&out, &format!("{signed} -> {done};")), "{out}");
}

#[test]
fn unreachable_nodes_are_highlighted() {
    let story = warnings_only();
    let orphan = id(&story, "main.orphan");
    let dot = render(&story, Format::Dot);
    assert!(
        has_line(
            &dot,
            &format!(
                "{orphan} [label=\"main.orphan\", shape=doubleoctagon, style=filled, fillcolor=\"#ffb3b3\", color=red];"
            )
        ),
        "{dot}"
    );
    assert_eq!(dot.matches("fillcolor").count(), 1, "{dot}");
    let mermaid = render(&story, Format::Mermaid);
    assert!(
        has_line(&mermaid, &format!("class {orphan} unreachable")),
        "{mermaid}"
    );
    assert!(
        has_line(&mermaid, "classDef unreachable fill:#ffb3b3,stroke:#c00"),
        "{mermaid}"
    );
}

#[test]
fn mermaid_marks_endings_roles_and_edge_kinds() {
    let story = crate::fixture("minimal");
    let out = render(&story, Format::Mermaid);
    assert!(has_line(&out, "subgraph s0[\"The camp\"]"), "{out}");
    assert!(has_line(&out, "subgraph s1[\"Elsewhere\"]"), "{out}");
    let rain = id(&story, "camp.rain");
    assert!(has_line(&out, &format!("{rain}((\"camp.rain\"))")), "{out}");
    assert!(has_line(&out, "r0>\"▶ Soldier\"]"), "{out}");
    assert!(
        has_line(&out, &format!("r0 ==> {}", id(&story, "camp.start"))),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.trim().starts_with("linkStyle ") && l.contains("stroke-dasharray:6 4"))
    );
    assert!(
        out.lines()
            .any(|l| l.trim().starts_with("linkStyle ") && l.contains("stroke-dasharray:2 3"))
    );
    assert!(
        !out.lines()
            .any(|l| l.trim().starts_with("class ") && l.ends_with(" unreachable")),
        "minimal has no unreachable node: {out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn bundled_story_renders_both_formats() {
    let story = crate::bundled();
    let dot = render(&story, Format::Dot);
    let mermaid = render(&story, Format::Mermaid);
    assert_eq!(dot.matches("subgraph cluster_").count(), story.scenes.len());
    assert_eq!(
        mermaid
            .lines()
            .filter(|l| l.trim_start().starts_with("subgraph s"))
            .count(),
        story.scenes.len()
    );
}

#[test]
fn dot_output_is_accepted_by_graphviz() {
    let Ok(status) = std::process::Command::new("dot").arg("-V").output() else {
        eprintln!("graphviz `dot` not installed: skipping");
        return;
    };
    assert!(status.status.success());
    for story in [
        crate::fixture("minimal"),
        std::sync::Arc::new(warnings_only()),
        crate::bundled(),
    ] {
        let dot = render(&story, Format::Dot);
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "dot rejected the graph: {}\n{dot}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn labels_are_escaped_and_truncated() {
    // Escaping is exercised through a scene title and choice texts built in memory.
    let mut story = (*crate::fixture("minimal")).clone();
    story.scenes[0].title = "The \"camp\" #1 <a|b>".into();
    let dot = render(&story, Format::Dot);
    assert!(
        has_line(&dot, "label=\"The \\\"camp\\\" #1 <a|b>\";"),
        "{dot}"
    );
    let mermaid = render(&story, Format::Mermaid);
    assert!(
        has_line(
            &mermaid,
            "subgraph s0[\"The #quot;camp#quot; #35;1 #lt;a#124;b#gt;\"]"
        ),
        "{mermaid}"
    );
    if let aftermath::story::Exit::Choices(cs) = &mut story.nodes[0].exit {
        cs[0].text = aftermath::story::text::Template::plain(
            "A very long choice text that goes on and on past the limit",
        );
    }
    let dot = render(&story, Format::Dot);
    assert!(
        dot.contains("label=\"A very long choice text that goes on an…\""),
        "{dot}"
    );
}
