//! Whole maps: what they show, that odd places never break them, and escaping.

use super::{Pin, collection_map, coords_text, note_map, place_map, places_map};
use crate::config::Collection;
use crate::graph::testkit::note;

/// Every absolute point of every `d` attribute in the SVG, and the number of subpaths.
fn path_points(svg: &str) -> Vec<(i64, i64)> {
    let mut points = Vec::new();
    for part in svg.split(" d=\"").skip(1) {
        let d = part.split('"').next().unwrap_or_default();
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let sub = sub.trim_end_matches('z');
            let (first, rest) = sub.split_once('l').unwrap_or((sub, ""));
            let start: Vec<i64> = numbers(first);
            let (mut x, mut y) = (start[0], start[1]);
            points.push((x, y));
            for pair in numbers(rest).chunks(2) {
                x += pair[0];
                y += pair[1];
                points.push((x, y));
            }
        }
    }
    points
}

fn numbers(text: &str) -> Vec<i64> {
    text.replace('-', " -")
        .split_whitespace()
        .map(|n| n.parse().expect("an integer"))
        .collect()
}

fn assert_sane(svg: &str, width: i64, height: i64) {
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
    for bad in ["NaN", "inf", "e+", "e-"] {
        assert!(!svg.contains(bad), "{bad} in {svg}");
    }
    for (x, y) in path_points(svg) {
        assert!((-2..=width + 2).contains(&x), "x {x} in {svg}");
        assert!((-2..=height + 2).contains(&y), "y {y} in {svg}");
    }
}

#[test]
fn vladivostok_has_a_small_map_with_its_pin_in_the_middle() {
    let svg = place_map("Vladivostok", Some("Russia"), 43.12, 131.89).expect("a map");
    assert_sane(&svg, 420, 280);
    assert!(
        svg.contains("role=\"img\" aria-label=\"Map: Vladivostok, Russia (43.12° N, 131.89° E)\"")
    );
    assert!(svg.contains("<title>Map: Vladivostok, Russia (43.12° N, 131.89° E)</title>"));
    assert!(
        svg.contains("<circle cx=\"210\" cy=\"140\" r=\"6\"/>"),
        "{svg}"
    );
    assert!(svg.contains(">Vladivostok</text>"));
    assert!(svg.contains("class=\"map-land\""));
    assert!(
        svg.contains("class=\"map-border\""),
        "China and North Korea are near"
    );
    assert!(svg.len() < 4096, "{} bytes", svg.len());
    // The pin is on land (Vladivostok is on the coast): the land path has points on
    // both sides of it.
    let points = path_points(&svg);
    assert!(points.iter().any(|&(x, y)| x < 210 && y > 140));
    assert!(points.iter().any(|&(x, y)| x > 210 && y < 140));
}

#[test]
fn a_place_on_the_antimeridian_shows_land_on_both_sides() {
    // Chukotka reaches across 180°: the map must draw the land west and east of it.
    let svg = place_map("Chukotka", None, 66.16, 179.9).expect("a map");
    assert_sane(&svg, 420, 280);
    assert!(svg.contains("(66.16° N, 179.9° E)"));
    let points = path_points(&svg);
    assert!(points.iter().any(|&(x, _)| x < 180));
    assert!(points.iter().any(|&(x, _)| x > 240));
    let west = place_map("Chukotka", None, 66.16, -179.9).expect("a map");
    assert_sane(&west, 420, 280);
    assert!(west.contains("class=\"map-land\""));
}

#[test]
fn places_near_the_poles_and_at_zero_do_not_break() {
    for (lat, lon) in [
        (89.0, 0.0),
        (90.0, 180.0),
        (-89.0, 45.0),
        (-90.0, -180.0),
        (0.0, 0.0),
        (-16.5, 179.9),
        (-16.5, -179.9),
        (0.0, 180.0),
        (0.0, -180.0),
    ] {
        let svg = place_map("X", None, lat, lon).expect("a map");
        assert_sane(&svg, 420, 280);
    }
    let south = place_map("Pole", None, -90.0, 0.0).expect("a map");
    assert!(south.contains("class=\"map-land\""), "Antarctica");
    // Antarctica covers the map down to its bottom edge, past the pole.
    let points = path_points(&south);
    assert!(points.iter().any(|&(_, y)| y >= 280), "{south}");
    let zero = place_map("Null Island", None, 0.0, 0.0).expect("a map");
    assert!(zero.contains("(0° N, 0° E)"));
    assert!(
        zero.contains("class=\"map-land\""),
        "the Gulf of Guinea's coast"
    );
    assert!(place_map("X", None, f64::NAN, 0.0).is_none());
    assert!(place_map("X", None, 0.0, f64::INFINITY).is_none());
}

