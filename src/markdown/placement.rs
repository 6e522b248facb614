//! Where a range of reader text is: its block, its line and column in the Markdown, and
//! the sentence around it.

use std::ops::Range;

use super::document::{ceil_char_boundary, floor_char_boundary};
use super::folded::Folded;
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

/// The length in bytes of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 4;

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
        let ends = self.sentence_ends();
        // The sentence starts after the last sentence end at or before `start` in its
        // block, and ends with the first sentence end at or after `end`.
        let sentence_start = ends[..ends.partition_point(|&s| s <= start)]
            .last()
            .copied()
            .filter(|&s| s >= block_start)
            .unwrap_or(block_start);
        let sentence_end = ends
            .get(ends.partition_point(|&e| e < end))
            .copied()
            .filter(|&e| e <= block_end)
            .unwrap_or(block_end);
        // Cut by the window, not at a sentence end: the sentence goes on past the window.
        let (before_start, cut_before) = window_back(reader, sentence_start, start);
        let (after_end, cut_after) = window_forward(reader, end, sentence_end);
        let folded = self.folded();
        let [before, text, after] = folded.ranges_of([before_start, start, end, after_end]);
        let (before, after) = (trim_start(folded, before), trim_end(folded, after));
        let (before_from, cut_before) = cap_start(folded, before.clone(), cut_before);
        let (after_to, cut_after) = cap_end(folded, after.clone(), cut_after);
        let before = folded.get(before_from..before.end);
        let after = folded.get(after.start..after_to);
        let text = folded.get(text);
        let (text, spaced_start, spaced_end) = trim(text);
        let mut sentence = String::with_capacity(
            before.len() + text.len() + after.len() + 2 * ('…'.len_utf8() + 1),
        );
        if cut_before {
            sentence.push('…');
        }
        sentence.push_str(before);
        // One space between the parts where the text had whitespace there.
        if spaced_start && !sentence.is_empty() && !sentence.ends_with(' ') {
            sentence.push(' ');
        }
        let text_start = sentence.len();
        sentence.push_str(text);
        let text_end = sentence.len();
        let after_is_empty = after.is_empty() && !cut_after;
        if spaced_end && !after_is_empty && !after.starts_with(' ') {
            sentence.push(' ');
        }
        sentence.push_str(after);
        if cut_after {
            sentence.push('…');
        }
        Snippet::from_parts(sentence, text_start, text_end).unwrap_or_default()
    }

    /// The reader text folded (computed once).
    fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| Folded::of(&self.reader))
    }

    /// The sentence ends of the reader text, block by block, in order (computed once).
    fn sentence_ends(&self) -> &[usize] {
        self.sentence_ends.get_or_init(|| {
            let mut ends = Vec::new();
            for block in &self.blocks {
                let text = self.reader.get(block.start..block.end).unwrap_or("");
                ends.extend(sentence_ends_in(text).map(|j| block.start + j));
            }
            ends
        })
    }
}

/// Where the text before `at` that reaches back to `from` starts once it is kept to
/// [`SNIPPET_WINDOW`] characters, and whether that cuts it.
fn window_back(text: &str, from: usize, at: usize) -> (usize, bool) {
    // No more bytes than the window holds characters: nothing to cut.
    if at.saturating_sub(from) <= SNIPPET_WINDOW {
        return (from, false);
    }
    let window_start = chars_back(text, at, SNIPPET_WINDOW);
    (from.max(window_start), from < window_start)
}

/// Where the text after `at` that reaches to `to` ends once it is kept to
/// [`SNIPPET_WINDOW`] characters, and whether that cuts it.
fn window_forward(text: &str, at: usize, to: usize) -> (usize, bool) {
    if to.saturating_sub(at) <= SNIPPET_WINDOW {
        return (to, false);
    }
    let window_end = chars_forward(text, at, SNIPPET_WINDOW);
    (to.min(window_end), to > window_end)
}

/// The sentence ends of `text` (one block): the byte offsets just past each
/// terminator that ends a sentence and the closing quotes or brackets after it.
fn sentence_ends_in(text: &str) -> impl Iterator<Item = usize> + '_ {
    terminators(text).filter_map(|(i, c)| sentence_end_after(text, i, c))
}

/// Where the sentence that terminator `c` (at byte `i` of `text`) ends, just past any
/// closing quotes or brackets after it: `None` when that is not followed by whitespace
/// or the end of `text`, or when `c` is the period of an abbreviation.
fn sentence_end_after(text: &str, i: usize, c: char) -> Option<usize> {
    let after = i + c.len_utf8();
    let closers: usize = text
        .get(after..)
        .unwrap_or("")
        .chars()
        .take_while(|&d| is_closer(d))
        .map(char::len_utf8)
        .sum();
    let j = after + closers;
    let rest = text.get(j..).unwrap_or("");
    let ends = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (ends && !is_abbreviation(&text[..i], c)).then_some(j)
}

