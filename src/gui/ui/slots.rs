//! The load and save screens: each slot with role, scene, date and play time, unreadable files with their reason, and a confirmation before deleting or overwriting.

use std::path::Path;

use bevy_egui::egui::{self, Align, Frame, Key, Layout, RichText, TextFormat, Ui, text::LayoutJob};

use super::{MENU_WIDTH, UiAction, back_button, column, key_hints, number_key, take_key};
use crate::save::{Slot, SlotInfo, SlotState, SlotSummary};

/// Which of the two slot screens is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotMode {
    /// Every slot (autosave, quicksave, numbered), to load one.
    Load,
    /// The numbered slots, to save the playthrough into one.
    Save,
}

/// A question the player answers before a save is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Delete the save in this slot.
    Delete(Slot),
    /// Save into this slot, replacing the file there.
    Overwrite(Slot),
}

impl Confirm {
    /// The action a "yes" sends.
    pub fn yes(self) -> UiAction {
        match self {
            Confirm::Delete(slot) => UiAction::DeleteSlot(slot),
            Confirm::Overwrite(slot) => UiAction::SaveSlot(slot),
        }
    }
}

/// What a slot screen shows.
pub struct SlotsInfo<'a> {
    pub mode: SlotMode,
    /// Every slot and what it holds ([`crate::save::SaveStore::list`]); the save screen shows
    /// the numbered ones.
    pub slots: &'a [SlotInfo],
    /// The save folder, or why there is none.
    pub folder: Result<&'a Path, &'a str>,
    /// The question being asked, if any: the slots wait until it is answered.
    pub confirm: Option<Confirm>,
    /// The story's content hash now: saves with another one are marked.
    pub content_hash: u64,
    pub page: u64,
}

/// Draws the load or save screen. Keys: 1-9 pick a numbered slot, A the autosave and Q the
/// quicksave (load only), Tab and Enter reach every button, Esc goes back. While a question is
/// asked: Enter or Y answers yes, Esc or N no.
pub fn screen(ui: &mut Ui, info: &SlotsInfo) -> Option<UiAction> {
    let mut action = match info.confirm {
        Some(confirm) => {
            if take_key(ui, Key::Escape) || take_key(ui, Key::N) {
                Some(UiAction::CancelConfirm)
            } else if take_key(ui, Key::Enter) || take_key(ui, Key::Y) {
                Some(confirm.yes())
            } else {
                None
            }
        }
        None => keys(ui, info),
    };
    let drawn = column(ui, info.page, |ui| {
        ui.add_enabled_ui(info.confirm.is_none(), |ui| slot_list(ui, info))
            .inner
    });
    if let Some(confirm) = info.confirm
        && let Some(a) = question(ui, confirm, info)
    {
        action = Some(a);
    }
    drawn.or(action)
}

/// The slots the screen lists.
fn shown_slots<'a>(info: &'a SlotsInfo) -> impl Iterator<Item = &'a SlotInfo> {
    info.slots
        .iter()
        .filter(move |s| info.mode == SlotMode::Load || matches!(s.slot, Slot::Named(_)))
}

/// The slot screen's keyboard shortcuts (no question asked).
fn keys(ui: &Ui, info: &SlotsInfo) -> Option<UiAction> {
    if take_key(ui, Key::Escape) {
        return Some(UiAction::Back);
    }
    let mut slot = number_key(ui).and_then(|i| u8::try_from(i + 1).ok().map(Slot::Named));
    if info.mode == SlotMode::Load {
        if take_key(ui, Key::A) {
            slot = Some(Slot::Auto);
        } else if take_key(ui, Key::Q) {
            slot = Some(Slot::Quick);
        }
    }
    let slot = slot?;
    let found = shown_slots(info).find(|s| s.slot == slot)?;
    slot_action(info.mode, found)
}

