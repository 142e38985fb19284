//! The pause menu (Esc while playing): resume, history, sources, save, load, settings, title, quit.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{UiAction, focus_if_none, menu_button, take_key};

/// Draws the pause menu as a modal over whatever `ui` shows. Esc or a click outside resumes.
/// `sources`: the story cites sources, so the menu offers its sources page.
pub fn menu(ui: &mut Ui, sources: bool) -> Option<UiAction> {
    let mut action = None;
    let modal = egui::Modal::new(egui::Id::new("aftermath_pause"))
        .backdrop_color(egui::Color32::from_black_alpha(150))
        .show(ui.ctx(), |ui| {
            ui.set_width(super::MENU_WIDTH);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(t!("pause-heading")).heading().strong());
                ui.add_space(8.0);
                let resume = menu_button(ui, true, &t!("pause-resume"), "Esc");
                focus_if_none(ui, &resume);
                if resume.clicked() {
                    action = Some(UiAction::Resume);
                }
                if menu_button(ui, true, &t!("play-history"), "H").clicked() {
                    action = Some(UiAction::OpenHistory);
                }
                if sources && menu_button(ui, true, &t!("sources-heading"), "O").clicked() {
                    action = Some(UiAction::OpenSources);
                }
                if menu_button(ui, true, &t!("pause-save-game"), "V").clicked() {
                    action = Some(UiAction::OpenSave);
                }
                if menu_button(ui, true, &t!("menu-load-game"), "L").clicked() {
                    action = Some(UiAction::OpenLoad);
                }
                if menu_button(ui, true, &t!("menu-settings"), "S").clicked() {
                    action = Some(UiAction::OpenSettings);
                }
                if menu_button(ui, true, &t!("title-screen"), "T").clicked() {
                    action = Some(UiAction::ToTitle);
                }
                if menu_button(ui, true, &t!("menu-quit"), "Q").clicked() {
                    action = Some(UiAction::Quit);
                }
            });
        });
    if take_key(ui, Key::H) {
        action = Some(UiAction::OpenHistory);
    } else if sources && take_key(ui, Key::O) {
        action = Some(UiAction::OpenSources);
    } else if take_key(ui, Key::V) {
        action = Some(UiAction::OpenSave);
    } else if take_key(ui, Key::L) {
        action = Some(UiAction::OpenLoad);
    } else if take_key(ui, Key::S) {
        action = Some(UiAction::OpenSettings);
    } else if take_key(ui, Key::T) {
        action = Some(UiAction::ToTitle);
    } else if take_key(ui, Key::Q) {
        action = Some(UiAction::Quit);
    }
    if action.is_none() && modal.should_close() {
        action = Some(UiAction::Resume);
    }
    action
}
