//! Finds where values sit in a RON file: ron gives no spans on parsed values, so we scan its strings.
//!
//! Every offset this module hands out lies on a UTF-8 character boundary of the scanned text, so
//! callers may slice with it whatever the file holds (accented names, a byte-order mark, …).

use std::ops::Range;

/// One string literal of a RON file: byte ranges into the scanned text, nothing owned (the
/// locators of a large story would otherwise hold a second copy of all its text).
#[derive(Debug, Clone)]
struct Literal {
    /// The literal's content as written (between the quotes); decoded on demand when `escaped`.
    content: Range<u32>,
    /// The field name written before it (`goto` in `goto: "x"`), if any.
    field: Option<Range<u32>>,
    /// The struct it is written in (`Node` in `Node(id: "x")`); empty inside a list or map.
    owner: Range<u32>,
    span: Range<u32>,
    /// Whether the content has `\` escapes, so its decoded value differs from the text.
    escaped: bool,
}

/// The string literals of one RON file, in order, and its lists written as fields.
#[derive(Debug, Clone, Default)]
pub struct Locator<'a> {
    literals: Vec<Literal>,
    /// `field: [...]` lists: the field name and the span from `[` to its `]`.
    lists: Vec<(Range<u32>, Range<usize>)>,
    /// The scanned text: literals are ranges into it.
    src: &'a str,
}

fn r32(r: Range<usize>) -> Range<u32> {
    r.start as u32..r.end as u32
}

fn rusize(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

/// Decodes the common escapes of a `"…"` literal's content, as the scan always has. An escaped
/// non-ASCII character (invalid in RON, which reports it) is dropped whole.
fn decode(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut value = String::with_capacity(raw.len());
    let mut i = 0;
    let mut seg = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        value.push_str(&raw[seg..i]);
        i += 1;
        match b.get(i) {
            Some(b'n') => value.push('\n'),
            Some(b't') => value.push('\t'),
            Some(b'r') => value.push('\r'),
            Some(b'0') => value.push('\0'),
            Some(&c) if c.is_ascii() => value.push(c as char),
            _ => {}
        }
        i += raw[i..].chars().next().map_or(1, char::len_utf8);
        seg = i.min(b.len());
    }
    value.push_str(&raw[seg.min(b.len())..]);
    value
}

/// The scan behind [`Locator::new`]: a cursor over the bytes and what has been found so far.
struct Scan<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    literals: Vec<Literal>,
    /// The struct names of the open brackets (empty for lists, maps and tuples).
    owners: Vec<Range<u32>>,
    lists: Vec<(Range<u32>, Range<usize>)>,
    /// Parallel to `owners`: the index in `lists` of each open `field: [`.
    open_lists: Vec<Option<usize>>,
}

impl<'a> Scan<'a> {
    fn new(src: &'a str) -> Self {
        Scan {
            src,
            b: src.as_bytes(),
            i: 0,
            literals: Vec::new(),
            owners: Vec::new(),
            lists: Vec::new(),
            open_lists: Vec::new(),
        }
    }

    fn owner(&self) -> Range<u32> {
        self.owners.last().cloned().unwrap_or(0..0)
    }

