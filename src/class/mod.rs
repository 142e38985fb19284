//! TEMPORARY stand-in for the classroom state machine (the real one lands from `main`): just
//! enough of the announced API for the server, the bots and their tests to run.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::session::Session;
use crate::story::Story;

pub type SeatId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Token(pub [u8; 16]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TieRule {
    Revote,
    Facilitator,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupSetup {
    pub name: String,
    pub role: String,
    pub preset: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClassSetup {
    pub title: String,
    pub groups: Vec<GroupSetup>,
    pub seed: u64,
    pub vote_seconds: Option<u32>,
    pub tie: TieRule,
    pub live_results: bool,
    pub names: bool,
    pub seat_cap: u32,
    pub auto: bool,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum GroupPick {
    Index(usize),
    Any,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Target {
    All,
    Group(usize),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Spot {
    Group(usize),
    Prompt(usize),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Action {
    Open(Target),
    Close(Target),
    Pause(Target),
    Resume(Target),
    Extend(Target, u32),
    Reveal(Target),
    Override { group: usize, choice: usize },
    Undo { group: usize },
    Hands { group: usize, counts: Vec<u32> },
    Spotlight(Option<Spot>),
    Lock(bool),
    Remove { seat: SeatId },
    PauseClass,
    ResumeClass,
    End,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the room is locked")]
    RoomLocked,
    #[error("the class is full")]
    RoomFull,
    #[error("there is no such group")]
    NoSuchGroup,
    #[error("no such seat")]
    NotJoined,
    #[error("no vote is open")]
    NoVote,
    #[error("The vote has closed; your ballot was not counted.")]
    VoteClosed,
    #[error("that ballot is for another round")]
    WrongRound,
    #[error("there is no such choice")]
    NoSuchChoice,
    #[error("that choice is not open")]
    ChoiceDisabled,
    #[error("the class has ended")]
    ClassEnded,
    #[error("not supported by the stand-in")]
    Unsupported,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::RoomLocked => "room-locked",
            Refusal::RoomFull => "room-full",
            Refusal::NoSuchGroup => "no-such-group",
            Refusal::NotJoined => "not-joined",
            Refusal::NoVote => "no-vote",
            Refusal::VoteClosed => "vote-closed",
            Refusal::WrongRound => "wrong-round",
            Refusal::NoSuchChoice => "no-such-choice",
            Refusal::ChoiceDisabled => "choice-disabled",
            Refusal::ClassEnded => "class-ended",
            Refusal::Unsupported => "bad-message",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    #[error("{0}")]
    Start(String),
    #[error("log: {0}")]
    Log(String),
}

#[derive(Debug, Clone)]
pub struct Handled {
    pub seat: Option<SeatId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PickGroup {
    pub index: usize,
    pub name: String,
    pub role: String,
    pub seats: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PickList {
    pub title: String,
    pub names: bool,
    pub groups: Vec<PickGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacilitatorView {
    pub title: String,
    pub code: String,
    pub groups: Vec<String>,
    pub seats: usize,
    pub over: bool,
}

struct Seat {
    token: Token,
    group: usize,
    nickname: String,
}

struct Group {
    session: Session,
    round: u32,
    open: bool,
    deadline: Option<u64>,
    ballots: BTreeMap<SeatId, usize>,
    last: Option<serde_json::Value>,
}

pub struct Class {
    setup: ClassSetup,
    groups: Vec<Group>,
    seats: Vec<Seat>,
    log: Option<File>,
    elapsed: u64,
    ended: bool,
    locked: bool,
}

#[derive(Serialize, Deserialize)]
struct LogLine {
    at: u64,
    cmd: Command,
}

impl Class {
    pub fn new(story: Arc<Story>, setup: ClassSetup) -> Result<Class, ClassError> {
        let mut groups = Vec::new();
        for g in &setup.groups {
            let session = Session::start(story.clone(), &g.role, setup.seed)
                .map_err(|e| ClassError::Start(e.to_string()))?;
            groups.push(Group {
                session,
                round: 1,
                open: false,
                deadline: None,
                ballots: BTreeMap::new(),
                last: None,
            });
        }
        Ok(Class {
            setup,
            groups,
            seats: Vec::new(),
            log: None,
            elapsed: 0,
            ended: false,
            locked: false,
        })
    }

    pub fn create(story: Arc<Story>, setup: ClassSetup, log_path: &Path) -> Result<Class, ClassError> {
        let mut class = Class::new(story, setup)?;
        let mut file = File::create(log_path).map_err(|e| ClassError::Log(e.to_string()))?;
        let header = serde_json::to_string(&class.setup).map_err(|e| ClassError::Log(e.to_string()))?;
        writeln!(file, "{header}").map_err(|e| ClassError::Log(e.to_string()))?;
        file.sync_all().map_err(|e| ClassError::Log(e.to_string()))?;
        class.log = Some(file);
        Ok(class)
    }

    pub fn resume(story: Arc<Story>, log_path: &Path) -> Result<Class, ClassError> {
        let file = File::open(log_path).map_err(|e| ClassError::Log(e.to_string()))?;
        let mut lines = BufReader::new(file).lines();
        let header = lines.next().ok_or(ClassError::Log("empty".into()))?;
        let setup: ClassSetup = serde_json::from_str(&header.map_err(|e| ClassError::Log(e.to_string()))?)
            .map_err(|e| ClassError::Log(e.to_string()))?;
        let mut class = Class::new(story, setup)?;
        for line in lines {
            let Ok(line) = line else { break };
            let Ok(entry) = serde_json::from_str::<LogLine>(&line) else { break };
            let _ = class.apply(entry.at, entry.cmd);
        }
        class.log = Some(
            OpenOptions::new()
                .append(true)
                .open(log_path)
                .map_err(|e| ClassError::Log(e.to_string()))?,
        );
        Ok(class)
    }

    pub fn handle(&mut self, now_ms: u64, cmd: Command) -> Result<Handled, Refusal> {
        let logged = serde_json::to_string(&LogLine { at: now_ms, cmd: cmd.clone() }).ok();
        let before = self.changes();
        let handled = self.apply(now_ms, cmd)?;
        if self.changes() != before
            && let (Some(file), Some(line)) = (self.log.as_mut(), logged)
        {
            let _ = writeln!(file, "{line}");
            let _ = file.sync_data();
        }
        Ok(handled)
    }

    fn changes(&self) -> (usize, Vec<(u32, bool, usize)>, bool, bool) {
        (
            self.seats.len(),
            self.groups.iter().map(|g| (g.round, g.open, g.ballots.len())).collect(),
            self.ended,
            self.locked,
        )
    }

    fn apply(&mut self, now: u64, cmd: Command) -> Result<Handled, Refusal> {
        self.elapsed = self.elapsed.max(now);
        match cmd {
            Command::Join { token, group, name } => {
                if let Some(seat) = self.seat_of(&token) {
                    return Ok(Handled { seat: Some(seat) });
                }
                if self.locked {
                    return Err(Refusal::RoomLocked);
                }
                if self.seats.len() as u32 >= self.setup.seat_cap {
                    return Err(Refusal::RoomFull);
                }
                let group = match group {
                    GroupPick::Index(i) if i < self.groups.len() => i,
                    GroupPick::Index(_) => return Err(Refusal::NoSuchGroup),
                    GroupPick::Any => (0..self.groups.len())
                        .min_by_key(|g| self.seats.iter().filter(|s| s.group == *g).count())
                        .ok_or(Refusal::NoSuchGroup)?,
                };
                let seat = self.seats.len() as SeatId;
                let nickname = name
                    .filter(|_| self.setup.names)
                    .unwrap_or_else(|| format!("Student {}", seat + 1));
                self.seats.push(Seat { token, group, nickname });
                if self.setup.auto {
                    self.open_if_idle(group, now);
                }
                Ok(Handled { seat: Some(seat) })
            }
            Command::Vote { seat, round, choice } => {
                if self.ended {
                    return Err(Refusal::ClassEnded);
                }
                let s = self.seats.get(seat as usize).ok_or(Refusal::NotJoined)?;
                let gi = s.group;
                let g = &mut self.groups[gi];
                if round != g.round {
                    return Err(Refusal::WrongRound);
                }
                if !g.open {
                    return Err(Refusal::VoteClosed);
                }
                let flags = g.session.view().choices;
                let c = flags.get(choice).ok_or(Refusal::NoSuchChoice)?;
                if !c.enabled {
                    return Err(Refusal::ChoiceDisabled);
                }
                g.ballots.insert(seat, choice);
                let seats = self.seats.iter().filter(|s| s.group == gi).count();
                if self.groups[gi].ballots.len() >= seats {
                    self.close(gi, now);
                }
                Ok(Handled { seat: Some(seat) })
            }
            Command::Tick => {
                for gi in 0..self.groups.len() {
                    if self.groups[gi].open && self.groups[gi].deadline.is_some_and(|d| now >= d) {
                        self.close(gi, now);
                    }
                }
                Ok(Handled { seat: None })
            }
            Command::Act(Action::Lock(l)) => {
                self.locked = l;
                Ok(Handled { seat: None })
            }
            Command::Act(Action::End) => {
                self.ended = true;
                Ok(Handled { seat: None })
            }
            Command::Act(Action::Open(Target::All)) => {
                for gi in 0..self.groups.len() {
                    self.open_if_idle(gi, now);
                }
                Ok(Handled { seat: None })
            }
            Command::Act(Action::Close(Target::All)) => {
                for gi in 0..self.groups.len() {
                    if self.groups[gi].open {
                        self.close(gi, now);
                    }
                }
                Ok(Handled { seat: None })
            }
            Command::Act(_) => Err(Refusal::Unsupported),
        }
    }

    fn open_if_idle(&mut self, gi: usize, now: u64) {
        let secs = self.setup.vote_seconds;
        let g = &mut self.groups[gi];
        if !g.open && !g.session.is_ended() {
            g.open = true;
            g.deadline = secs.map(|s| now + u64::from(s) * 1000);
        }
    }

    fn close(&mut self, gi: usize, now: u64) {
        let g = &mut self.groups[gi];
        g.open = false;
        let n = g.session.view().choices.len();
        let mut tally = vec![0u32; n];
        for c in g.ballots.values() {
            tally[*c] += 1;
        }
        let flags: Vec<bool> = g.session.view().choices.iter().map(|c| c.enabled).collect();
        let best = (0..n)
            .filter(|i| flags[*i])
            .max_by_key(|i| (tally[*i], std::cmp::Reverse(*i)));
        if let Some(best) = best {
            let text = g.session.view().choices[best].text.clone();
            let _ = g.session.choose(best);
            g.last = Some(serde_json::json!({"round": g.round, "choice": best, "text": text, "tally": tally, "how": "vote"}));
        }
        g.round += 1;
        g.ballots.clear();
        if self.setup.auto && self.seats.iter().any(|s| s.group == gi) {
            self.open_if_idle(gi, now);
        }
    }

    pub fn student_view(&self, seat: SeatId) -> Option<serde_json::Value> {
        let s = self.seats.get(seat as usize)?;
        let g = &self.groups[s.group];
        let view = g.session.view();
        let seats = self.seats.iter().filter(|x| x.group == s.group).count();
        let left = g
            .deadline
            .filter(|_| g.open)
            .map(|d| d.saturating_sub(self.elapsed).div_ceil(1000));
        Some(serde_json::json!({
            "class_title": self.setup.title,
            "group": s.group,
            "group_name": self.setup.groups[s.group].name,
            "role": view.role,
            "nickname": s.nickname,
            "seat": seat,
            "paused": false,
            "ended": self.ended,
            "scene": view.scene_title,
            "passage": view.beats.iter().map(|b| serde_json::json!({"speaker": b.speaker, "text": b.text})).collect::<Vec<_>>(),
            "note": view.note(),
            "prompt": view.current().and_then(|b| b.prompt.clone()),
            "outcome": view.outcome,
            "choices": view.choices,
            "vote": if view.ending.is_some() { serde_json::Value::Null } else { serde_json::json!({
                "round": g.round,
                "state": if g.open { "open" } else { "waiting" },
                "seconds_left": left,
                "ballots": g.ballots.len(),
                "seats": seats,
                "mine": g.ballots.get(&seat),
                "options": view.choices.iter().enumerate().filter(|(_, c)| c.enabled).map(|(i, _)| i).collect::<Vec<_>>(),
                "tally": serde_json::Value::Null,
            })},
            "last": g.last,
            "ending": view.ending,
            "spotlight": null,
        }))
    }

    pub fn pick_list(&self) -> PickList {
        PickList {
            title: self.setup.title.clone(),
            names: self.setup.names,
            groups: self
                .setup
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| PickGroup {
                    index: i,
                    name: g.name.clone(),
                    role: g.role.clone(),
                    seats: self.seats.iter().filter(|s| s.group == i).count() as u32,
                })
                .collect(),
        }
    }

    pub fn facilitator_view(&self) -> FacilitatorView {
        FacilitatorView {
            title: self.setup.title.clone(),
            code: self.setup.code.clone(),
            groups: self
                .groups
                .iter()
                .map(|g| format!("round {} open {} ballots {} ended {}", g.round, g.open, g.ballots.len(), g.session.is_ended()))
                .collect(),
            seats: self.seats.len(),
            over: self.is_over(),
        }
    }

    pub fn code(&self) -> &str {
        &self.setup.code
    }

    pub fn seat_of(&self, token: &Token) -> Option<SeatId> {
        self.seats.iter().position(|s| s.token == *token).map(|i| i as SeatId)
    }

    pub fn next_deadline(&self) -> Option<u64> {
        self.groups.iter().filter(|g| g.open).filter_map(|g| g.deadline).min()
    }

    pub fn elapsed_ms(&self) -> u64 {
        self.elapsed
    }

    pub fn is_over(&self) -> bool {
        self.ended || self.groups.iter().all(|g| g.session.is_ended())
    }
}
