//! Carrying a save over to the story as it is now: by names, with notices for what changed.

use std::collections::BTreeMap;
use std::fmt;

use crate::session::{Moment, PartsError, Session, UndoPoint};
use crate::story::{Exit, Story, Value};

/// Something the player should know about a save that was loaded: shown once after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The story changed since the save: progress was carried over by names; undo starts empty.
    StoryChanged {
        saved_version: String,
        version: String,
    },
    /// Variables new in this version; they start at the role's start values.
    VariablesAdded(Vec<String>),
    /// Variables no longer in the story; their saved values were dropped.
    VariablesRemoved(Vec<String>),
    /// Variables whose type changed; they were reset to the role's start values.
    VariablesReset(Vec<String>),
    /// Variables whose saved value is outside the range the story now declares; they were
    /// moved to the nearest value within it (only for a changed story: with the story
    /// unchanged such a save is refused as damaged).
    VariablesClamped(Vec<String>),
    /// Once-only choices taken that the story no longer has as such (`scene.node` choice N).
    ChoicesForgotten(Vec<String>),
    /// The story is unchanged but the saved undo history did not fit it; undo starts empty.
    HistoryDropped,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::StoryChanged {
                saved_version,
                version,
            } if saved_version != version => write!(
                f,
                "The story has changed since this save (version {saved_version}, now \
                 {version}): your progress was carried over and undo starts from here."
            ),
            Notice::StoryChanged { version, .. } => write!(
                f,
                "The story has been edited since this save (still version {version}): your \
                 progress was carried over and undo starts from here."
            ),
            Notice::VariablesAdded(names) => write!(
                f,
                "New in this version, starting at their start values: {}.",
                names.join(", ")
            ),
            Notice::VariablesRemoved(names) => write!(
                f,
                "No longer in the story, so dropped: {}.",
                names.join(", ")
            ),
            Notice::VariablesReset(names) => write!(
                f,
                "Changed type, so reset to their start values: {}.",
                names.join(", ")
            ),
            Notice::ChoicesForgotten(choices) => write!(
                f,
                "Once-only choices that changed and may be offered again: {}.",
                choices.join(", ")
            ),
            Notice::VariablesClamped(names) => write!(
                f,
                "Outside the range this version allows, so moved to its nearest end: {}.",
                names.join(", ")
            ),
            Notice::HistoryDropped => f.write_str(
                "The saved undo history did not match the story and was dropped: undo starts \
                 from here.",
            ),
        }
    }
}

/// Why a save cannot be played with the story as it is now. The message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error(
        "this save was made by a newer version of Aftermath (save format {found}); update \
         Aftermath to load it"
    )]
    NewerFormat { found: u32 },
    #[error("this is a save of the story `{found}`, not of `{expected}`")]
    OtherStory { found: String, expected: String },
    #[error(
        "this save plays the role `{role}`, which version {version} of the story no longer \
         has; start a new game or load another save"
    )]
    RoleGone { role: String, version: String },
    #[error(
        "this save is at `{node}`, which version {version} of the story no longer has; start \
         a new game or load another save"
    )]
    NodeGone { node: String, version: String },
    #[error(
        "this save is at `{node}`, which in version {version} of the story no longer offers \
         choices or ends the story; start a new game or load another save"
    )]
    NodeChanged { node: String, version: String },
    #[error("this save does not fit the story: {reason}; start a new game or load another save")]
    Inconsistent { reason: PartsError },
}

