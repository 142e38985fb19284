//! The graph as a Mermaid flowchart: scenes as subgraphs, edge kinds by arrow and link style.

use std::fmt::Write;

use super::{EdgeStyle, Graph, NodeKind, node_id, outside};

/// Writes `graph` as a Mermaid `flowchart`.
pub(super) fn write(graph: &Graph) -> String {
    let node_id = |k: usize| node_id(graph, k);
    let outside = outside(graph);
    let mut out = String::new();
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
    classes(graph, &mut out);
    out
}

/// The class definitions and the nodes of each class (endings, unreachable, roles, stubs).
fn classes(graph: &Graph, out: &mut String) {
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
        out.push_str("  classDef stub fill:#eee,stroke:#888,stroke-dasharray:4 3,color:#444\n");
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
