//! `aftermath graph`: loads the story folder and prints its graph as DOT, Mermaid or SVG.

use std::path::Path;
use std::process::ExitCode;

use super::{GraphFormat, load_story_or_report};
use crate::tools::graph::{Format, render_scene};
use crate::tools::svg;

/// Prints the graph of the story in `dir` (of one scene with `scene`); on failure the report
/// or error on stderr and exit status 1.
pub fn run(dir: &Path, format: GraphFormat, scene: Option<&str>) -> ExitCode {
    let Some(story) = load_story_or_report(Some(dir)) else {
        return ExitCode::FAILURE;
    };
    let out = match format {
        GraphFormat::Dot => render_scene(&story, Format::Dot, scene).map_err(|e| e.to_string()),
        GraphFormat::Mermaid => {
            render_scene(&story, Format::Mermaid, scene).map_err(|e| e.to_string())
        }
        GraphFormat::Svg => svg::render_noted(&story, scene)
            .map(|(svg, notes)| {
                for note in notes {
                    eprintln!("note: {note}");
                }
                svg
            })
            .map_err(|e| e.to_string()),
    };
    match out {
        Ok(out) => super::output::emit(&out, ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
