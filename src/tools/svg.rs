//! The story graph as a self-contained SVG, laid out in Rust by `layout-rs` (no Graphviz needed).
//!
//! It draws the same [`Graph`] as the DOT and Mermaid exports. `layout-rs` has no clusters, so
//! scenes are told apart by a fill colour per scene, named in a legend above the graph (which
//! also explains the edge and node styles). The layout is `layout-rs`'s; the drawing is ours (a
//! [`RenderBackend`]), so that dashed (conditional) and dotted (random) edges differ, edges have
//! coloured arrowheads, labels get a sans-serif font and a halo, and endings, unreachable nodes,
//! role markers, random nodes and stubs (nodes of other scenes, with `--scene`) are styled.
//! A story of more than 40 nodes is drawn as one framed panel per scene, each laid out on its
//! own, stacked under one legend: one tangle of 191 nodes was 13,426 px wide and unreadable.
//!
//! `layout-rs` is far worse than linear in the size of what it lays out (a dense synthetic
//! scene took 0.2 s at 30 nodes, 0.6 s at 40, 2.5 s at 60, 7 s at 80 and over 10 minutes at
//! 500), so what nobody can read anyway is drawn simplified, in linear time, and the SVG says so (and [`render_noted`] returns a note for stderr):
//! - a scene of more than [`PANEL_MAX_NODES`] nodes is drawn as a grid of its node boxes,
//!   without edges (its links are counted in the panel title);
//! - a story of more than [`OVERVIEW_ABOVE`] nodes is drawn as a scene-level overview: one box
//!   per scene with its node, ending and link counts, and no node boxes at all.

use std::fmt::Write;

use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position, get_size_for_str};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::graph::{EdgeStyle, Graph, GraphEdge, GraphError, GraphNode, NodeKind, build};
use crate::story::{NodeIdx, Story};

mod trail;

use trail::{Mark, Marks};
pub use trail::{Trail, render_trail};

/// Font size `layout-rs` sizes node boxes for: it reserves one font size per character, so it is
/// smaller than the drawn size (sans-serif glyphs average little more than half their size).
const NODE_FONT: usize = 8;
/// Same, for edge labels.
const EDGE_FONT: usize = 7;
/// Drawn font size per layout font size.
const FONT_SCALE: f64 = 1.6;
/// Edge labels are wrapped at this many characters, on at most [`EDGE_LINES`] lines.
const EDGE_WRAP: usize = 22;
const EDGE_LINES: usize = 2;
/// Stories with more nodes than this are drawn one panel per scene (see `render_panels`).
const PANELS_ABOVE: usize = 40;
/// Margin around the drawing.
const MARGIN: f64 = 16.0;
/// Scenes of more nodes than this are drawn simplified: node boxes in a grid, no edges.
pub const PANEL_MAX_NODES: usize = 40;
/// Stories of more nodes than this are drawn as a scene-level overview.
pub const OVERVIEW_ABOVE: usize = 2000;
/// Node boxes per row of a simplified panel; scene boxes per row of the overview.
const GRID_COLUMNS: usize = 12;

/// Why the SVG could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SvgError {
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error("the SVG layout failed (try `--scene` or `--format dot`)")]
    Layout,
}

/// What a box handed to `layout-rs` stands for, and so how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A story node.
    Node { ending: bool, unreachable: bool },
    /// The "random" node between a choice and its outcomes.
    Chance,
    /// A role marker: just its bold label.
    Role,
    /// A node of another scene.
    Stub,
    /// The box holding an edge's label.
    EdgeLabel(EdgeStyle),
}

impl Shape {
    /// The `data-kind` of its group in the SVG.
    fn class(self) -> String {
        match self {
            Shape::Node {
                ending,
                unreachable,
            } => {
                let mut class = String::from("node");
                if ending {
                    class.push_str(" ending");
                }
                if unreachable {
                    class.push_str(" unreachable");
                }
                class
            }
            Shape::Chance => "chance".to_owned(),
            Shape::Role => "role".to_owned(),
            Shape::Stub => "stub".to_owned(),
            Shape::EdgeLabel(style) => format!("elabel {}", style_class(style)),
        }
    }
}

/// How to draw one thing `layout-rs` lays out. It only passes a string through to the backend,
/// so the elements carry the index of their look in [`Canvas::looks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Shape {
        shape: Shape,
        fill: &'static str,
        stroke: &'static str,
        mark: Mark,
    },
    Edge(EdgeStyle, Mark),
}

/// Fill colours of scenes, by scene index (cycled).
const PALETTE: [&str; 12] = [
    "#cfe2ff", "#d3f2d3", "#ffe7a8", "#e6d4f5", "#c4eeea", "#ffd3e4", "#e9e1c6", "#d7d9f9",
    "#fbd2bb", "#dcefb8", "#c6e2f2", "#f0d9c2",
];
const UNREACHABLE_FILL: &str = "#ffb3b3";
const UNREACHABLE_STROKE: &str = "#cc0000";

