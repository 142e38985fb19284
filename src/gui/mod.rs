//! The desktop game: a Bevy window drawn with egui, redrawn only on input so an idle game costs no CPU.

mod idle;
pub mod play;
pub mod ui;

use std::process::{ExitCode, Termination};

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

use crate::cli::{GameArgs, load_story};
use play::Game;

/// Opens the game window and plays until it is closed. Story and role problems are reported on
/// stderr before any window opens.
pub fn run(args: &GameArgs) -> ExitCode {
    let (story, warnings) = match load_story(args.story.as_deref()) {
        Ok(s) => s,
        Err(report) => {
            eprint!("{report}");
            return ExitCode::FAILURE;
        }
    };
    if !warnings.is_empty() {
        eprint!("{warnings}");
    }
    let game = match Game::new(story, args.role.as_deref(), args.seed) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let title = window_title(&game.story().meta.title);
    app(game, title).run().report()
}

/// The window title: `Aftermath — <story title>`.
pub fn window_title(story_title: &str) -> String {
    if story_title.is_empty() {
        "Aftermath".to_owned()
    } else {
        format!("Aftermath — {story_title}")
    }
}

fn app(game: Game, title: String) -> App {
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title,
            resolution: (1100, 780).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    // Reactive: update on input or redraw requests only, not every vsync.
    .insert_resource(WinitSettings::desktop_app())
    .insert_resource(game)
    .add_plugins((idle::plugin, play::plugin));
    app
}
