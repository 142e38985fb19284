//! Coverage counts shared by both exploration modes, and the fates that fill them.

use std::collections::{BTreeMap, HashMap};

use rand_pcg::Pcg32;

use super::consequence::{Settle, Verdict, chance_of, judge};
use crate::session::{Assigned, Fate, Session, draw};
use crate::story::{Exit, NodeIdx, Story, Value};
use crate::tools::playthrough::Watch;

/// Flat numbering of every choice of every node, and of every branch of every `{if}` fragment
/// of node text, for per-choice and per-branch counters.
#[derive(Debug, Clone)]
pub(crate) struct ChoiceIndex {
    /// First flat index of each node's choices; one extra entry at the end.
    offsets: Vec<usize>,
    /// Per node, the first flat index of each of its text fragments' branches.
    fragments: Vec<Vec<usize>>,
    branches: usize,
}

impl ChoiceIndex {
    pub(super) fn new(story: &Story) -> ChoiceIndex {
        let mut offsets = Vec::with_capacity(story.nodes.len() + 1);
        let mut at = 0;
        for node in &story.nodes {
            offsets.push(at);
            if let Exit::Choices(cs) = &node.exit {
                at += cs.len();
            }
        }
        offsets.push(at);
        let mut branches = 0;
        let fragments = story
            .nodes
            .iter()
            .map(|node| {
                node.text
                    .fragments()
                    .iter()
                    .map(|f| {
                        let start = branches;
                        branches += f.len();
                        start
                    })
                    .collect()
            })
            .collect();
        ChoiceIndex {
            offsets,
            fragments,
            branches,
        }
    }

    /// Number of text branches in the story.
    pub(crate) fn branches(&self) -> usize {
        self.branches
    }

    /// Flat index of branch `branch` of fragment `fragment` of `node`'s text.
    pub(super) fn branch(&self, node: NodeIdx, fragment: usize, branch: usize) -> Option<usize> {
        Some(self.fragments.get(node as usize)?.get(fragment)? + branch)
    }

    /// Number of choices in the story.
    pub(crate) fn len(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// Flat index of choice `choice` (position in the node's list) of `node`.
    pub(super) fn flat(&self, node: NodeIdx, choice: usize) -> usize {
        self.offsets.get(node as usize).copied().unwrap_or(0) + choice
    }
}

/// Where an effect pushed a variable past one end of its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct ClampKey {
    pub var: usize,
    pub node: NodeIdx,
    /// True when the effect went above the maximum.
    pub above: bool,
}

/// How often a clamp happened, with the most extreme value wanted.
#[derive(Debug, Clone, Copy)]
pub(super) struct ClampCount {
    pub count: u64,
    pub wanted: i64,
}

/// Coverage counters: node entries, choices taken and ever enabled, clamps.
#[derive(Debug, Clone)]
pub(super) struct Tally {
    pub node_hits: Vec<u64>,
    pub choice_taken: Vec<u64>,
    pub choice_enabled: Vec<bool>,
    /// Times each text branch was shown (see [`ChoiceIndex::branch`]).
    pub text_shown: Vec<u64>,
    pub clamps: HashMap<ClampKey, ClampCount>,
    /// Per variable, how many endings were reached with each value (booleans as 0 and 1;
    /// texts are not counted).
    pub ending_values: Vec<BTreeMap<i64, u64>>,
    /// Endings reached (random mode: playthroughs; exhaustive mode: steps into an ending).
    pub endings: u64,
    /// This worker's settled nodes, where choices are no longer judged (never merged).
    pub settle: Settle,
}

impl Tally {
    pub(super) fn new(story: &Story, index: &ChoiceIndex) -> Tally {
        Tally {
            node_hits: vec![0; story.nodes.len()],
            choice_taken: vec![0; index.len()],
            choice_enabled: vec![false; index.len()],
            text_shown: vec![0; index.branches()],
            clamps: HashMap::new(),
            ending_values: vec![BTreeMap::new(); story.variables.len()],
            endings: 0,
            settle: Settle::default(),
        }
    }

