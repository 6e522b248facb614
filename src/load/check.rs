//! Checks on single values shared by briefings, annotations and notes: required text,
//! dates and URLs.

use crate::diagnostics::{Diagnostic, Location};
use crate::model::{LinkSpec, Timestamp};
use crate::yaml::Step;

use super::date;
use super::keyed::Keyed;
use super::raw::{LinkFields, LinkValue};
use super::report::Report;

/// `text` without surrounding whitespace, reusing its allocation when it has none.
pub(crate) fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// Text that may be left out: blank text counts as left out.
pub(crate) fn optional(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// Optional text that, when given, must not be blank: a blank value is reported
/// (`empty-value`) rather than ignored, since it is a value left unwritten.
pub(crate) fn not_blank(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    key: &str,
    value: Option<String>,
    what: &str,
) -> Option<String> {
    match value {
        Some(v) if v.trim().is_empty() => {
            let help = format!("write a value after `{key}:`, or remove the line");
            empty_value(report, path, key, what, help);
            None
        }
        other => other,
    }
}

/// Whether `key` is written in the mapping at `path` (with or without a value).
fn key_written(report: &Report<'_>, path: &[Step<'_>], key: &str) -> bool {
    !report.full() && crate::yaml::key_location(&report.doc, path, key, 0).is_some()
}

/// Reports the value of `key` at `path` as empty (`empty-value`).
fn empty_value(report: &mut Report<'_>, path: &[Step<'_>], key: &str, what: &str, help: String) {
    let at = report.key_value(path, key);
    let written: String = at
        .line_text
        .chars()
        .skip(at.column.saturating_sub(1))
        .take(at.length)
        .collect();
    let d = Diagnostic::error("empty-value", format!("`{key}` of {what} is empty")).at(at);
    // `null` and `~` are YAML's words for no value at all.
    report.push(match written.trim() {
        word @ ("null" | "Null" | "NULL" | "~") => d
            .note(format!("YAML reads `{word}` as no value"))
            .help(format!(
                "to mean the text, write it in quotes: `{key}: \"{word}\"`"
            )),
        _ => d.help(help),
    });
}

/// Text that must be given and not blank; reports `missing-key` or `empty-value`.
pub(crate) fn required(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    key: &str,
    value: Option<String>,
    what: &str,
) -> Option<String> {
    match value {
        Some(v) if !v.trim().is_empty() => Some(v),
        // `titel:` was reported with "did you mean `title`?": that says it all.
        None if report.misspelt(path, key) => None,
        None if !key_written(report, path, key) => {
            let at = if path.is_empty() && report.doc.start > 0 {
                // The front matter as a whole: point at its opening `---`.
                Location::from_offset(report.doc.path, report.doc.text, 0, 3)
            } else {
                report.value(path)
            };
            report.push(
                Diagnostic::error("missing-key", format!("{what} has no `{key}`"))
                    .at(at)
                    .help(format!("add `{key}: ...`; it is required")),
            );
            None
        }
        // Blank, or `title:` with nothing after it: the key is there, its value empty.
        _ => {
            empty_value(
                report,
                path,
                key,
                what,
                format!("write the {key} after `{key}:`"),
            );
            None
        }
    }
}

/// A date, if given; reports `bad-date` with the reason when it cannot be read.
pub(crate) fn date(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    key: &str,
    value: Option<&str>,
) -> Option<Timestamp> {
    let value = value?;
    match date::parse(value) {
        Ok(t) => Some(t),
        Err(why) => {
            let at = report.key_value(path, key);
            let d = Diagnostic::error(
                "bad-date",
                format!("`{}` is not a valid date: {why}", value.trim()),
            )
            .at(at)
            .label("bad date");
            report.push(match date::meant(value) {
                Some(iso) => d.help(format!("did you mean `{key}: {iso}`?")),
                None => d.help("write dates as `YYYY-MM-DD`, e.g. `2019-04-24`, or as `2019-04-24T10:30:00+10:00`"),
            });
            None
        }
    }
}

/// A URL, if given and safe; reports `unsafe-url` or `empty-value`. `path` leads to the
/// value itself.
pub(crate) fn url(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    url: Option<String>,
) -> Option<String> {
    let url = url?;
    let trimmed = url.trim();
    if trimmed.is_empty() {
        let at = report.value(path);
        report.push(
            Diagnostic::error("empty-value", "the URL is empty")
                .at(at)
                .help("write the address, e.g. `https://example.org/report`, or remove the key"),
        );
        return None;
    }
    if let Some(scheme) = crate::markdown::unsafe_scheme(trimmed) {
        let at = report.value(path);
        report.push(
            Diagnostic::error("unsafe-url", format!("`{scheme}` URLs are not allowed"))
                .at(at)
                .label("unsafe")
                .note("a link with this scheme can run code or smuggle content into the page")
                .help("link to an http, https or mailto address, or a path on this site"),
        );
        return None;
    }
    if trimmed.contains(char::is_whitespace) {
        let at = report.value(path);
        // Each white-space character as a browser would send it: its UTF-8 bytes.
        let encoded: String = trimmed
            .chars()
            .map(|c| match c.is_whitespace() {
                true => c
                    .encode_utf8(&mut [0; 4])
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect(),
                false => c.to_string(),
            })
            .collect();
        report.push(
            Diagnostic::error("bad-url", "an address cannot hold spaces")
                .at(at)
                .label("space")
                .help(format!("write each space as `%20`: `{encoded}`")),
        );
        return None;
    }
    if let Some(full) = missing_scheme(trimmed) {
        let at = report.value(path);
        report.push(
            Diagnostic::error(
                "bad-url",
                "this address has no `https://`, so it would be a path on this site",
            )
            .at(at)
            .label("no scheme")
            .help(format!("write it in full: `{full}`")),
        );
        return None;
    }
    Some(trimmed.to_string())
}

