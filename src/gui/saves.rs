//! Save slots in the game: the story's SaveStore, the slot list the screens show, the autosave, confirmations, and play time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::ActionSet;
use super::game::Game;
use super::screen::{Notices, Overlay, Screen};
use super::store::StoreDirs;
use super::ui::UiAction;
use super::ui::slots::Confirm;
use crate::save::{SaveError, SaveFile, SaveStore, Slot, SlotInfo};

/// The longest frame counted as play time. A focused idle window still updates every 5 s,
/// so a longer gap means the game was not being looked at (or the machine slept).
const MAX_COUNTED_FRAME: Duration = Duration::from_secs(6);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Load), refresh)
        .add_systems(OnEnter(Screen::Save), refresh)
        .add_systems(OnEnter(Screen::Title), refresh)
        .add_systems(
            Update,
            (
                slot_actions.in_set(ActionSet::Apply),
                count_play_time.after(ActionSet::Apply),
            ),
        );
}

/// The story's save slots as the screens show them, and the question being asked about one.
#[derive(Resource, Debug)]
pub struct Saves {
    /// The slots' folder, or why there is none.
    store: Result<SaveStore, String>,
    /// Every slot as last listed (on opening a slot screen or the title, and after changes).
    slots: Vec<SlotInfo>,
    /// The newest readable save as last listed: what Continue loads.
    latest: Option<Slot>,
    /// Deleting or overwriting a slot waits for this answer.
    pub confirm: Option<Confirm>,
    /// A short word on the last save or load for the menu bar; cleared by the next command.
    pub status: Option<String>,
    /// Where exported transcripts go: `<--save-dir>/transcripts`, else
    /// `<data>/transcripts/<story id>` (as the terminal player's `x` does).
    transcripts: Option<PathBuf>,
}

impl Saves {
    /// The saves of story `story_id` in the folder `dirs` gives ([`StoreDirs::save_dir`]).
    pub fn new(dirs: &StoreDirs, story_id: &str) -> Saves {
        let store = dirs
            .save_dir(story_id)
            .map(|dir| SaveStore::new(dir, story_id))
            .ok_or_else(|| SaveError::NoDataDir.to_string());
        let mut saves = Saves {
            store,
            slots: Vec::new(),
            latest: None,
            confirm: None,
            status: None,
            transcripts: dirs
                .saves
                .as_ref()
                .map(|d| d.join("transcripts"))
                .or_else(|| {
                    dirs.data.as_ref().map(|d| {
                        d.join("transcripts")
                            .join(crate::save::store::folder_name(story_id))
                    })
                }),
        };
        saves.refresh();
        saves
    }

    /// The folder exported transcripts go into, if there is a data folder.
    pub fn transcript_dir(&self) -> Option<&Path> {
        self.transcripts.as_deref()
    }

    /// The store, or why saving is unavailable.
    pub fn store(&self) -> Result<&SaveStore, &str> {
        self.store.as_ref().map_err(String::as_str)
    }

    /// Every slot as last listed.
    pub fn slots(&self) -> &[SlotInfo] {
        &self.slots
    }

    /// The newest readable save as last listed.
    pub fn latest(&self) -> Option<Slot> {
        self.latest
    }

    /// Reads the slots' files again.
    pub fn refresh(&mut self) {
        let (slots, latest) = match &self.store {
            Ok(store) => (store.list(), store.latest().map(|(slot, _)| slot)),
            Err(_) => (Vec::new(), None),
        };
        self.slots = slots;
        self.latest = latest;
    }

    /// Writes `save` into `slot`. The error is the reason, for a notice.
    pub fn write(&mut self, slot: Slot, save: &SaveFile) -> Result<(), String> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        store.write(slot, save).map_err(|e| e.to_string())?;
        self.latest = Some(slot);
        Ok(())
    }

    /// Reads the save in `slot`. The error is a sentence for a notice.
    pub fn read(&self, slot: Slot) -> Result<SaveFile, String> {
        let store = self.store.as_ref().map_err(|reason| {
            sentence(&t!(
                "notice-cannot-load",
                slot = slot_name(slot),
                reason = reason.as_str()
            ))
        })?;
        store.read(slot).map_err(|e| sentence(&e.to_string()))
    }

    /// The newest readable save, read now.
    pub fn read_latest(&self) -> Option<(Slot, SaveFile)> {
        self.store.as_ref().ok()?.latest()
    }

    /// Deletes the save in `slot` and lists the slots again. The error is a sentence.
    pub fn delete(&mut self, slot: Slot) -> Result<(), String> {
        let store = self.store.as_ref().map_err(|reason| sentence(reason))?;
        let deleted = store.delete(slot).map(|_| ());
        self.refresh();
        deleted.map_err(|e| sentence(&e.to_string()))
    }
}

/// Writes the autosave of the playthrough. A failure is a notice; play goes on.
pub fn autosave(game: &Game, saves: &mut Saves, notices: &mut Notices) {
    let Some(save) = game.to_save() else {
        return;
    };
    if let Err(reason) = saves.write(Slot::Auto, &save) {
        notices.push(t!("notice-autosave-failed", reason = reason));
    }
}

/// A slot as a sentence names it, in the interface language: `the autosave`, `the quicksave`,
/// `slot 3`.
pub fn slot_name(slot: Slot) -> String {
    match slot {
        Slot::Auto => t!("saves-slot-auto"),
        Slot::Quick => t!("saves-slot-quick"),
        Slot::Named(n) => t!("saves-slot-named", n = n),
    }
}

/// `text` as a sentence: capital first letter, full stop at the end.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A slot screen or the title opens with the slots as they are on disk now.
fn refresh(mut saves: ResMut<Saves>) {
    saves.confirm = None;
    saves.refresh();
}

/// Questions about slots and deleting them.
fn slot_actions(
    mut actions: MessageReader<UiAction>,
    mut saves: ResMut<Saves>,
    mut notices: ResMut<Notices>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for action in actions.read() {
        match action {
            UiAction::Ask(confirm) => saves.confirm = Some(*confirm),
            UiAction::CancelConfirm | UiAction::SaveSlot(_) => saves.confirm = None,
            UiAction::DeleteSlot(slot) => {
                saves.confirm = None;
                if let Err(e) = saves.delete(*slot) {
                    notices.push(e);
                }
            }
            _ => continue,
        }
        redraw.write(RequestRedraw);
    }
}

/// Adds the time since the last frame to the playthrough's play time when that frame showed
/// the play screen (not paused) in a focused window. Other screens, the pause menu and an
/// unfocused window do not count.
fn count_play_time(
    mut game: ResMut<Game>,
    screen: Res<State<Screen>>,
    overlay: Option<Res<State<Overlay>>>,
    windows: Query<&Window>,
    time: Res<Time<Real>>,
    mut counting: Local<bool>,
) {
    if *counting {
        game.bypass_change_detection()
            .add_play_time(time.delta().min(MAX_COUNTED_FRAME));
    }
    let playing =
        *screen.get() == Screen::Playing && overlay.is_none_or(|o| *o.get() != Overlay::Paused);
    let focused = windows.is_empty() || windows.iter().any(|w| w.focused);
    *counting = playing && focused;
}
