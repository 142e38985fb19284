//! The settings screen: text size, theme, text speed, fullscreen, reduced motion.

use bevy_egui::egui::{Key, RichText, Ui};

use super::{UiAction, back_button, column, key_hints, take_key};
use crate::gui::settings::{Language, Settings, TextSize, TextSpeed, Theme};

/// Draws the settings; any change is returned at once as [`UiAction::ChangeSettings`].
/// Keys: Tab/arrows move, Space or Enter selects, Esc goes back.
pub fn screen(ui: &mut Ui, current: &Settings, page: u64) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) {
        action = Some(UiAction::Back);
    }
    let mut s = *current;
    let back = column(ui, page, |ui| {
        let back = back_button(ui).clicked();
        ui.heading(RichText::new(t!("menu-settings")).strong());

        section(ui, &t!("settings-language"));
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for lang in Language::ALL {
                ui.radio_value(&mut s.language, lang, lang.label());
            }
        });

        section(ui, &t!("settings-text-size"));
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for size in TextSize::ALL {
                ui.radio_value(&mut s.text_size, size, size.label());
            }
        });

        section(ui, &t!("settings-theme"));
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for theme in Theme::ALL {
                ui.radio_value(&mut s.theme, theme, theme.label());
            }
        });

        section(ui, &t!("settings-text-speed"));
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for speed in TextSpeed::ALL {
                ui.radio_value(&mut s.text_speed, speed, speed.label());
            }
        });

        section(ui, &t!("settings-display"));
        ui.checkbox(&mut s.fullscreen, t!("settings-fullscreen"));
        ui.checkbox(&mut s.reduced_motion, t!("settings-reduced-motion"));

        ui.add_space(12.0);
        ui.separator();
        ui.label(RichText::new(t!("settings-sample")).small().weak());
        ui.label(t!("settings-sample-text"));
        ui.add_space(12.0);
        key_hints(ui, &t!("keys-settings"));
        back
    });
    if back {
        action = Some(UiAction::Back);
    }
    if s != *current {
        action = Some(UiAction::ChangeSettings(s));
    }
    action
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong());
}
