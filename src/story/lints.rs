//! Whole-story lints: reachability, automatic-`next` cycles, unused variables, duplicate endings.

use std::collections::HashMap;

use super::diagnostic::{Code, Diagnostic};
use super::expr::Effect;
use super::{Exit, MAX_AUTO_STEPS, NodeIdx, Story, Target};

/// Runs the lints over a story. When its parts already had errors, only the lints that find
/// errors run: warnings about reachability or variable use would be skewed by broken parts.
pub fn lint(story: &Story, has_errors: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    next_cycles(story, &mut out);
    long_auto_chains(story, &mut out);
    duplicate_endings(story, &mut out);
    if !has_errors {
        unreachable(story, &mut out);
        variable_use(story, &mut out);
    }
    out
}

/// Nodes reachable from any role's start or any of its presets' starts.
pub fn reachable(story: &Story) -> Vec<bool> {
    reachable_from(story, story.roles.iter().flat_map(super::Role::starts))
}

/// Nodes reachable from any of `starts`.
pub fn reachable_from(story: &Story, starts: impl IntoIterator<Item = NodeIdx>) -> Vec<bool> {
    let mut seen = vec![false; story.nodes.len()];
    let mut stack: Vec<NodeIdx> = starts.into_iter().collect();
    while let Some(n) = stack.pop() {
        let Some(slot) = seen.get_mut(n as usize) else {
            continue;
        };
        if std::mem::replace(slot, true) {
            continue;
        }
        stack.extend(story.edges(n).into_iter().map(|e| e.0));
    }
    seen
}

fn unreachable(story: &Story, out: &mut Vec<Diagnostic>) {
    if story.roles.is_empty() {
        return;
    }
    for (i, seen) in reachable(story).into_iter().enumerate() {
        if !seen {
            let node = &story.nodes[i];
            out.push(
                Diagnostic::warning(
                    Code::Unreachable,
                    format!(
                        "node `{}` cannot be reached from any role's start",
                        node.key
                    ),
                )
                .at(node.place.file, node.place.span.clone(), "never reached")
                .help("lead a choice, `next` or `pick` to it, or delete it"),
            );
        }
    }
}

