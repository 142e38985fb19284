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
                key_hints(ui, &t!("dash-keys"));
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
            RichText::new(t!("dash-code", code = view.code.as_str()))
                .monospace()
                .strong(),
        );
        ui.label(t!("dash-students", count = view.seats));
        let state = if view.ended {
            Some(t!("dash-class-ended"))
        } else if view.over {
            Some(t!("dash-class-over"))
        } else if view.paused {
            Some(t!("dash-class-paused"))
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
            .add_enabled(live, egui::Button::new(t!("dash-open-all")))
            .clicked()
        {
            action = Some(UiAction::Class(Action::Open(Target::All)));
        }
        if ui
            .add_enabled(live, egui::Button::new(t!("dash-close-all")))
            .clicked()
        {
            action = Some(UiAction::Class(Action::Close(Target::All)));
        }
        let (pause_text, pause) = if view.paused {
            (t!("dash-resume-class"), Action::ResumeClass)
        } else {
            (t!("dash-pause-class"), Action::PauseClass)
        };
        if ui
            .add_enabled(live, egui::Button::new(pause_text))
            .clicked()
        {
            action = Some(UiAction::Class(pause));
        }
        if ui
            .add(egui::Button::new(t!("dash-projector")).shortcut_text("V"))
            .clicked()
        {
            action = Some(UiAction::ShowProjector);
        }
        if ui
            .add(egui::Button::new(t!("dash-debrief")).shortcut_text("R"))
            .clicked()
        {
            action = Some(UiAction::ShowDebrief);
        }
        if ui
            .add(egui::Button::new(t!("dash-join-code")).shortcut_text("J"))
            .clicked()
        {
            action = Some(UiAction::ShowLobby);
        }
        if ui
            .button(t!("dash-settings"))
            .on_hover_text(t!("dash-settings-hint"))
            .clicked()
        {
            action = Some(UiAction::OpenSettings);
        }
        if live {
            if ui.button(t!("dash-end-class")).clicked() {
                action = Some(UiAction::AskEndClass);
            }
        } else if ui.button(t!("class-title-screen")).clicked() {
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
            let start = card
                .preset
                .clone()
                .unwrap_or_else(|| t!("class-from-beginning"));
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
                    RichText::new(t!("dash-card-ended", title = ending.title.as_str()))
                        .strong()
                        .color(visuals.warn_fg_color),
                );
            }
            let vote = &card.vote;
            if card.ending.is_none() {
                let state = state_text(vote.state);
                let mut line = if vote.revote {
                    t!(
                        "dash-revote-line",
                        state = state,
                        round = vote.round,
                        ballots = vote.ballots,
                        seats = vote.seats
                    )
                } else {
                    t!(
                        "dash-vote-line",
                        state = state,
                        round = vote.round,
                        ballots = vote.ballots,
                        seats = vote.seats
                    )
                };
                if let Some(s) = vote.seconds_left {
                    line.push_str(" · ");
                    line.push_str(&t!("class-seconds-left", seconds = s));
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
                    let text = if off_ballot {
                        t!("dash-off-ballot", n = i + 1, choice = choice.text.as_str())
                    } else {
                        format!("{}. {}", i + 1, choice.text)
                    };
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
                        let button = egui::Button::new(
                            RichText::new(t!("dash-override", n = i + 1)).small(),
                        );
                        if ui
                            .add_enabled(live, button)
                            .on_hover_text(t!("dash-override-hint", choice = choice.text.as_str()))
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
                    (t!("dash-resume"), Action::Resume(target))
                } else {
                    (t!("dash-pause"), Action::Pause(target))
                };
                let buttons = [
                    (t!("dash-open"), live && !open, Action::Open(target)),
                    (t!("dash-close"), live && open, Action::Close(target)),
                    (pause_text, live && open, pause),
                    (
                        t!("dash-extend", seconds = EXTEND_SECONDS),
                        live && open,
                        Action::Extend(target, EXTEND_SECONDS),
                    ),
                    (t!("dash-reveal"), live && open, Action::Reveal(target)),
                    (
                        t!("dash-undo"),
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
                        egui::Button::new(RichText::new(t!("dash-spotlight")).small()),
                    )
                    .on_hover_text(t!("dash-spotlight-hint"))
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
            ui.label(RichText::new(t!("dash-confirm-end")).heading().strong());
            ui.label(t!("dash-confirm-end-about"));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let keep = ui.button(t!("dash-keep-running"));
                super::focus_if_none(ui, &keep);
                if keep.clicked() {
                    action = Some(UiAction::CancelConfirm);
                }
                let end = egui::Button::new(RichText::new(t!("dash-end-the-class")).strong())
                    .fill(ui.visuals().error_fg_color.gamma_multiply(0.4));
                if ui.add(end).clicked() {
                    action = Some(UiAction::Class(Action::End));
                }
            });
            key_hints(ui, &t!("dash-keys-confirm-end"));
        });
    if action.is_none() && modal.should_close() {
        action = Some(UiAction::CancelConfirm);
    }
    action
}

/// A vote's state (`open`, `paused`, `deciding`, `waiting`) in the interface's language.
fn state_text(state: &str) -> String {
    match state {
        "open" => t!("dash-state-open"),
        "paused" => t!("dash-state-paused"),
        "deciding" => t!("dash-state-deciding"),
        "waiting" => t!("dash-state-waiting"),
        other => other.to_owned(),
    }
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}
