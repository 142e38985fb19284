//! The classroom: groups of students voting on their own copy of a story, run as a pure,
//! deterministic state machine whose state is the replay of an append-only event log.
//!
//! Time is an input (`now_ms` on every command), randomness comes from the story's seeded
//! sessions, and every change is an [`Event`] appended to the log, so replaying a log rebuilds
//! the class exactly. No network and no window here: `serve` and the front ends drive it.

mod apply;
pub mod event;
pub mod export;
pub mod group;
pub mod log;
pub mod nickname;
mod rules;
pub mod setup;
pub mod view;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use thiserror::Error;

pub use event::{Action, Command, Event, GroupPick, How, Refusal, Spot, Target};
pub use group::{Cast, Decision, DrawRecord, Group, Poll, PollRecord, PollState};
pub use log::{LogError, Logged};
pub use setup::{ClassSetup, DEFAULT_SEAT_CAP, GroupSetup, SeatId, TieRule, Token};
pub use view::{FacilitatorView, GroupCard, PickList, PictureLine, StudentView};

use crate::session::Session;
use crate::story::Story;
use crate::tools::playthrough::splitmix64;

/// Why a class could not be started or resumed.
#[derive(Debug, Error)]
pub enum ClassError {
    #[error("a class needs at least one group")]
    NoGroups,
    #[error("group {group} ({name}): {message}")]
    Group {
        group: usize,
        name: String,
        message: String,
    },
    #[error(transparent)]
    Log(#[from] LogError),
}

/// A seat: one student's place in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub id: SeatId,
    pub token: Token,
    pub group: usize,
    pub nickname: String,
    pub removed: bool,
}

/// What a handled command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    /// The seat a `Join` gave (or gave back).
    pub seat: Option<SeatId>,
    /// How many events the command appended to the log.
    pub events: usize,
}

/// A running class.
#[derive(Debug)]
pub struct Class {
    story: Arc<Story>,
    setup: ClassSetup,
    groups: Vec<Group>,
    seats: Vec<Seat>,
    tokens: HashMap<Token, SeatId>,
    locked: bool,
    paused: bool,
    ended: bool,
    spotlight: Option<Spot>,
    log: Vec<Logged>,
    /// The class clock: the time of the last command, in milliseconds since the class began.
    clock: u64,
    writer: Option<log::Writer>,
    /// Resuming dropped a torn last line of the log (a crash mid-write).
    torn: bool,
    /// The story in each of its languages, made when a phone first asks for one.
    editions: std::sync::OnceLock<crate::i18n::Editions>,
}

/// The random seed of every group playing `role`: groups of one role draw alike, so they
/// differ only by their choices.
pub fn role_seed(class_seed: u64, role: &str) -> u64 {
    let h = role.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    splitmix64(class_seed ^ h)
}

impl Class {
    /// A new class, kept in memory only.
    pub fn new(story: Arc<Story>, setup: ClassSetup) -> Result<Class, ClassError> {
        if setup.groups.is_empty() {
            return Err(ClassError::NoGroups);
        }
        let mut groups = Vec::with_capacity(setup.groups.len());
        for (i, g) in setup.groups.iter().enumerate() {
            let seed = role_seed(setup.seed, &g.role);
            let session = Session::start_preset(story.clone(), &g.role, g.preset.as_deref(), seed)
                .map_err(|e| ClassError::Group {
                    group: i + 1,
                    name: g.name.clone(),
                    message: e.to_string(),
                })?;
            groups.push(Group::new(g.clone(), session));
        }
        Ok(Class {
            story,
            setup,
            groups,
            seats: Vec::new(),
            tokens: HashMap::new(),
            locked: false,
            paused: false,
            ended: false,
            spotlight: None,
            log: Vec::new(),
            clock: 0,
            writer: None,
            torn: false,
            editions: std::sync::OnceLock::new(),
        })
    }

    /// A new class whose log is written to `path` (which must not exist yet) after every event.
    pub fn create(story: Arc<Story>, setup: ClassSetup, path: &Path) -> Result<Class, ClassError> {
        let mut class = Class::new(story, setup)?;
        class.writer = Some(log::Writer::create(path, &class.story, &class.setup)?);
        Ok(class)
    }

    /// The class whose log is at `path`, rebuilt by replaying it; new events are appended to it.
    pub fn resume(story: Arc<Story>, path: &Path) -> Result<Class, ClassError> {
        let read = log::read(path, &story)?;
        let mut class = Class::replay(story, read.setup, read.events).map_err(|e| match e {
            ClassError::Log(LogError::Replay { line, message, .. }) => {
                ClassError::Log(LogError::Replay {
                    path: path.to_path_buf(),
                    line,
                    message,
                })
            }
            other => other,
        })?;
        class.writer = Some(log::Writer::append(path, read.valid_len)?);
        class.torn = read.torn;
        Ok(class)
    }

