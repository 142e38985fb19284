//! gettext PO files: a forgiving reader that reports each bad line, and a writer msgmerge would keep.
//!
//! Only what story translations use: `msgctxt` (the string id), `msgid` (the source text it
//! translates), `msgstr`, the `fuzzy` flag with the previous `#| msgid`, and comments. Plural
//! forms and obsolete `#~` entries are read past.

use std::fmt::Write as _;

/// One translation entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoEntry {
    /// The string id (`home_soldier.gate.text`); `None` only for the header.
    pub context: Option<String>,
    /// The source text the translation was made from: its fingerprint, whole.
    pub source: String,
    pub translation: String,
    /// Marked as needing an update: the source changed since it was translated.
    pub fuzzy: bool,
    /// The source text before it changed (`#| msgid`), kept for the translator.
    pub previous: Option<String>,
    /// Translators' own comments (`# ...`), kept as written.
    pub comments: Vec<String>,
    /// Comments for the translator from the story (`#. ...`).
    pub notes: Vec<String>,
    /// Where the string is written in the story (`#: file:line`).
    pub reference: Option<String>,
    /// 1-based line of the entry's `msgid` (or `msgctxt`) in the file it was read from.
    pub line: usize,
    /// Byte offset of that line, for diagnostics.
    pub offset: usize,
}

impl PoEntry {
    /// Whether the translation is usable: present and not marked as needing an update.
    pub fn is_current(&self) -> bool {
        !self.fuzzy && !self.translation.is_empty()
    }
}

/// A line of a PO file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoError {
    pub line: usize,
    /// Byte span of the line.
    pub span: std::ops::Range<usize>,
    pub message: String,
}

/// A parsed PO file: its header's text, entries in file order, and the lines that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoFile {
    pub header: String,
    pub entries: Vec<PoEntry>,
    pub errors: Vec<PoError>,
}

/// The field a string line continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Context,
    Source,
    Translation,
    Previous,
    /// `msgid_plural`, `msgstr[n]` and similar: read and ignored.
    Ignored,
}

#[derive(Default)]
struct Pending {
    entry: PoEntry,
    has_source: bool,
    has_translation: bool,
    started: bool,
}

