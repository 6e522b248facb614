//! The `brief` command line on small fixture sites: exit statuses, summaries, every page
//! kind, the output guarantees (atomic, deterministic, clean, never replacing a folder
//! brief did not make) and diagnostics as the user sees them.

mod common;

use std::fs;
use std::path::Path;

use common::{brief, brief_with_env, broken_links, copy_fixture, read_tree, stderr};

/// The minimal fixture's briefing and its annotations file.
const BRIEFING: &str = "content/briefings/2019-04-24-arrival.md";
/// See [`BRIEFING`].
const ANNOTATIONS: &str = "content/briefings/2019-04-24-arrival.yaml";

/// Rewrites `file` of the site at `root` with `change`.
fn edit(root: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {file}: {e}"));
    fs::write(&path, change(text)).unwrap_or_else(|e| panic!("write {file}: {e}"));
}

/// `brief check` on the site at `root`: its exit code and what it printed on stderr.
fn check(root: &Path) -> (Option<i32>, String) {
    let out = brief(&["check", "--root", root.to_str().expect("utf-8")]);
    (out.status.code(), stderr(&out))
}

const PAGES: &[&str] = &[
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "briefings/2019-04-24-arrival/index.html",
    "people/index.html",
    "people/kim-jong-un/index.html",
    "people/vladimir-putin/index.html",
    "places/index.html",
    "places/vladivostok/index.html",
    "timeline/index.html",
    "tags/index.html",
    "tags/russia/index.html",
    "tags/north-korea/index.html",
    "search/index.html",
];

#[test]
fn build_writes_every_page_kind_and_a_summary() {
    let (_tmp, root) = copy_fixture("minimal");
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("built 1 briefing, 3 notes, 3 annotations,"),
        "summary line: {err}"
    );
    let tree = read_tree(&root.join("public"));
    for page in PAGES {
        assert!(
            tree.contains_key(*page),
            "missing {page}; have {:?}",
            tree.keys()
        );
    }
    assert_eq!(broken_links(&root.join("public")), Vec::<String>::new());
}

