//! The playbook: what a turn reads of each node (effects, conditions, weights, where it leads,
//! its texts, its key and speaker), packed in node order, so a step touches a few neighbouring
//! cache lines and not a node's scattered parts.
//!
//! A [`Node`] keeps everything about a beat: ids, text, notes, pictures, places for messages.
//! A step reads little of that, but from all over: the node, its list of choices, each
//! choice's boxed condition tree, each effect list, each template's pieces and their strings.
//! On a large story every jump to a node missed the cache once for each of those parts. The
//! playbook holds the same in flat arrays, each node's part of each next to the previous
//! node's: [`Item`]s (the node's block), expression [`Op`]s, [`TextOp`]s with their plain text
//! in one string, and the transcript's labels. [`crate::story::Story::playbook`] builds it
//! from the checked nodes the first time a session plays; a translation drops it, to be packed
//! afresh from the translated words.
//!
//! Evaluating an [`Op`] does exactly what [`Expr::eval_int`], [`Expr::eval_bool`] and
//! [`Expr::eval`] do on the tree it was packed from (the functions below mirror them arm by
//! arm). Anything that needs text values (a text literal or comparison, joining texts) stays a
//! tree and is evaluated as written.

use std::sync::Arc;

use super::expr::{AssignOp, BinOp, Effect, Expr, ExprKind, Func, Type, UnOp, Value};
use super::model::{Choice, Exit, Node, NodeIdx, Target};
use super::text::{Part, Template, push_value};

/// No index: no condition, no once-only slot, no single target.
pub(crate) const NONE: u32 = u32::MAX;

/// One expression node, children by index into [`Playbook::ops`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Int(i64),
    Bool(bool),
    Var(u32),
    Not(u32),
    Neg(u32),
    Bin(BinOp, u32, u32),
    Call(Func, u32, u32),
    /// An expression kept as a tree: index into [`Playbook::written`].
    Written(u32),
}

/// One piece of a packed text, in [`Playbook::texts`]; each text ends with `Stop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextOp {
    /// Plain text: a range of [`Playbook::words`].
    Lit {
        from: u32,
        len: u32,
    },
    /// The whole text, plain, shared with the story: index into [`Playbook::shared`].
    Shared(u32),
    /// `{variable}`.
    Var(u32),
    /// Any other `{value}`: index into [`Playbook::written`].
    Value(u32),
    /// A branch of an `{if}`: its body follows when the condition (an op) holds, else go on
    /// at `next` (the next branch or the `{else}` part).
    Branch {
        cond: u32,
        next: u32,
    },
    /// The end of a branch's body: go on after the fragment.
    Jump(u32),
    Stop,
}

/// How a `Set` effect makes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetAs {
    Int,
    Bool,
    /// `value` indexes [`Playbook::written`].
    Written,
}

/// How a node goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// This many choices follow the node's effects.
    Choices(u32),
    Next(NodeIdx),
    /// This many candidates follow the node's effects.
    Pick(u32),
    Ending,
}

/// A piece of a node's block. A block is a `Node` item, its `Effect`s, then its choices (each
/// a `Choice`, its effects, then its outcomes, each an `Outcome` and its effects) or its pick's
/// `Candidate`s.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Node {
        effects: u32,
        way: Way,
        /// Where its text starts in [`Playbook::texts`].
        text: u32,
    },
    Effect {
        var: u32,
        op: AssignOp,
        set: SetAs,
        /// The op (or, for [`SetAs::Written`], the written expression) of the value.
        value: u32,
    },
    Choice {
        text: u32,
        once: u32,
        when: u32,
        requires: u32,
        effects: u32,
        /// The target, or [`NONE`] when outcomes follow the effects.
        goto: NodeIdx,
        /// The item after the choice's last outcome.
        end: u32,
    },
    Outcome {
        target: NodeIdx,
        weight: u32,
        effects: u32,
    },
    Candidate {
        target: NodeIdx,
        when: u32,
        weight: u32,
    },
}

