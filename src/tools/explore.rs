//! `aftermath explore`: automated playtests, exhaustive (every reachable state) or random.
//!
//! Both modes play the real session code: a [`Fate`](crate::session::Fate) counts the nodes
//! entered and the effects clamped, and in exhaustive mode forces each combination of random
//! outcomes in turn. Every example path is a seed and a choice script that
//! `aftermath play --text` replays.

mod advice;
mod balance;
mod batch;
mod consequence;
mod expand;
mod pack;
mod pool;
mod random;
mod reads;
mod render;
mod seen;
mod tally;
mod walk;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use crate::session::Session;
use crate::story::expr::ExprKind;
use crate::story::lints::reachable_from;
use crate::story::{Exit, NodeIdx, Story};
pub use balance::{BOUND_SHARE, Balance, BalanceFlag};
pub use consequence::{ConsequenceSummary, Inconsequential};
pub use reads::{Read, ReadKind};
pub use render::render;
use tally::{ChoiceIndex, Tally};

/// Seeds tried to find one that replays an exhaustive path's random outcomes.
pub const SEED_TRIES: u64 = 5_000;

/// What to explore and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Role ids to explore; empty means every role.
    pub roles: Vec<String>,
    pub mode: Mode,
    /// Random mode: a playthrough still going after this many choices is stopped and reported.
    pub max_turns: u32,
    /// Worker threads (at least 1). The report does not depend on it.
    pub threads: usize,
    /// Show a progress bar on stderr (when it is a terminal) for long random runs.
    pub progress: bool,
}

/// The two ways to explore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every reachable state (node, variables, once-only choices taken) per role, breadth
    /// first, with every random outcome followed; stops after `max_states` states per role
    /// (the first `max_states` in the walk's order, the same on any number of threads).
    Exhaustive { max_states: usize },
    /// `runs` seeded random playthroughs per role, choosing uniformly among enabled choices.
    Random { runs: u64, seed: u64 },
}

/// Which of the two [`Mode`]s a report comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModeKind {
    Exhaustive,
    Random,
}

impl Mode {
    /// Which mode this is, without its settings.
    pub fn kind(&self) -> ModeKind {
        match self {
            Mode::Exhaustive { .. } => ModeKind::Exhaustive,
            Mode::Random { .. } => ModeKind::Random,
        }
    }
}

/// Why exploration could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExploreError {
    #[error("unknown role `{role}`; this story's roles are: {known}")]
    UnknownRole { role: String, known: String },
    #[error("the story has no roles to explore")]
    NoRoles,
}

/// A path that `aftermath play --text --seed SEED --script SCRIPT` replays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replay {
    pub role: String,
    /// Seed reproducing the path's random draws; `None` when no seed below [`SEED_TRIES`] does.
    pub seed: Option<u64>,
    /// Choices in order, numbered from 1 as the player sees them.
    pub script: Vec<usize>,
}

/// An ending a role reached.
#[derive(Debug, Clone, Serialize)]
pub struct EndingHit {
    pub id: String,
    pub title: String,
    /// `scene.node` of the ending node.
    pub node: String,
    /// Random mode: playthroughs ending here. Exhaustive mode: distinct end states.
    pub count: u64,
    /// Random mode: share of finished playthroughs (0 to 1).
    pub share: Option<f64>,
    /// Random mode: the first playthrough to end here. Exhaustive mode: the first path found.
    pub example: Replay,
}

/// One role's results.
#[derive(Debug, Clone, Serialize)]
pub struct RoleReport {
    pub role: String,
    pub name: String,
    /// Random mode: playthroughs run. Exhaustive mode: distinct states walked.
    pub playthroughs: u64,
    /// Exhaustive mode: false when the walk stopped at `--max-states`.
    pub complete: bool,
    pub endings: Vec<EndingHit>,
    /// Playthroughs that reached an ending.
    pub finished: u64,
    /// Random mode: playthroughs stopped at `--max-turns`.
    pub unfinished: u64,
    /// Random mode: average choices per finished playthrough.
    pub average_path: Option<f64>,
    /// Random mode: the longest finished playthrough. Exhaustive mode: the longest path walked.
    pub longest_path: Option<Replay>,
}

