//! The history: a scrollable backlog of everything shown and chosen, random outcomes included.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{COLUMN_WIDTH, UiAction, back_button, key_hints, take_key};
use crate::session::Entry;

/// Draws the backlog of `entries` (a session's transcript), newest at the bottom and scrolled
/// there. Keys: Esc or H closes it.
pub fn screen(ui: &mut Ui, entries: &[Entry]) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) || take_key(ui, Key::H) {
        action = Some(UiAction::Resume);
    }
    egui::Panel::top("aftermath_history_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if back_button(ui).clicked() {
                action = Some(UiAction::Resume);
            }
            ui.label(RichText::new(t!("play-history")).strong());
            key_hints(ui, &t!("keys-history"));
        });
        ui.add_space(2.0);
    });
    // Keyboard scrolling: there are no widgets to move focus between here, so the arrow keys
    // (and Page Up/Down) scroll the backlog.
    let step = ui.input(|i| {
        let mut dy = 0.0;
        if i.key_pressed(Key::ArrowUp) {
            dy += 60.0;
        }
        if i.key_pressed(Key::ArrowDown) {
            dy -= 60.0;
        }
        if i.key_pressed(Key::PageUp) {
            dy += 400.0;
        }
        if i.key_pressed(Key::PageDown) {
            dy -= 400.0;
        }
        dy
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("aftermath_history")
            .auto_shrink(false)
            .stick_to_bottom(true)
            .show(ui, |ui| {
                if step != 0.0 {
                    ui.scroll_with_delta(egui::vec2(0.0, step));
                }
                let width = ui.available_width().min(COLUMN_WIDTH);
                let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                ui.horizontal_top(|ui| {
                    ui.add_space(margin);
                    ui.vertical(|ui| {
                        ui.set_width(width);
                        ui.add_space(16.0);
                        entries_ui(ui, entries);
                        ui.add_space(24.0);
                    });
                });
            });
    });
    action
}

/// The lines of the backlog.
pub fn entries_ui(ui: &mut Ui, entries: &[Entry]) {
    if entries.is_empty() {
        ui.label(RichText::new(t!("history-empty")).weak());
    }
    let accent = ui.visuals().selection.stroke.color;
    for entry in entries {
        match entry {
            Entry::Shown { speaker, text, .. } => {
                if let Some(s) = speaker {
                    ui.label(RichText::new(&**s).strong());
                }
                if !text.trim().is_empty() {
                    ui.label(text.trim());
                }
            }
            Entry::Chose { index, text } => {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(t!(
                        "history-you-chose",
                        n = index + 1,
                        choice = text.to_string()
                    ))
                    .strong()
                    .color(accent),
                );
                ui.separator();
            }
            Entry::Outcome {
                target,
                label,
                weight,
                total,
            } => {
                let what = label.as_deref().unwrap_or(target);
                ui.label(
                    RichText::new(t!(
                        "history-chance",
                        what = what.to_string(),
                        weight = weight.to_string(),
                        total = total.to_string()
                    ))
                    .small()
                    .italics(),
                );
            }
            Entry::Picked { weight, total, .. } => {
                ui.label(
                    RichText::new(t!(
                        "history-random-event",
                        weight = weight.to_string(),
                        total = total.to_string()
                    ))
                    .small()
                    .italics()
                    .weak(),
                );
            }
            Entry::Ended { title, .. } => {
                ui.label(RichText::new(t!("history-ending", title = title.to_string())).strong());
            }
        }
    }
}
