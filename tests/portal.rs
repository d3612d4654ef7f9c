//! The site format, end to end: a fixture portal is built with the real binary and the
//! produced files are checked against SITE-FORMAT.md.

mod common;
use common::*;

fn built() -> TestSite {
    let s = TestSite::fixture("portal");
    s.build(&[]);
    s
}

#[test]
fn every_url_of_the_site_format_exists() {
    let s = built();
    for f in [
        "index.html",
        "huyen-a/index.html",
        "huyen-a/page/2/index.html",
        "huyen-a/bai-nfd/index.html",
        "huyen-b/sin-ho-anh/index.html",
        "units/index.html",
        "units/thi-uy-nghia-lo/index.html",
        "models/index.html",
        "models/nuoi-lon-nhua-tiet-kiem/index.html",
        "figures/index.html",
        "figures/hoang-trung-lap/index.html",
        "search/index.html",
        "feed.xml",
        "huyen-a/feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(s.exists(f), "missing {f}; have:\n{}", s.files().join("\n"));
    }
}

#[test]
fn bundle_images_and_static_files_are_copied() {
    let s = built();
    assert!(
        s.exists("huyen-b/sin-ho-anh/anh-bia.svg"),
        "bundle image follows the page's slug"
    );
    assert!(s.exists("img/anh.svg"));
    let page = s.read("huyen-b/sin-ho-anh/index.html");
    assert!(page.contains("src=\"/huyen-b/sin-ho-anh/anh-bia.svg\""));
    assert!(page.contains("<figcaption>Ảnh bìa</figcaption>"));
}

#[test]
fn units_merge_across_tone_placement_nfd_and_aliases() {
    let s = built();
    let units: Vec<String> = s
        .files()
        .into_iter()
        .filter(|f| f.starts_with("units/") && f.ends_with("/index.html"))
        .collect();
    assert!(units.contains(&"units/thi-uy-nghia-lo/index.html".to_string()));
    assert_eq!(
        units.iter().filter(|u| u.contains("thi-uy")).count(),
        1,
        "{units:?}"
    );
    // ủy, uỷ and NFD spellings are one unit with both stories.
    let page = s.read("units/thi-uy-nghia-lo/index.html");
    assert!(page.contains("/huyen-a/bai-nfd/"), "NFD article missing");
    assert!(page.contains("/huyen-a/bai-uy-cu/"), "uỷ article missing");
    // "ĐUKCCQ tỉnh" is an alias of the profile: no page of its own, the story is on the profile's.
    assert!(!s.exists("units/dukccq-tinh/index.html"));
    let profile = s.read("units/dang-uy-khoi-cac-co-quan-tinh/index.html");
    assert!(profile.contains("Hồ sơ đơn vị."));
    assert!(profile.contains("/huyen-a/bai-uy-cu/"));
}

#[test]
fn entity_pages_list_stories_newest_first_and_profiles() {
    let s = built();
    let page = s.read("figures/hoang-trung-lap/index.html");
    let newer = page.find("/huyen-b/sin-ho-anh/").expect("2023 story");
    let older = page.find("/huyen-a/bai-uy-cu/").expect("2017 story");
    assert!(newer < older, "newest first");
    assert!(page.contains("Tiểu sử."));
    // A model's owner unit gets a page that lists the model.
    let unit = s.read("units/hoi-lien-hiep-phu-nu-tinh-lai-chau/index.html");
    assert!(unit.contains("/models/nuoi-lon-nhua-tiet-kiem/"));
}

#[test]
fn article_links_its_district_and_entities_and_shows_stats() {
    let s = built();
    let page = s.read("huyen-a/bai-uy-cu/index.html");
    for href in [
        "/huyen-a/",
        "/units/thi-uy-nghia-lo/",
        "/units/dang-uy-khoi-cac-co-quan-tinh/",
        "/figures/hoang-trung-lap/",
    ] {
        assert!(links(&page).iter().any(|l| l == href), "no link to {href}");
    }
    assert!(page.contains("2.289"), "numbers the Vietnamese way");
    assert!(page.contains("13,2"));
    assert!(page.contains("Chủ Nhật, 27/08/2017"), "date with weekday");
    assert!(
        s.read("huyen-a/bai-nfd/index.html")
            .contains("Thứ Hai, 28/08/2017 07:27")
    );
    assert!(page.contains("Các tin khác"));
}

