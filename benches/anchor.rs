//! The cost of annotation on top of plain Markdown rendering, per article: an ~800-word
//! article with 20 explicit annotations, and a site index of 300 notes × 3 names.
//!
//! `cargo bench --bench anchor`
//!
//! For instruction counts, `ANCHOR_STAGE=<stage> ANCHOR_ITERS=<n>` runs one stage `n`
//! times instead of the benchmarks (stages: see [`run_stage`]); run it under
//! `valgrind --tool=callgrind` with `n` and with 0, and divide the difference by `n`.

use brief::anchor::{MentionIndex, Selector, TakenRange, anchor, auto_mentions};
use brief::config::AutoMentions;
use brief::markdown::{
    Document, Mark, MarkElement, MarkdownOptions, numbered, render, render_marks,
};
use brief::model::Occurrence;
use pulldown_cmark::CowStr;

const NOTES: usize = 300;
const ANNOTATIONS: usize = 20;

fn main() {
    check_article();
    match std::env::var("ANCHOR_STAGE") {
        Ok(stage) => {
            let iters = std::env::var("ANCHOR_ITERS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1000);
            run_stage(&stage, iters);
        }
        Err(_) => divan::main(),
    }
}

/// Runs one stage of the annotation path `iters` times, with its inputs prepared once.
fn run_stage(stage: &str, iters: usize) {
    let md = article();
    let index = index();
    let hrefs = note_hrefs();
    let doc = Document::parse(&md, &options());
    let quotes = quotes(&doc);
    let all_marks = marks(&doc, &quotes, &index, &hrefs);
    let parser_options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    let run: Box<dyn Fn() -> usize> = match stage {
        "plain" => Box::new(|| {
            let mut html = String::with_capacity(md.len() * 3 / 2);
            let parser = pulldown_cmark::Parser::new_ext(divan::black_box(&md), parser_options);
            pulldown_cmark::html::push_html(&mut html, parser);
            html.len()
        }),
        "plain_parse" => Box::new(|| {
            pulldown_cmark::Parser::new_ext(divan::black_box(&md), parser_options)
                .into_offset_iter()
                .count()
        }),
        "annotated" => Box::new(|| {
            let doc = Document::parse(divan::black_box(&md), &options());
            let marks = marks(&doc, &quotes, &index, &hrefs);
            placed(&doc, &marks) + render_marks(&doc, &marks).len()
        }),
        // Placements reuse what a document computes once for them (its sentence ends),
        // which this stage counts only once: subtract `parse` from `parse_and_place`
        // for their whole cost.
        "placements" => Box::new(|| placed(&doc, &all_marks)),
        "parse_and_place" => Box::new(|| {
            let doc = Document::parse(divan::black_box(&md), &options());
            doc.word_count() + placed(&doc, &all_marks)
        }),
        "parse" => Box::new(|| Document::parse(divan::black_box(&md), &options()).word_count()),
        "parse_only" => Box::new(|| {
            Document::parse(divan::black_box(&md), &options())
                .blocks()
                .len()
        }),
        "normalize" => Box::new(|| {
            brief::anchor::normalize::Normalized::of_document(divan::black_box(&doc))
                .text
                .len()
        }),
        "anchor_quotes" => Box::new(|| {
            quotes
                .iter()
                .map(|quote| anchor(&doc, &first(quote)).map_or(0, |r| r.len()))
                .sum()
        }),
        "mentions" => Box::new(|| auto_mentions(&doc, &index, AutoMentions::First, &[]).len()),
        "mention_index" => Box::new(|| usize::from(self::index().is_empty())),
        "render_plain" => Box::new(|| render(divan::black_box(&doc), &[]).len()),
        "render_marked" => Box::new(|| render_marks(divan::black_box(&doc), &all_marks).len()),
        other => panic!("unknown stage {other}"),
    };
    let mut total = 0;
    for _ in 0..iters {
        total += run();
    }
    println!("{stage}: {iters} runs, checksum {total}");
}

/// A selector for the first match of `quote`.
fn first(quote: &str) -> Selector<'_> {
    Selector {
        quote,
        prefix: None,
        suffix: None,
        occurrence: Occurrence::First,
    }
}

/// A deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

const WORDS: &[&str] = &[
    "the",
    "leader",
    "arrived",
    "in",
    "by",
    "train",
    "on",
    "Wednesday",
    "a",
    "day",
    "before",
    "his",
    "summit",
    "with",
    "officials",
    "at",
    "station",
    "near",
    "border",
    "said",
    "talks",
    "sanctions",
    "nuclear",
    "program",
    "would",
    "focus",
    "on",
    "relief",
    "visit",
    "country",
    "ties",
    "between",
    "two",
    "countries",
    "state",
    "media",
    "reported",
    "that",
    "city",
    "port",
    "Pacific",
    "dinner",
];

