//! Hostile YAML and pathological Markdown through the real binary: each case ends, in
//! bounded time, with the right diagnostic or the right value. A watchdog turns a hang
//! into a failure (60 s, far above the figures of docs/reliability.md); no assertion
//! depends on how fast the machine is.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WATCHDOG: Duration = Duration::from_secs(60);

/// A one-briefing site in a temporary folder: `site.toml`, a briefing `b.md` with
/// `front` and `body`, a sidecar when `sidecar` is given, and a person note.
fn site(front: &str, body: &str, sidecar: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().to_path_buf();
    fs::create_dir_all(root.join("content/briefings")).expect("mkdir");
    fs::create_dir_all(root.join("content/people")).expect("mkdir");
    fs::write(
        root.join("site.toml"),
        "title = \"Hostile\"\nbase_url = \"https://example.org/\"\n[mentions]\nauto = \"all\"\n",
    )
    .expect("write");
    fs::write(
        root.join("content/briefings/b.md"),
        format!("---\n{front}\n---\n{body}"),
    )
    .expect("write");
    if let Some(yaml) = sidecar {
        fs::write(root.join("content/briefings/b.yaml"), yaml).expect("write");
    }
    fs::write(
        root.join("content/people/kim.md"),
        "---\nname: Kim\naliases: [a, x, \"[\", \"*\"]\nsummary: A note.\n---\nKim.\n",
    )
    .expect("write");
    (tmp, root)
}

const FRONT: &str = "title: T\ndate: 2019-04-24";

/// Runs `brief <command> --root <root>` under the watchdog: (exit code, stderr, time).
fn run(command: &str, root: &Path) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args([command, "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run brief");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let err = reader.join().unwrap_or_default();
            return (status.code(), err, started.elapsed());
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "brief {command} hung on {} (killed after {WATCHDOG:?})",
                root.display()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Asserts that `brief check` fails with `code` at `at` (a `file:line:col` or a file).
#[track_caller]
fn expect_error(root: &Path, code: &str, at: &str) -> String {
    let (status, err, elapsed) = run("check", root);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains(&format!("error[{code}]")), "no {code}:\n{err}");
    assert!(err.contains(&format!("--> {at}")), "not at {at}:\n{err}");
    println!("{code} at {at}: {elapsed:?}");
    err
}

/// Builds and returns the briefing page.
#[track_caller]
fn build_page(root: &Path, page: &str) -> (String, Duration) {
    let (status, err, elapsed) = run("build", root);
    assert_eq!(status, Some(0), "{err}");
    let html = fs::read_to_string(root.join("public").join(page)).expect("page");
    (html, elapsed)
}

// ---- Hostile YAML -------------------------------------------------------------------
// tests/load.rs covers at the load stage: an alias bomb under a typed key and 10,000-deep
// nesting of lists and maps in a sidecar (`hostile_yaml_is_refused_quickly`), duplicate
// keys, tabs and `country: no` (`yaml_errors_have_lines_of_the_whole_file`), a BOM and
// non-UTF-8 bytes (`walking_reports_what_it_does_not_read`). Here: the same through the
// binary, and the cases it leaves out.

/// A billion-laughs bomb: each line nine references to the line before (9^9 leaves).
fn bomb(leaf: &str) -> String {
    let mut yaml = format!("a: &a [{}]\n", [leaf; 9].join(", "));
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml
}

