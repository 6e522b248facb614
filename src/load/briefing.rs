//! Briefings (`content/briefings/<slug>.md`) and their sidecar annotation files
//! (`content/briefings/<slug>.yaml`).

use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{AnnotationSet, ArticleSource, Briefing, SourceFile, Timestamp};
use crate::yaml::{self, Doc, Step};

use super::annotations;
use super::check;
use super::front_matter;
use super::keyed::Keyed;
use super::raw::{BriefingFields, SidecarFields, SourceFields};
use super::report::Report;

const EXAMPLE: &str = "title: Kim Jong Un arrives in Russia\ndate: 2019-04-24";

/// What reading a briefing gave.
#[derive(Clone)]
pub(crate) struct ParsedBriefing {
    /// The briefing, when it is usable.
    pub briefing: Option<Briefing>,
    /// Whether its front matter has an `annotations:` list.
    pub front_annotations: bool,
    /// Whether its front matter is free of errors. A briefing whose title or date is
    /// wrong is still read, with its slug for a title, so that the problems of its
    /// annotations are reported in the same run; it is never published.
    pub complete: bool,
}

/// Reads one briefing.
pub(crate) fn parse(
    file: Arc<SourceFile>,
    slug: String,
    config: &Config,
) -> (ParsedBriefing, Vec<Diagnostic>) {
    let failed = |d| {
        let parsed = ParsedBriefing {
            briefing: None,
            front_annotations: false,
            complete: false,
        };
        (parsed, vec![d])
    };
    let split = match front_matter::split(&file.path, &file.text, EXAMPLE) {
        Ok(split) => split,
        Err(d) => return failed(*d),
    };
    let doc = split.doc(&file.path, &file.text);
    let keyed: Keyed<BriefingFields> = match yaml::from_str(&doc) {
        Ok(keyed) => keyed,
        Err(d) => return failed(split.explain(&file.text, *d)),
    };
    let mut report = Report::new(doc);
    report.keys(&[], &keyed, "the front matter of a briefing");
    let f = keyed.fields;
    let front_annotations = f.annotations.is_some();
    let title = check::required(&mut report, &[], "title", f.title, "the briefing");
    let date_text = check::required(&mut report, &[], "date", f.date, "the briefing");
    let date = check::date(&mut report, &[], "date", date_text.as_deref());
    let source = f.source.map(|s| source(&mut report, s));
    let annotations = f.annotations.map(|list| AnnotationSet {
        file: Some(file.clone()),
        entries: annotations::entries(&mut report, list, config).into(),
    });
    let complete = title.is_some() && date.is_some();
    let briefing = Briefing {
        title: title.map_or_else(|| slug.clone(), check::trimmed),
        slug,
        file: file.clone(),
        date: date.unwrap_or(Timestamp {
            date: chrono::NaiveDate::default(),
            time: None,
            offset_seconds: None,
        }),
        summary: check::optional(f.summary),
        source,
        tags: check::tags(&mut report, &[], f.tags),
        draft: f.draft.unwrap_or(false),
        body_start: split.body_start,
        annotations: annotations.unwrap_or_default(),
    };
    let parsed = ParsedBriefing {
        briefing: Some(briefing),
        front_annotations,
        complete,
    };
    (parsed, report.diagnostics)
}

fn source(report: &mut Report<'_>, keyed: Keyed<SourceFields>) -> ArticleSource {
    let path = [Step::Key("source")];
    report.keys(&path, &keyed, "`source:`");
    let f = keyed.fields;
    let url_path = [Step::Key("source"), Step::Key("url")];
    ArticleSource {
        name: check::optional(f.name),
        url: check::url(report, &url_path, f.url),
        author: check::optional(f.author),
        published: check::date(report, &path, "published", f.published.as_deref()),
    }
}

/// Reads a sidecar annotation file.
pub(crate) fn parse_sidecar(
    file: Arc<SourceFile>,
    config: &Config,
) -> (Option<AnnotationSet>, Vec<Diagnostic>) {
    let doc = Doc::whole(&file.path, &file.text);
    let keyed: Keyed<SidecarFields> = match yaml::from_str(&doc) {
        Ok(keyed) => keyed,
        Err(d) => return (None, vec![sidecar_shape_help(*d)]),
    };
    let mut report = Report::new(doc);
    report.keys(&[], &keyed, "an annotations file");
    let entries = match keyed.fields.annotations {
        Some(list) => annotations::entries(&mut report, list, config),
        None if keyed.unknown.is_empty() && keyed.duplicates.is_empty() => {
            // An empty file, or `annotations:` with nothing under it: saved too early,
            // or the list lost its indentation.
            let at = report.doc.start_location();
            report.push(
                Diagnostic::warning("empty-annotations", "this annotations file has no annotations")
                    .at(at)
                    .help("write the entries in a list under `annotations:`, each indented and starting with `- quote:`; or remove the file"),
            );
            Vec::new()
        }
        // `annotation:` was reported with "did you mean `annotations`?".
        None if report.misspelt(&[], "annotations") => Vec::new(),
        None => {
            let at = report.doc.start_location();
            report.push(
                Diagnostic::error("missing-key", "this annotations file has no `annotations:` list")
                    .at(at)
                    .help("put the entries in a list under `annotations:`, e.g.\nannotations:\n  - quote: Khasan\n    place: khasan"),
            );
            Vec::new()
        }
    };
    let set = AnnotationSet {
        file: Some(file.clone()),
        entries: entries.into(),
    };
    (Some(set), report.diagnostics)
}

fn sidecar_shape_help(d: Diagnostic) -> Diagnostic {
    if d.code == "yaml-type" && d.message.starts_with("invalid type: sequence") {
        d.help("start the file with a line `annotations:` and indent the list under it")
    } else {
        d
    }
}
