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
mod memo;
mod page_context;
mod plain;
mod search;
mod template_errors;
mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::anchor::site::Anchored;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::graph::{Graph, collection_order};
use crate::model::Loaded;

use context::{PageJob, Prints, Shared, Tracked, Translation, ValueMemo, cell_index};

use memo::{Layout, PageEntry, PageKey, Readers};

pub use embedded::DEFAULT_THEME;
pub use memo::PageMemo;
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

/// A page handed over: what to remember of it (when it can be remembered), its path,
/// and how it was found.
type PageDone = (Option<PageEntry>, Arc<str>, Outcome);

/// How a page was handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Unchanged, known from the prints of what it read: its context was not built.
    Kept,
    /// Unchanged, known from its context, built again and hashed as before.
    Same,
    /// Rendered through the theme.
    Rendered,
}

/// How many pages of a build ended each way.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    built: usize,
    rendered: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        self.built += usize::from(outcome != Outcome::Kept);
        self.rendered += usize::from(outcome == Outcome::Rendered);
    }
}

/// What [`render_into`] handed over.
#[derive(Debug)]
pub struct RenderSummary {
    /// How many files (pages and others).
    pub files: usize,
    /// How many pages were rendered through the theme (the others were unchanged).
    pub rendered: usize,
    /// How many pages had their context built (those rendered, and those found
    /// unchanged only once their context was built and compared).
    pub built: usize,
    /// Whether pages were left out of what was handed over because they are unchanged
    /// since the build the [`PageMemo`] given describes, with the very same pages and
    /// static files: every file of that build that was not handed over again is still
    /// part of the site, as it is.
    pub kept_the_rest: bool,
    /// What the pages were rendered from, for the next build (empty with
    /// [`PageReuse::Off`]).
    pub memo: PageMemo,
}

/// Like [`render`], but hands each file to `sink` as soon as it is rendered (from any
/// thread, in no particular order) instead of keeping them all. With the memo of the
/// previous build ([`PageReuse::Reuse`]), a page whose context and theme are unchanged
/// is not rendered again and is handed over as [`Rendered::Unchanged`], or not at all
/// when [`RenderSummary::kept_the_rest`] says so. On problems, some files may have been
/// handed over already.
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
    let pages = pages(&shared);
    let statics = statics_print(theme);
    let to_check = match (previous, &prints) {
        (Some(memo), Some(now)) => memo
            .pages_to_check(&shared, &pages, statics, now)
            .map(|places| (memo, places)),
        _ => None,
    };
    let kept_the_rest = to_check.is_some();
    let moves = match prints_now {
        Some((now, Some(earlier))) if !kept_the_rest => now.moves_since(earlier),
        _ => None,
    };
    let renderer = PageRenderer {
        shared: &shared,
        theme,
        prints: prints_now,
        moves: moves.as_ref(),
        sink,
    };
    let (done, mut problems) = match to_check {
        Some((memo, places)) => renderer.some(&pages, memo, &places),
        None => renderer.all(&pages, previous, hashing, statics),
    };
    let html_paths: Vec<&str> = done.layout.html_paths.iter().map(|p| &**p).collect();
    let extras = extras::extra_files(&shared, prints.as_ref(), previous, &html_paths);
    let generated = |path: &str| {
        html_paths.binary_search(&path).is_ok() || extras.files.iter().any(|(p, _)| p == path)
    };
    // A generated file under `folder/`, if any.
    let generated_under = |folder: &str| {
        let under = format!("{folder}/");
        let first = html_paths.partition_point(|p| *p < under.as_str());
        html_paths
            .get(first)
            .copied()
            .filter(|p| p.starts_with(&under))
            .or_else(|| {
                extras
                    .files
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .find(|p| p.starts_with(&under))
            })
    };
    let mut files = html_paths.len() + extras.files.len();
    for (path, bytes) in theme.static_files() {
        if let Some(problem) = static_clash(path, generated, generated_under) {
            problems.push(problem);
            continue;
        }
        sink(path, Rendered::Bytes(bytes));
        files += 1;
    }
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    for (path, bytes) in &extras.files {
        match bytes {
            Some(bytes) => sink(path, Rendered::Bytes(bytes)),
            None => sink(path, Rendered::Unchanged),
        }
    }
    let memo = PageMemo {
        theme: theme.fingerprint(),
        layout: done.layout,
        entries: done.entries,
        readers: done.readers,
        extras: extras.memo,
        values: match hashing {
            true => shared.value_memo(),
            false => ValueMemo::default(),
        },
        prints,
    };
    Ok(RenderSummary {
        files,
        rendered: done.tally.rendered,
        built: done.tally.built,
        kept_the_rest,
        memo,
    })
}

