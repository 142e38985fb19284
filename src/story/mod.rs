//! Stories: the RON source format, the expression and text languages, and loading into a checked model.

pub mod cite;
pub mod diagnostic;
pub mod expr;
mod fanout;
pub mod lints;
pub mod load;
pub mod locate;
pub mod model;
pub mod playbook;
pub mod source;
pub mod source_files;
pub mod text;
pub mod watch;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use expr::{Type, Value};
pub use load::{Failed, Loaded, load};
pub use model::*;
pub use source_files::{FolderError, StorySource};

/// The closest candidate to `word`, if one is close enough to be a likely typo; of equally
/// close ones, the first in alphabetical order, so the guess never depends on the order the
/// candidates come in (some come from hash maps).
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_close_names_only() {
        let names = ["interrogation", "border", "parade"];
        assert_eq!(
            super::suggest("interogation", names).as_deref(),
            Some("interrogation")
        );
        assert_eq!(super::suggest("zzz", names), None);
    }

    #[test]
    fn of_equally_close_names_the_first_alphabetically_whatever_the_order() {
        assert_eq!(
            super::suggest("road.nb", ["road.nc", "road.na"]).as_deref(),
            Some("road.na")
        );
        assert_eq!(
            super::suggest("road.nb", ["road.na", "road.nc"]).as_deref(),
            Some("road.na")
        );
    }
}
