//! Saving a session and restoring one: exact (undo included) for the same story, by names for a changed one.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{Entry, PlayState, Session, Snapshot};
use crate::save::migrate::{migrate_taken, migrate_vars, taken_keys};
use crate::save::{FORMAT, Notice, RestoreError, SaveFile, Summary, date_text, unix_seconds};
use crate::story::{Exit, Story};

/// One step of a session's undo stack as saved. It refers to nodes and variables by
/// position, so it is only used when the story's content hash is unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UndoStep(Snapshot);

impl Session {
    /// The session as a save, stamped now. `play_time` is how long it has been played.
    pub fn to_save(&self, play_time: Duration) -> SaveFile {
        self.to_save_at(play_time, SystemTime::now())
    }

    /// The session as a save stamped `saved_at`.
    pub fn to_save_at(&self, play_time: Duration, saved_at: SystemTime) -> SaveFile {
        let story = &*self.story;
        let node = story.node(self.state.node);
        let role = story.roles.get(self.role);
        let saved_at = unix_seconds(saved_at);
        SaveFile {
            format: FORMAT,
            story_id: story.meta.id.clone(),
            story_version: story.meta.version.clone(),
            content_hash: story.content_hash,
            role: self.role_id().to_owned(),
            seed: self.seed,
            node: self.node_key(self.state.node),
            vars: story
                .variables
                .iter()
                .zip(&self.state.vars)
                .map(|(var, value)| (var.id.clone(), value.clone()))
                .collect(),
            taken: taken_keys(story, &self.state.taken),
            rng: self.state.rng.clone(),
            turns: self.state.turns,
            play_time: play_time.as_secs(),
            saved_at,
            saved_at_text: date_text(saved_at),
            summary: Summary {
                role_name: role.map_or_else(String::new, |r| r.name.clone()),
                scene_title: node
                    .and_then(|n| story.scenes.get(n.scene as usize))
                    .map_or_else(String::new, |s| s.title.clone()),
                node: self.node_key(self.state.node),
                ending: match node.map(|n| &n.exit) {
                    Some(Exit::Ending(e)) => Some(e.title.clone()),
                    _ => None,
                },
            },
            recorded: self.record,
            transcript: self.transcript.clone(),
            passage_start: self.state.passage_start,
            undo: self.undo.iter().cloned().map(UndoStep).collect(),
        }
    }

    /// Restores a save to play on with `story`.
    ///
    /// With the story unchanged (same content hash) the session is exactly as saved, undo
    /// stack included. With a changed story, it is carried over by names: variables by id
    /// (new ones at the role's start values, removed ones dropped), once-only choices by node
    /// and position, and undo starts empty; the notices say what changed. It fails with a
    /// clear message when the save's role or node is gone.
    pub fn restore(
        story: Arc<Story>,
        save: &SaveFile,
    ) -> Result<(Session, Vec<Notice>), RestoreError> {
        let version = || story.meta.version.clone();
        if save.format > FORMAT {
            return Err(RestoreError::NewerFormat { found: save.format });
        }
        if save.story_id != story.meta.id {
            return Err(RestoreError::OtherStory {
                found: save.story_id.clone(),
                expected: story.meta.id.clone(),
            });
        }
        let role = story
            .role(&save.role)
            .ok_or_else(|| RestoreError::RoleGone {
                role: save.role.clone(),
                version: version(),
            })?;
        let node = story
            .node_by_key(&save.node)
            .ok_or_else(|| RestoreError::NodeGone {
                node: save.node.clone(),
                version: version(),
            })?;
        if !matches!(
            story.node(node).map(|n| &n.exit),
            Some(Exit::Choices(_) | Exit::Ending(_))
        ) {
            return Err(RestoreError::NodeChanged {
                node: save.node.clone(),
                version: version(),
            });
        }
        let (vars, mut notices) = migrate_vars(&story, role, &save.vars);
        let (taken, taken_notices) = migrate_taken(&story, &save.taken);
        notices.extend(taken_notices);
        let transcript = if save.recorded {
            save.transcript.clone()
        } else {
            Vec::new()
        };
        let same_story = save.content_hash == story.content_hash;
        let exact = same_story && notices.is_empty() && fits(save, &story, &transcript);
        if !same_story {
            notices.insert(
                0,
                Notice::StoryChanged {
                    saved_version: save.story_version.clone(),
                    version: version(),
                },
            );
        } else if !exact && !save.undo.is_empty() {
            notices.push(Notice::HistoryDropped);
        }
        let passage_start = if save.passage_start <= transcript.len() {
            save.passage_start
        } else {
            // The passage starts after the last choice.
            transcript
                .iter()
                .rposition(|e| matches!(e, Entry::Chose { .. }))
                .map_or(0, |i| i + 1)
        };
        let session = Session {
            story,
            role,
            seed: save.seed,
            state: PlayState {
                node,
                vars,
                rng: save.rng.clone(),
                taken,
                passage_start,
                turns: save.turns,
            },
            undo: if exact {
                save.undo.iter().map(|s| s.0.clone()).collect()
            } else {
                Vec::new()
            },
            transcript,
            record: save.recorded,
            undoable: true,
        };
        Ok((session, notices))
    }
}

