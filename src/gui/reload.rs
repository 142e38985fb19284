//! Hot reload for a story played from a folder (`--story DIR`): an edited story file updates the
//! running game, keeping the current node when it still exists; a story the edit broke keeps
//! playing its last good version and shows the checker's diagnostics in a panel.
//!
//! A background thread blocks on the [`StoryWatcher`] and forwards each change over a channel,
//! waking the (reactive) window loop, so an idle game costs no CPU while it waits. Each frame
//! the game takes whatever changes arrived (a non-blocking channel read); headless apps simply
//! see them on their next update.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::game::Game;
use super::reveal::{Reveal, passage_chars};
use super::screen::Notices;
use super::ui::UiAction;
use super::ui::diagnostics::DiagnosticRow;
use crate::check::{Renderer, sorted};
use crate::save::Notice;
use crate::story::watch::{Change, StoryWatcher};
use crate::story::{StorySource, load};

/// Watches `dir` (the story folder the game was started with) and reloads the story on edits.
/// Add after [`add_game`](super::add_game).
pub fn add(app: &mut App, dir: &Path) {
    app.insert_resource(StoryDir(dir.to_owned()))
        .init_resource::<StoryProblems>()
        .add_message::<UiAction>()
        .add_message::<RequestRedraw>()
        .add_systems(Startup, start_watching)
        .add_systems(Update, (apply_changes, dismiss));
}

/// The story folder being played.
#[derive(Resource, Debug, Clone)]
pub struct StoryDir(pub PathBuf);

/// What is wrong with the story on disk since the last edit; empty when it loads.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryProblems {
    /// Why the edited story is not being played.
    pub title: String,
    pub rows: Vec<DiagnosticRow>,
    /// The player hid the panel; the next edit shows it again.
    pub dismissed: bool,
}

impl StoryProblems {
    /// The rows to show: none when fixed or dismissed.
    pub fn shown(&self) -> &[DiagnosticRow] {
        if self.dismissed { &[] } else { &self.rows }
    }

    fn set(&mut self, title: impl Into<String>, rows: Vec<DiagnosticRow>) {
        *self = StoryProblems {
            title: title.into(),
            rows,
            dismissed: false,
        };
    }
}

/// Changes forwarded by the watcher thread.
#[derive(Resource)]
struct Changes(Mutex<Receiver<Change>>);

fn start_watching(
    mut commands: Commands,
    dir: Res<StoryDir>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
    mut notices: ResMut<Notices>,
) {
    let mut watcher = match StoryWatcher::new(&dir.0) {
        Ok(w) => w,
        Err(e) => {
            notices.push(t!(
                "reload-watch-failed",
                folder = dir.0.display().to_string(),
                error = e.to_string()
            ));
            return;
        }
    };
    let proxy = proxy.map(|p| (**p).clone());
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("story-watcher".to_owned())
        .spawn(move || {
            loop {
                let Some(change) = watcher.wait(Duration::from_secs(3600)) else {
                    continue;
                };
                if tx.send(change).is_err() {
                    return;
                }
                if let Some(proxy) = &proxy {
                    let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
                }
            }
        });
    match spawned {
        Ok(_) => {
            commands.insert_resource(Changes(Mutex::new(rx)));
        }
        Err(e) => notices.push(t!("reload-thread-failed", error = e.to_string())),
    }
}

/// Takes the changes that arrived and reloads the story once for all of them.
fn apply_changes(
    changes: Option<Res<Changes>>,
    dir: Res<StoryDir>,
    mut game: ResMut<Game>,
    mut problems: ResMut<StoryProblems>,
    mut notices: ResMut<Notices>,
    mut reveal: ResMut<Reveal>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(changes) = changes else {
        return;
    };
    let arrived: Vec<Change> = match changes.0.lock() {
        Ok(rx) => rx.try_iter().collect(),
        Err(_) => return,
    };
    if arrived.is_empty() {
        return;
    }
    let mut files: Vec<PathBuf> = arrived.iter().flat_map(|c| c.files.clone()).collect();
    files.sort();
    files.dedup();
    let what = describe(&files);
    redraw.write(RequestRedraw);
    match reload(&dir.0) {
        Ok(story) => match game.replace_story(story) {
            Ok(carried) => {
                *problems = StoryProblems::default();
                notices.push(t!("reload-done", what = what.as_str()));
                for n in carried {
                    // Every reload changes the story; only say what the player can notice.
                    if !matches!(n, Notice::StoryChanged { .. }) {
                        notices.push(n.to_string());
                    }
                }
                if let Some(view) = game.view() {
                    reveal.start(passage_chars(view), None);
                }
            }
            Err(e) => problems.set(
                t!("reload-cannot-carry-over", what = what.as_str()),
                vec![DiagnosticRow {
                    message: e.to_string(),
                    help: Some(t!("reload-restart-help")),
                    ..default()
                }],
            ),
        },
        Err(rows) => problems.set(t!("reload-story-errors", what = what.as_str()), rows),
    }
}

/// What changed, for the reload notices, in the interface language: `camp.ron changed`,
/// `a.ron and b.ron changed`, `story folder changed` (as [`Change::describe`] says it).
fn describe(files: &[PathBuf]) -> String {
    let shown = |p: &PathBuf| p.to_string_lossy().replace('\\', "/");
    match files {
        [] => t!("reload-folder-changed"),
        [one] => t!("reload-file-changed", file = shown(one)),
        [a, b] => t!(
            "reload-two-files-changed",
            first = shown(a),
            second = shown(b)
        ),
        [first, rest @ ..] => t!(
            "reload-files-changed",
            first = shown(first),
            count = rest.len()
        ),
    }
}

/// Loads the story folder, or the checker's errors as rows (what hot reload shows).
pub fn reload(dir: &Path) -> Result<Arc<crate::story::Story>, Vec<DiagnosticRow>> {
    let source = StorySource::from_dir(dir).map_err(|e| {
        vec![DiagnosticRow {
            message: e.to_string(),
            ..default()
        }]
    })?;
    let failed = match load(source) {
        Ok(loaded) => return Ok(Arc::new(loaded.story)),
        Err(failed) => failed,
    };
    let renderer = Renderer::new(&failed.files);
    Err(sorted(&failed.diagnostics)
        .filter(|d| d.is_error())
        .map(|d| {
            let j = renderer.json(d);
            // Files relative to the story folder, as the author knows them.
            let file = j.file.map(|f| {
                Path::new(f)
                    .strip_prefix(dir)
                    .map_or_else(|_| f.to_owned(), |p| p.to_string_lossy().replace('\\', "/"))
            });
            let place = match (file, j.line, j.column) {
                (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
                (Some(f), _, _) => f,
                _ => String::new(),
            };
            DiagnosticRow {
                place,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect())
}

fn dismiss(mut actions: MessageReader<UiAction>, mut problems: ResMut<StoryProblems>) {
    if actions
        .read()
        .any(|a| matches!(a, UiAction::DismissDiagnostics))
    {
        problems.dismissed = true;
    }
}
