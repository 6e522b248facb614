//! The `load` stage against small fixture sites, one folder per case under
//! `tests/fixtures/load/`: each error case asserts the code, the place (file:line:col)
//! and the key words of every diagnostic it expects.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::config::{self, Config};
use brief::diagnostics::{Diagnostic, Severity};
use brief::load;
use brief::model::{
    Annotation, ArticleSource, EventSpec, Fact, LinkSpec, Loaded, NoteRef, Occurrence, Timestamp,
};
use chrono::{NaiveDate, NaiveTime};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(case)
}

fn config_of(root: &Path) -> Config {
    let text = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
    config::parse(Path::new("site.toml"), &text).expect("valid site.toml")
}

fn run(case: &str) -> (Loaded, Vec<Diagnostic>) {
    let root = fixture(case);
    load::load(&root, &config_of(&root), false)
}

fn report(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(Diagnostic::render)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `file:line:col`, or just the file for diagnostics about a whole file.
fn place(d: &Diagnostic) -> String {
    match &d.location {
        Some(l) if l.line > 0 => format!("{}:{}:{}", l.file.display(), l.line, l.column),
        Some(l) => l.file.display().to_string(),
        None => String::new(),
    }
}

/// Asserts that a diagnostic with `code` is at `at` and its report holds every word.
#[track_caller]
fn expect(diagnostics: &[Diagnostic], code: &str, at: &str, words: &[&str]) {
    let found = diagnostics
        .iter()
        .find(|d| d.code == code && place(d) == at)
        .unwrap_or_else(|| panic!("no `{code}` at {at} in:\n{}", report(diagnostics)));
    let text = found.render();
    for word in words {
        assert!(text.contains(word), "`{word}` is not in:\n{text}");
    }
}

/// Asserts the exact list of (code, place) found, in report order.
#[track_caller]
fn expect_all(diagnostics: &[Diagnostic], expected: &[(&str, &str)]) {
    let found: Vec<(&str, String)> = diagnostics.iter().map(|d| (d.code, place(d))).collect();
    let expected: Vec<(&str, String)> = expected.iter().map(|(c, p)| (*c, p.to_string())).collect();
    assert_eq!(found, expected, "\n{}", report(diagnostics));
}

fn date(y: i32, m: u32, d: u32) -> Timestamp {
    Timestamp {
        date: NaiveDate::from_ymd_opt(y, m, d).expect("a date"),
        time: None,
        offset_seconds: None,
    }
}

fn date_time(y: i32, m: u32, d: u32, hour: u32, minute: u32, offset_hours: i32) -> Timestamp {
    Timestamp {
        time: NaiveTime::from_hms_opt(hour, minute, 0),
        offset_seconds: Some(offset_hours * 3600),
        ..date(y, m, d)
    }
}

fn annotation(index: usize, quote: &str) -> Annotation {
    Annotation {
        index,
        quote_offset: None,
        quote: quote.into(),
        prefix: None,
        suffix: None,
        occurrence: Occurrence::Unique,
        mention: None,
        note: None,
        said_by: None,
        event: None,
        link: None,
        tags: Vec::new(),
    }
}

fn note_ref(collection: &str, slug: &str) -> Option<NoteRef> {
    Some(NoteRef {
        collection: collection.into(),
        slug: slug.into(),
    })
}

fn fact(key: &str, label: &str, value: &str) -> Fact {
    Fact {
        key: key.into(),
        label: label.into(),
        value: value.into(),
    }
}

fn link(url: &str, title: Option<&str>) -> LinkSpec {
    LinkSpec {
        url: url.into(),
        title: title.map(str::to_string),
    }
}

#[test]
fn happy_path_loads_everything_exactly() {
    let (loaded, diagnostics) = run("happy");
    assert!(diagnostics.is_empty(), "{}", report(&diagnostics));
    let slugs: Vec<&str> = loaded.briefings.iter().map(|b| b.slug.as_str()).collect();
    assert_eq!(slugs, ["2019-02-28-hanoi", "2019-04-24-kim-arrives"]);

    let hanoi = &loaded.briefings[0];
    assert_eq!(hanoi.title, "Hanoi summit ends without a deal");
    assert_eq!(hanoi.date, date_time(2019, 2, 28, 14, 0, 7));
    assert_eq!((hanoi.summary.as_deref(), hanoi.draft), (None, false));
    assert_eq!(hanoi.body(), "Talks in Hanoi broke off.\n");
    let file = hanoi
        .annotations
        .file
        .as_ref()
        .expect("front-matter annotations");
    assert_eq!(
        file.path,
        Path::new("content/briefings/2019-02-28-hanoi.md")
    );
    let expected = Annotation {
        occurrence: Occurrence::All,
        mention: note_ref("places", "hanoi"),
        event: Some(EventSpec {
            date: date(2019, 2, 27),
            end: Some(date(2019, 2, 28)),
            title: "Hanoi summit".into(),
        }),
        ..annotation(0, "Hanoi")
    };
    assert_eq!(*hanoi.annotations.entries, [expected]);

    let kim = &loaded.briefings[1];
    assert_eq!(kim.title, "Kim Jong Un arrives in Russia");
    assert_eq!(kim.date, date(2019, 4, 24));
    assert_eq!(kim.summary.as_deref(), Some("Kim came by **train**."));
    let source = ArticleSource {
        name: Some("Reuters".into()),
        url: Some("https://example.org/kim".into()),
        author: Some("A. Writer".into()),
        published: Some(Timestamp {
            time: NaiveTime::from_hms_opt(10, 30, 0),
            offset_seconds: Some(36_000),
            ..date(2019, 4, 24)
        }),
    };
    assert_eq!(kim.source, Some(source));
    assert_eq!(kim.tags, ["north-korea", "russia"]);
    assert!(kim.body().starts_with("Kim Jong Un arrived at Khasan"));
    let file = kim.annotations.file.as_ref().expect("sidecar");
    assert_eq!(
        file.path,
        Path::new("content/briefings/2019-04-24-kim-arrives.yaml")
    );
    let expected = [
        Annotation {
            mention: note_ref("places", "khasan"),
            ..annotation(0, "Khasan train station")
        },
        Annotation {
            note: Some("A traditional Slavic welcome.".into()),
            ..annotation(1, "bread and salt")
        },
        Annotation {
            suffix: Some(" arrived".into()),
            mention: note_ref("people", "kim-jong-un"),
            occurrence: Occurrence::First,
            ..annotation(2, "Kim Jong Un")
        },
        Annotation {
            said_by: Some("kim-jong-un".into()),
            event: Some(EventSpec {
                date: date(2019, 4, 24),
                end: None,
                title: "Kim arrives in Russia".into(),
            }),
            link: Some(link("https://example.org/report", None)),
            tags: vec!["visit".into()],
            ..annotation(3, "arrived")
        },
        Annotation {
            prefix: Some("on ".into()),
            mention: note_ref("organizations", "yonhap"),
            occurrence: Occurrence::Nth(2),
            link: Some(link("https://example.org/y", Some("Yonhap report"))),
            ..annotation(4, "Wednesday")
        },
    ];
    assert_eq!(*kim.annotations.entries, expected);
}

#[test]
fn happy_path_notes_carry_their_facts_in_display_order() {
    let (loaded, _) = run("happy");
    let ids: Vec<String> = loaded
        .notes
        .iter()
        .map(|n| format!("{}/{}", n.collection, n.slug))
        .collect();
    assert_eq!(
        ids,
        [
            "organizations/yonhap",
            "people/kim-jong-un",
            "places/hanoi",
            "places/khasan"
        ]
    );
    let yonhap = &loaded.notes[0];
    assert_eq!(yonhap.name, "Yonhap");
    assert_eq!(yonhap.facts, [fact("Founded", "Founded", "1980")]);
    assert_eq!(yonhap.body(), "Founded in 1980.\n");

    let kim = &loaded.notes[1];
    assert_eq!(kim.name, "Kim Jong Un");
    assert_eq!(kim.aliases, ["Kim", "the North Korean leader"]);
    assert_eq!(
        kim.summary.as_deref(),
        Some("Leader of North Korea since 2011.")
    );
    assert_eq!(kim.updated, Some(date(2019, 4, 24)));
    assert_eq!(
        kim.sources,
        [
            link("https://example.org/bio", None),
            link("https://example.org/profile", Some("Profile")),
        ]
    );
    assert_eq!(
        kim.facts,
        [
            fact("role", "Role", "Chairman of the State Affairs Commission"),
            fact("born", "Born", "1984"),
            fact("nationality", "Nationality", "North Korean"),
            fact("Party", "Party", "Workers' Party of Korea"),
            fact("In power since", "In power since", "2011"),
        ]
    );
    assert_eq!(
        kim.role.as_deref(),
        Some("Chairman of the State Affairs Commission")
    );
    assert_eq!(kim.image.as_deref(), Some("/images/kim.jpg"));
    assert_eq!((kim.coords, kim.country.as_deref()), (None, None));
    assert_eq!(kim.tags, ["leaders"]);

    let hanoi = &loaded.notes[2];
    assert_eq!(
        hanoi.facts,
        [
            fact("country", "Country", "Vietnam"),
            fact("population", "Population", "8,053,663"),
            fact("coords", "Coordinates", "21.03° N, 105.85° E"),
        ]
    );
    assert_eq!(hanoi.body(), "");

    let khasan = &loaded.notes[3];
    assert_eq!(khasan.coords, Some((42.43, 130.64)));
    assert_eq!(khasan.country.as_deref(), Some("Russia"));
    assert_eq!(
        khasan.facts,
        [
            fact("country", "Country", "Russia"),
            fact("admin", "Region", "Primorsky Krai"),
            fact("population", "Population", "742"),
            fact("coords", "Coordinates", "42.43° N, 130.64° E"),
        ]
    );
}

#[test]
fn shared_names_are_listed_ten_to_a_note_and_the_rest_counted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content/people")).expect("mkdir");
    std::fs::write(root.join("site.toml"), "title = \"T\"\n").expect("write");
    let aliases: Vec<String> = (0..25).map(|i| format!("al{i}")).collect();
    for slug in ["a", "b"] {
        std::fs::write(
            root.join(format!("content/people/{slug}.md")),
            format!(
                "---\nname: {slug}\naliases: [{}]\n---\n",
                aliases.join(", ")
            ),
        )
        .expect("write");
    }
    let (_, diagnostics) = load::load(root, &config_of(root), false);
    let shared: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "shared-alias")
        .collect();
    assert_eq!(shared.len(), 11, "{}", report(&diagnostics));
    assert!(
        shared
            .iter()
            .any(|d| d.message == "15 more names of this note are also names of other notes"),
        "{}",
        report(&diagnostics)
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let root = fixture("happy");
    let config = config_of(&root);
    let (sources, _) = load::read_sources(&root, &config);
    let (without, _) = load::parse_sources(sources.clone(), &config, false);
    let (with, _) = load::parse_sources(sources, &config, true);
    assert_eq!(without.briefings.len(), 2);
    let draft = with.briefings.last().expect("the draft");
    assert_eq!(
        (draft.slug.as_str(), draft.draft),
        ("work-in-progress", true)
    );
}