/// The byte offset of the `n`th character before `at` in `text`, or 0 when there are
/// fewer.
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    let ascii = at
        .checked_sub(n)
        .filter(|&from| text.as_bytes().get(from..at).is_some_and(<[u8]>::is_ascii));
    ascii.unwrap_or_else(|| {
        text.get(..at)
            .and_then(|t| t.char_indices().rev().nth(n.checked_sub(1)?))
            .map_or(0, |(i, _)| i)
    })
}

/// The byte offset just past `n` characters from `at` in `text`, or the end of `text`
/// when no character follows them.
fn chars_forward(text: &str, at: usize, n: usize) -> usize {
    let ascii = text
        .as_bytes()
        .get(at..=at + n)
        .is_some_and(<[u8]>::is_ascii);
    if ascii {
        return at + n;
    }
    text.get(at..)
        .and_then(|t| t.char_indices().nth(n))
        .map_or(text.len(), |(i, _)| at + i)
}

/// The sentence terminators of `text`, with their byte offsets, in order: only the
/// bytes that can start one are decoded.
fn terminators(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    // '.', '!' and '?', and the first bytes of '…' (E2), '。' (E3), '！' and '？' (EF),
    // each found by memchr many bytes at a time, in one sequence by offset.
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut other = memchr::memchr3_iter(0xe2, 0xe3, 0xef, bytes).peekable();
    let candidates = std::iter::from_fn(move || match (ascii.peek(), other.peek()) {
        (Some(a), Some(o)) if o < a => other.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => other.next(),
    });
    candidates.filter_map(|i| {
        let c = text.get(i..)?.chars().next()?;
        is_terminator(c).then_some((i, c))
    })
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
    if word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word)
}

/// `range` of the folded text without the space it may start with.
fn trim_start(folded: &Folded, range: Range<usize>) -> Range<usize> {
    let space = folded.get(range.clone()).starts_with(' ');
    (range.start + usize::from(space))..range.end
}

/// `range` of the folded text without the space it may end with.
fn trim_end(folded: &Folded, range: Range<usize>) -> Range<usize> {
    let space = folded.get(range.clone()).ends_with(' ');
    range.start..(range.end - usize::from(space)).max(range.start)
}

/// Folded `text` without the spaces it may start and end with, and whether it had them.
fn trim(text: &str) -> (&str, bool, bool) {
    let spaced = (text.starts_with(' '), text.ends_with(' '));
    (text.trim_matches(' '), spaced.0, spaced.1)
}

/// Whether `text` (single spaces between words) has more than [`SNIPPET_WORDS`] spaces,
/// so that capping it drops words. Most sentences are too short to: their length says so.
fn capping_drops_words(text: &str) -> bool {
    // The fewest bytes that hold more spaces: one-character words between them.
    const SHORTEST: usize = 2 * SNIPPET_WORDS + 1;
    text.len() >= SHORTEST && text.bytes().filter(|&b| b == b' ').count() > SNIPPET_WORDS
}

/// Where the part of the folded text in `range` (the text before a range) starts once
/// it keeps its last [`SNIPPET_WORDS`] words and [`SNIPPET_CHARS`] characters, and
/// whether it is cut there (or was `cut` already), which a `…` shows.
fn cap_start(folded: &Folded, range: Range<usize>, cut: bool) -> (usize, bool) {
    // Past the space before the last words kept, when there are more words.
    let text = folded.get(range.clone());
    let words_start = capping_drops_words(text)
        .then(|| memchr::memrchr_iter(b' ', text.as_bytes()).nth(SNIPPET_WORDS))
        .flatten()
        .map(|space| range.start + space + 1);
    let mut cut = cut || words_start.is_some();
    let kept_from = words_start.unwrap_or(range.start);
    let kept = folded.get(kept_from..range.end);
    // No more bytes than characters to keep: no character to drop.
    let chars_start = match kept.len() <= SNIPPET_CHARS {
        true => None,
        false => kept
            .char_indices()
            .rev()
            .nth(SNIPPET_CHARS - 1)
            .map(|(i, _)| i)
            .filter(|&i| i > 0),
    };
    if chars_start.is_some() {
        cut = true;
    }
    (kept_from + chars_start.unwrap_or(0), cut)
}

