//! Runs the pipeline: config → load → anchor → graph → render → output, collecting every
//! problem of every stage so that one run reports them all.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::anchor::site::{AnchorMemo, anchor_site_reusing};
use crate::config::{self, CONFIG_FILE, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{OutputError, OutputRecord};
use crate::render::{PageMemo, PageReuse, RenderInput, Rendered};
use crate::{graph, load, render};

mod destination;

use destination::{Destination, FirstError};

/// What to build and how.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildOptions {
    /// The site's root folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write the site (default `<root>/public`).
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Include briefings marked `draft: true`.
    pub drafts: bool,
    /// Write the output (`build`) or only check everything (`check`).
    pub write: bool,
}

impl BuildOptions {
    /// Options for building the site at `root` into `<root>/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            write: true,
        }
    }

    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// How long each stage took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading and parsing site.toml and content/.
    pub load: Duration,
    /// Anchoring annotations and rendering Markdown.
    pub anchor: Duration,
    /// Building the cross-reference graph.
    pub graph: Duration,
    /// Rendering pages through the theme.
    pub render: Duration,
    /// Writing and swapping the output folder.
    pub output: Duration,
}

/// A successful build: what was built, and any warnings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildReport {
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Briefings built.
    pub briefings: usize,
    /// Briefings checked but not published: drafts (without `--drafts`).
    pub drafts: usize,
    /// Background notes built.
    pub notes: usize,
    /// Annotations anchored (explicit ones).
    pub annotations: usize,
    /// Files of the site (written, or that would be written, for `check`).
    pub pages: usize,
    /// Pages rendered through the theme (fewer than all when a memo said the others
    /// were unchanged).
    pub rendered: usize,
    /// Pages whose context was built (the rendered ones, and those found unchanged
    /// only by comparing their new context with the previous build's); the others were
    /// known unchanged from the pieces of the site they read.
    pub built: usize,
    /// Files actually written to disk (after the first build of `brief watch`, only
    /// those whose bytes changed).
    pub written: usize,
    /// Time per stage.
    pub timings: Timings,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The site's content has problems (exit status 1); every diagnostic, sorted.
    #[error("the site has {} problem(s)", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// site.toml could not be read (exit status 2).
    #[error("cannot read `{}`: {source}\n  help: run brief in a site folder (one with {CONFIG_FILE}), pass --root DIR, or create a site with `brief new DIR`", path.display())]
    NoConfig {
        /// The path that was tried.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: io::Error,
    },
    /// Writing the output failed (exit status 2).
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Builds (or checks) the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(options, &mut Memo::one_off())
}

/// What a build keeps for the next build of the same site in the same process, so that
/// `brief watch` redoes only what a change affects. Everything kept is checked against
/// the new inputs before it is used, so a build with a memo gives exactly the output of
/// a build without one.
#[derive(Debug)]
pub struct Memo {
    /// Whether to keep anything (a one-off build does not need to).
    keep: bool,
    load: load::LoadMemo,
    anchor: AnchorMemo,
    graph: graph::GraphMemo,
    pages: Option<PageMemo>,
    output: Option<OutputRecord>,
    theme: Option<render::Theme>,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            keep: true,
            load: load::LoadMemo::default(),
            anchor: AnchorMemo::default(),
            graph: graph::GraphMemo::default(),
            pages: None,
            output: None,
            theme: None,
        }
    }
}

impl Memo {
    /// A memo that keeps nothing, for a build that will not be followed by another.
    fn one_off() -> Self {
        Memo {
            keep: false,
            ..Memo::default()
        }
    }
}

/// Like [`build`], reusing what `memo` kept from the previous build (of the same
/// options) and keeping what this one computed for the next.
///
/// Briefings whose files did not change are not anchored again (unless the config or a
/// note's name changed), a page whose context and theme did not change is not rendered
/// again, and after a first full write, the output folder is updated in place: only
/// files whose bytes changed are written, and files no longer produced are removed.
pub fn build_with(options: &BuildOptions, memo: &mut Memo) -> Result<BuildReport, BuildError> {
    build_changed(options, memo, None)
}