/// Carries the undo history of `old` (this playthrough on an earlier version of the story,
/// as before a hot reload) into `session` by names: each step's node by `scene.node`,
/// variables by id (new ones at the role's start values), once-only choices by node and
/// position, and its random generator as it was. A step whose node is gone, or no longer a
/// place to stop, is dropped with every older one. Returns how many steps were kept.
pub fn adopt_history(session: &mut Session, old: &Session) -> usize {
    let (from, to) = (&**old.story(), &**session.story());
    let role = session.role;
    let len = session.transcript().len();
    let mut kept = Vec::new();
    for point in old.history().into_iter().rev() {
        let m = &point.moment;
        let Some(node) = from
            .node(m.node)
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
        if point.transcript_len > len {
            break;
        }
        let named = from
            .variables
            .iter()
            .zip(&m.vars)
            .map(|(var, value)| (var.id.clone(), value.clone()))
            .collect();
        let (vars, _) = migrate_vars(to, role, &named);
        let (taken, _) = migrate_taken(to, &taken_keys(from, &m.taken));
        kept.push(UndoPoint {
            moment: Moment {
                node,
                vars,
                rng: m.rng.clone(),
                taken,
                passage_start: m.passage_start.min(point.transcript_len),
                turns: m.turns,
            },
            transcript_len: point.transcript_len,
        });
    }
    kept.reverse();
    let count = kept.len();
    // Every point was made to fit; should one not, undo starts empty rather than wrong.
    if session.set_history(kept).is_err() {
        let _ = session.set_history(Vec::new());
        return 0;
    }
    count
}

/// The story's variables for `role` from saved values by name, and what changed.
pub fn migrate_vars(
    story: &Story,
    role: usize,
    saved: &BTreeMap<String, Value>,
) -> (Vec<Value>, Vec<Notice>) {
    let start = story
        .roles
        .get(role)
        .map_or(&[][..], |r| r.values.as_slice());
    let mut added = Vec::new();
    let mut reset = Vec::new();
    let mut clamped = Vec::new();
    let vars = story
        .variables
        .iter()
        .enumerate()
        .map(|(i, var)| {
            let start = start.get(i).unwrap_or(&var.default);
            match saved.get(&var.id) {
                Some(v) if v.ty() == var.ty => {
                    let within = var.clamp(v.clone());
                    if within != *v {
                        clamped.push(var.id.clone());
                    }
                    within
                }
                Some(_) => {
                    reset.push(var.id.clone());
                    start.clone()
                }
                None => {
                    added.push(var.id.clone());
                    start.clone()
                }
            }
        })
        .collect();
    let removed: Vec<String> = saved
        .keys()
        .filter(|id| story.variable(id).is_none())
        .cloned()
        .collect();
    let mut notices = Vec::new();
    if !added.is_empty() {
        notices.push(Notice::VariablesAdded(added));
    }
    if !removed.is_empty() {
        notices.push(Notice::VariablesRemoved(removed));
    }
    if !reset.is_empty() {
        notices.push(Notice::VariablesReset(reset));
    }
    if !clamped.is_empty() {
        notices.push(Notice::VariablesClamped(clamped));
    }
    (vars, notices)
}

/// The story's once-only slots from taken choices by `(scene.node, choice index)`.
pub fn migrate_taken(story: &Story, taken: &[(String, usize)]) -> (Vec<bool>, Vec<Notice>) {
    let mut slots = vec![false; story.once_slots as usize];
    let mut forgotten = Vec::new();
    for (key, index) in taken {
        let slot = story
            .node_by_key(key)
            .and_then(|n| story.node(n))
            .and_then(|n| match &n.exit {
                Exit::Choices(cs) => cs.get(*index),
                _ => None,
            })
            .and_then(|c| c.once)
            .and_then(|s| slots.get_mut(s as usize));
        match slot {
            Some(s) => *s = true,
            None => forgotten.push(format!("`{key}` choice {}", index + 1)),
        }
    }
    let notices = if forgotten.is_empty() {
        Vec::new()
    } else {
        vec![Notice::ChoicesForgotten(forgotten)]
    };
    (slots, notices)
}

/// Once-only slots taken, as `(scene.node, choice index)` in slot order.
pub fn taken_keys(story: &Story, taken: &[bool]) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    if !taken.contains(&true) {
        return keys;
    }
    for node in &story.nodes {
        if let Exit::Choices(cs) = &node.exit {
            for (i, c) in cs.iter().enumerate() {
                if c.once
                    .is_some_and(|s| taken.get(s as usize).copied().unwrap_or(false))
                {
                    keys.push((node.key.to_string(), i));
                }
            }
        }
    }
    keys
}
