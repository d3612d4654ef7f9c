//! Rendering: the resolved [`Site`] through Tera templates into pages, plus the feeds,
//! sitemap, robots.txt and redirect pages, written into an output
//! [`Staging`](crate::output::Staging) folder.
//!
//! The only module that knows Tera. Templates are compiled once; site-wide data is set
//! once in the global context; pages render in parallel and go straight to the sink, so
//! memory does not grow with the number of pages held at once.

pub mod charts;
pub mod context;
mod feeds;
mod parts;
pub mod theme;

use crate::content::EntityKind;

/// Where the province overview with its charts lives: `/thong-ke/` ("statistics").
pub const STATS_DIR: &str = "thong-ke";
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::site::Site;
use context::*;
use parts::{MenuState, Parts};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use tera::{Context, Kwargs, State, Tera, Value};
use theme::{StaticFile, Theme};

/// Choices about what the output contains beyond the site itself.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML put before `</body>` of every page (the dev server's live reload script).
    pub inject: Option<String>,
}

/// Compiles the theme's templates. Syntax errors name the template file and line.
pub fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.register_filter("vi_number", |v: f64, _: Kwargs, _: &State| {
        crate::text::format_number(v)
    });
    tera.register_filter("slugify", |v: &str, _: Kwargs, _: &State| {
        crate::text::slugify(v)
    });
    tera.register_filter("fold", |v: &str, _: Kwargs, _: &State| crate::text::fold(v));
    let sources: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(sources) {
        diags.push(template_error(&e, theme));
        return None;
    }
    Some(tera)
}

/// Turns a Tera error into a diagnostic at the template file and line.
fn template_error(e: &tera::Error, theme: &Theme) -> Diagnostic {
    let (name, line, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            Some(r.span().start_line),
            r.message().to_string(),
        ),
        tera::ErrorKind::TemplateNotFound(n) => {
            (String::new(), None, format!("template `{n}` not found"))
        }
        // Unknown filters, tests, functions and includes come as a message holding one
        // report per use: point at the first.
        other => {
            let text = other.to_string();
            match first_report(&text) {
                Some((name, line, message)) => (name.to_string(), Some(line), message),
                None => (String::new(), None, text),
            }
        }
    };
    let mut message = message;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let path = theme
        .templates
        .iter()
        .find(|t| t.name == name)
        .map(|t| {
            t.path
                .clone()
                .unwrap_or_else(|| Path::new("(built-in theme)").join(&t.name))
        })
        .unwrap_or_else(|| {
            Path::new("themes").join(if name.is_empty() {
                "(templates)"
            } else {
                &name
            })
        });
    let d = Diagnostic::error(path, message).with_hint("fix the template; the built-in theme's templates are in themes/default/templates/ of guong's source");
    match line {
        Some(l) => d.at(l, None),
        None => d,
    }
}

/// The template, line and message of the first report in `text`, a message of Tera's
/// that gathers reports like `error: Unknown filter `x``, ` --> article.html:4:9`, ….
fn first_report(text: &str) -> Option<(&str, usize, String)> {
    let mut lines = text.lines();
    let message = lines.next()?.trim().trim_start_matches("error: ");
    let at = lines.next()?.trim().strip_prefix("--> ")?;
    let mut parts = at.rsplitn(3, ':');
    let (_column, line, name) = (parts.next()?, parts.next()?, parts.next()?);
    let line: usize = line.parse().ok()?;
    let more = text.matches("\n -->").count().saturating_sub(1);
    let message = match more {
        0 => message.to_string(),
        n => format!("{message} (and {n} more like it)"),
    };
    Some((name, line, message))
}

/// One page to render.
enum Job {
    Home,
    District { d: usize, page: usize },
    Article(usize),
    EntityList(EntityKind),
    Entity { kind: EntityKind, i: usize },
    Search,
    Stats,
    NotFound,
}

/// What a full render keeps so the dev server can re-render single pages later without
/// preparing every card again.
pub struct Prepared {
    cards: Vec<Value>,
    /// The theme's site partials, per menu state.
    parts: Parts,
    /// [`value_hash`] of each card, for fingerprints (dev server only).
    card_hashes: Vec<u64>,
    /// What every page shares (templates, site-wide variables, injected script), hashed.
    seed: u64,
    /// Each page's output path and the fingerprint of its variables.
    pub fingerprints: HashMap<String, u64>,
    /// How many pages were rendered: all of them, unless fingerprints let some be skipped.
    pub rendered: usize,
}

