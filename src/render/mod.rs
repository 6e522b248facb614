//! The `render` stage: Tera templates → the files of the site.
//!
//! [`Theme::load`] reads a theme (or the embedded default) once; [`render`] renders every
//! page in parallel from one parsed Tera instance, and adds the feed, the sitemap, the
//! search index and the static files. The result is sorted by path and is the same, byte
//! for byte, whatever the number of threads.

mod context;
mod dates;
mod embedded;
pub mod escape;
mod extras;
mod feed;
pub mod map;
mod page_context;
mod plain;
mod search;
mod template_errors;
mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use crate::anchor::site::Anchored;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::graph::{Graph, collection_order};
use crate::model::Loaded;

use context::{Cell, PageJob, Prints, Shared, Tracked, ValueMemo};

pub use embedded::DEFAULT_THEME;
pub use page_context::PageContext;
pub use theme::{REQUIRED_TEMPLATES, Theme};

/// One file of the site to write: where, relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated path, e.g. `briefings/visit/index.html`.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// The output path of the code-highlighting stylesheet.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";

/// Renders every page of the site, plus `atom.xml`, `sitemap.xml`, the search index, the
/// highlight stylesheet and the theme's and site's static files. Template errors are all
/// reported; a static file whose path a generated file already takes is an error.
pub fn render(
    config: &Config,
    loaded: &Loaded,
    anchored: &Anchored,
    graph: &Graph,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let graph = Arc::new(graph.clone());
    let input = RenderInput {
        config,
        loaded,
        anchored,
        graph: &graph,
        theme,
    };
    render_into(&input, PageReuse::Off, &|path, file| {
        if let Rendered::Bytes(bytes) = file {
            files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_string(), bytes.to_vec());
        }
    })?;
    let files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

/// Everything the `render` stage reads.
#[derive(Clone, Copy)]
pub struct RenderInput<'a> {
    /// Site settings.
    pub config: &'a Config,
    /// The site's content.
    pub loaded: &'a Loaded,
    /// Rendered Markdown and placed annotations.
    pub anchored: &'a Anchored,
    /// Cross-references (shared, so that a rebuild can tell the same graph again).
    pub graph: &'a Arc<Graph>,
    /// The parsed theme.
    pub theme: &'a Theme,
}

/// A file handed to the sink of [`render_into`].
#[derive(Debug, Clone, Copy)]
pub enum Rendered<'a> {
    /// The file's bytes.
    Bytes(&'a [u8]),
    /// The page is rendered from the same context with the same theme as in the build
    /// that the given [`PageMemo`] describes, so its bytes are the same as then.
    Unchanged,
}

/// What each page of a build was rendered from, so that the next build renders only
/// the pages whose data changed: the theme's hash, and for each page the pieces of the
/// site its context read (with one hash of them all) and a hash of the context itself.
#[derive(Debug, Clone, Default)]
pub struct PageMemo {
    theme: u128,
    pages: FxHashMap<PageKey, PageEntry>,
    extras: extras::ExtrasMemo,
    prints: Option<Prints>,
    values: ValueMemo,
}

/// A page, independent of any build's borrowed data: by name, not by place in a list,
/// so that a briefing added before it leaves it the same page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PageKey {
    Home,
    Timeline,
    Tags,
    Search,
    NotFound,
    Collection(String),
    Briefing(String),
    Note(String, String),
    Tag(String),
}

/// What one page was rendered from.
#[derive(Debug, Clone)]
struct PageEntry {
    /// Its output path.
    path: Arc<str>,
    /// The pieces of the site its context read, sorted.
    reads: Arc<[Cell]>,
    /// A hash of the context ([`PageContext::fingerprint`]).
    context: u128,
}

