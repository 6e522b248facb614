//! The normalisation that quotes and reader text share before they are compared:
//! whitespace runs become one space, typographic quotes become straight ones, and
//! `…`, `–`, `—` become `...`, `--`, `---` (so text copied from the Markdown source matches
//! smart-punctuated text). Case is kept: matching is case-sensitive.

use std::borrow::Cow;
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
    normalize_cow(text, edges).into_owned()
}

/// [`normalize`], borrowing `text` when it is normal already.
pub fn normalize_cow(text: &str, edges: Edges) -> Cow<'_, str> {
    if is_normal(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalize_chars(text, edges))
    }
}

/// Whether `text` is its own normal form (with either [`Edges`]): plain ASCII with single
/// spaces between words, nothing to trim.
fn is_normal(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .first()
        .is_some_and(|&b| b.is_ascii() && !is_ascii_space(b))
        && ascii_run(bytes) == bytes.len()
}

/// [`normalize`], character by character.
fn normalize_chars(text: &str, edges: Edges) -> String {
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

/// A stretch of the normalised text and where it comes from in the reader text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Where the stretch starts in the normalised text.
    norm: u32,
    /// Where its source starts in the reader text.
    reader: u32,
    /// 0: a verbatim copy (byte `norm + i` comes from byte `reader + i`); otherwise the
    /// whole stretch (one space or one replacement) stands for this many reader bytes.
    replaced: u32,
}

/// A document's reader text, normalised, with the way back to reader-text ranges.
///
/// The map is kept as runs (verbatim copies and replacements), so normalising is mostly
/// copying and a lookup is a binary search.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text; blocks are separated by one space.
    pub text: String,
    runs: Vec<Run>,
    /// The range of each block in `text`.
    pub blocks: Vec<Range<usize>>,
}

/// Builds a [`Normalized`] text run by run.
struct RunBuilder<'r> {
    reader: &'r str,
    out: Normalized,
    /// Reader range of the verbatim stretch not yet copied.
    copy: Option<(usize, usize)>,
    /// Reader start of the whitespace run not yet written.
    pending: Option<usize>,
}

impl RunBuilder<'_> {
    fn flush_copy(&mut self) {
        if let Some((start, end)) = self.copy.take() {
            let norm = to_u32(self.out.text.len());
            self.out.runs.push(Run {
                norm,
                reader: to_u32(start),
                replaced: 0,
            });
            self.out
                .text
                .push_str(self.reader.get(start..end).unwrap_or(""));
        }
    }

    /// Writes the pending whitespace as one space (none at the very start).
    fn flush_space(&mut self, until: usize) {
        if let Some(start) = self.pending.take() {
            if !self.out.text.is_empty() {
                self.replace(" ", start, until);
            }
        }
    }

    fn replace(&mut self, with: &str, start: usize, end: usize) {
        let norm = to_u32(self.out.text.len());
        let replaced = to_u32(end - start).max(1);
        self.out.runs.push(Run {
            norm,
            reader: to_u32(start),
            replaced,
        });
        self.out.text.push_str(with);
    }

    fn whitespace(&mut self, at: usize) {
        self.flush_copy();
        self.pending.get_or_insert(at);
    }

    /// A character kept as it is; returns where it lands in the normalised text.
    fn keep(&mut self, at: usize, len: usize) -> usize {
        if self.pending.is_some() {
            self.flush_copy();
            self.flush_space(at);
        }
        match &mut self.copy {
            Some((_, end)) => *end = at + len,
            None => self.copy = Some((at, at + len)),
        }
        self.out.text.len() + self.copy.map_or(0, |(s, _)| at - s)
    }

    /// A character replaced by `with`; returns where it lands in the normalised text.
    fn substitute(&mut self, with: &str, at: usize, len: usize) -> usize {
        self.flush_copy();
        self.flush_space(at);
        let norm = self.out.text.len();
        self.replace(with, at, at + len);
        norm
    }

    fn block(&mut self, block: &TextRange, previous_end: usize) {
        if !self.out.text.is_empty() || self.copy.is_some() {
            self.pending = Some(self.pending.unwrap_or(previous_end));
        }
        let text = self.reader.get(block.start..block.end).unwrap_or("");
        let bytes = text.as_bytes();
        let mut first = None;
        let mut i = 0;
        while i < bytes.len() {
            let at = block.start + i;
            let b = bytes[i];
            if b < 0x80 && !is_ascii_space(b) {
                // A run of plain ASCII, single spaces between words included (they stay
                // as they are), is copied in one go.
                let run = ascii_run(&bytes[i..]);
                let norm = self.keep(at, run);
                first.get_or_insert(norm);
                i += run;
                continue;
            }
            if is_ascii_space(b) {
                self.whitespace(at);
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() {
                self.whitespace(at);
            } else {
                let norm = match replacement(c) {
                    Some(with) => self.substitute(with, at, len),
                    None => self.keep(at, len),
                };
                first.get_or_insert(norm);
            }
            i += len;
        }
        self.flush_copy();
        let end = self.out.text.len();
        self.out.blocks.push(first.unwrap_or(end)..end);
    }
}

