//! Mapping a request path to a file of the site, refusing anything that could reach
//! outside the site folder.
//!
//! The request path is checked before it touches the file system (no `..` or `.`
//! segments, no empty segments, no encoded `/` or `\`, no backslashes, NUL or drive
//! letters, once percent-decoded), and the file found is checked again after resolving
//! symbolic links, so a link inside the site that points outside it is refused too.

use std::fs;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the site.
    File(PathBuf),
    /// A folder requested without its trailing slash: redirect to this path (with `/`).
    AddSlash(String),
    /// Nothing there.
    NotFound,
    /// The path is not allowed (it tries to leave the site, or is malformed).
    Forbidden,
}

/// Resolves the URL path `raw` (still percent-encoded, starting with `/`) against the
/// site folder `site`. Folders resolve to their `index.html`.
pub fn resolve(site: &Path, raw: &str) -> Resolved {
    let Some(segments) = segments(raw) else {
        return Resolved::Forbidden;
    };
    let mut candidate = site.to_path_buf();
    candidate.extend(&segments);
    let Ok(meta) = fs::metadata(&candidate) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !raw.ends_with('/') {
            return Resolved::AddSlash(format!("{raw}/"));
        }
        candidate.push("index.html");
    }
    confine(site, &candidate)
}

/// Checks that `file` (inside `site` by construction) still is once symbolic links are
/// resolved, and that it is a regular file.
fn confine(site: &Path, file: &Path) -> Resolved {
    let (Ok(site), Ok(real)) = (fs::canonicalize(site), fs::canonicalize(file)) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&site) {
        return Resolved::Forbidden;
    }
    match fs::metadata(&real) {
        Ok(meta) if meta.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// The decoded, checked segments of a request path, or `None` if the path is not allowed.
/// A trailing `/` gives no segment; every other segment must be a plain name.
fn segments(raw: &str) -> Option<Vec<String>> {
    let rest = raw.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.split('/').map(segment).collect()
}

/// Decodes one segment and checks that it is a plain file or folder name.
fn segment(encoded: &str) -> Option<String> {
    let decoded = percent_decode_str(encoded).decode_utf8().ok()?;
    let plain = !decoded.is_empty()
        && decoded != "."
        && decoded != ".."
        && !decoded.contains(['/', '\\', '\0', ':']);
    plain.then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_decode_to_segments() {
        assert_eq!(segments("/"), Some(vec![]));
        assert_eq!(
            segments("/people/kim-jong-un/"),
            Some(vec!["people".into(), "kim-jong-un".into()])
        );
        assert_eq!(segments("/a%20b.css"), Some(vec!["a b.css".into()]));
        assert_eq!(
            segments("/.well-known/x"),
            Some(vec![".well-known".into(), "x".into()])
        );
    }

    #[test]
    fn escaping_paths_are_refused() {
        for bad in [
            "",
            "relative",
            "/..",
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/a/./b",
            "/a%2fb",
            "/a%2F..%2Fb",
            "/a\\b",
            "/a%5cb",
            "//etc/passwd",
            "/a//b",
            "/%2fetc/passwd",
            "/a%00b",
            "/C:/Windows",
            "/%ff",
        ] {
            assert_eq!(segments(bad), None, "{bad:?}");
        }
    }
}
