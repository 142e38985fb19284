//! The checked, immutable story: ids resolved to indices, expressions and texts compiled.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::expr::{Effect, Expr, Type, Value};
use super::text::Template;

/// Index of a node in [`Story::nodes`].
pub type NodeIdx = u32;

/// A story file's path (as shown in diagnostics) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// A picture file of the story folder: its path inside the folder (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub path: String,
    pub bytes: Arc<[u8]>,
}

impl Picture {
    /// Whether the bytes are a PNG image (by its signature; the only format stories use).
    pub fn is_png(&self) -> bool {
        self.bytes.starts_with(b"\x89PNG\r\n\x1a\n")
    }

    /// The media type to serve it with.
    pub const MEDIA_TYPE: &'static str = "image/png";

    /// The largest width or height a story picture may have: a projector's width, twice.
    pub const MAX_SIDE: u32 = 4096;

    /// Width and height from the PNG header, if the bytes are a PNG.
    pub fn size(&self) -> Option<(u32, u32)> {
        let b = self.bytes.get(16..24).filter(|_| self.is_png())?;
        let w = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let h = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        Some((w, h))
    }
}

/// A picture shown with a node or a scene, and what it shows, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Illustration {
    /// Index into [`Story::pictures`].
    pub picture: u32,
    /// The alternative text: read by screen readers, shown where the picture is not.
    pub alt: String,
}

/// Where something was written: file index and byte span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub span: Range<usize>,
}

/// The story's metadata from its manifest.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub version: String,
    pub authors: Vec<String>,
    pub language: String,
    pub description: String,
    pub content_notes: Vec<String>,
}

/// A declared variable.
#[derive(Debug, Clone)]
pub struct Variable {
    pub id: String,
    pub ty: Type,
    pub default: Value,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub label: String,
    /// Shown to the player as a stat.
    pub stat: bool,
    pub place: Place,
}

/// The declared variables as an expression scope: index and type by name, for parsing
/// expressions and templates (the loader's, and translations' in `i18n`).
pub struct VarScope<'a> {
    vars: &'a [Variable],
    index: HashMap<&'a str, usize>,
}

impl<'a> VarScope<'a> {
    pub fn new(vars: &'a [Variable]) -> Self {
        let index = vars
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();
        VarScope { vars, index }
    }
}

impl super::expr::Scope for VarScope<'_> {
    fn lookup(&self, name: &str) -> Option<(super::expr::VarIdx, Type)> {
        self.index
            .get(name)
            .map(|&i| (i as super::expr::VarIdx, self.vars[i].ty))
    }
    fn names(&self) -> Vec<&str> {
        self.vars.iter().map(|v| v.id.as_str()).collect()
    }
}

impl Variable {
    /// Clamps an integer to the declared range; other values pass through.
    pub fn clamp(&self, v: Value) -> Value {
        match v {
            Value::Int(i) => Value::Int(
                i.max(self.min.unwrap_or(i64::MIN))
                    .min(self.max.unwrap_or(i64::MAX)),
            ),
            other => other,
        }
    }
}

/// A role the player can take.
#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub briefing: String,
    pub start: NodeIdx,
    /// Every variable's starting value for this role.
    pub values: Vec<Value>,
    /// Indices of the variables shown to this role as stats, in order.
    pub stats: Vec<usize>,
    /// Named starts of this role, in the order written.
    pub presets: Vec<Preset>,
    pub place: Place,
}

impl Role {
    /// The index in [`Role::presets`] of the preset with this id.
    pub fn preset(&self, id: &str) -> Option<usize> {
        self.presets.iter().position(|p| p.id == id)
    }

    /// The preset ids, in order.
    pub fn preset_ids(&self) -> Vec<String> {
        self.presets.iter().map(|p| p.id.clone()).collect()
    }

    /// Every node play of this role can start at: its start, then each preset's start.
    pub fn starts(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        std::iter::once(self.start).chain(self.presets.iter().map(|p| p.start))
    }
}

