//! The story being played and the playthrough in progress, as one Bevy resource over the core Session.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::Resource;

use crate::save::{Notice, RestoreError, SaveFile, SavedEntry, adopt_history};
use crate::session::{Change, PlayError, Session, StartError, View, clock_seed};
use crate::story::{Role, Story};

/// The story, the command line's fixed role and seed, and the current playthrough (if any).
#[derive(Resource)]
pub struct Game {
    /// The story in the language being played.
    story: Arc<Story>,
    /// The story in each of its languages.
    editions: crate::i18n::Editions,
    /// The language asked for (the story's own when it has no such translation).
    lang: String,
    /// The role given on the command line.
    fixed_role: Option<String>,
    /// The preset given on the command line.
    fixed_preset: Option<String>,
    /// The seed given on the command line: every playthrough uses it.
    fixed_seed: Option<u64>,
    run: Option<Run>,
}

/// One playthrough: the session, its current view, the stats shown after each choice, and how
/// long it has been played.
struct Run {
    session: Session,
    /// Resolved once per step rather than once per frame.
    view: View,
    /// The visible stats each choice this run took changed, as its step reported them: the
    /// last is shown next to the stats, and undo pops one.
    changes: Vec<Vec<Change>>,
    /// Time spent on the play screen, carried over from a loaded save.
    play_time: Duration,
    /// Endings this playthrough has already added to the gallery: undoing from an ending and
    /// reaching it again, or loading a save made there, does not count it twice.
    counted: BTreeSet<String>,
    /// An ending the last step reached for the first time in this playthrough, until the
    /// gallery takes it.
    new_ending: Option<String>,
    /// The preset the playthrough started from, so "play again" starts there too.
    preset: Option<String>,
}

impl Run {
    fn new(session: Session, play_time: Duration) -> Run {
        let view = session.view();
        Run {
            changes: Vec::new(),
            session,
            view,
            play_time,
            counted: BTreeSet::new(),
            new_ending: None,
            preset: None,
        }
    }

    /// A run resumed from a save: an ending it is already at was counted when it was reached.
    fn resumed(session: Session, play_time: Duration) -> Run {
        let mut run = Run::new(session, play_time);
        if let Some(e) = &run.view.ending {
            run.counted.insert(e.id.clone());
        }
        run
    }
}

impl Game {
    /// Prepares a game for `story`; starts `role` at once when given (`aftermath --role ID`).
    pub fn new(
        story: Arc<Story>,
        role: Option<&str>,
        seed: Option<u64>,
    ) -> Result<Game, StartError> {
        Game::with_preset(story, role, None, seed)
    }

    /// Like [`Game::new`]; roles that declare `preset` start from it (`aftermath --preset ID`).
    pub fn with_preset(
        story: Arc<Story>,
        role: Option<&str>,
        preset: Option<&str>,
        seed: Option<u64>,
    ) -> Result<Game, StartError> {
        let mut game = Game {
            editions: crate::i18n::Editions::new(Arc::clone(&story)),
            lang: story.meta.language.clone(),
            story,
            fixed_role: role.map(str::to_owned),
            fixed_preset: preset.map(str::to_owned),
            fixed_seed: seed,
            run: None,
        };
        if let Some(role) = role {
            game.start(role)?;
        }
        Ok(game)
    }

    pub fn story(&self) -> &Arc<Story> {
        &self.story
    }

    /// The role given on the command line, if any.
    pub fn fixed_role(&self) -> Option<&str> {
        self.fixed_role.as_deref()
    }

    /// The current playthrough's session.
    pub fn session(&self) -> Option<&Session> {
        self.run.as_ref().map(|r| &r.session)
    }

    /// The current view, when a playthrough exists.
    pub fn view(&self) -> Option<&View> {
        self.run.as_ref().map(|r| &r.view)
    }

    /// True when a playthrough exists and has not reached an ending.
    pub fn in_progress(&self) -> bool {
        self.view().is_some_and(|v| v.ending.is_none())
    }

