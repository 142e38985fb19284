//! Story pictures in the game window: a PNG from the story folder decoded once into a texture
//! (cached by path), drawn at most a given height, with its alt text for screen readers; a
//! picture that cannot be decoded shows its alt text instead. A click on a picture shows it as
//! large as the window allows (a map's labels are legible there), until a click or Esc.

use std::io::Cursor;

use bevy_egui::egui::{self, ColorImage, Frame, RichText, TextureHandle, TextureOptions, Ui};
use image::{ImageFormat, ImageReader, Limits};

use crate::session::ImageView;
use crate::story::{Picture, Story};

/// Draws `image` from `story`, at most `max_height` points tall and as wide as the column.
pub fn show(ui: &mut Ui, story: &Story, image: &ImageView, max_height: f32) {
    match texture(ui.ctx(), story, &image.path) {
        Some(tex) => {
            let size = tex.size_vec2();
            let scale = (ui.available_width() / size.x)
                .min(max_height / size.y)
                .min(1.0);
            let response = ui
                .add(
                    egui::Image::new((tex.id(), size * scale))
                        .corner_radius(6.0)
                        .alt_text(&image.alt)
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(t!("picture-enlarge"));
            if scale < 1.0 && response.clicked() {
                ui.ctx().data_mut(|d| {
                    d.insert_temp(
                        enlarged_id(),
                        Enlarged {
                            path: image.path.clone(),
                            alt: image.alt.clone(),
                        },
                    );
                });
            }
        }
        None => {
            Frame::new()
                .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
                .corner_radius(6.0)
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(t!("picture-alt", alt = image.alt.as_str())).italics());
                });
        }
    }
}

/// The picture a click enlarged.
#[derive(Clone)]
struct Enlarged {
    path: String,
    alt: String,
}

fn enlarged_id() -> egui::Id {
    egui::Id::new("aftermath_enlarged_picture")
}

/// Whether a picture is shown enlarged (the screen under it then leaves its keys alone).
pub fn is_enlarged(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<Enlarged>(enlarged_id()).is_some())
}

/// Draws the enlarged picture over the screen, if a click opened one; a click on it or beside
/// it, or Esc, closes it.
pub fn enlarged(ctx: &egui::Context, story: &Story) {
    let Some(open) = ctx.data(|d| d.get_temp::<Enlarged>(enlarged_id())) else {
        return;
    };
    let Some(tex) = texture(ctx, story, &open.path) else {
        ctx.data_mut(|d| d.remove::<Enlarged>(enlarged_id()));
        return;
    };
    let room = ctx.content_rect().size() - egui::vec2(80.0, 140.0);
    let size = tex.size_vec2();
    let scale = (room.x / size.x).min(room.y / size.y).clamp(0.1, 1.5);
    let modal = egui::Modal::new(egui::Id::new("aftermath_enlarged_modal")).show(ctx, |ui| {
        let clicked = ui
            .add(
                egui::Image::new((tex.id(), size * scale))
                    .alt_text(&open.alt)
                    .sense(egui::Sense::click()),
            )
            .clicked();
        ui.label(RichText::new(&open.alt).italics());
        ui.label(RichText::new(t!("picture-close")).small().weak());
        clicked
    });
    if modal.inner || modal.should_close() {
        ctx.data_mut(|d| d.remove::<Enlarged>(enlarged_id()));
    }
}

/// The texture of the picture at `path`, decoded on first use; `None` when the story has no
/// such picture or it does not decode within the limits.
fn texture(ctx: &egui::Context, story: &Story, path: &str) -> Option<TextureHandle> {
    let id = egui::Id::new(("aftermath_picture", story.content_hash, path));
    if let Some(cached) = ctx.data(|d| d.get_temp::<Option<TextureHandle>>(id)) {
        return cached;
    }
    let decoded = story
        .picture(path)
        .and_then(decode)
        .map(|img| ctx.load_texture(format!("picture:{path}"), img, TextureOptions::LINEAR));
    ctx.data_mut(|d| d.insert_temp(id, decoded.clone()));
    decoded
}

/// Decodes a PNG within [`Picture::MAX_SIDE`] on each side (a forged header cannot make the
/// decoder allocate more).
pub fn decode(picture: &Picture) -> Option<ColorImage> {
    let mut reader = ImageReader::with_format(Cursor::new(&picture.bytes[..]), ImageFormat::Png);
    let mut limits = Limits::default();
    limits.max_image_width = Some(Picture::MAX_SIDE);
    limits.max_image_height = Some(Picture::MAX_SIDE);
    limits.max_alloc = Some(u64::from(Picture::MAX_SIDE) * u64::from(Picture::MAX_SIDE) * 4);
    reader.limits(limits);
    let rgba = reader.decode().ok()?.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Some(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}