impl Session {
    /// Carries the undo history of `old` (this playthrough on an earlier version of the story,
    /// as before a hot reload) into this session by names: each step's node by `scene.node`,
    /// variables by id (new ones at the role's start values), once-only choices by node and
    /// position, and its random generator as it was. A step whose node is gone, or no longer a
    /// place to stop, is dropped with every older one. Returns how many steps were kept.
    pub fn adopt_history(&mut self, old: &Session) -> usize {
        let (from, to) = (Arc::clone(&old.story), Arc::clone(&self.story));
        let mut kept = Vec::new();
        for snap in old.undo.iter().rev() {
            let Some(node) = from
                .node(snap.state.node)
                .and_then(|n| to.node_by_key(&n.key))
                .filter(|&n| {
                    matches!(
                        to.node(n).map(|n| &n.exit),
                        Some(Exit::Choices(_) | Exit::Ending(_))
                    )
                })
            else {
                break;
            };
            if snap.transcript_len > self.transcript.len() {
                break;
            }
            let named = from
                .variables
                .iter()
                .zip(&snap.state.vars)
                .map(|(var, value)| (var.id.clone(), value.clone()))
                .collect();
            let (vars, _) = migrate_vars(&to, self.role, &named);
            let (taken, _) = migrate_taken(&to, &taken_keys(&from, &snap.state.taken));
            kept.push(Snapshot {
                state: PlayState {
                    node,
                    vars,
                    rng: snap.state.rng.clone(),
                    taken,
                    passage_start: snap.state.passage_start.min(snap.transcript_len),
                    turns: snap.state.turns,
                },
                transcript_len: snap.transcript_len,
            });
        }
        kept.reverse();
        self.undo = kept;
        self.undo.len()
    }
}

/// True when a save's undo stack and passage start are consistent with `story` and the
/// transcript: undoing can then never reach a state the story cannot play.
fn fits(save: &SaveFile, story: &Story, transcript: &[Entry]) -> bool {
    let len = transcript.len();
    save.passage_start <= len
        && save
            .undo
            .windows(2)
            .all(|w| w[0].0.transcript_len <= w[1].0.transcript_len)
        && save.undo.iter().all(|UndoStep(s)| {
            let st = &s.state;
            s.transcript_len <= len
                && st.passage_start <= s.transcript_len
                && matches!(
                    story.node(st.node).map(|n| &n.exit),
                    Some(Exit::Choices(_) | Exit::Ending(_))
                )
                && st.vars.len() == story.variables.len()
                && st
                    .vars
                    .iter()
                    .zip(&story.variables)
                    .all(|(v, var)| v.ty() == var.ty)
                && st.taken.len() == story.once_slots as usize
        })
}
