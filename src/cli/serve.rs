//! `guong serve`

use super::{SiteArgs, print_diagnostics, summary};
use guong::build::{BuildOptions, BuildReport};
use guong::diagnostic::Diagnostics;
use guong::serve::{Reporter, ServeOptions, serve};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; only 127.0.0.1 unless you ask for another
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Include drafts
    #[arg(long)]
    drafts: bool,
    /// Poll for changes instead of using system notifications
    #[arg(long)]
    poll: bool,
}

struct Console;

impl Reporter for Console {
    fn listening(&self, url: &str) {
        eprintln!("Serving the site at {url} (Ctrl-C to stop)");
    }
    fn built(&self, r: &BuildReport, reason: &str) {
        print_diagnostics(&r.diagnostics);
        let ms: f64 = r.timings.iter().map(|t| t.1.as_secs_f64()).sum::<f64>() * 1000.0;
        let stages: Vec<String> = r
            .timings
            .iter()
            .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!(
            "[{reason}] built {} articles, {} pages rendered, {} files written in {ms:.0} ms ({})",
            r.articles,
            r.rendered,
            r.files,
            stages.join(", ")
        );
    }
    fn quick(&self, pages: &[String], elapsed: std::time::Duration) {
        eprintln!(
            "[change] text of /{} re-rendered in {:.0} ms",
            pages.join(", /"),
            elapsed.as_secs_f64() * 1000.0
        );
    }
    fn search_refreshed(&self, elapsed: std::time::Duration) {
        eprintln!(
            "[change] search index refreshed in {:.0} ms",
            elapsed.as_secs_f64() * 1000.0
        );
    }
    fn failed(&self, diags: &Diagnostics) {
        print_diagnostics(diags);
        eprintln!(
            "Build failed: {}; still serving the last good pages.",
            summary(diags)
        );
    }
    fn watch_error(&self, message: &str) {
        eprintln!("watch: {message}");
    }
}

pub fn run(args: Args) -> ExitCode {
    let mut build = BuildOptions::new(args.site.root);
    build.drafts = args.drafts;
    let opts = ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        poll: args.poll,
    };
    match serve(opts, Arc::new(Console)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve: {e}");
            ExitCode::from(1)
        }
    }
}
