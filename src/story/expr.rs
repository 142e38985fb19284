//! The expression language of conditions, weights and effects: parsed once at load, typed, evaluated fast.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Index of a declared variable in [`crate::story::Story::variables`].
pub type VarIdx = u32;

/// The type of a value or expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Type {
    Bool,
    Int,
    Text,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Bool => "bool",
            Type::Int => "integer",
            Type::Text => "text",
        })
    }
}

/// A runtime value of a variable or expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Text(#[serde(with = "arc_str")] Arc<str>),
}

/// Serde for `Arc<str>` as a plain string (avoids serde's `rc` feature).
mod arc_str {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        Ok(String::deserialize(d)?.into())
    }
}

impl Value {
    pub fn ty(&self) -> Type {
        match self {
            Value::Bool(_) => Type::Bool,
            Value::Int(_) => Type::Int,
            Value::Text(_) => Type::Text,
        }
    }

    /// The integer inside, or 0 for other types (the checker rules that out at load).
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            _ => 0,
        }
    }

    /// The bool inside, or false for other types (the checker rules that out at load).
    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// What the parser needs to know about variables: their index and type by name.
pub trait Scope {
    fn lookup(&self, name: &str) -> Option<(VarIdx, Type)>;
    /// Names to suggest from when a variable is unknown.
    fn names(&self) -> Vec<&str>;
}

/// Why an expression was rejected at load. Spans are byte offsets within the expression text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExprError {
    #[error("unexpected {found}; expected {expected}")]
    Syntax {
        span: Range<usize>,
        found: String,
        expected: &'static str,
    },
    #[error("unknown variable `{name}`")]
    UnknownVariable {
        span: Range<usize>,
        name: String,
        suggestion: Option<String>,
    },
    #[error("{message}")]
    Type { span: Range<usize>, message: String },
    #[error("expression nested too deeply (limit {limit})")]
    TooDeep { span: Range<usize>, limit: usize },
}

/// How deeply an expression may nest: each `(`, `!`, `-`, `min(`/`max(` and each operator of a
/// chain (`a + b + c` has two) is one level. Parsing, evaluating and every walk over an
/// expression recurse once per level, so the limit keeps them all far from the stack's end.
pub const MAX_NESTING: usize = 100;