/// What kind of problem a playthrough hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Not an ending, and no visible choice is enabled.
    SoftLock,
    /// The session refused to go on (no possible random outcome, endless automatic steps).
    PlayError,
}

/// A soft-lock or play error, grouped by node.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub node: String,
    pub message: String,
    pub count: u64,
    pub example: Replay,
}

/// Hit counts of one node.
#[derive(Debug, Clone, Serialize)]
pub struct NodeCoverage {
    pub node: String,
    pub scene: String,
    /// Times a playthrough entered the node (exhaustive mode: steps of the walk that did).
    pub hits: u64,
    /// False when no explored role's start can reach it by any edge (`check` warns of those).
    pub in_reach: bool,
}

/// Counts of one choice.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceCoverage {
    pub node: String,
    /// Position in the node's list of choices, from 1.
    pub number: usize,
    pub text: String,
    pub enabled: bool,
    /// Written `requires: "false"`: shown disabled on purpose, never listed as a problem.
    pub always_disabled: bool,
    pub taken: u64,
    pub in_reach: bool,
}

/// How often one branch of an `{if}` fragment in a node's text was shown.
#[derive(Debug, Clone, Serialize)]
pub struct TextCoverage {
    pub node: String,
    /// The fragment's place among the node text's `{if}`s, from 1.
    pub fragment: usize,
    /// The branch, from 1; the last is the `{else}` (which shows nothing when not written).
    pub branch: usize,
    pub is_else: bool,
    /// The branch's first words.
    pub preview: String,
    pub shown: u64,
    pub in_reach: bool,
}

/// An effect that pushed a variable past its declared range (the engine clamped it).
#[derive(Debug, Clone, Serialize)]
pub struct Clamp {
    pub variable: String,
    /// `"max 10"` or `"min 0"`.
    pub bound: String,
    /// The node whose effects, or whose choice's effects, did it.
    pub node: String,
    pub count: u64,
    /// The most extreme value the effects asked for.
    pub wanted: i64,
}

/// An ending no exploration reached.
#[derive(Debug, Clone, Serialize)]
pub struct Unreached {
    pub id: String,
    pub title: String,
    pub node: String,
}

/// At most this many random playthroughs per role follow an exhaustive walk cut short by
/// `max_states`, so the report covers what the walk did not reach (endings, nodes, choices,
/// text): one playthrough per ten states of the walk's budget, at least 10.
pub const SAMPLE_AFTER_CAP: u64 = 20_000;

/// The random playthroughs per role that follow a walk cut short at `max_states` states.
pub fn sample_runs(max_states: usize) -> u64 {
    (max_states as u64 / 10).clamp(10, SAMPLE_AFTER_CAP)
}

/// What the random playthroughs that followed a cut-short walk found beyond it.
#[derive(Debug, Clone, Serialize)]
pub struct Sampled {
    /// Playthroughs per role whose walk stopped early.
    pub runs: u64,
    pub seed: u64,
    /// The roles sampled.
    pub roles: Vec<String>,
    /// Endings the walk did not reach and the playthroughs did, each with a replay.
    pub endings: Vec<EndingHit>,
}

/// Everything `aftermath explore` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub story: String,
    /// Which mode ran (`"exhaustive"` or `"random"` in JSON).
    pub mode: ModeKind,
    /// Random mode: the base seed.
    pub seed: Option<u64>,
    pub roles: Vec<RoleReport>,
    pub nodes: Vec<NodeCoverage>,
    pub choices: Vec<ChoiceCoverage>,
    /// Every branch of every `{if}` in node text, with how often it was shown.
    pub texts: Vec<TextCoverage>,
    pub problems: Vec<Problem>,
    /// Endings (reachable in the graph from an explored role, or any when all roles were
    /// explored) that no playthrough reached.
    pub unreached_endings: Vec<Unreached>,
    /// Exhaustive mode, when a role's walk stopped at `max_states`: what
    /// [`sample_runs`] random playthroughs of that role found beyond it. Coverage
    /// (nodes, choices, text) then counts the walk's visits and the playthroughs' together.
    pub sampled: Option<Sampled>,
    pub clamps: Vec<Clamp>,
    /// Choices that led to the same state (node, live variables, once-only slots) in every
    /// state explored where they were enabled together.
    pub inconsequential: Vec<Inconsequential>,
    /// How many choice nodes have no choice that makes a difference.
    pub consequence: ConsequenceSummary,
    /// Each variable's values at the endings explored, its readers and its flags.
    pub balance: Vec<Balance>,
    pub seconds: f64,
    /// Random mode: playthroughs per second (all roles, all threads).
    pub playthroughs_per_second: Option<f64>,
}

