//! Building [`Site`] from [`Content`].

use super::model::*;
use crate::config::Config;
use crate::content::front::{ArticleFront, DateValue, EntityRef};
use crate::content::{ArticleDoc, Content, Doc, EntityKind, ProfileDoc, RESERVED};
use crate::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::images::Picture;
use crate::markdown::Rendered;
use crate::text::{compare, slugify, sort_key};
use jiff::tz::Offset;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Choices that change what is published.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish drafts too (`--drafts`).
    pub drafts: bool,
}

/// An entity while references are still being gathered.
struct Builder {
    slug: String,
    profile: Option<ProfileDoc>,
    /// Each spelling seen in stories and how often, to pick a display name.
    spellings: Vec<(String, usize)>,
    articles: Vec<usize>,
    role: Option<String>,
    unit: Option<usize>,
    districts: rustc_hash::FxHashMap<usize, usize>,
    profile_district: Option<usize>,
}

/// Every unit, model and figure, found by slug.
#[derive(Default)]
struct Registry {
    builders: [Vec<Builder>; 3],
    by_slug: [rustc_hash::FxHashMap<String, usize>; 3],
    /// The entity of each name as written, or `None` for a name with an empty slug:
    /// stories name the same units over and over, so most names are found here at once.
    names: [rustc_hash::FxHashMap<String, Option<usize>>; 3],
}

impl Registry {
    /// The entity a name refers to, created if it is new.
    fn intern(&mut self, kind: EntityKind, name: &str) -> Option<usize> {
        let k = kind.index();
        let idx = match self.names[k].get(name) {
            Some(&known) => known?,
            None => {
                let idx = self.entity_of_slug(k, slugify(name));
                self.names[k].insert(name.to_string(), idx);
                idx?
            }
        };
        let b = &mut self.builders[k][idx];
        match b.spellings.iter_mut().find(|(s, _)| s == name.trim()) {
            Some((_, n)) => *n += 1,
            None => b.spellings.push((name.trim().to_string(), 1)),
        }
        Some(idx)
    }

    /// The entity with this slug, created if it is new; `None` for an empty slug.
    fn entity_of_slug(&mut self, k: usize, slug: String) -> Option<usize> {
        if slug.is_empty() {
            return None;
        }
        Some(match self.by_slug[k].get(&slug) {
            Some(&i) => i,
            None => {
                let i = self.builders[k].len();
                self.builders[k].push(Builder {
                    slug: slug.clone(),
                    profile: None,
                    spellings: Vec::new(),
                    articles: Vec::new(),
                    role: None,
                    unit: None,
                    districts: rustc_hash::FxHashMap::default(),
                    profile_district: None,
                });
                self.by_slug[k].insert(slug, i);
                i
            }
        })
    }
}

