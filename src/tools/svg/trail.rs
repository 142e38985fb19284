//! A path through the story drawn over its graph: the nodes a playthrough visited and the steps
//! it took between them are highlighted, everything else is faded.

use std::collections::HashSet;

use super::{PANEL_MAX_NODES, PANELS_ABOVE, SvgError, document, render_panels};
use crate::story::{NodeIdx, Story};
use crate::tools::graph::{Graph, NodeKind, build_all};

/// Stroke of highlighted nodes and edges (a magenta that stays dark in print).
const TRAIL_STROKE: &str = "#c2185b";

/// How one drawn thing relates to a trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Mark {
    /// No trail is drawn.
    #[default]
    Plain,
    /// On the trail: highlighted.
    On,
    /// Off the trail: faded.
    Off,
}

impl Mark {
    fn of(on: bool) -> Mark {
        if on { Mark::On } else { Mark::Off }
    }

    /// Added to the element's `data-kind`.
    pub(super) fn class(self) -> &'static str {
        match self {
            Mark::On => " visited",
            Mark::Plain | Mark::Off => "",
        }
    }

    /// Extra attributes of the element's group.
    pub(super) fn attrs(self) -> &'static str {
        match self {
            Mark::Off => " opacity=\"0.4\"",
            Mark::Plain | Mark::On => "",
        }
    }

    /// The stroke colour and width to draw with.
    pub(super) fn stroke(self, stroke: &'static str, width: f64) -> (&'static str, f64) {
        match self {
            Mark::On => (TRAIL_STROKE, width.max(1.0) + 2.0),
            Mark::Plain | Mark::Off => (stroke, width),
        }
    }
}

/// Which nodes and edges of one drawn [`Graph`] are on a trail (by index).
#[derive(Debug, Clone)]
pub(super) struct Marks {
    nodes: Vec<bool>,
    edges: Vec<bool>,
}

impl Marks {
    pub(super) fn node(&self, i: usize) -> Mark {
        Mark::of(self.nodes.get(i).copied().unwrap_or(false))
    }

    pub(super) fn edge(&self, i: usize) -> Mark {
        Mark::of(self.edges.get(i).copied().unwrap_or(false))
    }
}

/// The nodes a playthrough visited, in order: what [`render_trail`] highlights.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    first: Option<usize>,
    nodes: HashSet<usize>,
    /// Consecutive visits (from, to).
    steps: HashSet<(usize, usize)>,
    /// Scenes in the order first visited.
    scenes: Vec<usize>,
}

/// What a drawn graph node stands for, read from its stable id.
enum Drawn {
    /// A story node (`n12`) or a stub of one (`x12`).
    Node(usize),
    /// The random node of a choice of node `owner` (`c12_3`).
    Chance(usize),
    Other,
}

fn drawn(id: &str, kind: NodeKind) -> Drawn {
    let number = |s: &str| s.parse::<usize>().ok();
    match (kind, id.split_at_checked(1)) {
        (NodeKind::Story { .. } | NodeKind::Stub, Some(("n" | "x", rest))) => {
            number(rest).map_or(Drawn::Other, Drawn::Node)
        }
        (NodeKind::Chance, Some(("c", rest))) => rest
            .split_once('_')
            .and_then(|(owner, _)| number(owner))
            .map_or(Drawn::Other, Drawn::Chance),
        _ => Drawn::Other,
    }
}

impl Trail {
    /// The trail through `path` (story nodes in the order visited) of `story`.
    pub fn new(story: &Story, path: &[NodeIdx]) -> Trail {
        let mut t = Trail {
            first: path.first().map(|&n| n as usize),
            ..Trail::default()
        };
        for (k, &n) in path.iter().enumerate() {
            let n = n as usize;
            t.nodes.insert(n);
            if let Some(&next) = path.get(k + 1) {
                t.steps.insert((n, next as usize));
            }
            if let Some(node) = story.node(n as NodeIdx) {
                let scene = node.scene as usize;
                if !t.scenes.contains(&scene) {
                    t.scenes.push(scene);
                }
            }
        }
        t
    }

