//! `brief watch` under stress, on a temporary copy of the minimal fixture: 200 rapid
//! saves, saves while a rebuild runs, delete-and-recreate, renames, and 500 files
//! appearing and disappearing at once (as a `git checkout` does). After each, the output
//! folder settles to exactly what a clean `brief build` of the same files writes, and the
//! number of rebuilds stays bounded. Rebuilds are counted from the build number of the
//! live-reload `hello` event, so the test holds whether a rebuild redoes everything or
//! only what changed.

mod common;
mod http_client;
mod watch_harness;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{brief, copy_fixture, read_tree, stderr};
use http_client::Events;
use watch_harness::Watch;

const BRIEFING: &str = "content/briefings/2019-04-24-arrival.md";
/// How long the output may take to settle after the last change of a phase.
const SETTLE: Duration = Duration::from_secs(60);

/// What the stress tests ask of a running `brief watch`.
impl Watch {
    /// The number of the last finished build (1 for the first build).
    fn builds(&self) -> u64 {
        let hello = Events::connect(self.addr).wait_for("hello");
        hello
            .trim_end_matches("\"}")
            .rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no build number in {hello}"))
    }

    /// Rebuilds started so far: each prints the `changed:` line first.
    fn rebuilds(&self) -> usize {
        self.stderr().matches("\nchanged: ").count()
    }