impl Report {
    /// True when the exploration found a soft-lock, a play error or an unreached ending.
    pub fn failed(&self) -> bool {
        !self.problems.is_empty() || !self.unreached_endings.is_empty()
    }
}

/// An example found by a mode, with the order it was found in (to keep the earliest on merge).
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub order: u64,
    /// The node the path ends at.
    pub node: NodeIdx,
    pub seed: Option<u64>,
    pub script: Vec<usize>,
}

/// A counted finding with its earliest example.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub count: u64,
    pub example: Example,
}

impl Found {
    pub(crate) fn new(example: Example) -> Found {
        Found { count: 1, example }
    }

    /// Counts one more, keeping the earliest example.
    pub(crate) fn add(&mut self, example: Example) {
        self.count += 1;
        self.absorb(Found { count: 0, example });
    }

    fn absorb(&mut self, other: Found) {
        self.count += other.count;
        if other.example.order < self.example.order {
            self.example = other.example;
        }
    }
}

/// What one mode found for one role.
#[derive(Debug, Clone, Default)]
pub(crate) struct Findings {
    pub endings: BTreeMap<NodeIdx, Found>,
    pub problems: BTreeMap<(NodeIdx, ProblemKind, String), Found>,
    pub playthroughs: u64,
    pub complete: bool,
    pub finished: u64,
    pub unfinished: u64,
    pub total_length: u64,
    /// Length and example of the longest finished playthrough (or deepest state).
    pub longest: Option<(usize, Example)>,
    /// Which enabled choices led to the same state, per node.
    pub consequence: consequence::Tallies,
}

impl Findings {
    pub(crate) fn ending(&mut self, node: NodeIdx, example: Example) {
        match self.endings.get_mut(&node) {
            Some(f) => f.add(example),
            None => {
                self.endings.insert(node, Found::new(example));
            }
        }
    }

    pub(crate) fn problem(
        &mut self,
        node: NodeIdx,
        kind: ProblemKind,
        message: String,
        ex: Example,
    ) {
        match self.problems.get_mut(&(node, kind, message.clone())) {
            Some(f) => f.add(ex),
            None => {
                self.problems.insert((node, kind, message), Found::new(ex));
            }
        }
    }

    pub(crate) fn longest(&mut self, example: &Example) {
        let len = example.script.len();
        let better = match &self.longest {
            None => true,
            Some((l, e)) => len > *l || (len == *l && example.order < e.order),
        };
        if better {
            self.longest = Some((len, example.clone()));
        }
    }

    /// Adds another run's problems for the same role, keeping the earliest example of each.
    pub(crate) fn merge_problems(
        &mut self,
        problems: BTreeMap<(NodeIdx, ProblemKind, String), Found>,
    ) {
        for (k, f) in problems {
            match self.problems.get_mut(&k) {
                Some(mine) => mine.absorb(f),
                None => {
                    self.problems.insert(k, f);
                }
            }
        }
    }

    /// Adds another worker's findings for the same role.
    pub(crate) fn merge(&mut self, other: Findings) {
        for (k, f) in other.endings {
            match self.endings.get_mut(&k) {
                Some(mine) => mine.absorb(f),
                None => {
                    self.endings.insert(k, f);
                }
            }
        }
        self.merge_problems(other.problems);
        self.playthroughs += other.playthroughs;
        self.finished += other.finished;
        self.unfinished += other.unfinished;
        self.total_length += other.total_length;
        if let Some((_, e)) = other.longest {
            self.longest(&e);
        }
        self.consequence.merge(other.consequence);
    }
}

