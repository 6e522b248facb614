//! One rebuild: run the build, tell open pages what happened, and print a line about it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::snapshot::{self, only_stylesheets};
use super::{Live, ServeError};
use crate::build::{BuildError, BuildOptions, BuildReport, Memo, build_changed};
use crate::diagnostics::Diagnostic;

/// Runs builds for a watch session and reports them to the terminal and to open pages.
#[derive(Debug)]
pub(super) struct Rebuilder {
    options: BuildOptions,
    root: PathBuf,
    live: Arc<Live>,
    quiet: bool,
    /// What the previous build computed, so that a rebuild redoes only what changed.
    memo: std::sync::Mutex<Memo>,
}

impl Rebuilder {
    /// A rebuilder for `options`; `root` is the site's root as the watcher reports paths.
    pub(super) fn new(options: BuildOptions, root: PathBuf, live: Arc<Live>, quiet: bool) -> Self {
        Rebuilder {
            options,
            root,
            live,
            quiet,
            memo: std::sync::Mutex::new(Memo::default()),
        }
    }

    /// The first build. Problems in the content are shown like any failed rebuild (the
    /// server starts anyway); anything else (no site.toml, an output folder brief did
    /// not make) is returned.
    pub(super) fn first(&self) -> Result<(), ServeError> {
        let started = Instant::now();
        match self.build(None) {
            Ok(report) => {
                self.print_success(&report, started, "built", "");
                self.live.rebuilt();
                Ok(())
            }
            Err(BuildError::Content(problems)) => {
                self.report_failure(&problems, started);
                Ok(())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Rebuilds after the sources at `changed` changed; with `rescan`, other files may
    /// have changed too (the watcher lost events), so every file is looked at.
    pub(super) fn rebuild(&self, changed: &[PathBuf], rescan: bool) {
        self.print_changes(changed);
        let out = self.options.output_dir();
        let stylesheets_only = !changed.is_empty() && changed.iter().all(|p| is_css(p));
        let before = stylesheets_only.then(|| snapshot::take(&out));
        let started = Instant::now();
        match self.build(Some(changed).filter(|_| !rescan)) {
            Ok(report) => match before.and_then(|b| only_stylesheets(&b, &snapshot::take(&out))) {
                Some(files) => {
                    self.print_success(&report, started, "rebuilt", "stylesheets only");
                    self.live.restyled(files);
                }
                None => {
                    self.print_success(&report, started, "rebuilt", "");
                    self.live.rebuilt();
                }
            },
            Err(BuildError::Content(problems)) => self.report_failure(&problems, started),
            Err(other) => {
                let text = format!(
                    "error: {other}\nerror: the rebuild failed after {} ms; still serving the last good site\n",
                    started.elapsed().as_millis()
                );
                crate::say!("{}", text.trim_end());
                self.live.failed(text);
            }
        }
    }

    /// Builds the site, reusing what the previous build of this session computed; with
    /// `changed`, reading again only the files at those paths.
    fn build(&self, changed: Option<&[PathBuf]>) -> Result<BuildReport, BuildError> {
        let mut memo = self
            .memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        build_changed(&self.options, &mut memo, changed)
    }

    fn print_changes(&self, changed: &[PathBuf]) {
        if self.quiet {
            return;
        }
        let shown: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| {
                p.strip_prefix(&self.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        let more = match changed.len().saturating_sub(shown.len()) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        crate::say!("changed: {}{more}", shown.join(", "));
    }

    fn print_success(&self, report: &BuildReport, started: Instant, verb: &str, note: &str) {
        print_diagnostics(&report.diagnostics);
        if !self.quiet {
            // After the first build, say how little a rebuild had to redo.
            let mut details = Vec::new();
            if report.written < report.pages {
                details.push(format!(
                    "{} rendered, {} written",
                    report.rendered, report.written
                ));
            }
            if !note.is_empty() {
                details.push(note.to_string());
            }
            let details = match details.is_empty() {
                true => String::new(),
                false => format!(" ({})", details.join("; ")),
            };
            crate::say!(
                "{verb} {} briefing{}, {} note{}, {} annotation{}, {} file{} in {} ms{details}",
                report.briefings,
                plural(report.briefings),
                report.notes,
                plural(report.notes),
                report.annotations,
                plural(report.annotations),
                report.pages,
                plural(report.pages),
                started.elapsed().as_millis()
            );
        }
    }

    /// Prints the diagnostics and a summary, and shows the same text on open pages.
    fn report_failure(&self, problems: &[Diagnostic], started: Instant) {
        let errors = problems.iter().filter(|d| d.is_error()).count();
        let mut text: String = problems.iter().map(|d| d.render() + "\n").collect();
        text.push_str(&format!(
            "error: {errors} problem{} found in {} ms; {}\n",
            plural(errors),
            started.elapsed().as_millis(),
            if self.options.output_dir().is_dir() {
                "still serving the last good site"
            } else {
                "no site to serve yet"
            }
        ));
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        self.live.failed(text);
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render());
    }
}

fn is_css(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("css"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
