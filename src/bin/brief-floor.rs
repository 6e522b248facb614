//! `brief-floor`: the least work any build of a brief site must do, for the benchmark
//! (see `docs/performance.md`).
//!
//! For every briefing of the site: read the Markdown file and its sidecar, parse the
//! front matter and the annotation YAML into `serde_yaml::Value`s, render the body with
//! pulldown-cmark (the options brief uses) and write one HTML file per article; notes are
//! read, parsed and rendered the same way. All on every core, with rayon. No anchoring,
//! no templates, no cross-references: a real build does all of this and more.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: brief-floor SITE_DIR OUTPUT_DIR");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match run(Path::new(&root), Path::new(&out)) {
        Ok(pages) => {
            eprintln!(
                "floor: {pages} pages in {} ms",
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(root: &Path, out: &Path) -> io::Result<usize> {
    let content = root.join("content");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for folder in fs::read_dir(&content)? {
        let folder = folder?;
        if !folder.file_type()?.is_dir() {
            continue;
        }
        let name = folder.file_name().to_string_lossy().into_owned();
        for entry in fs::read_dir(folder.path())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "md") {
                files.push((name.clone(), path));
            }
        }
    }
    fs::create_dir_all(out)?;
    files
        .par_iter()
        .try_for_each(|(folder, path)| page(out, folder, path))?;
    Ok(files.len())
}

fn page(out: &Path, folder: &str, path: &Path) -> io::Result<()> {
    let text = fs::read_to_string(path)?;
    let (front, body) = split_front_matter(&text);
    let front: serde_yaml::Value = serde_yaml::from_str(front).map_err(io::Error::other)?;
    let sidecar = path.with_extension("yaml");
    let annotations: Option<serde_yaml::Value> = match fs::read_to_string(&sidecar) {
        Ok(yaml) => Some(serde_yaml::from_str(&yaml).map_err(io::Error::other)?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    std::hint::black_box((&front, &annotations));
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(body, options));
    let stem = path.file_stem().unwrap_or_default();
    let dir = out.join(folder).join(stem);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("index.html"), html_out)
}

/// The YAML between the leading `---` lines, and the rest.
fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end + 1], &rest[end + 5..]),
        None => ("", text),
    }
}
