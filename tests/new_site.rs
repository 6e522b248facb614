//! `brief new`, `brief add`, `brief completions` and `--version`, run as a user would:
//! a new site outside the repository builds at once, with no warnings and no broken links.

mod common;

use std::fs;

use common::{brief, broken_links, stderr};

#[test]
fn a_new_site_builds_outside_the_repository() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("desk");
    let dir_str = dir.to_str().expect("utf-8");
    let out = brief(&["new", dir_str]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("brief build"), "says what to do next");
    for file in [
        "site.toml",
        ".gitignore",
        "themes/default/templates/base.html",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let built = brief(&["build", "--root", dir_str]);
    let err = stderr(&built);
    assert!(built.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(
        err.starts_with("built 1 briefing, 2 notes, 3 annotations"),
        "{err}"
    );
    assert_eq!(broken_links(&dir.join("public")), Vec::<String>::new());
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let out = brief(&["new", tmp.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!tmp.path().join("site.toml").exists());
}

#[test]
fn add_creates_a_note_that_builds_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("desk");
    let dir_str = dir.to_str().expect("utf-8");
    assert!(brief(&["new", dir_str]).status.success());
    let out = brief(&["add", "person", "Kim Jong Un", "--root", dir_str]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.join("content/people/kim-jong-un.md");
    assert!(String::from_utf8_lossy(&out.stdout).contains("kim-jong-un.md"));
    assert!(
        fs::read_to_string(&path)
            .expect("note")
            .contains("name: \"Kim Jong Un\"")
    );
    let again = brief(&["add", "person", "Kim Jong Un", "--root", dir_str]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );
    let out = brief(&["add", "briefing", "Kim arrives", "--root", dir_str]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = brief(&["build", "--root", dir_str]);
    assert!(
        built.status.success(),
        "skeletons build as they are: {}",
        stderr(&built)
    );
    let unknown = brief(&["add", "planet", "Mars", "--root", dir_str]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = stderr(&unknown);
    assert!(
        err.contains("briefing (or briefings), person (or people), place (or places)"),
        "{err}"
    );
    assert!(
        err.contains("[collections.planets]\n        singular = \"planet\""),
        "the declaration to add: {err}"
    );
}

#[test]
fn version_and_completions() {
    let out = brief(&["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("brief "));
    for shell in ["bash", "zsh", "fish"] {
        let out = brief(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("build") && script.contains("check"),
            "{shell}: {script}"
        );
    }
}