#[test]
fn sources_are_relative_sorted_and_deterministic() {
    let root = fixture("happy");
    let config = config_of(&root);
    let (sources, diagnostics) = load::read_sources(&root, &config);
    assert!(diagnostics.is_empty(), "{}", report(&diagnostics));
    let paths: Vec<&Path> = sources.iter().map(|s| s.path.as_path()).collect();
    assert_eq!(paths[0], Path::new("content/briefings/2019-02-28-hanoi.md"));
    assert!(paths.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(paths.len(), 8);
    let mut reversed = sources.clone();
    reversed.reverse();
    let (a, _) = load::parse_sources(sources, &config, true);
    let (b, _) = load::parse_sources(reversed, &config, true);
    let slugs = |l: &Loaded| {
        l.briefings
            .iter()
            .map(|b| b.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs(&a), slugs(&b));
}

#[test]
fn annotation_locations_point_at_the_quote() {
    let (loaded, _) = run("happy");
    let kim = &loaded.briefings[1].annotations;
    let at = load::annotation_location(kim, 3).expect("entry 3");
    assert_eq!((at.line, at.column, at.length), (11, 12, 7));
    assert_eq!(at.line_text, "  - quote: arrived");
    let at = load::annotation_key_location(kim, 4, "prefix").expect("prefix");
    assert_eq!((at.line, at.column, at.length), (17, 13, 5));
    assert!(load::annotation_location(kim, 9).is_none());
    // Front-matter annotations: lines of the whole Markdown file.
    let hanoi = &loaded.briefings[0].annotations;
    let at = load::annotation_location(hanoi, 0).expect("entry 0");
    assert_eq!(place_of(&at), "content/briefings/2019-02-28-hanoi.md:6:12");
    assert_eq!(at.line_text, "  - quote: Hanoi");
}

fn place_of(l: &brief::diagnostics::Location) -> String {
    format!("{}:{}:{}", l.file.display(), l.line, l.column)
}

#[test]
fn front_matter_problems() {
    let (loaded, diagnostics) = run("front-matter");
    expect_all(
        &diagnostics,
        &[
            (
                "no-front-matter",
                "content/briefings/no-front-matter.md:1:1",
            ),
            ("no-front-matter", "content/briefings/toml.md:1:1"),
            ("unclosed-front-matter", "content/briefings/unclosed.md:1:1"),
            ("no-front-matter", "content/people/blank-first.md:2:1"),
        ],
    );
    expect(
        &diagnostics,
        "no-front-matter",
        "content/briefings/no-front-matter.md:1:1",
        &["start the file with a line `---`", "title:", "date:"],
    );
    expect(
        &diagnostics,
        "no-front-matter",
        "content/briefings/toml.md:1:1",
        &["not TOML"],
    );
    expect(
        &diagnostics,
        "unclosed-front-matter",
        "content/briefings/unclosed.md:1:1",
        &["never closed", "opened here"],
    );
    expect(
        &diagnostics,
        "no-front-matter",
        "content/people/blank-first.md:2:1",
        &["first line", "remove the blank lines"],
    );
    assert!(loaded.briefings.is_empty() && loaded.notes.is_empty());
}

#[test]
fn yaml_errors_have_lines_of_the_whole_file() {
    let (loaded, diagnostics) = run("yaml-errors");
    expect_all(
        &diagnostics,
        &[
            ("yaml-syntax", "content/briefings/syntax.md:5:1"),
            ("yaml-syntax", "content/briefings/tabs.yaml:3:1"),
            ("yaml-type", "content/briefings/types.md:4:8"),
            ("duplicate-key", "content/people/dup.md:4:1"),
        ],
    );
    expect(
        &diagnostics,
        "yaml-syntax",
        "content/briefings/syntax.md:5:1",
        &["not valid YAML", "flow sequence"],
    );
    expect(
        &diagnostics,
        "yaml-syntax",
        "content/briefings/tabs.yaml:3:1",
        &["tab", "indent with spaces"],
    );
    expect(
        &diagnostics,
        "yaml-type",
        "content/briefings/types.md:4:8",
        &[
            "draft",
            "expected a boolean",
            "`true` or `false`",
            "4 | draft: no",
        ],
    );
    expect(
        &diagnostics,
        "duplicate-key",
        "content/people/dup.md:4:1",
        &["`role` is written twice", "4 | role: Second"],
    );
    // The first value of a repeated key is kept; `country: no` stays text (YAML 1.2).
    let dup = loaded.notes.iter().find(|n| n.slug == "dup").expect("dup");
    assert_eq!(dup.role.as_deref(), Some("First"));
    let norway = loaded
        .notes
        .iter()
        .find(|n| n.slug == "norway")
        .expect("norway");
    assert_eq!(norway.country.as_deref(), Some("no"));
    assert_eq!(
        norway.facts[1],
        fact("population", "Population", "about 5.4 million")
    );
    // The tabbed sidecar fails, but its briefing still loads (without annotations).
    let tabs = loaded
        .briefings
        .iter()
        .find(|b| b.slug == "tabs")
        .expect("tabs");
    assert!(tabs.annotations.entries.is_empty());
}

#[test]
fn hostile_yaml_is_refused_quickly() {
    let started = Instant::now();
    let (_, diagnostics) = run("hostile");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let codes: Vec<(&str, String)> = diagnostics.iter().map(|d| (d.code, place(d))).collect();
    assert_eq!(
        codes,
        [
            // Refused before it is read, at the first alias that expands it too far.
            ("yaml-limit", "content/briefings/bomb.yaml:6:20".to_string()),
            // Refused before it is read, at the first bracket past 128 levels.
            (
                "yaml-limit",
                "content/briefings/deep-map.yaml:3:523".to_string()
            ),
            (
                "yaml-limit",
                "content/briefings/deep.yaml:3:139".to_string()
            ),
        ],
        "{}",
        report(&diagnostics)
    );
}

#[test]
fn every_annotation_problem_is_reported_in_one_run() {
    let (loaded, diagnostics) = run("annotations");
    let v = "content/briefings/visit.yaml";
    let at = |line_col: &str| format!("{v}:{line_col}");
    expect_all(
        &diagnostics,
        &[
            ("unknown-key", &at("3:5")),
            ("unknown-collection", &at("5:5")),
            ("two-mentions", &at("8:5")),
            ("annotation-says-nothing", &at("9:12")),
            ("missing-key", &at("10:5")),
            ("empty-value", &at("11:12")),
            ("bad-occurrence", &at("14:17")),
            ("bad-date", &at("17:20")),
            ("missing-key", &at("19:12")),
            ("unsafe-url", &at("21:11")),
            ("missing-key", &at("23:11")),
            ("bad-occurrence", &at("25:17")),
            ("duplicate-key", &at("27:5")),
            ("bad-mention", &at("29:11")),
            ("bad-date", &at("31:37")),
            ("unknown-key", &at("31:70")),
        ],
    );
    expect(
        &diagnostics,
        "unknown-key",
        &at("3:5"),
        &["`persn`", "did you mean `person`?", "`said_by`"],
    );
    expect(
        &diagnostics,
        "unknown-collection",
        &at("5:5"),
        &[
            "`organization`",
            "[collections.organizations]",
            "singular = \"organization\"",
            "site.toml",
        ],
    );
    expect(
        &diagnostics,
        "two-mentions",
        &at("8:5"),
        &["`place:` and `person:`"],
    );
    expect(
        &diagnostics,
        "bad-date",
        &at("17:20"),
        &["February 2019 has 28 days"],
    );
    expect(
        &diagnostics,
        "missing-key",
        &at("19:12"),
        &["the event has no `title`"],
    );
    expect(&diagnostics, "unsafe-url", &at("21:11"), &["`javascript:`"]);
    expect(
        &diagnostics,
        "missing-key",
        &at("23:11"),
        &["the link has no `url`"],
    );
    expect(
        &diagnostics,
        "bad-date",
        &at("31:37"),
        &["ends before it starts"],
    );
    let severity: Vec<Severity> = diagnostics.iter().map(|d| d.severity).collect();
    assert_eq!(
        severity.iter().filter(|s| **s == Severity::Warning).count(),
        1
    );
    // Usable entries stay (minus what was wrong with them), in their written order; an
    // entry whose `occurrence` is wrong (6 and 11) cannot be anchored and is left out.
    let entries = &loaded.briefings[0].annotations.entries;
    let indexes: Vec<usize> = entries.iter().map(|e| e.index).collect();
    assert_eq!(indexes, [0, 1, 2, 3, 7, 8, 9, 10, 12, 13]);
    assert_eq!(entries[2].mention, note_ref("places", "khasan"));
}

#[test]
fn annotation_report_reads_well() {
    let (_, diagnostics) = run("annotations");
    let text = report(&diagnostics);
    insta::with_settings!({ snapshot_path => "fixtures/load/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("annotations_report", text);
    });
}

#[test]
fn mentions_are_checked_across_files() {
    let (loaded, diagnostics) = run("mentions");
    let v = "content/briefings/visit.md";
    expect_all(
        &diagnostics,
        &[
            (
                "orphan-sidecar",
                "content/briefings/2020-01-01-elsewhere.yaml",
            ),
            ("yaml-type", "content/briefings/bare-list.yaml:1:1"),
            ("annotations-twice", "content/briefings/twice.md:4:1"),
            ("unknown-note", &format!("{v}:6:13")),
            ("said-by-not-person", &format!("{v}:8:14")),
            ("said-by-not-person", &format!("{v}:10:14")),
            ("unknown-note", &format!("{v}:12:12")),
            ("unknown-note", &format!("{v}:17:13")),
            ("unknown-note", &format!("{v}:19:13")),
            ("unknown-note", &format!("{v}:21:12")),
            ("said-by-not-person", &format!("{v}:23:14")),
            ("unknown-note", &format!("{v}:25:13")),
            ("unknown-note", &format!("{v}:27:13")),
            ("orphan-sidecar", "content/briefings/vist.yaml"),
            ("shared-alias", "content/people/kim-sung.md:3:11"),
        ],
    );
    // A note's name or alias written for its file's name.
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:19:13"),
        &[
            "no note `people/trump`",
            "`Trump` is a name of `people/donald-trump`",
            "write `person: donald-trump`",
        ],
    );
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:21:12"),
        &[
            "no note `places/president-trump`",
            "`President Trump` is a name of `people/donald-trump`: `place:` looks in `places`",
            "write `person: donald-trump`",
        ],
    );
    expect(
        &diagnostics,
        "said-by-not-person",
        &format!("{v}:23:14"),
        &["no person `trump`", "did you mean `donald-trump`?"],
    );
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:25:13"),
        &[
            "`Kim` is a name of 2 notes",
            "did you mean `kim-jong-il` or `kim-sung`?",
        ],
    );
    // A typo in a name, when no file's name is close.
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:27:13"),
        &["no note `people/trum`", "did you mean `donald-trump`?"],
    );
    expect(
        &diagnostics,
        "yaml-type",
        "content/briefings/bare-list.yaml:1:1",
        &["`annotations:`", "indent the list under it"],
    );
    expect(
        &diagnostics,
        "annotations-twice",
        "content/briefings/twice.md:4:1",
        &["content/briefings/twice.yaml"],
    );
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:6:13"),
        &[
            "no note `people/kim-jong-um`",
            "did you mean `kim-jong-un`?",
            "6 |     person: kim-jong-um",
        ],
    );
    expect(
        &diagnostics,
        "said-by-not-person",
        &format!("{v}:8:14"),
        &[
            "`places`, not a person",
            "mention it instead: `place: vladivostok`",
        ],
    );
    expect(
        &diagnostics,
        "said-by-not-person",
        &format!("{v}:10:14"),
        &[
            "no person `vladimir-putin`",
            "content/people/vladimir-putin.md",
        ],
    );
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:12:12"),
        &["content/places/seoul.md"],
    );
    expect(
        &diagnostics,
        "unknown-note",
        &format!("{v}:17:13"),
        &[
            "no note `people/vladivostok`",
            "`places/vladivostok` exists: `person:` looks in `people`",
            "write `place: vladivostok`",
        ],
    );
    // With no briefing of a close name, the help never says to remove the annotations.
    expect(
        &diagnostics,
        "orphan-sidecar",
        "content/briefings/2020-01-01-elsewhere.yaml",
        &[
            "if its briefing was renamed, rename this file to match it; otherwise write the briefing `2020-01-01-elsewhere.md`",
        ],
    );
    expect(
        &diagnostics,
        "orphan-sidecar",
        "content/briefings/vist.yaml",
        &["does not exist", "did you mean the briefing `visit.md`?"],
    );
    // Dangling references are dropped; good ones stay.
    let visit = loaded
        .briefings
        .iter()
        .find(|b| b.slug == "visit")
        .expect("visit");
    let entries = &visit.annotations.entries;
    assert!(
        entries[..4]
            .iter()
            .all(|e| e.mention.is_none() && e.said_by.is_none())
    );
    assert_eq!(entries[4].mention, note_ref("people", "kim-jong-un"));
    assert_eq!(entries[4].said_by.as_deref(), Some("kim-jong-un"));
    // With annotations in two places, the sidecar's are used.
    let twice = loaded
        .briefings
        .iter()
        .find(|b| b.slug == "twice")
        .expect("twice");
    assert_eq!(
        twice.annotations.entries[0].note.as_deref(),
        Some("the sidecar wins")
    );
}

