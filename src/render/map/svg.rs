//! Writing a map as an inline SVG element: sea, land, borders, pins and their labels.

use std::fmt::Write as _;

use super::clip::{Point, Rect, clip_line, clip_ring};
use super::data::{Line, World};
use super::view::View;
use crate::render::escape::html_escape;

/// Radius of a pin, in canvas units.
const PIN_RADIUS: f64 = 6.0;
/// Gap between a pin's centre and its label.
const LABEL_GAP: f64 = PIN_RADIUS + 4.0;

/// A pin as the writer needs it: where, its label, and the link it leads to, if any.
pub(super) struct Marker<'a> {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// The visible label and the link's accessible name.
    pub label: &'a str,
    /// Where the pin links to (already a safe relative address), or `None`.
    pub href: Option<&'a str>,
}

/// What a map is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// One place's map: an image (`role="img"`, class `map-place`).
    Place,
    /// A map of several places whose pins are links (`role="group"`, class `map-index`).
    Index,
}

/// The complete `<svg>` element of a map; `name` is its accessible name.
pub(super) fn map_svg(
    world: &World,
    view: &View,
    kind: Kind,
    name: &str,
    markers: &[Marker<'_>],
) -> String {
    let (w, h) = (view.width, view.height);
    let name = html_escape(name);
    let (class, role, font_size) = match kind {
        Kind::Place => ("map-place", "img", 15.0),
        Kind::Index => ("map-index", "group", 14.0),
    };
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg class=\"map-svg {class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"{role}\" aria-label=\"{name}\"><title>{name}</title>\
         <rect class=\"map-sea\" fill=\"#d4e3f0\" width=\"{w}\" height=\"{h}\"/>"
    );
    let (land, borders) = outlines(world, view);
    if !land.is_empty() {
        let _ = write!(
            out,
            "<path class=\"map-land\" fill=\"#f2efe8\" fill-rule=\"evenodd\" d=\"{land}\"/>"
        );
    }
    if !borders.is_empty() {
        let _ = write!(
            out,
            "<path class=\"map-border\" fill=\"none\" stroke=\"#8a8a8a\" d=\"{borders}\"/>"
        );
    }
    write_markers(&mut out, view, font_size, markers);
    out.push_str("</svg>");
    out
}

/// The path data of the land and of the borders inside the view.
fn outlines(world: &World, view: &View) -> (String, String) {
    // A little past the canvas, so that rounding never leaves a gap at the edge.
    let rect = Rect {
        x0: -2.0,
        y0: -2.0,
        x1: view.width + 2.0,
        y1: view.height + 2.0,
    };
    let mut land = PathData::default();
    for ring in &world.land {
        for points in placed(ring, view) {
            land.ring(&clip_ring(&points, rect));
        }
    }
    let mut borders = PathData::default();
    for line in &world.borders {
        for points in placed(line, view) {
            for part in clip_line(&points, rect) {
                borders.line(&part);
            }
        }
    }
    (land.d, borders.d)
}

/// A line's points on the canvas, once for each turn of the globe (-360, 0, +360 degrees)
/// that brings it over the view. A point on a pole (where Antarctica's outline is closed)
/// is moved past it, so that land covers a view that reaches a little beyond the pole.
fn placed<'a>(line: &'a Line, view: &'a View) -> impl Iterator<Item = Vec<Point>> + 'a {
    let overlaps = line.south <= view.north && line.north >= view.south;
    view.shifts(line.west, line.east)
        .filter(move |_| overlaps)
        .map(move |shift| {
            line.points
                .iter()
                .map(|&(lon, lat)| {
                    let lat = if lat.abs() >= 90.0 { lat * 1.1 } else { lat };
                    view.project(lon + shift, lat)
                })
                .collect()
        })
}

/// SVG path data in whole canvas units, relative moves after the first point.
#[derive(Default)]
struct PathData {
    d: String,
}

impl PathData {
    fn ring(&mut self, points: &[Point]) {
        let mut rounded = round(points);
        while rounded.len() > 1 && rounded.first() == rounded.last() {
            rounded.pop();
        }
        if rounded.len() >= 3 {
            self.write(&rounded);
            self.d.push('z');
        }
    }

    fn line(&mut self, points: &[Point]) {
        let rounded = round(points);
        if rounded.len() >= 2 {
            self.write(&rounded);
        }
    }

    fn write(&mut self, points: &[(i64, i64)]) {
        let Some((&(x, y), rest)) = points.split_first() else {
            return;
        };
        let _ = write!(self.d, "M{x} {y}");
        let (mut px, mut py) = (x, y);
        let mut first = true;
        for &(x, y) in rest {
            if first {
                self.d.push('l');
            }
            push_number(&mut self.d, x - px, first);
            push_number(&mut self.d, y - py, false);
            first = false;
            (px, py) = (x, y);
        }
    }
}

/// Appends a number, with a space before it unless it starts the list or its minus sign
/// already separates it from the number before.
fn push_number(d: &mut String, n: i64, first: bool) {
    if !first && n >= 0 {
        d.push(' ');
    }
    let _ = write!(d, "{n}");
}

