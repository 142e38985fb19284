//! `aftermath explore`: runs the exploration and prints its report.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::{load_story_or_report, number, parse_seed};

/// The most worker threads `--threads` accepts.
pub const MAX_THREADS: usize = 1024;
use crate::tools::explore::{Mode, Options, explore, render};

/// The command's flags.
#[derive(Debug, Clone, Args)]
pub struct Flags {
    /// Explore only this role (repeat for several; default: every role).
    #[arg(long = "role", value_name = "ID")]
    pub roles: Vec<String>,
    /// Random mode: playthroughs per role (at least 1).
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = |s: &str| number(s, 1, u64::MAX, "the number of runs")
    )]
    pub runs: Option<u64>,
    /// Random mode: base seed; playthrough i uses story seed S+i (0 to 18446744073709551615).
    #[arg(
        long,
        value_name = "S",
        requires = "runs",
        default_value_t = 0,
        allow_negative_numbers = true,
        value_parser = parse_seed
    )]
    pub seed: u64,
    /// Exhaustive mode: stop walking a role after this many distinct states (at least 1).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200_000,
        allow_negative_numbers = true,
        value_parser = |s: &str| number(s, 1, usize::MAX, "the state limit")
    )]
    pub max_states: usize,
    /// Random mode: stop a playthrough that has not ended after this many choices (at least 1).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1_000,
        allow_negative_numbers = true,
        value_parser = |s: &str| number(s, 1, u32::MAX, "the turn limit")
    )]
    pub max_turns: u32,
    /// Threads, 1 to 1024 (default: one per core), in both modes; the report does not depend
    /// on it. Exhaustive mode: the walk's order is fixed and threads only expand states ahead,
    /// so --max-states keeps the same first N states.
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = |s: &str| number(s, 1, MAX_THREADS, "the number of threads")
    )]
    pub threads: Option<usize>,
    /// List every node's and choice's hit count, every place that reads each variable, and
    /// lists in full.
    #[arg(long)]
    pub full: bool,
    /// Print the report as JSON (every count, every example path; `inconsequential`,
    /// `consequence` and `balance` hold choices without consequence and stat balance).
    #[arg(long)]
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
    let text = if flags.json {
        match serde_json::to_string_pretty(&report) {
            Ok(j) => j + "\n",
            Err(e) => {
                eprintln!("error: could not write the report as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        render(&report, &dir.display().to_string(), flags.full)
    };
    let status = if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    super::output::emit(&text, status)
}
