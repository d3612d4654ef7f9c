//! Markdown to HTML, in one pass over each body.
//!
//! Besides the HTML this gives what other stages need from the same parse: the plain text
//! (search index), the first paragraph (the sapo when the editor wrote none), and the
//! local links and images (checked against the site). Headings get stable anchors from
//! their folded text; an image alone in a paragraph becomes a `<figure>` whose caption is
//! the image's title, the way the seeds' portals print photo captions.

use crate::images::{Found, Picture, Resolver};
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::HashMap;

/// What one Markdown body produced.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// Text only, blocks separated by newlines; for search and word counts.
    pub plain: String,
    /// The first paragraph's text, the fallback summary.
    pub first_paragraph: String,
    /// `(level, id, text)` of each heading, for a table of contents.
    pub headings: Vec<(u8, String, String)>,
    /// Link and image targets as written, with the 1-based line of the body they are on.
    pub links: Vec<(String, usize)>,
    /// Images that exist but cannot be read: `(target as written, line, reason)`.
    pub broken_images: Vec<(String, usize, String)>,
}

/// How wide a photo in a story body is shown: the story column, or the phone's width
/// less the margins. Keeps phones from fetching desktop-sized photos.
pub const BODY_SIZES: &str = "(min-width: 48em) 704px, calc(100vw - 4rem)";

/// Renders `source`. `base_path` (such as `/` or `/tin/`) is put in front of
/// root-relative links so a site built for a sub-path keeps working.
pub fn render(source: &str, base_path: &str) -> Rendered {
    render_with(source, base_path, None)
}

/// Renders `source`, turning the photos `images` knows into `<picture>` markup with
/// every size guong publishes.
pub fn render_with(source: &str, base_path: &str, images: Option<&Resolver>) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut out = Rendered::default();
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    let mut paragraph_depth = 0usize;
    let mut in_first_paragraph = false;
    let mut seen_paragraph = false;

    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&events, i);
                let text = collect_text(&events[i + 1..end]);
                let id = match id {
                    Some(id) => id.to_string(),
                    None => unique_id(&slugify(&text), &mut ids),
                };
                out.headings
                    .push((heading_number(*level), id.clone(), text.clone()));
                push_plain(&mut out.plain, &text);
                html_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (e, r) in &events[i + 1..end] {
                    html_events.push(rewrite(
                        e.clone(),
                        base_path,
                        &mut out.links,
                        line_of(r.start),
                    ));
                }
                html_events.push(Event::End(TagEnd::Heading(*level)));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(figure) = lone_image(&events, i, base_path) {
                    let line = line_of(range.start);
                    out.links.push((figure.written.clone(), line));
                    let picture = photo(images, &figure.written, &figure.src, line, &mut out);
                    push_plain(&mut out.plain, &figure.caption);
                    html_events.push(Event::Html(CowStr::from(figure.to_html(picture.as_ref()))));
                    i += figure.consumed;
                    continue;
                }
                paragraph_depth += 1;
                if !seen_paragraph {
                    seen_paragraph = true;
                    in_first_paragraph = true;
                }
                html_events.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                in_first_paragraph = false;
                out.plain.push('\n');
                html_events.push(event.clone());
            }
            Event::Text(t) | Event::Code(t) => {
                if in_first_paragraph {
                    out.first_paragraph.push_str(t);
                }
                out.plain.push_str(t);
                html_events.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_first_paragraph {
                    out.first_paragraph.push(' ');
                }
                out.plain.push(' ');
                html_events.push(event.clone());
            }
            Event::Start(Tag::Image { dest_url, .. }) if images.is_some() && is_local(dest_url) => {
                let line = line_of(range.start);
                let src = with_base(dest_url.clone(), base_path);
                let end = find_end(&events, i);
                if let Some(picture) = photo(images, dest_url, &src, line, &mut out) {
                    out.links.push((dest_url.to_string(), line));
                    let alt = collect_text(&events[i + 1..end]);
                    html_events.push(Event::Html(CowStr::from(
                        picture.html(&alt, BODY_SIZES, true),
                    )));
                    i = end + 1;
                    continue;
                }
                html_events.push(rewrite(event.clone(), base_path, &mut out.links, line));
            }
            Event::End(TagEnd::TableCell | TagEnd::Item | TagEnd::CodeBlock) => {
                out.plain.push('\n');
                html_events.push(event.clone());
            }
            e => html_events.push(rewrite(
                e.clone(),
                base_path,
                &mut out.links,
                line_of(range.start),
            )),
        }
        i += 1;
    }
    out.first_paragraph = out.first_paragraph.trim().to_string();
    out.html.reserve(source.len() * 3 / 2);
    html::push_html(&mut out.html, html_events.into_iter());
    out.html = fitted(out.html);
    out.plain = fitted(out.plain);
    out
}

/// `s` in a buffer of its own length. Every story's HTML and text are kept until the
/// site is written; grown by doubling, their buffers were 40% larger than the text.
/// The large buffer freed here is reused for the next story parsed on this thread.
fn fitted(s: String) -> String {
    if s.capacity() - s.len() > s.len() / 16 {
        s.as_str().to_owned()
    } else {
        s
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn push_plain(plain: &mut String, text: &str) {
    plain.push_str(text);
    plain.push('\n');
}

/// Index of the `End` matching the `Start` at `start`.
fn find_end(events: &[(Event, std::ops::Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn collect_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

fn unique_id(base: &str, ids: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "muc" } else { base };
    let n = ids.entry(base.to_string()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base.to_string()
    } else {
        format!("{base}-{}", *n - 1)
    }
}

/// Prefixes root-relative URLs with the site's base path and records local targets.
fn rewrite<'a>(
    event: Event<'a>,
    base_path: &str,
    links: &mut Vec<(String, usize)>,
    line: usize,
) -> Event<'a> {
    let mut local = |dest: CowStr<'a>| {
        if is_local(&dest) {
            links.push((dest.to_string(), line));
        }
        with_base(dest, base_path)
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: local(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: local(dest_url),
            title,
            id,
        }),
        e => e,
    }
}

