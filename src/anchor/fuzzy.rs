//! Approximate matching for "did you mean" suggestions: a semi-global edit-distance scan
//! (Sellers' algorithm) of the quote over the text, counted in characters, and a
//! case-insensitive search for the common case-only mismatch.

use std::collections::HashMap;
use std::ops::Range;

use super::normalize::is_word_char;

/// Beyond this many DP cells (quote × text characters) the scan of one quote is
/// skipped: about a quarter of a second.
pub const MAX_CELLS: usize = 100_000_000;

/// A place in the text within the edit-distance bound of the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approximate {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Edit distance (in characters) between the quote and that text.
    pub distance: usize,
}

/// The edit-distance bound for a quote of `chars` characters: a quarter, at least 1.
pub fn bound(chars: usize) -> usize {
    (chars / 4).max(1)
}

/// Every local best place in `text` within `max` edits of `quote`, best first
/// (distance, then position); places do not overlap.
pub fn approximate(text: &str, quote: &str, max: usize) -> Vec<Approximate> {
    let t: Vec<(usize, char)> = text.char_indices().collect();
    let q: Vec<char> = quote.chars().collect();
    if q.is_empty() || t.is_empty() || cells(text, quote) > MAX_CELLS {
        return Vec::new();
    }
    let ends = end_distances(&t, &q);
    let ends_word = |j: usize| {
        let word = |k: usize| t.get(k).is_some_and(|&(_, c)| is_word_char(c));
        word(j) && !word(j + 1)
    };
    let mut found: Vec<Approximate> = local_minima(&ends, max, ends_word)
        .into_iter()
        .map(|end| {
            let (start, distance) = best_start(&t, &q, end, max);
            let to = t.get(end).map_or(text.len(), |&(i, c)| i + c.len_utf8());
            let from = t.get(start).map_or(to, |&(i, _)| i);
            Approximate {
                range: from..to,
                distance,
            }
        })
        .filter(|a| a.distance <= max && !a.range.is_empty())
        .collect();
    found.sort_by_key(|a| (a.distance, a.range.start));
    let mut kept: Vec<Approximate> = Vec::new();
    for a in found {
        if kept
            .iter()
            .all(|k| k.range.end <= a.range.start || a.range.end <= k.range.start)
        {
            kept.push(a);
        }
    }
    kept
}

/// How many cells the scan of `quote` over `text` takes (an upper bound, in bytes).
pub fn cells(text: &str, quote: &str) -> usize {
    quote.len().saturating_mul(text.len())
}

/// For each text position j, the least edit distance of the quote to a text substring
/// ending at j (inclusive).
fn end_distances(t: &[(usize, char)], q: &[char]) -> Vec<usize> {
    let m = q.len();
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0; m + 1];
    let mut out = Vec::with_capacity(t.len());
    for &(_, c) in t {
        cur[0] = 0;
        for i in 1..=m {
            let substitute = prev[i - 1] + usize::from(q[i - 1] != c);
            cur[i] = substitute.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        out.push(cur[m]);
        std::mem::swap(&mut prev, &mut cur);
    }
    out
}

/// The end positions that are the best of each run of positions within `max`. Of equal
/// ones, the first that ends a word (`ends_word`), else the last: a quote with a letter
/// too many at its end (`Kremlinn`) matches the word (`Kremlin`), not the word and the
/// character after it (`Kremlin,`); in text without spaces, a wrong last character is
/// taken as replaced, not as added.
fn local_minima(ends: &[usize], max: usize, ends_word: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut best: Option<usize> = None;
    for (j, &d) in ends.iter().enumerate() {
        if d > max {
            if let Some(b) = best.take() {
                out.push(b);
            }
            continue;
        }
        match best {
            Some(b) if ends[b] < d => {}
            Some(b) if ends[b] == d && ends_word(b) => {}
            _ => best = Some(j),
        }
    }
    out.extend(best);
    out
}

