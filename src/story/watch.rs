//! Watching a story folder for saved story files, so a running game or `check --watch` can reload.
//!
//! [`StoryWatcher`] watches the folder recursively with the platform's file watcher (inotify,
//! FSEvents, ReadDirectoryChangesW), or, if that cannot start, by polling every 500 ms. It keeps
//! only events for story files, exactly the files [`StorySource::from_dir`] reads (`.ron`, `.po`
//! translations and `.png` pictures, not hidden; so not editors' swap or backup files), and
//! coalesces a burst of events, such as an editor's save, into one [`Change`], about 150 ms after
//! the last event. After a change the
//! caller reloads with [`StorySource::from_dir`] and [`load`](super::load()); reading the files
//! does not itself count as a change.
//!
//! [`StorySource::from_dir`]: super::StorySource::from_dir

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RemoveKind};
use notify::{Config, Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::source_files::{is_picture_file, is_story_file, is_translation_file};

/// How long the folder must be quiet after an event before a change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the polling fallback scans the folder.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The longest a change waits while events keep coming, so a busy folder still reloads.
const MAX_DELAY: Duration = Duration::from_secs(1);

/// Why a story folder could not be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("story folder `{0}` does not exist; pass the folder that holds story.ron")]
    NotFound(PathBuf),
    #[error("`{0}` is a file, not a story folder; pass the folder that holds story.ron")]
    NotAFolder(PathBuf),
    #[error("cannot read story folder `{path}`: {source}; check that you may read it")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot watch story folder `{path}` for changes: {source}; check that the folder and its \
         subfolders are readable, or reload by hand"
    )]
    Start {
        path: PathBuf,
        /// Why polling, the last resort, failed.
        source: Box<notify::Error>,
        /// Why the platform's watcher failed first, if it was tried.
        native: Option<Box<notify::Error>>,
    },
}

/// How the folder is being watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The platform's file watcher: changes arrive at once.
    Native,
    /// Scanning the folder every [`WatchOptions::poll_interval`].
    Polling,
}

/// Tuning for [`StoryWatcher::with_options`]; the defaults suit both the game and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchOptions {
    /// Quiet time after the last event before a change is reported (default 150 ms).
    pub debounce: Duration,
    /// Scan interval of the polling fallback (default 500 ms).
    pub poll_interval: Duration,
    /// Poll even when the platform's watcher works (e.g. for network file systems).
    pub force_polling: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: DEBOUNCE,
            poll_interval: POLL_INTERVAL,
            force_polling: false,
        }
    }
}

/// Story files changed: reload the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The story files created, written, renamed or removed, relative to the story folder, sorted.
    pub files: Vec<PathBuf>,
    /// True when more may have changed than `files` says (a subfolder moved, the watcher lost
    /// events, or the folder itself was removed): reload the whole folder.
    pub rescan: bool,
}

