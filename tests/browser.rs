//! The reader's side of the default theme in a real browser: the example site is built
//! into a temporary folder and `tests/browser/run.mjs` drives Chromium over it (mention
//! cards, sidenotes, endnotes without JavaScript, search, the theme toggle, `brief watch`
//! reloading), and checks every page with axe-core and the Nu HTML checker.
//!
//! It needs `/usr/bin/chromium` (or `BRIEF_CHROMIUM`), Node.js, Java 17 and
//! `npm ci --prefix tests/browser`. Without them the browser test is skipped with a line
//! on standard error, unless `BRIEF_BROWSER_TESTS=required`, when it fails instead.
//!
//! The size budgets of the theme's JavaScript and CSS need no browser.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Largest total of the JavaScript files a page can load, in bytes, gzipped as a static
/// host serves them: what a reader downloads.
const JS_BUDGET: u64 = 9 * 1024;
/// Largest total of the same files as shipped: not minified, with their comments.
const JS_RAW_BUDGET: u64 = 27 * 1024;
/// Largest total of the CSS files a page can load (with `assets/highlight.css`), in bytes.
const CSS_BUDGET: u64 = 25 * 1024;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site (the repository itself) into a temporary folder.
fn build_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("build")
        .arg("--root")
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run brief build");
    assert!(
        output.status.success(),
        "brief build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

/// What is missing to run the browser tests, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var_os("BRIEF_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium, or set BRIEF_CHROMIUM)",
            chromium.display()
        ));
    }
    let modules = repo().join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !modules.join(package).join("package.json").is_file() {
            missing.push(format!(
                "the {package} package (npm ci --ignore-scripts --prefix tests/browser)"
            ));
        }
    }
    // playwright-core needs Node.js 20 or newer.
    let node_major = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let version = String::from_utf8_lossy(&o.stdout).into_owned();
            version
                .trim()
                .trim_start_matches('v')
                .split('.')
                .next()?
                .parse::<u32>()
                .ok()
        });
    if node_major.is_none_or(|major| major < 20) {
        missing.push("Node.js 20 or newer".to_string());
    }
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !java {
        missing.push("java (apt-get install openjdk-17-jre-headless)".to_string());
    }
    missing
}

#[test]
fn the_theme_works_in_a_real_browser() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let list = missing.join("; ");
        let required = std::env::var("BRIEF_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(
            !required,
            "BRIEF_BROWSER_TESTS=required but the browser tests cannot run: install {list}"
        );
        // Straight to standard error, past the test harness's capture, so that it shows.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: browser tests (missing {list}; set BRIEF_BROWSER_TESTS=required to make this an error)"
        );
        return;
    }
    let (_tmp, site) = build_example();
    let output = Command::new("node")
        .arg(repo().join("tests/browser/run.mjs"))
        .arg("--site")
        .arg(&site)
        .arg("--source")
        .arg(repo())
        .arg("--brief")
        .arg(env!("CARGO_BIN_EXE_brief"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser tests failed:\n{stdout}\n{stderr}"
    );
    eprint!("{stdout}");
}

/// The bytes of every file under `dir` whose name ends in `ext`, but for the search
/// index (`search-index.js` is the site's data, not the theme's code): as shipped, and
/// gzipped (at the default level).
fn total_size(dir: &Path, ext: &str) -> (u64, u64, Vec<String>) {
    let (mut total, mut gzipped) = (0, 0);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk the output");
        let name = entry.path().to_string_lossy().into_owned();
        let data = entry.path() == dir.join("search-index.js");
        if entry.file_type().is_file() && name.ends_with(ext) && !data {
            let bytes = fs::read(entry.path()).expect("read asset");
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&bytes).expect("gzip");
            let small = gz.finish().expect("gzip").len() as u64;
            total += bytes.len() as u64;
            gzipped += small;
            files.push(format!("{name}: {} bytes, {small} gzipped", bytes.len()));
        }
    }
    (total, gzipped, files)
}

#[test]
fn javascript_and_css_stay_within_their_budgets() {
    let (_tmp, site) = build_example();
    let assets = site.join("assets");
    assert!(
        assets.join("highlight.css").is_file(),
        "highlight.css built"
    );
    let (js_raw, js, js_files) = total_size(&site, ".js");
    let (css, _, css_files) = total_size(&site, ".css");
    eprintln!("{}\n{}", js_files.join("\n"), css_files.join("\n"));
    assert!(
        js <= JS_BUDGET && js_raw <= JS_RAW_BUDGET,
        "JavaScript: {js} bytes gzipped (budget {JS_BUDGET}), {js_raw} as shipped \
         (budget {JS_RAW_BUDGET}):\n{}",
        js_files.join("\n")
    );
    assert!(
        css <= CSS_BUDGET,
        "CSS: {css} bytes > {CSS_BUDGET}:\n{}",
        css_files.join("\n")
    );
    // Inline styles and scripts count too: none may grow past a few lines.
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.expect("walk the output");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(entry.path()).expect("read page");
            let inline: usize = html
                .split("<style")
                .skip(1)
                .map(|s| s.find("</style>").unwrap_or(s.len()))
                .sum();
            assert!(
                inline <= 1024,
                "{}: {inline} bytes of inline CSS",
                entry.path().display()
            );
        }
    }
}
