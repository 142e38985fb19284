//! The terminal facilitator: its commands (`open 2`, `override 1 3`, …) parsed into class
//! actions, and the `status` text. Groups and choices are numbered from 1 as `status` shows them.

use std::fmt::Write;
use std::path::PathBuf;

use crate::class::{Action, FacilitatorView, Spot, Target};

/// One line the facilitator typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    Act(Action),
    Status,
    Help,
    /// The debrief into this folder; `true` keeps nicknames.
    Export(PathBuf, bool),
    Nothing,
}

pub const HELP: &str = "\
Commands (G is a group number as `status` shows it; leave it out for every group):
  status                 the groups, their votes and tallies
  open [G]               open the vote          close [G]     close it and decide
  pause [G]              pause the vote         resume [G]    resume it
  extend [G] SECONDS     add time to the timer  reveal [G]    show the tally to students
  override G N           take choice N for group G, whatever the vote
  undo G                 take back group G's last decision
  hands G n1 n2 …        decide by hands raised: one count per choice
  spotlight G | off      put group G's passage on phones and the projector
  prompt G               put group G's discussion prompt in the spotlight
  lock | unlock          refuse or accept new seats
  remove SEAT            remove a seat (its phone is told)
  pause all | resume all pause or resume the whole class
  export DIR [names]     write the debrief into DIR (students anonymous unless `names`)
  end                    end the class
  help                   this list";

fn number(word: &str, what: &str, max: usize) -> Result<usize, String> {
    match word.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n - 1),
        _ if max == 0 => Err(format!("there is no {what} {word:?}")),
        _ => Err(format!(
            "{what} must be a number from 1 to {max}, not {word:?}"
        )),
    }
}

fn target(word: Option<&str>, groups: usize) -> Result<Target, String> {
    match word {
        None | Some("all") => Ok(Target::All),
        Some(w) => number(w, "a group", groups).map(Target::Group),
    }
}

