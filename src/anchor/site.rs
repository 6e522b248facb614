//! The `anchor` stage applied to a whole site: [`Loaded`] → [`Anchored`].
//!
//! For every briefing: parse the body once, anchor each annotation, find automatic
//! mentions, and render the body with its marks; for every note, render its Markdown.

use crate::markdown::Placement;

/// Every briefing and note of a site with its Markdown rendered and its annotations placed.
/// `briefings[i]` belongs to `Loaded::briefings[i]` and `notes[i]` to `Loaded::notes[i]`.
#[derive(Debug, Clone, Default)]
pub struct Anchored {
    /// One per loaded briefing, same order (shared, so that a rebuild can reuse the
    /// briefings whose inputs did not change).
    pub briefings: Vec<Arc<AnchoredBriefing>>,
    /// One per loaded note, same order.
    pub notes: Vec<RenderedNote>,
}

/// A briefing's rendered HTML and where each annotation landed.
#[derive(Debug, Clone, Default)]
pub struct AnchoredBriefing {
    /// The article body, with every annotation wrapped in `data-annot` elements.
    pub body_html: String,
    /// The summary (bottom line), rendered; no annotations.
    pub summary_html: Option<String>,
    /// The explicit annotations that anchored, in the order they were written.
    pub annotations: Vec<PlacedAnnotation>,
    /// Every mention of a note (explicit and automatic), in reading order.
    pub mentions: Vec<PlacedMention>,
    /// Words in the reader text, for reading-time estimates.
    pub word_count: usize,
    /// Each word of the reader text once, lowercased, for the search index (at most
    /// [`SEARCH_WORDS_BYTES`]).
    pub search_words: String,
    /// A number no other anchoring in this process has (0 only for an empty default):
    /// two anchored briefings with the same revision are the same result, computed
    /// once from the same inputs, so a rebuild can tell what changed without comparing
    /// content.
    pub revision: u64,
}

impl AnchoredBriefing {
    /// A revision number not given out before in this process.
    pub fn next_revision() -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// What identifies a briefing as the same as in an earlier build of the same process:
/// the revision of its anchoring (given out once per anchoring, and a briefing is
/// anchored again whenever its files change) and the files it was loaded from (shared
/// between builds while they are unchanged). Whatever is made from a briefing alone can
/// be kept by identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    revision: u64,
    files: (usize, usize),
}

impl Identity {
    /// The identity of `briefing` as anchored in `placed`. Two equal identities with a
    /// nonzero revision denote equal briefings, loaded and anchored.
    pub fn of(briefing: &Briefing, placed: &AnchoredBriefing) -> Self {
        let sidecar = briefing
            .annotations
            .file
            .as_ref()
            .map_or(0, |f| Arc::as_ptr(f) as usize);
        Identity {
            revision: placed.revision,
            files: (Arc::as_ptr(&briefing.file) as usize, sidecar),
        }
    }

    /// Whether `earlier` identifies the same briefing (never for an empty default).
    pub fn same_as(&self, earlier: &Identity) -> bool {
        self.revision != 0 && self == earlier
    }
}

/// An explicit annotation and where it landed.
#[derive(Debug, Clone)]
pub struct PlacedAnnotation {
    /// The id carried by its elements in the body (`data-annot="a3"`), unique in the page.
    pub id: String,
    /// Index into the briefing's `annotations.entries`.
    pub index: usize,
    /// Where each matched range is (several for `occurrence: all`), in reading order.
    pub placements: Vec<Placement>,
    /// The annotation's `note`, rendered from Markdown.
    pub note_html: Option<String>,
}

/// One place where a briefing mentions a note.
#[derive(Debug, Clone)]
pub struct PlacedMention {
    /// The id carried by the mention's elements in the body.
    pub id: String,
    /// Index into `Loaded::notes`.
    pub note: usize,
    /// Where the mention is, with its sentence.
    pub placement: Placement,
    /// Which of its annotation's ranges it is (1-based, in reading order): the
    /// `occurrence: all` of an explicit mention has several; an automatic one is 1.
    pub ordinal: usize,
    /// Whether an annotation asked for it (as opposed to an automatic mention).
    pub explicit: bool,
}

