//! Applying what the player asked for: UI actions become screen changes and play commands.
//!
//! The screens only emit [`UiAction`] messages. In [`ActionSet::Route`] the actions that change
//! the playthrough become [`PlayCommand`]s; in [`ActionSet::Apply`] the commands are applied to
//! the [`Game`] and the other actions to screens and settings. How a chosen option reaches the
//! session is decided by [`ChoiceInput`]: today the choice clicked is taken at once; a classroom
//! mode (groups taking turns, class votes, a facilitator panel) can hold the UI's choices and
//! write its own `PlayCommand::Choose` when the class has decided, without changing the screens.

use bevy::app::AppExit;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::game::Game;
use super::reveal::{Reveal, passage_chars};
use super::screen::{Notices, Overlay, Page, ReturnTo, Screen};
use super::settings::Settings;
use super::ui::UiAction;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<UiAction>()
        .add_message::<PlayCommand>()
        .add_message::<RequestRedraw>()
        .init_resource::<ChoiceInput>()
        .configure_sets(Update, (ActionSet::Route, ActionSet::Apply).chain())
        .add_systems(
            Update,
            (
                route.in_set(ActionSet::Route),
                (apply_commands, navigate).in_set(ActionSet::Apply),
            ),
        );
}

impl Message for UiAction {}

/// The stages of handling the player's input each frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionSet {
    /// UI actions that change the playthrough become [`PlayCommand`]s.
    Route,
    /// Commands and the other actions are applied.
    Apply,
}

/// Who decides which choice is taken.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChoiceInput {
    /// The player at the screen: a chosen option is taken at once.
    #[default]
    Direct,
    /// Someone else decides (a vote, a facilitator): the UI's choices are not taken; whoever
    /// decides writes `PlayCommand::Choose`.
    Held,
}

/// A change to the playthrough.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum PlayCommand {
    /// Start a new playthrough of this role.
    Start(String),
    /// Start the current role again.
    Restart,
    /// Take visible choice `n`.
    Choose(usize),
    Undo,
    /// Go back to the playthrough in progress.
    Resume,
}

fn route(
    mut actions: MessageReader<UiAction>,
    mut commands: MessageWriter<PlayCommand>,
    input: Res<ChoiceInput>,
) {
    for action in actions.read() {
        let command = match action {
            UiAction::Choose(i) if *input == ChoiceInput::Direct => PlayCommand::Choose(*i),
            UiAction::PickRole(role) | UiAction::PlayRole(role) => PlayCommand::Start(role.clone()),
            UiAction::PlayAgain => PlayCommand::Restart,
            UiAction::Undo => PlayCommand::Undo,
            UiAction::Continue => PlayCommand::Resume,
            _ => continue,
        };
        commands.write(command);
    }
}

/// What applying a command may touch besides the game.
#[derive(SystemParam)]
struct PlayEffects<'w> {
    reveal: ResMut<'w, Reveal>,
    settings: Res<'w, Settings>,
    next_screen: ResMut<'w, NextState<Screen>>,
    notices: ResMut<'w, Notices>,
    page: ResMut<'w, Page>,
    redraw: MessageWriter<'w, RequestRedraw>,
}

fn apply_commands(
    mut commands: MessageReader<PlayCommand>,
    mut game: ResMut<Game>,
    mut fx: PlayEffects,
) {
    for command in commands.read() {
        fx.redraw.write(RequestRedraw);
        let result = match command {
            PlayCommand::Start(role) => game.start(role).map_err(|e| e.to_string()),
            PlayCommand::Restart => game.restart().map_err(|e| e.to_string()),
            PlayCommand::Choose(i) => game.choose(*i).map_err(|e| e.to_string()),
            PlayCommand::Undo => game.undo().map_err(|e| e.to_string()),
            PlayCommand::Resume => {
                if game.in_progress() {
                    Ok(())
                } else {
                    Err(super::resume::NO_SAVED_GAME.to_owned())
                }
            }
        };
        if let Err(e) = result {
            fx.notices.push(e);
            continue;
        }
        let Some(view) = game.view() else {
            continue;
        };
        // A new passage appears over time; one already seen (undo, resume) is shown at once.
        let speed = match command {
            PlayCommand::Undo | PlayCommand::Resume => None,
            _ => fx.settings.reveal_speed(),
        };
        if !matches!(command, PlayCommand::Resume) {
            fx.reveal.start(passage_chars(view), speed);
        }
        fx.page.turn();
        fx.next_screen.set(if view.ending.is_some() {
            Screen::Ending
        } else {
            Screen::Playing
        });
    }
}

/// What the navigation actions may touch.
#[derive(SystemParam)]
struct Navigation<'w> {
    screen: Res<'w, State<Screen>>,
    next_screen: ResMut<'w, NextState<Screen>>,
    next_overlay: ResMut<'w, NextState<Overlay>>,
    return_to: ResMut<'w, ReturnTo>,
    settings: ResMut<'w, Settings>,
    reveal: ResMut<'w, Reveal>,
    notices: ResMut<'w, Notices>,
    exit: MessageWriter<'w, AppExit>,
    redraw: MessageWriter<'w, RequestRedraw>,
}

fn navigate(mut actions: MessageReader<UiAction>, mut nav: Navigation) {
    for action in actions.read() {
        nav.redraw.write(RequestRedraw);
        let here = *nav.screen.get();
        match action {
            UiAction::NewGame => nav.next_screen.set(Screen::NewGame),
            UiAction::OpenSettings | UiAction::OpenGallery => {
                if !matches!(here, Screen::Settings | Screen::Gallery) {
                    nav.return_to.0 = here;
                }
                nav.next_screen.set(if *action == UiAction::OpenSettings {
                    Screen::Settings
                } else {
                    Screen::Gallery
                });
            }
            UiAction::Back => nav.next_screen.set(match here {
                Screen::Settings | Screen::Gallery => nav.return_to.0,
                _ => Screen::Title,
            }),
            UiAction::ToTitle => nav.next_screen.set(Screen::Title),
            UiAction::Quit => {
                nav.exit.write(AppExit::Success);
            }
            UiAction::Pause => nav.next_overlay.set(Overlay::Paused),
            UiAction::OpenHistory => nav.next_overlay.set(Overlay::History),
            UiAction::Resume => nav.next_overlay.set(Overlay::None),
            UiAction::RevealAll => nav.reveal.finish(),
            UiAction::ChangeSettings(s) => {
                if *nav.settings != *s {
                    *nav.settings = *s;
                }
            }
            UiAction::DismissNotices => nav.notices.0.clear(),
            UiAction::Continue
            | UiAction::PickRole(_)
            | UiAction::Choose(_)
            | UiAction::Undo
            | UiAction::PlayAgain
            | UiAction::PlayRole(_) => {}
        }
    }
}
