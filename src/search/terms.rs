//! Splitting documents into terms and gathering each term's postings.
//!
//! A term is a folded syllable or a pair of adjacent ones. A 10,000-story site has about
//! seven million syllables, and as many pairs, so this is where the index spends its time.
//! Each syllable is folded and interned in one pass over the text, without a folded copy:
//! after a few stories nearly every syllable is already in the thread's cache and costs
//! one small-table lookup. A document is read whole into codes before any is noted, so
//! reading does not wait on the noting's unpredictable branches (8% less time at 100,000
//! stories). From there on everything is keyed by numbers: a document's syllables are
//! deduplicated in a dense array and a syllable's postings are a vector indexed by its
//! id. A pair is known by its two syllables' ids side by side, and only
//! noted where it occurs; its postings are gathered afterwards in one of [`PARTS`]
//! partitions by the pair's hash, each with a table small enough to stay in cache (see
//! [`PairPart`]). Looking every pair up in one site-wide table as it was read cost more
//! than all the rest of a story's terms. A pair met again right where its first
//! syllable was last followed by the same one, in the same field, is not noted again
//! (see [`Seen::next`]): names and set phrases ("Hội Phụ nữ", "Nghĩa Lộ") repeat
//! through a story, and such repeats are more than a third of the pairs of the
//! generated benchmark stories, each skipped for the price of a comparison.

use super::encode::{FormMasks, Forms, PostingList};
use super::table::{KeyTable, SPREAD, Slot};
use super::{Doc, FORMS, PARTS, Term, pair_bucket, pair_shard_key, shard_key};
use crate::text::{Word, WordSink, fold_simple, fold_words_raw, search_spelling, tone_key};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// How a written form is known once read: its syllable's id and which of the syllable's
/// forms it is, `id << FORM_BITS | form`, so one number carries both through a story.
const FORM_BITS: u32 = 6;
/// Bits of a syllable id: what [`FORM_BITS`] leaves of 32.
const SYLLABLE_BITS: u32 = 32 - FORM_BITS;

/// Every distinct syllable of the site, numbered in the order threads first met them,
/// and every form a syllable is written in. Ids differ from run to run; nothing written
/// depends on them. A syllable's id and its form share 32 bits, which holds up to 2^26
/// syllables: far more than any site's text could name (a vocabulary that large would
/// itself take gigabytes).
struct Vocabulary {
    ids: IdMap<u64, u32>,
    texts: Vec<Box<str>>,
    /// By syllable id: the forms it is written in ([`tone_key`]: lower case, marks kept,
    /// the tone where the old and new placements agree), in the order they were met,
    /// up to [`FORMS`]; any further form is counted as form [`FORMS`].
    forms: Vec<Vec<Box<str>>>,
    /// [`term_hash`] of a form → its code (see [`FORM_BITS`]).
    form_codes: IdMap<u64, u32>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        Vocabulary {
            ids: IdMap::default(),
            texts: Vec::new(),
            forms: Vec::new(),
            form_codes: IdMap::default(),
        }
    }

    fn intern(&mut self, hash: u64, word: &str) -> u32 {
        *self.ids.entry(hash).or_insert_with(|| {
            self.texts.push(word.into());
            self.forms.push(Vec::new());
            (self.texts.len() - 1) as u32
        })
    }

    /// The code of `form` (with [`term_hash`] `hash`), a form of folded syllable `word`
    /// (in its [`search_spelling`]).
    fn intern_form(&mut self, hash: u64, form: &str, word: &str) -> u32 {
        if let Some(&code) = self.form_codes.get(&hash) {
            return code;
        }
        let word = search_spelling(word);
        let id = self.intern(term_hash(&word), &word);
        let forms = &mut self.forms[id as usize];
        let n = forms.len().min(FORMS);
        if n < FORMS {
            forms.push(form.into());
        }
        // The last id is refused: its codes would reach the marks (see [`FIELD`]).
        debug_assert!(id < (1 << SYLLABLE_BITS) - 1, "2^26 syllables");
        let code = (id << FORM_BITS) | n as u32;
        self.form_codes.insert(hash, code);
        code
    }
}

/// Two syllable ids side by side: how a pair is known.
fn pair_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << SYLLABLE_BITS) | u64::from(second)
}

