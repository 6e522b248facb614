//! The render stage end to end on hand-made sites: every page at its URL, every internal
//! link and fragment resolving, hostile values escaped, byte-identical output.

#[path = "fixtures/render/site.rs"]
mod site;

use std::collections::{BTreeMap, BTreeSet};

use brief::anchor::site::Anchored;
use brief::model::Loaded;
use brief::render::{OutputFile, Theme};
use scraper::{Html, Selector};

/// Renders a site with the embedded default theme (a temporary folder as the site root,
/// so nothing in the repository can change the result).
fn render(loaded: &Loaded, anchored: &Anchored) -> BTreeMap<String, Vec<u8>> {
    let config = site::config();
    let root = tempfile::tempdir().expect("temporary folder");
    let theme = Theme::load(root.path(), &config).expect("default theme");
    let graph = brief::graph::build(&config, loaded, anchored);
    let files = brief::render::render(&config, loaded, anchored, &graph, &theme)
        .unwrap_or_else(|e| panic!("render failed: {e:?}"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "output is sorted by path");
    files
        .into_iter()
        .map(|OutputFile { path, bytes }| (path, bytes))
        .collect()
}

fn rendered_site() -> BTreeMap<String, Vec<u8>> {
    let (loaded, anchored) = site::site();
    render(&loaded, &anchored)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("valid selector")
}

#[test]
fn every_page_kind_is_at_its_url() {
    let files = rendered_site();
    for path in [
        "index.html",
        "briefings/2019-04-24-kim-arrives/index.html",
        "briefings/2019-02-28-hanoi/index.html",
        "people/kim-jong-un/index.html",
        "people/vladimir-putin/index.html",
        "places/vladivostok/index.html",
        "organizations/kcna/index.html",
        "people/index.html",
        "places/index.html",
        "organizations/index.html",
        "timeline/index.html",
        "tags/index.html",
        "tags/summits/index.html",
        "tags/north-korea/index.html",
        "tags/customs/index.html",
        "search/index.html",
        "search-index.json",
        "search-index.js",
        "atom.xml",
        "sitemap.xml",
        "404.html",
        "assets/style.css",
        "assets/brief.js",
        "assets/search.js",
        "assets/highlight.css",
    ] {
        assert!(files.contains_key(path), "missing {path}");
    }
}

/// Resolves `href` (relative to the page at `page`) to an output path and a fragment.
fn resolve(page: &str, href: &str, base_url: &str) -> Option<(String, String)> {
    if href.starts_with("mailto:") || href.starts_with("//") {
        return None;
    }
    // The 404 page links from the host's root, with the path of the base URL.
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let base_path = host.find('/').map_or("/", |i| &host[i..]);
    let from_base_path = href.strip_prefix(base_path).filter(|_| page == "404.html");
    let href = match href.strip_prefix(base_url).or(from_base_path) {
        Some(rest) => rest.to_string(),
        None if href.starts_with("http:") || href.starts_with("https:") => return None,
        None => {
            assert!(
                !href.starts_with('/'),
                "root-relative link {href} in {page}"
            );
            let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            if dir.is_empty() {
                href.to_string()
            } else {
                format!("{dir}/{href}")
            }
        }
    };
    let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{href} climbs above the root from {page}"
                );
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    let mut target = parts.join("/");
    if target.is_empty() {
        target = page.to_string();
    } else if target.ends_with('/') || !target.rsplit('/').next().unwrap_or("").contains('.') {
        target = format!("{}/index.html", target.trim_end_matches('/'));
    }
    let target = target.trim_start_matches('/').to_string();
    let fragment = fragment.split(":~:").next().unwrap_or("").to_string();
    Some((target, fragment))
}