/// Renders every page and file of `site` into `sink`. Template errors are reported once
/// per template and line, with the page that hit them.
///
/// With `incremental` (the dev server), every page's fingerprint is kept in
/// [`Prepared::fingerprints`], and pages whose fingerprint is in the given map of the
/// last render into the same output are neither rendered nor written again.
pub fn render(
    site: &Site,
    theme: &Theme,
    tera: &mut Tera,
    sink: &dyn Sink,
    opts: &RenderOptions,
    incremental: Option<Option<&HashMap<String, u64>>>,
) -> Result<Prepared, Diagnostics> {
    let site_vars = site_value(site);
    let seed = {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        for t in &theme.templates {
            h.write(t.name.as_bytes());
            h.write(t.text.as_bytes());
        }
        h.write(opts.inject.as_deref().unwrap_or("").as_bytes());
        h.write_u64(value_hash(&site_vars));
        h.finish()
    };
    tera.global_context().insert_value("site", site_vars);
    tera.global_context().insert("lang", &site.config.language);
    let tera: &Tera = tera;
    let cards = with_card_html(tera, cards(site));
    let card_hashes = match incremental {
        Some(_) => cards.par_iter().map(value_hash).collect(),
        None => Vec::new(),
    };
    let jobs = jobs(site);
    let parts = Parts::render(tera, site, &jobs, |e| template_error(e, theme)).map_err(|errs| {
        let mut diags = Diagnostics(errs);
        diags.sort();
        diags
    })?;
    let mut prepared = Prepared {
        cards,
        card_hashes,
        parts,
        seed,
        fingerprints: HashMap::new(),
        rendered: 0,
    };
    (prepared.fingerprints, prepared.rendered) = render_jobs(
        &Renderer {
            site,
            theme,
            tera,
            prepared: &prepared,
            opts,
        },
        &jobs,
        sink,
        incremental,
    )?;

    // Pagination's page 1 lives at the list's own URL; /page/1/ leads there.
    for d in &site.districts {
        let rel = format!("{}page/1/index.html", &d.url[site.base_path.len()..]);
        sink.write(&rel, feeds::redirect_page(&d.url).as_bytes());
    }
    for (from, to) in &site.redirects {
        sink.write(from, feeds::redirect_page(to).as_bytes());
    }
    rayon::join(
        || write_feeds(site, None, sink),
        || {
            for (path, xml) in feeds::sitemaps(site, feeds::SITEMAP_URLS) {
                sink.write(&path, xml.as_bytes());
            }
        },
    );
    sink.write("robots.txt", feeds::robots(site).as_bytes());
    theme.statics.par_iter().for_each(|(rel, file)| match file {
        StaticFile::Embedded(bytes) => sink.write(rel, bytes),
        StaticFile::Disk(p) => sink.copy(p, rel),
    });
    site.assets
        .par_iter()
        .for_each(|(src, rel)| sink.copy(src, rel));
    Ok(prepared)
}

/// Every page of `site` to render. An entity's page lists every story naming it, so the
/// pages of much-named entities cost many times a story's page. They go first: started
/// last, the biggest would finish alone on one core while the others sat idle.
fn jobs(site: &Site) -> Vec<Job> {
    let per = site.config.paginate.max(1);
    let pages_of = |n: usize| n.div_ceil(per).max(1);
    let mut entities: Vec<(EntityKind, usize)> = EntityKind::ALL
        .into_iter()
        .flat_map(|kind| (0..site.entities[kind.index()].len()).map(move |i| (kind, i)))
        .collect();
    entities
        .sort_by_key(|&(kind, i)| std::cmp::Reverse(site.entities[kind.index()][i].articles.len()));
    let mut jobs: Vec<Job> = entities
        .into_iter()
        .map(|(kind, i)| Job::Entity { kind, i })
        .collect();
    jobs.extend([Job::Home, Job::NotFound, Job::Stats]);
    if site.config.search {
        jobs.push(Job::Search);
    }
    for (d, district) in site.districts.iter().enumerate() {
        jobs.extend((1..=pages_of(district.articles.len())).map(|page| Job::District { d, page }));
    }
    jobs.extend(EntityKind::ALL.map(Job::EntityList));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs
}