    /// Waits until `public/` equals a clean build of the site's files as they are now
    /// and stays so with no further rebuild; returns the rebuilds since `since`.
    fn settle(&self, root: &Path, since: usize, what: &str) -> usize {
        let expected = clean_build(root);
        let deadline = Instant::now() + SETTLE;
        loop {
            let (builds, rebuilds) = (self.builds(), self.rebuilds());
            let actual = try_read_tree(&root.join("public"));
            if actual.as_ref() == Some(&expected) {
                std::thread::sleep(Duration::from_millis(300));
                let same = try_read_tree(&root.join("public")).as_ref() == Some(&expected);
                if same && self.builds() == builds && self.rebuilds() == rebuilds {
                    println!("{what}: {} rebuilds", rebuilds - since);
                    return rebuilds - since;
                }
                continue;
            }
            if Instant::now() > deadline {
                let actual = actual.unwrap_or_default();
                panic!(
                    "{what}: public/ never became the clean build; differs in {:?}\n{}",
                    differing(&expected, &actual),
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

type Tree = BTreeMap<String, Vec<u8>>;

/// Every file of a folder with its bytes, or `None` if the folder changed while it was
/// read (a rebuild swapped it).
fn try_read_tree(dir: &Path) -> Option<Tree> {
    let mut out = Tree::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).ok()?;
            out.insert(
                rel.to_string_lossy().into_owned(),
                fs::read(entry.path()).ok()?,
            );
        }
    }
    Some(out)
}

fn differing<'a>(expected: &'a Tree, actual: &'a Tree) -> Vec<&'a String> {
    expected
        .keys()
        .chain(actual.keys())
        .filter(|k| expected.get(*k) != actual.get(*k))
        .take(10)
        .collect()
}

/// A clean `brief build` of the site into a fresh folder, read back.
fn clean_build(root: &Path) -> Tree {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("public");
    let run = brief(&[
        "build",
        "--quiet",
        "--root",
        root.to_str().expect("utf-8"),
        "--output",
        dir.to_str().expect("utf-8"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    read_tree(&dir)
}

fn site() -> (tempfile::TempDir, PathBuf) {
    copy_fixture("minimal")
}

fn briefing(root: &Path, title: &str) -> String {
    let text = fs::read_to_string(root.join(BRIEFING)).expect("read");
    let start = text.find("title: ").expect("title") + "title: ".len();
    let end = start + text[start..].find('\n').expect("line");
    format!("{}{title}{}", &text[..start], &text[end..])
}

fn note(i: usize) -> String {
    format!("---\nname: Person Number{i}\nsummary: Someone.\n---\nSomeone.\n")
}

#[test]
fn two_hundred_rapid_saves_end_in_a_clean_build() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let since = watch.rebuilds();
    let path = root.join(BRIEFING);
    let original = briefing(&root, "Kim arrives in Russia");
    for i in 0..200 {
        let text = original.replace("Kim arrives in Russia", &format!("Save number {i}"));
        if i % 2 == 0 {
            fs::write(&path, text).expect("write");
        } else {
            // Editors' atomic save: a temporary file renamed over the original.
            let tmp = path.with_file_name(".2019-04-24-arrival.md.tmp");
            fs::write(&tmp, text).expect("write");
            fs::rename(&tmp, &path).expect("rename");
        }
    }
    let rebuilds = watch.settle(&root, since, "200 rapid saves");
    assert!(rebuilds >= 1, "{}", watch.stderr());
    assert!(
        rebuilds <= 25,
        "{rebuilds} rebuilds for one burst\n{}",
        watch.stderr()
    );
    let page = fs::read_to_string(root.join("public/briefings/2019-04-24-arrival/index.html"))
        .expect("page");
    assert!(page.contains("Save number 199"));
}

#[test]
fn a_save_during_a_rebuild_is_not_lost() {
    let (_tmp, root) = site();
    // Enough briefings that a rebuild takes a while.
    let text = fs::read_to_string(root.join(BRIEFING)).expect("read");
    for n in 0..150 {
        fs::write(root.join(format!("content/briefings/copy-{n}.md")), &text).expect("write");
    }
    let watch = Watch::start(&root, &[]);
    let since = watch.rebuilds();
    let path = root.join(BRIEFING);
    let mut seen = watch.rebuilds();
    for round in 0..5 {
        fs::write(&path, briefing(&root, &format!("First save {round}"))).expect("write");
        // As soon as the rebuild for it starts, save again.
        let deadline = Instant::now() + SETTLE;
        while watch.rebuilds() == seen {
            assert!(Instant::now() < deadline, "no rebuild:\n{}", watch.stderr());
            std::thread::sleep(Duration::from_millis(1));
        }
        seen = watch.rebuilds();
        fs::write(&path, briefing(&root, &format!("Second save {round}"))).expect("write");
    }
    let rebuilds = watch.settle(&root, since, "saves during rebuilds");
    assert!(rebuilds <= 20, "{rebuilds} rebuilds\n{}", watch.stderr());
    let page = fs::read_to_string(root.join("public/briefings/2019-04-24-arrival/index.html"))
        .expect("page");
    assert!(page.contains("Second save 4"), "the last save is built");
}

#[test]
fn deletes_recreates_and_renames_end_in_a_clean_build() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let mut since = watch.rebuilds();
    let people = root.join("content/people");
    let briefings = root.join("content/briefings");

    // Delete and recreate at once, with new content.
    let path = root.join(BRIEFING);
    let text = briefing(&root, "Recreated");
    fs::remove_file(&path).expect("delete");
    fs::write(&path, &text).expect("recreate");
    let putin = fs::read_to_string(people.join("vladimir-putin.md")).expect("read");
    fs::remove_file(people.join("vladimir-putin.md")).expect("delete");
    fs::write(
        people.join("vladimir-putin.md"),
        putin.replace("President of Russia.", "Recreated."),
    )
    .expect("recreate");
    since += watch.settle(&root, since, "delete and recreate");

    // Renames: a note back and forth, a briefing with its sidecar, a rename over a file.
    fs::rename(people.join("vladimir-putin.md"), people.join("putin.md")).expect("rename");
    fs::rename(people.join("putin.md"), people.join("vladimir-putin.md")).expect("rename");
    fs::rename(
        briefings.join("2019-04-24-arrival.md"),
        briefings.join("arrival.md"),
    )
    .expect("rename");
    fs::rename(
        briefings.join("2019-04-24-arrival.yaml"),
        briefings.join("arrival.yaml"),
    )
    .expect("rename");
    fs::write(people.join("kim.md"), note(1)).expect("write");
    fs::rename(people.join("kim.md"), people.join("kim-jong-un.md")).expect("rename over");
    let rebuilds = watch.settle(&root, since, "renames");
    assert!(rebuilds <= 10, "{rebuilds} rebuilds\n{}", watch.stderr());
    assert!(root.join("public/briefings/arrival/index.html").is_file());
    assert!(!root.join("public/briefings/2019-04-24-arrival").exists());
}

#[test]
fn five_hundred_files_switching_at_once_end_in_a_clean_build() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let since = watch.rebuilds();
    let people = root.join("content/people");
    // In: 500 notes written at once.
    for i in 0..500 {
        fs::write(people.join(format!("person-{i:03}.md")), note(i)).expect("write");
    }
    let rebuilds = watch.settle(&root, since, "500 files in");
    assert!(rebuilds <= 10, "{rebuilds} rebuilds\n{}", watch.stderr());
    assert!(root.join("public/people/person-499/index.html").is_file());
    // Out again, with one edited briefing, as switching back to a branch does.
    let since = watch.rebuilds();
    for i in 0..500 {
        fs::remove_file(people.join(format!("person-{i:03}.md"))).expect("delete");
    }
    fs::write(root.join(BRIEFING), briefing(&root, "Back on the branch")).expect("write");
    let rebuilds = watch.settle(&root, since, "500 files out");
    assert!(rebuilds <= 10, "{rebuilds} rebuilds\n{}", watch.stderr());
    assert!(!root.join("public/people/person-000").exists());
}