/// Resolves the loaded content into the portal. Problems go to `diags`; the returned
/// site is complete enough to render even when there were errors, but callers must not
/// write it out in that case.
pub fn resolve(
    config: Config,
    content: Content,
    root: &Path,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Site {
    let base_path = config.base_path();
    let offset = config.offset().unwrap_or(Offset::UTC);
    let Content {
        home,
        intros,
        districts,
        articles,
        profiles,
        assets,
        images,
    } = content;

    let districts = resolve_districts(districts, &base_path, diags);
    let district_index: HashMap<&str, usize> = districts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug.as_str(), i))
        .collect();

    // Newest first, then by path: the order of every list, decided once.
    let mut docs: Vec<ArticleDoc> = articles
        .into_iter()
        .filter(|a| opts.drafts || !a.doc.front.draft)
        .collect();
    docs.sort_by_cached_key(|a| {
        (
            std::cmp::Reverse(timestamp(&a.doc.front.date, offset)),
            a.doc.path.clone(),
        )
    });
    // Profiles may name their district by folder or by name ("Thị xã Nghĩa Lộ").
    let mut district_lookup: HashMap<String, usize> = HashMap::new();
    for (i, d) in districts.iter().enumerate() {
        district_lookup.entry(slugify(&d.name)).or_insert(i);
    }
    for (i, d) in districts.iter().enumerate() {
        district_lookup.insert(d.slug.clone(), i);
    }

    let mut registry = Registry::default();
    for p in profiles
        .into_iter()
        .filter(|p| opts.drafts || !p.doc.front.draft)
    {
        add_profile(&mut registry, p, &district_lookup, diags);
    }

    let static_dir = root.join("static");
    let files = Files {
        root,
        base_path: &base_path,
        static_dir: &static_dir,
        images: &images,
    };
    let mut urls: rustc_hash::FxHashMap<String, PathBuf> = rustc_hash::FxHashMap::default();
    let mut out_articles = Vec::with_capacity(docs.len());
    let mut refs: Vec<Vec<(EntityKind, EntityRef)>> = Vec::with_capacity(docs.len());
    // Each story is staged on its own, in parallel; one URL per page is checked after,
    // in the stories' order, so the same story is reported whatever the threads did.
    let staged: Vec<_> = docs
        .into_par_iter()
        .map(|a| {
            let mut local = Diagnostics::default();
            let slug_line = a.doc.line_of("slug");
            let r = stage_article(a, &district_index, &districts, offset, &files, &mut local);
            (r, slug_line, local)
        })
        .collect();
    for (staged, slug_line, local) in staged {
        diags.0.extend(local.0);
        let Some((article, these)) = staged else {
            continue;
        };
        if let Some(other) = urls.insert(article.url.clone(), article.path.clone()) {
            diags.push(
                Diagnostic::error(
                    &article.path,
                    format!(
                        "two articles would be published at {}: this one and {}",
                        article.url,
                        other.display()
                    ),
                )
                .at(slug_line, None)
                .with_hint("rename one of the files, or give one of them a different `slug:`"),
            );
            continue;
        }
        refs.push(these);
        out_articles.push(article);
    }

    link_entities(&mut registry, &mut out_articles, &refs, diags);
    let mut districts = districts;
    for (i, a) in out_articles.iter().enumerate() {
        districts[a.district].articles.push(i);
    }
    let entities = finish_entities(registry, &mut out_articles, &files, diags);
    warn_typos(&entities, &out_articles, diags);
    let related = related_stories(&out_articles, &entities, &districts);
    for (a, r) in out_articles.iter_mut().zip(related) {
        a.related = r;
    }

    let mut site = Site {
        base_path: base_path.clone(),
        offset,
        home: intro(home),
        intros: intros.map(intro),
        districts,
        articles: out_articles,
        entities,
        assets: Vec::new(),
        images: Vec::new(),
        photos: Default::default(),
        redirects: Vec::new(),
        config,
    };
    let (copies, photos) = place_assets(&site, assets, &files, diags);
    site.assets = copies;
    site.images = photos;
    site.redirects = redirects(&site, diags);
    check_links(&site, diags);
    site.photos = images;
    site
}

fn intro(doc: Option<Doc<crate::content::front::IntroFront>>) -> Intro {
    match doc {
        Some(d) => Intro {
            title: d.front.title,
            summary: d.front.summary,
            body_html: std::sync::Arc::try_unwrap(d.body)
                .map(|b| b.html)
                .unwrap_or_else(|b| b.html.clone()),
        },
        None => Intro::default(),
    }
}

