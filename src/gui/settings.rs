//! Player settings: what they are, loading and saving them as RON, and applying them to the window.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use serde::{Deserialize, Serialize};

use super::screen::Notices;
use super::store::{self, StoreDirs};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>().add_systems(
        Update,
        (persist, apply_window_mode).run_if(resource_changed::<Settings>),
    );
}

/// Everything the player can set. Missing fields in the file take their defaults.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub text_size: TextSize,
    pub theme: Theme,
    pub text_speed: TextSpeed,
    pub fullscreen: bool,
    /// No text reveal animation and no fades.
    pub reduced_motion: bool,
}

impl Settings {
    /// How fast text is revealed, in characters per second; `None` shows it all at once.
    pub fn reveal_speed(&self) -> Option<f32> {
        if self.reduced_motion {
            None
        } else {
            self.text_speed.chars_per_second()
        }
    }
}

/// Size of the story text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSize {
    Small,
    #[default]
    Medium,
    Large,
    ExtraLarge,
}

impl TextSize {
    pub const ALL: [TextSize; 4] = [
        TextSize::Small,
        TextSize::Medium,
        TextSize::Large,
        TextSize::ExtraLarge,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TextSize::Small => "Small",
            TextSize::Medium => "Medium",
            TextSize::Large => "Large",
            TextSize::ExtraLarge => "Extra large",
        }
    }

    /// Body text size in points.
    pub fn points(self) -> f32 {
        match self {
            TextSize::Small => 16.0,
            TextSize::Medium => 20.0,
            TextSize::Large => 24.0,
            TextSize::ExtraLarge => 29.0,
        }
    }
}

/// Colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Dark,
    Light,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Dark, Theme::Light, Theme::HighContrast];

    pub fn label(self) -> &'static str {
        match self {
            Theme::Dark => "Dark",
            Theme::Light => "Light",
            Theme::HighContrast => "High contrast",
        }
    }
}

/// How fast a new passage appears.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSpeed {
    Slow,
    #[default]
    Normal,
    Fast,
    Instant,
}

impl TextSpeed {
    pub const ALL: [TextSpeed; 4] = [
        TextSpeed::Slow,
        TextSpeed::Normal,
        TextSpeed::Fast,
        TextSpeed::Instant,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TextSpeed::Slow => "Slow",
            TextSpeed::Normal => "Normal",
            TextSpeed::Fast => "Fast",
            TextSpeed::Instant => "Instant",
        }
    }

    /// Characters per second; `None` for instant.
    pub fn chars_per_second(self) -> Option<f32> {
        match self {
            TextSpeed::Slow => Some(40.0),
            TextSpeed::Normal => Some(90.0),
            TextSpeed::Fast => Some(200.0),
            TextSpeed::Instant => None,
        }
    }
}

/// Reads the settings file. A missing file gives the defaults silently; an unreadable or invalid
/// one gives the defaults and a notice for the player (never a panic).
pub fn load(dirs: &StoreDirs) -> (Settings, Option<String>) {
    let Some(path) = dirs.settings_file() else {
        return (Settings::default(), None);
    };
    match store::load_ron::<Settings>(&path) {
        Ok(s) => (s.unwrap_or_default(), None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "Your settings could not be loaded, so the defaults are in use ({e}). \
                 Changing a setting replaces the file."
            )),
        ),
    }
}

/// Writes the settings file atomically.
pub fn save(dirs: &StoreDirs, settings: &Settings) -> Result<(), store::StoreError> {
    match dirs.settings_file() {
        Some(path) => store::save_ron(&path, settings),
        None => Ok(()),
    }
}

/// Saves the settings whenever they change (not when they were just loaded).
fn persist(
    settings: Res<Settings>,
    dirs: Option<Res<StoreDirs>>,
    mut notices: ResMut<Notices>,
    mut last: Local<Option<Settings>>,
) {
    let first = last.is_none();
    if last.replace(*settings) == Some(*settings) || first {
        return;
    }
    if let Some(dirs) = dirs
        && let Err(e) = save(&dirs, &settings)
    {
        notices.push(format!("Your settings could not be saved: {e}"));
    }
}

fn apply_window_mode(
    settings: Res<Settings>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let mode = if settings.fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    for mut window in &mut windows {
        if window.mode != mode {
            window.mode = mode;
        }
    }
}
