//! `aftermath explore`: runs the exploration and prints its report.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::{GameArgs, load_story_or_report};
use crate::tools::explore::{Mode, Options, explore, render};

/// The command's own flags (role and seed come from the global ones).
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    pub runs: Option<u64>,
    pub max_states: usize,
    pub max_turns: u32,
    pub threads: Option<usize>,
    pub full: bool,
    pub json: bool,
}

pub fn run(dir: &Path, game: &GameArgs, flags: Flags) -> ExitCode {
    let mode = match (flags.runs, game.seed) {
        (Some(runs), seed) => Mode::Random {
            runs,
            seed: seed.unwrap_or(0),
        },
        (None, Some(_)) => {
            eprintln!(
                "error: --seed only applies to random playthroughs\n\
                 help: add --runs N, e.g. `aftermath explore {} --runs 1000 --seed 7`",
                dir.display()
            );
            return ExitCode::from(2);
        }
        (None, None) => Mode::Exhaustive {
            max_states: flags.max_states,
        },
    };
    let Some(story) = load_story_or_report(Some(dir)) else {
        return ExitCode::FAILURE;
    };
    let threads = flags.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let options = Options {
        roles: game.role.iter().cloned().collect(),
        mode,
        max_turns: flags.max_turns,
        threads,
        progress: std::io::stderr().is_terminal(),
    };
    let report = match explore(&story, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if flags.json {
        match serde_json::to_string_pretty(&report) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("error: could not write the report as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!(
            "{}",
            render(&report, &dir.display().to_string(), flags.full)
        );
    }
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
