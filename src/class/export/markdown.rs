//! The debrief as Markdown: the same sections as the HTML page, for notes, wikis and e-mail.

use std::fmt::Write;

use super::model::{Debrief, DecisionInfo, GroupInfo, PollInfo};
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
    out
}

fn intro(out: &mut String, d: &Debrief) {
    let s = &d.setup;
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
        if d.over {
            "the class is over"
        } else {
            "the class was still running"
        }
    );
    let timer = s.vote_seconds.map_or_else(
        || "no vote timer".to_owned(),
        |n| format!("{n} s vote timer"),
    );
    let tie = match s.tie {
        crate::class::TieRule::Revote => "ties go to a revote, then to the facilitator",
        crate::class::TieRule::Facilitator => "the facilitator decides ties",
    };
    let _ = writeln!(out, "- Seed {}; {timer}; {tie}", s.seed);
    let _ = writeln!(
        out,
        "- Students are named {}\n",
        if d.privacy == "anonymous" {
            "by anonymous ids in seat order (Student 1, Student 2, …)"
        } else {
            "by their nicknames"
        }
    );
}

fn comparison(out: &mut String, d: &Debrief) {
    let c = &d.comparison;
    let _ = writeln!(out, "## The groups side by side\n");
    let _ = writeln!(
        out,
        "| Group | Role | Ending | Decisions | Overrides | Hand counts | Revotes | Undone | Closest margin |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|");
    for l in &c.groups {
        let role = match &l.preset {
            Some(p) => format!("{} ({})", cell(&l.role_name), code(p)),
            None => cell(&l.role_name),
        };
        let _ = writeln!(
            out,
            "| {} | {role} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&l.group),
            l.ending
                .as_deref()
                .map_or_else(|| "*none yet*".to_owned(), cell),
            l.decisions,
            l.overrides,
            l.hand_counts,
            l.revotes,
            l.undone,
            l.closest_margin.map_or_else(|| "–".to_owned(), percent)
        );
    }
    let _ = writeln!(out, "\n### Endings reached\n");
    for e in &c.endings {
        let groups: Vec<String> = e.groups.iter().map(|g| escape(g)).collect();
        let _ = writeln!(out, "- **{}**: {}", escape(&e.ending), groups.join(", "));
    }
    let _ = writeln!(out, "\n### Where paths diverged\n");
    if c.divergences.is_empty() {
        let _ = writeln!(
            out,
            "No two groups played the same role from the same start, so no paths can be laid side by side; compare their endings and decisions above."
        );
    }
    for v in &c.divergences {
        let (a, b) = (escape(&v.first), escape(&v.second));
        let at = match (&v.scene, &v.node) {
            (Some(s), Some(n)) => format!(" in *{}* ({})", escape(s), code(n)),
            _ => String::new(),
        };
        let line = match v.kind {
            "diverged" => format!(
                "{a} and {b} parted at decision {}{at}: {a} chose “{}”, {b} chose “{}”.",
                v.at,
                escape(v.first_choice.as_deref().unwrap_or("")),
                escape(v.second_choice.as_deref().unwrap_or(""))
            ),
            "ahead" => {
                let (ahead, choice) = match (&v.first_choice, &v.second_choice) {
                    (Some(c), None) => (&a, c),
                    (_, Some(c)) => (&b, c),
                    _ => (&a, &String::new()),
                };
                format!(
                    "{a} and {b} took the same path as far as both went; {ahead} went on at decision {}{at} with “{}”.",
                    v.at,
                    escape(choice)
                )
            }
            _ => format!("{a} and {b} took the same path, decision for decision."),
        };
        let _ = writeln!(out, "- {line}");
    }
    let _ = writeln!(out, "\n### Closest decisions\n");
    if c.closest.is_empty() {
        let _ = writeln!(out, "No decision had a tally.");
    }
    for (k, x) in c.closest.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {}, decision {} in *{}* ({}): “{}” {}, {} (margin {})",
            k + 1,
            escape(&x.group),
            x.decision,
            escape(&x.scene),
            code(&x.node),
            escape(&x.choice_text),
            how_text(x.how),
            split(&x.tally),
            percent(x.margin)
        );
    }
    out.push('\n');
}

