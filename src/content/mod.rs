//! Reading `content/`: walk it, classify each file by where it sits, split and parse the
//! front matter and render the Markdown — once per file, in parallel.
//!
//! This is the only module that knows the files' syntax (YAML in [`yaml`], front-matter
//! types in [`front`]). It does not decide what the files mean for the portal — which
//! entity a name refers to, which article is related to which — that is `site`'s job.

pub mod front;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use front::{ArticleFront, DistrictFront, IntroFront, ProfileFront};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The three kinds of things stories are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// Tập thể: a party cell, association, school, village.
    Unit,
    /// Mô hình: a named initiative.
    Model,
    /// Gương điển hình: an exemplary person.
    Figure,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [EntityKind::Unit, EntityKind::Model, EntityKind::Figure];

    /// The folder under `content/` and the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            EntityKind::Unit => "units",
            EntityKind::Model => "models",
            EntityKind::Figure => "figures",
        }
    }

    pub fn from_dir(dir: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.dir() == dir)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Slugs no district may take, because the portal's own pages live there.
pub const RESERVED: [&str; 10] = [
    "units",
    "thong-ke",
    "models",
    "figures",
    "search",
    "static",
    "page",
    "feed.xml",
    "sitemap.xml",
    "404.html",
];

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    pub front: F,
    pub body: std::sync::Arc<Rendered>,
    /// Relative to the site root, as editors see it (`content/nghia-lo/a.md`).
    pub path: PathBuf,
    /// Top-level front-matter keys and the file line each is on, for precise messages.
    pub key_lines: Vec<(String, usize)>,
    /// The file line the Markdown body starts on.
    pub body_line: usize,
}

impl<F> Doc<F> {
    /// The line of a top-level front-matter key, or the first line of the file.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
            .unwrap_or(1)
    }
}

#[derive(Debug, Clone)]
pub struct ArticleDoc {
    pub district: String,
    /// The file or bundle folder name without `.md`: the default slug.
    pub file_slug: String,
    pub bundle: bool,
    pub doc: Doc<ArticleFront>,
}

#[derive(Debug, Clone)]
pub struct DistrictDoc {
    pub slug: String,
    pub doc: Doc<DistrictFront>,
}

#[derive(Debug, Clone)]
pub struct ProfileDoc {
    pub kind: EntityKind,
    pub file_slug: String,
    pub bundle: bool,
    pub doc: Doc<ProfileFront>,
}

/// A file copied as is. Bundle files follow their page, whose URL is only known once the
/// page's `slug` is read, so they name the bundle they belong to.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Where it goes: relative to the output root, or to the bundle's page folder.
    pub target: PathBuf,
    /// `(top folder, bundle folder)` when the file sits in a page bundle.
    pub bundle: Option<(String, String)>,
}

/// Everything read from `content/`, before resolution.
#[derive(Debug, Default)]
pub struct Content {
    pub home: Option<Doc<IntroFront>>,
    pub intros: [Option<Doc<IntroFront>>; 3],
    pub districts: Vec<DistrictDoc>,
    pub articles: Vec<ArticleDoc>,
    pub profiles: Vec<ProfileDoc>,
    /// Files under `content/` and `static/` published beside the pages.
    pub assets: Vec<Asset>,
    /// The headers of the photos among the assets.
    pub images: crate::images::Catalog,
}

/// What a file under `content/` is, decided from its place alone.
enum Role {
    Home,
    Intro(EntityKind),
    District(String),
    Article {
        district: String,
        slug: String,
        bundle: bool,
    },
    Profile {
        kind: EntityKind,
        slug: String,
        bundle: bool,
    },
}

impl Role {
    fn is_bundle(&self) -> bool {
        matches!(
            self,
            Role::Article { bundle: true, .. } | Role::Profile { bundle: true, .. }
        )
    }
}

/// Files under `static/`, published at the same place under the output root.
fn static_assets(root: &Path, static_dir: &Path, diags: &mut Diagnostics) -> Vec<Asset> {
    let mut out = Vec::new();
    if !static_dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(static_dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Ok(rel) = e.path().strip_prefix(static_dir) {
                    out.push(Asset {
                        source: e.path().to_path_buf(),
                        target: rel.to_path_buf(),
                        bundle: None,
                    });
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::error(
                err.path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("static"))
                    .to_path_buf(),
                format!("cannot read: {err}"),
            )),
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Parsed {
    Home(Doc<IntroFront>),
    Intro(EntityKind, Doc<IntroFront>),
    District(DistrictDoc),
    Article(ArticleDoc),
    Profile(ProfileDoc),
}

/// Parsed files kept between builds by the dev server, so a rebuild re-reads only the
/// files that changed. A file is reused when its size and modification time are those
/// it was parsed at and the watcher did not name it; anything that changes how every
/// file parses (the base path, the photos) empties the cache.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: HashMap<PathBuf, CacheEntry>,
    /// The base path and photo headers the entries were parsed with.
    context: u64,
}

