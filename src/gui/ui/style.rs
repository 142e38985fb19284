//! Text sizes, themes (dark, light, high contrast) and motion, applied to an egui context.

use bevy_egui::egui::{
    self, Color32, FontFamily, FontId, Stroke, TextStyle, Visuals, style::ScrollAnimation,
};

use crate::gui::settings::{Settings, Theme};

/// The Hangul font (NanumGothic, SIL OFL; see assets/fonts/README.md), embedded.
static HANGUL_FONT: &[u8] = include_bytes!("../../../assets/fonts/NanumGothic.ttf");

/// Adds the Hangul font after egui's own fonts in every family, so Korean text renders and
/// mixed Korean-English text keeps egui's Latin letters.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "nanum-gothic".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(HANGUL_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("nanum-gothic".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Applies `settings` to every style of `ctx`: the theme, the text sizes and motion.
pub fn apply(ctx: &egui::Context, settings: &Settings) {
    let egui_theme = match settings.theme {
        Theme::Light => egui::Theme::Light,
        Theme::Dark | Theme::HighContrast => egui::Theme::Dark,
    };
    ctx.set_theme(egui_theme);
    ctx.set_visuals_of(egui_theme, visuals(settings.theme));
    let body = settings.text_size.points();
    let reduced = settings.reduced_motion;
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new((body * 1.5).round(), FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(body, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(body, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new((body * 0.8).round(), FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new((body * 0.9).round(), FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        style.spacing.interact_size.y = body + 8.0;
        style.spacing.icon_width = (body * 0.85).round();
        style.spacing.icon_width_inner = (body * 0.45).round();
        style.spacing.icon_spacing = 8.0;
        if reduced {
            style.animation_time = 0.0;
            style.scroll_animation = ScrollAnimation::none();
        } else {
            style.animation_time = egui::Style::default().animation_time;
            style.scroll_animation = ScrollAnimation::default();
        }
    });
}

/// The egui visuals of a theme.
pub fn visuals(theme: Theme) -> Visuals {
    match theme {
        Theme::Dark => dark(),
        Theme::Light => light(),
        Theme::HighContrast => high_contrast(),
    }
}

/// egui's dark theme with brighter body text for long reading.
fn dark() -> Visuals {
    let mut v = Visuals::dark();
    v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(215);
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(230);
    v.panel_fill = Color32::from_rgb(24, 25, 28);
    v.window_fill = Color32::from_rgb(32, 33, 37);
    v.faint_bg_color = Color32::from_rgb(36, 38, 43);
    v.selection.bg_fill = Color32::from_rgb(60, 90, 140);
    v.warn_fg_color = Color32::from_rgb(240, 170, 70);
    // Focus (keyboard) and press must be easy to see.
    v.widgets.active.bg_stroke = Stroke::new(2.0, Color32::from_rgb(140, 180, 255));
    v
}

/// egui's light theme with darker body text and a warm paper background.
fn light() -> Visuals {
    let mut v = Visuals::light();
    v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(25);
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(20);
    v.widgets.inactive.weak_bg_fill = Color32::from_rgb(226, 222, 212);
    v.widgets.inactive.bg_fill = Color32::from_rgb(226, 222, 212);
    v.panel_fill = Color32::from_rgb(248, 245, 238);
    v.window_fill = Color32::from_rgb(252, 250, 245);
    v.faint_bg_color = Color32::from_rgb(238, 233, 222);
    v.warn_fg_color = Color32::from_rgb(150, 70, 0);
    v.weak_text_color = Some(Color32::from_gray(95));
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(150));
    v.widgets.active.bg_fill = Color32::from_rgb(200, 215, 240);
    v.widgets.active.weak_bg_fill = Color32::from_rgb(200, 215, 240);
    v.widgets.active.bg_stroke = Stroke::new(2.0, Color32::from_rgb(20, 60, 150));
    v
}

/// Black and white with yellow for focus and selection; thick outlines on every control.
fn high_contrast() -> Visuals {
    let mut v = Visuals::dark();
    let white = Color32::WHITE;
    let black = Color32::BLACK;
    let yellow = Color32::from_rgb(255, 230, 0);
    v.override_text_color = None;
    v.weak_text_color = Some(Color32::from_gray(225));
    v.panel_fill = black;
    v.window_fill = black;
    v.window_stroke = Stroke::new(2.0, white);
    v.faint_bg_color = Color32::from_gray(20);
    v.extreme_bg_color = black;
    v.warn_fg_color = yellow;
    v.error_fg_color = Color32::from_rgb(255, 120, 120);
    v.hyperlink_color = Color32::from_rgb(120, 200, 255);
    v.selection.bg_fill = Color32::from_rgb(0, 70, 160);
    v.selection.stroke = Stroke::new(2.0, yellow);
    let w = &mut v.widgets;
    w.noninteractive.bg_fill = black;
    w.noninteractive.weak_bg_fill = black;
    w.noninteractive.bg_stroke = Stroke::new(1.5, white);
    w.noninteractive.fg_stroke = Stroke::new(1.5, white);
    w.inactive.bg_fill = black;
    w.inactive.weak_bg_fill = black;
    w.inactive.bg_stroke = Stroke::new(2.0, white);
    w.inactive.fg_stroke = Stroke::new(2.0, white);
    w.hovered.bg_fill = Color32::from_gray(40);
    w.hovered.weak_bg_fill = Color32::from_gray(40);
    w.hovered.bg_stroke = Stroke::new(3.0, yellow);
    w.hovered.fg_stroke = Stroke::new(2.0, yellow);
    // egui draws strong text in the active colour, so it must stay white; focus shows as a
    // thick yellow outline on blue.
    w.active.bg_fill = Color32::from_rgb(0, 50, 130);
    w.active.weak_bg_fill = Color32::from_rgb(0, 50, 130);
    w.active.bg_stroke = Stroke::new(3.0, yellow);
    w.active.fg_stroke = Stroke::new(2.0, white);
    w.open = w.hovered;
    v.disabled_alpha = 0.7;
    v
}