/// The packed rules of every node.
#[derive(Debug, Clone, Default)]
pub struct Playbook {
    /// Where each node's block starts in `items`.
    starts: Vec<u32>,
    items: Vec<Item>,
    ops: Vec<Op>,
    written: Vec<Expr>,
    /// The texts of nodes and choices, in node order.
    texts: Vec<TextOp>,
    /// Their plain text, in the same order.
    words: String,
    /// Texts that are one run of plain text, shared with the story.
    shared: Vec<Arc<str>>,
    /// Each node's key and speaker, as the transcript records them. The keys are copies made
    /// one after another, so they sit together (about 1 MB for 20,000 knots) instead of among
    /// the nodes' other parts, and each speaker is one string shared by all its nodes:
    /// recording a passage then reads no part of the node.
    labels: Vec<(Arc<str>, Option<Arc<str>>)>,
}

/// A node's block as a step reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head {
    pub way: Way,
    /// The node's text, for [`Playbook::render_to`].
    pub text: u32,
    pub effects: Effects,
    /// The first item after the node's effects: its first choice or candidate.
    rest: u32,
}

/// A run of effect items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effects {
    from: u32,
    count: u32,
}

/// One choice of a node.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlayChoice {
    /// The choice's text, for [`Playbook::render_to`].
    pub text: u32,
    pub once: Option<u32>,
    when: u32,
    requires: u32,
    pub effects: Effects,
    /// The target when the choice has no outcomes.
    pub goto: Option<NodeIdx>,
    /// The items of its outcomes.
    outcomes: (u32, u32),
}

/// One weighted outcome of a choice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlayOutcome {
    pub target: NodeIdx,
    weight: u32,
    pub effects: Effects,
}

/// One candidate of a random pick.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlayCandidate {
    pub target: NodeIdx,
    when: u32,
    weight: u32,
}

/// One effect, ready to apply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlayEffect {
    pub var: u32,
    pub op: AssignOp,
    set: SetAs,
    value: u32,
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE)
}

impl Playbook {
    /// Packs the rules, texts and labels of `nodes`.
    pub(crate) fn of(nodes: &[Node]) -> Playbook {
        let mut book = Playbook {
            starts: Vec::with_capacity(nodes.len()),
            ..Playbook::default()
        };
        let mut speakers: std::collections::HashMap<&str, Arc<str>> =
            std::collections::HashMap::new();
        book.labels = nodes
            .iter()
            .map(|n| {
                let speaker = n
                    .speaker
                    .as_ref()
                    .map(|s| Arc::clone(speakers.entry(s).or_insert_with(|| Arc::clone(s))));
                (Arc::from(&*n.key), speaker)
            })
            .collect();
        for node in nodes {
            book.starts.push(index(book.items.len()));
            let way = match &node.exit {
                Exit::Choices(cs) => Way::Choices(index(cs.len())),
                Exit::Next(t) => Way::Next(*t),
                Exit::Pick(cands) => Way::Pick(index(cands.len())),
                Exit::Ending(_) => Way::Ending,
            };
            let text = book.text(&node.text);
            book.items.push(Item::Node {
                effects: index(node.effects.len()),
                way,
                text,
            });
            book.effects(&node.effects);
            match &node.exit {
                Exit::Choices(cs) => {
                    for c in cs {
                        book.choice(c);
                    }
                }
                Exit::Pick(cands) => {
                    for c in cands {
                        let when = book.cond(c.when.as_ref());
                        let weight = book.op(&c.weight);
                        book.items.push(Item::Candidate {
                            target: c.target,
                            when,
                            weight,
                        });
                    }
                }
                Exit::Next(_) | Exit::Ending(_) => {}
            }
        }
        book
    }

