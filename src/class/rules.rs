//! The class's rules: whether a command may happen, and which events it leads to (votes closing
//! when everyone has voted or time runs out, ties, revotes, votes opening by themselves).

use super::event::{Action, Command, Event, GroupPick, How, Refusal, Target};
use super::group::PollState;
use super::setup::{SeatId, TieRule};
use super::{Class, nickname};
use crate::tools::playthrough::splitmix64;

/// A revote's timer: half the vote's, at least 15 seconds, never longer than the vote's.
fn revote_ms(vote_seconds: u32) -> u64 {
    u64::from(vote_seconds.div_ceil(2).max(15).min(vote_seconds)) * 1000
}

impl Class {
    /// Checks `cmd` and emits its events; returns the seat a join gave.
    pub(super) fn decide(&mut self, now: u64, cmd: Command) -> Result<Option<SeatId>, Refusal> {
        if let Command::Join { token, .. } = &cmd
            && let Some(seat) = self.seat_of(token)
        {
            return Ok(Some(seat));
        }
        if self.ended {
            return Err(Refusal::ClassEnded);
        }
        match cmd {
            Command::Join { token, group, name } => {
                if self.locked {
                    return Err(Refusal::RoomLocked);
                }
                let taken = self.seats.iter().filter(|s| !s.removed).count();
                if taken >= self.setup.seat_cap as usize {
                    return Err(Refusal::RoomFull {
                        cap: self.setup.seat_cap,
                    });
                }
                if self.tokens.contains_key(&token) {
                    // The token of a removed seat does not come back.
                    return Err(Refusal::NoSuchSeat { seat: 0 });
                }
                let group = match group {
                    GroupPick::Index(g) if g < self.groups.len() => g,
                    GroupPick::Index(g) => return Err(Refusal::NoSuchGroup { group: g }),
                    GroupPick::Any => (0..self.groups.len())
                        .min_by_key(|&g| self.groups[g].seats.len())
                        .unwrap_or(0),
                };
                let seat = u32::try_from(self.seats.len() + 1).unwrap_or(u32::MAX);
                let names: Vec<&str> = self.seats.iter().map(|s| s.nickname.as_str()).collect();
                let nickname = match name
                    .filter(|_| self.setup.names)
                    .and_then(|n| nickname::clean(&n))
                {
                    Some(n) if !names.contains(&n.as_str()) => n,
                    Some(n) => (2..)
                        .map(|i| format!("{n} {i}"))
                        .find(|c| !names.contains(&c.as_str()))
                        .unwrap_or(n),
                    None => nickname::generate(self.setup.seed, seat, &names),
                };
                self.emit(
                    now,
                    Event::Joined {
                        seat,
                        token,
                        group,
                        nickname,
                    },
                )?;
                self.auto_open(now, group)?;
                Ok(Some(seat))
            }
            Command::Vote {
                seat,
                round,
                choice,
            } => {
                self.vote(now, seat, round, choice)?;
                Ok(None)
            }
            Command::Tick => {
                self.tick(now)?;
                Ok(None)
            }
            Command::Act(action) => {
                self.act(now, action)?;
                Ok(None)
            }
        }
    }

