//! The session: a pure, seeded, undoable state machine playing one role through a story.

pub mod parts;
pub mod step;
pub mod transcript;
mod undo;
pub mod view;

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

use crate::story::playbook::{Effects, PlayCandidate, PlayChoice, PlayOutcome, Way};
use crate::story::{Choice, Exit, NodeIdx, Story, Target, Value};
pub use parts::{Moment, Parts, PartsError, UndoPoint};
pub use step::{Change, DrawKind, Event, Step, Undone};
pub use transcript::Entry;
pub use view::{Beat, ChoiceView, EndingView, ImageView, Passage, StatView, View};

pub use crate::story::MAX_AUTO_STEPS;

/// Steers and watches a session's steps: where random draws come from, which nodes are entered,
/// what each effect did. Play uses [`Dice`]; [`Session::choose`] wraps it to write the
/// [`Step`] report; `aftermath explore` uses its own to branch on every outcome and count
/// coverage.
pub trait Fate {
    /// The option drawn from `weights` (at least one is positive): by default a weighted draw
    /// from the session's seeded generator.
    fn draw(&mut self, rng: &mut Pcg32, weights: &[u64]) -> Option<usize> {
        draw(rng, weights)
    }
    /// A node was entered (by a choice or an automatic step).
    fn entered(&mut self, _node: NodeIdx) {}
    /// A node's text is shown with these values (after its effects), rendered or not.
    fn shown(&mut self, _node: NodeIdx, _vars: &[Value]) {}
    /// An effect assigned a variable (the value may be the same as before).
    fn changed(&mut self, _change: Assigned<'_>) {}
    /// A once-only choice's slot was used up.
    fn used_up(&mut self, _slot: u32) {}
    /// A random draw was made (after [`Fate::draw`] chose).
    fn drew(&mut self, _draw: Drawn<'_>) {}
    /// Node `node`, an ending with this id, was entered (after [`Fate::entered`]).
    fn ended(&mut self, _node: NodeIdx, _id: &str) {}
}

/// An effect's assignment as [`Fate::changed`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Assigned<'a> {
    /// The node whose choice, outcome or own effects these are.
    pub at: NodeIdx,
    pub var: usize,
    pub old: &'a Value,
    pub new: &'a Value,
    /// The integer the effect asked for, when it lay outside the variable's declared range and
    /// `new` is the range's bound instead.
    pub wanted: Option<i64>,
}

/// A random draw as [`Fate::drew`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Drawn<'a> {
    pub kind: DrawKind,
    /// The node whose choice or pick drew.
    pub at: NodeIdx,
    pub option: usize,
    pub weight: u64,
    pub total: u64,
    pub target: NodeIdx,
    /// The outcome's label, if any.
    pub label: Option<&'a str>,
}

/// A seed from the clock (0 to 999,999, short enough to read out and type back), for a
/// playthrough started without one. Both front ends show it so the playthrough can be replayed.
pub fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| (d.as_nanos() % 1_000_000) as u64)
}

/// Weighted draws from the session's own seeded generator, watching nothing: normal play.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dice;

impl Fate for Dice {}

/// Why a session could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error("unknown role `{role}`; this story's roles are: {known}")]
    UnknownRole { role: String, known: String },
    #[error("role `{role}` has no preset `{preset}`; {}", presets_of(.known))]
    UnknownPreset {
        role: String,
        preset: String,
        /// The role's preset ids, in order.
        known: Vec<String>,
    },
    #[error(transparent)]
    Play(#[from] PlayError),
}

/// "its presets are: a, b", or "it has no presets": the end of [`StartError::UnknownPreset`].
fn presets_of(known: &[String]) -> String {
    if known.is_empty() {
        "it has no presets".to_owned()
    } else {
        format!("its presets are: {}", known.join(", "))
    }
}

/// Why a step could not be taken. The session is unchanged after any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    #[error("the story has ended; there are no more choices")]
    Ended,
    #[error("there is no choice {number}; choose 1 to {count}")]
    NoSuchChoice { number: usize, count: usize },
    #[error("that choice is not available: {reason}")]
    Disabled { reason: String },
    #[error(
        "automatic steps from `{from}` reached no choice or ending within the limit of {MAX_AUTO_STEPS} steps"
    )]
    EndlessSteps { from: String },
    #[error("no random outcome of this choice at `{node}` has a positive weight")]
    NoOutcome { node: String },
    #[error("no candidate of the random pick at `{node}` is possible now")]
    NoCandidate { node: String },
    #[error("nothing to undo")]
    NothingToUndo,
}

