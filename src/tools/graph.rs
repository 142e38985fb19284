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

mod dot;
mod mermaid;

use std::collections::HashMap;
use std::fmt::Write;

use crate::story::expr::{Expr, ExprKind, Func, UnOp, Value};
use crate::story::lints::reachable;
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

/// An edge before its ends are numbered.
struct RawEdge {
    from: End,
    to: End,
    label: Option<String>,
    style: EdgeStyle,
}

impl RawEdge {
    fn new(from: End, to: End, label: Option<String>, style: EdgeStyle) -> RawEdge {
        RawEdge {
            from,
            to,
            label,
            style,
        }
    }
}

/// What is drawn: the whole story, or only one scene (by index) with stubs for the rest.
#[derive(Clone, Copy)]
struct Scope<'a> {
    story: &'a Story,
    only: Option<usize>,
}

impl Scope<'_> {
    fn scene_of(&self, i: usize) -> usize {
        self.story
            .nodes
            .get(i)
            .map_or(usize::MAX, |n| n.scene as usize)
    }

    /// Whether an end is drawn as itself; the others become stubs (one per node of another
    /// scene, a chance node standing for the node holding its choice).
    fn shown(&self, e: End) -> bool {
        match (e, self.only) {
            (_, None) => true,
            (End::Node(i) | End::Chance(i, _), Some(s)) => self.scene_of(i) == s,
            (End::Role(r), Some(s)) => self
                .story
                .roles
                .get(r)
                .is_some_and(|role| self.scene_of(role.start as usize) == s),
        }
    }

    /// The id of the drawn node an end stands for.
    fn id_of(&self, e: End) -> String {
        match e {
            End::Node(i) if self.shown(e) => format!("n{i}"),
            End::Chance(i, c) if self.shown(e) => format!("c{i}_{c}"),
            End::Node(i) | End::Chance(i, _) => format!("x{i}"),
            End::Role(r) => format!("r{r}"),
        }
    }
}

/// A graph being built, with the index of each node id.
struct Builder {
    graph: Graph,
    index: HashMap<String, usize>,
}

impl Builder {
    fn add(&mut self, node: GraphNode) {
        self.index.insert(node.id.clone(), self.graph.nodes.len());
        self.graph.nodes.push(node);
    }
}

fn model(story: &Story, only: Option<usize>) -> Graph {
    let scope = Scope { story, only };
    let (mut edges, chances) = raw_edges(story);
    edges.retain(|e| scope.shown(e.from) || scope.shown(e.to));
    let mut b = Builder {
        graph: Graph {
            clusters: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
        },
        index: HashMap::new(),
    };
    add_clusters(&mut b, scope, &chances);
    add_outside(&mut b, scope, &edges);
    for e in edges {
        let (from, to) = (scope.id_of(e.from), scope.id_of(e.to));
        if let (Some(&from), Some(&to)) = (b.index.get(&from), b.index.get(&to)) {
            b.graph.edges.push(GraphEdge {
                from,
                to,
                label: e.label,
                style: e.style,
            });
        }
    }
    b.graph
}

/// Every edge of the story, in the order every format writes them (role starts, then each
/// node's exits), and the choices with outcomes (node, choice), each drawn as a chance node.
fn raw_edges(story: &Story) -> (Vec<RawEdge>, Vec<(usize, usize)>) {
    let vars: Vec<Value> = match story.roles.first() {
        Some(r) => r.values.clone(),
        None => story.variables.iter().map(|v| v.default.clone()).collect(),
    };
    let mut edges: Vec<RawEdge> = Vec::new();
    let mut chances: Vec<(usize, usize)> = Vec::new();
    for (r, role) in story.roles.iter().enumerate() {
        let start = End::Node(role.start as usize);
        edges.push(RawEdge::new(End::Role(r), start, None, EdgeStyle::Start));
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
                        Target::Goto(t) => {
                            edges.push(RawEdge::new(from, End::Node(*t as usize), label, style));
                        }
                        Target::Outcomes(os) => {
                            let chance = End::Chance(i, c);
                            chances.push((i, c));
                            edges.push(RawEdge::new(from, chance, label, style));
                            for o in os {
                                let w = expr(story, &o.weight);
                                let label = match &o.label {
                                    Some(l) => format!("{}, w={w}", truncate(l)),
                                    None => format!("w={w}"),
                                };
                                let to = End::Node(o.target as usize);
                                edges.push(RawEdge::new(
                                    chance,
                                    to,
                                    Some(label),
                                    EdgeStyle::Random,
                                ));
                            }
                        }
                    }
                }
            }
            Exit::Next(t) => {
                edges.push(RawEdge::new(
                    from,
                    End::Node(*t as usize),
                    None,
                    EdgeStyle::Plain,
                ));
            }
            Exit::Pick(cands) => {
                for cand in cands {
                    let mut label = format!("w={}", expr(story, &cand.weight));
                    if let Some(w) = &cand.when {
                        let _ = write!(label, " if {}", expr(story, w));
                    }
                    let to = End::Node(cand.target as usize);
                    let label = Some(truncate(&label));
                    edges.push(RawEdge::new(from, to, label, EdgeStyle::Random));
                }
            }
            Exit::Ending(_) => {}
        }
    }
    (edges, chances)
}

