//! Exhaustive mode: a walk of every reachable state of one role, breadth first except that
//! states reaching a node for the first time go ahead of the queue.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use indicatif::ProgressBar;

use super::tally::{Branching, ChoiceIndex, Tally};
use super::{Example, Findings, ProblemKind, SEED_TRIES, replay_to};
use crate::session::{PlayState, Session, StartError};
use crate::story::expr::{Effect, Expr, Type};
use crate::story::{Exit, NodeIdx, Story, Target, Value};

/// States expanded between progress bar updates.
const PROGRESS_STEP: u32 = 4096;

/// States packed into bytes: the node, each kept variable (a bool as a byte, an int as a
/// zigzag varint, a text as an interned number), then the once-only flags as bits. A million
/// states of the bundled story take about 100 MB this way instead of about 700 MB.
struct Packer {
    types: Vec<Type>,
    texts: HashMap<Arc<str>, u32>,
    text_list: Vec<Arc<str>>,
}

impl Packer {
    fn new(story: &Story) -> Packer {
        Packer {
            types: story.variables.iter().map(|v| v.ty).collect(),
            texts: HashMap::new(),
            text_list: Vec::new(),
        }
    }

    /// Packs the state, keeping the variables whose `keep` flag is set.
    fn pack(&mut self, state: &PlayState, keep: &[bool]) -> Box<[u8]> {
        let mut out = Vec::with_capacity(8 + state.vars.len() + state.taken.len() / 8);
        varint(&mut out, u64::from(state.node));
        for (v, _) in state.vars.iter().zip(keep).filter(|(_, k)| **k) {
            match v {
                Value::Bool(b) => out.push(u8::from(*b)),
                Value::Int(i) => varint(&mut out, ((i << 1) ^ (i >> 63)) as u64),
                Value::Text(t) => {
                    let next = self.text_list.len() as u32;
                    let n = *self.texts.entry(Arc::clone(t)).or_insert(next);
                    if n == next {
                        self.text_list.push(Arc::clone(t));
                    }
                    varint(&mut out, u64::from(n));
                }
            }
        }
        for bits in state.taken.chunks(8) {
            out.push(
                bits.iter()
                    .rev()
                    .fold(0, |acc, b| (acc << 1) | u8::from(*b)),
            );
        }
        out.into_boxed_slice()
    }

    /// Unpacks a state packed with every variable kept: (node, variables, once-only flags).
    fn unpack(&self, bytes: &[u8], taken_len: usize) -> Option<(NodeIdx, Vec<Value>, Vec<bool>)> {
        let mut at = 0;
        let node = NodeIdx::try_from(read_varint(bytes, &mut at)?).ok()?;
        let mut vars = Vec::with_capacity(self.types.len());
        for ty in &self.types {
            vars.push(match ty {
                Type::Bool => {
                    let b = *bytes.get(at)?;
                    at += 1;
                    Value::Bool(b != 0)
                }
                Type::Int => {
                    let z = read_varint(bytes, &mut at)?;
                    Value::Int(((z >> 1) as i64) ^ -((z & 1) as i64))
                }
                Type::Text => {
                    let n = read_varint(bytes, &mut at)?;
                    Value::Text(Arc::clone(self.text_list.get(n as usize)?))
                }
            });
        }
        let taken = (0..taken_len)
            .map(|i| bytes.get(at + i / 8).map(|b| (b >> (i % 8)) & 1 == 1))
            .collect::<Option<Vec<bool>>>()?;
        Some((node, vars, taken))
    }
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

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

struct Walk<'a> {
    story: &'a Arc<Story>,
    max_states: usize,
    /// Per node, the variables that make states there differ (see [`live_variables`]), and all.
    live: Vec<Vec<bool>>,
    all: Vec<bool>,
    packer: Packer,
    /// Packed state (control variables only) to its id.
    seen: HashMap<Box<[u8]>, u32>,
    visits: Vec<Visit>,
    /// States still to expand (id and fully packed state), those first to reach their node
    /// ahead of the rest: the walk covers every node early even when it has to stop at the
    /// bound, and a complete walk visits the same states either way.
    firsts: VecDeque<(u32, Box<[u8]>)>,
    queue: VecDeque<(u32, Box<[u8]>)>,
    node_seen: Vec<bool>,
    /// The first state found at the greatest depth, and its node.
    deepest: Option<(u32, NodeIdx)>,
    findings: Findings,
}

