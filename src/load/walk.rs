//! The I/O edge of the stage: finding and reading the files of `content/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::model::SourceFile;

use super::classify::{BRIEFINGS, role_of};
use super::suggest;

/// The folder under the site root that holds every briefing and note.
pub const CONTENT: &str = "content";

/// The files an earlier walk read, with what their metadata said then, so that a later
/// walk reads again only the files that changed since.
#[derive(Debug, Default)]
pub struct ReadMemo {
    /// By path (as bytes: hashing a `PathBuf` walks its components).
    files: HashMap<OsString, (Stamp, Arc<SourceFile>)>,
    /// What the last walk found, to patch with the paths a file watcher saw change.
    walked: Option<Walked>,
}

/// The result of a walk, and what it depended on.
#[derive(Debug)]
struct Walked {
    /// The fingerprint of the config it was made with (the config names the folders).
    config: u64,
    /// The files read, sorted by path (in byte order).
    sources: Vec<Arc<SourceFile>>,
    /// What the walk reported of folders, stray files and links.
    listing: Vec<Diagnostic>,
    /// The files that could not be read, by path, with why.
    unreadable: BTreeMap<OsString, Diagnostic>,
    /// Whether the walk met a symbolic link: a change to what a link points at is not
    /// reported at the link's path, so such a site is always walked.
    links: bool,
}

impl Walked {
    /// The files and every problem met.
    fn result(&self) -> (Vec<Arc<SourceFile>>, Vec<Diagnostic>) {
        let mut problems = self.listing.clone();
        problems.extend(self.unreadable.values().cloned());
        (self.sources.clone(), problems)
    }

    /// Where the file at `path` is or would be in `sources`.
    fn position(&self, path: &Path) -> Result<usize, usize> {
        self.sources
            .binary_search_by(|s| s.path.as_os_str().cmp(path.as_os_str()))
    }

    /// Takes the file at `relative` as read now (or gone, or unreadable).
    fn update(&mut self, relative: &Path, read: Option<Result<Arc<SourceFile>, Unread>>) {
        let at = self.position(relative);
        self.unreadable.remove(relative.as_os_str());
        match (read, at) {
            (Some(Ok(file)), Ok(i)) => self.sources[i] = file,
            (Some(Ok(file)), Err(i)) => self.sources.insert(i, file),
            (Some(Err(unread)), at) => {
                match (unread.lossy, at) {
                    (Some(lossy), Ok(i)) => self.sources[i] = Arc::new(lossy),
                    (Some(lossy), Err(i)) => self.sources.insert(i, Arc::new(lossy)),
                    (None, Ok(i)) => {
                        self.sources.remove(i);
                    }
                    (None, Err(_)) => {}
                }
                self.unreadable
                    .insert(relative.as_os_str().to_owned(), *unread.problem);
            }
            (None, Ok(i)) => {
                self.sources.remove(i);
            }
            (None, Err(_)) => {}
        }
    }
}

/// What a file's metadata says of its content: a write changes the size or the
/// modification time, and any change of the file (even one that puts an old
/// modification time back) changes its status-change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    changed: Option<SystemTime>,
    inode: (u64, u64),
    /// When the file was read: a change in the same clock tick as the reading could
    /// leave the times as they were, so a file changed less than [`RACY`] before it
    /// was read is read again.
    read_at: SystemTime,
}

/// How close to its reading a file's last change makes the metadata untrustworthy
/// (file systems keep times as coarse as 2 seconds).
const RACY: std::time::Duration = std::time::Duration::from_secs(3);