    /// Scans the whole text. Only ASCII bytes are matched, so the cursor only ever stops on a
    /// character boundary when a slice is taken.
    fn run(mut self) -> Locator<'a> {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'(' => self.open_struct(),
                b'[' | b'{' => self.open_list(),
                b')' | b']' | b'}' => self.close(),
                b'/' if self.b.get(self.i + 1) == Some(&b'/') => self.line_comment(),
                b'/' if self.b.get(self.i + 1) == Some(&b'*') => self.block_comment(),
                b'r' if self.starts_raw_string() => self.raw_string(),
                b'"' => self.string(),
                b'\'' => self.char_literal(),
                _ => self.i += 1,
            }
        }
        Locator {
            literals: self.literals,
            lists: self.lists,
            src: self.src,
        }
    }

    fn open_struct(&mut self) {
        self.owners.push(ident_before(self.src, self.i));
        self.open_lists.push(None);
        self.i += 1;
    }

    fn open_list(&mut self) {
        let i = self.i;
        self.owners.push(0..0);
        let field = (self.b[i] == b'[')
            .then(|| field_before(self.src, i))
            .flatten();
        let lists = &mut self.lists;
        self.open_lists.push(field.map(|f| {
            lists.push((f, i..i + 1));
            lists.len() - 1
        }));
        self.i += 1;
    }

    fn close(&mut self) {
        self.owners.pop();
        if let Some(Some(at)) = self.open_lists.pop()
            && let Some((_, span)) = self.lists.get_mut(at)
        {
            span.end = self.i + 1;
        }
        self.i += 1;
    }

    fn line_comment(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn block_comment(&mut self) {
        self.i += 2;
        while self.i + 1 < self.b.len() && !(self.b[self.i] == b'*' && self.b[self.i + 1] == b'/') {
            self.i += 1;
        }
        self.i = (self.i + 2).min(self.b.len());
    }

    /// Whether the `r` at the cursor opens a raw string (`r"…"`, `r#"…"#`), not ends a name.
    fn starts_raw_string(&self) -> bool {
        let i = self.i;
        matches!(self.b.get(i + 1), Some(b'"' | b'#'))
            && (i == 0 || !(self.b[i - 1].is_ascii_alphanumeric() || self.b[i - 1] == b'_'))
    }

    fn raw_string(&mut self) {
        let start = self.i;
        self.i += 1;
        let mut hashes = 0;
        while self.b.get(self.i) == Some(&b'#') {
            hashes += 1;
            self.i += 1;
        }
        if self.b.get(self.i) != Some(&b'"') {
            return;
        }
        self.i += 1;
        let content_start = self.i;
        let closing = format!("\"{}", "#".repeat(hashes));
        let end = self.src[content_start..]
            .find(&closing)
            .map_or(self.b.len(), |p| content_start + p);
        self.literals.push(Literal {
            field: field_before(self.src, start),
            owner: self.owner(),
            content: r32(content_start..end),
            span: r32(start..(end + closing.len()).min(self.b.len())),
            escaped: false,
        });
        self.i = (end + closing.len()).min(self.b.len());
    }

    /// A `"…"` literal, decoding the common escapes. An escaped non-ASCII character (invalid in
    /// RON, which reports it) is skipped whole, so the cursor stays on a character boundary.
    fn string(&mut self) {
        let (src, b) = (self.src, self.b);
        let start = self.i;
        let mut i = start + 1;
        let mut escaped = false;
        while i < b.len() && b[i] != b'"' {
            if b[i] != b'\\' {
                i += 1;
                continue;
            }
            escaped = true;
            i += 1;
            i += src[i..].chars().next().map_or(1, char::len_utf8);
        }
        let end = i.min(b.len());
        self.i = (i + 1).min(b.len());
        self.literals.push(Literal {
            field: field_before(src, start),
            owner: self.owner(),
            content: r32(start + 1..end),
            span: r32(start..self.i),
            escaped,
        });
    }

    /// A char literal: skipped so a quote inside does not start a string.
    fn char_literal(&mut self) {
        let b = self.b;
        let mut i = self.i + 1;
        if b.get(i) == Some(&b'\\') {
            i += 1;
        }
        i += 1;
        while i < b.len() && b[i] != b'\'' {
            i += 1;
        }
        self.i = (i + 1).min(b.len());
    }
}

impl<'a> Locator<'a> {
    pub fn new(src: &'a str) -> Self {
        Scan::new(src).run()
    }

    /// Whether `l`'s decoded value is `value`.
    fn value_is(&self, l: &Literal, value: &str) -> bool {
        let raw = &self.src[rusize(&l.content)];
        if l.escaped {
            decode(raw) == value
        } else {
            raw == value
        }
    }

    fn field_is(&self, l: &Literal, field: &str) -> bool {
        l.field
            .as_ref()
            .is_some_and(|f| &self.src[rusize(f)] == field)
    }

    fn first_from(&self, from: usize) -> usize {
        self.literals
            .partition_point(|l| (l.span.start as usize) < from)
    }