/// A link that points inside the site (not `https:`, `mailto:`, `#anchor`, `//host`).
pub fn is_local(url: &str) -> bool {
    !(url.is_empty()
        || url.starts_with('#')
        || url.starts_with("//")
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("data:"))
}

fn with_base<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") && base_path != "/" {
        CowStr::from(format!("{}{}", base_path, &url[1..]))
    } else {
        url
    }
}

/// The `<picture>` for a photo the resolver knows; a file that is no readable image is
/// recorded for an error at its line.
fn photo(
    images: Option<&Resolver>,
    written: &str,
    src: &str,
    line: usize,
    out: &mut Rendered,
) -> Option<Picture> {
    match images?.find(written) {
        Found::Photo(meta) => Some(Picture::new(src, &meta)),
        Found::Broken(reason) => {
            out.broken_images.push((written.to_string(), line, reason));
            None
        }
        Found::NotProcessed => None,
    }
}

/// An image that is the only thing in its paragraph.
struct Figure {
    /// The target as written in Markdown.
    written: String,
    /// The same, ready for `src` (base path added).
    src: String,
    alt: String,
    caption: String,
    consumed: usize,
}

impl Figure {
    fn to_html(&self, picture: Option<&Picture>) -> String {
        let mut s =
            String::with_capacity(self.src.len() + self.alt.len() + self.caption.len() + 96);
        s.push_str("<figure class=\"body-figure\">");
        match picture {
            Some(p) => s.push_str(&p.html(&self.alt, BODY_SIZES, true)),
            None => {
                s.push_str("<img src=\"");
                escape_into(&mut s, &self.src);
                s.push_str("\" alt=\"");
                escape_into(&mut s, &self.alt);
                s.push_str("\" loading=\"lazy\" decoding=\"async\">");
            }
        }
        if !self.caption.is_empty() {
            s.push_str("<figcaption>");
            escape_into(&mut s, &self.caption);
            s.push_str("</figcaption>");
        }
        s.push_str("</figure>\n");
        s
    }
}

/// `[Start(Paragraph), Start(Image), text…, End(Image), End(Paragraph)]` → a figure.
fn lone_image(
    events: &[(Event, std::ops::Range<usize>)],
    i: usize,
    base_path: &str,
) -> Option<Figure> {
    let (
        Event::Start(Tag::Image {
            dest_url,
            title,
            link_type,
            ..
        }),
        _,
    ) = events.get(i + 1)?
    else {
        return None;
    };
    if matches!(link_type, LinkType::Email | LinkType::Autolink) {
        return None;
    }
    let img_end = find_end(events, i + 1);
    if !matches!(
        events.get(img_end + 1),
        Some((Event::End(TagEnd::Paragraph), _))
    ) {
        return None;
    }
    let alt = collect_text(&events[i + 2..img_end]);
    let caption = if title.is_empty() {
        alt.clone()
    } else {
        title.to_string()
    };
    Some(Figure {
        written: dest_url.to_string(),
        src: with_base(dest_url.clone(), base_path).to_string(),
        alt,
        caption: if title.is_empty() {
            String::new()
        } else {
            caption
        },
        consumed: img_end + 2 - i,
    })
}

/// Escapes text for an HTML attribute or element, with pulldown-cmark's own escaper.
fn escape_into(out: &mut String, s: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_folded_unique_anchors() {
        let r = render(
            "## Nhân rộng mô hình\n\ntext\n\n## Nhân rộng mô hình\n",
            "/",
        );
        assert!(
            r.html.contains("<h2 id=\"nhan-rong-mo-hinh\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"nhan-rong-mo-hinh-1\">"),
            "{}",
            r.html
        );
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn lone_image_with_title_becomes_a_captioned_figure() {
        let r = render(
            "![Ông Lập](lap.jpg \"Ông Hoàng Trung Lập bên đàn bò\")\n",
            "/",
        );
        assert!(
            r.html
                .contains("<figure class=\"body-figure\"><img src=\"lap.jpg\" alt=\"Ông Lập\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<figcaption>Ông Hoàng Trung Lập bên đàn bò</figcaption>")
        );
        assert_eq!(r.links, vec![("lap.jpg".to_string(), 1)]);
    }

    #[test]
    fn root_links_get_the_base_path_and_are_recorded_with_lines() {
        let r = render(
            "Xem\n[tin](/nghia-lo/abc/) và [ngoài](https://example.org)\n",
            "/tin/",
        );
        assert!(r.html.contains("href=\"/tin/nghia-lo/abc/\""), "{}", r.html);
        assert_eq!(r.links, vec![("/nghia-lo/abc/".to_string(), 2)]);
    }

    #[test]
    fn first_paragraph_and_plain_text() {
        let r = render(
            "Đoạn **đầu** tiên.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nĐoạn hai~~x~~[^1]\n\n[^1]: chú thích\n",
            "/",
        );
        assert_eq!(r.first_paragraph, "Đoạn đầu tiên.");
        assert!(r.plain.contains("Đoạn hai"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn raw_html_is_kept_in_bodies() {
        let r = render("<div class=\"video\"></div>\n", "/");
        assert!(r.html.contains("<div class=\"video\"></div>"));
    }
}
