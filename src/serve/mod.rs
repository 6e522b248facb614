//! The `serve` stage: `brief watch`. Builds the site, serves the output folder over HTTP
//! on the loopback address, watches the site's sources, rebuilds after every burst of
//! changes and tells every open page to reload once the new site is in place.
//!
//! - [`server`]: the HTTP layer (files of the output folder, the live-reload client and
//!   its server-sent events), usable on its own with [`Server::start`];
//! - [`live`]: the state the rebuild loop shares with the server;
//! - [`filter`] and [`watcher`]: which file changes count, and watching for them
//!   (native events, or polling where those are unreliable);
//! - [`session`]: `brief watch` itself, tying these together with the build.
//!
//! The output folder is replaced by an atomic swap on every build, so the server never
//! sees a half-written site; it resolves the folder's path again on every request and
//! never holds a handle to it.

mod files;
pub mod filter;
pub mod inject;
pub mod live;
pub mod mime;
pub mod paths;
mod rebuild;
pub mod server;
pub mod session;
mod signals;
mod snapshot;
mod sse;
pub mod watcher;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

pub use live::{Live, LiveEvent};
pub use server::Server;
pub use session::{WatchOptions, watch};

use crate::build::BuildError;

/// Why `brief watch` could not start or stopped with an error (exit status 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// Another program listens on the address already.
    #[error(
        "cannot listen on {addr}: the port is in use\n  \
         help: stop the program that uses it, or pick another port with --port \
         (--port 0 picks a free one)"
    )]
    PortInUse {
        /// The address that was asked for.
        addr: SocketAddr,
    },
    /// The address could not be bound for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// Why it failed.
        #[source]
        source: io::Error,
    },
    /// The server's runtime or thread could not be started.
    #[error("cannot start the preview server: {0}")]
    Start(#[source] io::Error),
    /// Neither file system events nor polling could watch the site.
    #[error("cannot watch `{}` for changes: {message}", path.display())]
    Watch {
        /// The folder that was to be watched.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The first build failed in a way that no edit of the content fixes (no
    /// site.toml, an output folder brief did not make, ...).
    #[error(transparent)]
    Build(#[from] BuildError),
}
