//! Hosting a class from the game window (Run a class, or `aftermath class host`): the running
//! class server as a resource, the facilitator's actions applied to it, and the lobby,
//! dashboard, projector view and debrief kept up to date.
//!
//! The server runs on its own thread (votes and timers never wait for a frame); the game only
//! reads [`FacilitatorView`]s and sends [`Action`]s. The window stays idle between changes: a
//! watcher thread waits for the class's version to change and wakes the event loop, and only
//! then is the view read again and a redraw asked for. While a vote's timer runs, it wakes the
//! window once a second so the seconds left count down. None of this depends on the window
//! having focus: a class keeps running behind another window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::ActionSet;
use super::class_plan::{self, ClassPlan, Resumable};
use super::game::Game;
use super::saves::sentence;
use super::screen::{Notices, Screen};
use super::store::StoreDirs;
use super::ui::UiAction;
use crate::class::export::{self, Debrief, Privacy};
use crate::class::{Action, FacilitatorView, Refusal, Target};
use crate::serve::addr::{self, DefaultAddr};
use crate::serve::qr::{self, Modules};
use crate::serve::{Facilitator, Running};

/// The shortest time between two redraws the class asks for.
pub const MIN_REDRAW_GAP: Duration = Duration::from_millis(400);

/// The class this window hosts.
#[derive(Resource)]
pub struct Hosted {
    /// Dropped with the resource, which stops the server.
    running: Running,
    facilitator: Facilitator,
    qr: Option<Modules>,
    log: Option<PathBuf>,
    view: FacilitatorView,
    version: u64,
    /// The facilitator asked to end the class; the confirmation is shown.
    pub confirm_end: bool,
    /// The window has shown that the class is over (it opens the debrief once, by itself).
    over_seen: bool,
    /// Votes open and close by themselves; the window ends the class once every group ended.
    auto: bool,
    /// The debrief and the class version it was built from.
    debrief: Option<(u64, Debrief)>,
    /// What the last export wrote, or why it failed.
    pub exported: Option<Exported>,
    /// True while a vote's timer runs (the watcher then wakes the window every second).
    timers: Arc<AtomicBool>,
    /// Tells the watcher thread to stop.
    stop: Arc<AtomicBool>,
}

/// The result of exporting the debrief from the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub dir: PathBuf,
    /// The files written with their sizes in bytes; empty when the export failed.
    pub files: Vec<(String, u64)>,
    pub error: Option<String>,
}