#[test]
fn a_region_with_no_land_is_sea_and_a_pin() {
    let svg = place_map("Point Nemo", None, -48.88, -123.39).expect("a map");
    assert_sane(&svg, 420, 280);
    assert!(
        !svg.contains("map-land") && !svg.contains("map-border"),
        "{svg}"
    );
    assert!(svg.contains("<circle cx=\"210\" cy=\"140\""));
    assert!(svg.contains("(48.88° S, 123.39° W)"));
}

#[test]
fn names_are_escaped() {
    let name = "<b>\"Tom\" & Jerry's</b>";
    let svg = place_map(name, Some("<i>"), 10.0, 10.0).expect("a map");
    assert!(!svg.contains("<b>") && !svg.contains("<i>"));
    let escaped = "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&#39;s&lt;/b&gt;";
    assert!(svg.contains(&format!("aria-label=\"Map: {escaped}, &lt;i&gt; (")));
    assert!(svg.contains(&format!("<title>Map: {escaped}, &lt;i&gt; (")));
    let pins = [Pin {
        name,
        lat: 1.0,
        lon: 2.0,
        href: "../x/\"y\"/",
    }];
    let svg = places_map("Map: <Places>", &pins).expect("a map");
    assert!(svg.contains("aria-label=\"Map: &lt;Places&gt;\""));
    assert!(svg.contains(&format!(
        "href=\"../x/&quot;y&quot;/\" aria-label=\"{escaped}\""
    )));
    assert!(!svg.contains("<b>"));
}

#[test]
fn every_place_of_an_index_map_is_a_link_and_labels_do_not_pile_up() {
    let pins: Vec<Pin<'_>> = ["A", "B", "C", "D"]
        .iter()
        .map(|name| Pin {
            name,
            lat: 43.0,
            lon: 131.9,
            href: "here/",
        })
        .collect();
    let svg = places_map("Map: Places", &pins).expect("a map");
    assert_sane(&svg, 640, 512);
    assert!(svg.contains("role=\"group\" aria-label=\"Map: Places\""));
    assert_eq!(
        svg.matches("<a class=\"map-pin\" href=\"here/\"").count(),
        4
    );
    // Four places on one spot: one label each side at most, never two in one place.
    let labels = svg.matches("</text>").count();
    assert!((1..=4).contains(&labels), "{labels}");
    // A pin whose label was left out shows its name as a tooltip.
    assert_eq!(svg.matches("<title>").count(), 1 + 4 - labels);
    let mut anchors: Vec<&str> = svg.split("<text ").skip(1).collect();
    anchors.dedup();
    assert_eq!(anchors.len(), labels);
    assert!(places_map("Map: Places", &[]).is_none());
}

#[test]
fn notes_give_maps_through_their_coordinates() {
    let mut place = note("places", "vladivostok", "Vladivostok");
    assert!(note_map(&place).is_none());
    place.coords = Some((43.12, 131.89));
    place.country = Some("Russia".into());
    let svg = note_map(&place).expect("a map");
    assert!(svg.contains("Map: Vladivostok, Russia (43.12° N, 131.89° E)"));

    let mut seoul = note("places", "seoul", "Seoul");
    seoul.coords = Some((37.57, 126.98));
    let person = note("people", "kim", "Kim");
    let nowhere = note("places", "nowhere", "Nowhere");
    let places = Collection {
        name: "places".into(),
        singular: "place".into(),
        title: "Places".into(),
    };
    let notes = [person, nowhere, seoul, place];
    let svg = collection_map(&notes, &places).expect("a map");
    assert!(svg.contains("aria-label=\"Map: Places\""));
    assert_eq!(svg.matches("<a ").count(), 2);
    assert!(svg.contains("href=\"../places/seoul/\" aria-label=\"Seoul\""));
    assert!(svg.contains("href=\"../places/vladivostok/\" aria-label=\"Vladivostok\""));
    let people = Collection {
        name: "people".into(),
        singular: "person".into(),
        title: "People".into(),
    };
    assert!(collection_map(&notes, &people).is_none());
}

#[test]
fn coordinates_read_with_hemispheres() {
    assert_eq!(coords_text(43.12, 131.89), "43.12° N, 131.89° E");
    assert_eq!(coords_text(-33.9, -70.512_34), "33.9° S, 70.5123° W");
    assert_eq!(coords_text(-0.000_01, 0.0), "0° N, 0° E");
}
