//! The join URL as a QR code: Unicode half-blocks for the terminal, SVG for the game and exports.

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
    }
}