/// Given names and surnames with many different initials, as real names have: a scan
/// for names cannot skip to the few bytes they all start with.
const GIVEN: &[&str] = &[
    "Anna", "Boris", "Chen", "Dara", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal",
    "Lena", "Mateo", "Nadia", "Omar", "Pia", "Rafael", "Sana", "Tomas", "Vera", "Yusuf", "Zofia",
];
const SURNAMES: &[&str] = &[
    "Kovalen",
    "Amari",
    "Brandt",
    "Castell",
    "Duval",
    "Eriksen",
    "Fontaine",
    "Gallo",
    "Haddad",
    "Ivanova",
    "Jansen",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quint",
    "Rossi",
    "Sato",
    "Tanaka",
    "Udeh",
    "Varga",
    "Weiss",
];

/// Note `i`'s name and two aliases: "Anna Kovalen0", "Kovalen0", "the Kovalen0 envoy"
/// (an alias that starts with a lower-case word, as descriptions do).
fn person(i: usize) -> (String, String, String) {
    let given = GIVEN[i % GIVEN.len()];
    let surname = format!("{}{i}", SURNAMES[i % SURNAMES.len()]);
    (
        format!("{given} {surname}"),
        surname.clone(),
        format!("the {surname} envoy"),
    )
}

/// An article of about 800 words in 8 paragraphs with emphasis, links, code and a list,
/// mentioning a few dozen notes.
fn article() -> String {
    let mut rng = Lcg(7);
    let mut md = String::from("# Kim arrives by train\n\n");
    let mut words = 0;
    let mut paragraph = 0;
    while words < 800 {
        let mut sentence = Vec::new();
        for _ in 0..(8 + rng.next(10)) {
            let word = match rng.next(20) {
                0 => person(rng.next(NOTES)).0,
                1 => person(rng.next(NOTES)).1,
                2 => format!("*{}*", WORDS[rng.next(WORDS.len())]),
                3 => format!(
                    "[{}](https://example.org/{})",
                    WORDS[rng.next(WORDS.len())],
                    rng.next(99)
                ),
                _ => WORDS[rng.next(WORDS.len())].to_string(),
            };
            sentence.push(word);
        }
        words += sentence.len();
        md.push_str(&sentence.join(" "));
        md.push_str(". ");
        if rng.next(4) == 0 {
            paragraph += 1;
            md.push_str(if paragraph % 5 == 0 {
                "\n\n- `code` item\n- another item\n\n"
            } else {
                "\n\n"
            });
        }
    }
    md
}

/// 20 quotes of 3 words taken from the article's blocks, spread through it.
fn quotes(doc: &Document<'_>) -> Vec<String> {
    let reader = doc.reader_text();
    let windows: Vec<String> = doc
        .blocks()
        .iter()
        .flat_map(|b| {
            let words: Vec<&str> = reader[b.start..b.end].split_whitespace().collect();
            (0..words.len().saturating_sub(2))
                .map(|i| words[i..i + 3].join(" "))
                .collect::<Vec<_>>()
        })
        .collect();
    (0..ANNOTATIONS)
        .map(|i| windows[i * windows.len() / ANNOTATIONS].clone())
        .collect()
}

fn index() -> MentionIndex {
    MentionIndex::new((0..NOTES).flat_map(|i| {
        let (name, alias, initial) = person(i);
        [(name, i), (alias, i), (initial, i)]
    }))
}

/// Each note's link from an article's page, built once per site.
fn note_hrefs() -> Vec<String> {
    (0..NOTES).map(|i| format!("../../people/p{i}/")).collect()
}

fn options() -> MarkdownOptions {
    MarkdownOptions::default()
}

/// pulldown-cmark alone: parse and `push_html`, the same parser options.
#[divan::bench]
fn plain_push_html(bencher: divan::Bencher) {
    let md = article();
    let mut parser_options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    parser_options |= pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    bencher.bench(|| {
        let mut html = String::with_capacity(md.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(divan::black_box(&md), parser_options),
        );
        html
    });
}

/// The whole annotation path: parse, anchor 20 quotes, automatic mentions, place every
/// mark (line, column, sentence), render.
#[divan::bench]
fn annotated(bencher: divan::Bencher) {
    let md = article();
    let index = index();
    let hrefs = note_hrefs();
    let quotes = quotes(&Document::parse(&md, &options()));
    bencher.bench(|| {
        let doc = Document::parse(divan::black_box(&md), &options());
        let marks = marks(&doc, &quotes, &index, &hrefs);
        (placed(&doc, &marks), render_marks(&doc, &marks))
    });
}

/// Places every mark as a site does (line, column and the sentence around it, which
/// the notes' pages show); returns the length of the snippets.
fn placed<S>(doc: &Document<'_>, marks: &[Mark<S>]) -> usize {
    marks
        .iter()
        .map(|mark| {
            let snippet = doc.placement(mark.range).snippet;
            snippet.before().len() + snippet.text().len() + snippet.after().len()
        })
        .sum()
}