#[derive(Debug, Clone)]
struct CacheEntry {
    stamp: Stamp,
    /// The front matter's text, to tell a body-only edit from one that changes the portal.
    front: String,
    parsed: Result<Parsed, Diagnostic>,
}

/// `(modification time, length)` of a file.
type Stamp = (Option<std::time::SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}

impl ParseCache {
    /// Forgets `paths` (absolute), so the next load parses them again whatever their
    /// stamps say (a file system with coarse modification times).
    pub fn invalidate<'a>(&mut self, paths: impl IntoIterator<Item = &'a PathBuf>) {
        for p in paths {
            self.entries.remove(p);
        }
    }

    /// The story a file held when last parsed, and its front matter's text.
    pub fn article(&self, path: &Path) -> Option<(&str, &ArticleDoc)> {
        let e = self.entries.get(path)?;
        match &e.parsed {
            Ok(Parsed::Article(a)) => Some((e.front.as_str(), a)),
            _ => None,
        }
    }

    /// Records that a story's file now holds `doc`, with front matter text `front` (the
    /// dev server's quick path parsed it itself). A file that is no longer a story of
    /// the cache, or cannot be read, is forgotten instead.
    pub fn update_article(&mut self, path: &Path, front: &str, doc: ArticleDoc) {
        let updated = match (self.entries.get_mut(path), stamp(path)) {
            (Some(e), Some(st)) if matches!(e.parsed, Ok(Parsed::Article(_))) => {
                e.parsed = Ok(Parsed::Article(doc));
                front.clone_into(&mut e.front);
                e.stamp = st;
                true
            }
            _ => false,
        };
        if !updated {
            self.entries.remove(path);
        }
    }
}

/// A file's front matter read from its split text, with the line of each key. Also what
/// the dev server's quick path reads to tell an edit of a story's own text from one that
/// moves it in the portal.
pub fn front_matter<F: DeserializeOwned>(
    split: &Split,
    path: &Path,
) -> Result<(F, Vec<(String, usize)>), Diagnostic> {
    let front = yaml::parse(split.front, path, split.front_line)?;
    Ok((front, key_lines(split.front, split.front_line)))
}

/// Reads and parses every file under `root/content`. Problems are collected, not fatal:
/// the caller decides whether to go on.
pub fn load(root: &Path, base_path: &str, diags: &mut Diagnostics) -> Content {
    load_cached(root, base_path, diags, None)
}

/// [`load`], reusing the files of `cache` that did not change, and refilling it.
pub fn load_cached(
    root: &Path,
    base_path: &str,
    diags: &mut Diagnostics,
    mut cache: Option<&mut ParseCache>,
) -> Content {
    let content_dir = root.join("content");
    let mut content = Content::default();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error("content", "there is no `content/` folder here").with_hint(
                "run guong in the site's folder (the one with site.yaml), or pass --root DIR",
            ),
        );
        return content;
    }
    let (jobs, mut assets) = classify(root, &content_dir, diags);
    let static_dir = root.join("static");
    assets.extend(static_assets(root, &static_dir, diags));
    content.images = crate::images::scan(assets.par_iter().map(|a| &a.source));
    if let Some(c) = cache.as_deref_mut() {
        let context = parse_context(base_path, &content.images);
        if c.context != context {
            c.entries.clear();
            c.context = context;
        }
    }
    let previous = cache.as_deref().map(|c| &c.entries);
    let results: Vec<(PathBuf, Option<CacheEntry>)> = jobs
        .into_par_iter()
        .map(|(abs, rel, role)| {
            let st = stamp(&abs);
            if let Some(e) = previous.and_then(|p| p.get(&abs))
                && st.is_some_and(|st| st == e.stamp)
            {
                return (abs, Some(e.clone()));
            }
            let images = crate::images::Resolver {
                catalog: &content.images,
                bundle: role.is_bundle().then(|| abs.parent()).flatten(),
                roots: [&static_dir, &content_dir],
            };
            let (front, parsed) = parse_file(&abs, rel, role, base_path, &images);
            let entry = st.map(|stamp| CacheEntry {
                stamp,
                front,
                parsed,
            });
            (abs, entry)
        })
        .collect();
    let mut fresh = HashMap::with_capacity(results.len());
    for (abs, entry) in results {
        let Some(entry) = entry else {
            diags.push(Diagnostic::error(rel(root, &abs), "cannot read the file"));
            continue;
        };
        // Kept for the next build only when there is a cache: `guong build` moves.
        let parsed = if cache.is_some() {
            let p = entry.parsed.clone();
            fresh.insert(abs, entry);
            p
        } else {
            entry.parsed
        };
        match parsed {
            Ok(Parsed::Home(d)) => content.home = Some(d),
            Ok(Parsed::Intro(k, d)) => content.intros[k.index()] = Some(d),
            Ok(Parsed::District(d)) => content.districts.push(d),
            Ok(Parsed::Article(a)) => content.articles.push(a),
            Ok(Parsed::Profile(p)) => content.profiles.push(p),
            Err(d) => diags.push(d),
        }
    }
    if let Some(c) = cache {
        c.entries = fresh;
    }
    content.assets = assets;
    content
}

