use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::*;

fn doc(text: &str) -> Doc<'_> {
    Doc::whole(Path::new("a.yaml"), text)
}

fn err<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Diagnostic {
    match from_str::<T>(&doc(text)) {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(d) => *d,
    }
}

#[test]
fn no_and_numbers_stay_strings() {
    let map: BTreeMap<String, String> =
        from_str(&doc("country: no\nborn: 1952\non: yes\n")).unwrap_or_default();
    assert_eq!(map.get("country").map(String::as_str), Some("no"));
    assert_eq!(map.get("born").map(String::as_str), Some("1952"));
    assert_eq!(map.get("on").map(String::as_str), Some("yes"));
}

#[test]
fn syntax_errors_have_the_line_and_no_repeated_position() {
    let d = err::<BTreeMap<String, String>>("a: b\nc: \"open\nd: e\n");
    assert_eq!(d.code, "yaml-syntax");
    assert!(!d.message.contains("at line"), "{}", d.message);
    let at = d.location.unwrap_or_else(|| panic!("no location"));
    assert_eq!(at.file, Path::new("a.yaml"));
    assert!(at.line >= 2, "{at:?}");
}

#[test]
fn tabs_are_reported_with_their_line() {
    let d = err::<BTreeMap<String, Vec<String>>>("tags:\n\t- b\n");
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(2));
    assert!(d.help.iter().any(|h| h.contains("tabs")), "{d:?}");
}

#[test]
fn a_colon_in_a_plain_value_is_answered_with_the_value_in_quotes() {
    let d = err::<BTreeMap<String, Vec<BTreeMap<String, String>>>>(
        "annotations:\n  - quote: He said: \"yes\" \\ no\n    note: x\n",
    );
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(2));
    assert_eq!(
        d.help,
        vec![r#"a value that holds `: ` must be in quotes: `quote: "He said: \"yes\" \\ no"`"#]
    );
    // A key indented unlike its sibling is lined up; a quote left open is reported where
    // it opens (see below).
    let d = err::<BTreeMap<String, String>>("a: b\n  c: d\n");
    assert!(
        d.help.iter().any(|h| h.contains("line `c:` up with `a:`")),
        "{d:?}"
    );
    let d = err::<BTreeMap<String, String>>("a: b\nc: d: e: f\n  g\n");
    assert!(!d.help.is_empty(), "{d:?}");
    let d = err::<BTreeMap<String, String>>("a: b\nc: \"open\nd: e\n");
    assert_eq!(d.message, "this quote is never closed", "{d:?}");
}

#[test]
fn type_errors_point_at_the_value() {
    let text = "title: x\ndraft: no   # not a bool\n";
    let d = err::<BTreeMap<String, bool>>(text);
    assert_eq!(d.code, "yaml-type");
    let at = d.location.clone().unwrap_or_else(|| panic!("no location"));
    assert_eq!((at.line, at.column), (1, 8));
    let d = err::<BTreeMap<String, Vec<String>>>("tags: foo\n");
    let at = d.location.clone().unwrap_or_else(|| panic!("no location"));
    assert_eq!((at.line, at.column, at.length), (1, 7, 3));
    assert!(d.help.iter().any(|h| h.contains("list")), "{d:?}");
}

#[test]
fn front_matter_locations_are_relative_to_the_whole_file() {
    let text = "---\ntitle: x\ndate: [\n---\nbody\n";
    let start = 4;
    let end = text.find("---\nbody").unwrap_or(0);
    let d = Doc {
        path: Path::new("b.md"),
        text,
        start,
        end,
    };
    let e = from_str::<BTreeMap<String, String>>(&d).err();
    let at = e
        .and_then(|e| e.location)
        .unwrap_or_else(|| panic!("no location"));
    assert!(at.line >= 3, "{at:?}");
    let at = key_location(&d, &[], "date", 0).unwrap_or_else(|| panic!("not found"));
    assert_eq!((at.line, at.column, at.length), (3, 1, 4));
}

