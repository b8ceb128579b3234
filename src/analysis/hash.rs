//! Fast hashes for the maps and sets that every word of a text goes
//! through: FNV-1a over bytes, and a hasher for keys that are hashes
//! already.
//!
//! Shared by the names and the gazetteer, which key words by these
//! hashes; folding a word before hashing it is [`super::fold`]'s job.
//! Nothing here is cryptographic: where two words may collide, the code
//! that keeps their hashes says what a collision costs.

use std::collections::{HashMap, HashSet};

/// The FNV-1a offset basis: the hash of no bytes.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a prime, multiplied in after each byte.
pub(crate) const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of a string's bytes as they are (unlike
/// [`super::fold::fold_hash`]).
pub(crate) fn bytes_hash(text: &str) -> u64 {
    fnv(FNV_OFFSET, text.as_bytes())
}

/// FNV-1a over `bytes`, continuing from `hash`.
pub(crate) fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// A hasher for keys that are already hashes or counters (`u64`): one
/// multiply instead of SipHash, on the maps every word goes through.
#[derive(Default)]
pub struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

/// A map keyed by a hash or a counter.
pub type HashedMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// A set of hashes.
pub type HashedSet = HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>;
