//! The `brief` command line: a thin layer over the library's pipeline.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use brief::build::{BuildError, BuildOptions, BuildReport, build};
use brief::diagnostics::Diagnostic;
use clap::{Args, Parser, Subcommand};

/// brief: a static site generator for annotated briefings.
#[derive(Parser)]
#[command(
    name = "brief",
    version,
    about = "A static site generator for annotated briefings",
    long_about = "brief turns source articles (Markdown), annotations anchored to quoted \
text (YAML) and background notes on people and places into a static briefing site.",
    after_help = "Examples:\n  brief build                      build ./ into ./public\n  \
brief build --root ~/korea-desk   build another site\n  \
brief check                      report every problem, write nothing\n\n\
Exit status: 0 ok, 1 problems in the site's content, 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (atomically: a failed build leaves public/ as it was)
    #[command(
        after_help = "Examples:\n  brief build\n  brief build --root site --output /srv/www/korea\n  \
brief build --base-url https://briefs.example.org/korea/ --drafts"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/public]
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at (overrides base_url in site.toml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check the site: everything build does except writing; exit 1 on any problem
    #[command(after_help = "Examples:\n  brief check\n  brief check --root site --drafts")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one holding site.toml)
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include briefings marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Print only problems, not the summary line
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (options, quiet, verb) = match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => {
            let mut options = BuildOptions::new(site.root);
            options.output = output;
            options.base_url = base_url;
            options.drafts = site.drafts;
            (options, site.quiet, "built")
        }
        Command::Check { site } => {
            let mut options = BuildOptions::new(site.root);
            options.drafts = site.drafts;
            options.write = false;
            (options, site.quiet, "checked")
        }
    };
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            if !quiet {
                print_summary(&report, verb, &options);
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(problems)) => {
            print_diagnostics(&problems);
            let errors = problems.iter().filter(|d| d.is_error()).count();
            let warnings = problems.len() - errors;
            eprintln!(
                "error: {errors} problem{} found{}; nothing was written",
                plural(errors),
                if warnings > 0 {
                    format!(" ({warnings} warning{})", plural(warnings))
                } else {
                    String::new()
                }
            );
            ExitCode::from(1)
        }
        Err(other) => {
            eprintln!("error: {other}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render());
    }
}

fn print_summary(report: &BuildReport, verb: &str, options: &BuildOptions) {
    let target = if options.write {
        format!(" into {}", options.output_dir().display())
    } else {
        String::new()
    };
    eprintln!(
        "{verb} {} briefing{}, {} note{}, {} annotation{}, {} page{}{target} in {} ms",
        report.briefings,
        plural(report.briefings),
        report.notes,
        plural(report.notes),
        report.annotations,
        plural(report.annotations),
        report.pages,
        plural(report.pages),
        report.elapsed.as_millis()
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
