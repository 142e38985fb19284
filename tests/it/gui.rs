//! The desktop game: egui screens driven headless with egui_kittest, and screen flow in a
//! headless Bevy app (MinimalPlugins + StatesPlugin, no window, no rendering).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use aftermath::gui::actions::{ChoiceInput, PlayCommand};
use aftermath::gui::gallery::{self, Gallery};
use aftermath::gui::game::Game;
use aftermath::gui::resume::continue_state;
use aftermath::gui::reveal::Reveal;
use aftermath::gui::saves::Saves;
use aftermath::gui::screen::{Notices, Overlay, Screen};
use aftermath::gui::settings::{Settings, TextSpeed, Theme};
use aftermath::gui::store::StoreDirs;
use aftermath::gui::ui::slots::{Confirm, SlotMode, SlotsInfo};
use aftermath::gui::ui::{self, UiAction};
use aftermath::gui::{add_game, ui::play::PlayInfo};
use aftermath::save::{SaveFile, SaveStore, Slot, SlotInfo};
use aftermath::session::{PlayState, Session};
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
                    status: None,
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
                status: None,
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

#[test]
fn the_play_screen_quicksaves_on_f5_and_quickloads_on_f9() {
    let game = minimal_game(Some("soldier"));
    let Some(view) = game.view().cloned() else {
        panic!("the game has started");
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, actions: &mut Vec<UiAction>| {
                let info = PlayInfo {
                    view: &view,
                    changes: &[],
                    shown: None,
                    can_undo: false,
                    story_title: "Minimal",
                    role_name: "Soldier",
                    turn: 0,
                    interactive: true,
                    page: 0,
                    status: Some("Saved to the quicksave."),
                };
                if let Some(a) = ui::play::screen(ui, &info) {
                    actions.push(a);
                }
            },
            Vec::new(),
        );
    harness.get_by_label("Saved to the quicksave.");
    harness.key_press(egui::Key::F5);
    harness.run();
    harness.key_press(egui::Key::F9);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Load").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![
            UiAction::QuickSave,
            UiAction::QuickLoad,
            UiAction::OpenSave,
            UiAction::OpenLoad
        ]
    );
}

/// A fixed save time, so slot lists read the same on every run.
fn at(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// The minimal story's slots in `dir`: slot 1 holds the soldier after one choice, saved at
/// 2025-04-28 14:05 UTC after 12 min 34 s of play; slot 2 holds a save cut off half-way.
fn slots_with_a_save_and_a_corrupt_file(dir: &Path) -> Vec<SlotInfo> {
    let store = SaveStore::new(dir, "minimal");
    let mut session = match Session::start(fixture("minimal"), "soldier", 7) {
        Ok(s) => s,
        Err(e) => panic!("the minimal story starts: {e}"),
    };
    if let Err(e) = session.choose(0) {
        panic!("Wait can be taken: {e}");
    }
    let save = SaveFile::of_at(&session, Duration::from_secs(754), at(1_745_849_100));
    if let Err(e) = store.write(Slot::Named(1), &save) {
        panic!("write slot 1: {e}");
    }
    let text = match save.to_ron() {
        Ok(t) => t,
        Err(e) => panic!("encode: {e}"),
    };
    let cut = text.len() / 2;
    if let Err(e) = std::fs::write(store.path(Slot::Named(2)), &text.as_bytes()[..cut]) {
        panic!("write the corrupt file: {e}");
    }
    store.list()
}

/// A slot screen over `slots`, applying questions as the game does and recording the rest.
fn slots_harness(
    mode: SlotMode,
    slots: Vec<SlotInfo>,
    dir: PathBuf,
) -> Harness<'static, (Option<Confirm>, Vec<UiAction>)> {
    let story = fixture("minimal");
    Harness::builder()
        .with_size(egui::vec2(1000.0, 1600.0))
        .build_ui_state(
            move |ui, (confirm, actions): &mut (Option<Confirm>, Vec<UiAction>)| {
                let info = SlotsInfo {
                    mode,
                    slots: &slots,
                    folder: Ok(&dir),
                    confirm: *confirm,
                    content_hash: story.content_hash,
                    page: 0,
                };
                match ui::slots::screen(ui, &info) {
                    Some(UiAction::Ask(c)) => *confirm = Some(c),
                    Some(UiAction::CancelConfirm) => *confirm = None,
                    Some(a) => {
                        if matches!(a, UiAction::DeleteSlot(_) | UiAction::SaveSlot(_)) {
                            *confirm = None;
                        }
                        actions.push(a);
                    }
                    None => {}
                }
            },
            (None, Vec::new()),
        )
}

