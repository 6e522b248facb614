//! Fingerprints of the output folder, to tell a rebuild that changed only stylesheets
//! (which pages can swap in place) from one that changed anything else.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

use crate::output::MARKER_FILE;

/// Each file of a folder (relative `/`-separated path) with a hash of its bytes.
pub(super) type Snapshot = BTreeMap<String, u64>;

/// Fingerprints every file under `dir` (empty if it does not exist).
pub(super) fn take(dir: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == MARKER_FILE {
            continue;
        }
        let mut hasher = DefaultHasher::new();
        hasher.write(&fs::read(entry.path()).unwrap_or_default());
        out.insert(rel, hasher.finish());
    }
    out
}

/// If the only difference between two snapshots is the content of existing `.css`
/// files, their URL paths (`/style.css`); otherwise (anything else changed, appeared or
/// disappeared) `None`.
pub(super) fn only_stylesheets(before: &Snapshot, after: &Snapshot) -> Option<Vec<String>> {
    if before.len() != after.len() || before.keys().ne(after.keys()) {
        return None;
    }
    let mut changed = Vec::new();
    for (path, hash) in after {
        if before.get(path) != Some(hash) {
            if !path.to_ascii_lowercase().ends_with(".css") {
                return None;
            }
            changed.push(format!("/{path}"));
        }
    }
    Some(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(entries: &[(&str, u64)]) -> Snapshot {
        entries
            .iter()
            .map(|(p, h)| ((*p).to_string(), *h))
            .collect()
    }

    #[test]
    fn stylesheet_only_changes_are_recognised() {
        let before = snap(&[("index.html", 1), ("style.css", 2), ("a/b.css", 3)]);
        let css = snap(&[("index.html", 1), ("style.css", 9), ("a/b.css", 3)]);
        assert_eq!(
            only_stylesheets(&before, &css),
            Some(vec!["/style.css".to_string()])
        );
        assert_eq!(only_stylesheets(&before, &before), Some(vec![]));
        let html = snap(&[("index.html", 5), ("style.css", 9), ("a/b.css", 3)]);
        assert_eq!(only_stylesheets(&before, &html), None);
        let added = snap(&[
            ("index.html", 1),
            ("style.css", 2),
            ("a/b.css", 3),
            ("c.css", 4),
        ]);
        assert_eq!(only_stylesheets(&before, &added), None);
    }

    #[test]
    fn takes_every_file_but_the_marker() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::create_dir(tmp.path().join("a")).expect("mkdir");
        fs::write(tmp.path().join("a/x.css"), "x").expect("write");
        fs::write(tmp.path().join(MARKER_FILE), "m").expect("write");
        let taken = take(tmp.path());
        assert_eq!(taken.keys().collect::<Vec<_>>(), ["a/x.css"]);
        assert!(take(&tmp.path().join("missing")).is_empty());
    }
}
