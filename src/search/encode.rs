//! The binary layout of dictionary shards and posting blocks. All integers are LEB128
//! varints (7 bits a byte, low bits first), which the client decodes in a few lines.
//!
//! A posting is `(doc delta << 2) | class`: the first of a block counts from the block's
//! first document (so it is `class` alone), the first of an inline list from 0, each next
//! from the previous document.
//!
//! A dictionary shard `d/<key>.bin` is: the number of terms, then for each term in byte
//! order: its length and UTF-8 bytes, its document count, in a syllable's shard (not a
//! pair's, `p-…`) its forms (their number, then each as length and UTF-8 bytes,
//! commonest first; none for a prefix union), and its number of blocks. With no blocks
//! the postings follow inline (byte length, bytes), and for a syllable of two or more
//! forms its masks (byte length, bytes); otherwise each block is `(pack number, offset,
//! byte length, first doc, last doc)` in the shard's pack files `p/<key>-<n>.bin`,
//! followed for a syllable of two or more forms by `(offset, byte length)` of its masks
//! in mask pack `m/<key>-<n>.bin` of the same number.
//!
//! A mask is a varint per posting, bit `n` set when the document has form `n`. Masks of
//! zero bytes stand for all 1: every document of the list or block has the commonest
//! form alone.

use super::BLOCK;

/// Terms with at most this many documents keep their postings in the dictionary.
pub const INLINE: usize = 24;
/// Pack files are closed once they reach this size.
const PACK: usize = 8 * 1024;

/// Appends `v` as LEB128: seven bits a byte, low first, the top bit set on all but the
/// last. The client reads it with a few lines of JavaScript.
#[inline]
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

/// A block of a [`PostingList`], as [`PostingList::blocks`] cuts it.
pub struct Block<'a> {
    /// The first and last document.
    pub first: u32,
    pub last: u32,
    /// The class of the first posting.
    pub class: u8,
    /// How many postings.
    pub len: usize,
    /// Every posting after the first, as the list has them: each counts from the one
    /// before, as a block's postings do, so they are written as they are.
    pub rest: &'a [u8],
}

impl PostingList {
    /// The postings in blocks of `size`, without decoding and encoding them again: only
    /// the postings of a block that is not the last are read, to find where it ends.
    pub fn blocks(&self, size: usize) -> impl Iterator<Item = Block<'_>> + '_ {
        let mut at = 0;
        let mut doc = 0u32;
        let mut left = self.docs as usize;
        std::iter::from_fn(move || {
            if left == 0 {
                return None;
            }
            let (v, n) = read_varint(self.bytes.get(at..)?)?;
            doc += (v >> 2) as u32;
            let (first, start) = (doc, at + n);
            let len = left.min(size);
            if len == left {
                at = self.bytes.len();
                doc = self.last;
            } else {
                at = start;
                for _ in 1..len {
                    let (v, n) = read_varint(self.bytes.get(at..)?)?;
                    doc += (v >> 2) as u32;
                    at += n;
                }
            }
            left -= len;
            Some(Block {
                first,
                last: doc,
                class: (v & 3) as u8,
                len,
                rest: &self.bytes[start..at],
            })
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

/// Which of a syllable's forms each document has: one bit mask a posting, in step with
/// the syllable's [`PostingList`] (bit `n` is form `n`, see [`super::FORMS`]). Most
/// syllables are only ever written one way, so their masks are all 1: those are counted,
/// not stored, until the first other mask; from there on each is a varint.
#[derive(Default)]
pub struct FormMasks {
    ones: u32,
    bytes: Vec<u8>,
}

impl FormMasks {
    /// Adds the mask of the next posting.
    #[inline]
    pub fn push(&mut self, mask: u64) {
        if mask == 1 && self.bytes.is_empty() {
            self.ones += 1;
        } else {
            varint(&mut self.bytes, mask);
        }
    }

    /// The masks, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let mut at = 0;
        let rest = std::iter::from_fn(move || {
            let (v, n) = read_varint(self.bytes.get(at..)?)?;
            at += n;
            Some(v)
        });
        std::iter::repeat_n(1, self.ones as usize).chain(rest)
    }
}

/// The forms a syllable is written in, and which of them each of its documents has.
pub struct Forms {
    /// In the order the index met them: bit `n` of a mask is `texts[n]`.
    pub texts: Vec<Box<str>>,
    pub masks: FormMasks,
}

impl Forms {
    /// For a syllable of several forms: the order the index writes them in, commonest
    /// first (then by text), so most documents' mask is 1; and the bit each form of
    /// `texts` moves to.
    fn order(&self) -> Option<(Vec<usize>, [u8; super::FORMS + 1])> {
        if self.texts.len() < 2 {
            return None;
        }
        let mut docs = [0u32; super::FORMS + 1];
        docs[0] = self.masks.ones;
        for mask in self.masks.iter().skip(self.masks.ones as usize) {
            bits(mask, |b| docs[b] += 1);
        }
        let mut order: Vec<usize> = (0..self.texts.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            docs[b]
                .cmp(&docs[a])
                .then_with(|| self.texts[a].cmp(&self.texts[b]))
        });
        let mut moves = [super::FORMS as u8; super::FORMS + 1];
        for (to, &from) in order.iter().enumerate() {
            moves[from] = to as u8;
        }
        Some((order, moves))
    }
}

/// Calls `f` with the number of each bit set in `mask`.
fn bits(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        f(mask.trailing_zeros() as usize);
        mask &= mask - 1;
    }
}

/// `mask` with each bit `n` moved to `moves[n]`.
fn moved(mask: u64, moves: &[u8; super::FORMS + 1]) -> u64 {
    let mut out = 0;
    bits(mask, |b| out |= 1 << moves[b]);
    out
}

/// A syllable's masks as they are written: in the index's order of its forms, and only
/// when it has more than one.
struct Masks<'a, I> {
    masks: I,
    moves: &'a [u8; super::FORMS + 1],
    out: Vec<u8>,
}

