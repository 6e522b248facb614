//! Collecting the problems of one YAML document, each placed at the key or value it is
//! about (looked up only when there is a problem to report).

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::{self, Doc, Step};

use super::keyed::{Keyed, Unknown};
use super::suggest;

/// The problems found so far in one document.
pub(crate) struct Report<'a> {
    /// The YAML being checked.
    pub doc: Doc<'a>,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    /// An empty report on `doc`.
    pub(crate) fn new(doc: Doc<'a>) -> Self {
        Report {
            doc,
            diagnostics: Vec::new(),
        }
    }

    /// Adds a problem.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Where the value at `path` is, or the nearest enclosing value that can be found.
    pub(crate) fn value(&self, path: &[Step<'_>]) -> Location {
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
        yaml::key_location(&self.doc, path, key, nth).unwrap_or_else(|| self.value(path))
    }

    /// Where `key` is written in the mapping at `path`.
    pub(crate) fn key(&self, path: &[Step<'_>], key: &str) -> Location {
        self.key_nth(path, key, 0)
    }

    /// Where the value of `key` in the mapping at `path` is.
    pub(crate) fn key_value(&self, path: &[Step<'_>], key: &str) -> Location {
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
        if let Some(close) = suggest::closest(key, known.iter().copied()) {
            d = d.help(format!("did you mean `{close}`?"));
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
