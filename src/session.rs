//! Rebuilding while an editor works (`guong serve`): the same pipeline as `guong build`,
//! doing only the work an edit needs.
//!
//! - Every rebuild re-reads only the files that changed ([`ParseCache`]): a template or
//!   `site.yaml` change parses no content again.
//! - An edit to the text of stories (the common case while writing) changes nothing but
//!   those stories' pages and the feeds that carry their text. That is the quick path:
//!   those pages are re-rendered straight into the served output, then the search index
//!   is refreshed behind them.
//! - So is an edit to what a story shows of itself in its front matter (title, sapo,
//!   author, source, photo caption: [`ArticleFront::same_place`]), except that the
//!   lists showing the story change too: its page is served first, then a full build
//!   brings the lists up to date ([`Session::lists_stale`]).
//! - Everything else (front matter that places the story: date, district, entities,
//!   photo…; new, renamed or deleted files; templates, photos, `site.yaml`) is a full
//!   build, writing only the pages whose variables changed.
//!
//! [`ArticleFront::same_place`]: crate::content::front::ArticleFront::same_place

use crate::build::{BuildOptions, BuildReport, Built, build_cached, load_site_cached};
use crate::content::front::ArticleFront;
use crate::content::{self, ParseCache, split_front_matter};
use crate::diagnostic::Diagnostics;
use crate::output::{Buffer, Live, list_files};
use crate::render::theme;
use crate::{markdown, render, search};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a rebuild did.
#[derive(Debug)]
pub enum Rebuilt {
    /// The whole site was built again.
    Full(BuildReport),
    /// Only story text changed: these pages (paths under the output) were re-rendered in
    /// place. The search index is refreshed by [`Session::refresh_search`].
    Quick {
        pages: Vec<String>,
        elapsed: Duration,
    },
}

/// Builds a site again and again, keeping what the next build can reuse.
pub struct Session {
    opts: BuildOptions,
    cache: ParseCache,
    last: Option<Last>,
    search_stale: bool,
    /// A quick rebuild changed what lists show of a story (its title, its sapo): the
    /// pages listing it wait for the next full build ([`Session::lists_stale`]).
    lists_stale: bool,
    /// Every file of the served output, as the last build left it.
    produced: HashSet<String>,
}

