//! Charts drawn at build time as inline SVG: no JavaScript, no chart service, nothing
//! more to download. Readers would rather look than read; screen readers get each
//! chart's numbers in words, and every chart carries its data as a table too.
//!
//! Charts are drawn 320 units wide, about a phone's width, so their text stays legible when
//! the SVG is scaled to the screen; wider screens show them side by side.

use crate::content::EntityKind;
use crate::site::{Article, Site};
use crate::text::format_number;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The drawing's width in SVG units.
const W: f64 = 320.0;
/// Longest label drawn in a bar chart, in characters; longer ones end in "…" (the table
/// and the screen-reader text keep them whole).
const LABEL_CHARS: usize = 40;

/// One chart as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Stable name: `years`, `units`, `models`, `figures`, `stats`, `districts`.
    pub key: &'static str,
    pub title: String,
    /// The whole `<figure>`: SVG, caption and data table.
    pub html: String,
}

/// One bar: its label, its value and where it leads (in the table).
struct Row<'a> {
    label: &'a str,
    value: usize,
    url: Option<&'a str>,
}

/// The charts for a set of stories (a district's, or the whole site's), in the order a
/// page shows them. Charts with nothing to show are left out.
pub fn charts(site: &Site, scope: &[usize], with_districts: bool, prefix: &str) -> Vec<Chart> {
    let articles: Vec<&Article> = scope.iter().map(|&i| &site.articles[i]).collect();
    let mut out = Vec::new();
    let mut years: BTreeMap<i16, usize> = BTreeMap::new();
    for a in &articles {
        *years.entry(a.date.year()).or_default() += 1;
    }
    // Years without stories stay on the axis, at zero: a gap is news too.
    if let (Some(&first), Some(&last)) = (years.keys().next(), years.keys().next_back()) {
        for y in first..last {
            years.entry(y).or_default();
        }
    }
    if !years.is_empty() {
        let labels: Vec<String> = years.keys().map(|y| y.to_string()).collect();
        let rows: Vec<Row> = labels
            .iter()
            .zip(years.values())
            .map(|(l, &v)| Row {
                label: l,
                value: v,
                url: None,
            })
            .collect();
        out.push(columns(
            &format!("{prefix}years"),
            "years",
            "Số bài viết theo năm",
            "Năm",
            &rows,
        ));
    }
    if with_districts {
        // Most stories first; the sort is stable, so ties keep the menu's order.
        let mut rows: Vec<Row> = site
            .districts
            .iter()
            .map(|d| Row {
                label: &d.name,
                value: d.articles.len(),
                url: Some(&d.url),
            })
            .filter(|r| r.value > 0)
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.value));
        if !rows.is_empty() {
            out.push(bars(
                &format!("{prefix}districts"),
                "districts",
                "Số bài viết theo địa phương",
                "Địa phương",
                &rows,
            ));
        }
    }
    for (kind, key, title, head) in [
        (
            EntityKind::Unit,
            "units",
            "Tập thể được nhắc đến nhiều nhất",
            "Tập thể",
        ),
        (
            EntityKind::Model,
            "models",
            "Mô hình được nhắc đến nhiều nhất",
            "Mô hình",
        ),
        (
            EntityKind::Figure,
            "figures",
            "Gương điển hình được nhắc đến nhiều nhất",
            "Gương điển hình",
        ),
    ] {
        let rows = most_mentioned(site, &articles, kind, 5);
        if !rows.is_empty() {
            out.push(bars(&format!("{prefix}{key}"), key, title, head, &rows));
        }
    }
    let stats = recent_stats(&articles, 6);
    if !stats.is_empty() {
        out.push(stat_tiles(&format!("{prefix}stats"), &stats));
    }
    out
}

