//! The facts box of a note: kind-specific fields in a fixed order with human labels,
//! then the note's own `facts:` in the order written.

use crate::diagnostics::Diagnostic;
use crate::model::Fact;
use crate::yaml::Step;

use super::check;
use super::raw::NoteFields;
use super::report::Report;

/// The facts of a note, and its coordinates when it is a place that has valid ones.
pub(crate) struct Facts {
    /// Label/value pairs in display order.
    pub facts: Vec<Fact>,
    /// Latitude and longitude, checked.
    pub coords: Option<(f64, f64)>,
}

/// The human label of a kind-specific key.
pub(crate) fn label_for(key: &str) -> &str {
    match key {
        "role" => "Role",
        "born" => "Born",
        "died" => "Died",
        "nationality" => "Nationality",
        "image" => "Image",
        "country" => "Country",
        "admin" => "Region",
        "population" => "Population",
        "coords" => "Coordinates",
        other => other,
    }
}

fn fact(key: &str, value: &Option<String>) -> Option<Fact> {
    let value = value.as_deref()?.trim();
    (!value.is_empty()).then(|| Fact {
        key: key.to_string(),
        label: label_for(key).to_string(),
        value: value.to_string(),
    })
}

/// Builds the facts of a note in `collection` (kind-specific fields of another kind are
/// reported elsewhere and left out here).
pub(crate) fn collect(report: &mut Report<'_>, collection: &str, f: &NoteFields) -> Facts {
    let mut facts = Vec::new();
    let mut coords = None;
    match collection {
        "people" => {
            facts.extend(fact("role", &f.role));
            facts.extend(fact("born", &f.born));
            facts.extend(fact("died", &f.died));
            facts.extend(fact("nationality", &f.nationality));
        }
        "places" => {
            facts.extend(fact("country", &f.country));
            facts.extend(fact("admin", &f.admin));
            let population = f.population.as_deref().and_then(|p| population(report, p));
            facts.extend(fact("population", &population));
            coords = f.coords.as_deref().and_then(|c| check_coords(report, c));
            if let Some((lat, lon)) = coords {
                facts.push(Fact {
                    key: "coords".into(),
                    label: "Coordinates".into(),
                    value: show_coords(lat, lon),
                });
            }
        }
        _ => {}
    }
    facts.extend(own_facts(report, f));
    Facts { facts, coords }
}

fn own_facts(report: &mut Report<'_>, f: &NoteFields) -> Vec<Fact> {
    let Some(keyed) = &f.facts else {
        return Vec::new();
    };
    let path = [Step::Key("facts")];
    report.duplicates(&path, keyed, "`facts:`");
    let mut out = Vec::new();
    for entry in &keyed.unknown {
        match check::optional(entry.value.clone()) {
            Some(value) => out.push(Fact {
                key: entry.key.clone(),
                label: entry.key.trim().to_string(),
                value: value.trim().to_string(),
            }),
            None => {
                let at = report.key_value(&path, &entry.key);
                report.push(
                    Diagnostic::error(
                        "bad-fact",
                        format!("the fact `{}` has no value to show", entry.key),
                    )
                    .at(at)
                    .help(
                        "write each fact as `Label: text or number`, one per line under `facts:`",
                    ),
                );
            }
        }
    }
    out
}

fn check_coords(report: &mut Report<'_>, c: &[f64]) -> Option<(f64, f64)> {
    let why = match c {
        [lat, lon] if !lat.is_finite() || !lon.is_finite() => "they must be numbers",
        [lat, _] if !(-90.0..=90.0).contains(lat) => "the latitude must be between -90 and 90",
        [_, lon] if !(-180.0..=180.0).contains(lon) => "the longitude must be between -180 and 180",
        [lat, lon] => return Some((*lat, *lon)),
        _ => "write two numbers, latitude then longitude",
    };
    let at = report.key_value(&[], "coords");
    let d = Diagnostic::error(
        "bad-coords",
        format!("these coordinates cannot be used: {why}"),
    )
    .at(at);
    // Longitude first, as GeoJSON and many maps write it.
    let swapped = match c {
        [lat, lon] => (-90.0..=90.0).contains(lon) && (-180.0..=180.0).contains(lat),
        _ => false,
    };
    report.push(match (swapped, c) {
        (true, [lat, lon]) => d.help(format!(
            "`coords` is `[latitude, longitude]`; if these were written the other way round: `coords: [{lon}, {lat}]` ({})",
            show_coords(*lon, *lat)
        )),
        _ => d.help("write `coords: [latitude, longitude]` in degrees, north and east positive, e.g. `coords: [43.12, 131.89]`"),
    });
    None
}

/// `43.12° N, 131.89° E`.
fn show_coords(lat: f64, lon: f64) -> String {
    let ns = if lat < 0.0 { 'S' } else { 'N' };
    let ew = if lon < 0.0 { 'W' } else { 'E' };
    format!("{}° {ns}, {}° {ew}", lat.abs(), lon.abs())
}

/// `600000` → `600,000`; anything that is not just digits is kept as written.
/// A place's population as shown (digits grouped), or `None` (reported) when it is a
/// negative number.
fn population(report: &mut Report<'_>, text: &str) -> Option<String> {
    let negative = text
        .trim()
        .strip_prefix(['-', '\u{2212}'])
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    if negative {
        let at = report.key_value(&[], "population");
        report.push(
            Diagnostic::error("bad-fact", "a population cannot be a negative number")
                .at(at)
                .help(
                    "write the number of people, such as `population: 604901`, or remove the line",
                ),
        );
        return None;
    }
    Some(group_digits(text))
}

fn group_digits(text: &str) -> String {
    let t = text.trim();
    if t.len() < 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(t.len() + t.len() / 3);
    for (i, c) in t.chars().enumerate() {
        if i > 0 && (t.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits("600000"), "600,000");
        assert_eq!(group_digits("12345678"), "12,345,678");
        assert_eq!(group_digits("1952"), "1952");
        assert_eq!(group_digits("about 600,000"), "about 600,000");
    }

    #[test]
    fn coordinates_read_as_hemispheres() {
        assert_eq!(show_coords(43.12, 131.89), "43.12° N, 131.89° E");
        assert_eq!(show_coords(-33.9, -70.5), "33.9° S, 70.5° W");
    }
}
