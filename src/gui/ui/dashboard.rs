//! The facilitator's dashboard of a hosted class: a card per group (where it is, its vote with
//! the tally, whether it ended) with that group's controls, and the controls for the whole class.

use bevy_egui::egui::{self, Frame, Key, RichText, Stroke, Ui};

use super::{MENU_WIDTH, UiAction, key_hints, take_key};
use crate::class::{Action, FacilitatorView, GroupCard, Spot, Target};

/// Seconds `+30 s` adds to a vote's timer.
pub const EXTEND_SECONDS: u32 = 30;
/// Narrowest a card gets, in points.
const CARD_WIDTH: f32 = 280.0;

/// What the dashboard shows.
pub struct DashboardInfo<'a> {
    pub view: &'a FacilitatorView,
    /// The facilitator asked to end the class: the confirmation is shown.
    pub confirm_end: bool,
    pub page: u64,
}

/// Draws the dashboard. Keys: O open all, C close all, P pause / resume the class, V the
/// projector view, R the debrief, J the lobby (join code), Esc asks to end the class; Tab /
/// arrows and Enter reach every button.
pub fn screen(ui: &mut Ui, info: &DashboardInfo) -> Option<UiAction> {
    if info.confirm_end {
        return confirm_end(ui);
    }
    let view = info.view;
    let mut action = keys(ui, view);
    egui::ScrollArea::vertical()
        .id_salt(("aftermath_dashboard", info.page))
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Frame::new().inner_margin(16.0).show(ui, |ui| {
                action = class_bar(ui, view).or(action.take());
                ui.add_space(8.0);
                let columns = ((ui.available_width() / (CARD_WIDTH + 16.0)) as usize)
                    .clamp(1, view.groups.len().max(1));
                for row in view.groups.chunks(columns) {
                    ui.columns(columns, |cols| {
                        for (col, card) in cols.iter_mut().zip(row) {
                            // Columns are justified, which would stretch wrapped lines.
                            let a = col
                                .with_layout(egui::Layout::top_down(egui::Align::LEFT), |col| {
                                    group_card(col, card, view.ended)
                                })
                                .inner;
                            action = a.or(action.take());
                        }
                    });
                    ui.add_space(8.0);
                }
                key_hints(
                    ui,
                    "Keys: O open all · C close all · P pause / resume · V projector · R debrief · J join code · Esc end the class",
                );
                super::scroll_to_new_focus(ui);
            });
        });
    action
}

fn keys(ui: &Ui, view: &FacilitatorView) -> Option<UiAction> {
    if take_key(ui, Key::Escape) {
        return Some(UiAction::AskEndClass);
    }
    if take_key(ui, Key::J) {
        return Some(UiAction::ShowLobby);
    }
    if take_key(ui, Key::V) {
        return Some(UiAction::ShowProjector);
    }
    if take_key(ui, Key::R) {
        return Some(UiAction::ShowDebrief);
    }
    if view.ended {
        return None;
    }
    if take_key(ui, Key::O) {
        Some(UiAction::Class(Action::Open(Target::All)))
    } else if take_key(ui, Key::C) {
        Some(UiAction::Class(Action::Close(Target::All)))
    } else if take_key(ui, Key::P) {
        Some(UiAction::Class(if view.paused {
            Action::ResumeClass
        } else {
            Action::PauseClass
        }))
    } else {
        None
    }
}

