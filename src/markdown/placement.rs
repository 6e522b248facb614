//! Where a range of reader text is: its block, its line and column in the Markdown, and
//! the sentence around it.

use super::document::{ceil_char_boundary, floor_char_boundary};
use super::{Document, Placement, Snippet, TextRange};

/// At most this many words of a sentence are kept before and after the range.
const SNIPPET_WORDS: usize = 30;

/// At most this many characters are kept before and after the range (for sentences
/// whose words are very long: URLs, runs of punctuation).
const SNIPPET_CHARS: usize = 400;

/// How many characters before and after the range are read to find the sentence: one
/// more than are kept, so a cut is seen. The rest of the block is not read, so placing
/// each of many ranges in one long paragraph costs the same as in a short one.
const SNIPPET_WINDOW: usize = SNIPPET_CHARS + 1;

/// Words ending in a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Gov",
    "Sen", "Rep", "Rev", "vs", "etc", "e.g", "i.e", "No", "Inc", "Co", "Corp", "U.S", "U.N", "U.K",
];

impl Document<'_> {
    /// Where `range` (of the reader text) is: block, 1-based line and column in the
    /// Markdown body, and the sentence around it.
    pub fn placement(&self, range: TextRange) -> Placement {
        let start = floor_char_boundary(&self.reader, range.start);
        let end = ceil_char_boundary(&self.reader, range.end).max(start);
        let block = self.block_at(start);
        let (line, column) = self.line_column(self.source_offset(start));
        Placement {
            block,
            line,
            column,
            snippet: self.snippet(start, end),
        }
    }

    /// The sentence around `start..end` (char boundaries of the reader text).
    fn snippet(&self, start: usize, end: usize) -> Snippet {
        let reader = &self.reader;
        let first = self.blocks.get(self.block_at(start));
        let last = self
            .blocks
            .get(self.block_at(end.saturating_sub(1).max(start)));
        let block_start = first.map_or(0, |b| b.start.min(start));
        let block_end = last.map_or(reader.len(), |b| b.end.max(end));
        let window_start = reader[..start]
            .char_indices()
            .rev()
            .nth(SNIPPET_WINDOW - 1)
            .map_or(0, |(i, _)| i);
        let window_end = reader[end..]
            .char_indices()
            .nth(SNIPPET_WINDOW)
            .map_or(reader.len(), |(i, _)| end + i);
        let before = reader
            .get(block_start.max(window_start)..start)
            .unwrap_or("");
        let after = reader.get(end..block_end.min(window_end)).unwrap_or("");
        let sentence_start = before.len() - last_sentence(before).len();
        let sentence_end = first_sentence(after).len();
        // Cut by the window, not at a sentence end: the sentence goes on past the window.
        let cut_before = sentence_start == 0 && block_start < window_start;
        let cut_after = sentence_end == after.len() && block_end > window_end;
        let before = fold(&before[sentence_start..]);
        let after = fold(&after[..sentence_end]);
        let text = fold(reader.get(start..end).unwrap_or(""));
        Snippet {
            before: cap_start(before.trim_start(), cut_before),
            text: text.trim().to_string(),
            after: cap_end(after.trim_end(), cut_after),
        }
        .with_edge_spaces(&text)
    }
}

impl Snippet {
    /// Keeps one space between the parts where the text had whitespace there.
    fn with_edge_spaces(mut self, text: &str) -> Snippet {
        if text.starts_with(' ') && !self.before.is_empty() && !self.before.ends_with(' ') {
            self.before.push(' ');
        }
        if text.ends_with(' ') && !self.after.is_empty() && !self.after.starts_with(' ') {
            self.after.insert(0, ' ');
        }
        self
    }
}

/// The byte offsets just past each sentence end in `text`: a terminator and any closing
/// quotes or brackets, followed by whitespace or the end of `text`, and not an
/// abbreviation.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = iter.next() {
            if !is_terminator(c) {
                continue;
            }
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = iter.peek() {
                if !is_closer(d) {
                    break;
                }
                j = k + d.len_utf8();
                iter.next();
            }
            let rest = &text[j..];
            let ends = rest.is_empty() || rest.starts_with(char::is_whitespace);
            if ends && !is_abbreviation(&text[..i], c) {
                return Some(j);
            }
        }
        None
    })
}

/// The text after the last sentence end in `text` (all of it when there is none).
fn last_sentence(text: &str) -> &str {
    let start = sentence_ends(text)
        .filter(|&j| j < text.len())
        .last()
        .unwrap_or(0);
    &text[start..]
}

/// The text up to and including the first sentence end in `text` (all of it when none).
fn first_sentence(text: &str) -> &str {
    sentence_ends(text).next().map_or(text, |j| &text[..j])
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』')
}

