//! A map from 64-bit keys to small values for the index's hottest lookups, made once
//! for every word of every story: a written form's syllable, and a pair of syllables'
//! postings.
//!
//! A general hash map costs several times what these need. Here keys are spread by one
//! multiplication and slots are probed one after the other.

/// A value a [`KeyTable`] holds: one value is set aside to mark an empty slot, so a
/// slot is a key and a value and nothing more.
pub(super) trait Slot: Copy {
    /// The value no entry holds.
    const VACANT: Self;
    fn is_vacant(&self) -> bool;
}

/// The values stored are form codes (`syllable id << 6 | form`, with a form of at most
/// 52), which never reach `u32::MAX`, so it is free.
impl Slot for u32 {
    const VACANT: u32 = u32::MAX;
    fn is_vacant(&self) -> bool {
        *self == u32::MAX
    }
}

/// See the module documentation.
pub(super) struct KeyTable<V: Slot = u32> {
    /// A power of two in length, at most half full.
    entries: Vec<Entry<V>>,
    /// How far a key's spread hash is shifted to index `entries`.
    shift: u32,
    len: usize,
}

#[derive(Clone, Copy)]
struct Entry<V> {
    key: u64,
    /// [`Slot::VACANT`] in an empty slot.
    value: V,
}

/// Fibonacci hashing: the top bits of the product depend on every bit of the key, so
/// keys that differ only in a few low bits (two syllable ids packed side by side) land
/// far apart.
pub(super) const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl<V: Slot> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable::with_slots(64)
    }
}

impl<V: Slot> KeyTable<V> {
    fn with_slots(slots: usize) -> KeyTable<V> {
        debug_assert!(slots.is_power_of_two() && slots >= 2);
        KeyTable {
            entries: vec![
                Entry {
                    key: 0,
                    value: V::VACANT
                };
                slots
            ],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(SPREAD) >> self.shift) as usize
    }

    /// The slot of `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: u64) -> usize {
        let mask = self.entries.len() - 1;
        let mut i = self.home(key);
        loop {
            let e = &self.entries[i];
            if e.value.is_vacant() || e.key == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub(super) fn get(&self, key: u64) -> Option<V> {
        let value = self.entries[self.find(key)].value;
        (!value.is_vacant()).then_some(value)
    }

    /// The value of `key` if it is in the table; else puts `value` (not
    /// [`Slot::VACANT`]) there and returns `None`.
    #[inline]
    pub(super) fn get_or_insert(&mut self, key: u64, value: V) -> Option<V> {
        let (slot, inserted) = self.entry(key, || value);
        (!inserted).then_some(*slot)
    }

    /// The value of `key`, put there by `insert` (which must not give
    /// [`Slot::VACANT`]) if the table did not hold it, and whether it did not.
    #[inline]
    pub(super) fn entry(&mut self, key: u64, insert: impl FnOnce() -> V) -> (&mut V, bool) {
        let mut i = self.find(key);
        let inserted = self.entries[i].value.is_vacant();
        if inserted {
            if (self.len + 1) * 2 > self.entries.len() {
                self.grow();
                i = self.find(key);
            }
            let value = insert();
            debug_assert!(!value.is_vacant());
            self.entries[i] = Entry { key, value };
            self.len += 1;
        }
        (&mut self.entries[i].value, inserted)
    }

    /// Every key and value, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.value.is_vacant())
            .map(|e| (e.key, e.value))
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let old = std::mem::replace(self, KeyTable::with_slots(self.entries.len() * 2));
        self.len = old.len;
        for e in old.entries {
            if !e.value.is_vacant() {
                let i = self.find(e.key);
                self.entries[i] = e;
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
        let mut all: Vec<(u64, u32)> = table.iter().collect();
        let mut want: Vec<(u64, u32)> = oracle.into_iter().collect();
        all.sort_unstable();
        want.sort_unstable();
        assert_eq!(all, want, "iter gives every entry once");
    }

    #[test]
    fn entries_can_be_changed_in_place() {
        let mut table: KeyTable<u32> = KeyTable::default();
        for n in 0..1000u64 {
            let (v, inserted) = table.entry(n % 100, || 1);
            if !inserted {
                *v += 1;
            }
        }
        assert!((0..100).all(|k| table.get(k) == Some(10)));
        assert_eq!(table.get(100), None);
    }
}
