//! One group of students: its story session, its seats, the vote in progress and the record of
//! every decision it made.

use std::collections::BTreeMap;

use serde::Serialize;

use super::event::How;
use super::setup::{GroupSetup, SeatId};
use crate::session::{DrawKind, Event as StepEvent, Session, Step, View};

/// Whether a vote takes ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PollState {
    Open,
    /// Paused by the facilitator: no ballots, the timer stands still.
    Paused,
    /// Closed without a decision yet: a tie the facilitator must decide.
    Closed,
}

/// One ballot as cast (a changed vote is a second ballot; the last one counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cast {
    pub seat: SeatId,
    pub choice: usize,
    /// Class clock, milliseconds.
    pub at: u64,
}

/// A vote on the group's current choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poll {
    pub round: u32,
    /// The choices a ballot may name.
    pub options: Vec<usize>,
    /// Each seat's counted ballot.
    pub ballots: BTreeMap<SeatId, usize>,
    /// Every ballot in the order cast.
    pub cast: Vec<Cast>,
    pub state: PollState,
    /// When the timer runs out (class clock), while it runs.
    pub deadline: Option<u64>,
    /// Milliseconds left on a stopped timer (paused vote or paused class).
    pub left: Option<u64>,
    pub revealed: bool,
    /// A revote between tied choices.
    pub revote: bool,
    pub opened_at: u64,
}

impl Poll {
    /// Ballots per visible choice (`choices` long).
    pub fn tally(&self, choices: usize) -> Vec<u32> {
        let mut t = vec![0u32; choices];
        for &c in self.ballots.values() {
            if let Some(n) = t.get_mut(c) {
                *n += 1;
            }
        }
        t
    }

    /// Stops the timer, keeping the time left.
    pub fn freeze(&mut self, at: u64) {
        if let Some(d) = self.deadline.take() {
            self.left = Some(d.saturating_sub(at));
        }
    }

    /// Starts a stopped timer again.
    pub fn thaw(&mut self, at: u64) {
        if let Some(l) = self.left.take() {
            self.deadline = Some(at.saturating_add(l));
        }
    }
}

/// A vote as kept for the debrief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PollRecord {
    pub round: u32,
    pub options: Vec<usize>,
    pub tally: Vec<u32>,
    pub cast: Vec<Cast>,
    pub revote: bool,
    pub opened_at: u64,
}

/// A random draw the decision led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrawRecord {
    /// `outcome` (among a choice's outcomes) or `pick` (a node's random event).
    pub kind: &'static str,
    pub label: Option<String>,
    pub target: String,
    pub weight: u64,
    pub total: u64,
}

/// One decision of a group: where it stood, how it voted, what it took and what followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// `scene.node` where the group decided.
    pub node: String,
    pub scene: String,
    /// The passage the group read before deciding.
    pub passage: String,
    pub prompt: Option<String>,
    /// The visible choices' texts.
    pub choices: Vec<String>,
    pub polls: Vec<PollRecord>,
    pub choice: usize,
    pub how: How,
    pub at: u64,
    pub draws: Vec<DrawRecord>,
    /// The ending the decision reached, if any.
    pub ending: Option<String>,
    /// Taken back by the facilitator.
    pub undone: bool,
}

impl Decision {
    /// The chosen choice's text.
    pub fn choice_text(&self) -> &str {
        self.choices.get(self.choice).map_or("", String::as_str)
    }

    /// How close the deciding vote was: the winner's share minus the runner-up's, from 0.0
    /// (a tie) to 1.0 (unanimous); `None` without ballots.
    pub fn margin(&self) -> Option<f64> {
        let tally = match &self.how {
            How::Vote { tally } | How::Hands { tally } | How::Lot { tally } => tally.clone(),
            How::Override => self.polls.last()?.tally.clone(),
        };
        let total: u32 = tally.iter().sum();
        if total == 0 {
            return None;
        }
        let mut sorted = tally;
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let first = f64::from(sorted[0]);
        let second = f64::from(sorted.get(1).copied().unwrap_or(0));
        Some((first - second) / f64::from(total))
    }
}

/// A group's state in the class.
#[derive(Debug, Clone)]
pub struct Group {
    pub setup: GroupSetup,
    pub session: Session,
    /// The session's view, kept current after every decision and undo.
    pub view: View,
    /// The seats in the group (removed seats are taken out).
    pub seats: Vec<SeatId>,
    pub poll: Option<Poll>,
    /// Rounds opened so far (the next vote is round `rounds + 1`).
    pub rounds: u32,
    /// Closed votes waiting for the decision they belong to (a tie, then its revote).
    pub pending: Vec<PollRecord>,
    pub decisions: Vec<Decision>,
}

impl Group {
    pub(super) fn new(setup: GroupSetup, session: Session) -> Group {
        let view = session.view();
        Group {
            setup,
            session,
            view,
            seats: Vec::new(),
            poll: None,
            rounds: 0,
            pending: Vec::new(),
            decisions: Vec::new(),
        }
    }

    /// The story reached an ending.
    pub fn is_ended(&self) -> bool {
        self.view.ending.is_some()
    }

    /// Visible choices that can be taken now.
    pub fn enabled(&self) -> Vec<usize> {
        self.view
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.enabled)
            .map(|(i, _)| i)
            .collect()
    }

    /// The decisions that stand (not undone).
    pub fn standing(&self) -> impl Iterator<Item = &Decision> {
        self.decisions.iter().filter(|d| !d.undone)
    }

    /// Writes down the decision `choice` made by `how`, given what the step did.
    pub(super) fn record(&mut self, choice: usize, how: How, at: u64, step: &Step) {
        let story = self.session.story().clone();
        let v = &self.view;
        let draws = step
            .events
            .iter()
            .filter_map(|e| match e {
                StepEvent::Drew {
                    kind,
                    label,
                    target,
                    weight,
                    total,
                    ..
                } => Some(DrawRecord {
                    kind: match kind {
                        DrawKind::Outcome => "outcome",
                        DrawKind::Pick => "pick",
                    },
                    label: label.clone(),
                    target: story.key_of(*target),
                    weight: *weight,
                    total: *total,
                }),
                _ => None,
            })
            .collect();
        let decision = Decision {
            node: v.node.clone(),
            scene: v.scene_title.clone(),
            passage: v
                .beats
                .iter()
                .map(|b| match &b.speaker {
                    Some(s) => format!("{s}: {}", b.text),
                    None => b.text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
            prompt: v.current().and_then(|b| b.prompt.clone()),
            choices: v.choices.iter().map(|c| c.text.clone()).collect(),
            polls: std::mem::take(&mut self.pending),
            choice,
            how,
            at,
            draws,
            ending: step.ending().map(str::to_owned),
            undone: false,
        };
        self.decisions.push(decision);
    }
}
