//! Dates as templates, feeds and `<time>` elements want them.

use serde::Serialize;

use crate::model::Timestamp;

/// A date ready for a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// For `<time datetime>`: `2019-04-24`, or `2019-04-24T10:30:00+09:00` with a time.
    pub iso: String,
    /// For readers: `24 April 2019`, or `24 April 2019, 10:30` with a time.
    pub display: String,
    /// The year, for grouping (`2019`).
    pub year: i32,
}

/// The template value of a timestamp.
pub fn date_value(t: &Timestamp) -> DateValue {
    let mut iso = t.date.format("%Y-%m-%d").to_string();
    let mut display = t.date.format("%-d %B %Y").to_string();
    if let Some(time) = t.time {
        iso.push_str(&time.format("T%H:%M:%S").to_string());
        if let Some(offset) = t.offset_seconds {
            iso.push_str(&offset_text(offset));
        }
        display.push_str(&time.format(", %H:%M").to_string());
    }
    DateValue {
        iso,
        display,
        year: chrono::Datelike::year(&t.date),
    }
}

/// The timestamp as RFC 3339, as Atom requires: midnight when there is no time, UTC
/// when there is no offset.
pub fn rfc3339(t: &Timestamp) -> String {
    let time = t.time.map_or_else(
        || "00:00:00".to_string(),
        |time| time.format("%H:%M:%S").to_string(),
    );
    let offset = t
        .offset_seconds
        .map_or_else(|| "Z".to_string(), offset_text);
    format!("{}T{time}{offset}", t.date.format("%Y-%m-%d"))
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn stamp(time: Option<(u32, u32)>, offset: Option<i32>) -> Timestamp {
        Timestamp {
            date: NaiveDate::from_ymd_opt(2019, 4, 4).expect("date"),
            time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            offset_seconds: offset,
        }
    }

    #[test]
    fn dates_with_and_without_times() {
        let plain = date_value(&stamp(None, None));
        assert_eq!(
            (plain.iso.as_str(), plain.display.as_str()),
            ("2019-04-04", "4 April 2019")
        );
        let timed = date_value(&stamp(Some((9, 5)), Some(-(5 * 3600 + 1800))));
        assert_eq!(timed.iso, "2019-04-04T09:05:00-05:30");
        assert_eq!(timed.display, "4 April 2019, 09:05");
        assert_eq!(rfc3339(&stamp(None, None)), "2019-04-04T00:00:00Z");
        assert_eq!(
            rfc3339(&stamp(Some((9, 5)), Some(32400))),
            "2019-04-04T09:05:00+09:00"
        );
    }
}