/// Re-renders one article's page and the feeds that may carry its text, after an edit
/// that changed only its body (the dev server's quick path). `tera` and `prepared` are
/// those of the last full render of the same site.
pub fn rerender_article(
    site: &Site,
    theme: &Theme,
    tera: &Tera,
    prepared: &Prepared,
    i: usize,
    sink: &dyn Sink,
    opts: &RenderOptions,
) -> Result<(), Diagnostics> {
    let r = Renderer {
        site,
        theme,
        tera,
        prepared,
        opts,
    };
    render_jobs(&r, &[Job::Article(i)], sink, None)?;
    write_feeds(site, Some(site.articles[i].district), sink);
    Ok(())
}

/// The site's Atom feed and the districts' (all of them, or `only` one), in parallel:
/// each carries thirty whole stories to escape.
fn write_feeds(site: &Site, only: Option<usize>, sink: &dyn Sink) {
    if !site.config.feeds {
        return;
    }
    let districts = (0..site.districts.len()).filter(|&i| only.is_none_or(|o| o == i));
    let feeds: Vec<Option<usize>> = std::iter::once(None).chain(districts.map(Some)).collect();
    feeds.into_par_iter().for_each(|d| {
        let path = match d {
            Some(i) => format!("{}/feed.xml", site.districts[i].slug),
            None => "feed.xml".to_string(),
        };
        sink.write(&path, feeds::atom(site, d).as_bytes());
    });
}

/// Everything rendering a page needs besides the page.
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    tera: &'a Tera,
    prepared: &'a Prepared,
    opts: &'a RenderOptions,
}

/// Renders `jobs` into `sink`, and says how many it rendered. With `incremental`, gives
/// every job's output path and fingerprint, and skips jobs whose fingerprint is in the
/// previous map.
fn render_jobs(
    r: &Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
    incremental: Option<Option<&HashMap<String, u64>>>,
) -> Result<(HashMap<String, u64>, usize), Diagnostics> {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let rendered = AtomicUsize::new(0);
    let previous = incremental.flatten();
    let (site, theme, tera, opts) = (r.site, r.theme, r.tera, r.opts);
    let per = site.config.paginate.max(1);
    let cards = Cards {
        values: &r.prepared.cards,
        hashes: &r.prepared.card_hashes,
    };
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let fingerprints: Vec<(String, u64)> = jobs
        .par_iter()
        .map(|job| {
            let (template, path, mut vars) = page_context(site, &cards, job, per);
            let (parts, parts_hash) = r.prepared.parts.of(MenuState::of(site, job));
            vars.insert_known("parts", parts, parts_hash);
            let fp = if incremental.is_some() {
                vars.fingerprint(r.prepared.seed ^ template.len() as u64)
            } else {
                0
            };
            if previous.is_some_and(|p| p.get(&path) == Some(&fp)) {
                return (path, fp);
            }
            rendered.fetch_add(1, Relaxed);
            let ctx = vars.into_context();
            // Rendered into bytes: Tera's `render` would validate every page as UTF-8 again.
            let mut html: Vec<u8> = Vec::with_capacity(32 * 1024);
            match tera.render_to(template, &ctx, &mut html) {
                Ok(()) => {
                    if let Some(inject) = &opts.inject {
                        let at = find_last(&html, b"</body>").unwrap_or(html.len());
                        html.splice(at..at, inject.bytes());
                    }
                    sink.write(&path, &html);
                }
                Err(e) => {
                    if let Ok(mut errs) = errors.lock() {
                        let mut d = template_error(&e, theme);
                        d.message = format!(
                            "{} (while rendering /{})",
                            d.message,
                            path.trim_end_matches("index.html")
                        );
                        if !errs.iter().any(|x| x.path == d.path && x.line == d.line) {
                            errs.push(d);
                        }
                    }
                }
            }
            (path, fp)
        })
        .collect();
    let mut diags = Diagnostics(errors.into_inner().unwrap_or_default());
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let fingerprints = match incremental {
        Some(_) => fingerprints.into_iter().collect(),
        None => HashMap::new(),
    };
    Ok((fingerprints, rendered.into_inner()))
}

