//! Continue on the title screen: resume the playthrough left for the title, or else load the latest save.

use super::game::Game;
use super::saves::Saves;

/// Why Continue is disabled when there is nothing to continue.
pub const NO_SAVED_GAME: &str = "no saved game yet";

/// Whether a saved game exists to continue: the newest readable save
/// ([`crate::save::SaveStore::latest`]) as the slots were last listed.
pub fn saved_game_exists(saves: &Saves) -> bool {
    saves.latest().is_some()
}

/// What Continue would resume: `Ok(())` when enabled, `Err(reason)` when disabled.
pub fn continue_state(game: &Game, saves: &Saves) -> Result<(), &'static str> {
    if game.in_progress() || saved_game_exists(saves) {
        Ok(())
    } else {
        Err(NO_SAVED_GAME)
    }
}
