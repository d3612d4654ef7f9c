//! The search index, built in Rust at build time and read by a small plain-JS client
//! (`themes/default/static/js/search.js`).
//!
//! Readers type on phones, often without diacritics. Every text is folded (marks
//! removed, `đ` → `d`, lower case) into syllables; the index maps each syllable and each
//! pair of adjacent syllables (for phrases and adjacency ranking) to the documents that
//! contain it, with which fields it occurs in (title, entity name, sapo, body).
//!
//! Layout under `search/`, so a reader downloads only what a query needs:
//! - `meta.json`: counts, district names, the chunk size. Small and fixed.
//! - `docs/<n>.json`: metadata of documents `n*CHUNK .. (n+1)*CHUNK`.
//! - `terms/<key>.json`: every term whose folded form starts with `key` (its first two
//!   letters), with its postings: `[doc delta, field mask, …]`, documents ascending.
//!
//! Documents are numbered newest first, so a lower id is a more recent story and
//! postings are already in recency order.

use crate::content::EntityKind;
use crate::site::Site;
use crate::text::{fold, words};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Documents per metadata chunk.
pub const CHUNK: usize = 128;
/// Bumped whenever the file format changes, so a cached client can tell.
pub const VERSION: u32 = 1;

/// Where a term occurs in a document: one bit per field.
pub mod field {
    pub const TITLE: u8 = 1;
    pub const NAME: u8 = 2;
    pub const SAPO: u8 = 4;
    pub const BODY: u8 = 8;
}

/// A term and its `(document, field mask)` postings.
type TermPostings = (String, Vec<(u32, u8)>);

/// The kind of a search result, as the client's filter names it.
fn kind_name(kind: Option<EntityKind>) -> &'static str {
    match kind {
        None => "article",
        Some(EntityKind::Unit) => "unit",
        Some(EntityKind::Model) => "model",
        Some(EntityKind::Figure) => "figure",
    }
}

/// One searchable page, in the form the index needs.
struct Doc<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'static str,
    district: Option<usize>,
    date: Option<jiff::civil::DateTime>,
    sapo: &'a str,
    names: Vec<&'a str>,
    body: &'a str,
}

#[derive(Serialize)]
struct DocMeta<'a> {
    /// URL.
    u: &'a str,
    /// Title.
    t: &'a str,
    /// Kind: article, district, unit, model, figure.
    k: &'static str,
    /// District index into `meta.json`'s `districts`, or -1.
    d: i64,
    /// "28/08/2017", or "".
    dt: String,
    /// Year, or 0.
    y: i32,
    /// The sapo, cut to a snippet's length.
    s: String,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    districts: Vec<&'a str>,
    years: Vec<i32>,
}

/// The index's files: `(path under the output root, contents)`.
pub fn build(site: &Site) -> Vec<(String, String)> {
    let docs = collect(site);
    // Per document: term → field mask, computed in parallel.
    let per_doc: Vec<HashMap<String, u8>> = docs.par_iter().map(terms_of).collect();
    let mut postings: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        for (term, mask) in terms {
            postings.entry(term).or_default().push((id as u32, mask));
        }
    }
    let mut shards: BTreeMap<String, Vec<TermPostings>> = BTreeMap::new();
    for (term, mut list) in postings {
        list.sort_unstable();
        shards
            .entry(shard_key(&term))
            .or_default()
            .push((term, list));
    }
    let mut files: Vec<(String, String)> = shards
        .into_par_iter()
        .map(|(key, terms)| {
            let mut s = String::with_capacity(terms.len() * 32);
            s.push('{');
            for (i, (term, list)) in terms.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&serde_json::to_string(term).unwrap_or_default());
                s.push_str(":[");
                let mut prev = 0u32;
                for (j, (doc, mask)) in list.iter().enumerate() {
                    if j > 0 {
                        s.push(',');
                    }
                    s.push_str(&(doc - prev).to_string());
                    s.push(',');
                    s.push_str(&mask.to_string());
                    prev = *doc;
                }
                s.push(']');
            }
            s.push('}');
            (format!("search/terms/{key}.json"), s)
        })
        .collect();
    let metas: Vec<DocMeta> = docs
        .iter()
        .map(|d| DocMeta {
            u: d.url,
            t: d.title,
            k: d.kind,
            d: d.district.map(|i| i as i64).unwrap_or(-1),
            dt: d
                .date
                .map(|t| format!("{:02}/{:02}/{}", t.day(), t.month(), t.year()))
                .unwrap_or_default(),
            y: d.date.map(|t| i32::from(t.year())).unwrap_or(0),
            s: snippet_source(d.sapo),
        })
        .collect();
    for (n, chunk) in metas.chunks(CHUNK).enumerate() {
        files.push((
            format!("search/docs/{n}.json"),
            serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into()),
        ));
    }
    let mut years: Vec<i32> = site
        .articles
        .iter()
        .map(|a| i32::from(a.date.year()))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let meta = Meta {
        version: VERSION,
        docs: docs.len(),
        chunk: CHUNK,
        districts: site.districts.iter().map(|d| d.name.as_str()).collect(),
        years,
    };
    files.push((
        "search/meta.json".into(),
        serde_json::to_string(&meta).unwrap_or_default(),
    ));
    files
}

