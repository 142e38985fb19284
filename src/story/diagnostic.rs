//! Diagnostics as data: one problem in a story, its stable [`Code`], its [`Severity`] and place.
//!
//! Rendering (rustc-like text, JSON) lives in the `check` module, a layer above this one.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// How bad a problem is: errors stop a story from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Declares [`Code`] with one variant per diagnostic code, its stable name and [`Code::ALL`].
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// What kind of problem a diagnostic reports. Each code has a stable kebab-case name
        /// ([`Code::as_str`]) shown in `error[name]` and in `--json` output, and is documented in
        /// docs/story-format.md's "Diagnostic codes" table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the documentation's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `unknown-target`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// The story folder does not exist, is a file, cannot be read, or is over a size limit
    /// (see "Limits" in docs/story-format.md). Reported by `check` only.
    /// Fix: pass the folder that holds `story.ron`.
    NoStory = "no-story",
    /// The folder has no `story.ron`.
    /// Fix: create `story.ron` with `Story(id: ..., title: ..., roles: [...])`.
    NoManifest = "no-manifest",
    /// A `.ron` file holds only whitespace.
    /// Fix: write a `Scene(...)` in it, or delete it.
    EmptyFile = "empty-file",
    /// A `.ron` file is not UTF-8 text, or contains a NUL byte.
    /// Fix: save it as UTF-8, or remove it from the folder.
    NotText = "not-text",
    /// Warning: a `.ron` entry was not read: a pipe, socket or device, a symlink leading outside
    /// the story folder, to nothing, or round in a loop, or a name that is not UTF-8.
    /// Fix: make it a plain file inside the story folder with a UTF-8 name, or remove it.
    SkippedFile = "skipped-file",
    /// A file is not valid RON for its shape: an unknown or missing field, a wrong struct name,
    /// a missing comma, an unclosed bracket or string, a wrong value type.
    /// Fix: follow the help (`did you mean ...?`, ``add `title: ...` ``, ...).
    RonSyntax = "ron-syntax",
    /// The manifest has `roles: []`.
    /// Fix: add at least one `Role(id: ..., name: ..., start: "scene.node")`.
    NoRoles = "no-roles",
    /// A scene id, a node id within a scene, a variable id, a role id or an ending id is used
    /// twice. Fix: rename one; ending ids must be unique story-wide.
    DuplicateId = "duplicate-id",
    /// A scene, node, role, ending or variable id breaks the id rules, or a variable has a
    /// reserved name (`true`, `false`, `min`, `max`, ...).
    /// Fix: use letters, digits, `_`, `-`, starting with a letter, with no dots.
    BadId = "bad-id",
    /// An `Int` variable has `min` above `max`, a `default` outside `[min, max]`, or a role
    /// starts it outside its range. Fix: swap `min` and `max`, or move the value into the range.
    BadRange = "bad-range",
    /// A role's `start` is not an existing `scene.node`.
    /// Fix: write `start: "scene.node"` with existing ids.
    BadStart = "bad-start",
    /// A `next`, `goto` or candidate names no existing node.
    /// Fix: correct the id; for another scene, write `scene.node`.
    UnknownTarget = "unknown-target",
    /// An expression, effect, template or role `values`/`stats` entry names an undeclared
    /// variable. Fix: correct the spelling, or declare it under `variables`.
    UnknownVariable = "unknown-variable",
    /// An expression has the wrong type where it is used, an operator got the wrong operand
    /// types, `+=`/`-=` was used on a non-integer, or a role value has the wrong type.
    /// Fix: use a value of the required type.
    TypeError = "type-error",
    /// An expression or effect cannot be parsed.
    /// Fix: follow the message; it names what was found and what was expected at that column.
    ExprSyntax = "expr-syntax",
    /// A template's braces or `{if}` structure is broken.
    /// Fix: close the `{`, add `{end}`, put `{else}` last, or write `{{`/`}}` for literal braces.
    TextSyntax = "text-syntax",
    /// A node has none of `choices`, `next`, `pick` or `ending`.
    /// Fix: add one of them.
    DeadEnd = "dead-end",
    /// A node has more than one of `choices`, `next`, `pick` and `ending`.
    /// Fix: keep exactly one.
    ConflictingExits = "conflicting-exits",
    /// A choice has neither `goto` nor `outcomes`, or has both.
    /// Fix: give it one `goto`, or a list of `outcomes`.
    ChoiceTarget = "choice-target",
    /// A chain of `next` steps loops back on itself, so play would never reach a choice.
    /// Fix: give one node in the loop `choices`.
    NextCycle = "next-cycle",
    /// Automatic `next`/`pick` steps can pass through more than `MAX_AUTO_STEPS` nodes without
    /// a choice or an ending, so play would stop on the way. Fix: give a node along the chain
    /// choices, or shorten it.
    AutoStepLimit = "auto-step-limit",
    /// Warning: a choice has `because` but no `requires`, so the reason is never shown.
    /// Fix: add the `requires` it explains, or remove `because`.
    UnusedBecause = "unused-because",
    /// Warning: no role's start leads to this node (conditions are ignored).
    /// Fix: lead a choice, `next` or `pick` to it, or delete it.
    Unreachable = "unreachable",
    /// Warning: a variable is never read in a condition, weight, effect value or template.
    /// Fix: read it somewhere, or delete it.
    UnusedVariable = "unused-variable",
    /// Warning: a variable is never changed by an effect, and no role gives it a non-default
    /// value. Fix: change it somewhere, or replace it with plain text.
    ConstantVariable = "constant-variable",
    /// Error: a source in the manifest lacks its outlet or title, or has a date or address
    /// that cannot be read. Fix: as the message says.
    BadSource = "bad-source",
    /// Error: a node cites a source id the manifest does not declare. Fix: declare it in the
    /// manifest's `sources`, or correct the id.
    UnknownSource = "unknown-source",
    /// Warning: a node cites sources but has no context `note` to show them with. Fix: add
    /// the note the sources support.
    SourceWithoutNote = "source-without-note",
    /// Warning: a source in the manifest is cited by no node. Fix: cite it on the note it
    /// supports, or remove it.
    UnusedSource = "unused-source",
    /// Error: an `image` names a file that is not a `.png` in the story folder. Fix: correct
    /// the path (inside the folder, `/`-separated) or add the file.
    MissingImage = "missing-image",
    /// Error: an `image`'s file is not a PNG picture. Fix: save it as PNG.
    BadImage = "bad-image",
    /// Error: an `image` has no `alt` text. Fix: say in words what the picture shows.
    ImageWithoutAlt = "image-without-alt",
    /// Error: a translation file (`translations/LANG.po`) has a line that is not PO, or is not
    /// UTF-8; warning: a `.po` file not named after a language code. The entry is skipped.
    /// Fix: correct the line, or rewrite the file with `aftermath strings DIR --lang LANG`.
    TranslationSyntax = "translation-syntax",
    /// Error: a translation's `{var}`/`{if}` markup does not parse, or reads other variables
    /// than its source text. Fix: keep the markup and variable names as in the `msgid`.
    TranslationMarkup = "translation-markup",
    /// Warning: a string has no translation in a language's file.
    /// Fix: translate it (`aftermath strings DIR --lang LANG` adds new strings).
    TranslationMissing = "translation-missing",
    /// Warning: a translation is marked fuzzy, or translates an older source text.
    /// Fix: update it to the new `msgid` and remove the fuzzy mark.
    TranslationStale = "translation-stale",
    /// Warning: a translation file has an entry for a string the story no longer has, or the
    /// same string twice. Fix: `aftermath strings DIR --lang LANG` drops it.
    TranslationUnknown = "translation-unknown",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem; [`Code::as_str`] is its stable short name.
    pub code: Code,
    pub message: String,
    /// Index into the story's files, when the problem has a place.
    pub file: Option<usize>,
    pub span: Range<usize>,
    /// Text under the snippet's caret.
    pub label: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            span: 0..0,
            label: String::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Places the diagnostic at `span` in file `file`.
    pub fn at(mut self, file: usize, span: Range<usize>, label: impl Into<String>) -> Self {
        self.file = Some(file);
        self.span = span;
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn code_names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
