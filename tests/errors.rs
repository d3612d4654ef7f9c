//! Editors' mistakes: every broken site gives exit code 1, a message naming the file
//! (and line where there is one) with a hint, the same from `guong check`, and leaves the
//! previous output byte-for-byte as it was. No input may make guong panic.

mod common;
use common::*;
use std::collections::BTreeMap;

fn good_site() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", "title: \"Thử\"\n");
    s.write(
        "content/nghia-lo/_index.md",
        "---\nname: \"Thị xã Nghĩa Lộ\"\n---\n",
    );
    s.write(
        "content/nghia-lo/bai-tot.md",
        "---\ntitle: \"Bài tốt\"\ndate: 2020-01-01\nunits: [\"Thị ủy Nghĩa Lộ\"]\n---\nNội dung.\n",
    );
    s
}

fn snapshot(s: &TestSite) -> BTreeMap<String, Vec<u8>> {
    s.files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(s.out().join(&f)).expect("read");
            (f, bytes)
        })
        .collect()
}

/// Builds a good site, breaks it with `files`, and checks both commands' behaviour.
/// `expect` must appear in the messages: typically `path:line` and the problem.
fn broken(files: &[(&str, &str)], expect: &[&str]) -> String {
    let s = good_site();
    s.build(&[]);
    let before = snapshot(&s);
    for (path, text) in files {
        s.write(path, text);
    }
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "build should fail:\n{err}");
    assert!(!err.contains("panicked"), "panic:\n{err}");
    for e in expect {
        assert!(err.contains(e), "message lacks `{e}`:\n{err}");
    }
    assert!(err.contains("hint:"), "no hint:\n{err}");
    assert_eq!(snapshot(&s), before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".output"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );

    let check = s.run(&["check"]);
    let cerr = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "check should fail:\n{cerr}");
    for e in expect {
        assert!(cerr.contains(e), "check message lacks `{e}`:\n{cerr}");
    }
    err
}

const A: &str = "content/nghia-lo/bai-moi.md";

#[test]
fn yaml_syntax_error_is_reported_at_the_file_line() {
    broken(
        &[(
            A,
            "---\ntitle: \"Bài mới\"\ndate: 2020-01-01\nunits: [\"a\", \n---\nx\n",
        )],
        &["content/nghia-lo/bai-moi.md:5"],
    );
}

#[test]
fn missing_or_unclosed_front_matter() {
    broken(
        &[(A, "title: x\n")],
        &[&format!(
            "{A}:1:1: error: the file does not start with front matter"
        )],
    );
    broken(
        &[(A, "---\ntitle: x\ndate: 2020-01-01\n")],
        &[&format!("{A}:1:1: error: the front matter is never closed")],
    );
}

#[test]
fn missing_title_or_date() {
    broken(
        &[(A, "---\ndate: 2020-01-01\n---\n")],
        &[A, "missing required key `title`"],
    );
    broken(
        &[(A, "---\ntitle: x\n---\n")],
        &[A, "missing required key `date`"],
    );
}

#[test]
fn impossible_date_names_its_line() {
    broken(
        &[(A, "---\ntitle: x\ndate: 2023-02-30\n---\n")],
        &[&format!("{A}:3"), "2023-02-30"],
    );
}

#[test]
fn wrong_type_names_its_line() {
    broken(
        &[(A, "---\ntitle: x\ndate: 2020-01-01\nunits: 42\n---\n")],
        &[&format!("{A}:4"), "invalid type"],
    );
}

#[test]
fn unknown_keys_get_suggestions() {
    broken(
        &[(A, "---\ntitle: x\ndat: 2020-01-01\n---\n")],
        &[
            &format!("{A}:3"),
            "unknown key `dat`",
            "did you mean `date`?",
        ],
    );
    broken(
        &[("site.yaml", "title: x\npagniate: 5\n")],
        &[
            "site.yaml:2",
            "unknown key `pagniate`",
            "did you mean `paginate`?",
        ],
    );
}

