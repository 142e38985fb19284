//! The graph as Graphviz DOT: scenes as clusters, styled endings, unreachable nodes and stubs.

use std::fmt::Write;

use super::{EdgeStyle, Graph, NodeKind, node_id, outside};

/// Writes `graph` as a DOT `digraph`.
pub(super) fn write(graph: &Graph) -> String {
    let node_id = |k: usize| node_id(graph, k);
    let outside = outside(graph);
    let mut out = String::new();
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
    out
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