fn timestamp(d: &DateValue, site: Offset) -> jiff::Timestamp {
    let offset = d.offset.unwrap_or(site);
    offset
        .to_timestamp(d.civil)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn to_site_time(d: &DateValue, site: Offset) -> jiff::civil::DateTime {
    match d.offset {
        Some(_) => site.to_datetime(timestamp(d, site)),
        None => d.civil,
    }
}

fn bundle_dir(root: &Path, doc_path: &Path) -> PathBuf {
    root.join(doc_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn resolve_districts(
    docs: Vec<crate::content::DistrictDoc>,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Vec<District> {
    let mut out: Vec<District> = Vec::with_capacity(docs.len());
    for d in docs {
        if RESERVED.contains(&d.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &d.doc.path,
                    format!(
                        "`{}` cannot be a district: the portal uses /{}/ for its own pages",
                        d.slug, d.slug
                    ),
                )
                .with_hint(format!(
                    "rename the folder content/{}/ to the district's own name",
                    d.slug
                )),
            );
            continue;
        }
        let proper = slugify(&d.slug);
        if proper != d.slug {
            diags.push(
                Diagnostic::error(
                    &d.doc.path,
                    format!("the folder name `{}` cannot be used in a URL", d.slug),
                )
                .with_hint(format!(
                    "rename the folder to `{proper}` (lower case, no diacritics, `-` between words)"
                )),
            );
            continue;
        }
        let f = d.doc.front;
        out.push(District {
            url: format!("{base_path}{}/", d.slug),
            slug: d.slug,
            name: f.name.trim().to_string(),
            province: f.province,
            kind: f.kind,
            order: f.order,
            summary: f.summary,
            body: d.doc.body,
            articles: Vec::new(),
            path: d.doc.path,
        });
    }
    out.sort_by(|a, b| {
        let oa = a.order.unwrap_or(f64::MAX);
        let ob = b.order.unwrap_or(f64::MAX);
        oa.total_cmp(&ob)
            .then_with(|| compare(&a.name, &b.name))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    out
}

fn add_profile(
    reg: &mut Registry,
    p: ProfileDoc,
    districts: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) {
    let kind = p.kind;
    let k = kind.index();
    let f = &p.doc.front;
    let misplaced: &[(&str, bool)] = match kind {
        EntityKind::Unit => &[
            ("since", f.since.is_some()),
            ("scope", f.scope.is_some()),
            ("role", f.role.is_some()),
            ("unit", f.unit.is_some()),
        ],
        EntityKind::Model => &[
            ("role", f.role.is_some()),
            ("kind", f.kind.is_some()),
            ("parent", f.parent.is_some()),
        ],
        EntityKind::Figure => &[
            ("since", f.since.is_some()),
            ("scope", f.scope.is_some()),
            ("kind", f.kind.is_some()),
            ("parent", f.parent.is_some()),
        ],
    };
    for (key, present) in misplaced {
        if *present {
            let owner = match *key {
                "since" | "scope" => "models",
                "role" => "figures",
                "unit" => "models and figures",
                _ => "units",
            };
            diags.push(
                Diagnostic::error(
                    &p.doc.path,
                    format!("`{key}` is a key for {owner}, not for {}", kind.dir()),
                )
                .at(p.doc.line_of(key), None)
                .with_hint(format!(
                    "remove `{key}`, or move this profile to content/{owner_dir}/",
                    owner_dir = owner.split(' ').next().unwrap_or(owner)
                )),
            );
        }
    }
    let slug = slugify(&p.file_slug);
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(
                &p.doc.path,
                "this profile's file name has no letters or digits",
            )
            .with_hint("rename it after the entity, such as hoang-trung-lap.md"),
        );
        return;
    }
    if let Some(&other) = reg.by_slug[k].get(&slug)
        && let Some(op) = &reg.builders[k][other].profile
    {
        diags.push(
            Diagnostic::error(
                &p.doc.path,
                format!(
                    "this profile has the same slug as {}",
                    op.doc.path.display()
                ),
            )
            .with_hint("merge the two profiles, or rename one"),
        );
        return;
    }
    let idx = reg.intern(kind, &p.file_slug).unwrap_or(0);
    reg.builders[k][idx].spellings.clear();
    // The profile's name and aliases all mean this entity.
    for alias in std::iter::once(f.name.as_str()).chain(f.aliases.0.iter().map(String::as_str)) {
        let s = slugify(alias);
        if s.is_empty() {
            continue;
        }
        match reg.by_slug[k].get(&s) {
            Some(&other) if other != idx => diags.push(
                Diagnostic::error(
                    &p.doc.path,
                    format!(
                        "the name or alias `{alias}` already belongs to another {}",
                        kind.dir().trim_end_matches('s')
                    ),
                )
                .at(p.doc.line_of("aliases"), None)
                .with_hint("remove the alias from one of the two profiles"),
            ),
            _ => {
                reg.by_slug[k].insert(s, idx);
            }
        }
    }
    if let Some(d) = &f.district {
        let ds = slugify(d);
        match districts.get(ds.as_str()) {
            Some(&di) => reg.builders[k][idx].profile_district = Some(di),
            None => diags.push(
                Diagnostic::error(&p.doc.path, format!("there is no district `{d}`"))
                    .at(p.doc.line_of("district"), None)
                    .with_hint(match suggest(&ds, districts.keys().map(String::as_str)) {
                        Some(s) => format!(
                            "did you mean `{s}`? write the district's folder name or its name"
                        ),
                        None => {
                            "write the district's folder name, such as `district: nghia-lo`".into()
                        }
                    }),
            ),
        }
    }
    if let Some(role) = &f.role {
        reg.builders[k][idx].role = Some(role.clone());
    }
    let unit = f.unit.clone();
    reg.builders[k][idx].profile = Some(p);
    if let Some(u) = unit {
        let ui = reg.intern(EntityKind::Unit, &u);
        reg.builders[k][idx].unit = ui;
    }
}

/// Connects each article's references to entities, creating those without a profile.
fn link_entities(
    reg: &mut Registry,
    articles: &mut [Article],
    refs: &[Vec<(EntityKind, EntityRef)>],
    diags: &mut Diagnostics,
) {
    for (ai, (article, these)) in articles.iter_mut().zip(refs).enumerate() {
        // A handful of names a story: a list is cheaper than a set.
        let mut seen: Vec<(EntityKind, usize)> = Vec::with_capacity(these.len() + 2);
        let mut first = |key: (EntityKind, usize)| {
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        };
        for (kind, r) in these {
            let Some(ei) = reg.intern(*kind, &r.name) else {
                diags.push(
                    Diagnostic::error(
                        &article.path,
                        format!("a name in `{}` is empty", kind.dir()),
                    )
                    .with_hint("write the full name, such as \"Thị ủy Nghĩa Lộ\""),
                );
                continue;
            };
            let unit = r
                .unit
                .as_deref()
                .and_then(|u| reg.intern(EntityKind::Unit, u));
            let b = &mut reg.builders[kind.index()][ei];
            // The profile's role wins; otherwise the newest story's (stories come newest first).
            if b.role.is_none() {
                b.role.clone_from(&r.role);
            }
            if b.unit.is_none() && *kind != EntityKind::Unit {
                b.unit = unit;
            }
            if first((*kind, ei)) {
                b.articles.push(ai);
                *b.districts.entry(article.district).or_default() += 1;
                article.links.push(EntityLink {
                    kind: *kind,
                    entity: ei,
                    note: r.role.clone().or_else(|| r.unit.clone()),
                });
            }
            // A model's owner or a figure's unit is part of the story too.
            if let Some(ui) = unit
                && first((EntityKind::Unit, ui))
            {
                let ub = &mut reg.builders[EntityKind::Unit.index()][ui];
                ub.articles.push(ai);
                *ub.districts.entry(article.district).or_default() += 1;
                article.links.push(EntityLink {
                    kind: EntityKind::Unit,
                    entity: ui,
                    note: None,
                });
            }
        }
    }
}

/// Names, order and cross-links of entities; rewrites article links to the final order.
fn finish_entities(
    reg: Registry,
    articles: &mut [Article],
    files: &Files,
    diags: &mut Diagnostics,
) -> [Vec<Entity>; 3] {
    let mut remap: [Vec<usize>; 3] = Default::default();
    let mut lists: [Vec<Entity>; 3] = Default::default();
    for (k, builders) in reg.builders.into_iter().enumerate() {
        let kind = EntityKind::ALL[k];
        let mut ents: Vec<(Vec<u8>, usize, Entity)> = builders
            .into_iter()
            .enumerate()
            .filter(|(_, b)| b.profile.is_some() || !b.articles.is_empty())
            .map(|(old, b)| {
                let e = build_entity(kind, b, files, diags);
                (sort_key(&e.name), old, e)
            })
            .collect();
        ents.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.slug.cmp(&b.2.slug)));
        let mut map = vec![usize::MAX; ents.iter().map(|e| e.1 + 1).max().unwrap_or(0)];
        for (new, (_, old, _)) in ents.iter().enumerate() {
            map[*old] = new;
        }
        remap[k] = map;
        lists[k] = ents.into_iter().map(|(_, _, e)| e).collect();
    }
    let fix = |kind: EntityKind, i: usize| {
        remap[kind.index()]
            .get(i)
            .copied()
            .filter(|&n| n != usize::MAX)
    };
    for a in articles.iter_mut() {
        a.links.retain_mut(|l| match fix(l.kind, l.entity) {
            Some(n) => {
                l.entity = n;
                true
            }
            None => false,
        });
    }
    let unit_map = remap[EntityKind::Unit.index()].clone();
    let mut members: Vec<Vec<(EntityKind, usize)>> =
        vec![Vec::new(); lists[EntityKind::Unit.index()].len()];
    for kind in EntityKind::ALL {
        for (i, e) in lists[kind.index()].iter_mut().enumerate() {
            e.unit = e
                .unit
                .and_then(|u| unit_map.get(u).copied())
                .filter(|&n| n != usize::MAX);
            if kind != EntityKind::Unit
                && let Some(u) = e.unit
            {
                members[u].push((kind, i));
            }
        }
    }
    for (u, m) in lists[EntityKind::Unit.index()].iter_mut().zip(members) {
        u.members = m;
    }
    lists
}