/// Explores `story` as `options` say.
pub fn explore(story: &Arc<Story>, options: &Options) -> Result<Report, ExploreError> {
    let started = Instant::now();
    let roles = select_roles(story, &options.roles)?;
    let index = ChoiceIndex::new(story);
    let mut tally = Tally::new(story, &index);
    let mut sample_tally = Tally::new(story, &index);
    let mut samples: Vec<(usize, Findings)> = Vec::new();
    let sample_after_cap = match options.mode {
        Mode::Exhaustive { max_states } => sample_runs(max_states),
        Mode::Random { .. } => 0,
    };
    let mut per_role = Vec::new();
    let progress = options.progress.then(|| match options.mode {
        Mode::Random { runs, .. } => {
            random::progress_bar(runs.saturating_mul(roles.len() as u64), "playthroughs")
        }
        Mode::Exhaustive { max_states } => random::progress_bar(
            (max_states as u64).saturating_mul(roles.len() as u64),
            "states (at most)",
        ),
    });
    for &role in &roles {
        if let (Some(bar), Some(r)) = (&progress, story.roles.get(role)) {
            bar.set_prefix(r.id.clone());
        }
        let findings = match options.mode {
            Mode::Exhaustive { max_states } => {
                let mut f = walk::walk(
                    story,
                    role,
                    max_states,
                    options.threads,
                    &index,
                    &mut tally,
                    progress.as_ref(),
                );
                walk::find_seeds(story, role, &mut f);
                if !f.complete {
                    let found = random::run(
                        story,
                        role,
                        sample_after_cap,
                        0,
                        options,
                        &index,
                        &mut sample_tally,
                        None,
                    );
                    samples.push((role, found));
                }
                f
            }
            Mode::Random { runs, seed } => random::run(
                story,
                role,
                runs,
                seed,
                options,
                &index,
                &mut tally,
                progress.as_ref(),
            ),
        };
        per_role.push((role, findings));
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let seconds = started.elapsed().as_secs_f64();
    let counted = Counted {
        tally: &tally,
        sampling: (!samples.is_empty()).then_some(Sampling {
            samples,
            tally: &sample_tally,
            runs: sample_after_cap,
        }),
    };
    Ok(report(
        story, options, &roles, per_role, counted, &index, seconds,
    ))
}

fn select_roles(story: &Story, wanted: &[String]) -> Result<Vec<usize>, ExploreError> {
    if story.roles.is_empty() {
        return Err(ExploreError::NoRoles);
    }
    if wanted.is_empty() {
        return Ok((0..story.roles.len()).collect());
    }
    let mut out = Vec::new();
    for w in wanted {
        let Some(r) = story.role(w) else {
            return Err(ExploreError::UnknownRole {
                role: w.clone(),
                known: story.role_list(),
            });
        };
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

fn replay(story: &Story, role: usize, example: &Example) -> Replay {
    Replay {
        role: story
            .roles
            .get(role)
            .map(|r| r.id.clone())
            .unwrap_or_default(),
        seed: example.seed,
        script: example.script.clone(),
    }
}

/// The random playthroughs that followed cut-short walks: each role's findings, their
/// coverage, and how many ran per role.
struct Sampling<'a> {
    samples: Vec<(usize, Findings)>,
    tally: &'a Tally,
    runs: u64,
}

/// The walk's (or the random mode's) counts, and the sampling after a cut-short walk.
struct Counted<'a> {
    tally: &'a Tally,
    sampling: Option<Sampling<'a>>,
}

fn report(
    story: &Story,
    options: &Options,
    roles: &[usize],
    mut per_role: Vec<(usize, Findings)>,
    counted: Counted,
    index: &ChoiceIndex,
    seconds: f64,
) -> Report {
    let Counted { tally, sampling } = counted;
    // A soft-lock or play error the sampling found past a cut-short walk is a problem like any.
    if let Some(sampling) = &sampling {
        for (role, f) in &sampling.samples {
            if let Some((_, walked)) = per_role.iter_mut().find(|(r, _)| r == role) {
                walked.merge_problems(f.problems.clone());
            }
        }
    }
    let random = matches!(options.mode, Mode::Random { .. });
    let in_reach = reachable_from(
        story,
        roles
            .iter()
            .filter_map(|&r| story.roles.get(r))
            .map(|r| r.start),
    );
    let total_playthroughs = per_role.iter().map(|(_, f)| f.playthroughs).sum::<u64>();
    let vars = roles
        .first()
        .and_then(|&r| story.roles.get(r))
        .map(|r| r.values.clone())
        .unwrap_or_default();
    let (inconsequential, consequence) = consequence::report(story, &per_role, &vars);
    let (role_reports, problems, mut reached) = role_reports(story, random, per_role);
    // After a cut-short walk, the sample's endings count as reached and its visits as coverage.
    let coverage = sampling.as_ref().map(|sampling| {
        let mut both = tally.clone();
        both.merge_coverage(sampling.tally);
        both
    });
    let tally = coverage.as_ref().unwrap_or(tally);
    let sampled = sampling.map(|Sampling { samples, runs, .. }| {
        let mut endings = Vec::new();
        for (role, f) in &samples {
            for (&node, found) in &f.endings {
                let Some(seen) = reached.get_mut(node as usize) else {
                    continue;
                };
                if *seen {
                    continue;
                }
                *seen = true;
                if let Some(n) = story.node(node)
                    && let Exit::Ending(e) = &n.exit
                {
                    endings.push(EndingHit {
                        id: e.id.clone(),
                        title: e.title.clone(),
                        node: n.key.to_string(),
                        count: found.count,
                        share: None,
                        example: replay(story, *role, &found.example),
                    });
                }
            }
        }
        Sampled {
            runs,
            seed: 0,
            roles: samples
                .iter()
                .filter_map(|(r, _)| story.roles.get(*r).map(|r| r.id.clone()))
                .collect(),
            endings,
        }
    });
    let all_roles = roles.len() == story.roles.len();
    let reach = |n: usize| in_reach.get(n).copied().unwrap_or(false);
    let unreached_endings = story
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| (all_roles || reach(*i)) && !reached[*i])
        .filter_map(|(_, n)| match &n.exit {
            Exit::Ending(e) => Some(Unreached {
                id: e.id.clone(),
                title: e.title.clone(),
                node: n.key.to_string(),
            }),
            _ => None,
        })
        .collect();
    Report {
        story: story.meta.title.clone(),
        mode: options.mode.kind(),
        seed: match options.mode {
            Mode::Random { seed, .. } => Some(seed),
            Mode::Exhaustive { .. } => None,
        },
        roles: role_reports,
        nodes: node_coverage(story, tally, &in_reach),
        choices: choice_coverage(story, tally, index, &in_reach, &vars),
        texts: text_coverage(story, tally, index, &in_reach),
        problems,
        unreached_endings,
        sampled,
        clamps: clamps(story, tally),
        inconsequential,
        consequence,
        balance: balance::balance(story, &tally.ending_values),
        seconds,
        playthroughs_per_second: (random && seconds > 0.0)
            .then(|| total_playthroughs as f64 / seconds),
    }
}