/// "3–1–0".
fn split(tally: &[u32]) -> String {
    tally
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join("–")
}

fn group(out: &mut String, g: &GroupInfo) {
    let _ = writeln!(out, "## {} — {}\n", escape(&g.name), escape(&g.role_name));
    if let Some(p) = &g.preset {
        let _ = writeln!(out, "- Start: preset {}", code(p));
    }
    let seats: Vec<String> = g.seats.iter().map(|s| escape(s)).collect();
    let _ = writeln!(
        out,
        "- Seats: {}",
        if seats.is_empty() {
            "none".to_owned()
        } else {
            seats.join(", ")
        }
    );
    let scenes: Vec<String> = g.scenes().iter().map(|s| escape(s)).collect();
    let _ = writeln!(out, "- Scenes: {}", scenes.join(" → "));
    let nodes: Vec<String> = g.path.iter().map(|p| code(&p.node)).collect();
    let _ = writeln!(out, "- Path: {}", nodes.join(" → "));
    match &g.ending {
        Some(e) => {
            let _ = writeln!(out, "- Ending: **{}**\n", escape(&e.title));
        }
        None => {
            let _ = writeln!(
                out,
                "- No ending yet: stopped at {}\n",
                escape(g.stopped_at.as_deref().unwrap_or(""))
            );
        }
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
            split(&p.tally)
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
    if !g.stats.is_empty() {
        let stats: Vec<String> = g
            .stats
            .iter()
            .map(|s| format!("{} {}", escape(&s.label), s.value))
            .collect();
        let _ = writeln!(out, "Stats at the end: {}\n", stats.join(", "));
    }
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
    let taken = format!(
        "Taken: {}. “{}”, {}",
        d.choice,
        escape(&d.choice_text),
        how_text(d.how)
    );
    let margin = d
        .margin
        .map_or_else(String::new, |m| format!(" (margin {})", percent(m)));
    let at = clock(d.at_ms);
    if d.undone {
        let _ = writeln!(out, "~~{taken}{margin}~~ at {at}; undone\n");
    } else {
        let _ = writeln!(out, "**{taken}**{margin} at {at}\n");
    }
    for draw in &d.draws {
        let kind = if draw.kind == "pick" {
            "Random event"
        } else {
            "Chance"
        };
        let what = match &draw.label {
            Some(l) => escape(l),
            None => code(&draw.target),
        };
        let _ = writeln!(out, "- {kind}: {what} ({} in {})", draw.weight, draw.total);
    }
    match &d.ending {
        Some(e) if d.undone => {
            let _ = writeln!(
                out,
                "- Had reached the ending {} before the undo",
                escape(e)
            );
        }
        Some(e) => {
            let _ = writeln!(out, "- Reached the ending **{}**", escape(e));
        }
        None => {}
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
        .map(|p| {
            let name = if p.revote {
                format!("Revote (round {})", p.round)
            } else {
                format!("Vote (round {})", p.round)
            };
            (name, p.tally.as_slice(), Some(p))
        })
        .collect();
    if d.how == "hands"
        && let Some(t) = &d.tally
    {
        cols.push(("Hand count".to_owned(), t.as_slice(), None));
    }
    let head: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
    let _ = writeln!(out, "| Choice | {} |", head.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(cols.len()));
    for (i, text) in d.choices.iter().enumerate() {
        let mark = if i + 1 == d.choice { " ✓" } else { "" };
        let counts: Vec<String> = cols
            .iter()
            .map(|(_, t, p)| {
                let on_ballot = p.is_none_or(|p| p.options.contains(&(i + 1)));
                if on_ballot {
                    t.get(i).copied().unwrap_or(0).to_string()
                } else {
                    "–".to_owned()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| {}. {}{mark} | {} |",
            i + 1,
            cell(text),
            counts.join(" | ")
        );
    }
    let cast: Vec<String> = d
        .polls
        .iter()
        .map(|p| {
            let counted: u32 = p.tally.iter().sum();
            format!(
                "round {}: {counted} counted, {} cast",
                p.round, p.ballots_cast
            )
        })
        .collect();
    if !cast.is_empty() {
        let _ = writeln!(out, "\nBallots: {}.", cast.join("; "));
    }
    out.push('\n');
}
