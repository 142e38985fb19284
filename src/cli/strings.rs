//! `aftermath strings DIR --lang CODE`: creates or updates `translations/CODE.po`.

use std::path::Path;
use std::process::ExitCode;

use crate::i18n::{po, strings, update};

/// Runs the command: loads the story, merges its strings into the language's file, writes it
/// (through a temporary file, so a failed write leaves the old one whole) and says what changed.
pub fn run(dir: &Path, lang: &str) -> ExitCode {
    let story = match super::load_story(Some(dir)) {
        Ok((s, _)) => s,
        Err(report) => {
            eprint!("{report}");
            eprintln!(
                "error: fix the story first; `aftermath check {}` lists the problems",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    if lang == story.meta.language {
        eprintln!(
            "error: `{lang}` is the story's own language (`language` in story.ron); translations are into other languages"
        );
        return ExitCode::FAILURE;
    }
    let list = match strings::extract(&story) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let folder = dir.join("translations");
    let path = folder.join(format!("{lang}.po"));
    let old = match std::fs::read(&path) {
        Ok(bytes) => {
            let Ok(text) = String::from_utf8(bytes) else {
                eprintln!(
                    "error: `{}` is not UTF-8 text; save it as UTF-8 first (nothing was changed)",
                    path.display()
                );
                return ExitCode::FAILURE;
            };
            let parsed = po::parse(&text);
            if !parsed.errors.is_empty() {
                for e in &parsed.errors {
                    eprintln!("{}:{}: {}", path.display(), e.line, e.message);
                }
                eprintln!(
                    "error: `{}` has lines that cannot be read; fix them first, so no translation is lost (nothing was changed)",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
            Some(parsed)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let (text, c) = update::update(&story, &list, lang, old.as_ref());
    if let Err(e) = write_atomic(&folder, &path, &text) {
        eprintln!(
            "error: cannot write `{}`: {e} (the old file, if any, is unchanged)",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    let verb = if old.is_some() { "updated" } else { "created" };
    let mut said = format!(
        "{verb} {}: {} strings\n  {} translated and current, {} need an update (source changed; marked fuzzy), {} found again under a new id\n  {} new, {} still untranslated, {} dropped (no longer in the story)\n",
        path.display(),
        c.total,
        c.kept,
        c.marked,
        c.moved,
        c.added,
        c.untranslated,
        c.removed
    );
    // An entry grows as it is translated: say so before the file outgrows what loads.
    let limit = crate::story::source_files::MAX_TRANSLATION_BYTES;
    if text.len() as u64 > limit / 2 {
        said.push_str(&format!(
            "warning: `{}` is {} bytes, over half the {limit} bytes ({} MiB) a translation file may hold; it grows as its entries are translated\n",
            path.display(),
            text.len(),
            limit / (1024 * 1024)
        ));
    }
    if c.added + c.untranslated + c.marked > 0 {
        said.push_str(&format!(
            "next: translate the empty msgstr entries (Poedit, Weblate or any editor), then `aftermath check {} --lang {lang}`\n",
            dir.display()
        ));
    }
    // Through `emit`: a closed pipe (`strings ... | head -1`) ends quietly, never a panic.
    super::output::emit(&said, ExitCode::SUCCESS)
}

fn write_atomic(folder: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(
        ".{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("strings.po")
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
