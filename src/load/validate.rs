//! Checks across files, once every file is parsed: safe and unique slugs, sidecars and
//! their briefings, mentioned notes that exist, names shared by several notes.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{AnnotationSet, Briefing, Loaded, Note, SourceFile};
use crate::slug;

use super::briefing::ParsedBriefing;
use super::classify::Role;
use super::report::Report;
use super::{mentions, suggest, yaml_doc};

/// One parsed file, before the checks across files.
#[derive(Clone)]
pub(crate) struct Parsed {
    pub role: Role,
    pub stem: String,
    pub file: Arc<SourceFile>,
    pub content: Content,
}

/// What a file gave when parsed alone.
#[derive(Clone)]
pub(crate) enum Content {
    Briefing(ParsedBriefing),
    Sidecar(Option<AnnotationSet>),
    Note(Option<Note>),
}

/// Slugs of the note files of each collection (whether or not they parsed).
pub(crate) type NoteFiles = BTreeMap<String, BTreeSet<String>>;

/// The notes a briefing may mention: the slugs of their files, and the notes that
/// parsed, read only to suggest the note a misspelt or shortened mention meant.
pub(crate) struct KnownNotes<'a> {
    /// The slugs of the note files of each collection.
    pub files: &'a NoteFiles,
    items: &'a [Item],
    notes: &'a [usize],
}

impl<'a> KnownNotes<'a> {
    /// Every note that parsed, in the order of its file.
    pub fn parsed(&self) -> impl Iterator<Item = &'a Note> + 'a {
        let items = self.items;
        self.notes
            .iter()
            .filter_map(move |&n| match &items.get(n)?.0.content {
                Content::Note(note) => note.as_ref(),
                _ => None,
            })
    }
}

/// One parsed file with the problems found in it alone, shared between builds.
pub(crate) type Item = Arc<(Parsed, Vec<Diagnostic>)>;

/// What the checks across files made of each briefing in the previous build, so that
/// a rebuild checks again only the briefings whose files (or the notes) changed.
#[derive(Default)]
pub(crate) struct AssembleMemo {
    /// By the address of the briefing's parse (held here, so never given to another).
    briefings: FxHashMap<usize, Assembled>,
    /// The layout of the previous call's files.
    layout: Option<Arc<Layout>>,
}

/// A briefing as the checks across files left it, and what it was made from.
struct Assembled {
    parse: Item,
    sidecar: Option<Item>,
    notes: u64,
    briefing: Arc<Briefing>,
    problems: Vec<Diagnostic>,
}

impl Assembled {
    fn made_from(&self, sidecar: Option<&Item>, notes: u64) -> bool {
        let same_sidecar = match (&self.sidecar, sidecar) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        // A suggestion for an unknown note reads the notes' names, which the files'
        // paths do not show changing.
        let suggests_notes = self
            .problems
            .iter()
            .any(|d| mentions::suggests_notes(d.code));
        same_sidecar && self.notes == notes && !suggests_notes
    }
}

/// What the checks across files find from the files' paths alone (the same paths give
/// the same layout): which files are briefings, which sidecar annotates which, which
/// notes exist, and the problems of names, duplicates and orphans. Indices are into
/// the list of files.
struct Layout {
    /// Each briefing file, with its sidecar file.
    briefings: Vec<(usize, Option<usize>)>,
    /// Each note file.
    notes: Vec<usize>,
    /// The slugs of the note files of each collection, and their fingerprint.
    note_files: NoteFiles,
    note_files_print: u64,
    problems: Vec<Diagnostic>,
}

