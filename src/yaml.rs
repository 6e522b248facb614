//! The one module that talks to the YAML crates.
//!
//! Values are read with `serde_yaml` (the maintained fork `serde_norway`, renamed in
//! Cargo.toml), once per file. When a problem has to be reported at a particular entry
//! or key, the text is scanned again with `saphyr-parser`, whose events carry spans, to
//! find the line and column. That second scan only ever happens on the error path.
//!
//! Both work on a [`Doc`]: a whole YAML file, or the front matter of a Markdown file, so
//! that every [`Location`] is relative to the whole file the user edits.

use std::path::Path;

use saphyr_parser::{Event, Parser, Span};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};

/// A YAML document inside a file: the whole file's text (to show its lines) and the byte
/// range the YAML occupies in it.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The file, relative to the site root.
    pub path: &'a Path,
    /// The whole text of the file.
    pub text: &'a str,
    /// Byte offset where the YAML starts; always the start of a line.
    pub start: usize,
    /// Byte offset where the YAML ends.
    pub end: usize,
}

impl<'a> Doc<'a> {
    /// A file that is YAML from start to end (a sidecar).
    pub fn whole(path: &'a Path, text: &'a str) -> Self {
        Doc {
            path,
            text,
            start: 0,
            end: text.len(),
        }
    }

    /// The YAML text itself.
    pub fn yaml(&self) -> &'a str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    /// How many lines of the file come before the YAML.
    fn lines_before(&self) -> usize {
        self.text
            .get(..self.start)
            .map_or(0, |before| before.matches('\n').count())
    }

    /// The location of a 1-based line and column of the YAML, as a place in the whole
    /// file; `length` (in characters) is clamped to the end of the line.
    pub fn location(&self, line: usize, column: usize, length: usize) -> Location {
        let line = line.max(1) + self.lines_before();
        let mut location = Location::from_line_col(self.path, self.text, line, column, length);
        let room = location
            .line_text
            .chars()
            .count()
            .saturating_sub(location.column - 1);
        location.length = length.min(room).max(1);
        location
    }

    /// The first line of the YAML, for problems that belong to the document as a whole.
    pub fn start_location(&self) -> Location {
        let first = self.yaml().lines().next().unwrap_or("");
        self.location(1, 1, first.trim_end().chars().count())
    }
}

/// Reads a value of type `T` from the YAML of `doc`, with one parse.
///
/// Syntax errors, values of the wrong type and the safety limits of the parser (alias
/// expansion, nesting depth) all become one [`Diagnostic`] with the line shown (boxed:
/// it is the rare path).
pub fn from_str<T: DeserializeOwned>(doc: &Doc<'_>) -> Result<T, Box<Diagnostic>> {
    check_flow_depth(doc)?;
    check_expansion(doc)?;
    serde_yaml::from_str(doc.yaml()).map_err(|error| Box::new(diagnostic(doc, &error)))
}

/// The deepest nesting of `[ ]` and `{ }` the parser is given. Deeper, its scanner takes
/// time that grows with the square of the depth (100,000 brackets: 18 s); `serde_yaml`
/// would refuse anything past 128 levels anyway, but only after reading it all.
const MAX_FLOW_DEPTH: usize = 128;

/// Below this many brackets in all, the scan for their depth is skipped: they cannot
/// nest deep enough to be slow.
const FLOW_SCAN_FROM: usize = 1024;

/// Refuses YAML whose `[ ]` and `{ }` nest deeper than [`MAX_FLOW_DEPTH`], at the first
/// bracket past it, before the parser reads it. Brackets in quoted strings and comments
/// do not count.
fn check_flow_depth(doc: &Doc<'_>) -> Result<(), Box<Diagnostic>> {
    let yaml = doc.yaml();
    let brackets = yaml.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets < FLOW_SCAN_FROM {
        return Ok(());
    }
    let Some(at) = too_deep_bracket(yaml) else {
        return Ok(());
    };
    let location = Location::from_offset(doc.path, doc.text, doc.start + at, 1);
    Err(Box::new(
        Diagnostic::error("yaml-limit", headline("yaml-limit", ""))
            .at(location)
            .label("nested too deep")
            .note(format!(
                "`[ ]` and `{{ }}` nest more than {MAX_FLOW_DEPTH} levels deep here"
            ))
            .help("write the value as plain text, or in quotes if it holds brackets"),
    ))
}