/// What picking a slot does: load it, save into it, or ask before overwriting it.
fn slot_action(mode: SlotMode, slot: &SlotInfo) -> Option<UiAction> {
    match (mode, &slot.state) {
        (SlotMode::Load, SlotState::Saved(_)) => Some(UiAction::LoadSlot(slot.slot)),
        (SlotMode::Load, _) => None,
        (SlotMode::Save, SlotState::Empty) => Some(UiAction::SaveSlot(slot.slot)),
        (SlotMode::Save, _) => Some(UiAction::Ask(Confirm::Overwrite(slot.slot))),
    }
}

/// The slot's name in a slot list, in the interface language: `Autosave`, `Quicksave`,
/// `Slot 3`.
pub fn slot_label(slot: Slot) -> String {
    match slot {
        Slot::Auto => t!("slots-autosave"),
        Slot::Quick => t!("slots-quicksave"),
        Slot::Named(n) => t!("slots-slot", n = n),
    }
}

/// The key that picks a slot, shown on its button: `A`, `Q`, `1`-`9`.
fn slot_key(slot: Slot) -> String {
    match slot {
        Slot::Auto => "A".to_owned(),
        Slot::Quick => "Q".to_owned(),
        Slot::Named(n) => n.to_string(),
    }
}

fn slot_list(ui: &mut Ui, info: &SlotsInfo) -> Option<UiAction> {
    let mut action = None;
    if back_button(ui).clicked() {
        action = Some(UiAction::Back);
    }
    let (heading, intro, hints) = match info.mode {
        SlotMode::Load => (
            t!("slots-load-heading"),
            t!("slots-load-intro"),
            t!("keys-slots-load"),
        ),
        SlotMode::Save => (
            t!("slots-save-heading"),
            t!("slots-save-intro"),
            t!("keys-slots-save"),
        ),
    };
    ui.heading(RichText::new(heading).strong());
    ui.label(intro);
    ui.add_space(4.0);
    match info.folder {
        Err(reason) => {
            ui.label(
                RichText::new(t!("slots-unavailable", reason = reason))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        Ok(folder) => {
            for slot in shown_slots(info) {
                if let Some(a) = slot_row(ui, info, slot) {
                    action = Some(a);
                }
            }
            ui.add_space(6.0);
            ui.label(
                RichText::new(t!("slots-folder", folder = folder.display().to_string()))
                    .small()
                    .weak(),
            );
        }
    }
    ui.add_space(8.0);
    key_hints(ui, &hints);
    action
}

/// One slot: its button (load or save), what it holds, and Delete.
fn slot_row(ui: &mut Ui, info: &SlotsInfo, slot: &SlotInfo) -> Option<UiAction> {
    let mut action = None;
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(visuals.widgets.noninteractive.bg_stroke)
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let (verb, enabled) = match info.mode {
                    SlotMode::Load => (t!("slots-load"), matches!(slot.state, SlotState::Saved(_))),
                    SlotMode::Save => (t!("slots-save"), true),
                };
                let button = egui::Button::new(RichText::new(verb).strong())
                    .shortcut_text(slot_key(slot.slot))
                    .min_size(egui::vec2(96.0, 0.0));
                let mut response = ui.add_enabled(enabled, button);
                if let SlotState::Unreadable(reason) = &slot.state {
                    response = response.on_disabled_hover_text(reason.to_string());
                }
                if response.clicked() {
                    action = slot_action(info.mode, slot);
                }
                let delete_width = if slot.state == SlotState::Empty {
                    0.0
                } else {
                    90.0
                };
                let text_width = (ui.available_width() - delete_width).max(120.0);
                ui.vertical(|ui| {
                    ui.set_width(text_width);
                    ui.spacing_mut().item_spacing.y = 2.0;
                    slot_text(ui, slot, info.content_hash);
                });
                if slot.state != SlotState::Empty {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui.button(t!("slots-delete")).clicked() {
                            action = Some(UiAction::Ask(Confirm::Delete(slot.slot)));
                        }
                    });
                }
            });
        });
    ui.add_space(2.0);
    action
}

