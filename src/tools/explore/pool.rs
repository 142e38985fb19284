//! The exhaustive walk's threads: workers expand the states at the front of the queue ahead of
//! time, and the calling thread merges their expansions in the walk's own order.
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
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

use super::expand::{Expander, Expansion, Shared};
use super::tally::Tally;
use super::walk::Walk;
use crate::story::Story;

/// Most states in one job: enough to make the channel's cost small, few enough that the
/// workers share the work at the end of a level.
const MAX_JOB: usize = 256;
/// Jobs sent and not yet merged, per worker: keeps every worker busy while the calling thread
/// merges.
const JOBS_AHEAD: usize = 4;

/// States to expand (id and fully packed state), numbered in the order they were sent.
struct Job {
    seq: u64,
    states: Vec<(u32, Box<[u8]>)>,
}

/// A job's expansions, in its states' order, or the panic that stopped its worker.
type Done = (u64, Result<Vec<(u32, Expansion)>, Box<dyn Any + Send>>);

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

/// Worker threads fed through one channel, answering through another.
struct Threads {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl Workers for Threads {
    fn send(&mut self, job: Job, _: &mut Expander<'_>) {
        // Workers only stop once this sender is dropped; a failed send means they are gone,
        // which the next `recv` reports.
        let _ = self.jobs.send(job);
    }
    fn recv(&mut self, _: &mut Expander<'_>) -> Option<Done> {
        self.done.recv().ok()
    }
}

fn expand_all(expander: &mut Expander<'_>, job: &Job) -> Vec<(u32, Expansion)> {
    job.states
        .iter()
        .map(|(id, packed)| (*id, expander.expand(packed)))
        .collect()
}

/// Runs the walk `w` to its end with `threads` expanding threads: with 1, the calling thread
/// expands everything itself; with more, that many workers do and the calling thread merges
/// (and expands the states that go ahead of the queue). Returns the workers' tallies.
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
        let workers: Vec<_> = (0..threads)
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
    // The front job's expansions not merged yet, then the jobs sent after it, in order.
    let mut current: VecDeque<(u32, Expansion)> = VecDeque::new();
    let mut sent: VecDeque<u64> = VecDeque::new();
    let mut arrived: HashMap<u64, Vec<(u32, Expansion)>> = HashMap::new();
    let mut next_seq = 0u64;
    loop {
        if let Some((id, packed)) = w.firsts.pop_front() {
            let expansion = main.expand(&packed);
            w.merge(id, expansion);
            continue;
        }
        while sent.len() < ahead && !w.queue.is_empty() {
            // Small jobs while the queue is short, so that every worker gets some.
            let n = (w.queue.len() / (2 * threads)).clamp(1, MAX_JOB);
            let states = w.queue.drain(..n).collect();
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
        if current.is_empty() {
            let Some(seq) = sent.pop_front() else {
                return None;
            };
            let expansions = loop {
                if let Some(e) = arrived.remove(&seq) {
                    break e;
                }
                match workers.recv(main) {
                    Some((s, Ok(e))) => {
                        arrived.insert(s, e);
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
            current = expansions.into();
        }
        while let Some((id, expansion)) = current.pop_front() {
            w.merge(id, expansion);
            if !w.firsts.is_empty() {
                break;
            }
        }
    }
}
