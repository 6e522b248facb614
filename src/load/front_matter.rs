//! Splitting a Markdown file into its YAML front matter and its body.
//!
//! The front matter starts on the first line with `---` and ends at the next line that is
//! `---` (or `...`); trailing spaces and Windows line endings are allowed.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::Doc;

/// Where the parts of a Markdown file are, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split {
    /// Start of the YAML (the line after the opening `---`).
    pub yaml_start: usize,
    /// End of the YAML (the start of the closing `---` line).
    pub yaml_end: usize,
    /// Start of the Markdown body (the line after the closing `---`).
    pub body_start: usize,
}

impl Split {
    /// `d` (a problem with the front matter's YAML in `text`) with a note when the front
    /// matter may not end where the author meant: a blank line inside it, before the
    /// problem, often means its closing `---` was forgotten and a `---` further down
    /// (a rule in the article) closed it instead.
    pub(crate) fn explain(&self, text: &str, mut d: Diagnostic) -> Diagnostic {
        let yaml = text.get(self.yaml_start..self.yaml_end).unwrap_or("");
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let Some(blank) = yaml.find("\n\n").or_else(|| yaml.find("\n\r\n")) else {
            return d;
        };
        let blank_line = line_of(self.yaml_start + blank + 1);
        let problem_line = d.location.as_ref().map_or(0, |l| l.line);
        if problem_line > blank_line {
            d = d.note(format!(
                "the front matter runs from line 1 to the `---` on line {}; if it should end \
                 at the blank line {blank_line}, write `---` there",
                line_of(self.yaml_end)
            ));
        }
        d
    }

    /// The front matter as a YAML document of the file.
    pub(crate) fn doc<'a>(&self, path: &'a Path, text: &'a str) -> Doc<'a> {
        Doc {
            path,
            text,
            start: self.yaml_start,
            end: self.yaml_end,
        }
    }
}

/// Lines of `text` with the byte offset each starts at.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

fn is_fence(line: &str, fences: &[&str]) -> bool {
    let line = line.trim_end();
    fences.contains(&line)
}

/// Finds the front matter of a Markdown file; `example` is what the front matter of
/// such a file looks like, for the help text.
pub(crate) fn split(path: &Path, text: &str, example: &str) -> Result<Split, Box<Diagnostic>> {
    let mut all = lines(text);
    let Some((_, first)) = all.next() else {
        return Err(Box::new(missing(path, text, example)));
    };
    if !is_fence(first, &["---"]) {
        return Err(Box::new(not_at_start(path, text, first, example)));
    }
    let yaml_start = first.len();
    for (start, line) in all {
        if is_fence(line, &["---", "..."]) {
            return Ok(Split {
                yaml_start,
                yaml_end: start,
                body_start: start + line.len(),
            });
        }
    }
    Err(Box::new(
        Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
            .at(Location::from_offset(path, text, 0, 3))
            .label("opened here")
            .help(
                "end the front matter with a line that holds only `---`, before the article text",
            ),
    ))
}

fn missing(path: &Path, text: &str, example: &str) -> Diagnostic {
    Diagnostic::error("no-front-matter", "this file has no front matter")
        .at(Location::from_offset(path, text, 0, 1))
        .help(format!(
            "start the file with a line `---`, then the keys, then `---` and the text, e.g.\n\
             ---\n{example}\n---"
        ))
}

fn not_at_start(path: &Path, text: &str, first: &str, example: &str) -> Diagnostic {
    let first = first.trim();
    if first == "+++" {
        return Diagnostic::error("no-front-matter", "brief reads YAML front matter, not TOML")
            .at(Location::from_offset(path, text, 0, 3))
            .help(format!(
                "open and close the front matter with `---` and write the keys in YAML, e.g.\n\
                 ---\n{example}\n---"
            ));
    }
    let fence_later = lines(text)
        .take_while(|(_, l)| l.trim().is_empty() || is_fence(l, &["---"]))
        .find(|(_, l)| is_fence(l, &["---"]));
    if let Some((start, _)) = fence_later {
        return Diagnostic::error(
            "no-front-matter",
            "the front matter must start on the first line",
        )
        .at(Location::from_offset(path, text, start, 3))
        .help("remove the blank lines before `---`");
    }
    missing(path, text, example)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "title: ...\ndate: 2019-04-24";

    fn ok(text: &str) -> Split {
        match split(Path::new("a.md"), text, EXAMPLE) {
            Ok(s) => s,
            Err(d) => panic!("{}", d.render()),
        }
    }

    fn err(text: &str) -> Diagnostic {
        match split(Path::new("a.md"), text, EXAMPLE) {
            Ok(s) => panic!("{s:?}"),
            Err(d) => *d,
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: x\n---\nBody\n";
        let s = ok(text);
        assert_eq!(&text[s.yaml_start..s.yaml_end], "title: x\n");
        assert_eq!(&text[s.body_start..], "Body\n");
    }

    #[test]
    fn accepts_crlf_trailing_spaces_dots_and_empty_front_matter() {
        let text = "--- \r\ntitle: x\r\n...\r\nBody";
        let s = ok(text);
        assert_eq!(&text[s.yaml_start..s.yaml_end], "title: x\r\n");
        assert_eq!(&text[s.body_start..], "Body");
        let s = ok("---\n---\n");
        assert_eq!((s.yaml_start, s.yaml_end, s.body_start), (4, 4, 8));
        let s = ok("---\ntitle: x\n---");
        assert_eq!(s.body_start, 16);
    }

    #[test]
    fn a_rule_in_the_body_is_not_a_fence() {
        let text = "---\ntitle: x\n---\nA\n\n---\n\nB\n";
        let s = ok(text);
        assert_eq!(&text[s.body_start..], "A\n\n---\n\nB\n");
    }

    #[test]
    fn missing_front_matter_says_how_to_start_one() {
        for text in ["", "# Title\n\nText\n"] {
            let d = err(text);
            assert_eq!(d.code, "no-front-matter");
            assert!(
                d.help[0].contains("start the file with a line `---`"),
                "{d:?}"
            );
        }
        let d = err("\n\n---\ntitle: x\n---\n");
        assert!(d.help[0].contains("blank lines"), "{d:?}");
        assert_eq!(d.location.map(|l| l.line), Some(3));
        let d = err("+++\ntitle = 'x'\n+++\n");
        assert!(d.message.contains("not TOML"), "{d:?}");
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening() {
        let d = err("---\ntitle: x\n\nBody\n");
        assert_eq!(d.code, "unclosed-front-matter");
        assert_eq!(d.location.map(|l| (l.line, l.column)), Some((1, 1)));
    }
}
