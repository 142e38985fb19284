//! The self-contained HTML page every report shares (solo transcripts and class debriefs):
//! escaping, the page skeleton and its inline, printable CSS. No external URL, font or script.

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept: paragraphs (blank lines) become `<p>`s, single line
/// breaks `<br>`.
pub fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        out.push_str(&escape(para).replace('\n', "<br>"));
        out.push_str("</p>\n");
    }
    out
}

/// The CSS of every report: readable on screen, printed on A4 or Letter with colours kept.
pub const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { max-width: 54rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #ffffff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Nanum Gothic", sans-serif; }
h1, h2, h3, h4 { line-height: 1.25; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #333333; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
p { margin: .4rem 0; }
.meta { color: #555555; }
.speaker { font-weight: bold; }
.note { color: #555555; font-style: italic; }
.prompt { border-left: 4px solid #8a4000; padding-left: .6rem; color: #5a2a00; }
.choice { border-left: 4px solid #1a5fb4; padding-left: .6rem; margin: .6rem 0; }
.chance { color: #8a4000; font-style: italic; }
.card { border: 1px solid #c8c8c8; border-radius: 6px; padding: .6rem .9rem; margin: .8rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.ending { border: 2px solid #333333; border-radius: 6px; padding: .7rem 1rem; margin: 1rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.undone { opacity: .65; }
.undone .struck, del { text-decoration: line-through; }
.tag { display: inline-block; font-size: .8rem; font-weight: bold; border-radius: 3px;
  padding: 0 .35rem; margin-left: .3rem; border: 1px solid currentColor; }
.tag.override { color: #a51d2d; } .tag.hands { color: #1a5fb4; } .tag.revote { color: #8a4000; }
.tag.undone { color: #555555; } .tag.lot { color: #613583; } .tag.close { color: #a51d2d; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; break-inside: auto; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbbbbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.bar { display: inline-block; width: 10rem; height: .8rem; background: #e6e6e6; border: 1px solid #999999;
  vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #1a5fb4; }
.bar.won > span { background: #26a269; }
.graph svg { max-width: 100%; height: auto; border: 1px solid #dddddd; }
.graph { break-inside: avoid; page-break-inside: avoid; }
.pictures { display: flex; flex-wrap: wrap; gap: .75rem; }
.picture { margin: 0; max-width: 28rem; break-inside: avoid; page-break-inside: avoid; }
.picture img { max-width: 100%; height: auto; border: 1px solid #dddddd; }
ul.questions li { margin: .2rem 0; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.group { break-before: page; page-break-before: always; }
  h2 { margin-top: 1rem; }
}
"#;

/// A whole HTML document: `title` (escaped here), the shared CSS plus `extra_css`, and `body`
/// (already HTML).
pub fn document(title: &str, extra_css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// An SVG document made fit to sit inside an HTML page: no XML prologue, no namespace URL
/// (HTML knows `<svg>`), and `role="img"` with a label for screen readers.
pub fn inline_svg(svg: &str, label: &str) -> String {
    let svg = svg.trim_start();
    let svg = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => return String::new(),
    };
    let svg = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    svg.replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{}\"", escape(label)),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x&y")</script> it's"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s"
        );
        assert_eq!(escape("plain 한글"), "plain 한글");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn paragraphs_keep_breaks_and_escape() {
        assert_eq!(
            paragraphs("a <b>\nc\n\n\nd & e"),
            "<p>a &lt;b&gt;<br>c</p>\n<p>d &amp; e</p>\n"
        );
    }

    #[test]
    fn inline_svg_drops_the_namespace_url_and_gets_a_label() {
        let s = inline_svg(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\"><rect/></svg>\n",
            "a \"path\"",
        );
        assert_eq!(
            s,
            "<svg role=\"img\" aria-label=\"a &quot;path&quot;\" width=\"3\"><rect/></svg>\n"
        );
        assert!(!s.contains("http"));
    }

    #[test]
    fn the_page_is_self_contained() {
        let page = document("T <x>", "", "<p>hi</p>");
        assert!(page.contains("<title>T &lt;x&gt;</title>"));
        for bad in ["http:", "https:", "url(", "@import", "<script", "<link"] {
            assert!(!page.contains(bad), "{bad}");
        }
    }
}
