//! Pure egui drawing of the game screens: no Bevy here, so every screen can be drawn headless.

use bevy_egui::egui::{self, Color32, FontFamily, FontId, Frame, Key, RichText, TextStyle, Ui};

use crate::session::{Beat, ChoiceView, EndingView, StatView, View};
use crate::story::{Meta, Role};

/// Widest the text column gets, in points: long lines are hard to read.
pub const COLUMN_WIDTH: f32 = 760.0;
/// Body text size in points.
pub const BODY_SIZE: f32 = 20.0;

/// What the player asked for this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiAction {
    /// Take visible choice `n` (0-based, as listed in the view).
    Choose(usize),
    /// Play again from the start (or from role selection).
    Restart,
    /// Start playing the role with this id.
    PickRole(String),
}

/// Large, readable text sizes and roomier spacing, for every theme.
pub fn apply_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::new(30.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(BODY_SIZE, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(BODY_SIZE, FontFamily::Proportional)),
            (TextStyle::Small, FontId::new(16.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(18.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
    });
}

/// Draws `add_contents` in a vertically scrolling column at most [`COLUMN_WIDTH`] wide,
/// centred in `ui`. Each `page` has its own scroll position, so a new page starts at the top.
pub fn column<R>(ui: &mut Ui, page: u64, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    egui::ScrollArea::vertical()
        .id_salt(("aftermath_page", page))
        .auto_shrink(false)
        .show(ui, |ui| {
            let width = ui.available_width().min(COLUMN_WIDTH);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            ui.horizontal_top(|ui| {
                ui.add_space(margin);
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.add_space(24.0);
                    let r = add_contents(ui);
                    ui.add_space(24.0);
                    r
                })
                .inner
            })
            .inner
        })
        .inner
}

/// The number key (1-9) newly pressed this frame, as a 0-based index. Key repeats are ignored
/// so holding a key down cannot skip through several choices.
pub fn number_key(ui: &Ui) -> Option<usize> {
    const KEYS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                repeat: false,
                modifiers,
                ..
            } if modifiers.is_none() => KEYS.iter().position(|k| k == key),
            _ => None,
        })
    })
}

/// The role-selection screen: the story's title and description, then each role as a
/// numbered button with its briefing.
pub fn role_panel(ui: &mut Ui, meta: &Meta, roles: &[Role]) -> Option<UiAction> {
    let mut action = None;
    ui.heading(RichText::new(&meta.title).strong());
    if !meta.description.is_empty() {
        ui.label(&meta.description);
    }
    if !meta.content_notes.is_empty() {
        ui.label(
            RichText::new(format!("Content notes: {}", meta.content_notes.join(", ")))
                .small()
                .weak(),
        );
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Choose who you play").heading().size(24.0));
    for (i, role) in roles.iter().enumerate() {
        ui.add_space(8.0);
        let label = if i < 9 {
            format!("{}. {}", i + 1, role.name)
        } else {
            role.name.clone()
        };
        if ui
            .add(egui::Button::new(RichText::new(label).strong()).wrap())
            .clicked()
        {
            action = Some(UiAction::PickRole(role.id.clone()));
        }
        if !role.briefing.is_empty() {
            ui.label(&role.briefing);
        }
    }
    if let Some(role) = number_key(ui).and_then(|i| roles.get(i)) {
        action = Some(UiAction::PickRole(role.id.clone()));
    }
    action
}

/// The play screen: scene title, stats, the passage, then the choices or the ending.
pub fn play_panel(ui: &mut Ui, view: &View) -> Option<UiAction> {
    ui.heading(RichText::new(&view.scene_title).strong());
    if !view.stats.is_empty() {
        stats_line(ui, &view.stats);
    }
    ui.separator();
    for beat in &view.beats {
        beat_ui(ui, beat);
    }
    ui.add_space(8.0);
    match &view.ending {
        Some(ending) => ending_ui(ui, ending),
        None => {
            if let Some(prompt) = view.current().and_then(|b| b.prompt.as_deref()) {
                ui.label(RichText::new(prompt).italics());
            }
            choices_ui(ui, &view.choices)
        }
    }
}

/// A one-line summary of the visible stats, e.g. `Loyalty 5/10 · Morale 4/10`.
pub fn stats_text(stats: &[StatView]) -> String {
    stats
        .iter()
        .map(|s| match s.max {
            Some(max) => format!("{} {}/{max}", s.label, s.value),
            None => format!("{} {}", s.label, s.value),
        })
        .collect::<Vec<_>>()
        .join("  ·  ")
}

fn stats_line(ui: &mut Ui, stats: &[StatView]) {
    ui.label(RichText::new(stats_text(stats)).small().weak());
}

fn beat_ui(ui: &mut Ui, beat: &Beat) {
    if let Some(speaker) = &beat.speaker {
        ui.label(RichText::new(speaker).strong());
    }
    if !beat.text.is_empty() {
        ui.label(&beat.text);
    }
    if let Some(note) = &beat.note {
        note_frame(ui, note);
    }
    ui.add_space(6.0);
}

/// A context note: smaller, muted text in a faint frame, set apart from the story.
fn note_frame(ui: &mut Ui, note: &str) {
    let visuals = ui.visuals();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(visuals.widgets.noninteractive.bg_stroke)
        .corner_radius(6.0)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Context").small().strong().weak());
            ui.label(RichText::new(note).size(17.0).weak());
        });
}

fn choices_ui(ui: &mut Ui, choices: &[ChoiceView]) -> Option<UiAction> {
    let mut action = None;
    for (i, choice) in choices.iter().enumerate() {
        let mut text = if i < 9 {
            format!("{}.  {}", i + 1, choice.text)
        } else {
            choice.text.clone()
        };
        if !choice.enabled
            && let Some(reason) = &choice.reason
        {
            text = format!("{text}  ({reason})");
        }
        let button = egui::Button::new(text).wrap();
        if ui.add_enabled(choice.enabled, button).clicked() {
            action = Some(UiAction::Choose(i));
        }
    }
    if let Some(i) = number_key(ui).filter(|&i| choices.get(i).is_some_and(|c| c.enabled)) {
        action = Some(UiAction::Choose(i));
    }
    if choices.is_empty() || !choices.iter().any(|c| c.enabled) {
        ui.label(RichText::new("The story cannot go on from here.").color(ui.visuals().warn_fg_color));
        if ui.button("Play again").clicked() {
            action = Some(UiAction::Restart);
        }
    }
    action
}

fn ending_ui(ui: &mut Ui, ending: &EndingView) -> Option<UiAction> {
    ui.separator();
    ui.label(RichText::new("The end").small().weak());
    ui.heading(RichText::new(&ending.title).strong());
    if !ending.summary.is_empty() {
        ui.label(&ending.summary);
    }
    if !ending.questions.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("To discuss").strong());
        for (i, q) in ending.questions.iter().enumerate() {
            ui.label(format!("{}. {q}", i + 1));
        }
    }
    ui.add_space(12.0);
    let again = ui.add(egui::Button::new(RichText::new("Play again").strong()).fill(accent(ui)));
    again.clicked().then_some(UiAction::Restart)
}

fn accent(ui: &Ui) -> Color32 {
    ui.visuals().selection.bg_fill
}