/// Each story's card rendered once through the theme's `partials/card.html` and kept as
/// `card.html`, so a list prints it instead of rendering the partial again for every
/// list the story appears in (home, district pages, entity pages, related stories: about
/// eight times per story). A card that fails to render keeps no `html`; a template that
/// includes the partial then reports the error with its line.
fn with_card_html(tera: &Tera, cards: Vec<Value>) -> Vec<Value> {
    if !tera.contains_template("partials/card.html") {
        return cards;
    }
    cards
        .into_par_iter()
        .map(|card| {
            let mut ctx = Context::new();
            ctx.insert_value("card", card.clone());
            match (tera.render("partials/card.html", &ctx), card.as_map()) {
                (Ok(html), Some(map)) => {
                    let mut map = map.clone();
                    map.insert("html".into(), Value::safe_string(html.trim()));
                    Value::from(map)
                }
                _ => card,
            }
        })
        .collect()
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// A page's template variables, kept as a list until rendering so the dev server can
/// fingerprint exactly what a page is made from: two pages with equal variables and
/// templates are equal, whatever changed elsewhere in the site.
#[derive(Default)]
struct PageContext {
    vars: Vec<(&'static str, Value)>,
    /// Variables whose fingerprint is known without hashing them: lists of cards, hashed
    /// from their cards' hashes. An entity page can list thousands of cards, and a card
    /// appears on about eight pages.
    known: Vec<(&'static str, u64)>,
}

/// Every story's card, and each card's [`value_hash`] when pages are fingerprinted.
struct Cards<'a> {
    values: &'a [Value],
    hashes: &'a [u64],
}

impl Cards<'_> {
    /// The cards of stories `indices`.
    fn list(&self, indices: &[usize]) -> Value {
        card_list(self.values, indices)
    }
}

impl PageContext {
    /// Sets `key` to the cards of stories `indices`.
    fn insert_cards(&mut self, key: &'static str, cards: &Cards, indices: &[usize]) {
        let list = cards.list(indices);
        if cards.hashes.is_empty() {
            self.insert_value(key, list);
            return;
        }
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write_usize(indices.len());
        for &i in indices {
            h.write_u64(cards.hashes.get(i).copied().unwrap_or_default());
        }
        self.insert_known(key, list, h.finish());
    }

    /// Sets `key` to `value`, whose fingerprint is `hash`.
    fn insert_known(&mut self, key: &'static str, value: Value, hash: u64) {
        self.insert_value(key, value);
        self.known.push((key, hash));
    }

    fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert_value(key, Value::from_serializable(value));
    }

    fn insert_value(&mut self, key: &'static str, value: Value) {
        self.vars.retain(|(k, _)| *k != key);
        self.known.retain(|(k, _)| *k != key);
        self.vars.push((key, value));
    }

    fn contains_key(&self, key: &str) -> bool {
        self.vars.iter().any(|(k, _)| *k == key)
    }

    /// A hash of every variable, seeded with what all pages share (templates, site).
    fn fingerprint(&self, seed: u64) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write_u64(seed);
        for (k, v) in &self.vars {
            h.write(k.as_bytes());
            match self.known.iter().find(|(known, _)| known == k) {
                Some(&(_, hash)) => h.write_u64(hash),
                None => h.write_u64(value_hash(v)),
            }
        }
        h.finish()
    }

    fn into_context(self) -> Context {
        let mut ctx = Context::new();
        for (k, v) in self.vars {
            ctx.insert_value(k, v);
        }
        ctx
    }
}