impl Layout {
    fn of(items: &[Item]) -> Layout {
        let mut problems = Vec::new();
        let kept = unique_safe_slugs(items, &mut problems);
        let mut briefing_files: FxHashMap<&str, usize> = FxHashMap::default();
        let mut briefings = Vec::new();
        let mut sidecars = Vec::new();
        let mut notes = Vec::new();
        let mut note_files = NoteFiles::new();
        for i in kept {
            let parsed = &items[i].0;
            match &parsed.content {
                Content::Briefing(_) => {
                    briefing_files.insert(&parsed.stem, briefings.len());
                    briefings.push((i, None));
                }
                Content::Sidecar(_) => sidecars.push(i),
                Content::Note(_) => {
                    if let Role::Note(c) = &parsed.role {
                        note_files
                            .entry(c.clone())
                            .or_default()
                            .insert(parsed.stem.clone());
                    }
                    notes.push(i);
                }
            }
        }
        for i in sidecars {
            let parsed = &items[i].0;
            match briefing_files.get(parsed.stem.as_str()) {
                Some(&b) => briefings[b].1 = Some(i),
                None => {
                    let mut names: Vec<&str> = briefing_files.keys().copied().collect();
                    names.sort_unstable();
                    problems.push(orphan_sidecar(&parsed.stem, &parsed.file, names));
                }
            }
        }
        Layout {
            briefings,
            notes,
            note_files_print: crate::fingerprint::of_debug(&note_files),
            note_files,
            problems,
        }
    }
}

/// The layout of `items`: the one `memo` holds when their paths are those of the
/// `previous` call's items, a new one (kept in `memo`) otherwise.
fn layout(items: &[Item], previous: &[Item], memo: Option<&mut AssembleMemo>) -> Arc<Layout> {
    let same_paths = previous.len() == items.len()
        && previous.iter().zip(items).all(|(old, item)| {
            Arc::ptr_eq(&old.0.file, &item.0.file) || old.0.file.path == item.0.file.path
        });
    let Some(memo) = memo else {
        return Arc::new(Layout::of(items));
    };
    let layout = match memo.layout.take() {
        Some(kept) if same_paths => kept,
        _ => Arc::new(Layout::of(items)),
    };
    memo.layout = Some(layout.clone());
    layout
}

/// Runs every check across files and puts together what can be loaded. With a memo
/// (filled by the call that had `previous` as its items), a briefing whose own parse,
/// sidecar parse and the set of note files are those of the previous call is taken
/// from it as it was.
pub(crate) fn assemble(
    items: &[Item],
    previous: &[Item],
    config: &Config,
    mut memo: Option<&mut AssembleMemo>,
    out: &mut Vec<Diagnostic>,
) -> Loaded {
    let layout = layout(items, previous, memo.as_deref_mut());
    out.extend(layout.problems.iter().cloned());
    let notes_print = layout.note_files_print;
    let previous = memo.as_deref().map(|m| &m.briefings);
    let known = KnownNotes {
        files: &layout.note_files,
        items,
        notes: &layout.notes,
    };
    let assembled: Vec<Assembled> = layout
        .briefings
        .par_iter()
        .filter_map(|&(b, sidecar)| {
            let item = &items[b];
            let sidecar = sidecar.map(|s| &items[s]);
            match previous.and_then(|p| p.get(&address(item))) {
                Some(old) if old.made_from(sidecar, notes_print) => Some(Assembled {
                    parse: item.clone(),
                    sidecar: sidecar.cloned(),
                    notes: notes_print,
                    briefing: old.briefing.clone(),
                    problems: old.problems.clone(),
                }),
                _ => check_briefing(item, sidecar, &known, config).map(|(briefing, problems)| {
                    Assembled {
                        parse: item.clone(),
                        sidecar: sidecar.cloned(),
                        notes: notes_print,
                        briefing,
                        problems,
                    }
                }),
            }
        })
        .collect();
    let mut briefings = Vec::with_capacity(assembled.len());
    let mut unpublished = Vec::new();
    for entry in &assembled {
        out.extend(entry.problems.iter().cloned());
        match complete(&entry.parse) {
            true => briefings.push(entry.briefing.clone()),
            false => unpublished.push(entry.briefing.clone()),
        }
    }
    if let Some(memo) = memo {
        memo.briefings = assembled
            .into_iter()
            .map(|entry| (address(&entry.parse), entry))
            .collect();
    }
    let mut notes: Vec<Note> = layout
        .notes
        .iter()
        .filter_map(|&n| match &items[n].0.content {
            Content::Note(note) => note.clone(),
            _ => None,
        })
        .collect();
    notes.sort_by(|a, b| (&a.collection, &a.slug).cmp(&(&b.collection, &b.slug)));
    mentions::shared_names(&notes, out);
    mentions::repeated_aliases(&notes, out);
    briefings.sort_by(|a, b| a.slug.cmp(&b.slug));
    unpublished.sort_by(|a, b| a.slug.cmp(&b.slug));
    Loaded {
        briefings,
        notes,
        unpublished,
    }
}

