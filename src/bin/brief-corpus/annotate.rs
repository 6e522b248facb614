//! The annotations of a generated briefing. Quotes are taken from the article's reader
//! text, and each selector is checked against a model of brief's matching rules (blocks
//! joined by one space, substring matches within one block, `prefix`/`suffix` compared
//! with the whitespace at the junction ignored) so that every one anchors: a quote that
//! occurs more than once gets a `prefix`, a `suffix` or an `occurrence`.

use chrono::Days;

use crate::article::{Article, BlockKind};
use crate::notes::NoteSpec;
use crate::rng::Rng;
use crate::words::*;
use crate::yaml::{list, quoted, scalar};

/// Where a token is in the reader text: (word, whole token with its quotation marks and
/// punctuation), each a byte range.
type TokenPlace = ((usize, usize), (usize, usize));

/// The article's reader text, normalised the way brief normalises it.
pub struct Reader {
    text: String,
    /// Byte range of each reader block in `text`.
    blocks: Vec<(usize, usize)>,
    /// For each block of the article, each token's place in `text`.
    tokens: Vec<Vec<TokenPlace>>,
}

impl Reader {
    /// The reader text of `article`.
    pub fn new(article: &Article) -> Reader {
        let mut text = String::with_capacity(6000);
        let mut blocks = Vec::new();
        let mut tokens = Vec::with_capacity(article.blocks.len());
        for block in &article.blocks {
            let mut ranges = Vec::with_capacity(block.tokens.len());
            if matches!(block.kind, BlockKind::Code { .. }) || block.tokens.is_empty() {
                tokens.push(ranges);
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            for (i, token) in block.tokens.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let at = text.len();
                let whole = token.text();
                let word = at + token.word_offset();
                ranges.push(((word, word + token.word.len()), (at, at + whole.len())));
                text.push_str(&whole);
            }
            blocks.push((start, text.len()));
            tokens.push(ranges);
        }
        Reader {
            text,
            blocks,
            tokens,
        }
    }

    /// Start offsets of every match of `quote` that lies within one block.
    fn matches(&self, quote: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = self.text[from..].find(quote) {
            let start = from + i;
            let end = start + quote.len();
            if self.blocks.iter().any(|&(s, e)| s <= start && end <= e) {
                out.push(start);
            }
            from = start + 1;
        }
        out
    }

    fn prefix_ok(&self, start: usize, prefix: &str) -> bool {
        self.text[..start].trim_end().ends_with(prefix.trim_end())
    }

    fn suffix_ok(&self, end: usize, suffix: &str) -> bool {
        self.text[end..]
            .trim_start()
            .starts_with(suffix.trim_start())
    }

    fn block_of(&self, at: usize) -> (usize, usize) {
        *self
            .blocks
            .iter()
            .find(|&&(s, e)| s <= at && at <= e)
            .expect("offset inside a block")
    }

    /// The last `words` words before `start` in its block, with the space after them.
    fn words_before(&self, start: usize, words: usize) -> Option<String> {
        let (block_start, _) = self.block_of(start);
        let before = &self.text[block_start..start];
        let mut cut = before.trim_end().len();
        for _ in 0..words {
            let head = before[..cut].trim_end();
            if head.is_empty() {
                return None;
            }
            cut = head.rfind(' ').map_or(0, |i| i + 1);
        }
        Some(before[cut..].to_string())
    }

    /// The first `words` words after `end` in its block, with the space before them.
    fn words_after(&self, end: usize, words: usize) -> Option<String> {
        let (_, block_end) = self.block_of(end);
        let after = &self.text[end..block_end];
        let mut cut = after.len() - after.trim_start().len();
        for _ in 0..words {
            let tail = &after[cut..];
            let trimmed = tail.trim_start();
            if trimmed.is_empty() {
                return None;
            }
            let skip = tail.len() - trimmed.len();
            cut += skip + trimmed.find(' ').unwrap_or(trimmed.len());
        }
        Some(after[..cut].to_string())
    }