/// A hash of a template value that depends only on what it holds. Tera's maps iterate
/// in an order of their own (each map has its own hash keys), so a map's entries are
/// hashed one by one and added up, which no order changes. Hashing the values directly
/// also spares writing every page's variables out as JSON.
fn value_hash(v: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    use tera::value::ValueKind;
    let mut h = rustc_hash::FxHasher::default();
    let kind = v.kind();
    kind.hash(&mut h);
    match kind {
        ValueKind::String => {
            h.write_u8(u8::from(v.is_safe()));
            h.write(v.as_str().unwrap_or_default().as_bytes());
            h.write_u8(0xff);
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            h.write_usize(items.len());
            for item in items {
                h.write_u64(value_hash(item));
            }
        }
        ValueKind::Map => {
            if let Some(map) = v.as_map() {
                h.write_usize(map.len());
                let entries = map.iter().fold(0u64, |sum, (k, v)| {
                    let mut e = rustc_hash::FxHasher::default();
                    k.hash(&mut e);
                    e.write_u64(value_hash(v));
                    sum.wrapping_add(e.finish())
                });
                h.write_u64(entries);
            }
        }
        ValueKind::Bytes => h.write(v.as_bytes().unwrap_or_default()),
        ValueKind::Bool => h.write_u8(u8::from(v.as_bool().unwrap_or_default())),
        ValueKind::F64 => h.write_u64(v.as_f64().unwrap_or_default().to_bits()),
        ValueKind::U64 | ValueKind::U128 => h.write_u128(v.as_u128().unwrap_or_default()),
        ValueKind::I64 | ValueKind::I128 => h.write_i128(v.as_i128().unwrap_or_default()),
        _ => {}
    }
    h.finish()
}

