//! Packed states end to end in a few buffers: the walk's queues and the jobs its workers take.
//!
//! One buffer per queue or job instead of one heap block per state: less memory, and no state
//! allocated on one thread and freed on another (costly with the system allocator).

use std::collections::VecDeque;

/// Packed states with their ids, in order.
#[derive(Default)]
pub(super) struct Batch {
    ids: Vec<u32>,
    ends: Vec<usize>,
    bytes: Vec<u8>,
}

impl Batch {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Each state's id and packed bytes, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.ids
            .iter()
            .zip(starts.zip(&self.ends))
            .map(|(&id, (start, &end))| (id, self.bytes.get(start..end).unwrap_or(&[])))
    }
}

/// A first-in first-out queue of packed states with their ids.
#[derive(Default)]
pub(super) struct Queue {
    /// Id and packed length of each state, front first.
    items: VecDeque<(u32, u32)>,
    /// The packed states from `head` on, front first; what is before `head` was taken.
    bytes: Vec<u8>,
    head: usize,
}

/// Taken bytes are dropped from the front of the buffer once they are this many and half of
/// it: each byte is moved at most about once.
const COMPACT_AT: usize = 1 << 16;

impl Queue {
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(super) fn clear(&mut self) {
        self.items.clear();
        self.bytes.clear();
        self.head = 0;
    }

    /// Adds a state at the back. Packed states are a few dozen bytes: far below `u32::MAX`.
    pub(super) fn push(&mut self, id: u32, packed: &[u8]) {
        self.items.push_back((id, packed.len() as u32));
        self.bytes.extend_from_slice(packed);
    }

    /// The next `len` bytes at the front, taken.
    fn front(&mut self, len: usize) -> &[u8] {
        if self.head >= COMPACT_AT && self.head * 2 >= self.bytes.len() {
            self.bytes.drain(..self.head);
            self.head = 0;
        }
        let start = self.head.min(self.bytes.len());
        let end = (start + len).min(self.bytes.len());
        self.head = end;
        self.bytes.get(start..end).unwrap_or(&[])
    }

    /// Takes the front state.
    pub(super) fn pop(&mut self) -> Option<(u32, Vec<u8>)> {
        let (id, len) = self.items.pop_front()?;
        Some((id, self.front(len as usize).to_vec()))
    }

    /// Moves up to `n` states from the front into a new batch.
    pub(super) fn take(&mut self, n: usize) -> Batch {
        let n = n.min(self.items.len());
        let mut batch = Batch {
            ids: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            bytes: Vec::new(),
        };
        let mut total = 0;
        for (id, len) in self.items.drain(..n) {
            total += len as usize;
            batch.ids.push(id);
            batch.ends.push(total);
        }
        batch.bytes.extend_from_slice(self.front(total));
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_leave_the_queue_in_order_with_their_bytes() {
        let mut q = Queue::default();
        for id in 0..10u32 {
            q.push(id, &vec![id as u8; id as usize % 3 + 1]);
        }
        let first = q.pop();
        assert_eq!(first, Some((0, vec![0])));
        let batch = q.take(4);
        let got: Vec<(u32, Vec<u8>)> = batch.iter().map(|(id, b)| (id, b.to_vec())).collect();
        assert_eq!(
            got,
            [
                (1, vec![1, 1]),
                (2, vec![2, 2, 2]),
                (3, vec![3]),
                (4, vec![4, 4])
            ]
        );
        assert_eq!(q.len(), 5);
        assert_eq!(q.take(100).len(), 5);
        assert!(q.is_empty() && q.pop().is_none());
        // Long enough for the taken bytes to be dropped from the buffer on the way.
        let mut next = 0u32;
        for id in 0..100_000u32 {
            q.push(id, &id.to_le_bytes());
            if id % 3 == 0 {
                assert_eq!(q.pop(), Some((next, next.to_le_bytes().to_vec())));
                next += 1;
            }
        }
        let rest = q.take(usize::MAX);
        assert!(rest.iter().map(|(id, _)| id).eq(next..100_000));
        assert!(rest.iter().all(|(id, b)| b == id.to_le_bytes()));
    }
}