/// The byte offset of the first `[` or `{` past [`MAX_FLOW_DEPTH`] levels, outside
/// quoted strings, comments and block scalars (`|`, `>`).
fn too_deep_bracket(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    // The indentation of the line that opened a block scalar, while in one.
    let mut block: Option<usize> = None;
    let mut line_start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if i == line_start {
            let indent = bytes[i..].iter().take_while(|&&c| c == b' ').count();
            let blank = matches!(bytes.get(i + indent), None | Some(b'\n' | b'\r'));
            match block {
                Some(opened) if blank || indent > opened => {
                    i = line_end(bytes, i) + 1;
                    line_start = i;
                    continue;
                }
                _ => block = None,
            }
        }
        match b {
            b'\n' => line_start = i + 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' | b'\'' if starts_scalar(bytes, line_start, i) => {
                i = quoted_end(bytes, i);
                line_start = bytes[..i]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(line_start, |n| n + 1);
            }
            b'|' | b'>'
                if depth == 0 && starts_scalar(bytes, line_start, i) && opens_block(bytes, i) =>
            {
                block = Some(
                    bytes[line_start..]
                        .iter()
                        .take_while(|&&c| c == b' ')
                        .count(),
                );
            }
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                i = line_end(bytes, i);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the line break that ends the line holding `i` (or the end).
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n)
}

/// Whether the byte at `i` can start a scalar: it follows the start of its line, an
/// indicator (`:`, `-`, `?`, `[`, `{`, `,`) and spaces, not a word (`Kim's` is plain text).
fn starts_scalar(bytes: &[u8], line_start: usize, i: usize) -> bool {
    let before = &bytes[line_start..i];
    let trimmed = before.trim_ascii_end();
    let spaced = trimmed.len() < before.len();
    match trimmed.last() {
        None => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b':' | b'-' | b'?') => spaced,
        Some(_) => false,
    }
}

/// Whether the `|` or `>` at `i` is a block scalar's header: only chomping and
/// indentation indicators, then spaces or a comment, up to the end of its line.
fn opens_block(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..line_end(bytes, i)];
    let header = rest
        .iter()
        .take_while(|c| matches!(c, b'-' | b'+' | b'0'..=b'9'))
        .count();
    let after = rest[header..].trim_ascii();
    after.is_empty() || after.first() == Some(&b'#')
}

