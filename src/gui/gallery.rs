//! The endings gallery: which endings the player has reached, remembered across playthroughs.

use std::collections::{BTreeMap, BTreeSet};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::game::Game;
use super::screen::{Notices, Screen};
use super::store::{self, StoreDirs};
use crate::story::{Exit, Story};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Gallery>()
        .add_systems(OnEnter(Screen::Ending), record_ending);
}

/// Endings reached, by story id and ending id.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Gallery {
    pub stories: BTreeMap<String, BTreeMap<String, Reached>>,
}

/// An ending the player has reached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reached {
    pub title: String,
    /// Ids of the roles that reached it.
    pub roles: BTreeSet<String>,
    /// How many playthroughs ended here.
    pub times: u32,
}

impl Gallery {
    /// Records that `role` reached ending `id` of `story`.
    pub fn record(&mut self, story: &str, id: &str, title: &str, role: &str) {
        let reached = self
            .stories
            .entry(story.to_owned())
            .or_default()
            .entry(id.to_owned())
            .or_default();
        reached.title = title.to_owned();
        reached.roles.insert(role.to_owned());
        reached.times = reached.times.saturating_add(1);
    }

    pub fn reached(&self, story: &str, id: &str) -> Option<&Reached> {
        self.stories.get(story).and_then(|s| s.get(id))
    }
}

/// One ending of a story as the gallery shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryEntry {
    /// The title of the scene the ending is in.
    pub scene: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The names of the roles that reached it; `None` while it has not been reached.
    pub reached_by: Option<Vec<String>>,
}

/// Every ending of `story` in story order (each id once), with what the player has reached.
pub fn entries(story: &Story, gallery: &Gallery) -> Vec<GalleryEntry> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for node in &story.nodes {
        let Exit::Ending(ending) = &node.exit else {
            continue;
        };
        if !seen.insert(ending.id.as_str()) {
            continue;
        }
        let reached_by = gallery.reached(&story.meta.id, &ending.id).map(|r| {
            r.roles
                .iter()
                .map(|id| {
                    story
                        .roles
                        .iter()
                        .find(|role| &role.id == id)
                        .map_or_else(|| id.clone(), |role| role.name.clone())
                })
                .collect()
        });
        let scene = story
            .scenes
            .get(node.scene as usize)
            .map_or_else(String::new, |s| s.title.clone());
        out.push(GalleryEntry {
            scene,
            id: ending.id.clone(),
            title: ending.title.clone(),
            summary: ending.summary.clone(),
            reached_by,
        });
    }
    out
}

/// Reads the gallery file. Missing: empty. Unreadable or invalid: empty, plus a notice.
pub fn load(dirs: &StoreDirs) -> (Gallery, Option<String>) {
    let Some(path) = dirs.gallery_file() else {
        return (Gallery::default(), None);
    };
    match store::load_ron::<Gallery>(&path) {
        Ok(g) => (g.unwrap_or_default(), None),
        Err(e) => (
            Gallery::default(),
            Some(t!("gallery-load-failed", error = e.to_string())),
        ),
    }
}

/// Writes the gallery file atomically.
pub fn save(dirs: &StoreDirs, gallery: &Gallery) -> Result<(), store::StoreError> {
    match dirs.gallery_file() {
        Some(path) => store::save_ron(&path, gallery),
        None => Ok(()),
    }
}

fn record_ending(
    mut game: ResMut<Game>,
    mut gallery: ResMut<Gallery>,
    dirs: Option<Res<StoreDirs>>,
    mut notices: ResMut<Notices>,
) {
    if game.take_new_ending().is_none() {
        return;
    }
    let (Some(view), Some(session)) = (game.view(), game.session()) else {
        return;
    };
    let Some(ending) = &view.ending else {
        return;
    };
    gallery.record(
        &game.story().meta.id,
        &ending.id,
        &ending.title,
        session.role_id(),
    );
    if let Some(dirs) = dirs
        && let Err(e) = save(&dirs, &gallery)
    {
        notices.push(t!("gallery-save-failed", error = e.to_string()));
    }
}