/// The template, output path and context of one page.
fn page_context(
    site: &Site,
    cards: &Cards,
    job: &Job,
    per: usize,
) -> (&'static str, String, PageContext) {
    let mut ctx = PageContext::default();
    let bp = &site.base_path;
    let rel = |url: &str| format!("{}index.html", &url[bp.len().min(url.len())..]);
    let crumbs = |items: &[(&str, &str)]| {
        let v: Vec<Value> = items
            .iter()
            .map(|(n, u)| Value::from_serializable(&Link { name: n, url: u }))
            .collect();
        Value::from(v.as_slice())
    };
    match *job {
        Job::Home => {
            let featured: Vec<usize> = (0..site.articles.len())
                .filter(|&i| site.articles[i].featured)
                .take(5)
                .collect();
            let latest: Vec<usize> = (0..site.articles.len().min(12)).collect();
            let blocks: Vec<Value> = site
                .districts
                .iter()
                .map(|d| {
                    let mut m = tera::Map::new();
                    m.insert("name".into(), Value::from(d.name.as_str()));
                    m.insert("url".into(), Value::from(d.url.as_str()));
                    m.insert(
                        "province".into(),
                        d.province
                            .as_deref()
                            .map(Value::from)
                            .unwrap_or(Value::none()),
                    );
                    m.insert(
                        "kind".into(),
                        d.kind.as_deref().map(Value::from).unwrap_or(Value::none()),
                    );
                    m.insert("count".into(), Value::from(d.articles.len()));
                    m.insert(
                        "articles".into(),
                        cards.list(&d.articles[..d.articles.len().min(4)]),
                    );
                    Value::from(m)
                })
                .collect();
            let top = |k: EntityKind| {
                let mut v: Vec<&crate::site::Entity> = site.entities[k.index()].iter().collect();
                v.sort_by_key(|e| std::cmp::Reverse(e.articles.len()));
                let vals: Vec<Value> = v
                    .into_iter()
                    .take(8)
                    .map(|e| entity_value(site, e))
                    .collect();
                Value::from(vals.as_slice())
            };
            ctx.insert_cards("featured", cards, &featured);
            ctx.insert_cards("latest", cards, &latest);
            ctx.insert_value("district_blocks", Value::from(blocks.as_slice()));
            ctx.insert_value("top_units", top(EntityKind::Unit));
            ctx.insert_value("top_models", top(EntityKind::Model));
            ctx.insert_value("top_figures", top(EntityKind::Figure));
            ctx.insert("intro_title", &site.home.title);
            ctx.insert("intro_summary", &site.home.summary);
            ctx.insert("intro", &site.home.body_html);
            base(
                &mut ctx,
                site,
                "home",
                site.home.title.as_deref().unwrap_or(&site.config.title),
                bp,
                Some(&site.config.description),
            );
            ctx.insert_value("breadcrumbs", crumbs(&[]));
            ("index.html", "index.html".into(), ctx)
        }
        Job::District { d, page } => {
            let district = &site.districts[d];
            let total = district.articles.len().div_ceil(per).max(1);
            let slice = &district.articles[((page - 1) * per).min(district.articles.len())
                ..(page * per).min(district.articles.len())];
            let url = page_url(&district.url, page);
            let mut m = tera::Map::new();
            m.insert("slug".into(), Value::from(district.slug.as_str()));
            m.insert("name".into(), Value::from(district.name.as_str()));
            m.insert("url".into(), Value::from(district.url.as_str()));
            m.insert(
                "province".into(),
                district
                    .province
                    .as_deref()
                    .map(Value::from)
                    .unwrap_or(Value::none()),
            );
            m.insert(
                "kind".into(),
                district
                    .kind
                    .as_deref()
                    .map(Value::from)
                    .unwrap_or(Value::none()),
            );
            m.insert(
                "summary".into(),
                district
                    .summary
                    .as_deref()
                    .map(Value::from)
                    .unwrap_or(Value::none()),
            );
            m.insert("body".into(), Value::from(district.body.html.as_str()));
            m.insert("count".into(), Value::from(district.articles.len()));
            m.insert(
                "feed_url".into(),
                Value::from(format!("{}feed.xml", district.url)),
            );
            ctx.insert_value("district", Value::from(m));
            // Charts sum up all the district's stories: on its first page only.
            let charts = if page == 1 {
                charts::charts(site, &district.articles, false, "chart-")
            } else {
                Vec::new()
            };
            ctx.insert("charts", &charts);
            ctx.insert_cards("articles", cards, slice);
            ctx.insert_value("paginator", paginator_value(&district.url, page, total));
            let title = if page > 1 {
                format!("{} – trang {page}", district.name)
            } else {
                district.name.clone()
            };
            base(
                &mut ctx,
                site,
                "district",
                &title,
                &url,
                district.summary.as_deref(),
            );
            ctx.insert_value(
                "breadcrumbs",
                crumbs(&[("Trang chủ", bp), (&district.name, &district.url)]),
            );
            ("district.html", rel(&url), ctx)
        }
        Job::Article(i) => {
            let a = &site.articles[i];
            let d = &site.districts[a.district];
            ctx.insert_value("article", article_value(site, a));
            ctx.insert_cards("related", cards, &a.related);
            base(
                &mut ctx,
                site,
                "article",
                &a.title,
                &a.url,
                Some(&a.summary),
            );
            share_image(
                &mut ctx,
                site,
                a.image.as_deref(),
                a.picture.as_ref(),
                a.image_caption.as_deref().unwrap_or(&a.title),
            );
            ctx.insert_value(
                "breadcrumbs",
                crumbs(&[("Trang chủ", bp), (&d.name, &d.url), (&a.title, &a.url)]),
            );
            ("article.html", rel(&a.url), ctx)
        }
        Job::EntityList(kind) => {
            let list: Vec<Value> = site.entities[kind.index()]
                .iter()
                .map(|e| entity_value(site, e))
                .collect();
            let (label, title) = kind_label(kind);
            let intro = &site.intros[kind.index()];
            let url = site.list_url(kind);
            ctx.insert_value("entities", Value::from(list.as_slice()));
            ctx.insert("kind", kind.dir());
            ctx.insert("kind_label", label);
            ctx.insert("intro_summary", &intro.summary);
            ctx.insert("intro", &intro.body_html);
            let title = intro.title.as_deref().unwrap_or(title);
            base(
                &mut ctx,
                site,
                "entity_list",
                title,
                &url,
                intro.summary.as_deref(),
            );
            ctx.insert_value("breadcrumbs", crumbs(&[("Trang chủ", bp), (title, &url)]));
            ("entity_list.html", rel(&url), ctx)
        }
        Job::Entity { kind, i } => {
            // One page gathers every story naming the entity: the newest as cards, the
            // rest as a compact list, so the page stays light however famous it is.
            let e = site.entity(kind, i);
            let split = e.articles.len().min(per);
            let url = e.url.clone();
            let list_url = site.list_url(kind);
            ctx.insert_value("entity", entity_value(site, e));
            ctx.insert_cards("articles", cards, &e.articles[..split]);
            ctx.insert_cards("more", cards, &e.articles[split..]);
            let summary = e.profile.as_ref().and_then(|p| p.summary.as_deref());
            base(&mut ctx, site, "entity", &e.name, &url, summary);
            if let Some(p) = &e.profile {
                share_image(
                    &mut ctx,
                    site,
                    p.image.as_deref(),
                    p.picture.as_ref(),
                    p.image_caption.as_deref().unwrap_or(&e.name),
                );
            }
            ctx.insert_value(
                "breadcrumbs",
                crumbs(&[
                    ("Trang chủ", bp),
                    (kind_label(kind).1, &list_url),
                    (&e.name, &e.url),
                ]),
            );
            ("entity.html", rel(&url), ctx)
        }
        Job::Search => {
            let url = format!("{bp}search/");
            base(&mut ctx, site, "search", "Tìm kiếm", &url, None);
            ctx.insert_value(
                "breadcrumbs",
                crumbs(&[("Trang chủ", bp), ("Tìm kiếm", &url)]),
            );
            ("search.html", "search/index.html".into(), ctx)
        }
        Job::Stats => {
            let url = format!("{bp}{STATS_DIR}/");
            let all: Vec<usize> = (0..site.articles.len()).collect();
            ctx.insert("charts", &charts::charts(site, &all, true, "chart-"));
            base(
                &mut ctx,
                site,
                "stats",
                "Thống kê",
                &url,
                Some(
                    "Số bài viết theo năm và địa phương, những tập thể, mô hình, gương điển hình được nhắc đến nhiều nhất và các con số nổi bật.",
                ),
            );
            ctx.insert_value(
                "breadcrumbs",
                crumbs(&[("Trang chủ", bp), ("Thống kê", &url)]),
            );
            ("stats.html", format!("{STATS_DIR}/index.html"), ctx)
        }
        Job::NotFound => {
            base(
                &mut ctx,
                site,
                "404",
                "Không tìm thấy trang",
                &format!("{bp}404.html"),
                None,
            );
            ctx.insert_value("breadcrumbs", crumbs(&[]));
            ("404.html", "404.html".into(), ctx)
        }
    }
}