/// Colour, dash pattern and width of each edge style.
fn edge_look(style: EdgeStyle) -> (&'static str, &'static str, f64) {
    match style {
        EdgeStyle::Plain => ("#4d4d4d", "", 1.3),
        EdgeStyle::Conditional => ("#1a5fb4", "7,4", 1.4),
        EdgeStyle::Random => ("#c05a00", "1.5,3.5", 1.8),
        EdgeStyle::Start => ("#000000", "", 2.6),
    }
}

fn style_class(style: EdgeStyle) -> &'static str {
    match style {
        EdgeStyle::Plain => "plain",
        EdgeStyle::Conditional => "conditional",
        EdgeStyle::Random => "random",
        EdgeStyle::Start => "start",
    }
}

fn scene_fill(scene: usize) -> &'static str {
    PALETTE
        .get(scene % PALETTE.len())
        .copied()
        .unwrap_or("#ffffff")
}

/// Renders the whole story's graph (`scene` `None`) or one scene's, as an SVG document; an
/// unknown scene id is an error naming the scenes.
pub fn render(story: &Story, scene: Option<&str>) -> Result<String, SvgError> {
    render_noted(story, scene).map(|(svg, _)| svg)
}

/// As [`render`], with a note for each part drawn simplified (see the module documentation),
/// for the user's terminal; the SVG says the same in its heading.
pub fn render_noted(story: &Story, scene: Option<&str>) -> Result<(String, Vec<String>), SvgError> {
    let mut notes = Vec::new();
    if let Some(id) = scene {
        if let Some(i) = story.scenes.iter().position(|s| s.id == id)
            && scene_size(story, i) > PANEL_MAX_NODES
        {
            let svg = render_panels(story, vec![i], &mut notes, None)?;
            return Ok((svg, notes));
        }
    } else if story.nodes.len() > OVERVIEW_ABOVE {
        notes.push(format!(
            "the story has {} nodes (more than {OVERVIEW_ABOVE}): the SVG is a scene-level overview without node boxes; draw one scene with --scene, or use --format dot",
            story.nodes.len()
        ));
        return Ok((render_overview(story), notes));
    } else if (story.scenes.len() > 1 && story.nodes.len() > PANELS_ABOVE)
        || story.nodes.len() > PANEL_MAX_NODES
    {
        // (One scene of more than `PANEL_MAX_NODES` nodes is one simplified panel.)
        let svg = render_panels(story, panel_order(story), &mut notes, None)?;
        return Ok((svg, notes));
    }
    render_graph(story, scene).map(|svg| (svg, notes))
}

/// Story nodes in scene `i`.
fn scene_size(story: &Story, i: usize) -> usize {
    story.scenes.get(i).map_or(0, |s| s.nodes.len())
}

/// One laid-out graph: the whole story, or one scene.
fn render_graph(story: &Story, scene: Option<&str>) -> Result<String, SvgError> {
    let mut graph = build(story, scene)?;
    if let Some(id) = scene {
        // The heading names the scene: its own nodes are labelled by id alone (stubs keep the
        // full `scene.node` key), which keeps boxes narrow.
        let prefix = format!("{id}.");
        for node in &mut graph.nodes {
            if matches!(node.kind, NodeKind::Story { .. })
                && let Some(short) = node.label.strip_prefix(&prefix)
            {
                node.label = short.to_string();
            }
        }
    }
    let heading = match graph.clusters.as_slice() {
        [one] if scene.is_some() => {
            format!("{} — scene {} ({})", story.meta.title, one.id, one.title)
        }
        _ => format!("{} — story graph", story.meta.title),
    };
    let legend_scenes: Vec<(usize, String)> = {
        let mut scenes: Vec<usize> = graph.nodes.iter().filter_map(|n| n.scene).collect();
        scenes.sort_unstable();
        scenes.dedup();
        scenes
            .into_iter()
            .filter_map(|s| {
                story
                    .scenes
                    .get(s)
                    .map(|sc| (s, format!("{} — {}", sc.id, sc.title)))
            })
            .collect()
    };
    draw(&graph, &heading, &legend_scenes)
}

/// Scenes where a role starts come first, in role order; then the others in story order.
fn panel_order(story: &Story) -> Vec<usize> {
    let mut order: Vec<usize> = story
        .roles
        .iter()
        .filter_map(|r| story.node(r.start).map(|n| n.scene as usize))
        .collect();
    order.extend(0..story.scenes.len());
    let mut seen = vec![false; story.scenes.len()];
    order.retain(|&i| seen.get_mut(i).is_some_and(|s| !std::mem::replace(s, true)));
    order
}

