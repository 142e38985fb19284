//! `aftermath class serve|bots|export`: run a class from the terminal, simulate students, and
//! write the debrief from a class log.

use std::io::{self, BufRead, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::facilitate::{self, Typed};
use super::{load_story_or_report, number, parse_seed};
use crate::class::export::Privacy;
use crate::class::{Class, ClassSetup, TieRule};
use crate::serve::{self, Facilitator, Server, addr, bots};

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Run a class: students join from their browsers; you facilitate from this terminal.
    #[command(
        after_help = "Examples:\n  aftermath class serve --groups soldier,soldier,planner --vote-seconds 60\n  aftermath class serve --resume ~/.local/share/aftermath/classes/2026-05-04-0910-K7QXA.jsonl"
    )]
    Serve(ServeArgs),
    /// Run a class from the game window: it opens on the lobby (join URL, code, QR code), then
    /// the dashboard. Takes the same flags as `class serve`.
    #[command(
        after_help = "Examples:\n  aftermath class host --groups soldier,soldier,planner --vote-seconds 60\n  aftermath class host --resume ~/.local/share/aftermath/classes/2026-05-04-0910-K7QXA.jsonl"
    )]
    Host(ServeArgs),
    /// Simulated students: join, vote at random, rejoin when cut off; exit 0 when every group ended.
    Bots(BotsArgs),
    /// Write the debrief (HTML, Markdown, CSV, JSON) of a class from its log.
    Export {
        /// The class log.
        log: PathBuf,
        /// The folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The story folder the class played (default: the bundled story).
        #[arg(long, value_name = "DIR")]
        story: Option<PathBuf>,
        /// Keep students' nicknames (otherwise they are "Student 1", "Student 2", …).
        #[arg(long)]
        nicknames: bool,
        /// The debrief's language (`en`, `ko`): its headings and the story's words, where the
        /// story has that translation (default: the interface's language).
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TieArg {
    /// A short revote between the tied choices; then the facilitator decides.
    Revote,
    /// The facilitator decides at once.
    Facilitator,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Story folder (default: the bundled story).
    #[arg(long, value_name = "DIR")]
    pub story: Option<PathBuf>,
    /// One role id per group, comma-separated (e.g. `soldier,soldier,planner`).
    #[arg(
        long,
        value_name = "ROLES",
        value_delimiter = ',',
        required_unless_present = "resume"
    )]
    pub groups: Vec<String>,
    /// The address to listen on (default: this computer's address on the local network, or
    /// 127.0.0.1 without one; 0.0.0.0 listens on every network).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<IpAddr>,
    /// The port (0: any free port).
    #[arg(long, value_name = "N", default_value_t = addr::DEFAULT_PORT, value_parser = |s: &str| number(s, 0u16, u16::MAX, "the port"))]
    pub port: u16,
    /// Seed for the groups' random draws (default: from the clock).
    #[arg(long, value_name = "N", value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Seconds a vote stays open (default: no timer).
    #[arg(long, value_name = "N", value_parser = |s: &str| number(s, 5u32, 3600, "the vote time"))]
    pub vote_seconds: Option<u32>,
    /// What a tied vote does.
    #[arg(long, value_enum, default_value_t = TieArg::Revote)]
    pub tie: TieArg,
    /// A start preset for a group: `G=NAME` (G from 1), repeatable.
    #[arg(long, value_name = "G=NAME")]
    pub preset: Vec<String>,
    /// Students type a name (otherwise each gets a generated nickname).
    #[arg(long)]
    pub names: bool,
    /// Show the tally while a vote is open (otherwise once it closes).
    #[arg(long)]
    pub live: bool,
    /// The most seats (students) the class takes.
    #[arg(long, value_name = "N", default_value_t = crate::class::DEFAULT_SEAT_CAP, value_parser = |s: &str| number(s, 1u32, 500, "the seat count"))]
    pub seats: u32,
    /// Where to write the class log (default: a new file in the per-user data folder).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Votes open and close by themselves; the class ends when every group's story has ended.
    #[arg(long)]
    pub auto: bool,
    /// Continue the class in this log (same code; phones rejoin by themselves).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["groups", "seed", "vote_seconds", "preset", "names", "live", "log"])]
    pub resume: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BotsArgs {
    /// The class's join URL (http://HOST:PORT/?code=CODE).
    pub url: String,
    /// The join code (default: the one in the URL).
    #[arg(long)]
    pub code: Option<String>,
    /// How many students.
    #[arg(long, value_name = "N", value_parser = |s: &str| number(s, 1usize, 2000, "the student count"))]
    pub students: usize,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = parse_seed)]
    pub seed: u64,
    /// Give up after this many seconds (exit 1).
    #[arg(long, value_name = "SECS", default_value_t = 600, value_parser = |s: &str| number(s, 1u64, 86_400, "the timeout"))]
    pub timeout: u64,
    /// Longest random wait before voting, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 800, value_parser = |s: &str| number(s, 0u64, 600_000, "the delay"))]
    pub max_delay: u64,
    /// Write a JSON report (ballots, reconnects, latency from a group's last ballot to each
    /// phone's next passage: median, p95, p99, max and every sample) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