#[test]
fn slugs_must_be_safe_and_unique() {
    let (loaded, diagnostics) = run("slugs");
    expect_all(
        &diagnostics,
        &[
            ("unsafe-slug", "content/briefings/Visit.md"),
            ("unsafe-slug", "content/people/Kim Jong Un.md"),
            ("duplicate-slug", "content/places/seoul.md"),
        ],
    );
    expect(
        &diagnostics,
        "unsafe-slug",
        "content/people/Kim Jong Un.md",
        &[
            "capital letters, spaces",
            "rename the file to `kim-jong-un.md`",
        ],
    );
    expect(
        &diagnostics,
        "unsafe-slug",
        "content/briefings/Visit.md",
        &["`visit.md` is taken"],
    );
    expect(
        &diagnostics,
        "duplicate-slug",
        "content/places/seoul.md",
        &["content/places/seoul.markdown", "same address"],
    );
    let slugs: Vec<&str> = loaded.briefings.iter().map(|b| b.slug.as_str()).collect();
    assert_eq!(slugs, ["visit"]);
    let notes: Vec<&str> = loaded.notes.iter().map(|n| n.slug.as_str()).collect();
    assert_eq!(notes, ["seoul"]);
}

#[test]
fn note_problems() {
    let (loaded, diagnostics) = run("notes");
    expect_all(
        &diagnostics,
        &[
            ("shared-alias", "content/people/hale.md:3:17"),
            ("missing-key", "content/people/no-name.md:1:1"),
            ("empty-value", "content/people/putin.md:2:7"),
            ("wrong-kind-key", "content/people/putin.md:3:1"),
            ("unsafe-url", "content/people/putin.md:4:8"),
            ("unknown-key", "content/people/putin.md:5:1"),
            ("empty-value", "content/people/vlad.md:3:10"),
            ("wrong-kind-key", "content/places/moscow.md:3:1"),
            ("bad-coords", "content/places/moscow.md:4:9"),
            ("bad-date", "content/places/moscow.md:5:10"),
            ("unsafe-url", "content/places/moscow.md:7:5"),
            ("bad-fact", "content/places/moscow.md:9:9"),
            ("bad-fact", "content/places/moscow.md:11:13"),
            ("shared-alias", "content/places/vladivostok.md:3:11"),
            ("repeated-alias", "content/places/vladivostok.md:3:25"),
            ("repeated-alias", "content/places/vladivostok.md:3:38"),
            ("bad-coords", "content/places/vladivostok.md:4:9"),
        ],
    );
    expect(
        &diagnostics,
        "repeated-alias",
        "content/places/vladivostok.md:3:25",
        &["`Vladivostok` is this note's name already", "remove it"],
    );
    expect(
        &diagnostics,
        "repeated-alias",
        "content/places/vladivostok.md:3:38",
        &["`Vladik` is listed twice"],
    );
    expect(
        &diagnostics,
        "wrong-kind-key",
        "content/people/putin.md:3:1",
        &["notes on places", "facts:"],
    );
    expect(
        &diagnostics,
        "unknown-key",
        "content/people/putin.md:5:1",
        &["did you mean `nationality`?"],
    );
    expect(
        &diagnostics,
        "bad-coords",
        "content/places/moscow.md:4:9",
        &["latitude", "-90 and 90"],
    );
    expect(
        &diagnostics,
        "bad-date",
        "content/places/moscow.md:5:10",
        &["no month 13"],
    );
    expect(
        &diagnostics,
        "unsafe-url",
        "content/places/moscow.md:7:5",
        &["`data:`"],
    );
    expect(
        &diagnostics,
        "shared-alias",
        "content/places/vladivostok.md:3:11",
        &[
            "`Vlad` is also a name of `people/vlad`",
            "(its name",
            "never to this note",
        ],
    );
    // A note's own name wins over an alias of a note listed before it.
    expect(
        &diagnostics,
        "shared-alias",
        "content/people/hale.md:3:17",
        &[
            "`Moscow` is also a name of `places/moscow`",
            "link to `places/moscow` (its name",
        ],
    );
    let shared = diagnostics
        .iter()
        .find(|d| d.code == "shared-alias")
        .expect("warning");
    assert_eq!(shared.severity, Severity::Warning);
    let moscow = loaded
        .notes
        .iter()
        .find(|n| n.slug == "moscow")
        .expect("moscow");
    assert_eq!(moscow.facts, [fact("Rivers", "Rivers", "Moskva")]);
    assert_eq!((moscow.coords, moscow.role.as_deref()), (None, None));
    assert!(moscow.sources.is_empty());
}

