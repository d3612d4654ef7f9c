//! Prefix unions: the postings of every syllable a prefix begins, merged into one list.
//!
//! The last word a reader types also matches as a prefix: `ho` finds hồ, hộ, hội, học,
//! hoà… Read one syllable at a time, a common prefix costs the first block of each of
//! its common syllables: about 60 blocks, 150 KB, for `ho` at 100,000 stories. A prefix
//! whose syllables would cost that many blocks gets its union instead, stored in its
//! shard as the term `<prefix>*` (no syllable contains `*`), so it costs one block like a
//! single common word. Cheaper prefixes are read syllable by syllable, every one of them.

use super::encode::{INLINE, PostingList};
use super::{BLOCK, Term};

/// What marks a prefix union's term in a dictionary shard.
pub const MARK: char = '*';

/// Adds the union of each costly prefix to one shard's syllables, sorted in byte order,
/// and keeps them sorted. `docs` is the number of documents in the index.
pub fn add_unions(terms: &mut Vec<Term>, docs: usize) {
    let unions: Vec<Term> = costly_prefixes(terms)
        .into_iter()
        .map(|(prefix, range)| Term {
            text: format!("{prefix}{MARK}").into(),
            list: union(&terms[range], docs),
            forms: None,
        })
        .collect();
    if !unions.is_empty() {
        terms.extend(unions);
        terms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    }
}

/// Prefixes of at least two letters (the client's shortest) whose syllables, read one by
/// one, would cost more than two full blocks of postings, with the range of `terms` they
/// begin. Terms kept inline cost nothing to read: they come with the dictionary.
fn costly_prefixes(terms: &[Term]) -> Vec<(&str, std::ops::Range<usize>)> {
    // Running sums over the sorted terms, so each prefix's cost is one subtraction.
    let mut cost = Vec::with_capacity(terms.len() + 1);
    let mut blocked = Vec::with_capacity(terms.len() + 1);
    cost.push(0usize);
    blocked.push(0usize);
    for Term { list, .. } in terms {
        let read = list.len() > INLINE;
        cost.push(cost[cost.len() - 1] + if read { list.len().min(BLOCK) } else { 0 });
        blocked.push(blocked[blocked.len() - 1] + usize::from(read));
    }
    let mut out: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for term in terms
        .iter()
        .map(|t| &*t.text)
        .filter(|t| t.chars().nth(1).is_some())
    {
        for (end, _) in term.char_indices().skip(2).chain([(term.len(), ' ')]) {
            let prefix = &term[..end];
            if out.iter().any(|(p, _)| *p == prefix) {
                continue;
            }
            let lo = terms.partition_point(|t| &*t.text < prefix);
            let hi = lo + terms[lo..].partition_point(|t| t.text.starts_with(prefix));
            if blocked[hi] - blocked[lo] >= 2 && cost[hi] - cost[lo] > 2 * BLOCK {
                out.push((prefix, lo..hi));
            }
        }
    }
    out
}

/// One posting list of every document in `lists`, each with the most important class it
/// has in any of them.
fn union(lists: &[Term], docs: usize) -> PostingList {
    // Class + 1 by document: merging through a dense array costs one pass over the
    // postings and one over the documents, whatever the number of lists.
    let mut best = vec![0u8; docs];
    for Term { list, .. } in lists {
        for (doc, class) in list.iter() {
            if let Some(b) = best.get_mut(doc as usize) {
                *b = (*b).max(class + 1);
            }
        }
    }
    let mut out = PostingList::default();
    for (doc, &b) in best.iter().enumerate() {
        if b > 0 {
            out.push(doc as u32, b - 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(docs: impl IntoIterator<Item = (u32, u8)>) -> PostingList {
        let mut l = PostingList::default();
        docs.into_iter().for_each(|(d, c)| l.push(d, c));
        l
    }

    fn shard(terms: Vec<(&str, PostingList)>) -> Vec<Term> {
        let mut t: Vec<Term> = terms
            .into_iter()
            .map(|(t, list)| Term {
                text: t.into(),
                list,
                forms: None,
            })
            .collect();
        t.sort_unstable_by(|a, b| a.text.cmp(&b.text));
        t
    }

    #[test]
    fn a_costly_prefix_gets_the_union_of_its_syllables() {
        let n = 3 * BLOCK as u32;
        let mut terms = shard(vec![
            ("ho", list((0..n).step_by(2).map(|d| (d, 0)))),
            ("hoc", list((0..n).step_by(3).map(|d| (d, 3)))),
            ("hoi", list((1..n).step_by(2).map(|d| (d, 1)))),
            ("hong", list([(5, 2)])),
            ("hu", list((0..n).map(|d| (d, 0)))),
        ]);
        add_unions(&mut terms, n as usize);
        let names: Vec<&str> = terms.iter().map(|t| &*t.text).collect();
        // "ho*": ho, hoc, hoi and hong (3 blocked syllables, 3 blocks' worth). "hu" alone
        // is one syllable; "hoc", "hoi" and "hong" alone are each a single list.
        assert_eq!(names, ["ho", "ho*", "hoc", "hoi", "hong", "hu"]);
        let all = &terms[1].list;
        assert_eq!(all.len(), n as usize, "every document has one of them");
        let got: Vec<(u32, u8)> = all.iter().take(7).collect();
        // Doc 0: ho (body) and hoc (title) → title. 1: hoi (sapo). 3: hoc, hoi → title.
        // 5: hoi (sapo) and hong (name) → name.
        assert_eq!(
            got,
            [(0, 3), (1, 1), (2, 0), (3, 3), (4, 0), (5, 2), (6, 3)]
        );
    }

    #[test]
    fn cheap_prefixes_are_read_syllable_by_syllable() {
        let mut terms = shard(vec![
            ("ngh", list((0..100).map(|d| (d, 0)))),
            ("nghe", list((0..BLOCK as u32).map(|d| (d, 0)))),
            ("nghia", list((0..10).map(|d| (d, 0)))),
        ]);
        add_unions(&mut terms, BLOCK);
        assert_eq!(terms.len(), 3, "two blocks' worth at most: no union");
    }

    #[test]
    fn prefixes_count_letters_not_bytes() {
        let big = || list((0..2 * BLOCK as u32).map(|d| (d, 0)));
        let mut terms = shard(vec![("日本", big()), ("日本語", big()), ("日本人", big())]);
        add_unions(&mut terms, 2 * BLOCK);
        let names: Vec<&str> = terms.iter().map(|t| &*t.text).collect();
        assert_eq!(names, ["日本", "日本*", "日本人", "日本語"]);
    }
}
