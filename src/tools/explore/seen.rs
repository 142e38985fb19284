//! The exhaustive walk's set of states met so far: packed keys end to end in one buffer,
//! found through a table of state ids.
//!
//! A state costs its key's bytes, 8 bytes for where its key ends and about 5 bytes of table,
//! instead of a boxed key (a heap block of its own, 16 bytes of pointer and length) and a
//! 32-byte map entry.

use hashbrown::HashTable;

use super::pack::hash_bytes;

/// State ids are their order of discovery, from 0, and index [`Seen::key`].
#[derive(Default)]
pub(super) struct Seen {
    table: HashTable<u32>,
    keys: Vec<u8>,
    /// Where each state's key ends in `keys`; it starts where the one before ends.
    ends: Vec<usize>,
}

impl Seen {
    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn key(&self, id: u32) -> &[u8] {
        key_of(&self.keys, &self.ends, id)
    }

    /// Whether a state with this key (and its [`hash_bytes`]) is in the set.
    pub(super) fn contains(&self, hash: u64, key: &[u8]) -> bool {
        self.table.find(hash, |&id| self.key(id) == key).is_some()
    }

    /// Adds a key known not to be in the set; returns its id, or `None` past `u32::MAX` states.
    pub(super) fn insert_new(&mut self, hash: u64, key: &[u8]) -> Option<u32> {
        let id = u32::try_from(self.ends.len()).ok()?;
        self.keys.extend_from_slice(key);
        self.ends.push(self.keys.len());
        let (keys, ends) = (&self.keys, &self.ends);
        // The table grows by hashing its keys again.
        self.table
            .insert_unique(hash, id, |&i| hash_bytes(key_of(keys, ends, i)));
        Some(id)
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

    #[test]
    fn keys_are_found_by_their_bytes() {
        let mut seen = Seen::default();
        let keys: Vec<Vec<u8>> = (0..2000u32)
            .map(|i| i.to_le_bytes()[..(i % 4 + 1) as usize].to_vec())
            .collect();
        for k in &keys {
            if !seen.contains(hash_bytes(k), k) {
                seen.insert_new(hash_bytes(k), k);
            }
        }
        // Keys of 1 to 4 bytes of 0..2000 repeat: each distinct one is in once.
        let distinct: std::collections::HashSet<&Vec<u8>> = keys.iter().collect();
        assert_eq!(seen.len(), distinct.len());
        for k in &keys {
            assert!(seen.contains(hash_bytes(k), k));
        }
        assert!(!seen.contains(hash_bytes(&[9, 9, 9, 9, 9]), &[9, 9, 9, 9, 9]));
        assert_eq!(seen.key(0), &[0]);
    }
}