impl Change {
    /// A short description for a status line: `camp.ron changed`, `camp.ron and 2 other files changed`.
    pub fn describe(&self) -> String {
        let shown = |p: &PathBuf| p.to_string_lossy().replace('\\', "/");
        match self.files.as_slice() {
            [] => "story folder changed".to_owned(),
            [one] => format!("{} changed", shown(one)),
            [a, b] => format!("{} and {} changed", shown(a), shown(b)),
            [first, rest @ ..] => {
                format!("{} and {} other files changed", shown(first), rest.len())
            }
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Events seen but not yet reported, waiting for the folder to go quiet.
#[derive(Debug)]
struct Pending {
    first: Instant,
    last: Instant,
    files: BTreeSet<PathBuf>,
    rescan: bool,
}

/// Watches a story folder and reports saved story files as [`Change`]s.
///
/// Stops watching when dropped.
pub struct StoryWatcher {
    /// The folder as the caller named it, for messages.
    dir: PathBuf,
    /// The canonical folder: event paths are under it.
    root: PathBuf,
    events: Events,
    /// Kept alive for as long as the folder is watched.
    _watcher: Box<dyn Watcher + Send>,
    backend: Backend,
    options: WatchOptions,
    pending: Option<Pending>,
}

impl fmt::Debug for StoryWatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoryWatcher")
            .field("dir", &self.dir)
            .field("backend", &self.backend)
            .field("options", &self.options)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl StoryWatcher {
    /// Starts watching `dir` (the folder holding story.ron) and everything under it.
    pub fn new(dir: &Path) -> Result<StoryWatcher, WatchError> {
        StoryWatcher::with_options(dir, WatchOptions::default())
    }

    /// Starts watching `dir` with the given tuning.
    pub fn with_options(dir: &Path, options: WatchOptions) -> Result<StoryWatcher, WatchError> {
        if !dir.exists() {
            return Err(WatchError::NotFound(dir.to_owned()));
        }
        if !dir.is_dir() {
            return Err(WatchError::NotAFolder(dir.to_owned()));
        }
        let root = dir.canonicalize().map_err(|source| WatchError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let started = start_any(dir, &root, options)?;
        Ok(StoryWatcher {
            dir: dir.to_owned(),
            root,
            events: started.events,
            _watcher: started.watcher,
            backend: started.backend,
            options,
            pending: None,
        })
    }

    /// The folder being watched, as it was passed in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the platform's watcher is in use, or polling.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A change, if one is complete (its burst of events is over); never blocks.
    ///
    /// Call it once a frame from a game loop.
    pub fn poll(&mut self) -> Option<Change> {
        let disconnected = self.drain();
        self.take_due(Instant::now(), disconnected)
    }

    /// Waits up to `timeout` for a change. A change whose burst is still going on at the
    /// deadline is kept and returned by a later call.
    pub fn wait(&mut self, timeout: Duration) -> Option<Change> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            let disconnected = self.drain();
            let now = Instant::now();
            if let Some(change) = self.take_due(now, disconnected) {
                return Some(change);
            }
            if deadline.is_some_and(|d| now >= d) {
                return None;
            }
            let until = match (&self.pending, deadline) {
                (Some(p), Some(d)) => Some(self.due(p).min(d)),
                (Some(p), None) => Some(self.due(p)),
                (None, d) => d,
            };
            let left = until.map(|u| u.saturating_duration_since(now));
            if disconnected {
                // The watcher's thread is gone: nothing more will come. Sleep, don't spin.
                match left {
                    Some(left) => std::thread::sleep(left),
                    None => return None,
                }
                continue;
            }
            let got = match left {
                Some(left) => self.events.recv_timeout(left),
                None => self
                    .events
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            match got {
                Ok(event) => self.note(event, Instant::now()),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
            }
        }
    }

    /// Takes every waiting event; true if the watcher is gone.
    fn drain(&mut self) -> bool {
        loop {
            match self.events.try_recv() {
                Ok(event) => self.note(event, Instant::now()),
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => return true,
            }
        }
    }

    /// When the pending change is complete: after a quiet spell, or after [`MAX_DELAY`].
    fn due(&self, p: &Pending) -> Instant {
        (p.last + self.options.debounce).min(p.first + MAX_DELAY)
    }

    fn take_due(&mut self, now: Instant, disconnected: bool) -> Option<Change> {
        let p = self.pending.as_ref()?;
        if now < self.due(p) && !disconnected {
            return None;
        }
        let p = self.pending.take()?;
        Some(Change {
            files: p.files.into_iter().collect(),
            rescan: p.rescan,
        })
    }

    fn note(&mut self, event: notify::Result<Event>, now: Instant) {
        let (files, rescan) = match event {
            Ok(event) => relevant(&self.root, &event),
            // The watcher lost track (e.g. its event queue overflowed): reload everything.
            Err(_) => (Vec::new(), true),
        };
        if files.is_empty() && !rescan {
            return;
        }
        let p = self.pending.get_or_insert_with(|| Pending {
            first: now,
            last: now,
            files: BTreeSet::new(),
            rescan: false,
        });
        p.last = now;
        p.files.extend(files);
        p.rescan |= rescan;
    }
}

type Events = Receiver<notify::Result<Event>>;

/// A running watcher and where its events arrive.
struct Started {
    events: Events,
    watcher: Box<dyn Watcher + Send>,
    backend: Backend,
}

/// Starts the platform's watcher on `root` (the canonical `dir`), else a polling one.
fn start_any(dir: &Path, root: &Path, options: WatchOptions) -> Result<Started, WatchError> {
    let native = if options.force_polling {
        None
    } else {
        let (tx, events) = mpsc::channel();
        // Links are not followed: a link round a loop or to `/sys` must not grow the watch.
        let config = Config::default().with_follow_symlinks(false);
        match start::<RecommendedWatcher>(root, tx, config) {
            Ok(watcher) => {
                return Ok(Started {
                    events,
                    watcher,
                    backend: Backend::Native,
                });
            }
            Err(e) => Some(Box::new(e)),
        }
    };
    let (tx, events) = mpsc::channel();
    // Polling compares modification times in whole seconds; comparing contents too catches
    // two saves within one second. Story folders are small.
    let config = Config::default()
        .with_poll_interval(options.poll_interval)
        .with_compare_contents(true)
        // Never follow links while scanning: a link to `/dev/zero` or round a loop would
        // make every scan hash forever; the reader decides which links it follows.
        .with_follow_symlinks(false);
    match start::<PollWatcher>(root, tx, config) {
        Ok(watcher) => Ok(Started {
            events,
            watcher,
            backend: Backend::Polling,
        }),
        Err(e) => Err(WatchError::Start {
            path: dir.to_owned(),
            source: Box::new(e),
            native,
        }),
    }
}

/// Creates a watcher of kind `W` sending to `tx` and watches `root` recursively.
fn start<W: Watcher + Send + 'static>(
    root: &Path,
    tx: mpsc::Sender<notify::Result<Event>>,
    config: Config,
) -> notify::Result<Box<dyn Watcher + Send>> {
    let mut watcher = W::new(tx, config)?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(Box::new(watcher))
}

/// The story files an event touches (relative to `root`), and whether to reload everything.
fn relevant(root: &Path, event: &Event) -> (Vec<PathBuf>, bool) {
    let mut rescan = event.need_rescan();
    let mut files = Vec::new();
    match event.kind {
        // Opening or reading a file (as reloading does) changes nothing; closing after a
        // write marks the end of a save.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return (files, rescan),
        _ => {}
    }
    for path in &event.paths {
        if path == root {
            // The folder itself was removed or moved away; a reload reports it.
            rescan |= matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            );
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        // Exactly the files `StorySource::from_dir` reads: editors' swap and backup files
        // (`.camp.ron.swp`, `.#camp.ron`, `#camp.ron#`, `camp.ron~`) are hidden or not `.ron`.
        if is_hidden(rel) {
            continue;
        }
        if is_story_file(rel) || is_picture_file(rel) || is_translation_file(rel) {
            files.push(rel.to_owned());
        } else if may_be_folder(path, &event.kind) {
            // A subfolder of scene files appeared, vanished or was renamed.
            rescan = true;
        }
    }
    (files, rescan)
}

/// Whether a path (relative to the story folder) is inside a hidden folder, or is hidden itself
/// (`.camp.ron.swp`, `.#camp.ron`): the loader skips those.
fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(name) => name.to_str().is_some_and(|n| n.starts_with('.')),
        _ => false,
    })
}