fn build_entity(kind: EntityKind, b: Builder, files: &Files, diags: &mut Diagnostics) -> Entity {
    let url = format!("{}{}/{}/", files.base_path, kind.dir(), b.slug);
    let name = match &b.profile {
        Some(p) => p.doc.front.name.trim().to_string(),
        None => {
            let mut sp = b.spellings.clone();
            sp.sort_by(|a, c| c.1.cmp(&a.1).then_with(|| compare(&a.0, &c.0)));
            sp.into_iter()
                .next()
                .map(|s| s.0)
                .unwrap_or_else(|| b.slug.clone())
        }
    };
    let district = b.profile_district.or_else(|| {
        b.districts
            .iter()
            .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)))
            .map(|(d, _)| *d)
    });
    let profile = b.profile.map(|p| {
        let f = p.doc.front.clone();
        let (image, picture) = doc_images(&p.doc, f.image.as_deref(), p.bundle, &url, files, diags);
        Profile {
            summary: f
                .summary
                .or_else(|| Some(p.doc.body.first_paragraph.clone()).filter(|s| !s.is_empty())),
            image,
            picture,
            image_caption: f.image_caption,
            aliases: f.aliases.0,
            since: f.since,
            scope: f.scope,
            unit_kind: f.kind,
            parent: f.parent,
            body: p.doc.body,
            path: p.doc.path,
        }
    });
    Entity {
        kind,
        slug: b.slug,
        name,
        url,
        profile,
        role: b.role,
        unit: b.unit,
        members: Vec::new(),
        articles: b.articles,
        district,
    }
}

