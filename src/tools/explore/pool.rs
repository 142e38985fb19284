//! The exhaustive walk's threads: workers expand the states at the front of the queue ahead of
//! time, and the calling thread merges the expansions in the walk's own order.
//!
//! Sent states leave the queue from its front, so in order they come right after the states
//! already sent and before the rest of the queue: merging the jobs in the order they were sent
//! takes states in exactly the single-threaded order. The one exception is a state that reaches
//! its node first: it must go ahead of everything still queued, so merging stops after the
//! state that found it, the calling thread expands it (and any it finds in turn), and merging
//! resumes where it stopped. Expanding early changes nothing, as an expansion depends only on
//! the state; and every sent state is merged, since a walk expands every state it queues.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError, TryLockError};

use super::batch::Batch;
use super::expand::{Expanded, Expander, Shared};
use super::tally::Tally;
use super::walk::Walk;
use crate::story::Story;

/// Most states in one job: enough to make the channel's cost small, few enough that the
/// threads share the work when the queue runs short.
const MAX_JOB: usize = 256;
/// Jobs sent and not yet merged, per thread: keeps every worker busy while the calling thread
/// merges.
const JOBS_AHEAD: usize = 4;

/// States to expand, numbered in the order they were sent.
struct Job {
    seq: u64,
    states: Batch,
}

/// A job's expansions, or the panic that stopped its worker.
type Done = (u64, Result<Expanded, Box<dyn Any + Send>>);

/// Where jobs are expanded.
trait Workers {
    fn send(&mut self, job: Job, main: &mut Expander<'_>);
    /// A job sent earlier and now expanded (in any order); `None` when no worker is left.
    fn recv(&mut self, main: &mut Expander<'_>) -> Option<Done>;
}

/// One thread: the calling thread expands each job when its turn comes.
struct Inline(VecDeque<Job>);

impl Workers for Inline {
    fn send(&mut self, job: Job, _: &mut Expander<'_>) {
        self.0.push_back(job);
    }
    fn recv(&mut self, main: &mut Expander<'_>) -> Option<Done> {
        let job = self.0.pop_front()?;
        Some((job.seq, Ok(expand_all(main, &job))))
    }
}

/// Worker threads fed through one channel, answering through another; the calling thread
/// expands jobs too while the one it needs next is not done, so that `threads` threads are
/// busy in all (the workers are one fewer) and the merging thread never waits for a core.
struct Threads<'q> {
    jobs: Sender<Job>,
    queue: &'q Mutex<Receiver<Job>>,
    done: Receiver<Done>,
}

impl Workers for Threads<'_> {
    fn send(&mut self, job: Job, _: &mut Expander<'_>) {
        // Workers only stop once this sender is dropped; a failed send means they are gone,
        // which the next `recv` reports.
        let _ = self.jobs.send(job);
    }
    fn recv(&mut self, main: &mut Expander<'_>) -> Option<Done> {
        match self.done.try_recv() {
            Ok(done) => return Some(done),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {}
        }
        // Never wait for the lock: a worker holds it while it waits for a job, and only this
        // thread sends jobs. A held lock means no job is waiting anyway.
        let job = match self.queue.try_lock() {
            Ok(queue) => queue.try_recv().ok(),
            Err(TryLockError::Poisoned(p)) => p.into_inner().try_recv().ok(),
            Err(TryLockError::WouldBlock) => None,
        };
        match job {
            Some(job) => Some((job.seq, Ok(expand_all(main, &job)))),
            None => self.done.recv().ok(),
        }
    }
}

fn expand_all(expander: &mut Expander<'_>, job: &Job) -> Expanded {
    let mut out = Expanded::default();
    for (id, packed) in job.states.iter() {
        expander.expand(id, packed, &mut out);
    }
    out
}

