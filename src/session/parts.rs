//! A session taken apart into plain data and put back together, its invariants checked: what saves build on.
//!
//! [`Session::parts`] copies everything a session holds besides its story into [`Parts`];
//! [`Session::from_parts`] rebuilds a session from them and refuses parts that do not fit the
//! story (unknown role, a node that is no place to stop, variables of the wrong count or type,
//! an undo stack out of step with the transcript). The save layer converts these parts to and
//! from its own file format; nothing here knows how they are written.

use std::sync::Arc;

use rand_pcg::Pcg32;

use super::undo::Journal;
use super::{Entry, PlayState, Session};
use crate::story::lints::reachable_from;
use crate::story::{Exit, NodeIdx, Story, Value, Variable};

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
    #[error("node `{node}` cannot be reached from any start of the role `{role}`")]
    Unreachable { node: String, role: String },
    #[error("{found} variable values for the story's {expected} variables")]
    VariableCount { found: usize, expected: usize },
    #[error("the value of variable `{id}` has the wrong type")]
    VariableType { id: String },
    #[error("variable `{id}` is {value}, outside its declared range {range}")]
    OutOfRange {
        id: String,
        value: i64,
        range: String,
    },
    #[error("{found} once-only slots for the story's {expected}")]
    OnceSlots { found: usize, expected: usize },
    #[error("the passage starts at entry {at}, past the transcript's {len} entries")]
    PassageStart { at: usize, len: usize },
    #[error("the passage starts at entry {at}, which does not follow a choice")]
    PassageNotAfterChoice { at: usize },
    #[error("{turns} turns taken, but the transcript records {choices} choices")]
    Turns { turns: u32, choices: usize },
    #[error("a transcript of {len} entries for a session that keeps none")]
    TranscriptNotKept { len: usize },
    #[error("undo point {point}: {reason}")]
    History {
        point: usize,
        reason: Box<PartsError>,
    },
    #[error("undo point {point} is later than the one after it")]
    HistoryOrder { point: usize },
    #[error("undo point {point} does not start at a choice in the transcript")]
    HistoryNotAtChoice { point: usize },
    #[error("undo point {point} is at turn {turns}, not before the turn {next} after it")]
    HistoryTurns { point: usize, turns: u32, next: u32 },
    #[error("undo point {point} has once-only choices taken that are not taken after it")]
    HistoryTaken { point: usize },
    #[error("an undo stack for a session that keeps no undo points")]
    UndoNotKept,
}

impl Parts {
    /// Checks that these parts make a session of `story`: the role exists; the current node
    /// and every undo point's node is a place to stop (choices or an ending) reachable from
    /// the role's start or one of its presets' starts; every variable has its declared type and lies in its declared range;
    /// the once-only slots fit the story; the transcript is empty when not recorded, and the
    /// passage and every undo point start just after a choice in it, with as many choices
    /// before them as turns taken; undo points are oldest
    /// first, each at an earlier turn than the next (and the current one), with once-only
    /// choices taken only ever added.
    pub fn check(&self, story: &Story) -> Result<(), PartsError> {
        if self.role >= story.roles.len() {
            return Err(PartsError::UnknownRole {
                role: self.role,
                count: story.roles.len(),
            });
        }
        if !self.record && !self.transcript.is_empty() {
            return Err(PartsError::TranscriptNotKept {
                len: self.transcript.len(),
            });
        }
        let reach = Reach::of(story, self.role);
        self.now.check_in(story, &reach, &self.transcript)?;
        if !self.keep_undo && !self.undo.is_empty() {
            return Err(PartsError::UndoNotKept);
        }
        self.check_history(story)
    }

    /// Checks the undo stack alone: every point fits `story` and the transcript, oldest first
    /// (see [`Parts::check`]).
    pub fn check_history(&self, story: &Story) -> Result<(), PartsError> {
        if self.role >= story.roles.len() {
            return Err(PartsError::UnknownRole {
                role: self.role,
                count: story.roles.len(),
            });
        }
        let reach = Reach::of(story, self.role);
        check_history(&self.undo, story, &reach, &self.transcript, &self.now)
    }
}

/// The nodes a role can reach from its start or any of its presets' starts.
struct Reach<'a> {
    role: &'a str,
    seen: Vec<bool>,
}

