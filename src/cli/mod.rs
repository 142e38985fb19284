//! The command line: `aftermath` (the game) and its writer commands; parsing and dispatch only.

pub mod check;
pub mod class;
pub mod explore;
pub mod export;
pub mod facilitate;
pub mod graph;
pub mod output;
pub mod play;
pub mod stats;
pub mod strings;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::story::{Story, StorySource};

/// Aftermath: play and write branching stories. With no command, opens the game.
#[derive(Debug, Parser)]
#[command(name = "aftermath", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub game: GameArgs,
}

/// Options for starting play (the game window or the terminal player).
#[derive(Debug, Clone, Default, Args)]
pub struct GameArgs {
    /// Story folder to play (the one holding story.ron). Default: the bundled story "After Kursk".
    #[arg(long, value_name = "DIR")]
    pub story: Option<PathBuf>,
    /// Role id to play, skipping role selection (e.g. `soldier`, `planner`).
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// Start the role from one of its presets (named starts listed by `aftermath stats`, e.g.
    /// `as-reported`); without it the role starts at its own start.
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    /// Seed for the random generator: the same seed and choices replay the same story.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Folder for save files (default: the OS's per-user data folder).
    #[arg(long, value_name = "DIR")]
    pub save_dir: Option<PathBuf>,
    /// Language to play the story in and of the interface (e.g. `en`, `ko`): the story's
    /// translation when it has one (each string not yet translated stays in the source
    /// language). Default: the system's language when the story and the interface have it.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    pub lang: Option<String>,
}

