//! `aftermath stats`: loads the story folder and prints its statistics (a table, or JSON), and
//! with `--repeats` the sentences and phrases many nodes share.

use std::path::Path;
use std::process::ExitCode;

use super::load_story;
use crate::tools::stats::{PLAYTHROUGHS, compute, render_table};

/// Prints the statistics of the story in `dir` (JSON with `json`), with the sentences and
/// phrases in more than `repeats` nodes when given; on failure the report on stderr and exit
/// status 1.
pub fn run(dir: &Path, json: bool, repeats: Option<usize>) -> ExitCode {
    match output_with(dir, json, repeats) {
        Ok(mut out) => {
            if json {
                out.push('\n');
            }
            super::output::emit(&out, ExitCode::SUCCESS)
        }
        Err(report) => {
            eprint!("{report}");
            ExitCode::FAILURE
        }
    }
}

/// The table (or JSON, without a final newline) to print; when the story fails to load or the
/// statistics cannot be computed, the rendered report.
pub fn output(dir: &Path, json: bool) -> Result<String, String> {
    output_with(dir, json, None)
}

/// Like [`output`], with the repeats section (`stats --repeats N`) when `repeats` is given.
pub fn output_with(dir: &Path, json: bool, repeats: Option<usize>) -> Result<String, String> {
    let (story, _warnings) = load_story(Some(dir))?;
    let mut st = compute(&story, PLAYTHROUGHS, 0).map_err(|e| format!("error: {e}\n"))?;
    st.repeats = repeats.map(|n| crate::tools::repeats::repeats(&story, n));
    if json {
        serde_json::to_string_pretty(&st).map_err(|e| format!("error: {e}\n"))
    } else {
        Ok(render_table(&st))
    }
}