#[test]
fn an_alias_bomb_under_an_unknown_key_is_refused() {
    let front = format!("{FRONT}\n{}", bomb("lol"));
    let (_tmp, root) = site(&front, "Body.\n", None);
    // Refused before it is read: at the first alias that expands it too far.
    let err = expect_error(&root, "yaml-limit", "content/briefings/b.md:");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn one_long_value_repeated_by_aliases_is_refused() {
    let long = "x".repeat(100_000);
    let refs = vec!["*n"; 2_000].join(", ");
    let yaml = format!(
        "long: &n \"{long}\"\nannotations:\n  - quote: Body\n    note: x\n    tags: [{refs}]\n"
    );
    let (_tmp, root) = site(FRONT, "Body.\n", Some(&yaml));
    let err = expect_error(&root, "yaml-limit", "content/briefings/b.yaml:5:");
    assert!(err.contains("references expand this YAML beyond"), "{err}");
}

#[test]
fn raw_html_that_would_hide_the_rest_of_the_article_is_refused() {
    for tag in [
        "style", "script", "textarea", "TITLE", "xmp", "iframe", "noscript",
    ] {
        let body = format!("Before.\n\nPasted from the web: <{tag}>\n\nThe minister resigned.\n");
        let (_tmp, root) = site(FRONT, &body, None);
        let err = expect_error(&root, "html-unclosed", "content/briefings/b.md:7:22");
        assert!(err.contains("is never closed"), "{err}");
    }
    // Closed, in one piece of HTML or across several, they are fine.
    let body = "A <script>x()</script> and <textarea>a</textarea> b.\n\n<style>\np { color: red }\n</style>\n\nAfter.\n";
    let (_tmp, root) = site(FRONT, body, None);
    let (status, err, _) = run("check", &root);
    assert_eq!(status, Some(0), "{err}");
}

#[test]
fn markdown_links_a_browser_would_run_are_refused_and_never_published() {
    let body = "Before.\n\nTest [a](javascript:alert(1)) [b](JavaScript:alert(2)) \
                ![i](java&#115;cript:alert(5)) [r][r] [d](data:text/html;base64,PHNjcmlwdD4=) \
                [v](vbscript:x)\n\n[r]: javascript:alert(6)\n";
    let (_tmp, root) = site(FRONT, body, None);
    let err = expect_error(&root, "unsafe-url", "content/briefings/b.md:7:6");
    assert!(err.contains("5 more in this file"), "{err}");
    // In a summary or an annotation's note, at the value (the page would show the
    // link's text without its address: see src/markdown/render/tests.rs).
    let front = "title: T\ndate: 2019-04-24\nsummary: See [x](javascript:alert(7)) and ![pic](javascript:alert(8)).";
    let sidecar = "annotations:\n  - quote: Before\n    note: Click [me](JAVASCRIPT:alert(9)).\n";
    let (_tmp, root) = site(front, "Before.\n", Some(sidecar));
    let err = expect_error(&root, "unsafe-url", "content/briefings/b.md:4:10");
    assert!(err.contains("1 more in this value"), "{err}");
    expect_error(&root, "unsafe-url", "content/briefings/b.yaml:3:11");
}

#[test]
fn raw_html_nested_too_deep_is_refused_in_bounded_time() {
    for body in [
        "<div>".repeat(200_000),
        "<ul><li>".repeat(20_000),
        "<div>\n\n".repeat(40_000),
    ] {
        let (_tmp, root) = site(FRONT, &format!("Body.\n\n{body}\n"), None);
        let err = expect_error(&root, "html-too-deep", "content/briefings/b.md:");
        assert!(err.contains("more than 512 elements deep"), "{err}");
    }
    // Deep but closed HTML, and many shallow elements, are fine.
    let shallow = "<span>a</span> <br> <img src=\"x.png\" alt=\"\"/> ".repeat(5_000);
    let deep = format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500));
    let (_tmp, root) = site(
        FRONT,
        &format!("Body.\n\n<p>{shallow}</p>\n\n{deep}\n"),
        None,
    );
    let (status, err, _) = run("check", &root);
    assert_eq!(status, Some(0), "{err}");
}

#[test]
fn an_alias_bomb_in_a_sidecar_is_refused() {
    let yaml = format!(
        "{}annotations:\n  - quote: Body\n    note: *i\n",
        bomb("lol")
    );
    let (_tmp, root) = site(FRONT, "Body.\n", Some(&yaml));
    let (status, err, _) = run("check", &root);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("content/briefings/b.yaml:"), "{err}");
}

#[test]
fn ten_thousand_deep_nesting_in_front_matter_is_refused() {
    for value in [
        "[".repeat(10_000),
        "{a: ".repeat(10_000),
        "- ".repeat(10_000),
    ] {
        let front = format!("{FRONT}\ntags: {value}");
        let (_tmp, root) = site(&front, "Body.\n", None);
        let (status, err, _) = run("check", &root);
        assert_eq!(status, Some(1), "{err}");
        assert!(err.contains("--> content/briefings/b.md:4:"), "{err}");
    }
}

