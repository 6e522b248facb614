//! A running `brief watch` for the integration tests (shared by tests/watch.rs and
//! tests/watch_stress.rs): started on a free port, its output collected, killed when
//! dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the first build may take before the server prints its address.
const STARTUP: Duration = Duration::from_secs(60);

/// How long [`Watch::wait_stderr`] waits.
const WAIT: Duration = Duration::from_secs(10);

/// A running `brief watch`, killed when dropped.
pub struct Watch {
    pub child: Child,
    /// Where it serves.
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    _stdout: Receiver<String>,
}

impl Watch {
    /// Starts `brief watch --root <root> --port 0 <extra>` and waits for its address.
    pub fn start(root: &Path, extra: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("watch")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run brief watch");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                if let Ok(mut text) = sink.lock() {
                    text.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        let (tx, rx) = channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let line = rx.recv_timeout(STARTUP).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("brief watch printed no URL; stderr:\n{}", text(&stderr))
        });
        let addr = parse_url(&line);
        Watch {
            child,
            addr,
            stderr,
            _stdout: rx,
        }
    }

    /// Everything it printed on standard error so far.
    pub fn stderr(&self) -> String {
        text(&self.stderr)
    }

    /// Waits (up to 10 s) until standard error contains `needle`, and returns it all:
    /// the pipe is read on another thread, so it may lag behind the events.
    pub fn wait_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let err = self.stderr();
            if err.contains(needle) {
                return err;
            }
            assert!(Instant::now() < deadline, "no {needle:?} on stderr:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn text(shared: &Arc<Mutex<String>>) -> String {
    shared.lock().map(|t| t.clone()).unwrap_or_default()
}

/// The address in `serving … at http://127.0.0.1:PORT/ …`.
pub fn parse_url(line: &str) -> SocketAddr {
    let start = line
        .find("http://")
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let rest = &line[start + "http://".len()..];
    let end = rest.find('/').unwrap_or(rest.len());
    rest[..end]
        .parse()
        .unwrap_or_else(|_| panic!("bad address in {line:?}"))
}
