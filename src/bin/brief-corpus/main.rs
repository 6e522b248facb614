//! `brief-corpus`: writes a deterministic, seeded benchmark site for brief (see
//! `docs/performance.md`).
//!
//! The site has `--briefings` briefings of about 800 words (headings, emphasis, links,
//! lists, block quotes, the odd code block), each with a sidecar of about 20 annotations
//! of every kind whose quotes really occur in the article, and `--notes` background notes
//! (people, places and organizations) whose names and aliases the articles use. The same
//! seed gives the same files, byte for byte; briefing `i` is the same whatever the size,
//! so a smaller corpus is a subset of a larger one.
//!
//! With `--hugo DIR` it also writes the same articles as a minimal Hugo site (plain pages
//! with equivalent templates), for comparison.

mod annotate;
mod article;
mod hugo;
mod notes;
mod rng;
mod words;
mod yaml;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use rayon::prelude::*;

use article::{Article, Shared};
use rng::Rng;

/// Writes a benchmark site for brief.
#[derive(Parser)]
#[command(name = "brief-corpus")]
struct Args {
    /// The folder to write the site into (must be missing or empty)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How many briefings
    #[arg(long, default_value_t = 1000)]
    briefings: usize,
    /// How many background notes
    #[arg(long, default_value_t = 300)]
    notes: usize,
    /// The seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the articles as a Hugo site into this folder
    #[arg(long, value_name = "DIR")]
    hugo: Option<PathBuf>,
}

const SITE_TOML: &str = r#"title = "Benchmark desk"
description = "A generated corpus for measuring brief."
base_url = "https://bench.example.org/"

[mentions]
auto = "first"

[collections.organizations]
singular = "organization"
title = "Organizations"
"#;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> io::Result<()> {
    ensure_empty(&args.out)?;
    if let Some(hugo) = &args.hugo {
        ensure_empty(hugo)?;
    }
    let notes = notes::generate(args.seed, args.notes);
    let content = args.out.join("content");
    for dir in ["briefings", "people", "places", "organizations"] {
        fs::create_dir_all(content.join(dir))?;
    }
    fs::write(args.out.join("site.toml"), SITE_TOML)?;
    notes.par_iter().enumerate().try_for_each(|(i, note)| {
        let mut rng = Rng::stream(args.seed, (1 << 40) + i as u64);
        let path = content
            .join(note.kind.collection())
            .join(format!("{}.md", note.slug));
        fs::write(path, notes::note_file(note, &mut rng))
    })?;
    let shared = Shared::new(&notes, args.seed);
    if let Some(hugo) = &args.hugo {
        hugo::write_config(hugo)?;
    }
    let briefings = content.join("briefings");
    (0..args.briefings).into_par_iter().try_for_each(|i| {
        let article = article::generate(&shared, args.seed, i);
        let body = article.body_markdown();
        let mut rng = Rng::stream(args.seed, (2 << 40) + i as u64);
        let sidecar = annotate::sidecar(&article, &notes, &mut rng);
        fs::write(
            briefings.join(format!("{}.md", article.slug)),
            briefing_file(&article, &body),
        )?;
        fs::write(briefings.join(format!("{}.yaml", article.slug)), sidecar)?;
        if let Some(hugo) = &args.hugo {
            hugo::write_page(hugo, &article, &body)?;
        }
        Ok::<(), io::Error>(())
    })?;
    eprintln!(
        "wrote {} briefings and {} notes into {}",
        args.briefings,
        notes.len(),
        args.out.display()
    );
    Ok(())
}

fn ensure_empty(dir: &Path) -> io::Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(io::Error::other(format!(
                    "`{}` is not empty; remove it or choose another folder",
                    dir.display()
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

fn briefing_file(article: &Article, body: &str) -> String {
    use yaml::{list, scalar};
    let mut out = String::with_capacity(body.len() + 400);
    out.push_str("---\n");
    out.push_str(&format!("title: {}\n", scalar(&article.title)));
    match &article.time {
        Some(time) => out.push_str(&format!("date: {}T{time}:00Z\n", article.date)),
        None => out.push_str(&format!("date: {}\n", article.date)),
    }
    out.push_str(&format!("summary: {}\n", scalar(&article.summary)));
    let (name, author, url) = &article.source;
    out.push_str(&format!(
        "source:\n  name: {}\n  url: {url}\n  author: {}\n  published: {}\n",
        scalar(name),
        scalar(author),
        article.date
    ));
    out.push_str(&format!("tags: {}\n", list(&article.tags)));
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(dir: &Path, briefings: usize) {
        let args = Args {
            out: dir.join("site"),
            briefings,
            notes: 60,
            seed: 7,
            hugo: Some(dir.join("hugo")),
        };
        run(&args).expect("generate");
    }

    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = fs::read(e.path()).expect("read");
                (
                    e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                    bytes,
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_corpus_passes_brief_check_without_a_single_diagnostic() {
        let tmp = tempfile::tempdir().expect("tempdir");
        generate(tmp.path(), 40);
        let mut options = brief::build::BuildOptions::new(tmp.path().join("site"));
        options.write = false;
        match brief::build::build(&options) {
            Ok(report) => {
                assert_eq!(report.briefings, 40);
                assert_eq!(report.notes, 60);
                assert!(report.annotations >= 40 * 18, "{}", report.annotations);
                let shown: Vec<String> = report.diagnostics.iter().map(|d| d.render()).collect();
                assert!(shown.is_empty(), "{}", shown.join("\n"));
            }
            Err(brief::build::BuildError::Content(problems)) => {
                let shown: Vec<String> = problems.iter().take(5).map(|d| d.render()).collect();
                panic!("{} problems:\n{}", problems.len(), shown.join("\n"));
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_files_and_small_corpora_are_subsets() {
        let (a, b) = (
            tempfile::tempdir().expect("a"),
            tempfile::tempdir().expect("b"),
        );
        generate(a.path(), 12);
        generate(b.path(), 20);
        let small = files(a.path());
        let large = files(b.path());
        assert!(small.len() > 24);
        for file in &small {
            assert!(large.contains(file), "{} differs", file.0.display());
        }
    }
}