    /// Counts an ending reached with these values, for the variables `relevant` to the role
    /// (those its part of the story reads or assigns).
    pub(super) fn ended_with(&mut self, vars: &[Value], relevant: &[bool]) {
        self.endings += 1;
        for ((counts, v), _) in self
            .ending_values
            .iter_mut()
            .zip(vars)
            .zip(relevant)
            .filter(|(_, r)| **r)
        {
            let n = match v {
                Value::Int(i) => *i,
                Value::Bool(b) => i64::from(*b),
                Value::Text(_) => continue,
            };
            *counts.entry(n).or_insert(0) += 1;
        }
    }

    /// Adds another tally's counts to this one.
    pub(super) fn merge(&mut self, other: &Tally) {
        self.merge_coverage(other);
        for (k, c) in &other.clamps {
            self.add_clamp(*k, c.count, c.wanted);
        }
        for (mine, theirs) in self.ending_values.iter_mut().zip(&other.ending_values) {
            for (v, n) in theirs {
                *mine.entry(*v).or_insert(0) += n;
            }
        }
        self.endings += other.endings;
    }

    /// Adds another tally's coverage (node visits, choices taken and enabled, text shown) only:
    /// clamps and ending values keep their own counting.
    pub(super) fn merge_coverage(&mut self, other: &Tally) {
        for (a, b) in self.node_hits.iter_mut().zip(&other.node_hits) {
            *a += b;
        }
        for (a, b) in self.choice_taken.iter_mut().zip(&other.choice_taken) {
            *a += b;
        }
        for (a, b) in self.choice_enabled.iter_mut().zip(&other.choice_enabled) {
            *a |= b;
        }
        for (a, b) in self.text_shown.iter_mut().zip(&other.text_shown) {
            *a += b;
        }
    }

    fn add_clamp(&mut self, key: ClampKey, count: u64, wanted: i64) {
        let entry = self
            .clamps
            .entry(key)
            .or_insert(ClampCount { count: 0, wanted });
        entry.count += count;
        entry.wanted = if key.above {
            entry.wanted.max(wanted)
        } else {
            entry.wanted.min(wanted)
        };
    }

    /// The visible choices at the session's node as (position in the node's list, enabled),
    /// marking the enabled ones as seen.
    pub(super) fn offered(&mut self, session: &Session, index: &ChoiceIndex) -> Vec<(usize, bool)> {
        let node = session.state().node;
        let flags = session.choice_flags();
        let visible: Vec<(usize, bool)> = session
            .visible_choices()
            .map(|(i, _)| i)
            .zip(flags)
            .collect();
        for &(i, enabled) in &visible {
            if enabled && let Some(slot) = self.choice_enabled.get_mut(index.flat(node, i)) {
                *slot = true;
            }
        }
        visible
    }

    /// Counts choice `choice` of `node` as taken.
    pub(super) fn took(&mut self, index: &ChoiceIndex, node: NodeIdx, choice: usize) {
        if let Some(slot) = self.choice_taken.get_mut(index.flat(node, choice)) {
            *slot += 1;
        }
    }

    fn entered(&mut self, node: NodeIdx) {
        if let Some(h) = self.node_hits.get_mut(node as usize) {
            *h += 1;
        }
    }

    fn shown(&mut self, node: NodeIdx, vars: &[Value], story: &Story, index: &ChoiceIndex) {
        let Some(n) = story.node(node) else {
            return;
        };
        n.text.shown_branches(vars, &mut |fragment, branch| {
            if let Some(slot) = index
                .branch(node, fragment, branch)
                .and_then(|i| self.text_shown.get_mut(i))
            {
                *slot += 1;
            }
        });
    }

    fn clamped(&mut self, var: usize, wanted: i64, node: NodeIdx, story: &Story) {
        let above = story
            .variables
            .get(var)
            .and_then(|v| v.max)
            .is_some_and(|max| wanted > max);
        self.add_clamp(ClampKey { var, node, above }, 1, wanted);
    }
}