/// A note's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderedNote {
    /// The background note body.
    pub body_html: String,
    /// The summary, rendered (inline Markdown allowed).
    pub summary_html: Option<String>,
}

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::anchor::{
    AnchorError, MentionIndex, Selector, TakenRange, anchor, auto_mentions, split_word,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{
    Document, Mark, MarkElement, Marker, RawHtmlProblems, TextRange, numbered,
    render_marks_with_markers, render_plain_checked,
};
use crate::model::{Annotation, Briefing, Loaded, NoteRef};

/// How many bytes of distinct words a briefing gives the search index: the words of a
/// long article of some 4,000 words, most of them once.
pub const SEARCH_WORDS_BYTES: usize = 12 * 1024;

/// Anchors and renders every briefing and note of a loaded site (in parallel).
/// Problems (quotes not found, ambiguous, ...) come back as diagnostics; a briefing with
/// problems is still rendered with the annotations that did anchor.
pub fn anchor_site(config: &Config, loaded: &Loaded) -> (Anchored, Vec<Diagnostic>) {
    anchor_site_reusing(config, loaded, &mut AnchorMemo::default())
}

/// The anchored briefings of an earlier build, for [`anchor_site_reusing`].
#[derive(Debug, Default)]
pub struct AnchorMemo {
    /// What every briefing's result was computed from (see [`Inputs`]).
    site: u64,
    /// Results in the order of that build's briefings.
    briefings: Vec<Memoised>,
    /// The index of the notes' names, once one was needed.
    index: Option<Arc<MentionIndex>>,
    /// The problems of that build's unpublished briefings, each with the briefing.
    unpublished: Vec<(Arc<Briefing>, Vec<Diagnostic>)>,
}

/// One briefing's result and the inputs it was computed from.
#[derive(Debug, Clone)]
struct Memoised {
    briefing: Arc<Briefing>,
    anchored: Arc<AnchoredBriefing>,
    problems: Vec<Diagnostic>,
}

impl AnchorMemo {
    /// The result kept for `briefing` (the `b`-th of this build), if its files are
    /// those it was anchored from. Unchanged briefings are the very same shared values,
    /// mostly at the same place as in the previous build; `by_slug` (made on first use)
    /// finds the others.
    fn find<'m>(
        &'m self,
        b: usize,
        briefing: &Arc<Briefing>,
        by_slug: &OnceLock<FxHashMap<&'m str, usize>>,
    ) -> Option<&'m Memoised> {
        if let Some(old) = self
            .briefings
            .get(b)
            .filter(|old| Arc::ptr_eq(&old.briefing, briefing))
        {
            return Some(old);
        }
        let by_slug = by_slug.get_or_init(|| {
            self.briefings
                .iter()
                .enumerate()
                .map(|(i, old)| (old.briefing.slug.as_str(), i))
                .collect()
        });
        let old = self.briefings.get(*by_slug.get(briefing.slug.as_str())?)?;
        Inputs::of(&old.briefing)
            .same_as(&Inputs::of(briefing))
            .then_some(old)
    }
}

/// What a briefing's anchoring reads besides the site-wide context: its own files. A
/// briefing is a pure function of their text, the config and the notes' names, so equal
/// texts under an equal site fingerprint give an equal result.
#[derive(Debug, Clone)]
struct Inputs<'a> {
    body: &'a Arc<crate::model::SourceFile>,
    sidecar: Option<&'a Arc<crate::model::SourceFile>>,
}

impl<'a> Inputs<'a> {
    fn of(briefing: &'a Briefing) -> Self {
        Inputs {
            body: &briefing.file,
            sidecar: briefing.annotations.file.as_ref(),
        }
    }

    fn same_as(&self, other: &Inputs<'_>) -> bool {
        let same = |a: &Arc<crate::model::SourceFile>, b: &Arc<crate::model::SourceFile>| {
            Arc::ptr_eq(a, b) || (a.path == b.path && a.text == b.text)
        };
        same(self.body, other.body)
            && match (self.sidecar, other.sidecar) {
                (None, None) => true,
                (Some(a), Some(b)) => same(a, b),
                _ => false,
            }
    }
}

