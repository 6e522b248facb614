//! Checks of what briefings say about notes: mentioned notes and `said_by` people
//! exist, and no two notes share a name that automatic mentions would look for.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Briefing, Note};
use crate::yaml::Step;

use super::report::Report;
use super::validate::KnownNotes;
use super::{suggest, yaml_doc};

/// Whether a problem of this code suggests notes by their names, which change without
/// their files' paths changing.
pub(crate) fn suggests_notes(code: &str) -> bool {
    matches!(code, "unknown-note" | "said-by-not-person")
}

/// Checks that mentioned notes and `said_by` people exist; drops the mentions that do
/// not, so that later stages never meet a dangling reference.
pub(crate) fn check_mentions(
    briefing: &mut Briefing,
    notes: &KnownNotes<'_>,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let set = &mut briefing.annotations;
    let Some(file) = set.file.clone() else {
        return;
    };
    let mut report: Option<Report<'_>> = None;
    // Entries are shared with earlier builds: copied only when one must change.
    for i in 0..set.entries.len() {
        let Some(entry) = set.entries.get(i) else {
            continue;
        };
        let mut drop_mention = false;
        if let Some(mention) = &entry.mention {
            let exists = notes
                .files
                .get(&mention.collection)
                .is_some_and(|s| s.contains(&mention.slug));
            if !exists {
                let key = config
                    .collections
                    .get(&mention.collection)
                    .map_or("mention", |c| c.singular.as_str());
                let report = report.get_or_insert_with(|| Report::new(yaml_doc(&file)));
                let wanted = Wanted {
                    key,
                    collection: &mention.collection,
                    slug: &mention.slug,
                };
                out.push(unknown_note(report, entry.index, &wanted, notes, config));
                drop_mention = true;
            }
        }
        let mut drop_said_by = false;
        if let Some(person) = &entry.said_by {
            if !notes
                .files
                .get("people")
                .is_some_and(|s| s.contains(person))
            {
                let report = report.get_or_insert_with(|| Report::new(yaml_doc(&file)));
                out.push(said_by_unknown(report, entry.index, person, notes, config));
                drop_said_by = true;
            }
        }
        if drop_mention || drop_said_by {
            if let Some(entry) = Arc::make_mut(&mut set.entries).get_mut(i) {
                if drop_mention {
                    entry.mention = None;
                }
                if drop_said_by {
                    entry.said_by = None;
                }
            }
        }
    }
}

/// A mention of a note that does not exist: `key: slug` (`person: hanoi`), which looks in
/// `collection`.
struct Wanted<'a> {
    key: &'a str,
    collection: &'a str,
    slug: &'a str,
}

fn unknown_note(
    report: &Report<'_>,
    index: usize,
    wanted: &Wanted<'_>,
    notes: &KnownNotes<'_>,
    config: &Config,
) -> Diagnostic {
    let Wanted {
        key,
        collection,
        slug,
    } = *wanted;
    let path = [Step::Key("annotations"), Step::Index(index)];
    let mut d = Diagnostic::error(
        "unknown-note",
        format!("there is no note `{collection}/{slug}`"),
    )
    .at(report.key_value(&path, key))
    .label("not found");
    // The commonest slip: the right note under the wrong key (`person: hanoi`).
    let elsewhere = notes
        .files
        .iter()
        .filter(|(c, slugs)| c.as_str() != collection && slugs.contains(slug))
        .filter_map(|(c, _)| config.collections.get(c).map(|k| (c, &k.singular)))
        .min();
    if let Some((other, singular)) = elsewhere {
        return d
            .note(format!(
                "`{other}/{slug}` exists: `{key}:` looks in `{collection}`"
            ))
            .help(format!("write `{singular}: {slug}`"));
    }
    // The next: a note's name or alias for its file's name (`person: trump`).
    let named = named(notes, slug);
    let here: Vec<&(&Note, &str)> = named
        .iter()
        .filter(|(n, _)| n.collection == collection)
        .collect();
    if let Some(&&(note, name)) = here.first() {
        if here.len() == 1 {
            return d
                .note(format!(
                    "`{name}` is a name of `{collection}/{}`",
                    note.slug
                ))
                .help(format!("write `{key}: {}`", note.slug));
        }
        let slugs: Vec<&str> = here.iter().map(|(n, _)| n.slug.as_str()).collect();
        return d
            .note(format!("`{name}` is a name of {} notes", slugs.len()))
            .help(format!("did you mean {}?", suggest::either(&slugs)));
    }
    if let Some(&(note, name)) = named.first() {
        if let Some(other) = config.collections.get(&note.collection) {
            return d
                .note(format!(
                    "`{name}` is a name of `{}/{}`: `{key}:` looks in `{collection}`",
                    note.collection, note.slug
                ))
                .help(format!("write `{}: {}`", other.singular, note.slug));
        }
    }
    match closest_note(notes, collection, slug) {
        Some(close) => d = d.help(format!("did you mean `{close}`?")),
        None if !crate::slug::is_safe(slug) => {
            d = d
                .note("a note is named by its file name, in a-z, 0-9 and single hyphens")
                .help("write the file name of a note in the folder, without `.md`");
        }
        None => {
            d = d.help(format!(
                "write the note `content/{collection}/{slug}.md`, or mention one that exists"
            ));
        }
    }
    d
}