/// Points rounded to whole units, without repeats of the point just before.
fn round(points: &[Point]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(points.len());
    for &(x, y) in points {
        // Canvas coordinates are within a few units of the canvas: casting cannot overflow.
        let p = (x.round() as i64, y.round() as i64);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// A label placed beside its pin: the text's anchor point and alignment, and the box it
/// takes up.
struct Label {
    x: f64,
    y: f64,
    anchor: &'static str,
    area: Rect,
}

/// Pins and labels. Each label goes to the right of its pin, or else to the left, above
/// or below, wherever it stays on the canvas and clear of the labels already placed and
/// of every pin; a label that fits nowhere is left out (a linked pin keeps its name for
/// screen readers in `aria-label`, and as a tooltip in a `<title>`).
fn write_markers(out: &mut String, view: &View, font_size: f64, markers: &[Marker<'_>]) {
    let spots: Vec<Point> = markers
        .iter()
        .map(|m| view.project_place(m.lat, m.lon))
        .collect();
    let pin_areas: Vec<Rect> = spots
        .iter()
        .map(|&(x, y)| Rect {
            x0: x - PIN_RADIUS - 1.0,
            y0: y - PIN_RADIUS - 1.0,
            x1: x + PIN_RADIUS + 1.0,
            y1: y + PIN_RADIUS + 1.0,
        })
        .collect();
    let mut taken: Vec<Rect> = Vec::new();
    let _ = write!(
        out,
        "<g class=\"map-pins\" fill=\"#b3261e\" font-size=\"{font_size}\">"
    );
    for (i, (marker, &(x, y))) in markers.iter().zip(&spots).enumerate() {
        let label = html_escape(marker.label);
        let others = pin_areas
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, r)| r);
        let placed = place_label(view, (x, y), marker.label, font_size, &taken, others);
        let (x, y) = (fmt(x), fmt(y));
        match marker.href {
            Some(href) => {
                let _ = write!(
                    out,
                    "<a class=\"map-pin\" href=\"{}\" aria-label=\"{label}\">",
                    html_escape(href)
                );
                // A pin without a visible label still shows its name on hover.
                if placed.is_none() {
                    let _ = write!(out, "<title>{label}</title>");
                }
            }
            None => out.push_str("<g class=\"map-pin\">"),
        }
        let _ = write!(out, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{PIN_RADIUS}\"/>");
        if let Some(l) = placed {
            let anchor = match l.anchor {
                "start" => String::new(),
                other => format!(" text-anchor=\"{other}\""),
            };
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\"{anchor}>{label}</text>",
                fmt(l.x),
                fmt(l.y)
            );
            taken.push(l.area);
        }
        out.push_str(if marker.href.is_some() {
            "</a>"
        } else {
            "</g>"
        });
    }
    out.push_str("</g>");
}

fn place_label<'r>(
    view: &View,
    (x, y): Point,
    text: &str,
    font_size: f64,
    taken: &'r [Rect],
    pins: impl Iterator<Item = &'r Rect> + Clone,
) -> Option<Label> {
    // A generous estimate of the width of the text, bold, in a sans-serif font.
    let width = text.chars().count() as f64 * font_size * 0.62 + 4.0;
    let (above, below) = (font_size * 0.8, font_size * 0.3);
    let candidates = [
        (x + LABEL_GAP, y + font_size * 0.35, "start"),
        (x - LABEL_GAP, y + font_size * 0.35, "end"),
        (x, y - LABEL_GAP - below, "middle"),
        (x, y + LABEL_GAP + above, "middle"),
    ];
    candidates.into_iter().find_map(|(lx, ly, anchor)| {
        let x0 = match anchor {
            "start" => lx - 2.0,
            "end" => lx - width + 2.0,
            _ => lx - width / 2.0,
        };
        let area = Rect {
            x0,
            y0: ly - above,
            x1: x0 + width,
            y1: ly + below,
        };
        let on_canvas =
            area.x0 >= 0.0 && area.y0 >= 0.0 && area.x1 <= view.width && area.y1 <= view.height;
        let clear = !taken.iter().chain(pins.clone()).any(|r| overlap(r, &area));
        (on_canvas && clear).then_some(Label {
            x: lx,
            y: ly,
            anchor,
            area,
        })
    })
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/// A canvas coordinate with at most one decimal.
fn fmt(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v == v.trunc() {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::{PathData, fmt, push_number};

    #[test]
    fn paths_are_relative_and_compact() {
        let mut p = PathData::default();
        p.ring(&[(10.2, 10.0), (20.0, 10.4), (20.0, 5.0), (10.0, 10.0)]);
        assert_eq!(p.d, "M10 10l10 0 0-5z");
        p.line(&[(1.0, 1.0), (1.2, 1.3)]);
        assert_eq!(
            p.d, "M10 10l10 0 0-5z",
            "a line shorter than a unit is dropped"
        );
        p.line(&[(1.0, 1.0), (-3.0, 4.0)]);
        assert_eq!(p.d, "M10 10l10 0 0-5zM1 1l-4 3");
        let mut s = String::new();
        push_number(&mut s, -3, true);
        push_number(&mut s, 4, false);
        push_number(&mut s, -5, false);
        assert_eq!(s, "-3 4-5");
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        assert_eq!(fmt(240.0), "240");
        assert_eq!(fmt(12.345), "12.3");
        assert_eq!(fmt(-0.04), "0");
    }
}
