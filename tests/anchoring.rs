//! Snapshot tests of what users read: every anchoring diagnostic as rendered, and the
//! HTML of a few tricky mark layouts. Snapshots live in `tests/anchoring/snapshots/`.

#[path = "anchoring/support.rs"]
mod support;

use brief::anchor::{AnchorError, Selector, anchor};
use brief::diagnostics::Location;
use brief::markdown::{Document, Mark, MarkElement, MarkdownOptions, TextRange, render};
use brief::model::Occurrence;

const ARTICLE: &str = include_str!("anchoring/article.md");
/// Lines of front matter before the body of `article.md`.
const FRONT_MATTER_LINES: usize = 4;

fn body() -> &'static str {
    let start: usize = ARTICLE
        .split_inclusive('\n')
        .take(FRONT_MATTER_LINES)
        .map(str::len)
        .sum();
    &ARTICLE[start..]
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "anchoring/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// An annotation entry (YAML lines, the first holding `quote:`) and its selector.
struct Case<'a> {
    yaml: &'a str,
    selector: Selector<'a>,
}

impl<'a> Case<'a> {
    fn new(yaml: &'a str, quote: &'a str) -> Self {
        Case {
            yaml,
            selector: Selector::quote(quote),
        }
    }

    fn prefix(mut self, prefix: &'a str) -> Self {
        self.selector.prefix = Some(prefix);
        self
    }

    fn suffix(mut self, suffix: &'a str) -> Self {
        self.selector.suffix = Some(suffix);
        self
    }

    fn occurrence(mut self, occurrence: Occurrence) -> Self {
        self.selector.occurrence = occurrence;
        self
    }

    fn error(&self) -> AnchorError {
        let doc = Document::parse(body(), &MarkdownOptions::default());
        match anchor(&doc, &self.selector) {
            Ok(found) => panic!("{:?} anchored at {found:?}", self.selector),
            Err(e) => e,
        }
    }

    /// The rendered report, located at the quote's value in the annotation file.
    fn report(&self) -> String {
        let yaml = format!("annotations:\n  - note: Context.\n{}", self.yaml);
        let key = yaml.find("quote:").expect("a quote line") + "quote:".len();
        let start = key + yaml[key..].len() - yaml[key..].trim_start().len();
        let len = yaml[start..].find('\n').unwrap_or(yaml.len() - start);
        let at = Location::from_offset("content/briefings/visit.yaml", &yaml, start, len);
        let doc = Document::parse(body(), &MarkdownOptions::default());
        self.error()
            .to_diagnostic(at, &doc, FRONT_MATTER_LINES)
            .render()
    }
}

#[test]
fn not_found_suggests_the_closest_passage() {
    let case = Case::new(
        "  - quote: arived in Russia by train\n",
        "arived in Russia by train",
    );
    snapshot!("not_found_did_you_mean", case.report());
}

#[test]
fn not_found_suggests_two_passages_when_equally_close() {
    let case = Case::new(
        "  - quote: Kim left for Vladivostk\n",
        "Kim left for Vladivostk",
    );
    snapshot!("not_found_suggestion_one_word", case.report());
    let case = Case::new("  - quote: officals\n", "officals");
    snapshot!("not_found_two_suggestions", case.report());
}

#[test]
fn not_found_points_at_the_words_that_differ() {
    let located = |yaml: &str, quote: &str| {
        let report = Case::new(yaml, quote).report();
        let at = report.lines().nth(1).unwrap_or("").to_string();
        (at, report)
    };
    // In quotes, the first word starts after the quote mark.
    let (at, report) = located(
        "  - quote: \"arived in Russia by train\"\n",
        "arived in Russia by train",
    );
    assert_eq!(at, " --> content/briefings/visit.yaml:3:13", "{report}");
    assert!(
        report.contains("^^^^^^ differs from the article"),
        "{report}"
    );
    // The last word ends before it.
    let (at, report) = located(
        "  - quote: 'arrived in Russia by trian'\n",
        "arrived in Russia by trian",
    );
    assert_eq!(at, " --> content/briefings/visit.yaml:3:34", "{report}");
    assert!(
        report.contains("`train` where the quote has `trian`"),
        "{report}"
    );
    assert!(report.contains(" ^^^^^ differs"), "{report}");
    // Written otherwise than the quote reads (an escape), the whole value is underlined.
    let (at, report) = located(
        "  - quote: \"arived in Russia\\u0020by train\"\n",
        "arived in Russia by train",
    );
    assert_eq!(at, " --> content/briefings/visit.yaml:3:12", "{report}");
    assert!(report.contains("not found"), "{report}");
    assert!(report.contains("the article has `arrived`"), "{report}");
}

