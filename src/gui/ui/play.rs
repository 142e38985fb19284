//! The play screen: menu bar, stats panel, scene title, the passage (revealed over time) and choices.

use bevy_egui::egui::{
    self, Color32, Frame, Key, RichText, Stroke, TextFormat, Ui, text::LayoutJob,
};

use super::{UiAction, column, key_hints, number_key, take_key};
use crate::session::{Beat, ChoiceView, ImageView, StatView, View};
use crate::story::{Story, Value};

/// What the play screen shows.
pub struct PlayInfo<'a> {
    pub view: &'a View,
    /// For each stat in `view.stats`, its change since the last choice.
    pub changes: &'a [Option<i128>],
    /// Characters of the passage shown so far; `None` when all of it is shown.
    pub shown: Option<usize>,
    pub can_undo: bool,
    /// Story title and role name, for the menu bar.
    pub story_title: &'a str,
    pub role_name: &'a str,
    /// Choices taken so far.
    pub turn: u32,
    /// False while a menu covers the screen: keys and clicks then belong to the menu.
    pub interactive: bool,
    pub page: u64,
    /// A short word on the last save or load (e.g. `Saved to the quicksave.`), in the menu bar.
    pub status: Option<&'a str>,
    /// The story, for its pictures (`None` draws each picture's alt text instead).
    pub story: Option<&'a Story>,
}

/// Draws the play screen. Keys: 1-9 choose (the first press reveals the whole passage),
/// Space/Enter/click reveal, U or Backspace undo, H history, F5 quicksave, F9 quickload,
/// Esc pause menu.
pub fn screen(ui: &mut Ui, info: &PlayInfo) -> Option<UiAction> {
    let enlarged = super::picture::is_enlarged(ui.ctx());
    if let Some(story) = info.story {
        super::picture::enlarged(ui.ctx(), story);
    }
    let mut action = if info.interactive && !enlarged {
        keys(ui, info)
    } else {
        None
    };

    egui::Panel::top("aftermath_menu_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            if let Some(a) = menu_bar(ui, info) {
                action = Some(a);
            }
        });
        ui.add_space(2.0);
    });
    if !info.view.stats.is_empty() {
        egui::Panel::right("aftermath_stats")
            .resizable(false)
            .default_size(230.0)
            .show(ui, |ui| {
                ui.add_space(12.0);
                stats_panel(ui, &info.view.stats, info.changes);
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        let passage = ui.max_rect();
        if let Some(a) = column(ui, info.page, |ui| passage_ui(ui, info)) {
            action = Some(a);
        }
        // A click anywhere on the passage shows the rest of it.
        if info.interactive
            && info.shown.is_some()
            && ui.input(|i| i.pointer.primary_clicked())
            && ui.rect_contains_pointer(passage)
        {
            action = Some(UiAction::RevealAll);
        }
    });
    action
}

/// The play screen's keyboard shortcuts.
fn keys(ui: &Ui, info: &PlayInfo) -> Option<UiAction> {
    if take_key(ui, Key::Escape) {
        return Some(UiAction::Pause);
    }
    if take_key(ui, Key::H) {
        return Some(UiAction::OpenHistory);
    }
    if take_key(ui, Key::F5) {
        return Some(UiAction::QuickSave);
    }
    if take_key(ui, Key::F9) {
        return Some(UiAction::QuickLoad);
    }
    if (take_key(ui, Key::U) || take_key(ui, Key::Backspace)) && info.can_undo {
        return Some(UiAction::Undo);
    }
    let number = number_key(ui);
    if info.shown.is_some() {
        let space = take_key(ui, Key::Space);
        let enter = take_key(ui, Key::Enter);
        if space || enter || number.is_some() {
            return Some(UiAction::RevealAll);
        }
        return None;
    }
    number
        .filter(|&i| info.view.choices.get(i).is_some_and(|c| c.enabled))
        .map(UiAction::Choose)
}

fn menu_bar(ui: &mut Ui, info: &PlayInfo) -> Option<UiAction> {
    let mut action = None;
    if ui
        .add(egui::Button::new(t!("play-menu")).shortcut_text("Esc"))
        .clicked()
    {
        action = Some(UiAction::Pause);
    }
    if ui
        .add(egui::Button::new(t!("play-history")).shortcut_text("H"))
        .clicked()
    {
        action = Some(UiAction::OpenHistory);
    }
    let undo = egui::Button::new(t!("play-undo")).shortcut_text("U");
    if ui
        .add_enabled(info.can_undo, undo)
        .on_disabled_hover_text(t!("play-nothing-to-undo"))
        .clicked()
    {
        action = Some(UiAction::Undo);
    }
    if ui
        .button(t!("play-save"))
        .on_hover_text(t!("play-save-hint"))
        .clicked()
    {
        action = Some(UiAction::OpenSave);
    }
    if ui
        .button(t!("play-load"))
        .on_hover_text(t!("play-load-hint"))
        .clicked()
    {
        action = Some(UiAction::OpenLoad);
    }
    if ui.button(t!("menu-settings")).clicked() {
        action = Some(UiAction::OpenSettings);
    }
    ui.separator();
    ui.label(
        RichText::new(t!(
            "play-status-line",
            story = info.story_title.to_string(),
            role = info.role_name.to_string(),
            turn = info.turn.saturating_add(1)
        ))
        .small()
        .weak(),
    );
    if let Some(status) = info.status {
        ui.separator();
        // Kept whole: it moves to the next row rather than breaking mid-sentence.
        ui.add(
            egui::Label::new(RichText::new(status).small().strong())
                .wrap_mode(egui::TextWrapMode::Extend),
        );
    }
    action
}

