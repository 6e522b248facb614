//! File-system faults through the real binary: unreadable files, special files, symbolic
//! links that loop or leave the site, a full disk, and an output folder on another file
//! system. Each gives a clear error naming the file and the right exit status, and a
//! failed build leaves the previous `public/` byte-identical. (A file that disappears
//! between listing and reading is a unit test of the load stage,
//! `load::walk::tests::a_file_that_vanished_says_so`: its timing cannot be forced here.)
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{brief, copy_fixture, read_tree, stderr};

const BRIEFING: &str = "content/briefings/2019-04-24-arrival.md";

type Tree = std::collections::BTreeMap<String, Vec<u8>>;

/// Runs a command under a 60 s watchdog, turning a hang into a failure.
fn watched(mut command: Command) -> Output {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut pipe, &mut bytes);
        bytes
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Output {
                status,
                stdout: Vec::new(),
                stderr: reader.join().unwrap_or_default(),
            };
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn build_cmd(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command.arg("build").arg("--root").arg(root);
    command
}

/// A built copy of the minimal fixture and its `public/` as built.
fn built_site() -> (tempfile::TempDir, std::path::PathBuf, Tree) {
    let (tmp, root) = copy_fixture("minimal");
    let out = brief(&["build", "--root", root.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = read_tree(&root.join("public"));
    (tmp, root, before)
}

/// Asserts a failed build: `status`, every `words` in stderr, `public/` as `before`.
#[track_caller]
fn assert_failed(root: &Path, before: &Tree, status: i32, words: &[&str]) -> String {
    let out = watched(build_cmd(root));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(status), "{err}");
    for word in words {
        assert!(err.contains(word), "`{word}` is not in:\n{err}");
    }
    assert_eq!(&read_tree(&root.join("public")), before, "public/ changed");
    err
}

fn is_root() -> bool {
    // The owner of a file this process just made is its effective user.
    let probe = tempfile::NamedTempFile::new().expect("probe");
    std::os::unix::fs::MetadataExt::uid(&probe.as_file().metadata().expect("metadata")) == 0
}

#[test]
fn an_unreadable_file_is_named_and_nothing_is_written() {
    let (_tmp, root, before) = built_site();
    let note = root.join("content/people/vladimir-putin.md");
    fs::set_permissions(&note, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&note).is_ok() {
        // Running as root (as CI containers do): permissions do not stop reads, so the
        // chmod case cannot happen here; the next test makes a file no one can read.
        assert!(is_root(), "a mode-000 file was readable by a normal user");
        fs::set_permissions(&note, fs::Permissions::from_mode(0o644)).expect("chmod");
        return;
    }
    assert_failed(
        &root,
        &before,
        1,
        &[
            "error[unreadable]",
            "content/people/vladimir-putin.md",
            "permission denied",
        ],
    );
}

#[test]
fn special_files_are_refused_without_blocking() {
    let (_tmp, root, before) = built_site();
    // A socket cannot be opened for reading, even by root.
    let socket = root.join("content/people/socket.md");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    // Opening a FIFO blocks until a writer comes: brief must not open it.
    let fifo = root.join("content/people/fifo.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    assert_failed(
        &root,
        &before,
        1,
        &[
            "content/people/socket.md",
            "content/people/fifo.md",
            "not a regular file",
        ],
    );
}

#[test]
fn symlink_loops_and_links_out_of_the_site_fail_the_build() {
    let (tmp, root, before) = built_site();
    let outside = tmp.path().join("secret.md");
    fs::write(&outside, "---\nname: Secret\n---\nSecret.\n").expect("write");
    symlink(&outside, root.join("content/people/secret.md")).expect("link");
    symlink(root.join("content"), root.join("content/places/loop")).expect("link");
    let err = assert_failed(
        &root,
        &before,
        1,
        &[
            "error[symlink-outside]",
            "content/people/secret.md",
            "error[symlink-loop]",
            "content/places/loop",
        ],
    );
    assert!(!err.contains("Secret."), "{err}");
}

#[test]
fn links_out_of_the_site_in_static_and_templates_fail_the_build() {
    let (tmp, root, before) = built_site();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(outside.join("dir")).expect("mkdir");
    fs::write(outside.join("secret.txt"), "Secret.").expect("write");
    fs::write(outside.join("dir/key.txt"), "Key.").expect("write");
    fs::write(outside.join("note.html"), "Secret template.").expect("write");
    fs::create_dir_all(root.join("static")).expect("mkdir");
    fs::create_dir_all(root.join("templates")).expect("mkdir");
    symlink(outside.join("secret.txt"), root.join("static/secret.txt")).expect("link");
    symlink(outside.join("dir"), root.join("static/dir")).expect("link");
    symlink(outside.join("note.html"), root.join("templates/note.html")).expect("link");
    let err = assert_failed(
        &root,
        &before,
        1,
        &[
            "error[symlink-outside]",
            "static/secret.txt",
            "`static/dir` links to",
            "templates/note.html",
        ],
    );
    assert!(!err.contains("Secret."), "{err}");
    // A linked folder is reported once, and what it holds is not read.
    assert!(!err.contains("key.txt"), "{err}");
    assert_eq!(err.matches("error[symlink-outside]").count(), 3, "{err}");
    // A loop is named as one.
    symlink(root.join("static"), root.join("static/again")).expect("link");
    assert_failed(&root, &before, 1, &["error[symlink-loop]", "static/again"]);
    fs::remove_file(root.join("static/again")).expect("unlink");
    // A link that stays inside the site is followed.
    for link in ["static/secret.txt", "static/dir", "templates/note.html"] {
        fs::remove_file(root.join(link)).expect("unlink");
    }
    fs::write(root.join("shared.txt"), "Shared.").expect("write");
    symlink(root.join("shared.txt"), root.join("static/shared.txt")).expect("link");
    let out = watched(build_cmd(&root));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(root.join("public/shared.txt")).expect("copied"),
        "Shared."
    );
}

