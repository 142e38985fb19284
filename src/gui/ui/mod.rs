//! Pure egui drawing of the game screens: functions over the core's data returning a [`UiAction`].
//!
//! Nothing here touches Bevy, the session or files: a screen draws what it is given and reports
//! what the player asked for. The game's systems apply the actions, so every screen can be
//! driven headless (egui_kittest) and other input sources (a classroom mode) can be added
//! without touching the drawing.

pub mod class_setup;
pub mod dashboard;
pub mod debrief;
pub mod diagnostics;
pub mod ending;
pub mod gallery;
pub mod history;
pub mod lobby;
pub mod new_game;
pub mod pause;
pub mod picture;
pub mod play;
pub mod projector;
pub mod settings;
pub mod slots;
pub mod sources;
pub mod style;
pub mod title;

use bevy_egui::egui::{self, Frame, Key, RichText, Ui};

use super::class_plan::ClassPlan;
use super::settings::Settings;
use crate::class::Action;
use crate::save::Slot;
use slots::Confirm;

/// Widest the text column gets, in points: long lines are hard to read.
pub const COLUMN_WIDTH: f32 = 760.0;
/// Width of menu buttons (title, pause menu).
pub const MENU_WIDTH: f32 = 320.0;

/// What the player asked for this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    /// Title: go to role selection.
    NewGame,
    /// Title: resume the playthrough in progress, or else load the latest save.
    Continue,
    OpenSettings,
    OpenGallery,
    Quit,
    /// Leave settings, the gallery or role selection for the screen they were opened from.
    Back,
    /// Go to the title screen.
    ToTitle,
    /// Start playing the role with this id.
    PickRole(String),
    /// Start playing a role from one of its presets: (role id, preset id).
    PickPreset(String, String),
    /// Take visible choice `n` (0-based, as listed in the view).
    Choose(usize),
    /// Show the whole passage now.
    RevealAll,
    /// Step back one choice.
    Undo,
    /// Open the pause menu.
    Pause,
    /// Close the pause menu or the history and go on playing.
    Resume,
    OpenHistory,
    /// The story's sources page.
    OpenSources,
    /// Play the same role again from the start.
    PlayAgain,
    /// Write the playthrough's transcript (HTML) into the data folder.
    ExportTranscript,
    /// Play another role from the start.
    PlayRole(String),
    /// Use these settings from now on.
    ChangeSettings(Settings),
    /// Hide the notices shown above the screen.
    DismissNotices,
    /// Hide the story's diagnostics panel (until the next edit).
    DismissDiagnostics,
    /// Open the load screen (title, pause menu, menu bar).
    OpenLoad,
    /// Open the save screen (pause menu, menu bar).
    OpenSave,
    /// Load the save in this slot.
    LoadSlot(Slot),
    /// Save the playthrough into this slot, replacing what is there.
    SaveSlot(Slot),
    /// Save into the quicksave (F5).
    QuickSave,
    /// Load the quicksave (F9).
    QuickLoad,
    /// Ask the player to confirm deleting or overwriting a slot.
    Ask(Confirm),
    /// Close the confirmation without doing anything.
    CancelConfirm,
    /// Delete the save in this slot (after confirming).
    DeleteSlot(Slot),
    /// Hosting a class: apply this facilitator action to it.
    Class(Action),
    /// Lobby: open every group's vote and go to the dashboard.
    StartClass,
    /// Hosting a class: ask before ending it (End class, Esc).
    AskEndClass,
    /// Hosting a class: show the lobby (the join code and QR code) again.
    ShowLobby,
    /// Hosting a class: show the dashboard.
    ShowDashboard,
    /// Hosting a class: show the projector view (the spotlight, large).
    ShowProjector,
    /// Hosting a class: show the debrief (groups side by side, exports).
    ShowDebrief,
    /// Debrief: write the debrief files (HTML, Markdown, CSV, JSON) next to the class log.
    ExportDebrief {
        nicknames: bool,
    },
    /// Open this folder in the file manager.
    OpenFolder(std::path::PathBuf),
    /// Leave an ended class for the title screen (which stops its server).
    LeaveClass,
    /// Title: set up a class to host (or show the one hosted).
    OpenClassSetup,
    /// Set-up screen: the set-up as edited.
    EditPlan(Box<ClassPlan>),
    /// Set-up screen: start the class set up and open its lobby.
    HostClass,
    /// Title or set-up screen: resume the last class from its log.
    ResumeClass,
}

