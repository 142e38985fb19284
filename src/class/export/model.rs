//! The debrief of a class as plain data, built once from the class (the replay of its log)
//! and rendered as HTML, Markdown and JSON: setup, groups with their paths and decisions, the
//! comparison of groups, and every ballot.

use serde::Serialize;

use super::ballots::{self, BallotRow};
use super::compare::{self, Comparison};
use super::{Names, Privacy};
use crate::class::{Class, Decision, DrawRecord, How, PollRecord, TieRule};
use crate::session::{EndingView, Entry, StatView};
use crate::story::{Exit, Story};

/// The story a class played.
#[derive(Debug, Clone, Serialize)]
pub struct StoryInfo {
    pub id: String,
    pub title: String,
    pub version: String,
}

/// What the teacher chose, without the join code (and there are no tokens in a setup).
#[derive(Debug, Clone, Serialize)]
pub struct SetupInfo {
    pub seed: u64,
    pub vote_seconds: Option<u32>,
    pub tie: TieRule,
    pub live_results: bool,
    pub names: bool,
    pub seat_cap: u32,
    pub auto: bool,
}

/// A seat, named by nickname or anonymous id.
#[derive(Debug, Clone, Serialize)]
pub struct SeatInfo {
    pub seat: String,
    pub group: String,
    pub removed: bool,
}

/// One node the group was shown, in order.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    pub node: String,
    pub scene: String,
    pub speaker: Option<String>,
    pub text: String,
}

/// One vote of a decision (a tie and its revote are two).
#[derive(Debug, Clone, Serialize)]
pub struct PollInfo {
    pub round: u32,
    pub revote: bool,
    /// The choices on the ballot, numbered from 1.
    pub options: Vec<usize>,
    /// Counted ballots per visible choice.
    pub tally: Vec<u32>,
    /// Ballots cast, changed votes included.
    pub ballots_cast: usize,
    pub opened_ms: u64,
}

impl PollInfo {
    fn of(p: &PollRecord) -> PollInfo {
        PollInfo {
            round: p.round,
            revote: p.revote,
            options: p.options.iter().map(|o| o + 1).collect(),
            tally: p.tally.clone(),
            ballots_cast: p.cast.len(),
            opened_ms: p.opened_at,
        }
    }
}

/// A random draw, with its odds.
#[derive(Debug, Clone, Serialize)]
pub struct DrawInfo {
    /// `outcome` (of a choice) or `pick` (a random event).
    pub kind: &'static str,
    pub label: Option<String>,
    pub target: String,
    pub weight: u64,
    pub total: u64,
}

impl DrawInfo {
    fn of(d: &DrawRecord) -> DrawInfo {
        DrawInfo {
            kind: d.kind,
            label: d.label.clone(),
            target: d.target.clone(),
            weight: d.weight,
            total: d.total,
        }
    }

    /// "Caught (2 in 5)" or "camp.rain (3 in 4)", in the interface's language.
    pub fn describe(&self) -> String {
        let what = self.label.as_deref().unwrap_or(self.target.as_str());
        t!(
            "export-draw",
            what = what,
            weight = self.weight,
            total = self.total
        )
    }
}

/// One decision of a group, as the debrief shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionInfo {
    /// 1-based, in the order decided (undone decisions keep their number).
    pub number: usize,
    pub node: String,
    pub scene: String,
    pub passage: String,
    pub prompt: Option<String>,
    pub choices: Vec<String>,
    /// The choice taken, numbered from 1.
    pub choice: usize,
    pub choice_text: String,
    /// `vote`, `override`, `hands` or `lot`.
    pub how: &'static str,
    /// The tally that decided (for an override: the last vote's, if there was one).
    pub tally: Option<Vec<u32>>,
    /// The winner's share minus the runner-up's, 0 (a tie) to 1 (unanimous).
    pub margin: Option<f64>,
    pub polls: Vec<PollInfo>,
    pub draws: Vec<DrawInfo>,
    /// The ending this decision reached (its title).
    pub ending: Option<String>,
    /// Taken back by the facilitator.
    pub undone: bool,
    pub at_ms: u64,
}

