//! A story's save slots in one folder (numbered, autosave, quicksave), each written atomically.
//!
//! A save is written to a temporary file in the same folder, flushed to disk, renamed over
//! the slot's file and the folder flushed too: a crash at any moment leaves either the old
//! save or the new one, never a mix. Temporary files are hidden (`.slot-1.ron.….tmp`), never
//! listed, and removed once they are old.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::file::{SaveFile, Unreadable};

/// How many numbered slots a slot list shows.
pub const NAMED_SLOTS: u8 = 9;

/// Temporary files older than this are left over from a crash and are removed by [`SaveStore::list`].
const STALE_TEMP: Duration = Duration::from_secs(60);

/// A place for one save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Slot {
    /// Written by the game on its own (e.g. at each scene and on quitting).
    Auto,
    /// The one-key save.
    Quick,
    /// A numbered slot the player picks, from 1.
    Named(u8),
}

impl Slot {
    /// Every slot a list shows: autosave, quicksave, then 1 to [`NAMED_SLOTS`].
    pub fn all() -> Vec<Slot> {
        [Slot::Auto, Slot::Quick]
            .into_iter()
            .chain((1..=NAMED_SLOTS).map(Slot::Named))
            .collect()
    }

    /// The slot's file name: `auto.ron`, `quick.ron`, `slot-3.ron`.
    pub fn file_name(self) -> String {
        match self {
            Slot::Auto => "auto.ron".to_owned(),
            Slot::Quick => "quick.ron".to_owned(),
            Slot::Named(n) => format!("slot-{n}.ron"),
        }
    }

    /// The slot's name in a slot list: `Autosave`, `Quicksave`, `Slot 3`.
    pub fn label(self) -> String {
        match self {
            Slot::Auto => "Autosave".to_owned(),
            Slot::Quick => "Quicksave".to_owned(),
            Slot::Named(n) => format!("Slot {n}"),
        }
    }

    /// The slot a file name belongs to.
    pub fn from_file_name(name: &str) -> Option<Slot> {
        match name {
            "auto.ron" => Some(Slot::Auto),
            "quick.ron" => Some(Slot::Quick),
            _ => name
                .strip_prefix("slot-")?
                .strip_suffix(".ron")?
                .parse()
                .ok()
                .map(Slot::Named),
        }
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Auto => f.write_str("the autosave"),
            Slot::Quick => f.write_str("the quicksave"),
            Slot::Named(n) => write!(f, "slot {n}"),
        }
    }
}

/// What a slot list shows for a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSummary {
    pub role_name: String,
    pub scene_title: String,
    /// `scene.node`
    pub node: String,
    /// The ending's title, when the playthrough had ended.
    pub ending: Option<String>,
    /// Seconds since 1970.
    pub saved_at: u64,
    /// `2025-04-28 14:05 UTC`
    pub saved_at_text: String,
    pub play_time: Duration,
    pub turns: u32,
    pub story_version: String,
    /// To compare with [`crate::story::Story::content_hash`]: a difference means the story changed.
    pub content_hash: u64,
}

impl SlotSummary {
    pub fn of(save: &SaveFile) -> SlotSummary {
        SlotSummary {
            role_name: save.summary.role_name.clone(),
            scene_title: save.summary.scene_title.clone(),
            node: save.summary.node.clone(),
            ending: save.summary.ending.clone(),
            saved_at: save.saved_at,
            saved_at_text: save.saved_at_text.clone(),
            play_time: save.play_duration(),
            turns: save.turns,
            story_version: save.story_version.clone(),
            content_hash: save.content_hash,
        }
    }
}

/// What is in a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotState {
    Empty,
    Saved(SlotSummary),
    /// A file that cannot be loaded, and why.
    Unreadable(Unreadable),
}

/// One line of a slot list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotInfo {
    pub slot: Slot,
    pub path: PathBuf,
    pub state: SlotState,
}

/// Why saving, deleting or finding the save folder failed. Nothing was lost.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "this system has no per-user data folder (is HOME set?); choose a folder for saves with \
         --save-dir"
    )]
    NoDataDir,
    #[error(
        "cannot create the save folder `{}`: {source}; check its permissions or choose another \
         folder with --save-dir",
        path.display()
    )]
    CreateDir { path: PathBuf, source: io::Error },
    #[error(
        "cannot write the save `{}`: {source}; the previous save in this slot is unchanged (is \
         the disk full or read-only?)",
        path.display()
    )]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot encode the save for `{}`: {detail}", path.display())]
    Encode { path: PathBuf, detail: String },
    #[error(
        "cannot delete the save `{}`: {source}; check the folder's permissions",
        path.display()
    )]
    Delete { path: PathBuf, source: io::Error },
    #[error(
        "this is a save of the story `{found}`, but `{}` holds saves of `{expected}`",
        dir.display()
    )]
    OtherStory {
        dir: PathBuf,
        found: String,
        expected: String,
    },
}

/// Why a slot could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    #[error("there is no save in {slot} (`{}`)", path.display())]
    Empty { slot: Slot, path: PathBuf },
    #[error(
        "cannot read {slot} (`{}`): {source}; check the folder's permissions",
        path.display()
    )]
    Io {
        slot: Slot,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "cannot load {slot} (`{}`): {reason}; load another save, or save into this slot to \
         replace the file",
        path.display()
    )]
    Unreadable {
        slot: Slot,
        path: PathBuf,
        reason: Unreadable,
    },
}

/// The save slots of one story, in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveStore {
    dir: PathBuf,
    story_id: String,
}

impl SaveStore {
    /// The slots of story `story_id` in `dir` exactly (e.g. from `--save-dir`). The folder is
    /// created on the first save.
    pub fn new(dir: impl Into<PathBuf>, story_id: &str) -> SaveStore {
        SaveStore {
            dir: dir.into(),
            story_id: story_id.to_owned(),
        }
    }

