//! `aftermath stats`: words, nodes, branching, endings and estimated reading time of a story.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::session::{Fate, Session, StartError};
use crate::story::{Exit, NodeIdx, Story, Value};
use crate::tools::playthrough::{Settings, Stop, Watch, play_random, playthrough_seed};

/// Reading speed used for the time estimates, in words per minute.
pub const WORDS_PER_MINUTE: f64 = 230.0;
/// Random playthroughs per role for the estimates.
pub const PLAYTHROUGHS: usize = 500;
/// Choices after which a random playthrough is abandoned (a loop it could not leave).
pub const MAX_TURNS: u32 = 10_000;

/// Why the statistics could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    #[error("role `{role}` could not start: {source}")]
    Start {
        role: String,
        #[source]
        source: StartError,
    },
}

/// Size of one scene.
#[derive(Debug, Clone, Serialize)]
pub struct SceneStats {
    pub id: String,
    pub title: String,
    pub nodes: usize,
    pub words: usize,
}

/// Size and estimated length of one role's part of the story.
#[derive(Debug, Clone, Serialize)]
pub struct RoleStats {
    pub id: String,
    pub name: String,
    /// Nodes reachable from the role's start or its presets' starts.
    pub nodes: usize,
    pub words: usize,
    /// Endings reachable from the role's start or its presets' starts.
    pub endings: usize,
    pub playthroughs: usize,
    /// Playthroughs that reached an ending (the others got stuck or looped).
    pub finished: usize,
    /// Average nodes shown per playthrough.
    pub avg_nodes: f64,
    /// Average words read per playthrough (node text plus the chosen choices' text).
    pub avg_words: f64,
    /// `avg_words / WORDS_PER_MINUTE`.
    pub minutes: f64,
    /// The role's presets (named starts), in order.
    pub presets: Vec<PresetStats>,
}

/// A role's preset as `stats` lists it: what `play --preset` takes, and where it starts.
#[derive(Debug, Clone, Serialize)]
pub struct PresetStats {
    pub id: String,
    pub title: String,
    /// `scene.node` of its start.
    pub start: String,
}

/// Everything `aftermath stats` reports.
#[derive(Debug, Clone, Serialize)]
pub struct StoryStats {
    pub title: String,
    pub nodes: usize,
    pub words: usize,
    /// Average number of choices over the nodes that offer choices.
    pub branching: f64,
    pub endings: usize,
    pub words_per_minute: f64,
    pub scenes: Vec<SceneStats>,
    pub roles: Vec<RoleStats>,
    /// With `--repeats`: sentences and phrases found in many nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<crate::tools::repeats::Repeats>,
}

/// Words of a node: its text plus the text of all its choices.
pub fn node_words(story: &Story, idx: NodeIdx) -> usize {
    let Some(node) = story.node(idx) else {
        return 0;
    };
    let choices = match &node.exit {
        Exit::Choices(cs) => cs.iter().map(|c| c.text.word_count()).sum(),
        _ => 0,
    };
    node.text.word_count() + choices
}

/// Computes the statistics, with `runs` random playthroughs per role ([`play_random`]; story
/// seeds `seed`, `seed + 1`, …).
pub fn compute(story: &Arc<Story>, runs: usize, seed: u64) -> Result<StoryStats, StatsError> {
    let words: Vec<usize> = (0..story.nodes.len())
        .map(|i| node_words(story, i as NodeIdx))
        .collect();
    // Words of each node's own text, counted once: a playthrough adds them up per node shown
    // (counting the text again at every showing was linear in the text per showing, so a
    // 50 MB text took 47 s over the playthroughs).
    let text_words: Vec<usize> = story.nodes.iter().map(|n| n.text.word_count()).collect();
    let scenes = story
        .scenes
        .iter()
        .map(|s| SceneStats {
            id: s.id.clone(),
            title: s.title.clone(),
            nodes: s.nodes.len(),
            words: s
                .nodes
                .clone()
                .map(|i| words.get(i as usize).copied().unwrap_or(0))
                .sum(),
        })
        .collect();
    let choice_counts: Vec<usize> = story
        .nodes
        .iter()
        .filter_map(|n| match &n.exit {
            Exit::Choices(cs) if !cs.is_empty() => Some(cs.len()),
            _ => None,
        })
        .collect();
    let branching = if choice_counts.is_empty() {
        0.0
    } else {
        choice_counts.iter().sum::<usize>() as f64 / choice_counts.len() as f64
    };
    let mut roles = Vec::with_capacity(story.roles.len());
    for (r, role) in story.roles.iter().enumerate() {
        let seen = crate::story::lints::reachable_from(story, role.starts());
        let reached = seen.iter().enumerate().filter(|(_, s)| **s);
        let (nodes, role_words) = reached.clone().fold((0, 0), |(n, w), (i, _)| {
            (n + 1, w + words.get(i).copied().unwrap_or(0))
        });
        let endings = story
            .endings()
            .filter(|(i, _)| seen.get(*i as usize).copied().unwrap_or(false))
            .map(|(_, e)| e.id.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let (mut total_nodes, mut total_words, mut finished) = (0usize, 0usize, 0usize);
        for run in 0..runs {
            let s = playthrough_seed(seed, run as u64);
            let (n, w, done) = playthrough(story, &text_words, r, s)?;
            total_nodes += n;
            total_words += w;
            finished += usize::from(done);
        }
        let div = runs.max(1) as f64;
        let avg_words = total_words as f64 / div;
        roles.push(RoleStats {
            id: role.id.clone(),
            name: role.name.clone(),
            nodes,
            words: role_words,
            endings,
            playthroughs: runs,
            finished,
            avg_nodes: total_nodes as f64 / div,
            avg_words,
            minutes: avg_words / WORDS_PER_MINUTE,
            presets: role
                .presets
                .iter()
                .map(|p| PresetStats {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    start: story.key_of(p.start),
                })
                .collect(),
        });
    }
    Ok(StoryStats {
        title: story.meta.title.clone(),
        nodes: story.nodes.len(),
        words: words.iter().sum(),
        branching,
        endings: story
            .endings()
            .map(|(_, e)| e.id.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
        words_per_minute: WORDS_PER_MINUTE,
        scenes,
        roles,
        repeats: None,
    })
}

/// One random playthrough ([`play_random`], without a transcript): nodes shown, words read
/// (node texts' from `text_words`, by node index, plus the taken choices' rendered text), and
/// whether it reached an ending.
///
/// The words are counted as the playthrough goes ([`Reader`]) rather than from a recorded
/// transcript: recording renders every node's whole text at every showing, so a node with a
/// 50 MB text cost 50 MB of copying each time it was shown.
fn playthrough(
    story: &Arc<Story>,
    text_words: &[usize],
    role: usize,
    seed: u64,
) -> Result<(usize, usize, bool), StatsError> {
    let settings = Settings {
        max_turns: MAX_TURNS,
        record: false,
    };
    let mut reader = Reader {
        story,
        text_words,
        vars: Vec::new(),
        nodes: 0,
        words: 0,
    };
    let p = play_random(story, role, seed, settings, &mut reader).map_err(|source| {
        StatsError::Start {
            role: story
                .roles
                .get(role)
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            source,
        }
    })?;
    Ok((reader.nodes, reader.words, p.stop == Stop::Ending))
}

/// Counts what a random playthrough shows: nodes shown and words read, as a transcript would
/// have them (a node's text words at each showing; a taken choice's text as rendered when it
/// was taken, split at whitespace).
struct Reader<'a> {
    story: &'a Story,
    text_words: &'a [usize],
    /// The variables when the choices were last offered: a choice's text is rendered with them.
    vars: Vec<Value>,
    nodes: usize,
    words: usize,
}

impl Fate for Reader<'_> {
    fn shown(&mut self, node: NodeIdx, _vars: &[Value]) {
        self.nodes += 1;
        self.words += self.text_words.get(node as usize).copied().unwrap_or(0);
    }
}