/// The class's title and state, and the controls for every group at once.
fn class_bar(ui: &mut Ui, view: &FacilitatorView) -> Option<UiAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&view.title).heading().strong());
        ui.label(
            RichText::new(format!("Code {}", view.code))
                .monospace()
                .strong(),
        );
        ui.label(format!("{} students", view.seats));
        let state = if view.ended {
            Some("The class has ended.")
        } else if view.over {
            Some("Every group has reached an ending.")
        } else if view.paused {
            Some("The class is paused.")
        } else {
            None
        };
        if let Some(state) = state {
            ui.label(
                RichText::new(state)
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
        }
    });
    ui.horizontal_wrapped(|ui| {
        let live = !view.ended;
        if ui
            .add_enabled(live, egui::Button::new("Open all"))
            .clicked()
        {
            action = Some(UiAction::Class(Action::Open(Target::All)));
        }
        if ui
            .add_enabled(live, egui::Button::new("Close all"))
            .clicked()
        {
            action = Some(UiAction::Class(Action::Close(Target::All)));
        }
        let (pause_text, pause) = if view.paused {
            ("Resume class", Action::ResumeClass)
        } else {
            ("Pause class", Action::PauseClass)
        };
        if ui
            .add_enabled(live, egui::Button::new(pause_text))
            .clicked()
        {
            action = Some(UiAction::Class(pause));
        }
        if ui
            .add(egui::Button::new("Projector view").shortcut_text("V"))
            .clicked()
        {
            action = Some(UiAction::ShowProjector);
        }
        if ui
            .add(egui::Button::new("Debrief").shortcut_text("R"))
            .clicked()
        {
            action = Some(UiAction::ShowDebrief);
        }
        if ui
            .add(egui::Button::new("Join code").shortcut_text("J"))
            .clicked()
        {
            action = Some(UiAction::ShowLobby);
        }
        if ui
            .button("Settings")
            .on_hover_text("Text size and theme (high contrast for the projector)")
            .clicked()
        {
            action = Some(UiAction::OpenSettings);
        }
        if live {
            if ui.button("End class…").clicked() {
                action = Some(UiAction::AskEndClass);
            }
        } else if ui.button("Title screen").clicked() {
            action = Some(UiAction::LeaveClass);
        }
    });
    action
}

