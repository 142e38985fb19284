//! Where each variable is read, and which variables each node can still read (its live ones).
//!
//! A variable is *read* by a choice's `when` or `requires`, an outcome's or a candidate's
//! weight, a candidate's `when`, a `{…}` value or an `{if}` condition of a node's or a
//! choice's text, or an effect's expression. It is *live* at a node when some read of it can
//! happen there or later, with its value as it is on entering the node: an effect's
//! expression only counts when the variable it assigns is live after it.

use serde::Serialize;

use crate::story::expr::{Effect, Expr};
use crate::story::{Exit, Node, NodeIdx, Story, Target};

/// What kind of place reads a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadKind {
    /// A choice's `when` or `requires`.
    Choice,
    /// An outcome's or a random pick candidate's weight, or a candidate's `when`.
    Chance,
    /// An `{if}` or `{elif}` condition of a node's or a choice's text.
    IfText,
    /// A `{value}` shown in a node's or a choice's text.
    Text,
    /// The expression of an effect (`x = y + 1` reads `y`; `x += 1` alone is not a read of `x`).
    Effect,
    /// Anything of an ending node (its text).
    Ending,
}

/// One place that reads a variable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Read {
    pub kind: ReadKind,
    /// `scene.node`.
    pub node: String,
    /// The choice (from 1, in the node's list) when the read is in a choice.
    pub choice: Option<usize>,
}

/// Calls `f(var, kind, choice)` for every variable read in `node`; `choice` is the position
/// (from 0) of the choice holding the read, if any.
fn node_reads(node: &Node, f: &mut impl FnMut(u32, ReadKind, Option<usize>)) {
    let ending = matches!(node.exit, Exit::Ending(_));
    let text_kind = |k| if ending { ReadKind::Ending } else { k };
    let vars = |e: &Expr,
                kind: ReadKind,
                choice: Option<usize>,
                f: &mut dyn FnMut(u32, ReadKind, Option<usize>)| {
        e.for_each_var(&mut |v| f(v, kind, choice));
    };
    node.text
        .for_each_condition(&mut |e| vars(e, text_kind(ReadKind::IfText), None, f));
    values(&node.text, &mut |e| {
        vars(e, text_kind(ReadKind::Text), None, f);
    });
    for e in &node.effects {
        effect_reads(e, &mut |v| f(v, ReadKind::Effect, None));
    }
    match &node.exit {
        Exit::Choices(cs) => {
            for (i, c) in cs.iter().enumerate() {
                let at = Some(i);
                for e in [&c.when, &c.requires].into_iter().flatten() {
                    vars(e, ReadKind::Choice, at, f);
                }
                c.text
                    .for_each_condition(&mut |e| vars(e, ReadKind::IfText, at, f));
                values(&c.text, &mut |e| vars(e, ReadKind::Text, at, f));
                for e in &c.effects {
                    effect_reads(e, &mut |v| f(v, ReadKind::Effect, at));
                }
                if let Target::Outcomes(os) = &c.target {
                    for o in os {
                        vars(&o.weight, ReadKind::Chance, at, f);
                        for e in &o.effects {
                            effect_reads(e, &mut |v| f(v, ReadKind::Effect, at));
                        }
                    }
                }
            }
        }
        Exit::Pick(cands) => {
            for c in cands {
                vars(&c.weight, ReadKind::Chance, None, f);
                if let Some(w) = &c.when {
                    vars(w, ReadKind::Chance, None, f);
                }
            }
        }
        Exit::Next(_) | Exit::Ending(_) => {}
    }
}

/// The `{value}` expressions of a text (not its `{if}` conditions).
fn values(text: &crate::story::text::Template, f: &mut impl FnMut(&Expr)) {
    text.for_each_value(f);
}

/// The variables an effect's expression reads. `x += 1` also reads `x`, but only to write it
/// back: that alone does not make `x` read (nor live, as it only matters when `x` already is).
fn effect_reads(e: &Effect, f: &mut impl FnMut(u32)) {
    e.value.for_each_var(f);
}