const BOMB: &str = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
";

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let started = Instant::now();
    let d = err::<BTreeMap<String, serde_yaml::Value>>(BOMB);
    assert_eq!(d.code, "yaml-limit");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_quote_never_closed_is_reported_where_it_opens() {
    let text = "annotations:\n  - quote: \"arrived in Russia by train\n    note: x\n  \
                - quote: \"Kim-Putin summit, Vladivostok\"\n    note: y\n";
    let d = err::<BTreeMap<String, serde_yaml::Value>>(text);
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(d.message, "this quote is never closed");
    let at = d.location.as_ref().expect("location");
    assert_eq!((at.line, at.column), (2, 12), "{}", d.render());
    assert!(
        d.render().contains("YAML read on to line 4"),
        "{}",
        d.render()
    );
    // Closed quotes, escaped quotes and doubled single quotes are not taken for it.
    let fine = "a: \"x \\\" y\"\nb: 'it''s'\nc: [\"d\"\nd: e\n";
    assert!(unclosed_quote(fine, 4).is_none());
    assert_eq!(unclosed_quote("a: 'it''s\nb: c\n", 2), Some((1, 4)));
}

#[test]
fn one_long_value_repeated_by_aliases_is_refused() {
    let long = "x".repeat(100_000);
    let mut text = format!("sources: [&a \"{long}\"");
    for _ in 0..30 {
        text.push_str(", *a");
    }
    text.push_str("]\n");
    let started = Instant::now();
    let d = err::<BTreeMap<String, Vec<String>>>(&text);
    assert_eq!(d.code, "yaml-limit");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(1));
    assert!(started.elapsed() < Duration::from_secs(2));
    // A few aliases of a short value are fine.
    let ok: BTreeMap<String, Vec<String>> =
        from_str(&doc("a: [&x \"one\", *x, *x]\nb: [*x]\n")).expect("small aliases");
    assert_eq!(ok["a"], ["one", "one", "one"]);
    assert_eq!(ok["b"], ["one"]);
    // A nested container repeated counts its whole size.
    let mut nested = format!("a: &n {{ k: [\"{}\"] }}\nb: [", "y".repeat(400_000));
    nested.push_str(&["*n"; 8].join(", "));
    nested.push_str("]\n");
    assert_eq!(
        err::<BTreeMap<String, serde_yaml::Value>>(&nested).code,
        "yaml-limit"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let started = Instant::now();
    for deep in [
        "[".repeat(10_000) + &"]".repeat(10_000),
        "{a: ".repeat(10_000) + "b" + &"}".repeat(10_000),
    ] {
        let d = err::<serde_yaml::Value>(&deep);
        assert_eq!(d.code, "yaml-limit", "{d:?}");
        let _ = value_location(&doc(&deep), &[Step::Index(0); 50]);
    }
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_million_brackets_are_refused_at_the_first_too_deep_in_milliseconds() {
    let yaml = format!(
        "annotations:\n  - quote: Moscow\n    note: {}\n",
        "[".repeat(1_000_000)
    );
    let started = Instant::now();
    let d = err::<serde_yaml::Value>(&yaml);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(d.code, "yaml-limit", "{d:?}");
    let at = d.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((3, 11 + MAX_FLOW_DEPTH)), "{d:?}");
}

#[test]
fn only_brackets_that_yaml_reads_as_nesting_count() {
    let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert_eq!(too_deep_bracket(&deep(MAX_FLOW_DEPTH)), None);
    assert_eq!(
        too_deep_bracket(&deep(MAX_FLOW_DEPTH + 1)),
        Some(MAX_FLOW_DEPTH)
    );
    let many = "[".repeat(2000);
    // In quotes, comments and block scalars, brackets are text.
    for text in [
        format!("note: \"{many}\"\nx: [a]\n"),
        format!("note: '{many}'\n"),
        format!("note: 'it''s {many}'\n"),
        format!("a: 1 # {many}\n"),
        format!("note: |\n  {many}\n\n  {many}\nnext: [b]\n"),
        format!("- >-\n    {many}\n- c\n"),
    ] {
        assert_eq!(too_deep_bracket(&text), None, "{text:.40}");
    }
    // An apostrophe in a plain value opens no string: what follows still counts.
    let plain = format!("note: Kim's {many}\n");
    assert_eq!(too_deep_bracket(&plain).map(|at| at > 10), Some(true));
    // A block scalar ends where its indentation does.
    let after = format!("note: |\n  text\nother: {many}\n");
    assert!(too_deep_bracket(&after).is_some());
}