/// Each role's report and problems, and which nodes were reached as endings by any role.
fn role_reports(
    story: &Story,
    random: bool,
    per_role: Vec<(usize, Findings)>,
) -> (Vec<RoleReport>, Vec<Problem>, Vec<bool>) {
    let mut problems = Vec::new();
    let mut reached = vec![false; story.nodes.len()];
    let mut role_reports = Vec::new();
    for (role, f) in per_role {
        let endings = f
            .endings
            .iter()
            .filter_map(|(&n, found)| {
                let node = story.node(n)?;
                let Exit::Ending(e) = &node.exit else {
                    return None;
                };
                if let Some(r) = reached.get_mut(n as usize) {
                    *r = true;
                }
                Some(EndingHit {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    node: node.key.to_string(),
                    count: found.count,
                    share: (random && f.finished > 0)
                        .then(|| found.count as f64 / f.finished as f64),
                    example: replay(story, role, &found.example),
                })
            })
            .collect();
        for ((n, kind, message), found) in &f.problems {
            problems.push(Problem {
                kind: *kind,
                node: story.key_of(*n),
                message: message.clone(),
                count: found.count,
                example: replay(story, role, &found.example),
            });
        }
        let Some(r) = story.roles.get(role) else {
            continue;
        };
        role_reports.push(RoleReport {
            role: r.id.clone(),
            name: r.name.clone(),
            playthroughs: f.playthroughs,
            complete: f.complete,
            endings,
            finished: f.finished,
            unfinished: f.unfinished,
            average_path: (random && f.finished > 0)
                .then(|| f.total_length as f64 / f.finished as f64),
            longest_path: f.longest.as_ref().map(|(_, e)| replay(story, role, e)),
        });
    }
    (role_reports, problems, reached)
}