impl Stamp {
    /// The stamp of the file at `path`, about to be read at `read_at`; `None` where
    /// the system does not tell enough (the file is then always read).
    #[cfg(unix)]
    fn of(path: &Path, read_at: SystemTime) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        let changed = u64::try_from(meta.ctime()).ok().and_then(|seconds| {
            let nanos = u32::try_from(meta.ctime_nsec()).ok()?;
            UNIX_EPOCH.checked_add(std::time::Duration::new(seconds, nanos))
        });
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            inode: (meta.dev(), meta.ino()),
            read_at,
        })
    }

    #[cfg(not(unix))]
    fn of(_path: &Path, _read_at: SystemTime) -> Option<Stamp> {
        None
    }

    /// Whether the file, found with this stamp now, still holds what it held when it
    /// was read with the `earlier` stamp: its metadata is the same, and its last change
    /// came well before that reading (an unknown time counts as too recent).
    fn unchanged_since(&self, earlier: &Stamp) -> bool {
        let settled = |time: Option<SystemTime>| {
            time.and_then(|t| t.checked_add(RACY))
                .is_some_and(|t| t < earlier.read_at)
        };
        settled(earlier.modified)
            && settled(earlier.changed)
            && (self.len, self.modified, self.changed, self.inode)
                == (
                    earlier.len,
                    earlier.modified,
                    earlier.changed,
                    earlier.inode,
                )
    }
}

/// Finds the files of `content/` and reads them; see [`read_sources`](super::read_sources).
pub(crate) fn read_sources(root: &Path, config: &Config) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let (files, diagnostics) = read_sources_reusing(root, config, None);
    let files = files
        .into_iter()
        .map(|file| Arc::try_unwrap(file).unwrap_or_else(|shared| (*shared).clone()))
        .collect();
    (files, diagnostics)
}

/// Like [`read_sources`], but with a memo of an earlier walk: a file whose metadata is
/// as it was then (and whose last change came well before that reading) is not read
/// again. Refills the memo with this walk's files.
pub(crate) fn read_sources_reusing(
    root: &Path,
    config: &Config,
    memo: Option<&mut ReadMemo>,
) -> (Vec<Arc<SourceFile>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content = root.join(CONTENT);
    if !content.is_dir() {
        let d = Diagnostic::error("no-content", format!("there is no `{CONTENT}/` folder in {}", shown(root)))
            .help("run brief in the site's folder (the one with site.toml), or make one with `brief new DIR`");
        return (Vec::new(), vec![d]);
    }
    let canonical_root = match root.canonicalize() {
        Ok(path) => path,
        Err(e) => return (Vec::new(), vec![io_problem(root, root, &e)]),
    };
    let walker = Walker {
        root,
        canonical_root: &canonical_root,
        config,
    };
    let mut links = false;
    let files = walker.list(&content, &mut diagnostics, &mut links);
    let previous = memo.as_deref().map(|m| &m.files);
    type Read = Result<(Option<Stamp>, Arc<SourceFile>), (PathBuf, Unread)>;
    let read: Vec<Read> = files
        .into_par_iter()
        .map(|(relative, absolute)| {
            let Some(previous) = previous else {
                return read_file(relative.clone(), &absolute)
                    .map(|file| (None, Arc::new(file)))
                    .map_err(|d| (relative, d));
            };
            let read_at = SystemTime::now();
            let stamp = Stamp::of(&absolute, read_at);
            if let (Some(now), Some((then, file))) = (stamp, previous.get(relative.as_os_str())) {
                if now.unchanged_since(then) {
                    return Ok((Some(*then), file.clone()));
                }
            }
            read_file(relative.clone(), &absolute)
                .map(|file| (stamp, Arc::new(file)))
                .map_err(|d| (relative, d))
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    let mut kept = HashMap::new();
    let mut unreadable = BTreeMap::new();
    for result in read {
        match result {
            Ok((stamp, source)) => {
                if let Some(stamp) = stamp {
                    kept.insert(
                        source.path.clone().into_os_string(),
                        (stamp, source.clone()),
                    );
                }
                sources.push(source);
            }
            Err((relative, unread)) => {
                // Never kept for the next build: read again until it is fixed.
                if let Some(lossy) = unread.lossy {
                    sources.push(Arc::new(lossy));
                }
                unreadable.insert(relative.into_os_string(), *unread.problem);
            }
        }
    }
    // Byte order: comparing paths component by component is several times slower.
    sources.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    let walked = Walked {
        config: config.fingerprint(),
        sources,
        listing: diagnostics,
        unreadable,
        links,
    };
    let result = walked.result();
    if let Some(memo) = memo {
        memo.files = kept;
        memo.walked = Some(walked);
    }
    result
}

/// Like [`read_sources_reusing`], trusting that since the walk `memo` holds, only the
/// files at `changed` (paths as a file watcher reports them, under `root`) can have
/// changed: those are read again, or dropped when gone, and nothing else is looked at.
/// `None` when a walk is needed: no earlier walk (or one under another config), a site
/// with symbolic links, or a change that is not a content file's (a folder, a file
/// brief does not read, something that is not a regular file).
pub(crate) fn read_changed(
    root: &Path,
    config: &Config,
    memo: &mut ReadMemo,
    changed: &[PathBuf],
) -> Option<(Vec<Arc<SourceFile>>, Vec<Diagnostic>)> {
    let walked = memo.walked.as_mut()?;
    if walked.links || walked.config != config.fingerprint() {
        return None;
    }
    let mut reads = Vec::new();
    for path in changed {
        let relative = path.strip_prefix(root).unwrap_or(path);
        if !relative.starts_with(CONTENT) {
            continue;
        }
        // The walk skips these files and folders, and all that is in them.
        let ignored = relative
            .components()
            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()));
        if ignored {
            continue;
        }
        role_of(relative, config)?;
        let absolute = root.join(relative);
        let read = match std::fs::symlink_metadata(&absolute) {
            Ok(meta) if meta.file_type().is_file() => {
                let read_at = SystemTime::now();
                let stamp = Stamp::of(&absolute, read_at);
                Some((
                    stamp,
                    read_file(relative.to_path_buf(), &absolute).map(Arc::new),
                ))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            // A folder, a link, a pipe, or an error: the walk knows what to say.
            _ => return None,
        };
        reads.push((relative.to_path_buf(), read));
    }
    for (relative, read) in reads {
        let key = relative.as_os_str().to_owned();
        match &read {
            Some((Some(stamp), Ok(file))) => {
                memo.files.insert(key, (*stamp, file.clone()));
            }
            _ => {
                memo.files.remove(&key);
            }
        }
        walked.update(&relative, read.map(|(_, file)| file));
    }
    Some(walked.result())
}

fn shown(path: &Path) -> String {
    match path.to_str() {
        Some("") | Some(".") => "this folder".to_string(),
        _ => format!("`{}`", path.display()),
    }
}

/// Names that editors and systems leave behind, never content.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || matches!(name, "Thumbs.db" | "desktop.ini")
}