impl ExprError {
    pub fn span(&self) -> Range<usize> {
        match self {
            ExprError::Syntax { span, .. }
            | ExprError::UnknownVariable { span, .. }
            | ExprError::Type { span, .. }
            | ExprError::TooDeep { span, .. } => span.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    /// The operator as written: `&&`, `<=`, `+`, …
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }

    /// Binding power: higher binds tighter.
    fn power(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne => 3,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 6,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Min,
    Max,
}

/// A typed expression tree with source positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Lit(Value),
    Var(VarIdx),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluates against the current variable values. Never panics: arithmetic saturates,
    /// division or remainder by zero gives 0.
    pub fn eval(&self, vars: &[Value]) -> Value {
        match &self.kind {
            ExprKind::Lit(v) => v.clone(),
            ExprKind::Var(i) => vars.get(*i as usize).cloned().unwrap_or(Value::Int(0)),
            ExprKind::Unary(UnOp::Not, e) => Value::Bool(!e.eval_bool(vars)),
            ExprKind::Unary(UnOp::Neg, e) => Value::Int(e.eval_int(vars).saturating_neg()),
            ExprKind::Binary(op, a, b) => match op {
                BinOp::Or => Value::Bool(a.eval_bool(vars) || b.eval_bool(vars)),
                BinOp::And => Value::Bool(a.eval_bool(vars) && b.eval_bool(vars)),
                BinOp::Eq => Value::Bool(a.eval_ref(vars) == b.eval_ref(vars)),
                BinOp::Ne => Value::Bool(a.eval_ref(vars) != b.eval_ref(vars)),
                BinOp::Add if self.ty == Type::Text => {
                    Value::Text(format!("{}{}", a.eval(vars), b.eval(vars)).into())
                }
                _ => match self.ty {
                    Type::Bool => Value::Bool(self.eval_bool(vars)),
                    _ => Value::Int(self.eval_int(vars)),
                },
            },
            ExprKind::Call(..) => Value::Int(self.eval_int(vars)),
        }
    }

    /// Like [`Expr::eval`], but borrows literals and variables instead of copying them: a text
    /// compared this way touches no shared reference count (threads exploring one story would
    /// contend for it).
    pub(crate) fn eval_ref<'a>(&'a self, vars: &'a [Value]) -> Cow<'a, Value> {
        match &self.kind {
            ExprKind::Lit(v) => Cow::Borrowed(v),
            ExprKind::Var(i) => vars
                .get(*i as usize)
                .map_or(Cow::Owned(Value::Int(0)), Cow::Borrowed),
            _ => Cow::Owned(self.eval(vars)),
        }
    }

    /// A variable's or a literal's integer value, read without a call: most operands are one
    /// or the other (`trust >= 6`, `day + 1`), so the tree walk skips a level for them.
    #[inline(always)]
    fn int_operand(&self, vars: &[Value]) -> i64 {
        match &self.kind {
            ExprKind::Var(i) => vars.get(*i as usize).map_or(0, Value::as_int),
            ExprKind::Lit(v) => v.as_int(),
            _ => self.eval_int(vars),
        }
    }

    /// Evaluates an integer expression without building a [`Value`].
    pub fn eval_int(&self, vars: &[Value]) -> i64 {
        match &self.kind {
            ExprKind::Lit(v) => v.as_int(),
            ExprKind::Var(i) => vars.get(*i as usize).map_or(0, Value::as_int),
            ExprKind::Unary(UnOp::Neg, e) => e.eval_int(vars).saturating_neg(),
            ExprKind::Binary(op, a, b) => {
                let (x, y) = (a.int_operand(vars), b.int_operand(vars));
                match op {
                    BinOp::Add => x.saturating_add(y),
                    BinOp::Sub => x.saturating_sub(y),
                    BinOp::Mul => x.saturating_mul(y),
                    BinOp::Div => x.checked_div(y).unwrap_or(0),
                    BinOp::Rem => x.checked_rem(y).unwrap_or(0),
                    _ => 0,
                }
            }
            ExprKind::Call(f, a, b) => {
                let (x, y) = (a.eval_int(vars), b.eval_int(vars));
                match f {
                    Func::Min => x.min(y),
                    Func::Max => x.max(y),
                }
            }
            ExprKind::Unary(UnOp::Not, _) => 0,
        }
    }

    /// Like [`Expr::int_operand`], for conditions: a flag is read without a call.
    #[inline(always)]
    fn bool_operand(&self, vars: &[Value]) -> bool {
        match &self.kind {
            ExprKind::Var(i) => vars.get(*i as usize).is_some_and(Value::as_bool),
            _ => self.eval_bool(vars),
        }
    }

    /// Evaluates a condition without building a [`Value`].
    pub fn eval_bool(&self, vars: &[Value]) -> bool {
        match &self.kind {
            ExprKind::Lit(v) => v.as_bool(),
            ExprKind::Var(i) => vars.get(*i as usize).is_some_and(Value::as_bool),
            ExprKind::Unary(UnOp::Not, e) => !e.bool_operand(vars),
            ExprKind::Binary(op, a, b) => match op {
                BinOp::Or => a.bool_operand(vars) || b.bool_operand(vars),
                BinOp::And => a.bool_operand(vars) && b.bool_operand(vars),
                BinOp::Eq | BinOp::Ne if a.ty == Type::Int => {
                    (a.int_operand(vars) == b.int_operand(vars)) == (*op == BinOp::Eq)
                }
                BinOp::Eq => a.eval_ref(vars) == b.eval_ref(vars),
                BinOp::Ne => a.eval_ref(vars) != b.eval_ref(vars),
                BinOp::Lt => a.int_operand(vars) < b.int_operand(vars),
                BinOp::Le => a.int_operand(vars) <= b.int_operand(vars),
                BinOp::Gt => a.int_operand(vars) > b.int_operand(vars),
                BinOp::Ge => a.int_operand(vars) >= b.int_operand(vars),
                _ => false,
            },
            _ => false,
        }
    }

    /// Calls `f` with every variable this expression reads.
    pub fn for_each_var(&self, f: &mut impl FnMut(VarIdx)) {
        match &self.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Var(i) => f(*i),
            ExprKind::Unary(_, e) => e.for_each_var(f),
            ExprKind::Binary(_, a, b) | ExprKind::Call(_, a, b) => {
                a.for_each_var(f);
                b.for_each_var(f);
            }
        }
    }
}

