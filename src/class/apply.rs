//! Applying one logged event to the class: the only code that changes a class's state, used
//! both live and when a log is replayed.

use std::collections::BTreeMap;

use super::event::Event;
use super::group::{Cast, Poll, PollRecord, PollState};
use super::{Class, Seat};

impl Class {
    /// Applies `event` at class time `at`. An event that does not fit the state (only a damaged
    /// or foreign log has one) is refused with the reason, and changes nothing.
    pub(super) fn apply(&mut self, at: u64, event: &Event) -> Result<(), String> {
        match event {
            Event::Joined {
                seat,
                token,
                group,
                nickname,
            } => {
                let expected = u32::try_from(self.seats.len() + 1).map_err(|e| e.to_string())?;
                if *seat != expected {
                    return Err(format!(
                        "seat {seat} joined, but the next seat is {expected}"
                    ));
                }
                if self.tokens.contains_key(token) {
                    return Err(format!("seat {seat} joined with another seat's token"));
                }
                self.group_mut(*group)?.seats.push(*seat);
                self.tokens.insert(*token, *seat);
                self.seats.push(Seat {
                    id: *seat,
                    token: *token,
                    group: *group,
                    nickname: nickname.clone(),
                    removed: false,
                });
            }
            Event::Removed { seat } => {
                let s = self
                    .seats
                    .iter_mut()
                    .find(|s| s.id == *seat && !s.removed)
                    .ok_or_else(|| format!("no seat {seat} to remove"))?;
                s.removed = true;
                let group = s.group;
                let g = self.group_mut(group)?;
                g.seats.retain(|s| s != seat);
                if let Some(p) = &mut g.poll {
                    p.ballots.remove(seat);
                }
            }
            Event::Opened {
                group,
                round,
                options,
                revote,
                ms,
            } => {
                let paused = self.paused;
                let g = self.group_mut(*group)?;
                if g.poll
                    .as_ref()
                    .is_some_and(|p| p.state != PollState::Closed)
                {
                    return Err("a vote opened while another was open".into());
                }
                if *round != g.rounds + 1 {
                    return Err(format!("round {round} opened after round {}", g.rounds));
                }
                if options.is_empty() || options.iter().any(|&o| o >= g.view.choices.len()) {
                    return Err(format!(
                        "a vote opened on choices {options:?} that are not there"
                    ));
                }
                let mut poll = Poll {
                    round: *round,
                    options: options.clone(),
                    ballots: BTreeMap::new(),
                    cast: Vec::new(),
                    state: PollState::Open,
                    deadline: ms.map(|ms| at.saturating_add(ms)),
                    left: None,
                    revealed: false,
                    revote: *revote,
                    opened_at: at,
                };
                if paused {
                    poll.freeze(at);
                }
                g.rounds = *round;
                g.poll = Some(poll);
            }
            Event::Ballot {
                group,
                round,
                seat,
                choice,
            } => {
                let in_group = self
                    .seat(*seat)
                    .is_some_and(|s| s.group == *group && !s.removed);
                if !in_group {
                    return Err(format!("seat {seat} voted outside its group"));
                }
                let p = self.open_poll(*group, *round)?;
                if !p.options.contains(choice) {
                    return Err(format!("a ballot for choice {choice}, not on the ballot"));
                }
                p.ballots.insert(*seat, *choice);
                p.cast.push(Cast {
                    seat: *seat,
                    choice: *choice,
                    at,
                });
            }
            Event::Paused { group } => {
                let p = self.running_poll(*group)?;
                p.state = PollState::Paused;
                p.freeze(at);
            }
            Event::Resumed { group } => {
                let paused = self.paused;
                let g = self.group_mut(*group)?;
                let p = g.poll.as_mut().filter(|p| p.state == PollState::Paused);
                let p = p.ok_or("no paused vote to resume")?;
                p.state = PollState::Open;
                if !paused {
                    p.thaw(at);
                }
            }
            Event::Extended { group, ms } => {
                let p = self.running_poll(*group)?;
                match (&mut p.deadline, &mut p.left) {
                    (Some(d), _) => *d = d.saturating_add(*ms),
                    (None, Some(l)) => *l = l.saturating_add(*ms),
                    (None, None) => p.deadline = Some(at.saturating_add(*ms)),
                }
            }
            Event::Revealed { group } => {
                let g = self.group_mut(*group)?;
                g.poll.as_mut().ok_or("no vote to reveal")?.revealed = true;
            }
            Event::Closed { group, round } => {
                let g = self.group_mut(*group)?;
                let choices = g.view.choices.len();
                let p = g
                    .poll
                    .as_mut()
                    .filter(|p| p.round == *round && p.state != PollState::Closed)
                    .ok_or_else(|| format!("no open vote of round {round} to close"))?;
                p.state = PollState::Closed;
                p.deadline = None;
                p.left = None;
                let record = PollRecord {
                    round: p.round,
                    options: p.options.clone(),
                    tally: p.tally(choices),
                    cast: p.cast.clone(),
                    revote: p.revote,
                    opened_at: p.opened_at,
                };
                g.pending.push(record);
            }
            Event::Decided { group, choice, how } => {
                let g = self.group_mut(*group)?;
                if g.poll
                    .as_ref()
                    .is_some_and(|p| p.state != PollState::Closed)
                {
                    return Err("a decision while the vote was still open".into());
                }
                if !g.view.choices.get(*choice).is_some_and(|c| c.enabled) {
                    return Err(format!("decided on choice {choice}, which cannot be taken"));
                }
                let step = g.session.choose(*choice).map_err(|e| e.to_string())?;
                g.record(*choice, how.clone(), at, &step);
                g.view = g.session.view();
                g.poll = None;
            }
            Event::Undone { group } => {
                let g = self.group_mut(*group)?;
                g.session.undo().map_err(|e| e.to_string())?;
                g.view = g.session.view();
                g.poll = None;
                g.pending.clear();
                if let Some(d) = g.decisions.iter_mut().rev().find(|d| !d.undone) {
                    d.undone = true;
                }
            }
            Event::Spotlight { spot } => {
                if let Some(spot) = spot {
                    for g in spot.groups() {
                        self.group_mut(g)?;
                    }
                }
                self.spotlight.clone_from(spot);
            }
            Event::Locked { on } => self.locked = *on,
            Event::ClassPaused { on } => {
                if self.paused == *on {
                    return Err("the class was already in that state".into());
                }
                self.paused = *on;
                for g in &mut self.groups {
                    if let Some(p) = g.poll.as_mut().filter(|p| p.state == PollState::Open) {
                        if *on {
                            p.freeze(at);
                        } else {
                            p.thaw(at);
                        }
                    }
                }
            }
            Event::Ended => self.ended = true,
        }
        Ok(())
    }

    fn group_mut(&mut self, group: usize) -> Result<&mut super::Group, String> {
        self.groups
            .get_mut(group)
            .ok_or_else(|| format!("there is no group {group}"))
    }

    /// The group's vote of `round`, taking ballots.
    fn open_poll(&mut self, group: usize, round: u32) -> Result<&mut Poll, String> {
        self.group_mut(group)?
            .poll
            .as_mut()
            .filter(|p| p.round == round && p.state == PollState::Open)
            .ok_or_else(|| format!("no open vote of round {round}"))
    }

    /// The group's vote, open or paused.
    fn running_poll(&mut self, group: usize) -> Result<&mut Poll, String> {
        self.group_mut(group)?
            .poll
            .as_mut()
            .filter(|p| p.state != PollState::Closed)
            .ok_or_else(|| "no vote is open".to_owned())
    }
}
