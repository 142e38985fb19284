//! The story's node graph as Graphviz DOT or Mermaid, for writers to see its shape.
//!
//! Nodes are clustered by scene (in scene and node order, so output is stable), endings and
//! unreachable nodes are styled, each role gets a "▶ Name" marker pointing at its start.
//! Edges: plain `next`, labelled choices (dashed when the choice has `when` or `requires`),
//! dotted random edges (outcomes and pick candidates) labelled with label and weight. A choice
//! with outcomes goes to a small "random" node, from which the dotted outcome edges leave.
//!
//! One model ([`Graph`], built by [`build`]) feeds every format: DOT and Mermaid here, SVG in
//! [`super::svg`]. With a scene id, only that scene is drawn, and the nodes of other scenes it
//! links to (either way) become stub nodes labelled with their `scene.node` key.

use std::fmt::Write;

use crate::check::lints::reachable;
use crate::story::expr::{Expr, ExprKind, Func, UnOp, Value};
use crate::story::{Exit, Story, Target};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
}

/// Why a graph could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("unknown scene `{id}`; the story's scenes are: {known}")]
    UnknownScene { id: String, known: String },
}

/// Longest choice label (in characters) before truncation with "…".
const MAX_LABEL: usize = 40;

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeStyle {
    /// A `next` or an unconditional choice.
    Plain,
    /// A choice with `when` or `requires`: dashed.
    Conditional,
    /// A random outcome or pick candidate: dotted.
    Random,
    /// From a role marker to the role's start: bold.
    Start,
}

/// What a drawn node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A story node.
    Story { ending: bool, unreachable: bool },
    /// The "random" node between a choice and its weighted outcomes.
    Chance,
    /// A "▶ Name" marker pointing at a role's start.
    Role,
    /// A node of another scene, shown when only one scene is drawn (labelled with its key).
    Stub,
}

/// A node of the drawn graph.
#[derive(Debug, Clone)]
pub struct GraphNode {
    /// Stable id: `n{node}`, `c{node}_{choice}`, `r{role}` or `x{node}` (a stub).
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    /// Index of the story scene it belongs to (for a stub: the other node's scene); `None` for
    /// role markers.
    pub scene: Option<usize>,
}

/// An edge of the drawn graph, between indices of [`Graph::nodes`].
#[derive(Debug, Clone)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    pub style: EdgeStyle,
}

/// A scene drawn as a cluster: a run of [`Graph::nodes`].
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Index in [`Story::scenes`].
    pub scene: usize,
    pub id: String,
    pub title: String,
    pub nodes: std::ops::Range<usize>,
}

/// The story graph as drawn by every format: clusters (scenes, in order), their nodes, then the
/// nodes outside any cluster (role markers, then stubs), and the edges.
#[derive(Debug, Clone)]
pub struct Graph {
    pub clusters: Vec<Cluster>,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// An edge end before nodes are numbered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Node(usize),
    Chance(usize, usize),
    Role(usize),
}

/// Renders the whole story's graph.
pub fn render(story: &Story, format: Format) -> String {
    write(&build_all(story), format)
}

/// Renders the graph of the whole story, or of one scene (by id) with stubs for the nodes of
/// other scenes it links to; an unknown scene id is an error naming the scenes.
pub fn render_scene(
    story: &Story,
    format: Format,
    scene: Option<&str>,
) -> Result<String, GraphError> {
    Ok(write(&build(story, scene)?, format))
}

/// The graph of the whole story.
pub fn build_all(story: &Story) -> Graph {
    model(story, None)
}

/// The graph of the whole story (`None`) or of one scene, by id.
pub fn build(story: &Story, scene: Option<&str>) -> Result<Graph, GraphError> {
    match scene {
        None => Ok(model(story, None)),
        Some(id) => match story.scenes.iter().position(|s| s.id == id) {
            Some(s) => Ok(model(story, Some(s))),
            None => {
                let ids: Vec<&str> = story.scenes.iter().map(|s| s.id.as_str()).collect();
                Err(GraphError::UnknownScene {
                    id: id.to_owned(),
                    known: ids.join(", "),
                })
            }
        },
    }
}