#[test]
fn drafts_are_absent_everywhere_and_present_with_the_flag() {
    let s = built();
    for f in s.files() {
        let bytes = std::fs::read(s.out().join(&f)).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("BAN NHAP BI MAT"), "draft title in {f}");
        assert!(
            !text.contains("chi-co-trong-nhap"),
            "draft-only unit in {f}"
        );
    }
    s.build(&["--drafts"]);
    assert!(
        s.read("huyen-a/nhap/index.html")
            .contains("BAN NHAP BI MAT")
    );
}

#[test]
fn html_in_front_matter_is_escaped_but_body_html_is_kept() {
    let s = built();
    let page = s.read("huyen-a/tieu-de-html/index.html");
    assert!(!page.contains("<script>alert"), "title not escaped");
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains("<em>HTML thô</em>"));
    let home = s.read("index.html");
    assert!(!home.contains("<script>alert"));
    assert!(!s.read("feed.xml").contains("<script>alert"));
    let summary = s.read("huyen-a/bai-uy-cu/index.html");
    assert!(summary.contains("Sapo &lt;b&gt;đậm&lt;/b&gt; &amp; rõ"));
}

#[test]
fn districts_are_paginated() {
    let s = built();
    let first = s.read("huyen-a/index.html");
    let second = s.read("huyen-a/page/2/index.html");
    assert!(first.contains("/huyen-a/page/2/"));
    assert!(
        second.contains("bai-cu-nhat"),
        "oldest story on the last page"
    );
    assert!(!first.contains("bai-cu-nhat"));
    assert!(
        s.read("huyen-a/page/1/index.html")
            .contains("url=/huyen-a/")
    );
}

#[test]
fn feeds_and_sitemap_are_well_formed_and_complete() {
    let s = built();
    for f in [
        "feed.xml",
        "huyen-a/feed.xml",
        "huyen-b/feed.xml",
        "sitemap.xml",
    ] {
        let text = s.read(f);
        roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{f} is not well-formed XML: {e}"));
    }
    let feed = s.read("feed.xml");
    assert_eq!(
        feed.matches("<entry>").count(),
        5,
        "every published story, no draft"
    );
    let sitemap = s.read("sitemap.xml");
    for f in s.files() {
        if !f.ends_with("index.html")
            || f == "search/index.html"
            || f.contains("/page/1/")
            || f.starts_with("tin-cu/")
        {
            continue;
        }
        let url = format!("/{}", f.trim_end_matches("index.html"));
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lacks {url}"
        );
    }
    assert!(s.read("robots.txt").contains("Sitemap: /sitemap.xml"));
}

#[test]
fn aliases_redirect_to_the_article() {
    let s = built();
    assert!(
        s.read("tin-cu/123.html")
            .contains("url=/huyen-a/bai-uy-cu/")
    );
    assert!(
        s.read("tin-cu/thu-muc/index.html")
            .contains("url=/huyen-a/bai-uy-cu/")
    );
}

#[test]
fn a_base_url_sub_path_prefixes_every_internal_link() {
    let s = TestSite::fixture("portal");
    s.build(&["--base-url", "https://example.org/tin/"]);
    for f in s.files().into_iter().filter(|f| f.ends_with(".html")) {
        for l in links(&s.read(&f)) {
            let internal = l.starts_with('/') && !l.starts_with("//");
            assert!(
                !internal || l.starts_with("/tin/"),
                "{f}: link {l} is outside /tin/"
            );
        }
    }
    let page = s.read("huyen-a/bai-uy-cu/index.html");
    assert!(
        page.contains("href=\"/tin/huyen-a/bai-nfd/\""),
        "Markdown root links get the base path"
    );
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/tin/huyen-a/bai-uy-cu/\">"
        )
    );
    assert!(
        s.read("feed.xml")
            .contains("href=\"https://example.org/tin/huyen-a/bai-nfd/\"")
    );
    assert!(
        s.read("sitemap.xml")
            .contains("<loc>https://example.org/tin/</loc>")
    );
}

#[test]
fn output_is_deterministic() {
    let a = built();
    let b = built();
    let fa = a.files();
    assert_eq!(fa, b.files());
    for f in fa {
        assert_eq!(
            std::fs::read(a.out().join(&f)).ok(),
            std::fs::read(b.out().join(&f)).ok(),
            "{f} differs between builds"
        );
    }
}