/// Every effect of a node (on entry, by a choice, by an outcome).
fn node_effects(node: &Node) -> Vec<&Effect> {
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

/// Every place that reads each variable, by variable index, sorted.
pub(crate) fn readers(story: &Story) -> Vec<Vec<Read>> {
    let mut out = vec![Vec::new(); story.variables.len()];
    for node in &story.nodes {
        node_reads(node, &mut |v, kind, choice| {
            if let Some(list) = out.get_mut(v as usize) {
                let read = Read {
                    kind,
                    node: node.key.to_string(),
                    choice: choice.map(|c| c + 1),
                };
                list.push(read);
            }
        });
    }
    // Sorted, then each read once: a search of the list at each push was quadratic (a
    // 20,000-node story's variable is read in some 20,000 places).
    for list in &mut out {
        list.sort();
        list.dedup();
    }
    out
}

/// Per node, the variables live on entering it (see the module comment).
pub(crate) fn live_in(story: &Story) -> Vec<Vec<bool>> {
    let n = story.variables.len();
    // Reads that do not depend on what is live: every read except effects' expressions.
    let direct: Vec<Vec<bool>> = story
        .nodes
        .iter()
        .map(|node| {
            let mut read = vec![false; n];
            node_reads(node, &mut |v, kind, _| {
                if kind != ReadKind::Effect
                    && let Some(r) = read.get_mut(v as usize)
                {
                    *r = true;
                }
            });
            read
        })
        .collect();
    let mut live = direct.clone();
    loop {
        let mut changed = false;
        for i in (0..story.nodes.len()).rev() {
            let mut mine = live[i].clone();
            for (succ, _) in story.edges(i as NodeIdx) {
                if let Some(theirs) = live.get(succ as usize) {
                    for (m, t) in mine.iter_mut().zip(theirs) {
                        *m |= *t;
                    }
                }
            }
            // An effect's reads matter when what it assigns is read here or later.
            if let Some(node) = story.nodes.get(i) {
                for e in node_effects(node) {
                    if mine.get(e.var as usize).copied().unwrap_or(false) {
                        effect_reads(e, &mut |v| {
                            if let Some(m) = mine.get_mut(v as usize) {
                                *m = true;
                            }
                        });
                    }
                }
            }
            if mine != live[i] {
                live[i] = mine;
                changed = true;
            }
        }
        if !changed {
            return live;
        }
    }
}

/// Per node, the variables live after it (on entering any node it leads to).
pub(crate) fn live_out(story: &Story, live_in: &[Vec<bool>]) -> Vec<Vec<bool>> {
    (0..story.nodes.len())
        .map(|i| {
            let mut out = vec![false; story.variables.len()];
            for (succ, _) in story.edges(i as NodeIdx) {
                if let Some(theirs) = live_in.get(succ as usize) {
                    for (m, t) in out.iter_mut().zip(theirs) {
                        *m |= *t;
                    }
                }
            }
            out
        })
        .collect()
}

/// Per variable, whether some effect assigns it where its new value can be read afterwards
/// (by the same node's text or choices, or later); `false` also for variables never assigned.
pub(crate) fn read_after_write(story: &Story, live_in: &[Vec<bool>]) -> Vec<bool> {
    let after = live_out(story, live_in);
    let mut out = vec![false; story.variables.len()];
    for (i, node) in story.nodes.iter().enumerate() {
        let mut here = after.get(i).cloned().unwrap_or_default();
        node_reads(node, &mut |v, kind, _| {
            if kind != ReadKind::Effect
                && let Some(h) = here.get_mut(v as usize)
            {
                *h = true;
            }
        });
        // An effect feeding a read variable reads in turn (`y = x` with `y` read reads `x`).
        let effects = node_effects(node);
        loop {
            let before = here.clone();
            for e in &effects {
                if here.get(e.var as usize).copied().unwrap_or(false) {
                    e.value.for_each_var(&mut |v| {
                        if let Some(h) = here.get_mut(v as usize) {
                            *h = true;
                        }
                    });
                }
            }
            if here == before {
                break;
            }
        }
        for e in &effects {
            if here.get(e.var as usize).copied().unwrap_or(false)
                && let Some(o) = out.get_mut(e.var as usize)
            {
                *o = true;
            }
        }
    }
    out
}

/// Per variable, whether any effect assigns it.
pub(crate) fn written(story: &Story) -> Vec<bool> {
    let mut out = vec![false; story.variables.len()];
    for node in &story.nodes {
        for e in node_effects(node) {
            if let Some(w) = out.get_mut(e.var as usize) {
                *w = true;
            }
        }
    }
    out
}

/// The variables a role's part of the story reads or assigns: those of the nodes reachable
/// from its starts. The others only keep their starting value in its endings.
pub(crate) fn role_variables(story: &Story, role: usize) -> Vec<bool> {
    let mut out = vec![false; story.variables.len()];
    let Some(r) = story.roles.get(role) else {
        return out;
    };
    let reach = crate::story::lints::reachable_from(story, r.starts());
    for (node, _) in story.nodes.iter().zip(&reach).filter(|(_, r)| **r) {
        node_reads(node, &mut |v, _, _| {
            if let Some(o) = out.get_mut(v as usize) {
                *o = true;
            }
        });
        for e in node_effects(node) {
            if let Some(o) = out.get_mut(e.var as usize) {
                *o = true;
            }
        }
    }
    out
}
