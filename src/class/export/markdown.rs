//! The debrief as Markdown: the same sections as the HTML page, for notes, wikis and e-mail.

use std::fmt::Write;

use super::model::{Debrief, DecisionInfo, GroupInfo, PollInfo};
use super::prose::{self, Markdown, Markup};
use super::{clock, how_text, percent};
use crate::tools::report::md::{cell, code, escape};

/// Renders `d`.
pub(super) fn render(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", t!("export-title", title = escape(&d.title)));
    intro(&mut out, d);
    comparison(&mut out, d);
    for g in &d.groups {
        group(&mut out, g);
    }
    if !d.sources.is_empty() {
        let _ = writeln!(out, "## {}\n", t!("export-sources"));
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
        "- {}",
        t!(
            "export-story",
            title = escape(&d.story.title),
            version = escape(&d.story.version)
        )
    );
    let _ = writeln!(
        out,
        "- {}",
        t!(
            "export-class-line",
            groups = d.groups.len(),
            seats = d.seats.iter().filter(|s| !s.removed).count(),
            time = clock(d.elapsed_ms),
            state = s.state
        )
    );
    let _ = writeln!(
        out,
        "- {}",
        t!(
            "export-setup-line",
            seed = d.setup.seed.to_string(),
            timer = s.timer,
            tie = s.tie
        )
    );
    let ids = if d.privacy == "anonymous" {
        format!(" {}", t!("export-anonymous-ids"))
    } else {
        String::new()
    };
    let _ = writeln!(out, "- {}{ids}\n", t!("export-naming", naming = s.naming));
}

fn comparison(out: &mut String, d: &Debrief) {
    let c = &d.comparison;
    out.push_str(&prose::comparison(&Markdown, c));
    if c.closest.is_empty() {
        let _ = writeln!(out, "{}", prose::no_tally());
    }
    for (k, x) in c.closest.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {}",
            k + 1,
            t!(
                "export-closest-line",
                group = escape(&x.group),
                decision = x.decision,
                scene = Markdown.em(&escape(&x.scene)),
                node = code(&x.node),
                choice = escape(&x.choice_text),
                how = how_text(x.how),
                split = prose::split(&x.tally),
                margin = percent(x.margin)
            )
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
            "### {}\n\n{}\n",
            t!("export-open-vote", round = p.round),
            t!(
                "export-open-vote-md",
                cast = p.ballots_cast,
                split = prose::split(&p.tally)
            )
        );
    }
    if let Some(e) = &g.ending {
        let _ = writeln!(
            out,
            "### {}\n",
            t!("export-ending", title = escape(&e.title))
        );
        if let Some(last) = g.path.last() {
            quote(out, &last.text);
        }
        let _ = writeln!(out, "{}\n", escape(e.summary.trim()));
        if !e.questions.is_empty() {
            let _ = writeln!(out, "{}:\n", t!("export-for-discussion"));
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
    let title = t!(
        "export-decision",
        number = d.number,
        scene = escape(&d.scene),
        node = code(&d.node)
    );
    if d.undone {
        let _ = writeln!(
            out,
            "### ~~{title}~~ {}\n",
            t!("export-undone-by-facilitator")
        );
    } else {
        let _ = writeln!(out, "### {title}\n");
    }
    quote(out, &d.passage);
    if let Some(p) = &d.prompt {
        let _ = writeln!(out, "{}\n", t!("export-discuss", prompt = escape(p)));
    }
    if !d.polls.is_empty() || d.how == "hands" {
        tally_table(out, d);
    }
    let (taken, margin) = prose::taken(&Markdown, d);
    let at = clock(d.at_ms);
    if d.undone {
        let _ = writeln!(
            out,
            "~~{taken}{margin}~~ {}\n",
            t!("export-at-undone", time = at)
        );
    } else {
        let _ = writeln!(out, "**{taken}**{margin} {}\n", t!("export-at", time = at));
    }
    for draw in &d.draws {
        let kind = prose::draw_kind(draw.kind);
        let what = match &draw.label {
            Some(l) => escape(l),
            None => code(&draw.target),
        };
        let _ = writeln!(
            out,
            "- {kind}: {}",
            t!(
                "export-draw",
                what = what,
                weight = draw.weight,
                total = draw.total
            )
        );
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
        cols.push((t!("export-col-hand-count"), t.as_slice(), None));
    }
    let heads: Vec<String> = std::iter::once(t!("export-col-choice"))
        .chain(cols.iter().map(|c| c.0.clone()))
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
        .map(|p| {
            t!(
                "export-ballots-round",
                round = p.round,
                counted = prose::counted(p)
            )
        })
        .collect();
    if !cast.is_empty() {
        let _ = writeln!(out, "\n{}", t!("export-ballots", rounds = cast.join("; ")));
    }
    out.push('\n');
}
