//! Dates as templates, feeds and `<time>` elements want them.

use chrono::{Datelike, Timelike};
use serde::Serialize;

use crate::model::{MONTH_NAMES, Timestamp};

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
    use std::fmt::Write as _;
    let (year, month, day) = (t.date.year(), t.date.month(), t.date.day());
    let month_name = MONTH_NAMES
        .get(month.saturating_sub(1) as usize)
        .unwrap_or(&"");
    // Writing into a `String` cannot fail. chrono's `format` would read its pattern
    // anew for every date, which made dates a visible part of rendering a timeline.
    let year_text = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        // chrono's sign and width for years outside four digits.
        t.date.format("%Y").to_string()
    };
    let (mut iso, mut display) = (String::with_capacity(25), String::with_capacity(24));
    let _ = write!(iso, "{year_text}-{month:02}-{day:02}");
    let _ = write!(display, "{day} {month_name} {year_text}");
    if let Some(time) = t.time {
        let (hour, minute, second) = (time.hour(), time.minute(), time.second());
        let _ = write!(iso, "T{hour:02}:{minute:02}:{second:02}");
        if let Some(offset) = t.offset_seconds {
            iso.push_str(&offset_text(offset));
        }
        let _ = write!(display, ", {hour:02}:{minute:02}");
    }
    DateValue { iso, display, year }
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

    /// What chrono's own formatting gives, which `date_value` must match.
    fn chrono_value(t: &Timestamp) -> DateValue {
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
            year: t.date.year(),
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let days = [
            (1, 1, 1),
            (9, 12, 31),
            (999, 6, 15),
            (1969, 7, 20),
            (2000, 2, 29),
            (2024, 10, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 3),
            (-44, 3, 15),
            (0, 1, 1),
        ];
        let times = [None, Some((0, 0)), Some((9, 5)), Some((23, 59))];
        let offsets = [None, Some(0), Some(-(5 * 3600 + 1800)), Some(14 * 3600)];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            for month in 1..=12 {
                let date = date.with_month(month).unwrap_or(date);
                for time in times {
                    for offset in offsets {
                        let t = Timestamp {
                            date,
                            time: time.and_then(|(h, min)| NaiveTime::from_hms_opt(h, min, 7)),
                            offset_seconds: offset,
                        };
                        assert_eq!(date_value(&t), chrono_value(&t), "{t:?}");
                    }
                }
            }
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
