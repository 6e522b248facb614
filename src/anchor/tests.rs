use super::*;
use crate::markdown::MarkdownOptions;

fn doc(md: &str) -> Document<'_> {
    Document::parse(md, &MarkdownOptions::default())
}

fn texts<'d>(doc: &'d Document<'_>, selector: &Selector<'_>) -> Result<Vec<&'d str>, AnchorError> {
    let ranges = anchor(doc, selector)?;
    Ok(ranges
        .iter()
        .map(|r| &doc.reader_text()[r.start..r.end])
        .collect())
}

fn sel(quote: &str) -> Selector<'_> {
    Selector::quote(quote)
}

#[test]
fn a_unique_quote_anchors() {
    let d = doc("Kim Jong Un arrived in *Russia* by train.");
    assert_eq!(
        texts(&d, &sel("arrived in Russia")),
        Ok(vec!["arrived in Russia"])
    );
}

#[test]
fn markup_is_transparent() {
    let d = doc("See [Kim *Jong* Un](x) at `Khasan` station.");
    assert_eq!(
        texts(&d, &sel("Jong Un at Khasan station")),
        Ok(vec!["Jong Un at Khasan station"])
    );
}

#[test]
fn whitespace_runs_match_any_whitespace() {
    let d = doc("Kim  arrived\nin\u{a0}Russia  \nby train.");
    assert_eq!(
        texts(&d, &sel("  Kim arrived in Russia by ")),
        Ok(vec!["Kim  arrived in\u{a0}Russia\nby"])
    );
}

#[test]
fn quotes_and_dashes_match_their_typographic_forms() {
    let d =
        doc("He called it a \"successful and useful\" visit -- it's over... for now --- maybe.");
    assert_eq!(
        texts(&d, &sel("\"successful and useful\" visit")),
        Ok(vec!["“successful and useful” visit"])
    );
    assert_eq!(texts(&d, &sel("“successful")), Ok(vec!["“successful"]));
    assert_eq!(
        texts(&d, &sel("visit – it’s over…")),
        Ok(vec!["visit – it’s over…"])
    );
    assert_eq!(
        texts(&d, &sel("visit -- it's over...")),
        Ok(vec!["visit – it’s over…"])
    );
    assert_eq!(texts(&d, &sel("now --- maybe")), Ok(vec!["now — maybe"]));
    assert_eq!(texts(&d, &sel("now — maybe")), Ok(vec!["now — maybe"]));
}

#[test]
fn matching_is_case_sensitive() {
    let d = doc("Kim Jong Un arrived.");
    let err = anchor(&d, &sel("kim jong un")).unwrap_err();
    assert!(
        matches!(err, AnchorError::NotFound { case_mismatch: Some(r), .. } if r == TextRange { start: 0, end: 11 })
    );
}

#[test]
fn the_case_hint_is_given_only_for_a_difference_of_case() {
    let case_of = |md: &str, quote: &str| match anchor(&doc(md), &sel(quote)) {
        Err(AnchorError::NotFound { case_mismatch, .. }) => case_mismatch.is_some(),
        other => panic!("{quote}: {other:?}"),
    };
    assert!(case_of("The North Korean leader.", "north korean"));
    assert!(!case_of("He said so himself.", "Ms"), "inside a word");
    assert!(
        !case_of("Cafe\u{301} open.", "Cafe"),
        "a combining accent follows"
    );
    assert!(!case_of(
        "A family \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} here.",
        "\u{1F469}\u{200D}\u{1F469}"
    ));
}

#[test]
fn an_empty_quote_is_an_error() {
    let d = doc("text");
    assert_eq!(anchor(&d, &sel("  \n ")), Err(AnchorError::EmptyQuote));
}

#[test]
fn a_quote_lies_within_one_block() {
    let d = doc("# Kim arrives\n\nKim arrived by train.\n\n- one\n- two");
    let err = anchor(&d, &sel("arrives Kim arrived")).unwrap_err();
    assert!(
        matches!(err, AnchorError::AcrossBlocks { ref places, .. } if places.len() == 1),
        "{err:?}"
    );
    assert!(matches!(
        anchor(&d, &sel("one two")),
        Err(AnchorError::AcrossBlocks { .. })
    ));
}

#[test]
fn a_quote_in_a_code_block_is_reported_as_such() {
    let d = doc("Intro.\n\n```\nlet kim = 1;\n```\n\n    indented kim\n");
    assert_eq!(
        anchor(&d, &sel("let kim")),
        Err(AnchorError::InCodeBlock {
            quote: "let kim".into(),
            lines: vec![4]
        })
    );
    assert_eq!(
        anchor(&d, &sel("indented")),
        Err(AnchorError::InCodeBlock {
            quote: "indented".into(),
            lines: vec![7]
        })
    );
}