/// The given scenes as one framed panel each, stacked top to bottom under one legend: each
/// scene is laid out on its own (as with `--scene`, links to other scenes drawn as stubs), so the
/// scenes are real boxes and the drawing stays as wide as its widest scene instead of one tangle.
/// A scene of more than [`PANEL_MAX_NODES`] nodes is drawn simplified (see [`grid_panel`]),
/// with a note in `notes`.
/// With a trail, the trail's nodes and steps are highlighted and the heading is the trail's.
fn render_panels(
    story: &Story,
    order: Vec<usize>,
    notes: &mut Vec<String>,
    trail: Option<(&Trail, &str)>,
) -> Result<String, SvgError> {
    let mut panels = Vec::new();
    let mut simplified = 0;
    // Computed once, for the simplified panels only (the laid-out ones get it from `build`).
    let mut reachable: Option<Vec<bool>> = None;
    for (i, sc) in order
        .into_iter()
        .filter_map(|i| story.scenes.get(i).map(|sc| (i, sc)))
    {
        if sc.nodes.len() > PANEL_MAX_NODES {
            let reachable = reachable.get_or_insert_with(|| crate::story::lints::reachable(story));
            let (canvas, links) = grid_panel(story, i, reachable, trail.map(|t| t.0));
            simplified += 1;
            panels.push((
                i,
                format!("{} — {}", sc.id, sc.title),
                format!(
                    "{} — {} ({} nodes, {links} links: simplified, boxes only)",
                    sc.id,
                    sc.title,
                    sc.nodes.len()
                ),
                canvas,
            ));
            continue;
        }
        let graph = build(story, Some(&sc.id))?;
        let marks = trail.map(|(t, _)| t.marks(&graph));
        let canvas = lay_out(&graph, marks.as_ref())?;
        let title = format!("{} — {}", sc.id, sc.title);
        panels.push((i, title.clone(), title, canvas));
    }
    let legend_scenes: Vec<(usize, String)> =
        panels.iter().map(|(i, t, ..)| (*i, t.clone())).collect();
    let mut heading = match trail {
        Some((_, heading)) => heading.to_owned(),
        None => format!("{} — story graph, one panel per scene", story.meta.title),
    };
    if simplified > 0 {
        let note = format!(
            "{simplified} scene(s) of more than {PANEL_MAX_NODES} nodes drawn simplified: node boxes without edges (draw one with --scene after splitting it, or use --format dot)"
        );
        heading = format!("{heading} — {note}");
        notes.push(format!("the SVG has {note}"));
    }
    let widest = panels
        .iter()
        .map(|(_, _, t, c)| c.extent().0.max(text_width(t, 15.0)))
        .fold(720.0_f64, f64::max);
    let (legend, lw, lh) = legend(&heading, &legend_scenes, widest);
    const TITLE: f64 = 30.0;
    let mut body = String::new();
    let mut y = lh + 2.0 * MARGIN;
    for (i, _, title, mut canvas) in panels {
        canvas.close_group();
        let (gw, gh) = canvas.extent();
        let (pw, ph) = (
            gw.max(text_width(&title, 15.0)) + 2.0 * MARGIN,
            gh + TITLE + 2.0 * MARGIN,
        );
        let _ = writeln!(
            body,
            "<g data-kind=\"scene-panel\" transform=\"translate({MARGIN},{y:.1})\">\n<rect x=\"0\" y=\"0\" width=\"{pw:.1}\" height=\"{ph:.1}\" rx=\"8\" fill=\"{}\" fill-opacity=\"0.25\" stroke=\"#888888\"/>\n<text x=\"{MARGIN}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>",
            scene_fill(i),
            esc(&title)
        );
        let (dx, dy) = (MARGIN - canvas.min.x, TITLE + MARGIN - canvas.min.y);
        let (dx, dy) = if gw > 0.0 {
            (dx, dy)
        } else {
            (MARGIN, TITLE + MARGIN)
        };
        let _ = writeln!(
            body,
            "<g data-kind=\"graph\" transform=\"translate({dx:.1},{dy:.1})\">\n{}{}</g>\n</g>",
            canvas.edges, canvas.body
        );
        y += ph + MARGIN;
    }
    let width = (widest.max(lw) + 4.0 * MARGIN).ceil();
    Ok(document(width, y.ceil(), &legend, &body))
}

/// A scene drawn without `layout-rs`: its node boxes in story order, [`GRID_COLUMNS`] a row,
/// styled as in a laid-out panel (endings framed, unreachable nodes red), with no edges; and
/// the number of links leaving its nodes.
fn grid_panel(
    story: &Story,
    scene: usize,
    reachable: &[bool],
    trail: Option<&Trail>,
) -> (Canvas, usize) {
    let mut canvas = Canvas::default();
    let mut links = 0;
    let (cell_w, cell_h) = (190.0, 44.0);
    let Some(sc) = story.scenes.get(scene) else {
        return (canvas, links);
    };
    let size = NODE_FONT as f64 * FONT_SCALE;
    for (k, idx) in sc.nodes.clone().enumerate() {
        let Some(node) = story.node(idx) else {
            continue;
        };
        links += story.edges(idx).len();
        let ending = matches!(node.exit, crate::story::Exit::Ending(_));
        let unreachable = !reachable.get(idx as usize).copied().unwrap_or(true);
        let shape = Shape::Node {
            ending,
            unreachable,
        };
        let (fill, stroke) = if unreachable {
            (UNREACHABLE_FILL, UNREACHABLE_STROKE)
        } else {
            (scene_fill(scene), "#333333")
        };
        let mark = trail.map_or(Mark::Plain, |t| t.mark_node(idx as usize));
        let (x, y) = (
            (k % GRID_COLUMNS) as f64 * cell_w,
            (k / GRID_COLUMNS) as f64 * cell_h,
        );
        let label: String = if node.key.chars().count() > 24 {
            node.key.chars().take(23).chain(['…']).collect()
        } else {
            node.key.to_string()
        };
        let (w, h) = (cell_w - 12.0, cell_h - 12.0);
        let width = if unreachable { 2.5 } else { 1.0 };
        let (stroke, width) = mark.stroke(stroke, width);
        let _ = write!(
            canvas.body,
            "<g data-kind=\"{}{}\"{}><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            shape.class(),
            mark.class(),
            mark.attrs()
        );
        if ending {
            let _ = write!(
                canvas.body,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"none\" stroke=\"{stroke}\"/>",
                x + 3.0,
                y + 3.0,
                w - 6.0,
                h - 6.0
            );
        }
        let _ = writeln!(
            canvas.body,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size:.1}\" text-anchor=\"middle\" fill=\"#000000\">{}</text></g>",
            x + w / 2.0,
            y + h / 2.0 + size * 0.35,
            esc(&label)
        );
        canvas.grow(Point::new(x, y));
        canvas.grow(Point::new(x + w, y + h));
    }
    (canvas, links)
}

