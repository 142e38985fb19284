//! The projector view of a hosted class: what is in the spotlight, in large type with little
//! else on screen — a group's passage with its vote, a group's discussion prompt, or two
//! groups side by side. The tally shows only when students may see it too.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{UiAction, key_hints, number_key, take_key};
use crate::class::{Action, FacilitatorView, GroupCard, Spot};

/// Body text size on the projector, in points (readable from the back at 1280x720).
pub const BODY: f32 = 30.0;
/// Heading size on the projector.
const HEADING: f32 = 40.0;

/// What the projector view shows.
pub struct ProjectorInfo<'a> {
    pub view: &'a FacilitatorView,
    /// The spotlight as set in the class (`None`: nothing in it).
    pub spot: Option<&'a Spot>,
    pub page: u64,
}

/// The group another spotlight key acts on: the one in the spotlight, else the first.
fn current_group(spot: Option<&Spot>) -> usize {
    match spot {
        Some(Spot::Group { group } | Spot::Prompt { group }) => *group,
        Some(Spot::Pair { left, .. }) => *left,
        None => 0,
    }
}

/// The group shown next to `group`: another group at the same passage if there is one, else
/// the next group.
pub fn partner(view: &FacilitatorView, group: usize) -> Option<usize> {
    let n = view.groups.len();
    if n < 2 {
        return None;
    }
    let node = view.groups.get(group).map(|g| g.node.as_str());
    view.groups
        .iter()
        .find(|g| g.index != group && Some(g.node.as_str()) == node)
        .map(|g| g.index)
        .or(Some((group + 1) % n))
}

fn spotlight(spot: Spot) -> Option<UiAction> {
    Some(UiAction::Class(Action::Spotlight(Some(spot))))
}

/// Draws the projector view. Keys: 1-9 a group's passage, ←/→ the previous or next group, Q its
/// discussion prompt, T two groups side by side, H nothing, Esc or V back to the dashboard.
pub fn screen(ui: &mut Ui, info: &ProjectorInfo) -> Option<UiAction> {
    let view = info.view;
    let n = view.groups.len();
    let g = current_group(info.spot).min(n.saturating_sub(1));
    let mut action = keys(ui, view, g);
    egui::ScrollArea::vertical()
        .id_salt(("aftermath_projector", info.page))
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Frame::new().inner_margin(32.0).show(ui, |ui| {
                match info.spot {
                    None => nothing(ui, view),
                    Some(Spot::Group { group }) => {
                        if let Some(card) = view.groups.get(*group) {
                            group_passage(ui, card);
                        }
                    }
                    Some(Spot::Prompt { group }) => {
                        if let Some(card) = view.groups.get(*group) {
                            prompt(ui, card);
                        }
                    }
                    Some(Spot::Pair { left, right }) => {
                        if let (Some(l), Some(r)) =
                            (view.groups.get(*left), view.groups.get(*right))
                        {
                            pair(ui, l, r);
                        }
                    }
                }
                ui.add_space(24.0);
                action = controls(ui, view, g).or(action.take());
            });
        });
    action
}

fn keys(ui: &Ui, view: &FacilitatorView, g: usize) -> Option<UiAction> {
    let n = view.groups.len();
    if take_key(ui, Key::Escape) || take_key(ui, Key::V) {
        return Some(UiAction::ShowDashboard);
    }
    if let Some(k) = number_key(ui)
        && k < n
    {
        return spotlight(Spot::Group { group: k });
    }
    if n == 0 {
        return None;
    }
    if take_key(ui, Key::ArrowRight) {
        spotlight(Spot::Group { group: (g + 1) % n })
    } else if take_key(ui, Key::ArrowLeft) {
        spotlight(Spot::Group {
            group: (g + n - 1) % n,
        })
    } else if take_key(ui, Key::Q) {
        spotlight(Spot::Prompt { group: g })
    } else if take_key(ui, Key::T) {
        partner(view, g).and_then(|right| spotlight(Spot::Pair { left: g, right }))
    } else if take_key(ui, Key::H) {
        Some(UiAction::Class(Action::Spotlight(None)))
    } else {
        None
    }
}

/// The few buttons at the bottom, for the mouse.
fn controls(ui: &mut Ui, view: &FacilitatorView, g: usize) -> Option<UiAction> {
    let mut action = None;
    let n = view.groups.len();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Button::new(t!("class-dashboard")).shortcut_text("Esc"))
            .clicked()
        {
            action = Some(UiAction::ShowDashboard);
        }
        if n > 0 {
            if ui
                .add(egui::Button::new(t!("proj-previous")).shortcut_text("Left"))
                .clicked()
            {
                action = spotlight(Spot::Group {
                    group: (g + n - 1) % n,
                });
            }
            if ui
                .add(egui::Button::new(t!("proj-next")).shortcut_text("Right"))
                .clicked()
            {
                action = spotlight(Spot::Group { group: (g + 1) % n });
            }
            if ui
                .add(egui::Button::new(t!("proj-prompt")).shortcut_text("Q"))
                .clicked()
            {
                action = spotlight(Spot::Prompt { group: g });
            }
            if let Some(right) = partner(view, g)
                && ui
                    .add(egui::Button::new(t!("proj-side-by-side")).shortcut_text("T"))
                    .clicked()
            {
                action = spotlight(Spot::Pair { left: g, right });
            }
            if ui
                .add(egui::Button::new(t!("proj-hide")).shortcut_text("H"))
                .clicked()
            {
                action = Some(UiAction::Class(Action::Spotlight(None)));
            }
        }
    });
    key_hints(ui, &t!("proj-keys"));
    action
}

