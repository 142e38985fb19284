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
        None => format!("{} (this computer only)", a.ip),
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
        ui.label(RichText::new("Run a class").heading().strong());
        ui.label(RichText::new(info.story_title).weak());
        ui.add_space(8.0);
        if let Some(r) = info.resumable {
            resume_offer(ui, r, &mut action);
            ui.add_space(8.0);
        }
        let start = ui.add_enabled(
            info.problems.is_empty(),
            egui::Button::new(RichText::new("Open the lobby").strong())
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
        key_hints(
            ui,
            "Keys: Enter open the lobby · K resume the last class · Tab / arrows and Space to change a setting · Esc back",
        );
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
            let students = match r.seats {
                1 => "1 student".to_owned(),
                n => format!("{n} students"),
            };
            ui.label(format!(
                "The last class (code {}, {students}) did not end. Resume it: the same code, and phones rejoin by themselves.",
                r.code
            ));
            if ui
                .add(egui::Button::new("Resume the last class").shortcut_text("K"))
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
    section(ui, "Groups");
    ui.label(
        RichText::new(
            "Each group votes on its own copy of the story. Its start: from the beginning (the record left to chance), the record as reported, or one of the postwar options.",
        )
        .weak(),
    );
    let mut remove = None;
    let count = plan.groups.len();
    egui::Grid::new("aftermath_setup_groups")
        .num_columns(4)
        .spacing(egui::vec2(8.0, 6.0))
        .show(ui, |ui| {
            for (i, group) in plan.groups.iter_mut().enumerate() {
                {
                    ui.label(RichText::new(format!("Group {}", i + 1)).strong());
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
                        .map_or("From the beginning", |(_, title)| title);
                    egui::ComboBox::from_id_salt(("aftermath_group_start", i))
                        .selected_text(shown)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut group.preset, None, "From the beginning");
                            for (id, title) in presets {
                                ui.selectable_value(
                                    &mut group.preset,
                                    Some((*id).to_owned()),
                                    *title,
                                );
                            }
                        });
                    if ui
                        .add_enabled(count > 1, egui::Button::new("Remove"))
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
        .add_enabled(can_add, egui::Button::new("Add a group"))
        .clicked()
    {
        let role = info.roles[plan.groups.len() % info.roles.len()]
            .id
            .to_owned();
        plan.groups.push(PlanGroup { role, preset: None });
    }
}

fn votes(ui: &mut Ui, plan: &mut ClassPlan) {
    section(ui, "Votes");
    ui.horizontal(|ui| {
        let mut timed = plan.vote_seconds.is_some();
        if ui.checkbox(&mut timed, "Vote timer").changed() {
            plan.vote_seconds = timed.then_some(60);
        }
        if let Some(seconds) = &mut plan.vote_seconds {
            ui.add(
                egui::DragValue::new(seconds)
                    .range(VOTE_SECONDS.0..=VOTE_SECONDS.1)
                    .speed(1.0)
                    .suffix(" s"),
            );
        } else {
            ui.label(
                RichText::new("a vote stays open until everyone voted or you close it").weak(),
            );
        }
    });
    ui.label("A tie:");
    ui.radio_value(
        &mut plan.tie,
        TieRule::Revote,
        "a short revote between the tied choices, then you decide",
    );
    ui.radio_value(&mut plan.tie, TieRule::Facilitator, "you decide at once");
    ui.label("Results:");
    ui.radio_value(
        &mut plan.live_results,
        false,
        "hidden until the vote closes",
    );
    ui.radio_value(&mut plan.live_results, true, "live while students vote");
    ui.checkbox(
        &mut plan.auto,
        "Votes open and close by themselves (the class can run without you)",
    );
}

fn students(ui: &mut Ui, plan: &mut ClassPlan) {
    section(ui, "Students");
    ui.radio_value(
        &mut plan.names,
        false,
        "each gets a generated nickname (anonymous)",
    );
    ui.radio_value(&mut plan.names, true, "each types a name");
    ui.horizontal(|ui| {
        ui.label("At most");
        ui.add(egui::DragValue::new(&mut plan.seats).range(1..=500));
        ui.label("students");
    });
}

fn network(ui: &mut Ui, addresses: &[DefaultAddr], plan: &mut ClassPlan) {
    section(ui, "Network");
    ui.label(
        RichText::new(
            "Phones join on this laptop's address on the school network: pick the network the class is on.",
        )
        .weak(),
    );
    let chosen = plan
        .address
        .and_then(|ip| addresses.iter().find(|a| a.ip == ip))
        .or_else(|| addresses.first());
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Address");
        egui::ComboBox::from_id_salt("aftermath_class_address")
            .selected_text(chosen.map_or_else(|| "none".to_owned(), address_label))
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
        ui.label("Port");
        ui.add(egui::DragValue::new(&mut plan.port).range(1024..=65535));
    });
    if chosen.is_some_and(|a| a.ip.is_loopback()) {
        ui.label(
            RichText::new("127.0.0.1 is reachable from this computer only: phones cannot join.")
                .color(ui.visuals().warn_fg_color),
        );
    }
}
