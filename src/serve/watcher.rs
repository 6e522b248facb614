//! Watching a site's sources: the root folder (not recursively: for `site.toml` and for
//! the watched folders appearing or disappearing) and each of `content/`, `themes/`,
//! `templates/` and `static/` recursively. Never the whole root recursively, which may
//! hold large folders (`target/`, `node_modules/`, the output) that would use up the
//! system's watches.
//!
//! File system events come from the platform (inotify, FSEvents, ...) through a
//! debouncer. Where that is impossible (the watch limit is exhausted) or unreliable
//! (network file systems, WSL), polling once a second takes over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use super::ServeError;
use super::filter::WATCHED_FOLDERS;

/// How long the debouncer waits for more events on a path before passing them on.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for events that are due.
const TICK: Duration = Duration::from_millis(5);
/// How often the polling watcher scans the site.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What the watcher sends to the rebuild loop.
#[derive(Debug)]
pub enum Message {
    /// A debounced batch of file system events, or errors.
    Files(DebounceEventResult),
    /// Stop watching and return (Ctrl-C).
    Stop,
}

/// How changes are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The platform's file system events.
    Native,
    /// Scanning the files once a second.
    Poll,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match self {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
    }
}

/// Watches a site's sources and sends [`Message::Files`] batches down a channel.
pub struct SiteWatcher {
    inner: Inner,
    root: PathBuf,
    watched: BTreeSet<&'static str>,
    sender: Sender<Message>,
}

impl std::fmt::Debug for SiteWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteWatcher")
            .field("root", &self.root)
            .field("mode", &self.mode())
            .field("watched", &self.watched)
            .finish()
    }
}

impl SiteWatcher {
    /// Starts watching the site at `root` (an absolute path), with the platform's events
    /// unless `poll` is set or they cannot be had, in which case it says so on stderr
    /// and polls.
    pub fn start(root: &Path, poll: bool, sender: Sender<Message>) -> Result<Self, ServeError> {
        if !poll {
            match Self::with(root, Mode::Native, sender.clone()) {
                Ok(watcher) => return Ok(watcher),
                Err(e) => crate::say!(
                    "warning: cannot watch for file system events ({e}); \
                     checking for changes every second instead"
                ),
            }
        }
        Self::with(root, Mode::Poll, sender).map_err(|e| ServeError::Watch {
            path: root.to_path_buf(),
            message: e.to_string(),
        })
    }

    fn with(root: &Path, mode: Mode, sender: Sender<Message>) -> notify::Result<Self> {
        let inner = debouncer(mode, sender.clone())?;
        let mut watcher = SiteWatcher {
            inner,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            sender,
        };
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        for name in WATCHED_FOLDERS {
            watcher.watch_folder(name)?;
        }
        Ok(watcher)
    }

    /// How changes are noticed now.
    pub fn mode(&self) -> Mode {
        match self.inner {
            Inner::Native(_) => Mode::Native,
            Inner::Poll(_) => Mode::Poll,
        }
    }

    fn watch_folder(&mut self, name: &'static str) -> notify::Result<()> {
        let path = self.root.join(name);
        self.inner.unwatch(&path);
        self.watched.remove(name);
        if path.is_dir() {
            self.inner.watch(&path, RecursiveMode::Recursive)?;
            self.watched.insert(name);
        }
        Ok(())
    }

    /// Follows the watched folders after a batch of changes: starts watching the ones
    /// that appeared, and watches again the ones that were replaced (an event on the
    /// folder itself). Changes to `changed` paths only; cheap.
    pub fn refresh(&mut self, changed: &[PathBuf]) {
        for name in WATCHED_FOLDERS {
            let path = self.root.join(name);
            let touched = changed.contains(&path);
            if touched || self.watched.contains(name) != path.is_dir() {
                if let Err(e) = self.watch_folder(name) {
                    self.watch_failed(&e);
                    return;
                }
            }
        }
    }

    /// Handles a watcher error: when the platform ran out of watches, switches to
    /// polling; anything else is reported.
    pub fn watch_failed(&mut self, error: &notify::Error) {
        let exhausted = matches!(error.kind, notify::ErrorKind::MaxFilesWatch);
        if exhausted && self.mode() == Mode::Native {
            crate::say!(
                "warning: the system's limit of watched folders is exhausted \
                 (see fs.inotify.max_user_watches); checking for changes every second instead"
            );
            match Self::with(&self.root, Mode::Poll, self.sender.clone()) {
                Ok(polling) => *self = polling,
                Err(e) => crate::say!("warning: cannot watch for changes: {e}"),
            }
        } else {
            crate::say!("warning: watching for changes: {error}");
        }
    }
}

fn debouncer(mode: Mode, sender: Sender<Message>) -> notify::Result<Inner> {
    let handler = move |result: DebounceEventResult| {
        let _ = sender.send(Message::Files(result));
    };
    Ok(match mode {
        Mode::Native => Inner::Native(new_debouncer_opt(
            DEBOUNCE,
            Some(TICK),
            handler,
            RecommendedCache::new(),
            notify::Config::default(),
        )?),
        Mode::Poll => Inner::Poll(new_debouncer_opt(
            DEBOUNCE,
            Some(TICK),
            handler,
            NoCache,
            // Modification times are compared in whole seconds: without comparing
            // contents, a second save within the same second would go unnoticed.
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true),
        )?),
    })
}
