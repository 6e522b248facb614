//! A rebuild that reuses the previous build (`brief watch`) must give exactly the bytes of
//! a clean build of the same files. The example site is edited, extended, renamed and
//! cut down step by step, in a fixed pseudo-random order that mixes every kind of change;
//! after each step the incremental build and a clean build are compared file by file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use brief::build::{BuildError, BuildOptions, Memo, build, build_changed, build_with};
use common::{copy_tree, read_tree};

const BRIEFING: &str = "content/briefings/2019-04-24-kim-jong-un-arrives-in-russia.md";
const SIDECAR: &str = "content/briefings/2019-04-24-kim-jong-un-arrives-in-russia.yaml";

/// A copy of the example site in a temporary folder.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &root.join("content"));
    fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
    (tmp, root)
}

fn options(root: &Path, out: &Path) -> BuildOptions {
    let mut options = BuildOptions::new(root);
    options.output = Some(out.to_path_buf());
    options
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn write(root: &Path, path: &str, text: &str) {
    let target = root.join(path);
    fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    fs::write(target, text).unwrap_or_else(|e| panic!("write {path}: {e}"));
}

fn replace_in(root: &Path, path: &str, from: &str, to: &str) {
    let text = read(root, path);
    assert!(text.contains(from), "{path} has no `{from}`");
    write(root, path, &text.replacen(from, to, 1));
}

/// One change a writer might make between two saves.
#[derive(Debug, Clone, Copy)]
enum Change {
    AppendToBody,
    EditMentionSentence,
    EditTitle,
    EditNoteSummary,
    AddAlias,
    AddNote,
    RemoveAddedNote,
    AddBriefing,
    RenameAddedBriefing,
    RemoveAddedBriefing,
    EditAnnotationNote,
    BreakYaml,
    OverrideTemplate,
    EditSiteTitle,
    TouchUnchanged,
    ToggleMentionOfAddedNote,
    ToggleAddedSidecar,
    AppendMentionOfAddedNote,
    EditSentenceOfMentionOfAddedNote,
}

/// The changes the random sequence picks from (the toggles below make long runs of
/// failed builds, which compare less: they have a test of their own).
const CHANGES: [Change; 17] = [
    Change::AppendToBody,
    Change::EditMentionSentence,
    Change::EditTitle,
    Change::EditNoteSummary,
    Change::AddAlias,
    Change::AddNote,
    Change::RemoveAddedNote,
    Change::AddBriefing,
    Change::RenameAddedBriefing,
    Change::RemoveAddedBriefing,
    Change::EditAnnotationNote,
    Change::BreakYaml,
    Change::OverrideTemplate,
    Change::EditSiteTitle,
    Change::TouchUnchanged,
    Change::AppendMentionOfAddedNote,
    Change::EditSentenceOfMentionOfAddedNote,
];

const EXTRA_NOTE: &str = "content/places/primorye-test-port.md";
const EXTRA_BRIEFING: &str = "content/briefings/2019-04-26-kim-leaves-vladivostok.md";
const RENAMED_BRIEFING: &str = "content/briefings/2019-04-27-kim-heads-home.md";
/// Annotations of the added briefing: an orphan while that briefing is absent or renamed.
const EXTRA_SIDECAR: &str = "content/briefings/2019-04-26-kim-leaves-vladivostok.yaml";
/// An annotation of the example briefing that mentions the added note: an error while
/// that note is absent, although the annotation file itself is unchanged.
const MENTION_OF_EXTRA_NOTE: &str =
    "\n  - quote: Trump\n    suffix: \" administration\"\n    place: primorye-test-port\n";

/// A sentence that names the added note by one of its aliases.
const SENTENCE_OF_EXTRA_NOTE: &str = "A ferry reached Russky Island on time.";

/// Applies `change` (the `step`-th) to the site at `root`.
fn apply(root: &Path, change: Change, step: usize) {
    match change {
        Change::AppendToBody => {
            let text = read(root, BRIEFING);
            write(
                root,
                BRIEFING,
                &format!("{text}\nPutin met Kim again in Vladivostok (edit {step}).\n"),
            );
        }
        // The sentence of the first mention of Khasan: only its note page shows it.
        Change::EditMentionSentence => replace_in(
            root,
            BRIEFING,
            "and a fedora",
            &format!("and a fedora (step {step})"),
        ),
        Change::EditTitle => {
            let text = read(root, BRIEFING);
            let title = text
                .lines()
                .find(|l| l.starts_with("title:"))
                .expect("title");
            write(
                root,
                BRIEFING,
                &text.replacen(title, &format!("title: Kim in Russia, take {step}"), 1),
            );
        }
        Change::EditNoteSummary => {
            let path = "content/people/vladimir-putin.md";
            let text = read(root, path);
            write(
                root,
                path,
                &text.replacen(
                    "summary: >-\n",
                    &format!("summary: >-\n  Edit {step}.\n"),
                    1,
                ),
            );
        }
        Change::AddAlias => {
            let path = "content/people/yuri-trutnev.md";
            let text = read(root, path);
            if !text.contains("aliases:") {
                write(
                    root,
                    path,
                    &text.replacen("summary:", "aliases:\n  - Trutnev\nsummary:", 1),
                );
            } else {
                write(
                    root,
                    path,
                    &text.replacen("aliases:\n", "aliases:\n  - Deputy PM\n", 1),
                );
            }
        }
        Change::AddNote => write(
            root,
            EXTRA_NOTE,
            &format!(
                "---\nname: Primorye Test Port\naliases:\n  - Russky Island\nsummary: A place added in step {step}.\ncountry: Russia\ncoords: [43.0, 131.9]\n---\n\nA note.\n"
            ),
        ),
        Change::RemoveAddedNote => {
            let _ = fs::remove_file(root.join(EXTRA_NOTE));
        }
        Change::AddBriefing => write(
            root,
            EXTRA_BRIEFING,
            &format!(
                "---\ntitle: Kim leaves Vladivostok ({step})\ndate: 2019-04-26\nsummary: Kim Jong Un heads home.\ntags: [russia, travel]\n---\n\nKim Jong Un left Vladivostok by train after meeting Vladimir Putin.\n"
            ),
        ),
        Change::RenameAddedBriefing => {
            if root.join(EXTRA_BRIEFING).exists() {
                fs::rename(root.join(EXTRA_BRIEFING), root.join(RENAMED_BRIEFING)).expect("rename");
            } else if root.join(RENAMED_BRIEFING).exists() {
                fs::rename(root.join(RENAMED_BRIEFING), root.join(EXTRA_BRIEFING)).expect("rename");
            }
        }
        Change::RemoveAddedBriefing => {
            let _ = fs::remove_file(root.join(EXTRA_BRIEFING));
            let _ = fs::remove_file(root.join(RENAMED_BRIEFING));
        }
        Change::EditAnnotationNote => replace_in(
            root,
            SIDECAR,
            "crossed the border at Khasan",
            &format!("crossed the border at Khasan (step {step})"),
        ),
        Change::BreakYaml => {
            let text = read(root, SIDECAR);
            match text.strip_suffix("\n  - quote: [unclosed\n") {
                Some(fixed) => write(root, SIDECAR, fixed),
                None => write(root, SIDECAR, &format!("{text}\n  - quote: [unclosed\n")),
            }
        }
        Change::OverrideTemplate => {
            let path = "templates/404.html";
            match fs::read_to_string(root.join(path)) {
                Ok(_) => fs::remove_file(root.join(path)).expect("remove override"),
                Err(_) => {
                    let theme = brief::render::DEFAULT_THEME
                        .iter()
                        .find(|(name, _)| *name == "templates/404.html")
                        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                        .expect("default 404 template");
                    write(
                        root,
                        path,
                        &theme.replacen(
                            "{% endblock main %}",
                            "<p>Lost?</p>{% endblock main %}",
                            1,
                        ),
                    );
                }
            }
        }
        Change::EditSiteTitle => {
            let text = read(root, "site.toml");
            let title = text
                .lines()
                .find(|l| l.starts_with("title"))
                .expect("title");
            write(
                root,
                "site.toml",
                &text.replacen(title, &format!("title = \"Briefings {step}\""), 1),
            );
        }
        Change::TouchUnchanged => {
            let text = read(root, BRIEFING);
            write(root, BRIEFING, &text);
        }
        Change::ToggleMentionOfAddedNote => {
            let text = read(root, SIDECAR);
            match text.contains(MENTION_OF_EXTRA_NOTE) {
                true => write(root, SIDECAR, &text.replacen(MENTION_OF_EXTRA_NOTE, "", 1)),
                false => replace_in(
                    root,
                    SIDECAR,
                    "annotations:\n",
                    &format!("annotations:\n{MENTION_OF_EXTRA_NOTE}"),
                ),
            }
        }
        // A last sentence that names the added note by an alias: a mention after all
        // the others, so the mentions before it keep their places.
        Change::AppendMentionOfAddedNote => {
            let text = read(root, BRIEFING);
            if !text.contains(SENTENCE_OF_EXTRA_NOTE) {
                write(
                    root,
                    BRIEFING,
                    &format!("{text}\n{SENTENCE_OF_EXTRA_NOTE}\n"),
                );
            }
        }
        // Only the added note's page shows that sentence (appended first if missing).
        Change::EditSentenceOfMentionOfAddedNote => {
            let text = read(root, BRIEFING);
            match text.contains("on time") {
                true => replace_in(root, BRIEFING, "on time", &format!("on time (step {step})")),
                false => write(
                    root,
                    BRIEFING,
                    &format!("{text}\n{SENTENCE_OF_EXTRA_NOTE}\n"),
                ),
            }
        }
        Change::ToggleAddedSidecar => match root.join(EXTRA_SIDECAR).exists() {
            true => fs::remove_file(root.join(EXTRA_SIDECAR)).expect("remove sidecar"),
            false => write(
                root,
                EXTRA_SIDECAR,
                "annotations:\n  - quote: left Vladivostok by train\n    note: Step by step.\n",
            ),
        },
    }
}

/// The paths `change` writes, renames or removes, as a file watcher would report them.
fn touched(root: &Path, change: Change) -> Vec<PathBuf> {
    let paths: &[&str] = match change {
        Change::AppendToBody
        | Change::EditMentionSentence
        | Change::EditTitle
        | Change::TouchUnchanged
        | Change::AppendMentionOfAddedNote
        | Change::EditSentenceOfMentionOfAddedNote => &[BRIEFING],
        Change::EditNoteSummary => &["content/people/vladimir-putin.md"],
        Change::AddAlias => &["content/people/yuri-trutnev.md"],
        Change::AddNote | Change::RemoveAddedNote => &[EXTRA_NOTE],
        Change::AddBriefing => &[EXTRA_BRIEFING],
        Change::RenameAddedBriefing | Change::RemoveAddedBriefing => {
            &[EXTRA_BRIEFING, RENAMED_BRIEFING]
        }
        Change::EditAnnotationNote | Change::BreakYaml | Change::ToggleMentionOfAddedNote => {
            &[SIDECAR]
        }
        Change::ToggleAddedSidecar => &[EXTRA_SIDECAR],
        Change::OverrideTemplate => &["templates/404.html"],
        Change::EditSiteTitle => &["site.toml"],
    };
    paths.iter().map(|p| root.join(p)).collect()
}

/// A small deterministic generator (xorshift), so that the sequence is the same on
/// every run and a failure can be replayed.
struct Steps(u64);

impl Steps {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// What a build left: the files of the output, or the error's kind.
fn outcome(result: Result<brief::build::BuildReport, BuildError>, out: &Path) -> String {
    match result {
        Ok(_) => String::from("ok"),
        Err(BuildError::Content(problems)) => format!(
            "content errors: {:?}",
            problems.iter().map(|d| d.render()).collect::<Vec<_>>()
        ),
        Err(other) => panic!("unexpected build failure in {}: {other}", out.display()),
    }
}

/// Rebuilds `root` into `live` with `memo` (told of the `changed` paths, as `brief
/// watch` is, when given), builds it from scratch next to it, and checks that both give
/// the same files (or the same problems, leaving `live` as it was). Returns whether the
/// build succeeded.
fn rebuild_matches_clean(
    tmp: &Path,
    (root, live): (&Path, &Path),
    memo: &mut Memo,
    changed: Option<&[PathBuf]>,
    label: &str,
) -> bool {
    let before = read_tree(live);
    let incremental = build_changed(&options(root, live), memo, changed);
    let clean_dir = tmp.join("clean");
    let _ = fs::remove_dir_all(&clean_dir);
    let clean = build(&options(root, &clean_dir));
    let (incremental, clean) = (outcome(incremental, live), outcome(clean, &clean_dir));
    assert_eq!(incremental, clean, "after {label}");
    let ok = clean == "ok";
    if ok {
        let (got, want) = (read_tree(live), read_tree(&clean_dir));
        let differing: Vec<&String> = want
            .keys()
            .chain(got.keys())
            .filter(|path| got.get(*path) != want.get(*path))
            .collect();
        assert!(
            differing.is_empty(),
            "files differ from a clean build after {label}: {differing:?}"
        );
    } else {
        assert_eq!(
            read_tree(live),
            before,
            "a failed rebuild changed the output"
        );
    }
    let _ = fs::remove_dir_all(&clean_dir);
    ok
}

#[test]
fn every_incremental_rebuild_equals_a_clean_build() {
    let (tmp, root) = example_site();
    let live = tmp.path().join("live");
    let mut memo = Memo::default();
    build_with(&options(&root, &live), &mut memo).expect("first build");

    // A seed whose 60 rounds try every kind of change and fail some builds, not most.
    let mut steps = Steps(101);
    let mut applied = Vec::new();
    let mut failed = 0;
    for step in 0..60 {
        // One to three changes between two builds, as with an editor's autosave.
        let count = 1 + steps.next(3);
        let mut changed = Vec::new();
        for _ in 0..count {
            let change = CHANGES[steps.next(CHANGES.len())];
            apply(&root, change, step);
            changed.extend(touched(&root, change));
            applied.push((step, change));
        }
        // Mostly told what changed, as `brief watch` is; sometimes not, as after the
        // watcher lost events.
        let changed = (step % 5 != 4).then_some(&changed[..]);
        let label = format!("{applied:?}");
        let sites = (root.as_path(), live.as_path());
        if !rebuild_matches_clean(tmp.path(), sites, &mut memo, changed, &label) {
            failed += 1;
        }
    }
    let kinds: std::collections::BTreeSet<String> =
        applied.iter().map(|(_, c)| format!("{c:?}")).collect();
    assert_eq!(kinds.len(), CHANGES.len(), "every kind of change was tried");
    assert!(failed > 0 && failed < 30, "{failed} of 60 rebuilds failed");
}

/// Applies `sequence` to a copy of the example site, rebuilding after each change (told
/// the changed paths) and comparing with a clean build; each change says whether its
/// build must succeed. Returns the temporary folder and the output folder.
fn play(sequence: &[(Change, bool)]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = example_site();
    let live = tmp.path().join("live");
    let mut memo = Memo::default();
    build_with(&options(&root, &live), &mut memo).expect("first build");
    let mut applied = Vec::new();
    for (step, &(change, ok)) in sequence.iter().enumerate() {
        apply(&root, change, step);
        applied.push(change);
        let label = format!("{applied:?}");
        let changed = touched(&root, change);
        let sites = (root.as_path(), live.as_path());
        let built = rebuild_matches_clean(tmp.path(), sites, &mut memo, Some(&changed), &label);
        assert_eq!(built, ok, "after {label}");
    }
    (tmp, live)
}

/// A file of the site and its new text (`None`: removed).
type FileWrite<'a> = (&'a str, Option<&'a str>);

#[test]
fn drafts_are_checked_again_when_they_or_the_notes_change() {
    let (tmp, root) = example_site();
    let live = tmp.path().join("live");
    let mut memo = Memo::default();
    build_with(&options(&root, &live), &mut memo).expect("first build");
    let draft = "content/briefings/2019-04-30-draft.md";
    let sidecar = "content/briefings/2019-04-30-draft.yaml";
    let note = "content/people/draft-only-person.md";
    let steps: [(&str, &[FileWrite], bool); 5] = [
        (
            "a draft with a quote that is not there",
            &[
                (
                    draft,
                    Some("---\ntitle: Draft\ndate: 2019-04-30\ndraft: true\n---\nPutin met Kim.\n"),
                ),
                (
                    sidecar,
                    Some("annotations:\n  - quote: Putin meets Kim\n    note: x\n"),
                ),
            ],
            false,
        ),
        ("the same, built again", &[], false),
        (
            "the quote fixed, a mention of a new note",
            &[(
                sidecar,
                Some("annotations:\n  - quote: Putin met Kim\n    person: draft-only-person\n"),
            )],
            false,
        ),
        (
            "the note written",
            &[(note, Some("---\nname: Draft Only Person\n---\nA person.\n"))],
            true,
        ),
        ("the note removed again", &[(note, None)], false),
    ];
    for (label, writes, ok) in steps {
        let mut changed = Vec::new();
        for &(path, text) in writes {
            match text {
                Some(text) => write(&root, path, text),
                None => fs::remove_file(root.join(path)).expect("remove"),
            }
            changed.push(root.join(path));
        }
        let sites = (root.as_path(), live.as_path());
        let built = rebuild_matches_clean(tmp.path(), sites, &mut memo, Some(&changed), label);
        assert_eq!(built, ok, "{label}");
    }
}

#[test]
fn notes_added_and_removed_are_checked_again_in_unchanged_annotations() {
    play(&[
        (Change::AddNote, true),
        (Change::ToggleMentionOfAddedNote, true),
        // The annotation file is as it was, but the note it mentions is gone.
        (Change::RemoveAddedNote, false),
        (Change::AddNote, true),
        (Change::ToggleMentionOfAddedNote, true),
        // Annotations of a briefing that does not exist yet, then does, then moves.
        (Change::ToggleAddedSidecar, false),
        (Change::AddBriefing, true),
        (Change::RenameAddedBriefing, false),
        (Change::RenameAddedBriefing, true),
        (Change::ToggleAddedSidecar, true),
    ]);
}

/// A page that starts reading a piece of the site in one rebuild (the added note's page,
/// once the briefing mentions it) must be found when that piece changes in a later one,
/// although the rebuilds in between looked only at the pages a change could reach.
#[test]
fn pages_are_found_by_what_they_started_reading() {
    let (_tmp, live) = play(&[
        (Change::AddNote, true),
        (Change::AppendMentionOfAddedNote, true),
        (Change::EditSentenceOfMentionOfAddedNote, true),
        (Change::AppendToBody, true),
        (Change::EditSentenceOfMentionOfAddedNote, true),
    ]);
    let page = read(&live, "places/primorye-test-port/index.html");
    assert!(page.contains("on time (step 4)"), "{page}");
}

#[test]
fn a_saved_briefing_rewrites_only_what_shows_it() {
    let (tmp, root) = example_site();
    let live = tmp.path().join("live");
    let mut memo = Memo::default();
    let first = build_with(&options(&root, &live), &mut memo).expect("first build");
    assert_eq!(first.rendered, first.pages - static_and_generated(&live));

    let unchanged = build_with(&options(&root, &live), &mut memo).expect("no change");
    assert_eq!(unchanged.rendered, 0, "nothing changed, nothing rendered");
    assert_eq!(unchanged.written, 0, "nothing changed, nothing written");

    apply(&root, Change::EditAnnotationNote, 1);
    let edited = build_with(&options(&root, &live), &mut memo).expect("edit");
    assert_eq!(
        edited.rendered, 1,
        "only the briefing page shows annotation notes"
    );
    assert!(
        edited.written >= 1 && edited.written < 5,
        "{}",
        edited.written
    );

    // A paragraph added at the top moves every mention below it to another line, but
    // their sentences are the same: the note pages that list them are not rendered.
    let text = read(&root, BRIEFING);
    let (front, body) = text.split_at(text.find("\n---\n").expect("front matter") + 5);
    write(
        &root,
        BRIEFING,
        &format!("{front}\nA line added at the top.\n{body}"),
    );
    let moved = build_with(&options(&root, &live), &mut memo).expect("moved lines");
    assert_eq!(moved.rendered, 1, "the note pages list the same sentences");
}

/// A briefing added before the others moves every briefing, event and backlink to a
/// new place in the lists, but only the pages that show the new briefing change: the
/// pieces a page read are found at their new places.
#[test]
fn an_added_briefing_renders_only_the_pages_that_show_it() {
    let (tmp, root) = example_site();
    let live = tmp.path().join("live");
    let mut memo = Memo::default();
    let first = build_with(&options(&root, &live), &mut memo).expect("first build");
    let added = "content/briefings/2019-01-02-a-quiet-day.md";
    write(
        &root,
        added,
        "---\ntitle: A quiet day\ndate: 2019-01-02\n---\n\nNothing of note happened.\n",
    );
    let sites = (root.as_path(), live.as_path());
    let changed = [root.join(added)];
    let label = "a briefing added first";
    assert!(rebuild_matches_clean(
        tmp.path(),
        sites,
        &mut memo,
        Some(&changed),
        label
    ));
    let again = build_with(&options(&root, &live), &mut memo).expect("no change");
    assert_eq!(
        (again.built, again.rendered),
        (0, 0),
        "nothing changed since"
    );
    fs::remove_file(root.join(added)).expect("remove");
    let removed = build_with(&options(&root, &live), &mut memo).expect("removed");
    // Its own page is gone; the home page and the timeline list it no more. No other
    // page is even built.
    let pages = first.pages - static_and_generated(&live);
    assert_eq!(removed.rendered, 2, "of {pages} pages");
    assert_eq!(removed.built, 2, "of {pages} pages");
}

/// Files of the output that are not pages rendered through the theme.
fn static_and_generated(out: &Path) -> usize {
    read_tree(out)
        .keys()
        .filter(|p| !p.ends_with(".html") && p.as_str() != ".brief-output")
        .count()
}