fn model(story: &Story, only: Option<usize>) -> Graph {
    let seen = reachable(story);
    // With no roles nothing is reachable; don't paint every node red then.
    let unreachable = |i: usize| !story.roles.is_empty() && !seen.get(i).copied().unwrap_or(true);
    let vars: Vec<Value> = match story.roles.first() {
        Some(r) => r.values.clone(),
        None => story.variables.iter().map(|v| v.default.clone()).collect(),
    };
    let scene_of = |i: usize| story.nodes.get(i).map_or(usize::MAX, |n| n.scene as usize);

    // Edges between ends, in the order every format writes them.
    let mut edges: Vec<(End, End, Option<String>, EdgeStyle)> = Vec::new();
    let mut chances: Vec<(usize, usize)> = Vec::new();
    for (r, role) in story.roles.iter().enumerate() {
        edges.push((
            End::Role(r),
            End::Node(role.start as usize),
            None,
            EdgeStyle::Start,
        ));
    }
    for (i, node) in story.nodes.iter().enumerate() {
        let from = End::Node(i);
        match &node.exit {
            Exit::Choices(cs) => {
                for (c, choice) in cs.iter().enumerate() {
                    let label = Some(truncate(&choice.text.render(&vars)));
                    let style = if choice.when.is_some() || choice.requires.is_some() {
                        EdgeStyle::Conditional
                    } else {
                        EdgeStyle::Plain
                    };
                    match &choice.target {
                        Target::Goto(t) => edges.push((from, End::Node(*t as usize), label, style)),
                        Target::Outcomes(os) => {
                            let chance = End::Chance(i, c);
                            chances.push((i, c));
                            edges.push((from, chance, label, style));
                            for o in os {
                                let w = expr(story, &o.weight);
                                let label = match &o.label {
                                    Some(l) => format!("{}, w={w}", truncate(l)),
                                    None => format!("w={w}"),
                                };
                                edges.push((
                                    chance,
                                    End::Node(o.target as usize),
                                    Some(label),
                                    EdgeStyle::Random,
                                ));
                            }
                        }
                    }
                }
            }
            Exit::Next(t) => edges.push((from, End::Node(*t as usize), None, EdgeStyle::Plain)),
            Exit::Pick(cands) => {
                for cand in cands {
                    let mut label = format!("w={}", expr(story, &cand.weight));
                    if let Some(w) = &cand.when {
                        let _ = write!(label, " if {}", expr(story, w));
                    }
                    edges.push((
                        from,
                        End::Node(cand.target as usize),
                        Some(truncate(&label)),
                        EdgeStyle::Random,
                    ));
                }
            }
            Exit::Ending(_) => {}
        }
    }

    // Which ends are drawn as themselves; the others become stubs (one per node of another
    // scene, a chance node standing for the node holding its choice).
    let shown = |e: End| match (e, only) {
        (_, None) => true,
        (End::Node(i) | End::Chance(i, _), Some(s)) => scene_of(i) == s,
        (End::Role(r), Some(s)) => story
            .roles
            .get(r)
            .is_some_and(|role| scene_of(role.start as usize) == s),
    };
    edges.retain(|(from, to, ..)| shown(*from) || shown(*to));

    let mut graph = Graph {
        clusters: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut add = |graph: &mut Graph, node: GraphNode| {
        index.insert(node.id.clone(), graph.nodes.len());
        graph.nodes.push(node);
    };
    for (s, scene) in story.scenes.iter().enumerate() {
        if only.is_some_and(|o| o != s) {
            continue;
        }
        let first = graph.nodes.len();
        for i in scene.nodes.start as usize..scene.nodes.end as usize {
            let Some(node) = story.nodes.get(i) else {
                continue;
            };
            add(
                &mut graph,
                GraphNode {
                    id: format!("n{i}"),
                    label: node.key.clone(),
                    kind: NodeKind::Story {
                        ending: matches!(node.exit, Exit::Ending(_)),
                        unreachable: unreachable(i),
                    },
                    scene: Some(s),
                },
            );
        }
        for &(i, c) in chances.iter().filter(|(i, _)| scene_of(*i) == s) {
            add(
                &mut graph,
                GraphNode {
                    id: format!("c{i}_{c}"),
                    label: "random".into(),
                    kind: NodeKind::Chance,
                    scene: Some(s),
                },
            );
        }
        graph.clusters.push(Cluster {
            scene: s,
            id: scene.id.clone(),
            title: scene.title.clone(),
            nodes: first..graph.nodes.len(),
        });
    }
    for (r, role) in story.roles.iter().enumerate() {
        if shown(End::Role(r)) {
            add(
                &mut graph,
                GraphNode {
                    id: format!("r{r}"),
                    label: format!("▶ {}", role.name),
                    kind: NodeKind::Role,
                    scene: None,
                },
            );
        }
    }
    let mut stubs: Vec<usize> = edges
        .iter()
        .flat_map(|(from, to, ..)| [*from, *to])
        .filter(|e| !shown(*e))
        .filter_map(|e| match e {
            End::Node(i) | End::Chance(i, _) => Some(i),
            End::Role(_) => None,
        })
        .collect();
    stubs.sort_unstable();
    stubs.dedup();
    for i in stubs {
        let Some(node) = story.nodes.get(i) else {
            continue;
        };
        add(
            &mut graph,
            GraphNode {
                id: format!("x{i}"),
                label: node.key.clone(),
                kind: NodeKind::Stub,
                scene: Some(node.scene as usize),
            },
        );
    }

    let id_of = |e: End| match e {
        End::Node(i) if shown(e) => format!("n{i}"),
        End::Chance(i, c) if shown(e) => format!("c{i}_{c}"),
        End::Node(i) | End::Chance(i, _) => format!("x{i}"),
        End::Role(r) => format!("r{r}"),
    };
    for (from, to, label, style) in edges {
        if let (Some(&from), Some(&to)) = (index.get(&id_of(from)), index.get(&id_of(to))) {
            graph.edges.push(GraphEdge {
                from,
                to,
                label,
                style,
            });
        }
    }
    graph
}

/// Writes a graph as DOT or Mermaid.
pub fn write(graph: &Graph, format: Format) -> String {
    let node_id = |k: usize| graph.nodes.get(k).map_or("?", |n| n.id.as_str());
    let outside = graph.clusters.last().map_or(0, |c| c.nodes.end);
    let outside = graph.nodes.get(outside..).unwrap_or_default();
    let mut out = String::new();
    match format {
        Format::Dot => {
            out.push_str("digraph story {\n");
            out.push_str("  rankdir=TB;\n");
            out.push_str("  node [shape=box, fontname=\"Helvetica\"];\n");
            out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
            for (s, cluster) in graph.clusters.iter().enumerate() {
                let _ = writeln!(out, "  subgraph cluster_{s} {{");
                let _ = writeln!(out, "    label=\"{}\";", dot_escape(&cluster.title));
                for node in graph.nodes.get(cluster.nodes.clone()).unwrap_or_default() {
                    let label = dot_escape(&node.label);
                    match node.kind {
                        NodeKind::Story {
                            ending,
                            unreachable,
                        } => {
                            let mut attrs = format!("label=\"{label}\"");
                            if ending {
                                attrs.push_str(", shape=doubleoctagon");
                            }
                            if unreachable {
                                attrs.push_str(", style=filled, fillcolor=\"#ffb3b3\", color=red");
                            }
                            let _ = writeln!(out, "    {} [{attrs}];", node.id);
                        }
                        _ => {
                            let _ = writeln!(
                                out,
                                "    {} [label=\"{label}\", shape=diamond, fontsize=9];",
                                node.id
                            );
                        }
                    }
                }
                out.push_str("  }\n");
            }
            for node in outside {
                let label = dot_escape(&node.label);
                if node.kind == NodeKind::Stub {
                    let _ = writeln!(
                        out,
                        "  {} [label=\"{label}\", style=\"dashed,filled\", fillcolor=\"#eeeeee\", color=gray50, fontcolor=gray30];",
                        node.id
                    );
                } else {
                    let _ = writeln!(out, "  {} [label=\"{label}\", shape=plaintext];", node.id);
                }
            }
            for e in &graph.edges {
                let mut attrs = Vec::new();
                if let Some(l) = &e.label {
                    attrs.push(format!("label=\"{}\"", dot_escape(l)));
                }
                match e.style {
                    EdgeStyle::Plain => {}
                    EdgeStyle::Conditional => attrs.push("style=dashed".into()),
                    EdgeStyle::Random => attrs.push("style=dotted".into()),
                    EdgeStyle::Start => attrs.push("style=bold".into()),
                }
                let (from, to) = (node_id(e.from), node_id(e.to));
                if attrs.is_empty() {
                    let _ = writeln!(out, "  {from} -> {to};");
                } else {
                    let _ = writeln!(out, "  {from} -> {to} [{}];", attrs.join(", "));
                }
            }
            out.push_str("}\n");
        }
        Format::Mermaid => {
            out.push_str("flowchart TB\n");
            for (s, cluster) in graph.clusters.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  subgraph s{s}[\"{}\"]",
                    mermaid_escape(&cluster.title)
                );
                for node in graph.nodes.get(cluster.nodes.clone()).unwrap_or_default() {
                    let label = mermaid_escape(&node.label);
                    match node.kind {
                        NodeKind::Story { ending: true, .. } => {
                            let _ = writeln!(out, "    {}((\"{label}\"))", node.id);
                        }
                        NodeKind::Story { .. } => {
                            let _ = writeln!(out, "    {}[\"{label}\"]", node.id);
                        }
                        _ => {
                            let _ = writeln!(out, "    {}{{\"{label}\"}}", node.id);
                        }
                    }
                }
                out.push_str("  end\n");
            }
            for node in outside {
                let label = mermaid_escape(&node.label);
                if node.kind == NodeKind::Stub {
                    let _ = writeln!(out, "  {}[\"{label}\"]", node.id);
                } else {
                    let _ = writeln!(out, "  {}>\"{label}\"]", node.id);
                }
            }
            let mut dashed = Vec::new();
            let mut dotted = Vec::new();
            for (k, e) in graph.edges.iter().enumerate() {
                let arrow = match e.style {
                    EdgeStyle::Plain => "-->",
                    EdgeStyle::Conditional => {
                        dashed.push(k.to_string());
                        "-.->"
                    }
                    EdgeStyle::Random => {
                        dotted.push(k.to_string());
                        "-.->"
                    }
                    EdgeStyle::Start => "==>",
                };
                let (from, to) = (node_id(e.from), node_id(e.to));
                match &e.label {
                    Some(l) => {
                        let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", mermaid_escape(l));
                    }
                    None => {
                        let _ = writeln!(out, "  {from} {arrow} {to}");
                    }
                }
            }
            if !dashed.is_empty() {
                let _ = writeln!(out, "  linkStyle {} stroke-dasharray:6 4", dashed.join(","));
            }
            if !dotted.is_empty() {
                let _ = writeln!(out, "  linkStyle {} stroke-dasharray:2 3", dotted.join(","));
            }
            out.push_str("  classDef ending stroke-width:3px\n");
            out.push_str("  classDef unreachable fill:#ffb3b3,stroke:#c00\n");
            out.push_str("  classDef role fill:none,stroke:none,font-weight:bold\n");
            let ids = |keep: &dyn Fn(NodeKind) -> bool| -> Vec<&str> {
                graph
                    .nodes
                    .iter()
                    .filter(|n| keep(n.kind))
                    .map(|n| n.id.as_str())
                    .collect()
            };
            let endings = ids(&|k| matches!(k, NodeKind::Story { ending: true, .. }));
            let lost = ids(&|k| {
                matches!(
                    k,
                    NodeKind::Story {
                        unreachable: true,
                        ..
                    }
                )
            });
            let roles = ids(&|k| k == NodeKind::Role);
            let stubs = ids(&|k| k == NodeKind::Stub);
            if !stubs.is_empty() {
                out.push_str(
                    "  classDef stub fill:#eee,stroke:#888,stroke-dasharray:4 3,color:#444\n",
                );
            }
            for (class, ids) in [
                ("ending", endings),
                ("unreachable", lost),
                ("role", roles),
                ("stub", stubs),
            ] {
                if !ids.is_empty() {
                    let _ = writeln!(out, "  class {} {class}", ids.join(","));
                }
            }
        }
    }
    out
}