fn node_coverage(story: &Story, tally: &Tally, in_reach: &[bool]) -> Vec<NodeCoverage> {
    story
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| NodeCoverage {
            node: n.key.to_string(),
            scene: story
                .scenes
                .get(n.scene as usize)
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            hits: tally.node_hits.get(i).copied().unwrap_or(0),
            in_reach: in_reach.get(i).copied().unwrap_or(false),
        })
        .collect()
}

/// Every choice's counts; its text rendered with `vars` (the first explored role's start).
fn choice_coverage(
    story: &Story,
    tally: &Tally,
    index: &ChoiceIndex,
    in_reach: &[bool],
    vars: &[crate::story::Value],
) -> Vec<ChoiceCoverage> {
    let mut choices = Vec::new();
    for (i, n) in story.nodes.iter().enumerate() {
        if let Exit::Choices(cs) = &n.exit {
            for (c, choice) in cs.iter().enumerate() {
                let flat = index.flat(i as NodeIdx, c);
                choices.push(ChoiceCoverage {
                    node: n.key.to_string(),
                    number: c + 1,
                    text: choice.text.render(vars),
                    enabled: tally.choice_enabled.get(flat).copied().unwrap_or(false),
                    always_disabled: choice.requires.as_ref().is_some_and(|r| {
                        matches!(r.kind, ExprKind::Lit(crate::story::Value::Bool(false)))
                    }),
                    taken: tally.choice_taken.get(flat).copied().unwrap_or(0),
                    in_reach: in_reach.get(i).copied().unwrap_or(false),
                });
            }
        }
    }
    choices
}

fn text_coverage(
    story: &Story,
    tally: &Tally,
    index: &ChoiceIndex,
    in_reach: &[bool],
) -> Vec<TextCoverage> {
    let mut texts = Vec::new();
    for (i, n) in story.nodes.iter().enumerate() {
        for (f, branches) in n.text.fragments().into_iter().enumerate() {
            let count = branches.len();
            for (b, preview) in branches.into_iter().enumerate() {
                let shown = index
                    .branch(i as NodeIdx, f, b)
                    .and_then(|k| tally.text_shown.get(k))
                    .copied()
                    .unwrap_or(0);
                texts.push(TextCoverage {
                    node: n.key.to_string(),
                    fragment: f + 1,
                    branch: b + 1,
                    is_else: b + 1 == count,
                    preview,
                    shown,
                    in_reach: in_reach.get(i).copied().unwrap_or(false),
                });
            }
        }
    }
    texts
}

/// The clamps counted, most frequent first (then by variable, node and bound: a stable order).
fn clamps(story: &Story, tally: &Tally) -> Vec<Clamp> {
    let mut clamps: Vec<Clamp> = tally
        .clamps
        .iter()
        .filter_map(|(k, c)| {
            let v = story.variables.get(k.var)?;
            let bound = if k.above {
                format!("max {}", v.max?)
            } else {
                format!("min {}", v.min?)
            };
            Some(Clamp {
                variable: v.id.clone(),
                bound,
                node: story.key_of(k.node),
                count: c.count,
                wanted: c.wanted,
            })
        })
        .collect();
    clamps.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.variable.cmp(&b.variable))
            .then_with(|| a.node.cmp(&b.node))
            .then_with(|| a.bound.cmp(&b.bound))
    });
    clamps
}

/// Replays `script` from `seed` without text; the session at the end, or `None` when a choice
/// could not be taken.
pub(crate) fn replay_to(
    story: &Arc<Story>,
    role: usize,
    seed: u64,
    script: &[usize],
) -> Option<Session> {
    let id = story.roles.get(role)?.id.clone();
    let mut s = Session::start_with(Arc::clone(story), &id, seed, false).ok()?;
    s.keep_undo(false);
    for &c in script {
        s.choose(c.checked_sub(1)?).ok()?;
    }
    Some(s)
}
