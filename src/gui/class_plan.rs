//! Running a class from the title screen: the teacher's set-up (remembered between runs as
//! `class.ron` next to the settings), checking it, and starting or resuming the class it makes.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::store::{self, StoreDirs};
use crate::class::{Class, ClassSetup, DEFAULT_SEAT_CAP, Event, TieRule};
use crate::serve::addr::{self, DEFAULT_PORT, DefaultAddr};
use crate::serve::{self, Running};
use crate::story::Story;

/// The file the last set-up is kept in, in the settings folder.
pub const PLAN_FILE: &str = "class.ron";
/// The most groups a class set up in the window can have.
pub const MAX_GROUPS: usize = 12;
/// The vote timer's bounds, in seconds (as `class serve --vote-seconds`).
pub const VOTE_SECONDS: (u32, u32) = (5, 3600);

/// One group of the set-up: the role it plays and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanGroup {
    pub role: String,
    /// A preset of the role (a postwar option, or the record as reported); `None`: from the
    /// beginning, the record left to chance.
    #[serde(default)]
    pub preset: Option<String>,
}

/// A class as the teacher sets it up. Missing fields in the file take their defaults.
#[derive(Resource, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassPlan {
    pub groups: Vec<PlanGroup>,
    /// Seconds a vote stays open; `None`: until the facilitator closes it (or all have voted).
    pub vote_seconds: Option<u32>,
    pub tie: TieRule,
    /// Students see the tally while the vote is open.
    pub live_results: bool,
    /// Students type a name (otherwise each gets a generated nickname).
    pub names: bool,
    /// Votes open and close by themselves.
    pub auto: bool,
    pub seats: u32,
    /// The address to listen on; `None`: the default (see [`addr::choices`]).
    pub address: Option<IpAddr>,
    pub port: u16,
    /// The log of the last class started from the window, offered for resuming.
    pub last_log: Option<PathBuf>,
}

impl Default for ClassPlan {
    fn default() -> Self {
        ClassPlan {
            groups: Vec::new(),
            vote_seconds: Some(60),
            tie: TieRule::default(),
            live_results: false,
            names: false,
            auto: false,
            seats: DEFAULT_SEAT_CAP,
            address: None,
            port: DEFAULT_PORT,
            last_log: None,
        }
    }
}

impl ClassPlan {
    /// Four groups taking the story's roles in turn, from the beginning.
    pub fn fill_groups(&mut self, story: &Story) {
        if self.groups.is_empty() && !story.roles.is_empty() {
            self.groups = (0..4)
                .map(|i| PlanGroup {
                    role: story.roles[i % story.roles.len()].id.clone(),
                    preset: None,
                })
                .collect();
        }
    }

    /// What stops this set-up from starting on `story`, one sentence each (empty: it can start).
    pub fn problems(&self, story: &Story) -> Vec<String> {
        let mut out = Vec::new();
        if self.groups.is_empty() {
            out.push(t!("plan-no-groups"));
        }
        if self.groups.len() > MAX_GROUPS {
            out.push(t!("plan-too-many-groups", max = MAX_GROUPS));
        }
        for (i, g) in self.groups.iter().enumerate() {
            let Some(role) = story.role(&g.role).and_then(|r| story.roles.get(r)) else {
                out.push(t!("plan-no-role", n = i + 1, role = g.role.as_str()));
                continue;
            };
            if let Some(p) = &g.preset
                && !role.presets.iter().any(|r| &r.id == p)
            {
                out.push(t!(
                    "plan-no-start",
                    n = i + 1,
                    role = role.name.as_str(),
                    start = p.as_str()
                ));
            }
        }
        if let Some(s) = self.vote_seconds
            && !(VOTE_SECONDS.0..=VOTE_SECONDS.1).contains(&s)
        {
            out.push(t!(
                "plan-vote-timer",
                min = VOTE_SECONDS.0,
                max = VOTE_SECONDS.1
            ));
        }
        if !(1..=500).contains(&self.seats) {
            out.push(t!("plan-seats"));
        }
        out
    }

    /// The address to listen on: the chosen one if this computer still has it, else the
    /// default.
    pub fn bind(&self, choices: &[DefaultAddr]) -> SocketAddr {
        let ip = self
            .address
            .filter(|a| choices.iter().any(|c| c.ip == *a))
            .or_else(|| choices.first().map(|c| c.ip))
            .unwrap_or_else(|| addr::default_addr().ip);
        SocketAddr::new(ip, self.port)
    }

    /// The class setup for `story` with join code `code` and seed `seed`.
    pub fn setup(&self, story: &Story, code: &str, seed: u64) -> ClassSetup {
        let roles: Vec<&str> = self.groups.iter().map(|g| g.role.as_str()).collect();
        let mut setup = ClassSetup::new(&story.meta.title, &roles, seed, code);
        for (g, plan) in setup.groups.iter_mut().zip(&self.groups) {
            g.preset.clone_from(&plan.preset);
        }
        setup.vote_seconds = self.vote_seconds;
        setup.tie = self.tie;
        setup.live_results = self.live_results;
        setup.names = self.names;
        setup.seat_cap = self.seats;
        setup.auto = self.auto;
        setup
    }
}

