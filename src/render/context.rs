//! What templates see. Everything here is computed once per build: site-wide data goes
//! into Tera's global context, each article's card is converted to a template value once
//! and then shared (Tera values are reference-counted) by every list that shows it.
//! No page's context contains the whole site, so rendering stays linear.

use crate::content::EntityKind;
use crate::images::Picture;
use crate::site::{Article, Entity, Site};
use crate::text::{format_date, format_datetime, format_number};
use serde::Serialize;
use tera::Value;

/// The Vietnamese label of a kind: singular for one entity, and the list page's title.
pub fn kind_label(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Unit => ("Tập thể", "Tập thể điển hình"),
        EntityKind::Model => ("Mô hình", "Mô hình hay"),
        EntityKind::Figure => ("Gương điển hình", "Gương điển hình tiên tiến"),
    }
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
struct DistrictLink<'a> {
    slug: &'a str,
    name: &'a str,
    url: &'a str,
    province: Option<&'a str>,
    kind: Option<&'a str>,
    count: usize,
    feed_url: String,
}

#[derive(Serialize)]
struct KindLink {
    kind: &'static str,
    /// "Gương điển hình tiên tiến": the list's title.
    label: &'static str,
    /// "Gương điển hình": for menus.
    short: &'static str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    /// The base path every internal URL starts with (`/` or `/tin/`).
    base_url: &'a str,
    /// The absolute base for canonical links and feeds, when `base_url` has a host.
    absolute_url: String,
    language: &'a str,
    search: bool,
    feeds: bool,
    districts: Vec<DistrictLink<'a>>,
    kinds: Vec<KindLink>,
    article_count: usize,
}

/// The `site` variable of every template.
pub fn site_value(site: &Site) -> Value {
    let c = &site.config;
    let ctx = SiteCtx {
        title: &c.title,
        description: &c.description,
        base_url: &site.base_path,
        absolute_url: c.absolute_base(),
        language: &c.language,
        search: c.search,
        feeds: c.feeds,
        districts: site
            .districts
            .iter()
            .map(|d| DistrictLink {
                slug: &d.slug,
                name: &d.name,
                url: &d.url,
                province: d.province.as_deref(),
                kind: d.kind.as_deref(),
                count: d.articles.len(),
                feed_url: format!("{}feed.xml", d.url),
            })
            .collect(),
        kinds: EntityKind::ALL
            .iter()
            .map(|&k| KindLink {
                kind: k.dir(),
                label: kind_label(k).1,
                short: kind_label(k).0,
                url: site.list_url(k),
                count: site.entities[k.index()].len(),
            })
            .collect(),
        article_count: site.articles.len(),
    };
    Value::from_serializable(&ctx)
}

#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    url: &'a str,
    /// "Thứ Hai, 28/08/2017 07:27"
    date: String,
    /// "28/08/2017"
    date_short: String,
    date_iso: String,
    summary: &'a str,
    image: Option<&'a str>,
    picture: Option<&'a Picture>,
    image_caption: Option<&'a str>,
    district: &'a str,
    district_url: &'a str,
    category: Option<&'a str>,
    featured: bool,
}

/// One value per article, in `site.articles` order, for lists of stories.
pub fn cards(site: &Site) -> Vec<Value> {
    use rayon::prelude::*;
    site.articles
        .par_iter()
        .map(|a| {
            let d = &site.districts[a.district];
            Value::from_serializable(&Card {
                title: &a.title,
                url: &a.url,
                date: format_datetime(a.date, a.has_time),
                date_short: format!(
                    "{:02}/{:02}/{}",
                    a.date.day(),
                    a.date.month(),
                    a.date.year()
                ),
                date_iso: iso(a.timestamp, site),
                summary: &a.summary,
                image: a.image.as_deref(),
                picture: a.picture.as_ref(),
                image_caption: a.image_caption.as_deref(),
                district: &d.name,
                district_url: &d.url,
                category: a.category.as_deref(),
                featured: a.featured,
            })
        })
        .collect()
}

