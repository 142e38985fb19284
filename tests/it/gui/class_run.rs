//! Running a class from the game window end to end: the set-up screen's checks and edits, the
//! projector view and the debrief drawn headless (egui_kittest), and in a headless Bevy app
//! Title → Run a class → Lobby → Start → play to the endings → Debrief → exports → Title, then
//! resuming an unfinished class from its log in a new game.

use std::path::Path;
use std::time::{Duration, Instant};

use aftermath::class::export::{self, Privacy};
use aftermath::class::{
    Action, Class, ClassSetup, Command, FacilitatorView, GroupPick, Spot, Target,
};
use aftermath::gui::class_plan::{self, ClassPlan, PlanGroup, Resumable};
use aftermath::gui::host::{Exported, Hosted, Planning};
use aftermath::gui::ui::class_setup::{self, RoleOption, SetupInfo};
use aftermath::gui::ui::debrief::{self, DebriefInfo};
use aftermath::gui::ui::projector::{self, ProjectorInfo};
use aftermath::serve::addr::DefaultAddr;
use aftermath::story::Story;

use super::*;
use crate::seats::token;

fn roles(story: &Story) -> Vec<RoleOption<'_>> {
    story
        .roles
        .iter()
        .map(|r| RoleOption {
            id: &r.id,
            name: &r.name,
            presets: r
                .presets
                .iter()
                .map(|p| (p.id.as_str(), p.title.as_str()))
                .collect(),
        })
        .collect()
}

fn loopback() -> Vec<DefaultAddr> {
    vec![
        DefaultAddr {
            ip: "192.168.1.20".parse().unwrap_or_else(|e| panic!("{e}")),
            interface: Some("wlan0".into()),
        },
        DefaultAddr {
            ip: "127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}")),
            interface: None,
        },
    ]
}

/// A harness drawing the set-up of `plan`; its state is every action asked for.
fn setup_harness<'a>(
    story: &'a Story,
    plan: &'a ClassPlan,
    addresses: &'a [DefaultAddr],
    resumable: Option<&'a Resumable>,
) -> Harness<'a, Vec<UiAction>> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 2000.0))
        .build_ui_state(
            move |ui, actions: &mut Vec<UiAction>| {
                let info = SetupInfo {
                    story_title: &story.meta.title,
                    roles: roles(story),
                    plan,
                    addresses,
                    resumable,
                    problems: plan.problems(story),
                    page: 0,
                };
                if let Some(a) = class_setup::screen(ui, &info) {
                    actions.push(a);
                }
            },
            Vec::new(),
        )
}

fn planned(story: &Story) -> ClassPlan {
    let mut plan = ClassPlan::default();
    plan.fill_groups(story);
    plan
}

#[test]
fn the_set_up_checks_the_plan_and_reports_every_edit() {
    let story = fixture("minimal");
    let plan = planned(&story);
    assert_eq!(plan.groups.len(), 4, "four groups by default");
    assert_eq!(
        plan.groups
            .iter()
            .map(|g| g.role.as_str())
            .collect::<Vec<_>>(),
        ["soldier", "planner", "soldier", "planner"]
    );
    assert!(plan.problems(&story).is_empty());
    let addresses = loopback();
    let mut harness = setup_harness(&story, &plan, &addresses, None);
    harness.run();
    harness.get_by_label("Group 4");
    // The default address is the LAN one, named with its interface.
    harness.get_by_value("192.168.1.20 (wlan0)");
    harness.get_by_label("Add a group").click();
    harness.run();
    match harness.state().last() {
        Some(UiAction::EditPlan(p)) => {
            assert_eq!(p.groups.len(), 5);
            assert_eq!(p.groups[4].role, "soldier", "roles are taken in turn");
        }
        other => panic!("Add a group edits the plan: {other:?}"),
    }
    harness.get_by_label("each types a name").click();
    harness.run();
    match harness.state().last() {
        Some(UiAction::EditPlan(p)) => assert!(p.names),
        other => panic!("{other:?}"),
    }
    harness.get_by_label("Open the lobby").click();
    harness.run();
    assert_eq!(harness.state().last(), Some(&UiAction::HostClass));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().last(), Some(&UiAction::ToTitle));
}

