//! Checks across files, once every file is parsed: safe and unique slugs, sidecars and
//! their briefings, mentioned notes that exist, names shared by several notes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// Runs every check across files and puts together what can be loaded.
pub(crate) fn assemble(parsed: Vec<Parsed>, config: &Config, out: &mut Vec<Diagnostic>) -> Loaded {
    let parsed = unique_safe_slugs(parsed, out);
    let mut briefing_files = BTreeSet::new();
    let mut note_files = NoteFiles::new();
    let mut briefings = Vec::new();
    let mut front_annotations = HashMap::new();
    let mut sidecars = Vec::new();
    let mut notes = Vec::new();
    for item in parsed {
        match item.content {
            Content::Briefing(b) => {
                briefing_files.insert(item.stem.clone());
                if let Some(briefing) = b.briefing {
                    front_annotations.insert(item.stem, b.front_annotations);
                    briefings.push(briefing);
                }
            }
            Content::Sidecar(set) => sidecars.push((item.stem, item.file, set)),
            Content::Note(note) => {
                if let Role::Note(c) = &item.role {
                    note_files.entry(c.clone()).or_default().insert(item.stem);
                }
                notes.extend(note);
            }
        }
    }
    attach_sidecars(
        &mut briefings,
        &briefing_files,
        &front_annotations,
        sidecars,
        out,
    );
    let found: Vec<Vec<Diagnostic>> = briefings
        .par_iter_mut()
        .map(|briefing| {
            let mut found = Vec::new();
            mentions::check_mentions(briefing, &note_files, config, &mut found);
            found
        })
        .collect();
    out.extend(found.into_iter().flatten());
    notes.sort_by(|a, b| (&a.collection, &a.slug).cmp(&(&b.collection, &b.slug)));
    mentions::shared_names(&notes, out);
    briefings.sort_by(|a, b| a.slug.cmp(&b.slug));
    Loaded { briefings, notes }
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
fn unique_safe_slugs(parsed: Vec<Parsed>, out: &mut Vec<Diagnostic>) -> Vec<Parsed> {
    let mut keep = Vec::with_capacity(parsed.len());
    {
        let stems: BTreeSet<(&str, bool, &str)> = parsed
            .iter()
            .map(|item| {
                let (folder, sidecar) = slug_space(item);
                (folder, sidecar, item.stem.as_str())
            })
            .collect();
        let mut seen: HashMap<(&str, bool, &str), &SourceFile> = HashMap::new();
        for item in &parsed {
            let (folder, sidecar) = slug_space(item);
            if !slug::is_safe(&item.stem) {
                let fixed = slug::slugify(&item.stem);
                let taken = stems.contains(&(folder, sidecar, fixed.as_str()));
                out.push(unsafe_slug(item, &fixed, taken));
                keep.push(false);
            } else if let Some(first) = seen.get(&(folder, sidecar, item.stem.as_str())) {
                out.push(duplicate_slug(item, first));
                keep.push(false);
            } else {
                seen.insert((folder, sidecar, item.stem.as_str()), &item.file);
                keep.push(true);
            }
        }
    }
    parsed
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
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
    .note("they would be published at the same address")
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

fn unsafe_slug(item: &Parsed, fixed: &str, taken: bool) -> Diagnostic {
    let extension = item
        .file
        .path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
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

/// Moves each sidecar's annotations into its briefing, and reports sidecars without a
/// briefing and briefings annotated twice.
fn attach_sidecars(
    briefings: &mut [Briefing],
    briefing_files: &BTreeSet<String>,
    front_annotations: &HashMap<String, bool>,
    sidecars: Vec<(String, Arc<SourceFile>, Option<AnnotationSet>)>,
    out: &mut Vec<Diagnostic>,
) {
    let index: HashMap<String, usize> = briefings
        .iter()
        .enumerate()
        .map(|(i, b)| (b.slug.clone(), i))
        .collect();
    for (stem, file, set) in sidecars {
        if !briefing_files.contains(&stem) {
            out.push(orphan_sidecar(&stem, &file, briefing_files));
            continue;
        }
        let Some(&i) = index.get(&stem) else {
            continue;
        };
        let briefing = &mut briefings[i];
        if front_annotations.get(&stem).copied().unwrap_or(false) {
            out.push(annotations_twice(briefing, &file));
        }
        if let Some(set) = set {
            briefing.annotations = set;
        }
    }
}

fn orphan_sidecar(stem: &str, file: &SourceFile, briefings: &BTreeSet<String>) -> Diagnostic {
    let mut d = Diagnostic::error(
        "orphan-sidecar",
        format!("`{}` annotates a briefing that does not exist", file.path.display()),
    )
    .in_file(&file.path)
    .note(format!(
        "annotations go in a file with the same name as their briefing: `{stem}.yaml` annotates `{stem}.md`"
    ));
    if let Some(close) = suggest::closest(stem, briefings.iter().map(String::as_str)) {
        d = d.help(format!(
            "did you mean the briefing `{close}.md`? then rename this file `{close}.yaml`"
        ));
    } else {
        d = d.help(format!(
            "write the briefing `{stem}.md`, or remove this file"
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