/// Reads a PO file. Never fails: bad lines are listed in [`PoFile::errors`] and their entry
/// skipped, so one typo costs one string, not the language.
pub fn parse(text: &str) -> PoFile {
    let mut file = PoFile::default();
    let mut cur = Pending::default();
    let mut field = Field::None;
    let mut bad_entry = false;
    let full = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut offset = full - text.len();
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let span = offset..offset + raw.len();
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']).trim();
        let fail = |file: &mut PoFile, message: String| {
            file.errors.push(PoError {
                line: line_no,
                span: span.clone(),
                message,
            });
        };
        if line.is_empty() {
            continue;
        }
        if line.starts_with("#~") {
            continue;
        }
        // A comment or keyword after an entry's msgid starts the next entry.
        let starts_entry = line.starts_with('#')
            || line.starts_with("msgctxt")
            || line.starts_with("msgid ")
            || line.starts_with("msgid\"");
        if starts_entry && cur.has_source {
            if !cur.has_translation && !bad_entry {
                file.errors.push(PoError {
                    line: cur.entry.line,
                    span: cur.entry.offset..cur.entry.offset,
                    message: "this entry has no msgstr; add `msgstr \"\"` after its msgid".into(),
                });
                bad_entry = true;
            }
            finish(&mut file, std::mem::take(&mut cur), bad_entry);
            bad_entry = false;
            field = Field::None;
        }
        if let Some(rest) = line.strip_prefix("#|") {
            let rest = rest.trim();
            if let Some(s) = rest.strip_prefix("msgid ") {
                match unquote(s) {
                    Ok(s) => {
                        cur.entry.previous = Some(s);
                        field = Field::Previous;
                    }
                    Err(e) => fail(&mut file, e),
                }
            } else if rest.starts_with('"') && field == Field::Previous {
                match unquote(rest) {
                    Ok(s) => cur.entry.previous.get_or_insert_default().push_str(&s),
                    Err(e) => fail(&mut file, e),
                }
            }
            cur.started = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("#,") {
            cur.entry.fuzzy |= rest.split(',').any(|f| f.trim() == "fuzzy");
            cur.started = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("#.") {
            cur.entry.notes.push(rest.trim().to_owned());
            cur.started = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("#:") {
            cur.entry.reference = Some(rest.trim().to_owned());
            cur.started = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            cur.entry
                .comments
                .push(rest.strip_prefix(' ').unwrap_or(rest).to_owned());
            cur.started = true;
            continue;
        }
        let (keyword, rest) = match line.find(|c: char| c.is_whitespace() || c == '"') {
            Some(at) => (&line[..at], line[at..].trim_start()),
            None => (line, ""),
        };
        let target = match keyword {
            "" => {
                // A continuation line: `"more text"`.
                match unquote(rest) {
                    Ok(s) => match field {
                        Field::Context => cur.entry.context.get_or_insert_default().push_str(&s),
                        Field::Source => cur.entry.source.push_str(&s),
                        Field::Translation => cur.entry.translation.push_str(&s),
                        Field::Previous | Field::Ignored => {}
                        Field::None => {
                            fail(
                                &mut file,
                                "a quoted string here continues nothing; it must follow msgctxt, msgid or msgstr".into(),
                            );
                            bad_entry = true;
                        }
                    },
                    Err(e) => {
                        fail(&mut file, e);
                        bad_entry = true;
                    }
                }
                continue;
            }
            "msgctxt" => Field::Context,
            "msgid" => Field::Source,
            "msgstr" => Field::Translation,
            "msgid_plural" => Field::Ignored,
            k if k.starts_with("msgstr[") => {
                fail(
                    &mut file,
                    "plural forms (msgstr[n]) are not used by story translations; write one msgstr"
                        .into(),
                );
                bad_entry = true;
                Field::Ignored
            }
            other => {
                fail(
                    &mut file,
                    format!(
                        "`{}` is not a PO keyword; expected msgctxt, msgid, msgstr or a # comment",
                        truncate(other)
                    ),
                );
                bad_entry = true;
                field = Field::None;
                continue;
            }
        };
        let value = match unquote(rest) {
            Ok(v) => v,
            Err(e) => {
                fail(&mut file, e);
                bad_entry = true;
                field = target;
                continue;
            }
        };
        if !cur.started || cur.entry.line == 0 {
            cur.entry.line = line_no;
            cur.entry.offset = line_start;
        }
        cur.started = true;
        field = target;
        match target {
            Field::Context => {
                if cur.entry.context.is_some() || cur.has_source {
                    fail(&mut file, "a second msgctxt in one entry".into());
                    bad_entry = true;
                }
                cur.entry.context = Some(value);
            }
            Field::Source => {
                if cur.has_source {
                    fail(
                        &mut file,
                        "a second msgid without a msgstr before it".into(),
                    );
                    bad_entry = true;
                }
                cur.entry.source = value;
                cur.has_source = true;
            }
            Field::Translation => {
                if !cur.has_source {
                    fail(&mut file, "msgstr without a msgid before it".into());
                    bad_entry = true;
                }
                cur.entry.translation = value;
                cur.has_translation = true;
            }
            Field::Previous | Field::Ignored | Field::None => {}
        }
    }
    if cur.has_source || cur.started {
        if cur.has_source && !cur.has_translation {
            file.errors.push(PoError {
                line: cur.entry.line,
                span: cur.entry.offset..cur.entry.offset,
                message: "the file ends before this entry's msgstr".into(),
            });
            bad_entry = true;
        }
        finish(&mut file, cur, bad_entry);
    }
    file
}

fn finish(file: &mut PoFile, cur: Pending, bad: bool) {
    if bad || !cur.has_source {
        return;
    }
    let e = cur.entry;
    if e.context.is_none() && e.source.is_empty() {
        file.header = e.translation;
    } else {
        file.entries.push(e);
    }
}

/// The first 40 characters of `s` for a message, control characters escaped (`\u{1b}`) so a
/// hostile file cannot write terminal escapes into the writer's terminal.
fn truncate(s: &str) -> String {
    s.chars()
        .take(40)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A quoted PO string with C escapes, as written after a keyword.
fn unquote(s: &str) -> Result<String, String> {
    let s = s.trim();
    let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        return Err("expected a string in double quotes, such as \"text\"".into());
    };
    if inner.is_empty() && s.len() < 2 {
        return Err("expected a string in double quotes, such as \"text\"".into());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    let other = truncate(&other.to_string());
                    return Err(format!(
                        "unknown escape `\\{other}`; PO strings use \\n, \\t, \\\" and \\\\"
                    ));
                }
                None => return Err("the string ends with a lone backslash".into()),
            },
            '"' => {
                return Err(
                    "a double quote inside the string must be written \\\"; or the line has text after its closing quote"
                        .into(),
                );
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Quotes a string for a PO file: one line, or (when it holds line breaks) `""` followed by
/// one line per source line, as gettext's tools write them.
fn quote(keyword: &str, s: &str, out: &mut String) {
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\t', "\\t")
            .replace('\r', "\\r")
            .replace('\n', "\\n")
    };
    let parts: Vec<&str> = s.split_inclusive('\n').collect();
    if parts.len() <= 1 {
        let _ = writeln!(out, "{keyword} \"{}\"", esc(s));
    } else {
        let _ = writeln!(out, "{keyword} \"\"");
        for p in parts {
            let _ = writeln!(out, "\"{}\"", esc(p));
        }
    }
}

/// Writes a PO file: the header, then each entry with its comments, reference and flags.
pub fn write(header: &str, entries: &[PoEntry]) -> String {
    let mut out = String::new();
    quote("msgid", "", &mut out);
    quote("msgstr", header, &mut out);
    for e in entries {
        out.push('\n');
        for c in &e.comments {
            let _ = writeln!(out, "# {c}");
        }
        for n in &e.notes {
            let _ = writeln!(out, "#. {n}");
        }
        if let Some(r) = &e.reference {
            let _ = writeln!(out, "#: {r}");
        }
        if e.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(p) = &e.previous {
            let mut prev = String::new();
            quote("msgid", p, &mut prev);
            for l in prev.lines() {
                let _ = writeln!(out, "#| {l}");
            }
        }
        if let Some(c) = &e.context {
            quote("msgctxt", c, &mut out);
        }
        quote("msgid", &e.source, &mut out);
        quote("msgstr", &e.translation, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_back_every_field() {
        let entries = vec![
            PoEntry {
                context: Some("s.n.text".into()),
                source: "Line one.\n\nLine \"two\" \\ {name}.".into(),
                translation: "첫 줄.\n\n둘째 줄 {name}.".into(),
                fuzzy: true,
                previous: Some("Old\nsource".into()),
                comments: vec!["checked by Mina".into()],
                notes: vec!["Speaker: Song-il".into()],
                reference: Some("s.ron:12".into()),
                ..PoEntry::default()
            },
            PoEntry {
                context: Some("s.n.choice.1.text".into()),
                source: "Go.".into(),
                ..PoEntry::default()
            },
        ];
        let text = write("Language: ko\n", &entries);
        let back = parse(&text);
        assert_eq!(back.errors, vec![]);
        assert_eq!(back.header, "Language: ko\n");
        assert_eq!(back.entries.len(), 2);
        for (a, b) in entries.iter().zip(&back.entries) {
            assert_eq!(
                (&a.context, &a.source, &a.translation, a.fuzzy, &a.previous),
                (&b.context, &b.source, &b.translation, b.fuzzy, &b.previous)
            );
            assert_eq!(
                (&a.comments, &a.notes, &a.reference),
                (&b.comments, &b.notes, &b.reference)
            );
        }
        assert!(
            !back.entries[1].is_current(),
            "an empty msgstr is untranslated"
        );
    }

    #[test]
    fn messages_escape_control_characters_of_a_bad_line() {
        let f = parse("\u{1b}[31mevil \u{7}line\nmsgstr \"a\\\u{1b}\"\n");
        assert_eq!(f.errors.len(), 2, "{:?}", f.errors);
        for e in &f.errors {
            assert!(!e.message.chars().any(char::is_control), "{:?}", e.message);
        }
        assert!(
            f.errors[0].message.contains("\\u{1b}[31mevil"),
            "{:?}",
            f.errors
        );
    }

    #[test]
    fn a_bad_line_costs_its_entry_only_and_names_its_line() {
        let text = "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"A\"\nmsgstr \"가\n\nmsgctxt \"b\"\nmsgid \"B\"\nmsgstr \"나\"\nbogus line\n\nmsgctxt \"c\"\nmsgid \"C\"\nmsgstr \"다\\q\"\n\nmsgctxt \"d\"\nmsgid \"D\"\nmsgstr \"라\"\n";
        let f = parse(text);
        let lines: Vec<usize> = f.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![6, 11, 15], "{:?}", f.errors);
        let ids: Vec<&str> = f
            .entries
            .iter()
            .filter_map(|e| e.context.as_deref())
            .collect();
        assert_eq!(ids, vec!["d"], "only the well-formed entry is kept");
    }

    #[test]
    fn any_bytes_parse_without_panicking() {
        for s in [
            "\"",
            "msgid",
            "msgid \"",
            "#| msgid \"x",
            "msgstr[0] \"\"",
            "\\",
            "msgctxt \"a\"\"b\"",
            "\u{feff}msgid \"\"\nmsgstr \"\"",
        ] {
            let _ = parse(s);
        }
    }
}
