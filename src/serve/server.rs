//! The preview server: the files of the output folder, the live-reload client and the
//! server-sent events endpoint, on a background thread with its own small runtime.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;

use super::inject::{CLIENT_CSS, CLIENT_CSS_PATH, CLIENT_JS, CLIENT_JS_PATH, EVENTS_PATH};
use super::signals::Interrupts;
use super::{Live, ServeError, files, sse};

/// A running preview server. Stops when [`Server::stop`] is called or it is dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    handle: Handle,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on `addr` (port 0 picks a free port) and serves the site of `live` on a
    /// background thread. Fails at once if the address cannot be bound.
    pub fn start(addr: SocketAddr, live: Arc<Live>) -> Result<Server, ServeError> {
        let listener = bind(addr)?;
        let local = listener.local_addr().map_err(ServeError::Start)?;
        let runtime = Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(ServeError::Start)?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(ServeError::Start)?
        };
        let handle = runtime.handle().clone();
        let (shutdown, stopped) = oneshot::channel::<()>();
        // On a loopback address, answer only requests addressed to a loopback name: a web
        // page elsewhere could otherwise point its own host name at 127.0.0.1 (DNS
        // rebinding) and read the preview.
        let app = match addr.ip().is_loopback() {
            true => router(live).layer(middleware::from_fn(loopback_host_only)),
            false => router(live),
        };
        let thread = std::thread::Builder::new()
            .name("brief-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        result = axum::serve(listener, app).into_future() => {
                            if let Err(e) = result {
                                crate::say!("error: the preview server stopped: {e}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
                runtime.shutdown_background();
            })
            .map_err(ServeError::Start)?;
        Ok(Server {
            addr: local,
            handle,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site's home page, as a person would type it.
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{addr}/")
    }

    /// Calls `f` when the process is first interrupted (Ctrl-C, or SIGTERM on Unix); a
    /// second interruption exits at once (status 130), in case stopping hangs. The
    /// handlers are in place when this returns.
    pub fn on_interrupt(&self, f: impl FnOnce() + Send + 'static) {
        let mut interrupts = {
            let _context = self.handle.enter();
            Interrupts::listen()
        };
        self.handle.spawn(async move {
            interrupts.next().await;
            f();
            interrupts.next().await;
            std::process::exit(130);
        });
    }

    /// Stops serving and waits for the server's thread to end.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

/// Binds `addr`, naming the usual problem (the port is taken) clearly.
fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    let listener = TcpListener::bind(addr).map_err(|source| match source.kind() {
        io::ErrorKind::AddrInUse => ServeError::PortInUse { addr },
        _ => ServeError::Bind { addr, source },
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|source| ServeError::Bind { addr, source })?;
    Ok(listener)
}

/// The routes: the client, its events, and every other path from the output folder.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(sse::events))
        .route(CLIENT_JS_PATH, get(client_js))
        .route(CLIENT_CSS_PATH, get(client_css))
        .with_state(live.clone())
        .fallback_service(get(files::serve).with_state(live))
        .layer(middleware::map_response(no_store))
}

/// Refuses a request whose `Host` header does not name a loopback address (`localhost`,
/// `*.localhost`, `127.0.0.1`, `[::1]`); a request without one (HTTP/1.0) is served.
async fn loopback_host_only(request: axum::extract::Request, next: middleware::Next) -> Response {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    match host {
        Some(host) if !is_loopback_host(host) => (
            StatusCode::MISDIRECTED_REQUEST,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "brief's preview only answers requests for localhost or a loopback address.\n",
        )
            .into_response(),
        _ => next.run(request).await,
    }
}

/// Whether a `Host` header value (name or address, maybe with a port) is loopback.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(v6, |(addr, _)| addr),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Every response: never cached (a preview changes all the time), never sniffed.
async fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn client_js() -> Response {
    asset("text/javascript; charset=utf-8", CLIENT_JS)
}

async fn client_css() -> Response {
    asset("text/css; charset=utf-8", CLIENT_CSS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        StatusCode::OK,
        [(CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_names_and_addresses_pass() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "preview.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.1:1111",
            "[::2]:1111",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