#[test]
fn a_bad_set_up_cannot_start_and_says_why() {
    let story = fixture("minimal");
    let mut plan = planned(&story);
    plan.groups[1] = PlanGroup {
        role: "ghost".into(),
        preset: None,
    };
    plan.groups[0].preset = Some("nowhere".into());
    plan.vote_seconds = Some(2);
    let problems = plan.problems(&story);
    assert_eq!(problems.len(), 3, "{problems:?}");
    let addresses = loopback();
    let mut harness = setup_harness(&story, &plan, &addresses, None);
    harness.run();
    harness.get_by_label_contains("Group 2: the story has no role \"ghost\"");
    harness.get_by_label_contains("Group 1: Soldier has no start \"nowhere\"");
    harness.get_by_label_contains("The vote timer must be 5 to 3600 seconds");
    assert!(
        harness
            .get_by_label("Open the lobby")
            .accesskit_node()
            .is_disabled()
    );
    drop(harness);
    plan.groups.clear();
    assert!(
        plan.problems(&story)
            .iter()
            .any(|p| p.contains("at least one group"))
    );
}

#[test]
fn the_set_up_offers_to_resume_an_unfinished_class() {
    let story = fixture("minimal");
    let plan = planned(&story);
    let addresses = loopback();
    let resumable = Resumable {
        log: "/tmp/x.jsonl".into(),
        code: "K7QXA".into(),
        seats: 3,
    };
    let mut harness = setup_harness(&story, &plan, &addresses, Some(&resumable));
    harness.run();
    harness.get_by_label_contains("The last class (code K7QXA, 3 students) did not end");
    harness.key_press(egui::Key::K);
    harness.run();
    assert_eq!(harness.state().last(), Some(&UiAction::ResumeClass));
}

/// The minimal story's class: a soldier and a planner group, one student in each.
fn small_class() -> Class {
    let setup = ClassSetup::new("Test class", &["soldier", "planner"], 7, "K7QXA");
    let mut class = Class::new(fixture("minimal"), setup).unwrap_or_else(|e| panic!("{e}"));
    for (i, g) in [0, 1].into_iter().enumerate() {
        let join = Command::Join {
            token: token(i as u32),
            group: GroupPick::Index(g),
            name: None,
        };
        class.handle(0, join).unwrap_or_else(|e| panic!("{e}"));
    }
    class
}

fn projector_harness<'a>(
    view: &'a FacilitatorView,
    spot: Option<&'a Spot>,
) -> Harness<'a, Option<UiAction>> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(
            move |ui, last: &mut Option<UiAction>| {
                let info = ProjectorInfo {
                    view,
                    spot,
                    page: 0,
                };
                if let Some(a) = projector::screen(ui, &info) {
                    *last = Some(a);
                }
            },
            None,
        )
}

