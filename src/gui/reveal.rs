//! The text reveal: how much of a new passage is shown, and asking for frames only while it grows.
//!
//! The window is reactive (it sleeps until input). While a passage is being revealed the update
//! mode is switched to a ~25 fps timer, and back to the idle desktop mode when it is done, so the
//! game only costs CPU for the few seconds text is appearing.

use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use super::ActionSet;
use super::screen::Screen;
use super::settings::Settings;
use crate::session::View;

/// Frame interval while text is appearing (25 fps: smooth enough for text, cheap on software
/// rendering).
const REVEAL_FRAME: Duration = Duration::from_millis(40);

/// Frame interval while a screen reader is listening and nothing moves: how soon its requests
/// (activate a choice) are seen.
const SCREEN_READER_FRAME: Duration = Duration::from_millis(250);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Reveal>().add_systems(
        Update,
        (
            advance
                .before(ActionSet::Route)
                .run_if(in_state(Screen::Playing)),
            pace.after(ActionSet::Apply)
                .run_if(resource_exists::<WinitSettings>),
        ),
    );
}

/// How many characters of the current passage's text are shown.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Reveal {
    shown: f32,
    total: usize,
}

impl Reveal {
    /// Starts revealing a passage of `total` characters at `speed` (chars/s; `None` = all at once).
    pub fn start(&mut self, total: usize, speed: Option<f32>) {
        self.total = total;
        self.shown = if speed.is_some() { 0.0 } else { total as f32 };
    }

    /// Shows the whole passage.
    pub fn finish(&mut self) {
        self.shown = self.total as f32;
    }

    pub fn is_done(&self) -> bool {
        self.shown >= self.total as f32
    }

    /// Characters to show, or `None` when the whole passage is shown.
    pub fn shown(&self) -> Option<usize> {
        (!self.is_done()).then_some(self.shown as usize)
    }

    /// Reveals `seconds` worth of text at `speed` chars/s (`None` finishes at once).
    pub fn advance(&mut self, seconds: f32, speed: Option<f32>) {
        match speed {
            Some(cps) => self.shown = (self.shown + seconds * cps).min(self.total as f32),
            None => self.finish(),
        }
    }
}

/// The number of characters a passage reveals: the text of each of its beats.
pub fn passage_chars(view: &View) -> usize {
    view.beats.iter().map(|b| b.text.chars().count()).sum()
}

fn advance(
    mut reveal: ResMut<Reveal>,
    time: Res<Time>,
    settings: Res<Settings>,
    screen_reader: Option<Res<bevy::a11y::AccessibilityRequested>>,
) {
    // A screen reader reads the passage whole: text still appearing would be read cut short,
    // and the choices only come once it is all shown.
    if screen_reader.is_some_and(|r| r.get()) {
        if !reveal.is_done() {
            reveal.finish();
        }
        return;
    }
    if !reveal.is_done() {
        // A long stall (window dragged, machine busy) should not skip the animation entirely.
        let dt = time.delta_secs().min(0.1);
        reveal.advance(dt, settings.reveal_speed());
    }
}

/// Runs the app on a frame timer while text is appearing, and lets it sleep otherwise.
fn pace(
    reveal: Res<Reveal>,
    screen: Res<State<Screen>>,
    mut winit: ResMut<WinitSettings>,
    screen_reader: Option<Res<bevy::a11y::AccessibilityRequested>>,
) {
    let revealing = !reveal.is_done() && *screen.get() == Screen::Playing;
    let wanted = if revealing {
        WinitSettings {
            focused_mode: UpdateMode::reactive(REVEAL_FRAME),
            unfocused_mode: UpdateMode::reactive(REVEAL_FRAME),
        }
    } else if screen_reader.is_some_and(|r| r.get()) {
        // A screen reader's requests do not wake the window: look for them a few times a second.
        WinitSettings {
            focused_mode: UpdateMode::reactive(SCREEN_READER_FRAME),
            unfocused_mode: UpdateMode::reactive(SCREEN_READER_FRAME),
        }
    } else {
        WinitSettings::desktop_app()
    };
    if winit.focused_mode != wanted.focused_mode || winit.unfocused_mode != wanted.unfocused_mode {
        *winit = wanted;
    }
}