/// Whether the period ending `before` belongs to an abbreviation or an initial.
fn is_abbreviation(before: &str, terminator: char) -> bool {
    if terminator != '.' {
        return false;
    }
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(['(', '"', '\'', '“', '‘']);
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word)
}

/// Folds every whitespace run to one space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Keeps the last [`SNIPPET_WORDS`] words and [`SNIPPET_CHARS`] characters, marking a
/// cut (or text that was `cut` already) with `…`.
fn cap_start(text: &str, cut: bool) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let kept = words.len().min(SNIPPET_WORDS + 1);
    let mut cut = cut || kept < words.len();
    let mut out = words[words.len() - kept..].join(" ");
    if let Some((i, _)) = out.char_indices().rev().nth(SNIPPET_CHARS - 1) {
        out.drain(..i);
        cut = true;
    }
    if cut {
        out.insert(0, '…');
    }
    out
}

/// Keeps the first [`SNIPPET_WORDS`] words and [`SNIPPET_CHARS`] characters, marking a
/// cut (or text that was `cut` already) with `…`.
fn cap_end(text: &str, cut: bool) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let kept = words.len().min(SNIPPET_WORDS + 1);
    let mut cut = cut || kept < words.len();
    let mut out = words[..kept].join(" ");
    if let Some((i, _)) = out.char_indices().nth(SNIPPET_CHARS) {
        out.truncate(i);
        cut = true;
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Document, MarkdownOptions, Snippet, TextRange};

    fn place(md: &str, quote: &str) -> (usize, usize, usize, Snippet) {
        let doc = Document::parse(md, &MarkdownOptions::default());
        let start = doc.reader_text().find(quote).unwrap_or(0);
        let p = doc.placement(TextRange {
            start,
            end: start + quote.len(),
        });
        (p.block, p.line, p.column, p.snippet)
    }

    fn snip(before: &str, text: &str, after: &str) -> Snippet {
        Snippet {
            before: before.into(),
            text: text.into(),
            after: after.into(),
        }
    }

    #[test]
    fn sentence_around_the_range() {
        let md = "# Title\n\nFirst one. Mr. Kim arrived in\nRussia by *train*! Then he left.";
        let (block, line, column, snippet) = place(md, "arrived");
        assert_eq!((block, line, column), (1, 3, 20));
        assert_eq!(snippet, snip("Mr. Kim ", "arrived", " in Russia by train!"));
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let (_, _, _, snippet) = place("He said \"go.\" Then Kim left. Done", "Kim");
        assert_eq!(snippet, snip("Then ", "Kim", " left."));
    }

    #[test]
    fn long_sentences_are_capped() {
        let words: Vec<String> = (0..80).map(|i| format!("w{i}")).collect();
        let md = words.join(" ");
        let (_, _, _, snippet) = place(&md, "w40");
        assert_eq!(snippet.before.split(' ').count(), 31);
        assert!(snippet.before.starts_with("…w10 "), "{}", snippet.before);
        assert!(snippet.after.ends_with("w70…"), "{}", snippet.after);
    }

    #[test]
    fn snippets_in_a_huge_paragraph_stay_small_and_cheap() {
        // No sentence end and one 200,000-character word: each side is capped, and
        // placing every one of 2,000 ranges reads only a window around it.
        let md = format!("{} x {}", "[".repeat(100_000), "w ".repeat(100_000));
        let doc = Document::parse(&md, &MarkdownOptions::default());
        let reader = doc.reader_text();
        let started = std::time::Instant::now();
        for start in (0..reader.len() - 1).step_by(reader.len() / 2_000) {
            let p = doc.placement(TextRange {
                start,
                end: start + 1,
            });
            assert!(p.snippet.before.chars().count() <= super::SNIPPET_CHARS + 2);
            assert!(p.snippet.after.chars().count() <= super::SNIPPET_CHARS + 2);
        }
        // Generous: about 10 ms; the whole-paragraph scan it replaces took minutes.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        let (_, _, _, snippet) = place(&md, "x");
        assert!(snippet.before.starts_with('…') && snippet.before.ends_with("[[ "));
        assert!(snippet.after.starts_with(" w w") && snippet.after.ends_with("w…"));
    }

    #[test]
    fn placement_of_non_ascii_text_never_splits_a_char() {
        let md = "Ким прибыл во Владивосток. 中文 😀 here";
        let doc = Document::parse(md, &MarkdownOptions::default());
        for start in 0..=doc.reader_text().len() {
            for end in start..=doc.reader_text().len() {
                let _ = doc.placement(TextRange { start, end });
            }
        }
        let (_, line, column, snippet) = place(md, "Владивосток");
        assert_eq!((line, column), (1, 15));
        assert_eq!(snippet, snip("Ким прибыл во ", "Владивосток", "."));
    }
}
