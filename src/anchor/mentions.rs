//! Automatic mentions: notes' names and aliases found in a briefing's reader text.
//!
//! Whole words only, longest match first, never inside inline code, links or headings,
//! never overlapping an explicit mention; explicit annotations take precedence.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::normalize::{Edges, Normalized, is_word_char, normalize};
use crate::config::AutoMentions;
use crate::markdown::{Document, TextRange};

/// Every note name and alias of a site, ready to be found in any briefing.
/// Build it once per site.
#[derive(Debug, Clone, Default)]
pub struct MentionIndex {
    /// One leftmost-longest automaton over the normalised names; `None` when there are none.
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the note it names.
    notes: Vec<usize>,
    /// Every normalised name and its note, to try shorter names where a longer one is not
    /// a whole-word match.
    names: HashMap<String, usize>,
}

impl MentionIndex {
    /// An index of `(name or alias, note index)` pairs. Names are normalised like quotes;
    /// empty names are ignored; when two notes share a name, the lower note index wins.
    pub fn new(names: impl IntoIterator<Item = (String, usize)>) -> MentionIndex {
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (name, note) in names {
            let name = normalize(&name, Edges::Trim);
            if name.is_empty() {
                continue;
            }
            owner
                .entry(name)
                .and_modify(|n| *n = (*n).min(note))
                .or_insert(note);
        }
        let mut patterns: Vec<(&String, usize)> = owner.iter().map(|(k, v)| (k, *v)).collect();
        patterns.sort();
        let automaton = match patterns.is_empty() {
            true => None,
            false => AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|(name, _)| name.as_str()))
                .ok(),
        };
        let notes = patterns.iter().map(|(_, note)| *note).collect();
        MentionIndex {
            automaton,
            notes,
            names: owner,
        }
    }

    /// Whether the index has no names.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }
}

/// The range of an explicit annotation, which automatic mentions respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenRange {
    /// Where the annotation is in the reader text.
    pub range: TextRange,
    /// The note it mentions, when it is an explicit mention.
    pub note: Option<usize>,
}

/// The automatic mentions of `doc`, in reading order: (range, note index).
///
/// `taken` are the explicit annotations' ranges. With [`AutoMentions::First`], only the
/// first mention of each note, and none for a note that is mentioned explicitly anywhere
/// in the document; with [`AutoMentions::All`], every mention; with
/// [`AutoMentions::Off`], none.
pub fn auto_mentions(
    doc: &Document<'_>,
    index: &MentionIndex,
    policy: AutoMentions,
    taken: &[TakenRange],
) -> Vec<(TextRange, usize)> {
    let Some(automaton) = &index.automaton else {
        return Vec::new();
    };
    if policy == AutoMentions::Off {
        return Vec::new();
    }
    let finder = Finder {
        doc,
        norm: doc.normalized(),
        explicit: taken.iter().filter(|t| t.note.is_some()).collect(),
    };
    let mut kept = finder.scan(automaton, index);
    if policy == AutoMentions::First {
        let mut seen: Vec<usize> = finder.explicit.iter().filter_map(|t| t.note).collect();
        kept.retain(|(_, note)| {
            let first = !seen.contains(note);
            seen.push(*note);
            first
        });
    } else {
        // Each mention is a link with a sentence on the note's page: a pasted text that
        // repeats a name thousands of times must not multiply the site's size with it.
        let mut counts: HashMap<usize, usize> = HashMap::new();
        kept.retain(|(_, note)| {
            let count = counts.entry(*note).or_default();
            *count += 1;
            *count <= MAX_AUTO_MENTIONS
        });
    }
    kept
}

/// With `auto = "all"`, at most this many occurrences of one note's names in one
/// briefing become links; the rest stay plain text.
pub const MAX_AUTO_MENTIONS: usize = 100;

/// Finds the mentions of one document.
struct Finder<'f, 'a> {
    doc: &'f Document<'a>,
    norm: &'f Normalized,
    explicit: Vec<&'f TakenRange>,
}

impl Finder<'_, '_> {
    /// Scans left to right for the longest name at the leftmost place where one fits;
    /// where the longest name does not fit (not whole words, in a link, ...), shorter
    /// names starting at the same place are tried, then the scan moves on by a character.
    fn scan(&self, automaton: &AhoCorasick, index: &MentionIndex) -> Vec<(TextRange, usize)> {
        let text = self.norm.text.as_str();
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = automaton.find(Input::new(text).span(at..text.len())) else {
                break;
            };
            let longest = (
                m.start()..m.end(),
                index.notes.get(m.pattern().as_usize()).copied(),
            );
            let fitting = std::iter::once(longest)
                .chain(shorter_names(text, m.start()..m.end(), index))
                .find_map(|(range, note)| Some((range.end, self.fits(&range)?, note?)));
            match fitting {
                Some((end, reader, note)) => {
                    found.push((reader, note));
                    at = end;
                }
                None => at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// The reader range of a normalised match, if a mention may go there.
    fn fits(&self, range: &Range<usize>) -> Option<TextRange> {
        let norm = self.norm;
        if !whole_words(&norm.text, range)
            || !norm.is_whole(range)
            || norm.block_of(range).is_none()
        {
            return None;
        }
        let reader = norm.to_reader(range.clone());
        let free = plain_text(self.doc, reader)
            && !self.explicit.iter().any(|t| overlaps(t.range, reader));
        free.then_some(reader)
    }
}

/// The names that are shorter prefixes of `range` ending at a word boundary, longest first.
fn shorter_names<'i>(
    text: &'i str,
    range: Range<usize>,
    index: &'i MentionIndex,
) -> impl Iterator<Item = (Range<usize>, Option<usize>)> + 'i {
    let candidate = text.get(range.clone()).unwrap_or("");
    candidate
        .char_indices()
        .rev()
        .filter(|&(i, c)| i > 0 && !is_word_char(c))
        .filter_map(move |(i, _)| {
            let note = index.names.get(&candidate[..i])?;
            Some((range.start..range.start + i, Some(*note)))
        })
}

/// Whether a normalised range has no word character on either side.
fn whole_words(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).and_then(|t| t.chars().next_back());
    let after = text.get(range.end..).and_then(|t| t.chars().next());
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Whether a reader range is outside inline code, links and headings.
fn plain_text(doc: &Document<'_>, range: TextRange) -> bool {
    let segments = doc.segments();
    let first = segments.partition_point(|s| s.range.end <= range.start);
    segments[first..]
        .iter()
        .take_while(|s| s.range.start < range.end)
        .all(|s| !(s.in_code() || s.in_link || s.in_heading))
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests;