/// Shortens to [`MAX_LABEL`] characters, on one line.
fn truncate(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_LABEL {
        one_line
    } else {
        let mut t: String = one_line.chars().take(MAX_LABEL - 1).collect();
        t.truncate(t.trim_end().len());
        t.push('…');
        t
    }
}

/// Escapes text for a double-quoted DOT string.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted Mermaid label (entity codes).
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An expression written back as story source (approximately: fully parenthesised).
fn expr(story: &Story, e: &Expr) -> String {
    match &e.kind {
        ExprKind::Lit(Value::Text(t)) => format!("\"{t}\""),
        ExprKind::Lit(v) => v.to_string(),
        ExprKind::Var(i) => story
            .variables
            .get(*i as usize)
            .map_or_else(|| format!("var{i}"), |v| v.id.clone()),
        ExprKind::Unary(UnOp::Not, a) => format!("!{}", sub(story, a)),
        ExprKind::Unary(UnOp::Neg, a) => format!("-{}", sub(story, a)),
        ExprKind::Binary(op, a, b) => {
            let op = op.symbol();
            format!("{} {op} {}", sub(story, a), sub(story, b))
        }
        ExprKind::Call(f, a, b) => {
            let f = match f {
                Func::Min => "min",
                Func::Max => "max",
            };
            format!("{f}({}, {})", expr(story, a), expr(story, b))
        }
    }
}

fn sub(story: &Story, e: &Expr) -> String {
    match e.kind {
        ExprKind::Binary(..) => format!("({})", expr(story, e)),
        _ => expr(story, e),
    }
}