/// Like [`anchor_site`], but reuses from `memo` the result of every briefing whose files
/// are unchanged while the site-wide inputs (the config and every note's name, aliases
/// and place in the list) are unchanged, and stores the new results in `memo`. The
/// result is always equal to what [`anchor_site`] gives.
pub fn anchor_site_reusing(
    config: &Config,
    loaded: &Loaded,
    memo: &mut AnchorMemo,
) -> (Anchored, Vec<Diagnostic>) {
    let site = site_fingerprint(config, loaded);
    if site != memo.site {
        memo.briefings.clear();
        memo.unpublished.clear();
        memo.index = None;
        memo.site = site;
    }
    // Made only when a briefing is anchored again, and kept while the notes are the same.
    let index = OnceLock::new();
    if let Some(kept) = memo.index.take() {
        let _ = index.set(kept);
    }
    let lookup = OnceLock::new();
    let hrefs = OnceLock::new();
    let by_slug = OnceLock::new();
    // What anchoring needs of the site, made on first use.
    let context = || SiteContext {
        config,
        index: index.get_or_init(|| Arc::new(mention_index(loaded))),
        lookup: lookup.get_or_init(|| note_lookup(loaded)),
        note_hrefs: hrefs.get_or_init(|| note_hrefs(loaded)),
    };
    let previous = &*memo;
    let results: Vec<Memoised> = loaded
        .briefings
        .par_iter()
        .enumerate()
        .map(|(b, briefing)| {
            if let Some(old) = previous.find(b, briefing, &by_slug) {
                return Memoised {
                    briefing: briefing.clone(),
                    ..old.clone()
                };
            }
            let (anchored, problems) = anchor_briefing(&context(), briefing);
            Memoised {
                briefing: briefing.clone(),
                anchored: Arc::new(anchored),
                problems,
            }
        })
        .collect();
    let mut briefings = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in &results {
        problems.extend(result.problems.iter().cloned());
        briefings.push(result.anchored.clone());
    }
    memo.briefings = results;
    // Briefings that are not published are anchored for their problems only, again only
    // when their files changed.
    let previous = std::mem::take(&mut memo.unpublished);
    let unpublished: Vec<(Arc<Briefing>, Vec<Diagnostic>)> = loaded
        .unpublished
        .par_iter()
        .map(|briefing| {
            let kept = previous.iter().find(|(old, _)| Arc::ptr_eq(old, briefing));
            let found = match kept {
                Some((_, found)) => found.clone(),
                None => anchor_briefing(&context(), briefing).1,
            };
            (briefing.clone(), found)
        })
        .collect();
    for (_, found) in &unpublished {
        problems.extend(found.iter().cloned());
    }
    memo.unpublished = unpublished;
    memo.index = index.into_inner();
    let notes: Vec<(RenderedNote, Vec<Diagnostic>)> = loaded
        .notes
        .par_iter()
        .map(|note| {
            let (body_html, raw_html) = render_plain_checked(note.body(), &config.markdown);
            let mut found = raw_html_problems(&note.file, note.body_start, raw_html);
            let summary_html = note.summary.as_deref().map(|s| {
                let (html, problems) = render_plain_checked(s, &config.markdown);
                found.extend(unsafe_link_in_value(problems, || {
                    summary_location(&note.file)
                }));
                html
            });
            let rendered = RenderedNote {
                body_html,
                summary_html,
            };
            (rendered, found)
        })
        .collect();
    let mut rendered = Vec::with_capacity(notes.len());
    for (note, found) in notes {
        rendered.push(note);
        problems.extend(found);
    }
    (
        Anchored {
            briefings,
            notes: rendered,
        },
        problems,
    )
}

