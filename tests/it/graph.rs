//! The story graph export (DOT, Mermaid and SVG), whole or one scene at a time.

use std::path::Path;

use aftermath::story::{Story, StorySource, load};
use aftermath::tools::graph::{Format, build, render, render_scene};
use aftermath::tools::svg;

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
        let mut dots = vec![render(&story, Format::Dot)];
        // One scene with stubs, too.
        if let Some(scene) = story.scenes.first() {
            dots.push(render_scene(&story, Format::Dot, Some(&scene.id)).unwrap());
        }
        for dot in dots {
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

/// Checks that the SVG is one `<svg>` element with properly nested tags (a small XML check:
/// every opened tag closed in order, quoted attributes, no stray `<` or `&`).
fn assert_well_formed(svg: &str) {
    assert!(svg.starts_with("<svg "), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.trim_end().ends_with("</svg>"));
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray `>` in text: {text}");
        for (k, _) in text.match_indices('&') {
            let entity = &text[k..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "bare `&` in text: {text}"
            );
        }
        let close = rest[open..].find('>').expect("tag closed") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "`<` inside tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().expect("tag name");
            stack.push(name);
        }
        rest = &rest[close + 1..];
        if stack.is_empty() {
            assert!(rest.trim().is_empty(), "content after </svg>: {rest}");
        }
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

/// The `<g>` groups of drawn nodes (not the legend's, nor edge labels), with their class.
fn node_groups(svg: &str) -> Vec<(&str, &str)> {
    let graph = &svg[svg.find("<g data-kind=\"graph\"").expect("graph group")..];
    graph
        .match_indices("<g data-kind=\"")
        .filter(|(k, _)| !graph[*k..].starts_with("<g data-kind=\"scene-panel\""))
        .filter_map(|(k, m)| {
            let tail = &graph[k + m.len()..];
            let class = &tail[..tail.find('"')?];
            let group = &tail[..tail.find("</g>")?];
            Some((class, group))
        })
        .filter(|(class, _)| {
            !class.starts_with("elabel") && !class.starts_with("edge") && *class != "graph"
        })
        .collect()
}

/// The label of a node group: its `<text>` content.
fn label(group: &str) -> &str {
    let start = group
        .find("<text")
        .and_then(|k| group[k..].find('>').map(|e| k + e + 1));
    let start = start.expect("a label");
    &group[start..start + group[start..].find("</text>").expect("closed")]
}

#[test]
fn svg_draws_every_node_with_its_marks_and_edge_styles() {
    let story = crate::fixture("minimal");
    let out = svg::render(&story, None).unwrap();
    assert_well_formed(&out);
    let groups = node_groups(&out);
    // One labelled box per story node, chance node and role marker.
    for node in &story.nodes {
        let found: Vec<_> = groups
            .iter()
            .filter(|(_, g)| label(g) == &*node.key)
            .collect();
        assert_eq!(found.len(), 1, "{} drawn once: {found:?}", node.key);
        let ending = matches!(node.exit, aftermath::story::Exit::Ending(_));
        assert_eq!(found[0].0.contains("ending"), ending, "{}", node.key);
        assert!(found[0].0.starts_with("node"), "{}", node.key);
    }
    assert_eq!(groups.len(), story.nodes.len() + 1 + 2, "{groups:?}");
    assert!(
        groups
            .iter()
            .any(|(c, g)| *c == "chance" && label(g) == "random")
    );
    for role in ["▶ Soldier", "▶ Planner"] {
        assert!(
            groups.iter().any(|(c, g)| *c == "role" && label(g) == role),
            "{role}"
        );
    }
    assert!(
        !out.contains("unreachable\""),
        "nothing unreachable in minimal"
    );
    // Scenes are told apart by colour: both scenes' fills, named in the legend.
    let fill = |key: &str| {
        let (_, g) = groups.iter().find(|(_, g)| label(g) == key).unwrap();
        let k = g.find("fill=\"").unwrap() + 6;
        g[k..k + 7].to_string()
    };
    assert_eq!(fill("camp.start"), fill("camp.office"));
    assert_ne!(fill("camp.start"), fill("other.signed"));
    assert!(out.contains(&format!("fill=\"{}\"", fill("other.signed"))));
    assert!(
        out.contains(">camp — The camp</text>"),
        "legend names scenes"
    );
    assert!(
        out.contains(">other — Elsewhere</text>"),
        "legend names scenes"
    );
    // Edge styles: 1 start per role; dashed conditional choices; dotted random edges. A labelled
    // edge is drawn in two pieces (into and out of its label): count arrowheads.
    let graph = &out[out.find("<g data-kind=\"graph\"").unwrap()..];
    let edges = |class: &str| {
        graph
            .split(&format!("<g data-kind=\"edge {class}\">"))
            .skip(1)
            .filter(|g| g[..g.find("</g>").unwrap()].contains("<polygon"))
            .count()
    };
    assert_eq!(edges("start"), 2);
    assert_eq!(edges("conditional"), 2);
    assert_eq!(edges("random"), 5);
    assert_eq!(edges("plain"), 5);
    let dash = |class: &str| {
        let k = out
            .find(&format!("<g data-kind=\"edge {class}\"><path"))
            .unwrap();
        let path = &out[k..k + out[k..].find("/>").unwrap()];
        path.split("stroke-dasharray=\"")
            .nth(1)
            .map(|d| d[..d.find('"').unwrap()].to_string())
    };
    assert_eq!(dash("plain"), None);
    assert_eq!(dash("conditional").as_deref(), Some("7,4"));
    assert_eq!(dash("random").as_deref(), Some("1.5,3.5"));
    // Choice labels and weights are on the edges.
    for text in [
        "Wait",
        "Run",
        "Secret path",
        "Caught, w=suspicion",
        "w=1 if money &gt; 100",
    ] {
        assert!(
            out.contains(&format!(">{text}</text></g>")),
            "edge label {text}"
        );
    }
}

#[test]
fn svg_highlights_unreachable_nodes() {
    let story = warnings_only();
    let out = svg::render(&story, None).unwrap();
    assert_well_formed(&out);
    let lost: Vec<_> = node_groups(&out)
        .into_iter()
        .filter(|(c, _)| c.contains("unreachable"))
        .collect();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(label(lost[0].1), "main.orphan");
    assert!(lost[0].1.contains("fill=\"#ffb3b3\""), "{lost:?}");
    assert!(lost[0].1.contains("stroke=\"#cc0000\""), "{lost:?}");
}

#[test]
fn svg_of_the_bundled_story_has_every_node() {
    let story = crate::bundled();
    let out = svg::render(&story, None).unwrap();
    assert_well_formed(&out);
    let groups = node_groups(&out);
    let labels: std::collections::HashSet<&str> = groups.iter().map(|(_, g)| label(g)).collect();
    for node in &story.nodes {
        assert!(labels.contains(&*node.key), "{} missing", node.key);
    }
    for scene in &story.scenes {
        assert!(
            out.contains(&format!(">{} — ", scene.id)),
            "legend lacks {}",
            scene.id
        );
    }
    assert!(out.contains("<g data-kind=\"edge conditional\">"));
    assert!(out.contains("<g data-kind=\"edge random\">"));
    // One framed panel per scene, the roles' first scenes on top.
    assert_eq!(
        out.matches("<g data-kind=\"scene-panel\"").count(),
        story.scenes.len()
    );
    let first_panel = out
        .split("<g data-kind=\"scene-panel\"")
        .nth(1)
        .expect("a panel");
    assert!(
        first_panel.contains(">prologue_soldier — "),
        "soldier's prologue first"
    );
}

#[test]
fn scene_filter_keeps_one_scene_and_stubs_its_links() {
    let story = crate::fixture("minimal");
    let office = id(&story, "camp.office");
    let (signed, done) = (id(&story, "other.signed"), id(&story, "other.done"));
    let stub = office.replacen('n', "x", 1);

    let dot = render_scene(&story, Format::Dot, Some("other")).unwrap();
    assert_eq!(dot.matches("subgraph cluster_").count(), 1, "{dot}");
    assert!(has_line(&dot, "label=\"Elsewhere\";"), "{dot}");
    assert!(
        has_line(&dot, &format!("{signed} [label=\"other.signed\"];")),
        "{dot}"
    );
    assert!(
        has_line(
            &dot,
            &format!(
                "{stub} [label=\"camp.office\", style=\"dashed,filled\", fillcolor=\"#eeeeee\", color=gray50, fontcolor=gray30];"
            )
        ),
        "{dot}"
    );
    assert!(
        has_line(&dot, &format!("{stub} -> {signed} [label=\"Sign\"];")),
        "{dot}"
    );
    assert!(has_line(&dot, &format!("{signed} -> {done};")), "{dot}");
    assert!(
        !dot.contains("camp.start") && !dot.contains("->  r") && !dot.contains("r0"),
        "{dot}"
    );
    assert_eq!(dot.matches(" -> ").count(), 2, "{dot}");

    let mermaid = render_scene(&story, Format::Mermaid, Some("other")).unwrap();
    assert!(
        has_line(&mermaid, "subgraph s0[\"Elsewhere\"]"),
        "{mermaid}"
    );
    assert!(
        has_line(&mermaid, &format!("{stub}[\"camp.office\"]")),
        "{mermaid}"
    );
    assert!(
        has_line(&mermaid, &format!("class {stub} stub")),
        "{mermaid}"
    );
    assert!(!mermaid.contains("camp.start"), "{mermaid}");

    // The camp scene: its roles stay, the edge into the other scene ends in a stub.
    let graph = build(&story, Some("camp")).unwrap();
    assert_eq!(graph.clusters.len(), 1);
    let labels: Vec<&str> = graph.nodes.iter().map(|n| n.label.as_str()).collect();
    assert!(
        labels.contains(&"▶ Soldier") && labels.contains(&"▶ Planner"),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"other.signed") && !labels.contains(&"other.done"),
        "{labels:?}"
    );

    let out = svg::render(&story, Some("other")).unwrap();
    assert_well_formed(&out);
    let groups = node_groups(&out);
    let mut drawn: Vec<(&str, &str)> = groups.iter().map(|(c, g)| (*c, label(g))).collect();
    drawn.sort_unstable();
    assert_eq!(
        drawn,
        [
            ("node", "signed"),
            ("node ending", "done"),
            ("stub", "camp.office")
        ]
    );
    assert!(out.contains("Minimal — scene other (Elsewhere)"), "heading");

    // Without a filter, the whole story: the same as `render`.
    assert_eq!(
        render_scene(&story, Format::Dot, None).unwrap(),
        render(&story, Format::Dot)
    );
}

