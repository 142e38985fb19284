//! What each person sees of the class: a student's phone ([`StudentView`]), the group list a
//! joining student picks from ([`PickList`]) and the facilitator's dashboard ([`FacilitatorView`]).

use std::sync::Arc;

use serde::Serialize;

use super::Class;
use super::event::{How, Spot};
use super::group::{Decision, Group, PollState};
use super::setup::SeatId;
use crate::i18n::ui::message_for;
use crate::session::{EndingView, StatView, View};
use crate::story::Story;

/// One paragraph of a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub speaker: Option<String>,
    pub text: String,
}

/// A choice on a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceLine {
    pub text: String,
    pub enabled: bool,
    pub reason: Option<String>,
}

/// The group's vote as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteView {
    pub round: u32,
    /// `waiting` (no vote open), `open`, `paused`, `deciding` (a tie for the facilitator).
    pub state: &'static str,
    pub seconds_left: Option<u64>,
    pub ballots: usize,
    pub seats: usize,
    /// This seat's ballot in this round.
    pub mine: Option<usize>,
    pub options: Vec<usize>,
    /// Ballots per choice; `None` while results are hidden.
    pub tally: Option<Vec<u32>>,
    pub revote: bool,
    /// Rounds of this decision already closed by a tie (while their revote runs), with this
    /// seat's ballot in each.
    pub earlier: Vec<RoundBallot>,
}

/// A seat's counted ballot in one round (`None`: it cast none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoundBallot {
    pub round: u32,
    pub mine: Option<usize>,
}

/// This seat's ballots in `polls`, one per round.
fn my_rounds(polls: &[crate::class::PollRecord], seat: SeatId) -> Vec<RoundBallot> {
    polls
        .iter()
        .map(|p| RoundBallot {
            round: p.round,
            mine: p
                .cast
                .iter()
                .rev()
                .find(|c| c.seat == seat)
                .map(|c| c.choice),
        })
        .collect()
}

/// The group's last decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastView {
    /// The round of the vote that decided it (`None` when no vote was held: an override or
    /// hand count without one).
    pub round: Option<u32>,
    pub choice: usize,
    pub text: String,
    pub tally: Option<Vec<u32>>,
    /// `vote`, `override`, `hands` or `lot`.
    pub how: &'static str,
    /// This seat's counted ballot in that round, if it cast one (so a phone that was cut off
    /// while voting learns whether its ballot counted).
    pub mine: Option<usize>,
    /// This seat's ballot in every round of the decision (a tied round and its revote).
    pub rounds: Vec<RoundBallot>,
}

/// The spotlight as phones show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotView {
    pub kind: &'static str,
    pub groups: Vec<usize>,
    pub title: String,
    pub text: String,
}

/// Everything a student's phone shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentView {
    pub class_title: String,
    pub group: usize,
    pub group_name: String,
    pub role: String,
    pub nickname: String,
    pub seat: SeatId,
    pub paused: bool,
    pub ended: bool,
    pub scene: String,
    /// The picture above the passage: the current node's own, else its scene's.
    pub picture: Option<PictureLine>,
    pub passage: Vec<Line>,
    pub note: Option<String>,
    pub prompt: Option<String>,
    pub outcome: Option<String>,
    pub choices: Vec<ChoiceLine>,
    pub vote: VoteView,
    pub last: Option<LastView>,
    pub ending: Option<EndingView>,
    pub spotlight: Option<SpotView>,
}

/// A story picture on a phone: where the class server serves it, and its alt text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PictureLine {
    /// `/picture/N`: N is the picture's index in the story.
    pub url: String,
    pub alt: String,
}

/// The picture a group's phones show: the current node's own, else its scene's.
fn picture(class: &Class, view: &View) -> Option<PictureLine> {
    let image = view
        .current()
        .and_then(|b| b.image.as_ref())
        .or(view.image.as_ref())?;
    let index = class
        .story()
        .pictures
        .iter()
        .position(|p| p.path == image.path)?;
    Some(PictureLine {
        url: format!("/picture/{index}"),
        alt: image.alt.clone(),
    })
}

