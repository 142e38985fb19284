//! Exhaustive mode: a walk of every reachable state of one role, breadth first except that
//! states reaching a node for the first time go ahead of the queue.
//!
//! The walk is one sequence: states are taken in that order and the states they lead to are
//! numbered and queued in that order, which alone decides the report. Expanding a state (the
//! costly part: playing each choice and outcome) depends only on the state, so worker threads
//! expand the states at the front of the queue ahead of time (see [`super::pool`]) and the
//! calling thread merges their results in the walk's order: the report is the same for any
//! number of threads, and the same as the single-threaded walk.

use std::sync::Arc;

use indicatif::ProgressBar;

use super::batch::Queue;
use super::expand::{Child, Expanded, Expander, Expansion, Shared};
use super::pack::Texts;
use super::pool;
use super::seen::{Met, Seen};
use super::tally::{Branching, ChoiceIndex, Tally};
use super::{Example, Findings, ProblemKind, SEED_TRIES, replay_to};
use crate::session::{Session, StartError};
use crate::story::expr::{Effect, Expr};
use crate::story::{Exit, NodeIdx, Story, Target};

/// States merged between progress bar updates.
const PROGRESS_STEP: u32 = 4096;

/// The variables that can change which choices show, which are enabled, which random outcome is
/// drawn or which branch of a node's text shows: those read by conditions, weights and text,
/// and those read by effects on such variables.
pub(crate) fn control_variables(story: &Story) -> Vec<bool> {
    let mut control = vec![false; story.variables.len()];
    let mark = |control: &mut Vec<bool>, e: &Expr| {
        e.for_each_var(&mut |v| {
            if let Some(c) = control.get_mut(v as usize) {
                *c = true;
            }
        });
    };
    let mut effects: Vec<&Effect> = Vec::new();
    for node in &story.nodes {
        node_conditions(node, &mut |e| mark(&mut control, e));
        effects.extend(node_effects(node));
    }
    // An effect on a control variable makes the variables it reads control variables too.
    loop {
        let before = control.iter().filter(|c| **c).count();
        for e in &effects {
            if control.get(e.var as usize).copied().unwrap_or(false) {
                mark(&mut control, &e.value);
            }
        }
        if control.iter().filter(|c| **c).count() == before {
            return control;
        }
    }
}

/// How the walk first reached a state.
#[derive(Debug, Clone, Copy)]
struct Visit {
    /// The state it was reached from; `u32::MAX` for a start state.
    parent: u32,
    /// The choice taken there, from 1.
    choice: u32,
    depth: u32,
}

/// The walk's order and what it found: everything that decides the report.
pub(super) struct Walk {
    max_states: usize,
    /// Live-packed states met so far; a state's id is its index in `visits`.
    seen: Seen,
    visits: Vec<Visit>,
    /// States still to expand (id and fully packed state), those first to reach their node
    /// ahead of the rest: the walk covers every node early even when it has to stop at the
    /// bound, and a complete walk visits the same states either way.
    pub(super) firsts: Queue,
    pub(super) queue: Queue,
    node_seen: Vec<bool>,
    /// The first state found at the greatest depth, and its node.
    deepest: Option<(u32, NodeIdx)>,
    findings: Findings,
    /// Where the progress bar stood when this role began.
    progress: Option<(ProgressBar, u64)>,
}

/// The choices leading to state `id`.
fn path(visits: &[Visit], mut id: u32) -> Vec<usize> {
    let mut out = Vec::new();
    while let Some(v) = visits.get(id as usize) {
        if v.parent == u32::MAX {
            break;
        }
        out.push(v.choice as usize);
        id = v.parent;
    }
    out.reverse();
    out
}

impl Walk {
    fn path(&self, id: u32) -> Vec<usize> {
        path(&self.visits, id)
    }

    fn example(&self, node: NodeIdx, script: Vec<usize>) -> Example {
        Example {
            order: self.visits.len() as u64,
            node,
            seed: None,
            script,
        }
    }

