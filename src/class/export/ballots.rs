//! Every ballot cast, read from the class log in order (one row per `Ballot` event, so a
//! changed vote is a later row), and the CSV that lists them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Names;
use crate::class::{Class, Event, role_seed};
use crate::session::Session;

/// One ballot as the CSV and JSON list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BallotRow {
    /// The group's vote number (rounds count per group, from 1; a revote is a round too).
    pub round: u32,
    /// The group's name.
    pub group: String,
    /// `scene.node` where the group was voting.
    pub node: String,
    /// The choice voted for, numbered from 1 as students saw the choices.
    pub choice: usize,
    pub choice_text: String,
    /// Class clock, milliseconds since the class began.
    pub at_ms: u64,
    /// The seat's nickname, or its anonymous id ("Student 3").
    pub seat: String,
    /// This was the seat's last ballot in a vote that closed with it in the tally.
    pub counted: bool,
}

/// Where a group stood when a vote opened.
struct Opened {
    node: String,
    choices: Vec<String>,
}

/// The ballots of `class`'s log, in the order cast. Each group's story is followed alongside
/// (decisions and undos, from the log) to know the node and the choices' texts of every vote.
pub(super) fn rows(class: &Class, names: &Names) -> Vec<BallotRow> {
    let setup = class.setup();
    let story = class.story();
    let mut sessions: Vec<Option<Session>> = setup
        .groups
        .iter()
        .map(|g| {
            Session::start_preset(
                story.clone(),
                &g.role,
                g.preset.as_deref(),
                role_seed(setup.seed, &g.role),
            )
            .ok()
        })
        .collect();
    let mut opened: HashMap<(usize, u32), Opened> = HashMap::new();
    // Per open vote (group, round): each seat's latest row.
    let mut latest: BTreeMap<(usize, u32), BTreeMap<u32, usize>> = BTreeMap::new();
    let mut rows: Vec<BallotRow> = Vec::new();
    for logged in class.log() {
        match &logged.event {
            Event::Opened { group, round, .. } => {
                let view = sessions
                    .get(*group)
                    .and_then(Option::as_ref)
                    .map(Session::view);
                opened.insert(
                    (*group, *round),
                    Opened {
                        node: view.as_ref().map(|v| v.node.clone()).unwrap_or_default(),
                        choices: view
                            .map(|v| v.choices.into_iter().map(|c| c.text).collect())
                            .unwrap_or_default(),
                    },
                );
                latest.insert((*group, *round), BTreeMap::new());
            }
            Event::Ballot {
                group,
                round,
                seat,
                choice,
            } => {
                let at = opened.get(&(*group, *round));
                if let Some(seats) = latest.get_mut(&(*group, *round)) {
                    seats.insert(*seat, rows.len());
                }
                rows.push(BallotRow {
                    round: *round,
                    group: names.group(*group),
                    node: at.map(|o| o.node.clone()).unwrap_or_default(),
                    choice: choice + 1,
                    choice_text: at
                        .and_then(|o| o.choices.get(*choice).cloned())
                        .unwrap_or_default(),
                    at_ms: logged.at,
                    seat: names.seat(*seat),
                    counted: false,
                });
            }
            Event::Removed { seat } => {
                for seats in latest.values_mut() {
                    seats.remove(seat);
                }
            }
            Event::Closed { group, round } => {
                if let Some(seats) = latest.remove(&(*group, *round)) {
                    for row in seats.into_values() {
                        if let Some(r) = rows.get_mut(row) {
                            r.counted = true;
                        }
                    }
                }
            }
            Event::Decided { group, choice, .. } => {
                if let Some(s) = sessions.get_mut(*group).and_then(Option::as_mut) {
                    let _ = s.choose(*choice);
                }
            }
            Event::Undone { group } => {
                if let Some(s) = sessions.get_mut(*group).and_then(Option::as_mut) {
                    let _ = s.undo();
                }
                // A vote open when its decision is undone is dropped uncounted.
                latest.retain(|(g, _), _| g != group);
            }
            _ => {}
        }
    }
    rows
}

/// The CSV header.
pub const HEADER: &str = "round,group,node,choice,choice_text,at_ms,seat,counted";

/// One CSV field, quoted when it must be (RFC 4180): a field holding a comma, a double quote,
/// a line break or leading/trailing spaces is put in double quotes, its quotes doubled. A
/// field a spreadsheet would read as a formula (starting with `=`, `+`, `-` or `@`) gets a
/// leading `'` inside the quotes, so opening the file runs nothing.
pub fn quote(field: &str) -> String {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs = formula
        || field.contains([',', '"', '\n', '\r'])
        || field.starts_with(' ')
        || field.ends_with(' ');
    if !needs {
        return field.to_owned();
    }
    let mut out = String::with_capacity(field.len() + 4);
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&field.replace('"', "\"\""));
    out.push('"');
    out
}

/// The rows as CSV: the header, then one line per ballot, lines ending in CRLF (RFC 4180).
pub fn csv(rows: &[BallotRow]) -> String {
    let mut out = String::with_capacity(64 * (rows.len() + 1));
    out.push_str(HEADER);
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.round.to_string(),
            quote(&r.group),
            quote(&r.node),
            r.choice.to_string(),
            quote(&r.choice_text),
            r.at_ms.to_string(),
            quote(&r.seat),
            r.counted.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_follows_rfc_4180_and_defuses_formulas() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("한글 text"), "한글 text");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\r"), "\"cr\r\"");
        assert_eq!(quote(" padded "), "\" padded \"");
        assert_eq!(quote("=1+1"), "\"'=1+1\"");
        assert_eq!(quote("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn csv_has_the_header_and_one_crlf_line_per_row() {
        let row = BallotRow {
            round: 2,
            group: "Group 1".into(),
            node: "camp.start".into(),
            choice: 3,
            choice_text: "Report, \"now\"".into(),
            at_ms: 1500,
            seat: "Student 1".into(),
            counted: true,
        };
        assert_eq!(
            csv(&[row]),
            "round,group,node,choice,choice_text,at_ms,seat,counted\r\n2,Group 1,camp.start,3,\"Report, \"\"now\"\"\",1500,Student 1,true\r\n"
        );
    }
}