/// RFC 3339 in the site's offset, for `<time datetime>` and feeds.
pub fn iso(ts: jiff::Timestamp, site: &Site) -> String {
    let offset = site.offset;
    ts.to_zoned(jiff::tz::TimeZone::fixed(offset))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[derive(Serialize)]
struct StatCtx<'a> {
    label: &'a str,
    /// Written the Vietnamese way: "2.289", "13,2".
    value: String,
    raw: f64,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct RefCtx<'a> {
    name: &'a str,
    url: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct HeadingCtx<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    title: &'a str,
    url: &'a str,
    date: String,
    date_iso: String,
    updated: Option<String>,
    summary: &'a str,
    category: Option<&'a str>,
    tags: &'a [String],
    author: Option<&'a str>,
    source: Option<&'a str>,
    image: Option<&'a str>,
    picture: Option<&'a Picture>,
    image_caption: Option<&'a str>,
    body: &'a str,
    stats: Vec<StatCtx<'a>>,
    district: Link<'a>,
    units: Vec<RefCtx<'a>>,
    models: Vec<RefCtx<'a>>,
    figures: Vec<RefCtx<'a>>,
    headings: Vec<HeadingCtx<'a>>,
    reading_minutes: usize,
    draft: bool,
}

/// How many words `text` has, for its reading time: runs of bytes above 0x20, so
/// between ASCII whitespace and control characters. Counted where a run begins, eight
/// bytes at a time with word arithmetic: splitting the text into slices was 3% of a
/// build.
fn count_words(text: &str) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TOP: u64 = 0x8080_8080_8080_8080;
    // The top bit of each byte above 0x20: adding 0x5F to its low seven bits carries
    // into the top bit from 0x21 up, and a byte from 0x80 up has it already.
    let in_word = |w: u64| (((w & LOW7) + 0x5f5f_5f5f_5f5f_5f5f) | w) & TOP;
    let (chunks, tail) = text.as_bytes().as_chunks::<8>();
    let mut count = 0;
    // The flags of the chunk before: its last byte's is the top bit.
    let mut before = 0u64;
    for chunk in chunks {
        let flags = in_word(u64::from_le_bytes(*chunk));
        let previous = (flags << 8) | (before >> 56);
        count += (flags & !previous).count_ones() as usize;
        before = flags;
    }
    let mut last = before >> 63 == 1;
    for &b in tail {
        count += usize::from(b > 0x20 && !last);
        last = b > 0x20;
    }
    count
}

/// The `article` variable of an article page.
pub fn article_value(site: &Site, a: &Article) -> Value {
    let d = &site.districts[a.district];
    let refs = |kind: EntityKind| -> Vec<RefCtx> {
        a.links
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| {
                let e = site.entity(kind, l.entity);
                RefCtx {
                    name: &e.name,
                    url: &e.url,
                    note: l.note.as_deref(),
                }
            })
            .collect()
    };
    let words = count_words(&a.body.plain);
    Value::from_serializable(&ArticleCtx {
        title: &a.title,
        url: &a.url,
        date: format_datetime(a.date, a.has_time),
        date_iso: iso(a.timestamp, site),
        updated: a.updated.map(|(u, _)| format_date(u)),
        summary: &a.summary,
        category: a.category.as_deref(),
        tags: &a.tags,
        author: a.author.as_deref(),
        source: a.source.as_deref(),
        image: a.image.as_deref(),
        picture: a.picture.as_ref(),
        image_caption: a.image_caption.as_deref(),
        body: &a.body.html,
        stats: a
            .stats
            .iter()
            .map(|s| StatCtx {
                label: &s.label,
                value: format_number(s.value),
                raw: s.value,
                unit: s.unit.as_deref(),
            })
            .collect(),
        district: Link {
            name: &d.name,
            url: &d.url,
        },
        units: refs(EntityKind::Unit),
        models: refs(EntityKind::Model),
        figures: refs(EntityKind::Figure),
        headings: a
            .body
            .headings
            .iter()
            .map(|(level, id, text)| HeadingCtx {
                level: *level,
                id,
                text,
            })
            .collect(),
        reading_minutes: words.div_ceil(220).max(1),
        draft: a.draft,
    })
}

#[derive(Serialize)]
struct MemberCtx<'a> {
    name: &'a str,
    url: &'a str,
    kind_label: &'static str,
}

