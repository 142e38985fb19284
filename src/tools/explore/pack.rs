//! States packed into bytes for the exhaustive walk, and the text numbering the walk's threads share.
//!
//! A packed state is the node, each kept variable (a bool as a byte, an int as a zigzag varint,
//! a text as its number), then the once-only flags as bits.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::session::PlayState;
use crate::story::expr::Type;
use crate::story::{NodeIdx, Story, Value};

/// Text values numbered for packing, shared by every thread of one walk. The numbers depend on
/// which thread meets a text first, but within one walk a text always has the same number, so
/// states compare the same way whatever the thread count; the report never shows them.
#[derive(Default)]
pub(super) struct Texts {
    inner: Mutex<TextList>,
}

#[derive(Default)]
struct TextList {
    numbers: HashMap<Box<str>, u32>,
    list: Vec<Arc<str>>,
}

impl Texts {
    /// The number of `text`, given one if it has none yet.
    fn number(&self, text: &str) -> u32 {
        // A poisoned lock only means another thread panicked; the list itself stays valid.
        let mut t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&n) = t.numbers.get(text) {
            return n;
        }
        let n = t.list.len() as u32;
        t.list.push(Arc::from(text));
        t.numbers.insert(Box::from(text), n);
        n
    }

    fn text(&self, n: u32) -> Option<Arc<str>> {
        let t = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        // A copy, not a clone of the shared `Arc`: threads then never touch one counter.
        t.list.get(n as usize).map(|s| Arc::from(&**s))
    }
}

/// One thread's packer: the variable types, and its own copies of the texts numbered so far,
/// so that packing and unpacking take the shared lock only for a text it has not met yet.
pub(super) struct Packer<'a> {
    types: Vec<Type>,
    shared: &'a Texts,
    numbers: HashMap<Arc<str>, u32>,
    texts: Vec<Option<Arc<str>>>,
}

impl<'a> Packer<'a> {
    pub(super) fn new(story: &Story, shared: &'a Texts) -> Packer<'a> {
        Packer {
            types: story.variables.iter().map(|v| v.ty).collect(),
            shared,
            numbers: HashMap::new(),
            texts: Vec::new(),
        }
    }

    /// Packs the state at the end of `out`, keeping the variables whose `keep` flag is set.
    pub(super) fn pack_into(&mut self, state: &PlayState, keep: &[bool], out: &mut Vec<u8>) {
        varint(out, u64::from(state.node));
        for (v, _) in state.vars.iter().zip(keep).filter(|(_, k)| **k) {
            match v {
                Value::Bool(b) => out.push(u8::from(*b)),
                Value::Int(i) => varint(out, ((i << 1) ^ (i >> 63)) as u64),
                Value::Text(t) => {
                    let n = self.number(t);
                    varint(out, u64::from(n));
                }
            }
        }
        for bits in state.taken.chunks(8) {
            out.push(
                bits.iter()
                    .rev()
                    .fold(0, |acc, b| (acc << 1) | u8::from(*b)),
            );
        }
    }

    fn number(&mut self, text: &Arc<str>) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.shared.number(text);
        self.numbers.insert(Arc::from(&**text), n);
        n
    }

    fn text(&mut self, n: u32) -> Option<Arc<str>> {
        let i = n as usize;
        if let Some(Some(t)) = self.texts.get(i) {
            return Some(Arc::clone(t));
        }
        let t = self.shared.text(n)?;
        if self.texts.len() <= i {
            self.texts.resize(i + 1, None);
        }
        if let Some(slot) = self.texts.get_mut(i) {
            *slot = Some(Arc::clone(&t));
        }
        Some(t)
    }

    /// Unpacks a state packed with every variable kept: (node, variables, once-only flags).
    pub(super) fn unpack(
        &mut self,
        bytes: &[u8],
        taken_len: usize,
    ) -> Option<(NodeIdx, Vec<Value>, Vec<bool>)> {
        let mut at = 0;
        let node = NodeIdx::try_from(read_varint(bytes, &mut at)?).ok()?;
        let mut vars = Vec::with_capacity(self.types.len());
        for i in 0..self.types.len() {
            vars.push(match self.types.get(i)? {
                Type::Bool => {
                    let b = *bytes.get(at)?;
                    at += 1;
                    Value::Bool(b != 0)
                }
                Type::Int => {
                    let z = read_varint(bytes, &mut at)?;
                    Value::Int(((z >> 1) as i64) ^ -((z & 1) as i64))
                }
                Type::Text => {
                    let n = u32::try_from(read_varint(bytes, &mut at)?).ok()?;
                    Value::Text(self.text(n)?)
                }
            });
        }
        let taken = (0..taken_len)
            .map(|i| bytes.get(at + i / 8).map(|b| (b >> (i % 8)) & 1 == 1))
            .collect::<Option<Vec<bool>>>()?;
        Some((node, vars, taken))
    }
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

/// A fast hash of a packed state, computed by the thread that packed it so that the thread
/// merging states only compares bytes. Not keyed: a story's own states cannot be chosen to
/// collide on purpose in any way that matters (a collision only costs time).
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let mut word = [0u8; 8];
    for (w, b) in word.iter_mut().zip(chunks.remainder()) {
        *w = *b;
    }
    h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
    // Final mix (MurmurHash3's): the table uses both the low bits and the top seven.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::session::Session;
    use crate::story::{StorySource, load};

    /// The `minimal` fixture, for the explore modules' tests.
    pub(in crate::tools::explore) fn minimal() -> Arc<Story> {
        let source = StorySource::from_dir(std::path::Path::new("tests/fixtures/minimal"));
        match source.map(load) {
            Ok(Ok(l)) => Arc::new(l.story),
            _ => panic!("the minimal fixture loads"),
        }
    }

    #[test]
    fn packed_states_unpack_to_the_same_state() {
        let story = minimal();
        let texts = Texts::default();
        let mut packer = Packer::new(&story, &texts);
        let all = vec![true; story.variables.len()];
        let taken: Vec<bool> = (0..11).map(|i| i % 3 == 0).collect();
        let vars = vec![
            Value::Int(-7),
            Value::Int(i64::MAX),
            Value::Bool(true),
            Value::Text(Arc::from("Ri")),
        ];
        let s = Session::at(
            Arc::clone(&story),
            0,
            3,
            vars.clone(),
            taken.clone(),
            0,
            false,
        );
        let mut packed = Vec::new();
        packer.pack_into(s.state(), &all, &mut packed);
        assert_eq!(
            packer.unpack(&packed, taken.len()),
            Some((3, vars.clone(), taken))
        );
        // Truncated bytes are refused, not misread.
        assert_eq!(packer.unpack(&packed[..packed.len() - 3], 11), None);
        // Another thread's packer gives the text the same number, and reads it back.
        let mut other = Packer::new(&story, &texts);
        let mut again = Vec::new();
        other.pack_into(s.state(), &all, &mut again);
        assert_eq!(again, packed);
        assert_eq!(other.unpack(&packed, 11).map(|(_, v, _)| v), Some(vars));
    }

    #[test]
    fn the_hash_depends_on_every_byte_and_the_length() {
        let a = hash_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_ne!(a, hash_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 8]));
        assert_ne!(a, hash_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0]));
        assert_ne!(hash_bytes(&[]), hash_bytes(&[0]));
        assert_eq!(a, hash_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
    }
}
