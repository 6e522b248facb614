use super::*;
use crate::markdown::{MarkdownOptions, TextRange};

fn doc(md: &str) -> Document<'_> {
    Document::parse(md, &MarkdownOptions::default())
}

fn span(id: &str, start: usize, end: usize) -> Mark {
    Mark {
        id: id.into(),
        range: TextRange { start, end },
        element: MarkElement::Span { class: "n".into() },
    }
}

fn link(id: &str, start: usize, end: usize) -> Mark {
    Mark {
        id: id.into(),
        range: TextRange { start, end },
        element: MarkElement::Link {
            href: "../p/k/".into(),
            class: "m".into(),
        },
    }
}

fn at(doc: &Document<'_>, quote: &str) -> (usize, usize) {
    let start = doc.reader_text().find(quote).unwrap_or(usize::MAX);
    (start, start.saturating_add(quote.len()))
}

/// Removes every element carrying `data-annot` (string level; fine for our own output).
fn unwrap_marks(html: &str) -> String {
    let mut out = String::new();
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag.starts_with("<span") || tag.starts_with("<a ") || tag == "<a>" {
            let ours = tag.contains(" data-annot=\"");
            stack.push(ours);
            if !ours {
                out.push_str(tag);
            }
        } else if tag == "</span>" || tag == "</a>" {
            if !stack.pop().unwrap_or(false) {
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn check(md: &str, marks: &[Mark]) -> String {
    let d = doc(md);
    let plain = render(&d, &[]);
    let marked = render(&d, marks);
    assert_eq!(unwrap_marks(&marked), plain, "invariant broken for {md:?}");
    marked
}

#[test]
fn no_marks_is_plain_pulldown_cmark() {
    let md = "# T\n\nA *b* [c](x \"t\") `d` & <e>\n\n- f\n- g\n\n| h | i |\n|---|--:|\n| j | k |\n";
    let mut expected = String::new();
    let parser = pulldown_cmark::Parser::new_ext(
        md,
        super::super::document::parser_options(&MarkdownOptions::default()),
    );
    pulldown_cmark::html::push_html(&mut expected, parser);
    let expected = with_footnote_prefix(&expected);
    let options = MarkdownOptions {
        raw_html: RawHtml::Trust,
        ..MarkdownOptions::default()
    };
    assert_eq!(render(&Document::parse(md, &options), &[]), expected);
}

#[test]
fn links_a_browser_would_run_keep_their_text_without_the_address() {
    let html = crate::markdown::render_plain(
        "See [x](javascript:alert(7)), [y][r] and ![pic](JavaScript:alert(8)).\n\n[r]: vbscript:x\n",
        &MarkdownOptions::default(),
    );
    assert_eq!(html, "<p>See <a>x</a>, <a>y</a> and pic.</p>\n");
    // A site that trusts its Markdown keeps them.
    let trusted = MarkdownOptions {
        raw_html: RawHtml::Trust,
        ..MarkdownOptions::default()
    };
    let html = crate::markdown::render_plain("[x](javascript:alert(7))", &trusted);
    assert!(html.contains("href=\"javascript:alert(7)\""), "{html}");
}

#[test]
fn a_span_wraps_its_text() {
    let d = doc("Kim arrived by train.");
    let (s, e) = at(&d, "arrived");
    assert_eq!(
        render(&d, &[span("a1", s, e)]),
        "<p>Kim <span id=\"ref-a1\" class=\"n\" data-annot=\"a1\">arrived</span> by train.</p>\n"
    );
}

#[test]
fn each_range_of_an_annotation_gets_its_own_id_in_reading_order() {
    let d = doc("Kim met Putin, then Kim left; Kim waved.");
    let ranges: Vec<(usize, usize)> = d
        .reader_text()
        .match_indices("Kim")
        .map(|(i, _)| (i, i + 3))
        .collect();
    // Given last first: the ids follow the text, not the order of the marks.
    let marks: Vec<_> = ranges
        .iter()
        .rev()
        .map(|&(s, e)| span("a2", s, e))
        .collect();
    assert_eq!(
        render(&d, &marks),
        "<p><span id=\"ref-a2\" class=\"n\" data-annot=\"a2\">Kim</span> met Putin, then \
         <span id=\"ref-a2-2\" class=\"n\" data-annot=\"a2\">Kim</span> left; \
         <span id=\"ref-a2-3\" class=\"n\" data-annot=\"a2\">Kim</span> waved.</p>\n"
    );
}

#[test]
fn crossing_marks_are_split_into_fragments() {
    let md = "one two three four";
    let d = doc(md);
    let html = check(md, &[span("a", 0, 13), span("b", 4, 18)]);
    assert_eq!(
        html,
        "<p><span id=\"ref-a\" class=\"n\" data-annot=\"a\">one <span id=\"ref-b\" class=\"n\" data-annot=\"b\">two three</span></span>\
         <span class=\"n\" data-annot=\"b\"> four</span></p>\n"
    );
    assert_eq!(d.reader_text(), md);
}

#[test]
fn nested_marks_nest_outer_first() {
    let html = check("one two three", &[span("in", 4, 7), span("out", 0, 13)]);
    assert_eq!(
        html,
        "<p><span id=\"ref-out\" class=\"n\" data-annot=\"out\">one <span id=\"ref-in\" class=\"n\" data-annot=\"in\">two</span> three</span></p>\n"
    );
}

#[test]
fn marks_close_at_emphasis_boundaries_and_reopen() {
    let md = "Kim *Jong* Un";
    let d = doc(md);
    let html = check(md, &[span("a", 0, d.reader_text().len())]);
    assert_eq!(
        html,
        "<p><span id=\"ref-a\" class=\"n\" data-annot=\"a\">Kim </span><em><span class=\"n\" data-annot=\"a\">Jong</span></em>\
         <span class=\"n\" data-annot=\"a\"> Un</span></p>\n"
    );
}

#[test]
fn a_link_mark_inside_a_markdown_link_is_a_span() {
    let md = "See [Kim Jong Un](https://x.org) now.";
    let d = doc(md);
    let (s, e) = at(&d, "Kim");
    let html = check(md, &[link("m1", s, e)]);
    assert_eq!(
        html,
        "<p>See <a href=\"https://x.org\"><span id=\"ref-m1\" class=\"m\" data-href=\"../p/k/\" data-annot=\"m1\">Kim</span> Jong Un</a> now.</p>\n"
    );
}

#[test]
fn a_link_mark_inside_a_link_mark_is_a_span() {
    let md = "Kim Jong Un";
    let html = check(md, &[link("outer", 0, 11), link("inner", 4, 8)]);
    assert_eq!(
        html,
        "<p><a id=\"ref-outer\" class=\"m\" href=\"../p/k/\" data-annot=\"outer\">Kim \
         <span id=\"ref-inner\" class=\"m\" data-href=\"../p/k/\" data-annot=\"inner\">Jong</span> Un</a></p>\n"
    );
}

#[test]
fn a_link_mark_inside_raw_html_link_is_a_span() {
    let md = "<a href=\"x\">Kim</a> and Kim";
    let options = MarkdownOptions {
        raw_html: RawHtml::Trust,
        ..MarkdownOptions::default()
    };
    let d = Document::parse(md, &options);
    assert_eq!(d.reader_text(), "Kim and Kim");
    let html = render(&d, &[link("a", 0, 3), link("b", 8, 11)]);
    assert!(
        html.contains("<a href=\"x\"><span id=\"ref-a\" class=\"m\" data-href"),
        "{html}"
    );
    assert!(
        html.contains("<a id=\"ref-b\" class=\"m\" href=\"../p/k/\" data-annot=\"b\">Kim</a>"),
        "{html}"
    );
}

#[test]
fn a_mark_inside_inline_code_splits_the_code_span() {
    let md = "Run `cargo build --release` now.";
    let d = doc(md);
    let (s, e) = at(&d, "build");
    let html = check(md, &[span("c", s, e)]);
    assert_eq!(
        html,
        "<p>Run <code>cargo <span id=\"ref-c\" class=\"n\" data-annot=\"c\">build</span> --release</code> now.</p>\n"
    );
}

#[test]
fn a_mark_over_whole_inline_code_goes_inside_it() {
    let md = "a `<b>` c";
    let html = check(md, &[span("c", 0, 7)]);
    assert_eq!(
        html,
        "<p><span id=\"ref-c\" class=\"n\" data-annot=\"c\">a </span><code><span class=\"n\" data-annot=\"c\">&lt;b&gt;</span></code>\
         <span class=\"n\" data-annot=\"c\"> c</span></p>\n"
    );
}

#[test]
fn marks_across_blocks_and_breaks_are_fragments() {
    let md = "one\ntwo\n\n- three\n- four";
    let d = doc(md);
    let html = check(md, &[span("x", 0, d.reader_text().len())]);
    assert_eq!(html.matches("data-annot=\"x\"").count(), 4, "{html}");
}

#[test]
fn a_mark_open_past_the_last_start_reopens_after_a_break() {
    let md = "one *two*\nthree";
    let d = doc(md);
    let html = check(md, &[span("x", 2, d.reader_text().len() + 5)]);
    assert_eq!(
        html,
        "<p>on<span id=\"ref-x\" class=\"n\" data-annot=\"x\">e </span><em><span class=\"n\" data-annot=\"x\">two</span></em>\n\
         <span class=\"n\" data-annot=\"x\">three</span></p>\n"
    );
}

#[test]
fn ranges_inside_a_character_are_snapped_outwards() {
    let md = "Ким 😀 中文";
    let d = doc(md);
    for start in 0..=d.reader_text().len() {
        for end in start..=d.reader_text().len() + 2 {
            let html = check(md, &[span("s", start, end)]);
            assert!(std::str::from_utf8(html.as_bytes()).is_ok());
        }
    }
    // Byte 1 is inside "К": the mark covers the whole character.
    let html = render(&d, &[span("s", 1, 2)]);
    assert!(
        html.starts_with("<p><span id=\"ref-s\" class=\"n\" data-annot=\"s\">К</span>им"),
        "{html}"
    );
}

#[test]
fn empty_and_out_of_range_marks_add_nothing() {
    let md = "abc";
    let d = doc(md);
    let plain = render(&d, &[]);
    assert_eq!(
        render(&d, &[span("e", 1, 1), span("f", 9, 12), span("g", 2, 1)]),
        plain
    );
}

#[test]
fn attribute_values_are_escaped() {
    let d = doc("abc");
    let mark = Mark {
        id: "a\"><script>".into(),
        range: TextRange { start: 0, end: 3 },
        element: MarkElement::Link {
            href: "x\" onclick=\"y".into(),
            class: "<c>".into(),
        },
    };
    let html = render(&d, &[mark]);
    assert_eq!(
        html,
        "<p><a id=\"ref-a&quot;&gt;&lt;script&gt;\" class=\"&lt;c&gt;\" href=\"x&quot; onclick=&quot;y\" data-annot=\"a&quot;&gt;&lt;script&gt;\">abc</a></p>\n"
    );
}

#[test]
fn image_alt_text_is_never_marked() {
    let md = "a ![alt text](i.png) b";
    let d = doc(md);
    let html = check(md, &[span("s", 0, d.reader_text().len())]);
    assert!(html.contains("alt=\"alt text\""), "{html}");
}

#[test]
fn footnote_references_close_marks() {
    let md = "Kim[^1] left.\n\n[^1]: A note.";
    let d = doc(md);
    let html = check(md, &[link("m", 0, 8)]);
    assert!(!html.contains("data-annot=\"m\"><sup"), "{html}");
    assert_eq!(d.reader_text(), "Kim left.\n\nA note.");
}

#[test]
fn code_blocks_are_highlighted_and_never_marked() {
    let md = "Before\n\n```rust\nfn main() {}\n```\n\nAfter";
    let d = doc(md);
    let html = check(md, &[span("s", 0, d.reader_text().len())]);
    assert!(
        html.contains("<pre><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"),
        "{html}"
    );
    assert_eq!(html.matches("data-annot").count(), 2);
}

#[test]
fn raw_html_is_sanitized_only_when_asked() {
    let md = "Hi <script>alert(1)</script> <b onclick=\"x\">there</b>";
    let sanitized = render(&doc(md), &[]);
    assert!(
        !sanitized.contains("script") && !sanitized.contains("onclick"),
        "{sanitized}"
    );
    let options = MarkdownOptions {
        raw_html: RawHtml::Trust,
        ..MarkdownOptions::default()
    };
    let trusted = render(&Document::parse(md, &options), &[]);
    assert!(trusted.contains("<script>"), "{trusted}");
    let d = doc(md);
    let marked = render(&d, &[span("s", 0, d.reader_text().len())]);
    assert_eq!(unwrap_marks(&marked), sanitized);
}

#[test]
fn raw_link_counting() {
    assert_eq!(count_raw_links("<a href=x>y</a><abbr><A>"), (2, 1));
    assert_eq!(count_raw_links("<area></ab>"), (0, 0));
}

#[test]
fn render_plain_is_render_without_marks() {
    let md = "# T\n\nA *b* [c](x) `d` <i>e</i>\n\n```rust\nfn f() {}\n```\n\n- f\n";
    for raw_html in [RawHtml::Trust, RawHtml::Sanitize] {
        let options = MarkdownOptions {
            raw_html,
            ..MarkdownOptions::default()
        };
        assert_eq!(
            super::super::render_plain(md, &options),
            render(&Document::parse(md, &options), &[])
        );
    }
}

#[test]
fn numbered_is_prefix_and_decimal_number() {
    let prefixes = [
        "",
        "a",
        "m",
        "note-",
        "a-very-long-prefix-of-many-bytes-",
        "ключ",
    ];
    let numbers = [0, 1, 9, 10, 99, 100, 12_345, usize::MAX / 3, usize::MAX];
    for prefix in prefixes {
        for number in numbers {
            assert_eq!(
                &*crate::markdown::numbered(prefix, number),
                format!("{prefix}{number}")
            );
        }
    }
    assert!(matches!(
        crate::markdown::numbered("m", 12),
        pulldown_cmark::CowStr::Inlined(_)
    ));
}

#[test]
fn borrowed_marks_render_like_owned_ones() {
    let md = "Kim *Jong* Un met [Putin](x) in `Vladivostok` & <b>Moscow</b>.\n\n- one\n- two";
    let d = doc(md);
    let len = d.reader_text().len();
    let owned: Vec<Mark> = (0..len)
        .step_by(3)
        .enumerate()
        .map(|(i, start)| {
            let range = TextRange {
                start,
                end: (start + 2 + i % 7).min(len),
            };
            match i % 3 {
                0 => link(&format!("m{i}"), range.start, range.end),
                1 => span(&format!("a{i}"), range.start, range.end),
                _ => Mark {
                    id: format!("q{i}\""),
                    range,
                    element: MarkElement::Span {
                        class: String::new(),
                    },
                },
            }
        })
        .collect();
    let borrowed: Vec<Mark<pulldown_cmark::CowStr<'_>>> = owned
        .iter()
        .map(|m| Mark {
            id: pulldown_cmark::CowStr::Borrowed(m.id.as_str()),
            range: m.range,
            element: match &m.element {
                MarkElement::Link { href, class } => MarkElement::Link {
                    href: href.as_str().into(),
                    class: class.as_str().into(),
                },
                MarkElement::Span { class } => MarkElement::Span {
                    class: class.as_str().into(),
                },
            },
        })
        .collect();
    assert_eq!(render_marks(&d, &borrowed), render(&d, &owned));
}

#[test]
fn sorting_runs_sorts() {
    let mut rng = crate::testkit::Lcg(5);
    let mut next = |n: u64| rng.bits() % n;
    for _ in 0..3000 {
        let runs = 1 + next(7);
        let mut keys: Vec<(u64, u64)> = Vec::new();
        for _ in 0..runs {
            let mut run: Vec<(u64, u64)> = (0..next(30)).map(|_| (next(50), next(4))).collect();
            if next(3) > 0 {
                run.sort_unstable();
            }
            keys.extend(run);
        }
        let mut expected = keys.clone();
        expected.sort();
        sort_runs(&mut keys);
        assert_eq!(keys, expected);
    }
}

/// pulldown-cmark's own writer, for the same Markdown and options, with brief's prefix
/// on footnote ids.
fn pulldown_html(markdown: &str, options: &MarkdownOptions) -> String {
    let parser =
        pulldown_cmark::Parser::new_ext(markdown, super::super::document::parser_options(options));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    with_footnote_prefix(&html)
}

/// `html` as pulldown-cmark writes it, with [`super::html::FOOTNOTE_ID_PREFIX`] added to
/// footnote ids and the links to them.
fn with_footnote_prefix(html: &str) -> String {
    let prefix = super::html::FOOTNOTE_ID_PREFIX;
    html.replace(
        "<sup class=\"footnote-reference\"><a href=\"#",
        &format!("<sup class=\"footnote-reference\"><a href=\"#{prefix}"),
    )
    .replace(
        "<div class=\"footnote-definition\" id=\"",
        &format!("<div class=\"footnote-definition\" id=\"{prefix}"),
    )
}

#[test]
fn raw_html_cannot_pass_for_brief_markup() {
    let md = "Kim <a class=\"annot annot-mention\" href=\"https://x.example/\" data-annot=\"m1\">profile</a>.\n\n\
              <div id=\"brief-cards\" data-ref=\"a1\">\n<span\n  data-annot=\"a1\">fake</span>\n</div>\n";
    let html = render(&Document::parse(md, &MarkdownOptions::default()), &[]);
    for reserved in ["class=", "id=", "data-annot", "data-ref", "x-author"] {
        assert!(!html.contains(reserved), "{reserved} in {html}");
    }
    assert!(html.contains("href=\"https://x.example/\""), "{html}");
    assert!(html.contains("fake"), "{html}");
    // Trusted HTML is kept as written.
    let trusted = MarkdownOptions {
        raw_html: RawHtml::Trust,
        ..MarkdownOptions::default()
    };
    assert!(render(&Document::parse(md, &trusted), &[]).contains("data-annot=\"m1\""));
}

#[test]
fn footnote_ids_never_take_an_id_of_the_page() {
    let d = doc("See[^brief-cards] and[^note-a1].\n\n[^brief-cards]: One.\n\n[^note-a1]: Two.\n");
    let html = render(&d, &[]);
    assert!(html.contains("href=\"#fn-brief-cards\""), "{html}");
    assert!(html.contains("id=\"fn-note-a1\""), "{html}");
    assert!(
        !html.contains("id=\"brief-cards\"") && !html.contains("id=\"note-a1\""),
        "{html}"
    );
}

#[test]
fn without_marks_the_html_is_pulldown_cmarks_byte_for_byte() {
    #[derive(serde::Deserialize)]
    struct Example {
        markdown: String,
    }
    let spec: Vec<Example> = serde_json::from_str(include_str!(
        "../../../tests/anchoring/commonmark-spec.json"
    ))
    .unwrap_or_default();
    assert!(spec.len() > 600);
    // What the spec does not cover: the extensions brief turns on, and events that only
    // they produce.
    let extensions = [
        "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | *2* | `3` | 4 |\n| 5 |\n",
        "Text[^1] and[^n] again[^1].\n\n[^n]: Note *n*.\n\n[^1]: One.\n> quoted[^2]\n\n[^2]: Two.\n",
        "~~gone~~ and ~still~ \"quoted\" -- dash --- 'single' ...\n",
        "![alt *em* `code` [link](x) ![inner](y \"t\")\nline](i.png \"title\")[^f]\n\n[^f]: f\n",
        "Para\n***\n- a\n\n  b\n- [ ] c\n\n3. x\n4. y\n\n<div>\nraw\n</div>\n\n    indented\n",
        "# T {#id .class}\n\n```\nplain fence\n```\n\n``` unknown-language x\n<code>\n```\n",
    ];
    let examples = spec.iter().map(|e| e.markdown.as_str()).chain(extensions);
    let mut compared = 0;
    for markdown in examples {
        for smart_punctuation in [false, true] {
            let options = MarkdownOptions {
                raw_html: RawHtml::Trust,
                smart_punctuation,
            };
            let d = Document::parse(markdown, &options);
            // Highlighted code differs on purpose.
            if super::super::highlight::highlighted(&d)
                .iter()
                .any(Option::is_some)
            {
                continue;
            }
            compared += 1;
            assert_eq!(
                render(&d, &[]),
                pulldown_html(markdown, &options),
                "{markdown:?}"
            );
            let plain = Document::parse_for_plain_render(markdown, &options);
            assert_eq!(render(&plain, &[]), render(&d, &[]), "{markdown:?}");
        }
    }
    assert!(compared > 1_200, "{compared} compared");
}

#[test]
fn render_plain_replaces_controls_a_yaml_escape_can_write() {
    let html = super::super::render_plain(
        "A \u{1} summary *with* a \u{7} bell\u{85}.",
        &MarkdownOptions::default(),
    );
    assert_eq!(
        html,
        "<p>A \u{FFFD} summary <em>with</em> a \u{FFFD} bell\u{FFFD}.</p>\n"
    );
}

fn marker(at: usize, order: usize) -> Marker {
    Marker {
        at,
        html: format!("<sup class=\"k\">{order}</sup>"),
        order,
    }
}

/// Renders with marks and markers; checks that taking the markers out gives the render
/// without them, and that no marker is inside a link.
fn with_markers(md: &str, marks: &[Mark], markers: &[Marker]) -> String {
    let d = doc(md);
    let without = render(&d, marks);
    let with = render_marks_with_markers(&d, marks, markers);
    let mut stripped = with.clone();
    for m in markers {
        stripped = stripped.replacen(&m.html, "", 1);
    }
    assert_eq!(
        stripped, without,
        "markers changed more than themselves in {md:?}"
    );
    let parsed = scraper::Html::parse_fragment(&with);
    let inside = scraper::Selector::parse("a sup.k").expect("selector");
    assert_eq!(
        parsed.select(&inside).count(),
        0,
        "a marker inside a link: {with}"
    );
    assert_eq!(
        with.matches("<sup class=\"k\">").count(),
        markers.len(),
        "{with}"
    );
    with
}

#[test]
fn markers_follow_the_closing_punctuation_outside_every_link() {
    // After the punctuation, which smart quotes split into events of their own.
    let md = "He said \"it is done,\" and left.\n";
    let d = doc(md);
    let (_, end) = at(&d, "it is done");
    let html = with_markers(md, &[link("a1", end - 10, end)], &[marker(end, 1)]);
    assert!(
        html.contains(",”<sup class=\"k\">1</sup> and left"),
        "{html}"
    );
    // Inside a Markdown link: after the link.
    let md = "See [the full report](https://example.org/r) today.\n";
    let d = doc(md);
    let (start, end) = at(&d, "full report");
    let html = with_markers(md, &[span("a1", start, end)], &[marker(end, 1)]);
    assert!(
        html.contains("</a><sup class=\"k\">1</sup> today."),
        "{html}"
    );
    let md = "See [the full report](https://example.org/r). Then [more](u)\n";
    let d = doc(md);
    let (start, end) = at(&d, "full report");
    let (more_start, more_end) = at(&d, "more");
    let html = with_markers(
        md,
        &[span("a1", start, end), span("a2", more_start, more_end)],
        &[marker(end, 1), marker(more_end, 2)],
    );
    assert!(
        html.contains("</a>.<sup class=\"k\">1</sup> Then"),
        "{html}"
    );
    assert!(html.contains("</a><sup class=\"k\">2</sup></p>"), "{html}");
    // Inside a passage that is a link: after that passage.
    let md = "one two three four.\n";
    let d = doc(md);
    let (outer_start, outer_end) = at(&d, "one two three four");
    let (_, inner_end) = at(&d, "one two");
    let html = with_markers(
        md,
        &[
            link("a1", outer_start, outer_end),
            span("a2", outer_start, inner_end),
        ],
        &[marker(inner_end, 2), marker(outer_end, 1)],
    );
    assert!(
        html.contains("four</a>.<sup class=\"k\">1</sup><sup class=\"k\">2</sup>"),
        "{html}"
    );
    // At the end of a paragraph, and in emphasis.
    let md = "A *short* line\n\nNext.\n";
    let d = doc(md);
    let (start, end) = at(&d, "short");
    let (_, line_end) = at(&d, "short line");
    let html = with_markers(
        md,
        &[span("a1", start, end)],
        &[marker(end, 1), marker(line_end, 2)],
    );
    assert!(
        html.contains("short</span><sup class=\"k\">1</sup></em>"),
        "{html}"
    );
    assert!(html.contains("line<sup class=\"k\">2</sup></p>"), "{html}");
}

#[test]
fn markers_keep_every_element_whole_in_lists_tables_and_code() {
    let md = "- a `code` item, then *more*\n\n| x | y |\n|---|---|\n| [c](u) | d. |\n\n> quoted **strong**.\n";
    let d = doc(md);
    let text = d.reader_text().to_string();
    // A marker after every character of the reader text, with marks around words.
    let markers: Vec<Marker> = text
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .enumerate()
        .map(|(n, at)| marker(at, n))
        .collect();
    let (s1, e1) = at(&d, "code");
    let (s2, e2) = at(&d, "c");
    with_markers(md, &[link("a1", s1, e1), span("a2", s2, e2)], &markers);
}