/// The scene-level overview of a story too large to draw node by node: one box per scene (in
/// story order, [`GRID_COLUMNS`] a row) with its node and ending counts and the scenes it links
/// to, under a heading that says it is an overview. Linear in the story.
fn render_overview(story: &Story) -> String {
    let scenes = story.scenes.len();
    let mut endings = vec![0usize; scenes];
    // Links between scenes, counted once per (from, to) pair of scenes: sorted and deduplicated.
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (i, node) in story.nodes.iter().enumerate() {
        let from = node.scene as usize;
        if matches!(node.exit, crate::story::Exit::Ending(_))
            && let Some(e) = endings.get_mut(from)
        {
            *e += 1;
        }
        for (to, _) in story.edges(i as NodeIdx) {
            if let Some(n) = story.node(to)
                && n.scene as usize != from
            {
                links.push((from, n.scene as usize));
            }
        }
    }
    links.sort_unstable();
    links.dedup();
    let mut out_links: Vec<Vec<usize>> = vec![Vec::new(); scenes];
    for (from, to) in links {
        if let Some(v) = out_links.get_mut(from) {
            v.push(to);
        }
    }
    let heading = format!(
        "{} — scene overview: {} nodes in {scenes} scenes, too many to draw node by node (more than {OVERVIEW_ABOVE}); simplified, draw one scene with --scene",
        story.meta.title,
        story.nodes.len()
    );
    let (legend, lw, lh) = legend(&heading, &[], 720.0);
    let (cell_w, cell_h) = (230.0, 78.0);
    let top = lh + 2.0 * MARGIN;
    let mut body = String::from("<g data-kind=\"overview\">\n");
    for (k, sc) in story.scenes.iter().enumerate() {
        let (x, y) = (
            MARGIN + (k % GRID_COLUMNS) as f64 * cell_w,
            top + (k / GRID_COLUMNS) as f64 * cell_h,
        );
        let targets = out_links.get(k).map_or(&[][..], Vec::as_slice);
        let mut to: Vec<&str> = targets
            .iter()
            .take(4)
            .filter_map(|t| story.scenes.get(*t).map(|s| s.id.as_str()))
            .collect();
        if targets.len() > 4 {
            to.push("…");
        }
        let to = if to.is_empty() {
            "no links out".to_owned()
        } else {
            format!("→ {}", to.join(", "))
        };
        let _ = writeln!(
            body,
            "<g data-kind=\"scene-box\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{}\" stroke=\"#333333\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{} nodes, {} endings</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text></g>",
            cell_w - 12.0,
            cell_h - 12.0,
            scene_fill(k),
            x + 8.0,
            y + 18.0,
            esc(&sc.id),
            x + 8.0,
            y + 36.0,
            sc.nodes.len(),
            endings.get(k).copied().unwrap_or(0),
            x + 8.0,
            y + 54.0,
            esc(&to)
        );
    }
    body.push_str("</g>\n");
    let cols = GRID_COLUMNS.min(scenes.max(1));
    let width = (lw.max(cols as f64 * cell_w) + 2.0 * MARGIN).ceil();
    let height = (top + scenes.div_ceil(GRID_COLUMNS) as f64 * cell_h + MARGIN).ceil();
    document(width, height, &legend, &body)
}

/// A whole SVG document: white background, the legend at the top left, then `body`.
fn document(width: f64, height: f64, legend: &str, body: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\" stroke=\"none\"/>"
    );
    let _ = writeln!(
        out,
        "<g data-kind=\"legend\" transform=\"translate({MARGIN},{MARGIN})\">\n{legend}</g>"
    );
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

/// Lays out and draws a graph, with a heading and a legend of the given scenes (index, text).
pub fn draw(graph: &Graph, heading: &str, scenes: &[(usize, String)]) -> Result<String, SvgError> {
    Ok(lay_out(graph, None)?.finish(heading, scenes))
}