/// Like [`build_with`], told which paths changed since the previous build with `memo`
/// (as a file watcher reports them): only those files of `content/` are read again,
/// instead of walking it (which takes tens of milliseconds on a large site). `None`
/// when that is not known (the watcher lost events): everything is looked at.
pub fn build_changed(
    options: &BuildOptions,
    memo: &mut Memo,
    changed: Option<&[PathBuf]>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let mut problems = Vec::new();

    let clock = Instant::now();
    let config = read_config(options)?;
    let (loaded, load_problems) = match memo.keep {
        true => load::load_reusing(
            &options.root,
            &config,
            options.drafts,
            &mut memo.load,
            changed,
        ),
        false => load::load(&options.root, &config, options.drafts),
    };
    problems.extend(load_problems);
    timings.load = clock.elapsed();

    let clock = Instant::now();
    let (anchored, anchor_problems) = anchor_site_reusing(&config, &loaded, &mut memo.anchor);
    problems.extend(anchor_problems);
    timings.anchor = clock.elapsed();

    let clock = Instant::now();
    let graph = match memo.keep {
        true => graph::build_reusing(&config, &loaded, &anchored, &mut memo.graph),
        false => std::sync::Arc::new(graph::build(&config, &loaded, &anchored)),
    };
    timings.graph = clock.elapsed();

    let clock = Instant::now();
    // Pages are written as they are rendered; content problems are still reported
    // before any output problem, and only a build without problems is made visible.
    let out_dir = options.output_dir();
    let (destination, unwritable) =
        match options.write && !problems.iter().any(Diagnostic::is_error) {
            true => match crate::output::check_not_inside_inputs(&options.root, &out_dir)
                .and_then(|()| Destination::open(&out_dir, memo.output.take()))
            {
                Ok(destination) => (destination, None),
                Err(e) => (Destination::Nowhere, Some(e)),
            },
            false => (Destination::Nowhere, None),
        };
    let previous_pages = match destination.keeps_files() {
        true => memo.pages.take(),
        false => None,
    };
    let failed = FirstError::default();
    let sink = |path: &str, file: Rendered<'_>| failed.note(destination.accept(path, file));
    let theme = render::Theme::load_reusing(&options.root, &config, memo.theme.as_ref());
    let rendered = theme.as_ref().map_err(Clone::clone).and_then(|theme| {
        let input = RenderInput {
            config: &config,
            loaded: &loaded,
            anchored: &anchored,
            graph: &graph,
            theme,
        };
        let reuse = match (&previous_pages, memo.keep) {
            (Some(pages), true) => PageReuse::Reuse(pages),
            (None, true) => PageReuse::Record,
            (_, false) => PageReuse::Off,
        };
        render::render_into(&input, reuse, &sink)
    });
    if memo.keep {
        memo.theme = theme.ok();
    }
    timings.render = clock.elapsed();
    let summary = match rendered {
        Ok(summary) => Some(summary),
        Err(render_problems) => {
            problems.extend(render_problems);
            None
        }
    };

    diagnostics::sort(&mut problems);
    let failed = unwritable.or(failed.take());
    let summary = match (summary, failed) {
        (Some(summary), None) if !problems.iter().any(Diagnostic::is_error) => summary,
        (_, failed) => {
            // The output folder is as the previous build left it: keep what describes it.
            if let Some(record) = destination.abandon() {
                memo.output = Some(record);
                memo.pages = previous_pages;
            }
            return Err(match failed {
                Some(e) if !problems.iter().any(Diagnostic::is_error) => BuildError::Output(e),
                _ => BuildError::Content(problems),
            });
        }
    };

    let clock = Instant::now();
    let written = destination.finish(&out_dir, summary.kept_the_rest)?;
    timings.output = clock.elapsed();
    if options.write {
        memo.output = written.record;
        memo.pages = Some(summary.memo);
    }

    let report = BuildReport {
        diagnostics: problems,
        briefings: loaded.briefings.len(),
        drafts: loaded.unpublished.len(),
        notes: loaded.notes.len(),
        annotations: anchored.briefings.iter().map(|b| b.annotations.len()).sum(),
        pages: summary.files,
        rendered: summary.rendered,
        built: summary.built,
        written: written.files,
        timings,
        elapsed: started.elapsed(),
    };
    drop_in_background((loaded, anchored, graph));
    Ok(report)
}

/// Frees a build's data on another thread. A large site's data is millions of small
/// allocations, and freeing them one by one takes a noticeable part of a build that
/// nothing waits for: the command line exits (and the system takes the memory back at
/// once), `brief watch` goes on serving.
fn drop_in_background<T: Send + 'static>(data: T) {
    // When no thread can be started, `spawn` drops the closure, and the data with it, here.
    let _ = std::thread::Builder::new()
        .name("brief-free".into())
        .spawn(move || drop(data));
}

/// Reads and parses the site.toml of the site at `root`.
pub fn read_site_config(root: &Path) -> Result<Config, BuildError> {
    let path = root.join(CONFIG_FILE);
    let text = fs::read_to_string(&path).map_err(|source| BuildError::NoConfig {
        path: path.clone(),
        source,
    })?;
    config::parse(Path::new(CONFIG_FILE), &text).map_err(BuildError::Content)
}

/// Reads and parses site.toml, applying command-line overrides.
fn read_config(options: &BuildOptions) -> Result<Config, BuildError> {
    let mut config = read_site_config(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::check_base_url(url).map_err(|why| {
            BuildError::Content(vec![
                Diagnostic::error("bad-base-url", why)
                    .help("pass an absolute http or https URL to --base-url"),
            ])
        })?;
    }
    Ok(config)
}
