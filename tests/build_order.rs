//! A large site builds its search index before its pages, a small one beside them (see
//! `guong::build::INDEX_FIRST`): the output must not depend on the order.

mod common;

use common::TestSite;
use guong::build::{BuildOptions, build};
use std::path::Path;

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_index_first_or_beside_the_pages_makes_the_same_site() {
    let site = TestSite::fixture("portal");
    let built = |index_first: usize, out: &str| {
        let mut opts = BuildOptions::new(site.root());
        opts.output = Some(site.root().join(out));
        opts.index_first = index_first;
        let report = build(&opts).expect("the portal fixture builds");
        (report, tree(&site.root().join(out)))
    };
    let (beside, beside_files) = built(usize::MAX, "beside");
    let (first, first_files) = built(0, "first");
    assert!(
        beside_files.iter().any(|(p, _)| p == "search/meta.json"),
        "the fixture has a search index"
    );
    assert_eq!(beside.files, first.files);
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&beside_files), paths(&first_files));
    for ((path, a), (_, b)) in beside_files.iter().zip(&first_files) {
        assert!(a == b, "{path} differs with the index made first");
    }
}
