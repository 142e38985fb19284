//! The play screen: choosing by click and key, disabled choices, the text reveal, stat changes,
//! quicksave and quickload keys.

use super::*;

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
    // A screen reader hears the disabled choice with its reason in its name.
    let run = harness.get_by_label("1. Run — Not available: You are watched too closely");
    assert!(run.accesskit_node().is_disabled(), "Run is disabled");
    harness.get_by_label("Not available: You are watched too closely");
    // Neither a click nor its number key takes it.
    harness
        .get_by_label("1. Run — Not available: You are watched too closely")
        .click();
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
                story: None,
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
                    story: None,
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

/// The stats panel's changes and the gallery's new endings come from the steps the session
/// reports: each undo goes back to the change of the step before, and an ending counts once.
#[test]
fn stat_changes_and_new_endings_follow_the_steps() {
    let mut game = minimal_game(Some("soldier"));
    // The soldier's stats: Suspicion, then Money.
    assert_eq!(game.stat_changes(), [None, None]);
    game.choose(0).expect("Wait");
    assert_eq!(game.stat_changes(), [Some(1), None]);
    assert_eq!(game.take_new_ending(), None);
    game.choose(1).expect("Report");
    assert_eq!(game.stat_changes(), [None, Some(50)]);
    let ending = game.take_new_ending().expect("Report reaches an ending");
    assert_eq!(game.take_new_ending(), None, "taken once");
    game.undo().expect("undoes");
    assert_eq!(game.stat_changes(), [Some(1), None]);
    // Reaching the same ending again in this playthrough is not new.
    game.choose(1).expect("Report");
    assert_eq!(
        game.view().and_then(|v| v.ending.as_ref()).map(|e| &e.id),
        Some(&ending)
    );
    assert_eq!(game.take_new_ending(), None);
    game.undo().expect("undoes");
    game.undo().expect("undoes");
    assert_eq!(game.stat_changes(), [None, None]);
}

#[test]
fn a_preset_from_the_command_line_starts_the_role_there() {
    let story = crate::bundled();
    let game = aftermath::gui::game::Game::with_preset(
        story.clone(),
        Some("soldier"),
        Some("as-reported"),
        Some(3),
    )
    .expect("starts");
    assert_eq!(game.view().unwrap().node, "prologue_soldier.summer");
    let err =
        aftermath::gui::game::Game::with_preset(story, Some("soldier"), Some("nowhere"), Some(3))
            .err()
            .expect("an unknown preset is refused");
    assert!(err.to_string().contains("as-reported"), "{err}");
}

#[test]
fn play_again_starts_from_the_same_preset() {
    let mut game = aftermath::gui::game::Game::new(crate::bundled(), None, Some(5)).expect("game");
    game.start_from("planner", Some("home")).expect("starts");
    let start = game.view().unwrap().node.clone();
    assert_eq!(start, "home_planner.start");
    game.choose(0).expect("a choice");
    assert_ne!(game.view().unwrap().node, start);
    game.restart().expect("restarts");
    assert_eq!(game.view().unwrap().node, start);
}

/// The play screen on the `sources` fixture (a scene map, and a picture on the wire) after
/// taking `choices` (0-based), its actions collected; run once.
fn sources_play_harness(choices: &[usize]) -> Harness<'static, Vec<UiAction>> {
    let story = crate::fixture("sources");
    let mut session =
        aftermath::session::Session::start(std::sync::Arc::clone(&story), "reader", 1)
            .expect("starts");
    for &c in choices {
        session.choose(c).expect("a choice of the fixture");
    }
    let view = session.view();
    let turn = choices.len() as u32;
    let mut harness = Harness::new_ui_state(
        move |ui, actions: &mut Vec<UiAction>| {
            let info = PlayInfo {
                view: &view,
                changes: &[],
                shown: None,
                can_undo: false,
                story_title: "Cited",
                role_name: "Reader",
                turn,
                interactive: true,
                page: 0,
                status: None,
                story: Some(&story),
            };
            if let Some(a) = ui::play::screen(ui, &info) {
                actions.push(a);
            }
        },
        Vec::new(),
    );
    harness.run();
    harness
}

#[test]
fn pictures_head_the_scene_and_their_beats_with_alt_text() {
    let harness = sources_play_harness(&[0]);
    // Both pictures decoded and drawn as images, each named by its alt text for screen
    // readers (an undecodable one would be a "[Picture: …]" label instead).
    for alt in [
        "A map of the border region, the crossing marked with a red dot.",
        "A printed wire report, a few lines long.",
    ] {
        let node = harness.get_by_label(alt);
        assert_eq!(
            node.accesskit_node().role(),
            egui::accesskit::Role::Image,
            "{alt}"
        );
    }
    assert!(harness.query_by_label_contains("[Picture:").is_none());
}

/// A map drawn small above the passage opens as large as the window allows on a click; Esc then
/// closes it without opening the pause menu, and the next Esc pauses as before.
#[test]
fn a_click_enlarges_a_shrunk_picture_and_esc_closes_it_first() {
    let mut harness = sources_play_harness(&[]);
    let alt = "A map of the border region, the crossing marked with a red dot.";
    assert!(
        harness
            .query_by_label("Click or press Esc to close.")
            .is_none()
    );
    harness.get_by_label(alt).click();
    harness.run();
    harness.get_by_label("Click or press Esc to close.");
    // The enlarged copy is drawn bigger than the one above the passage (800 px wide here).
    let widths: Vec<f32> = harness
        .query_all_by_label(alt)
        .filter_map(|n| n.accesskit_node().bounding_box())
        .map(|b| (b.x1 - b.x0) as f32)
        .collect();
    assert!(
        widths.iter().any(|&w| w > 600.0),
        "an enlarged copy: {widths:?}"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label("Click or press Esc to close.")
            .is_none()
    );
    assert!(harness.state().is_empty(), "{:?}", harness.state());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &vec![UiAction::Pause]);
}

#[test]
fn a_picture_that_does_not_decode_is_its_alt_text() {
    let picture = aftermath::story::Picture {
        path: "broken.png".into(),
        // A PNG signature and header claiming 100000 pixels a side, then nothing.
        bytes: [
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".as_slice(),
            &100_000u32.to_be_bytes(),
            &100_000u32.to_be_bytes(),
            &[8, 6, 0, 0, 0],
        ]
        .concat()
        .into(),
    };
    assert_eq!(picture.size(), Some((100_000, 100_000)));
    assert!(ui::picture::decode(&picture).is_none());
}