/// The two syllable ids of a [`pair_key`].
fn pair_syllables(key: u64) -> (usize, usize) {
    let mask = (1 << SYLLABLE_BITS) - 1;
    ((key >> SYLLABLE_BITS) as usize, (key & mask) as usize)
}

/// What one thread keeps between documents.
#[derive(Default)]
struct Scratch {
    /// [`term_hash`] of a form → its code: the forms this thread has met.
    forms: IdMap<u64, u32>,
    /// [`term_hash`] of a syllable as written (a [`Word::Simple`], or what a
    /// [`Word::Folded`] was folded from) → its code, so a written form met before is not
    /// read again.
    written: KeyTable,
    /// A written form being folded.
    folded: String,
    /// By syllable id: where it was last seen (see [`Seen`]).
    seen: Vec<Seen>,
    /// The current document, counting from 1 so that a zeroed `seen` means "not seen".
    doc: u32,
    /// Room for a run's pairs by partition while they are read, kept from one run to
    /// the next.
    pairs: Vec<Vec<u64>>,
    /// How many syllables the last run had: room to make for the next.
    run_syllables: usize,
    /// The word being folded.
    word: String,
    /// The current document's syllables as read, with [`BREAK`] and [`FIELD`] marks
    /// (see [`Collector::terms`]).
    codes: Vec<u32>,
}

/// Where a syllable was last seen, kept by thread in [`Scratch::seen`].
#[derive(Clone, Copy, Default)]
struct Seen {
    /// The document (as [`Scratch::doc`]).
    doc: u32,
    /// Its place in that document's syllables.
    at: u32,
    /// `id << 2 | class` of the syllable that last followed it in that document (see
    /// the module documentation). Only meaningful while `doc` is the current
    /// document; [`NO_NEXT`] until a syllable follows.
    next: u32,
}

/// [`Seen::next`] of a syllable nothing has followed yet in its document.
const NO_NEXT: u32 = u32::MAX;

/// The terms of a run of consecutive documents (see [`Collector::terms`]): each
/// document's syllables once, with the most important field each occurs in, and each
/// pair where it occurs, in the field it occurs in. A run's pairs are kept together by
/// partition, so that gathering a partition's postings reads a few long stretches of
/// memory instead of one short stretch per document.
pub(super) struct RunTerms {
    /// Every document's syllables, one document after the other: document `n` of the
    /// run has `syllables[starts[n]..starts[n + 1]]`.
    syllables: Vec<DocSyllable>,
    starts: Vec<u32>,
    /// `n << RUN_SHIFT | pair key << 2 | class` for a pair in document `n` of the run,
    /// grouped by partition: partition `p`'s pairs are `bounds[p]..bounds[p + 1]`, in
    /// document order.
    pairs: Vec<u64>,
    bounds: [u32; PARTS + 1],
}

/// Where a pair's document within its run starts in a noted pair: above the pair key
/// ([`SYLLABLE_BITS`] twice) and its class (2 bits).
const RUN_SHIFT: u32 = 2 * SYLLABLE_BITS + 2;
/// The most documents a run of [`Collector::terms`] may have: what fits above
/// [`RUN_SHIFT`].
pub(super) const MAX_RUN: usize = 1 << (64 - RUN_SHIFT);

/// A syllable of a document.
#[derive(Clone, Copy)]
struct DocSyllable {
    /// `id << 2 | class`.
    packed: u32,
    /// Bit `n` is set when the document has the syllable's form `n`.
    forms: u64,
}

/// Splits documents into terms, with one [`Scratch`] per thread of the pool.
pub(super) struct Collector {
    vocabulary: Mutex<Vocabulary>,
    scratch: Vec<Mutex<Scratch>>,
    /// The vectors of runs whose postings have been gathered, to be filled again (see
    /// [`Collector::recycle`]).
    spare: Mutex<Vec<RunTerms>>,
}

impl Collector {
    pub(super) fn new() -> Collector {
        let threads = rayon::current_num_threads().max(1);
        Collector {
            vocabulary: Mutex::new(Vocabulary::new()),
            scratch: (0..threads).map(|_| Mutex::default()).collect(),
            spare: Mutex::default(),
        }
    }

