//! `aftermath class export LOG --out DIR [--nicknames] [--lang CODE]`: the debrief of a class
//! from its log (the log is only read).

use std::path::Path;
use std::process::ExitCode;

use crate::class::export::{ExportError, Privacy, export_log};
use crate::cli::load_story_or_report;

/// Writes the debrief of the class logged at `log`, played on the story in `story_dir` (the
/// bundled story when `None`), into `out`, in `lang` (the interface's language when `None`);
/// prints the paths written. Exit 1 on any failure, with a message naming the file.
pub fn run(
    story_dir: Option<&Path>,
    log: &Path,
    out: &Path,
    anonymous: bool,
    lang: Option<&str>,
) -> ExitCode {
    let Some(story) = load_story_or_report(story_dir) else {
        return ExitCode::FAILURE;
    };
    if let Some(lang) = lang {
        let known = crate::i18n::languages(&story);
        let shipped = crate::i18n::ui::shipped(lang).is_some();
        if !shipped && !known.iter().any(|l| l == lang) {
            eprintln!(
                "error: no language `{lang}` for the debrief\nhelp: the story has {}; the interface has {}",
                known.join(", "),
                crate::i18n::ui::LANGUAGES
                    .iter()
                    .map(|(c, _, _)| *c)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return ExitCode::FAILURE;
        }
        // The headings follow the interface language; the story's words follow it in
        // `write_all` (the class replayed on the story in that language).
        crate::i18n::ui::set_language(lang);
    }
    let privacy = if anonymous {
        Privacy::Anonymous
    } else {
        Privacy::Nicknames
    };
    match export_log(story, log, out, privacy) {
        Ok(paths) => {
            let text: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
            super::output::emit(&text, ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {}", message(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error as the teacher reads it, with what to do.
fn message(e: &ExportError) -> String {
    match e {
        ExportError::Log(crate::class::LogError::OtherStory { .. }) => {
            format!("{e}\nhelp: pass the story the class was played on with --story DIR")
        }
        ExportError::Io { .. } => {
            format!("{e}\nhelp: choose a folder you can write to with --out DIR")
        }
        // The log itself could not be read: nothing was written yet.
        ExportError::Log(_) => {
            format!("{e}\nhelp: pass the class log the class wrote (`Class log:` when it started)")
        }
        _ => format!("the debrief could not be written: {e}"),
    }
}