/// Articles newest first, then districts, then units, models and figures.
fn collect(site: &Site) -> Vec<Doc<'_>> {
    let mut docs = Vec::with_capacity(site.articles.len() + site.districts.len() + 64);
    for a in &site.articles {
        let names = a
            .links
            .iter()
            .map(|l| site.entity(l.kind, l.entity).name.as_str())
            .collect();
        docs.push(Doc {
            url: &a.url,
            title: &a.title,
            kind: kind_name(None),
            district: Some(a.district),
            date: Some(a.date),
            sapo: &a.summary,
            names,
            body: &a.body.plain,
        });
    }
    for (i, d) in site.districts.iter().enumerate() {
        docs.push(Doc {
            url: &d.url,
            title: &d.name,
            kind: "district",
            district: Some(i),
            date: None,
            sapo: d.summary.as_deref().unwrap_or(""),
            names: d.province.as_deref().into_iter().collect(),
            body: &d.body.plain,
        });
    }
    for kind in EntityKind::ALL {
        for e in &site.entities[kind.index()] {
            let p = e.profile.as_ref();
            let mut names: Vec<&str> = vec![e.name.as_str()];
            if let Some(p) = p {
                names.extend(p.aliases.iter().map(String::as_str));
            }
            docs.push(Doc {
                url: &e.url,
                title: &e.name,
                kind: kind_name(Some(kind)),
                district: e.district,
                date: None,
                sapo: p
                    .and_then(|p| p.summary.as_deref())
                    .or(e.role.as_deref())
                    .unwrap_or(""),
                names,
                body: p.map(|p| p.body.plain.as_str()).unwrap_or(""),
            });
        }
    }
    docs
}

/// The terms of one document: each folded syllable and each adjacent pair ("nghia lo").
fn terms_of(doc: &Doc) -> HashMap<String, u8> {
    let mut terms: HashMap<String, u8> = HashMap::new();
    let mut add = |text: &str, mask: u8| {
        let folded = fold(text);
        // Pairs are formed inside a sentence-ish run only: punctuation breaks adjacency.
        for run in folded.split(|c: char| !(c.is_alphanumeric() || c.is_whitespace())) {
            let mut prev: Option<&str> = None;
            for w in words(run) {
                *terms.entry(w.to_string()).or_default() |= mask;
                if let Some(p) = prev {
                    *terms.entry(format!("{p} {w}")).or_default() |= mask;
                }
                prev = Some(w);
            }
        }
    };
    add(doc.title, field::TITLE);
    for n in &doc.names {
        add(n, field::NAME);
    }
    add(doc.sapo, field::SAPO);
    add(doc.body, field::BODY);
    terms
}

/// The shard a term lives in: its first two characters (the first syllable's start).
/// Non-ASCII characters (other scripts) are written as their code point so file names
/// stay plain.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take_while(|c| *c != ' ')
        .take(2)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("u{:x}", c as u32)
            }
        })
        .collect()
}

/// The sapo cut at a word boundary to about 240 characters, for result snippets.
fn snippet_source(s: &str) -> String {
    const MAX: usize = 240;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys_are_two_folded_letters() {
        assert_eq!(shard_key("nghia"), "ng");
        assert_eq!(shard_key("nghia lo"), "ng");
        assert_eq!(shard_key("o"), "o");
        assert_eq!(shard_key("2"), "2");
    }

    #[test]
    fn terms_include_folded_syllables_and_adjacent_pairs() {
        let d = Doc {
            url: "/a/",
            title: "Nghĩa Lộ: nhân rộng",
            kind: "article",
            district: None,
            date: None,
            sapo: "",
            names: vec!["Đảng bộ"],
            body: "",
        };
        let t = terms_of(&d);
        assert_eq!(t.get("nghia"), Some(&field::TITLE));
        assert_eq!(t.get("nghia lo"), Some(&field::TITLE));
        assert!(!t.contains_key("lo nhan"), "punctuation breaks adjacency");
        assert_eq!(t.get("dang bo"), Some(&field::NAME));
    }
}