impl Hosted {
    /// Hosts the class `running` serves; `log` is where its log is written.
    pub fn new(running: Running, log: Option<PathBuf>) -> Self {
        let facilitator = running.facilitator();
        let version = facilitator.version();
        let view = shown_view(facilitator.view());
        let qr = qr::modules(running.url()).ok();
        let auto = facilitator.with_class(|c| c.setup().auto);
        Hosted {
            running,
            facilitator,
            qr,
            log,
            timers: Arc::new(AtomicBool::new(any_timer(&view))),
            over_seen: view.ended || view.over,
            auto,
            view,
            version,
            confirm_end: false,
            debrief: None,
            exported: None,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn url(&self) -> &str {
        self.running.url()
    }

    pub fn code(&self) -> &str {
        self.running.code()
    }

    /// The join URL's QR code.
    pub fn qr(&self) -> Option<&Modules> {
        self.qr.as_ref()
    }

    pub fn log(&self) -> Option<&Path> {
        self.log.as_deref()
    }

    /// The class as last read.
    pub fn view(&self) -> &FacilitatorView {
        &self.view
    }

    /// The facilitator's handle on the class.
    pub fn facilitator(&self) -> &Facilitator {
        &self.facilitator
    }

    /// The debrief as last built (see [`Hosted::build_debrief`]).
    pub fn debrief(&self) -> Option<&Debrief> {
        self.debrief.as_ref().map(|(_, d)| d)
    }

    /// Builds the debrief (students anonymous: it is shown on the projector) unless the one
    /// built is of the class as it is now.
    pub fn build_debrief(&mut self) {
        let version = self.facilitator.version();
        if self.debrief.as_ref().is_some_and(|(v, _)| *v == version) {
            return;
        }
        // In the interface's language: the class replayed on that edition of the story, when
        // the story has one (as the exported files are).
        let lang = crate::i18n::ui::language();
        let debrief = self.facilitator.with_class(|c| match c.in_language(lang) {
            Some(Ok(translated)) => export::model::build(&translated, Privacy::Anonymous),
            _ => export::model::build(c, Privacy::Anonymous),
        });
        self.debrief = Some((version, debrief));
    }

    /// The folder the debrief is exported to: `<log stem>-debrief` next to the log.
    pub fn export_dir(&self) -> Option<PathBuf> {
        let log = self.log.as_ref()?;
        let stem = log.file_stem()?.to_string_lossy().into_owned();
        Some(log.with_file_name(format!("{stem}-debrief")))
    }

    /// Writes the debrief files into [`Hosted::export_dir`].
    fn export(&mut self, privacy: Privacy) {
        let Some(dir) = self.export_dir() else {
            self.exported = Some(Exported {
                dir: PathBuf::new(),
                files: Vec::new(),
                error: Some(t!("host-no-log")),
            });
            return;
        };
        let written = self
            .facilitator
            .with_class(|c| export::write_all(c, &dir, privacy));
        self.exported = Some(match written {
            Ok(paths) => Exported {
                files: paths
                    .iter()
                    .map(|p| {
                        let name = p
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        (name, std::fs::metadata(p).map_or(0, |m| m.len()))
                    })
                    .collect(),
                dir,
                error: None,
            },
            Err(e) => Exported {
                dir,
                files: Vec::new(),
                error: Some(e.to_string()),
            },
        });
    }

    /// Reads the view again if the class changed (or a timer runs); true if it differs.
    fn refresh(&mut self) -> bool {
        let version = self.facilitator.version();
        if version == self.version && !self.timers.load(Ordering::Relaxed) {
            return false;
        }
        self.version = version;
        let view = shown_view(self.facilitator.view());
        self.timers.store(any_timer(&view), Ordering::Relaxed);
        if view == self.view {
            return false;
        }
        self.view = view;
        true
    }
}

impl Drop for Hosted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Seconds left above this count down in steps of [`COARSE_STEP`], at most one redraw per
/// step; the last ones tick every second.
pub const COARSE_ABOVE: u64 = 20;
/// The step of a long countdown, in seconds.
pub const COARSE_STEP: u64 = 5;

/// The class as the window shows it: a long countdown in 5-second steps (55, 50, … 25, then
/// 20, 19, …), so a running timer costs a redraw every 5 s rather than every second. Phones
/// count every second themselves.
pub fn shown_view(mut view: FacilitatorView) -> FacilitatorView {
    for g in &mut view.groups {
        if let Some(s) = &mut g.vote.seconds_left
            && *s > COARSE_ABOVE
        {
            *s = s.div_ceil(COARSE_STEP) * COARSE_STEP;
        }
    }
    view
}

fn any_timer(view: &FacilitatorView) -> bool {
    view.groups
        .iter()
        .any(|g| g.vote.state == "open" && g.vote.seconds_left.is_some())
}

/// The class set-up being edited and whether the last class can be resumed.
#[derive(Resource, Debug, Clone, Default)]
pub struct Planning {
    pub plan: ClassPlan,
    pub resumable: Option<Resumable>,
    /// Why the last start failed, shown on the set-up screen.
    pub problem: Option<String>,
    /// The addresses the class could listen on (read when the set-up screen opens).
    pub addresses: Vec<DefaultAddr>,
}

/// The hosting systems, added to every game: they run only while a class is hosted, except
/// the set-up screen's, which starts one.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            (watch.run_if(resource_added::<Hosted>), refresh)
                .chain()
                .run_if(resource_exists::<Hosted>)
                .before(ActionSet::Route),
            apply
                .run_if(resource_exists::<Hosted>)
                .in_set(ActionSet::Apply),
            plan.in_set(ActionSet::Apply),
        ),
    );
}

