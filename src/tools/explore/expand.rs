//! One step of the exhaustive walk, run on any thread: a packed state's every choice and
//! random outcome played, each resulting state packed and hashed.
//!
//! An expansion depends on nothing but the packed state, so the walk can expand states ahead
//! on other threads and still merge the results in its own order.

use std::ops::Range;
use std::sync::Arc;

use super::consequence::{MAX_JUDGED, Verdict, same_chances};
use super::pack::{Packer, Texts, hash_bytes};
use super::tally::{Branching, ChoiceIndex, Tally};
use crate::session::{PlayState, Session};
use crate::story::{NodeIdx, Story};

/// What expanding one state found.
pub(super) enum Expansion {
    /// Not an ending, and none of the `visible` choices is enabled.
    Stuck { node: NodeIdx, visible: usize },
    /// Each enabled choice, once per combination of random outcomes, in the walk's order:
    /// [`Expanded::steps`] from `steps.start` to `steps.end`.
    Steps {
        node: NodeIdx,
        steps: Range<usize>,
        /// Which enabled choices led to the same state (empty with fewer than two).
        verdict: Verdict,
    },
    /// The bytes did not unpack; the walk only queues states it packed, so this never shows.
    Invalid,
}

/// The expansions of a batch of states (id and expansion, in order), their steps, and the
/// states they reached packed end to end in one buffer.
#[derive(Default)]
pub(super) struct Expanded {
    pub states: Vec<(u32, Expansion)>,
    pub steps: Vec<Step>,
    pub bytes: Vec<u8>,
}

/// A choice taken (from 1) and where it led, or why the session refused it.
pub(super) struct Step {
    pub choice: u32,
    pub outcome: Result<Child, String>,
}

/// A state reached by a step, packed in [`Expanded::bytes`].
pub(super) struct Child {
    pub node: NodeIdx,
    pub ended: bool,
    /// The state packed with the variables live at its node: what makes it new or not.
    pub key: Range<usize>,
    pub hash: u64,
    /// The state packed with every variable, to expand it later; `None` at an ending (never
    /// expanded) or when every variable is live there (the key is the same bytes).
    pub full: Option<Range<usize>>,
}

/// One choice's results as packed states (ranges of a buffer) with their chances; `None` when
/// the session refused the choice.
type Packed = Option<Vec<(Range<usize>, f64)>>;

/// What one thread needs to expand states; its own tally is added to the walk's at the end.
pub(super) struct Expander<'a> {
    story: Arc<Story>,
    role: usize,
    index: &'a ChoiceIndex,
    live: &'a [Vec<bool>],
    all: &'a [bool],
    /// Per node, whether every variable is live there (key and full packing are the same).
    all_live: &'a [bool],
    packer: Packer<'a>,
    read_live: &'a [Vec<bool>],
    relevant: &'a [bool],
    /// Packed results of the choices of the state being expanded (kept to reuse its memory).
    scratch: Vec<u8>,
    pub tally: Tally,
}

/// What every expander of one walk shares.
pub(super) struct Shared<'a> {
    pub index: &'a ChoiceIndex,
    pub live: &'a [Vec<bool>],
    pub all: &'a [bool],
    pub all_live: &'a [bool],
    pub texts: &'a Texts,
    /// Per node, the variables still read there or later (see [`super::reads::live_in`]).
    pub read_live: &'a [Vec<bool>],
    /// The variables the role's part of the story uses.
    pub relevant: &'a [bool],
}