    fn is_whole_word(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

/// How an annotation picks its text.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    quote: String,
    prefix: Option<String>,
    suffix: Option<String>,
    occurrence: Option<String>,
}

/// A selector that picks exactly the match at `start..end` (or every match, when `all`
/// and every match is a whole word).
fn select(reader: &Reader, rng: &mut Rng, start: usize, end: usize, all: bool) -> Selector {
    let quote = reader.text[start..end].to_string();
    let matches = reader.matches(&quote);
    let index = matches
        .iter()
        .position(|&m| m == start)
        .expect("the chosen place is a match");
    let mut selector = Selector {
        quote,
        ..Selector::default()
    };
    if matches.len() == 1 {
        return selector;
    }
    let len = end - start;
    if all && matches.iter().all(|&m| reader.is_whole_word(m, m + len)) {
        selector.occurrence = Some("all".into());
        return selector;
    }
    let mut ways = [0, 1, 2];
    rng.shuffle(&mut ways);
    for way in ways {
        match way {
            0 => {
                for words in 1..=3 {
                    let Some(prefix) = reader.words_before(start, words) else {
                        break;
                    };
                    let left = matches
                        .iter()
                        .filter(|&&m| reader.prefix_ok(m, &prefix))
                        .count();
                    if left == 1 {
                        selector.prefix = Some(prefix);
                        return selector;
                    }
                }
            }
            1 => {
                for words in 1..=3 {
                    let Some(suffix) = reader.words_after(end, words) else {
                        break;
                    };
                    let left = matches
                        .iter()
                        .filter(|&&m| reader.suffix_ok(m + len, &suffix))
                        .count();
                    if left == 1 {
                        selector.suffix = Some(suffix);
                        return selector;
                    }
                }
            }
            _ => break,
        }
    }
    selector.occurrence = Some(if index == 0 && rng.chance(0.5) {
        "first".to_string()
    } else if index + 1 == matches.len() && rng.chance(0.5) {
        "last".to_string()
    } else {
        (index + 1).to_string()
    });
    selector
}

/// One annotation entry.
#[derive(Debug, Clone, Default)]
struct Entry {
    selector: Selector,
    mention: Option<(&'static str, String)>,
    note: Option<String>,
    said_by: Option<String>,
    event: Option<(String, Option<String>, String)>,
    link: Option<(String, Option<String>)>,
    tags: Vec<String>,
}

/// A random span of a few words from a prose block: (start, end) in the reader text,
/// made longer until it is unique when possible.
fn random_span(reader: &Reader, article: &Article, rng: &mut Rng) -> (usize, usize) {
    let prose: Vec<usize> = article
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            matches!(
                b.kind,
                BlockKind::Paragraph | BlockKind::Item | BlockKind::Quote
            ) && b.tokens.len() >= 3
        })
        .map(|(i, _)| i)
        .collect();
    let block = *rng.pick(&prose);
    let tokens = &reader.tokens[block];
    let first = rng.below(tokens.len() - 1);
    let mut last = (first + rng.between(1, 4)).min(tokens.len() - 1);
    loop {
        let start = tokens[first].0.0;
        let end = tokens[last].0.1;
        if reader.matches(&reader.text[start..end]).len() == 1 || last + 1 >= tokens.len() {
            return (start, end);
        }
        if last - first >= 8 {
            return (start, end);
        }
        last += 1;
    }
}

fn phrase(rng: &mut Rng, words: usize) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(words);
    for i in 0..words {
        out.push(match i % 3 {
            0 => *rng.pick(ADJECTIVES),
            1 => *rng.pick(NOUNS),
            _ => *rng.pick(VERBS),
        });
    }
    let text = out.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn note_text(rng: &mut Rng) -> String {
    let mut text = format!(
        "{} the {} {}.",
        phrase(rng, 3),
        rng.pick(NOUNS),
        rng.pick(WHEN)
    );
    if rng.chance(0.3) {
        text.push_str(&format!(
            " See the *{}* {}.",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS)
        ));
    }
    if rng.chance(0.15) {
        text.push_str(&format!(
            " [Background](https://example.org/background/{}).",
            rng.below(1000)
        ));
    }
    text
}

