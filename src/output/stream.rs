//! Writing a site file by file as its pages are rendered, still atomically: pages go to
//! a staging folder as they come, and only [`SiteWriter::finish`] swaps it in. Nothing
//! has to hold every page of a large site in memory at once.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use super::in_place::{OutputRecord, hash_bytes};
use super::{
    MARKER_FILE, MARKER_TEXT, OutputError, WriteStats, check_output_path, check_replaceable,
    io_error, lock, swap,
};

/// A site written by [`SiteWriter`] and swapped in.
#[derive(Debug)]
pub struct Finished {
    /// What was written.
    pub stats: WriteStats,
    /// The files of the output folder now, for updating it in place next time.
    pub record: OutputRecord,
}

/// A new site being written into a staging folder beside its output folder.
///
/// [`write`](SiteWriter::write) may be called from many threads at once. Dropping the
/// writer without calling [`finish`](SiteWriter::finish) (a failed build) removes the
/// staging folder and leaves the output folder as it was.
#[derive(Debug)]
pub struct SiteWriter {
    out_dir: PathBuf,
    staging: PathBuf,
    paths: Mutex<FxHashMap<String, u128>>,
    folders: Mutex<HashSet<String>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    finished: bool,
}

impl SiteWriter {
    /// Starts a new site for `out_dir`: checks that brief may replace it, removes the
    /// leftovers of killed builds, and makes the staging folder with brief's marker.
    pub fn begin(out_dir: &Path) -> Result<SiteWriter, OutputError> {
        check_replaceable(out_dir)?;
        let parent = swap::parent_of(out_dir);
        fs::create_dir_all(&parent).map_err(io_error("create folder", &parent))?;
        swap::remove_leftovers(out_dir);
        let staging = swap::staging_path(out_dir, "tmp");
        fs::create_dir(&staging).map_err(io_error("create folder", &staging))?;
        let writer = SiteWriter {
            out_dir: out_dir.to_path_buf(),
            staging,
            paths: Mutex::new(FxHashMap::default()),
            folders: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            finished: false,
        };
        let marker = writer.staging.join(MARKER_FILE);
        fs::write(&marker, MARKER_TEXT).map_err(io_error("write", &marker))?;
        Ok(writer)
    }

    /// Writes one file of the new site; `path` is relative and `/`-separated. Fails on an
    /// unsafe path or a path already written.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        check_output_path(path).map_err(|_| OutputError::UnsafePath(path.to_string()))?;
        let fresh = path != MARKER_FILE
            && lock(&self.paths)
                .insert(path.to_string(), hash_bytes(bytes))
                .is_none();
        if !fresh {
            return Err(OutputError::DuplicatePath(path.to_string()));
        }
        if let Some((folder, _)) = path.rsplit_once('/') {
            let known = lock(&self.folders).contains(folder);
            if !known {
                let target = self.staging.join(folder);
                match fs::create_dir_all(&target) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                        return Err(io_error("create folder", &target)(e));
                    }
                    _ => {
                        lock(&self.folders).insert(folder.to_string());
                    }
                }
            }
        }
        let target = self.staging.join(path);
        fs::write(&target, bytes).map_err(io_error("write", &target))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Swaps the new site in place of the output folder (atomically on Linux) and removes
    /// the previous one.
    pub fn finish(mut self) -> Result<Finished, OutputError> {
        swap::replace(&self.staging, &self.out_dir)?;
        self.finished = true;
        let files = std::mem::take(&mut *lock(&self.paths));
        Ok(Finished {
            stats: WriteStats {
                files: self.files.load(Ordering::Relaxed),
                bytes: self.bytes.load(Ordering::Relaxed),
            },
            record: OutputRecord::new(self.out_dir.clone(), files),
        })
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            swap::remove_tree(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    use super::*;

    fn siblings(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_from_many_threads_then_swaps() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        crate::output::write_site(&out, &[("stale.html", b"old")]).expect("first");
        let writer = SiteWriter::begin(&out).expect("begin");
        (0..200).into_par_iter().for_each(|i| {
            let path = format!("pages/{}/{i}/index.html", i % 7);
            writer.write(&path, path.as_bytes()).expect("write");
        });
        writer.write("index.html", b"home").expect("home");
        assert_eq!(fs::read(out.join("stale.html")).expect("old site"), b"old");
        let stats = writer.finish().expect("finish").stats;
        assert_eq!(stats.files, 201);
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            fs::read(out.join("pages/3/10/index.html")).expect("read"),
            b"pages/3/10/index.html"
        );
        assert_eq!(siblings(tmp.path()), ["public"]);
    }

    #[test]
    fn a_writer_dropped_unfinished_leaves_the_old_site() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        crate::output::write_site(&out, &[("index.html", b"old")]).expect("first");
        {
            let writer = SiteWriter::begin(&out).expect("begin");
            writer.write("index.html", b"new").expect("write");
        }
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"old");
        assert_eq!(siblings(tmp.path()), ["public"]);
    }

    #[test]
    fn unsafe_and_repeated_paths_are_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let writer = SiteWriter::begin(&tmp.path().join("public")).expect("begin");
        assert!(matches!(
            writer.write("../x", b""),
            Err(OutputError::UnsafePath(_))
        ));
        assert!(matches!(
            writer.write(MARKER_FILE, b""),
            Err(OutputError::DuplicatePath(_))
        ));
        writer.write("a.html", b"1").expect("first");
        assert!(matches!(
            writer.write("a.html", b"2"),
            Err(OutputError::DuplicatePath(_))
        ));
    }

    #[test]
    fn refuses_to_start_on_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("docs");
        fs::create_dir(&out).expect("mkdir");
        fs::write(out.join("thesis.tex"), "precious").expect("write");
        assert!(matches!(
            SiteWriter::begin(&out),
            Err(OutputError::NotOurs(_))
        ));
    }
}