impl<'a> Expander<'a> {
    /// `story` should be the thread's own copy: sessions clone their `Arc` at every step, and
    /// threads sharing one counter slow each other down.
    pub(super) fn new(story: Arc<Story>, role: usize, shared: &Shared<'a>) -> Expander<'a> {
        let tally = Tally::new(&story, shared.index);
        let packer = Packer::new(&story, shared.texts);
        Expander {
            story,
            role,
            index: shared.index,
            live: shared.live,
            all: shared.all,
            all_live: shared.all_live,
            packer,
            read_live: shared.read_live,
            relevant: shared.relevant,
            scratch: Vec::new(),
            tally,
        }
    }

    /// Expands state `id` into `out`.
    pub(super) fn expand(&mut self, id: u32, packed: &[u8], out: &mut Expanded) {
        let expansion = self.expansion(packed, out);
        out.states.push((id, expansion));
    }

    fn expansion(&mut self, packed: &[u8], out: &mut Expanded) -> Expansion {
        let taken_len = self.story.once_slots as usize;
        let Some((node, vars, taken)) = self.packer.unpack(packed, taken_len) else {
            return Expansion::Invalid;
        };
        let session = Session::at(
            Arc::clone(&self.story),
            self.role,
            node,
            vars,
            taken,
            0,
            false,
        );
        let offered = self.tally.offered(&session, self.index);
        if !offered.iter().any(|(_, enabled)| *enabled) {
            return Expansion::Stuck {
                node,
                visible: offered.len(),
            };
        }
        let start = out.steps.len();
        let enabled = offered.iter().filter(|(_, on)| *on).count();
        let judging = (2..=MAX_JUDGED).contains(&enabled) && !self.tally.settle.settled(node);
        // Each enabled choice's results: states packed with the variables read from there on,
        // as ranges of `scratch`, with their chances; `None` when the session refused it.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mut results: Vec<Packed> = Vec::new();
        let mut meta: Vec<(usize, usize)> = Vec::new();
        for (k, &(choice, enabled)) in offered.iter().enumerate() {
            if !enabled {
                continue;
            }
            let mut found: Packed = Some(Vec::new());
            let mut scripts = vec![Vec::new()];
            while let Some(script) = scripts.pop() {
                self.tally.took(self.index, node, choice);
                let mut next = session.clone();
                let mut fate = Branching::new(&script, &mut self.tally, &self.story, self.index);
                let result = next.choose_fated(k, &mut fate);
                let chance = fate.chance;
                scripts.append(&mut fate.branches);
                let outcome = match result {
                    Ok(()) => {
                        let ended = next.is_ended();
                        if ended {
                            self.tally.ended_with(&next.state().vars, self.relevant);
                        }
                        if judging && let Some(list) = &mut found {
                            let node = next.state().node;
                            let keep = self
                                .read_live
                                .get(node as usize)
                                .map_or(self.all, Vec::as_slice);
                            let start = scratch.len();
                            self.packer.pack_into(next.state(), keep, &mut scratch);
                            list.push((start..scratch.len(), chance));
                        }
                        Ok(self.child(next.state(), ended, &mut out.bytes))
                    }
                    Err(e) => {
                        found = None;
                        Err(e.to_string())
                    }
                };
                out.steps.push(Step {
                    choice: k as u32 + 1,
                    outcome,
                });
            }
            if judging {
                results.push(found);
                meta.push((choice, k + 1));
            }
        }
        let verdict = Verdict::classify(&meta, |i, j| {
            let slices = |r: Option<&Packed>| {
                r.and_then(Option::as_ref).map(|list| {
                    list.iter()
                        .map(|(range, c)| (scratch.get(range.clone()).unwrap_or(&[]), *c))
                        .collect::<Vec<_>>()
                })
            };
            match (slices(results.get(i)), slices(results.get(j))) {
                (Some(a), Some(b)) => same_chances(&a, &b),
                _ => false,
            }
        });
        if judging {
            let choices = match self.story.node(node).map(|n| &n.exit) {
                Some(crate::story::Exit::Choices(cs)) => cs.len(),
                _ => 0,
            };
            self.tally.settle.learn(node, choices, &verdict);
        }
        self.scratch = scratch;
        Expansion::Steps {
            node,
            steps: start..out.steps.len(),
            verdict,
        }
    }

    /// Packs a state reached by a step at the end of `bytes`.
    pub(super) fn child(&mut self, state: &PlayState, ended: bool, bytes: &mut Vec<u8>) -> Child {
        let node = state.node;
        let keep = self.live.get(node as usize).map_or(self.all, Vec::as_slice);
        let start = bytes.len();
        self.packer.pack_into(state, keep, bytes);
        let key = start..bytes.len();
        let hash = hash_bytes(bytes.get(key.clone()).unwrap_or(&[]));
        let same = self.all_live.get(node as usize).copied().unwrap_or(false);
        let full = (!ended && !same).then(|| {
            let start = bytes.len();
            self.packer.pack_into(state, self.all, bytes);
            start..bytes.len()
        });
        Child {
            node,
            ended,
            key,
            hash,
            full,
        }
    }
}