/// A group as listed for a joining student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickGroup {
    pub index: usize,
    pub name: String,
    pub role: String,
    pub seats: usize,
}

/// The groups a joining student may pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickList {
    pub title: String,
    pub names: bool,
    pub locked: bool,
    pub groups: Vec<PickGroup>,
}

/// A group's card on the facilitator's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCard {
    pub index: usize,
    pub name: String,
    pub role: String,
    pub preset: Option<String>,
    pub scene: String,
    pub node: String,
    pub passage: Vec<Line>,
    pub prompt: Option<String>,
    pub choices: Vec<ChoiceLine>,
    /// The vote with its tally always shown (the facilitator sees everything).
    pub vote: VoteView,
    /// Whether students see the tally now (live results, revealed, or the vote closed): what
    /// the projector may show.
    pub tally_public: bool,
    pub seats: Vec<(SeatId, String)>,
    pub stats: Vec<StatView>,
    pub decisions: usize,
    pub ending: Option<EndingView>,
}

/// The facilitator's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilitatorView {
    pub title: String,
    pub code: String,
    pub locked: bool,
    pub paused: bool,
    pub ended: bool,
    pub over: bool,
    pub seats: usize,
    pub seat_cap: u32,
    pub spotlight: Option<SpotView>,
    pub groups: Vec<GroupCard>,
}

fn role_name_in(story: &Story, g: &Group) -> String {
    story
        .role(&g.setup.role)
        .map_or_else(|| g.setup.role.clone(), |r| story.roles[r].name.clone())
}

fn passage(view: &View) -> Vec<Line> {
    view.beats
        .iter()
        .map(|b| Line {
            speaker: b.speaker.clone(),
            text: b.text.clone(),
        })
        .collect()
}

fn choices(view: &View) -> Vec<ChoiceLine> {
    view.choices
        .iter()
        .map(|c| ChoiceLine {
            text: c.text.clone(),
            enabled: c.enabled,
            reason: c.reason.clone(),
        })
        .collect()
}

/// The text of decision `d`'s choice in `edition`: the choice of the decision's node whose
/// words (with the group's variables now) are the decision's, read in the edition. The log keeps
/// the words as the class saw them; a choice not found keeps them.
fn choice_text_in(source: &Arc<Story>, edition: &Arc<Story>, g: &Group, d: &Decision) -> String {
    let said = d.choice_text();
    if Arc::ptr_eq(source, edition) {
        return said.to_owned();
    }
    let vars = &g.session.state().vars;
    fn choices_of<'a>(story: &'a Story, key: &str) -> &'a [crate::story::Choice] {
        match story
            .node_by_key(key)
            .and_then(|n| story.node(n))
            .map(|n| &n.exit)
        {
            Some(crate::story::Exit::Choices(cs)) => cs,
            _ => &[],
        }
    }
    let theirs = choices_of(edition, &d.node);
    choices_of(source, &d.node)
        .iter()
        .position(|c| c.text.render(vars) == said)
        .and_then(|j| theirs.get(j))
        .map_or_else(|| said.to_owned(), |c| c.text.render(vars))
}

