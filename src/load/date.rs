//! Dates in front matter and annotations: `YYYY-MM-DD`, or an RFC 3339 date-time
//! (`2019-04-24T10:30:00+10:00`; the seconds, the offset and a space instead of `T` may
//! be left out). Problems are explained ("2019 has no 30 February"), not just refused.

use chrono::{NaiveDate, NaiveTime};

use crate::model::{MONTH_NAMES, Timestamp};

/// Parses a date or date-time; the error says what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    let (date_part, rest) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let date = parse_date(date_part)?;
    let Some(rest) = rest else {
        return Ok(Timestamp {
            date,
            time: None,
            offset_seconds: None,
        });
    };
    let (time_part, offset) = split_offset(rest.trim())?;
    Ok(Timestamp {
        date,
        time: Some(parse_time(time_part)?),
        offset_seconds: offset,
    })
}

fn shape_error() -> String {
    "dates are written `YYYY-MM-DD` (e.g. `2019-04-24`), optionally followed by a time \
     such as `T10:30:00+10:00`"
        .to_string()
}

fn number(part: &str, digits: usize) -> Option<u32> {
    if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(shape_error());
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return Err(shape_error());
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month}: months go from 01 to 12"
        ));
    }
    let year = i32::try_from(year).map_err(|_| shape_error())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let name = MONTH_NAMES[(month - 1) as usize];
        let last = days_in_month(year, month);
        if day == 0 {
            "days start at 01".to_string()
        } else {
            format!("{name} {year} has {last} days, so there is no {name} {day}")
        }
    })
}

