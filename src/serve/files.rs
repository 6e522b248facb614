//! Serving the files of the output folder: content types, folders' `index.html`, the
//! site's `404.html`, the live-reload client added to HTML, and the placeholder page
//! while there is no site yet.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::Live;
use super::inject::{inject, placeholder, snippet};
use super::mime::{content_type, is_html};
use super::paths::{Resolved, resolve};

/// What a request path leads to, once looked up on disk.
enum Reply {
    File { path: PathBuf, bytes: Vec<u8> },
    Redirect(String),
    NotFound(Option<Vec<u8>>),
    Forbidden,
    NoSite,
}

/// Serves a GET or HEAD request for any path outside `/__brief/`.
pub(super) async fn serve(State(live): State<Arc<Live>>, uri: Uri) -> Response {
    // Read before the file, so a page is never tagged newer than its content.
    let build = live.build_id();
    let error = live.error();
    let site = live.site_dir().to_path_buf();
    let path = uri.path().to_owned();
    let Ok(reply) = tokio::task::spawn_blocking(move || look_up(&site, &path)).await else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        );
    };
    let page = |bytes: &[u8]| inject(bytes, &snippet(&build, error.as_deref()));
    match reply {
        Reply::File { path, bytes } => {
            let kind = content_type(&path);
            let body = if is_html(kind) { page(&bytes) } else { bytes };
            typed(StatusCode::OK, kind, body)
        }
        Reply::Redirect(location) => redirect(&location, uri.query()),
        Reply::NotFound(Some(bytes)) => typed(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            page(&bytes),
        ),
        Reply::NotFound(None) => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
        Reply::Forbidden => plain(StatusCode::FORBIDDEN, "403 Forbidden\n"),
        Reply::NoSite => typed(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            placeholder(&build, error.as_deref()),
        ),
    }
}

/// Looks `path` up in the site folder (blocking file system calls).
fn look_up(site: &Path, path: &str) -> Reply {
    if !site.is_dir() {
        return Reply::NoSite;
    }
    match resolve(site, path) {
        Resolved::File(file) => match fs::read(&file) {
            Ok(bytes) => Reply::File { path: file, bytes },
            Err(_) => Reply::NotFound(not_found_page(site)),
        },
        Resolved::AddSlash(location) => Reply::Redirect(location),
        Resolved::NotFound => Reply::NotFound(not_found_page(site)),
        Resolved::Forbidden => Reply::Forbidden,
    }
}

/// The site's own `404.html`, if it has one.
fn not_found_page(site: &Path) -> Option<Vec<u8>> {
    match resolve(site, "/404.html") {
        Resolved::File(file) => fs::read(file).ok(),
        _ => None,
    }
}

fn typed(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static(kind))],
        body,
    )
        .into_response()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

/// A temporary redirect (a folder may become a file later), keeping the query.
fn redirect(location: &str, query: Option<&str>) -> Response {
    let target = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_owned(),
    };
    match HeaderValue::from_str(&target) {
        Ok(value) => (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, value)]).into_response(),
        Err(_) => plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    }
}