impl Class {
    fn vote_view(&self, g: &Group, seat: Option<SeatId>, all: bool) -> VoteView {
        let choices = g.view.choices.len();
        let earlier = |round: u32| match seat {
            Some(seat) => my_rounds(&g.pending, seat)
                .into_iter()
                .filter(|r| r.round != round)
                .collect(),
            None => Vec::new(),
        };
        match &g.poll {
            Some(p) => VoteView {
                round: p.round,
                state: match p.state {
                    PollState::Open => "open",
                    PollState::Paused => "paused",
                    PollState::Closed => "deciding",
                },
                seconds_left: p
                    .deadline
                    .map(|d| d.saturating_sub(self.elapsed_ms()).div_ceil(1000))
                    .or(p.left.map(|l| l.div_ceil(1000))),
                ballots: p.ballots.len(),
                seats: g.seats.len(),
                mine: seat.and_then(|s| p.ballots.get(&s).copied()),
                options: p.options.clone(),
                tally: (all
                    || self.setup().live_results
                    || p.revealed
                    || p.state == PollState::Closed)
                    .then(|| p.tally(choices)),
                revote: p.revote,
                earlier: earlier(p.round),
            },
            None => VoteView {
                round: g.rounds,
                state: "waiting",
                seconds_left: None,
                ballots: 0,
                seats: g.seats.len(),
                mine: None,
                options: Vec::new(),
                tally: None,
                revote: false,
                earlier: earlier(g.rounds),
            },
        }
    }

    /// The spotlight in `lang` (`None`: the story's and the interface's own language).
    fn spot_view(&self, lang: Option<&str>) -> Option<SpotView> {
        let spot = self.spotlight()?;
        let groups = spot.groups();
        let story = lang.map_or(self.story(), |l| self.edition(l));
        let own = Arc::ptr_eq(story, self.story());
        let g = |i: usize| &self.groups()[i];
        let view_of = |i: usize| {
            if own {
                std::borrow::Cow::Borrowed(&g(i).view)
            } else {
                std::borrow::Cow::Owned(g(i).session.view_in(story))
            }
        };
        let say = |id: &str, args: &fluent_bundle::FluentArgs<'_>| match lang {
            Some(l) => message_for(l, id, Some(args)),
            None => crate::i18n::ui::message(id, Some(args)),
        };
        let name = |i: usize| fluent_bundle::FluentValue::from(g(i).setup.name.clone());
        let text_of = |i: usize| {
            passage(&view_of(i))
                .into_iter()
                .map(|l| l.text)
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let (kind, title, text) = match *spot {
            Spot::Group { group } => ("group", g(group).setup.name.clone(), text_of(group)),
            Spot::Prompt { group } => {
                let view = view_of(group);
                let text = match (&view.ending, view.current().and_then(|b| b.prompt.clone())) {
                    (Some(e), _) => e.questions.join("\n"),
                    (None, Some(p)) => p,
                    (None, None) => view.scene_title.clone(),
                };
                let args = crate::i18n::ui::args(&[("group", name(group))]);
                ("prompt", say("spot-discuss", &args), text)
            }
            Spot::Pair { left, right } => {
                let args = crate::i18n::ui::args(&[("left", name(left)), ("right", name(right))]);
                (
                    "pair",
                    say("spot-pair", &args),
                    format!("{}\n\n———\n\n{}", text_of(left), text_of(right)),
                )
            }
        };
        Some(SpotView {
            kind,
            groups,
            title,
            text,
        })
    }

    /// What `seat`'s phone shows, or `None` for an unknown or removed seat.
    pub fn student_view(&self, seat: SeatId) -> Option<StudentView> {
        self.student_view_in(seat, None)
    }