impl DecisionInfo {
    fn of(story: &Story, number: usize, d: &Decision) -> DecisionInfo {
        let (how, tally) = match &d.how {
            How::Vote { tally } => ("vote", Some(tally.clone())),
            How::Hands { tally } => ("hands", Some(tally.clone())),
            How::Lot { tally } => ("lot", Some(tally.clone())),
            How::Override => ("override", d.polls.last().map(|p| p.tally.clone())),
        };
        DecisionInfo {
            number,
            node: d.node.clone(),
            scene: d.scene.clone(),
            passage: d.passage.clone(),
            prompt: d.prompt.clone(),
            choices: d.choices.clone(),
            choice: d.choice + 1,
            choice_text: d.choice_text().to_owned(),
            how,
            tally,
            margin: d.margin(),
            polls: d.polls.iter().map(PollInfo::of).collect(),
            draws: d.draws.iter().map(DrawInfo::of).collect(),
            ending: d.ending.as_deref().map(|id| ending_title(story, id)),
            undone: d.undone,
            at_ms: d.at,
        }
    }

    /// A tally's total.
    pub fn voters(&self) -> u32 {
        self.tally.as_ref().map_or(0, |t| t.iter().sum())
    }
}

/// A group's debrief.
#[derive(Debug, Clone, Serialize)]
pub struct GroupInfo {
    /// 1-based.
    pub number: usize,
    pub name: String,
    pub role: String,
    pub role_name: String,
    pub preset: Option<String>,
    pub seats: Vec<String>,
    /// The nodes shown, in order (the path that stands: undone steps are left out).
    pub path: Vec<PathStep>,
    pub decisions: Vec<DecisionInfo>,
    /// A vote still open (or waiting for the facilitator) when the debrief was written.
    pub open_vote: Option<PollInfo>,
    pub ending: Option<EndingView>,
    /// Where the group stood, when it has no ending: `scene title (scene.node)`.
    pub stopped_at: Option<String>,
    pub stats: Vec<StatView>,
    /// The pictures the group was shown (scene maps, node pictures), each once, in order.
    pub pictures: Vec<PictureShown>,
}

/// A picture a group was shown.
#[derive(Debug, Clone, Serialize)]
pub struct PictureShown {
    /// Its path in the story folder, e.g. `maps/kursk.png`.
    pub file: String,
    /// What it shows, in words.
    pub alt: String,
}

/// The pictures shown along `path`: each node's scene picture, then its own, each once.
fn pictures_shown(story: &Story, path: &[PathStep]) -> Vec<PictureShown> {
    let mut seen: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for step in path {
        let Some(idx) = story.node_by_key(&step.node) else {
            continue;
        };
        let own = story.node(idx).and_then(|n| n.image.as_ref());
        for ill in [story.scene_image(idx), own].into_iter().flatten() {
            if seen.contains(&ill.picture) {
                continue;
            }
            if let Some(p) = story.pictures.get(ill.picture as usize) {
                seen.push(ill.picture);
                out.push(PictureShown {
                    file: p.path.clone(),
                    alt: ill.alt.clone(),
                });
            }
        }
    }
    out
}

impl GroupInfo {
    /// The scenes of the path in order, each once per visit.
    pub fn scenes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.path {
            if out.last() != Some(&s.scene.as_str()) {
                out.push(&s.scene);
            }
        }
        out
    }

    /// Decisions that stand (not undone).
    pub fn standing(&self) -> impl Iterator<Item = &DecisionInfo> {
        self.decisions.iter().filter(|d| !d.undone)
    }
}

/// The whole debrief.
#[derive(Debug, Clone, Serialize)]
pub struct Debrief {
    pub title: String,
    pub story: StoryInfo,
    pub setup: SetupInfo,
    /// `anonymous` or `nicknames`.
    pub privacy: &'static str,
    /// The facilitator ended the class, or every group reached an ending.
    pub over: bool,
    pub elapsed_ms: u64,
    pub seats: Vec<SeatInfo>,
    pub groups: Vec<GroupInfo>,
    pub comparison: Comparison,
    pub ballots: Vec<BallotRow>,
    /// The sources cited by the context notes any group was shown, in the manifest's order.
    pub sources: Vec<SourceInfo>,
}

/// A source cited along the groups' paths.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub id: String,
    /// As a reader sees it: outlet, title, date, address.
    pub line: String,
    pub supports: String,
}

