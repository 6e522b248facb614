//! `brief-bench`: runs brief's build pipeline in-process for the benchmark (see
//! `docs/performance.md`) and prints how long each stage took.
//!
//! `brief-bench build SITE OUT` builds once and prints one line of tab-separated
//! figures: `stages load anchor graph render output total pages peak_rss_kib` (times in
//! milliseconds). `brief-bench rebuild SITE OUT N [KIND]` builds once, then N times
//! changes one briefing (a different one each time) and builds again in the same
//! process, told which files changed, as `brief watch` does on every save, printing
//! `rebuild total load anchor graph render output rendered written cpu` (milliseconds,
//! except the counts of pages rendered and files written) per change. KIND is `edit`
//! (the default: a sentence appended), `title` (the title changed) or `add` (a copy of
//! the briefing added under a new name, then removed again, which prints a second line,
//! `removed ...`). Every change is undone afterwards.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use brief::build::{BuildError, BuildOptions, BuildReport, Memo, build, build_changed};

/// A large site is millions of small allocations; mimalloc makes them markedly cheaper
/// than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["build", site, out] => {
            // As `brief build` does, so that the stages are timed as a build runs them.
            brief::allocator::keep_freed_memory();
            stages(Path::new(site), Path::new(out))
        }
        ["rebuild", site, out, n] => rebuild_args(site, out, n, "edit"),
        ["rebuild", site, out, n, kind] => rebuild_args(site, out, n, kind),
        _ => Err(
            "usage: brief-bench build SITE OUT | brief-bench rebuild SITE OUT EDITS [edit|title|add]"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments of `rebuild`.
fn rebuild_args(site: &str, out: &str, n: &str, kind: &str) -> Result<(), String> {
    let edits = n
        .parse()
        .map_err(|_| format!("`{n}` is not a number of edits"))?;
    let kind = match kind {
        "edit" => Change::Prose,
        "title" => Change::Title,
        "add" => Change::Add,
        _ => {
            return Err(format!(
                "`{kind}` is not a kind of change: edit, title or add"
            ));
        }
    };
    rebuilds(Path::new(site), Path::new(out), edits, kind)
}

/// What each timed rebuild of `brief-bench rebuild` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// A sentence added at the end of a briefing.
    Prose,
    /// A briefing's title changed.
    Title,
    /// A new briefing (a copy of one under a new name); it is removed afterwards, and
    /// the rebuild after the removal is timed too (printed as `removed`).
    Add,
}

fn options(site: &Path, out: &Path) -> BuildOptions {
    let mut options = BuildOptions::new(site);
    options.output = Some(out.to_path_buf());
    options
}

/// Builds once (`memo` is `None`: a one-off build, as `brief build` does) or reusing
/// `memo`, as `brief watch` does.
/// Builds, from scratch or (with a memo) as `brief watch` rebuilds: told which files
/// changed when `changed` says so, looking at every file otherwise.
fn run(
    options: &BuildOptions,
    memo: Option<&mut Memo>,
    changed: Option<&[PathBuf]>,
) -> Result<BuildReport, String> {
    let result = match memo {
        Some(memo) => build_changed(options, memo, changed),
        None => build(options),
    };
    result.map_err(|e| match e {
        BuildError::Content(problems) => {
            let shown: Vec<String> = problems.iter().take(5).map(|d| d.render()).collect();
            format!(
                "the site has {} problem(s):\n{}",
                problems.len(),
                shown.join("\n")
            )
        }
        other => other.to_string(),
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn stages(site: &Path, out: &Path) -> Result<(), String> {
    let report = run(&options(site, out), None, None)?;
    let t = &report.timings;
    println!(
        "stages\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        ms(t.load),
        ms(t.anchor),
        ms(t.graph),
        ms(t.render),
        ms(t.output),
        ms(report.elapsed),
        report.pages,
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}

/// The CPU time (user and system) this process has used so far, in milliseconds, from
/// /proc (Linux; assumes the usual 100 clock ticks per second).
fn cpu_ms() -> Option<u64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) are space-separated.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

/// The process's peak resident set size, from /proc (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn rebuilds(site: &Path, out: &Path, edits: usize, change: Change) -> Result<(), String> {
    let options = options(site, out);
    let started = Instant::now();
    let mut memo = Memo::default();
    run(&options, Some(&mut memo), None)?;
    println!("first\t{}", ms(started.elapsed()));
    let briefings = briefing_files(site)?;
    if briefings.is_empty() {
        return Err("the site has no briefings".into());
    }
    let mut restored: Option<PathBuf> = None;
    for k in 0..edits {
        let path = &briefings[(k * 7919 + briefings.len() / 2) % briefings.len()];
        let original = fs::read_to_string(path).map_err(|e| e.to_string())?;
        let (changed_path, undo) = apply(change, path, &original, k)?;
        // What a watcher reports: this change, and the previous one undone.
        let changed: Vec<PathBuf> = restored.iter().chain([&changed_path]).cloned().collect();
        let result = timed_rebuild(&options, &mut memo, &changed, "rebuild");
        undo()?;
        restored = Some(changed_path.clone());
        result?;
        if change == Change::Add {
            timed_rebuild(&options, &mut memo, &[changed_path], "removed")?;
            restored = None;
        }
    }
    Ok(())
}

/// How to undo a change made to the corpus.
type Undo = Box<dyn FnOnce() -> Result<(), String>>;

/// Makes change `change` number `k` to the briefing at `path` (whose text is
/// `original`): returns the file it changed and how to undo the change.
fn apply(change: Change, path: &Path, original: &str, k: usize) -> Result<(PathBuf, Undo), String> {
    let restore = |path: PathBuf, original: String| -> Undo {
        Box::new(move || fs::write(&path, original).map_err(|e| e.to_string()))
    };
    match change {
        Change::Prose => {
            let edited = format!("{original}\nOne more sentence, added while editing ({k}).\n");
            fs::write(path, &edited).map_err(|e| e.to_string())?;
            Ok((
                path.to_path_buf(),
                restore(path.to_path_buf(), original.into()),
            ))
        }
        Change::Title => {
            let edited = original.replacen("\ntitle: ", &format!("\ntitle: ({k}) "), 1);
            fs::write(path, &edited).map_err(|e| e.to_string())?;
            Ok((
                path.to_path_buf(),
                restore(path.to_path_buf(), original.into()),
            ))
        }
        Change::Add => {
            let added = path.with_file_name(format!("zz-added-while-benchmarking-{k}.md"));
            fs::write(&added, original).map_err(|e| e.to_string())?;
            let removed = added.clone();
            Ok((
                added,
                Box::new(move || fs::remove_file(&removed).map_err(|e| e.to_string())),
            ))
        }
    }
}

/// Rebuilds told that `changed` changed, and prints one line of figures led by `label`.
fn timed_rebuild(
    options: &BuildOptions,
    memo: &mut Memo,
    changed: &[PathBuf],
    label: &str,
) -> Result<(), String> {
    let (started, cpu) = (Instant::now(), cpu_ms());
    let result = run(options, Some(memo), Some(changed));
    let elapsed = started.elapsed();
    let cpu = cpu_ms().zip(cpu).map(|(after, before)| after - before);
    let report = result?;
    let t = &report.timings;
    println!(
        "{label}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        ms(elapsed),
        ms(t.load),
        ms(t.anchor),
        ms(t.graph),
        ms(t.render),
        ms(t.output),
        report.rendered,
        report.written,
        cpu.map_or_else(|| "-".to_string(), |ms| ms.to_string())
    );
    Ok(())
}

fn briefing_files(site: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = site.join("content").join("briefings");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Ok(files)
}
