//! `brief watch` end to end: the real binary on a temporary copy of a fixture site, at a
//! free port. Every wait is on an event or a condition with a time limit, never a fixed
//! sleep.

mod common;
mod http_client;
mod watch_harness;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::copy_fixture;
use http_client::{Events, TIMEOUT, eventually, get};
use watch_harness::Watch;

const BRIEFING: &str = "content/briefings/2019-04-24-arrival.md";
const SIDECAR: &str = "content/briefings/2019-04-24-arrival.yaml";
const PAGE: &str = "/briefings/2019-04-24-arrival/";

fn edit(root: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let old = fs::read_to_string(&path).expect("read source");
    fs::write(&path, f(old)).expect("write source");
}

/// Saves like editors that write a temporary file and rename it over the original.
fn atomic_save(root: &Path, file: &str, contents: &str) {
    let path = root.join(file);
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    fs::write(&tmp, contents).expect("write temporary file");
    fs::rename(&tmp, &path).expect("rename over the original");
}

fn site() -> (tempfile::TempDir, PathBuf) {
    copy_fixture("minimal")
}

#[test]
fn serves_the_site_and_reloads_after_a_save() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let home = get(watch.addr, "/");
    assert_eq!(home.status, 200, "{}", watch.stderr());
    assert!(home.text().contains("/__brief/client.js"));
    let page = get(watch.addr, PAGE);
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("first visit abroad"));
    let on_disk = fs::read_to_string(root.join("public/briefings/2019-04-24-arrival/index.html"))
        .expect("built page");
    assert!(
        !on_disk.contains("__brief"),
        "the client is never written to public/"
    );

    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    edit(&root, BRIEFING, |t| {
        t + "\nIt was his first visit abroad this year.\n"
    });
    events.wait_for("reload");
    let page = get(watch.addr, PAGE).text();
    assert!(page.contains("first visit abroad"), "{}", watch.stderr());
    watch.wait_stderr("changed: content/briefings/2019-04-24-arrival.md");
}

#[test]
fn a_broken_yaml_file_shows_the_overlay_and_keeps_the_last_good_site() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    let good = fs::read_to_string(root.join(SIDECAR)).expect("read");
    atomic_save(
        &root,
        SIDECAR,
        "annotations:\n  - quote: [unclosed\n    person: x\n",
    );

    let error = events.wait_for("error");
    assert!(
        error.contains("2019-04-24-arrival.yaml"),
        "names the file: {error}"
    );
    let page = get(watch.addr, PAGE);
    assert_eq!(page.status, 200, "the last good site is still served");
    let html = page.text();
    assert!(html.contains("Kim arrives in Russia"), "old content");
    assert!(
        html.contains("id=\"__brief-overlay\""),
        "overlay on the page"
    );
    assert!(
        html.contains("2019-04-24-arrival.yaml:"),
        "with the file and line"
    );
    watch.wait_stderr("still serving the last good site");

    atomic_save(&root, SIDECAR, &good);
    events.wait_for("reload");
    let html = get(watch.addr, PAGE).text();
    assert!(
        !html.contains("__brief-overlay"),
        "the next good build clears it"
    );
}

#[test]
fn a_failed_first_build_still_starts_the_server() {
    let (_tmp, root) = site();
    let good = fs::read_to_string(root.join(SIDECAR)).expect("read");
    fs::write(root.join(SIDECAR), "annotations: [\n").expect("break");
    let watch = Watch::start(&root, &[]);
    let waiting = get(watch.addr, "/");
    assert_eq!(waiting.status, 503);
    let html = waiting.text();
    assert!(html.contains("id=\"__brief-overlay\""), "{html}");
    assert!(html.contains("2019-04-24-arrival.yaml"));

    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    atomic_save(&root, SIDECAR, &good);
    events.wait_for("reload");
    let home = get(watch.addr, "/");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("__brief-overlay"));
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    for target in [
        "/../site.toml",
        "/..%2fsite.toml",
        "/%2e%2e/site.toml",
        "/%2e%2e%2fsite.toml",
        "/..\\site.toml",
        "/%5c..%5csite.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/../content/briefings/2019-04-24-arrival.yaml",
    ] {
        let reply = get(watch.addr, target);
        assert!(
            matches!(reply.status, 400 | 403 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains("base_url"),
            "{target} leaked site.toml"
        );
        assert!(
            !reply.text().contains("root:"),
            "{target} leaked /etc/passwd"
        );
    }
    assert_eq!(get(watch.addr, "/%2e%2e/site.toml").status, 403);
}