    /// Packs a choice: its item, its effects, then its outcomes, each with its effects.
    fn choice(&mut self, c: &Choice) {
        let at = self.items.len();
        let text = self.text(&c.text);
        let when = self.cond(c.when.as_ref());
        let requires = self.cond(c.requires.as_ref());
        let goto = match &c.target {
            Target::Goto(t) => *t,
            Target::Outcomes(_) => NONE,
        };
        self.items.push(Item::Choice {
            text,
            once: c.once.unwrap_or(NONE),
            when,
            requires,
            effects: index(c.effects.len()),
            goto,
            end: NONE,
        });
        self.effects(&c.effects);
        if let Target::Outcomes(os) = &c.target {
            for o in os {
                let weight = self.op(&o.weight);
                self.items.push(Item::Outcome {
                    target: o.target,
                    weight,
                    effects: index(o.effects.len()),
                });
                self.effects(&o.effects);
            }
        }
        let after = index(self.items.len());
        if let Some(Item::Choice { end, .. }) = self.items.get_mut(at) {
            *end = after;
        }
    }

    /// Packs a text; returns where it starts in `texts`.
    fn text(&mut self, t: &Template) -> u32 {
        /// An `{if}` fragment being packed: its open branch and its branches' jumps to its end.
        struct Open {
            branch: usize,
            jumps: Vec<usize>,
            in_body: bool,
        }
        let start = index(self.texts.len());
        if let Some(plain) = t.as_plain() {
            self.shared.push(Arc::clone(plain));
            self.texts
                .push(TextOp::Shared(index(self.shared.len() - 1)));
        } else {
            let mut open: Vec<Open> = Vec::new();
            t.parts(&mut |part| match part {
                Part::Lit(s) => {
                    let from = index(self.words.len());
                    self.words.push_str(s);
                    self.texts.push(TextOp::Lit {
                        from,
                        len: index(s.len()),
                    });
                }
                Part::Var(v) => self.texts.push(TextOp::Var(v)),
                Part::Value(e) => {
                    let w = self.write(e);
                    self.texts.push(TextOp::Value(w));
                }
                Part::If(cond) => {
                    let cond = self.op(cond);
                    let branch = self.texts.len();
                    self.texts.push(TextOp::Branch { cond, next: NONE });
                    // Between two branches the fragment goes on; anywhere else one begins.
                    match open.last_mut() {
                        Some(f) if !f.in_body => {
                            f.branch = branch;
                            f.in_body = true;
                        }
                        _ => open.push(Open {
                            branch,
                            jumps: Vec::new(),
                            in_body: true,
                        }),
                    }
                }
                Part::EndIf => {
                    if let Some(f) = open.last_mut() {
                        f.jumps.push(self.texts.len());
                        self.texts.push(TextOp::Jump(NONE));
                        let next = index(self.texts.len());
                        if let Some(TextOp::Branch { next: n, .. }) = self.texts.get_mut(f.branch) {
                            *n = next;
                        }
                        f.in_body = false;
                    }
                }
                Part::Else => {
                    if let Some(f) = open.last_mut() {
                        f.in_body = true;
                    }
                }
                Part::End => {
                    if let Some(f) = open.pop() {
                        let end = index(self.texts.len());
                        for j in f.jumps {
                            if let Some(op) = self.texts.get_mut(j) {
                                *op = TextOp::Jump(end);
                            }
                        }
                    }
                }
            });
        }
        self.texts.push(TextOp::Stop);
        start
    }

    /// Writes the text at `at` (from [`Head::text`] or [`PlayChoice::text`]) for these values
    /// onto the end of `out`, as [`Template::render_to`] does.
    pub(crate) fn render_to(&self, at: u32, vars: &[Value], out: &mut String) {
        let mut pc = at as usize;
        while let Some(op) = self.texts.get(pc) {
            // Every jump goes forward, so this ends.
            pc = match *op {
                TextOp::Stop => return,
                TextOp::Lit { from, len } => {
                    let from = from as usize;
                    out.push_str(self.words.get(from..from + len as usize).unwrap_or(""));
                    pc + 1
                }
                TextOp::Shared(i) => {
                    out.push_str(self.shared.get(i as usize).map_or("", |t| t));
                    pc + 1
                }
                TextOp::Var(v) => {
                    match vars.get(v as usize) {
                        Some(value) => push_value(value, out),
                        None => out.push('0'),
                    }
                    pc + 1
                }
                TextOp::Value(w) => {
                    if let Some(e) = self.written.get(w as usize) {
                        push_value(&e.eval_ref(vars), out);
                    }
                    pc + 1
                }
                TextOp::Branch { cond, next } => {
                    if self.bool(cond, vars) {
                        pc + 1
                    } else {
                        (next as usize).max(pc + 1)
                    }
                }
                TextOp::Jump(to) => (to as usize).max(pc + 1),
            };
        }
    }

