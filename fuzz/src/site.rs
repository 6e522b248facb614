//! The whole-pipeline fuzzing harness, shared by the `site` fuzz target and by
//! `tests/hostile_fuzz.rs` (saved crash inputs and seeds), plus the output checker that
//! `tests/hostile.rs` uses on whole built sites.
//!
//! Input layout: byte 0 holds the options (bit 0: raw HTML trusted; bits 1-2: automatic
//! mentions first/all/off; bit 3: smart punctuation off); the rest is UTF-8 (lossy)
//! split on NUL into five parts:
//!
//! 0. the briefing's front matter (YAML; a title and date are used when it is empty),
//! 1. the briefing's Markdown body,
//! 2. its annotation sidecar (YAML; no sidecar when empty),
//! 3. a person note's front matter (a name and alias are used when it is empty),
//! 4. that note's Markdown body.
//!
//! The site is built in memory through every stage that `brief build` runs (load,
//! anchor, graph, render), whatever problems are found on the way, as `brief build`
//! does. It checks that nothing panics, that every diagnostic renders, and that the
//! output is well-formed: with raw HTML sanitized (the default), no page holds a script,
//! event handler, frame or unsafe URL the theme did not put there, and every JSON the
//! pages embed parses.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use brief::anchor::site::anchor_site;
use brief::config::{self, Config};
use brief::model::SourceFile;
use brief::{graph, load, render};

/// Runs one input through the whole pipeline and checks its output.
pub fn run(data: &[u8]) {
    let flags = data.first().copied().unwrap_or(0);
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    let mut parts = text.split('\0');
    let mut part = || parts.next().unwrap_or("");
    let (front, body, sidecar, note_front, note_body) = (part(), part(), part(), part(), part());
    let trusted = flags & 1 == 1;
    let config = site_config(flags);
    let sources = sources(front, body, sidecar, note_front, note_body);
    let files = build_in_memory(&config, sources);
    if !trusted {
        let problems = foreign_markup(&files);
        assert!(problems.is_empty(), "unsafe output: {problems:#?}");
    }
    let problems = bad_json(&files);
    assert!(problems.is_empty(), "bad JSON: {problems:#?}");
}

fn site_config(flags: u8) -> Config {
    let auto = ["first", "all", "off", "first"][usize::from((flags >> 1) & 3)];
    let raw_html = if flags & 1 == 1 { "trust" } else { "sanitize" };
    let smart = flags & 8 == 0;
    let toml = format!(
        "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n[mentions]\nauto = \"{auto}\"\n\
         [markdown]\nraw_html = \"{raw_html}\"\nsmart_punctuation = {smart}\n"
    );
    config::parse(Path::new("site.toml"), &toml).unwrap_or_else(|_| panic!("fuzz site.toml"))
}

fn sources(
    front: &str,
    body: &str,
    sidecar: &str,
    note_front: &str,
    note_body: &str,
) -> Vec<SourceFile> {
    let front = if front.trim().is_empty() {
        "title: Fuzz\ndate: 2019-04-24"
    } else {
        front
    };
    let note_front = if note_front.trim().is_empty() {
        "name: Kim Jong Un\naliases: [Kim]"
    } else {
        note_front
    };
    let mut files = vec![
        SourceFile {
            path: PathBuf::from("content/briefings/fuzz.md"),
            text: format!("---\n{front}\n---\n{body}"),
        },
        SourceFile {
            path: PathBuf::from("content/people/kim-jong-un.md"),
            text: format!("---\n{note_front}\n---\n{note_body}"),
        },
    ];
    if !sidecar.is_empty() {
        files.push(SourceFile {
            path: PathBuf::from("content/briefings/fuzz.yaml"),
            text: sidecar.to_string(),
        });
    }
    files
}

/// Every stage of a build but the writing, in memory, whatever problems are found (as
/// `brief::build::build` does); returns the output files, or none when rendering failed.
pub fn build_in_memory(config: &Config, sources: Vec<SourceFile>) -> Vec<(String, Vec<u8>)> {
    let (loaded, mut problems) = load::parse_sources(sources, config, false);
    let (anchored, more) = anchor_site(config, &loaded);
    problems.extend(more);
    let graph = graph::build(config, &loaded, &anchored);
    // No `themes/` folder there: the embedded default theme, parsed once.
    static THEME: OnceLock<render::Theme> = OnceLock::new();
    let theme = THEME.get_or_init(|| {
        render::Theme::load(Path::new("/nonexistent/brief-fuzz"), config)
            .unwrap_or_else(|d| panic!("the embedded theme loads: {d:?}"))
    });
    let files = match render::render(config, &loaded, &anchored, &graph, theme) {
        Ok(files) => files,
        Err(render_problems) => {
            problems.extend(render_problems);
            Vec::new()
        }
    };
    for problem in &problems {
        let text = problem.render();
        assert!(text.contains(problem.code), "{text}");
    }
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// The scripts the default theme puts in pages: `src` endings, and the one inline JSON.
const THEME_SCRIPTS: &[&str] = &["assets/brief.js", "assets/search.js", "search-index.js"];
const THEME_JSON_IDS: &[&str] = &["brief-cards"];

/// Elements that run code, embed other documents or change how the page's URLs resolve.
const ACTIVE_ELEMENTS: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "noscript",
    "template", "style",
];