/// The part of a session that changes with each step.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayState {
    pub node: NodeIdx,
    pub vars: Vec<Value>,
    pub rng: Pcg32,
    /// Once-only choices taken, by slot.
    pub taken: Vec<bool>,
    /// Where the current passage starts in the transcript.
    passage_start: usize,
    /// Choices taken so far.
    pub turns: u32,
}

/// One playthrough of one role. `Clone` is cheap enough to branch explorations.
#[derive(Debug, Clone)]
pub struct Session {
    story: Arc<Story>,
    pub role: usize,
    pub seed: u64,
    state: PlayState,
    undo: undo::Journal,
    transcript: Vec<Entry>,
    /// When false, no text is resolved and no transcript kept (fast exploration).
    record: bool,
    /// When false, choices keep no undo snapshot (exploration; see [`Session::keep_undo`]).
    undoable: bool,
    /// A buffer kept between steps for rendering text into the transcript.
    scratch: String,
}

impl Session {
    /// Starts `role` at its start node with a seeded random generator.
    pub fn start(story: Arc<Story>, role: &str, seed: u64) -> Result<Session, StartError> {
        Session::start_with(story, role, seed, true)
    }

    /// Like [`Session::start`]; `record: false` skips text and transcript for speed.
    pub fn start_with(
        story: Arc<Story>,
        role: &str,
        seed: u64,
        record: bool,
    ) -> Result<Session, StartError> {
        Session::start_fated(story, role, seed, record, &mut Dice)
    }

    /// Like [`Session::start_with`], with `fate` steering the first passage's random picks.
    pub fn start_fated(
        story: Arc<Story>,
        role: &str,
        seed: u64,
        record: bool,
        fate: &mut dyn Fate,
    ) -> Result<Session, StartError> {
        Session::start_preset_fated(story, role, None, seed, record, fate)
    }

    /// Starts `role` from its preset `preset`: the preset's start node and starting values.
    /// `None` is the same as [`Session::start`].
    pub fn start_preset(
        story: Arc<Story>,
        role: &str,
        preset: Option<&str>,
        seed: u64,
    ) -> Result<Session, StartError> {
        Session::start_preset_fated(story, role, preset, seed, true, &mut Dice)
    }

    /// Like [`Session::start_preset`], with `record` as in [`Session::start_with`] and `fate`
    /// as in [`Session::start_fated`].
    pub fn start_preset_fated(
        story: Arc<Story>,
        role: &str,
        preset: Option<&str>,
        seed: u64,
        record: bool,
        fate: &mut dyn Fate,
    ) -> Result<Session, StartError> {
        let Some(r) = story.role(role) else {
            return Err(StartError::UnknownRole {
                role: role.to_owned(),
                known: story.role_list(),
            });
        };
        let the_role = &story.roles[r];
        let (start, values) = match preset {
            None => (the_role.start, the_role.values.clone()),
            Some(id) => match the_role.preset(id) {
                Some(p) => (
                    the_role.presets[p].start,
                    the_role.presets[p].values.clone(),
                ),
                None => {
                    return Err(StartError::UnknownPreset {
                        role: role.to_owned(),
                        preset: id.to_owned(),
                        known: the_role.preset_ids(),
                    });
                }
            },
        };
        Session::begin(story, r, start, values, seed, record, fate)
    }

    /// A new playthrough of `role` (an index) entering `start` with `values`: what every way
    /// of starting comes down to.
    fn begin(
        story: Arc<Story>,
        role: usize,
        start: NodeIdx,
        values: Vec<Value>,
        seed: u64,
        record: bool,
        fate: &mut dyn Fate,
    ) -> Result<Session, StartError> {
        let state = PlayState {
            node: start,
            vars: values,
            rng: Pcg32::seed_from_u64(seed),
            taken: vec![false; story.once_slots as usize],
            passage_start: 0,
            turns: 0,
        };
        let mut s = Session {
            story,
            role,
            seed,
            state,
            undo: undo::Journal::default(),
            transcript: Vec::new(),
            record,
            undoable: true,
            scratch: String::new(),
        };
        Turn {
            story: &s.story,
            state: &mut s.state,
            transcript: &mut s.transcript,
            scratch: &mut s.scratch,
            record: s.record,
            priors: None,
        }
        .enter(start, fate)?;
        Ok(s)
    }

