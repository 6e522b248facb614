//! Turning an [`AnchorError`] into a [`Diagnostic`] a person can act on.

use std::fmt::Write as _;

use super::difference::{Difference, difference};
use super::errors::{AnchorError, Candidate, Pick};
use super::fuzzy::bound;
use super::matching::{words_after, words_before};
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{Document, TextRange};

/// At most this many places are listed in one report.
const MAX_LISTED: usize = 10;
/// Words of context shown on each side of a place.
const CONTEXT_WORDS: usize = 4;

impl AnchorError {
    /// The report for this error. `at` is where the annotation's `quote` is (in the
    /// annotation file); `body_line_offset` is the number of lines before the Markdown body
    /// in its file, so that article lines are reported as file lines.
    pub fn to_diagnostic(
        &self,
        at: Location,
        doc: &Document<'_>,
        body_line_offset: usize,
    ) -> Diagnostic {
        self.report(at, doc, body_line_offset, None)
    }

    /// [`AnchorError::to_diagnostic`] for a quote that is not in the article but
    /// `elsewhere` in its briefing (the title, the summary, the Markdown's markup, said
    /// in words): that comes first, and nothing compares the quote with the article's
    /// text, though a close passage is still offered.
    pub fn to_diagnostic_elsewhere(
        &self,
        at: Location,
        doc: &Document<'_>,
        body_line_offset: usize,
        elsewhere: &str,
    ) -> Diagnostic {
        self.report(at, doc, body_line_offset, Some(elsewhere))
    }

    fn report(
        &self,
        at: Location,
        doc: &Document<'_>,
        body_line_offset: usize,
        elsewhere: Option<&str>,
    ) -> Diagnostic {
        let r = Reporter {
            doc,
            offset: body_line_offset,
        };
        let d = match self {
            AnchorError::EmptyQuote => Diagnostic::error(self.code(), "the quote is empty")
                .label("empty")
                .help("quote the words to annotate, exactly as a reader sees them in the article"),
            AnchorError::NotFound {
                quote,
                case_mismatch,
                suggestions,
                searched,
            } => {
                let d = r.not_found(*case_mismatch, suggestions, *searched, elsewhere);
                match (elsewhere, case_mismatch, suggestions.as_slice()) {
                    (None, None, &[one]) => match difference(quote, &r.shown(one)) {
                        Some(diff) => {
                            let at = narrowed(at, quote, &diff);
                            let d = d.note(diff.describe());
                            return match at.length < quote.chars().count() {
                                true => d.label("differs from the article").at(at),
                                false => d.at(at),
                            };
                        }
                        None => d,
                    },
                    _ => d,
                }
            }
            AnchorError::AcrossBlocks { places, .. } => r.across_blocks(places),
            AnchorError::InCodeBlock { lines, .. } => r.in_code_block(lines),
            AnchorError::Ambiguous { places, .. } => r.ambiguous(places),
            AnchorError::OccurrenceOutOfRange { wanted, found, .. } => {
                out_of_range(*wanted, *found)
            }
            AnchorError::TooManyMatches { found, .. } => Diagnostic::error(
                self.code(),
                format!(
                    "the quote matches {found} places; an annotation marks at most {}",
                    super::MAX_MATCHES
                ),
            )
            .label(format!("matches {found} places"))
            .help("quote a longer, more telling passage, or pick the places with `prefix:` or `suffix:`"),
            AnchorError::PrefixNotFound { prefix, places, .. } => {
                r.context_not_found(true, prefix, places)
            }
            AnchorError::SuffixNotFound { suffix, places, .. } => {
                r.context_not_found(false, suffix, places)
            }
        };
        d.at(at)
    }
}

