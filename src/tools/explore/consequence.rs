//! Choices without consequence: enabled choices of one state whose results are the same state.
//!
//! A choice's result is every state it can lead to (one per combination of random outcomes,
//! with its chance): the node reached after automatic steps, the variables live there (see
//! [`super::reads`]) and the once-only slots. Two choices are the same in a state when their
//! results are; a pair of choices is reported when it was the same in every state explored
//! where both were enabled.

use std::collections::BTreeMap;

use rand_pcg::Pcg32;
use serde::Serialize;

use super::{Example, Findings, Replay};
use crate::session::{Fate, PlayState, Session, draw};
use crate::story::{Exit, NodeIdx, Story, Value};

/// States with more enabled choices than this are not judged: comparing every pair would cost
/// the square of their number (a story of thousands of choices at one node is a generated
/// one, not a writer's).
pub(crate) const MAX_JUDGED: usize = 32;

/// Choices with more combinations of random outcomes than this are not compared.
pub(crate) const MAX_OUTCOMES: usize = 256;

/// Chances closer than this are the same (products of the same weights in another order).
const CHANCE_EPSILON: f64 = 1e-9;

/// What a state leads to, as far as the rest of the story can tell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sig {
    node: NodeIdx,
    ended: bool,
    vars: Vec<Value>,
    taken: Vec<bool>,
}

impl Sig {
    /// The state's node, its variables live there (`live`, by node: at an ending, those its
    /// text shows) and its once-only slots.
    pub(crate) fn of(state: &PlayState, ended: bool, live: &[Vec<bool>]) -> Sig {
        let keep = live.get(state.node as usize);
        let vars = state
            .vars
            .iter()
            .enumerate()
            .filter(|(i, _)| keep.and_then(|k| k.get(*i)).copied().unwrap_or(true))
            .map(|(_, v)| v.clone())
            .collect();
        Sig {
            node: state.node,
            ended,
            vars,
            taken: state.taken.clone(),
        }
    }
}

/// One choice's results: each state it can lead to with its chance; `None` when the session
/// refused the choice (it is then never the same as another).
pub(crate) type Results = Option<Vec<(Sig, f64)>>;

fn same(a: &Results, b: &Results) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_chances(a, b),
        _ => false,
    }
}

/// Whether two lists of (result, chance) give the same results with the same chances, however
/// many draws led to each.
///
/// Lists longer than [`MAX_OUTCOMES`] are never the same: the comparison costs the square of
/// their length, and saying "different" claims nothing false.
pub(crate) fn same_chances<K: PartialEq>(a: &[(K, f64)], b: &[(K, f64)]) -> bool {
    if a.len() > MAX_OUTCOMES || b.len() > MAX_OUTCOMES {
        return false;
    }
    let chance = |list: &[(K, f64)], key: &K| -> f64 {
        list.iter().filter(|(k, _)| k == key).map(|(_, c)| c).sum()
    };
    a.iter()
        .chain(b.iter())
        .all(|(key, _)| (chance(a, key) - chance(b, key)).abs() < CHANCE_EPSILON)
}

/// The enabled choices of one state, each as (position in the node's list, number as the
/// player sees it, class): choices of the same class have the same results. Empty when fewer
/// than two choices were enabled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verdict(pub Vec<(u16, u16, u16)>);

impl Verdict {
    /// Classes the `results` of the enabled choices, given as (position, visible number).
    pub(crate) fn of(results: &[(usize, usize, Results)]) -> Verdict {
        let meta: Vec<(usize, usize)> = results.iter().map(|(p, n, _)| (*p, *n)).collect();
        Verdict::classify(&meta, |i, j| match (results.get(i), results.get(j)) {
            (Some(a), Some(b)) => same(&a.2, &b.2),
            _ => false,
        })
    }

    /// Classes the enabled choices given as (position, visible number) in `meta`, where
    /// `same(i, j)` says whether the `i`th and `j`th have the same results.
    pub(crate) fn classify(
        meta: &[(usize, usize)],
        same: impl Fn(usize, usize) -> bool,
    ) -> Verdict {
        if meta.len() < 2 {
            return Verdict::default();
        }
        let mut out: Vec<(u16, u16, u16)> = Vec::with_capacity(meta.len());
        for (k, (pos, number)) in meta.iter().enumerate() {
            let class = (0..k).find(|&j| same(j, k)).unwrap_or(k);
            let class = out.get(class).map_or(k as u16, |c| c.2);
            out.push((clip(*pos), clip(*number), class));
        }
        Verdict(out)
    }