/// How an effect changes its variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
}

/// One effect: `var = expr`, `var += expr` or `var -= expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub var: VarIdx,
    pub op: AssignOp,
    pub value: Expr,
}

// ---------------------------------------------------------------- lexer

/// A token; text borrows from the expression source, so lexing allocates only the list.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'s> {
    Int(i64),
    Str(&'s str),
    Ident(&'s str),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
    Semi,
    End,
}

impl fmt::Display for Tok<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Int(i) => write!(f, "number `{i}`"),
            Tok::Str(s) => write!(f, "text \"{s}\""),
            Tok::Ident(s) => write!(f, "`{s}`"),
            Tok::Op(o) => write!(f, "`{o}`"),
            Tok::LParen => f.write_str("`(`"),
            Tok::RParen => f.write_str("`)`"),
            Tok::Comma => f.write_str("`,`"),
            Tok::Semi => f.write_str("`;`"),
            Tok::End => f.write_str("end of expression"),
        }
    }
}

const OPS: [&str; 18] = [
    "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "<", ">", "!", "+", "-", "*", "/", "%", "=",
    "&",
];

fn lex(src: &str) -> Result<Vec<(Tok<'_>, Range<usize>)>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let tok = if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                i += 1;
            }
            let digits = &src[start..i];
            let parsed = if digits.contains('_') {
                digits.replace('_', "").parse()
            } else {
                digits.parse()
            };
            match parsed {
                Ok(n) => Tok::Int(n),
                Err(_) => {
                    return Err(ExprError::Syntax {
                        span: start..i,
                        found: format!("number `{}`", &src[start..i]),
                        expected: "a number that fits in 64 bits",
                    });
                }
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            Tok::Ident(&src[start..i])
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            if i >= bytes.len() {
                return Err(ExprError::Syntax {
                    span: start..src.len(),
                    found: "unterminated text".into(),
                    expected: "a closing quote",
                });
            }
            i += 1;
            Tok::Str(&src[start + 1..i - 1])
        } else {
            match c {
                b'(' => {
                    i += 1;
                    Tok::LParen
                }
                b')' => {
                    i += 1;
                    Tok::RParen
                }
                b',' => {
                    i += 1;
                    Tok::Comma
                }
                b';' => {
                    i += 1;
                    Tok::Semi
                }
                _ => match OPS.iter().find(|op| src[i..].starts_with(**op)) {
                    Some(&"&") => {
                        return Err(ExprError::Syntax {
                            span: start..start + 1,
                            found: "`&`".into(),
                            expected: "`&&` for \"and\"",
                        });
                    }
                    Some(op) => {
                        i += op.len();
                        Tok::Op(op)
                    }
                    None => {
                        let ch = src[i..].chars().next().unwrap_or('?');
                        return Err(ExprError::Syntax {
                            span: start..start + ch.len_utf8(),
                            found: format!("character `{ch}`"),
                            expected: "a value, variable or operator",
                        });
                    }
                },
            }
        };
        out.push((tok, start..i));
    }
    out.push((Tok::End, src.len()..src.len()));
    Ok(out)
}

// ---------------------------------------------------------------- parser

