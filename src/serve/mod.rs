//! The classroom's HTTP/WebSocket server: the student page, one WebSocket per phone, a timer,
//! and a handle for the facilitator. Network only: every decision is the class's.
//!
//! The server runs on a thread of its own with a single-threaded tokio runtime, so vote
//! counting and timers never wait for a game window's frame. The [`Class`] lives behind a
//! mutex; every command (a student's hello or ballot, the timer's tick, a facilitator's
//! action) locks it briefly, and a change bumps a version that every connection watches: each
//! re-renders its own student's view and sends it only when it differs from the last one sent.

pub mod addr;
pub mod bots;
mod conn;
pub mod limit;
mod page;
pub mod protocol;
pub mod qr;
pub mod random;
mod shared;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tokio::sync::watch;

use crate::class::{Action, Class, FacilitatorView, Refusal};
pub use page::STUDENT_PAGE;
pub use random::{new_code, new_token};
use shared::Shared;

/// Starting or running the server failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "cannot listen on {addr}: the port is already in use (another class, or another program). Pick another with --port, or --port 0 for any free one"
    )]
    InUse { addr: SocketAddr },
    #[error(
        "cannot listen on {addr}: that is not an address of this computer. Leave out --bind to use this computer's network address, or pick one of its addresses"
    )]
    NotHere { addr: SocketAddr },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot start the server: {0}")]
    Start(io::Error),
    #[error("the server stopped with an error: {0}")]
    Stopped(io::Error),
    #[error("the server thread panicked")]
    Panicked,
}

/// A running class server. Dropping it shuts the server down.
pub struct Running {
    addr: SocketAddr,
    url: String,
    code: String,
    facilitator: Facilitator,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

/// The class server.
pub struct Server;

impl Server {
    /// Listens on `bind` only (port 0: any free port) and serves `class` until shut down.
    pub fn start(class: Class, bind: SocketAddr) -> Result<Running, ServeError> {
        let listener = std::net::TcpListener::bind(bind).map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ServeError::InUse { addr: bind },
            io::ErrorKind::AddrNotAvailable => ServeError::NotHere { addr: bind },
            _ => ServeError::Bind { addr: bind, source },
        })?;
        listener.set_nonblocking(true).map_err(ServeError::Start)?;
        let addr = listener.local_addr().map_err(ServeError::Start)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Start)?;
        let code = class.code().to_owned();
        let shared = Arc::new(Shared::new(class, addr::allowed_hosts(addr)));
        let (stop, stopped) = watch::channel(false);
        let app = Router::new()
            .route("/", get(page::student_page))
            .route("/ws", get(conn::upgrade))
            .route("/picture/{index}", get(page::picture))
            .fallback(page::not_found)
            .with_state(conn::App {
                shared: shared.clone(),
                stop: stopped.clone(),
            });
        let ticker = shared.clone();
        let thread = std::thread::Builder::new()
            .name("class-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    tokio::spawn(shared::tick_forever(ticker, stopped.clone()));
                    let mut wait = stopped;
                    axum::serve(listener, app)
                        .with_graceful_shutdown(async move {
                            let _ = wait.wait_for(|s| *s).await;
                        })
                        .await
                })
            })
            .map_err(ServeError::Start)?;
        let url = format!(
            "http://{}/?code={code}",
            addr::host_port(addr::shown_ip(addr), addr.port())
        );
        Ok(Running {
            addr,
            url,
            code,
            facilitator: Facilitator { shared },
            stop,
            thread: Some(thread),
        })
    }
}

impl Running {
    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The join URL, `http://ADDR:PORT/?code=CODE` (what the QR code holds).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The join code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The facilitator's handle (cheap to clone; usable from any thread).
    pub fn facilitator(&self) -> Facilitator {
        self.facilitator.clone()
    }

    /// Stops listening, closes every connection and waits for the server thread.
    pub fn shutdown(mut self) -> Result<(), ServeError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<(), ServeError> {
        let _ = self.stop.send(true);
        match self.thread.take().map(JoinHandle::join) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(ServeError::Stopped(e)),
            Some(Err(_)) => Err(ServeError::Panicked),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}

/// The facilitator's side of a running class: act, look, wait for changes. Only the app that
/// started the server holds one; nothing on the network can act as facilitator.
#[derive(Clone)]
pub struct Facilitator {
    shared: Arc<Shared>,
}

impl Facilitator {
    /// Applies a facilitator action now; phones see its effect at once.
    pub fn act(&self, action: Action) -> Result<(), Refusal> {
        self.shared
            .handle(crate::class::Command::Act(action))
            .map(|_| ())
    }

    /// What the facilitator sees now.
    pub fn view(&self) -> FacilitatorView {
        // The story in the interface's language, where the story has it.
        let lang = crate::i18n::ui::language();
        self.shared
            .with_class(|c| c.facilitator_view_in(Some(lang)))
    }

    /// Reads the class (for exports and status lines) under its lock; keep `f` short.
    pub fn with_class<R>(&self, f: impl FnOnce(&Class) -> R) -> R {
        self.shared.with_class(f)
    }

    /// True once the facilitator ended the class or every group's story ended.
    pub fn is_over(&self) -> bool {
        self.shared.with_class(Class::is_over)
    }

    /// A number that grows with every change to the class (poll it each frame).
    pub fn version(&self) -> u64 {
        self.shared.version()
    }

    /// Blocks until the version differs from `seen` or `timeout` passes; returns the version.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        self.shared.wait_change(seen, timeout)
    }

    /// Open WebSocket connections now.
    pub fn connections(&self) -> usize {
        self.shared.connections()
    }
}