/// Lays out a graph and draws it on a canvas (without heading or legend); `marks` highlight a
/// trail through it.
fn lay_out(graph: &Graph, marks: Option<&Marks>) -> Result<Canvas, SvgError> {
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let mut looks = Looks::default();
    // The DAG re-validates itself after every edge otherwise: quadratic, and only asserts.
    vg.dag.set_validate(false);
    let mut handles = Vec::with_capacity(graph.nodes.len());
    for (i, node) in graph.nodes.iter().enumerate() {
        let mark = marks.map_or(Mark::Plain, |m| m.node(i));
        handles.push(vg.add_node(node_element(node, &mut looks, mark)));
    }
    // A labelled edge goes through a box of its own holding the label (rather than through
    // `layout-rs`'s label connectors, which it may restyle when it moves them between rows).
    for (i, e) in graph.edges.iter().enumerate() {
        if let (Some(&from), Some(&to)) = (handles.get(e.from), handles.get(e.to)) {
            let mark = marks.map_or(Mark::Plain, |m| m.edge(i));
            add_edge(&mut vg, &mut looks, e, (from, to), mark);
        }
    }

    let mut canvas = Canvas {
        looks: looks.0,
        ..Canvas::default()
    };
    if !graph.nodes.is_empty() {
        // `layout-rs` asserts its invariants; a failure there must not take the CLI down with a
        // panic trace, so it becomes an error.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            vg.do_it(false, false, false, &mut canvas);
            canvas
        }));
        canvas = run.map_err(|_| SvgError::Layout)?;
    }
    Ok(canvas)
}

/// The box of a graph node, with its look registered in `looks`.
fn node_element(node: &GraphNode, looks: &mut Looks, mark: Mark) -> Element {
    let (shape, fill, stroke, width, rounded) = match node.kind {
        NodeKind::Story {
            ending,
            unreachable,
        } => {
            let shape = Shape::Node {
                ending,
                unreachable,
            };
            let (fill, stroke) = if unreachable {
                (UNREACHABLE_FILL, UNREACHABLE_STROKE)
            } else {
                (scene_fill(node.scene.unwrap_or(0)), "#333333")
            };
            (shape, fill, stroke, 1, 4)
        }
        NodeKind::Chance => (
            Shape::Chance,
            "#fff4e5",
            edge_look(EdgeStyle::Random).0,
            1,
            0,
        ),
        NodeKind::Role => (Shape::Role, "none", "none", 0, 0),
        NodeKind::Stub => (
            Shape::Stub,
            scene_fill(node.scene.unwrap_or(0)),
            "#777777",
            1,
            0,
        ),
    };
    let look = StyleAttr::new(color(stroke), width, Some(color(fill)), rounded, NODE_FONT);
    let size = get_size_for_str(&node.label, NODE_FONT);
    let size = Point::new(size.x + 18.0, size.y + 16.0);
    let mut element = Element::create(
        ShapeKind::new_box(&node.label),
        look,
        Orientation::TopToBottom,
        size,
    );
    element.pos = Position::new(Point::zero(), size, Point::zero(), Point::new(14.0, 26.0));
    element.properties = Some(looks.add(Look::Shape {
        shape,
        fill,
        stroke,
        mark,
    }));
    element
}

/// Adds edge `e` from `from` to `to`; a labelled edge goes through a box of its own holding
/// the label.
fn add_edge(
    vg: &mut VisualGraph,
    looks: &mut Looks,
    e: &GraphEdge,
    (from, to): (NodeHandle, NodeHandle),
    mark: Mark,
) {
    let (stroke, ..) = edge_look(e.style);
    let line = match e.style {
        EdgeStyle::Plain | EdgeStyle::Start => LineStyleKind::Normal,
        EdgeStyle::Conditional => LineStyleKind::Dashed,
        EdgeStyle::Random => LineStyleKind::Dotted,
    };
    let edge = looks.add(Look::Edge(e.style, mark));
    let arrow = |end: LineEndKind| {
        let look = StyleAttr::new(color(stroke), 1, None, 0, EDGE_FONT);
        let mut arrow = Arrow::new(LineEndKind::None, end, line, "", &look, &None, &None);
        arrow.properties = Some(edge.clone());
        arrow
    };
    match e.label.as_deref().map(wrap) {
        Some(text) if !text.is_empty() => {
            let look = StyleAttr::new(color(stroke), 0, None, 0, EDGE_FONT);
            let size = get_size_for_str(&text, EDGE_FONT);
            let size = Point::new(size.x + 6.0, size.y + 4.0);
            let mut element = Element::create(
                ShapeKind::new_box(&text),
                look,
                Orientation::TopToBottom,
                size,
            );
            element.pos = Position::new(Point::zero(), size, Point::zero(), Point::new(6.0, 8.0));
            element.properties = Some(looks.add(Look::Shape {
                shape: Shape::EdgeLabel(e.style),
                fill: "#ffffff",
                stroke,
                mark,
            }));
            let middle = vg.add_node(element);
            vg.add_edge(arrow(LineEndKind::None), from, middle);
            vg.add_edge(arrow(LineEndKind::Arrow), middle, to);
        }
        _ => vg.add_edge(arrow(LineEndKind::Arrow), from, to),
    }
}

fn color(web: &str) -> Color {
    if web == "none" {
        Color::transparent()
    } else {
        Color::fast(web)
    }
}