struct Walker<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    config: &'a Config,
}

impl Walker<'_> {
    /// Every file to read, as (path relative to the root, path to open), in no
    /// particular order (sorting entries by name as they are walked is slow).
    fn list(
        &self,
        content: &Path,
        diagnostics: &mut Vec<Diagnostic>,
        links: &mut bool,
    ) -> Vec<(PathBuf, PathBuf)> {
        let mut files = Vec::new();
        let mut walk = WalkDir::new(content)
            .follow_links(true)
            .min_depth(1)
            .into_iter();
        while let Some(next) = walk.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    diagnostics.push(self.walk_problem(&e));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            let is_dir = entry.file_type().is_dir();
            *links |= entry.path_is_symlink();
            if is_ignored_name(&name)
                || (entry.path_is_symlink() && !self.inside(&entry, diagnostics))
            {
                if is_dir {
                    walk.skip_current_dir();
                }
                continue;
            }
            let relative = self.relative(entry.path());
            match (entry.depth(), is_dir) {
                (1, true) if self.is_known_folder(&name) => {}
                (1, true) => {
                    diagnostics.push(self.unknown_folder(&relative, &name));
                    walk.skip_current_dir();
                }
                (1, false) => diagnostics.push(stray_file(&relative)),
                (_, true) => {
                    diagnostics.push(nested_folder(&relative));
                    walk.skip_current_dir();
                }
                (_, false) if !entry.file_type().is_file() => {
                    // A FIFO would block the build on open; a socket or device is no text.
                    if role_of(&relative, self.config).is_some() {
                        diagnostics.push(not_a_file(&relative));
                    }
                }
                (_, false) => {
                    if role_of(&relative, self.config).is_some() {
                        files.push((relative, entry.path().to_path_buf()));
                    } else {
                        diagnostics.push(ignored_file(&relative));
                    }
                }
            }
        }
        files
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn is_known_folder(&self, name: &str) -> bool {
        name == BRIEFINGS || self.config.collections.contains_key(name)
    }

    /// Whether a symbolic link points inside the site; reports it when it does not.
    fn inside(&self, entry: &DirEntry, diagnostics: &mut Vec<Diagnostic>) -> bool {
        let relative = self.relative(entry.path());
        match entry.path().canonicalize() {
            Ok(target) if target.starts_with(self.canonical_root) => true,
            Ok(target) => {
                diagnostics.push(
                    Diagnostic::error(
                        "symlink-outside",
                        format!("`{}` links to `{}`, outside the site folder", relative.display(), target.display()),
                    )
                    .in_file(&relative)
                    .note("brief does not follow links out of the site, so a build cannot publish files from elsewhere")
                    .help("copy the file into the site instead of linking to it"),
                );
                false
            }
            Err(e) => {
                diagnostics.push(io_problem(&relative, &relative, &e));
                false
            }
        }
    }

    fn walk_problem(&self, error: &walkdir::Error) -> Diagnostic {
        let path = error.path().map(|p| self.relative(p)).unwrap_or_default();
        let is_link = error.path().is_some_and(Path::is_symlink);
        if let Some(ancestor) = error.loop_ancestor() {
            return Diagnostic::error(
                "symlink-loop",
                format!(
                    "`{}` links back to `{}`, making a loop",
                    path.display(),
                    self.relative(ancestor).display()
                ),
            )
            .in_file(&path)
            .help("remove the link, or point it at a folder that does not contain it");
        }
        match error.io_error() {
            Some(io) if io.kind() == ErrorKind::NotFound && is_link => Diagnostic::error(
                "broken-symlink",
                format!(
                    "`{}` is a link to something that does not exist",
                    path.display()
                ),
            )
            .in_file(&path)
            .help("remove the link or make it point at an existing file"),
            Some(io) => io_problem(&path, &path, io),
            None => Diagnostic::error("unreadable", error.to_string()).in_file(&path),
        }
    }

    /// A folder of `content/` that is not read: a warning, or an error when it looks like
    /// one that is (`briefing/`, `person/`, `peple/`), whose files the site would miss.
    fn unknown_folder(&self, relative: &Path, name: &str) -> Diagnostic {
        let mut known: BTreeSet<&str> =
            self.config.collections.keys().map(String::as_str).collect();
        known.insert(BRIEFINGS);
        // Written in the singular: `person/` for `people/`, `briefing/` for `briefings/`.
        let by_singular = self
            .config
            .collections
            .values()
            .find(|c| c.singular == name)
            .map(|c| c.name.as_str())
            .or((name == "briefing").then_some(BRIEFINGS));
        let meant = by_singular.or_else(|| suggest::closest(name, known.iter().copied()));
        let message = format!("`{}/` is not a folder brief reads", relative.display());
        let d = match meant {
            Some(_) => Diagnostic::error("unknown-folder", message),
            None => Diagnostic::warning("unknown-folder", message),
        }
        .in_file(relative)
        .note(format!(
            "brief reads {}",
            suggest::list(&known.iter().copied().collect::<Vec<_>>())
        ));
        if let Some(close) = meant {
            return d.help(format!(
                "did you mean `{CONTENT}/{close}/`? rename the folder"
            ));
        }
        d.help(format!(
            "if it holds background notes, declare it in site.toml:\n[collections.{name}]\nsingular = \"{}\"",
            singular(name)
        ))
    }
}

