//! Background notes: `content/<collection>/<slug>.md`.

use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::{Note, SourceFile};
use crate::yaml::{self, Step};

use super::annotations::clean_tags;
use super::check;
use super::facts;
use super::front_matter;
use super::keyed::Keyed;
use super::raw::{NOTE_KEYS, NoteFields, PERSON_KEYS, PLACE_KEYS};
use super::report::Report;

const EXAMPLE: &str =
    "name: Kim Jong Un\naliases: [Kim]\nsummary: Leader of North Korea since 2011.";

/// The keys a note in `collection` may use.
pub(crate) fn keys_for(collection: &str) -> Vec<&'static str> {
    let mut keys = NOTE_KEYS.to_vec();
    match collection {
        "people" => keys.extend(PERSON_KEYS),
        "places" => keys.extend(PLACE_KEYS),
        _ => {}
    }
    keys
}

/// Reads one note; `None` when it has problems that leave no usable note.
pub(crate) fn parse(
    file: Arc<SourceFile>,
    collection: &str,
    slug: String,
) -> (Option<Note>, Vec<Diagnostic>) {
    let split = match front_matter::split(&file.path, &file.text, EXAMPLE) {
        Ok(split) => split,
        Err(d) => return (None, vec![*d]),
    };
    let doc = split.doc(&file.path, &file.text);
    let keyed: Keyed<NoteFields> = match yaml::from_str(&doc) {
        Ok(keyed) => keyed,
        Err(d) => return (None, vec![split.explain(&file.text, *d)]),
    };
    let mut report = Report::new(doc);
    let note = build(
        &mut report,
        keyed,
        collection,
        slug,
        split.body_start,
        &file,
    );
    (note, report.diagnostics)
}

fn check_keys(report: &mut Report<'_>, keyed: &Keyed<NoteFields>, collection: &str) {
    let what = "the front matter of a note";
    report.duplicates(&[], keyed, what);
    let allowed = keys_for(collection);
    for unknown in &keyed.unknown {
        report.unknown(&[], unknown, &allowed, what);
    }
    for key in keyed.fields.kind_keys_present() {
        if allowed.contains(&key) {
            continue;
        }
        let owner = if PERSON_KEYS.contains(&key) {
            "people"
        } else {
            "places"
        };
        let at = report.key(&[], key);
        report.push(
            Diagnostic::error(
                "wrong-kind-key",
                format!("`{key}` is for notes on {owner}, not on {collection}"),
            )
            .at(at)
            .label("not for this collection")
            .help(format!(
                "to show it in the facts box, move it under `facts:`, e.g.\nfacts:\n  {}: ...",
                facts::label_for(key)
            )),
        );
    }
}

fn build(
    report: &mut Report<'_>,
    keyed: Keyed<NoteFields>,
    collection: &str,
    slug: String,
    body_start: usize,
    file: &Arc<SourceFile>,
) -> Option<Note> {
    check_keys(report, &keyed, collection);
    let mut f = keyed.fields;
    let facts = facts::collect(report, collection, &f);
    let name = check::required(report, &[], "name", f.name, "the note");
    let updated = check::date(report, &[], "updated", f.updated.as_deref());
    let sources = f
        .sources
        .take()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, link)| check::link(report, &[Step::Key("sources"), Step::Index(i)], link))
        .collect();
    let image = match collection {
        "people" => check::url(report, &[Step::Key("image")], f.image),
        _ => None,
    };
    let coords = facts.coords;
    let is = |c: &str| collection == c;
    Some(Note {
        collection: collection.to_string(),
        slug,
        file: file.clone(),
        name: check::trimmed(name?),
        sort_as: check::not_blank(report, &[], "sort_as", f.sort_as, "the note")
            .map(check::trimmed),
        aliases: clean_tags(f.aliases.map(|w| w.0)),
        summary: check::optional(f.summary),
        updated,
        sources,
        facts: facts.facts,
        coords,
        role: check::optional(f.role).filter(|_| is("people")),
        country: check::optional(f.country).filter(|_| is("places")),
        image,
        tags: check::tags(report, &[], f.tags),
        body_start,
    })
}
