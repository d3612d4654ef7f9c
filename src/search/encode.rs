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
const INLINE: usize = 24;
/// Pack files are closed once they reach this size.
const PACK: usize = 8 * 1024;

pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes postings given packed as `doc << 2 | class`, ascending.
fn postings(out: &mut Vec<u8>, list: &[u32], base: u32) {
    let mut prev = base;
    for &p in list {
        let doc = p >> 2;
        varint(out, (u64::from(doc - prev) << 2) | u64::from(p & 3));
        prev = doc;
    }
}

/// Encodes one shard's terms (sorted, each with postings `doc << 2 | class` ascending)
/// into its dictionary file and pack files.
pub fn shard(key: &str, terms: &[(Box<str>, Vec<u32>)]) -> Vec<super::IndexFile> {
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
            block.clear();
            postings(&mut block, list, 0);
            varint(&mut dict, block.len() as u64);
            dict.extend_from_slice(&block);
            continue;
        }
        let chunks = list.chunks(BLOCK);
        varint(&mut dict, chunks.len() as u64);
        for chunk in chunks {
            block.clear();
            postings(&mut block, chunk, chunk[0] >> 2);
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
            varint(&mut dict, u64::from(chunk[0] >> 2));
            varint(&mut dict, u64::from(chunk[chunk.len() - 1] >> 2));
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
        let rare = vec![(3u32 << 2) | 3, 10 << 2];
        let common: Vec<u32> = (0..(BLOCK as u32 + 5)).map(|d| d << 2).collect();
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