/// A guess at the singular of a folder name, for the help text.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_string()
    } else {
        name.to_string()
    }
}

fn stray_file(relative: &Path) -> Diagnostic {
    Diagnostic::warning("stray-file", format!("`{}` is not read", relative.display()))
        .in_file(relative)
        .help(format!(
            "briefings go in `{CONTENT}/{BRIEFINGS}/`, notes in `{CONTENT}/people/`, `{CONTENT}/places/` or a declared collection's folder"
        ))
}

fn nested_folder(relative: &Path) -> Diagnostic {
    Diagnostic::warning("nested-folder", format!("the files in `{}/` are not read", relative.display()))
        .in_file(relative)
        .note("brief reads only the files directly inside each folder of content/, not in folders within them")
        .help("move the files up one level")
}

fn ignored_file(relative: &Path) -> Diagnostic {
    let in_briefings = relative
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == BRIEFINGS);
    let kinds = if in_briefings {
        "`.md` briefings and `.yaml` annotation files"
    } else {
        "`.md` notes"
    };
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let what = format!("`{}` is not read", relative.display());
    match meant_name(&name, in_briefings) {
        // Saved with `.txt` after its own extension: its content would be lost.
        Some((meant, true)) if has_extension(&name, &["txt"]) => {
            Diagnostic::error("ignored-file", what)
                .in_file(relative)
                .note(format!(
                    "its name ends in `.txt` after `{}`, as some editors save files",
                    meant.rsplit_once('.').map_or("", |(_, e)| e)
                ))
                .help(format!("rename it to `{meant}`"))
        }
        Some((meant, _)) => Diagnostic::warning("ignored-file", what)
            .in_file(relative)
            .note(format!("this folder holds {kinds}"))
            .help(format!("if brief should read it, rename it to `{meant}`")),
        None if !in_briefings && has_extension(&name, &["yaml", "yml", "toml", "json"]) => {
            Diagnostic::warning("ignored-file", what)
                .in_file(relative)
                .note("a note is a `.md` file: its fields go in front matter, between two `---` lines, above its text")
                .help("rename it to `.md` and put `---` on the lines before and after its fields")
        }
        None => Diagnostic::warning("ignored-file", what)
            .in_file(relative)
            .note(format!("this folder holds {kinds}"))
            .help("put images and other files in `static/`, which is copied into the site as it is"),
    }
}