#[test]
fn district_without_index_and_reserved_slugs() {
    broken(
        &[(
            "content/sin-ho/bai.md",
            "---\ntitle: x\ndate: 2020-01-01\n---\n",
        )],
        &["content/sin-ho", "has no `_index.md`"],
    );
    broken(
        &[("content/search/_index.md", "---\nname: x\n---\n")],
        &["content/search/_index.md", "cannot be a district"],
    );
}

#[test]
fn two_articles_at_one_url_name_both_files() {
    let err = broken(
        &[
            (A, "---\ntitle: x\ndate: 2020-01-01\n---\n"),
            (
                "content/nghia-lo/khac.md",
                "---\ntitle: y\ndate: 2020-01-02\nslug: bai-moi\n---\n",
            ),
        ],
        &["/nghia-lo/bai-moi/"],
    );
    assert!(
        err.contains("content/nghia-lo/bai-moi.md") && err.contains("content/nghia-lo/khac.md"),
        "{err}"
    );
}

#[test]
fn non_utf8_file_names_its_line() {
    let s = good_site();
    s.build(&[]);
    let before = snapshot(&s);
    let mut bytes = b"---\ntitle: x\ndate: 2020-01-01\n---\nD\xf2ng ba\n".to_vec();
    bytes.extend_from_slice(b"\n");
    std::fs::write(s.root().join(A), bytes).expect("write");
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{A}:5: error: the file is not UTF-8 text")),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&s), before);
}

#[test]
fn missing_images_and_broken_links_name_their_lines() {
    broken(
        &[(
            A,
            "---\ntitle: x\ndate: 2020-01-01\nimage: khong-co.jpg\n---\n",
        )],
        &[&format!("{A}:4"), "image `khong-co.jpg` not found"],
    );
    broken(
        &[(
            A,
            "---\ntitle: x\ndate: 2020-01-01\n---\nĐoạn một.\n\n![ảnh](/anh/khong-co.jpg)\n",
        )],
        &[&format!("{A}:7"), "/anh/khong-co.jpg"],
    );
    broken(
        &[(
            A,
            "---\ntitle: x\ndate: 2020-01-01\n---\nXem [bài](/nghia-lo/khong-co/).\n",
        )],
        &[&format!("{A}:5"), "/nghia-lo/khong-co/"],
    );
}

#[test]
fn missing_theme_and_template_errors() {
    broken(
        &[("site.yaml", "theme: khong-co\n")],
        &["site.yaml", "there is no theme `khong-co`"],
    );
    broken(
        &[(
            "themes/default/templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title \n{% endblock content %}\n",
        )],
        &["themes/default/templates/article.html:4", "expected }}"],
    );
    broken(
        &[(
            "themes/default/templates/partials/site/footer.html",
            "<footer>\n{{ site.title | no_such_filter }}\n</footer>\n",
        )],
        &[
            "themes/default/templates/partials/site/footer.html:2",
            "Unknown filter `no_such_filter`",
        ],
    );
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let err = broken(
        &[
            (A, "---\ntitle: x\n---\n"),
            ("content/nghia-lo/hai.md", "---\ndate: 2020-01-01\n---\n"),
        ],
        &["content/nghia-lo/bai-moi.md", "content/nghia-lo/hai.md"],
    );
    assert!(err.contains("2 errors"), "{err}");
    let a = err.find("bai-moi.md").expect("first");
    let b = err.find("hai.md").expect("second");
    assert!(a < b, "sorted by file");
}

