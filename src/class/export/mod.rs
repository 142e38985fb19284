//! The debrief of a class, rendered from the class (the replay of its log): one printable,
//! self-contained HTML page, Markdown, a CSV of every ballot and JSON (docs/debrief.md).

pub mod ballots;
pub mod compare;
mod html;
mod markdown;
pub mod model;
mod prose;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

pub use ballots::BallotRow;
pub use model::Debrief;

use super::setup::SeatId;
use super::{Class, ClassError, LogError};
use crate::story::Story;

/// How students are named in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Privacy {
    /// Every nickname is replaced by a stable id in seat order: "Student 1", "Student 2", …
    #[default]
    Anonymous,
    /// Nicknames (or names, if the teacher asked for them) are kept.
    Nicknames,
}

/// Why a debrief could not be written.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Log(#[from] LogError),
    #[error(transparent)]
    Class(#[from] ClassError),
    #[error("the debrief could not be written as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The files [`write_all`] writes, in order.
pub const FILES: [&str; 4] = ["debrief.html", "debrief.md", "ballots.csv", "class.json"];

/// The folder, next to [`FILES`], that holds the pictures the groups were shown, for the
/// Markdown (the HTML embeds them).
pub const PICTURES: &str = "pictures";

/// How seats and groups are named in an export.
pub(crate) struct Names {
    seats: HashMap<SeatId, String>,
    groups: Vec<String>,
}

impl Names {
    fn new(class: &Class, privacy: Privacy) -> Names {
        Names {
            seats: class
                .seats()
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let name = match privacy {
                        Privacy::Anonymous => t!("export-student", n = k + 1),
                        Privacy::Nicknames => s.nickname.clone(),
                    };
                    (s.id, name)
                })
                .collect(),
            groups: class
                .groups()
                .iter()
                .map(|g| g.setup.name.clone())
                .collect(),
        }
    }

    fn seat(&self, id: SeatId) -> String {
        self.seats
            .get(&id)
            .cloned()
            .unwrap_or_else(|| t!("export-seat", seat = id))
    }

    fn group(&self, i: usize) -> String {
        self.groups
            .get(i)
            .cloned()
            .unwrap_or_else(|| t!("export-group", n = i + 1))
    }
}

/// The debrief as one self-contained, printable HTML page.
pub fn html(class: &Class, privacy: Privacy) -> String {
    html::render(class.story(), &model::build(class, privacy))
}

/// The debrief as Markdown.
pub fn markdown(class: &Class, privacy: Privacy) -> String {
    markdown::render(&model::build(class, privacy))
}

/// Every ballot cast, one CSV row each (see [`ballots::HEADER`]).
pub fn csv(class: &Class, privacy: Privacy) -> String {
    ballots::csv(&model::build(class, privacy).ballots)
}

/// The debrief as JSON: setup (no join code, no tokens), seats, groups with their paths and
/// decisions, the comparison, and every ballot.
pub fn json(class: &Class, privacy: Privacy) -> Result<String, ExportError> {
    let mut text = serde_json::to_string_pretty(&model::build(class, privacy))?;
    text.push('\n');
    Ok(text)
}

/// Writes the four files of [`FILES`] into `dir` (created if missing), each atomically; the
/// paths written.
pub fn write_all(class: &Class, dir: &Path, privacy: Privacy) -> Result<Vec<PathBuf>, ExportError> {
    // The story's words in the interface's language, where the story has that translation:
    // the class replayed on that edition (the same events; only the words differ).
    let translated = class.in_language(crate::i18n::ui::language()).transpose()?;
    let class = translated.as_ref().unwrap_or(class);
    let debrief = model::build(class, privacy);
    let mut json = serde_json::to_string_pretty(&debrief)?;
    json.push('\n');
    let texts = [
        html::render(class.story(), &debrief),
        markdown::render(&debrief),
        ballots::csv(&debrief.ballots),
        json,
    ];
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::with_capacity(FILES.len());
    for (name, text) in FILES.iter().zip(texts) {
        let path = dir.join(name);
        crate::save::store::write_atomic(&path, text.as_bytes()).map_err(|source| {
            ExportError::Io {
                path: path.clone(),
                source,
            }
        })?;
        written.push(path);
    }
    written.extend(write_pictures(class.story(), &debrief, dir)?);
    Ok(written)
}

/// Copies the pictures any group was shown into `dir/pictures/`, each once; the paths written.
fn write_pictures(
    story: &Story,
    debrief: &Debrief,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let mut written: Vec<PathBuf> = Vec::new();
    for shown in debrief.groups.iter().flat_map(|g| &g.pictures) {
        let Some(picture) = story.picture(&shown.file) else {
            continue;
        };
        // The story reader gives `/`-separated paths inside the folder; anything else is skipped.
        let parts: Vec<&str> = shown.file.split('/').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains('\\'))
        {
            continue;
        }
        let path = parts
            .iter()
            .fold(dir.join(PICTURES), |p, part| p.join(part));
        if written.contains(&path) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        crate::save::store::write_atomic(&path, &picture.bytes).map_err(|source| {
            ExportError::Io {
                path: path.clone(),
                source,
            }
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes the debrief of the class logged at `log` (played on `story`) into `dir`. The log is
/// only read: a class still running can be exported while it goes on.
pub fn export_log(
    story: Arc<Story>,
    log: &Path,
    dir: &Path,
    privacy: Privacy,
) -> Result<Vec<PathBuf>, ExportError> {
    let read = super::log::read(log, &story)?;
    let class = Class::replay(story, read.setup, read.events).map_err(|e| match e {
        ClassError::Log(LogError::Replay { line, message, .. }) => {
            ExportError::Log(LogError::Replay {
                path: log.to_path_buf(),
                line,
                message,
            })
        }
        other => ExportError::Class(other),
    })?;
    write_all(&class, dir, privacy)
}

/// `m:ss` (or `h:mm:ss`) of a class clock in milliseconds.
pub(crate) fn clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A margin as a whole percentage.
pub(crate) fn percent(margin: f64) -> String {
    format!("{:.0}%", margin * 100.0)
}

/// How a decision was made, as the debrief says it.
pub(crate) fn how_text(how: &str) -> String {
    match how {
        "vote" => t!("export-how-vote"),
        "override" => t!("export-how-override"),
        "hands" => t!("export-how-hands"),
        "lot" => t!("export-how-lot"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_percent() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(61_999), "1:01");
        assert_eq!(clock(3_723_000), "1:02:03");
        assert_eq!(percent(1.0 / 3.0), "33%");
    }
}
