//! The class behind its lock, the class clock, and the change counter connections watch.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::limit::{Bucket, Verdict};
use crate::class::{Class, Command, Handled, Refusal, SeatId};

/// The timer ticks at least this often (a vote's deadline is met within it).
pub(super) const TICK: Duration = Duration::from_millis(250);
/// Open WebSocket connections at most (phones plus reconnecting tabs).
pub(super) const MAX_CONNECTIONS: usize = 512;

pub(super) struct Shared {
    class: Mutex<Class>,
    /// The class clock: `base_ms` (the class's own elapsed time when the server started, so a
    /// resumed class continues) plus the time since `started`.
    started: Instant,
    base_ms: u64,
    pub(super) code: String,
    pub(super) hosts: Vec<String>,
    version: watch::Sender<u64>,
    /// The same version for threads outside the runtime (the facilitator's `wait_change`).
    sync_version: (Mutex<u64>, Condvar),
    connections: AtomicUsize,
    /// Each seat's message budget, shared by every connection holding its token.
    seat_buckets: Mutex<HashMap<SeatId, Bucket>>,
}

/// Counts one open connection while it lives.
pub(super) struct ConnectionSlot(Arc<Shared>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    /// Takes one message from `seat`'s budget.
    pub(super) fn seat_budget(&self, seat: SeatId, now: Instant) -> Verdict {
        let mut buckets = self
            .seat_buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        buckets
            .entry(seat)
            .or_insert_with(|| Bucket::new(now))
            .take(now)
    }

    pub(super) fn new(class: Class, hosts: Vec<String>) -> Shared {
        let base_ms = class.elapsed_ms();
        let code = class.code().to_owned();
        Shared {
            class: Mutex::new(class),
            started: Instant::now(),
            base_ms,
            code,
            hosts,
            version: watch::Sender::new(0),
            sync_version: (Mutex::new(0), Condvar::new()),
            connections: AtomicUsize::new(0),
            seat_buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The bytes of the story's picture `index` (shared; the response copies them once).
    pub(super) fn picture(&self, index: usize) -> Option<Arc<[u8]>> {
        let class = self.lock();
        class
            .story()
            .pictures
            .get(index)
            .map(|p| Arc::clone(&p.bytes))
    }

    fn lock(&self) -> MutexGuard<'_, Class> {
        // A panic while holding the lock cannot leave the class half-changed in a way a
        // restart would not: its log is the truth. Keep serving.
        self.class
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(super) fn now_ms(&self) -> u64 {
        let since = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.base_ms.saturating_add(since)
    }

    /// Hands `cmd` to the class at the current class time. Whatever it appended to the log
    /// (even a command refused halfway keeps the events it applied) is a change.
    pub(super) fn handle(&self, cmd: Command) -> Result<Handled, Refusal> {
        let (result, changed) = {
            let mut class = self.lock();
            let before = class.log().len();
            let now = self.now_ms();
            let result = class.handle(now, cmd);
            (result, class.log().len() != before)
        };
        if changed {
            self.bump();
        }
        result
    }

    /// Sends the timer's tick (a change only when a timer ran out).
    pub(super) fn tick(&self) {
        let _ = self.handle(Command::Tick);
    }

    /// How long the timer may sleep: until the next deadline, at most [`TICK`].
    pub(super) fn until_next_tick(&self) -> Duration {
        let deadline = self.lock().next_deadline();
        let now = self.now_ms();
        match deadline {
            Some(d) if d > now => Duration::from_millis(d - now).min(TICK),
            Some(_) => Duration::from_millis(1),
            None => TICK,
        }
    }

    pub(super) fn with_class<R>(&self, f: impl FnOnce(&Class) -> R) -> R {
        f(&self.lock())
    }

    fn bump(&self) {
        self.version.send_modify(|v| *v += 1);
        let (lock, wake) = &self.sync_version;
        let mut v = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *v += 1;
        wake.notify_all();
    }

    pub(super) fn version(&self) -> u64 {
        *self.version.borrow()
    }

    pub(super) fn subscribe(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }

    pub(super) fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let (lock, wake) = &self.sync_version;
        let guard = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (guard, _) = wake
            .wait_timeout_while(guard, timeout, |v| *v == seen)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard
    }

    pub(super) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Takes a connection slot, or `None` when [`MAX_CONNECTIONS`] are open.
    pub(super) fn open_connection(self: &Arc<Self>) -> Option<ConnectionSlot> {
        let previous = self.connections.fetch_add(1, Ordering::SeqCst);
        let slot = ConnectionSlot(self.clone());
        (previous < MAX_CONNECTIONS).then_some(slot)
    }
}

/// Ticks the class until `stop` turns true.
pub(super) async fn tick_forever(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        let wait = shared.until_next_tick();
        tokio::select! {
            () = tokio::time::sleep(wait) => shared.tick(),
            _ = stop.wait_for(|s| *s) => break,
        }
    }
}