impl GameArgs {
    /// These arguments, each missing one taken from `outer` (given before the command name).
    pub fn or(self, outer: GameArgs) -> GameArgs {
        GameArgs {
            story: self.story.or(outer.story),
            role: self.role.or(outer.role),
            preset: self.preset.or(outer.preset),
            seed: self.seed.or(outer.seed),
            save_dir: self.save_dir.or(outer.save_dir),
            lang: self.lang.or(outer.lang),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a story folder and report every problem with file:line:col (exit 1 on any error).
    Check {
        /// The story folder (holding story.ron).
        dir: PathBuf,
        /// Print the diagnostics as JSON for editors and tools.
        #[arg(long)]
        json: bool,
        /// Keep checking: check again after every saved story file, until Ctrl-C (then exit 0).
        /// With --json, prints one compact JSON document per line, one per check.
        #[arg(long)]
        watch: bool,
        /// Check only this language's translation (`translations/CODE.po`) and report its
        /// coverage; without it every translation is checked.
        #[arg(long, value_name = "CODE", value_parser = parse_lang)]
        lang: Option<String>,
    },
    /// Create or update a language's translation file, `translations/CODE.po`, from the story.
    ///
    /// New strings are added untranslated, strings gone from the story dropped, and a string
    /// whose source text changed keeps its translation, marked fuzzy (needs an update) with the
    /// old source text beside it. The file is gettext PO: Poedit, Weblate and Lokalize edit it.
    #[command(
        after_help = "Examples:\n  aftermath strings story/after-kursk --lang ko\n  aftermath check story/after-kursk --lang ko"
    )]
    Strings {
        /// The story folder (holding story.ron).
        dir: PathBuf,
        /// The language code (`ko`, `ja`, `pt-BR`).
        #[arg(long, value_name = "CODE", value_parser = parse_lang)]
        lang: String,
    },
    /// Play a story: in the terminal with --text, otherwise in the game window.
    Play {
        #[command(flatten)]
        game: GameArgs,
        /// Play in the terminal. Reads one choice number per line when stdin is not a terminal;
        /// `u` undoes, `q` quits.
        #[arg(long)]
        text: bool,
        /// Choices to take first, 1-based, comma-separated (e.g. `1,3,2`); then reads stdin.
        #[arg(
            long,
            value_name = "LIST",
            value_delimiter = ',',
            allow_negative_numbers = true,
            value_parser = |s: &str| number(s, 1, usize::MAX, "a choice number")
        )]
        script: Vec<usize>,
        /// Text width for wrapping (20 to 1000 columns).
        #[arg(
            long,
            value_name = "COLUMNS",
            default_value_t = 80,
            allow_negative_numbers = true,
            value_parser = |s: &str| number(s, 20_usize, 1000, "the width")
        )]
        width: usize,
        /// With --text: write the transcript to FILE when the story ends or you quit, as
        /// Markdown (FILE ending in .md) or a printable HTML page (.html). `x` at the prompt
        /// writes one at any time.
        #[arg(long, value_name = "FILE")]
        transcript: Option<PathBuf>,
    },
    /// Story statistics: words and nodes per scene and role, branching, endings, reading time.
    ///
    /// With --repeats: also the sentences and 6-word phrases of node text found in more than N
    /// nodes (default 3), case and punctuation ignored, most frequent first, each with its
    /// nodes and file:line. Every `{if}` branch counts; a `{value}` matches any other; a phrase
    /// inside a listed sentence is not listed again, and overlapping phrases are joined.
    #[command(
        after_help = "Examples:\n  aftermath stats story/after-kursk\n  aftermath stats story/after-kursk --repeats\n  aftermath stats story/after-kursk --repeats 5 --json > stats.json"
    )]
    Stats {
        /// The story folder (holding story.ron).
        dir: PathBuf,
        /// Print the statistics as JSON (with --repeats, a "repeats" object).
        #[arg(long)]
        json: bool,
        /// Also list sentences and 6-word phrases found in more than N nodes (N defaults to 3;
        /// write --repeats after the folder, or as --repeats=N).
        #[arg(
            long,
            value_name = "N",
            num_args = 0..=1,
            default_missing_value = "3",
            allow_negative_numbers = true,
            value_parser = |s: &str| number(s, 1_usize, usize::MAX, "the repeat threshold")
        )]
        repeats: Option<usize>,
    },
    /// Draw the story graph as Graphviz DOT, Mermaid or SVG.
    ///
    /// Scenes are clusters (in SVG: a colour per scene with a legend, and for a story of more
    /// than 40 nodes one framed panel per scene), endings and role starts
    /// are marked, choices label their edges, conditional edges are dashed, random edges dotted
    /// with their weights, unreachable nodes red. SVG is laid out here: no Graphviz needed.
    #[command(
        after_help = "Examples:\n  aftermath graph story/after-kursk --format svg --scene prologue_soldier > prologue.svg\n  aftermath graph story/after-kursk | dot -Tpng > story.png   (needs Graphviz)\n  aftermath graph story/after-kursk --format mermaid > story.mmd"
    )]
    Graph {
        /// The story folder (holding story.ron).
        dir: PathBuf,
        /// Output format: `dot` (Graphviz), `mermaid`, or `svg` (laid out here, no Graphviz needed).
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Draw only this scene (its `id`, as in `Scene(id: "prologue_soldier", ..)`), with
        /// its links to other scenes as stub nodes named `scene.node`.
        #[arg(long, value_name = "ID")]
        scene: Option<String>,
    },
    /// Automated playtests: every ending with a replayable path, coverage, soft-locks.
    ///
    /// Without --runs: walk every state each role can reach (node, variables, once-only choices
    /// taken), following every random outcome, up to --max-states per role. With --runs N: N
    /// seeded random playthroughs per role. Both modes use every core (--threads), and the
    /// report is the same whatever the number of threads. Reports every ending reached with a
    /// command that replays it (`aftermath play --text --seed S --script 1,3,2`), coverage by
    /// scene, nodes never reached, choices never enabled, `{if}` text fragments never shown,
    /// soft-locks (no ending and no choice the player can take) and stats pushed past their
    /// declared range.
    ///
    /// For writers' choices: choices without consequence (enabled choices that lead to the
    /// same state, that is the same next node after automatic steps, the same values of the
    /// variables still read later and the same once-only choices, wherever they were enabled
    /// together), with a command reaching each and the share of choice nodes where no choice
    /// makes a difference; and the stat balance: each variable's lowest, median and highest
    /// value at the endings, its share of endings at each declared bound, what reads it, and a
    /// flag when nothing reads it (after it is set) or it sits at a bound in more than 40% of
    /// endings. Neither fails the run.
    ///
    /// Exit status: 0 when every ending was reached and nothing got stuck; 1 on a soft-lock, a
    /// play error or an ending no playthrough reached (or when the story fails to load); 2 on
    /// bad arguments.
    #[command(
        after_help = "Examples:\n  aftermath explore story/after-kursk\n  aftermath explore story/after-kursk --role planner --max-states 1000000\n  aftermath explore story/after-kursk --runs 10000 --seed 7 --json > report.json"
    )]
    Explore {
        /// The story folder (holding story.ron).
        dir: PathBuf,
        #[command(flatten)]
        flags: explore::Flags,
    },
    /// Run a class: students vote from their phones' browsers; also simulated students and debriefs.
    Class {
        #[command(subcommand)]
        command: class::ClassCommand,
    },
    /// Create a small, commented, working story in a new (or empty) folder.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// Parses a whole number from `min` to `max` for a flag; the error says the allowed range
