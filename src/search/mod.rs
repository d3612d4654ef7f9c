//! The search index, built in Rust at build time and read by a small plain-JS client
//! (`themes/default/static/js/search.js`).
//!
//! Readers type on phones, often without diacritics. Every text is folded (marks
//! removed, `đ` → `d`, lower case) into syllables. The index maps each syllable, and each
//! pair of adjacent syllables (for phrases and adjacency ranking), to the documents that
//! contain it, with the most important field it occurs in (title, entity name, sapo,
//! body).
//!
//! Files under `search/`, so a reader downloads only what a query needs:
//! - `meta.json`: counts, district names, years and kinds with the documents of each,
//!   chunk and block sizes. Its size grows with the number of districts and years only.
//! - `d/<xx>.bin`: the dictionary of syllables starting with `xx` (two folded letters),
//!   with the union `<prefix>*` of each prefix whose syllables would cost a reader many
//!   blocks (see the `prefix` module); `d/p-<n>.bin`: of pairs hashing to bucket `n`. A
//!   rare term's postings are inline; a common term's are split into blocks stored in
//!   pack files.
//! - `p/<shard>-<n>.bin`: pack files of posting blocks, at most about 8 KB each.
//! - `m/<shard>-<n>.bin`: which form of a syllable each document has (see the `encode`
//!   module), read only for a query typed with diacritics.
//! - `docs/<n>.json`: title, URL, kind, district, date and snippet of 8 documents
//!   (see the `docs` module).
//! - `f/<n>.bin`: district, kind and year of 2,048 documents, five bytes each, read only
//!   when a filter is set, so the client filters hits before it fetches their
//!   metadata.
//!
//! Documents are numbered newest first, so postings are in recency order and a query on
//! a syllable found in every article can stop after its first block. The binary layout is
//! described in the `encode` module.

mod docs;
mod encode;
mod prefix;
mod table;
mod terms;

use crate::content::EntityKind;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;

/// Documents per metadata chunk.
pub const CHUNK: usize = 8;
/// Documents per file of facets (`f/<n>.bin`).
pub const FACETS: usize = 2048;
/// Kinds of document, numbered as the facets files number them.
const KINDS: [&str; 5] = ["article", "district", "unit", "model", "figure"];
/// Postings per block of a common term.
pub const BLOCK: usize = 2048;
/// Bumped whenever the file format or the spelling of its terms changes.
pub const VERSION: u32 = 7;

/// The most important field a term occurs in, stored in the low two bits of a posting.
pub mod class {
    pub const BODY: u8 = 0;
    pub const SAPO: u8 = 1;
    pub const NAME: u8 = 2;
    pub const TITLE: u8 = 3;
}

/// One searchable page, in the form the index needs, made from a [`Page`] when it is
/// read.
#[derive(Clone, Copy)]
struct Doc<'a> {
    url: &'a str,
    title: &'a str,
    /// Its number in [`KINDS`].
    kind: u8,
    district: Option<usize>,
    date: Option<jiff::civil::DateTime>,
    sapo: &'a str,
    names: Names<'a>,
    body: &'a str,
}

/// The names a page gives: an article's entities, a district's province, an entity's
/// own name and aliases. Borrowed where the site keeps them, not gathered into a vector
/// per document (see [`collect`]).
#[derive(Clone, Copy, Default)]
struct Names<'a> {
    own: Option<&'a str>,
    aliases: &'a [String],
    /// An article's entities, and the site that names them.
    links: Option<(&'a Site, &'a [crate::site::EntityLink])>,
}