#[test]
fn the_projector_shows_the_spotlight_and_the_tally_only_when_students_see_it() {
    let mut class = small_class();
    class
        .handle(0, Command::Act(Action::Open(Target::All)))
        .unwrap_or_else(|e| panic!("{e}"));
    let seat = class.seat_of(&token(0)).unwrap_or_else(|| panic!("seat"));
    class
        .handle(
            1,
            Command::Vote {
                seat,
                round: 1,
                choice: 0,
            },
        )
        .ok();
    let spot = Spot::Group { group: 0 };
    let view = class.facilitator_view();
    let soldier = &view.groups[0];
    // The soldier's one vote decided it (one seat): the tally is public once closed. Use the
    // planner's open vote for the hidden case.
    let planner = &view.groups[1];
    assert_eq!(planner.vote.state, "open");
    assert!(!planner.tally_public, "hidden results: no tally while open");
    assert!(planner.vote.tally.is_some(), "the facilitator sees it");
    let mut harness = projector_harness(&view, Some(&spot));
    harness.run();
    harness.get_by_label(&format!("{} · {}", soldier.name, soldier.role));
    let pspot = Spot::Group { group: 1 };
    let mut harness = projector_harness(&view, Some(&pspot));
    harness.run();
    harness.get_by_label_contains("Voting: 0 of 1 have voted");
    assert!(
        harness.query_by_label(" 0").is_none(),
        "no counts are shown while the results are hidden"
    );
    // Keys: a group's number, side by side, the prompt, back to the dashboard.
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Spotlight(Some(Spot::Group {
            group: 0
        }))))
    );
    harness.key_press(egui::Key::T);
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Spotlight(Some(Spot::Pair {
            left: 1,
            right: 0
        }))))
    );
    harness.key_press(egui::Key::Q);
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Spotlight(Some(Spot::Prompt {
            group: 1
        }))))
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::ShowDashboard));

    // Revealed: the counts show.
    class
        .handle(2, Command::Act(Action::Reveal(Target::Group(1))))
        .unwrap_or_else(|e| panic!("{e}"));
    let view = class.facilitator_view();
    assert!(view.groups[1].tally_public);
    let mut harness = projector_harness(&view, Some(&pspot));
    harness.run();
    assert!(
        harness.query_by_label(" 0").is_some(),
        "the revealed tally shows"
    );

    // Two groups side by side: both headings.
    let pair = Spot::Pair { left: 0, right: 1 };
    let mut harness = projector_harness(&view, Some(&pair));
    harness.run();
    harness.get_by_label(&format!(
        "{} · {}",
        view.groups[0].name, view.groups[0].role
    ));
    harness.get_by_label(&format!(
        "{} · {}",
        view.groups[1].name, view.groups[1].role
    ));
}

/// Overrides every group's votes (the first enabled choice, "Report" for the soldier) until
/// each reaches an ending.
fn play_to_the_end(act_on: &mut dyn FnMut(Action) -> FacilitatorView) {
    for _ in 0..20 {
        let view = act_on(Action::Spotlight(None));
        let mut all_ended = true;
        for card in &view.groups {
            if card.ending.is_some() {
                continue;
            }
            all_ended = false;
            let choice = card
                .choices
                .iter()
                .position(|c| c.enabled && c.text == "Report")
                .or_else(|| card.choices.iter().position(|c| c.enabled));
            if let Some(choice) = choice {
                act_on(Action::Override {
                    group: card.index,
                    choice,
                });
            }
        }
        if all_ended {
            return;
        }
    }
    panic!("the groups never reached their endings");
}

#[test]
fn the_debrief_shows_the_groups_side_by_side_and_exports() {
    let mut class = small_class();
    let mut t = 0;
    play_to_the_end(&mut |a| {
        t += 1;
        let _ = class.handle(t, Command::Act(a));
        class.facilitator_view()
    });
    let story = class.story().clone();
    let built = export::model::build(&class, Privacy::Anonymous);
    let exported = Exported {
        dir: "/tmp/class-debrief".into(),
        files: vec![("debrief.html".into(), 2048)],
        error: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .build_ui_state(
            |ui, last: &mut Option<UiAction>| {
                let info = DebriefInfo {
                    story: &story,
                    debrief: Some(&built),
                    exported: Some(&exported),
                    export_dir: None,
                    ended: true,
                    page: 0,
                };
                if let Some(a) = debrief::screen(ui, &info) {
                    *last = Some(a);
                }
            },
            None,
        );
    harness.run();
    harness.get_by_label("1. Group 1");
    harness.get_by_label("2. Group 2");
    harness.get_by_label("Ending: Signed");
    harness.get_by_label_contains("Exported to /tmp/class-debrief: debrief.html (2 KB)");
    harness.get_by_label("Export (anonymous) X").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::ExportDebrief { nicknames: false })
    );
    harness.key_press(egui::Key::F);
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::OpenFolder("/tmp/class-debrief".into()))
    );
    harness.key_press(egui::Key::T);
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::LeaveClass));
}

// ---- Headless Bevy: the whole flow from the title screen -------------------------------------

fn game_at_title(dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game(&mut app, minimal_game(None), StoreDirs::under(dir));
    app.update();
    app
}

fn hosted(app: &App) -> Option<&Hosted> {
    app.world().get_resource::<Hosted>()
}