/// Where a quote that is not in the article's text is, when it is in the briefing's
/// title or summary, or in the article's Markdown but not as text a reader sees (an
/// image's description, raw HTML, a link's address or its brackets).
fn outside_the_article(briefing: &Briefing, doc: &Document<'_>, quote: &str) -> Option<String> {
    let folded = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = folded(quote);
    if quote.is_empty() {
        return None;
    }
    // The summary is Markdown: its emphasis marks are not words.
    let has = |text: &str| folded(&text.replace(['*', '_', '`'], "")).contains(&quote);
    if has(&briefing.title) {
        return Some("these words are the briefing's title: annotations mark the article".into());
    }
    if briefing.summary.as_deref().is_some_and(has) {
        return Some(
            "these words are in the briefing's `summary`: annotations mark the article".into(),
        );
    }
    has(doc.source()).then(|| {
        "these words are in the article's Markdown, but not as text a reader sees (an \
         image's description, HTML, a link's address or brackets, a footnote's `[^1]`): quote the text as the \
         page shows it"
            .into()
    })
}

/// The whole word(s) a range cuts into ([`split_word`]) when it cuts between two Latin
/// letters (`Hano|i`): a letter dropped from the quote. Not in other scripts, where a
/// quote rightly stops before an ending the grammar adds (Korean `블라디보스토크|에`,
/// Russian `Ким Чен Ын|ом`).
fn latin_word_split(reader: &str, range: TextRange) -> Option<TextRange> {
    let word = split_word(reader, range)?;
    let latin = |c: char| c.is_ascii_alphanumeric() || ('\u{C0}'..='\u{24F}').contains(&c);
    let cut_between_latin = |at: usize| {
        let before = reader.get(..at).and_then(|t| t.chars().next_back());
        let after = reader.get(at..).and_then(|t| t.chars().next());
        matches!((before, after), (Some(b), Some(a)) if latin(b) && latin(a))
    };
    let cut = (word.start < range.start && cut_between_latin(range.start))
        || (word.end > range.end && cut_between_latin(range.end));
    cut.then_some(word)
}

/// The warning for a quote that starts or ends inside a word; `word` is the match
/// widened to whole words.
fn splits_word_warning(at: Location, reader: &str, word: TextRange) -> Diagnostic {
    let whole = reader.get(word.start..word.end).unwrap_or_default();
    Diagnostic::warning(
        "quote-splits-word",
        "the quote begins or ends in the middle of a word",
    )
    .at(at)
    .label("part of a word")
    .help(format!(
        "the whole words are `{whole}`: quote them, unless you mean only part of a word"
    ))
}

/// The errors for the raw HTML of a Markdown body that starts at byte `body_start` of
/// `file`.
fn raw_html_problems(
    file: &crate::model::SourceFile,
    body_start: usize,
    found: RawHtmlProblems,
) -> Vec<Diagnostic> {
    let at = |offset: usize, len: usize| {
        Location::from_offset(&file.path, &file.text, body_start + offset, len)
    };
    let mut problems = Vec::new();
    if let Some(offset) = found.too_deep {
        problems.push(
            Diagnostic::error(
                "html-too-deep",
                format!(
                    "the raw HTML here nests more than {} elements deep",
                    crate::markdown::MAX_RAW_HTML_DEPTH
                ),
            )
            .at(at(offset, 1))
            .label("too deep")
            .help(
                "close the HTML elements this part of the article opens, or write it in Markdown",
            ),
        );
    }
    if let Some(offset) = found.containers_too_deep {
        problems.push(
            Diagnostic::error(
                "markdown-too-deep",
                format!(
                    "block quotes and lists nest more than {} deep on this line",
                    crate::markdown::MAX_CONTAINER_DEPTH
                ),
            )
            .at(at(offset, 1))
            .label("too deep")
            .note("the text from this line on is not read")
            .help("nest block quotes (`>`) and lists (`-`, `1.`) a few levels at most"),
        );
    }
    if let Some(offset) = found.too_many_blocks {
        problems.push(
            Diagnostic::error(
                "markdown-too-large",
                format!(
                    "the text holds more than {} paragraphs, list items and table cells",
                    crate::markdown::MAX_BLOCKS
                ),
            )
            .at(at(offset, 1))
            .label("this one is past the limit")
            .note("the text from this line on is not read")
            .help("split the article into several briefings, or put a large table in a file under `static/` and link to it"),
        );
    }
    if let Some((name, offset)) = found.unclosed {
        problems.push(
            Diagnostic::error("html-unclosed", format!("`<{name}>` is never closed"))
                .at(at(offset, name.len() + 1))
                .label("opened here")
                .note(format!(
                    "a browser takes everything after `<{name}>` as its content: the rest of the text would not be shown"
                ))
                .help(format!("close it with `</{name}>`, or remove it")),
        );
    }
    if let Some(url) = found.unsafe_url {
        let line_end = file.text[body_start + url.start..]
            .find('\n')
            .map_or(url.end, |i| url.start + i);
        let at = at(url.start, url.end.min(line_end) - url.start);
        problems.push(unsafe_link_diagnostic(at, url, "this file"));
    }
    problems
}

