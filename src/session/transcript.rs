//! The transcript: everything shown and chosen in a session, random draws included.

use std::sync::Arc;

/// One line of the transcript. Node keys, speakers and text without `{…}` are shared with the
/// story (a reference count, not a copy), so recording a step allocates only for rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A node was shown.
    Shown {
        node: Arc<str>,
        speaker: Option<Arc<str>>,
        text: Arc<str>,
    },
    /// The player took a choice (index among the visible choices, and its text).
    Chose { index: usize, text: Arc<str> },
    /// A choice's random outcome was drawn.
    Outcome {
        target: String,
        label: Option<String>,
        /// The chance it had, as drawn: weight of this outcome / total weight.
        weight: u64,
        total: u64,
    },
    /// A random event pick went to a node.
    Picked {
        target: String,
        weight: u64,
        total: u64,
    },
    /// The story reached an ending.
    Ended { id: String, title: String },
}

/// Renders a transcript as plain text, one paragraph per entry.
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        match e {
            Entry::Shown { speaker, text, .. } => {
                if let Some(s) = speaker {
                    out.push_str(&format!("{s}: "));
                }
                out.push_str(text.trim());
                out.push_str("\n\n");
            }
            Entry::Chose { index, text } => out.push_str(&format!("> [{}] {text}\n\n", index + 1)),
            Entry::Outcome {
                target,
                label,
                weight,
                total,
            } => out.push_str(&format!(
                "  (chance: {} -- {weight} in {total})\n\n",
                label.as_deref().unwrap_or(target)
            )),
            Entry::Picked {
                target,
                weight,
                total,
            } => out.push_str(&format!("  (event: {target} -- {weight} in {total})\n\n")),
            Entry::Ended { title, .. } => out.push_str(&format!("== Ending: {title} ==\n")),
        }
    }
    out
}
