//! The save file: what a save records, written as pretty RON and read back with a reason for any failure.

use std::collections::BTreeMap;
use std::fmt;

use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};

use crate::story::{NodeIdx, Value};

/// The save format this build writes; it reads this and every older one.
///
/// - Format 1 (the first release): no checksum. Still read, and restored only after every
///   value was checked against the story (see [`crate::session::Parts::check`]).
/// - Format 2: as format 1 plus [`SaveFile::checksum`], a 64-bit FNV-1a hash of the save's
///   canonical text (compact RON of every other field). A save whose checksum is missing or
///   does not match is refused as [`Unreadable::Changed`]: any change to its content, by
///   damage or by hand, is reported instead of loaded. Whitespace and comments are not content.
pub const FORMAT: u32 = 2;

/// The first format with a [`SaveFile::checksum`].
pub const FIRST_CHECKSUM_FORMAT: u32 = 2;

/// The first line of every save, for people who open one.
const HEADER_COMMENT: &str =
    "// An Aftermath save (RON). Editing it by hand may make it unreadable.\n";

/// One saved moment of a playthrough.
///
/// Everything is recorded by name (role, node key, variable ids) so a save still loads after
/// the story changed; [`SaveFile::undo`] holds the exact undo stack, used only when the
/// story's content hash is unchanged.
///
/// This type and the ones it holds ([`Summary`], [`SavedEntry`], [`SavedStep`],
/// [`SavedState`]) are the save format: every field is written under its name here, in this
/// order, and none of them is a session's own type, so changing how a session keeps its
/// state in memory cannot change what a save file says. [`crate::save::convert`] translates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveFile {
    /// The save format ([`FORMAT`] when written by this build).
    pub format: u32,
    pub story_id: String,
    pub story_version: String,
    /// [`crate::story::Story::content_hash`] of the story as saved.
    pub content_hash: u64,
    /// The role's id.
    pub role: String,
    pub seed: u64,
    /// `scene.node` of the current node.
    pub node: String,
    /// Every variable's value, by id.
    pub vars: BTreeMap<String, Value>,
    /// Once-only choices taken: `(scene.node, index among the node's choices)`.
    pub taken: Vec<(String, usize)>,
    /// The random generator, exactly as it was.
    pub rng: Pcg32,
    /// Choices taken so far.
    pub turns: u32,
    /// Time played, in seconds.
    pub play_time: u64,
    /// When it was saved, in seconds since 1970.
    pub saved_at: u64,
    /// When it was saved, for people: `2025-04-28 14:05 UTC`.
    pub saved_at_text: String,
    /// What a slot list shows.
    pub summary: Summary,
    /// Whether the session kept a transcript (false only for fast exploration).
    pub recorded: bool,
    /// Everything shown and chosen so far.
    pub transcript: Vec<SavedEntry>,
    /// Where the current passage (shown since the last choice) starts in the transcript.
    pub passage_start: usize,
    /// The exact undo stack, oldest first: used only when the story is unchanged.
    pub undo: Vec<SavedStep>,
    /// From format 2: [`SaveFile::content_checksum`] as 16 hex digits, written last. Absent
    /// in format 1 saves.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_string"
    )]
    pub checksum: Option<String>,
}

/// One line of a saved transcript (as [`crate::session::Entry`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SavedEntry {
    /// A node was shown: its `scene.node`, speaker and text as rendered.
    Shown {
        node: String,
        speaker: Option<String>,
        text: String,
    },
    /// The player took a choice: its index among the visible choices, and its text.
    Chose { index: usize, text: String },
    /// A choice's random outcome was drawn: its target `scene.node`, label and chance.
    Outcome {
        target: String,
        label: Option<String>,
        weight: u64,
        total: u64,
    },
    /// A random event pick went to a node (`scene.node`), with its chance.
    Picked {
        target: String,
        weight: u64,
        total: u64,
    },
    /// The story reached an ending.
    Ended { id: String, title: String },
}

/// One step of the saved undo stack: a state to return to, with the transcript length it had.
///
/// It refers to nodes and variables by position, so it is only used when the story's content
/// hash is unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedStep {
    pub state: SavedState,
    /// How many transcript entries there were at that moment.
    pub transcript_len: usize,
}

/// The state of a playthrough at one moment of the undo stack, by position in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedState {
    /// The node, by index into [`crate::story::Story::nodes`].
    pub node: NodeIdx,
    /// Every variable's value, in the story's order.
    pub vars: Vec<Value>,
    /// The random generator, exactly as it was.
    pub rng: Pcg32,
    /// Once-only choices taken, by slot.
    pub taken: Vec<bool>,
    /// Where the passage started in the transcript.
    pub passage_start: usize,
    /// Choices taken so far.
    pub turns: u32,
}

/// What a slot list shows about a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The role's name, e.g. `The Returning Soldier`.
    pub role_name: String,
    pub scene_title: String,
    /// `scene.node` of the current node.
    pub node: String,
    /// The ending's title, when the playthrough had ended.
    pub ending: Option<String>,
}

/// Why a file is not a save this build can load. Shown next to the slot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("the file is empty")]
    Empty,
    #[error("not a save file: it holds binary data")]
    Binary,
    #[error("not an Aftermath save file ({detail})")]
    NotASave { detail: String },
    #[error("the file is cut off at line {line} (the game was stopped while saving?)")]
    Truncated { line: usize },
    #[error("the file is damaged at line {line}, column {column}: {detail}")]
    Damaged {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "made by a newer version of Aftermath (save format {found}; this version reads up to \
         {FORMAT}); update Aftermath to load it"
    )]
    NewerFormat { found: u32 },
    #[error("a save of another story (`{found}`), not of `{expected}`")]
    OtherStory { found: String, expected: String },
    #[error(
        "the save was changed or damaged after it was saved ({detail}); it is not loaded, so \
         that no impossible state is restored"
    )]
    Changed { detail: String },
    #[error("cannot read the file: {detail}")]
    Io { detail: String },
}