#[test]
fn note_report_reads_well() {
    let (_, diagnostics) = run("notes");
    let text = report(&diagnostics);
    insta::with_settings!({ snapshot_path => "fixtures/load/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("notes_report", text);
    });
}

#[test]
fn walking_reports_what_it_does_not_read() {
    let (loaded, diagnostics) = run("walk");
    expect_all(
        &diagnostics,
        &[
            ("nested-folder", "content/briefings/2019"),
            ("ignored-file", "content/briefings/visit.yaml.txt"),
            ("stray-file", "content/index.md"),
            ("ignored-file", "content/people/ann.yaml"),
            ("not-utf8", "content/people/latin1.md:3:13"),
            ("ignored-file", "content/people/photo.jpg"),
            ("unknown-folder", "content/peple"),
            ("unknown-folder", "content/person"),
        ],
    );
    // Saved with `.txt` after its own extension, an annotations file would be lost.
    let saved_as_text = diagnostics
        .iter()
        .find(|d| d.message.contains("visit.yaml.txt"))
        .expect("visit.yaml.txt");
    assert_eq!(saved_as_text.severity, Severity::Error);
    expect(
        &diagnostics,
        "ignored-file",
        "content/briefings/visit.yaml.txt",
        &["ends in `.txt` after `yaml`", "rename it to `visit.yaml`"],
    );
    expect(
        &diagnostics,
        "ignored-file",
        "content/people/ann.yaml",
        &["a note is a `.md` file", "`---`"],
    );
    expect(
        &diagnostics,
        "ignored-file",
        "content/people/photo.jpg",
        &["static/"],
    );
    expect(
        &diagnostics,
        "unknown-folder",
        "content/person",
        &["did you mean `content/people/`?"],
    );
    // A folder named like one brief reads is an error: the site would miss its files.
    let peple = diagnostics
        .iter()
        .find(|d| d.code == "unknown-folder")
        .expect("unknown-folder");
    assert_eq!(peple.severity, Severity::Error);
    expect(
        &diagnostics,
        "not-utf8",
        "content/people/latin1.md:3:13",
        &["byte 30", "UTF-8"],
    );
    expect(
        &diagnostics,
        "unknown-folder",
        "content/peple",
        &["did you mean `content/people/`?"],
    );
    // The note that is not UTF-8 is still known to the rest of the site: the briefing
    // that mentions it gets no `unknown-note` (whose help would name another note).
    assert!(
        loaded.briefings.iter().any(|b| b.slug == "visit"),
        "the briefing loads"
    );
    let bom = loaded.notes.iter().find(|n| n.slug == "bom").expect("bom");
    assert!(bom.file.text.starts_with("---\n"));
    assert_eq!(bom.name, "Byte order mark");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_loops_and_editor_files() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.md"), "---\nname: Secret\n---\n").expect("write");
    let site = tempfile::tempdir().expect("tempdir");
    let root = site.path();
    copy_dir(&fixture("happy"), root);
    let people = root.join("content/people");
    for junk in [
        ".hidden.md",
        "kim.md~",
        ".#kim.md",
        "kim.md.swp",
        "4913",
        "x.tmp",
        "#kim.md#",
    ] {
        std::fs::write(people.join(junk), "not YAML: [").expect("write");
    }
    symlink(outside.path().join("secret.md"), people.join("secret.md")).expect("link");
    symlink(root.join("content"), people.join("loop")).expect("link");
    symlink(root.join("nowhere.md"), people.join("broken.md")).expect("link");
    std::fs::create_dir(root.join("shared")).expect("mkdir");
    std::fs::write(root.join("shared/inside.md"), "---\nname: Inside\n---\n").expect("write");
    symlink(root.join("shared/inside.md"), people.join("inside.md")).expect("link");

    let (loaded, diagnostics) = load::load(root, &config_of(root), false);
    expect_all(
        &diagnostics,
        &[
            ("broken-symlink", "content/people/broken.md"),
            ("symlink-loop", "content/people/loop"),
            ("symlink-outside", "content/people/secret.md"),
        ],
    );
    expect(
        &diagnostics,
        "symlink-outside",
        "content/people/secret.md",
        &["outside the site"],
    );
    let inside = loaded
        .notes
        .iter()
        .find(|n| n.slug == "inside")
        .expect("inside");
    assert_eq!(inside.file.path, Path::new("content/people/inside.md"));
    assert!(loaded.notes.iter().all(|n| n.slug != "secret"));
}