#[test]
fn duplicate_keys_tabs_and_bad_bytes_point_at_the_line() {
    let (_tmp, root) = site(&format!("{FRONT}\ntitle: Again"), "Body.\n", None);
    expect_error(&root, "duplicate-key", "content/briefings/b.md:4:1");

    let (_tmp, root) = site(FRONT, "Body.\n", Some("annotations:\n\t- quote: Body\n"));
    let err = expect_error(&root, "yaml-syntax", "content/briefings/b.yaml:2:1");
    assert!(err.contains("indent with spaces"), "{err}");

    let (_tmp, root) = site(FRONT, "Body.\n", None);
    let path = root.join("content/briefings/b.md");
    let mut bytes = fs::read(&path).expect("read");
    bytes.extend_from_slice(b"caf\xe9 \xff\n");
    fs::write(&path, bytes).expect("write");
    let err = expect_error(&root, "not-utf8", "content/briefings/b.md:6:4");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn a_bom_is_skipped_and_yaml_1_1_booleans_stay_text() {
    let (_tmp, root) = site(FRONT, "Body.\n", None);
    let path = root.join("content/briefings/b.md");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("\u{feff}{text}")).expect("write");
    fs::create_dir_all(root.join("content/places")).expect("mkdir");
    fs::write(
        root.join("content/places/norway.md"),
        "---\nname: Norway\ncountry: no\nadmin: off\npopulation: yes\n---\nA country.\n",
    )
    .expect("write");
    let (html, _) = build_page(&root, "places/norway/index.html");
    let page = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("dd, .note-line").expect("selector");
    let values: Vec<String> = page.select(&selector).map(|e| e.text().collect()).collect();
    for value in ["no", "off", "yes"] {
        assert!(
            values.iter().any(|v| v.trim() == value),
            "`{value}` in {values:?}"
        );
    }
    assert!(root.join("public/briefings/b/index.html").is_file());
}

#[test]
fn a_50_mb_file_is_refused_without_being_read() {
    let (_tmp, root) = site(FRONT, "Body.\n", None);
    let line = "  - quote: Body\n    note: A note that repeats to make the file large.\n";
    let mut yaml = String::from("annotations:\n");
    while yaml.len() < 50 * 1024 * 1024 {
        yaml.push_str(line);
    }
    fs::write(root.join("content/briefings/b.yaml"), &yaml).expect("write");
    let body = "A sentence of a very long article. ".repeat(50 * 1024 * 1024 / 35 + 1);
    fs::write(
        root.join("content/briefings/long.md"),
        format!("---\n{FRONT}\n---\n{body}"),
    )
    .expect("write");
    let err = expect_error(&root, "too-large", "content/briefings/b.yaml");
    assert!(err.contains("--> content/briefings/long.md"), "{err}");
    assert!(err.contains("5 MiB"), "{err}");
}

// ---- Pathological Markdown ----------------------------------------------------------

/// Bodies known to be slow for Markdown parsers (pulldown-cmark's issues list several
/// as quadratic), at sizes well past any real article; each renders, is anchored
/// (annotations and automatic mentions run on it) and is checked.
fn pathological() -> Vec<(&'static str, String)> {
    let n = 100_000;
    let mut cases = vec![
        ("[ run", "[".repeat(n)),
        ("< run", "<".repeat(n)),
        ("* run", "*".repeat(n)),
        ("_ run", "_".repeat(n)),
        ("` run", "`".repeat(n)),
        ("![ run", "![".repeat(n / 2)),
        ("[a]( run", "[a](".repeat(n / 4)),
        ("*_ alternating", "*_".repeat(n / 2)),
        ("a** pairs", "a**".repeat(n / 3)),
        ("`a`` pairs", "`a``".repeat(n / 4)),
        ("<a unclosed tags", "<a ".repeat(n / 3)),
        ("[x]: definitions", "[x]: /u\n".repeat(n / 8)),
        ("nested block quotes", format!("{}x\n", "> ".repeat(10_000))),
        (
            "nested lists on a line",
            format!("{}x\n", "- ".repeat(10_000)),
        ),
        ("long line", "word ".repeat(n / 5 * 4)),
        (
            "1,000-column table",
            format!(
                "{}\n{}\n{}\n",
                "|a".repeat(1000),
                "|-".repeat(1000),
                "|x".repeat(1000)
            ),
        ),
    ];
    let mut indented = String::new();
    for depth in 0..1_000 {
        indented.push_str(&"  ".repeat(depth));
        indented.push_str("- x\n");
    }
    cases.push(("1,000 nested list items", indented));
    let mut rows = format!("{}\n{}\n", "|a".repeat(100), "|-".repeat(100));
    for _ in 0..1_000 {
        rows.push_str(&"|x".repeat(100));
        rows.push('\n');
    }
    cases.push(("table of 100,000 cells", rows));
    cases
}

