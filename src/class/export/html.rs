//! The debrief as one self-contained, printable HTML page: the comparison of groups first, then
//! each group with its path drawn over the story graph, its votes as bars, and its ending.

use std::fmt::Write;

use super::model::{Debrief, DecisionInfo, GroupInfo};
use super::{clock, how_text, percent};
use crate::story::Story;
use crate::tools::report::page::{document, escape, inline_svg, paragraphs};
use crate::tools::svg::{Trail, render_trail};

/// Renders `d`; `story` is drawn under each group's path.
pub(super) fn render(story: &Story, d: &Debrief) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>Debrief: {}</h1>", escape(&d.title));
    intro(&mut body, d);
    comparison(&mut body, d);
    for g in &d.groups {
        group(&mut body, story, g);
    }
    document(&format!("Debrief: {}", d.title), "", &body)
}

fn intro(out: &mut String, d: &Debrief) {
    let s = &d.setup;
    let timer = s.vote_seconds.map_or_else(
        || "no vote timer".to_owned(),
        |n| format!("{n} s vote timer"),
    );
    let tie = match s.tie {
        crate::class::TieRule::Revote => "ties go to a revote, then to the facilitator",
        crate::class::TieRule::Facilitator => "the facilitator decides ties",
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} (version {}) · {} groups · {} seats · {} of class time · {}<br>Seed {} · {timer} · {tie} · students named {}</p>",
        escape(&d.story.title),
        escape(&d.story.version),
        d.groups.len(),
        d.seats.iter().filter(|s| !s.removed).count(),
        clock(d.elapsed_ms),
        if d.over {
            "the class is over"
        } else {
            "the class was still running"
        },
        s.seed,
        if d.privacy == "anonymous" {
            "by anonymous ids in seat order"
        } else {
            "by their nicknames"
        }
    );
}