/// The slot's name and what it holds: role and scene, date and play time; or why the file
/// cannot be loaded.
fn slot_text(ui: &mut Ui, slot: &SlotInfo, content_hash: u64) {
    let visuals = ui.visuals().clone();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let heading = |what: &str, color: egui::Color32| {
        let mut job = LayoutJob::default();
        job.append(
            &slot_label(slot.slot),
            0.0,
            TextFormat::simple(body.clone(), visuals.strong_text_color()),
        );
        job.append(
            &format!(" \u{2014} {what}"),
            0.0,
            TextFormat::simple(body.clone(), color),
        );
        job.wrap.max_width = ui.available_width();
        job
    };
    match &slot.state {
        SlotState::Empty => {
            ui.label(heading(&t!("slots-empty"), visuals.weak_text_color()));
        }
        SlotState::Saved(summary) => {
            ui.label(heading(&summary_line(summary), visuals.text_color()));
            ui.label(RichText::new(details_line(summary)).small());
            if summary.content_hash != content_hash {
                ui.label(
                    RichText::new(t!(
                        "slots-other-version",
                        version = summary.story_version.as_str()
                    ))
                    .small()
                    .weak()
                    .italics(),
                );
            }
        }
        SlotState::Unreadable(reason) => {
            ui.label(heading(&t!("slots-unreadable"), visuals.warn_fg_color));
            ui.label(
                RichText::new(reason.to_string())
                    .small()
                    .color(visuals.warn_fg_color),
            );
        }
    }
}

/// Role and scene of a save: `Soldier · The camp`, with the ending when it had ended.
pub fn summary_line(summary: &SlotSummary) -> String {
    let mut line = format!("{} · {}", summary.role_name, summary.scene_title);
    if let Some(ending) = &summary.ending {
        line.push_str(" · ");
        line.push_str(&t!("slots-ending", ending = ending.as_str()));
    }
    line
}

/// When a save was made and how long it had been played:
/// `2025-04-28 14:05 UTC · played 12 min`.
pub fn details_line(summary: &SlotSummary) -> String {
    format!(
        "{} · {}",
        summary.saved_at_text,
        t!(
            "slots-played",
            time = crate::save::play_time_text(summary.play_time)
        )
    )
}

/// The confirmation before deleting or overwriting a slot, as a modal over the list.
fn question(ui: &mut Ui, confirm: Confirm, info: &SlotsInfo) -> Option<UiAction> {
    let (slot, title, yes_text, outcome) = match confirm {
        Confirm::Delete(slot) => (
            slot,
            t!("slots-delete-question", slot = slot_label(slot)),
            t!("slots-yes-delete"),
            t!("slots-delete-outcome"),
        ),
        Confirm::Overwrite(slot) => (
            slot,
            t!("slots-overwrite-question", slot = slot_label(slot)),
            t!("slots-yes-overwrite"),
            t!("slots-overwrite-outcome"),
        ),
    };
    let held = match info.slots.iter().find(|s| s.slot == slot).map(|s| &s.state) {
        Some(SlotState::Saved(summary)) => t!(
            "slots-holds",
            summary = summary_line(summary),
            saved = summary.saved_at_text.as_str()
        ),
        Some(SlotState::Unreadable(reason)) => {
            t!("slots-holds-unreadable", reason = reason.to_string())
        }
        _ => String::new(),
    };
    let mut action = None;
    let modal = egui::Modal::new(egui::Id::new("aftermath_slot_confirm"))
        .backdrop_color(egui::Color32::from_black_alpha(150))
        .show(ui.ctx(), |ui| {
            ui.set_width(MENU_WIDTH + 120.0);
            ui.label(RichText::new(title).heading().strong());
            if !held.is_empty() {
                ui.label(held);
            }
            ui.label(outcome);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let yes = egui::Button::new(RichText::new(yes_text).strong())
                    .fill(ui.visuals().selection.bg_fill);
                if ui.add(yes).clicked() {
                    action = Some(confirm.yes());
                }
                if ui.button(t!("slots-cancel")).clicked() {
                    action = Some(UiAction::CancelConfirm);
                }
            });
            key_hints(ui, &t!("keys-slots-confirm"));
        });
    if action.is_none() && modal.should_close() {
        action = Some(UiAction::CancelConfirm);
    }
    action
}