/// What every file's parse depends on besides the file: the base path (links) and the
/// photos' headers (`<picture>` markup).
fn parse_context(base_path: &str, images: &crate::images::Catalog) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    base_path.hash(&mut h);
    images.fingerprint().hash(&mut h);
    h.finish()
}

/// Names the content walk skips: hidden files, editors' backups and swap files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// Walks `content/` and decides each file's role. Folders are checked here too: a
/// top-level folder without `_index.md` is an error, not a silently skipped district.
fn classify(
    root: &Path,
    content_dir: &Path,
    diags: &mut Diagnostics,
) -> (Vec<(PathBuf, PathBuf, Role)>, Vec<Asset>) {
    let mut jobs = Vec::new();
    let mut assets = Vec::new();
    let mut top_dirs: Vec<(String, PathBuf)> = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| rel(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                let msg = if err.loop_ancestor().is_some() {
                    "this folder links back to one of its parents (a symlink loop)".to_string()
                } else {
                    format!("cannot read: {err}")
                };
                diags.push(
                    Diagnostic::error(path, msg)
                        .with_hint("remove the link or fix the folder's permissions"),
                );
                continue;
            }
        };
        let abs = entry.path().to_path_buf();
        let relp = rel(root, &abs);
        let parts: Vec<String> = match entry.path().strip_prefix(content_dir) {
            Ok(p) => p
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect(),
            Err(_) => continue,
        };
        if entry.file_type().is_dir() {
            if parts.len() == 1 {
                top_dirs.push((parts[0].clone(), abs));
            }
            continue;
        }
        let is_md = parts.last().is_some_and(|n| n.ends_with(".md"));
        let role = match (parts.len(), is_md) {
            (1, true) if parts[0] == "_index.md" => Some(Role::Home),
            (1, true) => {
                diags.push(
                    Diagnostic::error(&relp, "an article must be inside a district folder")
                        .with_hint(
                            "move it to content/<district>/, next to that district's _index.md",
                        ),
                );
                None
            }
            (2, true) if parts[1] == "_index.md" => Some(match EntityKind::from_dir(&parts[0]) {
                Some(k) => Role::Intro(k),
                None => Role::District(parts[0].clone()),
            }),
            (2, true) => {
                let slug = parts[1].trim_end_matches(".md").to_string();
                Some(match EntityKind::from_dir(&parts[0]) {
                    Some(kind) => Role::Profile {
                        kind,
                        slug,
                        bundle: false,
                    },
                    None => Role::Article {
                        district: parts[0].clone(),
                        slug,
                        bundle: false,
                    },
                })
            }
            (3, true) if parts[2] == "index.md" => {
                let slug = parts[1].clone();
                Some(match EntityKind::from_dir(&parts[0]) {
                    Some(kind) => Role::Profile {
                        kind,
                        slug,
                        bundle: true,
                    },
                    None => Role::Article {
                        district: parts[0].clone(),
                        slug,
                        bundle: true,
                    },
                })
            }
            _ => {
                let bundle = (parts.len() >= 3
                    && content_dir
                        .join(&parts[0])
                        .join(&parts[1])
                        .join("index.md")
                        .is_file())
                .then(|| (parts[0].clone(), parts[1].clone()));
                if is_md && parts.len() >= 3 {
                    diags.push(
                        Diagnostic::warning(&relp, "this Markdown file is not read: only `index.md` is a page inside a folder")
                            .with_hint("make it its own article at content/<district>/<slug>.md, or rename it to index.md"),
                    );
                    continue;
                }
                let target = match &bundle {
                    Some(_) => parts[2..].iter().collect(),
                    None => parts.iter().collect(),
                };
                assets.push(Asset {
                    source: abs.clone(),
                    target,
                    bundle,
                });
                None
            }
        };
        if let Some(role) = role {
            jobs.push((abs, relp, role));
        }
    }
    for (name, dir) in top_dirs {
        if EntityKind::from_dir(&name).is_none()
            && name != "static"
            && !dir.join("_index.md").is_file()
        {
            diags.push(
                Diagnostic::error(rel(root, &dir), "this district folder has no `_index.md`")
                    .with_hint(format!("create content/{name}/_index.md with at least `name: \"...\"` between `---` lines")),
            );
        }
    }
    (jobs, assets)
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