    /// The text at `at` as a shared string, as [`Template::render_shared`] makes it: a plain
    /// text is the story's own; any other is rendered through `scratch` into one allocation.
    pub(crate) fn render_shared(&self, at: u32, vars: &[Value], scratch: &mut String) -> Arc<str> {
        match self.texts.get(at as usize) {
            Some(TextOp::Shared(i)) => self
                .shared
                .get(*i as usize)
                .map_or_else(|| Arc::from(""), Arc::clone),
            Some(TextOp::Stop) | None => Arc::from(""),
            Some(_) => {
                scratch.clear();
                self.render_to(at, vars, scratch);
                Arc::from(scratch.as_str())
            }
        }
    }

    fn cond(&mut self, e: Option<&Expr>) -> u32 {
        e.map_or(NONE, |e| self.op(e))
    }

    fn effects(&mut self, effects: &[Effect]) {
        for e in effects {
            let (set, value) = match e.op {
                AssignOp::Add | AssignOp::Sub => (SetAs::Int, self.op(&e.value)),
                AssignOp::Set => match set_as(&e.value) {
                    SetAs::Written => (SetAs::Written, self.write(&e.value)),
                    packed => (packed, self.op(&e.value)),
                },
            };
            self.items.push(Item::Effect {
                var: e.var,
                op: e.op,
                set,
                value,
            });
        }
    }

    fn write(&mut self, e: &Expr) -> u32 {
        self.written.push(e.clone());
        index(self.written.len() - 1)
    }