#[test]
fn the_default_theme_is_embedded_and_a_site_theme_overrides_one_file() {
    let s = built();
    assert!(s.exists("css/style.css"), "embedded theme's static files");
    s.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}RIÊNG{% endblock content %}",
    );
    s.build(&[]);
    assert!(s.read("404.html").contains("RIÊNG"));
    assert!(
        s.read("index.html").contains("Tin mới"),
        "other templates still from the built-in theme"
    );
}

#[test]
fn site_partials_are_rendered_once_per_menu_state_with_current_and_section() {
    let s = TestSite::fixture("portal");
    s.write(
        "themes/default/templates/partials/site/masthead.html",
        "\n<p id=\"probe\">[{{ current }}|{{ section }}|{{ site.article_count }}]</p>\n",
    );
    s.build(&[]);
    for (page, current, section) in [
        ("index.html", "/", "/"),
        ("huyen-a/index.html", "/huyen-a/", "/huyen-a/"),
        ("huyen-a/page/2/index.html", "", "/huyen-a/"),
        ("huyen-a/bai-nfd/index.html", "", "/huyen-a/"),
        ("units/index.html", "/units/", "/units/"),
        ("units/thi-uy-nghia-lo/index.html", "", "/units/"),
        ("search/index.html", "/search/", "/search/"),
        ("thong-ke/index.html", "/thong-ke/", "/thong-ke/"),
        ("404.html", "", ""),
    ] {
        let html = s.read(page);
        let probe = format!("<p id=\"probe\">[{current}|{section}|");
        assert!(html.contains(&probe), "{page} lacks {probe}");
        assert!(
            !html.contains("class=\"masthead\""),
            "{page}: the site's masthead replaces the built-in one"
        );
    }
    assert!(
        s.read("index.html").contains("<footer class=\"footer\">"),
        "the built-in footer part is still used"
    );
}

#[test]
fn the_default_menu_marks_the_page_it_is_on_and_the_section_of_others() {
    let s = built();
    // The menu's links marked with `aria-current`, as `url=value`.
    let marked = |page: &str| {
        let html = s.read(page);
        let nav = &html[html.find("class=\"mainnav\"").expect("menu")..];
        let nav = &nav[..nav.find("</nav>").expect("menu end")];
        let marks: Vec<String> = nav
            .split("<a href=\"")
            .skip(1)
            .filter_map(|a| {
                let url = &a[..a.find('"')?];
                let value = a.split("aria-current=\"").nth(1)?;
                let tag_end = a.find('>')?;
                (a.find("aria-current")? < tag_end)
                    .then(|| format!("{url}={}", &value[..value.find('"').unwrap_or(0)]))
            })
            .collect();
        marks.join(" ")
    };
    assert_eq!(marked("index.html"), "/=page");
    assert_eq!(marked("huyen-a/index.html"), "/huyen-a/=page");
    assert_eq!(marked("huyen-a/page/2/index.html"), "/huyen-a/=true");
    assert_eq!(marked("huyen-a/bai-nfd/index.html"), "/huyen-a/=true");
    assert_eq!(marked("figures/index.html"), "/figures/=page");
    assert_eq!(marked("units/thi-uy-nghia-lo/index.html"), "/units/=true");
    assert_eq!(marked("404.html"), "");
}

#[test]
fn search_index_lists_every_published_page_and_no_draft() {
    let s = built();
    let meta = s.read("search/meta.json");
    assert!(meta.contains("\"docs\":"));
    let chunks = std::fs::read_dir(s.out().join("search/docs")).expect("search/docs");
    let docs: String = chunks
        .map(|f| std::fs::read_to_string(f.expect("entry").path()).expect("chunk"))
        .collect();
    assert!(docs.contains("/huyen-a/bai-nfd/"));
    assert!(docs.contains("/units/thi-uy-nghia-lo/"));
    assert!(!docs.contains("BAN NHAP"));
    let bytes = |f: &str| std::fs::read(s.out().join(f)).unwrap_or_else(|_| panic!("missing {f}"));
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta.json is JSON");
    let buckets = meta["pair_buckets"]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .expect("meta.json gives pair_buckets");
    let pair_shard = format!(
        "search/d/{}.bin",
        guong::search::shard_key("nghia lo", buckets)
    );
    assert!(
        has(&bytes(&pair_shard), b"nghia lo"),
        "folded pair of Nghĩa Lộ"
    );
    assert!(
        has(&bytes("search/d/da.bin"), b"dang"),
        "Đảng folds to dang"
    );
    assert!(has(&bytes("search/d/ng.bin"), b"nghia"));
}