/// Whether an event's path that is not a story file may be a folder holding some.
fn may_be_folder(path: &Path, kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
        EventKind::Modify(ModifyKind::Name(_)) => {
            path.is_dir() || (!path.exists() && path.extension().is_none())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RenameMode};

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from("/s").join(path))
    }

    fn files(kind: EventKind, path: &str) -> Vec<String> {
        let (files, _) = relevant(Path::new("/s"), &event(kind, path));
        files
            .iter()
            .map(|f| f.to_string_lossy().replace('\\', "/"))
            .collect()
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));

    #[test]
    fn story_files_count_and_editor_files_do_not() {
        assert_eq!(files(WRITE, "camp.ron"), ["camp.ron"]);
        assert_eq!(files(WRITE, "part2/office.ron"), ["part2/office.ron"]);
        // A translation edited in Poedit reloads the story in that language.
        assert_eq!(files(WRITE, "translations/ko.po"), ["translations/ko.po"]);
        for ignored in [
            ".camp.ron.swp",
            ".#camp.ron",
            "#camp.ron#",
            "camp.ron~",
            "camp.ron.tmp",
            "4913",
            "notes.txt",
            ".git/x.ron",
            ".hidden/camp.ron",
        ] {
            assert!(files(WRITE, ignored).is_empty(), "{ignored}");
        }
    }

    #[test]
    fn reading_is_not_a_change_but_finishing_a_write_is() {
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(files(open, "camp.ron").is_empty());
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(files(closed, "camp.ron"), ["camp.ron"]);
    }

    #[test]
    fn renames_into_place_count_and_folders_force_a_rescan() {
        let both = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("/s/camp.ron.tmp"))
            .add_path(PathBuf::from("/s/camp.ron"));
        assert_eq!(
            relevant(Path::new("/s"), &both),
            (vec![PathBuf::from("camp.ron")], false)
        );
        let gone = event(EventKind::Remove(RemoveKind::Folder), "part2");
        assert_eq!(relevant(Path::new("/s"), &gone), (vec![], true));
        let root_gone =
            Event::new(EventKind::Remove(RemoveKind::Any)).add_path(PathBuf::from("/s"));
        assert_eq!(relevant(Path::new("/s"), &root_gone), (vec![], true));
        let hidden_dir = event(EventKind::Create(CreateKind::Folder), ".cache");
        assert_eq!(relevant(Path::new("/s"), &hidden_dir), (vec![], false));
    }

    #[test]
    fn describes_changes_briefly() {
        let change = |files: &[&str]| Change {
            files: files.iter().map(PathBuf::from).collect(),
            rescan: false,
        };
        assert_eq!(change(&[]).describe(), "story folder changed");
        assert_eq!(change(&["story.ron"]).describe(), "story.ron changed");
        assert_eq!(
            change(&["a.ron", "b.ron"]).describe(),
            "a.ron and b.ron changed"
        );
        assert_eq!(
            change(&["a.ron", "b.ron", "c.ron"]).to_string(),
            "a.ron and 2 other files changed"
        );
    }
}