#[test]
fn pathological_markdown_renders_in_bounded_time() {
    let sidecar = "annotations:\n  - quote: x\n    occurrence: all\n    note: n\n";
    let mut figures = Vec::new();
    for (name, body) in pathological() {
        println!("{name} ...");
        let (_tmp, root) = site(FRONT, &format!("x {body}\n"), Some(sidecar));
        let (status, err, elapsed) = run("build", &root);
        // A case may fail to anchor (`x` lies inside a code span), never hang or crash.
        assert!(matches!(status, Some(0 | 1)), "{name}: {status:?}\n{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        figures.push(format!("{name}: {elapsed:?} ({} bytes)", body.len()));
    }
    println!("{}", figures.join("\n"));
}

#[test]
fn block_quotes_and_lists_nested_past_a_hundred_are_refused_at_their_line() {
    for (body, line) in [
        (format!("Intro.\n\n{}x\n", ">".repeat(5_000_000)), 3),
        (
            format!(
                "Intro.\n{}",
                format!("{}x\n", "> - ".repeat(1_000)).repeat(1_000)
            ),
            2,
        ),
        (format!("a\n\nb\n\n{}x\n", "1. ".repeat(101)), 5),
    ] {
        let (_tmp, root) = site(FRONT, &body, None);
        let err = expect_error(
            &root,
            "markdown-too-deep",
            &format!("content/briefings/b.md:{}:1", line + 4),
        );
        assert!(err.contains("nest more than 100 deep"), "{err}");
    }
    // A hundred levels are read.
    let (_tmp, root) = site(FRONT, &format!("{}x\n", "> ".repeat(100)), None);
    let (status, err, _) = run("check", &root);
    assert_eq!(status, Some(0), "{err}");
}

#[test]
fn a_text_of_more_than_200_000_blocks_is_refused_at_the_block_past_the_limit() {
    let table = format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(100_001));
    let (_tmp, root) = site(FRONT, &format!("Intro.\n\n{table}"), None);
    // Intro is block 1 (line 5), the header row blocks 2 and 3 (line 7): row k, on line
    // 8 + k, holds blocks 2k + 2 and 2k + 3, so block 200,001 is on row 99,999.
    let err = expect_error(
        &root,
        "markdown-too-large",
        "content/briefings/b.md:100007:1",
    );
    assert!(err.contains("more than 200000 paragraphs"), "{err}");
}

#[test]
fn a_runaway_annotation_file_is_refused() {
    let entry = "  - quote: nowhere to be found\n    note: n\n";
    let yaml = format!("annotations:\n{}", entry.repeat(1_001));
    let (_tmp, root) = site(FRONT, "Body.\n", Some(&yaml));
    let err = expect_error(
        &root,
        "too-many-annotations",
        "content/briefings/b.yaml:2:3",
    );
    assert!(err.contains("at most 1000"), "{err}");
}

#[test]
fn a_thousand_unmatched_quotes_are_listed_a_hundred_and_the_rest_counted() {
    let mut yaml = String::from("annotations:\n");
    for i in 0..1_000 {
        yaml.push_str(&format!(
            "  - quote: quote number {i} is nowhere\n    note: n\n"
        ));
    }
    let (_tmp, root) = site(FRONT, "Body.\n", Some(&yaml));
    let (status, err, elapsed) = run("check", &root);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(err.matches("error[quote-not-found]").count(), 100, "{err}");
    assert!(
        err.contains("error[too-many-problems]: 900 more quotes from here on match nothing"),
        "{err}"
    );
    println!("1,000 unmatched quotes: {elapsed:?}");
}

#[test]
fn problems_past_a_hundred_in_one_file_are_counted_not_listed() {
    let sources = "  - \"javascript:alert(1)\"\n".repeat(20_000);
    let (_tmp, root) = site(FRONT, "Body.\n", None);
    fs::write(
        root.join("content/people/kim.md"),
        format!("---\nname: Kim\nsources:\n{sources}---\nKim.\n"),
    )
    .expect("write");
    let (status, err, elapsed) = run("check", &root);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(err.matches("error[unsafe-url]").count(), 100, "{elapsed:?}");
    assert!(err.contains("error[too-many-problems]"), "{err}");
    assert!(err.contains("19900 more problems in this file"), "{err}");
}

#[test]
fn a_raw_line_separator_in_a_value_is_reported_on_its_own_line() {
    let front = "title: Kim\u{2028}arrives\ndate: 2019-04-24\nsummary: A summary.";
    let (_tmp, root) = site(front, "Body.\n", None);
    // The parser notices at the start of the next line; the help names the cause.
    let err = expect_error(&root, "yaml-syntax", "content/briefings/b.md:3:1");
    assert!(err.contains("U+2028"), "{err}");
    // Quoted and escaped, the same text is fine, and reads back with its separator.
    let front = "title: \"Kim\\u2028arrives\"\ndate: 2019-04-24";
    let (_tmp, root) = site(front, "Body.\n", None);
    let (html, _) = build_page(&root, "briefings/b/index.html");
    assert!(html.contains("Kim\u{2028}arrives"), "{html}");
}