    /// The span of the first list written as `field: [...]`, brackets included.
    pub fn find_list(&self, field: &str) -> Option<Range<usize>> {
        self.lists
            .iter()
            .find(|(f, _)| &self.src[rusize(f)] == field)
            .map(|(_, span)| span.clone())
    }

    /// The span of the first string literal equal to `value` at or after byte `from`.
    pub fn find(&self, value: &str, from: usize) -> Option<Range<usize>> {
        self.find_literal(value, from).map(|l| rusize(&l.span))
    }

    /// The span of the first literal written as `field: "value"` at or after byte `from`.
    pub fn find_field(&self, field: &str, value: &str, from: usize) -> Option<Range<usize>> {
        self.literals[self.first_from(from)..]
            .iter()
            .find(|l| self.value_is(l, value) && self.field_is(l, field))
            .map(|l| rusize(&l.span))
    }

    /// Like [`Locator::find_field`], for a literal written directly in a `owner(..)` struct: the
    /// id of a `Node` is not taken for the same id of an `Ending` just before it.
    pub fn find_field_in(
        &self,
        owner: &str,
        field: &str,
        value: &str,
        from: usize,
    ) -> Option<Range<usize>> {
        self.literals[self.first_from(from)..]
            .iter()
            .find(|l| {
                self.value_is(l, value)
                    && self.field_is(l, field)
                    && &self.src[rusize(&l.owner)] == owner
            })
            .map(|l| rusize(&l.span))
    }

    /// The span inside the literal equal to `value` (at or after `from`) of the
    /// sub-range `inner` of its decoded value: exact unless the literal has escapes.
    pub fn find_inner(
        &self,
        value: &str,
        from: usize,
        inner: Range<usize>,
    ) -> Option<Range<usize>> {
        let l = self.find_literal(value, from)?;
        let content_start = l.content.start as usize;
        let max = (l.span.end as usize).saturating_sub(1).max(content_start);
        let start = floor_boundary(self.src, (content_start + inner.start).min(max));
        let end = (content_start + inner.end).clamp(start, max.max(start));
        // Escapes make decoded offsets drift from the source's: round up to the next character.
        Some(start..ceil_boundary(self.src, end).max(start))
    }

    fn find_literal(&self, value: &str, from: usize) -> Option<&Literal> {
        self.literals[self.first_from(from)..]
            .iter()
            .find(|l| self.value_is(l, value))
    }
}

/// The byte range of the identifier right before byte `at` (the struct name before its `(`),
/// empty if none.
fn ident_before(src: &str, at: usize) -> Range<u32> {
    let head = src[..floor_boundary(src, at)].trim_end();
    let ident = trailing_ident(head);
    r32(head.len() - ident.len()..head.len())
}

/// The byte range of the identifier before `:` that precedes byte `at`, skipping whitespace.
fn field_before(src: &str, at: usize) -> Option<Range<u32>> {
    let head = src[..floor_boundary(src, at)].trim_end();
    let head = head.strip_suffix(':')?.trim_end();
    let ident = trailing_ident(head);
    (!ident.is_empty()).then(|| r32(head.len() - ident.len()..head.len()))
}

/// The ASCII identifier characters at the end of `head` (the part after its last other
/// character, which may be a multi-byte one such as `é` or a byte-order mark).
fn trailing_ident(head: &str) -> &str {
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// Line numbers (1-based) of byte offsets in one text, from its newlines found once: a scene
/// of 500 nodes asks for 500 lines, and counting from the top each time was quadratic.
pub struct Lines<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Lines { text, newlines }
    }

    /// The line `offset` is on.
    pub fn at(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.newlines.partition_point(|&p| p < end) + 1
    }

    /// The line of the first `needle` at or after `from` (or `from`'s line when absent).
    pub fn of(&self, from: usize, needle: &str) -> usize {
        let from = from.min(self.text.len());
        let at = self
            .text
            .get(from..)
            .and_then(|t| t.find(needle))
            .map_or(from, |i| from + i);
        self.at(at)
    }
}

/// `at`, clamped to the text and moved back to the start of the character it falls in.
pub fn floor_boundary(src: &str, at: usize) -> usize {
    src.floor_char_boundary(at.min(src.len()))
}

