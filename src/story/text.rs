//! Text templates: `{variable}` interpolation and `{if cond}..{elif cond}..{else}..{end}` fragments.

use std::ops::Range;
use std::sync::Arc;

use super::expr::{
    BinOp, Expr, ExprError, ExprKind, MAX_NESTING, Scope, Type, Value, VarIdx, parse_expr,
    parse_expr_any,
};

/// A piece of a template as [`Template::parts`] hands it out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a> {
    Lit(&'a str),
    /// `{variable}`.
    Var(VarIdx),
    /// Any other `{value}`.
    Value(&'a Expr),
    /// A branch of an `{if}` fragment begins: its condition.
    If(&'a Expr),
    /// The branch's body ended.
    EndIf,
    /// The `{else}` part begins (it may be empty).
    Else,
    /// The fragment ended.
    End,
}

/// A parsed text with its interpolations and conditional fragments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    segments: Vec<Segment>,
    /// The literal length plus a little: the capacity `render` starts with.
    len_hint: usize,
}

/// A piece of a template: 24 bytes, so a text's pieces sit close together (a step reads
/// them in order); the rare large ones are behind a pointer.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Lit(Arc<str>),
    /// `{variable}`, the most common value shown: read in place.
    Var(Shown),
    /// Any other `{value}`.
    Value(Box<Expr>),
    Cond(Box<Cond>),
}

/// A variable shown as it is: what its [`Expr`] would hold, packed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shown {
    var: VarIdx,
    ty: Type,
    /// The expression's span in the template (offsets fit in u32: story files are at most
    /// 64 MiB).
    span: (u32, u32),
}

impl Shown {
    /// The expression it was parsed from, for the walkers that hand out expressions.
    fn expr(&self) -> Expr {
        Expr {
            kind: ExprKind::Var(self.var),
            ty: self.ty,
            span: self.span.0 as usize..self.span.1 as usize,
        }
    }
}

/// `{if}..{elif}..{else}..{end}`: the first branch whose condition holds, else `otherwise`.
#[derive(Debug, Clone, PartialEq)]
struct Cond {
    branches: Vec<(Expr, Vec<Segment>)>,
    otherwise: Vec<Segment>,
}

/// The segment showing expression `e`.
fn value_segment(e: Expr) -> Segment {
    match e.kind {
        ExprKind::Var(var) => {
            let at = |o: usize| u32::try_from(o).unwrap_or(u32::MAX);
            Segment::Var(Shown {
                var,
                ty: e.ty,
                span: (at(e.span.start), at(e.span.end)),
            })
        }
        _ => Segment::Value(Box::new(e)),
    }
}

/// A template error, with a span in the template text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TextError {
    #[error("{message}")]
    Structure {
        span: Range<usize>,
        message: String,
        help: &'static str,
    },
    #[error("{source}")]
    Expr {
        /// Offset of the expression inside the template.
        offset: usize,
        source: ExprError,
    },
}

impl TextError {
    pub fn span(&self) -> Range<usize> {
        match self {
            TextError::Structure { span, .. } => span.clone(),
            TextError::Expr { offset, source } => {
                let s = source.span();
                offset + s.start..offset + s.end
            }
        }
    }
}

enum Piece<'a> {
    Lit(String),
    Tag(&'a str, usize),
}

