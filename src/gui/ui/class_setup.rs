//! The class set-up screen (Title → Run a class): the groups with their roles and starts, the
//! vote rules, how students are named, and the address phones join on; or resume the last class.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{UiAction, back_button, column, focus_if_none, key_hints, take_key};
use crate::class::TieRule;
use crate::gui::class_plan::{ClassPlan, MAX_GROUPS, PlanGroup, Resumable, VOTE_SECONDS};
use crate::serve::addr::DefaultAddr;

/// A role as the set-up offers it.
pub struct RoleOption<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// (preset id, title)
    pub presets: Vec<(&'a str, &'a str)>,
}

/// What the set-up screen shows.
pub struct SetupInfo<'a> {
    pub story_title: &'a str,
    pub roles: Vec<RoleOption<'a>>,
    pub plan: &'a ClassPlan,
    pub addresses: &'a [DefaultAddr],
    pub resumable: Option<&'a Resumable>,
    /// What stops the set-up from starting (the checks, then why the last start failed).
    pub problems: Vec<String>,
    pub page: u64,
}

/// The label of an address in the picker.
pub fn address_label(a: &DefaultAddr) -> String {
    match &a.interface {
        Some(name) => format!("{} ({name})", a.ip),
        None => t!("setup-address-local", ip = a.ip.to_string()),
    }
}

/// Draws the set-up. Keys: Enter opens the lobby (the focused button), K resumes the last
/// class, Esc goes back; Tab / arrows and Space reach every control.
pub fn screen(ui: &mut Ui, info: &SetupInfo) -> Option<UiAction> {
    let mut action = None;
    let mut plan = info.plan.clone();
    if take_key(ui, Key::Escape) {
        return Some(UiAction::ToTitle);
    }
    if info.resumable.is_some() && take_key(ui, Key::K) {
        return Some(UiAction::ResumeClass);
    }
    column(ui, info.page, |ui| {
        ui.label(RichText::new(t!("setup-title")).heading().strong());
        ui.label(RichText::new(info.story_title).weak());
        ui.add_space(8.0);
        if let Some(r) = info.resumable {
            resume_offer(ui, r, &mut action);
            ui.add_space(8.0);
        }
        let start = ui.add_enabled(
            info.problems.is_empty(),
            egui::Button::new(RichText::new(t!("setup-open-lobby")).strong())
                .min_size(egui::vec2(220.0, 40.0)),
        );
        if info.problems.is_empty() {
            focus_if_none(ui, &start);
        }
        if start.clicked() {
            action = Some(UiAction::HostClass);
        }
        for p in &info.problems {
            ui.label(RichText::new(p).color(ui.visuals().warn_fg_color));
        }
        ui.add_space(12.0);
        groups(ui, info, &mut plan);
        ui.add_space(12.0);
        votes(ui, &mut plan);
        ui.add_space(12.0);
        students(ui, &mut plan);
        ui.add_space(12.0);
        network(ui, info.addresses, &mut plan);
        ui.add_space(16.0);
        if back_button(ui).clicked() {
            action = Some(UiAction::ToTitle);
        }
        key_hints(ui, &t!("setup-keys"));
    });
    if action.is_none() && plan != *info.plan {
        action = Some(UiAction::EditPlan(Box::new(plan)));
    }
    action
}

fn resume_offer(ui: &mut Ui, r: &Resumable, action: &mut Option<UiAction>) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .stroke(egui::Stroke::new(1.5, ui.visuals().warn_fg_color))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(t!(
                "setup-resume-offer",
                code = r.code.as_str(),
                count = r.seats
            ));
            if ui
                .add(egui::Button::new(t!("setup-resume")).shortcut_text("K"))
                .clicked()
            {
                *action = Some(UiAction::ResumeClass);
            }
        });
}

fn section(ui: &mut Ui, title: &str) {
    ui.label(RichText::new(title).strong().size(20.0));
}

