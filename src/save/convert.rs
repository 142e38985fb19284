//! Between a session and its save: a [`SaveFile`] of a session's parts, and a session restored from one.
//!
//! Restoring is exact (undo included) for the same story, and by names for a changed one.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::file::{FORMAT, SaveFile, SavedEntry, SavedState, SavedStep, Summary};
use super::migrate::{Notice, RestoreError, migrate_taken, migrate_vars, taken_keys};
use super::{date_text, unix_seconds};
use crate::session::parts::out_of_range;
use crate::session::{Entry, Moment, Parts, Session, UndoPoint};
use crate::story::{Exit, Story};

impl SaveFile {
    /// `session` as a save, stamped now. `play_time` is how long it has been played.
    pub fn of(session: &Session, play_time: Duration) -> SaveFile {
        SaveFile::of_at(session, play_time, SystemTime::now())
    }

    /// `session` as a save stamped `saved_at`.
    pub fn of_at(session: &Session, play_time: Duration, saved_at: SystemTime) -> SaveFile {
        let story = &**session.story();
        let parts = session.parts();
        let now = &parts.now;
        let node = story.node(now.node);
        let role = story.roles.get(parts.role);
        let saved_at = unix_seconds(saved_at);
        SaveFile {
            format: FORMAT,
            story_id: story.meta.id.clone(),
            story_version: story.meta.version.clone(),
            content_hash: story.content_hash,
            role: session.role_id().to_owned(),
            seed: parts.seed,
            node: story.key_of(now.node),
            vars: story
                .variables
                .iter()
                .zip(&now.vars)
                .map(|(var, value)| (var.id.clone(), value.clone()))
                .collect(),
            taken: taken_keys(story, &now.taken),
            rng: now.rng.clone(),
            turns: now.turns,
            play_time: play_time.as_secs(),
            saved_at,
            saved_at_text: date_text(saved_at),
            summary: Summary {
                role_name: role.map_or_else(String::new, |r| r.name.clone()),
                scene_title: node
                    .and_then(|n| story.scenes.get(n.scene as usize))
                    .map_or_else(String::new, |s| s.title.clone()),
                node: story.key_of(now.node),
                ending: match node.map(|n| &n.exit) {
                    Some(Exit::Ending(e)) => Some(e.title.clone()),
                    _ => None,
                },
            },
            recorded: parts.record,
            passage_start: now.passage_start,
            transcript: parts.transcript.into_iter().map(SavedEntry::from).collect(),
            undo: parts.undo.into_iter().map(SavedStep::from).collect(),
            checksum: None,
        }
        .sealed()
    }

    /// Restores this save to play on with `story`.
    ///
    /// With the story unchanged (same content hash) the session is exactly as saved, undo
    /// stack included. With a changed story, it is carried over by names: variables by id
    /// (new ones at the role's start values, removed ones dropped), once-only choices by node
    /// and position, and undo starts empty; the notices say what changed. It fails with a
    /// clear message when the save's role or node is gone.
    pub fn restore(&self, story: Arc<Story>) -> Result<(Session, Vec<Notice>), RestoreError> {
        let save = self;
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
        let same_story = save.content_hash == story.content_hash;
        if same_story {
            // Play never leaves a value outside its range: one there is damage, not to be
            // clamped silently. (A changed story may have narrowed a range: that is clamped,
            // with a notice.)
            for (id, value) in &save.vars {
                let var = story.variable(id).and_then(|i| story.variables.get(i));
                if let Some(reason) = var.and_then(|var| out_of_range(var, value)) {
                    return Err(RestoreError::Inconsistent { reason });
                }
            }
        }
        let (vars, mut notices) = migrate_vars(&story, role, &save.vars);
        let (taken, taken_notices) = migrate_taken(&story, &save.taken);
        notices.extend(taken_notices);
        // Checked whole by `Session::from_parts`: a transcript without `recorded`, or a
        // passage start that does not follow a choice, is refused.
        let transcript: Vec<Entry> = save.transcript.iter().cloned().map(Entry::from).collect();
        let passage_start = save.passage_start;
        let mut parts = Parts {
            role,
            seed: save.seed,
            now: Moment {
                node,
                vars,
                rng: save.rng.clone(),
                taken,
                passage_start,
                turns: save.turns,
            },
            undo: save.undo.iter().cloned().map(UndoPoint::from).collect(),
            transcript,
            record: save.recorded,
            keep_undo: true,
        };
        // The exact undo stack, only when nothing had to be carried over and it fits.
        let exact = same_story && notices.is_empty() && parts.check_history(&story).is_ok();
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
        if !exact {
            parts.undo.clear();
        }
        let session = Session::from_parts(story, parts)
            .map_err(|reason| RestoreError::Inconsistent { reason })?;
        Ok((session, notices))
    }
}

impl From<Entry> for SavedEntry {
    fn from(e: Entry) -> SavedEntry {
        match e {
            Entry::Shown {
                node,
                speaker,
                text,
            } => SavedEntry::Shown {
                node: node.to_string(),
                speaker: speaker.as_deref().map(str::to_owned),
                text: text.to_string(),
            },
            Entry::Chose { index, text } => SavedEntry::Chose {
                index,
                text: text.to_string(),
            },
            Entry::Outcome {
                target,
                label,
                weight,
                total,
            } => SavedEntry::Outcome {
                target,
                label,
                weight,
                total,
            },
            Entry::Picked {
                target,
                weight,
                total,
            } => SavedEntry::Picked {
                target,
                weight,
                total,
            },
            Entry::Ended { id, title } => SavedEntry::Ended { id, title },
        }
    }
}

impl From<SavedEntry> for Entry {
    fn from(e: SavedEntry) -> Entry {
        match e {
            SavedEntry::Shown {
                node,
                speaker,
                text,
            } => Entry::Shown {
                node: node.into(),
                speaker: speaker.map(Into::into),
                text: text.into(),
            },
            SavedEntry::Chose { index, text } => Entry::Chose {
                index,
                text: text.into(),
            },
            SavedEntry::Outcome {
                target,
                label,
                weight,
                total,
            } => Entry::Outcome {
                target,
                label,
                weight,
                total,
            },
            SavedEntry::Picked {
                target,
                weight,
                total,
            } => Entry::Picked {
                target,
                weight,
                total,
            },
            SavedEntry::Ended { id, title } => Entry::Ended { id, title },
        }
    }
}

impl From<UndoPoint> for SavedStep {
    fn from(p: UndoPoint) -> SavedStep {
        let m = p.moment;
        SavedStep {
            state: SavedState {
                node: m.node,
                vars: m.vars,
                rng: m.rng,
                taken: m.taken,
                passage_start: m.passage_start,
                turns: m.turns,
            },
            transcript_len: p.transcript_len,
        }
    }
}

impl From<SavedStep> for UndoPoint {
    fn from(s: SavedStep) -> UndoPoint {
        let st = s.state;
        UndoPoint {
            moment: Moment {
                node: st.node,
                vars: st.vars,
                rng: st.rng,
                taken: st.taken,
                passage_start: st.passage_start,
                turns: st.turns,
            },
            transcript_len: s.transcript_len,
        }
    }
}