    /// Takes back runs whose postings have been gathered, so the next batch fills
    /// their vectors again instead of asking for fresh memory: the first touch of a
    /// fresh page costs the kernel more than filling it.
    pub(super) fn recycle(&self, runs: Vec<RunTerms>) {
        self.spare
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(runs);
    }

    /// The terms of `docs`, consecutive documents, at most [`MAX_RUN`] of them. A
    /// document's fields are read from the least important (body) to the most (title),
    /// so a term's class is simply the class of the last field it occurs in.
    pub(super) fn terms(&self, docs: &[Doc]) -> RunTerms {
        debug_assert!(docs.len() <= MAX_RUN);
        let thread = rayon::current_thread_index().unwrap_or(0) % self.scratch.len();
        let mut scratch = self.scratch[thread]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let s = &mut *scratch;
        let mut word = std::mem::take(&mut s.word);
        let spare = self
            .spare
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let (syllables, starts, run_pairs) = match spare {
            Some(run) => (run.syllables, run.starts, run.pairs),
            None => (
                Vec::with_capacity(s.run_syllables),
                Vec::with_capacity(docs.len() + 1),
                Vec::new(),
            ),
        };
        let mut out = Building {
            syllables,
            starts,
            pairs: std::mem::take(&mut s.pairs),
            run_pairs,
            run_doc: 0,
        };
        out.syllables.clear();
        out.starts.clear();
        out.pairs.resize_with(PARTS, Vec::new);
        let mut codes = std::mem::take(&mut s.codes);
        for (n, doc) in docs.iter().enumerate() {
            s.doc += 1;
            out.starts.push(out.syllables.len() as u32);
            out.run_doc = (n as u64) << RUN_SHIFT;
            // First every syllable is read into a code, then the codes are noted: kept
            // apart, the reading of one syllable does not wait on the noting of the one
            // before, whose branches no predictor can guess.
            codes.clear();
            let mut sink = DocSink {
                scratch: s,
                codes: &mut codes,
                collector: self,
            };
            let mut field = |text: &str, class: u8| {
                sink.codes.push(FIELD + u32::from(class));
                fold_words_raw(text, &mut word, &mut sink);
            };
            field(doc.body, super::class::BODY);
            field(doc.sapo, super::class::SAPO);
            doc.names.each(|name| field(name, super::class::NAME));
            field(doc.title, super::class::TITLE);
            s.note(&mut out, &codes);
        }
        s.codes = codes;
        s.word = word;
        s.run_syllables = out.syllables.len();
        let terms = out.finish();
        s.pairs = out.pairs;
        terms
    }

    /// The vocabulary, once every document has been read.
    fn into_vocabulary(self) -> Vocabulary {
        self.vocabulary
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// In a document's codes: the next syllable does not follow the one before.
const BREAK: u32 = u32::MAX;
/// In a document's codes, plus a class: a field of that class starts. `FIELD` itself is
/// the least mark, above any code of a form, which [`Vocabulary::intern_form`] keeps
/// below it by refusing the last syllable id.
const FIELD: u32 = u32::MAX - 4;

/// Reads the words of a document's fields into codes.
struct DocSink<'a> {
    scratch: &'a mut Scratch,
    codes: &'a mut Vec<u32>,
    collector: &'a Collector,
}

impl DocSink<'_> {
    /// Takes a syllable written in the form with `code`.
    #[inline(always)]
    fn take(&mut self, code: u32, adjacent: bool) {
        if !adjacent {
            self.codes.push(BREAK);
        }
        self.codes.push(code);
    }
}

impl WordSink for DocSink<'_> {
    /// A written form this thread has met is looked up before its letters are read.
    #[inline]
    fn remembered(&mut self, piece: &str, adjacent: bool) -> bool {
        match self.scratch.written.get(term_hash(piece)) {
            Some(code) => {
                self.take(code, adjacent);
                true
            }
            None => false,
        }
    }

    fn word(&mut self, word: Word<'_>, adjacent: bool) {
        let vocabulary = &self.collector.vocabulary;
        let code = match word {
            Word::Simple(written) => self.scratch.intern_written(written, None, vocabulary),
            Word::Folded { word, raw } => self.scratch.intern_written(raw, Some(word), vocabulary),
        };
        self.take(code, adjacent);
    }
}