/// The offset of the quote mark that closes the string opened at `open` (the end of the
/// text when it is never closed). `"` strings escape with a backslash, `'` ones by
/// doubling the quote.
fn quoted_end(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        if quote == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// The most text a YAML document may hold once its `*alias` references are expanded:
/// twice its own length, and at least 1 MiB. `serde_yaml` stops nested "billion laughs"
/// only; one long anchored value repeated a thousand times would be read in full.
fn expansion_limit(yaml: &str) -> usize {
    (2 * yaml.len()).max(1 << 20)
}

/// Refuses a document whose aliases expand it beyond [`expansion_limit`], at the alias
/// that crosses it. Only documents with both an anchor and an alias are scanned.
fn check_expansion(doc: &Doc<'_>) -> Result<(), Box<Diagnostic>> {
    let yaml = doc.yaml();
    if !(yaml.contains('&') && yaml.contains('*')) {
        return Ok(());
    }
    let limit = expansion_limit(yaml);
    // The size of each anchored node, and of each container still open (with its anchor).
    let mut anchored: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        let (size, anchor) = match event {
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                open.push((anchor, 0));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match open.pop() {
                Some((anchor, size)) => (size, anchor),
                None => continue,
            },
            Event::Scalar(text, _, anchor, _) => {
                total = total.saturating_add(text.len());
                (text.len() + 1, anchor)
            }
            Event::Alias(id) => {
                let size = anchored.get(&id).copied().unwrap_or(0);
                total = total.saturating_add(size);
                if total > limit {
                    let location = span_location(doc, span);
                    return Err(Box::new(
                        Diagnostic::error("yaml-limit", headline("yaml-limit", ""))
                            .at(location)
                            .label("expands too far")
                            .note(format!(
                                "its `*alias` references expand this YAML beyond {} KiB",
                                limit / 1024
                            ))
                            .help("write the values out instead of repeating `*alias` references"),
                    ));
                }
                (size, 0)
            }
            Event::StreamEnd => break,
            _ => continue,
        };
        if anchor != 0 {
            anchored.insert(anchor, size);
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
    Ok(())
}

/// What kind of problem a `serde_yaml` error message describes.
fn classify(message: &str) -> &'static str {
    const TYPE_ERRORS: [&str; 6] = [
        "invalid type",
        "invalid value",
        "invalid length",
        "missing field",
        "unknown field",
        "duplicate field",
    ];
    if message.contains("recursion limit exceeded") || message.contains("repetition limit") {
        "yaml-limit"
    } else if TYPE_ERRORS.iter().any(|t| message.contains(t)) {
        "yaml-type"
    } else {
        "yaml-syntax"
    }
}

fn diagnostic(doc: &Doc<'_>, error: &serde_yaml::Error) -> Diagnostic {
    let message = strip_positions(&error.to_string());
    let code = classify(&message);
    if code == "yaml-syntax" {
        if let Some(d) = error
            .location()
            .and_then(|at| unclosed_quote_report(doc, &message, at.line()))
        {
            return d;
        }
        if let Some(d) = missing_colon_report(doc, &error.to_string()) {
            return d;
        }
    }
    let location = match error.location() {
        Some(at) => {
            let (line, column) = text_line_column(doc.yaml(), at.line(), at.column());
            let line_text = doc.yaml().lines().nth(line.saturating_sub(1));
            let length = line_text.map_or(1, |l| match l.chars().nth(column.saturating_sub(1)) {
                Some('\t') => 1,
                _ => token_length(l, column),
            });
            doc.location(line, column, length)
        }
        None => doc.start_location(),
    };
    let has_tab = location.line_text.contains('\t');
    let quoted = quoted_value(&location.line_text).filter(|_| message.contains(MAPPING));
    let requoted = requoted(&location.line_text);
    let has_separator = doc
        .yaml()
        .lines()
        .skip(location.line.saturating_sub(doc.lines_before() + 2))
        .take(2)
        .any(|l| l.contains(LINE_SEPARATORS));
    let yaml_line = location.line.saturating_sub(doc.lines_before());
    let mut d = Diagnostic::error(code, headline(code, &message)).at(location);
    d = match code {
        "yaml-limit" => d.note(message).help(
            "write the values out instead of repeating `*alias` references, and nest less deeply",
        ),
        "yaml-type" => type_help(d, &message),
        _ if has_tab => d
            .label("tab")
            .help("YAML does not allow tabs for indentation: indent with spaces"),
        _ if has_separator => d.help(
            "this line holds a Unicode line or paragraph separator (U+2028, U+2029 or U+0085), \
             which YAML reads as a line break: remove it, or write the value in double quotes \
             with `\\u2028` in its place",
        ),
        _ => match (quoted, requoted) {
            (Some(fixed), _) => d.help(format!(
                "a value that holds `: ` must be in quotes: `{fixed}`"
            )),
            (None, Some((why, fixed))) => d.note(why).help(format!("write `{fixed}`")),
            (None, None) => match misindented(doc.yaml(), yaml_line) {
                // At the key itself: its indentation is what to change.
                Some((help, column, length)) => d
                    .at(doc.location(yaml_line, column, length))
                    .label("indented differently")
                    .help(help),
                None => {
                    d.help("check the indentation, the `:` after each key and the closing quotes")
                }
            },
        },
    };
    d
}

/// The report for a syntax error the parser noticed on `error_line` (1-based, in the
/// YAML) when a quoted value on an earlier line is never closed: the parser reads on
/// past it and gives up far from the mistake, so the report points at the opening quote.
fn unclosed_quote_report(doc: &Doc<'_>, message: &str, error_line: usize) -> Option<Diagnostic> {
    let (line, column) = unclosed_quote(doc.yaml(), error_line)?;
    let noticed = error_line + doc.lines_before();
    Some(
        Diagnostic::error("yaml-syntax", "this quote is never closed")
            .at(doc.location(line, column, 1))
            .label("opened here")
            .note(format!(
                "YAML read on to line {noticed} looking for its end, then stopped: {message}"
            ))
            .help("close the quote at the end of the value, on the same line"),
    )
}

/// The Unicode characters YAML 1.1 reads as line breaks where an editor shows none.
const LINE_SEPARATORS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// The report for a key written without its `:` (`place khasan`): the parser notices
/// only where the next key starts, so the report points at the line it began to read
/// as a key, which its message names.
fn missing_colon_report(doc: &Doc<'_>, raw: &str) -> Option<Diagnostic> {
    const KEY: &str = "while scanning a simple key at line ";
    // A Unicode line separator breaks a line where the reader sees none; the general
    // report says so.
    let separated = doc.yaml().contains(LINE_SEPARATORS);
    if !raw.contains("could not find expected ':'") || separated {
        return None;
    }
    let rest = &raw[raw.find(KEY)? + KEY.len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, column) = text_line_column(doc.yaml(), line.parse().ok()?, column.parse().ok()?);
    let text = doc.yaml().lines().nth(line.checked_sub(1)?)?;
    let written = text
        .chars()
        .skip(column.saturating_sub(1))
        .collect::<String>();
    let written = written.trim_end();
    let location = doc.location(line, column, written.chars().count().max(1));
    let d = Diagnostic::error(
        "yaml-syntax",
        format!("`{written}` has no `:` after its key"),
    )
    .at(location)
    .label("no `:` here");
    Some(match with_colon(written) {
        Some(fixed) => d.help(format!("write `{fixed}`")),
        None => d.help(
            "each line of a mapping is `key: value`, with a space after the colon; a \
             value that goes on from the line above is indented further than its key",
        ),
    })
}

/// Keys of brief's files whose values are often several words.
const TEXT_KEYS: [&str; 9] = [
    "quote", "note", "prefix", "suffix", "title", "summary", "name", "line", "author",
];

/// `key value` or `key:value` written as `key: value`, when its first word looks like a
/// key (letters, digits, `_` and `-`) and the rest like its value: one word, or any text
/// after a key whose values are text.
fn with_colon(written: &str) -> Option<String> {
    let end = written.find([' ', ':'])?;
    let (key, value) = written.split_at(end);
    let value = value.trim_start_matches(':').trim_start();
    let fits = !value.contains(' ') || TEXT_KEYS.contains(&key);
    (looks_like_key(key) && !value.is_empty() && fits).then(|| format!("{key}: {value}"))
}

/// Whether `word` looks like a key of brief's files: a letter, then letters, digits,
/// `_` and `-`.
fn looks_like_key(word: &str) -> bool {
    word.starts_with(|c: char| c.is_alphabetic())
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The first quoted value (`key: "…` or `- '…`) on a line before `before` (1-based)
/// whose quote is not closed on its line, as (line, column of the quote), both 1-based.
fn unclosed_quote(yaml: &str, before: usize) -> Option<(usize, usize)> {
    for (index, line) in yaml.lines().enumerate().take(before.saturating_sub(1)) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let mut value = trimmed;
        while let Some(rest) = value.strip_prefix("- ") {
            value = rest.trim_start();
        }
        if !value.starts_with(['"', '\'']) {
            match value.split_once(": ") {
                Some((_, rest)) => value = rest.trim_start(),
                None => continue,
            }
        }
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if !closes(&value[1..], quote) {
            let column = line[..line.len() - value.len()].chars().count() + 1;
            return Some((index + 1, column));
        }
    }
    None
}

/// Whether `rest` (what follows an opening quote) holds its closing quote: `\"` does not
/// close a double-quoted value, `''` does not close a single-quoted one.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// For a key on `line` (1-based) indented unlike the key of the line above it, which
/// has its value on its line (so it is a sibling, not a parent): how to line it up, and
/// the key's column (1-based, in characters) and length.
fn misindented(yaml: &str, line: usize) -> Option<(String, usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let current = lines.get(line.checked_sub(1)?)?;
    let indent = current.len() - current.trim_start_matches(' ').len();
    let key = current.trim_start().split_once(':')?.0;
    if !looks_like_key(key) {
        return None;
    }
    let above = lines[..line - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let content = above.trim_start_matches(' ');
    let mut column = above.len() - content.len();
    let mut entry = content;
    while let Some(rest) = entry.strip_prefix("- ") {
        let rest_trimmed = rest.trim_start_matches(' ');
        column += entry.len() - rest_trimmed.len();
        entry = rest_trimmed;
    }
    let (sibling, value) = entry.split_once(':')?;
    let has_value = !value.trim().is_empty() && !value.trim_start().starts_with('#');
    (looks_like_key(sibling) && has_value && column != indent).then(|| {
        let help = format!(
            "line `{key}:` up with `{sibling}:` above it: {} spaces before it, not {indent}",
            column
        );
        (help, indent + 1, key.chars().count())
    })
}

/// What the YAML parser says of a `: ` inside a plain value (`quote: He said: yes`).
const MAPPING: &str = "mapping values are not allowed";

/// `line` (`key: value`) with its value in double quotes, when the value is plain
/// (not quoted already) and holds `: `; a leading `- ` of a list item is left out.
fn quoted_value(line: &str) -> Option<String> {
    let (key, value) = line.split_once(": ")?;
    let key = key.trim_start();
    let key = key.strip_prefix("- ").unwrap_or(key).trim_start();
    let value = value.trim();
    let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (plain && value.contains(": ") && !key.is_empty()).then(|| {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{key}: \"{escaped}\"")
    })
}

/// For `key: "a quote" and more` or `key: 'it's'`, the two commonest slips with quote
/// marks: why YAML stops, and the line written so that it reads the whole value.
fn requoted(line: &str) -> Option<(&'static str, String)> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim_end();
    let open = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = &value[1..];
    let close = match open {
        // In double quotes, `\"` does not close.
        '"' => inner
            .char_indices()
            .find(|&(i, c)| c == '"' && !inner[..i].ends_with('\\'))
            .map(|(i, _)| i),
        _ => inner.find('\''),
    }?;
    let after = inner[close + 1..].trim();
    if after.is_empty() || after.starts_with('#') {
        return None;
    }
    let in_double = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let apostrophe = open == '\'' && inner[close + 1..].starts_with(char::is_alphanumeric);
    let (why, fixed) = if apostrophe {
        // `'Kim's visit'`: an apostrophe inside single quotes.
        let text = value.strip_suffix('\'').unwrap_or(value);
        (
            "inside single quotes, an apostrophe closes the value",
            format!("{key}: {}", in_double(&text[1..])),
        )
    } else {
        // `"successful and useful" visit`: the quote marks are part of the text.
        let fixed = match open {
            '"' => format!("{key}: '{}'", value.replace('\'', "''")),
            _ => format!("{key}: {}", in_double(value)),
        };
        (
            "a value that starts with a quote mark ends where the quote closes; text after it is an error",
            fixed,
        )
    };
    Some((why, fixed.trim_start().to_string()))
}

fn headline(code: &str, message: &str) -> String {
    match code {
        "yaml-limit" => "this YAML nests or repeats too much to be read safely".to_string(),
        "yaml-type" => plain_type_message(message),
        _ => format!("this is not valid YAML: {message}"),
    }
}

/// A type error in words an editor uses: `annotations[5].link: invalid type: sequence,
/// expected a URL` is "`link:` of annotation 6 is a list; expected a URL".
fn plain_type_message(message: &str) -> String {
    let Some((path, rest)) = message.split_once(": invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    format!(
        "{} is {}; expected {expected}",
        plain_path(path),
        plain_found(found)
    )
}

/// `annotations[5].link` as "`link:` of annotation 6"; `annotations[0]` as "annotation 1".
fn plain_path(path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        match index {
            Some(i) => {
                let one = match name {
                    "annotations" => "annotation",
                    "sources" => "source",
                    "aliases" => "alias",
                    "tags" => "tag",
                    other => other,
                };
                parts.push(format!("{one} {}", i + 1));
            }
            None => parts.push(format!("`{name}:`")),
        }
    }
    parts.reverse();
    parts.join(" of ")
}

