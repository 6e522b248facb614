//! The `config` stage: `site.toml` → [`Config`].
//!
//! Every key has a default except `title`, and unknown keys are errors, so a typo in a
//! setting is reported instead of silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{MarkdownOptions, RawHtml};

/// The name of the settings file at the root of a site.
pub const CONFIG_FILE: &str = "site.toml";

/// Site settings, with every default filled in.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// Site title (required).
    pub title: String,
    /// One line describing the site, for the home page and the feed.
    pub description: Option<String>,
    /// Absolute URL the site is published at, ending in `/`; used for the feed, the
    /// sitemap and canonical links. Internal links are always relative.
    pub base_url: String,
    /// Language of the content, for `<html lang>` (default `en`).
    pub language: String,
    /// Theme name: `themes/<name>/`, or the embedded default theme.
    pub theme: String,
    /// Automatic mentions policy.
    pub auto_mentions: AutoMentions,
    /// Markdown options.
    pub markdown: MarkdownOptions,
    /// Note collections, keyed by collection name (`people`, `places`, and declared ones).
    pub collections: BTreeMap<String, Collection>,
}

/// Which occurrences of notes' names become links automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoMentions {
    /// The first occurrence in each briefing (default).
    #[default]
    First,
    /// Every occurrence.
    All,
    /// None: only explicit annotations.
    Off,
}

/// A collection of background notes (`content/<name>/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Collection name, which is also its folder and URL segment (`organizations`).
    pub name: String,
    /// The annotation key that mentions one of its notes (`organization`).
    pub singular: String,
    /// Title of its index page (`Organizations`).
    pub title: String,
}

impl Config {
    /// A hash of every setting: two configs with the same fingerprint make the same
    /// site from the same files (used to tell whether a rebuild may reuse earlier work).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        format!("{self:?}").hash(&mut hasher);
        // Zero means "nothing memoised yet" to the memos.
        hasher.finish().max(1)
    }
    /// The collection whose singular name is `key` (`person` → `people`).
    pub fn collection_for_key(&self, key: &str) -> Option<&Collection> {
        self.collections.values().find(|c| c.singular == key)
    }

    /// The path part of `base_url`, from the host's root: `/korea/` for
    /// `https://example.org/korea/`, `/` for a site at the root of its host.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// `base_url` joined with a site-relative path (`people/kim/` → absolute URL).
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    description: Option<String>,
    base_url: Option<String>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    mentions: RawMentions,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    collections: BTreeMap<String, RawCollection>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMentions {
    #[serde(default)]
    auto: AutoMentions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default = "yes")]
    smart_punctuation: bool,
    #[serde(default)]
    raw_html: RawHtmlSetting,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown {
            smart_punctuation: true,
            raw_html: RawHtmlSetting::Sanitize,
        }
    }
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawHtmlSetting {
    #[default]
    Sanitize,
    Trust,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    singular: String,
    title: Option<String>,
}

/// Whether `tag` has the shape of a BCP 47 language tag: subtags of letters and digits,
/// one to eight long, joined by hyphens, the first of two to eight letters (or `x` or
/// `i`, for private and old registered tags).
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_is_language = subtags.next().is_some_and(|first| {
        matches!(first, "x" | "i" | "X" | "I")
            || ((2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic()))
    });
    first_is_language
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}

/// The placeholder base URL used when `site.toml` sets none (feeds then carry it, and
/// `brief check` warns).
pub const PLACEHOLDER_BASE_URL: &str = "http://localhost/";