impl Walk<'_> {
    fn path(&self, mut id: u32) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(v) = self.visits.get(id as usize) {
            if v.parent == u32::MAX {
                break;
            }
            out.push(v.choice as usize);
            id = v.parent;
        }
        out.reverse();
        out
    }

    fn example(&self, node: NodeIdx, script: Vec<usize>) -> Example {
        Example {
            order: self.visits.len() as u64,
            node,
            seed: None,
            script,
        }
    }

    /// Records a state reached from `parent` by `choice` (from 1); queues it when new.
    fn reach(&mut self, state: PlayState, parent: Option<u32>, choice: usize, ended: bool) {
        let keep = self.live.get(state.node as usize).unwrap_or(&self.all);
        let key = self.packer.pack(&state, keep);
        if self.seen.contains_key(&key) {
            return;
        }
        if ended {
            let mut script = parent.map(|p| self.path(p)).unwrap_or_default();
            if parent.is_some() {
                script.push(choice);
            }
            let example = self.example(state.node, script);
            self.findings.ending(state.node, example);
            self.findings.finished += 1;
        }
        if self.visits.len() >= self.max_states {
            self.findings.complete = false;
            return;
        }
        let depth = parent
            .and_then(|p| self.visits.get(p as usize))
            .map_or(0, |v| v.depth + 1);
        let id = self.visits.len() as u32;
        self.visits.push(Visit {
            parent: parent.unwrap_or(u32::MAX),
            choice: choice as u32,
            depth,
        });
        self.seen.insert(key, id);
        let deeper = self
            .deepest
            .and_then(|(d, _)| self.visits.get(d as usize))
            .is_none_or(|d| depth > d.depth);
        if deeper {
            self.deepest = Some((id, state.node));
        }
        if !ended {
            let full = self.packer.pack(&state, &self.all);
            let first = self
                .node_seen
                .get_mut(state.node as usize)
                .is_some_and(|seen| !std::mem::replace(seen, true));
            if first {
                self.firsts.push_back((id, full));
            } else {
                self.queue.push_back((id, full));
            }
        }
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

/// Walks every state `role` can reach, up to `max_states`, following every random outcome.
pub(crate) fn walk(
    story: &Arc<Story>,
    role: usize,
    max_states: usize,
    index: &ChoiceIndex,
    tally: &mut Tally,
    progress: Option<&ProgressBar>,
) -> Findings {
    let start_count = progress.map_or(0, ProgressBar::position);
    let mut w = Walk {
        story,
        max_states: max_states.max(1),
        live: live_variables(story, &control_variables(story)),
        all: vec![true; story.variables.len()],
        packer: Packer::new(story),
        seen: HashMap::new(),
        visits: Vec::new(),
        firsts: VecDeque::new(),
        queue: VecDeque::new(),
        node_seen: vec![false; story.nodes.len()],
        deepest: None,
        findings: Findings {
            complete: true,
            ..Findings::default()
        },
    };
    let Some(role_id) = story.roles.get(role).map(|r| r.id.clone()) else {
        return w.findings;
    };
    let mut scripts = vec![Vec::new()];
    while let Some(script) = scripts.pop() {
        let mut fate = Branching::new(&script, tally, story, index);
        let started = Session::start_fated(Arc::clone(story), &role_id, 0, false, &mut fate);
        scripts.append(&mut fate.branches);
        match started {
            Ok(s) => {
                let ended = s.is_ended();
                w.reach(s.state().clone(), None, 0, ended);
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
    let taken_len = story.once_slots as usize;
    while let Some((id, packed)) = w.firsts.pop_front().or_else(|| w.queue.pop_front()) {
        if id.is_multiple_of(PROGRESS_STEP)
            && let Some(bar) = progress
        {
            bar.set_position(start_count + w.visits.len() as u64);
        }
        let Some((node, vars, taken)) = w.packer.unpack(&packed, taken_len) else {
            continue;
        };
        let session = Session::at(Arc::clone(w.story), role, node, vars, taken, 0, false);
        let offered = tally.offered(&session, index);
        if !offered.iter().any(|(_, enabled)| *enabled) {
            let ex = w.example(node, w.path(id));
            w.findings.problem(
                node,
                ProblemKind::SoftLock,
                soft_lock_message(offered.len()),
                ex,
            );
            continue;
        }
        for (k, &(choice, enabled)) in offered.iter().enumerate() {
            if !enabled {
                continue;
            }
            let mut scripts = vec![Vec::new()];
            while let Some(script) = scripts.pop() {
                tally.took(index, node, choice);
                let mut next = session.clone();
                let mut fate = Branching::new(&script, tally, story, index);
                let result = next.choose_fated(k, &mut fate);
                scripts.append(&mut fate.branches);
                match result {
                    Ok(()) => {
                        let ended = next.is_ended();
                        w.reach(next.state().clone(), Some(id), k + 1, ended);
                    }
                    Err(e) => {
                        let mut script = w.path(id);
                        script.push(k + 1);
                        let ex = w.example(node, script);
                        w.findings
                            .problem(node, ProblemKind::PlayError, e.to_string(), ex);
                    }
                }
            }
        }
    }
    w.findings.playthroughs = w.visits.len() as u64;
    if let Some(bar) = progress {
        // The role's share of the bar is its bound: skip what it did not need.
        bar.set_position(start_count + w.max_states as u64);
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
    use crate::story::{StorySource, load};

    fn minimal() -> Arc<Story> {
        let source = StorySource::from_dir(std::path::Path::new("tests/fixtures/minimal"));
        match source.map(load) {
            Ok(Ok(l)) => Arc::new(l.story),
            _ => panic!("the minimal fixture loads"),
        }
    }

    #[test]
    fn packed_states_unpack_to_the_same_state() {
        let story = minimal();
        let mut packer = Packer::new(&story);
        let all = vec![true; story.variables.len()];
        let taken: Vec<bool> = (0..11).map(|i| i % 3 == 0).collect();
        let vars = vec![
            Value::Int(-7),
            Value::Int(i64::MAX),
            Value::Bool(true),
            Value::Text(Arc::from("Ri")),
        ];
        let s = Session::at(
            Arc::clone(&story),
            0,
            3,
            vars.clone(),
            taken.clone(),
            0,
            false,
        );
        let packed = packer.pack(s.state(), &all);
        assert_eq!(packer.unpack(&packed, taken.len()), Some((3, vars, taken)));
        // Truncated bytes are refused, not misread.
        assert_eq!(packer.unpack(&packed[..packed.len() - 3], 11), None);
    }

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