/// Variables every page has: `page_kind`, `title`, `description`, `url`, `canonical`.
fn base(
    ctx: &mut PageContext,
    site: &Site,
    kind: &str,
    title: &str,
    url: &str,
    description: Option<&str>,
) {
    ctx.insert("page_kind", kind);
    ctx.insert("title", title);
    ctx.insert(
        "description",
        description.unwrap_or(&site.config.description),
    );
    ctx.insert("url", url);
    ctx.insert("canonical", &absolute(site, url));
    for key in [
        "og_image",
        "og_image_width",
        "og_image_height",
        "og_image_alt",
    ] {
        if !ctx.contains_key(key) {
            ctx.insert_value(key, Value::none());
        }
    }
}

/// A site URL (`/tin/a/`) as a full one (`https://host/tin/a/`) when `base_url` has a
/// host, for canonical links and previews in Zalo or Facebook.
fn absolute(site: &Site, url: &str) -> String {
    let abs = site.config.absolute_base();
    if abs.contains("://") && url.starts_with(site.base_path.as_str()) {
        format!("{abs}{}", &url[site.base_path.len()..])
    } else {
        url.to_string()
    }
}

/// `og_image*` for link previews: the photo at its own URL (at most 1600 px wide, a
/// JPEG or PNG every app reads) with its size, so previews draw without fetching it.
fn share_image(
    ctx: &mut PageContext,
    site: &Site,
    image: Option<&str>,
    picture: Option<&crate::images::Picture>,
    alt: &str,
) {
    let Some(image) = image else {
        return;
    };
    ctx.insert("og_image", &absolute(site, image));
    ctx.insert("og_image_alt", alt);
    if let Some(p) = picture {
        ctx.insert("og_image_width", &p.width);
        ctx.insert("og_image_height", &p.height);
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Card<'a> {
        title: &'a str,
        url: &'a str,
        date: &'a str,
        tags: Vec<&'a str>,
        body: String,
    }

    fn card(title: &str, body: String) -> Value {
        Value::from_serializable(&Card {
            title,
            url: "/nghia-lo/bai/",
            date: "28/08/2017",
            tags: vec!["2 an", "nuôi lợn"],
            body,
        })
    }

    #[test]
    fn equal_values_hash_equal_whatever_order_their_maps_keep() {
        let long = "Đảng bộ xã Nghĩa Lộ ".repeat(40);
        // Separately built maps iterate in different orders.
        for _ in 0..20 {
            assert_eq!(
                value_hash(&card("Nghĩa Lộ", long.clone())),
                value_hash(&card("Nghĩa Lộ", long.clone()))
            );
        }
        let mut other = long.clone();
        other.replace_range(400..401, "x");
        assert_ne!(
            value_hash(&card("Nghĩa Lộ", long.clone())),
            value_hash(&card("Nghĩa Lộ", other)),
            "one byte deep in a long string"
        );
        assert_ne!(
            value_hash(&card("Nghĩa Lộ", long.clone())),
            value_hash(&card("Nghĩa Lo", long.clone()))
        );
        assert_ne!(
            value_hash(&Value::safe_string("<b>a</b>")),
            value_hash(&Value::from("<b>a</b>")),
            "safe strings print differently"
        );
    }
}