#[test]
fn briefing_page_carries_the_annotations() {
    let (_tmp, root) = copy_fixture("minimal");
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(root.join("public/briefings/2019-04-24-arrival/index.html"))
        .expect("briefing page");
    assert!(
        page.contains(r#"href="../../people/kim-jong-un/""#),
        "mention link"
    );
    assert!(page.contains(r#"data-annot="a2""#), "note span");
    assert!(page.contains("A traditional Slavic welcome"), "note text");
    let feed = fs::read_to_string(root.join("public/atom.xml")).expect("feed");
    assert!(
        feed.contains("https://example.org/desk/briefings/2019-04-24-arrival/"),
        "absolute URLs in the feed"
    );
}

#[test]
fn check_writes_nothing() {
    let (_tmp, root) = copy_fixture("minimal");
    let out = brief(&["check", "--root", root.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("checked 1 briefing"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("public").exists());
}

#[test]
fn content_problems_exit_1_report_everything_and_keep_the_old_site() {
    let (_tmp, root) = copy_fixture("minimal");
    let root_str = root.to_str().expect("utf-8");
    assert!(brief(&["build", "--root", root_str]).status.success());
    let before = read_tree(&root.join("public"));

    fs::write(
        root.join("content/briefings/2019-04-24-arrival.yaml"),
        "annotations:\n  - quote: arived in Russia by train\n    note: typo\n  \
         - quote: Kim Jong Un\n    person: kim-jong-um\n",
    )
    .expect("write");
    let out = brief(&["build", "--root", root_str]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("arrived in Russia by train"),
        "suggests the right text: {err}"
    );
    assert!(
        err.contains("kim-jong-un"),
        "suggests the right slug: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(read_tree(&root.join("public")), before, "public/ untouched");
}

#[test]
fn a_front_matter_error_does_not_hide_the_annotations_problems() {
    let (_tmp, root) = copy_fixture("minimal");
    let md = root.join("content/briefings/2019-04-24-arrival.md");
    let text = fs::read_to_string(&md).expect("read");
    fs::write(&md, text.replace("date: 2019-04-24", "date: 2019-04-31")).expect("write");
    fs::write(
        root.join("content/briefings/2019-04-24-arrival.yaml"),
        "annotations:\n  - quote: arived in Russia by train\n    note: typo\n  \
         - quote: Kim Jong Un\n    person: kim-jong-um\n",
    )
    .expect("write");
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    for code in ["bad-date", "quote-not-found", "unknown-note"] {
        assert!(err.contains(&format!("error[{code}]")), "{code}: {err}");
    }
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn a_forgotten_closing_fence_is_explained() {
    let (_tmp, root) = copy_fixture("minimal");
    let md = root.join("content/briefings/2019-04-24-arrival.md");
    let text = fs::read_to_string(&md).expect("read");
    let (front, body) = text[4..].split_once("\n---\n").expect("front matter");
    fs::write(&md, format!("---\n{front}\n\n{body}\n---\n\nMore.\n")).expect("write");
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    let blank = front.lines().count() + 2;
    assert!(
        err.contains(&format!(
            "if it should end at the blank line {blank}, write `---` there"
        )),
        "{err}"
    );
}

#[test]
fn drafts_are_checked_without_being_published() {
    let (_tmp, root) = copy_fixture("minimal");
    let root_str = root.to_str().expect("utf-8");
    let draft = root.join("content/briefings/2019-04-25-draft.md");
    fs::write(
        &draft,
        "---\ntitle: Draft\ndate: 2019-04-25\ndraft: true\n---\nPutin met Kim.\n",
    )
    .expect("write");
    fs::write(
        draft.with_extension("yaml"),
        "annotations:\n  - quote: Putin meets Kim\n    note: typo\n",
    )
    .expect("write");
    let out = brief(&["check", "--root", root_str]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[quote-not-found]"), "{err}");
    assert!(err.contains("2019-04-25-draft.yaml:2:"), "{err}");

    fs::write(
        draft.with_extension("yaml"),
        "annotations:\n  - quote: Putin met Kim\n    note: fixed\n",
    )
    .expect("write");
    let out = brief(&["build", "--root", root_str]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("built 1 briefing (and 1 draft, checked, not published), "),
        "{}",
        stderr(&out)
    );
    let tree = read_tree(&root.join("public"));
    assert!(
        !tree.keys().any(|k| k.contains("2019-04-25-draft")),
        "the draft is not published"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let (tmp, root) = copy_fixture("minimal");
    let foreign = tmp.path().join("thesis");
    fs::create_dir(&foreign).expect("mkdir");
    fs::write(foreign.join("chapter1.tex"), "precious").expect("write");
    let out = brief(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--output",
        foreign.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was not made by brief"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read(foreign.join("chapter1.tex")).expect("kept"),
        b"precious"
    );
}

#[test]
fn refuses_to_build_into_a_folder_the_site_reads() {
    let (_tmp, root) = copy_fixture("minimal");
    let root_str = root.to_str().expect("utf-8");
    for output in [
        "static",
        "content/out",
        "templates/x/y",
        "themes/../content/z",
    ] {
        let out = brief(&[
            "build",
            "--root",
            root_str,
            "--output",
            &format!("{root_str}/{output}"),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{output}: {err}");
        assert!(err.contains("refusing to build into"), "{output}: {err}");
        assert!(
            !root.join(output).exists() || output == "static",
            "{output} made"
        );
    }
    assert!(!root.join("static").exists(), "nothing was created");
    // Next to the inputs is fine.
    let out = brief(&[
        "build",
        "--root",
        root_str,
        "--output",
        &format!("{root_str}/site-out"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn missing_site_toml_is_an_io_error_with_a_way_forward() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = brief(&["build", "--root", tmp.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("site.toml") && err.contains("brief new"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = brief(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let (_tmp, root) = copy_fixture("minimal");
    let root_str = root.to_str().expect("utf-8");
    let mut trees = Vec::new();
    for threads in ["1", "4", "1"] {
        let out = brief_with_env(
            &["build", "--root", root_str],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        trees.push(read_tree(&root.join("public")));
    }
    assert_eq!(trees[0], trees[1]);
    assert_eq!(trees[0], trees[2]);
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let (_tmp, root) = copy_fixture("minimal");
    let out = brief(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--base-url",
        "https://other.example/x",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let feed = fs::read_to_string(root.join("public/atom.xml")).expect("feed");
    assert!(
        feed.contains("https://other.example/x/briefings/"),
        "{feed}"
    );
    assert!(!feed.contains("https://example.org/desk/"));
}

/// A build killed at any moment (SIGKILL, no chance to clean up; 50 times at random
/// points of the build) leaves either the
/// previous site byte-identical or, if the kill came after the swap, exactly the new
/// site; and the next build removes whatever the killed one left behind.
#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    const ROUNDS: usize = 50;
    let (tmp, root) = copy_fixture("minimal");
    // Enough briefings (each with its page, tags and mentions: about 500 files to write)
    // that a build takes a while and is killed in every stage, few enough that 50 rounds
    // stay quick.
    let briefing = root.join("content/briefings/2019-04-24-arrival.md");
    let text = fs::read_to_string(&briefing).expect("read");
    for n in 0..120 {
        fs::write(root.join(format!("content/briefings/copy-{n}.md")), &text).expect("write");
    }
    let root_str = root.to_str().expect("utf-8");
    // Kills come at random within the time of the fastest of three builds: with the
    // time of one build alone, a slow first build (other tests running beside it) lets
    // most later builds finish before their kill.
    let mut fastest = std::time::Duration::MAX;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let out = brief(&["build", "--root", root_str]);
        assert!(out.status.success(), "{}", stderr(&out));
        fastest = fastest.min(started.elapsed());
    }
    let mut budget = fastest.as_micros().max(1_000) as u64;
    let mut current = read_tree(&root.join("public"));

    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut unchanged_after_kill = 0;
    for round in 0..ROUNDS {
        // New content every round, so any build that got through changes public/.
        let title = format!("Round {round} title");
        fs::write(&briefing, text.replace("Kim arrives in Russia", &title)).expect("edit");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_micros(seed % budget);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["build", "--root", root_str, "--quiet"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let after = read_tree(&root.join("public"));
        if after == current {
            assert!(!status.success(), "a finished build changes public/");
            unchanged_after_kill += 1;
            continue;
        }
        let expected_dir = tmp.path().join(format!("expected-{round}"));
        // Each build timed here narrows the window too, should the machine get quieter
        // than it was while the first three ran.
        let started = std::time::Instant::now();
        let clean = brief(&[
            "build",
            "--root",
            root_str,
            "--output",
            expected_dir.to_str().expect("utf-8"),
        ]);
        assert!(clean.status.success(), "{}", stderr(&clean));
        budget = budget.min(started.elapsed().as_micros().max(1_000) as u64);
        let expected = read_tree(&expected_dir);
        let differing: Vec<&String> = expected
            .keys()
            .chain(after.keys())
            .filter(|k| expected.get(*k) != after.get(*k))
            .collect();
        assert!(
            differing.is_empty(),
            "killed after {delay:?} ({status}): public/ is neither the old nor the new \
             site; it differs from the new one in {differing:?}"
        );
        current = after;
    }
    println!("{ROUNDS} kills: {unchanged_after_kill} before the swap, the rest after it");
    assert!(
        unchanged_after_kill >= ROUNDS / 4,
        "most builds were killed before the swap ({unchanged_after_kill} of {ROUNDS})"
    );
    let out = brief(&["build", "--root", root_str]);
    assert!(out.status.success(), "{}", stderr(&out));
    let leftovers: Vec<_> = fs::read_dir(tmp.path().join("site"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no staging folders left behind"
    );
}

/// A pipe whose reading end is already closed, as standard error or output of a child:
/// every write to it fails with `EPIPE`, as when `head` has read all it wanted.
fn closed_pipe() -> std::process::Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe` writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
    // SAFETY: `pipe` just opened both descriptors and nothing else owns them.
    let (reader, writer) = unsafe {
        (
            std::fs::File::from_raw_fd(fds[0]),
            std::fs::File::from_raw_fd(fds[1]),
        )
    };
    drop(reader);
    writer.into()
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let (_tmp, root) = copy_fixture("minimal");
    let root = root.to_str().expect("utf-8");
    fs::write(
        format!("{root}/content/briefings/2019-04-24-arrival.yaml"),
        "annotations:\n  - quote: no such passage\n    note: x\n",
    )
    .expect("break the annotations");
    for (args, status) in [
        (&["check", "--root", root][..], 1),
        (&["build", "--root", root, "--base-url", "ftp://x"][..], 1),
        (&["completions", "bash"][..], 0),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .stdout(closed_pipe())
            .stderr(closed_pipe())
            .output()
            .expect("run brief");
        assert_eq!(out.status.code(), Some(status), "{args:?}");
    }
}

#[test]
fn links_written_from_the_site_root_work_under_a_sub_path() {
    let (_tmp, root) = copy_fixture("minimal");
    let briefing = root.join("content/briefings/2019-04-24-arrival.md");
    let text = fs::read_to_string(&briefing).expect("briefing");
    let text = text
        .replace(
            "summary: Kim Jong Un crossed into Russia by train *before* his summit.",
            "summary: Kim Jong Un crossed into [Russia](/places/vladivostok/) by train.",
        )
        .replace(
            "at the station.",
            "at the [station](/places/vladivostok/#facts-title \"Vladivostok\").\n\n\
             <a href=\"/people/\">People</a>, [elsewhere](//example.org/x) and [home](/).",
        );
    fs::write(&briefing, text).expect("write briefing");
    let note = root.join("content/places/vladivostok.md");
    let text = fs::read_to_string(&note).expect("note");
    fs::write(
        &note,
        text.replace(
            "summary: Russia's main Pacific port.",
            "summary: \"Russia's main port, near [Kim's route](/people/kim-jong-un/).\"",
        ),
    )
    .expect("write note");
    let out = brief(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--base-url",
        "https://example.org/sub/",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    let page = fs::read_to_string(public.join("briefings/2019-04-24-arrival/index.html"))
        .expect("briefing page");
    for link in [
        r#"<a href="../../places/vladivostok/#facts-title" title="Vladivostok">station</a>"#,
        r#"<a href="../../people/">People</a>"#,
        r#"<a href="//example.org/x">elsewhere</a>"#,
        r#"<a href="../../">home</a>"#,
        // In the bottom line, and in the place's card (JSON in a script).
        r#"<a href="../../places/vladivostok/">Russia</a>"#,
        r#"\u003ca href=\"../../people/kim-jong-un/\"\u003eKim’s route"#,
    ] {
        assert!(page.contains(link), "{link} in the briefing page");
    }
    let home = fs::read_to_string(public.join("index.html")).expect("home");
    assert!(
        home.contains(r#"<a href="places/vladivostok/">Russia</a>"#),
        "the summary's link on the home page"
    );
    let feed = fs::read_to_string(public.join("atom.xml")).expect("feed");
    assert!(
        feed.contains("href=&quot;https://example.org/sub/places/vladivostok/&quot;"),
        "absolute links in the feed"
    );
    for left in [
        "href=&quot;/people/",
        "href=&quot;/places/",
        "href=&quot;/&quot;",
    ] {
        assert!(!feed.contains(left), "{left} left in the feed");
    }
    assert_eq!(broken_links(&public), Vec::<String>::new());
}

#[test]
fn a_quote_from_the_title_summary_or_markup_says_where_it_is() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        format!("{text}\n![Kim greets Putin at the station](kim.jpg)\n")
    });
    edit(&root, ANNOTATIONS, |_| {
        "annotations:\n  - quote: Kim arrives in Russia\n    note: a\n\
         \x20 - quote: crossed into Russia\n    note: b\n\
         \x20 - quote: Kim greets Putin\n    note: c\n\
         \x20 - quote: by train before his summit\n    note: d\n"
            .to_string()
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    for (line, place) in [
        (2, "the briefing's title"),
        (4, "the briefing's `summary`"),
        (6, "an image's description"),
        (8, "the briefing's `summary`"),
    ] {
        let at = format!("2019-04-24-arrival.yaml:{line}:");
        let report = err
            .split("\n\n")
            .find(|r| r.contains(&at))
            .unwrap_or_else(|| panic!("no report at {at}:\n{err}"));
        assert!(
            report.contains("quote-not-found") && report.contains(place),
            "{report}"
        );
        // Where the words are comes first; nothing compares them with the article.
        let notes: Vec<&str> = report.lines().filter(|l| l.contains("= note:")).collect();
        assert!(notes.first().is_some_and(|n| n.contains(place)), "{report}");
        assert!(!report.contains("the article has `"), "{report}");
        assert!(!report.contains("no passage of the article"), "{report}");
    }
}

#[test]
fn a_source_key_at_the_top_of_a_briefing_is_sent_under_source() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        text.replace(
            "date: 2019-04-24\n",
            "date: 2019-04-24\nauthor: A. Writer\n",
        )
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("unknown key `author`")
            && err.contains("`author` is a key of `source:`: indent it under a line `source:`"),
        "{err}"
    );
}

#[test]
fn a_key_without_a_value_is_reported_at_the_key() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        text.replace("title: Kim arrives in Russia\n", "title:\n")
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[empty-value]: `title` of the briefing is empty")
            && err.contains("2019-04-24-arrival.md:2:6"),
        "{err}"
    );
    assert!(!err.contains("missing-key"), "{err}");
}

#[test]
fn an_address_without_its_scheme_is_an_error_at_its_value() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        text.replace(
            "url: https://example.org/wire/kim",
            "url: www.example.org/wire/kim",
        )
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[bad-url]")
            && err.contains("2019-04-24-arrival.md:7:8")
            && err.contains("write it in full: `https://www.example.org/wire/kim`"),
        "{err}"
    );
}

#[test]
fn a_mention_under_a_collection_s_plural_or_its_start_names_the_key_to_write() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, ANNOTATIONS, |text| {
        text.replace("    person: kim-jong-un", "    people: kim-jong-un")
            + "  - quote: Vladimir Putin\n    pers: vladimir-putin\n"
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[unknown-key]: `people` is not an annotation key")
            && err.contains("2019-04-24-arrival.yaml:3:5")
            && err.contains("help: write `person: kim-jong-un`"),
        "{err}"
    );
    assert!(
        err.contains("error[unknown-key]: `pers` is not an annotation key")
            && err.contains("help: write `person: vladimir-putin`"),
        "{err}"
    );
    assert!(!err.contains("[collections."), "{err}");
}

#[test]
fn an_empty_annotations_file_is_a_warning() {
    for empty in ["", "annotations:\n", "# to do\n"] {
        let (_tmp, root) = copy_fixture("minimal");
        edit(&root, ANNOTATIONS, |_| empty.to_string());
        let (status, err) = check(&root);
        assert_eq!(status, Some(0), "{err}");
        assert!(
            err.contains("warning[empty-annotations]: this annotations file has no annotations")
                && err.contains("2019-04-24-arrival.yaml:1:1"),
            "{empty:?}: {err}"
        );
    }
}

#[test]
fn a_date_written_another_way_and_a_yaml_null_are_explained() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        text.replace("date: 2019-04-24\n", "date: 24/04/2019\n")
    });
    edit(&root, ANNOTATIONS, |text| {
        text + "  - quote: null\n    note: a\n"
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[bad-date]") && err.contains("help: did you mean `date: 2019-04-24`?"),
        "{err}"
    );
    assert!(
        err.contains("note: YAML reads `null` as no value")
            && err.contains("help: to mean the text, write it in quotes: `quote: \"null\"`"),
        "{err}"
    );
}

#[test]
fn one_tag_or_alias_may_be_written_without_the_list() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| {
        text.replace("tags: [russia, north-korea]", "tags: russia")
    });
    edit(&root, "content/places/vladivostok.md", |text| {
        assert!(!text.contains("aliases"), "{text}");
        text.replacen("---\n", "---\naliases: Vlad\n", 1)
    });
    let out_dir = root.join("public");
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(out_dir.join("tags/russia/index.html").is_file(), "{err}");
    assert!(!out_dir.join("tags/north-korea").exists(), "{err}");
    let index = fs::read_to_string(out_dir.join("search-index.json")).expect("index");
    assert!(index.contains("\"aliases\":[\"Vlad\"]"), "{index}");
}

#[test]
fn a_misspelt_required_key_is_reported_once() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, BRIEFING, |text| text.replace("title: ", "titel: "));
    edit(&root, ANNOTATIONS, |text| {
        text.replace("title: Kim–Putin summit", "titel: Kim–Putin summit")
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(err.matches("error[unknown-key]").count(), 2, "{err}");
    assert_eq!(err.matches("did you mean `title`?").count(), 2, "{err}");
    assert!(!err.contains("missing-key"), "{err}");
}

#[test]
fn two_annotation_files_for_one_briefing_say_so() {
    let (_tmp, root) = copy_fixture("minimal");
    fs::copy(
        root.join(ANNOTATIONS),
        root.join("content/briefings/2019-04-24-arrival.yml"),
    )
    .expect("copy");
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[duplicate-slug]")
            && err.contains("both would annotate the same briefing"),
        "{err}"
    );
    assert!(!err.contains("published at the same address"), "{err}");
}

#[test]
fn quotes_that_match_nothing_are_listed_a_hundred_to_a_file_and_the_rest_counted() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, ANNOTATIONS, |_| {
        let entries: String = (0..130)
            .map(|i| format!("  - quote: zq{i}x\n    note: n\n"))
            .collect();
        format!("annotations:\n{entries}")
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(err.matches("error[quote-not-found]").count(), 100, "{err}");
    assert!(
        err.contains("error[too-many-problems]: 30 more quotes from here on match nothing")
            && err.contains("2019-04-24-arrival.yaml:202:12"),
        "{err}"
    );
}

#[test]
fn a_sidecar_named_after_its_briefing_with_more_after_a_dot_is_told_its_name() {
    for name in [
        "2019-04-24-arrival.annotations.yaml",
        "2019-04-24-arrival.md.yaml",
    ] {
        let (_tmp, root) = copy_fixture("minimal");
        fs::rename(
            root.join(ANNOTATIONS),
            root.join("content/briefings").join(name),
        )
        .expect("rename");
        let (status, err) = check(&root);
        assert_eq!(status, Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "`{name}` is not named like the briefing it annotates"
            )) && err.contains("help: rename the file to `2019-04-24-arrival.yaml`"),
            "{err}"
        );
    }
}

#[test]
fn tags_written_with_commas_are_several_and_a_tag_needs_a_letter_or_digit() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, ANNOTATIONS, |text| {
        text.replace(
            "    note: A traditional Slavic welcome for honoured guests.\n",
            "    note: A traditional Slavic welcome for honoured guests.\n    tags: deal, kremlin\n",
        )
    });
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    for tag in ["deal", "kremlin"] {
        assert!(
            root.join(format!("public/tags/{tag}/index.html")).is_file(),
            "{tag}"
        );
    }
    assert!(!root.join("public/tags/deal-kremlin").exists());
    // A tag of punctuation alone, and an address with a space, are refused where written.
    edit(&root, ANNOTATIONS, |text| {
        text.replace("    tags: deal, kremlin\n", "    tags: [deal, \"..\"]\n")
            + "  - quote: Vladimir Putin\n    link: https://example.org/kremlin statement\n"
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[bad-tag]: `..` is not a tag: it has no letter or digit")
            && err.contains("2019-04-24-arrival.yaml:6:18"),
        "{err}"
    );
    assert!(
        err.contains("error[bad-url]: an address cannot hold spaces")
            && err.contains("`https://example.org/kremlin%20statement`"),
        "{err}"
    );
}

#[test]
fn a_mention_that_is_no_file_name_is_not_told_to_write_that_file() {
    let (_tmp, root) = copy_fixture("minimal");
    edit(&root, ANNOTATIONS, |text| {
        text.replace("    person: kim-jong-un", "    person: ../../etc/passwd")
    });
    let (status, err) = check(&root);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("error[unknown-note]")
            && err.contains("a note is named by its file name")
            && !err.contains("write the note `content/people/../"),
        "{err}"
    );
}
