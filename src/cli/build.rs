//! `guong build`

use super::{SiteArgs, print_diagnostics, summary};
use guong::build::{BuildOptions, build};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (default: <root>/output)
    #[arg(long)]
    output: Option<PathBuf>,
    /// Publish under this URL instead of site.yaml's base_url
    #[arg(long)]
    base_url: Option<String>,
    /// Include drafts
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let mut opts = BuildOptions::new(args.site.root);
    opts.output = args.output;
    opts.base_url = args.base_url;
    opts.drafts = args.drafts;
    let started = std::time::Instant::now();
    match build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            let stages: Vec<String> = report
                .timings
                .iter()
                .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!(
                "Built {} articles in {} districts, {} units/models/figures: {} files, {:.1} MB into {} in {:.0} ms ({})",
                report.articles,
                report.districts,
                report.entities,
                report.files,
                report.bytes as f64 / 1e6,
                opts.output_dir().display(),
                started.elapsed().as_secs_f64() * 1000.0,
                stages.join(", ")
            );
            let photos = report.images;
            if photos.processed + photos.cached > 0 {
                eprintln!(
                    "Photos: {} processed, {} unchanged from the cache",
                    photos.processed, photos.cached
                );
            }
            report.previous.remove();
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!(
                "Build failed: {}. The previous output was left as it was.",
                summary(&diags)
            );
            ExitCode::from(1)
        }
    }
}