/// Parses one line. `groups` is the number of groups; `choices(g)` the number of visible
/// choices group `g` has now.
pub fn parse(line: &str, groups: usize, choices: &dyn Fn(usize) -> usize) -> Result<Typed, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&verb, args)) = words.split_first() else {
        return Ok(Typed::Nothing);
    };
    let arity = |min: usize, max: usize, usage: &str| {
        if (min..=max).contains(&args.len()) {
            Ok(())
        } else {
            Err(format!("usage: {usage}"))
        }
    };
    let group = |i: usize| number(args[i], "a group", groups);
    let act = |a: Action| Ok(Typed::Act(a));
    match verb.to_ascii_lowercase().as_str() {
        "status" | "s" => arity(0, 0, "status").map(|()| Typed::Status),
        "help" | "h" | "?" => Ok(Typed::Help),
        "open" => arity(0, 1, "open [G]")
            .and_then(|()| act(Action::Open(target(args.first().copied(), groups)?))),
        "close" => arity(0, 1, "close [G]")
            .and_then(|()| act(Action::Close(target(args.first().copied(), groups)?))),
        "reveal" => arity(0, 1, "reveal [G]")
            .and_then(|()| act(Action::Reveal(target(args.first().copied(), groups)?))),
        "pause" if args == ["all"] => act(Action::PauseClass),
        "resume" if args == ["all"] => act(Action::ResumeClass),
        "pause" => arity(0, 1, "pause [G] (or `pause all` for the whole class)")
            .and_then(|()| act(Action::Pause(target(args.first().copied(), groups)?))),
        "resume" => arity(0, 1, "resume [G] (or `resume all` for the whole class)")
            .and_then(|()| act(Action::Resume(target(args.first().copied(), groups)?))),
        "extend" => {
            arity(0, 2, "extend [G] SECONDS")?;
            let (g, secs) = match args {
                [] => (None, "30"),
                [s] => (None, *s),
                [g, s] => (Some(*g), *s),
                _ => unreachable!("arity checked"),
            };
            let secs = match secs.parse::<u32>() {
                Ok(n) if (1..=3600).contains(&n) => n,
                _ => {
                    return Err(format!(
                        "seconds must be a number from 1 to 3600, not {secs:?}"
                    ));
                }
            };
            act(Action::Extend(target(g, groups)?, secs))
        }
        "override" => {
            arity(2, 2, "override G N")?;
            let g = group(0)?;
            let choice = number(args[1], "a choice", choices(g))?;
            act(Action::Override { group: g, choice })
        }
        "undo" => arity(1, 1, "undo G").and_then(|()| act(Action::Undo { group: group(0)? })),
        "hands" => {
            if args.is_empty() {
                return Err("usage: hands G n1 n2 … (one count per choice)".into());
            }
            let g = group(0)?;
            let counts = args[1..]
                .iter()
                .map(|w| {
                    w.parse::<u32>()
                        .map_err(|_| format!("a hand count is a whole number, not {w:?}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            act(Action::Hands { group: g, counts })
        }
        "spotlight" => match args {
            ["off"] => act(Action::Spotlight(None)),
            [_] => act(Action::Spotlight(Some(Spot::Group { group: group(0)? }))),
            [_, _] => act(Action::Spotlight(Some(Spot::Pair {
                left: group(0)?,
                right: group(1)?,
            }))),
            _ => Err("usage: spotlight G | spotlight G1 G2 | spotlight off".into()),
        },
        "prompt" => arity(1, 1, "prompt G")
            .and_then(|()| act(Action::Spotlight(Some(Spot::Prompt { group: group(0)? })))),
        "lock" => arity(0, 0, "lock").and_then(|()| act(Action::Lock(true))),
        "unlock" => arity(0, 0, "unlock").and_then(|()| act(Action::Lock(false))),
        "remove" => {
            arity(1, 1, "remove SEAT")?;
            match args[0].parse::<u32>() {
                Ok(seat) if seat >= 1 => act(Action::Remove { seat }),
                _ => Err(format!("a seat is a number from 1, not {:?}", args[0])),
            }
        }
        "export" => {
            arity(1, 2, "export DIR [names]")?;
            match args.get(1) {
                None => Ok(Typed::Export(PathBuf::from(args[0]), false)),
                Some(&"names") => Ok(Typed::Export(PathBuf::from(args[0]), true)),
                Some(other) => Err(format!(
                    "usage: export DIR [names] (names keeps nicknames in the debrief), not {other:?}"
                )),
            }
        }
        "end" => arity(0, 0, "end").and_then(|()| act(Action::End)),
        other => Err(format!(
            "unknown command {other:?}; type `help` for the list"
        )),
    }
}

/// The `status` text: the class, then one block per group with its vote and choices.
pub fn status(view: &FacilitatorView) -> String {
    let mut out = String::new();
    let mut flags = Vec::new();
    if view.locked {
        flags.push("locked");
    }
    if view.paused {
        flags.push("PAUSED");
    }
    if view.ended {
        flags.push("ended");
    } else if view.over {
        flags.push("every group has ended");
    }
    let _ = writeln!(
        out,
        "{} · code {} · {}/{} seats{}",
        view.title,
        view.code,
        view.seats,
        view.seat_cap,
        if flags.is_empty() {
            String::new()
        } else {
            format!(" · {}", flags.join(", "))
        }
    );
    if let Some(s) = &view.spotlight {
        let _ = writeln!(out, "spotlight: {}", s.title);
    }
    for g in &view.groups {
        let _ = writeln!(
            out,
            "{}. {} ({}) · {} seat(s) · {} · {}",
            g.index + 1,
            g.name,
            g.role,
            g.seats.len(),
            g.scene,
            g.node
        );
        if let Some(e) = &g.ending {
            let _ = writeln!(out, "   ended: {}", e.title);
            continue;
        }
        let v = &g.vote;
        let timer = v
            .seconds_left
            .map(|s| format!(", {s} s left"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "   vote round {}: {}{}{}, {}/{} ballots{timer}",
            v.round,
            v.state,
            if v.revote { " (revote)" } else { "" },
            if v.state == "deciding" {
                ": a tie, decide with `override`"
            } else {
                ""
            },
            v.ballots,
            v.seats
        );
        for (i, c) in g.choices.iter().enumerate() {
            let count = v
                .tally
                .as_ref()
                .and_then(|t| t.get(i))
                .map(|n| format!("[{n}] "))
                .unwrap_or_default();
            let off = if c.enabled { "" } else { " (disabled)" };
            let _ = writeln!(out, "   {}) {count}{}{off}", i + 1, c.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<Typed, String> {
        parse(line, 3, &|_| 2)
    }

    #[test]
    fn commands_become_actions() {
        assert_eq!(p("open"), Ok(Typed::Act(Action::Open(Target::All))));
        assert_eq!(
            p("close 2"),
            Ok(Typed::Act(Action::Close(Target::Group(1))))
        );
        assert_eq!(
            p("extend 30"),
            Ok(Typed::Act(Action::Extend(Target::All, 30)))
        );
        assert_eq!(
            p("extend 3 15"),
            Ok(Typed::Act(Action::Extend(Target::Group(2), 15)))
        );
        assert_eq!(
            p("override 1 2"),
            Ok(Typed::Act(Action::Override {
                group: 0,
                choice: 1
            }))
        );
        assert_eq!(
            p("hands 2 4 5"),
            Ok(Typed::Act(Action::Hands {
                group: 1,
                counts: vec![4, 5]
            }))
        );
        assert_eq!(p("spotlight off"), Ok(Typed::Act(Action::Spotlight(None))));
        assert_eq!(
            p("prompt 3"),
            Ok(Typed::Act(Action::Spotlight(Some(Spot::Prompt {
                group: 2
            }))))
        );
        assert_eq!(p("pause all"), Ok(Typed::Act(Action::PauseClass)));
        assert_eq!(p("remove 7"), Ok(Typed::Act(Action::Remove { seat: 7 })));
        assert_eq!(p("export out"), Ok(Typed::Export("out".into(), false)));
        assert_eq!(p("export out names"), Ok(Typed::Export("out".into(), true)));
        assert!(p("export out everyone").is_err());
        assert_eq!(p("  "), Ok(Typed::Nothing));
    }

    #[test]
    fn bad_commands_say_why() {
        assert!(p("open 4").unwrap_err().contains("from 1 to 3"));
        assert!(
            p("override 1 3")
                .unwrap_err()
                .contains("a choice must be a number from 1 to 2")
        );
        assert!(p("override 1").unwrap_err().contains("usage: override G N"));
        assert!(p("hands 1 x").unwrap_err().contains("whole number"));
        assert!(p("dance").unwrap_err().contains("help"));
        assert!(p("extend 0").unwrap_err().contains("1 to 3600"));
    }
}
