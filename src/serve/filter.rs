//! Which file system events trigger a rebuild: changes to `site.toml` and anything in
//! `content/`, `themes/`, `templates/` and `static/`, except hidden files and folders
//! (`.git`, the output's `.public.*` staging folders, `.#` lock files) and editors'
//! swap, backup and temporary files. Reads never count, so a build cannot trigger
//! another one.

use std::path::{Component, Path, PathBuf};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode};

/// The folders of a site that are watched recursively.
pub const WATCHED_FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// The site's settings file, watched in the root folder.
pub const CONFIG_FILE: &str = crate::config::CONFIG_FILE;

/// Suffixes of files that editors write beside the real ones.
const TEMP_SUFFIXES: [&str; 9] = [
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".tmp",
    ".bak",
    ".kate-swp",
    ".crswap",
    ".part",
];

/// Decides which changed paths matter to a site.
#[derive(Debug, Clone)]
pub struct Filter {
    root: PathBuf,
    output: PathBuf,
}

impl Filter {
    /// A filter for the site at `root` that builds into `output`. Both should be
    /// absolute paths in the form the watcher reports (see [`absolute`]).
    pub fn new(root: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        Filter {
            root: root.into(),
            output: output.into(),
        }
    }

    /// Whether a change at `path` should trigger a rebuild.
    pub fn is_relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let names: Vec<&std::ffi::OsStr> = rel
            .components()
            .map_while(|c| match c {
                Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect();
        if names.len() != rel.components().count() {
            return false;
        }
        let Some(first) = names.first() else {
            return false;
        };
        if names.len() == 1 && *first == CONFIG_FILE {
            return true;
        }
        WATCHED_FOLDERS.iter().any(|f| *first == *f)
            && names.iter().all(|n| !is_ignored_name(&n.to_string_lossy()))
    }

    /// Whether a file system event should trigger a rebuild. Reads and opens never do;
    /// an event that asks for a rescan (the watcher lost events) always does.
    pub fn is_relevant_event(&self, event: &notify::Event) -> bool {
        if event.need_rescan() {
            return true;
        }
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        event.paths.iter().any(|p| self.is_relevant(p))
    }
}

/// Whether a file or folder name is hidden or an editor's temporary file.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || TEMP_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// `path` made absolute with symbolic links resolved, as far as it exists (a folder that
/// does not exist yet keeps its last name).
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let plain = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (plain.parent(), plain.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RenameMode};

    fn filter() -> Filter {
        Filter::new("/site", "/site/public")
    }

    #[test]
    fn sources_count() {
        let f = filter();
        for path in [
            "/site/site.toml",
            "/site/content",
            "/site/content/briefings/a.md",
            "/site/content/briefings/a.yaml",
            "/site/themes/default/templates/page.html",
            "/site/templates/base.html",
            "/site/static/img/map.png",
            "/site/content/new-folder",
        ] {
            assert!(f.is_relevant(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn everything_else_does_not() {
        let f = filter();
        for path in [
            "/site",
            "/site/public/index.html",
            "/site/.public.tmp-12-0/index.html",
            "/site/.git/index",
            "/site/target/debug/brief",
            "/site/README.md",
            "/site/site.toml~",
            "/site/content/briefings/.a.md.swp",
            "/site/content/briefings/a.md.swp",
            "/site/content/briefings/a.md~",
            "/site/content/briefings/.#a.md",
            "/site/content/briefings/#a.md#",
            "/site/content/briefings/4913",
            "/site/content/briefings/a.md.tmp",
            "/site/content/.hidden/a.md",
            "/elsewhere/content/a.md",
            "/site/content/../x",
        ] {
            assert!(!filter().is_relevant(Path::new(path)), "{path}");
        }
        let inside = Filter::new("/site", "/site/content/out");
        assert!(!inside.is_relevant(Path::new("/site/content/out/index.html")));
        assert!(f.is_relevant(Path::new("/site/content/outline.md")));
    }

    #[test]
    fn reads_never_count_writes_and_renames_do() {
        let f = filter();
        let path = PathBuf::from("/site/content/briefings/a.md");
        let event = |kind| notify::Event::new(kind).add_path(path.clone());
        assert!(!f.is_relevant_event(&event(EventKind::Access(AccessKind::Open(AccessMode::Any)))));
        assert!(
            !f.is_relevant_event(&event(EventKind::Access(AccessKind::Close(
                AccessMode::Read
            ))))
        );
        assert!(
            f.is_relevant_event(&event(EventKind::Access(AccessKind::Close(
                AccessMode::Write
            ))))
        );
        assert!(f.is_relevant_event(&event(EventKind::Create(CreateKind::File))));
        let rename = notify::Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("/site/content/briefings/.a.md.tmp"))
            .add_path(path.clone());
        assert!(
            f.is_relevant_event(&rename),
            "an atomic save lands on a source"
        );
    }
}