/// One story as the portal publishes it, with the names it links to, or `None` when it
/// cannot be published (its problem is in `diags`). Needs nothing from other stories, so
/// stories are staged in parallel.
fn stage_article(
    a: ArticleDoc,
    district_index: &HashMap<&str, usize>,
    districts: &[District],
    offset: Offset,
    files: &Files,
    diags: &mut Diagnostics,
) -> Option<(Article, Vec<(EntityKind, EntityRef)>)> {
    let &d = district_index.get(a.district.as_str())?;
    let slug = match &a.doc.front.slug {
        Some(s) => slugify(s),
        None => slugify(&a.file_slug),
    };
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(
                &a.doc.path,
                "this article's slug is empty after removing punctuation",
            )
            .at(a.doc.line_of("slug"), None)
            .with_hint(
                "give it a `slug:` with letters or digits, such as `slug: nhan-rong-mo-hinh`",
            ),
        );
        return None;
    }
    let url = format!("{}{}/{slug}/", files.base_path, districts[d].slug);
    let f = &a.doc.front;
    let (image, picture) = doc_images(&a.doc, f.image.as_deref(), a.bundle, &url, files, diags);
    let date = to_site_time(&f.date, offset);
    let updated = f
        .updated
        .as_ref()
        .map(|u| (to_site_time(u, offset), timestamp(u, offset)));
    let mut these = Vec::new();
    for (kind, list) in [
        (EntityKind::Unit, &f.units),
        (EntityKind::Model, &f.models),
        (EntityKind::Figure, &f.figures),
    ] {
        for r in &list.0 {
            these.push((kind, r.clone()));
        }
    }
    let mut article = Article {
        slug,
        district: d,
        url,
        title: String::new(),
        date,
        has_time: f.date.has_time,
        timestamp: timestamp(&f.date, offset),
        updated,
        summary: String::new(),
        category: f.category.clone(),
        tags: f.tags.0.clone(),
        author: None,
        source: None,
        image,
        picture,
        image_caption: None,
        links: Vec::new(),
        stats: f.stats.clone(),
        featured: f.featured,
        draft: f.draft,
        body: a.doc.body,
        related: Vec::new(),
        aliases: a.doc.front.aliases.0.clone(),
        body_line: a.doc.body_line,
        path: a.doc.path,
    };
    show(&mut article, f);
    Some((article, these))
}

/// Sets what a story shows of itself from its front matter: the fields that
/// [`ArticleFront::same_place`] lets change without moving the story in the portal.
/// The sapo falls back to the body's first paragraph, so `a.body` must be current.
pub fn show(a: &mut Article, f: &ArticleFront) {
    a.title = f.title.trim().to_string();
    a.summary = f
        .summary
        .clone()
        .unwrap_or_else(|| a.body.first_paragraph.clone());
    a.author = f.author.clone();
    a.source = f.source.clone();
    a.image_caption = f.image_caption.clone();
}

/// Names that differ from another entity's by a slip of the keyboard ("Thị ủy Ngiã Lộ"
/// beside "Thị ủy Nghĩa Lộ") split one entity's stories over two pages. Each rarer
/// spelling gets a warning at the first story using it. Names differing only in digits
/// ("thôn 1", "thôn 2") are different entities, not typos.
fn warn_typos(entities: &[Vec<Entity>; 3], articles: &[Article], diags: &mut Diagnostics) {
    for list in entities {
        // Compare only names of similar length; sorting by length keeps this near linear
        // for real lists, where few names are within two letters of each other in length.
        let mut by_len: Vec<usize> = (0..list.len())
            .filter(|&i| list[i].slug.len() >= 8)
            .collect();
        by_len.sort_by_key(|&i| list[i].slug.len());
        let counts: Vec<[u8; 37]> = by_len
            .iter()
            .map(|&i| letter_counts(&list[i].slug))
            .collect();
        for (x, &i) in by_len.iter().enumerate() {
            for (y, &j) in by_len.iter().enumerate().skip(x + 1) {
                let (a, b) = (&list[i], &list[j]);
                if b.slug.len() > a.slug.len() + 2 {
                    break;
                }
                // Two edits change at most four letter counts by one each; most pairs
                // of names fail this cheap test and skip the edit distance.
                let apart: u32 = counts[x]
                    .iter()
                    .zip(&counts[y])
                    .map(|(p, q)| u32::from(p.abs_diff(*q)))
                    .sum();
                if apart > 4 {
                    continue;
                }
                let strip = |s: &str| {
                    s.chars()
                        .filter(|c| !c.is_ascii_digit())
                        .collect::<String>()
                };
                if strsim::damerau_levenshtein(&a.slug, &b.slug) > 2
                    || strip(&a.slug) == strip(&b.slug)
                {
                    continue;
                }
                let (rare, common) = if a.articles.len() < b.articles.len()
                    || (a.articles.len() == b.articles.len() && a.profile.is_none())
                {
                    (a, b)
                } else {
                    (b, a)
                };
                if rare.profile.is_some() {
                    continue;
                }
                if let Some(&first) = rare.articles.first() {
                    diags.push(
                        Diagnostic::warning(
                            &articles[first].path,
                            format!(
                                "`{}` looks like a misspelling of `{}`",
                                rare.name, common.name
                            ),
                        )
                        .with_hint(format!(
                            "did you mean '{}'? If they are different, ignore this warning",
                            common.name
                        )),
                    );
                }
            }
        }
    }
}