#[cfg(test)]
mod template_error_tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        Theme {
            templates: templates
                .iter()
                .map(|(name, text)| theme::TemplateSource {
                    name: (*name).to_string(),
                    text: (*text).to_string(),
                    path: Some(Path::new("themes/t/templates").join(name)),
                })
                .collect(),
            statics: Vec::new(),
        }
    }

    fn compile_error(templates: &[(&str, &str)]) -> Diagnostic {
        let theme = theme(templates);
        let mut diags = Diagnostics::default();
        assert!(compile(&theme, &mut diags).is_none());
        diags.0.into_iter().next().expect("one diagnostic")
    }

    #[test]
    fn unknown_filters_point_at_their_template_and_line() {
        let d = compile_error(&[
            ("a.html", "ok\n"),
            ("b.html", "x\n\n{{ t | no_such }}\n{{ t | no_such }}\n"),
        ]);
        assert_eq!(d.path, Path::new("themes/t/templates/b.html"));
        assert_eq!(d.line, Some(3));
        assert!(
            d.message
                .starts_with("Unknown filter `no_such` (and 1 more like it)"),
            "{}",
            d.message
        );
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let d = compile_error(&[("a.html", "x\n{{ t \n")]);
        assert_eq!(d.path, Path::new("themes/t/templates/a.html"));
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn reports_are_read_from_tera_messages() {
        let text = "error: Unknown test `odd_one`\n --> partials/site/footer.html:12:5\n   |\n";
        assert_eq!(
            first_report(text),
            Some((
                "partials/site/footer.html",
                12,
                "Unknown test `odd_one`".into()
            ))
        );
        assert_eq!(first_report("something else"), None);
        assert_eq!(first_report("error: x\n --> no-line-here\n"), None);
    }
}

#[cfg(test)]
mod job_tests {
    use super::*;

    #[test]
    fn much_named_entities_render_first_and_every_page_once() {
        let site = crate::build::fixture_site("portal");
        let jobs = jobs(&site);
        let counts: Vec<usize> = jobs
            .iter()
            .map_while(|job| match *job {
                Job::Entity { kind, i } => Some(site.entities[kind.index()][i].articles.len()),
                _ => None,
            })
            .collect();
        let entities: usize = site.entities.iter().map(Vec::len).sum();
        assert_eq!(counts.len(), entities, "entity pages come first");
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        assert!(
            counts[0] > counts[counts.len() - 1],
            "the fixture names some more"
        );
        let mut keys: Vec<(u8, usize, usize)> = jobs
            .iter()
            .map(|job| match *job {
                Job::Home => (0, 0, 0),
                Job::NotFound => (1, 0, 0),
                Job::Stats => (2, 0, 0),
                Job::Search => (3, 0, 0),
                Job::District { d, page } => (4, d, page),
                Job::Article(i) => (5, i, 0),
                Job::EntityList(kind) => (6, kind.index(), 0),
                Job::Entity { kind, i } => (7, kind.index(), i),
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let per = site.config.paginate.max(1);
        let district_pages: usize = site
            .districts
            .iter()
            .map(|d| d.articles.len().div_ceil(per).max(1))
            .sum();
        let search = usize::from(site.config.search);
        assert_eq!(keys.len(), jobs.len(), "no page twice");
        assert_eq!(
            jobs.len(),
            entities + 3 + search + district_pages + 3 + site.articles.len()
        );
    }
}
