//! A large site builds its search index before its pages, a small one beside them (see
//! `guong::build::INDEX_FIRST`): the output must not depend on the order.

mod common;

use common::TestSite;
use guong::build::{BuildOptions, build};

#[test]
fn the_index_first_or_beside_the_pages_makes_the_same_site() {
    let site = TestSite::fixture("portal");
    let built = |index_first: usize, out: &str| {
        let mut opts = BuildOptions::new(site.root());
        opts.output = Some(site.root().join(out));
        opts.index_first = index_first;
        build(&opts).expect("the portal fixture builds")
    };
    let beside = built(usize::MAX, "beside");
    let first = built(0, "first");
    let (beside_dir, first_dir) = (site.root().join("beside"), site.root().join("first"));
    assert!(
        common::files_under(&beside_dir).contains(&"search/meta.json".to_string()),
        "the fixture has a search index"
    );
    assert_eq!(beside.files, first.files);
    common::assert_same_files(&beside_dir, &first_dir, "differs with the index made first");
}
