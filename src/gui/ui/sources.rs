//! The sources page: every work the story's context notes cite, with the scenes citing it.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{UiAction, back_button, column, key_hints, take_key};
use crate::story::Story;

/// Draws the story's sources, each with what it supports and the scenes whose notes cite it.
/// Keys: Esc or O closes it.
pub fn screen(ui: &mut Ui, story: &Story) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) || take_key(ui, Key::O) {
        action = Some(UiAction::Resume);
    }
    egui::Panel::top("aftermath_sources_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if back_button(ui).clicked() {
                action = Some(UiAction::Resume);
            }
            ui.label(RichText::new(t!("sources-heading")).strong());
            key_hints(ui, &t!("keys-sources"));
        });
        ui.add_space(2.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        column(ui, 0, |ui| list(ui, story));
    });
    action
}

fn list(ui: &mut Ui, story: &Story) {
    if story.sources.is_empty() {
        ui.label(t!("sources-none"));
        return;
    }
    ui.label(RichText::new(t!("sources-about")).weak());
    ui.add_space(12.0);
    for (i, source) in story.sources.iter().enumerate() {
        ui.label(RichText::new(source.line()).strong());
        if !source.supports.is_empty() {
            ui.label(&source.supports);
        }
        let scenes = citing_scenes(story, i as u32);
        if !scenes.is_empty() {
            ui.label(
                RichText::new(t!("sources-cited-in", scenes = scenes.join(", ")))
                    .small()
                    .weak(),
            );
        }
        ui.add_space(10.0);
    }
}

/// The titles of the scenes with a node citing source `i`, each once, in story order.
fn citing_scenes(story: &Story, i: u32) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for node in story.nodes.iter().filter(|n| n.sources.contains(&i)) {
        if let Some(scene) = story.scenes.get(node.scene as usize)
            && !out.contains(&scene.title.as_str())
        {
            out.push(&scene.title);
        }
    }
    out
}