/// The drawn scenes as clusters: each scene's story nodes, then its chance nodes.
fn add_clusters(b: &mut Builder, scope: Scope, chances: &[(usize, usize)]) {
    let story = scope.story;
    let seen = reachable(story);
    // With no roles nothing is reachable; don't paint every node red then.
    let unreachable = |i: usize| !story.roles.is_empty() && !seen.get(i).copied().unwrap_or(true);
    for (s, scene) in story.scenes.iter().enumerate() {
        if scope.only.is_some_and(|o| o != s) {
            continue;
        }
        let first = b.graph.nodes.len();
        for i in scene.nodes.start as usize..scene.nodes.end as usize {
            let Some(node) = story.nodes.get(i) else {
                continue;
            };
            b.add(GraphNode {
                id: format!("n{i}"),
                label: node.key.to_string(),
                kind: NodeKind::Story {
                    ending: matches!(node.exit, Exit::Ending(_)),
                    unreachable: unreachable(i),
                },
                scene: Some(s),
            });
        }
        for &(i, c) in chances.iter().filter(|(i, _)| scope.scene_of(*i) == s) {
            b.add(GraphNode {
                id: format!("c{i}_{c}"),
                label: "random".into(),
                kind: NodeKind::Chance,
                scene: Some(s),
            });
        }
        b.graph.clusters.push(Cluster {
            scene: s,
            id: scene.id.clone(),
            title: scene.title.clone(),
            nodes: first..b.graph.nodes.len(),
        });
    }
}

/// The nodes outside any cluster: the drawn roles' markers, then a stub for each node of
/// another scene that a drawn edge leads to or comes from.
fn add_outside(b: &mut Builder, scope: Scope, edges: &[RawEdge]) {
    let story = scope.story;
    for (r, role) in story.roles.iter().enumerate() {
        if scope.shown(End::Role(r)) {
            b.add(GraphNode {
                id: format!("r{r}"),
                label: format!("▶ {}", role.name),
                kind: NodeKind::Role,
                scene: None,
            });
        }
    }
    let mut stubs: Vec<usize> = edges
        .iter()
        .flat_map(|e| [e.from, e.to])
        .filter(|e| !scope.shown(*e))
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
        b.add(GraphNode {
            id: format!("x{i}"),
            label: node.key.to_string(),
            kind: NodeKind::Stub,
            scene: Some(node.scene as usize),
        });
    }
}

/// Writes a graph as DOT or Mermaid.
pub fn write(graph: &Graph, format: Format) -> String {
    match format {
        Format::Dot => dot::write(graph),
        Format::Mermaid => mermaid::write(graph),
    }
}

/// The id of node `k` of `graph` as the writers print it.
fn node_id(graph: &Graph, k: usize) -> &str {
    graph.nodes.get(k).map_or("?", |n| n.id.as_str())
}

/// The nodes outside any cluster: role markers, then stubs.
fn outside(graph: &Graph) -> &[GraphNode] {
    let first = graph.clusters.last().map_or(0, |c| c.nodes.end);
    graph.nodes.get(first..).unwrap_or_default()
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