/// Whether the briefing read in `item` can be published: its front matter has no error.
fn complete(item: &Item) -> bool {
    matches!(&item.0.content, Content::Briefing(parsed) if parsed.complete)
}

/// The address of a parse, which identifies it while it is held.
fn address(item: &Item) -> usize {
    Arc::as_ptr(item) as usize
}

/// A briefing with its sidecar's annotations, its mentions checked against the notes,
/// and the problems found; `None` when the briefing's front matter could not be read.
fn check_briefing(
    item: &Item,
    sidecar: Option<&Item>,
    notes: &KnownNotes<'_>,
    config: &Config,
) -> Option<(Arc<Briefing>, Vec<Diagnostic>)> {
    let Content::Briefing(parsed) = &item.0.content else {
        return None;
    };
    let mut briefing = parsed.briefing.clone()?;
    let mut problems = Vec::new();
    if let Some(sidecar) = sidecar {
        if parsed.front_annotations {
            problems.push(annotations_twice(&briefing, &sidecar.0.file));
        }
        if let Content::Sidecar(Some(set)) = &sidecar.0.content {
            briefing.annotations = set.clone();
        }
    }
    mentions::check_mentions(&mut briefing, notes, config, &mut problems);
    Some((Arc::new(briefing), problems))
}

/// The folder a file is in and whether it is a sidecar: slugs must be unique within it.
fn slug_space(item: &Parsed) -> (&str, bool) {
    let folder = match &item.role {
        Role::Briefing | Role::Sidecar => super::BRIEFINGS,
        Role::Note(c) => c.as_str(),
    };
    (folder, item.role == Role::Sidecar)
}

/// Leaves out (and reports) files whose names are not safe slugs, and every file after
/// the first with the same slug in the same folder (`x.md` and `x.markdown`).
fn unique_safe_slugs(items: &[Item], out: &mut Vec<Diagnostic>) -> Vec<usize> {
    let mut keep = Vec::with_capacity(items.len());
    let mut seen: FxHashMap<(&str, bool, &str), &SourceFile> = FxHashMap::default();
    seen.reserve(items.len());
    // Only needed to tell whether the safe form of an unsafe name is taken.
    let mut stems: Option<BTreeSet<(&str, bool, &str)>> = None;
    for (i, item) in items.iter().enumerate() {
        let parsed = &item.0;
        let (folder, sidecar) = slug_space(parsed);
        if !slug::is_safe(&parsed.stem) {
            let fixed = slug::slugify(&parsed.stem);
            let stems = stems.get_or_insert_with(|| {
                items
                    .iter()
                    .map(|item| {
                        let (folder, sidecar) = slug_space(&item.0);
                        (folder, sidecar, item.0.stem.as_str())
                    })
                    .collect()
            });
            let taken = stems.contains(&(folder, sidecar, fixed.as_str()));
            // `visit.annotations.yaml` or `visit.md.yaml`: the sidecar of `visit.md`.
            let briefing = sidecar
                .then(|| {
                    parsed
                        .stem
                        .match_indices('.')
                        .map(|(at, _)| &parsed.stem[..at])
                        .find(|stem| stems.contains(&(folder, false, stem)))
                })
                .flatten();
            out.push(match briefing {
                Some(stem) => misnamed_sidecar(parsed, stem),
                None => unsafe_slug(parsed, &fixed, taken),
            });
        } else if let Some(first) = seen.get(&(folder, sidecar, parsed.stem.as_str())) {
            out.push(duplicate_slug(parsed, first));
        } else {
            seen.insert((folder, sidecar, parsed.stem.as_str()), &parsed.file);
            keep.push(i);
        }
    }
    keep
}

