//! The dev server's full rebuild renders only the pages whose variables changed.

mod common;

use common::TestSite;
use guong::build::BuildOptions;
use guong::session::{Rebuilt, Session};

fn full(r: Rebuilt) -> guong::build::BuildReport {
    match r {
        Rebuilt::Full(report) => report,
        Rebuilt::Quick { .. } => panic!("expected a full rebuild"),
    }
}

#[test]
fn a_title_edit_rerenders_the_pages_that_show_the_story_and_no_others() {
    let site = TestSite::fixture("portal");
    let mut opts = BuildOptions::new(site.root());
    opts.output = Some(site.root().join("output"));
    let mut session = Session::new(opts);
    let first = full(session.rebuild(&[]).expect("first build"));
    let pages = first.rendered;
    assert!(pages > 10, "the first build renders every page: {pages}");

    let unchanged = full(session.rebuild(&[]).expect("rebuild"));
    assert_eq!(unchanged.rendered, 0, "nothing changed, nothing rendered");

    let story = site.root().join("content/huyen-a/bai-cu-nhat.md");
    site.write(
        "content/huyen-a/bai-cu-nhat.md",
        "---\ntitle: \"Bài cũ nhất, tên mới\"\ndate: 2016-01-01\n---\nCũ.\n",
    );
    // First the story's own page, straight away…
    match session
        .rebuild(std::slice::from_ref(&story))
        .expect("quick")
    {
        Rebuilt::Quick { pages, .. } => assert_eq!(pages, ["huyen-a/bai-cu-nhat/"]),
        Rebuilt::Full(_) => panic!("a title edit serves the story's page first"),
    }
    assert!(
        site.read("huyen-a/bai-cu-nhat/index.html")
            .contains("Bài cũ nhất, tên mới")
    );
    assert!(session.lists_stale(), "the lists still show the old title");
    // …then the lists that show it.
    let edited = full(session.rebuild(&[]).expect("the lists"));
    assert!(!session.lists_stale());
    assert!(
        edited.rendered >= 2 && edited.rendered < pages / 2,
        "the story, and the lists that show it: {} of {pages}",
        edited.rendered
    );
    let district = site.read("huyen-a/index.html") + &site.read("huyen-a/page/2/index.html");
    assert!(district.contains("Bài cũ nhất, tên mới"));
    assert!(!district.contains("Bài cũ nhất của Nghĩa Lộ"));
    session.refresh_search().expect("search");
    same_as_a_clean_build(&site);

    // A first paragraph that serves as the sapo shows in the lists too.
    site.write(
        "content/huyen-a/bai-cu-nhat.md",
        "---\ntitle: \"Bài cũ nhất, tên mới\"\ndate: 2016-01-01\n---\nĐoạn mở đầu mới.\n",
    );
    assert!(matches!(
        session
            .rebuild(std::slice::from_ref(&story))
            .expect("quick"),
        Rebuilt::Quick { .. }
    ));
    assert!(
        session.lists_stale(),
        "the sapo in the lists is the old one"
    );
    full(session.rebuild(&[]).expect("the lists"));
    session.refresh_search().expect("search");
    same_as_a_clean_build(&site);

    // Moving the story (a new date) is a full rebuild at once.
    site.write(
        "content/huyen-a/bai-cu-nhat.md",
        "---\ntitle: \"Bài cũ nhất, tên mới\"\ndate: 2016-01-02\n---\nĐoạn mở đầu mới.\n",
    );
    full(
        session
            .rebuild(std::slice::from_ref(&story))
            .expect("moved"),
    );
    session.refresh_search().expect("search");
    same_as_a_clean_build(&site);
}

/// The served output is byte for byte what `guong build` makes of the same sources.
fn same_as_a_clean_build(site: &TestSite) {
    let served = site.root().join("output");
    let clean = site.root().join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    let out = site.run(&["build", "--output", clean.to_str().expect("path")]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::assert_same_files(&served, &clean, "differs from a clean build");
}
