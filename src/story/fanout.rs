//! Work on each of a story's files at once, on every core, with the results in file order.
//!
//! Reading a large story is mostly parsing its RON files one after another (about two thirds
//! of loading a 20,000-knot story); the files do not depend on each other until their nodes are
//! indexed, so they are parsed, and located, side by side. The results come back in file order,
//! so diagnostics and everything built from them are the same on any number of cores.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many bytes of text in all, the files are handled on the calling thread: starting
/// a thread costs more than parsing a small story. (After Kursk's 13 files hold about 700 KB,
/// so they are read on two threads.)
const WORTH_THREADS: usize = 256 * 1024;

/// Most threads used: the loader's other work is on the calling thread.
const MAX_THREADS: usize = 4;

/// Each helper's stack: the main thread's usual 8 MiB, not a spawned thread's 2 MiB, so that a
/// deeply nested file (ron allows 128 levels) parses on a helper wherever it parses on one thread.
const STACK: usize = 8 << 20;

/// `work(i)` for every `i` in `0..sizes.len()`, in order; `sizes` are the files' lengths in
/// bytes. Each thread takes the next file not yet taken, so one long file does not hold up the
/// rest.
pub(crate) fn each_file<T: Send>(sizes: &[usize], work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let n = sizes.len();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = cores.min(MAX_THREADS).min(n);
    if threads < 2 || sizes.iter().sum::<usize>() < WORTH_THREADS {
        return (0..n).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let mut all: Vec<(usize, T)> = std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others and this one.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("story-files".into())
                    .stack_size(STACK)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut all = take();
        for h in helpers {
            // A helper that panicked (a bug, not an input) is re-raised here, as it would have
            // been on one thread.
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|&(i, _)| i);
    all.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_file_order_whether_threads_are_used_or_not() {
        let small = vec![10; 7];
        assert_eq!(each_file(&small, |i| i * i), vec![0, 1, 4, 9, 16, 25, 36]);
        // Enough bytes for threads (on a machine with more than one core).
        let large = vec![WORTH_THREADS; 200];
        let got = each_file(&large, |i| {
            // Uneven work, so the threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((i % 5) as u64 * 100));
            i
        });
        assert_eq!(got, (0..200).collect::<Vec<_>>());
        assert!(each_file(&[], |i| i).is_empty());
    }
}