/// Where the part of the folded text in `range` (the text after a range) ends once it
/// keeps its first [`SNIPPET_WORDS`] words and [`SNIPPET_CHARS`] characters, and whether
/// it is cut there (or was `cut` already), which a `…` shows.
fn cap_end(folded: &Folded, range: Range<usize>, cut: bool) -> (usize, bool) {
    // The space after the last word kept, when there are more words.
    let text = folded.get(range.clone());
    let words_end = capping_drops_words(text)
        .then(|| memchr::memchr_iter(b' ', text.as_bytes()).nth(SNIPPET_WORDS))
        .flatten()
        .map(|space| range.start + space);
    let mut cut = cut || words_end.is_some();
    let kept = folded.get(range.start..words_end.unwrap_or(range.end));
    let chars_end = match kept.len() <= SNIPPET_CHARS {
        true => None,
        false => kept.char_indices().nth(SNIPPET_CHARS).map(|(i, _)| i),
    };
    if chars_end.is_some() {
        cut = true;
    }
    (range.start + chars_end.unwrap_or(kept.len()), cut)
}

#[cfg(test)]
mod tests {
    use super::Folded;
    use crate::markdown::folded::tests::fold_reference;
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
        Snippet::new(before, text, after)
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
    fn a_range_that_ends_its_sentence_leaves_the_next_one_out() {
        let md = "He came. Kim arrived in Russia. Then he left.";
        let (_, _, _, snippet) = place(md, "arrived in Russia.");
        assert_eq!(snippet, snip("Kim ", "arrived in Russia.", ""));
        let md = "He said \"we go.\" Then he left.";
        let (_, _, _, snippet) = place(md, "we go.");
        assert_eq!(snippet, snip("He said “", "we go.", "”"));
        let (_, _, _, snippet) = place(md, " Then");
        assert_eq!(snippet, snip("", "Then", " he left."));
    }

    #[test]
    fn an_abbreviation_just_after_the_range_does_not_end_the_sentence() {
        let md = "First. Then Mr. Kim and J. Smith left. Done.";
        let (_, _, _, snippet) = place(md, "Mr");
        assert_eq!(snippet, snip("Then ", "Mr", ". Kim and J. Smith left."));
        let (_, _, _, snippet) = place(md, "J");
        assert_eq!(snippet, snip("Then Mr. Kim and ", "J", ". Smith left."));
    }