fn check_links(files: &BTreeMap<String, Vec<u8>>) -> usize {
    let base_url = site::config().base_url;
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links = Vec::new();
    let id_selector = select("[id]");
    let link_selector = select("a[href], link[href], script[src], img[src]");
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"));
        let page_ids: BTreeSet<String> = html
            .select(&id_selector)
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        ids.insert(path.clone(), page_ids);
        for element in html.select(&link_selector) {
            let value = element.value();
            let href = value
                .attr("href")
                .or_else(|| value.attr("src"))
                .unwrap_or_default();
            assert!(!href.is_empty(), "empty link in {path}");
            links.push((path.clone(), href.to_string()));
        }
    }
    let mut checked = 0;
    for (page, href) in &links {
        let Some((target, fragment)) = resolve(page, href, &base_url) else {
            continue;
        };
        assert!(
            files.contains_key(&target),
            "{page}: {href} → {target} does not exist"
        );
        if !fragment.is_empty() {
            let target_ids = ids
                .get(&target)
                .unwrap_or_else(|| panic!("{target} is not HTML"));
            assert!(
                target_ids.contains(&fragment),
                "{page}: {href} → no #{fragment} in {target}"
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let files = rendered_site();
    let checked = check_links(&files);
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn links_resolve_with_hostile_values_too() {
    let (loaded, anchored) = site::hostile();
    check_links(&render(&loaded, &anchored));
}

#[test]
fn ids_are_unique_in_every_page() {
    let files = rendered_site();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"));
        let mut seen = BTreeSet::new();
        for element in html.select(&select("[id]")) {
            let id = element.value().attr("id").unwrap_or_default();
            assert!(seen.insert(id.to_string()), "duplicate id {id} in {path}");
        }
        assert_eq!(html.select(&select("h1")).count(), 1, "one h1 in {path}");
        assert_eq!(html.select(&select("main#main")).count(), 1, "{path}");
    }
}

/// Elements the templates and the hand-written body HTML use; anything else in a page
/// came from a value that escaped its context.
const ALLOWED_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "script",
    "a",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "footer",
    "p",
    "h1",
    "h2",
    "h3",
    "article",
    "time",
    "div",
    "section",
    "span",
    "strong",
    "q",
    "aside",
    "blockquote",
    "mark",
    "dl",
    "dt",
    "dd",
    "form",
    "label",
    "input",
    "button",
    // The maps of places (src/render/map).
    "figure",
    "svg",
    "rect",
    "path",
    "g",
    "circle",
    "text",
];

#[test]
fn hostile_values_never_leave_their_context() {
    let (loaded, anchored) = site::hostile();
    let files = render(&loaded, &anchored);
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"));
        for element in html.root_element().descendent_elements() {
            let value = element.value();
            assert!(
                ALLOWED_ELEMENTS.contains(&value.name()),
                "<{}> in {path}",
                value.name()
            );
            for (name, attr) in value.attrs() {
                assert!(!name.starts_with("on"), "{name}={attr:?} in {path}");
                if matches!(name, "href" | "src") {
                    let lower = attr.to_ascii_lowercase();
                    assert!(!lower.contains("script:"), "{name}={attr:?} in {path}");
                }
            }
            if value.name() == "script" {
                check_script(path, &element);
            }
        }
    }
    let feed = text(&files, "atom.xml");
    assert!(
        !feed.contains("<script") && !feed.contains("<img"),
        "{feed}"
    );
    let index = text(&files, "search-index.js");
    assert!(
        !index.contains('<') && !index.contains('\u{2028}'),
        "{index}"
    );
}

