//! Rendering diagnostics against a story's files: like rustc, or as JSON; their order and summary.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term;
use serde::Serialize;

use crate::story::diagnostic::{Diagnostic, Severity};
use crate::story::{Failed, SourceFile};

/// A diagnostic as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub label: &'a str,
    pub help: Option<&'a str>,
}

/// Renders diagnostics against the story's source files.
pub struct Renderer<'a> {
    files: SimpleFiles<&'a str, &'a str>,
    names: Vec<&'a str>,
}

impl<'a> Renderer<'a> {
    pub fn new(sources: &'a [SourceFile]) -> Self {
        let mut files = SimpleFiles::new();
        for f in sources {
            files.add(f.path.as_str(), f.text.as_str());
        }
        Renderer {
            files,
            names: sources.iter().map(|f| f.path.as_str()).collect(),
        }
    }

    fn clamp(&self, file: usize, span: &Range<usize>) -> Range<usize> {
        // Spans are kept on character boundaries where they are made; rounding here as well
        // means a stray one still renders rather than panicking inside a character.
        let Ok(text) = self.files.get(file).map(|f| *f.source()) else {
            return 0..0;
        };
        let start = crate::story::locate::floor_boundary(text, span.start);
        start..crate::story::locate::ceil_boundary(text, span.end).max(start)
    }

    /// Line and column (1-based) of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> Option<(usize, usize)> {
        let line = self.files.line_index(file, offset).ok()?;
        let col = self.files.column_number(file, line, offset).ok()?;
        Some((line + 1, col))
    }

    /// Renders like rustc: `error[code]: message`, `--> file:line:col`, the snippet, help.
    pub fn render(&self, d: &Diagnostic) -> String {
        let cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code.as_str())
        .with_message(&d.message);
        let cs = match d.file {
            Some(f) if f < self.names.len() => cs.with_labels(vec![
                Label::primary(f, self.clamp(f, &d.span)).with_message(&d.label),
            ]),
            _ => cs,
        };
        let cs = match &d.help {
            Some(h) => cs.with_notes(vec![format!("help: {h}")]),
            None => cs,
        };
        let config = term::Config::default();
        term::emit_into_string(&config, &self.files, &cs)
            .unwrap_or_else(|_| format!("{:?}: {}\n", d.severity, d.message))
    }

    /// Renders all diagnostics, errors first, then a one-line summary.
    pub fn render_all(&self, diags: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in sorted(diags) {
            out.push_str(self.render(d).trim_end());
            out.push_str("\n\n");
        }
        out.push_str(&summary(diags));
        out.push('\n');
        out
    }

    pub fn json<'d>(&'d self, d: &'d Diagnostic) -> JsonDiagnostic<'d> {
        let place = d.file.and_then(|f| {
            let span = self.clamp(f, &d.span);
            Some((
                *self.names.get(f)?,
                self.line_col(f, span.start)?,
                self.line_col(f, span.end)?,
            ))
        });
        JsonDiagnostic {
            severity: d.severity,
            code: d.code.as_str(),
            message: &d.message,
            file: place.map(|p| p.0),
            line: place.map(|p| p.1.0),
            column: place.map(|p| p.1.1),
            end_line: place.map(|p| p.2.0),
            end_column: place.map(|p| p.2.1),
            label: &d.label,
            help: d.help.as_deref(),
        }
    }

    /// All diagnostics as a JSON document: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
    pub fn render_json(&self, diags: &[Diagnostic]) -> String {
        let list: Vec<_> = sorted(diags).map(|d| self.json(d)).collect();
        let doc = serde_json::json!({
            "errors": diags.iter().filter(|d| d.is_error()).count(),
            "warnings": diags.iter().filter(|d| !d.is_error()).count(),
            "diagnostics": list,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }
}

impl Failed {
    /// Renders all diagnostics as text, errors first. (Defined here, in the rendering layer,
    /// so the story layer does not depend on it.)
    pub fn render(&self) -> String {
        Renderer::new(&self.files).render_all(&self.diagnostics)
    }
}

/// Errors first, then warnings; each group by file and position.
pub fn sorted(diags: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    let mut v: Vec<&Diagnostic> = diags.iter().collect();
    v.sort_by_key(|d| (d.severity, d.file.unwrap_or(usize::MAX), d.span.start));
    v.into_iter()
}

/// `2 errors, 1 warning` style summary line.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if diags.is_empty() {
        "no problems found".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