#[derive(Serialize)]
struct EntityCtx<'a> {
    kind: &'static str,
    kind_label: &'static str,
    name: &'a str,
    /// The letter it is filed under in lists ("Â", "Đ").
    initial: String,
    url: &'a str,
    summary: Option<&'a str>,
    image: Option<&'a str>,
    picture: Option<&'a Picture>,
    image_caption: Option<&'a str>,
    body: Option<&'a str>,
    role: Option<&'a str>,
    since: Option<i32>,
    scope: Option<&'a str>,
    unit_kind: Option<&'a str>,
    parent: Option<&'a str>,
    aliases: &'a [String],
    unit: Option<Link<'a>>,
    members: Vec<MemberCtx<'a>>,
    district: Option<Link<'a>>,
    count: usize,
    /// The newest story's date, "28/08/2017".
    latest: Option<String>,
    has_profile: bool,
}

/// The `entity` variable of a unit, model or figure page, and the items of list pages.
pub fn entity_value(site: &Site, e: &Entity) -> Value {
    let p = e.profile.as_ref();
    let units = &site.entities[EntityKind::Unit.index()];
    Value::from_serializable(&EntityCtx {
        kind: e.kind.dir(),
        kind_label: kind_label(e.kind).0,
        name: &e.name,
        initial: crate::text::initial(&e.name),
        url: &e.url,
        summary: p.and_then(|p| p.summary.as_deref()),
        image: p.and_then(|p| p.image.as_deref()),
        picture: p.and_then(|p| p.picture.as_ref()),
        image_caption: p.and_then(|p| p.image_caption.as_deref()),
        body: p.map(|p| p.body.html.as_str()).filter(|b| !b.is_empty()),
        role: e.role.as_deref(),
        since: p.and_then(|p| p.since),
        scope: p.and_then(|p| p.scope.as_deref()),
        unit_kind: p.and_then(|p| p.unit_kind.as_deref()),
        parent: p.and_then(|p| p.parent.as_deref()),
        aliases: p.map(|p| p.aliases.as_slice()).unwrap_or(&[]),
        unit: e.unit.and_then(|u| units.get(u)).map(|u| Link {
            name: &u.name,
            url: &u.url,
        }),
        members: e
            .members
            .iter()
            .map(|&(k, i)| {
                let m = site.entity(k, i);
                MemberCtx {
                    name: &m.name,
                    url: &m.url,
                    kind_label: kind_label(k).0,
                }
            })
            .collect(),
        district: e.district.map(|d| Link {
            name: &site.districts[d].name,
            url: &site.districts[d].url,
        }),
        count: e.articles.len(),
        latest: e.articles.first().map(|&i| {
            let d = site.articles[i].date;
            format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
        }),
        has_profile: p.is_some(),
    })
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    /// A window around the current page plus the first and last; `number: 0` marks a gap.
    pages: Vec<PageLink>,
}

/// URL of page `n` (1-based) of a paginated list at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The `paginator` variable.
pub fn paginator_value(base: &str, current: usize, total: usize) -> Value {
    let mut pages = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(current) <= 2 {
            if last_shown + 1 < n {
                pages.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                });
            }
            pages.push(PageLink {
                number: n,
                url: page_url(base, n),
                current: n == current,
            });
            last_shown = n;
        }
    }
    Value::from_serializable(&Paginator {
        current,
        total,
        prev: (current > 1).then(|| page_url(base, current - 1)),
        next: (current < total).then(|| page_url(base, current + 1)),
        pages,
    })
}

/// A list of cards for article indices.
pub fn card_list(cards: &[Value], indices: &[usize]) -> Value {
    let v: Vec<Value> = indices
        .iter()
        .filter_map(|&i| cards.get(i).cloned())
        .collect();
    Value::from(v.as_slice())
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_are_runs_between_whitespace() {
        let split = |text: &str| {
            text.as_bytes()
                .split(|&b| b <= 0x20)
                .filter(|w| !w.is_empty())
                .count()
        };
        for (text, n) in [
            ("", 0),
            ("   ", 0),
            ("Nghĩa Lộ", 2),
            (" Đảng bộ\txã\n\nNghĩa  Lợi ", 5),
            ("13,2% — 2.289 hộ", 4),
            ("a", 1),
            ("Mô hình nuôi lợn nhựa tiết kiệm của Hội Phụ nữ", 11),
        ] {
            assert_eq!(count_words(text), n, "{text:?}");
        }
        // Every place a word can begin or end against the eight-byte chunks.
        let alphabet = [" ", "a", "ộ", "\t", "\n", "đ", "2.289", "\u{7f}"];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            assert_eq!(count_words(&text), split(&text), "{text:?}");
        }
    }
}