/// The name brief would read that `name` seems meant to have: `x.yaml` for
/// `x.yaml.txt`, `x.md` for `x.md.bak` or `x.txt`, with whether it came from a second
/// extension; `None` for other files.
fn meant_name(name: &str, in_briefings: bool) -> Option<(String, bool)> {
    let readable: &[&str] = if in_briefings {
        &["md", "markdown", "yaml", "yml"]
    } else {
        &["md", "markdown"]
    };
    let (stem, last) = name.rsplit_once('.')?;
    if let Some((inner_stem, inner)) = stem.rsplit_once('.') {
        let inner_lower = inner.to_ascii_lowercase();
        if readable.contains(&inner_lower.as_str()) && !inner_stem.is_empty() {
            return Some((format!("{inner_stem}.{inner_lower}"), true));
        }
    }
    (last.eq_ignore_ascii_case("txt") && !stem.is_empty()).then(|| (format!("{stem}.md"), false))
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn not_a_file(relative: &Path) -> Diagnostic {
    Diagnostic::error(
        "unreadable",
        format!(
            "`{}` is not a regular file (a pipe, socket or device), so it was not read",
            relative.display()
        ),
    )
    .in_file(relative)
    .help("remove it, or replace it with the text file it stands for")
}

fn io_problem(relative: &Path, shown_path: &Path, error: &std::io::Error) -> Diagnostic {
    let (code, what, help) = match error.kind() {
        ErrorKind::NotFound => (
            "file-vanished",
            "disappeared while it was being read",
            "if an editor was saving it, run brief again",
        ),
        ErrorKind::PermissionDenied => (
            "unreadable",
            "cannot be read: permission denied",
            "give your user permission to read it (e.g. `chmod a+r`)",
        ),
        _ => (
            "unreadable",
            "cannot be read",
            "check that the file is a regular, readable file",
        ),
    };
    Diagnostic::error(code, format!("`{}` {what}", shown_path.display()))
        .in_file(relative)
        .note(error.to_string())
        .help(help)
}

/// The largest file brief reads from `content/`: 5 MiB, a hundred times the longest
/// news article. Larger files are refused with `too-large` before they are read, so a
/// stray dump or log file cannot make a build take minutes or gigabytes.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// A file that could not be read as it should: its problem, and for a file that is not
/// UTF-8, its text with each bad byte as U+FFFD. That text is checked but never
/// published (the problem is an error), so that the rest of the site still sees the
/// file: a briefing's annotations are not orphaned, a note's mentions do not dangle.
pub(crate) struct Unread {
    problem: Box<Diagnostic>,
    lossy: Option<SourceFile>,
}

impl From<Diagnostic> for Unread {
    fn from(problem: Diagnostic) -> Self {
        Unread {
            problem: Box::new(problem),
            lossy: None,
        }
    }
}

/// Reads one file as UTF-8 text without a byte order mark.
fn read_file(relative: PathBuf, absolute: &Path) -> Result<SourceFile, Unread> {
    let mut bytes = read_bounded(absolute, MAX_FILE_BYTES)
        .map_err(|e| Unread::from(io_problem(&relative, &relative, &e)))?
        .ok_or_else(|| Unread::from(too_large(&relative)))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: relative,
            // A control character would make every page that shows it invalid HTML.
            text: match crate::controls::has_forbidden(&text) {
                true => crate::controls::replace_forbidden(&text),
                false => text,
            },
        }),
        Err(e) => {
            let problem = not_utf8(relative.clone(), e.as_bytes(), e.utf8_error().valid_up_to());
            let text = String::from_utf8_lossy(e.as_bytes());
            Err(Unread {
                problem: Box::new(problem),
                lossy: Some(SourceFile {
                    path: relative,
                    text: crate::controls::replace_forbidden(&text),
                }),
            })
        }
    }
}