    fn vote(&mut self, now: u64, seat: SeatId, round: u32, choice: usize) -> Result<(), Refusal> {
        let group = match self.seat(seat) {
            Some(s) if !s.removed => s.group,
            _ => return Err(Refusal::NoSuchSeat { seat }),
        };
        if self.paused {
            return Err(Refusal::ClassPaused);
        }
        let g = &self.groups[group];
        let Some(p) = &g.poll else {
            return Err(if g.is_ended() {
                Refusal::GroupEnded
            } else if round > 0 && round <= g.rounds {
                Refusal::VoteClosed
            } else {
                Refusal::NoVote
            });
        };
        if p.round != round {
            return Err(if round < p.round {
                Refusal::VoteClosed
            } else {
                Refusal::WrongRound {
                    got: round,
                    open: p.round,
                }
            });
        }
        match p.state {
            PollState::Open => {}
            PollState::Paused => return Err(Refusal::VotePaused),
            PollState::Closed => return Err(Refusal::VoteClosed),
        }
        let Some(c) = g.view.choices.get(choice) else {
            return Err(Refusal::NoSuchChoice { choice });
        };
        if !c.enabled {
            return Err(Refusal::ChoiceDisabled {
                reason: c
                    .reason
                    .clone()
                    .unwrap_or_else(|| "it is not open to you".into()),
            });
        }
        if !p.options.contains(&choice) {
            return Err(Refusal::NotAnOption);
        }
        self.emit(
            now,
            Event::Ballot {
                group,
                round,
                seat,
                choice,
            },
        )?;
        let g = &self.groups[group];
        let everyone = g
            .poll
            .as_ref()
            .is_some_and(|p| p.ballots.len() >= g.seats.len());
        if everyone {
            self.close(now, group)?;
        }
        Ok(())
    }

    /// Closes votes whose timer ran out. A vote nobody voted in is not decided by an empty box:
    /// its timer starts again.
    fn tick(&mut self, now: u64) -> Result<(), Refusal> {
        for group in 0..self.groups.len() {
            let Some(p) = &self.groups[group].poll else {
                continue;
            };
            if p.state != PollState::Open || p.deadline.is_none_or(|d| d > now) {
                continue;
            }
            if p.ballots.is_empty() {
                let ms = self.timer_ms(p.revote).unwrap_or(30_000);
                let late = now - p.deadline.unwrap_or(now);
                self.emit(
                    now,
                    Event::Extended {
                        group,
                        ms: ms + late,
                    },
                )?;
            } else {
                self.close(now, group)?;
            }
        }
        Ok(())
    }

    fn timer_ms(&self, revote: bool) -> Option<u64> {
        self.setup.vote_seconds.map(|s| {
            if revote {
                revote_ms(s)
            } else {
                u64::from(s) * 1000
            }
        })
    }

    /// Closes the group's vote and settles it: a clear winner is taken; a tie goes to a revote,
    /// the facilitator or (in a class that runs itself) a seeded lot.
    fn close(&mut self, now: u64, group: usize) -> Result<(), Refusal> {
        let g = &self.groups[group];
        let Some(p) = &g.poll else {
            return Err(Refusal::NoVote);
        };
        if p.state == PollState::Closed {
            return Err(Refusal::VoteClosed);
        }
        let (round, revote) = (p.round, p.revote);
        let tally = p.tally(g.view.choices.len());
        let options = p.options.clone();
        self.emit(now, Event::Closed { group, round })?;
        self.settle(now, group, tally, &options, revote, false)
    }

    /// Takes the choice with the most votes in `tally` among `options`, or handles the tie.
    fn settle(
        &mut self,
        now: u64,
        group: usize,
        tally: Vec<u32>,
        options: &[usize],
        revote: bool,
        hands: bool,
    ) -> Result<(), Refusal> {
        let best = options.iter().map(|&o| tally[o]).max().unwrap_or(0);
        let tied: Vec<usize> = options
            .iter()
            .copied()
            .filter(|&o| tally[o] == best)
            .collect();
        if let [choice] = tied[..] {
            let how = if hands {
                How::Hands { tally }
            } else {
                How::Vote { tally }
            };
            return self.decided(now, group, choice, how);
        }
        if self.setup.tie == TieRule::Revote && !revote && !hands {
            let round = self.groups[group].rounds + 1;
            let ms = self.timer_ms(true);
            return self.emit(
                now,
                Event::Opened {
                    group,
                    round,
                    options: tied,
                    revote: true,
                    ms,
                },
            );
        }
        if self.setup.auto {
            let lot = splitmix64(
                self.setup.seed ^ ((group as u64) << 32) ^ u64::from(self.groups[group].rounds),
            );
            let choice = tied[(lot % tied.len() as u64) as usize];
            return self.decided(now, group, choice, How::Lot { tally });
        }
        // Otherwise the facilitator decides (an override).
        Ok(())
    }