impl<'a> Names<'a> {
    /// Calls `f` with each name, in the order the page gives them.
    fn each(&self, mut f: impl FnMut(&'a str)) {
        if let Some(own) = self.own {
            f(own);
        }
        for alias in self.aliases {
            f(alias);
        }
        if let Some((site, links)) = self.links {
            for l in links {
                f(&site.entity(l.kind, l.entity).name);
            }
        }
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    block: usize,
    facets: usize,
    kinds: [&'static str; 5],
    /// How many buckets pair dictionaries are spread over (see [`shard_key`]).
    pair_buckets: u32,
    districts: Vec<&'a str>,
    /// The years of articles, newest first.
    years: Vec<i32>,
    /// By year as in `years`: its first and last document. Articles are numbered newest
    /// first, so a year's are consecutive, and a query filtered by year reads postings
    /// only there instead of every newer year's first (see [`year_ranges`]).
    year_docs: Vec<[usize; 2]>,
    /// By kind as in `kinds`: its first and last document (`[1, 0]` for none), for the
    /// same reason: pages are numbered articles first, then by kind.
    kind_docs: [[usize; 2]; 5],
}

/// A file of the index: path under the output root and contents.
pub type IndexFile = (String, Vec<u8>);

/// A distinct term with its postings and, for a syllable, the forms it is written in.
pub(crate) struct Term {
    text: Box<str>,
    list: encode::PostingList,
    /// `None` for a pair or a prefix union. Boxed: a site's hundreds of thousands of
    /// pairs are all gathered by bucket before they are written, and a term takes 56
    /// bytes this way instead of 104 (13 MB less at the peak of a 100,000-story build).
    forms: Option<Box<encode::Forms>>,
}

/// The most forms of one syllable the index tells apart ("do": do, dó, đỏ, đồ, dơ…; at
/// most 36 in Vietnamese). Bit `n` of a document's form mask is its form `n`, and bit
/// [`FORMS`] any form past these, so a mask fits in the 53 bits a JavaScript number
/// holds exactly.
pub const FORMS: usize = 52;

/// How many partitions pair postings are gathered in, in parallel, each by one thread.
const PARTS: usize = 64;

/// Builds every file of the index, handing each to `write` (path under the output root,
/// contents) as soon as it is made, so the index is never all in memory at once.
/// Returns the paths written, in order.
pub fn build(site: &Site, write: &(impl Fn(&str, &[u8]) + Sync)) -> Vec<String> {
    let pages = collect(site);
    // Documents are split into terms a batch at a time, and their postings appended to
    // vectors by syllable and to tables by pair, in partitions filled in parallel
    // without locks. Only the postings, as the varints the index writes, and the
    // vocabulary outlive a batch, so memory grows with the index, not the text.
    // A thread reads a run of documents at a time, which keeps the pairs of each
    // partition together (see `terms::RunTerms`). A large site's index is made before
    // its pages (see `crate::build::INDEX_FIRST`), when the memory of a batch's terms is
    // free again for rendering: there batches of 8,192 stories visit each partition's
    // table a few times with many pairs instead of many times with few, which made the
    // index 20% faster at 100,000 stories of real-like text and its share of the build
    // 56% instead of 60%, for 93 MB more at the peak. Beside rendering, on a small
    // site, those megabytes would add to the peak (88 MB at 10,000 stories) for little.
    let batch = if site.articles.len() > crate::build::INDEX_FIRST {
        8192
    } else {
        1024
    };
    const RUN: usize = 64;
    const _: () = assert!(RUN <= terms::MAX_RUN);
    let collector = terms::Collector::new();
    let mut postings = terms::Postings::new();
    for (b, chunk) in pages.chunks(batch).enumerate() {
        let runs: Vec<terms::RunTerms> = chunk
            .par_chunks(RUN)
            .map(|run| {
                // Made for each run, not kept: see `Page`.
                let run: Vec<Doc> = run.iter().map(|p| p.doc(site)).collect();
                collector.terms(&run)
            })
            .collect();
        postings.add(&collector, (b * batch) as u32, &runs);
        collector.recycle(runs);
    }
    let put = |(path, bytes): IndexFile| {
        write(&path, &bytes);
        path
    };
    let buckets = pair_buckets(postings.pairs());
    let mut paths: Vec<String> = postings
        .into_shards(collector, buckets)
        .flat_map_iter(|(key, mut terms)| {
            if !key.starts_with("p-") {
                prefix::add_unions(&mut terms, pages.len());
            }
            encode::shard(&key, &terms)
        })
        .map(put)
        .collect();

    // Each file of result metadata is made on its own, in parallel.
    paths.par_extend(pages.par_chunks(CHUNK).enumerate().map(|(n, chunk)| {
        let chunk: Vec<Doc> = chunk.iter().map(|p| p.doc(site)).collect();
        put((format!("search/docs/{n}.json"), docs::chunk(&chunk)))
    }));
    paths.par_extend(pages.par_chunks(FACETS).enumerate().map(|(n, chunk)| {
        let chunk = chunk.iter().map(|p| p.doc(site));
        put((format!("search/f/{n}.bin"), facets(chunk)))
    }));
    let (years, year_docs) = year_ranges(site);
    let meta = Meta {
        version: VERSION,
        docs: pages.len(),
        chunk: CHUNK,
        block: BLOCK,
        facets: FACETS,
        kinds: KINDS,
        pair_buckets: buckets,
        districts: site.districts.iter().map(|d| d.name.as_str()).collect(),
        years,
        year_docs,
        kind_docs: kind_ranges(&pages),
    };
    paths.push(put((
        "search/meta.json".into(),
        html_safe_json(&serde_json::to_vec(&meta).unwrap_or_default()),
    )));
    paths.sort_unstable();
    paths
}

/// The years of the site's articles, newest first, and the first and last document of
/// each. Documents are numbered from the articles in the site's order (see [`collect`]),
/// newest first, so the two are the range of the year's articles; taken as the first and
/// last number met, they would still cover every one of them if that order changed.
fn year_ranges(site: &Site) -> (Vec<i32>, Vec<[usize; 2]>) {
    let mut ranges: std::collections::BTreeMap<i32, [usize; 2]> = Default::default();
    for (doc, a) in site.articles.iter().enumerate() {
        ranges.entry(i32::from(a.date.year())).or_insert([doc, doc])[1] = doc;
    }
    ranges.into_iter().rev().unzip()
}

/// The first and last document of each kind of [`KINDS`], `[1, 0]` for a kind the
/// site has none of.
fn kind_ranges(pages: &[Page]) -> [[usize; 2]; 5] {
    let mut ranges = [None; 5];
    for (doc, page) in pages.iter().enumerate() {
        ranges[usize::from(page.kind())].get_or_insert([doc, doc])[1] = doc;
    }
    ranges.map(|r| r.unwrap_or([1, 0]))
}

/// The facets of documents, five bytes each: district number + 1 (0 for none) and year
/// (0 for none) as 16-bit little-endian numbers around the kind's number in [`KINDS`].
fn facets<'a>(docs: impl ExactSizeIterator<Item = Doc<'a>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 5);
    for d in docs {
        let district = d
            .district
            .map_or(0, |i| u16::try_from(i + 1).unwrap_or(u16::MAX));
        let year = d.date.map_or(0, |t| u16::try_from(t.year()).unwrap_or(0));
        out.extend_from_slice(&district.to_le_bytes());
        out.push(d.kind);
        out.extend_from_slice(&year.to_le_bytes());
    }
    out
}

/// A searchable page, by where the site keeps it. The index holds one for each page as
/// long as it is being built, beside rendering, and makes a [`Doc`] of it each time it
/// reads the page: 8 bytes a page where a [`Doc`] takes 168, so 0.8 MB at 100,000
/// stories instead of 16 MB of fresh memory, which this build's machine is slow to
/// hand out (see `bench/HISTORY.md`).
#[derive(Clone, Copy)]
enum Page {
    Article(u32),
    District(u32),
    Entity(EntityKind, u32),
}

impl Page {
    /// The page's kind: its number in [`KINDS`], which the facets, the kind ranges
    /// and the result metadata (by name) all take from here.
    fn kind(self) -> u8 {
        match self {
            Page::Article(_) => 0,
            Page::District(_) => 1,
            Page::Entity(EntityKind::Unit, _) => 2,
            Page::Entity(EntityKind::Model, _) => 3,
            Page::Entity(EntityKind::Figure, _) => 4,
        }
    }

