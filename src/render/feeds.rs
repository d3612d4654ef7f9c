//! Atom feeds, the sitemap, robots.txt and redirect pages. Written here rather than in
//! templates because they are machine formats: they must stay well-formed whatever an
//! editor types, which strict escaping in one place guarantees.

use super::context::iso;
use crate::content::EntityKind;
use crate::site::Site;
use std::fmt::Write;

/// How many stories a feed carries.
const FEED_LEN: usize = 30;

/// Escapes text for XML content and attributes, dropping characters XML 1.0 forbids
/// (control characters an editor may paste from Word).
pub fn xml_escape(out: &mut String, s: &str) {
    // Byte by byte, copying the runs between the few bytes that may need attention:
    // markup characters, control characters, and EF, which leads U+FFFE and U+FFFF
    // (EF BF BE and EF BF BF). A feed carries thirty whole stories, and a match on every
    // character was 3% of a 1,000-story build.
    static ATTENTION: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        t[b'&' as usize] = true;
        t[b'<' as usize] = true;
        t[b'>' as usize] = true;
        t[b'"' as usize] = true;
        t[b'\'' as usize] = true;
        t[0xef] = true;
        t
    };
    let b = s.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        if !ATTENTION[usize::from(b[i])] {
            i += 1;
            continue;
        }
        let (replacement, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x1f => ("", 1),
            0xef if b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)) => {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        out.push_str(replacement);
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    xml_escape(&mut out, s);
    out
}

/// An absolute URL when the site has a host, else the root-relative one.
fn absolute(site: &Site, url: &str) -> String {
    let abs = site.config.absolute_base();
    match url.strip_prefix(site.base_path.as_str()) {
        Some(rest) if abs.contains("://") => format!("{abs}{rest}"),
        _ => url.to_string(),
    }
}

/// The Atom feed of the whole site, or of one district.
pub fn atom(site: &Site, district: Option<usize>) -> String {
    let (title, url, self_url) = match district {
        Some(d) => {
            let d = &site.districts[d];
            (
                format!("{} – {}", d.name, site.config.title),
                d.url.clone(),
                format!("{}feed.xml", d.url),
            )
        }
        None => (
            site.config.title.clone(),
            site.base_path.clone(),
            format!("{}feed.xml", site.base_path),
        ),
    };
    let items: Vec<usize> = match district {
        Some(d) => site.districts[d]
            .articles
            .iter()
            .copied()
            .take(FEED_LEN)
            .collect(),
        None => (0..site.articles.len().min(FEED_LEN)).collect(),
    };
    let updated = items
        .iter()
        .map(|&i| {
            site.articles[i]
                .updated
                .map(|u| u.1)
                .unwrap_or(site.articles[i].timestamp)
        })
        .max()
        .map(|t| iso(t, site))
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut s = String::with_capacity(4096 + items.len() * 4096);
    let _ = write!(
        s,
        "{XML}<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n",
        esc(&site.config.language),
        esc(&title)
    );
    if !site.config.description.is_empty() {
        let _ = writeln!(s, "<subtitle>{}</subtitle>", esc(&site.config.description));
    }
    let _ = write!(
        s,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n<generator>guong</generator>\n",
        esc(&absolute(site, &url)),
        esc(&absolute(site, &self_url)),
        esc(&absolute(site, &url)),
        updated
    );
    for &i in &items {
        let a = &site.articles[i];
        let link = absolute(site, &a.url);
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{}</published>\n<updated>{}</updated>\n",
            esc(&a.title),
            esc(&link),
            esc(&link),
            iso(a.timestamp, site),
            iso(a.updated.map(|u| u.1).unwrap_or(a.timestamp), site)
        );
        let author = a.author.as_deref().unwrap_or(&site.config.title);
        let _ = writeln!(s, "<author><name>{}</name></author>", esc(author));
        let _ = writeln!(
            s,
            "<category term=\"{}\"/>",
            esc(&site.districts[a.district].name)
        );
        if !a.summary.is_empty() {
            let _ = writeln!(s, "<summary>{}</summary>", esc(&a.summary));
        }
        let _ = writeln!(
            s,
            "<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>",
            esc(&link),
            esc(&a.body.html)
        );
    }
    s.push_str("</feed>\n");
    s
}