/// A run's terms while they are collected.
struct Building {
    syllables: Vec<DocSyllable>,
    starts: Vec<u32>,
    /// By partition: as [`RunTerms::pairs`].
    pairs: Vec<Vec<u64>>,
    /// Where [`Building::finish`] puts them together.
    run_pairs: Vec<u64>,
    /// The current document's place in the run, shifted to [`RUN_SHIFT`].
    run_doc: u64,
}

impl Building {
    /// Notes the pair with [`pair_key`] `key`, met in a field of `class`.
    #[inline(always)]
    fn pair(&mut self, key: u64, class: u8) {
        self.pairs[partition_of_pair(key)].push(self.run_doc | (key << 2) | u64::from(class));
    }

    /// The run's terms, emptying the buffers for the next run.
    fn finish(&mut self) -> RunTerms {
        let total = self.pairs.iter().map(Vec::len).sum();
        let mut pairs = std::mem::take(&mut self.run_pairs);
        pairs.clear();
        pairs.reserve_exact(total);
        let mut bounds = [0u32; PARTS + 1];
        for (p, part) in self.pairs.iter_mut().enumerate() {
            pairs.extend_from_slice(part);
            part.clear();
            bounds[p + 1] = pairs.len() as u32;
        }
        let mut starts = std::mem::take(&mut self.starts);
        starts.push(self.syllables.len() as u32);
        RunTerms {
            syllables: std::mem::take(&mut self.syllables),
            starts,
            pairs,
            bounds,
        }
    }
}

impl Scratch {
    /// The code of the form written `written` (folded: `folded`, or else
    /// [`fold_simple`] of it), reading it only the first time this thread meets it.
    #[inline]
    fn intern_written(
        &mut self,
        written: &str,
        folded: Option<&str>,
        vocabulary: &Mutex<Vocabulary>,
    ) -> u32 {
        let hash = term_hash(written);
        if let Some(code) = self.written.get(hash) {
            return code;
        }
        let code = self.intern_form(written, folded, vocabulary);
        self.written.get_or_insert(hash, code);
        code
    }

    /// [`Scratch::intern_written`] for text this thread has not met written this way:
    /// its form, from this thread's forms or else the shared vocabulary.
    #[cold]
    fn intern_form(
        &mut self,
        written: &str,
        folded: Option<&str>,
        vocabulary: &Mutex<Vocabulary>,
    ) -> u32 {
        let form = tone_key(written);
        let hash = term_hash(&form);
        if let Some(&code) = self.forms.get(&hash) {
            return code;
        }
        let mut buffer = std::mem::take(&mut self.folded);
        let word = match folded {
            Some(word) => word,
            None => {
                buffer.clear();
                fold_simple(written, &mut buffer);
                &buffer
            }
        };
        let code = vocabulary
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .intern_form(hash, &form, word);
        self.folded = buffer;
        self.forms.insert(hash, code);
        grow_to(&mut self.seen, code >> FORM_BITS);
        code
    }

    /// Notes a document's syllables and pairs from its codes (see [`Collector::terms`]).
    fn note(&mut self, out: &mut Building, codes: &[u32]) {
        let mut class = 0;
        let mut prev = None;
        for &code in codes {
            if code >= FIELD {
                if code != BREAK {
                    class = (code - FIELD) as u8;
                }
                prev = None;
                continue;
            }
            let id = code >> FORM_BITS;
            self.syllable(out, id, code & ((1 << FORM_BITS) - 1), class);
            if let Some(p) = prev {
                // The previous syllable was seen in this document, so its `next` is
                // this document's. The same pair in the same field adds nothing: a
                // pair's posting keeps the best field it occurs in, and fields only
                // rise.
                let next = (id << 2) | u32::from(class);
                let seen = &mut self.seen[p as usize];
                if seen.next != next {
                    seen.next = next;
                    out.pair(pair_key(p, id), class);
                }
            }
            prev = Some(id);
        }
    }