/// Wraps an edge label at spaces into at most [`EDGE_LINES`] lines of [`EDGE_WRAP`] characters,
/// ending with "…" when cut; a cut random-outcome label keeps its weight on the last line.
fn wrap(label: &str) -> String {
    let (lines, cut) = wrap_lines(label, EDGE_LINES);
    if cut && let Some((head, weight)) = label.rsplit_once(", w=") {
        let (mut lines, _) = wrap_lines(head, EDGE_LINES - 1);
        lines.push(clip(&format!("w={weight}"), false));
        return lines.join("\n");
    }
    lines.join("\n")
}

/// Words into at most `max` lines of [`EDGE_WRAP`] characters; whether text was left out.
fn wrap_lines(text: &str, max: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    for word in text.split_whitespace() {
        let count = lines.len();
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= EDGE_WRAP => {
                l.push(' ');
                l.push_str(word);
            }
            _ if count < max => lines.push(word.to_string()),
            _ => {
                cut = true;
                break;
            }
        }
    }
    let last = lines.len().saturating_sub(1);
    for (k, l) in lines.iter_mut().enumerate() {
        *l = clip(l, cut && k == last);
    }
    (lines, cut)
}

/// A line shortened to [`EDGE_WRAP`] characters, ending with "…" when shortened or `more`.
fn clip(line: &str, more: bool) -> String {
    if line.chars().count() <= EDGE_WRAP && !more {
        return line.to_string();
    }
    let mut l: String = line.chars().take(EDGE_WRAP - 1).collect();
    if line.chars().count() < EDGE_WRAP && more {
        l = line.to_string();
    }
    l.truncate(l.trim_end().len());
    if !l.ends_with('…') {
        l.push('…');
    }
    l
}

/// Escapes text for SVG content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The looks of the elements handed to `layout-rs`, each known there by its index.
#[derive(Debug, Default)]
struct Looks(Vec<Look>);

impl Looks {
    /// Adds a look; the properties string naming it.
    fn add(&mut self, look: Look) -> String {
        self.0.push(look);
        (self.0.len() - 1).to_string()
    }
}

/// Our drawing backend: collects SVG elements and their extent.
#[derive(Debug)]
struct Canvas {
    /// What the elements' properties (indices) stand for.
    looks: Vec<Look>,
    body: String,
    /// Edge paths: written before the shapes, so that labels sit on top of lines.
    edges: String,
    min: Point,
    max: Point,
    /// The shape just drawn, with its stroke: the next text is its label.
    pending: Option<(Shape, &'static str)>,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            looks: Vec::new(),
            body: String::new(),
            edges: String::new(),
            min: Point::new(f64::MAX, f64::MAX),
            max: Point::new(f64::MIN, f64::MIN),
            pending: None,
        }
    }
}

impl Canvas {
    /// The look an element's properties name.
    fn look(&self, properties: Option<&str>) -> Option<Look> {
        let k: usize = properties?.parse().ok()?;
        self.looks.get(k).copied()
    }

    fn grow(&mut self, p: Point) {
        if p.x.is_finite() && p.y.is_finite() {
            self.min = Point::new(self.min.x.min(p.x), self.min.y.min(p.y));
            self.max = Point::new(self.max.x.max(p.x), self.max.y.max(p.y));
        }
    }

    /// Ends the group of a shape whose label never came.
    fn close_group(&mut self) {
        if self.pending.take().is_some() {
            self.body.push_str("</g>\n");
        }
    }

    /// Width and height of what was drawn (zero when nothing was).
    fn extent(&self) -> (f64, f64) {
        if self.min.x <= self.max.x {
            (self.max.x - self.min.x, self.max.y - self.min.y)
        } else {
            (0.0, 0.0)
        }
    }

    /// The document: heading and legend on top, then the graph.
    fn finish(mut self, heading: &str, scenes: &[(usize, String)]) -> String {
        self.close_group();
        let (gw, gh) = self.extent();
        let (legend, lw, lh) = legend(heading, scenes, gw.max(720.0));
        let width = (gw.max(lw) + 2.0 * MARGIN).ceil();
        let height = (lh + gh + 3.0 * MARGIN).ceil();
        let (x0, y0) = if gw > 0.0 {
            (self.min.x, self.min.y)
        } else {
            (0.0, 0.0)
        };
        let (dx, dy) = (MARGIN - x0, lh + 2.0 * MARGIN - y0);
        let graph = format!(
            "<g data-kind=\"graph\" transform=\"translate({dx:.1},{dy:.1})\">\n{}{}</g>\n",
            self.edges, self.body
        );
        document(width, height, &legend, &graph)
    }
}

/// The heading, the scene colours and the style key; with its width and height.
fn legend(heading: &str, scenes: &[(usize, String)], max_width: f64) -> (String, f64, f64) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"14\" font-size=\"18\" font-weight=\"bold\">{}</text>",
        esc(heading)
    );
    let (scenes_width, mut y) = scene_keys(&mut out, scenes, max_width, 34.0);
    let mut width = text_width(heading, 18.0).max(scenes_width);
    width = width.max(edge_keys(&mut out, y));
    y += 24.0;
    width = width.max(node_keys(&mut out, y));
    (out, width, y + 22.0)
}

