//! `aftermath stats --repeats`: sentences and six-word phrases of node text that recur in many
//! nodes, normalised (case and punctuation ignored), most frequent first.
//!
//! Every branch of every `{if}` counts as the node's text; a `{value}` counts as one word that
//! matches any other `{value}`. A sentence or phrase counts once per node however often the node
//! repeats it. A phrase is only listed when it is not just part of a listed sentence (in the same
//! nodes), and overlapping phrases found in the same nodes are joined into one longer phrase.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::story::{NodeIdx, Story};

/// `--repeats` without a number: list what occurs in more than this many nodes.
pub const DEFAULT_MORE_THAN: usize = 3;
/// Words in a phrase.
pub const PHRASE_WORDS: usize = 6;
/// Sentences shorter than this (in words) are not counted ("Yes." is no repetition, and an
/// `{if}` in mid-sentence leaves short pieces).
pub const MIN_SENTENCE_WORDS: usize = 3;
/// At most this many repeats are listed (the most frequent); the rest are only counted.
pub const MAX_LISTED: usize = 500;
/// The bytes of a node's source searched for the line of a repeat; past them, the node's line.
const SEARCH_BYTES: usize = 64 * 1024;
/// How a `{value}` is written in the normalised text.
const VALUE: &str = "{…}";

/// A sentence or a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepeatKind {
    Sentence,
    Phrase,
}

/// One node that has the repeated text, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatPlace {
    /// `scene.node`.
    pub node: String,
    /// The story file, as diagnostics name it.
    pub file: String,
    /// The line (from 1) of the text in the file: the line of the node's text when the text
    /// could not be found as written (escapes), the node's line without a place.
    pub line: usize,
}

/// A sentence or phrase found in more nodes than the threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Repeat {
    pub kind: RepeatKind,
    /// Normalised: lower case, punctuation dropped, one space between words.
    pub text: String,
    /// As first written (in the first node in story order).
    pub example: String,
    /// Number of nodes with it.
    pub nodes: usize,
    pub places: Vec<RepeatPlace>,
}

/// Everything `stats --repeats` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Repeats {
    /// Listed: what occurs in more than this many nodes.
    pub more_than: usize,
    pub phrase_words: usize,
    pub repeats: Vec<Repeat>,
    /// Repeats found past the first [`MAX_LISTED`], not listed.
    pub left_off: usize,
}

/// A sentence of one node: its words as written and normalised.
struct Sentence {
    node: NodeIdx,
    raw: Vec<String>,
    words: Vec<String>,
}