/// `at` (the quote's value in its file) narrowed to the words that differ, when the
/// value is written there word for word as the quote (plain, or in quotes without
/// escapes, on one line).
fn narrowed(at: Location, quote: &str, diff: &Difference) -> Location {
    let value: Vec<char> = at
        .line_text
        .chars()
        .skip(at.column.saturating_sub(1))
        .collect();
    let value = &value[..at.length.min(value.len())];
    // Each word of the value with the character column it starts at.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in value.iter().chain(std::iter::once(&' ')).enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let written: String = value.iter().collect();
    let unquoted = written
        .strip_prefix(['"', '\''])
        .and_then(|w| w.strip_suffix(['"', '\'']))
        .unwrap_or(&written);
    let same = unquoted.split_whitespace().eq(quote.split_whitespace());
    let offset = usize::from(unquoted.len() != written.len());
    match (
        same,
        words.get(diff.words.start),
        words.get(diff.words.end - 1),
    ) {
        (true, Some(&(first, _)), Some(&(_, last))) => {
            // The first word of a quoted value starts after its quote mark.
            let first = if diff.words.start == 0 {
                first + offset
            } else {
                first
            };
            let last = if diff.words.end == words.len() {
                last - offset
            } else {
                last
            };
            Location {
                column: at.column + first,
                length: last.saturating_sub(first).max(1),
                ..at
            }
        }
        _ => at,
    }
}

struct Reporter<'r, 'a> {
    doc: &'r Document<'a>,
    offset: usize,
}

impl Reporter<'_, '_> {
    /// The file line of a reader-text range.
    fn line(&self, range: TextRange) -> usize {
        self.doc.line_column(self.doc.source_offset(range.start)).0 + self.offset
    }

    /// The reader text of a range, whitespace folded.
    fn shown(&self, range: TextRange) -> String {
        let text = self
            .doc
            .reader_text()
            .get(range.start..range.end)
            .unwrap_or("");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A few words on each side of a range, within its block: `…leader [Kim] Jong Un…`.
    fn context(&self, range: TextRange) -> String {
        let reader = self.doc.reader_text();
        let block = self
            .doc
            .blocks()
            .get(self.doc.block_at(range.start))
            .copied();
        let block = block.unwrap_or(TextRange {
            start: 0,
            end: reader.len(),
        });
        let before_text = reader
            .get(block.start.min(range.start)..range.start)
            .unwrap_or("");
        let after_text = reader
            .get(range.end..block.end.max(range.end))
            .unwrap_or("");
        let before: Vec<&str> = before_text.split_whitespace().collect();
        let after: Vec<&str> = after_text.split_whitespace().collect();
        let mut out = String::new();
        if before.len() > CONTEXT_WORDS {
            out.push('…');
        }
        out.push_str(&before[before.len().saturating_sub(CONTEXT_WORDS)..].join(" "));
        if !before.is_empty() && before_text.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        let _ = write!(out, "[{}]", self.shown(range));
        if !after.is_empty() && after_text.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&after[..after.len().min(CONTEXT_WORDS)].join(" "));
        if after.len() > CONTEXT_WORDS {
            out.push('…');
        }
        out
    }

    fn not_found(
        &self,
        case_mismatch: Option<TextRange>,
        suggestions: &[TextRange],
        searched: bool,
        elsewhere: Option<&str>,
    ) -> Diagnostic {
        let mut d = Diagnostic::error("quote-not-found", "the quote is not in the article");
        d = match elsewhere {
            Some(place) => d.label("not in the article").note(place),
            None => d.label("not found"),
        };
        if let Some(range) = case_mismatch {
            return d.help(format!(
                "matching is case-sensitive; the article has `{}` (line {})",
                self.shown(range),
                self.line(range)
            ));
        }
        // Identical passages are one suggestion with several lines.
        let mut options: Vec<(String, Vec<String>)> = Vec::new();
        for &range in suggestions {
            let (shown, line) = (self.shown(range), self.line(range).to_string());
            match options.iter_mut().find(|(s, _)| *s == shown) {
                Some((_, lines)) if !lines.contains(&line) => lines.push(line),
                Some(_) => {}
                None => options.push((shown, vec![line])),
            }
        }
        let options: Vec<String> = options
            .into_iter()
            .map(|(shown, lines)| match lines.len() {
                1 => format!("`{shown}` (line {})", lines[0]),
                _ => format!("`{shown}` (lines {})", join_and(&lines)),
            })
            .collect();
        match options.as_slice() {
            [] if !searched => {
                d = d.note(
                    "the article was not searched for a close passage: the quote and the \
                     article are too long, or this briefing's other quotes took the time allowed",
                )
            }
            [] if elsewhere.is_some() => {}
            [] => d = d.note("no passage of the article comes close to it"),
            [one] => d = d.help(format!("did you mean {one}?")),
            [first, rest @ ..] => {
                d = d.help(format!("did you mean {first} or {}?", rest.join(" or ")))
            }
        }
        d
    }

