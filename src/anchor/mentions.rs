//! Automatic mentions: notes' names and aliases found in a briefing's reader text.
//!
//! Whole words only, longest match first, never inside inline code, links or headings,
//! never overlapping an explicit mention; explicit annotations take precedence.

use std::collections::HashMap;
use std::ops::Range;

use super::normalize::{Edges, Normalized, is_word_char, normalize};
use crate::config::AutoMentions;
use crate::markdown::{Document, TextRange};

/// Every note name and alias of a site, ready to be found in any briefing.
/// Build it once per site.
#[derive(Debug, Clone, Default)]
pub struct MentionIndex {
    /// The normalised names, for the names that start at a given place.
    trie: NameTrie,
    /// The bytes that names start with.
    first_bytes: ByteSet,
    /// How many distinct names there are.
    names: usize,
}

impl MentionIndex {
    /// An index of `(name or alias, note index)` pairs. Names are normalised like quotes;
    /// empty names are ignored; when two notes share a name, the lower note index wins.
    pub fn new(names: impl IntoIterator<Item = (String, usize)>) -> MentionIndex {
        MentionIndex::ranked(names.into_iter().map(|(name, note)| (name, note, 0)))
    }

    /// An index of `(name, note index, rank)`: when notes share a name, the lowest rank
    /// wins, then the lower note index. A site ranks each note's own name 0 and its
    /// aliases 1, so that a place named `Narva` keeps the name that a person's alias
    /// also lists.
    pub fn ranked(names: impl IntoIterator<Item = (String, usize, u8)>) -> MentionIndex {
        let mut owner: HashMap<String, (u8, usize)> = HashMap::new();
        for (name, note, rank) in names {
            let name = normalize(&name, Edges::Trim);
            if name.is_empty() {
                continue;
            }
            owner
                .entry(name)
                .and_modify(|n| *n = (*n).min((rank, note)))
                .or_insert((rank, note));
        }
        let mut names: Vec<(&String, usize)> = owner.iter().map(|(k, v)| (k, v.1)).collect();
        names.sort();
        let mut first_bytes = ByteSet::default();
        for (name, _) in &names {
            if let Some(&b) = name.as_bytes().first() {
                first_bytes.insert(b);
            }
        }
        MentionIndex {
            trie: NameTrie::of_sorted(names.iter().map(|(name, note)| (name.as_bytes(), *note))),
            first_bytes,
            names: names.len(),
        }
    }

    /// Whether the index has no names.
    pub fn is_empty(&self) -> bool {
        self.names == 0
    }
}

/// The names of an index as a trie of their bytes.
#[derive(Debug, Clone, Default)]
struct NameTrie {
    /// The nodes; 0 is the root.
    nodes: Vec<TrieNode>,
    /// The root's child for each byte (0: none), so that the first step is direct.
    root_children: Vec<usize>,
}

/// A node of a [`NameTrie`]: the bytes on the way to it from the root are a prefix of a
/// name.
#[derive(Debug, Clone, Copy, Default)]
struct TrieNode {
    /// The last byte of that prefix.
    byte: u8,
    /// The first child, or 0; children come in byte order.
    first_child: usize,
    /// The next child of the same parent, or 0.
    next_sibling: usize,
    /// The note named, when the prefix is a whole name.
    note: Option<usize>,
}

