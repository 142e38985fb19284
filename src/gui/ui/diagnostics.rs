//! The story's problems after an edit broke it (hot reload): one row per error, `file:line:col
//! message`, with the checker's help. The game keeps playing the last version that loaded.

use bevy_egui::egui::{Frame, RichText, Stroke, Ui};

use super::UiAction;

/// One problem, as the checker found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagnosticRow {
    /// `file:line:col`, or empty when the problem has no place in a file.
    pub place: String,
    pub message: String,
    pub help: Option<String>,
}

impl DiagnosticRow {
    /// The row as one line: `camp.ron:12:5  message`.
    pub fn line(&self) -> String {
        if self.place.is_empty() {
            self.message.clone()
        } else {
            format!("{}  {}", self.place, self.message)
        }
    }
}

/// Draws the panel; nothing when `rows` is empty. Returns `DismissDiagnostics` when dismissed.
pub fn panel(ui: &mut Ui, title: &str, rows: &[DiagnosticRow]) -> Option<UiAction> {
    if rows.is_empty() {
        return None;
    }
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(visuals.extreme_bg_color)
        .stroke(Stroke::new(1.5, visuals.error_fg_color))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(title).strong().color(visuals.error_fg_color));
            for row in rows {
                ui.label(RichText::new(row.line()).monospace());
                if let Some(help) = &row.help {
                    ui.label(
                        RichText::new(format!(
                            "    {}",
                            t!("diagnostics-help", help = help.as_str())
                        ))
                        .weak(),
                    );
                }
            }
            ui.button(t!("dismiss"))
                .clicked()
                .then_some(UiAction::DismissDiagnostics)
        })
        .inner
}