/// The scenes' colour swatches in columns, from `y`: their width, and the `y` below them.
fn scene_keys(
    out: &mut String,
    scenes: &[(usize, String)],
    max_width: f64,
    mut y: f64,
) -> (f64, f64) {
    let mut width = 0.0_f64;
    let col = scenes
        .iter()
        .map(|(_, t)| text_width(t, 12.0) + 34.0)
        .fold(180.0_f64, f64::max)
        .min(420.0);
    let cols = ((max_width / col).floor() as usize).clamp(1, 4);
    for (k, (s, text)) in scenes.iter().enumerate() {
        let x = (k % cols) as f64 * col;
        let row_y = y + (k / cols) as f64 * 20.0;
        let _ = writeln!(
            out,
            "<g data-kind=\"scene-key\"><rect x=\"{x}\" y=\"{row_y}\" width=\"22\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"#333333\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text></g>",
            scene_fill(*s),
            x + 28.0,
            row_y + 11.0,
            esc(text)
        );
    }
    if !scenes.is_empty() {
        width = width.max(cols.min(scenes.len()) as f64 * col);
        y += scenes.len().div_ceil(cols) as f64 * 20.0 + 8.0;
    }
    (width, y)
}

/// The key of the edge styles, one row at `y`; its width.
fn edge_keys(out: &mut String, y: f64) -> f64 {
    let mut x = 0.0;
    for (style, text) in [
        (EdgeStyle::Plain, "next / choice"),
        (EdgeStyle::Conditional, "conditional choice (when/requires)"),
        (EdgeStyle::Random, "random (outcome/pick, w=weight)"),
        (EdgeStyle::Start, "role start"),
    ] {
        let (stroke, dash, w) = edge_look(style);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\" stroke-linecap=\"round\"")
        };
        let _ = writeln!(
            out,
            "<g data-kind=\"edge-key {}\"><path d=\"M{x},{} h36\" stroke=\"{stroke}\" stroke-width=\"{w}\"{dash} fill=\"none\"/>{}<text x=\"{}\" y=\"{}\" font-size=\"12\">{text}</text></g>",
            style_class(style),
            y + 7.0,
            arrowhead(
                Point::new(x + 36.0, y + 7.0),
                Point::new(x, y + 7.0),
                stroke,
                w
            ),
            x + 42.0,
            y + 11.0
        );
        x += 54.0 + text_width(text, 12.0);
    }
    x
}

/// The key of the node styles, one row at `y`; its width.
fn node_keys(out: &mut String, y: f64) -> f64 {
    let mut x = 0.0;
    let node = |ending, unreachable| Shape::Node {
        ending,
        unreachable,
    };
    let samples: [(Shape, &str); 5] = [
        (node(false, false), "node"),
        (node(true, false), "ending"),
        (node(false, true), "unreachable"),
        (Shape::Chance, "random choice"),
        (Shape::Stub, "other scene"),
    ];
    for (shape, text) in samples {
        let w = text_width(text, 12.0) + 16.0;
        let (fill, stroke, extra) = match shape {
            Shape::Node {
                unreachable: true, ..
            } => (UNREACHABLE_FILL, UNREACHABLE_STROKE, ""),
            Shape::Chance => ("#fff4e5", edge_look(EdgeStyle::Random).0, ""),
            Shape::Stub => ("#ffffff", "#777777", " stroke-dasharray=\"4,3\""),
            _ => ("#ffffff", "#333333", ""),
        };
        let rx = if shape == Shape::Chance { 11.0 } else { 4.0 };
        let width = if matches!(
            shape,
            Shape::Node {
                unreachable: true,
                ..
            }
        ) {
            2.5
        } else {
            1.0
        };
        let _ = write!(
            out,
            "<g data-kind=\"node-key\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"22\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{extra}/>"
        );
        if matches!(shape, Shape::Node { ending: true, .. }) {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"2\" fill=\"none\" stroke=\"#333333\"/>",
                x + 3.0,
                y + 3.0,
                w - 6.0
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{text}</text></g>",
            x + w / 2.0,
            y + 15.0
        );
        x += w + 12.0;
    }
    x
}

/// A filled arrowhead with its tip at `tip`, pointing away from `from` (drawn as a polygon
/// rather than an SVG marker, which some renderers ignore).
fn arrowhead(tip: Point, from: Point, color: &str, width: f64) -> String {
    let d = tip.sub(from);
    let len = d.length();
    let (ux, uy) = if len > 0.0 {
        (d.x / len, d.y / len)
    } else {
        (0.0, 1.0)
    };
    let (long, half) = (9.0 + width, 3.5 + width / 2.0);
    let base = Point::new(tip.x - ux * long, tip.y - uy * long);
    format!(
        "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{color}\"/>",
        tip.x,
        tip.y,
        base.x - uy * half,
        base.y + ux * half,
        base.x + uy * half,
        base.y - ux * half
    )
}