    fn across_blocks(&self, places: &[TextRange]) -> Diagnostic {
        let Some(&place) = places.first() else {
            return Diagnostic::error(
                "quote-across-blocks",
                "the quote runs across blocks of the article",
            );
        };
        let parts: Vec<String> = self
            .doc
            .blocks()
            .iter()
            .filter(|b| b.start < place.end && place.start < b.end)
            .map(|b| {
                self.shown(TextRange {
                    start: b.start.max(place.start),
                    end: b.end.min(place.end),
                })
            })
            .filter(|p| !p.is_empty())
            .collect();
        let count = match parts.len() {
            0..=2 => "two".to_string(),
            n => n.to_string(),
        };
        let end = TextRange {
            start: place.end.saturating_sub(1),
            end: place.end,
        };
        let listed: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
        Diagnostic::error(
            "quote-across-blocks",
            format!("the quote runs across {count} blocks of the article"),
        )
        .label("crosses a block boundary")
        .note(format!(
            "a quote must lie within one paragraph, heading, list item or table cell; \
                 this one starts on line {} and ends on line {}",
            self.line(place),
            self.line(end)
        ))
        .help(format!(
            "annotate each part separately: {}",
            join_and(&listed)
        ))
    }

    fn in_code_block(&self, lines: &[usize]) -> Diagnostic {
        let lines: Vec<String> = lines
            .iter()
            .map(|l| (l + self.offset).to_string())
            .collect();
        let at = match lines.len() {
            1 => format!("line {}", lines[0]),
            _ => format!("lines {}", join_and(&lines)),
        };
        Diagnostic::error(
            "quote-in-code-block",
            "the quote is only in a code block, and code blocks are not annotated",
        )
        .label("in a code block")
        .note(format!("it is in the code block at {at}"))
        .help("annotate text outside code blocks (inline `code` in a paragraph can be annotated)")
    }

    fn ambiguous(&self, places: &[Candidate]) -> Diagnostic {
        let mut where_ = String::from("it matches at");
        let mut how = String::from("pick one by adding");
        for c in places.iter().take(MAX_LISTED) {
            let line = self.line(c.range);
            let _ = write!(where_, "\nline {line}: {}", self.context(c.range));
            let _ = write!(how, "\n{} (line {line})", pick_text(&c.pick));
        }
        if places.len() > MAX_LISTED {
            let _ = write!(where_, "\n… and {} more", places.len() - MAX_LISTED);
            let _ = write!(how, "\n… or another `occurrence` up to {}", places.len());
        }
        how.push_str("\nor annotate every one with `occurrence: all`");
        Diagnostic::error(
            "quote-ambiguous",
            format!("the quote matches {} places in the article", places.len()),
        )
        .label(format!("matches {} places", places.len()))
        .note(where_)
        .help(how)
    }

