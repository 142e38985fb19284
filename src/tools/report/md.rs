//! Markdown helpers shared by the reports: escaping story text so it reads as written, and
//! code spans for ids.

/// Escapes text for Markdown so that story text and nicknames cannot become markup: the
/// characters CommonMark gives a meaning inline are backslash-escaped, raw HTML included
/// (`<script>` shows as text), and so is what would start a block at a line's start: `#`,
/// `>`, `=`, a list marker (`-`, `+` or `1.` before a space) or a rule (`---`).
/// Line breaks are kept.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        // Leading spaces would make an indented code block: they carry no meaning in a story.
        let trimmed = line.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let after = |k: usize| trimmed[k..].chars().next();
        let spaced = |k: usize| matches!(after(k), None | Some(' ' | '\t'));
        let numbered = digits > 0 && matches!(after(digits), Some('.' | ')')) && spaced(digits + 1);
        let starts = match trimmed.chars().next() {
            Some('#' | '>' | '=') => true,
            Some('+') => spaced(1),
            Some('-') => spaced(1) || after(1) == Some('-'),
            _ => false,
        };
        for (i, c) in trimmed.char_indices() {
            let block = (i == 0 && starts) || (numbered && i == digits);
            let inline = matches!(
                c,
                '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '&' | '~'
            );
            if block || inline {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A code span holding `text` (for ids), with enough backticks around it to hold any inside.
pub fn code(text: &str) -> String {
    let text = text.replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Text for one cell of a Markdown table: escaped, on one line.
pub fn cell(text: &str) -> String {
    escape(&text.replace(['\n', '\r'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_html() {
        assert_eq!(escape("<script>x</script>"), r"\<script\>x\</script\>");
        assert_eq!(
            escape("a *b* _c_ [d](e) |f| & g"),
            r"a \*b\* \_c\_ \[d\](e) \|f\| \& g"
        );
        assert_eq!(
            escape("# head\n> quote\n- item\n3. three"),
            "\\# head\n\\> quote\n\\- item\n3\\. three"
        );
        assert_eq!(escape("plain, 한글. 10 - 3"), "plain, 한글. 10 - 3");
        assert_eq!(escape("1.0.0 -5 +1 2)x"), "1.0.0 -5 +1 2)x");
        assert_eq!(escape("---\n+ x\n-"), "\\---\n\\+ x\n\\-");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("camp.start"), "`camp.start`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
