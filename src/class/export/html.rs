//! The debrief as one self-contained, printable HTML page: the comparison of groups first, then
//! each group with its path drawn over the story graph, its votes as bars, and its ending.

use std::fmt::Write;

use super::model::{Debrief, DecisionInfo, GroupInfo};
use super::prose::{self, Html, Markup};
use super::{clock, how_text, percent};
use crate::story::Story;
use crate::tools::report::page::{document, escape, inline_svg, paragraphs};
use crate::tools::svg::{Trail, render_trail};

/// Renders `d`; `story` is drawn under each group's path.
pub(super) fn render(story: &Story, d: &Debrief) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>{}</h1>",
        t!("export-title", title = escape(&d.title))
    );
    intro(&mut body, d);
    comparison(&mut body, d);
    for g in &d.groups {
        group(&mut body, story, g);
    }
    sources(&mut body, d);
    // The page says it is in the interface's language (`document` writes `en`).
    document(&t!("export-title", title = d.title.as_str()), "", &body).replacen(
        "<html lang=\"en\">",
        &format!("<html lang=\"{}\">", crate::i18n::ui::language()),
        1,
    )
}

/// The sources the groups' context notes cited, if any.
fn sources(out: &mut String, d: &Debrief) {
    if d.sources.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"sources\" id=\"sources\">\n<h2>{}</h2>\n<ul>",
        t!("export-sources")
    );
    for s in &d.sources {
        let _ = write!(out, "<li>{}", escape(&s.line));
        if !s.supports.is_empty() {
            let _ = write!(out, " <span class=\"meta\">{}</span>", escape(&s.supports));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn intro(out: &mut String, d: &Debrief) {
    let s = prose::setup(d);
    let class = t!(
        "export-html-intro-class",
        title = escape(&d.story.title),
        version = escape(&d.story.version),
        groups = d.groups.len(),
        seats = d.seats.iter().filter(|s| !s.removed).count(),
        time = clock(d.elapsed_ms),
        state = s.state
    );
    let setup = t!(
        "export-html-intro-setup",
        seed = d.setup.seed.to_string(),
        timer = s.timer,
        tie = s.tie,
        naming = s.naming
    );
    let _ = writeln!(out, "<p class=\"meta\">{class}<br>{setup}</p>");
}

fn comparison(out: &mut String, d: &Debrief) {
    let c = &d.comparison;
    out.push_str("<section class=\"compare\">\n");
    out.push_str(&prose::comparison(&Html, c));
    if c.closest.is_empty() {
        out.push_str(&Html.para(&prose::no_tally()));
    } else {
        out.push_str(&Html.table(
            &[
                t!("export-col-group"),
                t!("export-col-decision"),
                t!("export-col-taken"),
                t!("export-col-split"),
                t!("export-col-margin"),
            ],
            2,
        ));
        for x in &c.closest {
            out.push_str(&Html.row(&[
                escape(&x.group),
                format!(
                    "{} — {} ({})",
                    x.decision,
                    Html.em(&escape(&x.scene)),
                    Html.code(&x.node)
                ),
                format!("“{}” {}", escape(&x.choice_text), how_text(x.how)),
                prose::split(&x.tally),
                percent(x.margin),
            ]));
        }
        out.push_str(Html.table_end());
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
    let meta = prose::group_facts(&Html, g, None);
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join("<br>"));
    graph(out, story, g);
    pictures(out, story, g);
    for d in &g.decisions {
        decision(out, d);
    }
    if let Some(p) = &g.open_vote {
        let _ = writeln!(
            out,
            "<div class=\"card\"><h3>{}</h3><p>{}</p>{}</div>",
            t!("export-open-vote", round = p.round),
            t!("export-open-vote-html", cast = p.ballots_cast),
            bars(&[], &p.tally, None)
        );
    }
    if let Some(e) = &g.ending {
        let _ = writeln!(
            out,
            "<div class=\"ending\"><h3>{}</h3>",
            t!("export-ending", title = escape(&e.title))
        );
        if let Some(last) = g.path.last() {
            out.push_str(&paragraphs(&last.text));
        }
        let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(e.summary.trim()));
        if !e.questions.is_empty() {
            let _ = writeln!(
                out,
                "<h4>{}</h4>\n<ul class=\"questions\">",
                t!("export-for-discussion")
            );
            for q in &e.questions {
                let _ = writeln!(out, "<li>{}</li>", escape(q));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</div>\n");
    }
    if let Some(stats) = prose::stats(&Html, g) {
        let _ = writeln!(out, "<p class=\"meta\">{stats}</p>");
    }
    out.push_str("</section>\n");
}

/// The pictures the group was shown, embedded so the page stays one file.
fn pictures(out: &mut String, story: &Story, g: &GroupInfo) {
    use base64::Engine as _;
    let shown: Vec<_> = g
        .pictures
        .iter()
        .filter_map(|p| Some((p, story.picture(&p.file)?)))
        .filter(|(_, pic)| pic.is_png())
        .collect();
    if shown.is_empty() {
        return;
    }
    out.push_str("<div class=\"pictures\">\n");
    for (p, pic) in shown {
        let _ = writeln!(
            out,
            "<figure class=\"picture\"><img src=\"data:image/png;base64,{}\" alt=\"{}\"><figcaption class=\"meta\">{}</figcaption></figure>",
            base64::engine::general_purpose::STANDARD.encode(&pic.bytes),
            escape(&p.alt),
            escape(&p.alt)
        );
    }
    out.push_str("</div>\n");
}

/// The group's path over the story graph.
fn graph(out: &mut String, story: &Story, g: &GroupInfo) {
    let trail = Trail::from_keys(story, g.path.iter().map(|p| p.node.as_str()));
    let heading = t!(
        "export-graph-heading",
        story = story.meta.title.as_str(),
        group = g.name.as_str()
    );
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<p class=\"meta\">{}</p>",
        t!("export-path"),
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
                "<figure class=\"graph\">{}<figcaption class=\"meta\">{}</figcaption></figure>",
                inline_svg(&svg, &heading),
                t!("export-graph-caption", group = escape(&g.name))
            );
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"meta\">{}</p>",
                t!("export-graph-failed", error = escape(&e.to_string()))
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
            || t!("export-choice-n", n = i + 1),
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
    let mut tag = |class: &str, id: &str| {
        let _ = write!(tags, "<span class=\"tag {class}\">{}</span>", t!(id));
    };
    match d.how {
        "override" => tag("override", "export-tag-override"),
        "hands" => tag("hands", "export-tag-hands"),
        "lot" => tag("lot", "export-tag-lot"),
        _ => {}
    }
    if d.polls.iter().any(|p| p.revote) {
        tag("revote", "export-tag-revote");
    }
    if d.undone {
        tag("undone", "export-tag-undone");
    }
    let title = t!(
        "export-decision",
        number = d.number,
        scene = escape(&d.scene),
        node = format!("<code>{}</code>", escape(&d.node))
    );
    let _ = writeln!(
        out,
        "<div class=\"card{}\" id=\"d{}\">\n<h3><span class=\"struck\">{title}</span>{tags}</h3>",
        if d.undone { " undone" } else { "" },
        d.number
    );
    out.push_str(&paragraphs(&d.passage));
    if let Some(p) = &d.prompt {
        let _ = writeln!(
            out,
            "<p class=\"prompt\">{}</p>",
            t!("export-discuss", prompt = escape(p))
        );
    }
    for p in &d.polls {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}: {}</p>",
            prose::poll_name(p),
            prose::counted(p)
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
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", t!("export-hands-typed"));
        out.push_str(&bars(&d.choices, t, Some(d.choice - 1)));
    }
    let (taken, margin) = prose::taken(&Html, d);
    let taken = format!("{taken}{margin}");
    if d.undone {
        let _ = writeln!(
            out,
            "<p class=\"choice\"><del>{taken}</del> {}</p>",
            t!("export-at-undone-by-facilitator", time = clock(d.at_ms))
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"choice\"><strong>{taken}</strong> {}</p>",
            t!("export-at", time = clock(d.at_ms))
        );
    }
    for draw in &d.draws {
        let _ = writeln!(
            out,
            "<p class=\"chance\">{}: {}</p>",
            prose::draw_kind(draw.kind),
            escape(&draw.describe())
        );
    }
    if let Some(reached) = prose::reached(&Html, d) {
        let _ = writeln!(out, "<p>{reached}</p>");
    }
    out.push_str("</div>\n");
}