    /// The trail through nodes given by their `scene.node` keys (unknown keys are skipped).
    pub fn from_keys<'a>(story: &Story, keys: impl IntoIterator<Item = &'a str>) -> Trail {
        let path: Vec<NodeIdx> = keys
            .into_iter()
            .filter_map(|k| story.node_by_key(k))
            .collect();
        Trail::new(story, &path)
    }

    /// Whether the trail visits no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether story node `node` is on the trail.
    pub fn visits(&self, node: usize) -> bool {
        self.nodes.contains(&node)
    }

    pub(super) fn mark_node(&self, node: usize) -> Mark {
        Mark::of(self.visits(node))
    }

    /// The marks of `graph`'s nodes and edges: a story node (or its stub) when visited, an
    /// edge between two story nodes when the trail stepped from one to the other, a random node
    /// and its two edges when the trail stepped from its choice's node to one of its outcomes.
    pub(super) fn marks(&self, graph: &Graph) -> Marks {
        let what: Vec<Drawn> = graph.nodes.iter().map(|n| drawn(&n.id, n.kind)).collect();
        let at = |i: usize| what.get(i).unwrap_or(&Drawn::Other);
        let mut nodes: Vec<bool> = what
            .iter()
            .map(|d| matches!(d, Drawn::Node(n) if self.nodes.contains(n)))
            .collect();
        let mut edges = vec![false; graph.edges.len()];
        // Random nodes the trail went through: one of their outcomes was the next step.
        for e in &graph.edges {
            if let (Drawn::Chance(owner), Drawn::Node(to)) = (at(e.from), at(e.to))
                && self.steps.contains(&(*owner, *to))
                && let Some(n) = nodes.get_mut(e.from)
            {
                *n = true;
            }
        }
        for (k, e) in graph.edges.iter().enumerate() {
            edges[k] = match (at(e.from), at(e.to)) {
                (Drawn::Node(a), Drawn::Node(b)) => self.steps.contains(&(*a, *b)),
                (Drawn::Node(a), Drawn::Chance(owner)) => {
                    a == owner && nodes.get(e.to).copied().unwrap_or(false)
                }
                (Drawn::Chance(owner), Drawn::Node(b)) => self.steps.contains(&(*owner, *b)),
                // A role marker's edge to the trail's first node.
                (Drawn::Other, Drawn::Node(b)) => self.first == Some(*b),
                _ => false,
            };
        }
        for (k, e) in graph.edges.iter().enumerate() {
            if edges[k]
                && matches!(at(e.from), Drawn::Other)
                && let Some(n) = nodes.get_mut(e.from)
            {
                *n = true;
            }
        }
        Marks { nodes, edges }
    }
}

/// The story graph with `trail` highlighted, under `heading`. A story small enough to be drawn
/// whole (at most 40 nodes) is drawn whole; a larger one only by the scenes the trail visited,
/// one panel each, with the usual caps (a scene of more than [`PANEL_MAX_NODES`] nodes is drawn
/// as a grid of boxes), so the drawing grows with the trail, not with the story.
pub fn render_trail(story: &Story, trail: &Trail, heading: &str) -> Result<String, SvgError> {
    let whole = story.nodes.len() <= PANEL_MAX_NODES
        && !(story.scenes.len() > 1 && story.nodes.len() > PANELS_ABOVE);
    if whole {
        let graph = build_all(story);
        let marks = trail.marks(&graph);
        let legend_scenes: Vec<(usize, String)> = story
            .scenes
            .iter()
            .enumerate()
            .map(|(i, sc)| (i, format!("{} — {}", sc.id, sc.title)))
            .collect();
        return Ok(super::lay_out(&graph, Some(&marks))?.finish(heading, &legend_scenes));
    }
    if trail.scenes.is_empty() {
        return Ok(document(720.0, 60.0, "", ""));
    }
    let mut notes = Vec::new();
    render_panels(
        story,
        trail.scenes.clone(),
        &mut notes,
        Some((trail, heading)),
    )
}