const ANNOTATIONS: &str = "annotations:
  - quote: \"Kim\"
    person: kim
  - quote: 'x'   # comment
    event: {date: 2019-02-30, title: T}
  - quote: |
      multi
      line
    person: a
    person: b
";

#[test]
fn values_are_found_by_path() {
    let d = doc(ANNOTATIONS);
    let at = |path: &[Step<'_>]| value_location(&d, path).map(|l| (l.line, l.column, l.length));
    let quote = |i| [Step::Key("annotations"), Step::Index(i), Step::Key("quote")];
    assert_eq!(at(&quote(0)), Some((2, 12, 5)));
    assert_eq!(at(&quote(1)), Some((4, 12, 3)));
    assert_eq!(at(&quote(2)).map(|l| l.0), Some(7));
    let date = [
        Step::Key("annotations"),
        Step::Index(1),
        Step::Key("event"),
        Step::Key("date"),
    ];
    assert_eq!(at(&date), Some((5, 19, 10)));
    assert_eq!(at(&quote(3)), None);
    assert_eq!(at(&[Step::Key("nothing")]), None);
}

#[test]
fn repeated_keys_are_found_by_occurrence() {
    let d = doc(ANNOTATIONS);
    let entry = [Step::Key("annotations"), Step::Index(2)];
    let second = key_location(&d, &entry, "person", 1).map(|l| (l.line, l.column));
    assert_eq!(second, Some((10, 5)));
    assert_eq!(key_location(&d, &entry, "person", 2), None);
}

#[test]
fn strip_positions_keeps_the_rest_of_the_message() {
    assert_eq!(
        strip_positions("found x at line 3 column 5, while scanning at line 1 column 1"),
        "found x, while scanning"
    );
    assert_eq!(strip_positions("at line one"), "at line one");
}

#[test]
fn unicode_line_separators_do_not_shift_the_reported_line() {
    // YAML 1.1 ends a line at U+2028, U+2029 and U+0085; an editor does not. The report
    // must point at the line the user sees.
    for separator in ['\u{2028}', '\u{2029}', '\u{85}'] {
        let text = format!("a: b\ntitle: Kim{separator}arrives\nsummary: \"open\nc: d\n");
        let d = err::<BTreeMap<String, String>>(&text);
        let at = d.location.unwrap_or_else(|| panic!("no location"));
        let plain = err::<BTreeMap<String, String>>("a: b\ntitle: Kim\nsummary: \"open\nc: d\n");
        let expected = plain.location.unwrap_or_else(|| panic!("no location"));
        assert!(
            at.line <= expected.line,
            "{separator:?}: {at:?} vs {expected:?}"
        );
        assert!(text.lines().nth(at.line - 1).is_some(), "{at:?}");
    }
    assert_eq!(text_line_column("a\u{2028}b\nc", 2, 2), (1, 4));
    assert_eq!(text_line_column("a\u{2028}b\nc", 3, 1), (2, 1));
    assert_eq!(text_line_column("a\r\nb", 2, 1), (2, 1));
    assert_eq!(text_line_column("plain\ntext", 2, 3), (2, 3));
}

#[test]
fn text_after_a_closing_quote_is_answered_with_the_value_quoted_whole() {
    type Entries = BTreeMap<String, Vec<BTreeMap<String, String>>>;
    for (value, fixed, why) in [
        (
            "\"successful and useful\" visit",
            "- quote: '\"successful and useful\" visit'",
            "ends where the quote closes",
        ),
        ("'Kim's train'", "- quote: \"Kim's train\"", "an apostrophe"),
        (
            "'Kim' arrived",
            "- quote: \"'Kim' arrived\"",
            "ends where the quote closes",
        ),
    ] {
        let d = err::<Entries>(&format!("annotations:\n  - quote: {value}\n    note: x\n"));
        assert_eq!(d.code, "yaml-syntax", "{value}");
        assert_eq!(d.help, vec![format!("write `{fixed}`")], "{value}");
        assert!(d.notes.iter().any(|n| n.contains(why)), "{value}: {d:?}");
        // The fix, followed, reads.
        let text = format!("annotations:\n  {fixed}\n    note: x\n");
        assert!(serde_yaml::from_str::<Entries>(&text).is_ok(), "{text}");
    }
}

#[test]
fn a_key_without_its_colon_is_reported_on_its_own_line() {
    // The parser notices two lines later, at the next entry.
    let d = err::<BTreeMap<String, Vec<BTreeMap<String, String>>>>(
        "annotations:\n  - quote: a\n    place khasan\n\n  - quote: b\n",
    );
    assert_eq!(d.code, "yaml-syntax");
    assert_eq!(
        d.message, "`place khasan` has no `:` after its key",
        "{d:?}"
    );
    let at = d.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((3, 5)), "{d:?}");
    assert_eq!(d.help, vec!["write `place: khasan`"]);
    // A colon with no space after it does not separate a key either.
    let d = err::<BTreeMap<String, String>>("title: a\nplace:khasan\ndate: b\n");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(2), "{d:?}");
    assert_eq!(d.help, vec!["write `place: khasan`"]);
    // A line that is not a key and a value gets the general advice.
    let d = err::<BTreeMap<String, String>>("title: a\njust some words here\ndate: b\n");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(2), "{d:?}");
    assert!(d.help.iter().any(|h| h.contains("`key: value`")), "{d:?}");
    // Text after a key whose values are text.
    let d = err::<BTreeMap<String, String>>("title: a\nnote A warm welcome\ndate: b\n");
    assert_eq!(d.help, vec!["write `note: A warm welcome`"]);
}