    /// What `seat`'s phone shows with the story in `lang` (`None` or a language the story lacks:
    /// its own). Only the words change: the class, its votes and its log are the same.
    pub fn student_view_in(&self, seat: SeatId, lang: Option<&str>) -> Option<StudentView> {
        let s = self.seat(seat).filter(|s| !s.removed)?;
        let g = self.groups().get(s.group)?;
        let story = lang.map_or(self.story(), |l| self.edition(l));
        let translated;
        let view = if Arc::ptr_eq(story, self.story()) {
            &g.view
        } else {
            translated = g.session.view_in(story);
            &translated
        };
        let last = g.standing().last().map(|d| LastView {
            round: d.polls.last().map(|p| p.round),
            choice: d.choice,
            text: choice_text_in(self.story(), story, g, d),
            tally: match &d.how {
                How::Vote { tally } | How::Hands { tally } | How::Lot { tally } => {
                    Some(tally.clone())
                }
                How::Override => None,
            },
            how: match d.how {
                How::Vote { .. } => "vote",
                How::Override => "override",
                How::Hands { .. } => "hands",
                How::Lot { .. } => "lot",
            },
            mine: d
                .polls
                .last()
                .and_then(|p| p.cast.iter().rev().find(|c| c.seat == seat))
                .map(|c| c.choice),
            rounds: my_rounds(&d.polls, seat),
        });
        Some(StudentView {
            class_title: self.setup().title.clone(),
            group: s.group,
            group_name: g.setup.name.clone(),
            role: role_name_in(story, g),
            nickname: s.nickname.clone(),
            seat,
            paused: self.is_paused(),
            ended: self.is_ended(),
            scene: view.scene_title.clone(),
            picture: picture(self, view),
            passage: passage(view),
            note: view.note().map(str::to_owned),
            prompt: view.current().and_then(|b| b.prompt.clone()),
            outcome: view.outcome.clone(),
            choices: choices(view),
            vote: self.vote_view(g, Some(seat), false),
            last,
            ending: view.ending.clone(),
            spotlight: self.spot_view(lang),
        })
    }

    /// The groups a joining student can pick.
    pub fn pick_list(&self) -> PickList {
        self.pick_list_in(None)
    }

    /// The groups a joining student can pick, their roles named in `lang`.
    pub fn pick_list_in(&self, lang: Option<&str>) -> PickList {
        let story = lang.map_or(self.story(), |l| self.edition(l));
        PickList {
            title: self.setup().title.clone(),
            names: self.setup().names,
            locked: self.is_locked(),
            groups: self
                .groups()
                .iter()
                .enumerate()
                .map(|(index, g)| PickGroup {
                    index,
                    name: g.setup.name.clone(),
                    role: role_name_in(story, g),
                    seats: g.seats.len(),
                })
                .collect(),
        }
    }

    /// The facilitator's dashboard.
    pub fn facilitator_view(&self) -> FacilitatorView {
        self.facilitator_view_in(None)
    }

    /// The facilitator's dashboard with the story in `lang` (the projector shows it too).
    pub fn facilitator_view_in(&self, lang: Option<&str>) -> FacilitatorView {
        let story = lang.map_or(self.story(), |l| self.edition(l));
        let own = Arc::ptr_eq(story, self.story());
        FacilitatorView {
            title: self.setup().title.clone(),
            code: self.code().to_owned(),
            locked: self.is_locked(),
            paused: self.is_paused(),
            ended: self.is_ended(),
            over: self.is_over(),
            seats: self.seats().iter().filter(|s| !s.removed).count(),
            seat_cap: self.setup().seat_cap,
            spotlight: self.spot_view(lang),
            groups: self
                .groups()
                .iter()
                .enumerate()
                .map(|(index, g)| {
                    let translated;
                    let view = if own {
                        &g.view
                    } else {
                        translated = g.session.view_in(story);
                        &translated
                    };
                    GroupCard {
                        index,
                        name: g.setup.name.clone(),
                        role: role_name_in(story, g),
                        preset: g.setup.preset.clone(),
                        scene: view.scene_title.clone(),
                        node: view.node.clone(),
                        passage: passage(view),
                        prompt: view.current().and_then(|b| b.prompt.clone()),
                        choices: choices(view),
                        vote: self.vote_view(g, None, true),
                        tally_public: self.vote_view(g, None, false).tally.is_some(),
                        seats: g
                            .seats
                            .iter()
                            .filter_map(|&id| self.seat(id).map(|s| (id, s.nickname.clone())))
                            .collect(),
                        stats: view.stats.clone(),
                        decisions: g.standing().count(),
                        ending: view.ending.clone(),
                    }
                })
                .collect(),
        }
    }
}
