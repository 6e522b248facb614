//! `brief-bench`: runs brief's build pipeline in-process for the benchmark (see
//! `docs/performance.md`) and prints how long each stage took.
//!
//! `brief-bench build SITE OUT` builds once and prints one line of tab-separated
//! figures: `stages load anchor graph render output total pages peak_rss_kib` (times in
//! milliseconds). `brief-bench rebuild SITE OUT N` builds once, then N times edits one
//! briefing (a different one each time) and builds again in the same process, as
//! `brief watch` does on every save, printing `rebuild total load anchor graph render
//! output rendered written cpu` (milliseconds, except the counts of pages rendered and
//! files written) per edit; every edited file is restored afterwards.

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
        ["build", site, out] => stages(Path::new(site), Path::new(out)),
        ["rebuild", site, out, n] => match n.parse() {
            Ok(n) => rebuilds(Path::new(site), Path::new(out), n),
            Err(_) => Err(format!("`{n}` is not a number of edits")),
        },
        _ => Err("usage: brief-bench build SITE OUT | brief-bench rebuild SITE OUT EDITS".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
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

fn rebuilds(site: &Path, out: &Path, edits: usize) -> Result<(), String> {
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
        let edited = format!("{original}\nOne more sentence, added while editing ({k}).\n");
        fs::write(path, &edited).map_err(|e| e.to_string())?;
        let (started, cpu) = (Instant::now(), cpu_ms());
        // What a watcher reports: this edit, and the previous edit undone.
        let changed: Vec<PathBuf> = restored.iter().chain([path]).cloned().collect();
        let result = run(&options, Some(&mut memo), Some(&changed));
        let elapsed = started.elapsed();
        let cpu = cpu_ms().zip(cpu).map(|(after, before)| after - before);
        fs::write(path, &original).map_err(|e| e.to_string())?;
        restored = Some(path.clone());
        let report = result?;
        let t = &report.timings;
        println!(
            "rebuild\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
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
    }
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