/// The `n` entities of `kind` named by most of `articles`; ties in alphabetical order.
fn most_mentioned<'a>(
    site: &'a Site,
    articles: &[&Article],
    kind: EntityKind,
    n: usize,
) -> Vec<Row<'a>> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for a in articles {
        for l in a.links.iter().filter(|l| l.kind == kind) {
            *counts.entry(l.entity).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    // Entities are stored in Vietnamese alphabetical order: the index breaks ties.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(n)
        .map(|(i, v)| {
            let e = site.entity(kind, i);
            Row {
                label: &e.name,
                value: v,
                url: Some(&e.url),
            }
        })
        .collect()
}

/// A key figure of a story, with the story it comes from.
struct StatRow<'a> {
    value: String,
    unit: Option<&'a str>,
    /// The share it is, when it is a percentage, for a bar.
    share: Option<f64>,
    label: &'a str,
    story: &'a str,
    url: &'a str,
    date: String,
}

/// Up to `n` key figures of the newest stories, at most two from one story so one long
/// report does not fill the chart.
fn recent_stats<'a>(articles: &[&'a Article], n: usize) -> Vec<StatRow<'a>> {
    let mut out = Vec::new();
    for a in articles {
        for s in a.stats.iter().take(2) {
            if out.len() == n {
                return out;
            }
            let unit = s.unit.as_deref();
            out.push(StatRow {
                value: format_number(s.value),
                unit,
                share: (unit == Some("%") && (0.0..=100.0).contains(&s.value))
                    .then_some(s.value / 100.0),
                label: &s.label,
                story: &a.title,
                url: &a.url,
                date: format!(
                    "{:02}/{:02}/{}",
                    a.date.day(),
                    a.date.month(),
                    a.date.year()
                ),
            });
        }
    }
    out
}

/// Vertical columns, for counts over time.
fn columns(id: &str, key: &'static str, title: &str, head: &str, rows: &[Row]) -> Chart {
    let (top, base, h) = (22.0, 168.0, 192.0);
    let n = rows.len().max(1) as f64;
    let slot = (W - 16.0) / n;
    let bar = (slot * 0.62).min(48.0);
    let max = rows.iter().map(|r| r.value).max().unwrap_or(1).max(1) as f64;
    // Label every k-th column so labels never overlap ("2017" needs about 34 units).
    let every = (34.0 / slot).ceil().max(1.0) as usize;
    let mut svg = open_svg(id, title, &describe(rows, "bài"), h);
    let _ = write!(
        svg,
        "<line x1=\"8\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#8a8378\" stroke-width=\"1\"/>",
        W - 8.0
    );
    for (i, r) in rows.iter().enumerate() {
        let x = 8.0 + slot * i as f64 + (slot - bar) / 2.0;
        let bh = ((base - top) * r.value as f64 / max).max(1.0);
        let cx = x + bar / 2.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\" rx=\"2\" fill=\"#9b1c1c\"/>",
            base - bh
        );
        if slot >= 20.0 || r.value as f64 == max {
            let _ = write!(
                svg,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"700\" fill=\"#222\">{}</text>",
                base - bh - 6.0,
                format_number(r.value as f64)
            );
        }
        if i % every == 0 || i + 1 == rows.len() {
            let _ = write!(
                svg,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#444\">{}</text>",
                base + 18.0,
                esc(r.label)
            );
        }
    }
    svg.push_str("</svg>");
    finish(id, key, title, svg, head, "Số bài", rows)
}

/// Horizontal bars with the label above each, for ranked names (long Vietnamese names
/// fit a phone this way).
fn bars(id: &str, key: &'static str, title: &str, head: &str, rows: &[Row]) -> Chart {
    let row_h = 44.0;
    let h = 8.0 + row_h * rows.len() as f64;
    let max = rows.iter().map(|r| r.value).max().unwrap_or(1).max(1) as f64;
    let span = W - 8.0 - 52.0;
    let mut svg = open_svg(id, title, &describe(rows, "bài"), h);
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + row_h * i as f64;
        let len = (span * r.value as f64 / max).max(2.0);
        let _ = write!(
            svg,
            "<text x=\"8\" y=\"{:.1}\" font-size=\"14\" fill=\"#222\">{}</text>",
            y + 14.0,
            esc(&truncate(r.label, LABEL_CHARS))
        );
        let _ = write!(
            svg,
            "<rect x=\"8\" y=\"{:.1}\" width=\"{len:.1}\" height=\"14\" rx=\"2\" fill=\"#9b1c1c\"/>",
            y + 21.0
        );
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"700\" fill=\"#222\">{}</text>",
            8.0 + len + 6.0,
            y + 33.0,
            format_number(r.value as f64)
        );
    }
    svg.push_str("</svg>");
    finish(id, key, title, svg, head, "Số bài", rows)
}