/// What serde found, in plain words: `sequence` is "a list".
fn plain_found(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    match kind {
        "sequence" => "a list".to_string(),
        "map" => "a mapping (keys with values)".to_string(),
        "string" => format!("the text {value}"),
        "integer" | "floating" => format!(
            "the number {}",
            value.trim_start_matches("point ").trim_matches('`')
        ),
        "boolean" => format!("`{}`", value.trim_matches('`')),
        "unit" => "empty".to_string(),
        _ => found.to_string(),
    }
}

fn type_help(d: Diagnostic, message: &str) -> Diagnostic {
    if let Some(help) = type_help_for_value(message) {
        return d.help(help);
    }
    if message.contains("expected a boolean") {
        d.help("write `true` or `false` (`yes`, `no`, `on` and `off` are plain text in YAML 1.2)")
    } else if message.contains("expected a sequence") {
        d.help("write a list, either `[a, b]` or one `- item` per line")
    } else if message.contains("expected f64") || message.contains("expected a number") {
        d.help("write a number without quotes, e.g. `43.12`")
    } else {
        d
    }
}

/// Help for the commonest values of the wrong shape, from serde's message: a key and
/// its value with no `:` between them, an event written on one line, two links.
fn type_help_for_value(message: &str) -> Option<String> {
    let text = message
        .split_once("invalid type: string \"")
        .and_then(|(_, rest)| rest.split_once("\", expected "))
        .map(|(text, _)| text);
    if let Some(text) = text {
        if message.contains("expected an annotation") {
            let key = text.split(' ').next().unwrap_or_default();
            if ["quote", "note", "prefix", "suffix"].contains(&key) {
                return Some(format!(
                    "a `:` is missing after `{key}`: each line is `key: value`"
                ));
            }
        }
        if message.contains("expected an `event:` mapping") {
            let (date, title) = text.split_once(' ').unwrap_or((text, ""));
            let is_date = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            if is_date && !title.trim().is_empty() {
                return Some(format!(
                    "write `event: {{ date: {date}, title: {} }}`",
                    title.trim()
                ));
            }
            return Some("write `event: { date: YYYY-MM-DD, title: What happened }`".to_string());
        }
    }
    if message.contains(".link: invalid type: sequence") {
        return Some(
            "an annotation has one `link:`: give the other links their own annotations with the same `quote:`"
                .to_string(),
        );
    }
    None
}