    fn decided(&mut self, now: u64, group: usize, choice: usize, how: How) -> Result<(), Refusal> {
        self.emit(now, Event::Decided { group, choice, how })?;
        self.auto_open(now, group)
    }

    /// In a class that runs itself, opens the group's next vote when it has seats and choices.
    fn auto_open(&mut self, now: u64, group: usize) -> Result<(), Refusal> {
        let g = &self.groups[group];
        if self.setup.auto
            && g.poll.is_none()
            && !g.seats.is_empty()
            && !g.is_ended()
            && !g.enabled().is_empty()
        {
            self.open(now, group)?;
        }
        Ok(())
    }

    fn open(&mut self, now: u64, group: usize) -> Result<(), Refusal> {
        let g = &self.groups[group];
        if g.is_ended() {
            return Err(Refusal::GroupEnded);
        }
        if g.poll
            .as_ref()
            .is_some_and(|p| p.state != PollState::Closed)
        {
            return Err(Refusal::VoteOpen);
        }
        let options = g.enabled();
        if options.is_empty() {
            return Err(Refusal::Story("no choice can be taken here".into()));
        }
        let round = g.rounds + 1;
        let ms = self.timer_ms(false);
        self.emit(
            now,
            Event::Opened {
                group,
                round,
                options,
                revote: false,
                ms,
            },
        )
    }

    fn targets(&self, target: Target) -> Result<Vec<usize>, Refusal> {
        match target {
            Target::All => Ok((0..self.groups.len()).collect()),
            Target::Group(g) if g < self.groups.len() => Ok(vec![g]),
            Target::Group(g) => Err(Refusal::NoSuchGroup { group: g }),
        }
    }

