//! One seeded random playthrough of one role: the loop shared by `explore --runs`, `stats` and
//! the bundled story's tests, so that the same story seed always takes the same path.
//!
//! Playthrough `i` from base seed `S` uses story seed `S + i` (what `play --seed` takes to replay
//! it) and picks uniformly among the enabled choices with its own generator, derived from the
//! story seed and the role alone (see [`choice_rng`]).

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

use crate::session::{Dice, Fate, PlayError, Session, StartError};
use crate::story::{NodeIdx, Story};

/// SplitMix64: spreads nearby seeds far apart. The one seed mixer of the tools.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The story seed of playthrough `i` from base seed `base`: what `play --seed` takes to replay
/// it. Kept small so it is easy to type; the session mixes it before use.
pub fn playthrough_seed(base: u64, i: u64) -> u64 {
    base.wrapping_add(i)
}

/// The generator choosing among enabled choices in a playthrough of `role` (an index) with
/// story seed `seed`: separate from the session's own, different per role.
pub fn choice_rng(seed: u64, role: usize) -> Pcg32 {
    Pcg32::seed_from_u64(splitmix64(
        seed ^ splitmix64(role as u64 ^ 0xC0FF_EE00_D15E_A5E5),
    ))
}

/// Steers a random playthrough's draws (as a [`Fate`]) and watches its choices.
pub trait Watch: Fate {
    /// The visible choices at the session's node: (index among the node's choices, enabled).
    fn offered(&mut self, session: &Session) -> Vec<(usize, bool)> {
        session
            .visible_choices()
            .map(|(i, _)| i)
            .zip(session.choice_flags())
            .collect()
    }
    /// Choice `choice` (index among the node's choices) of `node` is about to be taken.
    fn took(&mut self, _node: NodeIdx, _choice: usize) {}
}

/// Normal play, watching nothing.
impl Watch for Dice {}

/// How a random playthrough is played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Choices after which a playthrough that has not ended is stopped.
    pub max_turns: u32,
    /// Resolve text and keep the transcript (for reading it afterwards), and undo snapshots so
    /// that a refused choice leaves no trace in it; slower. Without, a refused choice leaves the
    /// session wherever the step failed.
    pub record: bool,
}

/// How a random playthrough stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// It reached an ending.
    Ending,
    /// Not an ending, and none of the `offered` visible choices is enabled.
    Stuck { offered: usize },
    /// Still going after [`Settings::max_turns`] choices.
    TurnLimit,
    /// The session refused the last choice of the script, taken at `node`.
    Failed { node: NodeIdx, error: PlayError },
}

/// A finished random playthrough.
#[derive(Debug, Clone)]
pub struct Playthrough {
    /// The story seed (replay with `play --seed`).
    pub seed: u64,
    /// Choices taken, numbered from 1 as the player sees them (`play --script`).
    pub script: Vec<usize>,
    pub stop: Stop,
    /// The session where it stopped; after a refused choice, as it was before it when
    /// [`Settings::record`], otherwise wherever the step failed.
    pub session: Session,
}

/// Plays `role` (an index) from story seed `seed`, choosing uniformly among the enabled choices
/// with [`choice_rng`], until an ending, a soft-lock, a refused choice or the turn limit.
/// `watch` steers the session's random draws and sees every choice offered and taken.
pub fn play_random<W: Watch>(
    story: &Arc<Story>,
    role: usize,
    seed: u64,
    settings: Settings,
    watch: &mut W,
) -> Result<Playthrough, StartError> {
    play_random_from(story, role, None, seed, settings, watch)
}

/// Like [`play_random`], started from the role's preset `preset` (its id; `None`: the role's
/// own start).
pub fn play_random_from<W: Watch>(
    story: &Arc<Story>,
    role: usize,
    preset: Option<&str>,
    seed: u64,
    settings: Settings,
    watch: &mut W,
) -> Result<Playthrough, StartError> {
    let Some(role_id) = story.roles.get(role).map(|r| r.id.as_str()) else {
        return Err(StartError::UnknownRole {
            role: format!("#{role}"),
            known: story.role_list(),
        });
    };
    let mut chooser = choice_rng(seed, role);
    let mut session = Session::start_preset_fated(
        Arc::clone(story),
        role_id,
        preset,
        seed,
        settings.record,
        watch,
    )?;
    session.keep_undo(settings.record);
    let mut script = Vec::new();
    let stop = loop {
        if session.is_ended() {
            break Stop::Ending;
        }
        let node = session.state().node;
        let offered = watch.offered(&session);
        let enabled: Vec<usize> = offered
            .iter()
            .enumerate()
            .filter(|(_, (_, on))| *on)
            .map(|(k, _)| k)
            .collect();
        if enabled.is_empty() {
            break Stop::Stuck {
                offered: offered.len(),
            };
        }
        if script.len() >= settings.max_turns as usize {
            break Stop::TurnLimit;
        }
        let k = enabled[chooser.random_range(0..enabled.len())];
        watch.took(node, offered[k].0);
        script.push(k + 1);
        if let Err(error) = session.choose_fated(k, watch) {
            break Stop::Failed { node, error };
        }
    };
    Ok(Playthrough {
        seed,
        script,
        stop,
        session,
    })
}
