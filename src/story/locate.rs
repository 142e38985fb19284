//! Finds where values sit in a RON file: ron gives no spans on parsed values, so we scan its strings.

use std::ops::Range;

/// One string literal of a RON file: its decoded value and the byte span of the literal.
#[derive(Debug, Clone)]
struct Literal {
    value: String,
    /// The field name written before it (`goto` in `goto: "x"`), if any.
    field: Option<String>,
    /// The struct it is written in (`Node` in `Node(id: "x")`); empty inside a list or map.
    owner: String,
    span: Range<usize>,
    /// Byte offset of the first content byte (after the opening quote).
    content_start: usize,
}

/// The string literals of one RON file, in order, and its lists written as fields.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    literals: Vec<Literal>,
    /// `field: [...]` lists: the field name and the span from `[` to its `]`.
    lists: Vec<(String, Range<usize>)>,
}

impl Locator {
    pub fn new(src: &str) -> Self {
        let b = src.as_bytes();
        let mut literals = Vec::new();
        // The struct names of the open brackets (`""` for lists, maps and tuples).
        let mut owners: Vec<String> = Vec::new();
        let owner = |owners: &Vec<String>| owners.last().cloned().unwrap_or_default();
        let mut lists = Vec::new();
        // Parallel to `owners`: the index in `lists` of each open `field: [`.
        let mut open_lists: Vec<Option<usize>> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'(' => {
                    owners.push(ident_before(src, i));
                    open_lists.push(None);
                    i += 1;
                }
                b'[' | b'{' => {
                    owners.push(String::new());
                    let field = (b[i] == b'[').then(|| field_before(src, i)).flatten();
                    open_lists.push(field.map(|f| {
                        lists.push((f, i..i + 1));
                        lists.len() - 1
                    }));
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    owners.pop();
                    if let Some(Some(at)) = open_lists.pop()
                        && let Some((_, span)) = lists.get_mut(at)
                    {
                        span.end = i + 1;
                    }
                    i += 1;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 2;
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
                {
                    let start = i;
                    i += 1;
                    let mut hashes = 0;
                    while b.get(i) == Some(&b'#') {
                        hashes += 1;
                        i += 1;
                    }
                    if b.get(i) != Some(&b'"') {
                        continue;
                    }
                    i += 1;
                    let content_start = i;
                    let closing: String = format!("\"{}", "#".repeat(hashes));
                    let end = src[i..].find(&closing).map_or(b.len(), |p| i + p);
                    literals.push(Literal {
                        field: field_before(src, start),
                        owner: owner(&owners),
                        value: src[content_start..end].to_owned(),
                        span: start..(end + closing.len()).min(b.len()),
                        content_start,
                    });
                    i = end + closing.len();
                }
                b'"' => {
                    let start = i;
                    i += 1;
                    let mut value = String::new();
                    let mut seg = i;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' {
                            value.push_str(&src[seg..i]);
                            i += 1;
                            match b.get(i) {
                                Some(b'n') => value.push('\n'),
                                Some(b't') => value.push('\t'),
                                Some(b'r') => value.push('\r'),
                                Some(b'0') => value.push('\0'),
                                Some(&c) if c.is_ascii() => value.push(c as char),
                                _ => {}
                            }
                            i += 1;
                            seg = i;
                        } else {
                            i += 1;
                        }
                    }
                    let end = i.min(b.len());
                    if src.is_char_boundary(seg) && src.is_char_boundary(end) && seg <= end {
                        value.push_str(&src[seg..end]);
                    }
                    i += 1;
                    literals.push(Literal {
                        field: field_before(src, start),
                        owner: owner(&owners),
                        value,
                        span: start..i.min(b.len()),
                        content_start: start + 1,
                    });
                }
                b'\'' => {
                    // A char literal: skip it so a quote inside does not start a string.
                    i += 1;
                    if b.get(i) == Some(&b'\\') {
                        i += 1;
                    }
                    i += 1;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        Locator { literals, lists }
    }

    /// The span of the first list written as `field: [...]`, brackets included.
    pub fn find_list(&self, field: &str) -> Option<Range<usize>> {
        self.lists
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, span)| span.clone())
    }

    /// The span of the first string literal equal to `value` at or after byte `from`.
    pub fn find(&self, value: &str, from: usize) -> Option<Range<usize>> {
        self.find_literal(value, from).map(|l| l.span.clone())
    }

    /// The span of the first literal written as `field: "value"` at or after byte `from`.
    pub fn find_field(&self, field: &str, value: &str, from: usize) -> Option<Range<usize>> {
        let first = self.literals.partition_point(|l| l.span.start < from);
        self.literals[first..]
            .iter()
            .find(|l| l.value == value && l.field.as_deref() == Some(field))
            .map(|l| l.span.clone())
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
        let first = self.literals.partition_point(|l| l.span.start < from);
        self.literals[first..]
            .iter()
            .find(|l| l.value == value && l.field.as_deref() == Some(field) && l.owner == owner)
            .map(|l| l.span.clone())
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
        let max = l.span.end.saturating_sub(1).max(l.content_start);
        let start = (l.content_start + inner.start).min(max);
        let end = (l.content_start + inner.end).clamp(start, max.max(start));
        Some(start..end.max(start))
    }

    fn find_literal(&self, value: &str, from: usize) -> Option<&Literal> {
        let first = self.literals.partition_point(|l| l.span.start < from);
        self.literals[first..].iter().find(|l| l.value == value)
    }
}

/// The identifier right before byte `at` (the struct name before its `(`), or "".
fn ident_before(src: &str, at: usize) -> String {
    let head = src[..at].trim_end();
    let start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    head[start..].to_owned()
}

/// The identifier before `:` that precedes byte `at`, skipping whitespace.
fn field_before(src: &str, at: usize) -> Option<String> {
    let head = src[..at].trim_end();
    let head = head.strip_suffix(':')?.trim_end();
    let start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    (start < head.len()).then(|| head[start..].to_owned())
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
    fn line_col_to_offset() {
        let src = "ab\ncdé\nf";
        assert_eq!(offset_of(src, 1, 1), 0);
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(offset_of(src, 3, 1), 8);
        assert_eq!(offset_of(src, 9, 9), src.len());
    }
}