#[test]
fn not_found_finds_the_words_in_another_order() {
    let case = Case::new(
        "  - quote: arrived in Russia on Wednesday by train\n",
        "arrived in Russia on Wednesday by train",
    );
    snapshot!("not_found_words_swapped", case.report());
}

#[test]
fn not_found_names_the_words_a_quote_leaves_out() {
    let case = Case::new(
        "  - quote: Kim arrived in Russia\n",
        "Kim arrived in Russia",
    );
    snapshot!("not_found_words_left_out", case.report());
    let case = Case::new(
        "  - quote: hoped for a \"successful useful\"\n",
        "hoped for a \"successful useful\"",
    );
    snapshot!("not_found_word_left_out_in_quotation_marks", case.report());
}

#[test]
fn not_found_because_of_case() {
    let case = Case::new("  - quote: north korean leader\n", "north korean leader");
    snapshot!("not_found_case", case.report());
}

#[test]
fn not_found_with_nothing_close() {
    let case = Case::new(
        "  - quote: the Hanoi summit ended without a deal\n",
        "the Hanoi summit ended without a deal",
    );
    let error = case.error();
    assert!(
        matches!(error, AnchorError::NotFound { ref suggestions, .. } if suggestions.is_empty())
    );
    snapshot!("not_found_nothing_close", case.report());
}

#[test]
fn typographic_and_straight_punctuation_match() {
    let doc = Document::parse(body(), &MarkdownOptions::default());
    for quote in [
        "Seoul -- North",
        "Seoul – North",
        "\"successful and useful\" visit",
        "“successful and useful” visit",
    ] {
        assert!(anchor(&doc, &Selector::quote(quote)).is_ok(), "{quote}");
    }
}

#[test]
fn ambiguous_lists_every_place_and_how_to_pick_it() {
    let case = Case::new("  - quote: Putin\n", "Putin");
    snapshot!("ambiguous", case.report());
}

#[test]
fn ambiguous_with_many_places() {
    let case = Case::new("  - quote: Kim\n    person: kim-jong-un\n", "Kim");
    snapshot!("ambiguous_many", case.report());
}

#[test]
fn across_blocks() {
    let case = Case::new(
        "  - quote: arrives by train Seoul\n",
        "arrives by train Seoul",
    );
    snapshot!("across_blocks", case.report());
}

#[test]
fn in_code_block() {
    let case = Case::new(
        "  - quote: arrive Vladivostok 18:00\n",
        "arrive Vladivostok 18:00",
    );
    snapshot!("in_code_block", case.report());
}

#[test]
fn occurrence_out_of_range() {
    let case = Case::new("  - quote: Vladivostok\n    occurrence: 9\n", "Vladivostok")
        .occurrence(Occurrence::Nth(9));
    snapshot!("occurrence_out_of_range", case.report());
    let case = Case::new(
        "  - quote: Yuri Ushakov\n    occurrence: 2\n",
        "Yuri Ushakov",
    )
    .occurrence(Occurrence::Nth(2));
    snapshot!("occurrence_out_of_range_unique", case.report());
    let case = Case::new("  - quote: Vladivostok\n    occurrence: 0\n", "Vladivostok")
        .occurrence(Occurrence::Nth(0));
    snapshot!("occurrence_zero", case.report());
}

#[test]
fn empty_quote() {
    let case = Case::new("  - quote: \" \"\n", " ");
    snapshot!("empty_quote", case.report());
}

#[test]
fn prefix_not_found() {
    let case = Case::new(
        "  - quote: Kim Jong Un\n    prefix: \"Korean leadr \"\n",
        "Kim Jong Un",
    )
    .prefix("Korean leadr ");
    snapshot!("prefix_not_found_did_you_mean", case.report());
    let case = Case::new(
        "  - quote: Vladivostok\n    prefix: \"the city of \"\n",
        "Vladivostok",
    )
    .prefix("the city of ");
    snapshot!("prefix_not_found", case.report());
}