    /// Notes syllable `id`, written in its form `form`, in a field of `class`.
    #[inline]
    fn syllable(&mut self, out: &mut Building, id: u32, form: u32, class: u8) {
        let packed = (id << 2) | u32::from(class);
        let bit = 1u64 << form;
        let seen = &mut self.seen[id as usize];
        if seen.doc == self.doc {
            let s = &mut out.syllables[seen.at as usize];
            s.packed = packed;
            s.forms |= bit;
        } else {
            *seen = Seen {
                doc: self.doc,
                at: out.syllables.len() as u32,
                next: NO_NEXT,
            };
            out.syllables.push(DocSyllable { packed, forms: bit });
        }
    }
}

/// Makes `v` long enough to hold index `id`, doubling so that growing is rare.
fn grow_to(v: &mut Vec<Seen>, id: u32) {
    let i = id as usize;
    if i >= v.len() {
        v.resize((i + 1).max(v.len() * 2), Seen::default());
    }
}

/// The partition that gathers the postings of the pair with [`pair_key`] `key`. It
/// takes bits from the middle of the spread key: a partition's table places keys by the
/// top bits, which must not be the same for all of them.
#[inline(always)]
fn partition_of_pair(key: u64) -> usize {
    (key.wrapping_mul(SPREAD) >> 32) as usize % PARTS
}

/// The postings of the pairs of one partition. A pair's posting for a document is
/// written when the pair is first met in a later one: until then it waits in the table,
/// where the document's further occurrences raise its class.
#[derive(Default)]
struct PairPart {
    /// [`pair_key`] → where its postings are, and its posting still to write.
    table: KeyTable<Pending>,
    /// By pair, numbered in the order met: its postings.
    lists: Vec<PostingList>,
}

/// A pair's entry in [`PairPart::table`].
#[derive(Clone, Copy)]
struct Pending {
    /// Index into [`PairPart::lists`].
    list: u32,
    /// `doc << 2 | class` of the last document the pair was met in.
    posting: u32,
}

impl Slot for Pending {
    const VACANT: Pending = Pending {
        list: u32::MAX,
        posting: 0,
    };
    fn is_vacant(&self) -> bool {
        self.list == u32::MAX
    }
}

impl PairPart {
    /// Notes a pair (`pair key << 2 | class`, any bits above ignored, as
    /// [`RunTerms::pairs`] has them) met in `doc`, which is never before the documents
    /// of the pairs noted so far.
    #[inline]
    fn note(&mut self, doc: u32, packed: u64) {
        let key = (packed >> 2) & ((1 << (RUN_SHIFT - 2)) - 1);
        debug_assert!(doc < 1 << 30, "2^30 documents");
        let posting = (doc << 2) | (packed & 3) as u32;
        let lists = &mut self.lists;
        let (pending, new) = self.table.entry(key, || {
            lists.push(PostingList::default());
            Pending {
                list: (lists.len() - 1) as u32,
                posting,
            }
        });
        if new {
            return;
        }
        if pending.posting >> 2 == doc {
            // Fields are read from the least important, so the class only rises.
            pending.posting = pending.posting.max(posting);
        } else {
            let old = pending.posting;
            pending.posting = posting;
            lists[pending.list as usize].push(old >> 2, (old & 3) as u8);
        }
    }

    /// Every pair's key and postings, once every document has been noted.
    fn finish(self) -> impl Iterator<Item = (u64, PostingList)> {
        let mut lists = self.lists;
        let pairs: Vec<(u64, Pending)> = self.table.iter().collect();
        pairs.into_iter().map(move |(key, pending)| {
            let list = &mut lists[pending.list as usize];
            let p = pending.posting;
            list.push(p >> 2, (p & 3) as u8);
            (key, std::mem::take(list))
        })
    }
}

/// Every term's postings.
pub(super) struct Postings {
    /// By syllable id: its postings and, in step with them, which of its forms each
    /// document has.
    syllables: Vec<(PostingList, FormMasks)>,
    /// By partition (see [`partition_of_pair`]).
    pairs: Vec<PairPart>,
}

impl Postings {
    pub(super) fn new() -> Postings {
        Postings {
            syllables: Vec::new(),
            pairs: (0..PARTS).map(|_| PairPart::default()).collect(),
        }
    }

