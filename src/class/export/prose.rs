//! The debrief's sentences, lists and tables written once for the HTML page and the Markdown:
//! each format only says, through [`Markup`], how it escapes text and marks emphasis, code,
//! lists and tables.

use super::compare::{Comparison, Divergence};
use super::model::{Debrief, DecisionInfo, GroupInfo, PollInfo};
use super::{how_text, percent};
use crate::tools::report::{md, page};

/// How a format writes text and its inline and block markup. Arguments named `text` are plain
/// text (the method escapes them); those named `inner` are markup already.
pub(super) trait Markup {
    /// Plain text, escaped.
    fn text(&self, text: &str) -> String;
    /// Plain text for a table cell, escaped (and on one line).
    fn cell(&self, text: &str) -> String {
        self.text(text)
    }
    /// An id as code.
    fn code(&self, text: &str) -> String;
    fn em(&self, inner: &str) -> String;
    fn strong(&self, inner: &str) -> String;
    /// A group's ending in the comparison table.
    fn ending_cell(&self, text: &str) -> String {
        self.strong(&self.cell(text))
    }
    /// A stat's value (a text stat may hold any characters).
    fn value(&self, text: &str) -> String {
        self.text(text)
    }
    /// A heading of `level` (2 for a section, 3 within one).
    fn heading(&self, level: usize, inner: &str) -> String;
    fn para(&self, inner: &str) -> String;
    /// A table's start and header row (`heads` are markup): the columns from `numeric` on hold
    /// numbers.
    fn table(&self, heads: &[String], numeric: usize) -> String;
    fn row(&self, cells: &[String]) -> String;
    fn table_end(&self) -> &'static str;
    fn list(&self) -> &'static str;
    fn item(&self, inner: &str) -> String;
    fn list_end(&self) -> &'static str;
}

/// The HTML page's markup.
pub(super) struct Html;

impl Markup for Html {
    fn text(&self, text: &str) -> String {
        page::escape(text)
    }
    fn code(&self, text: &str) -> String {
        format!("<code>{}</code>", page::escape(text))
    }
    fn em(&self, inner: &str) -> String {
        format!("<em>{inner}</em>")
    }
    fn strong(&self, inner: &str) -> String {
        format!("<strong>{inner}</strong>")
    }
    fn heading(&self, level: usize, inner: &str) -> String {
        format!("<h{level}>{inner}</h{level}>\n")
    }
    fn para(&self, inner: &str) -> String {
        format!("<p>{inner}</p>\n")
    }
    fn table(&self, heads: &[String], _numeric: usize) -> String {
        let heads: String = heads.iter().map(|h| format!("<th>{h}</th>")).collect();
        format!("<table>\n<tr>{heads}</tr>\n")
    }
    fn row(&self, cells: &[String]) -> String {
        let cells: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
        format!("<tr>{cells}</tr>\n")
    }
    fn table_end(&self) -> &'static str {
        "</table>\n"
    }
    fn list(&self) -> &'static str {
        "<ul>\n"
    }
    fn item(&self, inner: &str) -> String {
        format!("<li>{inner}</li>\n")
    }
    fn list_end(&self) -> &'static str {
        "</ul>\n"
    }
}

/// The Markdown's markup.
pub(super) struct Markdown;

impl Markup for Markdown {
    fn text(&self, text: &str) -> String {
        md::escape(text)
    }
    fn cell(&self, text: &str) -> String {
        md::cell(text)
    }
    fn code(&self, text: &str) -> String {
        md::code(text)
    }
    fn em(&self, inner: &str) -> String {
        format!("*{inner}*")
    }
    fn strong(&self, inner: &str) -> String {
        format!("**{inner}**")
    }
    fn ending_cell(&self, text: &str) -> String {
        md::cell(text)
    }
    fn heading(&self, level: usize, inner: &str) -> String {
        format!("{} {inner}\n\n", "#".repeat(level))
    }
    fn para(&self, inner: &str) -> String {
        format!("{inner}\n\n")
    }
    fn table(&self, heads: &[String], numeric: usize) -> String {
        let rule: String = (0..heads.len())
            .map(|k| if k < numeric { "---|" } else { "---:|" })
            .collect();
        format!("| {} |\n|{rule}\n", heads.join(" | "))
    }
    fn row(&self, cells: &[String]) -> String {
        format!("| {} |\n", cells.join(" | "))
    }
    fn table_end(&self) -> &'static str {
        "\n"
    }
    fn list(&self) -> &'static str {
        ""
    }
    fn item(&self, inner: &str) -> String {
        format!("- {inner}\n")
    }
    fn list_end(&self) -> &'static str {
        "\n"
    }
}