/// The `unsafe-url` error for a Markdown link or image at `at`.
/// `within` names what the other such links are counted in (`this file`).
fn unsafe_link_diagnostic(
    at: Location,
    url: crate::markdown::UnsafeUrl,
    within: &str,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "unsafe-url",
        format!("`{}` links are not allowed", url.scheme),
    )
    .at(at)
    .label("unsafe link")
    .note("a browser would run or decode this address: the page shows the link's text (an image's description) without it");
    if url.count > 1 {
        d = d.note(format!("{} more in {within}", url.count - 1));
    }
    d.help("link to an `https://` address, or keep the text without a link")
}

/// The `unsafe-url` error for a Markdown value (a summary, an annotation's note) with
/// an unsafe link, at the place `at` finds (looked up only then).
fn unsafe_link_in_value(
    found: RawHtmlProblems,
    at: impl FnOnce() -> Option<Location>,
) -> Option<Diagnostic> {
    let url = found.unsafe_url?;
    Some(unsafe_link_diagnostic(at()?, url, "this value"))
}

/// Where the value of `summary:` is in the front matter of `file`.
fn summary_location(file: &crate::model::SourceFile) -> Option<Location> {
    let doc = crate::load::yaml_doc(file);
    crate::yaml::value_location(&doc, &[crate::yaml::Step::Key("summary")])
}

/// The index of every note's name and aliases, for automatic mentions.
fn mention_index(loaded: &Loaded) -> MentionIndex {
    MentionIndex::ranked(loaded.notes.iter().enumerate().flat_map(|(i, note)| {
        std::iter::once((note.name.clone(), i, 0))
            .chain(note.aliases.iter().map(move |alias| (alias.clone(), i, 1)))
    }))
}

/// Every note by collection and slug.
fn note_lookup(loaded: &Loaded) -> HashMap<NoteRef, usize> {
    loaded
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| (note.note_ref(), i))
        .collect()
}

/// A hash of everything every briefing's anchoring reads besides its own files: the
/// config, and each note's place in the list, collection, slug, name and aliases.
fn site_fingerprint(config: &Config, loaded: &Loaded) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    config.fingerprint().hash(&mut hasher);
    for note in &loaded.notes {
        (&note.collection, &note.slug, &note.name, &note.aliases).hash(&mut hasher);
    }
    // Zero means "nothing memoised yet".
    hasher.finish().max(1)
}

/// What every briefing's anchoring shares.
struct SiteContext<'a> {
    config: &'a Config,
    index: &'a MentionIndex,
    lookup: &'a HashMap<NoteRef, usize>,
    /// The link from a briefing page to each note's page, by note.
    note_hrefs: &'a [String],
}

impl<'a> SiteContext<'a> {
    /// The link from a briefing page (`briefings/<slug>/`) to a note's page.
    fn note_href(&self, note: usize) -> MarkText<'a> {
        self.note_hrefs
            .get(note)
            .map_or(MarkText::Borrowed(""), |href| MarkText::Borrowed(href))
    }
}

/// The text of a mark's id, link or class: borrowed from the site, or short and held
/// inline, so that building a briefing's marks rarely allocates.
type MarkText<'a> = pulldown_cmark::CowStr<'a>;

/// The link from a briefing page (`briefings/<slug>/`) to each note's page.
fn note_hrefs(loaded: &Loaded) -> Vec<String> {
    loaded
        .notes
        .iter()
        .map(|note| format!("../../{}/{}/", note.collection, note.slug))
        .collect()
}