    /// The class these events build, in memory (for exports and tests).
    pub fn replay(
        story: Arc<Story>,
        setup: ClassSetup,
        events: Vec<Logged>,
    ) -> Result<Class, ClassError> {
        let mut class = Class::new(story, setup)?;
        for (i, logged) in events.into_iter().enumerate() {
            class.clock = class.clock.max(logged.at);
            class
                .apply(logged.at, &logged.event)
                .map_err(|message| LogError::Replay {
                    path: std::path::PathBuf::new(),
                    // The header is line 1.
                    line: i + 2,
                    message,
                })?;
            class.log.push(logged);
        }
        Ok(class)
    }

    /// Resuming dropped a torn last line (the laptop stopped while writing it; that command
    /// had not been answered yet, so nobody saw it accepted).
    pub fn dropped_torn_line(&self) -> bool {
        self.torn
    }

    /// Where the log is written, if anywhere.
    pub fn log_path(&self) -> Option<&Path> {
        self.writer.as_ref().map(log::Writer::path)
    }

    pub fn story(&self) -> &Arc<Story> {
        &self.story
    }

    /// The story in `lang` (`ko`), or in its own language when it has no such translation.
    /// Phones may each read a different language; the class and its log do not change.
    pub fn edition(&self, lang: &str) -> &Arc<Story> {
        if lang == self.story.meta.language || self.story.translations.is_empty() {
            return &self.story;
        }
        self.editions
            .get_or_init(|| crate::i18n::Editions::new(Arc::clone(&self.story)))
            .get(lang)
    }

    /// This class replayed on the story in `lang`: the same events and votes with the story's
    /// words in `lang`, for an export in that language. `None` when `lang` is the story's own
    /// language or one it has no translation for (then `self` already reads as well as it can).
    pub fn in_language(&self, lang: &str) -> Option<Result<Class, ClassError>> {
        let edition = self.edition(lang);
        if Arc::ptr_eq(edition, &self.story) {
            return None;
        }
        Some(Class::replay(
            Arc::clone(edition),
            self.setup.clone(),
            self.log.clone(),
        ))
    }

    /// The languages phones can read the story in, its own first.
    pub fn languages(&self) -> Vec<String> {
        crate::i18n::languages(&self.story)
    }

    pub fn setup(&self) -> &ClassSetup {
        &self.setup
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// Every event so far, in order.
    pub fn log(&self) -> &[Logged] {
        &self.log
    }

    pub fn code(&self) -> &str {
        &self.setup.code
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    pub fn spotlight(&self) -> Option<&Spot> {
        self.spotlight.as_ref()
    }

    /// Ended by the facilitator, or every group's story has ended.
    pub fn is_over(&self) -> bool {
        self.ended || self.groups.iter().all(Group::is_ended)
    }

    /// The class clock at the last command (a resumed class goes on from here).
    pub fn elapsed_ms(&self) -> u64 {
        self.clock
    }

    /// The seat holding `token`, removed seats excepted.
    pub fn seat_of(&self, token: &Token) -> Option<SeatId> {
        let id = *self.tokens.get(token)?;
        self.seat(id).filter(|s| !s.removed).map(|s| s.id)
    }

    pub fn seat(&self, id: SeatId) -> Option<&Seat> {
        let i = usize::try_from(id).ok()?.checked_sub(1)?;
        self.seats.get(i)
    }

    /// The earliest time a running vote timer runs out; a `Tick` at or after it closes the vote.
    pub fn next_deadline(&self) -> Option<u64> {
        self.groups
            .iter()
            .filter_map(|g| g.poll.as_ref()?.deadline)
            .min()
    }

    /// Carries out `cmd` at class time `now_ms` (a time before the last command's counts as the
    /// same time). A refused command changes nothing; an accepted one appends its events to the
    /// log, and to the log file when there is one.
    pub fn handle(&mut self, now_ms: u64, cmd: Command) -> Result<Handled, Refusal> {
        let now = now_ms.max(self.clock);
        let start = self.log.len();
        let result = self.decide(now, cmd);
        self.clock = now;
        if let Some(w) = &mut self.writer {
            // Events applied are kept even when refused later in the same command (each is
            // valid on its own), so they are written whatever the result.
            if let Err(e) = w.write(&self.log[start..]) {
                return Err(Refusal::Log(e.to_string()));
            }
        }
        let seat = result?;
        Ok(Handled {
            seat,
            events: self.log.len() - start,
        })
    }

    /// Applies `event` at `at` and appends it to the log (the only way the state changes).
    fn emit(&mut self, at: u64, event: Event) -> Result<(), Refusal> {
        self.apply(at, &event).map_err(Refusal::Story)?;
        self.log.push(Logged { at, event });
        Ok(())
    }
}
