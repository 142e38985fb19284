//! The lobby of a hosted class, for the projector: the join URL, the code and a QR code large
//! enough to read and scan from the back of a classroom, and the seats filling in per group.

use bevy_egui::egui::{self, Color32, FontId, Key, RichText, Ui};

use super::{UiAction, focus_if_none, key_hints, take_key};
use crate::class::{Action, FacilitatorView};
use crate::serve::qr::{Modules, QUIET_ZONE};

/// What the lobby shows.
pub struct LobbyInfo<'a> {
    /// The join URL (what the QR code holds).
    pub url: &'a str,
    pub code: &'a str,
    /// The URL's QR code (`None` if it could not be made; the URL and code still show).
    pub qr: Option<&'a Modules>,
    pub view: &'a FacilitatorView,
    /// Where the class log is written, for `--resume` after a crash.
    pub log: Option<&'a str>,
    /// The facilitator asked to end the class: the confirmation is shown.
    pub confirm_end: bool,
}

/// Draws the lobby. Keys: S start, L lock or unlock the room, D the dashboard, Esc asks to end
/// the class; Tab / arrows and Enter reach every button.
pub fn screen(ui: &mut Ui, info: &LobbyInfo) -> Option<UiAction> {
    if info.confirm_end {
        return super::dashboard::confirm_end(ui);
    }
    let mut action = keys(ui, info.view);
    let view = info.view;
    let full = ui.available_rect_before_wrap();
    let margin = 24.0;
    // The QR code takes the left part: as tall as the window allows, at most half its width.
    let qr_side = (full.height() - 2.0 * margin)
        .min(full.width() * 0.48)
        .max(120.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.add_space(margin);
            match info.qr {
                Some(modules) => qr_code(ui, modules, qr_side),
                None => {
                    ui.label(t!("lobby-no-qr"));
                }
            }
        });
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.add_space(margin);
            let width = (ui.available_width() - margin).max(200.0);
            ui.set_width(width);
            ui.label(RichText::new(&view.title).heading().strong());
            ui.label(RichText::new(t!("lobby-join-with")).size(22.0));
            // The URL on one line, as large as the column allows.
            let url_size =
                (width / (info.url.chars().count().max(1) as f32 * 0.62)).clamp(16.0, 44.0);
            ui.add(
                egui::Label::new(
                    RichText::new(info.url)
                        .font(FontId::monospace(url_size))
                        .strong(),
                )
                .wrap(),
            );
            ui.label(RichText::new(t!("lobby-code")).size(22.0));
            ui.label(
                RichText::new(info.code)
                    .font(FontId::monospace(110.0))
                    .strong(),
            );
            ui.add_space(8.0);
            seats(ui, view);
            ui.add_space(12.0);
            action = buttons(ui, view).or(action.take());
            if view.locked {
                ui.label(RichText::new(t!("lobby-locked")).color(ui.visuals().warn_fg_color));
            }
            if let Some(log) = info.log {
                ui.label(RichText::new(t!("lobby-log", path = log)).small().weak());
            }
            key_hints(ui, &t!("lobby-keys"));
        });
    });
    action
}

fn keys(ui: &Ui, view: &FacilitatorView) -> Option<UiAction> {
    if take_key(ui, Key::Escape) {
        Some(UiAction::AskEndClass)
    } else if take_key(ui, Key::S) {
        Some(UiAction::StartClass)
    } else if take_key(ui, Key::L) {
        Some(UiAction::Class(Action::Lock(!view.locked)))
    } else if take_key(ui, Key::D) {
        Some(UiAction::ShowDashboard)
    } else {
        None
    }
}

/// Seats taken, then each group with its seats and nicknames.
fn seats(ui: &mut Ui, view: &FacilitatorView) {
    ui.label(
        RichText::new(t!("lobby-joined", count = view.seats, cap = view.seat_cap))
            .size(26.0)
            .strong(),
    );
    for g in &view.groups {
        let names: Vec<&str> = g.seats.iter().map(|(_, n)| n.as_str()).collect();
        ui.label(
            RichText::new(t!(
                "lobby-group",
                n = g.index + 1,
                name = g.name.as_str(),
                role = g.role.as_str(),
                count = names.len()
            ))
            .size(22.0),
        );
        if !names.is_empty() {
            ui.label(RichText::new(names.join(", ")).weak());
        }
    }
}

fn buttons(ui: &mut Ui, view: &FacilitatorView) -> Option<UiAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let big = |text: String| {
            egui::Button::new(RichText::new(text).size(24.0).strong())
                .min_size(egui::vec2(160.0, 52.0))
        };
        let start = ui.add(big(t!("lobby-start")).fill(ui.visuals().selection.bg_fill));
        focus_if_none(ui, &start);
        if start.clicked() {
            action = Some(UiAction::StartClass);
        }
        let lock = if view.locked {
            t!("lobby-unlock")
        } else {
            t!("lobby-lock")
        };
        if ui.add(big(lock)).clicked() {
            action = Some(UiAction::Class(Action::Lock(!view.locked)));
        }
        if ui.add(big(t!("class-dashboard"))).clicked() {
            action = Some(UiAction::ShowDashboard);
        }
    });
    action
}

/// Paints `modules` as a square `side` points wide, quiet zone included: dark modules on white
/// whatever the theme, each module a whole number of pixels so its edges stay sharp.
pub fn qr_code(ui: &mut Ui, modules: &Modules, side: f32) {
    let n = modules.width + 2 * QUIET_ZONE;
    let ppp = ui.ctx().pixels_per_point();
    // Whole pixels per module, at least 2.
    let module_px = ((side * ppp) / n as f32).floor().max(2.0);
    let module = module_px / ppp;
    let size = module * n as f32;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let origin = egui::emath::GuiRounding::round_to_pixels(rect.min, ppp);
    let painter = ui.painter();
    painter.rect_filled(
        egui::Rect::from_min_size(origin, egui::vec2(size, size)),
        0.0,
        Color32::WHITE,
    );
    // One rectangle per run of dark modules in a row.
    for y in 0..modules.width {
        let mut x = 0;
        while x < modules.width {
            if !modules.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < modules.width && modules.is_dark(x, y) {
                x += 1;
            }
            let min = origin
                + egui::vec2(
                    (start + QUIET_ZONE) as f32 * module,
                    (y + QUIET_ZONE) as f32 * module,
                );
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2((x - start) as f32 * module, module)),
                0.0,
                Color32::BLACK,
            );
        }
    }
}