/// For an address written without its scheme (`www.reuters.com/x`, `example.org/report`):
/// the address with `https://`. A path on the site (`images/kim.jpg`, `/people/`,
/// `../x`) is not one: its first part is not a host name.
fn missing_scheme(url: &str) -> Option<String> {
    if url.contains(':') || url.starts_with(['/', '.', '#', '?']) {
        return None;
    }
    let host = url.split(['/', '?', '#']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last()?;
    let looks_like_host = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic());
    // `kim.jpg` or `notes.html` alone, or first in a path, is a file, not a host.
    const FILE_ENDINGS: [&str; 12] = [
        "html", "htm", "jpg", "jpeg", "png", "gif", "svg", "webp", "pdf", "txt", "md", "css",
    ];
    let file = FILE_ENDINGS.contains(&tld.to_ascii_lowercase().as_str());
    (looks_like_host && (!file || host.starts_with("www."))).then(|| format!("https://{url}"))
}

/// A link written as a URL or as `{ url, title }`; `path` leads to the value.
pub(crate) fn link(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    value: LinkValue,
) -> Option<LinkSpec> {
    match value {
        LinkValue::Url(u) => url(report, path, Some(u)).map(|url| LinkSpec { url, title: None }),
        LinkValue::Map(map) => link_map(report, path, map),
    }
}

fn link_map(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    map: Keyed<LinkFields>,
) -> Option<LinkSpec> {
    report.keys(path, &map, "a link");
    let LinkFields { url: raw, title } = map.fields;
    let mut url_path = path.to_vec();
    url_path.push(Step::Key("url"));
    let raw = required(report, path, "url", raw, "the link")?;
    let url = url(report, &url_path, Some(raw))?;
    Some(LinkSpec {
        url,
        title: optional(title),
    })
}

/// The tags written under `key` of the mapping at `path`, checked: blank ones left out,
/// one value with commas read as a list (`tags: deal, kremlin` is two tags), and a tag
/// with no letter or digit (`..`, `-`), which could have no page of its own, reported.
pub(crate) fn tags(
    report: &mut Report<'_>,
    path: &[Step<'_>],
    words: Option<super::raw::Words>,
) -> Vec<String> {
    let Some(super::raw::Words(words, written)) = words else {
        return Vec::new();
    };
    let split: Vec<String> = match written {
        super::raw::Written::One => words
            .iter()
            .flat_map(|w| w.split(','))
            .map(str::to_string)
            .collect(),
        super::raw::Written::List => words,
    };
    let mut out = Vec::with_capacity(split.len());
    for (i, tag) in split.into_iter().enumerate() {
        let tag = trimmed(tag);
        if tag.is_empty() {
            continue;
        }
        if !tag.chars().any(char::is_alphanumeric) {
            let mut at_tag: Vec<Step<'_>> = path.to_vec();
            at_tag.push(Step::Key("tags"));
            if written == super::raw::Written::List {
                at_tag.push(Step::Index(i));
            }
            let at = report.value(&at_tag);
            report.push(
                Diagnostic::error(
                    "bad-tag",
                    format!("`{tag}` is not a tag: it has no letter or digit"),
                )
                .at(at)
                .label("no letter or digit")
                .help("write the tag in words, such as `nuclear-talks`, or remove it"),
            );
            continue;
        }
        out.push(tag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_without_a_scheme_are_told_from_paths() {
        for (url, full) in [
            (
                "www.reuters.com/article/x",
                "https://www.reuters.com/article/x",
            ),
            ("example.org/report", "https://example.org/report"),
            ("ko.wikipedia.org", "https://ko.wikipedia.org"),
            ("www.example.html", "https://www.example.html"),
        ] {
            assert_eq!(missing_scheme(url).as_deref(), Some(full), "{url}");
        }
        for path in [
            "images/kim.jpg",
            "kim.jpg",
            "notes.html",
            "/people/kim/",
            "../x",
            "https://example.org",
            "mailto:desk@example.org",
            "report",
            "v1.2/notes",
            "#top",
        ] {
            assert_eq!(missing_scheme(path), None, "{path}");
        }
    }

    #[test]
    fn unsafe_schemes_are_found_through_disguises() {
        for bad in [
            "javascript:alert(1)",
            "  JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "data:text/html,<script>",
            "VBScript:msgbox",
        ] {
            assert!(crate::markdown::unsafe_scheme(bad).is_some(), "{bad:?}");
        }
        for good in [
            "https://x.org/javascript:",
            "mailto:a@b.org",
            "/people/kim/",
            "report.pdf",
        ] {
            assert_eq!(crate::markdown::unsafe_scheme(good), None, "{good:?}");
        }
    }
}