/// Sets the plan to serve on loopback, any free port; `auto`: votes run by themselves.
fn plan_on_loopback_auto(app: &mut App, auto: bool) {
    let mut plan = app.world().resource::<Planning>().plan.clone();
    plan.address = Some("127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}")));
    plan.port = 0;
    plan.auto = auto;
    act(app, UiAction::EditPlan(Box::new(plan)));
}

fn plan_on_loopback(app: &mut App) {
    plan_on_loopback_auto(app, false);
}

#[test]
fn a_class_that_runs_by_itself_ends_when_every_group_has_ended() {
    let dir = tempdir();
    let mut app = game_at_title(dir.path());
    act(&mut app, UiAction::OpenClassSetup);
    plan_on_loopback_auto(&mut app, true);
    act(&mut app, UiAction::HostClass);
    act(&mut app, UiAction::StartClass);
    play_to_the_end(&mut |a| {
        act(&mut app, UiAction::Class(a));
        hosted(&app)
            .unwrap_or_else(|| panic!("hosted"))
            .view()
            .clone()
    });
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(
        hosted(&app).is_some_and(|h| h.facilitator().view().ended),
        "the class was ended, as `class serve --auto` does"
    );
}

#[test]
fn run_a_class_from_the_title_to_the_debrief_and_back() {
    let dir = tempdir();
    let mut app = game_at_title(dir.path());
    assert_eq!(screen(&app), Screen::Title);
    act(&mut app, UiAction::OpenClassSetup);
    assert_eq!(screen(&app), Screen::ClassSetup);
    assert!(
        !app.world().resource::<Planning>().addresses.is_empty(),
        "the address picker lists this computer's addresses"
    );
    plan_on_loopback(&mut app);
    act(&mut app, UiAction::HostClass);
    assert_eq!(screen(&app), Screen::Lobby);
    let h = hosted(&app).unwrap_or_else(|| panic!("a class is hosted"));
    let log = h
        .log()
        .unwrap_or_else(|| panic!("with a log"))
        .to_path_buf();
    assert!(
        log.starts_with(dir.path().join("data").join("classes")),
        "{}",
        log.display()
    );
    assert!(h.url().starts_with("http://127.0.0.1:"));
    // The set-up is remembered, with the log to resume.
    let saved = std::fs::read_to_string(dir.path().join("config").join(class_plan::PLAN_FILE))
        .unwrap_or_else(|e| panic!("class.ron: {e}"));
    assert!(saved.contains("last_log"), "{saved}");

    act(&mut app, UiAction::StartClass);
    assert_eq!(screen(&app), Screen::Dashboard);
    act(
        &mut app,
        UiAction::Class(Action::Spotlight(Some(Spot::Group { group: 1 }))),
    );
    assert_eq!(
        screen(&app),
        Screen::Projector,
        "a spotlight opens the projector view"
    );
    act(&mut app, UiAction::ShowDashboard);

    play_to_the_end(&mut |a| {
        act(&mut app, UiAction::Class(a));
        hosted(&app)
            .unwrap_or_else(|| panic!("hosted"))
            .view()
            .clone()
    });
    assert!(hosted(&app).is_some_and(|h| h.view().over));
    app.update();
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "every group ended: the debrief opens"
    );
    assert!(
        hosted(&app).is_some_and(|h| !h.view().ended),
        "a class the facilitator runs stays open (undo is still possible)"
    );
    act(&mut app, UiAction::AskEndClass);
    act(&mut app, UiAction::Class(Action::End));
    app.update();
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "an ended class opens the debrief"
    );
    let d = hosted(&app)
        .and_then(Hosted::debrief)
        .unwrap_or_else(|| panic!("the debrief is built"));
    assert_eq!(d.groups.len(), 4, "the usual set-up: four groups");
    assert!(d.groups.iter().all(|g| g.ending.is_some()));

    act(&mut app, UiAction::ExportDebrief { nicknames: false });
    let exported = hosted(&app)
        .and_then(|h| h.exported.clone())
        .unwrap_or_else(|| panic!("exported"));
    assert_eq!(exported.error, None);
    for name in export::FILES {
        assert!(exported.dir.join(name).is_file(), "{name} was written");
    }
    assert!(exported.dir.starts_with(log.parent().unwrap_or(dir.path())));
    let csv =
        std::fs::read_to_string(exported.dir.join("ballots.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        csv.lines().count(),
        1,
        "overrides cast no ballots: header only\n{csv}"
    );

    act(&mut app, UiAction::LeaveClass);
    assert_eq!(screen(&app), Screen::Title);
    assert!(hosted(&app).is_none(), "leaving stops the server");

    // An ended class is not offered for resuming.
    let app = game_at_title(dir.path());
    assert_eq!(app.world().resource::<Planning>().resumable, None);
}