impl NameTrie {
    /// The trie of distinct names given in byte order, each with its note.
    fn of_sorted<'n>(names: impl Iterator<Item = (&'n [u8], usize)>) -> NameTrie {
        let mut trie = NameTrie {
            nodes: vec![TrieNode::default()],
            root_children: vec![0; 256],
        };
        // The nodes of the previous name's bytes, and each node's last child so far.
        let mut path: Vec<usize> = Vec::new();
        let mut last_child: Vec<usize> = vec![0];
        let mut previous: &[u8] = &[];
        for (name, note) in names {
            let common = previous
                .iter()
                .zip(name)
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(common);
            for &byte in &name[common..] {
                let node = trie.nodes.len();
                trie.nodes.push(TrieNode {
                    byte,
                    ..TrieNode::default()
                });
                last_child.push(0);
                // Names come in byte order, so a new node is its parent's last child.
                let parent = path.last().copied().unwrap_or(0);
                match last_child[parent] {
                    0 => trie.nodes[parent].first_child = node,
                    sibling => trie.nodes[sibling].next_sibling = node,
                }
                last_child[parent] = node;
                if parent == 0 {
                    trie.root_children[usize::from(byte)] = node;
                }
                path.push(node);
            }
            if let Some(&end) = path.last() {
                trie.nodes[end].note = Some(note);
            }
            previous = name;
        }
        trie
    }

    /// Every name that `text` starts with, shortest first, as (length, note) into `out`.
    fn names_at(&self, text: &[u8], out: &mut Vec<(usize, usize)>) {
        out.clear();
        let mut node = text
            .first()
            .map_or(0, |&b| self.root_children[usize::from(b)]);
        let mut len = 1;
        while let Some(found) = self.nodes.get(node).filter(|_| node != 0) {
            if let Some(note) = found.note {
                out.push((len, note));
            }
            let Some(&next) = text.get(len) else {
                break;
            };
            node = self.child(found, next);
            len += 1;
        }
    }

    /// The child of `parent` for `byte`, or 0.
    fn child(&self, parent: &TrieNode, byte: u8) -> usize {
        let mut child = parent.first_child;
        while let Some(node) = self.nodes.get(child).filter(|_| child != 0) {
            if node.byte >= byte {
                return if node.byte == byte { child } else { 0 };
            }
            child = node.next_sibling;
        }
        0
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
    if index.is_empty() || policy == AutoMentions::Off {
        return Vec::new();
    }
    let finder = Finder {
        doc,
        norm: doc.normalized(),
        explicit: taken.iter().filter(|t| t.note.is_some()).collect(),
    };
    let mut kept = finder.scan(index);
    if policy == AutoMentions::First {
        let explicit = finder.explicit.iter().filter_map(|t| t.note);
        let notes = kept.iter().map(|&(_, note)| note).chain(explicit.clone());
        // Which notes are mentioned already, by their index.
        let mut seen = vec![false; notes.max().map_or(0, |last| last + 1)];
        for note in explicit {
            if let Some(seen) = seen.get_mut(note) {
                *seen = true;
            }
        }
        kept.retain(|&(_, note)| {
            seen.get_mut(note)
                .is_some_and(|seen| !std::mem::replace(seen, true))
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
    /// names starting at the same place are tried, then the scan moves on.
    ///
    /// Only places that start a word can start a mention, so only they are tried: where a
    /// name's first byte follows a character that is not part of a word.
    fn scan(&self, index: &MentionIndex) -> Vec<(TextRange, usize)> {
        let text = self.norm.text.as_str();
        let mut found = Vec::with_capacity(64);
        let mut names = Vec::new();
        let mut at = 0;
        while let Some(start) = next_word_start(text, at, &index.first_bytes) {
            let rest = text.as_bytes().get(start..).unwrap_or_default();
            index.trie.names_at(rest, &mut names);
            let fitting = names.iter().rev().find_map(|&(len, note)| {
                let range = start..start + len;
                Some((range.end, self.fits(&range)?, note))
            });
            match fitting {
                Some((end, reader, note)) => {
                    found.push((reader, note));
                    at = end;
                }
                // A name starts with a whole character: the next one starts after this byte.
                None => at = start + 1,
            }
        }
        found
    }

    /// The reader range of a normalised match, if a mention may go there.
    fn fits(&self, range: &Range<usize>) -> Option<TextRange> {
        let norm = self.norm;
        if !whole_words(&norm.text, range) || norm.block_of(range).is_none() {
            return None;
        }
        let reader = norm.whole_to_reader(range)?;
        let free = plain_text(self.doc, reader)
            && !self.explicit.iter().any(|t| overlaps(t.range, reader));
        free.then_some(reader)
    }
}

/// The first place at or after `from` where `text` has a byte of `first` that starts a
/// word (it does not follow a word character).
fn next_word_start(text: &str, from: usize, first: &ByteSet) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        at += first.find(bytes.get(at..)?)?;
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        if !before.is_some_and(is_word_char) {
            return Some(at);
        }
        at += 1;
    }
}

/// A set of bytes.
#[derive(Debug, Clone)]
struct ByteSet {
    /// Whether each byte is in the set, by value: one load per byte scanned.
    has: Box<[bool; 256]>,
    /// The bytes in the set, in the order added (found with `memchr` while there are at
    /// most three of them).
    few: Vec<u8>,
}

impl Default for ByteSet {
    fn default() -> Self {
        ByteSet {
            has: Box::new([false; 256]),
            few: Vec::new(),
        }
    }
}

impl ByteSet {
    fn insert(&mut self, b: u8) {
        if !self.contains(b) {
            self.has[usize::from(b)] = true;
            self.few.push(b);
        }
    }

    fn contains(&self, b: u8) -> bool {
        self.has[usize::from(b)]
    }

    /// The index of the first byte of `haystack` in the set.
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        match self.few[..] {
            [] => None,
            [a] => memchr::memchr(a, haystack),
            [a, b] => memchr::memchr2(a, b, haystack),
            [a, b, c] => memchr::memchr3(a, b, c, haystack),
            _ => haystack.iter().position(|&b| self.contains(b)),
        }
    }
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
