//! The title screen: new game, continue, load game, run a class, settings, endings gallery,
//! quit.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{UiAction, focus_if_none, key_hints, menu_button, take_key};
use crate::story::Meta;

/// What the title screen shows.
pub struct TitleInfo<'a> {
    pub meta: &'a Meta,
    /// `Ok` when Continue can be used, else why not (e.g. "no saved game yet").
    pub can_continue: Result<(), &'a str>,
    /// The join code of the last class, when it did not end and can be resumed.
    pub resumable: Option<&'a str>,
    /// The join code of the class this window hosts, if any.
    pub hosting: Option<&'a str>,
}

/// Draws the title screen. Keys: N, C, L, R (run a class), K (resume it), S, G, Q; Tab/arrows and Enter move between the buttons.
pub fn screen(ui: &mut Ui, info: &TitleInfo) -> Option<UiAction> {
    let mut action = None;
    let top = (ui.available_height() * 0.12).clamp(16.0, 120.0);
    ui.add_space(top);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("AFTERMATH").small().weak());
        ui.label(
            RichText::new(&info.meta.title)
                .heading()
                .size(ui.text_style_height(&egui::TextStyle::Heading) * 1.6)
                .strong(),
        );
        if !info.meta.authors.is_empty() {
            ui.label(RichText::new(info.meta.authors.join(", ")).small().weak());
        }
        ui.add_space(28.0);

        let new_game = menu_button(ui, true, &t!("menu-new-game"), "N");
        focus_if_none(ui, &new_game);
        if new_game.clicked() {
            action = Some(UiAction::NewGame);
        }
        let can_continue = info.can_continue.is_ok();
        let mut cont = menu_button(ui, can_continue, &t!("menu-continue"), "C");
        if let Err(reason) = info.can_continue {
            cont = cont.on_disabled_hover_text(reason);
            ui.label(RichText::new(reason).small().weak().italics());
        }
        if cont.clicked() {
            action = Some(UiAction::Continue);
        }
        if menu_button(ui, true, &t!("menu-load-game"), "L").clicked() {
            action = Some(UiAction::OpenLoad);
        }
        let class_text = match info.hosting {
            Some(code) => t!("menu-class-running", code = code.to_string()),
            None => t!("menu-run-class"),
        };
        if menu_button(ui, true, &class_text, "R").clicked() {
            action = Some(UiAction::OpenClassSetup);
        }
        if info.hosting.is_none()
            && let Some(code) = info.resumable
            && menu_button(
                ui,
                true,
                &t!("menu-resume-class", code = code.to_string()),
                "K",
            )
            .clicked()
        {
            action = Some(UiAction::ResumeClass);
        }
        if menu_button(ui, true, &t!("menu-settings"), "S").clicked() {
            action = Some(UiAction::OpenSettings);
        }
        if menu_button(ui, true, &t!("menu-endings"), "G").clicked() {
            action = Some(UiAction::OpenGallery);
        }
        if menu_button(ui, true, &t!("menu-quit"), "Q").clicked() {
            action = Some(UiAction::Quit);
        }
        ui.add_space(20.0);
        key_hints(ui, &t!("keys-title"));
    });

    if take_key(ui, Key::N) {
        action = Some(UiAction::NewGame);
    } else if take_key(ui, Key::C) && info.can_continue.is_ok() {
        action = Some(UiAction::Continue);
    } else if take_key(ui, Key::L) {
        action = Some(UiAction::OpenLoad);
    } else if take_key(ui, Key::R) {
        action = Some(UiAction::OpenClassSetup);
    } else if take_key(ui, Key::K) && info.resumable.is_some() && info.hosting.is_none() {
        action = Some(UiAction::ResumeClass);
    } else if take_key(ui, Key::S) {
        action = Some(UiAction::OpenSettings);
    } else if take_key(ui, Key::G) {
        action = Some(UiAction::OpenGallery);
    } else if take_key(ui, Key::Q) {
        action = Some(UiAction::Quit);
    }
    action
}