#[test]
fn the_slot_list_shows_saves_and_unreadable_files_with_their_reason() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Load, slots, dir.path().to_path_buf());
    harness.get_by_label("Load game");
    // The saved slot: role, scene, date and play time.
    harness.get_by_label("Slot 1 \u{2014} Soldier · The camp");
    harness.get_by_label("2025-04-28 14:05 UTC · played 12 min");
    // The corrupt file: unreadable, with the reason, and it cannot be loaded.
    harness.get_by_label("Slot 2 \u{2014} Unreadable");
    harness.get_by_label_contains("the file is cut off at line");
    assert!(
        harness
            .get_by_label("Load 2")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Slot 3 \u{2014} Empty");
    harness.get_by_label("Autosave \u{2014} Empty");
    harness.get_by_label("Load 1").click();
    harness.run();
    // Keys: a numbered slot loads; an unreadable one does nothing.
    harness.key_press(egui::Key::Num2);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(
        harness.state().1,
        vec![
            UiAction::LoadSlot(Slot::Named(1)),
            UiAction::LoadSlot(Slot::Named(1)),
            UiAction::Back
        ]
    );
}

/// Clicks the `n`th Delete button of a slot list.
fn click_delete(harness: &Harness<'static, (Option<Confirm>, Vec<UiAction>)>, n: usize) {
    match harness.get_all_by_label("Delete").nth(n) {
        Some(button) => button.click(),
        None => panic!("there is a Delete button number {}", n + 1),
    }
}

#[test]
fn deleting_a_slot_asks_for_confirmation() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Load, slots, dir.path().to_path_buf());
    let deletes = harness.query_all_by_label("Delete").count();
    assert_eq!(
        deletes, 2,
        "the saved and the unreadable slot can be deleted"
    );
    // Cancel leaves the slot alone.
    click_delete(&harness, 0);
    harness.run();
    assert_eq!(harness.state().0, Some(Confirm::Delete(Slot::Named(1))));
    harness.get_by_label("Delete Slot 1?");
    harness.get_by_label_contains("It holds Soldier · The camp");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().0, None);
    // Esc cancels too; Y (or the button) confirms.
    click_delete(&harness, 1);
    harness.run();
    harness.get_by_label("Delete Slot 2?");
    harness.get_by_label_contains("It holds an unreadable file");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().0, None);
    click_delete(&harness, 0);
    harness.run();
    harness.get_by_label("Yes, delete").click();
    harness.run();
    click_delete(&harness, 1);
    harness.run();
    harness.key_press(egui::Key::Y);
    harness.run();
    assert_eq!(
        harness.state(),
        &(
            None,
            vec![
                UiAction::DeleteSlot(Slot::Named(1)),
                UiAction::DeleteSlot(Slot::Named(2))
            ]
        )
    );
}