fn check_script(path: &str, element: &scraper::ElementRef<'_>) {
    let value = element.value();
    if let Some(src) = value.attr("src") {
        let known = ["assets/brief.js", "assets/search.js", "search-index.js"];
        assert!(
            known.iter().any(|k| src.ends_with(k)),
            "script {src} in {path}"
        );
        return;
    }
    assert_eq!(
        value.attr("type"),
        Some("application/json"),
        "inline script in {path}"
    );
    let json: String = element.text().collect();
    assert!(!json.contains('<') && !json.contains('\u{2028}'), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("card data is JSON");
    let name = &parsed["notes"]["people/kim-jong-un"]["name"];
    assert!(
        name.as_str().is_some_and(|n| n.contains(site::EVIL)),
        "{parsed}"
    );
}

#[test]
fn hostile_urls_are_not_linked() {
    let (loaded, anchored) = site::hostile();
    let files = render(&loaded, &anchored);
    let page = text(&files, "briefings/2019-04-24-kim-arrives/index.html");
    assert!(
        !page.to_ascii_lowercase().contains("javascript"),
        "unsafe URL kept"
    );
    assert!(
        page.contains("link &lt;script&gt;"),
        "the link's title is still shown"
    );
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let (loaded, anchored) = site::site();
    let once = render(&loaded, &anchored);
    assert_eq!(once, render(&loaded, &anchored));
    for threads in [1, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        assert_eq!(
            once,
            pool.install(|| render(&loaded, &anchored)),
            "{threads} threads"
        );
    }
}

#[test]
fn the_feed_and_sitemap_use_absolute_urls_and_content_dates() {
    let files = rendered_site();
    let feed = text(&files, "atom.xml");
    assert!(
        feed.contains("<updated>2019-04-24T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains(
            "<id>https://briefs.example.org/korea/briefings/2019-04-24-kim-arrives/</id>"
        )
    );
    assert!(
        feed.find("kim-arrives") < feed.find("hanoi"),
        "newest first"
    );
    let sitemap = text(&files, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://briefs.example.org/korea/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://briefs.example.org/korea/people/kim-jong-un/</loc>"));
    assert!(!sitemap.contains("404"), "{sitemap}");
}

#[test]
fn the_404_page_links_from_the_host_root() {
    let files = rendered_site();
    let page = text(&files, "404.html");
    assert!(page.contains("href=\"/korea/assets/style.css\""), "{page}");
    assert!(!page.contains("href=\"../"), "{page}");
    assert!(
        !page.contains("https://briefs.example.org/korea/assets"),
        "{page}"
    );
}

#[test]
fn the_search_index_lists_briefings_and_notes() {
    let files = rendered_site();
    let json: serde_json::Value =
        serde_json::from_slice(&files["search-index.json"]).expect("JSON");
    let entries = json.as_array().expect("a list");
    assert_eq!(entries.len(), 6);
    assert_eq!(entries[0]["url"], "briefings/2019-04-24-kim-arrives/");
    let kim = entries
        .iter()
        .find(|e| e["title"] == "Kim Jong Un")
        .expect("Kim");
    assert_eq!(kim["kind"], "person");
    assert_eq!(kim["aliases"][1], "the North Korean leader");
    let script = text(&files, "search-index.js");
    let body = script
        .strip_prefix("window.briefSearchIndex = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("one assignment");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(body).expect("JSON"),
        json
    );
}

#[test]
fn briefing_page_has_endnotes_panel_and_cards() {
    let files = rendered_site();
    let html = Html::parse_document(&text(&files, "briefings/2019-04-24-kim-arrives/index.html"));
    let endnotes: Vec<String> = html
        .select(&select(".endnotes li"))
        .filter_map(|li| li.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        endnotes,
        ["note-a1", "note-a2", "note-a3", "note-a4", "note-a5"]
    );
    let panel: Vec<String> = html
        .select(&select(".briefing-aside h3"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        panel,
        ["People", "Places", "Organizations", "Events", "Sources"]
    );
    let bottom_line: String = html
        .select(&select(".bottom-line"))
        .flat_map(|e| e.text())
        .collect();
    assert!(bottom_line.contains("first summit"), "{bottom_line}");
    assert_eq!(html.select(&select("#brief-cards")).count(), 1);
    // Each endnote leads to its passage in the original article, by a text fragment.
    let originals: Vec<&str> = html
        .select(&select(".endnote-original a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(originals.len(), endnotes.len(), "{originals:?}");
    assert!(
        originals
            .iter()
            .all(|href| href.starts_with("https://www.reuters.com/article/x#:~:text=")),
        "{originals:?}"
    );
    assert!(
        originals.contains(&"https://www.reuters.com/article/x#:~:text=arrived"),
        "{originals:?}"
    );
}

fn snapshot(name: &str, page: &str) {
    insta::with_settings!({ snapshot_path => "fixtures/render/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, page);
    });
}

#[test]
fn snapshot_of_a_note_page() {
    let files = rendered_site();
    snapshot(
        "note_kim_jong_un",
        &text(&files, "people/kim-jong-un/index.html"),
    );
}

#[test]
fn snapshot_of_the_timeline() {
    let files = rendered_site();
    snapshot("timeline", &text(&files, "timeline/index.html"));
}

/// Writes the rendered test site (and the hostile one beside it) under
/// `$BRIEF_RENDER_OUT` when it is set, for checkers that run outside cargo, such as the
/// Nu HTML checker: `BRIEF_RENDER_OUT=/tmp/site cargo test --test render write_site`.
#[test]
fn write_site_for_outside_checkers() {
    let Ok(out) = std::env::var("BRIEF_RENDER_OUT") else {
        return;
    };
    let (loaded, anchored) = site::hostile();
    for (name, files) in [
        ("plain", rendered_site()),
        ("hostile", render(&loaded, &anchored)),
    ] {
        for (path, bytes) in files {
            let path = std::path::Path::new(&out).join(name).join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(path, bytes).expect("write");
        }
    }
}

fn render_with_site_files(files: &[(&str, &str)]) -> Result<usize, String> {
    let config = site::config();
    let root = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    let theme = Theme::load(root.path(), &config).map_err(|e| format!("{e:?}"))?;
    let (loaded, anchored) = site::site();
    let graph = brief::graph::build(&config, &loaded, &anchored);
    brief::render::render(&config, &loaded, &anchored, &graph, &theme)
        .map(|files| files.len())
        .map_err(|problems| problems.iter().map(|p| p.render()).collect())
}

#[test]
fn template_errors_at_render_time_name_the_template() {
    let report = render_with_site_files(&[("templates/tags.html", "{{ tags.missing.field }}")])
        .expect_err("an undefined value");
    assert!(report.contains("error[template-error]"), "{report}");
    assert!(report.contains("--> templates/tags.html"), "{report}");
    assert_eq!(
        report.matches("error[").count(),
        1,
        "reported once: {report}"
    );
}

#[test]
fn a_static_file_may_not_replace_a_generated_one() {
    let report = render_with_site_files(&[("static/atom.xml", "<feed/>")]).expect_err("a clash");
    assert!(
        report.contains("`atom.xml` would replace a file"),
        "{report}"
    );
    let count = render_with_site_files(&[("static/robots.txt", "User-agent: *")]).expect("ok");
    assert_eq!(count, rendered_site().len() + 1);
}

#[test]
fn collection_indexes_file_notes_under_their_sort_as() {
    let files = rendered_site();
    let page = Html::parse_document(&text(&files, "people/index.html"));
    let letters: Vec<String> = page
        .select(&select("main h2[id^=letter-]"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(letters, ["K", "P"], "Vladimir Putin is filed under P");
    let names: Vec<String> = page
        .select(&select("main li a[href$='/']"))
        .map(|a| a.text().collect::<String>())
        .filter(|name| name.contains(' '))
        .collect();
    assert_eq!(
        names,
        ["Kim Jong Un", "Vladimir Putin"],
        "shown by their names"
    );
}
