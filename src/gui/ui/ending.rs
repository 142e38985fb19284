//! The ending screen: the last passage, the ending's title and summary, the path that led there,
//! the discussion questions, and what to play next.

use bevy_egui::egui::{self, Frame, Key, RichText, Stroke, Ui};

use super::{UiAction, column, key_hints, take_key};
use crate::session::{EndingView, Entry, View};

/// What the ending screen shows.
pub struct EndingInfo<'a> {
    pub view: &'a View,
    pub ending: &'a EndingView,
    /// The session's transcript, for the path recap.
    pub transcript: &'a [Entry],
    pub role_name: &'a str,
    /// The story's other roles, `(id, name)`, for "Play the other role".
    pub other_roles: Vec<(&'a str, &'a str)>,
    pub can_undo: bool,
    pub page: u64,
}

/// One step of the path that led to the ending: the choice taken and any random outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub choice: String,
    pub outcome: Option<String>,
}

/// The choices taken in a transcript, each with the label of the random outcome it drew.
pub fn path(transcript: &[Entry]) -> Vec<PathStep> {
    let mut steps: Vec<PathStep> = Vec::new();
    let mut after_choice = false;
    for entry in transcript {
        match entry {
            Entry::Chose { text, .. } => {
                steps.push(PathStep {
                    choice: text.to_string(),
                    outcome: None,
                });
                after_choice = true;
            }
            Entry::Outcome { target, label, .. } if after_choice => {
                if let Some(step) = steps.last_mut() {
                    step.outcome = Some(label.clone().unwrap_or_else(|| target.clone()));
                }
            }
            Entry::Shown { .. } => after_choice = false,
            _ => {}
        }
    }
    steps
}

/// Draws the ending screen. Keys: U or Backspace undoes the last choice; Tab and Enter reach
/// every button.
pub fn screen(ui: &mut Ui, info: &EndingInfo) -> Option<UiAction> {
    let mut action = None;
    if (take_key(ui, Key::U) || take_key(ui, Key::Backspace)) && info.can_undo {
        action = Some(UiAction::Undo);
    }
    let drawn = column(ui, info.page, |ui| {
        let mut action = None;
        ui.label(RichText::new(&info.view.scene_title).small().weak());
        if let Some(label) = &info.view.outcome {
            ui.label(
                RichText::new(t!("chance", label = label.to_string()))
                    .small()
                    .strong(),
            );
        }
        for beat in &info.view.beats {
            if let Some(speaker) = &beat.speaker {
                ui.label(RichText::new(speaker).strong());
            }
            if !beat.text.is_empty() {
                ui.label(&beat.text);
            }
        }
        ui.add_space(8.0);
        ending_card(ui, info.ending, info.role_name);
        let steps = path(info.transcript);
        if !steps.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new(t!("ending-your-path")).heading());
            for (i, step) in steps.iter().enumerate() {
                let text = match &step.outcome {
                    Some(o) => t!(
                        "ending-path-step-chance",
                        n = i + 1,
                        choice = step.choice.to_string(),
                        outcome = o.to_string()
                    ),
                    None => format!("{}. {}", i + 1, step.choice),
                };
                ui.label(text);
            }
        }
        if !info.ending.questions.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new(t!("to-discuss")).heading());
            for (i, q) in info.ending.questions.iter().enumerate() {
                ui.label(format!("{}. {q}", i + 1));
            }
        }
        ui.add_space(16.0);
        ui.horizontal_wrapped(|ui| {
            let again = egui::Button::new(RichText::new(t!("ending-play-again")).strong())
                .fill(ui.visuals().selection.bg_fill);
            if ui.add(again).clicked() {
                action = Some(UiAction::PlayAgain);
            }
            for (id, name) in &info.other_roles {
                if ui
                    .button(t!("ending-play-as", role = name.to_string()))
                    .clicked()
                {
                    action = Some(UiAction::PlayRole((*id).to_owned()));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui.button(t!("menu-endings")).clicked() {
                action = Some(UiAction::OpenGallery);
            }
            if ui.button(t!("title-screen")).clicked() {
                action = Some(UiAction::ToTitle);
            }
            let undo = egui::Button::new(t!("ending-undo")).shortcut_text("U");
            if ui.add_enabled(info.can_undo, undo).clicked() {
                action = Some(UiAction::Undo);
            }
            if ui.button(t!("ending-save-transcript")).clicked() {
                action = Some(UiAction::ExportTranscript);
            }
        });
        ui.add_space(8.0);
        key_hints(ui, &t!("keys-ending"));
        action
    });
    drawn.or(action)
}

/// The ending's title and summary in a frame.
fn ending_card(ui: &mut Ui, ending: &EndingView, role_name: &str) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(Stroke::new(2.0, visuals.selection.bg_fill))
        .corner_radius(8.0)
        .inner_margin(16.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(t!("ending-the-end", role = role_name.to_string()))
                    .small()
                    .weak(),
            );
            ui.heading(RichText::new(&ending.title).strong());
            if !ending.summary.is_empty() {
                ui.label(&ending.summary);
            }
        });
}