/// A named start of a role: another start node and other starting values.
#[derive(Debug, Clone)]
pub struct Preset {
    /// Kebab-case, unique within its role.
    pub id: String,
    /// Short, shown to players and teachers.
    pub title: String,
    /// One or two sentences on what this start is ("" when not given).
    pub about: String,
    /// The first node (the role's start unless the preset names another).
    pub start: NodeIdx,
    /// Every variable's starting value: the defaults, then the role's values, then the preset's.
    pub values: Vec<Value>,
    pub place: Place,
}

/// A scene: a titled run of nodes from one file.
#[derive(Debug, Clone)]
pub struct Scene {
    pub id: String,
    pub title: String,
    pub file: usize,
    pub nodes: Range<NodeIdx>,
    /// The scene's picture: shown at the head of every passage in the scene.
    pub image: Option<Illustration>,
}

/// A work the context notes cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub id: String,
    pub outlet: String,
    pub title: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or empty.
    pub date: String,
    pub url: Option<String>,
    /// What the story relies on it for.
    pub supports: String,
}

impl Citation {
    /// One line for a reader: `Outlet, "Title", 2025-04-28.` (the address, if any, after it).
    pub fn line(&self) -> String {
        let mut s = format!("{}, \u{201c}{}\u{201d}", self.outlet, self.title);
        if !self.date.is_empty() {
            s.push_str(", ");
            s.push_str(&self.date);
        }
        s.push('.');
        if let Some(url) = &self.url {
            s.push(' ');
            s.push_str(url);
        }
        s
    }
}

/// The ending marker of a node.
#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub questions: Vec<String>,
}

/// One beat of the story.
#[derive(Debug, Clone)]
pub struct Node {
    /// The id inside its scene.
    pub id: String,
    /// `scene.node`: unique in the story (shared with transcripts).
    pub key: Arc<str>,
    pub scene: u32,
    pub speaker: Option<Arc<str>>,
    pub text: Template,
    pub tags: Vec<String>,
    pub effects: Vec<Effect>,
    pub note: Option<String>,
    /// The sources its note cites: indices into [`Story::sources`].
    pub sources: Vec<u32>,
    /// The node's own picture, shown above its text.
    pub image: Option<Illustration>,
    pub prompt: Option<String>,
    pub exit: Exit,
    pub place: Place,
}

/// How many nodes one passage may enter: a node and the `next`/`pick` steps after it, up to the
/// node with choices or an ending. Play stops past it; `check` reports longer chains.
pub const MAX_AUTO_STEPS: usize = 1000;

/// How the story goes on from a node.
#[derive(Debug, Clone)]
pub enum Exit {
    Choices(Vec<Choice>),
    Next(NodeIdx),
    Pick(Vec<Candidate>),
    Ending(Ending),
}

/// A choice offered at a node.
#[derive(Debug, Clone)]
pub struct Choice {
    pub text: Template,
    pub when: Option<Expr>,
    pub requires: Option<Expr>,
    pub because: Option<String>,
    pub effects: Vec<Effect>,
    pub target: Target,
    /// For once-only choices: the slot recording that it was taken.
    pub once: Option<u32>,
}

/// Where a choice leads.
#[derive(Debug, Clone)]
pub enum Target {
    Goto(NodeIdx),
    Outcomes(Vec<Outcome>),
}

/// A weighted random outcome of a choice.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub target: NodeIdx,
    pub weight: Expr,
    pub effects: Vec<Effect>,
    pub label: Option<String>,
}

/// A candidate of a random event pick.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub target: NodeIdx,
    pub when: Option<Expr>,
    pub weight: Expr,
}

