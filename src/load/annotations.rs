//! Annotation entries: from their YAML fields to [`Annotation`]s, with every problem of
//! every entry reported. Whether mentioned notes exist is checked later, across files.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Annotation, EventSpec, NoteRef, Occurrence};
use crate::yaml::Step;

use super::check;
use super::keyed::{Fields, Keyed, Unknown};
use super::raw::{AnnotationFields, EventFields, OccurrenceValue};
use super::report::Report;
use super::suggest;

/// The most annotations one briefing may have: fifty times a heavily annotated article.
pub const MAX_ANNOTATIONS: usize = 1_000;

/// The annotations of one list (`annotations:` of a sidecar or front matter), in the
/// order written; entries that cannot be used (no quote) are left out after reporting.
pub(crate) fn entries(
    report: &mut Report<'_>,
    list: Vec<Keyed<AnnotationFields>>,
    config: &Config,
) -> Vec<Annotation> {
    if list.len() > MAX_ANNOTATIONS {
        let at = report.value(&[Step::Key("annotations")]);
        report.push(
            Diagnostic::error(
                "too-many-annotations",
                format!(
                    "{} annotations for one briefing; brief reads at most {MAX_ANNOTATIONS}",
                    list.len()
                ),
            )
            .at(at)
            .note("each annotation that does not match is searched for and reported on its own, so the limit keeps a runaway file from stalling the build")
            .help("split the article into several briefings"),
        );
        return Vec::new();
    }
    list.into_iter()
        .enumerate()
        .filter_map(|(index, keyed)| entry(report, index, keyed, config))
        .collect()
}

fn entry(
    report: &mut Report<'_>,
    index: usize,
    keyed: Keyed<AnnotationFields>,
    config: &Config,
) -> Option<Annotation> {
    let path = [Step::Key("annotations"), Step::Index(index)];
    let what = "an annotation";
    report.duplicates(&path, &keyed, what);
    let says_nothing = says_nothing(&keyed);
    let Keyed {
        fields: f, unknown, ..
    } = keyed;
    let mention = mention(report, &path, unknown, config);
    let quote = check::required(report, &path, "quote", f.quote, what);
    let occurrence = occurrence(report, &path, f.occurrence);
    let prefix = check::not_blank(report, &path, "prefix", f.prefix, what);
    let suffix = check::not_blank(report, &path, "suffix", f.suffix, what);
    let note = check::not_blank(report, &path, "note", f.note, what);
    let said_by = check::not_blank(report, &path, "said_by", f.said_by, what);
    let event = f.event.and_then(|e| event(report, &path, e));
    let link_path = [path[0], path[1], Step::Key("link")];
    let link = f.link.and_then(|l| check::link(report, &link_path, l));
    let quote = quote?;
    // An entry whose `occurrence` is wrong cannot say which match it means: it is
    // reported once, as `bad-occurrence`, and not anchored.
    let occurrence = occurrence.ok()?;
    if says_nothing {
        let at = report.key_value(&path, "quote");
        report.push(
            Diagnostic::warning("annotation-says-nothing", "this annotation only quotes the text")
                .at(at)
                .help("add what it says: a `note:`, a mention such as `person:`, `said_by:`, `event:`, `link:` or `tags:`"),
        );
    }
    Some(Annotation {
        index,
        quote_offset: None,
        quote,
        prefix,
        suffix,
        occurrence: occurrence.unwrap_or_default(),
        mention,
        note,
        said_by: said_by.map(check::trimmed),
        event,
        link,
        tags: check::tags(report, &path, f.tags),
    })
}

/// Tags as written, without blank ones.
pub(crate) fn clean_tags(tags: Option<Vec<String>>) -> Vec<String> {
    tags.unwrap_or_default()
        .into_iter()
        .map(check::trimmed)
        .filter(|t| !t.is_empty())
        .collect()
}

fn says_nothing(keyed: &Keyed<AnnotationFields>) -> bool {
    let f = &keyed.fields;
    keyed.unknown.is_empty()
        && f.note.is_none()
        && f.said_by.is_none()
        && f.event.is_none()
        && f.link.is_none()
        && f.tags.as_ref().is_none_or(|w| w.0.is_empty())
}

/// The entry's `occurrence`, if it has one; `Err` (reported) when it is not one of the
/// choices.
fn occurrence(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    value: Option<OccurrenceValue>,
) -> Result<Option<Occurrence>, ()> {
    let value = match value {
        None => return Ok(None),
        Some(OccurrenceValue::Known(known)) => return Ok(Some(known)),
        Some(OccurrenceValue::Bad(value)) => value,
    };
    let at = report.key_value(path, "occurrence");
    let lower = value.to_lowercase();
    let counts_from_one = value
        .strip_prefix('-')
        .unwrap_or(&value)
        .bytes()
        .all(|b| b.is_ascii_digit());
    let diagnostic = if ["first", "last", "all"].contains(&lower.as_str()) {
        Diagnostic::error(
            "bad-occurrence",
            format!("`occurrence: {value}` is not a known choice"),
        )
        .help(format!("write it in lowercase: `occurrence: {lower}`"))
    } else if counts_from_one && !value.is_empty() {
        Diagnostic::error(
            "bad-occurrence",
            format!("`occurrence: {value}` does not exist: occurrences count from 1"),
        )
        .help("use `occurrence: 1` for the first match, or `first`, `last` or `all`")
    } else {
        Diagnostic::error(
            "bad-occurrence",
            format!("`occurrence: {value}` is not a known choice"),
        )
        .help("write `first`, `last`, `all`, or a number counting from 1 (`2` is the second match)")
    };
    report.push(diagnostic.at(at));
    Err(())
}