/// The 1-based line and column (in characters) of `yaml` as the user's editor counts
/// them (lines end at `\n`), for a position that the YAML parser gives as a line and
/// column by YAML 1.1's rules, where `\r`, U+0085, U+2028 and U+2029 end lines too.
fn text_line_column(yaml: &str, line: usize, column: usize) -> (usize, usize) {
    if !yaml.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return (line, column);
    }
    let (mut yaml_line, mut yaml_column) = (1, 1);
    let (mut text_line, mut text_column) = (1, 1);
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        if yaml_line >= line && yaml_column >= column {
            break;
        }
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                (yaml_line, yaml_column) = (yaml_line + 1, 1);
                (text_line, text_column) = (text_line + 1, 1);
            }
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                (yaml_line, yaml_column) = (yaml_line + 1, 1);
                text_column += 1;
            }
            _ => {
                yaml_column += 1;
                text_column += 1;
            }
        }
    }
    (text_line, text_column)
}

/// Removes libyaml's ` at line L column C` (the location is shown separately).
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.trim_start_matches(|c: char| c.is_ascii_digit());
        match digits.strip_prefix(" column ") {
            Some(col) => rest = col.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// How many characters of `line`, from 1-based `column`, make up the value there: up to
/// a comment or the end of the line.
fn token_length(line: &str, column: usize) -> usize {
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    let value = rest.split(" #").next().unwrap_or("").trim_end();
    value.chars().count().max(1)
}

/// One step of a path into a YAML document: a mapping key or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of this key of a mapping.
    Key(&'a str),
    /// The element at this 0-based index of a list.
    Index(usize),
}

/// Where the value at `path` is written (the whole document for an empty path).
///
/// Returns `None` when the path is not in the document or the YAML cannot be scanned.
pub fn value_location(doc: &Doc<'_>, path: &[Step<'_>]) -> Option<Location> {
    find(doc, path, None).map(|span| span_location(doc, span))
}

