//! Updating a site that this process wrote, file by file: what `brief watch` does after
//! its first build. Only files whose bytes changed are written, each first to a hidden
//! temporary file beside it; only [`InPlaceWriter::finish`] renames them over the old
//! files (each rename atomic) and removes the files no longer part of the site. A build
//! that fails before `finish` leaves the folder as it was. The rest is left alone, so a
//! one-line edit rewrites a handful of files, not the site.

use rustc_hash::FxHashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_128;

use super::{MARKER_FILE, OutputError, check_output_path, io_error, lock};

/// What an output folder holds as brief last wrote it: each file's path and a hash of its
/// bytes. Only valid while nothing else changes the folder.
#[derive(Debug, Clone, Default)]
pub struct OutputRecord {
    dir: PathBuf,
    files: FxHashMap<String, u128>,
    /// Which marker file the folder had: another build swapping in its own folder (a
    /// `brief build` run beside `brief watch`) gives it a new one.
    marker: Option<MarkerId>,
}

/// What tells one marker file from another: its device and inode where there are such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MarkerId(u64, u64);

impl MarkerId {
    fn of(dir: &Path) -> Option<MarkerId> {
        let meta = fs::symlink_metadata(dir.join(MARKER_FILE)).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(MarkerId(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let modified = meta.modified().ok()?;
            let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
            Some(MarkerId(since.as_secs(), u64::from(since.subsec_nanos())))
        }
    }
}

impl OutputRecord {
    /// A record of the files of `dir`, from their paths and hashes, as they are now.
    pub(super) fn new(dir: PathBuf, files: FxHashMap<String, u128>) -> Self {
        let marker = MarkerId::of(&dir);
        OutputRecord { dir, files, marker }
    }

    /// The folder it describes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many files it lists.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it lists no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The hash an [`OutputRecord`] keeps of a file's bytes.
pub(super) fn hash_bytes(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// What [`InPlaceWriter::finish_as`] does with the files of the previous build that the
/// new one did not hand over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rest {
    Remove,
    Keep,
}

/// A new build written over the folder of an [`OutputRecord`]. [`write`](Self::write)
/// and [`keep`](Self::keep) may be called from many threads at once.
#[derive(Debug)]
pub struct InPlaceWriter {
    previous: OutputRecord,
    current: Mutex<FxHashMap<String, u128>>,
    staged: Mutex<Vec<String>>,
    finished: bool,
}

impl InPlaceWriter {
    /// Starts updating the folder `previous` describes; fails when it no longer holds
    /// brief's marker (someone replaced or removed it), in which case the caller should
    /// write the whole site again.
    pub fn begin(previous: OutputRecord) -> Result<InPlaceWriter, OutputError> {
        let marker = previous.dir.join(MARKER_FILE);
        let same_folder = marker.is_file()
            && previous.marker.is_some()
            && MarkerId::of(&previous.dir) == previous.marker;
        if !same_folder {
            return Err(io_error("read", &marker)(io::Error::from(
                io::ErrorKind::NotFound,
            )));
        }
        Ok(InPlaceWriter {
            current: Mutex::new(FxHashMap::with_capacity_and_hasher(
                previous.files.len(),
                Default::default(),
            )),
            previous,
            staged: Mutex::new(Vec::new()),
            finished: false,
        })
    }

    /// Makes `path` (relative, `/`-separated) hold `bytes` once the build finishes,
    /// writing it (to its temporary file) only when its bytes differ from what the
    /// folder holds.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        check_output_path(path).map_err(|_| OutputError::UnsafePath(path.to_string()))?;
        if path == MARKER_FILE {
            return Err(OutputError::DuplicatePath(path.to_string()));
        }
        let hash = hash_bytes(bytes);
        if self.previous.files.get(path) != Some(&hash) {
            let target = self.previous.dir.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(io_error("create folder", parent))?;
            }
            let temporary = temporary_for(&target);
            fs::write(&temporary, bytes).map_err(io_error("write", &temporary))?;
            lock(&self.staged).push(path.to_string());
        }
        self.record(path, hash)
    }

