//! The desktop game: egui screens driven headless with egui_kittest, and screen flow in a
//! headless Bevy app (MinimalPlugins + StatesPlugin, no window, no rendering).

mod class_run;
mod flow;
mod host;
mod no_display;
mod play;
mod reload;
mod saves;
mod screens;
mod slots;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use aftermath::gui::actions::{ChoiceInput, PlayCommand};
use aftermath::gui::gallery::{self, Gallery};
use aftermath::gui::game::Game;
use aftermath::gui::resume::continue_state;
use aftermath::gui::reveal::Reveal;
use aftermath::gui::saves::Saves;
use aftermath::gui::screen::{Notices, Overlay, Screen};
use aftermath::gui::settings::{Settings, TextSpeed, Theme};
use aftermath::gui::store::StoreDirs;
use aftermath::gui::ui::slots::{Confirm, SlotMode, SlotsInfo};
use aftermath::gui::ui::{self, UiAction};
use aftermath::gui::{add_game, ui::play::PlayInfo};
use aftermath::save::{SaveFile, SaveStore, Slot, SlotInfo};
use aftermath::session::{PlayState, Session};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::fixture;

/// A game of the minimal fixture story; `role` starts it at once (like `--role`).
fn minimal_game(role: Option<&str>) -> Game {
    match Game::new(fixture("minimal"), role, Some(1)) {
        Ok(g) => g,
        Err(e) => panic!("the minimal story starts: {e}"),
    }
}

/// Draws the play screen for `game` (text fully shown) and applies a chosen option or undo.
fn play_harness(game: Game) -> Harness<'static, Game> {
    Harness::builder()
        .with_size(egui::vec2(1000.0, 800.0))
        .build_ui_state(
            |ui, game: &mut Game| {
                let Some(view) = game.view().cloned() else {
                    ui.label("no game");
                    return;
                };
                let changes = game.stat_changes();
                let info = PlayInfo {
                    view: &view,
                    changes: &changes,
                    shown: None,
                    can_undo: game.can_undo(),
                    story_title: "Minimal",
                    role_name: "Soldier",
                    turn: game.session().map_or(0, |s| s.state().turns),
                    interactive: true,
                    page: 0,
                    status: None,
                    story: None,
                };
                match ui::play::screen(ui, &info) {
                    Some(UiAction::Choose(i)) => {
                        let _ = game.choose(i);
                    }
                    Some(UiAction::Undo) => {
                        let _ = game.undo();
                    }
                    _ => {}
                }
            },
            game,
        )
}

// ---- Headless Bevy: screen flow -------------------------------------------------------------

/// A headless game app (no window, no egui) with its files under `dir`.
fn headless(game: Game, dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game(&mut app, game, StoreDirs::under(dir));
    app.update();
    app
}

/// Sends an action as the screens would, and runs long enough for a screen change to land.
fn act(app: &mut App, action: UiAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn turns(app: &App) -> Option<u32> {
    app.world()
        .resource::<Game>()
        .session()
        .map(|s| s.state().turns)
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("a temporary folder: {e}"),
    }
}