/// A mention found while anchoring, with its range for ordering.
struct FoundMention {
    range: TextRange,
    mention: PlacedMention,
}

/// The order of endnotes: by where their annotation's first range is, then by the order
/// the annotations are written in. Endnote `n` is the `n`th in this order.
pub fn endnote_order(placed: &PlacedAnnotation) -> (usize, usize, usize, usize) {
    let first = placed.placements.first();
    (
        first.map_or(usize::MAX, |p| p.block),
        first.map_or(0, |p| p.line),
        first.map_or(0, |p| p.column),
        placed.index,
    )
}

/// The number of each endnote, a link to it after its passage (`noted`: the place of each
/// annotation with an endnote in `annotations`, and where its number goes), so that a
/// reader without the theme's script can follow every passage to its note.
fn note_markers(annotations: &[PlacedAnnotation], noted: &mut [(usize, usize)]) -> Vec<Marker> {
    noted.sort_by_key(|&(a, _)| annotations.get(a).map(endnote_order));
    noted
        .iter()
        .enumerate()
        .filter_map(|(n, &(a, at))| {
            let id = &annotations.get(a)?.id;
            let number = n + 1;
            Some(Marker {
                at,
                html: format!(
                    "<span class=\"sn-wrap sn-static\">\u{2060}<a class=\"note-marker\" href=\"#{}\" aria-label=\"Note {number}\">{number}</a></span>",
                    crate::render::urls::endnote_id(id)
                ),
                order: number,
            })
        })
        .collect()
}

/// The one problem that counts the quotes not anchored past the most a file lists.
fn unlisted_quotes(at: Location, more: usize) -> Diagnostic {
    Diagnostic::error(
        "too-many-problems",
        format!(
            "{more} more quote{} from here on match nothing, not shown one by one",
            if more == 1 { "" } else { "s" }
        ),
    )
    .at(at)
    .help("fix the problems listed first, then run brief check again")
}