/// The `YYYY-MM-DD` a date written another common way stands for, when only one date
/// fits: `2026-11-2`, `2026/11/02`, `20/11/2026` (20 cannot be a month),
/// `November 20, 2026`, `20 Nov 2026`. `None` when it is not a date, or could be two
/// (`05/04/2026`).
pub(crate) fn meant(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let month_named = |p: &str| -> Option<u32> {
        let p = p.to_ascii_lowercase();
        let found = MONTH_NAMES
            .iter()
            .position(|m| p.len() >= 3 && m.to_ascii_lowercase().starts_with(&p));
        found.and_then(|i| u32::try_from(i + 1).ok())
    };
    let (year, month, day) = match (num(a), num(b), num(c)) {
        (Some(y), Some(m), Some(d)) if a.len() == 4 => (y, m, d),
        (Some(x), Some(y2), Some(y)) if c.len() == 4 => match (x, y2) {
            (x, y2) if x > 12 && y2 <= 12 => (y, y2, x),
            (x, y2) if y2 > 12 && x <= 12 => (y, x, y2),
            (x, y2) if x == y2 => (y, x, x),
            _ => return None,
        },
        (None, Some(d), Some(y)) if c.len() == 4 => (y, month_named(a)?, d),
        (Some(d), None, Some(y)) if c.len() == 4 => (y, month_named(b)?, d),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let iso = date.format("%Y-%m-%d").to_string();
    (iso != text).then_some(iso)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

/// Splits `10:30:00+10:00` into the time and the offset in seconds.
fn split_offset(text: &str) -> Result<(&str, Option<i32>), String> {
    if let Some(time) = text.strip_suffix(['Z', 'z']) {
        return Ok((time, Some(0)));
    }
    let Some(i) = text.rfind(['+', '-']) else {
        return Ok((text, None));
    };
    let (time, offset) = text.split_at(i);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let mut parts = offset[1..].split(':');
    let (Some(h), Some(m), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!(
            "the time zone `{offset}` should look like `+10:00` or `Z`"
        ));
    };
    match (number(h, 2), number(m, 2)) {
        (Some(h), Some(m)) if h <= 23 && m <= 59 => {
            Ok((time, Some(sign * (h * 3600 + m * 60) as i32)))
        }
        _ => Err(format!(
            "the time zone `{offset}` should look like `+10:00` or `Z`"
        )),
    }
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let mut parts = clock.split(':');
    let (Some(h), Some(m), s, None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "the time `{text}` should look like `10:30` or `10:30:00`"
        ));
    };
    let seconds = match s {
        Some(s) => number(s, 2),
        None => Some(0),
    };
    let nanos = match fraction {
        None => Some(0),
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => f
            .parse::<u32>()
            .ok()
            .map(|n| n * 10u32.pow(9 - f.len() as u32)),
        Some(_) => None,
    };
    match (number(h, 2), number(m, 2), seconds, nanos) {
        (Some(h), Some(m), Some(s), Some(n)) => NaiveTime::from_hms_nano_opt(h, m, s, n)
            .ok_or_else(|| format!("`{text}` is not a time of day (00:00 to 23:59:59)")),
        _ => Err(format!(
            "the time `{text}` should look like `10:30` or `10:30:00`"
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_written_other_ways_are_read_when_only_one_fits() {
        use super::meant;
        assert_eq!(meant("2026-11-2").as_deref(), Some("2026-11-02"));
        assert_eq!(meant("2026/11/02").as_deref(), Some("2026-11-02"));
        assert_eq!(meant("20/11/2026").as_deref(), Some("2026-11-20"));
        assert_eq!(meant("11/20/2026").as_deref(), Some("2026-11-20"));
        assert_eq!(meant("20.11.2026").as_deref(), Some("2026-11-20"));
        assert_eq!(meant("November 20, 2026").as_deref(), Some("2026-11-20"));
        assert_eq!(meant("20 Nov 2026").as_deref(), Some("2026-11-20"));
        assert_eq!(meant("Sept. 3 2026").as_deref(), Some("2026-09-03"));
        // Two dates fit, or none does, or there is no year.
        assert_eq!(meant("05/04/2026"), None);
        assert_eq!(meant("2027-02-30"), None);
        assert_eq!(meant("April 5"), None);
        assert_eq!(meant("2026-11-02"), None);
        assert_eq!(meant("soon"), None);
    }

    use super::*;

    fn ok(text: &str) -> Timestamp {
        match parse(text) {
            Ok(t) => t,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    fn why(text: &str) -> String {
        match parse(text) {
            Ok(t) => panic!("{text} parsed as {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn plain_dates() {
        let t = ok("2019-04-24");
        assert_eq!(
            t.date,
            NaiveDate::from_ymd_opt(2019, 4, 24).unwrap_or_default()
        );
        assert_eq!((t.time, t.offset_seconds), (None, None));
        assert_eq!(ok(" 2020-02-29 ").date.to_string(), "2020-02-29");
    }

    #[test]
    fn date_times() {
        let t = ok("2019-04-24T10:30:00+10:00");
        assert_eq!(t.time.map(|t| t.to_string()), Some("10:30:00".into()));
        assert_eq!(t.offset_seconds, Some(36_000));
        assert_eq!(ok("2019-04-24T01:02:03Z").offset_seconds, Some(0));
        assert_eq!(ok("2019-04-24 10:30").offset_seconds, None);
        assert_eq!(
            ok("2019-04-24T10:30:00-03:30").offset_seconds,
            Some(-12_600)
        );
        assert_eq!(
            ok("2019-04-24T10:30:00.25Z").time.map(|t| t.to_string()),
            Some("10:30:00.250".into())
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            why("2019-02-30"),
            "February 2019 has 28 days, so there is no February 30"
        );
        assert!(why("2019-13-01").contains("no month 13"));
        assert!(why("2019-04-00").contains("start at 01"));
        assert!(why("24/04/2019").contains("YYYY-MM-DD"));
        assert!(why("2019-4-24").contains("YYYY-MM-DD"));
        assert!(why("2019-04-24T25:00").contains("time of day"));
        assert!(why("2019-04-24T10:30+1000").contains("time zone"));
        assert!(why("2019-04-24Tnoon").contains("10:30"));
        assert!(why("").contains("YYYY-MM-DD"));
    }
}
