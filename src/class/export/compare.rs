//! The groups side by side: which endings each reached, where groups of one role parted ways,
//! and the closest decisions of the class.

use serde::Serialize;

use super::model::GroupInfo;

/// How many of the closest decisions the debrief lists.
pub const CLOSEST: usize = 5;

/// One group's line in the comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct GroupLine {
    pub group: String,
    pub role_name: String,
    pub preset: Option<String>,
    /// The ending's title, or `None` while the group has not reached one.
    pub ending: Option<String>,
    /// Decisions that stand.
    pub decisions: usize,
    pub overrides: usize,
    pub hand_counts: usize,
    pub revotes: usize,
    pub undone: usize,
    /// The smallest margin of its decisions that stand.
    pub closest_margin: Option<f64>,
}

/// Where two groups of the same start (role and preset, hence the same seed and the same
/// random draws for the same choices) first chose differently.
#[derive(Debug, Clone, Serialize)]
pub struct Divergence {
    pub first: String,
    pub second: String,
    /// `diverged`, `same` (the same path so far, equally far) or `ahead` (one group's path
    /// is the other's, and then some).
    pub kind: &'static str,
    /// The decision (1-based, among those that stand) where they parted, or where the shorter
    /// path stops.
    pub at: usize,
    pub scene: Option<String>,
    pub node: Option<String>,
    pub first_choice: Option<String>,
    pub second_choice: Option<String>,
}

/// An ending and the groups that reached it.
#[derive(Debug, Clone, Serialize)]
pub struct EndingReached {
    pub ending: String,
    pub groups: Vec<String>,
}

/// One of the closest decisions of the class.
#[derive(Debug, Clone, Serialize)]
pub struct Close {
    pub group: String,
    /// The decision's number in its group.
    pub decision: usize,
    pub scene: String,
    pub node: String,
    pub choice_text: String,
    pub how: &'static str,
    pub tally: Vec<u32>,
    pub margin: f64,
}

/// The side-by-side comparison of a class's groups.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub groups: Vec<GroupLine>,
    pub divergences: Vec<Divergence>,
    pub endings: Vec<EndingReached>,
    pub closest: Vec<Close>,
}

/// Compares `groups`.
pub fn compare(groups: &[GroupInfo]) -> Comparison {
    let lines = groups
        .iter()
        .map(|g| GroupLine {
            group: g.name.clone(),
            role_name: g.role_name.clone(),
            preset: g.preset.clone(),
            ending: g.ending.as_ref().map(|e| e.title.clone()),
            decisions: g.standing().count(),
            overrides: g.standing().filter(|d| d.how == "override").count(),
            hand_counts: g.standing().filter(|d| d.how == "hands").count(),
            revotes: g
                .decisions
                .iter()
                .flat_map(|d| &d.polls)
                .filter(|p| p.revote)
                .count(),
            undone: g.decisions.iter().filter(|d| d.undone).count(),
            closest_margin: g.standing().filter_map(|d| d.margin).reduce(f64::min),
        })
        .collect();
    let mut divergences = Vec::new();
    for (i, a) in groups.iter().enumerate() {
        for b in &groups[i + 1..] {
            if a.role == b.role && a.preset == b.preset {
                divergences.push(diverge(a, b));
            }
        }
    }
    let mut endings: Vec<EndingReached> = Vec::new();
    for g in groups {
        let title = g
            .ending
            .as_ref()
            .map_or_else(|| t!("export-no-ending-yet"), |e| e.title.clone());
        match endings.iter_mut().find(|e| e.ending == title) {
            Some(e) => e.groups.push(g.name.clone()),
            None => endings.push(EndingReached {
                ending: title,
                groups: vec![g.name.clone()],
            }),
        }
    }
    let mut closest: Vec<Close> = groups
        .iter()
        .flat_map(|g| {
            g.standing().filter_map(|d| {
                Some(Close {
                    group: g.name.clone(),
                    decision: d.number,
                    scene: d.scene.clone(),
                    node: d.node.clone(),
                    choice_text: d.choice_text.clone(),
                    how: d.how,
                    tally: d.tally.clone()?,
                    margin: d.margin?,
                })
            })
        })
        .collect();
    // Stable: equal margins keep group and decision order.
    closest.sort_by(|x, y| x.margin.total_cmp(&y.margin));
    closest.truncate(CLOSEST);
    Comparison {
        groups: lines,
        divergences,
        endings,
        closest,
    }
}

/// Where `a` and `b` (of one start) parted: the first standing decision where they chose
/// differently (or stood at different nodes, which the same choices cannot give).
fn diverge(a: &GroupInfo, b: &GroupInfo) -> Divergence {
    let da: Vec<_> = a.standing().collect();
    let db: Vec<_> = b.standing().collect();
    let parted = da
        .iter()
        .zip(&db)
        .position(|(x, y)| x.node != y.node || x.choice != y.choice);
    let mut d = Divergence {
        first: a.name.clone(),
        second: b.name.clone(),
        kind: "same",
        at: da.len().min(db.len()) + 1,
        scene: None,
        node: None,
        first_choice: None,
        second_choice: None,
    };
    if let Some(k) = parted {
        d.kind = "diverged";
        d.at = k + 1;
        d.scene = Some(da[k].scene.clone());
        d.node = Some(da[k].node.clone());
        d.first_choice = Some(da[k].choice_text.clone());
        d.second_choice = Some(db[k].choice_text.clone());
    } else if da.len() != db.len() {
        d.kind = "ahead";
        let k = da.len().min(db.len());
        if let Some(next) = da.get(k) {
            d.first_choice = Some(next.choice_text.clone());
        }
        if let Some(next) = db.get(k) {
            d.second_choice = Some(next.choice_text.clone());
        }
        if let Some(next) = da.get(k).or_else(|| db.get(k)) {
            d.scene = Some(next.scene.clone());
            d.node = Some(next.node.clone());
        }
    }
    d
}