fn comparison(out: &mut String, d: &Debrief) {
    let c = &d.comparison;
    out.push_str("<section class=\"compare\">\n<h2>The groups side by side</h2>\n<table>\n<tr><th>Group</th><th>Role</th><th>Ending</th><th>Decisions</th><th>Overrides</th><th>Hand counts</th><th>Revotes</th><th>Undone</th><th>Closest margin</th></tr>\n");
    for l in &c.groups {
        let role = match &l.preset {
            Some(p) => format!("{} (<code>{}</code>)", escape(&l.role_name), escape(p)),
            None => escape(&l.role_name),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{role}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&l.group),
            l.ending.as_deref().map_or_else(
                || "<em>none yet</em>".to_owned(),
                |e| format!("<strong>{}</strong>", escape(e))
            ),
            l.decisions,
            l.overrides,
            l.hand_counts,
            l.revotes,
            l.undone,
            l.closest_margin.map_or_else(|| "–".to_owned(), percent)
        );
    }
    out.push_str("</table>\n<h3>Endings reached</h3>\n<ul>\n");
    for e in &c.endings {
        let groups: Vec<String> = e.groups.iter().map(|g| escape(g)).collect();
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: {}</li>",
            escape(&e.ending),
            groups.join(", ")
        );
    }
    out.push_str("</ul>\n<h3>Where paths diverged</h3>\n");
    if c.divergences.is_empty() {
        out.push_str("<p>No two groups played the same role from the same start, so no paths can be laid side by side; compare their endings and decisions above.</p>\n");
    } else {
        out.push_str("<ul>\n");
    }
    for v in &c.divergences {
        let (a, b) = (escape(&v.first), escape(&v.second));
        let at = match (&v.scene, &v.node) {
            (Some(s), Some(n)) => {
                format!(" in <em>{}</em> (<code>{}</code>)", escape(s), escape(n))
            }
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
                    (Some(c), None) => (&a, c.as_str()),
                    (_, Some(c)) => (&b, c.as_str()),
                    _ => (&a, ""),
                };
                format!(
                    "{a} and {b} took the same path as far as both went; {ahead} went on at decision {}{at} with “{}”.",
                    v.at,
                    escape(choice)
                )
            }
            _ => format!("{a} and {b} took the same path, decision for decision."),
        };
        let _ = writeln!(out, "<li>{line}</li>");
    }
    if !c.divergences.is_empty() {
        out.push_str("</ul>\n");
    }
    out.push_str("<h3>Closest decisions</h3>\n");
    if c.closest.is_empty() {
        out.push_str("<p>No decision had a tally.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>Group</th><th>Decision</th><th>Taken</th><th>Split</th><th>Margin</th></tr>\n");
        for x in &c.closest {
            let split: Vec<String> = x.tally.iter().map(u32::to_string).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{} — <em>{}</em> (<code>{}</code>)</td><td>“{}” {}</td><td>{}</td><td>{}</td></tr>",
                escape(&x.group),
                x.decision,
                escape(&x.scene),
                escape(&x.node),
                escape(&x.choice_text),
                how_text(x.how),
                split.join("–"),
                percent(x.margin)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

fn group(out: &mut String, story: &Story, g: &GroupInfo) {
    let _ = writeln!(
        out,
        "<section class=\"group\" id=\"group-{}\">\n<h2>{} — {}</h2>",
        g.number,
        escape(&g.name),
        escape(&g.role_name)
    );
    let mut meta = Vec::new();
    if let Some(p) = &g.preset {
        meta.push(format!("Start: preset <code>{}</code>", escape(p)));
    }
    let seats: Vec<String> = g.seats.iter().map(|s| escape(s)).collect();
    meta.push(format!(
        "Seats: {}",
        if seats.is_empty() {
            "none".to_owned()
        } else {
            seats.join(", ")
        }
    ));
    let scenes: Vec<String> = g.scenes().iter().map(|s| escape(s)).collect();
    meta.push(format!("Scenes: {}", scenes.join(" → ")));
    meta.push(match &g.ending {
        Some(e) => format!("Ending: <strong>{}</strong>", escape(&e.title)),
        None => format!(
            "No ending yet: stopped at {}",
            escape(g.stopped_at.as_deref().unwrap_or(""))
        ),
    });
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join("<br>"));
    graph(out, story, g);
    for d in &g.decisions {
        decision(out, d);
    }
    if let Some(p) = &g.open_vote {
        let _ = writeln!(
            out,
            "<div class=\"card\"><h3>A vote still open (round {})</h3><p>{} ballots cast so far.</p>{}</div>",
            p.round,
            p.ballots_cast,
            bars(&[], &p.tally, None)
        );
    }
    if let Some(e) = &g.ending {
        let _ = writeln!(
            out,
            "<div class=\"ending\"><h3>Ending: {}</h3>",
            escape(&e.title)
        );
        if let Some(last) = g.path.last() {
            out.push_str(&paragraphs(&last.text));
        }
        let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(e.summary.trim()));
        if !e.questions.is_empty() {
            out.push_str("<h4>For discussion</h4>\n<ul class=\"questions\">\n");
            for q in &e.questions {
                let _ = writeln!(out, "<li>{}</li>", escape(q));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</div>\n");
    }
    if !g.stats.is_empty() {
        let stats: Vec<String> = g
            .stats
            .iter()
            .map(|s| format!("{} {}", escape(&s.label), escape(&s.value.to_string())))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"meta\">Stats at the end: {}</p>",
            stats.join(", ")
        );
    }
    out.push_str("</section>\n");
}

/// The group's path over the story graph.
fn graph(out: &mut String, story: &Story, g: &GroupInfo) {
    let trail = Trail::from_keys(story, g.path.iter().map(|p| p.node.as_str()));
    let heading = format!("{} — path of {}", story.meta.title, g.name);
    let _ = writeln!(
        out,
        "<h3>Path</h3>\n<p class=\"meta\">{}</p>",
        g.path
            .iter()
            .map(|p| format!("<code>{}</code>", escape(&p.node)))
            .collect::<Vec<_>>()
            .join(" → ")
    );
    match render_trail(story, &trail, &heading) {
        Ok(svg) => {
            let _ = writeln!(
                out,
                "<figure class=\"graph\">{}<figcaption class=\"meta\">The path of {} over the story graph: visited nodes and steps highlighted, the rest faded.</figcaption></figure>",
                inline_svg(&svg, &heading),
                escape(&g.name)
            );
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"meta\">(The story graph could not be drawn: {}.)</p>",
                escape(&e.to_string())
            );
        }
    }
}