#[test]
fn saving_over_a_slot_asks_first() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Save, slots, dir.path().to_path_buf());
    harness.get_by_label("Save game");
    // The save screen lists the numbered slots only.
    assert!(harness.query_by_label("Autosave \u{2014} Empty").is_none());
    // An empty slot saves at once, by key or click.
    harness.key_press(egui::Key::Num3);
    harness.run();
    harness.get_by_label("Save 4").click();
    harness.run();
    // A slot holding a save asks first.
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(harness.state().0, Some(Confirm::Overwrite(Slot::Named(1))));
    harness.get_by_label("Overwrite Slot 1?");
    harness.key_press(egui::Key::N);
    harness.run();
    assert_eq!(harness.state().0, None);
    harness.get_by_label("Save 1").click();
    harness.run();
    harness.get_by_label("Yes, overwrite").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &(
            None,
            vec![
                UiAction::SaveSlot(Slot::Named(3)),
                UiAction::SaveSlot(Slot::Named(4)),
                UiAction::SaveSlot(Slot::Named(1))
            ]
        )
    );
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
    // A finished playthrough continues from its autosave, made at the ending.
    act(&mut app, UiAction::Continue);
    assert_eq!(screen(&app), Screen::Ending);
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
fn an_ending_counts_once_per_playthrough() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    let times = |app: &App| -> u32 {
        app.world()
            .resource::<Gallery>()
            .stories
            .values()
            .flat_map(|s| s.values())
            .map(|r| r.times)
            .sum()
    };
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    assert_eq!(times(&app), 1);
    // Undo from the ending and take the same way again: the same draw, the same ending.
    act(&mut app, UiAction::Undo);
    assert_eq!(screen(&app), Screen::Playing);
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    assert_eq!(times(&app), 1, "undo and redo is the same playthrough");
    // Continuing from the autosave made at the ending does not count it again.
    act(&mut app, UiAction::ToTitle);
    act(&mut app, UiAction::Continue);
    assert_eq!(screen(&app), Screen::Ending);
    assert_eq!(times(&app), 1, "loading a save at an ending");
    // A new playthrough that ends counts.
    act(&mut app, UiAction::PlayAgain);
    assert_eq!(screen(&app), Screen::Playing);
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    assert_eq!(times(&app), 2);
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

// ---- Headless Bevy: saves --------------------------------------------------------------------

/// The save folder of the headless save tests (as `--save-dir`).
fn save_dir(dir: &Path) -> PathBuf {
    dir.join("my-saves")
}

/// A headless game app with its saves in [`save_dir`] (as with `--save-dir`).
fn headless_saves(game: Game, dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game(
        &mut app,
        game,
        StoreDirs::under(dir).with_save_dir(Some(save_dir(dir))),
    );
    app.update();
    app
}

fn read_slot(dir: &Path, slot: Slot) -> SaveFile {
    match SaveStore::new(save_dir(dir), "minimal").read(slot) {
        Ok(s) => s,
        Err(e) => panic!("{slot} can be read: {e}"),
    }
}

fn write_slot(dir: &Path, slot: Slot, save: &SaveFile) {
    if let Err(e) = SaveStore::new(save_dir(dir), "minimal").write(slot, save) {
        panic!("write {slot}: {e}");
    }
}

fn play_state(app: &App) -> PlayState {
    match app.world().resource::<Game>().session() {
        Some(s) => s.state().clone(),
        None => panic!("a playthrough exists"),
    }
}

fn notices(app: &App) -> Vec<String> {
    app.world().resource::<Notices>().0.clone()
}

#[test]
fn a_choice_writes_the_autosave() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    assert!(!save_dir(dir.path()).join("auto.ron").exists());
    act(&mut app, UiAction::Choose(0));
    let auto = read_slot(dir.path(), Slot::Auto);
    assert_eq!(auto.turns, 1);
    assert_eq!(auto.role, "soldier");
    assert_eq!(auto.node, "camp.start");
    assert_eq!(auto.summary.scene_title, "The camp");
    assert!(notices(&app).is_empty(), "{:?}", notices(&app));
    // Nothing else is written: the OS data folder is not used with --save-dir.
    assert!(!dir.path().join("data").join("saves").exists());
}

