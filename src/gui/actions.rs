//! Applying what the player asked for: UI actions become screen changes and play commands.
//!
//! The screens only emit [`UiAction`] messages. In [`ActionSet::Route`] the actions that change
//! the playthrough become [`PlayCommand`]s; in [`ActionSet::Apply`] the commands are applied to
//! the [`Game`] and the other actions to screens and settings. How a chosen option reaches the
//! session is decided by [`ChoiceInput`]: today the choice clicked is taken at once; a classroom
//! mode (groups taking turns, class votes, a facilitator panel) can hold the UI's choices and
//! write its own `PlayCommand::Choose` when the class has decided, without changing the screens.
//! Saving and loading are commands too: every choice is followed by the autosave, and a loaded
//! save replaces the playthrough only when it can be played.

use bevy::app::AppExit;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::ActionSet;
use super::game::Game;
use super::reveal::{Reveal, passage_chars};
use super::saves::{Saves, autosave, slot_name};
use super::screen::{Notices, Overlay, Page, ReturnTo, Screen};
use super::settings::Settings;
use super::ui::UiAction;
use crate::save::{SaveFile, Slot};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<UiAction>()
        .add_message::<PlayCommand>()
        .add_message::<RequestRedraw>()
        .init_resource::<ChoiceInput>()
        .add_systems(
            Update,
            (
                route.in_set(ActionSet::Route),
                (apply_commands, navigate).in_set(ActionSet::Apply),
            ),
        );
}

impl Message for UiAction {}

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
    /// Start a new playthrough of a role from one of its presets: (role id, preset id).
    StartFrom(String, String),
    /// Start the current role again.
    Restart,
    /// Take visible choice `n`.
    Choose(usize),
    Undo,
    /// Go back to the playthrough in progress, or else load the latest save.
    Resume,
    /// Play on from the save in this slot; on failure the playthrough is kept.
    Load(Slot),
    /// Save the playthrough into this slot.
    Save(Slot),
    /// Write the playthrough's transcript as a printable HTML page.
    ExportTranscript,
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
            UiAction::PickPreset(role, preset) => {
                PlayCommand::StartFrom(role.clone(), preset.clone())
            }
            UiAction::PlayAgain => PlayCommand::Restart,
            UiAction::Undo => PlayCommand::Undo,
            UiAction::Continue => PlayCommand::Resume,
            UiAction::LoadSlot(slot) => PlayCommand::Load(*slot),
            UiAction::SaveSlot(slot) => PlayCommand::Save(*slot),
            UiAction::QuickLoad => PlayCommand::Load(Slot::Quick),
            UiAction::QuickSave => PlayCommand::Save(Slot::Quick),
            UiAction::ExportTranscript => PlayCommand::ExportTranscript,
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
    screen: Res<'w, State<Screen>>,
    next_screen: ResMut<'w, NextState<Screen>>,
    return_to: Res<'w, ReturnTo>,
    saves: ResMut<'w, Saves>,
    notices: ResMut<'w, Notices>,
    page: ResMut<'w, Page>,
    redraw: MessageWriter<'w, RequestRedraw>,
}

/// What a command did, for the screens.
enum Applied {
    /// A new passage, revealed at the reading speed.
    NewPassage,
    /// A passage seen before (undo, a loaded save), shown at once.
    SeenPassage,
    /// Back to the playthrough as it was left.
    Back,
    /// Saved (a slot or a transcript): the play screen stays; the save screen goes back.
    Saved,
}

fn apply_commands(
    mut commands: MessageReader<PlayCommand>,
    mut game: ResMut<Game>,
    mut fx: PlayEffects,
) {
    for command in commands.read() {
        fx.redraw.write(RequestRedraw);
        fx.saves.status = None;
        let applied = match apply(command, &mut game, &mut fx) {
            Ok(a) => a,
            Err(e) => {
                fx.notices.push(e);
                continue;
            }
        };
        if matches!(applied, Applied::Saved) {
            if *fx.screen.get() == Screen::Save {
                fx.next_screen.set(fx.return_to.0);
            }
            continue;
        }
        let Some(view) = game.view() else {
            continue;
        };
        match applied {
            Applied::NewPassage => fx
                .reveal
                .start(passage_chars(view), fx.settings.reveal_speed()),
            Applied::SeenPassage => fx.reveal.start(passage_chars(view), None),
            Applied::Back | Applied::Saved => {}
        }
        fx.page.turn();
        fx.next_screen.set(if view.ending.is_some() {
            Screen::Ending
        } else {
            Screen::Playing
        });
    }
}

