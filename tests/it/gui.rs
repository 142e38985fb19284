//! The desktop game: egui screens driven headless with egui_kittest, and screen flow in a
//! headless Bevy app (MinimalPlugins + StatesPlugin, no window, no rendering).

use std::path::Path;

use aftermath::gui::actions::{ChoiceInput, PlayCommand};
use aftermath::gui::gallery::{self, Gallery};
use aftermath::gui::game::Game;
use aftermath::gui::reveal::Reveal;
use aftermath::gui::screen::{Notices, Overlay, Screen};
use aftermath::gui::settings::{Settings, TextSpeed, Theme};
use aftermath::gui::store::StoreDirs;
use aftermath::gui::ui::{self, UiAction};
use aftermath::gui::{add_game, ui::play::PlayInfo};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::fixture;

/// A game of the minimal fixture story; `role` starts it at once (like `--role`).
fn minimal_game(role: Option<&str>) -> Game {
    match Game::new(fixture("minimal"), role, Some(1)) {
        Ok(g) => g,
        Err(e) => panic!("the minimal story starts: {e}"),
    }
}

/// Draws the play screen for `game` (text fully shown) and applies a chosen option or undo.
fn play_harness(game: Game) -> Harness<'static, Game> {
    Harness::builder()
        .with_size(egui::vec2(1000.0, 800.0))
        .build_ui_state(
            |ui, game: &mut Game| {
                let Some(view) = game.view().cloned() else {
                    ui.label("no game");
                    return;
                };
                let changes = game.stat_changes();
                let info = PlayInfo {
                    view: &view,
                    changes: &changes,
                    shown: None,
                    can_undo: game.can_undo(),
                    story_title: "Minimal",
                    role_name: "Soldier",
                    turn: game.session().map_or(0, |s| s.state().turns),
                    interactive: true,
                    page: 0,
                };
                match ui::play::screen(ui, &info) {
                    Some(UiAction::Choose(i)) => {
                        let _ = game.choose(i);
                    }
                    Some(UiAction::Undo) => {
                        let _ = game.undo();
                    }
                    _ => {}
                }
            },
            game,
        )
}

#[test]
fn clicking_a_numbered_choice_shows_the_next_text() {
    let mut harness = play_harness(minimal_game(Some("soldier")));
    harness.get_by_label("Private Ri, suspicion 2. Nobody looks twice.");
    harness.get_by_label("1. Wait").click();
    harness.run();
    harness.get_by_label("Private Ri, suspicion 3. They watch you.");
    // The stats panel shows the change since the last choice.
    harness.get_by_label("Suspicion 3 (+1)");
    assert_eq!(harness.state().session().map(|s| s.state().turns), Some(1));
}

#[test]
fn a_disabled_choice_shows_its_reason_and_cannot_be_taken() {
    let mut harness = play_harness(minimal_game(Some("soldier")));
    harness.get_by_label("1. Wait").click();
    harness.run();
    let run = harness.get_by_label("1. Run");
    assert!(run.accesskit_node().is_disabled(), "Run is disabled");
    harness.get_by_label("Not available: You are watched too closely");
    // Neither a click nor its number key takes it.
    harness.get_by_label("1. Run").click();
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(harness.state().session().map(|s| s.state().turns), Some(1));
}

#[test]
fn number_keys_choose_and_u_undoes() {
    let mut harness = play_harness(minimal_game(Some("soldier")));
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.get_by_label("Private Ri, suspicion 3. They watch you.");
    harness.key_press(egui::Key::U);
    harness.run();
    harness.get_by_label("Private Ri, suspicion 2. Nobody looks twice.");
    assert_eq!(harness.state().session().map(|s| s.state().turns), Some(0));
}

