//! The story's node graph as Graphviz DOT or Mermaid, for writers to see its shape.
//!
//! Nodes are clustered by scene (in scene and node order, so output is stable), endings and
//! unreachable nodes are styled, each role gets a "▶ Name" marker pointing at its start.
//! Edges: plain `next`, labelled choices (dashed when the choice has `when` or `requires`),
//! dotted random edges (outcomes and pick candidates) labelled with label and weight. A choice
//! with outcomes goes to a small "random" node, from which the dotted outcome edges leave.

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

/// Longest choice label (in characters) before truncation with "…".
const MAX_LABEL: usize = 40;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Conditional,
    Random,
    Start,
}

struct Edge {
    from: String,
    to: String,
    label: Option<String>,
    style: Style,
}

struct Chance {
    id: String,
    scene: u32,
}

/// Renders the story's graph.
pub fn render(story: &Story, format: Format) -> String {
    let seen = reachable(story);
    // With no roles nothing is reachable; don't paint every node red then.
    let unreachable = |i: usize| !story.roles.is_empty() && !seen.get(i).copied().unwrap_or(true);
    let vars: Vec<Value> = match story.roles.first() {
        Some(r) => r.values.clone(),
        None => story.variables.iter().map(|v| v.default.clone()).collect(),
    };

    let mut edges = Vec::new();
    let mut chances = Vec::new();
    for (r, role) in story.roles.iter().enumerate() {
        edges.push(Edge {
            from: format!("r{r}"),
            to: format!("n{}", role.start),
            label: None,
            style: Style::Start,
        });
    }
    for (i, node) in story.nodes.iter().enumerate() {
        let from = format!("n{i}");
        match &node.exit {
            Exit::Choices(cs) => {
                for (c, choice) in cs.iter().enumerate() {
                    let label = Some(truncate(&choice.text.render(&vars)));
                    let style = if choice.when.is_some() || choice.requires.is_some() {
                        Style::Conditional
                    } else {
                        Style::Plain
                    };
                    match &choice.target {
                        Target::Goto(t) => edges.push(Edge {
                            from: from.clone(),
                            to: format!("n{t}"),
                            label,
                            style,
                        }),
                        Target::Outcomes(os) => {
                            let id = format!("c{i}_{c}");
                            chances.push(Chance {
                                id: id.clone(),
                                scene: node.scene,
                            });
                            edges.push(Edge {
                                from: from.clone(),
                                to: id.clone(),
                                label,
                                style,
                            });
                            for o in os {
                                let w = expr(story, &o.weight);
                                let label = match &o.label {
                                    Some(l) => format!("{}, w={w}", truncate(l)),
                                    None => format!("w={w}"),
                                };
                                edges.push(Edge {
                                    from: id.clone(),
                                    to: format!("n{}", o.target),
                                    label: Some(label),
                                    style: Style::Random,
                                });
                            }
                        }
                    }
                }
            }
            Exit::Next(t) => edges.push(Edge {
                from,
                to: format!("n{t}"),
                label: None,
                style: Style::Plain,
            }),
            Exit::Pick(cands) => {
                for cand in cands {
                    let mut label = format!("w={}", expr(story, &cand.weight));
                    if let Some(w) = &cand.when {
                        let _ = write!(label, " if {}", expr(story, w));
                    }
                    edges.push(Edge {
                        from: from.clone(),
                        to: format!("n{}", cand.target),
                        label: Some(truncate(&label)),
                        style: Style::Random,
                    });
                }
            }
            Exit::Ending(_) => {}
        }
    }

    let is_ending = |i: usize| matches!(story.nodes[i].exit, Exit::Ending(_));
    let mut out = String::new();
    match format {
        Format::Dot => {
            out.push_str("digraph story {\n");
            out.push_str("  rankdir=TB;\n");
            out.push_str("  node [shape=box, fontname=\"Helvetica\"];\n");
            out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
            for (s, scene) in story.scenes.iter().enumerate() {
                let _ = writeln!(out, "  subgraph cluster_{s} {{");
                let _ = writeln!(out, "    label=\"{}\";", dot_escape(&scene.title));
                for i in scene.nodes.start as usize..scene.nodes.end as usize {
                    let mut attrs = format!("label=\"{}\"", dot_escape(&story.nodes[i].key));
                    if is_ending(i) {
                        attrs.push_str(", shape=doubleoctagon");
                    }
                    if unreachable(i) {
                        attrs.push_str(", style=filled, fillcolor=\"#ffb3b3\", color=red");
                    }
                    let _ = writeln!(out, "    n{i} [{attrs}];");
                }
                for c in chances.iter().filter(|c| c.scene as usize == s) {
                    let _ = writeln!(
                        out,
                        "    {} [label=\"random\", shape=diamond, fontsize=9];",
                        c.id
                    );
                }
                out.push_str("  }\n");
            }
            for (r, role) in story.roles.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  r{r} [label=\"▶ {}\", shape=plaintext];",
                    dot_escape(&role.name)
                );
            }
            for e in &edges {
                let mut attrs = Vec::new();
                if let Some(l) = &e.label {
                    attrs.push(format!("label=\"{}\"", dot_escape(l)));
                }
                match e.style {
                    Style::Plain => {}
                    Style::Conditional => attrs.push("style=dashed".into()),
                    Style::Random => attrs.push("style=dotted".into()),
                    Style::Start => attrs.push("style=bold".into()),
                }
                if attrs.is_empty() {
                    let _ = writeln!(out, "  {} -> {};", e.from, e.to);
                } else {
                    let _ = writeln!(out, "  {} -> {} [{}];", e.from, e.to, attrs.join(", "));
                }
            }
            out.push_str("}\n");
        }
        Format::Mermaid => {
            out.push_str("flowchart TB\n");
            for (s, scene) in story.scenes.iter().enumerate() {
                let _ = writeln!(out, "  subgraph s{s}[\"{}\"]", mermaid_escape(&scene.title));
                for i in scene.nodes.start as usize..scene.nodes.end as usize {
                    let key = mermaid_escape(&story.nodes[i].key);
                    if is_ending(i) {
                        let _ = writeln!(out, "    n{i}((\"{key}\"))");
                    } else {
                        let _ = writeln!(out, "    n{i}[\"{key}\"]");
                    }
                }
                for c in chances.iter().filter(|c| c.scene as usize == s) {
                    let _ = writeln!(out, "    {}{{\"random\"}}", c.id);
                }
                out.push_str("  end\n");
            }
            for (r, role) in story.roles.iter().enumerate() {
                let _ = writeln!(out, "  r{r}>\"▶ {}\"]", mermaid_escape(&role.name));
            }
            let mut dashed = Vec::new();
            let mut dotted = Vec::new();
            for (k, e) in edges.iter().enumerate() {
                let arrow = match e.style {
                    Style::Plain => "-->",
                    Style::Conditional => {
                        dashed.push(k.to_string());
                        "-.->"
                    }
                    Style::Random => {
                        dotted.push(k.to_string());
                        "-.->"
                    }
                    Style::Start => "==>",
                };
                match &e.label {
                    Some(l) => {
                        let _ = writeln!(
                            out,
                            "  {} {arrow}|\"{}\"| {}",
                            e.from,
                            mermaid_escape(l),
                            e.to
                        );
                    }
                    None => {
                        let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
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
            let endings: Vec<String> = (0..story.nodes.len())
                .filter(|&i| is_ending(i))
                .map(|i| format!("n{i}"))
                .collect();
            let lost: Vec<String> = (0..story.nodes.len())
                .filter(|&i| unreachable(i))
                .map(|i| format!("n{i}"))
                .collect();
            let roles: Vec<String> = (0..story.roles.len()).map(|r| format!("r{r}")).collect();
            for (class, ids) in [("ending", endings), ("unreachable", lost), ("role", roles)] {
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