/// `meta.json` names the documents of each year and of each kind, which the client reads
/// a filter's postings from: they must agree with the facets of every document.
#[test]
fn search_meta_ranges_agree_with_the_facets() {
    let s = built();
    let meta: serde_json::Value =
        serde_json::from_str(&s.read("search/meta.json")).expect("meta.json is JSON");
    let facets = std::fs::read(s.out().join("search/f/0.bin")).expect("search/f/0.bin");
    let docs = facets.len() / 5;
    assert_eq!(meta["docs"].as_u64(), Some(docs as u64));
    let year = |d: usize| u16::from_le_bytes([facets[d * 5 + 3], facets[d * 5 + 4]]);
    let kind = |d: usize| facets[d * 5 + 2];
    let range = |v: &serde_json::Value| {
        let n = |i: usize| v[i].as_u64().expect("a document number") as usize;
        (n(0), n(1))
    };
    let years = meta["years"].as_array().expect("years");
    let year_docs = meta["year_docs"].as_array().expect("year_docs");
    assert_eq!(years.len(), year_docs.len());
    assert!(!years.is_empty());
    for (y, r) in years.iter().zip(year_docs) {
        let y = y.as_u64().expect("a year") as u16;
        let (first, last) = range(r);
        let of_year: Vec<usize> = (0..docs).filter(|&d| year(d) == y).collect();
        assert_eq!(
            (of_year[0], of_year[of_year.len() - 1]),
            (first, last),
            "{y}"
        );
        assert_eq!(of_year.len(), last - first + 1, "{y}: consecutive");
    }
    let kinds = meta["kind_docs"].as_array().expect("kind_docs");
    for (k, r) in kinds.iter().enumerate() {
        let (first, last) = range(r);
        let of_kind: Vec<usize> = (0..docs).filter(|&d| usize::from(kind(d)) == k).collect();
        if of_kind.is_empty() {
            assert!(first > last, "kind {k}: none, an empty range");
        } else {
            assert_eq!(
                (of_kind[0], of_kind[of_kind.len() - 1]),
                (first, last),
                "kind {k}"
            );
            assert_eq!(of_kind.len(), last - first + 1, "kind {k}: consecutive");
        }
    }
}

#[test]
fn new_writes_an_article_that_builds() {
    let s = TestSite::fixture("portal");
    let out = s.run(&["new", "huyen-b", "Mô hình “2 an”: giữ bình yên"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        s.root()
            .join("content/huyen-b/mo-hinh-2-an-giu-binh-yen.md")
            .is_file()
    );
    s.build(&[]);
    assert!(
        s.read("huyen-b/mo-hinh-2-an-giu-binh-yen/index.html")
            .contains("Mô hình “2 an”: giữ bình yên")
    );
    let again = s.run(&["new", "huyen-b", "Mô hình “2 an”: giữ bình yên"]);
    assert_eq!(again.status.code(), Some(1), "refuses to overwrite");
    let typo = s.run(&["new", "huyen-c", "X"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        stderr(&typo).contains("did you mean `huyen-a`?")
            || stderr(&typo).contains("did you mean `huyen-b`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn an_entity_page_gathers_every_story_beyond_the_page_size() {
    let s = TestSite::empty();
    s.write("site.yaml", "paginate: 2\n");
    s.write(
        "content/huyen/_index.md",
        "---\nname: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    for n in 1..=5 {
        s.write(
            &format!("content/huyen/bai-{n}.md"),
            &format!("---\ntitle: \"Bài số {n}\"\ndate: 2020-01-0{n}\nunits: [\"Hội Cựu chiến binh\"]\n---\n"),
        );
    }
    // A profile may name its district by folder or by name.
    s.write(
        "content/units/hoi-cuu-chien-binh.md",
        "---\nname: \"Hội Cựu chiến binh\"\ndistrict: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    s.build(&[]);
    let page = s.read("units/hoi-cuu-chien-binh/index.html");
    for n in 1..=5 {
        assert!(
            page.contains(&format!("/huyen/bai-{n}/")),
            "story {n} missing from the unit page"
        );
    }
    assert!(
        page.contains("href=\"/huyen/\""),
        "profile district by name"
    );
    assert!(!s.exists("units/hoi-cuu-chien-binh/page/2/index.html"));
    assert!(
        s.exists("huyen/page/3/index.html"),
        "districts are still paginated"
    );
}