struct Parser<'a, 's> {
    toks: Vec<(Tok<'s>, Range<usize>)>,
    pos: usize,
    scope: &'a dyn Scope,
    /// The nesting level being parsed, as counted by [`MAX_NESTING`]; the tree built is no
    /// deeper than the highest level reached.
    depth: usize,
}

impl<'s> Parser<'_, 's> {
    fn peek(&self) -> &Tok<'s> {
        &self.toks[self.pos.min(self.toks.len() - 1)].0
    }

    fn span(&self) -> Range<usize> {
        self.toks[self.pos.min(self.toks.len() - 1)].1.clone()
    }

    fn bump(&mut self) -> (Tok<'s>, Range<usize>) {
        let t = self.toks[self.pos.min(self.toks.len() - 1)].clone();
        self.pos += 1;
        t
    }

    /// Goes one nesting level deeper, refusing past [`MAX_NESTING`] (`span`: what opened it).
    fn enter(&mut self, span: &Range<usize>) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ExprError::TooDeep {
                span: span.clone(),
                limit: MAX_NESTING,
            });
        }
        Ok(())
    }

    fn unexpected(&self, expected: &'static str) -> ExprError {
        ExprError::Syntax {
            span: self.span(),
            found: self.peek().to_string(),
            expected,
        }
    }

    fn expect(&mut self, tok: Tok<'s>, expected: &'static str) -> Result<Range<usize>, ExprError> {
        if *self.peek() == tok {
            Ok(self.bump().1)
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn expr(&mut self, min_power: u8) -> Result<Expr, ExprError> {
        // Each operator of a chain nests the tree one level deeper (`(a + b) + c`).
        let base = self.depth;
        let mut lhs = self.unary()?;
        while let Tok::Op(o) = self.peek() {
            let op = match *o {
                "||" => BinOp::Or,
                "&&" => BinOp::And,
                "==" => BinOp::Eq,
                "!=" => BinOp::Ne,
                "<" => BinOp::Lt,
                "<=" => BinOp::Le,
                ">" => BinOp::Gt,
                ">=" => BinOp::Ge,
                "+" => BinOp::Add,
                "-" => BinOp::Sub,
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                "%" => BinOp::Rem,
                _ => break,
            };
            if op.power() <= min_power {
                break;
            }
            let op_span = self.bump().1;
            self.enter(&op_span)?;
            let rhs = self.expr(op.power())?;
            lhs = binary(op, op_span, lhs, rhs)?;
        }
        self.depth = base;
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        let (tok, span) = self.bump();
        match tok {
            Tok::Op("!") => {
                self.enter(&span)?;
                let e = self.unary()?;
                self.depth -= 1;
                want(&e, Type::Bool, "`!` needs a bool")?;
                Ok(Expr {
                    span: span.start..e.span.end,
                    kind: ExprKind::Unary(UnOp::Not, Box::new(e)),
                    ty: Type::Bool,
                })
            }
            Tok::Op("-") => {
                self.enter(&span)?;
                let e = self.unary()?;
                self.depth -= 1;
                want(&e, Type::Int, "`-` needs an integer")?;
                Ok(Expr {
                    span: span.start..e.span.end,
                    kind: ExprKind::Unary(UnOp::Neg, Box::new(e)),
                    ty: Type::Int,
                })
            }
            Tok::Int(i) => Ok(lit(Value::Int(i), span)),
            Tok::Str(s) => Ok(lit(Value::Text(s.into()), span)),
            Tok::Ident("true") => Ok(lit(Value::Bool(true), span)),
            Tok::Ident("false") => Ok(lit(Value::Bool(false), span)),
            Tok::Ident(name) if *self.peek() == Tok::LParen => self.call(name, span),
            Tok::Ident(name) => match self.scope.lookup(name) {
                Some((idx, ty)) => Ok(Expr {
                    kind: ExprKind::Var(idx),
                    ty,
                    span,
                }),
                None => Err(unknown_variable(self.scope, name.to_owned(), span)),
            },
            Tok::LParen => {
                self.enter(&span)?;
                let mut e = self.expr(0)?;
                let close = self.expect(Tok::RParen, "`)`")?;
                self.depth -= 1;
                e.span = span.start..close.end;
                Ok(e)
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected("a value, variable, `!`, `-` or `(`"))
            }
        }
    }

    fn call(&mut self, name: &str, span: Range<usize>) -> Result<Expr, ExprError> {
        let func = match name {
            "min" => Func::Min,
            "max" => Func::Max,
            _ => {
                return Err(ExprError::Syntax {
                    span,
                    found: format!("function `{name}`"),
                    expected: "one of the functions min(a, b), max(a, b)",
                });
            }
        };
        self.enter(&span)?;
        self.bump();
        let a = self.expr(0)?;
        self.expect(Tok::Comma, "`,` between the two arguments")?;
        let b = self.expr(0)?;
        let close = self.expect(Tok::RParen, "`)`")?;
        self.depth -= 1;
        want(&a, Type::Int, "min and max take integers")?;
        want(&b, Type::Int, "min and max take integers")?;
        Ok(Expr {
            kind: ExprKind::Call(func, Box::new(a), Box::new(b)),
            ty: Type::Int,
            span: span.start..close.end,
        })
    }
}