    #[test]
    fn long_sentences_are_capped() {
        let words: Vec<String> = (0..80).map(|i| format!("w{i}")).collect();
        let md = words.join(" ");
        let (_, _, _, snippet) = place(&md, "w40");
        assert_eq!(snippet.before().split(' ').count(), 31);
        assert!(
            snippet.before().starts_with("…w10 "),
            "{}",
            snippet.before()
        );
        assert!(snippet.after().ends_with("w70…"), "{}", snippet.after());
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
            assert!(p.snippet.before().chars().count() <= super::SNIPPET_CHARS + 2);
            assert!(p.snippet.after().chars().count() <= super::SNIPPET_CHARS + 2);
        }
        // Generous: about 10 ms; the whole-paragraph scan it replaces took minutes.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        let (_, _, _, snippet) = place(&md, "x");
        assert!(snippet.before().starts_with('…') && snippet.before().ends_with("[[ "));
        assert!(snippet.after().starts_with(" w w") && snippet.after().ends_with("w…"));
    }

    /// Every sentence end, read from the start of `text` (the reference).
    fn sentence_ends(text: &str) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !super::is_terminator(c) {
                continue;
            }
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = iter.peek().filter(|&&(_, d)| super::is_closer(d)) {
                j = k + d.len_utf8();
                iter.next();
            }
            let rest = &text[j..];
            let ends_here = rest.is_empty() || rest.starts_with(char::is_whitespace);
            if ends_here && !super::is_abbreviation(&text[..i], c) {
                ends.push(j);
            }
        }
        ends
    }

    #[test]
    fn sentence_ends_and_windows_are_where_a_reading_char_by_char_finds_them() {
        let pieces = [
            "a", "Kim", " ", "  ", "\n", ".", "!", "?", "…", "。", "！", "？", "\"", "”", "’", ")",
            "Mr", "U.S", "K", "é", "中", "😀", "(", "“", "e.g",
        ];
        let mut rng = crate::testkit::Lcg(3);
        for _ in 0..20_000 {
            let text: String = (0..rng.below(14))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let ends: Vec<usize> = super::sentence_ends_in(&text).collect();
            assert_eq!(ends, sentence_ends(&text), "{text:?}");
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                for n in [1, 2, 3, 5] {
                    let back = text[..at]
                        .char_indices()
                        .rev()
                        .nth(n - 1)
                        .map_or(0, |(i, _)| i);
                    assert_eq!(super::chars_back(&text, at, n), back, "{text:?} {at} {n}");
                    let forward = text[at..]
                        .char_indices()
                        .nth(n)
                        .map_or(text.len(), |(i, _)| at + i);
                    assert_eq!(
                        super::chars_forward(&text, at, n),
                        forward,
                        "{text:?} {at} {n}"
                    );
                }
            }
        }
    }

    /// Folding and capping, as first written (the reference).
    fn fold(text: &str) -> String {
        Folded::of(text).text
    }

    /// Caps `text` (folded) as the part of a longer text before a range.
    fn cap_start(text: &str, cut: bool) -> String {
        let folded = Folded::of(&format!("{text}kept"));
        let (from, cut) = super::cap_start(&folded, 0..text.len(), cut);
        let ellipsis = if cut { "…" } else { "" };
        format!("{ellipsis}{}", folded.get(from..text.len()))
    }

    /// Caps `text` (folded) as the part of a longer text after a range.
    fn cap_end(text: &str, cut: bool) -> String {
        let folded = Folded::of(&format!("kept{text}"));
        let start = "kept".len();
        let (end, cut) = super::cap_end(&folded, start..start + text.len(), cut);
        let ellipsis = if cut { "…" } else { "" };
        format!("{}{ellipsis}", folded.get(start..end))
    }

    fn cap_start_reference(text: &str, cut: bool) -> String {
        let words: Vec<&str> = text.split(' ').collect();
        let kept = words.len().min(super::SNIPPET_WORDS + 1);
        let mut cut = cut || kept < words.len();
        let mut out = words[words.len() - kept..].join(" ");
        if let Some((i, _)) = out.char_indices().rev().nth(super::SNIPPET_CHARS - 1) {
            if i > 0 {
                out.drain(..i);
                cut = true;
            }
        }
        if cut {
            out.insert(0, '…');
        }
        out
    }

    fn cap_end_reference(text: &str, cut: bool) -> String {
        let words: Vec<&str> = text.split(' ').collect();
        let kept = words.len().min(super::SNIPPET_WORDS + 1);
        let mut cut = cut || kept < words.len();
        let mut out = words[..kept].join(" ");
        if let Some((i, _)) = out.char_indices().nth(super::SNIPPET_CHARS) {
            out.truncate(i);
            cut = true;
        }
        if cut {
            out.push('…');
        }
        out
    }

    #[test]
    fn folding_and_capping_keep_what_they_kept() {
        let pieces = [
            "a",
            "word",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "é",
            "中文",
            "😀",
            "x".repeat(390).leak(),
            "\u{2028}",
            ".",
            "",
        ];
        let mut rng = crate::testkit::Lcg(9);
        for round in 0..5_000 {
            let n = if round % 10 == 0 { 80 } else { rng.below(12) };
            let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let folded = fold(&text);
            assert_eq!(folded, fold_reference(&text), "{text:?}");
            for edge in [folded.as_str(), folded.trim()] {
                if round < 12 {
                    // Right at the character cap, in one-byte and two-byte characters.
                    let at_cap = ["x", "é"][round % 2].repeat(super::SNIPPET_CHARS - 6 + round);
                    for cut in [false, true] {
                        assert_eq!(cap_start(&at_cap, cut), cap_start_reference(&at_cap, cut));
                        assert_eq!(cap_end(&at_cap, cut), cap_end_reference(&at_cap, cut));
                    }
                }
                for cut in [false, true] {
                    assert_eq!(cap_start(edge, cut), cap_start_reference(edge, cut));
                    assert_eq!(cap_end(edge, cut), cap_end_reference(edge, cut));
                }
            }
        }
    }

    #[test]
    fn a_side_of_exactly_the_characters_kept_is_not_marked_as_cut() {
        let kept = "x".repeat(super::SNIPPET_CHARS - 1);
        let md = format!("{kept} range {kept}");
        let (_, _, _, snippet) = place(&md, "range");
        assert_eq!(
            snippet,
            snip(&format!("{kept} "), "range", &format!(" {kept}"))
        );
    }

    #[test]
    fn capping_drops_words_from_the_shortest_text_that_has_too_many() {
        // 31 spaces in 61 bytes: one-character words between them.
        let spaced = format!("{} ", " a".repeat(super::SNIPPET_WORDS));
        assert_eq!(spaced.len(), 2 * super::SNIPPET_WORDS + 1);
        assert_eq!(cap_end(&spaced, false), cap_end_reference(&spaced, false));
        assert!(cap_end(&spaced, false).ends_with('…'));
        assert_eq!(
            cap_start(&spaced, false),
            cap_start_reference(&spaced, false)
        );
        assert!(cap_start(&spaced, false).starts_with('…'));
    }

    #[test]
    fn no_abbreviation_is_longer_than_the_longest_checked() {
        let longest = super::ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(super::LONGEST_ABBREVIATION));
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