    /// The slots of story `story_id` in the per-user data folder: `<data>/saves/<story id>`,
    /// e.g. `~/.local/share/aftermath/saves/after-kursk` on Linux.
    pub fn default_for(story_id: &str) -> Result<SaveStore, SaveError> {
        let dirs = directories::ProjectDirs::from("org", "Aftermath", "Aftermath")
            .ok_or(SaveError::NoDataDir)?;
        let dir = dirs.data_dir().join("saves").join(folder_name(story_id));
        Ok(SaveStore::new(dir, story_id))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn story_id(&self) -> &str {
        &self.story_id
    }

    /// The file of `slot`.
    pub fn path(&self, slot: Slot) -> PathBuf {
        self.dir.join(slot.file_name())
    }

    /// Writes `save` into `slot` atomically, replacing what was there.
    pub fn write(&self, slot: Slot, save: &SaveFile) -> Result<(), SaveError> {
        let path = self.path(slot);
        if save.story_id != self.story_id {
            return Err(SaveError::OtherStory {
                dir: self.dir.clone(),
                found: save.story_id.clone(),
                expected: self.story_id.clone(),
            });
        }
        let text = save.to_ron().map_err(|e| SaveError::Encode {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        fs::create_dir_all(&self.dir).map_err(|source| SaveError::CreateDir {
            path: self.dir.clone(),
            source,
        })?;
        write_into(&self.dir, &slot.file_name(), text.as_bytes())
            .map_err(|source| SaveError::Write { path, source })
    }

    /// Reads the save in `slot`.
    pub fn read(&self, slot: Slot) -> Result<SaveFile, SlotError> {
        let path = self.path(slot);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(SlotError::Empty { slot, path });
            }
            Err(source) => return Err(SlotError::Io { slot, path, source }),
        };
        SaveFile::from_bytes(&bytes, Some(&self.story_id)).map_err(|reason| SlotError::Unreadable {
            slot,
            path,
            reason,
        })
    }

    /// Every slot ([`Slot::all`]) and what it holds. Also removes temporary files left by a crash.
    pub fn list(&self) -> Vec<SlotInfo> {
        self.remove_stale_temps();
        Slot::all()
            .into_iter()
            .map(|slot| SlotInfo {
                slot,
                path: self.path(slot),
                state: match self.read(slot) {
                    Ok(save) => SlotState::Saved(SlotSummary::of(&save)),
                    Err(SlotError::Empty { .. }) => SlotState::Empty,
                    Err(SlotError::Io { source, .. }) => SlotState::Unreadable(Unreadable::Io {
                        detail: source.to_string(),
                    }),
                    Err(SlotError::Unreadable { reason, .. }) => SlotState::Unreadable(reason),
                },
            })
            .collect()
    }

    /// Deletes the save in `slot`; `Ok(false)` when there was none.
    pub fn delete(&self, slot: Slot) -> Result<bool, SaveError> {
        let path = self.path(slot);
        match fs::remove_file(&path) {
            Ok(()) => {
                sync_dir(&self.dir);
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(SaveError::Delete { path, source }),
        }
    }

    /// The newest readable save, for "Continue": by save time, then by file time.
    pub fn latest(&self) -> Option<(Slot, SaveFile)> {
        Slot::all()
            .into_iter()
            .filter_map(|slot| {
                let save = self.read(slot).ok()?;
                let modified = fs::metadata(self.path(slot))
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                Some(((save.saved_at, modified), slot, save))
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, slot, save)| (slot, save))
    }

    /// Removes temporary files older than a minute (a crash's leftovers); returns how many.
    pub fn remove_stale_temps(&self) -> usize {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = SystemTime::now();
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_str().is_some_and(is_temp_name))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_TEMP))
            })
            .filter(|e| fs::remove_file(e.path()).is_ok())
            .count()
    }
}

/// True for the name of a temporary file written while saving (`.slot-1.ron.<pid>.<n>.tmp`).
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// A folder name for a story id: letters, digits, `-`, `_` and `.` kept, anything else `_`.
pub fn folder_name(story_id: &str) -> String {
    let name: String = story_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        "story".to_owned()
    } else {
        name
    }
}

/// Writes `bytes` to `path` atomically, creating its folder if needed: a crash leaves either
/// the old file or the new one (temporary file, fsync, rename). Every file Aftermath writes
/// (saves, settings, the endings gallery) goes through here.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    write_into(dir, &name, bytes)
}

/// Writes `bytes` to `dir/name` atomically (see [`write_atomic`]); `dir` exists.
fn write_into(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let target = dir.join(name);
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    sync_dir(dir);
    Ok(())
}

/// Flushes a folder's entries (the rename) to disk. Best effort: the save is already in place,
/// and some systems cannot open or flush folders.
fn sync_dir(dir: &Path) {
    if cfg!(unix) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_file_names_round_trip() {
        for slot in Slot::all() {
            assert_eq!(Slot::from_file_name(&slot.file_name()), Some(slot));
        }
        assert_eq!(Slot::all().len(), 11);
        assert_eq!(Slot::from_file_name("slot-x.ron"), None);
        assert_eq!(Slot::from_file_name(".slot-1.ron.12.0.tmp"), None);
        assert!(is_temp_name(".slot-1.ron.12.0.tmp"));
        assert!(!is_temp_name("slot-1.ron"));
    }

    #[test]
    fn folder_names_are_safe() {
        assert_eq!(folder_name("after-kursk"), "after-kursk");
        assert_eq!(folder_name("../x/y"), ".._x_y");
        assert_eq!(folder_name(".."), "story");
        assert_eq!(folder_name(""), "story");
    }
}