#[test]
fn f5_then_f9_restores_the_quicksave() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(0));
    act(&mut app, UiAction::QuickSave);
    let saved = play_state(&app);
    let transcript = app
        .world()
        .resource::<Game>()
        .session()
        .map(|s| s.transcript().to_vec());
    assert_eq!(
        app.world().resource::<Saves>().status.as_deref(),
        Some("Saved to the quicksave.")
    );
    assert_eq!(read_slot(dir.path(), Slot::Quick).turns, 1);
    // Report leads to an ending; F9 brings the quicksave back.
    act(&mut app, UiAction::Choose(1));
    assert_eq!(screen(&app), Screen::Ending);
    act(&mut app, UiAction::QuickLoad);
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(play_state(&app), saved);
    assert_eq!(
        app.world()
            .resource::<Game>()
            .session()
            .map(|s| s.transcript().to_vec()),
        transcript
    );
    assert!(app.world().resource::<Game>().can_undo(), "undo is kept");
    assert!(
        app.world().resource::<Reveal>().is_done(),
        "a loaded passage is shown at once"
    );
    assert!(notices(&app).is_empty(), "{:?}", notices(&app));
}

#[test]
fn quickload_without_a_quicksave_is_a_notice() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(0));
    let before = play_state(&app);
    act(&mut app, UiAction::QuickLoad);
    assert_eq!(play_state(&app), before);
    let n = notices(&app);
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].starts_with("There is no save in the quicksave"),
        "{n:?}"
    );
}

#[test]
fn continue_on_the_title_loads_the_latest_save() {
    let dir = tempdir();
    let mut first = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut first, UiAction::Choose(0));
    let saved = play_state(&first);
    drop(first);

    let mut app = headless_saves(minimal_game(None), dir.path());
    assert_eq!(screen(&app), Screen::Title);
    let enabled = continue_state(
        app.world().resource::<Game>(),
        app.world().resource::<Saves>(),
    );
    assert_eq!(enabled, Ok(()));
    act(&mut app, UiAction::Continue);
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(play_state(&app), saved);
    assert_eq!(
        app.world().resource::<Saves>().status.as_deref(),
        Some("Loaded the autosave.")
    );
}

#[test]
fn continue_is_disabled_without_saves() {
    let dir = tempdir();
    let app = headless_saves(minimal_game(None), dir.path());
    let enabled = continue_state(
        app.world().resource::<Game>(),
        app.world().resource::<Saves>(),
    );
    assert_eq!(enabled, Err("no saved game yet"));
}

#[test]
fn loading_a_save_whose_node_is_gone_keeps_the_current_game() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(0));
    let Some(mut save) = app.world().resource::<Game>().to_save() else {
        panic!("a playthrough exists");
    };
    save.node = "camp.burned_down".into();
    save.content_hash ^= 1;
    write_slot(dir.path(), Slot::Named(4), &save);
    let before = play_state(&app);
    act(&mut app, UiAction::OpenLoad);
    assert_eq!(screen(&app), Screen::Load);
    act(&mut app, UiAction::LoadSlot(Slot::Named(4)));
    assert_eq!(
        screen(&app),
        Screen::Load,
        "the player stays where they were"
    );
    assert_eq!(play_state(&app), before, "the current game is kept");
    let n = notices(&app);
    assert_eq!(
        n,
        vec![
            "Could not load slot 4: this save is at `camp.burned_down`, which version 1.0.0 of \
             the story no longer has; start a new game or load another save."
                .to_owned()
        ]
    );
    act(&mut app, UiAction::Back);
    assert_eq!(screen(&app), Screen::Playing);
}

#[test]
fn loading_a_save_of_another_story_version_shows_what_changed() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(0));
    let Some(mut save) = app.world().resource::<Game>().to_save() else {
        panic!("a playthrough exists");
    };
    save.content_hash ^= 1;
    save.story_version = "0.9.0".into();
    save.play_time = 754;
    save.vars
        .insert("rations".into(), aftermath::story::Value::Int(3));
    write_slot(dir.path(), Slot::Named(2), &save);
    act(&mut app, UiAction::PlayAgain);
    assert_eq!(turns(&app), Some(0));
    act(&mut app, UiAction::OpenLoad);
    act(&mut app, UiAction::LoadSlot(Slot::Named(2)));
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(turns(&app), Some(1));
    let n = notices(&app);
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(n[0].starts_with("The story has changed since this save (version 0.9.0"));
    assert_eq!(n[1], "No longer in the story, so dropped: rations.");
    // The play time goes on from the save's.
    assert!(app.world().resource::<Game>().play_time() >= Duration::from_secs(754));
    act(&mut app, UiAction::QuickSave);
    assert!(read_slot(dir.path(), Slot::Quick).play_time >= 754);
}

