//! A map from 64-bit keys to `u32` values for the index's two hottest lookups, made
//! once for every word of every story: a written form's syllable, and a pair of
//! syllables' id.
//!
//! A general hash map costs several times what these need. Here keys are spread by one
//! multiplication and slots are probed one after the other.

/// See the module documentation.
pub(super) struct KeyTable {
    /// A power of two in length, at most half full.
    entries: Vec<Entry>,
    /// How far a key's spread hash is shifted to index `entries`.
    shift: u32,
    len: usize,
}

#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    /// [`EMPTY`] in an empty slot.
    value: u32,
}

/// The value no entry holds: ids are below 2^30.
const EMPTY: u32 = u32::MAX;

/// Fibonacci hashing: the top bits of the product depend on every bit of the key, so
/// keys that differ only in a few low bits (two syllable ids packed side by side) land
/// far apart.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for KeyTable {
    fn default() -> Self {
        KeyTable::with_slots(64)
    }
}

impl KeyTable {
    fn with_slots(slots: usize) -> KeyTable {
        debug_assert!(slots.is_power_of_two() && slots >= 2);
        KeyTable {
            entries: vec![
                Entry {
                    key: 0,
                    value: EMPTY
                };
                slots
            ],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(SPREAD) >> self.shift) as usize
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub(super) fn get(&self, key: u64) -> Option<u32> {
        let mask = self.entries.len() - 1;
        let mut i = self.home(key);
        loop {
            let e = self.entries[i];
            if e.value == EMPTY {
                return None;
            }
            if e.key == key {
                return Some(e.value);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `key` if it is in the table; else puts `value` (not `u32::MAX`)
    /// there and returns `None`.
    #[inline]
    pub(super) fn get_or_insert(&mut self, key: u64, value: u32) -> Option<u32> {
        debug_assert!(value != EMPTY);
        let mask = self.entries.len() - 1;
        let mut i = self.home(key);
        loop {
            let e = &mut self.entries[i];
            if e.value == EMPTY {
                *e = Entry { key, value };
                self.len += 1;
                if self.len * 2 > self.entries.len() {
                    self.grow();
                }
                return None;
            }
            if e.key == key {
                return Some(e.value);
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let old = std::mem::replace(self, KeyTable::with_slots(self.entries.len() * 2));
        for e in old.entries {
            if e.value != EMPTY {
                self.get_or_insert(e.key, e.value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn agrees_with_a_hash_map_across_growth() {
        let mut table = KeyTable::default();
        let mut oracle: HashMap<u64, u32> = HashMap::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..30_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Keys like the index's: hashes, and syllable ids packed in pairs.
            let key = match n % 3 {
                0 => seed,
                1 => ((seed % 300) << 32) | ((seed >> 40) % 300),
                _ => seed % 64,
            };
            assert_eq!(
                table.get_or_insert(key, n),
                oracle.get(&key).copied(),
                "{key:#x}"
            );
            oracle.entry(key).or_insert(n);
            if n % 5_000 == 0 {
                for (&k, &v) in &oracle {
                    assert_eq!(table.get(k), Some(v));
                }
            }
        }
        for (&k, &v) in &oracle {
            assert_eq!(table.get(k), Some(v));
        }
        assert_eq!(
            table.get(u64::MAX - 3),
            oracle.get(&(u64::MAX - 3)).copied()
        );
        assert_eq!(table.len, oracle.len());
    }
}