/// Draws `add_contents` in a vertically scrolling column at most [`COLUMN_WIDTH`] wide,
/// centred in `ui`. Each `page` has its own scroll position, so a new page starts at the top.
pub fn column<R>(ui: &mut Ui, page: u64, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    egui::ScrollArea::vertical()
        .id_salt(("aftermath_page", page))
        .auto_shrink(false)
        .show(ui, |ui| {
            let width = ui.available_width().min(COLUMN_WIDTH);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            ui.horizontal_top(|ui| {
                ui.add_space(margin);
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.add_space(24.0);
                    let r = add_contents(ui);
                    ui.add_space(24.0);
                    scroll_to_new_focus(ui);
                    r
                })
                .inner
            })
            .inner
        })
        .inner
}

/// Scrolls the enclosing scroll area to a widget that just got keyboard focus (Tab, arrows),
/// so keyboard players can reach buttons below the fold.
pub fn scroll_to_new_focus(ui: &Ui) {
    if let Some(id) = ui.memory(bevy_egui::egui::Memory::focused)
        && let Some(response) = ui.ctx().read_response(id)
        && response.gained_focus()
    {
        response.scroll_to_me(None);
    }
}

/// The number key (1-9) newly pressed this frame, as a 0-based index. Key repeats are ignored
/// so holding a key down cannot skip through several choices.
pub fn number_key(ui: &Ui) -> Option<usize> {
    const KEYS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                repeat: false,
                modifiers,
                ..
            } if modifiers.is_none() => KEYS.iter().position(|k| k == key),
            _ => None,
        })
    })
}

/// True when `key` was newly pressed this frame without modifiers (repeats ignored). The key
/// press is consumed, so a focused button does not also react to it.
pub fn take_key(ui: &Ui, key: Key) -> bool {
    ui.input_mut(|i| {
        let hit = i.events.iter().any(|e| {
            matches!(e, egui::Event::Key { key: k, pressed: true, repeat: false, modifiers, .. }
                if *k == key && modifiers.is_none())
        });
        if hit {
            i.consume_key(egui::Modifiers::NONE, key);
        }
        hit
    })
}

/// A wide menu button (title screen, pause menu) with its keyboard shortcut on the right.
pub fn menu_button(ui: &mut Ui, enabled: bool, text: &str, shortcut: &str) -> egui::Response {
    let button = egui::Button::new(RichText::new(text).strong())
        .shortcut_text(shortcut)
        .min_size(egui::vec2(MENU_WIDTH, 44.0));
    ui.add_enabled(enabled, button)
}

/// The Back button of a screen (Esc does the same).
pub fn back_button(ui: &mut Ui) -> egui::Response {
    ui.add(egui::Button::new(t!("back")).shortcut_text("Esc"))
}

/// Gives keyboard focus to `response` when nothing has it, so Enter works at once.
pub fn focus_if_none(ui: &Ui, response: &egui::Response) {
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
        // The focus shows from the next frame on; ask for it (the window only redraws on demand).
        ui.ctx().request_repaint();
    }
}

/// The notices (problems the player should know about) in a banner, with a dismiss button.
pub fn notices(ui: &mut Ui, notices: &[String]) -> Option<UiAction> {
    if notices.is_empty() {
        return None;
    }
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(egui::Stroke::new(1.5, visuals.warn_fg_color))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            for n in notices {
                ui.label(RichText::new(n).color(visuals.warn_fg_color));
            }
            ui.button(t!("dismiss"))
                .clicked()
                .then_some(UiAction::DismissNotices)
        })
        .inner
}

/// A small, muted line of keyboard hints.
pub fn key_hints(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).small().weak());
}