/// A full disk: the build runs with a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored),
/// so its writes fail with EFBIG as on a full disk, at any privilege.
#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_old_site() {
    let (_tmp, root, before) = built_site();
    fs::write(
        root.join(BRIEFING),
        fs::read_to_string(root.join(BRIEFING))
            .expect("read")
            .replace("Kim arrives in Russia", "A new title"),
    )
    .expect("edit");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_brief"))
        .arg(&root);
    let out = watched(command);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("File too large") || err.contains("disk"),
        "{err}"
    );
    assert!(
        err.contains(".html")
            || err.contains(".js")
            || err.contains(".css")
            || err.contains(".xml")
            || err.contains(".json"),
        "names the file: {err}"
    );
    assert_eq!(read_tree(&root.join("public")), before, "public/ changed");
    let leftovers: Vec<String> = fs::read_dir(&root)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "staging folder left behind"
    );
}

/// `--output` on another file system than the site (tmpfs `/dev/shm` vs the temporary
/// folder): the new site is staged beside the output, so the swap is one rename there.
#[test]
fn an_output_folder_on_another_file_system_is_built_and_replaced() {
    use std::os::unix::fs::MetadataExt;
    let shm = Path::new("/dev/shm");
    let (_tmp, root) = copy_fixture("minimal");
    let Ok(other) = tempfile::tempdir_in(shm) else {
        panic!("no /dev/shm to test another file system with");
    };
    let device = |p: &Path| fs::metadata(p).expect("metadata").dev();
    assert_ne!(device(&root), device(other.path()), "same file system");
    let output = other.path().join("public");
    let out_str = output.to_str().expect("utf-8");
    let root_str = root.to_str().expect("utf-8");
    for _ in 0..2 {
        let out = brief(&["build", "--root", root_str, "--output", out_str]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let clean = brief(&["build", "--root", root_str]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    assert_eq!(read_tree(&output), read_tree(&root.join("public")));
    let names: Vec<String> = fs::read_dir(other.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["public"], "nothing else left beside the output");
}

#[test]
fn static_files_that_cannot_sit_beside_the_pages_fail_the_build() {
    let (_tmp, root, before) = built_site();
    let static_dir = root.join("static");
    // A file where a page goes, a folder where a page goes, a file where pages need a folder.
    fs::create_dir_all(static_dir.join("tags")).expect("static/");
    fs::write(static_dir.join("404.html"), "mine").expect("write");
    assert_failed(
        &root,
        &before,
        1,
        &["static-clash", "`404.html` would replace"],
    );
    fs::remove_file(static_dir.join("404.html")).expect("remove");
    fs::create_dir_all(static_dir.join("people/kim-jong-un/index.html")).expect("folder");
    fs::write(static_dir.join("people/kim-jong-un/index.html/x.txt"), "x").expect("write");
    assert_failed(
        &root,
        &before,
        1,
        &[
            "static-clash",
            "needs a folder `people/kim-jong-un/index.html`",
        ],
    );
    fs::remove_dir_all(static_dir.join("people")).expect("remove");
    fs::write(static_dir.join("places"), "x").expect("write");
    assert_failed(
        &root,
        &before,
        1,
        &["static-clash", "`places` stands where brief needs a folder"],
    );
    fs::remove_file(static_dir.join("places")).expect("remove");
    // Beside the pages, in a folder of theirs, a static file is fine.
    fs::write(static_dir.join("tags/readme.txt"), "ok").expect("write");
    let out = watched(build_cmd(&root));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("public/tags/readme.txt").is_file());
}