fn next_cycles(story: &Story, out: &mut Vec<Diagnostic>) {
    // Follow `next` chains; every node has at most one `next`, so a walk either ends or loops.
    let mut state = vec![0u8; story.nodes.len()]; // 0 new, 1 on the current walk, 2 done
    for startn in 0..story.nodes.len() {
        let mut path = Vec::new();
        let mut n = startn;
        loop {
            match state[n] {
                2 => break,
                1 => {
                    let at = path.iter().position(|p| *p == n).unwrap_or(0);
                    let cycle: Vec<&str> = path[at..]
                        .iter()
                        .map(|&i: &usize| &*story.nodes[i].key)
                        .collect();
                    let node = &story.nodes[n];
                    out.push(
                        Diagnostic::error(
                            Code::NextCycle,
                            format!(
                                "automatic `next` steps loop forever: {} -> {}",
                                cycle.join(" -> "),
                                node.key
                            ),
                        )
                        .at(
                            node.place.file,
                            node.place.span.clone(),
                            "the loop passes here",
                        )
                        .help("give one node in the loop choices, so the player can leave it"),
                    );
                    break;
                }
                _ => {}
            }
            state[n] = 1;
            path.push(n);
            match story.nodes[n].exit {
                Exit::Next(t) if (t as usize) < story.nodes.len() => n = t as usize,
                _ => break,
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

/// The `k`th node an automatic step (`next`, a `pick` candidate) can lead to from node `n`.
fn auto_step(story: &Story, n: usize, k: usize) -> Option<usize> {
    match &story.nodes[n].exit {
        Exit::Next(t) if k == 0 => Some(*t as usize),
        Exit::Pick(cands) => cands.get(k).map(|c| c.target as usize),
        _ => None,
    }
    .filter(|&t| t < story.nodes.len())
}

/// Reports where play could enter more than [`MAX_AUTO_STEPS`] nodes without a choice: at the
/// head of each such chain. Steps back into a node already on the chain (loops, reported by
/// `next_cycles` or left to chance by a `pick`) are not counted.
fn long_auto_chains(story: &Story, out: &mut Vec<Diagnostic>) {
    let count = story.nodes.len();
    // The most nodes a passage entering each node can pass through; 0 while not yet known.
    let mut len = vec![0usize; count];
    let mut open = vec![false; count];
    // Depth-first, with an explicit stack: chains may be far longer than the thread's stack.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if len[root] > 0 {
            continue;
        }
        open[root] = true;
        stack.push((root, 0));
        while let Some((n, k)) = stack.last_mut() {
            let n = *n;
            if let Some(t) = auto_step(story, n, *k) {
                *k += 1;
                if len[t] == 0 && !open[t] {
                    open[t] = true;
                    stack.push((t, 0));
                }
                continue;
            }
            let longest = (0..)
                .map_while(|k| auto_step(story, n, k))
                .map(|t| len[t])
                .max()
                .unwrap_or(0);
            len[n] = 1 + longest;
            open[n] = false;
            stack.pop();
        }
    }
    let mut inside = vec![false; count];
    for n in (0..count).filter(|&n| len[n] > MAX_AUTO_STEPS) {
        for t in (0..).map_while(|k| auto_step(story, n, k)) {
            inside[t] = true;
        }
    }
    for n in (0..count).filter(|&n| len[n] > MAX_AUTO_STEPS && !inside[n]) {
        let node = &story.nodes[n];
        out.push(
            Diagnostic::error(
                Code::AutoStepLimit,
                format!(
                    "automatic steps from `{}` can pass through {} nodes without a choice or an ending; play stops after {MAX_AUTO_STEPS}",
                    node.key, len[n]
                ),
            )
            .at(node.place.file, node.place.span.clone(), "the chain starts here")
            .help("give a node along the chain choices, or shorten it"),
        );
    }
}

fn variable_use(story: &Story, out: &mut Vec<Diagnostic>) {
    let n = story.variables.len();
    let mut read = vec![false; n];
    let mut changed = vec![false; n];
    let mut mark_read = |i: u32| {
        if let Some(r) = read.get_mut(i as usize) {
            *r = true;
        }
    };
    let effects = |fx: &[Effect], changed: &mut Vec<bool>, mark: &mut dyn FnMut(u32)| {
        for e in fx {
            if let Some(c) = changed.get_mut(e.var as usize) {
                *c = true;
            }
            e.value.for_each_var(&mut |v| mark(v));
        }
    };
    for node in &story.nodes {
        node.text
            .for_each_expr(&mut |e| e.for_each_var(&mut mark_read));
        effects(&node.effects, &mut changed, &mut mark_read);
        match &node.exit {
            Exit::Choices(cs) => {
                for c in cs {
                    c.text
                        .for_each_expr(&mut |e| e.for_each_var(&mut mark_read));
                    for cond in [&c.when, &c.requires].into_iter().flatten() {
                        cond.for_each_var(&mut mark_read);
                    }
                    effects(&c.effects, &mut changed, &mut mark_read);
                    if let Target::Outcomes(os) = &c.target {
                        for o in os {
                            o.weight.for_each_var(&mut mark_read);
                            effects(&o.effects, &mut changed, &mut mark_read);
                        }
                    }
                }
            }
            Exit::Pick(cands) => {
                for c in cands {
                    c.weight.for_each_var(&mut mark_read);
                    if let Some(w) = &c.when {
                        w.for_each_var(&mut mark_read);
                    }
                }
            }
            Exit::Next(_) | Exit::Ending(_) => {}
        }
    }
    let starting_values = story
        .roles
        .iter()
        .flat_map(|r| std::iter::once(&r.values).chain(r.presets.iter().map(|p| &p.values)));
    for values in starting_values {
        for (i, v) in values.iter().enumerate() {
            if story.variables.get(i).is_some_and(|var| var.default != *v) {
                changed[i] = true;
            }
        }
    }
    for (i, var) in story.variables.iter().enumerate() {
        if !read[i] {
            let help = if var.stat {
                "it is shown as a stat; if that is its whole purpose, read it in a condition or text to make it matter"
            } else {
                "read it in a condition, weight or text, or delete it"
            };
            out.push(
                Diagnostic::warning(
                    Code::UnusedVariable,
                    format!("variable `{}` is never read", var.id),
                )
                .at(var.place.file, var.place.span.clone(), "declared here")
                .help(help),
            );
        }
        if !changed[i] {
            out.push(
                Diagnostic::warning(
                    Code::ConstantVariable,
                    format!("variable `{}` is never changed", var.id),
                )
                .at(var.place.file, var.place.span.clone(), "declared here")
                .help("change it in an effect or a role's `values`, or make it a plain text"),
            );
        }
    }
}

fn duplicate_endings(story: &Story, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (idx, ending) in story.endings() {
        let node = &story.nodes[idx as usize];
        if let Some(first) = seen.insert(ending.id.as_str(), &*node.key) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("ending id `{}` is used twice", ending.id),
                )
                .at(
                    node.place.file,
                    node.place.span.clone(),
                    "second ending with this id",
                )
                .help(format!(
                    "`{first}` already uses it; endings are remembered by id, so give each its own"
                )),
            );
        }
    }
}