/// The bytes of a file, or `None` when it holds more than `limit` bytes. The limit is
/// checked on the open file's size and again while reading, so a file that grows
/// between the two is still caught.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn too_large(relative: &Path) -> Diagnostic {
    Diagnostic::error(
        "too-large",
        format!(
            "`{}` is larger than {} MiB and was not read",
            relative.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .in_file(relative)
    .note("brief reads content files of up to 5 MiB, so that one stray file cannot stall a build")
    .help(too_large_help(relative))
}

/// What to do with a file too large to read, by what it holds.
fn too_large_help(relative: &Path) -> &'static str {
    let folder = relative
        .iter()
        .nth(1)
        .and_then(|f| f.to_str())
        .unwrap_or("");
    let yaml = relative
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    match (folder, yaml) {
        ("briefings", true) => "split the briefing and its annotations into several briefings",
        ("briefings", false) => {
            "split the article into several briefings, or move the file out of `content/` (e.g. into `static/`)"
        }
        _ => {
            "keep a note to what a reader needs (a long text belongs in a briefing), or move the file out of `content/` (e.g. into `static/`)"
        }
    }
}

fn not_utf8(relative: PathBuf, bytes: &[u8], offset: usize) -> Diagnostic {
    let text = String::from_utf8_lossy(bytes);
    let valid = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    let at = Location::from_offset(relative.clone(), &text, valid.len(), 1);
    Diagnostic::error(
        "not-utf8",
        format!(
            "`{}` is not UTF-8 text (byte {offset}, line {}, column {})",
            relative.display(),
            at.line,
            at.column
        ),
    )
    .at(at)
    .label("not UTF-8")
    .help("save the file as UTF-8 (most editors offer this under \"Save with encoding\")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(&briefings).expect("folders");
        std::fs::write(briefings.join("a.md"), text).expect("write");
        dir
    }

    fn read_again(root: &Path, memo: &mut ReadMemo) -> Arc<SourceFile> {
        let config = crate::config::parse(
            Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        )
        .expect("config");
        let (files, problems) = read_sources_reusing(root, &config, Some(memo));
        assert!(problems.is_empty(), "{problems:?}");
        files.into_iter().next().expect("one file")
    }

    #[test]
    fn a_rebuild_reads_again_exactly_the_files_that_changed() {
        let site = site_with("---\ntitle: A\n---\nOne.\n");
        let path = site.path().join("content/briefings/a.md");
        let mut memo = ReadMemo::default();
        let first = read_again(site.path(), &mut memo);
        // Changed just after it was read, with the same size: the times may not tell,
        // so it is read again.
        std::fs::write(&path, "---\ntitle: B\n---\nOne.\n").expect("write");
        let second = read_again(site.path(), &mut memo);
        assert!(second.text.contains("title: B"));
        // Once its last change is well before its reading, an unchanged file is not
        // read again.
        std::thread::sleep(RACY + std::time::Duration::from_millis(200));
        let settled = read_again(site.path(), &mut memo);
        let kept = read_again(site.path(), &mut memo);
        assert!(
            Arc::ptr_eq(&settled, &kept),
            "an unchanged file was read again"
        );
        assert!(!Arc::ptr_eq(&first, &kept));
        // Same size, and the old modification time put back: the change time still
        // tells.
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::write(&path, "---\ntitle: C\n---\nOne.\n").expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(modified).expect("set mtime");
        drop(file);
        assert!(read_again(site.path(), &mut memo).text.contains("title: C"));
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".hidden.md",
            ".#kim.md",
            "#kim.md#",
            "kim.md~",
            "kim.md.swp",
            "4913",
            "x.tmp",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["kim.md", "visit.yaml", "4913.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn a_file_that_vanished_says_so() {
        let gone = Path::new("/nonexistent/brief/vanished.md");
        let d = read_file(PathBuf::from("content/people/vanished.md"), gone)
            .err()
            .map(|d| *d.problem);
        let d = d.unwrap_or_else(|| panic!("read a file that does not exist"));
        assert_eq!(d.code, "file-vanished");
        assert!(d.render().contains("content/people/vanished.md"));
        assert!(d.help[0].contains("run brief again"));
    }

    #[test]
    fn files_over_the_limit_are_not_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let path = dir.path().join("big.md");
        std::fs::write(&path, "x".repeat(11)).unwrap_or_else(|e| panic!("write: {e}"));
        let read = |limit| read_bounded(&path, limit).unwrap_or_else(|e| panic!("read: {e}"));
        assert_eq!(read(11).map(|b| b.len()), Some(11));
        assert_eq!(read(10), None);
        let d = too_large(Path::new("content/briefings/big.md"));
        assert_eq!(d.code, "too-large");
        assert!(d.render().contains("content/briefings/big.md"));
        assert!(d.render().contains("split the article"));
        let note = too_large(Path::new("content/people/kim.md")).render();
        assert!(
            note.contains("keep a note to what a reader needs"),
            "{note}"
        );
        let sidecar = too_large(Path::new("content/briefings/visit.yaml")).render();
        assert!(sidecar.contains("and its annotations"), "{sidecar}");
    }

    #[test]
    fn bad_utf8_reports_byte_line_and_column() {
        let d = not_utf8(PathBuf::from("a.md"), b"ok\nca\xff\n", 5);
        assert_eq!(d.code, "not-utf8");
        let at = d.location.unwrap_or_else(|| panic!("no location"));
        assert_eq!((at.line, at.column), (2, 3));
        assert!(d.message.contains("byte 5"), "{}", d.message);
    }

    #[test]
    fn singulars_for_the_help_text() {
        assert_eq!(singular("organizations"), "organization");
        assert_eq!(singular("agencies"), "agency");
        assert_eq!(singular("media"), "media");
    }
}

