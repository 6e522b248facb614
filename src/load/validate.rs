//! Checks across files, once every file is parsed: safe and unique slugs, sidecars and
//! their briefings, mentioned notes that exist, names shared by several notes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{AnnotationSet, Briefing, Loaded, Note, SourceFile};
use crate::slug;
use crate::yaml::Step;

use super::briefing::ParsedBriefing;
use super::classify::Role;
use super::report::Report;
use super::{suggest, yaml_doc};

/// One parsed file, before the checks across files.
pub(crate) struct Parsed {
    pub role: Role,
    pub stem: String,
    pub file: Arc<SourceFile>,
    pub content: Content,
}

/// What a file gave when parsed alone.
pub(crate) enum Content {
    Briefing(ParsedBriefing),
    Sidecar(Option<AnnotationSet>),
    Note(Option<Note>),
}

/// Slugs of the note files of each collection (whether or not they parsed).
type NoteFiles = BTreeMap<String, BTreeSet<String>>;

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
    for briefing in &mut briefings {
        check_mentions(briefing, &note_files, config, out);
    }
    notes.sort_by(|a, b| (&a.collection, &a.slug).cmp(&(&b.collection, &b.slug)));
    shared_names(&notes, out);
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

/// Checks that mentioned notes and `said_by` people exist; drops the mentions that do
/// not, so that later stages never meet a dangling reference.
fn check_mentions(
    briefing: &mut Briefing,
    notes: &NoteFiles,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let set = &mut briefing.annotations;
    let Some(file) = set.file.clone() else {
        return;
    };
    let mut report: Option<Report<'_>> = None;
    for entry in &mut set.entries {
        if let Some(mention) = &entry.mention {
            let exists = notes
                .get(&mention.collection)
                .is_some_and(|s| s.contains(&mention.slug));
            if !exists {
                let key = config
                    .collections
                    .get(&mention.collection)
                    .map_or("mention", |c| c.singular.as_str());
                let report = report.get_or_insert_with(|| Report::new(yaml_doc(&file)));
                out.push(unknown_note(
                    report,
                    entry.index,
                    key,
                    &mention.collection,
                    &mention.slug,
                    notes,
                ));
                entry.mention = None;
            }
        }
        if let Some(person) = &entry.said_by {
            if !notes.get("people").is_some_and(|s| s.contains(person)) {
                let report = report.get_or_insert_with(|| Report::new(yaml_doc(&file)));
                out.push(said_by_unknown(report, entry.index, person, notes));
                entry.said_by = None;
            }
        }
    }
}

fn unknown_note(
    report: &Report<'_>,
    index: usize,
    key: &str,
    collection: &str,
    slug: &str,
    notes: &NoteFiles,
) -> Diagnostic {
    let path = [Step::Key("annotations"), Step::Index(index)];
    let known = notes.get(collection);
    let mut d = Diagnostic::error(
        "unknown-note",
        format!("there is no note `{collection}/{slug}`"),
    )
    .at(report.key_value(&path, key))
    .label("not found");
    match known.and_then(|k| suggest::closest(slug, k.iter().map(String::as_str))) {
        Some(close) => d = d.help(format!("did you mean `{close}`?")),
        None => {
            d = d.help(format!(
                "write the note `content/{collection}/{slug}.md`, or mention one that exists"
            ));
        }
    }
    d
}

fn said_by_unknown(
    report: &Report<'_>,
    index: usize,
    person: &str,
    notes: &NoteFiles,
) -> Diagnostic {
    let path = [Step::Key("annotations"), Step::Index(index)];
    let at = report.key_value(&path, "said_by");
    let elsewhere = notes
        .iter()
        .find(|(c, slugs)| c.as_str() != "people" && slugs.contains(person))
        .map(|(c, _)| c.clone());
    let d = match &elsewhere {
        Some(c) => Diagnostic::error(
            "said-by-not-person",
            format!("`said_by: {person}` names a note in `{c}`, not a person"),
        ),
        None => Diagnostic::error(
            "said-by-not-person",
            format!("there is no person `{person}`"),
        ),
    }
    .at(at)
    .label("not a person")
    .note("`said_by:` attributes the quoted words to a person: a note in content/people/");
    let people = notes.get("people");
    match people.and_then(|p| suggest::closest(person, p.iter().map(String::as_str))) {
        Some(close) => d.help(format!("did you mean `{close}`?")),
        None if elsewhere.is_some() => {
            d.help("name the person who said it, or use a mention (`place:`, ...) instead")
        }
        None => d.help(format!("write the note `content/people/{person}.md`")),
    }
}

/// Warns when a name or alias belongs to several notes: automatic mentions of it can
/// link to only one of them.
fn shared_names(notes: &[Note], out: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, &Note> = HashMap::new();
    for note in notes {
        let names = std::iter::once((None, note.name.as_str())).chain(
            note.aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (Some(i), a.as_str())),
        );
        for (alias_index, name) in names {
            match owners.get(name) {
                None => {
                    owners.insert(name, note);
                }
                Some(owner) if std::ptr::eq(*owner, note) => {}
                Some(owner) => out.push(shared_alias(note, alias_index, name, owner)),
            }
        }
    }
}

fn shared_alias(note: &Note, alias_index: Option<usize>, name: &str, owner: &Note) -> Diagnostic {
    let report = Report::new(yaml_doc(&note.file));
    let at = match alias_index {
        None => report.key_value(&[], "name"),
        Some(i) => report.value(&[Step::Key("aliases"), Step::Index(i)]),
    };
    Diagnostic::warning(
        "shared-alias",
        format!(
            "`{name}` is also a name of `{}/{}`",
            owner.collection, owner.slug
        ),
    )
    .at(at)
    .label("shared name")
    .note(format!(
        "automatic mentions of `{name}` will link to only one of the two notes ({})",
        display(&owner.file.path)
    ))
    .help(
        "remove the alias from one note, and annotate the passages that mean the other explicitly",
    )
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