fn parse_file(
    abs: &Path,
    path: PathBuf,
    role: Role,
    base_path: &str,
    images: &crate::images::Resolver,
) -> (String, Result<Parsed, Diagnostic>) {
    let mut front = String::new();
    let parsed = parse_text(abs, path, role, base_path, images, &mut front);
    (front, parsed)
}

fn parse_text(
    abs: &Path,
    path: PathBuf,
    role: Role,
    base_path: &str,
    images: &crate::images::Resolver,
    front_text: &mut String,
) -> Result<Parsed, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(&path, format!("cannot read the file: {e}")))?;
    // simdutf8 checks mostly non-ASCII text several times faster than the standard
    // library, and still says where an invalid file goes wrong.
    let text = match simdutf8::compat::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Diagnostic::error(&path, "the file is not UTF-8 text")
                .at(line, None)
                .with_hint(
                    "save it as UTF-8 (in most editors: File → Save with Encoding → UTF-8)",
                ));
        }
    };
    let text = crate::text::nfc(text);
    let split = split_front_matter(&text, &path)?;
    front_text.push_str(split.front);
    Ok(match role {
        Role::Home => Parsed::Home(doc(&split, path, base_path, images)?),
        Role::Intro(k) => Parsed::Intro(k, doc(&split, path, base_path, images)?),
        Role::District(slug) => Parsed::District(DistrictDoc {
            slug,
            doc: doc(&split, path, base_path, images)?,
        }),
        Role::Article {
            district,
            slug,
            bundle,
        } => Parsed::Article(ArticleDoc {
            district,
            file_slug: slug,
            bundle,
            doc: doc(&split, path, base_path, images)?,
        }),
        Role::Profile { kind, slug, bundle } => Parsed::Profile(ProfileDoc {
            kind,
            file_slug: slug,
            bundle,
            doc: doc(&split, path, base_path, images)?,
        }),
    })
}

fn doc<F: DeserializeOwned>(
    split: &Split,
    path: PathBuf,
    base_path: &str,
    images: &crate::images::Resolver,
) -> Result<Doc<F>, Diagnostic> {
    let (front, key_lines) = front_matter(split, &path)?;
    Ok(Doc {
        front,
        body: std::sync::Arc::new(markdown::render_with(split.body, base_path, Some(images))),
        key_lines,
        body_line: split.body_line,
        path,
    })
}

/// A content file cut into its front matter and body.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// The file line the front matter's first line is on.
    pub front_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Cuts `---\n<yaml>\n---\n<body>`. Accepts a BOM, CRLF line ends and `...` as the
/// closing line, as YAML does.
pub fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(path, "the file does not start with front matter")
            .at(1, Some(1))
            .with_hint("put a line `---` first, then the keys (title, date, …), then another `---`, then the story"));
    }
    let front_start = (first_end + 1).min(text.len());
    let mut offset = front_start;
    for (line, l) in (2..).zip(text[front_start..].split_inclusive('\n')) {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(path, "the front matter is never closed")
        .at(1, Some(1))
        .with_hint("add a line `---` after the last key, before the story's text"))
}

/// Top-level keys (lines that start with a letter and have a `:`) and their lines.
fn key_lines(front: &str, first_line: usize) -> Vec<(String, usize)> {
    front
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|(i, l)| {
            l.split_once(':')
                .map(|(k, _)| (k.trim().to_string(), first_line + i))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split_front_matter(
            "---\ntitle: a\ndate: 2020-01-01\n---\nBody\n",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(s.front, "title: a\ndate: 2020-01-01\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s =
            split_front_matter("\u{feff}---\r\ntitle: a\r\n---\r\nB", Path::new("a.md")).unwrap();
        assert_eq!(s.front, "title: a\r\n");
        assert_eq!(s.body, "B");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors_at_line_one() {
        let e = split_front_matter("title: a\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = split_front_matter("---\ntitle: a\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn key_lines_are_file_lines() {
        assert_eq!(
            key_lines("title: a\n  - x\ndate: b\n", 2),
            vec![("title".into(), 2), ("date".into(), 4)]
        );
    }
}