    fn context_not_found(
        &self,
        is_prefix: bool,
        context: &str,
        places: &[TextRange],
    ) -> Diagnostic {
        let (code, key, side, relation) = match is_prefix {
            true => ("prefix-not-found", "prefix", "before", "after"),
            false => ("suffix-not-found", "suffix", "after", "before"),
        };
        let norm = self.doc.normalized();
        let wanted = super::normalize::normalize(context, super::normalize::Edges::Keep);
        let words = wanted.split_whitespace().count().max(1);
        let mut listing = format!(
            "the {key} is {}; {side} the quote the article has",
            yaml(context)
        );
        let mut closest: Option<(usize, String, usize)> = None;
        for &place in places.iter().take(MAX_LISTED) {
            let actual = match is_prefix {
                true => words_before(&norm.text, norm.from_reader(place.start), words),
                false => words_after(&norm.text, norm.from_reader(place.end), words),
            };
            let actual = actual.map_or_else(
                || {
                    edge_text(
                        &norm.text,
                        is_prefix,
                        norm.from_reader(place.start),
                        norm.from_reader(place.end),
                    )
                },
                str::to_string,
            );
            let line = self.line(place);
            let shown = match (actual.is_empty(), is_prefix) {
                (true, true) => "nothing (the quote starts the article)".to_string(),
                (true, false) => "nothing (the quote ends the article)".to_string(),
                (false, _) => yaml(&actual),
            };
            let _ = write!(listing, "\nline {line}: {shown}");
            let distance = strsim::levenshtein(actual.trim(), wanted.trim());
            if !actual.trim().is_empty() && closest.as_ref().is_none_or(|c| distance < c.0) {
                closest = Some((distance, actual, line));
            }
        }
        if places.len() > MAX_LISTED {
            let _ = write!(listing, "\n… and {} more", places.len() - MAX_LISTED);
        }
        let label = format!("never right {relation} the {key}");
        let d = Diagnostic::error(
            code,
            format!("the quote is in the article, but never right {relation} its {key}"),
        )
        .label(label)
        .note(listing);
        match closest {
            Some((distance, actual, line)) if distance <= bound(wanted.trim().chars().count()) => d
                .help(format!(
                    "did you mean `{key}: {}` (line {line})?",
                    yaml(&actual)
                )),
            _ => d.help(format!(
                "copy the {key} from the text just {side} the quote, or remove it"
            )),
        }
    }
}

/// What precedes (or follows) a place when there are fewer words than the context has.
fn edge_text(text: &str, is_prefix: bool, start: usize, end: usize) -> String {
    match is_prefix {
        true => text.get(..start).unwrap_or("").to_string(),
        false => text.get(end..).unwrap_or("").to_string(),
    }
}

fn out_of_range(wanted: usize, found: usize) -> Diagnostic {
    let code = "occurrence-out-of-range";
    if wanted == 0 {
        return Diagnostic::error(
            code,
            "`occurrence: 0` does not exist: occurrences count from 1",
        )
        .label("no occurrence 0")
        .help("use `occurrence: 1` for the first match, or `first`, `last` or `all`");
    }
    let places = if found == 1 {
        "one place".to_string()
    } else {
        format!("{found} places")
    };
    let d = Diagnostic::error(
        code,
        format!("`occurrence: {wanted}`, but the quote matches only {places}"),
    )
    .label(format!("matches {places}"));
    if found == 1 {
        d.help("remove `occurrence`: the quote is unique")
    } else {
        d.help(format!(
            "use a number from 1 to {found}, or `first`, `last` or `all`"
        ))
    }
}

/// How a [`Pick`] is written in an annotation.
fn pick_text(pick: &Pick) -> String {
    match pick {
        Pick::Prefix(p) => format!("`prefix: {}`", yaml(p)),
        Pick::Suffix(s) => format!("`suffix: {}`", yaml(s)),
        Pick::Occurrence(n) => format!("`occurrence: {n}`"),
    }
}

/// A YAML double-quoted string.
pub(crate) fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_are_quoted_and_escaped() {
        assert_eq!(yaml("leader "), "\"leader \"");
        assert_eq!(yaml("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
    }

    #[test]
    fn lists_read_naturally() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(join_and(&items[..1]), "a");
        assert_eq!(join_and(&items[..2]), "a and b");
        assert_eq!(join_and(&items), "a, b and c");
    }
}