/// `at`, clamped to the text and moved on to the end of the character it falls in.
pub fn ceil_boundary(src: &str, at: usize) -> usize {
    src.ceil_char_boundary(at.min(src.len()))
}

/// Byte offset of a 1-based (line, column) position as ron reports it (column counts chars).
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (n, l) in src.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let in_line: usize = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(i, _)| i);
            return offset + in_line;
        }
        offset += l.len();
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_strings_after_a_point() {
        let src = r#"// "not me"
Node(id: "a", goto: "b", text: "say \"hi\""), Node(id: "b", goto: r"a")"#;
        let loc = Locator::new(src);
        let a = loc.find("a", 0).expect("found");
        assert_eq!(&src[a.clone()], "\"a\"");
        let second_a = loc.find("a", a.end).expect("found");
        assert_eq!(&src[second_a], "r\"a\"");
        assert!(loc.find("not me", 0).is_none());
        let id_b = loc.find_field("id", "b", 0).expect("found");
        assert!(id_b.start > loc.find("b", 0).expect("found").start);
        assert!(loc.find("say \"hi\"", 0).is_some());
        let inner = loc.find_inner("b", 0, 0..1).expect("found");
        assert_eq!(&src[inner], "b");
    }

    #[test]
    fn finds_lists_written_as_fields() {
        let src = "// roles: [\"x\"]\nStory(tags: [\"a\", [1]], roles: [ ])";
        let loc = Locator::new(src);
        let roles = loc.find_list("roles").expect("found");
        assert_eq!(&src[roles], "[ ]");
        assert_eq!(&src[loc.find_list("tags").expect("found")], "[\"a\", [1]]");
        assert!(loc.find_list("nodes").is_none());
    }

    #[test]
    fn a_node_id_is_not_taken_from_an_ending_before_it() {
        let src = r#"[Node(id: "a", ending: Ending(id: "rain")), Node(id: "rain", text: "x")]"#;
        let loc = Locator::new(src);
        let node = src.rfind("\"rain\"").expect("node id");
        assert_eq!(
            loc.find_field_in("Node", "id", "rain", 0).map(|r| r.start),
            Some(node)
        );
        // Without the owner, the ending's id comes first.
        assert!(
            loc.find_field("id", "rain", 0)
                .is_some_and(|r| r.start < node)
        );
    }

    #[test]
    fn non_ascii_outside_strings_keeps_spans_on_characters() {
        let src = "\u{feff}Störy(nämé: \"\\é\\\"é\", Nöde(téxt: [\"b\"]), r\"ü\")";
        let loc = Locator::new(src);
        assert!(loc.find_list("xt").is_some(), "the ASCII tail of a name");
        let b = loc.find("b", 0).expect("found");
        assert_eq!(&src[b], "\"b\"");
        let lit = loc.find_field("mé", "\"é", 0);
        assert!(lit.is_none_or(|r| src.is_char_boundary(r.start)));
        for inner in [0..1, 1..2, 2..3, 0..9] {
            for value in ["\"é", "é\"é", "ü"] {
                if let Some(r) = loc.find_inner(value, 0, inner.clone()) {
                    assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
                }
            }
        }
    }

    #[test]
    fn lines_agree_with_counting_from_the_top() {
        let text = "a\nbé\n\nc 한\nd\n";
        let lines = Lines::new(text);
        for offset in 0..text.len() + 3 {
            let counted = text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            assert_eq!(lines.at(offset), counted, "offset {offset}");
        }
        assert_eq!(lines.of(0, "c"), 4);
        assert_eq!(
            lines.of(5, "a"),
            lines.at(5),
            "absent after `from`: `from`'s line"
        );
        assert_eq!(Lines::new("").at(7), 1);
    }

    #[test]
    fn line_col_to_offset() {
        let src = "ab\ncdé\nf";
        assert_eq!(offset_of(src, 1, 1), 0);
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(offset_of(src, 3, 1), 8);
        assert_eq!(offset_of(src, 9, 9), src.len());
    }
}
