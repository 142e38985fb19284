//! Hosting a class from the game window: the lobby and dashboard drawn headless (egui_kittest),
//! the lobby's QR code decoded by a real scanner (zbarimg), and the flow Lobby → Start →
//! Dashboard in a headless Bevy app against a real class server on loopback.

use std::path::Path;
use std::time::{Duration, Instant};

use aftermath::class::{Action, Class, ClassSetup, FacilitatorView, GroupPick, Target};
use aftermath::gui::add_game_at;
use aftermath::gui::host::{self, Hosted};
use aftermath::gui::ui::dashboard::{self, DashboardInfo};
use aftermath::gui::ui::lobby::{self, LobbyInfo};
use aftermath::serve::qr::{self, Modules};
use aftermath::serve::{Running, Server};
use bevy_egui::egui::{Color32, Shape};

use super::*;
use crate::seats::token;

const URL: &str = "http://192.168.1.20:7878/?code=K7QXA";

/// A class of the minimal story with a soldier and a planner group.
fn class() -> Class {
    let setup = ClassSetup::new("Test class", &["soldier", "planner"], 7, "K7QXA");
    match Class::new(fixture("minimal"), setup) {
        Ok(c) => c,
        Err(e) => panic!("the class starts: {e}"),
    }
}

/// The class with `n` students: the first two in group 1, the rest in group 2.
fn class_with_seats(n: u32) -> Class {
    let mut class = class();
    for i in 0..n {
        let group = GroupPick::Index(usize::from(i >= 2));
        let join = aftermath::class::Command::Join {
            token: token(i),
            group,
            name: None,
        };
        if let Err(e) = class.handle(0, join) {
            panic!("student {i} joins: {e}");
        }
    }
    class
}

fn modules(url: &str) -> Modules {
    match qr::modules(url) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

/// A harness drawing the lobby; its state is the last action asked for.
fn lobby_harness<'a>(view: &'a FacilitatorView, qr: &'a Modules) -> Harness<'a, Option<UiAction>> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(
            move |ui, last: &mut Option<UiAction>| {
                let info = LobbyInfo {
                    url: URL,
                    code: "K7QXA",
                    qr: Some(qr),
                    view,
                    log: Some("/tmp/class.jsonl"),
                    confirm_end: false,
                };
                if let Some(a) = lobby::screen(ui, &info) {
                    *last = Some(a);
                }
            },
            None,
        )
}

#[test]
fn the_lobby_shows_the_url_the_code_and_the_seats() {
    let view = class_with_seats(3).facilitator_view();
    let qr = modules(URL);
    let mut harness = lobby_harness(&view, &qr);
    harness.run();
    harness.get_by_label(URL);
    harness.get_by_label("K7QXA");
    harness.get_by_label_contains("3 students have joined");
    harness.get_by_label("1. Group 1 (Soldier): 2 seats");
    harness.get_by_label("2. Group 2 (Planner): 1 seat");
    harness.get_by_label("Lock room").click();
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::Class(Action::Lock(true))));
    harness.get_by_label("Start").click();
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::StartClass));
}

#[test]
fn a_locked_lobby_offers_to_unlock_and_esc_asks_before_ending() {
    let mut class = class_with_seats(1);
    if let Err(e) = class.handle(0, aftermath::class::Command::Act(Action::Lock(true))) {
        panic!("{e}");
    }
    let view = class.facilitator_view();
    let qr = modules(URL);
    let mut harness = lobby_harness(&view, &qr);
    harness.run();
    harness.get_by_label_contains("1 student has joined (room for");
    harness.get_by_label_contains("The room is locked");
    harness.get_by_label("Unlock room").click();
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::Class(Action::Lock(false))));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::AskEndClass));
}

/// A harness drawing the dashboard; its state is the last action asked for.
fn dashboard_harness(view: &FacilitatorView, confirm_end: bool) -> Harness<'_, Option<UiAction>> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui_state(
            move |ui, last: &mut Option<UiAction>| {
                let info = DashboardInfo {
                    view,
                    confirm_end,
                    page: 0,
                };
                if let Some(a) = dashboard::screen(ui, &info) {
                    *last = Some(a);
                }
            },
            None,
        )
}

