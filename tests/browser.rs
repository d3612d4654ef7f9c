//! What only a browser shows: search in real headless Chromium, pages checked by axe-core
//! at phone and desktop widths, and the HTML checked by the W3C Nu HTML Checker.
//!
//! These need Chromium (`apt-get install chromium`), Node with `tests/browser/`'s
//! packages (`npm ci --prefix tests/browser`) and Java. Without them each test says
//! loudly that it was SKIPPED; with `GUONG_REQUIRE_BROWSER=1` (as `.ci/run` sets) a
//! missing tool is a failure, so in CI they can never skip.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// `Ok(())` when the tools are there; otherwise skips (or fails in CI).
fn require(what: &[&str]) -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    for w in what {
        let ok = match *w {
            "chromium" => Path::new(&chromium).exists(),
            "node-only" => Command::new("node")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "node" => {
                Command::new("node")
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
                    && browser_dir().join("node_modules/playwright-core").is_dir()
                    && browser_dir().join("node_modules/axe-core").is_dir()
            }
            "java" => {
                Command::new("java")
                    .arg("-version")
                    .output()
                    .is_ok_and(|o| o.status.success())
                    && browser_dir()
                        .join("node_modules/vnu-jar/build/dist/vnu.jar")
                        .is_file()
            }
            _ => false,
        };
        if !ok {
            missing.push(*w);
        }
    }
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "missing {} (install: apt-get install chromium; npm ci --prefix tests/browser; a Java runtime)",
        missing.join(", ")
    );
    if std::env::var("GUONG_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("GUONG_REQUIRE_BROWSER=1 but {msg}");
    }
    eprintln!("\n************************************************************");
    eprintln!("*** SKIPPED browser test: {msg}");
    eprintln!("************************************************************\n");
    false
}

fn node(script: &str, args: &[&str]) {
    run_node(
        Command::new("node")
            .arg(browser_dir().join(script))
            .args(args),
        script,
    );
}

/// Runs a prepared `node` command, shows its output, and fails the test if it failed.
fn run_node(cmd: &mut Command, what: &str) {
    let out = cmd.output().expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "{what} failed:\n{text}");
}

/// Runs a `node --test` file of `tests/browser/` against the search index of a built site.
fn search_tests_in_node(script: &str, site: &Path) {
    run_node(
        Command::new("node")
            .args(["--test", "--test-reporter=spec"])
            .arg(browser_dir().join(script))
            .env("GUONG_SEARCH_SITE", site),
        script,
    );
}

#[test]
fn search_ranking_in_nodes_test_runner() {
    if !require(&["node-only"]) {
        return;
    }
    let s = TestSite::fixture("search");
    s.build(&[]);
    search_tests_in_node("ranking.test.js", &s.out());
}

/// An empty site with one district, Nghĩa Lộ, for the tests that write thousands of
/// stories into it.
fn large_search_site() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", "title: \"Tìm kiếm lớn\"\n");
    s.write(
        "content/nghia-lo/_index.md",
        "---\nname: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    s
}

/// A site large enough that the prefix `ho` gets a union in the index (its syllables
/// would cost more than two blocks of postings), so the client's union path runs on real
/// files: 2,200 stories that all say "học" and "hội", every other one "hồ", and the
/// oldest has "Hoàng" (a rare syllable, kept inline) in its title.
#[test]
fn search_reads_a_common_prefix_as_one_union() {
    if !require(&["node-only"]) {
        return;
    }
    let s = large_search_site();
    for i in 0..2200 {
        let title = match i {
            0 => "Ông Hoàng nuôi ong".to_string(),
            _ => format!("Tin số {i}"),
        };
        let lake = if i % 2 == 0 {
            " Bên hồ nước."
        } else {
            ""
        };
        s.write(
            &format!("content/nghia-lo/tin-{i}.md"),
            &format!(
                "---\ntitle: \"{title}\"\ndate: 2020-01-01T00:00:00\nslug: tin-{i}\n---\nHọc tập và hội họp.{lake}\n",
            ),
        );
    }
    s.build(&[]);
    let dict = std::fs::read(s.out().join("search/d/ho.bin")).expect("ho.bin");
    assert!(dict.windows(3).any(|w| w == b"ho*"), "the union of `ho`");
    search_tests_in_node("prefix.test.js", &s.out());
}

/// Forms typed with diacritics rank first from the index's form masks, not from what a
/// result shows: 2,200 stories say "đang" (a block of 2,048 and one of 152), and only
/// two have "Đảng", in their body: the 1,000th newest, and the 2,100th in the second
/// block. One story in 50 is in a second district, which a filter finds among the
/// others.
#[test]
fn search_ranks_the_forms_typed_first_from_the_body() {
    if !require(&["node-only"]) {
        return;
    }
    let s = large_search_site();
    s.write(
        "content/mu-cang-chai/_index.md",
        "---\nname: \"Huyện Mù Cang Chải\"\n---\n",
    );
    for i in 0..2200 {
        let party = if i == 1200 || i == 100 {
            " Đảng viên gương mẫu."
        } else {
            ""
        };
        let district = if i % 50 == 7 {
            "mu-cang-chai"
        } else {
            "nghia-lo"
        };
        s.write(
            &format!("content/{district}/tin-{i}.md"),
            &format!(
                "---\ntitle: \"Tin số {i}\"\ndate: 2020-01-01T00:{:02}:{:02}\nslug: tin-{i}\n---\nCán bộ đang học tập.{party}\n",
                i / 60,
                i % 60
            ),
        );
    }
    s.build(&[]);
    search_tests_in_node("forms.test.js", &s.out());
}