    /// A session of `role` (an index) at `node` with these variables and once-only choices
    /// taken, without history; for tools that branch from stored states. Its random generator
    /// is seeded with `seed`; `record: false` skips text and transcript.
    pub fn at(
        story: Arc<Story>,
        role: usize,
        node: NodeIdx,
        vars: Vec<Value>,
        taken: Vec<bool>,
        seed: u64,
        record: bool,
    ) -> Session {
        Session {
            story,
            role,
            seed,
            state: PlayState {
                node,
                vars,
                rng: Pcg32::seed_from_u64(seed),
                taken,
                passage_start: 0,
                turns: 0,
            },
            undo: undo::Journal::default(),
            transcript: Vec::new(),
            record,
            undoable: false,
            scratch: String::new(),
        }
    }

    /// Whether choices keep undo snapshots (the default). Without them a step costs no copy
    /// of the state, which matters to tools that play millions of steps on several threads, and
    /// a step that fails is not rolled back: the session is left where it failed.
    pub fn keep_undo(&mut self, keep: bool) {
        self.undoable = keep;
        if !keep {
            self.undo.clear();
        }
    }

    pub fn story(&self) -> &Arc<Story> {
        &self.story
    }

    pub fn state(&self) -> &PlayState {
        &self.state
    }

    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.depth()
    }

    /// The role's id.
    pub fn role_id(&self) -> &str {
        self.story
            .roles
            .get(self.role)
            .map_or("", |r| r.id.as_str())
    }

    /// Current value of a variable by id.
    pub fn value(&self, id: &str) -> Option<&Value> {
        self.story.variable(id).and_then(|i| self.state.vars.get(i))
    }

    fn choices(&self) -> &[Choice] {
        match self.story.node(self.state.node).map(|n| &n.exit) {
            Some(Exit::Choices(cs)) => cs,
            _ => &[],
        }
    }

    /// The visible choices of the current node as the playbook packs them, each with its
    /// index among the node's choices and whether it is enabled.
    fn shown_choices(&self) -> impl Iterator<Item = (usize, bool)> + '_ {
        let (book, vars) = (self.story.playbook(), &self.state.vars);
        self.shown().map(move |(i, c)| (i, book.enabled(&c, vars)))
    }

    /// The visible choices of the current node as the playbook packs them, each with its
    /// index among the node's choices.
    fn shown(&self) -> impl Iterator<Item = (usize, PlayChoice)> + '_ {
        let book = self.story.playbook();
        let (vars, taken) = (&self.state.vars, &self.state.taken);
        book.choices(book.head(self.state.node))
            .enumerate()
            .filter(move |(_, c)| book.visible(c, vars, taken))
    }

    /// Indices (into the node's choices) of the visible choices, in order.
    pub fn visible_choices(&self) -> impl Iterator<Item = (usize, &Choice)> {
        let all = self.choices();
        self.shown_choices()
            .filter_map(move |(i, _)| Some((i, all.get(i)?)))
    }

    /// Number of visible choices and whether each is enabled, without resolving text.
    pub fn choice_flags(&self) -> Vec<bool> {
        self.shown_choices().map(|(_, enabled)| enabled).collect()
    }

    /// True when the current node is an ending.
    pub fn is_ended(&self) -> bool {
        self.story.playbook().is_ending(self.state.node)
    }

    /// The current moment, resolved for display.
    pub fn view(&self) -> View {
        self.view_in(&self.story)
    }

    /// The current moment in `edition`: this session's story in another language
    /// ([`crate::i18n::Editions`]), the same nodes, choices and variables with other words. The
    /// passage is rendered afresh from the edition with the current variables, so a phone or a
    /// player that switches language sees the whole passage in the new one. With any other
    /// story, words that do not line up fall back to this session's own.
    pub fn view_in(&self, edition: &Story) -> View {
        let own = std::ptr::eq(edition, &*self.story);
        // A story whose nodes do not line up with this session's is not an edition of it.
        let story = if own || edition.nodes.len() == self.story.nodes.len() {
            edition
        } else {
            &*self.story
        };
        let node = story.node(self.state.node);
        View {
            role: self.role_id().to_owned(),
            scene_title: node
                .and_then(|n| story.scenes.get(n.scene as usize))
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            node: node.map(|n| n.key.to_string()).unwrap_or_default(),
            image: story
                .scene_image(self.state.node)
                .and_then(|i| image_view(story, i)),
            beats: self.beats(story),
            outcome: self.passage().iter().find_map(|e| match e {
                Entry::Outcome { target, label, .. } => {
                    let label = label.as_ref()?;
                    Some(self.outcome_label_in(story, target, label))
                }
                _ => None,
            }),
            choices: self.choice_views(story),
            stats: self.stat_views(story),
            ending: match node.map(|n| &n.exit) {
                Some(Exit::Ending(e)) => Some(EndingView {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    questions: e.questions.clone(),
                }),
                _ => None,
            },
        }
    }

    /// An outcome's `label` (as this session's story words it) in `edition`: the outcome with
    /// that label and target is found in this story and read at the same place in the edition.
    fn outcome_label_in(&self, edition: &Story, target: &str, label: &str) -> String {
        if std::ptr::eq(edition, &*self.story) {
            return label.to_owned();
        }
        for (n, node) in self.story.nodes.iter().enumerate() {
            let Exit::Choices(cs) = &node.exit else {
                continue;
            };
            for (c, choice) in cs.iter().enumerate() {
                let Target::Outcomes(os) = &choice.target else {
                    continue;
                };
                for (o, out) in os.iter().enumerate() {
                    let key = self.story.node(out.target).map(|t| &*t.key);
                    if out.label.as_deref() == Some(label) && key == Some(target) {
                        let translated = match edition.nodes.get(n).map(|e| &e.exit) {
                            Some(Exit::Choices(ecs)) => match ecs.get(c).map(|e| &e.target) {
                                Some(Target::Outcomes(eos)) => {
                                    eos.get(o).and_then(|e| e.label.clone())
                                }
                                _ => None,
                            },
                            _ => None,
                        };
                        return translated.unwrap_or_else(|| label.to_owned());
                    }
                }
            }
        }
        label.to_owned()
    }

    /// The current passage's lines and visible choices as text, written into `out`'s buffers
    /// (kept from the last call): the same words as [`Session::view`]'s beats and choices,
    /// without its allocations.
    pub fn passage_into(&self, out: &mut Passage) {
        out.clear();
        let vars = &self.state.vars;
        let book = self.story.playbook();
        if self.record {
            for e in self.passage() {
                if let Entry::Shown { text, .. } = e {
                    out.push_shared(text);
                }
            }
        } else if let Some(head) = book.head(self.state.node) {
            out.push_line(|s| book.render_to(head.text, vars, s));
        }
        for (_, c) in self.shown() {
            out.push_choice(book.enabled(&c, vars), |s| book.render_to(c.text, vars, s));
        }
    }

    /// The transcript of the current passage (since the last choice).
    fn passage(&self) -> &[Entry] {
        &self.transcript[self.state.passage_start.min(self.transcript.len())..]
    }

    /// The passage's paragraphs: every node shown since the last choice (only the current one
    /// when no transcript is kept).
    fn beats(&self, story: &Story) -> Vec<Beat> {
        let own = std::ptr::eq(story, &*self.story);
        let beat_of = |n: NodeIdx, text: String| {
            let node = story.node(n);
            Beat {
                node: node.map(|n| n.key.to_string()).unwrap_or_default(),
                speaker: node.and_then(|n| n.speaker.as_deref().map(str::to_owned)),
                text,
                note: node.and_then(|n| n.note.clone()),
                image: node
                    .and_then(|n| n.image.as_ref())
                    .and_then(|i| image_view(story, i)),
                sources: story
                    .sources_of(n)
                    .map(crate::story::Citation::line)
                    .collect(),
                prompt: node.and_then(|n| n.prompt.clone()),
            }
        };
        let render = |n: NodeIdx| {
            story
                .node(n)
                .map(|n| n.text.render(&self.state.vars))
                .unwrap_or_default()
        };
        if !self.record {
            return vec![beat_of(self.state.node, render(self.state.node))];
        }
        let current = self.story.node(self.state.node);
        self.passage()
            .iter()
            .filter_map(|e| match e {
                Entry::Shown {
                    node: key, text, ..
                } => {
                    // Usually the passage is the current node: skip the hash lookup.
                    let n = match current {
                        Some(current) if current.key == *key => Some(self.state.node),
                        _ => self.story.node_by_key(key),
                    };
                    // In its own story the words are the transcript's, as they were shown.
                    n.map(|n| beat_of(n, if own { text.to_string() } else { render(n) }))
                }
                _ => None,
            })
            .collect()
    }

    /// The visible choices, each enabled or not with the reason.
    fn choice_views(&self, story: &Story) -> Vec<ChoiceView> {
        let choices = match story.node(self.state.node).map(|n| &n.exit) {
            Some(Exit::Choices(cs)) => cs.as_slice(),
            _ => &[],
        };
        self.shown_choices()
            .filter_map(|(i, enabled)| Some((choices.get(i)?, enabled)))
            .map(|(c, enabled)| ChoiceView {
                text: c.text.render(&self.state.vars),
                enabled,
                reason: (!enabled).then(|| {
                    c.because
                        .clone()
                        .unwrap_or_else(|| t!("choice-not-possible"))
                }),
            })
            .collect()
    }

    /// The role's stats with their current values.
    fn stat_views(&self, story: &Story) -> Vec<StatView> {
        let vars = &self.state.vars;
        story
            .roles
            .get(self.role)
            .map_or(&[][..], |r| r.stats.as_slice())
            .iter()
            .filter_map(|&i| Some((story.variables.get(i)?, vars.get(i)?)))
            .map(|(v, value)| StatView {
                id: v.id.clone(),
                label: v.label.clone(),
                value: value.clone(),
                min: v.min,
                max: v.max,
            })
            .collect()
    }

    /// Takes visible choice `index` (0-based, as listed in the view) and reports what it did:
    /// nodes entered, random draws, variable changes, once-only choices used up, the ending.
    /// On error the session is unchanged.
    pub fn choose(&mut self, index: usize) -> Result<Step, PlayError> {
        let mut recorder = step::Recorder {
            step: Step {
                choice: index,
                // Most steps enter a node or two and change a variable or two: one allocation.
                events: Vec::with_capacity(8),
            },
        };
        self.choose_fated(index, &mut recorder)?;
        Ok(recorder.step)
    }

    /// Like [`Session::choose`], with `fate` steering the random draws of this step.
    pub fn choose_fated(&mut self, index: usize, fate: &mut dyn Fate) -> Result<(), PlayError> {
        if self.is_ended() {
            return Err(PlayError::Ended);
        }
        // Borrowing the story field (not cloning the Arc) keeps its shared counter untouched:
        // explore's threads step millions of sessions of one story at once.
        let story: &Story = &self.story;
        let book = story.playbook();
        // No Vec of the visible choices: this runs on every step.
        let Some((at, choice)) = self.shown().nth(index) else {
            return Err(PlayError::NoSuchChoice {
                number: index + 1,
                count: self.shown().count(),
            });
        };
        if !book.enabled(&choice, &self.state.vars) {
            return Err(PlayError::Disabled {
                reason: self
                    .choices()
                    .get(at)
                    .and_then(|c| c.because.clone())
                    .unwrap_or_else(|| t!("choice-not-possible")),
            });
        }
        if self.undoable {
            self.undo.mark(&self.state, self.transcript.len());
        }
        let result = Turn {
            story,
            state: &mut self.state,
            transcript: &mut self.transcript,
            scratch: &mut self.scratch,
            record: self.record,
            priors: self.undoable.then(|| self.undo.priors()),
        }
        .apply_choice(&choice, at, index, fate);
        if result.is_err()
            && self.undoable
            && let Some(len) = self.undo.pop(&mut self.state)
        {
            self.transcript.truncate(len);
        }
        result
    }

    /// Steps back one choice, exactly: variables, random generator and transcript included;
    /// reports what it took back.
    pub fn undo(&mut self) -> Result<Undone, PlayError> {
        let after = self.state.clone();
        let len = self
            .undo
            .pop(&mut self.state)
            .ok_or(PlayError::NothingToUndo)?;
        self.transcript.truncate(len);
        Ok(step::undone(&after, &self.state, &self.story))
    }
}