/// Reads the last set-up and whether its class can be resumed (at start-up).
pub fn planning(dirs: &StoreDirs, game: &Game) -> (Planning, Option<String>) {
    let (mut plan, notice) = class_plan::load(dirs);
    plan.fill_groups(game.story());
    let resumable = plan
        .last_log
        .as_deref()
        .and_then(|log| class_plan::resumable(game.story(), log));
    (
        Planning {
            plan,
            resumable,
            problem: None,
            addresses: Vec::new(),
        },
        notice,
    )
}

/// Hosts `hosted` in a game app (after [`super::add_game`]): `aftermath class host`.
pub fn add(app: &mut App, hosted: Hosted) {
    app.insert_resource(hosted);
}

/// Starts the thread that wakes the window when the class changes (only with a real window).
fn watch(hosted: Res<Hosted>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Some(proxy) = proxy else {
        return;
    };
    let proxy = (**proxy).clone();
    let facilitator = hosted.facilitator.clone();
    let stop = hosted.stop.clone();
    let spawned = std::thread::Builder::new()
        .name("class-watcher".into())
        .spawn(move || {
            // Every wake-up renders a frame (tens of milliseconds on software rendering), so
            // the window is woken only when what it shows changed: not for a change nobody
            // sees (a phone's ping), and for a running timer once its seconds tick down.
            let mut seen = facilitator.version();
            let mut shown = shown_view(facilitator.view());
            while !stop.load(Ordering::Relaxed) {
                let now = facilitator.wait_change(seen, Duration::from_secs(1));
                let changed = now != seen;
                seen = now;
                if !changed && !any_timer(&shown) {
                    continue;
                }
                let view = shown_view(facilitator.view());
                if view == shown {
                    continue;
                }
                shown = view;
                if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                    return;
                }
                // Changes that come in a burst (a group's ballots) are drawn together.
                std::thread::sleep(MIN_REDRAW_GAP);
            }
        });
    if let Err(e) = spawned {
        error!("cannot watch the class for changes: {e}");
    }
}

/// Reads the class again when it changed; a class that has just ended opens the debrief.
fn refresh(
    mut hosted: ResMut<Hosted>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    // The frame the watcher woke draws the new view: refresh runs before the egui pass, so no
    // second frame is asked for.
    if hosted.bypass_change_detection().refresh() {
        hosted.set_changed();
    }
    let (ended, over) = (hosted.view.ended, hosted.view.over);
    if (ended || over) && !hosted.over_seen {
        // A class that runs by itself ends when every group has reached an ending (as
        // `class serve --auto` does); one the facilitator runs stays open for undos.
        if hosted.auto && !ended {
            if let Err(e) = hosted.facilitator.act(Action::End) {
                warn!("the class could not be ended: {e}");
            }
            hosted.bypass_change_detection().refresh();
        }
        hosted.over_seen = true;
        next_screen.set(Screen::Debrief);
        // The new screen shows from the next frame.
        redraw.write(RequestRedraw);
    }
    if *screen.get() == Screen::Debrief {
        hosted.bypass_change_detection().build_debrief();
    }
}