fn pieces(src: &str) -> Result<Vec<Piece<'_>>, TextError> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    // Copy each run of plain text in one go; only braces need a look.
    while let Some(off) = src[i..].find(['{', '}']) {
        let at = i + off;
        lit.push_str(&src[i..at]);
        let brace = src.as_bytes()[at];
        if src.as_bytes().get(at + 1) == Some(&brace) {
            lit.push(brace as char);
            i = at + 2;
            continue;
        }
        if brace == b'}' {
            return Err(TextError::Structure {
                span: at..at + 1,
                message: "`}` without a matching `{`".into(),
                help: "write `}}` for a literal brace",
            });
        }
        let Some(close) = src[at..].find('}') else {
            return Err(TextError::Structure {
                span: at..src.len(),
                message: "`{` is never closed".into(),
                help: "close it with `}`, or write `{{` for a literal brace",
            });
        };
        if !lit.is_empty() {
            out.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        out.push(Piece::Tag(&src[at + 1..at + close], at + 1));
        i = at + close + 1;
    }
    lit.push_str(&src[i..]);
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

enum Stop {
    Elif(Expr),
    Else,
    End,
    Eof,
}

struct Builder<'s, 'a> {
    pieces: std::vec::IntoIter<Piece<'a>>,
    scope: &'s dyn Scope,
    /// How many `{if}` fragments are open around the current piece.
    depth: usize,
    /// The template's length: where [`Stop::Eof`] stops.
    len: usize,
}

impl Builder<'_, '_> {
    fn cond(&self, body: &str, offset: usize) -> Result<Expr, TextError> {
        parse_expr(body, self.scope, Type::Bool)
            .map_err(|source| TextError::Expr { offset, source })
    }

    fn block(&mut self) -> Result<(Vec<Segment>, Stop, usize), TextError> {
        let mut segs = Vec::new();
        while let Some(piece) = self.pieces.next() {
            let (tag, at) = match piece {
                Piece::Lit(s) => {
                    segs.push(Segment::Lit(s.into()));
                    continue;
                }
                Piece::Tag(t, at) => (t, at),
            };
            let trimmed = tag.trim_start();
            let lead = tag.len() - trimmed.len();
            let word = trimmed
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            let after = &trimmed[word.len()..];
            let after_at = at + lead + word.len();
            match word {
                "if" => {
                    let tag_span = at - 1..at + tag.len() + 1;
                    if self.depth >= MAX_NESTING {
                        return Err(TextError::Structure {
                            span: tag_span,
                            message: format!("`{{if}}` nested too deeply (limit {MAX_NESTING})"),
                            help: "close some fragments with `{end}` before opening more",
                        });
                    }
                    let never_closed = || TextError::Structure {
                        span: tag_span.clone(),
                        message: "`{if}` is never closed".into(),
                        help: "add `{end}` after the conditional text",
                    };
                    self.depth += 1;
                    let first = self.cond(after, after_at)?;
                    let mut branches = vec![];
                    let (body, mut stop, mut stop_at) = self.block()?;
                    branches.push((first, body));
                    let mut otherwise = Vec::new();
                    loop {
                        match stop {
                            Stop::Elif(c) => {
                                let (body, s, a) = self.block()?;
                                branches.push((c, body));
                                stop = s;
                                stop_at = a;
                            }
                            Stop::Else => {
                                let (body, s, a) = self.block()?;
                                otherwise = body;
                                match s {
                                    Stop::End => break,
                                    Stop::Eof => return Err(never_closed()),
                                    Stop::Elif(_) | Stop::Else => {
                                        return Err(TextError::Structure {
                                            span: a..a,
                                            message: "`{else}` must be the last part of an `{if}`"
                                                .into(),
                                            help: "end the fragment with `{end}`",
                                        });
                                    }
                                }
                            }
                            Stop::End => break,
                            Stop::Eof => return Err(never_closed()),
                        }
                    }
                    let _ = stop_at;
                    self.depth -= 1;
                    segs.push(Segment::Cond(Box::new(Cond {
                        branches,
                        otherwise,
                    })));
                }
                "elif" => return Ok((segs, Stop::Elif(self.cond(after, after_at)?), at)),
                "else" if after.trim().is_empty() => return Ok((segs, Stop::Else, at)),
                "end" if after.trim().is_empty() => return Ok((segs, Stop::End, at)),
                _ => {
                    // Any type interpolates: parse once, without a required type.
                    let e = parse_expr_any(tag, self.scope)
                        .map_err(|source| TextError::Expr { offset: at, source })?;
                    segs.push(value_segment(e));
                }
            }
        }
        Ok((segs, Stop::Eof, self.len))
    }
}

impl Template {
    /// Parses a template; expressions are checked against `scope`.
    pub fn parse(src: &str, scope: &dyn Scope) -> Result<Template, TextError> {
        let mut b = Builder {
            pieces: pieces(src)?.into_iter(),
            scope,
            depth: 0,
            len: src.len(),
        };
        let (segments, stop, at) = b.block()?;
        let stray = match stop {
            Stop::Eof => {
                return Ok(Template {
                    len_hint: src.len() + 16,
                    segments,
                });
            }
            Stop::Elif(_) => "`{elif}` without an `{if}`",
            Stop::Else => "`{else}` without an `{if}`",
            Stop::End => "`{end}` without an `{if}`",
        };
        Err(TextError::Structure {
            span: at.saturating_sub(1)..at,
            message: stray.into(),
            help: "open the fragment with `{if condition}`",
        })
    }

    /// A template of plain text.
    pub fn plain(text: &str) -> Template {
        Template {
            segments: vec![Segment::Lit(text.into())],
            len_hint: text.len(),
        }
    }

    /// Resolves the text for the current variable values.
    pub fn render(&self, vars: &[Value]) -> String {
        let mut out = String::with_capacity(self.len_hint);
        render_into(&self.segments, vars, &mut out);
        out
    }

    /// Resolves the text as a shared string: a text without `{…}` is the template's own
    /// (no copy, no allocation); any other is rendered through `scratch` (a buffer kept by
    /// the caller) into one new allocation.
    pub fn render_shared(&self, vars: &[Value], scratch: &mut String) -> Arc<str> {
        match self.segments.as_slice() {
            [Segment::Lit(t)] => Arc::clone(t),
            [] => Arc::from(""),
            segs => {
                scratch.clear();
                render_into(segs, vars, scratch);
                Arc::from(scratch.as_str())
            }
        }
    }

    /// Shows text variable `var`'s value `from` as `to`: each `{var}` becomes
    /// `{if var == "from"}to{else}{var}{end}`. A translation uses it to word a text variable's
    /// value in its language; the value itself (the state, saves, conditions) is unchanged.
    pub fn show_value_as(&mut self, var: super::expr::VarIdx, from: &str, to: &str) {
        fn walk(segs: &mut [Segment], var: super::expr::VarIdx, from: &str, to: &str) {
            for seg in segs.iter_mut() {
                match seg {
                    Segment::Var(shown) if shown.var == var => {
                        let e = shown.expr();
                        let span = e.span.clone();
                        let lit = Expr {
                            kind: ExprKind::Lit(Value::Text(Arc::from(from))),
                            ty: Type::Text,
                            span: span.clone(),
                        };
                        let test = Expr {
                            kind: ExprKind::Binary(BinOp::Eq, Box::new(e.clone()), Box::new(lit)),
                            ty: Type::Bool,
                            span,
                        };
                        *seg = Segment::Cond(Box::new(Cond {
                            branches: vec![(test, vec![Segment::Lit(Arc::from(to))])],
                            otherwise: vec![value_segment(e)],
                        }));
                    }
                    Segment::Cond(c) => {
                        for (_, body) in &mut c.branches {
                            walk(body, var, from, to);
                        }
                        walk(&mut c.otherwise, var, from, to);
                    }
                    _ => {}
                }
            }
        }
        walk(&mut self.segments, var, from, to);
    }

    /// The text itself when it is one run of plain text (no `{…}`).
    pub(crate) fn as_plain(&self) -> Option<&Arc<str>> {
        match self.segments.as_slice() {
            [Segment::Lit(t)] => Some(t),
            _ => None,
        }
    }

    /// Hands `f` the template's pieces in order, each `{if}` fragment flattened: a
    /// [`Part::If`] before each branch's body, [`Part::EndIf`] after it, then [`Part::Else`],
    /// the `{else}` part (maybe empty) and [`Part::End`]. The playbook packs texts from it.
    pub(crate) fn parts(&self, f: &mut impl FnMut(Part<'_>)) {
        fn walk(segs: &[Segment], f: &mut impl FnMut(Part<'_>)) {
            for s in segs {
                match s {
                    Segment::Lit(t) => f(Part::Lit(t)),
                    Segment::Var(v) => f(Part::Var(v.var)),
                    Segment::Value(e) => f(Part::Value(e)),
                    Segment::Cond(c) => {
                        for (cond, body) in &c.branches {
                            f(Part::If(cond));
                            walk(body, f);
                            f(Part::EndIf);
                        }
                        f(Part::Else);
                        walk(&c.otherwise, f);
                        f(Part::End);
                    }
                }
            }
        }
        walk(&self.segments, f);
    }

    /// Resolves the text onto the end of `out`, allocating only if `out` must grow.
    pub fn render_to(&self, vars: &[Value], out: &mut String) {
        render_into(&self.segments, vars, out);
    }

    /// Calls `f` with every expression in the template.
    pub fn for_each_expr(&self, f: &mut impl FnMut(&Expr)) {
        fn walk(segs: &[Segment], f: &mut impl FnMut(&Expr)) {
            for s in segs {
                match s {
                    Segment::Lit(_) => {}
                    Segment::Var(v) => f(&v.expr()),
                    Segment::Value(e) => f(e),
                    Segment::Cond(c) => {
                        for (cond, body) in &c.branches {
                            f(cond);
                            walk(body, f);
                        }
                        walk(&c.otherwise, f);
                    }
                }
            }
        }
        walk(&self.segments, f);
    }

    /// Calls `f` with every interpolated `{value}` (not the `{if}` and `{elif}` conditions).
    pub fn for_each_value(&self, f: &mut impl FnMut(&Expr)) {
        fn walk(segs: &[Segment], f: &mut impl FnMut(&Expr)) {
            for s in segs {
                match s {
                    Segment::Lit(_) => {}
                    Segment::Var(v) => f(&v.expr()),
                    Segment::Value(e) => f(e),
                    Segment::Cond(c) => {
                        for (_, body) in &c.branches {
                            walk(body, f);
                        }
                        walk(&c.otherwise, f);
                    }
                }
            }
        }
        walk(&self.segments, f);
    }

    /// Literal runs of the text, for looking at its prose: the text outside any `{if}` with
    /// each fragment cut out (a run ends where a fragment starts), then each branch's own runs;
    /// a `{value}` is written as `marker`.
    pub fn prose_runs(&self, marker: &str) -> Vec<String> {
        fn walk(segs: &[Segment], marker: &str, out: &mut Vec<String>) {
            let mut run = String::new();
            let mut nested: Vec<&[Segment]> = Vec::new();
            for s in segs {
                match s {
                    Segment::Lit(t) => run.push_str(t),
                    Segment::Var(_) | Segment::Value(_) => run.push_str(marker),
                    Segment::Cond(c) => {
                        out.push(std::mem::take(&mut run));
                        nested.extend(c.branches.iter().map(|b| b.1.as_slice()));
                        nested.push(&c.otherwise);
                    }
                }
            }
            out.push(run);
            for body in nested {
                walk(body, marker, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.segments, marker, &mut out);
        out.retain(|r| !r.trim().is_empty());
        out
    }

    /// Calls `f` with the condition of every `{if}` and `{elif}` (not the interpolated values).
    pub fn for_each_condition(&self, f: &mut impl FnMut(&Expr)) {
        fn walk(segs: &[Segment], f: &mut impl FnMut(&Expr)) {
            for s in segs {
                if let Segment::Cond(c) = s {
                    for (cond, body) in &c.branches {
                        f(cond);
                        walk(body, f);
                    }
                    walk(&c.otherwise, f);
                }
            }
        }
        walk(&self.segments, f);
    }

    /// The `{if}` fragments in order of appearance (a nested one right after the one holding
    /// it), each as a short preview of every branch's text, the `{else}` branch last (present
    /// even when the source has none: it then shows nothing).
    pub fn fragments(&self) -> Vec<Vec<String>> {
        fn walk(segs: &[Segment], out: &mut Vec<Vec<String>>) {
            for s in segs {
                if let Segment::Cond(c) = s {
                    let bodies = c
                        .branches
                        .iter()
                        .map(|b| b.1.as_slice())
                        .chain([c.otherwise.as_slice()]);
                    out.push(bodies.clone().map(preview).collect());
                    for body in bodies {
                        walk(body, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.segments, &mut out);
        out
    }

    /// Calls `f(fragment, branch)` for each `{if}` fragment shown with `vars` and the branch it
    /// shows, numbered as in [`Template::fragments`]; fragments nested in a branch not shown are
    /// not shown either.
    pub fn shown_branches(&self, vars: &[Value], f: &mut impl FnMut(usize, usize)) {
        fn walk(
            segs: &[Segment],
            vars: &[Value],
            shown: bool,
            next: &mut usize,
            f: &mut impl FnMut(usize, usize),
        ) {
            for s in segs {
                if let Segment::Cond(c) = s {
                    let (branches, otherwise) = (&c.branches, &c.otherwise);
                    let id = *next;
                    *next += 1;
                    let taken = if shown {
                        let t = branches
                            .iter()
                            .position(|(c, _)| c.eval_bool(vars))
                            .unwrap_or(branches.len());
                        f(id, t);
                        Some(t)
                    } else {
                        None
                    };
                    let bodies = branches
                        .iter()
                        .map(|b| b.1.as_slice())
                        .chain([otherwise.as_slice()]);
                    for (i, body) in bodies.enumerate() {
                        walk(body, vars, taken == Some(i), next, f);
                    }
                }
            }
        }
        walk(&self.segments, vars, true, &mut 0, f);
    }

    /// All literal words in every branch: a fair count for reading-time estimates.
    pub fn word_count(&self) -> usize {
        fn walk(segs: &[Segment]) -> usize {
            segs.iter()
                .map(|s| match s {
                    Segment::Lit(t) => t.split_whitespace().count(),
                    Segment::Var(_) | Segment::Value(_) => 1,
                    Segment::Cond(c) => {
                        c.branches.iter().map(|b| walk(&b.1)).sum::<usize>() + walk(&c.otherwise)
                    }
                })
                .sum()
        }
        walk(&self.segments)
    }
}

/// The first words of a branch's text (values as `{…}`), or "(nothing)".
fn preview(segs: &[Segment]) -> String {
    const WORDS: usize = 8;
    let mut text = String::new();
    for s in segs {
        match s {
            Segment::Lit(t) => text.push_str(t),
            Segment::Var(_) | Segment::Value(_) => text.push_str("{…}"),
            Segment::Cond(_) => text.push_str(" {if…} "),
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => "(nothing)".to_owned(),
        n if n <= WORDS => words.join(" "),
        _ => format!("{}…", words[..WORDS].join(" ")),
    }
}

fn render_into(segs: &[Segment], vars: &[Value], out: &mut String) {
    for s in segs {
        match s {
            Segment::Lit(t) => out.push_str(t),
            // A variable missing from `vars` shows as `Int(0)` would, as the tree walk has it.
            Segment::Var(v) => match vars.get(v.var as usize) {
                Some(value) => push_value(value, out),
                None => out.push('0'),
            },
            // Borrowed: a text shown touches no shared reference count.
            Segment::Value(e) => push_value(&e.eval_ref(vars), out),
            Segment::Cond(c) => {
                let body = c
                    .branches
                    .iter()
                    .find(|(cond, _)| cond.eval_bool(vars))
                    .map_or(c.otherwise.as_slice(), |b| b.1.as_slice());
                render_into(body, vars, out);
            }
        }
    }
}

/// Writes a value as `Value`'s `Display` does, without the formatting machinery.
pub(crate) fn push_value(v: &Value, out: &mut String) {
    match v {
        Value::Text(t) => out.push_str(t),
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        Value::Bool(b) => out.push_str(if *b { "yes" } else { "no" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::expr::TestScope;

    const VARS: TestScope = TestScope(&[("n", Type::Int), ("ok", Type::Bool)]);

    fn render(src: &str, n: i64, ok: bool) -> String {
        Template::parse(src, &VARS)
            .expect("parses")
            .render(&[Value::Int(n), Value::Bool(ok)])
    }

    #[test]
    fn fragments_and_the_branches_shown() {
        let t = Template::parse(
            "A{if n > 1} many{if ok} and fine{end}{elif n == 1} one{end}.{if ok} yes{else} no{end}",
            &VARS,
        )
        .expect("parses");
        assert_eq!(
            t.fragments(),
            vec![
                vec![
                    "many {if…}".to_owned(),
                    "one".to_owned(),
                    "(nothing)".to_owned()
                ],
                vec!["and fine".to_owned(), "(nothing)".to_owned()],
                vec!["yes".to_owned(), "no".to_owned()],
            ]
        );
        let shown = |n: i64, ok: bool| {
            let mut out = Vec::new();
            t.shown_branches(&[Value::Int(n), Value::Bool(ok)], &mut |f, b| {
                out.push((f, b));
            });
            out
        };
        // The nested fragment only counts when its branch shows.
        assert_eq!(shown(2, true), vec![(0, 0), (1, 0), (2, 0)]);
        assert_eq!(shown(1, false), vec![(0, 1), (2, 1)]);
        assert_eq!(shown(0, true), vec![(0, 2), (2, 0)]);
    }

    #[test]
    fn interpolation_and_fragments() {
        assert_eq!(render("You have {n} won.", 3, false), "You have 3 won.");
        assert_eq!(render("{n * 2}", 3, false), "6");
        let t = "A{if n > 5}B{elif ok}C{else}D{end}E";
        assert_eq!(render(t, 6, false), "ABE");
        assert_eq!(render(t, 1, true), "ACE");
        assert_eq!(render(t, 1, false), "ADE");
        assert_eq!(render("{if ok}x{if n > 1}y{end}{end}.", 2, true), "xy.");
        assert_eq!(render("{{literal}}", 0, false), "{literal}");
    }

    #[test]
    fn errors() {
        let e = Template::parse("a {if n > 1} b", &VARS).unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
        let e = Template::parse("a {nn} b", &VARS).unwrap_err();
        assert_eq!(e.span(), 3..5);
        assert!(Template::parse("a } b", &VARS).is_err());
        assert!(Template::parse("a {end}", &VARS).is_err());
        assert!(Template::parse("{if n}x{end}", &VARS).is_err());
        assert!(Template::parse("{if ok}x{else}y{elif ok}z{end}", &VARS).is_err());
    }
}