/// `static-clash` when static file `path` cannot be written beside what brief generates:
/// it is one of those files, or it needs one of them to be a folder
/// (`static/index.html/x.txt`), or one of them needs it to be a folder (`static/people`,
/// a file, where the people pages go).
fn static_clash<'g>(
    path: &str,
    generated: impl Fn(&str) -> bool,
    generated_under: impl Fn(&str) -> Option<&'g str>,
) -> Option<Diagnostic> {
    let message = if generated(path) {
        format!("the static file `{path}` would replace a file that brief generates")
    } else if let Some(file) = path
        .match_indices('/')
        .map(|(slash, _)| &path[..slash])
        .find(|folder| generated(folder))
    {
        format!("the static file `{path}` needs a folder `{file}`, where brief writes a file")
    } else if let Some(file) = generated_under(path) {
        format!("the static file `{path}` stands where brief needs a folder, for `{file}`")
    } else {
        return None;
    };
    Some(Diagnostic::error("static-clash", message).help("rename or move the file in static/"))
}

/// The pages of one build as handed over, for its memo.
struct Done {
    layout: Arc<Layout>,
    entries: Vec<Option<Arc<PageEntry>>>,
    readers: Option<Arc<std::sync::Mutex<Readers>>>,
    tally: Tally,
}

/// This build's prints, and the previous build's when there is one.
type PrintsNow<'p> = Option<(&'p Prints, Option<&'p Prints>)>;

/// One page handed over, or its problem; `None` for a page that does not exist.
type Handed = Option<Result<PageDone, Box<Diagnostic>>>;

/// What rendering a page needs: the build's data and theme, its prints (when it keeps a
/// memo), where the pieces of the previous build are now (when some moved), and where
/// the files go.
#[derive(Clone, Copy)]
struct PageRenderer<'r, 'a> {
    shared: &'r Shared<'a>,
    theme: &'r Theme,
    prints: PrintsNow<'r>,
    moves: Option<&'r Translation>,
    sink: &'r (dyn Fn(&str, Rendered<'_>) + Sync),
}