    /// Adds the terms of runs of documents numbered from `first_doc`, in order.
    pub(super) fn add(&mut self, collector: &Collector, first_doc: u32, runs: &[RunTerms]) {
        use rayon::prelude::*;
        let vocabulary = collector
            .vocabulary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.syllables
            .resize_with(vocabulary.texts.len(), Default::default);
        drop(vocabulary);
        let (syllables, pairs) = (&mut self.syllables, &mut self.pairs);
        rayon::join(
            || {
                let mut doc = first_doc;
                for run in runs {
                    for at in run.starts.windows(2) {
                        for s in &run.syllables[at[0] as usize..at[1] as usize] {
                            let (list, masks) = &mut syllables[(s.packed >> 2) as usize];
                            list.push(doc, (s.packed & 3) as u8);
                            masks.push(s.forms);
                        }
                        doc += 1;
                    }
                }
            },
            || {
                pairs.par_iter_mut().enumerate().for_each(|(part, pairs)| {
                    let mut first = first_doc;
                    for run in runs {
                        let range = run.bounds[part] as usize..run.bounds[part + 1] as usize;
                        for &p in &run.pairs[range] {
                            pairs.note(first + (p >> RUN_SHIFT) as u32, p);
                        }
                        first += (run.starts.len() - 1) as u32;
                    }
                });
            },
        );
    }

    /// How many distinct pairs have postings.
    pub(super) fn pairs(&self) -> usize {
        self.pairs.iter().map(|p| p.lists.len()).sum()
    }

    /// Every term with its postings, grouped into shards (see [`shard_key`]; pairs over
    /// `buckets`), each shard's terms in byte order: what [`super::encode::shard`] takes.
    pub(super) fn into_shards(
        self,
        collector: Collector,
        buckets: u32,
    ) -> impl rayon::iter::ParallelIterator<Item = (String, Vec<Term>)> {
        use rayon::prelude::*;
        let Vocabulary { texts, forms, .. } = collector.into_vocabulary();
        let mut syllables: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        let lists = self.syllables.into_iter().zip(forms);
        for (id, ((list, masks), forms)) in lists.enumerate() {
            if list.len() > 0 {
                let text = texts[id].clone();
                syllables
                    .entry(shard_key(&text, buckets))
                    .or_default()
                    .push(Term {
                        text,
                        list,
                        forms: Some(Box::new(Forms {
                            texts: forms,
                            masks,
                        })),
                    });
            }
        }
        // A pair's shard is its bucket (see [`shard_key`]); buckets and partitions do
        // not line up, so the pairs of each bucket are gathered from every partition.
        let parts: Vec<Vec<(u32, Term)>> = self
            .pairs
            .into_par_iter()
            .map(|part| {
                let mut text = String::new();
                part.finish()
                    .map(|(key, list)| {
                        let (first, second) = pair_syllables(key);
                        text.clear();
                        text.push_str(&texts[first]);
                        text.push(' ');
                        text.push_str(&texts[second]);
                        let term = Term {
                            text: text.as_str().into(),
                            list,
                            forms: None,
                        };
                        (pair_bucket(&text, buckets), term)
                    })
                    .collect()
            })
            .collect();
        let mut by_bucket: Vec<Vec<Term>> = (0..buckets).map(|_| Vec::new()).collect();
        for (bucket, term) in parts.into_iter().flatten() {
            by_bucket[bucket as usize].push(term);
        }
        let pairs = by_bucket
            .into_par_iter()
            .enumerate()
            .filter(|(_, terms)| !terms.is_empty())
            .map(|(bucket, terms)| (pair_shard_key(bucket as u32), terms));
        syllables
            .into_par_iter()
            .chain(pairs)
            .map(|(key, mut terms)| {
                terms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
                (key, terms)
            })
    }
}