/// Where the `nth` (0-based) occurrence of `key` is written as a key of the mapping at
/// `path`. Several occurrences only exist when a key is written twice.
pub fn key_location(doc: &Doc<'_>, path: &[Step<'_>], key: &str, nth: usize) -> Option<Location> {
    find(doc, path, Some((key, nth))).map(|span| span_location(doc, span))
}

fn span_location(doc: &Doc<'_>, span: Span) -> Location {
    let length = if span.end.line() == span.start.line() {
        span.end.col().saturating_sub(span.start.col())
    } else {
        usize::MAX
    };
    let mut location = doc.location(span.start.line(), span.start.col() + 1, length.max(1));
    let rest: String = location
        .line_text
        .chars()
        .skip(location.column - 1)
        .collect();
    location.length = location.length.min(scalar_length(&rest)).max(1);
    location
}

/// How many characters at the start of `rest` (the text from a value to the end of its
/// line) belong to the value: a quoted scalar up to its closing quote, anything else up
/// to a comment.
fn scalar_length(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return rest[..=i].chars().count(),
                    _ => escaped = false,
                }
            }
            rest.chars().count()
        }
        Some((_, '\'')) => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return rest[..=i].chars().count();
                }
                i += 1;
            }
            rest.chars().count()
        }
        _ => token_length(rest, 1),
    }
}

