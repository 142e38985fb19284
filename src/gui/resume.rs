//! Continue on the title screen: resume the playthrough left for the title, or else load the latest save.

use super::game::Game;
use super::saves::Saves;

/// Whether a saved game exists to continue: the newest readable save
/// ([`crate::save::SaveStore::latest`]) as the slots were last listed.
pub fn saved_game_exists(saves: &Saves) -> bool {
    saves.latest().is_some()
}

/// What Continue would resume: `Ok(())` when enabled, `Err(reason)` when disabled.
pub fn continue_state(game: &Game, saves: &Saves) -> Result<(), String> {
    if game.in_progress() || saved_game_exists(saves) {
        Ok(())
    } else {
        Err(t!("resume-no-saved-game"))
    }
}
