//! hash: the hash map for the keys of grouse's caches — the texts of `use` items and the paths of
//! directories, short byte strings that come from the files and directories being read, not from
//! an adversary who could make them collide (and a collision costs only time). std's default
//! (SipHash) costs more than the lookups it serves; rustc's Fx hash does not.

/// A map keyed with rustc's Fx hash.
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