#[test]
fn while_text_is_revealing_the_first_press_reveals_instead_of_choosing() {
    let game = minimal_game(Some("soldier"));
    let Some(view) = game.view().cloned() else {
        panic!("the game has started");
    };
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            let info = PlayInfo {
                view: &view,
                changes: &[],
                shown: Some(5),
                can_undo: false,
                story_title: "Minimal",
                role_name: "Soldier",
                turn: 0,
                interactive: true,
                page: 0,
            };
            if let Some(a) = ui::play::screen(ui, &info) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    // The choices are not offered until the passage is shown.
    assert!(harness.query_by_label("1. Wait").is_none());
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Show all").click();
    harness.run();
    assert_eq!(harness.state(), &vec![UiAction::RevealAll; 3]);
}

#[test]
fn the_settings_screen_changes_the_theme() {
    let mut harness = Harness::new_ui_state(
        |ui, settings: &mut Settings| {
            if let Some(UiAction::ChangeSettings(s)) = ui::settings::screen(ui, settings, 0) {
                *settings = s;
                ui::style::apply(ui.ctx(), settings);
            }
        },
        Settings::default(),
    );
    assert_eq!(harness.state().theme, Theme::Dark);
    harness.get_by_label("Light").click();
    harness.run();
    assert_eq!(harness.state().theme, Theme::Light);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    harness.get_by_label("High contrast").click();
    harness.run();
    assert_eq!(harness.state().theme, Theme::HighContrast);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness.get_by_label("Instant").click();
    harness.run();
    assert_eq!(harness.state().text_speed, TextSpeed::Instant);
    assert_eq!(harness.state().reveal_speed(), None);
}

#[test]
fn the_title_screen_disables_continue_with_a_reason() {
    let story = fixture("minimal");
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            let info = ui::title::TitleInfo {
                meta: &story.meta,
                can_continue: Err("no saved game yet"),
            };
            if let Some(a) = ui::title::screen(ui, &info) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    let cont = harness.get_by_label("Continue C");
    assert!(cont.accesskit_node().is_disabled());
    harness.get_by_label("no saved game yet");
    harness.get_by_label("Continue C").click();
    harness.run();
    harness.get_by_label("New game N").click();
    harness.run();
    harness.get_by_label("Endings gallery G").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![UiAction::NewGame, UiAction::OpenGallery]
    );
}

#[test]
fn role_selection_shows_briefings_and_content_notes() {
    let story = fixture("minimal");
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::new_game::screen(ui, &story.meta, &story.roles, 0) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.get_by_label("You went north.");
    harness.get_by_label("Content notes");
    harness.get_by_label("2. Planner").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![UiAction::PickRole("planner".into()), UiAction::Back]
    );
}

#[test]
fn history_lists_what_was_shown_chosen_and_drawn() {
    let mut game = minimal_game(Some("soldier"));
    // Run draws a random outcome (seed 1: Free).
    if let Err(e) = game.choose(1) {
        panic!("Run can be taken: {e}");
    }
    let Some(transcript) = game.session().map(|s| s.transcript().to_vec()) else {
        panic!("the game has a session");
    };
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::history::screen(ui, &transcript) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.get_by_label("Private Ri, suspicion 2. Nobody looks twice.");
    harness.get_by_label("You chose 2. Run");
    harness.get_by_label_contains("Chance: Free");
    harness.get_by_label("Ending: Free");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &vec![UiAction::Resume]);
}

#[test]
fn the_ending_screen_recaps_the_path_and_offers_the_other_role() {
    let mut game = minimal_game(Some("soldier"));
    if let Err(e) = game.choose(1) {
        panic!("Run can be taken: {e}");
    }
    let (Some(view), Some(session)) = (game.view().cloned(), game.session()) else {
        panic!("the game has a session");
    };
    let transcript = session.transcript().to_vec();
    let Some(ending) = view.ending.clone() else {
        panic!("Run ends the story");
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 1400.0))
        .build_ui_state(
            |ui, actions: &mut Vec<UiAction>| {
                let info = ui::ending::EndingInfo {
                    view: &view,
                    ending: &ending,
                    transcript: &transcript,
                    role_name: "Soldier",
                    other_roles: vec![("planner", "Planner")],
                    can_undo: true,
                    page: 0,
                };
                if let Some(a) = ui::ending::screen(ui, &info) {
                    actions.push(a);
                }
            },
            Vec::new(),
        );
    harness.get_by_label("Free");
    harness.get_by_label("You got away.");
    harness.get_by_label("Your path");
    harness.get_by_label("1. Run (chance: Free)");
    harness.get_by_label("Play again").click();
    harness.run();
    harness.get_by_label("Play as Planner").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![UiAction::PlayAgain, UiAction::PlayRole("planner".into())]
    );
}