#[test]
fn inline_code_is_anchorable() {
    let d = doc("Run `cargo build` now.");
    assert_eq!(texts(&d, &sel("cargo build")), Ok(vec!["cargo build"]));
}

#[test]
fn several_matches_without_occurrence_are_ambiguous() {
    let d = doc("The leader Kim met Putin. Later Kim left.");
    let err = anchor(&d, &sel("Kim")).unwrap_err();
    let AnchorError::Ambiguous { places, .. } = err else {
        panic!("{err:?}")
    };
    let picks: Vec<_> = places.iter().map(|c| c.pick.clone()).collect();
    assert_eq!(
        picks,
        vec![
            Pick::Prefix("leader ".into()),
            Pick::Prefix("Later ".into())
        ]
    );
}

#[test]
fn prefix_and_suffix_pick_a_match() {
    let d = doc("The leader Kim met Putin.\n\nLater Kim left.");
    let with = |prefix, suffix| Selector {
        quote: "Kim",
        prefix,
        suffix,
        occurrence: Occurrence::Unique,
    };
    let first = anchor(&d, &with(Some("leader "), None));
    assert_eq!(first, Ok(vec![TextRange { start: 11, end: 14 }]));
    assert_eq!(anchor(&d, &with(Some("leader"), None)), first);
    assert_eq!(anchor(&d, &with(None, Some(" met"))), first);
    assert_eq!(anchor(&d, &with(None, Some("met Putin."))), first);
    assert_eq!(anchor(&d, &with(Some("The leader "), Some(" met"))), first);
    // The prefix may reach into the previous block: the separator counts as a space.
    assert_eq!(
        texts(&d, &with(Some("Putin. Later"), None)),
        Ok(vec!["Kim"])
    );
}

#[test]
fn context_that_never_matches_is_reported() {
    let d = doc("The leader Kim met Putin. Later Kim left.");
    let with = |prefix, suffix| Selector {
        quote: "Kim",
        prefix,
        suffix,
        occurrence: Occurrence::Unique,
    };
    assert!(
        matches!(anchor(&d, &with(Some("leadr "), None)), Err(AnchorError::PrefixNotFound { ref places, .. }) if places.len() == 2)
    );
    assert!(
        matches!(anchor(&d, &with(Some("leader "), Some(" left"))), Err(AnchorError::SuffixNotFound { ref places, .. }) if places.len() == 1)
    );
}

#[test]
fn occurrences_are_counted_in_reading_order_after_filtering() {
    let d = doc("# Kim\n\nKim a. Kim b. Kim a.\n\n| Kim a |\n|---|\n| x |");
    let with = |occurrence| Selector {
        quote: "Kim",
        prefix: None,
        suffix: Some(" a"),
        occurrence,
    };
    let starts = |o| anchor(&d, &with(o)).map(|rs| rs.iter().map(|r| r.start).collect::<Vec<_>>());
    assert_eq!(starts(Occurrence::All), Ok(vec![5, 19, 27]));
    assert_eq!(starts(Occurrence::First), Ok(vec![5]));
    assert_eq!(starts(Occurrence::Last), Ok(vec![27]));
    assert_eq!(starts(Occurrence::Nth(2)), Ok(vec![19]));
    assert_eq!(
        starts(Occurrence::Nth(4)),
        Err(AnchorError::OccurrenceOutOfRange {
            quote: "Kim".into(),
            wanted: 4,
            found: 3
        })
    );
    assert!(matches!(
        starts(Occurrence::Nth(0)),
        Err(AnchorError::OccurrenceOutOfRange { wanted: 0, .. })
    ));
}

#[test]
fn non_ascii_text_anchors_at_char_boundaries() {
    let d = doc(
        "Ким Чен Ын прибыл во **Владивосток**. 金正恩抵达海参崴。 Party 🎉👍🏽 time. Cafe\u{301} ok.",
    );
    assert_eq!(
        texts(&d, &sel("прибыл во Владивосток")),
        Ok(vec!["прибыл во Владивосток"])
    );
    assert_eq!(texts(&d, &sel("抵达")), Ok(vec!["抵达"]));
    assert_eq!(texts(&d, &sel("🎉👍🏽")), Ok(vec!["🎉👍🏽"]));
    // A match may not end between a base character and its combining mark or modifier.
    assert!(anchor(&d, &sel("🎉👍")).is_err());
    assert!(anchor(&d, &sel("Cafe")).is_err());
    assert_eq!(texts(&d, &sel("Cafe\u{301}")), Ok(vec!["Cafe\u{301}"]));
}

