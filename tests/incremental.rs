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
    let edited = full(session.rebuild(&[story]).expect("rebuild after the edit"));
    assert!(
        edited.rendered >= 2 && edited.rendered < pages / 2,
        "the story, and the lists that show it: {} of {pages}",
        edited.rendered
    );
    assert!(
        site.read("huyen-a/bai-cu-nhat/index.html")
            .contains("Bài cũ nhất, tên mới")
    );
    assert!(
        site.read("huyen-a/index.html")
            .contains("Bài cũ nhất, tên mới")
            || site
                .read("huyen-a/page/2/index.html")
                .contains("Bài cũ nhất, tên mới")
    );
}
