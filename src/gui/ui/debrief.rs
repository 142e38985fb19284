//! The debrief of a hosted class: every group's path drawn over the story graph, the groups
//! side by side (start, ending, decisions, closest vote), the closest votes of the class, the
//! discussion questions of the endings reached, and the exports.

use bevy_egui::egui::{self, Color32, Key, Pos2, RichText, Stroke, Ui};

use super::{UiAction, key_hints, take_key};
use crate::class::export::Debrief;
use crate::gui::host::Exported;
use crate::story::Story;

/// One colour per group (repeating), distinct on dark and light themes.
pub const GROUP_COLORS: [Color32; 6] = [
    Color32::from_rgb(0xe6, 0x55, 0x2e),
    Color32::from_rgb(0x2e, 0x8b, 0xe6),
    Color32::from_rgb(0x3c, 0xb3, 0x4a),
    Color32::from_rgb(0xc8, 0x4b, 0xd6),
    Color32::from_rgb(0xe6, 0xb4, 0x1e),
    Color32::from_rgb(0x20, 0xb2, 0xaa),
];

/// What the debrief shows.
pub struct DebriefInfo<'a> {
    pub story: &'a Story,
    /// `None` while it is being built.
    pub debrief: Option<&'a Debrief>,
    pub exported: Option<&'a Exported>,
    /// Where the export goes.
    pub export_dir: Option<&'a std::path::Path>,
    /// The class has ended (the title screen can be reached).
    pub ended: bool,
    pub page: u64,
}

/// Draws the debrief. Keys: X export (anonymous), N export with nicknames, F open the folder,
/// Esc the dashboard, T the title screen (once the class has ended).
pub fn screen(ui: &mut Ui, info: &DebriefInfo) -> Option<UiAction> {
    let mut action = keys(ui, info);
    let Some(debrief) = info.debrief else {
        ui.label(t!("debrief-preparing"));
        return action;
    };
    egui::ScrollArea::vertical()
        .id_salt(("aftermath_debrief", info.page))
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Frame::new().inner_margin(16.0).show(ui, |ui| {
                ui.label(
                    RichText::new(t!("debrief-heading", title = debrief.title.as_str()))
                        .heading()
                        .strong(),
                );
                let minutes = debrief.elapsed_ms / 60_000;
                let mut summary = t!(
                    "debrief-summary",
                    groups = debrief.groups.len(),
                    students = debrief.seats.iter().filter(|s| !s.removed).count(),
                    minutes = minutes
                );
                if !debrief.over {
                    summary.push_str(" · ");
                    summary.push_str(&t!("debrief-still-running"));
                }
                ui.label(summary);
                action = buttons(ui, info).or(action.take());
                ui.add_space(8.0);
                graph(ui, info.story, debrief);
                ui.add_space(8.0);
                groups(ui, debrief);
                ui.add_space(8.0);
                closest(ui, debrief);
                ui.add_space(8.0);
                questions(ui, debrief);
                super::scroll_to_new_focus(ui);
            });
        });
    action
}

fn keys(ui: &Ui, info: &DebriefInfo) -> Option<UiAction> {
    if take_key(ui, Key::Escape) {
        Some(UiAction::ShowDashboard)
    } else if take_key(ui, Key::X) {
        Some(UiAction::ExportDebrief { nicknames: false })
    } else if take_key(ui, Key::N) {
        Some(UiAction::ExportDebrief { nicknames: true })
    } else if take_key(ui, Key::F) {
        info.exported
            .filter(|e| e.error.is_none())
            .map(|e| UiAction::OpenFolder(e.dir.clone()))
    } else if take_key(ui, Key::T) && info.ended {
        Some(UiAction::LeaveClass)
    } else {
        None
    }
}

