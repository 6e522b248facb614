//! Helpers shared by the integration tests: running the CLI on a copy of a fixture site
//! and reading or checking the output tree.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture site under tests/fixtures/sites/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

/// A fresh temporary copy of a fixture site; the copy lives as long as the TempDir.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    copy_tree(&fixture(name), &root);
    (tmp, root)
}

/// Copies a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs the `brief` binary with `args`.
pub fn brief(args: &[&str]) -> Output {
    brief_with_env(args, &[])
}

/// Runs the `brief` binary with `args` and extra environment variables.
pub fn brief_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run brief")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file of a folder, by relative path ('/'-separated), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk output");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix");
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// Every internal link (`href`/`src`, with `#fragment`) of every HTML page in `dir` that
/// does not resolve to a file (and id) of the output. Returns "page: link" strings.
pub fn broken_links(dir: &Path) -> Vec<String> {
    let tree = read_tree(dir);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links = Vec::new();
    let selector = scraper::Selector::parse("[href], [src], [id]").expect("selector");
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let page_ids = ids.entry(path.clone()).or_default();
        for element in html.select(&selector) {
            let value = element.value();
            if let Some(id) = value.attr("id") {
                page_ids.insert(id.to_string());
            }
            for attr in ["href", "src"] {
                if let Some(link) = value.attr(attr) {
                    links.push((path.clone(), link.to_string()));
                }
            }
        }
    }
    let mut broken = Vec::new();
    for (page, link) in links {
        let other_host = link.contains("://") || link.starts_with("//");
        if other_host || link.starts_with("mailto:") || link.starts_with("data:") {
            continue;
        }
        if page == "404.html" {
            continue; // served at arbitrary paths; its links are absolute from base_url
        }
        let (path_part, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.as_str(), None),
        };
        if link.starts_with('/') {
            broken.push(format!(
                "{page}: {link} (root-relative links break under a sub-path)"
            ));
            continue;
        }
        let target = if path_part.is_empty() {
            page.clone()
        } else {
            resolve(&page, path_part)
        };
        let target = if tree.contains_key(&target) {
            target
        } else if tree.contains_key(&format!("{target}index.html")) {
            format!("{target}index.html")
        } else if tree.contains_key(&format!("{target}/index.html")) {
            format!("{target}/index.html")
        } else {
            broken.push(format!("{page}: {link}"));
            continue;
        };
        // A text directive (`#id:~:text=...`) scrolls to text; only its id part must exist.
        let fragment = fragment.map(|f| f.split(":~:").next().unwrap_or(""));
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let decoded = fragment.replace("%20", " ");
            if !ids.get(&target).is_some_and(|set| set.contains(&decoded)) {
                broken.push(format!("{page}: {link} (no id `{fragment}` in {target})"));
            }
        }
    }
    broken
}

/// Resolves a relative link against the page it is on (both '/'-separated, relative to
/// the output root).
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let trailing_slash = link.ends_with('/');
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing_slash && !out.is_empty() {
        out.push('/');
    }
    out
}