/// Parses the text of `site.toml` (`path` is only used in diagnostics).
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    // A byte-order mark that an editor saved is not part of the first key.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
    let mut problems = Vec::new();
    let mut collections = BTreeMap::new();
    for (name, singular, title) in [
        ("people", "person", "People"),
        ("places", "place", "Places"),
    ] {
        collections.insert(
            name.to_string(),
            Collection {
                name: name.into(),
                singular: singular.into(),
                title: title.into(),
            },
        );
    }
    for (name, raw_collection) in raw.collections {
        let at = key_location(path, text, &name);
        if !crate::slug::is_safe(&name) {
            problems.push(
                Diagnostic::error(
                    "bad-collection",
                    format!("`{name}` cannot be a collection name"),
                )
                .at(at)
                .help("use lowercase letters, digits and hyphens, e.g. `organizations`"),
            );
            continue;
        }
        if is_reserved_section(&name) {
            problems.push(
                Diagnostic::error(
                    "bad-collection",
                    format!("`{name}` is used by brief itself and cannot be a collection"),
                )
                .at(at)
                .help("choose another name, e.g. `organizations`"),
            );
            continue;
        }
        if collections.contains_key(&name) {
            problems.push(
                Diagnostic::error(
                    "bad-collection",
                    format!("`{name}` is built in and cannot be declared again"),
                )
                .at(at)
                .help("remove this table; people and places are always available"),
            );
            continue;
        }
        let clash = collections
            .values()
            .find(|c: &&Collection| c.singular == raw_collection.singular)
            .map(|c| c.name.clone());
        if let Some(other) = clash {
            problems.push(
                Diagnostic::error(
                    "bad-collection",
                    format!(
                        "collection `{name}` uses the singular `{}`, which `{other}` already uses",
                        raw_collection.singular
                    ),
                )
                .at(at)
                .help("give each collection its own `singular` name"),
            );
            continue;
        }
        if is_reserved_annotation_key(&raw_collection.singular) {
            problems.push(
                Diagnostic::error(
                    "bad-collection",
                    format!(
                        "`{}` is an annotation key already and cannot be a collection's singular",
                        raw_collection.singular
                    ),
                )
                .at(at)
                .help("choose another singular name"),
            );
            continue;
        }
        let title = raw_collection.title.unwrap_or_else(|| title_case(&name));
        collections.insert(
            name.clone(),
            Collection {
                name,
                singular: raw_collection.singular,
                title,
            },
        );
    }
    let base_url = match raw.base_url {
        None => PLACEHOLDER_BASE_URL.to_string(),
        Some(url) => match check_base_url(&url) {
            Ok(url) => url,
            Err(why) => {
                problems.push(
                    Diagnostic::error("bad-base-url", why)
                        .at(key_location(path, text, "base_url"))
                        .help("write an absolute http or https URL, e.g. `https://briefs.example.org/korea/`"),
                );
                PLACEHOLDER_BASE_URL.to_string()
            }
        },
    };
    if !is_language_tag(&raw.language) {
        problems.push(
            Diagnostic::error(
                "bad-language",
                format!("`{}` is not a language tag", raw.language.escape_debug()),
            )
            .at(key_location(path, text, "language"))
            .help("write a BCP 47 tag, such as `en`, `fr`, `pt-BR` or `zh-Hant`"),
        );
    }
    if raw.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("bad-title", "the site `title` is empty")
                .at(key_location(path, text, "title"))
                .help("give the site a title, e.g. `title = \"Korea desk\"`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        language: raw.language,
        theme: raw.theme,
        auto_mentions: raw.mentions.auto,
        markdown: MarkdownOptions {
            smart_punctuation: raw.markdown.smart_punctuation,
            raw_html: match raw.markdown.raw_html {
                RawHtmlSetting::Sanitize => RawHtml::Sanitize,
                RawHtmlSetting::Trust => RawHtml::Trust,
            },
        },
        collections,
    })
}

/// Checks and normalises a `base_url` (absolute http(s), ending in `/`).
pub fn check_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`base_url` must start with http:// or https://, not `{url}`"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`base_url` has no host: `{url}`"));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(format!(
            "`base_url` contains characters a URL cannot: `{}`",
            url.escape_debug()
        ));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "`base_url` cannot have a query (`?…`) or a fragment (`#…`): every page's address starts with it, `{url}`"
        ));
    }
    let authority = rest.split('/').next().unwrap_or(rest);
    if authority.contains('@') {
        return Err(
            "`base_url` holds a user name or password, which every page would publish".to_string(),
        );
    }
    // The port, if any: after the last `:`, unless that is inside `[…]` (IPv6).
    let port = match authority.rsplit_once(':') {
        Some((_, port)) if !authority.ends_with(']') => Some(port),
        _ => None,
    };
    if let Some(port) = port {
        let valid =
            port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0);
        if !valid {
            return Err(format!(
                "`base_url` has `{port}` for a port; a port is a number from 1 to 65535"
            ));
        }
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// URL segments brief uses for its own pages, which no collection may take.
fn is_reserved_section(name: &str) -> bool {
    matches!(
        name,
        "briefings" | "timeline" | "tags" | "search" | "static" | "assets"
    )
}

/// Keys of an annotation entry, which no collection's singular may take.
fn is_reserved_annotation_key(key: &str) -> bool {
    matches!(
        key,
        "quote"
            | "prefix"
            | "suffix"
            | "occurrence"
            | "note"
            | "said_by"
            | "event"
            | "link"
            | "tags"
    )
}

fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('-', " "),
        None => String::new(),
    }
}

/// The location of the first line that sets `key` (a best effort for semantic errors
/// found after parsing; TOML syntax errors carry their own span).
fn key_location(path: &Path, text: &str, key: &str) -> Location {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed.trim_start_matches('[').trim_start();
        let bare = match bare.strip_prefix("collections") {
            Some(rest) => rest.trim_start().trim_start_matches('.').trim_start(),
            None => bare,
        };
        // A key may be quoted (`[collections."a b"]`); the span is the name inside.
        let bare = bare
            .strip_prefix('"')
            .or_else(|| bare.strip_prefix('\''))
            .unwrap_or(bare);
        if bare.starts_with(key) {
            return Location::from_offset(
                path,
                text,
                offset + (line.len() - bare.len()).max(indent),
                key.len(),
            );
        }
        offset += line.len();
    }
    Location::from_offset(path, text, 0, 0)
}

/// The keys written at the top of `site.toml`, before any `[table]`.
const TOP_KEYS: [&str; 5] = ["title", "description", "base_url", "language", "theme"];

/// For an unknown key: the top-level key it belongs to when written under a table
/// (every key after `[mentions]` is one of its own), or the known key it misspells.
fn unknown_field_help(text: &str, error: &toml::de::Error) -> Option<String> {
    let message = error.message();
    let rest = message.split("unknown field `").nth(1)?;
    let key = rest.split('`').next()?;
    let expected: Vec<&str> = rest
        .split("expected ")
        .nth(1)
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let table = error.span().and_then(|span| {
        text.get(..span.start)?
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(str::to_string)
    });
    if let (true, Some(table)) = (TOP_KEYS.contains(&key), table) {
        return Some(format!(
            "`{key}` is a key of the whole site: move it above `{table}`, since every key after a table's name belongs to that table"
        ));
    }
    crate::load::suggest_closest(key, expected.iter().copied())
        .map(|close| format!("did you mean `{close}`?"))
}

fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error("bad-config", format!("{CONFIG_FILE}: {message}"));
    if let Some(span) = error.span() {
        diagnostic = diagnostic.at(Location::from_offset(path, text, span.start, span.len()));
    } else {
        diagnostic = diagnostic.in_file(path);
    }
    if let Some(help) = unknown_field_help(text, error) {
        diagnostic = diagnostic.help(help);
    } else if message.contains("unknown field") {
        diagnostic =
            diagnostic.help("see docs/configuration.md for every key of site.toml and its default");
    }
    if message.contains("missing field `title`") {
        diagnostic = diagnostic.help("add a line such as `title = \"Korea desk\"`");
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        parse(Path::new("site.toml"), text).expect("valid config")
    }

    fn parse_err(text: &str) -> String {
        let errors = parse(Path::new("site.toml"), text).expect_err("invalid config");
        errors.iter().map(Diagnostic::render).collect()
    }

    #[test]
    fn defaults_fill_every_key_but_title() {
        let config = parse_ok("title = \"Korea desk\"\n");
        assert_eq!(config.title, "Korea desk");
        assert_eq!(config.base_url, PLACEHOLDER_BASE_URL);
        assert_eq!(config.theme, "default");
        assert_eq!(config.language, "en");
        assert_eq!(config.auto_mentions, AutoMentions::First);
        assert_eq!(config.markdown, MarkdownOptions::default());
        let names: Vec<_> = config.collections.keys().collect();
        assert_eq!(names, ["people", "places"]);
    }

    #[test]
    fn the_base_path_is_the_base_url_from_the_host_root() {
        let at = |url: &str| {
            let text = format!("title = \"t\"\nbase_url = \"{url}\"\n");
            parse_ok(&text).base_path().to_string()
        };
        assert_eq!(at("https://x.org/korea/desk"), "/korea/desk/");
        assert_eq!(at("https://x.org"), "/");
        assert_eq!(at("http://localhost:1111/"), "/");
    }

    #[test]
    fn declared_collections_join_the_built_in_ones() {
        let config = parse_ok(
            "title = \"t\"\nbase_url = \"https://x.org/k\"\n[mentions]\nauto = \"all\"\n\
             [collections.organizations]\nsingular = \"organization\"\n",
        );
        assert_eq!(config.base_url, "https://x.org/k/");
        assert_eq!(config.auto_mentions, AutoMentions::All);
        let orgs = config.collection_for_key("organization").expect("declared");
        assert_eq!(
            (orgs.name.as_str(), orgs.title.as_str()),
            ("organizations", "Organizations")
        );
        assert_eq!(
            config.collection_for_key("person").map(|c| c.name.as_str()),
            Some("people")
        );
    }

    #[test]
    fn language_must_be_a_language_tag() {
        for good in [
            "en",
            "fr",
            "pt-BR",
            "zh-Hant-TW",
            "sr-Latn",
            "x-klingon",
            "de-CH-1996",
        ] {
            assert_eq!(
                parse_ok(&format!("title = \"t\"\nlanguage = \"{good}\"\n")).language,
                good
            );
        }
        for bad in [
            "",
            "not a tag!!",
            "e",
            "en-",
            "-en",
            "en--GB",
            "en_GB",
            "toolongsubtag",
        ] {
            let report = parse_err(&format!("title = \"t\"\nlanguage = \"{bad}\"\n"));
            assert!(report.contains("error[bad-language]"), "{bad}: {report}");
            assert!(report.contains("site.toml:2:"), "{bad}: {report}");
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let report = parse_err("title = \"t\"\nthem = \"dark\"\n");
        assert!(report.contains("unknown field `them`"), "{report}");
        assert!(report.contains("site.toml:2:1"), "{report}");
    }

    #[test]
    fn missing_title_says_how_to_fix_it() {
        let report = parse_err("theme = \"default\"\n");
        assert!(report.contains("missing field `title`"), "{report}");
        assert!(report.contains("help: add a line such as"), "{report}");
    }

    #[test]
    fn bad_base_url_and_bad_collections_are_all_reported() {
        let report = parse_err(
            "title = \"t\"\nbase_url = \"javascript:alert(1)\"\n\
             [collections.people]\nsingular = \"person\"\n\
             [collections.\"../x\"]\nsingular = \"x\"\n\
             [collections.groups]\nsingular = \"place\"\n",
        );
        assert!(report.contains("must start with http"), "{report}");
        assert!(report.contains("`people` is built in"), "{report}");
        assert!(
            report.contains("`../x` cannot be a collection name"),
            "{report}"
        );
        assert!(report.contains("which `places` already uses"), "{report}");
        // Each at its table's name, quoted or not.
        assert!(report.contains("site.toml:5:15"), "{report}");
        assert!(report.contains("site.toml:3:14"), "{report}");
        assert!(report.contains("site.toml:7:14"), "{report}");
    }

    #[test]
    fn a_base_url_that_would_break_or_leak_every_address_is_refused() {
        for (url, why) in [
            ("https://user:pass@example.org/", "user name or password"),
            ("https://example.org/x?q=1", "cannot have a query"),
            ("https://example.org/x#top", "or a fragment"),
            ("https://example.org:99999/", "`99999` for a port"),
            ("https://example.org:/", "`` for a port"),
            ("https://example.org:80a/", "`80a` for a port"),
            ("http://localhost/\u{0}/", "characters a URL cannot"),
        ] {
            match check_base_url(url) {
                Ok(ok) => panic!("{url} accepted as {ok}"),
                Err(e) => assert!(e.contains(why), "{url}: {e}"),
            }
        }
        for url in [
            "https://example.org:8080/k",
            "http://[::1]:8080/",
            "http://[::1]/",
            "https://example.org/a:b/",
        ] {
            assert!(check_base_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn a_misspelt_or_misplaced_key_is_told_what_to_write() {
        // A byte-order mark does not shift the column, nor show in the line.
        let report = parse_err("\u{feff}titel = \"t\"\n");
        assert!(report.contains("site.toml:1:1"), "{report}");
        assert!(!report.contains('\u{feff}'), "{report}");
        assert!(report.contains("did you mean `title`?"), "{report}");
        let report =
            parse_err("title = \"t\"\n[mentions]\nauto = \"all\"\nbase_url = \"https://x.org/\"\n");
        assert!(report.contains("site.toml:4:1"), "{report}");
        assert!(
            report.contains("`base_url` is a key of the whole site: move it above `[mentions]`"),
            "{report}"
        );
    }

    #[test]
    fn quoted_and_spaced_collection_names_are_found() {
        let report = parse_err("title = \"t\"\n[ collections . 'a b' ]\nsingular = \"ab\"\n");
        assert!(report.contains("site.toml:2:18"), "{report}");
    }
}
