//! The build's safety guarantees (DESIGN.md §3, "Safe") against hostile input: a site
//! whose every YAML, front-matter and site.toml value carries markup-breaking payloads,
//! unsafe URL schemes, and raw HTML in Markdown. Every page is parsed with html5ever
//! and checked for markup the theme did not put there.

mod common;
#[path = "../fuzz/src/site.rs"]
mod site;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{brief, copy_tree, read_tree, stderr};

/// The payload every value of the escaping fixture carries, as written in its YAML and
/// TOML double-quoted strings, and as the reader must see it.
const PAYLOAD_SOURCE: &str = r#"\"><script>alert(1)</script><img src=x onerror=alert(2)> ' onmouseover='alert(3)' </script><!-- \u2028\u2029 `${alert(4)}` &amp; <b>b</b>"#;
const PAYLOAD: &str = "\"><script>alert(1)</script><img src=x onerror=alert(2)> ' onmouseover='alert(3)' </script><!-- \u{2028}\u{2029} `${alert(4)}` &amp; <b>b</b>";
/// What the harmless twin of the fixture has instead.
const HARMLESS: &str = "harmless `${x}` <b>b</b> <img src=x>";
/// The URL every URL field carries, as written and as meant. Its spaces are written
/// `%20`: an address with white space in it is refused (`bad-url`).
const URL_SOURCE: &str = r#"https://example.org/a?b=\"><script>alert(1)</script>&c='%20onmouseover='alert(3)'&d=%E2%80%A8e"#;
const URL: &str = "https://example.org/a?b=\"><script>alert(1)</script>&c='%20onmouseover='alert(3)'&d=%E2%80%A8e";

fn hostile_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// A temporary copy of a hostile fixture, with each (from, to) replacement made in
/// every file.
fn copy_with(name: &str, replacements: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    copy_tree(&hostile_fixture(name), &root);
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let mut text = fs::read_to_string(entry.path()).expect("fixture text");
        for (from, to) in replacements {
            text = text.replace(from, to);
        }
        fs::write(entry.path(), text).expect("write");
    }
    (tmp, root)
}

fn build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    read_tree(&root.join("public")).into_iter().collect()
}

/// Every (element, its sorted attribute names) of every HTML page.
fn shapes(files: &[(String, Vec<u8>)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        for node in html.tree.nodes() {
            if let Some(element) = node.value().as_element() {
                let mut attrs: Vec<&str> = element.attrs().map(|(name, _)| name).collect();
                attrs.sort_unstable();
                let kind = path.split('/').next().unwrap_or("");
                out.insert(format!("{kind}: <{} {}>", element.name(), attrs.join(" ")));
            }
        }
    }
    out
}

fn page(files: &[(String, Vec<u8>)], path: &str) -> scraper::Html {
    let bytes = files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("no {path}"));
    scraper::Html::parse_document(&String::from_utf8_lossy(bytes))
}

fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector).map(|e| e.text().collect()).collect()
}

fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every string in a JSON value, recursively.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            json_strings(v, out)
        }),
        _ => {}
    }
}

