//! The game state as a Bevy resource, and the systems that draw it and apply the player's actions.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::ui::{self, UiAction};
use crate::cli::play::clock_seed;
use crate::session::{Session, StartError, View};
use crate::story::Story;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(EguiPrimaryContextPass, draw);
}

/// The story being played and where the player is in it.
#[derive(Resource)]
pub struct Game {
    story: Arc<Story>,
    /// The role given on the command line: play again restarts it instead of asking.
    fixed_role: Option<String>,
    /// The seed given on the command line: every playthrough uses it.
    fixed_seed: Option<u64>,
    /// The seed of the next (or current) playthrough.
    seed: u64,
    screen: Screen,
    /// Counts screen changes: each new page of text starts scrolled to the top.
    page: u64,
    /// A problem to show above the current screen (e.g. a story bug met while playing).
    error: Option<String>,
}

enum Screen {
    PickRole,
    Playing {
        session: Box<Session>,
        /// The session's view, resolved once per step rather than once per frame.
        view: Box<View>,
    },
}

impl Game {
    /// Prepares a game: starts `role` at once when given (or when the story has only one role),
    /// otherwise opens on role selection.
    pub fn new(story: Arc<Story>, role: Option<&str>, seed: Option<u64>) -> Result<Game, StartError> {
        let mut game = Game {
            story,
            fixed_role: role.map(str::to_owned),
            fixed_seed: seed,
            seed: seed.unwrap_or_else(clock_seed),
            screen: Screen::PickRole,
            page: 0,
            error: None,
        };
        let only_role = match game.story.roles.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        if let Some(role) = game.fixed_role.clone().or(only_role) {
            game.start(&role)?;
        }
        Ok(game)
    }

    pub fn story(&self) -> &Arc<Story> {
        &self.story
    }

    /// The current view, when playing.
    pub fn view(&self) -> Option<&View> {
        match &self.screen {
            Screen::Playing { view, .. } => Some(view),
            Screen::PickRole => None,
        }
    }

    fn start(&mut self, role: &str) -> Result<(), StartError> {
        let session = Session::start(Arc::clone(&self.story), role, self.seed)?;
        let view = Box::new(session.view());
        self.screen = Screen::Playing {
            session: Box::new(session),
            view,
        };
        self.error = None;
        Ok(())
    }

    /// Applies what the player asked for.
    pub fn apply(&mut self, action: UiAction) {
        self.page += 1;
        match action {
            UiAction::Choose(i) => {
                if let Screen::Playing { session, view } = &mut self.screen {
                    match session.choose(i) {
                        Ok(()) => {
                            **view = session.view();
                            self.error = None;
                        }
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
            }
            UiAction::Restart => {
                self.seed = self.fixed_seed.unwrap_or_else(clock_seed);
                let again = match (&self.fixed_role, &self.screen) {
                    (Some(role), _) => Some(role.clone()),
                    (None, Screen::Playing { session, .. }) if self.story.roles.len() == 1 => {
                        Some(session.role_id().to_owned())
                    }
                    _ => None,
                };
                match again {
                    Some(role) => self.start_or_report(&role),
                    None => {
                        self.screen = Screen::PickRole;
                        self.error = None;
                    }
                }
            }
            UiAction::PickRole(role) => self.start_or_report(&role),
        }
    }

    fn start_or_report(&mut self, role: &str) {
        if let Err(e) = self.start(role) {
            self.screen = Screen::PickRole;
            self.error = Some(e.to_string());
        }
    }

    /// Draws the current screen into `ui` and returns what the player asked for.
    pub fn draw(&self, ui: &mut egui::Ui) -> Option<UiAction> {
        ui::column(ui, self.page, |ui| {
            if let Some(error) = &self.error {
                ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            }
            match &self.screen {
                Screen::PickRole => ui::role_panel(ui, &self.story.meta, &self.story.roles),
                Screen::Playing { view, .. } => ui::play_panel(ui, view),
            }
        })
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Draws the game each frame egui runs, then applies the player's action. The window only
/// redraws on input (reactive mode), so a change of screen asks for one more frame.
fn draw(
    mut contexts: EguiContexts,
    mut game: ResMut<Game>,
    mut styled: Local<bool>,
    mut redraw: MessageWriter<RequestRedraw>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if !*styled {
        ui::apply_style(&ctx);
        *styled = true;
        redraw.write(RequestRedraw);
    }
    let mut root = egui::Ui::new(
        ctx.clone(),
        egui::Id::new("aftermath_root"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let action = egui::CentralPanel::default().show(&mut root, |ui| game.draw(ui)).inner;
    if let Some(action) = action {
        game.apply(action);
        redraw.write(RequestRedraw);
    }
    Ok(())
}
