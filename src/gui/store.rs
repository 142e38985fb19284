//! Where the game keeps its own files (settings, endings gallery, saves) and how it reads and
//! writes them.
//!
//! Files are RON. Writes are atomic: the text goes to a temporary file in the same folder, which
//! is flushed and then renamed over the old file, so a crash never leaves half a file behind.

use std::fs;
use std::path::{Path, PathBuf};

use bevy::prelude::Resource;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Environment variable overriding the settings folder.
pub const CONFIG_DIR_VAR: &str = "AFTERMATH_CONFIG_DIR";
/// Environment variable overriding the data folder (endings gallery, saves).
pub const DATA_DIR_VAR: &str = "AFTERMATH_DATA_DIR";

const SETTINGS_FILE: &str = "settings.ron";
const GALLERY_FILE: &str = "endings.ron";

/// The folders the game writes to. `None` turns persistence off for that kind of file.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreDirs {
    /// Settings live here (the OS config folder by default).
    pub config: Option<PathBuf>,
    /// The endings gallery lives here (the OS data folder by default), and saves under
    /// `saves/<story id>` unless [`StoreDirs::saves`] is set.
    pub data: Option<PathBuf>,
    /// The folder for save files exactly (`--save-dir`); `None`: `<data>/saves/<story id>`.
    pub saves: Option<PathBuf>,
}

impl StoreDirs {
    /// Both kinds of file in one folder: `dir/config` and `dir/data` (for tests and portable use).
    pub fn under(dir: &Path) -> StoreDirs {
        StoreDirs {
            config: Some(dir.join("config")),
            data: Some(dir.join("data")),
            saves: None,
        }
    }

    /// No persistence at all.
    pub fn none() -> StoreDirs {
        StoreDirs::default()
    }

    /// The OS folders (`directories::ProjectDirs` for org.Aftermath.Aftermath), each overridable
    /// with [`CONFIG_DIR_VAR`] / [`DATA_DIR_VAR`].
    pub fn from_os() -> StoreDirs {
        let project = directories::ProjectDirs::from("org", "Aftermath", "Aftermath");
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        StoreDirs {
            config: var(CONFIG_DIR_VAR)
                .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf())),
            data: var(DATA_DIR_VAR)
                .or_else(|| project.as_ref().map(|p| p.data_dir().to_path_buf())),
            saves: None,
        }
    }

    /// These folders with saves in `dir` exactly (`--save-dir`); `None` keeps the default.
    pub fn with_save_dir(mut self, dir: Option<PathBuf>) -> StoreDirs {
        if dir.is_some() {
            self.saves = dir;
        }
        self
    }

    /// The folder of story `story_id`'s saves: [`StoreDirs::saves`], else
    /// `<data>/saves/<story id>` (the same folder as [`crate::save::SaveStore::default_for`]
    /// when the data folder is the OS's); `None` when there is neither.
    pub fn save_dir(&self, story_id: &str) -> Option<PathBuf> {
        self.saves.clone().or_else(|| {
            self.data.as_ref().map(|d| {
                d.join("saves")
                    .join(crate::save::store::folder_name(story_id))
            })
        })
    }

    /// The settings file, when settings are persisted.
    pub fn settings_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join(SETTINGS_FILE))
    }

    /// The endings gallery file, when the gallery is persisted.
    pub fn gallery_file(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join(GALLERY_FILE))
    }
}

/// Why one of the game's files could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not valid: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: Box<ron::error::SpannedError>,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode {}: {source}", path.display())]
    Encode {
        path: PathBuf,
        source: Box<ron::Error>,
    },
}

/// Reads a RON file; `Ok(None)` when it does not exist yet.
pub fn load_ron<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    ron::from_str(&text)
        .map(Some)
        .map_err(|source| StoreError::Parse {
            path: path.to_path_buf(),
            source: Box::new(source),
        })
}

/// Writes `value` as pretty RON to `path` atomically, creating the folder if needed.
pub fn save_ron<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    let text =
        ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()).map_err(|source| {
            StoreError::Encode {
                path: path.to_path_buf(),
                source: Box::new(source),
            }
        })?;
    crate::save::store::write_atomic(path, text.as_bytes()).map_err(|source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    })
}