/// The notes one of whose names, written as a slug, is `slug` (`trump` for
/// `people/donald-trump`, aliased `Trump`), each with that name.
fn named<'a>(notes: &KnownNotes<'a>, slug: &str) -> Vec<(&'a Note, &'a str)> {
    notes
        .parsed()
        .filter_map(|note| {
            names_of(note)
                .find(|name| crate::slug::slugify(name) == slug)
                .map(|name| (note, name))
        })
        .collect()
}

/// A note's name and aliases.
fn names_of(note: &Note) -> impl Iterator<Item = &str> {
    names_with_places(note).map(|(_, name)| name)
}

/// The slug of the note of `collection` whose file name, or else one of whose names
/// written as a slug, is close to `slug`.
fn closest_note<'a>(notes: &KnownNotes<'a>, collection: &str, slug: &str) -> Option<&'a str> {
    let files = notes.files.get(collection)?;
    if let Some(close) = suggest::closest(slug, files.iter().map(String::as_str)) {
        return Some(close);
    }
    let names: Vec<(String, &'a str)> = notes
        .parsed()
        .filter(|n| n.collection == collection)
        .flat_map(|n| names_of(n).map(move |name| (crate::slug::slugify(name), n.slug.as_str())))
        .collect();
    let close = suggest::closest(slug, names.iter().map(|(name, _)| name.as_str()))?;
    names
        .iter()
        .find(|(name, _)| name == close)
        .map(|(_, slug)| *slug)
}

fn said_by_unknown(
    report: &Report<'_>,
    index: usize,
    person: &str,
    notes: &KnownNotes<'_>,
    config: &Config,
) -> Diagnostic {
    let path = [Step::Key("annotations"), Step::Index(index)];
    let at = report.key_value(&path, "said_by");
    let elsewhere = notes
        .files
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
    if elsewhere.is_none() {
        let named = named(notes, person);
        let people: Vec<&str> = named
            .iter()
            .filter(|(n, _)| n.collection == "people")
            .map(|(n, _)| n.slug.as_str())
            .collect();
        if !people.is_empty() {
            return d.help(format!("did you mean {}?", suggest::either(&people)));
        }
    }
    match closest_note(notes, "people", person) {
        Some(close) => d.help(format!("did you mean `{close}`?")),
        None => match elsewhere.as_deref().and_then(|c| config.collections.get(c)) {
            Some(other) => d.help(format!(
                "name the person who said it, or mention it instead: `{}: {person}`",
                other.singular
            )),
            None if !crate::slug::is_safe(person) => d
                .note("a note is named by its file name, in a-z, 0-9 and single hyphens")
                .help("write the file name of a person's note, without `.md`"),
            None => d.help(format!("write the note `content/people/{person}.md`")),
        },
    }
}