/// Lower case, letters and digits only (a `{value}` stays as it is); "" for pure punctuation.
fn normalise(word: &str) -> String {
    if word == VALUE {
        return VALUE.to_owned();
    }
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a run of prose into sentences: after `.`, `!`, `?` or `…` (and any closing quotes or
/// brackets) followed by white space or the end.
fn sentences(run: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = run.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(
                d,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
            ) {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_none_or(|(_, d)| d.is_whitespace()) {
            out.push(&run[start..end]);
            start = end;
        }
    }
    out.push(&run[start..]);
    out.retain(|s| !s.trim().is_empty());
    out
}

fn node_sentences(story: &Story) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (i, node) in story.nodes.iter().enumerate() {
        for run in node.text.prose_runs(&format!(" {VALUE} ")) {
            for s in sentences(&run) {
                let raw: Vec<String> = s.split_whitespace().map(str::to_owned).collect();
                let (raw, words): (Vec<String>, Vec<String>) = raw
                    .into_iter()
                    .map(|r| {
                        let n = normalise(&r);
                        (r, n)
                    })
                    .filter(|(_, n)| !n.is_empty())
                    .unzip();
                if !words.is_empty() {
                    out.push(Sentence {
                        node: i as NodeIdx,
                        raw,
                        words,
                    });
                }
            }
        }
    }
    out
}

/// Where `raw` (words as written) sits in node `node`'s file: the line of its first words, else
/// of the node. `lines` keeps each file's line index once made.
fn place<'s>(
    story: &'s Story,
    lines: &mut HashMap<usize, crate::story::locate::Lines<'s>>,
    node: NodeIdx,
    raw: &[String],
) -> RepeatPlace {
    let Some(n) = story.node(node) else {
        return RepeatPlace {
            node: String::new(),
            file: String::new(),
            line: 0,
        };
    };
    let file = story.files.get(n.place.file);
    let text = file.map_or("", |f| f.text.as_str());
    let start = n.place.span.start.min(text.len());
    // The node's text lies between its place and the next node's of the same file.
    let end = story
        .nodes
        .get(node as usize + 1..)
        .unwrap_or(&[])
        .iter()
        .find(|m| m.place.file == n.place.file && m.place.span.start > start)
        .map_or(text.len(), |m| m.place.span.start.min(text.len()));
    let end = crate::story::locate::floor_boundary(text, end.min(start + SEARCH_BYTES));
    let span = text.get(start..end.max(start)).unwrap_or("");
    let probe = raw.iter().take(3).cloned().collect::<Vec<_>>().join(" ");
    let at = span
        .find(&probe)
        .or_else(|| raw.first().and_then(|w| span.find(w.as_str())))
        .map_or(start, |k| start + k);
    let line = lines
        .entry(n.place.file)
        .or_insert_with(|| crate::story::locate::Lines::new(text))
        .at(at);
    RepeatPlace {
        node: n.key.to_string(),
        file: file.map(|f| f.path.clone()).unwrap_or_default(),
        line,
    }
}

/// The nodes holding a key, and the first (sentence, word position) it was met at.
type Count = (BTreeSet<NodeIdx>, (usize, usize));
/// Each key's [`Count`].
type Counts = HashMap<String, Count>;

/// The sentences and phrases of the story's node text in more than `more_than` nodes.
pub fn repeats(story: &Story, more_than: usize) -> Repeats {
    let all = node_sentences(story);
    let mut sentence_counts: Counts = HashMap::new();
    let mut phrase_counts: Counts = HashMap::new();
    for (k, s) in all.iter().enumerate() {
        if s.words.len() >= MIN_SENTENCE_WORDS {
            let e = sentence_counts
                .entry(s.words.join(" "))
                .or_insert_with(|| (BTreeSet::new(), (k, 0)));
            e.0.insert(s.node);
        }
        for (p, w) in s.words.windows(PHRASE_WORDS).enumerate() {
            let e = phrase_counts
                .entry(w.join(" "))
                .or_insert_with(|| (BTreeSet::new(), (k, p)));
            e.0.insert(s.node);
        }
    }
    // Found: kind, normalised text, words as written, nodes.
    let mut out: Vec<(RepeatKind, String, &[String], &BTreeSet<NodeIdx>)> = Vec::new();
    let mut listed: Vec<(&str, &BTreeSet<NodeIdx>)> = Vec::new();
    for (text, (nodes, (k, _))) in &sentence_counts {
        if nodes.len() > more_than
            && let Some(s) = all.get(*k)
        {
            listed.push((text, nodes));
            out.push((RepeatKind::Sentence, text.clone(), s.raw.as_slice(), nodes));
        }
    }
    // The listed sentences holding each phrase.
    let mut inside: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (sentence, _)) in listed.iter().enumerate() {
        let words: Vec<&str> = sentence.split(' ').collect();
        for w in words.windows(PHRASE_WORDS) {
            inside.entry(w.join(" ")).or_default().push(i);
        }
    }
    // Phrases in more nodes than the threshold and not only inside a listed sentence.
    let frequent: HashSet<&str> = phrase_counts
        .iter()
        .filter(|(text, (nodes, _))| {
            nodes.len() > more_than
                && !inside.get(text.as_str()).is_some_and(|holders| {
                    holders.iter().any(|&i| {
                        listed
                            .get(i)
                            .is_some_and(|(_, in_nodes)| nodes.is_subset(in_nodes))
                    })
                })
        })
        .map(|(text, _)| text.as_str())
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut starts: Vec<(&str, &Count)> = phrase_counts
        .iter()
        .filter(|(t, _)| frequent.contains(t.as_str()))
        .map(|(t, v)| (t.as_str(), v))
        .collect();
    starts.sort_by_key(|(_, (_, first))| *first);
    for (text, (nodes, (k, p))) in starts {
        if used.contains(text) {
            continue;
        }
        let Some(s) = all.get(*k) else { continue };
        // Join the next windows of this sentence while they are frequent in the same nodes.
        let mut end = *p;
        used.insert(text);
        while let Some(next) = s.words.get(end + 1..end + 1 + PHRASE_WORDS) {
            let key = next.join(" ");
            match phrase_counts.get_key_value(&key) {
                Some((kk, (n, _))) if n == nodes && frequent.contains(kk.as_str()) => {
                    used.insert(kk.as_str());
                    end += 1;
                }
                _ => break,
            }
        }
        let words = s.words.get(*p..end + PHRASE_WORDS).unwrap_or(&[]).join(" ");
        let raw = s.raw.get(*p..end + PHRASE_WORDS).unwrap_or(&[]);
        out.push((RepeatKind::Phrase, words, raw, nodes));
    }
    out.sort_by(|a, b| {
        b.3.len()
            .cmp(&a.3.len())
            .then_with(|| a.0.cmp(&b.0))
            .then_with(|| a.1.cmp(&b.1))
    });
    let left_off = out.len().saturating_sub(MAX_LISTED);
    out.truncate(MAX_LISTED);
    let mut lines = HashMap::new();
    Repeats {
        more_than,
        phrase_words: PHRASE_WORDS,
        repeats: out
            .into_iter()
            .map(|(kind, text, raw, nodes)| repeat(story, &mut lines, kind, text, raw, nodes))
            .collect(),
        left_off,
    }
}