#[test]
fn the_pause_menu_resumes_on_esc() {
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::pause::menu(ui) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.get_by_label("Title screen T").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &vec![UiAction::ToTitle, UiAction::Resume]);
}

#[test]
fn stat_text_shows_the_change_with_a_minus_sign() {
    let stat = aftermath::session::StatView {
        id: "morale".into(),
        label: "Morale".into(),
        value: aftermath::story::Value::Int(4),
        min: Some(0),
        max: Some(10),
    };
    assert_eq!(ui::play::stat_text(&stat, Some(-1)), "Morale 4 (\u{2212}1)");
    assert_eq!(ui::play::stat_text(&stat, Some(2)), "Morale 4 (+2)");
    assert_eq!(ui::play::stat_text(&stat, None), "Morale 4");
}

// ---- Headless Bevy: screen flow -------------------------------------------------------------

/// A headless game app (no window, no egui) with its files under `dir`.
fn headless(game: Game, dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game(&mut app, game, StoreDirs::under(dir));
    app.update();
    app
}

/// Sends an action as the screens would, and runs long enough for a screen change to land.
fn act(app: &mut App, action: UiAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn turns(app: &App) -> Option<u32> {
    app.world()
        .resource::<Game>()
        .session()
        .map(|s| s.state().turns)
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("a temporary folder: {e}"),
    }
}

#[test]
fn flow_title_new_game_playing_ending_and_back_to_title() {
    let dir = tempdir();
    let mut app = headless(minimal_game(None), dir.path());
    assert_eq!(screen(&app), Screen::Title);
    act(&mut app, UiAction::NewGame);
    assert_eq!(screen(&app), Screen::NewGame);
    act(&mut app, UiAction::PickRole("soldier".into()));
    assert_eq!(screen(&app), Screen::Playing);
    assert!(
        !app.world().resource::<Reveal>().is_done(),
        "the passage is revealed over time"
    );
    act(&mut app, UiAction::RevealAll);
    assert!(app.world().resource::<Reveal>().is_done());
    // Report leads through a random event to an ending.
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    let story_id = app.world().resource::<Game>().story().meta.id.clone();
    let reached = app
        .world()
        .resource::<Gallery>()
        .stories
        .get(&story_id)
        .map_or(0, |s| s.len());
    assert_eq!(reached, 1, "the gallery remembers the ending");
    act(&mut app, UiAction::ToTitle);
    assert_eq!(screen(&app), Screen::Title);
    // A finished playthrough cannot be continued.
    act(&mut app, UiAction::Continue);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn the_role_flag_skips_the_title() {
    let dir = tempdir();
    let app = headless(minimal_game(Some("soldier")), dir.path());
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(
        app.world()
            .resource::<Game>()
            .session()
            .map(|s| s.role_id().to_owned()),
        Some("soldier".into())
    );
    assert!(
        !app.world().resource::<Reveal>().is_done(),
        "the first passage is revealed over time too"
    );
}

#[test]
fn undo_from_the_ending_goes_back_to_playing() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    act(&mut app, UiAction::Undo);
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(turns(&app), Some(0));
    assert!(
        app.world().resource::<Reveal>().is_done(),
        "a passage seen before is shown at once"
    );
}

#[test]
fn play_again_and_play_the_other_role() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(2));
    act(&mut app, UiAction::PlayAgain);
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(turns(&app), Some(0));
    act(&mut app, UiAction::Choose(2));
    act(&mut app, UiAction::PlayRole("planner".into()));
    assert_eq!(screen(&app), Screen::Playing);
    let role = app
        .world()
        .resource::<Game>()
        .session()
        .map(|s| s.role_id().to_owned());
    assert_eq!(role, Some("planner".into()));
}

