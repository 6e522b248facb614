//! The whole-pipeline fuzzing harness (`fuzz/src/site.rs`) as ordinary tests: seed
//! sites, every input that once crashed it (kept in `tests/hostile/fuzz/`, one named
//! `.bin` file per bug) and the committed fuzz corpus (`fuzz/corpus/site/`), so the
//! harness runs in `cargo test` without a nightly toolchain.

#[path = "../fuzz/src/site.rs"]
mod site;

use std::path::Path;

/// An input: options byte, then the five parts joined by NUL.
fn input(flags: u8, parts: &[&str]) -> Vec<u8> {
    let mut data = vec![flags];
    data.extend_from_slice(parts.join("\0").as_bytes());
    data
}

/// Runs every file of `dir` (optionally only `.bin` ones) through the harness.
fn run_folder(dir: &Path, only_bin: bool) -> usize {
    let mut inputs: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    inputs.sort();
    let mut count = 0;
    for path in inputs
        .iter()
        .filter(|p| !only_bin || p.extension().is_some_and(|e| e == "bin"))
    {
        let data = std::fs::read(path).unwrap_or_default();
        let outcome = std::panic::catch_unwind(|| site::run(&data));
        assert!(outcome.is_ok(), "{} fails again", path.display());
        count += 1;
    }
    count
}

#[test]
fn saved_crash_inputs_no_longer_fail() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/fuzz");
    run_folder(&dir, true);
}

#[test]
fn the_committed_corpus_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/site");
    run_folder(&dir, false);
}

#[test]
fn seeds_pass() {
    let sidecar = "annotations:\n  - quote: Kim Jong Un\n    person: kim-jong-un\n  \
                   - quote: train\n    note: \"<script>alert(1)</script>\"\n    \
                   event: { date: 2019-04-24, title: Arrival }\n    \
                   link: { url: \"https://example.org/\", title: \"\\\"><b>x</b>\" }\n";
    let body = "Kim Jong Un arrived by *train* in [Russia](https://example.org/).\n\n\
                <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>\n\n\
                <iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n";
    let front = "title: \"</script><!-- \\u2028\"\ndate: 2019-04-24\nsummary: \"' onmouseover='x\"\n\
                 tags: [\"\\\"><script>\"]\nsource: { name: \"<b>\", url: \"https://example.org/?a=\\\"><x>\" }";
    let note = "name: Kim Jong Un\naliases: [\"Kim\", \"<script>\"]\nrole: \"\\\"><script>\"";
    for flags in [0u8, 1, 2, 4, 6, 8, 255] {
        site::run(&input(
            flags,
            &[front, body, sidecar, note, "A *note* <script>x</script>"],
        ));
        site::run(&input(flags, &["", body, "", "", ""]));
        let table = "| a | b | c |\n|:-|:-:|-:|\n| x | y | z |\n\n<table><tr><td style=\"color: red\">t</td></tr></table>";
        site::run(&input(flags, &["", table, "", "", ""]));
        site::run(&input(
            flags,
            &["title: [", "", "annotations: [", "name: {", ""],
        ));
    }
}

#[test]
fn the_checker_sees_foreign_markup() {
    let page = |html: &str| vec![("p/index.html".to_string(), html.as_bytes().to_vec())];
    for bad in [
        "<p onclick=\"x\">a</p>",
        "<script>alert(1)</script>",
        "<script src=\"evil.js\"></script>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"\u{1}java\tscript:alert(1)\">x</a>",
        "<a href=\"JAVA&#10;SCRIPT:alert(1)\">x</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<iframe srcdoc=\"x\"></iframe>",
        "<base href=\"https://evil.example/\">",
    ] {
        assert!(!site::foreign_markup(&page(bad)).is_empty(), "{bad}");
    }
    let ok = "<script src=\"../assets/brief.js\" defer></script>\
              <script type=\"application/json\" id=\"brief-cards\">{}</script><a href=\"x/\">x</a>";
    assert_eq!(site::foreign_markup(&page(ok)), Vec::<String>::new());
    // A control character other than tab or newline inside the scheme makes the URL a
    // relative path for browsers: nothing runs (the fuzzer's first find was this case).
    let relative = "<a href=\"javascript\u{e}:alert(1)\">x</a>";
    assert_eq!(site::foreign_markup(&page(relative)), Vec::<String>::new());
    let json =
        page("<script type=\"application/json\" id=\"brief-cards\">{\"a\": \"</b>\"}</script>");
    assert!(!site::bad_json(&json).is_empty());
}