/// (clap prefixes it with the flag and the value).
pub fn number<T>(s: &str, min: T, max: T, what: &str) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match s.trim().parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!("{what} must be a whole number from {min} to {max}")),
    }
}

/// Parses a `--lang`: a language code such as `en`, `ko` or `pt-BR`.
pub fn parse_lang(s: &str) -> Result<String, String> {
    if crate::i18n::valid_lang(s) {
        Ok(s.to_owned())
    } else {
        Err(
            "a language code is 2 or 3 lowercase letters, then optional `-` parts: en, ko, pt-BR"
                .into(),
        )
    }
}

/// Parses a `--seed`: any whole number from 0 to 18446744073709551615 (`u64`).
pub fn parse_seed(s: &str) -> Result<u64, String> {
    number(s, 0, u64::MAX, "a seed")
}

/// The formats of `aftermath graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

/// Loads a story folder, or the bundled story when `dir` is `None`; a failure is a rendered report.
pub fn load_story(dir: Option<&Path>) -> Result<(Arc<Story>, String), String> {
    let source = match dir {
        Some(d) => StorySource::from_dir(d).map_err(|e| format!("error: {e}\n"))?,
        None => StorySource::bundled(),
    };
    match crate::story::load(source) {
        Ok(loaded) => {
            let warnings = if loaded.warnings.is_empty() {
                String::new()
            } else {
                crate::check::Renderer::new(&loaded.story.files).render_all(&loaded.warnings)
            };
            Ok((Arc::new(loaded.story), warnings))
        }
        Err(failed) => Err(failed.render()),
    }
}

/// Loads the story to play (see [`load_story`]), printing warnings and any failure report on
/// stderr; `None` when it failed to load.
pub fn load_story_or_report(dir: Option<&Path>) -> Option<Arc<Story>> {
    match load_story(dir) {
        Ok((story, warnings)) => {
            eprint!("{warnings}");
            Some(story)
        }
        Err(report) => {
            eprint!("{report}");
            None
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check {
            dir, json, watch, ..
        }) if watch => check::watch(&dir, json),
        Some(Command::Check {
            dir, json, lang, ..
        }) => check::run(&dir, json, lang.as_deref()),
        Some(Command::Strings { dir, lang }) => strings::run(&dir, &lang),
        Some(Command::Play {
            game,
            text: true,
            script,
            width,
            transcript,
        }) => play::run(&game.or(cli.game), &script, width, transcript),
        Some(Command::Play {
            game, text: false, ..
        }) => run_game(&game.or(cli.game)),
        None => run_game(&cli.game),
        Some(Command::Stats { dir, json, repeats }) => stats::run(&dir, json, repeats),
        Some(Command::Graph { dir, format, scene }) => graph::run(&dir, format, scene.as_deref()),
        Some(Command::Explore { dir, flags }) => explore::run(&dir, flags),
        Some(Command::Class { command }) => class::run(command),
        Some(Command::New { dir }) => match crate::tools::scaffold::create(&dir) {
            Ok(()) => output::emit(&crate::tools::scaffold::next_steps(&dir), ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

#[cfg(feature = "gui")]
fn run_game(args: &GameArgs) -> ExitCode {
    let Some(story) = load_story_or_report(args.story.as_deref()) else {
        return ExitCode::FAILURE;
    };
    crate::gui::run(
        story,
        crate::gui::GameOptions {
            story_dir: args.story.clone(),
            role: args.role.clone(),
            preset: args.preset.clone(),
            seed: args.seed,
            save_dir: args.save_dir.clone(),
            lang: args.lang.clone(),
        },
    )
}

#[cfg(not(feature = "gui"))]
fn run_game(_: &GameArgs) -> ExitCode {
    eprintln!(
        "error: this build has no game window (built without the `gui` feature)\n\
         help: play in the terminal with `aftermath play --text`, or rebuild with default features"
    );
    ExitCode::from(2)
}
