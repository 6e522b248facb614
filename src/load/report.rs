//! Collecting the problems of one YAML document, each placed at the key or value it is
//! about (looked up only when there is a problem to report).

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::{self, Doc, Step};

use super::keyed::{Keyed, Unknown};
use super::suggest;

/// At most this many problems are reported for one document; the rest are counted in
/// one more diagnostic. Placing a problem scans the document again, so without a bound
/// a file with a hundred thousand bad entries would take hours to report.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// The problems found so far in one document.
pub(crate) struct Report<'a> {
    /// The YAML being checked.
    pub doc: Doc<'a>,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found past [`MAX_PROBLEMS`], counted but not reported one by one.
    more: usize,
    /// The known keys that unknown keys were taken for (`titel` for `title`), with the
    /// path of their mapping: such a key is not reported missing as well.
    misspelt: Vec<(String, String)>,
}

impl<'a> Report<'a> {
    /// An empty report on `doc`.
    pub(crate) fn new(doc: Doc<'a>) -> Self {
        Report {
            doc,
            diagnostics: Vec::new(),
            more: 0,
            misspelt: Vec::new(),
        }
    }

    /// Whether the report is full: further problems are only counted.
    pub(crate) fn full(&self) -> bool {
        self.diagnostics.len() >= MAX_PROBLEMS
    }

    /// Adds a problem (past [`MAX_PROBLEMS`], counts it in a last diagnostic).
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        if !self.full() {
            self.diagnostics.push(diagnostic);
            return;
        }
        self.more += 1;
        let summary = Diagnostic::error(
            "too-many-problems",
            format!(
                "{} more problem{} in this file, not shown one by one",
                self.more,
                if self.more == 1 { "" } else { "s" }
            ),
        )
        .at(self.doc.start_location())
        .help("fix the problems listed first, then run brief check again");
        if self.more == 1 {
            self.diagnostics.push(summary);
        } else if let Some(last) = self.diagnostics.last_mut() {
            *last = summary;
        }
    }

    /// Where the value at `path` is, or the nearest enclosing value that can be found.
    pub(crate) fn value(&self, path: &[Step<'_>]) -> Location {
        if self.full() {
            // Only counted: do not scan the document again.
            return self.doc.start_location();
        }
        let mut path = path;
        loop {
            if path.is_empty() {
                return self.doc.start_location();
            }
            if let Some(at) = yaml::value_location(&self.doc, path) {
                return at;
            }
            path = &path[..path.len() - 1];
        }
    }

    /// Where `key` is written in the mapping at `path` (its `nth` occurrence, from 0).
    pub(crate) fn key_nth(&self, path: &[Step<'_>], key: &str, nth: usize) -> Location {
        if self.full() {
            return self.doc.start_location();
        }
        yaml::key_location(&self.doc, path, key, nth).unwrap_or_else(|| self.value(path))
    }

    /// Where `key` is written in the mapping at `path`.
    pub(crate) fn key(&self, path: &[Step<'_>], key: &str) -> Location {
        self.key_nth(path, key, 0)
    }

    /// Where the value of `key` in the mapping at `path` is.
    pub(crate) fn key_value(&self, path: &[Step<'_>], key: &str) -> Location {
        if self.full() {
            return self.doc.start_location();
        }
        let mut full = path.to_vec();
        full.push(Step::Key(key));
        yaml::value_location(&self.doc, &full).unwrap_or_else(|| self.key(path, key))
    }

    /// Reports every key of the mapping at `path` written more than once.
    pub(crate) fn duplicates<T>(&mut self, path: &[Step<'_>], keyed: &Keyed<T>, what: &str) {
        for (i, key) in keyed.duplicates.iter().enumerate() {
            let nth = 1 + keyed.duplicates[..i].iter().filter(|k| *k == key).count();
            let at = self.key_nth(path, key, nth);
            self.push(
                Diagnostic::error(
                    "duplicate-key",
                    format!("`{key}` is written twice in {what}"),
                )
                .at(at)
                .label("written again here")
                .help(
                    "keep one of them: a YAML mapping cannot repeat a key (brief used the first)",
                ),
            );
        }
    }

    /// Whether an unknown key of the mapping at `path` was taken for `key`, and reported
    /// with it as "did you mean".
    pub(crate) fn misspelt(&self, path: &[Step<'_>], key: &str) -> bool {
        let at = format!("{path:?}");
        self.misspelt.iter().any(|(p, k)| *p == at && *k == key)
    }

    /// Reports a key that is not one of `known`.
    pub(crate) fn unknown(
        &mut self,
        path: &[Step<'_>],
        unknown: &Unknown,
        known: &[&str],
        what: &str,
    ) {
        let key = unknown.key.as_str();
        let mut d = Diagnostic::error("unknown-key", format!("unknown key `{key}` in {what}"))
            .at(self.key(path, key))
            .label("not a known key");
        // A briefing's `author:`, `url:` or `published:` belongs to its source.
        let of_source = known.contains(&"source") && ["author", "url", "published"].contains(&key);
        if of_source {
            d = d.help(format!(
                "`{key}` is a key of `source:`: indent it under a line `source:`"
            ));
        } else if let Some(close) = suggest::closest(key, known.iter().copied()) {
            d = d.help(format!("did you mean `{close}`?"));
            self.misspelt.push((format!("{path:?}"), close.to_string()));
        }
        self.push(d.note(format!("the known keys are {}", suggest::list(known))));
    }

    /// Reports the unknown and repeated keys of a mapping whose keys are all fixed.
    pub(crate) fn keys<T: super::keyed::Fields>(
        &mut self,
        path: &[Step<'_>],
        keyed: &Keyed<T>,
        what: &str,
    ) {
        self.duplicates(path, keyed, what);
        for unknown in &keyed.unknown {
            self.unknown(path, unknown, T::KEYS, what);
        }
    }
}