impl<'a> Reach<'a> {
    fn of(story: &'a Story, role: usize) -> Reach<'a> {
        match story.roles.get(role) {
            Some(r) => Reach {
                role: &r.id,
                seen: reachable_from(story, r.starts()),
            },
            None => Reach {
                role: "",
                seen: Vec::new(),
            },
        }
    }
}

/// The error for `value` of `var` when it lies outside the variable's declared range.
pub fn out_of_range(var: &Variable, value: &Value) -> Option<PartsError> {
    let Value::Int(i) = value else {
        return None;
    };
    if var.clamp(value.clone()) == *value {
        return None;
    }
    let bound = |b: Option<i64>| b.map_or_else(String::new, |b| b.to_string());
    Some(PartsError::OutOfRange {
        id: var.id.clone(),
        value: *i,
        range: format!("{}..={}", bound(var.min), bound(var.max)),
    })
}

impl Moment {
    /// Checks this moment alone against `story`, with a transcript of `len` entries: a node
    /// to stop at, variables of the right count, type and range, once-only slots, the passage
    /// within the transcript. [`Parts::check`] checks more, knowing the role and transcript.
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
        for (value, var) in self.vars.iter().zip(&story.variables) {
            if value.ty() != var.ty {
                return Err(PartsError::VariableType { id: var.id.clone() });
            }
            if let Some(e) = out_of_range(var, value) {
                return Err(e);
            }
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

    /// [`Moment::check`], and: the node is reachable for the role, and the passage starts at
    /// the beginning or just after a choice of `transcript` (when recorded).
    fn check_in(
        &self,
        story: &Story,
        reach: &Reach,
        transcript: &[Entry],
    ) -> Result<(), PartsError> {
        self.check(story, transcript.len())?;
        if !reach.seen.get(self.node as usize).copied().unwrap_or(false) {
            return Err(PartsError::Unreachable {
                node: story.key_of(self.node),
                role: reach.role.to_owned(),
            });
        }
        let after_choice = self.passage_start == 0
            || matches!(
                transcript.get(self.passage_start - 1),
                Some(Entry::Chose { .. })
            );
        if !transcript.is_empty() && !after_choice {
            return Err(PartsError::PassageNotAfterChoice {
                at: self.passage_start,
            });
        }
        // Every turn is a choice, recorded from the first (a transcript starts with the
        // session).
        let choices = transcript
            .iter()
            .filter(|e| matches!(e, Entry::Chose { .. }))
            .count();
        if !transcript.is_empty() && choices != self.turns as usize {
            return Err(PartsError::Turns {
                turns: self.turns,
                choices,
            });
        }
        Ok(())
    }
}

/// Checks an undo stack against `story`, the role's reach, the transcript and the moment
/// after it.
fn check_history(
    undo: &[UndoPoint],
    story: &Story,
    reach: &Reach,
    transcript: &[Entry],
    now: &Moment,
) -> Result<(), PartsError> {
    let len = transcript.len();
    for (point, p) in undo.iter().enumerate() {
        let (next_len, next) = match undo.get(point + 1) {
            Some(n) => (n.transcript_len, &n.moment),
            None => (len, now),
        };
        if p.transcript_len > next_len {
            return Err(PartsError::HistoryOrder { point });
        }
        let fits = if p.transcript_len > len {
            Err(PartsError::PassageStart {
                at: p.transcript_len,
                len,
            })
        } else {
            p.moment
                .check_in(story, reach, &transcript[..p.transcript_len])
        };
        fits.map_err(|reason| PartsError::History {
            point,
            reason: Box::new(reason),
        })?;
        // A choice was taken at each undo point: recorded, it is the entry that follows.
        if !transcript.is_empty()
            && !matches!(transcript.get(p.transcript_len), Some(Entry::Chose { .. }))
        {
            return Err(PartsError::HistoryNotAtChoice { point });
        }
        if p.moment.turns >= next.turns {
            return Err(PartsError::HistoryTurns {
                point,
                turns: p.moment.turns,
                next: next.turns,
            });
        }
        if p.moment
            .taken
            .iter()
            .zip(&next.taken)
            .any(|(&then, &later)| then && !later)
        {
            return Err(PartsError::HistoryTaken { point });
        }
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
        let state: PlayState = parts.now.into();
        Ok(Session {
            story,
            role: parts.role,
            seed: parts.seed,
            undo: Journal::from_points(parts.undo, &state),
            state,
            transcript: parts.transcript,
            record: parts.record,
            undoable: parts.keep_undo,
            scratch: String::new(),
        })
    }

    /// The undo stack, oldest first.
    pub fn history(&self) -> Vec<UndoPoint> {
        self.undo.points(&self.state)
    }

    /// Replaces the undo stack, when every point fits the story and the transcript; otherwise
    /// the session is unchanged.
    pub fn set_history(&mut self, undo: Vec<UndoPoint>) -> Result<(), PartsError> {
        if !self.undoable && !undo.is_empty() {
            return Err(PartsError::UndoNotKept);
        }
        let reach = Reach::of(&self.story, self.role);
        let now = Moment::from(&self.state);
        check_history(&undo, &self.story, &reach, &self.transcript, &now)?;
        self.undo = Journal::from_points(undo, &self.state);
        Ok(())
    }
}