/// The start (char index) of the best match ending at `end`, and its distance: an edit
/// distance of the reversed quote against the text read backwards from `end`.
fn best_start(t: &[(usize, char)], q: &[char], end: usize, max: usize) -> (usize, usize) {
    let m = q.len();
    let width = (m + max).min(end + 1);
    // prev[j]: distance of the reversed quote prefix against the last j text chars.
    let mut prev: Vec<usize> = (0..=width).collect();
    let mut cur = vec![0; width + 1];
    for i in 1..=m {
        cur[0] = i;
        for j in 1..=width {
            let c = t[end + 1 - j].1;
            let substitute = prev[j - 1] + usize::from(q[m - i] != c);
            cur[j] = substitute.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (len, distance) = (0..=width)
        .map(|j| (j, prev[j]))
        .min_by_key(|&(j, d)| (d, std::cmp::Reverse(j)))
        .unwrap_or((0, usize::MAX));
    (end + 1 - len, distance)
}

/// A typographic quotation mark (or prime) as its straight form; any other character as
/// it is.
pub(super) fn plain_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
        c => c,
    }
}

/// The form a word is compared in: without the punctuation at its edges, with its
/// quotation marks straight (`“Kim’s,` is `Kim's`); empty for punctuation alone.
pub(super) fn word_key(word: &str) -> String {
    word.trim_matches(|c: char| !is_word_char(c))
        .chars()
        .map(plain_quote)
        .collect()
}

/// The words of `text` (split at white space) that hold a letter or digit, with their
/// byte ranges and their [`word_key`].
fn keyed_words(text: &str) -> impl Iterator<Item = (Range<usize>, String)> + '_ {
    let base = text.as_ptr() as usize;
    text.split_whitespace().filter_map(move |word| {
        let key = word_key(word);
        let start = word.as_ptr() as usize - base;
        (!key.is_empty()).then(|| (start..start + word.len(), key))
    })
}

/// At most this many words more than the quote has may stand between its words in a
/// passage that holds them all ([`with_the_quote_s_words`]).
const MAX_EXTRA_WORDS: usize = 3;

/// The passage of one block of `text` (`blocks`: the blocks' byte ranges) that holds the
/// words of `quote`, when no passage is close letter by letter: its words in another
/// order (as many words as the quote, all of them the quote's, or all but a quarter for
/// quotes of eight words or more), or all its words with up to three more among them
/// (a word the quote leaves out). The one with the fewest words, first of equals; `None`
/// for a quote of one word.
pub fn with_the_quote_s_words(
    text: &str,
    blocks: &[Range<usize>],
    quote: &str,
) -> Option<Range<usize>> {
    let mut needed: HashMap<String, usize> = HashMap::new();
    for (_, key) in keyed_words(quote) {
        *needed.entry(key).or_default() += 1;
    }
    let n: usize = needed.values().sum();
    if n < 2 {
        return None;
    }
    let words: Vec<Vec<(Range<usize>, String)>> = blocks
        .iter()
        .map(|block| {
            text.get(block.clone()).map_or_else(Vec::new, |within| {
                keyed_words(within)
                    .map(|(r, key)| (block.start + r.start..block.start + r.end, key))
                    .collect()
            })
        })
        .collect();
    let same_size = if n >= 8 { n - n / 4 } else { n };
    let found = (n..=n + MAX_EXTRA_WORDS).find_map(|size| {
        let least = if size == n { same_size } else { n };
        words
            .iter()
            .filter_map(|block| best_window(block, &needed, size, least))
            .max_by_key(|&(matched, ref range)| (matched, std::cmp::Reverse(range.start)))
    })?;
    Some(trimmed_like(text, found.1, quote))
}

/// The window of `size` consecutive words of one block holding the most of the `needed`
/// words (each as often as needed), at least `least` of them: how many, and its range.
fn best_window(
    words: &[(Range<usize>, String)],
    needed: &HashMap<String, usize>,
    size: usize,
    least: usize,
) -> Option<(usize, Range<usize>)> {
    let mut held: HashMap<&str, usize> = HashMap::new();
    let mut matched = 0;
    let mut best: Option<(usize, Range<usize>)> = None;
    for (i, (_, key)) in words.iter().enumerate() {
        let want = needed.get(key).copied().unwrap_or(0);
        let have = held.entry(key.as_str()).or_default();
        matched += usize::from(*have < want);
        *have += 1;
        if i >= size {
            let (_, gone) = &words[i - size];
            let want = needed.get(gone).copied().unwrap_or(0);
            let have = held.entry(gone.as_str()).or_default();
            *have -= 1;
            matched -= usize::from(*have < want);
        }
        if i + 1 >= size && matched >= least && best.as_ref().is_none_or(|b| matched > b.0) {
            let (first, last) = (&words[i + 1 - size].0, &words[i].0);
            best = Some((matched, first.start..last.end));
        }
    }
    best
}