/// A loaded, checked story. Immutable; share it in an `Arc`.
#[derive(Debug, Clone)]
pub struct Story {
    pub meta: Meta,
    pub variables: Vec<Variable>,
    pub roles: Vec<Role>,
    pub scenes: Vec<Scene>,
    pub nodes: Vec<Node>,
    /// The works the context notes cite, as declared.
    pub sources: Vec<Citation>,
    /// The pictures of the story folder, as read.
    pub pictures: Vec<Picture>,
    /// Number of once-only choices (slots in a session's taken set).
    pub once_slots: u32,
    /// The files it was loaded from, for diagnostics and hot reload.
    pub files: Vec<SourceFile>,
    /// The translation files of the story folder (`translations/LANG.po`), as read; not part
    /// of the content hash, so saves and class logs hold in every language.
    pub translations: Vec<SourceFile>,
    /// A hash of all source text: saves record it to notice a changed story.
    pub content_hash: u64,
    pub(crate) node_index: HashMap<String, NodeIdx>,
    /// The nodes' rules and texts packed for play: built from `nodes` when a session first
    /// plays the story (tools that only check or draw it never pay for it).
    pub(crate) playbook: std::sync::OnceLock<super::playbook::Playbook>,
}

impl Story {
    /// What a step reads of every node, packed (see [`super::playbook`]); built on first use.
    pub(crate) fn playbook(&self) -> &super::playbook::Playbook {
        self.playbook
            .get_or_init(|| super::playbook::Playbook::of(&self.nodes))
    }

    /// The node with key `scene.node`.
    pub fn node_by_key(&self, key: &str) -> Option<NodeIdx> {
        self.node_index.get(key).copied()
    }

    pub fn node(&self, idx: NodeIdx) -> Option<&Node> {
        self.nodes.get(idx as usize)
    }

    /// The picture of node `idx`'s scene, if it has one.
    pub fn scene_image(&self, idx: NodeIdx) -> Option<&Illustration> {
        let node = self.node(idx)?;
        self.scenes.get(node.scene as usize)?.image.as_ref()
    }

    /// The picture at `path` in the story folder.
    pub fn picture(&self, path: &str) -> Option<&Picture> {
        self.pictures.iter().find(|p| p.path == path)
    }

    /// The sources node `idx`'s note cites, in the order the node lists them.
    pub fn sources_of(&self, idx: NodeIdx) -> impl Iterator<Item = &Citation> {
        self.node(idx)
            .into_iter()
            .flat_map(|n| n.sources.iter())
            .filter_map(|&i| self.sources.get(i as usize))
    }

    /// `scene.node` of a node, or "" for an index out of range.
    pub fn key_of(&self, idx: NodeIdx) -> String {
        self.node(idx)
            .map_or_else(String::new, |n| n.key.to_string())
    }

    pub fn role(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    /// The role ids, comma-separated, for messages.
    pub fn role_list(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn variable(&self, id: &str) -> Option<usize> {
        self.variables.iter().position(|v| v.id == id)
    }

    /// Every node a node can lead to directly, with the kind of edge.
    pub fn edges(&self, idx: NodeIdx) -> Vec<(NodeIdx, EdgeKind)> {
        let Some(node) = self.node(idx) else {
            return Vec::new();
        };
        match &node.exit {
            Exit::Choices(cs) => cs
                .iter()
                .enumerate()
                .flat_map(|(i, c)| match &c.target {
                    Target::Goto(t) => vec![(*t, EdgeKind::Choice(i))],
                    Target::Outcomes(os) => os
                        .iter()
                        .map(|o| (o.target, EdgeKind::Outcome(i)))
                        .collect(),
                })
                .collect(),
            Exit::Next(t) => vec![(*t, EdgeKind::Next)],
            Exit::Pick(cands) => cands.iter().map(|c| (c.target, EdgeKind::Pick)).collect(),
            Exit::Ending(_) => Vec::new(),
        }
    }

    /// Endings in node order.
    pub fn endings(&self) -> impl Iterator<Item = (NodeIdx, &Ending)> {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match &n.exit {
                Exit::Ending(e) => Some((i as NodeIdx, e)),
                _ => None,
            })
    }
}

/// The kind of an edge between nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Choice(usize),
    Outcome(usize),
    Next,
    Pick,
}