/// Reads the last set-up; a missing file gives the default, a damaged one the default and a
/// notice (the file is left alone until a class is started).
pub fn load(dirs: &StoreDirs) -> (ClassPlan, Option<String>) {
    let Some(path) = plan_file(dirs) else {
        return (ClassPlan::default(), None);
    };
    match store::load_ron::<ClassPlan>(&path) {
        Ok(plan) => (plan.unwrap_or_default(), None),
        Err(e) => (
            ClassPlan::default(),
            Some(t!("plan-unreadable", error = e.to_string())),
        ),
    }
}

/// Remembers `plan` as the last set-up.
pub fn save(dirs: &StoreDirs, plan: &ClassPlan) -> Result<(), store::StoreError> {
    match plan_file(dirs) {
        Some(path) => store::save_ron(&path, plan),
        None => Ok(()),
    }
}

fn plan_file(dirs: &StoreDirs) -> Option<PathBuf> {
    dirs.config.as_ref().map(|d| d.join(PLAN_FILE))
}

/// The folder class logs are written to: `<data>/classes`.
pub fn log_dir(dirs: &StoreDirs) -> Option<PathBuf> {
    dirs.data.as_ref().map(|d| d.join("classes"))
}

/// A class log that can be resumed: it was played on this story and has not ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumable {
    pub log: PathBuf,
    pub code: String,
    /// Students who had joined.
    pub seats: usize,
}

/// Whether the log at `log` is an unfinished class of `story`.
pub fn resumable(story: &Story, log: &Path) -> Option<Resumable> {
    let read = crate::class::log::read(log, story).ok()?;
    let ended = read.events.iter().any(|l| matches!(l.event, Event::Ended));
    if ended {
        return None;
    }
    let seats = read
        .events
        .iter()
        .filter(|l| matches!(l.event, Event::Joined { .. }))
        .count();
    Some(Resumable {
        log: log.to_path_buf(),
        code: read.setup.code,
        seats,
    })
}

/// Why a class could not be started from the window.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Plan(String),
    #[error("{}", t!("plan-no-data-folder", var = store::DATA_DIR_VAR))]
    NoDataFolder,
    #[error(
        "{}",
        t!(
            "plan-folder",
            path = path.display().to_string(),
            error = source.to_string()
        )
    )]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Class(#[from] crate::class::ClassError),
    #[error("{}", t!("plan-port-in-use", addr = .0.to_string()))]
    PortInUse(SocketAddr),
    #[error("{}", t!("plan-not-here", addr = .0.to_string()))]
    NotHere(SocketAddr),
    #[error(transparent)]
    Serve(serve::ServeError),
    #[error("{}", t!("plan-no-code", error = .0.to_string()))]
    Code(#[from] serve::random::RandomError),
}

/// Creates the class `plan` describes (its log in `<data>/classes`) and starts serving it.
pub fn start(
    story: Arc<Story>,
    plan: &ClassPlan,
    dirs: &StoreDirs,
    seed: u64,
) -> Result<(Running, PathBuf), StartError> {
    if let Some(problem) = plan.problems(&story).into_iter().next() {
        return Err(StartError::Plan(problem));
    }
    let dir = log_dir(dirs).ok_or(StartError::NoDataFolder)?;
    std::fs::create_dir_all(&dir).map_err(|source| StartError::Folder {
        path: dir.clone(),
        source,
    })?;
    let code = serve::new_code()?;
    let log = dir.join(crate::class::log::file_name(
        &crate::class::log::timestamp(),
        &code,
    ));
    let setup = plan.setup(&story, &code, seed);
    let class = Class::create(story, setup, &log)?;
    match serve_class(class, plan) {
        Ok(running) => Ok((running, log)),
        Err(e) => {
            // Nothing happened in that class: leave no log of it behind.
            let _ = std::fs::remove_file(&log);
            Err(e)
        }
    }
}

/// Resumes the class in `log` on `story` and serves it where `plan` says.
pub fn resume(
    story: Arc<Story>,
    plan: &ClassPlan,
    log: &Path,
) -> Result<(Running, PathBuf), StartError> {
    let class = Class::resume(story, log)?;
    serve_class(class, plan).map(|r| (r, log.to_path_buf()))
}

fn serve_class(class: Class, plan: &ClassPlan) -> Result<Running, StartError> {
    let bind = plan.bind(&addr::choices());
    serve::Server::start(class, bind).map_err(|e| match e {
        serve::ServeError::InUse { addr } => StartError::PortInUse(addr),
        serve::ServeError::NotHere { addr } => StartError::NotHere(addr),
        other => StartError::Serve(other),
    })
}