impl Normalized {
    /// Normalises the reader text of `doc`, block by block.
    pub fn of_document(doc: &Document<'_>) -> Normalized {
        Normalized::of_blocks(doc.reader_text(), doc.blocks())
    }

    /// Normalises `reader`, whose blocks are `blocks` (sorted, not overlapping).
    pub fn of_blocks(reader: &str, blocks: &[TextRange]) -> Normalized {
        let mut builder = RunBuilder {
            reader,
            out: Normalized {
                text: String::with_capacity(reader.len()),
                // Mostly a verbatim run and a separator per block.
                runs: Vec::with_capacity(blocks.len() * 2 + 8),
                blocks: Vec::with_capacity(blocks.len()),
            },
            copy: None,
            pending: None,
        };
        let mut previous_end = 0;
        for block in blocks {
            builder.block(block, previous_end);
            previous_end = block.end;
        }
        builder.out
    }

    /// The run that normalised byte `at` belongs to.
    fn run_at(&self, at: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.norm as usize <= at);
        self.runs.get(i.checked_sub(1)?)
    }

    /// The normalised length of run `i`.
    fn run_len(&self, i: usize) -> usize {
        let start = self.runs.get(i).map_or(0, |r| r.norm as usize);
        let end = self
            .runs
            .get(i + 1)
            .map_or(self.text.len(), |r| r.norm as usize);
        end - start
    }

    /// The reader offset where the character holding normalised byte `at` starts.
    fn reader_start(&self, at: usize) -> usize {
        match self.run_at(at) {
            Some(r) if r.replaced == 0 => r.reader as usize + (at - r.norm as usize),
            Some(r) => r.reader as usize,
            None => 0,
        }
    }

    /// The reader offset where the character holding normalised byte `at` ends.
    fn reader_end(&self, at: usize) -> usize {
        match self.run_at(at) {
            Some(r) if r.replaced == 0 => {
                let start = r.reader as usize + (at - r.norm as usize);
                let c = self.text.get(at..).and_then(|t| t.chars().next());
                start + c.map_or(1, char::len_utf8)
            }
            Some(r) => (r.reader + r.replaced) as usize,
            None => 0,
        }
    }

    /// The reader-text range that the normalised range `range` came from: from the start
    /// of the character its first byte came from to the end of the character its last
    /// byte came from (so a range inside an expansion such as `...` covers the whole `…`).
    pub fn to_reader(&self, range: Range<usize>) -> TextRange {
        if range.start >= range.end {
            let at = match range.start < self.text.len() {
                true => self.reader_start(range.start),
                false => self
                    .text
                    .len()
                    .checked_sub(1)
                    .map_or(0, |last| self.reader_end(last)),
            };
            return TextRange { start: at, end: at };
        }
        let start = self.reader_start(range.start);
        let last = floor_boundary(&self.text, range.end.min(self.text.len()).saturating_sub(1));
        let end = self.reader_end(last);
        TextRange {
            start,
            end: end.max(start),
        }
    }

    /// [`Normalized::to_reader`] of `range` when it [`is_whole`](Normalized::is_whole);
    /// `None` when it is not.
    pub fn whole_to_reader(&self, range: &Range<usize>) -> Option<TextRange> {
        match self.in_one_verbatim_run(range) {
            Some(reader_start) => {
                let whole = self.text.is_char_boundary(range.start)
                    && self.text.is_char_boundary(range.end);
                whole.then(|| TextRange {
                    start: reader_start,
                    end: reader_start + (range.end - range.start),
                })
            }
            None => self.is_whole(range).then(|| self.to_reader(range.clone())),
        }
    }

    /// Where a non-empty range starts in the reader text, when the range lies in one
    /// verbatim run (so that it maps byte for byte).
    fn in_one_verbatim_run(&self, range: &Range<usize>) -> Option<usize> {
        let i = self
            .runs
            .partition_point(|r| r.norm as usize <= range.start)
            .checked_sub(1)?;
        let run = self.runs.get(i)?;
        let run_end = self
            .runs
            .get(i + 1)
            .map_or(self.text.len(), |r| r.norm as usize);
        let fits = run.replaced == 0 && range.start < range.end && range.end <= run_end;
        fits.then(|| run.reader as usize + (range.start - run.norm as usize))
    }

    /// The normalised position of reader byte `offset` (the first normalised byte that
    /// comes from at or after it).
    pub fn from_reader(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.reader as usize <= offset);
        let Some(k) = i.checked_sub(1) else {
            return 0;
        };
        let r = self.runs[k];
        let (start, norm) = (r.reader as usize, r.norm as usize);
        let span = match r.replaced {
            0 => self.run_len(k),
            n => n as usize,
        };
        if offset < start + span {
            match r.replaced {
                0 => norm + (offset - start),
                _ => norm,
            }
        } else {
            norm + self.run_len(k)
        }
    }

    /// Whether normalised byte `at` is where the normalised form of a reader character
    /// starts (so not inside the `...` that a `…` became).
    pub fn is_boundary(&self, at: usize) -> bool {
        if at == 0 || at >= self.text.len() {
            return true;
        }
        match self.run_at(at) {
            Some(r) if r.norm as usize == at => true,
            Some(r) if r.replaced == 0 => self.text.is_char_boundary(at),
            _ => false,
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

/// The length of the plain ASCII run at the start of `bytes`, which folding whitespace
/// leaves as it is: it stops before any other whitespace, any non-ASCII byte, and any
/// space that is not a single space between two plain ASCII bytes (0 when `bytes` does
/// not start such a run).
pub(crate) fn ascii_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    loop {
        while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            let stops = run_stops(u64::from_le_bytes(*chunk));
            if stops != 0 {
                i += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        if !continues_run(bytes, i) {
            return i;
        }
        i += 1;
    }
}

/// Whether byte `i` of `bytes` belongs to a plain ASCII run that reaches it: a plain
/// ASCII byte, or a single space before one.
fn continues_run(bytes: &[u8], i: usize) -> bool {
    let is_plain = |b: u8| b < 0x80 && !is_ascii_space(b);
    match bytes.get(i) {
        Some(&b' ') => bytes.get(i + 1).is_some_and(|&next| is_plain(next)),
        Some(&b) => is_plain(b),
        None => false,
    }
}

/// `0x01` in every byte.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of every byte.
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// For eight bytes read little-endian, the high bit of each byte where a plain ASCII run
/// might stop: bytes that are not printable ASCII, and spaces not followed by printable
/// ASCII within the eight. (ASCII control characters other than whitespace are flagged
/// too, though they do not stop a run: a flag only sends the byte to the exact check.)
fn run_stops(word: u64) -> u64 {
    let not_ascii = word & HIGH;
    // Each byte has its high bit set, so subtracting 0x21 from each never borrows across
    // bytes; the high bit stays set where the byte is above 0x20.
    let printable = (word | HIGH).wrapping_sub(0x21 * ONES) & HIGH & !not_ascii;
    let space = zero_bytes(word ^ (u64::from(b' ') * ONES));
    let single_space = space & (printable >> 8);
    HIGH & !(printable | single_space)
}

/// The high bit of each zero byte of `word` (exactly: no carries between bytes).
fn zero_bytes(word: u64) -> u64 {
    let low_bits_set = (word & !HIGH).wrapping_add(!HIGH);
    !(low_bits_set | word) & HIGH
}

/// Whether an ASCII byte is whitespace (as `char::is_whitespace` says).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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

/// Whether `c` belongs to a script that does not separate its words with spaces: Thai,
/// Lao, Myanmar, Khmer, Han, kana (and their halfwidth forms).
pub(crate) fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3040}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether `c` counts as part of a word for whole-word matching.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || is_extender(c)
    }
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
    fn whole_ranges_map_to_the_reader_like_is_whole_and_to_reader() {
        let reader = "a\u{2026}b  c \u{e9}t\u{e9}\n\nда  x\u{2014}y";
        let blocks = [
            TextRange { start: 0, end: 15 },
            TextRange {
                start: 17,
                end: reader.len(),
            },
        ];
        let n = Normalized::of_blocks(reader, &blocks);
        for start in 0..=n.text.len() + 1 {
            for end in start..=n.text.len() + 1 {
                let range = start..end;
                let expected = n.is_whole(&range).then(|| n.to_reader(range.clone()));
                assert_eq!(n.whole_to_reader(&range), expected, "{range:?}");
            }
        }
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
    fn text_already_normal_is_left_as_it_is() {
        let pieces = [
            "a", "Kim", " ", "  ", "\t", "\n", "\u{a0}", "\u{1}", "…", "—", "’", "é", "x y", "!",
        ];
        let mut rng = crate::testkit::Lcg(5);
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..rng.below(9) {
                text.push_str(rng.pick(&pieces));
            }
            for edges in [Edges::Trim, Edges::Keep] {
                let fast = normalize_cow(&text, edges);
                assert_eq!(fast, normalize_chars(&text, edges), "{text:?}");
                if matches!(fast, Cow::Borrowed(_)) {
                    assert!(is_normal(&text));
                }
            }
        }
        assert!(matches!(
            normalize_cow("Kim arrived.", Edges::Trim),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize_cow("Kim  arrived", Edges::Trim),
            Cow::Owned(_)
        ));
    }

    #[test]
    fn ascii_runs_agree_with_a_byte_by_byte_scan() {
        fn byte_by_byte(bytes: &[u8]) -> usize {
            let mut i = 0;
            while continues_run(bytes, i) {
                i += 1;
            }
            i
        }
        let pieces: [&[u8]; 12] = [
            b"a",
            b"word",
            b" ",
            b"  ",
            b"\t",
            b"\n",
            b"\x0b",
            b"\x01",
            b"\x7f",
            b"!",
            b"~",
            "é".as_bytes(),
        ];
        let mut rng = crate::testkit::Lcg(3);
        for _ in 0..5000 {
            let mut text = b"x".to_vec();
            for _ in 0..rng.below(29) {
                text.extend_from_slice(rng.pick(&pieces));
            }
            assert_eq!(ascii_run(&text), byte_by_byte(&text), "{text:?}");
        }
    }

    #[test]
    fn extenders_and_word_chars() {
        assert!(is_extender('\u{0301}'));
        assert!(is_extender('\u{1F3FD}'));
        assert!(!is_extender('a'));
        assert!(is_word_char('я') && is_word_char('中') && !is_word_char('-'));
    }
}