    /// What the index reads of the page.
    fn doc(self, site: &Site) -> Doc<'_> {
        match self {
            Page::Article(i) => {
                let a = &site.articles[i as usize];
                Doc {
                    url: &a.url,
                    title: &a.title,
                    kind: self.kind(),
                    district: Some(a.district),
                    date: Some(a.date),
                    sapo: &a.summary,
                    names: Names {
                        links: Some((site, &a.links)),
                        ..Names::default()
                    },
                    body: &a.body.plain,
                }
            }
            Page::District(i) => {
                let d = &site.districts[i as usize];
                Doc {
                    url: &d.url,
                    title: &d.name,
                    kind: self.kind(),
                    district: Some(i as usize),
                    date: None,
                    sapo: d.summary.as_deref().unwrap_or(""),
                    names: Names {
                        own: d.province.as_deref(),
                        ..Names::default()
                    },
                    body: &d.body.plain,
                }
            }
            Page::Entity(kind, i) => {
                let e = &site.entities[kind.index()][i as usize];
                let p = e.profile.as_ref();
                Doc {
                    url: &e.url,
                    title: &e.name,
                    kind: self.kind(),
                    district: e.district,
                    date: None,
                    sapo: p
                        .and_then(|p| p.summary.as_deref())
                        .or(e.role.as_deref())
                        .unwrap_or(""),
                    names: Names {
                        own: Some(&e.name),
                        aliases: p.map_or(&[], |p| &p.aliases),
                        links: None,
                    },
                    body: p.map(|p| p.body.plain.as_str()).unwrap_or(""),
                }
            }
        }
    }
}