fn lit(v: Value, span: Range<usize>) -> Expr {
    Expr {
        ty: v.ty(),
        kind: ExprKind::Lit(v),
        span,
    }
}

fn want(e: &Expr, ty: Type, why: &str) -> Result<(), ExprError> {
    if e.ty == ty {
        Ok(())
    } else {
        Err(ExprError::Type {
            span: e.span.clone(),
            message: format!("{why}, found {}", e.ty),
        })
    }
}

fn unknown_variable(scope: &dyn Scope, name: String, span: Range<usize>) -> ExprError {
    let suggestion = crate::story::suggest(&name, scope.names());
    ExprError::UnknownVariable {
        span,
        name,
        suggestion,
    }
}

fn binary(op: BinOp, op_span: Range<usize>, a: Expr, b: Expr) -> Result<Expr, ExprError> {
    let span = a.span.start..b.span.end;
    let mismatch = |message: String| ExprError::Type {
        span: op_span.clone(),
        message,
    };
    let ty = match op {
        BinOp::Or | BinOp::And => {
            if a.ty != Type::Bool || b.ty != Type::Bool {
                return Err(mismatch(format!(
                    "`{}` joins two bools, found {} and {}",
                    op.symbol(),
                    a.ty,
                    b.ty
                )));
            }
            Type::Bool
        }
        BinOp::Eq | BinOp::Ne => {
            if a.ty != b.ty {
                return Err(mismatch(format!(
                    "cannot compare {} with {} using `{}`",
                    a.ty,
                    b.ty,
                    op.symbol()
                )));
            }
            Type::Bool
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            if a.ty != Type::Int || b.ty != Type::Int {
                return Err(mismatch(format!(
                    "`{}` compares integers, found {} and {}",
                    op.symbol(),
                    a.ty,
                    b.ty
                )));
            }
            Type::Bool
        }
        BinOp::Add if a.ty == Type::Text || b.ty == Type::Text => {
            if a.ty != b.ty {
                return Err(mismatch(format!(
                    "`+` joins two texts or adds two integers, found {} and {}",
                    a.ty, b.ty
                )));
            }
            Type::Text
        }
        _ => {
            if a.ty != Type::Int || b.ty != Type::Int {
                return Err(mismatch(format!(
                    "`{}` works on integers, found {} and {}",
                    op.symbol(),
                    a.ty,
                    b.ty
                )));
            }
            Type::Int
        }
    };
    Ok(Expr {
        kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
        ty,
        span,
    })
}

/// Parses an expression and checks that it has type `want_ty`.
pub fn parse_expr(src: &str, scope: &dyn Scope, want_ty: Type) -> Result<Expr, ExprError> {
    let e = parse_expr_any(src, scope)?;
    let why = match want_ty {
        Type::Bool => "a condition must be true or false",
        Type::Int => "this must be an integer",
        Type::Text => "this must be text",
    };
    want(&e, want_ty, why)?;
    Ok(e)
}

/// Parses an expression of any type (for interpolation in texts).
pub fn parse_expr_any(src: &str, scope: &dyn Scope) -> Result<Expr, ExprError> {
    let mut p = Parser {
        toks: lex(src)?,
        pos: 0,
        scope,
        depth: 0,
    };
    let e = p.expr(0)?;
    if *p.peek() != Tok::End {
        return Err(p.unexpected("an operator or the end of the expression"));
    }
    Ok(e)
}