/// What the scanner is in the middle of.
enum Frame {
    /// A mapping: the key being read or whose value is being read.
    Map { key: Option<String>, at_key: bool },
    /// A list: the index of the element being read.
    Seq { index: usize },
}

impl Frame {
    fn step_matches(&self, step: &Step<'_>) -> bool {
        match (self, step) {
            (Frame::Map { key: Some(k), .. }, Step::Key(want)) => k == want,
            (Frame::Seq { index }, Step::Index(want)) => index == want,
            _ => false,
        }
    }
}

fn path_matches(frames: &[Frame], path: &[Step<'_>]) -> bool {
    frames.len() == path.len() && frames.iter().zip(path).all(|(f, s)| f.step_matches(s))
}

/// Scans `doc` for the value at `path`, or (with `key`) for a key of the mapping there.
fn find(doc: &Doc<'_>, path: &[Step<'_>], key: Option<(&str, usize)>) -> Option<Span> {
    let mut parser = Parser::new_from_str(doc.yaml());
    let mut frames: Vec<Frame> = Vec::new();
    let mut seen = 0;
    while let Some(Ok((event, span))) = parser.next_event() {
        let is_key = matches!(frames.last(), Some(Frame::Map { at_key: true, .. }));
        match event {
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {
                if is_key {
                    if let (Some((want, nth)), Event::Scalar(text, ..)) = (key, &event) {
                        let parent = &frames[..frames.len() - 1];
                        if text == want && path_matches(parent, path) {
                            if seen == nth {
                                return Some(span);
                            }
                            seen += 1;
                        }
                    }
                } else if key.is_none() && path_matches(&frames, path) {
                    return Some(match event {
                        Event::MappingStart(..) | Event::SequenceStart(..) => {
                            container_span(&mut parser, span)
                        }
                        _ => span,
                    });
                }
                match event {
                    Event::MappingStart(..) => frames.push(Frame::Map {
                        key: None,
                        at_key: true,
                    }),
                    Event::SequenceStart(..) => frames.push(Frame::Seq { index: 0 }),
                    Event::Scalar(text, ..) if is_key => set_key(&mut frames, text.into_owned()),
                    _ => node_done(&mut frames),
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                node_done(&mut frames);
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    None
}

/// The span of a whole list or mapping, from its start event to its end event.
fn container_span(parser: &mut Parser<'_, saphyr_parser::StrInput<'_>>, start: Span) -> Span {
    let mut depth = 1usize;
    while let Some(Ok((event, span))) = parser.next_event() {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => {
                depth -= 1;
                if depth == 0 {
                    return Span::new(start.start, span.end);
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    start
}

/// Records the key just read by the mapping on top of the stack.
fn set_key(frames: &mut [Frame], text: String) {
    if let Some(Frame::Map { key, at_key }) = frames.last_mut() {
        *key = Some(text);
        *at_key = false;
    }
}

/// Moves the container on top of the stack past the node that just ended.
fn node_done(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Map { key, at_key }) => {
            if *at_key {
                // A complex key (a list or mapping used as a key) ended: its value is next.
                *key = None;
                *at_key = false;
            } else {
                *at_key = true;
            }
        }
        Some(Frame::Seq { index }) => *index += 1,
        None => {}
    }
}

#[cfg(test)]
mod tests;
