//! Screen flow in a headless Bevy app: title to ending and back, overlays, settings and the gallery.

use super::*;

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
        .map_or(0, std::collections::BTreeMap::len);
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

#[test]
fn the_ending_screen_saves_the_transcript_as_a_page() {
    let dir = tempdir();
    let mut app = headless(minimal_game(Some("soldier")), dir.path());
    act(&mut app, UiAction::Choose(2));
    assert_eq!(screen(&app), Screen::Ending);
    act(&mut app, UiAction::ExportTranscript);
    assert_eq!(screen(&app), Screen::Ending, "the ending screen stays");
    let notices = app.world().resource::<Notices>().0.clone();
    let said = notices
        .iter()
        .find_map(|n| n.strip_prefix("Transcript saved to "))
        .unwrap_or_else(|| panic!("a notice says where: {notices:?}"));
    let path = std::path::Path::new(said);
    assert!(
        path.starts_with(dir.path()),
        "{said} is in the game's folders"
    );
    let page = std::fs::read_to_string(path).expect("the page was written");
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert!(
        page.contains("Report"),
        "the choice taken is in the transcript"
    );
}