/// `range` without the punctuation at either edge where the quote has none there: the
/// comma after `Wednesday,` is not part of a suggestion for a quote ending `Wednesday`.
/// A quotation mark that closes one opened in the passage stays.
fn trimmed_like(text: &str, range: Range<usize>, quote: &str) -> Range<usize> {
    let passage = &text[range.clone()];
    let mut start = range.start;
    let mut end = range.end;
    if quote.chars().next().is_some_and(is_word_char) {
        start += passage.len() - passage.trim_start_matches(|c: char| !is_word_char(c)).len();
    }
    if quote.chars().next_back().is_some_and(is_word_char) {
        let kept = &text[start..range.end];
        let tail = kept.trim_end_matches(|c: char| !is_word_char(c));
        // Double marks only: a single closing mark is also an apostrophe (`Kim’s`).
        let opened = tail.matches('\u{201C}').count() > tail.matches('\u{201D}').count()
            || tail.matches('"').count() % 2 == 1;
        let cut = &kept[tail.len()..];
        let closing = cut
            .char_indices()
            .find(|&(_, c)| matches!(c, '\u{201D}' | '"'))
            .map(|(i, c)| i + c.len_utf8());
        end = match (opened, closing) {
            (true, Some(close)) => start + tail.len() + close,
            _ => start + tail.len(),
        };
    }
    start..end.max(start)
}