/// The setup in words: the vote timer, the tie rule, whether the class is over, how students are
/// named.
pub(super) struct Setup {
    pub timer: String,
    pub tie: String,
    pub state: String,
    pub naming: String,
}

pub(super) fn setup(d: &Debrief) -> Setup {
    Setup {
        timer: d.setup.vote_seconds.map_or_else(
            || t!("export-no-timer"),
            |n| t!("export-timer", seconds = n),
        ),
        tie: match d.setup.tie {
            crate::class::TieRule::Revote => t!("export-tie-revote"),
            crate::class::TieRule::Facilitator => t!("export-tie-facilitator"),
        },
        state: if d.over {
            t!("export-state-over")
        } else {
            t!("export-state-running")
        },
        naming: if d.privacy == "anonymous" {
            t!("export-naming-anonymous")
        } else {
            t!("export-naming-nicknames")
        },
    }
}

/// The comparison of the groups up to the closest decisions: the groups side by side, the
/// endings reached, where paths diverged, and the heading of the closest decisions, which each
/// format lays out its own way (the sentence for none is [`no_tally`]).
pub(super) fn comparison(m: &impl Markup, c: &Comparison) -> String {
    let mut out = m.heading(2, &t!("export-side-by-side"));
    out.push_str(&groups_table(m, c));
    out.push_str(&m.heading(3, &t!("export-endings-reached")));
    out.push_str(&endings(m, c));
    out.push_str(&m.heading(3, &t!("export-diverged-heading")));
    if c.divergences.is_empty() {
        out.push_str(&m.para(&t!("export-no-divergences")));
    } else {
        out.push_str(m.list());
        for v in &c.divergences {
            out.push_str(&m.item(&divergence(m, v)));
        }
        out.push_str(m.list_end());
    }
    out.push_str(&m.heading(3, &t!("export-closest-heading")));
    out
}

/// Said when no decision had a tally.
pub(super) fn no_tally() -> String {
    t!("export-no-tally")
}

/// The table of the groups side by side, closed.
fn groups_table(m: &impl Markup, c: &Comparison) -> String {
    let mut out = m.table(
        &[
            t!("export-col-group"),
            t!("export-col-role"),
            t!("export-col-ending"),
            t!("export-col-decisions"),
            t!("export-col-overrides"),
            t!("export-col-hand-counts"),
            t!("export-col-revotes"),
            t!("export-col-undone"),
            t!("export-col-closest-margin"),
        ],
        3,
    );
    for l in &c.groups {
        let role = match &l.preset {
            Some(p) => format!("{} ({})", m.cell(&l.role_name), m.code(p)),
            None => m.cell(&l.role_name),
        };
        out.push_str(
            &m.row(&[
                m.cell(&l.group),
                role,
                l.ending
                    .as_deref()
                    .map_or_else(|| m.em(&t!("export-none-yet")), |e| m.ending_cell(e)),
                l.decisions.to_string(),
                l.overrides.to_string(),
                l.hand_counts.to_string(),
                l.revotes.to_string(),
                l.undone.to_string(),
                l.closest_margin.map_or_else(|| "–".to_owned(), percent),
            ]),
        );
    }
    out.push_str(m.table_end());
    out
}

/// Each ending reached, with the groups that reached it, as a list.
fn endings(m: &impl Markup, c: &Comparison) -> String {
    let mut out = m.list().to_owned();
    for e in &c.endings {
        let groups: Vec<String> = e.groups.iter().map(|g| m.text(g)).collect();
        let line = format!("{}: {}", m.strong(&m.text(&e.ending)), groups.join(", "));
        out.push_str(&m.item(&line));
    }
    out.push_str(m.list_end());
    out
}