#[test]
fn context_at_the_edges_of_the_article_is_named_as_nothing() {
    // The first "Kim" starts the article (its heading); "program." ends it.
    let case = Case::new("  - quote: Kim\n    prefix: \"Chairman \"\n", "Kim").prefix("Chairman ");
    snapshot!("prefix_not_found_at_the_start", case.report());
    let case = Case::new(
        "  - quote: nuclear program.\n    suffix: \" Today\"\n",
        "nuclear program.",
    )
    .suffix(" Today");
    snapshot!("suffix_not_found_at_the_end", case.report());
}

#[test]
fn suffix_not_found() {
    let case = Case::new(
        "  - quote: Khasan\n    suffix: \" railway station\"\n",
        "Khasan",
    )
    .suffix(" railway station");
    snapshot!("suffix_not_found", case.report());
}

#[test]
fn every_error_has_its_code() {
    let codes: Vec<&str> = [
        Case::new("", "arived in Russia").error(),
        Case::new("", "Putin").error(),
        Case::new("", "arrives by train Seoul").error(),
        Case::new("", "18:00").error(),
        Case::new("", "Putin")
            .occurrence(Occurrence::Nth(5))
            .error(),
        Case::new("", "").error(),
        Case::new("", "Khasan").prefix("x").error(),
        Case::new("", "Khasan").suffix("x").error(),
    ]
    .iter()
    .map(AnchorError::code)
    .collect();
    assert_eq!(
        codes,
        [
            "quote-not-found",
            "quote-ambiguous",
            "quote-across-blocks",
            "quote-in-code-block",
            "occurrence-out-of-range",
            "empty-quote",
            "prefix-not-found",
            "suffix-not-found"
        ]
    );
}

// ----- Rendered HTML of tricky layouts -----

fn at(doc: &Document<'_>, quote: &str) -> TextRange {
    let ranges = anchor(doc, &Selector::quote(quote)).expect("quote anchors");
    ranges[0]
}

fn span(id: &str, range: TextRange) -> Mark {
    Mark {
        id: id.into(),
        range,
        element: MarkElement::Span {
            class: "annot note".into(),
        },
    }
}

fn mention(id: &str, range: TextRange) -> Mark {
    Mark {
        id: id.into(),
        range,
        element: MarkElement::Link {
            href: "../../people/kim-jong-un/".into(),
            class: "annot mention".into(),
        },
    }
}

/// Renders, checks the invariant, and returns the marked HTML.
fn marked(md: &str, marks: impl Fn(&Document<'_>) -> Vec<Mark>) -> String {
    let doc = Document::parse(md, &MarkdownOptions::default());
    let marks = marks(&doc);
    let html = render(&doc, &marks);
    assert_eq!(support::unwrap_marks(&html), render(&doc, &[]));
    support::balanced(&html).expect("well-formed");
    assert!(!support::nested_links(&html));
    html
}

#[test]
fn html_nested_and_crossing_marks() {
    let html = marked(
        "North Korean leader Kim Jong Un arrived in Russia by train.",
        |d| {
            vec![
                span("a1", at(d, "North Korean leader Kim Jong Un")),
                mention("a2", at(d, "Kim Jong Un")),
                span("a3", at(d, "Un arrived in Russia")),
            ]
        },
    );
    snapshot!("html_nested_and_crossing", html);
}

#[test]
fn html_mention_inside_a_link() {
    let html = marked(
        "Read [the profile of Kim Jong Un](https://example.org/kim) first.",
        |d| {
            vec![
                mention("m1", at(d, "Kim Jong Un")),
                span("a1", at(d, "profile of Kim")),
            ]
        },
    );
    snapshot!("html_mention_inside_link", html);
}

#[test]
fn html_mark_across_emphasis() {
    let html = marked(
        "Kim met officials at the *Khasan **train*** station.",
        |d| vec![span("a1", at(d, "officials at the Khasan train station"))],
    );
    snapshot!("html_mark_across_emphasis", html);
}

#[test]
fn html_mark_in_inline_code() {
    let html = marked("Run `brief check --drafts` before <publishing>.", |d| {
        vec![
            span("a1", at(d, "check")),
            span("a2", at(d, "--drafts before")),
        ]
    });
    snapshot!("html_mark_in_inline_code", html);
}
