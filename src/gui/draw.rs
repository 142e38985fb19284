//! The egui pass: draws the current screen with the `ui` functions and sends the player's action.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::gallery::{self, Gallery};
use super::game::Game;
use super::host::{Hosted, Planning};
use super::reload::StoryProblems;
use super::resume::continue_state;
use super::reveal::Reveal;
use super::saves::Saves;
use super::screen::{Notices, Overlay, Page, Screen};
use super::settings::Settings;
use super::ui::{self, UiAction, slots::SlotMode};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(EguiPrimaryContextPass, draw);
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Everything the screens are drawn from.
#[derive(SystemParam)]
struct Shown<'w> {
    screen: Res<'w, State<Screen>>,
    overlay: Option<Res<'w, State<Overlay>>>,
    page: Res<'w, Page>,
    game: Res<'w, Game>,
    settings: Res<'w, Settings>,
    gallery: Res<'w, Gallery>,
    reveal: Res<'w, Reveal>,
    notices: Res<'w, Notices>,
    saves: Res<'w, Saves>,
    problems: Option<Res<'w, StoryProblems>>,
    hosted: Option<Res<'w, Hosted>>,
    planning: Res<'w, Planning>,
}

/// Draws the game each frame egui runs and sends what the player asked for. The window only
/// redraws on input (reactive mode), so an action asks for one more frame.
fn draw(
    mut contexts: EguiContexts,
    shown: Shown,
    mut actions: MessageWriter<UiAction>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut styled: Local<Option<Settings>>,
    mut last_page: Local<Option<u64>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    // A new page starts without keyboard focus, so a key meant for the old page (Space, Enter)
    // cannot press a button that happens to sit where the focused one was.
    if last_page.replace(shown.page.0) != Some(shown.page.0) {
        ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }
    if styled.is_none() {
        ui::style::install_fonts(&ctx);
    }
    if *styled != Some(*shown.settings) {
        ui::style::apply(&ctx, &shown.settings);
        *styled = Some(*shown.settings);
        redraw.write(RequestRedraw);
    }
    let mut root = egui::Ui::new(
        ctx.clone(),
        egui::Id::new("aftermath_root"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let frame = egui::Frame::central_panel(root.style()).inner_margin(0.0);
    let action = egui::CentralPanel::default()
        .frame(frame)
        .show(&mut root, |ui| screen(ui, &shown))
        .inner;
    if let Some(action) = action {
        actions.write(action);
        redraw.write(RequestRedraw);
    }
    Ok(())
}

/// Draws the notices and the current screen.
fn screen(ui: &mut egui::Ui, shown: &Shown) -> Option<UiAction> {
    let mut action = None;
    if !shown.notices.0.is_empty() {
        egui::Panel::top("aftermath_notices").show(ui, |ui| {
            ui.add_space(6.0);
            action = ui::notices(ui, &shown.notices.0);
            ui.add_space(4.0);
        });
    }
    if let Some(problems) = shown.problems.as_ref().filter(|p| !p.shown().is_empty()) {
        egui::Panel::top("aftermath_story_problems").show(ui, |ui| {
            ui.add_space(6.0);
            let dismissed = ui::diagnostics::panel(ui, &problems.title, problems.shown());
            action = action.take().or(dismissed);
            ui.add_space(4.0);
        });
    }
    let game = &shown.game;
    let story = game.story();
    let page = shown.page.0;
    let can_continue = continue_state(game, &shown.saves);
    let drawn = egui::CentralPanel::no_frame()
        .show(ui, |ui| match shown.screen.get() {
            Screen::Title => ui::title::screen(
                ui,
                &ui::title::TitleInfo {
                    meta: &story.meta,
                    can_continue: can_continue.as_ref().map(|_| ()).map_err(String::as_str),
                    resumable: shown.planning.resumable.as_ref().map(|r| r.code.as_str()),
                    hosting: shown.hosted.as_deref().map(Hosted::code),
                },
            ),
            Screen::NewGame => ui::new_game::screen(ui, &story.meta, &story.roles, page),
            Screen::Playing => play(ui, shown),
            Screen::Ending => ending(ui, shown),
            Screen::Settings => ui::settings::screen(ui, &shown.settings, page),
            Screen::Gallery => ui::gallery::screen(
                ui,
                &story.meta.title,
                &gallery::entries(story, &shown.gallery),
                page,
            ),
            Screen::Load => slots(ui, shown, SlotMode::Load),
            Screen::Save => slots(ui, shown, SlotMode::Save),
            Screen::ClassSetup => class_setup(ui, shown),
            Screen::Lobby | Screen::Dashboard | Screen::Projector | Screen::Debrief => {
                hosted(ui, shown)
            }
        })
        .inner;
    drawn.or(action)
}

fn play(ui: &mut egui::Ui, shown: &Shown) -> Option<UiAction> {
    let game = &shown.game;
    let (Some(view), Some(session)) = (game.view(), game.session()) else {
        ui.label(t!("draw-no-story"));
        return ui
            .button(t!("title-screen"))
            .clicked()
            .then_some(UiAction::ToTitle);
    };
    let overlay = shown.overlay.as_ref().map_or(Overlay::None, |o| *o.get());
    if overlay == Overlay::History {
        return ui::history::screen(ui, session.transcript());
    }
    if overlay == Overlay::Sources {
        return ui::sources::screen(ui, game.story());
    }
    let changes = game.stat_changes();
    let info = ui::play::PlayInfo {
        view,
        changes: &changes,
        shown: shown.reveal.shown(),
        can_undo: game.can_undo(),
        story_title: &game.story().meta.title,
        role_name: game.role().map_or("", |r| r.name.as_str()),
        turn: session.state().turns,
        interactive: overlay == Overlay::None,
        page: shown.page.0,
        status: shown.saves.status.as_deref(),
        story: Some(game.story()),
    };
    let action = ui::play::screen(ui, &info);
    if overlay == Overlay::Paused {
        return ui::pause::menu(ui, !game.story().sources.is_empty());
    }
    action
}

/// The lobby or the dashboard of the class this window hosts.
fn hosted(ui: &mut egui::Ui, shown: &Shown) -> Option<UiAction> {
    let Some(hosted) = shown.hosted.as_deref() else {
        ui.label(t!("draw-no-class"));
        return ui
            .button(t!("title-screen"))
            .clicked()
            .then_some(UiAction::ToTitle);
    };
    let page = shown.page.0;
    match shown.screen.get() {
        Screen::Projector => {
            let spot = hosted.facilitator().with_class(|c| c.spotlight().cloned());
            return ui::projector::screen(
                ui,
                &ui::projector::ProjectorInfo {
                    view: hosted.view(),
                    spot: spot.as_ref(),
                    page,
                },
            );
        }
        Screen::Debrief => {
            let dir = hosted.export_dir();
            return ui::debrief::screen(
                ui,
                &ui::debrief::DebriefInfo {
                    story: shown.game.story(),
                    debrief: hosted.debrief(),
                    exported: hosted.exported.as_ref(),
                    export_dir: dir.as_deref(),
                    ended: hosted.view().ended,
                    page,
                },
            );
        }
        _ => {}
    }
    if *shown.screen.get() == Screen::Lobby {
        let log = hosted.log().map(|p| p.display().to_string());
        ui::lobby::screen(
            ui,
            &ui::lobby::LobbyInfo {
                url: hosted.url(),
                code: hosted.code(),
                qr: hosted.qr(),
                view: hosted.view(),
                log: log.as_deref(),
                confirm_end: hosted.confirm_end,
            },
        )
    } else {
        ui::dashboard::screen(
            ui,
            &ui::dashboard::DashboardInfo {
                view: hosted.view(),
                confirm_end: hosted.confirm_end,
                page: shown.page.0,
            },
        )
    }
}

/// The class set-up (Title → Run a class).
fn class_setup(ui: &mut egui::Ui, shown: &Shown) -> Option<UiAction> {
    let story = shown.game.story();
    let planning = &shown.planning;
    let mut problems = planning.plan.problems(story);
    problems.extend(planning.problem.clone());
    ui::class_setup::screen(
        ui,
        &ui::class_setup::SetupInfo {
            story_title: &story.meta.title,
            roles: story
                .roles
                .iter()
                .map(|r| ui::class_setup::RoleOption {
                    id: &r.id,
                    name: &r.name,
                    presets: r
                        .presets
                        .iter()
                        .map(|p| (p.id.as_str(), p.title.as_str()))
                        .collect(),
                })
                .collect(),
            plan: &planning.plan,
            addresses: &planning.addresses,
            resumable: planning.resumable.as_ref(),
            problems,
            page: shown.page.0,
        },
    )
}

fn slots(ui: &mut egui::Ui, shown: &Shown, mode: SlotMode) -> Option<UiAction> {
    let saves = &shown.saves;
    let info = ui::slots::SlotsInfo {
        mode,
        slots: saves.slots(),
        folder: saves.store().map(super::super::save::store::SaveStore::dir),
        confirm: saves.confirm,
        content_hash: shown.game.story().content_hash,
        page: shown.page.0,
    };
    ui::slots::screen(ui, &info)
}

fn ending(ui: &mut egui::Ui, shown: &Shown) -> Option<UiAction> {
    let game = &shown.game;
    let (Some(view), Some(session)) = (game.view(), game.session()) else {
        return ui
            .button(t!("title-screen"))
            .clicked()
            .then_some(UiAction::ToTitle);
    };
    let Some(ending) = &view.ending else {
        return ui
            .button(t!("title-screen"))
            .clicked()
            .then_some(UiAction::ToTitle);
    };
    let role_id = session.role_id();
    let info = ui::ending::EndingInfo {
        view,
        ending,
        transcript: session.transcript(),
        role_name: game.role().map_or("", |r| r.name.as_str()),
        other_roles: game
            .story()
            .roles
            .iter()
            .filter(|r| r.id != role_id)
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect(),
        can_undo: game.can_undo(),
        page: shown.page.0,
    };
    ui::ending::screen(ui, &info)
}