/// How often each ASCII letter and digit occurs in a slug (anything else in the last
/// slot), for ruling out pairs of names that no two edits could make equal.
fn letter_counts(slug: &str) -> [u8; 37] {
    let mut counts = [0u8; 37];
    for b in slug.bytes() {
        let slot = match b {
            b'a'..=b'z' => usize::from(b - b'a'),
            b'0'..=b'9' => 26 + usize::from(b - b'0'),
            _ => 36,
        };
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

/// Where files are, for resolving the images pages name.
struct Files<'a> {
    root: &'a Path,
    base_path: &'a str,
    static_dir: &'a Path,
    images: &'a crate::images::Catalog,
}

/// An image named in front matter: a file in the bundle, a path under `static/`, or a
/// full URL. Gives its URL and, for a photo guong publishes in several sizes, the
/// `<picture>` data. A missing or unreadable file is an error at the `image:` line.
fn resolve_image<F>(
    img: &str,
    doc: &Doc<F>,
    bundle: Option<PathBuf>,
    page_url: &str,
    files: &Files,
    diags: &mut Diagnostics,
) -> Option<(String, Option<Picture>)> {
    let img = img.trim();
    if img.starts_with("http://") || img.starts_with("https://") || img.starts_with("//") {
        return Some((img.to_string(), None));
    }
    if img.contains("..") {
        diags.push(
            Diagnostic::error(&doc.path, format!("image `{img}` points outside the site"))
                .at(doc.line_of("image"), None)
                .with_hint("put the image beside the story (page bundle) or under static/"),
        );
        return None;
    }
    let rel = img.trim_start_matches('/');
    let rel = rel.strip_prefix("static/").unwrap_or(rel);
    let found = match &bundle {
        Some(dir) if !img.starts_with('/') && dir.join(img).is_file() => {
            Some((dir.join(img), format!("{page_url}{}", url_path(img))))
        }
        _ if files.static_dir.join(rel).is_file() => Some((
            files.static_dir.join(rel),
            format!("{}{}", files.base_path, url_path(rel)),
        )),
        _ => None,
    };
    let Some((path, url)) = found else {
        diags.push(
            Diagnostic::error(&doc.path, format!("image `{img}` not found"))
                .at(doc.line_of("image"), None)
                .with_hint(if bundle.is_some() {
                    "put the file in the same folder as index.md, or under static/ and write its path from there"
                } else {
                    "put the file under static/ (e.g. static/images/anh.jpg → `image: images/anh.jpg`), or make the story a folder with index.md and the image beside it"
                }),
        );
        return None;
    };
    match files.images.get(&path) {
        Some(Ok(meta)) => Some((url.clone(), Some(Picture::new(&url, meta)))),
        Some(Err(reason)) => {
            diags.push(
                Diagnostic::error(&doc.path, format!("image `{img}` cannot be used: {reason}"))
                    .at(doc.line_of("image"), None)
                    .with_hint(BROKEN_IMAGE_HINT),
            );
            None
        }
        None => Some((url, None)),
    }
}

/// A page's own image (`image:`) and the errors for unreadable photos in its body.
fn doc_images<F>(
    doc: &Doc<F>,
    image: Option<&str>,
    bundled: bool,
    page_url: &str,
    files: &Files,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<Picture>) {
    report_broken_images(&doc.path, &doc.body, doc.body_line, diags);
    let bundle = bundled.then(|| bundle_dir(files.root, &doc.path));
    let (url, picture) = image
        .and_then(|img| resolve_image(img, doc, bundle, page_url, files, diags))
        .unzip();
    (url, picture.flatten())
}

const BROKEN_IMAGE_HINT: &str = "open the photo in an image editor or phone gallery and save it again as JPEG, or point to another file";

/// Errors for the unreadable photos a body names, at their lines in the file.
fn report_broken_images(path: &Path, body: &Rendered, body_line: usize, diags: &mut Diagnostics) {
    for (src, line, reason) in &body.broken_images {
        diags.push(
            Diagnostic::error(path, format!("image `{src}` cannot be used: {reason}"))
                .at(line + body_line - 1, None)
                .with_hint(BROKEN_IMAGE_HINT),
        );
    }
}

/// A file path as it goes in a URL: spaces and non-ASCII letters percent-encoded.
fn url_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "Các tin khác": stories sharing units, models or figures first (the more shared, the
/// higher), then others from the same district, newest first within each rank.
fn related_stories(
    articles: &[Article],
    entities: &[Vec<Entity>; 3],
    districts: &[District],
) -> Vec<Vec<usize>> {
    const WANT: usize = 6;
    // Look only at the nearest stories of a very common entity, so a unit named in every
    // story does not make this quadratic.
    const NEIGHBOURS: usize = 64;
    // Read for every candidate: a compact copy, not a field of a large struct each time.
    let district_of: Vec<u32> = articles.iter().map(|a| a.district as u32).collect();
    articles
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; articles.len()], Vec::new()),
            |(score, touched), (i, a)| {
                // Scores summed in a dense array per thread, with the list of what was
                // touched to read and reset it: no sorting of candidates, no hashing.
                for l in &a.links {
                    let list = &entities[l.kind.index()][l.entity].articles;
                    let pos = list.binary_search(&i).unwrap_or_else(|p| p);
                    let lo = pos.saturating_sub(NEIGHBOURS / 2);
                    for &j in &list[lo..(lo + NEIGHBOURS).min(list.len())] {
                        if j != i {
                            if score[j] == 0 {
                                touched.push(j as u32);
                            }
                            score[j] += 4 + u32::from(district_of[j] as usize == a.district);
                        }
                    }
                }
                let mut ranked: Vec<(u32, u32)> = touched
                    .drain(..)
                    .map(|j| (j, std::mem::take(&mut score[j as usize])))
                    .collect();
                let by_rank =
                    |x: &(u32, u32), y: &(u32, u32)| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0));
                if ranked.len() > WANT {
                    ranked.select_nth_unstable_by(WANT - 1, by_rank);
                    ranked.truncate(WANT);
                }
                ranked.sort_unstable_by(by_rank);
                let mut out: Vec<usize> = ranked.into_iter().map(|(j, _)| j as usize).collect();
                if out.len() < WANT {
                    // Then the newest others of the same district.
                    let fill: Vec<usize> = districts[a.district]
                        .articles
                        .iter()
                        .copied()
                        .filter(|&j| j != i && !out.contains(&j))
                        .take(WANT - out.len())
                        .collect();
                    out.extend(fill);
                }
                out
            },
        )
        .collect()
}