#[cfg(test)]
mod changed_tests {
    use super::*;

    fn config() -> Config {
        let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\n";
        crate::config::parse(Path::new("site.toml"), toml).expect("config")
    }

    /// A site with two briefings, walked once into a fresh memo.
    fn walked_site() -> (tempfile::TempDir, ReadMemo) {
        let dir = tempfile::tempdir().expect("temp dir");
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(&briefings).expect("folders");
        std::fs::create_dir_all(dir.path().join("content/people")).expect("folders");
        std::fs::write(briefings.join("a.md"), "A\n").expect("write");
        std::fs::write(briefings.join("c.md"), "C\n").expect("write");
        let mut memo = ReadMemo::default();
        read_sources_reusing(dir.path(), &config(), Some(&mut memo));
        (dir, memo)
    }

    /// What a walk from scratch finds: (paths and texts, problems).
    fn walk(root: &Path) -> (Vec<(PathBuf, String)>, Vec<String>) {
        let (files, problems) = read_sources(root, &config());
        listed(files.into_iter().map(Arc::new).collect(), problems)
    }

    fn listed(
        files: Vec<Arc<SourceFile>>,
        problems: Vec<Diagnostic>,
    ) -> (Vec<(PathBuf, String)>, Vec<String>) {
        let files = files
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect();
        let mut problems: Vec<String> = problems.iter().map(Diagnostic::render).collect();
        problems.sort();
        (files, problems)
    }

