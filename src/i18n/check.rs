//! Checking translations like the source: readable files, sound markup, nothing missing or stale.

use std::collections::HashMap;

use super::apply::{Rejected, vet};
use super::po;
use super::strings::{self, StoryString};
use crate::story::diagnostic::{Code, Diagnostic};
use crate::story::{Story, VarScope};

/// How much of the story one translation covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub lang: String,
    pub path: String,
    /// Strings in the story.
    pub total: usize,
    /// Translated, current and sound: what players see in this language.
    pub translated: usize,
    /// Translated from an older source text (fuzzy or changed since).
    pub stale: usize,
    /// Not translated.
    pub missing: usize,
    /// Translated, but the markup does not parse or reads other variables.
    pub broken: usize,
}

impl Coverage {
    /// One line for people: `ko: 3,010 of 3,010 strings (100.0%) ...`.
    pub fn line(&self) -> String {
        let pct = if self.total == 0 {
            100.0
        } else {
            self.translated as f64 * 100.0 / self.total as f64
        };
        format!(
            "{}: {} of {} strings translated ({pct:.1}%), {} need an update, {} missing, {} with broken markup ({})",
            self.lang,
            self.translated,
            self.total,
            self.stale,
            self.missing,
            self.broken,
            self.path
        )
    }
}

/// The most missing strings reported one by one per file; the rest are counted in one warning.
pub const MAX_MISSING_LISTED: usize = 20;

/// Diagnostics for every translation of `story` (or only `lang`'s), their file indices counted
/// from `base` (the index the first translation file has in the renderer's file list), and
/// each checked translation's coverage.
pub fn check(story: &Story, base: usize, lang: Option<&str>) -> (Vec<Diagnostic>, Vec<Coverage>) {
    let mut diags = Vec::new();
    let mut cover = Vec::new();
    // Listing the strings reads every scene file again (a quarter of `check` on a large story):
    // only when there is a translation to hold them against.
    if story.translations.is_empty() {
        return (diags, cover);
    }
    let strings = match strings::extract(story) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(Code::TranslationSyntax, e.to_string()));
            return (diags, cover);
        }
    };
    for (t, file) in story.translations.iter().enumerate() {
        let fi = base + t;
        let Some(code) = super::lang_of(&file.path) else {
            diags.push(
                Diagnostic::warning(
                    Code::TranslationSyntax,
                    format!("`{}` is not named after a language; it was not read", file.path),
                )
                .help("name translation files by language code: translations/ko.po, translations/pt-BR.po"),
            );
            continue;
        };
        if lang.is_some_and(|l| l != code) {
            continue;
        }
        cover.push(check_file(story, &strings, &code, fi, file, &mut diags));
    }
    (diags, cover)
}