/// Every searchable page in the order the index numbers them: articles newest first (as
/// the site sorts them), then districts, then units, models and figures.
fn collect(site: &Site) -> Vec<Page> {
    let number = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let entities: usize = site.entities.iter().map(Vec::len).sum();
    let mut pages = Vec::with_capacity(site.articles.len() + site.districts.len() + entities);
    pages.extend((0..site.articles.len()).map(|i| Page::Article(number(i))));
    pages.extend((0..site.districts.len()).map(|i| Page::District(number(i))));
    for kind in EntityKind::ALL {
        let n = site.entities[kind.index()].len();
        pages.extend((0..n).map(|i| Page::Entity(kind, number(i))));
    }
    pages
}

/// The dictionary shard a term lives in: a syllable by its first two letters ("ng"), a
/// pair by a bucket ("p-37", a dash no syllable's key has): [`fnv1a`] of the whole pair
/// modulo `buckets`, a power of two. Characters outside ASCII letters and digits are
/// written as `u` and their code point so file names stay plain. Pairs are bucketed so a
/// site writes a bounded number of small files, and by the whole pair, not its first
/// syllable, because some syllables begin tens of thousands of pairs ("bộ", "đảng"):
/// their bucket alone weighed 60 KB compressed at 100,000 stories.
pub fn shard_key(term: &str, buckets: u32) -> String {
    let escape = |s: &mut String, c: char| {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else {
            s.push_str(&format!("u{:x}", c as u32));
        }
    };
    if term.contains(' ') {
        return pair_shard_key(pair_bucket(term, buckets));
    }
    let mut key = String::with_capacity(12);
    term.chars().take(2).for_each(|c| escape(&mut key, c));
    key
}