fn anchor_briefing<'a>(
    cx: &SiteContext<'a>,
    briefing: &Briefing,
) -> (AnchoredBriefing, Vec<Diagnostic>) {
    let doc = Document::parse(briefing.body(), &cx.config.markdown);
    let mut problems = raw_html_problems(
        &briefing.file,
        briefing.body_start,
        RawHtmlProblems::of(&doc),
    );
    let body_line_offset = briefing
        .file
        .text
        .get(..briefing.body_start)
        .map_or(0, |head| head.matches('\n').count());
    let mut marks: Vec<Mark<MarkText<'a>>> = Vec::new();
    let mut taken = Vec::new();
    let mut found = Vec::new();
    let mut annotations = Vec::new();
    // The annotations with an endnote (their place in `annotations`), and where in the
    // reader text their number goes.
    let mut noted: Vec<(usize, usize)> = Vec::new();
    // Where the first quote past the listed problems is, and how many are not listed.
    let mut unlisted: Option<(Location, usize)> = None;
    for annotation in briefing.annotations.entries.iter() {
        let selector = Selector {
            quote: &annotation.quote,
            prefix: annotation.prefix.as_deref(),
            suffix: annotation.suffix.as_deref(),
            occurrence: annotation.occurrence,
        };
        let ranges = match anchor(&doc, &selector) {
            Ok(ranges) => ranges,
            Err(_) if problems.len() >= crate::load::MAX_PROBLEMS => {
                // Past the most a file lists, the rest are counted, not searched for.
                doc.suggestion_budget
                    .store(0, std::sync::atomic::Ordering::Relaxed);
                unlisted
                    .get_or_insert((annotation_location(briefing, annotation), 0))
                    .1 += 1;
                continue;
            }
            Err(error) => {
                let at = annotation_location(briefing, annotation);
                let elsewhere = match &error {
                    AnchorError::NotFound { quote, .. } => {
                        outside_the_article(briefing, &doc, quote)
                    }
                    _ => None,
                };
                problems.push(match elsewhere {
                    Some(place) => {
                        error.to_diagnostic_elsewhere(at, &doc, body_line_offset, &place)
                    }
                    None => error.to_diagnostic(at, &doc, body_line_offset),
                });
                continue;
            }
        };
        if let Some(word) = ranges
            .iter()
            .find_map(|&range| latin_word_split(doc.reader_text(), range))
        {
            let at = annotation_location(briefing, annotation);
            problems.push(splits_word_warning(at, doc.reader_text(), word));
        }
        let mark_id = numbered("a", annotation.index + 1);
        let id = mark_id.to_string();
        let note = annotation
            .mention
            .as_ref()
            .and_then(|r| cx.lookup.get(r).copied());
        // A mention links to its note's page; a passage with an endnote links to it, so
        // that readers without JavaScript (and printouts) can follow it both ways.
        let class = MarkText::from(annotation_class(annotation));
        let element = match note {
            Some(note) => MarkElement::Link {
                href: cx.note_href(note),
                class,
            },
            None if has_endnote(annotation) => MarkElement::Link {
                href: format!("#{}", crate::render::urls::endnote_id(&id)).into(),
                class,
            },
            None => MarkElement::Span { class },
        };
        let mut placements = Vec::with_capacity(ranges.len());
        for (ordinal, &range) in (1..).zip(&ranges) {
            let placement = doc.placement(range);
            if let Some(note) = note {
                found.push(FoundMention {
                    range,
                    mention: PlacedMention {
                        id: id.clone(),
                        note,
                        placement: placement.clone(),
                        ordinal,
                        explicit: true,
                    },
                });
            }
            placements.push(placement);
            taken.push(TakenRange { range, note });
            marks.push(Mark {
                id: mark_id.clone(),
                range,
                element: element.clone(),
            });
        }
        if has_endnote(annotation) {
            // After its last range in the block of its first, where the theme's script
            // puts the note's button.
            let first_block = placements.first().map(|p| p.block);
            let after = ranges
                .iter()
                .zip(&placements)
                .filter(|(_, p)| Some(p.block) == first_block)
                .map(|(r, _)| r.end)
                .max();
            if let Some(after) = after {
                noted.push((annotations.len(), after));
            }
        }
        annotations.push(PlacedAnnotation {
            id,
            index: annotation.index,
            placements,
            note_html: annotation.note.as_deref().map(|n| {
                let (html, found) = render_plain_checked(n, &cx.config.markdown);
                problems.extend(unsafe_link_in_value(found, || {
                    crate::load::annotation_key_location(
                        &briefing.annotations,
                        annotation.index,
                        "note",
                    )
                }));
                html
            }),
        });
    }
    if let Some((at, more)) = unlisted {
        problems.push(unlisted_quotes(at, more));
    }
    let automatic = auto_mentions(&doc, cx.index, cx.config.auto_mentions, &taken);
    for (n, (range, note)) in automatic.into_iter().enumerate() {
        let mark_id = numbered("m", n + 1);
        let id = mark_id.to_string();
        marks.push(Mark {
            id: mark_id,
            range,
            element: MarkElement::Link {
                href: cx.note_href(note),
                class: MarkText::Borrowed("annot annot-mention annot-auto"),
            },
        });
        found.push(FoundMention {
            range,
            mention: PlacedMention {
                id,
                note,
                placement: doc.placement(range),
                ordinal: 1,
                explicit: false,
            },
        });
    }
    found.sort_by_key(|f| (f.range.start, f.range.end));
    keep_mentions_linked(&mut marks);
    let markers = note_markers(&annotations, &mut noted);
    let mut body_html = render_marks_with_markers(&doc, &marks, &markers);
    // Kept for the whole build: give back the slack the buffer grew with.
    body_html.shrink_to_fit();
    let anchored = AnchoredBriefing {
        body_html,
        summary_html: briefing.summary.as_deref().map(|s| {
            let (html, found) = render_plain_checked(s, &cx.config.markdown);
            problems.extend(unsafe_link_in_value(found, || {
                summary_location(&briefing.file)
            }));
            html
        }),
        annotations,
        mentions: found.into_iter().map(|f| f.mention).collect(),
        word_count: doc.word_count(),
        search_words: search_words(&doc, briefing),
        revision: AnchoredBriefing::next_revision(),
    };
    (anchored, problems)
}