#[test]
fn a_site_without_content_says_where_to_run() {
    let empty = tempfile::tempdir().expect("tempdir");
    let config = config::parse(Path::new("site.toml"), "title = \"t\"\n").expect("config");
    let (loaded, diagnostics) = load::load(empty.path(), &config, false);
    assert!(loaded.briefings.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "no-content");
    assert!(diagnostics[0].render().contains("brief new"));
}

/// A corpus shaped like the benchmark's: `briefings` articles of ~800 words with 20
/// annotations each in a sidecar, and 300 notes.
fn corpus(briefings: usize) -> Vec<brief::model::SourceFile> {
    use brief::model::SourceFile;
    let mut files = Vec::new();
    let words = "The delegation arrived at the station on Wednesday morning and was met \
                 by officials who offered bread and salt before the talks began. ";
    let body = words.repeat(40);
    for i in 0..300 {
        let (folder, extra) = if i % 2 == 0 {
            ("people", "role: Official\nborn: 1952\n")
        } else {
            ("places", "country: Russia\ncoords: [43.1, 131.9]\n")
        };
        files.push(SourceFile {
            path: PathBuf::from(format!("content/{folder}/note-{i}.md")),
            text: format!(
                "---\nname: Note {i}\naliases: [N{i}]\nsummary: A note.\n{extra}---\nBody.\n"
            ),
        });
    }
    for i in 0..briefings {
        files.push(SourceFile {
            path: PathBuf::from(format!("content/briefings/b-{i:05}.md")),
            text: format!(
                "---\ntitle: Briefing {i}\ndate: 2019-04-24\nsummary: The bottom line.\n\
                 source: {{ name: Reuters, url: \"https://example.org/{i}\" }}\ntags: [a, b]\n---\n{body}"
            ),
        });
        let mut yaml = String::from("annotations:\n");
        for j in 0..20 {
            let entry = match j % 4 {
                0 => format!("  - quote: arrived at the station\n    occurrence: {}\n    person: note-{}\n", j + 1, (j * 2) % 300),
                1 => "  - quote: bread and salt\n    occurrence: all\n    note: A traditional *welcome* for guests.\n".to_string(),
                2 => "  - quote: the talks began\n    occurrence: first\n    event: { date: 2019-04-25, title: Talks }\n".to_string(),
                _ => format!("  - quote: officials\n    prefix: \"by \"\n    occurrence: last\n    place: note-{}\n    link: https://example.org/r/{j}\n", (j * 2 + 1) % 300),
            };
            yaml.push_str(&entry);
        }
        files.push(SourceFile {
            path: PathBuf::from(format!("content/briefings/b-{i:05}.yaml")),
            text: yaml,
        });
    }
    files
}