    /// Keeps `path` as the folder holds it (its content is known to be unchanged).
    pub fn keep(&self, path: &str) -> Result<(), OutputError> {
        match self.previous.files.get(path) {
            Some(&hash) => self.record(path, hash),
            // The caller's memo and this record disagree: never guess.
            None => Err(OutputError::Io {
                action: "find the previous version of",
                path: self.previous.dir.join(path),
                source: io::Error::from(io::ErrorKind::NotFound),
            }),
        }
    }

    fn record(&self, path: &str, hash: u128) -> Result<(), OutputError> {
        match lock(&self.current).insert(path.to_string(), hash) {
            Some(_) => Err(OutputError::DuplicatePath(path.to_string())),
            None => Ok(()),
        }
    }

    /// Moves every written file over its old version, removes the files of the previous
    /// build that this one did not produce (and the folders they leave empty); returns
    /// the record of the folder now and the paths written, sorted.
    pub fn finish(self) -> Result<(OutputRecord, Vec<String>), OutputError> {
        self.finish_as(Rest::Remove)
    }

    /// Like [`finish`](Self::finish), but the files of the previous build that this one
    /// neither wrote nor kept stay part of the site, as they are (for a build that
    /// handed over only what may have changed).
    pub fn finish_keeping_the_rest(self) -> Result<(OutputRecord, Vec<String>), OutputError> {
        self.finish_as(Rest::Keep)
    }

    fn finish_as(mut self, rest: Rest) -> Result<(OutputRecord, Vec<String>), OutputError> {
        let dir = self.previous.dir.clone();
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        staged.sort();
        for (done, path) in staged.iter().enumerate() {
            let target = dir.join(path);
            if let Err(e) = fs::rename(temporary_for(&target), &target) {
                // The folder is now part old, part new: the caller must write it anew.
                for rest in &staged[done..] {
                    let _ = fs::remove_file(temporary_for(&dir.join(rest)));
                }
                self.finished = true;
                return Err(io_error("replace", &target)(e));
            }
        }
        self.finished = true;
        let current = std::mem::take(&mut *lock(&self.current));
        if rest == Rest::Keep {
            let mut files = std::mem::take(&mut self.previous.files);
            files.extend(current);
            return Ok((OutputRecord::new(dir, files), staged));
        }
        let mut gone: Vec<&String> = self
            .previous
            .files
            .keys()
            .filter(|path| !current.contains_key(*path))
            .collect();
        gone.sort();
        for path in gone {
            remove_file_and_empty_parents(&dir, path)?;
        }
        Ok((OutputRecord::new(dir, current), staged))
    }

    /// Gives up this build: removes its temporary files and returns the record of the
    /// folder, which is as the previous build left it.
    pub fn abandon(mut self) -> OutputRecord {
        self.remove_staged();
        self.finished = true;
        std::mem::take(&mut self.previous)
    }

    fn remove_staged(&self) {
        let dir = &self.previous.dir;
        for path in lock(&self.staged).drain(..) {
            let temporary = temporary_for(&dir.join(path));
            let _ = fs::remove_file(&temporary);
            remove_empty_parents(dir, &temporary);
        }
    }
}

impl Drop for InPlaceWriter {
    fn drop(&mut self) {
        if !self.finished {
            self.remove_staged();
        }
    }
}

/// The hidden temporary file a new version of `target` is written to.
fn temporary_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.brief-new"))
}

fn remove_file_and_empty_parents(dir: &Path, path: &str) -> Result<(), OutputError> {
    let target = dir.join(path);
    match fs::remove_file(&target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(io_error("remove", &target)(e));
        }
        _ => {}
    }
    remove_empty_parents(dir, &target);
    Ok(())
}