fn nothing(ui: &mut Ui, view: &FacilitatorView) {
    ui.label(RichText::new(&view.title).size(HEADING).strong());
    ui.add_space(16.0);
    ui.label(RichText::new(t!("proj-nothing")).size(BODY));
    for card in &view.groups {
        ui.label(
            RichText::new(format!(
                "{}. {} — {}",
                card.index + 1,
                card.name,
                card.scene
            ))
            .size(BODY * 0.8),
        );
    }
}

fn heading(ui: &mut Ui, card: &GroupCard, size: f32) {
    ui.label(
        RichText::new(format!("{} · {}", card.name, card.role))
            .size(size)
            .strong(),
    );
    ui.label(RichText::new(&card.scene).size(size * 0.7).weak());
}

/// The largest text size from 20 to [`BODY`] points at which `chars` characters in
/// `paragraphs` paragraphs fit into `width` x `height` (roughly: half an em per character).
pub fn fitting_size(chars: usize, paragraphs: usize, width: f32, height: f32) -> f32 {
    let mut size = BODY;
    while size > 20.0 {
        let per_line = (width / (size * 0.45)).max(1.0);
        let lines = chars as f32 / per_line + paragraphs as f32 * 1.5;
        if lines * size * 1.35 <= height {
            break;
        }
        size -= 2.0;
    }
    size
}

fn group_passage(ui: &mut Ui, card: &GroupCard) {
    heading(ui, card, HEADING);
    ui.add_space(12.0);
    let chars: usize = card
        .passage
        .iter()
        .map(|l| l.text.chars().count())
        .chain(card.choices.iter().map(|c| c.text.chars().count() + 8))
        .sum();
    let size = fitting_size(
        chars,
        card.passage.len() + card.choices.len() + 1,
        ui.available_width(),
        ui.ctx().content_rect().height() - 200.0,
    );
    for line in &card.passage {
        let text = match &line.speaker {
            Some(s) => format!("{s}: {}", line.text),
            None => line.text.clone(),
        };
        ui.add(egui::Label::new(RichText::new(text).size(size)).wrap());
        ui.add_space(8.0);
    }
    ui.add_space(8.0);
    vote(ui, card, size);
}

/// The choices with the tally as bars (when students may see it), and the vote's state.
fn vote(ui: &mut Ui, card: &GroupCard, size: f32) {
    if let Some(ending) = &card.ending {
        ui.label(
            RichText::new(t!("class-ending", title = ending.title.as_str()))
                .size(size)
                .strong(),
        );
        ui.add(egui::Label::new(RichText::new(&ending.summary).size(size * 0.8)).wrap());
        return;
    }
    let v = &card.vote;
    let tally = card.tally_public.then_some(v.tally.as_ref()).flatten();
    let total: u32 = tally.map_or(0, |t| t.iter().sum());
    for (i, choice) in card.choices.iter().enumerate().filter(|(_, c)| c.enabled) {
        let n = tally.and_then(|t| t.get(i).copied());
        ui.horizontal_wrapped(|ui| {
            if let Some(n) = n {
                let share = if total == 0 {
                    0.0
                } else {
                    n as f32 / total as f32
                };
                let (rect, _) = ui
                    .allocate_exact_size(egui::vec2(size * 6.0, size * 0.9), egui::Sense::hover());
                let painter = ui.painter();
                painter.rect_stroke(
                    rect,
                    3.0,
                    egui::Stroke::new(1.5, ui.visuals().text_color()),
                    egui::StrokeKind::Inside,
                );
                let mut fill = rect;
                fill.set_width(rect.width() * share);
                painter.rect_filled(fill, 3.0, ui.visuals().selection.bg_fill);
                ui.label(
                    RichText::new(format!("{n:>2}"))
                        .size(size)
                        .monospace()
                        .strong(),
                );
            }
            ui.add(
                egui::Label::new(RichText::new(format!("{}. {}", i + 1, choice.text)).size(size))
                    .wrap(),
            );
        });
    }
    let mut state = match v.state {
        "open" => t!("proj-voting", ballots = v.ballots, seats = v.seats),
        "paused" => t!("proj-paused"),
        "deciding" => t!("proj-deciding"),
        _ => t!("proj-waiting"),
    };
    if let Some(s) = v.seconds_left {
        state.push_str(" · ");
        state.push_str(&t!("class-seconds-left", seconds = s));
    }
    ui.label(RichText::new(state).size(size * 0.85).strong());
}

fn prompt(ui: &mut Ui, card: &GroupCard) {
    heading(ui, card, HEADING * 0.8);
    ui.add_space(16.0);
    ui.label(RichText::new(t!("proj-discuss")).size(HEADING).strong());
    let text = match (&card.ending, &card.prompt) {
        (Some(e), _) => e.questions.join("\n\n"),
        (None, Some(p)) => p.clone(),
        (None, None) => t!("proj-default-question", scene = card.scene.as_str()),
    };
    ui.add(egui::Label::new(RichText::new(text).size(BODY * 1.2)).wrap());
}

fn pair(ui: &mut Ui, left: &GroupCard, right: &GroupCard) {
    ui.columns(2, |cols| {
        for (col, card) in cols.iter_mut().zip([left, right]) {
            // Columns are justified, which would stretch wrapped lines word by word.
            col.with_layout(egui::Layout::top_down(egui::Align::LEFT), |col| {
                heading(col, card, HEADING * 0.75);
                col.add_space(8.0);
                if let Some(last) = card.passage.last() {
                    col.add(egui::Label::new(RichText::new(&last.text).size(BODY * 0.75)).wrap());
                }
                col.add_space(8.0);
                vote(col, card, BODY * 0.8);
            });
        }
    });
}