/// One stat as shown in the stats panel, e.g. `Morale 4 (−1)`.
pub fn stat_text(stat: &StatView, change: Option<i64>) -> String {
    match change {
        Some(d) if d > 0 => format!("{} {} (+{d})", stat.label, stat.value),
        Some(d) if d < 0 => format!(
            "{} {} (\u{2212}{})",
            stat.label,
            stat.value,
            d.unsigned_abs()
        ),
        _ => format!("{} {}", stat.label, stat.value),
    }
}

/// The stats panel: each visible stat with its value, its change since the last choice, and a
/// bar when it has a range.
pub fn stats_panel(ui: &mut Ui, stats: &[StatView], changes: &[Option<i128>]) {
    ui.label(RichText::new(t!("play-stats")).strong());
    let visuals = ui.visuals().clone();
    let text_color = visuals.text_color();
    let body = egui::TextStyle::Body.resolve(ui.style());
    for (i, stat) in stats.iter().enumerate() {
        let change = changes.get(i).copied().flatten();
        let mut job = LayoutJob::default();
        let plain = TextFormat::simple(body.clone(), text_color);
        job.append(&format!("{} ", stat.label), 0.0, plain.clone());
        job.append(
            &stat.value.to_string(),
            0.0,
            TextFormat {
                color: visuals.strong_text_color(),
                ..plain.clone()
            },
        );
        if let Some(d) = change {
            let (text, color) = if d > 0 {
                (format!(" (+{d})"), positive(&visuals))
            } else {
                (
                    format!(" (\u{2212}{})", d.unsigned_abs()),
                    visuals.warn_fg_color,
                )
            };
            job.append(&text, 0.0, TextFormat { color, ..plain });
        }
        job.wrap.max_width = ui.available_width();
        ui.label(job);
        if let (Value::Int(v), Some(min), Some(max)) = (&stat.value, stat.min, stat.max)
            && max > min
        {
            let fraction = ((*v - min) as f32 / (max - min) as f32).clamp(0.0, 1.0);
            stat_bar(ui, fraction);
        }
        ui.add_space(4.0);
    }
}

fn positive(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(120, 210, 140)
    } else {
        Color32::from_rgb(20, 110, 40)
    }
}

/// A thin bar showing where a ranged stat sits between its minimum and maximum.
fn stat_bar(ui: &mut Ui, fraction: f32) {
    let width = ui.available_width().min(200.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 6.0), egui::Sense::hover());
    let visuals = ui.visuals();
    ui.painter().rect_stroke(
        rect,
        3.0,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let mut filled = rect;
    filled.set_width(rect.width() * fraction);
    ui.painter()
        .rect_filled(filled, 3.0, visuals.widgets.noninteractive.fg_stroke.color);
}

/// The passage column: scene title, outcome, beats, then choices once the text is all shown.
fn passage_ui(ui: &mut Ui, info: &PlayInfo) -> Option<UiAction> {
    let view = info.view;
    ui.heading(RichText::new(&view.scene_title).strong());
    if let Some(image) = &view.image {
        picture_ui(ui, info.story, image, SCENE_PICTURE_HEIGHT);
    }
    if let Some(label) = &view.outcome {
        outcome_badge(ui, label);
    }
    ui.add_space(4.0);
    let mut budget = info.shown;
    for beat in &view.beats {
        if budget == Some(0) {
            break;
        }
        if let Some(image) = &beat.image {
            picture_ui(ui, info.story, image, BEAT_PICTURE_HEIGHT);
        }
        beat_ui(ui, beat, &mut budget);
    }
    ui.add_space(8.0);
    if info.shown.is_some() {
        let mut action = None;
        if ui.button(t!("play-show-all")).clicked() {
            action = Some(UiAction::RevealAll);
        }
        key_hints(ui, &t!("keys-reveal"));
        return action;
    }
    let action = choices_ui(ui, &view.choices, info.interactive);
    ui.add_space(12.0);
    key_hints(ui, &t!("keys-play"));
    action
}