    /// True when a playthrough has reached an ending.
    pub fn ended(&self) -> bool {
        self.view().is_some_and(|v| v.ending.is_some())
    }

    /// The role being played.
    pub fn role(&self) -> Option<&Role> {
        self.session().and_then(|s| self.story.roles.get(s.role))
    }

    /// Starts a new playthrough of `role` (with the fixed seed, or a fresh one). On error the
    /// current playthrough is kept.
    pub fn start(&mut self, role: &str) -> Result<(), StartError> {
        // The preset given on the command line applies to the role it was given with, and to
        // any role picked on the title screen that declares it.
        let declared = self.story.role(role).is_some_and(|r| {
            self.fixed_preset
                .as_deref()
                .is_some_and(|p| self.story.roles[r].preset(p).is_some())
        });
        let preset = self
            .fixed_preset
            .clone()
            .filter(|_| declared || self.fixed_role.as_deref() == Some(role));
        self.start_from(role, preset.as_deref())
    }

    /// Starts a new playthrough of `role` from `preset` (or the role's own start). On error
    /// the current playthrough is kept.
    pub fn start_from(&mut self, role: &str, preset: Option<&str>) -> Result<(), StartError> {
        let seed = self.fixed_seed.unwrap_or_else(clock_seed);
        let session = Session::start_preset(Arc::clone(&self.story), role, preset, seed)?;
        let mut run = Run::new(session, Duration::ZERO);
        run.preset = preset.map(str::to_owned);
        self.run = Some(run);
        Ok(())
    }

    /// Plays on from `save`: the playthrough and play time as saved, and what the player should
    /// know about a save of another version of the story. On error the current playthrough is
    /// kept.
    pub fn restore(&mut self, save: &SaveFile) -> Result<Vec<Notice>, RestoreError> {
        let (session, notices) = save.restore(Arc::clone(&self.story))?;
        self.run = Some(Run::resumed(session, save.play_duration()));
        Ok(notices)
    }

    /// Plays on with `story` (an edited version of the same story): the playthrough is carried
    /// over by names (role, node, variables, transcript, undo history) and keeps its play time. On error (the
    /// current node or role is gone) the story and the playthrough are kept as they were.
    pub fn replace_story(&mut self, story: Arc<Story>) -> Result<Vec<Notice>, RestoreError> {
        let editions = crate::i18n::Editions::new(story);
        let edition = Arc::clone(editions.get(&self.lang));
        let notices = self.play_on(edition)?;
        self.editions = editions;
        Ok(notices)
    }

    /// Plays on in `code`'s translation of the story (its own language when it has none): the
    /// playthrough goes on where it is, the current passage shown in the new language.
    pub fn set_language(&mut self, code: &str) -> Result<Vec<Notice>, RestoreError> {
        let edition = Arc::clone(self.editions.get(code));
        self.lang = code.to_owned();
        if Arc::ptr_eq(&edition, &self.story) {
            return Ok(Vec::new());
        }
        self.play_on(edition)
    }

    /// The language codes the story can be played in, its own first.
    pub fn languages(&self) -> Vec<String> {
        self.editions.codes().map(str::to_owned).collect()
    }

