//! Output paths: plain relative paths that cannot leave the output folder.

/// Checks that `path` is a plain relative path made of normal segments separated by `/`
/// (no `..`, `.`, empty segments, backslashes, drive letters, NUL or leading `/`).
pub fn check_output_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty path".into());
    }
    if path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err(format!(
            "`{path}` contains a character not allowed in output paths"
        ));
    }
    for segment in path.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(format!("`{path}` is not a plain relative path"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_only() {
        for ok in ["index.html", "people/kim-jong-un/index.html", "a.b/c"] {
            assert!(check_output_path(ok).is_ok(), "{ok}");
        }
        for bad in ["", "/a", "a/", "../a", "a/./b", "a\\b", "c:x", "a\0b"] {
            assert!(check_output_path(bad).is_err(), "{bad:?}");
        }
    }
}