/// The fields read first, to tell foreign and newer files from damaged ones.
#[derive(Deserialize)]
struct Header {
    format: u32,
    story_id: String,
}

impl SaveFile {
    /// This save with its checksum set (format 2 and later; format 1 saves have none).
    pub fn sealed(mut self) -> SaveFile {
        self.checksum = None;
        if self.format >= FIRST_CHECKSUM_FORMAT {
            self.checksum = Some(format!("{:016x}", self.content_checksum()));
        }
        self
    }

    /// The checksum of everything in this save but [`SaveFile::checksum`]: 64-bit FNV-1a over
    /// its canonical text, compact RON with the checksum left out.
    pub fn content_checksum(&self) -> u64 {
        let canonical = SaveFile {
            checksum: None,
            ..self.clone()
        };
        // Plain data always encodes; should it not, the debug text is as deterministic.
        let text = ron::to_string(&canonical).unwrap_or_else(|e| format!("{e}: {canonical:?}"));
        fnv1a(text.as_bytes())
    }

    /// Checks [`SaveFile::checksum`]: required from format 2, and checked whenever present.
    pub fn verify(&self) -> Result<(), Unreadable> {
        match &self.checksum {
            None if self.format >= FIRST_CHECKSUM_FORMAT => Err(Unreadable::Changed {
                detail: format!("a format {} save without its checksum", self.format),
            }),
            None => Ok(()),
            Some(written) if *written == format!("{:016x}", self.content_checksum()) => Ok(()),
            Some(_) => Err(Unreadable::Changed {
                detail: "its checksum does not match its content".to_owned(),
            }),
        }
    }

    /// The file's text: a comment line, then pretty RON. From format 2 the checksum is
    /// computed afresh (see [`SaveFile::sealed`]), so a save changed in memory is written
    /// consistently; a format 1 save is written without one, as the first release did.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let sealed = self.clone().sealed();
        let config = ron::ser::PrettyConfig::new()
            // One line per transcript entry and per undo step.
            .depth_limit(2)
            .new_line("\n");
        let body = ron::ser::to_string_pretty(&sealed, config)?;
        Ok(format!("{HEADER_COMMENT}{body}\n"))
    }

    /// Reads a save from a file's bytes. With `story_id`, a save of another story is refused.
    pub fn from_bytes(bytes: &[u8], story_id: Option<&str>) -> Result<SaveFile, Unreadable> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Unreadable::Empty);
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) if !t.contains('\0') => t,
            _ => return Err(Unreadable::Binary),
        };
        SaveFile::parse(text, story_id)
    }

    /// Reads a save from text. With `story_id`, a save of another story is refused.
    pub fn parse(text: &str, story_id: Option<&str>) -> Result<SaveFile, Unreadable> {
        if text.trim().is_empty() {
            return Err(Unreadable::Empty);
        }
        let header: Header = ron::from_str(text).map_err(|e| classify(text, &e, true))?;
        if header.format > FORMAT {
            return Err(Unreadable::NewerFormat {
                found: header.format,
            });
        }
        if header.format == 0 {
            return Err(Unreadable::NotASave {
                detail: "save format 0".to_owned(),
            });
        }
        if let Some(expected) = story_id
            && header.story_id != expected
        {
            return Err(Unreadable::OtherStory {
                found: header.story_id,
                expected: expected.to_owned(),
            });
        }
        let save: SaveFile = ron::from_str(text).map_err(|e| classify(text, &e, false))?;
        save.verify()?;
        Ok(save)
    }

    /// How long this playthrough had been played.
    pub fn play_duration(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.play_time)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.role_name, self.scene_title)?;
        if let Some(e) = &self.ending {
            write!(f, " (ending: {e})")?;
        }
        Ok(())
    }
}

/// Turns a RON error into a reason. `header`: the error came from reading the header fields.
fn classify(text: &str, e: &ron::error::SpannedError, header: bool) -> Unreadable {
    use ron::Error as E;
    let at = e.span.start;
    let not_a_save = |detail: String| Unreadable::NotASave { detail };
    match &e.code {
        // A string or comment left open runs to the end of the text.
        E::Eof | E::ExpectedStringEnd | E::UnclosedBlockComment => {
            Unreadable::Truncated { line: at.line }
        }
        // A complete structure without a save's header fields is some other RON file; this
        // is checked before "cut off", since a missing field is reported at the closing `)`.
        E::MissingStructField { field, .. }
            if header && (*field == "format" || *field == "story_id") =>
        {
            not_a_save(format!("it has no `{field}`"))
        }
        // An error reaching the end of the text: the text stops mid-value.
        _ if at_end(text, e.span.end) => Unreadable::Truncated { line: at.line },
        E::ExpectedDifferentStructName { found, .. } | E::ExpectedStructName(found) if header => {
            not_a_save(format!("it holds a `{found}`"))
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) if header => {
            not_a_save("it is not a RON structure".to_owned())
        }
        code => Unreadable::Damaged {
            line: at.line,
            column: at.col,
            detail: code.to_string(),
        },
    }
}

/// Serde for an optional string written as a plain string (`checksum: "…"`, not `Some("…")`);
/// the field is left out when absent.
mod plain_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Option<String>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_deref().unwrap_or_default())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        String::deserialize(d).map(Some)
    }
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// True when `at` is at or past the last non-blank character.
fn at_end(text: &str, at: ron::error::Position) -> bool {
    let trimmed = text.trim_end();
    let line = trimmed.lines().count().max(1);
    let col = trimmed.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (at.line, at.col) >= (line, col)
}
