//! Random mode: seeded random playthroughs of one role, spread over worker threads.
//!
//! Each playthrough is [`play_random`]: playthrough `i` of a role uses story seed `base + i` and a
//! choice generator derived from it and the role alone, so the results do not depend on the
//! number of threads.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use super::tally::{ChoiceIndex, Counting, Tally};
use super::walk::soft_lock_message;
use super::{Example, Findings, Options, ProblemKind};
use crate::session::StartError;
use crate::story::Story;
use crate::tools::playthrough::{Settings, Stop, play_random, playthrough_seed};

/// Runs per role below which no progress bar is worth showing.
const QUIET_BELOW: u64 = 2_000;
/// Playthroughs a worker finishes between progress bar updates.
const PROGRESS_STEP: u64 = 64;

/// A progress bar on stderr counting `total` `what`s (hidden when stderr is not a terminal).
pub(crate) fn progress_bar(total: u64, what: &str) -> ProgressBar {
    if total < QUIET_BELOW {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{spinner}} {{prefix}} [{{bar:30}}] {{human_pos}}/{{human_len}} {what}, {{elapsed}}"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    story: &Arc<Story>,
    role: usize,
    runs: u64,
    seed: u64,
    options: &Options,
    index: &ChoiceIndex,
    tally: &mut Tally,
    progress: Option<&ProgressBar>,
) -> Findings {
    let threads = (options.threads.max(1) as u64).min(runs.max(1));
    let live = super::reads::live_in(story);
    let live: &[Vec<bool>] = &live;
    let relevant = super::reads::role_variables(story, role);
    let relevant: &[bool] = &relevant;
    let chunk = runs.div_ceil(threads);
    let results: Vec<(Tally, Findings)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * chunk).min(runs)..((t + 1) * chunk).min(runs);
                let mut local = Tally::new(story, index);
                scope.spawn(move || {
                    let mut findings = Findings::default();
                    let mut unreported = 0;
                    for i in range {
                        let max = options.max_turns;
                        let place = (index, live, relevant);
                        play_one(story, role, seed, i, max, place, &mut local, &mut findings);
                        unreported += 1;
                        if unreported == PROGRESS_STEP {
                            progress.inspect(|bar| bar.inc(unreported));
                            unreported = 0;
                        }
                    }
                    progress.inspect(|bar| bar.inc(unreported));
                    (local, findings)
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    let mut findings = Findings {
        complete: true,
        ..Findings::default()
    };
    for (t, f) in results {
        tally.merge(&t);
        findings.merge(f);
    }
    findings
}

#[allow(clippy::too_many_arguments)]
fn play_one(
    story: &Arc<Story>,
    role: usize,
    base: u64,
    i: u64,
    max_turns: u32,
    (index, live, relevant): (&ChoiceIndex, &[Vec<bool>], &[bool]),
    tally: &mut Tally,
    findings: &mut Findings,
) {
    let Some(start) = story.roles.get(role).map(|r| r.start) else {
        return;
    };
    let seed = playthrough_seed(base, i);
    findings.playthroughs += 1;
    let example = |script: &[usize], node| Example {
        order: i,
        node,
        seed: Some(seed),
        script: script.to_vec(),
    };
    let mut fate = Counting {
        tally,
        story,
        index,
        live,
        verdicts: Vec::new(),
    };
    let settings = Settings {
        max_turns,
        record: false,
    };
    let p = match play_random(story, role, seed, settings, &mut fate) {
        Ok(p) => p,
        Err(StartError::Play(e)) => {
            let msg = e.to_string();
            findings.problem(start, ProblemKind::PlayError, msg, example(&[], start));
            return;
        }
        Err(StartError::UnknownRole { .. } | StartError::UnknownPreset { .. }) => return,
    };
    let node = p.session.state().node;
    for (turn, at, verdict) in std::mem::take(&mut fate.verdicts) {
        let script = p.script.get(..turn).unwrap_or(&p.script);
        findings
            .consequence
            .add(at, &verdict, || example(script, at));
    }
    match p.stop {
        Stop::Ending => {
            fate.tally.ended_with(&p.session.state().vars, relevant);
            findings.finished += 1;
            findings.total_length += p.script.len() as u64;
            let ex = example(&p.script, node);
            findings.longest(&ex);
            findings.ending(node, ex);
        }
        Stop::Stuck { offered } => {
            let msg = soft_lock_message(offered);
            findings.problem(node, ProblemKind::SoftLock, msg, example(&p.script, node));
        }
        Stop::TurnLimit => findings.unfinished += 1,
        Stop::Failed { node, error } => {
            let msg = error.to_string();
            findings.problem(node, ProblemKind::PlayError, msg, example(&p.script, node));
        }
    }
}
