//! The binary layout of dictionary shards and posting blocks. All integers are LEB128
//! varints (7 bits a byte, low bits first), which the client decodes in a few lines.
//!
//! A posting is `(doc delta << 2) | class`: the first of a block counts from the block's
//! first document (so it is `class` alone), the first of an inline list from 0, each next
//! from the previous document.
//!
//! A dictionary shard `d/<key>.bin` is: the number of terms, then for each term in byte
//! order: its length and UTF-8 bytes, its document count, and its number of blocks. With
//! no blocks the postings follow inline (byte length, bytes); otherwise each block is
//! `(pack number, offset, byte length, first doc, last doc)` in the shard's pack files
//! `p/<key>-<n>.bin`.

use super::BLOCK;

/// Terms with at most this many documents keep their postings in the dictionary.
pub const INLINE: usize = 24;
/// Pack files are closed once they reach this size.
const PACK: usize = 8 * 1024;

/// Appends `v` as LEB128: seven bits a byte, low first, the top bit set on all but the
/// last. The client reads it with a few lines of JavaScript.
pub fn varint(out: &mut impl PushByte, mut v: u64) {
    while v >= 0x80 {
        out.push_byte((v as u8) | 0x80);
        v >>= 7;
    }
    out.push_byte(v as u8);
}

/// Where [`varint`] writes: the files being encoded, and the bytes of a [`PostingList`].
/// A plain `push`, because `Extend` reserves room for every byte and costs 1.4% of a
/// build here.
pub trait PushByte {
    fn push_byte(&mut self, b: u8);
}

impl PushByte for Vec<u8> {
    fn push_byte(&mut self, b: u8) {
        self.push(b);
    }
}

impl PushByte for smallvec::SmallVec<[u8; 16]> {
    fn push_byte(&mut self, b: u8) {
        self.push(b);
    }
}

/// A term's postings in the form the index stores them: varints of
/// `(doc delta << 2) | class`, the first delta counting from document 0. Kept this way
/// while the index is built, so postings take one or two bytes each instead of four
/// and an inline list is written out as it is. Most terms (pairs above all) occur in a
/// few documents: their bytes stay inside the list, with no allocation of their own.
#[derive(Default)]
pub struct PostingList {
    bytes: smallvec::SmallVec<[u8; 16]>,
    docs: u32,
    last: u32,
}

impl PostingList {
    /// Adds a document, which must come after every document already in the list.
    pub fn push(&mut self, doc: u32, class: u8) {
        varint(
            &mut self.bytes,
            (u64::from(doc - self.last) << 2) | u64::from(class),
        );
        self.last = doc;
        self.docs += 1;
    }

    /// How many documents the list holds.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// `(doc, class)` of each posting, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let mut at = 0;
        let mut doc = 0u32;
        std::iter::from_fn(move || {
            let (v, n) = read_varint(self.bytes.get(at..)?)?;
            at += n;
            doc += (v >> 2) as u32;
            Some((doc, (v & 3) as u8))
        })
    }
}

/// The varint at the start of `b` and its length in bytes.
fn read_varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &byte) in b.iter().enumerate().take(10) {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Encodes one shard's terms (sorted, each with its postings) into its dictionary file
/// and pack files.
pub fn shard(key: &str, terms: &[(Box<str>, PostingList)]) -> Vec<super::IndexFile> {
    let mut dict = Vec::with_capacity(terms.len() * 16);
    let mut packs: Vec<Vec<u8>> = vec![Vec::new()];
    varint(&mut dict, terms.len() as u64);
    let mut block = Vec::new();
    for (term, list) in terms {
        varint(&mut dict, term.len() as u64);
        dict.extend_from_slice(term.as_bytes());
        varint(&mut dict, list.len() as u64);
        if list.len() <= INLINE {
            varint(&mut dict, 0);
            varint(&mut dict, list.bytes.len() as u64);
            dict.extend_from_slice(&list.bytes);
            continue;
        }
        varint(&mut dict, list.len().div_ceil(BLOCK) as u64);
        let mut postings = list.iter();
        while let Some((first, class)) = postings.next() {
            // A block's first posting counts from the block's first document.
            block.clear();
            varint(&mut block, u64::from(class));
            let mut last = first;
            for _ in 1..BLOCK {
                let Some((doc, class)) = postings.next() else {
                    break;
                };
                varint(&mut block, (u64::from(doc - last) << 2) | u64::from(class));
                last = doc;
            }
            if packs
                .last()
                .is_some_and(|p| !p.is_empty() && p.len() + block.len() > PACK)
            {
                packs.push(Vec::new());
            }
            let n = packs.len() - 1;
            let pack = &mut packs[n];
            varint(&mut dict, n as u64);
            varint(&mut dict, pack.len() as u64);
            varint(&mut dict, block.len() as u64);
            varint(&mut dict, u64::from(first));
            varint(&mut dict, u64::from(last));
            pack.extend_from_slice(&block);
        }
    }
    let mut files = vec![(format!("search/d/{key}.bin"), dict)];
    for (n, p) in packs.into_iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        files.push((format!("search/p/{key}-{n}.bin"), p));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        let mut v = Vec::new();
        varint(&mut v, 1);
        varint(&mut v, 300);
        assert_eq!(v, [1, 0xac, 0x02]);
    }

    #[test]
    fn rare_terms_are_inline_and_common_ones_in_blocks() {
        let list = |postings: &[(u32, u8)]| {
            let mut l = PostingList::default();
            postings.iter().for_each(|&(d, c)| l.push(d, c));
            assert!(l.iter().eq(postings.iter().copied()), "reads back");
            l
        };
        let rare = list(&[(3, 3), (10, 0)]);
        let common = list(&(0..(BLOCK as u32 + 5)).map(|d| (d, 0)).collect::<Vec<_>>());
        let files = shard("ng", &[("nghe".into(), rare), ("nghia".into(), common)]);
        assert_eq!(files[0].0, "search/d/ng.bin");
        assert_eq!(files[1].0, "search/p/ng-0.bin");
        let d = &files[0].1;
        // 2 terms; "nghe": len 4, bytes, df 2, 0 blocks, 2 bytes: (3<<2|3), (7<<2|0)
        assert_eq!(&d[..9], &[2, 4, b'n', b'g', b'h', b'e', 2, 0, 2]);
        assert_eq!(&d[9..11], &[15, 28]);
        // one full block of 2048 one-byte postings in the pack, then the rest.
        assert_eq!(files[1].1.len(), BLOCK + 5);
    }
}