/// Key figures as tiles: the number large, what it counts below, a bar for shares.
fn stat_tiles(id: &str, rows: &[StatRow]) -> Chart {
    let title = "Con số nổi bật từ các bài mới";
    let gap = 8.0;
    let (tile_w, tile_h) = ((W - 8.0 - gap) / 2.0, 116.0);
    let lines = rows.len().div_ceil(2);
    let h = 8.0 + (tile_h + gap) * lines as f64;
    let desc = rows
        .iter()
        .map(|r| {
            format!(
                "{}: {}{} ({})",
                r.label,
                r.value,
                r.unit.map(|u| format!(" {u}")).unwrap_or_default(),
                r.story
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = open_svg(id, title, &desc, h);
    for (i, r) in rows.iter().enumerate() {
        let x = 4.0 + (tile_w + gap) * (i % 2) as f64;
        let y = 4.0 + (tile_h + gap) * (i / 2) as f64;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{tile_w}\" height=\"{tile_h}\" rx=\"6\" fill=\"#fff7e6\" stroke=\"#f0d9a0\"/>"
        );
        let unit = r
            .unit
            .map(|u| {
                format!(
                    "<tspan font-size=\"14\" font-weight=\"400\">{}{}</tspan>",
                    if u == "%" { "" } else { " " },
                    esc(u)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"24\" font-weight=\"700\" fill=\"#9b1c1c\">{}{unit}</text>",
            x + 10.0,
            y + 30.0,
            esc(&r.value)
        );
        let mut ly = y + 54.0;
        if let Some(share) = r.share {
            let full = tile_w - 20.0;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{full:.1}\" height=\"6\" rx=\"3\" fill=\"#ead9c0\"/><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"6\" rx=\"3\" fill=\"#9b1c1c\"/>",
                x + 10.0,
                y + 38.0,
                x + 10.0,
                y + 38.0,
                (full * share).max(1.0)
            );
            ly += 6.0;
        }
        for line in wrap(r.label, 20, 2) {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"12\" fill=\"#222\">{}</text>",
                x + 10.0,
                esc(&line)
            );
            ly += 15.0;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#5c564d\">{}</text>",
            x + 10.0,
            y + tile_h - 8.0,
            r.date
        );
    }
    svg.push_str("</svg>");
    let mut table = String::from(
        "<table><thead><tr><th scope=\"col\">Con số</th><th scope=\"col\">Nội dung</th><th scope=\"col\">Bài viết</th></tr></thead><tbody>",
    );
    for r in rows {
        let _ = write!(
            table,
            "<tr><td class=\"num\">{}{}</td><td>{}</td><td><a href=\"{}\">{}</a> ({})</td></tr>",
            esc(&r.value),
            r.unit
                .map(|u| format!("{}{}", if u == "%" { "" } else { " " }, esc(u)))
                .unwrap_or_default(),
            esc(r.label),
            esc(r.url),
            esc(r.story),
            r.date
        );
    }
    table.push_str("</tbody></table>");
    Chart {
        key: "stats",
        title: title.to_string(),
        html: figure(id, title, &svg, &table),
    }
}

fn open_svg(id: &str, title: &str, desc: &str, h: f64) -> String {
    format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    )
}

/// "2017: 3 bài; 2018: 5 bài": the numbers in words for screen readers.
fn describe(rows: &[Row], unit: &str) -> String {
    rows.iter()
        .map(|r| format!("{}: {} {unit}", r.label, format_number(r.value as f64)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn finish(
    id: &str,
    key: &'static str,
    title: &str,
    svg: String,
    head: &str,
    value_head: &str,
    rows: &[Row],
) -> Chart {
    let mut table = format!(
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
        esc(head),
        esc(value_head)
    );
    for r in rows {
        let label = match r.url {
            Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), esc(r.label)),
            None => esc(r.label),
        };
        let _ = write!(
            table,
            "<tr><td>{label}</td><td class=\"num\">{}</td></tr>",
            format_number(r.value as f64)
        );
    }
    table.push_str("</tbody></table>");
    Chart {
        key,
        title: title.to_string(),
        html: figure(id, title, &svg, &table),
    }
}

fn figure(id: &str, title: &str, svg: &str, table: &str) -> String {
    format!(
        "<figure class=\"chart\" id=\"{id}\"><figcaption class=\"chart-title\">{}</figcaption>{svg}<details class=\"chart-data\"><summary>Xem bảng số liệu</summary>{table}</details></figure>",
        esc(title)
    )
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

/// Breaks `s` into at most `lines` lines of about `width` characters at spaces; the
/// last line ends in "…" when text is left over.
fn wrap(s: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
            if out.len() == lines {
                break;
            }
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if out.len() < lines && !cur.is_empty() {
        out.push(cur);
    } else if out.len() == lines {
        let last = out.pop().unwrap_or_default();
        out.push(truncate(&format!("{last} …"), width + 1));
    }
    out
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&'static str, usize)]) -> Vec<Row<'static>> {
        v.iter()
            .map(|&(label, value)| Row {
                label,
                value,
                url: None,
            })
            .collect()
    }

    #[test]
    fn columns_are_well_formed_and_scaled_to_the_largest() {
        let c = columns(
            "c",
            "years",
            "Số bài",
            "Năm",
            &rows(&[("2017", 3), ("2018", 6)]),
        );
        let svg = &c.html[c.html.find("<svg").unwrap()..c.html.find("</svg>").unwrap() + 6];
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let heights: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| n.attribute("height").unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 2);
        assert!((heights[1] - 2.0 * heights[0]).abs() < 0.2, "{heights:?}");
        assert!(svg.contains(">2017</text>"), "years are not numbers: {svg}");
        assert!(c.html.contains("<td>2018</td><td class=\"num\">6</td>"));
        assert!(svg.contains("<desc id=\"c-d\">2017: 3 bài; 2018: 6 bài</desc>"));
    }

    #[test]
    fn many_years_label_only_some_columns() {
        let labels: Vec<String> = (2000..2030).map(|y| y.to_string()).collect();
        let r: Vec<Row> = labels
            .iter()
            .map(|l| Row {
                label: l,
                value: 1,
                url: None,
            })
            .collect();
        let c = columns("c", "years", "t", "Năm", &r);
        let shown = labels
            .iter()
            .filter(|l| c.html.contains(&format!(">{l}</text>")))
            .count();
        assert!((8..30).contains(&shown), "{shown} labels");
    }

    #[test]
    fn long_names_are_cut_in_the_drawing_but_whole_in_the_table() {
        let long = "Hội Liên hiệp Phụ nữ xã Nghĩa Lợi, thị xã Nghĩa Lộ, tỉnh Yên Bái cũ";
        let c = bars("b", "units", "t", "Tập thể", &rows(&[(long, 1200)]));
        assert!(c.html.contains("…</text>"));
        assert!(c.html.contains(&format!("<td>{long}</td>")));
        assert!(c.html.contains(">1.200</text>"), "Vietnamese thousands");
    }

    #[test]
    fn labels_wrap_at_spaces() {
        assert_eq!(
            wrap("đảng viên được học tập, quán triệt chỉ thị", 20, 2),
            vec![
                "đảng viên được học".to_string(),
                "tập, quán triệt chỉ …".to_string()
            ]
        );
        assert_eq!(wrap("ngắn", 20, 2), vec!["ngắn".to_string()]);
    }
}
