//! `aftermath check`: load a story folder and print every diagnostic, human-readable or JSON;
//! with `--watch`, again after every saved story file.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::output;
use crate::check::Renderer;
use crate::story::diagnostic::{Code, Diagnostic};
use crate::story::watch::{Backend, Change, StoryWatcher};
use crate::story::{FolderError, StorySource, load};

/// The rendered report and whether it holds errors: the story, then its translations (only
/// `lang`'s when given), with one coverage line per language checked.
pub fn report(dir: &Path, json: bool, lang: Option<&str>) -> (String, bool) {
    let source = match StorySource::from_dir(dir) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::error(Code::NoStory, e.to_string());
            let out = if json {
                Renderer::new(&[]).render_json(std::slice::from_ref(&d))
            } else {
                format!("error: {e}\n")
            };
            return (out, true);
        }
    };
    let mut coverage = Vec::new();
    let (files, mut diags) = match load(source) {
        Ok(l) => {
            let story = l.story;
            let (t_diags, cover) = crate::i18n::check::check(&story, story.files.len(), lang);
            coverage = cover;
            let mut diags = l.warnings;
            diags.extend(t_diags);
            let mut files = story.files;
            files.extend(story.translations);
            (files, diags)
        }
        Err(f) => (f.files, f.diagnostics),
    };
    if let Some(l) = lang
        && coverage.is_empty()
        && !diags.iter().any(Diagnostic::is_error)
    {
        diags.push(
            Diagnostic::error(
                Code::TranslationMissing,
                format!("the story has no `{l}` translation"),
            )
            .help(format!(
                "`aftermath strings {} --lang {l}` creates translations/{l}.po",
                dir.display()
            )),
        );
    }
    let r = Renderer::new(&files);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let mut out = if json {
        r.render_json(&diags)
    } else {
        r.render_all(&diags)
    };
    if !json {
        for c in &coverage {
            out.push_str(&c.line());
            out.push('\n');
        }
    }
    (out, has_errors)
}

pub fn run(dir: &Path, json: bool, lang: Option<&str>) -> ExitCode {
    let (mut out, has_errors) = report(dir, json, lang);
    if json {
        out.push('\n');
    }
    let status = if has_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    output::emit(&out, status)
}

/// How often the watch loop looks for Ctrl-C while no file changes.
const TICK: Duration = Duration::from_millis(100);

/// `check --watch`: checks, then checks again after every saved story file until Ctrl-C.
///
/// Exits 0 when stopped with Ctrl-C, whatever the last report said; 1 if the folder cannot be
/// watched (a missing folder is reported like `check` does) or stdout is full; 141 when stdout
/// is a closed pipe (see [`output`]).
pub fn watch(dir: &Path, json: bool) -> ExitCode {
    // A missing folder, or one past the reader's limits (`check --watch /sys`), is reported
    // once, as without --watch, instead of being watched.
    if !dir.is_dir()
        || matches!(
            StorySource::from_dir(dir),
            Err(FolderError::TooManyEntries { .. } | FolderError::TooDeep { .. })
        )
    {
        return run(dir, json, None);
    }
    interrupt::install();
    // Started before the first check, so a save made while it runs is not missed.
    let watcher = StoryWatcher::new(dir);
    let mut out = io::stdout();
    if let Err(e) = print_report(&mut out, dir, json, None) {
        return output::write_failed(&e);
    }
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if watcher.backend() == Backend::Polling {
        eprintln!(
            "note: the system's file watcher is unavailable; scanning the folder every 0.5 s"
        );
    }
    eprintln!(
        "watching `{}` for changes to story files; press Ctrl-C to stop",
        dir.display()
    );
    while !interrupt::requested() {
        if let Some(change) = watcher.wait(TICK)
            && let Err(e) = print_report(&mut out, dir, json, Some(&change))
        {
            return output::write_failed(&e);
        }
    }
    eprintln!("stopped watching `{}`", dir.display());
    ExitCode::SUCCESS
}

/// Prints one report: human-readable after a separator line naming the time and the change,
/// or as one compact JSON document on one line.
fn print_report(
    out: &mut impl Write,
    dir: &Path,
    json: bool,
    change: Option<&Change>,
) -> io::Result<()> {
    let (text, _) = report(dir, json, None);
    if json {
        let line = serde_json::from_str::<serde_json::Value>(&text)
            .map_or_else(|_| text.replace('\n', " "), |doc| doc.to_string());
        writeln!(out, "{line}")?;
    } else {
        if let Some(change) = change {
            writeln!(out, "\n── {}  {} ──\n", clock::now(), change.describe())?;
        }
        write!(out, "{text}")?;
    }
    out.flush()
}

/// Ctrl-C as a request to stop, so `check --watch` ends normally, with exit status 0.
mod interrupt {
    use std::sync::atomic::{AtomicBool, Ordering};

    static REQUESTED: AtomicBool = AtomicBool::new(false);

    /// True once Ctrl-C was pressed.
    pub(super) fn requested() -> bool {
        REQUESTED.load(Ordering::SeqCst)
    }

    /// Catches Ctrl-C from now on (the `ctrlc` crate: portable, no hand-written signal code).
    /// If a handler cannot be installed, Ctrl-C ends the process the usual way.
    pub(super) fn install() {
        let _ = ctrlc::set_handler(|| REQUESTED.store(true, Ordering::SeqCst));
    }
}

/// The time of day for the separator line.
mod clock {
    use std::time::{SystemTime, UNIX_EPOCH};

    /// The time as `HH:MM:SS UTC` (UTC, so no time-zone database is needed).
    pub(super) fn now() -> String {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let day = secs % 86_400;
        format!("{:02}:{:02}:{:02} UTC", day / 3600, day / 60 % 60, day % 60)
    }
}
