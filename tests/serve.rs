//! The preview server's HTTP layer, in-process on a free port: content types, folders,
//! 404s, caching, the injected client, the events endpoint, and every way a request
//! might try to read outside the site.

mod http_client;

use std::fs;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::serve::{Live, ServeError, Server};
use http_client::{Events, TIMEOUT, get, request, request_to_host};

const SECRET: &str = "top secret, outside the site";

/// A site folder with a few files, and a secret file beside it.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("public");
    fs::create_dir_all(site.join("people/kim")).expect("mkdir");
    let files: &[(&str, &[u8])] = &[
        (
            "index.html",
            b"<!doctype html><html><body><h1>Home</h1></body></html>",
        ),
        (
            "404.html",
            b"<!doctype html><html><body><h1>Lost</h1></body></html>",
        ),
        ("people/kim/index.html", b"<html><body>Kim</body></html>"),
        ("style.css", b"body { color: black }"),
        ("app.js", b"console.log(1)"),
        ("search.json", b"[]"),
        ("atom.xml", b"<feed/>"),
        ("map.svg", b"<svg/>"),
        ("a.png", b"\x89PNG"),
        ("a.jpg", b"\xff\xd8"),
        ("a.webp", b"RIFF"),
        ("f.woff2", b"wOF2"),
        ("robots.txt", b"User-agent: *"),
    ];
    for (path, bytes) in files {
        fs::write(site.join(path), bytes).expect("write");
    }
    fs::write(tmp.path().join("secret.txt"), SECRET).expect("write secret");
    (tmp, site)
}

fn start(site: &Path) -> (Server, Arc<Live>) {
    let live = Arc::new(Live::new(site));
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let server = Server::start(addr, live.clone()).expect("start the server");
    (server, live)
}

