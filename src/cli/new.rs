//! `guong new <district> "<title>"`

use super::SiteArgs;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// The district's folder name under content/ (e.g. nghia-lo)
    district: String,
    /// The story's title
    title: String,
    /// Make it a folder with index.md, ready for images beside it
    #[arg(long)]
    bundle: bool,
}

pub fn run(args: Args) -> ExitCode {
    let now = jiff::Zoned::now();
    match guong::new::new_article(
        &args.site.root,
        &args.district,
        &args.title,
        args.bundle,
        now.datetime(),
    ) {
        Ok(path) => {
            eprintln!("Created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            super::print_diagnostics(&d.into());
            ExitCode::from(1)
        }
    }
}