/// Applies one command to the game; the error is a notice for the player.
fn apply(command: &PlayCommand, game: &mut Game, fx: &mut PlayEffects) -> Result<Applied, String> {
    match command {
        PlayCommand::Start(role) => {
            game.start(role).map_err(|e| e.to_string())?;
            Ok(Applied::NewPassage)
        }
        PlayCommand::StartFrom(role, preset) => {
            game.start_from(role, Some(preset))
                .map_err(|e| e.to_string())?;
            Ok(Applied::NewPassage)
        }
        PlayCommand::Restart => {
            game.restart().map_err(|e| e.to_string())?;
            Ok(Applied::NewPassage)
        }
        PlayCommand::Choose(i) => {
            game.choose(*i).map_err(|e| e.to_string())?;
            autosave(game, &mut fx.saves, &mut fx.notices);
            Ok(Applied::NewPassage)
        }
        PlayCommand::Undo => {
            game.undo().map_err(|e| e.to_string())?;
            Ok(Applied::SeenPassage)
        }
        PlayCommand::Resume if game.in_progress() => Ok(Applied::Back),
        PlayCommand::Resume => match fx.saves.read_latest() {
            Some((slot, save)) => load(game, fx, slot, &save),
            None => Err(t!("resume-no-saved-game")),
        },
        PlayCommand::Load(slot) => {
            let save = fx.saves.read(*slot)?;
            load(game, fx, *slot, &save)
        }
        PlayCommand::Save(slot) => {
            let save = game.to_save().ok_or_else(|| t!("notice-nothing-to-save"))?;
            fx.saves
                .write(*slot, &save)
                .map_err(|e| t!("notice-save-failed", slot = slot_name(*slot), error = e))?;
            fx.saves.status = Some(t!("status-saved", slot = slot_name(*slot)));
            Ok(Applied::Saved)
        }
        PlayCommand::ExportTranscript => {
            let session = game
                .session()
                .ok_or_else(|| t!("notice-nothing-to-export"))?;
            let dir = fx
                .saves
                .transcript_dir()
                .ok_or_else(|| t!("notice-no-transcript-folder"))?;
            let path = crate::tools::report::write_into(session, dir)
                .map_err(|e| t!("notice-transcript-failed", error = e.to_string()))?;
            fx.notices.push(t!(
                "notice-transcript-saved",
                path = path.display().to_string()
            ));
            fx.saves.status = Some(t!("status-transcript-saved"));
            Ok(Applied::Saved)
        }
    }
}

/// Plays on from `save`, telling the player what changed if the story did. A save that cannot
/// be played leaves the playthrough as it was.
fn load(
    game: &mut Game,
    fx: &mut PlayEffects,
    slot: Slot,
    save: &SaveFile,
) -> Result<Applied, String> {
    let notices = game.restore(save).map_err(|e| {
        super::saves::sentence(&t!(
            "notice-load-failed",
            slot = slot_name(slot),
            error = e.to_string()
        ))
    })?;
    for notice in notices {
        fx.notices.push(notice.to_string());
    }
    fx.saves.status = Some(t!("status-loaded", slot = slot_name(slot)));
    Ok(Applied::SeenPassage)
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
            UiAction::OpenSettings
            | UiAction::OpenGallery
            | UiAction::OpenLoad
            | UiAction::OpenSave => {
                if !is_side_screen(here) {
                    nav.return_to.0 = here;
                }
                nav.next_screen.set(match action {
                    UiAction::OpenSettings => Screen::Settings,
                    UiAction::OpenGallery => Screen::Gallery,
                    UiAction::OpenLoad => Screen::Load,
                    _ => Screen::Save,
                });
            }
            UiAction::Back => nav.next_screen.set(if is_side_screen(here) {
                nav.return_to.0
            } else {
                Screen::Title
            }),
            UiAction::ToTitle => nav.next_screen.set(Screen::Title),
            UiAction::Quit => {
                nav.exit.write(AppExit::Success);
            }
            UiAction::Pause => nav.next_overlay.set(Overlay::Paused),
            UiAction::OpenHistory => nav.next_overlay.set(Overlay::History),
            UiAction::OpenSources => nav.next_overlay.set(Overlay::Sources),
            UiAction::Resume => nav.next_overlay.set(Overlay::None),
            UiAction::RevealAll => nav.reveal.finish(),
            UiAction::ChangeSettings(s) => {
                if *nav.settings != *s {
                    *nav.settings = *s;
                }
            }
            UiAction::DismissNotices => nav.notices.0.clear(),
            // Handled by the reload plugin.
            UiAction::DismissDiagnostics => {}
            UiAction::Continue
            | UiAction::PickRole(_)
            | UiAction::PickPreset(..)
            | UiAction::Choose(_)
            | UiAction::Undo
            | UiAction::PlayAgain
            | UiAction::PlayRole(_)
            | UiAction::LoadSlot(_)
            | UiAction::SaveSlot(_)
            | UiAction::QuickLoad
            | UiAction::QuickSave
            | UiAction::ExportTranscript
            | UiAction::Ask(_)
            | UiAction::CancelConfirm
            | UiAction::DeleteSlot(_) => {}
            // Handled by the host plugin.
            UiAction::Class(_)
            | UiAction::StartClass
            | UiAction::AskEndClass
            | UiAction::ShowLobby
            | UiAction::ShowDashboard
            | UiAction::ShowProjector
            | UiAction::ShowDebrief
            | UiAction::ExportDebrief { .. }
            | UiAction::OpenFolder(_)
            | UiAction::LeaveClass
            | UiAction::OpenClassSetup
            | UiAction::EditPlan(_)
            | UiAction::HostClass
            | UiAction::ResumeClass => {}
        }
    }
}

/// Screens opened on the side of another, which Back returns to.
fn is_side_screen(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::Settings | Screen::Gallery | Screen::Load | Screen::Save
    )
}