#[test]
fn files_have_their_content_types_and_are_never_cached() {
    let (_tmp, site) = site();
    let (server, _) = start(&site);
    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/search.json", "application/json"),
        ("/atom.xml", "application/xml"),
        ("/map.svg", "image/svg+xml"),
        ("/a.png", "image/png"),
        ("/a.jpg", "image/jpeg"),
        ("/a.webp", "image/webp"),
        ("/f.woff2", "font/woff2"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
    ] {
        let reply = get(server.addr(), path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(kind), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
    let css = get(server.addr(), "/style.css?v=2");
    assert_eq!(
        css.text(),
        "body { color: black }",
        "non-HTML files are served as they are"
    );
}

#[test]
fn html_gets_the_client_but_the_files_do_not() {
    let (_tmp, site) = site();
    let (server, live) = start(&site);
    let page = get(server.addr(), "/").text();
    let expected = format!(
        "<h1>Home</h1><link rel=\"stylesheet\" href=\"/__brief/client.css\">\
<script src=\"/__brief/client.js\" data-build=\"{}\" defer></script></body>",
        live.build_id()
    );
    assert!(page.contains(&expected), "{page}");
    let on_disk = fs::read_to_string(site.join("index.html")).expect("read");
    assert!(
        !on_disk.contains("__brief"),
        "never written to the output folder"
    );
    let js = get(server.addr(), "/__brief/client.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("EventSource"));
    assert_eq!(get(server.addr(), "/__brief/client.css").status, 200);
    let head = request(server.addr(), "HEAD /people/kim/ HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
}

#[test]
fn folders_serve_their_index_and_get_a_trailing_slash() {
    let (_tmp, site) = site();
    let (server, _) = start(&site);
    let page = get(server.addr(), "/people/kim/");
    assert_eq!(page.status, 200);
    assert!(page.text().starts_with("<html><body>Kim"));
    let redirect = get(server.addr(), "/people/kim?x=1");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("location"), Some("/people/kim/?x=1"));
    assert_eq!(
        get(server.addr(), "/people/").status,
        404,
        "a folder without index"
    );
}

#[test]
fn missing_pages_get_the_sites_404_page() {
    let (_tmp, site) = site();
    let (server, _) = start(&site);
    let reply = get(server.addr(), "/no/such/page/");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(reply.text().contains("<h1>Lost</h1>"));
    assert!(reply.text().contains("/__brief/client.js"));
    fs::remove_file(site.join("404.html")).expect("rm");
    let plain = get(server.addr(), "/no/such/page/");
    assert_eq!(plain.status, 404);
    assert_eq!(plain.text(), "404 Not Found\n");
}

#[test]
fn other_methods_are_not_allowed() {
    let (_tmp, site) = site();
    let (server, _) = start(&site);
    assert_eq!(request(server.addr(), "POST / HTTP/1.1").status, 405);
    assert_eq!(
        request(server.addr(), "DELETE /style.css HTTP/1.1").status,
        405
    );
    assert!(site.join("style.css").exists());
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (tmp, site) = site();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("link.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(tmp.path(), site.join("up")).expect("symlink");
        std::os::unix::fs::symlink("people", site.join("inside")).expect("symlink");
    }
    let (server, _) = start(&site);
    let forbidden = [
        "/../secret.txt",
        "/people/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/people%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/%2Fetc%2Fpasswd",
        "/C:/Windows/win.ini",
        "/secret.txt%00.html",
        "/./index.html",
        #[cfg(unix)]
        "/link.txt",
        #[cfg(unix)]
        "/up/secret.txt",
    ];
    for target in forbidden {
        let reply = get(server.addr(), target);
        assert!(
            matches!(reply.status, 400 | 403 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(!reply.text().contains(SECRET), "{target} leaked the secret");
    }
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
    ] {
        assert_eq!(get(server.addr(), target).status, 403, "{target}");
    }
    let absolute_form = request(server.addr(), "GET http://127.0.0.1/../secret.txt HTTP/1.1");
    assert!(!absolute_form.text().contains(SECRET));
    #[cfg(unix)]
    assert_eq!(
        get(server.addr(), "/inside/kim/").status,
        200,
        "links inside are fine"
    );
}

#[test]
fn the_folder_is_looked_up_again_after_a_swap() {
    let (tmp, site) = site();
    let (server, _) = start(&site);
    assert!(get(server.addr(), "/").text().contains("Home"));
    let next = tmp.path().join("next");
    fs::create_dir(&next).expect("mkdir");
    fs::write(next.join("index.html"), "<body>New home</body>").expect("write");
    fs::rename(&site, tmp.path().join("old")).expect("move old");
    fs::rename(&next, &site).expect("swap in");
    assert!(get(server.addr(), "/").text().contains("New home"));
}

#[test]
fn before_any_site_a_placeholder_shows_the_problems() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (server, live) = start(&tmp.path().join("public"));
    let waiting = get(server.addr(), "/");
    assert_eq!(waiting.status, 503);
    assert!(waiting.text().contains("/__brief/client.js"));
    live.failed("error[bad-yaml]: content/a.yaml:3:1 <oops> & more\n".into());
    let failed = get(server.addr(), "/people/");
    assert_eq!(failed.status, 503);
    let text = failed.text();
    assert!(
        text.contains("<pre>error[bad-yaml]: content/a.yaml:3:1 &lt;oops&gt; &amp; more\n</pre>")
    );
    assert!(text.contains("<button type=\"button\" class=\"__brief-dismiss\">Dismiss</button>"));
}

#[test]
fn pages_show_the_overlay_while_the_last_rebuild_failed() {
    let (_tmp, site) = site();
    let (server, live) = start(&site);
    live.failed("error: <b>broken</b>".into());
    let page = get(server.addr(), "/people/kim/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.text().contains("Kim"));
    assert!(
        page.text()
            .contains("<pre>error: &lt;b&gt;broken&lt;/b&gt;</pre>")
    );
    live.rebuilt();
    assert!(
        !get(server.addr(), "/people/kim/")
            .text()
            .contains("__brief-overlay")
    );
}

#[test]
fn events_tell_open_pages_what_happened() {
    let (_tmp, site) = site();
    let (server, live) = start(&site);
    let mut events = Events::connect(server.addr());
    let hello = events.wait_for("hello");
    assert_eq!(hello, format!("{{\"build\":\"{}\"}}", live.build_id()));
    live.rebuilt();
    let reload = events.wait_for("reload");
    assert_eq!(reload, format!("{{\"build\":\"{}\"}}", live.build_id()));
    live.failed("line 1\nline 2 <x>".into());
    assert_eq!(events.wait_for("error"), r#"{"text":"line 1\nline 2 <x>"}"#);

    let mut late = Events::connect(server.addr());
    late.wait_for("hello");
    assert!(
        late.wait_for("error").contains("line 2"),
        "a page opened later sees it too"
    );

    live.restyled(vec!["/style.css".into()]);
    assert!(
        events.wait_for("reload").contains(&live.build_id()),
        "clears the overlay"
    );
    live.restyled(vec!["/style.css".into()]);
    let css = events.wait_for("css");
    assert!(css.contains("\"files\":[\"/style.css\"]"), "{css}");
}

#[test]
fn stopping_ends_event_streams() {
    let (_tmp, site) = site();
    let (server, _) = start(&site);
    let addr = server.addr();
    let mut events = Events::connect(addr);
    events.wait_for("hello");
    let started = Instant::now();
    server.stop();
    assert!(
        started.elapsed() < TIMEOUT,
        "stopping does not wait for open pages"
    );
    let deadline = Instant::now() + Duration::from_secs(2);
    assert!(events.next(deadline).is_none(), "the event stream ends");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let addr = taken.local_addr().expect("addr");
    let live = Arc::new(Live::new("public"));
    let err = Server::start(addr, live).expect_err("the port is taken");
    assert!(matches!(err, ServeError::PortInUse { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("in use") && message.contains("--port"),
        "{message}"
    );
}

/// A web page elsewhere can point its own host name at 127.0.0.1 (DNS rebinding); the
/// preview must not answer requests addressed to such a name.
#[test]
fn requests_for_other_host_names_are_refused() {
    let (_tmp, site) = site();
    let (server, _live) = start(&site);
    let ask = |host: &str| request_to_host(server.addr(), "GET / HTTP/1.1", host).status;
    assert_eq!(ask("evil.example"), 421);
    let port = server.addr().port();
    assert_eq!(ask(&format!("evil.example:{port}")), 421);
    assert_eq!(ask(&format!("localhost:{port}")), 200);
    assert_eq!(ask(&format!("127.0.0.1:{port}")), 200);
}
