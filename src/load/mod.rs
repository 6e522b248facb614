//! The `load` stage: `content/` → [`Loaded`].
//!
//! [`read_sources`] is the I/O edge: it finds and reads the files. [`parse_sources`] is
//! pure: it splits front matter, parses the YAML of every file in parallel (one parse per
//! file), checks every value, then checks what files say about each other (mentioned
//! notes exist, slugs are safe and unique, ...). Every problem found is reported, each
//! with its file, line and column, in one run.
//!
//! The formats are documented, key by key, in `docs/content.md`.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic, Location};
use crate::model::{AnnotationSet, Loaded, SourceFile};
use crate::yaml::{self, Doc, Step};

mod annotations;
mod briefing;
mod check;
mod classify;
mod date;
mod facts;
mod front_matter;
mod keyed;
mod mentions;
mod note;
mod raw;
mod report;
mod suggest;
mod validate;
mod walk;

pub use classify::BRIEFINGS;
pub(crate) use report::MAX_PROBLEMS;
pub(crate) use suggest::closest as suggest_closest;
pub use walk::CONTENT;

use classify::Role;

/// Finds and reads every file brief reads under `root/content/`: `briefings/*.md` with
/// their `*.yaml` / `*.yml` annotation files, and `<collection>/*.md` for each collection
/// of `config`. Paths are relative to `root`, and the files come sorted by path (in byte order).
///
/// Also returns the problems found on the way: errors (a file that cannot be read, is
/// not UTF-8, or is a link out of the site or in a loop) and warnings (folders and files
/// that are not read). Hidden files and editors' temporary files are skipped silently.
pub fn read_sources(root: &Path, config: &Config) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    walk::read_sources(root, config)
}

/// Parses and checks the files that [`read_sources`] read. Pure, and parallel.
///
/// Returns what could be loaded — briefings sorted by slug, notes by collection then
/// slug, drafts left out unless `include_drafts` — and every problem found, sorted by
/// file and line. A file or annotation with an error may be missing from the result, and
/// a mention of a note that does not exist is dropped, so the result is always
/// consistent; the build must still stop when any diagnostic is an error.
pub fn parse_sources(
    sources: Vec<SourceFile>,
    config: &Config,
    include_drafts: bool,
) -> (Loaded, Vec<Diagnostic>) {
    let sources = sources.into_iter().map(Arc::new).collect();
    parse_with(sources, config, include_drafts, None)
}

/// The files parsed by an earlier load, for [`load_reusing`].
#[derive(Default)]
pub struct LoadMemo {
    /// A hash of the config the files were parsed with.
    config: u64,
    /// Each file's parse, sorted by path (in byte order).
    parsed: Vec<validate::Item>,
    /// What the checks across files made of each briefing.
    assembled: validate::AssembleMemo,
    /// The files as read, to read again only those that changed.
    read: walk::ReadMemo,
}

impl std::fmt::Debug for LoadMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadMemo")
            .field("files", &self.parsed.len())
            .finish()
    }
}

/// Like [`parse_sources`], but takes the parse of every file whose path and text are
/// those of a file parsed (with the same config) by the previous call with `memo`,
/// rather than parsing it again; then keeps this call's parses in `memo`. The checks
/// across files always run. The result is always what [`parse_sources`] gives.
pub fn parse_sources_reusing(
    sources: Vec<SourceFile>,
    config: &Config,
    include_drafts: bool,
    memo: &mut LoadMemo,
) -> (Loaded, Vec<Diagnostic>) {
    let sources = sources.into_iter().map(Arc::new).collect();
    parse_reusing(sources, config, include_drafts, memo)
}

/// [`parse_sources_reusing`] of files already shared.
fn parse_reusing(
    sources: Vec<Arc<SourceFile>>,
    config: &Config,
    include_drafts: bool,
    memo: &mut LoadMemo,
) -> (Loaded, Vec<Diagnostic>) {
    let config_hash = config.fingerprint();
    if config_hash != memo.config {
        memo.parsed.clear();
        memo.assembled = validate::AssembleMemo::default();
        memo.config = config_hash;
    }
    parse_with(sources, config, include_drafts, Some(memo))
}

