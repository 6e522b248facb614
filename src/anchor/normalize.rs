//! The normalisation that quotes and reader text share before they are compared:
//! whitespace runs become one space, typographic quotes become straight ones, and
//! `…`, `–`, `—` become `...`, `--`, `---` (so text copied from the Markdown source matches
//! smart-punctuated text). Case is kept: matching is case-sensitive.

use std::ops::Range;

use crate::markdown::{Document, TextRange};

/// What one character of the original text becomes.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{2026}' => "...",
        '\u{2013}' => "--",
        '\u{2014}' => "---",
        _ => return None,
    })
}

/// Pushes the normalised form of `c` (not whitespace) onto `out`.
fn push_normalized(out: &mut String, c: char) {
    match replacement(c) {
        Some(s) => out.push_str(s),
        None => out.push(c),
    }
}

/// How [`normalize`] treats whitespace at the edges of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edges {
    /// Drop leading and trailing whitespace (quotes, names).
    Trim,
    /// Keep a leading or trailing whitespace run as one space (prefixes, suffixes).
    Keep,
}

/// Normalises a selector string (quote, prefix, suffix) or a name.
pub fn normalize(text: &str, edges: Edges) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && (edges == Edges::Keep || !out.is_empty()) {
            out.push(' ');
        }
        pending_space = false;
        push_normalized(&mut out, c);
    }
    if pending_space && edges == Edges::Keep {
        out.push(' ');
    }
    out
}

/// A document's reader text, normalised, with the way back to reader-text ranges.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text; blocks are separated by one space.
    pub text: String,
    /// For each byte of `text`: the reader-text range of the character it came from.
    origin: Vec<(u32, u32)>,
    /// The range of each block in `text`.
    pub blocks: Vec<Range<usize>>,
}

impl Normalized {
    /// Normalises the reader text of `doc`, block by block.
    pub fn of_document(doc: &Document<'_>) -> Normalized {
        Normalized::of_blocks(doc.reader_text(), doc.blocks())
    }

    /// Normalises `reader`, whose blocks are `blocks` (sorted, not overlapping).
    pub fn of_blocks(reader: &str, blocks: &[TextRange]) -> Normalized {
        let mut n = Normalized {
            text: String::with_capacity(reader.len()),
            origin: Vec::with_capacity(reader.len()),
            blocks: Vec::with_capacity(blocks.len()),
        };
        let mut pending: Option<usize> = None;
        let mut previous_end = 0;
        for block in blocks {
            if !n.text.is_empty() {
                pending = Some(pending.unwrap_or(previous_end));
            }
            let text = reader.get(block.start..block.end).unwrap_or("");
            let mut first = None;
            for (i, c) in text.char_indices() {
                let at = block.start + i;
                if c.is_whitespace() {
                    pending.get_or_insert(at);
                    continue;
                }
                if let Some(ws) = pending.take() {
                    if !n.text.is_empty() {
                        n.push_str(" ", ws, at);
                    }
                }
                first.get_or_insert(n.text.len());
                let mut buf = [0u8; 4];
                let s = replacement(c).unwrap_or_else(|| c.encode_utf8(&mut buf));
                n.push_str(s, at, at + c.len_utf8());
            }
            let end = n.text.len();
            n.blocks.push(first.unwrap_or(end)..end);
            previous_end = block.end;
        }
        n
    }

    fn push_str(&mut self, s: &str, start: usize, end: usize) {
        self.text.push_str(s);
        let origin = (to_u32(start), to_u32(end));
        self.origin.extend(std::iter::repeat_n(origin, s.len()));
    }

    /// The reader-text range that the normalised range `range` came from: from the start
    /// of the character its first byte came from to the end of the character its last
    /// byte came from (so a range inside an expansion such as `...` covers the whole `…`).
    pub fn to_reader(&self, range: Range<usize>) -> TextRange {
        if range.start >= range.end {
            let at = self.origin.get(range.start).map_or_else(
                || self.origin.last().map_or(0, |o| o.1 as usize),
                |o| o.0 as usize,
            );
            return TextRange { start: at, end: at };
        }
        let start = self.origin.get(range.start).map_or(0, |o| o.0 as usize);
        let end = self
            .origin
            .get(range.end - 1)
            .map_or(start, |o| o.1 as usize);
        TextRange {
            start,
            end: end.max(start),
        }
    }

