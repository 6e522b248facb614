//! Approximate matching for "did you mean" suggestions: a semi-global edit-distance scan
//! (Sellers' algorithm) of the quote over the text, counted in characters, and a
//! case-insensitive search for the common case-only mismatch.

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

/// The first place where `quote` occurs in `text` ignoring case, as a byte range, of
/// those `accept` takes.
pub fn find_ignoring_case(
    text: &str,
    quote: &str,
    accept: impl Fn(&Range<usize>) -> bool,
) -> Option<Range<usize>> {
    let t: Vec<(usize, char)> = text.char_indices().collect();
    let q: Vec<char> = quote.chars().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let first = *q.first()?;
    (0..t.len().saturating_sub(q.len() - 1))
        .filter(|&s| same(t[s].1, first))
        .filter(|&s| q.iter().zip(&t[s..]).all(|(&a, &(_, b))| same(a, b)))
        .map(|s| {
            let end = t.get(s + q.len()).map_or(text.len(), |&(i, _)| i);
            t[s].0..end
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