/// Every script, event handler, active element or unsafe URL in the HTML pages of `files`
/// that the default theme does not put there, as "page: what" strings.
pub fn foreign_markup(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let html = scraper::Html::parse_document(&text);
        for node in html.tree.nodes() {
            let Some(element) = node.value().as_element() else {
                continue;
            };
            let name = element.name();
            let mut report = |what: String| problems.push(format!("{path}: {what}"));
            if name == "script" {
                if !is_theme_script(element) {
                    report(format!("script {:?}", element.attrs().collect::<Vec<_>>()));
                }
            } else if ACTIVE_ELEMENTS.contains(&name) {
                report(format!("<{name}> element"));
            } else if name == "meta" && element.attr("http-equiv").is_some() {
                report("<meta http-equiv>".into());
            } else if name == "link"
                && !matches!(
                    element.attr("rel"),
                    Some("stylesheet" | "canonical" | "alternate" | "icon")
                )
            {
                report(format!("<link rel={:?}>", element.attr("rel")));
            }
            for (attr, value) in element.attrs() {
                let attr = attr.to_ascii_lowercase();
                if attr.starts_with("on") {
                    report(format!("<{name} {attr}=…> event handler"));
                }
                // Table alignment, as Markdown writes it and the sanitizer keeps it.
                let style: String = value.split_whitespace().collect();
                let alignment = matches!(name, "th" | "td")
                    && matches!(
                        style.as_str(),
                        "" | "text-align:left" | "text-align:center" | "text-align:right"
                    );
                if attr == "srcdoc" || attr == "style" && !alignment {
                    report(format!("<{name} {attr}=…>"));
                }
                if matches!(
                    attr.as_str(),
                    "href"
                        | "src"
                        | "xlink:href"
                        | "action"
                        | "formaction"
                        | "poster"
                        | "background"
                        | "cite"
                        | "srcset"
                ) && let Some(scheme) = unsafe_scheme(value)
                {
                    report(format!("<{name} {attr}=\"{scheme}…\">"));
                }
            }
        }
    }
    problems
}

fn is_theme_script(element: &scraper::node::Element) -> bool {
    let attrs: Vec<&str> = element.attrs().map(|(name, _)| name).collect();
    if let Some(src) = element.attr("src") {
        let scheme_ok =
            !src.contains(':') || src.starts_with("https://") || src.starts_with("http://");
        return scheme_ok
            && THEME_SCRIPTS.iter().any(|s| src.ends_with(s))
            && attrs.iter().all(|a| matches!(*a, "src" | "defer"));
    }
    element.attr("type") == Some("application/json")
        && element
            .attr("id")
            .is_some_and(|id| THEME_JSON_IDS.contains(&id))
        && attrs.iter().all(|a| matches!(*a, "type" | "id"))
}

/// The scheme of a URL a browser would run or decode, after the clean-up the URL
/// standard makes: C0 controls and spaces trimmed from both ends, tabs and newlines
/// removed everywhere. (Any other control character inside the scheme makes the URL a
/// relative path, which runs nothing.)
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|scheme| cleaned.starts_with(scheme))
}

/// Every JSON the output embeds or ships (inline JSON scripts, `search-index.json`, the
/// JSON in `search-index.js`) that does not parse, or whose script text could end the
/// script element early, as "file: why" strings.
pub fn bad_json(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, json) in embedded_json(files) {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
            problems.push(format!("{path}: {e}"));
        }
    }
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for (at, _) in text.match_indices("<script type=\"application/json\"") {
            let rest = &text[at..];
            let start = rest.find('>').map_or(0, |i| i + 1);
            let end = rest.find("</script>").unwrap_or(rest.len());
            let raw = rest.get(start..end).unwrap_or_default();
            if raw.contains('<') || raw.contains('\u{2028}') || raw.contains('\u{2029}') {
                problems.push(format!("{path}: inline JSON holds a raw `<` or U+2028/9"));
            }
        }
    }
    problems
}

/// Every JSON text of the output: (file, JSON).
pub fn embedded_json(files: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".json") {
            out.push((path.clone(), text.into_owned()));
        } else if path.ends_with("search-index.js") {
            let json = text
                .split_once('=')
                .map_or("", |(_, json)| json)
                .trim()
                .trim_end_matches(';');
            out.push((path.clone(), json.to_string()));
        } else if path.ends_with(".html") {
            let html = scraper::Html::parse_document(&text);
            let selector = scraper::Selector::parse("script[type=\"application/json\"]")
                .unwrap_or_else(|_| panic!("selector"));
            for script in html.select(&selector) {
                out.push((path.clone(), script.text().collect()));
            }
        }
    }
    out
}