/// The annotations of `article`, about 20 of every kind.
fn entries(article: &Article, notes: &[NoteSpec], rng: &mut Rng) -> Vec<Entry> {
    let reader = Reader::new(article);
    let mut out = Vec::with_capacity(24);
    // Mentions: names as the text writes them.
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        for (t, token) in block.tokens.iter().enumerate() {
            if let Some(note) = token.name {
                hits.push((b, t, note));
            }
        }
    }
    rng.shuffle(&mut hits);
    let mut mentioned: Vec<usize> = Vec::new();
    let wanted = rng.between(5, 7);
    for &(b, t, note) in &hits {
        if mentioned.len() >= wanted {
            break;
        }
        if mentioned.contains(&note) {
            continue;
        }
        mentioned.push(note);
        let (start, end) = reader.tokens[b][t].0;
        let spec = &notes[note];
        let all = rng.chance(0.4);
        out.push(Entry {
            selector: select(&reader, rng, start, end, all),
            mention: Some((spec.kind.key(), spec.slug.clone())),
            note: rng.chance(0.2).then(|| note_text(rng)),
            ..Entry::default()
        });
    }
    // Attributed quotes.
    for speech in article.speeches.iter().take(rng.between(1, 3)) {
        let tokens = &reader.tokens[speech.block];
        let (start, end) = if rng.chance(0.3) {
            (tokens[speech.start].1.0, tokens[speech.end - 1].1.1)
        } else {
            let end = tokens[speech.end - 1].0.1;
            (tokens[speech.start].0.0, end)
        };
        out.push(Entry {
            selector: select(&reader, rng, start, end, false),
            said_by: Some(notes[speech.person].slug.clone()),
            ..Entry::default()
        });
    }
    let total = rng.between(18, 22);
    let mut kind = 0;
    while out.len() < total {
        let (start, end) = random_span(&reader, article, rng);
        let mut entry = Entry {
            selector: select(&reader, rng, start, end, false),
            ..Entry::default()
        };
        match kind % 6 {
            0 | 1 => entry.note = Some(note_text(rng)),
            2 => {
                let date = article.date - Days::new(rng.below(60) as u64);
                let end = rng
                    .chance(0.25)
                    .then(|| (date + Days::new(rng.between(1, 5) as u64)).to_string());
                let words = rng.between(3, 6);
                entry.event = Some((date.to_string(), end, phrase(rng, words)));
            }
            3 => {
                let url = format!(
                    "https://example.org/reports/{}-{}",
                    rng.pick(NOUNS),
                    rng.below(100_000)
                );
                let title = rng.chance(0.7).then(|| phrase(rng, 4));
                entry.link = Some((url, title));
            }
            4 => {
                entry.tags = (0..rng.between(1, 2))
                    .map(|_| rng.pick(TAGS).to_string())
                    .collect();
                entry.tags.dedup();
            }
            _ => {
                entry.note = Some(note_text(rng));
                let words = rng.between(3, 5);
                entry.event = Some((article.date.to_string(), None, phrase(rng, words)));
                entry.tags = vec![rng.pick(TAGS).to_string()];
            }
        }
        out.push(entry);
        kind += 1;
    }
    // Written in reading order, roughly as an editor would.
    out.sort_by_key(|e| reader.matches(&e.selector.quote).first().copied());
    out
}

/// The sidecar file (`<slug>.yaml`) of `article`.
pub fn sidecar(article: &Article, notes: &[NoteSpec], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(4000);
    out.push_str("annotations:\n");
    for entry in entries(article, notes, rng) {
        let s = &entry.selector;
        out.push_str(&format!("  - quote: {}\n", scalar(&s.quote)));
        if let Some(prefix) = &s.prefix {
            out.push_str(&format!("    prefix: {}\n", scalar(prefix)));
        }
        if let Some(suffix) = &s.suffix {
            out.push_str(&format!("    suffix: {}\n", scalar(suffix)));
        }
        if let Some(occurrence) = &s.occurrence {
            out.push_str(&format!("    occurrence: {occurrence}\n"));
        }
        if let Some((key, slug)) = &entry.mention {
            out.push_str(&format!("    {key}: {slug}\n"));
        }
        if let Some(person) = &entry.said_by {
            out.push_str(&format!("    said_by: {person}\n"));
        }
        if let Some(note) = &entry.note {
            out.push_str(&format!("    note: {}\n", scalar(note)));
        }
        if let Some((date, end, title)) = &entry.event {
            out.push_str(&format!("    event:\n      date: {date}\n"));
            if let Some(end) = end {
                out.push_str(&format!("      end: {end}\n"));
            }
            out.push_str(&format!("      title: {}\n", quoted(title)));
        }
        match &entry.link {
            Some((url, Some(title))) => {
                out.push_str(&format!(
                    "    link:\n      url: {url}\n      title: {}\n",
                    scalar(title)
                ));
            }
            Some((url, None)) => out.push_str(&format!("    link: {url}\n")),
            None => {}
        }
        if !entry.tags.is_empty() {
            out.push_str(&format!("    tags: {}\n", list(&entry.tags)));
        }
    }
    out
}