/// A 64-bit hash of a syllable. The vocabulary is keyed by it instead of by the string,
/// so each word of the corpus is hashed once; two distinct syllables of one corpus
/// colliding on 64 bits is vanishingly unlikely (about 1e-8 for a million syllables).
fn term_hash(t: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(t.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{class, pair_buckets};
    use std::collections::HashMap;

    /// The terms of `doc` as text → class, checking that each pair sits in its
    /// partition and comes out of it once.
    fn terms_of(doc: &Doc) -> HashMap<String, u8> {
        let collector = Collector::new();
        let terms = collector.terms(std::slice::from_ref(doc));
        let vocabulary = collector.into_vocabulary();
        let texts = &vocabulary.texts;
        let mut out = HashMap::new();
        for s in terms.syllables.iter().map(|s| s.packed) {
            let old = out.insert(texts[(s >> 2) as usize].to_string(), (s & 3) as u8);
            assert!(old.is_none(), "each syllable once");
        }
        for part in 0..PARTS {
            let range = terms.bounds[part] as usize..terms.bounds[part + 1] as usize;
            let mut pairs = PairPart::default();
            for &p in &terms.pairs[range] {
                assert_eq!(partition_of_pair(p >> 2), part);
                pairs.note(7, p);
            }
            for (key, list) in pairs.finish() {
                let (first, second) = pair_syllables(key);
                let text = format!("{} {}", texts[first], texts[second]);
                let postings: Vec<(u32, u8)> = list.iter().collect();
                assert_eq!(postings.len(), 1, "each pair once: {text}");
                assert_eq!(postings[0].0, 7);
                let old = out.insert(text, postings[0].1);
                assert!(old.is_none(), "each pair in one partition");
            }
        }
        assert_eq!(terms.bounds[PARTS] as usize, terms.pairs.len());
        out
    }

    #[test]
    fn terms_are_folded_syllables_and_adjacent_pairs_with_their_best_field() {
        let d = Doc {
            url: "/a/",
            title: "Nghĩa Lộ: nhân rộng",
            kind: 0,
            district: None,
            date: None,
            sapo: "",
            names: super::super::Names {
                aliases: &["Đảng bộ".to_string(), "Bộ đội".to_string()],
                ..Default::default()
            },
            body: "nghĩa lộ và đảng",
        };
        let t = terms_of(&d);
        assert_eq!(t.len(), 14, "distinct syllables and pairs: {t:?}");
        assert_eq!(t.get("nghia"), Some(&class::TITLE));
        assert_eq!(t.get("nghia lo"), Some(&class::TITLE));
        assert!(!t.contains_key("lo nhan"), "punctuation breaks adjacency");
        assert!(
            !t.contains_key("bo bo"),
            "one name does not run into the next"
        );
        assert!(
            !t.contains_key("dang nghia"),
            "one field does not run into the next"
        );
        assert_eq!(t.get("dang bo"), Some(&class::NAME));
        assert_eq!(t.get("bo doi"), Some(&class::NAME));
        assert_eq!(t.get("va"), Some(&class::BODY));
        assert_eq!(t.get("dang"), Some(&class::NAME));
        assert_eq!(t.get("lo va"), Some(&class::BODY));
    }

    #[test]
    fn a_pair_met_again_in_the_same_field_is_noted_once() {
        let d = Doc {
            url: "/a/",
            title: "Đảng bộ",
            kind: 0,
            district: None,
            date: None,
            sapo: "",
            names: Default::default(),
            body: "Đảng bộ họp, đảng bộ bầu; đảng viên và Đảng bộ",
        };
        let collector = Collector::new();
        let terms = collector.terms(std::slice::from_ref(&d));
        let vocabulary = collector.into_vocabulary();
        let id = |t: &str| vocabulary.texts.iter().position(|x| &**x == t).unwrap() as u32;
        let key = pair_key(id("dang"), id("bo"));
        let classes: Vec<u8> = terms
            .pairs
            .iter()
            .filter(|&&p| p >> 2 == key)
            .map(|&p| (p & 3) as u8)
            .collect();
        // The second "đảng bộ" follows the first at once and is skipped; after "đảng
        // viên" the pair is noted again (skipping is only a shortcut), and the title's
        // raises its field.
        assert_eq!(classes, [class::BODY, class::BODY, class::TITLE]);
        let t = terms_of(&d);
        assert_eq!(t.get("dang bo"), Some(&class::TITLE));
        assert_eq!(t.get("dang vien"), Some(&class::BODY));
        assert_eq!(t.get("bo hop"), Some(&class::BODY));
    }

    #[test]
    fn postings_are_in_document_order_whatever_thread_read_them() {
        use rayon::prelude::*;
        let bodies: Vec<String> = (0..300)
            .map(|i| {
                let meeting = if i % 3 == 0 { ", đang họp" } else { "" };
                format!("Đảng bộ xã {i} và chi bộ thôn {}{meeting}", i % 7)
            })
            .collect();
        let docs: Vec<Doc> = bodies
            .iter()
            .map(|b| Doc {
                url: "/a/",
                title: "",
                kind: 0,
                district: None,
                date: None,
                sapo: "",
                names: Default::default(),
                body: b,
            })
            .collect();
        let collector = Collector::new();
        let mut postings = Postings::new();
        for (b, batch) in docs.chunks(64).enumerate() {
            // Runs of 10 documents, so a batch ends in a shorter run.
            let terms: Vec<RunTerms> = batch.par_chunks(10).map(|r| collector.terms(r)).collect();
            postings.add(&collector, (b * 64) as u32, &terms);
            // The next batch fills these runs' vectors again.
            collector.recycle(terms);
        }
        let buckets = pair_buckets(postings.pairs());
        let terms: HashMap<Box<str>, Term> = postings
            .into_shards(collector, buckets)
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|(_, terms)| terms)
            .map(|t| (t.text.clone(), t))
            .collect();
        let docs_of = |t: &str| -> Vec<u32> { terms[t].list.iter().map(|(d, _)| d).collect() };
        assert_eq!(docs_of("dang bo"), (0..300).collect::<Vec<_>>());
        assert_eq!(
            docs_of("thon 3"),
            (0..300).filter(|i| i % 7 == 3).collect::<Vec<_>>()
        );
        assert_eq!(docs_of("xa 42"), [42]);
        assert_eq!(
            docs_of("42 va"),
            [42],
            "a number is a syllable like any other"
        );
        // "dang": every story has "Đảng", every third also "đang"; masks follow postings.
        let dang = terms["dang"].forms.as_ref().expect("a syllable's forms");
        let bit = |form: &str| {
            let n = dang.texts.iter().position(|t| **t == *tone_key(form));
            1u64 << n.expect(form)
        };
        assert_eq!(dang.texts.len(), 2);
        let masks: Vec<u64> = dang.masks.iter().collect();
        let want: Vec<u64> = (0..300)
            .map(|i| bit("Đảng") | if i % 3 == 0 { bit("đang") } else { 0 })
            .collect();
        assert_eq!(masks, want);
        assert!(terms["dang bo"].forms.is_none(), "pairs have no forms");
    }

    /// The forms of each syllable of `doc`, as [`tone_key`]s.
    fn forms_of(doc: &Doc) -> HashMap<String, Vec<String>> {
        let collector = Collector::new();
        let terms = collector.terms(std::slice::from_ref(doc));
        let vocabulary = collector.into_vocabulary();
        let mut out = HashMap::new();
        for s in &terms.syllables {
            let (id, mask) = ((s.packed >> 2) as usize, s.forms);
            let texts = &vocabulary.forms[id];
            let mut forms: Vec<String> = (0..texts.len())
                .filter(|&n| mask & (1 << n) != 0)
                .map(|n| texts[n].to_string())
                .collect();
            forms.sort();
            out.insert(vocabulary.texts[id].to_string(), forms);
        }
        out
    }

    #[test]
    fn forms_differ_by_marks_not_by_case_or_tone_placement() {
        let d = Doc {
            url: "/a/",
            title: "ĐẢNG",
            kind: 0,
            district: None,
            date: None,
            sapo: "Hoà Thuỷ",
            names: super::super::Names {
                own: Some("“Đảng”"),
                ..Default::default()
            },
            body: "đang hòa thủy; dang, HOA",
        };
        let f = forms_of(&d);
        let key = |s: &str| tone_key(s);
        let mut dang = vec![key("đảng"), key("đang"), key("dang")];
        dang.sort();
        assert_eq!(f["dang"], dang, "“Đảng” in quotes is read as written");
        let mut hoa = vec![key("hòa"), key("hoa")];
        hoa.sort();
        assert_eq!(f["hoa"], hoa);
        assert_eq!(f["thuy"], [key("thủy")]);
        assert_eq!(key("hoà"), key("hòa"));
    }
}
