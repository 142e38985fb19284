//! The join URL as a QR code: Unicode half-blocks for the terminal, SVG for exports, and the
//! module matrix for the game window to paint.

use qrcode::QrCode;
use qrcode::render::{svg, unicode};

/// The text could not be put in a QR code (longer than a QR code holds).
#[derive(Debug, thiserror::Error)]
#[error("cannot make a QR code of {text:?}: {reason}")]
pub struct QrError {
    pub text: String,
    pub reason: String,
}

fn code(text: &str) -> Result<QrCode, QrError> {
    QrCode::new(text.as_bytes()).map_err(|e| QrError {
        text: text.to_owned(),
        reason: e.to_string(),
    })
}

/// The QR code of `text` in Unicode half-block characters, two modules per character row,
/// dark on light with the quiet zone (scans from a dark or a light terminal).
pub fn unicode(text: &str) -> Result<String, QrError> {
    Ok(code(text)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// A QR code's modules, row by row, without the quiet zone (add [`QUIET_ZONE`] light modules
/// on every side when drawing it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    /// Modules per side.
    pub width: usize,
    /// `width * width` values, row by row: `true` is a dark module.
    pub dark: Vec<bool>,
}

/// Light modules a scanner needs around the code, on every side.
pub const QUIET_ZONE: usize = 4;

impl Modules {
    /// Whether the module at column `x`, row `y` is dark (outside the code: light).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The modules of `text`'s QR code, for a renderer of its own (the game paints them).
pub fn modules(text: &str) -> Result<Modules, QrError> {
    let code = code(text)?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok(Modules {
        width: code.width(),
        dark,
    })
}

/// The QR code of `text` as a standalone SVG document.
pub fn svg(text: &str) -> Result<String, QrError> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_both_ways() {
        let url = "http://192.168.1.20:7878/?code=K7QXA";
        let text = super::unicode(url).unwrap();
        assert!(text.lines().count() > 10);
        assert!(super::svg(url).unwrap().starts_with("<?xml"));
        let m = super::modules(url).unwrap();
        assert_eq!(m.dark.len(), m.width * m.width);
        // The finder pattern's corner is dark; outside the code is light.
        assert!(m.is_dark(0, 0) && !m.is_dark(m.width, 0));
    }
}
