//! Automatic mentions: notes' names and aliases found in a briefing's reader text.
//!
//! Whole words only, longest match first, never inside inline code, links or headings,
//! never overlapping an explicit mention; explicit annotations take precedence.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::normalize::{Edges, is_word_char, normalize};
use crate::config::AutoMentions;
use crate::markdown::{Document, TextRange};

/// Every note name and alias of a site, ready to be found in any briefing.
/// Build it once per site.
#[derive(Debug, Clone, Default)]
pub struct MentionIndex {
    /// One automaton over the normalised names; `None` when there are no names.
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the note it names.
    notes: Vec<usize>,
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
        let mut patterns: Vec<(String, usize)> = owner.into_iter().collect();
        patterns.sort();
        let automaton = match patterns.is_empty() {
            true => None,
            false => AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns.iter().map(|(name, _)| name))
                .ok(),
        };
        MentionIndex {
            automaton,
            notes: patterns.into_iter().map(|(_, note)| note).collect(),
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
    let norm = doc.normalized();
    let explicit: Vec<&TakenRange> = taken.iter().filter(|t| t.note.is_some()).collect();
    let mut found: Vec<(Range<usize>, usize)> = automaton
        .find_overlapping_iter(&norm.text)
        .filter_map(|m| {
            let range = m.start()..m.end();
            let note = *index.notes.get(m.pattern().as_usize())?;
            let reader = norm.to_reader(range.clone());
            let fits = whole_words(&norm.text, &range)
                && norm.is_whole(&range)
                && norm.block_of(&range).is_some()
                && plain_text(doc, reader)
                && !explicit.iter().any(|t| overlaps(t.range, reader));
            fits.then_some((range, note))
        })
        .collect();
    // Leftmost first, longest first among those starting together, then the lower note.
    found.sort_by_key(|(r, note)| (r.start, std::cmp::Reverse(r.end), *note));
    let mut kept: Vec<(TextRange, usize)> = Vec::new();
    let mut last_end = 0;
    for (range, note) in found {
        if range.start < last_end {
            continue;
        }
        last_end = range.end;
        kept.push((norm.to_reader(range), note));
    }
    if policy == AutoMentions::First {
        let mut seen: Vec<usize> = explicit.iter().filter_map(|t| t.note).collect();
        kept.retain(|(_, note)| {
            let first = !seen.contains(note);
            seen.push(*note);
            first
        });
    }
    kept
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
