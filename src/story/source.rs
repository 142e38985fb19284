//! The RON file shapes writers author: deserialised as written, before ids are resolved.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `story.ron`: the manifest of a story folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Story", deny_unknown_fields)]
pub struct ManifestFile {
    pub id: String,
    pub title: String,
    #[serde(default = "default_version")]
    pub version: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub content_notes: Vec<String>,
    #[serde(default)]
    pub variables: Vec<VariableDecl>,
    pub roles: Vec<RoleDecl>,
    /// The works the context notes cite: `Source(id: ..., outlet: ..., title: ..., date: ...)`.
    #[serde(default)]
    pub sources: Vec<SourceDecl>,
}

/// A work cited by context notes, declared once in the manifest.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct SourceDecl {
    /// Kebab-case, unique: what nodes' `sources` name.
    pub id: String,
    /// Who published it: "Reuters", "Yonhap", "UN Security Council".
    pub outlet: String,
    pub title: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// `http://` or `https://` address, shown as text (the game opens nothing by itself).
    #[serde(default)]
    pub url: Option<String>,
    /// What the notes citing it rely on it for, in a sentence.
    #[serde(default)]
    pub supports: String,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

fn default_language() -> String {
    "en".to_owned()
}

/// A literal value as written in RON: `true`, `3`, `"text"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Text(String),
}

/// A declared variable; the variant is its type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum VariableDecl {
    Bool {
        id: String,
        #[serde(default)]
        default: bool,
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        stat: bool,
    },
    Int {
        id: String,
        #[serde(default)]
        default: i64,
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        stat: bool,
    },
    Text {
        id: String,
        #[serde(default)]
        default: String,
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        stat: bool,
    },
}

impl VariableDecl {
    pub fn id(&self) -> &str {
        match self {
            VariableDecl::Bool { id, .. }
            | VariableDecl::Int { id, .. }
            | VariableDecl::Text { id, .. } => id,
        }
    }
}

/// A role the player can take.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Role", deny_unknown_fields)]
pub struct RoleDecl {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub briefing: String,
    pub start: String,
    /// Starting values that differ from the variables' defaults.
    #[serde(default)]
    pub values: BTreeMap<String, Literal>,
    /// The variables shown to this role as stats, in order. Empty: every variable marked `stat`.
    #[serde(default)]
    pub stats: Vec<String>,
    /// Named starts: another start node and other starting values for this role.
    #[serde(default)]
    pub presets: Vec<PresetDecl>,
}

/// A named start of a role: `Preset(id: "as-reported", title: "As reported", values: {..})`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Preset", deny_unknown_fields)]
pub struct PresetDecl {
    /// Kebab-case, unique within the role: `as-reported`.
    pub id: String,
    /// Short, shown to players and teachers.
    pub title: String,
    /// One or two sentences on what this start is.
    #[serde(default)]
    pub about: String,
    /// The first node, `scene.node`; the role's start when absent.
    #[serde(default)]
    pub start: Option<String>,
    /// Starting values applied over the role's values.
    #[serde(default)]
    pub values: BTreeMap<String, Literal>,
}

/// A scene file: a titled group of nodes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Scene", deny_unknown_fields)]
pub struct SceneFile {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// A picture shown above the scene's passages: `image: Image(file: "maps/kursk.png", alt: "...")`.
    #[serde(default)]
    pub image: Option<ImageDecl>,
    pub nodes: Vec<NodeDecl>,
}

/// A picture from the story folder and its alternative text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Image", deny_unknown_fields)]
pub struct ImageDecl {
    /// Path inside the story folder, `/`-separated: `maps/kursk.png`.
    pub file: String,
    /// What the picture shows, in words, for readers who cannot see it.
    #[serde(default)]
    pub alt: String,
}

/// One beat of the story.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Node", deny_unknown_fields)]
pub struct NodeDecl {
    pub id: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub effects: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Ids of the manifest's sources that the note relies on.
    #[serde(default)]
    pub sources: Vec<String>,
    /// A picture shown above the node's text.
    #[serde(default)]
    pub image: Option<ImageDecl>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub choices: Vec<ChoiceDecl>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub pick: Vec<CandidateDecl>,
    #[serde(default)]
    pub ending: Option<EndingDecl>,
}

/// A choice offered at a node.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct ChoiceDecl {
    /// A name for the choice, unique within its node, that keeps its translations attached
    /// when choices are reordered (`strings` ids it by position otherwise).
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    /// Visibility condition: the choice is hidden while it is false.
    #[serde(default)]
    pub when: Option<String>,
    /// Requirement: the choice is shown disabled while it is false.
    #[serde(default)]
    pub requires: Option<String>,
    /// The reason shown on a disabled choice.
    #[serde(default)]
    pub because: Option<String>,
    #[serde(default)]
    pub effects: Vec<String>,
    #[serde(default)]
    pub goto: Option<String>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeDecl>,
    #[serde(default)]
    pub once: bool,
}

/// A weighted random outcome of a choice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Outcome", deny_unknown_fields)]
pub struct OutcomeDecl {
    pub goto: String,
    #[serde(default = "default_weight")]
    pub weight: WeightDecl,
    #[serde(default)]
    pub effects: Vec<String>,
    /// Shown in the transcript when this outcome is drawn.
    #[serde(default)]
    pub label: Option<String>,
}

/// A candidate of a random event pick.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Candidate", deny_unknown_fields)]
pub struct CandidateDecl {
    pub goto: String,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default = "default_weight")]
    pub weight: WeightDecl,
}

/// A weight: a plain number or an integer expression such as `"10 - suspicion"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum WeightDecl {
    Fixed(i64),
    Expr(String),
}

/// Written by hand rather than `untagged`, whose error for anything else (`weight: 1.5`) names
/// the Rust type instead of saying what a weight may be.
impl<'de> Deserialize<'de> for WeightDecl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Weight;
        impl serde::de::Visitor<'_> for Weight {
            type Value = WeightDecl;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a whole number such as 3, or an expression string such as \"10 - suspicion\"",
                )
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<WeightDecl, E> {
                Ok(WeightDecl::Fixed(v))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<WeightDecl, E> {
                i64::try_from(v)
                    .map(WeightDecl::Fixed)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<WeightDecl, E> {
                Ok(WeightDecl::Expr(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<WeightDecl, E> {
                Ok(WeightDecl::Expr(v))
            }
        }
        d.deserialize_any(Weight)
    }
}

fn default_weight() -> WeightDecl {
    WeightDecl::Fixed(1)
}

/// The ending marker on a node.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Ending", deny_unknown_fields)]
pub struct EndingDecl {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub questions: Vec<String>,
}