fn groups(ui: &mut Ui, info: &SetupInfo, plan: &mut ClassPlan) {
    section(ui, &t!("setup-groups"));
    ui.label(RichText::new(t!("setup-groups-about")).weak());
    let mut remove = None;
    let count = plan.groups.len();
    egui::Grid::new("aftermath_setup_groups")
        .num_columns(4)
        .spacing(egui::vec2(8.0, 6.0))
        .show(ui, |ui| {
            for (i, group) in plan.groups.iter_mut().enumerate() {
                {
                    ui.label(RichText::new(t!("setup-group", n = i + 1)).strong());
                    let role = info.roles.iter().find(|r| r.id == group.role);
                    egui::ComboBox::from_id_salt(("aftermath_group_role", i))
                        .width(230.0)
                        .selected_text(role.map_or(group.role.as_str(), |r| r.name))
                        .show_ui(ui, |ui| {
                            for r in &info.roles {
                                if ui.selectable_label(group.role == r.id, r.name).clicked()
                                    && group.role != r.id
                                {
                                    group.role = r.id.to_owned();
                                    group.preset = None;
                                }
                            }
                        });
                    let presets = role.map(|r| r.presets.as_slice()).unwrap_or_default();
                    let shown = group
                        .preset
                        .as_deref()
                        .and_then(|p| presets.iter().find(|(id, _)| *id == p))
                        .map_or_else(
                            || t!("setup-from-beginning"),
                            |(_, title)| (*title).to_owned(),
                        );
                    egui::ComboBox::from_id_salt(("aftermath_group_start", i))
                        .selected_text(shown)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut group.preset,
                                None,
                                t!("setup-from-beginning"),
                            );
                            for (id, title) in presets {
                                ui.selectable_value(
                                    &mut group.preset,
                                    Some((*id).to_owned()),
                                    *title,
                                );
                            }
                        });
                    if ui
                        .add_enabled(count > 1, egui::Button::new(t!("setup-remove")))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        plan.groups.remove(i);
    }
    let can_add = plan.groups.len() < MAX_GROUPS && !info.roles.is_empty();
    if ui
        .add_enabled(can_add, egui::Button::new(t!("setup-add-group")))
        .clicked()
    {
        let role = info.roles[plan.groups.len() % info.roles.len()]
            .id
            .to_owned();
        plan.groups.push(PlanGroup { role, preset: None });
    }
}

fn votes(ui: &mut Ui, plan: &mut ClassPlan) {
    section(ui, &t!("setup-votes"));
    ui.horizontal(|ui| {
        let mut timed = plan.vote_seconds.is_some();
        if ui.checkbox(&mut timed, t!("setup-vote-timer")).changed() {
            plan.vote_seconds = timed.then_some(60);
        }
        if let Some(seconds) = &mut plan.vote_seconds {
            ui.add(
                egui::DragValue::new(seconds)
                    .range(VOTE_SECONDS.0..=VOTE_SECONDS.1)
                    .speed(1.0)
                    .suffix(t!("setup-seconds-suffix")),
            );
        } else {
            ui.label(RichText::new(t!("setup-no-timer")).weak());
        }
    });
    ui.label(t!("setup-tie"));
    ui.radio_value(&mut plan.tie, TieRule::Revote, t!("setup-tie-revote"));
    ui.radio_value(
        &mut plan.tie,
        TieRule::Facilitator,
        t!("setup-tie-facilitator"),
    );
    ui.label(t!("setup-results"));
    ui.radio_value(&mut plan.live_results, false, t!("setup-results-hidden"));
    ui.radio_value(&mut plan.live_results, true, t!("setup-results-live"));
    ui.checkbox(&mut plan.auto, t!("setup-auto"));
}

fn students(ui: &mut Ui, plan: &mut ClassPlan) {
    section(ui, &t!("setup-students"));
    ui.radio_value(&mut plan.names, false, t!("setup-nicknames"));
    ui.radio_value(&mut plan.names, true, t!("setup-names"));
    ui.horizontal(|ui| {
        ui.label(t!("setup-at-most"));
        ui.add(egui::DragValue::new(&mut plan.seats).range(1..=500));
        ui.label(t!("setup-students-unit"));
    });
}

fn network(ui: &mut Ui, addresses: &[DefaultAddr], plan: &mut ClassPlan) {
    section(ui, &t!("setup-network"));
    ui.label(RichText::new(t!("setup-network-about")).weak());
    let chosen = plan
        .address
        .and_then(|ip| addresses.iter().find(|a| a.ip == ip))
        .or_else(|| addresses.first());
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("setup-address"));
        egui::ComboBox::from_id_salt("aftermath_class_address")
            .selected_text(chosen.map_or_else(|| t!("setup-address-none"), address_label))
            .width(320.0)
            .show_ui(ui, |ui| {
                for a in addresses {
                    let selected = chosen.is_some_and(|c| c.ip == a.ip);
                    if ui.selectable_label(selected, address_label(a)).clicked() {
                        plan.address = Some(a.ip);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(t!("setup-port"));
        ui.add(egui::DragValue::new(&mut plan.port).range(1024..=65535));
    });
    if chosen.is_some_and(|a| a.ip.is_loopback()) {
        ui.label(RichText::new(t!("setup-loopback")).color(ui.visuals().warn_fg_color));
    }
}
