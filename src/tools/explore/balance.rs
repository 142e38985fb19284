//! Stat balance: each variable's values at the endings explored, who reads it, and flags for a
//! variable nothing reads after it is set or one stuck at a bound in most endings.

use std::collections::BTreeMap;

use serde::Serialize;

use super::reads::{Read, read_after_write, readers, written};
use crate::story::Story;
use crate::story::expr::Type;

/// A variable at one of its declared bounds in more than this share of endings is flagged.
pub const BOUND_SHARE: f64 = 0.40;

/// Something worth a writer's look about one variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "flag", rename_all = "kebab-case")]
pub enum BalanceFlag {
    /// Nothing in the story reads it (no condition, weight, text or effect).
    NeverRead,
    /// Effects set it, but nothing reads it after any of them.
    NotReadAfterSet,
    /// At a declared bound (`"min 0"`, `"max 10"`) in more than [`BOUND_SHARE`] of endings.
    AtBound { bound: String, share: f64 },
}

/// One variable's balance line.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub variable: String,
    /// `"bool"`, `"int"` or `"text"`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Shown to the player as a stat.
    pub stat: bool,
    /// Endings counted (random mode: playthroughs that ended; exhaustive mode: every step of
    /// the walk into an ending, from each distinct state).
    pub endings: u64,
    /// Lowest, median and highest value at those endings (booleans as 0 and 1; none for text).
    pub min: Option<i64>,
    pub median: Option<i64>,
    pub max: Option<i64>,
    pub declared_min: Option<i64>,
    pub declared_max: Option<i64>,
    /// Share of endings at the declared minimum (`None` without one).
    pub at_min: Option<f64>,
    /// Share of endings at the declared maximum (`None` without one).
    pub at_max: Option<f64>,
    /// Booleans: share of endings where it is true.
    pub share_true: Option<f64>,
    /// Every place that reads it.
    pub reads: Vec<Read>,
    pub flags: Vec<BalanceFlag>,
}

/// Every variable's balance, in declaration order, from its ending values (value → count).
pub(crate) fn balance(story: &Story, values: &[BTreeMap<i64, u64>]) -> Vec<Balance> {
    let reads = readers(story);
    let live = super::reads::live_in(story);
    let after = read_after_write(story, &live);
    let set = written(story);
    story
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let empty = BTreeMap::new();
            let counts = values.get(i).unwrap_or(&empty);
            let total: u64 = counts.values().sum();
            let share = |n: u64| {
                if total == 0 {
                    0.0
                } else {
                    n as f64 / total as f64
                }
            };
            let at =
                |bound: Option<i64>| bound.map(|b| share(counts.get(&b).copied().unwrap_or(0)));
            let is_int = v.ty == Type::Int;
            let (at_min, at_max) = if is_int && total > 0 {
                (at(v.min), at(v.max))
            } else {
                (None, None)
            };
            let reads = reads.get(i).cloned().unwrap_or_default();
            let mut flags = Vec::new();
            if reads.is_empty() {
                flags.push(BalanceFlag::NeverRead);
            } else if set.get(i).copied().unwrap_or(false) && !after.get(i).copied().unwrap_or(true)
            {
                flags.push(BalanceFlag::NotReadAfterSet);
            }
            for (bound, s) in [("min", at_min, v.min), ("max", at_max, v.max)]
                .into_iter()
                .filter_map(|(name, s, b)| Some((format!("{name} {}", b?), s?)))
            {
                if s > BOUND_SHARE {
                    flags.push(BalanceFlag::AtBound { bound, share: s });
                }
            }
            Balance {
                variable: v.id.clone(),
                ty: v.ty.to_string(),
                stat: v.stat,
                endings: total,
                min: counts.keys().next().copied(),
                median: median(counts, total),
                max: counts.keys().next_back().copied(),
                declared_min: v.min.filter(|_| is_int),
                declared_max: v.max.filter(|_| is_int),
                at_min,
                at_max,
                share_true: (v.ty == Type::Bool && total > 0)
                    .then(|| share(counts.get(&1).copied().unwrap_or(0))),
                reads,
                flags,
            }
        })
        .collect()
}

/// The lower median of the counted values.
fn median(counts: &BTreeMap<i64, u64>, total: u64) -> Option<i64> {
    if total == 0 {
        return None;
    }
    let mid = (total - 1) / 2;
    let mut seen = 0;
    for (v, n) in counts {
        seen += n;
        if seen > mid {
            return Some(*v);
        }
    }
    None
}
