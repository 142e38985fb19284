//! Saves in a headless Bevy app: autosave, quicksave, Continue, loading changed or gone stories.

use super::*;

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
    assert_eq!(enabled, Err("no saved game yet".to_owned()));
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
    let Some(os) = directories::ProjectDirs::from("org", "Aftermath", "Aftermath") else {
        // No per-user folders on this system: nothing to compare.
        return;
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