impl PageMemo {
    /// How many pages it describes.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether it describes no page.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// How [`render_into`] uses and keeps page memos.
#[derive(Debug, Clone, Copy)]
pub enum PageReuse<'a> {
    /// Render every page; keep no memo (a one-off build).
    Off,
    /// Render every page and return a memo of them for the next build.
    Record,
    /// Skip the pages unchanged since the build this memo describes, and return a new memo.
    Reuse(&'a PageMemo),
}

/// A page handed over: its key, what to remember of it (when it can be remembered),
/// its path, and whether it was rendered (rather than unchanged).
type PageDone = (PageKey, Option<PageEntry>, Arc<str>, bool);

/// What [`render_into`] handed over.
#[derive(Debug)]
pub struct RenderSummary {
    /// How many files (pages and others).
    pub files: usize,
    /// How many pages were rendered through the theme (the others were unchanged).
    pub rendered: usize,
    /// What the pages were rendered from, for the next build (empty with
    /// [`PageReuse::Off`]).
    pub memo: PageMemo,
}

/// Like [`render`], but hands each file to `sink` as soon as it is rendered (from any
/// thread, in no particular order) instead of keeping them all. With the memo of the
/// previous build ([`PageReuse::Reuse`]), a page whose context and theme are unchanged
/// is not rendered again and is handed over as [`Rendered::Unchanged`]. On problems,
/// some files may have been handed over already.
pub fn render_into(
    input: &RenderInput<'_>,
    reuse: PageReuse<'_>,
    sink: &(dyn Fn(&str, Rendered<'_>) + Sync),
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let theme = input.theme;
    let earlier_values = match reuse {
        PageReuse::Reuse(memo) => Some(&memo.values),
        _ => None,
    };
    let shared = Shared::new(
        input.config,
        input.loaded,
        input.anchored,
        input.graph,
        theme.name(),
        earlier_values,
    );
    let (previous, hashing) = match reuse {
        PageReuse::Off => (None, false),
        PageReuse::Record => (None, true),
        PageReuse::Reuse(memo) => (Some(memo).filter(|m| m.theme == theme.fingerprint()), true),
    };
    let earlier_prints = match reuse {
        PageReuse::Reuse(memo) => memo.prints.as_ref().map(|p| (p, &memo.values)),
        _ => None,
    };
    let prints = hashing.then(|| Prints::of(&shared, earlier_prints));
    let prints_now = prints
        .as_ref()
        .map(|now| (now, previous.and_then(|m| m.prints.as_ref())));
    let results: Vec<Result<PageDone, Box<Diagnostic>>> = pages(&shared)
        .into_par_iter()
        .filter_map(|page| {
            let before = previous.and_then(|memo| memo.pages.get(&page.key(&shared)));
            render_page(&shared, theme, page, before, prints_now, sink)
        })
        .collect();
    let mut problems = Vec::new();
    let mut memo = PageMemo {
        theme: theme.fingerprint(),
        pages: FxHashMap::default(),
        extras: extras::ExtrasMemo::default(),
        prints: None,
        values: ValueMemo::default(),
    };
    memo.pages.reserve(results.len());
    let mut rendered = 0;
    let mut page_paths: Vec<Arc<str>> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((key, entry, path, fresh)) => {
                rendered += usize::from(fresh);
                if let Some(entry) = entry {
                    memo.pages.insert(key, entry);
                }
                page_paths.push(path);
            }
            Err(problem) => {
                if !problems.contains(&*problem) {
                    problems.push(*problem);
                }
            }
        }
    }
    let mut html_paths: Vec<&str> = page_paths.iter().map(|p| &**p).collect();
    html_paths.sort_unstable();
    html_paths.dedup();
    let extras = extras::extra_files(&shared, prints.as_ref(), previous, &html_paths);
    memo.extras = extras.memo;
    let extra = extras.files;
    let mut paths: FxHashSet<&str> = html_paths.iter().copied().collect();
    paths.extend(extra.iter().map(|(path, _)| path.as_str()));
    for (path, bytes) in theme.static_files() {
        if paths.contains(path.as_str()) {
            problems.push(
                Diagnostic::error(
                    "static-clash",
                    format!("the static file `{path}` would replace a file that brief generates"),
                )
                .help("rename or move the file in static/"),
            );
            continue;
        }
        sink(path, Rendered::Bytes(bytes));
        paths.insert(path);
    }
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    for (path, bytes) in &extra {
        match bytes {
            Some(bytes) => sink(path, Rendered::Bytes(bytes)),
            None => sink(path, Rendered::Unchanged),
        }
    }
    let files = paths.len();
    if hashing {
        memo.values = shared.value_memo();
    }
    memo.prints = prints;
    Ok(RenderSummary {
        files,
        rendered,
        memo,
    })
}

/// Hands page `page` to `sink`: as unchanged when the pieces of the site its context
/// read all print as they did in the build of `before` (so it is not even built), or
/// when its context hashes as it did; rendered otherwise. With `prints` (this build's,
/// and the previous build's when there is one: a build that keeps a memo), what it
/// read is recorded for the next build. `None` for a page that does not exist.
fn render_page(
    shared: &Shared<'_>,
    theme: &Theme,
    page: Page<'_>,
    before: Option<&PageEntry>,
    prints: Option<(&Prints, Option<&Prints>)>,
    sink: &(dyn Fn(&str, Rendered<'_>) + Sync),
) -> Option<Result<PageDone, Box<Diagnostic>>> {
    let key = page.key(shared);
    // The previous build kept `before` only while every piece it read printed as in
    // the build that recorded it: comparing with the previous build's prints is enough.
    if let (Some(before), Some((now, Some(earlier)))) = (before, prints) {
        if now.unchanged_since(earlier, &before.reads) {
            sink(&before.path, Rendered::Unchanged);
            let path = before.path.clone();
            return Some(Ok((key, Some(before.clone()), path, false)));
        }
    }
    let tracked = Tracked::new(shared, prints.is_some());
    let job = job(&tracked, page)?;
    let reads = tracked.into_reads();
    let path: Arc<str> = job.path.into();
    // A one-off build has no use for the hashes: skip their cost.
    let entry = prints.and_then(|_| {
        Some(PageEntry {
            path: path.clone(),
            reads: reads.into(),
            context: job.context.fingerprint()?,
        })
    });
    let unchanged = matches!((before, &entry), (Some(b), Some(e))
        if b.path == e.path && b.context == e.context);
    if unchanged {
        sink(&path, Rendered::Unchanged);
        return Some(Ok((key, entry, path, false)));
    }
    Some(
        theme
            .render(job.template, &job.context.into_tera())
            .map(|html| {
                sink(&path, Rendered::Bytes(html.as_bytes()));
                (key, entry, path, true)
            }),
    )
}

/// A page to render, before its context is built.
#[derive(Debug, Clone, Copy)]
enum Page<'a> {
    Home,
    Timeline,
    Tags,
    Search,
    NotFound,
    Collection(&'a crate::config::Collection),
    Briefing(usize),
    Note(usize),
    Tag(usize),
}

impl Page<'_> {
    /// The page's key in a [`PageMemo`].
    fn key(&self, shared: &Shared<'_>) -> PageKey {
        let (loaded, graph) = (shared.loaded(), shared.graph());
        match *self {
            Page::Home => PageKey::Home,
            Page::Timeline => PageKey::Timeline,
            Page::Tags => PageKey::Tags,
            Page::Search => PageKey::Search,
            Page::NotFound => PageKey::NotFound,
            Page::Collection(c) => PageKey::Collection(c.name.clone()),
            Page::Briefing(b) => PageKey::Briefing(
                loaded
                    .briefings
                    .get(b)
                    .map(|x| x.slug.clone())
                    .unwrap_or_default(),
            ),
            Page::Note(n) => match loaded.notes.get(n) {
                Some(note) => PageKey::Note(note.collection.clone(), note.slug.clone()),
                None => PageKey::Note(String::new(), String::new()),
            },
            Page::Tag(t) => PageKey::Tag(
                graph
                    .tags
                    .get(t)
                    .map(|x| x.slug.clone())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// Every page of the site, in a fixed order.
fn pages<'a>(shared: &Shared<'a>) -> Vec<Page<'a>> {
    let mut pages = vec![
        Page::Home,
        Page::Timeline,
        Page::Tags,
        Page::Search,
        Page::NotFound,
    ];
    pages.extend(
        collection_order(shared.config())
            .into_iter()
            .map(Page::Collection),
    );
    pages.extend((0..shared.loaded().briefings.len()).map(Page::Briefing));
    pages.extend((0..shared.loaded().notes.len()).map(Page::Note));
    pages.extend((0..shared.graph().tags.len()).map(Page::Tag));
    pages
}

/// The output path, template and context of a page.
fn job<'s>(t: &Tracked<'s, '_>, page: Page<'_>) -> Option<PageJob<'s>> {
    match page {
        Page::Home => Some(context::home_page(t)),
        Page::Timeline => Some(context::timeline_page(t)),
        Page::Tags => Some(context::tags_page(t)),
        Page::Search => Some(context::search_page(t)),
        Page::NotFound => Some(context::not_found_page(t)),
        Page::Collection(collection) => Some(context::collection_page(t, collection)),
        Page::Briefing(b) => context::briefing_page(t, b),
        Page::Note(n) => context::note_page(t, n),
        Page::Tag(tag) => context::tag_page(t, tag),
    }
}