pub fn run(command: ClassCommand) -> ExitCode {
    let result = match command {
        ClassCommand::Serve(args) => serve_class(&args),
        ClassCommand::Host(args) => host_class(&args),
        ClassCommand::Bots(args) => run_bots(&args),
        ClassCommand::Export {
            log,
            out,
            story,
            nicknames,
            lang,
        } => Ok(super::export::run(
            story.as_deref(),
            &log,
            &out,
            !nicknames,
            lang.as_deref(),
        )),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the debrief of `class` into `dir`, students anonymous unless `nicknames`.
pub fn export_debrief(class: &Class, dir: &Path, nicknames: bool) -> Result<Vec<PathBuf>, String> {
    let privacy = if nicknames {
        Privacy::Nicknames
    } else {
        Privacy::Anonymous
    };
    crate::class::export::write_all(class, dir, privacy).map_err(|e| e.to_string())
}

fn default_log(code: &str) -> Result<PathBuf, String> {
    let dirs = directories::ProjectDirs::from("org", "Aftermath", "Aftermath")
        .ok_or("no per-user data folder on this system; give the log's place with --log FILE")?;
    let dir = dirs.data_dir().join("classes");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir.join(crate::class::log::file_name(
        &crate::class::log::timestamp(),
        code,
    )))
}

fn setup_from(args: &ServeArgs, title: &str) -> Result<ClassSetup, String> {
    let code = serve::new_code().map_err(|e| e.to_string())?;
    let roles: Vec<&str> = args.groups.iter().map(|g| g.trim()).collect();
    if roles.iter().any(|r| r.is_empty()) {
        return Err(
            "--groups: an empty role in the list (write e.g. soldier,soldier,planner)".into(),
        );
    }
    let seed = args.seed.unwrap_or_else(crate::session::clock_seed);
    let mut setup = ClassSetup::new(title, &roles, seed, &code);
    setup.vote_seconds = args.vote_seconds;
    setup.tie = match args.tie {
        TieArg::Revote => TieRule::Revote,
        TieArg::Facilitator => TieRule::Facilitator,
    };
    setup.live_results = args.live;
    setup.names = args.names;
    setup.seat_cap = args.seats;
    setup.auto = args.auto;
    for p in &args.preset {
        let (g, name) = p
            .split_once('=')
            .ok_or_else(|| format!("--preset {p:?}: write G=NAME, e.g. 1=as-reported"))?;
        let g = number(g, 1usize, setup.groups.len(), "--preset's group")
            .map_err(|e| format!("--preset {p:?}: {e}"))?;
        setup.groups[g - 1].preset = Some(name.trim().to_owned());
    }
    Ok(setup)
}

/// A class made from the flags (or resumed from its log) and the address to serve it on.
struct Prepared {
    class: Class,
    bind: SocketAddr,
}

/// Loads the story, creates the class (or resumes it with `--resume`) and picks the address to
/// listen on: what `class serve` and `class host` share. `None`: the story did not load (its
/// diagnostics were printed).
fn prepare(args: &ServeArgs) -> Result<Option<Prepared>, String> {
    let Some(story) = load_story_or_report(args.story.as_deref()) else {
        return Ok(None);
    };
    let class = match &args.resume {
        Some(log) => {
            let class = Class::resume(story, log).map_err(|e| e.to_string())?;
            if class.dropped_torn_line() {
                eprintln!(
                    "note: the log's last line was cut off by the crash and was dropped (nobody had seen it accepted)"
                );
            }
            class
        }
        None => {
            let setup = setup_from(args, &story.meta.title)?;
            let log = match &args.log {
                Some(l) => l.clone(),
                None => default_log(&setup.code)?,
            };
            Class::create(story, setup, &log).map_err(|e| e.to_string())?
        }
    };
    let ip = match args.bind {
        Some(ip) => ip,
        None => {
            let d = addr::default_addr();
            if d.interface.is_none() {
                eprintln!(
                    "note: this computer has no local network address; listening on 127.0.0.1, which only this computer reaches. Join a network, or give --bind ADDR"
                );
            }
            d.ip
        }
    };
    Ok(Some(Prepared {
        class,
        bind: SocketAddr::new(ip, args.port),
    }))
}

#[cfg(feature = "gui")]
fn host_class(args: &ServeArgs) -> Result<ExitCode, String> {
    // Before the class starts: no server, no log, when there is no window to host it in.
    crate::gui::window_can_open().map_err(|why| {
        format!(
            "the game window cannot open: {why}; run it from the terminal with `aftermath class serve` and the same flags"
        )
    })?;
    let Some(Prepared { class, bind }) = prepare(args)? else {
        return Ok(ExitCode::FAILURE);
    };
    let log = class.log_path().map(Path::to_path_buf);
    let running = Server::start(class, bind).map_err(|e| e.to_string())?;
    // Also on the terminal, for scripts and for a teacher who launched from one.
    println!("Students open: {}", running.url());
    println!("Join code:     {}", running.code());
    if let Some(log) = &log {
        println!(
            "Class log:     {} (continue after a crash with --resume)",
            log.display()
        );
    }
    Ok(crate::gui::host(running, log))
}

#[cfg(not(feature = "gui"))]
fn host_class(_: &ServeArgs) -> Result<ExitCode, String> {
    Err("this build has no game window (built without the `gui` feature); run the class from the terminal with `aftermath class serve`".into())
}

fn serve_class(args: &ServeArgs) -> Result<ExitCode, String> {
    let Some(Prepared { class, bind }) = prepare(args)? else {
        return Ok(ExitCode::FAILURE);
    };
    let auto = class.setup().auto;
    let log = class.log_path().map(Path::to_path_buf);
    let running = Server::start(class, bind).map_err(|e| e.to_string())?;
    let mut out = io::stdout().lock();
    let qr = serve::qr::unicode(running.url()).unwrap_or_default();
    let _ = writeln!(out, "{qr}");
    let _ = writeln!(out, "Students open: {}", running.url());
    let _ = writeln!(out, "Join code:     {}", running.code());
    if let Some(log) = &log {
        let _ = writeln!(
            out,
            "Class log:     {} (continue after a crash with --resume)",
            log.display()
        );
    }
    let _ = writeln!(
        out,
        "{}",
        if auto {
            "Votes open and close by themselves (--auto)."
        } else {
            "Type `open` to open the first votes, `help` for every command."
        }
    );
    let _ = out.flush();
    drop(out);
    let facilitator = running.facilitator();
    let code = facilitate_loop(&facilitator, auto);
    if let Some(log) = &log {
        println!("The class log is in {}", log.display());
    }
    running.shutdown().map_err(|e| e.to_string())?;
    Ok(code)
}

/// Reads stdin on its own thread so the loop can also watch the class.
fn stdin_lines() -> mpsc::Receiver<Option<String>> {
    let (tx, rx) = mpsc::sync_channel(16);
    std::thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            match line {
                Ok(l) => {
                    if tx.send(Some(l)).is_err() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = tx.send(None);
    });
    rx
}

/// One line per decision and ending, as they happen.
fn news(
    before: &crate::class::FacilitatorView,
    now: &crate::class::FacilitatorView,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (b, g) in before.groups.iter().zip(&now.groups) {
        if g.decisions > b.decisions {
            lines.push(format!(
                "{}. {}: decided; now at {}",
                g.index + 1,
                g.name,
                g.scene
            ));
        }
        if g.ending.is_some() && b.ending.is_none() {
            let title = g.ending.as_ref().map_or("", |e| e.title.as_str());
            lines.push(format!(
                "{}. {}: reached the ending \"{title}\"",
                g.index + 1,
                g.name
            ));
        }
        if g.vote.state == "deciding" && b.vote.state != "deciding" {
            lines.push(format!(
                "{}. {}: a tie; decide with `override {} N`",
                g.index + 1,
                g.name,
                g.index + 1
            ));
        }
    }
    if now.over && !before.over {
        lines.push("Every group has reached an ending.".into());
    }
    lines
}

fn facilitate_loop(f: &Facilitator, auto: bool) -> ExitCode {
    let lines = stdin_lines();
    let mut stdin_open = true;
    let mut last = f.view();
    loop {
        if f.is_over() && (auto || f.view().ended) {
            // Let every phone receive the last view before the server goes.
            std::thread::sleep(Duration::from_millis(1500));
            return ExitCode::SUCCESS;
        }
        let now = f.view();
        for line in news(&last, &now) {
            println!("{line}");
        }
        last = now;
        let line = if stdin_open {
            match lines.recv_timeout(Duration::from_millis(250)) {
                Ok(Some(l)) => l,
                Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    stdin_open = false;
                    if !auto {
                        println!(
                            "Input closed; the class stops here. Continue it later with --resume."
                        );
                        return ExitCode::SUCCESS;
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
            }
        } else {
            f.wait_change(f.version(), Duration::from_millis(250));
            continue;
        };
        let view = f.view();
        let groups = view.groups.len();
        let choices = |g: usize| view.groups.get(g).map_or(0, |c| c.choices.len());
        match facilitate::parse(&line, groups, &choices) {
            Ok(Typed::Nothing) => {}
            Ok(Typed::Help) => println!("{}", facilitate::HELP),
            Ok(Typed::Status) => print!("{}", facilitate::status(&view)),
            Ok(Typed::Export(dir, names)) => match f.with_class(|c| export_debrief(c, &dir, names))
            {
                Ok(files) => files.iter().for_each(|p| println!("wrote {}", p.display())),
                Err(e) => println!("cannot export: {e}"),
            },
            Ok(Typed::Act(action)) => match f.act(action) {
                Ok(()) => println!("ok"),
                Err(r) => println!("refused: {r}"),
            },
            Err(message) => println!("{message}"),
        }
    }
}

fn run_bots(args: &BotsArgs) -> Result<ExitCode, String> {
    let code = args
        .code
        .clone()
        .or_else(|| bots::code_in_url(&args.url))
        .ok_or("give the join code with --code (or a URL ending in ?code=…)")?;
    let config = bots::BotsConfig {
        url: args.url.clone(),
        code,
        students: args.students,
        seed: args.seed,
        timeout: Duration::from_secs(args.timeout),
        delay_ms: (args.max_delay / 8, args.max_delay),
        report: args.report.clone(),
    };
    match bots::run(&config) {
        Ok(report) => {
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e.to_string()),
    }
}