/// The label of a random outcome the last choice drew.
fn outcome_badge(ui: &mut Ui, label: &str) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .stroke(Stroke::new(1.0, visuals.selection.stroke.color))
        .corner_radius(12.0)
        .inner_margin(egui::Margin::symmetric(10, 4))
        .show(ui, |ui| {
            ui.label(
                RichText::new(t!("chance", label = label.to_string()))
                    .small()
                    .strong(),
            );
        });
}

/// Tallest a scene's picture is drawn: a map heads the passage without pushing it off screen.
const SCENE_PICTURE_HEIGHT: f32 = 220.0;
/// Tallest a node's own picture is drawn.
const BEAT_PICTURE_HEIGHT: f32 = 280.0;

/// A picture above the passage or a beat, or its alt text where there is no story to draw from.
fn picture_ui(ui: &mut Ui, story: Option<&Story>, image: &ImageView, max_height: f32) {
    match story {
        Some(story) => super::picture::show(ui, story, image, max_height),
        None => {
            ui.label(RichText::new(t!("picture-alt", alt = image.alt.as_str())).italics());
        }
    }
    ui.add_space(6.0);
}

/// One beat: context note, speaker, text (up to `budget` characters), discussion prompt.
fn beat_ui(ui: &mut Ui, beat: &Beat, budget: &mut Option<usize>) {
    if let Some(note) = &beat.note {
        note_frame(ui, note, &beat.sources);
    }
    if let Some(speaker) = &beat.speaker {
        ui.label(
            RichText::new(speaker)
                .strong()
                .color(ui.visuals().strong_text_color()),
        );
    }
    let len = beat.text.chars().count();
    let shown = budget.map_or(len, |b| b.min(len));
    if !beat.text.is_empty() {
        if shown < len {
            partial_text(ui, &beat.text, shown);
        } else {
            ui.label(&beat.text);
        }
    }
    if let Some(b) = budget {
        *b -= shown;
    }
    if shown == len
        && let Some(prompt) = &beat.prompt
    {
        prompt_frame(ui, prompt);
    }
    ui.add_space(6.0);
}

/// Text with only its first `shown` characters visible. The rest is laid out but transparent,
/// so lines do not re-wrap while the text appears.
fn partial_text(ui: &mut Ui, text: &str, shown: usize) {
    let split = text
        .char_indices()
        .nth(shown)
        .map_or(text.len(), |(i, _)| i);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.append(&text[..split], 0.0, TextFormat::simple(font.clone(), color));
    job.append(
        &text[split..],
        0.0,
        TextFormat::simple(font, Color32::TRANSPARENT),
    );
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

/// A context note: smaller, muted text in a faint frame, set apart from the story; the sources
/// it cites fold under it, shown on demand.
fn note_frame(ui: &mut Ui, note: &str, sources: &[String]) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(visuals.widgets.noninteractive.bg_stroke)
        .corner_radius(6.0)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(t!("play-context")).small().strong().weak());
            ui.label(RichText::new(note).small());
            if !sources.is_empty() {
                egui::CollapsingHeader::new(
                    RichText::new(t!("play-sources-count", count = sources.len())).small(),
                )
                .id_salt(("sources", note))
                .show(ui, |ui| {
                    for s in sources {
                        ui.label(RichText::new(s).small().weak());
                    }
                });
            }
        });
}

/// A discussion prompt attached to a beat.
fn prompt_frame(ui: &mut Ui, prompt: &str) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .stroke(Stroke::new(1.5, visuals.selection.bg_fill))
        .corner_radius(6.0)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(t!("to-discuss")).small().strong());
            ui.label(RichText::new(prompt).italics());
        });
}

/// The choices as numbered buttons; a disabled choice shows why under it.
fn choices_ui(ui: &mut Ui, choices: &[ChoiceView], interactive: bool) -> Option<UiAction> {
    let mut action = None;
    for (i, choice) in choices.iter().enumerate() {
        let text = if i < 9 {
            format!("{}. {}", i + 1, choice.text)
        } else {
            choice.text.clone()
        };
        let button = egui::Button::new(RichText::new(text.as_str()))
            .wrap()
            .min_size(egui::vec2(ui.available_width(), 0.0));
        let mut response = ui.add_enabled(interactive && choice.enabled, button);
        if !choice.enabled
            && let Some(reason) = &choice.reason
        {
            // A screen reader names the disabled button with its reason, as the eye reads it.
            let why = t!("not-available", reason = reason.to_string());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::WidgetType::Button,
                    false,
                    format!("{text} — {why}"),
                )
            });
            response = response.on_disabled_hover_text(reason);
            ui.horizontal_wrapped(|ui| {
                ui.add_space(18.0);
                ui.label(
                    RichText::new(t!("not-available", reason = reason.to_string()))
                        .small()
                        .italics()
                        .color(ui.visuals().warn_fg_color),
                );
            });
        }
        if response.clicked() {
            action = Some(UiAction::Choose(i));
        }
    }
    if !choices.iter().any(|c| c.enabled) {
        ui.label(RichText::new(t!("play-stuck")).color(ui.visuals().warn_fg_color));
    }
    action
}