/// The one mention of the entry, from the keys that are not fixed annotation keys; every
/// other such key is reported.
fn mention(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    unknown: Vec<Unknown>,
    config: &Config,
) -> Option<NoteRef> {
    let mut found: Option<(NoteRef, String)> = None;
    for u in unknown {
        let Some(collection) = config.collection_for_key(&u.key) else {
            unknown_key(report, path, &u, config);
            continue;
        };
        if let Some((_, first)) = &found {
            let at = report.key(path, &u.key);
            report.push(
                Diagnostic::error(
                    "two-mentions",
                    format!(
                        "this annotation mentions two notes (`{first}:` and `{}:`)",
                        u.key
                    ),
                )
                .at(at)
                .label("second mention")
                .help(
                    "an annotation links to one note: write a second entry with the same `quote:`",
                ),
            );
            continue;
        }
        let Some(slug) = check::optional(u.value) else {
            let at = report.key_value(path, &u.key);
            report.push(
                Diagnostic::error(
                    "bad-mention",
                    format!("`{}:` needs the name of a note", u.key),
                )
                .at(at)
                .help(format!(
                    "write the note's file name without `.md`, e.g. `{}: some-name` for content/{}/some-name.md",
                    u.key, collection.name
                )),
            );
            continue;
        };
        let note = NoteRef {
            collection: collection.name.clone(),
            slug: check::trimmed(slug),
        };
        found = Some((note, u.key));
    }
    found.map(|(note, _)| note)
}

/// Every key an annotation entry may have on this site.
fn known_keys(config: &Config) -> Vec<&str> {
    let mut keys: Vec<&str> = AnnotationFields::KEYS.to_vec();
    keys.extend(config.collections.values().map(|c| c.singular.as_str()));
    keys
}

/// The collection a key that is none of them still names: its plural (`people:`), or
/// the start of its singular or plural (`org:`).
fn collection_meant<'c>(key: &str, config: &'c Config) -> Option<&'c crate::config::Collection> {
    let cols = config.collections.values();
    let mut named = cols.clone().filter(|c| c.name == key);
    let started = |c: &&crate::config::Collection| {
        key.len() >= 3 && (c.singular.starts_with(key) || c.name.starts_with(key))
    };
    named.next().or_else(|| {
        let mut found = cols.filter(started);
        // Only when it leads to one collection.
        found.next().filter(|_| found.next().is_none())
    })
}

fn unknown_key(report: &mut Report<'_>, path: &[Step<'_>], u: &Unknown, config: &Config) {
    let known = known_keys(config);
    if let Some(collection) = collection_meant(&u.key, config) {
        let at = report.key(path, &u.key);
        let value = u.value.as_deref().filter(|v| crate::slug::is_safe(v));
        let written = format!("{}: {}", collection.singular, value.unwrap_or("<note>"));
        report.push(
            Diagnostic::error(
                "unknown-key",
                format!("`{}` is not an annotation key", u.key),
            )
            .at(at)
            .label("unknown key")
            .note(format!(
                "a mention of a note in content/{}/ is written with the singular, `{}:`",
                collection.name, collection.singular
            ))
            .help(format!("write `{written}`")),
        );
        return;
    }
    let looks_like_mention = suggest::closest(&u.key, known.iter().copied()).is_none()
        && u.key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
        && u.value.as_deref().is_some_and(crate::slug::is_safe);
    if !looks_like_mention {
        report.unknown(path, u, &known, "an annotation");
        return;
    }
    let key = u.key.as_str();
    let plural = plural(key);
    let at = report.key(path, key);
    report.push(
        Diagnostic::error("unknown-collection", format!("`{key}` is not an annotation key or a collection of notes"))
            .at(at)
            .label("no collection has this singular")
            .note(format!("mentions use `person:`, `place:` or a declared collection's singular; the known keys are {}", suggest::list(&known)))
            .help(format!(
                "to mention notes on a new kind of thing, declare the collection in site.toml:\n\
                 [collections.{plural}]\nsingular = \"{key}\"\n\
                 and write its notes in content/{plural}/"
            )),
    );
}

/// A guess at the plural of an English noun, for the help text.
fn plural(word: &str) -> String {
    let stem = word.replace('_', "-");
    if let Some(base) = stem
        .strip_suffix('y')
        .filter(|b| !b.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{base}ies")
    } else if stem.ends_with(['s', 'x']) || stem.ends_with("ch") || stem.ends_with("sh") {
        format!("{stem}es")
    } else {
        format!("{stem}s")
    }
}

fn event(
    report: &mut Report<'_>,
    entry: &[Step<'_>],
    keyed: Keyed<EventFields>,
) -> Option<EventSpec> {
    let path = [entry[0], entry[1], Step::Key("event")];
    let what = "the event";
    report.keys(&path, &keyed, what);
    let f = keyed.fields;
    let date_text = check::required(report, &path, "date", f.date, what);
    let date = check::date(report, &path, "date", date_text.as_deref());
    let end = check::date(report, &path, "end", f.end.as_deref());
    let title = check::required(report, &path, "title", f.title, what);
    if let (Some(start), Some(end)) = (date, end) {
        if end.date < start.date {
            let at = report.key_value(&path, "end");
            report.push(
                Diagnostic::error("bad-date", "the event ends before it starts")
                    .at(at)
                    .help("`end:` must be the same day as `date:` or later"),
            );
        }
    }
    Some(EventSpec {
        date: date?,
        end,
        title: check::trimmed(title?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_for_the_help_text() {
        assert_eq!(plural("organization"), "organizations");
        assert_eq!(plural("agency"), "agencies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("church"), "churches");
        assert_eq!(plural("news_outlet"), "news-outlets");
    }
}
