//! Charts: district pages and `/thong-ke/` carry SVG charts drawn from the stories;
//! they must be well-formed, accessible and show the right numbers.

mod common;
use common::*;

fn site() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", "title: \"Số liệu\"\n");
    s.write(
        "content/nghia-lo/_index.md",
        "---\nname: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    s.write(
        "content/sin-ho/_index.md",
        "---\nname: \"Huyện Sìn Hồ\"\n---\n",
    );
    let stories = [
        (
            "nghia-lo/a",
            "2017-03-01",
            "[\"Thị ủy Nghĩa Lộ\", \"Hội Cựu chiến binh phường Pú Trạng\"]",
            "",
        ),
        ("nghia-lo/b", "2017-08-28", "[\"Thị ủy Nghĩa Lộ\"]", ""),
        (
            "nghia-lo/c",
            "2019-05-02",
            "[\"Thị uỷ Nghĩa Lộ\"]",
            "stats:\n  - { label: \"đảng viên\", value: 2289 }\n  - { label: \"tỷ lệ hộ nghèo giảm\", value: 13.2, unit: \"%\" }\n  - { label: \"bỏ qua\", value: 1 }\n",
        ),
        (
            "sin-ho/d",
            "2023-03-07",
            "[\"Đảng bộ thị trấn Sìn Hồ\"]",
            "",
        ),
    ];
    for (path, date, units, extra) in stories {
        s.write(
            &format!("content/{path}.md"),
            &format!(
                "---\ntitle: \"Bài {path}\"\ndate: {date}\nunits: {units}\n{extra}---\nNội dung.\n"
            ),
        );
    }
    s.build(&[]);
    s
}

/// The SVG of the chart with `id`, parsed; panics if it is not well-formed.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<figure class=\"chart\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no chart {id} in:\n{html}"));
    let rest = &html[start..];
    let svg = &rest[rest.find("<svg").expect("svg")..rest.find("</svg>").expect("end") + 6];
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{id}: {e}\n{svg}"));
    &rest[..rest.find("</figure>").expect("figure end") + 9]
}

fn bar_heights(svg: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(
        &svg[svg.find("<svg").unwrap()..svg.find("</svg>").unwrap() + 6],
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| n.attribute("height").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn a_district_page_charts_its_own_stories_by_year_with_empty_years_at_zero() {
    let s = site();
    let html = s.read("nghia-lo/index.html");
    let years = chart(&html, "chart-years");
    // 2017: 2, 2018: 0, 2019: 1 — and nothing from Sìn Hồ's 2023.
    assert!(
        years.contains("<desc id=\"chart-years-d\">2017: 2 bài; 2018: 0 bài; 2019: 1 bài</desc>"),
        "{years}"
    );
    assert!(!years.contains("2023"));
    let h = bar_heights(years);
    assert_eq!(h.len(), 3);
    assert!((h[0] - 2.0 * h[2]).abs() < 0.2 && h[1] <= 1.0, "{h:?}");
    assert!(
        years.contains("role=\"img\"")
            && years.contains("aria-labelledby=\"chart-years-t chart-years-d\"")
    );
    assert!(
        years.contains("<details class=\"chart-data\"><summary>Xem bảng số liệu</summary><table>")
    );
}

#[test]
fn most_mentioned_units_merge_spellings_and_link_from_the_table() {
    let s = site();
    let html = s.read("nghia-lo/index.html");
    let units = chart(&html, "chart-units");
    // "Thị ủy" and "Thị uỷ" are one unit, named in all three stories.
    assert!(units.contains("<desc id=\"chart-units-d\">Thị ủy Nghĩa Lộ: 3 bài; Hội Cựu chiến binh phường Pú Trạng: 1 bài</desc>"), "{units}");
    assert!(units.contains("<td><a href=\"/units/thi-uy-nghia-lo/\">Thị ủy Nghĩa Lộ</a></td><td class=\"num\">3</td>"), "{units}");
}

#[test]
fn key_figures_show_vietnamese_numbers_two_per_story_at_most() {
    let s = site();
    let html = s.read("nghia-lo/index.html");
    let stats = chart(&html, "chart-stats");
    assert!(stats.contains(">2.289<"), "{stats}");
    assert!(stats.contains(">13,2<tspan"), "{stats}");
    assert!(
        !stats.contains("bỏ qua"),
        "a third figure of one story was shown"
    );
    assert!(stats.contains("<a href=\"/nghia-lo/c/\">Bài nghia-lo/c</a>"));
}

#[test]
fn the_province_overview_compares_districts_and_is_in_the_sitemap() {
    let s = site();
    let html = s.read("thong-ke/index.html");
    let districts = chart(&html, "chart-districts");
    assert!(
        districts.contains("Thị xã Nghĩa Lộ: 3 bài; Huyện Sìn Hồ: 1 bài"),
        "{districts}"
    );
    let years = chart(&html, "chart-years");
    assert!(years.contains("2017: 2 bài; 2018: 0 bài; 2019: 1 bài; 2020: 0 bài; 2021: 0 bài; 2022: 0 bài; 2023: 1 bài"), "{years}");
    assert!(s.read("sitemap.xml").contains("/thong-ke/</loc>"));
    assert!(
        s.read("nghia-lo/index.html")
            .contains("href=\"/thong-ke/\"")
    );
}

#[test]
fn thong_ke_is_not_a_district_slug() {
    let s = TestSite::empty();
    s.write("site.yaml", "title: \"x\"\n");
    s.write(
        "content/thong-ke/_index.md",
        "---\nname: \"Thống kê\"\n---\n",
    );
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("thong-ke"), "{}", stderr(&out));
}
