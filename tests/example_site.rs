//! The repository is itself the example site: it must build with no problems at all,
//! every internal link must resolve, and its briefing must carry its annotations.

mod common;

use common::{brief, broken_links, read_tree, stderr};

fn build_example() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let output = brief(&[
        "build",
        "--root",
        root,
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    (tmp, out, err)
}

#[test]
fn example_site_builds_cleanly_with_every_link_resolving() {
    let (_tmp, out, err) = build_example();
    assert!(
        !err.contains("warning"),
        "the example must build without warnings: {err}"
    );
    assert!(err.starts_with("built 1 briefing, 19 notes,"), "{err}");
    assert_eq!(broken_links(&out), Vec::<String>::new());
}

#[test]
fn example_briefing_is_fully_annotated() {
    let (_tmp, out, _) = build_example();
    let tree = read_tree(&out);
    let page = tree
        .get("briefings/2019-04-24-kim-jong-un-arrives-in-russia/index.html")
        .expect("briefing page");
    let page = String::from_utf8_lossy(page);
    let ids: std::collections::BTreeSet<_> = page
        .match_indices("data-annot=\"a")
        .map(|(i, _)| &page[i..i + 16])
        .collect();
    assert!(
        ids.len() >= 40,
        "at least 40 explicit annotations, found {}",
        ids.len()
    );
    for slug in [
        "people/kim-jong-un",
        "people/vladimir-putin",
        "people/donald-trump",
        "people/mike-pompeo",
        "people/kim-jong-il",
        "people/yuri-ushakov",
        "people/yuri-trutnev",
        "people/chon-hyun-joon",
        "places/vladivostok",
        "places/khasan",
        "places/primorye",
        "places/pyongyang",
        "places/seoul",
        "places/hanoi",
        "places/korean-peninsula",
        "organizations/kinu",
        "organizations/yonhap",
        "organizations/rossiya-24",
        "organizations/kremlin",
    ] {
        assert!(
            page.contains(&format!("href=\"../../{slug}/\"")),
            "the briefing links to {slug}"
        );
        assert!(
            tree.contains_key(&format!("{slug}/index.html")),
            "{slug} page"
        );
    }
}

/// The elements a passage's sentence lies within.
const BLOCKS: [&str; 10] = [
    "p",
    "li",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "figcaption",
    "dd",
];

/// The text of an element, whitespace folded, without the notes' numbers in it.
fn folded(element: scraper::ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        let in_number = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.has_class("sn-static", scraper::CaseSensitivity::CaseSensitive))
        });
        if let (Some(t), false) = (node.value().as_text(), in_number) {
            text.push_str(t);
        }
    }
    text.replace('\u{2060}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_in_context_link_lands_on_its_own_passage() {
    use scraper::{Html, Selector};
    let (_tmp, out, _) = build_example();
    let tree = read_tree(&out);
    let snippet = Selector::parse("blockquote.snippet").expect("selector");
    let marked = Selector::parse("mark").expect("selector");
    let link = Selector::parse("a.in-context").expect("selector");
    let mut checked = 0;
    let mut repeated = 0;
    for (path, bytes) in &tree {
        if !path.ends_with("index.html") || path.starts_with("briefings/") {
            continue;
        }
        let page = Html::parse_document(&String::from_utf8_lossy(bytes));
        for quote in page.select(&snippet) {
            let words = quote.select(&marked).next().map(folded).unwrap_or_default();
            let href = quote
                .select(&link)
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or_default();
            let (file, id) = href.split_once('#').unwrap_or((href, ""));
            let file = file.trim_start_matches("../").to_string() + "index.html";
            let target = Html::parse_document(&String::from_utf8_lossy(&tree[&file]));
            let by_id = Selector::parse(&format!("[id='{id}']")).expect("selector");
            let element = target.select(&by_id).next();
            let element = element.unwrap_or_else(|| panic!("{path}: no #{id} in {file}"));
            // The mark's first element may hold only part of its words, when another mark
            // starts inside it; its whole text is within the passage's words.
            let text = folded(element);
            assert!(
                words.contains(&text) || text.contains(&words),
                "{path}: `{words}` links to #{id}, which reads `{text}`"
            );
            // And its paragraph (or item, cell, heading) holds the snippet's sentence.
            let block = element
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| BLOCKS.contains(&e.value().name()))
                .map(folded)
                .unwrap_or_default();
            let link_text = quote.select(&link).next().map(folded).unwrap_or_default();
            let sentence = folded(quote).replace(&link_text, "");
            let longest = sentence
                .split('…')
                .map(str::trim)
                .max_by_key(|s| s.len())
                .unwrap_or_default()
                .to_string();
            assert!(
                block.contains(&longest),
                "{path}: `{longest}` links to #{id}, in `{block}`"
            );
            repeated += usize::from(id.matches('-').count() > 1);
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} links checked");
    assert!(
        repeated > 0,
        "a passage quoted more than once is linked by its own range"
    );
}

#[test]
fn example_check_passes() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = brief(&["check", "--root", root]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The example's pages as a reader gets them, snapshotted so that any change to what the
/// briefing, a person's page and a place's page say is reviewed by eye.
#[test]
fn example_pages_snapshots() {
    let (_tmp, out, _) = build_example();
    let tree = read_tree(&out);
    for (name, page) in [
        (
            "briefing",
            "briefings/2019-04-24-kim-jong-un-arrives-in-russia/index.html",
        ),
        ("person", "people/kim-jong-un/index.html"),
        ("place", "places/khasan/index.html"),
    ] {
        let html = String::from_utf8_lossy(tree.get(page).expect(page)).into_owned();
        insta::assert_snapshot!(format!("example_{name}"), html);
    }
}

#[test]
fn counts_and_letters_say_what_they_count_to_a_screen_reader() {
    let (_tmp, out, _) = build_example();
    let read = |page: &str| std::fs::read_to_string(out.join(page)).expect("page");
    let tags = scraper::Html::parse_document(&read("tags/index.html"));
    let counts = scraper::Selector::parse(".tag-list .count").expect("selector");
    let spoken: Vec<String> = tags.select(&counts).map(|c| c.text().collect()).collect();
    assert!(!spoken.is_empty());
    for count in &spoken {
        let n: usize = count
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect(count);
        let word = if n == 1 { "briefing" } else { "briefings" };
        assert_eq!(count, &format!("{n} {word}"));
    }
    let places = read("places/index.html");
    assert!(places.contains("aria-label=\"Places by first letter\""));
}
