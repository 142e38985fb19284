//! A session taken apart into plain data and put back together, its invariants checked: what saves build on.
//!
//! [`Session::parts`] copies everything a session holds besides its story into [`Parts`];
//! [`Session::from_parts`] rebuilds a session from them and refuses parts that do not fit the
//! story (unknown role, a node that is no place to stop, variables of the wrong count or type,
//! an undo stack out of step with the transcript). The save layer converts these parts to and
//! from its own file format; nothing here knows how they are written.

use std::sync::Arc;

use rand_pcg::Pcg32;

use super::{Entry, PlayState, Session, Snapshot};
use crate::story::{Exit, NodeIdx, Story, Value};

/// Everything a session holds besides its story, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// The role, by index into [`Story::roles`].
    pub role: usize,
    /// The seed the session was started with.
    pub seed: u64,
    /// Where the playthrough is now.
    pub now: Moment,
    /// The undo stack, oldest first.
    pub undo: Vec<UndoPoint>,
    /// Everything shown and chosen so far (empty when not recorded).
    pub transcript: Vec<Entry>,
    /// Whether text is resolved and a transcript kept (false only for fast exploration).
    pub record: bool,
    /// Whether choices keep undo points (see [`Session::keep_undo`]); when false the undo
    /// stack must be empty.
    pub keep_undo: bool,
}

/// The changing state of a playthrough at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    /// The current node, by index into [`Story::nodes`].
    pub node: NodeIdx,
    /// Every variable's value, in the story's order.
    pub vars: Vec<Value>,
    /// The random generator, exactly as it is.
    pub rng: Pcg32,
    /// Once-only choices taken, by slot.
    pub taken: Vec<bool>,
    /// Where the current passage (shown since the last choice) starts in the transcript.
    pub passage_start: usize,
    /// Choices taken so far.
    pub turns: u32,
}

/// A moment to return to on undo, with the length the transcript had then.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoPoint {
    pub moment: Moment,
    pub transcript_len: usize,
}

/// Why parts do not make a session of a story. The story is not changed by any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartsError {
    #[error("role {role} does not exist (the story has {count} roles)")]
    UnknownRole { role: usize, count: usize },
    #[error("node {node} does not exist or neither offers choices nor ends the story")]
    NotAStop { node: NodeIdx },
    #[error("{found} variable values for the story's {expected} variables")]
    VariableCount { found: usize, expected: usize },
    #[error("the value of variable `{id}` has the wrong type")]
    VariableType { id: String },
    #[error("{found} once-only slots for the story's {expected}")]
    OnceSlots { found: usize, expected: usize },
    #[error("the passage starts at entry {at}, past the transcript's {len} entries")]
    PassageStart { at: usize, len: usize },
    #[error("undo point {point}: {reason}")]
    History {
        point: usize,
        reason: Box<PartsError>,
    },
    #[error("undo point {point} is later than the one after it")]
    HistoryOrder { point: usize },
    #[error("an undo stack for a session that keeps no undo points")]
    UndoNotKept,
}

impl Parts {
    /// Checks that these parts make a session of `story`.
    pub fn check(&self, story: &Story) -> Result<(), PartsError> {
        if self.role >= story.roles.len() {
            return Err(PartsError::UnknownRole {
                role: self.role,
                count: story.roles.len(),
            });
        }
        self.now.check(story, self.transcript.len())?;
        if !self.keep_undo && !self.undo.is_empty() {
            return Err(PartsError::UndoNotKept);
        }
        self.check_history(story)
    }

    /// Checks the undo stack alone: every point fits `story` and the transcript, oldest first.
    pub fn check_history(&self, story: &Story) -> Result<(), PartsError> {
        check_history(&self.undo, story, self.transcript.len())
    }
}