/// Where each published file goes: bundle files beside their page, the rest at their
/// place. Photos become image jobs (several sizes, metadata stripped); other files are
/// copied as they are. A photo that cannot be read is an error.
fn place_assets(
    site: &Site,
    assets: Vec<crate::content::Asset>,
    files: &Files,
    diags: &mut Diagnostics,
) -> (Vec<(PathBuf, String)>, Vec<crate::images::Job>) {
    let mut bundle_urls: HashMap<(String, String), String> = HashMap::new();
    for a in &site.articles {
        if let Some(folder) = bundle_folder(&a.path) {
            bundle_urls.insert(
                (site.districts[a.district].slug.clone(), folder),
                a.url.clone(),
            );
        }
    }
    for kind in EntityKind::ALL {
        for e in &site.entities[kind.index()] {
            if let Some(folder) = e.profile.as_ref().and_then(|p| bundle_folder(&p.path)) {
                bundle_urls.insert((kind.dir().to_string(), folder), e.url.clone());
            }
        }
    }
    let mut copies = Vec::with_capacity(assets.len());
    let mut jobs = Vec::new();
    for asset in assets {
        let target = match &asset.bundle {
            Some(key) => match bundle_urls.get(key) {
                Some(url) => format!(
                    "{}{}",
                    &url[site.base_path.len()..],
                    slash_path(&asset.target)
                ),
                // The bundle's page is a draft or failed to load: its files go with it.
                None => continue,
            },
            None => slash_path(&asset.target),
        };
        let display = asset
            .source
            .strip_prefix(files.root)
            .unwrap_or(&asset.source)
            .to_path_buf();
        match files.images.get(&asset.source) {
            Some(Ok(meta)) => {
                let (dir, name) = match target.rfind('/') {
                    Some(i) => target.split_at(i + 1),
                    None => ("", target.as_str()),
                };
                jobs.push(crate::images::Job {
                    display,
                    source: asset.source.clone(),
                    dir: dir.to_string(),
                    file_name: name.to_string(),
                    meta: *meta,
                });
            }
            Some(Err(reason)) => diags.push(
                Diagnostic::error(display, format!("this photo cannot be published: {reason}"))
                    .with_hint(BROKEN_IMAGE_HINT),
            ),
            None => copies.push((asset.source, target)),
        }
    }
    (copies, jobs)
}

