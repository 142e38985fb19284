//! The game's screens as Bevy states, the overlays of the play screen, and player notices.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<Overlay>()
        .init_resource::<ReturnTo>()
        .init_resource::<Page>()
        .init_resource::<Notices>()
        .add_message::<RequestRedraw>()
        .add_systems(
            Update,
            new_page.run_if(state_changed::<Screen>.or_eager(state_changed::<Overlay>)),
        );
}

/// The screen shown.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// New game, continue, load, settings, endings gallery, quit.
    #[default]
    Title,
    /// Role selection, with each role's briefing and the story's content notes.
    NewGame,
    /// The story: passage, choices, stats.
    Playing,
    /// The ending reached: summary, path recap, discussion questions.
    Ending,
    Settings,
    /// Every ending of the story, the ones reached so far revealed.
    Gallery,
    /// The save slots, to load one (from the title, the pause menu, the menu bar).
    Load,
    /// The numbered save slots, to save the playthrough into one.
    Save,
    /// Setting up a class to host: groups and their roles and starts, vote rules, address.
    ClassSetup,
    /// Hosting a class: the join URL, code and QR code, and the seats filling in.
    Lobby,
    /// Hosting a class: a card per group with its vote and the facilitator's controls.
    Dashboard,
    /// Hosting a class: the spotlight (a group's passage and tally, a prompt, or two groups
    /// side by side) in large type for the projector.
    Projector,
    /// Hosting a class: the groups side by side with their paths, endings and closest votes,
    /// and the exports.
    Debrief,
}

/// What covers the play screen.
#[derive(SubStates, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::Playing)]
pub enum Overlay {
    #[default]
    None,
    /// The pause menu (Esc).
    Paused,
    /// The backlog of everything shown and chosen.
    History,
    /// The works the context notes cite.
    Sources,
}

/// Where Back leads from the settings, gallery, load and save screens.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReturnTo(pub Screen);

/// Counts changes of screen or passage: each new page starts scrolled to the top.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Page(pub u64);

impl Page {
    pub fn turn(&mut self) {
        self.0 = self.0.wrapping_add(1);
    }
}

/// Messages for the player shown above every screen until dismissed (e.g. an unreadable
/// settings file, a story bug met while playing).
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Notices(pub Vec<String>);

impl Notices {
    /// Adds a notice unless the same one is already shown.
    pub fn push(&mut self, notice: impl Into<String>) {
        let notice = notice.into();
        if !self.0.contains(&notice) {
            self.0.push(notice);
        }
    }
}

/// A changed screen is a new page, and the window must draw it even though no input came.
fn new_page(mut page: ResMut<Page>, mut redraw: MessageWriter<RequestRedraw>) {
    page.turn();
    redraw.write(RequestRedraw);
}
