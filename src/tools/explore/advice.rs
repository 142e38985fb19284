//! The explore report's sections for writers' choices: choices without consequence and stat
//! balance.

use std::fmt::Write as _;

use super::balance::{BOUND_SHARE, Balance, BalanceFlag};
use super::reads::ReadKind;
use super::render::{list, plural, replay_command};
use super::{ModeKind, Report};

/// Choices that led to the same state, with a command reaching each, and the share of choice
/// nodes where no choice makes a difference.
pub(super) fn inconsequential(out: &mut String, report: &Report, story_dir: &str, full: bool) {
    let c = &report.consequence;
    if c.choice_nodes == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\nChoices without consequence: at {} of {} choice nodes ({:.1}%) no choice makes a \
         difference.",
        c.without_consequence,
        c.choice_nodes,
        c.share * 100.0
    );
    if report.inconsequential.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  Choices leading to the same state (same next node, same {}, same once-only choices) \
         wherever they were enabled together ({}):",
        c.compares,
        report.inconsequential.len()
    );
    let unit = match report.mode {
        ModeKind::Random => "visit",
        ModeKind::Exhaustive => "state",
    };
    let items: Vec<String> = report
        .inconsequential
        .iter()
        .map(|i| {
            let texts = i
                .texts
                .iter()
                .map(|t| format!("\"{}\"", super::render::clip(t, 30)))
                .collect::<Vec<_>>()
                .join(", ");
            let choices = join_numbers(&i.choices, "and");
            let whole = if i.whole_node {
                ": no choice here matters"
            } else {
                ""
            };
            format!(
                "{} choices {choices} ({texts}), in {}{whole}\n      {}   then choose {}",
                i.node,
                plural(i.states, unit),
                replay_command(&i.example, story_dir),
                join_numbers(&i.numbers, "or"),
            )
        })
        .collect();
    list(out, &items, full);
}

fn join_numbers(ns: &[usize], last: &str) -> String {
    match ns {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., end] => format!(
            "{} {last} {end}",
            init.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Each variable's values at the endings, its readers and its flags.
pub(super) fn balance(out: &mut String, report: &Report, full: bool) {
    if report.balance.is_empty() {
        return;
    }
    let over = match report.mode {
        ModeKind::Random => "endings: playthroughs that ended",
        ModeKind::Exhaustive => {
            "endings: steps into an ending from each state walked; --runs N gives playthrough shares"
        }
    };
    let _ = writeln!(
        out,
        "\nStat balance at endings (each variable over the endings of the roles that use it; {over}):"
    );
    let w = report
        .balance
        .iter()
        .map(|b| b.variable.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 24);
    let _ = writeln!(
        out,
        "    {:<w$}  {:>8}  {:>6} {:>6} {:>6}  {:>6} {:>6}  read by",
        "variable", "endings", "min", "median", "max", "at min", "at max"
    );
    for b in &report.balance {
        let _ = writeln!(out, "    {}", line(b, w));
        if full {
            for r in &b.reads {
                let choice = r.choice.map(|c| format!(" choice {c}")).unwrap_or_default();
                let _ = writeln!(out, "        {} {}{choice}", kind_name(r.kind), r.node);
            }
        }
        for f in &b.flags {
            let _ = writeln!(out, "      ! {}", flag(f));
        }
    }
}

fn line(b: &Balance, w: usize) -> String {
    let num = |n: Option<i64>| n.map_or_else(|| "-".to_owned(), |v| v.to_string());
    let pct = |s: Option<f64>| s.map_or_else(|| "-".to_owned(), |v| format!("{:.1}%", v * 100.0));
    let values = match b.share_true {
        Some(s) => format!("true in {:.1}%", s * 100.0),
        None => format!("{:>6} {:>6} {:>6}", num(b.min), num(b.median), num(b.max)),
    };
    let name = super::render::clip(&b.variable, w);
    let endings = if b.ty == "text" {
        "-".to_owned()
    } else {
        super::render::thousands(b.endings)
    };
    format!(
        "{name:<w$}  {endings:>8}  {values:>20}  {:>6} {:>6}  {}",
        pct(b.at_min),
        pct(b.at_max),
        readers(b)
    )
}

/// `2 choices, 1 {if}, 3 texts`: how many places of each kind read it.
fn readers(b: &Balance) -> String {
    if b.reads.is_empty() {
        return "nothing".to_owned();
    }
    let kinds = [
        ReadKind::Choice,
        ReadKind::Chance,
        ReadKind::IfText,
        ReadKind::Text,
        ReadKind::Effect,
        ReadKind::Ending,
    ];
    kinds
        .iter()
        .filter_map(|k| {
            let n = b.reads.iter().filter(|r| r.kind == *k).count() as u64;
            (n > 0).then(|| plural(n, kind_name(*k)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_name(k: ReadKind) -> &'static str {
    match k {
        ReadKind::Choice => "choice condition",
        ReadKind::Chance => "weight",
        ReadKind::IfText => "{if} text",
        ReadKind::Text => "{value} text",
        ReadKind::Effect => "effect",
        ReadKind::Ending => "ending",
    }
}

fn flag(f: &BalanceFlag) -> String {
    match f {
        BalanceFlag::NeverRead => {
            "nothing reads it: no condition, weight, text or effect uses its value".to_owned()
        }
        BalanceFlag::NotReadAfterSet => {
            "nothing reads it after an effect sets it: the changes make no difference".to_owned()
        }
        BalanceFlag::AtBound { bound, share } => format!(
            "at {bound} in {:.1}% of endings (more than {:.0}%)",
            share * 100.0,
            BOUND_SHARE * 100.0
        ),
    }
}