fn duplicate_slug(item: &Parsed, first: &SourceFile) -> Diagnostic {
    Diagnostic::error(
        "duplicate-slug",
        format!(
            "`{}` and `{}` have the same name",
            first.path.display(),
            item.file.path.display()
        ),
    )
    .in_file(&item.file.path)
    .note(if item.role == Role::Sidecar {
        "both would annotate the same briefing"
    } else {
        "they would be published at the same address"
    })
    .help(format!(
        "rename or remove one of them (brief read only `{}`)",
        first.path.display()
    ))
}

/// The characters of `stem` that a slug cannot hold, described for a message.
fn unsafe_parts(stem: &str) -> String {
    let mut parts = BTreeSet::new();
    for c in stem.chars() {
        let what = match c {
            'A'..='Z' => "capital letters",
            ' ' => "spaces",
            '_' => "underscores",
            c if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' => continue,
            c if !c.is_ascii() => "letters outside a-z",
            _ => "punctuation",
        };
        parts.insert(what);
    }
    if stem.starts_with('-') || stem.ends_with('-') || stem.contains("--") {
        parts.insert("hyphens at the ends or doubled");
    }
    let parts: Vec<&str> = parts.into_iter().collect();
    parts.join(", ")
}

/// A sidecar named after its briefing with more after a dot (`visit.annotations.yaml`).
fn misnamed_sidecar(item: &Parsed, briefing: &str) -> Diagnostic {
    let extension = extension(item);
    Diagnostic::error(
        "unsafe-slug",
        format!(
            "`{}.{extension}` is not named like the briefing it annotates",
            item.stem
        ),
    )
    .in_file(&item.file.path)
    .note(format!(
        "annotations go in a file with the same name as their briefing: `{briefing}.yaml` annotates `{briefing}.md`"
    ))
    .help(format!("rename the file to `{briefing}.yaml`"))
}

/// The extension of the item's file, without the dot (empty when it has none).
fn extension(item: &Parsed) -> String {
    item.file
        .path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn unsafe_slug(item: &Parsed, fixed: &str, taken: bool) -> Diagnostic {
    let extension = extension(item);
    let help = if taken {
        format!(
            "rename the file: `{fixed}.{extension}` is taken, so merge the two or choose another name in a-z, 0-9 and hyphens"
        )
    } else {
        format!("rename the file to `{fixed}.{extension}`")
    };
    Diagnostic::error(
        "unsafe-slug",
        format!("the file name `{}` cannot be used in an address", item.stem),
    )
    .in_file(&item.file.path)
    .note(format!(
        "names of briefings and notes become URLs, so they may use only a-z, 0-9 and single hyphens; this one has {}",
        unsafe_parts(&item.stem)
    ))
    .help(help)
}

fn orphan_sidecar(stem: &str, file: &SourceFile, briefings: Vec<&str>) -> Diagnostic {
    let mut d = Diagnostic::error(
        "orphan-sidecar",
        format!("`{}` annotates a briefing that does not exist", file.path.display()),
    )
    .in_file(&file.path)
    .note(format!(
        "annotations go in a file with the same name as their briefing: `{stem}.yaml` annotates `{stem}.md`"
    ));
    if let Some(close) = suggest::closest(stem, briefings) {
        d = d.help(format!(
            "did you mean the briefing `{close}.md`? then rename this file `{close}.yaml`"
        ));
    } else {
        d = d.help(format!(
            "if its briefing was renamed, rename this file to match it; otherwise write the briefing `{stem}.md`"
        ));
    }
    d
}

fn annotations_twice(briefing: &Briefing, sidecar: &SourceFile) -> Diagnostic {
    let report = Report::new(yaml_doc(&briefing.file));
    Diagnostic::error("annotations-twice", "this briefing has annotations in two places")
        .at(report.key(&[], "annotations"))
        .label("here")
        .note(format!("and in `{}`; brief used that file", sidecar.path.display()))
        .help("keep all of them in one place: move these entries to the annotations file, or the other way round")
}