#[test]
fn saving_into_a_slot_goes_back_to_the_game() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Pause);
    act(&mut app, UiAction::OpenSave);
    assert_eq!(screen(&app), Screen::Save);
    act(&mut app, UiAction::SaveSlot(Slot::Named(3)));
    assert_eq!(screen(&app), Screen::Playing);
    assert_eq!(read_slot(dir.path(), Slot::Named(3)).turns, 0);
    assert_eq!(
        app.world().resource::<Saves>().status.as_deref(),
        Some("Saved to slot 3.")
    );
    // The next choice clears the word on the last save.
    act(&mut app, UiAction::Choose(0));
    assert_eq!(app.world().resource::<Saves>().status, None);
}

#[test]
fn a_slot_is_deleted_only_after_confirming() {
    let dir = tempdir();
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::QuickSave);
    let file = save_dir(dir.path()).join("quick.ron");
    act(&mut app, UiAction::OpenLoad);
    act(&mut app, UiAction::Ask(Confirm::Delete(Slot::Quick)));
    assert_eq!(
        app.world().resource::<Saves>().confirm,
        Some(Confirm::Delete(Slot::Quick))
    );
    act(&mut app, UiAction::CancelConfirm);
    assert!(file.exists());
    act(&mut app, UiAction::Ask(Confirm::Delete(Slot::Quick)));
    act(&mut app, UiAction::DeleteSlot(Slot::Quick));
    assert!(!file.exists());
    let saves = app.world().resource::<Saves>();
    assert_eq!(saves.confirm, None);
    assert!(
        saves
            .slots()
            .iter()
            .all(|s| s.state == aftermath::save::SlotState::Empty),
        "the list is read again"
    );
}

#[test]
fn a_failed_autosave_is_a_notice_and_play_goes_on() {
    let dir = tempdir();
    // The save folder is a file: nothing can be written there.
    if let Err(e) = std::fs::write(save_dir(dir.path()), "not a folder") {
        panic!("write the blocking file: {e}");
    }
    let mut app = headless_saves(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(0));
    assert_eq!(turns(&app), Some(1));
    assert_eq!(screen(&app), Screen::Playing);
    let n = notices(&app);
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].starts_with("Could not autosave: cannot create the save folder"),
        "{n:?}"
    );
    // Report: the ending is reached though the autosave fails again (one notice).
    act(&mut app, UiAction::Choose(1));
    assert_eq!(screen(&app), Screen::Ending);
    assert_eq!(notices(&app), n, "the same notice is not repeated");
}

#[test]
fn saves_live_in_the_data_folder_unless_a_save_dir_is_given() {
    let os = match directories::ProjectDirs::from("org", "Aftermath", "Aftermath") {
        Some(p) => p,
        None => return, // No per-user folders on this system: nothing to compare.
    };
    let dirs = StoreDirs {
        data: Some(os.data_dir().to_path_buf()),
        ..StoreDirs::none()
    };
    for id in ["after-kursk", "a story/with:odd*chars", ".."] {
        let default = match SaveStore::default_for(id) {
            Ok(s) => s,
            Err(e) => panic!("a default save folder: {e}"),
        };
        assert_eq!(dirs.save_dir(id).as_deref(), Some(default.dir()), "{id}");
    }
    let custom = dirs.with_save_dir(Some(PathBuf::from("/tmp/elsewhere")));
    assert_eq!(
        custom.save_dir("after-kursk"),
        Some(PathBuf::from("/tmp/elsewhere"))
    );
}