/// The last good full build.
struct Last {
    built: Built,
    /// Article index by the absolute path of its file.
    by_path: HashMap<PathBuf, usize>,
    /// Every link target of the site, to check edited bodies' links.
    known: HashSet<String>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            cache: ParseCache::default(),
            last: None,
            search_stale: false,
            lists_stale: false,
            produced: HashSet::new(),
        }
    }

    /// Rebuilds after `changed` (absolute paths the watcher reported; empty for the first
    /// build). On errors the served output stays as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        if !changed.is_empty()
            && let Some(quick) = self.quick(changed)
        {
            return Ok(quick);
        }
        self.cache.invalidate(changed);
        let out = self.opts.output_dir();
        if self.last.is_some() && out.is_dir() {
            return self.incremental();
        }
        let (report, built) = build_cached(&self.opts, Some(&mut self.cache))?;
        self.produced = list_files(&out);
        self.remember(built);
        self.search_stale = false;
        self.lists_stale = false;
        Ok(Rebuilt::Full(report))
    }

    fn remember(&mut self, built: Built) {
        let root = &self.opts.root;
        let by_path = built
            .site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (root.join(&a.path), i))
            .collect();
        let known = crate::site::known_targets(&built.site);
        self.last = Some(Last {
            built,
            by_path,
            known,
        });
    }

    /// A whole build into the served output, writing only what changed: pages whose
    /// variables and templates are those of the last build are not even rendered, other
    /// files are written only when their bytes differ, and files the site no longer has
    /// are removed. Nothing is written unless the whole build succeeded. The search index
    /// follows in [`Session::refresh_search`].
    fn incremental(&mut self) -> Result<Rebuilt, Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut report = BuildReport::default();
        let Some(site) = load_site_cached(
            &self.opts,
            Some(&mut self.cache),
            &mut diags,
            &mut report.timings,
        ) else {
            diags.sort();
            return Err(diags);
        };
        let theme = theme::load(&self.opts.root, &site.config.theme, &mut diags);
        let tera = render::compile(&theme, &mut diags);
        let Some(mut tera) = tera.filter(|_| !diags.has_errors()) else {
            diags.sort();
            return Err(diags);
        };
        let previous = self.last.as_ref().map(|l| &l.built.prepared.fingerprints);
        let buffer = Buffer::default();
        let cache = self.opts.image_cache();
        let t = Instant::now();
        let (rendered, photos) = rayon::join(
            || {
                render::render(
                    &site,
                    &theme,
                    &mut tera,
                    &buffer,
                    &self.opts.render,
                    Some(previous),
                )
            },
            || crate::images::process(&site.images, cache.as_deref(), &buffer),
        );
        let prepared = match rendered {
            Ok(p) => p,
            Err(e) => {
                diags.extend(e.0);
                diags.sort();
                return Err(diags);
            }
        };
        report.rendered = prepared.rendered;
        match photos {
            Ok(r) => report.images = r,
            Err(e) => {
                diags.extend(e);
                diags.sort();
                return Err(diags);
            }
        }
        report.timings.push(("render changed pages", t.elapsed()));
        let t = Instant::now();
        let out = self.opts.output_dir();
        let live = Live::new(&out);
        let (files, copies) = buffer.into_parts();
        {
            use rayon::prelude::*;
            files
                .par_iter()
                .for_each(|(rel, bytes)| live.write_if_changed(rel, bytes));
            copies
                .par_iter()
                .for_each(|(src, rel)| live.copy_if_changed(src, rel));
        }
        let mut produced: HashSet<String> = prepared.fingerprints.keys().cloned().collect();
        produced.extend(files.iter().map(|(r, _)| r.clone()));
        produced.extend(copies.iter().map(|(_, r)| r.clone()));
        // The index is refreshed after the pages are served; until then it stays.
        produced.extend(self.produced.iter().filter(|p| is_index_file(p)).cloned());
        for stale in self.produced.difference(&produced) {
            live.remove(stale);
        }
        let written = live.finish().map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(crate::diagnostic::Diagnostic::error(&out, e));
            d
        })?;
        report.timings.push(("write", t.elapsed()));
        self.produced = produced;
        report.files = written;
        report.count(&site);
        diags.sort();
        report.diagnostics = diags;
        self.remember(Built {
            site,
            theme,
            tera,
            prepared,
        });
        self.search_stale = true;
        self.lists_stale = false;
        Ok(Rebuilt::Full(report))
    }

    /// The quick path, when every changed file is a published story whose front matter
    /// did not change, whose sapo stays the same, and whose links still lead somewhere.
    /// `None` means a full build is needed (and reports any problem).
    fn quick(&mut self, changed: &[PathBuf]) -> Option<Rebuilt> {
        let started = Instant::now();
        let last = self.last.as_mut()?;
        let site = &last.built.site;
        let mut edits = Vec::new();
        let content_dir = self.opts.root.join("content");
        // Temporary files editors save through, already renamed over the story (or
        // deleted): the content walk never reads them, so they change nothing.
        let unique: HashSet<&PathBuf> = changed
            .iter()
            .filter(|p| {
                !(p.starts_with(&content_dir)
                    && p.file_name()
                        .is_some_and(|n| content::is_ignored(&n.to_string_lossy()))
                    && !p.exists())
            })
            .collect();
        let mut moves_lists = false;
        for path in unique {
            let &i = last.by_path.get(path)?;
            let a = &site.articles[i];
            let raw = std::fs::read_to_string(path).ok()?;
            let text = crate::text::nfc(&raw);
            let split = split_front_matter(&text, &a.path).ok()?;
            let (front_text, old) = self.cache.article(path)?;
            let mut doc = old.clone();
            if front_text != split.front {
                // Front matter that changes only what the story shows of itself (its
                // title, sapo…): its page now, the lists showing it just after.
                let (front, key_lines) =
                    content::front_matter::<ArticleFront>(&split, &a.path).ok()?;
                if !old.doc.front.same_place(&front) {
                    return None;
                }
                doc.doc.front = front;
                doc.doc.key_lines = key_lines;
                moves_lists = true;
            } else if split.body_line != a.body_line {
                return None;
            }
            doc.doc.body_line = split.body_line;
            let static_dir = self.opts.root.join("static");
            let images = crate::images::Resolver {
                catalog: &site.photos,
                bundle: (path.file_name()? == "index.md")
                    .then(|| path.parent())
                    .flatten(),
                roots: [&static_dir, &content_dir],
            };
            let body = markdown::render_with(split.body, &site.base_path, Some(&images));
            let sapo_from_body = doc.doc.front.summary.is_none();
            if !body.broken_images.is_empty() {
                return None;
            }
            // A sapo taken from the body shows in every list of the story.
            moves_lists |= sapo_from_body && body.first_paragraph != a.body.first_paragraph;
            let mut diags = Diagnostics::default();
            crate::site::check_body(
                site,
                &last.known,
                &a.path,
                &body,
                &a.url,
                split.body_line,
                &mut diags,
            );
            if diags.has_errors() {
                return None;
            }
            doc.doc.body = std::sync::Arc::new(body);
            edits.push((i, path.clone(), split.front.to_string(), doc));
        }
        let site = &mut last.built.site;
        let mut edited = Vec::with_capacity(edits.len());
        for (i, path, front_text, doc) in edits {
            let a = &mut site.articles[i];
            a.body = std::sync::Arc::clone(&doc.doc.body);
            a.body_line = doc.doc.body_line;
            crate::site::show(a, &doc.doc.front);
            self.cache.update_article(&path, &front_text, doc);
            edited.push(i);
        }
        let out = self.opts.output_dir();
        let live = Live::new(&out);
        let Built {
            site,
            theme,
            tera,
            prepared,
        } = &last.built;
        let mut pages = Vec::new();
        for &i in &edited {
            render::rerender_article(site, theme, tera, prepared, i, &live, &self.opts.render)
                .ok()?;
            let url = &site.articles[i].url;
            pages.push(url[site.base_path.len()..].to_string());
        }
        live.finish().ok()?;
        self.lists_stale |= moves_lists;
        // These pages no longer match the fingerprints of the last full build: the next
        // one must render them, whatever their variables say.
        for page in &pages {
            last.built
                .prepared
                .fingerprints
                .remove(&format!("{page}index.html"));
        }
        self.search_stale = true;
        Some(Rebuilt::Quick {
            pages,
            elapsed: started.elapsed(),
        })
    }

    /// Whether pages listing a story quick-rebuilt since the last full build still show
    /// what it was (its old title or sapo). `rebuild(&[])` brings them up to date.
    pub fn lists_stale(&self) -> bool {
        self.lists_stale
    }

    /// Rebuilds the search index after quick rebuilds, in place. Cheap to call when
    /// nothing is stale.
    pub fn refresh_search(&mut self) -> Result<Option<Duration>, String> {
        let Some(last) = &self.last else {
            return Ok(None);
        };
        if !self.search_stale || !last.built.site.config.search {
            return Ok(None);
        }
        let started = Instant::now();
        let out = self.opts.output_dir();
        let live = Live::new(&out);
        let paths = search::build(&last.built.site, &|path, bytes| {
            live.write_if_changed(path, bytes)
        });
        let written: HashSet<&str> = paths.iter().map(String::as_str).collect();
        remove_stale(&out, &written, &live);
        live.finish()?;
        self.produced.retain(|p| !is_index_file(p));
        self.produced.extend(paths);
        self.search_stale = false;
        Ok(Some(started.elapsed()))
    }
}

/// A file of the search index (not the search page).
fn is_index_file(rel: &str) -> bool {
    rel.starts_with("search/") && !rel.ends_with(".html")
}

/// Removes the index files under `out/search/` that the new index no longer has (the
/// search page, `search/index.html`, is not an index file and stays).
fn remove_stale(out: &Path, keep: &HashSet<&str>, live: &Live) {
    for rel in list_files(&out.join("search")) {
        let rel = format!("search/{rel}");
        if is_index_file(&rel) && !keep.contains(rel.as_str()) {
            live.remove(&rel);
        }
    }
}