#[test]
fn unknown_scene_is_an_error_naming_the_scenes() {
    let story = crate::fixture("minimal");
    let err = render_scene(&story, Format::Dot, Some("nope"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "unknown scene `nope`; the story's scenes are: camp, other"
    );
    assert_eq!(
        svg::render(&story, Some("nope")).unwrap_err().to_string(),
        err
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args([
            "graph",
            "tests/fixtures/minimal",
            "--format",
            "svg",
            "--scene",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "error: unknown scene `nope`; the story's scenes are: camp, other\n"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args([
            "graph",
            "tests/fixtures/minimal",
            "--format",
            "mermaid",
            "--scene",
            "camp",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("subgraph s0[\"The camp\"]") && !stdout.contains("Elsewhere"),
        "{stdout}"
    );
}

fn synthetic(nodes: usize) -> Story {
    match load(aftermath::tools::synth::synthetic_story(nodes, 11)) {
        Ok(l) => l.story,
        Err(f) => panic!("synthetic story failed to load:\n{}", f.render()),
    }
}

#[test]
fn svg_draws_scenes_too_large_to_lay_out_as_boxes_and_says_so() {
    // 1,000 nodes in two scenes of 500: each over `PANEL_MAX_NODES`, so boxes without edges.
    let story = synthetic(1000);
    assert!(
        story
            .scenes
            .iter()
            .all(|s| s.nodes.len() > svg::PANEL_MAX_NODES)
    );
    let (out, notes) = svg::render_noted(&story, None).unwrap();
    assert_well_formed(&out);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("2 scene(s)") && notes[0].contains("simplified"));
    assert!(out.contains("drawn simplified: node boxes without edges"));
    assert!(out.contains("500 nodes, "), "panel titles give the size");
    let groups = node_groups(&out);
    assert_eq!(groups.len(), story.nodes.len());
    assert!(!out.contains("<g data-kind=\"edge "), "no edges drawn");
    // The same with `--scene`.
    let id = story.scenes[1].id.clone();
    let (one, notes) = svg::render_noted(&story, Some(&id)).unwrap();
    assert_well_formed(&one);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(node_groups(&one).len(), story.scenes[1].nodes.len());
    // A story of one large scene is one simplified panel.
    let single = synthetic(300);
    assert_eq!(single.scenes.len(), 1);
    let (one, notes) = svg::render_noted(&single, None).unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(node_groups(&one).len(), 300);
    // `render` is `render_noted` without the notes.
    assert_eq!(svg::render(&story, None).unwrap(), out);
}

#[test]
fn svg_of_a_very_large_story_is_a_scene_overview_and_says_so() {
    let story = synthetic(svg::OVERVIEW_ABOVE + 500);
    let (out, notes) = svg::render_noted(&story, None).unwrap();
    assert_well_formed(&out);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("scene-level overview"), "{notes:?}");
    assert!(out.contains(&format!(
        "scene overview: {} nodes in {} scenes",
        story.nodes.len(),
        story.scenes.len()
    )));
    assert_eq!(
        out.matches("<g data-kind=\"scene-box\">").count(),
        story.scenes.len()
    );
    assert!(!out.contains("<g data-kind=\"graph\""), "no node graph");
    assert!(
        !out.contains("<g data-kind=\"node\">") && !out.contains("<g data-kind=\"node "),
        "no node boxes"
    );
    // Every scene but the last links on to the next one.
    assert!(out.contains("→ "));
}