    /// Runs `one` on each target group; with `All`, groups it does not apply to are skipped
    /// (an error only when it applied to none).
    fn each(
        &mut self,
        target: Target,
        now: u64,
        one: fn(&mut Class, u64, usize) -> Result<(), Refusal>,
    ) -> Result<(), Refusal> {
        let groups = self.targets(target)?;
        let mut first_err = None;
        let mut done = 0;
        for g in groups {
            match one(self, now, g) {
                Ok(()) => done += 1,
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        match (done, first_err) {
            (0, Some(e)) => Err(e),
            _ => Ok(()),
        }
    }

    fn act(&mut self, now: u64, action: Action) -> Result<(), Refusal> {
        match action {
            Action::Open(t) => self.each(t, now, Class::open),
            Action::Close(t) => self.each(t, now, Class::close),
            Action::Pause(t) => self.each(t, now, |c, now, group| {
                match c.groups[group].poll.as_ref().map(|p| p.state) {
                    Some(PollState::Open) => c.emit(now, Event::Paused { group }),
                    Some(PollState::Paused) => Err(Refusal::VotePaused),
                    _ => Err(Refusal::NoVote),
                }
            }),
            Action::Resume(t) => self.each(t, now, |c, now, group| {
                match c.groups[group].poll.as_ref().map(|p| p.state) {
                    Some(PollState::Paused) => c.emit(now, Event::Resumed { group }),
                    _ => Err(Refusal::NoVote),
                }
            }),
            Action::Extend(t, secs) => {
                let groups = self.targets(t)?;
                let mut done = false;
                for group in groups {
                    if self.groups[group]
                        .poll
                        .as_ref()
                        .is_some_and(|p| p.state != PollState::Closed)
                    {
                        self.emit(
                            now,
                            Event::Extended {
                                group,
                                ms: u64::from(secs) * 1000,
                            },
                        )?;
                        done = true;
                    }
                }
                if done { Ok(()) } else { Err(Refusal::NoVote) }
            }
            Action::Reveal(t) => self.each(t, now, |c, now, group| match &c.groups[group].poll {
                Some(p) if !p.revealed => c.emit(now, Event::Revealed { group }),
                _ => Err(Refusal::NoVote),
            }),
            Action::Override { group, choice } => {
                self.targets(Target::Group(group))?;
                let g = &self.groups[group];
                if g.is_ended() {
                    return Err(Refusal::GroupEnded);
                }
                let Some(c) = g.view.choices.get(choice) else {
                    return Err(Refusal::NoSuchChoice { choice });
                };
                if !c.enabled {
                    return Err(Refusal::ChoiceDisabled {
                        reason: c.reason.clone().unwrap_or_default(),
                    });
                }
                if g.poll
                    .as_ref()
                    .is_some_and(|p| p.state != PollState::Closed)
                {
                    let round = g.poll.as_ref().map_or(0, |p| p.round);
                    self.emit(now, Event::Closed { group, round })?;
                }
                self.decided(now, group, choice, How::Override)
            }
            Action::Hands { group, counts } => {
                self.targets(Target::Group(group))?;
                let g = &self.groups[group];
                if g.is_ended() {
                    return Err(Refusal::GroupEnded);
                }
                if counts.len() != g.view.choices.len() {
                    return Err(Refusal::HandCounts {
                        expected: g.view.choices.len(),
                        got: counts.len(),
                    });
                }
                let options = g.enabled();
                if let Some(bad) =
                    (0..counts.len()).find(|i| counts[*i] > 0 && !options.contains(i))
                {
                    return Err(Refusal::ChoiceDisabled {
                        reason: format!("choice {} cannot be taken now", bad + 1),
                    });
                }
                if g.poll
                    .as_ref()
                    .is_some_and(|p| p.state != PollState::Closed)
                {
                    let round = g.poll.as_ref().map_or(0, |p| p.round);
                    self.emit(now, Event::Closed { group, round })?;
                }
                self.settle(now, group, counts, &options, true, true)
            }
            Action::Undo { group } => {
                self.targets(Target::Group(group))?;
                if self.groups[group].session.undo_depth() == 0 {
                    return Err(Refusal::NothingToUndo);
                }
                self.emit(now, Event::Undone { group })?;
                self.auto_open(now, group)
            }
            Action::Spotlight(spot) => {
                if let Some(s) = &spot {
                    for g in s.groups() {
                        self.targets(Target::Group(g))?;
                    }
                }
                self.emit(now, Event::Spotlight { spot })
            }
            Action::Lock(on) => self.emit(now, Event::Locked { on }),
            Action::Remove { seat } => {
                let group = match self.seat(seat) {
                    Some(s) if !s.removed => s.group,
                    _ => return Err(Refusal::NoSuchSeat { seat }),
                };
                self.emit(now, Event::Removed { seat })?;
                let g = &self.groups[group];
                let everyone = g.poll.as_ref().is_some_and(|p| {
                    p.state == PollState::Open
                        && !g.seats.is_empty()
                        && p.ballots.len() >= g.seats.len()
                });
                if everyone {
                    self.close(now, group)
                } else {
                    Ok(())
                }
            }
            Action::PauseClass if self.paused => Err(Refusal::ClassPaused),
            Action::PauseClass => self.emit(now, Event::ClassPaused { on: true }),
            Action::ResumeClass if !self.paused => Err(Refusal::NotPaused),
            Action::ResumeClass => self.emit(now, Event::ClassPaused { on: false }),
            Action::End => self.emit(now, Event::Ended),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_revote_is_half_the_vote_at_least_15_s_at_most_the_vote() {
        assert_eq!(super::revote_ms(60), 30_000);
        assert_eq!(super::revote_ms(20), 15_000);
        assert_eq!(super::revote_ms(12), 12_000, "never longer than the vote");
        assert_eq!(super::revote_ms(5), 5_000);
    }
}
