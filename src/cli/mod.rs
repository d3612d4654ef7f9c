//! One file per command: arguments and a `run()`. No site logic lives here.

mod build;
mod check;
mod new;
mod serve;

use clap::{Parser, Subcommand};
use guong::diagnostic::Diagnostics;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "guong",
    version,
    about = "Build a static news portal of exemplary units, models and figures from Markdown stories"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into output/
    Build(build::Args),
    /// Build, serve on localhost, rebuild on change and reload the browser
    Serve(serve::Args),
    /// Validate everything and write nothing
    Check(check::Args),
    /// Create a new article in a district
    New(new::Args),
}

/// Options every command that reads a site has.
#[derive(clap::Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (the one with site.yaml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Check(a) => check::run(a),
        Command::New(a) => new::run(a),
    }
}

/// Prints problems to stderr, errors in red when stderr is a terminal.
pub fn print_diagnostics(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags.iter() {
        let text = d.to_string();
        if color {
            let code = if d.is_error() { "31" } else { "33" };
            eprintln!("\x1b[{code}m{text}\x1b[0m");
        } else {
            eprintln!("{text}");
        }
    }
}

/// The summary line after problems: "2 errors, 1 warning".
pub fn summary(diags: &Diagnostics) -> String {
    let e = diags.error_count();
    let w = diags.warning_count();
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}