/// Removes the folders above `file` that are empty, up to (not including) `dir`.
fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut folder = file.parent();
    while let Some(current) = folder {
        if current == dir || !current.starts_with(dir) || fs::remove_dir(current).is_err() {
            break;
        }
        folder = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SiteWriter;

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.expect("entry"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(dir).expect("inside");
                let path = path.to_string_lossy().replace('\\', "/");
                (path, fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    }

    fn first_build(out: &Path, files: &[(&str, &[u8])]) -> OutputRecord {
        let writer = SiteWriter::begin(out).expect("begin");
        for (path, bytes) in files {
            writer.write(path, bytes).expect("write");
        }
        writer.finish().expect("finish").record
    }

    #[test]
    fn writes_only_what_changed_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(
            &out,
            &[
                ("index.html", b"home"),
                ("a/index.html", b"a"),
                ("gone/deep/index.html", b"gone"),
            ],
        );
        let writer = InPlaceWriter::begin(record).expect("begin");
        writer.write("index.html", b"home").expect("same bytes");
        writer.keep("a/index.html").expect("kept");
        writer.write("b/index.html", b"new").expect("new file");
        let (record, written) = writer.finish().expect("finish");
        assert_eq!(written, ["b/index.html"]);
        assert_eq!(record.len(), 3);
        let names: Vec<String> = tree(&out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            names,
            [
                ".brief-output",
                "a/index.html",
                "b/index.html",
                "index.html"
            ]
        );
        assert!(!out.join("gone").exists(), "empty folders are removed");
    }

    #[test]
    fn finishing_while_keeping_the_rest_removes_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(
            &out,
            &[
                ("index.html", b"home"),
                ("a/index.html", b"a"),
                ("b/index.html", b"b"),
            ],
        );
        let writer = InPlaceWriter::begin(record).expect("begin");
        writer.write("a/index.html", b"a, edited").expect("write");
        writer.write("c/index.html", b"c").expect("new file");
        let (record, written) = writer.finish_keeping_the_rest().expect("finish");
        assert_eq!(written, ["a/index.html", "c/index.html"]);
        assert_eq!(record.len(), 4, "the rest is still recorded");
        let files = tree(&out);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                ".brief-output",
                "a/index.html",
                "b/index.html",
                "c/index.html",
                "index.html"
            ]
        );
        assert_eq!(files[1].1, b"a, edited");
        // The record is right about the kept files: the next build may keep them again.
        let writer = InPlaceWriter::begin(record).expect("begin");
        writer.keep("b/index.html").expect("kept");
        writer.write("index.html", b"home").expect("same bytes");
        let (_, written) = writer.finish().expect("finish");
        assert!(written.is_empty());
        let names: Vec<String> = tree(&out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, [".brief-output", "b/index.html", "index.html"]);
    }

    #[test]
    fn keeping_a_file_it_never_wrote_is_an_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(&out, &[("index.html", b"home")]);
        let writer = InPlaceWriter::begin(record).expect("begin");
        assert!(writer.keep("other.html").is_err());
        assert!(writer.write("../x", b"x").is_err());
        assert!(writer.write("index.html", b"1").is_ok());
        assert!(writer.write("index.html", b"2").is_err(), "twice");
    }

    #[test]
    fn an_abandoned_build_leaves_the_folder_as_it_was() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(&out, &[("index.html", b"home"), ("a/index.html", b"a")]);
        let before = tree(&out);
        let writer = InPlaceWriter::begin(record).expect("begin");
        writer.write("index.html", b"changed").expect("write");
        writer.write("new/index.html", b"new").expect("write");
        let record = writer.abandon();
        assert_eq!(record.len(), 2);
        assert_eq!(tree(&out), before);
        assert!(!out.join("new").exists());
        let writer = InPlaceWriter::begin(record).expect("begin");
        writer.write("index.html", b"changed").expect("write");
        drop(writer);
        assert_eq!(tree(&out), before, "dropping unfinished also cleans up");
    }

    #[test]
    fn refuses_a_folder_that_another_build_replaced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(&out, &[("index.html", b"home")]);
        crate::output::write_site(&out, &[("index.html", b"other build")]).expect("swap");
        assert!(InPlaceWriter::begin(record).is_err());
    }

    #[test]
    fn refuses_a_folder_that_lost_its_marker() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let record = first_build(&out, &[("index.html", b"home")]);
        fs::remove_file(out.join(MARKER_FILE)).expect("remove marker");
        assert!(InPlaceWriter::begin(record).is_err());
    }
}
