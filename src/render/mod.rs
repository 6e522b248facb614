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
mod feed;
mod plain;
mod search;
mod template_errors;
mod theme;
pub mod urls;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::anchor::site::Anchored;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::graph::{Graph, collection_order};
use crate::model::Loaded;

use context::{PageJob, Shared};

pub use embedded::DEFAULT_THEME;
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
    let shared = Shared::new(config, loaded, anchored, graph, theme.name());
    let jobs = pages(&shared);
    let rendered: Vec<Result<OutputFile, Box<Diagnostic>>> = jobs
        .into_par_iter()
        .filter_map(|page| job(&shared, page))
        .map(|job| {
            theme
                .render(job.template, &job.context)
                .map(|html| OutputFile {
                    path: job.path,
                    bytes: html.into_bytes(),
                })
        })
        .collect();
    let mut problems = Vec::new();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for result in rendered {
        match result {
            Ok(file) => {
                files.insert(file.path, file.bytes);
            }
            Err(problem) => {
                if !problems.contains(&*problem) {
                    problems.push(*problem);
                }
            }
        }
    }
    let html_paths: Vec<&str> = files.keys().map(String::as_str).collect();
    let sitemap = feed::sitemap(&shared, &html_paths);
    files.insert("sitemap.xml".to_string(), sitemap.into_bytes());
    files.insert("atom.xml".to_string(), feed::atom(&shared).into_bytes());
    for (path, bytes) in search::index_files(&shared) {
        files.insert(path, bytes);
    }
    files.insert(HIGHLIGHT_CSS.to_string(), highlight_css().into_bytes());
    add_static_files(theme, &mut files, &mut problems);
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

/// The stylesheet for highlighted code (classes from `markdown`'s syntect highlighting).
fn highlight_css() -> String {
    crate::markdown::highlight_css()
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
        collection_order(shared.config)
            .into_iter()
            .map(Page::Collection),
    );
    pages.extend((0..shared.loaded.briefings.len()).map(Page::Briefing));
    pages.extend((0..shared.loaded.notes.len()).map(Page::Note));
    pages.extend((0..shared.graph.tags.len()).map(Page::Tag));
    pages
}

/// The output path, template and context of a page.
fn job(shared: &Shared<'_>, page: Page<'_>) -> Option<PageJob> {
    match page {
        Page::Home => Some(context::home_page(shared)),
        Page::Timeline => Some(context::timeline_page(shared)),
        Page::Tags => Some(context::tags_page(shared)),
        Page::Search => Some(context::search_page(shared)),
        Page::NotFound => Some(context::not_found_page(shared)),
        Page::Collection(collection) => Some(context::collection_page(shared, collection)),
        Page::Briefing(b) => context::briefing_page(shared, b),
        Page::Note(n) => context::note_page(shared, n),
        Page::Tag(t) => context::tag_page(shared, t),
    }
}

fn add_static_files(
    theme: &Theme,
    files: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Diagnostic>,
) {
    for (path, bytes) in theme.static_files() {
        if files.contains_key(path) {
            problems.push(
                Diagnostic::error(
                    "static-clash",
                    format!("the static file `{path}` would replace a file that brief generates"),
                )
                .help("rename or move the file in static/"),
            );
            continue;
        }
        files.insert(path.clone(), bytes.clone());
    }
}
