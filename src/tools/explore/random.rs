//! Random mode: seeded random playthroughs of one role, spread over worker threads.
//!
//! Playthrough `i` of a role uses story seed `base + i` and a choice generator derived from it and
//! the role alone, so the results do not depend on the number of threads.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

use super::tally::{ChoiceIndex, Counting, Tally};
use super::walk::soft_lock_message;
use super::{Example, Findings, Options, ProblemKind};
use crate::session::{Session, StartError};
use crate::story::Story;

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

/// SplitMix64: spreads nearby seeds far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The story seed of playthrough `i`: what `play --seed` takes to replay it. Kept small so it is
/// easy to type; the session mixes it before use.
pub fn playthrough_seed(base: u64, i: u64) -> u64 {
    base.wrapping_add(i)
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
                        play_one(story, role, seed, i, max, index, &mut local, &mut findings);
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
    index: &ChoiceIndex,
    tally: &mut Tally,
    findings: &mut Findings,
) {
    let Some(role_id) = story.roles.get(role).map(|r| r.id.as_str()) else {
        return;
    };
    let seed = playthrough_seed(base, i);
    // The choices come from their own generator, different per role; the script records them.
    let mut chooser = Pcg32::seed_from_u64(mix(seed ^ mix(role as u64 ^ 0xC0FF_EE00_D15E_A5E5)));
    let mut script = Vec::new();
    findings.playthroughs += 1;
    let example = |script: &Vec<usize>, node| Example {
        order: i,
        node,
        seed: Some(seed),
        script: script.clone(),
    };
    let mut fate = Counting {
        tally,
        story,
        index,
    };
    let mut session = match Session::start_fated(Arc::clone(story), role_id, seed, false, &mut fate)
    {
        Ok(s) => s,
        Err(StartError::Play(e)) => {
            let start = story.roles.get(role).map_or(0, |r| r.start);
            findings.problem(
                start,
                ProblemKind::PlayError,
                e.to_string(),
                example(&script, start),
            );
            return;
        }
        Err(StartError::UnknownRole { .. }) => return,
    };
    session.keep_undo(false);
    loop {
        let node = session.state().node;
        if session.is_ended() {
            findings.finished += 1;
            findings.total_length += script.len() as u64;
            let ex = example(&script, node);
            findings.longest(&ex);
            findings.ending(node, ex);
            return;
        }
        let offered = fate.tally.offered(&session, index);
        let enabled: Vec<usize> = offered
            .iter()
            .enumerate()
            .filter(|(_, (_, on))| *on)
            .map(|(k, _)| k)
            .collect();
        if enabled.is_empty() {
            let msg = soft_lock_message(offered.len());
            findings.problem(node, ProblemKind::SoftLock, msg, example(&script, node));
            return;
        }
        if script.len() >= max_turns as usize {
            findings.unfinished += 1;
            return;
        }
        let k = enabled[chooser.random_range(0..enabled.len())];
        fate.tally.took(index, node, offered[k].0);
        script.push(k + 1);
        if let Err(e) = session.choose_fated(k, &mut fate) {
            findings.problem(
                node,
                ProblemKind::PlayError,
                e.to_string(),
                example(&script, node),
            );
            return;
        }
    }
}