/// The first place where `quote` occurs in `text` ignoring case, as a byte range, of
/// those `accept` takes. Reads the text once, without copying it.
pub fn find_ignoring_case(
    text: &str,
    quote: &str,
    accept: impl Fn(&Range<usize>) -> bool,
) -> Option<Range<usize>> {
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let first = quote.chars().next()?;
    text.char_indices()
        .filter(|&(_, c)| same(c, first))
        .filter_map(|(start, _)| {
            let mut rest = text[start..].char_indices();
            let matched = quote
                .chars()
                .all(|q| rest.next().is_some_and(|(_, c)| same(q, c)));
            let end = rest.next().map_or(text.len(), |(i, _)| start + i);
            matched.then_some(start..end)
        })
        .find(|r| accept(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, quote: &str) -> Vec<(&'t str, usize)> {
        approximate(text, quote, bound(quote.chars().count()))
            .into_iter()
            .map(|a| (&text[a.range], a.distance))
            .collect()
    }

    #[test]
    fn finds_the_closest_passage() {
        let text = "On Wednesday Kim arrived in Russia by train, officials said.";
        assert_eq!(
            texts(text, "arived in Russia by train"),
            vec![("arrived in Russia by train", 1)]
        );
        assert_eq!(
            texts(text, "arrived in Rusia"),
            vec![("arrived in Russia", 1)]
        );
    }

    fn with_words<'t>(text: &'t str, quote: &str) -> Option<&'t str> {
        let blocks: Vec<Range<usize>> = text
            .split(" | ")
            .map(|b| {
                let start = b.as_ptr() as usize - text.as_ptr() as usize;
                start..start + b.len()
            })
            .collect();
        with_the_quote_s_words(text, &blocks, quote).map(|r| &text[r])
    }

    #[test]
    fn finds_the_quote_s_words_in_another_order() {
        let text = "Kim, who arrived in Russia by train on Wednesday, met officials.";
        assert_eq!(
            with_words(text, "arrived in Russia on Wednesday by train"),
            Some("arrived in Russia by train on Wednesday")
        );
        // The punctuation at the edges is kept only where the quote has some too.
        assert_eq!(with_words(text, "officials met"), Some("met officials"));
        assert_eq!(
            with_words("“Kim’s train,” he said", "train Kim's,”"),
            Some("Kim’s train,”")
        );
        // Non-ASCII words are whole characters.
        assert_eq!(
            with_words("Ким прибыл во Владивосток", "во Владивосток прибыл"),
            Some("прибыл во Владивосток")
        );
    }

    #[test]
    fn finds_the_quote_s_words_with_a_word_left_out() {
        let text =
            "to avoid spilling Russian blood, he said | Defence Minister Sergei Shoigu and others";
        assert_eq!(
            with_words(text, "to avoid spilling blood"),
            Some("to avoid spilling Russian blood")
        );
        assert_eq!(
            with_words(text, "Defence Minister Shoigu and"),
            Some("Defence Minister Sergei Shoigu and")
        );
        // The fewest words first: a quote's words side by side beat words further apart.
        assert_eq!(with_words("a b x c | a b c", "a b c"), Some("a b c"));
        // No more than three words more.
        assert_eq!(with_words("one w x y z two", "one two"), None);
        assert_eq!(
            with_words("one x y z two", "one two"),
            Some("one x y z two")
        );
    }

    #[test]
    fn a_quotation_mark_opened_in_the_passage_is_closed_in_it() {
        let text =
            "he wanted to turn around \u{201C}to avoid spilling Russian blood\u{201D}, he said";
        assert_eq!(
            with_words(text, "turn around to avoid spilling blood"),
            Some("turn around \u{201C}to avoid spilling Russian blood\u{201D}")
        );
        assert_eq!(
            with_words("it was \"a stab in the back\" he said", "a stab in back"),
            Some("a stab in the back")
        );
    }

    #[test]
    fn words_in_another_order_need_all_the_words_of_a_short_quote() {
        let text = "the summit with President Vladimir Putin | in Vladivostok the next day";
        assert_eq!(with_words(text, "Putin Vladimir"), Some("Vladimir Putin"));
        assert_eq!(with_words(text, "Putin Vladimir Medvedev"), None);
        assert_eq!(with_words(text, "Putin"), None);
        // Never across blocks.
        assert_eq!(with_words(text, "in Putin Vladimir"), None);
        // A long quote may miss a quarter of its words.
        let long = "one two three four five six seven eight nine ten";
        assert_eq!(
            with_words(long, "two one three four five six seven eight nine lots"),
            Some("one two three four five six seven eight nine ten")
        );
        assert_eq!(
            with_words(long, "two one three four five six seven lots more again"),
            None
        );
    }

    #[test]
    fn nothing_close_means_nothing() {
        let text = "On Wednesday Kim arrived in Russia by train, officials said.";
        assert!(texts(text, "Hanoi summit ended").is_empty());
        assert!(texts("", "x").is_empty());
    }

    #[test]
    fn counts_characters_not_bytes() {
        let text = "Ким прибыл во Владивосток поездом";
        assert_eq!(
            texts(text, "прибыл во Владивасток"),
            vec![("прибыл во Владивосток", 1)]
        );
        assert_eq!(texts("东京大学 😀 是", "京大字"), vec![("京大学", 1)]);
    }

    #[test]
    fn several_places_come_best_first() {
        let text = "Kim Jong Un met. Kim Jung Un left. Kim Jong-un slept.";
        let found = texts(text, "Kim Jong Un");
        assert_eq!(found[0], ("Kim Jong Un", 0));
        assert_eq!(found[1], ("Kim Jung Un", 1));
    }

    #[test]
    fn case_insensitive_search() {
        let text = "the North Korean leader";
        let any = |_: &Range<usize>| true;
        assert_eq!(find_ignoring_case(text, "north korean", any), Some(4..16));
        assert_eq!(find_ignoring_case("ДА нет", "да", any), Some(0..4));
        assert_eq!(find_ignoring_case("abc", "abcd", any), None);
        assert_eq!(find_ignoring_case("abc", "", any), None);
        let second = |r: &Range<usize>| r.start > 0;
        assert_eq!(find_ignoring_case("Ab ab", "AB", second), Some(3..5));
    }
}