    /// True when every enabled choice has the same results.
    fn flat(&self) -> bool {
        self.0.iter().all(|c| c.2 == 0)
    }
}

fn clip(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// One worker's knowledge of which nodes are settled: every pair of their choices has been
/// seen to differ, so judging more states there cannot change the report (no pair of theirs can
/// be listed, and the node already counts as having choices that matter). Skipping them is what
/// keeps judging cheap; the report does not depend on which worker settles what.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settle {
    /// By node: the pairs of choices (positions in the node's list) seen to differ, and how
    /// many pairs the node has.
    nodes: Vec<Option<Pairs>>,
}

/// The pairs of a node's choices seen to differ, and how many pairs it has.
type Pairs = (std::collections::HashSet<(u16, u16)>, usize);

impl Settle {
    pub(crate) fn settled(&self, node: NodeIdx) -> bool {
        matches!(self.nodes.get(node as usize), Some(Some((seen, pairs))) if seen.len() >= *pairs)
    }

    /// Notes the pairs that differed in a verdict at `node`, which has `choices` choices.
    pub(crate) fn learn(&mut self, node: NodeIdx, choices: usize, verdict: &Verdict) {
        if verdict.0.len() < 2 {
            return;
        }
        let at = node as usize;
        if self.nodes.len() <= at {
            self.nodes.resize(at + 1, None);
        }
        let Some(slot) = self.nodes.get_mut(at) else {
            return;
        };
        let (seen, _) = slot.get_or_insert_with(|| {
            let pairs = choices.saturating_mul(choices.saturating_sub(1)) / 2;
            (std::collections::HashSet::new(), pairs)
        });
        for (i, a) in verdict.0.iter().enumerate() {
            for b in &verdict.0[i + 1..] {
                if a.2 != b.2 && a.0 != b.0 {
                    seen.insert((a.0.min(b.0), a.0.max(b.0)));
                }
            }
        }
    }
}

/// Draws forced by a script, then the first possible option while noting every other one as a
/// branch to run next, with the chance of the options taken; counts nothing.
pub(crate) struct Forcing<'a> {
    script: &'a [usize],
    drawn: Vec<usize>,
    pub branches: Vec<Vec<usize>>,
    pub chance: f64,
}

impl<'a> Forcing<'a> {
    pub(crate) fn new(script: &'a [usize]) -> Forcing<'a> {
        Forcing {
            script,
            drawn: Vec::new(),
            branches: Vec::new(),
            chance: 1.0,
        }
    }
}

/// The chance of option `pick` among `weights`.
pub(crate) fn chance_of(weights: &[u64], pick: usize) -> f64 {
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    match weights.get(pick) {
        Some(w) if total > 0 => *w as f64 / total as f64,
        _ => 0.0,
    }
}

impl Fate for Forcing<'_> {
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
                first.or_else(|| draw(rng, weights))
            }
        };
        if let Some(p) = pick {
            self.drawn.push(p);
            self.chance *= chance_of(weights, p);
        }
        pick
    }
}

/// The verdict of the state `session` is in: every enabled choice played once per combination
/// of random outcomes (random mode; the exhaustive walk builds its verdicts as it expands).
pub(crate) fn judge(session: &Session, live: &[Vec<bool>]) -> Verdict {
    let flags = session.choice_flags();
    let enabled: Vec<(usize, usize)> = session
        .visible_choices()
        .map(|(i, _)| i)
        .zip(flags)
        .enumerate()
        .filter(|(_, (_, on))| *on)
        .map(|(k, (i, _))| (k, i))
        .collect();
    if enabled.len() < 2 || enabled.len() > MAX_JUDGED {
        return Verdict::default();
    }
    let mut results = Vec::with_capacity(enabled.len());
    for (k, pos) in enabled {
        let mut found = Some(Vec::new());
        let mut scripts = vec![Vec::new()];
        while let Some(script) = scripts.pop() {
            let mut next = session.clone();
            let mut fate = Forcing::new(&script);
            let ok = next.choose_fated(k, &mut fate).is_ok();
            scripts.append(&mut fate.branches);
            match (&mut found, ok) {
                (Some(list), true) => {
                    list.push((Sig::of(next.state(), next.is_ended(), live), fate.chance));
                }
                _ => found = None,
            }
        }
        results.push((pos, k + 1, found));
    }
    Verdict::of(&results)
}

