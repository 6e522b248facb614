//! Tera's errors turned into diagnostics: the template file, and the line where Tera
//! gives one.

use std::error::Error as _;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// An error and every error that caused it, joined into one line.
pub fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// A syntax error in template `name` (read from `path`, whose text is `text`), placed at
/// the line and column Tera's parser reports (`--> 3:9`).
pub fn syntax_diagnostic(name: &str, path: &Path, text: &str, error: &tera::Error) -> Diagnostic {
    let full = error_chain(error);
    let reason = full
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .unwrap_or_else(|| full.lines().next().unwrap_or("").trim());
    let diagnostic = Diagnostic::error(
        "template-syntax",
        format!("syntax error in template `{name}`: {reason}"),
    );
    match line_and_column(&full) {
        Some((line, column)) => diagnostic.at(Location::from_line_col(path, text, line, column, 1)),
        None => diagnostic.in_file(path),
    }
}

/// The `line:column` after the first `-->` in a parser message.
fn line_and_column(message: &str) -> Option<(usize, usize)> {
    let rest = message.split("-->").nth(1)?.trim_start();
    let position = rest.split_whitespace().next()?;
    let (line, column) = position.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_file_line_and_reason() {
        let text = "<p>\n{% if x %}\n{{ y }\n{% endif %}\n";
        let error = tera::Template::new("t.html", None, text).expect_err("bad template");
        let d = syntax_diagnostic("t.html", Path::new("templates/t.html"), text, &error);
        let location = d.location.as_ref().expect("a location");
        assert_eq!(location.file, Path::new("templates/t.html"));
        assert_eq!(location.line, 3, "{}", d.render());
        assert!(
            d.message
                .starts_with("syntax error in template `t.html`: expected"),
            "{}",
            d.message
        );
    }
}