impl Watch for Reader<'_> {
    fn offered(&mut self, session: &Session) -> Vec<(usize, bool)> {
        self.vars.clone_from(&session.state().vars);
        session
            .visible_choices()
            .map(|(i, _)| i)
            .zip(session.choice_flags())
            .collect()
    }

    fn took(&mut self, node: NodeIdx, choice: usize) {
        if let Some(Exit::Choices(cs)) = self.story.node(node).map(|n| &n.exit)
            && let Some(c) = cs.get(choice)
        {
            self.words += c.text.render(&self.vars).split_whitespace().count();
        }
    }
}

/// The widest the id column of the tables grows: a longer id (the fuzzer wrote one of 50,000
/// letters) pushes its own line's columns right instead of every line's, and a width past what
/// `format!` accepts would panic.
const MAX_ID_COLUMN: usize = 40;

/// Renders the statistics as aligned plain-text tables.
pub fn render_table(st: &StoryStats) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", st.title);
    let _ = writeln!(
        out,
        "{} nodes, {} words, {} endings, branching factor {:.2} (average choices at a choice node)\n",
        st.nodes, st.words, st.endings, st.branching
    );
    let w = st
        .scenes
        .iter()
        .map(|s| s.id.len())
        .max()
        .unwrap_or(0)
        .clamp("scene".len(), MAX_ID_COLUMN);
    let _ = writeln!(
        out,
        "{:<w$}  {:>6}  {:>7}  title",
        "scene", "nodes", "words"
    );
    for s in &st.scenes {
        let _ = writeln!(
            out,
            "{:<w$}  {:>6}  {:>7}  {}",
            s.id, s.nodes, s.words, s.title
        );
    }
    let w = st
        .roles
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0)
        .clamp("role".len(), MAX_ID_COLUMN);
    let _ = writeln!(
        out,
        "\n{:<w$}  {:>6}  {:>7}  {:>7}  {:>9}  {:>9}  {:>9}  {:>8}",
        "role", "nodes", "words", "endings", "avg nodes", "avg words", "minutes", "finished"
    );
    for r in &st.roles {
        let _ = writeln!(
            out,
            "{:<w$}  {:>6}  {:>7}  {:>7}  {:>9.1}  {:>9.0}  {:>9.1}  {:>4}/{:<3}",
            r.id,
            r.nodes,
            r.words,
            r.endings,
            r.avg_nodes,
            r.avg_words,
            r.minutes,
            r.finished,
            r.playthroughs
        );
    }
    if st.roles.iter().any(|r| !r.presets.is_empty()) {
        let _ = writeln!(out, "\nPresets (play --role ROLE --preset ID):");
        for r in &st.roles {
            for p in &r.presets {
                let _ = writeln!(
                    out,
                    "  {} {}: {} (starts at {})",
                    r.id, p.id, p.title, p.start
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\nPer role: nodes and words reachable from its starts. Averages over {} seeded random \
         playthroughs (uniform among enabled choices); reading time at {} words per minute.",
        st.roles.first().map_or(PLAYTHROUGHS, |r| r.playthroughs),
        st.words_per_minute
    );
    if let Some(r) = &st.repeats {
        out.push_str(&crate::tools::repeats::render(r));
    }
    out
}