    #[test]
    fn changed_files_are_read_again_added_and_dropped_like_a_walk_finds_them() {
        let (site, mut memo) = walked_site();
        let root = site.path();
        let briefings = root.join("content/briefings");
        std::fs::write(briefings.join("a.md"), "A, edited\n").expect("write");
        std::fs::write(briefings.join("b.md"), "B\n").expect("write");
        std::fs::remove_file(briefings.join("c.md")).expect("remove");
        std::fs::write(briefings.join("d.md"), b"\xff not UTF-8").expect("write");
        // Editors' leftovers are skipped, as the walk skips them.
        std::fs::write(briefings.join(".a.md.swp"), "swap").expect("write");
        let changed: Vec<PathBuf> = ["a.md", "b.md", "c.md", "d.md", ".a.md.swp"]
            .iter()
            .map(|name| briefings.join(name))
            .collect();
        let (files, problems) =
            read_changed(root, &config(), &mut memo, &changed).expect("patched");
        let patched = listed(files, problems);
        assert_eq!(patched, walk(root));
        // The file that is not UTF-8 is still there, its bad byte replaced, so that the
        // rest of the site sees it; its error keeps it from being published.
        assert_eq!(patched.0.len(), 3, "{patched:?}");
        assert_eq!(patched.0[2].1, "\u{FFFD} not UTF-8");
        assert_eq!(
            patched.1.len(),
            1,
            "the file that is not UTF-8: {patched:?}"
        );
        // Fixed, it is read.
        std::fs::write(briefings.join("d.md"), "D\n").expect("write");
        let (files, problems) =
            read_changed(root, &config(), &mut memo, &changed[3..4]).expect("patched");
        assert_eq!(listed(files, problems), walk(root));
    }

    #[test]
    fn folders_other_files_and_links_need_a_walk() {
        let (site, mut memo) = walked_site();
        let root = site.path();
        let content = root.join("content");
        std::fs::create_dir(content.join("places")).expect("mkdir");
        let cases = [
            content.join("places"),
            content.join("briefings/notes.txt"),
            content.join("people/nested/x.md"),
        ];
        for path in cases {
            assert!(
                read_changed(root, &config(), &mut memo, std::slice::from_ref(&path)).is_none(),
                "{path:?}"
            );
        }
        // Paths outside content/ (templates, site.toml) are not this stage's business.
        let other = [root.join("site.toml"), root.join("templates/page.html")];
        assert!(read_changed(root, &config(), &mut memo, &other).is_some());
        // A site with a link is always walked.
        #[cfg(unix)]
        {
            let link = content.join("briefings/link.md");
            std::os::unix::fs::symlink(content.join("briefings/a.md"), &link).expect("link");
            read_sources_reusing(root, &config(), Some(&mut memo));
            let a = content.join("briefings/a.md");
            assert!(read_changed(root, &config(), &mut memo, &[a]).is_none());
        }
    }
}