impl PageRenderer<'_, '_> {
    /// Renders (or hands over as unchanged) every page, taking what `previous` recorded of
    /// each by its name; with `hashing`, records what each read.
    fn all(
        self,
        pages: &[Page<'_>],
        previous: Option<&PageMemo>,
        hashing: bool,
        statics: u64,
    ) -> (Done, Vec<Diagnostic>) {
        type Keyed = Option<Result<(Option<PageKey>, PageDone), Box<Diagnostic>>>;
        let results: Vec<Keyed> = pages
            .par_iter()
            .map(|page| {
                let key = hashing.then(|| page.key(self.shared));
                let before = previous.zip(key.as_ref()).and_then(|(memo, key)| {
                    let place = *memo.layout.position.get(key)?;
                    memo.entries.get(place as usize)?.as_deref()
                });
                let done = self.page(*page, before)?;
                Some(done.map(|done| (key, done)))
            })
            .collect();
        let every_page = results.iter().all(Option::is_some);
        let mut problems = Vec::new();
        let mut tally = Tally::default();
        let mut layout = Layout {
            statics,
            ..Layout::default()
        };
        let mut entries = Vec::with_capacity(if hashing { results.len() } else { 0 });
        for result in results.into_iter().flatten() {
            match result {
                Ok((key, (entry, path, outcome))) => {
                    tally.add(outcome);
                    if let Some(key) = key {
                        layout
                            .position
                            .insert(key.clone(), cell_index(layout.keys.len()));
                        layout.keys.push(key);
                        entries.push(entry.map(Arc::new));
                    }
                    layout.html_paths.push(path);
                }
                Err(problem) => {
                    if !problems.contains(&*problem) {
                        problems.push(*problem);
                    }
                }
            }
        }
        layout.html_paths.sort_unstable();
        layout.html_paths.dedup();
        let readers =
            (hashing && every_page).then(|| Arc::new(std::sync::Mutex::new(Readers::of(&entries))));
        let done = Done {
            layout: Arc::new(layout),
            entries,
            readers,
            tally,
        };
        (done, problems)
    }

    /// Renders (or hands over as unchanged) only the pages at `places` among `pages`, which
    /// are those `memo` describes; the others are not handed over.
    fn some(
        self,
        pages: &[Page<'_>],
        memo: &PageMemo,
        places: &[usize],
    ) -> (Done, Vec<Diagnostic>) {
        let before = |place: usize| memo.entries.get(place).and_then(|e| e.as_deref());
        let results: Vec<(usize, Handed)> = places
            .par_iter()
            .map(|&place| {
                let page = pages.get(place).copied();
                let done = page.and_then(|page| self.page(page, before(place)));
                (place, done)
            })
            .collect();
        let mut problems = Vec::new();
        let mut tally = Tally::default();
        let mut entries = memo.entries.clone();
        let readers = memo.readers.clone();
        let mut index = readers
            .as_ref()
            .map(|r| r.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        for (place, result) in results {
            match result {
                Some(Ok((entry, path, outcome))) => {
                    let same_path = memo.layout.html_paths.binary_search(&path).is_ok();
                    if !same_path {
                        problems.push(page_moved(&format!("`{path}`")));
                    }
                    tally.add(outcome);
                    if let (Some(index), Some(entry)) = (index.as_deref_mut(), &entry) {
                        let earlier = before(place).map_or(&[][..], |e| &e.reads[..]);
                        index.add(place, &entry.reads, earlier);
                    }
                    if let Some(slot) = entries.get_mut(place) {
                        *slot = entry.map(Arc::new);
                    }
                }
                Some(Err(problem)) => {
                    if !problems.contains(&*problem) {
                        problems.push(*problem);
                    }
                }
                None => {
                    let key = memo.layout.keys.get(place);
                    problems.push(page_moved(&format!("{key:?}")));
                }
            }
        }
        drop(index);
        let done = Done {
            layout: memo.layout.clone(),
            entries,
            readers,
            tally,
        };
        (done, problems)
    }

    /// Hands page `page` to the sink: as unchanged when the pieces of the site its context
    /// read all print as they did in the build of `before` (so it is not even built), or
    /// when its context hashes as it did; rendered otherwise. With prints (this build's,
    /// and the previous build's when there is one: a build that keeps a memo), what it
    /// read is recorded for the next build. `None` for a page that does not exist.
    fn page(self, page: Page<'_>, before: Option<&PageEntry>) -> Handed {
        let PageRenderer {
            shared,
            theme,
            prints,
            moves,
            sink,
        } = self;
        // The previous build kept `before` only while every piece it read printed as in
        // the build that recorded it: comparing with the previous build's prints is enough.
        if let (Some(before), Some((now, Some(earlier)))) = (before, prints) {
            let kept = match moves {
                None => now
                    .unchanged_since(earlier, &before.reads)
                    .then(|| before.clone()),
                Some(moves) => now
                    .unchanged_moved(earlier, moves, &before.reads)
                    .map(|reads| PageEntry {
                        reads: reads.into(),
                        ..before.clone()
                    }),
            };
            if let Some(entry) = kept {
                sink(&entry.path, Rendered::Unchanged);
                let path = entry.path.clone();
                return Some(Ok((Some(entry), path, Outcome::Kept)));
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
            return Some(Ok((entry, path, Outcome::Same)));
        }
        let root = job.context.root().to_string();
        Some(
            theme
                .render(job.template, &job.context.into_tera())
                .map(|html| {
                    let html = urls::relative_links(html, &root);
                    sink(&path, Rendered::Bytes(&html));
                    (entry, path, Outcome::Rendered)
                }),
        )
    }
}

/// A page of a rebuild with the same pages as the previous build that does not come out
/// where it did, or not at all (which the memo rules out: a fault of brief's own). `page`
/// names it by its path, or by its key when it has none.
fn page_moved(page: &str) -> Diagnostic {
    Diagnostic::error(
        "internal",
        format!("the page {page} was not where the previous build put it"),
    )
    .help("stop `brief watch` and start it again; please report this")
}

/// A hash of the paths of the theme's and site's static files.
fn statics_print(theme: &Theme) -> u64 {
    crate::fingerprint::of_debug(&theme.static_files().keys().collect::<Vec<_>>())
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

    /// Whether the page's key is `key` (what [`Page::key`] would say, without making it).
    fn is(&self, key: &PageKey, shared: &Shared<'_>) -> bool {
        let (loaded, graph) = (shared.loaded(), shared.graph());
        match (*self, key) {
            (Page::Home, PageKey::Home)
            | (Page::Timeline, PageKey::Timeline)
            | (Page::Tags, PageKey::Tags)
            | (Page::Search, PageKey::Search)
            | (Page::NotFound, PageKey::NotFound) => true,
            (Page::Collection(c), PageKey::Collection(name)) => c.name == *name,
            (Page::Briefing(b), PageKey::Briefing(slug)) => {
                loaded.briefings.get(b).is_some_and(|x| x.slug == *slug)
            }
            (Page::Note(n), PageKey::Note(collection, slug)) => loaded
                .notes
                .get(n)
                .is_some_and(|x| x.collection == *collection && x.slug == *slug),
            (Page::Tag(t), PageKey::Tag(slug)) => {
                graph.tags.get(t).is_some_and(|x| x.slug == *slug)
            }
            _ => false,
        }
    }
}

/// Every page of the site, in a fixed order (the order of a [`PageMemo`]'s layout).
///
/// The pages that list many others (the timeline, home, notes, tags) come first: each
/// takes many times as long as a briefing, and the threads share out the work best when
/// the long jobs start early and the many short ones fill in at the end.
fn pages<'a>(shared: &Shared<'a>) -> Vec<Page<'a>> {
    let mut pages = vec![Page::Timeline, Page::Home];
    pages.extend((0..shared.loaded().notes.len()).map(Page::Note));
    pages.extend((0..shared.graph().tags.len()).map(Page::Tag));
    pages.extend([Page::Tags, Page::Search, Page::NotFound]);
    pages.extend(
        collection_order(shared.config())
            .into_iter()
            .map(Page::Collection),
    );
    pages.extend((0..shared.loaded().briefings.len()).map(Page::Briefing));
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