/// Warns when a name or alias belongs to several notes: automatic mentions of it can
/// link to only one of them, the note whose own name it is, or else the first note (by
/// collection and file name) that lists it as an alias. The warning is at each other
/// note's name or alias.
pub(crate) fn shared_names(notes: &[Note], out: &mut Vec<Diagnostic>) {
    // The owner of each name: its rank (0: a note's name, 1: an alias) and the note.
    let mut owners: HashMap<&str, (u8, usize)> = HashMap::new();
    for (n, note) in notes.iter().enumerate() {
        for (alias_index, name) in names_with_places(note) {
            let rank = u8::from(alias_index.is_some());
            owners
                .entry(name)
                .and_modify(|o| *o = (*o).min((rank, n)))
                .or_insert((rank, n));
        }
    }
    for (n, note) in notes.iter().enumerate() {
        let mut shared = 0;
        for (alias_index, name) in names_with_places(note) {
            let Some(&(rank, owner)) = owners.get(name) else {
                continue;
            };
            if owner == n {
                continue;
            }
            shared += 1;
            if shared <= MAX_SHARED_LISTED {
                if let Some(owner) = notes.get(owner) {
                    out.push(shared_alias(note, alias_index, name, owner, rank == 0));
                }
            }
        }
        if shared > MAX_SHARED_LISTED {
            out.push(more_shared(note, shared - MAX_SHARED_LISTED));
        }
    }
}

/// Warns at each alias that repeats the note's own name or an alias listed above it:
/// it adds nothing, and is often a slip for another name (`Kim Jong-un` written where
/// `Kim Jong Un` was meant).
pub(crate) fn repeated_aliases(notes: &[Note], out: &mut Vec<Diagnostic>) {
    for note in notes {
        let mut listed: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (i, alias) in note.aliases.iter().enumerate() {
            let what = if *alias == note.name {
                "is this note's name already"
            } else if !listed.insert(alias) {
                "is listed twice"
            } else {
                continue;
            };
            let report = Report::new(yaml_doc(&note.file));
            out.push(
                Diagnostic::warning("repeated-alias", format!("`{alias}` {what}"))
                    .at(report.value(&[Step::Key("aliases"), Step::Index(i)]))
                    .label("repeated")
                    .help("remove it, or write the other name it was meant to be"),
            );
        }
    }
}

/// A note's name (`None`) and aliases (their index), each once.
fn names_with_places(note: &Note) -> impl Iterator<Item = (Option<usize>, &str)> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    std::iter::once((None, note.name.as_str()))
        .chain(
            note.aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (Some(i), a.as_str())),
        )
        .filter(move |(_, name)| seen.insert(name))
}

/// At most this many `shared-alias` warnings are listed for one note; the rest are
/// counted in one more.
const MAX_SHARED_LISTED: usize = 10;

fn more_shared(note: &Note, more: usize) -> Diagnostic {
    let report = Report::new(yaml_doc(&note.file));
    Diagnostic::warning(
        "shared-alias",
        format!("{more} more names of this note are also names of other notes"),
    )
    .at(report.key(&[], "aliases"))
    .help("give each note names of its own: automatic mentions of a shared name link to only one note")
}

fn shared_alias(
    note: &Note,
    alias_index: Option<usize>,
    name: &str,
    owner: &Note,
    owners_name: bool,
) -> Diagnostic {
    let report = Report::new(yaml_doc(&note.file));
    let at = match alias_index {
        None => report.key_value(&[], "name"),
        Some(i) => report.value(&[Step::Key("aliases"), Step::Index(i)]),
    };
    let why = if owners_name {
        "its name"
    } else {
        "listed first"
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
        "automatic mentions of `{name}` link to `{}/{}` ({why}, in {}), never to this note",
        owner.collection,
        owner.slug,
        display(&owner.file.path)
    ))
    .help(
        "remove the name from one of the notes, and annotate the passages that mean this one explicitly",
    )
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