/// A query reads the postings of its common words only where its rarest word's first
/// hits are, or a filter's year or kind: 6,200 stories from 2010 to 2024 (414 a year)
/// all say "học", every third one "nước" (whose first block of 2,048 postings spans
/// nearly every story), and two of the newest "Khau" (kept inline in its dictionary
/// entry); two name the figure Nguyễn Văn Học, whose page is numbered after them all.
#[test]
fn search_reads_common_words_only_where_the_rarest_is() {
    if !require(&["node-only"]) {
        return;
    }
    let s = large_search_site();
    for i in 0..6200 {
        let water = if i % 3 == 0 {
            " Nước sạch về bản."
        } else {
            ""
        };
        let pass = if i == 6190 || i == 6180 {
            " Đèo Khau Phạ."
        } else {
            ""
        };
        let figure = if i == 4 || i == 6001 {
            "figures:\n  - { name: \"Nguyễn Văn Học\", role: \"giáo viên\" }\n"
        } else {
            ""
        };
        s.write(
            &format!("content/nghia-lo/tin-{i}.md"),
            &format!(
                "---\ntitle: \"Tin số {i}\"\ndate: {}-01-01T00:{:02}:{:02}\nslug: tin-{i}\n{figure}---\nHọc tập và làm theo.{water}{pass}\n",
                2010 + i / 414,
                i % 414 / 60,
                i % 414 % 60
            ),
        );
    }
    s.build(&[]);
    search_tests_in_node("windows.test.js", &s.out());
}

#[test]
fn search_finds_what_readers_type_in_chromium() {
    if !require(&["chromium", "node"]) {
        return;
    }
    let s = TestSite::fixture("search");
    s.build(&[]);
    let url = serve(s.out(), "/");
    node("search.mjs", &[&url]);
}

/// 25 stories that all say "học": the page shows ten, then ten more, then the last five.
#[test]
fn search_shows_ten_results_then_ten_more_in_chromium() {
    if !require(&["chromium", "node"]) {
        return;
    }
    let s = large_search_site();
    for i in 0..25 {
        s.write(
            &format!("content/nghia-lo/tin-{i}.md"),
            &format!(
                "---\ntitle: \"Tin số {i}\"\ndate: 2020-01-01T00:{i:02}:00\nslug: tin-{i}\n---\nHọc tập và làm theo.\n",
            ),
        );
    }
    s.build(&[]);
    let url = serve(s.out(), "/");
    node("more.mjs", &[&url]);
}

#[test]
fn search_works_under_a_base_url_sub_path() {
    if !require(&["chromium", "node"]) {
        return;
    }
    let s = TestSite::fixture("search");
    s.build(&["--base-url", "/tin/"]);
    let url = serve(s.out(), "/tin/");
    node("search.mjs", &[&url]);
}

/// The sample portal, as a reader opens it: every kind of page.
fn sample_portal() -> (TestSite, PathBuf) {
    let out = TestSite::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO_BIN_EXE_guong"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.root().join("site"))
        .status()
        .expect("run guong");
    assert!(status.success());
    let dir = out.root().join("site");
    (out, dir)
}

#[test]
fn sample_portal_pages_pass_axe_and_fit_a_phone() {
    if !require(&["chromium", "node"]) {
        return;
    }
    let (_keep, dir) = sample_portal();
    let url = serve(dir, "/");
    node(
        "pages.mjs",
        &[
            &url,
            "/",
            "/nghia-lo/",
            "/nghia-lo/nhan-rong-dien-hinh-tien-tien/",
            "/sin-ho/tao-dong-luc-thi-dua/",
            "/units/",
            "/units/thi-uy-nghia-lo/",
            "/models/nuoi-lon-nhua-tiet-kiem/",
            "/figures/hoang-trung-lap/",
            "/search/?q=nghia+lo",
            "/404.html",
            "/thong-ke/",
            "/phong-tho/",
            "/phong-tho/hoang-thuong-sach-giu-rung/",
            "/nghia-lo/hoang-trung-lap-lam-kinh-te-gioi/",
        ],
    );
}

#[test]
fn sample_portal_html_passes_the_nu_checker() {
    if !require(&["java"]) {
        return;
    }
    let (_keep, dir) = sample_portal();
    let out = Command::new("java")
        .arg("-jar")
        .arg(browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--skip-non-html"])
        .arg(&dir)
        .output()
        .expect("run vnu");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.trim().is_empty(),
        "Nu HTML Checker errors:\n{text}"
    );
}