#[test]
fn a_match_that_cuts_a_word_is_found_with_that_word() {
    let reader = "Kim reached Hanoi. North Koreans cheered. Kim's train. 金正恩抵达";
    let cut = |quote: &str| {
        let start = reader.find(quote).expect("in the text");
        split_word(
            reader,
            TextRange {
                start,
                end: start + quote.len(),
            },
        )
        .map(|r| &reader[r.start..r.end])
    };
    assert_eq!(cut("Hano"), Some("Hanoi"));
    assert_eq!(cut("anoi"), Some("Hanoi"));
    assert_eq!(cut("North Korea"), Some("North Koreans"));
    assert_eq!(cut("ched Hano"), Some("reached Hanoi"));
    assert_eq!(cut("Hanoi"), None);
    assert_eq!(cut("Kim"), None, "an apostrophe ends a word");
    assert_eq!(cut("正恩"), None, "no word edges in Chinese");
}

#[test]
fn suggestions_stop_when_the_briefing_has_spent_its_time() {
    let d = doc("On Wednesday Kim arrived in Russia by train.");
    let searched = |d: &Document<'_>| match anchor(d, &sel("arived in Russia")) {
        Err(AnchorError::NotFound {
            suggestions,
            searched,
            ..
        }) => (suggestions.len(), searched),
        other => panic!("{other:?}"),
    };
    assert_eq!(searched(&d), (1, true));
    d.suggestion_budget
        .store(10, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(searched(&d), (0, false));
    // A quote too long to scan against a long article is not searched either.
    let article = "Kim arrived in Russia by train. ".repeat(4_000);
    let d = doc(&article);
    let quote = "Kim arived in Russia by train. ".repeat(1_000);
    assert!(matches!(
        anchor(&d, &sel(&quote)),
        Err(AnchorError::NotFound {
            searched: false,
            ..
        })
    ));
}

#[test]
fn a_quote_may_not_match_more_than_the_most_places() {
    let md = "e ".repeat(crate::anchor::MAX_MATCHES + 1);
    let d = doc(&md);
    for occurrence in [Occurrence::All, Occurrence::Unique, Occurrence::Last] {
        let selector = Selector {
            occurrence,
            ..sel("e")
        };
        assert!(
            matches!(anchor(&d, &selector), Err(AnchorError::TooManyMatches { found, .. }) if found == crate::anchor::MAX_MATCHES + 1),
            "{occurrence:?}"
        );
    }
    // `first` and `occurrence: N` pick one place without counting them all.
    let first = Selector {
        occurrence: Occurrence::First,
        ..sel("e")
    };
    assert_eq!(texts(&d, &first), Ok(vec!["e"]));
    let d = doc(&md[2..]);
    let all = Selector {
        occurrence: Occurrence::All,
        ..sel("e")
    };
    assert_eq!(
        texts(&d, &all).map(|t| t.len()),
        Ok(crate::anchor::MAX_MATCHES)
    );
}

#[test]
fn a_match_never_splits_a_flag_or_a_joined_emoji() {
    let d = doc(
        "Flags \u{1F1F0}\u{1F1F7}\u{1F1F7}\u{1F1FA} and a family \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} here.",
    );
    // Half of the Korean flag, or the second half of it with half of the Russian one.
    for quote in [
        "\u{1F1F0}",
        "\u{1F1F7}\u{1F1F7}",
        "\u{1F469}\u{200D}\u{1F469}",
    ] {
        assert!(
            matches!(anchor(&d, &sel(quote)), Err(AnchorError::NotFound { .. })),
            "{quote:?}"
        );
    }
    assert_eq!(
        texts(&d, &sel("\u{1F1F7}\u{1F1FA} and")),
        Ok(vec!["\u{1F1F7}\u{1F1FA} and"])
    );
}

#[test]
fn a_match_never_ends_inside_an_expanded_character() {
    let d = doc("Wait... what -- now");
    // Smart punctuation turned "..." into "…" and "--" into "–".
    assert_eq!(texts(&d, &sel("Wait... what")), Ok(vec!["Wait… what"]));
    assert_eq!(texts(&d, &sel("Wait…")), Ok(vec!["Wait…"]));
    assert!(matches!(
        anchor(&d, &sel(".. what")),
        Err(AnchorError::NotFound { .. })
    ));
    assert!(matches!(
        anchor(&d, &sel("Wait..")),
        Err(AnchorError::NotFound { .. })
    ));
    assert!(matches!(
        anchor(&d, &sel("-")),
        Err(AnchorError::NotFound { .. })
    ));
}

