//! The desktop game: Bevy screens drawn with egui, redrawn only when something changes so an idle
//! game costs no CPU.
//!
//! - [`screen`]: the screens as Bevy states, the play screen's overlays, notices.
//! - [`game`]: the story and the playthrough (the core Session) as a resource.
//! - [`actions`]: UI actions → play commands → the game and the screens.
//! - [`reveal`]: the text reveal and the frames it needs.
//! - [`settings`], [`gallery`], [`store`]: what is remembered between runs, and where.
//! - [`saves`]: save slots, the autosave, quicksave and quickload, play time.
//! - [`resume`]: Continue: the playthrough in progress or the latest save.
//! - [`ui`]: the screens as pure egui functions; `draw` runs them each egui pass.
//! - [`class_plan`], [`host`]: running a class from the window (Run a class, or
//!   `aftermath class host`): set-up, lobby, dashboard, projector view, debrief.
//! - [`reload`]: hot reload of a story played from a folder, with the checker's diagnostics.
//! - `idle`: keeps bevy_egui from redrawing an idle window.

mod a11y;
pub mod actions;
pub mod class_plan;
mod display;
mod draw;
pub mod gallery;
pub mod game;
pub mod host;
mod idle;
pub mod reload;
pub mod resume;
pub mod reveal;
pub mod saves;
pub mod screen;
pub mod settings;
mod startup;
pub mod store;
pub mod ui;

use std::path::PathBuf;
use std::process::{ExitCode, Termination};
use std::sync::Arc;

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

use crate::story::Story;
use game::Game;
use saves::Saves;
use screen::{Notices, Screen};
use store::StoreDirs;

/// The stages of handling the player's input each frame, in this order. They live here, at the
/// root, so the plugins that order their systems around them (actions, reveal, saves) need not
/// import each other.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionSet {
    /// UI actions that change the playthrough become [`actions::PlayCommand`]s.
    Route,
    /// Commands and the other actions are applied.
    Apply,
}

/// How the game is opened: what the command line said besides the story itself.
#[derive(Debug, Clone, Default)]
pub struct GameOptions {
    /// The folder the story was loaded from, watched for hot reload (`None`: the bundled story).
    pub story_dir: Option<PathBuf>,
    /// Start this role at once, skipping the title screen.
    pub role: Option<String>,
    /// Start roles that declare this preset from it (see `Session::start_preset`).
    pub preset: Option<String>,
    /// Play every playthrough with this seed (otherwise a seed from the clock each time).
    pub seed: Option<u64>,
    /// Folder for save files instead of the OS's per-user data folder.
    pub save_dir: Option<PathBuf>,
    /// `--lang`: the language to start in, over the setting.
    pub lang: Option<String>,
}

/// Opens the game window on `story` and plays until it is closed. A role that cannot start is
/// reported on stderr before any window opens.
pub fn run(story: Arc<Story>, options: GameOptions) -> ExitCode {
    let game = match Game::with_preset(
        story,
        options.role.as_deref(),
        options.preset.as_deref(),
        options.seed,
    ) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(why) = window_can_open() {
        eprintln!("error: the game window cannot open: {why}");
        eprintln!(
            "  help: play in the terminal with `aftermath play --text`, or start the game on a desktop"
        );
        return ExitCode::FAILURE;
    }
    // The window's title is made before the settings are read: `--lang` or the system's language.
    crate::i18n::ui::choose(options.lang.as_deref());
    let title = window_title(&game.story().meta.title);
    let dirs = StoreDirs::from_os().with_save_dir(options.save_dir);
    let mut app = app(game, dirs, title);
    app.insert_resource(settings::LangOverride(options.lang));
    // Hot reload: only a story played from a folder can be edited.
    if let Some(dir) = &options.story_dir {
        reload::add(&mut app, dir);
    }
    app.run().report()
}

/// `Err` with the reason when no display named in the environment answers, so that no window
/// can open (checked before Bevy starts: winit would panic).
pub fn window_can_open() -> Result<(), String> {
    display::reachable()
}

/// Opens the game window on the lobby of the class `running` serves (its log at `log`) and runs
/// until the window is closed, which stops the server.
pub fn host(running: crate::serve::Running, log: Option<PathBuf>) -> ExitCode {
    let story = running.facilitator().with_class(|c| c.story().clone());
    let game = match Game::new(story, None, None) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The window's title is made before the settings are read: the system's language.
    crate::i18n::ui::choose(None);
    let title = t!(
        "window-title-class",
        title = window_title(&game.story().meta.title),
        code = running.code()
    );
    let mut app = window_app(title);
    add_game_at(&mut app, game, StoreDirs::from_os(), Some(Screen::Lobby));
    host::add(&mut app, host::Hosted::new(running, log));
    app.run().report()
}

/// The window title: `Aftermath — <story title>`.
pub fn window_title(story_title: &str) -> String {
    if story_title.is_empty() {
        t!("window-title-bare")
    } else {
        t!("window-title", story = story_title)
    }
}

fn app(game: Game, dirs: StoreDirs, title: String) -> App {
    let mut app = window_app(title);
    add_game(&mut app, game, dirs);
    app
}

/// An app with the game's window (titled `title`), egui and idling, without the game.
fn window_app(title: String) -> App {
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
    .add_plugins(idle::plugin)
    .add_plugins(a11y::plugin)
    .add_plugins(startup::plugin);
    app
}

/// Adds the game to `app`: screens, actions, settings, gallery and saves (from `dirs`). Works
/// headless (MinimalPlugins + StatesPlugin); the egui drawing is added only when the app has
/// the EguiPlugin. A game started from the command line (`--role`) opens on the play screen.
pub fn add_game(app: &mut App, game: Game, dirs: StoreDirs) {
    add_game_at(app, game, dirs, None);
}

/// [`add_game`], opening on `first` if given (the lobby of a hosted class).
pub fn add_game_at(app: &mut App, game: Game, dirs: StoreDirs, first: Option<Screen>) {
    let first = first.unwrap_or(if game.in_progress() {
        Screen::Playing
    } else {
        Screen::Title
    });
    let (loaded_settings, settings_notice) = settings::load(&dirs);
    let (loaded_gallery, gallery_notice) = gallery::load(&dirs);
    // A game started from the command line reveals its first passage like any other.
    let mut first_reveal = reveal::Reveal::default();
    if let Some(view) = game.view() {
        first_reveal.start(reveal::passage_chars(view), loaded_settings.reveal_speed());
    }
    let saves = Saves::new(&dirs, &game.story().meta.id);
    let (planning, plan_notice) = host::planning(&dirs, &game);
    let mut notices = Notices::default();
    for n in [settings_notice, gallery_notice, plan_notice]
        .into_iter()
        .flatten()
    {
        notices.push(n);
    }
    app.configure_sets(Update, (ActionSet::Route, ActionSet::Apply).chain())
        .insert_state(first)
        .insert_resource(game)
        .insert_resource(dirs)
        .add_plugins((
            screen::plugin,
            actions::plugin,
            reveal::plugin,
            settings::plugin,
            gallery::plugin,
            saves::plugin,
            host::plugin,
        ))
        .insert_resource(planning)
        .insert_resource(saves)
        .insert_resource(loaded_settings)
        .insert_resource(loaded_gallery)
        .insert_resource(first_reveal)
        .insert_resource(notices);
    if app.is_plugin_added::<EguiPlugin>() {
        app.add_plugins(draw::plugin);
    }
}
