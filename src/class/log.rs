//! The class log on disk: a header line with the setup, then one JSON line per event, appended
//! and flushed to disk after every command so a crash loses nothing already accepted.
//!
//! Appending keeps each write small however long the class runs (rewriting the whole file per
//! event, as saves do, would grow quadratic). A crash can leave at most a torn last line: it has
//! no line end, and reading drops it, reporting that it did.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::event::Event;
use super::setup::ClassSetup;
use crate::story::Story;

/// The log format's version, in every header.
pub const FORMAT: u32 = 1;

/// The largest log read back (a class of 60 seats writes a few MB at most).
pub const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// One event at its class time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    /// Milliseconds since the class began.
    pub at: u64,
    #[serde(flatten)]
    pub event: Event,
}

/// The first line of a log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    aftermath_class: u32,
    story: StoryStamp,
    setup: ClassSetup,
}

/// Which story a log was played on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryStamp {
    id: String,
    version: String,
    /// The hash of the story's source text: a changed story would replay differently.
    hash: String,
}

impl StoryStamp {
    fn of(story: &Story) -> StoryStamp {
        StoryStamp {
            id: story.meta.id.clone(),
            version: story.meta.version.clone(),
            hash: format!("{:016x}", story.content_hash),
        }
    }
}

/// Why a log could not be written or read back.
#[derive(Debug, Error)]
pub enum LogError {
    #[error("{}: cannot read or write the class log: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: a class log is already there; resume it with --resume, or choose another file", path.display())]
    Exists { path: PathBuf },
    #[error("{}: the log is larger than {} MB, too large to be a class log", path.display(), MAX_LOG_BYTES / 1024 / 1024)]
    TooLarge { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    Bad {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: this class was played on {was}, but the story now loaded is {now}; use the same story files the class was played on", path.display())]
    OtherStory {
        path: PathBuf,
        was: String,
        now: String,
    },
    #[error("{}:{line}: the log does not replay: {message}", path.display())]
    Replay {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// A log read back.
#[derive(Debug)]
pub struct Read {
    pub setup: ClassSetup,
    pub events: Vec<Logged>,
    /// Bytes of whole lines (a torn last line is left out, and is overwritten on append).
    pub valid_len: u64,
    /// A torn last line was dropped.
    pub torn: bool,
}

/// Appends events to a log file, flushed to disk after every write.
#[derive(Debug)]
pub struct Writer {
    file: File,
    path: PathBuf,
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> LogError + '_ {
    move |source| LogError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Writer {
    /// Starts a new log at `path` with its header; refuses to overwrite an existing file.
    pub fn create(path: &Path, story: &Story, setup: &ClassSetup) -> Result<Writer, LogError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io_err(path))?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => LogError::Exists {
                    path: path.to_path_buf(),
                },
                _ => io_err(path)(e),
            })?;
        let header = Header {
            aftermath_class: FORMAT,
            story: StoryStamp::of(story),
            setup: setup.clone(),
        };
        let mut line = serde_json::to_string(&header).unwrap_or_default();
        line.push('\n');
        file.write_all(line.as_bytes()).map_err(io_err(path))?;
        file.sync_all().map_err(io_err(path))?;
        Ok(Writer {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Reopens a log to append after its first `valid_len` bytes (dropping a torn last line).
    pub fn append(path: &Path, valid_len: u64) -> Result<Writer, LogError> {
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io_err(path))?;
        file.set_len(valid_len).map_err(io_err(path))?;
        let mut w = Writer {
            file,
            path: path.to_path_buf(),
        };
        io::Seek::seek(&mut w.file, io::SeekFrom::End(0)).map_err(io_err(path))?;
        Ok(w)
    }

    /// Appends `events`, one line each, and flushes them to disk.
    pub fn write(&mut self, events: &[Logged]) -> Result<(), LogError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        for e in events {
            text.push_str(&serde_json::to_string(e).unwrap_or_default());
            text.push('\n');
        }
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(io_err(&self.path))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads the log at `path`, checking it was played on `story`.
pub fn read(path: &Path, story: &Story) -> Result<Read, LogError> {
    let meta = fs::metadata(path).map_err(io_err(path))?;
    if meta.len() > MAX_LOG_BYTES {
        return Err(LogError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let bytes = fs::read(path).map_err(io_err(path))?;
    let bad = |line: usize, message: String| LogError::Bad {
        path: path.to_path_buf(),
        line,
        message,
    };
    // Whole lines only: a last line without its line end was torn by a crash.
    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let torn = whole < bytes.len();
    let text = std::str::from_utf8(&bytes[..whole]).map_err(|e| {
        bad(
            1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            "not UTF-8 text".into(),
        )
    })?;
    let mut lines = text.lines();
    let first = lines.next().ok_or_else(|| {
        let what = if torn {
            "the file holds no whole line (it was cut off while being written), not a class log"
        } else {
            "the file is empty, not a class log"
        };
        bad(1, what.into())
    })?;
    let header: Header =
        serde_json::from_str(first).map_err(|e| bad(1, format!("not a class log header ({e})")))?;
    if header.aftermath_class != FORMAT {
        return Err(bad(
            1,
            format!(
                "class log format {} is not known to this version (it reads {FORMAT})",
                header.aftermath_class
            ),
        ));
    }
    let now = StoryStamp::of(story);
    if header.story != now {
        return Err(LogError::OtherStory {
            path: path.to_path_buf(),
            was: format!(
                "{} {} ({})",
                header.story.id, header.story.version, header.story.hash
            ),
            now: format!("{} {} ({})", now.id, now.version, now.hash),
        });
    }
    let mut events = Vec::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Logged = serde_json::from_str(line)
            .map_err(|e| bad(i + 2, format!("not a class event ({e})")))?;
        events.push(e);
    }
    Ok(Read {
        setup: header.setup,
        events,
        valid_len: whole as u64,
        torn,
    })
}

/// `YYYY-MM-DD-HHMMSS` (UTC) of the current time, for log names.
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}-{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The name of a new class log: `<timestamp>-<code>.jsonl`.
pub fn file_name(timestamp: &str, code: &str) -> String {
    format!("{timestamp}-{code}.jsonl")
}
