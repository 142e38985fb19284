//! What one choice did, and what one undo took back: the reports every front end reads instead
//! of comparing states itself.

use super::Fate;
use crate::story::{Exit, NodeIdx, Story, Value};

/// Where a random draw happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawKind {
    /// Among a choice's `outcomes`.
    Outcome,
    /// Among a node's `pick` candidates.
    Pick,
}

/// One thing that happened during a step, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A once-only choice was used up (its slot among the story's once-only choices).
    UsedUp { slot: u32 },
    /// An effect changed a variable (or tried to: `wanted` is the value it asked for when the
    /// variable's declared range clamped it).
    Changed {
        var: usize,
        old: Value,
        new: Value,
        /// The integer the effect wanted, when it lay outside the range and was clamped.
        wanted: Option<i64>,
    },
    /// A random draw chose `option` (an index into the outcomes or candidates) with
    /// `weight` in `total`, leading to `target`.
    Drew {
        kind: DrawKind,
        /// The node whose choice or pick drew.
        at: NodeIdx,
        option: usize,
        weight: u64,
        total: u64,
        target: NodeIdx,
        /// The outcome's label, if the writer gave one.
        label: Option<String>,
    },
    /// A node was entered (by the choice, an outcome, `next` or `pick`).
    Entered { node: NodeIdx },
    /// The step reached an ending.
    Ended { node: NodeIdx, id: String },
}

/// The change of one variable over a whole step (or undo): its value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub var: usize,
    pub before: Value,
    pub after: Value,
}

impl Change {
    /// `after - before` for integers, exact for any two `i64` values (no overflow in any build).
    pub fn delta(&self) -> Option<i128> {
        match (&self.before, &self.after) {
            (Value::Int(b), Value::Int(a)) => Some(i128::from(*a) - i128::from(*b)),
            _ => None,
        }
    }
}

/// The report of one choice taken: every event in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    /// The choice taken, as an index among the visible choices.
    pub choice: usize,
    pub events: Vec<Event>,
}

impl Step {
    /// The nodes entered, in order.
    pub fn entered(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.events.iter().filter_map(|e| match e {
            Event::Entered { node } => Some(*node),
            _ => None,
        })
    }

    /// The ending reached by this step, if any: its id.
    pub fn ending(&self) -> Option<&str> {
        self.events.iter().find_map(|e| match e {
            Event::Ended { id, .. } => Some(id.as_str()),
            _ => None,
        })
    }

    /// Each variable the step left with another value, first value to last, in the order of
    /// their first change. A variable changed and changed back is not listed.
    pub fn changes(&self) -> Vec<Change> {
        let mut out: Vec<Change> = Vec::new();
        for e in &self.events {
            if let Event::Changed { var, old, new, .. } = e {
                match out.iter_mut().find(|c| c.var == *var) {
                    Some(c) => c.after.clone_from(new),
                    None => out.push(Change {
                        var: *var,
                        before: old.clone(),
                        after: new.clone(),
                    }),
                }
            }
        }
        out.retain(|c| c.before != c.after);
        out
    }

    /// The changes of the variables `shown` (a role's stats), in `shown`'s order.
    pub fn changes_of(&self, shown: &[usize]) -> Vec<Change> {
        let all = self.changes();
        shown
            .iter()
            .filter_map(|v| all.iter().find(|c| c.var == *v).cloned())
            .collect()
    }
}

/// What an undo took back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    /// The node the session was at, and the node it is back at.
    pub from: NodeIdx,
    pub to: NodeIdx,
    /// Choices taken before and after (one fewer, unless a damaged history says otherwise).
    pub turns: (u32, u32),
    /// Variables whose value the undo restored: `before` is the value undone, `after` the
    /// value restored.
    pub changes: Vec<Change>,
    /// Once-only choices (slots) offered again.
    pub restored: Vec<u32>,
    /// The id of the ending the undo stepped back from, if the session had ended.
    pub left_ending: Option<String>,
}

/// The fate of normal play ([`super::Dice`]) that also writes down every event into a [`Step`].
pub(super) struct Recorder {
    pub step: Step,
}

impl Fate for Recorder {
    fn entered(&mut self, node: NodeIdx) {
        self.step.events.push(Event::Entered { node });
    }

    fn ended(&mut self, node: NodeIdx, id: &str) {
        self.step.events.push(Event::Ended {
            node,
            id: id.to_owned(),
        });
    }

    fn changed(&mut self, a: super::Assigned<'_>) {
        if a.old == a.new && a.wanted.is_none() {
            return;
        }
        self.step.events.push(Event::Changed {
            var: a.var,
            old: a.old.clone(),
            new: a.new.clone(),
            wanted: a.wanted,
        });
    }

    fn used_up(&mut self, slot: u32) {
        self.step.events.push(Event::UsedUp { slot });
    }

    fn drew(&mut self, draw: super::Drawn<'_>) {
        self.step.events.push(Event::Drew {
            kind: draw.kind,
            at: draw.at,
            option: draw.option,
            weight: draw.weight,
            total: draw.total,
            target: draw.target,
            label: draw.label.map(str::to_owned),
        });
    }
}

/// What an undo from `now` back to `then` took back.
pub(super) fn undone(now: &super::PlayState, then: &super::PlayState, story: &Story) -> Undone {
    let changes = now
        .vars
        .iter()
        .zip(&then.vars)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(var, (a, b))| Change {
            var,
            before: a.clone(),
            after: b.clone(),
        })
        .collect();
    let restored = now
        .taken
        .iter()
        .zip(&then.taken)
        .enumerate()
        .filter(|(_, (a, b))| **a && !**b)
        .filter_map(|(slot, _)| u32::try_from(slot).ok())
        .collect();
    let left_ending = match story.node(now.node).map(|n| &n.exit) {
        Some(Exit::Ending(e)) => Some(e.id.clone()),
        _ => None,
    };
    Undone {
        from: now.node,
        to: then.node,
        turns: (now.turns, then.turns),
        changes,
        restored,
        left_ending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_of_extreme_values_do_not_overflow() {
        let c = Change {
            var: 0,
            before: Value::Int(i64::MIN),
            after: Value::Int(i64::MAX),
        };
        assert_eq!(c.delta(), Some(i128::from(i64::MAX) - i128::from(i64::MIN)));
        let back = Change {
            var: 0,
            before: Value::Int(i64::MAX),
            after: Value::Int(i64::MIN),
        };
        assert_eq!(back.delta(), Some(-(1i128 << 64) + 1));
        let text = Change {
            var: 0,
            before: Value::Bool(false),
            after: Value::Bool(true),
        };
        assert_eq!(text.delta(), None);
    }

    #[test]
    fn a_variable_changed_and_changed_back_is_no_change() {
        let changed = |var, old: i64, new: i64| Event::Changed {
            var,
            old: Value::Int(old),
            new: Value::Int(new),
            wanted: None,
        };
        let step = Step {
            choice: 0,
            events: vec![
                changed(1, 5, 6),
                changed(2, 0, 3),
                changed(1, 6, 5),
                changed(2, 3, 4),
            ],
        };
        assert_eq!(
            step.changes(),
            vec![Change {
                var: 2,
                before: Value::Int(0),
                after: Value::Int(4)
            }]
        );
        assert!(step.changes_of(&[1]).is_empty());
    }
}