// ---- Hot reload -----------------------------------------------------------------------------

#[test]
fn the_diagnostics_panel_lists_each_error_with_its_place_and_can_be_dismissed() {
    use aftermath::gui::ui::diagnostics::{DiagnosticRow, panel};
    let rows = vec![
        DiagnosticRow {
            place: "camp.ron:14:47".to_owned(),
            message: "unknown node `nowhere`".to_owned(),
            help: Some("did you mean `report`?".to_owned()),
        },
        DiagnosticRow {
            place: String::new(),
            message: "the story folder has no story.ron".to_owned(),
            help: None,
        },
    ];
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 400.0))
        .build_ui_state(
            |ui, (rows, dismissed): &mut (Vec<DiagnosticRow>, bool)| {
                if panel(ui, "The story has errors", rows) == Some(UiAction::DismissDiagnostics) {
                    *dismissed = true;
                }
            },
            (rows, false),
        );
    harness.get_by_label("The story has errors");
    harness.get_by_label("camp.ron:14:47  unknown node `nowhere`");
    harness.get_by_label("    help: did you mean `report`?");
    harness.get_by_label("the story folder has no story.ron");
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().1, "Dismiss asks to hide the panel");

    // No rows, no panel.
    let empty = Harness::new_ui(|ui| {
        assert_eq!(panel(ui, "The story has errors", &[]), None);
    });
    assert!(empty.query_by_label("Dismiss").is_none());
}

/// The current passage's text in a headless app.
fn passage_text(app: &App) -> String {
    app.world()
        .resource::<Game>()
        .view()
        .map(|v| v.beats.iter().map(|b| b.text.as_str()).collect())
        .unwrap_or_default()
}

