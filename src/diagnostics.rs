//! One diagnostics type for every stage, and a rustc-style renderer for it.
//!
//! Stages never print: they return [`Diagnostic`]s, and the CLI renders them with
//! [`Diagnostic::render`]. Keeping the renderer here (and small) means the report format
//! does not depend on any outside crate's API.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build (exit status 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site cannot be built correctly until this is fixed.
    Error,
    /// The site builds, but something is probably not what the author meant.
    Warning,
}

/// A place in a source file, with the line it is on, ready to be shown to a user.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters to underline (at least one is shown).
    pub length: usize,
    /// The whole text of the line, without its line ending.
    pub line_text: String,
}

impl Location {
    /// The location of the byte range `start..start + len` in `text` (the whole file).
    ///
    /// Offsets that fall inside a character or past the end are clamped, so this never
    /// panics on any input.
    pub fn from_offset(file: impl Into<PathBuf>, text: &str, start: usize, len: usize) -> Self {
        let start = floor_char_boundary(text, start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..line_start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, (start + len).min(line_end));
        let length = text[start..end.max(start)].chars().count();
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        Location {
            file: file.into(),
            line,
            column,
            length,
            line_text,
        }
    }

    /// The location of a 1-based line and column in `text`; `length` is in characters.
    pub fn from_line_col(
        file: impl Into<PathBuf>,
        text: &str,
        line: usize,
        column: usize,
        length: usize,
    ) -> Self {
        let line_text = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string();
        Location {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            length,
            line_text,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A problem found in a site, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// A short stable name for the kind of problem, e.g. `quote-not-found`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// Where it is, when it is somewhere in particular.
    pub location: Option<Location>,
    /// A few words printed under the marked text.
    pub label: Option<String>,
    /// Extra facts (`= note: ...`).
    pub notes: Vec<String>,
    /// Ways forward (`= help: ...`).
    pub help: Vec<String>,
}

impl Diagnostic {
    /// A new error with a code and a message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            notes: Vec::new(),
            help: Vec::new(),
        }
    }

    /// A new warning with a code and a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// This diagnostic, placed at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// This diagnostic, placed at the start of a file that has no particular line to show.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            length: 0,
            line_text: String::new(),
        });
        self
    }

    /// This diagnostic, with a label under the marked text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// This diagnostic, with one more note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// This diagnostic, with one more piece of help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key diagnostics are sorted by: file, line, column, then code and message.
    fn sort_key(&self) -> (Option<(&Path, usize, usize)>, &'static str, &str) {
        (
            self.location
                .as_ref()
                .map(|l| (l.file.as_path(), l.line, l.column)),
            self.code,
            &self.message,
        )
    }

    /// The diagnostic as rustc-style plain text, ending with a newline.
    ///
    /// ```text
    /// error[quote-not-found]: the quote is not in the article
    ///   --> content/briefings/visit.yaml:12:12
    ///    |
    /// 12 |   - quote: arived in Russia
    ///    |            ^^^^^^^^^^^^^^^^ not found
    ///    |
    ///    = help: did you mean `arrived in Russia` (line 13)?
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{kind}[{}]: {}", self.code, self.message);
        let gutter = self
            .location
            .as_ref()
            .filter(|l| l.line > 0)
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = &self.location {
            if loc.line == 0 {
                let _ = writeln!(
                    out,
                    "{pad}--> {}",
                    without_controls(&loc.file.display().to_string(), true)
                );
            } else {
                let _ = writeln!(
                    out,
                    "{pad}--> {}:{}:{}",
                    without_controls(&loc.file.display().to_string(), true),
                    loc.line,
                    loc.column
                );
                let (shown, indent, length) = clip_line(loc);
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{} | {}", loc.line, shown.trim_end());
                let carets = "^".repeat(length.max(1));
                let label = self
                    .label
                    .as_deref()
                    .map(|l| format!(" {l}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "{pad} | {}{carets}{label}", " ".repeat(indent));
            }
        }
        if !self.notes.is_empty() || !self.help.is_empty() {
            if self.location.as_ref().is_some_and(|l| l.line > 0) {
                let _ = writeln!(out, "{pad} |");
            }
            for note in &self.notes {
                let _ = writeln!(out, "{pad} = note: {}", indent_continuation(note, gutter));
            }
            for help in &self.help {
                let _ = writeln!(out, "{pad} = help: {}", indent_continuation(help, gutter));
            }
        }
        without_controls(&out, false)
    }
}