/// The marks of an article: its anchored quotes and its automatic mentions. Classes and
/// links are borrowed; ids are held inline.
fn marks<'i>(
    doc: &Document<'_>,
    quotes: &[String],
    index: &MentionIndex,
    hrefs: &'i [String],
) -> Vec<Mark<CowStr<'i>>> {
    let mut marks = Vec::with_capacity(64);
    let mut taken = Vec::with_capacity(ANNOTATIONS);
    for (i, quote) in quotes.iter().enumerate() {
        let selector = Selector {
            quote,
            prefix: None,
            suffix: None,
            occurrence: Occurrence::First,
        };
        for range in anchor(doc, &selector).unwrap_or_default() {
            taken.push(TakenRange { range, note: None });
            marks.push(Mark {
                id: numbered("a", i),
                range,
                element: MarkElement::Span {
                    class: CowStr::Borrowed("note"),
                },
            });
        }
    }
    for (range, note) in auto_mentions(doc, index, AutoMentions::First, &taken) {
        let href = hrefs.get(note).map_or("", String::as_str);
        let element = MarkElement::Link {
            href: CowStr::Borrowed(href),
            class: CowStr::Borrowed("mention"),
        };
        marks.push(Mark {
            id: numbered("m", note),
            range,
            element,
        });
    }
    marks
}

/// The stages of `annotated` one by one.
mod stages {
    use super::*;

    /// Parsing into a `Document` (events, reader text).
    #[divan::bench]
    fn parse(bencher: divan::Bencher) {
        let md = article();
        bencher.bench(|| Document::parse(divan::black_box(&md), &options()).word_count());
    }

    /// Normalising the reader text (once per document, on first use).
    #[divan::bench]
    fn normalize(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        bencher.bench(|| {
            brief::anchor::normalize::Normalized::of_document(divan::black_box(&doc))
                .text
                .len()
        });
    }

    /// Anchoring the 20 quotes (normalised text already built).
    #[divan::bench]
    fn anchor_quotes(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        let quotes = quotes(&doc);
        bencher.bench(|| {
            let found = quotes.iter().map(|quote| {
                let selector = Selector {
                    quote,
                    prefix: None,
                    suffix: None,
                    occurrence: Occurrence::First,
                };
                anchor(&doc, &selector).map_or(0, |r| r.len())
            });
            found.sum::<usize>()
        });
    }

    /// Finding automatic mentions (normalised text already built).
    #[divan::bench]
    fn mentions(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        let index = index();
        bencher.bench(|| auto_mentions(&doc, &index, AutoMentions::First, &[]).len());
    }

    /// Placing the marks: line, column and the sentence around each.
    #[divan::bench]
    fn placements(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        let hrefs = note_hrefs();
        let marks = marks(&doc, &quotes(&doc), &index(), &hrefs);
        bencher.bench(|| placed(&doc, &marks));
    }

    /// Rendering with no marks.
    #[divan::bench]
    fn render_plain(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        bencher.bench(|| render(&doc, &[]));
    }

    /// Rendering with the marks of `annotated`.
    #[divan::bench]
    fn render_marked(bencher: divan::Bencher) {
        let md = article();
        let doc = Document::parse(&md, &options());
        let hrefs = note_hrefs();
        let marks = marks(&doc, &quotes(&doc), &index(), &hrefs);
        bencher.bench(|| render_marks(&doc, &marks));
    }
}

/// Building the site's mention index (once per site, not per article).
#[divan::bench]
fn mention_index_per_site() -> MentionIndex {
    index()
}

/// The benchmark measures what it says: ~800 words, 20 anchored quotes, mentions found.
fn check_article() {
    let md = article();
    let doc = Document::parse(&md, &options());
    assert!(
        (800..900).contains(&doc.word_count()),
        "{}",
        doc.word_count()
    );
    let quotes = quotes(&doc);
    let anchored = quotes
        .iter()
        .filter(|q| {
            anchor(
                &doc,
                &Selector {
                    quote: q,
                    prefix: None,
                    suffix: None,
                    occurrence: Occurrence::First,
                },
            )
            .is_ok()
        })
        .count();
    assert_eq!(anchored, ANNOTATIONS);
    assert!(auto_mentions(&doc, &index(), AutoMentions::First, &[]).len() > 20);
    let hrefs = note_hrefs();
    let borrowed = marks(&doc, &quotes, &index(), &hrefs);
    let owned: Vec<Mark> = borrowed
        .iter()
        .map(|m| Mark {
            id: m.id.to_string(),
            range: m.range,
            element: match &m.element {
                MarkElement::Link { href, class } => MarkElement::Link {
                    href: href.to_string(),
                    class: class.to_string(),
                },
                MarkElement::Span { class } => MarkElement::Span {
                    class: class.to_string(),
                },
            },
        })
        .collect();
    assert_eq!(render_marks(&doc, &borrowed), render(&doc, &owned));
}