#[test]
fn ignored_files_never_trigger_a_rebuild_and_a_burst_rebuilds_once() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    let dir = root.join("content/briefings");
    for name in [
        ".arrival.md.swp",
        "arrival.md~",
        "4913",
        ".#arrival.md",
        "x.tmp",
    ] {
        fs::write(dir.join(name), "noise").expect("write ignored file");
    }
    fs::write(root.join("public/noise.html"), "x").expect("write into the output");
    fs::create_dir_all(root.join(".git")).expect("mkdir");
    fs::write(root.join(".git/index"), "x").expect("write");
    fs::write(root.join("README.md"), "x").expect("write outside the sources");

    // A burst: many notes appear at once, as in a checkout.
    let staging = root.join("staging");
    fs::create_dir(&staging).expect("mkdir");
    for i in 0..30 {
        fs::write(
            staging.join(format!("person-{i}.md")),
            format!("---\nname: Person Number{i}\nsummary: Someone.\n---\nSomeone.\n"),
        )
        .expect("write note");
    }
    for i in 0..30 {
        let name = format!("person-{i}.md");
        fs::rename(staging.join(&name), root.join("content/people").join(&name)).expect("move");
    }
    events.wait_for("reload");
    // On a loaded machine the moves can stall for longer than a burst's quiet time, and
    // the burst arrive in two parts: wait for its last note.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while get(watch.addr, "/people/person-29/").status != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "person-29 never built"
        );
        events.wait_for("reload");
    }

    // The ignored files would sort first: the burst is exactly the 30 notes.
    let err = watch.wait_stderr("rebuilt ");
    let changed: Vec<&str> = err.lines().filter(|l| l.starts_with("changed:")).collect();
    let files: usize = changed.iter().map(|l| files_in(l)).sum();
    assert_eq!(files, 30, "{err}");
    assert!(
        changed.iter().all(|l| l.contains("content/people/person-")),
        "{err}"
    );
    assert!(
        changed.len() <= 2,
        "a burst rebuilt {} times: {err}",
        changed.len()
    );
    if changed.len() == 1 {
        assert_eq!(
            changed,
            [
                "changed: content/people/person-0.md, content/people/person-1.md, \
content/people/person-10.md and 27 more"
            ],
            "{err}"
        );
    }

    // A rebuild's own writes never start another: one more change, one more rebuild.
    edit(&root, BRIEFING, |t| t + "\nOne more line.\n");
    events.wait_for("reload");
    drop(events);
    let mut late = Events::connect(watch.addr);
    let hello = late.wait_for("hello");
    let builds = changed.len() + 2;
    assert!(
        hello.ends_with(&format!("-{builds}\"}}")),
        "the first build and {} rebuilds: {hello}\n{}",
        builds - 1,
        watch.stderr()
    );
}

/// How many files a `changed:` line names (`a, b, c and 27 more`).
fn files_in(line: &str) -> usize {
    let listed = line.trim_start_matches("changed: ");
    match listed.rsplit_once(" and ") {
        Some((named, more)) => {
            let more: usize = more
                .trim_end_matches(" more")
                .parse()
                .unwrap_or_else(|_| panic!("not a count: {line}"));
            named.split(", ").count() + more
        }
        None => listed.split(", ").count(),
    }
}

#[test]
fn renamed_and_deleted_notes_rebuild() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    assert_eq!(get(watch.addr, "/people/vladimir-putin/").status, 200);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    let people = root.join("content/people");
    fs::rename(people.join("vladimir-putin.md"), people.join("putin.md")).expect("rename");
    events.wait_for("reload");
    assert_eq!(get(watch.addr, "/people/putin/").status, 200);
    assert_eq!(get(watch.addr, "/people/vladimir-putin/").status, 404);
    fs::remove_file(people.join("putin.md")).expect("delete");
    events.wait_for("reload");
    assert_eq!(get(watch.addr, "/people/putin/").status, 404);
    assert_eq!(get(watch.addr, PAGE).status, 200);
}

#[test]
fn a_folder_without_site_toml_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["watch", "--port", "0", "--root"])
        .arg(tmp.path())
        .output()
        .expect("run brief watch");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site.toml"), "{err}");
    assert!(out.stdout.is_empty(), "nothing is served");
}

#[test]
fn folders_created_later_are_watched() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &[]);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    fs::create_dir(root.join("static")).expect("mkdir static");
    fs::write(root.join("static/robots.txt"), "User-agent: *\n").expect("write");
    events.wait_for("reload");
    let robots = eventually("robots.txt to be served", || {
        let reply = get(watch.addr, "/robots.txt");
        (reply.status == 200).then(|| reply.text())
    });
    assert_eq!(robots, "User-agent: *\n");
    fs::write(
        root.join("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .expect("write");
    events.wait_for("reload");
    assert!(get(watch.addr, "/robots.txt").text().contains("Disallow"));
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let (_tmp, root) = site();
    fs::create_dir(root.join("static")).expect("mkdir");
    fs::write(root.join("static/extra.css"), "body { color: black }\n").expect("write");
    let watch = Watch::start(&root, &[]);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    fs::write(root.join("static/extra.css"), "body { color: navy }\n").expect("write");
    let deadline = Instant::now() + TIMEOUT;
    let (name, data) = events.next(deadline).expect("an event after the change");
    assert_eq!(name, "css", "{data}\n{}", watch.stderr());
    assert!(data.contains("/extra.css"), "{data}");
    assert!(get(watch.addr, "/extra.css").text().contains("navy"));
}

#[test]
fn polling_notices_changes_too() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &["--poll"]);
    watch.wait_stderr("every second");
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    edit(&root, BRIEFING, |t| t + "\nPolled change.\n");
    events.wait_for("reload");
    assert!(get(watch.addr, PAGE).text().contains("Polled change."));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let (_tmp, root) = site();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["watch", "--port", &port, "--root"])
        .arg(&root)
        .output()
        .expect("run brief watch");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use") && err.contains("--port"), "{err}");
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    let (_tmp, root) = site();
    let watch = Watch::start(&root, &["--bind", "0.0.0.0"]);
    assert_eq!(get(watch.addr, "/").status, 200);
    watch.wait_stderr("warning: listening on 0.0.0.0");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let (_tmp, root) = site();
    let mut watch = Watch::start(&root, &[]);
    let mut events = Events::connect(watch.addr);
    events.wait_for("hello");
    let status = Command::new("kill")
        .args(["-INT", &watch.child.id().to_string()])
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    let exited = eventually("brief watch to exit", || {
        watch.child.try_wait().ok().flatten()
    });
    assert_eq!(exited.code(), Some(0), "{}", watch.stderr());
    let deadline = Instant::now() + Duration::from_secs(2);
    assert!(events.next(deadline).is_none(), "the event stream ended");
    watch.wait_stderr("stopped");
}