    /// Packs `e`, children first; returns the index of its op.
    fn op(&mut self, e: &Expr) -> u32 {
        let op = match &e.kind {
            _ if e.ty == Type::Text => Op::Written(self.write(e)),
            ExprKind::Lit(Value::Int(i)) => Op::Int(*i),
            ExprKind::Lit(Value::Bool(b)) => Op::Bool(*b),
            ExprKind::Lit(Value::Text(_)) => Op::Written(self.write(e)),
            ExprKind::Var(v) => Op::Var(*v),
            ExprKind::Unary(UnOp::Not, c) => Op::Not(self.op(c)),
            ExprKind::Unary(UnOp::Neg, c) => Op::Neg(self.op(c)),
            // Equality of anything but integers compares values (texts, flags) as written.
            ExprKind::Binary(BinOp::Eq | BinOp::Ne, a, _) if a.ty != Type::Int => {
                Op::Written(self.write(e))
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.op(a), self.op(b));
                Op::Bin(*op, a, b)
            }
            ExprKind::Call(f, a, b) => {
                let (a, b) = (self.op(a), self.op(b));
                Op::Call(*f, a, b)
            }
        };
        self.ops.push(op);
        index(self.ops.len() - 1)
    }

    /// Node `n`'s block, if there is such a node.
    pub(crate) fn head(&self, n: NodeIdx) -> Option<Head> {
        let at = *self.starts.get(n as usize)?;
        match self.items.get(at as usize)? {
            Item::Node { effects, way, text } => Some(Head {
                way: *way,
                text: *text,
                effects: Effects {
                    from: at + 1,
                    count: *effects,
                },
                rest: at + 1 + effects,
            }),
            _ => None,
        }
    }

    /// Node `n`'s key and speaker, for the transcript.
    pub(crate) fn label(&self, n: NodeIdx) -> Option<&(Arc<str>, Option<Arc<str>>)> {
        self.labels.get(n as usize)
    }

    /// Whether node `n` is an ending.
    pub(crate) fn is_ending(&self, n: NodeIdx) -> bool {
        self.head(n).is_some_and(|h| h.way == Way::Ending)
    }

    /// The choices of a node's block, in order.
    pub(crate) fn choices(&self, head: Option<Head>) -> impl Iterator<Item = PlayChoice> + '_ {
        let (mut at, count) = match head {
            Some(Head {
                way: Way::Choices(n),
                rest,
                ..
            }) => (rest, n),
            _ => (0, 0),
        };
        (0..count).map_while(move |_| match self.items.get(at as usize)? {
            Item::Choice {
                text,
                once,
                when,
                requires,
                effects,
                goto,
                end,
            } => {
                let after_effects = at + 1 + effects;
                let c = PlayChoice {
                    text: *text,
                    once: (*once != NONE).then_some(*once),
                    when: *when,
                    requires: *requires,
                    effects: Effects {
                        from: at + 1,
                        count: *effects,
                    },
                    goto: (*goto != NONE).then_some(*goto),
                    outcomes: (after_effects, *end),
                };
                at = *end;
                Some(c)
            }
            _ => None,
        })
    }

    /// A choice's outcomes, in order.
    pub(crate) fn outcomes(&self, c: &PlayChoice) -> impl Iterator<Item = PlayOutcome> + '_ {
        let (mut at, end) = c.outcomes;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            match self.items.get(at as usize)? {
                Item::Outcome {
                    target,
                    weight,
                    effects,
                } => {
                    let o = PlayOutcome {
                        target: *target,
                        weight: *weight,
                        effects: Effects {
                            from: at + 1,
                            count: *effects,
                        },
                    };
                    at += 1 + effects;
                    Some(o)
                }
                _ => None,
            }
        })
    }

    /// The candidates of a node's pick, in order.
    pub(crate) fn candidates(&self, head: &Head) -> impl Iterator<Item = PlayCandidate> + '_ {
        let count = match head.way {
            Way::Pick(n) => n,
            _ => 0,
        };
        let from = head.rest as usize;
        self.items
            .get(from..from.saturating_add(count as usize))
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| match i {
                Item::Candidate {
                    target,
                    when,
                    weight,
                } => Some(PlayCandidate {
                    target: *target,
                    when: *when,
                    weight: *weight,
                }),
                _ => None,
            })
    }

    /// The effects of a run, in order.
    pub(crate) fn effects_of(&self, run: Effects) -> impl Iterator<Item = PlayEffect> + '_ {
        let from = run.from as usize;
        self.items
            .get(from..from.saturating_add(run.count as usize))
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| match i {
                Item::Effect {
                    var,
                    op,
                    set,
                    value,
                } => Some(PlayEffect {
                    var: *var,
                    op: *op,
                    set: *set,
                    value: *value,
                }),
                _ => None,
            })
    }

    /// Whether a choice is shown: not used up and its `when` holds.
    pub(crate) fn visible(&self, c: &PlayChoice, vars: &[Value], taken: &[bool]) -> bool {
        !c.once
            .is_some_and(|slot| taken.get(slot as usize).copied().unwrap_or(false))
            && self.holds(c.when, vars)
    }

    /// Whether a shown choice can be taken: its `requires` holds.
    pub(crate) fn enabled(&self, c: &PlayChoice, vars: &[Value]) -> bool {
        self.holds(c.requires, vars)
    }

    /// Whether a candidate may be picked now.
    pub(crate) fn possible(&self, c: &PlayCandidate, vars: &[Value]) -> bool {
        self.holds(c.when, vars)
    }

    /// An outcome's weight now, at least 0.
    pub(crate) fn outcome_weight(&self, o: &PlayOutcome, vars: &[Value]) -> u64 {
        self.int(o.weight, vars).max(0) as u64
    }

    /// A candidate's weight now, at least 0.
    pub(crate) fn candidate_weight(&self, c: &PlayCandidate, vars: &[Value]) -> u64 {
        self.int(c.weight, vars).max(0) as u64
    }

    /// The value an effect assigns (before its variable's range clamps it), as
    /// `crate::session` has always computed it from the [`Effect`].
    pub(crate) fn assigned(&self, e: &PlayEffect, vars: &[Value]) -> Value {
        match e.op {
            AssignOp::Set => match e.set {
                SetAs::Int => Value::Int(self.int(e.value, vars)),
                SetAs::Bool => Value::Bool(self.bool(e.value, vars)),
                SetAs::Written => self
                    .written
                    .get(e.value as usize)
                    .map_or(Value::Int(0), |x| x.eval(vars)),
            },
            AssignOp::Add | AssignOp::Sub => {
                let cur = vars.get(e.var as usize).map_or(0, Value::as_int);
                let d = self.int(e.value, vars);
                Value::Int(if e.op == AssignOp::Add {
                    cur.saturating_add(d)
                } else {
                    cur.saturating_sub(d)
                })
            }
        }
    }

    /// A condition: [`NONE`] always holds.
    #[inline]
    fn holds(&self, cond: u32, vars: &[Value]) -> bool {
        cond == NONE || self.bool(cond, vars)
    }

    /// A variable's or a literal's integer read without a call (most operands are one or the
    /// other), else [`Playbook::int`].
    #[inline(always)]
    fn int_operand(&self, at: u32, vars: &[Value]) -> i64 {
        match self.ops.get(at as usize) {
            Some(Op::Var(v)) => vars.get(*v as usize).map_or(0, Value::as_int),
            Some(Op::Int(i)) => *i,
            _ => self.int(at, vars),
        }
    }

    /// Like [`Playbook::int_operand`], for flags.
    #[inline(always)]
    fn bool_operand(&self, at: u32, vars: &[Value]) -> bool {
        match self.ops.get(at as usize) {
            Some(Op::Var(v)) => vars.get(*v as usize).is_some_and(Value::as_bool),
            _ => self.bool(at, vars),
        }
    }

    /// [`Expr::eval_int`] of the packed expression at `at`.
    fn int(&self, at: u32, vars: &[Value]) -> i64 {
        match self.ops.get(at as usize) {
            Some(Op::Int(i)) => *i,
            Some(Op::Var(v)) => vars.get(*v as usize).map_or(0, Value::as_int),
            Some(Op::Neg(c)) => self.int(*c, vars).saturating_neg(),
            Some(Op::Bin(op, a, b)) => {
                let (x, y) = (self.int_operand(*a, vars), self.int_operand(*b, vars));
                match op {
                    BinOp::Add => x.saturating_add(y),
                    BinOp::Sub => x.saturating_sub(y),
                    BinOp::Mul => x.saturating_mul(y),
                    BinOp::Div => x.checked_div(y).unwrap_or(0),
                    BinOp::Rem => x.checked_rem(y).unwrap_or(0),
                    _ => 0,
                }
            }
            Some(Op::Call(f, a, b)) => {
                let (x, y) = (self.int(*a, vars), self.int(*b, vars));
                match f {
                    Func::Min => x.min(y),
                    Func::Max => x.max(y),
                }
            }
            Some(Op::Written(w)) => self
                .written
                .get(*w as usize)
                .map_or(0, |e| e.eval_int(vars)),
            Some(Op::Bool(_) | Op::Not(_)) | None => 0,
        }
    }

    /// [`Expr::eval_bool`] of the packed expression at `at`.
    fn bool(&self, at: u32, vars: &[Value]) -> bool {
        match self.ops.get(at as usize) {
            Some(Op::Bool(b)) => *b,
            Some(Op::Var(v)) => vars.get(*v as usize).is_some_and(Value::as_bool),
            Some(Op::Not(c)) => !self.bool(*c, vars),
            Some(Op::Bin(op, a, b)) => match op {
                BinOp::Or => self.bool_operand(*a, vars) || self.bool_operand(*b, vars),
                BinOp::And => self.bool_operand(*a, vars) && self.bool_operand(*b, vars),
                // Packed only between integers (see `op`).
                BinOp::Eq => self.int_operand(*a, vars) == self.int_operand(*b, vars),
                BinOp::Ne => self.int_operand(*a, vars) != self.int_operand(*b, vars),
                BinOp::Lt => self.int_operand(*a, vars) < self.int_operand(*b, vars),
                BinOp::Le => self.int_operand(*a, vars) <= self.int_operand(*b, vars),
                BinOp::Gt => self.int_operand(*a, vars) > self.int_operand(*b, vars),
                BinOp::Ge => self.int_operand(*a, vars) >= self.int_operand(*b, vars),
                _ => false,
            },
            Some(Op::Written(w)) => self
                .written
                .get(*w as usize)
                .is_some_and(|e| e.eval_bool(vars)),
            Some(Op::Int(_) | Op::Neg(_) | Op::Call(..)) | None => false,
        }
    }
}