    /// The normalised position of reader byte `offset` (the first normalised byte that
    /// comes from at or after it).
    pub fn from_reader(&self, offset: usize) -> usize {
        self.origin.partition_point(|o| (o.1 as usize) <= offset)
    }

    /// Whether normalised byte `at` is where the normalised form of a reader character
    /// starts (so not inside the `...` that a `…` became).
    pub fn is_boundary(&self, at: usize) -> bool {
        match (
            at.checked_sub(1).and_then(|p| self.origin.get(p)),
            self.origin.get(at),
        ) {
            (Some(before), Some(here)) => before != here,
            _ => true,
        }
    }

    /// Whether a normalised range starts and ends at character boundaries.
    pub fn is_whole(&self, range: &Range<usize>) -> bool {
        self.is_boundary(range.start) && self.is_boundary(range.end)
    }

    /// The block whose normalised range contains all of `range`, if any.
    pub fn block_of(&self, range: &Range<usize>) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.end < range.end);
        let block = self.blocks.get(i)?;
        (block.start <= range.start && range.end <= block.end).then_some(i)
    }

    /// The block that holds normalised byte `at` (or the next one).
    pub fn block_at(&self, at: usize) -> usize {
        self.blocks
            .partition_point(|b| b.end <= at)
            .min(self.blocks.len().saturating_sub(1))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether `c` attaches to the character before it (combining marks, joiners, variation
/// selectors, emoji modifiers), so a match must not end just before it.
pub fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{302A}'..='\u{302F}'
        | '\u{3099}' | '\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Whether `c` counts as part of a word for whole-word matching.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_extender(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(normalize("  a \u{a0}\n\t b  ", Edges::Trim), "a b");
        assert_eq!(normalize("  a  b  ", Edges::Keep), " a b ");
    }

    #[test]
    fn typographic_punctuation_becomes_ascii() {
        assert_eq!(
            normalize("‘a’ “b” „c‟ x′ y″ …–—", Edges::Trim),
            "'a' \"b\" \"c\" x' y\" ...-----"
        );
    }

    #[test]
    fn reader_map_points_back_to_whole_characters() {
        let reader = "a\u{2026}b  c\n\nда";
        let blocks = [
            TextRange { start: 0, end: 8 },
            TextRange { start: 10, end: 14 },
        ];
        let n = Normalized::of_blocks(reader, &blocks);
        assert_eq!(n.text, "a...b c да");
        assert_eq!(n.blocks, vec![0..7, 8..12]);
        // The middle dot of "..." maps to the whole ellipsis.
        assert_eq!(n.to_reader(2..3), TextRange { start: 1, end: 4 });
        assert_eq!(n.to_reader(0..7), TextRange { start: 0, end: 8 });
        assert_eq!(n.to_reader(8..12), TextRange { start: 10, end: 14 });
        // The block separator is one space, mapped to the whitespace it stands for.
        assert_eq!(n.to_reader(7..8), TextRange { start: 8, end: 10 });
        assert_eq!(n.block_of(&(8..12)), Some(1));
        assert_eq!(n.block_of(&(6..9)), None);
        assert_eq!(n.from_reader(10), 8);
        assert!(n.is_whole(&(1..4)) && !n.is_whole(&(2..4)) && !n.is_whole(&(1..3)));
    }

    #[test]
    fn leading_and_trailing_block_whitespace_is_dropped() {
        let reader = " a \n\n b ";
        let blocks = [
            TextRange { start: 0, end: 3 },
            TextRange { start: 5, end: 8 },
        ];
        let n = Normalized::of_blocks(reader, &blocks);
        assert_eq!(n.text, "a b");
        assert_eq!(n.blocks, vec![0..1, 2..3]);
    }

    #[test]
    fn extenders_and_word_chars() {
        assert!(is_extender('\u{0301}'));
        assert!(is_extender('\u{1F3FD}'));
        assert!(!is_extender('a'));
        assert!(is_word_char('я') && is_word_char('中') && !is_word_char('-'));
    }
}