/// An example state for a finding: the path to it, and the visible number of each enabled
/// choice there (by position in the node's list).
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub example: Example,
    pub numbers: Vec<(u16, u16)>,
}

/// How often a pair of choices (positions in the node's list) were both enabled, and same.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pair {
    pub both: u64,
    pub same: u64,
    /// The first state where they were the same.
    pub seen: Option<Seen>,
}

/// One node's tallies.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeTally {
    /// States with two or more enabled choices.
    pub states: u64,
    /// Of those, states where every enabled choice had the same results.
    pub flat: u64,
    pub pairs: BTreeMap<(u16, u16), Pair>,
}

/// Every node's tallies (one role, or several merged).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tallies {
    pub nodes: BTreeMap<NodeIdx, NodeTally>,
}

fn earliest(mine: &mut Option<Seen>, other: Option<Seen>) {
    if let Some(o) = other
        && mine
            .as_ref()
            .is_none_or(|m| o.example.order < m.example.order)
    {
        *mine = Some(o);
    }
}

impl Tallies {
    /// Adds one state's verdict at `node`; `example` builds the path to it when needed.
    pub(crate) fn add(&mut self, node: NodeIdx, verdict: &Verdict, example: impl Fn() -> Example) {
        if verdict.0.len() < 2 {
            return;
        }
        let t = self.nodes.entry(node).or_default();
        t.states += 1;
        t.flat += u64::from(verdict.flat());
        for (i, a) in verdict.0.iter().enumerate() {
            for b in &verdict.0[i + 1..] {
                let pair = t.pairs.entry((a.0, b.0)).or_default();
                pair.both += 1;
                if a.2 == b.2 {
                    pair.same += 1;
                    if pair.seen.is_none() {
                        pair.seen = Some(Seen {
                            example: example(),
                            numbers: verdict.0.iter().map(|c| (c.0, c.1)).collect(),
                        });
                    }
                }
            }
        }
    }

    /// Adds another worker's tallies for the same role, keeping the earliest examples.
    pub(crate) fn merge(&mut self, other: Tallies) {
        for (node, o) in other.nodes {
            let t = self.nodes.entry(node).or_default();
            t.states += o.states;
            t.flat += o.flat;
            for (k, p) in o.pairs {
                let mine = t.pairs.entry(k).or_default();
                mine.both += p.both;
                mine.same += p.same;
                earliest(&mut mine.seen, p.seen);
            }
        }
    }
}

/// Choices of one node that led to the same state wherever they were both enabled.
#[derive(Debug, Clone, Serialize)]
pub struct Inconsequential {
    /// `scene.node`.
    pub node: String,
    /// The choices, by position in the node's list (from 1).
    pub choices: Vec<usize>,
    /// Their text (rendered with the first explored role's starting values).
    pub texts: Vec<String>,
    /// The same choices as numbered for the player in the example state (hidden choices
    /// shift the numbers).
    pub numbers: Vec<usize>,
    /// States (random mode: visits) where at least two of them were enabled.
    pub states: u64,
    /// True when these are all the node's choices ever enabled: no choice there makes a
    /// difference.
    pub whole_node: bool,
    /// Reaches a state at the node where they are all enabled and the same.
    pub example: Replay,
}

/// The share of choice nodes where no choice makes a difference.
#[derive(Debug, Clone, Serialize)]
pub struct ConsequenceSummary {
    /// Nodes where two or more choices were enabled at once.
    pub choice_nodes: usize,
    /// Of those, nodes where in every state every enabled choice led to the same state.
    pub without_consequence: usize,
    /// `without_consequence / choice_nodes` (0 when there are none).
    pub share: f64,
    /// What "the same state" compares: `"live variables"`.
    pub compares: String,
}

