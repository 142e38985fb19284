//! Sources that context notes cite: the manifest's declarations checked, each node's
//! citations resolved, and sources no note cites reported.

use std::collections::HashMap;
use std::ops::Range;

use super::diagnostic::{Code, Diagnostic};
use super::model::Citation;
use super::source::SourceDecl;

/// What is wrong with a declared source, if anything: (the field to point at, the message,
/// what to do).
pub(crate) fn problem(decl: &SourceDecl) -> Option<(&'static str, String, &'static str)> {
    let id = &decl.id;
    if !valid_id(id) {
        return Some((
            "id",
            format!("source id `{id}` is not kebab-case"),
            "use lower-case letters, digits and `-`, starting with a letter: `yonhap-2025-04-28`",
        ));
    }
    if decl.outlet.trim().is_empty() {
        return Some((
            "outlet",
            format!("source `{id}` has no outlet"),
            "name who published it: `outlet: \"Reuters\"`",
        ));
    }
    if decl.title.trim().is_empty() {
        return Some((
            "title",
            format!("source `{id}` has no title"),
            "give the article's or document's title as published",
        ));
    }
    if !decl.date.is_empty() && !valid_date(&decl.date) {
        return Some((
            "date",
            format!(
                "source `{id}` has the date `{}`, which cannot be read",
                decl.date
            ),
            "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. `2025-04-28`",
        ));
    }
    if let Some(url) = &decl.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Some((
            "url",
            format!("source `{id}` has the address `{url}`, which is not a web address"),
            "write the full address from `https://`, or leave `url` out",
        ));
    }
    None
}

/// Kebab-case: a lower-case letter, then lower-case letters, digits and single `-`.
fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month from 1 to 12 and a day the month has.
pub(crate) fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = parts.first().and_then(|y| number(y, 4)) else {
        return false;
    };
    let month = match parts.get(1) {
        None => return parts.len() == 1,
        Some(m) => match number(m, 2) {
            Some(m @ 1..=12) => m,
            _ => return false,
        },
    };
    match parts.get(2) {
        None => parts.len() == 2,
        Some(d) => {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            parts.len() == 3 && number(d, 2).is_some_and(|d| (1..=days).contains(&d))
        }
    }
}

/// The declared sources as citations, with an index by id. A source with a problem is still
/// declared (so nodes citing it report nothing more); its problem is the diagnostic.
pub(crate) fn declare(decls: &[SourceDecl]) -> (Vec<Citation>, HashMap<String, u32>) {
    let mut index = HashMap::new();
    let citations = decls
        .iter()
        .map(|d| Citation {
            id: d.id.clone(),
            outlet: d.outlet.trim().to_owned(),
            title: d.title.trim().to_owned(),
            date: d.date.clone(),
            url: d.url.clone(),
            supports: d.supports.trim().to_owned(),
        })
        .collect::<Vec<_>>();
    for (i, c) in citations.iter().enumerate() {
        index.entry(c.id.clone()).or_insert(i as u32);
    }
    (citations, index)
}

/// The warning for a node citing sources without a note to show them with.
pub(crate) fn without_note(key: &str, file: usize, span: Range<usize>) -> Diagnostic {
    Diagnostic::warning(
        Code::SourceWithoutNote,
        format!("node `{key}` cites sources but has no context note"),
    )
    .at(file, span, "cited here")
    .help("sources are shown with the node's `note`: add the note they support")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_calendar_dates() {
        for ok in ["2025", "2025-04", "2025-04-28", "2024-02-29", "2000-02-29"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "",
            "25",
            "2025-4",
            "2025-13",
            "2025-00",
            "2025-04-31",
            "2023-02-29",
            "1900-02-29",
            "2025-04-28-1",
            "April 2025",
            "2025/04/28",
            "2025-04-",
            "-2025",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(valid_id("yonhap-2025-04-28"));
        for bad in ["Yonhap", "9news", "a--b", "a-", "a_b", ""] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