/// The sources cited by the notes of the nodes the groups were shown, each once.
fn cited_sources(story: &Story, groups: &[GroupInfo]) -> Vec<SourceInfo> {
    let mut cited = vec![false; story.sources.len()];
    for step in groups.iter().flat_map(|g| &g.path) {
        if let Some(n) = story.node_by_key(&step.node).and_then(|n| story.node(n)) {
            for &i in &n.sources {
                if let Some(c) = cited.get_mut(i as usize) {
                    *c = true;
                }
            }
        }
    }
    story
        .sources
        .iter()
        .zip(cited)
        .filter(|(_, c)| *c)
        .map(|(s, _)| SourceInfo {
            id: s.id.clone(),
            line: s.line(),
            supports: s.supports.clone(),
        })
        .collect()
}

/// The title of the ending `id` (the id itself if the story has no such ending).
pub fn ending_title(story: &Story, id: &str) -> String {
    story
        .nodes
        .iter()
        .find_map(|n| match &n.exit {
            Exit::Ending(e) if e.id == id => Some(e.title.clone()),
            _ => None,
        })
        .unwrap_or_else(|| id.to_owned())
}

/// The debrief of `class`, seats named as `privacy` says.
pub fn build(class: &Class, privacy: Privacy) -> Debrief {
    let names = Names::new(class, privacy);
    let story = class.story();
    let setup = class.setup();
    let groups: Vec<GroupInfo> = class
        .groups()
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let path = g
                .session
                .transcript()
                .iter()
                .filter_map(|e| match e {
                    Entry::Shown {
                        node,
                        speaker,
                        text,
                    } => Some(PathStep {
                        node: node.to_string(),
                        scene: scene_title(story, node),
                        speaker: speaker.as_deref().map(str::to_owned),
                        text: text.to_string(),
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>();
            let pictures = pictures_shown(story, &path);
            let open_vote = g
                .poll
                .as_ref()
                .map(|p| PollRecord {
                    round: p.round,
                    options: p.options.clone(),
                    tally: p.tally(g.view.choices.len()),
                    cast: p.cast.clone(),
                    revote: p.revote,
                    opened_at: p.opened_at,
                })
                .map(|p| PollInfo::of(&p));
            GroupInfo {
                number: i + 1,
                name: g.setup.name.clone(),
                role: g.setup.role.clone(),
                role_name: story
                    .role(&g.setup.role)
                    .and_then(|r| story.roles.get(r))
                    .map_or_else(|| g.setup.role.clone(), |r| r.name.clone()),
                preset: g.setup.preset.clone(),
                seats: g.seats.iter().map(|&s| names.seat(s)).collect(),
                path,
                decisions: g
                    .decisions
                    .iter()
                    .enumerate()
                    .map(|(k, d)| DecisionInfo::of(story, k + 1, d))
                    .collect(),
                open_vote,
                ending: g.view.ending.clone(),
                stopped_at: g
                    .view
                    .ending
                    .is_none()
                    .then(|| format!("{} ({})", g.view.scene_title, g.view.node)),
                stats: g.view.stats.clone(),
                pictures,
            }
        })
        .collect();
    let comparison = compare::compare(&groups);
    Debrief {
        title: setup.title.clone(),
        story: StoryInfo {
            id: story.meta.id.clone(),
            title: story.meta.title.clone(),
            version: story.meta.version.clone(),
        },
        setup: SetupInfo {
            seed: setup.seed,
            vote_seconds: setup.vote_seconds,
            tie: setup.tie,
            live_results: setup.live_results,
            names: setup.names,
            seat_cap: setup.seat_cap,
            auto: setup.auto,
        },
        privacy: match privacy {
            Privacy::Anonymous => "anonymous",
            Privacy::Nicknames => "nicknames",
        },
        over: class.is_over(),
        elapsed_ms: class.elapsed_ms(),
        seats: class
            .seats()
            .iter()
            .map(|s| SeatInfo {
                seat: names.seat(s.id),
                group: names.group(s.group),
                removed: s.removed,
            })
            .collect(),
        sources: cited_sources(story, &groups),
        groups,
        comparison,
        ballots: ballots::rows(class, &names),
    }
}

/// The title of the scene of the node with key `key`.
fn scene_title(story: &Story, key: &str) -> String {
    story
        .node_by_key(key)
        .and_then(|n| story.node(n))
        .and_then(|n| story.scenes.get(n.scene as usize))
        .map(|s| s.title.clone())
        .unwrap_or_default()
}