#[test]
fn type_errors_read_in_plain_words_with_entries_counted_from_one() {
    assert_eq!(
        plain_type_message(
            "annotations[5].link: invalid type: sequence, expected a URL, or a mapping"
        ),
        "`link:` of annotation 6 is a list; expected a URL, or a mapping"
    );
    assert_eq!(
        plain_type_message("sources[0]: invalid type: integer `3`, expected a URL"),
        "source 1 is the number 3; expected a URL"
    );
    assert_eq!(
        plain_type_message("draft: invalid type: string \"no\", expected a boolean"),
        "`draft:` is the text \"no\"; expected a boolean"
    );
    // Anything else stays as the parser wrote it.
    assert_eq!(plain_type_message("missing field `x`"), "missing field `x`");
}

#[test]
fn an_event_on_one_line_and_a_key_without_its_colon_get_the_line_to_write() {
    let help = |m: &str| type_help_for_value(m).unwrap_or_default();
    assert_eq!(
        help(
            "annotations[0].event: invalid type: string \"2026-11-02 Cable cut\", expected an `event:` mapping (`date:`)"
        ),
        "write `event: { date: 2026-11-02, title: Cable cut }`"
    );
    assert_eq!(
        help(
            "annotations[0]: invalid type: string \"quote Khasan place khasan\", expected an annotation (a mapping)"
        ),
        "a `:` is missing after `quote`: each line is `key: value`"
    );
    assert!(
        help("annotations[2].link: invalid type: sequence, expected a URL").contains("one `link:`")
    );
}

#[test]
fn a_key_indented_unlike_the_one_above_is_lined_up() {
    type Entries = BTreeMap<String, Vec<BTreeMap<String, String>>>;
    let d = err::<Entries>("annotations:\n  - quote: Khasan\n      place: khasan\n");
    // The caret is at the key, whose indentation is what to change.
    let at = d.location.as_ref().map(|l| (l.line, l.column, l.length));
    assert_eq!(at, Some((3, 7, 5)), "{d:?}");
    assert_eq!(
        d.help,
        vec!["line `place:` up with `quote:` above it: 4 spaces before it, not 6"]
    );
    let d = err::<Entries>("annotations:\n  - quote: Khasan\n   place: khasan\n");
    let at = d.location.as_ref().map(|l| (l.line, l.column));
    assert_eq!(at, Some((3, 4)), "{d:?}");
    assert_eq!(
        d.help,
        vec!["line `place:` up with `quote:` above it: 4 spaces before it, not 3"]
    );
    // Under a key with no value on its line, deeper is right: the general help stays.
    assert_eq!(misindented("a:\n  b: c\n", 2), None);
}
