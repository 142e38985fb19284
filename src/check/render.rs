//! Rendering diagnostics against a story's files: like rustc, or as JSON; their order and summary.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFile, SimpleFiles};
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
        let config = term::Config::default();
        let fallback = || format!("{:?}: {}\n", d.severity, d.message);
        let Some(file) = d.file.filter(|f| *f < self.names.len()) else {
            return term::emit_into_string(&config, &self.files, &cs_diagnostic(d, None))
                .unwrap_or_else(|_| fallback());
        };
        let span = self.clamp(file, &d.span);
        // A line too long to show (a story file written on one line by a tool) is shown as a
        // window around the place; the header keeps the true line and column.
        if let Some(excerpt) = self.excerpt(file, &span) {
            let cs = cs_diagnostic(d, Some(Label::primary((), excerpt.span.clone())));
            return term::emit_into_string(&config, &excerpt, &cs).unwrap_or_else(|_| fallback());
        }
        let cs = cs_diagnostic(d, Some(Label::primary(file, span)));
        term::emit_into_string(&config, &self.files, &cs).unwrap_or_else(|_| fallback())
    }

    /// The window of `span`'s first line to show when that line is longer than
    /// [`MAX_SHOWN`] characters; `None` for a line short enough to show whole.
    fn excerpt(&self, file: usize, span: &Range<usize>) -> Option<Excerpt<'a>> {
        let f = self.files.get(file).ok()?;
        let text: &'a str = f.source();
        let line = self.files.line_index(file, span.start).ok()?;
        let range = self.files.line_range(file, line).ok()?;
        let whole = text.get(range.clone())?.trim_end_matches(['\n', '\r']);
        if whole.chars().count() <= MAX_SHOWN {
            return None;
        }
        let at = span.start.saturating_sub(range.start).min(whole.len());
        // Up to a third of the window before the place, the rest after it.
        let before = whole[..at].chars().count();
        let skip = before.saturating_sub(MAX_SHOWN / 3);
        let from = whole.char_indices().nth(skip).map_or(at, |(i, _)| i);
        let to = whole[from..]
            .char_indices()
            .nth(MAX_SHOWN)
            .map_or(whole.len(), |(i, _)| from + i);
        let mut shown = "\n".repeat(line);
        let lead = if from > 0 { "…" } else { "" };
        shown.push_str(lead);
        let start = shown.len() + (at - from);
        shown.push_str(&whole[from..to]);
        let end = (start + span.end.saturating_sub(span.start)).min(shown.len());
        let end = crate::story::locate::floor_boundary(&shown, end);
        if to < whole.len() {
            shown.push('…');
        }
        shown.push('\n');
        Some(Excerpt {
            file: SimpleFile::new(*f.name(), shown),
            line,
            hidden: skip.saturating_sub(lead.chars().count()),
            span: start..end.max(start),
        })
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

/// `d` for codespan, with `label` (given the diagnostic's own words) on its place.
fn cs_diagnostic<F>(d: &Diagnostic, label: Option<Label<F>>) -> CsDiagnostic<F> {
    let cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(d.code.as_str())
    .with_message(&d.message);
    let cs = match label {
        Some(l) => cs.with_labels(vec![l.with_message(&d.label)]),
        None => cs,
    };
    match &d.help {
        Some(h) => cs.with_notes(vec![format!("help: {h}")]),
        None => cs,
    }
}

/// The most characters of one line a snippet shows.
pub const MAX_SHOWN: usize = 120;

/// One diagnostic's file as shown when its line is too long: every line before it empty (so
/// line numbers stay true), then a window of the line, with `…` where text was left out.
/// Codespan's own [`SimpleFile`] indexes its lines; only the column is told apart.
struct Excerpt<'a> {
    file: SimpleFile<&'a str, String>,
    /// The line (0-based) the window is of.
    line: usize,
    /// Characters of that line left out before the window, less the `…` shown for them.
    hidden: usize,
    /// The label's span in the shown text.
    span: Range<usize>,
}

impl<'f> Files<'f> for Excerpt<'_> {
    type FileId = ();
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, (): ()) -> Result<&'f str, codespan_reporting::files::Error> {
        Files::name(&self.file, ())
    }

    fn source(&'f self, (): ()) -> Result<&'f str, codespan_reporting::files::Error> {
        Files::source(&self.file, ())
    }

    fn line_index(
        &'f self,
        (): (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.file.line_index((), byte)
    }

    fn line_range(
        &'f self,
        (): (),
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        self.file.line_range((), line)
    }

    /// The column in the whole line, not in the window.
    fn column_number(
        &'f self,
        (): (),
        line: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let shown = self.file.column_number((), line, byte)?;
        Ok(if line == self.line {
            shown + self.hidden
        } else {
            shown
        })
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

/// Past this many diagnostics the summary also counts them by code: a reader cannot take in a
/// list that long, but can see that one rename broke 38,000 targets.
pub const SUMMARY_BY_CODE_ABOVE: usize = 20;

/// `2 errors, 1 warning` style summary line; for a long list, also how many of each code
/// (`unknown-target 38209, dead-end 3`), most first.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if diags.is_empty() {
        return "no problems found".to_owned();
    }
    let mut line = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if diags.len() > SUMMARY_BY_CODE_ABOVE {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for d in diags {
            match counts.iter_mut().find(|(c, _)| *c == d.code.as_str()) {
                Some((_, n)) => *n += 1,
                None => counts.push((d.code.as_str(), 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
        line.push_str(&format!(" ({})", list.join(", ")));
    }
    line
}
