//! The human-readable explore report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{ModeKind, ProblemKind, Replay, Report, RoleReport};

/// Lines of a list shown before "… and N more (--full shows all)".
const LIST_LIMIT: usize = 12;

/// The command that replays `r` in the terminal, or why there is none.
pub(super) fn replay_command(r: &Replay, story_dir: &str) -> String {
    let script = r
        .script
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let script = if script.is_empty() {
        String::new()
    } else {
        format!(" --script {script}")
    };
    match r.seed {
        Some(seed) => format!(
            "aftermath play --text --story {} --role {} --seed {seed}{script}",
            crate::tools::shell::quote(story_dir),
            crate::tools::shell::quote(&r.role)
        ),
        None => format!(
            "choices {} (needs random outcomes no seed below {} gives)",
            if script.is_empty() {
                "none"
            } else {
                script.trim_start_matches(" --script ")
            },
            super::SEED_TRIES
        ),
    }
}

pub(super) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 ending`, `2 endings`, `1,200 choices`.
pub(super) fn plural(n: u64, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

pub(super) fn list(out: &mut String, items: &[String], full: bool) {
    let shown = if full {
        items.len()
    } else {
        items.len().min(LIST_LIMIT)
    };
    for item in &items[..shown] {
        let _ = writeln!(out, "    {item}");
    }
    if shown < items.len() {
        let _ = writeln!(
            out,
            "    … and {} more (--full shows all)",
            items.len() - shown
        );
    }
}

/// Renders the report for a terminal. `story_dir` is how the user named the story folder.
pub fn render(report: &Report, story_dir: &str, full: bool) -> String {
    let mut out = String::new();
    let random = report.mode == ModeKind::Random;
    header(&mut out, report, random);
    for role in &report.roles {
        role_section(&mut out, role, random, story_dir);
    }
    coverage(&mut out, report, full);
    gaps(&mut out, report, full);
    super::advice::inconsequential(&mut out, report, story_dir, full);
    super::advice::balance(&mut out, report, full);
    problems(&mut out, report, story_dir);
    verdict(&mut out, report);
    out
}

/// The first line: what was explored, how, how fast.
fn header(out: &mut String, report: &Report, random: bool) {
    let total: u64 = report.roles.iter().map(|r| r.playthroughs).sum();
    if random {
        let _ = writeln!(
            out,
            "Explored \"{}\" with {} random playthroughs (seed {}) in {:.2} s ({}/s).",
            report.story,
            thousands(total),
            report.seed.unwrap_or(0),
            report.seconds,
            thousands(report.playthroughs_per_second.unwrap_or(0.0) as u64),
        );
    } else {
        let _ = writeln!(
            out,
            "Explored \"{}\" exhaustively: {} states in {:.2} s.",
            report.story,
            thousands(total),
            report.seconds
        );
    }
}

/// One role's playthroughs (or states), the endings it reached and its longest path.
fn role_section(out: &mut String, role: &RoleReport, random: bool, story_dir: &str) {
    let _ = writeln!(out);
    if random {
        let _ = write!(
            out,
            "Role {} ({}): {} playthroughs, {} reached an ending",
            role.role,
            role.name,
            thousands(role.playthroughs),
            thousands(role.finished)
        );
        if let Some(avg) = role.average_path {
            let _ = write!(out, ", {avg:.1} choices on average");
        }
        let _ = writeln!(out);
        if role.unfinished > 0 {
            let _ = writeln!(
                out,
                "  {} playthroughs had not ended after --max-turns choices: a loop?",
                thousands(role.unfinished)
            );
        }
    } else {
        let _ = writeln!(
            out,
            "Role {} ({}): {} states{}",
            role.role,
            role.name,
            thousands(role.playthroughs),
            if role.complete {
                ", all of them".to_owned()
            } else {
                ", stopped at --max-states (random playthroughs then sampled the rest: see below)"
                    .to_owned()
            }
        );
    }
    let _ = writeln!(
        out,
        "  {} reached:",
        plural(role.endings.len() as u64, "ending")
    );
    for e in &role.endings {
        let how = match e.share {
            Some(share) => format!("{:>6} ({:>5.1}%)", thousands(e.count), share * 100.0),
            None => format!(
                "path of {}",
                plural(e.example.script.len() as u64, "choice")
            ),
        };
        let _ = writeln!(out, "    {:<40} {how}  \"{}\"", e.node, e.title);
        let _ = writeln!(out, "      {}", replay_command(&e.example, story_dir));
    }
    if let Some(longest) = &role.longest_path {
        let what = if random {
            "Longest playthrough"
        } else {
            "Longest path walked"
        };
        let _ = writeln!(
            out,
            "  {what}: {}\n      {}",
            plural(longest.script.len() as u64, "choice"),
            replay_command(longest, story_dir)
        );
    }
}

/// Coverage by scene, over nodes in reach of the explored roles; with `full`, every node's and
/// choice's count.
fn coverage(out: &mut String, report: &Report, full: bool) {
    let _ = writeln!(out, "\nCoverage by scene (nodes entered, choices taken):");
    let mut scenes: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for n in report.nodes.iter().filter(|n| n.in_reach) {
        let e = scenes.entry(&n.scene).or_insert_with(|| {
            order.push(&n.scene);
            (0, 0, 0, 0)
        });
        e.0 += usize::from(n.hits > 0);
        e.1 += 1;
    }
    for c in report.choices.iter().filter(|c| c.in_reach) {
        let scene = c.node.split('.').next().unwrap_or("");
        if let Some(e) = scenes.get_mut(scene) {
            e.2 += usize::from(c.taken > 0);
            e.3 += 1;
        }
    }
    for scene in order {
        let (nr, nt, cr, ct) = scenes[scene];
        let _ = writeln!(
            out,
            "    {scene:<28} nodes {nr:>4}/{nt:<4}  choices {cr:>4}/{ct}"
        );
    }
    if full {
        let _ = writeln!(out, "\nEvery node (hits):");
        for n in report.nodes.iter().filter(|n| n.in_reach) {
            let _ = writeln!(out, "    {:<40} {}", n.node, thousands(n.hits));
        }
        let _ = writeln!(out, "\nEvery choice (taken):");
        for c in report.choices.iter().filter(|c| c.in_reach) {
            let _ = writeln!(
                out,
                "    {:<40} {:>2}. {:<44} {}",
                c.node,
                c.number,
                clip(&c.text, 44),
                thousands(c.taken)
            );
        }
    }
}

/// What no playthrough saw: nodes, enabled choices, `{if}` branches; and clamped stats.
fn gaps(out: &mut String, report: &Report, full: bool) {
    let never: Vec<String> = report
        .nodes
        .iter()
        .filter(|n| n.in_reach && n.hits == 0)
        .map(|n| n.node.clone())
        .collect();
    if !never.is_empty() {
        let _ = writeln!(out, "\nNodes never reached ({}):", never.len());
        list(out, &never, full);
    }
    let disabled: Vec<String> = report
        .choices
        .iter()
        .filter(|c| c.in_reach && !c.enabled && !c.always_disabled)
        .map(|c| format!("{} choice {}: \"{}\"", c.node, c.number, clip(&c.text, 50)))
        .collect();
    if !disabled.is_empty() {
        let _ = writeln!(out, "\nChoices never enabled ({}):", disabled.len());
        list(out, &disabled, full);
    }
    // An empty `{else}` never shown just means the condition always held: not worth a line.
    let unseen: Vec<String> = report
        .texts
        .iter()
        .filter(|t| t.in_reach && t.shown == 0 && !(t.is_else && t.preview == "(nothing)"))
        .map(|t| {
            let which = if t.is_else {
                "else".to_owned()
            } else {
                format!("branch {}", t.branch)
            };
            format!(
                "{} {{if}} #{}, {which}: \"{}\"",
                t.node, t.fragment, t.preview
            )
        })
        .collect();
    if !unseen.is_empty() {
        let _ = writeln!(
            out,
            "\nText never shown ({}): `{{if}}` branches no playthrough displayed",
            unseen.len()
        );
        list(out, &unseen, full);
    }
    if !report.clamps.is_empty() {
        let _ = writeln!(
            out,
            "\nStats pushed past their declared range (the engine clamped them) ({}):",
            report.clamps.len()
        );
        let items: Vec<String> = report
            .clamps
            .iter()
            .map(|c| {
                format!(
                    "{} past {} at {}: wanted {}, {}",
                    c.variable,
                    c.bound,
                    c.node,
                    c.wanted,
                    plural(c.count, "time")
                )
            })
            .collect();
        list(out, &items, full);
    }
}

/// Soft-locks and play errors with a replay command each, and the endings never reached.
fn problems(out: &mut String, report: &Report, story_dir: &str) {
    if !report.problems.is_empty() {
        let _ = writeln!(out, "\nProblems ({}):", report.problems.len());
        for p in &report.problems {
            let kind = match p.kind {
                ProblemKind::SoftLock => "soft-lock",
                ProblemKind::PlayError => "error",
            };
            let _ = writeln!(
                out,
                "    {kind} at {}: {} ({})\n      {}",
                p.node,
                p.message,
                plural(p.count, "time"),
                replay_command(&p.example, story_dir)
            );
        }
    }
    if let Some(sampled) = &report.sampled {
        let _ = writeln!(
            out,
            "\nBeyond the walk: {} random playthroughs of {} (seed {}) reached {} the walk had not{}",
            thousands(sampled.runs),
            sampled.roles.join(", "),
            sampled.seed,
            plural(sampled.endings.len() as u64, "more ending"),
            if sampled.endings.is_empty() { "." } else { ":" }
        );
        for e in &sampled.endings {
            let _ = writeln!(out, "    {:<40} \"{}\"", e.node, e.title);
            let _ = writeln!(out, "      {}", replay_command(&e.example, story_dir));
        }
        let _ = writeln!(
            out,
            "  (Coverage above counts the walk's visits and these playthroughs' together.)"
        );
    }
    if !report.unreached_endings.is_empty() {
        let heading = if cut_short(report) {
            "Endings reached neither by the walk (stopped at --max-states) nor by the playthroughs after it"
        } else {
            "Endings never reached"
        };
        let _ = writeln!(out, "\n{heading} ({}):", report.unreached_endings.len());
        for e in &report.unreached_endings {
            let _ = writeln!(out, "    {:<40} \"{}\"", e.node, e.title);
        }
    }
}

/// An exhaustive walk that stopped at `--max-states` for some role: what it did not reach is
/// unknown, not unreachable.
fn cut_short(report: &Report) -> bool {
    report.mode == ModeKind::Exhaustive && report.roles.iter().any(|r| !r.complete)
}

/// The last line: OK, or FAILED with what failed.
fn verdict(out: &mut String, report: &Report) {
    let _ = writeln!(out);
    if report.failed() {
        let mut what = Vec::new();
        if !report.problems.is_empty() {
            what.push(plural(report.problems.len() as u64, "problem"));
        }
        if !report.unreached_endings.is_empty() {
            let n = report.unreached_endings.len() as u64;
            if cut_short(report) {
                what.push(format!(
                    "{} not reached by the walk (stopped at --max-states) or the random playthroughs \
                     after it (they may still be reachable: raise --max-states, or sample more with \
                     --runs 200000)",
                    plural(n, "ending")
                ));
            } else {
                what.push(format!("{} never reached", plural(n, "ending")));
            }
        }
        let _ = writeln!(out, "FAILED: {}.", what.join(", "));
    } else {
        let how = if cut_short(report) {
            " (by the walk or, past --max-states, by random playthroughs)"
        } else {
            ""
        };
        let _ = writeln!(out, "OK: no soft-locks, every ending reached{how}.");
    }
}

pub(super) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
