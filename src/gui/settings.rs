//! Player settings: what they are, loading and saving them as RON, and applying them to the window.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use serde::{Deserialize, Serialize};

use super::screen::Notices;
use super::store::{self, StoreDirs};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>().add_systems(
        Update,
        (persist, apply_window_mode, apply_language).run_if(resource_changed::<Settings>),
    );
}

/// A `--lang` from the command line: it decides the language at start, over the setting.
#[derive(Resource, Debug, Clone, Default)]
pub struct LangOverride(pub Option<String>);

/// Switches the interface and the story to the language setting when it changes (at start,
/// to `--lang` when given): the playthrough goes on, the passage shown in the new language.
fn apply_language(
    settings: Res<Settings>,
    explicit: Option<Res<LangOverride>>,
    mut game: ResMut<super::game::Game>,
    mut notices: ResMut<Notices>,
    mut last: Local<Option<Language>>,
) {
    let first = last.is_none();
    if last.replace(settings.language) == Some(settings.language) {
        return;
    }
    let wanted = match explicit.as_ref().and_then(|o| o.0.clone()) {
        Some(code) if first => Some(code),
        _ => settings.language.code().map(str::to_owned),
    };
    let ui = crate::i18n::ui::choose(wanted.as_deref());
    let story_lang = wanted.unwrap_or_else(|| ui.to_owned());
    if let Err(e) = game.set_language(&story_lang) {
        notices.push(t!("settings-story-language-failed", error = e.to_string()));
    }
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
    /// The language of the interface and, when the story has it, of the story.
    pub language: Language,
}

/// The interface language setting: the system's, or one of the shipped languages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    /// The system's language when shipped, else English.
    #[default]
    System,
    English,
    Korean,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::System, Language::English, Language::Korean];

    /// The code it stands for; `None` for the system's.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Language::System => None,
            Language::English => Some("en"),
            Language::Korean => Some("ko"),
        }
    }

    /// The setting naming `code`, if shipped.
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == Some(code))
    }

    /// Each language in its own words, so anyone can find theirs.
    pub fn label(self) -> String {
        match self {
            Language::System => t!("language-system"),
            Language::English => "English".to_owned(),
            Language::Korean => "한국어".to_owned(),
        }
    }
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

    pub fn label(self) -> String {
        match self {
            TextSize::Small => t!("size-small"),
            TextSize::Medium => t!("size-medium"),
            TextSize::Large => t!("size-large"),
            TextSize::ExtraLarge => t!("size-extra-large"),
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

    pub fn label(self) -> String {
        match self {
            Theme::Dark => t!("theme-dark"),
            Theme::Light => t!("theme-light"),
            Theme::HighContrast => t!("theme-high-contrast"),
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

    pub fn label(self) -> String {
        match self {
            TextSpeed::Slow => t!("speed-slow"),
            TextSpeed::Normal => t!("speed-normal"),
            TextSpeed::Fast => t!("speed-fast"),
            TextSpeed::Instant => t!("speed-instant"),
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
            Some(t!("settings-load-failed", error = e.to_string())),
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
        notices.push(t!("settings-save-failed", error = e.to_string()));
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
