//! `guong check`

use super::{SiteArgs, print_diagnostics, summary};
use guong::build::{BuildOptions, check};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Check drafts too
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let mut opts = BuildOptions::new(args.site.root);
    opts.drafts = args.drafts;
    let diags = check(&opts);
    print_diagnostics(&diags);
    if diags.has_errors() {
        eprintln!("Check failed: {}.", summary(&diags));
        ExitCode::from(1)
    } else {
        eprintln!("No problems found ({}).", summary(&diags));
        ExitCode::SUCCESS
    }
}
