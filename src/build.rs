//! The pipeline: load → resolve → render → write, and `check`, which stops before
//! rendering. The CLI and the dev server both call these; neither prints from here.

use crate::config::Config;
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::{self, RenderOptions, theme};
use crate::site::{self, Site};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (with `site.yaml`, `content/`).
    pub root: PathBuf,
    /// Where the site goes; `root/output` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub render: RenderOptions,
    /// Above this many stories the search index is made before the pages instead of
    /// beside them: [`INDEX_FIRST`] unless a test forces either order.
    pub index_first: usize,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            render: RenderOptions::default(),
            index_first: INDEX_FIRST,
        }
    }

    /// Where processed photos are kept between builds: `.guong-cache/images/` in the
    /// site folder. `None` when it cannot be created; photos are then processed anew.
    pub fn image_cache(&self) -> Option<PathBuf> {
        let dir = self.root.join(".guong-cache").join("images");
        std::fs::create_dir_all(&dir).ok().map(|_| dir)
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// What a successful build did, for the CLI to report.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    pub articles: usize,
    pub districts: usize,
    pub entities: usize,
    pub files: u64,
    pub bytes: u64,
    /// Pages rendered: every page, unless the dev server could skip unchanged ones.
    pub rendered: usize,
    /// Photos encoded and photos taken from the cache.
    pub images: crate::images::ProcessReport,
    /// Time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The output this build replaced, for the caller to delete when it suits it.
    pub previous: crate::output::Previous,
}

impl BuildReport {
    /// Records how many stories, districts and entities the built site has.
    pub fn count(&mut self, site: &Site) {
        self.articles = site.articles.len();
        self.districts = site.districts.len();
        self.entities = site.entities.iter().map(Vec::len).sum();
    }
}

/// Loads and resolves the site: everything `check` validates.
pub fn load_site(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Option<Site> {
    load_site_cached(opts, None, diags, timings)
}

/// [`load_site`], re-reading only the files `cache` does not hold unchanged.
pub fn load_site_cached(
    opts: &BuildOptions,
    cache: Option<&mut content::ParseCache>,
    diags: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Option<Site> {
    let t = Instant::now();
    let mut config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let content = content::load_cached(&opts.root, &config.base_path(), diags, cache);
    timings.push(("load", t.elapsed()));
    let t = Instant::now();
    let site = site::resolve(
        config,
        content,
        &opts.root,
        &site::Options {
            drafts: opts.drafts,
        },
        diags,
    );
    timings.push(("resolve", t.elapsed()));
    Some(site)
}

/// Validates everything and writes nothing.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut timings = Vec::new();
    if let Some(site) = load_site(opts, &mut diags, &mut timings) {
        let theme = theme::load(&opts.root, &site.config.theme, &mut diags);
        let _ = render::compile(&theme, &mut diags);
    }
    diags.sort();
    diags
}

/// A finished build's site and compiled theme, kept by the dev server to re-render
/// single pages after small edits.
pub struct Built {
    pub site: Site,
    pub theme: theme::Theme,
    pub tera: tera::Tera,
    pub prepared: render::Prepared,
}

/// Builds the site into its output folder. On any error the previous output is left
/// exactly as it was and every problem is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_cached(opts, None).map(|(report, _)| report)
}

/// Above this many stories a build makes its search index before its pages instead of
/// beside them (see [`build_cached`]). Measured on generated sites of 10,000 to 100,000
/// stories: side by side was faster at 10,000 and at 20,000 (even in one round of two),
/// the two took the same time at 40,000 (faster index first in one round of three),
/// where index first peaks 45–50 MB lower, and index first was faster at 100,000
/// (`bench/HISTORY.md`).
pub const INDEX_FIRST: usize = 20_000;

/// [`build`], re-reading only the files `cache` does not hold unchanged, and giving back
/// what was built.
pub fn build_cached(
    opts: &BuildOptions,
    cache: Option<&mut content::ParseCache>,
) -> Result<(BuildReport, Built), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut report = BuildReport::default();
    let incremental = cache.is_some();
    let site = load_site_cached(opts, cache, &mut diags, &mut report.timings);
    let Some(site) = site else {
        diags.sort();
        return Err(diags);
    };
    let theme = theme::load(&opts.root, &site.config.theme, &mut diags);
    let tera = render::compile(&theme, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let Some(mut tera) = tera else {
        diags.sort();
        return Err(diags);
    };
    let out = opts.output_dir();
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                &out,
                format!("cannot create the output folder: {e}"),
            ));
            return Err(diags);
        }
    };
    let t = Instant::now();
    let cache = opts.image_cache();
    let mut pages = || {
        // The dev server keeps fingerprints for its next build; `guong build` does not.
        let fingerprints = incremental.then_some(None);
        render::render(
            &site,
            &theme,
            &mut tera,
            &staging,
            &opts.render,
            fingerprints,
        )
    };
    let index = || {
        let t = Instant::now();
        if site.config.search {
            crate::search::build(&site, &|path, bytes| staging.write(path, bytes));
        }
        t.elapsed()
    };
    let photos = || {
        let t = Instant::now();
        let r = crate::images::process(&site.images, cache.as_deref(), &staging);
        (r, t.elapsed())
    };
    // Pages and the search index only read the site. On a small site they are built side
    // by side, so that one keeps the cores busy while the other waits on its serial
    // parts. On a large one the index goes first and rendering reuses the memory it
    // frees: side by side, the index's working memory (140 MB at 100,000 stories) adds
    // to the build's peak, and memory beyond what the machine has lately handed out is
    // slow to come (see `bench/HISTORY.md`). Photos go beside both.
    let (rendered, (index_time, photos)) = if site.articles.len() > opts.index_first {
        let ((index_time, rendered), photos) = rayon::join(|| (index(), pages()), photos);
        (rendered, (index_time, photos))
    } else {
        rayon::join(pages, || rayon::join(index, photos))
    };
    let (photos, photo_time) = photos;
    let prepared = match rendered {
        Ok(p) => p,
        Err(errs) => {
            staging.abandon();
            diags.extend(errs.0);
            diags.sort();
            return Err(diags);
        }
    };
    report.rendered = prepared.rendered;
    match photos {
        Ok(r) => report.images = r,
        Err(errs) => {
            staging.abandon();
            diags.extend(errs);
            diags.sort();
            return Err(diags);
        }
    }
    report
        .timings
        .push(("render and search index", t.elapsed()));
    if site.config.search {
        report.timings.push(("of which search index", index_time));
    }
    if !site.images.is_empty() {
        report.timings.push(("of which photos", photo_time));
    }
    let (files, bytes) = staging.totals();
    let t = Instant::now();
    match staging.commit() {
        Ok(previous) => report.previous = previous,
        Err(e) => {
            diags.push(
                Diagnostic::error(&out, e)
                    .with_hint("check that the disk is not full and the folder is writable"),
            );
            return Err(diags);
        }
    }
    report.timings.push(("write", t.elapsed()));
    report.files = files;
    report.bytes = bytes;
    report.count(&site);
    diags.sort();
    report.diagnostics = diags;
    Ok((
        report,
        Built {
            site,
            theme,
            tera,
            prepared,
        },
    ))
}

/// A fixture site of `tests/fixtures/`, loaded and resolved, for unit tests of later stages.
#[cfg(test)]
pub(crate) fn fixture_site(name: &str) -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut diags = Diagnostics::default();
    load_site(&BuildOptions::new(root), &mut diags, &mut Vec::new())
        .unwrap_or_else(|| panic!("the {name} fixture loads: {diags:?}"))
}