/// What every XML file begins with.
const XML: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
/// The sitemap protocol's namespace, of a sitemap and of an index of sitemaps.
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The most URLs one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap: `sitemap.xml` listing every page, or, past [`SITEMAP_URLS`] pages (a
/// portal of 50,000 stories), `sitemap.xml` as an index of `sitemap-1.xml`,
/// `sitemap-2.xml`… of at most that many each, which search engines require. Paths
/// and contents, in order.
pub fn sitemaps(site: &Site, limit: usize) -> Vec<(String, String)> {
    let urls = sitemap_urls(site);
    let set = |urls: &[String]| {
        let mut s = String::with_capacity(128 + urls.iter().map(String::len).sum::<usize>());
        let _ = writeln!(s, "{XML}<urlset xmlns=\"{SITEMAP_NS}\">");
        urls.iter().for_each(|u| s.push_str(u));
        s.push_str("</urlset>\n");
        s
    };
    if urls.len() <= limit {
        return vec![("sitemap.xml".into(), set(&urls))];
    }
    let parts: Vec<(String, String)> = urls
        .chunks(limit.max(1))
        .enumerate()
        .map(|(n, chunk)| (format!("sitemap-{}.xml", n + 1), set(chunk)))
        .collect();
    let mut index = format!("{XML}<sitemapindex xmlns=\"{SITEMAP_NS}\">\n");
    for (path, _) in &parts {
        let loc = absolute(site, &format!("{}{path}", site.base_path));
        let _ = writeln!(index, "<sitemap><loc>{}</loc></sitemap>", esc(&loc));
    }
    index.push_str("</sitemapindex>\n");
    std::iter::once(("sitemap.xml".into(), index))
        .chain(parts)
        .collect()
}

/// Every page's `<url>` element, one line each, with the date of its newest story where it
/// has one.
fn sitemap_urls(site: &Site) -> Vec<String> {
    let per = site.config.paginate.max(1);
    let mut out = Vec::with_capacity(16 + site.articles.len() + site.districts.len());
    let url = |out: &mut Vec<String>, u: &str, lastmod: Option<jiff::Timestamp>| {
        let mut s = format!("<url><loc>{}</loc>", esc(&absolute(site, u)));
        if let Some(t) = lastmod {
            let _ = write!(s, "<lastmod>{}</lastmod>", iso(t, site));
        }
        s.push_str("</url>\n");
        out.push(s);
    };
    let newest = |list: &[usize]| list.first().map(|&i| site.articles[i].timestamp);
    url(
        &mut out,
        &site.base_path,
        site.articles.first().map(|a| a.timestamp),
    );
    for d in &site.districts {
        url(&mut out, &d.url, newest(&d.articles));
        for p in 2..=d.articles.len().div_ceil(per) {
            url(&mut out, &format!("{}page/{p}/", d.url), None);
        }
    }
    for a in &site.articles {
        url(
            &mut out,
            &a.url,
            Some(a.updated.map(|u| u.1).unwrap_or(a.timestamp)),
        );
    }
    for kind in EntityKind::ALL {
        url(&mut out, &site.list_url(kind), None);
        for e in &site.entities[kind.index()] {
            url(&mut out, &e.url, newest(&e.articles));
        }
    }
    if site.config.search {
        url(&mut out, &format!("{}search/", site.base_path), None);
    }
    url(
        &mut out,
        &format!("{}{}/", site.base_path, super::STATS_DIR),
        site.articles.first().map(|a| a.timestamp),
    );
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        absolute(site, &format!("{}sitemap.xml", site.base_path))
    )
}

/// A page that sends readers and search engines from an old URL to `to`.
pub fn redirect_page(to: &str) -> String {
    let to = esc(to);
    format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đã chuyển trang</title><link rel=\"canonical\" href=\"{to}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><p>Trang đã chuyển tới <a href=\"{to}\">{to}</a>.</p></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_sitemaps() {
        let site = crate::build::fixture_site("portal");
        let whole = sitemaps(&site, SITEMAP_URLS);
        assert_eq!(whole.len(), 1, "the fixture fits one sitemap");
        assert_eq!(whole[0].0, "sitemap.xml");
        let urls = |xml: &str| -> Vec<String> {
            xml.lines()
                .filter(|l| l.starts_with("<url>"))
                .map(String::from)
                .collect()
        };
        let all = urls(&whole[0].1);
        assert!(all.len() > 7, "{} pages", all.len());

        let split = sitemaps(&site, 3);
        let (index, parts) = split.split_first().expect("files");
        assert_eq!(index.0, "sitemap.xml");
        assert!(
            index
                .1
                .contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(parts.len(), all.len().div_ceil(3));
        let mut again = Vec::new();
        for (n, (path, xml)) in parts.iter().enumerate() {
            assert_eq!(path, &format!("sitemap-{}.xml", n + 1));
            assert!(
                index.1.contains(&format!("<loc>/{path}</loc>")),
                "{}",
                index.1
            );
            assert!(xml.starts_with("<?xml") && xml.ends_with("</urlset>\n"));
            let these = urls(xml);
            assert!(!these.is_empty() && these.len() <= 3);
            again.extend(these);
        }
        assert_eq!(again, all, "every page once, in order");
    }

    #[test]
    fn xml_escape_drops_forbidden_control_characters() {
        assert_eq!(esc("a<b>&\"'\u{0008}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
        assert_eq!(
            esc("Nghĩa Lộ\t\u{FFFE}x\u{FFFF}\u{FFFD}\r\n\u{1F}&"),
            "Nghĩa Lộ\tx\u{FFFD}\r\n&amp;"
        );
    }
}
