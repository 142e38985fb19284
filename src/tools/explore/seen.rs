//! The exhaustive walk's set of states met so far: packed keys end to end in one buffer,
//! found through a table of state ids.
//!
//! A state costs its key's bytes, 8 bytes for where its key ends and 9 to 18 bytes of table
//! (an 8-byte bucket and a control byte, at 50% to 87.5% load), instead of a boxed key (a heap
//! block of its own, 16 bytes of pointer and length) and a 24-byte map entry.

use hashbrown::HashTable;

/// State ids are their order of discovery, from 0, and index [`Seen::key`].
#[derive(Default)]
pub(super) struct Seen {
    /// Each state's id with the high half of its hash: the table grows without reading keys
    /// again, and a lookup reads a key only when those 32 bits match.
    table: HashTable<(u32, u32)>,
    keys: Vec<u8>,
    /// Where each state's key ends in `keys`; it starts where the one before ends.
    ends: Vec<usize>,
}

/// What [`Seen::meet`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Met {
    /// The state was met before.
    Before,
    /// A new state, now in the set with this id.
    New(u32),
    /// A new state, left out: no room was left.
    Left,
}

/// The table's hash, made from the 32 bits kept: the low bits pick the bucket and the top
/// seven are hashbrown's tag, so both must depend on all 32.
fn spread(high: u32) -> u64 {
    u64::from(high).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Seen {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    #[cfg(test)]
    fn key(&self, id: u32) -> &[u8] {
        key_of(&self.keys, &self.ends, id)
    }

    /// Looks a packed state up (with its hash, see `pack::hash_bytes`), adding it when new and `room`.
    pub(super) fn meet(&mut self, hash: u64, key: &[u8], room: bool) -> Met {
        let high = (hash >> 32) as u32;
        let Seen { table, keys, ends } = self;
        let entry = table.entry(
            spread(high),
            |&(id, h)| h == high && key_of(keys, ends, id) == key,
            |&(_, h)| spread(h),
        );
        let hashbrown::hash_table::Entry::Vacant(slot) = entry else {
            return Met::Before;
        };
        let Some(id) = u32::try_from(ends.len()).ok().filter(|_| room) else {
            return Met::Left;
        };
        slot.insert((id, high));
        keys.extend_from_slice(key);
        ends.push(keys.len());
        Met::New(id)
    }
}

fn key_of<'k>(keys: &'k [u8], ends: &[usize], id: u32) -> &'k [u8] {
    let i = id as usize;
    let start = match i.checked_sub(1) {
        Some(before) => ends.get(before).copied().unwrap_or(0),
        None => 0,
    };
    let end = ends.get(i).copied().unwrap_or(start);
    keys.get(start..end).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::explore::pack::hash_bytes;

    #[test]
    fn keys_are_found_by_their_bytes() {
        let mut seen = Seen::default();
        let keys: Vec<Vec<u8>> = (0..2000u32)
            .map(|i| i.to_le_bytes()[..(i % 4 + 1) as usize].to_vec())
            .collect();
        for k in &keys {
            seen.meet(hash_bytes(k), k, true);
        }
        // Keys of 1 to 4 bytes of 0..2000 repeat: each distinct one is in once.
        let distinct: std::collections::HashSet<&Vec<u8>> = keys.iter().collect();
        assert_eq!(seen.len(), distinct.len());
        for k in &keys {
            assert_eq!(seen.meet(hash_bytes(k), k, true), Met::Before);
        }
        let other = [9, 9, 9, 9, 9];
        assert_eq!(seen.meet(hash_bytes(&other), &other, false), Met::Left);
        assert_eq!(
            seen.meet(hash_bytes(&other), &other, true),
            Met::New(distinct.len() as u32)
        );
        assert_eq!(seen.key(0), &[0]);
    }
}
