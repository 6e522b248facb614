//! Offline maps: a small SVG map for each place with coordinates, and one map of all the
//! places of a collection, drawn at build time from outlines built into the binary. No
//! tiles, fonts or scripts are fetched; the colours come from CSS classes (`map-sea`,
//! `map-land`, `map-border`, `map-pin`), so a theme can style them for light and dark.
//!
//! The outlines are Natural Earth's (public domain) 1:110m land and country borders, from
//! the npm package `world-atlas` (ISC license), converted by `tools/map-data/generate.mjs`
//! (see [`data`]).

mod clip;
mod data;
mod svg;
mod view;

use crate::config::Collection;
use crate::model::Note;
use crate::render::urls::{collection_url, note_url, output_path, root_for};

use svg::{Kind, Marker, map_svg};
use view::View;

/// Canvas width of a one-place map, in SVG user units (about CSS pixels at full size).
pub const PLACE_MAP_WIDTH: f64 = 420.0;
/// Canvas height of a one-place map.
pub const PLACE_MAP_HEIGHT: f64 = 280.0;
/// Canvas width of a map of several places; its height follows from where they are.
pub const INDEX_MAP_WIDTH: f64 = 640.0;

/// A place to mark on a map of several places.
#[derive(Debug, Clone, Copy)]
pub struct Pin<'a> {
    /// The place's name: its label, and the accessible name of its link.
    pub name: &'a str,
    /// Latitude in degrees, north positive.
    pub lat: f64,
    /// Longitude in degrees, east positive.
    pub lon: f64,
    /// The address the pin links to, relative to the page the map is on.
    pub href: &'a str,
}

/// The map of a note with coordinates (a place), as an `<svg>` element ready to insert
/// into a page; `None` for a note without coordinates.
pub fn note_map(note: &Note) -> Option<String> {
    let (lat, lon) = note.coords?;
    place_map(&note.name, note.country.as_deref(), lat, lon)
}

/// The map of one place: the region around it with a pin and its name. The SVG's
/// accessible name reads `Map: Vladivostok, Russia (43.12° N, 131.89° E)`. `None` when
/// the coordinates are not finite numbers.
pub fn place_map(name: &str, country: Option<&str>, lat: f64, lon: f64) -> Option<String> {
    if !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    let view = View::around(lat, lon, PLACE_MAP_WIDTH, PLACE_MAP_HEIGHT);
    let title = match country {
        Some(country) if !country.trim().is_empty() => {
            format!("Map: {name}, {country} ({})", coords_text(lat, lon))
        }
        _ => format!("Map: {name} ({})", coords_text(lat, lon)),
    };
    let marker = Marker {
        lat,
        lon,
        label: name,
        href: None,
    };
    Some(map_svg(
        data::world(),
        &view,
        Kind::Place,
        &title,
        &[marker],
    ))
}

/// The map of a collection's notes that have coordinates, each pin a link to the note's
/// page, for the collection's index page; `None` when none of them has coordinates.
pub fn collection_map(notes: &[Note], collection: &Collection) -> Option<String> {
    let root = root_for(&output_path(&collection_url(&collection.name)));
    let hrefs: Vec<(&Note, String)> = notes
        .iter()
        .filter(|n| n.collection == collection.name && n.coords.is_some())
        .map(|n| (n, format!("{root}{}", note_url(n))))
        .collect();
    let pins: Vec<Pin<'_>> = hrefs
        .iter()
        .filter_map(|(note, href)| {
            let (lat, lon) = note.coords?;
            Some(Pin {
                name: &note.name,
                lat,
                lon,
                href,
            })
        })
        .collect();
    places_map(&format!("Map: {}", collection.title), &pins)
}

/// A map of several places, each pin a link; `title` is its accessible name. The view
/// holds every place (taking the short way across the antimeridian). `None` when no pin
/// has finite coordinates.
pub fn places_map(title: &str, pins: &[Pin<'_>]) -> Option<String> {
    let pins: Vec<&Pin<'_>> = pins
        .iter()
        .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        .collect();
    let points: Vec<(f64, f64)> = pins.iter().map(|p| (p.lat, p.lon)).collect();
    let view = View::around_all(&points, INDEX_MAP_WIDTH)?;
    let markers: Vec<Marker<'_>> = pins
        .iter()
        .map(|p| Marker {
            lat: p.lat,
            lon: p.lon,
            label: p.name,
            href: Some(p.href),
        })
        .collect();
    Some(map_svg(data::world(), &view, Kind::Index, title, &markers))
}

/// `43.12° N, 131.89° E`: up to four decimals, hemispheres as letters.
fn coords_text(lat: f64, lon: f64) -> String {
    let part = |v: f64, pos: char, neg: char| {
        let text = format!("{:.4}", v.abs());
        let text = text.trim_end_matches('0').trim_end_matches('.');
        let south_or_west = v < 0.0 && text != "0";
        format!("{text}° {}", if south_or_west { neg } else { pos })
    };
    format!("{}, {}", part(lat, 'N', 'S'), part(lon, 'E', 'W'))
}

#[cfg(test)]
mod tests;