/// [`parse_sources`], reusing and refilling `memo` when there is one (a one-off load
/// keeps no copy of what it parsed).
fn parse_with(
    mut sources: Vec<Arc<SourceFile>>,
    config: &Config,
    include_drafts: bool,
    mut memo: Option<&mut LoadMemo>,
) -> (Loaded, Vec<Diagnostic>) {
    // Byte order of the paths: deterministic, and cheaper than comparing components.
    if !sources.is_sorted_by(|a, b| a.path.as_os_str() <= b.path.as_os_str()) {
        sources.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    }
    let (previous, assemble_memo) = match memo.as_deref_mut() {
        Some(m) => (&m.parsed[..], Some(&mut m.assembled)),
        None => (&[][..], None),
    };
    let mut diagnostics = Vec::new();
    let items: Vec<validate::Item> = reuse_or_parse(previous, sources, config, &mut diagnostics);
    for item in &items {
        diagnostics.extend(item.1.iter().cloned());
    }
    let mut loaded = validate::assemble(&items, previous, config, assemble_memo, &mut diagnostics);
    if let Some(memo) = memo {
        memo.parsed = items;
    }
    if !include_drafts && loaded.briefings.iter().any(|b| b.draft) {
        let (drafts, published): (Vec<_>, Vec<_>) =
            loaded.briefings.into_iter().partition(|b| b.draft);
        loaded.briefings = published;
        loaded.unpublished.extend(drafts);
        loaded.unpublished.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    diagnostics::sort(&mut diagnostics);
    (loaded, diagnostics)
}

/// The parse of every source, sorted by path: the previous parse of a file read by the
/// previous load with the same text (both lists are sorted by path, and walked side by
/// side), a new parse for the others (in parallel). Sources that are not content are
/// reported and left out.
fn reuse_or_parse(
    previous: &[validate::Item],
    sources: Vec<Arc<SourceFile>>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<validate::Item> {
    enum Slot {
        Kept(validate::Item),
        New(Role, String, Arc<SourceFile>),
    }
    let mut earlier = previous.iter().peekable();
    let mut slots = Vec::with_capacity(sources.len());
    for source in sources {
        // The usual case, first: the walk kept the very file the previous load parsed
        // (this looks at no path).
        if let Some(old) = earlier.next_if(|old| Arc::ptr_eq(&old.0.file, &source)) {
            slots.push(Slot::Kept(old.clone()));
            continue;
        }
        let path = source.path.as_os_str();
        while earlier
            .next_if(|old| old.0.file.path.as_os_str() < path)
            .is_some()
        {}
        // A file the walk did not read again is the very same one.
        let same = |old: &&validate::Item| {
            let file = &old.0.file;
            file.path.as_os_str() == path
                && (Arc::ptr_eq(file, &source) || file.text == source.text)
        };
        if let Some(old) = earlier.next_if(same) {
            slots.push(Slot::Kept(old.clone()));
            continue;
        }
        match classify::role_of(&source.path, config) {
            Some((role, stem)) => slots.push(Slot::New(role, stem, source)),
            None => diagnostics.push(not_content(&source.path)),
        }
    }
    slots
        .into_par_iter()
        .map(|slot| match slot {
            Slot::Kept(item) => item,
            Slot::New(role, stem, file) => Arc::new(parse_one(role, stem, file, config)),
        })
        .collect()
}

/// [`read_sources`] then [`parse_sources_reusing`], with the problems of both; a file
/// whose size, times and inode are those it had when the previous call with `memo`
/// read it (and whose last change came seconds before that reading) is not read again.
///
/// With `changed` (the paths a file watcher saw change since the previous call with
/// `memo`), only those files are read again, without walking `content/`, whenever
/// that gives the same result: a folder or a file that is not content that changed,
/// a site with symbolic links, or a new config make it walk.
pub fn load_reusing(
    root: &Path,
    config: &Config,
    include_drafts: bool,
    memo: &mut LoadMemo,
    changed: Option<&[std::path::PathBuf]>,
) -> (Loaded, Vec<Diagnostic>) {
    let patched = changed.and_then(|paths| walk::read_changed(root, config, &mut memo.read, paths));
    if let Some((sources, diagnostics)) = patched {
        let parsed = parse_reusing(sources, config, include_drafts, memo);
        return with_read_problems(diagnostics, parsed);
    }
    let (sources, diagnostics) = walk::read_sources_reusing(root, config, Some(&mut memo.read));
    let parsed = parse_reusing(sources, config, include_drafts, memo);
    with_read_problems(diagnostics, parsed)
}

/// [`read_sources`] then [`parse_sources`], with the problems of both.
pub fn load(root: &Path, config: &Config, include_drafts: bool) -> (Loaded, Vec<Diagnostic>) {
    let (sources, diagnostics) = read_sources(root, config);
    with_read_problems(diagnostics, parse_sources(sources, config, include_drafts))
}

/// A load's result with the problems met while reading added, all sorted.
fn with_read_problems(
    mut diagnostics: Vec<Diagnostic>,
    (loaded, more): (Loaded, Vec<Diagnostic>),
) -> (Loaded, Vec<Diagnostic>) {
    diagnostics.extend(more);
    diagnostics::sort(&mut diagnostics);
    (loaded, diagnostics)
}

fn not_content(path: &Path) -> Diagnostic {
    Diagnostic::warning("ignored-file", format!("`{}` is not read", path.display()))
        .in_file(path)
        .note("brief reads content/briefings/*.md and *.yaml, and content/<collection>/*.md")
}

fn parse_one(
    role: Role,
    stem: String,
    file: Arc<SourceFile>,
    config: &Config,
) -> (validate::Parsed, Vec<Diagnostic>) {
    let (content, diagnostics) = match &role {
        Role::Briefing => {
            let (parsed, d) = briefing::parse(file.clone(), stem.clone(), config);
            (validate::Content::Briefing(parsed), d)
        }
        Role::Sidecar => {
            let (set, d) = briefing::parse_sidecar(file.clone(), config);
            (validate::Content::Sidecar(set), d)
        }
        Role::Note(collection) => {
            let (note, d) = note::parse(file.clone(), collection, stem.clone());
            (validate::Content::Note(note), d)
        }
    };
    let parsed = validate::Parsed {
        role,
        stem,
        file,
        content,
    };
    (parsed, diagnostics)
}

/// The YAML part of a file: the front matter of a Markdown file (when it has one), or
/// the whole of a YAML file. Locations found in it are places in the whole file.
pub fn yaml_doc(file: &SourceFile) -> Doc<'_> {
    let is_markdown = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if is_markdown {
        if let Ok(split) = front_matter::split(&file.path, &file.text, "") {
            return split.doc(&file.path, &file.text);
        }
    }
    Doc::whole(&file.path, &file.text)
}

/// Where the `quote:` value of entry `index` of `set` is written (line, column and
/// length in its sidecar, or in the briefing for front-matter annotations). Computed on
/// demand by scanning the YAML again, so call it only to report a problem.
pub fn annotation_location(set: &AnnotationSet, index: usize) -> Option<Location> {
    annotation_key_location(set, index, "quote")
}

/// Where the value of `key` (`prefix`, `suffix`, `occurrence`, ...) of entry `index` of
/// `set` is written; like [`annotation_location`].
pub fn annotation_key_location(set: &AnnotationSet, index: usize, key: &str) -> Option<Location> {
    let file = set.file.as_ref()?;
    let path = [Step::Key("annotations"), Step::Index(index), Step::Key(key)];
    yaml::value_location(&yaml_doc(file), &path)
}