fn repeat<'s>(
    story: &'s Story,
    lines: &mut HashMap<usize, crate::story::locate::Lines<'s>>,
    kind: RepeatKind,
    text: String,
    raw: &[String],
    nodes: &BTreeSet<NodeIdx>,
) -> Repeat {
    Repeat {
        kind,
        text,
        example: raw.join(" "),
        nodes: nodes.len(),
        places: nodes.iter().map(|n| place(story, lines, *n, raw)).collect(),
    }
}

/// The repeats as text for a terminal.
pub fn render(r: &Repeats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nRepeats: sentences and {}-word phrases in more than {} nodes (case and punctuation \
         ignored), most frequent first: {}",
        r.phrase_words,
        r.more_than,
        if r.repeats.is_empty() { "none." } else { "" }
    );
    if r.left_off > 0 {
        let _ = writeln!(
            out,
            "  (the {MAX_LISTED} most frequent of {}; raise N to see fewer)",
            r.repeats.len() + r.left_off
        );
    }
    for rep in &r.repeats {
        let kind = match rep.kind {
            RepeatKind::Sentence => "sentence",
            RepeatKind::Phrase => "phrase",
        };
        let _ = writeln!(
            out,
            "  {:>3} nodes  {kind:<8}  \"{}\"",
            rep.nodes, rep.example
        );
        for p in &rep.places {
            let _ = writeln!(out, "      {:<40} {}:{}", p.node, p.file, p.line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_followed_by_space_and_keep_closing_quotes() {
        assert_eq!(
            sentences("He said “Go.” Then left! Why? 3.5 km… more"),
            ["He said “Go.”", " Then left!", " Why?", " 3.5 km…", " more"]
        );
        assert_eq!(sentences("   "), Vec::<&str>::new());
    }

    #[test]
    fn words_are_normalised_to_lower_case_letters_and_digits() {
        assert_eq!(normalise("Wind,"), "wind");
        assert_eq!(normalise("“Sacred"), "sacred");
        assert_eq!(normalise("—"), "");
        assert_eq!(normalise(VALUE), VALUE);
    }
}
