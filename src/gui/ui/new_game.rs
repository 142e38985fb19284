//! Role selection: the story's description and content notes, then each role with its briefing
//! and the presets it can start from.

use bevy_egui::egui::{self, Frame, Key, RichText, Stroke, Ui};

use super::{UiAction, back_button, column, key_hints, number_key, take_key};
use crate::story::{Meta, Role};

/// Draws role selection. Keys: 1-9 pick a role, Esc goes back.
pub fn screen(ui: &mut Ui, meta: &Meta, roles: &[Role], page: u64) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) {
        action = Some(UiAction::Back);
    }
    if let Some(role) = number_key(ui).and_then(|i| roles.get(i)) {
        action = Some(UiAction::PickRole(role.id.clone()));
    }
    let drawn = column(ui, page, |ui| {
        let mut action = None;
        if back_button(ui).clicked() {
            action = Some(UiAction::Back);
        }
        ui.heading(RichText::new(&meta.title).strong());
        if !meta.description.is_empty() {
            ui.label(&meta.description);
        }
        if !meta.content_notes.is_empty() {
            content_notes(ui, &meta.content_notes);
        }
        ui.add_space(8.0);
        ui.label(RichText::new(t!("new-game-heading")).heading());
        for (i, role) in roles.iter().enumerate() {
            ui.add_space(6.0);
            let label = if i < 9 {
                format!("{}. {}", i + 1, role.name)
            } else {
                role.name.clone()
            };
            let button = egui::Button::new(RichText::new(label).strong()).wrap();
            if ui.add(button).clicked() {
                action = Some(UiAction::PickRole(role.id.clone()));
            }
            if !role.briefing.is_empty() {
                ui.label(&role.briefing);
            }
            if !role.presets.is_empty() {
                action = presets(ui, role).or(action);
            }
        }
        ui.add_space(12.0);
        key_hints(ui, &t!("keys-new-game"));
        action
    });
    drawn.or(action)
}

/// The story's content notes, set apart so nobody misses them.
fn content_notes(ui: &mut Ui, notes: &[String]) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(Stroke::new(1.5, visuals.warn_fg_color))
        .corner_radius(6.0)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(t!("content-notes"))
                    .strong()
                    .color(visuals.warn_fg_color),
            );
            ui.label(notes.join(", "));
        });
}

/// A role's presets, folded away: other places the story can start from.
fn presets(ui: &mut Ui, role: &Role) -> Option<UiAction> {
    let mut action = None;
    egui::CollapsingHeader::new(t!("new-game-presets", role = role.name.as_str()))
        .id_salt(("presets", &role.id))
        .show(ui, |ui| {
            for preset in &role.presets {
                let button = egui::Button::new(&preset.title).wrap();
                if ui.add(button).clicked() {
                    action = Some(UiAction::PickPreset(role.id.clone(), preset.id.clone()));
                }
                if !preset.about.is_empty() {
                    ui.label(RichText::new(&preset.about).small());
                }
            }
        });
    action
}