/// Each word a reader of the briefing's page reads once, for the search index: the
/// article's, then the bottom line's and the notes' (their Markdown: its signs are not
/// words), and the events' and further sources' titles.
fn search_words(doc: &Document<'_>, briefing: &Briefing) -> String {
    let mut text = doc.reader_text().to_string();
    let annotations = briefing.annotations.entries.iter();
    let extras = briefing.summary.iter().chain(annotations.flat_map(|a| {
        let event = a.event.as_ref().map(|e| &e.title);
        let link = a.link.as_ref().and_then(|l| l.title.as_ref());
        a.note.iter().chain(event).chain(link)
    }));
    for extra in extras {
        text.push('\n');
        text.push_str(extra);
    }
    crate::markdown::distinct_words(&text, SEARCH_WORDS_BYTES)
}

/// A passage that links to its endnote would turn every mention inside it into a plain
/// span (a link cannot hold a link): where a mention overlaps such a passage, the passage
/// stays a span and the mention keeps its link to the note's page.
fn keep_mentions_linked<S: AsRef<str> + Clone>(marks: &mut [Mark<S>]) {
    let mentions: Vec<TextRange> = marks
        .iter()
        .filter(|m| {
            matches!(&m.element, MarkElement::Link { href, .. } if !href.as_ref().starts_with('#'))
        })
        .map(|m| m.range)
        .collect();
    for mark in marks.iter_mut() {
        let MarkElement::Link { href, class } = &mark.element else {
            continue;
        };
        let overlaps = |r: &TextRange| r.start < mark.range.end && mark.range.start < r.end;
        if href.as_ref().starts_with('#') && mentions.iter().any(overlaps) {
            mark.element = MarkElement::Span {
                class: class.clone(),
            };
        }
    }
}

/// Whether an annotation gets a numbered endnote (anything to say beyond a mention).
pub fn has_endnote(annotation: &Annotation) -> bool {
    annotation.note.is_some()
        || annotation.link.is_some()
        || annotation.event.is_some()
        || annotation.said_by.is_some()
}

/// The CSS classes of an annotation's elements, one per thing it carries.
fn annotation_class(annotation: &Annotation) -> String {
    let mut class = String::from("annot");
    let kinds = [
        (annotation.mention.is_some(), " annot-mention"),
        (annotation.note.is_some(), " annot-note"),
        (annotation.said_by.is_some(), " annot-quote"),
        (annotation.event.is_some(), " annot-event"),
        (annotation.link.is_some(), " annot-link"),
    ];
    for (has, name) in kinds {
        if has {
            class.push_str(name);
        }
    }
    if class.len() == "annot".len() {
        // Tags only: nothing for the reader to open.
        class.push_str(" annot-plain");
    }
    class
}

/// Where an annotation's quote is written, for reporting a problem with it.
fn annotation_location(briefing: &Briefing, annotation: &Annotation) -> Location {
    if let Some(location) =
        crate::load::annotation_location(&briefing.annotations, annotation.index)
    {
        return location;
    }
    let file = briefing
        .annotations
        .file
        .as_deref()
        .unwrap_or(&briefing.file);
    Location::from_offset(&file.path, &file.text, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(reader: &str, quote: &str) -> Option<String> {
        let start = reader.find(quote)?;
        let range = TextRange {
            start,
            end: start + quote.len(),
        };
        latin_word_split(reader, range).map(|w| reader[w.start..w.end].to_string())
    }

    #[test]
    fn only_a_cut_between_latin_letters_is_a_split_word() {
        let text =
            "Talks in Hanoi. 블라디보스토크에 도착했다. Ким Чен Ыном. The Fisheries minister.";
        assert_eq!(cut(text, "Hano").as_deref(), Some("Hanoi"));
        assert_eq!(
            cut(text, "isheries minister").as_deref(),
            Some("Fisheries minister")
        );
        assert_eq!(cut(text, "블라디보스토크"), None, "a Korean particle");
        assert_eq!(cut(text, "Ким Чен Ын"), None, "a Russian case ending");
        assert_eq!(cut(text, "Hanoi"), None);
    }
}