/// Runs the walk `w` to its end with `threads` expanding threads: with 1, the calling thread
/// expands everything itself; with more, `threads - 1` workers expand and the calling thread
/// merges, expands the states that go ahead of the queue, and expands jobs while it would
/// otherwise wait. Returns the workers' tallies.
pub(super) fn run(
    w: &mut Walk,
    main: &mut Expander<'_>,
    story: &Arc<Story>,
    role: usize,
    threads: usize,
    shared: &Shared<'_>,
) -> Vec<Tally> {
    if threads <= 1 {
        drain(w, main, &mut Inline(VecDeque::new()), 1);
        return Vec::new();
    }
    let (job_tx, job_rx) = channel::<Job>();
    let (done_tx, done_rx) = channel::<Done>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .map(|_| {
                let (job_rx, done_tx) = (&job_rx, done_tx.clone());
                scope.spawn(move || {
                    // Its own copy of the story: sessions clone the story's `Arc` at every
                    // step, and threads bumping one shared counter slow each other down.
                    let copy = Arc::new(Story::clone(story));
                    let mut expander = Expander::new(copy, role, shared);
                    loop {
                        let job = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        let Ok(job) = job else { break };
                        let result =
                            catch_unwind(AssertUnwindSafe(|| expand_all(&mut expander, &job)));
                        if done_tx.send((job.seq, result)).is_err() {
                            break;
                        }
                    }
                    expander.tally
                })
            })
            .collect();
        // Only the workers hold senders now: `recv` fails once they have all stopped.
        drop(done_tx);
        let mut pool = Threads {
            jobs: job_tx,
            queue: &job_rx,
            done: done_rx,
        };
        let lost = drain(w, main, &mut pool, threads);
        // Closing the job channel lets the workers finish.
        drop(pool);
        let tallies = workers.into_iter().filter_map(|h| h.join().ok()).collect();
        if let Some(panic) = lost {
            // A bug in a worker: fail as the single-threaded walk would.
            resume_unwind(panic);
        }
        tallies
    })
}

/// Merges every state in the walk's order until nothing is left to expand; returns the panic
/// of a worker that failed, after which the walk stops short.
fn drain(
    w: &mut Walk,
    main: &mut Expander<'_>,
    workers: &mut dyn Workers,
    threads: usize,
) -> Option<Box<dyn Any + Send>> {
    let ahead = JOBS_AHEAD * threads;
    // The front job's expansions and how many of them are merged, then the jobs sent after it.
    let mut current: Option<(Expanded, usize)> = None;
    let mut sent: VecDeque<u64> = VecDeque::new();
    let mut arrived: HashMap<u64, Expanded> = HashMap::new();
    let mut next_seq = 0u64;
    loop {
        if let Some((id, packed)) = w.firsts.pop() {
            let mut out = Expanded::default();
            main.expand(id, &packed, &mut out);
            for (id, expansion) in &out.states {
                w.merge(*id, expansion, &out);
            }
            continue;
        }
        while sent.len() < ahead && !w.queue.is_empty() {
            // Small jobs while the queue is short, so that every worker gets some.
            let n = (w.queue.len() / (2 * threads)).clamp(1, MAX_JOB);
            let states = w.queue.take(n);
            workers.send(
                Job {
                    seq: next_seq,
                    states,
                },
                main,
            );
            sent.push_back(next_seq);
            next_seq += 1;
        }
        let (out, merged) = match &mut current {
            Some(c) => c,
            None => {
                // Nothing sent, nothing queued, no first: the walk is over.
                let seq = sent.pop_front()?;
                let out = loop {
                    if let Some(out) = arrived.remove(&seq) {
                        break out;
                    }
                    match workers.recv(main) {
                        Some((s, Ok(out))) => {
                            arrived.insert(s, out);
                        }
                        Some((_, Err(panic))) => {
                            w.cut_short();
                            return Some(panic);
                        }
                        None => {
                            w.cut_short();
                            return None;
                        }
                    }
                };
                current.insert((out, 0))
            }
        };
        while let Some((id, expansion)) = out.states.get(*merged) {
            *merged += 1;
            w.merge(*id, expansion, out);
            if !w.firsts.is_empty() {
                break;
            }
        }
        if *merged >= out.states.len() {
            current = None;
        }
    }
}