    /// Counts a problem; its example path is only built for the first of its kind, as a later
    /// one never replaces it (examples keep the earliest, and the walk only goes forward).
    fn problem(
        &mut self,
        node: NodeIdx,
        kind: ProblemKind,
        message: String,
        script: impl FnOnce(&Walk) -> Vec<usize>,
    ) {
        if let Some(found) = self
            .findings
            .problems
            .get_mut(&(node, kind, message.clone()))
        {
            found.count += 1;
            return;
        }
        let ex = self.example(node, script(self));
        self.findings.problem(node, kind, message, ex);
    }

    /// Records a state reached from `parent` by `choice` (from 1), packed in `bytes`;
    /// queues it when new.
    fn reach(&mut self, child: &Child, bytes: &[u8], parent: Option<u32>, choice: u32) {
        let key = bytes.get(child.key.clone()).unwrap_or(&[]);
        let room = self.visits.len() < self.max_states;
        let met = self.seen.meet(child.hash, key, room);
        if met == Met::Before {
            return;
        }
        if child.ended {
            self.findings.finished += 1;
            // As for problems, only the first path to an ending is ever reported.
            if let Some(found) = self.findings.endings.get_mut(&child.node) {
                found.count += 1;
            } else {
                let mut script = parent.map(|p| self.path(p)).unwrap_or_default();
                if parent.is_some() {
                    script.push(choice as usize);
                }
                let example = self.example(child.node, script);
                self.findings.ending(child.node, example);
            }
        }
        let Met::New(id) = met else {
            // Past the bound (or past `u32::MAX` states).
            self.findings.complete = false;
            return;
        };
        let depth = parent
            .and_then(|p| self.visits.get(p as usize))
            .map_or(0, |v| v.depth + 1);
        self.visits.push(Visit {
            parent: parent.unwrap_or(u32::MAX),
            choice,
            depth,
        });
        let deeper = self
            .deepest
            .and_then(|(d, _)| self.visits.get(d as usize))
            .is_none_or(|d| depth > d.depth);
        if deeper {
            self.deepest = Some((id, child.node));
        }
        if !child.ended {
            let full = match &child.full {
                Some(range) => bytes.get(range.clone()).unwrap_or(&[]),
                None => key,
            };
            let first = self
                .node_seen
                .get_mut(child.node as usize)
                .is_some_and(|seen| !std::mem::replace(seen, true));
            if first {
                self.firsts.push(id, full);
            } else {
                self.queue.push(id, full);
            }
        }
    }

    /// Adds what expanding state `id` found, in the walk's order; `out` holds its steps.
    pub(super) fn merge(&mut self, id: u32, expansion: &Expansion, out: &Expanded) {
        if id.is_multiple_of(PROGRESS_STEP)
            && let Some((bar, start)) = &self.progress
        {
            bar.set_position(start + self.visits.len() as u64);
        }
        match expansion {
            Expansion::Invalid => {}
            Expansion::Stuck { node, visible } => {
                let message = soft_lock_message(*visible);
                self.problem(*node, ProblemKind::SoftLock, message, |w| w.path(id));
            }
            Expansion::Steps {
                node,
                steps,
                verdict,
            } => {
                let consequence = &mut self.findings.consequence;
                let visits = &self.visits;
                consequence.add(*node, verdict, || Example {
                    order: visits.len() as u64,
                    node: *node,
                    seed: None,
                    script: path(visits, id),
                });
                for step in out.steps.get(steps.clone()).unwrap_or(&[]) {
                    match &step.outcome {
                        Ok(child) => self.reach(child, &out.bytes, Some(id), step.choice),
                        Err(message) => {
                            let message = message.clone();
                            self.problem(*node, ProblemKind::PlayError, message, |w| {
                                let mut script = w.path(id);
                                script.push(step.choice as usize);
                                script
                            });
                        }
                    }
                }
            }
        }
    }

    /// Stops the walk where it is, as at the bound (a worker thread was lost).
    pub(super) fn cut_short(&mut self) {
        self.findings.complete = false;
        self.firsts.clear();
        self.queue.clear();
    }
}

