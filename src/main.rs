//! The `brief` command line: a thin layer over the library's pipeline.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
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
brief build --root ~/korea-desk    build another site\n  \
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
    /// Build, serve on 127.0.0.1, and rebuild and reload open pages on every save
    #[command(
        after_help = "Examples:\n  brief watch\n  brief watch --root site --port 8080 --open\n  \
brief watch --port 0             pick a free port (the URL is printed)\n  \
brief watch --poll               check for changes every second (network drives, WSL)\n\n\
Rebuilds after changes to site.toml, content/, themes/, templates/ and static/.\n\
Problems are shown in the terminal and over every open page, and the last good site\n\
stays served until they are fixed. Ctrl-C stops."
    )]
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/public]
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The port to listen on (0 picks a free one)
        #[arg(long, short, value_name = "PORT", default_value_t = brief::serve::session::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; anything but loopback lets other machines see the preview
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Check for changes every second instead of using file system events
        #[arg(long)]
        poll: bool,
    },
    /// Create a new site: site.toml, the default theme and one example briefing
    #[command(after_help = "Examples:\n  brief new korea-desk\n  cd korea-desk && brief build")]
    New {
        /// The folder to create (must be empty or missing)
        dir: PathBuf,
        /// Add the starter files to a folder that is not empty (existing files are kept)
        #[arg(long)]
        force: bool,
    },
    /// Add a briefing or a note with a front-matter skeleton listing every field
    #[command(
        after_help = "Examples:\n  brief add briefing \"Kim arrives in Russia\"\n  \
brief add person \"Kim Jong Un\"\n  brief add person \"김정은\" --slug kim-jong-un\n  brief add place Vladivostok\n  brief add organization Yonhap    (with [collections.organizations] in site.toml)"
    )]
    Add {
        /// `briefing`, `person`, `place`, or a collection declared in site.toml
        kind: String,
        /// The title or name; the file name is made from it
        name: String,
        /// The file name, without `.md` (for a name with no Latin letters, or another
        /// spelling): lowercase Latin letters, digits and hyphens
        #[arg(long, value_name = "SLUG")]
        slug: Option<String>,
        /// The site's folder (the one holding site.toml)
        #[arg(long, short, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  brief completions bash > ~/.local/share/bash-completion/completions/brief\n  \
brief completions zsh > ~/.zfunc/_brief\n  brief completions fish > ~/.config/fish/completions/brief.fish"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
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

/// A large site is millions of small allocations; mimalloc makes them markedly cheaper
/// than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Watch {
            site,
            output,
            port,
            bind,
            open,
            poll,
        } => return watch(site, output, SocketAddr::new(bind, port), open, poll),
        Command::New { dir, force } => return new_site(&dir, force),
        Command::Add {
            kind,
            name,
            slug,
            root,
        } => return add(&root, &kind, &name, slug.as_deref()),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "brief", &mut script);
            // Ignored: a closed pipe means the reader has what it wanted.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            return ExitCode::SUCCESS;
        }
    };
    // Only `build` and `check` come this far: one-off runs, which keep what they free.
    brief::allocator::keep_freed_memory();
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
            brief::say!(
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
            brief::say!("error: {other}");
            ExitCode::from(2)
        }
    }
}

fn watch(
    site: SiteArgs,
    output: Option<PathBuf>,
    addr: SocketAddr,
    open: bool,
    poll: bool,
) -> ExitCode {
    let mut build = BuildOptions::new(site.root);
    build.output = output;
    build.drafts = site.drafts;
    let mut options = brief::serve::WatchOptions::new(build);
    options.addr = addr;
    options.open = open;
    options.poll = poll;
    options.quiet = site.quiet;
    match brief::serve::watch(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            brief::say!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new_site(dir: &std::path::Path, force: bool) -> ExitCode {
    match brief::scaffold::new_site(dir, force, brief::render::DEFAULT_THEME) {
        Ok(written) => {
            brief::say!(
                "created a new site in {} ({} files)\nnext:\n  cd {}\n  brief build      \
                 # then open public/index.html\n  brief watch      # live preview while you write",
                dir.display(),
                written.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            brief::say!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn add(root: &std::path::Path, kind: &str, name: &str, slug: Option<&str>) -> ExitCode {
    let config = match brief::build::read_site_config(root) {
        Ok(config) => config,
        Err(BuildError::Content(problems)) => {
            print_diagnostics(&problems);
            return ExitCode::from(1);
        }
        Err(e) => {
            brief::say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    match brief::scaffold::add(root, &config, kind, name, slug, &today) {
        Ok(path) => {
            brief::say_out!("{}", root.join(path).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            brief::say!("error: {e}");
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
    let drafts = match report.drafts {
        0 => String::new(),
        n => format!(" (and {n} draft{}, checked, not published)", plural(n)),
    };
    brief::say!(
        "{verb} {} briefing{}{drafts}, {} note{}, {} annotation{}, {} file{}{target} in {} ms",
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