#[test]
fn the_dashboard_has_a_card_per_group_with_its_vote_and_controls() {
    let mut class = class_with_seats(3);
    if let Err(e) = class.handle(0, aftermath::class::Command::Act(Action::Open(Target::All))) {
        panic!("{e}");
    }
    let view = class.facilitator_view();
    let mut harness = dashboard_harness(&view, false);
    harness.run();
    for g in &view.groups {
        harness.get_by_label(&format!("{}. {}", g.index + 1, g.name));
    }
    // Both groups start in the same scene: one title per card.
    let scene = &view.groups[0].scene;
    assert_eq!(harness.get_all_by_label(scene).count(), view.groups.len());
    harness.get_by_label_contains("0/2 ballots");
    harness.get_by_label_contains("0/1 ballots");
    // Group 2's first enabled choice, overridden.
    let planner = &view.groups[1];
    let choice = planner
        .choices
        .iter()
        .position(|c| c.enabled)
        .unwrap_or_else(|| panic!("the planner has a choice"));
    let label = format!("Override {}", choice + 1);
    let buttons: Vec<_> = harness.get_all_by_label(&label).collect();
    let last = buttons
        .last()
        .unwrap_or_else(|| panic!("no {label} button"));
    last.click();
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Override { group: 1, choice }))
    );
    harness.get_by_label("Close all").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Close(Target::All)))
    );
    match harness.get_all_by_label("+30 s").next() {
        Some(b) => b.click(),
        None => panic!("no +30 s button"),
    }
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(UiAction::Class(Action::Extend(
            Target::Group(0),
            dashboard::EXTEND_SECONDS
        )))
    );
    harness.get_by_label("End class…").click();
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::AskEndClass));
}

#[test]
fn ending_the_class_is_confirmed_and_esc_keeps_it_running() {
    let view = class_with_seats(1).facilitator_view();
    let mut harness = dashboard_harness(&view, true);
    harness.run();
    harness.get_by_label("End the class?");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::CancelConfirm));
    harness.get_by_label("End the class").click();
    harness.run();
    assert_eq!(harness.state(), &Some(UiAction::Class(Action::End)));
}

// ---- The QR code, scanned ------------------------------------------------------------------

/// Paints the lobby at 1280x720 and rasterises the QR code it drew (the white square and the
/// black modules on it) into a grayscale image: (width, pixels).
fn lobby_qr_pixels(url: &str) -> (usize, Vec<u8>) {
    let view = class().facilitator_view();
    let qr = modules(url);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui(|ui| {
            let info = LobbyInfo {
                url,
                code: "K7QXA",
                qr: Some(&qr),
                view: &view,
                log: None,
                confirm_end: false,
            };
            let _ = lobby::screen(ui, &info);
        });
    harness.run();
    let rects: Vec<_> = harness
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            Shape::Rect(r) if r.fill == Color32::WHITE || r.fill == Color32::BLACK => {
                Some((r.rect, r.fill == Color32::BLACK))
            }
            _ => None,
        })
        .collect();
    let Some(square) = rects
        .iter()
        .filter(|(_, black)| !black)
        .max_by(|a, b| a.0.area().total_cmp(&b.0.area()))
        .map(|(r, _)| *r)
    else {
        panic!("the lobby paints no QR code");
    };
    // Big enough to scan from the back of a room: at least 480 points at 1280x720.
    assert!(
        square.width() >= 480.0 && square.height() >= 480.0,
        "the QR code is only {square:?}"
    );
    // A white margin of a few pixels around it, like a screenshot would have.
    let pad = 16.0;
    let side = (square.width() + 2.0 * pad).ceil() as usize;
    let mut pixels = vec![255u8; side * side];
    for (r, _) in rects.iter().filter(|(_, black)| *black) {
        let x0 = (r.min.x - square.min.x + pad).round() as usize;
        let y0 = (r.min.y - square.min.y + pad).round() as usize;
        let x1 = (r.max.x - square.min.x + pad).round() as usize;
        let y1 = (r.max.y - square.min.y + pad).round() as usize;
        for y in y0..y1.min(side) {
            for x in x0..x1.min(side) {
                pixels[y * side + x] = 0;
            }
        }
    }
    (side, pixels)
}