/// How a `Set` effect of `e` computes its value so that it equals `e.eval(vars)`: integers and
/// flags computed by the packed ops where `eval` itself does that, the rest as written.
fn set_as(e: &Expr) -> SetAs {
    match (&e.kind, e.ty) {
        (ExprKind::Lit(Value::Int(_)), _) => SetAs::Int,
        (ExprKind::Lit(Value::Bool(_)), _) => SetAs::Bool,
        (ExprKind::Unary(UnOp::Neg, _) | ExprKind::Call(..), Type::Int) => SetAs::Int,
        (ExprKind::Unary(UnOp::Not, _), Type::Bool) => SetAs::Bool,
        (ExprKind::Binary(BinOp::Eq | BinOp::Ne, ..), _) => SetAs::Written,
        (ExprKind::Binary(BinOp::Or | BinOp::And, ..), Type::Bool) => SetAs::Bool,
        (ExprKind::Binary(BinOp::Or | BinOp::And, ..), _) => SetAs::Written,
        (ExprKind::Binary(..), Type::Bool) => SetAs::Bool,
        (ExprKind::Binary(..), Type::Int) => SetAs::Int,
        _ => SetAs::Written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::expr::{TestScope, parse_expr_any};
    use proptest::prelude::*;

    /// Four variables, one of each type and two integers.
    const VARS: TestScope = TestScope(&[
        ("i", Type::Int),
        ("j", Type::Int),
        ("f", Type::Bool),
        ("t", Type::Text),
    ]);

    /// Integer expression sources.
    fn int_source() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            prop_oneof![Just(i64::MAX), Just(i64::MIN + 1), Just(0i64), -20i64..20]
                .prop_map(|i| i.to_string()),
            Just("i".to_owned()),
            Just("j".to_owned()),
        ];
        leaf.prop_recursive(5, 40, 2, |inner| {
            let op = prop_oneof![Just("+"), Just("-"), Just("*"), Just("/"), Just("%")];
            prop_oneof![
                (inner.clone(), op, inner.clone()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
                inner.clone().prop_map(|a| format!("-({a})")),
                inner.clone().prop_map(|a| format!("({a})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("min({a}, {b})")),
                (inner.clone(), inner).prop_map(|(a, b)| format!("max({a}, {b})")),
            ]
        })
    }

    /// Condition sources: flags, integer and text comparisons, `!`, `&&`, `||`.
    fn bool_source() -> impl Strategy<Value = String> {
        let cmp = prop_oneof![
            Just("=="),
            Just("!="),
            Just("<"),
            Just("<="),
            Just(">"),
            Just(">=")
        ];
        let leaf = prop_oneof![
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("f".to_owned()),
            Just("t == \"Mira\"".to_owned()),
            Just("t + \"\" != \"\"".to_owned()),
            (int_source(), cmp, int_source()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        ];
        leaf.prop_recursive(4, 30, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} || {b}")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) && ({b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) == ({b})")),
                inner.prop_map(|a| format!("!({a})")),
            ]
        })
    }

    /// Expression sources of each type.
    fn source() -> impl Strategy<Value = String> {
        prop_oneof![
            int_source(),
            bool_source(),
            prop_oneof![Just("t"), Just("\"Mira\""), Just("t + \"!\"")].prop_map(str::to_owned),
        ]
    }

    /// Any value, of any type: a state from a damaged save may hold the wrong one.
    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::Int),
            (-10i64..10).prop_map(Value::Int),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![Just(""), Just("Mira"), Just("Ana")].prop_map(|t| Value::Text(t.into())),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The packed form evaluates every expression exactly as its tree does: as an integer,
        /// as a condition, and as the value a `Set` effect assigns.
        #[test]
        fn packed_expressions_evaluate_as_their_trees(
            src in source(),
            vars in proptest::collection::vec(value(), 4),
        ) {
            let e = parse_expr_any(&src, &VARS).map_err(|e| TestCaseError::fail(format!("{src}: {e}")))?;
            let mut book = Playbook::default();
            let at = book.op(&e);
            prop_assert_eq!(book.int(at, &vars), e.eval_int(&vars), "int of {}", src);
            prop_assert_eq!(book.bool(at, &vars), e.eval_bool(&vars), "bool of {}", src);
            let effect = Effect { var: 0, op: AssignOp::Set, value: e.clone() };
            book.effects(std::slice::from_ref(&effect));
            let Some(Item::Effect { var, op, set, value }) = book.items.last().copied() else {
                panic!("an effect item");
            };
            let packed = PlayEffect { var, op, set, value };
            prop_assert_eq!(book.assigned(&packed, &vars), e.eval(&vars), "set to {}", src);
        }
    }

    /// Template sources: plain runs, `{var}`, other values, nested `{if}`/`{elif}`/`{else}`.
    fn template() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            prop_oneof![
                Just("The road"),
                Just(" home. "),
                Just("{{braces}}"),
                Just("é—")
            ]
            .prop_map(str::to_owned),
            prop_oneof![
                Just("{i}"),
                Just("{f}"),
                Just("{t}"),
                Just("{i + j}"),
                Just("{t + \"!\"}")
            ]
            .prop_map(str::to_owned),
            Just(String::new()),
        ];
        leaf.prop_recursive(4, 40, 4, |inner| {
            let cond = prop_oneof![
                Just("i > 2"),
                Just("f"),
                Just("t == \"Mira\""),
                Just("!f && j < 0")
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                (
                    cond.clone(),
                    inner.clone(),
                    proptest::option::of(inner.clone())
                )
                    .prop_map(|(c, a, b)| match b {
                        Some(b) => format!("{{if {c}}}{a}{{else}}{b}{{end}}"),
                        None => format!("{{if {c}}}{a}{{end}}"),
                    }),
                (cond.clone(), inner.clone(), cond, inner.clone(), inner).prop_map(
                    |(c, a, d, b, e)| format!("{{if {c}}}{a}{{elif {d}}}{b}{{else}}{e}{{end}}")
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// A packed text reads exactly as its template renders, shared or written out, with
        /// other texts packed before it.
        #[test]
        fn packed_texts_render_as_their_templates(
            before in template(),
            src in template(),
            vars in proptest::collection::vec(value(), 4),
        ) {
            let first = Template::parse(&before, &VARS).map_err(|e| TestCaseError::fail(format!("{before}: {e}")))?;
            let t = Template::parse(&src, &VARS).map_err(|e| TestCaseError::fail(format!("{src}: {e}")))?;
            let mut book = Playbook::default();
            book.text(&first);
            let at = book.text(&t);
            let mut out = String::from(">");
            book.render_to(at, &vars, &mut out);
            prop_assert_eq!(&out[1..], t.render(&vars), "text {}", src);
            let mut scratch = String::new();
            prop_assert_eq!(
                book.render_shared(at, &vars, &mut scratch),
                t.render_shared(&vars, &mut scratch),
                "shared text {}", src
            );
        }
    }

    #[test]
    fn text_comparisons_stay_trees_and_integer_ones_are_packed() {
        let mut book = Playbook::default();
        let e = parse_expr_any("t == \"Mira\" || i > 3", &VARS).expect("parses");
        let at = book.op(&e);
        assert!(matches!(book.ops[at as usize], Op::Bin(BinOp::Or, ..)));
        assert_eq!(
            book.written.len(),
            1,
            "only the text comparison is kept as written"
        );
        let vars = [
            Value::Int(4),
            Value::Int(0),
            Value::Bool(false),
            Value::Text("Ana".into()),
        ];
        assert!(book.bool(at, &vars));
    }
}