/// CPU time used by this process so far (all threads), in seconds; Linux only.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Best wall-clock time and the CPU time of that run, over three runs of `f`.
fn best_of_three(mut f: impl FnMut()) -> (Duration, f64) {
    let mut best = (Duration::MAX, 0.0);
    for _ in 0..3 {
        let (started, cpu) = (Instant::now(), cpu_seconds());
        f();
        let wall = started.elapsed();
        if wall < best.0 {
            best = (wall, cpu_seconds() - cpu);
        }
    }
    best
}

/// Timing of the hot path against the serde floor (one parse of each file's YAML into
/// nothing, on the same threads); run with
/// `cargo test --release --test load -- --ignored --nocapture parse_speed`.
#[test]
#[ignore]
fn parse_speed() {
    let config = config::parse(Path::new("site.toml"), "title = \"t\"\n").expect("config");
    let sources = corpus(10_000);
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let mut best = (Duration::MAX, 0.0);
    for _ in 0..3 {
        let input = sources.clone();
        let (started, cpu) = (Instant::now(), cpu_seconds());
        let (loaded, diagnostics) = load::parse_sources(input, &config, false);
        let wall = started.elapsed();
        if wall < best.0 {
            best = (wall, cpu_seconds() - cpu);
        }
        assert!(diagnostics.is_empty(), "{}", report(&diagnostics));
        assert_eq!(loaded.briefings.len(), 10_000);
        assert_eq!(loaded.briefings[0].annotations.entries.len(), 20);
    }
    let (wall, cpu) = best;
    println!(
        "parse_sources, 10,000 briefings ({} MB): {wall:?} wall, {cpu:.2} s CPU",
        bytes / 1_000_000
    );
    let yaml: Vec<&str> = sources.iter().map(|s| yaml_part(&s.text)).collect();
    let (wall, cpu) = best_of_three(|| assert_eq!(rayon_count(&yaml), yaml.len()));
    println!("floor, serde_yaml into IgnoredAny: {wall:?} wall, {cpu:.2} s CPU");
}

/// The YAML of a file: its front matter, or all of it.
fn yaml_part(text: &str) -> &str {
    match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---\n").next().unwrap_or(""),
        None => text,
    }
}

fn rayon_count(yaml: &[&str]) -> usize {
    use rayon::prelude::*;
    yaml.par_iter()
        .filter(|y| serde_yaml::from_str::<serde::de::IgnoredAny>(y).is_ok())
        .count()
}

#[test]
fn a_small_corpus_loads_without_problems() {
    let config = config::parse(Path::new("site.toml"), "title = \"t\"\n").expect("config");
    let (loaded, diagnostics) = load::parse_sources(corpus(20), &config, false);
    assert!(diagnostics.is_empty(), "{}", report(&diagnostics));
    assert_eq!((loaded.briefings.len(), loaded.notes.len()), (20, 300));
}

#[test]
fn the_example_site_loads_without_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content").is_dir() {
        return;
    }
    let (loaded, diagnostics) = load::load(root, &config_of(root), false);
    assert!(diagnostics.is_empty(), "{}", report(&diagnostics));
    assert!(!loaded.briefings.is_empty() && !loaded.notes.is_empty());
}