/// `content/nghia-lo/abc/index.md` → `abc`.
fn bundle_folder(path: &Path) -> Option<String> {
    if path.file_name()? != "index.md" {
        return None;
    }
    Some(path.parent()?.file_name()?.to_string_lossy().into_owned())
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Old URLs from `aliases:` that must redirect to the page.
fn redirects(site: &Site, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &site.articles {
        for alias in &a.aliases {
            let clean = alias.trim().trim_start_matches('/');
            if clean.is_empty()
                || clean.split('/').any(|s| s == ".." || s == ".")
                || clean.contains('\\')
            {
                diags.push(
                    Diagnostic::error(
                        &a.path,
                        format!("alias `{alias}` is not a path inside the site"),
                    )
                    .with_hint("write the old address's path, such as `/tin-cu/123.html`"),
                );
                continue;
            }
            let target =
                if clean.ends_with('/') || !clean.rsplit('/').next().unwrap_or("").contains('.') {
                    format!("{}/index.html", clean.trim_end_matches('/'))
                } else {
                    clean.to_string()
                };
            out.push((target, a.url.clone()));
        }
    }
    out.sort();
    out
}

/// Broken root-relative links and images in bodies. Links to pages that do not exist are
/// errors; the site format promises editors that `guong check` finds them.
fn check_links(site: &Site, diags: &mut Diagnostics) {
    let known = known_targets(site);
    for a in &site.articles {
        check_body(site, &known, &a.path, &a.body, &a.url, a.body_line, diags);
    }
}

/// Every path under the output root a link may lead to, without the base path.
pub fn known_targets(site: &Site) -> HashSet<String> {
    let mut known: HashSet<String> = HashSet::new();
    let bp = &site.base_path;
    let strip = |u: &str| u.strip_prefix(bp.as_str()).unwrap_or(u).to_string();
    known.insert(String::new());
    for a in &site.articles {
        known.insert(strip(&a.url));
    }
    let per = site.config.paginate.max(1);
    for d in &site.districts {
        known.insert(strip(&d.url));
        known.insert(format!("{}feed.xml", strip(&d.url)));
        for p in 1..=d.articles.len().div_ceil(per) {
            known.insert(format!("{}page/{p}/", strip(&d.url)));
        }
    }
    for kind in EntityKind::ALL {
        known.insert(format!("{}/", kind.dir()));
        for e in &site.entities[kind.index()] {
            known.insert(strip(&e.url));
        }
    }
    for extra in [
        "search/",
        "thong-ke/",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        known.insert(extra.to_string());
    }
    for (_, t) in &site.assets {
        known.insert(t.clone());
    }
    for job in &site.images {
        known.insert(format!("{}{}", job.dir, job.file_name));
    }
    for (t, _) in &site.redirects {
        known.insert(t.clone());
        known.insert(t.trim_end_matches("index.html").to_string());
    }
    known
}

/// Errors for the links and images of one body that lead nowhere in the site, at their
/// lines in the file.
pub fn check_body(
    site: &Site,
    known: &HashSet<String>,
    path: &Path,
    body: &Rendered,
    page_url: &str,
    body_line: usize,
    diags: &mut Diagnostics,
) {
    let bp = &site.base_path;
    let strip = |u: &str| u.strip_prefix(bp.as_str()).unwrap_or(u).to_string();
    for (link, line) in &body.links {
        let target = link.split(['#', '?']).next().unwrap_or("");
        if target.is_empty() {
            continue;
        }
        let resolved = if let Some(abs) = target.strip_prefix('/') {
            abs.to_string()
        } else if target.contains("../") || target.starts_with("./") {
            continue;
        } else {
            format!("{}{}", strip(page_url), target)
        };
        let decoded = crate::images::percent_decode(&resolved);
        let ok = known.contains(&decoded)
            || known.contains(&format!("{decoded}/"))
            || known.contains(decoded.trim_end_matches("index.html"));
        if !ok {
            diags.push(
                Diagnostic::error(path, format!("link or image `{link}` leads to no page or file of this site"))
                    .at(*line + body_line - 1, None)
                    .with_hint("check the address; a story's address is /<district>/<slug>/, a file under static/ is /<its path>"),
            );
        }
    }
}