/// One step's access to a session: the story borrowed, the changing parts borrowed mutably.
struct Turn<'a> {
    story: &'a Story,
    state: &'a mut PlayState,
    transcript: &'a mut Vec<Entry>,
    scratch: &'a mut String,
    record: bool,
    /// Where the values this turn overwrites go, when the session keeps undo.
    priors: Option<&'a mut Vec<undo::Prior>>,
}

impl<'a> Turn<'a> {
    fn node_key(&self, n: NodeIdx) -> String {
        self.story.key_of(n)
    }

    /// The choice at `at` among node `n`'s choices, as written (for its words).
    fn written_choice(&self, n: NodeIdx, at: usize) -> Option<&'a Choice> {
        match &self.story.node(n)?.exit {
            Exit::Choices(cs) => cs.get(at),
            _ => None,
        }
    }

    /// Takes `choice`, the choice at `at` among the node's choices and `index` among the
    /// visible ones.
    fn apply_choice(
        &mut self,
        choice: &PlayChoice,
        at: usize,
        index: usize,
        fate: &mut dyn Fate,
    ) -> Result<(), PlayError> {
        let from = self.state.node;
        let book = self.story.playbook();
        if self.record {
            let text = book.render_shared(choice.text, &self.state.vars, self.scratch);
            self.transcript.push(Entry::Chose { index, text });
        }
        if let Some(slot) = choice.once
            && let Some(t) = self.state.taken.get_mut(slot as usize)
        {
            if let Some(priors) = self.priors.as_deref_mut() {
                priors.push(undo::Prior::Slot(slot, *t));
            }
            *t = true;
            fate.used_up(slot);
        }
        self.apply(choice.effects, from, fate);
        self.state.turns += 1;
        self.state.passage_start = self.transcript.len();
        let target = match choice.goto {
            Some(t) => t,
            None => {
                let outcomes: Vec<PlayOutcome> = book.outcomes(choice).collect();
                let weights: Vec<u64> = outcomes
                    .iter()
                    .map(|o| book.outcome_weight(o, &self.state.vars))
                    .collect();
                let total = total_weight(&weights);
                let Some(i) = self.draw_with(fate, &weights) else {
                    return Err(PlayError::NoOutcome {
                        node: self.node_key(from),
                    });
                };
                let o = outcomes[i];
                let label = match self.written_choice(from, at).map(|c| &c.target) {
                    Some(Target::Outcomes(os)) => os.get(i).and_then(|o| o.label.as_deref()),
                    _ => None,
                };
                fate.drew(Drawn {
                    kind: DrawKind::Outcome,
                    at: from,
                    option: i,
                    weight: weights[i],
                    total,
                    target: o.target,
                    label,
                });
                self.apply(o.effects, from, fate);
                if self.record {
                    self.transcript.push(Entry::Outcome {
                        target: self.node_key(o.target),
                        label: label.map(str::to_owned),
                        weight: weights[i],
                        total,
                    });
                }
                o.target
            }
        };
        self.enter(target, fate)
    }

    /// Enters a node and follows automatic steps until a node with choices or an ending.
    fn enter(&mut self, first: NodeIdx, fate: &mut dyn Fate) -> Result<(), PlayError> {
        let story = self.story;
        let book = story.playbook();
        let mut n = first;
        for _ in 0..MAX_AUTO_STEPS {
            let Some(head) = book.head(n) else {
                return Err(PlayError::EndlessSteps {
                    from: self.node_key(first),
                });
            };
            self.state.node = n;
            fate.entered(n);
            self.apply(head.effects, n, fate);
            fate.shown(n, &self.state.vars);
            if self.record
                && let Some((key, speaker)) = book.label(n)
            {
                self.transcript.push(Entry::Shown {
                    node: Arc::clone(key),
                    speaker: speaker.clone(),
                    text: book.render_shared(head.text, &self.state.vars, self.scratch),
                });
            }
            match head.way {
                Way::Choices(_) => return Ok(()),
                Way::Ending => {
                    let ending = match story.node(n).map(|node| &node.exit) {
                        Some(Exit::Ending(e)) => Some(e),
                        _ => None,
                    };
                    fate.ended(n, ending.map_or("", |e| e.id.as_str()));
                    if self.record
                        && let Some(e) = ending
                    {
                        self.transcript.push(Entry::Ended {
                            id: e.id.clone(),
                            title: e.title.clone(),
                        });
                    }
                    return Ok(());
                }
                Way::Next(t) => n = t,
                Way::Pick(_) => {
                    let cands: Vec<PlayCandidate> = book.candidates(&head).collect();
                    let weights: Vec<u64> = cands
                        .iter()
                        .map(|c| {
                            if book.possible(c, &self.state.vars) {
                                book.candidate_weight(c, &self.state.vars)
                            } else {
                                0
                            }
                        })
                        .collect();
                    let total = total_weight(&weights);
                    let Some(i) = self.draw_with(fate, &weights) else {
                        return Err(PlayError::NoCandidate {
                            node: self.node_key(n),
                        });
                    };
                    fate.drew(Drawn {
                        kind: DrawKind::Pick,
                        at: n,
                        option: i,
                        weight: weights[i],
                        total,
                        target: cands[i].target,
                        label: None,
                    });
                    if self.record {
                        self.transcript.push(Entry::Picked {
                            target: self.node_key(cands[i].target),
                            weight: weights[i],
                            total,
                        });
                    }
                    n = cands[i].target;
                }
            }
        }
        Err(PlayError::EndlessSteps {
            from: self.node_key(first),
        })
    }

    /// The option `fate` draws from `weights`; `None` when none has a positive weight (or the
    /// fate picked one that has none).
    fn draw_with(&mut self, fate: &mut dyn Fate, weights: &[u64]) -> Option<usize> {
        (total_weight(weights) > 0)
            .then(|| fate.draw(&mut self.state.rng, weights))
            .flatten()
            .filter(|&i| weights.get(i).is_some_and(|w| *w > 0))
    }

    fn apply(&mut self, effects: Effects, at: NodeIdx, fate: &mut dyn Fate) {
        let book = self.story.playbook();
        for e in book.effects_of(effects) {
            let i = e.var as usize;
            let new = book.assigned(&e, &self.state.vars);
            if let (Some(slot), Some(var)) =
                (self.state.vars.get_mut(i), self.story.variables.get(i))
            {
                let wanted = match new {
                    Value::Int(w) => Some(w),
                    _ => None,
                };
                let clamped = var.clamp(new);
                let wanted = match (wanted, &clamped) {
                    (Some(w), Value::Int(got)) if w != *got => Some(w),
                    _ => None,
                };
                let old = std::mem::replace(slot, clamped);
                fate.changed(Assigned {
                    at,
                    var: i,
                    old: &old,
                    new: slot,
                    wanted,
                });
                if let Some(priors) = self.priors.as_deref_mut() {
                    priors.push(undo::Prior::Var(e.var, old));
                }
            }
        }
    }
}

fn total_weight(weights: &[u64]) -> u64 {
    weights.iter().fold(0u64, |a, w| a.saturating_add(*w))
}

/// Draws an index with probability proportional to its weight; `None` when all are zero.
pub fn draw(rng: &mut Pcg32, weights: &[u64]) -> Option<usize> {
    let total = total_weight(weights);
    if total == 0 {
        return None;
    }
    let mut r = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return Some(i);
        }
        r -= w;
    }
    None
}

/// What a front end needs to show `image`: its picture's path and the alt text.
fn image_view(story: &Story, image: &crate::story::Illustration) -> Option<ImageView> {
    story
        .pictures
        .get(image.picture as usize)
        .map(|p| ImageView {
            path: p.path.clone(),
            alt: image.alt.clone(),
        })
}