impl Moment {
    /// Checks this moment against `story`, with a transcript of `len` entries.
    pub fn check(&self, story: &Story, len: usize) -> Result<(), PartsError> {
        if !matches!(
            story.node(self.node).map(|n| &n.exit),
            Some(Exit::Choices(_) | Exit::Ending(_))
        ) {
            return Err(PartsError::NotAStop { node: self.node });
        }
        if self.vars.len() != story.variables.len() {
            return Err(PartsError::VariableCount {
                found: self.vars.len(),
                expected: story.variables.len(),
            });
        }
        if let Some(var) = self
            .vars
            .iter()
            .zip(&story.variables)
            .find_map(|(v, var)| (v.ty() != var.ty).then_some(var))
        {
            return Err(PartsError::VariableType { id: var.id.clone() });
        }
        if self.taken.len() != story.once_slots as usize {
            return Err(PartsError::OnceSlots {
                found: self.taken.len(),
                expected: story.once_slots as usize,
            });
        }
        if self.passage_start > len {
            return Err(PartsError::PassageStart {
                at: self.passage_start,
                len,
            });
        }
        Ok(())
    }
}

/// Checks an undo stack against `story` and a transcript of `len` entries.
fn check_history(undo: &[UndoPoint], story: &Story, len: usize) -> Result<(), PartsError> {
    let mut previous = 0;
    for (point, p) in undo.iter().enumerate() {
        if p.transcript_len < previous {
            return Err(PartsError::HistoryOrder {
                point: point.saturating_sub(1),
            });
        }
        previous = p.transcript_len;
        let fits = if p.transcript_len > len {
            Err(PartsError::PassageStart {
                at: p.transcript_len,
                len,
            })
        } else {
            p.moment.check(story, p.transcript_len)
        };
        fits.map_err(|reason| PartsError::History {
            point,
            reason: Box::new(reason),
        })?;
    }
    Ok(())
}

impl From<&PlayState> for Moment {
    fn from(s: &PlayState) -> Moment {
        Moment {
            node: s.node,
            vars: s.vars.clone(),
            rng: s.rng.clone(),
            taken: s.taken.clone(),
            passage_start: s.passage_start,
            turns: s.turns,
        }
    }
}

impl From<Moment> for PlayState {
    fn from(m: Moment) -> PlayState {
        PlayState {
            node: m.node,
            vars: m.vars,
            rng: m.rng,
            taken: m.taken,
            passage_start: m.passage_start,
            turns: m.turns,
        }
    }
}

impl From<&Snapshot> for UndoPoint {
    fn from(s: &Snapshot) -> UndoPoint {
        UndoPoint {
            moment: Moment::from(&s.state),
            transcript_len: s.transcript_len,
        }
    }
}

impl From<UndoPoint> for Snapshot {
    fn from(p: UndoPoint) -> Snapshot {
        Snapshot {
            state: p.moment.into(),
            transcript_len: p.transcript_len,
        }
    }
}

impl Session {
    /// Everything this session holds besides its story, as plain data.
    pub fn parts(&self) -> Parts {
        Parts {
            role: self.role,
            seed: self.seed,
            now: Moment::from(&self.state),
            undo: self.history(),
            transcript: self.transcript.clone(),
            record: self.record,
            keep_undo: self.undoable,
        }
    }

    /// The session made of `parts` playing `story`, when they fit it (see [`Parts::check`]).
    pub fn from_parts(story: Arc<Story>, parts: Parts) -> Result<Session, PartsError> {
        parts.check(&story)?;
        Ok(Session {
            story,
            role: parts.role,
            seed: parts.seed,
            state: parts.now.into(),
            undo: parts.undo.into_iter().map(Snapshot::from).collect(),
            transcript: parts.transcript,
            record: parts.record,
            undoable: parts.keep_undo,
        })
    }

    /// The undo stack, oldest first.
    pub fn history(&self) -> Vec<UndoPoint> {
        self.undo.iter().map(UndoPoint::from).collect()
    }

    /// Replaces the undo stack, when every point fits the story and the transcript; otherwise
    /// the session is unchanged.
    pub fn set_history(&mut self, undo: Vec<UndoPoint>) -> Result<(), PartsError> {
        if !self.undoable && !undo.is_empty() {
            return Err(PartsError::UndoNotKept);
        }
        check_history(&undo, &self.story, self.transcript.len())?;
        self.undo = undo.into_iter().map(Snapshot::from).collect();
        Ok(())
    }
}
