//! The settings screen: text size, theme, text speed, fullscreen, reduced motion.

use bevy_egui::egui::{Key, RichText, Ui};

use super::{UiAction, back_button, column, key_hints, take_key};
use crate::gui::settings::{Settings, TextSize, TextSpeed, Theme};

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
        ui.heading(RichText::new("Settings").strong());

        section(ui, "Text size");
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for size in TextSize::ALL {
                ui.radio_value(&mut s.text_size, size, size.label());
            }
        });

        section(ui, "Theme");
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for theme in Theme::ALL {
                ui.radio_value(&mut s.theme, theme, theme.label());
            }
        });

        section(ui, "Text speed");
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 24.0;
            for speed in TextSpeed::ALL {
                ui.radio_value(&mut s.text_speed, speed, speed.label());
            }
        });

        section(ui, "Display");
        ui.checkbox(&mut s.fullscreen, "Fullscreen");
        ui.checkbox(
            &mut s.reduced_motion,
            "Reduced motion (no text animation, no fades)",
        );

        ui.add_space(12.0);
        ui.separator();
        ui.label(RichText::new("Sample").small().weak());
        ui.label(
            "The train runs for days. The curtains stay down by order, but a curtain has edges.",
        );
        ui.add_space(12.0);
        key_hints(
            ui,
            "Keys: Tab / arrows move · Space or Enter selects · Esc back",
        );
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