/// Normal seeded draws, counting coverage: random playthroughs.
pub(super) struct Counting<'a> {
    pub tally: &'a mut Tally,
    pub story: &'a Story,
    pub index: &'a ChoiceIndex,
    /// Variables live at each node, to judge the choices offered (see [`judge`]).
    pub live: &'a [Vec<bool>],
    /// Each state choices were offered in: the choices taken before it, its node and verdict.
    pub verdicts: Vec<(usize, NodeIdx, Verdict)>,
}

impl Watch for Counting<'_> {
    fn offered(&mut self, session: &Session) -> Vec<(usize, bool)> {
        let node = session.state().node;
        if !self.tally.settle.settled(node) {
            let verdict = judge(session, self.live);
            if !verdict.0.is_empty() {
                let choices = match self.story.node(node).map(|n| &n.exit) {
                    Some(Exit::Choices(cs)) => cs.len(),
                    _ => 0,
                };
                self.tally.settle.learn(node, choices, &verdict);
                let turn = session.state().turns as usize;
                self.verdicts.push((turn, node, verdict));
            }
        }
        self.tally.offered(session, self.index)
    }
    fn took(&mut self, node: NodeIdx, choice: usize) {
        self.tally.took(self.index, node, choice);
    }
}

impl Fate for Counting<'_> {
    fn entered(&mut self, node: NodeIdx) {
        self.tally.entered(node);
    }
    fn shown(&mut self, node: NodeIdx, vars: &[Value]) {
        self.tally.shown(node, vars, self.story, self.index);
    }
    fn changed(&mut self, a: Assigned<'_>) {
        if let Some(wanted) = a.wanted {
            self.tally.clamped(a.var, wanted, a.at, self.story);
        }
    }
}

/// Draws forced by a script, then the first possible option while noting every other one as a
/// branch to run next: one step run once per combination of random outcomes.
pub(super) struct Branching<'a> {
    pub tally: &'a mut Tally,
    pub story: &'a Story,
    pub index: &'a ChoiceIndex,
    script: &'a [usize],
    drawn: Vec<usize>,
    /// Draw scripts not yet run, found during this step.
    pub branches: Vec<Vec<usize>>,
    /// The chance of the options drawn so far.
    pub chance: f64,
}

impl<'a> Branching<'a> {
    pub(super) fn new(
        script: &'a [usize],
        tally: &'a mut Tally,
        story: &'a Story,
        index: &'a ChoiceIndex,
    ) -> Branching<'a> {
        Branching {
            tally,
            story,
            index,
            script,
            drawn: Vec::new(),
            branches: Vec::new(),
            chance: 1.0,
        }
    }
}

impl Fate for Branching<'_> {
    fn draw(&mut self, rng: &mut Pcg32, weights: &[u64]) -> Option<usize> {
        let pick = match self.script.get(self.drawn.len()) {
            Some(&forced) => Some(forced),
            None => {
                let mut possible = weights
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w > 0)
                    .map(|(i, _)| i);
                let first = possible.next();
                for other in possible {
                    let mut branch = self.drawn.clone();
                    branch.push(other);
                    self.branches.push(branch);
                }
                // No possible option: let the session report it as it would in play.
                first.or_else(|| draw(rng, weights))
            }
        };
        if let Some(p) = pick {
            self.drawn.push(p);
            self.chance *= chance_of(weights, p);
        }
        pick
    }
    fn entered(&mut self, node: NodeIdx) {
        self.tally.entered(node);
    }
    fn shown(&mut self, node: NodeIdx, vars: &[Value]) {
        self.tally.shown(node, vars, self.story, self.index);
    }
    fn changed(&mut self, a: Assigned<'_>) {
        if let Some(wanted) = a.wanted {
            self.tally.clamped(a.var, wanted, a.at, self.story);
        }
    }
}