/// Parses a list of effects separated by `;`: `loyalty -= 2; defected = true`.
pub fn parse_effects(src: &str, scope: &dyn Scope) -> Result<Vec<Effect>, ExprError> {
    let mut p = Parser {
        toks: lex(src)?,
        pos: 0,
        scope,
        depth: 0,
    };
    let mut out = Vec::new();
    loop {
        if *p.peek() == Tok::End {
            if out.is_empty() {
                return Err(p.unexpected("an effect such as `loyalty -= 2`"));
            }
            return Ok(out);
        }
        let (tok, span) = p.bump();
        let Tok::Ident(name) = tok else {
            p.pos -= 1;
            return Err(p.unexpected("a variable to change, as in `loyalty -= 2`"));
        };
        let Some((var, ty)) = scope.lookup(name) else {
            return Err(unknown_variable(scope, name.to_owned(), span));
        };
        let op = match p.peek() {
            Tok::Op("=") => AssignOp::Set,
            Tok::Op("+=") => AssignOp::Add,
            Tok::Op("-=") => AssignOp::Sub,
            Tok::Op("==") => {
                return Err(ExprError::Syntax {
                    span: p.span(),
                    found: "`==`".into(),
                    expected: "`=`, `+=` or `-=` (an effect assigns; `==` compares)",
                });
            }
            _ => return Err(p.unexpected("`=`, `+=` or `-=`")),
        };
        let op_span = p.bump().1;
        let value = p.expr(0)?;
        if op != AssignOp::Set && ty != Type::Int {
            return Err(ExprError::Type {
                span: op_span,
                message: format!("`{name}` is {ty}; only integers can be added to or taken from"),
            });
        }
        if value.ty != ty {
            return Err(ExprError::Type {
                span: value.span.clone(),
                message: format!("`{name}` is {ty} but this value is {}", value.ty),
            });
        }
        out.push(Effect { var, op, value });
        match p.peek() {
            Tok::Semi => {
                p.bump();
            }
            Tok::End => {}
            _ => return Err(p.unexpected("`;` between effects or the end")),
        }
    }
}

/// The variables named, in order, with their types: the scope of unit tests.
#[cfg(test)]
pub(crate) struct TestScope(pub &'static [(&'static str, Type)]);

#[cfg(test)]
impl Scope for TestScope {
    fn lookup(&self, name: &str) -> Option<(VarIdx, Type)> {
        let i = self.0.iter().position(|(n, _)| *n == name)?;
        Some((i as VarIdx, self.0[i].1))
    }
    fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(n, _)| *n).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VARS: TestScope = TestScope(&[
        ("suspicion", Type::Int),
        ("defected", Type::Bool),
        ("unit", Type::Text),
    ]);

    fn vals() -> Vec<Value> {
        vec![
            Value::Int(4),
            Value::Bool(false),
            Value::Text("11th".into()),
        ]
    }

    fn eval(src: &str, ty: Type) -> Value {
        parse_expr(src, &VARS, ty).expect("parses").eval(&vals())
    }

    #[test]
    fn precedence_and_logic() {
        assert_eq!(eval("1 + 2 * 3", Type::Int), Value::Int(7));
        assert_eq!(eval("(1 + 2) * 3", Type::Int), Value::Int(9));
        assert_eq!(eval("10 - 3 - 2", Type::Int), Value::Int(5));
        assert_eq!(
            eval("suspicion >= 3 && !defected", Type::Bool),
            Value::Bool(true)
        );
        assert_eq!(
            eval("suspicion > 5 || defected", Type::Bool),
            Value::Bool(false)
        );
        assert_eq!(eval("max(0, 10 - suspicion * 3)", Type::Int), Value::Int(0));
        assert_eq!(eval("unit == \"11th\"", Type::Bool), Value::Bool(true));
        assert_eq!(eval("7 / 0 + 7 % 0", Type::Int), Value::Int(0));
    }

    #[test]
    fn errors_carry_positions() {
        let e = parse_expr("suspicon > 2", &VARS, Type::Bool).unwrap_err();
        assert_eq!(
            e,
            ExprError::UnknownVariable {
                span: 0..8,
                name: "suspicon".into(),
                suggestion: Some("suspicion".into())
            }
        );
        let e = parse_expr("suspicion + defected", &VARS, Type::Int).unwrap_err();
        assert_eq!(e.span(), 10..11);
        let e = parse_expr("suspicion", &VARS, Type::Bool).unwrap_err();
        assert!(e.to_string().contains("condition"), "{e}");
        let e = parse_expr("suspicion >", &VARS, Type::Bool).unwrap_err();
        assert_eq!(e.span(), 11..11);
        assert!(parse_expr("a & b", &VARS, Type::Bool).is_err());
    }

    #[test]
    fn effects() {
        let fx = parse_effects("suspicion -= 2; defected = true", &VARS).expect("parses");
        assert_eq!(fx.len(), 2);
        assert_eq!(fx[0].op, AssignOp::Sub);
        assert!(parse_effects("defected += 1", &VARS).is_err());
        assert!(parse_effects("suspicion == 1", &VARS).is_err());
        assert!(parse_effects("", &VARS).is_err());
    }
}