#[test]
fn not_found_suggests_the_closest_passage() {
    let d = doc("On Wednesday Kim arrived in Russia by train.\n\nPutin met him.");
    let err = anchor(&d, &sel("arived in Russia by train")).unwrap_err();
    let AnchorError::NotFound {
        suggestions,
        case_mismatch: None,
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    let shown: Vec<_> = suggestions
        .iter()
        .map(|r| &d.reader_text()[r.start..r.end])
        .collect();
    assert_eq!(shown, vec!["arrived in Russia by train"]);
}

#[test]
fn not_found_with_nothing_close_suggests_nothing() {
    let d = doc("On Wednesday Kim arrived in Russia by train.");
    let err = anchor(&d, &sel("Hanoi summit without a deal")).unwrap_err();
    assert!(
        matches!(err, AnchorError::NotFound { ref suggestions, case_mismatch: None, .. } if suggestions.is_empty()),
        "{err:?}"
    );
}

#[test]
fn suggestions_are_whole_words() {
    let d = doc("The delegation arrived in Vladivostok on Wednesday.");
    let err = anchor(&d, &sel("arived in Vladivost")).unwrap_err();
    let AnchorError::NotFound { suggestions, .. } = err else {
        panic!("{err:?}")
    };
    let shown: Vec<_> = suggestions
        .iter()
        .map(|r| &d.reader_text()[r.start..r.end])
        .collect();
    assert_eq!(shown, vec!["arrived in Vladivostok"]);
}

/// The suggestions for `quote` in `md`, as text.
fn suggested(md: &str, quote: &str) -> Vec<String> {
    let d = doc(md);
    match anchor(&d, &sel(quote)) {
        Err(AnchorError::NotFound { suggestions, .. }) => suggestions
            .iter()
            .map(|r| d.reader_text()[r.start..r.end].to_string())
            .collect(),
        other => panic!("{quote}: {other:?}"),
    }
}

#[test]
fn a_typo_at_the_end_of_a_word_suggests_that_word_alone() {
    let md = "A Kremlin adviser, Yuri Ushakov, said Trump\u{2019}s envoy had offered bread and \
              salt at Khasan. Moscow's view, per Yonhap, was clear.";
    for (quote, expected) in [
        ("Kremlinn", "Kremlin"),
        ("Kremlin adviserr", "Kremlin adviser"),
        ("bread and saltt", "bread and salt"),
        ("Trumpp", "Trump"),
        ("Yonhapp", "Yonhap"),
        ("Ushakovv", "Ushakov"),
        ("Khasann", "Khasan"),
    ] {
        assert_eq!(suggested(md, quote), vec![expected], "{quote}");
    }
    // A match that ends inside a word still grows to the whole word.
    assert_eq!(
        suggested(md, "Yuri Ushakof sai"),
        vec!["Yuri Ushakov, said"]
    );
}

#[test]
fn suggestions_in_scripts_without_spaces_are_not_widened_to_the_sentence() {
    let md = "金正恩委员长乘坐专列抵达俄罗斯。普京总统在符拉迪沃斯托克迎接他。";
    assert_eq!(suggested(md, "乘坐专车"), vec!["乘坐专列"]);
    assert_eq!(
        suggested(md, "在符拉迪沃斯托克迎按"),
        vec!["在符拉迪沃斯托克迎接"]
    );
}

#[test]
fn suggestions_prefer_the_passage_whose_context_fits() {
    let d = doc("Kim Jong Um spoke first. Then Putin greeted Kim Jong Um again.");
    let selector = Selector {
        quote: "Kim Jong Un",
        prefix: Some("greeted "),
        suffix: None,
        occurrence: Occurrence::Unique,
    };
    let err = anchor(&d, &selector).unwrap_err();
    let AnchorError::NotFound { suggestions, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        suggestions.first().map(|r| r.start),
        d.reader_text().rfind("Kim Jong Um")
    );
}

#[test]
fn selector_of_an_annotation() {
    let a = crate::model::Annotation {
        index: 0,
        quote_offset: None,
        quote: "q".into(),
        prefix: Some("p".into()),
        suffix: None,
        occurrence: Occurrence::Last,
        mention: None,
        note: None,
        said_by: None,
        event: None,
        link: None,
        tags: vec![],
    };
    assert_eq!(
        Selector::of(&a),
        Selector {
            quote: "q",
            prefix: Some("p"),
            suffix: None,
            occurrence: Occurrence::Last
        }
    );
}

#[test]
fn anchoring_never_panics_on_odd_input() {
    let docs = [
        "",
        "\u{a0}",
        "# \n\n",
        "a\u{301}\u{301}",
        "😀\u{200d}😀",
        "`` ` ``",
        "<b>x</b>",
        "[^x]: y",
    ];
    let quotes = ["a", "\u{301}", "😀", "` ", "x y", "...", "—", "\"", "y"];
    for md in docs {
        let d = doc(md);
        for q in quotes {
            for occurrence in [
                Occurrence::Unique,
                Occurrence::All,
                Occurrence::Nth(usize::MAX),
            ] {
                let s = Selector {
                    quote: q,
                    prefix: Some(q),
                    suffix: Some(q),
                    occurrence,
                };
                let _ = anchor(&d, &s);
            }
        }
    }
}
