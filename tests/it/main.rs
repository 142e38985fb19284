//! Integration tests: one binary (one link of Bevy) with a module per area.

// The screen-reader probe drives the game window, which only the `gui` feature builds.
#[cfg(feature = "gui")]
mod a11y;
mod browser;
mod bundled;
mod check;
mod class_languages;
mod classroom;
mod debrief;
mod explore;
mod fuzz;
mod graph;
#[cfg(feature = "gui")]
mod gui;
mod guide;
mod hardening_fs;
mod hardening_text;
mod languages;
mod layers;
mod peer;
mod play_text;
mod presets;
mod save;
mod seats;
mod serve;
mod session;
mod sources;
mod tools;
mod watch;
mod writer_tools;

use std::path::Path;
use std::sync::Arc;

use aftermath::story::{Story, StorySource, load};

/// Loads a fixture story from tests/fixtures/NAME, panicking with the rendered report on failure.
pub fn fixture(name: &str) -> Arc<Story> {
    let source = StorySource::from_dir(&Path::new("tests/fixtures").join(name))
        .expect("fixture folder exists");
    match load(source) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("fixture {name} failed to load:\n{}", f.render()),
    }
}

/// The bundled story.
pub fn bundled() -> Arc<Story> {
    match load(StorySource::bundled()) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("bundled story failed to load:\n{}", f.render()),
    }
}