#[test]
fn an_unfinished_class_is_offered_and_resumed_with_its_code() {
    let dir = tempdir();
    let (code, log) = {
        let mut app = game_at_title(dir.path());
        act(&mut app, UiAction::OpenClassSetup);
        plan_on_loopback(&mut app);
        act(&mut app, UiAction::HostClass);
        let h = hosted(&app).unwrap_or_else(|| panic!("hosted"));
        let (code, log) = (h.code().to_owned(), h.log().map(Path::to_path_buf));
        // A phone joins, then the game is closed without ending the class.
        let addr = h
            .url()
            .trim_start_matches("http://")
            .split('/')
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("an address in {}", h.url()));
        let rt = crate::serve::runtime();
        let _phone = rt.block_on(crate::serve::join(addr, &code));
        let deadline = Instant::now() + Duration::from_secs(5);
        while hosted(&app).is_some_and(|h| h.view().seats == 0) {
            assert!(Instant::now() < deadline, "the seat never showed");
            std::thread::sleep(Duration::from_millis(10));
            app.update();
        }
        (code, log)
    };
    let mut app = game_at_title(dir.path());
    let offered = app.world().resource::<Planning>().resumable.clone();
    let offered = offered.unwrap_or_else(|| panic!("the unfinished class is offered"));
    assert_eq!(offered.code, code);
    assert_eq!(offered.seats, 1);
    assert_eq!(Some(offered.log.clone()), log);
    act(&mut app, UiAction::ResumeClass);
    assert_eq!(screen(&app), Screen::Lobby);
    let h = hosted(&app).unwrap_or_else(|| panic!("resumed"));
    assert_eq!(h.code(), code, "the same code: phones rejoin by themselves");
    assert_eq!(h.view().seats, 1, "the seats are back");
}

#[test]
fn a_damaged_remembered_set_up_gives_the_usual_one_and_a_notice() {
    let dir = tempdir();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(config.join(class_plan::PLAN_FILE), "(groups: [ (role: 5")
        .unwrap_or_else(|e| panic!("{e}"));
    let app = game_at_title(dir.path());
    let notices = &app.world().resource::<Notices>().0;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("class set-up could not be read")),
        "{notices:?}"
    );
    assert_eq!(app.world().resource::<Planning>().plan.groups.len(), 4);
}

#[test]
fn a_port_in_use_keeps_the_set_up_open_and_says_so() {
    let dir = tempdir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = taken.local_addr().unwrap_or_else(|e| panic!("{e}")).port();
    let mut app = game_at_title(dir.path());
    act(&mut app, UiAction::OpenClassSetup);
    let mut plan = app.world().resource::<Planning>().plan.clone();
    plan.address = Some("127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}")));
    plan.port = port;
    act(&mut app, UiAction::EditPlan(Box::new(plan)));
    act(&mut app, UiAction::HostClass);
    assert_eq!(screen(&app), Screen::ClassSetup);
    assert!(hosted(&app).is_none());
    let problem = app.world().resource::<Planning>().problem.clone();
    let problem = problem.unwrap_or_else(|| panic!("the set-up says why"));
    assert!(problem.contains(&port.to_string()), "{problem}");
    let logs = std::fs::read_dir(dir.path().join("data").join("classes"))
        .map(Iterator::count)
        .unwrap_or(0);
    assert_eq!(logs, 0, "a class that never started leaves no log");
}