/// A tally as one bar per choice: text, count, and a bar as long as its share.
fn bars(choices: &[String], tally: &[u32], taken: Option<usize>) -> String {
    let total: u32 = tally.iter().sum();
    let mut out = String::from("<table class=\"tally\">\n");
    for (i, &n) in tally.iter().enumerate() {
        let share = if total > 0 {
            f64::from(n) / f64::from(total) * 100.0
        } else {
            0.0
        };
        let won = taken == Some(i);
        let text = choices.get(i).map_or_else(
            || format!("Choice {}", i + 1),
            |c| format!("{}. {}", i + 1, escape(c)),
        );
        let _ = writeln!(
            out,
            "<tr><td>{}{text}</td><td>{n}</td><td><span class=\"bar{}\" role=\"img\" aria-label=\"{share:.0}%\"><span style=\"width:{share:.1}%\"></span></span></td></tr>",
            if won { "✓ " } else { "" },
            if won { " won" } else { "" }
        );
    }
    out.push_str("</table>\n");
    out
}

fn decision(out: &mut String, d: &DecisionInfo) {
    let mut tags = String::new();
    match d.how {
        "override" => tags.push_str("<span class=\"tag override\">override</span>"),
        "hands" => tags.push_str("<span class=\"tag hands\">hand count</span>"),
        "lot" => tags.push_str("<span class=\"tag lot\">lot</span>"),
        _ => {}
    }
    if d.polls.iter().any(|p| p.revote) {
        tags.push_str("<span class=\"tag revote\">revote</span>");
    }
    if d.undone {
        tags.push_str("<span class=\"tag undone\">undone</span>");
    }
    let _ = writeln!(
        out,
        "<div class=\"card{}\" id=\"d{}\">\n<h3><span class=\"struck\">Decision {} — {} (<code>{}</code>)</span>{tags}</h3>",
        if d.undone { " undone" } else { "" },
        d.number,
        d.number,
        escape(&d.scene),
        escape(&d.node)
    );
    out.push_str(&paragraphs(&d.passage));
    if let Some(p) = &d.prompt {
        let _ = writeln!(out, "<p class=\"prompt\">Discuss: {}</p>", escape(p));
    }
    for p in &d.polls {
        let counted: u32 = p.tally.iter().sum();
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} (round {}): {counted} counted, {} cast</p>",
            if p.revote { "Revote" } else { "Vote" },
            p.round,
            p.ballots_cast
        );
        let shown: Vec<u32> = p
            .tally
            .iter()
            .enumerate()
            .map(|(i, &n)| if p.options.contains(&(i + 1)) { n } else { 0 })
            .collect();
        out.push_str(&bars(&d.choices, &shown, Some(d.choice - 1)));
    }
    if d.how == "hands"
        && let Some(t) = &d.tally
    {
        out.push_str("<p class=\"meta\">Hand count typed by the facilitator</p>\n");
        out.push_str(&bars(&d.choices, t, Some(d.choice - 1)));
    }
    let margin = d
        .margin
        .map_or_else(String::new, |m| format!(" (margin {})", percent(m)));
    let taken = format!(
        "Taken: {}. “{}”, {}{margin}",
        d.choice,
        escape(&d.choice_text),
        how_text(d.how)
    );
    if d.undone {
        let _ = writeln!(
            out,
            "<p class=\"choice\"><del>{taken}</del> at {}; undone by the facilitator</p>",
            clock(d.at_ms)
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"choice\"><strong>{taken}</strong> at {}</p>",
            clock(d.at_ms)
        );
    }
    for draw in &d.draws {
        let kind = if draw.kind == "pick" {
            "Random event"
        } else {
            "Chance"
        };
        let _ = writeln!(
            out,
            "<p class=\"chance\">{kind}: {}</p>",
            escape(&draw.describe())
        );
    }
    match &d.ending {
        Some(e) if d.undone => {
            let _ = writeln!(
                out,
                "<p>Had reached the ending {} before the undo</p>",
                escape(e)
            );
        }
        Some(e) => {
            let _ = writeln!(
                out,
                "<p>Reached the ending <strong>{}</strong></p>",
                escape(e)
            );
        }
        None => {}
    }
    out.push_str("</div>\n");
}
