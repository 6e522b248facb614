//! A tiny blocking HTTP/1.x client for the preview server tests: raw requests (so that
//! paths like `/../x` reach the server exactly as written) and a server-sent events reader.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long any wait in these tests may take before it counts as a failure.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET <target>` exactly as given.
pub fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, &format!("GET {target} HTTP/1.1"))
}

/// Sends a request line (plus Host and Connection: close) and reads the whole reply.
pub fn request(addr: SocketAddr, line: &str) -> Reply {
    request_to_host(addr, line, &addr.to_string())
}

/// [`request`] with the given Host header.
pub fn request_to_host(addr: SocketAddr, line: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect to the preview server");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    write!(
        stream,
        "{line}\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")),
        "this client does not decode chunked bodies"
    );
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A connection to the server-sent events endpoint.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Connects to `/__brief/events` (HTTP/1.0, so the stream is not chunked).
    pub fn connect(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect to the events endpoint");
        stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        write!(
            stream,
            "GET /__brief/events HTTP/1.0\r\nHost: {addr}\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(
            status.contains(" 200 "),
            "events endpoint answered {status:?}"
        );
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            if line.trim().is_empty() {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-type:") {
                assert!(lower.contains("text/event-stream"), "{line}");
            }
        }
        Events { reader }
    }

    /// The next event (name, data), or `None` once [`TIMEOUT`] has passed or the stream
    /// ended.
    pub fn next(&mut self, deadline: Instant) -> Option<(String, String)> {
        let (mut name, mut data) = (String::from("message"), String::new());
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let stream = self.reader.get_ref();
            stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .ok()?;
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return Some((name, data));
                }
                continue;
            }
            if let Some(value) = line.strip_prefix("event:") {
                name = value.trim_start().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value.strip_prefix(' ').unwrap_or(value));
            }
        }
    }

    /// Waits (up to [`TIMEOUT`]) for an event named `name` and returns its data,
    /// skipping others. Panics with the events seen if none comes.
    pub fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = Vec::new();
        while let Some((event, data)) = self.next(deadline) {
            if event == name {
                return data;
            }
            seen.push(event);
        }
        panic!("no `{name}` event within {TIMEOUT:?}; saw {seen:?}");
    }
}

/// Calls `check` until it returns `Some`, for up to [`TIMEOUT`].
pub fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