/// Applies the facilitator's actions; a refusal becomes a notice.
#[allow(clippy::too_many_arguments)]
fn apply(
    mut commands: Commands,
    mut actions: MessageReader<UiAction>,
    mut hosted: ResMut<Hosted>,
    mut notices: ResMut<Notices>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for action in actions.read() {
        let result = match action {
            UiAction::Class(act) => {
                if *act == Action::End {
                    hosted.confirm_end = false;
                }
                if matches!(act, Action::Spotlight(Some(_))) && *screen.get() == Screen::Dashboard {
                    next_screen.set(Screen::Projector);
                }
                hosted.facilitator.act(act.clone())
            }
            UiAction::StartClass => {
                next_screen.set(Screen::Dashboard);
                // A class that runs by itself, or resumed, may have its votes open already.
                match hosted.facilitator.act(Action::Open(Target::All)) {
                    Err(Refusal::VoteOpen | Refusal::GroupEnded) => Ok(()),
                    other => other,
                }
            }
            UiAction::AskEndClass => {
                hosted.confirm_end = true;
                Ok(())
            }
            UiAction::CancelConfirm => {
                hosted.confirm_end = false;
                Ok(())
            }
            UiAction::ShowLobby => {
                next_screen.set(Screen::Lobby);
                Ok(())
            }
            UiAction::ShowDashboard => {
                next_screen.set(Screen::Dashboard);
                Ok(())
            }
            UiAction::ShowProjector => {
                next_screen.set(Screen::Projector);
                Ok(())
            }
            UiAction::ShowDebrief => {
                next_screen.set(Screen::Debrief);
                hosted.build_debrief();
                Ok(())
            }
            UiAction::ExportDebrief { nicknames } => {
                hosted.export(if *nicknames {
                    Privacy::Nicknames
                } else {
                    Privacy::Anonymous
                });
                Ok(())
            }
            UiAction::OpenFolder(dir) => {
                if let Err(e) = open::that_detached(dir) {
                    notices.push(t!(
                        "host-folder-not-opened",
                        dir = dir.display().to_string(),
                        error = e.to_string()
                    ));
                }
                Ok(())
            }
            UiAction::LeaveClass => {
                // Only an ended class is left; the phones keep its last page.
                if hosted.view.ended {
                    commands.remove_resource::<Hosted>();
                    next_screen.set(Screen::Title);
                    Ok(())
                } else {
                    hosted.confirm_end = true;
                    Ok(())
                }
            }
            _ => continue,
        };
        if let Err(refusal) = result {
            notices.push(sentence(&t!("host-refused", reason = refusal.to_string())));
        }
        hosted.refresh();
        redraw.write(RequestRedraw);
    }
}

/// The set-up screen's actions: edit the set-up, start the class it describes, or resume the
/// last one. A class that starts is remembered (its set-up and log) for next time.
#[allow(clippy::too_many_arguments)]
fn plan(
    mut commands: Commands,
    mut actions: MessageReader<UiAction>,
    mut planning: ResMut<Planning>,
    hosted: Option<Res<Hosted>>,
    game: Res<Game>,
    dirs: Res<StoreDirs>,
    mut notices: ResMut<Notices>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        let started = match action {
            UiAction::OpenClassSetup => {
                if hosted.is_some() {
                    next_screen.set(Screen::Lobby);
                } else {
                    planning.problem = None;
                    planning.addresses = addr::choices();
                    next_screen.set(Screen::ClassSetup);
                }
                continue;
            }
            UiAction::EditPlan(plan) => {
                planning.plan = (**plan).clone();
                planning.problem = None;
                continue;
            }
            UiAction::HostClass if hosted.is_none() => class_plan::start(
                game.story().clone(),
                &planning.plan,
                &dirs,
                crate::session::clock_seed(),
            ),
            UiAction::ResumeClass if hosted.is_none() => {
                let Some(r) = planning.resumable.clone() else {
                    continue;
                };
                class_plan::resume(game.story().clone(), &planning.plan, &r.log)
            }
            _ => continue,
        };
        match started {
            Ok((running, log)) => {
                planning.plan.last_log = Some(log.clone());
                planning.resumable = None;
                planning.problem = None;
                if let Err(e) = class_plan::save(&dirs, &planning.plan) {
                    notices.push(t!("host-plan-not-saved", error = e.to_string()));
                }
                commands.insert_resource(Hosted::new(running, Some(log)));
                next_screen.set(Screen::Lobby);
            }
            Err(e) => planning.problem = Some(sentence(&e.to_string())),
        }
    }
}
