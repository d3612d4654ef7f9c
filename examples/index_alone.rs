//! Times the search index alone on a site that is already loaded, so that a change to the
//! index can be compared without the noise of loading and rendering around it.
//!
//! `cargo run --release --example index_alone -- SITE_DIR [runs=3]` loads and resolves the
//! site once, then builds its index `runs` times with the files discarded, and prints each
//! time and the median. `RAYON_NUM_THREADS=1` gives the index's work on one thread, which
//! varies far less from run to run than a whole build does (see bench/HISTORY.md).

use guong::build::{BuildOptions, load_site};
use guong::diagnostic::Diagnostics;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The allocator `guong` itself uses, set up the same way (see `guong::memory`), so that
/// the index's memory costs what it costs in a build.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    guong::memory::keep_freed_memory();
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1) else {
        eprintln!("usage: index_alone SITE_DIR [runs]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let mut diags = Diagnostics::default();
    let Some(site) = load_site(&BuildOptions::new(root), &mut diags, &mut Vec::new()) else {
        eprintln!("{root}: the site does not load");
        std::process::exit(1);
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let bytes = AtomicUsize::new(0);
        let t = Instant::now();
        let files = guong::search::build(&site, &|_path, contents| {
            bytes.fetch_add(contents.len(), Ordering::Relaxed);
        });
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "{ms:.0} ms: {} files, {} bytes",
            files.len(),
            bytes.into_inner()
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    eprintln!("median {:.0} ms over {runs} runs", times[times.len() / 2]);
}
