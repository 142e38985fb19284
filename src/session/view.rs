//! What a front end shows for the current moment: the same View feeds the game, the terminal and tests.

use std::sync::Arc;

use serde::Serialize;

use crate::story::Value;

/// One paragraph of the current passage: a node passed through since the last choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Beat {
    /// `scene.node`
    pub node: String,
    pub speaker: Option<String>,
    pub text: String,
    pub note: Option<String>,
    /// The node's own picture, shown above its text.
    pub image: Option<ImageView>,
    /// The sources the note cites, a line each (see [`Citation::line`](crate::story::Citation::line)).
    pub sources: Vec<String>,
    pub prompt: Option<String>,
}

/// A choice as the player sees it. Hidden choices are not listed at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceView {
    pub text: String,
    pub enabled: bool,
    /// Why a disabled choice cannot be taken.
    pub reason: Option<String>,
}

/// A visible stat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatView {
    pub id: String,
    pub label: String,
    pub value: Value,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// The picture shown above the passage: its path in the story folder (the bytes are
/// [`Story::picture`](crate::story::Story::picture)'s) and what it shows, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageView {
    pub path: String,
    pub alt: String,
}

/// The ending reached, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub questions: Vec<String>,
}

/// Everything a front end needs to draw the current moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub role: String,
    pub scene_title: String,
    /// `scene.node` of the current node.
    pub node: String,
    /// The current scene's picture, at the head of the passage.
    pub image: Option<ImageView>,
    /// The passage since the last choice; the last beat is the current node.
    pub beats: Vec<Beat>,
    /// The label of the random outcome drawn by the last choice, if it had one.
    pub outcome: Option<String>,
    /// The visible choices, numbered from 0 in the order `choose` takes.
    pub choices: Vec<ChoiceView>,
    pub stats: Vec<StatView>,
    pub ending: Option<EndingView>,
}

impl View {
    /// The current node's beat.
    pub fn current(&self) -> Option<&Beat> {
        self.beats.last()
    }

    /// The current node's context note.
    pub fn note(&self) -> Option<&str> {
        self.current().and_then(|b| b.note.as_deref())
    }

    /// True when the story is stuck: no ending and no choice the player can take.
    pub fn is_stuck(&self) -> bool {
        self.ending.is_none() && !self.choices.iter().any(|c| c.enabled)
    }
}

/// The current passage's lines and choices as plain text, in buffers kept from one step to the
/// next: what [`Session::passage_into`](super::Session::passage_into) fills for a front end
/// that reads every step (a terminal, a benchmark, a screen reader's feed) without allocating.
/// Lines already in the transcript are shared with it, not copied.
#[derive(Debug, Clone, Default)]
pub struct Passage {
    text: String,
    lines: Vec<Line>,
    /// Byte ranges into `text`: the visible choices.
    choices: Vec<(usize, usize)>,
    /// Whether each visible choice is enabled.
    enabled: Vec<bool>,
}

/// A line of a [`Passage`]: written into its own buffer, or shared with the transcript.
#[derive(Debug, Clone)]
enum Line {
    Span(usize, usize),
    Shared(Arc<str>),
}

impl PartialEq for Passage {
    /// Passages are equal when they read the same, however their lines are held.
    fn eq(&self, other: &Passage) -> bool {
        self.lines().eq(other.lines())
            && self.choices().eq(other.choices())
            && self.enabled == other.enabled
    }
}

impl Eq for Passage {}

impl Passage {
    /// Empties the buffers, keeping their memory.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
        self.choices.clear();
        self.enabled.clear();
    }

    /// Adds a line of the passage, written into the passage's buffer.
    pub(crate) fn push_line(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.lines.push(Line::Span(start, self.text.len()));
    }

    /// Adds a line of the passage held elsewhere (the transcript's).
    pub(crate) fn push_shared(&mut self, line: &Arc<str>) {
        self.lines.push(Line::Shared(Arc::clone(line)));
    }

    /// Adds a visible choice.
    pub(crate) fn push_choice(&mut self, enabled: bool, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.choices.push((start, self.text.len()));
        self.enabled.push(enabled);
    }

    fn span(&self, (a, b): (usize, usize)) -> &str {
        self.text.get(a..b).unwrap_or("")
    }

    /// The passage's lines: every node shown since the last choice.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = &str> {
        self.lines.iter().map(|l| match l {
            Line::Span(a, b) => self.span((*a, *b)),
            Line::Shared(t) => t,
        })
    }

    /// The visible choices' text, numbered from 0 in the order `choose` takes.
    pub fn choices(&self) -> impl ExactSizeIterator<Item = &str> {
        self.choices.iter().map(|&s| self.span(s))
    }

    /// Whether visible choice `k` can be taken.
    pub fn enabled(&self, k: usize) -> bool {
        self.enabled.get(k).copied().unwrap_or(false)
    }
}
