//! Continue on the title screen: resume the playthrough left for the title, or (later) a saved game.
//!
//! The save system is being built separately. [`saved_game_exists`] is the hook it fills in:
//! until then it finds nothing, and Continue is disabled with [`NO_SAVED_GAME`] unless a
//! playthrough of this session is still in progress.

use super::game::Game;
use super::store::StoreDirs;

/// Why Continue is disabled when there is nothing to continue.
pub const NO_SAVED_GAME: &str = "no saved game yet";

/// Whether a saved game of `story_id` exists to continue. Hook for the save system
/// (e.g. `SaveStore::latest`); always `false` until saves are wired in.
pub fn saved_game_exists(_dirs: &StoreDirs, _story_id: &str) -> bool {
    false
}

/// What Continue would resume: `Ok(())` when enabled, `Err(reason)` when disabled.
pub fn continue_state(game: &Game, dirs: &StoreDirs) -> Result<(), &'static str> {
    if game.in_progress() || saved_game_exists(dirs, &game.story().meta.id) {
        Ok(())
    } else {
        Err(NO_SAVED_GAME)
    }
}