/// The bucket of pair `pair` ("nghia lo") among `buckets`: see [`shard_key`].
pub fn pair_bucket(pair: &str, buckets: u32) -> u32 {
    fnv1a(pair.as_bytes()) & (buckets - 1)
}

/// The shard key of pair bucket `bucket`: see [`shard_key`].
pub fn pair_shard_key(bucket: u32) -> String {
    format!("p-{bucket}")
}

/// FNV-1a, 32 bits: stable across runs and platforms, and a few lines in the client.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

/// How many buckets pair dictionaries are spread over, for a site of `pairs` distinct
/// pairs: a power of two from 16 to 16,384, so that a bucket holds on average over half
/// of [`PAIRS_PER_BUCKET`] pairs and at most that many.
/// A reader fetches a whole bucket for each pair a query asks about, and the build
/// writes each bucket as a file, with its own pack files for common pairs' blocks:
/// sizing buckets by what they hold keeps both costs the same at any size of site, where
/// one bucket per 8 documents made buckets of 20 pairs (400 bytes) and 25,000 files at
/// 100,000 benchmark stories.
pub fn pair_buckets(pairs: usize) -> u32 {
    ((pairs / PAIRS_PER_BUCKET).clamp(16, 16_384) as u32).next_power_of_two()
}

/// The most pairs a bucket holds on average: see [`pair_buckets`].
pub const PAIRS_PER_BUCKET: usize = 128;

/// JSON with `<`, `>` and `&` written as `\u003c`-style escapes, so no markup an editor
/// typed appears literally in the index, even to a tool that sniffs it as HTML. In JSON
/// output these characters only occur inside strings, where the escapes mean the same.
fn html_safe_json(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 16);
    let mut run = 0;
    for (i, &b) in json.iter().enumerate() {
        let escape: &[u8] = match b {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            b'&' => b"\\u0026",
            _ => continue,
        };
        out.extend_from_slice(&json[run..i]);
        out.extend_from_slice(escape);
        run = i + 1;
    }
    out.extend_from_slice(&json[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_kind_is_numbered_as_kinds_names_it() {
        let named = |p: Page| KINDS[usize::from(p.kind())];
        assert_eq!(named(Page::Article(0)), "article");
        assert_eq!(named(Page::District(0)), "district");
        assert_eq!(named(Page::Entity(EntityKind::Unit, 0)), "unit");
        assert_eq!(named(Page::Entity(EntityKind::Model, 0)), "model");
        assert_eq!(named(Page::Entity(EntityKind::Figure, 0)), "figure");
    }

    #[test]
    fn json_never_carries_markup() {
        let j = serde_json::to_vec(&["<script>a & b</script>"]).unwrap();
        let safe = html_safe_json(&j);
        assert_eq!(
            String::from_utf8(safe.clone()).unwrap(),
            r#"["\u003cscript\u003ea \u0026 b\u003c/script\u003e"]"#
        );
        let back: Vec<String> = serde_json::from_slice(&safe).unwrap();
        assert_eq!(back[0], "<script>a & b</script>");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("nghia", 16), "ng");
        assert_eq!(
            shard_key("nghia lo", 16),
            format!("p-{}", fnv1a(b"nghia lo") & 15)
        );
        assert_eq!(shard_key("o", 16), "o");
        assert_eq!(
            shard_key("b5", 16),
            "b5",
            "a syllable's key never looks like a pair's"
        );
        assert_eq!(shard_key("2", 16), "2");
        assert_eq!(shard_key("日本", 16), "u65e5u672c");
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        // tests/browser/ranking.test.js checks the client against the same numbers.
        assert_eq!(fnv1a(b"a b"), 0x10a3_f9f2);
        assert_eq!(shard_key("a b", 16), "p-2");
        assert_eq!(
            (
                pair_buckets(10),
                pair_buckets(358_000),
                pair_buckets(100_000_000)
            ),
            (16, 4096, 16_384)
        );
    }
}
