//! Swapping a fully written staging folder into place.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{MARKER_FILE, OutputError, io_error};

/// The folder that holds `out_dir` (`.` for a bare name).
pub(super) fn parent_of(out_dir: &Path) -> PathBuf {
    match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn base_name(out_dir: &Path) -> String {
    out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// A sibling of `out_dir` for staging (`kind` = "tmp") or for the replaced site ("old"),
/// e.g. `.public.tmp-1234`: hidden, on the same file system, unique to this process.
pub(super) fn staging_path(out_dir: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    parent_of(out_dir).join(format!(
        ".{}.{kind}-{}-{n}",
        base_name(out_dir),
        std::process::id()
    ))
}

/// Removes staging folders left by earlier builds that were killed, and restores the
/// previous site if a build was killed between the two renames of the fallback swap.
/// Only folders that carry brief's marker, or are empty (a build killed before it wrote
/// the marker), are touched.
pub(super) fn remove_leftovers(out_dir: &Path) {
    let parent = parent_of(out_dir);
    let prefix = format!(".{}.", base_name(out_dir));
    let Ok(entries) = fs::read_dir(&parent) else {
        return;
    };
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && (name.contains(".tmp-") || name.contains(".old-"))
        })
        .map(|e| e.path())
        .filter(|p| p.join(MARKER_FILE).is_file() || is_empty_dir(p))
        .collect();
    leftovers.sort();
    for path in leftovers {
        let is_old = path.to_string_lossy().contains(".old-");
        if is_old && !out_dir.exists() && fs::rename(&path, out_dir).is_ok() {
            continue;
        }
        remove_tree(&path);
    }
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Puts `staging` in the place of `out_dir` and removes the previous site.
pub(super) fn replace(staging: &Path, out_dir: &Path) -> Result<(), OutputError> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir).map_err(io_error("rename", staging));
    }
    if exchange(staging, out_dir).is_ok() {
        // `staging` now holds the previous site.
        remove_tree(staging);
        return Ok(());
    }
    let old = staging_path(out_dir, "old");
    fs::rename(out_dir, &old).map_err(io_error("rename", out_dir))?;
    if let Err(e) = fs::rename(staging, out_dir) {
        let _ = fs::rename(&old, out_dir);
        return Err(io_error("rename", staging)(e));
    }
    remove_tree(&old);
    Ok(())
}

/// Removes a folder brief wrote and everything in it, sub-folders in parallel; best
/// effort (what cannot be removed stays). Symbolic links are removed, never followed.
/// The marker goes last, so that a build killed halfway through leaves a folder the
/// next build still recognises as its own and removes.
pub(super) fn remove_tree(dir: &Path) {
    remove_contents(dir);
    let _ = fs::remove_file(dir.join(MARKER_FILE));
    let _ = fs::remove_dir(dir);
}

fn remove_contents(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<fs::DirEntry> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != MARKER_FILE)
        .collect();
    entries.par_iter().for_each(|entry| {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => remove_tree(&path),
            _ => {
                let _ = fs::remove_file(&path);
            }
        }
    });
    let _ = fs::remove_dir(dir);
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere there is no atomic exchange; the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}