/// Rough width of sans-serif text.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        let Some(Look::Shape {
            shape,
            fill,
            stroke,
            mark,
        }) = self.look(properties.as_deref())
        else {
            return;
        };
        self.close_group();
        self.grow(xy);
        self.grow(xy.add(size));
        let (x, y, w, h) = (xy.x, xy.y, size.x, size.y);
        let _ = write!(
            self.body,
            "<g data-kind=\"{}{}\"{}>",
            shape.class(),
            mark.class(),
            mark.attrs()
        );
        let (stroke, _) = mark.stroke(stroke, 1.0);
        match shape {
            Shape::Role => {} // Just the bold label.
            Shape::EdgeLabel(_) => {
                // A light backing keeps the label legible where lines pass.
                let _ = write!(
                    self.body,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"none\"/>"
                );
            }
            Shape::Chance => {
                let (_, width) = mark.stroke(stroke, 1.2);
                let _ = write!(
                    self.body,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-dasharray=\"1.5,2.5\"/>",
                    h / 2.0
                );
            }
            Shape::Stub => {
                let _ = write!(
                    self.body,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"2\" fill=\"{fill}\" fill-opacity=\"0.55\" stroke=\"{stroke}\" stroke-dasharray=\"4,3\"/>"
                );
            }
            Shape::Node {
                ending,
                unreachable,
            } => {
                let (_, width) = mark.stroke(stroke, if unreachable { 2.5 } else { 1.0 });
                let _ = write!(
                    self.body,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
                );
                if ending {
                    let _ = write!(
                        self.body,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"none\" stroke=\"{stroke}\"/>",
                        x + 3.0,
                        y + 3.0,
                        w - 6.0,
                        h - 6.0
                    );
                }
            }
        }
        self.pending = Some((shape, stroke));
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        let size = look.font_size as f64 * FONT_SCALE;
        let lines: Vec<&str> = text.lines().collect();
        let line_height = size * 1.15;
        let top = xy.y - (lines.len().saturating_sub(1)) as f64 * line_height / 2.0;
        let pending = self.pending.take();
        let labels_shape = pending.is_some();
        let (color, style) = match pending {
            Some((Shape::Role, _)) => ("#000000", " font-weight=\"bold\""),
            Some((Shape::Chance, _)) => ("#8a4000", " font-style=\"italic\""),
            Some((Shape::Stub, _)) => ("#333333", " font-style=\"italic\""),
            Some((Shape::EdgeLabel(_), stroke)) => (stroke, ""),
            Some((Shape::Node { .. }, _)) | None => ("#000000", ""),
        };
        let half = lines
            .iter()
            .map(|l| text_width(l, size) / 2.0)
            .fold(0.0, f64::max);
        let height = lines.len() as f64 * line_height;
        self.grow(Point::new(xy.x - half, xy.y - height / 2.0));
        self.grow(Point::new(xy.x + half, xy.y + height / 2.0));
        // Baseline of the first line: centred block, baseline about 0.35em below the centre.
        let baseline = top + size * 0.35;
        let _ = write!(
            self.body,
            "<text x=\"{:.1}\" y=\"{baseline:.1}\" font-size=\"{size:.1}\" text-anchor=\"middle\" fill=\"{color}\"{style}>",
            xy.x
        );
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                self.body.push_str(&esc(line));
            } else {
                let _ = write!(
                    self.body,
                    "<tspan x=\"{:.1}\" dy=\"{line_height:.1}\">{}</tspan>",
                    xy.x,
                    esc(line)
                );
            }
        }
        self.body.push_str("</text>");
        if labels_shape {
            self.body.push_str("</g>");
        }
        self.body.push('\n');
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        // Explicit cubic segments (start, control, control, end) from layout-rs's M/C/S path.
        let (Some(first), Some(second)) = (path.first(), path.get(1)) else {
            return;
        };
        let mut segs = vec![(first.0, first.1, second.0, second.1)];
        for p in path.iter().skip(2) {
            let Some(&(_, _, c2, end)) = segs.last() else {
                break;
            };
            let c1 = end.add(end.sub(c2));
            segs.push((end, c1, p.0, p.1));
        }
        // A reversed back edge has its head at the start: draw it the other way round.
        if head.0 && !head.1 {
            segs.reverse();
            for s in &mut segs {
                *s = (s.3, s.2, s.1, s.0);
            }
        }
        let (style, mark) = match self.look(properties.as_deref()) {
            Some(Look::Edge(style, mark)) => (style, mark),
            _ => (EdgeStyle::Plain, Mark::Plain),
        };
        let class = format!("{}{}", style_class(style), mark.class());
        let (stroke, dash, width) = edge_look(style);
        let (stroke, width) = mark.stroke(stroke, width);
        let mut d = String::new();
        if let Some(s) = segs.first() {
            let _ = write!(d, "M{:.1},{:.1}", s.0.x, s.0.y);
        }
        for s in &segs {
            for p in [s.0, s.1, s.2, s.3] {
                self.grow(p);
            }
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                s.1.x, s.1.y, s.2.x, s.2.y, s.3.x, s.3.y
            );
        }
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\" stroke-linecap=\"round\"")
        };
        let marker = match segs.last() {
            Some(last) if head.0 || head.1 => {
                // Aim along the last control point (or, if it coincides, the segment's start).
                let from = if last.2.distance_to(last.3) > 0.5 {
                    last.2
                } else {
                    last.0
                };
                arrowhead(last.3, from, stroke, width)
            }
            _ => String::new(),
        };
        let _ = writeln!(
            self.edges,
            "<g data-kind=\"edge {class}\"{}><path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>{marker}</g>",
            mark.attrs()
        );
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