/// Groups the always-same pairs of each node (choices joined through shared members), the
/// `Seen` example of each group's first pair.
pub(crate) fn groups(t: &NodeTally) -> Vec<(Vec<u16>, u64, Seen)> {
    let always: Vec<(&(u16, u16), &Pair)> = t
        .pairs
        .iter()
        .filter(|(_, p)| p.both > 0 && p.same == p.both)
        .collect();
    let mut sets: Vec<(Vec<u16>, u64, Option<Seen>)> = Vec::new();
    for ((a, b), p) in always {
        let found: Vec<usize> = sets
            .iter()
            .enumerate()
            .filter(|(_, s)| s.0.contains(a) || s.0.contains(b))
            .map(|(i, _)| i)
            .collect();
        let mut set = (vec![*a, *b], p.same, p.seen.clone());
        for i in found.into_iter().rev() {
            let other = sets.remove(i);
            set.0.extend(other.0);
            set.1 = set.1.max(other.1);
            earliest(&mut set.2, other.2);
        }
        set.0.sort_unstable();
        set.0.dedup();
        sets.push(set);
    }
    let mut out: Vec<(Vec<u16>, u64, Seen)> = sets
        .into_iter()
        .filter_map(|(members, states, seen)| Some((members, states, seen?)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The choices of the node ever enabled in a state with another: those of its pairs.
pub(crate) fn members(t: &NodeTally) -> Vec<u16> {
    let mut all: Vec<u16> = t.pairs.keys().flat_map(|(a, b)| [*a, *b]).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The choices without consequence over every explored role (counts added up, each example
/// from the first role that has one), and the share of choice nodes without any; choice text
/// rendered with `vars`.
pub(super) fn report(
    story: &Story,
    per_role: &[(usize, Findings)],
    vars: &[Value],
) -> (Vec<Inconsequential>, ConsequenceSummary) {
    let mut nodes: BTreeMap<NodeIdx, NodeTally> = BTreeMap::new();
    let mut roles: BTreeMap<(NodeIdx, (u16, u16)), usize> = BTreeMap::new();
    for (role, f) in per_role {
        for (&node, t) in &f.consequence.nodes {
            let mine = nodes.entry(node).or_default();
            mine.states += t.states;
            mine.flat += t.flat;
            for (&k, p) in &t.pairs {
                let pair = mine.pairs.entry(k).or_default();
                pair.both += p.both;
                pair.same += p.same;
                if pair.seen.is_none() && p.seen.is_some() {
                    pair.seen.clone_from(&p.seen);
                    roles.insert((node, k), *role);
                }
            }
        }
    }
    let mut list = Vec::new();
    let mut without = 0;
    for (&node, t) in &nodes {
        let whole = t.states > 0 && t.flat == t.states;
        without += usize::from(whole);
        let Some(n) = story.node(node) else { continue };
        let Exit::Choices(cs) = &n.exit else { continue };
        for (members, states, seen) in groups(t) {
            let first = (members.first().copied(), members.get(1).copied());
            let role = match first {
                (Some(a), Some(b)) => roles.get(&(node, (a, b))).copied(),
                _ => None,
            };
            // The example of the group is its first pair's; find the role of whichever pair
            // gave it.
            let role = role
                .or_else(|| {
                    roles
                        .iter()
                        .find(|((at, (a, b)), _)| {
                            *at == node && members.contains(a) && members.contains(b)
                        })
                        .map(|(_, r)| *r)
                })
                .unwrap_or(0);
            let numbers = members
                .iter()
                .filter_map(|m| seen.numbers.iter().find(|(p, _)| p == m))
                .map(|(_, n)| usize::from(*n))
                .collect();
            list.push(Inconsequential {
                node: n.key.to_string(),
                choices: members.iter().map(|m| usize::from(*m) + 1).collect(),
                texts: members
                    .iter()
                    .filter_map(|m| cs.get(usize::from(*m)))
                    .map(|c| c.text.render(vars))
                    .collect(),
                numbers,
                states,
                whole_node: whole && members == self::members(t),
                example: super::replay(story, role, &seen.example),
            });
        }
    }
    let choice_nodes = nodes.values().filter(|t| t.states > 0).count();
    let summary = ConsequenceSummary {
        choice_nodes,
        without_consequence: without,
        share: if choice_nodes == 0 {
            0.0
        } else {
            without as f64 / choice_nodes as f64
        },
        compares: "live variables".to_owned(),
    };
    (list, summary)
}
