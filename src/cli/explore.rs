//! `aftermath explore`: runs the exploration and prints its report.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::load_story_or_report;
use crate::tools::explore::{Mode, Options, explore, render};

/// The command's flags.
#[derive(Debug, Clone)]
pub struct Flags {
    pub roles: Vec<String>,
    pub runs: Option<u64>,
    pub seed: u64,
    pub max_states: usize,
    pub max_turns: u32,
    pub threads: Option<usize>,
    pub full: bool,
    pub json: bool,
}

pub fn run(dir: &Path, flags: Flags) -> ExitCode {
    let mode = match flags.runs {
        Some(runs) => Mode::Random {
            runs,
            seed: flags.seed,
        },
        None => Mode::Exhaustive {
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
        roles: flags.roles,
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
