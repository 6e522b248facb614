//! The example site's maps: each place with coordinates has a map with its pin, and the
//! places index has one map with a link for each of them.

mod common;

use common::{brief, read_tree, stderr};

fn build_example() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let output = brief(&[
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let tree = read_tree(&out);
    (tmp, tree)
}

fn page(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8_lossy(tree.get(path).expect(path)).into_owned()
}

/// The one `<svg>` element of a page.
fn the_svg(html: &str) -> &str {
    assert_eq!(html.matches("<svg").count(), 1, "one map");
    let start = html.find("<svg").unwrap_or_default();
    let end = html
        .find("</svg>")
        .map_or(html.len(), |e| e + "</svg>".len());
    &html[start..end]
}

#[test]
fn vladivostok_has_a_map_with_a_pin() {
    let (_tmp, tree) = build_example();
    let html = page(&tree, "places/vladivostok/index.html");
    assert!(html.contains("<figure class=\"map\"><svg class=\"map-svg map-place\""));
    let svg = the_svg(&html);
    assert!(
        svg.contains("role=\"img\" aria-label=\"Map: Vladivostok, Russia (43.12° N, 131.89° E)\"")
    );
    assert!(svg.contains("class=\"map-land\""));
    assert!(svg.contains("<circle cx=\"210\" cy=\"140\" r=\"6\"/>"));
    assert!(svg.contains(">Vladivostok</text>"));
    assert!(!svg.contains("http"), "nothing is fetched");
    assert!(svg.len() < 4096, "a small map: {} bytes", svg.len());
    // People have no coordinates, and so no map.
    let person = page(&tree, "people/kim-jong-un/index.html");
    assert!(!person.contains("<svg"));
}

#[test]
fn the_places_index_links_each_place_with_coordinates() {
    let (_tmp, tree) = build_example();
    let html = page(&tree, "places/index.html");
    let svg = the_svg(&html);
    assert!(svg.starts_with("<svg class=\"map-svg map-index\""));
    assert!(svg.contains("role=\"group\" aria-label=\"Map: Places\""));
    let with_coords: Vec<String> = tree
        .iter()
        .filter(|(path, _)| path.starts_with("places/") && path.ends_with("/index.html"))
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("class=\"map-svg map-place\""))
        .map(|(path, _)| path.trim_end_matches("index.html").to_string())
        .filter(|url| url != "places/")
        .collect();
    assert_eq!(
        with_coords,
        [
            "places/hanoi/",
            "places/khasan/",
            "places/pyongyang/",
            "places/seoul/",
            "places/vladivostok/"
        ]
    );
    assert_eq!(svg.matches("<a ").count(), with_coords.len());
    for url in &with_coords {
        assert_eq!(
            svg.matches(&format!(
                "<a class=\"map-pin\" href=\"../{url}\" aria-label=\""
            ))
            .count(),
            1,
            "{url}"
        );
    }
    // The people index has no map.
    assert!(!page(&tree, "people/index.html").contains("<svg"));
}