#[test]
fn a_slug_cannot_leave_the_output_folder() {
    let s = good_site();
    s.write(A, "---\ntitle: x\ndate: 2020-01-01\nslug: \"../../../ra-ngoai\"\naliases: [\"/../../ngoai.html\"]\n---\n");
    let out = s.run(&["build"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the alias is an error: {}",
        stderr(&out)
    );
    s.write(
        A,
        "---\ntitle: x\ndate: 2020-01-01\nslug: \"../../../ra-ngoai\"\n---\n",
    );
    s.build(&[]);
    assert!(
        s.exists("nghia-lo/ra-ngoai/index.html"),
        "the slug is folded into a plain slug"
    );
    assert!(
        !s.root().join("ra-ngoai").exists()
            && !s.root().parent().expect("parent").join("ra-ngoai").exists()
    );
}

#[test]
fn a_misspelt_entity_name_is_a_warning_with_the_likely_name() {
    let s = good_site();
    s.write(
        "content/nghia-lo/b2.md",
        "---\ntitle: y\ndate: 2020-01-02\nunits: [\"Thị ủy Nghĩa Lộ\"]\n---\n",
    );
    s.write(
        "content/nghia-lo/b3.md",
        "---\ntitle: z\ndate: 2020-01-03\nunits: [\"Thị ủy Ngiã Lộ\"]\n---\n",
    );
    s.write(
        "content/nghia-lo/b4.md",
        "---\ntitle: w\ndate: 2020-01-04\nunits: [\"Chi bộ thôn 1\", \"Chi bộ thôn 2\"]\n---\n",
    );
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/nghia-lo/b3.md: warning: `Thị ủy Ngiã Lộ` looks like a misspelling of `Thị ủy Nghĩa Lộ`"), "{err}");
    assert!(err.contains("did you mean 'Thị ủy Nghĩa Lộ'?"));
    assert!(
        !err.contains("thôn 1` looks like"),
        "digits differ: not a typo\n{err}"
    );
}

#[test]
fn hostile_front_matter_never_reaches_pages_unescaped() {
    let s = good_site();
    s.write(
        A,
        "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2020-01-01\nsummary: \"<img src=x onerror=alert(2)>\"\nimage_caption: \"\\\" onmouseover=\\\"alert(3)\"\nauthor: \"<b onclick=alert(4)>x</b>\"\nunits: [\"<svg onload=alert(5)>\"]\ntags: [\"</title><script>alert(6)</script>\"]\n---\nBody\n",
    );
    s.build(&[]);
    for f in s.files() {
        let text =
            String::from_utf8_lossy(&std::fs::read(s.out().join(&f)).expect("read")).into_owned();
        for bad in [
            "<script>alert",
            "<img src=x",
            "onmouseover=\"alert",
            "<b onclick",
            "<svg onload",
        ] {
            assert!(!text.contains(bad), "{f} contains `{bad}`");
        }
    }
    for f in ["feed.xml", "nghia-lo/feed.xml", "sitemap.xml"] {
        roxmltree::Document::parse(&s.read(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

#[test]
fn symlink_loops_huge_files_and_big_folders_neither_hang_nor_crash() {
    let s = good_site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        s.root().join("content"),
        s.root().join("content/nghia-lo/vong"),
    )
    .expect("symlink");
    let big = format!(
        "---\ntitle: \"Lớn\"\ndate: 2020-01-01\n---\n{}",
        "Đảng bộ xã Nghĩa An về đích. ".repeat(1_700_000)
    );
    s.write("content/nghia-lo/lon.md", &big);
    let deep: String = (0..60).map(|i| format!("t{i}/")).collect();
    s.write(&format!("content/nghia-lo/{deep}anh.txt"), "sâu");
    for i in 0..10_000 {
        s.write(
            &format!("content/nghia-lo/n{i}.md"),
            &format!("---\ntitle: \"Bài {i}\"\ndate: 2020-01-01\n---\n"),
        );
    }
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "the loop is reported:\n{err}");
    assert!(
        err.contains("content/nghia-lo/vong") && err.contains("symlink loop"),
        "{err}"
    );
    std::fs::remove_file(s.root().join("content/nghia-lo/vong")).expect("rm");
    s.build(&[]);
    assert!(s.exists("nghia-lo/lon/index.html"));
}