/// One group: where it is, its vote and tally, its ending; its controls.
fn group_card(ui: &mut Ui, card: &GroupCard, class_ended: bool) -> Option<UiAction> {
    let mut action = None;
    let visuals = ui.visuals().clone();
    let g = card.index;
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(Stroke::new(
            1.0,
            visuals.widgets.noninteractive.bg_stroke.color,
        ))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Tighter buttons: four cards should fit a 1280x720 projector.
            ui.spacing_mut().button_padding = egui::vec2(6.0, 2.0);
            ui.spacing_mut().item_spacing.y = 4.0;
            ui.label(
                RichText::new(format!("{}. {}", g + 1, card.name))
                    .heading()
                    .strong(),
            );
            let start = card.preset.as_deref().unwrap_or("from the beginning");
            ui.label(RichText::new(format!("{} · {start}", card.role)).weak());
            ui.label(RichText::new(&card.scene).strong());
            if let Some(first) = card.passage.first() {
                ui.add(
                    egui::Label::new(RichText::new(excerpt(&first.text, 110)).italics()).truncate(),
                )
                .on_hover_text(&first.text);
            }
            if !card.stats.is_empty() {
                let stats: Vec<String> = card
                    .stats
                    .iter()
                    .map(|s| super::play::stat_text(s, None))
                    .collect();
                ui.label(RichText::new(stats.join(" · ")).small());
            }
            if let Some(ending) = &card.ending {
                ui.label(
                    RichText::new(format!("Ended: {}", ending.title))
                        .strong()
                        .color(visuals.warn_fg_color),
                );
            }
            let vote = &card.vote;
            if card.ending.is_none() {
                let kind = if vote.revote { "Revote" } else { "Vote" };
                let mut line = format!(
                    "{kind}: {} · round {} · {}/{} ballots",
                    vote.state, vote.round, vote.ballots, vote.seats
                );
                if let Some(s) = vote.seconds_left {
                    line.push_str(&format!(" · {s} s left"));
                }
                ui.label(line);
            }
            let live = !class_ended && card.ending.is_none();
            for (i, choice) in card.choices.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    if let Some(tally) = &vote.tally {
                        let n = tally.get(i).copied().unwrap_or(0);
                        ui.label(RichText::new(format!("{n:>3}")).monospace().strong());
                    }
                    // In a revote only the tied choices are on the ballot.
                    let off_ballot = vote.revote && !vote.options.contains(&i);
                    let mut text = format!("{}. {}", i + 1, choice.text);
                    if off_ballot {
                        text.push_str(" (not in this revote)");
                    }
                    let text = RichText::new(text);
                    ui.label(if choice.enabled && !off_ballot {
                        text
                    } else {
                        text.weak()
                    });
                });
            }
            // The overrides on one row, so a card stays short enough for four on a screen.
            if card.choices.iter().any(|c| c.enabled) {
                ui.horizontal_wrapped(|ui| {
                    for (i, choice) in card.choices.iter().enumerate() {
                        if !choice.enabled {
                            continue;
                        }
                        let button =
                            egui::Button::new(RichText::new(format!("Override {}", i + 1)).small());
                        if ui
                            .add_enabled(live, button)
                            .on_hover_text(format!(
                                "Take \"{}\" whatever the vote says",
                                choice.text
                            ))
                            .clicked()
                        {
                            action = Some(UiAction::Class(Action::Override {
                                group: g,
                                choice: i,
                            }));
                        }
                    }
                });
            }
            ui.horizontal_wrapped(|ui| {
                let target = Target::Group(g);
                let open = vote.state == "open" || vote.state == "paused";
                let (pause_text, pause) = if vote.state == "paused" {
                    ("Resume", Action::Resume(target))
                } else {
                    ("Pause", Action::Pause(target))
                };
                let buttons = [
                    ("Open", live && !open, Action::Open(target)),
                    ("Close", live && open, Action::Close(target)),
                    (pause_text, live && open, pause),
                    (
                        "+30 s",
                        live && open,
                        Action::Extend(target, EXTEND_SECONDS),
                    ),
                    ("Reveal", live && open, Action::Reveal(target)),
                    (
                        "Undo",
                        !class_ended && card.decisions > 0,
                        Action::Undo { group: g },
                    ),
                ];
                for (text, enabled, act) in buttons {
                    if ui
                        .add_enabled(enabled, egui::Button::new(RichText::new(text).small()))
                        .clicked()
                    {
                        action = Some(UiAction::Class(act));
                    }
                }
                if ui
                    .add_enabled(
                        !class_ended,
                        egui::Button::new(RichText::new("Spotlight").small()),
                    )
                    .on_hover_text("Show this group's passage on the projector view")
                    .clicked()
                {
                    action = Some(UiAction::Class(Action::Spotlight(Some(Spot::Group {
                        group: g,
                    }))));
                }
            });
        });
    action
}

/// Asks before ending the class: Esc or N keeps it running, Y ends it.
pub fn confirm_end(ui: &mut Ui) -> Option<UiAction> {
    let mut action = None;
    if take_key(ui, Key::Escape) || take_key(ui, Key::N) {
        return Some(UiAction::CancelConfirm);
    }
    if take_key(ui, Key::Y) {
        return Some(UiAction::Class(Action::End));
    }
    let modal = egui::Modal::new(egui::Id::new("aftermath_end_class"))
        .backdrop_color(egui::Color32::from_black_alpha(150))
        .show(ui.ctx(), |ui| {
            ui.set_width(MENU_WIDTH + 120.0);
            ui.label(RichText::new("End the class?").heading().strong());
            ui.label(
                "Votes stop and every phone shows that the class has ended. \
                 The class log keeps everything decided so far.",
            );
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let keep = ui.button("Keep it running");
                super::focus_if_none(ui, &keep);
                if keep.clicked() {
                    action = Some(UiAction::CancelConfirm);
                }
                let end = egui::Button::new(RichText::new("End the class").strong())
                    .fill(ui.visuals().error_fg_color.gamma_multiply(0.4));
                if ui.add(end).clicked() {
                    action = Some(UiAction::Class(Action::End));
                }
            });
            key_hints(ui, "Keys: Y end the class · Esc or N keep it running");
        });
    if action.is_none() && modal.should_close() {
        action = Some(UiAction::CancelConfirm);
    }
    action
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}