#[test]
fn pause_history_settings_and_back() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    let overlay = |app: &App| {
        app.world()
            .get_resource::<State<Overlay>>()
            .map(|s| *s.get())
    };
    assert_eq!(overlay(&app), Some(Overlay::None));
    act(&mut app, UiAction::Pause);
    assert_eq!(overlay(&app), Some(Overlay::Paused));
    act(&mut app, UiAction::OpenHistory);
    assert_eq!(overlay(&app), Some(Overlay::History));
    act(&mut app, UiAction::Resume);
    assert_eq!(overlay(&app), Some(Overlay::None));
    act(&mut app, UiAction::OpenSettings);
    assert_eq!(screen(&app), Screen::Settings);
    assert_eq!(overlay(&app), None);
    act(&mut app, UiAction::Back);
    assert_eq!(screen(&app), Screen::Playing);
    act(&mut app, UiAction::ToTitle);
    assert_eq!(screen(&app), Screen::Title);
    // The playthrough left for the title can be continued.
    act(&mut app, UiAction::Continue);
    assert_eq!(screen(&app), Screen::Playing);
    act(&mut app, UiAction::OpenGallery);
    assert_eq!(screen(&app), Screen::Gallery);
    act(&mut app, UiAction::Back);
    assert_eq!(screen(&app), Screen::Playing);
}

#[test]
fn quit_exits_the_app() {
    let dir = tempdir();
    let mut app = headless(minimal_game(None), dir.path());
    assert!(app.should_exit().is_none());
    act(&mut app, UiAction::Quit);
    assert_eq!(app.should_exit(), Some(AppExit::Success));
}

#[test]
fn held_choice_input_leaves_the_choice_to_someone_else() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    app.insert_resource(ChoiceInput::Held);
    act(&mut app, UiAction::Choose(0));
    assert_eq!(turns(&app), Some(0), "the UI's choice is only a request");
    app.world_mut().write_message(PlayCommand::Choose(0));
    app.update();
    assert_eq!(turns(&app), Some(1));
}

#[test]
fn settings_are_saved_and_loaded_again() {
    let dir = tempdir();
    let mut app = headless(minimal_game(None), dir.path());
    let light = Settings {
        theme: Theme::Light,
        text_speed: TextSpeed::Fast,
        ..Settings::default()
    };
    act(&mut app, UiAction::ChangeSettings(light));
    let file = dir.path().join("config").join("settings.ron");
    assert!(file.exists(), "settings are written to {}", file.display());
    let left: Vec<_> = std::fs::read_dir(dir.path().join("config"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(left.len(), 1, "no temporary files are left: {left:?}");
    let again = headless(minimal_game(None), dir.path());
    assert_eq!(*again.world().resource::<Settings>(), light);
    assert!(again.world().resource::<Notices>().0.is_empty());
}

#[test]
fn a_corrupt_settings_file_gives_defaults_and_a_notice() {
    let dir = tempdir();
    let config = dir.path().join("config");
    if let Err(e) = std::fs::create_dir_all(&config)
        .and_then(|()| std::fs::write(config.join("settings.ron"), "(theme: Purple, ]]"))
    {
        panic!("write the corrupt file: {e}");
    }
    let app = headless(minimal_game(None), dir.path());
    assert_eq!(*app.world().resource::<Settings>(), Settings::default());
    let notices = &app.world().resource::<Notices>().0;
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("settings"), "{notices:?}");
}

#[test]
fn the_endings_gallery_persists_across_runs() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(1));
    assert_eq!(screen(&app), Screen::Ending);
    drop(app);
    let again = headless(minimal_game(None), dir.path());
    let game = again.world().resource::<Game>();
    let entries = gallery::entries(game.story(), again.world().resource::<Gallery>());
    let reached: Vec<_> = entries
        .iter()
        .filter(|e| e.reached_by.is_some())
        .map(|e| (e.id.as_str(), e.reached_by.clone()))
        .collect();
    assert_eq!(reached, vec![("free", Some(vec!["Soldier".to_owned()]))]);
    assert_eq!(entries.len(), 6, "every ending of the story is listed");
}