fn buttons(ui: &mut Ui, info: &DebriefInfo) -> Option<UiAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Button::new(t!("debrief-export-anonymous")).shortcut_text("X"))
            .on_hover_text(t!("debrief-export-anonymous-hint"))
            .clicked()
        {
            action = Some(UiAction::ExportDebrief { nicknames: false });
        }
        if ui
            .add(egui::Button::new(t!("debrief-export-nicknames")).shortcut_text("N"))
            .clicked()
        {
            action = Some(UiAction::ExportDebrief { nicknames: true });
        }
        let done = info.exported.filter(|e| e.error.is_none());
        if ui
            .add_enabled(
                done.is_some(),
                egui::Button::new(t!("debrief-open-folder")).shortcut_text("F"),
            )
            .clicked()
            && let Some(e) = done
        {
            action = Some(UiAction::OpenFolder(e.dir.clone()));
        }
        if ui
            .add(egui::Button::new(t!("class-dashboard")).shortcut_text("Esc"))
            .clicked()
        {
            action = Some(UiAction::ShowDashboard);
        }
        if info.ended
            && ui
                .add(egui::Button::new(t!("class-title-screen")).shortcut_text("T"))
                .clicked()
        {
            action = Some(UiAction::LeaveClass);
        }
    });
    match info.exported {
        Some(Exported {
            error: Some(e),
            dir,
            ..
        }) => {
            ui.label(
                RichText::new(t!(
                    "debrief-not-exported",
                    dir = dir.display().to_string(),
                    error = e.as_str()
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        Some(e) => {
            let files: Vec<String> = e
                .files
                .iter()
                .map(|(name, size)| {
                    t!(
                        "debrief-file",
                        name = name.as_str(),
                        kb = size.div_ceil(1024)
                    )
                })
                .collect();
            ui.label(t!(
                "debrief-exported",
                dir = e.dir.display().to_string(),
                files = files.join(", ")
            ));
        }
        None => {
            if let Some(dir) = info.export_dir {
                key_hints(
                    ui,
                    &t!("debrief-export-dir", dir = dir.display().to_string()),
                );
            }
        }
    }
    action
}

/// The story graph (a column per scene, its nodes top to bottom, the links faint) with each
/// group's path drawn over it in the group's colour.
fn graph(ui: &mut Ui, story: &Story, debrief: &Debrief) {
    let layout = Layout::of(story);
    let scenes = layout.columns.len().max(1);
    let tallest = layout
        .columns
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1);
    let width = ui.available_width();
    let height = (tallest as f32 * 14.0).clamp(160.0, 420.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);
    let col = rect.width() / scenes as f32;
    let top = rect.top() + 18.0;
    let pos = |node: u32| -> Option<Pos2> {
        let (c, row) = *layout.place.get(node as usize)?.as_ref()?;
        let rows = layout.columns[c].len().max(1) as f32;
        Some(Pos2::new(
            rect.left() + col * (c as f32 + 0.5),
            top + (rect.bottom() - 8.0 - top) * (row as f32 + 0.5) / rows,
        ))
    };
    let faint = visuals.weak_text_color().gamma_multiply(0.35);
    for idx in 0..story.nodes.len() {
        let Ok(from) = u32::try_from(idx) else {
            break;
        };
        let Some(a) = pos(from) else { continue };
        for (to, _) in story.edges(from) {
            if let Some(b) = pos(to) {
                painter.line_segment([a, b], Stroke::new(0.6, faint));
            }
        }
        painter.circle_filled(a, 2.5, visuals.weak_text_color());
    }
    let n = debrief.groups.len().max(1) as f32;
    for (k, g) in debrief.groups.iter().enumerate() {
        let color = GROUP_COLORS[k % GROUP_COLORS.len()];
        // Each group a little apart, so paths that share a step stay visible.
        let offset = egui::vec2((k as f32 - (n - 1.0) / 2.0) * 2.5, 0.0);
        let points: Vec<Pos2> = g
            .path
            .iter()
            .filter_map(|step| story.node_by_key(&step.node).and_then(pos))
            .map(|p| p + offset)
            .collect();
        for w in points.windows(2) {
            painter.line_segment([w[0], w[1]], Stroke::new(2.5, color));
        }
        if let Some(last) = points.last() {
            painter.circle_filled(*last, 6.0, color);
        }
    }
    // Scene names along the top, when there is room for them.
    if col > 60.0 {
        for (s, &scene) in layout.scenes.iter().enumerate() {
            let Some(scene) = story.scenes.get(scene) else {
                continue;
            };
            let mut title = scene.title.clone();
            let max = (col / 7.0) as usize;
            if title.chars().count() > max {
                title = title
                    .chars()
                    .take(max.saturating_sub(1))
                    .collect::<String>()
                    + "…";
            }
            painter.text(
                Pos2::new(rect.left() + col * (s as f32 + 0.5), rect.top() + 2.0),
                egui::Align2::CENTER_TOP,
                title,
                egui::FontId::proportional(11.0),
                visuals.weak_text_color(),
            );
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(t!("debrief-graph")).weak());
        for (k, g) in debrief.groups.iter().enumerate() {
            ui.label(
                RichText::new(format!("■ {}", g.name))
                    .color(GROUP_COLORS[k % GROUP_COLORS.len()])
                    .strong(),
            );
        }
    });
}

/// The groups side by side.
fn groups(ui: &mut Ui, debrief: &Debrief) {
    let n = debrief.groups.len().max(1);
    let columns = n.min(4);
    for row in debrief.groups.chunks(columns) {
        ui.columns(columns, |cols| {
            for (col, g) in cols.iter_mut().zip(row) {
                // Columns are justified, which would stretch wrapped lines word by word.
                col.with_layout(egui::Layout::top_down(egui::Align::LEFT), |col| {
                    let k = g.number.saturating_sub(1);
                    col.label(
                        RichText::new(format!("{}. {}", g.number, g.name))
                            .strong()
                            .size(20.0)
                            .color(GROUP_COLORS[k % GROUP_COLORS.len()]),
                    );
                    let start = g
                        .preset
                        .clone()
                        .unwrap_or_else(|| t!("class-from-beginning"));
                    col.label(RichText::new(format!("{} · {start}", g.role_name)).weak());
                    match (&g.ending, &g.stopped_at) {
                        (Some(e), _) => {
                            col.label(
                                RichText::new(t!("class-ending", title = e.title.as_str()))
                                    .strong(),
                            );
                        }
                        (None, Some(at)) => {
                            col.label(t!("debrief-stopped-at", scene = at.as_str()));
                        }
                        (None, None) => {}
                    }
                    let decisions = g.standing().count();
                    col.label(t!(
                        "debrief-group-stats",
                        decisions = decisions,
                        scenes = g.scenes().len(),
                        students = g.seats.len()
                    ));
                    for d in g.standing() {
                        col.label(
                            RichText::new(format!("{} → {}", d.scene, d.choice_text)).small(),
                        );
                    }
                });
            }
        });
        ui.add_space(6.0);
    }
}

fn closest(ui: &mut Ui, debrief: &Debrief) {
    let close = &debrief.comparison.closest;
    if close.is_empty() {
        return;
    }
    ui.label(RichText::new(t!("debrief-closest")).strong().size(20.0));
    for c in close {
        let tally: Vec<String> = c.tally.iter().map(u32::to_string).collect();
        ui.label(t!(
            "debrief-closest-line",
            group = c.group.as_str(),
            scene = c.scene.as_str(),
            choice = c.choice_text.as_str(),
            how = how_text(c.how),
            tally = tally.join("–"),
            margin = format!("{:.0}", c.margin * 100.0)
        ));
    }
}

/// How a decision was taken (`vote`, `override`, `hands`, `lot`) in the interface's language.
fn how_text(how: &str) -> String {
    match how {
        "vote" => t!("debrief-how-vote"),
        "override" => t!("debrief-how-override"),
        "hands" => t!("debrief-how-hands"),
        "lot" => t!("debrief-how-lot"),
        other => other.to_owned(),
    }
}

fn questions(ui: &mut Ui, debrief: &Debrief) {
    let mut seen: Vec<&str> = Vec::new();
    for g in &debrief.groups {
        if let Some(e) = &g.ending {
            for q in &e.questions {
                if !seen.contains(&q.as_str()) {
                    seen.push(q);
                }
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    ui.label(RichText::new(t!("debrief-to-discuss")).strong().size(20.0));
    for q in seen {
        ui.label(format!("• {q}"));
    }
}

/// Where each story node is drawn: scenes as columns ordered by how far into the story they
/// start (steps from the roles' starts), each scene's nodes top to bottom in the same order.
struct Layout {
    /// Scene indices, left to right.
    scenes: Vec<usize>,
    /// Each column's nodes, top to bottom.
    columns: Vec<Vec<u32>>,
    /// Per node: (column, row); `None` for a node outside every scene.
    place: Vec<Option<(usize, usize)>>,
}

impl Layout {
    fn of(story: &Story) -> Layout {
        let n = story.nodes.len();
        // Steps from the nearest role start (breadth first); unreachable nodes go last.
        let mut depth = vec![usize::MAX; n];
        let mut queue = std::collections::VecDeque::new();
        for role in &story.roles {
            let start = role.start as usize;
            if start < n && depth[start] == usize::MAX {
                depth[start] = 0;
                queue.push_back(role.start);
            }
        }
        while let Some(node) = queue.pop_front() {
            let d = depth[node as usize];
            for (to, _) in story.edges(node) {
                if let Some(slot) = depth.get_mut(to as usize)
                    && *slot == usize::MAX
                {
                    *slot = d + 1;
                    queue.push_back(to);
                }
            }
        }
        let depth_of = |i: u32| depth.get(i as usize).copied().unwrap_or(usize::MAX);
        let mut scenes: Vec<usize> = (0..story.scenes.len()).collect();
        scenes.sort_by_key(|&s| {
            let nodes = story.scenes[s].nodes.clone();
            (nodes.map(depth_of).min().unwrap_or(usize::MAX), s)
        });
        let mut place = vec![None; n];
        let columns = scenes
            .iter()
            .enumerate()
            .map(|(c, &s)| {
                let mut nodes: Vec<u32> = story.scenes[s].nodes.clone().collect();
                nodes.sort_by_key(|&i| (depth_of(i), i));
                for (row, &i) in nodes.iter().enumerate() {
                    if let Some(p) = place.get_mut(i as usize) {
                        *p = Some((c, row));
                    }
                }
                nodes
            })
            .collect();
        Layout {
            scenes,
            columns,
            place,
        }
    }
}
