//! Hosting a class from the game window (`aftermath class host`): the running class server as a
//! resource, the facilitator's actions applied to it, and the lobby and dashboard kept up to date.
//!
//! The server runs on its own thread (votes and timers never wait for a frame); the game only
//! reads [`FacilitatorView`]s and sends [`Action`]s. The window stays idle between changes: a
//! watcher thread waits for the class's version to change and wakes the event loop, and only
//! then is the view read again and a redraw asked for. While a vote's timer runs, it wakes the
//! window once a second so the seconds left count down.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::ActionSet;
use super::saves::sentence;
use super::screen::{Notices, Screen};
use super::ui::UiAction;
use crate::class::{Action, FacilitatorView, Refusal, Target};
use crate::serve::qr::{self, Modules};
use crate::serve::{Facilitator, Running};

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
    /// True while a vote's timer runs (the watcher then wakes the window every second).
    timers: Arc<AtomicBool>,
    /// Tells the watcher thread to stop.
    stop: Arc<AtomicBool>,
}

impl Hosted {
    /// Hosts the class `running` serves; `log` is where its log is written.
    pub fn new(running: Running, log: Option<PathBuf>) -> Self {
        let facilitator = running.facilitator();
        let version = facilitator.version();
        let view = facilitator.view();
        let qr = qr::modules(running.url()).ok();
        Hosted {
            running,
            facilitator,
            qr,
            log,
            timers: Arc::new(AtomicBool::new(any_timer(&view))),
            view,
            version,
            confirm_end: false,
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

    pub fn log(&self) -> Option<&std::path::Path> {
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

    /// Reads the view again if the class changed (or a timer runs); true if it differs.
    fn refresh(&mut self) -> bool {
        let version = self.facilitator.version();
        if version == self.version && !self.timers.load(Ordering::Relaxed) {
            return false;
        }
        self.version = version;
        let view = self.facilitator.view();
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

fn any_timer(view: &FacilitatorView) -> bool {
    view.groups
        .iter()
        .any(|g| g.vote.state == "open" && g.vote.seconds_left.is_some())
}

/// Adds hosting `hosted` to a game app (after [`super::add_game`]).
pub fn add(app: &mut App, hosted: Hosted) {
    app.insert_resource(hosted)
        .add_systems(Startup, watch)
        .add_systems(
            Update,
            (
                refresh.before(ActionSet::Route),
                apply.in_set(ActionSet::Apply),
            ),
        );
}

/// Starts the thread that wakes the window when the class changes (only with a real window).
fn watch(hosted: Res<Hosted>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Some(proxy) = proxy else {
        return;
    };
    let proxy = (**proxy).clone();
    let facilitator = hosted.facilitator.clone();
    let (stop, timers) = (hosted.stop.clone(), hosted.timers.clone());
    let spawned = std::thread::Builder::new()
        .name("class-watcher".into())
        .spawn(move || {
            let mut seen = facilitator.version();
            while !stop.load(Ordering::Relaxed) {
                let now = facilitator.wait_change(seen, Duration::from_secs(1));
                if (now != seen || timers.load(Ordering::Relaxed))
                    && proxy.send_event(WinitUserEvent::WakeUp).is_err()
                {
                    return;
                }
                seen = now;
            }
        });
    if let Err(e) = spawned {
        error!("cannot watch the class for changes: {e}");
    }
}

fn refresh(mut hosted: ResMut<Hosted>, mut redraw: MessageWriter<RequestRedraw>) {
    if hosted.bypass_change_detection().refresh() {
        hosted.set_changed();
        redraw.write(RequestRedraw);
    }
}

/// Applies the facilitator's actions; a refusal becomes a notice.
fn apply(
    mut actions: MessageReader<UiAction>,
    mut hosted: ResMut<Hosted>,
    mut notices: ResMut<Notices>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for action in actions.read() {
        let result = match action {
            UiAction::Class(act) => {
                if *act == Action::End {
                    hosted.confirm_end = false;
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
            _ => continue,
        };
        if let Err(refusal) = result {
            notices.push(sentence(&format!("refused: {refusal}")));
        }
        hosted.refresh();
        redraw.write(RequestRedraw);
    }
}
