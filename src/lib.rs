//! Aftermath: a narrative engine for branching, replayable, classroom-ready stories.
//!
//! - [`story`]: the RON story format, expression and text languages, loading into a checked [`story::Story`].
//! - [`check`]: diagnostics (file:line:col with snippets, JSON) and whole-story lints.
//! - [`session`]: the pure, seeded, undoable state machine and the [`session::View`] every front end draws.
//! - [`save`]: save files (exact or migrated to a changed story) and atomically written save slots.
//! - [`tools`]: writers' commands (explore, graph, stats, scaffold) and reports (solo transcripts).
//! - [`class`]: the classroom: groups voting on their own sessions, as a replayable event log;
//!   its debrief exports (HTML, Markdown, CSV, JSON) in [`class::export`].
//! - [`serve`]: the classroom's HTTP/WebSocket server, the embedded student page and simulated students.
//! - [`i18n`]: string ids, gettext PO translation files, and stories in other languages.
//! - [`cli`]: the command-line interface (`check`, `play --text`, the game) and the terminal player.
//! - `gui` (feature `gui`): the Bevy + egui desktop game.

// First, so its `t!` macro is in scope in every module after it.
#[macro_use]
pub mod i18n;
pub mod check;
pub mod class;
pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;
pub mod save;
pub mod serve;
pub mod session;
pub mod story;
pub mod tools;
