//! The reader text as snippets show it: every whitespace run folded to one space, with
//! the way from offsets of the reader text to offsets of the folded text.
//!
//! Folding once per document lets each of a document's many snippets be copied from the
//! folded text, rather than folded again from the reader text one sentence at a time.

use std::ops::Range;

use crate::anchor::normalize::ascii_run;

/// A whitespace run of the reader text that folding changes (any run but one space).
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Where the run starts in the reader text.
    reader_start: usize,
    /// Where it ends in the reader text.
    reader_end: usize,
    /// Where its one space is in the folded text.
    folded: usize,
}

/// The reader text with every run of whitespace folded to one space.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text: spaces are its only whitespace, and never two in a row.
    pub(crate) text: String,
    /// The runs that folding changed, in order.
    runs: Vec<Run>,
}

impl Folded {
    /// Folds `reader`.
    pub(crate) fn of(reader: &str) -> Folded {
        let bytes = reader.as_bytes();
        let mut text = String::with_capacity(reader.len());
        let mut runs = Vec::new();
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Plain ASCII, single spaces between words included, stays as it is.
            let plain = ascii_run(bytes.get(i..).unwrap_or_default());
            if plain > 0 {
                i += plain;
                continue;
            }
            let Some(c) = reader.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            if !c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let end = end_of_whitespace(reader, i);
            if reader.get(i..end) != Some(" ") {
                text.push_str(reader.get(copied..i).unwrap_or(""));
                runs.push(Run {
                    reader_start: i,
                    reader_end: end,
                    folded: text.len(),
                });
                text.push(' ');
                copied = end;
            }
            i = end;
        }
        text.push_str(reader.get(copied..).unwrap_or(""));
        Folded { text, runs }
    }

    /// The folded text of the reader text's `range` (char boundaries, in order): what
    /// folding that range alone gives. A range that starts or ends inside a run of
    /// whitespace keeps a space for the part of the run it holds.
    #[cfg(test)]
    pub(crate) fn range_of(&self, range: Range<usize>) -> Range<usize> {
        let [range, _, _] = self.ranges_of([range.start, range.end, range.end, range.end]);
        range
    }

    /// The folded text of the three ranges between `bounds` of the reader text (char
    /// boundaries, in order), as [`range_of`](Folded::range_of) gives each: for the
    /// text before a range, the range and the text after it, with one search.
    pub(crate) fn ranges_of(&self, bounds: [usize; 4]) -> [Range<usize>; 3] {
        let mut next_run = self
            .runs
            .partition_point(|run| run.reader_start < bounds[0]);
        let offsets = bounds.map(|at| {
            while self
                .runs
                .get(next_run)
                .is_some_and(|run| run.reader_start < at)
            {
                next_run += 1;
            }
            let last_run = next_run.checked_sub(1).and_then(|i| self.runs.get(i));
            folded_offsets(last_run, at)
        });
        std::array::from_fn(|i| match bounds[i] < bounds[i + 1] {
            true => offsets[i].0..offsets[i + 1].1,
            false => offsets[i].0..offsets[i].0,
        })
    }

    /// The folded text in `range`.
    pub(crate) fn get(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }
}

/// Where reader offset `at` is in the folded text, as the start of a range and as its
/// end, given the last run that starts before it: inside a run, a range that starts
/// there starts before the run's space and one that ends there ends after it.
fn folded_offsets(last_run: Option<&Run>, at: usize) -> (usize, usize) {
    let Some(run) = last_run else {
        return (at, at);
    };
    if at < run.reader_end {
        (run.folded, run.folded + 1)
    } else {
        let offset = at - run.reader_end + run.folded + 1;
        (offset, offset)
    }
}

/// The end of the run of whitespace characters that starts at byte `start`.
fn end_of_whitespace(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let run: usize = rest
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    start + run
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Folded;

    /// Folding char by char: every run of whitespace becomes one space.
    pub(crate) fn fold_reference(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        if space {
            out.push(' ');
        }
        out
    }

    #[test]
    fn every_range_folds_as_its_text_alone_would() {
        let pieces = [
            "a", "word", " ", "  ", "\n", "\t", " \n ", "\u{a0}", "\u{3000}", "é", "中文", "😀",
            "\u{2028}", ".", "\u{1}", "\u{b}", "a b",
        ];
        let mut rng = crate::testkit::Lcg(11);
        for _ in 0..400 {
            let n = rng.below(16);
            let reader: String = (0..n).map(|_| rng.pick(&pieces)).collect();
            let folded = Folded::of(&reader);
            assert_eq!(folded.text, fold_reference(&reader), "{reader:?}");
            let bounds: Vec<usize> = (0..=reader.len())
                .filter(|&i| reader.is_char_boundary(i))
                .collect();
            for (i, &start) in bounds.iter().enumerate() {
                for &end in &bounds[i..] {
                    let range = folded.range_of(start..end);
                    assert_eq!(
                        folded.get(range),
                        fold_reference(&reader[start..end]),
                        "{reader:?} {start}..{end}"
                    );
                }
            }
        }
    }
}
