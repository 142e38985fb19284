//! The debrief as Markdown: the same sections as the HTML page, for notes, wikis and e-mail.

use std::fmt::Write;

use super::model::{Debrief, DecisionInfo, GroupInfo, PollInfo};
use super::prose::{self, Markdown, Markup};
use super::{clock, how_text, percent};
use crate::tools::report::md::{cell, code, escape};

/// Renders `d`.
pub(super) fn render(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {}\n", escape(&d.title));
    intro(&mut out, d);
    comparison(&mut out, d);
    for g in &d.groups {
        group(&mut out, g);
    }
    if !d.sources.is_empty() {
        out.push_str("## Sources\n\n");
        for s in &d.sources {
            let _ = write!(out, "- {}", escape(&s.line));
            if !s.supports.is_empty() {
                let _ = write!(out, " ({})", escape(&s.supports));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

fn intro(out: &mut String, d: &Debrief) {
    let s = prose::setup(d);
    let _ = writeln!(
        out,
        "- Story: {} (version {})",
        escape(&d.story.title),
        escape(&d.story.version)
    );
    let _ = writeln!(
        out,
        "- {} groups, {} seats; {} of class time; {}",
        d.groups.len(),
        d.seats.iter().filter(|s| !s.removed).count(),
        clock(d.elapsed_ms),
        s.state
    );
    let _ = writeln!(out, "- Seed {}; {}; {}", d.setup.seed, s.timer, s.tie);
    let ids = if d.privacy == "anonymous" {
        " (Student 1, Student 2, …)"
    } else {
        ""
    };
    let _ = writeln!(out, "- Students are named {}{ids}\n", s.naming);
}

fn comparison(out: &mut String, d: &Debrief) {
    let c = &d.comparison;
    out.push_str(&prose::comparison(&Markdown, c));
    if c.closest.is_empty() {
        let _ = writeln!(out, "{}", prose::NO_TALLY);
    }
    for (k, x) in c.closest.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {}, decision {} in {} ({}): “{}” {}, {} (margin {})",
            k + 1,
            escape(&x.group),
            x.decision,
            Markdown.em(&escape(&x.scene)),
            code(&x.node),
            escape(&x.choice_text),
            how_text(x.how),
            prose::split(&x.tally),
            percent(x.margin)
        );
    }
    out.push('\n');
}

fn group(out: &mut String, g: &GroupInfo) {
    let _ = writeln!(out, "## {} — {}\n", escape(&g.name), escape(&g.role_name));
    let nodes: Vec<String> = g.path.iter().map(|p| code(&p.node)).collect();
    for fact in prose::group_facts(&Markdown, g, Some(nodes.join(" → "))) {
        out.push_str(&Markdown.item(&fact));
    }
    out.push('\n');
    for p in &g.pictures {
        let _ = writeln!(
            out,
            "![{}]({}/{})\n",
            escape(&p.alt),
            super::PICTURES,
            link_path(&p.file)
        );
    }
    for d in &g.decisions {
        decision(out, d);
    }
    if let Some(p) = &g.open_vote {
        let _ = writeln!(
            out,
            "### A vote still open (round {})\n\n{} ballots cast so far; tally {}.\n",
            p.round,
            p.ballots_cast,
            prose::split(&p.tally)
        );
    }
    if let Some(e) = &g.ending {
        let _ = writeln!(out, "### Ending: {}\n", escape(&e.title));
        if let Some(last) = g.path.last() {
            quote(out, &last.text);
        }
        let _ = writeln!(out, "{}\n", escape(e.summary.trim()));
        if !e.questions.is_empty() {
            let _ = writeln!(out, "For discussion:\n");
            for q in &e.questions {
                let _ = writeln!(out, "- {}", escape(q));
            }
            out.push('\n');
        }
    }
    if let Some(stats) = prose::stats(&Markdown, g) {
        let _ = writeln!(out, "{stats}\n");
    }
}

/// A story-folder path as a Markdown link destination: anything but letters, digits and `._-/`
/// percent-encoded, so spaces or brackets in a file name cannot end the link.
fn link_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"._-/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A passage as a block quote.
fn quote(out: &mut String, text: &str) {
    for line in escape(text.trim()).lines() {
        if line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
    out.push('\n');
}

fn decision(out: &mut String, d: &DecisionInfo) {
    let title = format!(
        "Decision {} — {} ({})",
        d.number,
        escape(&d.scene),
        code(&d.node)
    );
    if d.undone {
        let _ = writeln!(out, "### ~~{title}~~ (undone by the facilitator)\n");
    } else {
        let _ = writeln!(out, "### {title}\n");
    }
    quote(out, &d.passage);
    if let Some(p) = &d.prompt {
        let _ = writeln!(out, "Discuss: {}\n", escape(p));
    }
    if !d.polls.is_empty() || d.how == "hands" {
        tally_table(out, d);
    }
    let (taken, margin) = prose::taken(&Markdown, d);
    let at = clock(d.at_ms);
    if d.undone {
        let _ = writeln!(out, "~~{taken}{margin}~~ at {at}; undone\n");
    } else {
        let _ = writeln!(out, "**{taken}**{margin} at {at}\n");
    }
    for draw in &d.draws {
        let kind = prose::draw_kind(draw.kind);
        let what = match &draw.label {
            Some(l) => escape(l),
            None => code(&draw.target),
        };
        let _ = writeln!(out, "- {kind}: {what} ({} in {})", draw.weight, draw.total);
    }
    if let Some(reached) = prose::reached(&Markdown, d) {
        out.push_str(&Markdown.item(&reached));
    }
    if !d.draws.is_empty() || d.ending.is_some() {
        out.push('\n');
    }
}

/// The choices with each vote's counts in columns (and the hand count, if any).
fn tally_table(out: &mut String, d: &DecisionInfo) {
    let mut cols: Vec<(String, &[u32], Option<&PollInfo>)> = d
        .polls
        .iter()
        .map(|p| (prose::poll_name(p), p.tally.as_slice(), Some(p)))
        .collect();
    if d.how == "hands"
        && let Some(t) = &d.tally
    {
        cols.push(("Hand count".to_owned(), t.as_slice(), None));
    }
    let heads: Vec<&str> = std::iter::once("Choice")
        .chain(cols.iter().map(|c| c.0.as_str()))
        .collect();
    out.push_str(&Markdown.table(&heads, 1));
    for (i, text) in d.choices.iter().enumerate() {
        let mark = if i + 1 == d.choice { " ✓" } else { "" };
        let choice = format!("{}. {}{mark}", i + 1, cell(text));
        let cells: Vec<String> = std::iter::once(choice)
            .chain(cols.iter().map(|(_, t, p)| {
                let on_ballot = p.is_none_or(|p| p.options.contains(&(i + 1)));
                if on_ballot {
                    t.get(i).copied().unwrap_or(0).to_string()
                } else {
                    "–".to_owned()
                }
            }))
            .collect();
        out.push_str(&Markdown.row(&cells));
    }
    let cast: Vec<String> = d
        .polls
        .iter()
        .map(|p| format!("round {}: {}", p.round, prose::counted(p)))
        .collect();
    if !cast.is_empty() {
        let _ = writeln!(out, "\nBallots: {}.", cast.join("; "));
    }
    out.push('\n');
}