fn check_file(
    story: &Story,
    strings: &[StoryString],
    lang: &str,
    fi: usize,
    file: &crate::story::SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Coverage {
    let text = &file.text;
    let line_span = |offset: usize| {
        let end = text[offset.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| offset + i);
        offset.min(text.len())..end
    };
    for (n, l) in text.lines().enumerate() {
        if l.contains('\u{fffd}') {
            let start: usize = text.lines().take(n).map(|l| l.len() + 1).sum();
            diags.push(
                Diagnostic::error(
                    Code::TranslationSyntax,
                    format!("`{}` line {} is not UTF-8 text", file.path, n + 1),
                )
                .at(fi, line_span(start), "not UTF-8")
                .help("save the file as UTF-8 (Poedit and Weblate do)"),
            );
            break;
        }
    }
    let parsed = po::parse(text);
    for e in &parsed.errors {
        diags.push(
            Diagnostic::error(Code::TranslationSyntax, format!("cannot read this line of a translation: {}", e.message))
                .at(fi, e.span.clone(), "here")
                .help("the entry is skipped and its string shown in the source language; fix the line, or run `aftermath strings DIR --lang LANG` to rewrite the file"),
        );
    }
    let scope = VarScope::new(&story.variables);
    let by_id: HashMap<&str, &StoryString> = strings.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut cov = Coverage {
        lang: lang.to_owned(),
        path: file.path.clone(),
        total: strings.len(),
        translated: 0,
        stale: 0,
        missing: 0,
        broken: 0,
    };
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for e in &parsed.entries {
        let Some(id) = e.context.as_deref() else {
            continue;
        };
        let at = line_span(e.offset);
        if let Some(first) = seen.insert(id, e.line) {
            diags.push(
                Diagnostic::warning(
                    Code::TranslationUnknown,
                    format!("`{id}` is translated twice; the first, on line {first}, is used"),
                )
                .at(fi, at.clone(), "second entry")
                .help("delete one of the two entries"),
            );
            continue;
        }
        let Some(s) = by_id.get(id) else {
            diags.push(
                Diagnostic::warning(Code::TranslationUnknown, format!("`{id}` is not a string of the story (removed or renamed)"))
                    .at(fi, at, "no such string")
                    .help(format!("`aftermath strings DIR --lang {lang}` drops it, and finds a moved string's translation again by its text")),
            );
            continue;
        };
        if e.translation.is_empty() {
            continue;
        }
        done.insert(id);
        if e.fuzzy || e.source != s.text {
            cov.stale += 1;
            let why = if e.fuzzy {
                "is marked as needing an update (fuzzy): its source text changed since it was translated"
            } else {
                "translates an older source text than the story's"
            };
            diags.push(
                Diagnostic::warning(Code::TranslationStale, format!("the translation of `{id}` {why}"))
                    .at(fi, at, "shown in the source language until updated")
                    .help(format!("update the translation to the new msgid (run `aftermath strings DIR --lang {lang}` first), then remove the fuzzy mark")),
            );
            continue;
        }
        match vet(story, &scope, s, &e.translation) {
            Ok(_) => cov.translated += 1,
            Err(r) => {
                cov.broken += 1;
                let msg = match r {
                    Rejected::Markup(err) => {
                        format!("the translation of `{id}` has broken markup: {err}")
                    }
                    Rejected::Variables { missing, extra } => {
                        let mut parts = Vec::new();
                        if !missing.is_empty() {
                            parts.push(format!("does not use {}", missing.join(", ")));
                        }
                        if !extra.is_empty() {
                            parts.push(format!(
                                "uses {}, which the source does not",
                                extra.join(", ")
                            ));
                        }
                        format!("the translation of `{id}` {}", parts.join(" and "))
                    }
                };
                diags.push(
                    Diagnostic::error(Code::TranslationMarkup, msg)
                        .at(fi, at, "shown in the source language until fixed")
                        .help("keep `{name}` and `{if ...}`/`{else}`/`{end}` as in the msgid, with the same variable names; only the words between them are translated"),
                );
            }
        }
    }
    // `done` holds every string with a translated entry (current, stale or broken): the rest
    // have no translation at all.
    let untranslated: Vec<&StoryString> = strings
        .iter()
        .filter(|s| !done.contains(s.id.as_str()))
        .collect();
    cov.missing = untranslated.len();
    for s in untranslated.iter().take(MAX_MISSING_LISTED) {
        let d = Diagnostic::warning(
            Code::TranslationMissing,
            format!(
                "`{}` has no {lang} translation; it is shown in the source language",
                s.id
            ),
        )
        .help(format!(
            "translate it in {} (`aftermath strings DIR --lang {lang}` adds every new string)",
            file.path
        ));
        diags.push(match story.files.get(s.file) {
            Some(src) => {
                let off = src
                    .text
                    .lines()
                    .take(s.line.saturating_sub(1))
                    .map(|l| l.len() + 1)
                    .sum::<usize>();
                let end = src.text[off.min(src.text.len())..]
                    .find('\n')
                    .map_or(src.text.len(), |i| off + i);
                d.at(s.file, off.min(src.text.len())..end, "written here")
            }
            None => d,
        });
    }
    if untranslated.len() > MAX_MISSING_LISTED {
        diags.push(Diagnostic::warning(
            Code::TranslationMissing,
            format!(
                "and {} more strings have no {lang} translation ({})",
                untranslated.len() - MAX_MISSING_LISTED,
                file.path
            ),
        ));
    }
    cov
}
