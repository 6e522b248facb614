//! `brief watch`: build, serve, then rebuild after every burst of changes until
//! interrupted.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use super::filter::{Filter, absolute};
use super::rebuild::Rebuilder;
use super::watcher::{Message, SiteWatcher};
use super::{Live, ServeError, Server};
use crate::build::BuildOptions;

/// A burst of changes ends when no change has come for this long; then one rebuild runs.
pub const QUIET: Duration = Duration::from_millis(15);

/// The port `brief watch` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// What `brief watch` does.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WatchOptions {
    /// The site and where it is built to.
    pub build: BuildOptions,
    /// Where to listen (default 127.0.0.1:1111; port 0 picks a free port).
    pub addr: SocketAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll for changes instead of using the platform's file system events.
    pub poll: bool,
    /// Print only problems, not a line per rebuild.
    pub quiet: bool,
}

impl WatchOptions {
    /// Watching the site that `build` describes, on 127.0.0.1:1111.
    pub fn new(build: BuildOptions) -> Self {
        WatchOptions {
            build,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_PORT)),
            open: false,
            poll: false,
            quiet: false,
        }
    }
}

/// Runs `brief watch` until Ctrl-C (or SIGTERM): binds the address, builds, prints the
/// URL on stdout, then rebuilds after every burst of changes. Problems in the site's
/// content never stop it; they are shown in the terminal and on every open page.
pub fn watch(options: &WatchOptions) -> Result<(), ServeError> {
    let root = absolute(&options.build.root);
    let output = absolute(&options.build.output_dir());
    let mut build = options.build.clone();
    build.root = root.clone();
    build.output = Some(output.clone());
    build.write = true;

    let live = Arc::new(Live::new(output.clone()));
    let server = Server::start(options.addr, live.clone())?;
    warn_if_exposed(server.addr());
    let rebuilder = Rebuilder::new(build, root.clone(), live, options.quiet);
    // Watching starts before the first build, so that no change goes unseen: rebuilds
    // read only the files the watcher names.
    let (sender, receiver) = channel();
    let mut watcher = SiteWatcher::start(&root, options.poll, sender.clone())?;
    rebuilder.first()?;
    if options.poll {
        crate::say!("checking for changes every second (--poll)");
    }
    let stop = sender.clone();
    server.on_interrupt(move || {
        let _ = stop.send(Message::Stop);
    });
    drop(sender);
    crate::say_out!(
        "serving {} at {} (press Ctrl-C to stop)",
        output.display(),
        server.url()
    );
    if options.open {
        open_browser(&server.url());
    }
    run(
        &receiver,
        &mut watcher,
        &rebuilder,
        &Filter::new(&root, &output),
    );
    drop(watcher);
    server.stop();
    crate::say!("stopped");
    Ok(())
}

/// The rebuild loop: one rebuild per burst of relevant changes, until told to stop.
fn run(
    receiver: &Receiver<Message>,
    watcher: &mut SiteWatcher,
    rebuilder: &Rebuilder,
    filter: &Filter,
) {
    while let Some(burst) = next_burst(receiver, watcher, filter) {
        let touched: Vec<PathBuf> = burst.touched.into_iter().collect();
        watcher.refresh(&touched);
        if burst.rescan || !burst.relevant.is_empty() {
            let relevant: Vec<PathBuf> = burst.relevant.into_iter().collect();
            rebuilder.rebuild(&relevant, burst.rescan);
        }
    }
}

/// The paths of a burst of events.
#[derive(Debug, Default)]
struct Burst {
    /// Every path that changed (for following the watched folders).
    touched: BTreeSet<PathBuf>,
    /// The changed paths that are sources of the site.
    relevant: BTreeSet<PathBuf>,
    /// The watcher lost events (or failed): rebuild whatever they were, looking at
    /// every file.
    rescan: bool,
}

impl Burst {
    fn add(&mut self, event: &notify::Event, filter: &Filter) {
        if event.need_rescan() {
            self.rescan = true;
        }
        if !filter.is_relevant_event(event) {
            return;
        }
        for path in &event.paths {
            if filter.is_relevant(path) {
                self.relevant.insert(path.clone());
            }
            self.touched.insert(path.clone());
        }
    }
}

/// Waits for a batch of events, then keeps collecting until changes stop for [`QUIET`].
/// `None` when told to stop.
fn next_burst(
    receiver: &Receiver<Message>,
    watcher: &mut SiteWatcher,
    filter: &Filter,
) -> Option<Burst> {
    let mut burst = Burst::default();
    let mut message = receiver.recv().ok()?;
    loop {
        match message {
            Message::Stop => return None,
            Message::Files(Ok(events)) => {
                for event in &events {
                    burst.add(&event.event, filter);
                }
            }
            Message::Files(Err(errors)) => {
                for error in &errors {
                    watcher.watch_failed(error);
                }
                burst.rescan = true;
            }
        }
        message = match receiver.recv_timeout(QUIET) {
            Ok(next) => next,
            Err(RecvTimeoutError::Timeout) => return Some(burst),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
    }
}

/// Warns when the preview is reachable from other machines.
fn warn_if_exposed(addr: SocketAddr) {
    if !addr.ip().is_loopback() {
        crate::say!(
            "warning: listening on {}, which other machines may reach; the preview has no \
             access control (use --bind 127.0.0.1 to keep it on this machine)",
            addr.ip()
        );
    }
}

/// Opens `url` in the default browser, or says why not.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        crate::say!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