impl<I: Iterator<Item = u64>> Masks<'_, I> {
    /// The masks of the next `postings` postings, or nothing when all are 1 (the
    /// commonest form alone, as most documents have it): the client reads no masks as
    /// all 1.
    fn next(&mut self, postings: usize) -> &[u8] {
        self.out.clear();
        let mut ones = true;
        for _ in 0..postings {
            let mask = moved(self.masks.next().unwrap_or(1), self.moves);
            ones &= mask == 1;
            varint(&mut self.out, mask);
        }
        if ones { &[] } else { &self.out }
    }
}

/// Encodes one shard's terms (sorted, each with its postings) into its dictionary file
/// and pack files; a syllable's masks of forms go into mask packs `m/<key>-<n>.bin`,
/// beside pack `n` of its postings, read only by a query typed with diacritics.
pub fn shard(key: &str, terms: &[super::Term]) -> Vec<super::IndexFile> {
    let syllables = !key.starts_with("p-");
    let mut dict = Vec::with_capacity(terms.len() * 16);
    let mut packs: Vec<Vec<u8>> = vec![Vec::new()];
    let mut mask_packs: Vec<Vec<u8>> = Vec::new();
    varint(&mut dict, terms.len() as u64);
    for term in terms {
        let list = &term.list;
        varint(&mut dict, term.text.len() as u64);
        dict.extend_from_slice(term.text.as_bytes());
        varint(&mut dict, list.len() as u64);
        let texts = term.forms.as_deref().map_or(&[][..], |f| &f.texts[..]);
        let order = term.forms.as_deref().and_then(Forms::order);
        if syllables {
            varint(&mut dict, texts.len() as u64);
            for n in 0..texts.len() {
                let t = &texts[order.as_ref().map_or(n, |o| o.0[n])];
                varint(&mut dict, t.len() as u64);
                dict.extend_from_slice(t.as_bytes());
            }
        }
        let mut masks = match (&term.forms, &order) {
            (Some(forms), Some((_, moves))) => Some(Masks {
                masks: forms.masks.iter(),
                moves,
                out: Vec::new(),
            }),
            _ => None,
        };
        if list.len() <= INLINE {
            varint(&mut dict, 0);
            varint(&mut dict, list.bytes.len() as u64);
            dict.extend_from_slice(&list.bytes);
            if let Some(m) = &mut masks {
                let taken = m.next(list.len());
                varint(&mut dict, taken.len() as u64);
                dict.extend_from_slice(taken);
            }
            continue;
        }
        varint(&mut dict, list.len().div_ceil(BLOCK) as u64);
        for b in list.blocks(BLOCK) {
            // A block's first posting counts from the block's first document, so it
            // is its class alone (one byte); the rest are as the list has them.
            let size = 1 + b.rest.len();
            if packs
                .last()
                .is_some_and(|p| !p.is_empty() && p.len() + size > PACK)
            {
                packs.push(Vec::new());
            }
            let p = packs.len() - 1;
            let pack = &mut packs[p];
            varint(&mut dict, p as u64);
            varint(&mut dict, pack.len() as u64);
            varint(&mut dict, size as u64);
            varint(&mut dict, u64::from(b.first));
            varint(&mut dict, u64::from(b.last));
            pack.push(b.class);
            pack.extend_from_slice(b.rest);
            if let Some(m) = &mut masks {
                mask_packs.resize_with(mask_packs.len().max(p + 1), Vec::new);
                let mask_pack = &mut mask_packs[p];
                let taken = m.next(b.len);
                let at = if taken.is_empty() { 0 } else { mask_pack.len() };
                varint(&mut dict, at as u64);
                varint(&mut dict, taken.len() as u64);
                mask_pack.extend_from_slice(taken);
            }
        }
    }
    let mut files = vec![(format!("search/d/{key}.bin"), dict)];
    for (n, p) in packs.into_iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        files.push((format!("search/p/{key}-{n}.bin"), p));
    }
    for (n, p) in mask_packs
        .into_iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
    {
        files.push((format!("search/m/{key}-{n}.bin"), p));
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
        let term = |text: &str, list| super::super::Term {
            text: text.into(),
            list,
            forms: None,
        };
        let files = shard("ng", &[term("nghe", rare), term("nghia", common)]);
        assert_eq!(files[0].0, "search/d/ng.bin");
        assert_eq!(files[1].0, "search/p/ng-0.bin");
        let d = &files[0].1;
        // 2 terms; "nghe": len 4, bytes, df 2, no forms, 0 blocks, 2 bytes: (3<<2|3),
        // (7<<2|0)
        assert_eq!(&d[..10], &[2, 4, b'n', b'g', b'h', b'e', 2, 0, 0, 2]);
        assert_eq!(&d[10..12], &[15, 28]);
        // one full block of 2048 one-byte postings in the pack, then the rest.
        assert_eq!(files[1].1.len(), BLOCK + 5);
    }

    #[test]
    fn blocks_cut_a_list_as_decoding_and_encoding_it_would() {
        // Deltas from 1 to 599, so postings take one to three bytes.
        let postings: Vec<(u32, u8)> = (0..300u32)
            .scan(0, |doc, i| {
                *doc += 1 + i * i % 600;
                Some((*doc, (i % 4) as u8))
            })
            .collect();
        let mut list = PostingList::default();
        postings.iter().for_each(|&(d, c)| list.push(d, c));
        for size in [1, 7, 100, 299, 300, 301] {
            let blocks: Vec<Block> = list.blocks(size).collect();
            assert_eq!(blocks.len(), postings.len().div_ceil(size));
            for (b, want) in blocks.iter().zip(postings.chunks(size)) {
                assert_eq!(
                    (b.first, b.class, b.len),
                    (want[0].0, want[0].1, want.len())
                );
                assert_eq!(b.last, want[want.len() - 1].0);
                let mut encoded = Vec::new();
                for w in want.windows(2) {
                    varint(
                        &mut encoded,
                        (u64::from(w[1].0 - w[0].0) << 2) | u64::from(w[1].1),
                    );
                }
                assert_eq!(b.rest, &encoded[..], "block size {size}");
            }
        }
    }

    /// A syllable of two forms, "đảng" in every document and "đang" in every third, as
    /// [`super::super::terms`] gathers it (forms numbered as met: "đang" first).
    fn dang(docs: u32) -> super::super::Term {
        let (mut list, mut masks) = (PostingList::default(), FormMasks::default());
        for d in 0..docs {
            list.push(d, 0);
            masks.push(if d % 3 == 0 { 0b11 } else { 0b10 });
        }
        super::super::Term {
            text: "dang".into(),
            list,
            forms: Some(Box::new(Forms {
                texts: vec!["đang".into(), "đang\u{309}".into()],
                masks,
            })),
        }
    }

    #[test]
    fn forms_are_written_commonest_first_with_masks_beside_the_postings() {
        let files = shard("da", &[dang(4)]);
        assert_eq!(files.len(), 1, "inline: masks in the dictionary");
        let d = &files[0].1;
        let head = [1, 4, b'd', b'a', b'n', b'g', 4, 2];
        assert_eq!(&d[..8], &head);
        // "đảng", the commonest, is now bit 0; "đang" bit 1.
        let (hook, plain) = ("đang\u{309}".as_bytes(), "đang".as_bytes());
        let mut want = vec![hook.len() as u8];
        want.extend_from_slice(hook);
        want.push(plain.len() as u8);
        want.extend_from_slice(plain);
        // No blocks, 4 one-byte postings, 4 one-byte masks.
        want.extend_from_slice(&[0, 4, 0, 4, 4, 4, 4, 0b11, 1, 1, 0b11]);
        assert_eq!(&d[8..], &want[..]);

        let files = shard("da", &[dang(BLOCK as u32 + 2)]);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            ["search/d/da.bin", "search/p/da-0.bin", "search/m/da-0.bin"]
        );
        let m = &files[2].1;
        assert_eq!(m.len(), BLOCK + 2, "a mask per posting");
        assert_eq!(&m[BLOCK..], &[1, 0b11]);
        // The last block, documents 2048 and 2049: pack 0 at BLOCK, two bytes, first
        // 2048, last 2049, its masks at BLOCK in mask pack 0, two bytes.
        let d = &files[0].1;
        let tail = &d[d.len() - 11..];
        assert_eq!(
            tail,
            &[0, 0x80, 0x10, 2, 0x80, 0x10, 0x81, 0x10, 0x80, 0x10, 2][..],
            "{tail:?}"
        );
    }

    #[test]
    fn a_block_whose_documents_all_have_the_commonest_form_has_no_masks() {
        let mut t = dang(3 * BLOCK as u32);
        let mut masks = FormMasks::default();
        // The first block all "đảng" alone; then every third document also "đang".
        for d in 0..3 * BLOCK as u32 {
            masks.push(if d >= BLOCK as u32 && d % 3 == 0 {
                0b11
            } else {
                0b10
            });
        }
        t.forms.as_mut().unwrap().masks = masks;
        let files = shard("da", &[t]);
        let m = files.iter().find(|f| f.0.starts_with("search/m/")).unwrap();
        assert_eq!(m.1.len(), 2 * BLOCK, "no masks for the first block");
    }
}