/// Updates `app` every 50 ms until `done` holds (at most 3 s); returns how long it took.
fn update_until(app: &mut App, done: impl Fn(&App) -> bool) -> Option<Duration> {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        app.update();
        if done(app) {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// A headless game playing `role` (seed 1) on a copy of the minimal fixture, with hot reload
/// watching the copy: (story folder, store folder, app), after one update.
fn watched_minimal_game(role: &str) -> (tempfile::TempDir, tempfile::TempDir, App) {
    use aftermath::gui::reload;
    use aftermath::story::{StorySource, load};

    let story_dir = tempfile::tempdir().expect("temp dir");
    let store_dir = tempfile::tempdir().expect("temp dir");
    for name in ["story.ron", "camp.ron", "other.ron"] {
        std::fs::copy(
            Path::new("tests/fixtures/minimal").join(name),
            story_dir.path().join(name),
        )
        .expect("copy the fixture");
    }
    let source = StorySource::from_dir(story_dir.path()).expect("story folder");
    let story = match load(source) {
        Ok(l) => std::sync::Arc::new(l.story),
        Err(f) => panic!("the copied story loads:\n{}", f.render()),
    };
    let game = Game::new(story, Some(role), Some(1)).expect("the role starts");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game(&mut app, game, StoreDirs::under(store_dir.path()));
    reload::add(&mut app, story_dir.path());
    app.update();
    (story_dir, store_dir, app)
}

#[test]
fn editing_the_story_folder_reloads_the_running_game_and_shows_errors() {
    use aftermath::gui::reload::StoryProblems;

    let (story_dir, _store_dir, mut app) = watched_minimal_game("soldier");
    // One choice taken, so there is a variable and a transcript to carry over.
    app.world_mut().write_message(PlayCommand::Choose(0));
    app.update();
    assert!(passage_text(&app).contains("Private Ri, suspicion 3."));
    let camp = story_dir.path().join("camp.ron");
    let original = std::fs::read_to_string(&camp).expect("camp.ron");

    // An edit of the current node's text shows at once, the playthrough carried over.
    let edited = original.replace("text: \"Private {name}", "text: \"Sergeant {name}");
    assert_ne!(edited, original);
    std::fs::write(&camp, &edited).expect("write camp.ron");
    let took = update_until(&mut app, |app| passage_text(app).contains("Sergeant Ri"))
        .unwrap_or_else(|| {
            panic!(
                "the edit shows: {} {:?}",
                passage_text(&app),
                app.world().resource::<StoryProblems>()
            )
        });
    eprintln!("reload latency: {took:?}");
    assert!(passage_text(&app).contains("Sergeant Ri, suspicion 3."));
    let game = app.world().resource::<Game>();
    assert_eq!(game.view().map(|v| v.node.as_str()), Some("camp.start"));
    assert_eq!(game.session().map(|s| s.role_id()), Some("soldier"));
    assert!(
        app.world()
            .resource::<Notices>()
            .0
            .iter()
            .any(|n| n == "Story reloaded: camp.ron changed."),
        "{:?}",
        app.world().resource::<Notices>().0
    );

    // A broken edit: the checker's errors with file:line, the last good story still played.
    let broken = edited.replace("goto: \"report\"", "goto: \"nowhere\"");
    assert_ne!(broken, edited);
    std::fs::write(&camp, &broken).expect("write camp.ron");
    update_until(&mut app, |app| {
        !app.world().resource::<StoryProblems>().rows.is_empty()
    })
    .expect("the errors show");
    let problems = app.world().resource::<StoryProblems>().clone();
    assert!(
        problems
            .shown()
            .iter()
            .any(|r| r.place.starts_with("camp.ron:") && r.place.split(':').count() == 3),
        "{problems:?}"
    );
    assert!(passage_text(&app).contains("Sergeant Ri, suspicion 3."));

    // Dismissed, it hides until the next edit.
    app.world_mut().write_message(UiAction::DismissDiagnostics);
    app.update();
    assert!(app.world().resource::<StoryProblems>().shown().is_empty());

    // Fixing the story clears the panel and plays the fix.
    let fixed = edited.replace("Sergeant {name}", "Captain {name}");
    std::fs::write(&camp, &fixed).expect("write camp.ron");
    update_until(&mut app, |app| passage_text(app).contains("Captain Ri")).expect("the fix shows");
    assert!(app.world().resource::<StoryProblems>().rows.is_empty());

    // Undo survives the reloads: back to before the first choice, its once-only choice again.
    let mut game = app.world_mut().resource_mut::<Game>();
    assert!(game.can_undo(), "the history is carried over");
    game.undo().expect("undo");
    assert_eq!(
        game.session().and_then(|s| s.value("suspicion")).cloned(),
        Some(aftermath::story::Value::Int(2))
    );
    assert!(
        game.view()
            .is_some_and(|v| v.choices.iter().any(|c| c.text == "Wait")),
        "the once-only choice is back"
    );
    assert!(!game.can_undo());
}

#[test]
fn a_reload_that_removes_the_current_node_keeps_the_old_story() {
    use aftermath::gui::reload::StoryProblems;

    let (story_dir, _store_dir, mut app) = watched_minimal_game("planner");
    assert!(passage_text(&app).contains("The office."));
    // Rename the planner's current node (and its start) away.
    let camp = story_dir.path().join("camp.ron");
    let original = std::fs::read_to_string(&camp).expect("camp.ron");
    std::fs::write(
        &camp,
        original.replace(
            "id: \"office\", text: \"The office.\"",
            "id: \"desk\", text: \"The desk.\"",
        ),
    )
    .expect("write camp.ron");
    let story_ron = story_dir.path().join("story.ron");
    let manifest = std::fs::read_to_string(&story_ron).expect("story.ron");
    std::fs::write(&story_ron, manifest.replace("camp.office", "camp.desk")).expect("write");
    update_until(&mut app, |app| {
        !app.world().resource::<StoryProblems>().rows.is_empty()
    })
    .expect("the panel says why");
    assert!(passage_text(&app).contains("The office."));
    let problems = app.world().resource::<StoryProblems>();
    assert!(
        problems
            .title
            .contains("Still playing the previous version"),
        "{problems:?}"
    );
}