/// `text` with its control characters written as escapes (`\u{1b}`), so that a report
/// never drives the terminal it is printed on (a file name or a YAML value can hold an
/// escape sequence). Line breaks are kept unless `line_breaks` escapes them too.
fn without_controls(text: &str, line_breaks: bool) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && (line_breaks || c != '\n'))
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && (line_breaks || c != '\n') {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The most characters of a source line shown in a report; longer lines are clipped
/// around the marked text (pasted articles and hostile files can have very long lines).
const MAX_SHOWN: usize = 100;

/// The line as shown (tabs expanded, clipped around the mark with `…`), the column the
/// carets start at, and how many carets.
fn clip_line(loc: &Location) -> (String, usize, usize) {
    let chars: Vec<char> = loc
        .line_text
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            // A control character could drive the terminal; show one column in its place.
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    let start = (loc.column - 1).min(chars.len());
    let length = loc.length.min(chars.len() - start).max(1);
    if chars.len() <= MAX_SHOWN {
        let indent = columns(&chars[..start]);
        let length = columns(&chars[start..(start + length).min(chars.len())]).max(1);
        return (chars.iter().collect(), indent, length);
    }
    let length = length.min(MAX_SHOWN - 20);
    let from = start.saturating_sub(20);
    let to = (from + MAX_SHOWN).min(chars.len());
    let mut shown = String::new();
    let mut indent = columns(&chars[from..start]);
    if from > 0 {
        shown.push('…');
        indent += 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    let length = columns(&chars[start..(start + length).min(chars.len())]).max(1);
    (shown, indent, length)
}

/// How many terminal columns `chars` take: two for wide (CJK) characters, none for
/// combining marks, so that the carets stand under what they point at.
fn columns(chars: &[char]) -> usize {
    chars
        .iter()
        .map(|&c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

/// Indents the second and later lines of a multi-line note so they line up after `= note: `.
fn indent_continuation(text: &str, gutter: usize) -> String {
    let indent = " ".repeat(gutter + 9);
    text.replace('\n', &format!("\n{indent}"))
}

/// Sorts diagnostics into the order they are reported in: by file, line and column.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_characters_not_bytes() {
        let text = "первая\n  - quote: Влади восток\n";
        let start = text.find("Влади").unwrap();
        let loc = Location::from_offset("a.yaml", text, start, "Влади".len());
        assert_eq!((loc.line, loc.column, loc.length), (2, 12, 5));
        assert_eq!(loc.line_text, "  - quote: Влади восток");
    }

    #[test]
    fn location_clamps_offsets_inside_a_character_or_past_the_end() {
        let text = "é";
        let loc = Location::from_offset("a", text, 1, 10);
        assert_eq!((loc.line, loc.column), (1, 1));
        let loc = Location::from_offset("a", text, 99, 1);
        assert_eq!(loc.line, 1);
    }

    #[test]
    fn renders_like_rustc() {
        let text = "annotations:\n  - quote: arived in Russia\n";
        let start = text.find("arived").unwrap();
        let d = Diagnostic::error("quote-not-found", "the quote is not in the article")
            .at(Location::from_offset("visit.yaml", text, start, 16))
            .label("not found")
            .help("did you mean `arrived in Russia` (line 13)?");
        assert_eq!(
            d.render(),
            "error[quote-not-found]: the quote is not in the article\n \
             --> visit.yaml:2:12\n  |\n2 |   - quote: arived in Russia\n  |            \
             ^^^^^^^^^^^^^^^^ not found\n  |\n  = help: did you mean `arrived in Russia` (line 13)?\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "person: \"p\u{1b}[31m\"\n";
        let report = Diagnostic::error("unknown-note", "no note `p\u{1b}[31m`")
            .at(Location::from_offset("a\u{1b}]0;x\u{7}\nb.md", text, 8, 7))
            .help("did you mean `q\u{1b}[2J`?")
            .render();
        assert!(
            !report.contains('\u{1b}') && !report.contains('\u{7}'),
            "{report:?}"
        );
        assert!(report.contains("no note `p\\u{1b}[31m`"), "{report}");
        assert!(
            report.contains("--> a\\u{1b}]0;x\\u{7}\\u{a}b.md:1:9"),
            "{report}"
        );
        assert!(report.contains("1 | person: \"p\u{FFFD}[31m\""), "{report}");
    }

    #[test]
    fn carets_stand_under_wide_characters() {
        let text = "  - { quote: 金正恩委员长, plce: x }\n";
        let at = text.find("plce").expect("key");
        let report = Diagnostic::error("x", "m")
            .at(Location::from_offset("f", text, at, 4))
            .render();
        let lines: Vec<&str> = report.lines().collect();
        // Six wide characters take twelve columns: the carets come after them.
        assert_eq!(lines[3], "1 |   - { quote: 金正恩委员长, plce: x }");
        assert_eq!(lines[4], format!("  | {}^^^^", " ".repeat(13 + 12 + 2)));
        let quote = text.find('金').expect("quote");
        let report = Diagnostic::error("x", "m")
            .at(Location::from_offset(
                "f",
                text,
                quote,
                "金正恩委员长".len(),
            ))
            .render();
        let carets = format!("  | {}{}", " ".repeat(13), "^".repeat(12));
        assert_eq!(report.lines().nth(4), Some(carets.as_str()));
    }

    #[test]
    fn very_long_lines_are_clipped_around_the_mark() {
        let text = format!("{}needle{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("x", "m").at(Location::from_offset("f", &text, 5000, 6));
        let report = d.render();
        assert!(report.len() < 400, "{report}");
        let lines: Vec<&str> = report.lines().collect();
        let code_line = lines[3];
        let caret_line = lines[4];
        let at = code_line.find("needle").expect("mark shown");
        let caret = caret_line.find('^').expect("carets");
        assert_eq!(
            code_line[..at].chars().count(),
            caret_line[..caret].chars().count(),
            "{report}"
        );
        assert!(code_line.contains('…'));
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut ds = vec![
            Diagnostic::error("b", "x").at(Location::from_line_col("b.md", "", 1, 1, 1)),
            Diagnostic::error("a", "y").at(Location::from_line_col("a.md", "", 9, 1, 1)),
            Diagnostic::error("a", "z").at(Location::from_line_col("a.md", "", 2, 1, 1)),
        ];
        sort(&mut ds);
        let order: Vec<_> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}
