//! Hot reload in a headless Bevy app, and the diagnostics panel it fills.

use super::*;

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
    assert_eq!(
        game.session().map(aftermath::session::Session::role_id),
        Some("soldier")
    );
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

/// Hot reload survives what the fuzzer feeds the loader: every mutant of the minimal story is
/// either reported as rows for the diagnostics panel (which draws them) or played on by the
/// running game; the game keeps a playable view throughout.
#[test]
fn hot_reload_survives_mutated_stories() {
    use aftermath::gui::reload::reload;
    use aftermath::gui::ui::diagnostics::panel;
    use aftermath::story::StorySource;
    use rand::SeedableRng;

    let story_dir = tempfile::tempdir().expect("temp dir");
    let original = StorySource::from_dir(Path::new("tests/fixtures/minimal"))
        .expect("fixture")
        .files;
    let mut game = minimal_game(Some("soldier"));
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(11);
    let (mut reloaded, mut refused) = (0, 0);
    for _ in 0..150 {
        let files = crate::fuzz::mutant(&original, &mut rng);
        let _ = std::fs::remove_dir_all(story_dir.path());
        for f in &files {
            let name = Path::new(&f.path).file_name().expect("a file name");
            std::fs::create_dir_all(story_dir.path()).expect("folder");
            std::fs::write(story_dir.path().join(name), &f.text).expect("write");
        }
        match reload(story_dir.path()) {
            Ok(story) => {
                reloaded += 1;
                // Carried over, or kept as it was when the playthrough cannot go on.
                let _ = game.replace_story(story);
            }
            Err(rows) => {
                refused += 1;
                assert!(!rows.is_empty(), "a refused story says why");
                let mut harness = Harness::builder()
                    .with_size(egui::vec2(900.0, 600.0))
                    .build_ui(|ui| {
                        let _ = panel(ui, "The story has errors", &rows);
                    });
                harness.run();
            }
        }
        let view = game.view().expect("still playing").clone();
        if view.ending.is_none() && view.choices.iter().any(|c| c.enabled) {
            let first = view.choices.iter().position(|c| c.enabled).unwrap_or(0);
            let _ = game.choose(first);
            let _ = game.undo();
        }
    }
    eprintln!("hot reload of 150 mutants: {reloaded} reloaded, {refused} refused with rows");
    assert!(reloaded > 0 && refused > 0);
}