/// Per node, the control variables that can still be read from there on (live variables): at
/// an ending none, in the last scene only the ones its conditions read. States that differ only
/// in variables no longer read have the same futures, so the walk keeps one of them.
pub(crate) fn live_variables(story: &Story, control: &[bool]) -> Vec<Vec<bool>> {
    let n = story.variables.len();
    let local: Vec<Vec<bool>> = story
        .nodes
        .iter()
        .map(|node| {
            let mut read = vec![false; n];
            let mut mark = |e: &Expr| {
                e.for_each_var(&mut |v| {
                    if let Some(r) = read.get_mut(v as usize) {
                        *r = true;
                    }
                });
            };
            node_conditions(node, &mut mark);
            for e in node_effects(node) {
                mark(&e.value);
            }
            // `x += 1` reads x, and writing any variable keeps it in the state.
            for e in node_effects(node) {
                if let Some(r) = read.get_mut(e.var as usize) {
                    *r = true;
                }
            }
            read.iter().zip(control).map(|(r, c)| *r && *c).collect()
        })
        .collect();
    let mut live = local.clone();
    loop {
        let mut changed = false;
        for i in (0..story.nodes.len()).rev() {
            for (succ, _) in story.edges(i as NodeIdx) {
                let Some(theirs) = live.get(succ as usize).cloned() else {
                    continue;
                };
                for (mine, t) in live[i].iter_mut().zip(theirs) {
                    if t && !*mine {
                        *mine = true;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return live;
        }
    }
}

/// Calls `f` with every expression of a node that decides what happens or shows: choice `when`
/// and `requires`, outcome and candidate weights, candidate `when`, and the node text's `{if}`
/// conditions (which branch of the text shows is reported too).
fn node_conditions(node: &crate::story::Node, f: &mut impl FnMut(&Expr)) {
    node.text.for_each_condition(f);
    match &node.exit {
        Exit::Choices(cs) => {
            for c in cs {
                [&c.when, &c.requires]
                    .into_iter()
                    .flatten()
                    .for_each(&mut *f);
                if let Target::Outcomes(os) = &c.target {
                    os.iter().for_each(|o| f(&o.weight));
                }
            }
        }
        Exit::Pick(cands) => {
            for c in cands {
                f(&c.weight);
                c.when.iter().for_each(&mut *f);
            }
        }
        Exit::Next(_) | Exit::Ending(_) => {}
    }
}

/// Every effect a node can apply: on entry, by a choice, by an outcome.
fn node_effects(node: &crate::story::Node) -> Vec<&Effect> {
    let mut out: Vec<&Effect> = node.effects.iter().collect();
    if let Exit::Choices(cs) = &node.exit {
        for c in cs {
            out.extend(&c.effects);
            if let Target::Outcomes(os) = &c.target {
                for o in os {
                    out.extend(&o.effects);
                }
            }
        }
    }
    out
}

/// Walks every state `role` can reach, up to `max_states`, following every random outcome;
/// `threads` threads expand states (see the module comment: the result does not depend on it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn walk(
    story: &Arc<Story>,
    role: usize,
    max_states: usize,
    threads: usize,
    index: &ChoiceIndex,
    tally: &mut Tally,
    progress: Option<&ProgressBar>,
) -> Findings {
    let start_count = progress.map_or(0, ProgressBar::position);
    let live = live_variables(story, &control_variables(story));
    let all_live: Vec<bool> = live.iter().map(|l| l.iter().all(|k| *k)).collect();
    let all = vec![true; story.variables.len()];
    let texts = Texts::default();
    let read_live = super::reads::live_in(story);
    let relevant = super::reads::role_variables(story, role);
    let shared = Shared {
        index,
        live: &live,
        all: &all,
        all_live: &all_live,
        texts: &texts,
        read_live: &read_live,
        relevant: &relevant,
    };
    let max_states = max_states.max(1);
    let mut w = Walk {
        max_states,
        seen: Seen::default(),
        visits: Vec::new(),
        firsts: Queue::default(),
        queue: Queue::default(),
        node_seen: vec![false; story.nodes.len()],
        deepest: None,
        findings: Findings {
            complete: true,
            ..Findings::default()
        },
        progress: progress.map(|bar| (bar.clone(), start_count)),
    };
    let Some(role_id) = story.roles.get(role).map(|r| r.id.clone()) else {
        return w.findings;
    };
    // The calling thread's expander packs the start states and expands the states that go
    // ahead of the queue.
    let mut main = Expander::new(Arc::clone(story), role, &shared);
    let mut scripts = vec![Vec::new()];
    while let Some(script) = scripts.pop() {
        let mut fate = Branching::new(&script, tally, story, index);
        let started = Session::start_fated(Arc::clone(story), &role_id, 0, false, &mut fate);
        scripts.append(&mut fate.branches);
        match started {
            Ok(s) => {
                let mut bytes = Vec::new();
                let child = main.child(s.state(), s.is_ended(), &mut bytes);
                w.reach(&child, &bytes, None, 0);
            }
            Err(StartError::Play(e)) => {
                let start = story.roles.get(role).map_or(0, |r| r.start);
                let ex = w.example(start, Vec::new());
                w.findings
                    .problem(start, ProblemKind::PlayError, e.to_string(), ex);
            }
            Err(StartError::UnknownRole { .. } | StartError::UnknownPreset { .. }) => {
                return w.findings;
            }
        }
    }
    for t in pool::run(&mut w, &mut main, story, role, threads, &shared) {
        tally.merge(&t);
    }
    tally.merge(&main.tally);
    w.findings.playthroughs = w.visits.len() as u64;
    if let Some(bar) = progress {
        // The role's share of the bar is its bound: skip what it did not need.
        bar.set_position(start_count + max_states as u64);
    }
    if let Some((id, node)) = w.deepest {
        let ex = w.example(node, w.path(id));
        w.findings.longest(&ex);
    }
    w.findings
}

/// The message for a soft-lock with `visible` choices, all disabled.
pub(crate) fn soft_lock_message(visible: usize) -> String {
    match visible {
        0 => "no ending and no visible choice".to_owned(),
        1 => "no ending and the only visible choice is disabled".to_owned(),
        n => format!("no ending and all {n} visible choices are disabled"),
    }
}

/// Finds, for each example of the walk, a seed whose random draws follow the same path.
pub(crate) fn find_seeds(story: &Arc<Story>, role: usize, findings: &mut Findings) {
    for (&node, found) in &mut findings.endings {
        found.example.seed = seed_for(story, role, &found.example.script, |s| {
            s.is_ended() && s.state().node == node
        });
    }
    for ((node, kind, _), found) in &mut findings.problems {
        let node = *node;
        found.example.seed = match kind {
            ProblemKind::SoftLock => seed_for(story, role, &found.example.script, |s| {
                s.state().node == node && !s.is_ended() && !s.choice_flags().contains(&true)
            }),
            // The last choice fails: the seed must bring the path to the node before it.
            ProblemKind::PlayError => {
                let script = &found.example.script;
                let before = &script[..script.len().saturating_sub(1)];
                seed_for(story, role, before, |s| {
                    s.state().node == node
                        && script
                            .last()
                            .is_none_or(|&c| s.clone().choose(c.saturating_sub(1)).is_err())
                })
            }
        };
    }
    if let Some((_, ex)) = &mut findings.longest {
        let node = ex.node;
        ex.seed = seed_for(story, role, &ex.script, |s| s.state().node == node);
    }
    for t in findings.consequence.nodes.values_mut() {
        for pair in t.pairs.values_mut() {
            if pair.same == pair.both
                && let Some(seen) = &mut pair.seen
            {
                let node = seen.example.node;
                seen.example.seed = seed_for(story, role, &seen.example.script, |s| {
                    s.state().node == node && !s.is_ended()
                });
            }
        }
    }
}

fn seed_for(
    story: &Arc<Story>,
    role: usize,
    script: &[usize],
    is_target: impl Fn(&Session) -> bool,
) -> Option<u64> {
    (0..SEED_TRIES)
        .find(|&seed| replay_to(story, role, seed, script).is_some_and(|s| is_target(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::explore::pack::tests::minimal;

    #[test]
    fn variables_no_longer_read_do_not_split_states() {
        let story = minimal();
        let live = live_variables(&story, &control_variables(&story));
        let var = |id: &str| story.variable(id).expect("variable");
        let node = |key: &str| story.node_by_key(key).expect("node") as usize;
        // At the start, suspicion gates a choice and weighs outcomes: it matters.
        assert!(live[node("camp.start")][var("suspicion")]);
        // `name` is only shown in text: it never splits states.
        assert!(!live[node("camp.start")][var("name")]);
        // At an ending nothing is read any more.
        assert!(!live[node("camp.rain")].iter().any(|l| *l));
    }
}