fn divergence(m: &impl Markup, v: &Divergence) -> String {
    let (a, b) = (m.text(&v.first), m.text(&v.second));
    // The scene (emphasised) and node (as code) of the decision, when known.
    let place = match (&v.scene, &v.node) {
        (Some(s), Some(n)) => Some((m.em(&m.text(s)), m.code(n))),
        _ => None,
    };
    match v.kind {
        "diverged" => {
            let first = m.text(v.first_choice.as_deref().unwrap_or(""));
            let second = m.text(v.second_choice.as_deref().unwrap_or(""));
            match place {
                Some((scene, node)) => t!(
                    "export-diverged",
                    a = a.as_str(),
                    b = b.as_str(),
                    at = v.at,
                    scene = scene,
                    node = node,
                    first = first,
                    second = second
                ),
                None => t!(
                    "export-diverged-unplaced",
                    a = a.as_str(),
                    b = b.as_str(),
                    at = v.at,
                    first = first,
                    second = second
                ),
            }
        }
        "ahead" => {
            let (ahead, choice) = match (&v.first_choice, &v.second_choice) {
                (Some(c), None) => (&a, c.as_str()),
                (_, Some(c)) => (&b, c.as_str()),
                _ => (&a, ""),
            };
            let choice = m.text(choice);
            match place {
                Some((scene, node)) => t!(
                    "export-ahead",
                    a = a.as_str(),
                    b = b.as_str(),
                    ahead = ahead.as_str(),
                    at = v.at,
                    scene = scene,
                    node = node,
                    choice = choice
                ),
                None => t!(
                    "export-ahead-unplaced",
                    a = a.as_str(),
                    b = b.as_str(),
                    ahead = ahead.as_str(),
                    at = v.at,
                    choice = choice
                ),
            }
        }
        _ => t!("export-same", a = a.as_str(), b = b.as_str()),
    }
}

/// "3–1–0".
pub(super) fn split(tally: &[u32]) -> String {
    tally
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join("–")
}

/// The lines about a group under its heading: its start, seats, scenes, `path` if given, and
/// its ending or where it stopped.
pub(super) fn group_facts(m: &impl Markup, g: &GroupInfo, path: Option<String>) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(p) = &g.preset {
        facts.push(t!("export-fact-start", preset = m.code(p)));
    }
    let seats: Vec<String> = g.seats.iter().map(|s| m.text(s)).collect();
    let seats = if seats.is_empty() {
        t!("export-none")
    } else {
        seats.join(", ")
    };
    facts.push(t!("export-fact-seats", seats = seats));
    let scenes: Vec<String> = g.scenes().iter().map(|s| m.text(s)).collect();
    facts.push(t!("export-fact-scenes", scenes = scenes.join(" → ")));
    facts.extend(path.map(|p| t!("export-fact-path", path = p)));
    facts.push(match &g.ending {
        Some(e) => t!("export-ending", title = m.strong(&m.text(&e.title))),
        None => t!(
            "export-no-ending",
            at = m.text(g.stopped_at.as_deref().unwrap_or(""))
        ),
    });
    facts
}

/// "Stats at the end: …", if the group has stats.
pub(super) fn stats(m: &impl Markup, g: &GroupInfo) -> Option<String> {
    if g.stats.is_empty() {
        return None;
    }
    let stats: Vec<String> = g
        .stats
        .iter()
        .map(|s| format!("{} {}", m.text(&s.label), m.value(&s.value.to_string())))
        .collect();
    Some(t!("export-stats", stats = stats.join(", ")))
}

/// A vote's name: "Vote (round 2)" or "Revote (round 3)".
pub(super) fn poll_name(p: &PollInfo) -> String {
    if p.revote {
        t!("export-revote-round", round = p.round)
    } else {
        t!("export-vote-round", round = p.round)
    }
}

/// "3 counted, 4 cast".
pub(super) fn counted(p: &PollInfo) -> String {
    let counted: u32 = p.tally.iter().sum();
    t!("export-counted", counted = counted, cast = p.ballots_cast)
}

/// "Taken: 2. “Run”, by vote" and " (margin 38%)" (or nothing).
pub(super) fn taken(m: &impl Markup, d: &DecisionInfo) -> (String, String) {
    let taken = t!(
        "export-taken",
        number = d.choice,
        choice = m.text(&d.choice_text),
        how = how_text(d.how)
    );
    let margin = d.margin.map_or_else(String::new, |x| {
        format!(" {}", t!("export-margin", margin = percent(x)))
    });
    (taken, margin)
}

/// "Random event" for a pick among events, "Chance" for a check.
pub(super) fn draw_kind(kind: &str) -> String {
    if kind == "pick" {
        t!("export-random-event")
    } else {
        t!("export-chance")
    }
}

/// The ending a decision led to, if it led to one.
pub(super) fn reached(m: &impl Markup, d: &DecisionInfo) -> Option<String> {
    let e = d.ending.as_deref()?;
    Some(if d.undone {
        t!("export-reached-undone", ending = m.text(e))
    } else {
        t!("export-reached", ending = m.strong(&m.text(e)))
    })
}