    /// Plays on with `story`, carrying the playthrough over by names.
    fn play_on(&mut self, story: Arc<Story>) -> Result<Vec<Notice>, RestoreError> {
        let Some(run) = &self.run else {
            self.story = story;
            return Ok(Vec::new());
        };
        let mut save = SaveFile::of(&run.session, run.play_time);
        let (session, notices) = save.restore(Arc::clone(&story))?;
        // The transcript keeps the text as it was shown: show the current passage as edited.
        let start = save.passage_start.min(save.transcript.len());
        let mut rewritten = false;
        for entry in &mut save.transcript[start..] {
            if let SavedEntry::Shown { node, text, .. } = entry
                && let Some(n) = story.node_by_key(node).and_then(|i| story.node(i))
            {
                let edited = n.text.render(&session.state().vars);
                if *text != edited {
                    *text = edited;
                    rewritten = true;
                }
            }
        }
        let mut session = if rewritten {
            save.restore(Arc::clone(&story))?.0
        } else {
            session
        };
        // Undo keeps working across the reload, back to the first step whose node still exists.
        adopt_history(&mut session, &run.session);
        let counted = run.counted.clone();
        let new_ending = run.new_ending.clone();
        self.story = story;
        let mut run = Run::resumed(session, save.play_duration());
        run.counted.extend(counted);
        run.new_ending = new_ending;
        self.run = Some(run);
        Ok(notices)
    }

    /// The ending the last choice reached, the first time this playthrough reached it (the
    /// gallery counts it then); taken once. `None` after undo, a load or a reload.
    pub fn take_new_ending(&mut self) -> Option<String> {
        self.run.as_mut().and_then(|r| r.new_ending.take())
    }

    /// The playthrough as a save, stamped now; `None` when nothing is being played.
    pub fn to_save(&self) -> Option<SaveFile> {
        self.run
            .as_ref()
            .map(|r| SaveFile::of(&r.session, r.play_time))
    }

    /// How long the current playthrough has been played.
    pub fn play_time(&self) -> Duration {
        self.run.as_ref().map_or(Duration::ZERO, |r| r.play_time)
    }

    /// Counts `time` more of play for the current playthrough.
    pub fn add_play_time(&mut self, time: Duration) {
        if let Some(run) = &mut self.run {
            run.play_time = run.play_time.saturating_add(time);
        }
    }

    /// Starts the current role again from where it started (or the fixed role, or the first
    /// role).
    pub fn restart(&mut self) -> Result<(), StartError> {
        if let Some(run) = &self.run {
            let role = run.session.role_id().to_owned();
            let preset = run.preset.clone();
            return self.start_from(&role, preset.as_deref());
        }
        let role = self
            .fixed_role
            .clone()
            .or_else(|| self.story.roles.first().map(|r| r.id.clone()))
            .unwrap_or_default();
        self.start(&role)
    }

    /// Takes visible choice `index`. On error nothing changes.
    pub fn choose(&mut self, index: usize) -> Result<(), PlayError> {
        let run = self.run.as_mut().ok_or(PlayError::Ended)?;
        let step = run.session.choose(index)?;
        let shown = self
            .story
            .roles
            .get(run.session.role)
            .map_or(&[][..], |r| r.stats.as_slice());
        run.changes.push(step.changes_of(shown));
        run.new_ending = step
            .ending()
            .filter(|id| run.counted.insert((*id).to_owned()))
            .map(str::to_owned);
        run.view = run.session.view();
        Ok(())
    }

    /// Steps back one choice.
    pub fn undo(&mut self) -> Result<(), PlayError> {
        let run = self.run.as_mut().ok_or(PlayError::NothingToUndo)?;
        run.session.undo()?;
        run.view = run.session.view();
        // Past the first step this run saw (a loaded save's history) nothing is popped: the
        // stats show no change there.
        run.changes.pop();
        run.new_ending = None;
        Ok(())
    }

    /// True when there is a choice to undo.
    pub fn can_undo(&self) -> bool {
        self.session().is_some_and(|s| s.undo_depth() > 0)
    }

    /// For each stat of the current view, its change by the last choice (integer stats only;
    /// `None` when unchanged, not a number, or before the first choice).
    pub fn stat_changes(&self) -> Vec<Option<i128>> {
        let Some(run) = &self.run else {
            return Vec::new();
        };
        let last = run.changes.last().map_or(&[][..], Vec::as_slice);
        run.view
            .stats
            .iter()
            .map(|stat| {
                let var = self.story.variable(&stat.id)?;
                last.iter().find(|c| c.var == var)?.delta()
            })
            .collect()
    }
}
