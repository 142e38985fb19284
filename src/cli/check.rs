//! `aftermath check`: load a story folder and print every diagnostic, human-readable or JSON.

use std::path::Path;
use std::process::ExitCode;

use crate::check::{Diagnostic, Renderer};
use crate::story::{StorySource, load};

/// The rendered report and whether it holds errors.
pub fn report(dir: &Path, json: bool) -> (String, bool) {
    let source = match StorySource::from_dir(dir) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::error("no-story", e.to_string());
            let out = if json {
                Renderer::new(&[]).render_json(std::slice::from_ref(&d))
            } else {
                format!("error: {e}\n")
            };
            return (out, true);
        }
    };
    let (files, diags) = match load(source) {
        Ok(l) => (l.story.files, l.warnings),
        Err(f) => (f.files, f.diagnostics),
    };
    let r = Renderer::new(&files);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let out = if json {
        r.render_json(&diags)
    } else {
        r.render_all(&diags)
    };
    (out, has_errors)
}

pub fn run(dir: &Path, json: bool) -> ExitCode {
    let (out, has_errors) = report(dir, json);
    print!("{out}");
    if json {
        println!();
    }
    if has_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
