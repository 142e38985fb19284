//! What can happen to a class: commands asked of it (by students, the facilitator and the clock),
//! the events it writes to its log, and why a command is refused.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::setup::{SeatId, Token};

/// Which group a joining student asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupPick {
    /// A group by its index.
    Index(usize),
    /// The group with the fewest seats (the first of them on a tie).
    Any,
}

/// Groups a facilitator action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    All,
    Group(usize),
}

/// What the projector shows, pushed to phones too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Spot {
    /// A group's passage and its vote.
    Group { group: usize },
    /// The discussion prompt of a group's current node (or its ending's questions).
    Prompt { group: usize },
    /// Two groups side by side.
    Pair { left: usize, right: usize },
}

impl Spot {
    /// The groups it shows.
    pub fn groups(&self) -> Vec<usize> {
        match *self {
            Spot::Group { group } | Spot::Prompt { group } => vec![group],
            Spot::Pair { left, right } => vec![left, right],
        }
    }
}

/// What the facilitator can do. Only the app running the class issues these, never the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Open(Target),
    Close(Target),
    Pause(Target),
    Resume(Target),
    /// Adds seconds to open votes' timers.
    Extend(Target, u32),
    /// Shows an open vote's tally to students before it closes.
    Reveal(Target),
    /// Takes `choice` (an index into the group's visible choices) whatever the vote says.
    Override {
        group: usize,
        choice: usize,
    },
    /// Takes back the group's last decision.
    Undo {
        group: usize,
    },
    /// Hand counts typed by the facilitator, one per visible choice; decides the open vote.
    Hands {
        group: usize,
        counts: Vec<u32>,
    },
    Spotlight(Option<Spot>),
    Lock(bool),
    Remove {
        seat: SeatId,
    },
    PauseClass,
    ResumeClass,
    End,
}

/// A request to the class. `Tick` tells it the time has moved on, so timers can run out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Join {
        token: Token,
        group: GroupPick,
        name: Option<String>,
    },
    Vote {
        seat: SeatId,
        round: u32,
        choice: usize,
    },
    Tick,
    Act(Action),
}

/// How a group's decision was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum How {
    /// The most ballots.
    Vote { tally: Vec<u32> },
    /// The facilitator overrode the vote (or decided a tie).
    Override,
    /// The facilitator typed the hands raised for each choice.
    Hands { tally: Vec<u32> },
    /// A tie in a class running by itself (`auto`), settled by a seeded lot.
    Lot { tally: Vec<u32> },
}

/// One line of the class log: a fact, applied in order to rebuild the class exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "event")]
pub enum Event {
    Joined {
        seat: SeatId,
        token: Token,
        group: usize,
        nickname: String,
    },
    Removed {
        seat: SeatId,
    },
    /// A vote opened on the group's current choices; `options` are the choices a ballot may
    /// name (all enabled ones, or the tied ones in a revote).
    Opened {
        group: usize,
        round: u32,
        options: Vec<usize>,
        /// A revote between tied choices.
        revote: bool,
        /// Milliseconds on the timer, if it has one.
        ms: Option<u64>,
    },
    Ballot {
        group: usize,
        round: u32,
        seat: SeatId,
        choice: usize,
    },
    Paused {
        group: usize,
    },
    Resumed {
        group: usize,
    },
    Extended {
        group: usize,
        ms: u64,
    },
    Revealed {
        group: usize,
    },
    /// The vote stopped taking ballots.
    Closed {
        group: usize,
        round: u32,
    },
    /// The group takes `choice`; its story moves on.
    Decided {
        group: usize,
        choice: usize,
        how: How,
    },
    Undone {
        group: usize,
    },
    Spotlight {
        spot: Option<Spot>,
    },
    Locked {
        on: bool,
    },
    ClassPaused {
        on: bool,
    },
    Ended,
}

/// Why the class refused a command. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("the class has ended")]
    ClassEnded,
    #[error("the class is paused; wait for the teacher")]
    ClassPaused,
    #[error("the class is not paused")]
    NotPaused,
    #[error("the room is locked; ask the teacher to unlock it")]
    RoomLocked,
    #[error("the room is full ({cap} seats); ask the teacher")]
    RoomFull { cap: u32 },
    #[error("there is no group {group}")]
    NoSuchGroup { group: usize },
    #[error("there is no seat {seat}")]
    NoSuchSeat { seat: SeatId },
    #[error("no vote is open for this group")]
    NoVote,
    #[error("the vote has closed; your ballot was not counted")]
    VoteClosed,
    #[error("the vote is paused")]
    VotePaused,
    #[error("this ballot is for round {got}, but the vote is round {open}")]
    WrongRound { got: u32, open: u32 },
    #[error("there is no choice {choice}")]
    NoSuchChoice { choice: usize },
    #[error("that choice cannot be taken now: {reason}")]
    ChoiceDisabled { reason: String },
    #[error("this vote is only between other choices")]
    NotAnOption,
    #[error("a vote is already open for this group")]
    VoteOpen,
    #[error("the group's story has ended")]
    GroupEnded,
    #[error("there is nothing to undo for this group")]
    NothingToUndo,
    #[error("{expected} hand counts were needed, one per choice, but {got} were given")]
    HandCounts { expected: usize, got: usize },
    #[error("the story refused the choice: {0}")]
    Story(String),
    #[error("the class log could not be written: {0}; the last change is not saved")]
    Log(String),
}

impl Refusal {
    /// The protocol's error code (docs/classroom-protocol.md).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::ClassEnded => "class-ended",
            Refusal::ClassPaused => "class-paused",
            Refusal::NotPaused => "not-paused",
            Refusal::RoomLocked => "room-locked",
            Refusal::RoomFull { .. } => "room-full",
            Refusal::NoSuchGroup { .. } => "no-such-group",
            Refusal::NoSuchSeat { .. } => "no-such-seat",
            Refusal::NoVote => "no-vote",
            Refusal::VoteClosed => "vote-closed",
            Refusal::VotePaused => "vote-paused",
            Refusal::WrongRound { .. } => "wrong-round",
            Refusal::NoSuchChoice { .. } => "no-such-choice",
            Refusal::ChoiceDisabled { .. } => "choice-disabled",
            Refusal::NotAnOption => "not-an-option",
            Refusal::VoteOpen => "vote-open",
            Refusal::GroupEnded => "group-ended",
            Refusal::NothingToUndo => "nothing-to-undo",
            Refusal::HandCounts { .. } => "hand-counts",
            Refusal::Story(_) => "story",
            Refusal::Log(_) => "log",
        }
    }
}
