//! Undo as a journal: each choice keeps the few values it overwrote, not a copy of the state.
//!
//! A choice changes one node, the generator, a counter or two, a handful of variables and at
//! most one once-only slot; copying every variable and every slot on every choice (what undo
//! did before) cost more than the rest of the step on large stories. The journal keeps a
//! [`Mark`] per choice (the small fixed part of the state) and, in one shared list, the prior
//! value of each variable or slot the choice overwrote, oldest first. Going back pops them in
//! reverse. Saves still see whole states: [`Journal::points`] rebuilds them and
//! [`Journal::from_points`] turns them back into a journal.

use rand_pcg::Pcg32;

use super::PlayState;
use super::parts::{Moment, UndoPoint};
use crate::story::{NodeIdx, Value};

/// A value a choice overwrote.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Prior {
    /// Variable (by index) and the value it had.
    Var(u32, Value),
    /// Once-only slot and whether it was taken.
    Slot(u32, bool),
}

/// The fixed part of the state before a choice, and where its priors start.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    node: NodeIdx,
    rng: Pcg32,
    passage_start: usize,
    turns: u32,
    transcript_len: usize,
    priors: usize,
}

/// The undo stack of a session.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Journal {
    marks: Vec<Mark>,
    priors: Vec<Prior>,
}

impl Journal {
    /// How many choices can be undone.
    pub(super) fn depth(&self) -> usize {
        self.marks.len()
    }

    pub(super) fn clear(&mut self) {
        self.marks.clear();
        self.priors.clear();
    }

    /// Remembers `state` before a choice; the choice then records what it overwrites in
    /// [`Journal::priors`].
    pub(super) fn mark(&mut self, state: &PlayState, transcript_len: usize) {
        self.marks.push(Mark {
            node: state.node,
            rng: state.rng.clone(),
            passage_start: state.passage_start,
            turns: state.turns,
            transcript_len,
            priors: self.priors.len(),
        });
    }

    /// Where a choice records what it overwrites.
    pub(super) fn priors(&mut self) -> &mut Vec<Prior> {
        &mut self.priors
    }

    /// Puts `state` back as it was at the last mark and forgets the mark; returns the
    /// transcript length it had, or `None` when there is nothing to undo.
    pub(super) fn pop(&mut self, state: &mut PlayState) -> Option<usize> {
        let mark = self.marks.pop()?;
        rewind(state, self.priors.drain(mark.priors..).rev());
        state.node = mark.node;
        state.rng = mark.rng;
        state.passage_start = mark.passage_start;
        state.turns = mark.turns;
        Some(mark.transcript_len)
    }

    /// The whole state at every mark, oldest first, given the state now.
    pub(super) fn points(&self, now: &PlayState) -> Vec<UndoPoint> {
        let mut state = now.clone();
        let mut end = self.priors.len();
        let mut points = Vec::with_capacity(self.marks.len());
        for mark in self.marks.iter().rev() {
            let start = mark.priors.min(end);
            rewind(&mut state, self.priors[start..end].iter().rev().cloned());
            end = start;
            state.node = mark.node;
            state.rng = mark.rng.clone();
            state.passage_start = mark.passage_start;
            state.turns = mark.turns;
            points.push(UndoPoint {
                moment: Moment::from(&state),
                transcript_len: mark.transcript_len,
            });
        }
        points.reverse();
        points
    }

    /// The journal that goes back through `points` (oldest first, already checked to fit the
    /// story) from the state `now`: each point's priors are the variables and slots that
    /// differ from the state after it.
    pub(super) fn from_points(points: Vec<UndoPoint>, now: &PlayState) -> Journal {
        let mut journal = Journal::default();
        let afters: Vec<(Vec<Value>, Vec<bool>)> = points
            .iter()
            .skip(1)
            .map(|p| (p.moment.vars.clone(), p.moment.taken.clone()))
            .chain(std::iter::once((now.vars.clone(), now.taken.clone())))
            .collect();
        for (p, (vars, taken)) in points.into_iter().zip(afters) {
            let m = p.moment;
            journal.marks.push(Mark {
                node: m.node,
                rng: m.rng,
                passage_start: m.passage_start,
                turns: m.turns,
                transcript_len: p.transcript_len,
                priors: journal.priors.len(),
            });
            for (i, (before, after)) in m.vars.into_iter().zip(&vars).enumerate() {
                if before != *after
                    && let Ok(i) = u32::try_from(i)
                {
                    journal.priors.push(Prior::Var(i, before));
                }
            }
            for (slot, (before, after)) in m.taken.iter().zip(&taken).enumerate() {
                if before != after
                    && let Ok(slot) = u32::try_from(slot)
                {
                    journal.priors.push(Prior::Slot(slot, *before));
                }
            }
        }
        journal
    }
}

/// Writes `priors` (newest first) back into `state`.
fn rewind(state: &mut PlayState, priors: impl Iterator<Item = Prior>) {
    for prior in priors {
        match prior {
            Prior::Var(i, v) => {
                if let Some(slot) = state.vars.get_mut(i as usize) {
                    *slot = v;
                }
            }
            Prior::Slot(i, was) => {
                if let Some(slot) = state.taken.get_mut(i as usize) {
                    *slot = was;
                }
            }
        }
    }
}