#[test]
fn payloads_in_every_value_add_no_markup_and_read_back_exactly() {
    let (_tmp, root) = copy_with("escaping", &[]);
    let files = build(&root);
    assert_eq!(site::foreign_markup(&files), Vec::<String>::new());
    assert_eq!(site::bad_json(&files), Vec::<String>::new());

    // The same site with harmless values has every element and attribute the hostile
    // one has: the payloads added none. (The harmless value keeps the payload's
    // harmless Markdown, which the Markdown fields (summaries, notes) render as such.)
    let (_twin_tmp, twin_root) = copy_with(
        "escaping",
        &[
            (PAYLOAD_SOURCE, HARMLESS),
            (PAYLOAD, HARMLESS),
            (URL_SOURCE, "https://example.org/harmless"),
        ],
    );
    let twin = build(&twin_root);
    let extra: Vec<String> = shapes(&files).difference(&shapes(&twin)).cloned().collect();
    assert_eq!(extra, Vec::<String>::new(), "markup only the payloads made");

    // Text reads back exactly where it lands: element text, attribute values, JSON.
    let briefing = page(&files, "briefings/visit/index.html");
    let title = format!("Title {PAYLOAD}");
    assert_eq!(texts(&briefing, "h1"), std::slice::from_ref(&title));
    assert!(texts(&briefing, "title")[0].starts_with(&title));
    assert!(
        texts(&briefing, "title")[0].ends_with(&format!("Desk {PAYLOAD}")),
        "site title in <title>"
    );
    let hrefs = attrs(&briefing, "a[href]", "href");
    assert!(
        hrefs.iter().any(|h| h == URL),
        "source URL intact: {hrefs:#?}"
    );
    let body = texts(&briefing, "body").concat();
    for value in ["Wire", "Author", "Event", "Link"] {
        assert!(
            body.contains(&format!("{value} {PAYLOAD}")),
            "`{value} …` is not in the briefing page's text"
        );
    }
    let mut strings = Vec::new();
    for (path, json) in site::embedded_json(&files) {
        let value: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
        json_strings(&value, &mut strings);
    }
    for value in ["Title", "Kim Jong Un", "Role"] {
        let wanted = format!("{value} {PAYLOAD}");
        assert!(
            strings.iter().any(|s| s.contains(&wanted)),
            "no JSON string holds `{value} …`"
        );
    }
    let canonical = attrs(&briefing, "link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        ["https://example.org/desk/'onmouseover='alert(5)'&x=`{y}`/briefings/visit/"]
    );
    assert!(
        texts(&briefing, "p, li, dd, dt, span, a")
            .concat()
            .contains(&format!("Kim Jong Un {PAYLOAD}"))
    );
    let note = page(&files, "people/kim-jong-un/index.html");
    assert_eq!(texts(&note, "h1"), [format!("Kim Jong Un {PAYLOAD}")]);
    let images = attrs(&note, "img[src]", "src");
    // `x` is the sanitized `<img src=x>` of the Markdown payload; the default theme does
    // not show `image:`, but a theme that does gets the whole URL.
    assert!(
        images.iter().all(|src| src == URL || src == "x"),
        "{images:#?}"
    );
    // The feed and sitemap are well-formed XML text: no raw `<` from a value.
    let feed = files
        .iter()
        .find(|(p, _)| p == "atom.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("feed");
    assert!(!feed.contains("<script"), "{feed}");
    assert!(
        feed.contains("Title &quot;&gt;&lt;script&gt;")
            || feed.contains("Title \"&gt;&lt;script&gt;")
    );
}

/// Every URL field refuses `javascript:`, `data:` and `vbscript:` URLs, however
/// disguised, with a diagnostic at the value.
#[test]
fn unsafe_url_schemes_in_yaml_are_refused_at_the_value() {
    let (_tmp, root) = copy_with("unsafe-urls", &[]);
    let out = brief(&["check", "--root", root.to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let expected = [
        "content/briefings/visit.md:7:8",
        "content/briefings/visit.yaml:4:18",
        "content/briefings/visit.yaml:6:18",
        "content/people/kim-jong-un.md:3:8",
        "content/people/kim-jong-un.md:5:5",
        "content/people/kim-jong-un.md:6:12",
    ];
    for at in expected {
        assert!(
            err.contains(&format!("--> {at}")),
            "no unsafe-url at {at}:\n{err}"
        );
    }
    assert_eq!(
        err.matches("error[unsafe-url]").count(),
        expected.len(),
        "{err}"
    );
}

/// Raw HTML pasted into Markdown is sanitized by default; `raw_html = "trust"` keeps it.
#[test]
fn raw_html_is_sanitized_unless_the_site_trusts_it() {
    let (_tmp, root) = copy_with("raw-html", &[]);
    let files = build(&root);
    assert_eq!(site::foreign_markup(&files), Vec::<String>::new());
    let briefing = page(&files, "briefings/pasted/index.html");
    let body = texts(&briefing, "article").concat();
    assert!(
        body.contains("kept text"),
        "sanitizing keeps the text: {body}"
    );

    let (_tmp, trusted) = copy_with(
        "raw-html",
        &[("[markdown]\n", "[markdown]\nraw_html = \"trust\"\n")],
    );
    let files = build(&trusted);
    let found = site::foreign_markup(&files).join("\n");
    for what in ["onerror", "iframe", "javascript:", "script"] {
        assert!(
            found.contains(what),
            "`{what}` should pass when trusted:\n{found}"
        );
    }
}
