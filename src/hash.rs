//! A fast hash for the keys of grouse's caches: the texts of `use` items and the paths of
//! directories, short byte strings that come from the files and directories being read, not from
//! an adversary who could make them collide (and a collision costs only time). std's default
//! (SipHash) costs more than the lookups it serves.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Eight bytes at a time, multiplied and rotated as in rustc's `FxHasher`.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(26);
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.0 = (self.0 ^ u64::from_le_bytes(tail) ^ bytes.len() as u64)
            .wrapping_mul(K)
            .rotate_left(26);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
