//! The other screens drawn headless: settings, title, role selection, history, ending, pause.

use super::*;

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
                resumable: None,
                hosting: None,
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

/// The title of the planner's `as-reported` preset in the bundled story.
const PLANNER_AS_REPORTED: &str = "The options paper, as reported";

#[test]
fn role_selection_offers_each_roles_presets_folded_away() {
    let story = crate::bundled();
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::new_game::screen(ui, &story.meta, &story.roles, 0) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    assert!(
        harness.query_by_label(PLANNER_AS_REPORTED).is_none(),
        "folded at first"
    );
    harness
        .get_by_label("Start The Planner later in the story")
        .click();
    harness.run();
    harness.get_by_label(PLANNER_AS_REPORTED).click();
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![UiAction::PickPreset("planner".into(), "as-reported".into())]
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
            if let Some(a) = ui::pause::menu(ui, false) {
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
fn the_pause_menu_offers_sources_only_when_the_story_cites_some() {
    let mut harness = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::pause::menu(ui, true) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.get_by_label("Sources O").click();
    harness.run();
    harness.key_press(egui::Key::O);
    harness.run();
    assert_eq!(
        harness.state(),
        &vec![UiAction::OpenSources, UiAction::OpenSources]
    );
    let mut without = Harness::new_ui_state(
        |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::pause::menu(ui, false) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    without.run();
    assert!(without.query_by_label("Sources O").is_none());
    without.key_press(egui::Key::O);
    without.run();
    assert!(without.state().is_empty());
}

#[test]
fn the_sources_page_lists_each_source_with_what_it_supports_and_where() {
    let story = crate::fixture("sources");
    let mut harness = Harness::new_ui_state(
        move |ui, actions: &mut Vec<UiAction>| {
            if let Some(a) = ui::sources::screen(ui, &story) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.run();
    harness.get_by_label(
        "Wire Service, \u{201c}Troops confirmed at the front\u{201d}, 2025-04-28. https://example.org/wire/troops",
    );
    harness.get_by_label("The date both governments confirmed the deployment.");
    harness.get_by_label("Almanac Press, \u{201c}Border regions\u{201d}, 2024.");
    // The wire is cited in one scene; both are in "The record".
    assert_eq!(
        harness.query_all_by_label("Cited in: The record").count(),
        2
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &vec![UiAction::Resume]);
}
