//! The state the rebuild loop shares with the preview server: which build is current,
//! whether the last rebuild failed, and the channel that tells open pages about it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

/// Something open pages are told about, over the server-sent events endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LiveEvent {
    /// Sent first on every connection: the build the server is serving now. A page
    /// rendered from another build reloads itself.
    Hello {
        /// The current build's id.
        build: String,
    },
    /// A rebuild finished and the new site is in place: reload.
    Reload {
        /// The new build's id.
        build: String,
    },
    /// A rebuild changed only stylesheets: swap them without reloading.
    Css {
        /// The new build's id.
        build: String,
        /// The changed stylesheets, as URL paths (`/style.css`).
        files: Vec<String>,
    },
    /// A rebuild failed; the last good site is still served. The text is the
    /// diagnostics as printed in the terminal.
    Error {
        /// The rendered diagnostics.
        text: String,
    },
}

impl LiveEvent {
    /// The SSE event name (`event:` field).
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Hello { .. } => "hello",
            LiveEvent::Reload { .. } => "reload",
            LiveEvent::Css { .. } => "css",
            LiveEvent::Error { .. } => "error",
        }
    }

    /// The SSE data field: a small JSON object, so newlines in diagnostics travel safely.
    pub fn data(&self) -> String {
        let value = match self {
            LiveEvent::Hello { build } | LiveEvent::Reload { build } => {
                serde_json::json!({ "build": build })
            }
            LiveEvent::Css { build, files } => {
                serde_json::json!({ "build": build, "files": files })
            }
            LiveEvent::Error { text } => serde_json::json!({ "text": text }),
        };
        value.to_string()
    }
}

#[derive(Debug, Default)]
struct State {
    generation: u64,
    error: Option<String>,
}

/// Shared state of a preview: the site folder, the current build and error, and the
/// broadcast channel to open pages. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Live {
    site: PathBuf,
    nonce: u64,
    state: Mutex<State>,
    events: broadcast::Sender<LiveEvent>,
}

impl Live {
    /// State for serving the site folder `site` (which may not exist yet).
    pub fn new(site: impl Into<PathBuf>) -> Self {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Live {
            site: site.into(),
            nonce,
            state: Mutex::new(State::default()),
            events: broadcast::channel(64).0,
        }
    }

    /// The folder served (resolved again on every request: a rebuild swaps it).
    pub fn site_dir(&self) -> &Path {
        &self.site
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn id(&self, generation: u64) -> String {
        format!("{:x}-{generation}", self.nonce)
    }

    /// The id of the build being served; it changes with every successful rebuild and
    /// differs between two runs of the server.
    pub fn build_id(&self) -> String {
        self.id(self.lock().generation)
    }

    /// The diagnostics of the last rebuild if it failed.
    pub fn error(&self) -> Option<String> {
        self.lock().error.clone()
    }

    /// Records a successful rebuild that has been swapped in, and tells open pages to
    /// reload.
    pub fn rebuilt(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.error = None;
        let build = self.id(state.generation);
        let _ = self.events.send(LiveEvent::Reload { build });
    }

    /// Records a successful rebuild that changed only the stylesheets `files` (URL
    /// paths). Pages swap them in place, unless they show a failed build's overlay, in
    /// which case they reload.
    pub fn restyled(&self, files: Vec<String>) {
        let mut state = self.lock();
        state.generation += 1;
        let build = self.id(state.generation);
        let event = if state.error.take().is_some() {
            LiveEvent::Reload { build }
        } else {
            LiveEvent::Css { build, files }
        };
        let _ = self.events.send(event);
    }

    /// Records a failed rebuild (the last good site stays in place) and shows its
    /// diagnostics on open pages.
    pub fn failed(&self, text: String) {
        let mut state = self.lock();
        state.error = Some(text.clone());
        let _ = self.events.send(LiveEvent::Error { text });
    }

    /// Subscribes to the events, with the events a new connection starts with
    /// (`hello`, and `error` while the last rebuild failed). Taken together, so that
    /// nothing is missed or seen twice.
    pub fn subscribe(&self) -> (Vec<LiveEvent>, broadcast::Receiver<LiveEvent>) {
        let state = self.lock();
        let receiver = self.events.subscribe();
        let mut first = vec![LiveEvent::Hello {
            build: self.id(state.generation),
        }];
        if let Some(text) = &state.error {
            first.push(LiveEvent::Error { text: text.clone() });
        }
        (first, receiver)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_follow_the_builds() {
        let live = Live::new("public");
        let (first, mut rx) = live.subscribe();
        assert_eq!(
            first,
            [LiveEvent::Hello {
                build: live.build_id()
            }]
        );
        live.failed("error[x]: broken".into());
        assert_eq!(live.error().as_deref(), Some("error[x]: broken"));
        let (first, _) = live.subscribe();
        assert_eq!(first.len(), 2, "a new page learns about the error");
        live.restyled(vec!["/style.css".into()]);
        live.restyled(vec!["/style.css".into()]);
        live.rebuilt();
        let names: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok())
            .map(|e| e.name())
            .collect();
        assert_eq!(names, ["error", "reload", "css", "reload"]);
        assert!(live.build_id().ends_with("-3"));
        assert_eq!(live.error(), None);
    }

    #[test]
    fn data_is_json() {
        let e = LiveEvent::Error {
            text: "line 1\nline 2 <b>".into(),
        };
        assert_eq!(e.data(), r#"{"text":"line 1\nline 2 <b>"}"#);
    }
}
