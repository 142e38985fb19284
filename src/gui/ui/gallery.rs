//! The endings gallery screen: every ending of the story by scene, the reached ones revealed.

use bevy_egui::egui::{Frame, Key, RichText, Ui};

use super::{UiAction, back_button, column, key_hints, take_key};
use crate::gui::gallery::GalleryEntry;

/// Draws the gallery of `story_title`'s endings, grouped by scene. Keys: Esc goes back.
pub fn screen(
    ui: &mut Ui,
    story_title: &str,
    entries: &[GalleryEntry],
    page: u64,
) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) {
        action = Some(UiAction::Back);
    }
    let back = column(ui, page, |ui| {
        let back = back_button(ui).clicked();
        ui.heading(RichText::new(t!("gallery-heading")).strong());
        let found = entries.iter().filter(|e| e.reached_by.is_some()).count();
        ui.label(t!(
            "gallery-found",
            story = story_title.to_string(),
            found = found,
            total = entries.len()
        ));
        for group in entries.chunk_by(|a, b| a.scene == b.scene) {
            scene_group(ui, group);
        }
        ui.add_space(12.0);
        key_hints(ui, &t!("keys-back"));
        back
    });
    if back {
        action = Some(UiAction::Back);
    }
    action
}

/// The endings of one scene: the reached ones in full, the others counted.
fn scene_group(ui: &mut Ui, group: &[GalleryEntry]) {
    let Some(first) = group.first() else {
        return;
    };
    let found = group.iter().filter(|e| e.reached_by.is_some()).count();
    ui.add_space(10.0);
    ui.label(RichText::new(format!("{}  ({found} of {})", first.scene, group.len())).strong());
    let visuals = ui.visuals().clone();
    for entry in group {
        let Some(roles) = &entry.reached_by else {
            continue;
        };
        Frame::new()
            .fill(visuals.faint_bg_color)
            .stroke(visuals.widgets.noninteractive.bg_stroke)
            .corner_radius(6.0)
            .inner_margin(12.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&entry.title).strong());
                if !entry.summary.is_empty() {
                    ui.label(&entry.summary);
                }
                ui.label(
                    RichText::new(t!("gallery-reached-as", roles = roles.join(", ")))
                        .small()
                        .weak(),
                );
            });
    }
    let missing = group.len() - found;
    if missing > 0 {
        let text = t!("gallery-not-found", count = missing);
        ui.label(RichText::new(text).weak().italics());
    }
}
