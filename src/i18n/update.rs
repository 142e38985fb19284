//! `aftermath strings`: creates or updates a language's PO file from the story, losing nothing.
//!
//! New strings are added untranslated; strings gone from the story are dropped; a string whose
//! source changed keeps its translation, marked `fuzzy` with the old source as `#| msgid`
//! (what Poedit and Weblate show as "needs work"). A translation whose id changed (a choice
//! moved) but whose source text did not is found again by its text.

use std::collections::HashMap;

use super::po::{self, PoEntry, PoFile};
use super::strings::StoryString;
use crate::story::Story;

/// What an update did, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Strings in the story.
    pub total: usize,
    /// Added, untranslated.
    pub added: usize,
    /// Translated, source unchanged.
    pub kept: usize,
    /// Untranslated before and still.
    pub untranslated: usize,
    /// Source changed since translated: marked as needing an update.
    pub marked: usize,
    /// Found again by source text under a new id.
    pub moved: usize,
    /// In the file, no longer in the story: dropped.
    pub removed: usize,
}

/// The header of a new language file.
fn header(story: &Story, lang: &str) -> String {
    format!(
        "Project-Id-Version: {} {}\nLanguage: {lang}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\nPlural-Forms: nplurals=1; plural=0;\nX-Generator: aftermath strings\n",
        story.meta.id, story.meta.version
    )
}

/// The updated file's text and what changed, from the story's strings and the old file (if any).
pub fn update(
    story: &Story,
    strings: &[StoryString],
    lang: &str,
    old: Option<&PoFile>,
) -> (String, Counts) {
    let mut counts = Counts {
        total: strings.len(),
        ..Counts::default()
    };
    let empty = PoFile::default();
    let old = old.unwrap_or(&empty);
    let mut by_id: HashMap<&str, &PoEntry> = HashMap::new();
    for e in &old.entries {
        if let Some(c) = e.context.as_deref() {
            by_id.entry(c).or_insert(e);
        }
    }
    let ids: std::collections::HashSet<&str> = strings.iter().map(|s| s.id.as_str()).collect();
    // Translated entries whose id left the story, by source text: a moved string's old self.
    let mut orphans: HashMap<&str, &PoEntry> = HashMap::new();
    for e in &old.entries {
        if let Some(c) = e.context.as_deref()
            && !ids.contains(c)
            && !e.translation.is_empty()
        {
            orphans.entry(e.source.as_str()).or_insert(e);
        }
    }
    let mut used_orphans = std::collections::HashSet::new();
    let mut entries = Vec::with_capacity(strings.len());
    for s in strings {
        let mut e = PoEntry {
            context: Some(s.id.clone()),
            source: s.text.clone(),
            notes: vec![s.hint.clone()],
            reference: story.files.get(s.file).map(|f| {
                let rel = f.path.rsplit('/').next().unwrap_or(&f.path);
                format!("{rel}:{}", s.line)
            }),
            ..PoEntry::default()
        };
        match by_id.get(s.id.as_str()) {
            Some(prev) if prev.source == s.text => {
                e.translation = prev.translation.clone();
                e.fuzzy = prev.fuzzy;
                e.previous = prev.previous.clone();
                e.comments = prev.comments.clone();
                if e.translation.is_empty() {
                    counts.untranslated += 1;
                } else {
                    counts.kept += 1;
                }
            }
            Some(prev) => {
                e.translation = prev.translation.clone();
                e.comments = prev.comments.clone();
                if prev.translation.is_empty() {
                    counts.untranslated += 1;
                } else {
                    e.fuzzy = true;
                    // The source the translation was made from: the oldest one kept.
                    e.previous = prev.previous.clone().or_else(|| Some(prev.source.clone()));
                    counts.marked += 1;
                }
            }
            None => match orphans.get(s.text.as_str()) {
                Some(prev) if used_orphans.insert(prev.context.clone()) => {
                    e.translation = prev.translation.clone();
                    e.fuzzy = prev.fuzzy;
                    e.previous = prev.previous.clone();
                    e.comments = prev.comments.clone();
                    counts.moved += 1;
                }
                _ => counts.added += 1,
            },
        }
        entries.push(e);
    }
    counts.removed = old
        .entries
        .iter()
        .filter(|e| {
            e.context.as_deref().is_none_or(|c| !ids.contains(c))
                && !used_orphans.contains(&e.context)
        })
        .count();
    let head = if old.header.is_empty() {
        header(story, lang)
    } else {
        old.header.clone()
    };
    (po::write(&head, &entries), counts)
}