#[test]
fn the_lobby_qr_code_scans_back_to_the_url() {
    let (side, pixels) = lobby_qr_pixels(URL);
    // Decoded by rqrr, a QR reader in pure Rust: no scanner to install for `cargo test`
    // (scripts/class-host-e2e.sh reads a real screenshot with zbarimg as well).
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the lobby's drawing");
    let (_, content) = grids[0]
        .decode()
        .unwrap_or_else(|e| panic!("the lobby's QR code does not decode: {e}"));
    assert_eq!(content, URL);
    // A damaged drawing does not read back as the URL.
    let mut damaged = pixels.clone();
    for p in damaged.iter_mut().take(side * side / 2) {
        *p = 255;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| damaged[y * side + x]);
    assert!(
        image
            .detect_grids()
            .iter()
            .all(|g| g.decode().map(|(_, c)| c) != Ok(URL.to_owned())),
        "half a QR code still read as the URL"
    );
}

// ---- Headless Bevy: Lobby → Start → Dashboard against a real server --------------------------

/// A headless game hosting `running`, opened on the lobby.
fn hosting(running: Running, dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    add_game_at(
        &mut app,
        minimal_game(None),
        StoreDirs::under(dir),
        Some(Screen::Lobby),
    );
    host::add(&mut app, Hosted::new(running, None));
    app.update();
    app
}

fn hosted(app: &App) -> &Hosted {
    app.world().resource::<Hosted>()
}

#[test]
fn host_flow_lobby_start_dashboard_against_a_real_server() {
    let dir = tempdir();
    let running = Server::start(
        class(),
        "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("the server starts: {e}"));
    let (addr, code) = (running.addr(), running.code().to_owned());
    let mut app = hosting(running, dir.path());
    assert_eq!(screen(&app), Screen::Lobby);
    assert!(hosted(&app).url().contains(&format!("?code={code}")));
    assert!(hosted(&app).qr().is_some());
    assert_eq!(hosted(&app).view().seats, 0);

    // A phone joins; the lobby's seats fill in without any input.
    let rt = crate::serve::runtime();
    let _phone = rt.block_on(crate::serve::join(addr, &code));
    let deadline = Instant::now() + Duration::from_secs(5);
    while hosted(&app).view().seats != 1 {
        assert!(Instant::now() < deadline, "the lobby never saw the seat");
        std::thread::sleep(Duration::from_millis(10));
        app.update();
    }

    act(&mut app, UiAction::Class(Action::Lock(true)));
    assert!(hosted(&app).facilitator().view().locked);
    assert!(
        hosted(&app).view().locked,
        "the lobby shows the lock at once"
    );

    act(&mut app, UiAction::StartClass);
    assert_eq!(screen(&app), Screen::Dashboard);
    let f = hosted(&app).facilitator().view();
    assert!(
        f.groups.iter().all(|g| g.vote.state == "open"),
        "Start opens every group's vote: {:?}",
        f.groups.iter().map(|g| g.vote.state).collect::<Vec<_>>()
    );
    assert!(
        hosted(&app)
            .view()
            .groups
            .iter()
            .all(|g| g.vote.state == "open")
    );

    // A refusal is a notice, not a crash.
    act(&mut app, UiAction::Class(Action::Undo { group: 0 }));
    let notices = &app.world().resource::<Notices>().0;
    assert!(
        notices.iter().any(|n| n.contains("nothing to undo")),
        "{notices:?}"
    );

    // Esc asks; cancelling keeps the class running; ending it needs the confirmation's button.
    act(&mut app, UiAction::AskEndClass);
    assert!(hosted(&app).confirm_end);
    act(&mut app, UiAction::CancelConfirm);
    assert!(!hosted(&app).confirm_end);
    assert!(!hosted(&app).facilitator().view().ended);
    act(&mut app, UiAction::AskEndClass);
    act(&mut app, UiAction::Class(Action::End));
    assert!(!hosted(&app).confirm_end);
    assert!(hosted(&app).view().ended);

    act(&mut app, UiAction::ShowLobby);
    assert_eq!(screen(&app), Screen::Lobby);
}
